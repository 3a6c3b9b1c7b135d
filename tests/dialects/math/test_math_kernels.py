"""Table-driven tests of the math interpreter kernels on edge values, per dtype.

One row per op: the reference, written independently of the kernels (numpy in float64,
Python's math module, exact fractions or decimals, plain integer arithmetic), and how many
units in the last place the kernel may be off (0: bit for bit, signed zeros included).
Each op runs through the interpreter on a vector of edge values (0, -0.0, ±inf, NaN,
halfway cases, the smallest subnormal, the largest finite, ...) and a few seeded random
ones, and on one scalar.
"""

from __future__ import annotations

import decimal
import math
from fractions import Fraction

import numpy as np
import pytest

from irc.frontend.parser import parse
from irc.ir.verifier import verify
from irc.runtime.interpreter import run

FLOAT_TYPES = {"f16": np.float16, "f32": np.float32, "f64": np.float64}
INT_TYPES = {"i8": np.int8, "i16": np.int16, "i32": np.int32, "i64": np.int64}


def edge_values(dtype) -> np.ndarray:
    info = np.finfo(dtype)
    values = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 0.5, -0.5, 1.5, -2.5, 2.5]
    values += [3.0, 0.25, 0.75, 1e-3, -7.0, 10.0, 100.0, 0.9990234375, np.pi, -np.e]
    values += [float(info.smallest_normal), float(info.smallest_subnormal), -float(info.max)]
    values += [float(info.max), float(np.nextafter(dtype(0.5), dtype(0)))]
    spread = np.random.default_rng(7).standard_normal(16) * np.repeat([0.1, 1, 10, 30], 4)
    with np.errstate(all="ignore"):
        return np.concatenate([values, spread]).astype(dtype)


# -- references -----------------------------------------------------------------------------


