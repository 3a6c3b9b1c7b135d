"""The dialect conversion framework, after MLIR's (mlir/Transforms/DialectConversion.h).

A conversion rewrites the ops under a root op until every op is legal for a
`ConversionTarget`:

    target = ConversionTarget()
    target.add_legal_dialect("cf", "arith")
    target.add_illegal_op(scf.ForOp, scf.IfOp)
    target.add_dynamically_legal_op(func.FuncOp, lambda op: converter.is_signature_legal(op))
    ok = apply_partial_conversion(module, target, PATTERNS, diagnostics)

Legality. An op is legal, illegal, or unknown. An op-specific rule wins over its dialect's;
a dynamic rule is a callback returning True (legal), False (illegal) or None (unknown);
`mark_unknown_op_dynamically_legal` gives a callback for ops that no rule names. A partial
conversion must legalize the illegal ops and leaves unknown ops it cannot convert in place;
a full conversion must legalize every op (builtin.module included, so mark it legal).
Ops that patterns create are legalized right away and must be legal or legalizable, in
both modes, as in MLIR: mark the dialects a lowering produces legal.

Patterns. A `ConversionPattern` names the op it rewrites (`root`: an op class, an op name,
or None for any op) and a `benefit`; `match_and_rewrite(op, operands, rewriter)` returns
True when it rewrote `op`. `operands` are the op's operands as already converted: the
values that replaced them, and, for a pattern with a type converter, values of the
converted types (materialized with builtin.unrealized_conversion_cast where needed).
`pattern(root, function)` makes a pattern of a plain function. Patterns are indexed by
root op; for each op they are tried by decreasing benefit, then in the order given.

THE CONTRACT (no rollback). MLIR records every change so that it can undo a pattern that
fails or whose new ops cannot be legalized. irc does not: a pattern must check everything
it needs first and then rewrite, and once it touched the IR it must succeed. All changes go
through the `ConversionRewriter` (create, replace_op, erase_op, split_block,
inline_region_before, modify_op_in_place, ...), which lets the driver catch the breaches
it can see: a pattern that changed the IR and then failed, a pattern that "succeeded"
without replacing, erasing or updating its op, ops it created that cannot be legalized.
Each is a located error naming the pattern, and the conversion fails. Replacements take
effect at once (MLIR defers them); where a replacement's type differs from the replaced
value's, uses that are not yet converted see a source materialization (a cast back to the
old type) and later patterns see the new value as their operand. Casts that end up unused
are erased at the end; a full conversion reports those that stay live, as MLIR does.
irc does not fold ops before trying patterns (MLIR does): run canonicalize first.

Diagnostics. When an op cannot be legalized the error names the op at its location —
"failed to legalize operation 'scf.for' that was explicitly marked illegal" — with one note
per pattern tried saying where it is defined and why it did not apply, or a note that no
pattern has the op as its root, and for an op a pattern created, which pattern made it.
Every failing op is reported, not only the first.
"""

from __future__ import annotations

import inspect
import os
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import ClassVar

from irc.ir.builder import Builder, InsertionPoint
from irc.ir.core import Block, BlockArgument, Operation, Region, Value
from irc.ir.diagnostics import Diagnostic, DiagnosticEngine, IRError
from irc.ir.location import Location
from irc.ir.types import Type

LEGAL, ILLEGAL, UNKNOWN = "legal", "illegal", "unknown"

OpKey = type[Operation] | str
LegalityCallback = Callable[[Operation], bool | None]


def op_key_name(key: OpKey) -> str:
    """The op name an op class or an op name stands for."""
    return key if isinstance(key, str) else key.name


# -- the conversion target ----------------------------------------------------------------------


@dataclass
class _Rule:
    action: str  # LEGAL, ILLEGAL or "dynamic"
    callback: LegalityCallback | None = None


