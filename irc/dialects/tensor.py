"""The tensor dialect: immutable n-dimensional values, their elements, slices and reshapes.

Names, syntax and meaning follow MLIR's tensor dialect (the MLIR of iree-base-compiler
3.13.0). A tensor is a value: `tensor.insert` and `tensor.insert_slice` give a new tensor
and leave their operand as it was. `tensor.empty` gives a tensor of the right shape whose
contents are unspecified (only its shape may be used).

Offsets, sizes and strides of `tensor.extract_slice`, `tensor.insert_slice` and the
padding of `tensor.pad` mix integers and index operands in one list, `[%o, 0]`, stored as
MLIR stores them: an `array<i64>` property with the dynamic marker `-9223372036854775808`
for each operand. The list syntax, the reassociation property and the interface checks
of offset/size/stride lists are shared with the memref dialect, whose ops are their
buffer counterparts; the verifiers here speak MLIR's tensor messages.
"""

from __future__ import annotations

from irc.dialects import memref as M
from irc.dialects import ops_by_name
from irc.dialects.syntax import (
    CastLikeOp,
    check_properties,
    fail,
    function_type,
    function_type_text,
    indexed_names,
    indexed_text,
    malformed,
    name_list,
    parse_type_of,
    print_attrs,
    resolve,
    resolve_indexed,
    resolve_indices,
    value_name,
)
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.opdef import (
    SEGMENT_SIZES,
    Arg,
    Op,
    Prop,
    Variadic,
    VerifyError,
    segment_sizes,
)
from irc.ir.traits import (
    AttrSizedOperandSegments,
    HasParent,
    Pure,
    RecursiveMemoryEffects,
    SingleBlock,
    Terminator,
)

DYNAMIC_INDEX = M.DYNAMIC_INDEX

# -- type constraints (MLIR's descriptions) ---------------------------------------------------


def _is_ranked(t: T.Type) -> bool:
    return isinstance(t, T.TensorType)


def _is_tensor(t: T.Type) -> bool:
    return isinstance(t, (T.TensorType, T.UnrankedTensorType))


def _is_dim_source(t: T.Type) -> bool:
    return isinstance(t, T.UnrankedTensorType) or (isinstance(t, T.TensorType) and t.rank > 0)


def _is_static(t: T.Type) -> bool:
    return isinstance(t, T.TensorType) and t.has_static_shape


def _is_shape(t: T.Type) -> bool:
    return (
        isinstance(t, T.TensorType)
        and t.rank == 1
        and (isinstance(t.element_type, T.IndexType) or _is_signless(t.element_type))
    )


def _is_signless(t: T.Type) -> bool:
    return isinstance(t, T.IntegerType) and t.is_signless


def _is_index(t: T.Type) -> bool:
    return isinstance(t, T.IndexType)


class TensorArg(Arg):
    """An operand or result whose custom form must spell a ranked tensor type."""

    type_class = ((T.TensorType,), "builtin.tensor")


class AnyTensorArg(Arg):
    """An operand or result whose custom form must spell a ranked or unranked tensor."""

    type_class = ((T.TensorType, T.UnrankedTensorType), None)


RANKED = (_is_ranked, "ranked tensor of any non-token type values")
ANY_TENSOR = (_is_tensor, "tensor of any non-token type values")
STATIC = (_is_static, "statically shaped tensor of any non-token type values")
DIM_SOURCE = (_is_dim_source, "non-0-ranked or unranked tensor")
SHAPE = (_is_shape, "1D tensor of signless integer or index values")
INDICES = (_is_index, "variadic of index")
INDEX = (_is_index, "index")


# -- property kinds ---------------------------------------------------------------------------


class _UnitKind(M.PropKind):
    """A flag (`nofold`): present as a unit attribute, spelled as its keyword alone."""

    description = "unit attribute"
    storage = A.UnitAttr

    def check(self, attr) -> bool:
        return isinstance(attr, A.UnitAttr)

    def parse(self, parser) -> A.Attribute:
        return A.UNIT

    def text(self, attr, printer) -> str:
        return ""


class _I64Kind(M.PropKind):
    """A 64-bit integer spelled bare (`dim(0)`)."""

    description = "64-bit signless integer attribute"
    storage = A.IntegerAttr

    def check(self, attr) -> bool:
        return isinstance(attr, A.IntegerAttr) and attr.type is T.I64

    def parse(self, parser) -> A.Attribute:
        return A.IntegerAttr(parser.parse_integer_literal(), T.I64)

    def text(self, attr, printer) -> str:
        return str(attr.value) if isinstance(attr, A.IntegerAttr) else printer.attr(attr)


UNIT = _UnitKind()

# -- custom-form helpers ----------------------------------------------------------------------


def parse_tensor_type(parser, op_name: str) -> T.TensorType:
    """A type that must be a ranked tensor (MLIR's parseType<RankedTensorType>)."""
    return parse_type_of(parser, op_name, T.TensorType, "builtin.tensor")


def _dynamic_sizes(op: Op, result: T.TensorType, count: int) -> None:
    """MLIR's verifyDynamicDimensionCount: one index operand per `?` of the result."""
    expected = result.shape.count(T.DYNAMIC)
    if count != expected:
        raise VerifyError(f"incorrect number of dynamic sizes, has {count}, expected {expected}")


def _static_type(shape, element: T.Type, encoding=None) -> T.TensorType:
    """A tensor type from a static list (DYNAMIC_INDEX for `?`)."""
    return T.TensorType([T.DYNAMIC if s == DYNAMIC_INDEX else s for s in shape], element, encoding)


# -- creation ---------------------------------------------------------------------------------


class EmptyOp(Op):
    """A tensor of the given shape whose contents are unspecified; `?` sizes come from the
    operands, in order.

    %0 = tensor.empty(%n) : tensor<4x?xf32>

    Only its shape means anything: it is the destination of ops that overwrite it whole.
    """

    __slots__ = ()
    name = "tensor.empty"
    operand_defs = (Variadic("dynamicSizes", *INDICES),)
    result_defs = (TensorArg("result", *RANKED),)
    traits = frozenset({Pure})
    assembly_format = "`(`$dynamicSizes`)` attr-dict `:` type($result)"
    buildable_types = {"dynamicSizes": T.INDEX}

    @classmethod
    def build(cls, result_type: T.TensorType, dynamic_sizes=()) -> EmptyOp:
        return cls(list(dynamic_sizes), [result_type])

    def verify(self) -> None:
        _dynamic_sizes(self, self.results[0].type, len(self.operands))


