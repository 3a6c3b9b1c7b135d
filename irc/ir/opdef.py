"""Declaring ops: the base class of registered ops and its operand/result specs.

An op is a small class:

    class CastOp(Op):
        '''Summary.  %1 = "builtin.unrealized_conversion_cast"(%0) : (i32) -> f32'''
        name = "builtin.unrealized_conversion_cast"
        operand_defs = (Variadic("inputs"),)
        result_defs = (Variadic("outputs"),)
        traits = frozenset({Pure})

The verifier checks counts and type constraints against these declarations, then calls
the op's own `verify()`, which raises `VerifyError` with a message. Ops whose text needs
a custom form implement `parse_custom` (a classmethod) and `print_custom`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from irc.ir.attributes import Attribute
from irc.ir.core import Operation, Value
from irc.ir.traits import AttrSizedOperandSegments, Commutative, Pure
from irc.ir.types import Type


class VerifyError(Exception):
    """Raised by an op's `verify()`; the verifier turns it into a located diagnostic.

    The message is prefixed `'op.name' op ` as MLIR's emitOpError does, unless
    `op_prefix` is False (MLIR's plain emitError, as in `branch has 1 operands for
    successor #0, ...`). `notes` are (message, location or None for the op's) pairs."""

    def __init__(self, message: str, notes=(), op_prefix: bool = True) -> None:
        super().__init__(message)
        self.notes = tuple(notes)
        self.op_prefix = op_prefix


def any_type(t: Type) -> bool:
    return True


@dataclass(frozen=True)
class Arg:
    """One declared operand or result: exactly one value satisfying `constraint`."""

    name: str
    constraint: Callable[[Type], bool] = any_type
    description: str = "any type"

    min_count: ClassVar[int] = 1
    max_count: ClassVar[int | None] = 1  # a class constant: Variadic's None must survive __init__


class Optional(Arg):
    """Zero or one value."""

    min_count = 0
    max_count = 1


class Variadic(Arg):
    """Any number of values."""

    min_count = 0
    max_count = None


class AttrKind:
    """What an inherent attribute may hold, and how the custom form spells it bare.

    The default accepts any attribute and spells it as the generic attribute syntax;
    dialects subclass it for enums (`slt`), flags (`<fast>`) and the like."""

    description = "any attribute"

    def check(self, attr: Attribute) -> bool:
        return True

    def parse(self, parser) -> Attribute:
        return parser.parse_attribute()

    def text(self, attr: Attribute, printer) -> str:
        return printer.attr(attr)

    def parse_optional(self, parser) -> Attribute | None:
        """For the first element of an optional group: None when absent."""
        return None


ANY_ATTR = AttrKind()


@dataclass(frozen=True)
class Prop:
    """One inherent attribute (an MLIR property), printed `<{name = ...}>` generically.

    A property with a `default` is always present: the default is filled in when the op
    is built or parsed without it, as MLIR materializes defaulted properties."""

    name: str
    kind: AttrKind = ANY_ATTR
    default: Attribute | None = None
    optional: bool = False


class Op(Operation):
    """Base of registered ops. `operand_defs`/`result_defs` of None are not checked.

    `assembly_format` is MLIR's declarative format (see `irc.ir.asm_format`); it is
    compiled on first use. `type_links` name, for an operand or result whose type the
    format omits, the operand or result it shares its type with; `buildable_types` give
    the one type such a value can have (MLIR's buildable types: `i1` for a condition)."""

    __slots__ = ()

    name = ""
    operand_defs: tuple[Arg, ...] | None = None
    result_defs: tuple[Arg, ...] | None = None
    prop_defs: tuple[Prop, ...] = ()
    num_regions: int | None = 0
    num_successors: int | None = 0
    parent_ops: tuple[str, ...] = ()
    assembly_format: str | None = None
    type_links: dict[str, str] = {}
    buildable_types: dict[str, Type] = {}
    summary = ""
    example = ""
    """The IR example of a family base, for `declare` (`{name}` stands for the op name)."""
    memory_effects: tuple[str, ...] | None = None
    """What an op that is not Pure does to memory, as MLIR's MemoryEffects: a tuple of
    `irc.ir.effects` kinds ("read", "write", "allocate" its result, "free"); None when
    unknown (the op may do anything)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for prop in self.prop_defs:
            if prop.default is not None and prop.name not in self.properties:
                self.properties[prop.name] = prop.default

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if cls.assembly_format is not None and "parse_custom" not in cls.__dict__:
            cls.parse_custom = classmethod(_format_parse)
            cls.print_custom = _format_print

    def verify(self) -> None:
        """Op-specific rules beyond the declaration; raise VerifyError to report."""

    # -- named access to operands, results and properties ------------------------------------

    def operand_group(self, name: str) -> list:
        """The operands of the declared operand `name` (one, none or several)."""
        if AttrSizedOperandSegments in self.traits:
            return _sized_group(self, name)
        return _group(self.operand_defs, self.operands, name, self, "operand")

    def result_group(self, name: str) -> list:
        return _group(self.result_defs, self.results, name, self, "result")

    def prop(self, name: str) -> Attribute | None:
        return self.properties.get(name)

    @classmethod
    def infer_result_types(cls, operand_types: list[Type], properties: dict) -> list[Type]:
        """Result types when the custom form does not spell them; ops override this."""
        raise VerifyError(f"'{cls.name}' cannot infer its result types")

    def result_name_hints(self) -> list[str | None]:
        """Names the printer may give results (`%cst`, `%c0`), as MLIR's OpAsmOpInterface."""
        return []

    def fold(self, operands: list[Attribute | None]) -> list[Attribute | Value] | None:
        """Fold this op without building anything: MLIR's fold hook.

        `operands[i]` is the constant value (an Attribute) of operand i when a constant op
        defines it, else None. The answer is None when the op does not fold, else one entry
        per result: an Attribute (the result is that constant; the caller materializes it,
        see `materialize_constant` of the dialect's fold module) or an existing Value that
        replaces the result. An answer of the op's own results means it folded in place:
        the folder changed only this op (swapped operands, a new predicate), so there is
        nothing to replace and the op should be visited again. A folder never creates,
        erases or edits other ops.

        The op-specific rule is the row for the op's class in `FOLDERS` of
        `irc.dialects.<dialect>_folds`; when it does not fold (or folds in place) the
        traits fold as in MLIR: a Commutative op moves its constant operands last.
        An op class may override `fold` instead, calling `super().fold` for the traits."""
        folder = folder_for(type(self))
        results = folder(self, operands) if folder is not None else None
        if results is None or results == self.results:
            if Commutative in self.traits and _move_constants_last(self, operands):
                return list(self.results)
        return results


def declare(base: type[Op], name: str, summary: str, *traits) -> type[Op]:
    """A one-line op declaration: a subclass of the family `base`, named after the op
    (`nn.log_softmax` gives LogSoftmaxOp), documented by `summary` and the family's IR
    example (`base.example`, with `{name}` for the op name), with `traits` added to the
    family's."""
    mnemonic = name.split(".", 1)[1]
    class_name = "".join(p.capitalize() for p in mnemonic.split("_")) + "Op"
    doc = f"{summary}\n\n    {base.example.format(name=name)}\n    "
    module = sys._getframe(1).f_globals["__name__"]  # the dialect's module, not this one
    body = {"__slots__": (), "name": name, "__doc__": doc, "__module__": module}
    if traits:
        body["traits"] = base.traits | frozenset(traits)
    return type(class_name, (base,), body)


def _group(defs, values: list, name: str, op: Op, kind: str) -> list:
    """Split `values` among `defs`: at most one variadic group takes what remains."""
    if defs is None:
        raise KeyError(f"'{op.name}' declares no {kind}s")
    fixed = sum(d.min_count for d in defs if d.max_count is not None)
    spare = len(values) - fixed
    start = 0
    for definition in defs:
        if definition.max_count is None:
            count = spare
        elif definition.min_count == 0:
            count = 1 if spare > 0 else 0
            spare -= count
        else:
            count = 1
        if definition.name == name:
            return values[start : start + count]
        start += count
    raise KeyError(f"'{op.name}' has no {kind} named '{name}'")


SEGMENT_SIZES = "operandSegmentSizes"


def segment_sizes(op: Op) -> tuple[int, ...] | None:
    """The operand segment sizes of an AttrSizedOperandSegments op, None when the property
    is missing or malformed (the verifier reports it)."""
    attr = op.properties.get(SEGMENT_SIZES)
    values = getattr(attr, "values", None)
    if values is None or len(values) != len(op.operand_defs or ()):
        return None
    return values


def _sized_group(op: Op, name: str) -> list:
    sizes = segment_sizes(op)
    if sizes is None:
        return _group(op.operand_defs, op.operands, name, op, "operand")
    start = 0
    for definition, size in zip(op.operand_defs, sizes, strict=True):
        if definition.name == name:
            return op.operands[start : start + size]
        start += size
    raise KeyError(f"'{op.name}' has no operand named '{name}'")


def _format_parse(cls, parser):
    from irc.ir.asm_format import compiled_format

    return compiled_format(cls).parse(parser)


def _format_print(self, printer) -> None:
    from irc.ir.asm_format import compiled_format

    compiled_format(type(self)).print(self, printer)


# -- folding ----------------------------------------------------------------------------------

_FOLD_MODULES: dict[str, object] = {}


def fold_module(dialect: str):
    """`irc.dialects.<dialect>_folds`, imported on first use; None when the dialect has none."""
    if dialect not in _FOLD_MODULES:
        name = f"irc.dialects.{dialect}_folds"
        try:
            _FOLD_MODULES[dialect] = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            _FOLD_MODULES[dialect] = None
    return _FOLD_MODULES[dialect]


def folder_for(cls: type[Op]) -> Callable | None:
    """The folder of an op class: `folder(op, operands) -> results | None`, or None."""
    module = fold_module(cls.name.split(".", 1)[0])
    return module.FOLDERS.get(cls) if module is not None else None


def constant_operands(op: Operation) -> list[Attribute | None]:
    """The constant value of each operand of `op` (None where it is not a constant): a
    constant is the result of a Pure op without operands or regions that folds to an
    Attribute (MLIR's ConstantLike ops: arith.constant and the like)."""
    found: list[Attribute | None] = []
    for value in op.operands:
        owner = getattr(value, "op", None)
        attr = None
        if _constant_like(owner):
            folded = owner.fold([])
            if folded and isinstance(folded[0], Attribute):
                attr = folded[0]
        found.append(attr)
    return found


def _constant_like(op) -> bool:
    return (
        isinstance(op, Op)
        and Pure in op.traits
        and not op.operand_uses
        and not op.regions
        and len(op.results) == 1
    )


def _move_constants_last(op: Operation, operands: list[Attribute | None]) -> bool:
    """MLIR's Commutative fold: stable-partition the operands, constants last; True if moved."""
    values = op.operands
    if len(values) < 2:
        return False
    order = sorted(range(len(values)), key=lambda i: operands[i] is not None)
    if order == list(range(len(values))):
        return False
    op.set_operands([values[i] for i in order])
    return True
