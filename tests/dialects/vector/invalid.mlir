// RUN: irc-opt %s -split-input-file -verify-diagnostics
// Every message here is MLIR's: test_mlir_agreement.py runs this file through iree-opt too.

func.func @load_indices(%m: memref<8x8xf32>, %i: index) {
  // expected-error @+1 {{'vector.load' op requires 2 indices}}
  %0 = vector.load %m[%i] : memref<8x8xf32>, vector<4xf32>
  return
}

// -----

func.func @load_rank(%m: memref<8xf32>, %i: index) {
  // expected-error @+1 {{'vector.load' op destination memref has lower rank than the result vector}}
  %0 = vector.load %m[%i] : memref<8xf32>, vector<2x4xf32>
  return
}

// -----

func.func @load_element(%m: memref<8xf32>, %i: index) {
  // expected-error @+1 {{'vector.load' op base and result element types should match}}
  %0 = vector.load %m[%i] : memref<8xf32>, vector<4xi32>
  return
}

// -----

func.func @load_vector_memref(%m: memref<8xvector<4xf32>>, %i: index) {
  // expected-error @+1 {{'vector.load' op base memref and result vector types should match}}
  %0 = vector.load %m[%i] : memref<8xvector<4xf32>>, vector<8xf32>
  return
}

// -----

func.func @load_stride(%m: memref<8x8xf32, strided<[1, 8]>>, %i: index) {
  // expected-error @+1 {{'vector.load' op most minor memref dim must have unit stride}}
  %0 = vector.load %m[%i, %i] : memref<8x8xf32, strided<[1, 8]>>, vector<4xf32>
  return
}

// -----

func.func @load_tensor(%m: tensor<8xf32>, %i: index) {
  // expected-error @+1 {{custom op 'vector.load' invalid kind of type specified: expected builtin.memref, but found 'tensor<8xf32>'}}
  %0 = vector.load %m[%i] : tensor<8xf32>, vector<8xf32>
  return
}

// -----

func.func @load_scalar(%m: memref<8xf32>, %i: index) {
  // expected-error @+1 {{custom op 'vector.load' invalid kind of type specified: expected builtin.vector, but found 'f32'}}
  %0 = vector.load %m[%i] : memref<8xf32>, f32
  return
}

// -----

func.func @load_generic_scalar(%m: memref<8xf32>, %i: index) {
  // expected-error @+1 {{'vector.load' op result #0 must be vector of any non-token type values, but got 'f32'}}
  %0 = "vector.load"(%m, %i) : (memref<8xf32>, index) -> f32
  return
}

// -----

func.func @load_index_type(%m: memref<8xf32>, %i: i32) {
  // expected-error @+1 {{'vector.load' op operand #1 must be variadic of index, but got 'i32'}}
  %0 = "vector.load"(%m, %i) : (memref<8xf32>, i32) -> vector<8xf32>
  return
}

// -----

func.func @load_nontemporal(%m: memref<8xf32>, %i: index) {
  // expected-error @+1 {{invalid properties {nontemporal = 1 : i32} for op vector.load: Invalid attribute `nontemporal` in property conversion: 1 : i32}}
  %0 = "vector.load"(%m, %i) <{nontemporal = 1 : i32}> : (memref<8xf32>, index) -> vector<8xf32>
  return
}

// -----

func.func @load_alignment(%m: memref<8xf32>, %i: index) {
  // expected-error @+1 {{'vector.load' op attribute 'alignment' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive and whose value is a power of two > 0}}
  %0 = vector.load %m[%i] alignment = 3 : memref<8xf32>, vector<4xf32>
  return
}

// -----

func.func @load_twice(%m: memref<8xf32>, %i: index) {
  // expected-error @+1 {{custom op 'vector.load' `nontemporal` clause can appear at most once in the expansion of the oilist directive}}
  %0 = vector.load %m[%i] nontemporal = true nontemporal = true : memref<8xf32>, vector<4xf32>
  return
}

// -----

func.func @load_attr_dict(%m: memref<8xf32>, %i: index) {
  // expected-error @+1 {{custom op 'vector.load' inherent attribute 'alignment' cannot be parsed from attr-dict when strict properties in assembly format is enabled}}
  %0 = vector.load %m[%i] {alignment = 16} : memref<8xf32>, vector<4xf32>
  return
}

// -----

func.func @store_indices(%m: memref<8x8xf32>, %i: index, %v: vector<4xf32>) {
  // expected-error @+1 {{'vector.store' op requires 2 indices}}
  vector.store %v, %m[%i] : memref<8x8xf32>, vector<4xf32>
  return
}

