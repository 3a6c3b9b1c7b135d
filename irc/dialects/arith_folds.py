"""Folders of the arith dialect: MLIR's fold hooks, one row per op class in `FOLDERS`.

`Op.fold` finds an op's row here (see its docstring for the contract): a row is
`fold(op, operands) -> list | None`, where `operands` holds the constant Attribute of
each operand or None. Rows keep arith.py declarations-only and this file reads as one
table of identities, each under a comment that states it; the generic constant folding
(scalars, splats and dense vectors/tensors elementwise) sits in the helpers above them.

The reference is MLIR as shipped in iree-base-compiler 3.13 (`iree-opt --canonicalize`,
LLVM 24), checked case by case by tests/dialects/arith/test_arith_folds.py:

- Integers fold as APInt: bit patterns of the type's width (index: 64 bits) that wrap;
  overflow flags do not stop folding. Division by a constant zero, signed division of
  INT_MIN by -1 and shifts by at least the width do not fold. MLIR's identities still
  fold where the divisor is not known (`0 / x -> 0`, `x / x -> 1`), even when x is the
  constant 0: a division by zero is undefined, so any value is a correct answer.
- Floats fold as APFloat in round-to-nearest-even, f16/bf16/f32/f64 only: a NaN operand
  is propagated quieted (the lhs first), a NaN an operation creates (inf - inf, 0 * inf)
  is the positive quiet NaN, `x + -0.0 -> x` but `x + 0.0` only with `nsz`; maximumf/
  minimumf propagate NaN and order -0.0 below +0.0, maxnumf/minnumf return the number.
- Casts fold only when exact or defined: truncf and extf only without loss of
  information (no rounding, no NaN payload lost, never a signaling NaN), fptosi/fptoui
  only when the truncated value fits, sitofp/uitofp always (rounding to nearest even).

One deliberate difference: MLIR's shift folders check the shift amount of the last
element only, so `shli dense<[1, 1]>, dense<[40, 1]>` folds to `dense<[0, 2]>` there;
here every element must be in range.
"""

from __future__ import annotations

import math
import operator
import struct
from collections.abc import Callable

import numpy as np

from irc.dialects import arith
from irc.dialects.constraints import scalar_of
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Value

FoldResult = list | None

# -- element values: integers as unsigned bit patterns, floats as FloatAttr doubles -----------

_FLOAT_NAMES = ("f16", "bf16", "f32", "f64")  # the formats folded exactly through doubles
_DEFAULT_NAN = float("nan")  # APFloat's default NaN: positive and quiet


def _width(t: T.Type) -> int:
    return 64 if isinstance(t, T.IndexType) else t.width


def _signed(value: int, width: int) -> int:
    return value - (1 << width) if value >> (width - 1) else value


