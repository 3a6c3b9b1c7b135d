// RUN: irc-opt %s --allow-unregistered-dialect --math-polynomial-approximation | filecheck %s
// RUN: irc-opt %s --allow-unregistered-dialect --math-polynomial-approximation -verify-diagnostics

// The accuracy of each expansion is measured in tests/lowering/test_math_polynomials.py;
// this file shows the shape of the code: straight-line arith with math.fma/floor/absf/
// copysign, splat constants of the operand's type, no f32 libm call left.

// exp: clamp, k = floor(x log2(e) + 1/2), r = x - k ln2 in two fmas, expm1(r) by Horner,
// then 1 + expm1(r) scaled by 2^k as two powers of two built from exponent bits; nan kept.
// CHECK-LABEL: func.func @exp
// CHECK-NOT:     math.exp
// CHECK:         %[[LOW:.*]] = arith.maxnumf %arg0
// CHECK:         %[[X:.*]] = arith.minnumf %[[LOW]]
// CHECK:         %[[T:.*]] = math.fma %[[X]], %{{.*}}, %{{.*}} : f32
// CHECK:         %[[K:.*]] = math.floor %[[T]] : f32
// CHECK:         %[[R1:.*]] = math.fma %[[K]], %{{.*}}, %[[X]] : f32
// CHECK:         %[[R:.*]] = math.fma %[[K]], %{{.*}}, %[[R1]] : f32
// CHECK:         %[[KI:.*]] = arith.fptosi %[[K]] : f32 to i32
// CHECK-COUNT-5: math.fma %{{.*}}, %[[R]], %{{.*}} : f32
// CHECK:         math.fma %{{.*}}, %{{.*}}, %[[R]] : f32
// CHECK:         arith.shrsi %[[KI]], %{{.*}} : i32
// CHECK:         arith.shli
// CHECK:         arith.bitcast %{{.*}} : i32 to f32
// CHECK:         arith.shli
// CHECK:         %[[SCALE:.*]] = arith.bitcast %{{.*}} : i32 to f32
// CHECK:         %[[Y:.*]] = arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK:         %[[NAN:.*]] = arith.cmpf uno, %arg0, %arg0 : f32
// CHECK:         %[[RESULT:.*]] = arith.select %[[NAN]], %arg0, %[[Y]] : f32
// CHECK-NOT:     math.exp
// CHECK:         return %[[RESULT]] : f32
func.func @exp(%x: f32) -> f32 {
  %y = math.exp %x : f32
  return %y : f32
}

// Vectors get splat constants and i32 vectors for the exponent bits; log reads the
// exponent and mantissa from the bits, then fixes log(0) = -inf, log(inf) = inf and
// log(x < 0) = log(nan) = nan.
// CHECK-LABEL: func.func @log_vector
// CHECK-NOT:     math.log
// CHECK:         arith.constant dense<1.17549435E-38> : vector<4xf32>
// CHECK:         %[[BITS:.*]] = arith.bitcast %{{.*}} : vector<4xf32> to vector<4xi32>
// CHECK:         %[[SHIFTED:.*]] = arith.subi %[[BITS]], %{{.*}} : vector<4xi32>
// CHECK:         arith.shrsi %[[SHIFTED]], %{{.*}} : vector<4xi32>
// CHECK:         arith.sitofp %{{.*}} : vector<4xi32> to vector<4xf32>
// CHECK:         arith.divf %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK:         arith.constant dense<0x7F800000> : vector<4xf32>
// CHECK:         arith.constant dense<0xFF800000> : vector<4xf32>
// CHECK:         arith.cmpf ult, %arg0, %{{.*}} : vector<4xf32>
// CHECK:         arith.constant dense<0x7FC00000> : vector<4xf32>
// CHECK-NOT:     math.log
// CHECK:         return
func.func @log_vector(%x: vector<4xf32>) -> vector<4xf32> {
  %y = math.log %x : vector<4xf32>
  return %y : vector<4xf32>
}

