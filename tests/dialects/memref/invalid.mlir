// RUN: irc-opt %s -split-input-file -verify-diagnostics
// Every message here is MLIR's: test_mlir_agreement.py runs this file through iree-opt too.

func.func @alloc_dynamic_sizes(%d: index) {
  // expected-error @+1 {{'memref.alloc' op incorrect number of dynamic sizes, has 2, expected 1}}
  %0 = memref.alloc(%d, %d) : memref<4x?xf32>
  return
}

// -----

func.func @alloc_missing_dynamic_size() {
  // expected-error @+1 {{'memref.alloca' op incorrect number of dynamic sizes, has 0, expected 1}}
  %0 = memref.alloca() : memref<?xf32>
  return
}

// -----

func.func @alloc_symbols(%d: index) {
  // expected-error @+1 {{'memref.alloc' op symbol operand count does not equal memref symbol count: expected 2, got 1}}
  %0 = memref.alloc(%d)[%d] : memref<?xf32, affine_map<(d0)[s0, s1] -> (d0 + s0 + s1)>>
  return
}

// -----

func.func @alloc_strided_symbols() {
  // expected-error @+1 {{'memref.alloc' op symbol operand count does not equal memref symbol count: expected 1, got 0}}
  %0 = memref.alloc() : memref<4xf32, strided<[1], offset: ?>>
  return
}

// -----

func.func @alloc_alignment() {
  // expected-error @+1 {{'memref.alloc' op attribute 'alignment' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive and whose value is a power of two > 0}}
  %0 = memref.alloc() alignment = 3 : memref<4xf32>
  return
}

// -----

func.func @alloc_tensor() {
  // expected-error @+1 {{custom op 'memref.alloc' invalid kind of type specified: expected builtin.memref, but found 'tensor<4xf32>'}}
  %0 = memref.alloc() : tensor<4xf32>
  return
}

// -----

func.func @alloc_unranked() {
  // expected-error @+1 {{'memref.alloc' op result #0 must be memref of any non-token type values, but got 'memref<*xf32>'}}
  %0 = "memref.alloc"() <{operandSegmentSizes = array<i32: 0, 0>}> : () -> memref<*xf32>
  return
}

// -----

func.func @alloc_size_type(%d: i32) {
  // expected-error @+1 {{'memref.alloc' op operand #0 must be variadic of index, but got 'i32'}}
  %0 = "memref.alloc"(%d) <{operandSegmentSizes = array<i32: 1, 0>}> : (i32) -> memref<?xf32>
  return
}

// -----

func.func @alloc_segments(%d: index) {
  // expected-error @+1 {{'memref.alloc' op operand count (1) does not match with the total size (0) specified in attribute 'operandSegmentSizes'}}
  %0 = "memref.alloc"(%d) <{operandSegmentSizes = array<i32: 0, 0>}> : (index) -> memref<?xf32>
  return
}

// -----

func.func @alloc_inherent_in_attr_dict() {
  // expected-error @+1 {{custom op 'memref.alloc' inherent attribute 'alignment' cannot be parsed from attr-dict when strict properties in assembly format is enabled}}
  %0 = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
  return
}

// -----

func.func @load_indices(%m: memref<4xf32>, %i: index) {
  // expected-error @+1 {{'memref.load' op invalid number of indices for accessed memref, expected 1 but got 2}}
  %0 = memref.load %m[%i, %i] : memref<4xf32>
  return
}

// -----

func.func @load_result_type(%m: memref<4xf32>, %i: index) {
  // expected-error @+1 {{'memref.load' op failed to verify that result type matches element type of 'memref'}}
  %0 = "memref.load"(%m, %i) : (memref<4xf32>, index) -> i32
  return
}

// -----

func.func @load_index_type(%m: memref<4xf32>, %i: i32) {
  // expected-error @+1 {{'memref.load' op operand #1 must be variadic of index, but got 'i32'}}
  %0 = "memref.load"(%m, %i) : (memref<4xf32>, i32) -> f32
  return
}

