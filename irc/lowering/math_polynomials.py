"""math-polynomial-approximation: f32 math functions and f64 exp as polynomials over arith ops.

LLVM lowers `math.exp`, `math.log`, `math.tanh`, ... to calls of the scalar C library,
which stops loop vectorization. This pass replaces each f32 one, and f64 `math.exp`
(scalar, vector or statically shaped tensor), by straight-line code of `arith` ops (`addf`,
`mulf`, `divf`, `select`, `cmpf`, `bitcast`, integer shifts) and the math ops LLVM has as
vectorizable intrinsics (`math.fma`, `math.floor`, `math.absf`, `math.copysign`): no
branches, no calls. Other element types (f16, bf16, f64 but for exp) are left alone, as is
an op on a tensor of dynamic shape (no splat constant can be built for it; the pass says
so with a remark). f64 exp is there because the nn lowering computes sigmoid, logsumexp
and the softmax family of other types than f32 with f64 exp (f32 widened and rounded
once), which kept those loops scalar (f32 softmax, log_softmax and softmax_cross_entropy
take f32 exps of an argument split in two: irc/lowering/nn_to_linalg/reduce.py).

How each function is computed (minimax-like coefficients fit by iteratively reweighted
least squares on Chebyshev grids in float64 against mpmath, rounded to f32 one at a time
with the rest refit):

    exp, exp2   x = k ln2 + r (Cody-Waite, fma), |r| <= ln2/2; exp(r) = 1 + r + r^2 Q(r);
                the result scaled by 2^k as two exact powers of two, so that results
                in the subnormal range are rounded once
    f64 exp     the same in f64: ln2 split in two doubles (the first fma exact), Q the
                Taylor polynomial to r^13 (remainder 4e-18), 1 + r + r^2 Q(r) summed as
                (1 + r) + (its rounding error + r^2 Q(r)); x clamped to [-746, 710], so
                k in [-1077, 1025] and 2^k as 2^floor(k/2) 2^(k - floor(k/2))
    expm1       as exp, then 2^k (1 + e) - 1 rounded once as 2 * fma(2^(k-1), e, 2^(k-1) - 1/2)
    log family  x = 2^n (1 + f), 1 + f in [sqrt(1/2), sqrt(2)) from the bits (subnormals
                scaled by 2^23 first); log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)),
                s = f / (2 + f), kept as a (hi, lo) pair; then n log_b(2) + log_b(e) log(1 + f)
                with both constants split in two; log1p adds the rounding error of 1 + x
    tanh        x + x^3 P(x^2) for |x| < 0.625, else 1 - 2 / (exp(2|x|) + 1) with the sign of x
    erf         one Horner evaluation whose coefficients are selected by |x|:
                |x| + |x| P(x^2) below 1, 1 - erfc polynomials in |x| - c on [1, 2.25) and
                [2.25, 4]; 1 above 4; the sign of x
    sin, cos    x = q pi/2 + r (Cody-Waite, three-part pi/2 with fma), |r| <= pi/4;
                r + r^3 S(r^2) and 1 - r^2/2 + r^4 C(r^2), chosen and negated by q mod 4

Special values are numpy's: exp overflows to inf and underflows through the subnormals to
0, exp(-inf) = 0, expm1(-inf) = -1; log(0) = -inf, log(x < 0) = nan, log(inf) = inf,
log1p(-1) = -inf; tanh(+-inf) = +-1, erf(+-inf) = +-1; sin and cos of inf are nan; a nan
operand gives a nan; signed zeros are kept (expm1, log1p, tanh, erf and sin of -0 are -0).

Accuracy: the largest distance in ulps from the correctly rounded result (numpy's float64
functions and a float64 erf, rounded to f32). Checked once on all 2^32 f32 inputs, and in
the tests
(tests/lowering/test_math_polynomials.py) on random bit patterns, every 7th f32 in
[0.5, 2), and dense sweeps near 0, near 1 (logarithms), near the overflow and underflow
thresholds (exp: 88.72 and the subnormal results down to -103.97; exp2: 128 and -149),
near -1 (log1p) and around the points where an expansion switches formula:

    exp, exp2, expm1, log, log2, log10, log1p, tanh, erf    1 ulp, on all of f32
    f64 exp     1 ulp (correctly rounded for 97% of inputs) against mpmath at 120 bits
                rounded once, on 10^6 inputs: uniform over [-746, 710], |x| log-uniform
                in [1e-320, 630], the subnormal results, +-0.001 around the overflow
                (709.78) and underflow (-745.13) thresholds, and the special values
    sin, cos    1 ulp for |x| <= 2^17; 2 ulp for |x| <= 2^20 (sin 36 inputs, cos 30);
                nan beyond 2^20

sin and cos are nan for |x| > 2^20 = 1048576: the Cody-Waite reduction with a three-part
pi/2 is no longer accurate there (12 ulps at 2^21, wrong above 2^23), and a nan is
easier to notice than a wrong value. math.powf is not expanded (exp(y log x) is not
accurate enough, and pow has many special cases); the JIT calls the library for it.

Each expansion is 25 to 50 ops besides its constants (exp 27, log 36, tanh 44, erf 46, sin
30, f64 exp 37). They need fma to be a single instruction to be fast: llvm.fma on a CPU
without FMA is a library call. Fastmath flags on the expanded op are not looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from irc.dialects import arith
from irc.dialects import math as m
from irc.dialects.constraints import scalar_of, with_element
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.builder import Builder, InsertionPoint
from irc.ir.core import Operation, Value
from irc.passes.pass_manager import Pass, PassContext

# -- constants ------------------------------------------------------------------------------

# Constants split in two f32s, hi + lo (hi the nearest f32, lo the nearest f32 to the rest).
LN2 = (0.6931472, -1.9046542e-09)
LOG2E = (1.442695, 1.925963e-08)
LOG10_2 = (0.30103, -1.4320989e-08)
LOG10E = (0.4342945, -1.010305e-08)
# pi/2 in three parts for sin and cos (the third part is the nearest f32 to the rest).
HALF_PI = (1.5707964, -4.371139e-08, -1.7151245e-15)
TWO_OVER_PI = 0.63661975

# The same for f64 (the nearest double to ln2 and to the rest, and to log2(e)).
LN2_F64 = (0.6931471805599453, 2.3190468138462996e-17)
LOG2E_F64 = 1.4426950408889634

# Polynomials, lowest degree first.
# expm1(r) = r + r^2 EXPM1(r), |r| <= ln2/2: relative error 4e-10
EXPM1 = (0.5, 0.16666666, 0.041666493, 0.008333547, 0.0013932314, 0.00019760957)
# log1p(f) = 2 atanh(s) = 2 s + s R(z), R(z) = z LOG_R(z), z = s^2 <= 0.0295: rel. 8e-10
LOG_R = (0.66666776, 0.39977586, 0.29870707)
# tanh(x) = x + x^3 TANH(x^2), |x| < 0.625: relative error 2e-10
TANH = (-0.3333333, 0.13333221, -0.05394818, 0.021706894, -0.008190013, 0.0021526811)
# sin(r) = r + r^3 SIN(r^2), cos(r) = 1 - r^2/2 + r^4 COS(r^2), |r| <= 0.9: rel. 5e-10
SIN = (-0.16666667, 0.008333365, -0.00019846439, 2.7602448e-06)
COS = (0.04166662, -0.0013886187, 2.4318831e-05)
# f64: expm1(r) = r + r^2 EXPM1_F64(r), Taylor's 1/n! for n = 2..13, |r| <= ln2/2: the
# remainder is below r^14/14! = 4.2e-18 (0.04 ulp of exp(r)).
EXPM1_F64 = (0.5, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333,
             0.001388888888888889, 0.0001984126984126984, 2.48015873015873e-05,
             2.7557319223985893e-06, 2.755731922398589e-07, 2.505210838544172e-08,
             2.08767569878681e-09, 1.6059043836821613e-10)  # fmt: skip
# erf(a) = a + a ERF_SMALL(a^2) for a < 1; erf(a) = 1 - ERFC_*(a - center) above:
# each within 0.03 ulp of the correctly rounded result.
ERF_SMALL = (0.12837917, -0.3761263, 0.112836316, -0.026856491, 0.005195774, -0.00081171526,
             8.619014e-05, -2.1569151e-06)  # fmt: skip
ERFC_MIDDLE = (0.021556268, -0.08047225, 0.13076736, -0.11484107, 0.049720135, 0.0021425118,
               -0.014426109, 0.0061356076, 0.0006255182, -0.0012790888, 0.0002532022)  # fmt: skip
ERFC_LARGE = (9.897162e-06, -6.4739404e-05, 0.00020233661, -0.0004005248, 0.0005580333,
              -0.00057326676, 0.00045000468, -0.00027747412, 0.000116652365, -1.1269562e-05,
              -9.870872e-06)  # fmt: skip
# The pieces: [0, 1) ERF_SMALL; [1, 2.25) ERFC_MIDDLE at 1.625; [2.25, 4] ERFC_LARGE at
# 3.125; erf is 1 in f32 from 3.92 on, so |x| is clamped to 4.
ERF_SMALL_BELOW, ERF_MIDDLE_BELOW, ERF_LARGEST = 1.0, 2.25, 4.0
ERFC_MIDDLE_CENTER, ERFC_LARGE_CENTER = 1.625, 3.125

# exp's argument is clamped to where the result is already inf and 0: exp overflows above
# 88.72 (f32) and 709.78 (f64), and rounds to 0 below -103.97 and -745.13.
EXP_F32_CLAMP = (-104.0, 89.0)
EXP_F64_CLAMP = (-746.0, 710.0)
SQRT_HALF_BITS = 0x3F3504F3  # the bits of the f32 nearest sqrt(1/2)
SMALLEST_NORMAL = 2.0**-126
SIN_COS_BOUND = 2.0**20  # sin and cos are nan beyond

# -- building float arithmetic --------------------------------------------------------------

Number = float | int
Operand = Value | Number
Pair = tuple[float, float]  # a constant as hi + lo


class FloatBuilder:
    """Builds float arithmetic of one type (f32 or f64, or a vector or tensor of one) before
    an op.

    Float methods accept Python numbers, which become splat constants of that type; the
    integer methods (suffix `_int`) work on the integer of the same width and shape (i32
    or i64) and accept Python ints. Constants are made once per expansion.
    """

    def __init__(self, builder: Builder, float_type: T.Type) -> None:
        self.builder = builder
        self.float_type = float_type
        self.element = scalar_of(float_type)
        self.dtype = np.dtype(np.float64 if self.element is T.F64 else np.float32)
        self.int_dtype = np.dtype(f"i{self.dtype.itemsize}")
        self.int_type = with_element(float_type, T.I64 if self.element is T.F64 else T.I32)
        self.bool_type = with_element(float_type, T.I1)
        self._constants: dict[tuple, Value] = {}

    # constants

    def constant(self, value: Operand) -> Value:
        if isinstance(value, Value):
            return value
        return self._splat(float(value), self.float_type, self.dtype)

    def constant_int(self, value: Operand) -> Value:
        if isinstance(value, Value):
            return value
        return self._splat(int(value), self.int_type, self.int_dtype)

    def _splat(self, value: Number, t: T.Type, dtype) -> Value:
        key = (t, np.array(value, dtype=dtype).tobytes())
        if key not in self._constants:
            element = scalar_of(t)
            if isinstance(t, T.ShapedType):
                array = np.array([value], dtype=dtype)
                attr = A.DenseElementsAttr(t, array, splat=t.num_elements != 1)
            elif isinstance(element, T.FloatType):
                attr = A.FloatAttr(value, element)
            else:
                attr = A.IntegerAttr(value, element)
            self._constants[key] = self._op(arith.ConstantOp, [], t, value=attr)
        return self._constants[key]

    def _op(self, cls, operands: Sequence[Value], result_type: T.Type, **properties) -> Value:
        return self.builder.create(cls, operands, [result_type], properties=properties).result

    def _float_op(self, cls, *operands: Operand) -> Value:
        return self._op(cls, [self.constant(v) for v in operands], self.float_type)

    def _int_op(self, cls, *operands: Operand) -> Value:
        return self._op(cls, [self.constant_int(v) for v in operands], self.int_type)

    # floats

    def add(self, a: Operand, b: Operand) -> Value:
        return self._float_op(arith.AddFOp, a, b)

    def sub(self, a: Operand, b: Operand) -> Value:
        return self._float_op(arith.SubFOp, a, b)

    def mul(self, a: Operand, b: Operand) -> Value:
        return self._float_op(arith.MulFOp, a, b)

    def div(self, a: Operand, b: Operand) -> Value:
        return self._float_op(arith.DivFOp, a, b)

    def fma(self, a: Operand, b: Operand, c: Operand) -> Value:
        """a * b + c, rounded once."""
        return self._float_op(m.FmaOp, a, b, c)

    def neg(self, a: Value) -> Value:
        return self._float_op(arith.NegFOp, a)

    def abs(self, a: Value) -> Value:
        return self._float_op(m.AbsFOp, a)

    def floor(self, a: Value) -> Value:
        return self._float_op(m.FloorOp, a)

    def copysign(self, magnitude: Operand, sign: Operand) -> Value:
        return self._float_op(m.CopySignOp, magnitude, sign)

    def min(self, a: Operand, b: Operand) -> Value:
        """The smaller; the number if one is a nan (minnumf)."""
        return self._float_op(arith.MinNumFOp, a, b)

    def clamp(self, a: Value, low: Number, high: Number) -> Value:
        """`a` limited to [low, high]; a nan becomes `low` (maxnumf/minnumf take the number)."""
        return self.min(self._float_op(arith.MaxNumFOp, a, low), high)

    def horner(self, x: Value, coefficients: Sequence[Operand]) -> Value:
        """c0 + x (c1 + x (c2 + ...)), lowest degree first, one fma per degree."""
        result = self.constant(coefficients[-1])
        for coefficient in reversed(coefficients[:-1]):
            result = self.fma(result, x, coefficient)
        return result

    # comparisons and selection

    def compare(self, predicate: str, a: Operand, b: Operand) -> Value:
        operands = [self.constant(a), self.constant(b)]
        index = A.IntegerAttr(arith.CMPF_PREDICATES.index(predicate), T.I64)
        return self._op(arith.CmpFOp, operands, self.bool_type, predicate=index)

    def select(self, condition: Value, if_true: Operand, if_false: Operand) -> Value:
        operands = [condition, self.constant(if_true), self.constant(if_false)]
        return self._op(arith.SelectOp, operands, self.float_type)

    def keep_nan(self, x: Value, result: Value) -> Value:
        """`result`, or `x` itself where `x` is a nan."""
        return self.select(self.compare("uno", x, x), x, result)

    # integers and bits

    def bits(self, a: Value) -> Value:
        return self._op(arith.BitcastOp, [a], self.int_type)

    def from_bits(self, a: Value) -> Value:
        return self._op(arith.BitcastOp, [a], self.float_type)

    def to_int(self, a: Value) -> Value:
        """Toward zero; `a` must be an integral value in the integer type's range."""
        return self._op(arith.FPToSIOp, [a], self.int_type)

    def to_float(self, a: Value) -> Value:
        return self._op(arith.SIToFPOp, [a], self.float_type)

    def bit(self, a: Value, index: int) -> Value:
        """Bit `index` of an integer, as an i1."""
        shifted = self._int_op(arith.ShRUIOp, a, index) if index else a
        return self._op(arith.TruncIOp, [shifted], self.bool_type)

    def add_int(self, a: Operand, b: Operand) -> Value:
        return self._int_op(arith.AddIOp, a, b)

    def sub_int(self, a: Operand, b: Operand) -> Value:
        return self._int_op(arith.SubIOp, a, b)

    def and_int(self, a: Operand, b: Operand) -> Value:
        return self._int_op(arith.AndIOp, a, b)

    def shift_left_int(self, a: Operand, b: Operand) -> Value:
        return self._int_op(arith.ShLIOp, a, b)

    def shift_right_int(self, a: Operand, b: Operand) -> Value:
        """Arithmetic (sign-extending) shift."""
        return self._int_op(arith.ShRSIOp, a, b)


