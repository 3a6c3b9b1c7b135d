// --mlir-timing: MLIR's execution time report on stderr; --mlir-timing-display=list merges
// rows by name and sorts them by time.
// RUN: irc-opt %s --mlir-timing \
// RUN:   --pass-pipeline='builtin.module(func.func(strip-debuginfo),view-op-graph{output-file=-})' \
// RUN:   2>&1 >/dev/null | filecheck %s
// RUN: irc-opt %s --mlir-timing --mlir-timing-display=list \
// RUN:   --pass-pipeline='builtin.module(func.func(strip-debuginfo),view-op-graph{output-file=-})' \
// RUN:   2>&1 >/dev/null | filecheck %s --check-prefix=LIST
// RUN: not irc-opt %s --mlir-timing --mlir-timing-display=flat 2>&1 \
// RUN:   | filecheck %s --check-prefix=BAD

// CHECK:      ===-------------------------------------------------------------------------===
// CHECK-NEXT:                          ... Execution time report ...
// CHECK-NEXT: ===-------------------------------------------------------------------------===
// CHECK-NEXT:   Total Execution Time: {{[0-9]+\.[0-9]+}} seconds
// CHECK-EMPTY:
// CHECK-NEXT:   ----Wall Time----  ----Name----
// CHECK-NEXT: {{^ +[0-9]+\.[0-9]+ \( *[0-9]+\.[0-9]%\)}}  Parser
// CHECK-NEXT: {{^ +[0-9]+\.[0-9]+ \( *[0-9]+\.[0-9]%\)}}  'func.func' Pipeline
// CHECK-NEXT: {{^ +[0-9]+\.[0-9]+ \( *[0-9]+\.[0-9]%\)}}    StripDebugInfoPass
// CHECK-NEXT: {{^ +[0-9]+\.[0-9]+ \( *[0-9]+\.[0-9]%\)}}  ViewOpGraphPass
// CHECK-NEXT: {{^ +[0-9]+\.[0-9]+ \( *[0-9]+\.[0-9]%\)}}  Output
// CHECK-NEXT: {{^ +[0-9]+\.[0-9]+ \( *[0-9]+\.[0-9]%\)}}  Rest
// CHECK-NEXT: {{^ +[0-9]+\.[0-9]+ \(100\.0%\)}}  Total

// LIST:      ----Wall Time----  ----Name----
// LIST-NEXT: {{^ +[0-9]+\.[0-9]+ \(100\.0%\)}}  root
// LIST-DAG:  Pipeline Collection : ['func.func']
// LIST-DAG:  'func.func' Pipeline
// LIST-DAG:  {{^ +[0-9]+\.[0-9]+ \( *[0-9]+\.[0-9]%\)}}  StripDebugInfoPass
// LIST-DAG:  {{^ +[0-9]+\.[0-9]+ \( *[0-9]+\.[0-9]%\)}}  ViewOpGraphPass
// LIST-DAG:  {{^ +[0-9]+\.[0-9]+ \( *[0-9]+\.[0-9]%\)}}  Parser
// LIST-DAG:  {{^ +[0-9]+\.[0-9]+ \( *[0-9]+\.[0-9]%\)}}  Output
// LIST:      {{^ +[0-9]+\.[0-9]+ \( *[0-9]+\.[0-9]%\)}}  Rest
// LIST-NEXT: {{^ +[0-9]+\.[0-9]+ \(100\.0%\)}}  Total

// BAD: irc-opt: for the --mlir-timing-display option: Cannot find option named 'flat'!
func.func @f() {
  return
}
