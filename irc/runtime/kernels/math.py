"""Interpreter kernels of the math dialect, elementwise through numpy in the operand's dtype.

Floats: numpy's ufuncs compute f16 and f32 in their own precision (correctly rounded or
within an ulp, as libm is); erf/erfc and f64 fma go through Python's exact routines.
`round` rounds halfway cases away from zero (C's round), `roundeven` to even. Integers
wrap at their width; `ipowi` with a negative exponent is 0 unless the base is 1 or -1,
and a zero base with a negative exponent is a division by zero (reported).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from irc.dialects import math as m
from irc.runtime.interpreter import InterpreterError

# -- helpers --------------------------------------------------------------------------------


def _unary(ufunc):
    def kernel(interp, op, operands):
        return [ufunc(operands[0])]

    return kernel


def _binary(ufunc):
    def kernel(interp, op, operands):
        return [ufunc(operands[0], operands[1])]

    return kernel


def _like(value, result):
    """`result` in the dtype and kind (scalar or array) of `value`."""
    dtype = np.asarray(value).dtype
    if isinstance(value, np.ndarray):
        return np.asarray(result, dtype=dtype)
    return dtype.type(result)


def _through_python(function):
    """An elementwise float function computed on Python floats (doubles), rounded once."""

    def apply(x):
        flat = np.asarray(x, dtype=np.float64).reshape(-1)
        values = np.array([function(float(v)) for v in flat], dtype=np.float64)
        return _like(x, values.reshape(np.shape(x)))

    return apply


def _round(x):
    """C's round: halfway cases away from zero (x - trunc(x) is exact)."""
    whole = np.trunc(x)
    step = np.where(np.abs(x - whole) >= 0.5, np.copysign(np.ones_like(x), x), 0)
    return _like(x, whole + step.astype(np.asarray(x).dtype))


def _rsqrt(x):
    return np.reciprocal(np.sqrt(x))


def _is_normal(x):
    tiny = np.finfo(np.asarray(x).dtype).smallest_normal
    return np.isfinite(x) & (np.abs(x) >= tiny)


def _fma_double(a: float, b: float, c: float) -> float:
    """a * b + c rounded once, for doubles (Python 3.11 has no math.fma)."""
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return a * b + c
    exact = Fraction(a) * Fraction(b) + Fraction(c)
    if exact == 0:
        return a * b + c  # the sign of a zero, as IEEE gives it
    try:
        return float(exact)
    except OverflowError:
        return math.copysign(math.inf, exact)


def fma(interp, op, operands):
    a, b, c = operands
    dtype = np.asarray(a).dtype
    if dtype == np.float64:
        shape = np.shape(a)
        flat = zip(*(np.asarray(v, dtype=np.float64).reshape(-1) for v in (a, b, c)), strict=True)
        values = np.array([_fma_double(float(x), float(y), float(z)) for x, y, z in flat])
        return [_like(a, values.reshape(shape))]
    wide = np.float64  # f16 and f32 products are exact in a double
    exact = np.asarray(a, wide) * np.asarray(b, wide) + np.asarray(c, wide)
    return [_like(a, exact)]


def fpowi(interp, op, operands):
    base, exponent = operands
    dtype = np.asarray(base).dtype
    return [_like(base, np.power(base, np.asarray(exponent).astype(dtype)))]


def clampf(interp, op, operands):
    value, low, high = operands
    return [np.minimum(np.maximum(value, low), high)]


def sincos(interp, op, operands):
    return [np.sin(operands[0]), np.cos(operands[0])]


# -- integers -------------------------------------------------------------------------------


def _bits(x) -> tuple[np.ndarray, int]:
    """The operand as unsigned bit patterns of its width, and that width."""
    array = np.asarray(x)
    if array.dtype == np.bool_:
        return array.astype(np.uint8), 1
    width = array.dtype.itemsize * 8
    return array.view(f"u{array.dtype.itemsize}"), width


