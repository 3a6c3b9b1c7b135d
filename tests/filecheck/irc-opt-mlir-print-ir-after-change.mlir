// --mlir-print-ir-after-change narrows the "after" dumps to passes that changed the IR (a
// change of locations counts); alone it prints nothing, as in MLIR.
// RUN: irc-opt %s --mlir-print-ir-after-all --mlir-print-ir-after-change \
// RUN:   --pass-pipeline='builtin.module(strip-debuginfo,strip-debuginfo,view-op-graph{output-file=-})' \
// RUN:   2>&1 >/dev/null | filecheck %s
// RUN: irc-opt %s --mlir-print-ir-after-change -strip-debuginfo 2>&1 >/dev/null \
// RUN:   | filecheck %s --check-prefix=ALONE --allow-empty

// CHECK:     // -----// IR Dump After StripDebugInfoPass: strip-debuginfo //----- //
// CHECK-NOT: IR Dump

// ALONE-NOT: IR Dump
func.func @f() {
  return
}
