"""Interpreter kernels of nn's shape ops: numpy moves the elements.

The rules the verifier checks on static sizes are checked again here on the sizes the
values have, since a `?` can hide a fault until the program runs; the messages are the
verifier's, prefixed `at run time`. Gather and one_hot name the first index outside its
range and where it is in the indices.
"""

from __future__ import annotations

import numpy as np

from irc.dialects.nn import shape as nn
from irc.ir import types as T
from irc.ir.opdef import VerifyError
from irc.runtime.interpreter import InterpreterError
from irc.runtime.kernels.nn.common import result_array


def _at_run_time(op, check, *args) -> None:
    """`check(*args)`, a verifier rule given the sizes the values have; its VerifyError
    becomes a run-time error located at `op`."""
    try:
        check(*args)
    except VerifyError as exc:
        raise InterpreterError(f"'{op.name}' at run time: {exc}", op) from None


def _first_outside(op, indices: np.ndarray, size: int, what: str) -> None:
    """A located error naming the first index outside 0..size-1 and its position."""
    outside = np.argwhere((indices < 0) | (indices >= size))
    if outside.size == 0:
        return
    position = tuple(int(i) for i in outside[0])
    index = int(indices[position])
    raise InterpreterError(
        f"'{op.name}' index {index} at position {nn.list_text(position)} of the indices is "
        f"outside 0..{size - 1}: {what} {size}",
        op,
    )


# -- kernels ------------------------------------------------------------------------------------


def _constant(interp, op, operands):
    return [result_array(op, op.properties["value"].to_array())]


def _reshape(interp, op, operands):
    x = np.asarray(operands[0])
    target = op.results[0].type.shape
    _at_run_time(op, nn.check_count, x.shape, target)
    sizes = [-1 if size == T.DYNAMIC else size for size in target]
    return [result_array(op, np.reshape(x, sizes))]


def _broadcast_to(interp, op, operands):
    x = np.asarray(operands[0])
    target = op.results[0].type.shape
    offset = len(target) - x.ndim
    sizes = tuple(
        x.shape[axis - offset] if size == T.DYNAMIC else size for axis, size in enumerate(target)
    )
    _at_run_time(op, nn.check_broadcast, x.shape, sizes)
    return [result_array(op, np.broadcast_to(x, sizes))]


def _transpose(interp, op, operands):
    permutation = op.properties["permutation"].values
    return [result_array(op, np.transpose(operands[0], permutation))]


def _expand_dims(interp, op, operands):
    axes = op.properties["axes"].values
    return [result_array(op, np.expand_dims(operands[0], axes))]


def _squeeze(interp, op, operands):
    x = np.asarray(operands[0])
    axes = op.properties["axes"].values
    for axis in axes:
        if x.shape[axis] != 1:
            raise InterpreterError(
                f"'nn.squeeze' at run time: cannot squeeze dimension {axis} of "
                f"{nn.operand_text(x.shape)}: its size is {x.shape[axis]}, not 1",
                op,
            )
    return [result_array(op, np.squeeze(x, axis=axes))]


def _slice(interp, op, operands):
    x = np.asarray(operands[0])
    starts, sizes, strides = (op.properties[n].values for n in ("starts", "sizes", "strides"))
    _at_run_time(op, nn.check_slice, x.shape, starts, sizes, strides)
    window = tuple(
        slice(start, start + size * stride, stride)
        for start, size, stride in zip(starts, sizes, strides, strict=True)
    )
    return [result_array(op, x[window])]


def _concat(interp, op, operands):
    arrays = [np.asarray(a) for a in operands]
    axis = op.properties["axis"].value
    _at_run_time(op, nn.concat_shape, [a.shape for a in arrays], axis)
    return [result_array(op, np.concatenate(arrays, axis=axis))]


def _gather(interp, op, operands):
    source, indices = (np.asarray(a) for a in operands)
    axis = op.properties["axis"].value
    size = source.shape[axis]
    _first_outside(op, indices, size, f"dimension {axis} of the source has size")
    return [result_array(op, np.take(source, indices.astype(np.int64), axis=axis))]


def _one_hot(interp, op, operands):
    indices = np.asarray(operands[0])
    depth = op.properties["depth"].value
    _first_outside(op, indices, depth, "the depth is")
    hot = indices[..., np.newaxis] == np.arange(depth)
    return [result_array(op, hot)]


def _pad(interp, op, operands):
    x, value = (np.asarray(a) for a in operands)
    low, high = op.properties["low"].values, op.properties["high"].values
    widths = list(zip(low, high, strict=True))
    return [result_array(op, np.pad(x, widths, constant_values=value[()]))]


KERNELS = {
    nn.ConstantOp: _constant,
    nn.ReshapeOp: _reshape,
    nn.BroadcastToOp: _broadcast_to,
    nn.TransposeOp: _transpose,
    nn.ExpandDimsOp: _expand_dims,
    nn.SqueezeOp: _squeeze,
    nn.SliceOp: _slice,
    nn.ConcatOp: _concat,
    nn.GatherOp: _gather,
    nn.OneHotOp: _one_hot,
    nn.PadOp: _pad,
}