class ConversionTarget:
    """Which ops a conversion must end with: legal, illegal or dynamically decided ops and
    dialects, as MLIR's ConversionTarget."""

    def __init__(self) -> None:
        self._ops: dict[str, _Rule] = {}
        self._dialects: dict[str, _Rule] = {}
        self._unknown: LegalityCallback | None = None
        self._recursive: dict[str, LegalityCallback | None] = {}

    # -- declaring -----------------------------------------------------------------------------

    def add_legal_op(self, *ops: OpKey) -> ConversionTarget:
        for key in ops:
            self._ops[op_key_name(key)] = _Rule(LEGAL)
        return self

    def add_illegal_op(self, *ops: OpKey) -> ConversionTarget:
        for key in ops:
            self._ops[op_key_name(key)] = _Rule(ILLEGAL)
        return self

    def add_dynamically_legal_op(
        self, ops: OpKey | Iterable[OpKey], callback: LegalityCallback
    ) -> ConversionTarget:
        """`callback(op)` decides: True legal, False illegal, None unknown."""
        for key in [ops] if isinstance(ops, (str, type)) else ops:
            self._ops[op_key_name(key)] = _Rule("dynamic", callback)
        return self

    def add_legal_dialect(self, *dialects: str) -> ConversionTarget:
        for name in dialects:
            self._dialects[name] = _Rule(LEGAL)
        return self

    def add_illegal_dialect(self, *dialects: str) -> ConversionTarget:
        for name in dialects:
            self._dialects[name] = _Rule(ILLEGAL)
        return self

    def add_dynamically_legal_dialect(
        self, dialects: str | Iterable[str], callback: LegalityCallback
    ) -> ConversionTarget:
        for name in [dialects] if isinstance(dialects, str) else dialects:
            self._dialects[name] = _Rule("dynamic", callback)
        return self

    def mark_unknown_op_dynamically_legal(self, callback: LegalityCallback) -> ConversionTarget:
        """Decide ops that no op or dialect rule names (MLIR's markUnknownOpDynamicallyLegal)."""
        self._unknown = callback
        return self

    def mark_op_recursively_legal(
        self, *ops: OpKey, callback: LegalityCallback | None = None
    ) -> ConversionTarget:
        """When one of `ops` is legal (and `callback`, if given, says so), the ops nested in
        it are legal too and are not visited."""
        for key in ops:
            self._recursive[op_key_name(key)] = callback
        return self

    # -- asking --------------------------------------------------------------------------------

    def _rule_for(self, op: Operation) -> _Rule | None:
        rule = self._ops.get(op.name)
        if rule is None:
            rule = self._dialects.get(op.dialect)
        if rule is None and self._unknown is not None:
            rule = _Rule("dynamic", self._unknown)
        return rule

    def legality(self, op: Operation) -> str:
        """LEGAL, ILLEGAL or UNKNOWN for this op as it is now."""
        rule = self._rule_for(op)
        if rule is None:
            return UNKNOWN
        if rule.action != "dynamic":
            return rule.action
        decided = rule.callback(op)
        if decided is None:
            return UNKNOWN
        return LEGAL if decided else ILLEGAL

    def is_legal(self, op: Operation) -> bool:
        return self.legality(op) == LEGAL

    def is_illegal(self, op: Operation) -> bool:
        """Explicitly illegal: marked illegal, or a dynamic rule that said False."""
        return self.legality(op) == ILLEGAL

    def is_recursively_legal(self, op: Operation) -> bool:
        if op.name not in self._recursive or not self.is_legal(op):
            return False
        callback = self._recursive[op.name]
        return callback is None or bool(callback(op))


# -- the type converter -------------------------------------------------------------------------

Conversion = Callable[[Type], "Type | Sequence[Type] | None | bool"]
SourceMaterialization = Callable[[Builder, Type, list[Value], Location], "Value | None"]
TargetMaterialization = Callable[[Builder, list[Type], list[Value], Location], "list | None"]


class TypeConverter:
    """Converts types, and builds the casts that bridge old and new types.

    `add_conversion(fn)`: `fn(type)` returns the converted type, a list of types (a 1:N
    conversion; [] drops the value), None when it does not handle the type (the next
    conversion is asked) or False when the type must not be converted. As in MLIR the
    conversion added last is asked first, so add the identity fallback first.

    Materializations build the bridging values: a source materialization turns converted
    values back into one value of the original type (for uses not converted yet), a target
    materialization turns values into the converted types (for a pattern's operands). The
    defaults build a builtin.unrealized_conversion_cast, which reconcile-unrealized-casts
    folds away once both sides are converted.
    """

    def __init__(self) -> None:
        self._conversions: list[Conversion] = []
        self._source: list[SourceMaterialization] = []
        self._target: list[TargetMaterialization] = []
        self._cache: dict[Type, tuple[Type, ...] | None] = {}

    def add_conversion(self, conversion: Conversion) -> Conversion:
        self._conversions.append(conversion)
        self._cache.clear()
        return conversion

    def add_source_materialization(self, fn: SourceMaterialization) -> SourceMaterialization:
        self._source.append(fn)
        return fn

    def add_target_materialization(self, fn: TargetMaterialization) -> TargetMaterialization:
        self._target.append(fn)
        return fn

    def convert_types(self, type: Type) -> list[Type] | None:
        """The types `type` converts to (one, several or none); None if it cannot."""
        if type not in self._cache:
            self._cache[type] = self._convert(type)
        found = self._cache[type]
        return None if found is None else list(found)

    def _convert(self, type: Type) -> tuple[Type, ...] | None:
        for conversion in reversed(self._conversions):
            result = conversion(type)
            if result is None:
                continue
            if result is False:
                return None
            if isinstance(result, Type):
                return (result,)
            return tuple(result)
        return None

    def convert_type(self, type: Type) -> Type | None:
        """The one type `type` converts to; None if it cannot or converts 1:N."""
        found = self.convert_types(type)
        return found[0] if found is not None and len(found) == 1 else None

    def is_legal(self, subject: Type | Operation | Iterable[Type]) -> bool:
        """Whether a type converts to itself; for an op, all its operand and result types."""
        if isinstance(subject, Operation):
            types = [v.type for v in subject.operands] + subject.result_types
        elif isinstance(subject, Type):
            types = [subject]
        else:
            types = list(subject)
        return all(self.convert_types(t) == [t] for t in types)

    def is_signature_legal(self, function_type) -> bool:
        return self.is_legal([*function_type.inputs, *function_type.results])

    def is_region_legal(self, region: Region) -> bool:
        return all(self.is_legal([a.type for a in b.args]) for b in region.blocks)

    def materialize_source(
        self, builder: Builder, type: Type, inputs: list[Value], loc: Location
    ) -> Value | None:
        for fn in reversed(self._source):
            value = fn(builder, type, inputs, loc)
            if value is not None:
                return value
        return unrealized_cast(builder, [type], inputs, loc)[0]

    def materialize_target(
        self, builder: Builder, types: list[Type], inputs: list[Value], loc: Location
    ) -> list[Value] | None:
        for fn in reversed(self._target):
            values = fn(builder, types, inputs, loc)
            if values is not None:
                return list(values)
        return unrealized_cast(builder, types, inputs, loc)


