// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// Every math op in MLIR's custom spelling, on scalars, vectors and tensors, with
// fastmath flags. tests/dialects/math/test_mlir_agreement.py checks that irc prints
// this file (custom, generic, with locations) as iree-opt does.

// CHECK-LABEL: func.func @unary(
func.func @unary(%a: f32, %b: f64, %c: f16, %d: bf16, %e: vector<4xf32>, %f: tensor<2x?xf64>) {
  // CHECK: math.absf %arg0 : f32
  %absf = math.absf %a : f32
  // CHECK: math.acos %arg1 fastmath<fast> : f64
  %acos = math.acos %b fastmath<fast> : f64
  // CHECK: math.acosh %arg2 fastmath<nnan,ninf> : f16
  %acosh = math.acosh %c fastmath<nnan,ninf> : f16
  // CHECK: math.asin %arg3 : bf16
  %asin = math.asin %d fastmath<none> : bf16
  // CHECK: math.asinh %arg4 fastmath<reassoc,nsz,arcp,contract,afn> : vector<4xf32>
  %asinh = math.asinh %e fastmath<reassoc,nsz,arcp,contract,afn> : vector<4xf32>
  // CHECK: math.atan %arg5 : tensor<2x?xf64>
  %atan = math.atan %f : tensor<2x?xf64>
  // CHECK: math.atanh %arg0 fastmath<fast> : f32
  %atanh = math.atanh %a fastmath<fast> : f32
  // CHECK: math.cbrt %arg1 fastmath<nnan,ninf> : f64
  %cbrt = math.cbrt %b fastmath<nnan,ninf> : f64
  // CHECK: math.ceil %arg2 : f16
  %ceil = math.ceil %c fastmath<none> : f16
  // CHECK: math.cos %arg3 fastmath<reassoc,nsz,arcp,contract,afn> : bf16
  %cos = math.cos %d fastmath<reassoc,nsz,arcp,contract,afn> : bf16
  // CHECK: math.cosh %arg4 : vector<4xf32>
  %cosh = math.cosh %e : vector<4xf32>
  // CHECK: math.erf %arg5 : tensor<2x?xf64>
  %erf = math.erf %f : tensor<2x?xf64>
  // CHECK: math.erfc %arg0 fastmath<nnan,ninf> : f32
  %erfc = math.erfc %a fastmath<nnan,ninf> : f32
  // CHECK: math.exp %arg1 : f64
  %exp = math.exp %b fastmath<none> : f64
  // CHECK: math.exp2 %arg2 fastmath<reassoc,nsz,arcp,contract,afn> : f16
  %exp2 = math.exp2 %c fastmath<reassoc,nsz,arcp,contract,afn> : f16
  // CHECK: math.expm1 %arg3 : bf16
  %expm1 = math.expm1 %d : bf16
  // CHECK: math.floor %arg4 : vector<4xf32>
  %floor = math.floor %e : vector<4xf32>
  // CHECK: math.log %arg5 fastmath<fast> : tensor<2x?xf64>
  %log = math.log %f fastmath<fast> : tensor<2x?xf64>
  // CHECK: math.log10 %arg0 : f32
  %log10 = math.log10 %a fastmath<none> : f32
  // CHECK: math.log1p %arg1 fastmath<reassoc,nsz,arcp,contract,afn> : f64
  %log1p = math.log1p %b fastmath<reassoc,nsz,arcp,contract,afn> : f64
  // CHECK: math.log2 %arg2 : f16
  %log2 = math.log2 %c : f16
  // CHECK: math.round %arg3 : bf16
  %round = math.round %d : bf16
  // CHECK: math.roundeven %arg4 fastmath<fast> : vector<4xf32>
  %roundeven = math.roundeven %e fastmath<fast> : vector<4xf32>
  // CHECK: math.rsqrt %arg5 fastmath<nnan,ninf> : tensor<2x?xf64>
  %rsqrt = math.rsqrt %f fastmath<nnan,ninf> : tensor<2x?xf64>
  // CHECK: math.sin %arg0 fastmath<reassoc,nsz,arcp,contract,afn> : f32
  %sin = math.sin %a fastmath<reassoc,nsz,arcp,contract,afn> : f32
  // CHECK: math.sinh %arg1 : f64
  %sinh = math.sinh %b : f64
  // CHECK: math.sqrt %arg2 : f16
  %sqrt = math.sqrt %c : f16
  // CHECK: math.tan %arg3 fastmath<fast> : bf16
  %tan = math.tan %d fastmath<fast> : bf16
  // CHECK: math.tanh %arg4 fastmath<nnan,ninf> : vector<4xf32>
  %tanh = math.tanh %e fastmath<nnan,ninf> : vector<4xf32>
  // CHECK: math.trunc %arg5 : tensor<2x?xf64>
  %trunc = math.trunc %f fastmath<none> : tensor<2x?xf64>
  return
}

