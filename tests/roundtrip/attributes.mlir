// Builtin attributes, written as MLIR spells them, on unregistered ops.

// Integers of several types; booleans.
"test.integers"() {a = 42 : i32, b = -7 : si8, c = 255 : ui8, d = 1 : i7, e = 123456789012345678901234567890 : i128, f = 3 : index, g = 9, h = -1 : i64, si1 = -1 : si1, ui1 = 1 : ui1, w256 = -57896044618658097711785492504343953926634992332820282019728792003956564819968 : si256} : () -> ()
"test.bools"() {t = true, f = false, one = 1 : i1, zero = 0 : i1, neg = -1 : i1, hex = 0x1F : i32} : () -> ()
"test.int_limits"() {max = 127 : i8, min = -128 : i8, umax = 65535 : ui16, wrap = 255 : i8, smax = 9223372036854775807 : i64, smin = -9223372036854775808 : i64} : () -> ()

// Strings with escapes and non-ASCII text.
"test.strings"() {empty = "", plain = "hello world", newline = "a\nb", tab = "a\tb", quote = "say \"hi\"", backslash = "C:\\dir", nul = "x\00y", hex = "\41\42\7F", utf8 = "héllo → ∑", emoji = "🙂"} : () -> ()

// Unit, arrays (nested, mixed, empty), dictionaries (nested, quoted keys).
"test.unit"() {u = unit, flag} : () -> ()
"test.arrays"() {empty = [], ints = [1, 2, 3], mixed = [1 : i32, 2.5 : f32, "s", f32, unit, @sym, [true, [false]], {k = 1}], nested = [[1, 2], [3], []], floats = [1.5, -0.0, 2.0 : f16]} : () -> ()
"test.dicts"() {empty = {}, nested = {a = {b = {c = 1 : i8}}, z = "last"}, "quoted key" = 1, "x-y" = 2, "9lives" = 3, "a\"b" = 4, _under = 5, "dotted.name" = 6, "$dollar" = 7, "clé" = 8} : () -> ()

// Types as attributes.
"test.types"() {t1 = i32, t2 = tensor<4x?xf32>, t3 = (i32, f32) -> i1, t4 = memref<*xf32>, t5 = !foo.bar, t6 = none, t7 = index, t8 = vector<[4]xf32>, t9 = () -> ()} : () -> ()

// Symbol references: flat, nested, quoted.
"test.symbols"() {a = @f, b = @a::@b::@c, c = @"x y", d = @"quoted"::@inner, e = @"with\"quote", f = @_under.dot$, g = @"sym\C3\A9", h = @"é"::@"ü"} : () -> ()

// array<...>: dense arrays of each element kind, and empty ones.
"test.dense_arrays"() {i1s = array<i1: true, false, true>, i8s = array<i8: -128, 0, 127>, i16s = array<i16: 1, -1>, i32s = array<i32: 1, 2, 3>, i64s = array<i64: -9223372036854775808, 9223372036854775807>, f32s = array<f32: 1.5, -0.0, 1.0e+10>, f64s = array<f64: 0.1, 2.0>, e1 = array<i1>, e8 = array<i8>, e32 = array<i32>, e64 = array<i64>, ef32 = array<f32>, ef64 = array<f64>} : () -> ()

// strided<...> layouts as attributes.
"test.strided"() {a = strided<[1]>, b = strided<[4, 1], offset: 3>, c = strided<[?, ?], offset: ?>, d = strided<[]>, e = strided<[2], offset: 0>} : () -> ()

// Opaque dialect attributes.
"test.dialect_attrs"() {a = #foo.bar, b = #foo.bar<1, "two", [3]>, c = #foo<"opaque">, d = #foo.nested<#foo.inner<x>, !foo.t<i32>>, e = #foo.angle<"a>b">, typed = #foo.typed<1> : i32, typed_opaque = #foo<"x"> : tensor<2xf32>} : () -> ()

// Properties, as well as attributes, hold any attribute.
"test.props"() <{a = 1 : i32, b = [@f, "x"], c = {d = 2.0 : f32}, flag}> {attr = "after"} : () -> ()
