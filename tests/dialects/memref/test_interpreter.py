"""The reference interpreter runs memref programs: buffers are numpy arrays written in
place, views share memory with what they view, faults are located errors naming the op.
Each program is checked against the same computation in plain Python/numpy."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from irc.ir.diagnostics import IRError
from irc.runtime.interpreter import run
from tests.dialects.helpers import OUT_OF_BOUNDS_2X3, check_out_of_bounds_fault, fault, program

# -- loads and stores -------------------------------------------------------------------------

ACCESS = """
func.func @f(%m: memref<2x3xi32>, %i: index, %j: index, %v: i32) -> i32 {
  %old = memref.load %m[%i, %j] : memref<2x3xi32>
  memref.store %v, %m[%i, %j] : memref<2x3xi32>
  %new = memref.load %m[%i, %j] nontemporal(true) : memref<2x3xi32>
  return %old : i32
}
"""


def test_store_writes_the_argument_in_place():
    m = np.arange(6, dtype=np.int32).reshape(2, 3)
    expected = m.copy()
    expected[1, 2] = -7
    (old,) = run(program(ACCESS), "f", m, 1, 2, np.int32(-7))
    assert old == 5 and old.dtype == np.int32
    np.testing.assert_array_equal(m, expected)


def test_rank0_memref():
    text = """
    func.func @f(%m: memref<f64>, %v: f64) -> f64 {
      %0 = memref.load %m[] : memref<f64>
      memref.store %v, %m[] : memref<f64>
      return %0 : f64
    }
    """
    m = np.array(1.5)
    assert run(program(text), "f", m, 2.5) == [1.5]
    assert m[()] == 2.5


@pytest.mark.parametrize("i, j, dim, index, size", OUT_OF_BOUNDS_2X3)
def test_out_of_bounds_load_is_reported_at_the_op(i, j, dim, index, size):
    check_out_of_bounds_fault(ACCESS, "memref.load", i, j, dim, index, size)


def test_out_of_bounds_store_writes_nothing():
    text = """
    func.func @f(%m: memref<4xf32>, %i: index, %v: f32) {
      memref.store %v, %m[%i] : memref<4xf32>
      return
    }
    """
    m = np.zeros(4, np.float32)
    message = fault(text, m, 4, np.float32(1))
    assert "program.mlir:3:" in message
    assert "'memref.store' index 4 is out of bounds for dimension 0 of size 4" in message
    assert not m.any()


def test_store_into_read_only_array():
    text = """
    func.func @f(%m: memref<4xf32>, %i: index, %v: f32) {
      memref.store %v, %m[%i] : memref<4xf32>
      return
    }
    """
    m = np.zeros(4, np.float32)
    m.flags.writeable = False
    assert "'memref.store' writes to a read-only array" in fault(text, m, 0, np.float32(1))


# -- allocation -------------------------------------------------------------------------------


def test_alloc_fills_floats_with_nan_and_integers_with_zero():
    text = """
    func.func @f(%n: index) -> (memref<2x?xf32>, memref<?xi16>, memref<3xi1>) {
      %a = memref.alloc(%n) : memref<2x?xf32>
      %b = memref.alloca(%n) alignment = 8 : memref<?xi16>
      %c = memref.alloc() : memref<3xi1>
      return %a, %b, %c : memref<2x?xf32>, memref<?xi16>, memref<3xi1>
    }
    """
    a, b, c = run(program(text), "f", 5)
    assert a.shape == (2, 5) and a.dtype == np.float32 and np.isnan(a).all()
    assert b.shape == (5,) and b.dtype == np.int16 and not b.any()
    assert c.dtype == np.bool_ and not c.any()


def test_alloc_negative_size():
    text = """
    func.func @f(%n: index) {
      %a = memref.alloc(%n) : memref<?xf32>
      return
    }
    """
    assert "'memref.alloc' size -3 of dimension 0 is negative" in fault(text, -3)


DEALLOC = """
func.func @f(%m: memref<4xf32>, %i: index) -> f32 {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %m, %a : memref<4xf32> to memref<4xf32>
  %v = memref.cast %a : memref<4xf32> to memref<?xf32>
  memref.dealloc %v : memref<?xf32>
  %x = memref.load %a[%i] : memref<4xf32>
  return %x : f32
}
"""


def test_use_after_dealloc():
    message = fault(DEALLOC, np.zeros(4, np.float32), 1)
    assert "program.mlir:7:" in message
    assert "'memref.load' uses a buffer after memref.dealloc freed it" in message


@pytest.mark.parametrize(
    "body, message",
    [
        ("memref.dealloc %m : memref<4xf32>", "frees a buffer that memref.alloc did not make"),
        (
            "%a = memref.alloca() : memref<4xf32>\n memref.dealloc %a : memref<4xf32>",
            "frees a buffer made by memref.alloca",
        ),
        (
            "%a = memref.alloc() : memref<4xf32>\n memref.dealloc %a : memref<4xf32>\n"
            " memref.dealloc %a : memref<4xf32>",
            "frees a buffer that was already freed",
        ),
    ],
)
def test_bad_dealloc(body, message):
    text = f"func.func @f(%m: memref<4xf32>) {{\n {body}\n return\n}}"
    assert f"'memref.dealloc' {message}" in fault(text, np.zeros(4, np.float32))


# -- views share memory -----------------------------------------------------------------------

SUBVIEW = """
func.func @f(%m: memref<6x8xf32>, %o: index, %n: index, %i: index, %j: index, %v: f32)
    -> memref<?x3xf32, strided<[16, 2], offset: ?>> {
  %s = memref.subview %m[%o, 1] [%n, 3] [2, 2]
      : memref<6x8xf32> to memref<?x3xf32, strided<[16, 2], offset: ?>>
  memref.store %v, %s[%i, %j] : memref<?x3xf32, strided<[16, 2], offset: ?>>
  return %s : memref<?x3xf32, strided<[16, 2], offset: ?>>
}
"""


@pytest.mark.parametrize("o, n, i, j", [(0, 3, 2, 1), (1, 2, 1, 2), (5, 1, 0, 0)])
def test_store_through_a_subview_changes_the_parent(o, n, i, j):
    m = np.arange(48, dtype=np.float32).reshape(6, 8)
    expected = m.copy()
    expected[o + 2 * i, 1 + 2 * j] = -1.0  # offsets [o, 1], strides [2, 2]
    (s,) = run(program(SUBVIEW), "f", m, o, n, i, j, np.float32(-1))
    np.testing.assert_array_equal(m, expected)
    assert s.shape == (n, 3) and np.shares_memory(s, m)
    np.testing.assert_array_equal(s, m[o : o + 2 * n - 1 : 2, 1:6:2])


def test_subview_view_aliases_both_ways():
    text = """
    func.func @f(%m: memref<4x4xf32>, %i: index, %v: f32) -> f32 {
      %row = memref.subview %m[%i, 0] [1, 4] [1, 1]
          : memref<4x4xf32> to memref<4xf32, strided<[1], offset: ?>>
      memref.store %v, %row[%i] : memref<4xf32, strided<[1], offset: ?>>
      %x = memref.load %m[%i, %i] : memref<4x4xf32>
      return %x : f32
    }
    """
    m = np.zeros((4, 4), np.float32)
    expected = m.copy()
    expected[2, 2] = 9.0
    assert run(program(text), "f", m, 2, np.float32(9)) == [9.0]
    np.testing.assert_array_equal(m, expected)


def test_subview_to_rank_0_is_a_view():
    """Every dimension dropped: a 0-d view of the element, written through (a scan's step
    of a `tensor<Nxf32>` sequence after bufferization)."""
    text = """
    func.func @f(%m: memref<2x3xf32>, %i: index, %v: f32) -> f32 {
      %e = memref.subview %m[%i, 2] [1, 1] [1, 1]
          : memref<2x3xf32> to memref<f32, strided<[], offset: ?>>
      memref.store %v, %e[] : memref<f32, strided<[], offset: ?>>
      %x = memref.load %e[] : memref<f32, strided<[], offset: ?>>
      return %x : f32
    }
    """
    m = np.zeros((2, 3), np.float32)
    assert run(program(text), "f", m, 1, np.float32(4)) == [4.0]
    assert m[1, 2] == 4.0 and np.count_nonzero(m) == 1


def test_subview_window_outside_the_source_at_run_time():
    text = """
    func.func @f(%m: memref<4xf32>, %o: index) {
      %s = memref.subview %m[%o] [2] [1] : memref<4xf32> to memref<2xf32, strided<[1], offset: ?>>
      return
    }
    """
    message = fault(text, np.zeros(4, np.float32), 3)
    assert "'memref.subview' window of dimension 0 (offset 3, size 2, stride 1)" in message


def test_cast_collapse_expand_are_views():
    text = """
    func.func @f(%m: memref<2x6xf32>, %n: index, %i: index, %v: f32) -> memref<?x3xf32> {
      %c = memref.cast %m : memref<2x6xf32> to memref<?x?xf32>
      %u = memref.cast %c : memref<?x?xf32> to memref<*xf32>
      %d = memref.dim %u, %i : memref<*xf32>
      %r = memref.cast %u : memref<*xf32> to memref<2x6xf32>
      %flat = memref.collapse_shape %r [[0, 1]] : memref<2x6xf32> into memref<12xf32>
      memref.store %v, %flat[%d] : memref<12xf32>
      %any = memref.cast %flat : memref<12xf32> to memref<?xf32>
      %e = memref.expand_shape %any [[0, 1]] output_shape [%n, 3]
          : memref<?xf32> into memref<?x3xf32>
      return %e : memref<?x3xf32>
    }
    """
    m = np.zeros((2, 6), np.float32)
    (e,) = run(program(text), "f", m, 4, 1, np.float32(5))
    assert m.reshape(-1)[6] == 5.0 and m.sum() == 5.0  # dim 1 of %u is 6
    assert e.shape == (4, 3) and np.shares_memory(e, m)
    e[3, 2] = 1.0
    assert m[1, 5] == 1.0


def test_expand_shape_sizes_checked_at_run_time():
    text = """
    func.func @f(%m: memref<?xf32>, %n: index) {
      %e = memref.expand_shape %m [[0, 1]] output_shape [%n, 3] : memref<?xf32> into memref<?x3xf32>
      return
    }
    """
    message = fault(text, np.zeros(12, np.float32), 5)
    assert "'memref.expand_shape' output sizes [5, 3] do not multiply to 12" in message


def test_cast_to_a_static_shape_is_checked_at_run_time():
    text = """
    func.func @f(%m: memref<?xf32>) {
      %c = memref.cast %m : memref<?xf32> to memref<4xf32>
      return
    }
    """
    message = fault(text, np.zeros(5, np.float32))
    assert "'memref.cast' gives shape 5, which is not memref<4xf32>" in message


def test_collapse_of_a_non_contiguous_view_is_reported():
    text = """
    func.func @f(%m: memref<4x4xf32>) {
      %s = memref.subview %m[0, 0] [2, 2] [1, 1]
          : memref<4x4xf32> to memref<2x2xf32, strided<[4, 1]>>
      %d = memref.cast %s : memref<2x2xf32, strided<[4, 1]>> to memref<2x2xf32, strided<[?, 1]>>
      %c = memref.collapse_shape %d [[0, 1]]
          : memref<2x2xf32, strided<[?, 1]>> into memref<4xf32, strided<[1]>>
      return
    }
    """
    message = fault(text, np.zeros((4, 4), np.float32))
    assert "'memref.collapse_shape' cannot view shape 2x2 with strides [4, 1]" in message


def test_reinterpret_cast_counts_from_the_base_buffer():
    text = """
    func.func @f(%m: memref<4x4xf32>, %v: f32) -> memref<2x2xf32, strided<[4, 1], offset: 5>> {
      %s = memref.subview %m[2, 2] [2, 2] [1, 1]
          : memref<4x4xf32> to memref<2x2xf32, strided<[4, 1], offset: 10>>
      %r = memref.reinterpret_cast %s to offset: [5], sizes: [2, 2], strides: [4, 1]
          : memref<2x2xf32, strided<[4, 1], offset: 10>>
          to memref<2x2xf32, strided<[4, 1], offset: 5>>
      return %r : memref<2x2xf32, strided<[4, 1], offset: 5>>
    }
    """
    m = np.arange(16, dtype=np.float32).reshape(4, 4)
    (r,) = run(program(text), "f", m, np.float32(0))
    np.testing.assert_array_equal(r, m[1:3, 1:3])  # element 5 of the base is m[1, 1]
    r[1, 1] = -1.0
    assert m[2, 2] == -1.0


def test_reinterpret_cast_outside_the_buffer():
    text = """
    func.func @f(%m: memref<4xf32>, %n: index) {
      %r = memref.reinterpret_cast %m to offset: [1], sizes: [%n], strides: [1]
          : memref<4xf32> to memref<?xf32, strided<[1], offset: 1>>
      return
    }
    """
    message = fault(text, np.zeros(4, np.float32), 4)
    assert "'memref.reinterpret_cast' views elements 1 to 4 of a buffer of 4 elements" in message


def test_copy_into_a_strided_view():
    text = """
    func.func @f(%src: memref<3xi64>, %dst: memref<6xi64>) {
      %s = memref.subview %dst[1] [3] [2] : memref<6xi64> to memref<3xi64, strided<[2], offset: 1>>
      memref.copy %src, %s : memref<3xi64> to memref<3xi64, strided<[2], offset: 1>>
      return
    }
    """
    src = np.array([7, 8, 9], np.int64)
    dst = np.zeros(6, np.int64)
    run(program(text), "f", src, dst)
    np.testing.assert_array_equal(dst, [0, 7, 0, 8, 0, 9])


def test_copy_shape_mismatch_at_run_time():
    text = """
    func.func @f(%a: memref<?xf32>, %b: memref<?xf32>) {
      memref.copy %a, %b : memref<?xf32> to memref<?xf32>
      return
    }
    """
    message = fault(text, np.zeros(3, np.float32), np.zeros(4, np.float32))
    assert "'memref.copy' copies shape 3 into shape 4" in message


def test_dim_out_of_range():
    text = """
    func.func @f(%m: memref<?xf32>, %i: index) -> index {
      %d = memref.dim %m, %i : memref<?xf32>
      return %d : index
    }
    """
    assert run(program(text), "f", np.zeros(7, np.float32), 0) == [7]
    message = fault(text, np.zeros(7, np.float32), 1)
    assert "'memref.dim' dimension 1 is out of range for a memref of rank 1" in message


# -- whole programs ---------------------------------------------------------------------------

MATMUL = """
func.func @matmul(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = memref.dim %a, %c0 : memref<?x?xf32>
  %k = memref.dim %a, %c1 : memref<?x?xf32>
  %n = memref.dim %b, %c1 : memref<?x?xf32>
  scf.for %i = %c0 to %m step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      scf.for %p = %c0 to %k step %c1 {
        %x = memref.load %a[%i, %p] : memref<?x?xf32>
        %y = memref.load %b[%p, %j] : memref<?x?xf32>
        %acc = memref.load %c[%i, %j] : memref<?x?xf32>
        %xy = arith.mulf %x, %y : f32
        %sum = arith.addf %acc, %xy : f32
        memref.store %sum, %c[%i, %j] : memref<?x?xf32>
      }
    }
  }
  return
}
"""


def _kernels_for(*dialects: str) -> bool:
    return all(importlib.util.find_spec(f"irc.runtime.kernels.{d}") for d in dialects)


@pytest.mark.skipif(not _kernels_for("scf", "arith"), reason="scf/arith kernels not yet in irc")
def test_matmul_with_loops_accumulates_in_place():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 5)).astype(np.float32)
    b = rng.standard_normal((5, 4)).astype(np.float32)
    c = rng.standard_normal((3, 4)).astype(np.float32)
    expected = c.copy()
    for i in range(3):  # the same loops in plain Python, in f32
        for j in range(4):
            for p in range(5):
                expected[i, j] = np.float32(expected[i, j] + np.float32(a[i, p] * b[p, j]))
    run(program(MATMUL), "matmul", a, b, c)
    np.testing.assert_array_equal(c, expected)


SCALE_COLUMN = """
func.func @scale_column(%m: memref<?x?xf64>, %col: index, %factor: f64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = memref.dim %m, %c0 : memref<?x?xf64>
  %column = memref.subview %m[0, %col] [%rows, 1] [1, 1]
      : memref<?x?xf64> to memref<?xf64, strided<[?], offset: ?>>
  scf.for %i = %c0 to %rows step %c1 {
    %x = memref.load %column[%i] : memref<?xf64, strided<[?], offset: ?>>
    %y = arith.mulf %x, %factor : f64
    memref.store %y, %column[%i] : memref<?xf64, strided<[?], offset: ?>>
  }
  return
}
"""


@pytest.mark.skipif(not _kernels_for("scf", "arith"), reason="scf/arith kernels not yet in irc")
def test_loop_through_a_rank_reducing_subview_updates_one_column():
    m = np.arange(12, dtype=np.float64).reshape(4, 3)
    expected = m.copy()
    expected[:, 1] *= -0.5
    run(program(SCALE_COLUMN), "scale_column", m, 1, -0.5)
    np.testing.assert_array_equal(m, expected)


PREFIX_SUM = """
func.func @prefix_sum(%m: memref<?xi32>, %n: index) {
  %c1 = arith.constant 1 : index
  scf.for %i = %c1 to %n step %c1 {
    %prev = arith.subi %i, %c1 : index
    %a = memref.load %m[%prev] : memref<?xi32>
    %b = memref.load %m[%i] : memref<?xi32>
    %s = arith.addi %a, %b : i32
    memref.store %s, %m[%i] : memref<?xi32>
  }
  return
}
"""


@pytest.mark.skipif(not _kernels_for("scf", "arith"), reason="scf/arith kernels not yet in irc")
def test_in_place_prefix_sum_wraps_like_i32():
    m = np.array([2**31 - 1, 1, 5, -3], dtype=np.int32)
    expected = m.copy()
    for i in range(1, 4):  # plain Python with i32 wrap-around
        expected[i] = np.int32((int(expected[i - 1]) + int(expected[i]) + 2**31) % 2**32 - 2**31)
    run(program(PREFIX_SUM), "prefix_sum", m, 4)
    np.testing.assert_array_equal(m, expected)


@pytest.mark.skipif(not _kernels_for("scf", "arith"), reason="scf/arith kernels not yet in irc")
def test_off_by_one_loop_bound_is_reported_at_the_load():
    m = np.ones(4, np.int32)
    with pytest.raises(IRError) as caught:
        run(program(PREFIX_SUM), "prefix_sum", m, 5)
    message = str(caught.value)
    assert message.startswith("program.mlir:7:")  # the load of %m[%i]
    assert "'memref.load' index 4 is out of bounds for dimension 0 of size 4" in message
    np.testing.assert_array_equal(m, [1, 2, 3, 4])  # the stores before the fault happened


ALLOC_IN_LOOP = """
func.func @f(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %a = memref.alloc() : memref<1024xf32>
    %s = memref.subview %a[0] [4] [1] : memref<1024xf32> to memref<4xf32, strided<[1]>>
    memref.dealloc %a : memref<1024xf32>
  }
  return
}
"""


@pytest.mark.skipif(not _kernels_for("scf", "arith"), reason="scf/arith kernels not yet in irc")
def test_freed_buffers_are_let_go():
    from irc.runtime.interpreter import Interpreter

    interp = Interpreter(program(ALLOC_IN_LOOP))
    interp.call("f", 300)
    buffers = interp.memref_buffers
    tracked = [len(t.entries) for t in (buffers.views, buffers.made, buffers.freed)]
    assert max(tracked) <= 2  # at most the last iteration's, still held by the loop's values
