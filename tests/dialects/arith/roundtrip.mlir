// RUN: irc-opt %s --allow-unregistered-dialect | irc-opt --allow-unregistered-dialect | filecheck %s
// RUN: irc-opt %s --allow-unregistered-dialect --mlir-print-op-generic | irc-opt --allow-unregistered-dialect | filecheck %s
// Every op of the arith dialect in MLIR's custom spelling: overflow and fastmath flags,
// every predicate, casts with truncf's rounding modes, select with shaped conditions,
// elementwise forms on vectors and tensors, and constants of every kind. The CHECK lines
// are irc's custom print, which is iree-opt's too: tests/dialects/arith/test_mlir_agreement.py
// checks that irc prints this file (custom, generic, with locations) as iree-opt does.

// Constants of every kind: integers of several widths (hex, extremes), index, i1, floats
// (NaN, infinity, -0.0; 1.0e10 rounds to an f16 infinity, as in MLIR), dense vectors and
// tensors (splat and not), and a discardable attribute.
// CHECK-LABEL: func.func @constants() {
// CHECK-NEXT:    %c0 = arith.constant 0 : index
// CHECK-NEXT:    %c-3 = arith.constant -3 : index
// CHECK-NEXT:    %true = arith.constant true
// CHECK-NEXT:    %false = arith.constant false
// CHECK-NEXT:    %true_0 = arith.constant true
// CHECK-NEXT:    %c42_i32 = arith.constant 42 : i32
// CHECK-NEXT:    %c-1_i8 = arith.constant -1 : i8
// CHECK-NEXT:    %c9223372036854775807_i64 = arith.constant 9223372036854775807 : i64
// CHECK-NEXT:    %c-9223372036854775808_i64 = arith.constant -9223372036854775808 : i64
// CHECK-NEXT:    %c-1_i8_1 = arith.constant -1 : i8
// CHECK-NEXT:    %c1_i128 = arith.constant 1 : i128
// CHECK-NEXT:    %cst = arith.constant 1.500000e+00 : f32
// CHECK-NEXT:    %cst_2 = arith.constant -0.000000e+00 : f64
// CHECK-NEXT:    %cst_3 = arith.constant 0x7C00 : f16
// CHECK-NEXT:    %cst_4 = arith.constant 3.000000e+00 : bf16
// CHECK-NEXT:    %cst_5 = arith.constant 0x7FC00000 : f32
// CHECK-NEXT:    %cst_6 = arith.constant 0x7FF0000000000000 : f64
// CHECK-NEXT:    %cst_7 = arith.constant dense<[1, 2, 3, 4]> : vector<4xi32>
// CHECK-NEXT:    %cst_8 = arith.constant dense<5.000000e-01> : tensor<2x3xf32>
// CHECK-NEXT:    %cst_9 = arith.constant dense<[true, false]> : vector<2xi1>
// CHECK-NEXT:    %cst_10 = arith.constant dense<[[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf64>
// CHECK-NEXT:    %cst_11 = arith.constant dense<7> : vector<2x2xindex>
// CHECK-NEXT:    %c5_i16 = arith.constant {tag = "x"} 5 : i16
// CHECK-NEXT:    "test.use"(%c0, %c-3, %true, %false, %true_0, %c42_i32, %c-1_i8, %c9223372036854775807_i64, %c-9223372036854775808_i64, %c-1_i8_1, %c1_i128) : (index, index, i1, i1, i1, i32, i8, i64, i64, i8, i128) -> ()
// CHECK-NEXT:    "test.use"(%cst, %cst_2, %cst_3, %cst_4, %cst_5, %cst_6, %cst_7, %cst_8, %cst_9, %cst_10, %cst_11, %c5_i16) : (f32, f64, f16, bf16, f32, f64, vector<4xi32>, tensor<2x3xf32>, vector<2xi1>, tensor<2x2xf64>, vector<2x2xindex>, i16) -> ()
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @constants() {
  %c0 = arith.constant 0 : index
  %c-3 = arith.constant -3 : index
  %t = arith.constant true
  %f = arith.constant false
  %i1 = arith.constant 1 : i1
  %c42 = arith.constant 42 : i32
  %m1 = arith.constant -1 : i8
  %big = arith.constant 9223372036854775807 : i64
  %min = arith.constant -9223372036854775808 : i64
  %h = arith.constant 0xFF : i8
  %w = arith.constant 1 : i128
  %x = arith.constant 1.5 : f32
  %y = arith.constant -0.0 : f64
  %z = arith.constant 1.0e10 : f16
  %b = arith.constant 3.0 : bf16
  %nan = arith.constant 0x7FC00000 : f32
  %inf = arith.constant 0x7FF0000000000000 : f64
  %dv = arith.constant dense<[1, 2, 3, 4]> : vector<4xi32>
  %ds = arith.constant dense<0.5> : tensor<2x3xf32>
  %db = arith.constant dense<[true, false]> : vector<2xi1>
  %dt = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf64>
  %di = arith.constant dense<7> : vector<2x2xindex>
  %tag = arith.constant {tag = "x"} 5 : i16
  "test.use"(%c0, %c-3, %t, %f, %i1, %c42, %m1, %big, %min, %h, %w) : (index, index, i1, i1, i1, i32, i8, i64, i64, i8, i128) -> ()
  "test.use"(%x, %y, %z, %b, %nan, %inf, %dv, %ds, %db, %dt, %di, %tag) : (f32, f64, f16, bf16, f32, f64, vector<4xi32>, tensor<2x3xf32>, vector<2xi1>, tensor<2x2xf64>, vector<2x2xindex>, i16) -> ()
  return
}

