// A first program: y = a * x + y over a dynamically sized buffer, in MLIR's own syntax.
//   irc-opt examples/hello.mlir                        parse, verify, print
//   irc-opt examples/hello.mlir -cse -convert-scf-to-cf  run passes and print the result
//   irc-opt examples/hello.mlir --mlir-print-op-generic  the generic form MLIR tools read
module @hello {
  func.func @saxpy(%a: f32, %x: memref<?xf32>, %y: memref<?xf32>) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = memref.dim %x, %c0 : memref<?xf32>
    scf.for %i = %c0 to %n step %c1 {
      %xi = memref.load %x[%i] : memref<?xf32>
      %yi = memref.load %y[%i] : memref<?xf32>
      %ax = arith.mulf %a, %xi fastmath<contract> : f32
      %r = arith.addf %ax, %yi : f32
      memref.store %r, %y[%i] : memref<?xf32>
    }
    return
  }

  // The same constant twice: -cse keeps one.
  func.func @twice(%v: i32) -> i32 {
    %c2 = arith.constant 2 : i32
    %c2_again = arith.constant 2 : i32
    %p = arith.muli %v, %c2 : i32
    %q = arith.muli %v, %c2_again : i32
    %s = arith.addi %p, %q : i32
    return %s : i32
  }
}
