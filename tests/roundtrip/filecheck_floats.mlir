// RUN: irc-opt %s --mlir-print-op-generic --allow-unregistered-dialect | filecheck %s

// Floats print as MLIR prints them: six significant digits in exponent form when that
// reads back to the same value, else the shortest exact decimal when it has a '.', else
// the bit pattern (always the bit pattern for infinities and NaNs, whose payloads are
// kept). f64 values in arrays print without their type, unless printed as bits.

// CHECK: "test.floats"() {
// CHECK-SAME: a = 1.000000e+00 : f32
// CHECK-SAME: b = 1.000000e-01 : f32
// CHECK-SAME: c = 0.333333343 : f32
// CHECK-SAME: d = 3.40282347E+38 : f32
// CHECK-SAME: e = -0.000000e+00 : f32
// CHECK-SAME: f = 0x4996B438 : f32
// CHECK-SAME: g = 1.401300e-45 : f32
// CHECK-SAME: h = 3.1415926535897931 : f64
// CHECK-SAME: i = 9.997550e-02 : f16
// CHECK-SAME: j = 1.000980e-01 : bf16
// CHECK-SAME: k = 0x7F800000 : f32
// CHECK-SAME: l = 0x7F800001 : f32
// CHECK-SAME: m = 0xFFF8000000000000 : f64
// CHECK-SAME: n = [1.000000e-01, 0x7FF0000000000000 : f64, 2.500000e+00 : f32]
// CHECK-SAME: o = array<f32: 1.500000e+00, 0x7FC00000>
// CHECK-SAME: p = dense<[1.000000e+00, 0x7C00]> : tensor<2xf16>
"test.floats"() {
  a = 1.0 : f32, b = 0.1 : f32, c = 0.333333343 : f32, d = 3.40282347e+38 : f32,
  e = -0.0 : f32, f = 1234567.0 : f32, g = 1.0e-45 : f32, h = 3.141592653589793 : f64,
  i = 0.1 : f16, j = 0.1 : bf16, k = 0x7F800000 : f32, l = 0x7F800001 : f32,
  m = 0xFFF8000000000000 : f64, n = [0.1, 0x7FF0000000000000 : f64, 2.5 : f32],
  o = array<f32: 1.5, 0x7FC00000>, p = dense<[1.0, 0x7C00]> : tensor<2xf16>
} : () -> ()