def unrealized_cast(
    builder: Builder, types: list[Type], inputs: list[Value], loc: Location
) -> list[Value]:
    from irc.dialects.builtin import UnrealizedConversionCastOp

    op = builder.create(UnrealizedConversionCastOp, inputs, types, location=loc)
    return list(op.results)


# -- patterns -----------------------------------------------------------------------------------


class Operands(list):
    """The converted operands of an op: a list (an entry is a list of values where a type
    converts 1:N), with `group(name)` for the operands of a declared operand group."""

    def __init__(self, op: Operation, values: Iterable) -> None:
        super().__init__(values)
        self.op = op

    def group(self, name: str) -> list:
        from irc.ir.opdef import _group, segment_sizes
        from irc.ir.traits import AttrSizedOperandSegments

        defs = getattr(self.op, "operand_defs", None)
        indices = list(range(len(self)))
        sizes = segment_sizes(self.op) if AttrSizedOperandSegments in self.op.traits else None
        if sizes is not None:
            start = 0
            for definition, size in zip(defs, sizes, strict=True):
                if definition.name == name:
                    return self[start : start + size]
                start += size
            raise KeyError(f"'{self.op.name}' has no operand named '{name}'")
        return [self[i] for i in _group(defs, indices, name, self.op, "operand")]


class ConversionPattern:
    """Rewrites one kind of op. Subclasses set `root` and implement `match_and_rewrite`.

    `bounded_recursion`: whether the pattern may be applied to ops it created itself
    (MLIR's hasBoundedRewriteRecursion); without it such an application is skipped."""

    root: ClassVar[OpKey | None] = None
    benefit: ClassVar[int] = 1
    bounded_recursion: ClassVar[bool] = False

    def __init__(self, type_converter: TypeConverter | None = None) -> None:
        self.type_converter = type_converter

    def match_and_rewrite(
        self, op: Operation, operands: Operands, rewriter: ConversionRewriter
    ) -> bool:
        raise NotImplementedError

    @property
    def root_name(self) -> str | None:
        return None if self.root is None else op_key_name(self.root)

    @property
    def label(self) -> str:
        return type(self).__name__

    def describe(self) -> str:
        return f"{self.label} ({self.source()})"

    def source(self) -> str:
        """`path:line` of the pattern's definition, for diagnostics."""
        try:
            _, line = inspect.getsourcelines(type(self))
            return _source_text(inspect.getsourcefile(type(self)), line)
        except (OSError, TypeError):
            return "<unknown>"


class FunctionPattern(ConversionPattern):
    """A pattern made of a function `fn(op, operands, rewriter) -> bool`."""

    def __init__(
        self,
        root: OpKey | None,
        function: Callable[[Operation, Operands, ConversionRewriter], bool],
        benefit: int = 1,
        type_converter: TypeConverter | None = None,
        label: str | None = None,
    ) -> None:
        super().__init__(type_converter)
        self.root = root
        self.benefit = benefit
        self.function = function
        self._label = label or function.__name__

    def match_and_rewrite(self, op, operands, rewriter) -> bool:
        return self.function(op, operands, rewriter)

    @property
    def label(self) -> str:
        return self._label

    def source(self) -> str:
        code = getattr(self.function, "__code__", None)
        if code is None:
            return "<unknown>"
        return _source_text(code.co_filename, code.co_firstlineno)


