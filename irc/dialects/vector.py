"""The vector dialect: n-D vector values, and loads, stores and transfers between them and
memory.

Names, syntax and meaning follow MLIR's vector dialect (the MLIR of iree-base-compiler
3.13.0): `vector.load`/`vector.store` move a vector to or from a memref at given indices,
`vector.maskedload`/`vector.maskedstore` do so lane by lane under a mask,
`vector.transfer_read`/`vector.transfer_write` move a vector through a permutation map and
handle out-of-bounds lanes (padding on read, skipped on write) on memrefs and tensors;
`vector.broadcast`, `vector.extract`, `vector.insert`, `vector.shape_cast`, `vector.fma`,
`vector.reduction` and `vector.contract` compute on vector values.

Positions of extract/insert mix integers and index operands, `[%i, 2]`: the integers go to
an `array<i64>` property (`static_position`), where MLIR's dynamic marker
`-9223372036854775808` stands for each SSA operand; `-1` is MLIR's poison position.
"""

from __future__ import annotations

from irc.dialects import ops_by_name
from irc.dialects.arith import FASTMATH
from irc.dialects.memref import (
    ACCESS,
    ALIGNMENT,
    DENSE_I64,
    DYNAMIC_INDEX,
    INDICES,
    NONTEMPORAL,
    MemRefArg,
    access_clauses_text,
    attr_dict_text,
    dynamic_index_list_text,
    parse_access_clauses,
    parse_custom_attr_dict,
    parse_dynamic_index_list,
    parse_memref_type,
    strides_and_offset,
)
from irc.dialects.syntax import (
    EnumAttr,
    check_operand_types,
    check_properties,
    fail,
    indexed_names,
    indexed_text,
    keyword,
    operand_name,
    parse_type_of,
    resolve,
    resolve_indexed,
)
from irc.ir import affine
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.opdef import SEGMENT_SIZES, Arg, AttrKind, Op, Optional, Prop, Variadic, VerifyError
from irc.ir.traits import AttrSizedOperandSegments, Pure

POISON_INDEX = -1  # a position of extract/insert whose result is poison

# -- type constraints (MLIR's descriptions) ---------------------------------------------------


def _is_vector(t: T.Type) -> bool:
    return isinstance(t, T.VectorType)


def _is_float_vector(t: T.Type) -> bool:
    return isinstance(t, T.VectorType) and isinstance(t.element_type, T.FloatType)


def _is_bool_vector(t: T.Type) -> bool:
    return isinstance(t, T.VectorType) and t.element_type is T.I1


def _is_memref(t: T.Type) -> bool:
    return isinstance(t, T.MemRefType)


def _is_shaped_source(t: T.Type) -> bool:
    return isinstance(t, (T.MemRefType, T.TensorType))


def _is_ranked_tensor(t: T.Type) -> bool:
    return isinstance(t, T.TensorType)


VECTOR = (_is_vector, "vector of any non-token type values")
ANY_VECTOR = (_is_vector, "vector of any type values")
FLOAT_VECTOR = (_is_float_vector, "vector of floating-point values")
MASK = (_is_bool_vector, "vector of 1-bit signless integer values")
MEMREF = (_is_memref, "memref of any non-token type values")
SHAPED = (_is_shaped_source, "shaped of any type values")
RANKED_TENSOR = (_is_ranked_tensor, "ranked tensor of any type values")


class VectorArg(Arg):
    """An operand or result whose custom form must spell a vector type."""

    type_class = ((T.VectorType,), "builtin.vector")


def parse_vector_type(parser, op_name: str) -> T.VectorType:
    """A type that must be a vector (MLIR's parseType<VectorType>)."""
    return parse_type_of(parser, op_name, T.VectorType, "builtin.vector")


# -- attributes -------------------------------------------------------------------------------

COMBINING_KINDS = (
    "add",
    "mul",
    "minui",
    "minsi",
    "minnumf",
    "maxui",
    "maxsi",
    "maxnumf",
    "and",
    "or",
    "xor",
    "maximumf",
    "minimumf",
    "maximumnumf",
    "minimumnumf",
)
INTEGER_KINDS = frozenset({"minui", "minsi", "maxui", "maxsi", "and", "or", "xor"})


class CombiningKindAttr(EnumAttr):
    """`#vector.kind<add>`: how a reduction or contraction combines elements."""

    __slots__ = ()
    mnemonic = "#vector.kind"
    cases = COMBINING_KINDS
    enum = "::mlir::vector::CombiningKind"

    @property
    def kind(self) -> str:
        return self.value


class _CombiningKindProp(AttrKind):
    description = "Kind of combining function for contractions and reductions"

    def check(self, attr) -> bool:
        return isinstance(attr, CombiningKindAttr)


class _KindKind(_CombiningKindProp):
    """The `kind` property: `<add>` in custom forms, `#vector.kind<add>` also accepted."""

    def parse(self, parser):
        if parser.tok[:1] == "#":
            return parser.parse_attribute()
        return CombiningKindAttr.parse_body(parser, "vector.reduction")

    def text(self, attr, printer) -> str:
        return f"<{attr.kind}>"


ITERATOR_TYPES = ("parallel", "reduction")


class IteratorTypeAttr(EnumAttr):
    """`#vector.iterator_type<parallel>`: whether a contraction loop is kept or reduced."""

    __slots__ = ()
    mnemonic = "#vector.iterator_type"
    cases = ITERATOR_TYPES
    enum = "::mlir::vector::IteratorType"

    @property
    def kind(self) -> str:
        return self.value


class _AffineMapArrayKind(AttrKind):
    description = "AffineMap array attribute"

    def check(self, attr) -> bool:
        return isinstance(attr, A.ArrayAttr) and all(isinstance(m, A.AffineMapAttr) for m in attr)


class _IteratorTypesKind(AttrKind):
    description = "Iterator type should be an enum."

    def check(self, attr) -> bool:
        return isinstance(attr, A.ArrayAttr) and all(isinstance(t, IteratorTypeAttr) for t in attr)


class _BoolArrayKind(AttrKind):
    description = "1-bit boolean array attribute"

    def check(self, attr) -> bool:
        return isinstance(attr, A.ArrayAttr) and all(
            isinstance(b, A.IntegerAttr) and b.type is T.I1 for b in attr
        )


class _AffineMapKind(AttrKind):
    description = "AffineMap attribute"

    def check(self, attr) -> bool:
        return isinstance(attr, A.AffineMapAttr)


KIND = Prop("kind", _KindKind())
STATIC_POSITION = Prop("static_position", DENSE_I64)
PERMUTATION_MAP = Prop("permutation_map", _AffineMapKind())
IN_BOUNDS = Prop("in_bounds", _BoolArrayKind())

