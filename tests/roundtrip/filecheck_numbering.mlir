// RUN: irc-opt %s --mlir-print-op-generic --allow-unregistered-dialect | filecheck %s

// Names as MLIR's generic printer gives them: results %0, %1, ... block by block, one
// name for a group of results (%1:2, used as %1#0), entry-block arguments %argN,
// arguments of other blocks numbered like results, blocks ^bbN with their predecessors.

// CHECK-LABEL: "builtin.module"() ({
// CHECK-NEXT:    %0 = "test.def"() : () -> i32
// CHECK-NEXT:    %1:2 = "test.pair"(%0) : (i32) -> (f32, f32)
// CHECK-NEXT:    "test.use"(%1#1, %1#0) : (f32, f32) -> ()
%value = "test.def"() : () -> i32
%pair:2 = "test.pair"(%value) : (i32) -> (f32, f32)
"test.use"(%pair#1, %pair#0) : (f32, f32) -> ()

// CHECK-NEXT:    "test.func"() ({
// CHECK-NEXT:    ^bb0(%arg0: i32, %arg1: i1):
// CHECK-NEXT:      "test.cond_br"(%arg1, %arg0)[^bb1, ^bb2] : (i1, i32) -> ()
// CHECK-NEXT:    ^bb1:  // pred: ^bb0
// CHECK-NEXT:      %3 = "test.one"() : () -> i32
// CHECK-NEXT:      "test.br"(%3)[^bb2] : (i32) -> ()
// CHECK-NEXT:    ^bb2(%4: i32):  // 2 preds: ^bb0, ^bb1
// CHECK-NEXT:      "test.return"(%4) : (i32) -> ()
// CHECK-NEXT:    ^bb3:  // no predecessors
// CHECK-NEXT:      "test.unreachable"() : () -> ()
// CHECK-NEXT:    }) : () -> ()
"test.func"() ({
^entry(%x: i32, %flag: i1):
  "test.cond_br"(%flag, %x) [^then, ^join] : (i1, i32) -> ()
^then:
  %one = "test.one"() : () -> i32
  "test.br"(%one) [^join] : (i32) -> ()
^join(%result: i32):
  "test.return"(%result) : (i32) -> ()
^dead:
  "test.unreachable"() : () -> ()
}) : () -> ()

// A region is numbered after the block holding its op: the module's last value is %2,
// the values inside test.func are %3 and %4. A graph region may use %2 before it.
// CHECK-NEXT:    "test.graph_use"(%2) : (f64) -> ()
// CHECK-NEXT:    %2 = "test.graph_def"() : () -> f64
// CHECK-NEXT:  }) : () -> ()
"test.graph_use"(%late) : (f64) -> ()
%late = "test.graph_def"() : () -> f64