def pattern(
    root: OpKey | None,
    function: Callable[[Operation, Operands, ConversionRewriter], bool] | None = None,
    benefit: int = 1,
    type_converter: TypeConverter | None = None,
):
    """A conversion pattern from a plain function: `pattern(scf.ForOp, lower_for)`; without
    `function`, a decorator (`@pattern(scf.ForOp)`), as in irc.passes.rewrite."""
    if function is None:
        return lambda fn: FunctionPattern(root, fn, benefit, type_converter)
    return FunctionPattern(root, function, benefit, type_converter)


def _source_text(filename: str | None, line: int) -> str:
    if not filename:
        return "<unknown>"
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.abspath(filename)
    if path.startswith(root + os.sep):
        path = os.path.relpath(path, root)
    return f"{path}:{line}"


class _PatternIndex:
    """Patterns by root op name; each op's candidates by decreasing benefit, stable."""

    def __init__(self, patterns: Iterable[ConversionPattern]) -> None:
        self.patterns = list(patterns)
        self._by_root: dict[str | None, list[ConversionPattern]] = {}
        for candidate in self.patterns:
            self._by_root.setdefault(candidate.root_name, []).append(candidate)
        self._sorted: dict[str, list[ConversionPattern]] = {}

    def for_op(self, op: Operation) -> list[ConversionPattern]:
        found = self._sorted.get(op.name)
        if found is None:
            found = self._by_root.get(op.name, []) + self._by_root.get(None, [])
            order = {id(p): i for i, p in enumerate(self.patterns)}
            found.sort(key=lambda p: (-p.benefit, order[id(p)]))
            self._sorted[op.name] = found
        return found

    def roots(self) -> list[str]:
        return sorted(name for name in self._by_root if name is not None)


# -- the rewriter -------------------------------------------------------------------------------


class ConversionError(Exception):
    """A pattern used the rewriter in a way the conversion cannot honour; the driver turns it
    into a located error naming the pattern."""


