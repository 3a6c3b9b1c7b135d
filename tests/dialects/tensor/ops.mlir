// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// Every tensor op in MLIR's custom spelling; irc prints each back as MLIR does (and as
// test_mlir_agreement.py checks against iree-opt, custom and generic, byte for byte).
// The CHECK lines are iree-opt's own print.

// CHECK-LABEL: func.func @empty(%arg0: index) {
// CHECK-NEXT: %0 = tensor.empty() : tensor<4x4xf32>
// CHECK-NEXT: %1 = tensor.empty(%arg0, %arg0) {note = "x"} : tensor<?x2x?xi8>
// CHECK-NEXT: %2 = tensor.empty() : tensor<f64>
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @empty(%n: index) {
  %a = tensor.empty() : tensor<4x4xf32>
  %b = tensor.empty(%n, %n) {note = "x"} : tensor<?x2x?xi8>
  %c = tensor.empty() : tensor<f64>
  return
}

// CHECK-LABEL: func.func @dim(%arg0: tensor<4x?xf32>, %arg1: tensor<*xi32>, %arg2: index) -> (index, index) {
// CHECK-NEXT: %dim = tensor.dim %arg0, %arg2 : tensor<4x?xf32>
// CHECK-NEXT: %dim_0 = tensor.dim {note} %arg1, %arg2 : tensor<*xi32>
// CHECK-NEXT: return %dim, %dim_0 : index, index
// CHECK-NEXT: }
func.func @dim(%t: tensor<4x?xf32>, %u: tensor<*xi32>, %i: index) -> (index, index) {
  %0 = tensor.dim %t, %i : tensor<4x?xf32>
  %1 = tensor.dim {note} %u, %i : tensor<*xi32>
  return %0, %1 : index, index
}

// CHECK-LABEL: func.func @extract_insert(%arg0: tensor<4x?xf32>, %arg1: tensor<i1>, %arg2: index, %arg3: index, %arg4: f32) -> tensor<4x?xf32> {
// CHECK-NEXT: %extracted = tensor.extract %arg0[%arg2, %arg3] : tensor<4x?xf32>
// CHECK-NEXT: %extracted_0 = tensor.extract %arg1[] {note} : tensor<i1>
// CHECK-NEXT: %inserted = tensor.insert %arg4 into %arg0[%arg2, %arg3] : tensor<4x?xf32>
// CHECK-NEXT: %inserted_1 = tensor.insert %extracted_0 into %arg1[] : tensor<i1>
// CHECK-NEXT: return %inserted : tensor<4x?xf32>
// CHECK-NEXT: }
func.func @extract_insert(%t: tensor<4x?xf32>, %z: tensor<i1>, %i: index, %j: index, %v: f32) -> tensor<4x?xf32> {
  %0 = tensor.extract %t[%i, %j] : tensor<4x?xf32>
  %1 = tensor.extract %z[] {note} : tensor<i1>
  %2 = tensor.insert %v into %t[%i, %j] : tensor<4x?xf32>
  %3 = tensor.insert %1 into %z[] : tensor<i1>
  return %2 : tensor<4x?xf32>
}

// CHECK-LABEL: func.func @slices(%arg0: tensor<8x?xf32>, %arg1: index, %arg2: index) {
// CHECK-NEXT: %extracted_slice = tensor.extract_slice %arg0[%arg1, 0] [4, %arg2] [1, 1] : tensor<8x?xf32> to tensor<4x?xf32>
// CHECK-NEXT: %extracted_slice_0 = tensor.extract_slice %arg0[0, 2] [4, 3] [2, 1] {note} : tensor<8x?xf32> to tensor<4x3xf32>
// CHECK-NEXT: %extracted_slice_1 = tensor.extract_slice %arg0[1, %arg1] [1, %arg2] [1, %arg2] : tensor<8x?xf32> to tensor<?xf32>
// CHECK-NEXT: %extracted_slice_2 = tensor.extract_slice %arg0[0, 0] [1, 1] [1, 1] : tensor<8x?xf32> to tensor<f32>
// CHECK-NEXT: %inserted_slice = tensor.insert_slice %extracted_slice into %arg0[%arg1, 0] [4, %arg2] [1, 1] : tensor<4x?xf32> into tensor<8x?xf32>
// CHECK-NEXT: %inserted_slice_3 = tensor.insert_slice %extracted_slice_1 into %arg0[%arg2, %arg1] [1, %arg2] [1, 2] : tensor<?xf32> into tensor<8x?xf32>
// CHECK-NEXT: %inserted_slice_4 = tensor.insert_slice %extracted_slice_0 into %inserted_slice[0, 0] [4, 3] [1, 1] : tensor<4x3xf32> into tensor<8x?xf32>
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @slices(%t: tensor<8x?xf32>, %o: index, %s: index) {
  %0 = tensor.extract_slice %t[%o, 0] [4, %s] [1, 1] : tensor<8x?xf32> to tensor<4x?xf32>
  %1 = tensor.extract_slice %t[0, 2] [4, 3] [2, 1] {note} : tensor<8x?xf32> to tensor<4x3xf32>
  %2 = tensor.extract_slice %t[1, %o] [1, %s] [1, %s] : tensor<8x?xf32> to tensor<?xf32>
  %3 = tensor.extract_slice %t[0, 0] [1, 1] [1, 1] : tensor<8x?xf32> to tensor<f32>
  %4 = tensor.insert_slice %0 into %t[%o, 0] [4, %s] [1, 1] : tensor<4x?xf32> into tensor<8x?xf32>
  %5 = tensor.insert_slice %2 into %t[%s, %o] [1, %s] [1, 2] : tensor<?xf32> into tensor<8x?xf32>
  %6 = tensor.insert_slice %1 into %4[0, 0] [4, 3] [1, 1] : tensor<4x3xf32> into tensor<8x?xf32>
  return
}

