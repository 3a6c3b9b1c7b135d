// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// vector.contract in MLIR's custom spelling: matmul, a dot product into a scalar, mixed
// precision, a batch dimension, a transposed result, kinds and fastmath. The CHECK lines
// are iree-opt's own print (the custom form prints its maps, so the aliases agree; the
// generic form is compared with aliases expanded in test_mlir_agreement.py).
// CHECK-DAG: #map = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #map1 = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #map2 = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #map3 = affine_map<(d0) -> (d0)>
// CHECK-DAG: #map4 = affine_map<(d0) -> ()>
// CHECK-DAG: #map5 = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #map6 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #map7 = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #map8 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #map9 = affine_map<(d0, d1, d2) -> (d1, d0)>

// CHECK-LABEL: func.func @contract(%arg0: vector<2x4xf32>, %arg1: vector<4x3xf32>, %arg2: vector<2x3xf32>, %arg3: vector<4xf32>, %arg4: f32, %arg5: vector<2x4xf16>, %arg6: vector<3x4xf16>, %arg7: vector<2x2x4xi8>, %arg8: vector<2x4x3xi8>, %arg9: vector<2x2x3xi32>, %arg10: vector<3x2xf32>) {
// CHECK-NEXT: %0 = vector.contract {indexing_maps = [#map, #map1, #map2], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %arg0, %arg1, %arg2 : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
// CHECK-NEXT: %1 = vector.contract {indexing_maps = [#map3, #map3, #map4], iterator_types = ["reduction"], kind = #vector.kind<maxnumf>} %arg3, %arg3, %arg4 {note} : vector<4xf32>, vector<4xf32> into f32
// CHECK-NEXT: %2 = vector.contract {fastmath = #arith.fastmath<fast>, indexing_maps = [#map, #map5, #map2], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %arg5, %arg6, %arg2 : vector<2x4xf16>, vector<3x4xf16> into vector<2x3xf32>
// CHECK-NEXT: %3 = vector.contract {indexing_maps = [#map6, #map7, #map8], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %arg7, %arg8, %arg9 : vector<2x2x4xi8>, vector<2x4x3xi8> into vector<2x2x3xi32>
// CHECK-NEXT: %4 = vector.contract {indexing_maps = [#map, #map1, #map9], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<mul>} %arg0, %arg1, %arg10 : vector<2x4xf32>, vector<4x3xf32> into vector<3x2xf32>
// CHECK-NEXT: return
func.func @contract(%a: vector<2x4xf32>, %b: vector<4x3xf32>, %c: vector<2x3xf32>, %x: vector<4xf32>, %s: f32, %h: vector<2x4xf16>, %g: vector<3x4xf16>, %p: vector<2x2x4xi8>, %q: vector<2x4x3xi8>, %r: vector<2x2x3xi32>, %t: vector<3x2xf32>) {
  %0 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"]} %a, %b, %c : vector<2x4xf32>, vector<4x3xf32> into vector<2x3xf32>
  %1 = vector.contract {indexing_maps = [affine_map<(k) -> (k)>, affine_map<(k) -> (k)>, affine_map<(k) -> ()>], iterator_types = ["reduction"], kind = #vector.kind<maxnumf>} %x, %x, %s {note} : vector<4xf32>, vector<4xf32> into f32
  %2 = vector.contract {fastmath = #arith.fastmath<fast>, indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (j, k)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %h, %g, %c : vector<2x4xf16>, vector<3x4xf16> into vector<2x3xf32>
  %3 = vector.contract {indexing_maps = [affine_map<(b, i, j, k) -> (b, i, k)>, affine_map<(b, i, j, k) -> (b, k, j)>, affine_map<(b, i, j, k) -> (b, i, j)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %p, %q, %r : vector<2x2x4xi8>, vector<2x4x3xi8> into vector<2x2x3xi32>
  %4 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (j, i)>], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<mul>} %a, %b, %t : vector<2x4xf32>, vector<4x3xf32> into vector<3x2xf32>
  return
}