# -- shared pieces --------------------------------------------------------------------------


def power_of_two(b: FloatBuilder, k: Value) -> Value:
    """2^k for an integer k in the normal exponent range (f32 [-126, 127], f64 [-1022,
    1023]), built from its exponent bits."""
    finfo = np.finfo(b.dtype)
    bias, mantissa_bits = finfo.maxexp - 1, finfo.nmant
    return b.from_bits(b.shift_left_int(b.add_int(k, bias), mantissa_bits))


def times_power_of_two(b: FloatBuilder, y: Value, k: Value) -> Value:
    """y * 2^k rounded once, for y in [1/2, 2] and k in [-150, 128] (f64: [-1077, 1025]):
    the first factor, 2^floor(k/2), keeps y normal, so only the second multiplication
    rounds."""
    half = b.shift_right_int(k, 1)
    first = b.mul(y, power_of_two(b, half))
    return b.mul(first, power_of_two(b, b.sub_int(k, half)))


def expm1_polynomial(b: FloatBuilder, r: Value) -> Value:
    """expm1(r) = r + r^2 EXPM1(r) for |r| <= ln2/2 (EXPM1_F64 for f64)."""
    coefficients = EXPM1_F64 if b.element is T.F64 else EXPM1
    return b.fma(b.mul(r, r), b.horner(r, coefficients), r)


