"""Folders of the math dialect: MLIR's fold hooks, one row per op class in `FOLDERS`.

A row is `fold(op, operands) -> list | None` (the contract of `Op.fold`): `operands` holds
the constant Attribute of each operand or None; a folded constant is an Attribute that
`materialize_constant` turns into an `arith.constant`, as MLIR's math dialect does.

The reference is MLIR as shipped in iree-base-compiler 3.13 (`iree-opt --canonicalize`),
checked case by case by tests/dialects/math/test_math_folds.py. MLIR folds
- with APFloat, for every float type: absf, ceil, floor, roundeven, copysign and the
  classes isnan, isinf, isfinite, isnormal;
- with the C library, for f32 and f64 only (`expf` for f32, `exp` for f64): the
  transcendental functions, cbrt, sqrt, rsqrt, round, trunc, powf and atan2. Here too the
  C library's functions compute them (through ctypes), so folds agree bit for bit; where
  no C library is found, numpy computes them;
- with APInt: absi, ctlz, cttz, ctpop and ipowi (not 0 to a negative power).
Logarithms, sqrt and rsqrt of a negative value (-0.0 and -NaN included) do not fold, nor
does log1p where a + 1 is negative; atan2(±0, ±0) folds to NaN for every float type.
fma, fpowi, clampf and sincos do not fold. Ops with vector or tensor constants fold
elementwise, and not at all when one element does not.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import struct
from collections.abc import Callable

import numpy as np

from irc.dialects import math as m

# The element helpers of the arith folders: constants as element values (floats as
# doubles, integers as unsigned bit patterns) and back, elementwise unary/binary folds.
from irc.dialects.arith_folds import _binary, _unary, _width
from irc.dialects.arith_folds import materialize_constant as materialize_constant
from irc.dialects.constraints import scalar_of
from irc.ir import attributes as A
from irc.ir import types as T

# -- the C library --------------------------------------------------------------------------


def _load_libm():
    name = ctypes.util.find_library("m")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


_LIBM = _load_libm()

_NUMPY = {  # fallbacks where the C library cannot be loaded
    "acos": np.arccos,
    "acosh": np.arccosh,
    "asin": np.arcsin,
    "asinh": np.arcsinh,
    "atan": np.arctan,
    "atanh": np.arctanh,
    "atan2": np.arctan2,
    "cbrt": np.cbrt,
    "cos": np.cos,
    "cosh": np.cosh,
    "exp": np.exp,
    "exp2": np.exp2,
    "expm1": np.expm1,
    "log": np.log,
    "log10": np.log10,
    "log1p": np.log1p,
    "log2": np.log2,
    "pow": np.power,
    "round": lambda x: np.copysign(np.floor(np.abs(x) + 0.5), x),
    "sin": np.sin,
    "sinh": np.sinh,
    "sqrt": np.sqrt,
    "tan": np.tan,
    "tanh": np.tanh,
    "trunc": np.trunc,
    "erf": np.vectorize(math.erf),
    "erfc": np.vectorize(math.erfc),
}


def c_function(name: str, element: str, arity: int = 1) -> Callable | None:
    """The C library's `name` (f64) or `namef` (f32) on Python floats; None for other types."""
    if element not in ("f32", "f64"):
        return None
    c_type = ctypes.c_double if element == "f64" else ctypes.c_float
    found = getattr(_LIBM, name if element == "f64" else name + "f", None) if _LIBM else None
    if found is not None:
        found.restype = c_type
        found.argtypes = [c_type] * arity
        return found
    dtype = np.float64 if element == "f64" else np.float32
    fallback = _NUMPY[name]

    def compute(*args):
        with np.errstate(all="ignore"):
            return float(fallback(*(dtype(a) for a in args)))

    return compute


# -- rows -----------------------------------------------------------------------------------


def _element(op) -> T.Type:
    return scalar_of(op.results[0].type)


