// RUN: irc-opt %s -canonicalize | filecheck %s
// RUN: irc-opt %s --pass-pipeline='builtin.module(canonicalize{region-simplify=disabled})' \
// RUN:   | filecheck %s --check-prefix=NOSIMP

// The expected output is what iree-opt -canonicalize (MLIR as of iree-base-compiler 3.13)
// prints for this file; tests/passes/test_canonicalize_mlir.py checks that it still does.

// addi(addi(x, c0), c1) -> addi(x, c0 + c1), and the subi forms: 2 - (a + 1 + 2 - 1) is
// 0 - a. New constants are hoisted to the entry block, in the order MLIR's driver leaves
// them.
// CHECK-LABEL: func.func @add_chain
// CHECK-NEXT:   %[[C0_I32:.*]] = arith.constant 0 : i32
// CHECK-NEXT:   %[[V0:.*]] = arith.subi %[[C0_I32]], %arg0 : i32
// CHECK-NEXT:   return %[[V0]] : i32
func.func @add_chain(%a: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %0 = arith.addi %a, %c1 : i32
  %1 = arith.addi %0, %c2 : i32
  %2 = arith.subi %1, %c1 : i32
  %3 = arith.subi %c2, %2 : i32
  return %3 : i32
}

// Overflow flags survive only where both ops promise them.
// CHECK-LABEL: func.func @overflow_flags
// CHECK-NEXT:   %[[C3_I32:.*]] = arith.constant 3 : i32
// CHECK-NEXT:   %[[V0:.*]] = arith.addi %arg0, %[[C3_I32]] overflow<nsw> : i32
// CHECK-NEXT:   return %[[V0]] : i32
func.func @overflow_flags(%a: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %0 = arith.addi %a, %c1 overflow<nsw, nuw> : i32
  %1 = arith.addi %0, %c2 overflow<nsw> : i32
  return %1 : i32
}

// Constant operands fold, duplicates are one constant, unused pure ops go.
// CHECK-LABEL: func.func @fold
// CHECK-NEXT:   %[[C48_I32:.*]] = arith.constant 48 : i32
// CHECK-NEXT:   %[[V0:.*]] = arith.addi %arg0, %[[C48_I32]] : i32
// CHECK-NEXT:   %[[V1:.*]] = arith.mulf %arg1, %arg1 : f32
// CHECK-NEXT:   return %[[V0]], %[[V1]] : i32, f32
func.func @fold(%a: i32, %f: f32) -> (i32, f32) {
  %c6 = arith.constant 6 : i32
  %c4 = arith.constant 4 : i32
  %0 = arith.muli %c6, %c4 : i32
  %c24 = arith.constant 24 : i32
  %1 = arith.addi %a, %0 : i32
  %2 = arith.addi %1, %c24 : i32
  %dead = math.exp %f : f32
  %3 = arith.mulf %f, %f : f32
  return %2, %3 : i32, f32
}

// cmpi of two sign extensions compares the sources; xori(cmpi, true) inverts it.
// CHECK-LABEL: func.func @compare
// CHECK-NEXT:   %[[V0:.*]] = arith.cmpi eq, %arg0, %arg1 : i8
// CHECK-NEXT:   %[[V1:.*]] = arith.cmpi sge, %arg2, %arg3 : i32
// CHECK-NEXT:   return %[[V0]], %[[V1]] : i1, i1
func.func @compare(%a: i8, %b: i8, %x: i32, %y: i32) -> (i1, i1) {
  %true = arith.constant true
  %0 = arith.extsi %a : i8 to i32
  %1 = arith.extsi %b : i8 to i32
  %2 = arith.cmpi eq, %0, %1 : i32
  %3 = arith.cmpi slt, %x, %y : i32
  %4 = arith.xori %3, %true : i1
  return %2, %4 : i1, i1
}

