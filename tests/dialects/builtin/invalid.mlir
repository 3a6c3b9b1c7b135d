// RUN: irc-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect
// Each case is one rule of the builtin dialect, with MLIR's message (iree-opt accepts these
// expectations too: tests/dialects/builtin/test_mlir_agreement.py).

// A module's body is one block without arguments.
// expected-error@+1 {{'builtin.module' op region should have no arguments}}
"builtin.module"() ({
^bb0(%a: i32):
}) : () -> ()

// -----

// expected-error@+1 {{'builtin.module' op expects region #0 to have 0 or 1 blocks}}
"builtin.module"() ({
  "test.op"() : () -> ()
^bb1:
  "test.op"() : () -> ()
}) : () -> ()

// -----

// expected-error@+1 {{'builtin.module' op requires one region}}
"builtin.module"() : () -> ()

// -----

// expected-error@+1 {{'builtin.module' op requires one region}}
"builtin.module"() ({
^bb0:
}, {
^bb0:
}) : () -> ()

// -----

// Its properties: a string name and a known visibility.
// expected-error@+1 {{invalid properties {sym_name = 1 : i32} for op builtin.module: Invalid attribute `sym_name` in property conversion: 1 : i32}}
"builtin.module"() <{sym_name = 1 : i32}> ({
^bb0:
}) : () -> ()

// -----

// expected-error@+1 {{invalid properties {sym_visibility = 1 : i32} for op builtin.module: Invalid attribute `sym_visibility` in property conversion: 1 : i32}}
"builtin.module"() <{sym_visibility = 1 : i32}> ({
^bb0:
}) : () -> ()

// -----

// expected-error@+1 {{'builtin.module' op visibility expected to be one of ["public", "private", "nested"], but got "secret"}}
"builtin.module"() <{sym_name = "m", sym_visibility = "secret"}> ({
^bb0:
}) : () -> ()

// -----

// Its attributes: dialect-prefixed names only; its properties are not attributes.
// expected-error@+1 {{'builtin.module' op can only contain attributes with dialect-prefixed names, found: 'foo'}}
module attributes {foo = 1} {
}

// -----

// expected-error@+1 {{custom op 'builtin.module' inherent attribute 'sym_name' cannot be parsed from attr-dict when strict properties in assembly format is enabled}}
module attributes {sym_name = "m"} {
}

// -----

// expected-error@+1 {{custom op 'builtin.module' inherent attribute 'sym_visibility' cannot be parsed from attr-dict when strict properties in assembly format is enabled}}
module @m attributes {sym_visibility = "private"} {
}

// -----

// Its prop-dict holds the visibility only.
// expected-error@+1 {{custom op 'builtin.module' duplicate or unknown property in properties dictionary: foo}}
module @m <sym_visibility = "private", foo = 1> {
}

// -----

// expected-error@+1 {{custom op 'builtin.module' duplicate or unknown property in properties dictionary: sym_name}}
module <sym_name = "m"> {
}

// -----

// expected-error@+1 {{custom op 'builtin.module' invalid properties {sym_name = "n"}: unknown key '"sym_name"' when parsing properties dictionary}}
module @m <{sym_name = "n"}> {
}

// -----

// No terminator is needed, and a function's terminator is not one.
module {
  // expected-error@+1 {{'func.return' op expects parent op 'func.func'}}
  "func.return"() : () -> ()
}

// -----

// Casts: at least one result, as many types as values.
func.func @f(%a: i32) {
  // expected-error@+1 {{'builtin.unrealized_conversion_cast' op expected at least one result for cast operation}}
  "builtin.unrealized_conversion_cast"(%a) : (i32) -> ()
  return
}

// -----

func.func @f(%a: i32) {
  // expected-error@+1 {{operation defines 1 results but was provided 2 to bind}}
  %0:2 = builtin.unrealized_conversion_cast %a : i32 to f32
  return
}

// -----

func.func @f(%a: i32) {
  // expected-error@+1 {{expected ':'}}
  %0 = builtin.unrealized_conversion_cast %a i32 to f32
  return
}
