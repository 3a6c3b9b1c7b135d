"""The reference interpreter runs tensor programs: tensors are numpy arrays with value
semantics (no op writes into its operand), faults are located errors naming the op. Each
program is checked against the same computation written as explicit index loops."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from irc.ir import types as T
from irc.ir.diagnostics import IRError
from irc.runtime.interpreter import numpy_dtype, run
from tests.dialects.helpers import (
    OUT_OF_BOUNDS_2X3,
    check_out_of_bounds_fault,
    check_random_programs_fault_located,
    fault,
    program,
)
from tests.dialects.tensor.test_shape_fuzz import _Generator


def indices(shape):
    return itertools.product(*(range(n) for n in shape))


# -- elements ---------------------------------------------------------------------------------

ACCESS = """
func.func @f(%t: tensor<2x3xi32>, %i: index, %j: index, %v: i32) -> (i32, tensor<2x3xi32>, i32) {
  %old = tensor.extract %t[%i, %j] : tensor<2x3xi32>
  %new = tensor.insert %v into %t[%i, %j] : tensor<2x3xi32>
  %again = tensor.extract %t[%i, %j] : tensor<2x3xi32>
  return %old, %new, %again : i32, tensor<2x3xi32>, i32
}
"""


def test_insert_gives_a_new_tensor_and_leaves_its_operand():
    t = np.arange(6, dtype=np.int32).reshape(2, 3)
    before = t.copy()
    old, new, again = run(program(ACCESS), "f", t, 1, 2, np.int32(-7))
    expected = [[int(t[i, j]) for j in range(3)] for i in range(2)]
    expected[1][2] = -7
    assert old == 5 and again == 5 and old.dtype == np.int32
    assert new.tolist() == expected
    np.testing.assert_array_equal(t, before)


@pytest.mark.parametrize("i, j, dim, index, size", OUT_OF_BOUNDS_2X3)
def test_out_of_bounds_extract_is_reported_at_the_op(i, j, dim, index, size):
    check_out_of_bounds_fault(ACCESS, "tensor.extract", i, j, dim, index, size)


def test_dim_of_a_dynamic_tensor_and_out_of_range():
    text = """
    func.func @f(%t: tensor<?x?xf32>, %i: index) -> index {
      %d = tensor.dim %t, %i : tensor<?x?xf32>
      return %d : index
    }
    """
    t = np.zeros((3, 5), np.float32)
    assert [run(program(text), "f", t, i)[0] for i in (0, 1)] == [3, 5]
    assert "'tensor.dim' dimension 2 is out of range for a tensor of rank 2" in fault(text, t, 2)


# -- creation ---------------------------------------------------------------------------------


def test_empty_splat_and_from_elements():
    text = """
    func.func @f(%n: index, %v: f32, %a: i8, %b: i8)
        -> (tensor<2x?xf32>, tensor<?x2xf32>, tensor<2x2xi8>) {
      %e = tensor.empty(%n) : tensor<2x?xf32>
      %s = tensor.splat %v[%n] : tensor<?x2xf32>
      %f = tensor.from_elements %a, %b, %b, %a : tensor<2x2xi8>
      return %e, %s, %f : tensor<2x?xf32>, tensor<?x2xf32>, tensor<2x2xi8>
    }
    """
    empty, splat, elements = run(program(text), "f", 3, 1.5, np.int8(1), np.int8(2))
    assert empty.shape == (2, 3) and np.isnan(empty).all()
    assert splat.shape == (3, 2) and all(splat[i, j] == 1.5 for i, j in indices((3, 2)))
    assert elements.dtype == np.int8 and elements.tolist() == [[1, 2], [2, 1]]


def test_negative_dynamic_size_is_reported():
    text = """
    func.func @f(%n: index) -> tensor<?xf32> {
      %e = tensor.empty(%n) : tensor<?xf32>
      return %e : tensor<?xf32>
    }
    """
    assert "'tensor.empty' size -2 of dimension 0 is negative" in fault(text, -2)


def test_generate_runs_the_body_at_every_index():
    text = """
    func.func @f(%n: index) -> tensor<?x3xindex> {
      %g = tensor.generate %n {
      ^bb0(%i: index, %j: index):
        %c10 = arith.constant 10 : index
        %t = arith.muli %i, %c10 : index
        %v = arith.addi %t, %j : index
        tensor.yield %v : index
      } : tensor<?x3xindex>
      return %g : tensor<?x3xindex>
    }
    """
    (result,) = run(program(text), "f", 2)
    assert result.tolist() == [[10 * i + j for j in range(3)] for i in range(2)]


# -- slices -----------------------------------------------------------------------------------

SLICES = """
func.func @f(%t: tensor<6x8xi32>, %o: index, %s: index)
    -> (tensor<?x3xi32>, tensor<3xi32>, tensor<6x8xi32>) {
  %a = tensor.extract_slice %t[%o, 1] [%s, 3] [2, 2] : tensor<6x8xi32> to tensor<?x3xi32>
  %b = tensor.extract_slice %t[4, %o] [1, 3] [1, 1] : tensor<6x8xi32> to tensor<3xi32>
  %c = tensor.insert_slice %b into %t[%o, 5] [1, 3] [1, 1] : tensor<3xi32> into tensor<6x8xi32>
  return %a, %b, %c : tensor<?x3xi32>, tensor<3xi32>, tensor<6x8xi32>
}
"""


def test_extract_and_insert_slices_against_index_loops():
    t = np.arange(48, dtype=np.int32).reshape(6, 8)
    before = t.copy()
    a, b, c = run(program(SLICES), "f", t, 1, 3)
    assert a.tolist() == [[int(t[1 + 2 * i, 1 + 2 * j]) for j in range(3)] for i in range(3)]
    assert b.tolist() == [int(t[4, 1 + j]) for j in range(3)]
    expected = [[int(t[i, j]) for j in range(8)] for i in range(6)]
    for j in range(3):
        expected[1][5 + j] = int(t[4, 1 + j])
    assert c.tolist() == expected
    np.testing.assert_array_equal(t, before)


def test_slice_out_of_bounds_is_reported_at_the_op():
    message = fault(SLICES, np.zeros((6, 8), np.int32), 2, 3)
    assert message.startswith("program.mlir:4:")
    assert (
        "'tensor.extract_slice' slice of dimension 0 (offset 2, size 3, stride 2) leaves the "
        "tensor of size 6" in message
    )


def test_insert_slice_checks_the_window_and_the_source_shape():
    text = """
    func.func @f(%t: tensor<4xf32>, %s: tensor<?xf32>, %o: index, %n: index) -> tensor<4xf32> {
      %r = tensor.insert_slice %s into %t[%o] [%n] [1] : tensor<?xf32> into tensor<4xf32>
      return %r : tensor<4xf32>
    }
    """
    t, s = np.zeros(4, np.float32), np.ones(2, np.float32)
    (result,) = run(program(text), "f", t, s, 2, 2)
    assert result.tolist() == [0.0, 0.0, 1.0, 1.0] and t.tolist() == [0.0] * 4
    message = fault(text, t, s, 3, 2)
    assert message.startswith("program.mlir:3:")
    assert "'tensor.insert_slice' slice of dimension 0 (offset 3, size 2, stride 1)" in message
    message = fault(text, t, s, 0, 3)
    assert "'tensor.insert_slice' inserts shape 2 into a window of shape 3" in message


# -- reshapes and casts -----------------------------------------------------------------------


def test_reshapes_keep_row_major_order():
    text = """
    func.func @f(%t: tensor<2x3x4xf32>, %n: index, %shape: tensor<2xindex>)
        -> (tensor<6x4xf32>, tensor<?x2x4xf32>, tensor<?x?xf32>, tensor<?x4xf32>) {
      %c = tensor.collapse_shape %t [[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
      %k = tensor.cast %c : tensor<6x4xf32> to tensor<?x4xf32>
      %e = tensor.expand_shape %k [[0, 1], [2]] output_shape [%n, 2, 4]
          : tensor<?x4xf32> into tensor<?x2x4xf32>
      %r = tensor.reshape %t(%shape) : (tensor<2x3x4xf32>, tensor<2xindex>) -> tensor<?x?xf32>
      return %c, %e, %r, %k : tensor<6x4xf32>, tensor<?x2x4xf32>, tensor<?x?xf32>, tensor<?x4xf32>
    }
    """
    t = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    shape = np.array([8, 3], np.int64)
    collapsed, expanded, reshaped, cast = run(program(text), "f", t, 3, shape)
    flat = [float(t[i, j, k]) for i, j, k in indices((2, 3, 4))]
    assert collapsed.tolist() == [flat[4 * r : 4 * r + 4] for r in range(6)]
    assert expanded.shape == (3, 2, 4) and expanded.reshape(-1).tolist() == flat
    assert reshaped.tolist() == [flat[3 * r : 3 * r + 3] for r in range(8)]
    assert cast.tolist() == collapsed.tolist()
    assert "'tensor.expand_shape' output sizes [4, 2] do not multiply to 6" in fault(
        text, t, 4, shape
    )


def test_cast_to_a_static_size_the_value_lacks():
    text = """
    func.func @f(%t: tensor<?xf32>) -> tensor<4xf32> {
      %c = tensor.cast %t : tensor<?xf32> to tensor<4xf32>
      return %c : tensor<4xf32>
    }
    """
    assert "'tensor.cast' gives shape 3, which is not tensor<4xf32>" in fault(
        text, np.zeros(3, np.float32)
    )


def test_concat_along_each_dimension():
    text = """
    func.func @f(%a: tensor<2x?xi32>, %b: tensor<1x?xi32>) -> tensor<3x?xi32> {
      %c = tensor.concat dim(0) %a, %b : (tensor<2x?xi32>, tensor<1x?xi32>) -> tensor<3x?xi32>
      return %c : tensor<3x?xi32>
    }
    """
    a = np.arange(6, dtype=np.int32).reshape(2, 3)
    b = np.array([[7, 8, 9]], np.int32)
    (result,) = run(program(text), "f", a, b)
    assert result.tolist() == [[int(a[i, j]) for j in range(3)] for i in range(2)] + [[7, 8, 9]]
    message = fault(text, a, np.zeros((1, 2), np.int32))
    assert "'tensor.concat' input 1 has size 2 in dimension 1, input 0 has 3" in message


# -- padding ----------------------------------------------------------------------------------


def test_pad_fills_the_border_from_the_body():
    text = """
    func.func @f(%t: tensor<2x2xindex>, %n: index) -> tensor<?x5xindex> {
      %p = tensor.pad %t low[1, 2] high[%n, 1] {
      ^bb0(%i: index, %j: index):
        %c100 = arith.constant 100 : index
        %s = arith.muli %i, %c100 : index
        %v = arith.addi %s, %j : index
        tensor.yield %v : index
      } : tensor<2x2xindex> to tensor<?x5xindex>
      return %p : tensor<?x5xindex>
    }
    """
    t = np.array([[1, 2], [3, 4]], np.int64)
    (result,) = run(program(text), "f", t, 2)
    expected = [
        [int(t[i - 1, j - 2]) if 1 <= i < 3 and 2 <= j < 4 else 100 * i + j for j in range(5)]
        for i in range(5)
    ]
    assert result.tolist() == expected
    assert "'tensor.pad' padding of dimension 0 (low 1, high -1) is negative" in fault(text, t, -1)


def test_rank_zero_slices_and_dropped_unit_dimensions():
    text = """
    func.func @f(%t: tensor<f32>, %u: tensor<3x1x4xi32>, %s: tensor<3x4xi32>)
        -> (tensor<f32>, tensor<3x1x4xi32>, tensor<3x2xi32>) {
      %a = tensor.extract_slice %t[] [] [] : tensor<f32> to tensor<f32>
      %c = tensor.insert_slice %s into %u[0, 0, 0] [3, 1, 4] [1, 1, 1]
          : tensor<3x4xi32> into tensor<3x1x4xi32>
      %x = tensor.extract_slice %c[0, 0, 1] [3, 1, 2] [1, 1, 2]
          : tensor<3x1x4xi32> to tensor<3x2xi32>
      return %a, %c, %x : tensor<f32>, tensor<3x1x4xi32>, tensor<3x2xi32>
    }
    """
    u = np.zeros((3, 1, 4), np.int32)
    s = np.arange(12, dtype=np.int32).reshape(3, 4)
    scalar, inserted, window = run(program(text), "f", np.array(2.5, np.float32), u, s)
    assert isinstance(scalar, np.ndarray) and scalar.shape == () and scalar[()] == 2.5
    assert inserted.tolist() == [[[int(s[i, j]) for j in range(4)]] for i in range(3)]
    assert window.tolist() == [[int(s[i, 1 + 2 * j]) for j in range(2)] for i in range(3)]
    assert not u.any()


def test_rank_and_bitcast():
    text = """
    func.func @f(%t: tensor<2xf32>, %u: tensor<*xf32>) -> (index, tensor<2xi32>, tensor<?xui32>) {
      %r = tensor.rank %u : tensor<*xf32>
      %b = tensor.bitcast %t : tensor<2xf32> to tensor<2xi32>
      %c = tensor.bitcast %b : tensor<2xi32> to tensor<?xui32>
      return %r, %b, %c : index, tensor<2xi32>, tensor<?xui32>
    }
    """
    t = np.array([1.0, -2.0], np.float32)
    rank, bits, unsigned = run(program(text), "f", t, np.zeros((2, 3, 1), np.float32))
    assert rank == 3
    assert bits.tolist() == [0x3F800000, -0x40000000]  # the IEEE-754 encodings of 1 and -2
    assert unsigned.dtype == np.uint32 and unsigned.tolist() == [0x3F800000, 0xC0000000]


# -- random windows against index loops -------------------------------------------------------

WINDOWS = """
func.func @f(%t: tensor<?x?xi32>, %s: tensor<?x?xi32>, %o0: index, %o1: index, %n0: index,
             %n1: index, %d0: index, %d1: index) -> (tensor<?x?xi32>, tensor<?x?xi32>) {
  %e = tensor.extract_slice %t[%o0, %o1] [%n0, %n1] [%d0, %d1]
      : tensor<?x?xi32> to tensor<?x?xi32>
  %i = tensor.insert_slice %s into %t[%o0, %o1] [%n0, %n1] [%d0, %d1]
      : tensor<?x?xi32> into tensor<?x?xi32>
  return %e, %i : tensor<?x?xi32>, tensor<?x?xi32>
}
"""


def window_case(rng):
    """A random tensor and a window of it (in bounds or not): offsets, sizes, strides."""
    shape = [int(rng.integers(1, 7)) for _ in range(2)]
    offsets = [int(rng.integers(0, n + 1)) for n in shape]
    sizes = [int(rng.integers(0, 4)) for _ in shape]
    strides = [int(rng.integers(1, 4)) for _ in shape]
    return shape, offsets, sizes, strides


def in_bounds(shape, offsets, sizes, strides) -> bool:
    return all(
        (n == 0 and o <= extent) or (n > 0 and o < extent and o + (n - 1) * d < extent)
        for extent, o, n, d in zip(shape, offsets, sizes, strides, strict=True)
    )


@pytest.mark.parametrize("seed", range(4))
def test_random_windows_against_index_loops(seed):
    rng = np.random.default_rng(seed)
    module = program(WINDOWS)
    for _ in range(25):
        shape, offsets, sizes, strides = window_case(rng)
        t = rng.integers(-99, 99, size=shape, dtype=np.int32)
        s = rng.integers(-99, 99, size=sizes, dtype=np.int32)
        args = (t, s, *offsets, *sizes, *strides)
        if not in_bounds(shape, offsets, sizes, strides):
            with pytest.raises(IRError, match="'tensor.extract_slice' slice of dimension"):
                run(module, "f", *args)
            continue
        window, inserted = run(module, "f", *args)
        (o0, o1), (d0, d1) = offsets, strides
        expected = [
            [int(t[o0 + i * d0, o1 + j * d1]) for j in range(sizes[1])] for i in range(sizes[0])
        ]
        assert window.reshape(sizes).tolist() == expected
        updated = [[int(v) for v in row] for row in t]
        for i, j in indices(sizes):
            updated[o0 + i * d0][o1 + j * d1] = int(s[i, j])
        assert inserted.tolist() == updated


# -- gather and scatter -----------------------------------------------------------------------

GATHER = """
func.func @f(%s: tensor<4x3x5xi32>, %idx: tensor<2x2xindex>, %d: tensor<4x3x5xi32>)
    -> (tensor<2x1x3x1xi32>, tensor<2x3xi32>, tensor<4x3x5xi32>) {
  %full = tensor.gather %s[%idx] gather_dims([0, 2])
      : (tensor<4x3x5xi32>, tensor<2x2xindex>) -> tensor<2x1x3x1xi32>
  %reduced = tensor.gather %s[%idx] gather_dims([0, 2]) unique
      : (tensor<4x3x5xi32>, tensor<2x2xindex>) -> tensor<2x3xi32>
  %back = tensor.scatter %reduced into %d[%idx] scatter_dims([0, 2]) unique
      : (tensor<2x3xi32>, tensor<4x3x5xi32>, tensor<2x2xindex>) -> tensor<4x3x5xi32>
  return %full, %reduced, %back : tensor<2x1x3x1xi32>, tensor<2x3xi32>, tensor<4x3x5xi32>
}
"""


def test_gather_and_scatter_against_index_loops():
    s = np.arange(60, dtype=np.int32).reshape(4, 3, 5)
    d = np.zeros((4, 3, 5), np.int32)
    idx = np.array([[3, 1], [0, 4]], np.int64)
    full, reduced, back = run(program(GATHER), "f", s, idx, d)
    expected = [[int(s[idx[b, 0], j, idx[b, 1]]) for j in range(3)] for b in range(2)]
    assert reduced.tolist() == expected
    assert full.reshape(2, 3).tolist() == expected and full.shape == (2, 1, 3, 1)
    scattered = [[[0] * 5 for _ in range(3)] for _ in range(4)]
    for b in range(2):
        for j in range(3):
            scattered[idx[b, 0]][j][idx[b, 1]] = expected[b][j]
    assert back.tolist() == scattered and not d.any()


def test_gather_coordinate_out_of_bounds_and_scatter_twice():
    s = np.zeros((4, 3, 5), np.int32)
    message = fault(GATHER, s, np.array([[3, 5], [0, 0]], np.int64), s)
    assert message.startswith("program.mlir:4:")
    assert (
        "'tensor.gather' coordinate 5 at [0] is out of bounds for dimension 2 of size 5" in message
    )
    message = fault(GATHER, s, np.array([[1, 2], [1, 2]], np.int64), s)
    assert "'tensor.scatter' is unique but scatters twice to coordinates [1, 2]" in message


# -- random programs: faults are located errors, never Python exceptions -----------------------


def random_argument(value_type, rng):
    """A value of `value_type` with random sizes for its `?` and small random indices."""
    if isinstance(value_type, T.IndexType):
        return int(rng.integers(-1, 6))
    if isinstance(value_type, T.FloatType):
        return 1.5
    if isinstance(value_type, T.UnrankedTensorType):
        return np.zeros([int(rng.integers(0, 3)) for _ in range(int(rng.integers(0, 3)))])
    shape = [int(rng.integers(0, 5)) if d == T.DYNAMIC else d for d in value_type.shape]
    if isinstance(value_type.element_type, T.IndexType):
        return rng.integers(-1, 6, size=shape)
    return np.arange(int(np.prod(shape))).reshape(shape).astype(numpy_dtype(value_type))


@pytest.mark.parametrize("seed", range(3))
def test_random_programs_fault_only_with_located_errors(seed):
    rng = np.random.default_rng(seed)
    check_random_programs_fault_located(_Generator(seed).case, random_argument, rng)
