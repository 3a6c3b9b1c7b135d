// RUN: irc-opt %s -split-input-file -verify-diagnostics
// Every message here is MLIR's: test_mlir_agreement.py runs this file through iree-opt too.

func.func @empty_dynamic_sizes(%d: index) {
  // expected-error @+1 {{'tensor.empty' op incorrect number of dynamic sizes, has 2, expected 1}}
  %0 = tensor.empty(%d, %d) : tensor<4x?xf32>
  return
}

// -----

func.func @empty_unranked() {
  // expected-error @+1 {{'tensor.empty' op result #0 must be ranked tensor of any non-token type values, but got 'tensor<*xf32>'}}
  %0 = "tensor.empty"() : () -> tensor<*xf32>
  return
}

// -----

func.func @empty_memref() {
  // expected-error @+1 {{custom op 'tensor.empty' invalid kind of type specified: expected builtin.tensor, but found 'memref<4xf32>'}}
  %0 = tensor.empty() : memref<4xf32>
  return
}

// -----

func.func @dim_rank0(%t: tensor<f32>, %i: index) {
  // expected-error @+1 {{'tensor.dim' op operand #0 must be non-0-ranked or unranked tensor, but got 'tensor<f32>'}}
  %0 = "tensor.dim"(%t, %i) : (tensor<f32>, index) -> index
  return
}

// -----

func.func @dim_memref(%m: memref<4xf32>, %i: index) {
  // expected-error @+1 {{'tensor.dim' op operand #0 must be non-0-ranked or unranked tensor, but got 'memref<4xf32>'}}
  %0 = "tensor.dim"(%m, %i) : (memref<4xf32>, index) -> index
  return
}

// -----

func.func @extract_indices(%t: tensor<4xf32>, %i: index) {
  // expected-error @+1 {{'tensor.extract' op incorrect number of indices for extract_element}}
  %0 = tensor.extract %t[%i, %i] : tensor<4xf32>
  return
}

// -----

func.func @extract_result_type(%t: tensor<4xf32>, %i: index) {
  // expected-error @+1 {{'tensor.extract' op failed to verify that result type matches element type of tensor}}
  %0 = "tensor.extract"(%t, %i) : (tensor<4xf32>, index) -> i32
  return
}

// -----

func.func @extract_index_type(%t: tensor<4xf32>, %i: i32) {
  // expected-error @+1 {{'tensor.extract' op operand #1 must be variadic of index, but got 'i32'}}
  %0 = "tensor.extract"(%t, %i) : (tensor<4xf32>, i32) -> f32
  return
}

// -----

func.func @insert_indices(%t: tensor<4xf32>, %i: index, %v: f32) {
  // expected-error @+1 {{'tensor.insert' op incorrect number of indices}}
  %0 = tensor.insert %v into %t[%i, %i] : tensor<4xf32>
  return
}

// -----

func.func @insert_scalar_type(%t: tensor<4xf32>, %i: index, %v: i32) {
  // expected-error @+1 {{'tensor.insert' op failed to verify that scalar type matches element type of dest}}
  %0 = "tensor.insert"(%v, %t, %i) : (i32, tensor<4xf32>, index) -> tensor<4xf32>
  return
}

// -----

func.func @insert_result_type(%t: tensor<4xf32>, %i: index, %v: f32) {
  // expected-error @+1 {{'tensor.insert' op failed to verify that result type matches type of dest}}
  %0 = "tensor.insert"(%v, %t, %i) : (f32, tensor<4xf32>, index) -> tensor<5xf32>
  return
}

// -----

func.func @cast_sizes(%t: tensor<4xf32>) {
  // expected-error @+1 {{'tensor.cast' op operand type 'tensor<4xf32>' and result type 'tensor<5xf32>' are cast incompatible}}
  %0 = tensor.cast %t : tensor<4xf32> to tensor<5xf32>
  return
}

// -----

