// dense<...> elements attributes: splats, nested lists, each element kind, the hex
// string form, and empty literals; on tensors and vectors.

"test.splats"() {i = dense<0> : tensor<4xi32>, f = dense<1.5> : tensor<2x3xf32>, b = dense<true> : tensor<8xi1>, v = dense<-1> : vector<4xi8>, one = dense<7> : tensor<1xi64>, scalar = dense<2.0> : tensor<f64>, idx = dense<3> : tensor<2xindex>} : () -> ()
"test.lists"() {i = dense<[1, 2, 3]> : tensor<3xi32>, nested = dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi16>, deep = dense<[[[1.0], [2.0]]]> : tensor<1x2x1xf32>, b = dense<[true, false, true]> : tensor<3xi1>, v = dense<[[0.5, 1.5], [2.5, 3.5]]> : vector<2x2xf64>, neg = dense<[-1, -128, 127]> : tensor<3xi8>} : () -> ()
"test.elements"() {u = dense<[255, 0]> : tensor<2xui8>, s = dense<[-8, 7]> : tensor<2xsi4>, w = dense<[170141183460469231731687303715884105727, -1]> : tensor<2xi128>, h = dense<[1.0, 0.1, 65504.0]> : tensor<3xf16>, bf = dense<[1.0, 0.1, -2.5]> : tensor<3xbf16>, d = dense<[0.1, 1.0e+300]> : tensor<2xf64>, z = dense<[0.0, -0.0]> : tensor<2xf32>, idx = dense<[0, 1, -1]> : tensor<3xindex>, i7 = dense<[3, -4]> : tensor<2xi7>} : () -> ()
"test.float_bits"() {inf = dense<[0x7F800000, 0xFF800000, 0x7FC00000, 1.0]> : tensor<4xf32>, splat_nan = dense<0x7FC00000> : tensor<2xf32>, h = dense<[0x7C00, 0x3C00]> : tensor<2xf16>} : () -> ()

// Hex string form: raw little-endian bytes (a single element's worth is a splat).
"test.hex_strings"() {a = dense<"0x0100000002000000"> : tensor<2xi32>, b = dense<"0x0000803F"> : tensor<4xf32>, c = dense<"0x01000000020000000300000004000000050000000600000007000000080000000900000010000000"> : tensor<10xi32>} : () -> ()
"test.hex_widths"() {i1 = dense<"0x01000100"> : tensor<4xi1>, i7 = dense<"0x7F00"> : tensor<2xi7>, i24 = dense<"0x010000FFFFFF"> : tensor<2xi24>, i128 = dense<"0x0100000000000000000000000000000002000000000000000000000000000080"> : tensor<2xi128>, bf16 = dense<"0x803F0040"> : tensor<2xbf16>, f16 = dense<"0x003C00BC"> : tensor<2xf16>, idx = dense<"0x0100000000000000"> : tensor<2xindex>, nan = dense<"0x0100807F"> : tensor<2xf32>} : () -> ()

// Empty literals for zero-sized shapes.
"test.empty"() {a = dense<> : tensor<0xf32>, b = dense<> : tensor<2x0xi32>, c = dense<[]> : tensor<0xi8>} : () -> ()

// A splat written out in full is printed as a splat.
"test.collapse"() {a = dense<[4, 4, 4]> : tensor<3xi32>, b = dense<[[1.0, 1.0], [1.0, 1.0]]> : tensor<2x2xf32>} : () -> ()