ATTRIBUTES = {"kind": CombiningKindAttr.parse_body, "iterator_type": IteratorTypeAttr.parse_body}


# -- loads and stores -------------------------------------------------------------------------


def _clause_value(parser, op_name: str, keyword: str) -> A.Attribute:
    """`= 16` or `= true`: vector's spelling of the value of an access clause."""
    parser.expect("=")
    if keyword == "alignment":
        return A.IntegerAttr(parser.parse_integer_literal(), T.I64)
    index = parser.pos
    attr = parser.parse_attribute()
    if not (isinstance(attr, A.IntegerAttr) and attr.type is T.I1):
        parser.error("integer literal not valid for specified type", index)
    return attr


def _verify_layout(vector: T.VectorType, memref: T.MemRefType) -> None:
    """MLIR's verifyLoadStoreMemRefLayout: a vector of several elements needs a unit
    stride in the most minor memref dimension."""
    if not any(vector.scalable) and (vector.rank == 0 or vector.num_elements == 1):
        return
    found = strides_and_offset(memref)
    if found is None or (found[0] and found[0][-1] != 1):
        raise VerifyError("most minor memref dim must have unit stride")


def _memref_element(memref: T.MemRefType, vector: T.VectorType, value_name: str) -> T.Type:
    """The scalar element type of `memref`, checking a vector element against `vector`."""
    element = memref.element_type
    if isinstance(element, T.VectorType):
        if element is not vector:
            raise VerifyError(f"base memref and {value_name} vector types should match")
        element = element.element_type
    return element


def _verify_indices(op: Op, memref: T.ShapedType) -> None:
    if len(op.operand_group("indices")) != memref.rank:
        raise VerifyError(f"requires {memref.rank} indices")


class _AccessOp(Op):
    """Base of vector.load and vector.store: `%m[%i] : memref<..>, vector<..>`, after the
    stored value (`%v, `) for a store, which has no result."""

    __slots__ = ()

    @classmethod
    def parse_custom(cls, parser) -> _AccessOp:
        start = parser.pos - 1
        value = None
        if not cls.result_defs:
            value = operand_name(parser)
            parser.expect(",")
        base, indices = indexed_names(parser)
        properties = parse_access_clauses(parser, cls.name, start, _clause_value)
        attributes = parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        memref = parse_memref_type(parser, cls.name)
        parser.expect(",")
        vector = parse_vector_type(parser, cls.name)
        stored = [] if value is None else [resolve(parser, value, vector)]
        operands = stored + resolve_indexed(parser, base, memref, indices)
        return cls(operands, [] if stored else [vector], properties, attributes)

    def print_custom(self, printer) -> None:
        if self.result_defs:
            (base, *indices), vector = self.operands, self.results[0]
            printer.write(f"{printer.op_name(self)} {indexed_text(printer, base, indices)}")
        else:
            vector, base, *indices = self.operands
            printer.write(
                f"{printer.op_name(self)} {printer.value_name(vector)}, "
                f"{indexed_text(printer, base, indices)}"
            )
        printer.write(access_clauses_text(self, "{} = {}"))
        printer.write(attr_dict_text(printer, self, ACCESS))
        printer.write(f" : {printer.type(base.type)}, {printer.type(vector.type)}")


class LoadOp(_AccessOp):
    """Read an n-D vector from a memref, starting at the given indices.

    %v = vector.load %m[%i, %j] : memref<8x8xf32>, vector<4xf32>
    %w = vector.load %m[%i, %j] alignment = 16 nontemporal = true : memref<8x8xf32>, vector<4xf32>

    The vector's dimensions run along the memref's most minor ones; lanes past the end of
    the memref are undefined in MLIR (the interpreter reports them).
    """

    __slots__ = ()
    name = "vector.load"
    memory_effects = ("read",)
    operand_defs = (MemRefArg("base", *MEMREF), Variadic("indices", *INDICES))
    result_defs = (VectorArg("result", *VECTOR),)
    prop_defs = (NONTEMPORAL, ALIGNMENT)

    def verify(self) -> None:
        check_operand_types(self)
        check_properties(self)
        vector, memref = self.results[0].type, self.operands[0].type
        _verify_layout(vector, memref)
        if memref.rank < vector.rank:
            raise VerifyError("destination memref has lower rank than the result vector")
        if vector.element_type is not _memref_element(memref, vector, "result"):
            raise VerifyError("base and result element types should match")
        _verify_indices(self, memref)


class StoreOp(_AccessOp):
    """Write an n-D vector to a memref, starting at the given indices.

    vector.store %v, %m[%i, %j] : memref<8x8xf32>, vector<4xf32>
    """

    __slots__ = ()
    name = "vector.store"
    memory_effects = ("write",)
    operand_defs = (
        VectorArg("valueToStore", *VECTOR),
        MemRefArg("base", *MEMREF),
        Variadic("indices", *INDICES),
    )
    result_defs = ()
    prop_defs = (NONTEMPORAL, ALIGNMENT)

    def verify(self) -> None:
        check_operand_types(self)
        check_properties(self)
        vector, memref = self.operands[0].type, self.operands[1].type
        _verify_layout(vector, memref)
        if memref.rank < vector.rank:
            raise VerifyError("source memref has lower rank than the vector to store")
        if vector.element_type is not _memref_element(memref, vector, "valueToStore"):
            raise VerifyError("base and valueToStore element type should match")
        _verify_indices(self, memref)


def _verify_masked(op: Op, memref: T.MemRefType, vector: T.VectorType, value_name: str):
    """The checks MaskedLoadOp and MaskedStoreOp share, in MLIR's order."""
    check_operand_types(op)
    check_properties(op)
    if memref.element_type is not vector.element_type:
        raise VerifyError(
            f"base element type ('{memref.element_type}') does not match {value_name} element "
            f"type ('{vector.element_type}')"
        )
    _verify_indices(op, memref)
    if op.operand_group("mask")[0].type.shape != vector.shape:
        raise VerifyError(f"expected {value_name} shape to match mask shape")