def _count_kernel(count):
    def kernel(interp, op, operands):
        x = operands[0]
        bits, width = _bits(x)
        counts = np.vectorize(lambda v: count(int(v), width), otypes=[np.int64])(bits)
        return [_like(x, counts.astype(np.asarray(x).dtype))]

    return kernel


def _ctlz(value: int, width: int) -> int:
    return width - value.bit_length()


def _cttz(value: int, width: int) -> int:
    return width if value == 0 else (value & -value).bit_length() - 1


def _ctpop(value: int, width: int) -> int:
    return bin(value).count("1")


def _int_power(base: int, exponent: int, width: int, op) -> int:
    """base ** exponent modulo 2**width, as MLIR's ipowi expands it for negative exponents."""
    if exponent >= 0:
        return pow(base, exponent, 1 << width)
    if base == 0:
        raise InterpreterError("division by zero: math.ipowi of 0 to a negative power", op)
    if base == 1:
        return 1
    if base == -1:
        return -1 if exponent & 1 else 1
    return 0


def ipowi(interp, op, operands):
    base, exponent = operands
    dtype = np.asarray(base).dtype
    width = 1 if dtype == np.bool_ else dtype.itemsize * 8
    pairs = zip(np.asarray(base).reshape(-1), np.asarray(exponent).reshape(-1), strict=True)
    values = [_int_power(int(b), int(e), width, op) % (1 << width) for b, e in pairs]
    if dtype == np.bool_:
        wrapped = np.array(values, dtype=np.bool_)
    else:
        wrapped = np.array(values, dtype=f"u{dtype.itemsize}").view(dtype)
    return [_like(base, wrapped.reshape(np.shape(base)))]


KERNELS = {
    m.AbsFOp: _unary(np.abs),
    m.AcosOp: _unary(np.arccos),
    m.AcoshOp: _unary(np.arccosh),
    m.AsinOp: _unary(np.arcsin),
    m.AsinhOp: _unary(np.arcsinh),
    m.AtanOp: _unary(np.arctan),
    m.AtanhOp: _unary(np.arctanh),
    m.CbrtOp: _unary(np.cbrt),
    m.CeilOp: _unary(np.ceil),
    m.CosOp: _unary(np.cos),
    m.CoshOp: _unary(np.cosh),
    m.ErfOp: _unary(_through_python(math.erf)),
    m.ErfcOp: _unary(_through_python(math.erfc)),
    m.ExpOp: _unary(np.exp),
    m.Exp2Op: _unary(np.exp2),
    m.ExpM1Op: _unary(np.expm1),
    m.FloorOp: _unary(np.floor),
    m.LogOp: _unary(np.log),
    m.Log10Op: _unary(np.log10),
    m.Log1pOp: _unary(np.log1p),
    m.Log2Op: _unary(np.log2),
    m.RoundOp: _unary(_round),
    m.RoundEvenOp: _unary(np.rint),
    m.RsqrtOp: _unary(_rsqrt),
    m.SinOp: _unary(np.sin),
    m.SinhOp: _unary(np.sinh),
    m.SqrtOp: _unary(np.sqrt),
    m.TanOp: _unary(np.tan),
    m.TanhOp: _unary(np.tanh),
    m.TruncOp: _unary(np.trunc),
    m.Atan2Op: _binary(np.arctan2),
    m.CopySignOp: _binary(np.copysign),
    m.PowFOp: _binary(np.power),
    m.IsFiniteOp: _unary(np.isfinite),
    m.IsInfOp: _unary(np.isinf),
    m.IsNaNOp: _unary(np.isnan),
    m.IsNormalOp: _unary(_is_normal),
    m.FmaOp: fma,
    m.FPowIOp: fpowi,
    m.ClampFOp: clampf,
    m.SinCosOp: sincos,
    m.AbsIOp: _unary(np.abs),
    m.CountLeadingZerosOp: _count_kernel(_ctlz),
    m.CountTrailingZerosOp: _count_kernel(_cttz),
    m.CtPopOp: _count_kernel(_ctpop),
    m.IPowIOp: ipowi,
}
