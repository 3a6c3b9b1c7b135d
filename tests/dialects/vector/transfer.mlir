// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// vector.transfer_read and vector.transfer_write in MLIR's custom spelling, on memrefs and
// tensors: default and explicit permutation maps, in_bounds, masks. The CHECK lines are
// iree-opt's own print, with the `#map` alias names left open: irc's printer names the
// aliases of affine maps held in properties differently (see test_mlir_agreement.py,
// which compares the prints with the aliases expanded).

// CHECK-LABEL: func.func @transfer(%arg0: memref<8x8xf32>, %arg1: tensor<8x?xf32>, %arg2: index, %arg3: index, %arg4: f32, %arg5: vector<4xi1>, %arg6: vector<2x4xi1>) -> tensor<8x?xf32> {
// CHECK-NEXT: %0 = vector.transfer_read %arg0[%arg2, %arg3], %arg4 : memref<8x8xf32>, vector<4xf32>
// CHECK-NEXT: %1 = vector.transfer_read %arg0[%arg2, %arg3], %arg4 {in_bounds = [true]} : memref<8x8xf32>, vector<4xf32>
// CHECK-NEXT: %2 = vector.transfer_read %arg0[%arg2, %arg3], %arg4 {permutation_map = {{#map[0-9]*}}} : memref<8x8xf32>, vector<4xf32>
// CHECK-NEXT: %3 = vector.transfer_read %arg0[%arg2, %arg3], %arg4 {in_bounds = [false, true], permutation_map = {{#map[0-9]*}}} : memref<8x8xf32>, vector<4x2xf32>
// CHECK-NEXT: %4 = vector.transfer_read %arg0[%arg2, %arg3], %arg4 {in_bounds = [true, false], permutation_map = {{#map[0-9]*}}} : memref<8x8xf32>, vector<3x4xf32>
// CHECK-NEXT: %5 = vector.transfer_read %arg0[%arg2, %arg3], %arg4, %arg5 : memref<8x8xf32>, vector<4xf32>
// CHECK-NEXT: %6 = vector.transfer_read %arg1[%arg2, %arg3], %arg4, %arg6 {note} : tensor<8x?xf32>, vector<2x4xf32>
// CHECK-NEXT: %7 = vector.transfer_read %arg0[%arg2, %arg3], %arg4 : memref<8x8xf32>, vector<2x4xf32>
// CHECK-NEXT: vector.transfer_write %0, %arg0[%arg2, %arg3] : vector<4xf32>, memref<8x8xf32>
// CHECK-NEXT: vector.transfer_write %3, %arg0[%arg2, %arg3], %arg6 {permutation_map = {{#map[0-9]*}}} : vector<4x2xf32>, memref<8x8xf32>
// CHECK-NEXT: vector.transfer_write %2, %arg0[%arg2, %arg3] {in_bounds = [true], permutation_map = {{#map[0-9]*}}} : vector<4xf32>, memref<8x8xf32>
// CHECK-NEXT: %8 = vector.transfer_write %6, %arg1[%arg2, %arg3] {in_bounds = [true, false]} : vector<2x4xf32>, tensor<8x?xf32>
// CHECK-NEXT: %9 = vector.transfer_write %0, %8[%arg2, %arg3], %arg5 : vector<4xf32>, tensor<8x?xf32>
// CHECK-NEXT: return %9 : tensor<8x?xf32>
func.func @transfer(%m: memref<8x8xf32>, %t: tensor<8x?xf32>, %i: index, %j: index, %pad: f32, %mask: vector<4xi1>, %mask2: vector<2x4xi1>) -> tensor<8x?xf32> {
  %0 = vector.transfer_read %m[%i, %j], %pad : memref<8x8xf32>, vector<4xf32>
  %1 = vector.transfer_read %m[%i, %j], %pad {in_bounds = [true]} : memref<8x8xf32>, vector<4xf32>
  %2 = vector.transfer_read %m[%i, %j], %pad {permutation_map = affine_map<(d0, d1) -> (d0)>} : memref<8x8xf32>, vector<4xf32>
  %3 = vector.transfer_read %m[%i, %j], %pad {permutation_map = affine_map<(d0, d1) -> (d1, d0)>, in_bounds = [false, true]} : memref<8x8xf32>, vector<4x2xf32>
  %4 = vector.transfer_read %m[%i, %j], %pad {permutation_map = affine_map<(d0, d1) -> (0, d1)>, in_bounds = [true, false]} : memref<8x8xf32>, vector<3x4xf32>
  %5 = vector.transfer_read %m[%i, %j], %pad, %mask {in_bounds = [false]} : memref<8x8xf32>, vector<4xf32>
  %6 = vector.transfer_read %t[%i, %j], %pad, %mask2 {note} : tensor<8x?xf32>, vector<2x4xf32>
  %7 = vector.transfer_read %m[%i, %j], %pad {permutation_map = affine_map<(d0, d1) -> (d0, d1)>} : memref<8x8xf32>, vector<2x4xf32>
  vector.transfer_write %0, %m[%i, %j] : vector<4xf32>, memref<8x8xf32>
  vector.transfer_write %3, %m[%i, %j], %mask2 {permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : vector<4x2xf32>, memref<8x8xf32>
  vector.transfer_write %2, %m[%i, %j] {permutation_map = affine_map<(d0, d1) -> (d0)>, in_bounds = [true]} : vector<4xf32>, memref<8x8xf32>
  %8 = vector.transfer_write %6, %t[%i, %j] {in_bounds = [true, false]} : vector<2x4xf32>, tensor<8x?xf32>
  %9 = vector.transfer_write %0, %8[%i, %j], %mask : vector<4xf32>, tensor<8x?xf32>
  return %9 : tensor<8x?xf32>
}

// CHECK-LABEL: func.func @vector_elements(%arg0: memref<8xvector<4xf32>>, %arg1: tensor<8x2xvector<2x4xf32>>, %arg2: memref<f32>, %arg3: index, %arg4: vector<4xf32>, %arg5: vector<2x4xf32>, %arg6: f32, %arg7: memref<8xi8>, %arg8: i8) {
// CHECK-NEXT: %0 = vector.transfer_read %arg0[%arg3], %arg4 : memref<8xvector<4xf32>>, vector<2x4xf32>
// CHECK-NEXT: %1 = vector.transfer_read %arg1[%arg3, %arg3], %arg5 {in_bounds = [true]} : tensor<8x2xvector<2x4xf32>>, vector<3x2x4xf32>
// CHECK-NEXT: %2 = vector.transfer_read %arg7[%arg3], %arg8 : memref<8xi8>, vector<4xi4>
// CHECK-NEXT: vector.transfer_write %0, %arg0[%arg3] : vector<2x4xf32>, memref<8xvector<4xf32>>
// CHECK-NEXT: return
func.func @vector_elements(%m: memref<8xvector<4xf32>>, %t: tensor<8x2xvector<2x4xf32>>, %z: memref<f32>, %i: index, %pad: vector<4xf32>, %pad2: vector<2x4xf32>, %s: f32, %n: memref<8xi8>, %c: i8) {
  %0 = vector.transfer_read %m[%i], %pad : memref<8xvector<4xf32>>, vector<2x4xf32>
  %1 = vector.transfer_read %t[%i, %i], %pad2 {in_bounds = [true]} : tensor<8x2xvector<2x4xf32>>, vector<3x2x4xf32>
  %3 = vector.transfer_read %n[%i], %c : memref<8xi8>, vector<4xi4>
  vector.transfer_write %0, %m[%i] : vector<2x4xf32>, memref<8xvector<4xf32>>
  return
}
