// RUN: irc-opt %s -inline --allow-unregistered-dialect | filecheck %s --check-prefix=DEFAULT
// RUN: irc-opt %s --inline='default-pipeline=' --allow-unregistered-dialect | filecheck %s
// RUN: irc-opt %s --inline='default-pipeline=' --allow-unregistered-dialect --mlir-print-debuginfo | filecheck %s --check-prefix=LOC

// A single-block callee replaces its call: its return values replace the results. The
// private callee, now unused, is erased; a public one stays.
// CHECK-NOT:   func.func private @square
func.func private @square(%x: i32) -> i32 {
  %0 = arith.muli %x, %x : i32 loc("square.mul")
  return %0 : i32
}
// CHECK-LABEL: func.func @public_callee
func.func @public_callee(%x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %0 = arith.addi %x, %c1 : i32
  return %0 : i32
}
// CHECK-LABEL: func.func @single_block
// CHECK-NEXT:    %[[SQ:.*]] = arith.muli %arg0, %arg0 : i32
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[P:.*]] = arith.addi %[[SQ]], %[[C1]] : i32
// CHECK-NEXT:    return %[[P]] : i32
// After inlining, the default pipeline (canonicalize) simplifies the caller.
// DEFAULT-LABEL: func.func @single_block
// DEFAULT-NEXT:    %[[C1:.*]] = arith.constant 1 : i32
// DEFAULT-NEXT:    %[[SQ:.*]] = arith.muli %arg0, %arg0 : i32
// DEFAULT-NEXT:    %[[P:.*]] = arith.addi %[[SQ]], %[[C1]] : i32
// DEFAULT-NEXT:    return %[[P]] : i32
// Inlined ops are located at the call site: callsite(callee at caller).
// LOC-LABEL: func.func @single_block
// LOC-NEXT:    arith.muli %arg0, %arg0 : i32 loc([[MUL:#loc[0-9]+]])
// LOC-DAG:     [[CALL:#loc[0-9]+]] = loc("single_block.call")
// LOC-DAG:     [[SQUARE:#loc[0-9]+]] = loc("square.mul")
// LOC-DAG:     [[MUL]] = loc(callsite([[SQUARE]] at [[CALL]]))
func.func @single_block(%x: i32) -> i32 {
  %0 = func.call @square(%x) : (i32) -> i32 loc("single_block.call")
  %1 = func.call @public_callee(%0) : (i32) -> i32
  return %1 : i32
}

// A callee with several blocks splits the caller's block after the call: each return
// becomes a branch to the rest of the block, whose argument replaces the result.
// CHECK-NOT:   func.func private @select
func.func private @select(%c: i1, %a: i32, %b: i32) -> i32 {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  return %a : i32
^bb2:
  %n = arith.subi %a, %b : i32
  return %n : i32
}
// CHECK-LABEL: func.func @multi_block
// CHECK-NEXT:    cf.cond_br %arg0, ^bb1, ^bb2
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    cf.br ^bb3(%arg1 : i32)
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %[[N:.*]] = arith.subi %arg1, %arg2 : i32
// CHECK-NEXT:    cf.br ^bb3(%[[N]] : i32)
// CHECK-NEXT:  ^bb3(%[[R:.*]]: i32):
// CHECK-NEXT:    %[[D:.*]] = arith.addi %[[R]], %[[R]] : i32
// CHECK-NEXT:    return %[[D]] : i32
func.func @multi_block(%c: i1, %a: i32, %b: i32) -> i32 {
  %0 = func.call @select(%c, %a, %b) : (i1, i32, i32) -> i32
  %1 = arith.addi %0, %0 : i32
  return %1 : i32
}

// Calls that stay: a declaration, a call marked no_inline, a self-recursive callee, a
// callee with an op of an unknown dialect, a multi-block callee called from a
// single-block region (scf.for's body).
// CHECK-LABEL: func.func private @recursive
func.func private @recursive(%x: i32) -> i32 {
  %0 = func.call @recursive(%x) : (i32) -> i32
  return %0 : i32
}
// CHECK-LABEL: func.func private @opaque
func.func private @opaque(%x: i32) -> i32 {
  %0 = "test.op"(%x) : (i32) -> i32
  return %0 : i32
}
// CHECK-LABEL: func.func private @kept_multi_block
func.func private @kept_multi_block(%c: i1, %a: i32) -> i32 {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  return %a : i32
^bb2:
  return %a : i32
}
// CHECK-LABEL: func.func private @kept
func.func private @kept(%x: i32) -> i32 {
  return %x : i32
}
// CHECK-LABEL: func.func private @declared
func.func private @declared(i32) -> i32
// CHECK-LABEL: func.func @not_inlined
// CHECK:         call @declared
// CHECK:         call @kept({{.*}}) <no_inline>
// CHECK:         call @recursive
// CHECK:         call @opaque
// CHECK:         scf.for
// CHECK-NEXT:      {{(func.)?}}call @kept_multi_block
func.func @not_inlined(%x: i32, %c: i1, %n: index) -> i32 {
  %0 = func.call @declared(%x) : (i32) -> i32
  %1 = func.call @kept(%0) <{no_inline}> : (i32) -> i32
  %2 = func.call @recursive(%1) : (i32) -> i32
  %3 = func.call @opaque(%2) : (i32) -> i32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %4 = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %3) -> i32 {
    %5 = func.call @kept_multi_block(%c, %acc) : (i1, i32) -> i32
    scf.yield %5 : i32
  }
  return %4 : i32
}

// Mutual recursion: each function is inlined at most once along a chain of inlining.
// CHECK-LABEL: func.func private @ping
// CHECK-NEXT:    call @pong
func.func private @ping(%x: i32) -> i32 {
  %0 = func.call @pong(%x) : (i32) -> i32
  return %0 : i32
}
// CHECK-LABEL: func.func private @pong
// CHECK-NEXT:    arith.constant
// CHECK-NEXT:    arith.addi
// CHECK-NEXT:    call @ping
func.func private @pong(%x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %s = arith.addi %x, %c1 : i32
  %0 = func.call @ping(%s) : (i32) -> i32
  return %0 : i32
}
// CHECK-LABEL: func.func @mutual
// CHECK-NEXT:    arith.constant 1
// CHECK-NEXT:    %[[S:.*]] = arith.addi %arg0
// CHECK-NEXT:    %[[R:.*]] = call @ping(%[[S]])
// CHECK-NEXT:    return %[[R]]
func.func @mutual(%x: i32) -> i32 {
  %0 = func.call @ping(%x) : (i32) -> i32
  return %0 : i32
}
