// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// Every memref op in MLIR's custom spelling; irc prints each back as MLIR does (and as
// test_mlir_agreement.py checks against iree-opt, custom and generic, byte for byte).
// The CHECK lines are iree-opt's own print.

// CHECK-LABEL: func.func @alloc(%arg0: index, %arg1: index) {
// CHECK-NEXT: %alloc = memref.alloc() : memref<4x4xf32>
// CHECK-NEXT: %alloc_0 = memref.alloc(%arg0) alignment = 64 : memref<4x?xf32>
// CHECK-NEXT: %alloc_1 = memref.alloc(%arg0, %arg0) {note = "x"} : memref<?x?xi8, 1>
// CHECK-NEXT: %alloc_2 = memref.alloc()[%arg1] : memref<4xf32, #map>
// CHECK-NEXT: %alloc_3 = memref.alloc(%arg0)[%arg1, %arg0] : memref<?xf32, strided<[?], offset: ?>>
// CHECK-NEXT: %alloc_4 = memref.alloc() : memref<f64>
// CHECK-NEXT: memref.dealloc %alloc : memref<4x4xf32>
// CHECK-NEXT: memref.dealloc %alloc_1 : memref<?x?xi8, 1>
// CHECK-NEXT: return
func.func @alloc(%n: index, %s: index) {
  %a = memref.alloc() : memref<4x4xf32>
  %b = memref.alloc(%n) alignment = 64 : memref<4x?xf32>
  %c = memref.alloc(%n, %n) {note = "x"} : memref<?x?xi8, 1>
  %d = memref.alloc()[%s] : memref<4xf32, affine_map<(d0)[s0] -> (d0 + s0)>>
  %e = memref.alloc(%n)[%s, %n] : memref<?xf32, strided<[?], offset: ?>>
  %f = memref.alloc() : memref<f64>
  memref.dealloc %a : memref<4x4xf32>
  memref.dealloc %c : memref<?x?xi8, 1>
  return
}

// CHECK-LABEL: func.func @alloca(%arg0: index) {
// CHECK-NEXT: %alloca = memref.alloca() : memref<4xi32>
// CHECK-NEXT: %alloca_0 = memref.alloca(%arg0) alignment = 16 : memref<?x2xf16>
// CHECK-NEXT: return
func.func @alloca(%n: index) {
  %a = memref.alloca() : memref<4xi32>
  %b = memref.alloca(%n) alignment = 16 : memref<?x2xf16>
  return
}

// CHECK-LABEL: func.func @load_store(%arg0: memref<4x4xf32>, %arg1: memref<i1>, %arg2: index, %arg3: index, %arg4: f32) {
// CHECK-NEXT: %0 = memref.load %arg0[%arg2, %arg3] : memref<4x4xf32>
// CHECK-NEXT: %1 = memref.load %arg0[%arg2, %arg3] nontemporal(true) : memref<4x4xf32>
// CHECK-NEXT: %2 = memref.load %arg0[%arg2, %arg3] alignment(16) : memref<4x4xf32>
// CHECK-NEXT: %3 = memref.load %arg0[%arg2, %arg3] alignment(8) nontemporal(true) {note} : memref<4x4xf32>
// CHECK-NEXT: %4 = memref.load %arg0[%arg2, %arg3] : memref<4x4xf32>
// CHECK-NEXT: %5 = memref.load %arg1[] : memref<i1>
// CHECK-NEXT: memref.store %arg4, %arg0[%arg2, %arg3] : memref<4x4xf32>
// CHECK-NEXT: memref.store %arg4, %arg0[%arg2, %arg3] nontemporal(true) : memref<4x4xf32>
// CHECK-NEXT: memref.store %arg4, %arg0[%arg2, %arg3] alignment(4) nontemporal(true) : memref<4x4xf32>
// CHECK-NEXT: memref.store %5, %arg1[] {note = 1 : i32} : memref<i1>
// CHECK-NEXT: return
func.func @load_store(%m: memref<4x4xf32>, %z: memref<i1>, %i: index, %j: index, %v: f32) {
  %0 = memref.load %m[%i, %j] : memref<4x4xf32>
  %1 = memref.load %m[%i, %j] nontemporal(true) : memref<4x4xf32>
  %2 = memref.load %m[%i, %j] alignment(16) : memref<4x4xf32>
  %3 = memref.load %m[%i, %j] nontemporal(true) alignment(8) {note} : memref<4x4xf32>
  %4 = memref.load %m[%i, %j] nontemporal(false) : memref<4x4xf32>
  %5 = memref.load %z[] : memref<i1>
  memref.store %v, %m[%i, %j] : memref<4x4xf32>
  memref.store %v, %m[%i, %j] nontemporal(true) : memref<4x4xf32>
  memref.store %v, %m[%i, %j] alignment(4) nontemporal(true) : memref<4x4xf32>
  memref.store %5, %z[] {note = 1 : i32} : memref<i1>
  return
}

