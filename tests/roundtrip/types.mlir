// Builtin types, written as MLIR spells them. Each op yields values of the types
// under test, and a consumer takes them as operands so they also appear as inputs.

// Integers: signless, signed and unsigned, odd and wide widths; index.
%i:8 = "test.integers"() : () -> (i1, i7, i8, si8, ui16, i32, i64, i128)
"test.use"(%i#0, %i#1, %i#7) : (i1, i7, i128) -> ()
%ui = "test.wide"() : () -> ui1
%idx = "test.index"() : () -> index

// Floats.
%f:6 = "test.floats"() : () -> (f16, bf16, f32, f64, f80, f128)
%tf = "test.tf32"() : () -> tf32

// Other scalar types.
%n = "test.none"() : () -> none
%c:2 = "test.complex"() : () -> (complex<f32>, complex<i8>)
%t:3 = "test.tuple"() : () -> (tuple<>, tuple<i32, f32>, tuple<tuple<i1>, tensor<2xf32>>)

// Tensors: static, dynamic, rank 0, unranked, zero-sized, with an encoding.
%tensors:8 = "test.tensors"() : () -> (tensor<4x8xf32>, tensor<?x4x?xi32>, tensor<f32>, tensor<*xf64>, tensor<0xf32>, tensor<2x0x?xi8>, tensor<4xf32, "enc">, tensor<?xf32, #foo.enc<1, 2>>)
%te = "test.tensor_enc"() : () -> tensor<8xi1, {sparse = true}>
%tn = "test.tensor_of_tensors"() : () -> tensor<2xcomplex<f32>>

// Memrefs: static, dynamic, strided layouts, affine-map layouts, memory spaces.
%m:6 = "test.memrefs"() : () -> (memref<4x4xf32>, memref<?x8xi32>, memref<f32>, memref<4x?xf32, strided<[?, 1], offset: ?>>, memref<4x4xf32, strided<[8, 1]>>, memref<2x3xf32, strided<[3, 1], offset: 7>>)
%ms:5 = "test.memory_spaces"() : () -> (memref<4xf32, 1>, memref<4xf32, #gpu.address_space<workgroup>>, memref<4xf32, strided<[2]>, 3>, memref<4xf32, "shared">, memref<*xf32, 2>)
%ml:3 = "test.affine_layouts"() : () -> (memref<4x4xf32, affine_map<(d0, d1) -> (d1, d0)>>, memref<8xf32, affine_map<(d0)[s0] -> (d0 + s0)>, 1>, memref<4x4xf32, affine_map<(d0, d1) -> (d1, d0)>>)
%um = "test.unranked"() : () -> memref<*xi8>

// Defaults MLIR drops: an identity affine-map layout, offset 0, memory space 0.
%md:5 = "test.memref_defaults"() : () -> (memref<4x4xf32, affine_map<(d0, d1) -> (d0, d1)>>, memref<f32, affine_map<() -> ()>>, memref<4xf32, strided<[1], offset: 0>>, memref<4xi8, 0>, memref<*xf32, 0 : i32>)

// Vectors, including scalable dimensions.
%v:6 = "test.vectors"() : () -> (vector<4xf32>, vector<2x3xi8>, vector<[4]xf32>, vector<2x[8]xi1>, vector<1x1x1xindex>, vector<[4]x[8]xf32>)

// Function types as types: nested, several results, a function result in parens.
%fn:5 = "test.functions"() : () -> (() -> (), (i32) -> i32, (i32, f32) -> (f32, i1), (i32) -> ((f32) -> f32), ((i1) -> i1) -> ())
%fr = "test.function_result"() : () -> ((i32) -> i64)

// Opaque dialect types.
%d:5 = "test.dialect_types"() : () -> (!foo.bar, !foo.t<1, "x", [2, 3]>, !foo<"opaque body">, !llvm.ptr, !foo.nested<!foo.t<i32>, (i1) -> f32>)