class _MaskedOp(Op):
    """Base of maskedload and maskedstore: `%m[%i], %mask, %v : memref<..>, vector<..xi1>,
    vector<..>`, then ` into vector<..>` for maskedload's result."""

    __slots__ = ()

    @classmethod
    def parse_custom(cls, parser) -> _MaskedOp:
        start = parser.pos - 1
        base, indices = indexed_names(parser)
        parser.expect(",")
        mask = operand_name(parser)
        parser.expect(",")
        value = operand_name(parser)
        properties = parse_access_clauses(parser, cls.name, start, _clause_value, ("alignment",))
        attributes = parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        memref = parse_memref_type(parser, cls.name)
        parser.expect(",")
        mask_type = parse_vector_type(parser, cls.name)
        parser.expect(",")
        value_type = parse_vector_type(parser, cls.name)
        results = []
        if cls.result_defs:
            keyword(parser, cls.name, "into")
            results.append(parse_vector_type(parser, cls.name))
        operands = resolve_indexed(parser, base, memref, indices)
        operands.append(resolve(parser, mask, mask_type))
        operands.append(resolve(parser, value, value_type))
        return cls(operands, results, properties, attributes)

    def print_custom(self, printer) -> None:
        base, *indices, mask, value = self.operands
        printer.write(
            f"{printer.op_name(self)} {indexed_text(printer, base, indices)}, "
            f"{printer.value_name(mask)}, {printer.value_name(value)}"
        )
        printer.write(access_clauses_text(self, "{} = {}"))
        printer.write(attr_dict_text(printer, self, ("alignment",)))
        types = ", ".join(printer.type(v.type) for v in (base, mask, value))
        printer.write(f" : {types}")
        if self.result_defs:
            printer.write(f" into {printer.type(self.results[0].type)}")


class MaskedLoadOp(_MaskedOp):
    """Read the lanes of a vector whose mask bit is set; the others come from pass_thru.

    %v = vector.maskedload %m[%i], %mask, %pass : memref<8xf32>, vector<4xi1>, vector<4xf32>
        into vector<4xf32>

    Masked-off lanes never touch memory, so they may lie out of bounds.
    """

    __slots__ = ()
    name = "vector.maskedload"
    memory_effects = ("read",)
    operand_defs = (
        MemRefArg("base", *MEMREF),
        Variadic("indices", *INDICES),
        VectorArg("mask", *MASK),
        VectorArg("pass_thru", *VECTOR),
    )
    result_defs = (VectorArg("result", *VECTOR),)
    prop_defs = (ALIGNMENT,)

    def verify(self) -> None:
        result = self.results[0].type
        _verify_masked(self, self.operands[0].type, result, "result")
        if self.operands[-1].type is not result:
            raise VerifyError("expected pass_thru of same type as result type")


class MaskedStoreOp(_MaskedOp):
    """Write the lanes of a vector whose mask bit is set.

    vector.maskedstore %m[%i], %mask, %v : memref<8xf32>, vector<4xi1>, vector<4xf32>
    """

    __slots__ = ()
    name = "vector.maskedstore"
    memory_effects = ("write",)
    operand_defs = (
        MemRefArg("base", *MEMREF),
        Variadic("indices", *INDICES),
        VectorArg("mask", *MASK),
        VectorArg("valueToStore", *VECTOR),
    )
    result_defs = ()
    prop_defs = (ALIGNMENT,)

    def verify(self) -> None:
        _verify_masked(self, self.operands[0].type, self.operands[-1].type, "valueToStore")


# -- transfers --------------------------------------------------------------------------------


def minor_identity(source_rank: int, vector_rank: int) -> affine.AffineMap:
    """The default permutation map: the vector spans the most minor source dimensions."""
    return affine.AffineMap(
        source_rank, 0, tuple(affine.Dim(d) for d in range(source_rank - vector_rank, source_rank))
    )


def default_transfer_map(shaped: T.ShapedType, vector: T.VectorType) -> affine.AffineMap:
    """MLIR's getTransferMinorIdentityMap: the minor identity over the vector's own
    dimensions (those of a vector element type excluded)."""
    return minor_identity(shaped.rank, effective_vector_rank(shaped, vector))


def effective_vector_rank(shaped: T.ShapedType, vector: T.VectorType) -> int:
    """The vector's rank less that of the source's vector element type, if it has one."""
    element = shaped.element_type
    return vector.rank - (element.rank if isinstance(element, T.VectorType) else 0)


def is_minor_identity(amap: affine.AffineMap) -> bool:
    return amap.num_symbols == 0 and amap == minor_identity(amap.num_dims, len(amap.results))


def transfer_mask_type(vector: T.VectorType, amap: affine.AffineMap) -> T.VectorType:
    """MLIR's inferTransferOpMaskType: the vector sizes of the dims the map reads, in the
    order of the source dimensions (broadcast lanes have no mask bit)."""
    by_dim = {}
    for position, expr in enumerate(amap.results):
        if isinstance(expr, affine.Dim):
            by_dim[expr.position] = (vector.shape[position], vector.scalable[position])
    dims = [by_dim[d] for d in sorted(by_dim)] or [(1, False)]
    return T.VectorType([s for s, _ in dims], T.I1, [f for _, f in dims])


def in_bounds_values(op: Op) -> list[bool]:
    return [bool(b.value) for b in op.properties["in_bounds"]]


def _verify_permutation(amap: affine.AffineMap) -> None:
    """MLIR's verifyPermutationMap: each result a distinct dim or the constant 0."""
    seen = set()
    for expr in amap.results:
        if isinstance(expr, affine.Constant) and expr.value == 0:
            continue
        if not isinstance(expr, affine.Dim):
            raise VerifyError(
                "requires a projected permutation_map (at most one dim or the zero constant "
                "can appear in each result)"
            )
        if expr.position in seen:
            raise VerifyError(
                "requires a permutation_map that is a permutation (found one dim used more "
                "than once)"
            )
        seen.add(expr.position)


def bit_width(t: T.Type) -> int | None:
    """Bits of a scalar in MLIR's default data layout (index: 64); None if unknown."""
    if isinstance(t, T.IndexType):
        return 64
    return t.width if isinstance(t, (T.IntegerType, T.FloatType)) else None


def _verify_minor_vector(source: T.ShapedType, vector: T.VectorType, amap) -> None:
    """MLIR's verifyTransferOp on the most minor 1-D vector, for a source of scalars or
    of vectors."""
    element = source.element_type
    if isinstance(element, T.VectorType):
        source_bits = (bit_width(element.element_type) or 0) * element.shape[-1]
        result_bits = (bit_width(vector.element_type) or 0) * vector.shape[-1]
        if source_bits and result_bits % source_bits:
            raise VerifyError(
                "requires the bitwidth of the minor 1-D vector to be an integral multiple of "
                "the bitwidth of the minor 1-D vector of the source"
            )
        if element.rank > vector.rank:
            raise VerifyError("requires source vector element and vector result ranks to match.")
        rank = vector.rank - element.rank
    else:
        minor = vector.shape[-1] if vector.rank else 1
        source_bits, result_bits = bit_width(element), bit_width(vector.element_type)
        if source_bits and result_bits and (result_bits * minor) % source_bits:
            raise VerifyError(
                "requires the bitwidth of the minor 1-D vector to be an integral multiple of "
                "the bitwidth of the source element type"
            )
        rank = vector.rank
    if len(amap.results) != rank:
        raise VerifyError(
            "requires a permutation_map with result dims of the same rank as the vector type"
        )


