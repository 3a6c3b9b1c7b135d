"""vector ops on 1-D vectors compiled to LLVM IR (irc.jit) agree with the reference
interpreter: loads and stores through memref descriptors, broadcast, fma, reductions,
extract and insert; with bounds checks, out-of-bounds lanes are the interpreter's faults."""

from __future__ import annotations

import numpy as np
import pytest

import irc
from irc.frontend.parser import parse
from irc.runtime.interpreter import run as interpret

KERNELS = """
func.func @axpy(%a: f32, %x: memref<?xf32>, %y: memref<?x?xf32>, %i: index, %j: index) {
  %c0 = arith.constant 0 : index
  %xv = vector.load %x[%c0] : memref<?xf32>, vector<8xf32>
  %yv = vector.load %y[%i, %j] : memref<?x?xf32>, vector<8xf32>
  %av = vector.broadcast %a : f32 to vector<8xf32>
  %r = vector.fma %av, %xv, %yv : vector<8xf32>
  vector.store %r, %y[%i, %j] alignment = 4 : memref<?x?xf32>, vector<8xf32>
  return
}

func.func @lanes(%m: memref<?xi32>, %i: index, %s: i32) -> (i32, i32) {
  %c0 = arith.constant 0 : index
  %v = vector.load %m[%c0] : memref<?xi32>, vector<4xi32>
  %e = vector.extract %v[%i] : i32 from vector<4xi32>
  %f = vector.extract %v[3] : i32 from vector<4xi32>
  %w = vector.insert %s, %v [%i] : i32 into vector<4xi32>
  %u = vector.insert %e, %w [0] : i32 into vector<4xi32>
  %one = vector.broadcast %s : i32 to vector<1xi32>
  %b = vector.broadcast %one : vector<1xi32> to vector<4xi32>
  %sum = arith.addi %u, %b : vector<4xi32>
  vector.store %sum, %m[%c0] : memref<?xi32>, vector<4xi32>
  return %e, %f : i32, i32
}

func.func @reduce_f32(%m: memref<?xf32>, %acc: f32)
    -> (f32, f32, f32, f32, f32, f32, f32, f32, f32) {
  %c0 = arith.constant 0 : index
  %v = vector.load %m[%c0] : memref<?xf32>, vector<5xf32>
  %0 = vector.reduction <add>, %v : vector<5xf32> into f32
  %1 = vector.reduction <add>, %v, %acc : vector<5xf32> into f32
  %2 = vector.reduction <mul>, %v : vector<5xf32> into f32
  %3 = vector.reduction <maximumf>, %v : vector<5xf32> into f32
  %4 = vector.reduction <minimumf>, %v, %acc : vector<5xf32> into f32
  %5 = vector.reduction <maxnumf>, %v : vector<5xf32> into f32
  %6 = vector.reduction <minnumf>, %v : vector<5xf32> into f32
  %7 = vector.reduction <maximumnumf>, %v, %acc : vector<5xf32> into f32
  %8 = vector.reduction <minimumnumf>, %v : vector<5xf32> into f32
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : f32, f32, f32, f32, f32, f32, f32, f32, f32
}

func.func @reduce_i8(%m: memref<?xi8>, %acc: i8) -> (i8, i8, i8, i8, i8, i8, i8, i8, i8, i8) {
  %c0 = arith.constant 0 : index
  %v = vector.load %m[%c0] : memref<?xi8>, vector<6xi8>
  %0 = vector.reduction <add>, %v, %acc : vector<6xi8> into i8
  %1 = vector.reduction <mul>, %v : vector<6xi8> into i8
  %2 = vector.reduction <minsi>, %v : vector<6xi8> into i8
  %3 = vector.reduction <maxsi>, %v, %acc : vector<6xi8> into i8
  %4 = vector.reduction <minui>, %v, %acc : vector<6xi8> into i8
  %5 = vector.reduction <maxui>, %v : vector<6xi8> into i8
  %6 = vector.reduction <and>, %v : vector<6xi8> into i8
  %7 = vector.reduction <or>, %v, %acc : vector<6xi8> into i8
  %8 = vector.reduction <xor>, %v : vector<6xi8> into i8
  %9 = vector.reduction <mul>, %v, %acc : vector<6xi8> into i8
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : i8, i8, i8, i8, i8, i8, i8, i8, i8, i8
}
"""


@pytest.fixture(scope="module")
def compiled():
    return irc.compile_module(KERNELS, filename="kernels.mlir", bounds_checks=True, cache=False)


@pytest.fixture(scope="module")
def module():
    return parse(KERNELS, "kernels.mlir")


def both(compiled, module, name, *args):
    """(jit results, interpreter results), each on its own copies of array arguments."""
    jit_args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    ref_args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    jit_out = compiled[name](*jit_args)
    ref_out = interpret(module, name, *ref_args)
    return (jit_out, jit_args), (ref_out, ref_args)


