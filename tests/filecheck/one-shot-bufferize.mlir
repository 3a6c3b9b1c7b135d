// RUN: irc-opt %s --one-shot-bufferize=bufferize-function-boundaries | filecheck %s
// RUN: irc-opt %s --one-shot-bufferize | filecheck %s --check-prefix=TENSORS
// RUN: irc-opt %s --one-shot-bufferize='bufferize-function-boundaries function-boundary-type-conversion=fully-dynamic-layout-map' \
// RUN:   | filecheck %s --check-prefix=DYN
// RUN: irc-opt %s --one-shot-bufferize='bufferize-function-boundaries test-analysis-only' \
// RUN:   | filecheck %s --check-prefix=ANALYSIS

// Tensors become memrefs. A write reuses the buffer of the tensor it overwrites unless
// that tensor is read later (then the op writes a copy) or is a function argument; every
// buffer the pass allocates is freed after its last use in its block or returned. Apart
// from arguments (read-only in irc; iree-opt writes them unless marked
// `bufferization.writable = false`), the in-place and copy decisions are those
// `iree-opt --one-shot-bufferize` takes on the same input (tests/lowering/
// test_bufferize.py compares the ops of most functions and runs cases before and after).

#id1 = affine_map<(d0) -> (d0)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>

// tensor.empty -> fill -> matmul: one buffer, written in place twice, returned.
// CHECK-LABEL: func.func @matmul_in_place
// CHECK-SAME:    (%[[A:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<8x4xf32>) -> memref<4x4xf32>
// CHECK:         %[[ALLOC:.*]] = memref.alloc() alignment = 64 : memref<4x4xf32>
// CHECK-NEXT:    linalg.fill ins(%{{.*}} : f32) outs(%[[ALLOC]] : memref<4x4xf32>)
// CHECK-NEXT:    linalg.matmul ins(%[[A]], %[[B]] : memref<4x8xf32>, memref<8x4xf32>) outs(%[[ALLOC]] : memref<4x4xf32>)
// CHECK-NEXT:    return %[[ALLOC]] : memref<4x4xf32>
// TENSORS-LABEL: func.func @matmul_in_place
// TENSORS-SAME:    (%arg0: tensor<4x8xf32>, %arg1: tensor<8x4xf32>) -> tensor<4x4xf32>
// TENSORS:         %[[A:.*]] = bufferization.to_buffer %arg0 read_only : tensor<4x8xf32> to memref<4x8xf32>
// TENSORS-NEXT:    %[[B:.*]] = bufferization.to_buffer %arg1 read_only : tensor<8x4xf32> to memref<8x4xf32>
// TENSORS:         linalg.matmul ins(%[[A]], %[[B]] : memref<4x8xf32>, memref<8x4xf32>) outs(%[[ALLOC:.*]] : memref<4x4xf32>)
// TENSORS-NEXT:    %[[T:.*]] = bufferization.to_tensor %[[ALLOC]] : memref<4x4xf32> to tensor<4x4xf32>
// TENSORS-NEXT:    return %[[T]] : tensor<4x4xf32>
func.func @matmul_in_place(%a: tensor<4x8xf32>, %b: tensor<8x4xf32>) -> tensor<4x4xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x4xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<4x4xf32>) -> tensor<4x4xf32>
  %m = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x4xf32>) outs(%f : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %m : tensor<4x4xf32>
}

// %f is read after the generic writes it: the generic writes a copy, and the fill's
// buffer is freed after the load.
// test-analysis-only: each op on tensors says which of its operands keep their buffer
// ("true"), get a copy ("false") or are not tensors ("none"), as MLIR prints it.
// ANALYSIS-LABEL: func.func @read_after_write
// ANALYSIS:         linalg.fill {__inplace_operands_attr__ = ["none", "true"]}
// ANALYSIS:         linalg.generic {{.*}} attrs =  {__inplace_operands_attr__ = ["true", "false"]}
// ANALYSIS:         tensor.extract %{{.*}} {__inplace_operands_attr__ = ["true", "none"]}
// ANALYSIS:         return {__inplace_operands_attr__ = ["true", "none"]}
// CHECK-LABEL: func.func @read_after_write
// CHECK:         %[[F:.*]] = memref.alloc() alignment = 64 : memref<4xf32>
// CHECK-NEXT:    linalg.fill ins(%{{.*}} : f32) outs(%[[F]] : memref<4xf32>)
// CHECK-NEXT:    %[[G:.*]] = memref.alloc() alignment = 64 : memref<4xf32>
// CHECK-NEXT:    memref.copy %[[F]], %[[G]] : memref<4xf32> to memref<4xf32>
// CHECK-NEXT:    linalg.generic {{.*}} ins(%arg0 : memref<4xf32>) outs(%[[G]] : memref<4xf32>)
// CHECK:         %[[V:.*]] = memref.load %[[F]][%arg1] : memref<4xf32>
// CHECK-NEXT:    memref.dealloc %[[F]] : memref<4xf32>
// CHECK-NEXT:    return %[[G]], %[[V]] : memref<4xf32>, f32
func.func @read_after_write(%x: tensor<4xf32>, %i: index) -> (tensor<4xf32>, f32) {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %g = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%f : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %v = tensor.extract %f[%i] : tensor<4xf32>
  return %g, %v : tensor<4xf32>, f32
}

