// RUN: irc-opt %s --mlir-print-op-generic | irc-opt --mlir-print-op-generic | filecheck %s
// vector ops in MLIR's generic form: properties as MLIR prints them (nontemporal = false,
// the default fastmath, static_position with -9223372036854775808 for a dynamic entry),
// and inherent attributes given in the attribute dictionary. test_mlir_agreement.py
// checks these against iree-opt.

// CHECK-LABEL: "func.func"() <{function_type = (memref<8xf32>, vector<2x4xf32>, index, f32) -> (), sym_name = "generic"}>
"func.func"() <{function_type = (memref<8xf32>, vector<2x4xf32>, index, f32) -> (), sym_name = "generic"}> ({
^bb0(%m: memref<8xf32>, %v: vector<2x4xf32>, %i: index, %s: f32):
  // CHECK: "vector.load"(%arg0, %arg2) <{nontemporal = false}> : (memref<8xf32>, index) -> vector<4xf32>
  %l = "vector.load"(%m, %i) <{nontemporal = false}> : (memref<8xf32>, index) -> vector<4xf32>
  // CHECK: "vector.store"(%0, %arg0, %arg2) <{alignment = 16 : i64, nontemporal = true}> : (vector<4xf32>, memref<8xf32>, index) -> ()
  "vector.store"(%l, %m, %i) <{alignment = 16 : i64, nontemporal = true}> : (vector<4xf32>, memref<8xf32>, index) -> ()
  // CHECK: "vector.extract"(%arg1, %arg2) <{static_position = array<i64: -9223372036854775808, 1>}> : (vector<2x4xf32>, index) -> f32
  %e = "vector.extract"(%v, %i) <{static_position = array<i64: -9223372036854775808, 1>}> : (vector<2x4xf32>, index) -> f32
  // CHECK: "vector.insert"(%arg3, %arg1) <{static_position = array<i64: 1, 3>}> : (f32, vector<2x4xf32>) -> vector<2x4xf32>
  %n = "vector.insert"(%s, %v) <{static_position = array<i64: 1, 3>}> : (f32, vector<2x4xf32>) -> vector<2x4xf32>
  // CHECK: "vector.reduction"(%0) <{fastmath = #arith.fastmath<none>, kind = #vector.kind<add>}> : (vector<4xf32>) -> f32
  %r = "vector.reduction"(%l) <{kind = #vector.kind<add>}> : (vector<4xf32>) -> f32
  // CHECK: "vector.reduction"(%0, %arg3) <{fastmath = #arith.fastmath<fast>, kind = #vector.kind<maximumf>}> : (vector<4xf32>, f32) -> f32
  %r2 = "vector.reduction"(%l, %s) <{fastmath = #arith.fastmath<fast>, kind = #vector.kind<maximumf>}> : (vector<4xf32>, f32) -> f32
  // Inherent attributes in the attribute dictionary are stored as properties.
  // CHECK: "vector.reduction"(%0) <{fastmath = #arith.fastmath<none>, kind = #vector.kind<mul>}> {note} : (vector<4xf32>) -> f32
  %r3 = "vector.reduction"(%l) {kind = #vector.kind<mul>, note} : (vector<4xf32>) -> f32
  // CHECK: "vector.broadcast"(%arg3) : (f32) -> vector<4xf32>
  %b = "vector.broadcast"(%s) : (f32) -> vector<4xf32>
  // CHECK: "vector.fma"(%0, %0, %0) : (vector<4xf32>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
  %f = "vector.fma"(%l, %l, %l) : (vector<4xf32>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
  // CHECK: "vector.shape_cast"(%arg1) : (vector<2x4xf32>) -> vector<8xf32>
  %c = "vector.shape_cast"(%v) : (vector<2x4xf32>) -> vector<8xf32>
  "func.return"() : () -> ()
}) : () -> ()