def _verify_transfer(op: Op, source: T.ShapedType, vector: T.VectorType) -> None:
    """MLIR's verifyTransferOp, after the index count (and, for writes, broadcasts)."""
    amap = op.properties["permutation_map"].value
    if len(op.operand_group("indices")) != source.rank:
        raise VerifyError(f"requires {source.rank} indices")
    if isinstance(op, TransferWriteOp) and any(
        isinstance(e, affine.Constant) for e in amap.results
    ):
        raise VerifyError("should not have broadcast dimensions")
    _verify_minor_vector(source, vector, amap)
    if amap.num_symbols:
        raise VerifyError("requires permutation_map without symbols")
    if amap.num_dims != source.rank:
        raise VerifyError(
            "requires a permutation_map with input dims of the same rank as the source type"
        )
    mask = op.operand_group("mask")
    if mask:
        inferred = transfer_mask_type(vector, amap)
        if mask[0].type is not inferred:
            raise VerifyError(
                f"inferred mask type ('{inferred}') and mask operand type ('{mask[0].type}') "
                "don't match"
            )
    in_bounds = op.properties["in_bounds"]
    if len(in_bounds) != len(amap.results):
        raise VerifyError(
            "expects the in_bounds attr of same rank as permutation_map results: "
            f"{A.AffineMapAttr(amap)} vs inBounds of size: {len(in_bounds)}"
        )


def _parse_transfer_types(parser, op_name: str, vector_first: bool):
    """`: memref<..>, vector<..>` (reversed for writes), with MLIR's messages."""
    index = parser.pos
    types = [parser.parse_type()]
    while parser.accept(","):
        types.append(parser.parse_type())
    if len(types) != 2:
        fail(parser, op_name, "requires two types", index)
    vector, shaped = types if vector_first else types[::-1]
    if not isinstance(shaped, (T.MemRefType, T.TensorType)):
        fail(parser, op_name, "requires memref or ranked tensor type", index)
    if not isinstance(vector, T.VectorType):
        fail(parser, op_name, "requires vector type", index)
    return shaped, vector, index


def _transfer_properties(parser, op_name, attributes, shaped, vector, index) -> dict:
    """permutation_map and in_bounds from the attribute dictionary, or their defaults."""
    properties = {}
    for name in ("permutation_map", "in_bounds"):
        if name in attributes:
            properties[name] = attributes.pop(name)
    amap_attr = properties.get("permutation_map")
    if amap_attr is None:
        if shaped.rank < effective_vector_rank(shaped, vector):
            fail(
                parser,
                op_name,
                "expected a custom permutation_map when rank(source) != rank(destination)",
                index,
            )
        amap_attr = properties["permutation_map"] = A.AffineMapAttr(
            default_transfer_map(shaped, vector)
        )
    if "in_bounds" not in properties:
        results = len(amap_attr.value.results) if isinstance(amap_attr, A.AffineMapAttr) else 0
        properties["in_bounds"] = A.ArrayAttr([A.BoolAttr(False)] * results)
    return properties


def _transfer_attrs(op: Op) -> dict:
    """MLIR's printTransferAttrs: the map unless minor identity, in_bounds unless all
    false, and the discardable attributes, in one dictionary."""
    entries = dict(op.attributes)
    amap = op.properties.get("permutation_map")
    if not (isinstance(amap, A.AffineMapAttr) and is_minor_identity(amap.value)):
        entries["permutation_map"] = amap
    in_bounds = op.properties.get("in_bounds")
    if isinstance(in_bounds, A.ArrayAttr) and any(b.value for b in in_bounds):
        entries["in_bounds"] = in_bounds
    for name, attr in op.properties.items():
        if name not in ("permutation_map", "in_bounds", SEGMENT_SIZES):
            entries[name] = attr
    return entries


def _transfer_attrs_text(printer, op: Op) -> str:
    entries = _transfer_attrs(op)
    return " " + printer.attr_dict(entries) if entries else ""


def _resolve_mask(parser, op_name, mask, shaped, vector, properties, index):
    if isinstance(shaped.element_type, T.VectorType):
        fail(parser, op_name, "does not support masks with vector element type", mask[1])
    amap = properties["permutation_map"].value
    if vector.rank != len(amap.results):
        fail(
            parser,
            op_name,
            "expected the same rank for the vector and the results of the permutation map",
            index,
        )
    return parser.resolve_operand(mask[0], transfer_mask_type(vector, amap), mask[1])


def _segments(*sizes) -> A.DenseArrayAttr:
    return A.DenseArrayAttr(T.I32, sizes)


class TransferReadOp(Op):
    """Read a vector from a memref or tensor through a permutation map, padding the lanes
    that fall outside the source with `padding`.

    %v = vector.transfer_read %m[%i, %j], %pad : memref<8x8xf32>, vector<4xf32>
    %t = vector.transfer_read %m[%i, %j], %pad, %mask
        {in_bounds = [true, false], permutation_map = affine_map<(d0, d1) -> (d1, d0)>}
        : memref<8x8xf32>, vector<4x2xf32>

    Result dimension r runs along source dimension `permutation_map[r]` from the given
    indices (a `0` result broadcasts); lanes out of bounds, or masked off, are `padding`.
    """

    __slots__ = ()
    name = "vector.transfer_read"
    memory_effects = ("read",)
    operand_defs = (
        Arg("base", *SHAPED),
        Variadic("indices", *INDICES),
        Arg("padding"),
        Optional("mask", *MASK),
    )
    result_defs = (Arg("vector", *ANY_VECTOR),)
    prop_defs = (PERMUTATION_MAP, IN_BOUNDS)
    traits = frozenset({AttrSizedOperandSegments})

    @classmethod
    def parse_custom(cls, parser) -> TransferReadOp:
        base, indices = indexed_names(parser)
        parser.expect(",")
        padding = operand_name(parser)
        mask = operand_name(parser) if parser.accept(",") else None
        attributes = parser.parse_attribute_dict() if parser.tok == "{" else {}
        parser.expect(":")
        shaped, vector, index = _parse_transfer_types(parser, cls.name, vector_first=False)
        properties = _transfer_properties(parser, cls.name, attributes, shaped, vector, index)
        operands = resolve_indexed(parser, base, shaped, indices)
        operands.append(resolve(parser, padding, shaped.element_type))
        if mask is not None:
            operands.append(
                _resolve_mask(parser, cls.name, mask, shaped, vector, properties, index)
            )
        properties[SEGMENT_SIZES] = _segments(1, len(indices), 1, int(mask is not None))
        return cls(operands, [vector], properties, attributes)

    def printed_attribute_names(self) -> list[str]:
        return list(_transfer_attrs(self))  # for alias numbering: what the form spells

    def print_custom(self, printer) -> None:
        base = self.operands[0]
        names = ", ".join(printer.value_name(v) for v in self.operand_group("indices"))
        padding = self.operand_group("padding")[0]
        printer.write(
            f"{printer.op_name(self)} {printer.value_name(base)}[{names}], "
            f"{printer.value_name(padding)}"
        )
        for mask in self.operand_group("mask"):
            printer.write(f", {printer.value_name(mask)}")
        printer.write(_transfer_attrs_text(printer, self))
        printer.write(f" : {printer.type(base.type)}, {printer.type(self.results[0].type)}")

    def verify(self) -> None:
        check_properties(self)
        source, vector = self.operands[0].type, self.results[0].type
        _verify_transfer(self, source, vector)
        padding = self.operand_group("padding")[0].type
        if isinstance(source.element_type, T.VectorType):
            if padding is not source.element_type:
                raise VerifyError("requires source element type and padding type to match.")
        elif padding is not source.element_type:
            raise VerifyError("requires formal padding and source of the same elemental type")
        _verify_permutation(self.properties["permutation_map"].value)