// Arguments are read-only (irc's default): the store goes into a copy.
// CHECK-LABEL: func.func @insert_into_argument
// CHECK-NEXT:    %[[C:.*]] = memref.alloc() alignment = 64 : memref<4xf32>
// CHECK-NEXT:    memref.copy %arg0, %[[C]] : memref<4xf32> to memref<4xf32>
// CHECK-NEXT:    memref.store %arg1, %[[C]][%arg2] : memref<4xf32>
// CHECK-NEXT:    return %[[C]] : memref<4xf32>
// DYN-LABEL: func.func @insert_into_argument
// DYN-SAME:    (%arg0: memref<4xf32, strided<[?], offset: ?>>, %arg1: f32, %arg2: index) -> memref<4xf32, strided<[?], offset: ?>>
// DYN:         %[[CAST:.*]] = memref.cast %{{.*}} : memref<4xf32> to memref<4xf32, strided<[?], offset: ?>>
// DYN-NEXT:    return %[[CAST]]
func.func @insert_into_argument(%t: tensor<4xf32>, %v: f32, %i: index) -> tensor<4xf32> {
  %r = tensor.insert %v into %t[%i] : tensor<4xf32>
  return %r : tensor<4xf32>
}

// ... unless marked `bufferization.writable = true`.
// CHECK-LABEL: func.func @writable_argument
// CHECK-NEXT:    memref.store %arg1, %arg0[%arg2] : memref<4xf32>
// CHECK-NEXT:    memref.load %arg0[%arg2] : memref<4xf32>
// TENSORS-LABEL: func.func @writable_argument
// TENSORS:         memref.copy
func.func @writable_argument(%t: tensor<4xf32> {bufferization.writable = true}, %v: f32, %i: index) -> f32 {
  %r = tensor.insert %v into %t[%i] : tensor<4xf32>
  %e = tensor.extract %r[%i] : tensor<4xf32>
  return %e : f32
}

// extract_slice, compute in the slice, insert_slice of the same window: all in place,
// the insert_slice copies nothing, the loop yields its iter_arg.
// CHECK-LABEL: func.func @tiled
// CHECK:         %[[ALLOC:.*]] = memref.alloc() alignment = 64 : memref<4x8xf32>
// CHECK-NEXT:    %[[R:.*]] = scf.for %[[I:.*]] = %{{.*}} iter_args(%[[ACC:.*]] = %[[ALLOC]]) -> (memref<4x8xf32>) {
// CHECK-NEXT:      %[[XS:.*]] = memref.subview %arg0[%[[I]], 0] [1, 8] [1, 1] : memref<4x8xf32> to memref<8xf32, strided<[1], offset: ?>>
// CHECK-NEXT:      %[[AS:.*]] = memref.subview %[[ACC]][%[[I]], 0] [1, 8] [1, 1] : memref<4x8xf32> to memref<8xf32, strided<[1], offset: ?>>
// CHECK-NEXT:      linalg.generic {{.*}} ins(%[[XS]] : {{.*}}) outs(%[[AS]] : {{.*}})
// CHECK-NOT:       memref.copy
// CHECK:           scf.yield %[[ACC]] : memref<4x8xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]] : memref<4x8xf32>
func.func @tiled(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %e = tensor.empty() : tensor<4x8xf32>
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %e) -> (tensor<4x8xf32>) {
    %xs = tensor.extract_slice %x[%i, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %as = tensor.extract_slice %acc[%i, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    %y = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
        ins(%xs : tensor<8xf32>) outs(%as : tensor<8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %m = arith.mulf %in, %in : f32
      linalg.yield %m : f32
    } -> tensor<8xf32>
    %acc2 = tensor.insert_slice %y into %acc[%i, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<4x8xf32>
    scf.yield %acc2 : tensor<4x8xf32>
  }
  return %r : tensor<4x8xf32>
}

// A temporary made in a loop body is freed in the body, after its last use.
// CHECK-LABEL: func.func @temporary_in_loop
// CHECK:         scf.for
// CHECK-NEXT:      %[[T:.*]] = memref.alloc() alignment = 64 : memref<4xf32>
// CHECK-NEXT:      linalg.generic {{.*}} outs(%[[T]] : memref<4xf32>)
// CHECK:           memref.load %[[T]][%{{.*}}] : memref<4xf32>
// CHECK-NEXT:      memref.dealloc %[[T]] : memref<4xf32>
// CHECK-NEXT:      arith.addf
// CHECK-NEXT:      scf.yield
func.func @temporary_in_loop(%x: tensor<4xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %z) -> (f32) {
    %e = tensor.empty() : tensor<4xf32>
    %sq = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
        ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %m = arith.mulf %in, %in : f32
      linalg.yield %m : f32
    } -> tensor<4xf32>
    %v = tensor.extract %sq[%c1] : tensor<4xf32>
    %a = arith.addf %acc, %v : f32
    scf.yield %a : f32
  }
  return %r : f32
}

