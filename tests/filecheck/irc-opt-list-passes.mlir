// --list-passes: every pass with its summary, and its options with type, help and default.
// RUN: irc-opt --list-passes | filecheck %s
// RUN: irc-opt -list-passes | filecheck %s

// CHECK:      Passes:
// CHECK:        --strip-debuginfo {{ +}}-   Strip debug info (locations) from all operations
// CHECK:        --view-op-graph {{ +}}-   Print Graphviz visualization of an operation
// CHECK-NEXT:     --max-label-len=<int> {{ +}}- Limit attribute/type length to number of chars (default: 20)
// CHECK-NEXT:     --print-attrs {{ +}}- Print attributes of operations (default: true)
