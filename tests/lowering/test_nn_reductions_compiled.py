"""nn reductions and softmax through nn-to-loops and irc.jit: the float sums carry
`fastmath<reassoc>` down to the loops, LLVM turns them into vector code, and the
compiled results stay close to the interpreter's (f64, rounded once).

No timings here (benchmarks/nn_workloads.py measures W3 and W4); what is checked is
what makes them fast: the flag in the IR, vector reductions in the optimized LLVM IR,
one exp per element in the f32 softmax.
"""

from __future__ import annotations

import numpy as np
import pytest

from irc.frontend.parser import parse
from irc.runtime.interpreter import run

RNG = np.random.default_rng(2024)
SOFTMAX_ULPS = 3  # the bound of reduce.py's f32 softmax (measured: 2)
LOG_ULPS = 2  # log_softmax and softmax_cross_entropy where |result| >= 1e-6 (measured: 2)
TINY, TINY_ERROR = 1e-6, 2e-13  # below TINY, the f64 sum's rounding: 1.2e-13 measured


def program(body: str, source: str, result: str) -> str:
    return f"func.func @f(%x: {source}) -> {result} {{\n  %r = {body}\n  return %r : {result}\n}}\n"


def row_sum(columns: int) -> str:
    source, result = f"tensor<8x{columns}xf32>", "tensor<8xf32>"
    return program(f"nn.reduce_sum %x [1] : ({source}) -> {result}", source, result)


def softmax(shape: tuple[int, ...], axis: int = 1, name: str = "softmax") -> str:
    t = "tensor<" + "".join(f"{n}x" for n in shape) + "f32>"
    return program(f"nn.{name} %x axis {axis} : {t}", t, t)


def cross_entropy(rows: int, columns: int) -> str:
    scores, labels = f"tensor<{rows}x{columns}xf32>", f"tensor<{rows}xi32>"
    result = f"tensor<{rows}xf32>"
    line = f"nn.softmax_cross_entropy %x, %y reduction none : ({scores}, {labels}) -> {result}"
    return (
        f"func.func @f(%x: {scores}, %y: {labels}) -> {result} {{\n  %r = {line}\n"
        f"  return %r : {result}\n}}\n"
    )


def close_in_log_space(want: np.ndarray, have: np.ndarray) -> bool:
    """Within LOG_ULPS where |want| >= TINY, within TINY_ERROR absolute below."""
    tiny = np.abs(want) < TINY
    far = np.abs(have.astype(np.float64) - want.astype(np.float64)) > TINY_ERROR
    return bool(np.all(ulps(want, have)[~tiny] <= LOG_ULPS) and not np.any(far & tiny))


def to_loops(text: str):
    from irc.passes.pass_manager import PassManager
    from irc.passes.pipeline import parse_pipeline

    module = parse(text)
    PassManager(parse_pipeline("builtin.module(nn-to-loops)")).run(module)
    return module


def optimized_llvm_ir(text: str) -> str:
    from irc.lowering.llvmir import translate_module
    from irc.runtime.engine import optimized_ir
    from irc.runtime.jit import lower_for_cpu

    return optimized_ir(str(translate_module(lower_for_cpu(text)).module))


def compiled(text: str):
    from irc.runtime.jit import jit

    return jit(text, "f", cache=False)


def ulps(want: np.ndarray, have: np.ndarray) -> np.ndarray:
    """Distance in f32 values (NaN to NaN is 0, NaN to a number is huge)."""
    want, have = want.astype(np.float32), have.astype(np.float32)

    def ordered(a):
        bits = a.view(np.int32).astype(np.int64)
        return np.where(bits < 0, -(bits & 0x7FFFFFFF), bits)

    distance = np.abs(ordered(want) - ordered(have))
    nan_want, nan_have = np.isnan(want), np.isnan(have)
    distance[nan_want & nan_have] = 0
    distance[nan_want ^ nan_have] = 1 << 40
    return distance


# -- the flag and the vector code -----------------------------------------------------------------


def test_the_sum_reaches_the_loops_with_reassoc():
    adds = [op for op in to_loops(row_sum(64)).walk() if op.name == "arith.addf"]
    assert adds and all(op.properties["fastmath"].flags_text() == "reassoc" for op in adds)


