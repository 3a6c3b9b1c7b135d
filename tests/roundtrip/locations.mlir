// Every location kind, on ops and block arguments, inline and through #loc aliases
// (defined after their use, as MLIR prints them).

"test.filelinecol"() : () -> () loc("source.py":12:4)
"test.filelinecol_quoted"() : () -> () loc("dir with space/ünïcode \"q\".py":1:1)
"test.unknown"() : () -> () loc(unknown)
"test.name"() : () -> () loc("conv1")
"test.name_child"() : () -> () loc("conv1"("model.py":3:9))
"test.name_unknown_child"() : () -> () loc("relu"(unknown))
"test.callsite"() : () -> () loc(callsite("inner.py":1:2 at "outer.py":10:20))
"test.callsite_nested"() : () -> () loc(callsite("f"("a.py":1:1) at callsite("b.py":2:2 at "c.py":3:3)))
"test.fused"() : () -> () loc(fused["a.py":1:1, "b.py":2:2])
"test.fused_meta"() : () -> () loc(fused<"cse">["a.py":1:1, "b"])
"test.fused_meta_dict"() : () -> () loc(fused<{pass = "inline", step = 3 : i32}>["a.py":1:1, unknown])
"test.fused_one"() : () -> () loc(fused["only.py":7:7])
"test.alias"() : () -> () loc(#loc_later)
"test.alias_again"() : () -> () loc(#loc_later)
"test.alias_of_alias"() : () -> () loc(#loc_outer)

"test.region"() ({
^bb0(%a: i32 loc("arg.py":1:1), %b: f32 loc("b_arg"), %c: index):
  "test.use"(%a, %b) : (i32, f32) -> () loc(callsite("x" at "y.py":5:5))
  "test.term"() : () -> () loc(#loc_later)
}) : () -> () loc(fused<#foo.meta<1>>["r.py":1:1, "r.py":9:1])

// A location as an attribute value.
"test.loc_attr"() {where = loc("attr.py":4:2), names = [loc("a"), loc(unknown)]} : () -> ()

#loc_later = loc("later.py":100:1)
#loc_outer = loc(callsite(#loc_later at "top.py":1:1))
