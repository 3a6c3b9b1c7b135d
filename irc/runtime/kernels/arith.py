"""Interpreter kernels of the arith dialect: fixed-width numerics through numpy, elementwise
on vectors and tensors.

Integers are held in signed numpy dtypes of their width (i1 as bool, index as int64) and
wrap; unsigned ops (divui, shrui, cmpi ult, extui, uitofp ...) view the same bits as
unsigned, and signed ops view i1 as 0 / -1. Floats compute in their own dtype, so f32
rounds as f32; maximumf/minimumf propagate NaN and order -0.0 below +0.0, maxnumf/minnumf
return the number (a signaling NaN gives a quiet NaN, as LLVM), remf is C's fmod. A NaN
an operation creates has the sign the hardware gives it (x86: negative), where a folder
gives the positive NaN; NaN operands propagate alike.

Faults are reported at the op (`InterpreterError`): integer division by zero, signed
division overflow (INT_MIN / -1 in divsi, ceildivsi, floordivsi), and the results MLIR
calls poison, which no value could stand for: a shift by at least the bit width, and a
float-to-integer conversion of NaN, infinity or a value out of range.
"""

from __future__ import annotations

import numpy as np

from irc.dialects import arith
from irc.dialects.constraints import scalar_of
from irc.ir import attributes as A
from irc.ir import types as T
from irc.runtime.interpreter import InterpreterError, numpy_dtype

# -- helpers ----------------------------------------------------------------------------------


def _width(t: T.Type) -> int:
    return 64 if isinstance(t, T.IndexType) else t.width


def _dtype(op, t: T.Type) -> np.dtype:
    try:
        return numpy_dtype(t)
    except InterpreterError as exc:
        raise InterpreterError(exc.message, op) from None


def _signed(value, t: T.Type) -> np.ndarray:
    """The bits of an integer value read as signed (i1: 0 and -1)."""
    array = np.asarray(value)
    return -array.astype(np.int8) if array.dtype == np.bool_ else array


def _unsigned(value, t: T.Type) -> np.ndarray:
    """The bits of an integer value read as unsigned."""
    array = np.asarray(value)
    if array.dtype == np.bool_:
        return array.astype(np.uint8)
    return array.view(f"u{array.dtype.itemsize}")


def _out(result, t: T.Type, op):
    """`result` as a value of type `t`: integers wrap to the width; scalars as numpy
    scalars, shaped values as arrays."""
    dtype = _dtype(op, t)
    array = np.asarray(result)
    if dtype == np.bool_ and array.dtype != np.bool_:
        array = (array & 1).astype(np.bool_)
    elif array.dtype != dtype:
        array = array.astype(dtype)
    return array[()] if array.ndim == 0 else array


def _unsigned_type(t: T.Type) -> np.dtype:
    return np.dtype(np.uint8) if _width(t) == 1 else np.dtype(f"u{_width(t) // 8}")


def _signed_bounds(t: T.Type) -> tuple[int, int]:
    width = _width(t)
    return -(1 << (width - 1)), (1 << (width - 1)) - 1


def _int_kernel(compute):
    """A kernel from `compute(lhs, rhs, element_type, op)` on numpy arrays."""

    def kernel(interp, op, operands):
        t = op.results[0].type
        return [_out(compute(*operands, scalar_of(t), op), t, op)]

    return kernel


def _float_kernel(compute):
    def kernel(interp, op, operands):
        lhs, rhs = (np.asarray(v) for v in operands)
        return [_out(compute(lhs, rhs), op.results[0].type, op)]

    return kernel


# -- integer arithmetic -----------------------------------------------------------------------


def _signed_op(ufunc):
    return lambda a, b, t, op: ufunc(_signed(a, t), _signed(b, t))


def _unsigned_op(ufunc):
    return lambda a, b, t, op: ufunc(_unsigned(a, t), _unsigned(b, t))


def _nonzero(divisor: np.ndarray, op) -> None:
    if np.any(divisor == 0):
        raise InterpreterError("integer division by zero", op)