// CHECK-LABEL: func.func @reshapes(%arg0: tensor<4x8x2xf32>, %arg1: tensor<?x4xi32>, %arg2: index, %arg3: tensor<2xindex>) {
// CHECK-NEXT: %collapsed = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2{{\]\]}} : tensor<4x8x2xf32> into tensor<32x2xf32>
// CHECK-NEXT: %collapsed_0 = tensor.collapse_shape %arg0 {{\[\[}}0, 1, 2{{\]\]}} {note} : tensor<4x8x2xf32> into tensor<64xf32>
// CHECK-NEXT: %collapsed_1 = tensor.collapse_shape %arg1 {{\[\[}}0, 1{{\]\]}} : tensor<?x4xi32> into tensor<?xi32>
// CHECK-NEXT: %expanded = tensor.expand_shape %collapsed {{\[\[}}0, 1], [2{{\]\]}} output_shape [4, 8, 2] : tensor<32x2xf32> into tensor<4x8x2xf32>
// CHECK-NEXT: %expanded_2 = tensor.expand_shape %collapsed_1 {{\[\[}}0, 1, 2{{\]\]}} output_shape [%arg2, 2, 2] : tensor<?xi32> into tensor<?x2x2xi32>
// CHECK-NEXT: %reshape = tensor.reshape %arg0(%arg3) : (tensor<4x8x2xf32>, tensor<2xindex>) -> tensor<16x4xf32>
// CHECK-NEXT: %reshape_3 = tensor.reshape %arg1(%arg3) {note} : (tensor<?x4xi32>, tensor<2xindex>) -> tensor<?x?xi32>
// CHECK-NEXT: %0 = tensor.empty() : tensor<1x1xf32>
// CHECK-NEXT: %collapsed_4 = tensor.collapse_shape %0 [] : tensor<1x1xf32> into tensor<f32>
// CHECK-NEXT: %expanded_5 = tensor.expand_shape %collapsed_4 [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @reshapes(%t: tensor<4x8x2xf32>, %d: tensor<?x4xi32>, %n: index, %shape: tensor<2xindex>) {
  %0 = tensor.collapse_shape %t [[0, 1], [2]] : tensor<4x8x2xf32> into tensor<32x2xf32>
  %1 = tensor.collapse_shape %t [[0, 1, 2]] {note} : tensor<4x8x2xf32> into tensor<64xf32>
  %2 = tensor.collapse_shape %d [[0, 1]] : tensor<?x4xi32> into tensor<?xi32>
  %3 = tensor.expand_shape %0 [[0, 1], [2]] output_shape [4, 8, 2] : tensor<32x2xf32> into tensor<4x8x2xf32>
  %4 = tensor.expand_shape %2 [[0, 1, 2]] output_shape [%n, 2, 2] : tensor<?xi32> into tensor<?x2x2xi32>
  %5 = tensor.reshape %t(%shape) : (tensor<4x8x2xf32>, tensor<2xindex>) -> tensor<16x4xf32>
  %6 = tensor.reshape %d(%shape) {note} : (tensor<?x4xi32>, tensor<2xindex>) -> tensor<?x?xi32>
  %e = tensor.empty() : tensor<1x1xf32>
  %7 = tensor.collapse_shape %e [] : tensor<1x1xf32> into tensor<f32>
  %8 = tensor.expand_shape %7 [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
  return
}