class SplatOp(Op):
    """A tensor whose every element is the given scalar; `?` sizes come from the index
    operands in brackets.

    %splat = tensor.splat %v[%n] : tensor<4x?xf32>
    """

    __slots__ = ()
    name = "tensor.splat"
    operand_defs = (Arg("input"), Variadic("dynamicSizes", *INDICES))
    result_defs = (TensorArg("aggregate", *RANKED),)
    traits = frozenset({Pure})

    @classmethod
    def build(cls, value, result_type: T.TensorType, dynamic_sizes=()) -> SplatOp:
        return cls([value, *dynamic_sizes], [result_type])

    @classmethod
    def parse_custom(cls, parser) -> SplatOp:
        scalar = value_name(parser)
        sizes = name_list(parser, "]") if parser.accept("[") else []
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        result_type = parse_tensor_type(parser, cls.name)
        operands = [resolve(parser, scalar, result_type.element_type)]
        return cls(operands + resolve_indices(parser, sizes), [result_type], {}, attributes)

    def print_custom(self, printer) -> None:
        if malformed(self, 1, 0):
            return printer.print_generic(self)
        scalar, *sizes = self.operands
        text = f"{printer.op_name(self)} {printer.value_name(scalar)}"
        if sizes:
            text += "[" + ", ".join(printer.value_name(v) for v in sizes) + "]"
        printer.write(text)
        print_attrs(self, printer)
        printer.write(f" : {printer.type(self.results[0].type)}")

    def verify(self) -> None:
        result = self.results[0].type
        if self.operands[0].type is not result.element_type:
            raise VerifyError("failed to verify that operand type matches element type of result")
        _dynamic_sizes(self, result, len(self.operands) - 1)

    def result_name_hints(self) -> list[str]:
        return ["splat"]


class FromElementsOp(Op):
    """A static tensor from its elements, in row-major order.

    %from_elements = tensor.from_elements %a, %b, %c, %d : tensor<2x2xf32>
    """

    __slots__ = ()
    name = "tensor.from_elements"
    operand_defs = (Variadic("elements"),)
    result_defs = (TensorArg("result", *STATIC),)
    traits = frozenset({Pure})

    @classmethod
    def build(cls, elements, result_type: T.TensorType | None = None) -> FromElementsOp:
        """A 1-D tensor of the elements unless `result_type` gives another shape."""
        elements = list(elements)
        if result_type is None:
            result_type = T.TensorType([len(elements)], elements[0].type)
        return cls(elements, [result_type])

    @classmethod
    def parse_custom(cls, parser) -> FromElementsOp:
        name_index, start = parser.pos - 1, parser.pos
        names = [value_name(parser)] if parser.tok[:1] == "%" else []
        while names and parser.accept(","):
            names.append(value_name(parser))
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        result_type = parse_tensor_type(parser, cls.name)
        if not result_type.has_static_shape:
            fail(
                parser,
                cls.name,
                f"'result' must be {STATIC[1]}, but got '{result_type}'",
                name_index,
            )
        count = result_type.num_elements
        if len(names) != count:
            fail(
                parser,
                cls.name,
                f"number of operands and types do not match: got {len(names)} operands and "
                f"{count} types",
                start,
            )
        element = result_type.element_type
        operands = [parser.resolve_operand(n, element, i) for n, i in names]
        return cls(operands, [result_type], {}, attributes)

    def print_custom(self, printer) -> None:
        names = ", ".join(printer.value_name(v) for v in self.operands)
        printer.write(printer.op_name(self) + (f" {names}" if names else ""))
        print_attrs(self, printer)
        printer.write(f" : {printer.type(self.results[0].type)}")

    def verify(self) -> None:
        result = self.results[0].type
        if len(self.operands) != result.num_elements or any(
            v.type is not result.element_type for v in self.operands
        ):
            raise VerifyError("failed to verify that operand types match result element type")

    def result_name_hints(self) -> list[str]:
        return ["from_elements"]


class YieldOp(Op):
    """Gives the element (tensor.generate) or the padding value (tensor.pad) at the
    indices of its block.

    tensor.yield %v : f32
    """

    __slots__ = ()
    name = "tensor.yield"
    operand_defs = (Arg("value"),)
    result_defs = ()
    parent_ops = ("tensor.generate", "tensor.pad")
    traits = frozenset({Pure, Terminator, HasParent})
    assembly_format = "$value attr-dict `:` type($value)"


def _one_block(op: Op, region_name: str) -> None:
    """MLIR's SizedRegion<1> constraint on the op's region."""
    if len(op.regions[0].blocks) != 1:
        raise VerifyError(
            f"region #0 ('{region_name}') failed to verify constraint: region with 1 blocks"
        )


def _ends_in_terminator(op: Op) -> bool:
    """Whether the region's block ends in a terminator (else the core verifier reports
    the block, and MLIR never reaches the op's region checks)."""
    last = op.regions[0].blocks[0].last
    return last is not None and Terminator in last.traits


def _yield_of(op: Op) -> YieldOp | None:
    blocks = op.regions[0].blocks
    last = blocks[0].last if blocks else None
    return last if isinstance(last, YieldOp) else None


class GenerateOp(Op):
    """A tensor whose element at each index is what the body yields for it; `?` sizes
    come from the operands, in order.

    %generated = tensor.generate %n {
    ^bb0(%i: index, %j: index):
      %v = arith.index_cast %i : index to i32
      tensor.yield %v : i32
    } : tensor<?x3xi32>
    """

    __slots__ = ()
    name = "tensor.generate"
    operand_defs = (Variadic("dynamicExtents", *INDICES),)
    result_defs = (TensorArg("result", *RANKED),)
    num_regions = 1
    traits = frozenset({SingleBlock, RecursiveMemoryEffects})

    @classmethod
    def parse_custom(cls, parser) -> GenerateOp:
        sizes = [value_name(parser)] if parser.tok[:1] == "%" else []
        while sizes and parser.accept(","):
            sizes.append(value_name(parser))
        region = parser.parse_region()
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        result_type = parse_tensor_type(parser, cls.name)
        operands = resolve_indices(parser, sizes)
        return cls(operands, [result_type], {}, attributes, [region])

    def print_custom(self, printer) -> None:
        if malformed(self, 0, 1):
            return printer.print_generic(self)
        names = ", ".join(printer.value_name(v) for v in self.operands)
        # MLIR's generated printer spaces before the (maybe empty) list and the region
        printer.write(f"{printer.op_name(self)} {names} ")
        printer.print_region(self.regions[0])
        print_attrs(self, printer)
        printer.write(f" : {printer.type(self.results[0].type)}")

    def verify(self) -> None:
        _one_block(self, "body")
        result = self.results[0].type
        _dynamic_sizes(self, result, len(self.operands))
        blocks = self.regions[0].blocks
        args = blocks[0].args
        if any(not isinstance(a.type, T.IndexType) for a in args):
            raise VerifyError("all body arguments must be index", op_prefix=False)
        if len(args) != result.rank:
            raise VerifyError("must have one body argument per input dimension", op_prefix=False)
        if not _ends_in_terminator(self):
            return
        terminator = _yield_of(self)
        if terminator is None or terminator.operands[0].type is not result.element_type:
            raise VerifyError(
                "body must be terminated with a `yield` operation of the tensor element type"
            )

    def result_name_hints(self) -> list[str]:
        return ["generated"]


# -- elements and sizes -----------------------------------------------------------------------


