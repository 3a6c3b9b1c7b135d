"""Reducing nn ops: matrix products, reductions over axes, softmax and the classification
losses built on them.

Each op spells its properties after its operands, then `:` and either the operand type
(every operand has it; the result type is inferred) or a functional type:

    %s = nn.reduce_sum %x [1] keepdims : tensor<4x3xf32>
    %p = nn.softmax %x axis 1 : tensor<4x3xf32>
    %c = nn.matmul %a, %b transpose_b : (tensor<4x3xf32>, tensor<5x3xf32>) -> tensor<4x5xf32>

Axes count from 0, the outermost dimension. A list of axes is strictly increasing; the
reduced dimensions are dropped, or kept with size 1 under `keepdims`. A `?` size stays
`?` in the result and is checked when the program runs.
"""

from __future__ import annotations

from irc.dialects import ops_by_name
from irc.dialects.nn.common import (
    BARE,
    DYN,
    FLAG,
    FLOAT_TENSOR,
    INT_TENSOR,
    KEYWORD,
    NUMERIC_TENSOR,
    I64ArrayKind,
    I64Kind,
    InferredOp,
    Keyword,
    UnitKind,
    array_prop,
    broadcast_shapes,
    check_axes,
    check_axis,
    int_prop,
    operand_text,
    same_element_types,
    shape_text,
    tensor,
)
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.opdef import Arg, AttrKind, Prop, VerifyError

I64_TENSOR = (
    lambda t: isinstance(t, T.TensorType) and t.element_type is T.I64,
    "tensor of i64",
)


# -- a property kind ---------------------------------------------------------------------------


class ReductionKind(AttrKind):
    """How a loss combines its per-example values: `none` keeps them, `mean` or `sum`
    gives a scalar. A string attribute, spelled bare in custom forms."""

    description = 'string attribute "none", "mean" or "sum"'
    values = ("none", "mean", "sum")

    def check(self, attr) -> bool:
        return isinstance(attr, A.StringAttr) and attr.value in self.values

    def parse(self, parser) -> A.Attribute:
        if parser.tok not in self.values:
            parser.error(f"expected none, mean or sum, found {parser.describe()}")
        return A.StringAttr(parser.next())

    def text(self, attr, printer) -> str:
        return attr.value


# -- shapes ----------------------------------------------------------------------------------------


def reduced_shape(shape, axes, keepdims: bool) -> tuple[int, ...]:
    """`shape` without `axes`, or with size 1 there under `keepdims`."""
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


# -- matrix product ------------------------------------------------------------------------------


class MatmulOp(InferredOp):
    """Matrix product over the last two dimensions, batched over the others.

    %c = nn.matmul %a, %b : (tensor<8x4x3xf32>, tensor<3x5xf32>) -> tensor<8x4x5xf32>
    %d = nn.matmul %x, %w transpose_b : (tensor<4x3xf32>, tensor<5x3xf32>) -> tensor<4x5xf32>

    Both operands have rank 2 or more and one element type (floats or integers). Their
    last two dimensions are matrices: `transpose_a` (`transpose_b`) swaps them in `a`
    (`b`) first, and the columns of `a` must match the rows of `b`. The dimensions before
    them are batch dimensions and broadcast as numpy's matmul does. Integers wrap. The
    order of the sums is unspecified: f32 and f64 accumulate in their own type when
    compiled (as BLAS does; the interpreter sums in f64 and rounds once), f16 and bf16
    in f32.
    """

    __slots__ = ()
    name = "nn.matmul"
    operand_defs = (Arg("a", *NUMERIC_TENSOR), Arg("b", *NUMERIC_TENSOR))
    result_defs = (Arg("result", *NUMERIC_TENSOR),)
    prop_defs = (
        Prop("transpose_a", UnitKind(), optional=True),
        Prop("transpose_b", UnitKind(), optional=True),
    )
    spelling = (("transpose_a", FLAG), ("transpose_b", FLAG))

    @classmethod
    def infer(cls, operand_types, properties):
        a, b = operand_types
        a_text = shape_text(a.shape) + (" transposed" if "transpose_a" in properties else "")
        b_text = shape_text(b.shape) + (" transposed" if "transpose_b" in properties else "")
        if a.rank < 2 or b.rank < 2:
            raise VerifyError(
                "operands must be matrices or batches of matrices (rank 2 or more), "
                f"got shapes {a_text} and {b_text}"
            )
        element = same_element_types(operand_types)
        rows, inner_a = matrix_dims(a.shape, "transpose_a" in properties)
        inner_b, columns = matrix_dims(b.shape, "transpose_b" in properties)
        if inner_a != inner_b and DYN not in (inner_a, inner_b):
            raise VerifyError(
                f"cannot multiply {a_text} by {b_text}: "
                f"the contracted sizes {inner_a} and {inner_b} differ"
            )
        try:
            batch = broadcast_shapes(a.shape[:-2], b.shape[:-2])
        except VerifyError as exc:
            raise VerifyError(f"cannot multiply {a_text} by {b_text}: batch {exc}") from None
        return [tensor((*batch, rows, columns), element)]


