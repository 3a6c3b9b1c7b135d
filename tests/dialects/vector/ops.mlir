// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// Every vector op but the transfers (transfer.mlir) in MLIR's custom spelling; irc prints
// each back as MLIR does (and as test_mlir_agreement.py checks against iree-opt, custom
// and generic, byte for byte). The CHECK lines are iree-opt's own print.

// CHECK-LABEL: func.func @load_store(%arg0: memref<8x8xf32>, %arg1: memref<4xvector<4xf32>>, %arg2: memref<f32>, %arg3: index, %arg4: index) {
// CHECK-NEXT: %0 = vector.load %arg0[%arg3, %arg4] : memref<8x8xf32>, vector<4xf32>
// CHECK-NEXT: %1 = vector.load %arg0[%arg3, %arg4] alignment = 16 nontemporal = true : memref<8x8xf32>, vector<2x4xf32>
// CHECK-NEXT: %2 = vector.load %arg0[%arg3, %arg4] {note} : memref<8x8xf32>, vector<4xf32>
// CHECK-NEXT: %3 = vector.load %arg1[%arg3] : memref<4xvector<4xf32>>, vector<4xf32>
// CHECK-NEXT: %4 = vector.load %arg2[] : memref<f32>, vector<f32>
// CHECK-NEXT: vector.store %0, %arg0[%arg3, %arg4] : memref<8x8xf32>, vector<4xf32>
// CHECK-NEXT: vector.store %1, %arg0[%arg3, %arg4] alignment = 8 nontemporal = true : memref<8x8xf32>, vector<2x4xf32>
// CHECK-NEXT: vector.store %4, %arg2[] {note = 1 : i32} : memref<f32>, vector<f32>
// CHECK-NEXT: return
func.func @load_store(%m: memref<8x8xf32>, %vm: memref<4xvector<4xf32>>, %z: memref<f32>, %i: index, %j: index) {
  %0 = vector.load %m[%i, %j] : memref<8x8xf32>, vector<4xf32>
  %1 = vector.load %m[%i, %j] alignment = 16 nontemporal = true : memref<8x8xf32>, vector<2x4xf32>
  %2 = vector.load %m[%i, %j] nontemporal = false {note} : memref<8x8xf32>, vector<4xf32>
  %3 = vector.load %vm[%i] : memref<4xvector<4xf32>>, vector<4xf32>
  %4 = vector.load %z[] : memref<f32>, vector<f32>
  vector.store %0, %m[%i, %j] : memref<8x8xf32>, vector<4xf32>
  vector.store %1, %m[%i, %j] nontemporal = true alignment = 8 : memref<8x8xf32>, vector<2x4xf32>
  vector.store %4, %z[] {note = 1 : i32} : memref<f32>, vector<f32>
  return
}

// CHECK-LABEL: func.func @masked(%arg0: memref<8xf32>, %arg1: index, %arg2: vector<4xi1>, %arg3: vector<4xf32>) {
// CHECK-NEXT: %0 = vector.maskedload %arg0[%arg1], %arg2, %arg3 : memref<8xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
// CHECK-NEXT: %1 = vector.maskedload %arg0[%arg1], %arg2, %arg3 alignment = 16 : memref<8xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
// CHECK-NEXT: vector.maskedstore %arg0[%arg1], %arg2, %0 : memref<8xf32>, vector<4xi1>, vector<4xf32>
// CHECK-NEXT: vector.maskedstore %arg0[%arg1], %arg2, %1 alignment = 4 {note} : memref<8xf32>, vector<4xi1>, vector<4xf32>
// CHECK-NEXT: return
func.func @masked(%m: memref<8xf32>, %i: index, %mask: vector<4xi1>, %pass: vector<4xf32>) {
  %0 = vector.maskedload %m[%i], %mask, %pass : memref<8xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
  %1 = vector.maskedload %m[%i], %mask, %pass alignment = 16 : memref<8xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
  vector.maskedstore %m[%i], %mask, %0 : memref<8xf32>, vector<4xi1>, vector<4xf32>
  vector.maskedstore %m[%i], %mask, %1 alignment = 4 {note} : memref<8xf32>, vector<4xi1>, vector<4xf32>
  return
}

