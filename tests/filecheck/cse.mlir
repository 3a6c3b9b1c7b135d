// RUN: irc-opt %s -cse | filecheck %s
// RUN: irc-opt %s -cse --mlir-print-debuginfo | filecheck %s --check-prefix=LOC

// Equal pure ops are one; operands of a commutative op are a set; different properties
// (the predicate) or result types keep ops apart.
// CHECK-LABEL: func.func @simple
// CHECK-NEXT:    %[[A:.*]] = arith.addi %arg0, %arg1 : i32
// CHECK-NEXT:    %[[LT:.*]] = arith.cmpi slt, %arg0, %arg1 : i32
// CHECK-NEXT:    %[[GT:.*]] = arith.cmpi sgt, %arg0, %arg1 : i32
// CHECK-NEXT:    %[[E:.*]] = arith.extsi %arg0 : i32 to i64
// CHECK-NEXT:    %[[F:.*]] = arith.extui %arg0 : i32 to i64
// CHECK-NEXT:    return %[[A]], %[[A]], %[[A]], %[[LT]], %[[LT]], %[[GT]], %[[E]], %[[F]]
func.func @simple(%a: i32, %b: i32) -> (i32, i32, i32, i1, i1, i1, i64, i64) {
  %0 = arith.addi %a, %b : i32
  %1 = arith.addi %a, %b : i32
  %2 = arith.addi %b, %a : i32
  %3 = arith.cmpi slt, %a, %b : i32
  %4 = arith.cmpi slt, %a, %b : i32
  %5 = arith.cmpi sgt, %a, %b : i32
  %6 = arith.extsi %a : i32 to i64
  %7 = arith.extui %a : i32 to i64
  return %0, %1, %2, %3, %4, %5, %6, %7 : i32, i32, i32, i1, i1, i1, i64, i64
}

// A value from an enclosing region replaces an equal op in a nested region, never the
// other way: the op in the `then` region does not dominate the one after the scf.if.
// CHECK-LABEL: func.func @nested
// CHECK-NEXT:    %[[C:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[R:.*]] = scf.if %arg0 -> (i32) {
// CHECK-NEXT:      %[[M:.*]] = arith.muli %arg1, %arg1 : i32
// CHECK-NEXT:      %[[S:.*]] = arith.addi %[[M]], %[[C]] : i32
// CHECK-NEXT:      scf.yield %[[S]] : i32
// CHECK-NEXT:    } else {
// CHECK-NEXT:      scf.yield %[[C]] : i32
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[M2:.*]] = arith.muli %arg1, %arg1 : i32
// CHECK-NEXT:    return %[[R]], %[[M2]], %[[C]] : i32, i32, i32
func.func @nested(%c: i1, %x: i32) -> (i32, i32, i32) {
  %one = arith.constant 1 : i32
  %r = scf.if %c -> i32 {
    %one_again = arith.constant 1 : i32
    %m = arith.muli %x, %x : i32
    %s = arith.addi %m, %one_again : i32
    scf.yield %s : i32
  } else {
    %one_else = arith.constant 1 : i32
    scf.yield %one_else : i32
  }
  %m2 = arith.muli %x, %x : i32
  return %r, %m2, %one : i32, i32, i32
}

// Blocks follow the dominator tree: ^bb1 and ^bb2 reuse the entry block's value but not
// each other's; ^bb3, dominated only by the entry block, reuses the entry's value.
// CHECK-LABEL: func.func @blocks
// CHECK:         %[[E:.*]] = arith.addi %arg1, %arg1 : i32
// CHECK-NEXT:    cf.cond_br %arg0, ^bb1, ^bb2
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    %[[M1:.*]] = arith.muli %arg1, %arg1 : i32
// CHECK-NEXT:    cf.br ^bb3(%[[E]], %[[M1]] : i32, i32)
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %[[M2:.*]] = arith.muli %arg1, %arg1 : i32
// CHECK-NEXT:    cf.br ^bb3(%[[E]], %[[M2]] : i32, i32)
// CHECK-NEXT:  ^bb3(%{{.*}}: i32, %{{.*}}: i32):
// CHECK-NEXT:    %[[M3:.*]] = arith.muli %arg1, %arg1 : i32
// CHECK-NEXT:    return %[[E]], %[[M3]], %[[E]]
func.func @blocks(%c: i1, %x: i32) -> (i32, i32, i32) {
  %e = arith.addi %x, %x : i32
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  %e1 = arith.addi %x, %x : i32
  %m1 = arith.muli %x, %x : i32
  cf.br ^bb3(%e1, %m1 : i32, i32)
^bb2:
  %e2 = arith.addi %x, %x : i32
  %m2 = arith.muli %x, %x : i32
  cf.br ^bb3(%e2, %m2 : i32, i32)
^bb3(%p: i32, %q: i32):
  %e3 = arith.addi %x, %x : i32
  %m3 = arith.muli %x, %x : i32
  return %e3, %m3, %e : i32, i32, i32
}