class DimOp(Op):
    """The size of one dimension of a tensor, as an index.

    %dim = tensor.dim %t, %c1 : tensor<4x?xf32>

    An index beyond the rank is undefined behaviour (the interpreter reports it).
    """

    __slots__ = ()
    name = "tensor.dim"
    operand_defs = (AnyTensorArg("source", *DIM_SOURCE), Arg("index", *INDEX))
    result_defs = (Arg("result", *INDEX),)
    traits = frozenset({Pure})
    assembly_format = "attr-dict $source `,` $index `:` type($source)"
    buildable_types = {"index": T.INDEX}

    @classmethod
    def build(cls, source, index) -> DimOp:
        return cls([source, index], [T.INDEX])

    @classmethod
    def infer_result_types(cls, operand_types, properties):
        return [T.INDEX]

    def result_name_hints(self) -> list[str]:
        return ["dim"]


class ExtractOp(Op):
    """The element at the given indices.

    %extracted = tensor.extract %t[%i, %j] : tensor<4x?xf32>
    """

    __slots__ = ()
    name = "tensor.extract"
    operand_defs = (Arg("tensor", *RANKED), Variadic("indices", *INDICES))
    result_defs = (Arg("result"),)
    traits = frozenset({Pure})

    @classmethod
    def build(cls, tensor, indices=()) -> ExtractOp:
        return cls([tensor, *indices], [tensor.type.element_type])

    @classmethod
    def parse_custom(cls, parser) -> ExtractOp:
        tensor, indices = indexed_names(parser, value_name)
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        tensor_type = parse_tensor_type(parser, cls.name)
        operands = resolve_indexed(parser, tensor, tensor_type, indices)
        return cls(operands, [tensor_type.element_type], {}, attributes)

    def print_custom(self, printer) -> None:
        if malformed(self, 1, 0):
            return printer.print_generic(self)
        tensor, *indices = self.operands
        printer.write(f"{printer.op_name(self)} {indexed_text(printer, tensor, indices)}")
        print_attrs(self, printer)
        printer.write(f" : {printer.type(tensor.type)}")

    def verify(self) -> None:
        tensor = self.operands[0].type
        if self.results[0].type is not tensor.element_type:
            raise VerifyError("failed to verify that result type matches element type of tensor")
        if len(self.operands) - 1 != tensor.rank:
            raise VerifyError("incorrect number of indices for extract_element")

    def result_name_hints(self) -> list[str]:
        return ["extracted"]


class InsertOp(Op):
    """The tensor with the element at the given indices replaced by a scalar.

    %inserted = tensor.insert %v into %t[%i, %j] : tensor<4x?xf32>
    """

    __slots__ = ()
    name = "tensor.insert"
    operand_defs = (Arg("scalar"), Arg("dest", *RANKED), Variadic("indices", *INDICES))
    result_defs = (Arg("result"),)
    traits = frozenset({Pure})

    @classmethod
    def build(cls, scalar, dest, indices=()) -> InsertOp:
        return cls([scalar, dest, *indices], [dest.type])

    @classmethod
    def parse_custom(cls, parser) -> InsertOp:
        scalar = value_name(parser)
        parser.expect("into")
        dest, indices = indexed_names(parser, value_name)
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        dest_type = parse_tensor_type(parser, cls.name)
        operands = [
            resolve(parser, scalar, dest_type.element_type),
            *resolve_indexed(parser, dest, dest_type, indices),
        ]
        return cls(operands, [dest_type], {}, attributes)

    def print_custom(self, printer) -> None:
        if malformed(self, 2, 0):
            return printer.print_generic(self)
        scalar, dest, *indices = self.operands
        printer.write(
            f"{printer.op_name(self)} {printer.value_name(scalar)} into "
            f"{indexed_text(printer, dest, indices)}"
        )
        print_attrs(self, printer)
        printer.write(f" : {printer.type(dest.type)}")

    def verify(self) -> None:
        dest = self.operands[1].type
        if self.results[0].type is not dest:
            raise VerifyError("failed to verify that result type matches type of dest")
        if self.operands[0].type is not dest.element_type:
            raise VerifyError("failed to verify that scalar type matches element type of dest")
        if len(self.operands) - 2 != dest.rank:
            raise VerifyError("incorrect number of indices")

    def result_name_hints(self) -> list[str]:
        return ["inserted"]


# -- casts and reshapes -----------------------------------------------------------------------


def shapes_compatible(a: T.Type, b: T.Type) -> bool:
    """MLIR's verifyCompatibleShape: an unranked side, or equal ranks whose sizes agree
    where both are static."""
    if isinstance(a, T.UnrankedTensorType) or isinstance(b, T.UnrankedTensorType):
        return True
    return a.rank == b.rank and all(
        x == y or T.DYNAMIC in (x, y) for x, y in zip(a.shape, b.shape, strict=True)
    )


def cast_compatible(a: T.Type, b: T.Type) -> bool:
    """MLIR's tensor::CastOp::areCastCompatible: same element type, compatible shapes."""
    return a.element_type is b.element_type and shapes_compatible(a, b)


class CastOp(CastLikeOp):
    """The same tensor under a compatible type: sizes may go from static to dynamic or
    back, and a ranked tensor to unranked or back.

    %cast = tensor.cast %t : tensor<4x?xf32> to tensor<?x?xf32>

    A static size the value does not have is a run-time fault.
    """

    __slots__ = ()
    name = "tensor.cast"
    operand_defs = (AnyTensorArg("source", *ANY_TENSOR),)
    result_defs = (AnyTensorArg("dest", *ANY_TENSOR),)
    compatible = staticmethod(cast_compatible)

    @classmethod
    def build(cls, source, result_type: T.Type) -> CastOp:
        return cls([source], [result_type])


def _is_bitcastable(t: T.Type) -> bool:
    return _is_tensor(t) and isinstance(t.element_type, (T.IntegerType, T.FloatType))


BITCASTABLE = (
    _is_bitcastable,
    "tensor of signless integer or unsigned integer or signed integer or floating-point values",
)


class BitcastOp(Op):
    """The same bits under another element type of the same width.

    %0 = tensor.bitcast %t : tensor<4xi32> to tensor<4xf32>
    """

    __slots__ = ()
    name = "tensor.bitcast"
    operand_defs = (AnyTensorArg("source", *BITCASTABLE),)
    result_defs = (AnyTensorArg("dest", *BITCASTABLE),)
    traits = frozenset({Pure})
    assembly_format = "$source attr-dict `:` type($source) `to` type($dest)"

    def verify(self) -> None:
        source, dest = self.operands[0].type, self.results[0].type
        same_width = source.element_type.width == dest.element_type.width
        if not same_width or not shapes_compatible(source, dest):
            raise VerifyError(
                f"operand type '{source}' and result type '{dest}' are cast incompatible"
            )


class RankOp(Op):
    """The rank of a tensor, as an index.

    %rank = tensor.rank %t : tensor<*xf32>
    """

    __slots__ = ()
    name = "tensor.rank"
    operand_defs = (AnyTensorArg("tensor", *ANY_TENSOR),)
    result_defs = (Arg("result", *INDEX),)
    traits = frozenset({Pure})
    assembly_format = "$tensor attr-dict `:` type($tensor)"

    @classmethod
    def infer_result_types(cls, operand_types, properties):
        return [T.INDEX]

    def result_name_hints(self) -> list[str]:
        return ["rank"]