func.func @cast_element(%t: tensor<4xf32>) {
  // expected-error @+1 {{'tensor.cast' op operand type 'tensor<4xf32>' and result type 'tensor<4xi32>' are cast incompatible}}
  %0 = tensor.cast %t : tensor<4xf32> to tensor<4xi32>
  return
}

// -----

func.func @cast_memref(%m: memref<4xf32>) {
  // expected-error @+1 {{'tensor.cast' op operand #0 must be tensor of any non-token type values, but got 'memref<4xf32>'}}
  %0 = "tensor.cast"(%m) : (memref<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @bitcast_width(%t: tensor<4xi32>) {
  // expected-error @+1 {{'tensor.bitcast' op operand type 'tensor<4xi32>' and result type 'tensor<4xf64>' are cast incompatible}}
  %0 = tensor.bitcast %t : tensor<4xi32> to tensor<4xf64>
  return
}

// -----

func.func @bitcast_shape(%t: tensor<4xi32>) {
  // expected-error @+1 {{'tensor.bitcast' op operand type 'tensor<4xi32>' and result type 'tensor<5xf32>' are cast incompatible}}
  %0 = tensor.bitcast %t : tensor<4xi32> to tensor<5xf32>
  return
}

// -----

func.func @bitcast_index(%t: tensor<4xindex>) {
  // expected-error @+1 {{'tensor.bitcast' op operand #0 must be tensor of signless integer or unsigned integer or signed integer or floating-point values, but got 'tensor<4xindex>'}}
  %0 = tensor.bitcast %t : tensor<4xindex> to tensor<4xi64>
  return
}

// -----

func.func @rank_memref(%m: memref<4xi32>) {
  // expected-error @+1 {{'tensor.rank' op operand #0 must be tensor of any non-token type values, but got 'memref<4xi32>'}}
  %0 = "tensor.rank"(%m) : (memref<4xi32>) -> index
  return
}

// -----

func.func @rank_result(%t: tensor<4xi32>) {
  // expected-error @+1 {{'tensor.rank' op result #0 must be index, but got 'i32'}}
  %0 = "tensor.rank"(%t) : (tensor<4xi32>) -> i32
  return
}

// -----

func.func @dim_custom_memref(%m: memref<4xf32>, %i: index) {
  // expected-error @+1 {{custom op 'tensor.dim' invalid kind of type specified}}
  %0 = tensor.dim %m, %i : memref<4xf32>
  return
}

// -----

func.func @cast_custom_memref(%m: memref<4xf32>) {
  // expected-error @+1 {{custom op 'tensor.cast' invalid kind of type specified}}
  %0 = tensor.cast %m : memref<4xf32> to tensor<4xf32>
  return
}

// -----

func.func @extract_custom_unranked(%t: tensor<*xf32>, %i: index) {
  // expected-error @+1 {{custom op 'tensor.extract' invalid kind of type specified: expected builtin.tensor, but found 'tensor<*xf32>'}}
  %0 = tensor.extract %t[%i] : tensor<*xf32>
  return
}

// -----

func.func @splat_sizes(%v: f32, %i: index) {
  // expected-error @+1 {{'tensor.splat' op incorrect number of dynamic sizes, has 2, expected 1}}
  %0 = tensor.splat %v[%i, %i] : tensor<4x?xf32>
  return
}

// -----

func.func @splat_type(%v: f32) {
  // expected-error @+1 {{'tensor.splat' op failed to verify that operand type matches element type of result}}
  %0 = "tensor.splat"(%v) : (f32) -> tensor<4xi32>
  return
}

// -----

func.func @from_elements_count(%v: f32) {
  // expected-error @+1 {{custom op 'tensor.from_elements' number of operands and types do not match: got 2 operands and 3 types}}
  %0 = tensor.from_elements %v, %v : tensor<3xf32>
  return
}

// -----

func.func @from_elements_generic_count(%v: f32) {
  // expected-error @+1 {{'tensor.from_elements' op failed to verify that operand types match result element type}}
  %0 = "tensor.from_elements"(%v, %v) : (f32, f32) -> tensor<3xf32>
  return
}

// -----

func.func @from_elements_dynamic(%v: f32) {
  // expected-error @+1 {{'tensor.from_elements' op result #0 must be statically shaped tensor of any non-token type values, but got 'tensor<?xf32>'}}
  %0 = "tensor.from_elements"(%v) : (f32) -> tensor<?xf32>
  return
}

// -----

func.func @from_elements_custom_dynamic(%v: f32) {
  // expected-error @+1 {{custom op 'tensor.from_elements' 'result' must be statically shaped tensor of any non-token type values, but got 'tensor<?xf32>'}}
  %0 = tensor.from_elements %v : tensor<?xf32>
  return
}

// -----

func.func @extract_slice_size(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{expected type to be 'tensor<4x4xf32>' or a rank-reduced version. (size mismatch)}}
  %0 = tensor.extract_slice %t[0, 0] [4, 4] [1, 1] : tensor<8x16xf32> to tensor<4x5xf32>
  return
}

// -----

func.func @extract_slice_element(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{expected element type to be 'f32'}}
  %0 = tensor.extract_slice %t[0, 0] [4, 4] [1, 1] : tensor<8x16xf32> to tensor<4x4xi32>
  return
}

