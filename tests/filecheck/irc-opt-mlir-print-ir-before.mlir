// --mlir-print-ir-before=<pass>[,<pass>...]: dumps before the named passes only; the flag
// may repeat. An unknown name is refused with a suggestion.
// RUN: irc-opt %s --mlir-print-ir-before=strip-debuginfo \
// RUN:   --pass-pipeline='builtin.module(view-op-graph{output-file=-},func.func(strip-debuginfo))' \
// RUN:   2>&1 >/dev/null | filecheck %s
// RUN: irc-opt %s --mlir-print-ir-before=view-op-graph,strip-debuginfo \
// RUN:   --pass-pipeline='builtin.module(view-op-graph{output-file=-},strip-debuginfo)' \
// RUN:   2>&1 >/dev/null | filecheck %s --check-prefix=BOTH
// RUN: irc-opt %s -mlir-print-ir-before=view-op-graph -mlir-print-ir-before=strip-debuginfo \
// RUN:   --pass-pipeline='builtin.module(view-op-graph{output-file=-},strip-debuginfo)' \
// RUN:   2>&1 >/dev/null | filecheck %s --check-prefix=BOTH
// RUN: not irc-opt %s --mlir-print-ir-before=strip-debug -strip-debuginfo 2>&1 \
// RUN:   | filecheck %s --check-prefix=UNKNOWN

// CHECK:      // -----// IR Dump Before StripDebugInfoPass: strip-debuginfo //----- //
// CHECK-NEXT: func.func @f() {
// CHECK-NOT:  IR Dump

// BOTH:      // -----// IR Dump Before ViewOpGraphPass: view-op-graph{{{.*}}} //----- //
// BOTH-NEXT: module {
// BOTH:      // -----// IR Dump Before StripDebugInfoPass: strip-debuginfo //----- //
// BOTH-NEXT: module {
// BOTH-NOT:  IR Dump

// UNKNOWN: irc-opt: for the --mlir-print-ir-before option: Cannot find option named 'strip-debug'! Did you mean 'strip-debuginfo'?
func.func @f() {
  return
}