def _reshape_problem(op: Op, expanded: T.TensorType, collapsed: T.TensorType) -> str | None:
    """MLIR's verifyReshapeLikeTypes and verifyTensorReshapeOp, in their order."""
    groups = M.reassociation_groups(op)
    if any(not group for group in groups):
        return "reassociation indices must not be empty"
    if expanded.rank < collapsed.rank:
        return (
            f"expected the expanded type, '{expanded}' to have a higher (or same) rank than "
            f"the collapsed type, '{collapsed}'."
        )
    if collapsed.rank != len(groups):
        return (
            f"expected collapsed rank ({collapsed.rank}) to equal the number of reassociation "
            f"maps ({len(groups)})."
        )
    if groups:
        dims = max(i for group in groups for i in group) + 1
        if dims != expanded.rank:
            return (
                f"expected reassociation map #0 to have size equal to the expanded rank "
                f"({expanded.rank}), but it is  {dims}."
            )
    problem = _contiguity_problem(groups, expanded.rank)
    return problem or _collapsed_shape_problem(expanded, collapsed, groups)


def _contiguity_problem(groups, rank: int) -> str | None:
    """MLIR's isReassociationValid: the groups list the dimensions 0, 1, ... in order."""
    following = 0
    for index, group in enumerate(groups):
        for dim in group:
            if dim != following:
                return f"expected reassociation map #{index} to be valid and contiguous."
            following += 1
    if groups and following != rank:
        return f"expected reassociation map #{len(groups) - 1} to be valid and contiguous."
    return None


def _collapsed_shape_problem(expanded, collapsed, groups) -> str | None:
    """MLIR's reshapeLikeShapesAreCompatible, then the inferred collapsed type."""
    inferred = []
    for index, group in enumerate(groups):
        sizes = [expanded.shape[d] for d in group]
        product = 1
        for size in sizes:
            product *= size if size != T.DYNAMIC else 1
        if T.DYNAMIC in sizes:
            inferred.append(T.DYNAMIC)
            if collapsed.shape[index] != T.DYNAMIC:
                return (
                    f"expected dimension {index} of collapsed type to be dynamic since one or "
                    "more of the corresponding dimensions in the expanded type is dynamic"
                )
        else:
            inferred.append(product)
            if collapsed.shape[index] != product:
                return (
                    f"expected dimension {index} of collapsed type to be static value of {product}"
                )
    if expanded.has_static_shape and collapsed.has_static_shape:
        if expanded.num_elements != collapsed.num_elements:
            return (
                f"number of elements must be preserved: {expanded.num_elements} != "
                f"{collapsed.num_elements}"
            )
    expected = T.TensorType(inferred, expanded.element_type)
    if collapsed.element_type is not expanded.element_type:
        return f"expected collapsed type to be '{expected}', but got '{collapsed}'"
    return None


class CollapseShapeOp(Op):
    """Merge groups of contiguous dimensions into one.

    %collapsed = tensor.collapse_shape %t [[0, 1], [2]] : tensor<4x8x2xf32> into tensor<32x2xf32>
    """

    __slots__ = ()
    name = "tensor.collapse_shape"
    operand_defs = (TensorArg("src", *RANKED),)
    result_defs = (TensorArg("result", *RANKED),)
    prop_defs = (M.REASSOCIATION,)
    traits = frozenset({Pure})
    assembly_format = "$src $reassociation attr-dict `:` type($src) `into` type($result)"

    @classmethod
    def build(cls, source, groups) -> CollapseShapeOp:
        """The result type is inferred: each group's sizes multiplied (`?` if any is)."""
        shape = []
        for group in groups:
            sizes = [source.type.shape[d] for d in group]
            product = 1
            for size in sizes:
                product *= size
            shape.append(T.DYNAMIC if T.DYNAMIC in sizes else product)
        result_type = T.TensorType(shape, source.type.element_type)
        properties = {"reassociation": M.reassociation_attr(groups)}
        return cls([source], [result_type], properties)

    @classmethod
    def parse_custom(cls, parser) -> CollapseShapeOp:
        """The format's parser, refusing inherent attributes in the attribute dictionary as
        MLIR's strict properties do (the format's parser takes them as properties)."""
        source = value_name(parser)
        properties = {"reassociation": parser.parse_attribute()}
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        source_type = parse_tensor_type(parser, cls.name)
        parser.expect("into")
        result_type = parse_tensor_type(parser, cls.name)
        return cls([resolve(parser, source, source_type)], [result_type], properties, attributes)

    def print_custom(self, printer) -> None:
        if malformed(self, 1, 0) or "reassociation" not in self.properties:
            return printer.print_generic(self)
        source = self.operands[0]
        printer.write(
            f"{printer.op_name(self)} {printer.value_name(source)} "
            f"{printer.attr(self.properties['reassociation'])}"
        )
        printer.write(M.attr_dict_text(printer, self, ("reassociation",)))
        printer.write(f" : {printer.type(source.type)} into {printer.type(self.results[0].type)}")

    def verify(self) -> None:
        check_properties(self)
        problem = _reshape_problem(self, self.operands[0].type, self.results[0].type)
        if problem is not None:
            raise VerifyError(problem)

    def result_name_hints(self) -> list[str]:
        return ["collapsed"]