def via_f64(function):
    """A numpy float64 function (or a Python one on each element), rounded to the dtype."""

    def reference(x: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.asarray(function(x.astype(np.float64))).astype(x.dtype)

    return reference


def python_elementwise(function):
    def apply(x: np.ndarray) -> np.ndarray:
        return np.array([function(float(v)) for v in x], dtype=np.float64)

    return apply


def c_round(value: float) -> float:
    """Round half away from zero, by exact decimal arithmetic."""
    if not math.isfinite(value):
        return value
    rounded = float(decimal.Decimal(value).to_integral_value(decimal.ROUND_HALF_UP))
    return math.copysign(rounded, value)


def is_normal(value: float, dtype) -> bool:
    return math.isfinite(value) and abs(value) >= float(np.finfo(dtype).smallest_normal)


UNARY = {  # op: (reference, allowed ulps)
    "absf": (via_f64(np.abs), 0),
    "acos": (via_f64(np.arccos), 1),
    "acosh": (via_f64(np.arccosh), 1),
    "asin": (via_f64(np.arcsin), 1),
    "asinh": (via_f64(np.arcsinh), 1),
    "atan": (via_f64(np.arctan), 1),
    "atanh": (via_f64(np.arctanh), 1),
    "cbrt": (via_f64(np.cbrt), 1),
    "ceil": (via_f64(np.ceil), 0),
    "cos": (via_f64(np.cos), 1),
    "cosh": (via_f64(np.cosh), 1),
    "erf": (via_f64(python_elementwise(math.erf)), 1),
    "erfc": (via_f64(python_elementwise(math.erfc)), 1),
    "exp": (via_f64(np.exp), 1),
    "exp2": (via_f64(np.exp2), 1),
    "expm1": (via_f64(np.expm1), 1),
    "floor": (via_f64(np.floor), 0),
    "log": (via_f64(np.log), 1),
    "log10": (via_f64(np.log10), 1),
    "log1p": (via_f64(np.log1p), 1),
    "log2": (via_f64(np.log2), 1),
    "round": (via_f64(python_elementwise(c_round)), 0),
    "roundeven": (via_f64(np.rint), 0),
    "rsqrt": (via_f64(lambda x: 1.0 / np.sqrt(x)), 1),
    "sin": (via_f64(np.sin), 1),
    "sinh": (via_f64(np.sinh), 1),
    "sqrt": (via_f64(np.sqrt), 0),
    "tan": (via_f64(np.tan), 1),
    "tanh": (via_f64(np.tanh), 1),
    "trunc": (via_f64(np.trunc), 0),
}

BINARY = {
    "atan2": (via_f64(lambda xy: np.arctan2(*xy)), 1),
    "copysign": (via_f64(lambda xy: np.copysign(*xy)), 0),
    "powf": (via_f64(lambda xy: np.power(*xy)), 1),
}

CLASSES = {
    "isnan": math.isnan,
    "isinf": math.isinf,
    "isfinite": math.isfinite,
    "isnormal": is_normal,
}


# -- running ops through the interpreter -----------------------------------------------------


def run_op(op_text: str, arg_types: list[str], result_types: list[str], *args) -> list:
    params = ", ".join(f"%a{i}: {t}" for i, t in enumerate(arg_types))
    names = ", ".join(f"%a{i}" for i in range(len(arg_types)))
    results = ", ".join(f"%r#{i}" for i in range(len(result_types)))
    count = f":{len(result_types)}" if len(result_types) > 1 else ""
    results = results if len(result_types) > 1 else "%r"
    text = (
        f"func.func @f({params}) -> ({', '.join(result_types)}) {{\n"
        f"  %r{count} = {op_text.format(args=names)}\n"
        f"  return {results} : {', '.join(result_types)}\n"
        "}\n"
    )
    module = parse(text, "kernel.mlir")
    verify(module)
    return run(module, "f", *args)


def vector(t: str, n: int) -> str:
    return f"vector<{n}x{t}>"


def ordered(bits: np.ndarray) -> np.ndarray:
    """Float bit patterns (as signed ints) mapped to a scale where adjacent floats differ by 1."""
    bits = bits.astype(np.int64)
    return np.where(bits < 0, np.iinfo(np.int64).min - bits, bits)


def assert_close(actual, expected: np.ndarray, ulps: int, what: str) -> None:
    actual = np.asarray(actual)
    assert actual.dtype == expected.dtype, what
    nan = np.isnan(expected)
    assert (np.isnan(actual) == nan).all(), f"{what}: NaN where {expected} has {actual}"
    ints = f"i{expected.dtype.itemsize}"
    got, want = actual[~nan].view(ints), expected[~nan].view(ints)
    distance = np.abs(ordered(got) - ordered(want))
    bad = distance > ulps
    assert not bad.any(), (
        f"{what}: inputs give {actual[~nan][bad]}, expected {expected[~nan][bad]} "
        f"(within {ulps} ulp)"
    )


# -- float ops ------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype_name", FLOAT_TYPES)
@pytest.mark.parametrize("op", UNARY)
def test_unary_float_kernel(op: str, dtype_name: str):
    dtype = FLOAT_TYPES[dtype_name]
    reference, ulps = UNARY[op]
    x = edge_values(dtype)
    vt = vector(dtype_name, len(x))
    (result,) = run_op(f"math.{op} {{args}} : {vt}", [vt], [vt], x)
    assert_close(result, reference(x), ulps, f"math.{op} on {dtype_name}")
    (scalar,) = run_op(
        f"math.{op} {{args}} fastmath<fast> : {dtype_name}", [dtype_name], [dtype_name], x[9]
    )
    assert isinstance(scalar, dtype)
    assert_close(np.array([scalar]), reference(x[9:10]), ulps, f"math.{op} on a scalar")


def pairs(dtype) -> tuple[np.ndarray, np.ndarray]:
    values = edge_values(dtype)
    lhs, rhs = np.meshgrid(values, values)
    return lhs.reshape(-1), rhs.reshape(-1)


@pytest.mark.parametrize("dtype_name", FLOAT_TYPES)
@pytest.mark.parametrize("op", BINARY)
def test_binary_float_kernel(op: str, dtype_name: str):
    dtype = FLOAT_TYPES[dtype_name]
    reference, ulps = BINARY[op]
    lhs, rhs = pairs(dtype)
    vt = vector(dtype_name, len(lhs))
    (result,) = run_op(f"math.{op} {{args}} : {vt}", [vt, vt], [vt], lhs, rhs)
    expected = reference(np.stack([lhs, rhs])).astype(dtype)
    assert_close(result, expected, ulps, f"math.{op} on {dtype_name}")


@pytest.mark.parametrize("dtype_name", FLOAT_TYPES)
@pytest.mark.parametrize("op", CLASSES)
def test_float_class_kernel(op: str, dtype_name: str):
    dtype = FLOAT_TYPES[dtype_name]
    x = edge_values(dtype)
    vt = vector(dtype_name, len(x))
    (result,) = run_op(f"math.{op} {{args}} : {vt}", [vt], [vector("i1", len(x))], x)
    classify = CLASSES[op]
    args = (dtype,) if op == "isnormal" else ()
    assert result.dtype == np.bool_
    assert result.tolist() == [classify(float(v), *args) for v in x]


def round_fraction(exact: Fraction, dtype):
    """The float of `dtype` nearest to `exact`, ties to even; infinity past the largest
    finite value by half an ulp or more."""
    top = np.finfo(dtype).max
    last_ulp = Fraction(float(top)) - Fraction(float(np.nextafter(top, dtype(0))))
    if abs(exact) >= Fraction(float(top)) + last_ulp / 2:
        return dtype(math.inf if exact > 0 else -math.inf)
    near = dtype(float(exact))
    candidates = [np.nextafter(near, dtype(-np.inf)), near, np.nextafter(near, dtype(np.inf))]
    finite = [c for c in candidates if np.isfinite(c)]

    def distance(c):
        return abs(Fraction(float(c)) - exact)

    best = min(distance(c) for c in finite)
    ties = [c for c in finite if distance(c) == best]
    ints = f"i{np.dtype(dtype).itemsize}"
    return min(ties, key=lambda c: int(np.array(c).view(ints)) & 1)


def reference_fma(a, b, c, dtype):
    if not all(math.isfinite(float(v)) for v in (a, b, c)):
        return dtype(float(a) * float(b) + float(c))
    exact = Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c))
    if exact == 0:
        return dtype(float(a) * float(b) + float(c))
    return round_fraction(exact, dtype)


