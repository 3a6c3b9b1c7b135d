// RUN: irc-opt %s --allow-unregistered-dialect | irc-opt --allow-unregistered-dialect \
// RUN:   | filecheck %s
// RUN: irc-opt %s --allow-unregistered-dialect --mlir-print-op-generic \
// RUN:   | irc-opt --allow-unregistered-dialect | filecheck %s
// Every scf op in MLIR's custom spelling; test_scf_mlir.py checks that irc prints this
// file (custom, generic, with and without locations) byte for byte as iree-opt does.

// CHECK-LABEL: func.func @for_loops
func.func @for_loops(%lb: index, %ub: index, %step: index, %init: f32, %a: i32, %b: i64) -> f32 {
  // CHECK: %[[SUM:.*]] = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (f32) {
  // CHECK-NEXT: %[[NEXT:.*]] = arith.addf %[[ACC]], %[[ACC]] : f32
  // CHECK-NEXT: scf.yield %[[NEXT]] : f32
  %sum = scf.for %i = %lb to %ub step %step iter_args(%acc = %init) -> (f32) {
    %next = arith.addf %acc, %acc : f32
    scf.yield %next : f32
  }
  // The implicit scf.yield is neither printed nor required.
  // CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} {
  // CHECK-NEXT: "test.use"
  // CHECK-NEXT: }
  scf.for %i = %lb to %ub step %step {
    "test.use"(%i) : (index) -> ()
  }
  scf.for %i = %lb to %ub step %step {
    scf.yield
  }
  // Integer bounds are spelled after the iteration arguments, with MLIR's two spaces.
  // CHECK: iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (i32, f32)  : i32 {
  %r:2 = scf.for %i = %a to %a step %a iter_args(%p = %a, %q = %init) -> (i32, f32) : i32 {
    %p2 = arith.addi %p, %i : i32
    scf.yield %p2, %q : i32, f32
  }
  // CHECK: scf.for unsigned %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}}  : i64 {
  scf.for unsigned %i = %b to %b step %b : i64 {
  } {test.tag = 1 : i32}
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %nested = scf.for %i = %c0 to %c4 step %c1 iter_args(%outer = %init) -> (f32) {
    %inner = scf.for %j = %i to %c4 step %c1 iter_args(%x = %outer) -> (f32) {
      %y = arith.addf %x, %init : f32
      scf.yield %y : f32
    }
    scf.yield %inner : f32
  }
  return %sum : f32
}

// CHECK-LABEL: func.func @ifs
func.func @ifs(%c: i1, %x: i32, %y: i32) -> i32 {
  // CHECK: scf.if %{{.*}} {
  // CHECK-NEXT: "test.then"() : () -> ()
  // CHECK-NEXT: }
  scf.if %c {
    "test.then"() : () -> ()
  }
  // CHECK: } else {
  scf.if %c {
    "test.then"() : () -> ()
  } else {
    "test.else"() : () -> ()
  }
  scf.if %c {
  } else {
  } {test.tag}
  // CHECK: scf.if %{{.*}} -> (i32) {
  %r = scf.if %c -> (i32) {
    scf.yield %x : i32
  } else {
    %z = scf.if %c -> (i32) {
      scf.yield %y : i32
    } else {
      scf.yield %x : i32
    }
    scf.yield %z : i32
  }
  %p, %q = scf.if %c -> (i32, i1) {
    scf.yield %x, %c : i32, i1
  } else {
    scf.yield %y, %c : i32, i1
  }
  return %r : i32
}

// CHECK-LABEL: func.func @whiles
func.func @whiles(%init: i32, %n: i32, %c: i1) -> i32 {
  // CHECK: scf.while (%{{.*}} = %{{.*}}) : (i32) -> i32 {
  // CHECK: scf.condition(%{{.*}}) %{{.*}} : i32
  // CHECK: } do {
  // CHECK-NEXT: ^bb0(%{{.*}}: i32):
  %res = scf.while (%a = %init) : (i32) -> i32 {
    %more = arith.cmpi slt, %a, %n : i32
    scf.condition(%more) %a : i32
  } do {
  ^bb0(%b: i32):
    %one = arith.constant 1 : i32
    %next = arith.addi %b, %one : i32
    scf.yield %next : i32
  }
  // Different types before and after the condition.
  %f = scf.while (%a = %init) : (i32) -> f32 {
    %fa = arith.sitofp %a : i32 to f32
    scf.condition(%c) %fa : f32
  } do {
  ^bb0(%b: f32):
    %back = arith.fptosi %b : f32 to i32
    scf.yield %back : i32
  }
  // CHECK: scf.while : () -> () {
  // CHECK: } attributes {test.tag = 2 : i64}
  scf.while : () -> () {
    scf.condition(%c)
  } do {
    scf.yield
  } attributes {test.tag = 2}
  return %res : i32
}

