"""math-polynomial-approximation: each f32 expansion is within the claimed number of ulps
of the correctly rounded result (numpy or math.erf in float64, rounded to f32), on random
bit patterns, dense sweeps near 0 and near the overflow and underflow thresholds and
around the boundaries inside the expansions; f64 exp within 1 ulp of mpmath's result
rounded once; special values are numpy's exactly; only f32 ops and f64 exp are expanded,
into ops LLVM can vectorize.

The expansions run in the reference interpreter on tensor<N x f32> arguments, which
evaluates arith and math ops on whole numpy arrays with IEEE f32 rounding (fma rounded
once), so what is measured is the arithmetic the pass builds.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pytest

from irc.frontend.parser import parse
from irc.ir.diagnostics import DiagnosticEngine
from irc.lowering.math_polynomials import SIN_COS_BOUND, MathPolynomialApproximation
from irc.passes.pass_manager import OpPassManager, PassManager
from irc.runtime.interpreter import run

RNG_SEED = 20240611


def lowered(text: str) -> tuple:
    """The module of `text` after the pass (verified), and the pass's diagnostics."""
    module = parse(text, allow_unregistered=True)
    engine = DiagnosticEngine()
    manager = PassManager(OpPassManager(elements=[MathPolynomialApproximation()]))
    assert manager.run(module, engine), [d.message for d in engine.diagnostics]
    return module, engine


def unary_function(op_name: str, t: str) -> str:
    return f"""func.func @f(%x: {t}) -> {t} {{
  %y = {op_name} %x : {t}
  return %y : {t}
}}"""


def expanded(op_name: str, x: np.ndarray) -> np.ndarray:
    """The pass's expansion of `op_name` applied to the f32 or f64 array `x` by the
    interpreter."""
    element = "f64" if x.dtype == np.float64 else "f32"
    module, _ = lowered(unary_function(op_name, f"tensor<{x.size}x{element}>"))
    return np.asarray(run(module, "f", x)[0])


def ordered(x: np.ndarray) -> np.ndarray:
    """f32 or f64 bit patterns as integers in the order of the values (-0 just below +0)."""
    integer = np.int64 if x.dtype == np.float64 else np.int32
    bits = x.view(integer).astype(np.int64)
    return np.where(bits < 0, -(bits & np.iinfo(integer).max) - 1, bits)