def matrix_dims(shape, transposed: bool) -> tuple[int, int]:
    """(rows, columns) of the matrices of `shape`, after the optional transpose."""
    rows, columns = shape[-2], shape[-1]
    return (columns, rows) if transposed else (rows, columns)


# -- reductions over axes ------------------------------------------------------------------------


class ReduceOp(InferredOp):
    """Base of `%r = nn.reduce_<op> %x [axes] keepdims : T` on float or integer tensors."""

    __slots__ = ()
    operand_defs = (Arg("operand", *NUMERIC_TENSOR),)
    result_defs = (Arg("result", *NUMERIC_TENSOR),)
    prop_defs = (Prop("axes", I64ArrayKind()), Prop("keepdims", UnitKind(), optional=True))
    spelling = (("axes", BARE), ("keepdims", FLAG))

    @classmethod
    def infer(cls, operand_types, properties):
        (source,) = operand_types
        axes = array_prop(properties, "axes")
        check_axes(axes, source.rank, operand_text(source.shape))
        shape = reduced_shape(source.shape, axes, "keepdims" in properties)
        return [tensor(shape, source.element_type)]


class ReduceFloatOp(ReduceOp):
    """Base of reductions defined on float tensors only."""

    __slots__ = ()
    operand_defs = (Arg("operand", *FLOAT_TENSOR),)
    result_defs = (Arg("result", *FLOAT_TENSOR),)


class ReduceSumOp(ReduceOp):
    """Sum over `axes`.

    %s = nn.reduce_sum %x [0, 2] : tensor<4x?x3xf32>
    %k = nn.reduce_sum %x [1] keepdims : (tensor<4x?x3xf32>) -> tensor<4x1x3xf32>

    Floats are summed in float64 and rounded once; integers wrap. Over no elements the
    sum is 0; an empty `axes` list reduces nothing. Compiled code adds in any order
    (vector lanes): the f64 sum may differ in its last bits, the result rarely.
    """

    __slots__ = ()
    name = "nn.reduce_sum"


class ReduceMeanOp(ReduceFloatOp):
    """Arithmetic mean over `axes` (floats only).

    %m = nn.reduce_mean %x [1] keepdims : tensor<4x3xf32>

    Summed in float64, divided by the number of reduced elements and rounded once; the
    mean of no elements is NaN.
    """

    __slots__ = ()
    name = "nn.reduce_mean"


class ReduceMaxOp(ReduceOp):
    """Largest element over `axes`.

    %m = nn.reduce_max %x [1] : tensor<4x3xf32>

    A NaN anywhere gives NaN, and +0.0 is above -0.0 (as nn.maximum). Reducing an empty
    dimension is a run-time error: there is no largest element.
    """

    __slots__ = ()
    name = "nn.reduce_max"


class ReduceMinOp(ReduceOp):
    """Smallest element over `axes`.

    %m = nn.reduce_min %x [0] : tensor<4x3xi32>

    A NaN anywhere gives NaN, and -0.0 is below +0.0 (as nn.minimum). Reducing an empty
    dimension is a run-time error: there is no smallest element.
    """

    __slots__ = ()
    name = "nn.reduce_min"


class ReduceProdOp(ReduceOp):
    """Product over `axes`.

    %p = nn.reduce_prod %x [1] : tensor<4x3xf32>

    Floats are multiplied in float64 and rounded once; integers wrap. Over no elements
    the product is 1.
    """

    __slots__ = ()
    name = "nn.reduce_prod"


class LogsumexpOp(ReduceFloatOp):
    """log(sum(exp(x))) over `axes`, without overflow.

    %l = nn.logsumexp %x [1] : tensor<4x3xf32>

    Computed as max + log(sum(exp(x - max))) in float64: large logits stay finite, and
    when every element is -inf (or there are none) the result is -inf.
    """

    __slots__ = ()
    name = "nn.logsumexp"


# -- along one axis ------------------------------------------------------------------------------


class ArgmaxOp(InferredOp):
    """Index (an i64) of the largest element along `axis`.

    %i = nn.argmax %x axis 1 : tensor<4x3xf32>
    %k = nn.argmax %x axis 1 keepdims : (tensor<4x3xf32>) -> tensor<4x1xi64>

    The first index of the maximum; a NaN counts as the maximum (numpy's rule). The axis
    is dropped, or kept with size 1 under `keepdims`. An empty axis is a run-time error.
    """

    __slots__ = ()
    name = "nn.argmax"
    operand_defs = (Arg("operand", *NUMERIC_TENSOR),)
    result_defs = (Arg("result", *I64_TENSOR),)
    prop_defs = (Prop("axis", I64Kind()), Prop("keepdims", UnitKind(), optional=True))
    spelling = (("axis", KEYWORD), ("keepdims", FLAG))

    @classmethod
    def infer(cls, operand_types, properties):
        (source,) = operand_types
        axis = int_prop(properties, "axis")
        check_axis(axis, source.rank, operand_text(source.shape))
        return [tensor(reduced_shape(source.shape, (axis,), "keepdims" in properties), T.I64)]