def reduce_exp(b: FloatBuilder, x: Value, low: float, high: float) -> tuple[Value, Value]:
    """x (clamped to [low, high]) = k ln2 + r, |r| <= ln2/2: k as an integer, and r. The first
    fma is exact: x - k LN2[0] is below 1/2 in magnitude and a multiple of ulp(LN2[0])
    (2^-24 in f32, 2^-53 in f64), so it fits in the significand."""
    ln2, log2e = (LN2_F64, LOG2E_F64) if b.element is T.F64 else (LN2, LOG2E[0])
    x = b.clamp(x, low, high)
    k = b.floor(b.fma(x, log2e, 0.5))
    r = b.fma(k, -ln2[1], b.fma(k, -ln2[0], x))
    return b.to_int(k), r


def exp_reduced(b: FloatBuilder, r: Value) -> Value:
    """exp(r) for |r| <= ln2/2. f32: 1 + expm1(r). f64: (1 + r) + r^2 EXPM1_F64(r) with the
    rounding error of 1 + r (exact by Fast2Sum, as 1 >= |r|) added to the tail, so that
    only the last addition rounds by much."""
    if b.element is not T.F64:
        return b.add(expm1_polynomial(b, r), 1.0)
    tail = b.mul(b.mul(r, r), b.horner(r, EXPM1_F64))
    head = b.add(r, 1.0)
    error = b.add(b.sub(1.0, head), r)
    return b.add(head, b.add(error, tail))


