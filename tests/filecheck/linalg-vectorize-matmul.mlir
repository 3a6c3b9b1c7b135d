// RUN: irc-opt %s --linalg-vectorize-matmul=vector-bits=512 | filecheck %s
// RUN: irc-opt %s --linalg-vectorize-matmul="vector-bits=128 mr=2 vectors=1 kc=3 mc=5 nc=9" | filecheck %s --check-prefix=SMALL
// RUN: irc-opt %s --linalg-vectorize-matmul=vector-bits=512 --verify-diagnostics

// Each eligible linalg.matmul on buffers becomes memref.casts to fully dynamic strided
// types and a call of one private kernel per element type, layout and tiling; the kernel
// is added once at the end of the module. tests/lowering/test_linalg_vectorize_matmul.py
// runs the kernels against numpy in the interpreter and through the JIT.

// CHECK-LABEL: func.func @plain
// CHECK-NEXT:    %[[A:.*]] = memref.cast %arg0 : memref<64x32xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-NEXT:    %[[B:.*]] = memref.cast %arg1 : memref<32x48xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-NEXT:    %[[C:.*]] = memref.cast %arg2 : memref<64x48xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
// CHECK-NEXT:    call @[[NN:__irc_matmul_f32_nn_8x32_k256_m128_n1024]](%[[A]], %[[B]], %[[C]])
// CHECK-NEXT:    return
// SMALL-LABEL: func.func @plain
// SMALL:         call @__irc_matmul_f32_nn_2x4_k3_m5_n9(
func.func @plain(%a: memref<64x32xf32>, %b: memref<32x48xf32>, %c: memref<64x48xf32>) {
  linalg.matmul ins(%a, %b : memref<64x32xf32>, memref<32x48xf32>) outs(%c : memref<64x48xf32>)
  return
}

// The same kernel serves another size.
// CHECK-LABEL: func.func @dynamic
// CHECK:         call @[[NN]](
func.func @dynamic(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return
}

// A transposed B (nn.matmul transpose_b) and f64 have kernels of their own.
// CHECK-LABEL: func.func @transposed_b
// CHECK:         call @[[NT:__irc_matmul_f64_nt_8x16_k256_m128_n1024]](
#mk = affine_map<(m, n, k) -> (m, k)>
#nk = affine_map<(m, n, k) -> (n, k)>
#mn = affine_map<(m, n, k) -> (m, n)>
func.func @transposed_b(%a: memref<4x3xf64>, %b: memref<?x3xf64>, %c: memref<4x?xf64>) {
  linalg.matmul indexing_maps = [#mk, #nk, #mn]
      ins(%a, %b : memref<4x3xf64>, memref<?x3xf64>) outs(%c : memref<4x?xf64>)
  return
}

// Left as loops, with a remark: mixed element types, tensors, a column-strided output.
func.func @left(%a: memref<4x3xf16>, %b: memref<3x5xf16>, %c: memref<4x5xf32>,
                %t: tensor<4x3xf32>, %u: tensor<3x5xf32>, %v: tensor<4x5xf32>,
                %x: memref<4x3xf32>, %y: memref<3x5xf32>, %z: memref<4x5xf32, strided<[1, 4]>>) {
  // expected-remark@+1 {{'linalg.matmul' keeps its loop nest: the kernel takes one element type, f32 or f64}}
  linalg.matmul ins(%a, %b : memref<4x3xf16>, memref<3x5xf16>) outs(%c : memref<4x5xf32>)
  // expected-remark@+1 {{'linalg.matmul' keeps its loop nest: not on memrefs (bufferize first)}}
  %r = linalg.matmul ins(%t, %u : tensor<4x3xf32>, tensor<3x5xf32>) outs(%v : tensor<4x5xf32>) -> tensor<4x5xf32>
  // expected-remark@+1 {{'linalg.matmul' keeps its loop nest: the output's minor dimension is not contiguous}}
  linalg.matmul ins(%x, %y : memref<4x3xf32>, memref<3x5xf32>) outs(%z : memref<4x5xf32, strided<[1, 4]>>)
  return
}

// A C of static width up to one vector gets a kernel of one vector per row and twice
// the rows.
// CHECK-LABEL: func.func @narrow
// CHECK:         call @__irc_matmul_f32_nn_16x16_k256_m128_n1024(
func.func @narrow(%a: memref<?x512xf32>, %b: memref<512x10xf32>, %c: memref<?x10xf32>) {
  linalg.matmul ins(%a, %b : memref<?x512xf32>, memref<512x10xf32>) outs(%c : memref<?x10xf32>)
  return
}

// linalg.batch_matmul: a loop over the batch calling the kernel on rank-reduced
// subviews.
// CHECK-LABEL: func.func @batch
// CHECK:         scf.for %[[I:.*]] = %c0 to %c3 step %c1 {
// CHECK-NEXT:      %[[A:.*]] = memref.subview %arg0[%[[I]], 0, 0] [1, 4, 5] [1, 1, 1] : memref<3x4x5xf32> to memref<4x5xf32, strided<[5, 1], offset: ?>>
// CHECK-NEXT:      %[[B:.*]] = memref.subview %arg1[%[[I]], 0, 0] [1, 5, 40] [1, 1, 1] : memref<3x5x40xf32> to memref<5x40xf32, strided<[40, 1], offset: ?>>
// CHECK-NEXT:      %[[C:.*]] = memref.subview %arg2[%[[I]], 0, 0] [1, 4, 40] [1, 1, 1] : memref<3x4x40xf32> to memref<4x40xf32, strided<[40, 1], offset: ?>>
// CHECK:           func.call @[[NN]](
func.func @batch(%a: memref<3x4x5xf32>, %b: memref<3x5x40xf32>, %c: memref<3x4x40xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<3x4x5xf32>, memref<3x5x40xf32>) outs(%c : memref<3x4x40xf32>)
  return
}