@pytest.mark.parametrize("dtype_name", FLOAT_TYPES)
def test_fma_rounds_once(dtype_name: str):
    dtype = FLOAT_TYPES[dtype_name]
    eps = float(np.finfo(dtype).eps)
    a = [1 + eps, 1 + eps, 2.0, 0.0, -0.0, np.inf, 0.0, 1.5, np.nan, 3.0, -1.0]
    b = [1 - eps, 1 + eps, 3.0, -5.0, 5.0, 0.0, np.inf, 1.5, 1.0, float(np.finfo(dtype).max)]
    b += [-0.0]
    c = [-1.0, -1.0, 1.0, 0.0, -0.0, 1.0, 1.0, -2.25, 0.0, -float(np.finfo(dtype).max), 0.0]
    a, b, c = (np.array(v, dtype=np.float64).astype(dtype) for v in (a, b, c))
    vt = vector(dtype_name, len(a))
    (result,) = run_op(f"math.fma {{args}} : {vt}", [vt, vt, vt], [vt], a, b, c)
    expected = np.array([reference_fma(*abc, dtype) for abc in zip(a, b, c, strict=True)])
    assert_close(result, expected.astype(dtype), 0, f"math.fma on {dtype_name}")
    if dtype_name != "f16":  # (1 + eps)(1 - eps) - 1 is -eps^2, which a*b+c loses
        assert result[0] == dtype(-(eps * eps)) and a[0] * b[0] + c[0] == 0


@pytest.mark.parametrize("dtype_name", FLOAT_TYPES)
@pytest.mark.parametrize("int_name", ["i32", "i8"])
def test_fpowi(dtype_name: str, int_name: str):
    dtype, itype = FLOAT_TYPES[dtype_name], INT_TYPES[int_name]
    x = np.array([2.0, -2.0, 0.5, 0.0, -0.0, np.inf, np.nan, 1.0, -1.0, 3.0, 10.0, 1.5])
    n = np.array([3, 3, -2, -1, -1, -1, 0, 100, 101, 0, 2, 5])
    x, n = x.astype(dtype), n.astype(itype)
    vt, it = vector(dtype_name, len(x)), vector(int_name, len(x))
    (result,) = run_op(f"math.fpowi {{args}} : {vt}, {it}", [vt, it], [vt], x, n)
    with np.errstate(all="ignore"):
        expected = np.power(x.astype(np.float64), n.astype(np.float64)).astype(dtype)
    assert_close(result, expected, 1, f"math.fpowi on {dtype_name}")


