"""The reference interpreter runs bufferization programs: crossing between tensors (values)
and memrefs (buffers written in place) copies, so a tensor never changes when a buffer does.
Each program is checked against the same computation written as explicit index loops."""

from __future__ import annotations

import numpy as np
import pytest

from irc.ir import types as T
from irc.ir.diagnostics import IRError
from irc.runtime.interpreter import numpy_dtype, run
from tests.dialects.bufferization.test_fuzz import _Generator
from tests.dialects.helpers import check_random_programs_fault_located, fault, program


def test_to_tensor_is_a_snapshot_of_the_buffer():
    text = """
    func.func @f(%m: memref<3xf32>, %v: f32) -> (tensor<3xf32>, tensor<3xf32>) {
      %before = bufferization.to_tensor %m restrict writable : memref<3xf32> to tensor<3xf32>
      %c1 = arith.constant 1 : index
      memref.store %v, %m[%c1] : memref<3xf32>
      %after = bufferization.to_tensor %m : memref<3xf32> to tensor<3xf32>
      return %before, %after : tensor<3xf32>, tensor<3xf32>
    }
    """
    m = np.array([1.0, 2.0, 3.0], np.float32)
    before, after = run(program(text), "f", m, 9.0)
    assert before.tolist() == [1.0, 2.0, 3.0]
    assert after.tolist() == [1.0, 9.0, 3.0] and m.tolist() == [1.0, 9.0, 3.0]


def test_to_buffer_and_clone_give_fresh_buffers():
    text = """
    func.func @f(%t: tensor<2x2xi32>, %v: i32)
        -> (tensor<2x2xi32>, memref<2x2xi32>, memref<2x2xi32>) {
      %b = bufferization.to_buffer %t read_only : tensor<2x2xi32> to memref<2x2xi32>
      %c = bufferization.clone %b : memref<2x2xi32> to memref<2x2xi32>
      %c0 = arith.constant 0 : index
      memref.store %v, %c[%c0, %c0] : memref<2x2xi32>
      return %t, %b, %c : tensor<2x2xi32>, memref<2x2xi32>, memref<2x2xi32>
    }
    """
    t = np.array([[1, 2], [3, 4]], np.int32)
    tensor, buffer, clone = run(program(text), "f", t, np.int32(-1))
    original = [[int(t[i, j]) for j in range(2)] for i in range(2)]
    assert tensor.tolist() == original and buffer.tolist() == original
    assert clone.tolist() == [[-1, 2], [3, 4]]


def test_alloc_tensor_shapes_and_copies():
    text = """
    func.func @f(%n: index, %t: tensor<2xi8>) -> (tensor<?x2xf32>, tensor<2xi8>) {
      %a = bufferization.alloc_tensor(%n) : tensor<?x2xf32>
      %b = bufferization.alloc_tensor() copy(%t) : tensor<2xi8>
      bufferization.dealloc_tensor %a : tensor<?x2xf32>
      return %a, %b : tensor<?x2xf32>, tensor<2xi8>
    }
    """
    t = np.array([5, 6], np.int8)
    fresh, copy = run(program(text), "f", 3, t)
    assert fresh.shape == (3, 2) and np.isnan(fresh).all()
    assert copy.dtype == np.int8 and copy.tolist() == [5, 6]


MATERIALIZE = """
func.func @f(%t: tensor<?xf32>, %d: tensor<?xf32>, %m: memref<?xf32>) -> tensor<?xf32> {
  %r = bufferization.materialize_in_destination %t in %d
      : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  bufferization.materialize_in_destination %t in restrict writable %m
      : (tensor<?xf32>, memref<?xf32>) -> ()
  return %r : tensor<?xf32>
}
"""


def test_materialize_in_destination_writes_buffers_in_place():
    t = np.array([1.0, 2.0], np.float32)
    d = np.zeros(2, np.float32)
    m = np.zeros(2, np.float32)
    (result,) = run(program(MATERIALIZE), "f", t, d, m)
    assert result.tolist() == [1.0, 2.0] and d.tolist() == [0.0, 0.0]
    assert [float(m[i]) for i in range(2)] == [float(t[i]) for i in range(2)]


def test_materialize_in_destination_of_another_shape_is_reported():
    t, d, m = (np.zeros(n, np.float32) for n in (2, 3, 2))
    message = fault(MATERIALIZE, t, d, m)
    assert message.startswith("program.mlir:3:")
    assert "'bufferization.materialize_in_destination' stores shape 2 into shape 3" in message