// An output whose layout is written as the identity map is contiguous too.
// CHECK-LABEL: func.func @identity_layout
// CHECK:         call @[[NN]](
func.func @identity_layout(%a: memref<?x?xf32>, %b: memref<?x?xf32>,
                           %c: memref<?x?xf32, affine_map<(d0, d1) -> (d0, d1)>>) {
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>)
                outs(%c : memref<?x?xf32, affine_map<(d0, d1) -> (d0, d1)>>)
  return
}

// The kernel: for each block of columns, B packed (a parallel loop over panels), then a
// parallel loop over blocks of rows (a quarter of M, at most 128) that packs A and runs
// the register block, carried through the loop over k, and the write-back.
// CHECK:       func.func private @[[NN]](%arg0: memref<?x?xf32, strided<[?, ?], offset: ?>>, %arg1: memref<?x?xf32, strided<[?, ?], offset: ?>>, %arg2: memref<?x?xf32, strided<[?, 1], offset: ?>>)
// CHECK:         memref.alloc(%{{.*}}) alignment = 64 : memref<?xf32>
// CHECK:         %[[STEP:.*]] = arith.maxsi %{{.*}}, %c8 : index
// CHECK:         scf.for %[[JC:.*]] = %c0 to %{{.*}} step %c1024
// CHECK:           scf.parallel (%{{.*}}) = (%c0) to (%{{.*}}) step (%c32)
// CHECK:             memref.load %arg1[
// CHECK:           scf.parallel (%{{.*}}) = (%c0) to (%{{.*}}) step (%[[STEP]])
// CHECK:             scf.for %{{.*}} = %c0 to %{{.*}} step %c256
// CHECK:               memref.load %arg0[
// CHECK:               scf.for %{{.*}} = %c0 to %{{.*}} step %c1 iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-2:   vector.load %{{.*}} : memref<?xf32>, vector<16xf32>
// CHECK:           vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK-NEXT:      vector.fma
// CHECK-NEXT:      vector.fma
// CHECK:           scf.if
// CHECK:             vector.load %arg2[
// CHECK:             arith.addf %{{.*}} : vector<16xf32>
// CHECK:             vector.store %{{.*}}, %arg2[
// CHECK:           } else {
// CHECK:             vector.store %{{.*}}, %{{.*}}[%c0, %c0] : memref<8x32xf32>, vector<16xf32>
// CHECK:       func.func private @[[NT]](
// CHECK:         memref.load %arg1[%{{.*}}, %{{.*}}] : memref<?x?xf64, strided<[?, ?], offset: ?>>

