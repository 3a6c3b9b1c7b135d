// RUN: irc-opt %s -convert-scf-to-cf | filecheck %s
// RUN: irc-opt %s -convert-scf-to-cf --mlir-print-debuginfo | filecheck %s --check-prefix=LOC

// Each lowering builds the blocks MLIR's pass builds, in the same order; the output of
// this file is byte for byte what `iree-opt --convert-scf-to-cf` prints
// (tests/lowering/test_scf_to_cf.py compares them).

// scf.for: the entry branches to a condition block carrying the induction variable and
// the iter_args; the body steps the induction variable and branches back.
// CHECK-LABEL: func.func @for_iter_args
// CHECK-NEXT:    cf.br ^bb1(%arg0, %arg3 : index, f32)
// CHECK-NEXT:  ^bb1(%[[IV:.*]]: index, %[[ACC:.*]]: f32):  // 2 preds: ^bb0, ^bb2
// CHECK-NEXT:    %[[CMP:.*]] = arith.cmpi slt, %[[IV]], %arg1 : index
// CHECK-NEXT:    cf.cond_br %[[CMP]], ^bb2, ^bb3
// CHECK-NEXT:  ^bb2:  // pred: ^bb1
// CHECK-NEXT:    %[[NEXT:.*]] = arith.addf %[[ACC]], %[[ACC]] : f32
// CHECK-NEXT:    %[[STEPPED:.*]] = arith.addi %[[IV]], %arg2 : index
// CHECK-NEXT:    cf.br ^bb1(%[[STEPPED]], %[[NEXT]] : index, f32)
// CHECK-NEXT:  ^bb3:  // pred: ^bb1
// CHECK-NEXT:    return %[[ACC]] : f32
func.func @for_iter_args(%lb: index, %ub: index, %step: index, %init: f32) -> f32 {
  %r = scf.for %i = %lb to %ub step %step iter_args(%acc = %init) -> (f32) {
    %n = arith.addf %acc, %acc : f32
    scf.yield %n : f32
  }
  return %r : f32
}

// `unsigned` compares with ult; integer bounds keep their type.
// CHECK-LABEL: func.func @for_unsigned_i32
// CHECK-NEXT:    cf.br ^bb1(%arg0 : i32)
// CHECK-NEXT:  ^bb1(%[[IV:.*]]: i32):
// CHECK-NEXT:    %[[CMP:.*]] = arith.cmpi ult, %[[IV]], %arg1 : i32
// CHECK-NEXT:    cf.cond_br %[[CMP]], ^bb2, ^bb3
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %c0 = arith.constant 0 : index
// CHECK-NEXT:    memref.store %[[IV]], %arg3[%c0] : memref<4xi32>
// CHECK-NEXT:    %[[STEPPED:.*]] = arith.addi %[[IV]], %arg2 : i32
// CHECK-NEXT:    cf.br ^bb1(%[[STEPPED]] : i32)
// CHECK-NEXT:  ^bb3:
// CHECK-NEXT:    return
func.func @for_unsigned_i32(%lb: i32, %ub: i32, %step: i32, %m: memref<4xi32>) {
  scf.for unsigned %i = %lb to %ub step %step : i32 {
    %c0 = arith.constant 0 : index
    memref.store %i, %m[%c0] : memref<4xi32>
  }
  return
}

// scf.if with results: the results arrive as arguments of a block that branches on to
// the rest of the original block.
// CHECK-LABEL: func.func @if_else
// CHECK-NEXT:    cf.cond_br %arg0, ^bb1, ^bb2
// CHECK-NEXT:  ^bb1:  // pred: ^bb0
// CHECK-NEXT:    %[[X:.*]] = arith.addi %arg1, %arg2 : i32
// CHECK-NEXT:    cf.br ^bb3(%[[X]] : i32)
// CHECK-NEXT:  ^bb2:  // pred: ^bb0
// CHECK-NEXT:    cf.br ^bb3(%arg2 : i32)
// CHECK-NEXT:  ^bb3(%[[R:.*]]: i32):  // 2 preds: ^bb1, ^bb2
// CHECK-NEXT:    cf.br ^bb4
// CHECK-NEXT:  ^bb4:  // pred: ^bb3
// CHECK-NEXT:    return %[[R]] : i32
func.func @if_else(%c: i1, %a: i32, %b: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    %x = arith.addi %a, %b : i32
    scf.yield %x : i32
  } else {
    scf.yield %b : i32
  }
  return %r : i32
}