// Integer binary ops; those with overflow flags take every combination.
// CHECK-LABEL: func.func @integer(%arg0: i32, %arg1: i32, %arg2: index, %arg3: index) {
// CHECK-NEXT:    %0 = arith.addi %arg0, %arg1 : i32
// CHECK-NEXT:    %1 = arith.addi %arg0, %arg1 overflow<nsw> : i32
// CHECK-NEXT:    %2 = arith.subi %arg0, %arg1 overflow<nuw> : i32
// CHECK-NEXT:    %3 = arith.muli %arg0, %arg1 overflow<nsw, nuw> : i32
// CHECK-NEXT:    %4 = arith.shli %arg0, %arg1 overflow<nsw, nuw> : i32
// CHECK-NEXT:    %5 = arith.addi %arg2, %arg3 : index
// CHECK-NEXT:    %6 = arith.divsi %arg0, %arg1 : i32
// CHECK-NEXT:    %7 = arith.divui %arg0, %arg1 : i32
// CHECK-NEXT:    %8 = arith.ceildivsi %arg0, %arg1 : i32
// CHECK-NEXT:    %9 = arith.ceildivui %arg0, %arg1 : i32
// CHECK-NEXT:    %10 = arith.floordivsi %arg0, %arg1 : i32
// CHECK-NEXT:    %11 = arith.remsi %arg0, %arg1 : i32
// CHECK-NEXT:    %12 = arith.remui %arg2, %arg3 : index
// CHECK-NEXT:    %13 = arith.andi %arg0, %arg1 : i32
// CHECK-NEXT:    %14 = arith.ori %arg0, %arg1 : i32
// CHECK-NEXT:    %15 = arith.xori %arg0, %arg1 : i32
// CHECK-NEXT:    %16 = arith.shrsi %arg0, %arg1 : i32
// CHECK-NEXT:    %17 = arith.shrui %arg0, %arg1 : i32
// CHECK-NEXT:    %18 = arith.maxsi %arg0, %arg1 : i32
// CHECK-NEXT:    %19 = arith.maxui %arg0, %arg1 : i32
// CHECK-NEXT:    %20 = arith.minsi %arg0, %arg1 : i32
// CHECK-NEXT:    %21 = arith.minui %arg0, %arg1 {tag} : i32
// CHECK-NEXT:    %sum, %overflow = arith.addui_extended %arg0, %arg1 : i32, i1
// CHECK-NEXT:    %low, %high = arith.mulsi_extended %arg0, %arg1 : i32
// CHECK-NEXT:    %low_0, %high_1 = arith.mului_extended %arg2, %arg3 : index
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @integer(%a: i32, %b: i32, %i: index, %j: index) {
  %0 = arith.addi %a, %b : i32
  %1 = arith.addi %a, %b overflow<nsw> : i32
  %2 = arith.subi %a, %b overflow<nuw> : i32
  %3 = arith.muli %a, %b overflow<nsw, nuw> : i32
  %4 = arith.shli %a, %b overflow<nuw, nsw> : i32
  %5 = arith.addi %i, %j overflow<none> : index
  %6 = arith.divsi %a, %b : i32
  %7 = arith.divui %a, %b : i32
  %8 = arith.ceildivsi %a, %b : i32
  %9 = arith.ceildivui %a, %b : i32
  %10 = arith.floordivsi %a, %b : i32
  %11 = arith.remsi %a, %b : i32
  %12 = arith.remui %i, %j : index
  %13 = arith.andi %a, %b : i32
  %14 = arith.ori %a, %b : i32
  %15 = arith.xori %a, %b : i32
  %16 = arith.shrsi %a, %b : i32
  %17 = arith.shrui %a, %b : i32
  %18 = arith.maxsi %a, %b : i32
  %19 = arith.maxui %a, %b : i32
  %20 = arith.minsi %a, %b : i32
  %21 = arith.minui %a, %b {tag} : i32
  %s, %o = arith.addui_extended %a, %b : i32, i1
  %l, %h = arith.mulsi_extended %a, %b : i32
  %ul, %uh = arith.mului_extended %i, %j : index
  return
}

