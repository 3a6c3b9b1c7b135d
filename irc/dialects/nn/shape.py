"""Shape nn ops: constants, and ops that move elements without computing on them
(reshape, transpose, broadcast, squeeze, slices, concatenation, gathers, padding).

Every op but `nn.one_hot` keeps its operand's element type. Axes count from 0 and must lie
in 0..rank-1: a negative axis is an error, not an axis counted from the end. Where a size
is `?`, a rule that a static size would break at verification is checked when the program
runs, as an error located at the op. The custom form writes operands, then properties
(lists bare, `[1, 0]`), then the types:

    %t = nn.transpose %x [1, 0] : tensor<4x3xf32>
    %s = nn.slice %x starts [0, 1] sizes [2, 2] strides [1, 1] : tensor<4x3xf32>
    %r = nn.reshape %x : tensor<4x3xf32> to tensor<12xf32>

The result type is inferred where the operands and properties determine it (the types
after `:` are the operands', as for the elementwise ops), and written after `to` where
the result type is what the op is told (reshape, broadcast_to, one_hot).
"""

from __future__ import annotations

from math import prod

from irc.dialects import ops_by_name
from irc.dialects.nn.common import (
    BARE,
    DYN,
    INT_TENSOR,
    KEYWORD,
    TENSOR,
    I64ArrayKind,
    I64Kind,
    InferredOp,
    WrittenOp,
    array_prop,
    broadcast_dim,
    broadcast_shapes,
    check_axes,
    check_axis,
    int_prop,
    list_text,
    operand_text,
    same_element_types,
    shape_text,
    tensor,
)
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.opdef import Arg, AttrKind, Op, Prop, Variadic, VerifyError
from irc.ir.traits import Pure

# -- messages -----------------------------------------------------------------------------------


def check_length(name: str, values, shape) -> None:
    """One entry of a per-dimension list property for each dimension of the operand."""
    if len(values) != len(shape):
        raise VerifyError(
            f"{name} {list_text(values)} has {len(values)} "
            f"{'entry' if len(values) == 1 else 'entries'} but {operand_text(shape)} "
            f"has rank {len(shape)}"
        )


def same_element(source: T.TensorType, target: T.TensorType) -> None:
    if source.element_type != target.element_type:
        raise VerifyError(
            f"cannot change the element type: {source.element_type} to "
            f"{target.element_type}; use nn.cast"
        )


# -- the family ---------------------------------------------------------------------------------


class InferredShapeOp(InferredOp):
    """Base of shape ops whose result type is inferred: one tensor operand and one tensor
    result unless an op declares others; `%r = nn.op %x <properties> : A`."""

    __slots__ = ()
    operand_defs = (Arg("operand", *TENSOR),)
    result_defs = (Arg("result", *TENSOR),)


# -- constants ------------------------------------------------------------------------------------


class ElementsKind(AttrKind):
    """A `dense<...>` attribute of a tensor type."""

    description = "dense elements attribute of a tensor type"

    def check(self, attr) -> bool:
        return isinstance(attr, A.DenseElementsAttr) and isinstance(attr.type, T.TensorType)


class ConstantOp(Op):
    """A tensor constant.

    %c = nn.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>

    The value is a `dense<...>` attribute whose type is the result type (so every size is
    static). The op folds to its value, so folding treats it as a constant operand.
    """

    __slots__ = ()
    name = "nn.constant"
    operand_defs = ()
    result_defs = (Arg("result", *TENSOR),)
    prop_defs = (Prop("value", ElementsKind()),)
    traits = frozenset({Pure})
    assembly_format = "attr-dict $value"

    @classmethod
    def infer_result_types(cls, operand_types, properties):
        value = properties.get("value")
        if not ElementsKind().check(value):
            raise VerifyError(
                "'nn.constant' op value must be a dense elements attribute of a tensor type"
            )
        return [value.type]

    def verify(self) -> None:
        value, result = self.properties.get("value"), self.results[0].type
        if ElementsKind().check(value) and value.type != result:
            raise VerifyError(f"value of type {value.type} does not match the result type {result}")

    def fold(self, operands):
        return [self.properties["value"]]

    def result_name_hints(self) -> list[str]:
        return ["cst"]


