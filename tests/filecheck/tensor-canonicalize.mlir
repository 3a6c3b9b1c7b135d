// RUN: irc-opt %s -canonicalize | filecheck %s
// tensor.dim canonicalizations, as MLIR's (iree-opt -canonicalize prints the same).

// CHECK-LABEL: func.func @dim_of_empty(
// CHECK-SAME:      %[[N:.*]]: index) -> index {
// CHECK-NEXT:    return %[[N]] : index
func.func @dim_of_empty(%n: index) -> index {
  %c0 = arith.constant 0 : index
  %e = tensor.empty(%n) : tensor<?x4xf32>
  %d = tensor.dim %e, %c0 : tensor<?x4xf32>
  return %d : index
}

// CHECK-LABEL: func.func @dim_of_linalg_result(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf32>, %[[OUT:.*]]: tensor<?xf32>) -> index {
// CHECK:         %[[D:.*]] = tensor.dim %[[OUT]], %{{.*}} : tensor<?xf32>
// CHECK-NEXT:    return %[[D]] : index
func.func @dim_of_linalg_result(%x: tensor<?xf32>, %out: tensor<?xf32>) -> index {
  %c0 = arith.constant 0 : index
  %r = linalg.copy ins(%x : tensor<?xf32>) outs(%out : tensor<?xf32>) -> tensor<?xf32>
  %d = tensor.dim %r, %c0 : tensor<?xf32>
  return %d : index
}
