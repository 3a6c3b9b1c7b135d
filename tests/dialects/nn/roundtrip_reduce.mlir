// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | filecheck %s --check-prefix=GENERIC
// Every reducing op of nn in its custom form: properties after the operands, then the
// operand type when the result is inferred from it, else the functional type. A written
// functional type whose result is the inferred one prints in the short form.

// CHECK-LABEL: func.func @matmul(
func.func @matmul(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>, %bt: tensor<5x3xf32>,
                  %at: tensor<3x4xf32>, %batch: tensor<2x1x4x3xf64>, %rhs: tensor<7x3x5xf64>,
                  %sq: tensor<3x3xi32>, %d: tensor<?x?xf32>, %e: tensor<?x3x?xi8>) {
  // CHECK: nn.matmul %arg0, %arg1 : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %0 = nn.matmul %a, %b : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  // CHECK: nn.matmul %arg0, %arg2 transpose_b : (tensor<4x3xf32>, tensor<5x3xf32>) -> tensor<4x5xf32>
  %1 = nn.matmul %a, %bt transpose_b : (tensor<4x3xf32>, tensor<5x3xf32>) -> tensor<4x5xf32>
  // CHECK: nn.matmul %arg3, %arg1 transpose_a : (tensor<3x4xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %2 = nn.matmul %at, %b transpose_a : (tensor<3x4xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  // CHECK: nn.matmul %arg3, %arg2 transpose_a transpose_b : (tensor<3x4xf32>, tensor<5x3xf32>) -> tensor<4x5xf32>
  %3 = nn.matmul %at, %bt transpose_a transpose_b : (tensor<3x4xf32>, tensor<5x3xf32>) -> tensor<4x5xf32>
  // CHECK: nn.matmul %arg4, %arg5 : (tensor<2x1x4x3xf64>, tensor<7x3x5xf64>) -> tensor<2x7x4x5xf64>
  %4 = nn.matmul %batch, %rhs : (tensor<2x1x4x3xf64>, tensor<7x3x5xf64>) -> tensor<2x7x4x5xf64>
  // CHECK: nn.matmul %arg6, %arg6 transpose_b : tensor<3x3xi32>
  %5 = nn.matmul %sq, %sq transpose_b : tensor<3x3xi32>
  // CHECK: nn.matmul %arg7, %arg7 : tensor<?x?xf32>
  %6 = nn.matmul %d, %d : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK: nn.matmul %arg8, %arg8 transpose_a : tensor<?x3x?xi8>
  %7 = nn.matmul %e, %e transpose_a : tensor<?x3x?xi8>
  // CHECK: nn.matmul %arg0, %arg1 {tag = "kept"} : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %8 = nn.matmul %a, %b {tag = "kept"} : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  return
}