// A branch yields a buffer it allocated: the other branch yields a copy of its own, the
// scf.if result owns the buffer and is freed after its last use.
// CHECK-LABEL: func.func @branch_owns_its_result
// CHECK:         %[[R:.*]] = scf.if %arg0 -> (memref<4xf32>) {
// CHECK-NEXT:      %[[A:.*]] = memref.alloc() alignment = 64 : memref<4xf32>
// CHECK-NEXT:      linalg.fill ins(%{{.*}} : f32) outs(%[[A]] : memref<4xf32>)
// CHECK-NEXT:      scf.yield %[[A]] : memref<4xf32>
// CHECK-NEXT:    } else {
// CHECK-NEXT:      %[[B:.*]] = memref.alloc() alignment = 64 : memref<4xf32>
// CHECK-NEXT:      memref.copy %arg1, %[[B]] : memref<4xf32> to memref<4xf32>
// CHECK-NEXT:      scf.yield %[[B]] : memref<4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    memref.load %[[R]]
// CHECK-NEXT:    memref.dealloc %[[R]] : memref<4xf32>
func.func @branch_owns_its_result(%c: i1, %x: tensor<4xf32>) -> f32 {
  %one = arith.constant 1.0 : f32
  %c0 = arith.constant 0 : index
  %r = scf.if %c -> (tensor<4xf32>) {
    %e = tensor.empty() : tensor<4xf32>
    %f = linalg.fill ins(%one : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
    scf.yield %f : tensor<4xf32>
  } else {
    scf.yield %x : tensor<4xf32>
  }
  %v = tensor.extract %r[%c0] : tensor<4xf32>
  return %v : f32
}

// Views stay views; a returned view is copied into a buffer the caller owns.
// CHECK-LABEL: func.func @slice_and_reshape
// CHECK-NEXT:    %[[S:.*]] = memref.subview %arg0[1, 0] [2, 8] [1, 1] : memref<6x8xf32> to memref<2x8xf32, strided<[8, 1], offset: 8>>
// CHECK-NEXT:    %[[E:.*]] = memref.expand_shape %[[S]] {{\[\[}}0], [1, 2]] output_shape [2, 4, 2] : memref<2x8xf32, strided<[8, 1], offset: 8>> into memref<2x4x2xf32, strided<[8, 2, 1], offset: 8>>
// CHECK-NEXT:    %[[C:.*]] = memref.alloc() alignment = 64 : memref<2x4x2xf32>
// CHECK-NEXT:    memref.copy %[[E]], %[[C]]
// CHECK-NEXT:    return %[[C]] : memref<2x4x2xf32>
func.func @slice_and_reshape(%x: tensor<6x8xf32>) -> tensor<2x4x2xf32> {
  %s = tensor.extract_slice %x[1, 0] [2, 8] [1, 1] : tensor<6x8xf32> to tensor<2x8xf32>
  %r = tensor.expand_shape %s [[0], [1, 2]] output_shape [2, 4, 2] : tensor<2x8xf32> into tensor<2x4x2xf32>
  return %r : tensor<2x4x2xf32>
}

// irc has no memref.global: a dense constant is a buffer filled by stores.
// CHECK-LABEL: func.func @constant
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[K:.*]] = memref.alloc() alignment = 64 : memref<2xi32>
// CHECK-NEXT:    %[[SEVEN:.*]] = arith.constant 7 : i32
// CHECK-NEXT:    memref.store %[[SEVEN]], %[[K]][%[[C0]]] : memref<2xi32>
// CHECK-NEXT:    %[[EIGHT:.*]] = arith.constant 8 : i32
// CHECK-NEXT:    memref.store %[[EIGHT]], %[[K]][%[[C1]]] : memref<2xi32>
// CHECK-NEXT:    memref.load %[[K]][%arg0] : memref<2xi32>
// CHECK-NEXT:    memref.dealloc %[[K]] : memref<2xi32>
func.func @constant(%i: index) -> i32 {
  %k = arith.constant dense<[7, 8]> : tensor<2xi32>
  %v = tensor.extract %k[%i] : tensor<2xi32>
  return %v : i32
}