// -----

func.func @load_unranked(%m: memref<*xf32>, %i: index) {
  // expected-error @+1 {{custom op 'memref.load' invalid kind of type specified: expected builtin.memref, but found 'memref<*xf32>'}}
  %0 = memref.load %m[%i] : memref<*xf32>
  return
}

// -----

func.func @load_twice_aligned(%m: memref<4xf32>, %i: index) {
  // expected-error @+1 {{custom op 'memref.load' `alignment` clause can appear at most once in the expansion of the oilist directive}}
  %0 = memref.load %m[%i] alignment(16) alignment(16) : memref<4xf32>
  return
}

// -----

func.func @load_nontemporal_kind(%m: memref<4xf32>, %i: index) {
  // expected-error @+1 {{custom op 'memref.load' expected boolean attribute}}
  %0 = memref.load %m[%i] nontemporal(1) : memref<4xf32>
  return
}

// -----

func.func @store_value_type(%m: memref<4xf32>, %i: index, %v: i32) {
  // expected-error @+1 {{'memref.store' op failed to verify that type of 'value' matches element type of 'memref'}}
  "memref.store"(%v, %m, %i) : (i32, memref<4xf32>, index) -> ()
  return
}

// -----

func.func @store_indices(%m: memref<4x4xf32>, %i: index, %v: f32) {
  // expected-error @+1 {{'memref.store' op invalid number of indices for accessed memref, expected 2 but got 1}}
  memref.store %v, %m[%i] : memref<4x4xf32>
  return
}

// -----

func.func @store_alignment(%m: memref<4xf32>, %i: index, %v: f32) {
  // expected-error @+1 {{'memref.store' op attribute 'alignment' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive and whose value is a power of two > 0}}
  memref.store %v, %m[%i] alignment(0) : memref<4xf32>
  return
}

// -----

func.func @store_nontemporal_storage(%m: memref<4xf32>, %i: index, %v: f32) {
  // expected-error @+1 {{invalid properties {nontemporal = 1 : i64} for op memref.store: Invalid attribute `nontemporal` in property conversion: 1 : i64}}
  "memref.store"(%v, %m, %i) <{nontemporal = 1 : i64}> : (f32, memref<4xf32>, index) -> ()
  return
}

// -----

func.func @dim_rank0(%m: memref<f32>, %i: index) {
  // expected-error @+1 {{'memref.dim' op operand #0 must be unranked.memref of any non-token type values or non-0-ranked.memref of any non-token type values, but got 'memref<f32>'}}
  %0 = memref.dim %m, %i : memref<f32>
  return
}

// -----

func.func @dim_result(%m: memref<4xf32>, %i: index) {
  // expected-error @+1 {{'memref.dim' op result #0 must be index, but got 'i32'}}
  %0 = "memref.dim"(%m, %i) : (memref<4xf32>, index) -> i32
  return
}

// -----

func.func @dealloc_tensor(%t: tensor<4xf32>) {
  // expected-error @+1 {{custom op 'memref.dealloc' invalid kind of type specified}}
  memref.dealloc %t : tensor<4xf32>
  return
}

// -----

func.func @copy_element_types(%a: memref<4xf32>, %b: memref<4xi32>) {
  // expected-error @+1 {{'memref.copy' op requires the same element type for all operands}}
  memref.copy %a, %b : memref<4xf32> to memref<4xi32>
  return
}

// -----

func.func @copy_shapes(%a: memref<4xf32>, %b: memref<5xf32>) {
  // expected-error @+1 {{'memref.copy' op requires the same shape for all operands}}
  memref.copy %a, %b : memref<4xf32> to memref<5xf32>
  return
}

// -----

func.func @cast_sizes(%a: memref<4xf32>) {
  // expected-error @+1 {{'memref.cast' op operand type 'memref<4xf32>' and result type 'memref<5xf32>' are cast incompatible}}
  %0 = memref.cast %a : memref<4xf32> to memref<5xf32>
  return
}