// Float binary ops and negf, with fastmath flags: none, single, several, fast.
// CHECK-LABEL: func.func @float(%arg0: f32, %arg1: f32, %arg2: f64, %arg3: f16) {
// CHECK-NEXT:    %0 = arith.addf %arg0, %arg1 : f32
// CHECK-NEXT:    %1 = arith.subf %arg0, %arg1 : f32
// CHECK-NEXT:    %2 = arith.mulf %arg0, %arg1 fastmath<reassoc> : f32
// CHECK-NEXT:    %3 = arith.divf %arg0, %arg1 fastmath<nnan,ninf> : f32
// CHECK-NEXT:    %4 = arith.remf %arg0, %arg1 fastmath<nsz,arcp,contract,afn> : f32
// CHECK-NEXT:    %5 = arith.maximumf %arg2, %arg2 fastmath<fast> : f64
// CHECK-NEXT:    %6 = arith.minimumf %arg2, %arg2 : f64
// CHECK-NEXT:    %7 = arith.maxnumf %arg3, %arg3 : f16
// CHECK-NEXT:    %8 = arith.minnumf %arg3, %arg3 fastmath<fast> : f16
// CHECK-NEXT:    %9 = arith.negf %arg0 : f32
// CHECK-NEXT:    %10 = arith.negf %arg0 fastmath<ninf> : f32
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @float(%x: f32, %y: f32, %d: f64, %h: f16) {
  %0 = arith.addf %x, %y : f32
  %1 = arith.subf %x, %y fastmath<none> : f32
  %2 = arith.mulf %x, %y fastmath<reassoc> : f32
  %3 = arith.divf %x, %y fastmath<nnan,ninf> : f32
  %4 = arith.remf %x, %y fastmath<nsz,arcp,contract,afn> : f32
  %5 = arith.maximumf %d, %d fastmath<fast> : f64
  %6 = arith.minimumf %d, %d : f64
  %7 = arith.maxnumf %h, %h : f16
  %8 = arith.minnumf %h, %h fastmath<reassoc,nnan,ninf,nsz,arcp,contract,afn> : f16
  %9 = arith.negf %x : f32
  %10 = arith.negf %x fastmath<ninf> : f32
  return
}

