// RUN: irc-opt %s --view-op-graph 2>&1 >/dev/null | filecheck %s
// RUN: irc-opt %s --view-op-graph 2>/dev/null | filecheck %s --check-prefix=IR
// RUN: irc-opt %s --pass-pipeline='builtin.module(func.func(view-op-graph{print-attrs=false print-control-flow-edges=true}))' \
// RUN:   2>&1 >/dev/null | filecheck %s --check-prefix=FUNC

// The graph of the module on stderr, as iree-opt writes it: a cluster per op with regions
// and per block, a record node per block argument and op (operand ports on top, result
// ports below, one fill color per op name), data-flow edges from result to operand ports.
// CHECK:      digraph G {
// CHECK-NEXT:   compound = true;
// CHECK-NEXT:   subgraph cluster_1 {
// CHECK-NEXT:     v2 [label = " ", shape = plain];
// CHECK-NEXT:     label = "builtin.module : ()\l";
// CHECK-NEXT:     subgraph cluster_3 {
// CHECK-NEXT:       v4 [label = " ", shape = plain];
// CHECK-NEXT:       label = "";
// CHECK-NEXT:       subgraph cluster_5 {
// CHECK-NEXT:         v6 [label = " ", shape = plain];
// CHECK-NEXT:         label = "func.func : ()\lfunction_type: (f32, f32) -\> f32\lsym_name: \"f\"\l";
// CHECK-NEXT:         subgraph cluster_7 {
// CHECK-NEXT:           v8 [label = " ", shape = plain];
// CHECK-NEXT:           label = "";
// CHECK-NEXT:           v9 [label = "<res_arg0> %arg0 f32", shape = Mrecord];
// CHECK-NEXT:           v10 [label = "<res_arg1> %arg1 f32", shape = Mrecord];
// CHECK-NEXT:           v11 [fillcolor = "0.000000 0.3 0.95", label = "{{\{}}{<arg_arg0> %arg0|<arg_arg1> %arg1}|arith.mulf\l\lfastmath: #arith.fastmath\<none...\l|{<res_0> %0 f32}}", shape = Mrecord, style = filled];
// CHECK-NEXT:           v12 [fillcolor = "0.250000 0.3 0.95", label = "{{\{}}{<arg_0> %0}|func.return\l}", shape = Mrecord, style = filled];
// CHECK-NEXT:         }
// CHECK-NEXT:       }
// CHECK-NEXT:     }
// CHECK-NEXT:   }
// CHECK-NEXT:   v9:res_arg0:s -> v11:arg_arg0:n[style = solid];
// CHECK-NEXT:   v10:res_arg1:s -> v11:arg_arg1:n[style = solid];
// CHECK-NEXT:   v11:res_0:s -> v12:arg_0:n[style = solid];
// CHECK-NEXT: }

// The IR goes through unchanged.
// IR:      func.func @f(%arg0: f32, %arg1: f32) -> f32 {
// IR-NEXT:   %0 = arith.mulf %arg0, %arg1 : f32

// On a function: its own graph; control-flow edges dashed.
// FUNC:      digraph G {
// FUNC-NEXT:   compound = true;
// FUNC-NEXT:   subgraph cluster_1 {
// FUNC-NEXT:     v2 [label = " ", shape = plain];
// FUNC-NEXT:     label = "func.func : ()";
// FUNC:          v7 [fillcolor = "0.000000 0.3 0.95", label = "{{\{}}{<arg_arg0> %arg0|<arg_arg1> %arg1}|arith.mulf\l|{<res_0> %0 f32}}", shape = Mrecord, style = filled];
// FUNC:        v7 -> v8[style = dashed];
func.func @f(%a: f32, %b: f32) -> f32 {
  %0 = arith.mulf %a, %b : f32
  return %0 : f32
}