// A function returns buffers its caller owns: the caller frees them.
// CHECK-LABEL: func.func @call_results_are_owned
// CHECK:         %[[R:.*]] = call @insert_into_argument(%arg0, %arg1, %{{.*}}) : (memref<4xf32>, f32, index) -> memref<4xf32>
// CHECK-NEXT:    memref.load %[[R]]
// CHECK-NEXT:    memref.dealloc %[[R]] : memref<4xf32>
// TENSORS-LABEL: func.func @call_results_are_owned
// TENSORS:         %[[T:.*]] = bufferization.to_tensor %{{.*}} : memref<4xf32> to tensor<4xf32>
// TENSORS-NEXT:    %[[R:.*]] = call @insert_into_argument(%[[T]], %arg1, %{{.*}}) : (tensor<4xf32>, f32, index) -> tensor<4xf32>
// TENSORS-NEXT:    bufferization.to_buffer %[[R]] read_only : tensor<4xf32> to memref<4xf32>
func.func @call_results_are_owned(%x: tensor<4xf32>, %v0: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %r = func.call @insert_into_argument(%x, %v0, %c0) : (tensor<4xf32>, f32, index) -> tensor<4xf32>
  %v = tensor.extract %r[%c0] : tensor<4xf32>
  return %v : f32
}

// Ops that make a new tensor from a body: an scf.for nest stores what it yields; pad then
// copies its source into the window at the low offsets.
// CHECK-LABEL: func.func @pad
// CHECK:         %[[DIM:.*]] = memref.dim %arg0, %{{.*}} : memref<2x?xf32>
// CHECK-NEXT:    %[[SUM:.*]] = arith.addi %arg1, %[[DIM]] : index
// CHECK-NEXT:    %[[SIZE:.*]] = arith.addi %[[SUM]], %{{.*}} : index
// CHECK-NEXT:    %[[P:.*]] = memref.alloc(%[[SIZE]]) alignment = 64 : memref<5x?xf32>
// CHECK:         scf.for %[[I:.*]] = {{.*}} {
// CHECK-NEXT:      scf.for %[[J:.*]] = {{.*}} {
// CHECK-NEXT:        memref.store %cst, %[[P]][%[[I]], %[[J]]] : memref<5x?xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[W:.*]] = memref.subview %[[P]][1, %arg1] [2, %[[DIM]]] [1, 1] : memref<5x?xf32> to memref<2x?xf32, strided<[?, 1], offset: ?>>
// CHECK-NEXT:    memref.copy %arg0, %[[W]] : memref<2x?xf32> to memref<2x?xf32, strided<[?, 1], offset: ?>>
// CHECK-NEXT:    return %[[P]] : memref<5x?xf32>
func.func @pad(%x: tensor<2x?xf32>, %n: index) -> tensor<5x?xf32> {
  %z = arith.constant 0.5 : f32
  %p = tensor.pad %x low[1, %n] high[2, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %z : f32
  } : tensor<2x?xf32> to tensor<5x?xf32>
  return %p : tensor<5x?xf32>
}

// concat: one copy per input into its window of a new buffer.
// CHECK-LABEL: func.func @concat
// CHECK:         %[[C:.*]] = memref.alloc() alignment = 64 : memref<5x3xf32>
// CHECK-NEXT:    %[[W0:.*]] = memref.subview %[[C]][0, 0] [2, 3] [1, 1] : memref<5x3xf32> to memref<2x3xf32, strided<[3, 1]>>
// CHECK-NEXT:    memref.copy %arg0, %[[W0]]
// CHECK-NEXT:    %[[W1:.*]] = memref.subview %[[C]][2, 0] [3, 3] [1, 1] : memref<5x3xf32> to memref<3x3xf32, strided<[3, 1], offset: 6>>
// CHECK-NEXT:    memref.copy %arg1, %[[W1]]
// CHECK-NEXT:    return %[[C]] : memref<5x3xf32>
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) -> tensor<5x3xf32> {
  %c = tensor.concat dim(0) %a, %b : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<5x3xf32>
  return %c : tensor<5x3xf32>
}

