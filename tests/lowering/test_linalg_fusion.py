"""linalg-fuse-elementwise-ops keeps results and fuses what MLIR fuses.

- The fused IR is what `iree-opt --linalg-fuse-elementwise-ops` prints (FileCheck input).
- Random chains of nn elementwise ops with broadcasting, lowered by convert-nn-to-linalg:
  the interpreter gives bit-identical results before and after fusion (the same scalar
  ops run on the same elements), and a chain whose values are each used once becomes
  one generic.
- The same programs through irc.jit (nn-to-loops, which now fuses) against the
  interpreter on the nn program: bit for bit where only add, sub, mul, div, maximum,
  minimum, neg, abs and relu are involved; where exp, tanh, sigmoid or softplus are, the
  JIT's math-polynomial-approximation differs from numpy's libm by an ulp or so, which a
  chain may grow: rtol 1e-5.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

import irc
from irc.frontend.parser import parse
from irc.frontend.printer import print_op
from irc.ir import affine
from irc.ir.diagnostics import DiagnosticEngine
from irc.ir.verifier import verify
from irc.lowering.linalg_fusion import (
    LinalgElementwiseOpFusion,
    compose,
    fusion_refusal,
    inverse_permutation,
    is_permutation,
)
from irc.lowering.nn_to_linalg import ConvertNNToLinalg
from irc.passes.pass_manager import PassContext, PassManager
from irc.passes.pipeline import parse_pipeline
from irc.passes.registry import PIPELINES
from irc.runtime.interpreter import run
from tests.passes.programs import IREE_OPT, IREE_OPT_BINARY

FILECHECK_INPUT = Path(__file__).parents[1] / "filecheck" / "linalg-fuse-elementwise-ops.mlir"
RNG = np.random.default_rng(20261126)
needs_iree = pytest.mark.skipif(IREE_OPT is None, reason="iree-opt not installed")

# -- affine maps ---------------------------------------------------------------------------------


def amap(num_dims: int, *results) -> affine.AffineMap:
    exprs = tuple(affine.Dim(r) if isinstance(r, int) else r for r in results)
    return affine.AffineMap(num_dims, 0, exprs)


ZERO = affine.Constant(0)
D0_PLUS_D1 = affine.Dim(0) + affine.Dim(1)


@pytest.mark.parametrize(
    "outer, inner, want",
    [
        (amap(2, 1), amap(2, 1, 0), amap(2, 0)),  # (d1) o (d1, d0) = (d0)
        (amap(2, ZERO, 1), amap(3, 2, 0), amap(3, ZERO, 0)),  # constants stay
        (amap(1, 0), amap(2, ZERO, 1), amap(2, ZERO)),  # a broadcast read
        (amap(2, D0_PLUS_D1), amap(2, 1, 0), amap(2, D0_PLUS_D1)),  # d1 + d0 sorts
    ],
)  # fmt: skip
def test_compose_substitutes_the_inner_results(outer, inner, want):
    assert compose(outer, inner) == want


@pytest.mark.parametrize("perm", [(0,), (1, 0), (2, 0, 1), (1, 2, 0, 3)])
def test_inverse_permutation_undoes_it(perm):
    forward = amap(len(perm), *perm)
    assert is_permutation(forward)
    assert compose(forward, inverse_permutation(forward)).is_identity
    assert compose(inverse_permutation(forward), forward).is_identity


def test_broadcasts_and_repeats_are_not_permutations():
    assert not is_permutation(amap(2, 0))
    assert not is_permutation(amap(2, ZERO, 1))
    assert not is_permutation(amap(2, 0, 0))


# -- the FileCheck input against iree-opt ---------------------------------------------------------


def fuse(module, duplicate_expensive: bool = False):
    engine = DiagnosticEngine()
    fusion = LinalgElementwiseOpFusion(duplicate_expensive=duplicate_expensive)
    fusion.run(module, PassContext(diagnostics=engine))
    assert not engine.has_errors, [str(d) for d in engine.diagnostics]
    assert verify(module)
    return module


def _without(text: str, function: str) -> str:
    """The FileCheck input without the function `function` (and its CHECK lines)."""
    code = "\n".join(line for line in text.splitlines() if not line.startswith("//"))
    pattern = rf"func\.func @{function}\(.*?\n}}(\n|$)"
    return re.sub(pattern, "", code, flags=re.S)


@needs_iree
def test_the_fused_ir_is_iree_opts():
    # @dynamic_sizes: iree-opt fuses it only after canonicalize (the tensor.dim folds)
    text = _without(FILECHECK_INPUT.read_text(), "dynamic_sizes")
    ours = print_op(fuse(parse(text), duplicate_expensive=True))
    done = subprocess.run(
        [IREE_OPT_BINARY, "--linalg-fuse-elementwise-ops", "-"],
        input=text, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert ours.strip() == done.stdout.strip()


# -- random nn chains: interpreter before and after fusion ----------------------------------------

EXACT_UNARY = ("neg", "abs", "relu")
POLY_UNARY = ("exp", "tanh", "sigmoid", "softplus")
EXACT_BINARY = ("add", "sub", "mul", "div", "maximum", "minimum")
RESULT = (3, 5)
ARG_SHAPES = [(3, 5), (5,), (1, 5), (3, 1), (1, 1)]


def _type(shape, dynamic: bool) -> str:
    dims = ["?" if dynamic and len(shape) == 2 and i == 0 and shape[0] != 1 else str(s)
            for i, s in enumerate(shape)]  # fmt: skip
    return f"tensor<{'x'.join(dims)}xf32>"


def _broadcast(a, b):
    return tuple(np.broadcast_shapes(a, b))


def random_chain(rng, steps: int, transcendental: bool, dynamic: bool, reuse: bool):
    """nn text of a function of broadcasting args: each step's first operand is the
    previous value (a chain), the other a random arg or (with `reuse`) any value."""
    shapes = [ARG_SHAPES[0]] + [ARG_SHAPES[i] for i in rng.integers(0, len(ARG_SHAPES), 3)]
    values = [(f"%a{i}", s) for i, s in enumerate(shapes)]
    unary = EXACT_UNARY + (POLY_UNARY if transcendental else ())
    lines, last = [], values[0]
    for step in range(steps):
        name = f"%v{step}"
        if rng.random() < 0.4:
            op = unary[rng.integers(len(unary))]
            t = _type(last[1], dynamic)
            lines.append(f"  {name} = nn.{op} {last[0]} : {t}")
            new = (name, last[1])
        else:
            op = EXACT_BINARY[rng.integers(len(EXACT_BINARY))]
            pool = values if reuse else values[:4]
            other = pool[rng.integers(len(pool))]
            lhs, rhs = (last, other) if rng.random() < 0.5 else (other, last)
            shape = _broadcast(lhs[1], rhs[1])
            types = (
                f"({_type(lhs[1], dynamic)}, {_type(rhs[1], dynamic)}) -> {_type(shape, dynamic)}"
            )
            lines.append(f"  {name} = nn.{op} {lhs[0]}, {rhs[0]} : {types}")
            new = (name, shape)
        values.append(new)
        last = new
    if last[1] != RESULT:  # make the result full-size
        lines.append(f"  %out = nn.add {last[0]}, %a0 : ({_type(last[1], dynamic)}, "
                     f"{_type(RESULT, dynamic)}) -> {_type(RESULT, dynamic)}")  # fmt: skip
        last = ("%out", RESULT)
    results = [last[0]]
    full = [name for name, shape in values[4:] if shape == RESULT and name != last[0]]
    if reuse and full:  # an intermediate is a result too: its producer stays
        results.append(full[rng.integers(len(full))])
    params = ", ".join(f"{n}: {_type(s, dynamic)}" for n, s in values[:4])
    body = "\n".join(lines)
    result_types = ", ".join([_type(RESULT, dynamic)] * len(results))
    text = (
        f"func.func @f({params}) -> ({result_types}) {{\n{body}\n"
        f"  return {', '.join(results)} : {result_types}\n}}\n"
    )
    args = [RNG.standard_normal(s).astype(np.float32) for s in shapes]
    return text, args


def lowered(text: str):
    module = parse(text)
    engine = DiagnosticEngine()
    ConvertNNToLinalg().run(module, PassContext(diagnostics=engine))
    assert not engine.has_errors, [str(d) for d in engine.diagnostics]
    return module


def generics(module) -> int:
    return sum(op.name == "linalg.generic" for op in module.walk())


def bit_identical(want, have) -> bool:
    want, have = np.asarray(want), np.asarray(have)
    return want.dtype == have.dtype and want.tobytes() == have.tobytes()


@pytest.mark.parametrize("seed", range(40))
def test_random_chains_fuse_without_changing_a_bit(seed):
    rng = np.random.default_rng(seed)
    dynamic, reuse = seed % 2 == 1, seed % 4 >= 2
    text, args = random_chain(rng, int(rng.integers(2, 7)), True, dynamic, reuse)
    module = lowered(text)
    before = run(module, "f", *args)
    count = generics(module)
    fused = fuse(module)
    assert generics(fused) <= count
    if not reuse:  # each value used once: one loop nest
        assert generics(fused) == 1, print_op(fused)
    elif len(before) == 2:  # the intermediate result is made by a loop nest of its own
        assert generics(fused) >= 2, print_op(fused)
    after = run(fused, "f", *args)
    for want, have in zip(before, after, strict=True):
        assert bit_identical(want, have), (text, want, have)


@needs_iree
@pytest.mark.parametrize("seed", range(16))
def test_random_chains_fuse_as_iree_opt_does(seed):
    rng = np.random.default_rng(500 + seed)
    text, _ = random_chain(rng, int(rng.integers(2, 7)), True, False, seed % 2 == 1)
    linalg_text = print_op(lowered(text))
    ours = print_op(fuse(parse(linalg_text), duplicate_expensive=True))
    done = subprocess.run(
        [IREE_OPT_BINARY, "--linalg-fuse-elementwise-ops", "-"],
        input=linalg_text, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert ours.strip() == done.stdout.strip()


W1 = """
func.func @w1(%x: tensor<6x8xf32>, %a: tensor<8xf32>, %b: tensor<1x8xf32>) -> tensor<6x8xf32> {
  %xa = nn.mul %x, %a : (tensor<6x8xf32>, tensor<8xf32>) -> tensor<6x8xf32>
  %s = nn.add %xa, %b : (tensor<6x8xf32>, tensor<1x8xf32>) -> tensor<6x8xf32>
  %t = nn.tanh %s : tensor<6x8xf32>
  %g = nn.sigmoid %x : tensor<6x8xf32>
  %p = nn.mul %t, %g : (tensor<6x8xf32>, tensor<6x8xf32>) -> tensor<6x8xf32>
  %xx = nn.mul %x, %x : (tensor<6x8xf32>, tensor<6x8xf32>) -> tensor<6x8xf32>
  %n = nn.neg %xx : tensor<6x8xf32>
  %e = nn.exp %n : tensor<6x8xf32>
  %r = nn.add %p, %e : (tensor<6x8xf32>, tensor<6x8xf32>) -> tensor<6x8xf32>
  return %r : tensor<6x8xf32>
}
"""


def w1_args():
    return [RNG.standard_normal(s).astype(np.float32) for s in ((6, 8), (8,), (1, 8))]


def test_w1_is_one_generic_reading_x_once():
    module = fuse(lowered(W1))
    (generic,) = [op for op in module.walk() if op.name == "linalg.generic"]
    assert len(generic.inputs) == 3  # %x, %a, %b: %x read three times, one input


def test_the_pipeline_fuses_after_convert_nn_to_linalg():
    steps = PIPELINES["nn-to-loops"][1].split(",")
    assert steps[:2] == ["convert-nn-to-linalg", "linalg-fuse-elementwise-ops"]


def test_w1_through_nn_to_loops_is_one_loop_nest_and_one_buffer():
    module = parse(W1)
    PassManager(parse_pipeline("nn-to-loops")).run(module)
    (function,) = [op for op in module.walk() if op.name == "func.func"]
    body = function.regions[0].blocks[0]
    assert [op.name for op in body].count("scf.parallel") == 1
    assert sum(op.name == "memref.alloc" for op in module.walk()) == 1


# -- irc's control: no work repeated per element of a broadcast ----------------------------------

BIAS_CORRECTION = """
func.func @f(%m: tensor<4x6xf32>, %b: tensor<f32>, %t: tensor<f32>, %c: tensor<6xf32>)
    -> tensor<4x6xf32> {
  %one = nn.constant dense<1.0> : tensor<f32>
  %bt = nn.pow %b, %t : tensor<f32>
  %k = nn.sub %one, %bt : tensor<f32>
  %scaled = nn.div %m, %k : (tensor<4x6xf32>, tensor<f32>) -> tensor<4x6xf32>
  %cheap = nn.sub %one, %b : tensor<f32>
  %shifted = nn.mul %scaled, %cheap : (tensor<4x6xf32>, tensor<f32>) -> tensor<4x6xf32>
  %e = nn.exp %c : tensor<6xf32>
  %r = nn.add %shifted, %e : (tensor<4x6xf32>, tensor<6xf32>) -> tensor<4x6xf32>
  return %r : tensor<4x6xf32>
}
"""


def _bias_args():
    m = RNG.standard_normal((4, 6)).astype(np.float32)
    scalars = [np.array(0.9, np.float32), np.array(3.0, np.float32)]
    return [m, *scalars, RNG.standard_normal(6).astype(np.float32)]


def _bodies(module) -> list[set[str]]:
    ops = [op for op in module.walk() if op.name == "linalg.generic"]
    return [{nested.name for nested in op.body} for op in ops]


def test_an_expensive_producer_is_not_fused_into_a_consumer_that_broadcasts_it():
    module = fuse(lowered(BIAS_CORRECTION))
    bodies = _bodies(module)
    # pow and 1 - pow (rank 0) and exp (rank 1) keep loops of their own; the cheap
    # 1 - b is fused into the rank-2 loop nest
    assert len(bodies) == 3, print_op(module)
    (full,) = [body for body in bodies if "arith.divf" in body]
    assert not full & {"math.powf", "math.exp"}
    assert full >= {"arith.subf", "arith.mulf", "arith.addf"}
    (rank0,) = [body for body in bodies if "math.powf" in body]
    assert "arith.subf" in rank0


def test_duplicate_expensive_fuses_them_as_mlir_does():
    module = fuse(lowered(BIAS_CORRECTION), duplicate_expensive=True)
    (body,) = _bodies(module)
    assert {"math.powf", "math.exp", "arith.divf"} <= body


def test_the_control_changes_no_bit():
    args = _bias_args()
    want = run(lowered(BIAS_CORRECTION), "f", *args)[0]
    for duplicate in (False, True):
        have = run(fuse(lowered(BIAS_CORRECTION), duplicate), "f", *args)[0]
        assert bit_identical(want, have)


def test_the_refusal_says_why():
    module = fuse(lowered(BIAS_CORRECTION))
    consumers = [op for op in module.walk() if op.name == "linalg.generic"]
    (divide,) = [op for op in consumers if "arith.divf" in {n.name for n in op.body}]
    reasons = [fusion_refusal(divide, number) for number in range(len(divide.inputs))]
    assert any(reason and "expensive" in reason for reason in reasons)
    assert all(fusion_refusal(divide, n, duplicate_expensive=True) is None
               for n, reason in enumerate(reasons) if reason and "expensive" in reason)  # fmt: skip


# -- through the JIT -------------------------------------------------------------------------------


def _static(text: str) -> str:
    return text.replace("tensor<?x", "tensor<3x")


@pytest.mark.parametrize("seed", range(12))
def test_random_chains_through_the_jit_are_the_interpreter(seed):
    rng = np.random.default_rng(1000 + seed)
    transcendental = seed % 2 == 1
    text, args = random_chain(rng, int(rng.integers(2, 7)), transcendental, False, seed % 4 >= 2)
    wants = run(parse(text), "f", *args)
    haves = irc.jit(text, "f", cache=False)(*args)
    haves = haves if isinstance(haves, tuple) else (haves,)
    for want, have in zip(wants, haves, strict=True):
        if transcendental:
            np.testing.assert_allclose(have, want, rtol=1e-5, atol=1e-7)
        else:
            assert bit_identical(want, have), (text, want, have)


def test_w1_through_the_jit_is_the_interpreter():
    args = w1_args()
    want = run(parse(W1), "w1", *args)[0]
    have = irc.jit(W1, "w1", cache=False)(*args)
    np.testing.assert_allclose(have, want, rtol=1e-5, atol=1e-7)  # exp, tanh: polynomials