// CHECK-LABEL: func.func @reductions(
func.func @reductions(%x: tensor<4x?x3xf32>, %i: tensor<5x6xi32>, %s: tensor<f64>) {
  // CHECK: nn.reduce_sum %arg0 [1] : tensor<4x?x3xf32>
  %0 = nn.reduce_sum %x [1] : tensor<4x?x3xf32>
  // CHECK: nn.reduce_sum %arg0 [0, 2] keepdims : tensor<4x?x3xf32>
  %1 = nn.reduce_sum %x [0, 2] keepdims : tensor<4x?x3xf32>
  // CHECK: nn.reduce_sum %arg1 [0, 1] : tensor<5x6xi32>
  %2 = nn.reduce_sum %i [0, 1] : (tensor<5x6xi32>) -> tensor<i32>
  // CHECK: nn.reduce_mean %arg0 [0, 1, 2] : tensor<4x?x3xf32>
  %3 = nn.reduce_mean %x [0, 1, 2] : tensor<4x?x3xf32>
  // CHECK: nn.reduce_mean %arg0 [2] keepdims : tensor<4x?x3xf32>
  %4 = nn.reduce_mean %x [2] keepdims : tensor<4x?x3xf32>
  // CHECK: nn.reduce_max %arg0 [1] keepdims : tensor<4x?x3xf32>
  %5 = nn.reduce_max %x [1] keepdims : tensor<4x?x3xf32>
  // CHECK: nn.reduce_max %arg1 [1] : tensor<5x6xi32>
  %6 = nn.reduce_max %i [1] : tensor<5x6xi32>
  // CHECK: nn.reduce_min %arg0 [0] : tensor<4x?x3xf32>
  %7 = nn.reduce_min %x [0] : tensor<4x?x3xf32>
  // CHECK: nn.reduce_min %arg1 [0] keepdims : tensor<5x6xi32>
  %8 = nn.reduce_min %i [0] keepdims : tensor<5x6xi32>
  // CHECK: nn.reduce_prod %arg0 [2] : tensor<4x?x3xf32>
  %9 = nn.reduce_prod %x [2] : tensor<4x?x3xf32>
  // CHECK: nn.reduce_prod %arg1 [0, 1] keepdims : tensor<5x6xi32>
  %10 = nn.reduce_prod %i [0, 1] keepdims : tensor<5x6xi32>
  // CHECK: nn.logsumexp %arg0 [1, 2] : tensor<4x?x3xf32>
  %11 = nn.logsumexp %x [1, 2] : tensor<4x?x3xf32>
  // CHECK: nn.logsumexp %arg0 [0] keepdims : tensor<4x?x3xf32>
  %12 = nn.logsumexp %x [0] keepdims : tensor<4x?x3xf32>
  // CHECK: nn.reduce_sum %arg2 [] : tensor<f64>
  %13 = nn.reduce_sum %s [] : tensor<f64>
  // CHECK: nn.reduce_max %arg0 [1] {tag = "kept"} : tensor<4x?x3xf32>
  %14 = nn.reduce_max %x [1] {tag = "kept"} : tensor<4x?x3xf32>
  return
}

// CHECK-LABEL: func.func @along_an_axis(
func.func @along_an_axis(%x: tensor<4x?x3xf32>, %i: tensor<5x6xi8>, %v: tensor<?xf16>) {
  // CHECK: nn.argmax %arg0 axis 1 : tensor<4x?x3xf32>
  %0 = nn.argmax %x axis 1 : tensor<4x?x3xf32>
  // CHECK: nn.argmax %arg0 axis 2 keepdims : tensor<4x?x3xf32>
  %1 = nn.argmax %x axis 2 keepdims : (tensor<4x?x3xf32>) -> tensor<4x?x1xi64>
  // CHECK: nn.argmax %arg1 axis 0 : tensor<5x6xi8>
  %2 = nn.argmax %i axis 0 : tensor<5x6xi8>
  // CHECK: nn.softmax %arg0 axis 2 : tensor<4x?x3xf32>
  %3 = nn.softmax %x axis 2 : tensor<4x?x3xf32>
  // CHECK: nn.softmax %arg2 axis 0 : tensor<?xf16>
  %4 = nn.softmax %v axis 0 : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK: nn.log_softmax %arg0 axis 1 : tensor<4x?x3xf32>
  %5 = nn.log_softmax %x axis 1 : tensor<4x?x3xf32>
  // CHECK: nn.log_softmax %arg2 axis 0 {tag = "kept"} : tensor<?xf16>
  %6 = nn.log_softmax %v axis 0 {tag = "kept"} : tensor<?xf16>
  return
}

