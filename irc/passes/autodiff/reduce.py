"""Gradient rules of nn's reducing ops: matrix products, reductions over axes, softmax and
the classification losses. `(g, op, dz)` to one cotangent per operand, written in nn ops
only, so a gradient lowers and can be differentiated again.

A reduction's cotangent first gets its reduced dimensions back with size 1 (`_kept`),
then spreads over the operand by broadcasting. A matmul's cotangents keep the result's
batch dimensions; the driver sums them back to a broadcast operand's own (fewer, or size
1) batch dimensions, as it unbroadcasts any operand.

Conventions where the derivative is not defined or the formula divides by zero:

- reduce_max and reduce_min split the gradient equally between the elements equal to the
  extreme (ties: each of k gets dz / k), as JAX and torch.amax do; a subgradient.
- reduce_prod is exact with zeros too: with no zero, dx = dz * prod / x; with one zero, that
  element gets dz times the product of the others and the rest get 0; with two or more,
  every element gets 0.
- logsumexp of a slice whose elements are all -inf gives NaN gradients there.
- cross_entropy's gradient is -dz / p at the label's probability and 0 elsewhere (+inf or
  NaN where that probability is 0, as the loss is +inf); labels get no gradient.
- `mean` losses divide by the number of labels; a `?` count is taken when the program runs.
"""

from __future__ import annotations

from math import prod

from irc.dialects.nn import elementwise as ew
from irc.dialects.nn import reduce as red
from irc.dialects.nn import shape as sh
from irc.dialects.nn.common import array_prop, int_prop
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Value
from irc.passes.autodiff.core import AutodiffError
from irc.passes.autodiff.emit import DYN, Grad

# -- helpers -------------------------------------------------------------------------------


def _axes(op) -> tuple[int, ...]:
    return array_prop(op, "axes")


def _kept(g: Grad, dz: Value, op, axes) -> Value:
    """`dz` with the reduced `axes` of `op` as size-1 dimensions (as under keepdims)."""
    if "keepdims" in op.properties or not axes:
        return dz
    return g.op(sh.ExpandDimsOp, [dz], {"axes": A.DenseArrayAttr(T.I64, list(axes))})


def _spread(g: Grad, kept: Value, x: Value, axes) -> Value:
    """`kept` (size 1 on `axes`) broadcast to x's shape. broadcast_to cannot stretch a 1 to
    a `?`: there select(x != x, kept, kept) takes x's shape."""
    if all(x.type.shape[axis] != DYN for axis in axes):
        return g.broadcast_to(kept, x.type)
    return g.select(g.compare(ew.NeOp, x, x), kept, kept)


def _ones_like(g: Grad, x: Value, like: Value) -> Value:
    """Ones of x's shape in `like`'s element type (x may be an integer tensor)."""
    one = g.scalar(1.0, like)
    return g.select(g.compare(ew.NeOp, x, x), one, one)


def _count(g: Grad, x: Value, axes, like: Value) -> Value:
    """How many elements of x the `axes` hold: a constant, or counted where a size is `?`
    (with keepdims, so it broadcasts against x)."""
    sizes = [x.type.shape[axis] for axis in axes]
    if DYN not in sizes:
        return g.scalar(float(prod(sizes)), like)
    return g.reduce_sum(_ones_like(g, x, like), axes, keepdims=True)


def _reduce_props(axes) -> dict:
    """The properties of a reduction over `axes` under keepdims."""
    return {"axes": A.DenseArrayAttr(T.I64, list(axes)), "keepdims": A.UNIT}


def _indicator(g: Grad, mask: Value, like: Value) -> Value:
    """1.0 where `mask` holds, else 0.0, in `like`'s element type."""
    return g.select(mask, g.scalar(1.0, like), g.scalar(0.0, like))


# -- matrix product ------------------------------------------------------------------------


def _matmul_props(transpose_a: bool, transpose_b: bool) -> dict:
    flags = {"transpose_a": transpose_a, "transpose_b": transpose_b}
    return {name: A.UNIT for name, on in flags.items() if on}


def _matmul(g: Grad, op, dc):
    """c = a' @ b' with a' = a or a^T, b' = b or b^T: da' = dc @ b'^T, db' = a'^T @ dc,
    each written as one matmul with the transposes folded into its flags."""
    a, b = op.operands
    ta, tb = "transpose_a" in op.properties, "transpose_b" in op.properties

    def mm(x, y, tx, ty):
        return g.op(red.MatmulOp, [x, y], _matmul_props(tx, ty))

    if ta:
        da = mm(b, dc, tb, True)  # (dc b'^T)^T = b' dc^T
    else:
        da = mm(dc, b, False, not tb)
    if tb:
        db = mm(dc, a, True, ta)  # (a'^T dc)^T = dc^T a'
    else:
        db = mm(a, dc, not ta, False)
    return [da, db]


# -- reductions over axes ------------------------------------------------------------------


def _reduce_sum(g: Grad, op, dz):
    """Every summed element gets dz."""
    x, axes = op.operands[0], _axes(op)
    return [_spread(g, _kept(g, dz, op, axes), x, axes)]


def _reduce_mean(g: Grad, op, dz):
    """Every element gets dz / n, n the number averaged."""
    x, axes = op.operands[0], _axes(op)
    share = g.div(_kept(g, dz, op, axes), _count(g, x, axes, dz))
    return [_spread(g, share, x, axes)]


