"""The memref dialect: buffers, views of them, and loads and stores through them.

Names, syntax and meaning follow MLIR's memref dialect (the MLIR of iree-base-compiler
3.13.0): `memref.alloc` makes a buffer, `memref.subview`, `memref.cast`,
`memref.collapse_shape`, `memref.expand_shape` and `memref.reinterpret_cast` make views
that share its memory, `memref.load`/`memref.store` read and write one element.

Static and dynamic offsets, sizes and strides mix in one list, `[%o, 0]`: the integers go
to an `array<i64>` property (`static_offsets`), where MLIR's dynamic marker
`-9223372036854775808` (`DYNAMIC_INDEX`) stands for each SSA operand. Strided layouts are
computed and compared as MLIR does (`strides_and_offset`, `SubViewOp.infer_result_type`),
so the verifiers accept and reject the same types, with MLIR's messages.
"""

from __future__ import annotations

from irc.dialects import ops_by_name
from irc.dialects.syntax import (
    CastLikeOp,
    check_operand_types,
    check_properties,
    fail,
    indexed_names,
    indexed_text,
    operand_list,
    operand_name,
    parse_type_of,
    resolve,
    resolve_indexed,
    resolve_indices,
)
from irc.ir import affine
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.opdef import SEGMENT_SIZES, Arg, AttrKind, Op, Prop, Variadic, VerifyError
from irc.ir.traits import AttrSizedOperandSegments, AutomaticAllocationScope, Pure

DYNAMIC_INDEX = -(1 << 63)  # ShapedType::kDynamic: `?` in static_offsets/sizes/strides
DYN = DYNAMIC_INDEX  # the same marker in the layout arithmetic below

# -- type constraints (MLIR's descriptions) ---------------------------------------------------


def _is_ranked(t: T.Type) -> bool:
    return isinstance(t, T.MemRefType)


def _is_any_memref(t: T.Type) -> bool:
    return isinstance(t, (T.MemRefType, T.UnrankedMemRefType))


def _is_index(t: T.Type) -> bool:
    return isinstance(t, T.IndexType)


def _is_strided(t: T.Type) -> bool:
    return isinstance(t, T.MemRefType) and strides_and_offset(t) is not None


def _is_dim_source(t: T.Type) -> bool:
    return isinstance(t, T.UnrankedMemRefType) or (isinstance(t, T.MemRefType) and t.rank > 0)


class MemRefArg(Arg):
    """An operand or result whose custom form must spell a ranked memref type."""

    type_class = ((T.MemRefType,), "builtin.memref")


class BaseMemRefArg(Arg):
    """An operand or result whose custom form must spell a ranked or unranked memref."""

    type_class = ((T.MemRefType, T.UnrankedMemRefType), None)


RANKED = (_is_ranked, "memref of any non-token type values")
ANY_MEMREF = (_is_any_memref, "ranked or unranked memref of any non-token type values")
STRIDED = (_is_strided, "strided memref of any non-token type values")
INDICES = (_is_index, "variadic of index")
INDEX = (_is_index, "index")
DIM_SOURCE = (
    _is_dim_source,
    "unranked.memref of any non-token type values or non-0-ranked.memref of any non-token "
    "type values",
)

# -- layouts: strides and offsets as MLIR computes them ---------------------------------------


def _mul(a: int, b: int) -> int:
    """MLIR's SaturatedInteger product: zero wins, then dynamic."""
    if a == 0 or b == 0:
        return 0
    return DYN if DYN in (a, b) else a * b


def _add(a: int, b: int) -> int:
    return DYN if DYN in (a, b) else a + b


def _from_type(values) -> list[int]:
    """Sizes, strides or an offset of a type (`?` is T.DYNAMIC there) in DYN form."""
    return [DYN if v == T.DYNAMIC else v for v in values]


def _to_type(values) -> tuple[int, ...]:
    return tuple(T.DYNAMIC if v == DYN else v for v in values)


def canonical_strides(shape) -> list[int]:
    """Row-major strides of an identity layout; left of a `?` or 0 size they are `?`."""
    strides = []
    running = 1
    poisoned = False
    for size in reversed(_from_type(shape)):
        strides.append(DYN if poisoned else running)
        if size > 0:
            running *= size
        else:
            poisoned = True
    return strides[::-1]


def strides_and_offset(t: T.MemRefType) -> tuple[list[int], int] | None:
    """The strides and offset of a memref type (DYN for `?`), None if not strided."""
    layout = t.layout
    if layout is None:
        return canonical_strides(t.shape), 0
    if isinstance(layout, A.StridedLayoutAttr):
        return _from_type(layout.strides), _from_type([layout.offset])[0]
    if isinstance(layout, A.AffineMapAttr):
        return _affine_strides(layout.value, t.rank)
    return None


def _affine_strides(amap: affine.AffineMap, rank: int) -> tuple[list[int], int] | None:
    if amap.is_identity:
        return None if rank != amap.num_dims else (canonical_strides([1] * rank), 0)
    if len(amap.results) != 1:
        return None
    form = _linear_form(amap.results[0])
    if form is None:
        return None
    coefficients, offset = form
    return [coefficients.get(d, 0) for d in range(amap.num_dims)], offset


def _linear_form(expr: affine.AffineExpr):
    """({dim: coefficient}, constant) of an affine expression, symbols as DYN; None when
    a dim appears under mod/floordiv/ceildiv or in a product of dims."""
    if isinstance(expr, affine.Dim):
        return {expr.position: 1}, 0
    if isinstance(expr, affine.Constant):
        return {}, expr.value
    if isinstance(expr, affine.Symbol):
        return {}, DYN
    lhs, rhs = _linear_form(expr.lhs), _linear_form(expr.rhs)
    if lhs is None or rhs is None:
        return None
    if expr.kind == "+":
        coefficients = dict(lhs[0])
        for dim, value in rhs[0].items():
            coefficients[dim] = _add(coefficients.get(dim, 0), value)
        return coefficients, _add(lhs[1], rhs[1])
    if expr.kind == "*":
        if lhs[0] and rhs[0]:
            return None
        scaled, factor = (rhs, lhs[1]) if not lhs[0] else (lhs, rhs[1])
        return {d: _mul(c, factor) for d, c in scaled[0].items()}, _mul(scaled[1], factor)
    if lhs[0] or rhs[0]:
        return None
    if DYN in (lhs[1], rhs[1]) or rhs[1] == 0:
        return {}, DYN
    return {}, affine.evaluate(
        affine.binary(expr.kind, affine.Constant(lhs[1]), affine.Constant(rhs[1])), [], []
    )


def is_identity_layout(t: T.MemRefType) -> bool:
    """MLIR's `getLayout().isIdentity()`: no layout, or one whose map is the identity."""
    layout = t.layout
    if layout is None:
        return True
    if isinstance(layout, A.AffineMapAttr):
        return layout.value.is_identity
    if isinstance(layout, A.StridedLayoutAttr):
        return layout.offset == 0 and layout.strides == (1,)
    return False