def _double_bits(value: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", value))[0]


def _is_signaling(value: float) -> bool:
    """A NaN whose quiet bit is clear; payloads sit at the top of the double's mantissa
    (see irc.ir.attributes), so bit 51 is the quiet bit of every format."""
    return value != value and not _double_bits(value) >> 51 & 1


def _quiet(value: float) -> float:
    return struct.unpack("<d", struct.pack("<Q", _double_bits(value) | 1 << 51))[0]


def _foldable(t: T.Type) -> bool:
    element = scalar_of(t)
    if isinstance(element, T.FloatType):
        return element.name in _FLOAT_NAMES
    return isinstance(element, (T.IntegerType, T.IndexType))


def _elements(attr: A.Attribute | None) -> list | None:
    """The element values of a constant (one for scalars and splats), None if not one."""
    if isinstance(attr, A.IntegerAttr):
        return [attr.value & ((1 << _width(attr.type)) - 1)]
    if isinstance(attr, A.FloatAttr):
        return [attr.value] if attr.type.name in _FLOAT_NAMES else None
    if not isinstance(attr, A.DenseElementsAttr) or not _foldable(attr.type):
        return None
    element = attr.type.element_type
    flat = np.ascontiguousarray(attr.values if attr.splat else attr.to_array()).reshape(-1)
    if isinstance(element, T.FloatType):
        shift = flat.dtype.itemsize * 8 - element.width  # bf16 held in f32 storage
        bits = flat.view(f"u{flat.dtype.itemsize}")
        return [A.float_from_bits(int(b) >> shift, element) for b in bits]
    mask = (1 << _width(element)) - 1
    return [int(x) & mask for x in flat]


def _splat(attr: A.Attribute | None):
    """The value of a scalar constant or of a constant whose elements are all equal."""
    values = _elements(attr)
    if values is None or (len(values) != 1 and isinstance(attr, A.DenseElementsAttr)):
        return None
    return values[0]


def _storage(element: T.Type) -> tuple[np.dtype, int] | None:
    """How DenseElementsAttr stores `element` (as the parser does): dtype, bit shift."""
    if isinstance(element, T.IndexType):
        return np.dtype(np.int64), 0
    if isinstance(element, T.IntegerType):
        if element.width == 1:
            return np.dtype(np.bool_), 0
        for width in (8, 16, 32, 64):
            if element.width <= width:
                return np.dtype(f"i{width // 8}"), 0
        return np.dtype(object), 0
    if element.name == "bf16":
        try:
            import ml_dtypes

            return np.dtype(ml_dtypes.bfloat16), 0
        except ImportError:
            return np.dtype(np.float32), 16
    return np.dtype({"f16": np.float16, "f32": np.float32, "f64": np.float64}[element.name]), 0


def _rounded(value: float, element: T.FloatType) -> float:
    """`value` rounded to `element`; a result that rounds to zero keeps its sign
    (`irc.ir.attributes` rounds a bf16 underflow to +0.0 whatever the sign)."""
    rounded = A.round_to_type(value, element)
    return math.copysign(rounded, value) if rounded == 0 else rounded


def _make(t: T.Type, values: list) -> A.Attribute | None:
    """A constant of type `t` from element values (one value makes a splat)."""
    element = scalar_of(t)
    if isinstance(element, T.FloatType):
        values = [_rounded(v, element) for v in values]
    if not isinstance(t, T.ShapedType):
        if isinstance(element, T.FloatType):
            return A.FloatAttr(values[0], element)
        return A.IntegerAttr(values[0], element)
    if not isinstance(t, (T.VectorType, T.TensorType)) or not t.has_static_shape:
        return None
    dtype, shift = _storage(element)
    if isinstance(element, T.FloatType):
        bits = [A.float_to_bits(v, element) << shift for v in values]
        array = np.array(bits, dtype=f"u{dtype.itemsize}").view(dtype)
    elif dtype == np.bool_:
        array = np.array([v & 1 for v in values], dtype=dtype)
    else:
        array = np.array([A.normalize_int(v, element) for v in values], dtype=dtype)
    splat = len(values) == 1 and t.num_elements != 1
    return A.DenseElementsAttr(t, array, splat)


def _zero(t: T.Type) -> A.Attribute | None:
    return _make(t, [0.0 if isinstance(scalar_of(t), T.FloatType) else 0])


def _one(t: T.Type) -> A.Attribute | None:
    return _make(t, [1])


# -- constant folding: MLIR's constFoldBinaryOp, constFoldUnaryOp and constFoldCastOp ---------


def _binary(operands: list, result_type: T.Type, calc: Callable) -> A.Attribute | None:
    """`calc(a, b)` over two constants of one type, elementwise; None if any element
    does not fold (calc gives None), if an operand is not constant or types differ."""
    lhs, rhs = operands
    if lhs is None or rhs is None or lhs.type is not rhs.type:
        return None
    if isinstance(lhs, A.DenseElementsAttr) != isinstance(rhs, A.DenseElementsAttr):
        return None
    left, right = _elements(lhs), _elements(rhs)
    if left is None or right is None:
        return None
    if len(left) != len(right):  # a splat against a dense list
        count = lhs.type.num_elements
        left, right = left * (count // len(left)), right * (count // len(right))
    results = [calc(a, b) for a, b in zip(left, right, strict=True)]
    return None if None in results else _make(result_type, results)


def _unary(operand, result_type: T.Type, calc: Callable) -> A.Attribute | None:
    """`calc(a)` over a constant, elementwise; None if any element does not fold."""
    values = _elements(operand)
    if values is None or not _foldable(result_type):
        return None
    results = [calc(a) for a in values]
    return None if None in results else _make(result_type, results)


def _ints(calc: Callable, op) -> Callable:
    """`calc(a, b, width)` on unsigned bit patterns, for elements of op's operands."""
    width = _width(scalar_of(op.operands[0].type))
    return lambda a, b: calc(a, b, width)


def _int_binary(calc: Callable, *identities: Callable, integers: bool = True) -> Callable:
    """A folder: the identities in order (each `rule(op, operands)` gives a Value, an
    Attribute or None), then constant folding with `calc(a, b, width)` (for floats,
    `calc(a, b)` on doubles)."""

    def fold(op, operands) -> FoldResult:
        for identity in identities:
            found = identity(op, operands)
            if found is not None:
                return [found]
        elementwise = _ints(calc, op) if integers else calc
        folded = _binary(operands, op.results[0].type, elementwise)
        return None if folded is None else [folded]

    return fold


def _float_binary(calc: Callable, *identities: Callable) -> Callable:
    return _int_binary(calc, *identities, integers=False)


# -- identities: small rules over an op and its constant operands -----------------------------


def _lhs(op, operands) -> Value:
    return op.operands[0]


def _rhs(op, operands) -> Value:
    return op.operands[1]


def _zero_result(op, operands) -> A.Attribute | None:
    return _zero(op.results[0].type)


def _one_result(op, operands) -> A.Attribute | None:
    return _one(op.results[0].type)


def _int_operand(index: int, test: Callable, answer: Callable) -> Callable:
    """When operand `index` is an integer constant (or splat) `v` with `test(v, width)`:
    answer."""

    def rule(op, operands):
        value = _splat(operands[index])
        if isinstance(value, int) and test(value, _width(scalar_of(op.operands[index].type))):
            return answer(op, operands)
        return None

    return rule


def _rhs_int(test: Callable, answer: Callable) -> Callable:
    return _int_operand(1, test, answer)


def _lhs_int(test: Callable, answer: Callable) -> Callable:
    return _int_operand(0, test, answer)


def _rhs_float(test: Callable, answer: Callable, flags: int = 0) -> Callable:
    """When the rhs is a float constant (or splat) `v` with `test(v)` and the op's
    fastmath flags include `flags`: answer."""

    def rule(op, operands):
        value = _splat(operands[1])
        fastmath = op.properties.get("fastmath")
        present = fastmath.bits if fastmath is not None else 0
        if isinstance(value, float) and test(value) and present & flags == flags:
            return answer(op, operands)
        return None

    return rule


def _same_operands(answer: Callable) -> Callable:
    """When both operands are the same value: answer."""

    def rule(op, operands):
        lhs, rhs = op.operands
        return answer(op, operands) if lhs is rhs else None

    return rule


def _defining(value: Value, op_class: type):
    owner = getattr(value, "op", None)
    return owner if isinstance(owner, op_class) else None


def _is_zero(v: int, width: int) -> bool:
    return v == 0


def _is_one(v: int, width: int) -> bool:
    return v == 1


def _is_all_ones(v: int, width: int) -> bool:
    return v == (1 << width) - 1


def _is_min_signed(v: int, width: int) -> bool:
    return v == 1 << (width - 1)


def _is_max_signed(v: int, width: int) -> bool:
    return v == (1 << (width - 1)) - 1


def _is_pos_zero(v: float) -> bool:
    return v == 0 and math.copysign(1, v) > 0


def _is_neg_zero(v: float) -> bool:
    return v == 0 and math.copysign(1, v) < 0


NSZ = arith.FastMathAttr.FLAGS["nsz"]
NNAN = arith.FastMathAttr.FLAGS["nnan"]
CONTRACT = arith.FastMathAttr.FLAGS["contract"]

# -- integer arithmetic -----------------------------------------------------------------------


def _wrap(calc: Callable) -> Callable:
    """An operation defined for every pair (its result wraps to the width)."""
    return lambda a, b, width: calc(a, b)


def _unsigned_division(calc: Callable) -> Callable:
    """An unsigned division or remainder; no fold for a zero divisor."""
    return lambda a, b, width: calc(a, b) if b else None


def _trunc_div(x: int, y: int) -> int:
    return abs(x) // abs(y) * (1 if (x < 0) == (y < 0) else -1)


def _trunc_rem(x: int, y: int) -> int:
    """C's remainder: the sign of the dividend (INT_MIN % -1 is 0)."""
    return abs(x) % abs(y) * (1 if x >= 0 else -1)


def _signed_fits(calc: Callable) -> Callable:
    """A signed division folded only for a divisor other than zero and when its exact
    result fits the width (INT_MIN / -1 does not)."""

    def checked(a: int, b: int, width: int) -> int | None:
        x, y = _signed(a, width), _signed(b, width)
        if y == 0:
            return None
        result = calc(x, y)
        fits = -(1 << (width - 1)) <= result < 1 << (width - 1)
        return result if fits else None

    return checked


def _shift(calc: Callable) -> Callable:
    """A shift folded only when the amount (unsigned) is below the width."""
    return lambda a, b, width: calc(a, b, width) if b < width else None


def _signed_pick(pick: Callable) -> Callable:
    return lambda a, b, width: pick(_signed(a, width), _signed(b, width))


def _unsigned_pick(pick: Callable) -> Callable:
    return lambda a, b, width: pick(a, b)


def _add_of_sub(op, operands):
    lhs, rhs = op.operands
    sub = _defining(lhs, arith.SubIOp)
    if sub is not None and sub.operands[1] is rhs:  # addi(subi(a, b), b) -> a
        return sub.operands[0]
    sub = _defining(rhs, arith.SubIOp)
    if sub is not None and sub.operands[1] is lhs:  # addi(b, subi(a, b)) -> a
        return sub.operands[0]
    return None


def _sub_of_add(op, operands):
    lhs, rhs = op.operands
    add = _defining(lhs, arith.AddIOp)
    if add is not None and add.operands[1] is rhs:  # subi(addi(a, b), b) -> a
        return add.operands[0]
    if add is not None and add.operands[0] is rhs:  # subi(addi(a, b), a) -> b
        return add.operands[1]
    sub = _defining(rhs, arith.SubIOp)
    if sub is not None and sub.operands[0] is lhs:  # subi(a, subi(a, b)) -> b
        return sub.operands[1]
    return None


def _div_of_mul(flag: str) -> Callable:
    """(a * b) / b -> a, when the multiplication promises no wrap (`flag`)."""
    bit = arith.OverflowAttr.FLAGS[flag]

    def rule(op, operands):
        lhs, rhs = op.operands
        mul = _defining(lhs, arith.MulIOp)
        if mul is None or not mul.properties["overflowFlags"].bits & bit:
            return None
        if mul.operands[0] is rhs:
            return mul.operands[1]
        return mul.operands[0] if mul.operands[1] is rhs else None

    return rule


def _not_of(value: Value, other: Value) -> Value | None:
    """`xori(other, all-ones)`'s all-ones operand when `value` is that (a not of other)."""
    xor = _defining(value, arith.XOrIOp)
    if xor is None or xor.operands[0] is not other:
        return None
    ones = _constant_splat(xor.operands[1])
    width = _width(scalar_of(other.type))
    return xor.operands[1] if ones is not None and _is_all_ones(ones, width) else None


def _constant_splat(value: Value):
    owner = getattr(value, "op", None)
    if isinstance(owner, arith.ConstantOp):
        return _splat(owner.properties.get("value"))
    return None


def _and_of_not(op, operands):
    lhs, rhs = op.operands
    if _not_of(rhs, lhs) is not None or _not_of(lhs, rhs) is not None:
        return _zero(op.results[0].type)  # and(x, not(x)) -> 0, and(not(x), x) -> 0
    return None


def _or_of_not(op, operands):
    lhs, rhs = op.operands
    return _not_of(rhs, lhs) or _not_of(lhs, rhs)  # or(x, not(x)) -> all ones


def _absorbed(op_class: type) -> Callable:
    """op(a, op(a, b)) -> op(a, b), either operand order inside and out (and, or)."""

    def rule(op, operands):
        lhs, rhs = op.operands
        for inner, other in ((lhs, rhs), (rhs, lhs)):
            found = _defining(inner, op_class)
            if found is not None and other in found.operands:
                return inner
        return None

    return rule


def _xor_of_xor(op, operands):
    lhs, rhs = op.operands
    prev = _defining(lhs, arith.XOrIOp)
    if prev is not None and prev.operands[1] is rhs:  # xor(xor(x, a), a) -> x
        return prev.operands[0]
    if prev is not None and prev.operands[0] is rhs:  # xor(xor(a, x), a) -> x
        return prev.operands[1]
    prev = _defining(rhs, arith.XOrIOp)
    if prev is not None and prev.operands[1] is lhs:  # xor(a, xor(x, a)) -> x
        return prev.operands[0]
    if prev is not None and prev.operands[0] is lhs:  # xor(a, xor(a, x)) -> x
        return prev.operands[1]
    return None


def _idempotent(op, operands):
    """op(x, x) -> x, a trait fold that MLIR tries after the op's own: a constant x
    folds to a new constant first (which canonicalize materializes where the op was)."""
    lhs, rhs = op.operands
    return lhs if lhs is rhs and operands[0] is None else None


def _division(calc: Callable, *identities: Callable) -> Callable:
    """A division: x / 1 -> x, then 0 / x -> 0, x / x -> 1, then `identities`."""
    return _int_binary(
        calc,
        _rhs_int(_is_one, _lhs),  # x / 1 -> x
        _lhs_int(_is_zero, _lhs),  # 0 / x -> 0
        _same_operands(_one_result),  # x / x -> 1
        *identities,
    )


def _remainder(calc: Callable) -> Callable:
    """A remainder: x % 1 -> 0, 0 % x -> 0, x % x -> 0."""
    return _int_binary(
        calc,
        _rhs_int(_is_one, _zero_result),  # x % 1 -> 0
        _lhs_int(_is_zero, _lhs),  # 0 % x -> 0
        _same_operands(_zero_result),  # x % x -> 0
    )


_INTEGER_FOLDERS = {
    arith.AddIOp: _int_binary(
        _wrap(operator.add),
        _rhs_int(_is_zero, _lhs),  # addi(x, 0) -> x
        _add_of_sub,
    ),
    arith.SubIOp: _int_binary(
        _wrap(operator.sub),
        _same_operands(_zero_result),  # subi(x, x) -> 0
        _rhs_int(_is_zero, _lhs),  # subi(x, 0) -> x
        _sub_of_add,
    ),
    arith.MulIOp: _int_binary(
        _wrap(operator.mul),
        _rhs_int(_is_zero, _rhs),  # muli(x, 0) -> 0
        _rhs_int(_is_one, _lhs),  # muli(x, 1) -> x
    ),
    arith.DivSIOp: _division(
        _signed_fits(_trunc_div),
        _div_of_mul("nsw"),  # (a * b) / b -> a when the product has nsw
    ),
    arith.DivUIOp: _division(
        _unsigned_division(operator.floordiv),
        _div_of_mul("nuw"),  # (a * b) / b -> a when the product has nuw
    ),
    arith.CeilDivSIOp: _division(_signed_fits(lambda x, y: -(-x // y))),
    arith.CeilDivUIOp: _division(_unsigned_division(lambda a, b: -(-a // b))),
    arith.FloorDivSIOp: _division(_signed_fits(operator.floordiv)),
    arith.RemSIOp: _remainder(_signed_fits(_trunc_rem)),
    arith.RemUIOp: _remainder(_unsigned_division(operator.mod)),
    arith.AndIOp: _int_binary(
        _wrap(operator.and_),
        _rhs_int(_is_zero, _rhs),  # and(x, 0) -> 0
        _rhs_int(_is_all_ones, _lhs),  # and(x, -1) -> x
        _and_of_not,
        _absorbed(arith.AndIOp),
        _idempotent,  # and(x, x) -> x (MLIR's Idempotent trait)
    ),
    arith.OrIOp: _int_binary(
        _wrap(operator.or_),
        _rhs_int(_is_zero, _lhs),  # or(x, 0) -> x
        _rhs_int(_is_all_ones, _rhs),  # or(x, -1) -> -1
        _or_of_not,
        _absorbed(arith.OrIOp),
        _idempotent,  # or(x, x) -> x (MLIR's Idempotent trait)
    ),
    arith.XOrIOp: _int_binary(
        _wrap(operator.xor),
        _rhs_int(_is_zero, _lhs),  # xor(x, 0) -> x
        _same_operands(_zero_result),  # xor(x, x) -> 0
        _xor_of_xor,
    ),
    arith.ShLIOp: _int_binary(
        _shift(lambda a, b, width: a << b),
        _rhs_int(_is_zero, _lhs),  # shli(x, 0) -> x
        _lhs_int(_is_zero, _lhs),  # shli(0, x) -> 0
    ),
    arith.ShRUIOp: _int_binary(
        _shift(lambda a, b, width: a >> b),
        _rhs_int(_is_zero, _lhs),  # shrui(x, 0) -> x
        _same_operands(_zero_result),  # shrui(x, x) -> 0 (x < width is needed, x < 2^x)
        _lhs_int(_is_zero, _lhs),  # shrui(0, x) -> 0
    ),
    arith.ShRSIOp: _int_binary(
        _shift(lambda a, b, width: _signed(a, width) >> b),
        _rhs_int(_is_zero, _lhs),  # shrsi(x, 0) -> x
        _same_operands(_zero_result),  # shrsi(x, x) -> 0
        _lhs_int(_is_zero, _lhs),  # shrsi(0, x) -> 0
        _lhs_int(_is_all_ones, _lhs),  # shrsi(-1, x) -> -1
    ),
    arith.MaxSIOp: _int_binary(
        _signed_pick(max),
        _same_operands(_lhs),  # maxsi(x, x) -> x
        _rhs_int(_is_max_signed, _rhs),  # maxsi(x, MAX) -> MAX
        _rhs_int(_is_min_signed, _lhs),  # maxsi(x, MIN) -> x
    ),
    arith.MaxUIOp: _int_binary(
        _unsigned_pick(max),
        _same_operands(_lhs),  # maxui(x, x) -> x
        _rhs_int(_is_all_ones, _rhs),  # maxui(x, UMAX) -> UMAX
        _rhs_int(_is_zero, _lhs),  # maxui(x, 0) -> x
    ),
    arith.MinSIOp: _int_binary(
        _signed_pick(min),
        _same_operands(_lhs),  # minsi(x, x) -> x
        _rhs_int(_is_min_signed, _rhs),  # minsi(x, MIN) -> MIN
        _rhs_int(_is_max_signed, _lhs),  # minsi(x, MAX) -> x
    ),
    arith.MinUIOp: _int_binary(
        _unsigned_pick(min),
        _same_operands(_lhs),  # minui(x, x) -> x
        _rhs_int(_is_zero, _rhs),  # minui(x, 0) -> 0
        _rhs_int(_is_all_ones, _lhs),  # minui(x, UMAX) -> x
    ),
}

# -- float arithmetic -------------------------------------------------------------------------


def _ieee(calc: Callable) -> Callable:
    """An APFloat operation: a NaN operand comes out quieted (the lhs before the rhs); a
    NaN the operation makes (inf - inf, 0 * inf, x % 0) is the default NaN. The double
    result is rounded once more to the type by FloatAttr, which is exact for + - * / %:
    a double holds the f32/f16/bf16 result before that rounding (53 >= 2 * 24 + 2)."""

    def apply(a: float, b: float) -> float:
        if a != a:
            return _quiet(a)
        if b != b:
            return _quiet(b)
        with np.errstate(all="ignore"):
            result = float(calc(np.float64(a), np.float64(b)))
        return _DEFAULT_NAN if result != result else result

    return apply


def _max_min(larger: bool, propagate: bool) -> Callable:
    """llvm::maximum/minimum (propagate: a NaN operand wins, quieted) and llvm::maxnum/
    minnum (the number wins over a quiet NaN; a signaling NaN gives itself quieted);
    both order -0.0 below +0.0."""

    def pick(a: float, b: float) -> float:
        if propagate and (a != a or b != b):
            return _quiet(a if a != a else b)
        if not propagate and (_is_signaling(a) or _is_signaling(b)):
            return _quiet(a if _is_signaling(a) else b)
        if a != a or b != b:
            return b if a != a else a
        if a == b == 0:
            a_first = (math.copysign(1, a) > 0) == larger
            return a if a_first else b
        return (a if a > b else b) if larger else (a if a < b else b)

    return pick


def _negate(a: float) -> float:
    """Flip the sign bit, NaNs included (APFloat::changeSign does not quiet)."""
    return struct.unpack("<d", struct.pack("<Q", _double_bits(a) ^ 1 << 63))[0]


def _fold_negf(op, operands) -> FoldResult:
    inner = _defining(op.operands[0], arith.NegFOp)
    if inner is not None:  # negf(negf(x)) -> x
        return [inner.operands[0]]
    folded = _unary(operands[0], op.results[0].type, _negate)
    return None if folded is None else [folded]


_FLOAT_FOLDERS = {
    arith.AddFOp: _float_binary(
        _ieee(operator.add),
        _rhs_float(_is_neg_zero, _lhs),  # addf(x, -0.0) -> x
        _rhs_float(_is_pos_zero, _lhs, NSZ),  # addf(x, +0.0) -> x with nsz
    ),
    arith.SubFOp: _float_binary(
        _ieee(operator.sub),
        _rhs_float(_is_pos_zero, _lhs),  # subf(x, +0.0) -> x
        _rhs_float(_is_neg_zero, _lhs, NSZ),  # subf(x, -0.0) -> x with nsz
    ),
    arith.MulFOp: _float_binary(
        _ieee(operator.mul),
        _rhs_float(lambda v: v == 1, _lhs),  # mulf(x, 1.0) -> x
        _rhs_float(lambda v: v == 0, _rhs, NNAN | NSZ),  # mulf(x, 0.0) -> 0.0 with nnan nsz
    ),
    arith.DivFOp: _float_binary(
        _ieee(operator.truediv),
        _rhs_float(lambda v: v == 1, _lhs),  # divf(x, 1.0) -> x
    ),
    arith.RemFOp: _float_binary(_ieee(np.fmod)),  # C fmod: the sign of the dividend
    arith.MaximumFOp: _float_binary(
        _max_min(larger=True, propagate=True),
        _same_operands(_lhs),  # maximumf(x, x) -> x
        _rhs_float(lambda v: v == -math.inf, _lhs),  # maximumf(x, -inf) -> x
    ),
    arith.MinimumFOp: _float_binary(
        _max_min(larger=False, propagate=True),
        _same_operands(_lhs),  # minimumf(x, x) -> x
        _rhs_float(lambda v: v == math.inf, _lhs),  # minimumf(x, +inf) -> x
    ),
    arith.MaxNumFOp: _float_binary(
        _max_min(larger=True, propagate=False),
        _same_operands(_lhs),  # maxnumf(x, x) -> x
        _rhs_float(lambda v: v != v, _lhs),  # maxnumf(x, NaN) -> x
    ),
    arith.MinNumFOp: _float_binary(
        _max_min(larger=False, propagate=False),
        _same_operands(_lhs),  # minnumf(x, x) -> x
        _rhs_float(lambda v: v != v, _lhs),  # minnumf(x, NaN) -> x
    ),
    arith.NegFOp: _fold_negf,
}

# -- comparisons and select -------------------------------------------------------------------

_CMPI = {
    "eq": lambda x, y: x == y,
    "ne": lambda x, y: x != y,
    "lt": lambda x, y: x < y,
    "le": lambda x, y: x <= y,
    "gt": lambda x, y: x > y,
    "ge": lambda x, y: x >= y,
}
_SWAPPED = {"slt": "sgt", "sgt": "slt", "sle": "sge", "sge": "sle", "ult": "ugt", "ugt": "ult"}
_SWAPPED.update({"ule": "uge", "uge": "ule", "eq": "eq", "ne": "ne"})


def _predicate(op, names: tuple[str, ...]) -> str:
    return names[op.properties["predicate"].value]


def _cmpi(predicate: str) -> Callable:
    """`predicate` on bit patterns: signed (s..), unsigned (u..) or equality."""
    compare = _CMPI[predicate[-2:]]
    if predicate[0] == "s":
        return lambda a, b, width: int(compare(_signed(a, width), _signed(b, width)))
    return lambda a, b, width: int(compare(a, b))


def _fold_cmpi(op, operands) -> FoldResult:
    predicate = _predicate(op, arith.CMPI_PREDICATES)
    lhs, rhs = op.operands
    result_type = op.results[0].type
    if lhs is rhs:  # cmpi(x, x): true for eq, sle, sge, ule, uge
        found = _make(result_type, [int(predicate in ("eq", "sle", "sge", "ule", "uge"))])
        return None if found is None else [found]
    found = _cmpi_with_bool(op, operands, predicate)
    if found is not None:
        return [found]
    if operands[0] is not None and operands[1] is None:  # constant to the right, in place
        op.properties["predicate"] = A.IntegerAttr(
            arith.CMPI_PREDICATES.index(_SWAPPED[predicate]), T.I64
        )
        op.set_operands([rhs, lhs])
        return list(op.results)
    folded = _binary(operands, result_type, _ints(_cmpi(predicate), op))
    return None if folded is None else [folded]


def _cmpi_with_bool(op, operands, predicate: str) -> Value | None:
    """Comparisons of i1 values, and of i1 values extended, that are the value itself."""
    lhs = op.operands[0]
    rhs = _splat(operands[1])
    is_bool = scalar_of(lhs.type) is T.I1
    if rhs == 0 and predicate == "ne":
        for cast in (arith.ExtSIOp, arith.ExtUIOp):  # ext(x : i1) != 0 -> x
            ext = _defining(lhs, cast)
            source = ext.operands[0].type if ext is not None else None
            if isinstance(source, (T.IntegerType, T.VectorType)) and scalar_of(source) is T.I1:
                return ext.operands[0]  # (MLIR looks through vectors only, not tensors)
        return lhs if is_bool else None  # cmpi ne, x, false -> x
    if rhs == 1 and predicate == "eq" and is_bool:  # cmpi eq, x, true -> x
        return lhs
    return None


_CMPF = {
    "false": lambda a, b: False,
    "oeq": lambda a, b: a == b,
    "ogt": lambda a, b: a > b,
    "oge": lambda a, b: a >= b,
    "olt": lambda a, b: a < b,
    "ole": lambda a, b: a <= b,
    "one": lambda a, b: a < b or a > b,
    "ord": lambda a, b: a == a and b == b,
    "ueq": lambda a, b: not (a < b or a > b),
    "ugt": lambda a, b: not a <= b,
    "uge": lambda a, b: not a < b,
    "ult": lambda a, b: not a >= b,
    "ule": lambda a, b: not a > b,
    "une": lambda a, b: a != b,
    "uno": lambda a, b: a != a or b != b,
    "true": lambda a, b: True,
}


def _fold_cmpf(op, operands) -> FoldResult:
    """Scalars only, as MLIR; a NaN on one side decides every predicate alone."""
    lhs, rhs = (a if isinstance(a, A.FloatAttr) else None for a in operands)
    if lhs is not None and lhs.value != lhs.value:
        rhs = lhs
    if rhs is not None and rhs.value != rhs.value:
        lhs = rhs
    if lhs is None or rhs is None:
        return None
    compare = _CMPF[_predicate(op, arith.CMPF_PREDICATES)]
    return [A.BoolAttr(compare(lhs.value, rhs.value))]


def _fold_select(op, operands) -> FoldResult:
    condition, true_value, false_value = op.operands
    if true_value is false_value:  # select(c, x, x) -> x
        return [true_value]
    chosen = _splat(operands[0])
    if chosen is not None:  # select(true, a, b) -> a; select(false, a, b) -> b
        return [true_value if chosen else false_value]
    result_type = op.results[0].type
    if result_type is T.I1 and _splat(operands[1]) == 1 and _splat(operands[2]) == 0:
        return [condition]  # select(c, true, false) -> c
    compare = _defining(condition, arith.CmpIOp)
    if compare is not None:
        predicate = _predicate(compare, arith.CMPI_PREDICATES)
        if predicate in ("eq", "ne") and set(compare.operands) == {true_value, false_value}:
            return [true_value if predicate == "ne" else false_value]  # select(a == b, a, b) -> b
    return _select_elements(operands, result_type)


def _select_elements(operands, result_type: T.Type) -> FoldResult:
    """select of a constant mask between two constants, elementwise."""
    mask, on_true, on_false = operands
    if not all(isinstance(a, A.DenseElementsAttr) for a in operands):
        return None
    picks, left, right = _elements(mask), _elements(on_true), _elements(on_false)
    if picks is None or left is None or right is None:
        return None
    count = result_type.num_elements
    picks, left, right = (v * (count // len(v)) for v in (picks, left, right))
    folded = _make(result_type, [a if c else b for c, a, b in zip(picks, left, right, strict=True)])
    return None if folded is None else [folded]


# -- casts ------------------------------------------------------------------------------------


def _cast(calc: Callable, *identities: Callable) -> Callable:
    """A cast folder: identities (a Value replaces the result, a list is an in-place
    fold), then `calc(value, source_element, target_element)` over the constant's
    elements (None: does not fold)."""

    def fold(op, operands) -> FoldResult:
        for identity in identities:
            found = identity(op, operands)
            if found is not None:
                return found if isinstance(found, list) else [found]
        source = scalar_of(op.operands[0].type)
        target = op.results[0].type
        if not _foldable(op.operands[0].type):
            return None
        found = _unary(operands[0], target, lambda v: calc(v, source, scalar_of(target)))
        return None if found is None else [found]

    return fold


def _sext(value: int, source: T.Type, target: T.Type) -> int:
    return _signed(value, _width(source))


def _zext(value: int, source: T.Type, target: T.Type) -> int:
    return value


def _int_to_float(signed: bool) -> Callable:
    def convert(value: int, source: T.Type, target: T.Type) -> float:
        number = _signed(value, _width(source)) if signed else value
        return _round_int(number, target)

    return convert


def _round_int(number: int, target: T.FloatType) -> float:
    """`number` rounded once, to nearest even, to the precision of `target` (then its
    range: FloatAttr makes an overflow infinite)."""
    extra = abs(number).bit_length() - target.precision
    if extra > 0:  # keep `precision` significant bits, ties to even, in integers
        quotient, remainder = divmod(abs(number), 1 << extra)
        half = 1 << (extra - 1)
        if remainder > half or (remainder == half and quotient & 1):
            quotient += 1
        number = (quotient << extra) * (1 if number >= 0 else -1)
    try:
        return float(number)
    except OverflowError:
        return math.copysign(math.inf, number)


def _float_to_int(signed: bool) -> Callable:
    """Truncation toward zero; no fold for NaN, infinity or a value out of range."""

    def convert(value: float, source: T.Type, target: T.Type) -> int | None:
        if not math.isfinite(value):
            return None
        number, width = math.trunc(value), _width(target)
        low, high = (-(1 << (width - 1)), 1 << (width - 1)) if signed else (0, 1 << width)
        return number if low <= number < high else None

    return convert


def _exact_float(value: float, source: T.Type, target: T.FloatType) -> float | None:
    """The value in `target` when the conversion loses nothing (convertFloatValue)."""
    if target.name not in _FLOAT_NAMES or _is_signaling(value):
        return None
    converted = A.FloatAttr(value, target).value
    return converted if _double_bits(converted) == _double_bits(value) else None


def _bitcast(value, source: T.Type, target: T.Type):
    bits = A.float_to_bits(value, source) if isinstance(source, T.FloatType) else value
    return A.float_from_bits(bits, target) if isinstance(target, T.FloatType) else bits


def _in_place(op, value: Value) -> list:
    op.set_operands([value])
    return list(op.results)


def _ext_of_ext(cast: type) -> Callable:
    """ext(ext(x)) -> ext(x), in place."""

    def rule(op, operands):
        inner = _defining(op.operands[0], cast)
        return _in_place(op, inner.operands[0]) if inner is not None else None

    return rule


def _trunc_of_cast(op, operands):
    value = op.operands[0]
    ext = _defining(value, arith.ExtUIOp) or _defining(value, arith.ExtSIOp)
    if ext is not None:
        source = ext.operands[0]
        source_width = _width(scalar_of(source.type))
        result_width = _width(scalar_of(op.results[0].type))
        if source_width > result_width:  # trunci(ext(a)) -> trunci(a), in place
            return _in_place(op, source)
        if source.type is op.results[0].type:  # trunci(ext(a)) -> a
            return source
    inner = _defining(value, arith.TruncIOp)
    if inner is not None:  # trunci(trunci(a)) -> trunci(a), in place
        return _in_place(op, inner.operands[0])
    return None


def _ext_of_trunc(op, operands):
    """extf(truncf(x)) -> x when both allow `contract`."""
    trunc = _defining(op.operands[0], arith.TruncFOp)
    if trunc is None or trunc.operands[0].type is not op.results[0].type:
        return None
    flags = [o.properties.get("fastmath") for o in (trunc, op)]
    if all(f is not None and f.bits & CONTRACT for f in flags):
        return trunc.operands[0]
    return None


def _cast_of_cast(cast: type) -> Callable:
    """index_cast(index_cast(x : A) : B) : A -> x when B is at least as wide as A."""

    def rule(op, operands):
        inner = _defining(op.operands[0], cast)
        if inner is None or inner.operands[0].type is not op.results[0].type:
            return None
        x = inner.operands[0]
        if _width(scalar_of(inner.results[0].type)) >= _width(scalar_of(x.type)):
            return x
        return None

    return rule


def _fold_bitcast(op, operands) -> FoldResult:
    if op.operands[0].type is op.results[0].type:  # bitcast to the same type -> x
        return [op.operands[0]]
    operand = operands[0]
    if isinstance(op.results[0].type, T.ShapedType) != isinstance(operand, A.DenseElementsAttr):
        return None
    return _cast(_bitcast)(op, operands)


_CAST_FOLDERS = {
    arith.ExtUIOp: _cast(_zext, _ext_of_ext(arith.ExtUIOp)),  # extui(extui(x)) -> extui(x)
    arith.ExtSIOp: _cast(_sext, _ext_of_ext(arith.ExtSIOp)),  # extsi(extsi(x)) -> extsi(x)
    arith.TruncIOp: _cast(_zext, _trunc_of_cast),
    arith.IndexCastOp: _cast(_sext, _cast_of_cast(arith.IndexCastOp)),
    arith.IndexCastUIOp: _cast(_zext, _cast_of_cast(arith.IndexCastUIOp)),
    arith.SIToFPOp: _cast(_int_to_float(signed=True)),
    arith.UIToFPOp: _cast(_int_to_float(signed=False)),
    arith.FPToSIOp: _cast(_float_to_int(signed=True)),
    arith.FPToUIOp: _cast(_float_to_int(signed=False)),
    arith.ExtFOp: _cast(_exact_float, _ext_of_trunc),  # extf(truncf(x)) -> x with contract
    arith.TruncFOp: _cast(_exact_float),  # exact only, whatever the rounding mode
    arith.BitcastOp: _fold_bitcast,
}

# -- multi-result ops -------------------------------------------------------------------------


def _fold_addui_extended(op, operands) -> FoldResult:
    sum_type, overflow_type = (r.type for r in op.results)
    if _splat(operands[1]) == 0:  # addui_extended(x, 0) -> x, false
        return [op.operands[0], _zero(overflow_type)]
    width = _width(scalar_of(sum_type))
    total = _binary(operands, sum_type, lambda a, b: (a + b) & ((1 << width) - 1))
    carry = _binary(operands, overflow_type, lambda a, b: int(a + b >> width))
    return None if total is None or carry is None else [total, carry]


def _mul_extended(signed: bool) -> Callable:
    """Both halves of the double-width product; x * 0 -> 0, 0 (and unsigned x * 1 -> x, 0)."""

    def fold(op, operands) -> FoldResult:
        if _splat(operands[1]) == 0:
            return [op.operands[1], op.operands[1]]
        result_type = op.results[0].type
        if not signed and _splat(operands[1]) == 1:
            return [op.operands[0], _zero(result_type)]
        width = _width(scalar_of(result_type))

        def product(a: int, b: int) -> int:
            return _signed(a, width) * _signed(b, width) if signed else a * b

        low = _binary(operands, result_type, lambda a, b: product(a, b) & ((1 << width) - 1))
        high = _binary(operands, result_type, lambda a, b: product(a, b) >> width)
        return None if low is None else [low, high]

    return fold


def _fold_constant(op, operands) -> FoldResult:
    return [op.properties["value"]]


FOLDERS: dict[type, Callable] = {
    arith.ConstantOp: _fold_constant,
    **_INTEGER_FOLDERS,
    **_FLOAT_FOLDERS,
    arith.CmpIOp: _fold_cmpi,
    arith.CmpFOp: _fold_cmpf,
    arith.SelectOp: _fold_select,
    **_CAST_FOLDERS,
    arith.AddUIExtendedOp: _fold_addui_extended,
    arith.MulSIExtendedOp: _mul_extended(signed=True),
    arith.MulUIExtendedOp: _mul_extended(signed=False),
}


def materialize_constant(value: A.Attribute, t: T.Type) -> arith.ConstantOp | None:
    """The op that defines a folded constant: `arith.constant`, when it can hold `value`
    (MLIR's ArithDialect::materializeConstant); None otherwise."""
    if not isinstance(value, (A.IntegerAttr, A.FloatAttr, A.DenseElementsAttr)):
        return None
    if value.type is not t:
        return None
    element = scalar_of(t)
    if isinstance(element, T.IntegerType) and not element.is_signless:
        return None
    return arith.ConstantOp([], [t], {"value": value})


__all__ = ["FOLDERS", "materialize_constant"]