// CHECK-LABEL: func.func @losses(
func.func @losses(%p: tensor<8x10xf32>, %y: tensor<8xi32>, %q: tensor<2x?x5xf64>,
                  %z: tensor<?x3x5xf64>, %w: tensor<2x3xi64>, %c: tensor<7xf32>, %k: tensor<i8>) {
  // CHECK: nn.cross_entropy %arg0, %arg1 reduction mean : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<f32>
  %0 = nn.cross_entropy %p, %y : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<f32>
  // CHECK: nn.cross_entropy %arg0, %arg1 reduction sum : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<f32>
  %1 = nn.cross_entropy %p, %y reduction sum : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<f32>
  // CHECK: nn.cross_entropy %arg2, %arg4 reduction none : (tensor<2x?x5xf64>, tensor<2x3xi64>) -> tensor<2x3xf64>
  %2 = nn.cross_entropy %q, %w reduction none : (tensor<2x?x5xf64>, tensor<2x3xi64>) -> tensor<2x3xf64>
  // CHECK: nn.cross_entropy %arg5, %arg6 reduction mean : (tensor<7xf32>, tensor<i8>) -> tensor<f32>
  %3 = nn.cross_entropy %c, %k reduction mean : (tensor<7xf32>, tensor<i8>) -> tensor<f32>
  // CHECK: nn.softmax_cross_entropy %arg0, %arg1 reduction mean : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<f32>
  %4 = nn.softmax_cross_entropy %p, %y : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<f32>
  // CHECK: nn.softmax_cross_entropy %arg3, %arg4 reduction none : (tensor<?x3x5xf64>, tensor<2x3xi64>) -> tensor<2x3xf64>
  %5 = nn.softmax_cross_entropy %z, %w reduction none : (tensor<?x3x5xf64>, tensor<2x3xi64>) -> tensor<2x3xf64>
  // CHECK: nn.softmax_cross_entropy %arg2, %arg4 reduction sum {tag = "kept"} : (tensor<2x?x5xf64>, tensor<2x3xi64>) -> tensor<f64>
  %6 = nn.softmax_cross_entropy %q, %w reduction sum {tag = "kept"} : (tensor<2x?x5xf64>, tensor<2x3xi64>) -> tensor<f64>
  return
}

// How the properties are stored: axes an i64 dense array, flags unit attributes, the
// axis an i64, the reduction a string (the default written out).
// GENERIC-LABEL: sym_name = "properties"
func.func @properties(%x: tensor<4x3xf32>, %y: tensor<4xi32>, %t: tensor<3x4xf32>) {
  // GENERIC: "nn.matmul"(%arg0, %arg2) <{transpose_a, transpose_b}> : (tensor<4x3xf32>, tensor<3x4xf32>) -> tensor<3x3xf32>
  %0 = nn.matmul %x, %t transpose_a transpose_b : (tensor<4x3xf32>, tensor<3x4xf32>) -> tensor<3x3xf32>
  // GENERIC: "nn.reduce_sum"(%arg0) <{axes = array<i64: 0, 1>, keepdims}> : (tensor<4x3xf32>) -> tensor<1x1xf32>
  %1 = nn.reduce_sum %x [0, 1] keepdims : tensor<4x3xf32>
  // GENERIC: "nn.reduce_mean"(%arg0) <{axes = array<i64: 1>}> : (tensor<4x3xf32>) -> tensor<4xf32>
  %2 = nn.reduce_mean %x [1] : tensor<4x3xf32>
  // GENERIC: "nn.argmax"(%arg0) <{axis = 1 : i64, keepdims}> : (tensor<4x3xf32>) -> tensor<4x1xi64>
  %3 = nn.argmax %x axis 1 keepdims : tensor<4x3xf32>
  // GENERIC: "nn.softmax"(%arg0) <{axis = 0 : i64}> : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %4 = nn.softmax %x axis 0 : tensor<4x3xf32>
  // GENERIC: "nn.cross_entropy"(%arg0, %arg1) <{reduction = "mean"}> : (tensor<4x3xf32>, tensor<4xi32>) -> tensor<f32>
  %5 = nn.cross_entropy %x, %y : (tensor<4x3xf32>, tensor<4xi32>) -> tensor<f32>
  // GENERIC: "nn.softmax_cross_entropy"(%arg0, %arg1) <{reduction = "none"}> : (tensor<4x3xf32>, tensor<4xi32>) -> tensor<4xf32>
  %6 = nn.softmax_cross_entropy %x, %y reduction none : (tensor<4x3xf32>, tensor<4xi32>) -> tensor<4xf32>
  return
}