class ExpandShapeOp(Op):
    """Split dimensions into groups of new ones; `output_shape` gives every result size,
    an integer or an index operand.

    %expanded = tensor.expand_shape %t [[0, 1]] output_shape [%n, 4]
        : tensor<?xf32> into tensor<?x4xf32>
    """

    __slots__ = ()
    name = "tensor.expand_shape"
    operand_defs = (TensorArg("src", *RANKED), Variadic("output_shape", *INDICES))
    result_defs = (TensorArg("result", *RANKED),)
    prop_defs = (M.REASSOCIATION, Prop("static_output_shape", M.DENSE_I64))
    traits = frozenset({Pure})

    @classmethod
    def build(cls, source, groups, output_shape) -> ExpandShapeOp:
        """`output_shape` mixes ints and index values; the result type follows from it."""
        static = [v if isinstance(v, int) else DYNAMIC_INDEX for v in output_shape]
        dynamic = [v for v in output_shape if not isinstance(v, int)]
        properties = {
            "reassociation": M.reassociation_attr(groups),
            "static_output_shape": A.DenseArrayAttr(T.I64, static),
        }
        result_type = _static_type(static, source.type.element_type)
        return cls([source, *dynamic], [result_type], properties)

    @classmethod
    def parse_custom(cls, parser) -> ExpandShapeOp:
        source = value_name(parser)
        reassociation = parser.parse_attribute()
        parser.expect("output_shape")
        names, static = M.parse_dynamic_index_list(parser, cls.name)
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        source_type = parse_tensor_type(parser, cls.name)
        parser.expect("into")
        result_type = parse_tensor_type(parser, cls.name)
        properties = {
            "reassociation": reassociation,
            "static_output_shape": A.DenseArrayAttr(T.I64, static),
        }
        operands = [resolve(parser, source, source_type)]
        operands += resolve_indices(parser, names)
        return cls(operands, [result_type], properties, attributes)

    def print_custom(self, printer) -> None:
        if malformed(self, 1, 0) or "reassociation" not in self.properties:
            return printer.print_generic(self)
        source = self.operands[0]
        shape = M.dynamic_index_list_text(
            printer, M.static_values(self, "static_output_shape") or (), self.operands[1:]
        )
        printer.write(
            f"{printer.op_name(self)} {printer.value_name(source)} "
            f"{printer.attr(self.properties['reassociation'])} output_shape {shape}"
        )
        printer.write(M.attr_dict_text(printer, self, ("reassociation", "static_output_shape")))
        printer.write(f" : {printer.type(source.type)} into {printer.type(self.results[0].type)}")

    def mixed_output_shape(self, operand_values=None) -> list:
        static = M.static_values(self, "static_output_shape") or ()
        dynamic = iter(operand_values[1:] if operand_values is not None else self.operands[1:])
        return [next(dynamic) if v == DYNAMIC_INDEX else v for v in static]

    def verify(self) -> None:
        check_properties(self)
        result = self.results[0].type
        static = M.static_values(self, "static_output_shape")
        if len(static) != result.rank:
            raise VerifyError(
                "expected number of static shape dims to be equal to the output rank "
                f"({result.rank}) but found {len(static)} inputs instead"
            )
        values = len(self.operands) - 1
        dynamic = static.count(DYNAMIC_INDEX)
        if values != dynamic:
            raise VerifyError(
                "mismatch in dynamic dims in output_shape and static_output_shape: "
                f"static_output_shape has {dynamic} dynamic dims while output_shape has "
                f"{values} values"
            )
        _dynamic_sizes(self, result, values)
        for position, size in enumerate(result.shape):
            if size != T.DYNAMIC and size != static[position]:
                raise VerifyError(f"invalid output shape provided at pos {position}")
        problem = _reshape_problem(self, result, self.operands[0].type)
        if problem is not None:
            raise VerifyError(problem)

    def result_name_hints(self) -> list[str]:
        return ["expanded"]


class ReshapeOp(Op):
    """The elements in row-major order under a new shape, given as a 1-D tensor.

    %reshape = tensor.reshape %t(%shape)
        : (tensor<4x?xf32>, tensor<2xindex>) -> tensor<?x4xf32>
    """

    __slots__ = ()
    name = "tensor.reshape"
    operand_defs = (Arg("source", *ANY_TENSOR), Arg("shape", *SHAPE))
    result_defs = (Arg("result", *ANY_TENSOR),)
    traits = frozenset({Pure})

    @classmethod
    def parse_custom(cls, parser) -> ReshapeOp:
        name_index = parser.pos - 1
        source = value_name(parser)
        parser.expect("(")
        shape = value_name(parser)
        parser.expect(")")
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        inputs, results = function_type(parser, cls.name, [source, shape], name_index)
        operands = [resolve(parser, n, t) for n, t in zip((source, shape), inputs, strict=True)]
        return cls(operands, results, {}, attributes)

    def print_custom(self, printer) -> None:
        if malformed(self, 2, 0):
            return printer.print_generic(self)
        source, shape = self.operands
        printer.write(
            f"{printer.op_name(self)} {printer.value_name(source)}({printer.value_name(shape)})"
        )
        print_attrs(self, printer)
        printer.write(f" : {function_type_text(printer, self)}")

    def verify(self) -> None:
        source, shape = (v.type for v in self.operands)
        result = self.results[0].type
        if source.element_type is not result.element_type:
            raise VerifyError(
                "element types of source and destination tensor types should be the same"
            )
        ranked = isinstance(source, T.TensorType) and isinstance(result, T.TensorType)
        if ranked and source.has_static_shape and result.has_static_shape:
            if source.num_elements != result.num_elements:
                raise VerifyError(
                    "source and destination tensor should have the same number of elements"
                )
        if shape.shape[0] == T.DYNAMIC:
            if isinstance(result, T.TensorType):
                raise VerifyError(
                    "cannot use shape operand with dynamic length to reshape to "
                    "statically-ranked tensor type"
                )
        elif isinstance(result, T.TensorType) and shape.shape[0] != result.rank:
            raise VerifyError("length of shape operand differs from the result's tensor rank")

    def result_name_hints(self) -> list[str]:
        return ["reshape"]


def _concatenated_shape(inputs, dim: int) -> list[int] | str:
    """The shape of the inputs joined along `dim` (MLIR's saturated sums and joins), or
    MLIR's message for the first other dimension whose static sizes disagree."""
    shape = []
    for index in range(inputs[0].rank):
        sizes = [t.shape[index] for t in inputs]
        if index == dim:
            shape.append(T.DYNAMIC if T.DYNAMIC in sizes else sum(sizes))
            continue
        static = {s for s in sizes if s != T.DYNAMIC}
        if len(static) > 1:
            return f"static concatenation size mismatch along non-concatenated dimension {index}"
        shape.append(static.pop() if static else T.DYNAMIC)
    return shape


class ConcatOp(Op):
    """The inputs joined along dimension `dim`; the other sizes must agree.

    %concat = tensor.concat dim(0) %a, %b : (tensor<4x?xf32>, tensor<2x?xf32>) -> tensor<6x?xf32>
    """

    __slots__ = ()
    name = "tensor.concat"
    operand_defs = (Variadic("inputs", *RANKED),)
    result_defs = (Arg("result", *RANKED),)
    prop_defs = (Prop("dim", _I64Kind()),)
    traits = frozenset({Pure})

    @classmethod
    def parse_custom(cls, parser) -> ConcatOp:
        name_index = parser.pos - 1
        parser.expect("dim")
        parser.expect("(")
        dim = A.IntegerAttr(parser.parse_integer_literal(), T.I64)
        parser.expect(")")
        names = [value_name(parser)] if parser.tok[:1] == "%" else []
        while names and parser.accept(","):
            names.append(value_name(parser))
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        inputs, results = function_type(parser, cls.name, names, name_index)
        operands = [resolve(parser, n, t) for n, t in zip(names, inputs, strict=True)]
        return cls(operands, results, {"dim": dim}, attributes)

    def print_custom(self, printer) -> None:
        dim = self.properties.get("dim")
        if not isinstance(dim, A.IntegerAttr) or not self.results:
            return printer.print_generic(self)
        names = ", ".join(printer.value_name(v) for v in self.operands)
        printer.write(f"{printer.op_name(self)} dim({dim.value})" + (f" {names}" if names else ""))
        printer.write(M.attr_dict_text(printer, self, ("dim",)))
        printer.write(f" : {function_type_text(printer, self)}")

    def verify(self) -> None:
        check_properties(self)
        inputs = [v.type for v in self.operands]
        result = self.results[0].type
        dim = self.properties["dim"].value
        if not inputs:
            raise VerifyError("requires at least one input")
        if any(t.rank != result.rank for t in inputs):
            raise VerifyError("rank of concatenated inputs must match result rank")
        if any(t.element_type is not result.element_type for t in inputs):
            raise VerifyError("inputs and result element type must match")
        if dim >= result.rank:
            raise VerifyError("concatenation dim must be less than the tensor rank")
        inferred = _concatenated_shape(inputs, dim)
        if isinstance(inferred, str):
            raise VerifyError(inferred)
        mismatch = any(
            a != b and T.DYNAMIC not in (a, b) for a, b in zip(inferred, result.shape, strict=True)
        )
        if mismatch:
            expected = T.TensorType(inferred, result.element_type)
            raise VerifyError(
                f"result type '{result}'does not match inferred shape '{expected}' static sizes"
            )

    def result_name_hints(self) -> list[str]:
        return ["concat"]