# -- changing the shape -------------------------------------------------------------------------


def check_count(source, target) -> None:
    """Element counts that static sizes decide: equal when both shapes are static; when
    the target has a `?`, the source's count a multiple of the target's other sizes."""
    unknown = target.count(DYN)
    if unknown > 1:
        raise VerifyError(
            f"result shape {shape_text(target)} has {unknown} `?` sizes; at most one can be "
            "computed from the element count"
        )
    known = prod(d for d in target if d != DYN)
    if unknown and known == 0:
        raise VerifyError(
            f"result shape {shape_text(target)} leaves its `?` size undetermined: "
            "the other sizes multiply to 0"
        )
    if DYN in source:
        return
    count = prod(source)
    if not unknown and count != known:
        raise VerifyError(
            f"cannot reshape {shape_text(source)} ({count} elements) to "
            f"{shape_text(target)} ({known} elements)"
        )
    if unknown and count % known:
        raise VerifyError(
            f"cannot reshape {shape_text(source)} ({count} elements) to "
            f"{shape_text(target)}: {count} is not a multiple of {known}"
        )


class ReshapeOp(WrittenOp):
    """The elements in row-major order, in a new shape.

    %r = nn.reshape %x : tensor<4x6xf32> to tensor<24xf32>

    The element counts must agree. At most one result size may be `?`: it is the element
    count divided by the other sizes (which must divide it). Where the operand has a `?`,
    the count is checked when the program runs.
    """

    __slots__ = ()
    name = "nn.reshape"

    @classmethod
    def check(cls, source, result, properties):
        same_element(source, result)
        check_count(source.shape, result.shape)

    @classmethod
    def refine(cls, source, result, properties):
        """The `?` size from a static operand's element count."""
        shape = result.shape
        known = prod(d for d in shape if d != DYN)
        if shape.count(DYN) != 1 or DYN in source.shape or not known:
            return result
        size = prod(source.shape) // known  # `check` rejects a count it does not divide
        return tensor([size if d == DYN else d for d in shape], result.element_type)


def check_broadcast(source, target) -> None:
    """numpy's rule for broadcasting `source` to exactly `target`: each operand size
    (aligned on the right) is 1 or the result size; a `?` in the result takes the
    operand's size, so there must be one that is not 1."""
    where = f"cannot broadcast {shape_text(source)} to {shape_text(target)}"
    if len(source) > len(target):
        raise VerifyError(f"{where}: the operand has more dimensions than the result")
    broadcast_shapes(source, target)
    offset = len(target) - len(source)
    for axis, size in enumerate(target):
        given = source[axis - offset] if axis >= offset else 1
        if size == DYN and given == 1:
            has = "size 1" if axis >= offset else "no dimension"
            raise VerifyError(
                f"{where}: result dimension {axis} is `?` but the operand has {has} there, "
                "so nothing gives its size (write the size)"
            )
        if size != DYN and broadcast_dim(given, size) != size:  # broadcast_shapes let 4 to 1
            raise VerifyError(
                f"{where}: operand dimension {axis - offset} of size {given} cannot shrink "
                f"to size {size}"
            )


class BroadcastToOp(WrittenOp):
    """The operand repeated along dimensions of size 1 and new leading dimensions.

    %b = nn.broadcast_to %x : tensor<3x1xf32> to tensor<2x3x4xf32>

    numpy's rule, aligned on the right: each operand size is 1 or the result size, and
    the result has at least the operand's rank. A `?` in the result takes the operand's
    size, which must not be 1; a `?` in the operand must be 1 or the result size when the
    program runs.
    """

    __slots__ = ()
    name = "nn.broadcast_to"

    @classmethod
    def check(cls, source, result, properties):
        same_element(source, result)
        check_broadcast(source.shape, result.shape)

    @classmethod
    def refine(cls, source, result, properties):
        """A `?` result size takes the operand's size there."""
        offset = len(result.shape) - len(source.shape)
        shape = [
            source.shape[axis - offset] if size == DYN and axis >= offset else size
            for axis, size in enumerate(result.shape)
        ]
        return tensor(shape, result.element_type)