def reduce_exp2(b: FloatBuilder, x: Value, low: float, high: float) -> tuple[Value, Value]:
    """x (clamped to [low, high]) = k + f, |f| <= 1/2: k as an i32, and 2^f - 1."""
    x = b.clamp(x, low, high)
    k = b.floor(b.add(x, 0.5))
    return b.to_int(k), expm1_polynomial(b, b.mul(b.sub(x, k), LN2[0]))


def exp_of_number(b: FloatBuilder, x: Value) -> Value:
    """exp(x) for x not nan (overflow to inf, underflow through the subnormals to 0); x is
    clamped to where exp is already 0 and inf, which keeps k in times_power_of_two's range."""
    low, high = EXP_F64_CLAMP if b.element is T.F64 else EXP_F32_CLAMP
    k, r = reduce_exp(b, x, low, high)
    return times_power_of_two(b, exp_reduced(b, r), k)


def reduce_log(b: FloatBuilder, x: Value) -> tuple[Value, Value]:
    """x = 2^n (1 + f) with 1 + f in [sqrt(1/2), sqrt(2)), for positive finite x: n as an
    f32, and f (exact). Subnormals are scaled into the normal range first."""
    subnormal = b.compare("olt", x, SMALLEST_NORMAL)
    x = b.select(subnormal, b.mul(x, 2.0**23), x)
    shifted = b.sub_int(b.bits(x), SQRT_HALF_BITS)
    n = b.sub(b.to_float(b.shift_right_int(shifted, 23)), b.select(subnormal, 23.0, 0.0))
    mantissa = b.add_int(b.and_int(shifted, 0x7FFFFF), SQRT_HALF_BITS)
    return n, b.sub(b.from_bits(mantissa), 1.0)