// CHECK-LABEL: func.func @parallels
func.func @parallels(%lb: index, %ub: index, %step: index, %x: f32) -> f32 {
  // CHECK: scf.parallel (%{{.*}}, %{{.*}}) = (%{{.*}}, %{{.*}}) to (%{{.*}}, %{{.*}}) step (%{{.*}}, %{{.*}}) init (%{{.*}}) -> f32 {
  %sum = scf.parallel (%i, %j) = (%lb, %lb) to (%ub, %ub) step (%step, %step) init (%x) -> f32 {
    // CHECK: scf.reduce(%{{.*}} : f32) {
    // CHECK-NEXT: ^bb0(%{{.*}}: f32, %{{.*}}: f32):
    scf.reduce(%x : f32) {
    ^bb0(%lhs: f32, %rhs: f32):
      %s = arith.addf %lhs, %rhs : f32
      scf.reduce.return %s : f32
    }
  }
  // Without reductions the terminator is printed, as `scf.reduce` with a trailing space.
  // CHECK: scf.reduce{{ $}}
  scf.parallel (%i) = (%lb) to (%ub) step (%step) {
    "test.use"(%i) : (index) -> ()
  }
  // CHECK: init (%{{.*}}, %{{.*}}) -> (f32, f32) {
  // CHECK: }, {
  %two:2 = scf.parallel (%i) = (%lb) to (%ub) step (%step) init (%x, %x) -> (f32, f32) {
    scf.reduce(%x, %x : f32, f32) {
    ^bb0(%lhs: f32, %rhs: f32):
      %s = arith.addf %lhs, %rhs : f32
      scf.reduce.return %s : f32
    }, {
    ^bb0(%lhs: f32, %rhs: f32):
      %m = arith.maximumf %lhs, %rhs : f32
      scf.reduce.return %m : f32
    }
  } {test.tag}
  return %sum : f32
}

// CHECK-LABEL: func.func @execute_regions
func.func @execute_regions(%c: i1, %a: i64, %b: i64) -> i64 {
  // CHECK: scf.execute_region -> i64 {
  %v = scf.execute_region -> i64 {
    cf.cond_br %c, ^bb1, ^bb2
  ^bb1:
    scf.yield %a : i64
  ^bb2:
    scf.yield %b : i64
  }
  %w:2 = scf.execute_region -> (i64, i64) {
    scf.yield %a, %b : i64, i64
  }
  // CHECK: scf.execute_region no_inline {
  // CHECK: } {test.tag}
  scf.execute_region no_inline {
    "test.op"() : () -> ()
    scf.yield
  } {test.tag}
  return %v : i64
}

// CHECK-LABEL: func.func @index_switches
func.func @index_switches(%i: index, %a: i32, %b: i32) -> i32 {
  // CHECK: scf.index_switch %{{.*}} -> i32{{ $}}
  // CHECK-NEXT: case 2 {
  // CHECK: default {
  %r = scf.index_switch %i -> i32
  case 2 {
    scf.yield %a : i32
  }
  case -5 {
    %c = arith.addi %a, %b : i32
    scf.yield %c : i32
  }
  default {
    scf.yield %b : i32
  }
  // CHECK: scf.index_switch %{{.*}} {test.tag}{{ $}}
  // CHECK-NEXT: case 1 {
  // CHECK-NEXT: "test.op"
  // CHECK-NEXT: scf.yield
  // CHECK-NEXT: }
  // CHECK-NEXT: default {
  // CHECK-NEXT: }
  scf.index_switch %i {test.tag}
  case 1 {
    "test.op"() : () -> ()
    scf.yield
  }
  default {
  }
  %two:2 = scf.index_switch %i -> i32, i32
  default {
    scf.yield %a, %b : i32, i32
  }
  return %r : i32
}