// Without else and results the false edge goes straight to the rest of the block.
// CHECK-LABEL: func.func @if_no_else
// CHECK-NEXT:    cf.cond_br %arg0, ^bb1, ^bb2
// CHECK-NEXT:  ^bb1:  // pred: ^bb0
// CHECK-NEXT:    %c0 = arith.constant 0 : index
// CHECK-NEXT:    memref.store %arg2, %arg1[%c0] : memref<4xi32>
// CHECK-NEXT:    cf.br ^bb2
// CHECK-NEXT:  ^bb2:  // 2 preds: ^bb0, ^bb1
// CHECK-NEXT:    return
func.func @if_no_else(%c: i1, %m: memref<4xi32>, %a: i32) {
  scf.if %c {
    %c0 = arith.constant 0 : index
    memref.store %a, %m[%c0] : memref<4xi32>
  }
  return
}

// Nested ops are lowered where their parent's lowering put them.
// CHECK-LABEL: func.func @nested
// CHECK:         cf.br ^bb1(%c0, %c0 : index, index)
// CHECK-NEXT:  ^bb1(%[[IV:.*]]: index, %[[ACC:.*]]: index):  // 2 preds: ^bb0, ^bb6
// CHECK-NEXT:    %[[CMP:.*]] = arith.cmpi slt, %[[IV]], %arg0 : index
// CHECK-NEXT:    cf.cond_br %[[CMP]], ^bb2, ^bb7
// CHECK-NEXT:  ^bb2:  // pred: ^bb1
// CHECK-NEXT:    cf.cond_br %arg1, ^bb3, ^bb4
// CHECK-NEXT:  ^bb3:  // pred: ^bb2
// CHECK-NEXT:    %[[T:.*]] = arith.addi %[[ACC]], %[[IV]] : index
// CHECK-NEXT:    cf.br ^bb5(%[[T]] : index)
// CHECK-NEXT:  ^bb4:  // pred: ^bb2
// CHECK-NEXT:    cf.br ^bb5(%[[ACC]] : index)
// CHECK-NEXT:  ^bb5(%[[S:.*]]: index):  // 2 preds: ^bb3, ^bb4
// CHECK-NEXT:    cf.br ^bb6
// CHECK-NEXT:  ^bb6:  // pred: ^bb5
// CHECK-NEXT:    %[[STEPPED:.*]] = arith.addi %[[IV]], %c1 : index
// CHECK-NEXT:    cf.br ^bb1(%[[STEPPED]], %[[S]] : index, index)
// CHECK-NEXT:  ^bb7:  // pred: ^bb1
// CHECK-NEXT:    return %[[ACC]] : index
func.func @nested(%n: index, %c: i1) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %c0) -> (index) {
    %s = scf.if %c -> (index) {
      %t = arith.addi %acc, %i : index
      scf.yield %t : index
    } else {
      scf.yield %acc : index
    }
    scf.yield %s : index
  }
  return %r : index
}