// -----

func.func @cast_rank(%a: memref<4xf32>) {
  // expected-error @+1 {{'memref.cast' op operand type 'memref<4xf32>' and result type 'memref<4x1xf32>' are cast incompatible}}
  %0 = memref.cast %a : memref<4xf32> to memref<4x1xf32>
  return
}

// -----

func.func @cast_memory_space(%a: memref<4xf32>) {
  // expected-error @+1 {{'memref.cast' op operand type 'memref<4xf32>' and result type 'memref<4xf32, 1>' are cast incompatible}}
  %0 = memref.cast %a : memref<4xf32> to memref<4xf32, 1>
  return
}

// -----

func.func @cast_strides(%a: memref<4xf32>) {
  // expected-error @+1 {{'memref.cast' op operand type 'memref<4xf32>' and result type 'memref<4xf32, strided<[2]>>' are cast incompatible}}
  %0 = memref.cast %a : memref<4xf32> to memref<4xf32, strided<[2]>>
  return
}

// -----

func.func @cast_tensor(%a: memref<4xf32>) {
  // expected-error @+1 {{custom op 'memref.cast' invalid kind of type specified}}
  %0 = memref.cast %a : memref<4xf32> to tensor<4xf32>
  return
}

// -----

func.func @subview_layout(%m: memref<8x?xf32>) {
  // expected-error @+1 {{expected result type to be 'memref<4x4xf32, strided<[?, 1]>>' or a rank-reduced version. (mismatch of result layout), but got 'memref<4x4xf32>'}}
  %0 = memref.subview %m[0, 0] [4, 4] [1, 1] : memref<8x?xf32> to memref<4x4xf32>
  return
}

// -----

func.func @subview_offset(%m: memref<8x16xf32>) {
  // expected-error @+1 {{expected result type to be 'memref<4x4xf32, strided<[16, 1]>>' or a rank-reduced version. (mismatch of result layout), but got 'memref<4x4xf32, strided<[16, 1], offset: 2>>'}}
  %0 = memref.subview %m[0, 0] [4, 4] [1, 1] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 1], offset: 2>>
  return
}

// -----

func.func @subview_sizes(%m: memref<8x16xf32>) {
  // expected-error @+1 {{expected result type to be 'memref<4x4xf32, strided<[16, 1]>>' or a rank-reduced version. (mismatch of result sizes), but got 'memref<4x5xf32, strided<[16, 1]>>'}}
  %0 = memref.subview %m[0, 0] [4, 4] [1, 1] : memref<8x16xf32> to memref<4x5xf32, strided<[16, 1]>>
  return
}

// -----

func.func @subview_element_type(%m: memref<8x16xf32>) {
  // expected-error @+1 {{expected result element type to be 'f32', but got 'memref<4x4xi32, strided<[16, 1]>>'}}
  %0 = memref.subview %m[0, 0] [4, 4] [1, 1] : memref<8x16xf32> to memref<4x4xi32, strided<[16, 1]>>
  return
}

// -----

func.func @subview_memory_space(%m: memref<8x16xf32>) {
  // expected-error @+1 {{different memory spaces specified for base memref type 'memref<8x16xf32>' and subview memref type 'memref<4x4xf32, strided<[16, 1]>, 1>'}}
  %0 = memref.subview %m[0, 0] [4, 4] [1, 1] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 1]>, 1>
  return
}

// -----

func.func @subview_rank(%m: memref<8x16xf32>) {
  // expected-error @+1 {{expected result rank to be smaller or equal to the source rank, but got 'memref<4x4x4xf32>'}}
  %0 = memref.subview %m[0, 0] [4, 4] [1, 1] : memref<8x16xf32> to memref<4x4x4xf32>
  return
}

// -----