class TransposeOp(InferredShapeOp):
    """The dimensions reordered: result dimension i is operand dimension permutation[i].

    %t = nn.transpose %x [1, 0] : tensor<4x3xf32>

    The permutation holds each of 0..rank-1 once.
    """

    __slots__ = ()
    name = "nn.transpose"
    prop_defs = (Prop("permutation", I64ArrayKind()),)
    spelling = (("permutation", BARE),)

    @classmethod
    def infer(cls, operand_types, properties):
        source = operand_types[0]
        permutation = array_prop(properties, "permutation")
        check_length("permutation", permutation, source.shape)
        if sorted(permutation) != list(range(len(permutation))):
            raise VerifyError(
                f"permutation {list_text(permutation)} must hold each of "
                f"0..{len(permutation) - 1} once"
            )
        return [tensor([source.shape[p] for p in permutation], source.element_type)]


class ExpandDimsOp(InferredShapeOp):
    """New dimensions of size 1, at the given positions of the result.

    %e = nn.expand_dims %x [0, 2] : tensor<4x3xf32>

    The axes are strictly increasing and in 0..rank-1 of the result (the operand's rank
    plus the number of axes); the example's result is tensor<1x4x1x3xf32>.
    """

    __slots__ = ()
    name = "nn.expand_dims"
    prop_defs = (Prop("axes", I64ArrayKind()),)
    spelling = (("axes", BARE),)

    @classmethod
    def infer(cls, operand_types, properties):
        source = operand_types[0]
        axes = array_prop(properties, "axes")
        rank = len(source.shape) + len(axes)
        check_axes(axes, rank, f"the rank-{rank} result")
        sizes = iter(source.shape)
        shape = [1 if axis in axes else next(sizes) for axis in range(rank)]
        return [tensor(shape, source.element_type)]


class SqueezeOp(InferredShapeOp):
    """The given dimensions, each of size 1, removed.

    %s = nn.squeeze %x [0, 2] : tensor<1x4x1xf32>

    The axes are strictly increasing and in 0..rank-1 of the operand. Each squeezed size
    must be 1; a `?` is checked when the program runs.
    """

    __slots__ = ()
    name = "nn.squeeze"
    prop_defs = (Prop("axes", I64ArrayKind()),)
    spelling = (("axes", BARE),)

    @classmethod
    def infer(cls, operand_types, properties):
        source = operand_types[0]
        shape = source.shape
        axes = array_prop(properties, "axes")
        check_axes(axes, len(shape), operand_text(shape))
        for axis in axes:
            if shape[axis] not in (1, DYN):
                raise VerifyError(
                    f"cannot squeeze dimension {axis} of {operand_text(shape)}: "
                    f"its size is {shape[axis]}, not 1"
                )
        kept = [size for axis, size in enumerate(shape) if axis not in axes]
        return [tensor(kept, source.element_type)]


# -- taking and joining parts --------------------------------------------------------------------


def check_slice(shape, starts, sizes, strides) -> None:
    """Per dimension: start ≥ 0, size ≥ 0, stride ≥ 1, and the last index read inside a
    static size."""
    for axis, (size, start, count, stride) in enumerate(
        zip(shape, starts, sizes, strides, strict=True)
    ):
        if stride < 1:
            raise VerifyError(f"stride {stride} in dimension {axis} must be at least 1")
        if start < 0:
            raise VerifyError(f"start {start} in dimension {axis} is negative")
        if count < 0:
            raise VerifyError(f"size {count} in dimension {axis} is negative")
        last = start + (count - 1) * stride
        if count > 0 and size != DYN and last >= size:
            raise VerifyError(
                f"dimension {axis} reads index {last} (start {start}, size {count}, stride "
                f"{stride}) of {operand_text(shape)}, past its size {size}"
            )