// Every integer predicate.
// CHECK-LABEL: func.func @cmpi(%arg0: i32, %arg1: i32, %arg2: index) {
// CHECK-NEXT:    %0 = arith.cmpi eq, %arg0, %arg1 : i32
// CHECK-NEXT:    %1 = arith.cmpi ne, %arg0, %arg1 : i32
// CHECK-NEXT:    %2 = arith.cmpi slt, %arg0, %arg1 : i32
// CHECK-NEXT:    %3 = arith.cmpi sle, %arg0, %arg1 : i32
// CHECK-NEXT:    %4 = arith.cmpi sgt, %arg0, %arg1 : i32
// CHECK-NEXT:    %5 = arith.cmpi sge, %arg0, %arg1 : i32
// CHECK-NEXT:    %6 = arith.cmpi ult, %arg0, %arg1 : i32
// CHECK-NEXT:    %7 = arith.cmpi ule, %arg0, %arg1 : i32
// CHECK-NEXT:    %8 = arith.cmpi ugt, %arg0, %arg1 : i32
// CHECK-NEXT:    %9 = arith.cmpi uge, %arg2, %arg2 : index
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @cmpi(%a: i32, %b: i32, %i: index) {
  %0 = arith.cmpi eq, %a, %b : i32
  %1 = arith.cmpi ne, %a, %b : i32
  %2 = arith.cmpi slt, %a, %b : i32
  %3 = arith.cmpi sle, %a, %b : i32
  %4 = arith.cmpi sgt, %a, %b : i32
  %5 = arith.cmpi sge, %a, %b : i32
  %6 = arith.cmpi ult, %a, %b : i32
  %7 = arith.cmpi ule, %a, %b : i32
  %8 = arith.cmpi ugt, %a, %b : i32
  %9 = arith.cmpi uge, %i, %i : index
  return
}

// Every float predicate, with and without fastmath.
// CHECK-LABEL: func.func @cmpf(%arg0: f32, %arg1: f32) {
// CHECK-NEXT:    %0 = arith.cmpf false, %arg0, %arg1 : f32
// CHECK-NEXT:    %1 = arith.cmpf oeq, %arg0, %arg1 : f32
// CHECK-NEXT:    %2 = arith.cmpf ogt, %arg0, %arg1 : f32
// CHECK-NEXT:    %3 = arith.cmpf oge, %arg0, %arg1 : f32
// CHECK-NEXT:    %4 = arith.cmpf olt, %arg0, %arg1 : f32
// CHECK-NEXT:    %5 = arith.cmpf ole, %arg0, %arg1 : f32
// CHECK-NEXT:    %6 = arith.cmpf one, %arg0, %arg1 : f32
// CHECK-NEXT:    %7 = arith.cmpf ord, %arg0, %arg1 : f32
// CHECK-NEXT:    %8 = arith.cmpf ueq, %arg0, %arg1 : f32
// CHECK-NEXT:    %9 = arith.cmpf ugt, %arg0, %arg1 : f32
// CHECK-NEXT:    %10 = arith.cmpf uge, %arg0, %arg1 : f32
// CHECK-NEXT:    %11 = arith.cmpf ult, %arg0, %arg1 : f32
// CHECK-NEXT:    %12 = arith.cmpf ule, %arg0, %arg1 : f32
// CHECK-NEXT:    %13 = arith.cmpf une, %arg0, %arg1 : f32
// CHECK-NEXT:    %14 = arith.cmpf uno, %arg0, %arg1 : f32
// CHECK-NEXT:    %15 = arith.cmpf true, %arg0, %arg1 : f32
// CHECK-NEXT:    %16 = arith.cmpf olt, %arg0, %arg1 fastmath<nnan> : f32
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @cmpf(%x: f32, %y: f32) {
  %0 = arith.cmpf false, %x, %y : f32
  %1 = arith.cmpf oeq, %x, %y : f32
  %2 = arith.cmpf ogt, %x, %y : f32
  %3 = arith.cmpf oge, %x, %y : f32
  %4 = arith.cmpf olt, %x, %y : f32
  %5 = arith.cmpf ole, %x, %y : f32
  %6 = arith.cmpf one, %x, %y : f32
  %7 = arith.cmpf ord, %x, %y : f32
  %8 = arith.cmpf ueq, %x, %y : f32
  %9 = arith.cmpf ugt, %x, %y : f32
  %10 = arith.cmpf uge, %x, %y : f32
  %11 = arith.cmpf ult, %x, %y : f32
  %12 = arith.cmpf ule, %x, %y : f32
  %13 = arith.cmpf une, %x, %y : f32
  %14 = arith.cmpf uno, %x, %y : f32
  %15 = arith.cmpf true, %x, %y : f32
  %16 = arith.cmpf olt, %x, %y fastmath<nnan> : f32
  return
}