def assert_same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype
    np.testing.assert_array_equal(a.view(f"u{a.itemsize}"), b.view(f"u{b.itemsize}"))


def results(out) -> list:
    return list(out) if isinstance(out, (list, tuple)) else [out]


def test_axpy_loads_fmas_and_stores_like_the_interpreter(compiled, module):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(8).astype(np.float32)
    y = rng.standard_normal((3, 11)).astype(np.float32)
    (_, jit_args), (_, ref_args) = both(compiled, module, "axpy", np.float32(1.7), x, y, 2, 3)
    assert_same(jit_args[2], ref_args[2])
    assert not np.array_equal(ref_args[2], y)


@pytest.mark.parametrize("i", [0, 2, 3])
def test_extract_insert_broadcast_like_the_interpreter(compiled, module, i):
    m = np.array([5, -6, 7, 100], np.int32)
    (jit_out, jit_args), (ref_out, ref_args) = both(compiled, module, "lanes", m, i, np.int32(9))
    for a, b in zip(results(jit_out), results(ref_out), strict=True):
        assert_same(a, b)
    assert_same(jit_args[0], ref_args[0])


VALUES_F32 = [
    [1e8, 1.0, -1e8, 0.25, 3.0],
    [-0.0, -0.0, -0.0, -0.0, -0.0],
    [2.0, np.nan, -1.0, 0.0, -0.0],
    [np.inf, -np.inf, 1.0, 2.0, 3.0],
]


@pytest.mark.parametrize("values", VALUES_F32)
def test_float_reductions_like_the_interpreter(compiled, module, values):
    m = np.array(values, np.float32)
    (jit_out, _), (ref_out, _) = both(compiled, module, "reduce_f32", m, np.float32(-0.5))
    for a, b in zip(results(jit_out), results(ref_out), strict=True):
        if np.isnan(a) and np.isnan(b):
            continue  # which NaN payload comes out is not pinned down
        assert_same(a, b)


@pytest.mark.parametrize("seed", range(3))
def test_integer_reductions_like_the_interpreter(compiled, module, seed):
    m = np.random.default_rng(seed).integers(-128, 128, 6).astype(np.int8)
    (jit_out, _), (ref_out, _) = both(compiled, module, "reduce_i8", m, np.int8(-77))
    for a, b in zip(results(jit_out), results(ref_out), strict=True):
        assert_same(a, b)


def fault_message(fn, *args) -> str:
    with pytest.raises(irc.IRError) as caught:
        fn(*args)
    return str(caught.value)


def test_out_of_bounds_load_is_the_interpreters_fault(compiled, module):
    x = np.zeros(8, np.float32)
    y = np.zeros((3, 11), np.float32)
    jit = fault_message(compiled["axpy"], np.float32(1), x, y, 1, 4)
    ref = fault_message(lambda *a: interpret(module, "axpy", *a), np.float32(1), x, y, 1, 4)
    message = "'vector.load' accesses indices 4 to 11 of dimension 1, which has size 11"
    assert message in jit and message in ref
    assert jit.startswith("kernels.mlir:5:") and ref.startswith("kernels.mlir:5:")


def test_dynamic_position_out_of_range_is_a_fault(compiled):
    message = fault_message(compiled["lanes"], np.zeros(4, np.int32), 4, np.int32(0))
    assert "'vector.extract' position 4 is out of bounds for dimension 0 of size 4" in message


MASKED = """
func.func @masked(%m: memref<?x?xf32>, %i: index, %j: index, %limit: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %row = vector.load %m[%c0, %c0] : memref<?x?xf32>, vector<4xf32>
  %cut = vector.broadcast %limit : f32 to vector<4xf32>
  %mask = arith.cmpf olt, %row, %cut : vector<4xf32>
  %pass = arith.constant dense<-1.0> : vector<4xf32>
  %v = vector.maskedload %m[%i, %j], %mask, %pass
      : memref<?x?xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
  %two = arith.constant dense<2.0> : vector<4xf32>
  %w = arith.mulf %v, %two : vector<4xf32>
  vector.maskedstore %m[%j, %i], %mask, %w : memref<?x?xf32>, vector<4xi1>, vector<4xf32>
  %s = vector.reduction <add>, %v : vector<4xf32> into f32
  return %s : f32
}

func.func @transfer(%m: memref<?x?xf32>, %o: memref<?x?xf32>, %i: index, %j: index,
                    %pad: f32) -> f32 {
  %v = vector.transfer_read %m[%i, %j], %pad : memref<?x?xf32>, vector<4xf32>
  %one = arith.constant dense<1.0> : vector<4xf32>
  %w = arith.addf %v, %one : vector<4xf32>
  vector.transfer_write %w, %o[%j, %i] : vector<4xf32>, memref<?x?xf32>
  %s = vector.reduction <add>, %v : vector<4xf32> into f32
  return %s : f32
}

func.func @transfer_masked(%m: memref<?xf32>, %o: memref<?xf32>, %i: index) -> f32 {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 9.0 : f32
  %row = vector.load %m[%c0] : memref<?xf32>, vector<4xf32>
  %zero = arith.constant dense<0.0> : vector<4xf32>
  %mask = arith.cmpf ogt, %row, %zero : vector<4xf32>
  %v = vector.transfer_read %m[%i], %pad, %mask : memref<?xf32>, vector<4xf32>
  vector.transfer_write %v, %o[%i], %mask {in_bounds = [true]} : vector<4xf32>, memref<?xf32>
  %s = vector.reduction <add>, %v : vector<4xf32> into f32
  return %s : f32
}
"""