class SliceOp(InferredShapeOp):
    """A strided window: in each dimension, `sizes[d]` elements from index `starts[d]`,
    `strides[d]` apart.

    %s = nn.slice %x starts [0, 1] sizes [2, 3] strides [2, 1] : tensor<4x5xf32>

    The result shape is `sizes` (tensor<2x3xf32> here). Each list has one entry per
    dimension; starts and sizes are at least 0, strides at least 1, and the last index
    read, start + (size - 1) * stride, is inside the operand where its size is static
    (where it is `?`, when the program runs).
    """

    __slots__ = ()
    name = "nn.slice"
    prop_defs = (
        Prop("starts", I64ArrayKind()),
        Prop("sizes", I64ArrayKind()),
        Prop("strides", I64ArrayKind()),
    )
    spelling = (("starts", KEYWORD), ("sizes", KEYWORD), ("strides", KEYWORD))

    @classmethod
    def infer(cls, operand_types, properties):
        source = operand_types[0]
        lists = [array_prop(properties, name) for name in ("starts", "sizes", "strides")]
        for name, values in zip(("starts", "sizes", "strides"), lists, strict=True):
            check_length(name, values, source.shape)
        check_slice(source.shape, *lists)
        return [tensor(lists[1], source.element_type)]


def concat_shape(shapes, axis: int) -> list[int]:
    """The sizes along `axis` summed (`?` if any is `?`); every other dimension's sizes
    agree, and the result has the static one (`?` when all are `?`)."""
    result = []
    for dim, sizes in enumerate(zip(*shapes, strict=True)):
        if dim == axis:
            result.append(DYN if DYN in sizes else sum(sizes))
            continue
        static = [shape for shape in shapes if shape[dim] != DYN]
        for shape in static[1:]:
            if shape[dim] != static[0][dim]:
                raise VerifyError(
                    f"operands of shapes {shape_text(static[0])} and {shape_text(shape)} "
                    f"differ in dimension {dim}, which is not the axis {axis}"
                )
        result.append(static[0][dim] if static else DYN)
    return result


class ConcatOp(InferredShapeOp):
    """The operands joined along one axis.

    %c = nn.concat %a, %b axis 0 : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<6x3xf32>

    At least one operand; all have one element type and one rank, the axis is in
    0..rank-1, and the sizes of every other dimension agree (a `?` is checked when the
    program runs). The size along the axis is the sum, `?` if any operand's is.
    """

    __slots__ = ()
    name = "nn.concat"
    operand_defs = (Variadic("operands", *TENSOR),)
    prop_defs = (Prop("axis", I64Kind()),)
    spelling = (("axis", KEYWORD),)

    @classmethod
    def infer(cls, operand_types, properties):
        if not operand_types:
            raise VerifyError("needs at least one operand")
        element = same_element_types(operand_types)
        shapes = [t.shape for t in operand_types]
        for shape in shapes[1:]:
            if len(shape) != len(shapes[0]):
                raise VerifyError(
                    f"operands of shapes {shape_text(shapes[0])} and {shape_text(shape)} "
                    "have different ranks"
                )
        axis = int_prop(properties, "axis")
        check_axis(axis, len(shapes[0]), operand_text(shapes[0]))
        return [tensor(concat_shape(shapes, axis), element)]


