"""Interpreter kernels of nn's random ops: keys are uint32 arrays of 2, draws come from
irc/runtime/philox.py (the same Philox arithmetic that compiled code runs)."""

from __future__ import annotations

import numpy as np

from irc.dialects.nn import random as nn
from irc.runtime import philox
from irc.runtime.interpreter import numpy_dtype
from irc.runtime.kernels.nn.common import result_array


def _random_key(interp, op, operands):
    seed = int(operands[0]) if operands else op.properties["seed"].value
    return [philox.key_from_seed(seed)]


def _split(interp, op, operands):
    return philox.split(operands[0], len(op.results))


def _fold(interp, op, operands):
    key, data = operands
    return [philox.fold(key, int(data))]


def _draw_shape(op, operands) -> tuple[int, ...]:
    """The result's static shape, or the run-time shape of its `like` operand."""
    if len(operands) > 1:
        return np.shape(operands[1])
    return tuple(op.results[0].type.shape)


def _draw(generate):
    """A kernel filling the result with `generate(key, shape, dtype)`."""

    def kernel(interp, op, operands):
        dtype = numpy_dtype(op.results[0].type)
        return [result_array(op, generate(operands[0], _draw_shape(op, operands), dtype))]

    return kernel


def _bernoulli(interp, op, operands):
    key, p = operands
    return [result_array(op, philox.bernoulli(key, p))]


KERNELS = {
    nn.RandomKeyOp: _random_key,
    nn.RandomSplitOp: _split,
    nn.RandomFoldOp: _fold,
    nn.RandomBitsOp: _draw(philox.bits),
    nn.RandomUniformOp: _draw(philox.uniform),
    nn.RandomNormalOp: _draw(philox.normal),
    nn.RandomBernoulliOp: _bernoulli,
}