// -----

func.func @store_rank(%m: memref<8xf32>, %i: index, %v: vector<2x4xf32>) {
  // expected-error @+1 {{'vector.store' op source memref has lower rank than the vector to store}}
  vector.store %v, %m[%i] : memref<8xf32>, vector<2x4xf32>
  return
}

// -----

func.func @store_element(%m: memref<8xi32>, %i: index, %v: vector<4xf32>) {
  // expected-error @+1 {{'vector.store' op base and valueToStore element type should match}}
  vector.store %v, %m[%i] : memref<8xi32>, vector<4xf32>
  return
}

// -----

func.func @store_vector_memref(%m: memref<8xvector<4xf32>>, %i: index, %v: vector<8xf32>) {
  // expected-error @+1 {{'vector.store' op base memref and valueToStore vector types should match}}
  vector.store %v, %m[%i] : memref<8xvector<4xf32>>, vector<8xf32>
  return
}

// -----

func.func @store_stride(%m: memref<8x8xf32, strided<[8, 2]>>, %i: index, %v: vector<4xf32>) {
  // expected-error @+1 {{'vector.store' op most minor memref dim must have unit stride}}
  vector.store %v, %m[%i, %i] : memref<8x8xf32, strided<[8, 2]>>, vector<4xf32>
  return
}

// -----

func.func @store_results(%m: memref<8xf32>, %i: index, %v: vector<8xf32>) {
  // expected-error @+1 {{'vector.store' op requires zero results}}
  %0 = "vector.store"(%v, %m, %i) : (vector<8xf32>, memref<8xf32>, index) -> vector<8xf32>
  return
}

// -----

func.func @store_scalar(%m: memref<8xf32>, %i: index, %v: f32) {
  // expected-error @+1 {{'vector.store' op operand #0 must be vector of any non-token type values, but got 'f32'}}
  "vector.store"(%v, %m, %i) : (f32, memref<8xf32>, index) -> ()
  return
}

// -----

func.func @maskedload_mask_shape(%m: memref<8x8xf32>, %i: index, %mask: vector<4xi1>, %v: vector<8xf32>) {
  // expected-error @+1 {{'vector.maskedload' op expected result shape to match mask shape}}
  %0 = vector.maskedload %m[%i, %i], %mask, %v : memref<8x8xf32>, vector<4xi1>, vector<8xf32> into vector<8xf32>
  return
}

// -----

func.func @maskedload_indices(%m: memref<8x8xf32>, %i: index, %mask: vector<4xi1>, %v: vector<4xf32>) {
  // expected-error @+1 {{'vector.maskedload' op requires 2 indices}}
  %0 = vector.maskedload %m[%i], %mask, %v : memref<8x8xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
  return
}

// -----

func.func @maskedload_element(%m: memref<8x8xf32>, %i: index, %mask: vector<4xi1>, %v: vector<4xf32>) {
  // expected-error @+1 {{'vector.maskedload' op base element type ('f32') does not match result element type ('i32')}}
  %0 = vector.maskedload %m[%i, %i], %mask, %v : memref<8x8xf32>, vector<4xi1>, vector<4xf32> into vector<4xi32>
  return
}

// -----

func.func @maskedload_pass_thru(%m: memref<8xf32>, %i: index, %mask: vector<4xi1>, %v: vector<4xf32>) {
  // expected-error @+1 {{'vector.maskedload' op expected result shape to match mask shape}}
  %0 = "vector.maskedload"(%m, %i, %mask, %v) : (memref<8xf32>, index, vector<4xi1>, vector<4xf32>) -> vector<2x2xf32>
  return
}

// -----

func.func @maskedstore_shape(%m: memref<8x8xf32>, %i: index, %mask: vector<4xi1>, %v: vector<8xf32>) {
  // expected-error @+1 {{'vector.maskedstore' op expected valueToStore shape to match mask shape}}
  vector.maskedstore %m[%i, %i], %mask, %v : memref<8x8xf32>, vector<4xi1>, vector<8xf32>
  return
}

// -----

func.func @maskedstore_element(%m: memref<8x8xf32>, %i: index, %mask: vector<4xi1>, %v: vector<4xi32>) {
  // expected-error @+1 {{'vector.maskedstore' op base element type ('f32') does not match valueToStore element type ('i32')}}
  vector.maskedstore %m[%i, %i], %mask, %v : memref<8x8xf32>, vector<4xi1>, vector<4xi32>
  return
}

