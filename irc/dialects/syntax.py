"""Helpers shared by hand-written custom forms (scf, nn): SSA names, type lists, arrow
types, attribute dictionaries and properties, in MLIR's spelling and MLIR's error words.

Parsers take the irc parser, printers the irc printer; a custom form that its op cannot
print (a malformed op) falls back to the generic form through `malformed`.
"""

from __future__ import annotations

from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Block, Region, Value
from irc.ir.location import UNKNOWN
from irc.ir.opdef import Op, Variadic, VerifyError
from irc.ir.traits import HasParent, Pure, Terminator


def check_property_storage(op: Op) -> None:
    """MLIR's conversion of the properties dictionary to each property's storage (the
    kind's `converts`, else its `check`): a value of the wrong kind is an error without
    the op prefix, which shows the dictionary as written (defaults left out)."""
    for prop in op.prop_defs:
        attr = op.properties.get(prop.name)
        converts = getattr(prop.kind, "converts", prop.kind.check)
        if attr is not None and not converts(attr):
            defaults = {p.name: p.default for p in op.prop_defs}
            written = {k: v for k, v in op.properties.items() if v is not defaults.get(k)}
            raise VerifyError(
                f"invalid properties {A.DictionaryAttr(written)} for op {op.name}: "
                f"Invalid attribute `{prop.name}` in property conversion: {attr}",
                op_prefix=False,
            )


def check_properties(op: Op) -> None:
    """The conversion of `check_property_storage`, then the presence and constraint of
    each declared property, with MLIR's messages."""
    check_property_storage(op)
    for prop in op.prop_defs:
        attr = op.properties.get(prop.name)
        if attr is None:
            if not prop.optional and prop.default is None:
                raise VerifyError(f"requires attribute '{prop.name}'")
        elif not prop.kind.check(attr):
            raise VerifyError(
                f"attribute '{prop.name}' failed to satisfy constraint: {prop.kind.description}"
            )


def check_operand_types(op: Op) -> None:
    """Types of operands in declarations the core verifier leaves to the op (a fixed
    operand beside a variadic group), with MLIR's messages."""
    start = 0
    for definition in op.operand_defs:
        group = op.operand_group(definition.name)
        for offset, value in enumerate(group):
            if not definition.constraint(value.type):
                raise VerifyError(
                    f"operand #{start + offset} must be {definition.description}, "
                    f"but got '{value.type}'"
                )
        start += len(group)


def fail(parser, op_name: str, message: str, index: int | None = None):
    """An error of a custom parser, worded as MLIR's `custom op 'scf.x' ...`."""
    parser.error(f"custom op '{op_name}' {message}", index)


def parse_type_of(parser, op_name: str, classes, spelled: str) -> T.Type:
    """A type that must be of `classes` (MLIR's parseType<MemRefType>), else MLIR's
    `invalid kind of type specified: expected builtin.memref, ...` at the type."""
    index = parser.pos
    found = parser.parse_type()
    if not isinstance(found, classes):
        fail(
            parser,
            op_name,
            f"invalid kind of type specified: expected {spelled}, but found '{found}'",
            index,
        )
    return found


def function_type(parser, op_name: str, names, name_index: int):
    """`(t1, t2) -> t3` after the `:` of a custom form: the operand types (one per name,
    else MLIR's count error at the op name) and the result types."""
    found = parse_type_of(parser, op_name, T.FunctionType, "builtin.function")
    if len(found.inputs) != len(names):
        fail(
            parser,
            op_name,
            f"number of operands and types do not match: got {len(names)} operands and "
            f"{len(found.inputs)} types",
            name_index,
        )
    return list(found.inputs), list(found.results)


def keyword(parser, op_name: str, word: str) -> None:
    if not parser.accept(word):
        fail(parser, op_name, f"expected '{word}'")


def value_name(parser) -> tuple[str, int]:
    """An SSA name (`%x`, `%x#1`) and its token index."""
    index = parser.pos
    tok = parser.tok
    if tok[:1] != "%":
        parser.error("expected SSA operand")
    parser.pos += 1
    return tok, index


def operand_name(parser) -> tuple[str, int]:
    """An SSA name and its token index, else `expected SSA operand, found ...` (the
    wording of MLIR's generated parsers and successor lists)."""
    if parser.tok[:1] != "%":
        parser.error(f"expected SSA operand, found {parser.describe()}")
    found = (parser.tok, parser.pos)
    parser.pos += 1
    return found


def operand_list(parser, close: str) -> list[tuple[str, int]]:
    """`%a, %b` up to `close` (consumed) as `operand_name` reads them; the opener was
    consumed."""
    return parser.parse_comma_list(lambda: operand_name(parser), close)


