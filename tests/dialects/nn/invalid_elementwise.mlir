// RUN: irc-opt %s -split-input-file -verify-diagnostics
// Each case is one rule of nn's elementwise and gradient-control ops, with its message.

func.func @f(%a: tensor<4x3xf32>, %b: tensor<5xf32>) {
  // expected-error@+1 {{'nn.add' op shapes 4x3 and 5 do not broadcast: sizes 3 and 5 in dimension -1 (counted from the right) differ and neither is 1}}
  %0 = "nn.add"(%a, %b) : (tensor<4x3xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>, %b: tensor<2x1x5xf32>) {
  // expected-error@+1 {{'nn.mul' op shapes 4x3 and 2x1x5 do not broadcast: sizes 3 and 5 in dimension -1 (counted from the right) differ and neither is 1}}
  %0 = nn.mul %a, %b : (tensor<4x3xf32>, tensor<2x1x5xf32>) -> tensor<2x4x5xf32>
  return
}

// -----

func.func @f(%a: tensor<4xf32>, %b: tensor<4xi32>) {
  // expected-error@+1 {{'nn.sub' op operands have different element types f32 and i32; convert with nn.cast}}
  %0 = "nn.sub"(%a, %b) : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%a: tensor<4xf32>, %b: tensor<1xf32>) {
  // expected-error@+1 {{'nn.add' op result type tensor<1xf32> does not match the inferred type tensor<4xf32>}}
  %0 = "nn.add"(%a, %b) : (tensor<4xf32>, tensor<1xf32>) -> tensor<1xf32>
  return
}

// -----

func.func @f(%a: tensor<?xf32>, %b: tensor<4xf32>) {
  // expected-error@+1 {{'nn.add' op result type tensor<?xf32> does not match the inferred type tensor<4xf32>}}
  %0 = "nn.add"(%a, %b) : (tensor<?xf32>, tensor<4xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @f(%i: tensor<4xi32>) {
  // expected-error@+1 {{'nn.exp' op operand #0 must be tensor of floats, but got 'tensor<4xi32>'}}
  %0 = "nn.exp"(%i) : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error@+1 {{'nn.neg' op operand #0 must be tensor of floats or integers, but got 'f32'}}
  %0 = "nn.neg"(%x) : (f32) -> f32
  return
}

// -----

func.func @f(%a: tensor<4xi32>, %b: tensor<4xi32>) {
  // expected-error@+1 {{'nn.pow' op operand #0 must be tensor of floats, but got 'tensor<4xi32>'}}
  %0 = "nn.pow"(%a, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @f(%a: tensor<4xf32>) {
  // expected-error@+1 {{'nn.lt' op result #0 must be tensor of i1, but got 'tensor<4xf32>'}}
  %0 = "nn.lt"(%a, %a) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%c: tensor<4xf32>, %a: tensor<4xf32>) {
  // expected-error@+1 {{'nn.select' op operand #0 must be tensor of i1, but got 'tensor<4xf32>'}}
  %0 = "nn.select"(%c, %a, %a) : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf64>) {
  // expected-error@+1 {{'nn.select' op the values to select have different element types f32 and f64; convert with nn.cast}}
  %0 = "nn.select"(%c, %a, %b) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf64>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%c: tensor<3xi1>, %a: tensor<4xf32>) {
  // expected-error@+1 {{'nn.select' op shapes 3 and 4 do not broadcast: sizes 3 and 4 in dimension -1 (counted from the right) differ and neither is 1}}
  %0 = nn.select %c, %a, %a : (tensor<3xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%a: tensor<4xf32>) {
  // expected-error@+1 {{'nn.cast' op cannot change the shape: 4 to 2x2; use nn.reshape or nn.broadcast_to}}
  %0 = nn.cast %a : tensor<4xf32> to tensor<2x2xi32>
  return
}

// -----

func.func @f(%a: tensor<4xf32>) {
  // expected-error@+1 {{'nn.grad_clip' op lower bound 1.0 is above upper bound -1.0}}
  %0 = nn.grad_clip %a to [1.0, -1.0] : tensor<4xf32>
  return
}

// -----

func.func @f(%a: tensor<4xf32>, %b: tensor<3xf32>) {
  // expected-error@+1 {{'nn.straight_through' op requires the same type for all operands and results}}
  %0 = "nn.straight_through"(%a, %b) : (tensor<4xf32>, tensor<3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%a: tensor<4xf32>) {
  // expected-error@+1 {{'nn.grad_scale' op requires attribute 'scale'}}
  %0 = "nn.grad_scale"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%a: tensor<4xf32>, %b: tensor<5xf32>) {
  // expected-error@+1 {{'nn.add' op shapes 4 and 5 do not broadcast: sizes 4 and 5 in dimension -1 (counted from the right) differ and neither is 1}}
  %0 = nn.add %a, %b : tensor<4xf32>, tensor<5xf32>
  return
}

// -----

func.func @f(%a: tensor<4xf32>) {
  // expected-error@+1 {{custom op 'nn.add' has 2 operands but 3 types}}
  %0 = nn.add %a, %a : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error@+1 {{'nn.exp' op operand #0 must be tensor of floats, but got 'f32'}}
  %0 = nn.exp %x : f32
  return
}
