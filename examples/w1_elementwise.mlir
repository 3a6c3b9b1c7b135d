// W1 of the benchmarks: y = tanh(x*a + b) * sigmoid(x) + exp(-x*x), one pass over memory.
// Run it:  irc-run examples/w1_elementwise.mlir -e w1 rand:8 zeros:8 0.5 0.1
func.func @w1(%x: memref<?xf32>, %y: memref<?xf32>, %a: f32, %b: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<?xf32>
    %t = arith.mulf %v, %a : f32
    %u = arith.addf %t, %b : f32
    %th = math.tanh %u : f32
    %nv = arith.negf %v : f32
    %e = math.exp %nv : f32
    %d = arith.addf %one, %e : f32
    %s = arith.divf %one, %d : f32
    %p = arith.mulf %th, %s : f32
    %sq = arith.mulf %v, %v : f32
    %nsq = arith.negf %sq : f32
    %e2 = math.exp %nsq : f32
    %r = arith.addf %p, %e2 : f32
    memref.store %r, %y[%i] : memref<?xf32>
  }
  return
}

// exp alone, for comparison with numpy's exp.
func.func @exp_only(%x: memref<?xf32>, %y: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<?xf32>
    %e = math.exp %v : f32
    memref.store %e, %y[%i] : memref<?xf32>
  }
  return
}