// A linalg body may read a tensor (a gather): the tensor.extract in the body becomes a
// memref.load of that tensor's buffer.
// CHECK-LABEL: func.func @gather
// CHECK:         linalg.generic {{.*}} ins(%arg1 : memref<3xindex>) outs(%[[OUT:.*]] : memref<3xf32>)
// CHECK-NEXT:    ^bb0(%[[I:.*]]: index, %{{.*}}: f32):
// CHECK-NEXT:      %[[V:.*]] = memref.load %arg0[%[[I]]] : memref<8xf32>
// CHECK-NEXT:      linalg.yield %[[V]] : f32
func.func @gather(%table: tensor<8xf32>, %rows: tensor<3xindex>) -> tensor<3xf32> {
  %e = tensor.empty() : tensor<3xf32>
  %g = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%rows : tensor<3xindex>) outs(%e : tensor<3xf32>) {
  ^bb0(%i: index, %out: f32):
    %v = tensor.extract %table[%i] : tensor<8xf32>
    linalg.yield %v : f32
  } -> tensor<3xf32>
  return %g : tensor<3xf32>
}

// scf.while carries the buffer of each tensor through its condition and body.
// CHECK-LABEL: func.func @while_loop
// CHECK:         %[[B:.*]] = memref.alloc() alignment = 64 : memref<4xf32>
// CHECK-NEXT:    memref.copy %arg0, %[[B]]
// CHECK-NEXT:    %[[R:.*]]:2 = scf.while (%[[T:.*]] = %[[B]], %{{.*}} = %{{.*}}) : (memref<4xf32>, index) -> (memref<4xf32>, index) {
// CHECK:           scf.condition(%{{.*}}) %[[T]], %{{.*}} : memref<4xf32>, index
// CHECK-NEXT:    } do {
// CHECK-NEXT:    ^bb0(%[[T2:.*]]: memref<4xf32>, %{{.*}}: index):
// CHECK-NEXT:      memref.store %arg2, %[[T2]][%c0] : memref<4xf32>
// CHECK:           scf.yield %[[T2]], %{{.*}} : memref<4xf32>, index
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]]#0 : memref<4xf32>
func.func @while_loop(%x: tensor<4xf32>, %n: index, %v: f32) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r:2 = scf.while (%t = %x, %i = %c0) : (tensor<4xf32>, index) -> (tensor<4xf32>, index) {
    %more = arith.cmpi slt, %i, %n : index
    scf.condition(%more) %t, %i : tensor<4xf32>, index
  } do {
  ^bb0(%t2: tensor<4xf32>, %i2: index):
    %t3 = tensor.insert %v into %t2[%c0] : tensor<4xf32>
    %i3 = arith.addi %i2, %c1 : index
    scf.yield %t3, %i3 : tensor<4xf32>, index
  }
  return %r#0 : tensor<4xf32>
}

// Elementwise access is about the operand read and the output written: a bias row that
// broadcasts does not stop the op from writing over the tensor it reads element by
// element (MLIR decides the same), but a transposed read of that tensor does.
// ANALYSIS-LABEL: func.func @broadcast_in_place
// ANALYSIS:         linalg.generic {{.*}} attrs =  {__inplace_operands_attr__ = ["true", "true", "true"]}
// ANALYSIS-LABEL: func.func @transposed_read
// ANALYSIS:         linalg.generic {{.*}} attrs =  {__inplace_operands_attr__ = ["true", "false"]}
func.func @broadcast_in_place(%x: tensor<4x8xf32> {bufferization.writable = true},
                              %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %r = linalg.generic {indexing_maps = [#id2, affine_map<(d0, d1) -> (d1)>, #id2],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x, %b : tensor<4x8xf32>, tensor<8xf32>) outs(%x : tensor<4x8xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %s = arith.addf %in, %bias : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

func.func @transposed_read(%x: tensor<4x4xf32> {bufferization.writable = true}) -> tensor<4x4xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, #id2],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x4xf32>) outs(%x : tensor<4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}
