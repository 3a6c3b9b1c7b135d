// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// Every shape op of nn in its custom form, on static and `?` sizes: properties after the
// operands (lists bare), the one-type form where the result is inferred from operands of
// one type, the functional form where they differ, `to` where the result type is written.

// CHECK-LABEL: func.func @constants(
func.func @constants() {
  // CHECK: %cst = nn.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
  %0 = nn.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  // CHECK: %cst_0 = nn.constant dense<0> : tensor<2x3xi32>
  %1 = nn.constant dense<0> : tensor<2x3xi32>
  // CHECK: %cst_1 = nn.constant dense<true> : tensor<i1>
  %2 = nn.constant dense<true> : tensor<i1>
  // CHECK: %cst_2 = nn.constant {tag = "kept"} dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %3 = nn.constant {tag = "kept"} dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  return
}

// CHECK-LABEL: func.func @reshape(
func.func @reshape(%x: tensor<4x6xf32>, %d: tensor<?x6xf32>, %s: tensor<f32>) {
  // CHECK: nn.reshape %arg0 : tensor<4x6xf32> to tensor<24xf32>
  %0 = nn.reshape %x : tensor<4x6xf32> to tensor<24xf32>
  // CHECK: nn.reshape %arg0 : tensor<4x6xf32> to tensor<2x?x3xf32>
  %1 = nn.reshape %x : tensor<4x6xf32> to tensor<2x?x3xf32>
  // CHECK: nn.reshape %arg1 : tensor<?x6xf32> to tensor<?x2x3xf32>
  %2 = nn.reshape %d : tensor<?x6xf32> to tensor<?x2x3xf32>
  // CHECK: nn.reshape %arg1 : tensor<?x6xf32> to tensor<12x2xf32>
  %3 = nn.reshape %d : tensor<?x6xf32> to tensor<12x2xf32>
  // CHECK: nn.reshape %arg2 : tensor<f32> to tensor<1x1xf32>
  %4 = nn.reshape %s : tensor<f32> to tensor<1x1xf32>
  // CHECK: nn.reshape %arg0 {tag = 1 : i64} : tensor<4x6xf32> to tensor<24xf32>
  %5 = nn.reshape %x {tag = 1} : tensor<4x6xf32> to tensor<24xf32>
  return
}

// CHECK-LABEL: func.func @transpose(
func.func @transpose(%x: tensor<4x3xf32>, %d: tensor<2x?x5xi32>, %s: tensor<i1>) {
  // CHECK: nn.transpose %arg0 [1, 0] : tensor<4x3xf32>
  %0 = nn.transpose %x [1, 0] : tensor<4x3xf32>
  // CHECK: nn.transpose %arg1 [2, 0, 1] : tensor<2x?x5xi32>
  %1 = nn.transpose %d [2, 0, 1] : tensor<2x?x5xi32>
  // CHECK: nn.transpose %arg2 [] : tensor<i1>
  %2 = nn.transpose %s [] : tensor<i1>
  // CHECK: nn.transpose %arg0 [0, 1] : tensor<4x3xf32>
  %3 = nn.transpose %x [0, 1] : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}

// CHECK-LABEL: func.func @broadcast_to(
func.func @broadcast_to(%x: tensor<3x1xf32>, %d: tensor<?xf32>, %s: tensor<i32>) {
  // CHECK: nn.broadcast_to %arg0 : tensor<3x1xf32> to tensor<2x3x4xf32>
  %0 = nn.broadcast_to %x : tensor<3x1xf32> to tensor<2x3x4xf32>
  // CHECK: nn.broadcast_to %arg1 : tensor<?xf32> to tensor<5x?xf32>
  %1 = nn.broadcast_to %d : tensor<?xf32> to tensor<5x?xf32>
  // CHECK: nn.broadcast_to %arg1 : tensor<?xf32> to tensor<2x7xf32>
  %2 = nn.broadcast_to %d : tensor<?xf32> to tensor<2x7xf32>
  // CHECK: nn.broadcast_to %arg0 : tensor<3x1xf32> to tensor<?x1xf32>
  %3 = nn.broadcast_to %x : tensor<3x1xf32> to tensor<?x1xf32>
  // CHECK: nn.broadcast_to %arg2 : tensor<i32> to tensor<2x2xi32>
  %4 = nn.broadcast_to %s : tensor<i32> to tensor<2x2xi32>
  return
}

// CHECK-LABEL: func.func @expand_and_squeeze(
func.func @expand_and_squeeze(%x: tensor<4x3xf32>, %d: tensor<1x?x?xf32>, %s: tensor<f64>) {
  // CHECK: nn.expand_dims %arg0 [0, 2] : tensor<4x3xf32>
  %0 = nn.expand_dims %x [0, 2] : tensor<4x3xf32>
  // CHECK: nn.expand_dims %arg0 [2, 3] : tensor<4x3xf32>
  %1 = nn.expand_dims %x [2, 3] : tensor<4x3xf32>
  // CHECK: nn.expand_dims %arg2 [0] : tensor<f64>
  %2 = nn.expand_dims %s [0] : tensor<f64>
  // CHECK: nn.expand_dims %arg0 [] : tensor<4x3xf32>
  %3 = nn.expand_dims %x [] : tensor<4x3xf32>
  // CHECK: nn.squeeze %0 [0, 2] : tensor<1x4x1x3xf32>
  %4 = nn.squeeze %0 [0, 2] : tensor<1x4x1x3xf32>
  // CHECK: nn.squeeze %arg1 [0, 2] : tensor<1x?x?xf32>
  %5 = nn.squeeze %d [0, 2] : tensor<1x?x?xf32>
  // CHECK: nn.squeeze %2 [0] : tensor<1xf64>
  %6 = nn.squeeze %2 [0] : (tensor<1xf64>) -> tensor<f64>
  return
}

