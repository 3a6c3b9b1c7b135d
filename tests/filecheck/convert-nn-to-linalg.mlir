// RUN: irc-opt %s --convert-nn-to-linalg | filecheck %s

// Each nn op becomes structured ops on tensors; tests/lowering/test_nn_to_linalg.py runs
// every op before and after the lowering in the interpreter. This file shows the maps
// and iterator types.

// The maps are printed as aliases at the top of the module: the broadcast add's, the
// row sum's, the transposed matmul's and the batch contraction's.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[MK:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[NK:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>

// Broadcasting is in the maps: a size-1 dimension reads index 0, a missing leading
// dimension is dropped. The `?` result size comes from tensor.dim of the operand.
// CHECK-LABEL: func.func @broadcast_add
// CHECK:         %[[DIM:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x1x4xf32>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[DIM]]) : tensor<?x3x4xf32>
// CHECK-NEXT:    linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0, %arg1 : tensor<?x1x4xf32>, tensor<3x1xf32>) outs(%[[INIT]] : tensor<?x3x4xf32>)
// CHECK:           arith.addf
// CHECK-NEXT:      linalg.yield
func.func @broadcast_add(%a: tensor<?x1x4xf32>, %b: tensor<3x1xf32>) -> tensor<?x3x4xf32> {
  %r = nn.add %a, %b : (tensor<?x1x4xf32>, tensor<3x1xf32>) -> tensor<?x3x4xf32>
  return %r : tensor<?x3x4xf32>
}

// Two `?` sizes meet: they must be equal when the program runs (a run-time 1 is not
// stretched), and the lowering asserts it.
// CHECK-LABEL: func.func @dynamic_add
// CHECK:         %[[D0:.*]] = tensor.dim %arg0
// CHECK:         %[[D1:.*]] = tensor.dim %arg1
// CHECK-NEXT:    %[[SAME:.*]] = arith.cmpi eq, %[[D1]], %[[D0]] : index
// CHECK-NEXT:    cf.assert %[[SAME]], "'nn.add' operand #1 dimension 0 (size ?) must equal operand #0 dimension 0 (compiled code does not broadcast a run-time size 1)"
func.func @dynamic_add(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %r = nn.add %a, %b : tensor<?xf32>
  return %r : tensor<?xf32>
}

// A reduction: reduction iterators over a filled init; integers add in their type.
// CHECK-LABEL: func.func @sum_rows
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<4xi32>
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : i32) outs(%[[EMPTY]] : tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT:    linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<4x?xi32>) outs(%[[FILL]] : tensor<4xi32>)
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: i32, %[[ACC:.*]]: i32):
// CHECK-NEXT:      %[[SUM:.*]] = arith.addi %[[IN]], %[[ACC]] : i32
// CHECK-NEXT:      linalg.yield %[[SUM]] : i32
func.func @sum_rows(%x: tensor<4x?xi32>) -> tensor<4xi32> {
  %r = nn.reduce_sum %x [1] : (tensor<4x?xi32>) -> tensor<4xi32>
  return %r : tensor<4xi32>
}

