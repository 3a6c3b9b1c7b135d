// --mlir-print-ir-before-all: the IR each pass is about to see.
// RUN: irc-opt %s --mlir-print-ir-before-all --mlir-print-debuginfo \
// RUN:   --pass-pipeline='builtin.module(strip-debuginfo,func.func(strip-debuginfo))' \
// RUN:   2>&1 >/dev/null | filecheck %s

// The first pass sees the locations of the file; the nested one sees them stripped.
// CHECK:      // -----// IR Dump Before StripDebugInfoPass: strip-debuginfo //----- //
// CHECK-NEXT: module {
// CHECK-NEXT:   func.func @f() {
// CHECK-NEXT:     return loc(#[[RET:loc[0-9]*]])
// CHECK:      #[[RET]] = loc("{{.*}}irc-opt-mlir-print-ir-before-all.mlir":{{[0-9]+}}:3)
// CHECK:      // -----// IR Dump Before StripDebugInfoPass: strip-debuginfo //----- //
// CHECK-NEXT: func.func @f() {
// CHECK-NEXT:   return loc(#loc)
// CHECK-NEXT: } loc(#loc)
// CHECK-NEXT: #loc = loc(unknown)
// CHECK-NOT:  IR Dump
func.func @f() {
  return
}
