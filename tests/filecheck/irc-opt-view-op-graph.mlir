// --view-op-graph: the module as a Graphviz graph on stderr (MLIR's layout), the IR on
// stdout unchanged; its options as in MLIR.
// RUN: irc-opt %s --view-op-graph 2>&1 >/dev/null | filecheck %s
// RUN: irc-opt %s --view-op-graph 2>/dev/null | filecheck %s --check-prefix=IR
// RUN: irc-opt %s '--view-op-graph=print-attrs=false print-result-types=false print-control-flow-edges=true print-data-flow-edges=false' \
// RUN:   2>&1 >/dev/null | filecheck %s --check-prefix=CONTROL

// CHECK:      digraph G {
// CHECK-NEXT:   compound = true;
// CHECK-NEXT:   subgraph cluster_1 {
// CHECK-NEXT:     v2 [label = " ", shape = plain];
// CHECK-NEXT:     label = "builtin.module : ()\l";
// CHECK:              label = "func.func : ()\lfunction_type: (i32) -\> i32\lsym_name: \"f\"\l";
// CHECK:                v9 [label = "<res_arg0> %arg0 i32", shape = Mrecord];
// CHECK-NEXT:           v10 [fillcolor = "0.000000 0.3 0.95", label = "{{\{}}{<arg_arg0> %arg0|<arg_arg0> %arg0}|arith.muli\l\loverflowFlags: #arith.overflow\<none...\l|{<res_0> %0 i32}}", shape = Mrecord, style = filled];
// CHECK-NEXT:           v11 [fillcolor = "0.250000 0.3 0.95", label = "{{\{}}{<arg_0> %0}|func.return\l}", shape = Mrecord, style = filled];
// CHECK:        v9:res_arg0:s -> v10:arg_arg0:n[style = solid];
// CHECK-NEXT:   v9:res_arg0:s -> v10:arg_arg0:n[style = solid];
// CHECK-NEXT:   v10:res_0:s -> v11:arg_0:n[style = solid];
// CHECK-NEXT: }

// IR:      func.func @f(%arg0: i32) -> i32 {
// IR-NEXT:   %0 = arith.muli %arg0, %arg0 : i32

// CONTROL:     label = "builtin.module";
// CONTROL:     v10 -> v11[style = dashed];
// CONTROL-NOT: solid
func.func @f(%a: i32) -> i32 {
  %0 = arith.muli %a, %a : i32
  return %0 : i32
}
