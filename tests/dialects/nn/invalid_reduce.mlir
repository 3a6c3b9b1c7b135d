// RUN: irc-opt %s -split-input-file -verify-diagnostics
// Each case is one rule of nn's reducing ops (matmul, reductions, argmax, softmax,
// losses), with its message; the custom forms' own parse errors come last.

func.func @f(%a: tensor<3xf32>, %b: tensor<3x4xf32>) {
  // expected-error@+1 {{'nn.matmul' op operands must be matrices or batches of matrices (rank 2 or more), got shapes 3 and 3x4}}
  %0 = "nn.matmul"(%a, %b) : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error@+1 {{'nn.matmul' op cannot multiply 4x3 by 4x5: the contracted sizes 3 and 4 differ}}
  %0 = nn.matmul %a, %b : (tensor<4x3xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) {
  // expected-error@+1 {{'nn.matmul' op cannot multiply 4x3 by 3x5 transposed: the contracted sizes 3 and 5 differ}}
  %0 = nn.matmul %a, %b transpose_b : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>) {
  // The one-type form infers the result while parsing: the error is located at the name.
  // expected-error@+1 {{'nn.matmul' op cannot multiply 4x3 by 4x3: the contracted sizes 3 and 4 differ}}
  %0 = nn.matmul %a, %a : tensor<4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4x3xf32>, %b: tensor<3x3x5xf32>) {
  // expected-error@+1 {{'nn.matmul' op cannot multiply 2x4x3 by 3x3x5: batch shapes 2 and 3 do not broadcast: sizes 2 and 3 in dimension -1 (counted from the right) differ and neither is 1}}
  %0 = nn.matmul %a, %b : (tensor<2x4x3xf32>, tensor<3x3x5xf32>) -> tensor<2x4x5xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>, %b: tensor<3x5xi32>) {
  // expected-error@+1 {{'nn.matmul' op operands have different element types f32 and i32; convert with nn.cast}}
  %0 = nn.matmul %a, %b : (tensor<4x3xf32>, tensor<3x5xi32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @f(%a: tensor<2x2xi1>) {
  // expected-error@+1 {{'nn.matmul' op operand #0 must be tensor of floats or integers, but got 'tensor<2x2xi1>'}}
  %0 = "nn.matmul"(%a, %a) : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) {
  // expected-error@+1 {{'nn.matmul' op result type tensor<5x4xf32> does not match the inferred type tensor<4x5xf32>}}
  %0 = nn.matmul %a, %b : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<5x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.reduce_sum' op axis 2 is not in 0..1, the dimensions of the operand of shape 4x3}}
  %0 = "nn.reduce_sum"(%x) <{axes = array<i64: 0, 2>}> : (tensor<4x3xf32>) -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.reduce_max' op axis -1 is not in 0..1, the dimensions of the operand of shape 4x3 (axes count from 0, not from the end)}}
  %0 = "nn.reduce_max"(%x) <{axes = array<i64: -1>}> : (tensor<4x3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>) {
  // expected-error@+1 {{'nn.reduce_prod' op axis 0 is not a dimension of the scalar operand: it has none}}
  %0 = "nn.reduce_prod"(%x) <{axes = array<i64: 0>}> : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<4x3x2xf32>) {
  // expected-error@+1 {{'nn.reduce_min' op axes [2, 0] must be strictly increasing}}
  %0 = "nn.reduce_min"(%x) <{axes = array<i64: 2, 0>}> : (tensor<4x3x2xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.logsumexp' op axes [1, 1] must be strictly increasing}}
  %0 = nn.logsumexp %x [1, 1] : tensor<4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.reduce_sum' op requires attribute 'axes'}}
  %0 = "nn.reduce_sum"(%x) : (tensor<4x3xf32>) -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.reduce_sum' op attribute 'axes' failed to satisfy constraint: i64 dense array attribute}}
  %0 = "nn.reduce_sum"(%x) <{axes = array<i32: 0>}> : (tensor<4x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.reduce_sum' op attribute 'keepdims' failed to satisfy constraint: unit attribute}}
  %0 = "nn.reduce_sum"(%x) <{axes = array<i64: 0>, keepdims = true}> : (tensor<4x3xf32>) -> tensor<1x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.reduce_sum' op result type tensor<1x3xf32> does not match the inferred type tensor<3xf32>}}
  %0 = nn.reduce_sum %x [0] : (tensor<4x3xf32>) -> tensor<1x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xi32>) {
  // expected-error@+1 {{'nn.reduce_mean' op operand #0 must be tensor of floats, but got 'tensor<4x3xi32>'}}
  %0 = "nn.reduce_mean"(%x) <{axes = array<i64: 0>}> : (tensor<4x3xi32>) -> tensor<3xi32>
  return
}

// -----

func.func @f(%x: tensor<4x3xi32>) {
  // expected-error@+1 {{'nn.logsumexp' op operand #0 must be tensor of floats, but got 'tensor<4x3xi32>'}}
  %0 = nn.logsumexp %x [0] : tensor<4x3xi32>
  return
}

// -----

func.func @f(%x: tensor<4x3xi1>) {
  // expected-error@+1 {{'nn.reduce_max' op operand #0 must be tensor of floats or integers, but got 'tensor<4x3xi1>'}}
  %0 = "nn.reduce_max"(%x) <{axes = array<i64: 0>}> : (tensor<4x3xi1>) -> tensor<3xi1>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.argmax' op axis 2 is not in 0..1, the dimensions of the operand of shape 4x3}}
  %0 = "nn.argmax"(%x) <{axis = 2 : i64}> : (tensor<4x3xf32>) -> tensor<4xi64>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.argmax' op axis -1 is not in 0..1, the dimensions of the operand of shape 4x3 (axes count from 0, not from the end)}}
  %0 = nn.argmax %x axis -1 : tensor<4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.argmax' op result #0 must be tensor of i64, but got 'tensor<4xi32>'}}
  %0 = nn.argmax %x axis 1 : (tensor<4x3xf32>) -> tensor<4xi32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.argmax' op result type tensor<4x1xi64> does not match the inferred type tensor<4xi64>}}
  %0 = nn.argmax %x axis 1 : (tensor<4x3xf32>) -> tensor<4x1xi64>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.argmax' op requires attribute 'axis'}}
  %0 = "nn.argmax"(%x) : (tensor<4x3xf32>) -> tensor<4xi64>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.softmax' op attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute}}
  %0 = "nn.softmax"(%x) <{axis = 1 : i32}> : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>) {
  // expected-error@+1 {{'nn.softmax' op axis 0 is not a dimension of the scalar operand: it has none}}
  %0 = "nn.softmax"(%x) <{axis = 0 : i64}> : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.softmax' op result type tensor<4x3xf64> does not match the inferred type tensor<4x3xf32>}}
  %0 = nn.softmax %x axis 1 : (tensor<4x3xf32>) -> tensor<4x3xf64>
  return
}

// -----

func.func @f(%x: tensor<4x3xi32>) {
  // expected-error@+1 {{'nn.log_softmax' op operand #0 must be tensor of floats, but got 'tensor<4x3xi32>'}}
  %0 = "nn.log_softmax"(%x) <{axis = 1 : i64}> : (tensor<4x3xi32>) -> tensor<4x3xi32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.log_softmax' op axis 3 is not in 0..1, the dimensions of the operand of shape 4x3}}
  %0 = nn.log_softmax %x axis 3 : tensor<4x3xf32>
  return
}

// -----

func.func @f(%p: tensor<f32>, %y: tensor<i32>) {
  // expected-error@+1 {{'nn.cross_entropy' op probs must have rank 1 or more (classes last), got a scalar}}
  %0 = nn.cross_entropy %p, %y : (tensor<f32>, tensor<i32>) -> tensor<f32>
  return
}

// -----

func.func @f(%p: tensor<8x10xf32>, %y: tensor<4xi32>) {
  // expected-error@+1 {{'nn.cross_entropy' op labels of shape 4 do not match probs of shape 8x10: expected shape 8}}
  %0 = nn.cross_entropy %p, %y : (tensor<8x10xf32>, tensor<4xi32>) -> tensor<f32>
  return
}

// -----

func.func @f(%z: tensor<2x8x10xf32>, %y: tensor<8xi32>) {
  // expected-error@+1 {{'nn.softmax_cross_entropy' op labels of shape 8 do not match logits of shape 2x8x10: expected shape 2x8}}
  %0 = nn.softmax_cross_entropy %z, %y reduction sum : (tensor<2x8x10xf32>, tensor<8xi32>) -> tensor<f32>
  return
}

// -----

func.func @f(%z: tensor<?x10xf32>, %y: tensor<8x1xi32>) {
  // expected-error@+1 {{'nn.softmax_cross_entropy' op labels of shape 8x1 do not match logits of shape ?x10: expected shape ?}}
  %0 = nn.softmax_cross_entropy %z, %y : (tensor<?x10xf32>, tensor<8x1xi32>) -> tensor<f32>
  return
}

// -----

func.func @f(%p: tensor<8x10xf32>, %y: tensor<8xf32>) {
  // expected-error@+1 {{'nn.cross_entropy' op operand #1 must be tensor of integers, but got 'tensor<8xf32>'}}
  %0 = "nn.cross_entropy"(%p, %y) : (tensor<8x10xf32>, tensor<8xf32>) -> tensor<f32>
  return
}

// -----

func.func @f(%z: tensor<8x10xi32>, %y: tensor<8xi32>) {
  // expected-error@+1 {{'nn.softmax_cross_entropy' op operand #0 must be tensor of floats, but got 'tensor<8x10xi32>'}}
  %0 = "nn.softmax_cross_entropy"(%z, %y) : (tensor<8x10xi32>, tensor<8xi32>) -> tensor<i32>
  return
}

// -----

func.func @f(%p: tensor<8x10xf32>, %y: tensor<8xi32>) {
  // expected-error@+1 {{'nn.cross_entropy' op attribute 'reduction' failed to satisfy constraint: string attribute "none", "mean" or "sum"}}
  %0 = "nn.cross_entropy"(%p, %y) <{reduction = "avg"}> : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<f32>
  return
}

// -----

func.func @f(%p: tensor<8x10xf32>, %y: tensor<8xi32>) {
  // expected-error@+1 {{'nn.cross_entropy' op result type tensor<f32> does not match the inferred type tensor<8xf32>}}
  %0 = nn.cross_entropy %p, %y reduction none : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<f32>
  return
}

// -----

func.func @f(%p: tensor<8x10xf32>, %y: tensor<8xi32>) {
  // expected-error@+1 {{'nn.softmax_cross_entropy' op result type tensor<8xf32> does not match the inferred type tensor<f32>}}
  %0 = nn.softmax_cross_entropy %p, %y reduction mean : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<8xf32>
  return
}

// -----

func.func @f(%p: tensor<8x10xf32>, %y: tensor<8xi32>) {
  // expected-error@+1 {{expected none, mean or sum, found 'avg'}}
  %0 = nn.cross_entropy %p, %y reduction avg : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{custom op 'nn.reduce_sum' expected the axes, found 'keepdims'}}
  %0 = nn.reduce_sum %x keepdims : tensor<4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{custom op 'nn.softmax' expected 'axis'}}
  %0 = nn.softmax %x : tensor<4x3xf32>
  return
}

// -----

func.func @f(%s: f32) {
  // The one-type form of a scalar operand: an op error while parsing, not a traceback.
  // expected-error@+1 {{'nn.reduce_sum' op operand #0 must be tensor of floats or integers, but got 'f32'}}
  %0 = nn.reduce_sum %s [0] : f32
  return
}
