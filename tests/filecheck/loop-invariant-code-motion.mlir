// RUN: irc-opt %s -loop-invariant-code-motion | filecheck %s

// Invariant pure ops leave the loop, with the invariant ops that use them; what depends
// on the induction variable or the carried value stays.
// CHECK-LABEL: func.func @for_loop
// CHECK:         %[[X:.*]] = arith.addi %arg0, %arg1 : i32
// CHECK-NEXT:    %[[Y:.*]] = arith.muli %[[X]], %[[X]] : i32
// CHECK-NEXT:    %{{.*}} = scf.for %[[I:.*]] = %{{.*}} iter_args(%[[ACC:.*]] = %arg0) -> (i32) {
// CHECK-NEXT:      %[[T:.*]] = arith.index_cast %[[I]] : index to i32
// CHECK-NEXT:      %[[S:.*]] = arith.addi %[[ACC]], %[[Y]] : i32
// CHECK-NEXT:      %[[U:.*]] = arith.addi %[[S]], %[[T]] : i32
// CHECK-NEXT:      scf.yield %[[U]] : i32
func.func @for_loop(%a: i32, %b: i32, %n: index) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %a) -> i32 {
    %t = arith.index_cast %i : index to i32
    %x = arith.addi %a, %b : i32
    %y = arith.muli %x, %x : i32
    %s = arith.addi %acc, %y : i32
    %u = arith.addi %s, %t : i32
    scf.yield %u : i32
  }
  return %r : i32
}

// Ops that may fault or read memory stay: a division by a value that may be zero (the
// loop may run zero times), a load. A division by a constant that cannot fault leaves.
// CHECK-LABEL: func.func @effects_and_speculation
// CHECK:         %[[D3:.*]] = arith.divsi %arg0, %c3_i32 : i32
// CHECK-NEXT:    scf.for
// CHECK-NEXT:      %[[D:.*]] = arith.divsi %arg0, %arg1 : i32
// CHECK-NEXT:      %[[R:.*]] = arith.remui %arg0, %arg1 : i32
// CHECK-NEXT:      %[[L:.*]] = memref.load %arg2[%c0] : memref<4xi32>
func.func @effects_and_speculation(%a: i32, %b: i32, %m: memref<4xi32>, %n: index) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %a) -> i32 {
    %d = arith.divsi %a, %b : i32
    %rem = arith.remui %a, %b : i32
    %l = memref.load %m[%c0] : memref<4xi32>
    %d3 = arith.divsi %a, %c3 : i32
    %s0 = arith.addi %acc, %d : i32
    %s1 = arith.addi %s0, %rem : i32
    %s2 = arith.addi %s1, %l : i32
    %s3 = arith.addi %s2, %d3 : i32
    scf.yield %s3 : i32
  }
  return %r : i32
}

// Region ops leave when all they use is invariant and they may run speculatively: an
// scf.if, an scf.for with step 1; an scf.for with another step might not end, and stays.
// CHECK-LABEL: func.func @region_ops
// CHECK:         %[[IF:.*]] = scf.if %arg2 -> (i32) {
// CHECK:         %[[IN:.*]] = scf.for %{{.*}} step %c1
// CHECK:         scf.for %{{.*}} step %c1
// CHECK-NEXT:      %[[IN2:.*]] = scf.for %{{.*}} step %c2
func.func @region_ops(%a: i32, %n: index, %c: i1) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %a) -> i32 {
    %if = scf.if %c -> i32 {
      %sq = arith.muli %a, %a : i32
      scf.yield %sq : i32
    } else {
      scf.yield %a : i32
    }
    %in = scf.for %j = %c0 to %n step %c1 iter_args(%q = %a) -> i32 {
      %z = arith.addi %q, %a : i32
      scf.yield %z : i32
    }
    %in2 = scf.for %j = %c0 to %n step %c2 iter_args(%q = %a) -> i32 {
      %z = arith.addi %q, %a : i32
      scf.yield %z : i32
    }
    %s0 = arith.addi %acc, %if : i32
    %s1 = arith.addi %s0, %in : i32
    %s2 = arith.addi %s1, %in2 : i32
    scf.yield %s2 : i32
  }
  return %r : i32
}

// A nest: the inner loop's invariant leaves both loops; what uses the outer induction
// variable stops in the outer body. scf.while and scf.parallel are loops too.
// CHECK-LABEL: func.func @nests
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[K:.*]] = arith.muli %arg0, %arg0 : i32
// CHECK-NEXT:    scf.for %[[I:.*]] = %[[C0]] to %arg1 step %[[C1]] {
// CHECK-NEXT:      %[[T:.*]] = arith.index_cast %[[I]] : index to i32
// CHECK-NEXT:      %[[KT:.*]] = arith.addi %[[K]], %[[T]] : i32
// CHECK-NEXT:      scf.for %[[J:.*]] = %[[C0]] to %arg1 step %[[C1]] {
// CHECK-NEXT:        memref.store %[[KT]], %arg2[%[[J]]] : memref<4xi32>
// CHECK:         %[[W:.*]] = arith.addi %arg0, %arg0 : i32
// CHECK-NEXT:    scf.while
// CHECK-NEXT:      arith.cmpi slt, %{{.*}}, %[[W]] : i32
// CHECK:         %[[P:.*]] = arith.subi %arg0, %arg0 : i32
// CHECK-NEXT:    scf.parallel
// CHECK-NEXT:      memref.store %[[P]]
func.func @nests(%a: i32, %n: index, %m: memref<4xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      %k = arith.muli %a, %a : i32
      %t = arith.index_cast %i : index to i32
      %kt = arith.addi %k, %t : i32
      memref.store %kt, %m[%j] : memref<4xi32>
    }
  }
  %w = scf.while (%v = %a) : (i32) -> i32 {
    %lim = arith.addi %a, %a : i32
    %more = arith.cmpi slt, %v, %lim : i32
    scf.condition(%more) %v : i32
  } do {
  ^bb0(%v: i32):
    %next = arith.addi %v, %a : i32
    scf.yield %next : i32
  }
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %p = arith.subi %a, %a : i32
    memref.store %p, %m[%i] : memref<4xi32>
    scf.reduce
  }
  return
}