// scf.while: the before block decides, the after block branches back; the results are
// the values scf.condition passed, visible by dominance after the loop.
// CHECK-LABEL: func.func @while_loop
// CHECK-NEXT:    cf.br ^bb1(%arg0 : i32)
// CHECK-NEXT:  ^bb1(%[[X:.*]]: i32):  // 2 preds: ^bb0, ^bb2
// CHECK-NEXT:    %[[C:.*]] = arith.cmpi slt, %[[X]], %arg1 : i32
// CHECK-NEXT:    cf.cond_br %[[C]], ^bb2(%[[X]] : i32), ^bb3
// CHECK-NEXT:  ^bb2(%[[Y:.*]]: i32):  // pred: ^bb1
// CHECK-NEXT:    %[[Z:.*]] = arith.addi %[[Y]], %[[Y]] : i32
// CHECK-NEXT:    cf.br ^bb1(%[[Z]] : i32)
// CHECK-NEXT:  ^bb3:  // pred: ^bb1
// CHECK-NEXT:    return %[[X]] : i32
func.func @while_loop(%a: i32, %limit: i32) -> i32 {
  %r = scf.while (%x = %a) : (i32) -> i32 {
    %c = arith.cmpi slt, %x, %limit : i32
    scf.condition(%c) %x : i32
  } do {
  ^bb0(%y: i32):
    %z = arith.addi %y, %y : i32
    scf.yield %z : i32
  }
  return %r : i32
}

// An after region that only forwards its arguments: the before block loops on itself.
// CHECK-LABEL: func.func @do_while
// CHECK-NEXT:    cf.br ^bb1(%arg0 : i32)
// CHECK-NEXT:  ^bb1(%[[X:.*]]: i32):  // 2 preds: ^bb0, ^bb1
// CHECK-NEXT:    %[[Y:.*]] = arith.addi %[[X]], %[[X]] : i32
// CHECK-NEXT:    %[[C:.*]] = arith.cmpi slt, %[[Y]], %arg1 : i32
// CHECK-NEXT:    cf.cond_br %[[C]], ^bb1(%[[Y]] : i32), ^bb2
// CHECK-NEXT:  ^bb2:  // pred: ^bb1
// CHECK-NEXT:    return %[[Y]] : i32
func.func @do_while(%a: i32, %limit: i32) -> i32 {
  %r = scf.while (%x = %a) : (i32) -> i32 {
    %y = arith.addi %x, %x : i32
    %c = arith.cmpi slt, %y, %limit : i32
    scf.condition(%c) %y : i32
  } do {
  ^bb0(%y: i32):
    scf.yield %y : i32
  }
  return %r : i32
}

// scf.execute_region: every block ending in scf.yield branches to the rest of the block.
// CHECK-LABEL: func.func @execute_region
// CHECK-NEXT:    cf.br ^bb1
// CHECK-NEXT:  ^bb1:  // pred: ^bb0
// CHECK-NEXT:    cf.cond_br %arg0, ^bb2, ^bb3
// CHECK-NEXT:  ^bb2:  // pred: ^bb1
// CHECK-NEXT:    cf.br ^bb4(%arg1 : i32)
// CHECK-NEXT:  ^bb3:  // pred: ^bb1
// CHECK-NEXT:    cf.br ^bb4(%arg2 : i32)
// CHECK-NEXT:  ^bb4(%[[R:.*]]: i32):  // 2 preds: ^bb2, ^bb3
// CHECK-NEXT:    return %[[R]] : i32
func.func @execute_region(%c: i1, %a: i32, %b: i32) -> i32 {
  %r = scf.execute_region -> i32 {
    cf.cond_br %c, ^bb1, ^bb2
  ^bb1:
    scf.yield %a : i32
  ^bb2:
    scf.yield %b : i32
  }
  return %r : i32
}