// CHECK-LABEL: func.func @casts(%arg0: tensor<4x?xf32>, %arg1: tensor<*xf32>) {
// CHECK-NEXT: %cast = tensor.cast %arg0 : tensor<4x?xf32> to tensor<?x?xf32>
// CHECK-NEXT: %cast_0 = tensor.cast %cast : tensor<?x?xf32> to tensor<4x8xf32>
// CHECK-NEXT: %cast_1 = tensor.cast %arg0 {note} : tensor<4x?xf32> to tensor<*xf32>
// CHECK-NEXT: %cast_2 = tensor.cast %arg1 : tensor<*xf32> to tensor<2x2xf32>
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @casts(%t: tensor<4x?xf32>, %u: tensor<*xf32>) {
  %0 = tensor.cast %t : tensor<4x?xf32> to tensor<?x?xf32>
  %1 = tensor.cast %0 : tensor<?x?xf32> to tensor<4x8xf32>
  %2 = tensor.cast %t {note} : tensor<4x?xf32> to tensor<*xf32>
  %3 = tensor.cast %u : tensor<*xf32> to tensor<2x2xf32>
  return
}

// CHECK-LABEL: func.func @rank_and_bitcast(%arg0: tensor<4x?xf32>, %arg1: tensor<*xi32>, %arg2: tensor<4xi32>) {
// CHECK-NEXT: %rank = tensor.rank %arg0 : tensor<4x?xf32>
// CHECK-NEXT: %rank_0 = tensor.rank %arg1 {note} : tensor<*xi32>
// CHECK-NEXT: %0 = tensor.bitcast %arg2 : tensor<4xi32> to tensor<4xf32>
// CHECK-NEXT: %1 = tensor.bitcast %arg2 {note} : tensor<4xi32> to tensor<?xui32>
// CHECK-NEXT: %2 = tensor.bitcast %arg1 : tensor<*xi32> to tensor<*xf32>
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @rank_and_bitcast(%t: tensor<4x?xf32>, %u: tensor<*xi32>, %i: tensor<4xi32>) {
  %0 = tensor.rank %t : tensor<4x?xf32>
  %1 = tensor.rank %u {note} : tensor<*xi32>
  %2 = tensor.bitcast %i : tensor<4xi32> to tensor<4xf32>
  %3 = tensor.bitcast %i {note} : tensor<4xi32> to tensor<?xui32>
  %4 = tensor.bitcast %u : tensor<*xi32> to tensor<*xf32>
  return
}