def ulp_distance(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    """How many f32 (f64) values apart; 0 for two nans, 2^40 for a nan against a number."""
    distance = np.abs(ordered(got) - ordered(want))
    distance = np.where(np.isnan(got) & np.isnan(want), 0, distance)
    return np.where(np.isnan(got) != np.isnan(want), 1 << 40, distance)


# -- inputs ---------------------------------------------------------------------------------


def rng() -> np.random.Generator:
    return np.random.default_rng(RNG_SEED)


def random_bits(count: int) -> np.ndarray:
    """Uniformly random f32 bit patterns: every binade, sign, subnormals, infs and nans."""
    return rng().integers(0, 2**32, count, dtype=np.uint64).astype(np.uint32).view(np.float32)


def every_f32(low: float, high: float, stride: int = 1) -> np.ndarray:
    """Every `stride`-th f32 in [low, high] (0 <= low < high)."""
    first, last = (np.float32(v).view(np.int32) for v in (low, high))
    return np.arange(first, last + 1, stride, dtype=np.int32).view(np.float32)


def around(center: float, width: float, count: int = 20_000) -> np.ndarray:
    return (center + rng().uniform(-width, width, count)).astype(np.float32)


def uniform(low: float, high: float, count: int = 50_000) -> np.ndarray:
    return rng().uniform(low, high, count).astype(np.float32)


def both_signs(x: np.ndarray) -> np.ndarray:
    return np.concatenate([x, -x])


def tiny() -> np.ndarray:
    """Subnormals, and dense around 0 down to 1e-30."""
    return both_signs(
        np.concatenate([every_f32(1e-45, 1.2e-38, 4099), every_f32(1e-30, 1e-2, 997)])
    )


SPECIALS = np.array(
    [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-45, 1.1754944e-38, -1.1754944e-38,
     3.4028235e38, -3.4028235e38, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0],
    dtype=np.float32,
)  # fmt: skip


# -- the table ------------------------------------------------------------------------------


def erf64(x: np.ndarray) -> np.ndarray:
    return np.vectorize(math.erf, otypes=[np.float64])(x)


@dataclass(frozen=True)
class Row:
    op: str
    reference: Callable[[np.ndarray], np.ndarray]  # on float64
    max_ulps: int  # as the module docstring claims
    sweeps: Callable[[], list[np.ndarray]] = field(default=lambda: [])
    domain: Callable[[np.ndarray], np.ndarray] | None = None  # the inputs the claim covers

    def inputs(self, count: int) -> np.ndarray:
        parts = [random_bits(count), SPECIALS, tiny(), uniform(-4, 4), *self.sweeps()]
        x = np.concatenate([np.asarray(p, dtype=np.float32) for p in parts])
        return x[self.domain(x)] if self.domain else x


def in_sin_cos_range(x: np.ndarray) -> np.ndarray:
    return ~(np.abs(x) > SIN_COS_BOUND)  # nan included: sin(nan) is nan


def exp_sweeps() -> list[np.ndarray]:
    """Near overflow (88.72) and through the subnormal results down to 0 (-103.97)."""
    return [around(88.72, 0.1), uniform(-104.5, -87.0), uniform(-110, 110), every_f32(0, 1, 4099)]


def exp2_sweeps() -> list[np.ndarray]:
    return [around(128, 0.1), uniform(-151, -125), uniform(-160, 160), every_f32(0, 1, 4099)]


def expm1_sweeps() -> list[np.ndarray]:
    """Around 0, where the scale 2^k changes (+-ln2/2), overflow, and the saturation at -1."""
    return [
        both_signs(every_f32(1e-12, 1e-5, 4099)),
        around(0.3466, 0.01),
        around(-0.3466, 0.01),
        uniform(-2, 2),
        around(88.72, 0.1),
        uniform(-30, -10),
    ]


def log_sweeps() -> list[np.ndarray]:
    """Near 1, every binade from the subnormals up, and strided through [0.5, 2)."""
    logarithmic = 10.0 ** rng().uniform(-45, 38.5, 50_000)
    return [uniform(0.9, 1.1), logarithmic, every_f32(0.5, 2, 97), 10.0 ** np.arange(-37.0, 39.0)]


def log1p_sweeps() -> list[np.ndarray]:
    """Near -1, around 0, across u = 1 + x = 2, and large x."""
    return [
        -1 + rng().uniform(0, 1e-3, 20_000),
        both_signs(every_f32(1e-12, 1e-5, 4099)),
        uniform(-0.5, 1.5),
        around(1.0, 0.01),
        10.0 ** rng().uniform(0, 38, 50_000),
    ]


def tanh_sweeps() -> list[np.ndarray]:
    """Around the switch at 0.625, up to the saturation near 9, strided through [0.5, 1)."""
    return [both_signs(around(0.625, 0.01)), uniform(-10, 10), every_f32(0.5, 1, 97)]


def erf_sweeps() -> list[np.ndarray]:
    """Around the piece boundaries (1, 2.25) and the saturation near 3.92."""
    boundaries = [around(c, 0.01) for c in (1.0, 2.25, 3.92)]
    return [*boundaries, both_signs(uniform(0, 4.5)), every_f32(0.5, 2, 97)]


def sin_cos_sweeps() -> list[np.ndarray]:
    """Up to the bound 2^20, the f32s nearest every 31st multiple of pi/2 there (where
    r is smallest), strided through [0.5, 1)."""
    multiples = (np.arange(1, 2**20 / (np.pi / 2), 31) * (np.pi / 2)).astype(np.float32)
    return [uniform(-(2.0**20), 2.0**20), uniform(-100, 100), multiples, every_f32(0.5, 1, 97)]


ROWS = [
    Row("math.exp", np.exp, 1, exp_sweeps),
    Row("math.exp2", np.exp2, 1, exp2_sweeps),
    Row("math.expm1", np.expm1, 1, expm1_sweeps),
    Row("math.log", np.log, 1, log_sweeps),
    Row("math.log2", np.log2, 1, log_sweeps),
    Row("math.log10", np.log10, 1, log_sweeps),
    Row("math.log1p", np.log1p, 1, log1p_sweeps),
    Row("math.tanh", np.tanh, 1, tanh_sweeps),
    Row("math.erf", erf64, 1, erf_sweeps),
    Row("math.sin", np.sin, 2, sin_cos_sweeps, in_sin_cos_range),
    Row("math.cos", np.cos, 2, sin_cos_sweeps, in_sin_cos_range),
]


def check_accuracy(row: Row, x: np.ndarray) -> None:
    got = expanded(row.op, x)
    with np.errstate(all="ignore"):
        want = row.reference(x.astype(np.float64)).astype(np.float32)
    distance = ulp_distance(got, want)
    worst = int(np.argmax(distance))
    assert distance[worst] <= row.max_ulps, (
        f"{row.op}({x[worst]!r}) = {got[worst]!r}, correctly rounded {want[worst]!r}: "
        f"{distance[worst]} ulps (claimed {row.max_ulps})"
    )


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.op)
def test_within_the_claimed_ulps(row: Row) -> None:
    check_accuracy(row, row.inputs(100_000))