// scf.index_switch: a cf.switch on the index cast to i64; case blocks first, then the
// default block.
// CHECK-LABEL: func.func @index_switch
// CHECK-NEXT:    %[[FLAG:.*]] = arith.index_cast %arg0 : index to i64
// CHECK-NEXT:    cf.switch %[[FLAG]] : i64, [
// CHECK-NEXT:      default: ^bb3,
// CHECK-NEXT:      2: ^bb1,
// CHECK-NEXT:      5: ^bb2
// CHECK-NEXT:    ]
// CHECK-NEXT:  ^bb1:  // pred: ^bb0
// CHECK-NEXT:    %c10_i32 = arith.constant 10 : i32
// CHECK-NEXT:    cf.br ^bb4(%c10_i32 : i32)
// CHECK-NEXT:  ^bb2:  // pred: ^bb0
// CHECK-NEXT:    %c20_i32 = arith.constant 20 : i32
// CHECK-NEXT:    cf.br ^bb4(%c20_i32 : i32)
// CHECK-NEXT:  ^bb3:  // pred: ^bb0
// CHECK-NEXT:    %c30_i32 = arith.constant 30 : i32
// CHECK-NEXT:    cf.br ^bb4(%c30_i32 : i32)
// CHECK-NEXT:  ^bb4(%[[R:.*]]: i32):  // 3 preds: ^bb1, ^bb2, ^bb3
// CHECK-NEXT:    return %[[R]] : i32
func.func @index_switch(%i: index) -> i32 {
  %r = scf.index_switch %i -> i32
  case 2 {
    %c = arith.constant 10 : i32
    scf.yield %c : i32
  }
  case 5 {
    %c = arith.constant 20 : i32
    scf.yield %c : i32
  }
  default {
    %c = arith.constant 30 : i32
    scf.yield %c : i32
  }
  return %r : i32
}

// CHECK-LABEL: func.func @index_switch_default_only
// CHECK-NEXT:    %[[FLAG:.*]] = arith.index_cast %arg0 : index to i64
// CHECK-NEXT:    cf.switch %[[FLAG]] : i64, [
// CHECK-NEXT:      default: ^bb1]
// CHECK-NEXT:  ^bb1:  // pred: ^bb0
// CHECK-NEXT:    cf.br ^bb2(%arg1 : i32)
// CHECK-NEXT:  ^bb2(%[[R:.*]]: i32):  // pred: ^bb1
// CHECK-NEXT:    return %[[R]] : i32
func.func @index_switch_default_only(%i: index, %a: i32) -> i32 {
  %r = scf.index_switch %i -> i32
  default {
    scf.yield %a : i32
  }
  return %r : i32
}

// scf.parallel: a nest of loops, outermost dimension first, the reduction carried as an
// iter_arg and combined by the inlined reduction body.
// CHECK-LABEL: func.func @parallel_reduce
// CHECK-NEXT:    cf.br ^bb1(%arg0, %arg3 : index, f32)
// CHECK-NEXT:  ^bb1(%[[I:.*]]: index, %[[OUTER:.*]]: f32):  // 2 preds: ^bb0, ^bb5
// CHECK-NEXT:    %[[CI:.*]] = arith.cmpi slt, %[[I]], %arg1 : index
// CHECK-NEXT:    cf.cond_br %[[CI]], ^bb2, ^bb6
// CHECK-NEXT:  ^bb2:  // pred: ^bb1
// CHECK-NEXT:    cf.br ^bb3(%arg0, %[[OUTER]] : index, f32)
// CHECK-NEXT:  ^bb3(%[[J:.*]]: index, %[[INNER:.*]]: f32):  // 2 preds: ^bb2, ^bb4
// CHECK-NEXT:    %[[CJ:.*]] = arith.cmpi slt, %[[J]], %arg1 : index
// CHECK-NEXT:    cf.cond_br %[[CJ]], ^bb4, ^bb5
// CHECK-NEXT:  ^bb4:  // pred: ^bb3
// CHECK-NEXT:    %cst = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:    %[[SUM:.*]] = arith.addf %[[INNER]], %cst : f32
// CHECK-NEXT:    %[[NJ:.*]] = arith.addi %[[J]], %arg2 : index
// CHECK-NEXT:    cf.br ^bb3(%[[NJ]], %[[SUM]] : index, f32)
// CHECK-NEXT:  ^bb5:  // pred: ^bb3
// CHECK-NEXT:    %[[NI:.*]] = arith.addi %[[I]], %arg2 : index
// CHECK-NEXT:    cf.br ^bb1(%[[NI]], %[[INNER]] : index, f32)
// CHECK-NEXT:  ^bb6:  // pred: ^bb1
// CHECK-NEXT:    return %[[OUTER]] : f32
// The loops' block arguments: the induction variables at the scf.parallel, the iter_args
// at their init values (as MLIR's scf.for builder places them).
// LOC:         func.func @parallel_reduce
// LOC-NEXT:      cf.br
// LOC-NEXT:    ^bb1(%{{.*}}: index loc("{{.*}}":[[# @LINE + 3]]:8), %{{.*}}: f32 loc("{{.*}}":[[# @LINE + 2]]:63)):
// LOC:         ^bb3(%{{.*}}: index loc("{{.*}}":[[# @LINE + 2]]:8), %{{.*}}: f32 loc("{{.*}}":[[# @LINE + 1]]:63)):
func.func @parallel_reduce(%lb: index, %ub: index, %s: index, %init: f32) -> f32 {
  %r = scf.parallel (%i, %j) = (%lb, %lb) to (%ub, %ub) step (%s, %s) init (%init) -> f32 {
    %one = arith.constant 1.0 : f32
    scf.reduce(%one : f32) {
    ^bb0(%l: f32, %rr: f32):
      %sum = arith.addf %l, %rr : f32
      scf.reduce.return %sum : f32
    }
  }
  return %r : f32
}