// CHECK-LABEL: func.func @dim_copy_dealloc(%arg0: memref<4x?xf32>, %arg1: memref<*xf32>, %arg2: memref<4x?xf32, strided<[?, 2]>>, %arg3: index) {
// CHECK-NEXT: %dim = memref.dim %arg0, %arg3 : memref<4x?xf32>
// CHECK-NEXT: %dim_0 = memref.dim %arg1, %arg3 : memref<*xf32>
// CHECK-NEXT: %dim_1 = memref.dim {note} %arg0, %arg3 : memref<4x?xf32>
// CHECK-NEXT: memref.copy %arg0, %arg2 : memref<4x?xf32> to memref<4x?xf32, strided<[?, 2]>>
// CHECK-NEXT: memref.copy %arg0, %arg1 : memref<4x?xf32> to memref<*xf32>
// CHECK-NEXT: memref.dealloc %arg1 : memref<*xf32>
// CHECK-NEXT: return
func.func @dim_copy_dealloc(%m: memref<4x?xf32>, %u: memref<*xf32>, %s: memref<4x?xf32, strided<[?, 2]>>, %c: index) {
  %0 = memref.dim %m, %c : memref<4x?xf32>
  %1 = memref.dim %u, %c : memref<*xf32>
  %2 = memref.dim {note} %m, %c : memref<4x?xf32>
  memref.copy %m, %s : memref<4x?xf32> to memref<4x?xf32, strided<[?, 2]>>
  memref.copy %m, %u : memref<4x?xf32> to memref<*xf32>
  memref.dealloc %u : memref<*xf32>
  return
}

// CHECK-LABEL: func.func @cast(%arg0: memref<4x4xf32>, %arg1: memref<*xf32>, %arg2: memref<4xf32, strided<[?], offset: ?>>) {
// CHECK-NEXT: %cast = memref.cast %arg0 : memref<4x4xf32> to memref<?x?xf32>
// CHECK-NEXT: %cast_0 = memref.cast %arg0 : memref<4x4xf32> to memref<*xf32>
// CHECK-NEXT: %cast_1 = memref.cast %arg1 : memref<*xf32> to memref<4x?xf32>
// CHECK-NEXT: %cast_2 = memref.cast %arg0 : memref<4x4xf32> to memref<4x4xf32, strided<[?, 1], offset: ?>>
// CHECK-NEXT: %cast_3 = memref.cast %arg2 : memref<4xf32, strided<[?], offset: ?>> to memref<4xf32>
// CHECK-NEXT: %cast_4 = memref.cast %cast {note} : memref<?x?xf32> to memref<4x?xf32>
// CHECK-NEXT: %subview = memref.subview %arg0[0, 0] [4, 1] [1, 1] : memref<4x4xf32> to memref<4x1xf32, strided<[4, 1]>>
// CHECK-NEXT: %cast_5 = memref.cast %subview : memref<4x1xf32, strided<[4, 1]>> to memref<4x?xf32, strided<[4, 9]>>
// CHECK-NEXT: return
func.func @cast(%m: memref<4x4xf32>, %u: memref<*xf32>, %s: memref<4xf32, strided<[?], offset: ?>>) {
  %0 = memref.cast %m : memref<4x4xf32> to memref<?x?xf32>
  %1 = memref.cast %m : memref<4x4xf32> to memref<*xf32>
  %2 = memref.cast %u : memref<*xf32> to memref<4x?xf32>
  %3 = memref.cast %m : memref<4x4xf32> to memref<4x4xf32, strided<[?, 1], offset: ?>>
  %4 = memref.cast %s : memref<4xf32, strided<[?], offset: ?>> to memref<4xf32>
  %5 = memref.cast %0 {note} : memref<?x?xf32> to memref<4x?xf32>
  // The stride of a unit dimension may change.
  %6 = memref.subview %m[0, 0] [4, 1] [1, 1] : memref<4x4xf32> to memref<4x1xf32, strided<[4, 1]>>
  %7 = memref.cast %6 : memref<4x1xf32, strided<[4, 1]>> to memref<4x?xf32, strided<[4, 9]>>
  return
}

