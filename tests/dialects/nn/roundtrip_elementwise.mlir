// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// Every elementwise and gradient-control op of nn in its custom form: the one-type form
// where every operand has the same type, the functional form where shapes broadcast.

// CHECK-LABEL: func.func @unary(
func.func @unary(%x: tensor<4x?xf32>, %i: tensor<3xi32>, %s: tensor<f64>) {
  // CHECK: nn.exp %arg0 : tensor<4x?xf32>
  %0 = nn.exp %x : tensor<4x?xf32>
  // CHECK: nn.expm1 %arg0 : tensor<4x?xf32>
  %1 = nn.expm1 %x : tensor<4x?xf32>
  // CHECK: nn.log %arg2 : tensor<f64>
  %2 = nn.log %s : tensor<f64>
  // CHECK: nn.log1p %arg0 : tensor<4x?xf32>
  %3 = nn.log1p %x : tensor<4x?xf32>
  // CHECK: nn.sqrt %arg0 : tensor<4x?xf32>
  %4 = nn.sqrt %x : tensor<4x?xf32>
  // CHECK: nn.rsqrt %arg0 : tensor<4x?xf32>
  %5 = nn.rsqrt %x : tensor<4x?xf32>
  // CHECK: nn.tanh %arg0 : tensor<4x?xf32>
  %6 = nn.tanh %x : tensor<4x?xf32>
  // CHECK: nn.sigmoid %arg0 : tensor<4x?xf32>
  %7 = nn.sigmoid %x : tensor<4x?xf32>
  // CHECK: nn.softplus %arg0 : tensor<4x?xf32>
  %8 = nn.softplus %x : tensor<4x?xf32>
  // CHECK: nn.neg %arg1 : tensor<3xi32>
  %9 = nn.neg %i : tensor<3xi32>
  // CHECK: nn.abs %arg1 : tensor<3xi32>
  %10 = nn.abs %i : tensor<3xi32>
  // CHECK: nn.sign %arg0 : tensor<4x?xf32>
  %11 = nn.sign %x : tensor<4x?xf32>
  // CHECK: nn.relu %arg1 : tensor<3xi32>
  %12 = nn.relu %i : tensor<3xi32>
  // CHECK: nn.cast %arg0 : tensor<4x?xf32> to tensor<4x?xi64>
  %13 = nn.cast %x : tensor<4x?xf32> to tensor<4x?xi64>
  // CHECK: nn.exp %arg2 {tag = "kept"} : tensor<f64>
  %14 = nn.exp %s {tag = "kept"} : tensor<f64>
  // CHECK: nn.tanh %arg0 : tensor<4x?xf32>
  %15 = nn.tanh %x : (tensor<4x?xf32>) -> tensor<4x?xf32>
  return
}

// CHECK-LABEL: func.func @binary(
func.func @binary(%a: tensor<4x8xf32>, %b: tensor<8xf32>, %s: tensor<f32>, %d: tensor<?x1xf32>) {
  // CHECK: nn.add %arg0, %arg1 : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %0 = nn.add %a, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  // CHECK: nn.sub %arg0, %arg0 : tensor<4x8xf32>
  %1 = nn.sub %a, %a : tensor<4x8xf32>
  // CHECK: nn.mul %arg2, %arg0 : (tensor<f32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %2 = nn.mul %s, %a : (tensor<f32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  // CHECK: nn.div %arg0, %arg2 : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %3 = nn.div %a, %s : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  // CHECK: nn.pow %arg1, %arg2 : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %4 = nn.pow %b, %s : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  // CHECK: nn.maximum %arg3, %arg1 : (tensor<?x1xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %5 = nn.maximum %d, %b : (tensor<?x1xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  // CHECK: nn.minimum %arg3, %arg0 : (tensor<?x1xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %6 = nn.minimum %d, %a : (tensor<?x1xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  // CHECK: nn.eq %arg0, %arg0 : tensor<4x8xf32>
  %7 = nn.eq %a, %a : tensor<4x8xf32>
  // CHECK: nn.ne %arg0, %arg1 : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xi1>
  %8 = nn.ne %a, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xi1>
  // CHECK: nn.lt %arg2, %arg2 : tensor<f32>
  %9 = nn.lt %s, %s : tensor<f32>
  // CHECK: nn.le %arg1, %arg1 : tensor<8xf32>
  %10 = nn.le %b, %b : tensor<8xf32>
  // CHECK: nn.gt %arg3, %arg3 : tensor<?x1xf32>
  %11 = nn.gt %d, %d : tensor<?x1xf32>
  // CHECK: nn.ge %arg0, %arg2 : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xi1>
  %12 = nn.ge %a, %s : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xi1>
  // CHECK: nn.select %7, %arg0, %arg2 : (tensor<4x8xi1>, tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %13 = nn.select %7, %a, %s : (tensor<4x8xi1>, tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  // CHECK: nn.clamp %arg0, %arg2, %arg1 : (tensor<4x8xf32>, tensor<f32>, tensor<8xf32>) -> tensor<4x8xf32>
  %14 = nn.clamp %a, %s, %b : (tensor<4x8xf32>, tensor<f32>, tensor<8xf32>) -> tensor<4x8xf32>
  return
}

// CHECK-LABEL: func.func @gradient(
func.func @gradient(%x: tensor<16xf32>, %p: tensor<16xf32>) -> tensor<16xf32> {
  // CHECK: nn.stop_gradient %arg0 : tensor<16xf32>
  %0 = nn.stop_gradient %x : tensor<16xf32>
  // CHECK: nn.straight_through %0, %arg1 : tensor<16xf32>
  %1 = nn.straight_through %0, %p : tensor<16xf32>
  // CHECK: nn.grad_clip %1 to [-1.0, 1.0] : tensor<16xf32>
  %2 = nn.grad_clip %1 to [-1.0, 1.0] : tensor<16xf32>
  // CHECK: nn.grad_scale %2 by -0.5 : tensor<16xf32>
  %3 = nn.grad_scale %2 by -0.5 : tensor<16xf32>
  return %3 : tensor<16xf32>
}