class ConversionRewriter(Builder):
    """The only way patterns change the IR during a conversion (see the module contract).

    It builds at an insertion point (set before the op being converted when a pattern
    starts) with the op's location, and records what each pattern created and changed."""

    __slots__ = ("_driver", "created", "updated", "changes", "failure_reason")

    def __init__(self, driver: _Driver) -> None:
        super().__init__()
        self._driver = driver
        self.created: list[Operation] = []
        self.updated: list[Operation] = []
        self.changes = 0
        self.failure_reason: str | None = None

    # -- insertion points ----------------------------------------------------------------------

    def set_insertion_point_before(self, op: Operation) -> None:
        self.insertion_point = InsertionPoint.before(op)

    def set_insertion_point_after(self, op: Operation) -> None:
        self.insertion_point = InsertionPoint.after(op)

    def set_insertion_point_to_start(self, block: Block) -> None:
        self.insertion_point = InsertionPoint.at_start(block)

    def set_insertion_point_to_end(self, block: Block) -> None:
        self.insertion_point = InsertionPoint.at_end(block)

    set_insertion_point = set_insertion_point_before  # the name irc.passes.rewrite uses

    @property
    def insertion_block(self) -> Block:
        return self.insertion_point.block

    # -- creating ------------------------------------------------------------------------------

    def insert(self, op: Operation) -> Operation:
        if self.insertion_point is None:
            raise ConversionError(f"no insertion point to create '{op.name}' at")
        super().insert(op)
        self.created.append(op)
        self.changes += 1
        return op

    def create_block(
        self,
        region: Region,
        arg_types: Iterable[Type] = (),
        arg_locs: Iterable[Location] | None = None,
        before: Block | None = None,
    ) -> Block:
        self.changes += 1
        return super().create_block(region, arg_types, arg_locs, before)

    def notify_match_failure(self, op: Operation, reason: str) -> bool:
        """Say why the pattern does not apply (shown if the op cannot be legalized); returns
        False so a pattern can `return rewriter.notify_match_failure(op, "...")`."""
        self.failure_reason = reason
        return False

    fail = notify_match_failure  # the name irc.passes.rewrite uses

    # -- replacing and erasing -----------------------------------------------------------------

    def replace_op(self, op: Operation, values: Iterable | Operation) -> None:
        """Replace the results of `op` (a value each, or a list of values where a result is
        converted 1:N) and erase it."""
        replacements = list(values.results if isinstance(values, Operation) else values)
        if len(replacements) != len(op.results):
            raise ConversionError(
                f"cannot replace {len(op.results)} results of '{op.name}' with "
                f"{len(replacements)} values"
            )
        for old, new in zip(op.results, replacements, strict=True):
            self._replace_value(old, new)
        self._erase(op)

    def replace_op_with_new_op(self, op: Operation, op_class, *args, **kwargs) -> Operation:
        """Create an op (as `create` does) at the insertion point and replace `op` with it."""
        new = self.create(op_class, *args, **kwargs)
        self.replace_op(op, new.results)
        return new

    def replace_all_uses_with(self, old: Value, new: Value | list[Value]) -> None:
        self._replace_value(old, new)

    def _replace_value(self, old: Value, new: Value | list[Value]) -> None:
        self.changes += 1
        if isinstance(new, Value) and new.type is old.type:
            old.replace_all_uses_with(new)
            return
        news = [new] if isinstance(new, Value) else list(new)
        if old.uses:
            stand_in = self._driver.source_materialization(old.type, news, old.location)
            old.replace_all_uses_with(stand_in)

    def erase_op(self, op: Operation) -> None:
        """Erase an op whose results are no longer used."""
        for result in op.results:
            for use in result.uses:
                if not op.is_ancestor_of(use.owner):
                    raise ConversionError(
                        f"cannot erase '{op.name}': result #{result.index} is still used by "
                        f"'{use.owner.name}'"
                    )
        self._erase(op)

    def _erase(self, op: Operation) -> None:
        self.changes += 1
        for nested in op.walk():
            self._driver.erased.add(nested)
        for result in op.results:  # uses inside the op itself go with it
            for use in list(result.uses):
                use.drop()
        op.detach()
        op.drop_all_references()

    def erase_block(self, block: Block) -> None:
        """Erase a block (its ops first, last to first)."""
        for op in reversed(block.ops):
            self.erase_op(op)
        if block.parent is not None:
            block.parent.remove(block)
        self.changes += 1

    @contextmanager
    def modify_op_in_place(self, op: Operation) -> Iterator[Operation]:
        """Change `op` inside the `with` (operands, attributes, types); it is legalized again."""
        self.changes += 1
        yield op
        if op not in self.updated:
            self.updated.append(op)

    modifying = modify_op_in_place  # the name irc.passes.rewrite uses

    # -- moving blocks and regions ---------------------------------------------------------------

    def split_block(self, block: Block, before: Operation | None) -> Block:
        """Move `before` and the ops after it into a new block placed right after `block`
        (an empty new block when `before` is None); return the new block."""
        if before is not None and before.parent is not block:
            raise ConversionError(f"cannot split a block at '{before.name}': not in that block")
        self.changes += 1
        tail = Block()
        region = block.parent
        region.insert(region.blocks.index(block) + 1, tail)
        if before is None:
            return tail
        tail.first, tail.last = before, block.last
        block.last = before.prev
        if block.last is None:
            block.first = None
        else:
            block.last.next = None
        before.prev = None
        for op in tail:
            op.parent = tail
        tail.order_valid = False
        return tail

    def inline_region_before(self, region: Region, before: Block | Region) -> None:
        """Move every block of `region` before block `before` (or to the end of a region)."""
        self.changes += 1
        if isinstance(before, Region):
            dest, index = before, len(before.blocks)
        else:
            dest = before.parent
            index = dest.blocks.index(before)
        moved = list(region.blocks)
        region.blocks.clear()
        for offset, block in enumerate(moved):
            dest.insert(index + offset, block)

    def inline_block_before(
        self, source: Block, anchor: Operation, args: Sequence[Value] = ()
    ) -> None:
        """Move the ops of `source` before `anchor`, its arguments replaced by `args`, and
        remove the (now empty) block."""
        self._take_block(source, args)
        block = anchor.parent
        for op in source.ops:
            op.detach()
            block.insert_before(anchor, op)

    def merge_blocks(self, source: Block, dest: Block, args: Sequence[Value] = ()) -> None:
        """Append the ops of `source` to `dest`, its arguments replaced by `args`."""
        self._take_block(source, args)
        for op in source.ops:
            op.detach()
            dest.append(op)

    def _take_block(self, source: Block, args: Sequence[Value]) -> None:
        if len(args) != len(source.args):
            raise ConversionError(
                f"a block with {len(source.args)} arguments was given {len(args)} values"
            )
        self.changes += 1
        for arg, value in zip(source.args, args, strict=True):
            self._replace_value(arg, value)
        if source.parent is not None:
            source.parent.remove(source)

    # -- types ---------------------------------------------------------------------------------

    def convert_region_types(self, region: Region, converter: TypeConverter) -> bool:
        """Convert the argument types of every block of `region`; uses not yet converted see
        a cast back to the old type. False, with the IR untouched, if a type cannot convert."""
        plans = []
        for block in region.blocks:
            converted = [converter.convert_types(arg.type) for arg in block.args]
            if any(types is None for types in converted):
                return False
            plans.append((block, converted))
        for block, converted in plans:
            self.convert_block_signature(block, converted)
        return True

    def convert_block_signature(self, block: Block, new_types: list[list[Type]]) -> None:
        """Give `block` arguments of `new_types` (a list of types per old argument)."""
        if all(types == [arg.type] for arg, types in zip(block.args, new_types, strict=True)):
            return
        self.changes += 1
        anchor = block.first
        args: list[BlockArgument] = []
        for old, types in zip(list(block.args), new_types, strict=True):
            if types == [old.type]:
                args.append(old)
                continue
            fresh = [BlockArgument(t, block, 0, old.loc) for t in types]
            args.extend(fresh)
            if old.uses:
                stand_in = self._driver.source_materialization(
                    old.type, fresh, old.loc, (block, anchor)
                )
                old.replace_all_uses_with(stand_in)
        block.args = args
        for index, arg in enumerate(args):
            arg.index = index

    def remapped(self, value: Value) -> Value | list[Value]:
        """The value that replaced `value` (a list where it was converted 1:N), else itself."""
        found = self._driver.mapping.get(value)
        if found is None:
            return value
        return found[0] if len(found) == 1 else list(found)


