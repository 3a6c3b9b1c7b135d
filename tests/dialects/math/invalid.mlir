// RUN: irc-opt %s -split-input-file -verify-diagnostics
// Each case is one rule of the math dialect, with MLIR's message (iree-opt accepts these
// expectations too: tests/dialects/math/test_mlir_agreement.py).

func.func @f(%i: i32) {
  // expected-error@+1 {{'math.exp' op operand #0 must be floating-point-like, but got 'i32'}}
  %0 = "math.exp"(%i) : (i32) -> i32
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error@+1 {{'math.exp' op requires the same type for all operands and results}}
  %0 = "math.exp"(%x) : (f32) -> f64
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error@+1 {{'math.sqrt' op requires a single operand}}
  %0 = "math.sqrt"(%x, %x) : (f32, f32) -> f32
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error@+1 {{'math.log' op requires one result}}
  %0:2 = "math.log"(%x) : (f32) -> (f32, f32)
  return
}

// -----

func.func @f(%x: f32, %i: i32) {
  // expected-error@+1 {{'math.powf' op operand #1 must be floating-point-like, but got 'i32'}}
  %0 = "math.powf"(%x, %i) : (f32, i32) -> f32
  return
}

// -----

func.func @f(%x: f32, %y: f64) {
  // expected-error@+1 {{'math.fma' op requires the same type for all operands and results}}
  %0 = "math.fma"(%x, %x, %y) : (f32, f32, f64) -> f32
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error@+1 {{'math.absi' op operand #0 must be signless-integer-like, but got 'f32'}}
  %0 = "math.absi"(%x) : (f32) -> f32
  return
}

// -----

func.func @f(%x: si32) {
  // expected-error@+1 {{'math.ctlz' op operand #0 must be signless-integer-like, but got 'si32'}}
  %0 = "math.ctlz"(%x) : (si32) -> si32
  return
}

// -----

func.func @f(%x: vector<4xf32>, %i: i32) {
  // expected-error@+1 {{'math.fpowi' op requires the same shape for all operands and results}}
  %0 = "math.fpowi"(%x, %i) : (vector<4xf32>, i32) -> vector<4xf32>
  return
}

// -----

func.func @f(%x: f32, %i: f32) {
  // expected-error@+1 {{'math.fpowi' op operand #1 must be signless-integer-like, but got 'f32'}}
  %0 = "math.fpowi"(%x, %i) : (f32, f32) -> f32
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error@+1 {{'math.isnan' op result #0 must be bool-like, but got 'f32'}}
  %0 = "math.isnan"(%x) : (f32) -> f32
  return
}

// -----

func.func @f(%x: vector<4xf32>) {
  // expected-error@+1 {{'math.isnan' op failed to verify that result type has i1 element type and same shape as operands}}
  %0 = "math.isnan"(%x) : (vector<4xf32>) -> i1
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error@+1 {{'math.sincos' op requires the same type for all operands and results}}
  %0:2 = "math.sincos"(%x) : (f32) -> (f32, f64)
  return
}