# -- slices -----------------------------------------------------------------------------------


def _slice_problem(expected: T.TensorType, actual: T.TensorType) -> str | None:
    """MLIR's isRankReducedType and produceSliceErrorMsg (encodings aside)."""
    if expected.shape == actual.shape and expected.element_type is actual.element_type:
        return None
    if actual.rank > expected.rank:
        return "expected rank to be smaller or equal to the other rank. "
    if M.rank_reduction_by_sizes(expected.shape, actual.shape) is None:
        return f"expected type to be '{expected}' or a rank-reduced version. (size mismatch) "
    if expected.element_type is not actual.element_type:
        return f"expected element type to be '{expected.element_type}'"
    return None


def _parse_slice_lists(parser, op_name: str) -> list:
    return [M.parse_dynamic_index_list(parser, op_name) for _ in range(3)]


def _slice_lists_text(op: Op, printer) -> str:
    return " ".join(
        M.dynamic_index_list_text(
            printer, M.static_values(op, f"static_{kind}") or (), op.operand_group(kind)
        )
        for kind in ("offsets", "sizes", "strides")
    )


def _slice_properties(groups, lists) -> dict:
    properties = {SEGMENT_SIZES: M.segments(*groups, *(names for names, _ in lists))}
    for name, (_, static) in zip(M.OffsetSizeStrideOp.SPELLED, lists, strict=True):
        properties[name] = A.DenseArrayAttr(T.I64, static)
    return properties


class ExtractSliceOp(M.OffsetSizeStrideOp):
    """A strided window of a tensor, as a new tensor.

    %extracted_slice = tensor.extract_slice %t[%o, 0] [4, %s] [1, 1]
        : tensor<8x?xf32> to tensor<4x?xf32>

    Offsets, sizes and strides are given per dimension, each an integer or an index
    operand; dimensions of static size 1 may be dropped from the result type.
    """

    __slots__ = ()
    name = "tensor.extract_slice"
    operand_defs = (
        TensorArg("source", *RANKED),
        Variadic("offsets", *INDICES),
        Variadic("sizes", *INDICES),
        Variadic("strides", *INDICES),
    )
    result_defs = (TensorArg("result", *RANKED),)

    @classmethod
    def default_result_type(cls, source, offsets, sizes, strides) -> T.TensorType:
        return _static_type(sizes, source.element_type, source.encoding)

    @classmethod
    def parse_custom(cls, parser) -> ExtractSliceOp:
        source = value_name(parser)
        lists = _parse_slice_lists(parser, cls.name)
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        source_type = parse_tensor_type(parser, cls.name)
        parser.expect("to")
        result_type = parse_tensor_type(parser, cls.name)
        operands = [resolve(parser, source, source_type)]
        operands += [o for names, _ in lists for o in resolve_indices(parser, names)]
        properties = _slice_properties([[source]], lists)
        return cls(operands, [result_type], properties, attributes)

    def print_custom(self, printer) -> None:
        if malformed(self, 1, 0) or segment_sizes(self) is None:
            return printer.print_generic(self)
        source = self.operands[0]
        lists = _slice_lists_text(self, printer)
        printer.write(f"{printer.op_name(self)} {printer.value_name(source)}{lists}")
        printer.write(M.attr_dict_text(printer, self, self.SPELLED))
        printer.write(f" : {printer.type(source.type)} to {printer.type(self.results[0].type)}")

    def verify(self) -> None:
        source = self.operands[0].type
        self.verify_lists((source.rank,) * 3)
        offsets, sizes, strides = (M.static_values(self, n) for n in self.SPELLED)
        expected = _static_type(sizes, source.element_type)
        problem = _slice_problem(expected, self.results[0].type)
        if problem is None:
            problem = M.slice_out_of_bounds(source.shape, offsets, sizes, strides)
        if problem is not None:
            raise VerifyError(problem, op_prefix=False)

    def dropped_dims(self) -> set[int]:
        """Source dimensions (of static size 1) the result type leaves out, as MLIR's
        getDroppedDims chooses them (computeRankReductionMask on the static sizes)."""
        sizes = [
            T.DYNAMIC if s == DYNAMIC_INDEX else s for s in self.properties["static_sizes"].values
        ]
        return M.rank_reduction_by_sizes(sizes, self.results[0].type.shape) or set()

    def result_name_hints(self) -> list[str]:
        return ["extracted_slice"]


class InsertSliceOp(M.OffsetSizeStrideOp):
    """The destination tensor with a strided window replaced by the source tensor.

    %inserted_slice = tensor.insert_slice %s into %t[%o, 0] [4, %n] [1, 1]
        : tensor<4x?xf32> into tensor<8x?xf32>

    The source may leave out dimensions of static size 1 of the window.
    """

    __slots__ = ()
    name = "tensor.insert_slice"
    operand_defs = (
        TensorArg("source", *RANKED),
        TensorArg("dest", *RANKED),
        Variadic("offsets", *INDICES),
        Variadic("sizes", *INDICES),
        Variadic("strides", *INDICES),
    )
    result_defs = (TensorArg("result", *RANKED),)

    @classmethod
    def build(cls, source, dest, offsets, sizes, strides):
        """From mixed lists (ints where static, index values where dynamic)."""
        lists = [
            (
                [v for v in group if not isinstance(v, int)],
                [v if isinstance(v, int) else DYNAMIC_INDEX for v in group],
            )
            for group in (offsets, sizes, strides)
        ]
        properties = _slice_properties([[source], [dest]], lists)
        operands = [source, dest] + [v for values, _ in lists for v in values]
        return cls(operands, [dest.type], properties)

    @classmethod
    def parse_custom(cls, parser) -> InsertSliceOp:
        source = value_name(parser)
        parser.expect("into")
        dest = value_name(parser)
        lists = _parse_slice_lists(parser, cls.name)
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        source_type = parse_tensor_type(parser, cls.name)
        parser.expect("into")
        dest_type = parse_tensor_type(parser, cls.name)
        operands = [
            resolve(parser, source, source_type),
            resolve(parser, dest, dest_type),
        ]
        operands += [o for names, _ in lists for o in resolve_indices(parser, names)]
        properties = _slice_properties([[source], [dest]], lists)
        return cls(operands, [dest_type], properties, attributes)

    def print_custom(self, printer) -> None:
        if malformed(self, 2, 0) or segment_sizes(self) is None:
            return printer.print_generic(self)
        source, dest = self.operands[:2]
        printer.write(
            f"{printer.op_name(self)} {printer.value_name(source)} into "
            f"{printer.value_name(dest)}{_slice_lists_text(self, printer)}"
        )
        printer.write(M.attr_dict_text(printer, self, self.SPELLED))
        printer.write(f" : {printer.type(source.type)} into {printer.type(dest.type)}")

    def verify(self) -> None:
        source, dest = (v.type for v in self.operands[:2])
        if self.results[0].type is not dest:
            raise VerifyError("failed to verify that all of {dest, result} have same type")
        self.verify_lists((dest.rank,) * 3)
        offsets, sizes, strides = (M.static_values(self, n) for n in self.SPELLED)
        expected = _static_type(sizes, dest.element_type)
        problem = _slice_problem(expected, source)
        if problem is None:
            problem = M.slice_out_of_bounds(dest.shape, offsets, sizes, strides)
        if problem is not None:
            raise VerifyError(problem, op_prefix=False)

    def dropped_dims(self) -> set[int]:
        """Window dimensions (of static size 1) the source type leaves out."""
        sizes = [
            T.DYNAMIC if s == DYNAMIC_INDEX else s for s in self.properties["static_sizes"].values
        ]
        return M.rank_reduction_by_sizes(sizes, self.operands[0].type.shape) or set()

    def result_name_hints(self) -> list[str]:
        return ["inserted_slice"]


