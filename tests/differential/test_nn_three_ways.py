"""Every nn op three ways: the interpreter on the nn program, the interpreter on its
loop-level lowering (`nn-to-loops`: scf, memref, arith, math) and `irc.jit` give the same
results (tests/differential/three_ways.py runs and compares them).

One row per op and operand kind (`CASES`): static shapes, broadcasting, f32 and f64, i32,
i1 and i8 where the op takes them, and special values (NaN, infinities, signed zeros,
1e30) among float inputs. All rows are functions of one module, lowered and compiled once.
`DYNAMIC` holds rows with `?` sizes, in a second module.

Tolerances, against the nn interpreter's results (integers and i1 are always exact):

- EXACT: ops that are exactly rounded (arithmetic, sqrt, comparisons, min/max, casts,
  shape ops, max/min reductions, argmax, random bits and uniform draws): the same bits.
- MATH: exp, log, tanh and the functions built on them. The loop-level interpreter runs
  the same numpy functions as the nn kernels, but irc.jit runs
  math-polynomial-approximation's polynomials (about 1-2 ulp; docs/jit.md): rtol 4 ulp of
  the element type, and an atol of 4 ulp at 1 for results near zero that come from a
  cancellation (expm1, log1p and tanh near 0 are computed directly, sigmoid and softplus
  of large arguments are not).
- SUM: sums, means, products, logsumexp, softmax and the losses accumulate in f64 on every
  path, but in different orders (the loops by the lowering's iteration order), so the f64
  values may differ in their last bits before the rounding to f32: rtol 1e-6 (f32) covers
  a rounding step and the JIT's exp and log.
- DOT: a matrix product of f32 accumulates in f32 once lowered (as BLAS does), the
  interpreter's in f64: the classic bound of a k-term dot product, k * eps * (|A| @ |B|).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pytest

from irc.dialects.nn import OPS as NN_OPS
from tests.differential.three_ways import EXACT, ThreeWays, Tolerance, check_close


def _ulps(count: int, dtype) -> float:
    return count * float(np.finfo(dtype).eps)


MATH = {
    dtype: Tolerance(_ulps(4, dtype), _ulps(4, dtype), "the JIT's polynomial math, 1-2 ulp")
    for dtype in (np.float16, np.float32, np.float64)
}
SUM = Tolerance(1e-6, 1e-6, "f64 accumulation in different orders, rounded to f32")
SUM16 = Tolerance(1e-3, 1e-3, "f64 or f32 accumulation in different orders, rounded to f16")
SUM64 = Tolerance(1e-13, 1e-13, "f64 accumulation in different orders")
DOT = Tolerance(reason="f32 accumulation after lowering: k * eps * (|A| @ |B|)")

# -- inputs -----------------------------------------------------------------------------------

SPECIAL = np.array([0.0, -0.0, np.nan, np.inf, -np.inf, 1e30, -1e30, 3.5, -2.5])
Make = Callable[[np.random.Generator], np.ndarray]


def floats(*shape: int, dtype=np.float32, special: bool = True, scale: float = 3.0) -> Make:
    def make(rng: np.random.Generator) -> np.ndarray:
        x = np.asarray(rng.standard_normal(shape) * scale)
        if special and x.size >= 4:
            flat = x.reshape(-1)
            picks = rng.choice(flat.size, size=min(flat.size // 2, len(SPECIAL)), replace=False)
            flat[picks] = SPECIAL[: picks.size]
        with np.errstate(over="ignore"):  # 1e30 is inf in f16
            return x.astype(dtype)

    return make


def wide(*shape: int, dtype=np.float32) -> Make:
    """Magnitudes from 1e-4 to 300 (exp overflows, tanh saturates, log sees tiny values),
    with the special values."""

    def make(rng: np.random.Generator) -> np.ndarray:
        x = floats(*shape, dtype=np.float64, scale=1.0)(rng)
        return (x * 10.0 ** rng.uniform(-4, 2.5, shape)).astype(dtype)

    return make


def positive(*shape: int, dtype=np.float32) -> Make:
    return lambda rng: rng.uniform(0.05, 5.0, shape).astype(dtype)


def ints(*shape: int, dtype=np.int32, low: int | None = None, high: int | None = None) -> Make:
    info = np.iinfo(dtype)
    low = info.min if low is None else low
    high = info.max if high is None else high
    return lambda rng: rng.integers(low, high, shape, endpoint=True).astype(dtype)


def nonzero(*shape: int, dtype=np.int32) -> Make:
    """Divisors: never zero, with -1 against the type's minimum somewhere."""

    def make(rng: np.random.Generator) -> np.ndarray:
        x = rng.integers(1, 40, shape) * rng.choice([-1, 1], shape)
        x.reshape(-1)[0] = -1
        return x.astype(dtype)

    return make


def bools(*shape: int) -> Make:
    return lambda rng: rng.integers(0, 2, shape).astype(bool)


def scalar(value, dtype) -> Make:
    return lambda rng: np.array(value, dtype)


def labels(*shape: int, classes: int, dtype=np.int32) -> Make:
    return lambda rng: rng.integers(0, classes, shape).astype(dtype)


