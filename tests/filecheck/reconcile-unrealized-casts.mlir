// RUN: irc-opt %s --allow-unregistered-dialect -reconcile-unrealized-casts=allow-live-casts=true \
// RUN:   | filecheck %s
// RUN: irc-opt %s --allow-unregistered-dialect -reconcile-unrealized-casts -verify-diagnostics

// A chain that comes back to the type it started from folds to its start.
// CHECK-LABEL: func.func @round_trip
// CHECK-NEXT:    return %arg0 : i64
func.func @round_trip(%a: i64) -> i64 {
  %0 = builtin.unrealized_conversion_cast %a : i64 to index
  %1 = builtin.unrealized_conversion_cast %0 : index to i64
  return %1 : i64
}

// Through any number of types (MLIR's A -> B -> C -> A).
// CHECK-LABEL: func.func @long_chain
// CHECK-NEXT:    "test.use"(%arg0) : (i64) -> ()
// CHECK-NEXT:    return
func.func @long_chain(%a: i64) {
  %0 = builtin.unrealized_conversion_cast %a : i64 to index
  %1 = builtin.unrealized_conversion_cast %0 : index to i32
  %2 = builtin.unrealized_conversion_cast %1 : i32 to i64
  "test.use"(%2) : (i64) -> ()
  return
}

// Casts nobody uses go, and so do the casts that only fed them.
// CHECK-LABEL: func.func @dead
// CHECK-NEXT:    return
func.func @dead(%a: i64) {
  %0 = builtin.unrealized_conversion_cast %a : i64 to index
  %1 = builtin.unrealized_conversion_cast %0 : index to i32
  return
}

// N:1 then 1:N, as a 1:N type conversion leaves them.
// CHECK-LABEL: func.func @one_to_many
// CHECK-NEXT:    return %arg0, %arg1 : i64, i32
func.func @one_to_many(%a: i64, %b: i32) -> (i64, i32) {
  %0 = builtin.unrealized_conversion_cast %a, %b : i64, i32 to f32
  %1:2 = builtin.unrealized_conversion_cast %0 : f32 to i64, i32
  return %1#0, %1#1 : i64, i32
}

// A chain only folds when each link casts exactly the previous link's results.
// CHECK-LABEL: func.func @not_a_chain
// CHECK-NEXT:    %[[PAIR:.*]]:2 = builtin.unrealized_conversion_cast %arg0 : i64 to i64, i64
// CHECK-NEXT:    %[[BACK:.*]] = builtin.unrealized_conversion_cast %[[PAIR]]#1, %[[PAIR]]#0 : i64, i64 to i32
// CHECK-NEXT:    return %[[BACK]] : i32
func.func @not_a_chain(%a: i64) -> i32 {
  %0:2 = builtin.unrealized_conversion_cast %a : i64 to i64, i64
  // expected-error@+1 {{unrealized conversion cast from ('i64', 'i64') to ('i32') is still used}}
  %1 = builtin.unrealized_conversion_cast %0#1, %0#0 : i64, i64 to i32
  // expected-note@+1 {{used by 'func.return' here}}
  return %1 : i32
}

// What stays used stays; the rest of its chain still folds. Without allow-live-casts
// each remaining cast is an error at its location, with a note at a user.
// CHECK-LABEL: func.func @live
// CHECK-NEXT:    %[[CAST:.*]] = builtin.unrealized_conversion_cast %arg0 : i64 to index
// CHECK-NEXT:    return %arg0, %[[CAST]] : i64, index
func.func @live(%a: i64) -> (i64, index) {
  // expected-error@+1 {{unrealized conversion cast from ('i64') to ('index') is still used: a conversion left the other side of this value unconverted}}
  %0 = builtin.unrealized_conversion_cast %a : i64 to index
  %1 = builtin.unrealized_conversion_cast %0 : index to i64
  // expected-note@+1 {{used by 'func.return' here}}
  return %1, %0 : i64, index
}

// Casts in nested regions and across blocks are reconciled too; the first cast dies once
// the second is folded.
// CHECK-LABEL: func.func @nested
// CHECK-NEXT:    cf.br ^bb1
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    scf.if %arg0 {
// CHECK-NEXT:      "test.use"(%arg1) : (i32) -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @nested(%c: i1, %a: i32) {
  %0 = builtin.unrealized_conversion_cast %a : i32 to index
  cf.br ^bb1
^bb1:
  scf.if %c {
    %1 = builtin.unrealized_conversion_cast %0 : index to i32
    "test.use"(%1) : (i32) -> ()
  }
  return
}