def name_list(parser, close: str) -> list[tuple[str, int]]:
    """SSA names separated by commas up to `close` (consumed)."""
    return parser.parse_comma_list(lambda: value_name(parser), close)


def paren_names(parser, op_name: str, count: int | None = None) -> list[tuple[str, int]]:
    """`(%a, %b)`; with `count`, MLIR's `expected N operands` when the list differs."""
    start = parser.pos
    parser.expect("(")
    names = name_list(parser, ")")
    if count is not None and len(names) != count:
        fail(parser, op_name, f"expected {count} operands", start)
    return names


def type_list(parser) -> list[T.Type]:
    types = [parser.parse_type()]
    while parser.accept(","):
        types.append(parser.parse_type())
    return types


def resolve(parser, name: tuple[str, int], type: T.Type) -> Value:
    """The operand named `name` (with its token index) of `type`."""
    return parser.resolve_operand(name[0], type, name[1])


def resolve_indices(parser, names) -> list[Value]:
    """An `index` operand for each name."""
    return [parser.resolve_operand(n, T.INDEX, i) for n, i in names]


def resolve_indexed(parser, base: tuple[str, int], base_type: T.Type, indices) -> list[Value]:
    """The operands of `%m[%i, %j]`: the base of `base_type`, then an index for each."""
    return [resolve(parser, base, base_type), *resolve_indices(parser, indices)]


def indexed_names(parser, read_name=operand_name):
    """`%m[%i, %j]`: the base's name and the index names, with their token indices."""
    base = read_name(parser)
    parser.expect("[")
    return base, parser.parse_comma_list(lambda: read_name(parser), "]")


def typed_names(parser, read_name=value_name) -> tuple[list[tuple[str, int]], list[T.Type]]:
    """`%a, %b : t1, t2`: the names with their token indices, and the types."""
    names = [read_name(parser)]
    while parser.accept(","):
        names.append(read_name(parser))
    parser.expect(":")
    return names, type_list(parser)


def check_count(parser, op_name: str, names, types, index: int) -> None:
    """MLIR's `number of operands and types do not match`, located at `index`."""
    if len(names) != len(types):
        fail(
            parser,
            op_name,
            f"number of operands and types do not match: got {len(names)} operands and "
            f"{len(types)} types",
            index,
        )


def resolve_all(parser, op_name: str, names, types, index: int) -> list[Value]:
    """Operands for `names` of `types`, with MLIR's count message located at `index`."""
    check_count(parser, op_name, names, types, index)
    return [parser.resolve_operand(n, t, i) for (n, i), t in zip(names, types, strict=True)]


def typed_value_list(parser, op_name: str) -> list[Value]:
    """`%a, %b : t1, t2`, with MLIR's count message at the first name."""
    start = parser.pos
    names, types = typed_names(parser)
    return resolve_all(parser, op_name, names, types, start)


def typed_values(parser, op_name: str) -> list[Value]:
    """`%a, %b : t1, t2`, or nothing when no value follows."""
    if parser.tok[:1] != "%":
        return []
    return typed_value_list(parser, op_name)


def arrow_types(parser, parenthesized: bool = True) -> list[T.Type]:
    """After `->`: `(t1, t2)`, `()` or one type (or, not `parenthesized`, `t1, t2`)."""
    if parser.tok == "(" and parenthesized:
        parser.pos += 1
        if parser.accept(")"):
            return []
        types = type_list(parser)
        parser.expect(")")
        return types
    return type_list(parser) if not parenthesized else [parser.parse_type()]


def optional_arrow_types(parser) -> list[T.Type]:
    return arrow_types(parser) if parser.accept("->") else []


def assignments(parser, op_name: str) -> list[tuple[str, int, str, int]]:
    """`(%arg = %init, ...)`: (argument, index, operand, index) for each pair."""
    if not parser.accept("("):
        fail(parser, op_name, "expected '('")

    def assignment():
        arg, arg_index = value_name(parser)
        parser.expect("=")
        value, value_index = value_name(parser)
        return arg, arg_index, value, value_index

    return parser.parse_comma_list(assignment, ")")


def attr_dict(parser, keyword: str | None = None) -> dict:
    if keyword is not None and not parser.accept(keyword):
        return {}
    return parser.parse_attribute_dict() if parser.tok == "{" else {}


def entry_args(parser, names, types) -> list:
    return [
        (name, type, parser.location_of(index), index)
        for (name, index), type in zip(names, types, strict=True)
    ]


