"""linalg-vectorize-matmul: the kernel computes C += A B for every size and layout.

With a tiny tiling (4-lane vectors, a 2x4 register block, blocks of 3, 5 and 9) the
kernel's every path runs in the interpreter on small matrices: several column, depth and
row blocks, partial tiles at each edge, zero sizes, transposed operands, f32 and f64.
Through irc.jit the default tiling runs on sizes just past its blocks. The kernel sums
in its own order in the element type, so results are checked against numpy's float64
product with the dot-product bound (k + 1) * eps * (|A| @ |B|), plus C's own rounding.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from irc.frontend.parser import parse
from irc.frontend.printer import print_op
from irc.ir.verifier import verify
from irc.passes.pass_manager import PassManager
from irc.passes.pipeline import parse_pipeline
from irc.runtime.interpreter import run
from irc.runtime.jit import compile_module
from tests.passes.programs import IREE_OPT, iree_opt

SMALL = "linalg-vectorize-matmul{vector-bits=128 mr=2 vectors=1 kc=3 mc=5 nc=9}"
DEFAULT = "linalg-vectorize-matmul{vector-bits=512}"
MAPS = {
    (False, False): "",
    (True, False): "indexing_maps = [#km, #kn, #mn] ",
    (False, True): "indexing_maps = [#mk, #nk, #mn] ",
    (True, True): "indexing_maps = [#km, #nk, #mn] ",
}
HEADER = """\
#mk = affine_map<(m, n, k) -> (m, k)>
#km = affine_map<(m, n, k) -> (k, m)>
#kn = affine_map<(m, n, k) -> (k, n)>
#nk = affine_map<(m, n, k) -> (n, k)>
#mn = affine_map<(m, n, k) -> (m, n)>
"""


def function(name: str, element: str, transpose_a: bool, transpose_b: bool) -> str:
    t = f"memref<?x?x{element}>"
    return (
        f"func.func @{name}(%a: {t}, %b: {t}, %c: {t}) {{\n"
        f"  linalg.matmul {MAPS[transpose_a, transpose_b]}"
        f"ins(%a, %b : {t}, {t}) outs(%c : {t})\n"
        "  return\n}\n"
    )


LAYOUTS = list(itertools.product([False, True], repeat=2))
ELEMENTS = {"f32": np.float32, "f64": np.float64}


def _name(element: str, ta: bool, tb: bool) -> str:
    return f"mm_{element}_{'t' if ta else 'n'}{'t' if tb else 'n'}"


SOURCE = HEADER + "".join(
    function(_name(e, ta, tb), e, ta, tb) for e in ELEMENTS for ta, tb in LAYOUTS
)


def lower(text: str, pipeline: str):
    module = parse(text)
    PassManager(parse_pipeline(f"builtin.module({pipeline})")).run(module)
    assert verify(module)
    assert "linalg.matmul" not in print_op(module)
    return module


@pytest.fixture(scope="module")
def small():
    return lower(SOURCE, SMALL)


def operands(rng, m, k, n, element, ta, tb):
    dtype = ELEMENTS[element]
    a = rng.standard_normal((k, m) if ta else (m, k)).astype(dtype)
    b = rng.standard_normal((n, k) if tb else (k, n)).astype(dtype)
    c = rng.standard_normal((m, n)).astype(dtype)
    return a, b, c


def check(got, a, b, c, ta, tb) -> None:
    """`got` is c + op(a) op(b) within the bound of a k-term sum in got's type."""
    a, b = (a.T if ta else a), (b.T if tb else b)
    want = c.astype(np.float64) + a.astype(np.float64) @ b.astype(np.float64)
    eps = np.finfo(got.dtype).eps
    bound = (a.shape[1] + 2) * eps * (np.abs(c) + np.abs(a) @ np.abs(b))
    assert got.shape == want.shape and got.dtype == c.dtype
    assert np.all(np.abs(got - want) <= bound), np.max(np.abs(got - want) - bound)