def probabilities(*shape: int) -> Make:
    def make(rng: np.random.Generator) -> np.ndarray:
        p = rng.uniform(0.01, 1, shape)
        p.reshape(-1)[:2] = [0.0, 1.0]
        return p.astype(np.float32)

    return make


def with_minimum(make: Make) -> Make:
    """`make`'s integers with the type's minimum first (MIN / -1 and -MIN wrap)."""

    def made(rng: np.random.Generator) -> np.ndarray:
        x = make(rng)
        x.reshape(-1)[0] = np.iinfo(x.dtype).min
        return x

    return made


# -- the table --------------------------------------------------------------------------------


@dataclass
class Case:
    """A function `@<id>(params) -> results`: `body` is one op (its result returned) or
    several lines ending in `return`."""

    id: str
    params: str
    body: str
    results: str
    args: list[Make]
    tolerance: Tolerance = EXACT
    xfail: str = ""  # the reason, where the three ways are known to disagree
    matmul_flags: str = field(default="")

    def text(self) -> str:
        lines = self.body if "\n" in self.body else f"%r = {self.body}\nreturn %r : {self.results}"
        indented = "\n".join(f"  {line.strip()}" for line in lines.strip().splitlines())
        return f"func.func @{self.id}({self.params}) -> ({self.results}) {{\n{indented}\n}}\n"

    def arguments(self) -> list[np.ndarray]:
        rng = np.random.default_rng(zlib.crc32(self.id.encode()))
        return [make(rng) for make in self.args]


def _shape(t: str) -> tuple[int, ...]:
    return tuple(int(d) for d in t[len("tensor<") : -1].split("x")[:-1])


def unary(name: str, element: str, make: Make, tolerance: Tolerance = EXACT) -> Case:
    t = f"tensor<8x16x{element}>"
    return Case(f"{name}_{element}", f"%x: {t}", f"nn.{name} %x : {t}", t, [make], tolerance)


def binary(name: str, ta: str, tb: str, tr: str, a: Make, b: Make, tolerance=EXACT) -> Case:
    element = ta.rsplit("x", 1)[-1].rstrip(">").removeprefix("tensor<")
    shapes = "_".join("x".join(map(str, _shape(t))) or "0d" for t in (ta, tb))
    return Case(
        f"{name}_{element}_{shapes}",
        f"%a: {ta}, %b: {tb}",
        f"nn.{name} %a, %b : ({ta}, {tb}) -> {tr}",
        tr,
        [a, b],
        tolerance,
    )


CASES: list[Case] = []

for _name in ["exp", "expm1", "log", "log1p", "tanh", "sigmoid", "softplus", "rsqrt"]:
    CASES.append(unary(_name, "f32", wide(8, 16), MATH[np.float32]))
    CASES.append(unary(_name, "f64", wide(8, 16, dtype=np.float64), MATH[np.float64]))
CASES.append(unary("sqrt", "f32", wide(8, 16)))
CASES.append(unary("sqrt", "f64", wide(8, 16, dtype=np.float64)))
for _name in ["neg", "abs", "sign", "relu"]:
    CASES.append(unary(_name, "f32", floats(8, 16)))
    CASES.append(unary(_name, "i32", with_minimum(ints(8, 16))))
CASES.append(unary("abs", "i8", with_minimum(ints(8, 16, dtype=np.int8))))

_F = "tensor<3x4xf32>"
for _name in ["add", "sub", "mul", "div", "maximum", "minimum"]:
    CASES.append(binary(_name, _F, "tensor<4xf32>", _F, floats(3, 4), floats(4)))
    CASES.append(
        binary(_name, "tensor<3x1xi32>", "tensor<4xi32>", "tensor<3x4xi32>",
               with_minimum(ints(3, 1)), nonzero(4))
    )  # fmt: skip
CASES.append(
    binary("add", "tensor<f64>", "tensor<2x3xf64>", "tensor<2x3xf64>",
           floats(dtype=np.float64), floats(2, 3, dtype=np.float64))
)  # fmt: skip
CASES.append(binary("pow", _F, "tensor<f32>", _F, positive(3, 4), scalar(1.5, np.float32),
                    MATH[np.float32]))  # fmt: skip
CASES.append(binary("pow", _F, _F, _F, floats(3, 4), floats(3, 4), MATH[np.float32]))
for _name in ["eq", "ne", "lt", "le", "gt", "ge"]:
    CASES.append(binary(_name, _F, "tensor<4xf32>", "tensor<3x4xi1>", floats(3, 4), floats(4)))
    CASES.append(
        binary(_name, "tensor<3x4xi32>", "tensor<i32>", "tensor<3x4xi1>",
               ints(3, 4, low=-3, high=3), scalar(0, np.int32))
    )  # fmt: skip