@pytest.mark.parametrize("text", [row_sum(1024), softmax((8, 1024))], ids=["sum", "softmax"])
def test_llvm_reduces_the_sums_in_vectors(text):
    """A reassociable f64 sum becomes adds of <8 x double> (or wider) in the optimized
    IR: without the flag, LLVM keeps the sum in order, one double at a time."""
    llvm_ir = optimized_llvm_ir(text)
    assert "fadd reassoc <" in llvm_ir and "x double>" in llvm_ir


def test_the_f32_softmax_takes_one_exp_per_element():
    """One loop writes exp(x - offset) in f32 (the polynomial inline: one math.floor in
    its argument reduction); the result is that buffer, scaled."""
    names = [op.name for op in to_loops(softmax((4, 16))).walk()]
    assert "math.exp" not in names and names.count("math.floor") == 1


# -- results against the interpreter --------------------------------------------------------------


@pytest.mark.parametrize("columns", [1, 7, 1024])
def test_compiled_row_sums_are_the_f64_sums_rounded(columns):
    x = (RNG.standard_normal((8, columns)) * 10).astype(np.float32)
    want = x.astype(np.float64).sum(axis=1)
    have = compiled(row_sum(columns))(x)
    assert np.all(ulps(want, have) <= 1), (want, have)  # f64 sums in any order, rounded


@pytest.mark.parametrize("columns", [5, 64, 1000])
@pytest.mark.parametrize("sigma", [1.0, 30.0])
def test_compiled_f32_softmax_is_within_ulps_of_the_interpreter(columns, sigma):
    """sigma 30 puts many results in f32's subnormal range: they are within the same
    number of ulps (of the subnormal spacing, 2^-149)."""
    text = softmax((64, columns))
    x = (RNG.standard_normal((64, columns)) * sigma).astype(np.float32)
    (want,) = run(parse(text), "f", x)
    have = compiled(text)(x)
    assert have.dtype == np.float32
    assert ulps(want, have).max() <= SOFTMAX_ULPS


def test_compiled_f32_softmax_special_rows_are_the_kernels():
    """The kernel's values: +inf in a row gives NaN where its f64 exp overflows (+inf
    and 800) and 0 elsewhere (500, 1, -inf); a row of -inf or with a NaN is NaN; huge
    finite values are shifted by the maximum."""
    inf, nan = np.inf, np.nan
    x = np.array(
        [
            [inf, 1.0, 500.0, 800.0],
            [-inf, -inf, -inf, -inf],
            [nan, 1.0, 2.0, 3.0],
            [inf, -inf, 3e38, -3e38],
            [1e30, 1e30, -1e30, 0.0],
            [0.0, -90.0, -100.0, -104.0],
        ],
        np.float32,
    )
    text = softmax(x.shape)
    with np.errstate(all="ignore"):
        (want,) = run(parse(text), "f", x)
    have = compiled(text)(x)
    assert np.array_equal(np.isnan(want), np.isnan(have))
    assert ulps(want, have).max() <= 1, (want, have)


def test_compiled_f32_softmax_over_the_leading_axis():
    text = softmax((6, 3, 5), axis=0)
    x = (RNG.standard_normal((6, 3, 5)) * 5).astype(np.float32)
    (want,) = run(parse(text), "f", x)
    assert ulps(want, compiled(text)(x)).max() <= SOFTMAX_ULPS


def test_f64_log_is_an_llvm_intrinsic_that_llvm_may_hoist():
    """log_softmax's log of the row's sum sits in the per-element loop after fusion; as
    `llvm.log.f64` (no errno) LLVM hoists it out of the row, where a call of the C
    library's `log` would run once per element."""
    from irc.lowering.llvmir import translate_module
    from irc.runtime.jit import lower_for_cpu

    t = "tensor<4x8xf32>"
    text = program(f"nn.log_softmax %x axis 1 : {t}", t, t)
    llvm_ir = str(translate_module(lower_for_cpu(text)).module)
    assert '@"llvm.log.f64"(' in llvm_ir
    assert "@log(" not in llvm_ir and '@"log"(' not in llvm_ir