def agrees(call, rng, shape, element: str, layout) -> None:
    """`call(name, a, b, c)` adds op(a) op(b) to c within the bound, for random operands."""
    a, b, c = operands(rng, *shape, element, *layout)
    got = c.copy()
    call(_name(element, *layout), a, b, got)
    check(got, a, b, c, *layout)


SHAPES = [(1, 1, 1), (2, 3, 4), (5, 3, 9), (7, 8, 10), (11, 7, 13), (0, 3, 4), (3, 0, 4),
          (4, 3, 0), (10, 6, 18)]  # fmt: skip


@pytest.mark.parametrize(("ta", "tb"), LAYOUTS)
@pytest.mark.parametrize("element", list(ELEMENTS))
def test_small_tiling_in_the_interpreter(small, element, ta, tb):
    rng = np.random.default_rng(7)
    for shape in SHAPES:
        agrees(lambda *args: run(small, *args), rng, shape, element, (ta, tb))


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 12), st.integers(0, 12), st.integers(0, 20),
    st.sampled_from(LAYOUTS), st.sampled_from(list(ELEMENTS)), st.integers(0, 2**32 - 1),
)  # fmt: skip
def test_random_sizes_in_the_interpreter(small, m, k, n, layout, element, seed):
    rng = np.random.default_rng(seed)
    agrees(lambda *args: run(small, *args), rng, (m, k, n), element, layout)


@pytest.fixture(scope="module")
def compiled():
    return compile_module(print_op(lower(SOURCE, DEFAULT)), cache=False)


# Past each default block: 1024 columns, 256 deep, 128 rows, and partial register tiles.
JIT_SHAPES = [(1, 1, 1), (3, 5, 7), (8, 256, 32), (129, 257, 1025), (17, 600, 33)]


@pytest.mark.parametrize(("ta", "tb"), LAYOUTS)
@pytest.mark.parametrize("element", list(ELEMENTS))
def test_default_tiling_through_the_jit(compiled, element, ta, tb):
    rng = np.random.default_rng(11)
    for shape in JIT_SHAPES:
        agrees(lambda name, *args: compiled[name](*args), rng, shape, element, (ta, tb))


NARROW = """\
func.func @narrow(%a: memref<?x?xf32>, %b: memref<?x10xf32>, %c: memref<?x10xf32>) {
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x10xf32>) outs(%c : memref<?x10xf32>)
  return
}
"""


def test_narrow_output_through_the_jit():
    """A C ten columns wide gets a kernel of one vector per row (see the FileCheck)."""
    narrow = compile_module(print_op(lower(NARROW, DEFAULT)), cache=False)["narrow"]
    rng = np.random.default_rng(5)
    for m, k in [(1, 1), (37, 300), (128, 512)]:
        a, b, c = operands(rng, m, k, 10, "f32", False, False)
        got = c.copy()
        narrow(a, b, got)
        check(got, a, b, c, False, False)


BATCH = """\
func.func @bmm(%a: memref<?x?x?xf32>, %b: memref<?x?x?xf32>, %c: memref<?x?x?xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<?x?x?xf32>, memref<?x?x?xf32>)
                      outs(%c : memref<?x?x?xf32>)
  return
}
func.func @bmm_static(%a: memref<3x7x5xf64>, %b: memref<3x5x6xf64>, %c: memref<3x7x6xf64>) {
  linalg.batch_matmul ins(%a, %b : memref<3x7x5xf64>, memref<3x5x6xf64>)
                      outs(%c : memref<3x7x6xf64>)
  return
}
"""


def _batch_cases(rng):
    for batch, m, k, n, dtype in [(2, 11, 7, 13, np.float32), (0, 3, 4, 5, np.float32),
                                  (3, 7, 5, 6, np.float64)]:  # fmt: skip
        a = rng.standard_normal((batch, m, k)).astype(dtype)
        b = rng.standard_normal((batch, k, n)).astype(dtype)
        c = rng.standard_normal((batch, m, n)).astype(dtype)
        yield ("bmm" if dtype == np.float32 else "bmm_static"), a, b, c