@pytest.mark.parametrize("dtype_name", FLOAT_TYPES)
def test_clampf_and_sincos(dtype_name: str):
    dtype = FLOAT_TYPES[dtype_name]
    x = edge_values(dtype)
    low = np.full_like(x, -1.0)
    high = np.full_like(x, 2.0)
    low[0], high[1] = np.nan, np.nan
    vt = vector(dtype_name, len(x))
    clamp = f"math.clampf %a0 to [%a1, %a2] : {vt}"
    (result,) = run_op(clamp, [vt, vt, vt], [vt], x, low, high)
    expected = []
    for value, lo, hi in zip(x.tolist(), low.tolist(), high.tolist(), strict=True):
        if math.isnan(value) or math.isnan(lo) or math.isnan(hi):
            expected.append(math.nan)
        else:
            expected.append(min(max(value, lo), hi))
    assert_close(result, np.array(expected).astype(dtype), 0, "math.clampf")
    sin, cos = run_op(f"math.sincos {{args}} : {vt}", [vt], [vt, vt], x)
    assert_close(sin, UNARY["sin"][0](x), 1, "math.sincos (sin)")
    assert_close(cos, UNARY["cos"][0](x), 1, "math.sincos (cos)")


# -- integer ops ----------------------------------------------------------------------------


def int_edges(width: int) -> list[int]:
    low, high = -(1 << (width - 1)), (1 << (width - 1)) - 1
    return [0, 1, -1, 2, 3, -2, 7, low, high, low + 1, high - 1, 0x55 % (1 << (width - 1))]


def wrap(value: int, width: int) -> int:
    value &= (1 << width) - 1
    return value - (1 << width) if value >> (width - 1) else value


def python_ctlz(v: int, width: int) -> int:
    return width - (v % (1 << width)).bit_length()


def python_cttz(v: int, width: int) -> int:
    v %= 1 << width
    count = 0
    while count < width and not v >> count & 1:
        count += 1
    return count


def python_ctpop(v: int, width: int) -> int:
    return bin(v % (1 << width)).count("1")


INT_UNARY = {
    "absi": lambda v, w: wrap(abs(v), w),
    "ctlz": python_ctlz,
    "cttz": python_cttz,
    "ctpop": python_ctpop,
}


@pytest.mark.parametrize("int_name", INT_TYPES)
@pytest.mark.parametrize("op", INT_UNARY)
def test_unary_int_kernel(op: str, int_name: str):
    itype = INT_TYPES[int_name]
    width = np.dtype(itype).itemsize * 8
    values = int_edges(width)
    vt = vector(int_name, len(values))
    (result,) = run_op(f"math.{op} {{args}} : {vt}", [vt], [vt], np.array(values, dtype=itype))
    assert result.dtype == itype
    assert result.tolist() == [INT_UNARY[op](v, width) for v in values]


def python_ipowi(base: int, exponent: int, width: int) -> int:
    if exponent < 0:
        return 1 if base == 1 else (-1 if exponent % 2 else 1) if base == -1 else 0
    result = 1
    for _ in range(exponent):
        result = wrap(result * base, width)
    return result


@pytest.mark.parametrize("int_name", INT_TYPES)
def test_ipowi_wraps(int_name: str):
    itype = INT_TYPES[int_name]
    width = np.dtype(itype).itemsize * 8
    bases = [b for b in int_edges(width) if b != 0] + [0]
    exponents = [0, 1, 2, 3, 7, 8, 63, -1, -2, -3]
    cases = [(b, e) for b in bases for e in exponents if not (b == 0 and e < 0)]
    lhs = np.array([b for b, _ in cases], dtype=itype)
    rhs = np.array([wrap(e, width) for _, e in cases], dtype=itype)
    vt = vector(int_name, len(cases))
    (result,) = run_op(f"math.ipowi {{args}} : {vt}", [vt, vt], [vt], lhs, rhs)
    expected = [python_ipowi(b, wrap(e, width), width) for b, e in cases]
    assert result.tolist() == expected


def test_ipowi_of_zero_to_a_negative_power_is_a_located_error():
    from irc.ir.diagnostics import IRError

    with pytest.raises(IRError, match="division by zero"):
        run_op("math.ipowi {args} : i32", ["i32", "i32"], ["i32"], 0, -1)
