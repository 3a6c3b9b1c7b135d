// --help (or -help, -h): the flags in LLVM's layout, then the passes and their options.
// RUN: irc-opt --help | filecheck %s
// RUN: irc-opt -h | filecheck %s

// CHECK:      OVERVIEW: irc modular optimizer driver
// CHECK:      USAGE: irc-opt [options] <input file>
// CHECK:      OPTIONS:
// CHECK:        --mlir-print-ir-after=<pass-arg> {{ +}}- print IR after the given passes
// CHECK:        --mlir-print-ir-after-all {{ +}}- print IR after each pass
// CHECK:        --mlir-print-ir-tree-dir=<string>
// CHECK:        --mlir-timing {{ +}}- display execution times
// CHECK:        --mlir-timing-display=<tree|list>
// CHECK:        --pass-pipeline=<string>
// CHECK:      Compiler passes to run
// CHECK-NEXT:   Passes:
// CHECK:          --strip-debuginfo
// CHECK:          --view-op-graph
// CHECK-NEXT:       --max-label-len=<int>
