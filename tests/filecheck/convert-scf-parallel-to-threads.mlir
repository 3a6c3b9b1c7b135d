// RUN: irc-opt %s --convert-scf-parallel-to-threads | filecheck %s
// RUN: irc-opt %s --convert-scf-parallel-to-threads=min-ops-per-chunk=1 | filecheck %s --check-prefix=SMALL

// Each outermost scf.parallel without reductions becomes a private function over the
// iteration numbers [lo, hi) of its first dimension, called once for the whole range
// with `irc.parallel_grain` (the fewest iterations worth a thread); constants are cloned
// into the function, every other value from outside is passed. Results equal the
// sequential loops' (tests/runtime/test_jit_threads.py runs them on the thread pool).

// 1-D, from 0 step 1: the range is the upper bound itself. 3 ops per iteration and
// 2^15 ops per chunk: a grain of 10923 iterations.
// CHECK-LABEL: func.func @scale(
// CHECK:         %[[N:.*]] = memref.dim %arg0
// CHECK:         %[[Z:.*]] = arith.constant 0 : index
// CHECK-NEXT:    call @scale_parallel_0(%[[Z]], %[[N]], %arg0, %arg1) {irc.parallel_grain = 10923 : i64} : (index, index, memref<?xf32>, memref<?xf32>) -> ()
// CHECK-NEXT:    return
// CHECK:       func.func private @scale_parallel_0(%[[LO:.*]]: index, %[[HI:.*]]: index, %[[A:.*]]: memref<?xf32>, %[[B:.*]]: memref<?xf32>) {
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
// CHECK:         scf.parallel (%[[I:.*]]) = (%[[LO]]) to (%[[HI]]) step (%[[C1]]) {
// CHECK-NEXT:      memref.load %[[A]][%[[I]]]
// CHECK-NEXT:      arith.mulf %{{.*}}, %[[TWO]]
// CHECK-NEXT:      memref.store %{{.*}}, %[[B]][%[[I]]]
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    }
// CHECK-NEXT:    return
// SMALL-LABEL: func.func @scale(
// SMALL:         call @scale_parallel_0({{.*}}) {irc.parallel_grain = 1 : i64}
func.func @scale(%a: memref<?xf32>, %b: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cst = arith.constant 2.0 : f32
  %n = memref.dim %a, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %x = memref.load %a[%i] : memref<?xf32>
    %y = arith.mulf %x, %cst : f32
    memref.store %y, %b[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// 2-D with a dynamic lower bound and step: the range counts iterations,
// ceildiv(ub - lb, step), and the function maps them back to lb + k * step. The inner
// scf.parallel stays inside, run sequentially in each chunk; the work of one iteration
// counts the second dimension (8) and the nested loop (8).
// CHECK-LABEL: func.func @strided(
// CHECK:         %[[SPAN:.*]] = arith.subi %arg2, %arg1 : index
// CHECK-NEXT:    %[[N:.*]] = arith.ceildivsi %[[SPAN]], %arg3 : index
// CHECK-NEXT:    %[[Z:.*]] = arith.constant 0 : index
// CHECK-NEXT:    call @strided_parallel_0(%[[Z]], %[[N]], %arg1, %arg3, %arg0) {irc.parallel_grain = 410 : i64}
// CHECK:       func.func private @strided_parallel_0(%[[LO:.*]]: index, %[[HI:.*]]: index, %[[LB:.*]]: index, %[[S:.*]]: index, %[[A:.*]]: memref<?x8xf32>) {
// CHECK:         %[[LOS:.*]] = arith.muli %[[LO]], %[[S]] : index
// CHECK-NEXT:    %[[START:.*]] = arith.addi %[[LB]], %[[LOS]] : index
// CHECK-NEXT:    %[[HIS:.*]] = arith.muli %[[HI]], %[[S]] : index
// CHECK-NEXT:    %[[STOP:.*]] = arith.addi %[[LB]], %[[HIS]] : index
// CHECK-NEXT:    scf.parallel (%{{.*}}, %{{.*}}) = (%[[START]], %{{.*}}) to (%[[STOP]], %{{.*}}) step (%[[S]], %{{.*}}) {
// CHECK:           scf.parallel
// CHECK-NOT:     call
// CHECK:         return
func.func @strided(%a: memref<?x8xf32>, %lb: index, %ub: index, %s: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i, %j) = (%lb, %c0) to (%ub, %c8) step (%s, %c1) {
    %x = memref.load %a[%i, %j] : memref<?x8xf32>
    scf.parallel (%k) = (%c0) to (%c8) step (%c1) {
      memref.store %x, %a[%i, %k] : memref<?x8xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}

// A reduction whose combination has a known identity (-0.0 for addf): the caller fills
// 64 slots with the identity, the function reduces its range from the identity into slot
// lo * 64 / count, and the caller combines init with every slot in order.
// CHECK-LABEL: func.func @sum(
// CHECK:         %[[N:.*]] = memref.dim %arg0
// CHECK:         %[[ID:.*]] = arith.constant -0.000000e+00 : f32
// CHECK:         %[[SLOTS:.*]] = memref.alloca() : memref<64xf32>
// CHECK:         scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step
// CHECK-NEXT:      memref.store %[[ID]], %[[SLOTS]][%[[K]]] : memref<64xf32>
// CHECK:         call @sum_parallel_0(%{{.*}}, %[[N]], %[[N]], %[[SLOTS]], %arg0) {irc.parallel_grain = 32768 : i64, irc.parallel_max_chunks = 64 : i64}
// CHECK:         %[[R:.*]] = scf.for %[[S:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %cst) -> (f32) {
// CHECK-NEXT:      %[[P:.*]] = memref.load %[[SLOTS]][%[[S]]] : memref<64xf32>
// CHECK-NEXT:      %[[T:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT:      scf.yield %[[T]] : f32
// CHECK:         return %[[R]] : f32
// CHECK:       func.func private @sum_parallel_0(%[[LO:.*]]: index, %[[HI:.*]]: index, %[[COUNT:.*]]: index, %[[OUT:.*]]: memref<64xf32>, %[[A:.*]]: memref<?xf32>) {
// CHECK:         %[[START:.*]] = arith.constant -0.000000e+00 : f32
// CHECK:         %[[PART:.*]] = scf.parallel (%{{.*}}) = (%[[LO]]) to (%[[HI]]) step (%{{.*}}) init (%[[START]]) -> f32 {
// CHECK:         %[[SCALED:.*]] = arith.muli %[[LO]], %{{.*}} : index
// CHECK-NEXT:    %[[ATLEAST1:.*]] = arith.maxsi %[[COUNT]], %{{.*}} : index
// CHECK-NEXT:    %[[SLOT:.*]] = arith.divsi %[[SCALED]], %[[ATLEAST1]] : index
// CHECK-NEXT:    memref.store %[[PART]], %[[OUT]][%[[SLOT]]] : memref<64xf32>
func.func @sum(%a: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %a, %c0 : memref<?xf32>
  %s = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f32 {
    %x = memref.load %a[%i] : memref<?xf32>
    scf.reduce(%x : f32) {
    ^bb0(%l: f32, %r: f32):
      %t = arith.addf %l, %r : f32
      scf.reduce.return %t : f32
    }
  }
  return %s : f32
}

// A combination with no known identity (subi) is left alone: it runs sequentially.
// CHECK-LABEL: func.func @fold(
// CHECK-NOT:     call
// CHECK:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) init
// CHECK-NOT:   func.func private @fold_parallel
func.func @fold(%a: memref<?xi64>, %init: i64) -> i64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %a, %c0 : memref<?xi64>
  %s = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%init) -> i64 {
    %x = memref.load %a[%i] : memref<?xi64>
    scf.reduce(%x : i64) {
    ^bb0(%l: i64, %r: i64):
      %t = arith.subi %l, %r : i64
      scf.reduce.return %t : i64
    }
  }
  return %s : i64
}

// A name already taken moves the outlined function's number on.
// CHECK-LABEL: func.func @taken(
// CHECK:         call @taken_parallel_1(
// CHECK:       func.func private @taken_parallel_1(
func.func @taken(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %cst = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    memref.store %cst, %a[%i] : memref<4xf32>
    scf.reduce
  }
  return
}
func.func private @taken_parallel_0()