// A float mean accumulates in f64, then divides and rounds once. The sum may be
// reassociated (`fastmath<reassoc>`), so that LLVM vectorizes it.
// CHECK-LABEL: func.func @mean
// CHECK:         linalg.generic {{.*}}iterator_types = ["reduction", "parallel"]} ins(%arg0 : tensor<4x8xf32>) outs(%{{.*}} : tensor<8xf64>)
// CHECK:           arith.extf
// CHECK-NEXT:      arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f64
// CHECK:         %[[COUNT:.*]] = arith.constant 4.000000e+00 : f64
// CHECK:         linalg.generic {{.*}}iterator_types = ["parallel"]} ins(%{{.*}} : tensor<8xf64>) outs(%{{.*}} : tensor<8xf32>)
// CHECK:           arith.divf %{{.*}}, %[[COUNT]] : f64
// CHECK-NEXT:      arith.truncf
func.func @mean(%x: tensor<4x8xf32>) -> tensor<8xf32> {
  %r = nn.reduce_mean %x [0] : (tensor<4x8xf32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// An f32 softmax: the maximum in f32, one f32 exp per element (the polynomial inline:
// one math.floor, its argument reduction, then 2^k from the exponent bits) written
// into a new tensor, its sum in f64 (reassociable), then that tensor scaled in place
// by 1/sum.
// CHECK-LABEL: func.func @softmax
// CHECK-NOT:     math.exp
// CHECK:         %[[PEAK:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<4x8xf32>) outs(%{{.*}} : tensor<4xf32>)
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK:         %[[EXPS:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]} ins(%arg0, %{{.*}} : tensor<4x8xf32>, tensor<4xf64>)
// CHECK:           math.floor %{{.*}} : f32
// CHECK-NOT:       math.floor
// CHECK:           arith.bitcast %{{.*}} : i32 to f32
// CHECK-NOT:       math.floor
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]} ins(%[[EXPS]] : tensor<4x8xf32>) outs(%{{.*}} : tensor<4xf64>)
// CHECK:           arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f64
// CHECK:         %[[OUT:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<4xf64>) outs(%[[EXPS]] : tensor<4x8xf32>)
// CHECK-NOT:       math.floor
// CHECK:         return %[[OUT]]
func.func @softmax(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = nn.softmax %x axis 1 : tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// matmul with transpose_b: linalg.matmul with a transposed map for b; f32 operands
// accumulate in f32, as BLAS does, so the product is the result.
// CHECK-LABEL: func.func @dense
// CHECK:         %[[ACC:.*]] = linalg.fill {{.*}} -> tensor<4x5xf32>
// CHECK-NEXT:    %[[PRODUCT:.*]] = linalg.matmul indexing_maps = [#[[MK]], #[[NK]], #[[MN]]] ins(%arg0, %arg1 : tensor<4x3xf32>, tensor<5x3xf32>) outs(%[[ACC]] : tensor<4x5xf32>) -> tensor<4x5xf32>
// CHECK-NEXT:    return %[[PRODUCT]]
func.func @dense(%x: tensor<4x3xf32>, %w: tensor<5x3xf32>) -> tensor<4x5xf32> {
  %r = nn.matmul %x, %w transpose_b : (tensor<4x3xf32>, tensor<5x3xf32>) -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// A stack of matrices times a matrix: the stack's rows collapsed, one linalg.matmul,
// expanded back.
// CHECK-LABEL: func.func @batch_by_matrix
// CHECK:         %[[ROWS:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2]] : tensor<?x4x3xf32> into tensor<?x3xf32>
// CHECK:         %[[FLAT:.*]] = linalg.matmul {{.*}}ins(%[[ROWS]], %arg1 : tensor<?x3xf32>, tensor<3x5xf32>)
// CHECK-NEXT:    tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1], [2]] output_shape [%{{.*}}, 4, 5] : tensor<?x5xf32> into tensor<?x4x5xf32>
func.func @batch_by_matrix(%x: tensor<?x4x3xf32>, %w: tensor<3x5xf32>) -> tensor<?x4x5xf32> {
  %r = nn.matmul %x, %w : (tensor<?x4x3xf32>, tensor<3x5xf32>) -> tensor<?x4x5xf32>
  return %r : tensor<?x4x5xf32>
}

// relu keeps NaN: select on `ugt` (greater, or unordered).
// CHECK-LABEL: func.func @relu
// CHECK:           %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[KEEP:.*]] = arith.cmpf ugt, %{{.*}}, %[[ZERO]] : f32
// CHECK-NEXT:      arith.select %[[KEEP]], %{{.*}}, %[[ZERO]] : f32
func.func @relu(%x: tensor<8xf32>) -> tensor<8xf32> {
  %r = nn.relu %x : tensor<8xf32>
  return %r : tensor<8xf32>
}

// Gradient control is the identity going forward.
// CHECK-LABEL: func.func @stop
// CHECK-NEXT:    return %arg0 : tensor<8xf32>
func.func @stop(%x: tensor<8xf32>) -> tensor<8xf32> {
  %r = nn.stop_gradient %x : tensor<8xf32>
  return %r : tensor<8xf32>
}

// A scan is an scf.for over the steps carrying the state and the stacked outputs: each
// step slices its sequences at the time index and writes its outputs back there.
// CHECK-LABEL: func.func @running_sum
// CHECK:         %[[STEPS:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x4xf32>
// CHECK:         %[[STACK:.*]] = tensor.empty(%[[STEPS]]) : tensor<?x4xf32>
// CHECK:         %[[LOOP:.*]]:2 = scf.for %[[T:.*]] = %{{.*}} to %[[STEPS]] step %{{.*}} iter_args(%[[ACC:.*]] = %arg1, %[[OUT:.*]] = %[[STACK]]) -> (tensor<4xf32>, tensor<?x4xf32>) {
// CHECK-NEXT:      %[[X:.*]] = tensor.extract_slice %arg0[%[[T]], 0] [1, 4] [1, 1] : tensor<?x4xf32> to tensor<4xf32>
// CHECK:           %[[NEXT:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[ACC]] : tensor<4xf32>, tensor<4xf32>)
// CHECK:           %[[WRITTEN:.*]] = tensor.insert_slice %[[NEXT]] into %[[OUT]][%[[T]], 0] [1, 4] [1, 1] : tensor<4xf32> into tensor<?x4xf32>
// CHECK-NEXT:      scf.yield %[[NEXT]], %[[WRITTEN]] : tensor<4xf32>, tensor<?x4xf32>
// CHECK:         return %[[LOOP]]#0, %[[LOOP]]#1
func.func @running_sum(%xs: tensor<?x4xf32>, %s0: tensor<4xf32>) -> (tensor<4xf32>, tensor<?x4xf32>) {
  %s, %ss = nn.scan (%x = %xs : tensor<?x4xf32>) carry(%acc = %s0 : tensor<4xf32>)
      -> (tensor<4xf32>, tensor<?x4xf32>) {
    %next = nn.add %x, %acc : tensor<4xf32>
    nn.yield %next, %next : tensor<4xf32>, tensor<4xf32>
  }
  return %s, %ss : tensor<4xf32>, tensor<?x4xf32>
}

// Random draws: the Philox rounds are arith ops in the generic's body.
// CHECK-LABEL: func.func @noise
// CHECK:         %[[KEY:.*]] = arith.constant dense<[7, 0]> : tensor<2xi32>
// CHECK:         linalg.generic {{.*}}iterator_types = ["parallel"]} outs(%{{.*}} : tensor<8xf32>)
// CHECK:           linalg.index 0 : index
// CHECK:           arith.mului_extended
// CHECK:           arith.xori
// CHECK:           arith.uitofp
func.func @noise() -> tensor<8xf32> {
  %k = nn.random_key 7
  %u = nn.random_uniform %k : tensor<8xf32>
  return %u : tensor<8xf32>
}

// A reshape whose sizes group is one collapse_shape (or expand_shape); `?` sizes of
// the result come from tensor.dim.
// CHECK-LABEL: func.func @flatten
// CHECK-NEXT:    %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[}}[0], [1, 2]] : tensor<?x3x4xf32> into tensor<?x12xf32>
// CHECK-NEXT:    return %[[FLAT]]
func.func @flatten(%x: tensor<?x3x4xf32>) -> tensor<?x12xf32> {
  %r = nn.reshape %x : tensor<?x3x4xf32> to tensor<?x12xf32>
  return %r : tensor<?x12xf32>
}

// CHECK-LABEL: func.func @unflatten
// CHECK:         %[[N:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x12xf32>
// CHECK-NEXT:    tensor.expand_shape %arg0 {{\[}}[0], [1, 2]] output_shape [%[[N]], 3, 4] : tensor<?x12xf32> into tensor<?x3x4xf32>
func.func @unflatten(%x: tensor<?x12xf32>) -> tensor<?x3x4xf32> {
  %r = nn.reshape %x : tensor<?x12xf32> to tensor<?x3x4xf32>
  return %r : tensor<?x3x4xf32>
}
