// --mlir-print-ir-after-failure: a dump after the pass that failed, headed "... Failed",
// and no other; the error is reported as usual and irc-opt exits non-zero.
// (view-op-graph fails when it cannot open its output file.)
// RUN: not irc-opt %s --mlir-print-ir-after-failure \
// RUN:   --pass-pipeline='builtin.module(strip-debuginfo,view-op-graph{output-file=%t/no/such/file.dot})' \
// RUN:   2>&1 | filecheck %s
// RUN: not irc-opt %s --mlir-print-ir-after-all \
// RUN:   --pass-pipeline='builtin.module(strip-debuginfo,view-op-graph{output-file=%t/no/such/file.dot})' \
// RUN:   2>&1 | filecheck %s --check-prefix=ALL

// The error comes first, as MLIR prints diagnostics as they come.
// CHECK-NOT:  IR Dump After StripDebugInfoPass
// CHECK:      error: view-op-graph: could not open '{{.*}}/no/such/file.dot'
// CHECK:      // -----// IR Dump After ViewOpGraphPass Failed: view-op-graph{max-label-len=20 output-file={{.*}}/no/such/file.dot print-attrs=true print-control-flow-edges=false print-data-flow-edges=true print-result-types=true} //----- //
// CHECK-NEXT: module {
// CHECK-NEXT:   func.func @f() {

// ALL: // -----// IR Dump After StripDebugInfoPass: strip-debuginfo //----- //
// ALL: // -----// IR Dump After ViewOpGraphPass Failed: view-op-graph
func.func @f() {
  return
}
