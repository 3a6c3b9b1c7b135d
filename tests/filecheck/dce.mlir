// RUN: irc-opt %s -dce | filecheck %s

// A dead expression tree goes entirely, however deep; what the results use stays.
// CHECK-LABEL: func.func @chain
// CHECK-NEXT:    %[[S:.*]] = arith.addi %arg0, %arg0 : i32
// CHECK-NEXT:    return %[[S]] : i32
func.func @chain(%x: i32) -> i32 {
  %c3 = arith.constant 3 : i32
  %0 = arith.muli %x, %c3 : i32
  %1 = arith.subi %0, %x : i32
  %2 = arith.cmpi slt, %1, %0 : i32
  %3 = arith.select %2, %1, %0 : i32
  %s = arith.addi %x, %x : i32
  return %s : i32
}

// Stores and calls (unknown effects) stay, and so do the values they use; an unused load
// or allocation goes.
// CHECK-LABEL: func.func @effects
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[V:.*]] = arith.muli %arg1, %arg1 : i32
// CHECK-NEXT:    memref.store %[[V]], %arg0[%[[C0]]] : memref<4xi32>
// CHECK-NEXT:    call @opaque(%arg1) : (i32) -> ()
// CHECK-NEXT:    return
func.func private @opaque(i32)
func.func @effects(%m: memref<4xi32>, %x: i32) {
  %c0 = arith.constant 0 : index
  %v = arith.muli %x, %x : i32
  %l = memref.load %m[%c0] : memref<4xi32>
  %a = memref.alloc() : memref<8xf32>
  memref.store %v, %m[%c0] : memref<4xi32>
  call @opaque(%x) : (i32) -> ()
  return
}

// Region ops go when unused and everything inside them may go; a loop that stores stays,
// with only its live body.
// CHECK-LABEL: func.func @regions
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    scf.for %[[I:.*]] = %[[C0]] to %arg1 step %[[C1]] {
// CHECK-NEXT:      %[[T:.*]] = arith.index_cast %[[I]] : index to i32
// CHECK-NEXT:      memref.store %[[T]], %arg0[%[[I]]] : memref<4xi32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @regions(%m: memref<4xi32>, %n: index, %c: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> i32 {
    %t = arith.index_cast %i : index to i32
    %next = arith.addi %acc, %t : i32
    scf.yield %next : i32
  }
  %r = scf.if %c -> i32 {
    %l = memref.load %m[%c0] : memref<4xi32>
    scf.yield %l : i32
  } else {
    scf.yield %zero : i32
  }
  scf.for %i = %c0 to %n step %c1 {
    %t = arith.index_cast %i : index to i32
    %unused = arith.muli %t, %t : i32
    memref.store %t, %m[%i] : memref<4xi32>
  }
  return
}

// Blocks no branch reaches are erased, and the values only they used with them.
// CHECK-LABEL: func.func @blocks
// CHECK-NEXT:    cf.br ^bb1
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    return %arg0 : i32
// CHECK-NOT:   ^bb
// CHECK:       }
func.func @blocks(%x: i32) -> i32 {
  %dead = arith.addi %x, %x : i32
  cf.br ^bb2
^bb1(%y: i32):
  %z = arith.muli %y, %dead : i32
  cf.br ^bb3(%z : i32)
^bb2:
  return %x : i32
^bb3(%w: i32):
  cf.br ^bb1(%w : i32)
}

// Functions are symbols: an unused one stays (symbol-dce removes those).
// CHECK-LABEL: func.func private @unused
func.func private @unused() {
  return
}
