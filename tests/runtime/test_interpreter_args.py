"""The interpreter checks memref arguments before running: they are written in place, so
a wrong dtype, rank or size must be an error naming the function, not a silent copy."""

from __future__ import annotations

import numpy as np
import pytest

import irc
from irc.runtime.interpreter import run

SOURCE = """\
func.func @fill(%m: memref<4x?xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  memref.store %v, %m[%c0, %c1] : memref<4x?xf32>
  return
}
"""


@pytest.fixture(scope="module")
def module():
    return irc.parse(SOURCE, "fill.mlir")


def test_good_array_is_written_in_place(module):
    buffer = np.zeros((4, 3), np.float32)
    assert run(module, "fill", buffer, 2.5) == []
    assert buffer[0, 1] == 2.5 and buffer.sum() == 2.5


@pytest.mark.parametrize(
    ("array", "message"),
    [
        (np.zeros((4, 3), np.float64), "expected a float32 array for memref<4x?xf32>, got float64"),
        (np.zeros(12, np.float32), "expected a rank-2 array for memref<4x?xf32>, got rank 1"),
        (np.zeros((5, 3), np.float32), "expected size 4 in dimension 0 for memref<4x?xf32>, got 5"),
        ([[0.0] * 3] * 4, "expected a numpy array for memref<4x?xf32>, got list"),
    ],
)
def test_bad_array_is_a_located_error(module, array, message):
    with pytest.raises(irc.IRError) as caught:
        run(module, "fill", array, 1.0)
    assert str(caught.value).startswith(f"fill.mlir:1:1: error: {message}")


def test_scalar_arguments_wrap_or_fail_cleanly():
    module = irc.parse("func.func @id(%a: i8) -> i8 {\n  return %a : i8\n}\n", "id.mlir")
    assert run(module, "id", 250) == [-6]
    with pytest.raises(irc.IRError, match="cannot pass 'x' as i8"):
        run(module, "id", "x")
