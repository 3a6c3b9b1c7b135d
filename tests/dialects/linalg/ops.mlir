// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// Every linalg op in MLIR's custom spelling; irc prints each back as MLIR does (and as
// test_mlir_agreement.py checks against iree-opt, custom and generic). The CHECK lines
// are iree-opt's own print, with the names of body arguments (`%in`, `%out` in MLIR)
// and the numbers of map aliases left open.

#map = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
#col = affine_map<(d0, d1) -> (d0)>
#scalar = affine_map<(d0, d1) -> ()>
#shifted = affine_map<(d0) -> (d0 + 1)>
#id1 = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func.func @generic(%arg0: tensor<4x8xf32>, %arg1: tensor<8xf32>, %arg2: tensor<4x8xf32>, %arg3: tensor<4xf32>) -> (tensor<4x8xf32>, tensor<4xf32>) {
// CHECK-NEXT: %0 = linalg.generic {indexing_maps = [#map{{[0-9]*}}, #map{{[0-9]*}}, #map{{[0-9]*}}], iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<4x8xf32>, tensor<8xf32>) outs(%arg2 : tensor<4x8xf32>) {
// CHECK-NEXT: ^bb0(%{{[a-z0-9_]+}}: f32, %{{[a-z0-9_]+}}: f32, %{{[a-z0-9_]+}}: f32):
// CHECK-NEXT: %2 = arith.addf %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : f32
// CHECK-NEXT: linalg.yield %2 : f32
// CHECK-NEXT: } -> tensor<4x8xf32>
// CHECK-NEXT: %1 = linalg.generic {indexing_maps = [#map{{[0-9]*}}, #map{{[0-9]*}}], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<4x8xf32>) outs(%arg3 : tensor<4xf32>) attrs =  {note = "sum"} {
// CHECK-NEXT: ^bb0(%{{[a-z0-9_]+}}: f32, %{{[a-z0-9_]+}}: f32):
// CHECK-NEXT: %2 = arith.addf %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : f32
// CHECK-NEXT: linalg.yield %2 : f32
// CHECK-NEXT: } -> tensor<4xf32>
// CHECK-NEXT: return %0, %1 : tensor<4x8xf32>, tensor<4xf32>
// CHECK-NEXT: }
func.func @generic(%a: tensor<4x8xf32>, %b: tensor<8xf32>, %init: tensor<4x8xf32>, %acc: tensor<4xf32>) -> (tensor<4x8xf32>, tensor<4xf32>) {
  %0 = linalg.generic {indexing_maps = [#map, #row, #map], iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  %1 = linalg.generic {indexing_maps = [#map, #col], iterator_types = ["parallel", "reduction"]} ins(%a : tensor<4x8xf32>) outs(%acc : tensor<4xf32>) attrs = {note = "sum"} {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %o : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %0, %1 : tensor<4x8xf32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @generic_memref(%arg0: memref<5xi32>, %arg1: memref<4xi32>, %arg2: i32) {
// CHECK-NEXT: linalg.generic {doc = "shift", indexing_maps = [#map{{[0-9]*}}, #map{{[0-9]*}}, #map{{[0-9]*}}], iterator_types = ["parallel"], library_call = "shift_add"} ins(%arg0, %arg2 : memref<5xi32>, i32) outs(%arg1 : memref<4xi32>) {
// CHECK-NEXT: ^bb0(%{{[a-z0-9_]+}}: i32, %{{[a-z0-9_]+}}: i32, %{{[a-z0-9_]+}}: i32):
// CHECK-NEXT: %0 = linalg.index 0 : index
// CHECK-NEXT: %1 = arith.index_cast %0 : index to i32
// CHECK-NEXT: %2 = arith.addi %{{[a-z0-9_]+}}, %1 : i32
// CHECK-NEXT: %3 = arith.addi %2, %{{[a-z0-9_]+}} : i32
// CHECK-NEXT: linalg.yield %3 : i32
// CHECK-NEXT: }
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @generic_memref(%a: memref<5xi32>, %out: memref<4xi32>, %k: i32) {
  linalg.generic {doc = "shift", indexing_maps = [#shifted, affine_map<(d0) -> ()>, #id1], iterator_types = ["parallel"], library_call = "shift_add"} ins(%a, %k : memref<5xi32>, i32) outs(%out : memref<4xi32>) {
  ^bb0(%x: i32, %c: i32, %o: i32):
    %i = linalg.index 0 : index
    %j = arith.index_cast %i : index to i32
    %s = arith.addi %x, %j : i32
    %t = arith.addi %s, %c : i32
    linalg.yield %t : i32
  }
  return
}

// CHECK-LABEL: func.func @generic_two_outputs(%arg0: tensor<3xf64>, %arg1: tensor<3xf64>, %arg2: tensor<f64>) -> (tensor<3xf64>, tensor<f64>) {
// CHECK-NEXT: %0:2 = linalg.generic {indexing_maps = [#map{{[0-9]*}}, #map{{[0-9]*}}, #map{{[0-9]*}}], iterator_types = ["reduction"]} ins(%arg0 : tensor<3xf64>) outs(%arg1, %arg2 : tensor<3xf64>, tensor<f64>) {
// CHECK-NEXT: ^bb0(%{{[a-z0-9_]+}}: f64, %{{[a-z0-9_]+}}: f64, %{{[a-z0-9_]+}}: f64):
// CHECK-NEXT: %1 = arith.negf %{{[a-z0-9_]+}} : f64
// CHECK-NEXT: %2 = arith.maximumf %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : f64
// CHECK-NEXT: linalg.yield %1, %2 : f64, f64
// CHECK-NEXT: } -> (tensor<3xf64>, tensor<f64>)
// CHECK-NEXT: return %0#0, %0#1 : tensor<3xf64>, tensor<f64>
// CHECK-NEXT: }
func.func @generic_two_outputs(%a: tensor<3xf64>, %o1: tensor<3xf64>, %o2: tensor<f64>) -> (tensor<3xf64>, tensor<f64>) {
  %0:2 = linalg.generic {indexing_maps = [#id1, #id1, affine_map<(d0) -> ()>], iterator_types = ["reduction"]} ins(%a : tensor<3xf64>) outs(%o1, %o2 : tensor<3xf64>, tensor<f64>) {
  ^bb0(%x: f64, %p: f64, %m: f64):
    %n = arith.negf %x : f64
    %big = arith.maximumf %x, %m : f64
    linalg.yield %n, %big : f64, f64
  } -> (tensor<3xf64>, tensor<f64>)
  return %0#0, %0#1 : tensor<3xf64>, tensor<f64>
}

// CHECK-LABEL: func.func @named(%arg0: tensor<4x8xf32>, %arg1: tensor<8x3xf32>, %arg2: tensor<4x3xf32>, %arg3: tensor<2x4x8xf32>, %arg4: tensor<2x8x3xf32>, %arg5: tensor<2x4x3xf32>, %arg6: f32) -> (tensor<4x3xf32>, tensor<2x4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>) {
// CHECK-NEXT: %0 = linalg.matmul ins(%arg0, %arg1 : tensor<4x8xf32>, tensor<8x3xf32>) outs(%arg2 : tensor<4x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT: %1 = linalg.batch_matmul ins(%arg3, %arg4 : tensor<2x4x8xf32>, tensor<2x8x3xf32>) outs(%arg5 : tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
// CHECK-NEXT: %2 = linalg.fill ins(%arg6 : f32) outs(%arg2 : tensor<4x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT: %3 = linalg.copy {note} ins(%0 : tensor<4x3xf32>) outs(%2 : tensor<4x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT: return %0, %1, %2, %3 : tensor<4x3xf32>, tensor<2x4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>
// CHECK-NEXT: }
func.func @named(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>, %c: tensor<4x3xf32>, %ba: tensor<2x4x8xf32>, %bb: tensor<2x8x3xf32>, %bc: tensor<2x4x3xf32>, %f: f32) -> (tensor<4x3xf32>, tensor<2x4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>) {
  %0 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x3xf32>) outs(%c : tensor<4x3xf32>) -> tensor<4x3xf32>
  %1 = linalg.batch_matmul ins(%ba, %bb : tensor<2x4x8xf32>, tensor<2x8x3xf32>) outs(%bc : tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
  %2 = linalg.fill ins(%f : f32) outs(%c : tensor<4x3xf32>) -> tensor<4x3xf32>
  %3 = linalg.copy {note} ins(%0 : tensor<4x3xf32>) outs(%2 : tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0, %1, %2, %3 : tensor<4x3xf32>, tensor<2x4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>
}

// CHECK-LABEL: func.func @named_memref(%arg0: memref<4x8xi8>, %arg1: memref<8x3xi8>, %arg2: memref<4x3xi32>, %arg3: memref<?x3xi32>, %arg4: i32) {
// CHECK-NEXT: linalg.fill ins(%arg4 : i32) outs(%arg2 : memref<4x3xi32>)
// CHECK-NEXT: linalg.matmul ins(%arg0, %arg1 : memref<4x8xi8>, memref<8x3xi8>) outs(%arg2 : memref<4x3xi32>)
// CHECK-NEXT: linalg.copy ins(%arg2 : memref<4x3xi32>) outs(%arg3 : memref<?x3xi32>)
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @named_memref(%a: memref<4x8xi8>, %b: memref<8x3xi8>, %c: memref<4x3xi32>, %d: memref<?x3xi32>, %z: i32) {
  linalg.fill ins(%z : i32) outs(%c : memref<4x3xi32>)
  linalg.matmul ins(%a, %b : memref<4x8xi8>, memref<8x3xi8>) outs(%c : memref<4x3xi32>)
  linalg.copy ins(%c : memref<4x3xi32>) outs(%d : memref<?x3xi32>)
  return
}

// CHECK-LABEL: func.func @named_mixed(%arg0: tensor<4x8xf16>, %arg1: tensor<8x3xf16>, %arg2: tensor<4x3xf32>) -> tensor<4x3xf32> {
// CHECK-NEXT: %0 = linalg.matmul {note = 1 : i32} ins(%arg0, %arg1 : tensor<4x8xf16>, tensor<8x3xf16>) outs(%arg2 : tensor<4x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT: return %0 : tensor<4x3xf32>
// CHECK-NEXT: }
func.func @named_mixed(%a: tensor<4x8xf16>, %b: tensor<8x3xf16>, %c: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x8xf16>, tensor<8x3xf16>) outs(%c : tensor<4x3xf32>) {note = 1 : i32} -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
// CHECK-LABEL: func.func @map(%arg0: tensor<4x8xf32>, %arg1: tensor<4x8xf32>, %arg2: tensor<4x8xf32>, %arg3: memref<4x8xi32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
// CHECK-NEXT: %mapped = linalg.map { arith.addf } ins(%arg0, %arg1 : tensor<4x8xf32>, tensor<4x8xf32>) outs(%arg2 : tensor<4x8xf32>)
// CHECK-NEXT: %mapped_0 = linalg.map { arith.mulf {fastmath = #arith.fastmath<fast>} } ins(%arg0, %arg1 : tensor<4x8xf32>, tensor<4x8xf32>) outs(%arg2 : tensor<4x8xf32>) {note = 1 : i32}
// CHECK-NEXT: %mapped_1 = linalg.map ins(%arg0 : tensor<4x8xf32>) outs(%arg2 : tensor<4x8xf32>)
// CHECK-NEXT: (%{{[a-z0-9_]+}}: f32, %{{[a-z0-9_]+}}: f32) {
// CHECK-NEXT: %0 = arith.addf %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : f32
// CHECK-NEXT: linalg.yield %0 : f32
// CHECK-NEXT: }
// CHECK-NEXT: linalg.map { arith.addi {overflowFlags = #arith.overflow<none>} } ins(%arg3, %arg3 : memref<4x8xi32>, memref<4x8xi32>) outs(%arg3 : memref<4x8xi32>)
// CHECK-NEXT: linalg.map outs(%arg3 : memref<4x8xi32>)
// CHECK-NEXT: (%{{[a-z0-9_]+}}: i32) {
// CHECK-NEXT: %0 = linalg.index 1 : index
// CHECK-NEXT: %1 = arith.index_cast %0 : index to i32
// CHECK-NEXT: linalg.yield %1 : i32
// CHECK-NEXT: }
// CHECK-NEXT: return %mapped, %mapped_0, %mapped_1 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
// CHECK-NEXT: }
func.func @map(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>, %init: tensor<4x8xf32>, %m: memref<4x8xi32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = linalg.map { arith.addf } ins(%a, %b : tensor<4x8xf32>, tensor<4x8xf32>) outs(%init : tensor<4x8xf32>)
  %1 = linalg.map { arith.mulf {fastmath = #arith.fastmath<fast>} } ins(%a, %b : tensor<4x8xf32>, tensor<4x8xf32>) outs(%init : tensor<4x8xf32>) {note = 1 : i32}
  %2 = linalg.map ins(%a : tensor<4x8xf32>) outs(%init : tensor<4x8xf32>)
    (%x: f32, %o: f32) {
      %s = arith.addf %x, %o : f32
      linalg.yield %s : f32
    }
  linalg.map { arith.addi } ins(%m, %m : memref<4x8xi32>, memref<4x8xi32>) outs(%m : memref<4x8xi32>)
  linalg.map outs(%m : memref<4x8xi32>)
    (%o: i32) {
      %i = linalg.index 1 : index
      %v = arith.index_cast %i : index to i32
      linalg.yield %v : i32
    }
  return %0, %1, %2 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
}

// CHECK-LABEL: func.func @reduce(%arg0: tensor<4x8x2xf32>, %arg1: tensor<4xf32>, %arg2: memref<4x8xi32>, %arg3: memref<8xi32>) -> (tensor<4xf32>, tensor<4xf32>) {
// CHECK-NEXT: %reduced = linalg.reduce { arith.maximumf } ins(%arg0 : tensor<4x8x2xf32>) outs(%arg1 : tensor<4xf32>) dimensions = [1, 2]
// CHECK-NEXT: %reduced_0 = linalg.reduce ins(%arg0 : tensor<4x8x2xf32>) outs(%arg1 : tensor<4xf32>) dimensions = [1, 2]  {note}
// CHECK-NEXT: (%{{[a-z0-9_]+}}: f32, %{{[a-z0-9_]+}}: f32) {
// CHECK-NEXT: %0 = arith.addf %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : f32
// CHECK-NEXT: linalg.yield %0 : f32
// CHECK-NEXT: }
// CHECK-NEXT: linalg.reduce { arith.addi {overflowFlags = #arith.overflow<none>} } ins(%arg2 : memref<4x8xi32>) outs(%arg3 : memref<8xi32>) dimensions = [0]
// CHECK-NEXT: return %reduced, %reduced_0 : tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT: }
func.func @reduce(%a: tensor<4x8x2xf32>, %acc: tensor<4xf32>, %m: memref<4x8xi32>, %macc: memref<8xi32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = linalg.reduce { arith.maximumf } ins(%a : tensor<4x8x2xf32>) outs(%acc : tensor<4xf32>) dimensions = [1, 2]
  %1 = linalg.reduce ins(%a : tensor<4x8x2xf32>) outs(%acc : tensor<4xf32>) dimensions = [1, 2] {note}
    (%x: f32, %o: f32) {
      %s = arith.addf %x, %o : f32
      linalg.yield %s : f32
    }
  linalg.reduce { arith.addi } ins(%m : memref<4x8xi32>) outs(%macc : memref<8xi32>) dimensions = [0]
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @transpose_broadcast(%arg0: tensor<2x3x4xf32>, %arg1: tensor<3x4x2xf32>, %arg2: tensor<3xf32>, %arg3: tensor<2x3x4xf32>, %arg4: memref<2x3xi8>, %arg5: memref<3x2xi8>) -> (tensor<3x4x2xf32>, tensor<2x3x4xf32>) {
// CHECK-NEXT: %transposed = linalg.transpose ins(%arg0 : tensor<2x3x4xf32>) outs(%arg1 : tensor<3x4x2xf32>) permutation = [1, 2, 0]
// CHECK-NEXT: %broadcasted = linalg.broadcast ins(%arg2 : tensor<3xf32>) outs(%arg3 : tensor<2x3x4xf32>) dimensions = [0, 2]  {note}
// CHECK-NEXT: linalg.transpose ins(%arg4 : memref<2x3xi8>) outs(%arg5 : memref<3x2xi8>) permutation = [1, 0]
// CHECK-NEXT: return %transposed, %broadcasted : tensor<3x4x2xf32>, tensor<2x3x4xf32>
// CHECK-NEXT: }
func.func @transpose_broadcast(%a: tensor<2x3x4xf32>, %t: tensor<3x4x2xf32>, %r: tensor<3xf32>, %b: tensor<2x3x4xf32>, %m: memref<2x3xi8>, %mt: memref<3x2xi8>) -> (tensor<3x4x2xf32>, tensor<2x3x4xf32>) {
  %0 = linalg.transpose ins(%a : tensor<2x3x4xf32>) outs(%t : tensor<3x4x2xf32>) permutation = [1, 2, 0]
  %1 = linalg.broadcast ins(%r : tensor<3xf32>) outs(%b : tensor<2x3x4xf32>) dimensions = [0, 2] {note}
  linalg.transpose ins(%m : memref<2x3xi8>) outs(%mt : memref<3x2xi8>) permutation = [1, 0]
  return %0, %1 : tensor<3x4x2xf32>, tensor<2x3x4xf32>
}
// CHECK-LABEL: func.func @matmul_maps(%arg0: tensor<8x4xf32>, %arg1: tensor<8x3xf32>, %arg2: tensor<4x3xf32>, %arg3: tensor<8xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
// CHECK-NEXT: %0 = linalg.matmul indexing_maps = [#map{{[0-9]*}}, #map{{[0-9]*}}, #map{{[0-9]*}}] ins(%arg0, %arg1 : tensor<8x4xf32>, tensor<8x3xf32>) outs(%arg2 : tensor<4x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT: %1 = linalg.matmul indexing_maps = [#map{{[0-9]*}}, #map{{[0-9]*}}, #map{{[0-9]*}}] ins(%arg3, %arg1 : tensor<8xf32>, tensor<8x3xf32>) outs(%arg2 : tensor<4x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT: return %0, %1 : tensor<4x3xf32>, tensor<4x3xf32>
// CHECK-NEXT: }
func.func @matmul_maps(%at: tensor<8x4xf32>, %b: tensor<8x3xf32>, %c: tensor<4x3xf32>, %v: tensor<8xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %0 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%at, %b : tensor<8x4xf32>, tensor<8x3xf32>) outs(%c : tensor<4x3xf32>) -> tensor<4x3xf32>
  %1 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%v, %b : tensor<8xf32>, tensor<8x3xf32>) outs(%c : tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<4x3xf32>
}
// CHECK-LABEL: func.func @vector_products(%arg0: tensor<8xf32>, %arg1: tensor<8xf32>, %arg2: tensor<f32>, %arg3: tensor<4x8xf32>, %arg4: tensor<4xf32>, %arg5: tensor<8x4xf32>, %arg6: memref<4x8xi32>, %arg7: memref<8xi32>, %arg8: memref<4xi32>) -> (tensor<f32>, tensor<4xf32>, tensor<4xf32>) {
// CHECK-NEXT: %0 = linalg.dot ins(%arg0, %arg1 : tensor<8xf32>, tensor<8xf32>) outs(%arg2 : tensor<f32>) -> tensor<f32>
// CHECK-NEXT: %1 = linalg.matvec {note} ins(%arg3, %arg0 : tensor<4x8xf32>, tensor<8xf32>) outs(%arg4 : tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: %2 = linalg.vecmat ins(%arg0, %arg5 : tensor<8xf32>, tensor<8x4xf32>) outs(%arg4 : tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: linalg.matvec ins(%arg6, %arg7 : memref<4x8xi32>, memref<8xi32>) outs(%arg8 : memref<4xi32>)
// CHECK-NEXT: return %0, %1, %2 : tensor<f32>, tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT: }
func.func @vector_products(%a: tensor<8xf32>, %b: tensor<8xf32>, %c: tensor<f32>, %m: tensor<4x8xf32>, %v: tensor<4xf32>, %w: tensor<8x4xf32>, %mm: memref<4x8xi32>, %mv: memref<8xi32>, %mo: memref<4xi32>) -> (tensor<f32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = linalg.dot ins(%a, %b : tensor<8xf32>, tensor<8xf32>) outs(%c : tensor<f32>) -> tensor<f32>
  %1 = linalg.matvec {note} ins(%m, %a : tensor<4x8xf32>, tensor<8xf32>) outs(%v : tensor<4xf32>) -> tensor<4xf32>
  %2 = linalg.vecmat ins(%a, %w : tensor<8xf32>, tensor<8x4xf32>) outs(%v : tensor<4xf32>) -> tensor<4xf32>
  linalg.matvec ins(%mm, %mv : memref<4x8xi32>, memref<8xi32>) outs(%mo : memref<4xi32>)
  return %0, %1, %2 : tensor<f32>, tensor<4xf32>, tensor<4xf32>
}
