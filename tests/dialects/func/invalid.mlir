// RUN: irc-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect
// Each case is one rule of the func dialect, with MLIR's message (iree-opt accepts these
// expectations too: tests/dialects/func/test_mlir_agreement.py).

// expected-error@+1 {{'func.func' op symbol declaration cannot have public visibility}}
func.func @f(i32) -> i32

// -----

// expected-error@+1 {{'func.func' op symbol declaration cannot have public visibility}}
func.func public @f()

// -----

// expected-error@+1 {{'func.func' op entry block must have 1 arguments to match function signature}}
"func.func"() <{function_type = (i32) -> i32, sym_name = "f"}> ({
^bb0:
  "func.return"() : () -> ()
}) : () -> ()

// -----

// expected-error@+1 {{'func.func' op type of entry block argument #0('f32') must match the type of the corresponding argument in function signature('i32')}}
"func.func"() <{function_type = (i32) -> i32, sym_name = "f"}> ({
^bb0(%b: f32):
  "func.return"(%b) : (f32) -> ()
}) : () -> ()

// -----

// expected-error@+1 {{'func.func' op requires attribute 'function_type'}}
"func.func"() <{sym_name = "f", sym_visibility = "private"}> ({
}) : () -> ()

// -----

// expected-error@+1 {{'func.func' op requires attribute 'sym_name'}}
"func.func"() <{function_type = () -> (), sym_visibility = "private"}> ({
}) : () -> ()

// -----

// expected-error@+1 {{'func.func' op arguments may only have dialect attributes}}
func.func private @f(i32 {nodialect = 1})

// -----

// expected-error@+1 {{'func.func' op results may only have dialect attributes}}
func.func private @f() -> (i32 {nodialect})

// -----

// expected-error@+1 {{'func.func' op expects argument attribute array to have the same number of elements as the number of function arguments, got 1, but expected 0}}
func.func private @f() attributes {arg_attrs = [{}]}

// -----

// expected-error@+1 {{'func.func' op expects result attribute array to have the same number of elements as the number of function results, got 2, but expected 1}}
func.func private @f() -> i32 attributes {res_attrs = [{}, {}]}

// -----

// expected-error@+1 {{expected valid '@'-identifier for symbol name}}
func.func f()

// -----

// expected-error@+1 {{expected SSA identifier}}
func.func @f(%a: i32, f32)

// -----

// expected-error@+1 {{expected type instead of SSA identifier}}
func.func @f(i32, %a: f32)

// -----

// expected-error@+1 {{'sym_name' is an inferred attribute and should not be specified in the explicit attribute dictionary}}
func.func @f() attributes {sym_name = "x"}

// -----

// expected-error@+1 {{expected non-empty function body}}
func.func @f() {
}

// -----

// expected-note@+1 {{previously referenced here}}
func.func @f(%a: i32,
  // expected-error@+1 {{region entry argument '%a' is already in use}}
  %a: i32) {
  return
}

// -----

func.func @f(%a: i32) -> i32 {
// expected-error@+1 {{invalid block name in region with named arguments}}
^bb1(%b: i32):
  return %b : i32
}

// -----

func.func @f(%a: i32) -> i32 {
  // expected-error@+1 {{'func.return' op has 0 operands, but enclosing function (@f) returns 1}}
  return
}

// -----

func.func @f(%a: i32) -> i32 {
  // expected-error@+1 {{'func.return' op has 2 operands, but enclosing function (@f) returns 1}}
  return %a, %a : i32, i32
}

// -----

func.func @f(%a: i32) -> f32 {
  // expected-error@+1 {{type of return operand 0 ('i32') doesn't match function result type ('f32') in function @f}}
  return %a : i32
}

// -----

// expected-error@+1 {{'func.return' op expects parent op 'func.func'}}
"func.return"() : () -> ()

// -----

func.func @f(%a: i32) -> i32 {
  // expected-error@+1 {{'func.call' op 'g' does not reference a valid function}}
  %r = call @g(%a) : (i32) -> i32
  return %r : i32
}

// -----

"test.symbol"() {sym_name = "g"} : () -> ()
func.func @f() {
  // expected-error@+1 {{'func.call' op 'g' does not reference a valid function}}
  call @g() : () -> ()
  return
}

// -----

func.func private @g(i32) -> i32
func.func @f(%a: i32) -> i32 {
  // expected-error@+1 {{'func.call' op incorrect number of operands for callee: expected 1, but got 2}}
  %r = call @g(%a, %a) : (i32, i32) -> i32
  return %r : i32
}

// -----

func.func private @g(i32) -> i32
func.func @f(%a: f32) -> i32 {
  // expected-error@+1 {{'func.call' op operand type mismatch: expected operand type 'i32', but provided 'f32' for operand number 0}}
  %r = call @g(%a) : (f32) -> i32
  return %r : i32
}

// -----

func.func private @g(i32) -> i32
func.func @f(%a: i32) {
  // expected-error@+1 {{'func.call' op incorrect number of results for callee: expected 1, but got 0}}
  call @g(%a) : (i32) -> ()
  return
}

// -----

func.func private @g(i32) -> (i32, f32)
func.func @f(%a: i32) {
  // expected-error@+3 {{'func.call' op result type mismatch at index 0}}
  // expected-note@+2 {{    op result types: 'f32', 'i32'}}
  // expected-note@+1 {{callee result types: 'i32', 'f32'}}
  %r:2 = call @g(%a) : (i32) -> (f32, i32)
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'func.call' op requires attribute 'callee'}}
  "func.call"() : () -> ()
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{invalid kind of attribute specified}}
  call "f"() : () -> ()
  return
}

// -----

func.func private @g()
func.func @f() {
  // expected-error@+1 {{duplicate or unknown property in properties dictionary: callee}}
  call @g() <callee = @g> : () -> ()
  return
}

// -----

func.func private @g()
func.func @f() {
  // expected-error@+1 {{inherent attribute 'no_inline' cannot be parsed from attr-dict when strict properties in assembly format is enabled}}
  call @g() {no_inline} : () -> ()
  return
}

// -----

func.func @f(%f: (i32) -> i32, %a: f32) {
  // expected-error@+1 {{'func.call_indirect' op failed to verify that callee input types match argument types}}
  %0 = "func.call_indirect"(%f, %a) : ((i32) -> i32, f32) -> i32
  return
}

// -----

func.func @f(%f: (i32) -> i32, %a: i32) {
  // expected-error@+1 {{'func.call_indirect' op failed to verify that callee result types match result types}}
  %0 = "func.call_indirect"(%f, %a) : ((i32) -> i32, i32) -> f32
  return
}

// -----

func.func @f(%f: i32) {
  // expected-error@+1 {{'func.call_indirect' op operand #0 must be function type, but got 'i32'}}
  %0 = "func.call_indirect"(%f) : (i32) -> i32
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'func.constant' op reference to undefined function 'g'}}
  %0 = func.constant @g : () -> ()
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'func.constant' op reference to function with mismatched type}}
  %0 = func.constant @f : (i32) -> ()
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'func.constant' op requires attribute 'value'}}
  %0 = "func.constant"() : () -> (() -> ())
  return
}