CASES += [
    Case("clamp_f32", "%x: tensor<3x4xf32>, %lo: tensor<f32>, %hi: tensor<4xf32>",
         "nn.clamp %x, %lo, %hi : (tensor<3x4xf32>, tensor<f32>, tensor<4xf32>) -> "
         "tensor<3x4xf32>", "tensor<3x4xf32>",
         [floats(3, 4), scalar(-1.0, np.float32), positive(4)]),
    Case("clamp_i32", "%x: tensor<5xi32>, %lo: tensor<i32>, %hi: tensor<i32>",
         "nn.clamp %x, %lo, %hi : (tensor<5xi32>, tensor<i32>, tensor<i32>) -> tensor<5xi32>",
         "tensor<5xi32>", [ints(5, low=-20, high=20), scalar(-10, np.int32),
                           scalar(10, np.int32)]),
    Case("select_f32", "%c: tensor<3x1xi1>, %a: tensor<3x4xf32>, %b: tensor<f32>",
         "nn.select %c, %a, %b : (tensor<3x1xi1>, tensor<3x4xf32>, tensor<f32>) -> "
         "tensor<3x4xf32>", "tensor<3x4xf32>", [bools(3, 1), floats(3, 4), scalar(7, np.float32)]),
    Case("select_i8", "%c: tensor<6xi1>, %a: tensor<6xi8>, %b: tensor<6xi8>",
         "nn.select %c, %a, %b : (tensor<6xi1>, tensor<6xi8>, tensor<6xi8>) -> tensor<6xi8>",
         "tensor<6xi8>", [bools(6), ints(6, dtype=np.int8), ints(6, dtype=np.int8)]),
]  # fmt: skip

_BIG = 1e9
CASTS = [
    ("f32", "i32", floats(12, scale=_BIG)), ("f32", "i8", floats(12, scale=200)),
    ("f32", "i64", floats(12, scale=_BIG)), ("f64", "i32", floats(12, dtype=np.float64)),
    ("f32", "i1", floats(12)), ("i32", "f32", ints(12)), ("i1", "f32", bools(12)),
    ("i1", "i32", bools(12)), ("i32", "i8", ints(12)), ("i8", "i64", ints(12, dtype=np.int8)),
    ("i32", "i1", ints(12, low=-2, high=2)), ("f32", "f64", floats(12)),
    ("f64", "f32", floats(12, dtype=np.float64, scale=1e38)), ("f32", "f16", floats(12)),
    ("f64", "i64", floats(12, dtype=np.float64, scale=1e18)),
]  # fmt: skip
for _source, _target, _make in CASTS:
    CASES.append(
        Case(f"cast_{_source}_{_target}", f"%x: tensor<12x{_source}>",
             f"nn.cast %x : tensor<12x{_source}> to tensor<12x{_target}>",
             f"tensor<12x{_target}>", [_make])
    )  # fmt: skip


def reduction(name: str, axes: str, keepdims: str, result: str, tolerance, element="f32",
              make: Make | None = None) -> Case:  # fmt: skip
    operand = f"tensor<2x3x4x{element}>"
    tag = axes.strip("[]").replace(", ", "").replace(" ", "") or "none"
    return Case(
        f"{name}_{element}_{tag}{'_keep' if keepdims else ''}",
        f"%x: {operand}",
        f"nn.{name} %x {axes}{keepdims} : ({operand}) -> {result}",
        result,
        [make or floats(2, 3, 4, special=False)],
        tolerance,
    )


for _name in ["reduce_sum", "reduce_mean", "reduce_prod", "logsumexp"]:
    CASES.append(reduction(_name, "[1]", "", "tensor<2x4xf32>", SUM))
    CASES.append(reduction(_name, "[0, 2]", " keepdims", "tensor<1x3x1xf32>", SUM))
CASES.append(reduction("reduce_sum", "[0, 1, 2]", "", "tensor<f64>", SUM64, "f64",
                       floats(2, 3, 4, dtype=np.float64, special=False)))  # fmt: skip
CASES.append(reduction("reduce_sum", "[]", "", "tensor<2x3x4xf32>", EXACT))
CASES.append(reduction("logsumexp", "[2]", "", "tensor<2x3xf32>", SUM, make=floats(2, 3, 4)))
for _name in ["reduce_max", "reduce_min"]:
    CASES.append(reduction(_name, "[1]", "", "tensor<2x4xf32>", EXACT, make=floats(2, 3, 4)))
    CASES.append(reduction(_name, "[0, 2]", " keepdims", "tensor<1x3x1xf32>", EXACT))
for _name in ["reduce_sum", "reduce_max", "reduce_min", "reduce_prod"]:
    CASES.append(reduction(_name, "[2]", "", "tensor<2x3xi32>", EXACT, "i32", ints(2, 3, 4)))
CASES += [
    Case("argmax_f32", "%x: tensor<5x6xf32>", "nn.argmax %x axis 1 : (tensor<5x6xf32>) -> "
         "tensor<5xi64>", "tensor<5xi64>", [floats(5, 6)]),
    Case("argmax_i32_keep", "%x: tensor<5x6xi32>", "nn.argmax %x axis 0 keepdims : "
         "(tensor<5x6xi32>) -> tensor<1x6xi64>", "tensor<1x6xi64>", [ints(5, 6, low=-3, high=3)]),
]  # fmt: skip
for _name in ["softmax", "log_softmax"]:
    for _axis in (0, 1):
        CASES.append(
            Case(f"{_name}_{_axis}", "%x: tensor<3x5xf32>",
                 f"nn.{_name} %x axis {_axis} : tensor<3x5xf32>", "tensor<3x5xf32>",
                 [floats(3, 5, special=False, scale=10)], SUM)
        )  # fmt: skip