// CHECK-LABEL: func.func @subview(%arg0: memref<8x16xf32>, %arg1: memref<?x?xf32>, %arg2: index, %arg3: index) {
// CHECK-NEXT: %subview = memref.subview %arg0[0, 0] [4, 4] [1, 1] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 1]>>
// CHECK-NEXT: %subview_0 = memref.subview %arg0[1, 3] [4, 4] [2, 3] : memref<8x16xf32> to memref<4x4xf32, strided<[32, 3], offset: 19>>
// CHECK-NEXT: %subview_1 = memref.subview %arg0[%arg2, 0] [4, %arg3] [1, 1] : memref<8x16xf32> to memref<4x?xf32, strided<[16, 1], offset: ?>>
// CHECK-NEXT: %subview_2 = memref.subview %arg0[1, %arg2] [1, 8] [1, 1] : memref<8x16xf32> to memref<8xf32, strided<[1], offset: ?>>
// CHECK-NEXT: %subview_3 = memref.subview %arg1[%arg2, %arg3] [%arg3, %arg2] [%arg2, %arg3] : memref<?x?xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-NEXT: %subview_4 = memref.subview %arg1[1, 2] [1, 1] [1, 1] : memref<?x?xf32> to memref<1xf32, strided<[?], offset: ?>>
// CHECK-NEXT: %subview_5 = memref.subview %subview_1[0, 1] [2, 2] [1, 1] {note} : memref<4x?xf32, strided<[16, 1], offset: ?>> to memref<2x2xf32, strided<[16, 1], offset: ?>>
// CHECK-NEXT: %subview_6 = memref.subview %arg0[0, 0] [8, 16] [0, 1] : memref<8x16xf32> to memref<8x16xf32, strided<[0, 1]>>
// CHECK-NEXT: %subview_7 = memref.subview %arg0[1, 2] [1, 1] [1, 1] : memref<8x16xf32> to memref<f32, strided<[], offset: 18>>
// CHECK-NEXT: return
func.func @subview(%m: memref<8x16xf32>, %d: memref<?x?xf32>, %o: index, %n: index) {
  %0 = memref.subview %m[0, 0] [4, 4] [1, 1] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 1]>>
  %1 = memref.subview %m[1, 3] [4, 4] [2, 3] : memref<8x16xf32> to memref<4x4xf32, strided<[32, 3], offset: 19>>
  %2 = memref.subview %m[%o, 0] [4, %n] [1, 1] : memref<8x16xf32> to memref<4x?xf32, strided<[16, 1], offset: ?>>
  %3 = memref.subview %m[1, %o] [1, 8] [1, 1] : memref<8x16xf32> to memref<8xf32, strided<[1], offset: ?>>
  %4 = memref.subview %d[%o, %n] [%n, %o] [%o, %n] : memref<?x?xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  %5 = memref.subview %d[1, 2] [1, 1] [1, 1] : memref<?x?xf32> to memref<1xf32, strided<[?], offset: ?>>
  %6 = memref.subview %2[0, 1] [2, 2] [1, 1] {note} : memref<4x?xf32, strided<[16, 1], offset: ?>> to memref<2x2xf32, strided<[16, 1], offset: ?>>
  %7 = memref.subview %m[0, 0] [8, 16] [0, 1] : memref<8x16xf32> to memref<8x16xf32, strided<[0, 1]>>
  %8 = memref.subview %m[1, 2] [1, 1] [1, 1] : memref<8x16xf32> to memref<f32, strided<[], offset: 18>>
  return
}

// CHECK-LABEL: func.func @reinterpret_cast(%arg0: memref<16xf32>, %arg1: memref<*xf32>, %arg2: index, %arg3: index) {
// CHECK-NEXT: %reinterpret_cast = memref.reinterpret_cast %arg0 to offset: [0], sizes: [4, 4], strides: [4, 1] : memref<16xf32> to memref<4x4xf32>
// CHECK-NEXT: %reinterpret_cast_0 = memref.reinterpret_cast %arg0 to offset: [%arg2], sizes: [%arg3, 4], strides: [4, 1] : memref<16xf32> to memref<?x4xf32, strided<[4, 1], offset: ?>>
// CHECK-NEXT: %reinterpret_cast_1 = memref.reinterpret_cast %arg1 to offset: [2], sizes: [3], strides: [%arg3] : memref<*xf32> to memref<3xf32, strided<[?], offset: 2>>
// CHECK-NEXT: %reinterpret_cast_2 = memref.reinterpret_cast %arg0 to offset: [5], sizes: [], strides: [] : memref<16xf32> to memref<f32, strided<[], offset: 5>>
// CHECK-NEXT: %reinterpret_cast_3 = memref.reinterpret_cast %arg0 to offset: [0], sizes: [2, 8], strides: [8, 1] {note} : memref<16xf32> to memref<2x8xf32>
// CHECK-NEXT: return
func.func @reinterpret_cast(%m: memref<16xf32>, %u: memref<*xf32>, %o: index, %n: index) {
  %0 = memref.reinterpret_cast %m to offset: [0], sizes: [4, 4], strides: [4, 1] : memref<16xf32> to memref<4x4xf32>
  %1 = memref.reinterpret_cast %m to offset: [%o], sizes: [%n, 4], strides: [4, 1] : memref<16xf32> to memref<?x4xf32, strided<[4, 1], offset: ?>>
  %2 = memref.reinterpret_cast %u to offset: [2], sizes: [3], strides: [%n] : memref<*xf32> to memref<3xf32, strided<[?], offset: 2>>
  %3 = memref.reinterpret_cast %m to offset: [5], sizes: [], strides: [] : memref<16xf32> to memref<f32, strided<[], offset: 5>>
  %4 = memref.reinterpret_cast %m to offset: [0], sizes: [2, 8], strides: [8, 1] {note} : memref<16xf32> to memref<2x8xf32>
  return
}