func.func @subview_rank_reduced_layout(%m: memref<8x16xf32>) {
  // expected-error @+1 {{expected result type to be 'memref<4x1xf32, strided<[16, 1]>>' or a rank-reduced version. (mismatch of result layout), but got 'memref<4xf32, strided<[2]>>'}}
  %0 = memref.subview %m[0, 0] [4, 1] [1, 1] : memref<8x16xf32> to memref<4xf32, strided<[2]>>
  return
}

// -----

func.func @subview_dropped_unit_dim(%m: memref<?x?xf32>) {
  // expected-error @+1 {{expected result type to be 'memref<1x1xf32, strided<[?, 1], offset: ?>>' or a rank-reduced version. (mismatch of result layout), but got 'memref<1xf32, strided<[1], offset: ?>>'}}
  %0 = memref.subview %m[1, 2] [1, 1] [1, 1] : memref<?x?xf32> to memref<1xf32, strided<[1], offset: ?>>
  return
}

// -----

func.func @subview_offset_bounds(%m: memref<8x16xf32>) {
  // expected-error @+1 {{offset 0 is out-of-bounds: 8 >= 8}}
  %0 = memref.subview %m[8, 0] [4, 4] [1, 1] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 1], offset: 128>>
  return
}

// -----

func.func @subview_slice_bounds(%m: memref<8x16xf32>) {
  // expected-error @+1 {{slice along dimension 1 runs out-of-bounds: 39 >= 16}}
  %0 = memref.subview %m[0, 0] [4, 40] [1, 1] : memref<8x16xf32> to memref<4x40xf32, strided<[16, 1]>>
  return
}

// -----

func.func @subview_negative_offset(%m: memref<8x16xf32>) {
  // expected-error @+1 {{expected offsets to be non-negative, but got -1}}
  %0 = memref.subview %m[-1, 0] [4, 4] [1, 1] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 1], offset: -16>>
  return
}

// -----

func.func @subview_list_ranks(%m: memref<16xf32>, %d: index) {
  // expected-error @+1 {{expected mixed offsets rank to match mixed sizes rank (2 vs 1) so the rank of the result type is well-formed.}}
  %0 = memref.subview %m[%d, 0] [%d] [%d] : memref<16xf32> to memref<?xf32, strided<[?], offset: ?>>
  return
}

// -----

func.func @subview_dynamic_entries(%m: memref<16xf32>, %d: index) {
  // expected-error @+1 {{expected the number of 'offsets' to match the number of dynamic entries in 'static_offsets' (1 vs 0)}}
  %0 = "memref.subview"(%m, %d) <{operandSegmentSizes = array<i32: 1, 1, 0, 0>, static_offsets = array<i64: 0>, static_sizes = array<i64: 4>, static_strides = array<i64: 1>}> : (memref<16xf32>, index) -> memref<4xf32>
  return
}

// -----

func.func @subview_missing_strides(%m: memref<16xf32>) {
  // expected-error @+1 {{'memref.subview' op requires attribute 'static_strides'}}
  %0 = "memref.subview"(%m) <{operandSegmentSizes = array<i32: 1, 0, 0, 0>, static_offsets = array<i64: 0>, static_sizes = array<i64: 4>}> : (memref<16xf32>) -> memref<4xf32>
  return
}

// -----

func.func @subview_static_array_kind(%m: memref<16xf32>) {
  // expected-error @+1 {{invalid properties {operandSegmentSizes = array<i32: 1, 0, 0, 0>, static_offsets = array<i32: 0>, static_sizes = array<i64: 4>, static_strides = array<i64: 1>} for op memref.subview: Invalid attribute `static_offsets` in property conversion: array<i32: 0>}}
  %0 = "memref.subview"(%m) <{operandSegmentSizes = array<i32: 1, 0, 0, 0>, static_offsets = array<i32: 0>, static_sizes = array<i64: 4>, static_strides = array<i64: 1>}> : (memref<16xf32>) -> memref<4xf32>
  return
}

