// RUN: irc-opt %s --convert-linalg-to-loops | filecheck %s

// Structured ops on memrefs become scf.for nests over memref.load/store with the body
// inlined; named ops go through their generic form. Apart from the order of the hoisted
// index constants and the arith ops written where MLIR writes affine.apply, the output is
// what `iree-opt --convert-linalg-to-loops` prints (tests/lowering/test_linalg_to_loops.py
// compares them). The scf.parallel variant: convert-linalg-to-parallel-loops.mlir.

#row = affine_map<(d0, d1) -> (d1)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d0)>
#shift = affine_map<(d0, d1) -> (d0 + d1, d1 * 2 + 1, (d0 - 2) mod 3, d1 floordiv 2, d0 ceildiv 4)>
#id1 = affine_map<(d0) -> (d0)>
#scalar = affine_map<(d0) -> ()>

// A broadcast map: loop 0's size comes from %y (the first dimension indexed by exactly
// d0), loop 1's from %b; the memref.dim ops come in operand order.
// CHECK-LABEL: func.func @generic_broadcast
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[N:.*]] = memref.dim %arg0, %[[C0]] : memref<?xf32>
// CHECK-NEXT:    %[[M:.*]] = memref.dim %arg1, %[[C0]] : memref<?x?xf32>
// CHECK-NEXT:    scf.for %[[I:.*]] = %[[C0]] to %[[M]] step %[[C1]] {
// CHECK-NEXT:      scf.for %[[J:.*]] = %[[C0]] to %[[N]] step %[[C1]] {
// CHECK-NEXT:        %[[B:.*]] = memref.load %arg0[%[[J]]] : memref<?xf32>
// CHECK-NEXT:        %[[Y:.*]] = memref.load %arg1[%[[I]], %[[J]]] : memref<?x?xf32>
// CHECK-NEXT:        %[[S:.*]] = arith.addf %[[B]], %[[Y]] : f32
// CHECK-NEXT:        memref.store %[[S]], %arg1[%[[I]], %[[J]]] : memref<?x?xf32>
// CHECK-NEXT:      }
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

