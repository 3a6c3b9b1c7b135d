// --pass-pipeline: MLIR's textual pipelines; a mistake is a located error under the
// pipeline text, with the fix where one is known. Pass flags cannot be added to it.
// RUN: irc-opt %s --pass-pipeline='builtin.module(func.func(strip-debuginfo),view-op-graph{output-file=-})' \
// RUN:   | filecheck %s
// RUN: not irc-opt %s --pass-pipeline='builtin.module(strip-debugnfo)' 2>&1 \
// RUN:   | filecheck %s --check-prefix=TYPO
// RUN: not irc-opt %s --pass-pipeline='builtin.module(view-op-graph{max-label-len=ten})' 2>&1 \
// RUN:   | filecheck %s --check-prefix=VALUE
// RUN: not irc-opt %s --pass-pipeline='builtin.module(func.func(strip-debuginfo)' 2>&1 \
// RUN:   | filecheck %s --check-prefix=PARENS
// RUN: not irc-opt %s --pass-pipeline='builtin.module(strip-debuginfo)' -view-op-graph 2>&1 \
// RUN:   | filecheck %s --check-prefix=BOTH

// CHECK: digraph G {
// CHECK: func.func @f()

// TYPO:      <pipeline>:1:16: error: 'strip-debugnfo' does not refer to a registered pass or pass pipeline
// TYPO-NEXT: builtin.module(strip-debugnfo)
// TYPO-NEXT: {{^               \^$}}
// TYPO-NEXT: <pipeline>:1:16: note: did you mean 'strip-debuginfo'?

// VALUE:      <pipeline>:1:44: error: invalid value 'ten' for option 'max-label-len': expected an integer
// VALUE:      note: 'max-label-len': Limit attribute/type length to number of chars (default: 20)

// PARENS: <pipeline>:1:15: error: unbalanced parentheses: the pass list of 'builtin.module' opened here is never closed

// BOTH: irc-opt: error: '--pass-pipeline' cannot be used with individual pass flags such as '-view-op-graph'
func.func @f() {
  return
}