def layout_symbol_count(t: T.MemRefType) -> int:
    """Symbols of the layout's affine map (a strided layout has one per `?`)."""
    layout = t.layout
    if layout is None or is_identity_layout(t):
        return 0
    if isinstance(layout, A.AffineMapAttr):
        return layout.value.num_symbols
    if isinstance(layout, A.StridedLayoutAttr):
        return sum(1 for v in (layout.offset, *layout.strides) if v == T.DYNAMIC)
    return 0


def strided_type(shape, element: T.Type, strides, offset: int, space) -> T.MemRefType:
    """`memref<shape x element, strided<strides, offset: offset>, space>` (DYN for `?`)."""
    layout = A.StridedLayoutAttr(_to_type(strides), _to_type([offset])[0])
    return T.MemRefType(_to_type(shape), element, layout, space)


# -- custom-form helpers ----------------------------------------------------------------------


# Uses that read a memref operand without writing it: (op name, operand index).
READ_ONLY_OPERANDS = {("memref.copy", 0)}


def may_write(value, _visiting: frozenset = frozenset()) -> bool:
    """Whether code may write through the memref `value`: some use, directly or through a
    view (a pure op with memref results, such as subview), is not known to only read.
    A func.call counts as a write unless the callee's body does not write the argument
    (so a kernel function that only reads its inputs keeps them read-only); a branch or
    a return counts as a write. The JIT and irc-run use this to accept read-only or
    strided arrays where nothing writes them."""
    from irc.ir.effects import only_reads
    from irc.ir.traits import Terminator

    pending = [value]
    while pending:
        current = pending.pop()
        for use in current.uses:
            op = use.owner
            if only_reads(op) or (op.name, use.index) in READ_ONLY_OPERANDS:
                continue
            if op.name == "func.call":
                if _call_may_write(op, use.index, _visiting):
                    return True
                continue
            if Pure not in type(op).traits or Terminator in type(op).traits:
                return True
            pending.extend(r for r in op.results if isinstance(r.type, T.MemRefType))
    return False


def _call_may_write(call, index: int, visiting: frozenset) -> bool:
    """Whether the callee of `call` may write its argument `index` (unknown callees,
    declarations and recursion count as writes)."""
    from irc.dialects.func import lookup_symbol

    callee_ref = call.properties.get("callee")
    callee = lookup_symbol(call, callee_ref) if isinstance(callee_ref, A.SymbolRefAttr) else None
    if callee is None or not callee.regions or not callee.regions[0].blocks:
        return True
    if id(callee) in visiting:
        return True
    args = callee.regions[0].blocks[0].args
    return index >= len(args) or may_write(args[index], visiting | {id(callee)})


def parse_memref_type(parser, op_name: str, ranked: bool = True) -> T.Type:
    """A type that must be a memref (ranked unless `ranked` is False)."""
    if ranked:
        return parse_type_of(parser, op_name, T.MemRefType, "builtin.memref")
    index = parser.pos
    found = parser.parse_type()
    if not isinstance(found, (T.MemRefType, T.UnrankedMemRefType)):
        fail(parser, op_name, "invalid kind of type specified", index)
    return found


def parse_dynamic_index_list(parser, op_name: str) -> tuple[list[tuple[str, int]], list[int]]:
    """`[%o, 0]`: the SSA operands, and the static values with DYNAMIC_INDEX for each."""
    parser.expect("[")
    operands: list[tuple[str, int]] = []
    static: list[int] = []
    if parser.accept("]"):
        return operands, static
    while True:
        if parser.tok[:1] == "%":
            operands.append(operand_name(parser))
            static.append(DYNAMIC_INDEX)
        else:
            negative = parser.tok == "-"
            tok = parser.toks[parser.pos + negative]
            if not tok.isdigit() and tok[:2] != "0x":
                fail(parser, op_name, "expected integer value")
            static.append(parser.parse_integer_literal())
        if parser.accept("]"):
            return operands, static
        if not parser.accept(","):
            parser.error("expected ']' in dynamic index list")


def dynamic_index_list_text(printer, static, values) -> str:
    """`[%o, 0]` from the static values and the SSA values for their dynamic entries."""
    names = iter(values)
    parts = [printer.value_name(next(names)) if v == DYNAMIC_INDEX else str(v) for v in static]
    return "[" + ", ".join(parts) + "]"


def parse_custom_attr_dict(parser, cls: type[Op]) -> dict:
    """An optional `{...}`: MLIR's strict properties refuse inherent attributes there."""
    if parser.tok != "{":
        return {}
    index = parser.pos
    attributes = parser.parse_attribute_dict()
    inherent = {p.name for p in cls.prop_defs} | {SEGMENT_SIZES}
    for name in attributes:
        if name in inherent:
            fail(
                parser,
                cls.name,
                f"inherent attribute '{name}' cannot be parsed from attr-dict when strict "
                "properties in assembly format is enabled",
                index,
            )
    return attributes


def attr_dict_text(printer, op: Op, spelled=()) -> str:
    """` {...}` for the discardable attributes and any properties the form does not spell."""
    entries = dict(op.attributes)
    for name, attr in op.properties.items():
        if name != SEGMENT_SIZES and name not in spelled:
            entries[name] = attr
    return " " + printer.attr_dict(entries) if entries else ""


def segments(*groups) -> A.DenseArrayAttr:
    return A.DenseArrayAttr(T.I32, [len(group) for group in groups])


def static_values(op: Op, name: str) -> tuple[int, ...] | None:
    attr = op.properties.get(name)
    return attr.values if isinstance(attr, A.DenseArrayAttr) else None


def _i64_array(values) -> A.DenseArrayAttr:
    return A.DenseArrayAttr(T.I64, values)


def _dim_text(value: int) -> str:
    return "dynamic" if value in (DYN, T.DYNAMIC) else str(value)


# -- property kinds ---------------------------------------------------------------------------


class PropKind(AttrKind):
    """A property kind with MLIR's storage (`converts`) and constraint (`check`)."""

    storage: type = A.Attribute

    def converts(self, attr) -> bool:
        return isinstance(attr, self.storage)


class _AlignmentKind(PropKind):
    description = (
        "64-bit signless integer attribute whose value is positive and whose value is a "
        "power of two > 0"
    )
    storage = A.IntegerAttr

    def check(self, attr) -> bool:
        return (
            isinstance(attr, A.IntegerAttr)
            and attr.type is T.I64
            and attr.value > 0
            and attr.value & (attr.value - 1) == 0
        )


class _BoolKind(PropKind):
    description = "bool attribute"

    def converts(self, attr) -> bool:
        return self.check(attr)

    def check(self, attr) -> bool:
        return isinstance(attr, A.IntegerAttr) and attr.type is T.I1