SOFTMAX_BROADCAST = """
%s = nn.softmax %x axis 0 : tensor<3x4xf32>
%r = nn.mul %s, %y : (tensor<3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
return %r : tensor<2x3x4xf32>
"""
CASES.append(
    Case("softmax_into_a_broadcast", "%x: tensor<3x4xf32>, %y: tensor<2x3x4xf32>",
         SOFTMAX_BROADCAST, "tensor<2x3x4xf32>",
         [floats(3, 4, special=False), positive(2, 3, 4)], SUM)
)  # fmt: skip
for _name in ["cross_entropy", "softmax_cross_entropy"]:
    for _reduction, _result in [("none", "tensor<5xf32>"), ("mean", "tensor<f32>"),
                                ("sum", "tensor<f32>")]:  # fmt: skip
        CASES.append(
            Case(f"{_name}_{_reduction}", "%s: tensor<5x4xf32>, %y: tensor<5xi32>",
                 f"nn.{_name} %s, %y reduction {_reduction} : (tensor<5x4xf32>, tensor<5xi32>)"
                 f" -> {_result}", _result, [positive(5, 4), labels(5, classes=4)], SUM)
        )  # fmt: skip

MATMULS = [
    ("tensor<4x3xf32>", "tensor<3x5xf32>", "", "tensor<4x5xf32>"),
    ("tensor<4x3xf32>", "tensor<5x3xf32>", " transpose_b", "tensor<4x5xf32>"),
    ("tensor<3x4xf32>", "tensor<3x5xf32>", " transpose_a", "tensor<4x5xf32>"),
    ("tensor<3x4xf32>", "tensor<5x3xf32>", " transpose_a transpose_b", "tensor<4x5xf32>"),
    ("tensor<2x4x3xf32>", "tensor<2x3x5xf32>", "", "tensor<2x4x5xf32>"),
    ("tensor<2x1x4x3xf32>", "tensor<3x5x3xf32>", " transpose_b", "tensor<2x3x4x5xf32>"),
    ("tensor<4x7xf64>", "tensor<7x5xf64>", "", "tensor<4x5xf64>"),
    ("tensor<4x3xi32>", "tensor<3x2xi32>", "", "tensor<4x2xi32>"),
    ("tensor<3x3xi8>", "tensor<3x3xi8>", " transpose_b", "tensor<3x3xi8>"),
]


def _maker(t: str) -> Make:
    element = t[-4:-1].lstrip("x")
    dtype = {"f32": np.float32, "f64": np.float64, "i32": np.int32, "i8": np.int8}[element]
    if element[0] == "f":
        return floats(*_shape(t), dtype=dtype, special=False)
    return ints(*_shape(t), dtype=dtype)


for _index, (_ta, _tb, _flags, _tr) in enumerate(MATMULS):
    CASES.append(
        Case(f"matmul_{_index}", f"%a: {_ta}, %b: {_tb}",
             f"nn.matmul %a, %b{_flags} : ({_ta}, {_tb}) -> {_tr}", _tr,
             [_maker(_ta), _maker(_tb)], EXACT if "i" in _tr[-4:] else DOT, matmul_flags=_flags)
    )  # fmt: skip

