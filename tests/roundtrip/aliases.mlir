// Aliases written by hand: `#name = attribute`, `!name = type`, aliases of aliases,
// and uses inside other types and attributes. MLIR prints the aliased values in full
// (only affine maps and locations get printer-made aliases).

#map_t = affine_map<(d0, d1) -> (d1, d0)>
#attr = {nested = [1, 2], s = "str"}
#enc = #foo.encoding<"csr">
#sym = @some::@symbol
#dense = dense<[1.0, 2.0]> : tensor<2xf32>
!tensor = tensor<4x?xf32>
!tensor_enc = tensor<8xf32, #enc>
!fn = (!tensor) -> !tensor
!memref = memref<4x4xf32, #map_t>
!opaque = !foo.handle<"h">
!tuple = tuple<!tensor, !opaque>

%0 = "test.aliases"() {a = #attr, b = #enc, c = #sym, d = #dense, m = #map_t, t = !fn, arr = [#attr, !tensor]} : () -> !tensor
%1:4 = "test.types"(%0) : (!tensor) -> (!tensor_enc, !memref, !opaque, !tuple)
"test.fn"() {type = !fn, types = [!tensor, !tensor_enc]} : () -> ()
