"""Building memref ops from Python: the classmethod builders fill in operandSegmentSizes,
the static lists and the inferred result types, as MLIR's builders do."""

from __future__ import annotations

from irc.dialects import memref
from irc.ir import types as T
from tests.dialects.helpers import body_lines, build_in

SKELETON = """
func.func @f(%m: memref<8x?xf32>, %i: index, %v: f32) {
  return
}
"""


def test_alloc_load_store():
    def make(m, i, v):
        alloc = memref.AllocOp.build(T.MemRefType([4, T.DYNAMIC], T.F32), [i], alignment=64)
        store = memref.StoreOp.build(v, alloc.result, [i, i])
        load = memref.LoadOp.build(m, [i, i])
        return [alloc, store, load]

    assert body_lines(build_in(SKELETON, make)) == [
        "%alloc = memref.alloc(%arg1) alignment = 64 : memref<4x?xf32>",
        "memref.store %arg2, %alloc[%arg1, %arg1] : memref<4x?xf32>",
        "%0 = memref.load %arg0[%arg1, %arg1] : memref<8x?xf32>",
    ]


def test_subview_infers_its_type():
    def make(m, i, v):
        return [memref.SubViewOp.build(m, [i, 2], [4, 1], [1, 3])]

    assert body_lines(build_in(SKELETON, make)) == [
        "%subview = memref.subview %arg0[%arg1, 2] [4, 1] [1, 3] : memref<8x?xf32> to "
        "memref<4x1xf32, strided<[?, 3], offset: ?>>"
    ]


def test_rank_reducing_subview_with_a_given_type():
    def make(m, i, v):
        result = memref.strided_type([4], T.F32, [memref.DYN], memref.DYN, None)
        return [memref.SubViewOp.build(m, [i, 2], [4, 1], [1, 1], result)]

    assert body_lines(build_in(SKELETON, make)) == [
        "%subview = memref.subview %arg0[%arg1, 2] [4, 1] [1, 1] : memref<8x?xf32> to "
        "memref<4xf32, strided<[?], offset: ?>>"
    ]


def test_reinterpret_cast_infers_its_type():
    def make(m, i, v):
        return [memref.ReinterpretCastOp.build(m, [i], [2, i], [i, 1])]

    assert body_lines(build_in(SKELETON, make)) == [
        "%reinterpret_cast = memref.reinterpret_cast %arg0 to offset: [%arg1], sizes: "
        "[2, %arg1], strides: [%arg1, 1] : memref<8x?xf32> to "
        "memref<2x?xf32, strided<[?, 1], offset: ?>>"
    ]