# f16 (computed in f32 or f64 and rounded once), other integer widths (wrapping), and
# empty dimensions (no iterations: the sum of nothing is 0, its mean NaN).
_H = "tensor<3x4xf16>"
_HALF = floats(3, 4, dtype=np.float16)
CASES += [
    Case("exp_f16", f"%x: {_H}", f"nn.exp %x : {_H}", _H, [_HALF], MATH[np.float16]),
    Case("tanh_f16", f"%x: {_H}", f"nn.tanh %x : {_H}", _H, [_HALF], MATH[np.float16]),
    Case("abs_f16", f"%x: {_H}", f"nn.abs %x : {_H}", _H, [_HALF]),
    Case("add_f16", f"%x: {_H}, %y: tensor<4xf16>",
         f"nn.add %x, %y : ({_H}, tensor<4xf16>) -> {_H}", _H,
         [_HALF, floats(4, dtype=np.float16)]),
    Case("reduce_sum_f16", f"%x: {_H}", f"nn.reduce_sum %x [1] : ({_H}) -> tensor<3xf16>",
         "tensor<3xf16>", [floats(3, 4, dtype=np.float16, special=False)], SUM16),
    Case("softmax_f16", f"%x: {_H}", f"nn.softmax %x axis 1 : {_H}", _H,
         [floats(3, 4, dtype=np.float16, special=False)], SUM16),
    Case("argmax_f16", f"%x: {_H}", f"nn.argmax %x axis 1 : ({_H}) -> tensor<3xi64>",
         "tensor<3xi64>", [_HALF]),
    Case("matmul_f16", f"%a: {_H}, %b: tensor<4x2xf16>",
         f"nn.matmul %a, %b : ({_H}, tensor<4x2xf16>) -> tensor<3x2xf16>", "tensor<3x2xf16>",
         [floats(3, 4, dtype=np.float16, special=False),
          floats(4, 2, dtype=np.float16, special=False)], DOT),
    Case("cast_f16_i8", "%x: tensor<12xf16>", "nn.cast %x : tensor<12xf16> to tensor<12xi8>",
         "tensor<12xi8>", [floats(12, dtype=np.float16, scale=100)]),
    Case("cast_i64_f16", "%x: tensor<12xi64>", "nn.cast %x : tensor<12xi64> to tensor<12xf16>",
         "tensor<12xf16>", [ints(12, dtype=np.int64, low=-100000, high=100000)]),
    Case("add_i8", "%a: tensor<6xi8>, %b: tensor<6xi8>", "nn.add %a, %b : tensor<6xi8>",
         "tensor<6xi8>", [ints(6, dtype=np.int8), ints(6, dtype=np.int8)]),
    Case("mul_i16", "%a: tensor<6xi16>, %b: tensor<6xi16>", "nn.mul %a, %b : tensor<6xi16>",
         "tensor<6xi16>", [ints(6, dtype=np.int16), ints(6, dtype=np.int16)]),
    Case("div_i64", "%a: tensor<6xi64>, %b: tensor<6xi64>", "nn.div %a, %b : tensor<6xi64>",
         "tensor<6xi64>", [with_minimum(ints(6, dtype=np.int64)), nonzero(6, dtype=np.int64)]),
    Case("div_i8", "%a: tensor<6xi8>, %b: tensor<6xi8>", "nn.div %a, %b : tensor<6xi8>",
         "tensor<6xi8>", [with_minimum(ints(6, dtype=np.int8)), nonzero(6, dtype=np.int8)]),
    Case("reduce_sum_i8", "%x: tensor<3x5xi8>",
         "nn.reduce_sum %x [1] : (tensor<3x5xi8>) -> tensor<3xi8>", "tensor<3xi8>",
         [ints(3, 5, dtype=np.int8)]),
    Case("empty_reduce_sum", "%x: tensor<3x0xf32>",
         "nn.reduce_sum %x [1] : (tensor<3x0xf32>) -> tensor<3xf32>", "tensor<3xf32>",
         [floats(3, 0)]),
    Case("empty_reduce_mean", "%x: tensor<0x3xf32>",
         "nn.reduce_mean %x [0] : (tensor<0x3xf32>) -> tensor<3xf32>", "tensor<3xf32>",
         [floats(0, 3)]),
    Case("empty_matmul", "%a: tensor<2x0xf32>, %b: tensor<0x3xf32>",
         "nn.matmul %a, %b : (tensor<2x0xf32>, tensor<0x3xf32>) -> tensor<2x3xf32>",
         "tensor<2x3xf32>", [floats(2, 0), floats(0, 3)]),
    Case("empty_exp", "%x: tensor<0x4xf32>", "nn.exp %x : tensor<0x4xf32>", "tensor<0x4xf32>",
         [floats(0, 4)]),
    Case("empty_concat", "%a: tensor<0x3xf32>, %b: tensor<2x3xf32>",
         "nn.concat %a, %b axis 0 : (tensor<0x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>",
         "tensor<2x3xf32>", [floats(0, 3), floats(2, 3)]),
]  # fmt: skip

SHAPES = [
    ("reshape_split", "nn.reshape %x : tensor<4x3xf32> to tensor<2x3x2xf32>", "tensor<4x3xf32>"),
    ("reshape_scalar", "nn.reshape %x : tensor<1x1xf32> to tensor<f32>", "tensor<1x1xf32>"),
    ("reshape_merge", "nn.reshape %x : tensor<2x6xf32> to tensor<3x4xf32>", "tensor<2x6xf32>"),
    ("broadcast_to", "nn.broadcast_to %x : tensor<3x1xf32> to tensor<2x3x4xf32>",
     "tensor<3x1xf32>"),
    ("transpose", "nn.transpose %x [2, 0, 1] : tensor<2x3x4xf32>", "tensor<2x3x4xf32>"),
    ("expand_dims", "nn.expand_dims %x [0, 2, 4] : tensor<2x3xf32>", "tensor<2x3xf32>"),
    ("squeeze", "nn.squeeze %x [0, 2] : tensor<1x3x1xf32>", "tensor<1x3x1xf32>"),
    ("slice", "nn.slice %x starts [1, 0] sizes [2, 2] strides [1, 2] : tensor<4x5xf32>",
     "tensor<4x5xf32>"),
]  # fmt: skip
for _id, _line, _operand in SHAPES:
    CASES.append(Case(_id, f"%x: {_operand}", _line, "RESULT", [floats(*_shape(_operand))]))
