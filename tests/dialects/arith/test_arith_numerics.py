"""arith numerics, table-driven: every op's interpreter kernel and folder against a
reference written independently (plain Python integers, numpy floats, explicit IEEE rules),
on the edge values of each type: 0, -0.0, +-inf, NaNs (quiet, signed with a payload,
signaling), the smallest subnormal, the largest finite, min/max integers of i1/i8/i16/i32/
i64/index, 1 and -1.

A row gives the op, its types and its reference. A reference returns the exact result, or
`FAULT` where the kernel must report an error (division by zero, INT_MIN / -1, shifts by
the width or more, float-to-int out of range); there the folder must not fold, unless the
row names the identity MLIR folds anyway (`0 / x -> 0` holds for any divisor). Kernels are
run on scalars and, all pairs at once, on vectors; they and the folders must agree with the
reference and so with each other. A NaN that an operation creates may differ in sign
(hardware gives -NaN, APFloat +NaN); every other NaN must match bit for bit.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pytest

from irc.dialects import arith
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Block
from irc.runtime.interpreter import InterpreterError, kernel_for

FAULT = "fault"

# -- values -----------------------------------------------------------------------------------

I16 = T.IntegerType(16)
INT_TYPES = {"i1": T.I1, "i8": T.I8, "i16": I16, "i32": T.I32, "i64": T.I64}
INT_TYPES["index"] = T.INDEX
FLOAT_TYPES = {"f16": T.F16, "f32": T.F32, "f64": T.F64}
DTYPES = {"f16": np.float16, "f32": np.float32, "f64": np.float64}


def width_of(t: T.Type) -> int:
    return 64 if isinstance(t, T.IndexType) else t.width


def to_signed(value: int, width: int) -> int:
    value &= (1 << width) - 1
    return value - (1 << width) if value >> (width - 1) else value


def int_edges(t: T.Type) -> list[int]:
    """Edge values as unsigned bit patterns."""
    width = width_of(t)
    if width == 1:
        return [0, 1]
    mask = (1 << width) - 1
    low, high = 1 << (width - 1), (1 << (width - 1)) - 1
    values = {0, 1, 2, 3, 7, mask, mask - 1, mask - 6, low, low + 1, high, high - 1}
    values |= {width - 1, width, 0x55 & mask, (1 << (width // 2)) + 1}
    return sorted(values)


def float_edges(t: T.FloatType) -> list[int]:
    """Edge values as bit patterns."""
    width, precision = t.width, t.precision
    sign = 1 << (width - 1)
    exponent = ((1 << (width - precision)) - 1) << (precision - 1)
    quiet = 1 << (precision - 2)
    numbers = [0.0, 1.0, 1.5, 2.5, 0.1, 3.0, 7.0]
    bits = {A.float_to_bits(v, t) for v in numbers}
    bits |= {b | sign for b in bits}
    bits |= {exponent, exponent | sign}  # +-inf
    bits |= {exponent | quiet, exponent | quiet | sign | 5, exponent | 1}  # NaNs (last: sNaN)
    bits |= {1, sign | 1, exponent - 1, 1 << (precision - 1)}  # subnormal, max, min normal
    return sorted(bits)


def int_value(bits: int, t: T.Type):
    dtype = np.bool_ if width_of(t) == 1 else np.dtype(f"i{width_of(t) // 8}")
    return np.dtype(dtype).type(to_signed(bits, width_of(t)) if width_of(t) > 1 else bits)


def float_value(bits: int, t: T.FloatType):
    dtype = np.dtype(DTYPES[t.name])
    return np.array(bits, dtype=f"u{dtype.itemsize}").view(dtype)[()]


def float_bits(value) -> int:
    array = np.asarray(value)
    return int(array.view(f"u{array.dtype.itemsize}"))


def as_attr(bits: int, t: T.Type) -> A.Attribute:
    if isinstance(t, T.FloatType):
        return A.FloatAttr.from_bits(bits, t)
    return A.IntegerAttr(bits, t)


def fold(op, attrs: list) -> list | None:
    """op.fold, with results that are operands replaced by those operands' constants."""
    folded = op.fold(attrs)
    if folded is None:
        return None
    by_value = {v: a for v, a in zip(op.operands, attrs, strict=True) if a is not None}
    return [by_value.get(r, r) if not isinstance(r, A.Attribute) else r for r in folded]


def make_op(cls, operand_types, result_types, properties=None):
    """An op over fresh block arguments (so no two operands are the same value)."""
    block = Block(operand_types)
    return cls(list(block.args), list(result_types), dict(properties or {}))


# -- references (independent of irc: Python integers, numpy scalars, IEEE spelled out) --------


def signed_ref(function):
    def reference(a: int, b: int, width: int):
        return function(to_signed(a, width), to_signed(b, width), width)

    return reference


def unsigned_ref(function):
    def reference(a: int, b: int, width: int):
        return function(a, b, width)

    return reference


def trunc_div(x: int, y: int) -> int:
    quotient = abs(x) // abs(y)
    return quotient if (x >= 0) == (y >= 0) else -quotient


