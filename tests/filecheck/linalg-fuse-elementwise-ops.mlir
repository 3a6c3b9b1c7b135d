// RUN: irc-opt %s --linalg-fuse-elementwise-ops | filecheck %s

// A linalg.generic on tensors feeding another's input is fused into it when it has only
// parallel loops, writes that result through a permutation and has no other use. The
// fused generic is what `iree-opt --linalg-fuse-elementwise-ops` prints for every function
// here but @dynamic_sizes, where iree-opt needs `canonicalize` first (see the pass's
// docstring); tests/lowering/test_linalg_fusion.py compares them.

#id = affine_map<(d0, d1) -> (d0, d1)>
#tr = affine_map<(d0, d1) -> (d1, d0)>
#row = affine_map<(d0, d1) -> (d1)>
#col = affine_map<(d0, d1) -> (d0)>
#bcrow = affine_map<(d0, d1) -> (0, d1)>
#bccol = affine_map<(d0, d1) -> (0, d0)>
#id1 = affine_map<(d0) -> (d0)>

// A chain of elementwise generics becomes one: the producers' inputs are spliced in
// where their results were read, with their maps (here the consumers' maps are
// identities), and the bodies run in order.
// CHECK-DAG:   #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG:   #[[BCROW:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG:   #[[TR:.*]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-DAG:   #[[COL:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @chain(
// CHECK-SAME:      %[[X:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<8xf32>, %[[C:.*]]: tensor<1x8xf32>)
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK-NOT:     tensor.empty
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[BCROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[X]], %[[B]], %[[C]] : tensor<4x8xf32>, tensor<8xf32>, tensor<1x8xf32>) outs(%[[INIT]] : tensor<4x8xf32>)
// CHECK-NEXT:    ^bb0(%[[IX:.*]]: f32, %[[IB:.*]]: f32, %[[IC:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[SUM:.*]] = arith.addf %[[IX]], %[[IB]] : f32
// CHECK-NEXT:      %[[PROD:.*]] = arith.mulf %[[SUM]], %[[IC]] : f32
// CHECK-NEXT:      %[[EXP:.*]] = math.exp %[[PROD]] : f32
// CHECK-NEXT:      linalg.yield %[[EXP]] : f32
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[R]]
func.func @chain(%x: tensor<4x8xf32>, %b: tensor<8xf32>, %c: tensor<1x8xf32>) -> tensor<4x8xf32> {
  %e0 = tensor.empty() : tensor<4x8xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%x, %b : tensor<4x8xf32>, tensor<8xf32>) outs(%e0 : tensor<4x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  %e1 = tensor.empty() : tensor<4x8xf32>
  %prod = linalg.generic {indexing_maps = [#id, #bcrow, #id], iterator_types = ["parallel", "parallel"]} ins(%sum, %c : tensor<4x8xf32>, tensor<1x8xf32>) outs(%e1 : tensor<4x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.mulf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  %e2 = tensor.empty() : tensor<4x8xf32>
  %exp = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%prod : tensor<4x8xf32>) outs(%e2 : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.exp %in : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  return %exp : tensor<4x8xf32>
}

// A broadcasting producer: its inputs keep their dropped dim and their constant 0 in the
// consumer's loops. They take the place of the fused operand, after %y.
// CHECK-LABEL: func.func @broadcast_producer(
// CHECK-SAME:      %[[B:.*]]: tensor<8xf32>, %[[C:.*]]: tensor<1x8xf32>, %[[Y:.*]]: tensor<4x8xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[BCROW]], #[[ID]]],
// CHECK-SAME:        ins(%[[Y]], %[[B]], %[[C]] :
// CHECK-NEXT:    ^bb0(%[[IY:.*]]: f32, %[[IB:.*]]: f32, %[[IC:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[D:.*]] = arith.subf %[[IB]], %[[IC]] : f32
// CHECK-NEXT:      arith.divf %[[IY]], %[[D]] : f32
// CHECK-NOT:     linalg.generic
func.func @broadcast_producer(%b: tensor<8xf32>, %c: tensor<1x8xf32>, %y: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e0 = tensor.empty() : tensor<4x8xf32>
  %bc = linalg.generic {indexing_maps = [#row, #bcrow, #id], iterator_types = ["parallel", "parallel"]} ins(%b, %c : tensor<8xf32>, tensor<1x8xf32>) outs(%e0 : tensor<4x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.subf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  %e1 = tensor.empty() : tensor<4x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%y, %bc : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e1 : tensor<4x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.divf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// A producer writing its result transposed: consumer map o inverse of (d1, d0) o the
// producer's input maps. %x (read (d0, d1) in the producer) is read (d1, d0), %b by d1,
// %c by (0, d1).
// CHECK-LABEL: func.func @transposed_producer(
// CHECK-SAME:      %[[X:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<4xf32>, %[[C:.*]]: tensor<1x4xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[TR]], #[[ROW]], #[[BCROW]], #[[ID]]],
// CHECK-SAME:        ins(%[[X]], %[[B]], %[[C]] :
// CHECK:           arith.addf
// CHECK-NEXT:      arith.mulf
// CHECK-NEXT:      math.exp
// CHECK-NOT:     linalg.generic
func.func @transposed_producer(%x: tensor<4x8xf32>, %b: tensor<4xf32>, %c: tensor<1x4xf32>) -> tensor<8x4xf32> {
  %e0 = tensor.empty() : tensor<8x4xf32>
  %t = linalg.generic {indexing_maps = [#id, #col, #bccol, #tr], iterator_types = ["parallel", "parallel"]} ins(%x, %b, %c : tensor<4x8xf32>, tensor<4xf32>, tensor<1x4xf32>) outs(%e0 : tensor<8x4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    %1 = arith.mulf %0, %in_1 : f32
    linalg.yield %1 : f32
  } -> tensor<8x4xf32>
  %e1 = tensor.empty() : tensor<8x4xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%t : tensor<8x4xf32>) outs(%e1 : tensor<8x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.exp %in : f32
    linalg.yield %0 : f32
  } -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// A consumer reading the result transposed: %x is read (d1, d0).
// CHECK-LABEL: func.func @transposed_consumer(
// CHECK-SAME:      %[[X:.*]]: tensor<8x4xf32>, %[[Y:.*]]: tensor<4x8xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[TR]], #[[ID]], #[[ID]]],
// CHECK-SAME:        ins(%[[X]], %[[Y]] :
// CHECK:           %[[N:.*]] = arith.negf
// CHECK-NEXT:      arith.addf %[[N]],
// CHECK-NOT:     linalg.generic
func.func @transposed_consumer(%x: tensor<8x4xf32>, %y: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e0 = tensor.empty() : tensor<8x4xf32>
  %n = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<8x4xf32>) outs(%e0 : tensor<8x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.negf %in : f32
    linalg.yield %0 : f32
  } -> tensor<8x4xf32>
  %e1 = tensor.empty() : tensor<4x8xf32>
  %r = linalg.generic {indexing_maps = [#tr, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%n, %y : tensor<8x4xf32>, tensor<4x8xf32>) outs(%e1 : tensor<4x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// The producer's result has a second use: it is not fused (MLIR's default control).
// CHECK-LABEL: func.func @two_uses(
// CHECK:         %[[N:.*]] = linalg.generic
// CHECK:           arith.negf
// CHECK:         %[[E:.*]] = linalg.generic {{.*}} ins(%[[N]] :
// CHECK:           math.exp
// CHECK:         return %[[E]], %[[N]]
func.func @two_uses(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %e0 = tensor.empty() : tensor<4xf32>
  %n = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%x : tensor<4xf32>) outs(%e0 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.negf %in : f32
    linalg.yield %0 : f32
  } -> tensor<4xf32>
  %e1 = tensor.empty() : tensor<4xf32>
  %r = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%n : tensor<4xf32>) outs(%e1 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.exp %in : f32
    linalg.yield %0 : f32
  } -> tensor<4xf32>
  return %r, %n : tensor<4xf32>, tensor<4xf32>
}

// A consumer with a reduction loop takes in a parallel producer; the outs (the filled
// accumulator) stay the consumer's.
// CHECK-LABEL: func.func @reduction_consumer(
// CHECK-SAME:      %[[X:.*]]: tensor<4x8xf32>, %[[Y:.*]]: tensor<8xf32>)
// CHECK:         %[[FILL:.*]] = linalg.fill
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[COL]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:        ins(%[[X]], %[[Y]] : {{.*}}) outs(%[[FILL]] : tensor<4xf32>)
// CHECK-NEXT:    ^bb0(%[[IX:.*]]: f32, %[[IY:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[P:.*]] = arith.mulf %[[IX]], %[[IY]] : f32
// CHECK-NEXT:      arith.addf %[[P]], %[[ACC]] : f32
// CHECK-NOT:     linalg.generic
func.func @reduction_consumer(%x: tensor<4x8xf32>, %y: tensor<8xf32>) -> tensor<4xf32> {
  %e0 = tensor.empty() : tensor<4x8xf32>
  %p = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%x, %y : tensor<4x8xf32>, tensor<8xf32>) outs(%e0 : tensor<4x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.mulf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4xf32>) -> tensor<4xf32>
  %r = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["parallel", "reduction"]} ins(%p : tensor<4x8xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %in, %out : f32
    linalg.yield %0 : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// Fused, no map would index the reduced loop by a plain d1 (its size would be lost).
// CHECK-LABEL: func.func @reduction_would_lose_a_size(
// CHECK:         %[[P:.*]] = linalg.generic
// CHECK:         linalg.generic {{.*}} ins(%[[P]] :
func.func @reduction_would_lose_a_size(%y: tensor<4xf32>) -> tensor<4xf32> {
  %e0 = tensor.empty() : tensor<4x8xf32>
  %p = linalg.generic {indexing_maps = [#col, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<4xf32>) outs(%e0 : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.negf %in : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  %e1 = tensor.empty() : tensor<4xf32>
  %r = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["parallel", "reduction"]} ins(%p : tensor<4x8xf32>) outs(%e1 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %in, %out : f32
    linalg.yield %0 : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// A producer with a reduction loop is not fused.
// CHECK-LABEL: func.func @reduction_producer(
// CHECK:         %[[S:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
// CHECK:         linalg.generic {{.*}} ins(%[[S]] :
// CHECK:           math.sqrt
func.func @reduction_producer(%x: tensor<4x8xf32>) -> tensor<4xf32> {
  %e0 = tensor.empty() : tensor<4xf32>
  %s = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<4x8xf32>) outs(%e0 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %in, %out : f32
    linalg.yield %0 : f32
  } -> tensor<4xf32>
  %e1 = tensor.empty() : tensor<4xf32>
  %r = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%s : tensor<4xf32>) outs(%e1 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.sqrt %in : f32
    linalg.yield %0 : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// linalg.index in the producer reads the consumer's loops through the inverse of the
// transposes: producer loop 0 is consumer loop 1 and the other way round.
// CHECK-LABEL: func.func @index_producer(
// CHECK:         linalg.generic {indexing_maps = [#[[TR]], #[[ID]]]
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      %[[I0:.*]] = linalg.index 0 : index
// CHECK-NEXT:      %[[I1:.*]] = linalg.index 1 : index
// CHECK-NEXT:      arith.subi %[[I1]], %[[I0]] : index
// CHECK:           arith.mulf
// CHECK-NOT:     linalg.generic
func.func @index_producer(%y: tensor<4x8xf32>) -> tensor<8x4xf32> {
  %e0 = tensor.empty() : tensor<4x8xf32>
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<4x8xf32>) outs(%e0 : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %k = arith.subi %i, %j : index
    %w = arith.index_cast %k : index to i32
    %f = arith.sitofp %w : i32 to f32
    %0 = arith.addf %in, %f : f32
    linalg.yield %0 : f32
  } -> tensor<4x8xf32>
  %e1 = tensor.empty() : tensor<8x4xf32>
  %r = linalg.generic {indexing_maps = [#tr, #id], iterator_types = ["parallel", "parallel"]} ins(%p : tensor<4x8xf32>) outs(%e1 : tensor<8x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.mulf %in, %in : f32
    linalg.yield %0 : f32
  } -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// `?` sizes: the tensor.dim of the producer's result is the size its tensor.empty was
// made with, so it is no use of the producer. %x, read twice with one map, is one input.
// CHECK-LABEL: func.func @dynamic_sizes(
// CHECK-SAME:      %[[X:.*]]: tensor<?x8xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]]
// CHECK:         %[[INIT:.*]] = tensor.empty(%[[N]])
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], {{.*}} ins(%[[X]] : tensor<?x8xf32>) outs(%[[INIT]] :
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[NEG:.*]] = arith.negf %[[IN]] : f32
// CHECK-NEXT:      arith.mulf %[[NEG]], %[[IN]] : f32
// CHECK-NOT:     linalg.generic
func.func @dynamic_sizes(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x8xf32>
  %e0 = tensor.empty(%n) : tensor<?x8xf32>
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x8xf32>) outs(%e0 : tensor<?x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.negf %in : f32
    linalg.yield %0 : f32
  } -> tensor<?x8xf32>
  %m = tensor.dim %p, %c0 : tensor<?x8xf32>
  %e1 = tensor.empty(%m) : tensor<?x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%p, %x : tensor<?x8xf32>, tensor<?x8xf32>) outs(%e1 : tensor<?x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.mulf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}