CASES += [
    Case("constant", "", "nn.constant dense<[[1.0, -2.0], [0.5, 3.0]]> : tensor<2x2xf32>",
         "tensor<2x2xf32>", []),
    Case("concat_0", "%a: tensor<1x3xf32>, %b: tensor<2x3xf32>, %c: tensor<4x3xf32>",
         "nn.concat %a, %b, %c axis 0 : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<4x3xf32>) -> "
         "tensor<7x3xf32>", "tensor<7x3xf32>", [floats(1, 3), floats(2, 3), floats(4, 3)]),
    Case("concat_1", "%a: tensor<3x3xi32>, %b: tensor<3x1xi32>",
         "nn.concat %a, %b axis 1 : (tensor<3x3xi32>, tensor<3x1xi32>) -> tensor<3x4xi32>",
         "tensor<3x4xi32>", [ints(3, 3), ints(3, 1)]),
    Case("pad", "%x: tensor<2x3xf32>, %v: tensor<f32>",
         "nn.pad %x, %v low [1, 0] high [2, 1] : (tensor<2x3xf32>, tensor<f32>) -> "
         "tensor<5x4xf32>", "tensor<5x4xf32>", [floats(2, 3), scalar(-7, np.float32)]),
    Case("gather_0", "%t: tensor<5x4xf32>, %i: tensor<2x3xi32>",
         "nn.gather %t, %i axis 0 : (tensor<5x4xf32>, tensor<2x3xi32>) -> tensor<2x3x4xf32>",
         "tensor<2x3x4xf32>", [floats(5, 4), labels(2, 3, classes=5)]),
    Case("gather_1", "%t: tensor<5x4xf32>, %i: tensor<3xi64>",
         "nn.gather %t, %i axis 1 : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<5x3xf32>",
         "tensor<5x3xf32>", [floats(5, 4), labels(3, classes=4, dtype=np.int64)]),
    Case("one_hot_f32", "%i: tensor<6xi64>",
         "nn.one_hot %i depth 4 : tensor<6xi64> to tensor<6x4xf32>", "tensor<6x4xf32>",
         [labels(6, classes=4, dtype=np.int64)]),
    Case("one_hot_i1", "%i: tensor<2x3xi32>",
         "nn.one_hot %i depth 5 : tensor<2x3xi32> to tensor<2x3x5xi1>", "tensor<2x3x5xi1>",
         [labels(2, 3, classes=5)]),
]  # fmt: skip
for _line in [
    "nn.stop_gradient %x : tensor<3x4xf32>",
    "nn.grad_clip %x to [-1.0, 1.0] : tensor<3x4xf32>",
    "nn.grad_scale %x by 0.5 : tensor<3x4xf32>",
    "nn.straight_through %x, %x : tensor<3x4xf32>",
]:
    CASES.append(Case(_line.split()[0][3:], "%x: tensor<3x4xf32>", _line, _F, [floats(3, 4)]))

# Random draws from a seed: the Philox rounds are arith ops on every path. Bits and
# uniform draws are exact; normal draws run log, sqrt and cos (the JIT's polynomials).
_KEYS = [
    ("key", "%k = nn.random_key %s : tensor<i64>"),
    ("split", "%k0 = nn.random_key %s : tensor<i64>\n%k1:2 = nn.random_split %k0 into 2\n"
     "%k = nn.random_fold %k1#1, %s : tensor<i64>"),
]  # fmt: skip
_DRAWS = [
    ("bits_i32", "nn.random_bits %k : tensor<2x3xi32>", "tensor<2x3xi32>", EXACT),
    ("bits_i64", "nn.random_bits %k : tensor<3xi64>", "tensor<3xi64>", EXACT),
    ("uniform_f32", "nn.random_uniform %k : tensor<2x5xf32>", "tensor<2x5xf32>", EXACT),
    ("uniform_f64", "nn.random_uniform %k : tensor<5xf64>", "tensor<5xf64>", EXACT),
    ("uniform_f16", "nn.random_uniform %k : tensor<5xf16>", "tensor<5xf16>", EXACT),
    ("normal_f32", "nn.random_normal %k : tensor<2x5xf32>", "tensor<2x5xf32>",
     MATH[np.float32]),
    ("normal_f64", "nn.random_normal %k : tensor<6xf64>", "tensor<6xf64>", MATH[np.float64]),
    ("bernoulli_i1", "nn.random_bernoulli %k, %p : tensor<5xf32> -> tensor<5xi1>",
     "tensor<5xi1>", EXACT),
    ("bernoulli_f32", "nn.random_bernoulli %k, %p : tensor<5xf32>", "tensor<5xf32>", EXACT),
]  # fmt: skip
for _key_id, _key in _KEYS:
    for _draw_id, _line, _result, _tolerance in _DRAWS:
        CASES.append(
            Case(f"random_{_draw_id}_{_key_id}", "%s: tensor<i64>, %p: tensor<5xf32>",
                 f"{_key}\n%r = {_line}\nreturn %r : {_result}", _result,
                 [scalar(-(2**40) + 5, np.int64), probabilities(5)], _tolerance)
        )  # fmt: skip