# -- the driver ---------------------------------------------------------------------------------


@dataclass
class _Attempt:
    pattern: ConversionPattern | None
    reason: str


@dataclass
class _Failure:
    """An op that could not be legalized, and why."""

    op: Operation
    legality: str
    attempts: list[_Attempt]
    patterns_for_root: bool


class _Reported(Exception):
    """A failure already reported as a diagnostic; unwinds to the top-level op."""


@dataclass
class ConversionResult:
    """What a conversion did: `ok`, and (partial conversion) the ops of unknown legality it
    left unconverted. True when it succeeded."""

    ok: bool
    unconverted: list[Operation] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.ok


class _Driver:
    def __init__(
        self,
        target: ConversionTarget,
        patterns: Iterable[ConversionPattern],
        mode: str,
        diagnostics: DiagnosticEngine,
    ) -> None:
        self.target = target
        self.patterns = _PatternIndex(patterns)
        self.mode = mode
        self.diagnostics = diagnostics
        self.rewriter = ConversionRewriter(self)
        self.erased: set[Operation] = set()
        self.mapping: dict[Value, list[Value]] = {}
        self.materializations: list[Operation] = []
        self._target_cache: dict[tuple, list[Value]] = {}
        self.active: list[ConversionPattern] = []
        self.unconverted: list[Operation] = []
        self.failed = False

    # -- the walk ------------------------------------------------------------------------------

    def run(self, root: Operation) -> ConversionResult:
        for op in self._collect(root):
            if op in self.erased:
                continue
            try:
                failure = self.legalize(op)
            except _Reported:
                self.failed = True
                continue
            if failure is None:
                continue
            if failure.legality == ILLEGAL or self.mode == "full":
                self._report(failure)
                self.failed = True
            else:
                self.unconverted.append(op)
        self._finish_materializations()
        unconverted = [op for op in self.unconverted if op not in self.erased]
        return ConversionResult(not self.failed, unconverted)

    def _collect(self, root: Operation) -> list[Operation]:
        """Every op under (and including) `root`, pre-order, skipping what is nested in
        recursively legal ops."""
        found: list[Operation] = []
        stack = [root]
        while stack:
            op = stack.pop()
            found.append(op)
            if self.target.is_recursively_legal(op):
                continue
            nested = [child for region in op.regions for block in region.blocks for child in block]
            stack.extend(reversed(nested))
        return found

    # -- legalizing one op ---------------------------------------------------------------------

    def legalize(self, op: Operation) -> _Failure | None:
        legality = self.target.legality(op)
        if legality == LEGAL:
            return None
        candidates = self.patterns.for_op(op)
        attempts: list[_Attempt] = []
        for candidate in candidates:
            if candidate in self.active and not candidate.bounded_recursion:
                attempts.append(
                    _Attempt(
                        candidate,
                        "not tried: it is already being applied to the op that created this one",
                    )
                )
                continue
            reason = self._apply(candidate, op)
            if reason is None:
                return None
            attempts.append(_Attempt(candidate, reason))
        has_root = any(c.root_name == op.name for c in candidates)
        return _Failure(op, legality, attempts, has_root)

    def _apply(self, candidate: ConversionPattern, op: Operation) -> str | None:
        """Try one pattern on `op`: None when it applied, else why it did not."""
        operands = self._converted_operands(op, candidate)
        if isinstance(operands, str):
            return operands
        rewriter = self.rewriter
        rewriter.insertion_point = InsertionPoint.before(op)
        rewriter.location = op.location
        rewriter.created, rewriter.updated = [], []
        rewriter.failure_reason = None
        changes = rewriter.changes
        self.active.append(candidate)
        try:
            applied = self._call(candidate, op, operands)
            if not applied:
                if rewriter.changes != changes:
                    self._pattern_error(
                        candidate,
                        op,
                        f"pattern '{candidate.label}' changed the IR and then failed on "
                        f"'{op.name}': conversion patterns must check everything before they "
                        "rewrite (there is no rollback)",
                    )
                return rewriter.failure_reason or "match_and_rewrite returned False (no reason)"
            self._check_result(candidate, op, list(rewriter.created), list(rewriter.updated))
            return None
        finally:
            self.active.pop()

    def _call(self, candidate: ConversionPattern, op: Operation, operands: Operands) -> bool:
        try:
            return bool(candidate.match_and_rewrite(op, operands, self.rewriter))
        except _Reported:
            raise
        except IRError as exc:  # e.g. a pattern that parses or verifies: keep its diagnostics
            for diagnostic in exc.diagnostics:
                self.diagnostics.emit(diagnostic)
            raise _Reported() from None
        except ConversionError as exc:
            self._pattern_error(
                candidate, op, f"pattern '{candidate.label}' failed on '{op.name}': {exc}"
            )
        except Exception as exc:  # noqa: BLE001 - a bug in a pattern is a located error
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = _source_text(frame.filename, frame.lineno or 0)
            self._pattern_error(
                candidate,
                op,
                f"pattern '{candidate.label}' raised {type(exc).__name__} on '{op.name}' at "
                f"{where}: {exc} (a bug in the pattern)",
            )
        return False  # not reached: _pattern_error raises

    def _check_result(
        self,
        candidate: ConversionPattern,
        op: Operation,
        created: list[Operation],
        updated: list[Operation],
    ) -> None:
        """After a pattern applied: its op is gone or updated, and what it created or
        updated is legal or legalizable."""
        if op not in self.erased and op not in updated:
            self._pattern_error(
                candidate,
                op,
                f"pattern '{candidate.label}' reported success on '{op.name}' but neither "
                "replaced, erased nor updated it (use the rewriter's replace_op, erase_op or "
                "modify_op_in_place)",
            )
        for new in created:
            if new in self.erased:
                continue
            failure = self.legalize(new)
            if failure is not None:
                self._report(failure, candidate, op, how="created")
                raise _Reported()
        for changed in updated:
            if changed in self.erased:
                continue
            failure = self.legalize(changed)
            if failure is not None:
                self._report(failure, candidate, op, how="updated in place")
                raise _Reported()

    # -- operands and materializations -----------------------------------------------------------

    def _converted_operands(self, op: Operation, candidate: ConversionPattern) -> Operands | str:
        converter = candidate.type_converter
        values: list = []
        for index, value in enumerate(op.operands):
            mapped = self.mapping.get(value)
            if converter is None:
                values.append(mapped[0] if mapped is not None and len(mapped) == 1 else value)
                continue
            wanted = converter.convert_types(value.type)
            if wanted is None:
                return (
                    f"operand #{index} has type '{value.type}', which the pattern's type "
                    "converter cannot convert"
                )
            sources = mapped if mapped is not None else [value]
            if [v.type for v in sources] != wanted:
                sources = self._target_materialization(converter, wanted, sources, op)
                if sources is None:
                    return f"operand #{index}: no target materialization to {wanted}"
            values.append(sources[0] if len(wanted) == 1 else list(sources))
        return Operands(op, values)

    def _builder_after(self, values: list[Value], fallback: tuple | None = None) -> Builder:
        """A builder right after the definition of the last of `values` (so what it builds
        dominates their uses), at `fallback` (block, anchor) when there are none."""
        if values:
            last = values[-1]
            if isinstance(last, BlockArgument):
                block = last.block
                point = InsertionPoint(block, block.first)
            else:
                point = InsertionPoint.after(last.op)
        else:
            block, anchor = fallback
            point = InsertionPoint(
                block, anchor if anchor is not None and anchor.parent is block else block.first
            )
        return Builder(point)

    def source_materialization(
        self,
        old_type: Type,
        values: list[Value],
        loc: Location,
        fallback: tuple | None = None,
    ) -> Value:
        """A value of `old_type` standing in for `values` in uses not converted yet."""
        if not values and fallback is None:
            raise ConversionError(
                "cannot replace a used value by no values outside a block signature"
            )
        builder = self._builder_after(values, fallback)
        cast = unrealized_cast(builder, [old_type], values, loc)[0]
        self.materializations.append(cast.op)
        self.mapping[cast] = list(values)
        return cast

    def _target_materialization(
        self, converter: TypeConverter, wanted: list[Type], values: list[Value], op: Operation
    ) -> list[Value] | None:
        """`values` as values of the `wanted` types, built once per value and types right
        after the values' definition (so one cast serves every later use)."""
        key = (tuple(values), tuple(wanted), id(converter))
        cached = self._target_cache.get(key)
        if cached is not None and all(self._alive(v) for v in cached):
            return cached
        builder = self._builder_after(values, (op.parent, op))
        results = converter.materialize_target(builder, wanted, values, op.location)
        if results is None:
            return None
        for value in results:
            owner = getattr(value, "op", None)
            if owner is not None and owner.name == "builtin.unrealized_conversion_cast":
                if owner not in self.materializations:
                    self.materializations.append(owner)
        self._target_cache[key] = results
        return results

    def _alive(self, value: Value) -> bool:
        owner = getattr(value, "op", None)
        return owner is None or (owner not in self.erased and owner.parent is not None)

    def _finish_materializations(self) -> None:
        """Erase the casts nobody uses; a full conversion reports those still used."""
        changed = True
        while changed:
            changed = False
            for cast in reversed(self.materializations):
                if cast in self.erased or cast.parent is None or cast.has_uses:
                    continue
                self.rewriter._erase(cast)
                changed = True
        if self.mode != "full":
            return
        for cast in self.materializations:
            if cast in self.erased or cast.parent is None or not cast.has_uses:
                continue
            inputs = ", ".join(f"'{v.type}'" for v in cast.operands)
            outputs = ", ".join(f"'{t}'" for t in cast.result_types)
            diag = self.diagnostics.error(
                cast.location,
                f"failed to legalize unresolved materialization from ({inputs}) to "
                f"({outputs}) that remained live after conversion",
            )
            user = next(iter(cast.results[0].uses)).owner
            diag.attach_note(f"see existing live user here: '{user.name}'", user.location)
            self.failed = True

    # -- diagnostics ---------------------------------------------------------------------------

    def _pattern_error(self, candidate: ConversionPattern, op: Operation, message: str) -> None:
        diag = self.diagnostics.error(op.location, message)
        diag.attach_note(f"pattern '{candidate.label}' is defined at {candidate.source()}")
        raise _Reported()

    def _report(
        self,
        failure: _Failure,
        creator: ConversionPattern | None = None,
        parent: Operation | None = None,
        how: str = "created",
    ) -> None:
        op = failure.op
        message = f"failed to legalize operation '{op.name}'"
        if failure.legality == ILLEGAL:
            message += " that was explicitly marked illegal"
        diag = self.diagnostics.error(op.location, message)
        for attempt in failure.attempts:
            diag.attach_note(
                f"pattern '{attempt.pattern.label}' ({attempt.pattern.source()}) did not "
                f"apply: {attempt.reason}"
            )
        if not failure.patterns_for_root:
            roots = self.patterns.roots()
            listed = ", ".join(f"'{name}'" for name in roots[:12])
            more = f" and {len(roots) - 12} more" if len(roots) > 12 else ""
            having = f"; there are patterns for {listed}{more}" if roots else ""
            diag.attach_note(f"no pattern in this conversion rewrites '{op.name}'{having}")
        if failure.legality == UNKNOWN:
            diag.attach_note(
                f"'{op.name}' is neither legal nor illegal for the conversion target: mark it "
                "(or its dialect) legal if it may stay"
            )
        if creator is not None:
            diag.attach_note(
                f"'{op.name}' was {how} by pattern '{creator.label}' ({creator.source()}) "
                f"while legalizing '{parent.name}'",
                parent.location,
            )


