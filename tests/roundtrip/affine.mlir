// Affine maps: dims, symbols, + - * mod floordiv ceildiv, constants, negation, and the
// simplifications MLIR applies when it builds the expressions. Each map is printed
// through a #map alias, numbered in order of first use.

"test.maps"() {
  identity = affine_map<(d0, d1) -> (d0, d1)>,
  transpose = affine_map<(d0, d1) -> (d1, d0)>,
  empty = affine_map<() -> ()>,
  constant = affine_map<() -> (0)>,
  symbols = affine_map<(d0)[s0, s1] -> (d0 + s0, s1)>,
  symbols_only = affine_map<()[s0] -> (s0 * 4)>,
  add = affine_map<(d0, d1) -> (d0 + d1 + 1)>,
  sub = affine_map<(d0, d1) -> (d0 - d1)>,
  sub_const = affine_map<(d0) -> (d0 - 1)>,
  mul = affine_map<(d0, d1)[s0] -> (d0 * 3 + d1 * s0)>,
  neg = affine_map<(d0) -> (-d0)>,
  neg_mul = affine_map<(d0, d1) -> (d0 * -2 + d1)>,
  mod = affine_map<(d0) -> (d0 mod 4)>,
  floordiv = affine_map<(d0) -> (d0 floordiv 2)>,
  ceildiv = affine_map<(d0) -> (d0 ceildiv 8)>,
  nested = affine_map<(d0, d1) -> ((d0 + d1) floordiv 2, (d0 * 2) mod 3, (d0 floordiv 4) * 4)>,
  names = affine_map<(i, j)[n] -> (j, i + n)>,
  drop = affine_map<(d0, d1, d2) -> (d2)>,
  broadcast = affine_map<(d0, d1) -> (0, d1)>
} : () -> ()

// Simplified on construction, as MLIR does.
"test.simplify"() {
  fold = affine_map<(d0) -> (d0 + 2 + 3)>,
  zero = affine_map<(d0) -> (d0 * 0)>,
  one = affine_map<(d0) -> (d0 * 1 + 0)>,
  const_left = affine_map<(d0) -> (2 * d0)>,
  const_left_add = affine_map<(d0) -> (1 + d0)>,
  fold_div = affine_map<() -> (7 floordiv 2, 7 ceildiv 2, 7 mod 3, -7 floordiv 2)>
} : () -> ()

// The same map in an attribute and in a memref layout shares one alias.
%0 = "test.layout"() {map = affine_map<(d0, d1) -> (d1, d0)>} : () -> memref<4x4xf32, affine_map<(d0, d1) -> (d1, d0)>>
"test.maps_in_arrays"() {maps = [affine_map<(d0) -> (d0)>, affine_map<(d0, d1) -> (d0)>]} : () -> ()
