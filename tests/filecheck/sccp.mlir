// RUN: irc-opt %s -sccp | filecheck %s

// Constants fold through ops and flow along branches; a branch on a constant takes one
// edge, so the block arguments see only the values of the live edges. Constants go to the
// top of the function; the dead block stays, untouched.
// CHECK-LABEL: func.func @branches
// CHECK-DAG:     %[[C10:.*]] = arith.constant 10 : i32
// CHECK:         cf.cond_br %{{.*}}, ^bb1, ^bb2
// CHECK:       ^bb2:
// CHECK-NEXT:    %[[DEAD:.*]] = arith.addi %arg0, %{{.*}} : i32
// CHECK-NEXT:    cf.br ^bb3(%[[DEAD]] : i32)
// CHECK:       ^bb3(%{{.*}}: i32):
// CHECK-NEXT:    return %[[C10]] : i32
func.func @branches(%x: i32) -> i32 {
  %c2 = arith.constant 2 : i32
  %c3 = arith.constant 3 : i32
  %sum = arith.addi %c2, %c3 : i32
  %cond = arith.cmpi slt, %c2, %c3 : i32
  cf.cond_br %cond, ^bb1, ^bb2
^bb1:
  %twice = arith.muli %sum, %c2 : i32
  cf.br ^bb3(%twice : i32)
^bb2:
  %other = arith.addi %x, %c3 : i32
  cf.br ^bb3(%other : i32)
^bb3(%r: i32):
  return %r : i32
}

// Two different constants meeting at a block are no constant.
// CHECK-LABEL: func.func @overdefined
// CHECK:       ^bb3(%[[R:.*]]: i32):
// CHECK-NEXT:    return %[[R]] : i32
func.func @overdefined(%c: i1) -> i32 {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  %one = arith.constant 1 : i32
  cf.br ^bb3(%one : i32)
^bb2:
  %two = arith.constant 2 : i32
  cf.br ^bb3(%two : i32)
^bb3(%r: i32):
  return %r : i32
}

// A value carried around a loop unchanged is the constant it starts as; an scf.if on a
// constant runs one region; region ops whose results all became constants go.
// CHECK-LABEL: func.func @regions
// CHECK-NOT:     scf.for
// CHECK-NOT:     scf.if
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : i32
// CHECK-DAG:     %[[C7:.*]] = arith.constant 7 : i32
// CHECK:         return %[[C1]], %[[C7]] : i32, i32
func.func @regions(%n: index, %x: i32) -> (i32, i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  %loop = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %one) -> i32 {
    %next = arith.muli %acc, %one : i32
    scf.yield %next : i32
  }
  %false = arith.constant false
  %if = scf.if %false -> i32 {
    scf.yield %x : i32
  } else {
    %seven = arith.constant 7 : i32
    scf.yield %seven : i32
  }
  return %loop, %if : i32, i32
}

// A loop whose value changes stays.
// CHECK-LABEL: func.func @counting
// CHECK:         %[[W:.*]] = scf.while
// CHECK:         return %[[W]] : i32
func.func @counting(%n: i32) -> i32 {
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %w = scf.while (%v = %zero) : (i32) -> i32 {
    %more = arith.cmpi slt, %v, %n : i32
    scf.condition(%more) %v : i32
  } do {
  ^bb0(%v: i32):
    %next = arith.addi %v, %one : i32
    scf.yield %next : i32
  }
  return %w : i32
}

// Across calls: a private function called only with 4 returns 4 * 4; a public one may be
// called from outside, so its argument is no constant.
// CHECK-LABEL: func.func private @square
// CHECK:         %[[C16:.*]] = arith.constant 16 : i32
// CHECK:         return %[[C16]] : i32
func.func private @square(%x: i32) -> i32 {
  %0 = arith.muli %x, %x : i32
  return %0 : i32
}
// CHECK-LABEL: func.func @public_square
// CHECK-NEXT:    %[[M:.*]] = arith.muli %arg0, %arg0 : i32
// CHECK-NEXT:    return %[[M]] : i32
func.func @public_square(%x: i32) -> i32 {
  %0 = arith.muli %x, %x : i32
  return %0 : i32
}
// CHECK-LABEL: func.func @caller
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : i32
// CHECK-DAG:     call @square
// CHECK-DAG:     call @public_square
// CHECK:         return %[[C32]], %{{.*}} : i32, i32
func.func @caller() -> (i32, i32) {
  %c4 = arith.constant 4 : i32
  %0 = func.call @square(%c4) : (i32) -> i32
  %1 = func.call @square(%c4) : (i32) -> i32
  %2 = arith.addi %0, %1 : i32
  %3 = func.call @public_square(%c4) : (i32) -> i32
  return %2, %3 : i32, i32
}