// Select: a scalar condition for scalars and shaped values, a vector or tensor condition
// for the elements.
// CHECK-LABEL: func.func @select(%arg0: i1, %arg1: i32, %arg2: i32, %arg3: vector<4xi1>, %arg4: vector<4xf32>, %arg5: tensor<2x?xi1>, %arg6: tensor<2x?xindex>) {
// CHECK-NEXT:    %0 = arith.select %arg0, %arg1, %arg2 : i32
// CHECK-NEXT:    %1 = arith.select %arg0, %arg4, %arg4 : vector<4xf32>
// CHECK-NEXT:    %2 = arith.select %arg3, %arg4, %arg4 : vector<4xi1>, vector<4xf32>
// CHECK-NEXT:    %3 = arith.select %arg5, %arg6, %arg6 : tensor<2x?xi1>, tensor<2x?xindex>
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @select(%c: i1, %a: i32, %b: i32, %m: vector<4xi1>, %v: vector<4xf32>, %tm: tensor<2x?xi1>, %t: tensor<2x?xindex>) {
  %0 = arith.select %c, %a, %b : i32
  %1 = arith.select %c, %v, %v : vector<4xf32>
  %2 = arith.select %m, %v, %v : vector<4xi1>, vector<4xf32>
  %3 = arith.select %tm, %t, %t : tensor<2x?xi1>, tensor<2x?xindex>
  return
}

// Casts between integers, floats and index, with truncf's rounding modes.
// CHECK-LABEL: func.func @casts(%arg0: i32, %arg1: f32, %arg2: f64, %arg3: index, %arg4: f16) {
// CHECK-NEXT:    %0 = arith.extsi %arg0 : i32 to i64
// CHECK-NEXT:    %1 = arith.extui %arg0 : i32 to i64
// CHECK-NEXT:    %2 = arith.trunci %arg0 : i32 to i8
// CHECK-NEXT:    %3 = arith.extf %arg1 : f32 to f64
// CHECK-NEXT:    %4 = arith.extf %arg4 fastmath<fast> : f16 to f32
// CHECK-NEXT:    %5 = arith.truncf %arg2 : f64 to f32
// CHECK-NEXT:    %6 = arith.truncf %arg2 to_nearest_even : f64 to f32
// CHECK-NEXT:    %7 = arith.truncf %arg2 downward : f64 to f32
// CHECK-NEXT:    %8 = arith.truncf %arg2 upward : f64 to f32
// CHECK-NEXT:    %9 = arith.truncf %arg2 toward_zero : f64 to f32
// CHECK-NEXT:    %10 = arith.truncf %arg1 to_nearest_away fastmath<nnan> : f32 to bf16
// CHECK-NEXT:    %11 = arith.truncf %arg1 fastmath<fast> : f32 to f16
// CHECK-NEXT:    %12 = arith.sitofp %arg0 : i32 to f32
// CHECK-NEXT:    %13 = arith.uitofp %arg0 : i32 to f64
// CHECK-NEXT:    %14 = arith.fptosi %arg1 : f32 to i64
// CHECK-NEXT:    %15 = arith.fptoui %arg2 : f64 to i16
// CHECK-NEXT:    %16 = arith.index_cast %arg0 : i32 to index
// CHECK-NEXT:    %17 = arith.index_cast %arg3 : index to i8
// CHECK-NEXT:    %18 = arith.index_castui %arg0 : i32 to index
// CHECK-NEXT:    %19 = arith.index_castui %arg3 : index to i64
// CHECK-NEXT:    %20 = arith.bitcast %arg0 : i32 to f32
// CHECK-NEXT:    %21 = arith.bitcast %arg4 : f16 to bf16
// CHECK-NEXT:    %22 = arith.bitcast %arg2 : f64 to i64
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @casts(%a: i32, %x: f32, %d: f64, %i: index, %h: f16) {
  %0 = arith.extsi %a : i32 to i64
  %1 = arith.extui %a : i32 to i64
  %2 = arith.trunci %a : i32 to i8
  %3 = arith.extf %x : f32 to f64
  %4 = arith.extf %h fastmath<fast> : f16 to f32
  %5 = arith.truncf %d : f64 to f32
  %6 = arith.truncf %d to_nearest_even : f64 to f32
  %7 = arith.truncf %d downward : f64 to f32
  %8 = arith.truncf %d upward : f64 to f32
  %9 = arith.truncf %d toward_zero : f64 to f32
  %10 = arith.truncf %x to_nearest_away fastmath<nnan> : f32 to bf16
  %11 = arith.truncf %x fastmath<fast> : f32 to f16
  %12 = arith.sitofp %a : i32 to f32
  %13 = arith.uitofp %a : i32 to f64
  %14 = arith.fptosi %x : f32 to i64
  %15 = arith.fptoui %d : f64 to i16
  %16 = arith.index_cast %a : i32 to index
  %17 = arith.index_cast %i : index to i8
  %18 = arith.index_castui %a : i32 to index
  %19 = arith.index_castui %i : index to i64
  %20 = arith.bitcast %a : i32 to f32
  %21 = arith.bitcast %h : f16 to bf16
  %22 = arith.bitcast %d : f64 to i64
  return
}

