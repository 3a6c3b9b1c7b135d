// RUN: irc-opt %s --mlir-print-op-generic | irc-opt --mlir-print-op-generic | filecheck %s
// tensor ops in MLIR's generic form: properties as MLIR prints them (operandSegmentSizes,
// static_offsets/sizes/strides and static_low/high with -9223372036854775808 for a dynamic
// entry, reassociation, static_output_shape, dim, nofold), and inherent attributes given
// in the attribute dictionary. test_mlir_agreement.py checks these against iree-opt.
// The CHECK lines are iree-opt's own print.

// CHECK-LABEL: "func.func"() <{function_type = (tensor<8x?xf32>, index, index, f32) -> (), sym_name = "generic"}> ({
// CHECK-NEXT: ^bb0(%arg0: tensor<8x?xf32>, %arg1: index, %arg2: index, %arg3: f32):
// CHECK-NEXT: %0 = "tensor.empty"(%arg2) : (index) -> tensor<4x?xf32>
// CHECK-NEXT: %1 = "tensor.extract_slice"(%arg0, %arg1, %arg2) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>, static_offsets = array<i64: -9223372036854775808, 0>, static_sizes = array<i64: 4, -9223372036854775808>, static_strides = array<i64: 1, 1>}> : (tensor<8x?xf32>, index, index) -> tensor<4x?xf32>
// CHECK-NEXT: %2 = "tensor.insert_slice"(%1, %arg0, %arg1, %arg2) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0>, static_offsets = array<i64: -9223372036854775808, 0>, static_sizes = array<i64: 4, -9223372036854775808>, static_strides = array<i64: 1, 1>}> : (tensor<4x?xf32>, tensor<8x?xf32>, index, index) -> tensor<8x?xf32>
// CHECK-NEXT: %3 = "tensor.collapse_shape"(%0) <{reassociation = {{\[\[}}0, 1{{\]\]}}}> : (tensor<4x?xf32>) -> tensor<?xf32>
// CHECK-NEXT: %4 = "tensor.expand_shape"(%3, %arg2) <{reassociation = {{\[\[}}0, 1{{\]\]}}, static_output_shape = array<i64: 4, -9223372036854775808>}> : (tensor<?xf32>, index) -> tensor<4x?xf32>
// CHECK-NEXT: %5 = "tensor.pad"(%arg0, %arg2) <{nofold, operandSegmentSizes = array<i32: 1, 0, 1>, static_high = array<i64: 1, -9223372036854775808>, static_low = array<i64: 0, 0>}> ({
// CHECK-NEXT: ^bb0(%arg7: index, %arg8: index):
// CHECK-NEXT: "tensor.yield"(%arg3) : (f32) -> ()
// CHECK-NEXT: }) : (tensor<8x?xf32>, index) -> tensor<9x?xf32>
// CHECK-NEXT: %6 = "tensor.generate"(%arg2) ({
// CHECK-NEXT: ^bb0(%arg6: index):
// CHECK-NEXT: "tensor.yield"(%arg3) : (f32) -> ()
// CHECK-NEXT: }) : (index) -> tensor<?xf32>
// CHECK-NEXT: %7 = "tensor.concat"(%arg0, %arg0) <{dim = 1 : i64}> : (tensor<8x?xf32>, tensor<8x?xf32>) -> tensor<8x?xf32>
// CHECK-NEXT: %8 = "tensor.collapse_shape"(%0) <{reassociation = {{\[\[}}0, 1{{\]\]}}}> {note} : (tensor<4x?xf32>) -> tensor<?xf32>
// CHECK-NEXT: %9 = "tensor.concat"(%arg0) <{dim = 0 : i64}> : (tensor<8x?xf32>) -> tensor<8x?xf32>
// CHECK-NEXT: %10 = "tensor.pad"(%arg0) <{operandSegmentSizes = array<i32: 1, 0, 0>, static_high = array<i64: 1, 1>, static_low = array<i64: 0, 0>}> ({
// CHECK-NEXT: ^bb0(%arg4: index, %arg5: index):
// CHECK-NEXT: "tensor.yield"(%arg3) : (f32) -> ()
// CHECK-NEXT: }) : (tensor<8x?xf32>) -> tensor<9x?xf32>
// CHECK-NEXT: "func.return"() : () -> ()
// CHECK-NEXT: }) : () -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (tensor<8x?xf32>, index, index, f32) -> (), sym_name = "generic"}> ({
^bb0(%t: tensor<8x?xf32>, %i: index, %n: index, %v: f32):
  %e = "tensor.empty"(%n) : (index) -> tensor<4x?xf32>
  %s = "tensor.extract_slice"(%t, %i, %n) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>, static_offsets = array<i64: -9223372036854775808, 0>, static_sizes = array<i64: 4, -9223372036854775808>, static_strides = array<i64: 1, 1>}> : (tensor<8x?xf32>, index, index) -> tensor<4x?xf32>
  %u = "tensor.insert_slice"(%s, %t, %i, %n) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0>, static_offsets = array<i64: -9223372036854775808, 0>, static_sizes = array<i64: 4, -9223372036854775808>, static_strides = array<i64: 1, 1>}> : (tensor<4x?xf32>, tensor<8x?xf32>, index, index) -> tensor<8x?xf32>
  %c = "tensor.collapse_shape"(%e) <{reassociation = [[0, 1]]}> : (tensor<4x?xf32>) -> tensor<?xf32>
  %x = "tensor.expand_shape"(%c, %n) <{reassociation = [[0, 1]], static_output_shape = array<i64: 4, -9223372036854775808>}> : (tensor<?xf32>, index) -> tensor<4x?xf32>
  %p = "tensor.pad"(%t, %n) <{nofold, operandSegmentSizes = array<i32: 1, 0, 1>, static_high = array<i64: 1, -9223372036854775808>, static_low = array<i64: 0, 0>}> ({
  ^bb0(%a: index, %b: index):
    "tensor.yield"(%v) : (f32) -> ()
  }) : (tensor<8x?xf32>, index) -> tensor<9x?xf32>
  %g = "tensor.generate"(%n) ({
  ^bb0(%a: index):
    "tensor.yield"(%v) : (f32) -> ()
  }) : (index) -> tensor<?xf32>
  %k = "tensor.concat"(%t, %t) <{dim = 1 : i64}> : (tensor<8x?xf32>, tensor<8x?xf32>) -> tensor<8x?xf32>
  // Inherent attributes in the attribute dictionary are stored as properties.
  %c2 = "tensor.collapse_shape"(%e) {reassociation = [[0, 1]], note} : (tensor<4x?xf32>) -> tensor<?xf32>
  %k2 = "tensor.concat"(%t) {dim = 0 : i64} : (tensor<8x?xf32>) -> tensor<8x?xf32>
  %p2 = "tensor.pad"(%t) ({
  ^bb0(%a: index, %b: index):
    "tensor.yield"(%v) : (f32) -> ()
  }) {operandSegmentSizes = array<i32: 1, 0, 0>, static_high = array<i64: 1, 1>, static_low = array<i64: 0, 0>} : (tensor<8x?xf32>) -> tensor<9x?xf32>
  "func.return"() : () -> ()
}) : () -> ()