class TransferWriteOp(Op):
    """Write a vector to a memref or tensor through a permutation map; lanes that fall
    outside the destination, or are masked off, are not written.

    vector.transfer_write %v, %m[%i, %j] : vector<4xf32>, memref<8x8xf32>
    %t2 = vector.transfer_write %v, %t[%i, %j] {in_bounds = [true]}
        : vector<4xf32>, tensor<8x8xf32>

    On a tensor the result is the tensor with the vector written into it.
    """

    __slots__ = ()
    name = "vector.transfer_write"
    memory_effects = ("write",)
    operand_defs = (
        VectorArg("valueToStore", *ANY_VECTOR),
        Arg("base", *SHAPED),
        Variadic("indices", *INDICES),
        Optional("mask", *MASK),
    )
    result_defs = (Optional("result", *RANKED_TENSOR),)
    prop_defs = (PERMUTATION_MAP, IN_BOUNDS)
    traits = frozenset({AttrSizedOperandSegments})

    @classmethod
    def parse_custom(cls, parser) -> TransferWriteOp:
        value = operand_name(parser)
        parser.expect(",")
        base, indices = indexed_names(parser)
        mask = operand_name(parser) if parser.accept(",") else None
        attributes = parser.parse_attribute_dict() if parser.tok == "{" else {}
        parser.expect(":")
        shaped, vector, index = _parse_transfer_types(parser, cls.name, vector_first=True)
        properties = _transfer_properties(parser, cls.name, attributes, shaped, vector, index)
        operands = [resolve(parser, value, vector), *resolve_indexed(parser, base, shaped, indices)]
        if mask is not None:
            operands.append(
                _resolve_mask(parser, cls.name, mask, shaped, vector, properties, index)
            )
        properties[SEGMENT_SIZES] = _segments(1, 1, len(indices), int(mask is not None))
        results = [shaped] if isinstance(shaped, T.TensorType) else []
        return cls(operands, results, properties, attributes)

    def printed_attribute_names(self) -> list[str]:
        return list(_transfer_attrs(self))  # for alias numbering: what the form spells

    def print_custom(self, printer) -> None:
        value, base = self.operands[:2]
        names = ", ".join(printer.value_name(v) for v in self.operand_group("indices"))
        printer.write(
            f"{printer.op_name(self)} {printer.value_name(value)}, "
            f"{printer.value_name(base)}[{names}]"
        )
        for mask in self.operand_group("mask"):
            printer.write(f", {printer.value_name(mask)}")
        printer.write(_transfer_attrs_text(printer, self))
        printer.write(f" : {printer.type(value.type)}, {printer.type(base.type)}")

    def verify(self) -> None:
        check_properties(self)
        vector, source = self.operands[0].type, self.operands[1].type
        _verify_transfer(self, source, vector)
        _verify_permutation(self.properties["permutation_map"].value)


# -- building and taking apart vectors --------------------------------------------------------


class BroadcastOp(Op):
    """Broadcast a scalar or a vector to a vector of higher or equal rank, numpy-style:
    leading dimensions are added, and dimensions of size 1 stretch.

    %b = vector.broadcast %s : f32 to vector<4xf32>
    %c = vector.broadcast %v : vector<1x4xf32> to vector<3x4xf32>
    """

    __slots__ = ()
    name = "vector.broadcast"
    operand_defs = (Arg("source"),)
    result_defs = (VectorArg("vector", *ANY_VECTOR),)
    traits = frozenset({Pure})
    assembly_format = "$source attr-dict `:` type($source) `to` type($vector)"

    def verify(self) -> None:
        source, result = self.operands[0].type, self.results[0].type
        if T.element_type_of(source) is not result.element_type:
            raise VerifyError(
                "failed to verify that source operand and result have same element type"
            )
        if not isinstance(source, T.VectorType):
            if isinstance(source, T.ShapedType):
                raise VerifyError("source type is not a vector")
            return
        if source.rank > result.rank:
            raise VerifyError("source rank higher than destination rank")
        lead = result.rank - source.rank
        for dim in range(source.rank):
            src, dst = source.shape[dim], result.shape[lead + dim]
            src_scalable, dst_scalable = source.scalable[dim], result.scalable[lead + dim]
            if (
                (src != 1 and src != dst)
                or (src == 1 and src_scalable and dst != 1)
                or (src_scalable != dst_scalable and (src != 1 or src_scalable))
            ):
                raise VerifyError(
                    f"dimension mismatch ({_dim_text(src, src_scalable)} vs. "
                    f"{_dim_text(dst, dst_scalable)})"
                )

    def result_name_hints(self) -> list[str]:
        return []


def _dim_text(size: int, scalable: bool) -> str:
    return f"[{size}]" if scalable else str(size)


class ShapeCastOp(Op):
    """Reshape a vector to another shape of as many elements, in row-major order.

    %r = vector.shape_cast %v : vector<2x4xf32> to vector<8xf32>
    """

    __slots__ = ()
    name = "vector.shape_cast"
    operand_defs = (VectorArg("source", *ANY_VECTOR),)
    result_defs = (VectorArg("result", *ANY_VECTOR),)
    traits = frozenset({Pure})
    assembly_format = "$source attr-dict `:` type($source) `to` type($result)"

    def verify(self) -> None:
        source, result = self.operands[0].type, self.results[0].type
        if source.element_type is not result.element_type:
            raise VerifyError(
                f"source element type ('{source.element_type}') does not match result element "
                f"type ('{result.element_type}')"
            )
        if source.num_elements != result.num_elements:
            raise VerifyError(
                f"has different number of elements at source ({source.num_elements}) and "
                f"result ({result.num_elements})"
            )
        source_scalable, result_scalable = sum(source.scalable), sum(result.scalable)
        if source_scalable != result_scalable:
            raise VerifyError(
                f"has different number of scalable dims at source ({source_scalable}) and "
                f"result ({result_scalable})"
            )