# -- gather and scatter -----------------------------------------------------------------------


def _is_index_tensor(t: T.Type) -> bool:
    return isinstance(t, T.TensorType) and (
        isinstance(t.element_type, T.IndexType) or _is_signless(t.element_type)
    )


INDEX_TENSOR = (_is_index_tensor, "ranked tensor of signless integer or index values")


def _parse_dims(parser, keyword: str) -> A.DenseArrayAttr:
    """`keyword([0, 2])`: a dense i64 array spelled as a list."""
    parser.expect(keyword)
    parser.expect("(")
    parser.expect("[")
    values = parser.parse_comma_list(parser.parse_integer_literal, "]")
    parser.expect(")")
    return A.DenseArrayAttr(T.I64, values)


def _dims_problem(op: Op, kind: str, indices: T.TensorType, rank: int, what: str) -> str | None:
    """MLIR's verifyGatherOrScatterDims, `kind` "gather" or "scatter"."""
    dims = op.properties[f"{kind}_dims"].values
    if not dims:
        return f"{kind}_dims must be non-empty"
    if len(dims) > rank:
        return f"{kind}_dims overflow {what} rank"
    if not indices.shape or indices.shape[-1] != len(dims):
        return f"{kind}_dims length must match the size of last dimension of indices"
    for value in dims:
        if value < 0:
            return f"{kind}_dims value must be non-negative"
        if value >= rank:
            return f"{kind}_dims value must be smaller than {what} rank"
    if any(a >= b for a, b in zip(dims, dims[1:], strict=False)):
        return f"{kind}_dims values must be strictly increasing"
    return None


def gathered_type(source: T.TensorType, indices: T.TensorType, dims, reduced: bool):
    """MLIR's GatherOp::inferResultType: the batch sizes of the indices, then the source
    sizes with each gathered dimension 1 (or dropped when `reduced`)."""
    shape = list(indices.shape[:-1])
    for dim, size in enumerate(source.shape):
        if dim not in dims:
            shape.append(size)
        elif not reduced:
            shape.append(1)
    return T.TensorType(shape, source.element_type, source.encoding)


def _gathered_problem(word: str, full: T.Type, reduced: T.Type, actual: T.Type) -> str | None:
    if actual is full or actual is reduced:
        return None
    return (
        f"{word} type mismatch: expected '{full}' or its rank-reduced variant '{reduced}' "
        f"(got: '{actual}')"
    )


class GatherOp(Op):
    """Slices of the source at the coordinates the indices give along `gather_dims`.

    %gather = tensor.gather %s[%idx] gather_dims([0, 2])
        : (tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<2x3x1x5x1xf32>

    The result has the batch sizes of the indices (all but their last dimension), then
    the source sizes with each gathered dimension 1 (or dropped). `unique` promises the
    coordinates differ.
    """

    __slots__ = ()
    name = "tensor.gather"
    operand_defs = (Arg("source", *RANKED), Arg("indices", *INDEX_TENSOR))
    result_defs = (Arg("result", *RANKED),)
    prop_defs = (Prop("gather_dims", M.DENSE_I64), Prop("unique", UNIT, optional=True))
    traits = frozenset({Pure})

    @classmethod
    def parse_custom(cls, parser) -> GatherOp:
        name_index = parser.pos - 1
        return _parse_gather_like(cls, parser, name_index, [value_name(parser)], "gather")

    def print_custom(self, printer) -> None:
        if malformed(self, 2, 0) or "gather_dims" not in self.properties:
            return printer.print_generic(self)
        source, indices = self.operands
        _print_gather_like(self, printer, f"{printer.value_name(source)}", indices, "gather")

    def verify(self) -> None:
        check_properties(self)
        source, indices = (v.type for v in self.operands)
        problem = _dims_problem(self, "gather", indices, source.rank, "source")
        if problem is None:
            dims = self.properties["gather_dims"].values
            full, reduced = (gathered_type(source, indices, dims, r) for r in (False, True))
            problem = _gathered_problem("result", full, reduced, self.results[0].type)
        if problem is not None:
            raise VerifyError(problem)

    def result_name_hints(self) -> list[str]:
        return ["gather"]


def _parse_gather_like(cls, parser, name_index: int, names: list, kind: str) -> Op:
    """`[%idx] gather_dims([0]) unique {..} : (..) -> ..` after the source's name (and
    the destination's): the custom form gather and scatter share."""
    parser.expect("[")
    names.append(value_name(parser))
    parser.expect("]")
    properties = {f"{kind}_dims": _parse_dims(parser, f"{kind}_dims")}
    if parser.accept("unique"):
        properties["unique"] = A.UNIT
    attributes = M.parse_custom_attr_dict(parser, cls)
    parser.expect(":")
    inputs, results = function_type(parser, cls.name, names, name_index)
    operands = [resolve(parser, n, t) for n, t in zip(names, inputs, strict=True)]
    return cls(operands, results, properties, attributes)


def _print_gather_like(op: Op, printer, head: str, indices, kind: str) -> None:
    dims = ", ".join(str(v) for v in op.properties[f"{kind}_dims"].values)
    text = f"{printer.op_name(op)} {head}[{printer.value_name(indices)}] {kind}_dims([{dims}])"
    printer.write(text + (" unique" if "unique" in op.properties else ""))
    printer.write(M.attr_dict_text(printer, op, (f"{kind}_dims", "unique")))
    printer.write(f" : {function_type_text(printer, op)}")