class _DenseI64Kind(PropKind):
    description = "i64 dense array attribute"

    def converts(self, attr) -> bool:
        return self.check(attr)

    def check(self, attr) -> bool:
        return isinstance(attr, A.DenseArrayAttr) and attr.element_type is T.I64


class _ReassociationKind(PropKind):
    description = "Array of 64-bit integer array attributes"
    storage = A.ArrayAttr

    def check(self, attr) -> bool:
        return isinstance(attr, A.ArrayAttr) and all(
            isinstance(group, A.ArrayAttr)
            and all(isinstance(i, A.IntegerAttr) and i.type is T.I64 for i in group)
            for group in attr
        )


ALIGNMENT = Prop("alignment", _AlignmentKind(), optional=True)
NONTEMPORAL = Prop("nontemporal", _BoolKind(), optional=True)
ACCESS = ("alignment", "nontemporal")  # the properties of access clauses
DENSE_I64 = _DenseI64Kind()
REASSOCIATION = Prop("reassociation", _ReassociationKind())


# -- allocation -------------------------------------------------------------------------------


class _AllocLikeOp(Op):
    """Base of alloc and alloca: `(dynamic sizes)[symbols] alignment = N : memref<...>`."""

    __slots__ = ()
    operand_defs = (
        Variadic("dynamicSizes", *INDICES),
        Variadic("symbolOperands", *INDICES),
    )
    result_defs = (Arg("memref", *RANKED),)
    prop_defs = (ALIGNMENT,)
    traits = frozenset({AttrSizedOperandSegments})

    @classmethod
    def build(cls, result_type: T.MemRefType, dynamic_sizes=(), symbols=(), alignment=None):
        properties = {SEGMENT_SIZES: segments(dynamic_sizes, symbols)}
        if alignment is not None:
            properties["alignment"] = A.IntegerAttr(alignment, T.I64)
        return cls([*dynamic_sizes, *symbols], [result_type], properties)

    @classmethod
    def parse_custom(cls, parser):
        parser.expect("(")
        sizes = operand_list(parser, ")")
        symbols = []
        if parser.accept("["):
            symbols = operand_list(parser, "]")
        properties = {SEGMENT_SIZES: segments(sizes, symbols)}
        if parser.accept("alignment"):
            parser.expect("=")
            properties["alignment"] = A.IntegerAttr(parser.parse_integer_literal(), T.I64)
        attributes = parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        result_type = parse_memref_type(parser, cls.name)
        operands = resolve_indices(parser, sizes + symbols)
        return cls(operands, [result_type], properties, attributes)

    def print_custom(self, printer) -> None:
        sizes = ", ".join(printer.value_name(v) for v in self.operand_group("dynamicSizes"))
        printer.write(f"{printer.op_name(self)}({sizes})")
        symbols = self.operand_group("symbolOperands")
        if symbols:
            printer.write("[" + ", ".join(printer.value_name(v) for v in symbols) + "]")
        alignment = self.properties.get("alignment")
        if isinstance(alignment, A.IntegerAttr):
            printer.write(f" alignment = {alignment.value}")
        printer.write(attr_dict_text(printer, self, ("alignment",)))
        printer.write(f" : {printer.type(self.results[0].type)}")

    def verify(self) -> None:
        check_properties(self)
        memref = self.results[0].type
        sizes = len(self.operand_group("dynamicSizes"))
        dynamic = memref.shape.count(T.DYNAMIC)
        if sizes != dynamic:
            raise VerifyError(f"incorrect number of dynamic sizes, has {sizes}, expected {dynamic}")
        symbols = len(self.operand_group("symbolOperands"))
        expected = layout_symbol_count(memref)
        if symbols != expected:
            raise VerifyError(
                "symbol operand count does not equal memref symbol count: expected "
                f"{expected}, got {symbols}"
            )

    def result_name_hints(self) -> list[str]:
        return [self.name.split(".", 1)[1]]


class AllocOp(_AllocLikeOp):
    """Allocate a buffer on the heap; `?` sizes come from the operands, in order.

    %alloc = memref.alloc(%n) alignment = 64 : memref<4x?xf32>

    The contents are undefined until written (the interpreter fills floats with NaN).
    """

    __slots__ = ()
    name = "memref.alloc"
    memory_effects = ("allocate",)


class AllocaOp(_AllocLikeOp):
    """Allocate a buffer on the stack, freed when the enclosing allocation scope returns.

    %alloca = memref.alloca() : memref<4x4xf32>
    """

    __slots__ = ()
    name = "memref.alloca"
    memory_effects = ("allocate",)

    def verify(self) -> None:
        if not any(AutomaticAllocationScope in p.traits for p in self.ancestors()):
            raise VerifyError("requires an ancestor op with AutomaticAllocationScope trait")
        super().verify()


class DeallocOp(Op):
    """Free a buffer made by `memref.alloc`.

    memref.dealloc %alloc : memref<4x?xf32>
    """

    __slots__ = ()
    name = "memref.dealloc"
    memory_effects = ("free",)
    operand_defs = (BaseMemRefArg("memref", *ANY_MEMREF),)
    result_defs = ()
    assembly_format = "$memref attr-dict `:` type($memref)"


# -- element access ---------------------------------------------------------------------------


def parse_access_clauses(parser, op_name: str, start: int, read_value, keywords=ACCESS) -> dict:
    """MLIR's oilist of access clauses, each at most once: memref's `alignment(16)
    nontemporal(true)`, vector's `alignment = 16`; `read_value(parser, op_name, keyword)`
    reads what follows a keyword in the dialect's spelling."""
    properties = {}
    while parser.tok in keywords:
        keyword = parser.next()
        if keyword in properties:
            fail(
                parser,
                op_name,
                f"`{keyword}` clause can appear at most once in the expansion of the oilist "
                "directive",
                start,
            )
        properties[keyword] = read_value(parser, op_name, keyword)
    return properties


def _clause_value(parser, op_name: str, keyword: str) -> A.Attribute:
    """`(16)` or `(true)`: memref's spelling of the value of an access clause."""
    parser.expect("(")
    if keyword == "alignment":
        value = A.IntegerAttr(parser.parse_integer_literal(), T.I64)
    else:
        index = parser.pos
        value = parser.parse_attribute()
        if not (isinstance(value, A.IntegerAttr) and value.type is T.I1):
            fail(parser, op_name, "expected boolean attribute", index)
    parser.expect(")")
    return value


def access_clauses_text(op: Op, spelling: str = "{}({})") -> str:
    """The access clauses `op` holds, in memref's spelling or another (`{} = {}`)."""
    text = ""
    alignment = op.properties.get("alignment")
    if isinstance(alignment, A.IntegerAttr):
        text += " " + spelling.format("alignment", alignment.value)
    nontemporal = op.properties.get("nontemporal")
    if isinstance(nontemporal, A.IntegerAttr) and nontemporal.value:
        text += " " + spelling.format("nontemporal", "true")
    return text