# -- entry points ---------------------------------------------------------------------------------


def apply_partial_conversion(
    root: Operation,
    target: ConversionTarget,
    patterns: Iterable[ConversionPattern],
    diagnostics: DiagnosticEngine | None = None,
) -> ConversionResult:
    """Legalize the illegal ops under `root`; ops of unknown legality that no pattern
    converts stay (listed in the result's `unconverted`). Without `diagnostics`, a failure
    raises IRError."""
    return _apply(root, target, patterns, "partial", diagnostics)


def apply_full_conversion(
    root: Operation,
    target: ConversionTarget,
    patterns: Iterable[ConversionPattern],
    diagnostics: DiagnosticEngine | None = None,
) -> ConversionResult:
    """Legalize every op under `root` (and `root` itself): ops of unknown legality that no
    pattern converts are errors too. Without `diagnostics`, a failure raises IRError."""
    return _apply(root, target, patterns, "full", diagnostics)


def _apply(root, target, patterns, mode, diagnostics) -> ConversionResult:
    engine = diagnostics if diagnostics is not None else DiagnosticEngine()
    start = len(engine.diagnostics)
    result = _Driver(target, patterns, mode, engine).run(root)
    if not result.ok and diagnostics is None:
        errors = [d for d in engine.diagnostics[start:] if d.severity == "error"]
        raise IRError(errors or [Diagnostic("error", root.location, "conversion failed")])
    return result


__all__ = [
    "ConversionError",
    "ConversionPattern",
    "ConversionResult",
    "ConversionRewriter",
    "ConversionTarget",
    "FunctionPattern",
    "Operands",
    "TypeConverter",
    "apply_full_conversion",
    "apply_partial_conversion",
    "pattern",
    "unrealized_cast",
]