// select of the constants 1 and 0 is extui; select(a < b, a, b) is a minimum.
// CHECK-LABEL: func.func @select
// CHECK-NEXT:   %[[TRUE:.*]] = arith.constant true
// CHECK-NEXT:   %[[V0:.*]] = arith.extui %arg0 : i1 to i32
// CHECK-NEXT:   %[[V1:.*]] = arith.xori %arg0, %[[TRUE]] : i1
// CHECK-NEXT:   %[[V2:.*]] = arith.extui %[[V1]] : i1 to i32
// CHECK-NEXT:   %[[V3:.*]] = arith.minsi %arg1, %arg2 : i32
// CHECK-NEXT:   return %[[V0]], %[[V2]], %[[V3]] : i32, i32, i32
func.func @select(%c: i1, %a: i32, %b: i32) -> (i32, i32, i32) {
  %one = arith.constant 1 : i32
  %zero = arith.constant 0 : i32
  %0 = arith.select %c, %one, %zero : i32
  %1 = arith.select %c, %zero, %one : i32
  %lt = arith.cmpi slt, %a, %b : i32
  %2 = arith.select %lt, %a, %b : i32
  return %0, %1, %2 : i32, i32, i32
}

// index_cast(extsi(x)) casts x directly.
// CHECK-LABEL: func.func @casts
// CHECK-NEXT:   %[[V0:.*]] = arith.index_cast %arg0 : i16 to index
// CHECK-NEXT:   return %[[V0]] : index
func.func @casts(%b: i16) -> index {
  %0 = arith.extsi %b : i16 to i32
  %1 = arith.index_cast %0 : i32 to index
  return %1 : index
}

// scf.for: zero iterations is the inits; one iteration is the body, the induction
// variable being the lower bound.
// CHECK-LABEL: func.func @for_trips
// CHECK-NEXT:   %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:   %[[V0:.*]] = arith.addf %arg0, %arg0 : f32
// CHECK-NEXT:   memref.store %[[V0]], %arg1[%[[C0]]] : memref<4xf32>
// CHECK-NEXT:   return %arg0, %[[V0]] : f32, f32
func.func @for_trips(%a: f32, %m: memref<4xf32>) -> (f32, f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %0 = scf.for %i = %c1 to %c0 step %c1 iter_args(%acc = %a) -> (f32) {
    %s = arith.addf %acc, %acc : f32
    scf.yield %s : f32
  }
  %1 = scf.for %i = %c0 to %c1 step %c1 iter_args(%acc = %a) -> (f32) {
    %s = arith.addf %acc, %acc : f32
    memref.store %s, %m[%i] : memref<4xf32>
    scf.yield %s : f32
  }
  return %0, %1 : f32, f32
}

// A loop-carried value yielded unchanged is its init; an unused loop without side
// effects is erased; constants in the body are hoisted out.
// CHECK-LABEL: func.func @for_iter_args
// CHECK-NEXT:   %[[CST:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-NEXT:   %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:   %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:   %[[V0:.*]] = scf.for %arg4 = %[[C0]] to %arg2 step %[[C1]] iter_args(%arg5 = %arg0) -> (f32) {
// CHECK-NEXT:     %[[V1:.*]] = arith.addf %arg5, %arg1 : f32
// CHECK-NEXT:     %[[V2:.*]] = arith.mulf %[[V1]], %[[CST]] : f32
// CHECK-NEXT:     memref.store %[[V2]], %arg3[%arg4] : memref<4xf32>
// CHECK-NEXT:     scf.yield %[[V2]] : f32
// CHECK-NEXT:   }
// CHECK-NEXT:   return %[[V0]], %arg1 : f32, f32
func.func @for_iter_args(%a: f32, %b: f32, %n: index, %m: memref<4xf32>) -> (f32, f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %0:2 = scf.for %i = %c0 to %n step %c1 iter_args(%x = %a, %y = %b) -> (f32, f32) {
    %two = arith.constant 2.0 : f32
    %s = arith.addf %x, %y : f32
    %t = arith.mulf %s, %two : f32
    memref.store %t, %m[%i] : memref<4xf32>
    scf.yield %t, %y : f32, f32
  }
  %dead = scf.for %i = %c0 to %n step %c1 iter_args(%x = %a) -> (f32) {
    %s = arith.addf %x, %x : f32
    scf.yield %s : f32
  }
  return %0#0, %0#1 : f32, f32
}

