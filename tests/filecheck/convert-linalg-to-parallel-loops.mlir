// RUN: irc-opt %s --convert-linalg-to-parallel-loops | filecheck %s

// As convert-linalg-to-loops (see its file for the bodies, bounds and index arithmetic),
// but each run of consecutive parallel loops becomes one scf.parallel and each reduction
// loop an scf.for, nested in loop order (MLIR's generateParallelLoopNest). The output is
// what `iree-opt --convert-linalg-to-parallel-loops` prints but for the order of the
// index constants (tests/lowering/test_linalg_to_loops.py compares them).

#row = affine_map<(d0, d1) -> (d1)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d0)>

// Two parallel loops: one scf.parallel, ended by an empty scf.reduce.
// CHECK-LABEL: func.func @generic_broadcast
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[N:.*]] = memref.dim %arg0, %[[C0]] : memref<?xf32>
// CHECK-NEXT:    %[[M:.*]] = memref.dim %arg1, %[[C0]] : memref<?x?xf32>
// CHECK-NEXT:    scf.parallel (%[[I:.*]], %[[J:.*]]) = (%[[C0]], %[[C0]]) to (%[[M]], %[[N]]) step (%[[C1]], %[[C1]]) {
// CHECK-NEXT:      %[[B:.*]] = memref.load %arg0[%[[J]]] : memref<?xf32>
// CHECK-NEXT:      %[[Y:.*]] = memref.load %arg1[%[[I]], %[[J]]] : memref<?x?xf32>
// CHECK-NEXT:      %[[S:.*]] = arith.addf %[[B]], %[[Y]] : f32
// CHECK-NEXT:      memref.store %[[S]], %arg1[%[[I]], %[[J]]] : memref<?x?xf32>
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @generic_broadcast(%b: memref<?xf32>, %y: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [#row, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%b : memref<?xf32>) outs(%y : memref<?x?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  }
  return
}

// A reduction loop after the parallel one: an scf.for inside the scf.parallel.
// CHECK-LABEL: func.func @generic_reduction
// CHECK:         %[[M:.*]] = memref.dim %arg0, %c0 : memref<?x8xf32>
// CHECK-NEXT:    scf.parallel (%[[I:.*]]) = (%c0) to (%[[M]]) step (%c1) {
// CHECK-NEXT:      scf.for %[[J:.*]] = %c0 to %c8 step %c1 {
// CHECK-NEXT:        %[[X:.*]] = memref.load %arg0[%[[I]], %[[J]]] : memref<?x8xf32>
// CHECK-NEXT:        %[[ACC:.*]] = memref.load %arg1[%[[I]]] : memref<?xf32>
// CHECK-NEXT:        %[[S:.*]] = arith.addf %[[ACC]], %[[X]] : f32
// CHECK-NEXT:        memref.store %[[S]], %arg1[%[[I]]] : memref<?xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    }
func.func @generic_reduction(%x: memref<?x8xf32>, %y: memref<?xf32>) {
  linalg.generic {indexing_maps = [#id2, #col], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x8xf32>) outs(%y : memref<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  }
  return
}

// matmul: (m, n) parallel, k sequential inside.
// CHECK-LABEL: func.func @matmul
// CHECK:         scf.parallel (%[[I:.*]], %[[J:.*]]) = (%c0, %c0) to (%c4, %c3) step (%c1, %c1) {
// CHECK-NEXT:      scf.for %[[K:.*]] = %c0 to %c8 step %c1 {
// CHECK-NEXT:        memref.load %arg0[%[[I]], %[[K]]] : memref<4x8xf32>
// CHECK-NEXT:        memref.load %arg1[%[[K]], %[[J]]] : memref<8x3xf32>
// CHECK-NEXT:        memref.load %arg2[%[[I]], %[[J]]] : memref<4x3xf32>
// CHECK-NEXT:        arith.mulf
// CHECK-NEXT:        arith.addf
// CHECK-NEXT:        memref.store %{{.*}}, %arg2[%[[I]], %[[J]]] : memref<4x3xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.reduce
func.func @matmul(%a: memref<4x8xf32>, %b: memref<8x3xf32>, %c: memref<4x3xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x3xf32>) outs(%c : memref<4x3xf32>)
  return
}

// batch_matmul: (b, m, n) in one scf.parallel.
// CHECK-LABEL: func.func @batch_matmul
// CHECK:         scf.parallel (%{{.*}}, %{{.*}}, %{{.*}}) = (%c0, %c0, %c0) to (%c2, %dim, %dim_0) step (%c1, %c1, %c1) {
// CHECK-NEXT:      scf.for %{{.*}} = %c0 to %c8 step %c1 {
func.func @batch_matmul(%a: memref<2x?x8xf32>, %b: memref<2x8x?xf32>, %c: memref<2x?x?xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<2x?x8xf32>, memref<2x8x?xf32>)
                      outs(%c : memref<2x?x?xf32>)
  return
}

// reduce over dimension 0: the reduction loop comes first, so an scf.parallel nests in
// an scf.for.
// CHECK-LABEL: func.func @reduce
// CHECK:         scf.for %[[I:.*]] = %c0 to %dim step %c1 {
// CHECK-NEXT:      scf.parallel (%[[J:.*]]) = (%c0) to (%dim_0) step (%c1) {
// CHECK-NEXT:        memref.load %arg0[%[[I]], %[[J]]] : memref<?x?xf32>
// CHECK-NEXT:        memref.load %arg1[%[[J]]] : memref<?xf32>
// CHECK-NEXT:        arith.maximumf
// CHECK-NEXT:        memref.store %{{.*}}, %arg1[%[[J]]] : memref<?xf32>
// CHECK-NEXT:        scf.reduce
// CHECK-NEXT:      }
// CHECK-NEXT:    }
func.func @reduce(%x: memref<?x?xf32>, %y: memref<?xf32>) {
  linalg.reduce { arith.maximumf } ins(%x : memref<?x?xf32>) outs(%y : memref<?xf32>)
                dimensions = [0]
  return
}

// fill and linalg.index: the induction variables of the scf.parallel.
// CHECK-LABEL: func.func @fill_index
// CHECK:         scf.parallel (%[[I:.*]], %[[J:.*]]) = (%c0, %c0) to (%c4, %dim) step (%c1, %c1) {
// CHECK-NEXT:      memref.store %arg0, %arg1[%[[I]], %[[J]]] : memref<4x?xf32>
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    }
// CHECK:         scf.parallel (%[[I:.*]], %[[J:.*]]) = (%c0, %c0) to (%c4, %{{.*}}) step (%c1, %c1) {
// CHECK-NEXT:      %[[D:.*]] = arith.subi %[[I]], %[[J]] : index
// CHECK-NEXT:      memref.store %[[D]], %arg2[%[[I]], %[[J]]] : memref<4x?xindex>
// CHECK-NEXT:      scf.reduce
// CHECK-NOT:     linalg.index
func.func @fill_index(%v: f32, %y: memref<4x?xf32>, %z: memref<4x?xindex>) {
  linalg.fill ins(%v : f32) outs(%y : memref<4x?xf32>)
  linalg.generic {indexing_maps = [#id2], iterator_types = ["parallel", "parallel"]}
      outs(%z : memref<4x?xindex>) {
  ^bb0(%out: index):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %s = arith.subi %i, %j : index
    linalg.yield %s : index
  }
  return
}

// Rank 0: no loop at all.
// CHECK-LABEL: func.func @fill_rank0
// CHECK-NEXT:    memref.store %arg0, %arg1[] : memref<f32>
// CHECK-NEXT:    return
func.func @fill_rank0(%v: f32, %y: memref<f32>) {
  linalg.fill ins(%v : f32) outs(%y : memref<f32>)
  return
}

// On tensors the op is left alone (bufferize first).
// CHECK-LABEL: func.func @on_tensors
// CHECK-NEXT:    linalg.copy ins(%arg0 : tensor<?xf32>) outs(%arg1 : tensor<?xf32>) -> tensor<?xf32>
func.func @on_tensors(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %r = linalg.copy ins(%x : tensor<?xf32>) outs(%y : tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}