// CHECK-LABEL: func.func @gather_scatter(%arg0: tensor<4x5x6xf32>, %arg1: tensor<2x3x2xindex>, %arg2: tensor<2x1xi32>) {
// CHECK-NEXT: %gather = tensor.gather %arg0[%arg1] gather_dims([0, 2]) : (tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<2x3x1x5x1xf32>
// CHECK-NEXT: %gather_0 = tensor.gather %arg0[%arg1] gather_dims([0, 2]) unique {note} : (tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<2x3x5xf32>
// CHECK-NEXT: %gather_1 = tensor.gather %arg0[%arg2] gather_dims([1]) : (tensor<4x5x6xf32>, tensor<2x1xi32>) -> tensor<2x4x6xf32>
// CHECK-NEXT: %scatter = tensor.scatter %gather into %arg0[%arg1] scatter_dims([0, 2]) unique : (tensor<2x3x1x5x1xf32>, tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<4x5x6xf32>
// CHECK-NEXT: %scatter_2 = tensor.scatter %gather_0 into %scatter[%arg1] scatter_dims([0, 2]) unique {note} : (tensor<2x3x5xf32>, tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<4x5x6xf32>
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @gather_scatter(%s: tensor<4x5x6xf32>, %i: tensor<2x3x2xindex>, %j: tensor<2x1xi32>) {
  %0 = tensor.gather %s[%i] gather_dims([0, 2]) : (tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<2x3x1x5x1xf32>
  %1 = tensor.gather %s[%i] gather_dims([0, 2]) unique {note} : (tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<2x3x5xf32>
  %2 = tensor.gather %s[%j] gather_dims([1]) : (tensor<4x5x6xf32>, tensor<2x1xi32>) -> tensor<2x4x6xf32>
  %3 = tensor.scatter %0 into %s[%i] scatter_dims([0, 2]) unique : (tensor<2x3x1x5x1xf32>, tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<4x5x6xf32>
  %4 = tensor.scatter %1 into %3[%i] scatter_dims([0, 2]) unique {note} : (tensor<2x3x5xf32>, tensor<4x5x6xf32>, tensor<2x3x2xindex>) -> tensor<4x5x6xf32>
  return
}

// CHECK-LABEL: func.func @builders(%arg0: f32, %arg1: i1, %arg2: index) {
// CHECK-NEXT: %splat = tensor.splat %arg0 : tensor<4x4xf32>
// CHECK-NEXT: %splat_0 = tensor.splat %arg0[%arg2, %arg2] {note} : tensor<?x3x?xf32>
// CHECK-NEXT: %from_elements = tensor.from_elements %arg0, %arg0, %arg0, %arg0 : tensor<2x2xf32>
// CHECK-NEXT: %from_elements_1 = tensor.from_elements %arg1 : tensor<i1>
// CHECK-NEXT: %from_elements_2 = tensor.from_elements %arg2, %arg2 {note} : tensor<2xindex>
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @builders(%v: f32, %i: i1, %n: index) {
  %0 = tensor.splat %v : tensor<4x4xf32>
  %1 = tensor.splat %v[%n, %n] {note} : tensor<?x3x?xf32>
  %2 = tensor.from_elements %v, %v, %v, %v : tensor<2x2xf32>
  %3 = tensor.from_elements %i : tensor<i1>
  %4 = tensor.from_elements %n, %n {note} : tensor<2xindex>
  return
}

// CHECK-LABEL: func.func @generate(%arg0: index, %arg1: f32) -> tensor<?x3xf32> {
// CHECK-NEXT: %generated = tensor.generate %arg0 {
// CHECK-NEXT: ^bb0(%arg2: index, %arg3: index):
// CHECK-NEXT: tensor.yield %arg1 : f32
// CHECK-NEXT: } : tensor<?x3xf32>
// CHECK-NEXT: %generated_0 = tensor.generate  {
// CHECK-NEXT: ^bb0(%arg2: index):
// CHECK-NEXT: %0 = arith.index_cast %arg2 : index to i32
// CHECK-NEXT: tensor.yield %0 : i32
// CHECK-NEXT: } {note} : tensor<5xi32>
// CHECK-NEXT: return %generated : tensor<?x3xf32>
// CHECK-NEXT: }
func.func @generate(%n: index, %v: f32) -> tensor<?x3xf32> {
  %0 = tensor.generate %n {
  ^bb0(%i: index, %j: index):
    tensor.yield %v : f32
  } : tensor<?x3xf32>
  %1 = tensor.generate {
  ^bb0(%i: index):
    %c = arith.index_cast %i : index to i32
    tensor.yield %c : i32
  } {note} : tensor<5xi32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @pad(%arg0: tensor<4x?xf32>, %arg1: index, %arg2: f32) {
// CHECK-NEXT: %padded = tensor.pad %arg0 low[1, %arg1] high[2, 0] {
// CHECK-NEXT: ^bb0(%arg3: index, %arg4: index):
// CHECK-NEXT: tensor.yield %arg2 : f32
// CHECK-NEXT: } : tensor<4x?xf32> to tensor<7x?xf32>
// CHECK-NEXT: %padded_0 = tensor.pad %arg0 nofold low[0, 0] high[%arg1, %arg1] {
// CHECK-NEXT: ^bb0(%arg3: index, %arg4: index):
// CHECK-NEXT: tensor.yield %arg2 : f32
// CHECK-NEXT: } {note} : tensor<4x?xf32> to tensor<?x?xf32>
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @pad(%t: tensor<4x?xf32>, %n: index, %v: f32) {
  %0 = tensor.pad %t low[1, %n] high[2, 0] {
  ^bb0(%i: index, %j: index):
    tensor.yield %v : f32
  } : tensor<4x?xf32> to tensor<7x?xf32>
  %1 = tensor.pad %t nofold low[0, 0] high[%n, %n] {
  ^bb0(%i: index, %j: index):
    tensor.yield %v : f32
  } {note} : tensor<4x?xf32> to tensor<?x?xf32>
  return
}

// CHECK-LABEL: func.func @concat(%arg0: tensor<4x?xf32>, %arg1: tensor<2x?xf32>, %arg2: tensor<?x3xf32>) {
// CHECK-NEXT: %concat = tensor.concat dim(0) %arg0, %arg1 : (tensor<4x?xf32>, tensor<2x?xf32>) -> tensor<6x?xf32>
// CHECK-NEXT: %concat_0 = tensor.concat dim(0) %arg0, %arg2 {note} : (tensor<4x?xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
// CHECK-NEXT: %concat_1 = tensor.concat dim(1) %arg0 : (tensor<4x?xf32>) -> tensor<4x?xf32>
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @concat(%a: tensor<4x?xf32>, %b: tensor<2x?xf32>, %c: tensor<?x3xf32>) {
  %0 = tensor.concat dim(0) %a, %b : (tensor<4x?xf32>, tensor<2x?xf32>) -> tensor<6x?xf32>
  %1 = tensor.concat dim(0) %a, %c {note} : (tensor<4x?xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  %2 = tensor.concat dim(1) %a : (tensor<4x?xf32>) -> tensor<4x?xf32>
  return
}