// CHECK-LABEL: func.func @reshape(%arg0: memref<4x8x2xf32>, %arg1: memref<4x4xf32, strided<[8, 1], offset: 2>>, %arg2: memref<?x4xf32>, %arg3: memref<?xf32>, %arg4: memref<1x1xf32>, %arg5: index) {
// CHECK-NEXT: %collapse_shape = memref.collapse_shape %arg0 {{\[\[}}0, 1], [2{{\]\]}} : memref<4x8x2xf32> into memref<32x2xf32>
// CHECK-NEXT: %collapse_shape_0 = memref.collapse_shape %arg0 {{\[\[}}0, 1, 2{{\]\]}} : memref<4x8x2xf32> into memref<64xf32>
// CHECK-NEXT: %collapse_shape_1 = memref.collapse_shape %arg1 {{\[\[}}0], [1{{\]\]}} : memref<4x4xf32, strided<[8, 1], offset: 2>> into memref<4x4xf32, strided<[8, 1], offset: 2>>
// CHECK-NEXT: %collapse_shape_2 = memref.collapse_shape %arg2 {{\[\[}}0, 1{{\]\]}} : memref<?x4xf32> into memref<?xf32>
// CHECK-NEXT: %collapse_shape_3 = memref.collapse_shape %arg4 [] : memref<1x1xf32> into memref<f32>
// CHECK-NEXT: %expand_shape = memref.expand_shape %collapse_shape_0 {{\[\[}}0, 1, 2{{\]\]}} output_shape [4, 8, 2] : memref<64xf32> into memref<4x8x2xf32>
// CHECK-NEXT: %expand_shape_4 = memref.expand_shape %arg3 {{\[\[}}0, 1{{\]\]}} output_shape [%arg5, 4] : memref<?xf32> into memref<?x4xf32>
// CHECK-NEXT: %expand_shape_5 = memref.expand_shape %arg1 {{\[\[}}0, 1], [2{{\]\]}} output_shape [2, 2, 4] {note} : memref<4x4xf32, strided<[8, 1], offset: 2>> into memref<2x2x4xf32, strided<[16, 8, 1], offset: 2>>
// CHECK-NEXT: %expand_shape_6 = memref.expand_shape %collapse_shape_3 [] output_shape [1, 1] : memref<f32> into memref<1x1xf32>
// CHECK-NEXT: return
func.func @reshape(%m: memref<4x8x2xf32>, %s: memref<4x4xf32, strided<[8, 1], offset: 2>>, %d: memref<?x4xf32>, %v: memref<?xf32>, %one: memref<1x1xf32>, %n: index) {
  %0 = memref.collapse_shape %m [[0, 1], [2]] : memref<4x8x2xf32> into memref<32x2xf32>
  %1 = memref.collapse_shape %m [[0, 1, 2]] : memref<4x8x2xf32> into memref<64xf32>
  %2 = memref.collapse_shape %s [[0], [1]] : memref<4x4xf32, strided<[8, 1], offset: 2>> into memref<4x4xf32, strided<[8, 1], offset: 2>>
  %3 = memref.collapse_shape %d [[0, 1]] : memref<?x4xf32> into memref<?xf32>
  %4 = memref.collapse_shape %one [] : memref<1x1xf32> into memref<f32>
  %5 = memref.expand_shape %1 [[0, 1, 2]] output_shape [4, 8, 2] : memref<64xf32> into memref<4x8x2xf32>
  %6 = memref.expand_shape %v [[0, 1]] output_shape [%n, 4] : memref<?xf32> into memref<?x4xf32>
  %7 = memref.expand_shape %s [[0, 1], [2]] output_shape [2, 2, 4] {note} : memref<4x4xf32, strided<[8, 1], offset: 2>> into memref<2x2x4xf32, strided<[16, 8, 1], offset: 2>>
  %8 = memref.expand_shape %4 [] output_shape [1, 1] : memref<f32> into memref<1x1xf32>
  return
}
