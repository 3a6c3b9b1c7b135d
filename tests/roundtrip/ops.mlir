// Operations in the generic form: results, result groups, successors, properties,
// regions (several, empty, with blocks and arguments), forward references.

// Results: none, one, several; uses of single results and of `%r#N`.
%a = "test.one"() : () -> i32
%b:3 = "test.three"() : () -> (i32, f32, index)
"test.uses"(%a, %b#0, %b#2, %b#1) : (i32, i32, index, f32) -> ()
%c:2 = "test.pair"(%b#1) {attr} : (f32) -> (f32, f32)
"test.no_results"(%c#1, %c#0) : (f32, f32) -> ()

// Properties and attributes together.
%p = "test.props"(%a) <{kind = 3 : i32, name = "p"}> {note = "x"} : (i32) -> i64
"test.empty_dicts"() : () -> ()

// An empty region, several regions, a region with an empty block.
"test.empty_region"() ({
}) : () -> ()
"test.two_regions"() ({
  "test.in_first"() : () -> ()
}, {
  "test.in_second"() : () -> ()
}) : () -> ()
"test.empty_block"() ({
^bb0:
}) : () -> ()
"test.empty_regions"() ({}, {}, {
  "test.third"() : () -> ()
}) : () -> ()

// Values defined in sibling regions, and a region using a value from outside.
"test.siblings"() ({
  %x = "test.def"() : () -> i32
  "test.use"(%x, %a) : (i32, i32) -> ()
}, {
  %y = "test.def"() : () -> i32
  %z:2 = "test.def2"() : () -> (i1, i1)
  "test.use"(%y, %z#1) : (i32, i1) -> ()
}) : () -> ()
%after = "test.after"() : () -> i8

// A CFG region: block arguments, successors with operands, several predecessors,
// a block with no predecessors, a self loop, and forward references to values and
// blocks (^use reads %v, defined further down in ^def, which dominates it).
"test.func"() ({
^entry(%arg: i32, %flag: i1):
  "test.cond_br"(%flag, %arg, %arg) [^left, ^right] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
^left(%l: i32):
  "test.br"(%l) [^exit] : (i32) -> ()
^right(%r: i32):
  "test.br"() [^def] : () -> ()
^use:
  %sum = "test.add"(%r, %v) : (i32, i32) -> i32
  "test.br"(%sum) [^exit] : (i32) -> ()
^def:
  %v = "test.const"() {value = 1 : i32} : () -> i32
  "test.br"() [^use] : () -> ()
^exit(%e: i32):
  "test.return"(%e) : (i32) -> ()
^dead:
  "test.unreachable"() : () -> ()
^self_loop(%s: index):
  "test.br"(%s) [^self_loop] : (index) -> ()
}) : () -> ()

// A graph region (the module body) may use a value before its definition.
"test.graph_use"(%graph_def) : (f64) -> ()
%graph_def = "test.graph_def"() : () -> f64

// Nested regions several levels deep, with arguments at each level.
"test.outer"() ({
^bb0(%o: index):
  %n = "test.mid"(%o) ({
  ^bb0(%m: index, %m2: f32):
    "test.inner"(%m, %o) ({
    ^bb0(%i: index):
      "test.yield"(%i, %m, %o) : (index, index, index) -> ()
    }) : (index, index) -> ()
    "test.yield"(%m2) : (f32) -> ()
  }) : (index) -> f32
  "test.yield"(%n) : (f32) -> ()
}) : () -> ()
