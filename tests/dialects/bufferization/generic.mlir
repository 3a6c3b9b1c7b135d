// RUN: irc-opt %s --mlir-print-op-generic | irc-opt --mlir-print-op-generic | filecheck %s
// bufferization ops in MLIR's generic form: properties as MLIR prints them (the unit flags
// restrict, writable and read_only, operandSegmentSizes, memory_space), and inherent
// attributes given in the attribute dictionary. test_mlir_agreement.py checks these
// against iree-opt. The CHECK lines are iree-opt's own print.

// CHECK-LABEL: "func.func"() <{function_type = (tensor<4xf32>, memref<4xf32>, index) -> (), sym_name = "generic"}> ({
// CHECK-NEXT: ^bb0(%arg0: tensor<4xf32>, %arg1: memref<4xf32>, %arg2: index):
// CHECK-NEXT: %0 = "arith.constant"() <{value = true}> : () -> i1
// CHECK-NEXT: %1 = "bufferization.to_tensor"(%arg1) <{restrict, writable}> : (memref<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: %2 = "bufferization.to_buffer"(%arg0) <{read_only}> : (tensor<4xf32>) -> memref<4xf32>
// CHECK-NEXT: %3 = "bufferization.alloc_tensor"(%arg2) <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (index) -> tensor<?xf32>
// CHECK-NEXT: %4 = "bufferization.alloc_tensor"(%arg0, %arg2) <{memory_space = 1 : i64, operandSegmentSizes = array<i32: 0, 1, 1>}> : (tensor<4xf32>, index) -> tensor<4xf32>
// CHECK-NEXT: %5 = "bufferization.materialize_in_destination"(%arg0, %1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: "bufferization.materialize_in_destination"(%arg0, %arg1) <{restrict, writable}> : (tensor<4xf32>, memref<4xf32>) -> ()
// CHECK-NEXT: %6 = "bufferization.clone"(%arg1) : (memref<4xf32>) -> memref<4xf32>
// CHECK-NEXT: "bufferization.dealloc_tensor"(%arg0) : (tensor<4xf32>) -> ()
// CHECK-NEXT: %7 = "bufferization.to_tensor"(%arg1) <{restrict}> {note} : (memref<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: %8 = "bufferization.alloc_tensor"() <{memory_space = 2 : i64, operandSegmentSizes = array<i32: 0, 0, 0>}> : () -> tensor<4xf32>
// CHECK-NEXT: %9 = "bufferization.dealloc"(%arg1, %0, %6) <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (memref<4xf32>, i1, memref<4xf32>) -> i1
// CHECK-NEXT: "func.return"() : () -> ()
// CHECK-NEXT: }) : () -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (tensor<4xf32>, memref<4xf32>, index) -> (), sym_name = "generic"}> ({
^bb0(%t: tensor<4xf32>, %m: memref<4xf32>, %n: index):
  %true = "arith.constant"() <{value = true}> : () -> i1
  %a = "bufferization.to_tensor"(%m) <{restrict, writable}> : (memref<4xf32>) -> tensor<4xf32>
  %b = "bufferization.to_buffer"(%t) <{read_only}> : (tensor<4xf32>) -> memref<4xf32>
  %c = "bufferization.alloc_tensor"(%n) <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (index) -> tensor<?xf32>
  %d = "bufferization.alloc_tensor"(%t, %n) <{memory_space = 1 : i64, operandSegmentSizes = array<i32: 0, 1, 1>}> : (tensor<4xf32>, index) -> tensor<4xf32>
  %e = "bufferization.materialize_in_destination"(%t, %a) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  "bufferization.materialize_in_destination"(%t, %m) <{restrict, writable}> : (tensor<4xf32>, memref<4xf32>) -> ()
  %f = "bufferization.clone"(%m) : (memref<4xf32>) -> memref<4xf32>
  "bufferization.dealloc_tensor"(%t) : (tensor<4xf32>) -> ()
  // Inherent attributes in the attribute dictionary are stored as properties.
  %g = "bufferization.to_tensor"(%m) {restrict, note} : (memref<4xf32>) -> tensor<4xf32>
  %h = "bufferization.alloc_tensor"() {operandSegmentSizes = array<i32: 0, 0, 0>, memory_space = 2 : i64} : () -> tensor<4xf32>
  %k = "bufferization.dealloc"(%m, %true, %f) <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (memref<4xf32>, i1, memref<4xf32>) -> i1
  "func.return"() : () -> ()
}) : () -> ()