@pytest.fixture(scope="module")
def masked_compiled():
    return irc.compile_module(MASKED, filename="masked.mlir", bounds_checks=True, cache=False)


@pytest.fixture(scope="module")
def masked_module():
    return parse(MASKED, "masked.mlir")


def test_masked_load_and_store_like_the_interpreter(masked_compiled, masked_module):
    m = np.array([[0.5, 3, 1, 7, 2], [4, 5, 6, 7, 8], [9, 10, 11, 12, 13]], np.float32)
    for i, j in [(1, 1), (0, 0), (2, 1)]:
        (jit_out, jit_args), (ref_out, ref_args) = both(
            masked_compiled, masked_module, "masked", m, i, j, np.float32(2.5)
        )
        assert_same(jit_out, ref_out[0])
        assert_same(jit_args[0], ref_args[0])


def test_masked_lanes_may_lie_outside_but_enabled_ones_may_not(masked_compiled, masked_module):
    m = np.array([[1, 1, 5, 5], [1, 2, 3, 4], [5, 6, 7, 8]], np.float32)  # lanes 0, 1 on
    (jit_out, jit_args), (ref_out, ref_args) = both(
        masked_compiled, masked_module, "masked", m, 1, 2, np.float32(2.5)
    )  # lanes 2 and 3 of the load (m[1, 4], m[1, 5]) lie outside, off
    assert_same(jit_out, ref_out[0])
    assert_same(jit_args[0], ref_args[0])
    m = np.array([[1, 5, 5, 1], [1, 2, 3, 4]], np.float32)  # lane 3 reads m[1, 5]
    jit = fault_message(masked_compiled["masked"], m, 1, 2, np.float32(2.5))
    ref = fault_message(lambda *a: interpret(masked_module, "masked", *a), m, 1, 2, np.float32(2.5))
    message = (
        "'vector.maskedload' accesses index 5 of dimension 1, which has size 4, in a lane its "
        "mask enables"
    )
    assert message in jit and message in ref


@pytest.mark.parametrize("i, j", [(0, 0), (1, 2), (2, 3), (2, 5), (3, 1)])
def test_transfers_pad_and_skip_like_the_interpreter(masked_compiled, masked_module, i, j):
    m = np.arange(20, dtype=np.float32).reshape(4, 5)
    o = np.zeros((6, 4), np.float32)
    (jit_out, jit_args), (ref_out, ref_args) = both(
        masked_compiled, masked_module, "transfer", m, o, i, j, np.float32(-2)
    )
    assert_same(jit_out, ref_out[0])
    assert_same(jit_args[1], ref_args[1])


def test_transfer_fixed_dimension_out_of_bounds_is_a_fault(masked_compiled, masked_module):
    m, o = np.zeros((4, 5), np.float32), np.zeros((6, 4), np.float32)
    jit = fault_message(masked_compiled["transfer"], m, o, 4, 0, np.float32(0))
    ref = fault_message(
        lambda *a: interpret(masked_module, "transfer", *a), m, o, 4, 0, np.float32(0)
    )
    message = (
        "'vector.transfer_read' index 4 of dimension 0, which has size 4, is out of bounds "
        "(only transferred dimensions may be)"
    )
    assert message in jit and message in ref


@pytest.mark.parametrize("i", [0, 1, 2])
def test_masked_transfers_like_the_interpreter(masked_compiled, masked_module, i):
    m = np.array([3, -1, 4, 5, -9, 2], np.float32)
    o = np.full(6, 7, np.float32)
    (jit_out, jit_args), (ref_out, ref_args) = both(
        masked_compiled, masked_module, "transfer_masked", m, o, i
    )
    assert_same(jit_out, ref_out[0])
    assert_same(jit_args[1], ref_args[1])


def test_in_bounds_lie_is_the_interpreters_fault(masked_compiled, masked_module):
    m = np.array([3, 1, 4, 5], np.float32)  # every lane enabled; lane 2 of %o[2] is outside
    o = np.zeros(4, np.float32)
    jit = fault_message(masked_compiled["transfer_masked"], m, o, 2)
    ref = fault_message(lambda *a: interpret(masked_module, "transfer_masked", *a), m, o, 2)
    message = "'vector.transfer_write' lane [2] reads index 4 of dimension 0, which has size 4"
    assert message in jit and message in ref
