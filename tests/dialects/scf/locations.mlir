// Implicit terminators take the location of their op; block arguments that the custom
// form defines (induction variables, iteration arguments) take the location of their
// name. Named and fused locations, and ops in MLIR's generic spelling.

func.func @locations(%lb: index, %ub: index, %step: index, %c: i1, %x: f32) -> f32 {
  %r = scf.for %i = %lb to %ub step %step iter_args(%acc = %x) -> (f32) {
    scf.if %c {
      "test.op"() : () -> () loc("inner")
    } else {
    } loc(fused["a.mlir":1:2, "b.mlir":3:4])
    scf.yield %acc : f32
  } loc("loop")
  scf.parallel (%i, %j) = (%lb, %lb) to (%ub, %ub) step (%step, %step) {
  } loc(callsite("callee" at "caller.mlir":7:8))
  %w = "scf.while"(%x) ({
  ^bb0(%a: f32 loc("before_arg")):
    "scf.condition"(%c, %a) : (i1, f32) -> ()
  }, {
  ^bb0(%b: f32):
    "scf.yield"(%b) : (f32) -> ()
  }) : (f32) -> f32
  %s = "scf.index_switch"(%lb) <{cases = array<i64: 3>}> ({
    "scf.yield"(%x) : (f32) -> () loc("default_yield")
  }, {
    "scf.yield"(%w) : (f32) -> ()
  }) : (index) -> f32
  return %r : f32
}