def _verify_access(op: Op, verb: str) -> None:
    check_operand_types(op)
    check_properties(op)
    memref = op.operand_group("memref")[0].type
    indices = len(op.operand_group("indices"))
    if verb == "load" and op.results[0].type is not memref.element_type:
        raise VerifyError("failed to verify that result type matches element type of 'memref'")
    if verb == "store" and op.operands[0].type is not memref.element_type:
        raise VerifyError("failed to verify that type of 'value' matches element type of 'memref'")
    if indices != memref.rank:
        raise VerifyError(
            "invalid number of indices for accessed memref, expected "
            f"{memref.rank} but got {indices}"
        )


class LoadOp(Op):
    """Read the element at the given indices.

    %v = memref.load %m[%i, %j] : memref<4x4xf32>
    %w = memref.load %m[%i, %j] nontemporal(true) : memref<4x4xf32>
    """

    __slots__ = ()
    name = "memref.load"
    memory_effects = ("read",)
    operand_defs = (Arg("memref", *RANKED), Variadic("indices", *INDICES))
    result_defs = (Arg("result"),)
    prop_defs = (ALIGNMENT, NONTEMPORAL)

    @classmethod
    def build(cls, memref, indices=()) -> LoadOp:
        return cls([memref, *indices], [memref.type.element_type])

    @classmethod
    def parse_custom(cls, parser) -> LoadOp:
        start = parser.pos - 1
        memref, indices = indexed_names(parser)
        properties = parse_access_clauses(parser, cls.name, start, _clause_value)
        attributes = parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        memref_type = parse_memref_type(parser, cls.name)
        operands = resolve_indexed(parser, memref, memref_type, indices)
        return cls(operands, [memref_type.element_type], properties, attributes)

    def print_custom(self, printer) -> None:
        memref, *indices = self.operands
        printer.write(f"{printer.op_name(self)} {indexed_text(printer, memref, indices)}")
        printer.write(access_clauses_text(self))
        printer.write(attr_dict_text(printer, self, ACCESS))
        printer.write(f" : {printer.type(memref.type)}")

    def verify(self) -> None:
        _verify_access(self, "load")


class StoreOp(Op):
    """Write a value to the element at the given indices.

    memref.store %v, %m[%i, %j] : memref<4x4xf32>
    """

    __slots__ = ()
    name = "memref.store"
    memory_effects = ("write",)
    operand_defs = (Arg("value"), Arg("memref", *RANKED), Variadic("indices", *INDICES))
    result_defs = ()
    prop_defs = (ALIGNMENT, NONTEMPORAL)

    @classmethod
    def build(cls, value, memref, indices=()) -> StoreOp:
        return cls([value, memref, *indices])

    @classmethod
    def parse_custom(cls, parser) -> StoreOp:
        start = parser.pos - 1
        value = operand_name(parser)
        parser.expect(",")
        memref, indices = indexed_names(parser)
        properties = parse_access_clauses(parser, cls.name, start, _clause_value)
        attributes = parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        memref_type = parse_memref_type(parser, cls.name)
        operands = [
            resolve(parser, value, memref_type.element_type),
            *resolve_indexed(parser, memref, memref_type, indices),
        ]
        return cls(operands, [], properties, attributes)

    def print_custom(self, printer) -> None:
        value, memref, *indices = self.operands
        printer.write(
            f"{printer.op_name(self)} {printer.value_name(value)}, "
            f"{indexed_text(printer, memref, indices)}"
        )
        printer.write(access_clauses_text(self))
        printer.write(attr_dict_text(printer, self, ACCESS))
        printer.write(f" : {printer.type(memref.type)}")

    def verify(self) -> None:
        _verify_access(self, "store")


class DimOp(Op):
    """The size of one dimension of a memref, as an index.

    %dim = memref.dim %m, %c1 : memref<4x?xf32>
    """

    __slots__ = ()
    name = "memref.dim"
    operand_defs = (Arg("source", *DIM_SOURCE), Arg("index", *INDEX))
    result_defs = (Arg("result", *INDEX),)
    traits = frozenset({Pure})
    assembly_format = "attr-dict $source `,` $index `:` type($source)"
    buildable_types = {"index": T.INDEX}

    @classmethod
    def infer_result_types(cls, operand_types, properties):
        return [T.INDEX]

    def result_name_hints(self) -> list[str]:
        return ["dim"]


# -- copies and casts -------------------------------------------------------------------------


class CopyOp(Op):
    """Copy every element of one memref into another of the same shape.

    memref.copy %a, %b : memref<4xf32> to memref<4xf32, strided<[2]>>
    """

    __slots__ = ()
    name = "memref.copy"
    memory_effects = ("read", "write")
    operand_defs = (BaseMemRefArg("source", *ANY_MEMREF), BaseMemRefArg("target", *ANY_MEMREF))
    result_defs = ()
    assembly_format = "$source `,` $target attr-dict `:` type($source) `to` type($target)"

    def verify(self) -> None:
        source, target = (v.type for v in self.operands)
        if source.element_type is not target.element_type:
            raise VerifyError("requires the same element type for all operands")
        if (
            isinstance(source, T.MemRefType)
            and isinstance(target, T.MemRefType)
            and not _compatible_shapes(source.shape, target.shape)
        ):
            raise VerifyError("requires the same shape for all operands")


def _compatible_shapes(a, b) -> bool:
    return len(a) == len(b) and all(
        x == y or T.DYNAMIC in (x, y) for x, y in zip(a, b, strict=True)
    )


def cast_compatible(a: T.Type, b: T.Type) -> bool:
    """MLIR's memref::CastOp::areCastCompatible."""
    if a is b:
        return True
    if isinstance(a, T.MemRefType) and isinstance(b, T.MemRefType):
        if a.element_type is not b.element_type or a.memory_space is not b.memory_space:
            return False
        if a.layout is not b.layout and not _layouts_compatible(a, b):
            return False
        return _compatible_shapes(a.shape, b.shape)
    if isinstance(a, T.UnrankedMemRefType) and isinstance(b, T.UnrankedMemRefType):
        return False
    return a.element_type is b.element_type and a.memory_space is b.memory_space


def _layouts_compatible(a: T.MemRefType, b: T.MemRefType) -> bool:
    """Offsets and strides agree where both are static (strides of unit dims aside)."""
    found_a, found_b = strides_and_offset(a), strides_and_offset(b)
    if found_a is None or found_b is None or len(found_a[0]) != len(found_b[0]):
        return False
    pairs = [(found_a[1], found_b[1])]
    for dim, strides in enumerate(zip(found_a[0], found_b[0], strict=True)):
        if a.shape[dim] != 1 and b.shape[dim] != 1:
            pairs.append(strides)
    return all(x == y or DYN in (x, y) for x, y in pairs)