// The other logarithms and exponentials expand the same way, on tensors too.
// CHECK-LABEL: func.func @family
// CHECK-NOT:     math.exp2
// CHECK-NOT:     math.expm1
// CHECK-NOT:     math.log2
// CHECK-NOT:     math.log10
// CHECK-NOT:     math.log1p
// CHECK:         "test.use"({{.*}}) : (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> ()
func.func @family(%x: tensor<8xf32>) {
  %0 = math.exp2 %x : tensor<8xf32>
  %1 = math.expm1 %x : tensor<8xf32>
  %2 = math.log2 %x : tensor<8xf32>
  %3 = math.log10 %x : tensor<8xf32>
  %4 = math.log1p %x : tensor<8xf32>
  "test.use"(%0, %1, %2, %3, %4) : (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> ()
  return
}

// tanh works on |x| and puts the sign back: an odd polynomial below 0.625, else
// 1 - 2 / (exp(2|x|) + 1).
// CHECK-LABEL: func.func @tanh_tensor
// CHECK-NOT:     math.tanh
// CHECK:         %[[A:.*]] = math.absf %arg0 : tensor<8xf32>
// CHECK:         arith.divf
// CHECK:         %[[SMALL:.*]] = arith.cmpf olt, %[[A]], %{{.*}} : tensor<8xf32>
// CHECK:         %[[MAGNITUDE:.*]] = arith.select %[[SMALL]], %{{.*}}, %{{.*}} : tensor<8xi1>, tensor<8xf32>
// CHECK:         math.copysign %[[MAGNITUDE]], %arg0 : tensor<8xf32>
// CHECK-NOT:     math.tanh
// CHECK:         return
func.func @tanh_tensor(%x: tensor<8xf32>) -> tensor<8xf32> {
  %y = math.tanh %x : tensor<8xf32>
  return %y : tensor<8xf32>
}

// erf selects each coefficient by the piece |x| falls in and evaluates one polynomial
// (11 coefficients: 10 fmas, then one more for |x| + |x| P(x^2)).
// CHECK-LABEL: func.func @erf
// CHECK-NOT:     math.erf
// CHECK:         %[[A:.*]] = arith.minnumf
// CHECK:         %[[FIRST:.*]] = arith.cmpf olt, %[[A]], %{{.*}} : f32
// CHECK:         %[[SECOND:.*]] = arith.cmpf olt, %[[A]], %{{.*}} : f32
// CHECK-COUNT-10: math.fma
// CHECK:         math.fma %[[A]], %{{.*}}, %[[A]] : f32
// CHECK:         math.copysign
// CHECK-NOT:     math.erf
// CHECK:         return
func.func @erf(%x: f32) -> f32 {
  %y = math.erf %x : f32
  return %y : f32
}

// sin and cos: q = floor(x 2/pi + 1/2), r = x - q pi/2 in three fmas, q mod 4 picks
// the polynomial and the sign; nan beyond |x| = 2^20 (0x49800000).
// CHECK-LABEL: func.func @sin_cos
// CHECK-NOT:     math.sin
// CHECK-NOT:     math.cos
// CHECK:         %[[Q:.*]] = math.floor
// CHECK:         math.fma %[[Q]], %{{.*}}, %arg0 : f32
// CHECK:         arith.andi %{{.*}}, %{{.*}} : i32
// CHECK:         arith.trunci %{{.*}} : i32 to i1
// CHECK:         arith.constant 0x49800000 : f32
// CHECK:         arith.cmpf ole
// CHECK:         arith.cmpf oeq, %arg0
// CHECK:         %[[COS_Q:.*]] = math.floor
// CHECK:         arith.addi
// CHECK-NOT:     math.sin
// CHECK-NOT:     math.cos
// CHECK:         return
func.func @sin_cos(%x: f32) -> (f32, f32) {
  %s = math.sin %x : f32
  %c = math.cos %x : f32
  return %s, %c : f32, f32
}

// f64 exp expands the same way in f64: i64 exponent bits (bias 1023, shift 52), and
// 1 + r summed with its rounding error before the tail is added.
// CHECK-LABEL: func.func @exp_f64
// CHECK-NOT:     math.exp
// CHECK:         math.floor %{{.*}} : f64
// CHECK:         arith.fptosi %{{.*}} : f64 to i64
// CHECK:         arith.bitcast %{{.*}} : i64 to f64
// CHECK:         arith.cmpf uno, %arg0, %arg0 : f64
// CHECK-NOT:     math.exp
// CHECK:         return
func.func @exp_f64(%x: f64) -> f64 {
  %y = math.exp %x : f64
  return %y : f64
}

// Other float types and f64 functions but exp keep their op (the JIT calls the library
// for them); so does an f32 tensor of dynamic shape, which no splat constant can fill.
// CHECK-LABEL: func.func @untouched
// CHECK-NEXT:    math.log %arg0 : f64
// CHECK-NEXT:    math.tanh %arg1 : f16
// CHECK-NEXT:    math.sin %arg2 : tensor<?xf32>
// CHECK-NEXT:    "test.use"
func.func @untouched(%a: f64, %b: f16, %c: tensor<?xf32>) {
  %0 = math.log %a : f64
  %1 = math.tanh %b : f16
  // expected-remark@+1 {{'math.sin' on tensor<?xf32> is left as is: no splat constant of a dynamic shape}}
  %2 = math.sin %c : tensor<?xf32>
  "test.use"(%0, %1, %2) : (f64, f16, tensor<?xf32>) -> ()
  return
}