def _position_prefix(op: Op, operand_values=None) -> list:
    """The mixed position of extract/insert: ints, with the dynamic operands in place."""
    static = op.properties["static_position"].values
    dynamic = op.operand_group("dynamic_position")
    if operand_values is not None:
        dynamic = operand_values[len(op.operands) - len(dynamic) :]
    values = iter(dynamic)
    return [next(values) if p == DYNAMIC_INDEX else p for p in static]


def _verify_dynamic_count(op: Op) -> None:
    static = op.properties["static_position"].values
    if static.count(DYNAMIC_INDEX) != len(op.operand_group("dynamic_position")):
        raise VerifyError(
            "mismatch between dynamic and static positions (kDynamic marker but no "
            "corresponding dynamic position) -- this can only happen due to an incorrect "
            "fold/rewrite"
        )


def _verify_static_positions(op: Op, vector: T.VectorType, what: str, poison: bool) -> None:
    for index, position in enumerate(op.properties["static_position"].values):
        if position == DYNAMIC_INDEX:
            continue
        if not (0 <= position < vector.shape[index] or position == POISON_INDEX):
            tail = " or poison (-1)" if poison else ""
            raise VerifyError(
                f"expected position attribute #{index + 1} to be a non-negative integer "
                f"smaller than the corresponding {what}dimension{tail}"
            )


def extracted_type(vector: T.VectorType, rank: int) -> T.Type:
    """What `rank` positions leave of `vector`: its element, or a vector of the rest."""
    if rank == vector.rank:
        return vector.element_type
    rank = min(rank, vector.rank)
    return T.VectorType(vector.shape[rank:], vector.element_type, vector.scalable[rank:])


def _parse_position(parser, op_name: str):
    names, static = parse_dynamic_index_list(parser, op_name)
    return names, A.DenseArrayAttr(T.I64, static)


class ExtractOp(Op):
    """Take an element, or a sub-vector of the trailing dimensions, at a position.

    %e = vector.extract %v[1, 2] : f32 from vector<2x4xf32>
    %r = vector.extract %v[%i] : vector<4xf32> from vector<2x4xf32>

    A position of -1 is poison (the interpreter reports it).
    """

    __slots__ = ()
    name = "vector.extract"
    operand_defs = (VectorArg("source", *ANY_VECTOR), Variadic("dynamic_position", *INDICES))
    result_defs = (Arg("result"),)
    prop_defs = (STATIC_POSITION,)
    traits = frozenset({Pure})

    @classmethod
    def parse_custom(cls, parser) -> ExtractOp:
        source = operand_name(parser)
        names, position = _parse_position(parser, cls.name)
        attributes = parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        result = parser.parse_type()
        keyword(parser, cls.name, "from")
        vector = parse_vector_type(parser, cls.name)
        operands = resolve_indexed(parser, source, vector, names)
        return cls(operands, [result], {"static_position": position}, attributes)

    def print_custom(self, printer) -> None:
        source = self.operands[0]
        position = dynamic_index_list_text(
            printer, self.properties["static_position"].values, self.operands[1:]
        )
        printer.write(f"{printer.op_name(self)} {printer.value_name(source)}{position}")
        printer.write(attr_dict_text(printer, self, ("static_position",)))
        printer.write(f" : {printer.type(self.results[0].type)} from {printer.type(source.type)}")

    def position(self, operand_values=None) -> list:
        return _position_prefix(self, operand_values)

    def verify(self) -> None:
        check_operand_types(self)
        check_properties(self)
        result, vector = self.results[0].type, self.operands[0].type
        if isinstance(result, T.VectorType) and result.rank == 0:
            raise VerifyError(
                "expected a scalar instead of a 0-d vector as the result type", op_prefix=False
            )
        _verify_dynamic_count(self)
        rank = len(self.properties["static_position"].values)
        if rank > vector.rank:
            raise VerifyError("expected position attribute of rank no greater than vector rank")
        _verify_static_positions(self, vector, "vector ", poison=True)
        inferred = extracted_type(vector, rank)
        if inferred is not result:
            raise VerifyError(
                f"inferred type(s) '{inferred}' are incompatible with return type(s) of "
                f"operation '{result}'"
            )


class InsertOp(Op):
    """Put an element, or a sub-vector of the trailing dimensions, at a position.

    %w = vector.insert %s, %v [1, 2] : f32 into vector<2x4xf32>
    %x = vector.insert %r, %v [%i] : vector<4xf32> into vector<2x4xf32>
    """

    __slots__ = ()
    name = "vector.insert"
    operand_defs = (
        Arg("valueToStore"),
        VectorArg("dest", *ANY_VECTOR),
        Variadic("dynamic_position", *INDICES),
    )
    result_defs = (VectorArg("result", *ANY_VECTOR),)
    prop_defs = (STATIC_POSITION,)
    traits = frozenset({Pure})

    @classmethod
    def parse_custom(cls, parser) -> InsertOp:
        value = operand_name(parser)
        parser.expect(",")
        dest = operand_name(parser)
        names, position = _parse_position(parser, cls.name)
        attributes = parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        value_type = parser.parse_type()
        keyword(parser, cls.name, "into")
        vector = parse_vector_type(parser, cls.name)
        operands = [
            resolve(parser, value, value_type),
            *resolve_indexed(parser, dest, vector, names),
        ]
        return cls(operands, [vector], {"static_position": position}, attributes)

    def print_custom(self, printer) -> None:
        value, dest = self.operands[:2]
        position = dynamic_index_list_text(
            printer, self.properties["static_position"].values, self.operands[2:]
        )
        printer.write(
            f"{printer.op_name(self)} {printer.value_name(value)}, "
            f"{printer.value_name(dest)} {position}"
        )
        printer.write(attr_dict_text(printer, self, ("static_position",)))
        printer.write(f" : {printer.type(value.type)} into {printer.type(dest.type)}")

    def position(self, operand_values=None) -> list:
        return _position_prefix(self, operand_values)

    def verify(self) -> None:
        check_operand_types(self)
        check_properties(self)
        value, dest = self.operands[0].type, self.operands[1].type
        if T.element_type_of(value) is not self.results[0].type.element_type:
            raise VerifyError(
                "failed to verify that source operand and result have same element type"
            )
        if dest is not self.results[0].type:
            raise VerifyError("failed to verify that all of {dest, result} have same type")
        if isinstance(value, T.VectorType) and value.rank == 0:
            raise VerifyError(
                "expected a scalar instead of a 0-d vector as the source operand", op_prefix=False
            )
        _verify_dynamic_count(self)
        rank = len(self.properties["static_position"].values)
        if rank > dest.rank:
            raise VerifyError(
                "expected position attribute of rank no greater than dest vector rank"
            )
        if isinstance(value, T.VectorType) and value.rank + rank != dest.rank:
            raise VerifyError(
                "expected position attribute rank + source rank to match dest vector rank"
            )
        if not isinstance(value, T.VectorType) and rank != dest.rank:
            raise VerifyError("expected position attribute rank to match the dest vector rank")
        _verify_static_positions(self, dest, "dest vector ", poison=False)


