"""Interpreter kernels of the math dialect, elementwise through numpy; results keep the
operand's dtype.

Floats: f16 and f32 functions are computed in float64 and rounded once (numpy's own f32
kernels can be a few ulps off); erf/erfc go through Python's math module, fma rounds once
(round-to-odd in float64 for f16/f32, exact fractions for f64).
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
from irc.runtime.kernels.arith import _maximumf, _minimumf

# -- helpers --------------------------------------------------------------------------------


def _unary(ufunc):
    def kernel(interp, op, operands):
        return [ufunc(operands[0])]

    return kernel


def _binary(ufunc):
    def kernel(interp, op, operands):
        return [ufunc(operands[0], operands[1])]

    return kernel


def _in_double(ufunc):
    """A float function computed in float64 and rounded once to the operands' dtype (f16
    and f32 results then are what a correctly rounded libm gives, nearly always)."""

    def apply(*args):
        dtype = np.asarray(args[0]).dtype
        if dtype == np.float64:
            return ufunc(*args)
        wide = [np.asarray(a, dtype=np.float64) for a in args]
        return _like(args[0], ufunc(*wide))

    return apply


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
    away = np.abs(x - whole) >= 0.5
    return _like(x, np.where(away, whole + np.copysign(np.ones_like(whole), x), whole))


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
        return math.inf if exact > 0 else -math.inf


def _fma_narrow(a, b, c) -> np.ndarray:
    """a * b + c for f16/f32 operands, rounded once: the product is exact in float64, the
    sum is rounded to odd there (TwoSum gives its error), and odd rounding to 53 bits then
    nearest rounding to 24 gives the correctly rounded result."""
    product = np.asarray(a, np.float64) * np.asarray(b, np.float64)
    addend = np.asarray(c, np.float64)
    total = product + addend
    virtual = total - product
    error = (product - (total - virtual)) + (addend - virtual)
    inexact = np.isfinite(total) & (error != 0) & ((total.view(np.int64) & 1) == 0)
    toward = np.where(error > 0, np.inf, -np.inf)
    return np.where(inexact, np.nextafter(total, toward), total)


def fma(interp, op, operands):
    a, b, c = operands
    dtype = np.asarray(a).dtype
    if dtype != np.float64:
        return [_like(a, _fma_narrow(a, b, c))]
    shape = np.shape(a)
    flat = zip(*(np.asarray(v, dtype=np.float64).reshape(-1) for v in (a, b, c)), strict=True)
    values = np.array([_fma_double(float(x), float(y), float(z)) for x, y, z in flat])
    return [_like(a, values.reshape(shape))]


def fpowi(interp, op, operands):
    base, exponent = operands
    return [_in_double(np.power)(base, np.asarray(exponent).astype(np.float64))]


def clampf(interp, op, operands):
    """minimumf(maximumf(value, low), high): a NaN propagates and -0.0 is below +0.0, as
    LLVM's minimum/maximum that MLIR lowers clampf to (numpy's leave the zero open)."""
    value, low, high = (np.asarray(v) for v in operands)
    return [_like(operands[0], _minimumf(_maximumf(value, low), high))]


def sincos(interp, op, operands):
    return [_in_double(np.sin)(operands[0]), _in_double(np.cos)(operands[0])]


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
    m.AcosOp: _unary(_in_double(np.arccos)),
    m.AcoshOp: _unary(_in_double(np.arccosh)),
    m.AsinOp: _unary(_in_double(np.arcsin)),
    m.AsinhOp: _unary(_in_double(np.arcsinh)),
    m.AtanOp: _unary(_in_double(np.arctan)),
    m.AtanhOp: _unary(_in_double(np.arctanh)),
    m.CbrtOp: _unary(_in_double(np.cbrt)),
    m.CeilOp: _unary(np.ceil),
    m.CosOp: _unary(_in_double(np.cos)),
    m.CoshOp: _unary(_in_double(np.cosh)),
    m.ErfOp: _unary(_through_python(math.erf)),
    m.ErfcOp: _unary(_through_python(math.erfc)),
    m.ExpOp: _unary(_in_double(np.exp)),
    m.Exp2Op: _unary(_in_double(np.exp2)),
    m.ExpM1Op: _unary(_in_double(np.expm1)),
    m.FloorOp: _unary(np.floor),
    m.LogOp: _unary(_in_double(np.log)),
    m.Log10Op: _unary(_in_double(np.log10)),
    m.Log1pOp: _unary(_in_double(np.log1p)),
    m.Log2Op: _unary(_in_double(np.log2)),
    m.RoundOp: _unary(_round),
    m.RoundEvenOp: _unary(np.rint),
    m.RsqrtOp: _unary(_in_double(_rsqrt)),
    m.SinOp: _unary(_in_double(np.sin)),
    m.SinhOp: _unary(_in_double(np.sinh)),
    m.SqrtOp: _unary(_in_double(np.sqrt)),
    m.TanOp: _unary(_in_double(np.tan)),
    m.TanhOp: _unary(_in_double(np.tanh)),
    m.TruncOp: _unary(np.trunc),
    m.Atan2Op: _binary(_in_double(np.arctan2)),
    m.CopySignOp: _binary(np.copysign),
    m.PowFOp: _binary(_in_double(np.power)),
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
