// RUN: irc-opt %s --mlir-print-op-generic | irc-opt --mlir-print-op-generic | filecheck %s
// memref ops in MLIR's generic form: properties as MLIR prints them (operandSegmentSizes,
// static_offsets/sizes/strides with -9223372036854775808 for a dynamic entry,
// reassociation, static_output_shape), properties the custom form leaves out
// (nontemporal = false), and inherent attributes given in the attribute dictionary.
// test_mlir_agreement.py checks these against iree-opt.

// CHECK-LABEL: "func.func"() <{function_type = (memref<8x?xf32>, index, index, f32) -> (), sym_name = "generic"}>
"func.func"() <{function_type = (memref<8x?xf32>, index, index, f32) -> (), sym_name = "generic"}> ({
^bb0(%m: memref<8x?xf32>, %i: index, %n: index, %v: f32):
  // CHECK: "memref.alloc"(%arg2) <{alignment = 32 : i64, operandSegmentSizes = array<i32: 1, 0>}> : (index) -> memref<?xf32>
  %a = "memref.alloc"(%n) <{alignment = 32 : i64, operandSegmentSizes = array<i32: 1, 0>}> : (index) -> memref<?xf32>
  // CHECK: "memref.load"(%arg0, %arg1, %arg2) <{nontemporal = false}> : (memref<8x?xf32>, index, index) -> f32
  %l = "memref.load"(%m, %i, %n) <{nontemporal = false}> : (memref<8x?xf32>, index, index) -> f32
  // CHECK: "memref.store"(%arg3, %0, %arg1) <{alignment = 4 : i64, nontemporal = true}> : (f32, memref<?xf32>, index) -> ()
  "memref.store"(%v, %a, %i) <{alignment = 4 : i64, nontemporal = true}> : (f32, memref<?xf32>, index) -> ()
  // CHECK: "memref.subview"(%arg0, %arg1, %arg2) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>, static_offsets = array<i64: -9223372036854775808, 0>, static_sizes = array<i64: 4, -9223372036854775808>, static_strides = array<i64: 1, 1>}> : (memref<8x?xf32>, index, index) -> memref<4x?xf32, strided<[?, 1], offset: ?>>
  %s = "memref.subview"(%m, %i, %n) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>, static_offsets = array<i64: -9223372036854775808, 0>, static_sizes = array<i64: 4, -9223372036854775808>, static_strides = array<i64: 1, 1>}> : (memref<8x?xf32>, index, index) -> memref<4x?xf32, strided<[?, 1], offset: ?>>
  // CHECK: "memref.expand_shape"(%0, %arg1) <{reassociation = {{\[\[}}0, 1{{\]\]}}, static_output_shape = array<i64: -9223372036854775808, 1>}> : (memref<?xf32>, index) -> memref<?x1xf32>
  %e = "memref.expand_shape"(%a, %i) <{reassociation = [[0, 1]], static_output_shape = array<i64: -9223372036854775808, 1>}> : (memref<?xf32>, index) -> memref<?x1xf32>
  // CHECK: "memref.reinterpret_cast"(%0, %arg2) <{operandSegmentSizes = array<i32: 1, 0, 1, 0>, static_offsets = array<i64: 0>, static_sizes = array<i64: -9223372036854775808>, static_strides = array<i64: 1>}> : (memref<?xf32>, index) -> memref<?xf32>
  %r = "memref.reinterpret_cast"(%a, %n) <{operandSegmentSizes = array<i32: 1, 0, 1, 0>, static_offsets = array<i64: 0>, static_sizes = array<i64: -9223372036854775808>, static_strides = array<i64: 1>}> : (memref<?xf32>, index) -> memref<?xf32>
  // Inherent attributes in the attribute dictionary are stored as properties.
  // CHECK: "memref.alloc"(%arg2) <{operandSegmentSizes = array<i32: 1, 0>}> : (index) -> memref<?xf32>
  %b = "memref.alloc"(%n) {operandSegmentSizes = array<i32: 1, 0>} : (index) -> memref<?xf32>
  // CHECK: "memref.load"(%arg0, %arg1, %arg2) <{nontemporal = true}> {note} : (memref<8x?xf32>, index, index) -> f32
  %l2 = "memref.load"(%m, %i, %n) {nontemporal = true, note} : (memref<8x?xf32>, index, index) -> f32
  "memref.dealloc"(%a) : (memref<?xf32>) -> ()
  "func.return"() : () -> ()
}) : () -> ()
