// A first program in MLIR's generic form: y = a * x + b over a memref, with an scf.for loop.
// The func/arith/scf/memref dialects are declared in a later step; until then irc keeps
// these ops as unregistered ops (irc-opt --allow-unregistered-dialect), checking structure,
// dominance and types, and printing them back exactly as MLIR does.
#identity = affine_map<(d0) -> (d0)>
module @hello attributes {irc.note = "saxpy"} {
  "func.func"() <{sym_name = "saxpy", function_type = (f32, memref<?xf32>, memref<?xf32>) -> ()}> ({
  ^bb0(%a: f32, %x: memref<?xf32>, %y: memref<?xf32>):
    %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
    %n = "memref.dim"(%x, %c0) : (memref<?xf32>, index) -> index
    "scf.for"(%c0, %n, %c1) ({
    ^bb0(%i: index):
      %xi = "memref.load"(%x, %i) : (memref<?xf32>, index) -> f32
      %yi = "memref.load"(%y, %i) : (memref<?xf32>, index) -> f32
      %ax = "arith.mulf"(%a, %xi) {fastmath = #arith.fastmath<contract>} : (f32, f32) -> f32
      %r = "arith.addf"(%ax, %yi) : (f32, f32) -> f32
      "memref.store"(%r, %y, %i) : (f32, memref<?xf32>, index) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "func.return"() : () -> ()
  }) {irc.map = #identity} : () -> ()
}
