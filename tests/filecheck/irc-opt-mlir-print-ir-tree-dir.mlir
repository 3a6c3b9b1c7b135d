// --mlir-print-ir-tree-dir=<dir>: each dump in its own file, in a folder per op (name with
// `_` for `.`, then its symbol) and named by dump counts and the pass, as MLIR names them.
// RUN: irc-opt %s --mlir-print-ir-tree-dir=%t --mlir-print-ir-after-all \
// RUN:   --mlir-print-ir-before=strip-debuginfo \
// RUN:   --pass-pipeline='builtin.module(func.func(strip-debuginfo),view-op-graph{output-file=-})' \
// RUN:   2>&1 >/dev/null | filecheck %s --allow-empty --check-prefix=NOTHING
// RUN: find %t -type f -printf "%%P\n" | sort | filecheck %s --check-prefix=FILES
// RUN: cat %t/builtin_module_no-symbol-name/func_func_f/0_1_strip-debuginfo.mlir | filecheck %s

// NOTHING-NOT: IR Dump

// FILES:      builtin_module_no-symbol-name/1_view-op-graph.mlir
// FILES-NEXT: builtin_module_no-symbol-name/func_func_f/0_0_strip-debuginfo.mlir
// FILES-NEXT: builtin_module_no-symbol-name/func_func_f/0_1_strip-debuginfo.mlir
// FILES-NEXT: builtin_module_no-symbol-name/func_func_g/0_0_strip-debuginfo.mlir
// FILES-NEXT: builtin_module_no-symbol-name/func_func_g/0_1_strip-debuginfo.mlir

// CHECK:      // -----// IR Dump After StripDebugInfoPass: strip-debuginfo //----- //
// CHECK-NEXT: func.func @f() {
func.func @f() {
  return
}
func.func @g() {
  return
}