// -----

func.func @subview_not_strided(%m: memref<16xf32, affine_map<(d0) -> (d0 mod 2)>>) {
  // expected-error @+1 {{base type 'memref<16xf32, affine_map<(d0) -> (d0 mod 2)>>' is not strided}}
  %0 = memref.subview %m[0] [4] [1] : memref<16xf32, affine_map<(d0) -> (d0 mod 2)>> to memref<4xf32>
  return
}

// -----

func.func @subview_tensor(%t: tensor<16xf32>) {
  // expected-error @+1 {{custom op 'memref.subview' invalid kind of type specified: expected builtin.memref, but found 'tensor<16xf32>'}}
  %0 = memref.subview %t[0] [4] [1] : tensor<16xf32> to memref<4xf32>
  return
}

// -----

func.func @subview_list_entry(%m: memref<16xf32>) {
  // expected-error @+1 {{custom op 'memref.subview' inherent attribute 'static_offsets' cannot be parsed from attr-dict when strict properties in assembly format is enabled}}
  %0 = memref.subview %m[0] [4] [1] {static_offsets = array<i64: 0>} : memref<16xf32> to memref<4xf32>
  return
}

// -----

func.func @reinterpret_cast_size(%m: memref<16xf32>) {
  // expected-error @+1 {{expected result type with size = 4 instead of 5 in dim = 1}}
  %0 = memref.reinterpret_cast %m to offset: [0], sizes: [4, 4], strides: [4, 1] : memref<16xf32> to memref<4x5xf32>
  return
}

// -----

func.func @reinterpret_cast_offset(%m: memref<16xf32>) {
  // expected-error @+1 {{expected result type with offset = 1 instead of 0}}
  %0 = memref.reinterpret_cast %m to offset: [1], sizes: [4, 4], strides: [4, 1] : memref<16xf32> to memref<4x4xf32>
  return
}

// -----

func.func @reinterpret_cast_stride(%m: memref<16xf32>) {
  // expected-error @+1 {{expected result type with stride = 5 instead of 4 in dim = 0}}
  %0 = memref.reinterpret_cast %m to offset: [0], sizes: [4, 4], strides: [5, 1] : memref<16xf32> to memref<4x4xf32>
  return
}

// -----

func.func @reinterpret_cast_dynamic_offset(%m: memref<16xf32>, %d: index) {
  // expected-error @+1 {{expected result type with offset = dynamic instead of 0}}
  %0 = memref.reinterpret_cast %m to offset: [%d], sizes: [4, 4], strides: [4, 1] : memref<16xf32> to memref<4x4xf32>
  return
}

// -----

func.func @reinterpret_cast_dynamic_result_size(%m: memref<16xf32>) {
  // expected-error @+1 {{expected result type with size = 4 instead of dynamic in dim = 0}}
  %0 = memref.reinterpret_cast %m to offset: [0], sizes: [4, 4], strides: [4, 1] : memref<16xf32> to memref<?x?xf32>
  return
}

// -----

func.func @reinterpret_cast_element_type(%m: memref<16xf32>) {
  // expected-error @+1 {{'memref.reinterpret_cast' op source element type ('f32') does not match result element type ('i32')}}
  %0 = memref.reinterpret_cast %m to offset: [0], sizes: [4, 4], strides: [4, 1] : memref<16xf32> to memref<4x4xi32>
  return
}

// -----

func.func @reinterpret_cast_memory_space(%m: memref<16xf32>) {
  // expected-error @+1 {{different memory spaces specified for source type 'memref<16xf32>' and result memref type 'memref<4x4xf32, 1>'}}
  %0 = memref.reinterpret_cast %m to offset: [0], sizes: [4, 4], strides: [4, 1] : memref<16xf32> to memref<4x4xf32, 1>
  return
}

// -----