def ensure_terminator(region: Region, terminator: type[Op], location) -> None:
    """MLIR's ensureRegionTerminator: a region without blocks gets one, and the last block
    gets `terminator` unless it already ends in a terminator."""
    if not region.blocks:
        region.append(Block())
    block = region.blocks[-1]
    if block.last is not None and Terminator in block.last.traits:
        return
    block.append(terminator(location=location))


def malformed(op: Op, operands: int, regions: int | None, entry_block: bool = False) -> bool:
    """Whether `op` lacks what its custom form needs (operands, regions, an entry block
    with an argument); the printer then falls back to the generic form, so that invalid
    IR still prints."""
    if len(op.operand_uses) < operands or (regions is not None and len(op.regions) != regions):
        return True
    return entry_block and not (op.regions[0].blocks and op.regions[0].blocks[0].args)


def names(printer, values) -> str:
    return ", ".join(printer.value_name(v) for v in values)


def types(printer, values) -> str:
    return ", ".join(printer.type(v.type) for v in values)


def indexed_text(printer, base: Value, indices) -> str:
    """`%m[%i, %j]`."""
    return f"{printer.value_name(base)}[{names(printer, indices)}]"


def typed_text(printer, values) -> str:
    """`%a, %b : t1, t2`."""
    return f"{names(printer, values)} : {types(printer, values)}"


def arrow_text(printer, types: list[T.Type]) -> str:
    """MLIR's printOptionalArrowTypeList: ` -> t`, ` -> (t1, t2)`, or nothing."""
    if not types:
        return ""
    if len(types) == 1 and not isinstance(types[0], T.FunctionType):
        return f" -> {printer.type(types[0])}"
    return " -> (" + ", ".join(printer.type(t) for t in types) + ")"


def function_type_text(printer, op: Op) -> str:
    """The operand and result types of `op` as one function type."""
    inputs = [v.type for v in op.operands]
    return printer.type(T.FunctionType(inputs, [r.type for r in op.results]))


def print_attrs(op: Op, printer, elided=(), keyword: bool = False) -> None:
    """The discardable attributes, and properties the custom form does not spell."""
    entries = dict(op.attributes)
    for name, attr in op.properties.items():
        if name not in elided:
            entries[name] = attr
    if entries:
        printer.write((" attributes " if keyword else " ") + printer.attr_dict(entries))


class EnumAttr(A.Attribute):
    """One case of an enum, `#linalg.iterator_type<parallel>`: a subclass names its
    `mnemonic`, its `cases` and MLIR's C++ `enum` (for the error on an unknown case)."""

    __slots__ = ("value",)
    _params = ("value",)
    mnemonic: str
    cases: tuple[str, ...]
    enum: str

    def dialect_text(self) -> str:
        return f"{self.mnemonic}<{self.value}>"

    @classmethod
    def parse_body(cls, parser, op_name: str | None = None) -> EnumAttr:
        """`<case>` after the mnemonic (or in the custom form of `op_name`)."""
        parser.expect("<")
        index = parser.pos
        name = parser.next()
        if name not in cls.cases:
            prefix = f"custom op '{op_name}' " if op_name else ""
            parser.error(
                f"{prefix}expected {cls.enum} to be one of: " + ", ".join(cls.cases), index
            )
        parser.expect(">")
        return cls(name)


class CastLikeOp(Op):
    """Base of casts to a compatible type, `d.cast %x : t1 to t2` (memref.cast,
    tensor.cast): the subclass's `compatible(source, dest)` says which types are."""

    __slots__ = ()
    traits = frozenset({Pure})
    assembly_format = "$source attr-dict `:` type($source) `to` type($dest)"
    compatible = None  # staticmethod(function of the source and destination types)

    def verify(self) -> None:
        source, dest = self.operands[0].type, self.results[0].type
        if not self.compatible(source, dest):
            raise VerifyError(
                f"operand type '{source}' and result type '{dest}' are cast incompatible"
            )

    def result_name_hints(self) -> list[str]:
        return ["cast"]


class YieldLikeOp(Op):
    """Base of terminators that hand their operands to the parent op, spelled
    `d.yield %a, %b : t1, t2` (or bare without operands): scf.yield, nn.yield, ..."""

    __slots__ = ()
    operand_defs = (Variadic("values"),)
    result_defs = ()
    traits = frozenset({Pure, Terminator, HasParent})

    @classmethod
    def build(cls, values=(), location=UNKNOWN):
        return cls(list(values), location=location)

    @classmethod
    def parse_custom(cls, parser):
        attributes = attr_dict(parser)
        return cls(typed_values(parser, cls.name), [], {}, attributes)

    def print_custom(self, printer) -> None:
        printer.write(printer.op_name(self))
        print_attrs(self, printer)
        if self.operand_uses:
            printer.write(f" {typed_text(printer, self.operands)}")
