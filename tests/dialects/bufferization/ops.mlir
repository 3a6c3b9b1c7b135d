// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// Every bufferization op in MLIR's custom spelling; irc prints each back as MLIR does (and as
// test_mlir_agreement.py checks against iree-opt, custom and generic, byte for byte).
// The CHECK lines are iree-opt's own print.

// CHECK-LABEL: func.func @to_tensor(%arg0: memref<4x?xf32>, %arg1: memref<*xi8>, %arg2: memref<4xf32, strided<[2], offset: ?>, 1>) {
// CHECK-NEXT: %0 = bufferization.to_tensor %arg0 : memref<4x?xf32> to tensor<4x?xf32>
// CHECK-NEXT: %1 = bufferization.to_tensor %arg0 restrict : memref<4x?xf32> to tensor<4x?xf32>
// CHECK-NEXT: %2 = bufferization.to_tensor %arg0 restrict writable {note} : memref<4x?xf32> to tensor<4x?xf32>
// CHECK-NEXT: %3 = bufferization.to_tensor %arg1 writable : memref<*xi8> to tensor<*xi8>
// CHECK-NEXT: %4 = bufferization.to_tensor %arg2 : memref<4xf32, strided<[2], offset: ?>, 1> to tensor<4xf32>
// CHECK-NEXT: %5 = bufferization.to_tensor %arg1 : memref<*xi8> to tensor<i8>
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @to_tensor(%m: memref<4x?xf32>, %u: memref<*xi8>, %s: memref<4xf32, strided<[2], offset: ?>, 1>) {
  %0 = bufferization.to_tensor %m : memref<4x?xf32> to tensor<4x?xf32>
  %1 = bufferization.to_tensor %m restrict : memref<4x?xf32> to tensor<4x?xf32>
  %2 = bufferization.to_tensor %m restrict writable {note} : memref<4x?xf32> to tensor<4x?xf32>
  %3 = bufferization.to_tensor %u writable : memref<*xi8> to tensor<*xi8>
  %4 = bufferization.to_tensor %s : memref<4xf32, strided<[2], offset: ?>, 1> to tensor<4xf32>
  %5 = bufferization.to_tensor %u : memref<*xi8> to tensor<i8>
  return
}

// CHECK-LABEL: func.func @to_buffer(%arg0: tensor<4x?xf32>, %arg1: tensor<*xi8>) {
// CHECK-NEXT: %0 = bufferization.to_buffer %arg0 : tensor<4x?xf32> to memref<4x?xf32>
// CHECK-NEXT: %1 = bufferization.to_buffer %arg0 read_only {note} : tensor<4x?xf32> to memref<4x?xf32, strided<[?, 1], offset: ?>>
// CHECK-NEXT: %2 = bufferization.to_buffer %arg1 : tensor<*xi8> to memref<*xi8>
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @to_buffer(%t: tensor<4x?xf32>, %u: tensor<*xi8>) {
  %0 = bufferization.to_buffer %t : tensor<4x?xf32> to memref<4x?xf32>
  %1 = bufferization.to_buffer %t read_only {note} : tensor<4x?xf32> to memref<4x?xf32, strided<[?, 1], offset: ?>>
  %2 = bufferization.to_buffer %u : tensor<*xi8> to memref<*xi8>
  return
}

// CHECK-LABEL: func.func @alloc_tensor(%arg0: index, %arg1: tensor<4x4xf32>) {
// CHECK-NEXT: %0 = bufferization.alloc_tensor() : tensor<4x4xf32>
// CHECK-NEXT: %1 = bufferization.alloc_tensor(%arg0, %arg0) {note} : tensor<?x2x?xi32>
// CHECK-NEXT: %2 = bufferization.alloc_tensor() copy(%arg1) : tensor<4x4xf32>
// CHECK-NEXT: %3 = bufferization.alloc_tensor() size_hint=%arg0 : tensor<4x4xf32>
// CHECK-NEXT: %4 = bufferization.alloc_tensor(%arg0) <{memory_space = 1 : i64}> : tensor<?xf32>
// CHECK-NEXT: %5 = bufferization.alloc_tensor() copy(%arg1) size_hint=%arg0 <{memory_space = "gpu"}> {note} : tensor<4x4xf32>
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @alloc_tensor(%n: index, %t: tensor<4x4xf32>) {
  %0 = bufferization.alloc_tensor() : tensor<4x4xf32>
  %1 = bufferization.alloc_tensor(%n, %n) {note} : tensor<?x2x?xi32>
  %2 = bufferization.alloc_tensor() copy(%t) : tensor<4x4xf32>
  %3 = bufferization.alloc_tensor() size_hint=%n : tensor<4x4xf32>
  %4 = bufferization.alloc_tensor(%n) <{memory_space = 1 : i64}> : tensor<?xf32>
  %5 = bufferization.alloc_tensor() copy(%t) size_hint=%n <{memory_space = "gpu"}> {note} : tensor<4x4xf32>
  return
}

