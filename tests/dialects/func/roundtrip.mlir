// RUN: irc-opt %s --allow-unregistered-dialect | irc-opt --allow-unregistered-dialect | filecheck %s
// RUN: irc-opt %s --allow-unregistered-dialect --mlir-print-op-generic | irc-opt --allow-unregistered-dialect | filecheck %s
// The func dialect in MLIR's custom spelling. tests/dialects/func/test_mlir_agreement.py
// checks that irc prints this file (custom, generic, with locations) as iree-opt does.

// Declarations: visibility, argument and result attributes, function-typed results.
// CHECK-LABEL: func.func private @decl(i32, f32 {foo.bar}) -> (i32 {a.b = 1 : i64})
func.func private @decl(i32, f32 {foo.bar}) -> (i32 {a.b = 1})
// CHECK: func.func nested @nested()
func.func nested @nested() -> ()
// CHECK: func.func private @fn_result() -> ((i32) -> i32) attributes {x = 1 : i64}
func.func private @fn_result() -> ((i32) -> i32) attributes {x = 1}
// CHECK: func.func private @one_result() -> i32
func.func private @one_result() -> (i32)
// CHECK: func.func private @many(i32, index) -> (i32, f32)
func.func private @many(i32, index) -> (i32, f32)
// CHECK: func.func private @attr_on_second() -> (i32, f32 {x.y})
func.func private @attr_on_second() -> (i32 {}, f32 {x.y})
// CHECK: func.func private @"quoted name"(memref<4xf32>)
func.func private @"quoted name"(memref<4xf32>)

// Definitions: entry arguments named %argN, attributes, `return` without its prefix.
// CHECK-LABEL: func.func @add(%arg0: i32 {x.y}, %arg1: i32) -> i32 attributes {llvm.emit_c_interface} {
// CHECK-NEXT:    %0 = arith.addi %arg0, %arg1 : i32
// CHECK-NEXT:    return %0 : i32
// CHECK-NEXT:  }
func.func @add(%a: i32 {x.y}, %b: i32) -> i32 attributes {llvm.emit_c_interface} {
  %sum = arith.addi %a, %b : i32
  func.return %sum : i32
}

// CHECK-LABEL: func.func public @calls(%arg0: i32, %arg1: f32) -> (i32, f32) {
// CHECK-NEXT:    %c0 = arith.constant 0 : index
// CHECK-NEXT:    %0 = call @decl(%arg0, %arg1) : (i32, f32) -> i32
// CHECK-NEXT:    %1:2 = call @many(%0, %c0) : (i32, index) -> (i32, f32)
// CHECK-NEXT:    %2 = call @add(%1#0, %0) <arg_attrs = [{}, {}], no_inline> {tag} : (i32, i32) -> i32
// CHECK-NEXT:    call @nested() : () -> ()
// CHECK-NEXT:    %f = constant @add : (i32, i32) -> i32
// CHECK-NEXT:    %f_0 = constant @decl : (i32, f32) -> i32
// CHECK-NEXT:    %3 = call_indirect %f(%2, %2) : (i32, i32) -> i32
// CHECK-NEXT:    return %3, %1#1 : i32, f32
func.func public @calls(%x: i32, %y: f32) -> (i32, f32) {
  %c0 = arith.constant 0 : index
  %0 = func.call @decl(%x, %y) : (i32, f32) -> i32
  %1:2 = call @many(%0, %c0) : (i32, index) -> (i32, f32)
  %2 = call @add(%1#0, %0) <{no_inline, arg_attrs = [{}, {}]}> {tag} : (i32, i32) -> i32
  call @nested() : () -> ()
  %f = func.constant @add : (i32, i32) -> i32
  %g = constant @decl : (i32, f32) -> i32
  %3 = func.call_indirect %f(%2, %2) : (i32, i32) -> i32
  return %3, %1#1 : i32, f32
}

// Several blocks, nested regions and a function value as an argument.
// CHECK-LABEL: func.func @blocks(%arg0: (i32) -> i32, %arg1: i32) -> i32 {
// CHECK:       ^bb1(%1: i32):  // pred: ^bb0
// CHECK:         %2 = "test.region"(%1) ({
// CHECK-NEXT:    ^bb0(%arg2: i32):
func.func @blocks(%f: (i32) -> i32, %x: i32) -> i32 {
  %0 = func.call_indirect %f(%x) : (i32) -> i32
  cf.br ^bb1(%0 : i32)
^bb1(%y: i32):
  %1 = "test.region"(%y) ({
  ^bb0(%z: i32):
    "test.yield"(%z) : (i32) -> ()
  }) : (i32) -> i32
  return %1 : i32
}

// Recursion, and a function whose body reads its arguments from a generic op.
// CHECK-LABEL: func.func private @recursive(%arg0: i64) -> i64 {
// CHECK:         %0 = call @recursive(%arg0) : (i64) -> i64
func.func private @recursive(%n: i64) -> i64 {
  %0 = func.call @recursive(%n) : (i64) -> i64
  "func.return"(%0) : (i64) -> ()
}

// Nested symbol tables: a call resolves in the nearest one.
// CHECK-LABEL: module @inner {
// CHECK:         func.func @callee() {
// CHECK:         func.func @caller() {
// CHECK-NEXT:      call @callee() : () -> ()
module @inner {
  func.func @callee() {
    return
  }
  func.func @caller() {
    call @callee() : () -> ()
    return
  }
}