// scf.if on a constant is the branch taken; results yielded from outside become selects.
// CHECK-LABEL: func.func @if
// CHECK-NEXT:   %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:   %[[V0:.*]] = arith.addi %arg1, %arg2 : i32
// CHECK-NEXT:   %[[V1:.*]] = arith.select %arg0, %arg1, %arg2 : i32
// CHECK-NEXT:   scf.if %arg0 {
// CHECK-NEXT:     memref.store %arg1, %arg3[%[[C0]]] : memref<4xi32>
// CHECK-NEXT:   }
// CHECK-NEXT:   return %[[V0]], %[[V1]] : i32, i32
func.func @if(%c: i1, %a: i32, %b: i32, %m: memref<4xi32>) -> (i32, i32) {
  %false = arith.constant false
  %c0 = arith.constant 0 : index
  %0 = scf.if %false -> (i32) {
    scf.yield %a : i32
  } else {
    %s = arith.addi %a, %b : i32
    scf.yield %s : i32
  }
  %1 = scf.if %c -> (i32) {
    memref.store %a, %m[%c0] : memref<4xi32>
    scf.yield %a : i32
  } else {
    scf.yield %b : i32
  }
  return %0, %1 : i32, i32
}

// Nested scf.ifs are one on the conjunction.
// CHECK-LABEL: func.func @nested_if
// CHECK-NEXT:   %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:   %[[V0:.*]] = arith.andi %arg0, %arg1 : i1
// CHECK-NEXT:   scf.if %[[V0]] {
// CHECK-NEXT:     memref.store %arg2, %arg3[%[[C0]]] : memref<4xi32>
// CHECK-NEXT:   }
// CHECK-NEXT:   return
func.func @nested_if(%c: i1, %d: i1, %a: i32, %m: memref<4xi32>) {
  %c0 = arith.constant 0 : index
  scf.if %c {
    scf.if %d {
      memref.store %a, %m[%c0] : memref<4xi32>
    }
  }
  return
}

// cf: a constant condition, a pass-through block and a block with a single predecessor.
// CHECK-LABEL: func.func @branches
// CHECK-NEXT:   %[[V0:.*]] = arith.select %arg0, %arg1, %arg2 : i32
// CHECK-NEXT:   return %[[V0]] : i32
func.func @branches(%c: i1, %a: i32, %b: i32) -> i32 {
  %true = arith.constant true
  cf.cond_br %true, ^bb1, ^bb2(%b : i32)
^bb1:
  cf.br ^bb2(%a : i32)
^bb2(%x: i32):
  cf.cond_br %c, ^bb3(%x : i32), ^bb3(%b : i32)
^bb3(%y: i32):
  return %y : i32
}

// Region simplification removes dead block arguments (%unused, and what computes it).
// Unreachable blocks go in any case, before each iteration of the driver, as in MLIR.
// NOSIMP-LABEL: func.func @region_dce
// NOSIMP:         cf.br ^bb1(%{{.*}}, %{{.*}} : index, index)
// NOSIMP:       ^bb1(%{{.*}}: index, %{{.*}}: index):
// NOSIMP:         return %arg1 : i32
// NOSIMP-NEXT:  }
// CHECK-LABEL: func.func @region_dce
// CHECK-NEXT:   %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:   %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:   cf.br ^bb1(%[[C0]] : index)
// CHECK-NEXT: ^bb1(%[[V0:.*]]: index):
// CHECK-NEXT:   %[[V1:.*]] = arith.cmpi slt, %[[V0]], %arg2 : index
// CHECK-NEXT:   cf.cond_br %[[V1]], ^bb2, ^bb3
// CHECK-NEXT: ^bb2:
// CHECK-NEXT:   memref.store %[[V0]], %arg3[%[[V0]]] : memref<4xindex>
// CHECK-NEXT:   %[[V2:.*]] = arith.addi %[[V0]], %[[C1]] : index
// CHECK-NEXT:   cf.br ^bb1(%[[V2]] : index)
// CHECK-NEXT: ^bb3:
// CHECK-NEXT:   return %arg1 : i32
func.func @region_dce(%c: i1, %a: i32, %n: index, %m: memref<4xindex>) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  cf.br ^bb1(%c0, %c0 : index, index)
^bb1(%i: index, %unused: index):
  %lt = arith.cmpi slt, %i, %n : index
  cf.cond_br %lt, ^bb2, ^bb3
^bb2:
  memref.store %i, %m[%i] : memref<4xindex>
  %next = arith.addi %i, %c1 : index
  %u = arith.addi %unused, %c1 : index
  cf.br ^bb1(%next, %u : index, index)
^bb3:
  return %a : i32
^bb4:
  %d = arith.addi %a, %a : i32
  return %d : i32
}