RNN = """
%h_last, %hs, %ss = nn.scan REVERSE(%x = %xs : tensor<3x2x3xf32>)
    carry(%h = %h0 : tensor<2x4xf32>) invariant(%v = %w : tensor<3x4xf32>)
    -> (tensor<2x4xf32>, tensor<3x2x4xf32>, tensor<3xf32>) {
  %xw = nn.matmul %x, %v : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %s = nn.add %xw, %h : tensor<2x4xf32>
  %h2 = nn.tanh %s : tensor<2x4xf32>
  %total = nn.reduce_sum %h2 [0, 1] : (tensor<2x4xf32>) -> tensor<f32>
  nn.yield %h2, %h2, %total : tensor<2x4xf32>, tensor<2x4xf32>, tensor<f32>
}
return %h_last, %hs, %ss : tensor<2x4xf32>, tensor<3x2x4xf32>, tensor<3xf32>
"""
SCAN_INT = """
%c, %ys = nn.scan (%x = %a : tensor<4x3xi32>, %y = %b : tensor<4xi32>)
    carry(%c = %c0 : tensor<3xi32>) lengths(%n : tensor<3xi32>)
    -> (tensor<3xi32>, tensor<4x3xi32>) {
  %m = nn.mul %x, %y : (tensor<3xi32>, tensor<i32>) -> tensor<3xi32>
  %t = nn.add %m, %c : tensor<3xi32>
  nn.yield %t, %m : tensor<3xi32>, tensor<3xi32>
}
return %c, %ys : tensor<3xi32>, tensor<4x3xi32>
"""
_RNN_RESULTS = "tensor<2x4xf32>, tensor<3x2x4xf32>, tensor<3xf32>"
_RNN_PARAMS = "%xs: tensor<3x2x3xf32>, %h0: tensor<2x4xf32>, %w: tensor<3x4xf32>"
_RNN_ARGS = [floats(3, 2, 3, special=False), floats(2, 4), floats(3, 4, special=False)]
_SCAN_TOLERANCE = Tolerance(1e-5, 1e-6, "f32 products (dot-product bound) through tanh, 3 steps")
CASES += [
    Case("scan", _RNN_PARAMS, RNN.replace("REVERSE", ""), _RNN_RESULTS, _RNN_ARGS,
         _SCAN_TOLERANCE),
    Case("scan_reverse", _RNN_PARAMS, RNN.replace("REVERSE", "reverse "), _RNN_RESULTS,
         _RNN_ARGS, _SCAN_TOLERANCE),
    Case("scan_lengths", "%a: tensor<4x3xi32>, %b: tensor<4xi32>, %c0: tensor<3xi32>, "
         "%n: tensor<3xi32>", SCAN_INT, "tensor<3xi32>, tensor<4x3xi32>",
         [ints(4, 3), ints(4), ints(3), scalar([4, 0, 2], np.int32)]),
]  # fmt: skip


def _result_type(case: Case) -> str:
    from irc.frontend.parser import parse

    text = f"func.func @f({case.params}) {{\n  %r = {case.body}\n  return\n}}\n"
    op = next(op for op in parse(text).walk() if op.name.startswith("nn."))
    return str(op.results[0].type)


for _case in CASES:
    if _case.results == "RESULT":
        _case.results = _result_type(_case)


# -- the tests --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def static_module() -> ThreeWays:
    return ThreeWays("\n".join(case.text() for case in CASES))


def _case_param(case: Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.id, marks=marks)


def check_case(ways: ThreeWays, case: Case) -> None:
    args = case.arguments()
    by_nn, by_loops, by_jit = ways.run(case.id, args)
    assert len(by_nn) == len(by_loops) == len(by_jit)
    bound = _dot_bound(case, args) if case.tolerance is DOT else None
    for index, want in enumerate(by_nn):
        for way, results in (("loops", by_loops), ("jit", by_jit)):
            check_close(want, results[index], case.tolerance, f"{way} result #{index}", bound)


def _dot_bound(case: Case, args: list[np.ndarray]) -> np.ndarray:
    a, b = (np.abs(x.astype(np.float64)) for x in args)
    if "transpose_a" in case.matmul_flags:
        a = np.swapaxes(a, -1, -2)
    if "transpose_b" in case.matmul_flags:
        b = np.swapaxes(b, -1, -2)
    k = a.shape[-1]
    eps = float(np.finfo(args[0].dtype).eps) / 2
    return (k + 1) * eps * (a @ b)


@pytest.mark.parametrize("case", [_case_param(case) for case in CASES])
def test_three_ways_agree(static_module, case):
    check_case(static_module, case)


def test_every_nn_op_has_a_row():
    written = "\n".join(case.text() for case in CASES + DYNAMIC)
    missing = sorted(name for name in NN_OPS if f"{name} " not in written)
    assert not missing, missing


# -- `?` sizes --------------------------------------------------------------------------------

