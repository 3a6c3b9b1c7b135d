"""Small arith programs through the reference interpreter: scalars, vectors and tensors,
faults located at the op, and the same results before and after folding."""

from __future__ import annotations

import numpy as np
import pytest

import irc
from irc.runtime.interpreter import run
from tests.dialects.arith.folding import fold_function

WRAPPING = """
func.func @f(%a: i8, %b: i8) -> (i8, i8, i1, i16, index) {
  %c3 = arith.constant 3 : i8
  %sum = arith.addi %a, %b : i8
  %prod = arith.muli %sum, %c3 : i8
  %q = arith.divui %prod, %c3 : i8
  %lt = arith.cmpi ult, %a, %b : i8
  %wide = arith.extui %prod : i8 to i16
  %i = arith.index_cast %sum : i8 to index
  return %prod, %q, %lt, %wide, %i : i8, i8, i1, i16, index
}
"""


def test_scalar_program_wraps_at_its_width() -> None:
    prod, quotient, less, wide, index = run(irc.parse(WRAPPING), "f", 100, 50)
    assert prod == np.int8(((150 * 3) & 0xFF) - 256) and prod.dtype == np.int8
    assert quotient == np.int8(((150 * 3) & 0xFF) // 3)
    assert less == np.False_  # 100 <u 50 is false
    assert wide == np.int16((150 * 3) & 0xFF) and wide.dtype == np.int16
    assert index == np.int64(150 - 256) and index.dtype == np.int64


VECTORS = """
func.func @f(%x: vector<4xf32>, %y: vector<4xf32>) -> (vector<4xf32>, vector<4xi1>, vector<4xi32>) {
  %half = arith.constant dense<0.5> : vector<4xf32>
  %bias = arith.constant dense<[1.0, -1.0, 0.0, -0.0]> : vector<4xf32>
  %scaled = arith.mulf %x, %half : vector<4xf32>
  %shifted = arith.addf %scaled, %bias fastmath<fast> : vector<4xf32>
  %mask = arith.cmpf olt, %shifted, %y : vector<4xf32>
  %pick = arith.select %mask, %shifted, %y : vector<4xi1>, vector<4xf32>
  %top = arith.maximumf %pick, %y : vector<4xf32>
  %ints = arith.fptosi %top : vector<4xf32> to vector<4xi32>
  return %top, %mask, %ints : vector<4xf32>, vector<4xi1>, vector<4xi32>
}
"""


def test_vector_program() -> None:
    x = np.array([2.0, 4.0, -6.0, 8.0], np.float32)
    y = np.array([3.0, 0.0, 1.0, 5.0], np.float32)
    top, mask, ints = run(irc.parse(VECTORS), "f", x, y)
    shifted = x * np.float32(0.5) + np.array([1.0, -1.0, 0.0, -0.0], np.float32)
    assert mask.tolist() == (shifted < y).tolist() and mask.dtype == np.bool_
    expected = np.maximum(np.where(shifted < y, shifted, y), y)
    assert top.tolist() == expected.tolist() and top.dtype == np.float32
    assert ints.tolist() == [int(v) for v in expected] and ints.dtype == np.int32


TENSORS = """
func.func @f(%t: tensor<2x3xi32>) -> (tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xi1>) {
  %k = arith.constant dense<[[1, 2, 3], [-4, -5, -6]]> : tensor<2x3xi32>
  %lo, %hi = arith.mulsi_extended %t, %k : tensor<2x3xi32>
  %r = arith.remsi %t, %k : tensor<2x3xi32>
  %s, %o = arith.addui_extended %t, %k : tensor<2x3xi32>, tensor<2x3xi1>
  return %hi, %r, %o : tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xi1>
}
"""


def test_tensor_program() -> None:
    t = np.array([[2**31 - 1, 7, -7], [7, -(2**31), 9]], np.int32)
    k = np.array([[1, 2, 3], [-4, -5, -6]], np.int64)
    high, remainder, overflow = run(irc.parse(TENSORS), "f", t)
    assert high.tolist() == ((t.astype(np.int64) * k) >> 32).tolist()
    assert remainder.tolist() == np.fmod(t.astype(np.int64), k).tolist()
    unsigned = t.astype(np.int64) & 0xFFFFFFFF, k & 0xFFFFFFFF
    assert overflow.tolist() == ((unsigned[0] + unsigned[1]) >> 32).astype(bool).tolist()


DIVIDE = """func.func @f(%a: i32, %b: i32) -> i32 {
  %q = arith.divsi %a, %b : i32
  return %q : i32
}
"""


@pytest.mark.parametrize(
    "a,b,message", [(1, 0, "integer division by zero"), (-(2**31), -1, "overflow")]
)
def test_faults_are_located_at_the_op(a: int, b: int, message: str) -> None:
    module = irc.parse(DIVIDE, "div.mlir")
    with pytest.raises(irc.IRError) as caught:
        run(module, "f", a, b)
    text = str(caught.value)
    assert "div.mlir:2:8" in text and message in text


FOLDABLE = """
func.func @f(%x: i32, %y: f32) -> (i32, i32, f32, f32, i1, i64, f32) {
  %c0 = arith.constant 0 : i32
  %c7 = arith.constant 7 : i32
  %cm1 = arith.constant -1 : i32
  %negzero = arith.constant -0.0 : f32
  %one = arith.constant 1.0 : f32
  %a = arith.addi %c0, %x : i32
  %b = arith.muli %a, %c7 : i32
  %c = arith.subi %b, %b : i32
  %d = arith.xori %x, %cm1 : i32
  %e = arith.andi %x, %d : i32
  %f = arith.addf %y, %negzero : f32
  %g = arith.mulf %one, %f : f32
  %lt = arith.cmpi slt, %c7, %x : i32
  %big = arith.extsi %cm1 : i32 to i64
  %h = arith.divf %g, %one : f32
  %s = arith.select %lt, %b, %c : i32
  return %s, %e, %g, %h, %lt, %big, %f : i32, i32, f32, f32, i1, i64, f32
}
"""


@pytest.mark.parametrize("x", [0, 1, 8, -5, 2**31 - 1, -(2**31)])
@pytest.mark.parametrize("y", [0.0, -0.0, 1.5, float("inf"), float("nan")])
def test_folding_keeps_results(x: int, y: float) -> None:
    module = irc.parse(FOLDABLE)
    before = run(module, "f", x, y)
    fold_function(module.regions[0].blocks[0].first)
    irc.verify(module)
    after = run(module, "f", x, y)
    assert len(list(module.regions[0].blocks[0].first.regions[0].blocks[0])) < 12
    for old, new in zip(before, after, strict=True):
        old_bits = np.asarray(old).view(f"u{np.asarray(old).dtype.itemsize}")
        new_bits = np.asarray(new).view(f"u{np.asarray(new).dtype.itemsize}")
        assert old_bits == new_bits and np.asarray(old).dtype == np.asarray(new).dtype