def _signed_division(a, b, t: T.Type, op) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Checked signed operands and their floor quotient and remainder (numpy's //, %)."""
    x, y = _signed(a, t), _signed(b, t)
    _nonzero(y, op)
    low, _ = _signed_bounds(t)
    if np.any((x == low) & (y == -1)):
        raise InterpreterError(f"integer overflow in signed division: {low} / -1", op)
    return x, np.floor_divide(x, y), np.remainder(x, y)


def _divsi(a, b, t, op):
    """Toward zero: the floor quotient, plus one where inexact with differing signs."""
    x, quotient, remainder = _signed_division(a, b, t, op)
    y = _signed(b, t)
    return quotient + ((remainder != 0) & ((x < 0) != (y < 0)))


def _ceildivsi(a, b, t, op):
    _, quotient, remainder = _signed_division(a, b, t, op)
    return quotient + (remainder != 0)


def _floordivsi(a, b, t, op):
    return _signed_division(a, b, t, op)[1]


def _remsi(a, b, t, op):
    """C's remainder (the sign of the dividend); x % -1 is 0, INT_MIN included."""
    x, y = _signed(a, t), _signed(b, t)
    _nonzero(y, op)
    return np.fmod(x, np.where(y == -1, 1, y).astype(y.dtype))


def _divui(a, b, t, op):
    x, y = _unsigned(a, t), _unsigned(b, t)
    _nonzero(y, op)
    return x // y


def _ceildivui(a, b, t, op):
    x, y = _unsigned(a, t), _unsigned(b, t)
    _nonzero(y, op)
    return x // y + (x % y != 0)


def _remui(a, b, t, op):
    x, y = _unsigned(a, t), _unsigned(b, t)
    _nonzero(y, op)
    return x % y


def _shift_amount(b, t: T.Type, op) -> np.ndarray:
    amount = _unsigned(b, t)
    if np.any(amount >= _width(t)):
        bad = int(np.max(amount))
        raise InterpreterError(
            f"shift amount {bad} is not less than the bit width {_width(t)} (poison)", op
        )
    return amount


def _shli(a, b, t, op):
    return np.left_shift(_unsigned(a, t), _shift_amount(b, t, op))


def _shrui(a, b, t, op):
    return np.right_shift(_unsigned(a, t), _shift_amount(b, t, op))


def _shrsi(a, b, t, op):
    amount = _shift_amount(b, t, op)
    value = _signed(a, t)
    return np.right_shift(value, amount.astype(value.dtype))


INTEGER_KERNELS = {
    arith.AddIOp: _int_kernel(_signed_op(np.add)),
    arith.SubIOp: _int_kernel(_signed_op(np.subtract)),
    arith.MulIOp: _int_kernel(_signed_op(np.multiply)),
    arith.DivSIOp: _int_kernel(_divsi),
    arith.DivUIOp: _int_kernel(_divui),
    arith.CeilDivSIOp: _int_kernel(_ceildivsi),
    arith.CeilDivUIOp: _int_kernel(_ceildivui),
    arith.FloorDivSIOp: _int_kernel(_floordivsi),
    arith.RemSIOp: _int_kernel(_remsi),
    arith.RemUIOp: _int_kernel(_remui),
    arith.AndIOp: _int_kernel(_unsigned_op(np.bitwise_and)),
    arith.OrIOp: _int_kernel(_unsigned_op(np.bitwise_or)),
    arith.XOrIOp: _int_kernel(_unsigned_op(np.bitwise_xor)),
    arith.ShLIOp: _int_kernel(_shli),
    arith.ShRUIOp: _int_kernel(_shrui),
    arith.ShRSIOp: _int_kernel(_shrsi),
    arith.MaxSIOp: _int_kernel(_signed_op(np.maximum)),
    arith.MaxUIOp: _int_kernel(_unsigned_op(np.maximum)),
    arith.MinSIOp: _int_kernel(_signed_op(np.minimum)),
    arith.MinUIOp: _int_kernel(_unsigned_op(np.minimum)),
}

# -- float arithmetic -------------------------------------------------------------------------


def _bits(x: np.ndarray) -> np.ndarray:
    return x.view(f"u{x.dtype.itemsize}")


def _quiet_bit(x: np.ndarray) -> int:
    return 1 << (np.finfo(x.dtype).nmant - 1)


def _quieted(x: np.ndarray) -> np.ndarray:
    """NaNs with their quiet bit set (a signaling NaN made quiet, its payload kept)."""
    x = np.array(x)
    nan = np.isnan(x)
    _bits(x)[nan] |= np.array(_quiet_bit(x), dtype=_bits(x).dtype)
    return x


def _signaling(x: np.ndarray) -> np.ndarray:
    return np.isnan(x) & ((_bits(x) & _quiet_bit(x)) == 0)


def _order_zeros(result, a, b, lower: bool):
    """-0.0 below +0.0 where both operands are zeros."""
    zeros = (a == 0) & (b == 0)
    pick = np.where(np.signbit(a) == lower, a, b)
    return np.where(zeros, pick, result)


def _nan_of(result, a, b):
    """A NaN operand, quieted, where there is one (the lhs first): numpy's SIMD loops do
    not promise which of two NaNs they return."""
    return _quieted(np.where(np.isnan(a), a, np.where(np.isnan(b), b, result)))


def _maximumf(a, b):
    return _nan_of(_order_zeros(np.maximum(a, b), a, b, lower=False), a, b)


def _minimumf(a, b):
    return _nan_of(_order_zeros(np.minimum(a, b), a, b, lower=True), a, b)


def _number_of(result, a, b):
    """LLVM's maxnum/minnum NaN rules on top of numpy's fmax/fmin (the number): the lhs
    of two NaNs, and a signaling NaN gives itself made quiet (the lhs first)."""
    result = np.where(np.isnan(a) & np.isnan(b), a, result)
    result = np.where(_signaling(b), _quieted(b), result)
    return np.where(_signaling(a), _quieted(a), result)


def _maxnumf(a, b):
    return _number_of(_order_zeros(np.fmax(a, b), a, b, lower=False), a, b)


def _minnumf(a, b):
    return _number_of(_order_zeros(np.fmin(a, b), a, b, lower=True), a, b)


def _negf(interp, op, operands):
    return [_out(np.negative(np.asarray(operands[0])), op.results[0].type, op)]


FLOAT_KERNELS = {
    arith.AddFOp: _float_kernel(np.add),
    arith.SubFOp: _float_kernel(np.subtract),
    arith.MulFOp: _float_kernel(np.multiply),
    arith.DivFOp: _float_kernel(np.divide),
    arith.RemFOp: _float_kernel(np.fmod),
    arith.MaximumFOp: _float_kernel(_maximumf),
    arith.MinimumFOp: _float_kernel(_minimumf),
    arith.MaxNumFOp: _float_kernel(_maxnumf),
    arith.MinNumFOp: _float_kernel(_minnumf),
    arith.NegFOp: _negf,
}

# -- comparisons, select and constants --------------------------------------------------------

_CMPI = {
    "eq": (np.equal, _signed),
    "ne": (np.not_equal, _signed),
    "slt": (np.less, _signed),
    "sle": (np.less_equal, _signed),
    "sgt": (np.greater, _signed),
    "sge": (np.greater_equal, _signed),
    "ult": (np.less, _unsigned),
    "ule": (np.less_equal, _unsigned),
    "ugt": (np.greater, _unsigned),
    "uge": (np.greater_equal, _unsigned),
}


def _cmpi(interp, op, operands):
    compare, view = _CMPI[arith.CMPI_PREDICATES[op.properties["predicate"].value]]
    t = scalar_of(op.operands[0].type)
    lhs, rhs = (view(v, t) for v in operands)
    return [_out(compare(lhs, rhs), op.results[0].type, op)]


def _unordered(a, b):
    return np.isnan(a) | np.isnan(b)


_CMPF = {
    "false": lambda a, b: np.zeros(np.broadcast(a, b).shape, dtype=bool),
    "oeq": np.equal,
    "ogt": np.greater,
    "oge": np.greater_equal,
    "olt": np.less,
    "ole": np.less_equal,
    "one": lambda a, b: np.less(a, b) | np.greater(a, b),
    "ord": lambda a, b: ~_unordered(a, b),
    "ueq": lambda a, b: np.equal(a, b) | _unordered(a, b),
    "ugt": lambda a, b: ~np.less_equal(a, b),
    "uge": lambda a, b: ~np.less(a, b),
    "ult": lambda a, b: ~np.greater_equal(a, b),
    "ule": lambda a, b: ~np.greater(a, b),
    "une": np.not_equal,
    "uno": _unordered,
    "true": lambda a, b: np.ones(np.broadcast(a, b).shape, dtype=bool),
}


def _cmpf(interp, op, operands):
    compare = _CMPF[arith.CMPF_PREDICATES[op.properties["predicate"].value]]
    lhs, rhs = (np.asarray(v) for v in operands)
    return [_out(compare(lhs, rhs), op.results[0].type, op)]


def _select(interp, op, operands):
    condition, on_true, on_false = operands
    if np.ndim(condition) == 0:
        return [on_true if condition else on_false]
    return [np.where(condition, on_true, on_false)]


def _constant(interp, op, operands):
    value = op.properties["value"]
    t = op.results[0].type
    dtype = _dtype(op, t)
    if isinstance(value, A.IntegerAttr):
        return [dtype.type(value.value)]
    if isinstance(value, A.FloatAttr):  # by its bits: NaN payloads, signaling NaNs kept
        return [np.array(value.bits, dtype=f"u{dtype.itemsize}").view(dtype)[()]]
    if isinstance(value, A.DenseElementsAttr):
        return [np.array(value.to_array(), dtype=dtype)]
    raise InterpreterError(f"'arith.constant' cannot hold {value} in the interpreter", op)


# -- casts ------------------------------------------------------------------------------------


def _cast_kernel(convert):
    """A cast kernel from `convert(value, source_element, target_element, op)`."""

    def kernel(interp, op, operands):
        source, target = (scalar_of(v.type) for v in (op.operands[0], op.results[0]))
        converted = convert(np.asarray(operands[0]), source, target, op)
        return [_out(converted, op.results[0].type, op)]

    return kernel


def _sext(x, source, target, op):
    return _signed(x, source).astype(np.int64)


def _zext(x, source, target, op):
    return _unsigned(x, source).astype(np.uint64)


def _to_float(view):
    def convert(x, source, target, op):
        return view(x, source).astype(_dtype(op, target))

    return convert


def _to_int(signed: bool):
    """Truncation toward zero; NaN, infinity and values out of range are reported."""

    def convert(x, source, target, op):
        whole = np.trunc(x)
        width = _width(target)
        low, high = (-(2.0 ** (width - 1)), 2.0 ** (width - 1)) if signed else (0.0, 2.0**width)
        bad = ~((whole >= low) & (whole < high))  # NaN compares false: bad
        if np.any(bad):
            value = np.asarray(x)[bad].reshape(-1)[0]
            kind = "fptosi" if signed else "fptoui"
            raise InterpreterError(f"{kind} of {value} does not fit in {target} (poison)", op)
        return whole.astype(np.int64 if signed else np.uint64)

    return convert


def _extf(x, source, target, op):
    return x.astype(_dtype(op, target))


_ROUNDING = {name: index for index, name in enumerate(arith.ROUNDING_MODES)}


def _truncf(x, source, target, op):
    """Round to the narrower type, by the op's rounding mode (to nearest even when none)."""
    dtype = _dtype(op, target)
    nearest = x.astype(dtype)
    mode = op.properties.get("roundingmode")
    if mode is None or arith.ROUNDING_MODES[mode.value] == "to_nearest_even":
        return nearest
    return _directed(x, nearest, arith.ROUNDING_MODES[mode.value])


def _directed(x, nearest, mode: str):
    """Move a round-to-nearest result to the neighbour the mode asks for, where inexact."""
    wide = nearest.astype(x.dtype)
    below = np.where(wide > x, np.nextafter(nearest, nearest.dtype.type(-np.inf)), nearest)
    above = np.where(wide < x, np.nextafter(nearest, nearest.dtype.type(np.inf)), nearest)
    if mode == "downward":
        return below
    if mode == "upward":
        return above
    if mode == "toward_zero":
        return np.where(x < 0, above, below)
    # to_nearest_away: only ties change, away from zero
    low, high = below.astype(x.dtype), above.astype(x.dtype)
    tie = (x - low == high - x) & (low != high)
    return np.where(tie, np.where(x < 0, below, above), nearest)


def _bitcast(interp, op, operands):
    target = op.results[0].type
    value = np.asarray(operands[0])
    dtype = _dtype(op, target)
    if value.dtype == np.bool_ or dtype == np.bool_:
        return [_out(value, target, op)]
    return [_out(value.view(dtype), target, op)]


CAST_KERNELS = {
    arith.ExtSIOp: _cast_kernel(_sext),
    arith.ExtUIOp: _cast_kernel(_zext),
    arith.TruncIOp: _cast_kernel(_zext),
    arith.IndexCastOp: _cast_kernel(_sext),
    arith.IndexCastUIOp: _cast_kernel(_zext),
    arith.SIToFPOp: _cast_kernel(_to_float(_signed)),
    arith.UIToFPOp: _cast_kernel(_to_float(_unsigned)),
    arith.FPToSIOp: _cast_kernel(_to_int(signed=True)),
    arith.FPToUIOp: _cast_kernel(_to_int(signed=False)),
    arith.ExtFOp: _cast_kernel(_extf),
    arith.TruncFOp: _cast_kernel(_truncf),
    arith.BitcastOp: _bitcast,
}

# -- extended arithmetic ----------------------------------------------------------------------


def _addui_extended(interp, op, operands):
    sum_type, overflow_type = (r.type for r in op.results)
    t = scalar_of(sum_type)
    a, b = (_unsigned(v, t) for v in operands)
    total = np.asarray(a + b) & np.array((1 << _width(t)) - 1, dtype=a.dtype)
    return [_out(total, sum_type, op), _out(total < a, overflow_type, op)]


def _wide_product(a: np.ndarray, b: np.ndarray, width: int):
    """The low and high halves of the unsigned product of two `width`-bit values."""
    a, b = a.astype(np.uint64), b.astype(np.uint64)
    if width <= 32:
        product = a * b
        return product & np.uint64((1 << width) - 1), product >> np.uint64(width)
    half, mask = np.uint64(32), np.uint64(0xFFFFFFFF)
    a_low, a_high, b_low, b_high = a & mask, a >> half, b & mask, b >> half
    cross_a, cross_b = a_low * b_high, a_high * b_low
    middle = ((a_low * b_low) >> half) + (cross_a & mask) + (cross_b & mask)
    high = a_high * b_high + (cross_a >> half) + (cross_b >> half) + (middle >> half)
    return a * b, high


def _mului_extended(interp, op, operands):
    t = op.results[0].type
    element = scalar_of(t)
    low, high = _wide_product(*(_unsigned(v, element) for v in operands), _width(element))
    return [_out(low, t, op), _out(high, t, op)]


def _mulsi_extended(interp, op, operands):
    """The signed high half is the unsigned one less each operand where the other is
    negative (mod 2^width)."""
    t = op.results[0].type
    element = scalar_of(t)
    a, b = (_unsigned(v, element).astype(np.uint64) for v in operands)
    low, high = _wide_product(a, b, _width(element))
    negative_a, negative_b = (_signed(v, element) < 0 for v in operands)
    high = high - np.where(negative_a, b, 0).astype(np.uint64)
    high = high - np.where(negative_b, a, 0).astype(np.uint64)
    return [_out(low, t, op), _out(high, t, op)]


KERNELS = {
    arith.ConstantOp: _constant,
    **INTEGER_KERNELS,
    **FLOAT_KERNELS,
    arith.CmpIOp: _cmpi,
    arith.CmpFOp: _cmpf,
    arith.SelectOp: _select,
    **CAST_KERNELS,
    arith.AddUIExtendedOp: _addui_extended,
    arith.MulSIExtendedOp: _mulsi_extended,
    arith.MulUIExtendedOp: _mului_extended,
}