// CHECK-LABEL: func.func @shapes(%arg0: f32, %arg1: vector<4xf32>, %arg2: vector<1x4xf32>, %arg3: vector<2x4xf32>, %arg4: vector<f32>, %arg5: index) {
// CHECK-NEXT: %0 = vector.broadcast %arg0 : f32 to vector<4xf32>
// CHECK-NEXT: %1 = vector.broadcast %arg1 : vector<4xf32> to vector<3x4xf32>
// CHECK-NEXT: %2 = vector.broadcast %arg2 : vector<1x4xf32> to vector<2x3x4xf32>
// CHECK-NEXT: %3 = vector.broadcast %arg0 {note} : f32 to vector<f32>
// CHECK-NEXT: %4 = vector.broadcast %arg4 : vector<f32> to vector<2xf32>
// CHECK-NEXT: %5 = vector.shape_cast %arg3 : vector<2x4xf32> to vector<8xf32>
// CHECK-NEXT: %6 = vector.shape_cast %arg4 : vector<f32> to vector<1x1xf32>
// CHECK-NEXT: %7 = vector.extract %arg3[1, 2] : f32 from vector<2x4xf32>
// CHECK-NEXT: %8 = vector.extract %arg3[1] : vector<4xf32> from vector<2x4xf32>
// CHECK-NEXT: %9 = vector.extract %arg3[%arg5, 3] : f32 from vector<2x4xf32>
// CHECK-NEXT: %10 = vector.extract %arg3[] {note} : vector<2x4xf32> from vector<2x4xf32>
// CHECK-NEXT: %11 = vector.extract %arg3[-1, 0] : f32 from vector<2x4xf32>
// CHECK-NEXT: %12 = vector.insert %arg0, %arg3 [1, 2] : f32 into vector<2x4xf32>
// CHECK-NEXT: %13 = vector.insert %arg1, %arg3 [%arg5] : vector<4xf32> into vector<2x4xf32>
// CHECK-NEXT: %14 = vector.insert %arg0, %arg1 [%arg5] {note} : f32 into vector<4xf32>
// CHECK-NEXT: %15 = vector.insert %arg3, %arg3 [] : vector<2x4xf32> into vector<2x4xf32>
// CHECK-NEXT: return
func.func @shapes(%s: f32, %v: vector<4xf32>, %w: vector<1x4xf32>, %m: vector<2x4xf32>, %z: vector<f32>, %i: index) {
  %0 = vector.broadcast %s : f32 to vector<4xf32>
  %1 = vector.broadcast %v : vector<4xf32> to vector<3x4xf32>
  %2 = vector.broadcast %w : vector<1x4xf32> to vector<2x3x4xf32>
  %3 = vector.broadcast %s {note} : f32 to vector<f32>
  %4 = vector.broadcast %z : vector<f32> to vector<2xf32>
  %5 = vector.shape_cast %m : vector<2x4xf32> to vector<8xf32>
  %6 = vector.shape_cast %z : vector<f32> to vector<1x1xf32>
  %7 = vector.extract %m[1, 2] : f32 from vector<2x4xf32>
  %8 = vector.extract %m[1] : vector<4xf32> from vector<2x4xf32>
  %9 = vector.extract %m[%i, 3] : f32 from vector<2x4xf32>
  %10 = vector.extract %m[] {note} : vector<2x4xf32> from vector<2x4xf32>
  %11 = vector.extract %m[-1, 0] : f32 from vector<2x4xf32>
  %12 = vector.insert %s, %m [1, 2] : f32 into vector<2x4xf32>
  %13 = vector.insert %v, %m [%i] : vector<4xf32> into vector<2x4xf32>
  %14 = vector.insert %s, %v [%i] {note} : f32 into vector<4xf32>
  %15 = vector.insert %m, %m [] : vector<2x4xf32> into vector<2x4xf32>
  return
}

// CHECK-LABEL: func.func @arith(%arg0: vector<4xf32>, %arg1: vector<2x4xf64>, %arg2: vector<4xi32>, %arg3: vector<f32>, %arg4: f32, %arg5: i32) {
// CHECK-NEXT: %0 = vector.fma %arg0, %arg0, %arg0 : vector<4xf32>
// CHECK-NEXT: %1 = vector.fma %arg1, %arg1, %arg1 {note} : vector<2x4xf64>
// CHECK-NEXT: %2 = vector.reduction <add>, %arg0 : vector<4xf32> into f32
// CHECK-NEXT: %3 = vector.reduction <mul>, %arg0, %arg4 : vector<4xf32> into f32
// CHECK-NEXT: %4 = vector.reduction <maximumf>, %arg0 fastmath<nnan,ninf> : vector<4xf32> into f32
// CHECK-NEXT: %5 = vector.reduction <minsi>, %arg2, %arg5 : vector<4xi32> into i32
// CHECK-NEXT: %6 = vector.reduction <xor>, %arg2 {note} : vector<4xi32> into i32
// CHECK-NEXT: %7 = vector.reduction <add>, %arg3, %arg4 fastmath<fast> : vector<f32> into f32
// CHECK-NEXT: %8 = vector.reduction <minnumf>, %arg0 : vector<4xf32> into f32
// CHECK-NEXT: return
func.func @arith(%a: vector<4xf32>, %b: vector<2x4xf64>, %n: vector<4xi32>, %z: vector<f32>, %acc: f32, %k: i32) {
  %0 = vector.fma %a, %a, %a : vector<4xf32>
  %1 = vector.fma %b, %b, %b {note} : vector<2x4xf64>
  %2 = vector.reduction <add>, %a : vector<4xf32> into f32
  %3 = vector.reduction <mul>, %a, %acc : vector<4xf32> into f32
  %4 = vector.reduction <maximumf>, %a fastmath<nnan,ninf> : vector<4xf32> into f32
  %5 = vector.reduction <minsi>, %n, %k : vector<4xi32> into i32
  %6 = vector.reduction #vector.kind<xor>, %n {note} : vector<4xi32> into i32
  %7 = vector.reduction <add>, %z, %acc fastmath<fast> : vector<f32> into f32
  %8 = vector.reduction <minnumf>, %a fastmath<none> : vector<4xf32> into f32
  return
}