@pytest.mark.parametrize("pipeline", [SMALL, DEFAULT])
def test_batch_matmul_is_a_loop_of_kernel_calls(pipeline):
    """linalg.batch_matmul: the kernel on each batch's matrices, in the interpreter (the
    small tiling) and through the JIT (the default one)."""
    module = lower(BATCH, pipeline)
    if pipeline == SMALL:
        call = lambda name, *args: run(module, name, *args)  # noqa: E731
    else:
        compiled = compile_module(print_op(module), cache=False)
        call = lambda name, *args: compiled[name](*args)  # noqa: E731
    for name, a, b, c in _batch_cases(np.random.default_rng(2)):
        got = c.copy()
        call(name, a, b, got)
        for i in range(a.shape[0]):
            check(got[i], a[i], b[i], c[i], False, False)


STRIDED = """\
func.func @views(%a: memref<?x?xf32, strided<[?, ?], offset: ?>>,
                 %b: memref<?x?xf32, strided<[?, ?], offset: ?>>,
                 %c: memref<?x?xf32, strided<[?, 1], offset: ?>>) {
  linalg.matmul ins(%a, %b : memref<?x?xf32, strided<[?, ?], offset: ?>>,
                             memref<?x?xf32, strided<[?, ?], offset: ?>>)
                outs(%c : memref<?x?xf32, strided<[?, 1], offset: ?>>)
  return
}
"""


def test_strided_views_through_the_jit():
    """Operands that are views (every other row, a transposed array, a column block of
    C) are read and written where they lie."""
    views = compile_module(print_op(lower(STRIDED, DEFAULT)), cache=False)["views"]
    rng = np.random.default_rng(3)
    a = rng.standard_normal((70, 40)).astype(np.float32)[::2, 3:]
    b = rng.standard_normal((50, 37)).astype(np.float32).T[:, 5:45]
    whole = rng.standard_normal((35, 60)).astype(np.float32)
    before = whole.copy()
    views(a, b, whole[:, 10:50])
    check(whole[:, 10:50], a, b, before[:, 10:50], False, False)
    np.testing.assert_array_equal(whole[:, :10], before[:, :10])
    np.testing.assert_array_equal(whole[:, 50:], before[:, 50:])


@pytest.mark.skipif(IREE_OPT is None, reason="iree-opt not installed")
def test_kernels_are_upstream_mlir():
    """The kernels and the calls parse and verify in MLIR."""
    iree_opt(print_op(lower(SOURCE, DEFAULT)))


CALLS = """\
func.func private @reads(%m: memref<4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %x = memref.load %m[%c0] : memref<4xf32>
  return %x : f32
}
func.func private @writes(%m: memref<4xf32>, %x: f32) {
  %c0 = arith.constant 0 : index
  memref.store %x, %m[%c0] : memref<4xf32>
  return
}
func.func private @declared(%m: memref<4xf32>)
func.func @f(%a: memref<4xf32>, %b: memref<4xf32>, %c: memref<4xf32>) {
  %x = func.call @reads(%a) : (memref<4xf32>) -> f32
  func.call @writes(%b, %x) : (memref<4xf32>, f32) -> ()
  func.call @declared(%c) : (memref<4xf32>) -> ()
  return
}
"""


def test_a_call_writes_an_argument_only_where_the_callee_does():
    """The kernel call keeps read-only inputs read-only: memref.may_write looks into the
    callee (a declaration counts as writing)."""
    from irc.dialects.memref import may_write

    module = parse(CALLS)
    f = [op for op in module.walk() if getattr(op, "sym_name", None) == "f"][0]
    assert [may_write(arg) for arg in f.regions[0].blocks[0].args] == [False, True, True]