# -- arithmetic -------------------------------------------------------------------------------


class FMAOp(Op):
    """Fused multiply-add, lane by lane: `lhs * rhs + acc` rounded once.

    %r = vector.fma %a, %b, %c : vector<4xf32>
    """

    __slots__ = ()
    name = "vector.fma"
    operand_defs = (
        VectorArg("lhs", *FLOAT_VECTOR),
        VectorArg("rhs", *FLOAT_VECTOR),
        VectorArg("acc", *FLOAT_VECTOR),
    )
    result_defs = (VectorArg("result", *FLOAT_VECTOR),)
    traits = frozenset({Pure})
    assembly_format = "$lhs `,` $rhs `,` $acc attr-dict `:` type($lhs)"
    type_links = {"rhs": "lhs", "acc": "lhs", "result": "lhs"}

    def verify(self) -> None:
        types = {v.type for v in (*self.operands, *self.results)}
        if len(types) != 1:
            raise VerifyError("failed to verify that all of {lhs, rhs, acc, result} have same type")


def kind_supports(kind: str, element: T.Type) -> bool:
    """MLIR's isSupportedCombiningKind."""
    if kind in ("add", "mul"):
        return isinstance(element, (T.IntegerType, T.IndexType, T.FloatType))
    if kind in INTEGER_KINDS:
        return isinstance(element, (T.IntegerType, T.IndexType))
    return isinstance(element, T.FloatType)


class ReductionOp(Op):
    """Combine the elements of a 0-D or 1-D vector into a scalar, starting from the
    optional accumulator.

    %sum = vector.reduction <add>, %v : vector<4xf32> into f32
    %max = vector.reduction <maxsi>, %w, %acc : vector<4xi32> into i32
    %fast = vector.reduction <add>, %v fastmath<fast> : vector<4xf32> into f32
    """

    __slots__ = ()
    name = "vector.reduction"
    operand_defs = (VectorArg("vector", *ANY_VECTOR), Optional("acc"))
    result_defs = (Arg("dest"),)
    prop_defs = (KIND, FASTMATH)
    traits = frozenset({Pure})
    assembly_format = (
        "$kind `,` $vector (`,` $acc^)? (`fastmath` `` $fastmath^)? attr-dict `:` "
        "type($vector) `into` type($dest)"
    )
    type_links = {"acc": "dest"}

    def verify(self) -> None:
        check_properties(self)
        vector, dest = self.operands[0].type, self.results[0].type
        if vector.element_type is not dest:
            raise VerifyError(
                "failed to verify that source operand and result have same element type"
            )
        acc = self.operand_group("acc")
        if acc and acc[0].type is not dest:
            raise VerifyError("failed to verify that dest and acc have the same type")
        if vector.rank > 1:
            raise VerifyError(f"unsupported reduction rank: {vector.rank}")
        kind = self.properties["kind"].kind
        if not kind_supports(kind, dest):
            raise VerifyError(f"unsupported reduction type ''{dest}'' for kind '{kind}'")


CONTRACT_KIND = Prop("kind", _CombiningKindProp(), default=CombiningKindAttr("add"))
INDEXING_MAPS = Prop("indexing_maps", _AffineMapArrayKind())
ITERATOR_TYPES_PROP = Prop("iterator_types", _IteratorTypesKind())
CONTRACT_TRAIT_ATTRS = ("indexing_maps", "iterator_types", "kind", "fastmath")


def contraction_maps(op: Op) -> list[affine.AffineMap]:
    return [m.value for m in op.properties["indexing_maps"]]


def iterator_kinds(op: Op) -> list[str]:
    return [t.kind for t in op.properties["iterator_types"]]


def _dim_positions(amap: affine.AffineMap) -> dict[int, int]:
    """Loop dim -> the result position that reads it."""
    return {e.position: r for r, e in enumerate(amap.results) if isinstance(e, affine.Dim)}


def _is_projected_permutation(amap: affine.AffineMap) -> bool:
    seen = set()
    for expr in amap.results:
        if not isinstance(expr, affine.Dim) or expr.position in seen:
            return False
        seen.add(expr.position)
    return amap.num_symbols == 0