class ScatterOp(Op):
    """The destination with slices replaced by the source at the coordinates the indices
    give along `scatter_dims`, the inverse of tensor.gather.

    %scatter = tensor.scatter %s into %d[%idx] scatter_dims([0, 2]) unique
        : (tensor<2x3x5xf32>, tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<4x5x6xf32>

    `unique` is required: the coordinates must differ (the interpreter checks it).
    """

    __slots__ = ()
    name = "tensor.scatter"
    operand_defs = (
        Arg("source", *RANKED),
        Arg("dest", *RANKED),
        Arg("indices", *INDEX_TENSOR),
    )
    result_defs = (Arg("result", *RANKED),)
    prop_defs = (Prop("scatter_dims", M.DENSE_I64), Prop("unique", UNIT, optional=True))
    traits = frozenset({Pure})

    @classmethod
    def parse_custom(cls, parser) -> ScatterOp:
        name_index = parser.pos - 1
        source = value_name(parser)
        parser.expect("into")
        names = [source, value_name(parser)]
        return _parse_gather_like(cls, parser, name_index, names, "scatter")

    def print_custom(self, printer) -> None:
        if malformed(self, 3, 0) or "scatter_dims" not in self.properties:
            return printer.print_generic(self)
        source, dest, indices = self.operands
        head = f"{printer.value_name(source)} into {printer.value_name(dest)}"
        _print_gather_like(self, printer, head, indices, "scatter")

    def verify(self) -> None:
        check_properties(self)
        source, dest, indices = (v.type for v in self.operands)
        problem = _dims_problem(self, "scatter", indices, dest.rank, "dest")
        if problem is None and "unique" not in self.properties:
            problem = "requires 'unique' attribute to be set"
        if problem is None:
            dims = self.properties["scatter_dims"].values
            full, reduced = (gathered_type(dest, indices, dims, r) for r in (False, True))
            problem = _gathered_problem("source", full, reduced, source)
        if problem is not None:
            raise VerifyError(problem)

    def result_name_hints(self) -> list[str]:
        return ["scatter"]


# -- padding ----------------------------------------------------------------------------------


class PadOp(Op):
    """The source tensor with `low` and `high` elements added before and after it in each
    dimension, their values yielded by the body for their indices.

    %padded = tensor.pad %t low[1, %n] high[2, 0] {
    ^bb0(%i: index, %j: index):
      tensor.yield %zero : f32
    } : tensor<4x?xf32> to tensor<7x?xf32>

    `nofold` keeps a pad that adds nothing from folding away.
    """

    __slots__ = ()
    name = "tensor.pad"
    operand_defs = (
        TensorArg("source", *RANKED),
        Variadic("low", *INDICES),
        Variadic("high", *INDICES),
    )
    result_defs = (TensorArg("result", *RANKED),)
    prop_defs = (
        Prop("static_low", M.DENSE_I64),
        Prop("static_high", M.DENSE_I64),
        Prop("nofold", UNIT, optional=True),
    )
    num_regions = 1
    traits = frozenset({Pure, AttrSizedOperandSegments, SingleBlock})

    @classmethod
    def parse_custom(cls, parser) -> PadOp:
        source = value_name(parser)
        properties = {"nofold": A.UNIT} if parser.accept("nofold") else {}
        parser.expect("low")
        low_names, low = M.parse_dynamic_index_list(parser, cls.name)
        parser.expect("high")
        high_names, high = M.parse_dynamic_index_list(parser, cls.name)
        region = parser.parse_region()
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        source_type = parse_tensor_type(parser, cls.name)
        parser.expect("to")
        result_type = parse_tensor_type(parser, cls.name)
        properties[SEGMENT_SIZES] = M.segments([source], low_names, high_names)
        properties["static_low"] = A.DenseArrayAttr(T.I64, low)
        properties["static_high"] = A.DenseArrayAttr(T.I64, high)
        operands = [resolve(parser, source, source_type)]
        operands += resolve_indices(parser, low_names + high_names)
        return cls(operands, [result_type], properties, attributes, [region])

    def print_custom(self, printer) -> None:
        if malformed(self, 1, 1) or segment_sizes(self) is None:
            return printer.print_generic(self)
        source = self.operands[0]
        text = f"{printer.op_name(self)} {printer.value_name(source)}"
        if "nofold" in self.properties:
            text += " nofold"
        for kind in ("low", "high"):
            static = M.static_values(self, f"static_{kind}") or ()
            values = self.operand_group(kind)
            text += f" {kind}" + M.dynamic_index_list_text(printer, static, values)
        printer.write(text + " ")
        printer.print_region(self.regions[0])
        printer.write(M.attr_dict_text(printer, self, ("static_low", "static_high", "nofold")))
        printer.write(f" : {printer.type(source.type)} to {printer.type(self.results[0].type)}")

    def mixed(self, kind: str, operand_values=None) -> list:
        """The `low` or `high` list: ints where static, else the operand (or its value)."""
        return M.OffsetSizeStrideOp.mixed(self, kind, operand_values)

    def verify(self) -> None:
        check_properties(self)
        _one_block(self, "region")
        source, result = self.operands[0].type, self.results[0].type
        low, high = (M.static_values(self, n) for n in ("static_low", "static_high"))
        if len(low) != source.rank or len(high) != source.rank:
            raise VerifyError(
                f"failed to infer expectedType from sourceType '{source}', specified "
                f"resultType is '{result}'",
                op_prefix=False,
            )
        inferred = []
        for size, before, after in zip(source.shape, low, high, strict=True):
            if T.DYNAMIC == size or DYNAMIC_INDEX in (before, after):
                inferred.append(T.DYNAMIC)
            else:
                inferred.append(size + before + after)
        expected = T.TensorType(inferred, source.element_type)
        if result.rank != source.rank or any(
            e != r and e != T.DYNAMIC for e, r in zip(inferred, result.shape, strict=True)
        ):
            raise VerifyError(
                f"specified type '{result}' does not match the inferred type '{expected}'",
                op_prefix=False,
            )
        self.verify_region(source, result)

    def verify_region(self, source: T.TensorType, result: T.TensorType) -> None:
        blocks = self.regions[0].blocks
        if not blocks:
            return
        args = blocks[0].args
        if len(args) != source.rank:
            raise VerifyError(
                f"expected the block to have {source.rank} arguments", op_prefix=False
            )
        for index, arg in enumerate(args):
            if not isinstance(arg.type, T.IndexType):
                raise VerifyError(f"expected block argument {index + 1} to be an index")
        if not _ends_in_terminator(self):
            return
        terminator = _yield_of(self)
        if terminator is None or terminator.operands[0].type is not result.element_type:
            raise VerifyError("expected yield type to match shape element type")

    def result_name_hints(self) -> list[str]:
        return ["padded"]


OPS = ops_by_name(
    EmptyOp,
    SplatOp,
    FromElementsOp,
    GenerateOp,
    YieldOp,
    DimOp,
    ExtractOp,
    InsertOp,
    CastOp,
    BitcastOp,
    RankOp,
    CollapseShapeOp,
    ExpandShapeOp,
    ReshapeOp,
    ConcatOp,
    ExtractSliceOp,
    InsertSliceOp,
    GatherOp,
    ScatterOp,
    PadOp,
)