def checked_signed(function):
    """A signed division: FAULT for a zero divisor or a result that does not fit."""

    def reference(x: int, y: int, width: int):
        if y == 0:
            return FAULT
        result = function(x, y)
        return result if -(1 << (width - 1)) <= result < (1 << (width - 1)) else FAULT

    return reference


def unsigned_division(function):
    return lambda a, b, width: FAULT if b == 0 else function(a, b)


def shift(function):
    return lambda a, b, width: FAULT if b >= width else function(a, b, width)


INT_REFERENCES = {
    arith.AddIOp: unsigned_ref(lambda a, b, w: a + b),
    arith.SubIOp: unsigned_ref(lambda a, b, w: a - b),
    arith.MulIOp: unsigned_ref(lambda a, b, w: a * b),
    arith.DivSIOp: signed_ref(checked_signed(trunc_div)),
    arith.CeilDivSIOp: signed_ref(checked_signed(lambda x, y: -((-x) // y))),
    arith.FloorDivSIOp: signed_ref(checked_signed(lambda x, y: x // y)),
    arith.RemSIOp: signed_ref(lambda x, y, w: FAULT if y == 0 else x - y * trunc_div(x, y)),
    arith.DivUIOp: unsigned_division(lambda a, b: a // b),
    arith.CeilDivUIOp: unsigned_division(lambda a, b: (a + b - 1) // b),
    arith.RemUIOp: unsigned_division(lambda a, b: a % b),
    arith.AndIOp: unsigned_ref(lambda a, b, w: a & b),
    arith.OrIOp: unsigned_ref(lambda a, b, w: a | b),
    arith.XOrIOp: unsigned_ref(lambda a, b, w: a ^ b),
    arith.ShLIOp: shift(lambda a, b, w: a << b),
    arith.ShRUIOp: shift(lambda a, b, w: a >> b),
    arith.ShRSIOp: shift(lambda a, b, w: to_signed(a, w) >> b),
    arith.MaxSIOp: signed_ref(lambda x, y, w: max(x, y)),
    arith.MinSIOp: signed_ref(lambda x, y, w: min(x, y)),
    arith.MaxUIOp: unsigned_ref(lambda a, b, w: max(a, b)),
    arith.MinUIOp: unsigned_ref(lambda a, b, w: min(a, b)),
}

# The identities MLIR folds whatever the other operand: 0 / x, 0 % x, 0 << x, -1 >> x.
FOLDS_ANYWAY = {
    cls: (lambda a, b, w: a == 0)
    for cls in (
        arith.DivSIOp,
        arith.DivUIOp,
        arith.CeilDivSIOp,
        arith.CeilDivUIOp,
        arith.FloorDivSIOp,
        arith.RemSIOp,
        arith.RemUIOp,
        arith.ShLIOp,
        arith.ShRUIOp,
    )
}
FOLDS_ANYWAY[arith.ShRSIOp] = lambda a, b, w: a in (0, (1 << w) - 1)
# x / 1 -> x even for i1, where 1 is -1 signed and true / true overflows.
for _cls in (arith.DivSIOp, arith.CeilDivSIOp, arith.FloorDivSIOp):
    FOLDS_ANYWAY[_cls] = lambda a, b, w: a == 0 or b == 1


def is_nan(x) -> bool:
    return x != x


def pick_nan(a, b, propagate: bool):
    """IEEE 754-2019: maximum/minimum return a NaN operand, maximumNumber/minimumNumber
    the number; of two NaNs, the lhs (the rule MLIR's folders and numpy follow)."""
    if propagate or (is_nan(a) and is_nan(b)):
        return a if is_nan(a) else b
    return b if is_nan(a) else a


def ieee_max(a, b, propagate: bool):
    """IEEE 754-2019 maximum (propagate) / maximumNumber; -0 < +0."""
    if is_nan(a) or is_nan(b):
        return pick_nan(a, b, propagate)
    if a == b == 0:
        return a if math.copysign(1, float(a)) > 0 else b
    return a if a > b else b


def ieee_min(a, b, propagate: bool):
    if is_nan(a) or is_nan(b):
        return pick_nan(a, b, propagate)
    if a == b == 0:
        return a if math.copysign(1, float(a)) < 0 else b
    return a if a < b else b


FLOAT_REFERENCES = {
    arith.AddFOp: lambda a, b: a + b,
    arith.SubFOp: lambda a, b: a - b,
    arith.MulFOp: lambda a, b: a * b,
    arith.DivFOp: lambda a, b: np.divide(a, b),
    arith.RemFOp: lambda a, b: np.fmod(a, b),
    arith.MaximumFOp: lambda a, b: ieee_max(a, b, propagate=True),
    arith.MinimumFOp: lambda a, b: ieee_min(a, b, propagate=True),
    arith.MaxNumFOp: lambda a, b: ieee_max(a, b, propagate=False),
    arith.MinNumFOp: lambda a, b: ieee_min(a, b, propagate=False),
}
# NaN results of these pick an operand: their bits must match exactly (quieted).
PICKS_NAN = {arith.MaximumFOp, arith.MinimumFOp, arith.MaxNumFOp, arith.MinNumFOp}


# -- checking ---------------------------------------------------------------------------------


def run_kernel(op, operands):
    with np.errstate(all="ignore"):
        return kernel_for(op)(None, op, operands)


def same_int(expected: int, got, t: T.Type) -> bool:
    width = width_of(t)
    return (int(got) & ((1 << width) - 1)) == (expected & ((1 << width) - 1))


def quieted_bits(value, t: T.FloatType) -> int:
    return float_bits(value) | 1 << (t.precision - 2)


def same_float(expected, got, t: T.FloatType, exact_nan: bool) -> bool:
    """Equal bits; for NaNs, with `exact_nan` the same sign and payload (a signaling NaN
    may come out quieted: an identity fold returns its operand untouched)."""
    if is_nan(expected):
        if not is_nan(got):
            return False
        return not exact_nan or quieted_bits(got, t) == quieted_bits(expected, t)
    return float_bits(np.asarray(expected, DTYPES[t.name])) == float_bits(got)


def attr_value(attr: A.Attribute, t: T.Type):
    if isinstance(attr, A.FloatAttr):
        return float_value(attr.bits, t)
    return attr.value


@dataclass
class Failures:
    items: list

    def check(self, ok: bool, *what) -> None:
        if not ok and len(self.items) < 10:
            self.items.append(" ".join(str(w) for w in what))


# -- integer binary ops -----------------------------------------------------------------------


@pytest.mark.parametrize("type_name", sorted(INT_TYPES))
@pytest.mark.parametrize("cls", list(INT_REFERENCES), ids=lambda c: c.name)
def test_integer_binary(cls, type_name: str) -> None:
    t = INT_TYPES[type_name]
    width = width_of(t)
    reference = INT_REFERENCES[cls]
    op = make_op(cls, [t, t], [t])
    failures = Failures([])
    pairs = list(itertools.product(int_edges(t), repeat=2))
    for a, b in pairs:
        expected = reference(a, b, width)
        operands = [int_value(a, t), int_value(b, t)]
        folded = fold(op, [as_attr(a, t), as_attr(b, t)])
        if expected is FAULT:
            with pytest.raises(InterpreterError):
                run_kernel(op, operands)
            anyway = FOLDS_ANYWAY.get(cls, lambda *_: False)(a, b, width)
            failures.check(folded is None or anyway, "folded a fault:", a, b, folded)
            continue
        got = run_kernel(op, operands)[0]
        failures.check(same_int(expected, got, t), "kernel", a, b, expected, got)
        failures.check(isinstance(got, np.generic), "kernel gave no numpy scalar", type(got))
        failures.check(
            folded is not None and same_int(expected, folded[0].value, t),
            "folder",
            a,
            b,
            expected,
            folded,
        )
    check_vector_kernel(op, t, pairs, lambda a, b: reference(a, b, width), failures)
    assert not failures.items, "\n".join(failures.items)


def check_vector_kernel(scalar_op, t: T.Type, pairs, reference, failures: Failures) -> None:
    """The kernel on vectors of every pair whose reference does not fault, at once."""
    pairs = [(a, b) for a, b in pairs if reference(a, b) is not FAULT]
    vector = T.VectorType((len(pairs),), t)
    op = make_op(type(scalar_op), [vector, vector], [vector], scalar_op.properties)
    lhs = np.array([int_value(a, t) for a, _ in pairs])
    rhs = np.array([int_value(b, t) for _, b in pairs])
    got = run_kernel(op, [lhs, rhs])[0]
    for (a, b), value in zip(pairs, got, strict=True):
        failures.check(same_int(reference(a, b), value, t), "vector kernel", a, b, value)


def test_integer_faults_say_what() -> None:
    op = make_op(arith.DivSIOp, [T.I32, T.I32], [T.I32])
    with pytest.raises(InterpreterError, match="integer division by zero"):
        run_kernel(op, [np.int32(1), np.int32(0)])
    with pytest.raises(InterpreterError, match="overflow"):
        run_kernel(op, [np.int32(-(2**31)), np.int32(-1)])
    shift_op = make_op(arith.ShLIOp, [T.I8, T.I8], [T.I8])
    with pytest.raises(InterpreterError, match="shift amount 8"):
        run_kernel(shift_op, [np.int8(1), np.int8(8)])


def test_overflow_flags_do_not_change_wrapping() -> None:
    flags = {"overflowFlags": arith.OverflowAttr(3)}
    op = make_op(arith.AddIOp, [T.I8, T.I8], [T.I8], flags)
    assert run_kernel(op, [np.int8(127), np.int8(1)])[0] == np.int8(-128)
    assert fold(op, [A.IntegerAttr(127, T.I8), A.IntegerAttr(1, T.I8)])[0].value == -128


# -- float binary ops -------------------------------------------------------------------------


@pytest.mark.parametrize("type_name", sorted(FLOAT_TYPES))
@pytest.mark.parametrize("cls", list(FLOAT_REFERENCES), ids=lambda c: c.name)
def test_float_binary(cls, type_name: str) -> None:
    t = FLOAT_TYPES[type_name]
    reference = FLOAT_REFERENCES[cls]
    exact_nan = cls in PICKS_NAN
    op = make_op(cls, [t, t], [t])
    failures = Failures([])
    pairs = list(itertools.product(float_edges(t), repeat=2))
    for a, b in pairs:
        x, y = float_value(a, t), float_value(b, t)
        with np.errstate(all="ignore"):
            expected = reference(x, y)
        # One NaN operand propagates; of two, numpy's choice follows the compiler's
        # operand order, so only ops that pick an operand by rule are checked exactly.
        nan_bits = exact_nan or is_nan(x) != is_nan(y)
        number = None
        if cls in (arith.MaxNumFOp, arith.MinNumFOp) and signaling(a, t) | signaling(b, t):
            number = expected  # maxnumf(x, sNaN) -> x is MLIR's identity fold
            expected = x if signaling(a, t) else y  # LLVM: a signaling NaN comes out quiet
        got = run_kernel(op, [x, y])[0]
        failures.check(same_float(expected, got, t, nan_bits), "kernel", hex(a), hex(b), got)
        folded = fold(op, [as_attr(a, t), as_attr(b, t)])
        value = attr_value(folded[0], t) if folded else None
        good = value is not None and same_float(expected, value, t, nan_bits)
        good |= number is not None and value is not None and same_float(number, value, t, True)
        failures.check(good, "folder", hex(a), hex(b), expected, value)
    check_vector_float_kernel(op, t, pairs, failures, exact_nan)
    assert not failures.items, "\n".join(failures.items)


def signaling(bits: int, t: T.FloatType) -> bool:
    exponent = ((1 << (t.width - t.precision)) - 1) << (t.precision - 1)
    mantissa = bits & ((1 << (t.precision - 1)) - 1)
    return bits & exponent == exponent and mantissa and not mantissa >> (t.precision - 2)


def check_vector_float_kernel(scalar_op, t, pairs, failures: Failures, exact_nan: bool) -> None:
    vector = T.VectorType((len(pairs),), t)
    op = make_op(type(scalar_op), [vector, vector], [vector])
    lhs = np.array([float_value(a, t) for a, _ in pairs])
    rhs = np.array([float_value(b, t) for _, b in pairs])
    got = run_kernel(op, [lhs, rhs])[0]
    scalar_kernel = kernel_for(scalar_op)
    for x, y, value in zip(lhs, rhs, got, strict=True):
        with np.errstate(all="ignore"):
            alone = scalar_kernel(None, scalar_op, [x, y])[0]
        failures.check(same_float(alone, value, t, True), "vector kernel", x, y, value, alone)


def test_float_results_round_in_their_type() -> None:
    op = make_op(arith.AddFOp, [T.F32, T.F32], [T.F32])
    a, b = np.float32(1.0), np.float32(2.0**-24)  # a tie: rounds to even (1.0) in f32
    assert run_kernel(op, [a, b])[0] == np.float32(1.0)
    folded = fold(op, [A.FloatAttr(1.0, T.F32), A.FloatAttr(2.0**-24, T.F32)])
    assert folded[0].value == 1.0
    f16 = make_op(arith.MulFOp, [T.F16, T.F16], [T.F16])
    assert np.isinf(run_kernel(f16, [np.float16(300), np.float16(300)])[0])
    assert math.isinf(f16.fold([A.FloatAttr(300, T.F16), A.FloatAttr(300, T.F16)])[0].value)


def test_negf_flips_the_sign_bit() -> None:
    for type_name, t in FLOAT_TYPES.items():
        op = make_op(arith.NegFOp, [t], [t])
        for bits in float_edges(t):
            flipped = bits ^ (1 << (t.width - 1))
            got = run_kernel(op, [float_value(bits, t)])[0]
            assert float_bits(got) == flipped, (type_name, hex(bits))
            assert fold(op, [as_attr(bits, t)])[0].bits == flipped, (type_name, hex(bits))


# -- comparisons and select -------------------------------------------------------------------

CMPI_REFERENCE = {
    "eq": lambda x, y, u, v: x == y,
    "ne": lambda x, y, u, v: x != y,
    "slt": lambda x, y, u, v: x < y,
    "sle": lambda x, y, u, v: x <= y,
    "sgt": lambda x, y, u, v: x > y,
    "sge": lambda x, y, u, v: x >= y,
    "ult": lambda x, y, u, v: u < v,
    "ule": lambda x, y, u, v: u <= v,
    "ugt": lambda x, y, u, v: u > v,
    "uge": lambda x, y, u, v: u >= v,
}


@pytest.mark.parametrize("predicate", arith.CMPI_PREDICATES)
def test_cmpi(predicate: str) -> None:
    failures = Failures([])
    for t in INT_TYPES.values():
        width = width_of(t)
        props = {"predicate": A.IntegerAttr(arith.CMPI_PREDICATES.index(predicate), T.I64)}
        op = make_op(arith.CmpIOp, [t, t], [T.I1], props)
        for a, b in itertools.product(int_edges(t), repeat=2):
            x, y = to_signed(a, width), to_signed(b, width)
            expected = CMPI_REFERENCE[predicate](x, y, a, b)
            got = run_kernel(op, [int_value(a, t), int_value(b, t)])[0]
            failures.check(got is np.True_ if expected else got is np.False_, "kernel", t, a, b)
            folded = fold(op, [as_attr(a, t), as_attr(b, t)])
            failures.check(folded[0].value == int(expected), "folder", t, a, b, folded)
    assert not failures.items, "\n".join(failures.items)


def unordered(a, b) -> bool:
    return math.isnan(a) or math.isnan(b)


CMPF_REFERENCE = {
    "false": lambda a, b: False,
    "oeq": lambda a, b: not unordered(a, b) and a == b,
    "ogt": lambda a, b: not unordered(a, b) and a > b,
    "oge": lambda a, b: not unordered(a, b) and a >= b,
    "olt": lambda a, b: not unordered(a, b) and a < b,
    "ole": lambda a, b: not unordered(a, b) and a <= b,
    "one": lambda a, b: not unordered(a, b) and a != b,
    "ord": lambda a, b: not unordered(a, b),
    "ueq": lambda a, b: unordered(a, b) or a == b,
    "ugt": lambda a, b: unordered(a, b) or a > b,
    "uge": lambda a, b: unordered(a, b) or a >= b,
    "ult": lambda a, b: unordered(a, b) or a < b,
    "ule": lambda a, b: unordered(a, b) or a <= b,
    "une": lambda a, b: unordered(a, b) or a != b,
    "uno": unordered,
    "true": lambda a, b: True,
}


@pytest.mark.parametrize("predicate", arith.CMPF_PREDICATES)
def test_cmpf(predicate: str) -> None:
    failures = Failures([])
    for t in FLOAT_TYPES.values():
        props = {"predicate": A.IntegerAttr(arith.CMPF_PREDICATES.index(predicate), T.I64)}
        op = make_op(arith.CmpFOp, [t, t], [T.I1], props)
        for a, b in itertools.product(float_edges(t), repeat=2):
            x, y = float_value(a, t), float_value(b, t)
            expected = CMPF_REFERENCE[predicate](float(x), float(y))
            got = run_kernel(op, [x, y])[0]
            failures.check(bool(got) == expected and isinstance(got, np.bool_), "kernel", x, y)
            folded = fold(op, [as_attr(a, t), as_attr(b, t)])
            failures.check(folded[0].value == int(expected), "folder", t, x, y, folded)
    assert not failures.items, "\n".join(failures.items)


def test_select_scalar_and_vector_conditions() -> None:
    op = make_op(arith.SelectOp, [T.I1, T.F32, T.F32], [T.F32])
    nan = float_value(0x7F800001, T.F32)  # a signaling NaN passes through untouched
    assert float_bits(run_kernel(op, [np.True_, nan, np.float32(1)])[0]) == 0x7F800001
    assert run_kernel(op, [np.False_, nan, np.float32(1)])[0] == np.float32(1)
    folded = fold(op, [A.BoolAttr(True), None, None])
    assert folded == [op.operands[1]]
    vector, mask = T.VectorType((3,), T.I32), T.VectorType((3,), T.I1)
    vop = make_op(arith.SelectOp, [mask, vector, vector], [vector])
    condition = np.array([True, False, True])
    got = run_kernel(vop, [condition, np.array([1, 2, 3], np.int32), np.int32([7, 8, 9])])
    assert got[0].tolist() == [1, 8, 3] and got[0].dtype == np.int32
    attrs = [
        A.DenseElementsAttr(mask, condition),
        A.DenseElementsAttr(vector, np.array([1, 2, 3], np.int32)),
        A.DenseElementsAttr(vector, np.array([7], np.int32), True),
    ]
    assert fold(vop, attrs)[0].to_array().tolist() == [1, 7, 3]
    sop = make_op(arith.SelectOp, [T.I1, vector, vector], [vector])  # scalar condition
    assert run_kernel(sop, [np.False_, np.int32([1, 2, 3]), np.int32([4, 5, 6])])[0][0] == 4


# -- casts ------------------------------------------------------------------------------------


def int_source(value: int, t: T.Type) -> tuple[int, int]:
    """(unsigned bits, signed value) of an integer edge value."""
    return value, to_signed(value, width_of(t))


def exact_int_to_float(number: int, t: T.FloatType):
    """Round an integer once to `t`: x87 long double holds every 64-bit integer exactly."""
    with np.errstate(over="ignore"):
        return DTYPES[t.name](np.longdouble(number))


def float_to_int(signed: bool):
    def convert(value, target: T.Type):
        if not math.isfinite(value):
            return FAULT
        whole, width = math.trunc(value), width_of(target)
        low, high = (-(1 << (width - 1)), 1 << (width - 1)) if signed else (0, 1 << width)
        return whole if low <= whole < high else FAULT

    return convert


@dataclass
class Cast:
    cls: type
    source: T.Type
    target: T.Type


INT_CASTS = [
    Cast(arith.ExtSIOp, T.I1, T.I32),
    Cast(arith.ExtSIOp, T.I8, T.I64),
    Cast(arith.ExtUIOp, T.I1, T.I8),
    Cast(arith.ExtUIOp, I16, T.I64),
    Cast(arith.ExtUIOp, T.I32, T.I64),
    Cast(arith.TruncIOp, T.I64, T.I8),
    Cast(arith.TruncIOp, T.I32, T.I1),
    Cast(arith.IndexCastOp, T.I32, T.INDEX),
    Cast(arith.IndexCastOp, T.INDEX, T.I8),
    Cast(arith.IndexCastOp, T.I1, T.INDEX),
    Cast(arith.IndexCastUIOp, T.I32, T.INDEX),
    Cast(arith.IndexCastUIOp, T.INDEX, I16),
]
INT_CAST_REFERENCE = {
    arith.ExtSIOp: lambda bits, signed: signed,
    arith.ExtUIOp: lambda bits, signed: bits,
    arith.TruncIOp: lambda bits, signed: bits,
    arith.IndexCastOp: lambda bits, signed: signed,
    arith.IndexCastUIOp: lambda bits, signed: bits,
}


@pytest.mark.parametrize("cast", INT_CASTS, ids=lambda c: f"{c.cls.name}-{c.source}-{c.target}")
def test_integer_casts(cast: Cast) -> None:
    op = make_op(cast.cls, [cast.source], [cast.target])
    failures = Failures([])
    for bits in int_edges(cast.source):
        expected = INT_CAST_REFERENCE[cast.cls](*int_source(bits, cast.source))
        got = run_kernel(op, [int_value(bits, cast.source)])[0]
        failures.check(same_int(expected, got, cast.target), "kernel", bits, expected, got)
        failures.check(got.dtype == int_value(0, cast.target).dtype, "dtype", got.dtype)
        folded = fold(op, [as_attr(bits, cast.source)])
        failures.check(same_int(expected, folded[0].value, cast.target), "folder", bits, folded)
    assert not failures.items, "\n".join(failures.items)


INT_FLOAT_CASTS = [
    Cast(arith.SIToFPOp, T.I64, T.F32),
    Cast(arith.SIToFPOp, T.I32, T.F16),
    Cast(arith.SIToFPOp, T.I1, T.F64),
    Cast(arith.SIToFPOp, T.I8, T.F32),
    Cast(arith.UIToFPOp, T.I64, T.F32),
    Cast(arith.UIToFPOp, T.I64, T.F64),
    Cast(arith.UIToFPOp, T.I32, T.F16),
    Cast(arith.UIToFPOp, T.I1, T.F32),
]
EXTRA_INTS = [(1 << 53) + 1, (1 << 24) + 1, 65520, 65519, (1 << 63) + (1 << 39) + 1]


@pytest.mark.parametrize(
    "cast", INT_FLOAT_CASTS, ids=lambda c: f"{c.cls.name}-{c.source}-{c.target}"
)
def test_integer_to_float(cast: Cast) -> None:
    op = make_op(cast.cls, [cast.source], [cast.target])
    width = width_of(cast.source)
    failures = Failures([])
    values = int_edges(cast.source) + [v & ((1 << width) - 1) for v in EXTRA_INTS]
    for bits in values:
        number = to_signed(bits, width) if cast.cls is arith.SIToFPOp else bits
        expected = exact_int_to_float(number, cast.target)
        got = run_kernel(op, [int_value(bits, cast.source)])[0]
        failures.check(same_float(expected, got, cast.target, True), "kernel", bits, got)
        folded = fold(op, [as_attr(bits, cast.source)])
        value = attr_value(folded[0], cast.target)
        failures.check(same_float(expected, value, cast.target, True), "folder", bits, value)
    assert not failures.items, "\n".join(failures.items)


FLOAT_INT_CASTS = [
    Cast(arith.FPToSIOp, T.F32, T.I32),
    Cast(arith.FPToSIOp, T.F64, T.I8),
    Cast(arith.FPToSIOp, T.F64, T.I64),
    Cast(arith.FPToSIOp, T.F16, T.I1),
    Cast(arith.FPToUIOp, T.F32, T.I32),
    Cast(arith.FPToUIOp, T.F64, T.I64),
    Cast(arith.FPToUIOp, T.F16, T.I8),
    Cast(arith.FPToUIOp, T.F32, T.I1),
]
EXTRA_FLOATS = [2.0**31, -(2.0**31), 2.0**32 - 1, 2.0**63, -(2.0**63), 127.9, -128.9, -0.5, 255.5]


@pytest.mark.parametrize(
    "cast", FLOAT_INT_CASTS, ids=lambda c: f"{c.cls.name}-{c.source}-{c.target}"
)
def test_float_to_integer(cast: Cast) -> None:
    op = make_op(cast.cls, [cast.source], [cast.target])
    reference = float_to_int(cast.cls is arith.FPToSIOp)
    failures = Failures([])
    values = float_edges(cast.source) + [A.float_to_bits(v, cast.source) for v in EXTRA_FLOATS]
    for bits in values:
        x = float_value(bits, cast.source)
        expected = reference(float(x), cast.target)
        folded = fold(op, [as_attr(bits, cast.source)])
        if expected is FAULT:
            with pytest.raises(InterpreterError, match="poison"):
                run_kernel(op, [x])
            failures.check(folded is None, "folded out of range:", x, folded)
            continue
        got = run_kernel(op, [x])[0]
        failures.check(same_int(expected, got, cast.target), "kernel", x, expected, got)
        failures.check(same_int(expected, folded[0].value, cast.target), "folder", x, folded)
    assert not failures.items, "\n".join(failures.items)


def exact_in(value: float, t: T.FloatType) -> bool:
    with np.errstate(all="ignore"):
        return float(np.asarray(value, DTYPES[t.name])) == value


@pytest.mark.parametrize("source,target", [("f32", "f64"), ("f16", "f32"), ("f16", "f64")])
def test_extf(source: str, target: str) -> None:
    s, t = FLOAT_TYPES[source], FLOAT_TYPES[target]
    op = make_op(arith.ExtFOp, [s], [t])
    for bits in float_edges(s):
        x = float_value(bits, s)
        got = run_kernel(op, [x])[0]
        assert same_float(DTYPES[target](x), got, t, False), (hex(bits), got)
        folded = fold(op, [as_attr(bits, s)])
        if signaling(bits, s):
            assert folded is None  # converting a signaling NaN signals: MLIR does not fold
            continue
        value = attr_value(folded[0], t)
        if is_nan(x):  # the payload moves to the top of the wider mantissa
            shift = t.precision - s.precision
            payload = bits & ((1 << (s.precision - 1)) - 1)
            assert float_bits(value) & ((1 << (t.precision - 1)) - 1) == payload << shift
        else:
            assert float(value) == float(x) and float_bits(value) == float_bits(got)


ROUNDING = {name: index for index, name in enumerate(arith.ROUNDING_MODES)}


def round_exactly(value: float, t: T.FloatType, mode: str):
    """`value` rounded to `t` by `mode`, from the two neighbours, in exact rationals."""
    dtype = DTYPES[t.name]
    if exact_in(value, t):
        return dtype(value)
    nearest = dtype(float(value)) if abs(value) < 2**1000 else dtype(math.inf)
    candidates = {
        nearest,
        np.nextafter(nearest, dtype(-np.inf)),
        np.nextafter(nearest, dtype(np.inf)),
    }
    finite = [c for c in candidates if np.isfinite(c)]
    below = max((c for c in finite if Fraction(float(c)) <= value), default=dtype(-np.inf))
    above = min((c for c in finite if Fraction(float(c)) >= value), default=dtype(np.inf))
    if below == above or mode == "to_nearest_even":
        return nearest if mode == "to_nearest_even" else below
    if mode == "downward":
        return below
    if mode == "upward":
        return above
    if mode == "toward_zero":
        return below if value > 0 else above
    if np.isfinite(below) and np.isfinite(above):  # to_nearest_away: ties away from zero
        low, high = Fraction(float(below)), Fraction(float(above))
        if Fraction(value) - low == high - Fraction(value):
            return above if value > 0 else below
    return nearest


@pytest.mark.filterwarnings("ignore:overflow encountered")
@pytest.mark.filterwarnings("ignore:invalid value encountered")
@pytest.mark.parametrize("mode", arith.ROUNDING_MODES)
@pytest.mark.parametrize("source,target", [("f64", "f32"), ("f32", "f16"), ("f64", "f16")])
def test_truncf(source: str, target: str, mode: str) -> None:
    s, t = FLOAT_TYPES[source], FLOAT_TYPES[target]
    props = {"roundingmode": A.IntegerAttr(ROUNDING[mode], T.I32)}
    op = make_op(arith.TruncFOp, [s], [t], props)
    extra = [1 + 2.0**-11, 1 + 3 * 2.0**-12, 1 + 2.0**-24, -(1 + 2.0**-24), 1 + 2.0**-30, 1e300]
    extra += [65519.0, 65520.0, -65520.0, 2.0**-25, -(2.0**-25), 3 * 2.0**-26]
    values = float_edges(s) + [A.float_to_bits(v, s) for v in extra]
    failures = Failures([])
    for bits in values:
        x = float_value(bits, s)
        got = run_kernel(op, [x])[0]
        if not np.isfinite(x):
            failures.check(same_float(DTYPES[target](x), got, t, False), "kernel", x, got)
            continue
        expected = round_exactly(float(x), t, mode)
        failures.check(same_float(expected, got, t, True), "kernel", mode, x, expected, got)
        folded = fold(op, [as_attr(bits, s)])
        if exact_in(float(x), t):
            failures.check(folded is not None, "exact value not folded", x)
        else:
            failures.check(folded is None, "inexact truncf folded", x, folded)
    assert not failures.items, "\n".join(failures.items)


@pytest.mark.parametrize(
    "source,target",
    [("i32", "f32"), ("f32", "i32"), ("i16", "f16"), ("f64", "index"), ("i64", "f64")],
)
def test_bitcast(source: str, target: str) -> None:
    types = {**INT_TYPES, **FLOAT_TYPES}
    s, t = types[source], types[target]
    op = make_op(arith.BitcastOp, [s], [t])
    edges = float_edges(s) if source in FLOAT_TYPES else int_edges(s)
    for bits in edges:
        x = float_value(bits, s) if source in FLOAT_TYPES else int_value(bits, s)
        got = run_kernel(op, [x])[0]
        width = width_of(t)
        assert int(np.asarray(got).view(f"u{width // 8}")) == bits, (hex(bits), got)
        folded = fold(op, [as_attr(bits, s)])[0]
        folded_bits = folded.bits if isinstance(folded, A.FloatAttr) else folded.value
        assert folded_bits & ((1 << width) - 1) == bits


# -- extended arithmetic ----------------------------------------------------------------------

EXTENDED_REFERENCE = {
    arith.AddUIExtendedOp: lambda a, b, w: (a + b, (a + b) >> w),
    arith.MulUIExtendedOp: lambda a, b, w: (a * b, (a * b) >> w),
    arith.MulSIExtendedOp: lambda a, b, w: (
        to_signed(a, w) * to_signed(b, w),
        (to_signed(a, w) * to_signed(b, w)) >> w,
    ),
}


@pytest.mark.parametrize("type_name", ["i1", "i8", "i16", "i32", "i64", "index"])
@pytest.mark.parametrize("cls", list(EXTENDED_REFERENCE), ids=lambda c: c.name)
def test_extended(cls, type_name: str) -> None:
    t = INT_TYPES[type_name]
    width = width_of(t)
    second = T.I1 if cls is arith.AddUIExtendedOp else t
    op = make_op(cls, [t, t], [t, second])
    failures = Failures([])
    pairs = list(itertools.product(int_edges(t), repeat=2))
    for a, b in pairs:
        low, high = EXTENDED_REFERENCE[cls](a, b, width)
        got = run_kernel(op, [int_value(a, t), int_value(b, t)])
        failures.check(same_int(low, got[0], t), "kernel low", a, b, got)
        failures.check(same_int(high, got[1], second), "kernel high", a, b, got)
        folded = fold(op, [as_attr(a, t), as_attr(b, t)])
        if folded is not None and isinstance(folded[0], A.Attribute):
            failures.check(same_int(low, folded[0].value, t), "folder low", a, b, folded)
            failures.check(same_int(high, folded[1].value, second), "folder high", a, b, folded)
        else:
            failures.check(b == 0 or (b == 1 and cls is arith.MulUIExtendedOp), "no fold", a, b)
    vector, second_vector = T.VectorType((len(pairs),), t), T.VectorType((len(pairs),), second)
    vop = make_op(cls, [vector, vector], [vector, second_vector])
    lhs = np.array([int_value(a, t) for a, _ in pairs])
    rhs = np.array([int_value(b, t) for _, b in pairs])
    low, high = run_kernel(vop, [lhs, rhs])
    for (a, b), got_low, got_high in zip(pairs, low, high, strict=True):
        want_low, want_high = EXTENDED_REFERENCE[cls](a, b, width)
        failures.check(same_int(want_low, got_low, t), "vector low", a, b, got_low)
        failures.check(same_int(want_high, got_high, second), "vector high", a, b, got_high)
    assert not failures.items, "\n".join(failures.items)


# -- constants --------------------------------------------------------------------------------


def test_constants_keep_their_bits() -> None:
    for t in FLOAT_TYPES.values():
        for bits in float_edges(t):
            op = make_op(arith.ConstantOp, [], [t], {"value": A.FloatAttr.from_bits(bits, t)})
            got = run_kernel(op, [])[0]
            assert float_bits(got) == bits and isinstance(got, np.generic)
    for t in INT_TYPES.values():
        for bits in int_edges(t):
            op = make_op(arith.ConstantOp, [], [t], {"value": A.IntegerAttr(bits, t)})
            got = run_kernel(op, [])[0]
            assert same_int(bits, got, t) and got.dtype == int_value(0, t).dtype
    vector = T.TensorType((2, 2), T.F32)
    dense = A.DenseElementsAttr(vector, np.array([1.0], np.float32), True)
    op = make_op(arith.ConstantOp, [], [vector], {"value": dense})
    got = run_kernel(op, [])[0]
    assert got.shape == (2, 2) and got.dtype == np.float32 and (got == 1).all()
    assert got.flags.writeable


# -- every op has its rows -------------------------------------------------------------------------

TESTED_ELSEWHERE = {  # ops whose numerics are tested by a dedicated test above
    arith.ConstantOp: "test_constants_keep_their_bits",
    arith.NegFOp: "test_negf_flips_the_sign_bit",
    arith.CmpIOp: "test_cmpi",
    arith.CmpFOp: "test_cmpf",
    arith.SelectOp: "test_select_scalar_and_vector_conditions",
    arith.ExtFOp: "test_extf",
    arith.TruncFOp: "test_truncf",
    arith.BitcastOp: "test_bitcast",
}


def test_every_arith_op_has_a_kernel_a_folder_and_a_numeric_test() -> None:
    from irc.dialects.arith_folds import FOLDERS
    from irc.runtime.kernels.arith import KERNELS

    tested = set(INT_REFERENCES) | set(FLOAT_REFERENCES) | set(EXTENDED_REFERENCE)
    tested |= {c.cls for c in INT_CASTS + INT_FLOAT_CASTS + FLOAT_INT_CASTS}
    tested |= set(TESTED_ELSEWHERE)
    for cls in arith.OPS.values():
        assert cls in KERNELS, f"no interpreter kernel for '{cls.name}'"
        assert cls in FOLDERS, f"no folder for '{cls.name}'"
        assert cls in tested, f"no numeric test row for '{cls.name}'"