// -----

func.func @maskedstore_mask_type(%m: memref<8xf32>, %i: index, %mask: vector<4xi8>, %v: vector<4xf32>) {
  // expected-error @+1 {{'vector.maskedstore' op operand #2 must be vector of 1-bit signless integer values, but got 'vector<4xi8>'}}
  vector.maskedstore %m[%i], %mask, %v : memref<8xf32>, vector<4xi8>, vector<4xf32>
  return
}

// -----

func.func @read_indices(%m: memref<8x8xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{'vector.transfer_read' op requires 2 indices}}
  %0 = vector.transfer_read %m[%i], %p : memref<8x8xf32>, vector<4xf32>
  return
}

// -----

func.func @read_map_results(%m: memref<8x8xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{'vector.transfer_read' op requires a permutation_map with result dims of the same rank as the vector type}}
  %0 = vector.transfer_read %m[%i, %i], %p {permutation_map = affine_map<(d0, d1) -> (d0, d1)>} : memref<8x8xf32>, vector<4xf32>
  return
}

// -----

func.func @read_map_inputs(%m: memref<8x8xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{'vector.transfer_read' op requires a permutation_map with input dims of the same rank as the source type}}
  %0 = vector.transfer_read %m[%i, %i], %p {permutation_map = affine_map<(d0) -> (d0)>} : memref<8x8xf32>, vector<4xf32>
  return
}

// -----

func.func @read_map_projected(%m: memref<8x8xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{'vector.transfer_read' op requires a projected permutation_map (at most one dim or the zero constant can appear in each result)}}
  %0 = vector.transfer_read %m[%i, %i], %p {permutation_map = affine_map<(d0, d1) -> (d0 + d1)>} : memref<8x8xf32>, vector<4xf32>
  return
}

// -----

func.func @read_map_constant(%m: memref<8x8xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{'vector.transfer_read' op requires a projected permutation_map (at most one dim or the zero constant can appear in each result)}}
  %0 = vector.transfer_read %m[%i, %i], %p {permutation_map = affine_map<(d0, d1) -> (1)>} : memref<8x8xf32>, vector<4xf32>
  return
}

// -----

func.func @read_map_repeated(%m: memref<8x8xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{'vector.transfer_read' op requires a permutation_map that is a permutation (found one dim used more than once)}}
  %0 = vector.transfer_read %m[%i, %i], %p {permutation_map = affine_map<(d0, d1) -> (d0, d0)>} : memref<8x8xf32>, vector<4x4xf32>
  return
}

// -----

func.func @read_map_symbols(%m: memref<8x8xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{'vector.transfer_read' op requires permutation_map without symbols}}
  %0 = vector.transfer_read %m[%i, %i], %p {permutation_map = affine_map<(d0, d1)[s0] -> (d1)>} : memref<8x8xf32>, vector<4xf32>
  return
}

// -----

func.func @read_in_bounds(%m: memref<8x8xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{'vector.transfer_read' op expects the in_bounds attr of same rank as permutation_map results: affine_map<(d0, d1) -> (d1)> vs inBounds of size: 2}}
  %0 = vector.transfer_read %m[%i, %i], %p {in_bounds = [true, true]} : memref<8x8xf32>, vector<4xf32>
  return
}

// -----

func.func @read_rank(%m: memref<8xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{custom op 'vector.transfer_read' expected a custom permutation_map when rank(source) != rank(destination)}}
  %0 = vector.transfer_read %m[%i], %p : memref<8xf32>, vector<2x4xf32>
  return
}

// -----

func.func @read_one_type(%m: memref<8x8xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{custom op 'vector.transfer_read' requires two types}}
  %0 = vector.transfer_read %m[%i, %i], %p : memref<8x8xf32>
  return
}

// -----

func.func @read_unranked(%m: tensor<*xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{custom op 'vector.transfer_read' requires memref or ranked tensor type}}
  %0 = vector.transfer_read %m[%i, %i], %p : tensor<*xf32>, vector<4xf32>
  return
}

// -----

func.func @read_scalar(%m: memref<8x8xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{custom op 'vector.transfer_read' requires vector type}}
  %0 = vector.transfer_read %m[%i, %i], %p : memref<8x8xf32>, f32
  return
}

// -----

