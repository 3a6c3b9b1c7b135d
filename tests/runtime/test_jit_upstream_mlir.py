"""Hand-written programs in upstream MLIR's syntax give numpy's answers through irc.jit.

Each program is written as MLIR would have it (iree-opt, the reference, accepts each one:
`test_iree_opt_accepts_every_program`, skipped without it), at the tensor level (linalg on
tensors, tensor ops; bufferized by irc.jit's pipeline) or at the buffer level (linalg and
vector on memrefs with out-parameters).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

import irc
from irc.runtime.interpreter import run as interpret
from tests.passes.programs import IREE_OPT_BINARY

PROGRAMS = """
#rows = affine_map<(i, j) -> (i, j)>
#bias = affine_map<(i, j) -> (j)>
#row_of = affine_map<(i, j) -> (i)>
func.func @bias_add(%x: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %init = tensor.empty() : tensor<4x8xf32>
  %r = linalg.generic {indexing_maps = [#rows, #bias, #rows],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x, %b : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4x8xf32>) {
  ^bb0(%xv: f32, %bv: f32, %out: f32):
    %s = arith.addf %xv, %bv : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

func.func @matmul_into(%a: memref<4x3xf32>, %b: memref<3x5xf32>, %c: memref<4x5xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<4x5xf32>)
  linalg.matmul ins(%a, %b : memref<4x3xf32>, memref<3x5xf32>) outs(%c : memref<4x5xf32>)
  return
}

func.func @row_sums(%x: tensor<4x8xf32>) -> tensor<4xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<4xf32>) -> tensor<4xf32>
  %r = linalg.generic {indexing_maps = [#rows, #row_of],
                       iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x8xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %in, %acc : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

func.func @dot(%a: memref<32xf32>, %b: memref<32xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant dense<0.0> : vector<8xf32>
  %sum = scf.for %i = %c0 to %c32 step %c8 iter_args(%acc = %zero) -> (vector<8xf32>) {
    %va = vector.load %a[%i] : memref<32xf32>, vector<8xf32>
    %vb = vector.load %b[%i] : memref<32xf32>, vector<8xf32>
    %next = vector.fma %va, %vb, %acc : vector<8xf32>
    scf.yield %next : vector<8xf32>
  }
  %s = vector.reduction <add>, %sum : vector<8xf32> into f32
  return %s : f32
}

func.func @axpy_vectors(%alpha: f32, %x: memref<16xf32>, %y: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %va = vector.broadcast %alpha : f32 to vector<4xf32>
  scf.for %i = %c0 to %c16 step %c4 {
    %vx = vector.load %x[%i] : memref<16xf32>, vector<4xf32>
    %vy = vector.load %y[%i] : memref<16xf32>, vector<4xf32>
    %r = vector.fma %va, %vx, %vy : vector<4xf32>
    vector.store %r, %y[%i] : memref<16xf32>, vector<4xf32>
  }
  return
}

func.func @slices(%x: tensor<6x8xf32>, %y: tensor<2x3xf32>)
    -> (tensor<2x3xf32>, tensor<6x8xf32>) {
  %s = tensor.extract_slice %x[1, 2] [2, 3] [2, 1] : tensor<6x8xf32> to tensor<2x3xf32>
  %i = tensor.insert_slice %y into %x[4, 5] [2, 3] [1, 1]
      : tensor<2x3xf32> into tensor<6x8xf32>
  return %s, %i : tensor<2x3xf32>, tensor<6x8xf32>
}

func.func @pad(%x: tensor<2x3xf32>) -> tensor<5x4xf32> {
  %fill = arith.constant -1.0 : f32
  %p = tensor.pad %x low[1, 0] high[2, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %fill : f32
  } : tensor<2x3xf32> to tensor<5x4xf32>
  return %p : tensor<5x4xf32>
}

func.func @reshapes(%x: tensor<2x6xf32>) -> (tensor<2x2x3xf32>, tensor<12xf32>) {
  %e = tensor.expand_shape %x [[0], [1, 2]] output_shape [2, 2, 3]
      : tensor<2x6xf32> into tensor<2x2x3xf32>
  %c = tensor.collapse_shape %x [[0, 1]] : tensor<2x6xf32> into tensor<12xf32>
  return %e, %c : tensor<2x2x3xf32>, tensor<12xf32>
}

func.func @fill(%v: f32, %out: memref<3x4xf32>) {
  linalg.fill ins(%v : f32) outs(%out : memref<3x4xf32>)
  return
}

func.func @batch_matmul(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<2x3x5xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  %r = linalg.batch_matmul ins(%a, %b : tensor<2x3x4xf32>, tensor<2x4x5xf32>)
      outs(%init : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  return %r : tensor<2x3x5xf32>
}

func.func @iota(%scale: i64) -> tensor<3x4xi64> {
  %empty = tensor.empty() : tensor<3x4xi64>
  %r = linalg.generic {indexing_maps = [#rows], iterator_types = ["parallel", "parallel"]}
      outs(%empty : tensor<3x4xi64>) {
  ^bb0(%out: i64):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c4 = arith.constant 4 : index
    %row = arith.muli %i, %c4 : index
    %flat = arith.addi %row, %j : index
    %v = arith.index_cast %flat : index to i64
    %s = arith.muli %v, %scale : i64
    linalg.yield %s : i64
  } -> tensor<3x4xi64>
  return %r : tensor<3x4xi64>
}
"""

RNG = np.random.default_rng(11)
F32_EPS = float(np.finfo(np.float32).eps)


def floats(*shape: int) -> np.ndarray:
    return RNG.standard_normal(shape).astype(np.float32)


@dataclass
class Call:
    """`@function(*args)` gives `expect(*args)`: its results, then the arrays it writes
    (`written`: the indices of those arguments). `bound(*args)` is the allowed error per
    element of a sum in f32 (its terms' magnitudes times n * eps), None for exact."""

    function: str
    args: Callable[[], list]
    expect: Callable[..., list]
    written: tuple[int, ...] = ()
    bound: Callable[..., np.ndarray] | None = None


def _dot_bound(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a.shape[-1] + 1) * F32_EPS * (np.abs(a.astype(np.float64)) @ np.abs(b))


def _matmul_into(a, b, c):
    return [a @ b]


def _slices(x, y):
    inserted = x.copy()
    inserted[4:6, 5:8] = y
    return [x[1:5:2, 2:5], inserted]


CALLS = [
    Call("bias_add", lambda: [floats(4, 8), floats(8)], lambda x, b: [x + b]),
    Call("matmul_into", lambda: [floats(4, 3), floats(3, 5), np.full((4, 5), 7, np.float32)],
         _matmul_into, written=(2,), bound=lambda a, b, c: _dot_bound(a, b)),
    Call("row_sums", lambda: [floats(4, 8)], lambda x: [x.sum(1)],
         bound=lambda x: 9 * F32_EPS * np.abs(x).sum(1)),
    Call("dot", lambda: [floats(32), floats(32)], lambda a, b: [np.float32(a @ b)],
         bound=lambda a, b: _dot_bound(a, b)),
    Call("axpy_vectors", lambda: [np.float32(-1.5), floats(16), floats(16)],
         lambda alpha, x, y: [alpha * x + y], written=(2,),
         bound=lambda alpha, x, y: F32_EPS * (np.abs(alpha * x) + np.abs(y))),
    Call("slices", lambda: [floats(6, 8), floats(2, 3)], _slices),
    Call("pad", lambda: [floats(2, 3)],
         lambda x: [np.pad(x, ((1, 2), (0, 1)), constant_values=np.float32(-1))]),
    Call("reshapes", lambda: [floats(2, 6)], lambda x: [x.reshape(2, 2, 3), x.reshape(12)]),
    Call("fill", lambda: [np.float32(2.5), floats(3, 4)],
         lambda v, out: [np.full((3, 4), v, np.float32)], written=(1,)),
    Call("batch_matmul", lambda: [floats(2, 3, 4), floats(2, 4, 5)], lambda a, b: [a @ b],
         bound=_dot_bound),
    Call("iota", lambda: [np.int64(-3)], lambda s: [np.arange(12).reshape(3, 4) * s]),
]  # fmt: skip


@pytest.fixture(scope="module")
def compiled():
    return irc.compile_module(PROGRAMS, cache=False, filename="upstream.mlir")


def _outputs(results, args: list, call: Call) -> list:
    if results is None:
        results = []
    results = list(results) if isinstance(results, (list, tuple)) else [results]
    return [*results, *(args[i] for i in call.written)]


def _check(call: Call, args: list, got: list) -> None:
    want = call.expect(*args)
    assert len(got) == len(want), call.function
    bounds = call.bound(*args) if call.bound else None
    for index, (w, g) in enumerate(zip(want, got, strict=True)):
        w, g = np.asarray(w), np.asarray(g)
        assert g.dtype == w.dtype and g.shape == w.shape, (call.function, index)
        if bounds is None:
            np.testing.assert_array_equal(g, w, err_msg=f"@{call.function} #{index}")
        else:
            error = np.abs(g.astype(np.float64) - w)
            assert np.all(error <= bounds), (call.function, index, error, bounds)


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.function)
def test_jit_gives_numpys_answer(compiled, call):
    args = call.args()
    inputs = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    results = compiled[call.function](*args)
    _check(call, inputs, _outputs(results, args, call))


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.function)
def test_interpreter_gives_numpys_answer(call):
    args = call.args()
    inputs = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    results = interpret(irc.parse(PROGRAMS), call.function, *args)
    _check(call, inputs, _outputs(results, args, call))


def test_every_program_is_called():
    called = {call.function for call in CALLS}
    written = {line.split("@")[1].split("(")[0] for line in PROGRAMS.splitlines()
               if line.startswith("func.func @")}  # fmt: skip
    assert written == called


@pytest.mark.skipif(IREE_OPT_BINARY is None, reason="iree-opt not installed")
def test_iree_opt_accepts_every_program():
    done = subprocess.run(
        [IREE_OPT_BINARY, "-"], input=PROGRAMS, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[:3000]


# -- regressions -----------------------------------------------------------------------------------

RANK_0_RESULTS = """
import numpy as np, irc
text = '''
func.func @f(%a: memref<i32>, %b: memref<i32>) -> (memref<i32>, memref<i32>) {
  return %b, %a : memref<i32>, memref<i32>
}
'''
got = irc.jit(text, "f", cache=False)(np.array(1, np.int32), np.array(2, np.int32))
print([int(x) for x in got])
"""


def test_two_rank_0_memref_results():
    """A rank-0 memref result before another: each lands in its own fields of the entry
    struct (the rank-0 one has empty size and stride arrays there). In a child process,
    since the bug this guards against wrote pointers two fields early (a crash)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RANK_0_RESULTS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["[2,", "1]"]