@pytest.mark.parametrize("columns", [5, 64, 1000])
@pytest.mark.parametrize("sigma", [1.0, 30.0])
def test_compiled_f32_log_softmax_is_close_to_the_interpreter(columns, sigma):
    text = softmax((64, columns), name="log_softmax")
    x = (RNG.standard_normal((64, columns)) * sigma).astype(np.float32)
    (want,) = run(parse(text), "f", x)
    assert close_in_log_space(want, compiled(text)(x))


def test_compiled_f32_log_softmax_special_rows_are_the_kernels():
    inf, nan = np.inf, np.nan
    x = np.array([[inf, 1.0, 800.0], [-inf, -inf, -inf], [nan, 1.0, 2.0], [0.0, -90.0, -1e30]])
    x = x.astype(np.float32)
    text = softmax(x.shape, name="log_softmax")
    with np.errstate(all="ignore"):
        (want,) = run(parse(text), "f", x)
    have = compiled(text)(x)
    assert ulps(want, have).max() == 0, (want, have)


@pytest.mark.parametrize("columns", [5, 1000])
@pytest.mark.parametrize("sigma", [1.0, 30.0])
def test_compiled_f32_softmax_cross_entropy_is_close_to_the_interpreter(columns, sigma):
    text = cross_entropy(64, columns)
    x = (RNG.standard_normal((64, columns)) * sigma).astype(np.float32)
    labels = RNG.integers(0, columns, 64).astype(np.int32)
    labels[:32] = x[:32].argmax(axis=1)  # losses near 0
    (want,) = run(parse(text), "f", x, labels)
    assert close_in_log_space(want, compiled(text)(x, labels))


def test_the_in_place_scale_is_not_fused_into_a_broadcast():
    """softmax_f32 scales its exps in place (its last generic reads its out); fused into
    a consumer that broadcasts it, that out would be scaled once per copy, so
    linalg-fuse-elementwise-ops leaves it, and the results are the interpreter's."""
    from irc.lowering.linalg_fusion import fusion_refusal
    from irc.passes.pass_manager import PassManager
    from irc.passes.pipeline import parse_pipeline

    text = (
        "func.func @f(%x: tensor<3x4xf32>, %y: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {\n"
        "  %s = nn.softmax %x axis 0 : tensor<3x4xf32>\n"
        "  %r = nn.mul %s, %y : (tensor<3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>\n"
        "  return %r : tensor<2x3x4xf32>\n}\n"
    )
    module = parse(text)
    pipeline = "builtin.module(convert-nn-to-linalg,linalg-fuse-elementwise-ops)"
    PassManager(parse_pipeline(pipeline)).run(module)
    last = [op for op in module.walk() if op.name == "linalg.generic"][-1]
    assert "reads its out" in fusion_refusal(last, 0)
    x = RNG.standard_normal((3, 4)).astype(np.float32)
    y = RNG.uniform(0.5, 2.0, (2, 3, 4)).astype(np.float32)
    (want,) = run(parse(text), "f", x, y)
    assert ulps(want, compiled(text)(x, y)).max() <= SOFTMAX_ULPS + 1  # and the product


@pytest.mark.parametrize("name", ["reduce_max", "reduce_min"])
def test_compiled_extremes_keep_nan_and_signed_zeros(name):
    """maximumf / minimumf vectorize without flags and keep their semantics: a NaN
    anywhere in a row is the result, +0 is above -0."""
    source, result = "tensor<4x1000xf32>", "tensor<4xf32>"
    text = program(f"nn.{name} %x [1] : ({source}) -> {result}", source, result)
    x = RNG.standard_normal((4, 1000)).astype(np.float32)
    x[0, 777] = np.nan
    x[1] = 0.0
    x[1, ::3] = -0.0
    x[2, 5] = np.inf if name == "reduce_max" else -np.inf
    (want,) = run(parse(text), "f", x)
    have = compiled(text)(x)
    assert np.array_equal(want, have, equal_nan=True)
    assert np.array_equal(np.signbit(want), np.signbit(have))
