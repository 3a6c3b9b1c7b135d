// --mlir-print-ir-module-scope: a pass on a nested op dumps the whole top-level op, and the
// header names the op the pass ran on.
// RUN: irc-opt %s --mlir-print-ir-after-all --mlir-print-ir-module-scope \
// RUN:   --pass-pipeline='builtin.module(func.func(strip-debuginfo))' 2>&1 >/dev/null \
// RUN:   | filecheck %s

// CHECK:      // -----// IR Dump After StripDebugInfoPass: strip-debuginfo ('func.func' operation: @f) //----- //
// CHECK-NEXT: module {
// CHECK-NEXT:   func.func @f() {
// CHECK:        func.func @g() {
// CHECK:      // -----// IR Dump After StripDebugInfoPass: strip-debuginfo ('func.func' operation: @g) //----- //
// CHECK-NEXT: module {
func.func @f() {
  return
}
func.func @g() {
  return
}
