"""Gradient rules of nn's shape ops: `(g, op, dz)` to one cotangent per operand (None
where nothing flows). Shape ops move elements without computing on them, so each rule
moves the cotangent back: the inverse reshape, permutation or squeeze; a sum over what
a broadcast repeated; the parts of it a concat or a pad took from each operand; zeros
around what a slice read.

Two rules build what nn has no op for out of nn ops, so that the gradient lowers through
the pipeline and can be differentiated again:

- a strided slice's cotangent is spread back out by interleaving zeros: each strided
  dimension of size n gets a new size-1 dimension after it, padded to the stride s and
  merged (n x s elements, the cotangent at every s-th), then trimmed and padded into
  place (`_spread`);
- gather's is a scatter-add: the indices as a one-hot float matrix (K x N, one row per
  index), transposed and multiplied with the cotangent (P x K x Q: the dimensions before
  the axis, the indices', the ones after), which sums the rows of repeated indices.

Sizes: transpose, broadcast_to, expand_dims and squeeze take `?` sizes, and reshape one
`?` in its operand (the reshape back computes it). slice, concat, pad and gather write
sizes into nn.slice and nn.pad properties, reshapes and one_hot's depth, so they need
them static: a `?` there is an AutodiffError naming the op (specialize the shapes
first, as irc.jit does).
"""

from __future__ import annotations

from math import prod

from irc.dialects.nn import reduce as red
from irc.dialects.nn import shape as sh
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import OpResult
from irc.passes.autodiff.core import AutodiffError
from irc.passes.autodiff.emit import DYN, Grad


def _ints(values) -> A.DenseArrayAttr:
    return A.DenseArrayAttr(T.I64, [int(v) for v in values])


def _static(op, *types: T.TensorType) -> None:
    """The rule writes these sizes into properties or reshapes: they must be known."""
    for t in types:
        if DYN in t.shape:
            raise AutodiffError(
                f"the gradient of '{op.name}' needs static sizes, not {t}: specialize the "
                "shapes first (irc.jit does)",
                op,
            )


def _slice(g: Grad, x, starts, sizes):
    """x[starts : starts + sizes] with unit strides; x itself where that is all of it."""
    if list(sizes) == list(x.type.shape) and not any(starts):
        return x
    props = {"starts": _ints(starts), "sizes": _ints(sizes), "strides": _ints([1] * len(sizes))}
    return g.op(sh.SliceOp, [x], props)


def _pad(g: Grad, x, low, high, value):
    if not any(low) and not any(high):
        return x
    return g.op(sh.PadOp, [x, value], {"low": _ints(low), "high": _ints(high)})


def _constant(value) -> bool:
    return isinstance(value, OpResult) and isinstance(value.op, sh.ConstantOp)


# -- reshaping and permuting ----------------------------------------------------------------


def _reshape(g: Grad, op, dz):
    source = op.operands[0].type
    if source.shape.count(DYN) > 1:
        _static(op, source)
    return [g.reshape(dz, source)]


def _transpose(g: Grad, op, dz):
    """Result dimension i is operand dimension p[i]: the inverse permutation undoes it."""
    permutation = op.properties["permutation"].values
    inverse = [0] * len(permutation)
    for position, axis in enumerate(permutation):
        inverse[axis] = position
    return [g.op(sh.TransposeOp, [dz], {"permutation": _ints(inverse)})]


def _broadcast_to(g: Grad, op, dz):
    return [g.unbroadcast(dz, op.operands[0].type)]


def _expand_dims(g: Grad, op, dz):
    return [g.op(sh.SqueezeOp, [dz], {"axes": op.properties["axes"]})]


def _squeeze(g: Grad, op, dz):
    """The squeezed axes back as size 1 (a `?` the operand had there is written back)."""
    expanded = g.op(sh.ExpandDimsOp, [dz], {"axes": op.properties["axes"]})
    return [g.reshape(expanded, op.operands[0].type)]


# -- taking and joining parts ---------------------------------------------------------------


def _interleave(g: Grad, dz, strides):
    """dz with s - 1 zeros after each element along every dimension of stride s > 1:
    [n] -> [n, 1] -> pad -> [n, s] -> [n * s]."""
    if all(s == 1 for s in strides):
        return dz
    shape, element = dz.type.shape, dz.type.element_type
    split, gaps = [], []
    for n, s in zip(shape, strides, strict=True):
        split += [n, 1] if s > 1 else [n]
        gaps += [0, s - 1] if s > 1 else [0]
    columns = g.reshape(dz, T.TensorType(tuple(split), element))
    padded = _pad(g, columns, [0] * len(gaps), gaps, g.scalar(0.0, dz))
    merged = tuple(n * s for n, s in zip(shape, strides, strict=True))
    return g.reshape(padded, T.TensorType(merged, element))


