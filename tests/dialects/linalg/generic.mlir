// RUN: irc-opt %s --mlir-print-op-generic | irc-opt --mlir-print-op-generic | filecheck %s
// linalg ops in MLIR's generic form: the properties (indexing_maps, iterator_types as
// #linalg.iterator_type<...>, operandSegmentSizes, doc, library_call; inherent attributes
// given in the attribute dictionary become properties), the bodies the custom form of the
// named ops leaves out, and discardable attributes. The CHECK lines are iree-opt's print
// (its #map aliases left open); test_mlir_agreement.py compares with iree-opt.

// CHECK-LABEL: "func.func"() <{function_type = (tensor<4x8xf32>, tensor<8xf32>, tensor<4x8xf32>, memref<4x8xi32>, i32) -> tensor<4x8xf32>, sym_name = "generic"}> ({
// CHECK-NEXT: ^bb0(%arg9: tensor<4x8xf32>, %arg10: tensor<8xf32>, %arg11: tensor<4x8xf32>, %arg12: memref<4x8xi32>, %arg13: i32):
// CHECK-NEXT: %4 = "linalg.generic"(%arg9, %arg10, %arg11) <{indexing_maps = [{{.*}}], iterator_types = [#linalg.iterator_type<parallel>, #linalg.iterator_type<parallel>], operandSegmentSizes = array<i32: 2, 1>}> ({
// CHECK-NEXT: ^bb0(%arg16: f32, %arg17: f32, %arg18: f32):
// CHECK-NEXT: %8 = "arith.mulf"(%arg16, %arg17) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
// CHECK-NEXT: "linalg.yield"(%8) : (f32) -> ()
// CHECK-NEXT: }) {note = "kept"} : (tensor<4x8xf32>, tensor<8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: "linalg.generic"(%arg13, %arg12) <{doc = "inherent in the dictionary", indexing_maps = [{{.*}}], iterator_types = [#linalg.iterator_type<parallel>, #linalg.iterator_type<parallel>], library_call = "f", operandSegmentSizes = array<i32: 1, 1>}> ({
// CHECK-NEXT: ^bb0(%arg14: i32, %arg15: i32):
// CHECK-NEXT: %5 = "linalg.index"() <{dim = 1 : i64}> : () -> index
// CHECK-NEXT: %6 = "arith.index_cast"(%5) : (index) -> i32
// CHECK-NEXT: %7 = "arith.addi"(%arg14, %6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: "linalg.yield"(%7) : (i32) -> ()
// CHECK-NEXT: }) : (i32, memref<4x8xi32>) -> ()
// CHECK-NEXT: "func.return"(%4) : (tensor<4x8xf32>) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (tensor<4x8xf32>, tensor<8xf32>, tensor<4x8xf32>, memref<4x8xi32>, i32) -> tensor<4x8xf32>, sym_name = "generic"}> ({
^bb0(%a: tensor<4x8xf32>, %b: tensor<8xf32>, %init: tensor<4x8xf32>, %m: memref<4x8xi32>, %k: i32):
  %0 = "linalg.generic"(%a, %b, %init) <{indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = [#linalg.iterator_type<parallel>, #linalg.iterator_type<parallel>], operandSegmentSizes = array<i32: 2, 1>}> ({
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = "arith.mulf"(%x, %y) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
    "linalg.yield"(%s) : (f32) -> ()
  }) {note = "kept"} : (tensor<4x8xf32>, tensor<8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  "linalg.generic"(%k, %m) ({
  ^bb0(%x: i32, %o: i32):
    %i = "linalg.index"() <{dim = 1 : i64}> : () -> index
    %j = "arith.index_cast"(%i) : (index) -> i32
    %s = "arith.addi"(%x, %j) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "linalg.yield"(%s) : (i32) -> ()
  }) {doc = "inherent in the dictionary", indexing_maps = [affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d1, d0)>], iterator_types = [#linalg.iterator_type<parallel>, #linalg.iterator_type<parallel>], library_call = "f", operandSegmentSizes = array<i32: 1, 1>} : (i32, memref<4x8xi32>) -> ()
  "func.return"(%0) : (tensor<4x8xf32>) -> ()
}) : () -> ()
// CHECK-LABEL: "func.func"() <{function_type = (tensor<4x8xf32>, tensor<8x3xf32>, tensor<4x3xf32>, f32) -> tensor<4x3xf32>, sym_name = "named"}> ({
// CHECK-NEXT: ^bb0(%arg0: tensor<4x8xf32>, %arg1: tensor<8x3xf32>, %arg2: tensor<4x3xf32>, %arg3: f32):
// CHECK-NEXT: %0 = "linalg.fill"(%arg3, %arg2) <{operandSegmentSizes = array<i32: 1, 1>}> ({
// CHECK-NEXT: ^bb0(%arg7: f32, %arg8: f32):
// CHECK-NEXT: "linalg.yield"(%arg7) : (f32) -> ()
// CHECK-NEXT: }) : (f32, tensor<4x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT: %1 = "linalg.matmul"(%arg0, %arg1, %0) <{indexing_maps = [{{.*}}], operandSegmentSizes = array<i32: 2, 1>}> ({
// CHECK-NEXT: ^bb0(%arg4: f32, %arg5: f32, %arg6: f32):
// CHECK-NEXT: %2 = "arith.mulf"(%arg4, %arg5) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
// CHECK-NEXT: %3 = "arith.addf"(%arg6, %2) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
// CHECK-NEXT: "linalg.yield"(%3) : (f32) -> ()
// CHECK-NEXT: }) : (tensor<4x8xf32>, tensor<8x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT: "func.return"(%1) : (tensor<4x3xf32>) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (tensor<4x8xf32>, tensor<8x3xf32>, tensor<4x3xf32>, f32) -> tensor<4x3xf32>, sym_name = "named"}> ({
^bb0(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>, %c: tensor<4x3xf32>, %f: f32):
  %0 = "linalg.fill"(%f, %c) <{operandSegmentSizes = array<i32: 1, 1>}> ({
  ^bb0(%x: f32, %o: f32):
    "linalg.yield"(%x) : (f32) -> ()
  }) : (f32, tensor<4x3xf32>) -> tensor<4x3xf32>
  %1 = "linalg.matmul"(%a, %b, %0) <{indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], operandSegmentSizes = array<i32: 2, 1>}> ({
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = "arith.mulf"(%x, %y) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
    %s = "arith.addf"(%o, %p) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
    "linalg.yield"(%s) : (f32) -> ()
  }) : (tensor<4x8xf32>, tensor<8x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  "func.return"(%1) : (tensor<4x3xf32>) -> ()
}) : () -> ()