// Loads of the same place are one while nothing may write in between; a store, or a call
// (unknown effects), separates them. Stores are never merged.
// CHECK-LABEL: func.func @loads
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[L0:.*]] = memref.load %arg0[%[[C0]]]
// CHECK-NEXT:    memref.store %[[L0]], %arg0[%[[C0]]]
// CHECK-NEXT:    memref.store %[[L0]], %arg0[%[[C0]]]
// CHECK-NEXT:    %[[L1:.*]] = memref.load %arg0[%[[C0]]]
// CHECK-NEXT:    call @opaque()
// CHECK-NEXT:    %[[L2:.*]] = memref.load %arg0[%[[C0]]]
// CHECK-NEXT:    return %[[L0]], %[[L0]], %[[L1]], %[[L2]]
func.func private @opaque()
func.func @loads(%m: memref<4xi32>) -> (i32, i32, i32, i32) {
  %c0 = arith.constant 0 : index
  %0 = memref.load %m[%c0] : memref<4xi32>
  %1 = memref.load %m[%c0] : memref<4xi32>
  memref.store %0, %m[%c0] : memref<4xi32>
  memref.store %0, %m[%c0] : memref<4xi32>
  %2 = memref.load %m[%c0] : memref<4xi32>
  call @opaque() : () -> ()
  %3 = memref.load %m[%c0] : memref<4xi32>
  return %0, %1, %2, %3 : i32, i32, i32, i32
}

// Region ops with equal regions and no effects are one; an unused removable op is erased
// when it is reached (its operand's definer, reached before it, stays).
// CHECK-LABEL: func.func @regions
// CHECK-NEXT:    %[[I:.*]] = scf.if %arg0 -> (i32) {
// CHECK-NEXT:      scf.yield %arg1 : i32
// CHECK-NEXT:    } else {
// CHECK-NEXT:      %[[N:.*]] = arith.addi %arg1, %arg1 : i32
// CHECK-NEXT:      scf.yield %[[N]] : i32
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[D:.*]] = arith.muli %arg1, %arg1 : i32
// CHECK-NEXT:    return %[[I]], %[[I]] : i32, i32
func.func @regions(%c: i1, %x: i32) -> (i32, i32) {
  %0 = scf.if %c -> i32 {
    scf.yield %x : i32
  } else {
    %n = arith.addi %x, %x : i32
    scf.yield %n : i32
  }
  %1 = scf.if %c -> i32 {
    scf.yield %x : i32
  } else {
    %n = arith.addi %x, %x : i32
    scf.yield %n : i32
  }
  %dead = arith.muli %x, %x : i32
  %dead2 = arith.addi %dead, %x : i32
  return %0, %1 : i32, i32
}

// Functions are isolated: nothing is shared between them.
// CHECK-LABEL: func.func @isolated
// CHECK-NEXT:    %[[K:.*]] = arith.constant 7 : i32
// CHECK-NEXT:    return %[[K]] : i32
func.func @isolated() -> i32 {
  %k = arith.constant 7 : i32
  return %k : i32
}

// The op that stays keeps its location; it takes the other's only when it has none.
// LOC-LABEL: func.func @locations
// LOC-NEXT:    arith.addi %arg0, %arg0 : i32 loc([[FIRST:#loc[0-9]+]])
// LOC-NEXT:    arith.muli %arg0, %arg0 : i32 loc([[SECOND:#loc[0-9]+]])
// LOC-DAG:   [[FIRST]] = loc("first")
// LOC-DAG:   [[SECOND]] = loc("second")
func.func @locations(%x: i32) -> (i32, i32, i32, i32) {
  %0 = arith.addi %x, %x : i32 loc("first")
  %1 = arith.addi %x, %x : i32 loc("second")
  %2 = arith.muli %x, %x : i32 loc(unknown)
  %3 = arith.muli %x, %x : i32 loc("second")
  return %0, %1, %2, %3 : i32, i32, i32, i32
}
