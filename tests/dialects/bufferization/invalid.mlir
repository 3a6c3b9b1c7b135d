// RUN: irc-opt %s -split-input-file -verify-diagnostics
// Every message here is MLIR's: test_mlir_agreement.py runs this file through iree-opt too.
// Not here: a to_tensor/to_buffer whose tensor and buffer types differ, where MLIR reports
// two errors ('shapes do not match' and 'failed to verify that specified tensor and buffer
// types match') and irc only the second (tests/dialects/bufferization/test_interpreter.py).

func.func @to_tensor_operand(%t: tensor<4xf32>) {
  // expected-error @+1 {{'bufferization.to_tensor' op operand #0 must be BufferLikeType instance, but got 'tensor<4xf32>'}}
  %0 = "bufferization.to_tensor"(%t) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @to_tensor_result(%m: memref<4xf32>) {
  // expected-error @+1 {{'bufferization.to_tensor' op result #0 must be TensorLikeType instance, but got 'memref<4xf32>'}}
  %0 = "bufferization.to_tensor"(%m) : (memref<4xf32>) -> memref<4xf32>
  return
}

// -----

func.func @to_tensor_flag_kind(%m: memref<4xf32>) {
  // expected-error @+1 {{invalid properties {restrict = 1 : i32} for op bufferization.to_tensor: Invalid attribute `restrict` in property conversion: 1 : i32}}
  %0 = "bufferization.to_tensor"(%m) <{restrict = 1 : i32}> : (memref<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @to_buffer_flag_kind(%t: tensor<4xf32>) {
  // expected-error @+1 {{invalid properties {read_only = true} for op bufferization.to_buffer: Invalid attribute `read_only` in property conversion: true}}
  %0 = "bufferization.to_buffer"(%t) <{read_only = true}> : (tensor<4xf32>) -> memref<4xf32>
  return
}

// -----

func.func @to_buffer_custom_tensor(%t: tensor<4xf32>) {
  // expected-error @+1 {{custom op 'bufferization.to_buffer' invalid kind of type specified}}
  %0 = bufferization.to_buffer %t : tensor<4xf32> to tensor<4xf32>
  return
}

// -----

func.func @alloc_tensor_custom_memref() {
  // expected-error @+1 {{custom op 'bufferization.alloc_tensor' invalid kind of type specified}}
  %0 = bufferization.alloc_tensor() : memref<4xf32>
  return
}

// -----

func.func @dealloc_tensor_custom_memref(%m: memref<4xf32>) {
  // expected-error @+1 {{custom op 'bufferization.dealloc_tensor' invalid kind of type specified}}
  bufferization.dealloc_tensor %m : memref<4xf32>
  return
}

// -----

func.func @to_buffer_operand(%m: memref<4xf32>) {
  // expected-error @+1 {{'bufferization.to_buffer' op operand #0 must be TensorLikeType instance, but got 'memref<4xf32>'}}
  %0 = "bufferization.to_buffer"(%m) : (memref<4xf32>) -> memref<4xf32>
  return
}

// -----

func.func @alloc_tensor_sizes(%i: index) {
  // expected-error @+1 {{'bufferization.alloc_tensor' op incorrect number of dynamic sizes, has 2, expected 1}}
  %0 = bufferization.alloc_tensor(%i, %i) : tensor<4x?xf32>
  return
}

// -----

func.func @alloc_tensor_copy_sizes(%i: index, %t: tensor<4x?xf32>) {
  // expected-error @+1 {{dynamic sizes not needed when copying a tensor}}
  %0 = bufferization.alloc_tensor(%i) copy(%t) : tensor<4x?xf32>
  return
}

// -----

func.func @alloc_tensor_copy_type(%t: tensor<4x4xf32>) {
  // expected-error @+1 {{expected that `copy` and return type match}}
  %0 = "bufferization.alloc_tensor"(%t) <{operandSegmentSizes = array<i32: 0, 1, 0>}> : (tensor<4x4xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @alloc_tensor_memref() {
  // expected-error @+1 {{'bufferization.alloc_tensor' op result #0 must be tensor of any non-token type values, but got 'memref<4xf32>'}}
  %0 = "bufferization.alloc_tensor"() <{operandSegmentSizes = array<i32: 0, 0, 0>}> : () -> memref<4xf32>
  return
}

// -----

func.func @alloc_tensor_strict_properties() {
  // expected-error @+1 {{custom op 'bufferization.alloc_tensor' inherent attribute 'memory_space' cannot be parsed from attr-dict when strict properties in assembly format is enabled}}
  %0 = bufferization.alloc_tensor() {memory_space = 1 : i64} : tensor<4xf32>
  return
}

// -----

func.func @materialize_shapes(%t: tensor<4xf32>, %u: tensor<5xf32>) {
  // expected-error @+1 {{'bufferization.materialize_in_destination' op source/destination shapes are incompatible}}
  %0 = bufferization.materialize_in_destination %t in %u : (tensor<4xf32>, tensor<5xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @materialize_rank(%t: tensor<4xf32>, %m: memref<4x4xf32>) {
  // expected-error @+1 {{'bufferization.materialize_in_destination' op source rank (1) does not match destination rank (2)}}
  bufferization.materialize_in_destination %t in restrict writable %m : (tensor<4xf32>, memref<4x4xf32>) -> ()
  return
}

// -----

func.func @materialize_unranked(%t: tensor<4xf32>, %m: memref<*xf32>) {
  // expected-error @+1 {{'bufferization.materialize_in_destination' op source/destination shapes are incompatible}}
  bufferization.materialize_in_destination %t in writable %m : (tensor<4xf32>, memref<*xf32>) -> ()
  return
}

// -----

func.func @materialize_restrict(%t: tensor<4xf32>, %u: tensor<4xf32>) {
  // expected-error @+1 {{'bufferization.materialize_in_destination' op 'restrict' is valid only for memref destinations}}
  %0 = bufferization.materialize_in_destination %t in restrict %u : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @materialize_writable(%t: tensor<4xf32>, %m: memref<4xf32>) {
  // expected-error @+1 {{'bufferization.materialize_in_destination' op 'writable' must be specified if and only if the destination is of memref type}}
  bufferization.materialize_in_destination %t in %m : (tensor<4xf32>, memref<4xf32>) -> ()
  return
}

// -----

func.func @materialize_memref_result(%t: tensor<4xf32>, %m: memref<4xf32>) {
  // expected-error @+1 {{'bufferization.materialize_in_destination' op memref 'dest' implies zero results}}
  %0 = bufferization.materialize_in_destination %t in writable %m : (tensor<4xf32>, memref<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @materialize_tensor_no_result(%t: tensor<4xf32>, %u: tensor<4xf32>) {
  // expected-error @+1 {{'bufferization.materialize_in_destination' op tensor 'dest' implies exactly one tensor result}}
  bufferization.materialize_in_destination %t in %u : (tensor<4xf32>, tensor<4xf32>) -> ()
  return
}

// -----

func.func @materialize_result_type(%t: tensor<4xf32>, %u: tensor<4xf32>) {
  // expected-error @+1 {{'bufferization.materialize_in_destination' op result and 'dest' types must match}}
  %0 = bufferization.materialize_in_destination %t in %u : (tensor<4xf32>, tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @materialize_element(%t: tensor<4xf32>, %m: memref<4xi32>) {
  // expected-error @+1 {{'bufferization.materialize_in_destination' op failed to verify that all of {source, dest} have same element type}}
  bufferization.materialize_in_destination %t in restrict writable %m : (tensor<4xf32>, memref<4xi32>) -> ()
  return
}

// -----

func.func @materialize_vector(%t: tensor<4xf32>, %v: vector<4xf32>) {
  // expected-error @+1 {{'bufferization.materialize_in_destination' op 'dest' must be a tensor or a memref}}
  bufferization.materialize_in_destination %t in %v : (tensor<4xf32>, vector<4xf32>) -> ()
  return
}

// -----

func.func @materialize_source(%m: memref<4xf32>) {
  // expected-error @+1 {{'bufferization.materialize_in_destination' op operand #0 must be tensor of any non-token type values, but got 'memref<4xf32>'}}
  "bufferization.materialize_in_destination"(%m, %m) : (memref<4xf32>, memref<4xf32>) -> ()
  return
}

// -----

func.func @materialize_type_count(%t: tensor<4xf32>, %m: memref<4xf32>) {
  // expected-error @+1 {{custom op 'bufferization.materialize_in_destination' number of operands and types do not match: got 2 operands and 1 types}}
  bufferization.materialize_in_destination %t in writable %m : (tensor<4xf32>) -> ()
  return
}

// -----

func.func @dealloc_tensor_memref(%m: memref<4xf32>) {
  // expected-error @+1 {{'bufferization.dealloc_tensor' op operand #0 must be tensor of any non-token type values, but got 'memref<4xf32>'}}
  "bufferization.dealloc_tensor"(%m) : (memref<4xf32>) -> ()
  return
}

// -----

func.func @dealloc_conditions(%a: memref<2xf32>, %c: i1) {
  // expected-error @+1 {{'bufferization.dealloc' op must have the same number of conditions as memrefs to deallocate}}
  "bufferization.dealloc"(%a, %c, %c) <{operandSegmentSizes = array<i32: 1, 2, 0>}> : (memref<2xf32>, i1, i1) -> ()
  return
}

// -----

func.func @dealloc_results(%a: memref<2xf32>, %c: i1) {
  // expected-error @+1 {{'bufferization.dealloc' op must have the same number of updated conditions (results) as retained operands}}
  %0 = "bufferization.dealloc"(%a, %c) <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (memref<2xf32>, i1) -> (i1)
  return
}

// -----

func.func @dealloc_tensor_operand(%a: tensor<2xf32>, %c: i1) {
  // expected-error @+1 {{'bufferization.dealloc' op operand #0 must be variadic of ranked or unranked memref of any non-token type values, but got 'tensor<2xf32>'}}
  "bufferization.dealloc"(%a, %c) <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (tensor<2xf32>, i1) -> ()
  return
}

// -----

func.func @dealloc_condition_type(%a: memref<2xf32>, %c: i32) {
  // expected-error @+1 {{'bufferization.dealloc' op operand #1 must be variadic of 1-bit signless integer, but got 'i32'}}
  "bufferization.dealloc"(%a, %c) <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (memref<2xf32>, i32) -> ()
  return
}

// -----

func.func @dealloc_result_type(%a: memref<2xf32>, %c: i1, %r: memref<1xf32>) {
  // expected-error @+1 {{'bufferization.dealloc' op result #0 must be variadic of 1-bit signless integer, but got 'i32'}}
  %0 = "bufferization.dealloc"(%a, %c, %r) <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (memref<2xf32>, i1, memref<1xf32>) -> (i32)
  return
}

// -----

func.func @dealloc_type_count(%a: memref<2xf32>, %c: i1) {
  // expected-error @+1 {{custom op 'bufferization.dealloc' number of operands and types do not match: got 2 operands and 1 types}}
  bufferization.dealloc (%a, %a : memref<2xf32>) if (%c, %c)
  return
}

// -----

func.func @clone_tensor(%t: tensor<4xf32>) {
  // expected-error @+1 {{'bufferization.clone' op operand #0 must be ranked or unranked memref of any non-token type values, but got 'tensor<4xf32>'}}
  %0 = "bufferization.clone"(%t) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @clone_custom_tensor(%m: memref<4xf32>) {
  // expected-error @+1 {{custom op 'bufferization.clone' invalid kind of type specified}}
  %0 = bufferization.clone %m : memref<4xf32> to tensor<4xf32>
  return
}
