"""What the nn kernels share: results as arrays of the result type, broadcasting with a
located error, and float functions computed in float64 and rounded once."""

from __future__ import annotations

import numpy as np

from irc.dialects.nn.common import shape_text
from irc.ir import types as T
from irc.runtime.interpreter import InterpreterError, numpy_dtype


def result_array(op, value, index: int = 0) -> np.ndarray:
    """`value` as an array of result `index`'s dtype, its shape checked against the
    result type's static sizes (a `?` operand can make a wrong size appear only now)."""
    t = op.results[index].type
    array = np.asarray(value, dtype=numpy_dtype(t))
    check_shape(op, array.shape, t)
    return array


def check_shape(op, shape, t: T.ShapedType) -> None:
    static = tuple(t.shape)
    if len(shape) != len(static) or any(
        want != T.DYNAMIC and want != got for want, got in zip(static, shape, strict=True)
    ):
        raise InterpreterError(
            f"'{op.name}' computed a {shape_text(shape)} result for type {t}", op
        )


def broadcast_check(op, operands) -> tuple[int, ...]:
    """The broadcast shape of the operands at run time; an error names their shapes."""
    shapes = [np.shape(a) for a in operands]
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        names = ", ".join(shape_text(s) for s in shapes)
        raise InterpreterError(
            f"'{op.name}' operands of shapes {names} do not broadcast at run time", op
        ) from None


def is_float(x) -> bool:
    return np.asarray(x).dtype.kind == "f"


def in_double(function):
    """A float function computed in float64 and rounded once to the operand's dtype."""

    def apply(*args):
        dtype = np.asarray(args[0]).dtype
        wide = [np.asarray(a, dtype=np.float64) for a in args]
        return np.asarray(function(*wide)).astype(dtype)

    return apply