def test_tensor_and_buffer_types_must_match():
    text = """
    func.func @f(%m: memref<4xf32>) -> tensor<5xf32> {
      %0 = bufferization.to_tensor %m : memref<4xf32> to tensor<5xf32>
      return %0 : tensor<5xf32>
    }
    """
    with pytest.raises(IRError) as caught:
        program(text)
    assert (
        "'bufferization.to_tensor' op failed to verify that specified tensor and buffer types "
        "match" in str(caught.value)
    )


def test_unranked_buffers_must_have_the_tensor_rank():
    text = """
    func.func @f(%m: memref<*xf32>) -> tensor<f32> {
      %0 = bufferization.to_tensor %m : memref<*xf32> to tensor<f32>
      return %0 : tensor<f32>
    }
    """
    (scalar,) = run(program(text), "f", np.array(1.5, np.float32))
    assert scalar.shape == () and scalar[()] == 1.5
    message = fault(text, np.zeros(2, np.float32))
    assert "'bufferization.to_tensor' gives shape 2, which is not tensor<f32>" in message


DEALLOC = """
func.func @f(%c0: i1, %c1: i1) -> (i1, i1, f32) {
  %a = memref.alloc() : memref<4xf32>
  %b = memref.alloc() : memref<2xf32>
  %view = memref.subview %a[1] [2] [1] : memref<4xf32> to memref<2xf32, strided<[1], offset: 1>>
  %k:2 = bufferization.dealloc (%a, %b, %b : memref<4xf32>, memref<2xf32>, memref<2xf32>)
      if (%c0, %c1, %c1) retain (%view, %b : memref<2xf32, strided<[1], offset: 1>>, memref<2xf32>)
  %i = arith.constant 0 : index
  %v = memref.load %view[%i] : memref<2xf32, strided<[1], offset: 1>>
  return %k#0, %k#1, %v : i1, i1, f32
}
"""


def test_dealloc_keeps_what_is_retained_and_reports_ownership():
    # %a is retained through its view, %b is retained itself: nothing is freed, and each
    # retained memref is owned when a memref sharing its buffer had a true condition
    for c0, c1 in [(True, False), (False, True), (True, True), (False, False)]:
        owned_view, owned_b, _ = run(program(DEALLOC), "f", c0, c1)
        assert (bool(owned_view), bool(owned_b)) == (c0, c1)


def test_dealloc_frees_once_and_a_freed_buffer_is_not_used():
    text = """
    func.func @f(%c: i1) -> f32 {
      %a = memref.alloc() : memref<4xf32>
      %b = bufferization.clone %a : memref<4xf32> to memref<4xf32>
      bufferization.dealloc (%a, %a, %b : memref<4xf32>, memref<4xf32>, memref<4xf32>)
          if (%c, %c, %c)
      %i = arith.constant 0 : index
      %v = memref.load %a[%i] : memref<4xf32>
      return %v : f32
    }
    """
    (value,) = run(program(text), "f", False)
    assert np.isnan(value)
    message = fault(text, True)
    assert message.startswith("program.mlir:8:")
    assert "'memref.load' uses a buffer after memref.dealloc freed it" in message


def test_dealloc_of_a_buffer_it_may_not_free():
    text = """
    func.func @f(%m: memref<4xf32>) {
      %t = arith.constant true
      bufferization.dealloc (%m : memref<4xf32>) if (%t)
      return
    }
    """
    message = fault(text, np.zeros(4, np.float32))
    assert "'bufferization.dealloc' frees a buffer that memref.alloc did not make" in message


def random_argument(value_type, rng):
    """A zero-filled value of `value_type` with random sizes for its `?`, or an index."""
    if isinstance(value_type, T.IndexType):
        return int(rng.integers(-1, 5))
    if isinstance(value_type, (T.UnrankedTensorType, T.UnrankedMemRefType)):
        shape = [int(rng.integers(0, 3)) for _ in range(int(rng.integers(0, 3)))]
    else:
        shape = [int(rng.integers(0, 5)) if d == T.DYNAMIC else d for d in value_type.shape]
    return np.zeros(shape, numpy_dtype(value_type.element_type))


@pytest.mark.parametrize("seed", range(3))
def test_random_programs_fault_only_with_located_errors(seed):
    rng = np.random.default_rng(seed)
    check_random_programs_fault_located(_Generator(seed).case, random_argument, rng)
