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

// Reductions are left alone: they run sequentially (convert-scf-to-cf).
// CHECK-LABEL: func.func @sum(
// CHECK-NOT:     call
// CHECK:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) init
// CHECK-NOT:   func.func private @sum_parallel
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