func.func @reinterpret_cast_offsets(%m: memref<16xf32>) {
  // expected-error @+1 {{expected 1 offset values, got 2}}
  %0 = memref.reinterpret_cast %m to offset: [0, 0], sizes: [4, 4], strides: [4, 1] : memref<16xf32> to memref<4x4xf32>
  return
}

// -----

func.func @reinterpret_cast_strides(%m: memref<16xf32>) {
  // expected-error @+1 {{expected mixed sizes rank to match mixed strides rank (1 vs 2) so the rank of the result type is well-formed.}}
  %0 = memref.reinterpret_cast %m to offset: [0], sizes: [4], strides: [4, 1] : memref<16xf32> to memref<4x4xf32>
  return
}

// -----

func.func @reinterpret_cast_negative_size(%m: memref<16xf32>) {
  // expected-error @+1 {{expected sizes to be non-negative, but got -1}}
  %0 = memref.reinterpret_cast %m to offset: [0], sizes: [4, -1], strides: [4, 1] : memref<16xf32> to memref<4x?xf32>
  return
}

// -----

func.func @reinterpret_cast_unranked_result(%m: memref<*xf32>) {
  // expected-error @+1 {{'memref.reinterpret_cast' op result #0 must be strided memref of any non-token type values, but got 'memref<*xf32>'}}
  %0 = "memref.reinterpret_cast"(%m) <{operandSegmentSizes = array<i32: 1, 0, 0, 0>, static_offsets = array<i64: 0>, static_sizes = array<i64: 4>, static_strides = array<i64: 1>}> : (memref<*xf32>) -> memref<*xf32>
  return
}

// -----

func.func @collapse_size(%m: memref<4x4xf32>) {
  // expected-error @+1 {{'memref.collapse_shape' op collapsed dim size (15) must equal reassociation group size (16)}}
  %0 = memref.collapse_shape %m [[0, 1]] : memref<4x4xf32> into memref<15xf32>
  return
}

// -----

func.func @collapse_groups(%m: memref<4x4xf32>) {
  // expected-error @+1 {{'memref.collapse_shape' op invalid number of reassociation groups: found 2, expected 1}}
  %0 = memref.collapse_shape %m [[0], [1]] : memref<4x4xf32> into memref<16xf32>
  return
}

// -----

func.func @collapse_contiguous(%m: memref<4x4xf32>) {
  // expected-error @+1 {{'memref.collapse_shape' op reassociation indices must be contiguous}}
  %0 = memref.collapse_shape %m [[1, 0]] : memref<4x4xf32> into memref<16xf32>
  return
}

// -----

func.func @collapse_element_type(%m: memref<4x4xf32>) {
  // expected-error @+1 {{'memref.collapse_shape' op expected collapsed type to be 'memref<16xf32>' but found 'memref<16xi32>'}}
  %0 = memref.collapse_shape %m [[0, 1]] : memref<4x4xf32> into memref<16xi32>
  return
}

// -----

func.func @collapse_non_contiguous(%m: memref<4x4xf32, strided<[8, 1]>>) {
  // expected-error @+1 {{'memref.collapse_shape' op invalid source layout map or collapsing non-contiguous dims}}
  %0 = memref.collapse_shape %m [[0, 1]] : memref<4x4xf32, strided<[8, 1]>> into memref<16xf32>
  return
}

// -----

func.func @collapse_layout(%m: memref<4x4xf32, strided<[4, 1], offset: 3>>) {
  // expected-error @+1 {{'memref.collapse_shape' op expected collapsed type to be 'memref<16xf32, strided<[1], offset: 3>>' but found 'memref<16xf32>'}}
  %0 = memref.collapse_shape %m [[0, 1]] : memref<4x4xf32, strided<[4, 1], offset: 3>> into memref<16xf32>
  return
}

// -----

func.func @collapse_dynamic(%m: memref<?x4xf32>) {
  // expected-error @+1 {{'memref.collapse_shape' op collapsed dim (0) must be dynamic if and only if reassociation group is dynamic}}
  %0 = memref.collapse_shape %m [[0, 1]] : memref<?x4xf32> into memref<16xf32>
  return
}