// scf.while: inside the body the condition holds, so the same comparison is true there;
// an argument passed through unchanged is its init value.
// CHECK-LABEL: func.func @while
// CHECK-NEXT:   %[[C1_I32:.*]] = arith.constant 1 : i32
// CHECK-NEXT:   %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:   %[[TRUE:.*]] = arith.constant true
// CHECK-NEXT:   %[[V0:.*]] = scf.while (%arg4 = %arg0) : (i32) -> i32 {
// CHECK-NEXT:     %[[V1:.*]] = arith.cmpi slt, %arg4, %arg1 : i32
// CHECK-NEXT:     scf.condition(%[[V1]]) %arg4 : i32
// CHECK-NEXT:   } do {
// CHECK-NEXT: ^bb0(%arg4: i32):
// CHECK-NEXT:     memref.store %[[TRUE]], %arg3[%[[C0]]] : memref<4xi1>
// CHECK-NEXT:     %[[NEXT:.*]] = arith.addi %arg4, %[[C1_I32]] : i32
// CHECK-NEXT:     scf.yield %[[NEXT]] : i32
// CHECK-NEXT:   }
// CHECK-NEXT:   return %[[V0]], %arg2 : i32, i32
func.func @while(%a: i32, %n: i32, %k: i32, %m: memref<4xi1>) -> (i32, i32) {
  %c0 = arith.constant 0 : index
  %0:2 = scf.while (%x = %a, %y = %k) : (i32, i32) -> (i32, i32) {
    %c = arith.cmpi slt, %x, %n : i32
    scf.condition(%c) %x, %y : i32, i32
  } do {
  ^bb0(%u: i32, %v: i32):
    %again = arith.cmpi slt, %u, %n : i32
    memref.store %again, %m[%c0] : memref<4xi1>
    %c1 = arith.constant 1 : i32
    %z = arith.addi %u, %c1 : i32
    scf.yield %z, %v : i32, i32
  }
  return %0#0, %0#1 : i32, i32
}

// scf.parallel: a dimension of one iteration goes, its induction variable is the lower
// bound.
// CHECK-LABEL: func.func @parallel
// CHECK-NEXT:   %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:   %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:   scf.parallel (%arg3) = (%[[C0]]) to (%arg2) step (%[[C1]]) {
// CHECK-NEXT:     memref.store %arg1, %arg0[%arg3, %[[C0]]] : memref<4x4xf32>
// CHECK-NEXT:     scf.reduce
// CHECK-NEXT:   }
// CHECK-NEXT:   return
func.func @parallel(%m: memref<4x4xf32>, %a: f32, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %c1) step (%c1, %c1) {
    memref.store %a, %m[%i, %j] : memref<4x4xf32>
  }
  return
}

// memref: constant sizes make a static allocation; an allocation that is only written is
// erased; dim of a static size is a constant.
// CHECK-LABEL: func.func @memref
// CHECK-NEXT:   %[[C4:.*]] = arith.constant 4 : index
// CHECK-NEXT:   %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:   %[[ALLOC:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT:   %[[CAST:.*]] = memref.cast %[[ALLOC]] : memref<4xf32> to memref<?xf32>
// CHECK-NEXT:   memref.store %arg0, %[[ALLOC]][%[[C0]]] : memref<4xf32>
// CHECK-NEXT:   return %[[CAST]], %[[C4]] : memref<?xf32>, index
func.func @memref(%a: f32, %m: memref<4x?xf32>) -> (memref<?xf32>, index) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %static = memref.alloc(%c4) : memref<?xf32>
  memref.store %a, %static[%c0] : memref<?xf32>
  %dead = memref.alloc() : memref<8xf32>
  memref.store %a, %dead[%c0] : memref<8xf32>
  memref.dealloc %dead : memref<8xf32>
  %d = memref.dim %m, %c0 : memref<4x?xf32>
  return %static, %d : memref<?xf32>, index
}

// func.call_indirect of a func.constant calls the function directly.
// CHECK-LABEL: func.func @indirect
// CHECK-NEXT:   %[[V0:.*]] = call @callee(%arg0) : (i32) -> i32
// CHECK-NEXT:   return %[[V0]] : i32
func.func @indirect(%a: i32) -> i32 {
  %f = func.constant @callee : (i32) -> i32
  %r = func.call_indirect %f(%a) : (i32) -> i32
  return %r : i32
}
func.func private @callee(i32) -> i32