DYNAMIC: list[Case] = [
    Case("d_exp", "%x: tensor<?x5xf32>", "nn.exp %x : tensor<?x5xf32>", "tensor<?x5xf32>",
         [wide(3, 5)], MATH[np.float32]),
    Case("d_add", "%a: tensor<?x1x4xf32>, %b: tensor<3x1xf32>",
         "nn.add %a, %b : (tensor<?x1x4xf32>, tensor<3x1xf32>) -> tensor<?x3x4xf32>",
         "tensor<?x3x4xf32>", [floats(2, 1, 4), floats(3, 1)]),
    Case("d_div_i32", "%a: tensor<?x?xi32>, %b: tensor<?xi32>",
         "nn.div %a, %b : (tensor<?x?xi32>, tensor<?xi32>) -> tensor<?x?xi32>",
         "tensor<?x?xi32>", [with_minimum(ints(3, 4)), nonzero(4)]),
    Case("d_select", "%c: tensor<?x1xi1>, %a: tensor<?x3xf32>, %b: tensor<f32>",
         "nn.select %c, %a, %b : (tensor<?x1xi1>, tensor<?x3xf32>, tensor<f32>) -> "
         "tensor<?x3xf32>", "tensor<?x3xf32>", [bools(4, 1), floats(4, 3), scalar(7, np.float32)]),
    Case("d_cast", "%x: tensor<?xf32>", "nn.cast %x : tensor<?xf32> to tensor<?xi8>",
         "tensor<?xi8>", [floats(12, scale=200)]),
    Case("d_reduce_sum", "%x: tensor<?x4x3xf32>",
         "nn.reduce_sum %x [0, 2] keepdims : (tensor<?x4x3xf32>) -> tensor<1x4x1xf32>",
         "tensor<1x4x1xf32>", [floats(2, 4, 3, special=False)], SUM),
    Case("d_reduce_max", "%x: tensor<?x4x3xf32>",
         "nn.reduce_max %x [1] : (tensor<?x4x3xf32>) -> tensor<?x3xf32>", "tensor<?x3xf32>",
         [floats(2, 4, 3)]),
    Case("d_argmax", "%x: tensor<?x6xi32>", "nn.argmax %x axis 1 : (tensor<?x6xi32>) -> "
         "tensor<?xi64>", "tensor<?xi64>", [ints(5, 6, low=-3, high=3)]),
    Case("d_softmax", "%x: tensor<?x5xf32>", "nn.softmax %x axis 1 : tensor<?x5xf32>",
         "tensor<?x5xf32>", [floats(3, 5, special=False)], SUM),
    Case("d_loss", "%s: tensor<?x4xf32>, %y: tensor<?xi32>",
         "nn.softmax_cross_entropy %s, %y reduction mean : (tensor<?x4xf32>, tensor<?xi32>) -> "
         "tensor<f32>", "tensor<f32>", [floats(5, 4, special=False), labels(5, classes=4)], SUM),
    Case("d_matmul", "%a: tensor<?x3xf32>, %b: tensor<3x?xf32>",
         "nn.matmul %a, %b : (tensor<?x3xf32>, tensor<3x?xf32>) -> tensor<?x?xf32>",
         "tensor<?x?xf32>", [floats(4, 3, special=False), floats(3, 5, special=False)], DOT),
    Case("d_reshape", "%x: tensor<?x3x4xf32>",
         "nn.reshape %x : tensor<?x3x4xf32> to tensor<?x12xf32>", "tensor<?x12xf32>",
         [floats(2, 3, 4)]),
    Case("d_broadcast_to", "%x: tensor<?x1xf32>",
         "nn.broadcast_to %x : tensor<?x1xf32> to tensor<?x5xf32>", "tensor<?x5xf32>",
         [floats(3, 1)]),
    Case("d_transpose", "%x: tensor<2x?x4xf32>", "nn.transpose %x [2, 0, 1] : tensor<2x?x4xf32>",
         "tensor<4x2x?xf32>", [floats(2, 3, 4)]),
    Case("d_slice", "%x: tensor<?x5xf32>",
         "nn.slice %x starts [1, 0] sizes [2, 2] strides [1, 2] : tensor<?x5xf32>",
         "tensor<2x2xf32>", [floats(4, 5)]),
    Case("d_concat", "%a: tensor<?x3xf32>, %b: tensor<2x3xf32>",
         "nn.concat %a, %b axis 0 : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>",
         "tensor<?x3xf32>", [floats(4, 3), floats(2, 3)]),
    Case("d_pad", "%x: tensor<?x3xf32>, %v: tensor<f32>",
         "nn.pad %x, %v low [1, 0] high [2, 1] : (tensor<?x3xf32>, tensor<f32>) -> "
         "tensor<?x4xf32>", "tensor<?x4xf32>", [floats(2, 3), scalar(-7, np.float32)]),
    Case("d_gather", "%t: tensor<5x4xf32>, %i: tensor<2x?xi32>",
         "nn.gather %t, %i axis 0 : (tensor<5x4xf32>, tensor<2x?xi32>) -> tensor<2x?x4xf32>",
         "tensor<2x?x4xf32>", [floats(5, 4), labels(2, 3, classes=5)]),
    Case("d_one_hot", "%i: tensor<?xi64>",
         "nn.one_hot %i depth 4 : tensor<?xi64> to tensor<?x4xf32>", "tensor<?x4xf32>",
         [labels(6, classes=4, dtype=np.int64)]),
    Case("d_uniform_like", "%x: tensor<?x3xf32>, %s: tensor<i64>",
         "%k = nn.random_key %s : tensor<i64>\n%r = nn.random_uniform %k like %x : "
         "tensor<?x3xf32> -> tensor<?x3xf32>\nreturn %r : tensor<?x3xf32>", "tensor<?x3xf32>",
         [floats(2, 3), scalar(99, np.int64)]),
    Case("d_scan", _RNN_PARAMS.replace("3x2x3", "?x2x3"),
         RNN.replace("REVERSE", "reverse ").replace("3x2x", "?x2x").replace("<3xf32>", "<?xf32>"),
         _RNN_RESULTS.replace("3x2x", "?x2x").replace("<3xf32>", "<?xf32>"), _RNN_ARGS,
         _SCAN_TOLERANCE),
]  # fmt: skip


@pytest.fixture(scope="module")
def dynamic_module() -> ThreeWays:
    return ThreeWays("\n".join(case.text() for case in DYNAMIC))


@pytest.mark.parametrize("case", [_case_param(case) for case in DYNAMIC])
def test_three_ways_agree_with_dynamic_sizes(dynamic_module, case):
    check_case(dynamic_module, case)