def _libm_unary(name: str, condition: Callable[[float], bool] | None = None) -> Callable:
    """Fold through the C library, f32 and f64 only; `condition` must hold for each value."""

    def fold(op, operands):
        function = c_function(name, getattr(_element(op), "name", ""))
        if function is None:
            return None

        def calc(value):
            if condition is not None and not condition(value):
                return None
            return function(value)

        return _result(_unary(operands[0], op.results[0].type, calc))

    return fold


def _libm_binary(name: str, special: Callable | None = None) -> Callable:
    """Fold through the C library, f32 and f64 only; `special(a, b)`, when it gives a
    value, folds first and for every float type."""

    def fold(op, operands):
        function = c_function(name, getattr(_element(op), "name", ""), arity=2)

        def calc(a, b):
            answer = special(a, b) if special is not None else None
            if answer is None and function is not None:
                answer = function(a, b)
            return answer

        return _result(_binary(operands, op.results[0].type, calc))

    return fold


def _float_unary(calc: Callable[[float], float]) -> Callable:
    """Fold with APFloat arithmetic, for every float type."""

    def fold(op, operands):
        return _result(_unary(operands[0], op.results[0].type, calc))

    return fold


def _int_unary(calc: Callable[[int, int], int]) -> Callable:
    """`calc(bits, width)` on unsigned bit patterns."""

    def fold(op, operands):
        width = _width(_element(op))
        return _result(_unary(operands[0], op.results[0].type, lambda v: calc(v, width)))

    return fold


def _result(attr: A.Attribute | None) -> list | None:
    return None if attr is None else [attr]


# -- APFloat semantics ------------------------------------------------------------------------


def _quiet(value: float) -> float:
    """A NaN with its quiet bit set (APFloat quiets a signaling NaN it rounds)."""
    bits = struct.unpack("<Q", struct.pack("<d", value))[0] | 1 << 51
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


def _integral(rounding: Callable[[float], int]) -> Callable[[float], float]:
    """APFloat::roundToIntegral: NaNs quieted, infinities kept, zeros keep their sign."""

    def calc(value: float) -> float:
        if math.isnan(value):
            return _quiet(value)
        if math.isinf(value):
            return value
        return math.copysign(float(rounding(value)), value)

    return calc


def _rsqrt(op, operands):
    """1 / sqrt(x) in the element type (MLIR divides the C library's sqrt into one)."""
    element = getattr(_element(op), "name", "")
    sqrt = c_function("sqrt", element)
    if sqrt is None:
        return None
    dtype = np.float64 if element == "f64" else np.float32

    def calc(value: float) -> float | None:
        if not _not_negative(value):
            return None
        with np.errstate(all="ignore"):
            return float(dtype(1.0) / dtype(sqrt(value)))

    return _result(_unary(operands[0], op.results[0].type, calc))


def _atan2_zeros(a: float, b: float) -> float | None:
    return math.nan if a == 0 and b == 0 else None


# -- APInt semantics --------------------------------------------------------------------------


def _signed(bits: int, width: int) -> int:
    return bits - (1 << width) if width and bits >> (width - 1) else bits


def _abs(bits: int, width: int) -> int:
    return abs(_signed(bits, width)) & ((1 << width) - 1)


def _ctlz(bits: int, width: int) -> int:
    return width - bits.bit_length()


def _cttz(bits: int, width: int) -> int:
    return width if bits == 0 else (bits & -bits).bit_length() - 1


def _ctpop(bits: int, width: int) -> int:
    return bin(bits).count("1")


def _ipowi(op, operands):
    width = _width(_element(op))
    mask = (1 << width) - 1

    def calc(base: int, power: int) -> int | None:
        power = _signed(power, width)
        if power == 0:
            return 1
        if power < 0:
            if base == 0:
                return None  # 0 to a negative power is left alone
            if base == 1:
                return 1
            if base != mask:
                return 0
            return mask if power & 1 else 1
        return pow(base, power, 1 << width)

    return _result(_binary(operands, op.results[0].type, calc))