@pytest.mark.slow
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.op)
def test_within_the_claimed_ulps_on_more_inputs(row: Row) -> None:
    """Two million random bit patterns and every 7th f32 in [0.5, 2)."""
    x = np.concatenate([row.inputs(2_000_000), every_f32(0.5, 2, 7)])
    check_accuracy(row, x[row.domain(x)] if row.domain else x)


# -- special values -------------------------------------------------------------------------

INF, NAN = float("inf"), float("nan")
SPECIAL_CASES = {
    "math.exp": [(INF, INF), (-INF, 0.0), (NAN, NAN), (89.0, INF), (-104.0, 0.0), (0.0, 1.0),
                 (-0.0, 1.0), (-103.9, 1e-45), (88.723, INF)],
    "math.exp2": [(INF, INF), (-INF, 0.0), (NAN, NAN), (128.0, INF), (-149.0, 1e-45),
                  (-150.0, 0.0), (0.0, 1.0), (127.0, 2.0**127), (-126.0, 2.0**-126)],
    "math.expm1": [(INF, INF), (-INF, -1.0), (NAN, NAN), (0.0, 0.0), (-0.0, -0.0),
                   (1e-45, 1e-45), (-1e-45, -1e-45), (89.0, INF), (-20.0, -1.0)],
    "math.log": [(0.0, -INF), (-0.0, -INF), (-1.0, NAN), (-INF, NAN), (INF, INF), (NAN, NAN),
                 (1.0, 0.0), (1e-45, -103.27893)],
    "math.log2": [(0.0, -INF), (-1.0, NAN), (INF, INF), (NAN, NAN), (1.0, 0.0), (8.0, 3.0),
                  (1e-45, -149.0), (2.0**-126, -126.0), (2.0**127, 127.0)],
    "math.log10": [(0.0, -INF), (-1.0, NAN), (INF, INF), (NAN, NAN), (1.0, 0.0),
                   (1000.0, 3.0), (1e-30, -30.0)],
    "math.log1p": [(-1.0, -INF), (-2.0, NAN), (-INF, NAN), (INF, INF), (NAN, NAN), (0.0, 0.0),
                   (-0.0, -0.0), (1e-45, 1e-45), (-1e-45, -1e-45)],
    "math.tanh": [(INF, 1.0), (-INF, -1.0), (NAN, NAN), (0.0, 0.0), (-0.0, -0.0),
                  (1e-45, 1e-45), (-1e-45, -1e-45), (10.0, 1.0), (-3e38, -1.0)],
    "math.erf": [(INF, 1.0), (-INF, -1.0), (NAN, NAN), (0.0, 0.0), (-0.0, -0.0), (4.0, 1.0),
                 (-1e30, -1.0)],
    "math.sin": [(INF, NAN), (-INF, NAN), (NAN, NAN), (0.0, 0.0), (-0.0, -0.0),
                 (1e-45, 1e-45), (-1e-45, -1e-45), (SIN_COS_BOUND * 2, NAN), (-3e38, NAN)],
    "math.cos": [(INF, NAN), (-INF, NAN), (NAN, NAN), (0.0, 1.0), (-0.0, 1.0), (1e-45, 1.0),
                 (SIN_COS_BOUND * 2, NAN), (3e38, NAN)],
}  # fmt: skip