class NormalizeOp(InferredOp):
    """Base of `%p = nn.<op> %x axis N : T`: float tensors, the result of the operand's type."""

    __slots__ = ()
    operand_defs = (Arg("operand", *FLOAT_TENSOR),)
    result_defs = (Arg("result", *FLOAT_TENSOR),)
    prop_defs = (Prop("axis", I64Kind()),)
    spelling = (("axis", KEYWORD),)

    @classmethod
    def infer(cls, operand_types, properties):
        (source,) = operand_types
        check_axis(int_prop(properties, "axis"), source.rank, operand_text(source.shape))
        return [source]


class SoftmaxOp(NormalizeOp):
    """exp(x) / sum(exp(x)) along `axis`: each slice becomes probabilities.

    %p = nn.softmax %x axis 1 : tensor<4x3xf32>

    Computed with the slice's maximum subtracted, in float64, so large logits do not
    overflow. A slice of only -inf values has no distribution and gives NaN. Compiled
    f32 code takes each exp once, in f32 (convert-nn-to-linalg): within 3 ulps of this.
    """

    __slots__ = ()
    name = "nn.softmax"


class LogSoftmaxOp(NormalizeOp):
    """x - logsumexp(x) along `axis`: the log of softmax, without its underflow.

    %l = nn.log_softmax %x axis 1 : tensor<4x3xf32>

    Computed as (x - max) - log(sum(exp(x - max))) in float64. Compiled f32 code takes
    the exps in f32: within 2 ulps of this where the result is at least 1e-6 in magnitude.
    """

    __slots__ = ()
    name = "nn.log_softmax"


# -- classification losses ---------------------------------------------------------------------


class LossOp(InferredOp):
    """Base of `%l = nn.<loss> %scores, %labels reduction R : (S, L) -> T`: scores of
    C classes in the last dimension, one integer label per row."""

    __slots__ = ()
    result_defs = (Arg("result", *FLOAT_TENSOR),)
    prop_defs = (Prop("reduction", ReductionKind(), default=A.StringAttr("mean")),)
    spelling = (("reduction", Keyword(optional=True)),)

    @classmethod
    def infer(cls, operand_types, properties):
        scores, labels = operand_types
        what = cls.operand_defs[0].name
        if scores.rank == 0:
            raise VerifyError(f"{what} must have rank 1 or more (classes last), got a scalar")
        rows = matching_shape(scores.shape[:-1], labels.shape)
        if rows is None:
            raise VerifyError(
                f"labels of shape {shape_text(labels.shape)} do not match {what} of shape "
                f"{shape_text(scores.shape)}: expected shape {shape_text(scores.shape[:-1])}"
            )
        if properties["reduction"].value != "none":
            rows = ()
        return [tensor(rows, scores.element_type)]


def matching_shape(left, right) -> tuple[int, ...] | None:
    """The shape both `left` and `right` can be (a `?` takes the other's size), or None."""
    if len(left) != len(right):
        return None
    merged = []
    for a, b in zip(left, right, strict=True):
        if a != b and DYN not in (a, b):
            return None
        merged.append(b if a == DYN else a)
    return tuple(merged)


class CrossEntropyOp(LossOp):
    """-log(probs[..., label]): the negative log-likelihood of each label.

    %l = nn.cross_entropy %p, %y reduction mean : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<f32>
    %v = nn.cross_entropy %p, %y reduction none : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<8xf32>

    `probs` holds probabilities of C classes in its last dimension; `labels` has the
    other dimensions and holds class indices. `reduction` is `none` (a loss per label,
    the shape of `labels`), `mean` (the default) or `sum` (scalars). A label outside
    0..C-1 is a run-time error. A probability of 0 gives +inf: prefer
    nn.softmax_cross_entropy on logits.
    """

    __slots__ = ()
    name = "nn.cross_entropy"
    operand_defs = (Arg("probs", *FLOAT_TENSOR), Arg("labels", *INT_TENSOR))


class SoftmaxCrossEntropyOp(LossOp):
    """cross_entropy(softmax(logits)), fused: logsumexp(logits) - logits[..., label].

    %l = nn.softmax_cross_entropy %z, %y : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<f32>

    As nn.cross_entropy (`reduction` is mean when not written), with logits of C classes
    in the last dimension. Computed in float64 with the maximum subtracted, so it stays
    finite where the softmax of the logits would round to 0. Compiled f32 code takes the
    exps in f32: each loss within 2 ulps of this where it is at least 1e-6.
    """

    __slots__ = ()
    name = "nn.softmax_cross_entropy"
    operand_defs = (Arg("logits", *FLOAT_TENSOR), Arg("labels", *INT_TENSOR))


OPS = ops_by_name(
    MatmulOp,
    ReduceSumOp,
    ReduceMeanOp,
    ReduceMaxOp,
    ReduceMinOp,
    ReduceProdOp,
    LogsumexpOp,
    ArgmaxOp,
    SoftmaxOp,
    LogSoftmaxOp,
    CrossEntropyOp,
    SoftmaxCrossEntropyOp,
)
