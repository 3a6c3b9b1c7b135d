"""Building tensor ops from Python: the classmethod builders fill in operandSegmentSizes,
the static lists and the inferred result types, as MLIR's builders do."""

from __future__ import annotations

from irc.dialects import tensor
from irc.ir import types as T
from tests.dialects.helpers import body_lines, build_in

SKELETON = """
func.func @f(%t: tensor<8x?xf32>, %i: index, %v: f32) {
  return
}
"""


def test_elements_and_sizes():
    def make(t, i, v):
        empty = tensor.EmptyOp.build(T.TensorType([4, T.DYNAMIC], T.F32), [i])
        insert = tensor.InsertOp.build(v, empty.results[0], [i, i])
        extract = tensor.ExtractOp.build(t, [i, i])
        dim = tensor.DimOp.build(t, i)
        splat = tensor.SplatOp.build(v, T.TensorType([T.DYNAMIC], T.F32), [i])
        elements = tensor.FromElementsOp.build([v, v])
        cast = tensor.CastOp.build(t, T.TensorType([T.DYNAMIC, T.DYNAMIC], T.F32))
        return [empty, insert, extract, dim, splat, elements, cast]

    assert body_lines(build_in(SKELETON, make)) == [
        "%0 = tensor.empty(%arg1) : tensor<4x?xf32>",
        "%inserted = tensor.insert %arg2 into %0[%arg1, %arg1] : tensor<4x?xf32>",
        "%extracted = tensor.extract %arg0[%arg1, %arg1] : tensor<8x?xf32>",
        "%dim = tensor.dim %arg0, %arg1 : tensor<8x?xf32>",
        "%splat = tensor.splat %arg2[%arg1] : tensor<?xf32>",
        "%from_elements = tensor.from_elements %arg2, %arg2 : tensor<2xf32>",
        "%cast = tensor.cast %arg0 : tensor<8x?xf32> to tensor<?x?xf32>",
    ]


def test_slices_and_reshapes_infer_their_types():
    def make(t, i, v):
        window = tensor.ExtractSliceOp.build(t, [i, 0], [4, i], [1, 1])
        back = tensor.InsertSliceOp.build(window.results[0], t, [i, 0], [4, i], [1, 1])
        collapsed = tensor.CollapseShapeOp.build(t, [[0, 1]])
        expanded = tensor.ExpandShapeOp.build(collapsed.results[0], [[0, 1]], [i, 2])
        return [window, back, collapsed, expanded]

    assert body_lines(build_in(SKELETON, make)) == [
        "%extracted_slice = tensor.extract_slice %arg0[%arg1, 0] [4, %arg1] [1, 1] "
        ": tensor<8x?xf32> to tensor<4x?xf32>",
        "%inserted_slice = tensor.insert_slice %extracted_slice into %arg0[%arg1, 0] "
        "[4, %arg1] [1, 1] : tensor<4x?xf32> into tensor<8x?xf32>",
        "%collapsed = tensor.collapse_shape %arg0 [[0, 1]] : tensor<8x?xf32> into tensor<?xf32>",
        "%expanded = tensor.expand_shape %collapsed [[0, 1]] output_shape [%arg1, 2] "
        ": tensor<?xf32> into tensor<?x2xf32>",
    ]