func.func @read_padding(%m: memref<8xf32>, %i: index, %p: f64) {
  // expected-error @+1 {{'vector.transfer_read' op requires formal padding and source of the same elemental type}}
  %0 = "vector.transfer_read"(%m, %i, %p) <{in_bounds = [false], operandSegmentSizes = array<i32: 1, 1, 1, 0>, permutation_map = affine_map<(d0) -> (d0)>}> : (memref<8xf32>, index, f64) -> vector<4xf32>
  return
}

// -----

func.func @read_mask_type(%m: memref<8xf32>, %i: index, %p: f32, %mask: vector<8xi1>) {
  // expected-error @+1 {{'vector.transfer_read' op inferred mask type ('vector<4xi1>') and mask operand type ('vector<8xi1>') don't match}}
  %0 = "vector.transfer_read"(%m, %i, %p, %mask) <{in_bounds = [false], operandSegmentSizes = array<i32: 1, 1, 1, 1>, permutation_map = affine_map<(d0) -> (d0)>}> : (memref<8xf32>, index, f32, vector<8xi1>) -> vector<4xf32>
  return
}

// -----

func.func @read_no_map(%m: memref<8xf32>, %i: index, %p: f32) {
  // expected-error @+1 {{'vector.transfer_read' op requires attribute 'permutation_map'}}
  %0 = "vector.transfer_read"(%m, %i, %p) <{in_bounds = [false], operandSegmentSizes = array<i32: 1, 1, 1, 0>}> : (memref<8xf32>, index, f32) -> vector<4xf32>
  return
}

// -----

func.func @write_broadcast(%m: memref<8x8xf32>, %i: index, %v: vector<4xf32>) {
  // expected-error @+1 {{'vector.transfer_write' op should not have broadcast dimensions}}
  vector.transfer_write %v, %m[%i, %i] {permutation_map = affine_map<(d0, d1) -> (0)>, in_bounds = [true]} : vector<4xf32>, memref<8x8xf32>
  return
}

// -----

func.func @write_indices(%m: memref<8x8xf32>, %i: index, %v: vector<4xf32>) {
  // expected-error @+1 {{'vector.transfer_write' op requires 2 indices}}
  vector.transfer_write %v, %m[%i] : vector<4xf32>, memref<8x8xf32>
  return
}

// -----

func.func @write_in_bounds(%m: memref<8x8xf32>, %i: index, %v: vector<4xf32>) {
  // expected-error @+1 {{'vector.transfer_write' op expects the in_bounds attr of same rank as permutation_map results: affine_map<(d0, d1) -> (d1)> vs inBounds of size: 2}}
  vector.transfer_write %v, %m[%i, %i] {in_bounds = [true, false]} : vector<4xf32>, memref<8x8xf32>
  return
}

// -----

func.func @write_map_repeated(%m: memref<8x8xf32>, %i: index, %v: vector<4x4xf32>) {
  // expected-error @+1 {{'vector.transfer_write' op requires a permutation_map that is a permutation (found one dim used more than once)}}
  vector.transfer_write %v, %m[%i, %i] {permutation_map = affine_map<(d0, d1) -> (d1, d1)>} : vector<4x4xf32>, memref<8x8xf32>
  return
}

// -----

func.func @broadcast_dims(%v: vector<4xf32>) {
  // expected-error @+1 {{'vector.broadcast' op dimension mismatch (4 vs. 2)}}
  %0 = vector.broadcast %v : vector<4xf32> to vector<3x2xf32>
  return
}

// -----

func.func @broadcast_rank(%v: vector<2x4xf32>) {
  // expected-error @+1 {{'vector.broadcast' op source rank higher than destination rank}}
  %0 = vector.broadcast %v : vector<2x4xf32> to vector<4xf32>
  return
}

// -----

func.func @broadcast_element(%v: vector<4xf32>) {
  // expected-error @+1 {{'vector.broadcast' op failed to verify that source operand and result have same element type}}
  %0 = vector.broadcast %v : vector<4xf32> to vector<3x4xi32>
  return
}

// -----

func.func @broadcast_scalar_element(%v: i32) {
  // expected-error @+1 {{'vector.broadcast' op failed to verify that source operand and result have same element type}}
  %0 = vector.broadcast %v : i32 to vector<3x4xf32>
  return
}

// -----

func.func @broadcast_to_scalar(%v: vector<4xf32>) {
  // expected-error @+1 {{custom op 'vector.broadcast' invalid kind of type specified: expected builtin.vector, but found 'f32'}}
  %0 = vector.broadcast %v : vector<4xf32> to f32
  return
}

