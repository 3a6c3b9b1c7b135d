// RUN: irc-opt %s -split-input-file -verify-diagnostics
// Each case is one rule of nn's random ops (irc/dialects/nn/random.py), with its message.

// A seed is the property or the operand, not both,
func.func @f(%s: tensor<i64>) {
  // expected-error@+1 {{'nn.random_key' op has both a `seed` property and a seed operand; give one}}
  %0 = "nn.random_key"(%s) <{seed = 1 : i64}> : (tensor<i64>) -> !nn.key
  return
}

// -----

// and not neither.
func.func @f() {
  // expected-error@+1 {{'nn.random_key' op needs a seed: a `seed` property or a seed operand}}
  %0 = "nn.random_key"() : () -> !nn.key
  return
}

// -----

// A seed operand is a 0-d integer tensor.
func.func @f(%s: tensor<2xi64>) {
  // expected-error@+1 {{'nn.random_key' op operand #0 must be 0-d tensor of i32 or i64, but got 'tensor<2xi64>'}}
  %0 = nn.random_key %s : tensor<2xi64>
  return
}

// -----

// The seed property is an i64.
func.func @f() {
  // expected-error@+1 {{'nn.random_key' op attribute 'seed' failed to satisfy constraint: 64-bit signless integer attribute}}
  %0 = "nn.random_key"() <{seed = 1 : i32}> : () -> !nn.key
  return
}

// -----

// A split gives at least one key (generic form),
func.func @f(%k: !nn.key) {
  // expected-error@+1 {{'nn.random_split' op splits into at least 1 key}}
  "nn.random_split"(%k) : (!nn.key) -> ()
  return
}

// -----

// and its custom form says so too.
func.func @f(%k: !nn.key) {
  // expected-error@+1 {{custom op 'nn.random_split' splits into at least 1 key}}
  %0:2 = nn.random_split %k into 0
  return
}

// -----

// Every result of a split is a key.
func.func @f(%k: !nn.key) {
  // expected-error@+1 {{'nn.random_split' op result #1 must be random key, but got 'tensor<i32>'}}
  %0:2 = "nn.random_split"(%k) : (!nn.key) -> (!nn.key, tensor<i32>)
  return
}

// -----

// Folded data is a 0-d integer tensor.
func.func @f(%k: !nn.key, %d: tensor<f32>) {
  // expected-error@+1 {{'nn.random_fold' op operand #1 must be 0-d tensor of i32 or i64, but got 'tensor<f32>'}}
  %0 = nn.random_fold %k, %d : tensor<f32>
  return
}

// -----

// Raw bits are i32 or i64.
func.func @f(%k: !nn.key) {
  // expected-error@+1 {{'nn.random_bits' op result #0 must be tensor of i32 or i64, but got 'tensor<4xf32>'}}
  %0 = nn.random_bits %k : tensor<4xf32>
  return
}

// -----

// Uniform floats are f16, f32 or f64.
func.func @f(%k: !nn.key) {
  // expected-error@+1 {{'nn.random_uniform' op result #0 must be tensor of f16, f32 or f64, but got 'tensor<4xbf16>'}}
  %0 = nn.random_uniform %k : tensor<4xbf16>
  return
}

// -----

// A `?` size needs `like` to give it.
func.func @f(%k: !nn.key) {
  // expected-error@+1 {{'nn.random_normal' op result type tensor<?x4xf32> has a dynamic size; give the shape with `like %x`}}
  %0 = nn.random_normal %k : tensor<?x4xf32>
  return
}

// -----

// `like` has the result's rank,
func.func @f(%k: !nn.key, %x: tensor<4xf32>) {
  // expected-error@+1 {{'nn.random_uniform' op result shape 4x1 and `like` shape 4 differ in rank}}
  %0 = nn.random_uniform %k like %x : tensor<4xf32> -> tensor<4x1xf32>
  return
}

// -----

// and its static sizes.
func.func @f(%k: !nn.key, %x: tensor<?x4xf32>) {
  // expected-error@+1 {{'nn.random_uniform' op result shape ?x5 differs from `like` shape ?x4 in dimension 1}}
  %0 = nn.random_uniform %k like %x : tensor<?x4xf32> -> tensor<?x5xf32>
  return
}

// -----

// The `A -> B` type form belongs to `like`.
func.func @f(%k: !nn.key) {
  // expected-error@+1 {{custom op 'nn.random_uniform' has no `like` operand for the type before '->'}}
  %0 = nn.random_uniform %k : tensor<4xf16> -> tensor<4xf32>
  return
}

// -----

// Bernoulli samples have p's shape,
func.func @f(%k: !nn.key, %p: tensor<4xf32>) {
  // expected-error@+1 {{'nn.random_bernoulli' op result shape 3 differs from the shape 4 of p}}
  %0 = nn.random_bernoulli %k, %p : tensor<4xf32> -> tensor<3xf32>
  return
}

// -----

// and p's element type or i1.
func.func @f(%k: !nn.key, %p: tensor<4xf32>) {
  // expected-error@+1 {{'nn.random_bernoulli' op result element type f64 must be i1 or the element type f32 of p}}
  %0 = nn.random_bernoulli %k, %p : tensor<4xf32> -> tensor<4xf64>
  return
}

// -----

// p is a float tensor.
func.func @f(%k: !nn.key, %p: tensor<4xi32>) {
  // expected-error@+1 {{'nn.random_bernoulli' op operand #1 must be tensor of f16, f32 or f64, but got 'tensor<4xi32>'}}
  %0 = nn.random_bernoulli %k, %p : tensor<4xi32>
  return
}

// -----

// Draws read a key.
func.func @f(%x: tensor<4xf32>) {
  // expected-error@+1 {{'nn.random_uniform' op operand #0 must be random key, but got 'tensor<4xf32>'}}
  %0 = "nn.random_uniform"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// The nn dialect has one type, `!nn.key`.
// expected-error@+1 {{unknown type `kee` in dialect `nn`}}
func.func @f(%x: !nn.kee) {
  return
}

// -----

// A split names its number of keys (the error is at the token where `into` should be).
func.func @f(%k: !nn.key) {
  // expected-error@+2 {{custom op 'nn.random_split' expected 'into'}}
  %0 = nn.random_split %k
  return
}