// Elementwise on vectors and tensors: every family, static and dynamic shapes.
// CHECK-LABEL: func.func @shaped(%arg0: vector<4xi32>, %arg1: vector<4xi32>, %arg2: vector<4xf32>, %arg3: tensor<2x?xi64>, %arg4: tensor<?xf16>, %arg5: vector<[4]xf32>) {
// CHECK-NEXT:    %0 = arith.addi %arg0, %arg1 overflow<nsw> : vector<4xi32>
// CHECK-NEXT:    %1 = arith.muli %arg3, %arg3 : tensor<2x?xi64>
// CHECK-NEXT:    %2 = arith.addf %arg2, %arg2 fastmath<fast> : vector<4xf32>
// CHECK-NEXT:    %3 = arith.negf %arg4 : tensor<?xf16>
// CHECK-NEXT:    %4 = arith.mulf %arg5, %arg5 : vector<[4]xf32>
// CHECK-NEXT:    %5 = arith.cmpi ne, %arg0, %arg1 : vector<4xi32>
// CHECK-NEXT:    %6 = arith.cmpf ogt, %arg4, %arg4 : tensor<?xf16>
// CHECK-NEXT:    %7 = arith.select %5, %arg0, %arg1 : vector<4xi1>, vector<4xi32>
// CHECK-NEXT:    %8 = arith.extsi %arg0 : vector<4xi32> to vector<4xi64>
// CHECK-NEXT:    %9 = arith.trunci %arg3 overflow<nsw, nuw> : tensor<2x?xi64> to tensor<2x?xi32>
// CHECK-NEXT:    %10 = arith.truncf %arg2 downward : vector<4xf32> to vector<4xf16>
// CHECK-NEXT:    %11 = arith.sitofp %arg0 : vector<4xi32> to vector<4xf32>
// CHECK-NEXT:    %12 = arith.fptoui %arg4 : tensor<?xf16> to tensor<?xi8>
// CHECK-NEXT:    %13 = arith.index_cast %arg3 : tensor<2x?xi64> to tensor<2x?xindex>
// CHECK-NEXT:    %14 = arith.bitcast %arg2 : vector<4xf32> to vector<4xi32>
// CHECK-NEXT:    %sum, %overflow = arith.addui_extended %arg0, %arg1 : vector<4xi32>, vector<4xi1>
// CHECK-NEXT:    %low, %high = arith.mului_extended %arg3, %arg3 : tensor<2x?xi64>
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @shaped(%va: vector<4xi32>, %vb: vector<4xi32>, %vx: vector<4xf32>, %ta: tensor<2x?xi64>, %tx: tensor<?xf16>, %sv: vector<[4]xf32>) {
  %0 = arith.addi %va, %vb overflow<nsw> : vector<4xi32>
  %1 = arith.muli %ta, %ta : tensor<2x?xi64>
  %2 = arith.addf %vx, %vx fastmath<fast> : vector<4xf32>
  %3 = arith.negf %tx : tensor<?xf16>
  %4 = arith.mulf %sv, %sv : vector<[4]xf32>
  %5 = arith.cmpi ne, %va, %vb : vector<4xi32>
  %6 = arith.cmpf ogt, %tx, %tx : tensor<?xf16>
  %7 = arith.select %5, %va, %vb : vector<4xi1>, vector<4xi32>
  %8 = arith.extsi %va : vector<4xi32> to vector<4xi64>
  %9 = arith.trunci %ta overflow<nsw, nuw> : tensor<2x?xi64> to tensor<2x?xi32>
  %10 = arith.truncf %vx downward : vector<4xf32> to vector<4xf16>
  %11 = arith.sitofp %va : vector<4xi32> to vector<4xf32>
  %12 = arith.fptoui %tx : tensor<?xf16> to tensor<?xi8>
  %13 = arith.index_cast %ta : tensor<2x?xi64> to tensor<2x?xindex>
  %14 = arith.bitcast %vx : vector<4xf32> to vector<4xi32>
  %s, %o = arith.addui_extended %va, %vb : vector<4xi32>, vector<4xi1>
  %l, %h = arith.mului_extended %ta, %ta : tensor<2x?xi64>
  return
}