// CHECK-LABEL: func.func @binary(%arg0: f32, %arg1: vector<2xf64>, %arg2: tensor<3xf16>) {
// CHECK-NEXT:    %0 = math.atan2 %arg0, %arg0 : f32
// CHECK-NEXT:    %1 = math.copysign %arg1, %arg1 fastmath<nsz> : vector<2xf64>
// CHECK-NEXT:    %2 = math.powf %arg2, %arg2 fastmath<fast> : tensor<3xf16>
// CHECK-NEXT:    %3 = math.fma %arg0, %arg0, %arg0 fastmath<contract> : f32
// CHECK-NEXT:    %4 = math.fma %arg1, %arg1, %arg1 : vector<2xf64>
// CHECK-NEXT:    %5 = math.clampf %arg0 to [%0, %3] fastmath<nnan> : f32
// CHECK-NEXT:    %6 = math.clampf %arg2 to [%2, %2] : tensor<3xf16>
func.func @binary(%a: f32, %v: vector<2xf64>, %t: tensor<3xf16>) {
  %0 = math.atan2 %a, %a : f32
  %1 = math.copysign %v, %v fastmath<nsz> : vector<2xf64>
  %2 = math.powf %t, %t fastmath<fast> : tensor<3xf16>
  %3 = math.fma %a, %a, %a fastmath<contract> : f32
  %4 = math.fma %v, %v, %v : vector<2xf64>
  %5 = math.clampf %a to [%0, %3] fastmath<nnan> : f32
  %6 = math.clampf %t to [%2, %2] : tensor<3xf16>
  return
}

// CHECK-LABEL: func.func @mixed(%arg0: f32, %arg1: i32, %arg2: vector<4xf64>, %arg3: vector<4xi8>, %arg4: i64) {
// CHECK-NEXT:    %0 = math.fpowi %arg0, %arg1 : f32, i32
// CHECK-NEXT:    %1 = math.fpowi %arg2, %arg3 fastmath<afn> : vector<4xf64>, vector<4xi8>
// CHECK-NEXT:    %2 = math.fpowi %arg0, %arg4 : f32, i64
// CHECK-NEXT:    %3 = math.isnan %arg0 : f32
// CHECK-NEXT:    %4 = math.isinf %arg2 fastmath<nnan> : vector<4xf64>
// CHECK-NEXT:    %5 = math.isfinite %arg0 : f32
// CHECK-NEXT:    %6 = math.isnormal %arg2 : vector<4xf64>
// CHECK-NEXT:    %sin, %cos = math.sincos %arg0 : f32
// CHECK-NEXT:    %sin_0, %cos_1 = math.sincos %arg2 fastmath<fast> : vector<4xf64>
func.func @mixed(%a: f32, %n: i32, %v: vector<4xf64>, %vn: vector<4xi8>, %m: i64) {
  %0 = math.fpowi %a, %n : f32, i32
  %1 = math.fpowi %v, %vn fastmath<afn> : vector<4xf64>, vector<4xi8>
  %2 = math.fpowi %a, %m : f32, i64
  %3 = math.isnan %a : f32
  %4 = math.isinf %v fastmath<nnan> : vector<4xf64>
  %5 = math.isfinite %a : f32
  %6 = math.isnormal %v : vector<4xf64>
  %7:2 = math.sincos %a : f32
  %8:2 = math.sincos %v fastmath<fast> : vector<4xf64>
  return
}

// CHECK-LABEL: func.func @integers(%arg0: i32, %arg1: i64, %arg2: vector<8xi16>, %arg3: index, %arg4: tensor<?xi8>) {
// CHECK-NEXT:    %0 = math.absi %arg0 : i32
// CHECK-NEXT:    %1 = math.ctlz %arg1 : i64
// CHECK-NEXT:    %2 = math.cttz %arg2 : vector<8xi16>
// CHECK-NEXT:    %3 = math.ctpop %arg3 : index
// CHECK-NEXT:    %4 = math.ipowi %arg4, %arg4 : tensor<?xi8>
// CHECK-NEXT:    %5 = math.ipowi %arg0, %0 : i32
func.func @integers(%i: i32, %j: i64, %v: vector<8xi16>, %x: index, %t: tensor<?xi8>) {
  %0 = math.absi %i : i32
  %1 = math.ctlz %j : i64
  %2 = math.cttz %v : vector<8xi16>
  %3 = math.ctpop %x : index
  %4 = math.ipowi %t, %t : tensor<?xi8>
  %5 = math.ipowi %i, %0 : i32
  return
}

// Generic forms read as the custom ones.
// CHECK-LABEL: func.func @generic(%arg0: f32, %arg1: i32) {
// CHECK-NEXT:    %0 = math.exp %arg0 : f32
// CHECK-NEXT:    %1 = math.tanh %0 fastmath<fast> : f32
// CHECK-NEXT:    %2 = math.fpowi %1, %arg1 : f32, i32
// CHECK-NEXT:    %3 = math.ctlz %arg1 : i32
func.func @generic(%a: f32, %n: i32) {
  %0 = "math.exp"(%a) <{fastmath = #arith.fastmath<none>}> : (f32) -> f32
  %1 = "math.tanh"(%0) <{fastmath = #arith.fastmath<fast>}> : (f32) -> f32
  %2 = "math.fpowi"(%1, %n) : (f32, i32) -> f32
  %3 = "math.ctlz"(%n) : (i32) -> i32
  return
}