def log1p_reduced(b: FloatBuilder, f: Value) -> tuple[Value, Value]:
    """log(1 + f) for f in [sqrt(1/2) - 1, sqrt(2) - 1] as hi + lo: hi = f - f^2/2 and lo
    its rounding error plus s (f^2/2 + R(s^2)), s = f / (2 + f)."""
    s = b.div(f, b.add(f, 2.0))
    z = b.mul(s, s)
    half_square = b.mul(b.mul(f, f), 0.5)
    tail = b.mul(s, b.fma(z, b.horner(z, LOG_R), half_square))
    hi = b.sub(f, half_square)
    lo = b.add(b.sub(b.sub(f, hi), half_square), tail)  # (f - hi) - f^2/2 is exact
    return hi, lo


def dot(b: FloatBuilder, terms: Sequence[tuple[Value, float]]) -> Value:
    """The sum of value * constant over `terms`, accumulated from the last term (the
    smallest) to the first with one fma each; zero constants are skipped, unit ones added."""
    total = None
    for value, constant in reversed(terms):
        if constant == 0.0:
            continue
        if total is None:
            total = value if constant == 1.0 else b.mul(value, constant)
        elif constant == 1.0:
            total = b.add(value, total)
        else:
            total = b.fma(value, constant, total)
    return total