// -----

func.func @extract_slice_rank(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{expected rank to be smaller or equal to the other rank.}}
  %0 = tensor.extract_slice %t[0, 0] [4, 4] [1, 1] : tensor<8x16xf32> to tensor<4x4x1xf32>
  return
}

// -----

func.func @extract_slice_bounds(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{slice along dimension 0 runs out-of-bounds: 9 >= 8}}
  %0 = tensor.extract_slice %t[6, 0] [4, 4] [1, 1] : tensor<8x16xf32> to tensor<4x4xf32>
  return
}

// -----

func.func @extract_slice_offset_bounds(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{offset 1 is out-of-bounds: 16 >= 16}}
  %0 = tensor.extract_slice %t[0, 16] [4, 4] [1, 1] : tensor<8x16xf32> to tensor<4x4xf32>
  return
}

// -----

func.func @extract_slice_list_ranks(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{expected mixed offsets rank to match mixed sizes rank (1 vs 2) so the rank of the result type is well-formed.}}
  %0 = tensor.extract_slice %t[0] [4, 4] [1, 1] : tensor<8x16xf32> to tensor<4x4xf32>
  return
}

// -----

func.func @extract_slice_list_length(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{expected 2 offset values, got 3}}
  %0 = tensor.extract_slice %t[0, 0, 0] [4, 4, 1] [1, 1, 1] : tensor<8x16xf32> to tensor<4x4xf32>
  return
}

// -----

func.func @extract_slice_negative(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{expected sizes to be non-negative, but got -1}}
  %0 = tensor.extract_slice %t[0, 0] [-1, 4] [1, 1] : tensor<8x16xf32> to tensor<4x4xf32>
  return
}

// -----

func.func @insert_slice_size(%t: tensor<8x16xf32>, %s: tensor<4x4xf32>) {
  // expected-error @+1 {{expected type to be 'tensor<4x5xf32>' or a rank-reduced version. (size mismatch)}}
  %0 = tensor.insert_slice %s into %t[0, 0] [4, 5] [1, 1] : tensor<4x4xf32> into tensor<8x16xf32>
  return
}

// -----

func.func @insert_slice_bounds(%t: tensor<8x16xf32>, %s: tensor<4x4xf32>) {
  // expected-error @+1 {{slice along dimension 0 runs out-of-bounds: 9 >= 8}}
  %0 = tensor.insert_slice %s into %t[6, 0] [4, 4] [1, 1] : tensor<4x4xf32> into tensor<8x16xf32>
  return
}

// -----

func.func @collapse_static_size(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{'tensor.collapse_shape' op expected dimension 0 of collapsed type to be static value of 128}}
  %0 = tensor.collapse_shape %t [[0, 1]] : tensor<8x16xf32> into tensor<127xf32>
  return
}

// -----

