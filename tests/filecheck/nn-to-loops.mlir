// RUN: irc-opt %s --nn-to-loops | filecheck %s
// The named pipeline takes an nn function on tensors to loops over memrefs: arguments
// become memrefs with identity layouts, the result a buffer the function allocates.
// linalg-fuse-elementwise-ops makes the add and the relu one loop nest: the sum is a
// scalar in the loop body, not a temporary buffer. The loops are one scf.parallel
// (convert-linalg-to-parallel-loops), which the JIT runs on its thread pool.

// CHECK-LABEL: func.func @bias_relu(
// CHECK-SAME:      %[[X:.*]]: memref<?x8xf32>, %[[B:.*]]: memref<8xf32>) -> memref<?x8xf32>
// CHECK:         %[[N:.*]] = memref.dim %[[X]]
// CHECK:         %[[OUT:.*]] = memref.alloc(%[[N]]) {{.*}}: memref<?x8xf32>
// CHECK-NOT:     memref.alloc
// CHECK:         scf.parallel (%{{.*}}, %{{.*}}) =
// CHECK-NEXT:        %[[XV:.*]] = memref.load %[[X]]
// CHECK-NEXT:        %[[BV:.*]] = memref.load %[[B]]
// CHECK-NEXT:        %[[SUM:.*]] = arith.addf %[[XV]], %[[BV]]
// CHECK-NEXT:        %[[POS:.*]] = arith.cmpf ugt, %[[SUM]]
// CHECK-NEXT:        %[[RELU:.*]] = arith.select %[[POS]], %[[SUM]]
// CHECK-NEXT:        memref.store %[[RELU]], %[[OUT]]
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.dealloc
// CHECK-NOT:     nn.
// CHECK:         return %[[OUT]]
func.func @bias_relu(%x: tensor<?x8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> {
  %z = nn.add %x, %b : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %r = nn.relu %z : tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}
