"""The reference interpreter runs linalg programs: loop sizes from the operand shapes,
the loop nest in order (last loop fastest), value semantics on tensors and writes in
place on memrefs. Each program is checked, exactly, against the same computation written
with explicit index loops in numpy scalars of the element type."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from irc.frontend.parser import parse
from irc.ir.diagnostics import IRError
from irc.ir.verifier import verify
from irc.runtime.interpreter import run

RNG = np.random.default_rng(7)


def program(text: str):
    module = parse(text, "program.mlir")
    verify(module)
    return module


def floats(*shape, dtype=np.float32) -> np.ndarray:
    return RNG.standard_normal(shape).astype(dtype)


def points(*sizes):
    return itertools.product(*[range(n) for n in sizes])


# -- linalg.generic ---------------------------------------------------------------------------

BROADCAST = """
#map = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @f(%a: tensor<3x4xf32>, %b: tensor<4xf32>, %init: tensor<3x4xf32>)
    -> tensor<3x4xf32> {
  %0 = linalg.generic {indexing_maps = [#map, #row, #map],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<3x4xf32>, tensor<4xf32>) outs(%init : tensor<3x4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %p, %o : f32
    linalg.yield %s : f32
  } -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
"""


def test_generic_with_a_broadcast_map():
    a, b, init = floats(3, 4), floats(4), floats(3, 4)
    saved = [a.copy(), b.copy(), init.copy()]
    expected = np.empty((3, 4), np.float32)
    for i, j in points(3, 4):
        expected[i, j] = a[i, j] * b[j] + init[i, j]
    (result,) = run(program(BROADCAST), "f", a, b, init)
    np.testing.assert_array_equal(result, expected)
    for before, after in zip(saved, (a, b, init), strict=True):  # no operand is written
        np.testing.assert_array_equal(before, after)


REDUCTION = """
#map = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d0)>
func.func @f(%a: tensor<5x6xf32>, %acc: tensor<5xf32>) -> tensor<5xf32> {
  %0 = linalg.generic {indexing_maps = [#map, #col], iterator_types = ["parallel", "reduction"]}
      ins(%a : tensor<5x6xf32>) outs(%acc : tensor<5xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %o, %x : f32
    linalg.yield %s : f32
  } -> tensor<5xf32>
  return %0 : tensor<5xf32>
}
"""


def test_generic_reduction_runs_in_loop_order():
    a, acc = floats(5, 6), floats(5)
    expected = acc.copy()
    for i, j in points(5, 6):
        expected[i] = np.float32(expected[i] + a[i, j])
    (result,) = run(program(REDUCTION), "f", a, acc)
    np.testing.assert_array_equal(result, expected)


INDEX = """
#id = affine_map<(d0, d1) -> (d0, d1)>
#t = affine_map<(d0, d1) -> (d1, d0)>
func.func @f(%out: memref<3x4xi64>, %tr: memref<4x3xi64>) {
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]}
      outs(%out : memref<3x4xi64>) {
  ^bb0(%o: i64):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c10 = arith.constant 10 : index
    %t = arith.muli %i, %c10 : index
    %s = arith.addi %t, %j : index
    %v = arith.index_cast %s : index to i64
    linalg.yield %v : i64
  }
  linalg.generic {indexing_maps = [#id, #t], iterator_types = ["parallel", "parallel"]}
      ins(%out : memref<3x4xi64>) outs(%tr : memref<4x3xi64>) {
  ^bb0(%x: i64, %o: i64):
    linalg.yield %x : i64
  }
  return
}
"""


def test_index_gives_the_loop_indices_and_memref_outs_are_written_in_place():
    out = np.zeros((3, 4), np.int64)
    expected = np.empty((3, 4), np.int64)
    for i, j in points(3, 4):
        expected[i, j] = 10 * i + j
    transposed = np.zeros((4, 3), np.int64)
    assert run(program(INDEX), "f", out, transposed) == []
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(transposed, expected.T)


SHIFTED = """
func.func @f(%a: memref<?xi32>, %out: memref<?xi32>, %k: i32) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0 + 1)>, affine_map<(d0) -> ()>,
                                   affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a, %k : memref<?xi32>, i32) outs(%out : memref<?xi32>) {
  ^bb0(%x: i32, %c: i32, %o: i32):
    %s = arith.addi %x, %c : i32
    linalg.yield %s : i32
  }
  return
}
"""


def test_shifted_map_and_scalar_operand():
    a = np.arange(6, dtype=np.int32)
    out = np.zeros(5, np.int32)
    run(program(SHIFTED), "f", a, out, np.int32(100))
    np.testing.assert_array_equal(out, [a[i + 1] + 100 for i in range(5)])


def test_shifted_map_past_the_operand_is_a_located_error():
    with pytest.raises(IRError) as caught:
        run(program(SHIFTED), "f", np.arange(5, dtype=np.int32), np.zeros(5, np.int32), 1)
    message = str(caught.value)
    assert message.startswith("program.mlir:3:")
    assert "'linalg.generic' operand #0 has shape 5, but the loops (sizes 5) index" in message


DYNAMIC = """
#id = affine_map<(d0) -> (d0)>
func.func @f(%a: tensor<?xf32>, %init: tensor<?xf32>) -> tensor<?xf32> {
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a : tensor<?xf32>) outs(%init : tensor<?xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
"""


def test_dynamic_sizes_that_disagree_are_a_located_error():
    a = floats(4)
    (same,) = run(program(DYNAMIC), "f", a, floats(4))
    np.testing.assert_array_equal(same, a)
    with pytest.raises(IRError) as caught:
        run(program(DYNAMIC), "f", a, floats(3))
    message = str(caught.value)
    assert message.startswith("program.mlir:4:")
    assert "'linalg.generic' operand #1 has shape 3" in message


# -- named ops --------------------------------------------------------------------------------


def matmul_reference(a, b, c, out_dtype):
    """C[m, n] += cast(A[m, k]) * cast(B[k, n]), k innermost, in the output's type."""
    result = c.copy()
    m, k = a.shape
    n = b.shape[1]
    cast = np.dtype(out_dtype).type
    with np.errstate(over="ignore"):  # integers wrap, as in MLIR
        for i, j, p in points(m, n, k):
            result[i, j] = result[i, j] + cast(a[i, p]) * cast(b[p, j])
    return result


MATMUL = """
func.func @f(%a: tensor<4x5xf32>, %b: tensor<5x3xf32>, %c: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x5xf32>, tensor<5x3xf32>)
                     outs(%c : tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
"""


def test_matmul_on_tensors():
    a, b, c = floats(4, 5), floats(5, 3), floats(4, 3)
    saved = c.copy()
    (result,) = run(program(MATMUL), "f", a, b, c)
    np.testing.assert_array_equal(result, matmul_reference(a, b, c, np.float32))
    np.testing.assert_array_equal(c, saved)


MATMUL_MEMREF = """
func.func @f(%a: memref<3x6xi8>, %b: memref<6x2xi8>, %c: memref<3x2xi32>, %z: i32) {
  linalg.fill ins(%z : i32) outs(%c : memref<3x2xi32>)
  linalg.matmul ins(%a, %b : memref<3x6xi8>, memref<6x2xi8>) outs(%c : memref<3x2xi32>)
  return
}
"""


def test_matmul_on_memrefs_extends_signed_and_writes_in_place():
    a = RNG.integers(-128, 128, (3, 6), dtype=np.int8)
    b = RNG.integers(-128, 128, (6, 2), dtype=np.int8)
    c = np.full((3, 2), -1, np.int32)
    run(program(MATMUL_MEMREF), "f", a, b, c, np.int32(7))
    np.testing.assert_array_equal(c, matmul_reference(a, b, np.full((3, 2), 7, np.int32), np.int32))


MATMUL_F16 = """
func.func @f(%a: tensor<2x3xf16>, %b: tensor<3x2xf16>, %c: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<2x3xf16>, tensor<3x2xf16>)
                     outs(%c : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
"""


def test_matmul_casts_to_the_output_type_first():
    a, b, c = floats(2, 3, dtype=np.float16), floats(3, 2, dtype=np.float16), floats(2, 2)
    (result,) = run(program(MATMUL_F16), "f", a, b, c)
    np.testing.assert_array_equal(result, matmul_reference(a, b, c, np.float32))


BATCH = """
func.func @f(%a: tensor<2x3x4xf64>, %b: tensor<2x4x5xf64>, %c: tensor<2x3x5xf64>)
    -> tensor<2x3x5xf64> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x3x4xf64>, tensor<2x4x5xf64>)
                           outs(%c : tensor<2x3x5xf64>) -> tensor<2x3x5xf64>
  return %0 : tensor<2x3x5xf64>
}
"""


def test_batch_matmul():
    a, b, c = (
        floats(2, 3, 4, dtype=np.float64),
        floats(2, 4, 5, dtype=np.float64),
        floats(2, 3, 5, dtype=np.float64),
    )
    expected = np.stack([matmul_reference(a[n], b[n], c[n], np.float64) for n in range(2)])
    (result,) = run(program(BATCH), "f", a, b, c)
    np.testing.assert_array_equal(result, expected)


FILL_COPY = """
func.func @f(%v: f32, %t: tensor<2x3xf32>, %m: memref<2x3xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = linalg.fill ins(%v : f32) outs(%t : tensor<2x3xf32>) -> tensor<2x3xf32>
  linalg.copy ins(%m : memref<2x3xf32>) outs(%m : memref<2x3xf32>)
  %2 = linalg.copy ins(%0 : tensor<2x3xf32>) outs(%t : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %2 : tensor<2x3xf32>, tensor<2x3xf32>
}
"""


def test_fill_and_copy():
    t, m = floats(2, 3), floats(2, 3)
    saved_t, saved_m = t.copy(), m.copy()
    filled, copied = run(program(FILL_COPY), "f", np.float32(1.5), t, m)
    expected = np.empty((2, 3), np.float32)
    for i, j in points(2, 3):
        expected[i, j] = 1.5
    np.testing.assert_array_equal(filled, expected)
    np.testing.assert_array_equal(copied, expected)
    np.testing.assert_array_equal(t, saved_t)
    np.testing.assert_array_equal(m, saved_m)


def test_matmul_size_mismatch_at_run_time_is_located():
    text = """
    func.func @f(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?xf32>)
        -> tensor<?x?xf32> {
      %0 = linalg.matmul ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>)
                         outs(%c : tensor<?x?xf32>) -> tensor<?x?xf32>
      return %0 : tensor<?x?xf32>
    }
    """
    with pytest.raises(IRError) as caught:
        run(program(text), "f", floats(2, 3), floats(4, 2), floats(2, 2))
    message = str(caught.value)
    assert message.startswith("program.mlir:4:")
    assert "'linalg.matmul' operand #1 has shape 4x2" in message


# -- map, reduce, transpose, broadcast --------------------------------------------------------

MAP = """
func.func @f(%a: tensor<3x4xf32>, %b: tensor<3x4xf32>, %init: tensor<3x4xf32>, %m: memref<3x4xi32>)
    -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  %0 = linalg.map { arith.subf } ins(%a, %b : tensor<3x4xf32>, tensor<3x4xf32>)
                                 outs(%init : tensor<3x4xf32>)
  %1 = linalg.map ins(%a : tensor<3x4xf32>) outs(%init : tensor<3x4xf32>)
    (%x: f32, %o: f32) {
      %s = arith.mulf %x, %o : f32
      linalg.yield %s : f32
    }
  linalg.map outs(%m : memref<3x4xi32>)
    (%o: i32) {
      %i = linalg.index 0 : index
      %j = linalg.index 1 : index
      %s = arith.subi %j, %i : index
      %v = arith.index_cast %s : index to i32
      linalg.yield %v : i32
    }
  return %0, %1 : tensor<3x4xf32>, tensor<3x4xf32>
}
"""


def test_map_short_and_long_forms():
    a, b, init = floats(3, 4), floats(3, 4), floats(3, 4)
    m = np.zeros((3, 4), np.int32)
    difference, product = run(program(MAP), "f", a, b, init, m)
    expected = [np.empty((3, 4), np.float32) for _ in range(2)]
    indices = np.empty((3, 4), np.int32)
    for i, j in points(3, 4):
        expected[0][i, j] = a[i, j] - b[i, j]
        expected[1][i, j] = a[i, j] * init[i, j]
        indices[i, j] = j - i
    np.testing.assert_array_equal(difference, expected[0])
    np.testing.assert_array_equal(product, expected[1])
    np.testing.assert_array_equal(m, indices)


REDUCE = """
func.func @f(%a: tensor<2x3x4xf32>, %acc: tensor<3xf32>, %b: tensor<2x3x4xf32>, %mx: tensor<3xf32>)
    -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0 = linalg.reduce { arith.addf } ins(%a : tensor<2x3x4xf32>) outs(%acc : tensor<3xf32>)
                                    dimensions = [0, 2]
  %1:2 = linalg.reduce ins(%a, %b : tensor<2x3x4xf32>, tensor<2x3x4xf32>)
                       outs(%acc, %mx : tensor<3xf32>, tensor<3xf32>) dimensions = [0, 2]
    (%x: f32, %y: f32, %s: f32, %m: f32) {
      %p = arith.mulf %x, %y : f32
      %t = arith.addf %s, %p : f32
      %n = arith.maximumf %m, %y : f32
      linalg.yield %t, %n : f32, f32
    }
  return %0, %1#0, %1#1 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}
"""


def test_reduce_over_two_dimensions_in_loop_order():
    a, b, acc, mx = floats(2, 3, 4), floats(2, 3, 4), floats(3), floats(3)
    total, dot, largest = acc.copy(), acc.copy(), mx.copy()
    for i, j, k in points(2, 3, 4):
        total[j] = total[j] + a[i, j, k]
        dot[j] = dot[j] + a[i, j, k] * b[i, j, k]
        largest[j] = max(largest[j], b[i, j, k])
    results = run(program(REDUCE), "f", a, acc, b, mx)
    for result, expected in zip(results, (total, dot, largest), strict=True):
        np.testing.assert_array_equal(result, expected)


TRANSPOSE_BROADCAST = """
func.func @f(%a: tensor<2x3x4xi16>, %t: tensor<3x4x2xi16>, %r: memref<3xf64>, %b: memref<2x3x4xf64>)
    -> tensor<3x4x2xi16> {
  %0 = linalg.transpose ins(%a : tensor<2x3x4xi16>) outs(%t : tensor<3x4x2xi16>)
                        permutation = [1, 2, 0]
  linalg.broadcast ins(%r : memref<3xf64>) outs(%b : memref<2x3x4xf64>) dimensions = [0, 2]
  return %0 : tensor<3x4x2xi16>
}
"""


def test_transpose_and_broadcast():
    a = RNG.integers(-1000, 1000, (2, 3, 4), dtype=np.int16)
    r = floats(3, dtype=np.float64)
    b = np.zeros((2, 3, 4), np.float64)
    (transposed,) = run(program(TRANSPOSE_BROADCAST), "f", a, np.zeros((3, 4, 2), np.int16), r, b)
    expected_t = np.empty((3, 4, 2), np.int16)
    expected_b = np.empty((2, 3, 4), np.float64)
    for i, j, k in points(2, 3, 4):
        expected_t[j, k, i] = a[i, j, k]
        expected_b[i, j, k] = r[j]
    np.testing.assert_array_equal(transposed, expected_t)
    np.testing.assert_array_equal(b, expected_b)


MATMUL_MAPS = """
func.func @f(%at: tensor<5x4xf32>, %b: tensor<5x3xf32>, %c: tensor<4x3xf32>, %v: tensor<5xf32>)
    -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %0 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>,
                                      affine_map<(d0, d1, d2) -> (d2, d1)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%at, %b : tensor<5x4xf32>, tensor<5x3xf32>) outs(%c : tensor<4x3xf32>) -> tensor<4x3xf32>
  %1 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>,
                                      affine_map<(d0, d1, d2) -> (d2, d1)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%v, %b : tensor<5xf32>, tensor<5x3xf32>) outs(%c : tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<4x3xf32>
}
"""


def test_matmul_with_a_transposed_and_a_broadcast_operand():
    at, b, c, v = floats(5, 4), floats(5, 3), floats(4, 3), floats(5)
    transposed, broadcast = run(program(MATMUL_MAPS), "f", at, b, c, v)
    np.testing.assert_array_equal(transposed, matmul_reference(at.T.copy(), b, c, np.float32))
    rows = np.broadcast_to(v, (4, 5)).copy()
    np.testing.assert_array_equal(broadcast, matmul_reference(rows, b, c, np.float32))


# -- the named ops' fast paths agree with their loop nests ------------------------------------

AS_GENERIC = """
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#b = affine_map<(d0, d1, d2) -> (d2, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @f(%a: tensor<12x9xi32>, %b: tensor<9x7xi32>, %c: tensor<12x7xi32>)
    -> (tensor<12x7xi32>, tensor<12x7xi32>) {
  %0 = linalg.matmul ins(%a, %b : tensor<12x9xi32>, tensor<9x7xi32>) outs(%c : tensor<12x7xi32>)
      -> tensor<12x7xi32>
  %1 = linalg.generic {indexing_maps = [#a, #b, #c],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : tensor<12x9xi32>, tensor<9x7xi32>) outs(%c : tensor<12x7xi32>) {
  ^bb0(%x: i32, %y: i32, %o: i32):
    %p = arith.muli %x, %y : i32
    %s = arith.addi %o, %p : i32
    linalg.yield %s : i32
  } -> tensor<12x7xi32>
  return %0, %1 : tensor<12x7xi32>, tensor<12x7xi32>
}
"""


def test_matmul_agrees_with_its_generic_form_and_wraps():
    big = np.iinfo(np.int32).max
    a = RNG.integers(-big, big, (12, 9), dtype=np.int32)
    b = RNG.integers(-big, big, (9, 7), dtype=np.int32)
    c = RNG.integers(-big, big, (12, 7), dtype=np.int32)
    named, generic = run(program(AS_GENERIC), "f", a, b, c)
    np.testing.assert_array_equal(named, generic)
    np.testing.assert_array_equal(named, matmul_reference(a, b, c, np.int32))


def test_a_larger_f32_matmul_sums_in_loop_order():
    a, b, c = floats(24, 40), floats(40, 16), floats(24, 16)
    text = MATMUL.replace("4x5", "24x40").replace("5x3", "40x16").replace("4x3", "24x16")
    (result,) = run(program(text), "f", a, b, c)
    np.testing.assert_array_equal(result, matmul_reference(a, b, c, np.float32))


OTHER_BODY = """
func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>, %c: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %0 = "linalg.matmul"(%a, %b, %c) <{indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
      affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>],
      operandSegmentSizes = array<i32: 2, 1>}> ({
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.subf %o, %p : f32
    linalg.yield %s : f32
  }) : (tensor<2x3xf32>, tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
"""


def test_a_named_op_runs_the_body_its_generic_form_spells():
    a, b, c = floats(2, 3), floats(3, 2), floats(2, 2)
    (result,) = run(program(OTHER_BODY), "f", a, b, c)
    np.testing.assert_array_equal(result, matmul_reference(-a, b, c, np.float32))


ALIASED = """
func.func @f(%m: memref<3x3xf32>) {
  linalg.matmul ins(%m, %m : memref<3x3xf32>, memref<3x3xf32>) outs(%m : memref<3x3xf32>)
  linalg.transpose ins(%m : memref<3x3xf32>) outs(%m : memref<3x3xf32>) permutation = [1, 0]
  return
}
"""


def test_memref_outputs_that_alias_inputs_see_their_own_writes():
    m = floats(3, 3)
    expected = m.copy()
    for i, j, k in points(3, 3, 3):  # the loop nest reads what it wrote
        expected[i, j] = expected[i, j] + expected[i, k] * expected[k, j]
    for i, j in points(3, 3):
        expected[i, j] = expected[j, i]
    run(program(ALIASED), "f", m)
    np.testing.assert_array_equal(m, expected)


# -- as a lowering uses them: tensor.empty, fill, matmul, generic, reduce ---------------------

DENSE = """
#map = affine_map<(d0, d1) -> (d0, d1)>
#bias = affine_map<(d0, d1) -> (d1)>
func.func @f(%x: tensor<?x5xf32>, %w: tensor<5x3xf32>, %b: tensor<3xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x5xf32>
  %e = tensor.empty(%n) : tensor<?x3xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x3xf32>) -> tensor<?x3xf32>
  %y = linalg.matmul ins(%x, %w : tensor<?x5xf32>, tensor<5x3xf32>) outs(%z : tensor<?x3xf32>)
      -> tensor<?x3xf32>
  %r = linalg.generic {indexing_maps = [#map, #bias, #map],
                       iterator_types = ["parallel", "parallel"]}
      ins(%y, %b : tensor<?x3xf32>, tensor<3xf32>) outs(%e : tensor<?x3xf32>) {
  ^bb0(%v: f32, %c: f32, %o: f32):
    %s = arith.addf %v, %c : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<?x3xf32>
  %e1 = tensor.empty(%n) : tensor<?xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?xf32>) -> tensor<?xf32>
  %sum = linalg.reduce { arith.addf } ins(%r : tensor<?x3xf32>) outs(%z1 : tensor<?xf32>)
      dimensions = [1]
  return %sum : tensor<?xf32>
}
"""


def test_a_dense_layer_as_a_lowering_writes_it():
    x, w, b = floats(4, 5), floats(5, 3), floats(3)
    expected = np.zeros(4, np.float32)
    for i in range(4):
        for j in range(3):
            y = np.float32(0)
            for k in range(5):
                y = y + x[i, k] * w[k, j]
            expected[i] = expected[i] + max(y + b[j], np.float32(0))
    (result,) = run(program(DENSE), "f", x, w, b)
    np.testing.assert_array_equal(result, expected)


VECTOR_PRODUCTS = """
func.func @f(%a: tensor<6xf32>, %b: tensor<6xf32>, %c: tensor<f32>, %m: tensor<4x6xf32>,
             %v: tensor<4xf32>, %w: tensor<6x4xf32>)
    -> (tensor<f32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = linalg.dot ins(%a, %b : tensor<6xf32>, tensor<6xf32>) outs(%c : tensor<f32>) -> tensor<f32>
  %1 = linalg.matvec ins(%m, %a : tensor<4x6xf32>, tensor<6xf32>) outs(%v : tensor<4xf32>)
      -> tensor<4xf32>
  %2 = linalg.vecmat ins(%a, %w : tensor<6xf32>, tensor<6x4xf32>) outs(%v : tensor<4xf32>)
      -> tensor<4xf32>
  return %0, %1, %2 : tensor<f32>, tensor<4xf32>, tensor<4xf32>
}
"""


def test_dot_matvec_vecmat():
    a, b, c, m, v, w = floats(6), floats(6), floats(), floats(4, 6), floats(4), floats(6, 4)
    dot, matvec, vecmat = run(program(VECTOR_PRODUCTS), "f", a, b, c, m, v, w)
    np.testing.assert_array_equal(
        dot, matmul_reference(a[None], b[:, None], c[None, None], np.float32)[0, 0]
    )
    np.testing.assert_array_equal(
        matvec, matmul_reference(m, a[:, None], v[:, None], np.float32)[:, 0]
    )
    np.testing.assert_array_equal(vecmat, matmul_reference(a[None], w, v[None], np.float32)[0])


VIEWS = """
func.func @f(%m: memref<4x6xf32>, %v: f32) {
  %s = memref.subview %m[1, 1] [2, 3] [1, 2]
      : memref<4x6xf32> to memref<2x3xf32, strided<[6, 2], offset: 7>>
  linalg.fill ins(%v : f32) outs(%s : memref<2x3xf32, strided<[6, 2], offset: 7>>)
  %t = memref.subview %m[0, 0] [3, 2] [1, 1]
      : memref<4x6xf32> to memref<3x2xf32, strided<[6, 1]>>
  %u = memref.subview %m[3, 0] [1, 3] [1, 1]
      : memref<4x6xf32> to memref<3xf32, strided<[1], offset: 18>>
  linalg.reduce { arith.addf } ins(%t : memref<3x2xf32, strided<[6, 1]>>)
                               outs(%u : memref<3xf32, strided<[1], offset: 18>>) dimensions = [1]
  return
}
"""


def test_structured_ops_write_through_memref_views():
    m = floats(4, 6)
    expected = m.copy()
    for i, j in points(2, 3):
        expected[1 + i, 1 + 2 * j] = 0.25
    for i, j in points(3, 2):
        expected[3, i] = expected[3, i] + expected[i, j]
    run(program(VIEWS), "f", m, np.float32(0.25))
    np.testing.assert_array_equal(m, expected)
