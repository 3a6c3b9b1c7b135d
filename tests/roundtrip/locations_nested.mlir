// Nested locations: aliases inside block-argument locations (printed inline, their
// parts by alias), fused metadata that is itself aliased, fused locations flattened,
// deduplicated and emptied as FusedLoc::get does, names of names.

"t.r"() ({
^bb0(%a: i32 loc(callsite("x" at "y.py":1:1)), %b: i32 loc(fused<affine_map<(d0) -> (d0)>>["p.py":1:1, "q.py":2:2])):
  "t.u"(%a, %b) : (i32, i32) -> () loc(callsite("x" at "y.py":1:1))
}) : () -> () loc(fused[fused["a":1:1, "b":2:2], "c":3:3, "a":1:1])
"t.op\22quoted"() : () -> () loc(fused<"m">[fused<"m">["a":1:1], fused<"n">["b":1:1], unknown])
"t.e"() : () -> () loc(fused<"m">[unknown])
"t.f"() : () -> () loc(fused[unknown, unknown])
"t.g"() : () -> () loc("n"("m"("k")))
