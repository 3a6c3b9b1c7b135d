// RUN: irc-opt %s --strip-debuginfo --mlir-print-debuginfo | filecheck %s
// RUN: irc-opt %s --pass-pipeline='builtin.module(func.func(strip-debuginfo))' \
// RUN:   --mlir-print-debuginfo | filecheck %s --check-prefix=NESTED

// Every location becomes loc(unknown): ops', block arguments' (explicit or from the file),
// named, call-site and fused ones alike. (iree-opt prints the same.)
// CHECK:       #loc = loc(unknown)
// CHECK-NEXT:  module {
// CHECK-NEXT:    func.func @f(%arg0: i32 loc(unknown), %arg1: i32 loc(unknown)) -> i32 {
// CHECK-NEXT:      %0 = arith.addi %arg0, %arg1 : i32 loc(#loc)
// CHECK-NEXT:      cf.br ^bb1(%0 : i32) loc(#loc)
// CHECK-NEXT:    ^bb1(%1: i32 loc(unknown)):
// CHECK-NEXT:      return %1 : i32 loc(#loc)
// CHECK-NEXT:    } loc(#loc)
// CHECK-NEXT:    func.func @g() {
// CHECK-NEXT:      return loc(#loc)
// CHECK-NEXT:    } loc(#loc)
// CHECK-NEXT:  } loc(#loc)
// CHECK-NOT:   loc(

// Run on functions, it strips them and leaves the module's own location alone.
// NESTED:      #loc1 = loc(unknown)
// NESTED:        func.func @f(%arg0: i32 loc(unknown), %arg1: i32 loc(unknown)) -> i32 {
// NESTED:        } loc(#loc1)
// NESTED:      } loc(#loc)
// NESTED-NEXT: #loc = loc("{{.*}}strip-debuginfo.mlir":0:0)
func.func @f(%a: i32 loc("args.py":1:2), %b: i32) -> i32 {
  %0 = arith.addi %a, %b : i32 loc("named"("f.py":3:4))
  cf.br ^bb1(%0 : i32) loc(callsite("callee.py":1:1 at "caller.py":2:2))
^bb1(%c: i32 loc(fused["x.py":1:1, "y.py":2:2])):
  return %c : i32
}
func.func @g() {
  return loc("g.py":9:9)
}