// CHECK-LABEL: func.func @slice(
func.func @slice(%x: tensor<4x5xf32>, %d: tensor<?x5xi8>) {
  // CHECK: nn.slice %arg0 starts [0, 1] sizes [2, 3] strides [2, 1] : tensor<4x5xf32>
  %0 = nn.slice %x starts [0, 1] sizes [2, 3] strides [2, 1] : tensor<4x5xf32>
  // CHECK: nn.slice %arg1 starts [7, 0] sizes [3, 5] strides [4, 1] : tensor<?x5xi8>
  %1 = nn.slice %d starts [7, 0] sizes [3, 5] strides [4, 1] : tensor<?x5xi8>
  // CHECK: nn.slice %arg0 starts [4, 0] sizes [0, 5] strides [1, 1] : tensor<4x5xf32>
  %2 = nn.slice %x starts [4, 0] sizes [0, 5] strides [1, 1] : tensor<4x5xf32>
  return
}

// CHECK-LABEL: func.func @concat(
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>, %d: tensor<?x?xf32>) {
  // CHECK: nn.concat %arg0, %arg1 axis 0 : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<6x3xf32>
  %0 = nn.concat %a, %b axis 0 : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<6x3xf32>
  // CHECK: nn.concat %arg0, %arg0, %arg0 axis 1 : tensor<2x3xf32>
  %1 = nn.concat %a, %a, %a axis 1 : tensor<2x3xf32>
  // CHECK: nn.concat %arg0, %arg2 axis 0 : (tensor<2x3xf32>, tensor<?x?xf32>) -> tensor<?x3xf32>
  %2 = nn.concat %a, %d axis 0 : tensor<2x3xf32>, tensor<?x?xf32>
  // CHECK: nn.concat %arg2 axis 1 : tensor<?x?xf32>
  %3 = nn.concat %d axis 1 : tensor<?x?xf32>
  return
}

// CHECK-LABEL: func.func @gather(
func.func @gather(%table: tensor<100x8xf32>, %ids: tensor<4x2xi32>, %x: tensor<2x?x3xi64>, %i: tensor<index>) {
  // CHECK: nn.gather %arg0, %arg1 axis 0 : (tensor<100x8xf32>, tensor<4x2xi32>) -> tensor<4x2x8xf32>
  %0 = nn.gather %table, %ids axis 0 : (tensor<100x8xf32>, tensor<4x2xi32>) -> tensor<4x2x8xf32>
  // CHECK: nn.gather %arg2, %arg1 axis 1 : (tensor<2x?x3xi64>, tensor<4x2xi32>) -> tensor<2x4x2x3xi64>
  %1 = nn.gather %x, %ids axis 1 : tensor<2x?x3xi64>, tensor<4x2xi32>
  // CHECK: nn.gather %arg0, %arg3 axis 1 : (tensor<100x8xf32>, tensor<index>) -> tensor<100xf32>
  %2 = nn.gather %table, %i axis 1 : tensor<100x8xf32>, tensor<index>
  return
}

// CHECK-LABEL: func.func @one_hot(
func.func @one_hot(%labels: tensor<32xi32>, %d: tensor<?x2xi64>, %s: tensor<i8>) {
  // CHECK: nn.one_hot %arg0 depth 10 : tensor<32xi32> to tensor<32x10xf32>
  %0 = nn.one_hot %labels depth 10 : tensor<32xi32> to tensor<32x10xf32>
  // CHECK: nn.one_hot %arg1 depth 3 : tensor<?x2xi64> to tensor<?x2x3xi1>
  %1 = nn.one_hot %d depth 3 : tensor<?x2xi64> to tensor<?x2x3xi1>
  // CHECK: nn.one_hot %arg2 depth 4 : tensor<i8> to tensor<4xi32>
  %2 = nn.one_hot %s depth 4 : tensor<i8> to tensor<4xi32>
  return
}

// CHECK-LABEL: func.func @pad(
func.func @pad(%x: tensor<4x3xf32>, %zero: tensor<f32>, %d: tensor<?x3xi32>, %m: tensor<i32>) {
  // CHECK: nn.pad %arg0, %arg1 low [1, 0] high [2, 1] : (tensor<4x3xf32>, tensor<f32>) -> tensor<7x4xf32>
  %0 = nn.pad %x, %zero low [1, 0] high [2, 1] : (tensor<4x3xf32>, tensor<f32>) -> tensor<7x4xf32>
  // CHECK: nn.pad %arg2, %arg3 low [0, 2] high [5, 0] : (tensor<?x3xi32>, tensor<i32>) -> tensor<?x5xi32>
  %1 = nn.pad %d, %m low [0, 2] high [5, 0] : tensor<?x3xi32>, tensor<i32>
  // CHECK: nn.pad %arg1, %arg1 low [] high [] : tensor<f32>
  %2 = nn.pad %zero, %zero low [] high [] : tensor<f32>
  return
}