// -----

func.func @broadcast_scalable(%v: vector<[4]xf32>) {
  // expected-error @+1 {{'vector.broadcast' op dimension mismatch ([4] vs. 4)}}
  %0 = vector.broadcast %v : vector<[4]xf32> to vector<2x4xf32>
  return
}

// -----

func.func @shape_cast_count(%v: vector<2x4xf32>) {
  // expected-error @+1 {{'vector.shape_cast' op has different number of elements at source (8) and result (16)}}
  %0 = vector.shape_cast %v : vector<2x4xf32> to vector<4x4xf32>
  return
}

// -----

func.func @shape_cast_element(%v: vector<2x4xf32>) {
  // expected-error @+1 {{'vector.shape_cast' op source element type ('f32') does not match result element type ('i32')}}
  %0 = vector.shape_cast %v : vector<2x4xf32> to vector<8xi32>
  return
}

// -----

func.func @shape_cast_scalable(%v: vector<2x[4]xf32>) {
  // expected-error @+1 {{'vector.shape_cast' op has different number of scalable dims at source (1) and result (0)}}
  %0 = vector.shape_cast %v : vector<2x[4]xf32> to vector<8xf32>
  return
}

// -----

func.func @extract_rank(%v: vector<2x4xf32>) {
  // expected-error @+1 {{'vector.extract' op expected position attribute of rank no greater than vector rank}}
  %0 = vector.extract %v[1, 2, 3] : f32 from vector<2x4xf32>
  return
}

// -----

func.func @extract_dynamic_rank(%v: vector<2x4xf32>, %i: index) {
  // expected-error @+1 {{'vector.extract' op expected position attribute of rank no greater than vector rank}}
  %0 = vector.extract %v[%i, %i, %i] : f32 from vector<2x4xf32>
  return
}

// -----

func.func @extract_bounds(%v: vector<2x4xf32>) {
  // expected-error @+1 {{'vector.extract' op expected position attribute #1 to be a non-negative integer smaller than the corresponding vector dimension or poison (-1)}}
  %0 = vector.extract %v[2] : vector<4xf32> from vector<2x4xf32>
  return
}

// -----

func.func @extract_negative(%v: vector<2x4xf32>) {
  // expected-error @+1 {{'vector.extract' op expected position attribute #2 to be a non-negative integer smaller than the corresponding vector dimension or poison (-1)}}
  %0 = vector.extract %v[0, -2] : f32 from vector<2x4xf32>
  return
}

// -----

func.func @extract_markers(%v: vector<2x4xf32>) {
  // expected-error @+1 {{'vector.extract' op mismatch between dynamic and static positions (kDynamic marker but no corresponding dynamic position) -- this can only happen due to an incorrect fold/rewrite}}
  %0 = "vector.extract"(%v) <{static_position = array<i64: -9223372036854775808>}> : (vector<2x4xf32>) -> vector<4xf32>
  return
}

// -----

func.func @extract_0d(%v: vector<2x4xf32>) {
  // expected-error @+1 {{expected a scalar instead of a 0-d vector as the result type}}
  %0 = "vector.extract"(%v) <{static_position = array<i64: 0>}> : (vector<2x4xf32>) -> vector<f32>
  return
}

// -----

func.func @insert_rank(%v: vector<2x4xf32>, %s: f32) {
  // expected-error @+1 {{'vector.insert' op expected position attribute rank to match the dest vector rank}}
  %0 = vector.insert %s, %v [1] : f32 into vector<2x4xf32>
  return
}

// -----

func.func @insert_too_long(%v: vector<2x4xf32>, %s: f32) {
  // expected-error @+1 {{'vector.insert' op expected position attribute of rank no greater than dest vector rank}}
  %0 = vector.insert %s, %v [1, 1, 1] : f32 into vector<2x4xf32>
  return
}

// -----

func.func @insert_bounds(%v: vector<2x4xf32>, %s: f32) {
  // expected-error @+1 {{'vector.insert' op expected position attribute #2 to be a non-negative integer smaller than the corresponding dest vector dimension}}
  %0 = vector.insert %s, %v [1, 4] : f32 into vector<2x4xf32>
  return
}

// -----

func.func @insert_0d(%v: vector<2x4xf32>, %s: vector<f32>) {
  // expected-error @+1 {{expected a scalar instead of a 0-d vector as the source operand}}
  %0 = vector.insert %s, %v [1, 2] : vector<f32> into vector<2x4xf32>
  return
}