def _log1p_domain(value: float) -> bool:
    """MLIR folds log1p unless a + 1 is negative (a NaN keeps its sign)."""
    return _not_negative(value if math.isnan(value) else value + 1.0)


def _class(test: Callable[[float, T.FloatType], bool]) -> Callable:
    """isnan, isinf, isfinite, isnormal: an i1 of the operand's shape, every float type."""

    def fold(op, operands):
        element = scalar_of(op.operands[0].type)
        calc = lambda value: int(test(value, element))  # noqa: E731
        return _result(_unary(operands[0], op.results[0].type, calc))

    return fold


def _is_normal(value: float, element: T.FloatType) -> bool:
    """APFloat::isNormal: finite, not zero and not subnormal in its own format."""
    if not math.isfinite(value) or value == 0:
        return False
    exponent_bits = element.width - element.precision
    bits = A.float_to_bits(value, element)
    return (bits >> (element.precision - 1)) & ((1 << exponent_bits) - 1) != 0


def _not_negative(value: float) -> bool:
    """APFloat's !isNegative(): the sign bit is clear (-0.0 and -NaN are negative)."""
    return math.copysign(1.0, value) > 0


FOLDERS: dict[type, Callable] = {
    # APFloat, every float type
    m.AbsFOp: _float_unary(lambda v: math.copysign(v, 1.0)),
    m.CeilOp: _float_unary(_integral(math.ceil)),
    m.FloorOp: _float_unary(_integral(math.floor)),
    m.RoundEvenOp: _float_unary(_integral(round)),
    m.CopySignOp: lambda op, operands: _result(
        _binary(operands, op.results[0].type, math.copysign)
    ),
    # the C library, f32 and f64
    m.AcosOp: _libm_unary("acos"),
    m.AcoshOp: _libm_unary("acosh"),
    m.AsinOp: _libm_unary("asin"),
    m.AsinhOp: _libm_unary("asinh"),
    m.AtanOp: _libm_unary("atan"),
    m.AtanhOp: _libm_unary("atanh"),
    m.CbrtOp: _libm_unary("cbrt"),
    m.CosOp: _libm_unary("cos"),
    m.CoshOp: _libm_unary("cosh"),
    m.ErfOp: _libm_unary("erf"),
    m.ErfcOp: _libm_unary("erfc"),
    m.ExpOp: _libm_unary("exp"),
    m.Exp2Op: _libm_unary("exp2"),
    m.ExpM1Op: _libm_unary("expm1"),
    m.LogOp: _libm_unary("log", _not_negative),
    m.Log10Op: _libm_unary("log10", _not_negative),
    m.Log1pOp: _libm_unary("log1p", _log1p_domain),
    m.Log2Op: _libm_unary("log2", _not_negative),
    m.RoundOp: _libm_unary("round"),
    m.SinOp: _libm_unary("sin"),
    m.SinhOp: _libm_unary("sinh"),
    m.SqrtOp: _libm_unary("sqrt", _not_negative),
    m.RsqrtOp: _rsqrt,
    m.TanOp: _libm_unary("tan"),
    m.TanhOp: _libm_unary("tanh"),
    m.TruncOp: _libm_unary("trunc"),
    m.Atan2Op: _libm_binary("atan2", _atan2_zeros),
    m.PowFOp: _libm_binary("pow"),
    m.IsNaNOp: _class(lambda v, t: math.isnan(v)),
    m.IsInfOp: _class(lambda v, t: math.isinf(v)),
    m.IsFiniteOp: _class(lambda v, t: math.isfinite(v)),
    m.IsNormalOp: _class(_is_normal),
    # APInt
    m.AbsIOp: _int_unary(_abs),
    m.CountLeadingZerosOp: _int_unary(_ctlz),
    m.CountTrailingZerosOp: _int_unary(_cttz),
    m.CtPopOp: _int_unary(_ctpop),
    m.IPowIOp: _ipowi,
}

__all__ = ["FOLDERS", "c_function", "materialize_constant"]