// The generic spelling reads as the same ops: absent flags are their defaults.
// CHECK-LABEL: func.func @generic(%arg0: i32, %arg1: f32, %arg2: f64) {
// CHECK-NEXT:    %0 = arith.addi %arg0, %arg0 overflow<nsw> : i32
// CHECK-NEXT:    %1 = arith.addf %arg1, %arg1 : f32
// CHECK-NEXT:    %2 = arith.mulf %arg1, %arg1 fastmath<nnan,nsz> : f32
// CHECK-NEXT:    %3 = arith.cmpi sgt, %arg0, %arg0 : i32
// CHECK-NEXT:    %4 = arith.cmpf une, %arg1, %arg1 : f32
// CHECK-NEXT:    %5 = arith.truncf %arg2 toward_zero : f64 to f32
// CHECK-NEXT:    %c7_i32 = arith.constant 7 : i32
// CHECK-NEXT:    %6 = arith.select %3, %arg0, %c7_i32 : i32
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @generic(%a: i32, %x: f32, %d: f64) {
  %0 = "arith.addi"(%a, %a) <{overflowFlags = #arith.overflow<nsw>}> : (i32, i32) -> i32
  %1 = "arith.addf"(%x, %x) : (f32, f32) -> f32
  %2 = "arith.mulf"(%x, %x) <{fastmath = #arith.fastmath<nnan,nsz>}> : (f32, f32) -> f32
  %3 = "arith.cmpi"(%a, %a) <{predicate = 4 : i64}> : (i32, i32) -> i1
  %4 = "arith.cmpf"(%x, %x) <{fastmath = #arith.fastmath<none>, predicate = 13 : i64}> : (f32, f32) -> i1
  %5 = "arith.truncf"(%d) <{roundingmode = 3 : i32}> : (f64) -> f32
  %6 = "arith.constant"() <{value = 7 : i32}> : () -> i32
  %7 = "arith.select"(%3, %a, %6) : (i1, i32, i32) -> i32
  return
}