// -----

func.func @insert_vector_rank(%v: vector<2x4xf32>, %s: vector<1xf32>) {
  // expected-error @+1 {{'vector.insert' op expected position attribute rank + source rank to match dest vector rank}}
  %0 = vector.insert %s, %v [1, 2] : vector<1xf32> into vector<2x4xf32>
  return
}

// -----

func.func @insert_element(%v: vector<2x4xf32>, %s: f64) {
  // expected-error @+1 {{'vector.insert' op failed to verify that source operand and result have same element type}}
  %0 = vector.insert %s, %v [1, 2] : f64 into vector<2x4xf32>
  return
}

// -----

func.func @insert_result(%v: vector<2x4xf32>, %s: f32) {
  // expected-error @+1 {{'vector.insert' op failed to verify that all of {dest, result} have same type}}
  %0 = "vector.insert"(%s, %v) <{static_position = array<i64: 1, 2>}> : (f32, vector<2x4xf32>) -> vector<4x2xf32>
  return
}

// -----

func.func @fma_integer(%v: vector<4xi32>) {
  // expected-error @+1 {{'vector.fma' op operand #0 must be vector of floating-point values, but got 'vector<4xi32>'}}
  %0 = vector.fma %v, %v, %v : vector<4xi32>
  return
}

// -----

func.func @fma_types(%v: vector<4xf32>, %w: vector<4xf64>) {
  // expected-error @+1 {{'vector.fma' op failed to verify that all of {lhs, rhs, acc, result} have same type}}
  %0 = "vector.fma"(%v, %v, %w) : (vector<4xf32>, vector<4xf32>, vector<4xf64>) -> vector<4xf32>
  return
}

// -----

func.func @fma_scalar(%v: f32) {
  // expected-error @+1 {{custom op 'vector.fma' invalid kind of type specified: expected builtin.vector, but found 'f32'}}
  %0 = vector.fma %v, %v, %v : f32
  return
}

// -----

func.func @reduction_rank(%v: vector<2x4xf32>) {
  // expected-error @+1 {{'vector.reduction' op unsupported reduction rank: 2}}
  %0 = vector.reduction <add>, %v : vector<2x4xf32> into f32
  return
}

// -----

func.func @reduction_kind_float(%v: vector<4xf32>) {
  // expected-error @+1 {{'vector.reduction' op unsupported reduction type ''f32'' for kind 'xor'}}
  %0 = vector.reduction <xor>, %v : vector<4xf32> into f32
  return
}

// -----

func.func @reduction_kind_int(%v: vector<4xi32>) {
  // expected-error @+1 {{'vector.reduction' op unsupported reduction type ''i32'' for kind 'maximumf'}}
  %0 = vector.reduction <maximumf>, %v : vector<4xi32> into i32
  return
}

// -----

func.func @reduction_element(%v: vector<4xf32>) {
  // expected-error @+1 {{'vector.reduction' op failed to verify that source operand and result have same element type}}
  %0 = vector.reduction <add>, %v : vector<4xf32> into f64
  return
}

// -----