class CastOp(CastLikeOp):
    """View a memref as a compatible type, changing only what the types know statically.

    %cast = memref.cast %m : memref<4x4xf32> to memref<?x?xf32>

    Sizes, strides and the offset may go from static to dynamic or back, and a ranked
    memref to unranked or back; a static size the source does not have is a run-time
    fault.
    """

    __slots__ = ()
    name = "memref.cast"
    operand_defs = (BaseMemRefArg("source", *ANY_MEMREF),)
    result_defs = (BaseMemRefArg("dest", *ANY_MEMREF),)
    compatible = staticmethod(cast_compatible)


# -- views with offsets, sizes and strides -----------------------------------------------------


class OffsetSizeStrideOp(Op):
    """Base of subview and reinterpret_cast: mixed static/dynamic offsets, sizes, strides."""

    __slots__ = ()
    operand_defs = (
        Arg("source", *ANY_MEMREF),
        Variadic("offsets", *INDICES),
        Variadic("sizes", *INDICES),
        Variadic("strides", *INDICES),
    )
    result_defs = (Arg("result", *STRIDED),)
    prop_defs = (
        Prop("static_offsets", DENSE_I64),
        Prop("static_sizes", DENSE_I64),
        Prop("static_strides", DENSE_I64),
    )
    traits = frozenset({Pure, AttrSizedOperandSegments})
    SPELLED = ("static_offsets", "static_sizes", "static_strides")

    @classmethod
    def build(cls, source, offsets, sizes, strides, result_type=None):
        """From mixed lists (ints where static, index values where dynamic); the result
        type is inferred as MLIR's builders infer it unless given."""
        lists = (offsets, sizes, strides)
        groups = [[v for v in group if not isinstance(v, int)] for group in lists]
        statics = [[v if isinstance(v, int) else DYNAMIC_INDEX for v in group] for group in lists]
        if result_type is None:
            result_type = cls.default_result_type(source.type, *statics)
        properties = {SEGMENT_SIZES: segments([source], *groups)}
        for name, static in zip(cls.SPELLED, statics, strict=True):
            properties[name] = _i64_array(static)
        return cls([source, *groups[0], *groups[1], *groups[2]], [result_type], properties)

    def mixed(self, kind: str, operand_values=None) -> list:
        """The `kind` ("offsets", "sizes", "strides") list: ints where static, else the
        operand (or, given `operand_values`, the value of that operand)."""
        static = static_values(self, f"static_{kind}") or ()
        group = self.operand_group(kind)
        if operand_values is not None:
            position = {id(v): i for i, v in enumerate(self.operands)}
            group = [operand_values[position[id(v)]] for v in group]
        dynamic = iter(group)
        return [next(dynamic) if v == DYNAMIC_INDEX else v for v in static]

    def verify_lists(self, max_ranks: tuple[int, int, int]) -> None:
        """MLIR's OffsetSizeAndStrideOpInterface checks (messages without the op prefix)."""
        check_properties(self)
        offsets, sizes, strides = (static_values(self, n) for n in self.SPELLED)
        if not (len(offsets) == 1 and max_ranks[0] == 1) and len(offsets) != len(sizes):
            raise VerifyError(
                f"expected mixed offsets rank to match mixed sizes rank ({len(offsets)} vs "
                f"{len(sizes)}) so the rank of the result type is well-formed.",
                op_prefix=False,
            )
        if len(sizes) != len(strides):
            raise VerifyError(
                f"expected mixed sizes rank to match mixed strides rank ({len(sizes)} vs "
                f"{len(strides)}) so the rank of the result type is well-formed.",
                op_prefix=False,
            )
        for kind, static, rank in zip(
            ("offset", "size", "stride"), (offsets, sizes, strides), max_ranks, strict=True
        ):
            if len(static) != rank:
                raise VerifyError(
                    f"expected {rank} {kind} values, got {len(static)}", op_prefix=False
                )
            dynamic = static.count(DYNAMIC_INDEX)
            values = len(self.operand_group(f"{kind}s"))
            if values != dynamic:
                raise VerifyError(
                    f"expected the number of '{kind}s' to match the number of dynamic "
                    f"entries in 'static_{kind}s' ({values} vs {dynamic})",
                    op_prefix=False,
                )
        for kind, static in (("offsets", offsets), ("sizes", sizes)):
            for value in static:
                if value < 0 and value != DYNAMIC_INDEX:
                    raise VerifyError(
                        f"expected {kind} to be non-negative, but got {value}", op_prefix=False
                    )


class SubViewOp(OffsetSizeStrideOp):
    """A strided window of a memref, sharing its memory.

    %subview = memref.subview %m[%o, 0] [4, %s] [1, 1]
        : memref<8x?xf32> to memref<4x?xf32, strided<[?, 1], offset: ?>>

    Offsets, sizes and strides are given per dimension, each an integer or an index
    operand; dimensions of static size 1 may be dropped from the result type.
    """

    __slots__ = ()
    name = "memref.subview"
    operand_defs = (
        Arg("source", *RANKED),
        Variadic("offsets", *INDICES),
        Variadic("sizes", *INDICES),
        Variadic("strides", *INDICES),
    )
    result_defs = (Arg("result", *RANKED),)

    @classmethod
    def parse_custom(cls, parser) -> SubViewOp:
        source = operand_name(parser)
        lists = [parse_dynamic_index_list(parser, cls.name) for _ in range(3)]
        attributes = parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        source_type = parse_memref_type(parser, cls.name)
        parser.expect("to")
        result_type = parse_memref_type(parser, cls.name)
        return _build_parsed(cls, parser, source, source_type, lists, result_type, attributes)

    def print_custom(self, printer) -> None:
        source = self.operands[0]
        printer.write(f"{printer.op_name(self)} {printer.value_name(source)}")
        texts = [
            dynamic_index_list_text(
                printer, static_values(self, f"static_{kind}"), self.operand_group(kind)
            )
            for kind in ("offsets", "sizes", "strides")
        ]
        printer.write(" ".join(texts))
        printer.write(attr_dict_text(printer, self, self.SPELLED))
        printer.write(f" : {printer.type(source.type)} to {printer.type(self.results[0].type)}")

    @classmethod
    def default_result_type(cls, source, offsets, sizes, strides) -> T.MemRefType:
        return cls.infer_result_type(source, offsets, sizes, strides)

    @staticmethod
    def infer_result_type(source: T.MemRefType, offsets, sizes, strides) -> T.MemRefType:
        """The result type without rank reduction (MLIR's SubViewOp::inferResultType);
        static lists with DYNAMIC_INDEX entries."""
        source_strides, offset = strides_and_offset(source)
        for value, stride in zip(offsets, source_strides, strict=True):
            offset = _add(offset, _mul(value, stride))
        result_strides = [_mul(a, b) for a, b in zip(source_strides, strides, strict=True)]
        return strided_type(sizes, source.element_type, result_strides, offset, source.memory_space)

    def verify(self) -> None:
        source, result = self.operands[0].type, self.results[0].type
        self.verify_lists((source.rank,) * 3)
        if source.memory_space is not result.memory_space:
            raise VerifyError(
                f"different memory spaces specified for base memref type '{source}' and "
                f"subview memref type '{result}'",
                op_prefix=False,
            )
        if strides_and_offset(source) is None:
            raise VerifyError(f"base type '{source}' is not strided", op_prefix=False)
        offsets, sizes, strides = (static_values(self, n) for n in self.SPELLED)
        expected = self.infer_result_type(source, offsets, sizes, strides)
        problem = _subview_mismatch(expected, result, sizes)
        if problem is not None:
            raise VerifyError(_subview_message(problem, expected, result), op_prefix=False)
        bounds = slice_out_of_bounds(source.shape, offsets, sizes, strides)
        if bounds is not None:
            raise VerifyError(bounds, op_prefix=False)

    def dropped_dims(self) -> set[int]:
        """Source dimensions (all of static size 1) that a rank-reducing subview drops,
        chosen as MLIR's getDroppedDims chooses them."""
        source, result = self.operands[0].type, self.results[0].type
        sizes = static_values(self, "static_sizes")
        source_layout, result_layout = strides_and_offset(source), strides_and_offset(result)
        if source_layout is None or result_layout is None:
            return set()
        found = _memref_rank_reduction(source, result, sizes, source_layout[0], result_layout[0])
        return found or set()

    def result_name_hints(self) -> list[str]:
        return ["subview"]