def combine_log(b: FloatBuilder, n: Value, hi: Value, lo: Value, scale: Pair, base: Pair) -> Value:
    """log_b(x) = n log_b(2) + log_b(e) log(1 + f) with log(1 + f) = hi + lo and both
    constants (hi, lo) pairs, as n scale + (hi + lo) base, small terms first."""
    terms = [(n, scale[0]), (hi, base[0]), (lo, base[0]), (hi, base[1]), (n, scale[1])]
    return dot(b, terms)


def log_special_values(b: FloatBuilder, x: Value, result: Value) -> Value:
    """log's special cases: +inf at +inf, -inf at zero, nan below zero and at nan."""
    result = b.select(b.compare("oeq", x, float("inf")), x, result)
    result = b.select(b.compare("oeq", x, 0.0), float("-inf"), result)
    return b.select(b.compare("ult", x, 0.0), float("nan"), result)


def reduce_half_pi(b: FloatBuilder, x: Value) -> tuple[Value, Value]:
    """x = q pi/2 + r, |r| <= pi/4 (a little more for |x| near 2^20, where x 2/pi is
    rounded by up to 1/32): q mod 4 as an i32, and r. The first fma is exact: x - q P1
    is a multiple of min(ulp(x), 2^-23) below 2 in magnitude, which fits in 24 bits."""
    q = b.floor(b.fma(x, TWO_OVER_PI, 0.5))
    r = b.fma(q, -HALF_PI[0], x)
    r = b.fma(q, -HALF_PI[1], r)
    r = b.fma(q, -HALF_PI[2], r)
    quadrant = b.and_int(b.to_int(b.clamp(q, -(2.0**24), 2.0**24)), 3)
    return quadrant, r