// -----

func.func @collapse_rank0(%m: memref<4x4xf32>) {
  // expected-error @+1 {{'memref.collapse_shape' op rank 0 memrefs can only be extended/collapsed with/from ones}}
  %0 = memref.collapse_shape %m [] : memref<4x4xf32> into memref<f32>
  return
}

// -----

func.func @collapse_reassociation_kind(%m: memref<16xf32>) {
  // expected-error @+1 {{'memref.collapse_shape' op attribute 'reassociation' failed to satisfy constraint: Array of 64-bit integer array attributes}}
  %0 = memref.collapse_shape %m [0] : memref<16xf32> into memref<16xf32>
  return
}

// -----

func.func @collapse_tensor(%t: tensor<16xf32>) {
  // expected-error @+1 {{custom op 'memref.collapse_shape' invalid kind of type specified: expected builtin.memref, but found 'tensor<16xf32>'}}
  %0 = memref.collapse_shape %t [[0]] : tensor<16xf32> into memref<16xf32>
  return
}

// -----

func.func @expand_size(%m: memref<16xf32>) {
  // expected-error @+1 {{'memref.expand_shape' op collapsed dim size (16) must equal reassociation group size (20)}}
  %0 = memref.expand_shape %m [[0, 1]] output_shape [4, 5] : memref<16xf32> into memref<4x5xf32>
  return
}

// -----

func.func @expand_output_shape(%m: memref<16xf32>) {
  // expected-error @+1 {{'memref.expand_shape' op invalid output shape provided at pos 1}}
  %0 = memref.expand_shape %m [[0, 1]] output_shape [4, 5] : memref<16xf32> into memref<4x4xf32>
  return
}

// -----

func.func @expand_output_rank(%m: memref<16xf32>) {
  // expected-error @+1 {{'memref.expand_shape' op expected number of static shape bounds to be equal to the output rank (2) but found 1 inputs instead}}
  %0 = memref.expand_shape %m [[0, 1]] output_shape [4] : memref<16xf32> into memref<4x4xf32>
  return
}

// -----

func.func @expand_dynamic_sizes(%m: memref<?xf32>, %d: index) {
  // expected-error @+1 {{'memref.expand_shape' op incorrect number of dynamic sizes, has 2, expected 1}}
  %0 = memref.expand_shape %m [[0, 1]] output_shape [%d, %d] : memref<?xf32> into memref<?x4xf32>
  return
}

// -----

func.func @expand_layout(%m: memref<16xf32>) {
  // expected-error @+1 {{'memref.expand_shape' op expected expanded type to be 'memref<4x4xf32>' but found 'memref<4x4xf32, strided<[4, 2]>>'}}
  %0 = memref.expand_shape %m [[0, 1]] output_shape [4, 4] : memref<16xf32> into memref<4x4xf32, strided<[4, 2]>>
  return
}

// -----

func.func @expand_index_bounds(%m: memref<16xf32>) {
  // expected-error @+1 {{'memref.expand_shape' op reassociation index 1 is out of bounds}}
  %0 = memref.expand_shape %m [[0, 1]] output_shape [4, 4] : memref<16xf32> into memref<16xf32>
  return
}

// -----

func.func @expand_rank(%m: memref<16xf32>) {
  // expected-error @+1 {{'memref.expand_shape' op has source rank 1 and result rank 0. This is not an expansion (1 > 0).}}
  %0 = memref.expand_shape %m [] output_shape [] : memref<16xf32> into memref<f32>
  return
}

// -----

func.func @expand_missing_output_shape(%m: memref<16xf32>) {
  // expected-error @+1 {{'memref.expand_shape' op requires attribute 'static_output_shape'}}
  %0 = "memref.expand_shape"(%m) <{reassociation = [[0]]}> : (memref<16xf32>) -> memref<16xf32>
  return
}