func.func @collapse_dynamic_size(%t: tensor<8x?xf32>) {
  // expected-error @+1 {{'tensor.collapse_shape' op expected dimension 0 of collapsed type to be dynamic since one or more of the corresponding dimensions in the expanded type is dynamic}}
  %0 = tensor.collapse_shape %t [[0, 1]] : tensor<8x?xf32> into tensor<128xf32>
  return
}

// -----

func.func @collapse_group_count(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{'tensor.collapse_shape' op expected collapsed rank (1) to equal the number of reassociation maps (2).}}
  %0 = tensor.collapse_shape %t [[0], [1]] : tensor<8x16xf32> into tensor<128xf32>
  return
}

// -----

func.func @collapse_map_size(%t: tensor<8x16x2xf32>) {
  // expected-error @+1 {{'tensor.collapse_shape' op expected reassociation map #0 to have size equal to the expanded rank (3), but it is  2.}}
  %0 = tensor.collapse_shape %t [[0, 1]] : tensor<8x16x2xf32> into tensor<128xf32>
  return
}

// -----

func.func @collapse_contiguous(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{'tensor.collapse_shape' op expected reassociation map #0 to be valid and contiguous.}}
  %0 = tensor.collapse_shape %t [[1, 0]] : tensor<8x16xf32> into tensor<128xf32>
  return
}

// -----

func.func @collapse_empty_group(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{'tensor.collapse_shape' op reassociation indices must not be empty}}
  %0 = tensor.collapse_shape %t [[0, 1], []] : tensor<8x16xf32> into tensor<128x1xf32>
  return
}

// -----

func.func @collapse_element(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{'tensor.collapse_shape' op expected collapsed type to be 'tensor<128xf32>', but got 'tensor<128xf64>'}}
  %0 = tensor.collapse_shape %t [[0, 1]] : tensor<8x16xf32> into tensor<128xf64>
  return
}

// -----

func.func @collapse_rank0(%t: tensor<1x2xf32>) {
  // expected-error @+1 {{'tensor.collapse_shape' op number of elements must be preserved: 2 != 1}}
  %0 = tensor.collapse_shape %t [] : tensor<1x2xf32> into tensor<f32>
  return
}

// -----

func.func @expand_rank(%t: tensor<8x16xf32>) {
  // expected-error @+1 {{'tensor.expand_shape' op expected the expanded type, 'tensor<128xf32>' to have a higher (or same) rank than the collapsed type, 'tensor<8x16xf32>'.}}
  %0 = tensor.expand_shape %t [[0, 1]] output_shape [128] : tensor<8x16xf32> into tensor<128xf32>
  return
}

// -----

func.func @expand_output_rank(%t: tensor<128xf32>) {
  // expected-error @+1 {{'tensor.expand_shape' op expected number of static shape dims to be equal to the output rank (2) but found 3 inputs instead}}
  %0 = tensor.expand_shape %t [[0, 1]] output_shape [8, 16, 2] : tensor<128xf32> into tensor<8x16xf32>
  return
}

// -----

func.func @expand_output_values(%t: tensor<128xf32>, %i: index) {
  // expected-error @+1 {{'tensor.expand_shape' op mismatch in dynamic dims in output_shape and static_output_shape: static_output_shape has 0 dynamic dims while output_shape has 1 values}}
  %0 = "tensor.expand_shape"(%t, %i) <{reassociation = [[0, 1]], static_output_shape = array<i64: 8, 16>}> : (tensor<128xf32>, index) -> tensor<8x16xf32>
  return
}

// -----

func.func @expand_dynamic_sizes(%t: tensor<128xf32>, %i: index) {
  // expected-error @+1 {{'tensor.expand_shape' op incorrect number of dynamic sizes, has 1, expected 0}}
  %0 = tensor.expand_shape %t [[0, 1]] output_shape [%i, 16] : tensor<128xf32> into tensor<8x16xf32>
  return
}

// -----

func.func @expand_output_shape(%t: tensor<128xf32>) {
  // expected-error @+1 {{'tensor.expand_shape' op invalid output shape provided at pos 1}}
  %0 = tensor.expand_shape %t [[0, 1]] output_shape [8, 15] : tensor<128xf32> into tensor<8x16xf32>
  return
}