def _build_parsed(cls, parser, source, source_type, lists, result_type, attributes):
    """An offset/size/stride op from its parsed custom form."""
    properties = {SEGMENT_SIZES: segments([source], *(names for names, _ in lists))}
    for name, (_, static) in zip(cls.SPELLED, lists, strict=True):
        properties[name] = _i64_array(static)
    operands = [resolve(parser, source, source_type)]
    operands += [parser.resolve_operand(n, T.INDEX, i) for names, _ in lists for n, i in names]
    return cls(operands, [result_type], properties, attributes)


def _subview_mismatch(expected: T.MemRefType, result: T.MemRefType, sizes) -> str | None:
    """Why `result` is not `expected` or a rank-reduced version of it, else None."""
    if expected is result:
        return None
    if result.rank > expected.rank:
        return "rank"
    if rank_reduction_by_sizes(expected.shape, result.shape) is None:
        return "sizes"
    if expected.element_type is not result.element_type:
        return "element"
    if expected.memory_space is not result.memory_space:
        return "space"
    expected_layout, result_layout = strides_and_offset(expected), strides_and_offset(result)
    if expected_layout is None or result_layout is None:
        return "layout"
    if expected_layout[1] != result_layout[1]:
        return "layout"
    dropped = _memref_rank_reduction(expected, result, sizes, expected_layout[0], result_layout[0])
    if dropped is None:
        return "layout"
    kept = [s for d, s in enumerate(expected_layout[0]) if d not in dropped]
    return None if kept == result_layout[0] else "layout"


def _subview_message(problem: str, expected: T.MemRefType, result: T.MemRefType) -> str:
    if problem == "rank":
        return f"expected result rank to be smaller or equal to the source rank, but got '{result}'"
    if problem == "element":
        return f"expected result element type to be '{expected.element_type}', but got '{result}'"
    if problem == "space":
        return f"expected result and source memory spaces to match, but got '{result}'"
    what = "sizes" if problem == "sizes" else "layout"
    return (
        f"expected result type to be '{expected}' or a rank-reduced version. (mismatch of "
        f"result {what}), but got '{result}'"
    )


def rank_reduction_by_sizes(original, reduced) -> set[int] | None:
    """MLIR's computeRankReductionMask: dims of size 1 dropped greedily, else None."""
    unused = set()
    position = 0
    for index, size in enumerate(original):
        if position < len(reduced) and size == reduced[position]:
            position += 1
            continue
        unused.add(index)
        if size != 1:
            return None
    return unused if position == len(reduced) else None


def _memref_rank_reduction(original, reduced, sizes, original_strides, reduced_strides):
    """MLIR's computeMemRefRankReductionMask: which dims a rank-reducing subview drops,
    told apart by strides where they are informative, else by position."""
    if original.rank == reduced.rank:
        return set()
    unused = {d for d, size in enumerate(sizes) if size == 1}
    if len(unused) + reduced.rank == original.rank:
        return unused
    if _informative(original_strides) or _informative(reduced_strides):
        found = _reduction_by_strides(original, reduced, original_strides, reduced_strides, unused)
        if found is not None:
            return found
    return _reduction_by_position(original, reduced, sizes)


def _informative(strides) -> bool:
    return len(strides) > 1 and any(s != DYN for s in strides[:-1])


def _reduction_by_strides(original, reduced, original_strides, reduced_strides, unused):
    unaccounted = _counts(original_strides)
    wanted = _counts(reduced_strides)
    unused = set(unused)
    for dim in sorted(unused):
        stride = original_strides[dim]
        if unaccounted.get(stride, 0) > wanted.get(stride, 0):
            unaccounted[stride] -= 1
        elif unaccounted.get(stride, 0) == wanted.get(stride, 0):
            unused.discard(dim)
        else:
            return None
    return unused if len(unused) + reduced.rank == original.rank else None


def _counts(values) -> dict[int, int]:
    found: dict[int, int] = {}
    for value in values:
        found[value] = found.get(value, 0) + 1
    return found


def _reduction_by_position(original, reduced, sizes):
    source_sizes = [DYN if s == DYNAMIC_INDEX else s for s in sizes]
    reduced_sizes = _from_type(reduced.shape)
    used = set()
    start = 0
    for size in reduced_sizes:
        for index in range(start, original.rank):
            if source_sizes[index] == size:
                used.add(index)
                start = index + 1
                break
        else:
            return None
    return {d for d in range(original.rank) if d not in used}


def slice_out_of_bounds(shape, offsets, sizes, strides) -> str | None:
    """MLIR's verifyInBoundsSlice for static entries of a static source dimension."""
    for dim, extent in enumerate(shape):
        offset, size, stride = offsets[dim], sizes[dim], strides[dim]
        if extent == T.DYNAMIC or offset == DYNAMIC_INDEX:
            continue
        if offset >= extent:
            return f"offset {dim} is out-of-bounds: {offset} >= {extent}"
        if DYNAMIC_INDEX in (size, stride):
            continue
        last = offset + (size - 1) * stride
        if last >= extent:
            return f"slice along dimension {dim} runs out-of-bounds: {last} >= {extent}"
    return None