func.func @reduction_acc(%v: vector<4xf32>, %a: f64) {
  // expected-error @+1 {{'vector.reduction' op failed to verify that dest and acc have the same type}}
  %0 = "vector.reduction"(%v, %a) <{kind = #vector.kind<add>}> : (vector<4xf32>, f64) -> f32
  return
}

// -----

func.func @reduction_no_kind(%v: vector<4xf32>) {
  // expected-error @+1 {{'vector.reduction' op requires attribute 'kind'}}
  %0 = "vector.reduction"(%v) : (vector<4xf32>) -> f32
  return
}

// -----

func.func @reduction_kind_attr(%v: vector<4xf32>) {
  // expected-error @+1 {{invalid properties {kind = 1 : i32} for op vector.reduction: Invalid attribute `kind` in property conversion: 1 : i32}}
  %0 = "vector.reduction"(%v) <{kind = 1 : i32}> : (vector<4xf32>) -> f32
  return
}

// -----

func.func @reduction_comma(%v: vector<4xf32>) {
  // expected-error @+1 {{expected ','}}
  %0 = vector.reduction <add> %v : vector<4xf32> into f32
  return
}

// -----

func.func @contract_map_count(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<2x3xf32>) {
  // expected-error @+1 {{'vector.contract' op expected an indexing map for each vector operand}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>], iterator_types = ["parallel", "parallel", "reduction"]} %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
  return
}

// -----

func.func @contract_map_symbols(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<2x3xf32>) {
  // expected-error @+1 {{'vector.contract' op expected indexing map 0 to have no symbols}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k)[s0] -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"]} %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
  return
}

// -----

func.func @contract_map_inputs(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<2x3xf32>) {
  // expected-error @+1 {{'vector.contract' op expected indexing map 0 to have 2 number of inputs}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "reduction"]} %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
  return
}

// -----

func.func @contract_map_outputs(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<2x3xf32>) {
  // expected-error @+1 {{'vector.contract' op expected indexing map 0 to have 2 number of outputs}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"]} %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
  return
}

// -----

func.func @contract_map_projected(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<2x3xf32>) {
  // expected-error @+1 {{'vector.contract' op expected indexing map 0 to be a projected permutation of its inputs}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k + 1)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"]} %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
  return
}

// -----

func.func @contract_no_reduction(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<2x3xf32>) {
  // expected-error @+1 {{'vector.contract' op expected at least one contracting dimension pair}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "parallel"]} %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
  return
}

// -----

func.func @contract_dims(%a: vector<2x4xf32>, %b: vector<5x3xf32>, %c: vector<2x3xf32>) {
  // expected-error @+1 {{'vector.contract' op invalid contracting dimension map}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"]} %a, %b, %c : vector<2x4xf32>, vector<5x3xf32> into vector<2x3xf32>
  return
}

// -----

func.func @contract_result_shape(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<3x2xf32>) {
  // expected-error @+1 {{'vector.contract' op invalid accumulator/result vector shape, expected: 'vector<2x3xf32>'}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"]} %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<3x2xf32>
  return
}

// -----

func.func @contract_scalar_result(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: f32) {
  // expected-error @+1 {{'vector.contract' op invalid accumulator/result vector shape}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> ()>], iterator_types = ["parallel", "parallel", "reduction"]} %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into f32
  return
}

// -----

func.func @contract_kind(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<2x3xf32>) {
  // expected-error @+1 {{'vector.contract' op unsupported contraction type}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<xor>} %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
  return
}

// -----

func.func @contract_iterator_name(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<2x3xf32>) {
  // expected-error @+1 {{custom op 'vector.contract' unexpected iterator_type (foo)}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "foo"]} %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
  return
}

// -----

func.func @contract_no_iterators(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<2x3xf32>) {
  // expected-error @+1 {{custom op 'vector.contract' expected "iterator_types" array attribute}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>]} %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
  return
}

// -----

func.func @contract_signed(%a: vector<2x4xsi32>, %b: vector<4x3xsi32>, %c: vector<2x3xsi32>) {
  // expected-error @+1 {{'vector.contract' op only supports signless integer types}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"]} %a, %b, %c : vector<2x4xsi32>, vector<4x3xsi32> into vector<2x3xsi32>
  return
}

// -----

func.func @contract_result_element(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<2x3xf32>) {
  // expected-error @+1 {{'vector.contract' op failed to verify that third operand acc and result have same element type}}
  %0 = "vector.contract"(%a, %b, %c) <{indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = [#vector.iterator_type<parallel>, #vector.iterator_type<parallel>, #vector.iterator_type<reduction>], kind = #vector.kind<add>}> : (vector<2x4xf32>, vector<4x3xf32>, vector<2x3xf32>) -> vector<2x3xf64>
  return
}

// -----

func.func @contract_mixed(%a: vector<2x4xf16>, %b: vector<4x3xf16>, %c: vector<2x3xf32>, %d: vector<2x3xi32>) {
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"]} %a, %b, %c : vector<2x4xf16>, vector<4x3xf16> into vector<2x3xf32>
  // expected-error @+1 {{'vector.contract' op expected indexing map 0 to have 2 number of outputs}}
  %1 = vector.contract {indexing_maps = [affine_map<(b, i, k) -> (b, i, k)>, affine_map<(b, i, k) -> (b, k)>, affine_map<(b, i, k) -> (b, i)>], iterator_types = ["parallel", "parallel", "reduction"]} %a, %b, %c : vector<2x4xf16>, vector<4x3xf16> into vector<2x3xf32>
  return
}

// -----

func.func @contract_unused_dim(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<2x3xf32>) {
  // expected-error @+1 {{'vector.contract' op expected all dimensions to be either a LHS or a RHS dimension}}
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k, l) -> (i, k)>, affine_map<(i, j, k, l) -> (k, j)>, affine_map<(i, j, k, l) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction", "parallel"]} %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
  return
}

// -----

func.func @transfer_vector_element_bits(%m: memref<8xvector<4xf32>>, %i: index, %pad: vector<4xf32>) {
  // expected-error @+1 {{'vector.transfer_read' op requires the bitwidth of the minor 1-D vector to be an integral multiple of the bitwidth of the minor 1-D vector of the source}}
  %0 = vector.transfer_read %m[%i], %pad : memref<8xvector<4xf32>>, vector<2x3xf32>
  return
}

// -----

func.func @transfer_vector_element_padding(%m: memref<8xvector<4xf32>>, %i: index, %pad: f32) {
  // expected-error @+1 {{'vector.transfer_read' op requires source element type and padding type to match.}}
  %0 = "vector.transfer_read"(%m, %i, %pad) <{in_bounds = [false], operandSegmentSizes = array<i32: 1, 1, 1, 0>, permutation_map = affine_map<(d0) -> (d0)>}> : (memref<8xvector<4xf32>>, index, f32) -> vector<2x4xf32>
  return
}

// -----

func.func @transfer_vector_element_rank(%m: memref<8xvector<2x4xf32>>, %i: index, %pad: vector<2x4xf32>) {
  // expected-error @+1 {{'vector.transfer_read' op requires source vector element and vector result ranks to match.}}
  %0 = "vector.transfer_read"(%m, %i, %pad) <{in_bounds = [], operandSegmentSizes = array<i32: 1, 1, 1, 0>, permutation_map = affine_map<(d0) -> ()>}> : (memref<8xvector<2x4xf32>>, index, vector<2x4xf32>) -> vector<8xf32>
  return
}

// -----

func.func @transfer_scalar_bits(%m: memref<8xi8>, %i: index, %pad: i8) {
  // expected-error @+1 {{'vector.transfer_read' op requires the bitwidth of the minor 1-D vector to be an integral multiple of the bitwidth of the source element type}}
  %0 = "vector.transfer_read"(%m, %i, %pad) <{in_bounds = [false], operandSegmentSizes = array<i32: 1, 1, 1, 0>, permutation_map = affine_map<(d0) -> (d0)>}> : (memref<8xi8>, index, i8) -> vector<3xi4>
  return
}

// -----

func.func @transfer_vector_element_mask(%m: memref<8xvector<4xf32>>, %i: index, %pad: vector<4xf32>, %mask: vector<2xi1>) {
  // expected-error @+1 {{custom op 'vector.transfer_read' does not support masks with vector element type}}
  %0 = vector.transfer_read %m[%i], %pad, %mask : memref<8xvector<4xf32>>, vector<2x4xf32>
  return
}

// -----

func.func @transfer_write_vector_element_bits(%m: memref<8xvector<4xf32>>, %i: index, %v: vector<2x3xf32>) {
  // expected-error @+1 {{'vector.transfer_write' op requires the bitwidth of the minor 1-D vector to be an integral multiple of the bitwidth of the minor 1-D vector of the source}}
  vector.transfer_write %v, %m[%i] : vector<2x3xf32>, memref<8xvector<4xf32>>
  return
}

// -----

func.func @extract_from(%v: vector<2x4xf32>) {
  // expected-error @+1 {{custom op 'vector.extract' expected 'from'}}
  %0 = vector.extract %v[1, 2] : f32 vector<2x4xf32>
  return
}

// -----

func.func @insert_into(%v: vector<2x4xf32>, %s: f32) {
  // expected-error @+1 {{custom op 'vector.insert' expected 'into'}}
  %0 = vector.insert %s, %v[1, 2] : f32 vector<2x4xf32>
  return
}

// -----

func.func @maskedload_into(%m: memref<8xf32>, %i: index, %mask: vector<4xi1>, %v: vector<4xf32>) {
  // expected-error @+1 {{custom op 'vector.maskedload' expected 'into'}}
  %0 = vector.maskedload %m[%i], %mask, %v : memref<8xf32>, vector<4xi1>, vector<4xf32> vector<4xf32>
  return
}

// -----

func.func @contract_into(%a: vector<4xf32>, %s: f32) {
  // expected-error @+1 {{custom op 'vector.contract' expected 'into'}}
  %1 = vector.contract {indexing_maps = [affine_map<(k) -> (k)>, affine_map<(k) -> (k)>, affine_map<(k) -> ()>], iterator_types = ["reduction"]} %a, %a, %s : vector<4xf32>, vector<4xf32> f32
  return
}