// CHECK-LABEL: func.func @parallel_no_results
// CHECK-NEXT:    cf.br ^bb1(%arg0 : index)
// CHECK-NEXT:  ^bb1(%[[I:.*]]: index):  // 2 preds: ^bb0, ^bb2
// CHECK-NEXT:    %[[C:.*]] = arith.cmpi slt, %[[I]], %arg1 : index
// CHECK-NEXT:    cf.cond_br %[[C]], ^bb2, ^bb3
// CHECK-NEXT:  ^bb2:  // pred: ^bb1
// CHECK-NEXT:    memref.store %[[I]], %arg3[%[[I]]] : memref<?xindex>
// CHECK-NEXT:    %[[N:.*]] = arith.addi %[[I]], %arg2 : index
// CHECK-NEXT:    cf.br ^bb1(%[[N]] : index)
// CHECK-NEXT:  ^bb3:  // pred: ^bb1
// CHECK-NEXT:    return
func.func @parallel_no_results(%lb: index, %ub: index, %s: index, %m: memref<?xindex>) {
  scf.parallel (%i) = (%lb) to (%ub) step (%s) {
    memref.store %i, %m[%i] : memref<?xindex>
    scf.reduce
  }
  return
}

// Ops of other dialects, and scf ops outside the lowered set, stay as they are.
// CHECK-LABEL: func.func @nothing_to_lower
// CHECK-NEXT:    %[[X:.*]] = arith.addi %arg0, %arg0 : i32
// CHECK-NEXT:    return %[[X]] : i32
// CHECK-NOT:   scf.
func.func @nothing_to_lower(%a: i32) -> i32 {
  %x = arith.addi %a, %a : i32
  return %x : i32
}

// The branches that replace scf.condition and scf.yield keep those ops' locations.
// LOC:         func.func @branch_locations
// LOC:           cf.cond_br {{.*}} loc([[COND:#loc[0-9]+]])
// LOC:           cf.br ^bb1({{.*}}) loc([[YIELD:#loc[0-9]+]])
// LOC-DAG:     [[COND]] = loc("{{.*}}":[[# @LINE + 5]]:5)
// LOC-DAG:     [[YIELD]] = loc("{{.*}}":[[# @LINE + 7]]:5)
func.func @branch_locations(%a: i32, %limit: i32) -> i32 {
  %r = scf.while (%x = %a) : (i32) -> i32 {
    %c = arith.cmpi slt, %x, %limit : i32
    scf.condition(%c) %x : i32
  } do {
  ^bb0(%y: i32):
    scf.yield %limit : i32
  }
  return %r : i32
}