class ReinterpretCastOp(OffsetSizeStrideOp):
    """View the buffer under a memref with a new offset, sizes and strides.

    %rc = memref.reinterpret_cast %m to offset: [0], sizes: [4, 4], strides: [4, 1]
        : memref<16xf32> to memref<4x4xf32>

    The offset counts from the start of the buffer, whatever the source's own offset.
    """

    __slots__ = ()
    name = "memref.reinterpret_cast"

    @classmethod
    def default_result_type(cls, source, offsets, sizes, strides) -> T.MemRefType:
        """`memref<sizes, strided<strides, offset: offset>>` in the source's memory space."""
        return strided_type(sizes, source.element_type, strides, offsets[0], source.memory_space)

    @classmethod
    def parse_custom(cls, parser) -> ReinterpretCastOp:
        source = operand_name(parser)
        parser.expect("to")
        lists = []
        for index, keyword in enumerate(("offset", "sizes", "strides")):
            if index:
                parser.expect(",")
            parser.expect(keyword)
            parser.expect(":")
            lists.append(parse_dynamic_index_list(parser, cls.name))
        attributes = parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        source_type = parse_memref_type(parser, cls.name, ranked=False)
        parser.expect("to")
        result_type = parse_memref_type(parser, cls.name)
        return _build_parsed(cls, parser, source, source_type, lists, result_type, attributes)

    def print_custom(self, printer) -> None:
        source = self.operands[0]
        printer.write(f"{printer.op_name(self)} {printer.value_name(source)} to ")
        parts = [
            f"{keyword}: "
            + dynamic_index_list_text(
                printer, static_values(self, f"static_{kind}"), self.operand_group(kind)
            )
            for keyword, kind in (("offset", "offsets"), ("sizes", "sizes"), ("strides", "strides"))
        ]
        printer.write(", ".join(parts))
        printer.write(attr_dict_text(printer, self, self.SPELLED))
        printer.write(f" : {printer.type(source.type)} to {printer.type(self.results[0].type)}")

    def verify(self) -> None:
        source, result = self.operands[0].type, self.results[0].type
        self.verify_lists((1, result.rank, result.rank))
        if source.memory_space is not result.memory_space:
            raise VerifyError(
                f"different memory spaces specified for source type '{source}' and result "
                f"memref type '{result}'",
                op_prefix=False,
            )
        if source.element_type is not result.element_type:
            raise VerifyError(
                f"source element type ('{source.element_type}') does not match result "
                f"element type ('{result.element_type}')"
            )
        self.verify_result_layout(result)

    def verify_result_layout(self, result: T.MemRefType) -> None:
        offsets, sizes, strides = (static_values(self, n) for n in self.SPELLED)
        for dim, (actual, wanted) in enumerate(zip(_from_type(result.shape), sizes, strict=True)):
            if actual != wanted:
                raise VerifyError(
                    f"expected result type with size = {_dim_text(wanted)} instead of "
                    f"{_dim_text(actual)} in dim = {dim}",
                    op_prefix=False,
                )
        found = strides_and_offset(result)
        if found is None:
            raise VerifyError(
                f"expected result type to have strided layout but found '{result}'",
                op_prefix=False,
            )
        result_strides, result_offset = found
        if result_offset != offsets[0]:
            raise VerifyError(
                f"expected result type with offset = {_dim_text(offsets[0])} instead of "
                f"{_dim_text(result_offset)}",
                op_prefix=False,
            )
        for dim, (actual, wanted) in enumerate(zip(result_strides, strides, strict=True)):
            if actual != wanted:
                raise VerifyError(
                    f"expected result type with stride = {_dim_text(wanted)} instead of "
                    f"{_dim_text(actual)} in dim = {dim}",
                    op_prefix=False,
                )

    def result_name_hints(self) -> list[str]:
        return ["reinterpret_cast"]


# -- reshapes by reassociation ----------------------------------------------------------------


def reassociation_groups(op: Op) -> list[list[int]]:
    return [[i.value for i in group] for group in op.properties["reassociation"]]


def reassociation_attr(groups) -> A.ArrayAttr:
    return A.ArrayAttr(A.ArrayAttr(A.IntegerAttr(i, T.I64) for i in group) for group in groups)


def _verify_collapsed_shape(collapsed, expanded, groups) -> None:
    """MLIR's verifyCollapsedShape (several dynamic dims per group allowed)."""
    if len(collapsed) != len(groups):
        raise VerifyError(
            f"invalid number of reassociation groups: found {len(groups)}, expected "
            f"{len(collapsed)}"
        )
    next_dim = 0
    for collapsed_dim, group in enumerate(groups):
        dynamic = False
        for expanded_dim in group:
            if expanded_dim != next_dim:
                raise VerifyError("reassociation indices must be contiguous")
            next_dim += 1
            if expanded_dim >= len(expanded):
                raise VerifyError(f"reassociation index {expanded_dim} is out of bounds")
            dynamic = dynamic or expanded[expanded_dim] == T.DYNAMIC
        if (collapsed[collapsed_dim] == T.DYNAMIC) != dynamic:
            raise VerifyError(
                f"collapsed dim ({collapsed_dim}) must be dynamic if and only if "
                "reassociation group is dynamic"
            )
        if not dynamic:
            size = 1
            for expanded_dim in group:
                size *= expanded[expanded_dim]
            if size != collapsed[collapsed_dim]:
                raise VerifyError(
                    f"collapsed dim size ({collapsed[collapsed_dim]}) must equal "
                    f"reassociation group size ({size})"
                )
    if not collapsed:
        if any(d != 1 for d in expanded):
            raise VerifyError("rank 0 memrefs can only be extended/collapsed with/from ones")
    elif next_dim != len(expanded):
        raise VerifyError(
            f"expanded rank ({len(expanded)}) inconsistent with number of reassociation "
            f"indices ({next_dim})"
        )


def collapsed_layout(source: T.MemRefType, groups) -> tuple[list[int], int] | None:
    """MLIR's computeCollapsedLayoutMap (non-strict): strides and offset of the collapsed
    view, None when the layout is not strided or a group is visibly not contiguous."""
    found = strides_and_offset(source)
    if found is None:
        return None
    strides, offset = found
    shape = _from_type(source.shape)
    result = []
    for group in groups:
        ref = list(group)
        while shape[ref[-1]] == 1 and len(ref) > 1:
            ref.pop()
        result.append(strides[ref[-1]] if shape[ref[-1]] != DYN or len(ref) == 1 else DYN)
    for index in range(len(groups) - 1, -1, -1):
        stride = result[index]
        for dim in reversed(groups[index][1:]):
            stride = _mul(stride, shape[dim])
            if shape[dim - 1] == 1:
                continue
            if DYN not in (stride, strides[dim - 1]) and stride != strides[dim - 1]:
                return None
    return result, offset


