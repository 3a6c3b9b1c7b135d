// RUN: irc-opt %s --mlir-print-op-generic --allow-unregistered-dialect | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic --allow-unregistered-dialect --mlir-print-debuginfo \
// RUN:   | filecheck %s --check-prefix=DBG

// Aliases the printer makes, as MLIR makes them, defined before the module. Affine maps
// become #map, #map1, ... in the order they are met: an op's regions come before its own
// types and attributes, attributes in sorted order. A location in an attribute becomes
// #loc, and sorts before the maps (aliases sort by nesting depth, then by name).
// Hand-written aliases (#transpose, !vec) are not kept: their values print in full.

#transpose = affine_map<(d0, d1) -> (d1, d0)>
!vec = vector<4xf32>

// CHECK:      #loc = loc("attr.py":7:1)
// CHECK-NEXT: #map = affine_map<(d0) -> (d0 + 1)>
// CHECK-NEXT: #map1 = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-NEXT: #map2 = affine_map<(d0)[s0] -> (d0 * 2 + s0)>
// CHECK-NEXT: "builtin.module"() ({
// CHECK-NEXT:   %0 = "test.outer"() ({
// CHECK-NEXT:     "test.inner"() {map = #map} : () -> ()
// CHECK-NEXT:   }) {a = #map1, b = #map2, c = #map1, where = #loc} : () -> memref<4x4xf32, #map1>
// CHECK-NEXT:   %1 = "test.vec"() : () -> vector<4xf32>
// CHECK-NEXT: }) : () -> ()
// CHECK-NOT:  #loc1

// With locations, op locations get #loc aliases defined after the module; the one also
// used in an attribute stays at the top. Nested locations get aliases of their own.

// DBG:      #[[ATTR:loc[0-9]+]] = loc("attr.py":7:1)
// DBG-NEXT: #map = affine_map<(d0) -> (d0 + 1)>
// DBG:      "test.inner"() {map = #map} : () -> () loc(#[[INNER:loc[0-9]+]])
// DBG-NEXT: }) {a = #map1, b = #map2, c = #map1, where = #[[ATTR]]} : {{.*}} loc(#[[OUTER:loc[0-9]+]])
// DBG-NEXT: "test.vec"() : () -> vector<4xf32> loc(#[[CALL:loc[0-9]+]])
// DBG-NEXT: }) : () -> () loc(#loc)
// DBG-NEXT: #loc = loc("{{.*}}filecheck_aliases.mlir":0:0)
// DBG-NEXT: #[[OUTER]] = loc("{{.*}}filecheck_aliases.mlir":{{[0-9]+}}:10)
// DBG-NEXT: #[[INNER]] = loc("{{.*}}filecheck_aliases.mlir":{{[0-9]+}}:3)
// DBG-NEXT: #[[CALLEE:loc[0-9]+]] = loc("callee.py":1:2)
// DBG-NEXT: #[[CALLER:loc[0-9]+]] = loc("caller.py":3:4)
// DBG-NEXT: #[[CALL]] = loc(callsite(#[[CALLEE]] at #[[CALLER]]))

%outer = "test.outer"() ({
  "test.inner"() {map = affine_map<(d0) -> (d0 + 1)>} : () -> ()
}) {c = #transpose, b = affine_map<(i)[n] -> (i * 2 + n)>, a = #transpose, where = loc("attr.py":7:1)} : () -> memref<4x4xf32, #transpose>
%v = "test.vec"() : () -> !vec loc(callsite("callee.py":1:2 at "caller.py":3:4))