class ContractionOp(Op):
    """A generalized tensor contraction (einsum) of two vectors into an accumulator: the
    indexing maps place each loop in the operands, `reduction` loops are summed over,
    and `kind` combines the products with the accumulator (`add` by default).

    %r = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>,
                                           affine_map<(i, j, k) -> (k, j)>,
                                           affine_map<(i, j, k) -> (i, j)>],
                          iterator_types = ["parallel", "parallel", "reduction"],
                          kind = #vector.kind<add>}
        %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
    """

    __slots__ = ()
    name = "vector.contract"
    operand_defs = (
        VectorArg("lhs", *ANY_VECTOR),
        VectorArg("rhs", *ANY_VECTOR),
        Arg("acc"),
    )
    result_defs = (Arg("result"),)
    prop_defs = (INDEXING_MAPS, ITERATOR_TYPES_PROP, CONTRACT_KIND, FASTMATH)
    traits = frozenset({Pure})

    @classmethod
    def parse_custom(cls, parser) -> ContractionOp:
        start = parser.pos
        traits = parser.parse_attribute_dict()
        operands = [operand_name(parser)]
        for _ in range(2):
            parser.expect(",")
            operands.append(operand_name(parser))
        attributes = parser.parse_attribute_dict() if parser.tok == "{" else {}
        parser.expect(":")
        lhs = parser.parse_type()
        parser.expect(",")
        rhs = parser.parse_type()
        keyword(parser, cls.name, "into")
        result = parser.parse_type()
        properties = {n: traits.pop(n) for n in list(traits) if n in CONTRACT_TRAIT_ATTRS}
        for name in list(attributes):
            if name in CONTRACT_TRAIT_ATTRS:
                properties[name] = attributes.pop(name)
        attributes.update(traits)
        properties["iterator_types"] = _iterator_types(parser, cls.name, properties, start)
        values = [
            parser.resolve_operand(n, t, i)
            for (n, i), t in zip(operands, (lhs, rhs, result), strict=True)
        ]
        return cls(values, [result], properties, attributes)

    def print_custom(self, printer) -> None:
        traits = {
            n: a
            for n, a in self.properties.items()
            if n in CONTRACT_TRAIT_ATTRS and not (n == "fastmath" and a is FASTMATH.default)
        }
        kinds = traits.get("iterator_types")
        if isinstance(kinds, A.ArrayAttr):
            traits["iterator_types"] = A.ArrayAttr(A.StringAttr(t.kind) for t in kinds)
        lhs, rhs, acc = self.operands
        printer.write(
            f"{printer.op_name(self)} {printer.attr_dict(traits)} {printer.value_name(lhs)}, "
            f"{printer.value_name(rhs)}, {printer.value_name(acc)}"
        )
        rest = dict(self.attributes)
        rest.update((n, a) for n, a in self.properties.items() if n not in CONTRACT_TRAIT_ATTRS)
        if rest:
            printer.write(" " + printer.attr_dict(rest))
        printer.write(
            f" : {printer.type(lhs.type)}, {printer.type(rhs.type)} into "
            f"{printer.type(self.results[0].type)}"
        )

    def verify(self) -> None:
        check_properties(self)
        lhs, rhs, acc = (v.type for v in self.operands)
        result = self.results[0].type
        if T.element_type_of(acc) is not T.element_type_of(result):
            raise VerifyError(
                "failed to verify that third operand acc and result have same element type"
            )
        element = lhs.element_type
        if isinstance(element, T.IntegerType) and not element.is_signless:
            raise VerifyError("only supports signless integer types")
        maps = contraction_maps(self)
        if len(maps) != 3:
            raise VerifyError("expected an indexing map for each vector operand")
        loops = len(self.properties["iterator_types"])
        for index, amap in enumerate(maps):
            operand = self.operands[index].type
            rank = operand.rank if isinstance(operand, T.VectorType) else 0
            if amap.num_symbols:
                raise VerifyError(f"expected indexing map {index} to have no symbols")
            if amap.num_dims != loops:
                raise VerifyError(f"expected indexing map {index} to have {loops} number of inputs")
            if len(amap.results) != rank:
                raise VerifyError(f"expected indexing map {index} to have {rank} number of outputs")
            if not _is_projected_permutation(amap):
                raise VerifyError(
                    f"expected indexing map {index} to be a projected permutation of its inputs"
                )
        contracting, batch = self.dim_pairs()
        if not contracting:
            raise VerifyError("expected at least one contracting dimension pair")
        if not _dim_map_fits(lhs, rhs, contracting):
            raise VerifyError("invalid contracting dimension map")
        if not _dim_map_fits(lhs, rhs, batch):
            raise VerifyError("invalid batch dimension map")
        self.verify_output_shape(lhs, rhs, acc, result, contracting, batch)
        kind = self.properties["kind"].kind
        if not kind_supports(kind, T.element_type_of(result)):
            raise VerifyError("unsupported contraction type")

    def dim_pairs(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """MLIR's getContractingDimMap and getBatchDimMap: (lhs dim, rhs dim) of each
        reduction loop, and of each parallel loop, that both operands read."""
        lhs_map, rhs_map = (_dim_positions(m) for m in contraction_maps(self)[:2])
        contracting, batch = [], []
        for loop, kind in enumerate(iterator_kinds(self)):
            if loop in lhs_map and loop in rhs_map:
                pair = (lhs_map[loop], rhs_map[loop])
                (contracting if kind == "reduction" else batch).append(pair)
        return contracting, batch

    def verify_output_shape(self, lhs, rhs, acc, result, contracting, batch) -> None:
        lhs_contracting = {a for a, _ in contracting}
        rhs_skipped = {b for _, b in contracting} | {b for _, b in batch}
        free = [s for d, s in enumerate(lhs.shape) if d not in lhs_contracting]
        free += [s for d, s in enumerate(rhs.shape) if d not in rhs_skipped]
        vectors = isinstance(result, T.VectorType), isinstance(acc, T.VectorType)
        if not free:
            if any(vectors):
                raise VerifyError("invalid accumulator/result vector shape")
            return
        if not all(vectors):
            raise VerifyError("invalid accumulator/result vector shape")
        maps = contraction_maps(self)
        extents: dict[int, int] = {}
        for operand, amap in ((lhs, maps[0]), (rhs, maps[1])):
            for position, expr in enumerate(amap.results):
                extents.setdefault(expr.position, operand.shape[position])
        if len(extents) != maps[0].num_dims:
            raise VerifyError("expected all dimensions to be either a LHS or a RHS dimension")
        shape = [
            extents[e.position] if isinstance(e, affine.Dim) else e.value for e in maps[2].results
        ]
        expected = T.VectorType(shape, result.element_type, result.scalable)
        if result is not expected or acc is not expected:
            raise VerifyError(f"invalid accumulator/result vector shape, expected: '{expected}'")


def _dim_map_fits(lhs: T.VectorType, rhs: T.VectorType, pairs) -> bool:
    return all(
        0 <= a < lhs.rank and 0 <= b < rhs.rank and lhs.shape[a] == rhs.shape[b] for a, b in pairs
    )


def _iterator_types(parser, op_name: str, properties: dict, index: int) -> A.ArrayAttr:
    """The custom form's `["parallel", "reduction"]` as iterator type attributes."""
    found = properties.get("iterator_types")
    if not isinstance(found, A.ArrayAttr):
        fail(parser, op_name, 'expected "iterator_types" array attribute', index)
    kinds = []
    for entry in found:
        if isinstance(entry, IteratorTypeAttr):
            kinds.append(entry)
            continue
        text = entry.value if isinstance(entry, A.StringAttr) else ""
        if text not in ITERATOR_TYPES:
            fail(parser, op_name, f"unexpected iterator_type ({text})", index)
        kinds.append(IteratorTypeAttr(text))
    return A.ArrayAttr(kinds)


OPS = ops_by_name(
    LoadOp,
    StoreOp,
    MaskedLoadOp,
    MaskedStoreOp,
    TransferReadOp,
    TransferWriteOp,
    BroadcastOp,
    ShapeCastOp,
    ExtractOp,
    InsertOp,
    FMAOp,
    ReductionOp,
    ContractionOp,
)
