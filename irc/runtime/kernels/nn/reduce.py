"""Interpreter kernels of nn's reducing ops: matmul, reductions over axes, argmax, softmax
and the classification losses.

Float results are computed in float64 and rounded once; integer sums, products and
matrix products wrap at their width. The exponentials subtract the slice's maximum first,
so large logits stay finite. Sizes that were `?` are checked here: contracted and batch
sizes of a matmul, the labels' shape against the scores', each label against the number
of classes, and reductions with no identity over an empty dimension.
"""

from __future__ import annotations

import numpy as np

from irc.dialects.nn import reduce as nn
from irc.dialects.nn.common import array_prop, int_prop, shape_text
from irc.dialects.nn.reduce import reduced_shape
from irc.runtime.interpreter import InterpreterError
from irc.runtime.kernels.nn.common import is_float, result_array


def _wide(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


# -- matmul -------------------------------------------------------------------------------------


def _matmul(interp, op, operands):
    a, b = (np.asarray(x) for x in operands)
    shapes = f"{_operand_text(a, op, 'transpose_a')} by {_operand_text(b, op, 'transpose_b')}"
    if "transpose_a" in op.properties:
        a = np.swapaxes(a, -1, -2)
    if "transpose_b" in op.properties:
        b = np.swapaxes(b, -1, -2)
    if a.shape[-1] != b.shape[-2]:
        raise InterpreterError(
            f"'{op.name}' cannot multiply {shapes} at run time: "
            f"the contracted sizes {a.shape[-1]} and {b.shape[-2]} differ",
            op,
        )
    try:
        np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise InterpreterError(
            f"'{op.name}' cannot multiply {shapes} at run time: the batch dimensions "
            "do not broadcast",
            op,
        ) from None
    if is_float(a):
        return [result_array(op, np.matmul(_wide(a), _wide(b)))]
    return [result_array(op, np.matmul(a, b))]


def _operand_text(x: np.ndarray, op, flag: str) -> str:
    """`4x3`, or `4x3 transposed` under the flag: as the verifier names an operand."""
    return shape_text(x.shape) + (" transposed" if flag in op.properties else "")


# -- reductions over axes -------------------------------------------------------------------------


def _reduction(function):
    """A kernel of `function(x, axes, keepdims)` over the op's `axes` and `keepdims`."""

    def kernel(interp, op, operands):
        x = np.asarray(operands[0])
        axes = array_prop(op, "axes")
        return [result_array(op, function(x, axes, "keepdims" in op.properties))]

    return kernel


def _sum(x, axes, keepdims):
    if is_float(x):
        return np.sum(_wide(x), axis=axes, keepdims=keepdims)
    return np.sum(x, axis=axes, keepdims=keepdims, dtype=x.dtype)


def _prod(x, axes, keepdims):
    if is_float(x):
        return np.prod(_wide(x), axis=axes, keepdims=keepdims)
    return np.prod(x, axis=axes, keepdims=keepdims, dtype=x.dtype)


def _mean(x, axes, keepdims):
    count = np.prod([x.shape[a] for a in axes], dtype=np.float64)
    return np.sum(_wide(x), axis=axes, keepdims=keepdims) / count


def _extreme(largest: bool):
    """max or min over axes: NaN propagates and +0.0 is above -0.0 (numpy's max and min
    leave the sign of a zero to the order of the elements)."""

    def reduce(x, axes, keepdims):
        found = (np.max if largest else np.min)(x, axis=axes, keepdims=keepdims)
        if not is_float(x):
            return found

        def has(zero_sign: bool):
            zeros = (x == 0) & (np.signbit(x) == zero_sign)
            return np.any(zeros, axis=axes, keepdims=keepdims)

        if largest:
            zero = np.where(has(False), 0.0, -0.0)
        else:
            zero = np.where(has(True), -0.0, 0.0)
        return np.where(found == 0, zero.astype(x.dtype), found)

    return reduce


def _logsumexp(x, axes, keepdims):
    x = _wide(x)
    shift = _finite_max(x, axes)
    total = np.sum(np.exp(x - shift), axis=axes, keepdims=True)
    result = np.log(total) + shift
    return result if keepdims else np.squeeze(result, axis=axes)


def _finite_max(x, axes):
    """The maximum over `axes` (kept as size 1) where it is finite, else 0: subtracting
    it keeps exp from overflowing, and -inf or +inf slices keep their own value."""
    peak = np.max(x, axis=axes, keepdims=True, initial=-np.inf)
    return np.where(np.isfinite(peak), peak, 0.0)


def _nonempty(kernel, what: str):
    """`kernel` behind a run-time check that no reduced dimension is empty: such a slice
    has no maximum (or minimum). When the result has no elements either, it is empty."""

    def checked(interp, op, operands):
        x = np.asarray(operands[0])
        axes = array_prop(op, "axes")
        if axes is None:
            axes = (int_prop(op, "axis"),)
        if all(x.shape[a] > 0 for a in axes):
            return kernel(interp, op, operands)
        shape = reduced_shape(x.shape, axes, "keepdims" in op.properties)
        if 0 in shape:
            return [result_array(op, np.zeros(shape))]
        raise InterpreterError(
            f"'{op.name}' has no {what} to find: it reduces an empty dimension of "
            f"shape {shape_text(x.shape)}",
            op,
        )

    return checked


# -- along one axis ------------------------------------------------------------------------------


def _argmax(interp, op, operands):
    x = np.asarray(operands[0])
    axis = int_prop(op, "axis")
    index = np.argmax(x, axis=axis, keepdims="keepdims" in op.properties)
    return [result_array(op, index)]


def _log_softmax_of(x, axis: int) -> np.ndarray:
    shifted = _wide(x) - _finite_max(_wide(x), (axis,))
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _softmax(interp, op, operands):
    x = _wide(operands[0])
    axis = int_prop(op, "axis")
    exps = np.exp(x - _finite_max(x, (axis,)))
    return [result_array(op, exps / np.sum(exps, axis=axis, keepdims=True))]


def _log_softmax(interp, op, operands):
    return [result_array(op, _log_softmax_of(operands[0], int_prop(op, "axis")))]


# -- classification losses -----------------------------------------------------------------------


def _checked_labels(op, scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """`labels` as indices into the last dimension of `scores`; a shape that does not
    match, or a label outside 0..C-1, is a located error naming it."""
    if labels.shape != scores.shape[:-1]:
        raise InterpreterError(
            f"'{op.name}' labels of shape {shape_text(labels.shape)} do not match scores "
            f"of shape {shape_text(scores.shape)} at run time",
            op,
        )
    classes = scores.shape[-1]
    bad = (labels < 0) | (labels >= classes)
    if np.any(bad):
        position = tuple(int(i) for i in np.argwhere(bad)[0])
        where = "labels[" + ", ".join(str(i) for i in position) + "]" if position else "labels"
        raise InterpreterError(
            f"'{op.name}' label {labels[position]} at {where} is out of range "
            f"0..{classes - 1} (C = {classes})",
            op,
        )
    return labels.astype(np.intp)


def _picked(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """scores[..., label] for each label."""
    return np.take_along_axis(scores, labels[..., None], axis=-1)[..., 0]


def _reduced(op, losses: np.ndarray) -> np.ndarray:
    reduction = op.properties["reduction"].value
    if reduction == "sum":
        return np.sum(losses)
    if reduction == "mean":
        return np.sum(losses) / losses.size if losses.size else np.float64(np.nan)
    return losses


def _cross_entropy(interp, op, operands):
    probs, labels = (np.asarray(x) for x in operands)
    labels = _checked_labels(op, probs, labels)
    losses = -np.log(_picked(_wide(probs), labels))
    return [result_array(op, _reduced(op, losses))]


def _softmax_cross_entropy(interp, op, operands):
    logits, labels = (np.asarray(x) for x in operands)
    labels = _checked_labels(op, logits, labels)
    logits = _wide(logits)
    losses = _logsumexp(logits, (logits.ndim - 1,), False) - _picked(logits, labels)
    return [result_array(op, _reduced(op, losses))]


KERNELS = {
    nn.MatmulOp: _matmul,
    nn.ReduceSumOp: _reduction(_sum),
    nn.ReduceMeanOp: _reduction(_mean),
    nn.ReduceMaxOp: _nonempty(_reduction(_extreme(largest=True)), "maximum"),
    nn.ReduceMinOp: _nonempty(_reduction(_extreme(largest=False)), "minimum"),
    nn.ReduceProdOp: _reduction(_prod),
    nn.LogsumexpOp: _reduction(_logsumexp),
    nn.ArgmaxOp: _nonempty(_argmax, "maximum"),
    nn.SoftmaxOp: _softmax,
    nn.LogSoftmaxOp: _log_softmax,
    nn.CrossEntropyOp: _cross_entropy,
    nn.SoftmaxCrossEntropyOp: _softmax_cross_entropy,
}