def _spread(g: Grad, dz, source: T.TensorType, starts, strides):
    """The cotangent of a strided slice of `source`: dz at its places, zeros elsewhere.
    The interleaved extent n * s may run past the operand's end by up to s - 1 zeros:
    those are trimmed, then the rest is padded into place."""
    wide = _interleave(g, dz, strides)
    places = list(zip(wide.type.shape, source.shape, starts, strict=True))
    kept = [min(n, size - start) for n, size, start in places]
    trimmed = _slice(g, wide, [0] * len(kept), kept)
    high = [size - start - n for n, (_, size, start) in zip(kept, places, strict=True)]
    return _pad(g, trimmed, starts, high, g.scalar(0.0, dz))


def _slice_rule(g: Grad, op, dz):
    source = op.operands[0].type
    _static(op, source)
    if 0 in dz.type.shape:
        return [g.zeros_like(op.operands[0])]
    starts, strides = op.properties["starts"].values, op.properties["strides"].values
    return [_spread(g, dz, source, starts, strides)]


def _concat(g: Grad, op, dz):
    """Each operand's part of the cotangent, from its offset along the axis."""
    _static(op, dz.type)
    axis = op.properties["axis"].value
    cotangents, offset = [], 0
    for operand in op.operands:
        size = operand.type.shape[axis]
        starts = [offset if d == axis else 0 for d in range(dz.type.rank)]
        sizes = [size if d == axis else n for d, n in enumerate(dz.type.shape)]
        cotangents.append(_slice(g, dz, starts, sizes))
        offset += size
    return cotangents


def _pad_rule(g: Grad, op, dz):
    """x gets the cotangent of its own window; the padding value the sum of the cotangent
    where it was written: dz times a mask that is pad(zeros like x, 1), summed."""
    x, value = op.operands
    _static(op, x.type)
    low = op.properties["low"].values
    dx = _slice(g, dz, low, x.type.shape)
    if dx is dz or _constant(value):  # nothing padded, or nothing to send it to
        return [dx, None]
    mask = _pad(g, g.zeros_like(x), low, op.properties["high"].values, g.scalar(1.0, dz))
    dvalue = g.reduce_sum(g.mul(dz, mask), range(dz.type.rank))
    return [dx, dvalue]


def _gather(g: Grad, op, dz):
    """source (A x N x B) gathered at indices (I) along the axis: dsource[a, n, b] is the
    sum of dz[a, i, b] over the i with indices[i] = n, that is one_hot(indices, N)
    (K x N, K = |I|) transposed times dz seen as P x K x Q (P = |A|, Q = |B|), a matmul
    batched over P (when P > 1). Repeated indices add their rows; the indices get nothing.
    The indices may have `?` sizes (a batch of token ids): K is then `?`, which the
    reshapes infer when the program runs."""
    source, indices = op.operands
    _static(op, source.type)
    shape, element = source.type.shape, source.type.element_type
    axis = op.properties["axis"].value
    depth = shape[axis]
    count = DYN if DYN in indices.type.shape else prod(indices.type.shape)
    hot_type = T.TensorType((*indices.type.shape, depth), element)
    hot = g.to(sh.OneHotOp, indices, hot_type, {"depth": A.IntegerAttr(depth, T.I64)})
    rows = g.reshape(hot, T.TensorType((count, depth), element))
    before, after = prod(shape[:axis]), prod(shape[axis + 1 :])
    batch = (before,) if before != 1 else ()  # axis 0: one plain matmul
    columns = g.reshape(dz, T.TensorType((*batch, count, after), element))
    summed = g.op(red.MatmulOp, [rows, columns], {"transpose_a": A.UNIT})
    return [g.reshape(summed, source.type), None]


RULES = {
    sh.ReshapeOp: _reshape,
    sh.TransposeOp: _transpose,
    sh.BroadcastToOp: _broadcast_to,
    sh.ExpandDimsOp: _expand_dims,
    sh.SqueezeOp: _squeeze,
    sh.SliceOp: _slice_rule,
    sh.ConcatOp: _concat,
    sh.PadOp: _pad_rule,
    sh.GatherOp: _gather,
}
