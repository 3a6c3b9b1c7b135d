// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// A file that is one module: it is the top-level op, not wrapped in another module, and
// keeps its name, visibility and attributes.

// CHECK:      {{^}}module @top <sym_visibility = "private"> attributes {test.top = "yes"} {
// CHECK-NEXT:   module @inner {
// CHECK-NEXT:     %0 = unrealized_conversion_cast to i32
// CHECK-NEXT:   }
// CHECK-NEXT: }
module @top <sym_visibility = "private"> attributes {test.top = "yes"} {
  module @inner {
    %0 = unrealized_conversion_cast to i32
  }
}