def check_special_values(op_name: str, pairs: list[tuple[float, float]], dtype) -> None:
    inputs, expected = (np.array(column, dtype=dtype) for column in zip(*pairs, strict=True))
    got = expanded(op_name, inputs)
    for x, have, want in zip(inputs, got, expected, strict=True):
        same = (np.isnan(have) and np.isnan(want)) or (
            have == want and np.signbit(have) == np.signbit(want)
        )
        assert same, f"{op_name}({x!r}) = {have!r}, expected {want!r}"


@pytest.mark.parametrize("op_name", sorted(SPECIAL_CASES))
def test_special_values_are_numpys(op_name: str) -> None:
    check_special_values(op_name, SPECIAL_CASES[op_name], np.float32)


def test_sin_and_cos_are_nan_beyond_the_bound_and_accurate_up_to_it() -> None:
    bound = np.float32(SIN_COS_BOUND)
    inside = np.array([bound, -bound, np.nextafter(bound, np.float32(0))], dtype=np.float32)
    outside = np.array([np.nextafter(bound, np.float32(np.inf)), -2 * bound], dtype=np.float32)
    for op_name, reference in (("math.sin", np.sin), ("math.cos", np.cos)):
        got = expanded(op_name, np.concatenate([inside, outside]))
        want = reference(inside.astype(np.float64)).astype(np.float32)
        assert ulp_distance(got[: len(inside)], want).max() <= 2
        assert np.isnan(got[len(inside) :]).all()


# -- f64 exp --------------------------------------------------------------------------------

F64_EXP_MAX_ULPS = 1  # as the module docstring claims
EXP_F64_OVERFLOW, EXP_F64_UNDERFLOW = 709.782712893384, -745.1332191019412  # exp is inf, 0


def exp_correctly_rounded(x: np.ndarray) -> np.ndarray:
    """exp of the f64s `x` from mpmath at 120 bits, rounded once to f64 (subnormals too)."""
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.prec = 120
    smallest_normal, subnormal_ulp = mpmath.mpf(2) ** -1022, mpmath.mpf(2) ** -1074
    with np.errstate(all="ignore"):
        want = np.exp(np.clip(x, -800.0, 800.0))  # the specials, inf and 0 outside
    for index in np.flatnonzero(np.isfinite(x) & (x > -746.0) & (x < 710.0)):
        value = mpmath.exp(mpmath.mpf(float(x[index])))
        if value < smallest_normal:
            want[index] = float(mpmath.nint(value / subnormal_ulp)) * 2.0**-1074
        else:
            want[index] = float(value)
    return want