def _reduce_extreme(g: Grad, op, dz):
    """reduce_max, reduce_min: dz split equally between the elements equal to the result."""
    x, axes = op.operands[0], _axes(op)
    hits = g.compare(ew.EqOp, x, _kept(g, op.results[0], op, axes))
    ties = g.reduce_sum(_indicator(g, hits, dz), axes, keepdims=True)
    share = g.div(_kept(g, dz, op, axes), ties)
    return [g.select(hits, share, g.scalar(0.0, dz))]


def _reduce_prod(g: Grad, op, dz):
    """dx_i = dz * (product of the others): prod / x_i with no zero; with one zero, the
    product of the nonzero elements at the zero and 0 elsewhere; with more zeros, 0."""
    x, axes = op.operands[0], _axes(op)
    zero, one = g.scalar(0.0, dz), g.scalar(1.0, dz)
    is_zero = g.compare(ew.EqOp, x, zero)
    zeros = g.reduce_sum(_indicator(g, is_zero, dz), axes, keepdims=True)
    safe = g.select(is_zero, one, x)
    nonzero_product = g.op(red.ReduceProdOp, [safe], _reduce_props(axes))
    others = g.select(
        is_zero,
        g.select(g.compare(ew.EqOp, zeros, one), nonzero_product, zero),
        g.select(g.compare(ew.EqOp, zeros, zero), g.div(nonzero_product, safe), zero),
    )
    return [g.mul(_kept(g, dz, op, axes), others)]


def _logsumexp(g: Grad, op, dz):
    """dx = dz * exp(x - logsumexp(x)), the softmax over the axes."""
    x, axes = op.operands[0], _axes(op)
    weights = g.unary(ew.ExpOp, g.sub(x, _kept(g, op.results[0], op, axes)))
    return [g.mul(_kept(g, dz, op, axes), weights)]


# -- along one axis ------------------------------------------------------------------------


def _softmax(g: Grad, op, dy):
    """y = softmax(x): dx = y * (dy - sum(dy * y)) along the axis."""
    y, axis = op.results[0], int_prop(op, "axis")
    inner = g.reduce_sum(g.mul(dy, y), [axis], keepdims=True)
    return [g.mul(y, g.sub(dy, inner))]


def _log_softmax(g: Grad, op, dy):
    """y = log_softmax(x): dx = dy - exp(y) * sum(dy) along the axis."""
    y, axis = op.results[0], int_prop(op, "axis")
    total = g.reduce_sum(dy, [axis], keepdims=True)
    return [g.sub(dy, g.mul(g.unary(ew.ExpOp, y), total))]


# -- classification losses -----------------------------------------------------------------


def _per_label(g: Grad, op, dz) -> Value:
    """The cotangent of each label's loss, with a trailing size-1 class dimension (a
    scalar under `sum` and `mean`, which broadcasts as it is)."""
    labels = op.operands[1]
    reduction = op.properties["reduction"].value
    if reduction == "none":
        return g.op(sh.ExpandDimsOp, [dz], {"axes": A.DenseArrayAttr(T.I64, [labels.type.rank])})
    if reduction == "sum":
        return dz
    every = range(labels.type.rank)
    if DYN not in labels.type.shape:
        return g.div(dz, g.scalar(float(prod(labels.type.shape)), dz))
    return g.div(dz, g.reduce_sum(_ones_like(g, labels, dz), every))


def _one_hot(g: Grad, op) -> Value:
    """The labels as one-hot rows of the scores' type (the class count must be static)."""
    scores, labels = op.operands
    classes = scores.type.shape[-1]
    if classes == DYN:
        raise AutodiffError(f"'{op.name}' needs a static class count to differentiate", op)
    result = T.TensorType((*labels.type.shape, classes), scores.type.element_type)
    return g.to(sh.OneHotOp, labels, result, {"depth": A.IntegerAttr(classes, T.I64)})


def _cross_entropy(g: Grad, op, dz):
    """l = -log(p[label]): dp = -dl / p at the label, 0 elsewhere."""
    probs = op.operands[0]
    at_label = g.compare(ew.NeOp, _one_hot(g, op), g.scalar(0.0, dz))
    slope = g.neg(g.div(_per_label(g, op, dz), probs))
    return [g.select(at_label, slope, g.scalar(0.0, dz)), None]


def _softmax_cross_entropy(g: Grad, op, dz):
    """l = logsumexp(z) - z[label]: dz = (softmax(z) - onehot(label)) * dl."""
    logits = op.operands[0]
    axis = logits.type.rank - 1
    probs = g.op(red.SoftmaxOp, [logits], {"axis": A.IntegerAttr(axis, T.I64)})
    return [g.mul(g.sub(probs, _one_hot(g, op)), _per_label(g, op, dz)), None]


RULES = {
    red.MatmulOp: _matmul,
    red.ReduceSumOp: _reduce_sum,
    red.ReduceMeanOp: _reduce_mean,
    red.ReduceMaxOp: _reduce_extreme,
    red.ReduceMinOp: _reduce_extreme,
    red.ReduceProdOp: _reduce_prod,
    red.LogsumexpOp: _logsumexp,
    red.SoftmaxOp: _softmax,
    red.LogSoftmaxOp: _log_softmax,
    red.CrossEntropyOp: _cross_entropy,
    red.SoftmaxCrossEntropyOp: _softmax_cross_entropy,
}
