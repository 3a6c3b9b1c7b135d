// --mlir-print-ir-after-all: a dump on stderr after every pass on every op it runs on, in
// MLIR's format; nested ops print alone, the module at the top level.
// RUN: irc-opt %s --mlir-print-ir-after-all \
// RUN:   --pass-pipeline='builtin.module(func.func(strip-debuginfo),view-op-graph{output-file=-})' \
// RUN:   2>&1 >/dev/null | filecheck %s

// CHECK:      // -----// IR Dump After StripDebugInfoPass: strip-debuginfo //----- //
// CHECK-NEXT: func.func @f(%arg0: i32) -> i32 {
// CHECK-NEXT:   return %arg0 : i32
// CHECK-NEXT: }
// CHECK-EMPTY:
// CHECK-NEXT: // -----// IR Dump After StripDebugInfoPass: strip-debuginfo //----- //
// CHECK-NEXT: func.func @g() {
// CHECK-NEXT:   return
// CHECK-NEXT: }
// CHECK-EMPTY:
// CHECK-NEXT: // -----// IR Dump After ViewOpGraphPass: view-op-graph{max-label-len=20 output-file=- print-attrs=true print-control-flow-edges=false print-data-flow-edges=true print-result-types=true} //----- //
// CHECK-NEXT: module {
// CHECK:      {{^}}}
// CHECK-EMPTY:
// CHECK-EMPTY:
// CHECK-NOT:  IR Dump
func.func @f(%a: i32) -> i32 {
  return %a : i32
}
func.func @g() {
  return
}