def sin_cos_quadrant(b: FloatBuilder, x: Value, offset: int) -> Value:
    """sin(x + offset pi/2): sin or cos of r by the quadrant's low bit, negated by its
    second bit; nan for |x| > SIN_COS_BOUND, where the reduction is no longer accurate."""
    quadrant, r = reduce_half_pi(b, x)
    quadrant = b.add_int(quadrant, offset) if offset else quadrant
    z = b.mul(r, r)
    sin_r = b.fma(b.mul(r, z), b.horner(z, SIN), r)
    cos_r = b.fma(z, b.fma(z, b.horner(z, COS), -0.5), 1.0)
    value = b.select(b.bit(quadrant, 0), cos_r, sin_r)
    value = b.select(b.bit(quadrant, 1), b.neg(value), value)
    return b.select(b.compare("ole", b.abs(x), SIN_COS_BOUND), value, float("nan"))


def keep_tiny(b: FloatBuilder, x: Value, result: Value, bound: float) -> Value:
    """`x` itself where |x| < bound (where f(x) rounds to x, signed zeros included)."""
    return b.select(b.compare("olt", b.abs(x), bound), x, result)


# -- exponentials ---------------------------------------------------------------------------


def expand_exp(b: FloatBuilder, x: Value) -> Value:
    return b.keep_nan(x, exp_of_number(b, x))


def expand_exp2(b: FloatBuilder, x: Value) -> Value:
    k, e = reduce_exp2(b, x, -151.0, 129.0)
    return b.keep_nan(x, times_power_of_two(b, b.add(e, 1.0), k))


def expand_expm1(b: FloatBuilder, x: Value) -> Value:
    """2^k (1 + e) - 1 = 2 (2^(k-1) e + (2^(k-1) - 1/2)), where 2^(k-1) - 1/2 is exact for
    |k| <= 24 and the fma rounds once; k - 1 in [-30, 127] keeps 2^(k-1) normal."""
    k, r = reduce_exp(b, x, -20.0, 89.0)
    e = expm1_polynomial(b, r)
    half_scale = power_of_two(b, b.sub_int(k, 1))
    result = b.mul(b.fma(half_scale, e, b.sub(half_scale, 0.5)), 2.0)
    return b.keep_nan(x, keep_tiny(b, x, result, 2.0**-25))


# -- logarithms -----------------------------------------------------------------------------


def log_expansion(scale: Pair, base: Pair) -> Callable[[FloatBuilder, Value], Value]:
    """log_b(x) = n log_b(2) + log_b(e) log(1 + f)."""

    def expand(b: FloatBuilder, x: Value) -> Value:
        n, f = reduce_log(b, x)
        hi, lo = log1p_reduced(b, f)
        return log_special_values(b, x, combine_log(b, n, hi, lo, scale, base))

    return expand


def expand_log1p(b: FloatBuilder, x: Value) -> Value:
    """log(u) for u = 1 + x rounded, plus c / u for its rounding error c (exact: x - (u - 1)
    below 2, 1 - (u - x) above)."""
    u = b.add(x, 1.0)
    below_two = b.compare("olt", u, 2.0)
    error = b.select(below_two, b.sub(x, b.sub(u, 1.0)), b.sub(1.0, b.sub(u, x)))
    n, f = reduce_log(b, u)
    hi, lo = log1p_reduced(b, f)
    lo = b.add(lo, b.div(error, u))
    result = log_special_values(b, u, combine_log(b, n, hi, lo, LN2, (1.0, 0.0)))
    return b.select(b.compare("oeq", x, 0.0), x, result)  # log1p(-0) = -0


# -- hyperbolic and error functions ---------------------------------------------------------


def expand_tanh(b: FloatBuilder, x: Value) -> Value:
    """On a = |x|, then with x's sign: a + a^3 TANH(a^2) below 0.625, else
    1 - 2 / (exp(2a) + 1) (a clamped to 10, where tanh is 1 in f32)."""
    a = b.abs(x)
    square = b.mul(a, a)
    small = b.fma(b.mul(a, square), b.horner(square, TANH), a)
    exp_twice = exp_of_number(b, b.mul(b.min(a, 10.0), 2.0))
    large = b.sub(1.0, b.div(2.0, b.add(exp_twice, 1.0)))
    magnitude = b.select(b.compare("olt", a, 0.625), small, large)
    return b.keep_nan(x, b.copysign(magnitude, x))


