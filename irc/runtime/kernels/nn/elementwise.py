"""Interpreter kernels of nn's elementwise ops: numpy broadcasting, fixed-width results.

Transcendental float functions are computed in float64 and rounded once; integer
arithmetic wraps at its width; integer division rounds toward zero and reports a zero
divisor; float maximum/minimum propagate NaN and order -0.0 below +0.0.
"""

from __future__ import annotations

import numpy as np

from irc.dialects.nn import elementwise as nn
from irc.runtime.interpreter import InterpreterError, numpy_dtype
from irc.runtime.kernels.arith import _maximumf, _minimumf
from irc.runtime.kernels.nn.common import broadcast_check, in_double, is_float, result_array


def _kernel(function):
    """An elementwise kernel: broadcast check, `function(*operands)`, typed result."""

    def kernel(interp, op, operands):
        broadcast_check(op, operands)
        return [result_array(op, function(*operands))]

    return kernel


def _sigmoid(x):
    """1 / (1 + e^-x) without overflow: e^x / (1 + e^x) for negative x."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sign(x):
    if not is_float(x):
        return np.sign(x)
    return np.where(x > 0, 1.0, np.where(x < 0, -1.0, x)).astype(np.asarray(x).dtype)


def _relu(x):
    zero = np.zeros_like(x)
    if not is_float(x):
        return np.maximum(x, zero)
    return np.where((x > 0) | np.isnan(x), x, zero)


def _either(float_function, int_function):
    def apply(a, b):
        return float_function(a, b) if is_float(a) else int_function(a, b)

    return apply


def _divide(interp, op, operands):
    a, b = operands
    shape = broadcast_check(op, operands)
    if is_float(a):
        return [result_array(op, np.divide(a, b))]
    a, b = np.broadcast_to(a, shape), np.broadcast_to(b, shape)
    if np.any(b == 0):
        raise InterpreterError("'nn.div' integer division by zero", op)
    quotient = a // b  # numpy floors; MLIR's signed division rounds toward zero
    inexact = (a - quotient * b != 0) & ((a < 0) != (b < 0))
    return [result_array(op, quotient + inexact)]


def _clamp(x, low, high):
    if is_float(x):
        return _minimumf(_maximumf(x, low), high)
    return np.minimum(np.maximum(x, low), high)


def _saturate(x: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Floats to integers: toward zero, clamped to the type's range, NaN as 0."""
    info = np.iinfo(dtype)
    wide = np.nan_to_num(np.trunc(x.astype(np.float64)), nan=0.0)
    high, low = wide >= float(info.max), wide <= float(info.min)
    inside = np.where(high | low, 0.0, wide).astype(dtype)
    return np.where(high, info.max, np.where(low, info.min, inside)).astype(dtype)


def _cast(interp, op, operands):
    x = np.asarray(operands[0])
    dtype = numpy_dtype(op.results[0].type)
    if dtype == np.bool_:
        return [result_array(op, x != 0)]
    if x.dtype.kind == "f" and dtype.kind in "iu":
        return [result_array(op, _saturate(x, dtype))]
    return [result_array(op, x.astype(dtype))]


def _pow(a, b):
    return np.power(a, b)


KERNELS = {
    nn.ExpOp: _kernel(in_double(np.exp)),
    nn.Expm1Op: _kernel(in_double(np.expm1)),
    nn.LogOp: _kernel(in_double(np.log)),
    nn.Log1pOp: _kernel(in_double(np.log1p)),
    nn.SqrtOp: _kernel(in_double(np.sqrt)),
    nn.RsqrtOp: _kernel(in_double(lambda x: 1.0 / np.sqrt(x))),
    nn.TanhOp: _kernel(in_double(np.tanh)),
    nn.SigmoidOp: _kernel(in_double(_sigmoid)),
    nn.SoftplusOp: _kernel(in_double(lambda x: np.logaddexp(0.0, x))),
    nn.PowOp: _kernel(in_double(_pow)),
    nn.NegOp: _kernel(np.negative),
    nn.AbsOp: _kernel(np.abs),
    nn.SignOp: _kernel(_sign),
    nn.ReluOp: _kernel(_relu),
    nn.AddOp: _kernel(np.add),
    nn.SubOp: _kernel(np.subtract),
    nn.MulOp: _kernel(np.multiply),
    nn.DivOp: _divide,
    nn.MaximumOp: _kernel(_either(_maximumf, np.maximum)),
    nn.MinimumOp: _kernel(_either(_minimumf, np.minimum)),
    nn.EqOp: _kernel(np.equal),
    nn.NeOp: _kernel(np.not_equal),
    nn.LtOp: _kernel(np.less),
    nn.LeOp: _kernel(np.less_equal),
    nn.GtOp: _kernel(np.greater),
    nn.GeOp: _kernel(np.greater_equal),
    nn.ClampOp: _kernel(_clamp),
    nn.SelectOp: _kernel(np.where),
    nn.CastOp: _cast,
}