def exp_f64_inputs(count: int) -> np.ndarray:
    """Uniform over the whole range, around 0 in every binade, through the subnormal results,
    around the overflow and underflow thresholds, and the specials."""
    generator = rng()
    magnitudes = 10.0 ** generator.uniform(-320, 2.8, count // 4)
    parts = [
        generator.uniform(-746.0, 710.0, count // 2),
        np.copysign(magnitudes, generator.uniform(-1, 1, count // 4)),
        generator.uniform(-745.2, -708.0, count // 8),
        EXP_F64_OVERFLOW + generator.uniform(-1e-3, 1e-3, count // 16),
        EXP_F64_UNDERFLOW + generator.uniform(-1e-3, 1e-3, count // 16),
        SPECIALS.astype(np.float64),
    ]
    return np.concatenate(parts)


def check_exp_f64(x: np.ndarray) -> None:
    got, want = expanded("math.exp", x), exp_correctly_rounded(x)
    distance = ulp_distance(got, want)
    worst = int(np.argmax(distance))
    assert distance[worst] <= F64_EXP_MAX_ULPS, (
        f"exp({x[worst]!r}) = {got[worst]!r}, correctly rounded {want[worst]!r}: "
        f"{distance[worst]} ulps"
    )


def test_f64_exp_within_one_ulp() -> None:
    check_exp_f64(exp_f64_inputs(4000))


@pytest.mark.slow
def test_f64_exp_within_one_ulp_on_more_inputs() -> None:
    check_exp_f64(exp_f64_inputs(100_000))


def test_f64_exp_special_values_are_numpys() -> None:
    above_overflow = float(np.nextafter(EXP_F64_OVERFLOW, INF))
    pairs = [(INF, INF), (-INF, 0.0), (NAN, NAN), (0.0, 1.0), (-0.0, 1.0), (5e-324, 1.0),
             (-5e-324, 1.0), (EXP_F64_OVERFLOW, 1.7976931348622732e308), (above_overflow, INF),
             (710.0, INF), (1e308, INF), (EXP_F64_UNDERFLOW, 0.0), (-746.0, 0.0),
             (-1e308, 0.0), (-745.0, 5e-324), (-708.3964185322641, 2.2250738585072626e-308),
             (1.0, math.e), (-1.0, 1 / math.e)]  # fmt: skip
    check_special_values("math.exp", pairs, np.float64)


# -- which ops are expanded, into what --------------------------------------------------------

EXPANDED = ("exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "tanh", "erf", "sin", "cos")
EXPANDED_F64 = ("exp",)
# What LLVM vectorizes without library calls: arith, and math ops that are LLVM intrinsics.
VECTORIZABLE_MATH = {"math.fma", "math.floor", "math.absf", "math.copysign"}


def mixed_module() -> str:
    """Every expanded op on f32, vector<4xf32> and tensor<2x3xf32>, and on f64, f16 and a
    dynamically shaped f32 tensor (which stay, but for f64 exp)."""
    types = ("f32", "vector<4xf32>", "tensor<2x3xf32>", "f64", "f16", "tensor<?xf32>")
    lines = []
    for name in EXPANDED:
        for number, (t, arg) in enumerate(zip(types, "abcdeg", strict=True)):
            lines.append(f"  %{name}_{number} = math.{name} %{arg} : {t}")
            lines.append(f'  "test.use"(%{name}_{number}) : ({t}) -> ()')
    signature = (
        "%a: f32, %b: vector<4xf32>, %c: tensor<2x3xf32>, %d: f64, %e: f16, %g: tensor<?xf32>"
    )
    body = "\n".join(lines)
    return f"func.func @f({signature}) {{\n{body}\n  return\n}}"


def test_only_static_f32_ops_are_expanded_into_vectorizable_ops() -> None:
    module, engine = lowered(mixed_module())
    math_ops = [op for op in module.walk() if op.name.startswith("math.")]
    left = [op for op in math_ops if op.name[len("math.") :] in EXPANDED]
    assert sorted({str(op.results[0].type) for op in left}) == ["f16", "f64", "tensor<?xf32>"]
    assert len(left) == 3 * len(EXPANDED) - len(EXPANDED_F64)
    assert not [op for op in left if op.name[len("math.") :] in EXPANDED_F64 and
                str(op.results[0].type) == "f64"]  # fmt: skip
    assert {op.name for op in math_ops if op not in left} <= VECTORIZABLE_MATH
    remarks = [d.message for d in engine.diagnostics if d.severity == "remark"]
    assert len(remarks) == len(EXPANDED)
    assert remarks[0].startswith("'math.exp' on tensor<?xf32> is left as is")


@pytest.mark.parametrize("op_name", ["math.exp", "math.log1p", "math.erf", "math.sin"])
def test_scalars_and_vectors_agree_with_tensors(op_name: str) -> None:
    values = np.array([-3.5, -0.25, 0.0, 1e-20, 0.75, 2.5, 17.0, 100.0], dtype=np.float32)
    if op_name == "math.log1p":
        values = np.abs(values)
    on_tensor = expanded(op_name, values)
    scalar_module, _ = lowered(unary_function(op_name, "f32"))
    for x, want in zip(values, on_tensor, strict=True):
        have = np.float32(run(scalar_module, "f", x)[0])
        assert have.tobytes() == want.tobytes(), (op_name, x)
    vector_module, _ = lowered(unary_function(op_name, "vector<8xf32>"))
    on_vector = np.asarray(run(vector_module, "f", values)[0])
    assert on_vector.tobytes() == on_tensor.tobytes()


def test_new_ops_have_the_location_of_the_op_and_constants_are_not_repeated() -> None:
    text = unary_function("math.tanh", "f32").replace(
        ": f32\n  return", ': f32 loc("t.py":3:4)\n  return'
    )
    module, _ = lowered(text)
    function = next(op for op in module.walk() if op.name == "func.func")
    body = list(function.regions[0].blocks[0])
    assert {repr(op.location) for op in body[:-1]} == {'loc("t.py":3:4)'}
    constants = [op.properties["value"] for op in body if op.name == "arith.constant"]
    assert len(constants) == len(set(constants))
