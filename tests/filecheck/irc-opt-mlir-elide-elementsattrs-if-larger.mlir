// --mlir-elide-elementsattrs-if-larger=N: dense attributes with more than N elements print
// as MLIR's opaque elided form; N or fewer print in full.
// RUN: irc-opt %s --mlir-elide-elementsattrs-if-larger=2 | filecheck %s
// RUN: irc-opt %s --mlir-elide-elementsattrs-if-larger=4 | filecheck %s --check-prefix=FULL

// CHECK: arith.constant dense_resource<__elided__> : tensor<3xi32>
// CHECK: arith.constant dense<[1, 2]> : tensor<2xi32>

// FULL: arith.constant dense<[1, 2, 3]> : tensor<3xi32>
func.func @f() {
  %0 = arith.constant dense<[1, 2, 3]> : tensor<3xi32>
  %1 = arith.constant dense<[1, 2]> : tensor<2xi32>
  return
}