class GatherOp(InferredShapeOp):
    """Slices of `source` along `axis`, one for each element of `indices`.

    %e = nn.gather %table, %ids axis 0 : (tensor<100x8xf32>, tensor<4x2xi32>) -> tensor<4x2x8xf32>

    The result shape is source.shape[:axis] + indices.shape + source.shape[axis+1:], and
    result[..., i, ...] = source[..., indices[i], ...]; with axis 0 it is an embedding
    lookup. The axis is in 0..rank-1 of `source`. Indices are signed and must be in
    0..size-1 of the gathered dimension: one outside is an error when the program runs,
    naming the index, its position in `indices` and the size.
    """

    __slots__ = ()
    name = "nn.gather"
    operand_defs = (Arg("source", *TENSOR), Arg("indices", *INT_TENSOR))
    prop_defs = (Prop("axis", I64Kind()),)
    spelling = (("axis", KEYWORD),)

    @classmethod
    def infer(cls, operand_types, properties):
        source, indices = operand_types
        shape = source.shape
        axis = int_prop(properties, "axis")
        check_axis(axis, len(shape), operand_text(shape, "source"))
        result = (*shape[:axis], *indices.shape, *shape[axis + 1 :])
        return [tensor(result, source.element_type)]


class OneHotOp(WrittenOp):
    """A new last dimension of size `depth` holding 1 at each index and 0 elsewhere.

    %o = nn.one_hot %labels depth 10 : tensor<32xi32> to tensor<32x10xf32>

    The result type is written: its element type is the one the 0s and 1s have, and its
    shape is the indices' shape followed by `depth` (at least 1). Indices are signed and
    must be in 0..depth-1: one outside is an error when the program runs, naming the
    index and its position.
    """

    __slots__ = ()
    name = "nn.one_hot"
    operand_defs = (Arg("indices", *INT_TENSOR),)
    prop_defs = (Prop("depth", I64Kind()),)
    spelling = (("depth", KEYWORD),)

    @classmethod
    def check(cls, source, result, properties):
        depth = int_prop(properties, "depth")
        if depth < 1:
            raise VerifyError(f"depth {depth} must be at least 1")
        expected = (*source.shape, depth)
        if tuple(result.shape) != expected:
            raise VerifyError(
                f"result shape {shape_text(result.shape)} is not {shape_text(expected)}, "
                f"the indices' shape {shape_text(source.shape)} and the depth {depth}"
            )

    @classmethod
    def refine(cls, source, result, properties):
        return tensor((*source.shape, int_prop(properties, "depth")), result.element_type)


class PadOp(InferredShapeOp):
    """The operand surrounded by `low[d]` copies of a value before and `high[d]` after,
    in each dimension d.

    %p = nn.pad %x, %zero low [1, 0] high [2, 1] : (tensor<4x3xf32>, tensor<f32>) -> tensor<7x4xf32>

    The padding value is an operand, a rank-0 tensor of the operand's element type,
    rather than a property: it can be computed (the lowest value of a type for a max
    pool, a learned value), it is typed as the tensor is without a second attribute
    syntax to check, and the gradient can flow to it. `low` and `high` have one entry
    per dimension, each at least 0; a size of the result is size + low + high (`?` stays
    `?`).
    """

    __slots__ = ()
    name = "nn.pad"
    operand_defs = (Arg("operand", *TENSOR), Arg("value", *TENSOR))
    prop_defs = (Prop("low", I64ArrayKind()), Prop("high", I64ArrayKind()))
    spelling = (("low", KEYWORD), ("high", KEYWORD))

    @classmethod
    def infer(cls, operand_types, properties):
        source, value = operand_types
        if value.shape:
            raise VerifyError(
                f"padding value of shape {shape_text(value.shape)} must be a rank-0 tensor"
            )
        element = same_element_types(operand_types, "the operand and the padding value")
        low, high = array_prop(properties, "low"), array_prop(properties, "high")
        for name, values in (("low", low), ("high", high)):
            check_length(name, values, source.shape)
            for axis, amount in enumerate(values):
                if amount < 0:
                    raise VerifyError(f"{name} padding {amount} in dimension {axis} is negative")
        shape = [
            DYN if size == DYN else size + before + after
            for size, before, after in zip(source.shape, low, high, strict=True)
        ]
        return [tensor(shape, element)]


OPS = ops_by_name(
    ConstantOp,
    ReshapeOp,
    TransposeOp,
    BroadcastToOp,
    ExpandDimsOp,
    SqueezeOp,
    SliceOp,
    ConcatOp,
    GatherOp,
    OneHotOp,
    PadOp,
)