def expanded_layout(source: T.MemRefType, shape, groups) -> tuple[list[int], int] | None:
    """MLIR's computeExpandedLayoutMap: strides and offset of the expanded view."""
    found = strides_and_offset(source)
    if found is None:
        return None
    strides, offset = found
    shape = _from_type(shape)
    reverse = []
    position = len(shape) - 1
    for group, stride in reversed(list(zip(groups, strides, strict=True))):
        for _ in group:
            reverse.append(stride)
            stride = _mul(stride, shape[position])
            position -= 1
    result = reverse[::-1] + [1] * (len(shape) - len(reverse))
    return result, offset


class CollapseShapeOp(Op):
    """Merge groups of contiguous dimensions into one, as a view.

    %collapse_shape = memref.collapse_shape %m [[0, 1], [2]]
        : memref<4x8x2xf32> into memref<32x2xf32>
    """

    __slots__ = ()
    name = "memref.collapse_shape"
    operand_defs = (MemRefArg("src", *STRIDED),)
    result_defs = (MemRefArg("result", *STRIDED),)
    prop_defs = (REASSOCIATION,)
    traits = frozenset({Pure})
    assembly_format = "$src $reassociation attr-dict `:` type($src) `into` type($result)"

    def verify(self) -> None:
        check_properties(self)
        source, result = self.operands[0].type, self.results[0].type
        if source.rank < result.rank:
            raise VerifyError(
                f"has source rank {source.rank} and result rank {result.rank}. This is not "
                f"a collapse ({source.rank} < {result.rank})."
            )
        groups = reassociation_groups(self)
        _verify_collapsed_shape(result.shape, source.shape, groups)
        if is_identity_layout(source):
            expected = T.MemRefType(result.shape, source.element_type, None, source.memory_space)
        else:
            layout = collapsed_layout(source, groups)
            if layout is None:
                raise VerifyError("invalid source layout map or collapsing non-contiguous dims")
            expected = strided_type(
                _from_type(result.shape), source.element_type, *layout, source.memory_space
            )
        if expected is not result:
            raise VerifyError(f"expected collapsed type to be '{expected}' but found '{result}'")

    def result_name_hints(self) -> list[str]:
        return ["collapse_shape"]


class ExpandShapeOp(Op):
    """Split dimensions into groups of new ones, as a view.

    %expand_shape = memref.expand_shape %m [[0, 1]] output_shape [%n, 4]
        : memref<?xf32> into memref<?x4xf32>

    `output_shape` gives every result size, an integer or an index operand.
    """

    __slots__ = ()
    name = "memref.expand_shape"
    operand_defs = (Arg("src", *STRIDED), Variadic("output_shape", *INDICES))
    result_defs = (Arg("result", *STRIDED),)
    prop_defs = (REASSOCIATION, Prop("static_output_shape", DENSE_I64))
    traits = frozenset({Pure})

    @classmethod
    def parse_custom(cls, parser) -> ExpandShapeOp:
        source = operand_name(parser)
        reassociation = parser.parse_attribute()
        parser.expect("output_shape")
        names, static = parse_dynamic_index_list(parser, cls.name)
        attributes = parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        source_type = parse_memref_type(parser, cls.name)
        parser.expect("into")
        result_type = parse_memref_type(parser, cls.name)
        properties = {"reassociation": reassociation, "static_output_shape": _i64_array(static)}
        operands = [resolve(parser, source, source_type)]
        operands += resolve_indices(parser, names)
        return cls(operands, [result_type], properties, attributes)

    def print_custom(self, printer) -> None:
        source = self.operands[0]
        shape = dynamic_index_list_text(
            printer, static_values(self, "static_output_shape"), self.operands[1:]
        )
        printer.write(
            f"{printer.op_name(self)} {printer.value_name(source)} "
            f"{printer.attr(self.properties['reassociation'])} output_shape {shape}"
        )
        printer.write(attr_dict_text(printer, self, ("reassociation", "static_output_shape")))
        printer.write(f" : {printer.type(source.type)} into {printer.type(self.results[0].type)}")

    def mixed_output_shape(self, operand_values=None) -> list:
        static = static_values(self, "static_output_shape") or ()
        dynamic = iter(operand_values[1:] if operand_values is not None else self.operands[1:])
        return [next(dynamic) if v == DYNAMIC_INDEX else v for v in static]

    def verify(self) -> None:
        check_operand_types(self)
        check_properties(self)
        source, result = self.operands[0].type, self.results[0].type
        if source.rank > result.rank:
            raise VerifyError(
                f"has source rank {source.rank} and result rank {result.rank}. This is not "
                f"an expansion ({source.rank} > {result.rank})."
            )
        groups = reassociation_groups(self)
        _verify_collapsed_shape(source.shape, result.shape, groups)
        if is_identity_layout(source):
            expected = T.MemRefType(result.shape, source.element_type, None, source.memory_space)
        else:
            layout = expanded_layout(source, result.shape, groups)
            if layout is None:
                raise VerifyError("invalid source layout map")
            expected = strided_type(
                _from_type(result.shape), source.element_type, *layout, source.memory_space
            )
        if expected is not result:
            raise VerifyError(f"expected expanded type to be '{expected}' but found '{result}'")
        self.verify_output_shape(result)

    def verify_output_shape(self, result: T.MemRefType) -> None:
        static = static_values(self, "static_output_shape")
        if len(static) != result.rank:
            raise VerifyError(
                "expected number of static shape bounds to be equal to the output rank "
                f"({result.rank}) but found {len(static)} inputs instead"
            )
        dynamic = static.count(DYNAMIC_INDEX)
        if len(self.operands) - 1 != dynamic:
            raise VerifyError(
                "mismatch in dynamic dims in output_shape and static_output_shape: "
                f"static_output_shape has {dynamic} dynamic dims while output_shape has "
                f"{len(self.operands) - 1} values"
            )
        dynamic_dims = result.shape.count(T.DYNAMIC)
        if len(self.operands) - 1 != dynamic_dims:
            raise VerifyError(
                f"incorrect number of dynamic sizes, has {len(self.operands) - 1}, expected "
                f"{dynamic_dims}"
            )
        for position, size in enumerate(result.shape):
            if size != T.DYNAMIC and size != static[position]:
                raise VerifyError(f"invalid output shape provided at pos {position}")

    def result_name_hints(self) -> list[str]:
        return ["expand_shape"]


OPS = ops_by_name(
    AllocOp,
    AllocaOp,
    DeallocOp,
    LoadOp,
    StoreOp,
    DimOp,
    CopyOp,
    CastOp,
    SubViewOp,
    ReinterpretCastOp,
    CollapseShapeOp,
    ExpandShapeOp,
)