// CHECK-LABEL: func.func @materialize_in_destination(%arg0: tensor<4x?xf32>, %arg1: tensor<?x?xf32>, %arg2: memref<4x?xf32>) -> tensor<?x?xf32> {
// CHECK-NEXT: %0 = bufferization.materialize_in_destination %arg0 in %arg1 : (tensor<4x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT: bufferization.materialize_in_destination %arg0 in writable %arg2 : (tensor<4x?xf32>, memref<4x?xf32>) -> ()
// CHECK-NEXT: bufferization.materialize_in_destination %arg0 in restrict writable %arg2 {note} : (tensor<4x?xf32>, memref<4x?xf32>) -> ()
// CHECK-NEXT: return %0 : tensor<?x?xf32>
// CHECK-NEXT: }
func.func @materialize_in_destination(%t: tensor<4x?xf32>, %d: tensor<?x?xf32>, %m: memref<4x?xf32>) -> tensor<?x?xf32> {
  %0 = bufferization.materialize_in_destination %t in %d : (tensor<4x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  bufferization.materialize_in_destination %t in writable %m : (tensor<4x?xf32>, memref<4x?xf32>) -> ()
  bufferization.materialize_in_destination %t in restrict writable %m {note} : (tensor<4x?xf32>, memref<4x?xf32>) -> ()
  return %0 : tensor<?x?xf32>
}

// CHECK-LABEL: func.func @dealloc_and_clone(%arg0: tensor<4x?xf32>, %arg1: memref<4xf32>, %arg2: memref<*xf32>) {
// CHECK-NEXT: bufferization.dealloc_tensor %arg0 : tensor<4x?xf32>
// CHECK-NEXT: bufferization.dealloc_tensor %arg0 {note} : tensor<4x?xf32>
// CHECK-NEXT: %0 = bufferization.clone %arg1 : memref<4xf32> to memref<?xf32>
// CHECK-NEXT: %1 = bufferization.clone %arg2 {note} : memref<*xf32> to memref<*xf32>
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @dealloc_and_clone(%t: tensor<4x?xf32>, %m: memref<4xf32>, %u: memref<*xf32>) {
  bufferization.dealloc_tensor %t : tensor<4x?xf32>
  bufferization.dealloc_tensor %t {note} : tensor<4x?xf32>
  %0 = bufferization.clone %m : memref<4xf32> to memref<?xf32>
  %1 = bufferization.clone %u {note} : memref<*xf32> to memref<*xf32>
  return
}

// CHECK-LABEL: func.func @dealloc(%arg0: memref<2xf32>, %arg1: memref<*xi32>, %arg2: i1, %arg3: i1, %arg4: memref<1xf32>) -> (i1, i1, i1) {
// CHECK-NEXT: bufferization.dealloc (%arg0 : memref<2xf32>) if (%arg2)
// CHECK-NEXT: %0:2 = bufferization.dealloc (%arg0, %arg1 : memref<2xf32>, memref<*xi32>) if (%arg2, %arg3) retain (%arg4, %arg0 : memref<1xf32>, memref<2xf32>)
// CHECK-NEXT: bufferization.dealloc
// CHECK-NEXT: %1 = bufferization.dealloc retain (%arg4 : memref<1xf32>) {note}
// CHECK-NEXT: return %0#0, %0#1, %1 : i1, i1, i1
// CHECK-NEXT: }
func.func @dealloc(%a: memref<2xf32>, %b: memref<*xi32>, %c0: i1, %c1: i1, %r: memref<1xf32>) -> (i1, i1, i1) {
  bufferization.dealloc (%a : memref<2xf32>) if (%c0)
  %0:2 = bufferization.dealloc (%a, %b : memref<2xf32>, memref<*xi32>) if (%c0, %c1) retain (%r, %a : memref<1xf32>, memref<2xf32>)
  bufferization.dealloc
  %1 = bufferization.dealloc retain (%r : memref<1xf32>) {note}
  return %0#0, %0#1, %1 : i1, i1, i1
}

