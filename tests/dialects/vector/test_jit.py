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
