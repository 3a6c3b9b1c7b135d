// RUN: irc-opt %s --nn-to-loops | filecheck %s
// The named pipeline takes an nn function on tensors to loops over memrefs: arguments
// become memrefs with identity layouts, the result a buffer the function allocates.

// CHECK-LABEL: func.func @bias_relu(
// CHECK-SAME:      %[[X:.*]]: memref<?x8xf32>, %[[B:.*]]: memref<8xf32>) -> memref<?x8xf32>
// CHECK:         %[[N:.*]] = memref.dim %[[X]]
// CHECK:         %[[SUM:.*]] = memref.alloc(%[[N]]) {{.*}}: memref<?x8xf32>
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             memref.load %[[X]]
// CHECK:             memref.load %[[B]]
// CHECK:             arith.addf
// CHECK:             memref.store {{.*}}, %[[SUM]]
// CHECK:         %[[OUT:.*]] = memref.alloc
// CHECK:         arith.select
// CHECK:         memref.dealloc %[[SUM]]
// CHECK-NOT:     nn.
// CHECK:         return %[[OUT]]
func.func @bias_relu(%x: tensor<?x8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> {
  %z = nn.add %x, %b : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %r = nn.relu %z : tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}
