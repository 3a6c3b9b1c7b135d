"""The reference interpreter runs vector programs. Each program is checked against the
same computation written as explicit loops over lanes (not numpy slicing), and faults
are located errors naming the op."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from irc.runtime.interpreter import run
from tests.dialects.helpers import fault, program

# -- loads and stores -------------------------------------------------------------------------

LOAD_STORE = """
func.func @f(%m: memref<4x6xi32>, %i: index, %j: index) -> vector<2x3xi32> {
  %v = vector.load %m[%i, %j] : memref<4x6xi32>, vector<2x3xi32>
  %c = arith.constant dense<100> : vector<2x3xi32>
  %w = arith.addi %v, %c : vector<2x3xi32>
  vector.store %w, %m[%j, %i] : memref<4x6xi32>, vector<2x3xi32>
  return %v : vector<2x3xi32>
}
"""


def test_load_and_store_run_along_the_minor_dimensions():
    m = np.arange(24, dtype=np.int32).reshape(4, 6)
    expected_memory = m.copy()
    expected = np.zeros((2, 3), np.int32)
    for a in range(2):
        for b in range(3):
            expected[a, b] = m[1 + a, 2 + b]
    for a in range(2):
        for b in range(3):
            expected_memory[2 + a, 1 + b] = expected[a, b] + 100
    (v,) = run(program(LOAD_STORE), "f", m, 1, 2)
    assert v.dtype == np.int32 and v.shape == (2, 3)
    np.testing.assert_array_equal(v, expected)
    np.testing.assert_array_equal(m, expected_memory)


def test_1d_load_from_a_2d_memref():
    text = """
    func.func @f(%m: memref<3x5xf32>, %i: index, %j: index) -> vector<4xf32> {
      %v = vector.load %m[%i, %j] : memref<3x5xf32>, vector<4xf32>
      return %v : vector<4xf32>
    }
    """
    m = np.arange(15, dtype=np.float32).reshape(3, 5)
    (v,) = run(program(text), "f", m, 2, 1)
    assert list(v) == [m[2, 1 + k] for k in range(4)]


@pytest.mark.parametrize("i, j, dim, low, high, size", [(3, 0, 0, 3, 4, 4), (0, 4, 1, 4, 6, 6)])
def test_out_of_bounds_load_is_reported_at_the_op(i, j, dim, low, high, size):
    message = fault(LOAD_STORE, np.zeros((4, 6), np.int32), i, j)
    assert message.startswith("program.mlir:3:")
    assert (
        f"'vector.load' accesses indices {low} to {high} of dimension {dim}, which has size "
        f"{size}" in message
    )


def test_out_of_bounds_store_writes_nothing():
    text = """
    func.func @f(%m: memref<5xf32>, %i: index, %v: vector<4xf32>) {
      vector.store %v, %m[%i] : memref<5xf32>, vector<4xf32>
      return
    }
    """
    m = np.zeros(5, np.float32)
    message = fault(text, m, 2, np.ones(4, np.float32))
    assert "'vector.store' accesses indices 2 to 5 of dimension 0, which has size 5" in message
    assert not m.any()


def test_masked_load_and_store():
    text = """
    func.func @f(%m: memref<6xf32>, %i: index, %mask: vector<4xi1>, %pass: vector<4xf32>)
        -> vector<4xf32> {
      %v = vector.maskedload %m[%i], %mask, %pass
          : memref<6xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
      %c = arith.constant dense<10.0> : vector<4xf32>
      %w = arith.addf %v, %c : vector<4xf32>
      vector.maskedstore %m[%i], %mask, %w : memref<6xf32>, vector<4xi1>, vector<4xf32>
      return %v : vector<4xf32>
    }
    """
    m = np.arange(6, dtype=np.float32)
    mask = np.array([True, False, True, False])
    passthru = np.array([-1, -2, -3, -4], np.float32)
    expected = [m[3 + k] if mask[k] else passthru[k] for k in range(4)]
    memory = m.copy()
    for k in range(4):
        if mask[k]:
            memory[3 + k] = expected[k] + 10
    # the masked-off lanes 4 and 6 include index 6, past the end: never touched
    (v,) = run(program(text), "f", m, 3, mask, passthru)
    assert list(v) == expected
    np.testing.assert_array_equal(m, memory)
    mask[3] = True
    message = fault(text, np.zeros(6, np.float32), 3, mask, passthru)
    assert "'vector.maskedload' accesses index 6 of dimension 0, which has size 6" in message


# -- transfers --------------------------------------------------------------------------------


def reference_transfer_read(source, indices, amap_results, shape, padding, in_bounds=None):
    """A transfer_read by hand: result dim r moves source dim amap_results[r] (None for a
    broadcast), lanes outside the source get `padding`."""
    result = np.full(shape, padding, source.dtype)
    for lane in np.ndindex(*shape):
        index = list(indices)
        inside = True
        for r, dim in enumerate(amap_results):
            if dim is None:
                continue
            index[dim] += lane[r]
            inside = inside and 0 <= index[dim] < source.shape[dim]
        if inside:
            result[lane] = source[tuple(index)]
    return result


READS = """
func.func @f(%m: memref<5x4xf32>, %t: tensor<5x4xf32>, %i: index, %j: index, %pad: f32)
    -> (vector<3xf32>, vector<3x2xf32>, vector<2x3xf32>, vector<2x3xf32>) {
  %a = vector.transfer_read %m[%i, %j], %pad : memref<5x4xf32>, vector<3xf32>
  %b = vector.transfer_read %m[%i, %j], %pad
      {permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : memref<5x4xf32>, vector<3x2xf32>
  %c = vector.transfer_read %t[%i, %j], %pad
      {permutation_map = affine_map<(d0, d1) -> (0, d1)>, in_bounds = [true, false]}
      : tensor<5x4xf32>, vector<2x3xf32>
  %d = vector.transfer_read %t[%i, %j], %pad : tensor<5x4xf32>, vector<2x3xf32>
  return %a, %b, %c, %d : vector<3xf32>, vector<3x2xf32>, vector<2x3xf32>, vector<2x3xf32>
}
"""


@pytest.mark.parametrize("i, j", [(0, 0), (3, 2), (4, 3), (1, 1)])
def test_transfer_read_pads_out_of_bounds_lanes(i, j):
    m = np.arange(20, dtype=np.float32).reshape(5, 4)
    a, b, c, d = run(program(READS), "f", m, m * 2, i, j, np.float32(-9))
    np.testing.assert_array_equal(a, reference_transfer_read(m, [i, j], [1], (3,), -9))
    np.testing.assert_array_equal(b, reference_transfer_read(m, [i, j], [1, 0], (3, 2), -9))
    np.testing.assert_array_equal(c, reference_transfer_read(m * 2, [i, j], [None, 1], (2, 3), -9))
    np.testing.assert_array_equal(d, reference_transfer_read(m * 2, [i, j], [0, 1], (2, 3), -9))


def test_transfer_read_with_a_mask_pads_masked_lanes():
    text = """
    func.func @f(%m: memref<5x4xi32>, %mask: vector<2x3xi1>) -> vector<3x2xi32> {
      %c0 = arith.constant 0 : index
      %pad = arith.constant 7 : i32
      %v = vector.transfer_read %m[%c0, %c0], %pad, %mask
          {permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : memref<5x4xi32>, vector<3x2xi32>
      return %v : vector<3x2xi32>
    }
    """
    m = np.arange(20, dtype=np.int32).reshape(5, 4)
    mask = np.array([[True, False, True], [True, True, False]])
    (v,) = run(program(text), "f", m, mask)
    for r0 in range(3):
        for r1 in range(2):  # the mask is indexed in source-dimension order: (d0, d1)
            assert v[r0, r1] == (m[r1, r0] if mask[r1, r0] else 7)


def test_transfer_read_in_bounds_lie_is_reported():
    text = """
    func.func @f(%m: memref<4xf32>, %i: index) -> vector<3xf32> {
      %pad = arith.constant 0.0 : f32
      %v = vector.transfer_read %m[%i], %pad {in_bounds = [true]} : memref<4xf32>, vector<3xf32>
      return %v : vector<3xf32>
    }
    """
    message = fault(text, np.zeros(4, np.float32), 2)
    assert "'vector.transfer_read' lane [2] reads index 4 of dimension 0" in message


WRITES = """
func.func @f(%v: vector<2x3xf32>, %m: memref<4x4xf32>, %t: tensor<4x4xf32>, %i: index,
             %j: index) -> tensor<4x4xf32> {
  vector.transfer_write %v, %m[%i, %j] : vector<2x3xf32>, memref<4x4xf32>
  %w = vector.transfer_write %v, %t[%j, %i]
      {permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : vector<2x3xf32>, tensor<4x4xf32>
  return %w : tensor<4x4xf32>
}
"""


@pytest.mark.parametrize("i, j", [(0, 0), (3, 2), (2, 3)])
def test_transfer_write_skips_out_of_bounds_lanes(i, j):
    v = np.arange(6, dtype=np.float32).reshape(2, 3) + 1
    m = np.zeros((4, 4), np.float32)
    t = np.full((4, 4), -1, np.float32)
    expected_m, expected_t = m.copy(), t.copy()
    for a in range(2):
        for b in range(3):
            if i + a < 4 and j + b < 4:
                expected_m[i + a, j + b] = v[a, b]
            if i + a < 4 and j + b < 4:
                expected_t[j + b, i + a] = v[a, b]
    (w,) = run(program(WRITES), "f", v, m, t, i, j)
    np.testing.assert_array_equal(m, expected_m)
    np.testing.assert_array_equal(w, expected_t)
    assert (t == -1).all()  # a tensor is a value: the argument is not written


# -- building and taking apart vectors --------------------------------------------------------

SHAPES = """
func.func @f(%s: f32, %v: vector<1x3xf32>, %m: vector<2x3xf32>, %i: index)
    -> (vector<2x1x3xf32>, vector<4xf32>, vector<6xf32>, f32, vector<3xf32>, vector<2x3xf32>,
        vector<2x3xf32>) {
  %b = vector.broadcast %v : vector<1x3xf32> to vector<2x1x3xf32>
  %s4 = vector.broadcast %s : f32 to vector<4xf32>
  %c = vector.shape_cast %m : vector<2x3xf32> to vector<6xf32>
  %e = vector.extract %m[%i, 2] : f32 from vector<2x3xf32>
  %r = vector.extract %m[1] : vector<3xf32> from vector<2x3xf32>
  %n = vector.insert %s, %m [%i, 0] : f32 into vector<2x3xf32>
  %o = vector.insert %r, %m [0] : vector<3xf32> into vector<2x3xf32>
  return %b, %s4, %c, %e, %r, %n, %o : vector<2x1x3xf32>, vector<4xf32>, vector<6xf32>, f32,
      vector<3xf32>, vector<2x3xf32>, vector<2x3xf32>
}
"""


def test_broadcast_shape_cast_extract_insert():
    v = np.array([[1, 2, 3]], np.float32)
    m = np.array([[4, 5, 6], [7, 8, 9]], np.float32)
    b, s4, c, e, r, n, o = run(program(SHAPES), "f", np.float32(0.5), v, m, 1)
    assert b.shape == (2, 1, 3)
    assert all(b[a, 0, k] == v[0, k] for a in range(2) for k in range(3))
    assert list(s4) == [0.5] * 4 and s4.dtype == np.float32
    assert list(c) == [m[k // 3, k % 3] for k in range(6)]
    assert e == m[1, 2] and isinstance(e, np.float32)
    assert list(r) == list(m[1])
    assert n[1, 0] == 0.5 and n[0, 0] == 4 and m[1, 0] == 7  # insert copies
    assert list(o[0]) == list(m[1]) and list(o[1]) == list(m[1])


def test_dynamic_extract_out_of_range_and_poison_are_reported():
    assert "'vector.extract' position 2 is out of bounds for dimension 0 of size 2" in fault(
        SHAPES, np.float32(0), np.zeros((1, 3), np.float32), np.zeros((2, 3), np.float32), 2
    )
    text = """
    func.func @f(%m: vector<2x3xf32>) -> f32 {
      %e = vector.extract %m[-1, 0] : f32 from vector<2x3xf32>
      return %e : f32
    }
    """
    assert "'vector.extract' position [-1, 0] is poison (-1)" in fault(
        text, np.zeros((2, 3), np.float32)
    )


# -- arithmetic -------------------------------------------------------------------------------


def test_fma_rounds_once():
    text = """
    func.func @f(%a: vector<3xf32>, %b: vector<3xf32>, %c: vector<3xf32>) -> vector<3xf32> {
      %r = vector.fma %a, %b, %c : vector<3xf32>
      return %r : vector<3xf32>
    }
    """
    eps = 2.0**-23
    a = np.array([1 + eps, 3, 0.1], np.float32)
    b = np.array([1 - eps, 4, 10], np.float32)
    c = np.array([-1, 5, -1], np.float32)
    (r,) = run(program(text), "f", a, b, c)
    for k in range(3):  # the exact value, rounded to f32 once
        exact = Fraction(float(a[k])) * Fraction(float(b[k])) + Fraction(float(c[k]))
        assert r[k] == np.float32(float(exact))
    assert r[0] == np.float32(-(eps**2))  # a*b rounded first would give 0


def test_fma_f64_rounds_once():
    text = """
    func.func @f(%a: vector<1xf64>, %b: vector<1xf64>, %c: vector<1xf64>) -> vector<1xf64> {
      %r = vector.fma %a, %b, %c : vector<1xf64>
      return %r : vector<1xf64>
    }
    """
    eps = 2.0**-52
    (r,) = run(program(text), "f", [1 + eps], [1 - eps], [-1.0])
    assert r[0] == -(eps**2)


def reference_reduce(values, combine, acc=None):
    items = list(values) if acc is None else [acc, *values]
    total = items[0]
    for item in items[1:]:
        total = combine(total, item)
    return total


INT_KINDS = {
    "add": lambda a, b: (a + b + 128) % 256 - 128,
    "mul": lambda a, b: (a * b + 128) % 256 - 128,
    "minsi": min,
    "maxsi": max,
    "minui": lambda a, b: a if a % 256 <= b % 256 else b,
    "maxui": lambda a, b: a if a % 256 >= b % 256 else b,
    "and": lambda a, b: a & b,
    "or": lambda a, b: a | b,
    "xor": lambda a, b: a ^ b,
}


@pytest.mark.parametrize("kind", sorted(INT_KINDS))
@pytest.mark.parametrize("with_acc", [False, True])
def test_integer_reductions_wrap_in_the_element_type(kind, with_acc):
    acc_operand = ", %acc" if with_acc else ""
    text = f"""
    func.func @f(%v: vector<5xi8>, %acc: i8) -> i8 {{
      %r = vector.reduction <{kind}>, %v{acc_operand} : vector<5xi8> into i8
      return %r : i8
    }}
    """
    values = [100, -7, 90, -128, 3]
    acc = 55
    (r,) = run(program(text), "f", np.array(values, np.int8), np.int8(acc))
    expected = reference_reduce(values, INT_KINDS[kind], acc if with_acc else None)
    assert r == expected and r.dtype == np.int8


FLOAT_KINDS = {
    "add": lambda a, b: np.float32(a + b),
    "mul": lambda a, b: np.float32(a * b),
    "maximumf": max,
    "minimumf": min,
    "maxnumf": max,
    "minnumf": min,
    "maximumnumf": max,
    "minimumnumf": min,
}


@pytest.mark.parametrize("kind", sorted(FLOAT_KINDS))
def test_float_reductions_combine_in_order(kind):
    text = f"""
    func.func @f(%v: vector<4xf32>, %acc: f32) -> (f32, f32) {{
      %r = vector.reduction <{kind}>, %v : vector<4xf32> into f32
      %s = vector.reduction <{kind}>, %v, %acc : vector<4xf32> into f32
      return %r, %s : f32, f32
    }}
    """
    values = [np.float32(x) for x in (1e8, 1.0, -1e8, 0.25)]
    acc = np.float32(3.5)
    r, s = run(program(text), "f", np.array(values, np.float32), acc)
    assert r == reference_reduce(values, FLOAT_KINDS[kind])
    assert s == reference_reduce(values, FLOAT_KINDS[kind], acc)


@pytest.mark.parametrize("kind, propagates", [("maximumf", True), ("maxnumf", False)])
def test_nan_in_float_max_reductions(kind, propagates):
    text = f"""
    func.func @f(%v: vector<3xf32>) -> f32 {{
      %r = vector.reduction <{kind}>, %v : vector<3xf32> into f32
      return %r : f32
    }}
    """
    (r,) = run(program(text), "f", np.array([1, np.nan, 2], np.float32))
    assert np.isnan(r) if propagates else r == 2


# -- contraction ------------------------------------------------------------------------------

CONTRACT = """
func.func @f(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<2x3xf32>, %x: vector<4xf32>,
             %s: f32, %h: vector<2x4xf16>, %g: vector<3x4xf16>, %p: vector<2x2x4xi8>,
             %q: vector<2x4x3xi8>, %r: vector<2x2x3xi32>, %t: vector<3x2xf32>)
    -> (vector<2x3xf32>, f32, vector<2x3xf32>, vector<2x2x3xi32>, vector<3x2xf32>) {
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>,
      affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>],
      iterator_types = ["parallel", "parallel", "reduction"]}
      %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
  %1 = vector.contract {indexing_maps = [affine_map<(k) -> (k)>, affine_map<(k) -> (k)>,
      affine_map<(k) -> ()>], iterator_types = ["reduction"], kind = #vector.kind<maxnumf>}
      %x, %x, %s : vector<4xf32>, vector<4xf32> into f32
  %2 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>,
      affine_map<(i, j, k) -> (j, k)>, affine_map<(i, j, k) -> (i, j)>],
      iterator_types = ["parallel", "parallel", "reduction"]}
      %h, %g, %c : vector<2x4xf16>, vector<3x4xf16> into vector<2x3xf32>
  %3 = vector.contract {indexing_maps = [affine_map<(b, i, j, k) -> (b, i, k)>,
      affine_map<(b, i, j, k) -> (b, k, j)>, affine_map<(b, i, j, k) -> (b, i, j)>],
      iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      %p, %q, %r : vector<2x2x4xi8>, vector<2x4x3xi8> into vector<2x2x3xi32>
  %4 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>,
      affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (j, i)>],
      iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<mul>}
      %a, %b, %t : vector<2x4xf32>, vector<4x3xf32> into vector<3x2xf32>
  return %0, %1, %2, %3, %4
      : vector<2x3xf32>, f32, vector<2x3xf32>, vector<2x2x3xi32>, vector<3x2xf32>
}
"""


def test_contract_is_an_einsum_over_its_maps():
    rng = np.random.default_rng(1)
    a = rng.standard_normal((2, 4)).astype(np.float32)
    b = rng.standard_normal((4, 3)).astype(np.float32)
    c = rng.standard_normal((2, 3)).astype(np.float32)
    x = np.array([0.5, -3, 2.5, 1], np.float32)
    h = rng.standard_normal((2, 4)).astype(np.float16)
    g = rng.standard_normal((3, 4)).astype(np.float16)
    p = rng.integers(-128, 128, (2, 2, 4)).astype(np.int8)
    q = rng.integers(-128, 128, (2, 4, 3)).astype(np.int8)
    r = rng.integers(-1000, 1000, (2, 2, 3)).astype(np.int32)
    t = rng.standard_normal((3, 2)).astype(np.float32)
    args = (a, b, c, x, np.float32(2.0), h, g, p, q, r, t)
    matmul, dot, mixed, batch, product = run(program(CONTRACT), "f", *args)
    expected = c.copy()
    for i in range(2):
        for j in range(3):
            for k in range(4):
                expected[i, j] = np.float32(expected[i, j] + np.float32(a[i, k] * b[k, j]))
    np.testing.assert_array_equal(matmul, expected)
    assert dot == max(2.0, *(float(x[k] * x[k]) for k in range(4)))
    expected = c.copy()
    for i in range(2):
        for j in range(3):
            for k in range(4):
                term = np.float32(h[i, k]) * np.float32(g[j, k])
                expected[i, j] = np.float32(expected[i, j] + term)
    np.testing.assert_array_equal(mixed, expected)
    expected = r.astype(np.int64)
    for n in range(2):
        for i in range(2):
            for j in range(3):
                for k in range(4):
                    expected[n, i, j] += int(p[n, i, k]) * int(q[n, k, j])
    np.testing.assert_array_equal(batch, expected.astype(np.int32))
    expected = t.copy()
    for i in range(2):
        for j in range(3):
            for k in range(4):
                expected[j, i] = np.float32(expected[j, i] * np.float32(a[i, k] * b[k, j]))
    np.testing.assert_array_equal(product, expected)