// -----

func.func @expand_static_size(%t: tensor<?xf32>) {
  // expected-error @+1 {{'tensor.expand_shape' op expected dimension 0 of collapsed type to be static value of 128}}
  %0 = tensor.expand_shape %t [[0, 1]] output_shape [8, 16] : tensor<?xf32> into tensor<8x16xf32>
  return
}

// -----

func.func @expand_element(%t: tensor<f32>) {
  // expected-error @+1 {{'tensor.expand_shape' op expected collapsed type to be 'tensor<f64>', but got 'tensor<f32>'}}
  %0 = tensor.expand_shape %t [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf64>
  return
}

// -----

func.func @reshape_elements(%t: tensor<4xf32>, %s: tensor<1xindex>) {
  // expected-error @+1 {{'tensor.reshape' op source and destination tensor should have the same number of elements}}
  %0 = tensor.reshape %t(%s) : (tensor<4xf32>, tensor<1xindex>) -> tensor<5xf32>
  return
}

// -----

func.func @reshape_shape_length(%t: tensor<4xf32>, %s: tensor<2xindex>) {
  // expected-error @+1 {{'tensor.reshape' op length of shape operand differs from the result's tensor rank}}
  %0 = tensor.reshape %t(%s) : (tensor<4xf32>, tensor<2xindex>) -> tensor<4xf32>
  return
}

// -----

func.func @reshape_element(%t: tensor<4xf32>, %s: tensor<1xindex>) {
  // expected-error @+1 {{'tensor.reshape' op element types of source and destination tensor types should be the same}}
  %0 = tensor.reshape %t(%s) : (tensor<4xf32>, tensor<1xindex>) -> tensor<4xi32>
  return
}

// -----

func.func @reshape_dynamic_shape(%t: tensor<4xf32>, %s: tensor<?xindex>) {
  // expected-error @+1 {{'tensor.reshape' op cannot use shape operand with dynamic length to reshape to statically-ranked tensor type}}
  %0 = tensor.reshape %t(%s) : (tensor<4xf32>, tensor<?xindex>) -> tensor<4xf32>
  return
}

// -----

func.func @reshape_shape_type(%t: tensor<4xf32>, %s: tensor<1xf32>) {
  // expected-error @+1 {{'tensor.reshape' op operand #1 must be 1D tensor of signless integer or index values, but got 'tensor<1xf32>'}}
  %0 = "tensor.reshape"(%t, %s) : (tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reshape_type_count(%t: tensor<4xf32>, %s: tensor<1xindex>) {
  // expected-error @+1 {{custom op 'tensor.reshape' number of operands and types do not match: got 2 operands and 1 types}}
  %0 = tensor.reshape %t(%s) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reshape_not_function_type(%t: tensor<4xf32>, %s: tensor<1xindex>) {
  // expected-error @+1 {{custom op 'tensor.reshape' invalid kind of type specified: expected builtin.function, but found 'tensor<4xf32>'}}
  %0 = tensor.reshape %t(%s) : tensor<4xf32>
  return
}

// -----

func.func @concat_rank(%t: tensor<4xf32>, %u: tensor<4x2xf32>) {
  // expected-error @+1 {{'tensor.concat' op rank of concatenated inputs must match result rank}}
  %0 = tensor.concat dim(0) %t, %u : (tensor<4xf32>, tensor<4x2xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @concat_dim(%t: tensor<4xf32>) {
  // expected-error @+1 {{'tensor.concat' op concatenation dim must be less than the tensor rank}}
  %0 = tensor.concat dim(1) %t, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @concat_result(%t: tensor<4xf32>) {
  // expected-error @+1 {{'tensor.concat' op result type 'tensor<9xf32>'does not match inferred shape 'tensor<8xf32>' static sizes}}
  %0 = tensor.concat dim(0) %t, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<9xf32>
  return
}

// -----

func.func @concat_other_sizes(%t: tensor<4x2xf32>, %u: tensor<4x3xf32>) {
  // expected-error @+1 {{'tensor.concat' op static concatenation size mismatch along non-concatenated dimension 1}}
  %0 = tensor.concat dim(0) %t, %u : (tensor<4x2xf32>, tensor<4x3xf32>) -> tensor<8x2xf32>
  return
}

// -----

func.func @concat_element(%t: tensor<4xf32>, %u: tensor<4xi32>) {
  // expected-error @+1 {{'tensor.concat' op inputs and result element type must match}}
  %0 = tensor.concat dim(0) %t, %u : (tensor<4xf32>, tensor<4xi32>) -> tensor<8xf32>
  return
}

// -----

func.func @concat_no_input() {
  // expected-error @+1 {{'tensor.concat' op requires at least one input}}
  %0 = tensor.concat dim(0) : () -> tensor<8xf32>
  return
}

// -----

func.func @concat_no_dim(%t: tensor<4xf32>) {
  // expected-error @+1 {{'tensor.concat' op requires attribute 'dim'}}
  %0 = "tensor.concat"(%t) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @concat_dim_type(%t: tensor<4xf32>) {
  // expected-error @+1 {{'tensor.concat' op attribute 'dim' failed to satisfy constraint: 64-bit signless integer attribute}}
  %0 = "tensor.concat"(%t) <{dim = 0 : i32}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @collapse_no_reassociation(%t: tensor<4xf32>) {
  // expected-error @+1 {{'tensor.collapse_shape' op requires attribute 'reassociation'}}
  %0 = "tensor.collapse_shape"(%t) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @collapse_strict_properties(%t: tensor<4xf32>) {
  // expected-error @+1 {{custom op 'tensor.collapse_shape' inherent attribute 'reassociation' cannot be parsed from attr-dict when strict properties in assembly format is enabled}}
  %0 = tensor.collapse_shape %t [[0]] {reassociation = [[0]]} : tensor<4xf32> into tensor<4xf32>
  return
}

// -----

func.func @expand_no_output_shape(%t: tensor<4xf32>) {
  // expected-error @+1 {{'tensor.expand_shape' op requires attribute 'static_output_shape'}}
  %0 = "tensor.expand_shape"(%t) <{reassociation = [[0]]}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @extract_slice_no_strides(%t: tensor<4xf32>) {
  // expected-error @+1 {{'tensor.extract_slice' op requires attribute 'static_strides'}}
  %0 = "tensor.extract_slice"(%t) <{operandSegmentSizes = array<i32: 1, 0, 0, 0>, static_offsets = array<i64: 0>, static_sizes = array<i64: 4>}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @pad_nofold_kind(%t: tensor<4xf32>) {
  // expected-error @+1 {{invalid properties {nofold = true, operandSegmentSizes = array<i32: 1, 0, 0>, static_high = array<i64: 0>, static_low = array<i64: 0>} for op tensor.pad: Invalid attribute `nofold` in property conversion: true}}
  %0 = "tensor.pad"(%t) <{operandSegmentSizes = array<i32: 1, 0, 0>, static_high = array<i64: 0>, static_low = array<i64: 0>, nofold = true}> ({
  ^bb0(%i: index):
    %c = arith.constant 0.0 : f32
    tensor.yield %c : f32
  }) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @pad_no_block(%t: tensor<4xf32>) {
  // expected-error @+1 {{'tensor.pad' op region #0 ('region') failed to verify constraint: region with 1 blocks}}
  %0 = "tensor.pad"(%t) <{operandSegmentSizes = array<i32: 1, 0, 0>, static_high = array<i64: 0>, static_low = array<i64: 0>}> ({
  }) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @generate_no_block() {
  // expected-error @+1 {{'tensor.generate' op region #0 ('body') failed to verify constraint: region with 1 blocks}}
  %0 = "tensor.generate"() ({
  }) : () -> tensor<4xf32>
  return
}

// -----

func.func @gather_dims_empty(%s: tensor<4x5x6xf32>, %i: tensor<2x3x2xindex>) {
  // expected-error @+1 {{'tensor.gather' op gather_dims must be non-empty}}
  %0 = tensor.gather %s[%i] gather_dims([]) : (tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<2x3x1x5x1xf32>
  return
}

// -----

func.func @gather_dims_overflow(%s: tensor<4x5x6xf32>, %i: tensor<2x3x4xindex>) {
  // expected-error @+1 {{'tensor.gather' op gather_dims overflow source rank}}
  %0 = tensor.gather %s[%i] gather_dims([0, 1, 2, 3]) : (tensor<4x5x6xf32>, tensor<2x3x4xindex>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_dims_length(%s: tensor<4x5x6xf32>, %i: tensor<2x3x3xindex>) {
  // expected-error @+1 {{'tensor.gather' op gather_dims length must match the size of last dimension of indices}}
  %0 = tensor.gather %s[%i] gather_dims([0, 2]) : (tensor<4x5x6xf32>, tensor<2x3x3xindex>) -> tensor<2x3x1x5x1xf32>
  return
}

// -----

func.func @gather_dims_negative(%s: tensor<4x5x6xf32>, %i: tensor<2x3x2xindex>) {
  // expected-error @+1 {{'tensor.gather' op gather_dims value must be non-negative}}
  %0 = tensor.gather %s[%i] gather_dims([-1, 2]) : (tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<2x3x1x5x1xf32>
  return
}

// -----

func.func @gather_dims_rank(%s: tensor<4x5x6xf32>, %i: tensor<2x3x2xindex>) {
  // expected-error @+1 {{'tensor.gather' op gather_dims value must be smaller than source rank}}
  %0 = tensor.gather %s[%i] gather_dims([0, 3]) : (tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<2x3x1x5x1xf32>
  return
}

// -----

func.func @gather_dims_order(%s: tensor<4x5x6xf32>, %i: tensor<2x3x2xindex>) {
  // expected-error @+1 {{'tensor.gather' op gather_dims values must be strictly increasing}}
  %0 = tensor.gather %s[%i] gather_dims([2, 0]) : (tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<2x3x1x5x1xf32>
  return
}

// -----

func.func @gather_result(%s: tensor<4x5x6xf32>, %i: tensor<2x3x2xindex>) {
  // expected-error @+1 {{'tensor.gather' op result type mismatch: expected 'tensor<2x3x1x5x1xf32>' or its rank-reduced variant 'tensor<2x3x5xf32>' (got: 'tensor<2x3x5xf64>')}}
  %0 = tensor.gather %s[%i] gather_dims([0, 2]) : (tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<2x3x5xf64>
  return
}

// -----

func.func @gather_index_type(%s: tensor<4x5x6xf32>, %i: tensor<2x3x2xf32>) {
  // expected-error @+1 {{'tensor.gather' op operand #1 must be ranked tensor of signless integer or index values, but got 'tensor<2x3x2xf32>'}}
  %0 = tensor.gather %s[%i] gather_dims([0, 2]) : (tensor<4x5x6xf32>, tensor<2x3x2xf32>) -> tensor<2x3x1x5x1xf32>
  return
}

// -----

func.func @scatter_unique(%s: tensor<2x3x5xf32>, %d: tensor<4x5x6xf32>, %i: tensor<2x3x2xindex>) {
  // expected-error @+1 {{'tensor.scatter' op requires 'unique' attribute to be set}}
  %0 = tensor.scatter %s into %d[%i] scatter_dims([0, 2]) : (tensor<2x3x5xf32>, tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<4x5x6xf32>
  return
}

// -----

func.func @scatter_source(%s: tensor<2x3x4xf32>, %d: tensor<4x5x6xf32>, %i: tensor<2x3x2xindex>) {
  // expected-error @+1 {{'tensor.scatter' op source type mismatch: expected 'tensor<2x3x1x5x1xf32>' or its rank-reduced variant 'tensor<2x3x5xf32>' (got: 'tensor<2x3x4xf32>')}}
  %0 = tensor.scatter %s into %d[%i] scatter_dims([0, 2]) unique : (tensor<2x3x4xf32>, tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<4x5x6xf32>
  return
}

// -----

func.func @scatter_dims_rank(%s: tensor<2x3x5xf32>, %d: tensor<4x5x6xf32>, %i: tensor<2x3x2xindex>) {
  // expected-error @+1 {{'tensor.scatter' op scatter_dims value must be smaller than dest rank}}
  %0 = tensor.scatter %s into %d[%i] scatter_dims([0, 3]) unique : (tensor<2x3x5xf32>, tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<4x5x6xf32>
  return
}

// -----

func.func @yield_parent(%v: f32) {
  // expected-error @+1 {{'tensor.yield' op expects parent op to be one of 'tensor.generate, tensor.pad'}}
  tensor.yield %v : f32
}

// -----

func.func @generate_sizes(%i: index) {
  // expected-error @+1 {{'tensor.generate' op incorrect number of dynamic sizes, has 1, expected 0}}
  %0 = tensor.generate %i {
  ^bb0(%a: index):
    %c = arith.constant 0.0 : f32
    tensor.yield %c : f32
  } : tensor<4xf32>
  return
}

// -----

func.func @generate_arguments() {
  // expected-error @+1 {{must have one body argument per input dimension}}
  %0 = tensor.generate {
  ^bb0(%a: index, %b: index):
    %c = arith.constant 0.0 : f32
    tensor.yield %c : f32
  } : tensor<4xf32>
  return
}

// -----

func.func @generate_argument_type() {
  // expected-error @+1 {{all body arguments must be index}}
  %0 = tensor.generate {
  ^bb0(%a: i32):
    %c = arith.constant 0.0 : f32
    tensor.yield %c : f32
  } : tensor<4xf32>
  return
}

// -----

func.func @generate_yield_type() {
  // expected-error @+1 {{'tensor.generate' op body must be terminated with a `yield` operation of the tensor element type}}
  %0 = tensor.generate {
  ^bb0(%a: index):
    %c = arith.constant 0.0 : f64
    tensor.yield %c : f64
  } : tensor<4xf32>
  return
}

// -----

func.func @pad_result(%t: tensor<4xf32>, %v: f32) {
  // expected-error @+1 {{specified type 'tensor<8xf32>' does not match the inferred type 'tensor<7xf32>'}}
  %0 = tensor.pad %t low[1] high[2] {
  ^bb0(%a: index):
    tensor.yield %v : f32
  } : tensor<4xf32> to tensor<8xf32>
  return
}

// -----

func.func @pad_list_length(%t: tensor<4xf32>, %v: f32) {
  // expected-error @+1 {{failed to infer expectedType from sourceType 'tensor<4xf32>', specified resultType is 'tensor<7xf32>'}}
  %0 = tensor.pad %t low[1, 1] high[2] {
  ^bb0(%a: index):
    tensor.yield %v : f32
  } : tensor<4xf32> to tensor<7xf32>
  return
}

// -----

func.func @pad_arguments(%t: tensor<4xf32>, %v: f32) {
  // expected-error @+1 {{expected the block to have 1 arguments}}
  %0 = tensor.pad %t low[1] high[2] {
  ^bb0(%a: index, %b: index):
    tensor.yield %v : f32
  } : tensor<4xf32> to tensor<7xf32>
  return
}

// -----

func.func @pad_argument_type(%t: tensor<4xf32>, %v: f32) {
  // expected-error @+1 {{'tensor.pad' op expected block argument 1 to be an index}}
  %0 = tensor.pad %t low[1] high[2] {
  ^bb0(%a: i32):
    tensor.yield %v : f32
  } : tensor<4xf32> to tensor<7xf32>
  return
}

// -----

func.func @pad_yield_type(%t: tensor<4xf32>, %v: f64) {
  // expected-error @+1 {{'tensor.pad' op expected yield type to match shape element type}}
  %0 = tensor.pad %t low[1] high[2] {
  ^bb0(%a: index):
    tensor.yield %v : f64
  } : tensor<4xf32> to tensor<7xf32>
  return
}