def expand_erf(b: FloatBuilder, x: Value) -> Value:
    """One Horner evaluation with coefficients selected by a = |x| (clamped to 4):
    a + a ERF_SMALL(a^2) below 1, else 1 - ERFC_*(a - center); then x's sign."""
    a = b.min(b.abs(x), ERF_LARGEST)
    small = b.compare("olt", a, ERF_SMALL_BELOW)
    middle = b.compare("olt", a, ERF_MIDDLE_BELOW)
    center = b.select(middle, ERFC_MIDDLE_CENTER, ERFC_LARGE_CENTER)
    t = b.select(small, b.mul(a, a), b.sub(a, center))
    padding = (0.0,) * (len(ERFC_MIDDLE) - len(ERF_SMALL))
    coefficients = [
        b.select(small, c_small, b.select(middle, c_middle, c_large))
        for c_small, c_middle, c_large in zip(
            ERF_SMALL + padding, ERFC_MIDDLE, ERFC_LARGE, strict=True
        )
    ]
    p = b.horner(t, coefficients)
    magnitude = b.select(small, b.fma(a, p, a), b.sub(1.0, p))
    return b.keep_nan(x, b.copysign(magnitude, x))


# -- trigonometric functions ----------------------------------------------------------------


def expand_sin(b: FloatBuilder, x: Value) -> Value:
    result = sin_cos_quadrant(b, x, 0)
    return b.select(b.compare("oeq", x, 0.0), x, result)  # sin(-0) = -0


def expand_cos(b: FloatBuilder, x: Value) -> Value:
    return sin_cos_quadrant(b, x, 1)


# -- the pass -------------------------------------------------------------------------------

Expansion = Callable[[FloatBuilder, Value], Value]
F32_EXPANSIONS: dict[type[Operation], Expansion] = {
    m.ExpOp: expand_exp,
    m.Exp2Op: expand_exp2,
    m.ExpM1Op: expand_expm1,
    m.LogOp: log_expansion(LN2, (1.0, 0.0)),
    m.Log2Op: log_expansion((1.0, 0.0), LOG2E),
    m.Log10Op: log_expansion(LOG10_2, LOG10E),
    m.Log1pOp: expand_log1p,
    m.TanhOp: expand_tanh,
    m.ErfOp: expand_erf,
    m.SinOp: expand_sin,
    m.CosOp: expand_cos,
}
F64_EXPANSIONS: dict[type[Operation], Expansion] = {m.ExpOp: expand_exp}
EXPANSIONS = {T.F32: F32_EXPANSIONS, T.F64: F64_EXPANSIONS}  # by element type


def has_splat_constants(t: T.Type) -> bool:
    """Whether constants of type `t` can be built: scalars, static vectors and tensors."""
    if not isinstance(t, T.ShapedType):
        return True
    return isinstance(t, (T.VectorType, T.TensorType)) and t.has_static_shape


@dataclass
class MathPolynomialApproximation(Pass):
    name = "math-polynomial-approximation"
    summary = (
        "Expand f32 exp, exp2, expm1, log, log2, log10, log1p, tanh, erf, sin and cos, and "
        "f64 exp, into branch-free polynomial approximations over arith ops"
    )

    def run(self, op: Operation, context: PassContext) -> None:
        targets = [nested for nested in op.walk() if type(nested) in F32_EXPANSIONS]
        for target in targets:
            t = target.results[0].type
            expand = EXPANSIONS.get(scalar_of(t), {}).get(type(target))
            if expand is None:
                continue  # f16, bf16, f64 other than exp: left to the library
            if not has_splat_constants(t):
                context.remark(target, f"'{target.name}' on {t} is left as is: no splat "
                               "constant of a dynamic shape")  # fmt: skip
                continue
            builder = Builder(InsertionPoint.before(target), target.location)
            target.replace_all_uses_with([expand(FloatBuilder(builder, t), target.operands[0])])
            target.erase()