// A reduction: the output element is loaded, updated and stored at each point; a static
// size is a constant.
// CHECK-LABEL: func.func @generic_reduction
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK:         %[[M:.*]] = memref.dim %arg0, %[[C0]] : memref<?x8xf32>
// CHECK-NEXT:    scf.for %[[I:.*]] = %[[C0]] to %[[M]] step %[[C1]] {
// CHECK-NEXT:      scf.for %[[J:.*]] = %[[C0]] to %[[C8]] step %[[C1]] {
// CHECK-NEXT:        %[[X:.*]] = memref.load %arg0[%[[I]], %[[J]]] : memref<?x8xf32>
// CHECK-NEXT:        %[[ACC:.*]] = memref.load %arg1[%[[I]]] : memref<?xf32>
// CHECK-NEXT:        %[[S:.*]] = arith.addf %[[ACC]], %[[X]] : f32
// CHECK-NEXT:        memref.store %[[S]], %arg1[%[[I]]] : memref<?xf32>
func.func @generic_reduction(%x: memref<?x8xf32>, %y: memref<?xf32>) {
  linalg.generic {indexing_maps = [#id2, #col], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x8xf32>) outs(%y : memref<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  }
  return
}

// matmul: (m, n, k) loops, k innermost; the body its parser built (mulf, addf).
// CHECK-LABEL: func.func @matmul
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK:         scf.for %[[I:.*]] = %[[C0]] to %[[C4]] step %[[C1]] {
// CHECK-NEXT:      scf.for %[[J:.*]] = %[[C0]] to %[[C3]] step %[[C1]] {
// CHECK-NEXT:        scf.for %[[K:.*]] = %[[C0]] to %[[C8]] step %[[C1]] {
// CHECK-NEXT:          %[[A:.*]] = memref.load %arg0[%[[I]], %[[K]]] : memref<4x8xf32>
// CHECK-NEXT:          %[[B:.*]] = memref.load %arg1[%[[K]], %[[J]]] : memref<8x3xf32>
// CHECK-NEXT:          %[[C:.*]] = memref.load %arg2[%[[I]], %[[J]]] : memref<4x3xf32>
// CHECK-NEXT:          %[[P:.*]] = arith.mulf %[[A]], %[[B]] : f32
// CHECK-NEXT:          %[[S:.*]] = arith.addf %[[C]], %[[P]] : f32
// CHECK-NEXT:          memref.store %[[S]], %arg2[%[[I]], %[[J]]] : memref<4x3xf32>
func.func @matmul(%a: memref<4x8xf32>, %b: memref<8x3xf32>, %c: memref<4x3xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x3xf32>) outs(%c : memref<4x3xf32>)
  return
}

// Dynamic sizes: m and k from %a, n from %b; the operands are cast (extsi) in the body.
// CHECK-LABEL: func.func @matmul_dynamic_i8
// CHECK:         %[[M:.*]] = memref.dim %arg0, %c0 : memref<?x?xi8>
// CHECK-NEXT:    %[[K:.*]] = memref.dim %arg0, %c1 : memref<?x?xi8>
// CHECK-NEXT:    %[[N:.*]] = memref.dim %arg1, %c1 : memref<?x?xi8>
// CHECK-NEXT:    scf.for %{{.*}} = %c0 to %[[M]] step %c1 {
// CHECK-NEXT:      scf.for %{{.*}} = %c0 to %[[N]] step %c1 {
// CHECK-NEXT:        scf.for %{{.*}} = %c0 to %[[K]] step %c1 {
// CHECK-COUNT-3:       memref.load
// CHECK-NEXT:          arith.extsi %{{.*}} : i8 to i32
// CHECK-NEXT:          arith.extsi %{{.*}} : i8 to i32
// CHECK-NEXT:          arith.muli %{{.*}}, %{{.*}} : i32
// CHECK-NEXT:          arith.addi %{{.*}}, %{{.*}} : i32
// CHECK-NEXT:          memref.store
func.func @matmul_dynamic_i8(%a: memref<?x?xi8>, %b: memref<?x?xi8>, %c: memref<?x?xi32>) {
  linalg.matmul ins(%a, %b : memref<?x?xi8>, memref<?x?xi8>) outs(%c : memref<?x?xi32>)
  return
}

// batch_matmul: (b, m, n, k), static and dynamic sizes mixed.
// CHECK-LABEL: func.func @batch_matmul
// CHECK:         %[[M:.*]] = memref.dim %arg0, %c1 : memref<2x?x8xf32>
// CHECK-NEXT:    %[[N:.*]] = memref.dim %arg1, %c2 : memref<2x8x?xf32>
// CHECK-NEXT:    scf.for %[[B:.*]] = %c0 to %c2 step %c1 {
// CHECK-NEXT:      scf.for %[[I:.*]] = %c0 to %[[M]] step %c1 {
// CHECK-NEXT:        scf.for %[[J:.*]] = %c0 to %[[N]] step %c1 {
// CHECK-NEXT:          scf.for %[[K:.*]] = %c0 to %c8 step %c1 {
// CHECK-NEXT:            memref.load %arg0[%[[B]], %[[I]], %[[K]]] : memref<2x?x8xf32>
// CHECK-NEXT:            memref.load %arg1[%[[B]], %[[K]], %[[J]]] : memref<2x8x?xf32>
// CHECK-NEXT:            memref.load %arg2[%[[B]], %[[I]], %[[J]]] : memref<2x?x?xf32>
func.func @batch_matmul(%a: memref<2x?x8xf32>, %b: memref<2x8x?xf32>, %c: memref<2x?x?xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<2x?x8xf32>, memref<2x8x?xf32>)
                      outs(%c : memref<2x?x?xf32>)
  return
}

// fill: the scalar is stored as it is; the unused output element is not loaded.
// CHECK-LABEL: func.func @fill
// CHECK:         %[[N:.*]] = memref.dim %arg1, %c1 : memref<4x?xf32>
// CHECK-NEXT:    scf.for %[[I:.*]] = %c0 to %c4 step %c1 {
// CHECK-NEXT:      scf.for %[[J:.*]] = %c0 to %[[N]] step %c1 {
// CHECK-NEXT:        memref.store %arg0, %arg1[%[[I]], %[[J]]] : memref<4x?xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
func.func @fill(%v: f32, %y: memref<4x?xf32>) {
  linalg.fill ins(%v : f32) outs(%y : memref<4x?xf32>)
  return
}

// No loops at all for rank 0.
// CHECK-LABEL: func.func @fill_rank0
// CHECK-NEXT:    memref.store %arg0, %arg1[] : memref<f32>
// CHECK-NEXT:    return
func.func @fill_rank0(%v: f32, %y: memref<f32>) {
  linalg.fill ins(%v : f32) outs(%y : memref<f32>)
  return
}

// copy to a wider element type: the body's extf.
// CHECK-LABEL: func.func @copy
// CHECK:         scf.for %[[I:.*]] = %c0 to %dim step %c1 {
// CHECK-NEXT:      %[[X:.*]] = memref.load %arg0[%[[I]]] : memref<?xf32>
// CHECK-NEXT:      %[[W:.*]] = arith.extf %[[X]] : f32 to f64
// CHECK-NEXT:      memref.store %[[W]], %arg1[%[[I]]] : memref<?xf64>
func.func @copy(%x: memref<?xf32>, %y: memref<?xf64>) {
  linalg.copy ins(%x : memref<?xf32>) outs(%y : memref<?xf64>)
  return
}

// transpose: the loops follow the output; the input is read through the inverse map.
// CHECK-LABEL: func.func @transpose
// CHECK:         %[[D0:.*]] = memref.dim %arg0, %c0 : memref<?x?x?xf32>
// CHECK-NEXT:    %[[D1:.*]] = memref.dim %arg0, %c1 : memref<?x?x?xf32>
// CHECK-NEXT:    %[[D2:.*]] = memref.dim %arg0, %c2 : memref<?x?x?xf32>
// CHECK-NEXT:    scf.for %[[I:.*]] = %c0 to %[[D2]] step %c1 {
// CHECK-NEXT:      scf.for %[[J:.*]] = %c0 to %[[D0]] step %c1 {
// CHECK-NEXT:        scf.for %[[K:.*]] = %c0 to %[[D1]] step %c1 {
// CHECK-NEXT:          %[[X:.*]] = memref.load %arg0[%[[J]], %[[K]], %[[I]]] : memref<?x?x?xf32>
// CHECK-NEXT:          memref.store %[[X]], %arg1[%[[I]], %[[J]], %[[K]]] : memref<?x?x?xf32>
func.func @transpose(%x: memref<?x?x?xf32>, %y: memref<?x?x?xf32>) {
  linalg.transpose ins(%x : memref<?x?x?xf32>) outs(%y : memref<?x?x?xf32>)
                   permutation = [2, 0, 1]
  return
}

// broadcast along dimension 0.
// CHECK-LABEL: func.func @broadcast
// CHECK:         scf.for %[[I:.*]] = %c0 to %dim_0 step %c1 {
// CHECK-NEXT:      scf.for %[[J:.*]] = %c0 to %dim step %c1 {
// CHECK-NEXT:        %[[X:.*]] = memref.load %arg0[%[[J]]] : memref<?xf32>
// CHECK-NEXT:        memref.store %[[X]], %arg1[%[[I]], %[[J]]] : memref<?x?xf32>
func.func @broadcast(%x: memref<?xf32>, %y: memref<?x?xf32>) {
  linalg.broadcast ins(%x : memref<?xf32>) outs(%y : memref<?x?xf32>) dimensions = [0]
  return
}

// map: the payload on the input elements; the init element is not read.
// CHECK-LABEL: func.func @map
// CHECK:         scf.for %[[I:.*]] = %c0 to %dim step %c1 {
// CHECK-NEXT:      %[[A:.*]] = memref.load %arg0[%[[I]]] : memref<?xf32>
// CHECK-NEXT:      %[[B:.*]] = memref.load %arg1[%[[I]]] : memref<?xf32>
// CHECK-NEXT:      %[[P:.*]] = arith.mulf %[[A]], %[[B]] : f32
// CHECK-NEXT:      memref.store %[[P]], %arg2[%[[I]]] : memref<?xf32>
func.func @map(%a: memref<?xf32>, %b: memref<?xf32>, %y: memref<?xf32>) {
  linalg.map { arith.mulf } ins(%a, %b : memref<?xf32>, memref<?xf32>) outs(%y : memref<?xf32>)
  return
}

// reduce over dimension 0: the reduction loop is outermost.
// CHECK-LABEL: func.func @reduce
// CHECK:         scf.for %[[I:.*]] = %c0 to %dim step %c1 {
// CHECK-NEXT:      scf.for %[[J:.*]] = %c0 to %dim_0 step %c1 {
// CHECK-NEXT:        %[[X:.*]] = memref.load %arg0[%[[I]], %[[J]]] : memref<?x?xf32>
// CHECK-NEXT:        %[[ACC:.*]] = memref.load %arg1[%[[J]]] : memref<?xf32>
// CHECK-NEXT:        %[[M:.*]] = arith.maximumf %[[ACC]], %[[X]] : f32
// CHECK-NEXT:        memref.store %[[M]], %arg1[%[[J]]] : memref<?xf32>
func.func @reduce(%x: memref<?x?xf32>, %y: memref<?xf32>) {
  linalg.reduce { arith.maximumf } ins(%x : memref<?x?xf32>) outs(%y : memref<?xf32>)
                dimensions = [0]
  return
}

// linalg.index d is the induction variable of loop d.
// CHECK-LABEL: func.func @index
// CHECK:         scf.for %[[I:.*]] = %c0 to %dim step %c1 {
// CHECK-NEXT:      scf.for %[[J:.*]] = %c0 to %dim_0 step %c1 {
// CHECK-NEXT:        %[[D:.*]] = arith.subi %[[I]], %[[J]] : index
// CHECK-NEXT:        memref.store %[[D]], %arg0[%[[I]], %[[J]]] : memref<?x?xindex>
// CHECK-NOT:     linalg.index
func.func @index(%y: memref<?x?xindex>) {
  linalg.generic {indexing_maps = [#id2], iterator_types = ["parallel", "parallel"]}
      outs(%y : memref<?x?xindex>) {
  ^bb0(%out: index):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %s = arith.subi %i, %j : index
    linalg.yield %s : index
  }
  return
}

// Affine results that are not a loop dim are arith on index where MLIR writes
// affine.apply: `mod` as MLIR's affine lowering (remsi moved into [0, 3)), floordiv and
// ceildiv as floordivsi and ceildivsi.
// CHECK-LABEL: func.func @affine_indices
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[CM2:.*]] = arith.constant -2 : index
// CHECK:         scf.for %[[I:.*]] = %[[C0]] to %[[C4]] step %[[C1]] {
// CHECK-NEXT:      scf.for %[[J:.*]] = %[[C0]] to %{{.*}} step %[[C1]] {
// CHECK-NEXT:        %[[SUM:.*]] = arith.addi %[[I]], %[[J]] : index
// CHECK-NEXT:        %[[TWICE:.*]] = arith.muli %[[J]], %[[C2]] : index
// CHECK-NEXT:        %[[ODD:.*]] = arith.addi %[[TWICE]], %[[C1]] : index
// CHECK-NEXT:        %[[SHIFTED:.*]] = arith.addi %[[I]], %[[CM2]] : index
// CHECK-NEXT:        %[[REM:.*]] = arith.remsi %[[SHIFTED]], %[[C3]] : index
// CHECK-NEXT:        %[[NEG:.*]] = arith.cmpi slt, %[[REM]], %[[C0]] : index
// CHECK-NEXT:        %[[UP:.*]] = arith.addi %[[REM]], %[[C3]] : index
// CHECK-NEXT:        %[[MOD:.*]] = arith.select %[[NEG]], %[[UP]], %[[REM]] : index
// CHECK-NEXT:        %[[FLOOR:.*]] = arith.floordivsi %[[J]], %[[C2]] : index
// CHECK-NEXT:        %[[CEIL:.*]] = arith.ceildivsi %[[I]], %[[C4]] : index
// CHECK-NEXT:        %[[X:.*]] = memref.load %arg0[%[[SUM]], %[[ODD]], %[[MOD]], %[[FLOOR]], %[[CEIL]]]
// CHECK-NEXT:        memref.store %[[X]], %arg1[%[[I]], %[[J]]] : memref<4x5xf32>
func.func @affine_indices(%x: memref<8x10x3x3x2xf32>, %y: memref<4x5xf32>) {
  linalg.generic {indexing_maps = [#shift, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<8x10x3x3x2xf32>) outs(%y : memref<4x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  return
}

// A scalar input (map to no dimension) is used as it is.
// CHECK-LABEL: func.func @scalar_input
// CHECK:           %[[X:.*]] = memref.load %arg0[%{{.*}}] : memref<?xf32>
// CHECK-NEXT:      %[[P:.*]] = arith.mulf %[[X]], %arg1 : f32
func.func @scalar_input(%x: memref<?xf32>, %s: f32, %y: memref<?xf32>) {
  linalg.generic {indexing_maps = [#id1, #scalar, #id1], iterator_types = ["parallel"]}
      ins(%x, %s : memref<?xf32>, f32) outs(%y : memref<?xf32>) {
  ^bb0(%in: f32, %k: f32, %out: f32):
    %p = arith.mulf %in, %k : f32
    linalg.yield %p : f32
  }
  return
}

// Inside another loop: the index constants already at the top of the function are
// reused; the memref.dim stays where the op was.
// CHECK-LABEL: func.func @nested_in_loop
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    scf.for %{{.*}} = %[[C0]] to %arg1 step %[[C1]] {
// CHECK-NEXT:      %[[N:.*]] = memref.dim %arg0, %[[C0]] : memref<?xf32>
// CHECK-NEXT:      scf.for %[[I:.*]] = %[[C0]] to %[[N]] step %[[C1]] {
// CHECK-NEXT:        memref.store %[[ZERO]], %arg0[%[[I]]] : memref<?xf32>
func.func @nested_in_loop(%y: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %n step %c1 {
    linalg.fill ins(%zero : f32) outs(%y : memref<?xf32>)
  }
  return
}

// On tensors the op is left alone (bufferize first).
// CHECK-LABEL: func.func @on_tensors
// CHECK-NEXT:    %[[R:.*]] = linalg.copy ins(%arg0 : tensor<?xf32>) outs(%arg1 : tensor<?xf32>) -> tensor<?xf32>
// CHECK-NEXT:    return %[[R]]
func.func @on_tensors(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %r = linalg.copy ins(%x : tensor<?xf32>) outs(%y : tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}
