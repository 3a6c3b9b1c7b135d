// --mlir-print-ir-after=<pass>[,<pass>...]: dumps after the named passes only.
// RUN: irc-opt %s --mlir-print-ir-after=strip-debuginfo --mlir-print-debuginfo \
// RUN:   --pass-pipeline='builtin.module(view-op-graph{output-file=-},strip-debuginfo)' \
// RUN:   2>&1 >/dev/null | filecheck %s
// RUN: not irc-opt %s --mlir-print-ir-after=strip -strip-debuginfo 2>&1 \
// RUN:   | filecheck %s --check-prefix=UNKNOWN

// CHECK:      // -----// IR Dump After StripDebugInfoPass: strip-debuginfo //----- //
// CHECK-NEXT: module {
// CHECK-NEXT:   func.func @f() {
// CHECK-NEXT:     return loc(#loc)
// CHECK-NEXT:   } loc(#loc)
// CHECK-NEXT: } loc(#loc)
// CHECK-NEXT: #loc = loc(unknown)
// CHECK-NOT:  IR Dump

// UNKNOWN: irc-opt: for the --mlir-print-ir-after option: Cannot find option named 'strip'!
func.func @f() {
  return
}
