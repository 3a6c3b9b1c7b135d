// RUN: irc-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect

// Malformed text: each chunk holds one fault and the exact diagnostic it must give (with
// MLIR's wording where MLIR has the same fault). Mirrors PARSE_CASES in test_malformed.py.

// undefined value
// expected-error@+1 {{use of undeclared SSA value name}}
"t.y"(%1) : (i32) -> ()

// -----

// redefined value
%0 = "t.x"() : () -> i32
// expected-note@-1 {{previously defined here}}
%0 = "t.x"() : () -> i32 // expected-error {{redefinition of SSA value '%0'}}

// -----

// type mismatch between forward uses
// expected-error@+3 {{use of value '%1' expects different type than prior uses: 'i64' vs 'i32'}}
// expected-note@+1 {{prior use here}}
"t.y"(%1) : (i32) -> ()
"t.y"(%1) : (i64) -> ()
%1 = "t.x"() : () -> i32

// -----

// type mismatch with definition
// expected-error@+3 {{use of value '%0' expects different type than prior uses: 'f32' vs 'i32'}}
// expected-note@+1 {{prior use here}}
%0 = "t.x"() : () -> i32
"t.y"(%0) : (f32) -> ()

// -----

// definition type differs from forward use
// expected-error@+3 {{definition of SSA value '%0#0' has type 'i32'}}
// expected-note@+1 {{previously used here with type 'i64'}}
"t.y"(%0) : (i64) -> ()
%0 = "t.x"() : () -> i32

// -----

// too many result names
// expected-error@+1 {{operation defines 1 results but was provided 2 to bind}}
%0, %1 = "t.x"() : () -> i32

// -----

// too few result names
// expected-error@+1 {{operation defines 2 results but was provided 1 to bind}}
%0 = "t.x"() : () -> (i32, i32)

// -----

// invalid result number
// expected-error@+2 {{reference to invalid result number}}
%0:2 = "t.x"() : () -> (i32, i32)
"t.y"(%0#5) : (i32) -> ()

// -----

// invalid result number forward
// expected-error@+1 {{reference to invalid result number}}
"t.y"(%0#2) : (i32) -> ()
%0:2 = "t.x"() : () -> (i32, i32)

// -----

// zero result group
// expected-error@+1 {{expected named operation to have at least 1 result}}
%0:0 = "t.x"() : () -> ()

// -----

// result name with number
// expected-error@+1 {{expected SSA value name without a result number}}
%0#1 = "t.x"() : () -> (i32, i32)

// -----

// result names without comma
// expected-error@+1 {{expected ',' or '=' after result names}}
%0 %1 = "t.x"() : () -> (i32, i32)

// -----

// missing colon before op type
// expected-error@+1 {{expected ':' followed by operation type}}
"t.y"() -> ()

// -----

// missing op type at line end: blamed on the line that lacks it
// expected-error@+1 {{expected ':' followed by operation type}}
"t.y"()
"t.z"() : () -> ()

// -----

"t.y"() : () // expected-error {{expected '->' in function type}}
"t.z"() : () -> ()

// -----

// non function op type
// expected-error@+1 {{expected function type}}
"t.y"() : i32

// -----

// operand count vs type count
// expected-error@+2 {{expected 1 operand type but had 2}}
%0 = "t.x"() : () -> i32
"t.y"(%0) : (i32, i32) -> ()

// -----

// empty op name
// expected-error@+1 {{empty operation name is invalid}}
"" () : () -> ()

// -----

// operand not a value
// expected-error@+1 {{expected SSA operand, found '1'}}
"t.y"(1) : (i32) -> ()

// -----

// empty region list
// expected-error@+1 {{expected '{' to begin a region}}
"t.y"() () : () -> ()

// -----

// unclosed region list
// expected-error@+1 {{expected ')' to end region list}}
"t.y"() ({} : () -> ()

// -----

// properties not a dictionary
// expected-error@+1 {{expected '{' to start the properties dictionary}}
"t.y"() <a> : () -> ()

// -----

// not an op
// expected-error@+1 {{expected operation name in quotes, found '42'}}
42

// -----

// unknown custom op
// expected-error@+1 {{custom op 't.bar' is unknown}}
%0 = t.bar

// -----

// unexpected eof in operands
// expected-error@+1 {{expected SSA operand, found end of file}}
"t.y"(

// -----

// unexpected eof in region
// expected-error@+2 {{expected '}' to end region, found end of file}}
"t.y"() ({
  "t.z"() : () -> ()

// -----

// unbalanced paren closes region
// expected-error@+3 {{expected operation name in quotes, found ')'}}
"t.y"() ({
  "t.z"() : () -> ()
) : () -> ()

// -----

// unbalanced brace
// expected-error@+2 {{expected operation name in quotes, found '}'}}
"t.y"() : () -> ()
}

// -----

// unbalanced paren in type
// expected-error@+1 {{expected ',' or ')' in list, found end of file}}
"t.y"() : () -> (i32

// -----

// unbalanced bracket in array
// expected-error@+1 {{expected ',' or ']' in list, found '}'}}
"t.y"() {a = [1, 2} : () -> ()

// -----

// unbalanced dialect body
// expected-error@+1 {{unbalanced '>' character in pretty dialect name}}
"t.y"() : () -> !t.x<(>

// -----

// unterminated string
// expected-error@+1 {{expected '"' in string literal}}
"t.y"() {a = "abc} : () -> ()

// -----

// unterminated string escaped quote
// expected-error@+1 {{expected '"' in string literal}}
"t.y"() {a = "a\\\"} : () -> ()

// -----

// unknown escape
// expected-error@+1 {{unknown escape in string literal}}
"t.y"() {a = "a\qc"} : () -> ()

// -----

// unterminated string in dialect body
// expected-error@+1 {{expected '"' in string literal}}
"t.y"() : () -> !t.x<"a>

// -----

// undefined block
"t.y"() ({
  // expected-error@below {{reference to an undefined block}}
  "t.br"() [^bb1] : () -> ()
}) : () -> ()

// -----

// undefined block at top level
// expected-error@+1 {{reference to an undefined block}}
"t.br"() [^bb1] : () -> ()

// -----

// redefined block
// expected-error@+4 {{redefinition of block '^bb0'}}
"t.y"() ({
^bb0:
  "t.t"() : () -> ()
^bb0:
  "t.t"() : () -> ()
}) : () -> ()

// -----

// block argument without type
// expected-error@+2 {{expected ':' and type for SSA operand}}
"t.y"() ({
^bb0(%a):
  "t.t"() : () -> ()
}) : () -> ()

// -----

// block argument with result number
// expected-error@+2 {{expected SSA value name for a block argument}}
"t.y"() ({
^bb0(%a#1: i32):
  "t.t"() : () -> ()
}) : () -> ()

// -----

// block label without colon
// expected-error@+1 {{expected ':' after block name}}
"t.y"() ({^bb0}) : () -> ()

// -----

// redefined block argument
// expected-error@+3 {{redefinition of SSA value '%a'}}
// expected-note@+2 {{previously defined here}}
"t.y"() ({
^bb0(%a: i32, %a: i32):
  "t.t"() : () -> ()
}) : () -> ()

// -----

// value from outside isolated region
// expected-error@+4 {{use of undeclared SSA value name}}
// expected-note@+1 {{defined here, outside a region isolated from above}}
%0 = "t.x"() : () -> i32
module {
  "t.use"(%0) : (i32) -> ()
}

// -----

// unknown type
"t.y"() : () -> (i32, f77) // expected-error {{expected non-function type, found 'f77'}}

// -----

// integer too wide
// expected-error@+1 {{integer bitwidth is limited to 16777215 bits}}
"t.y"() : () -> i99999999

// -----

// vector dynamic dim
// expected-error@+1 {{vector types must have positive constant sizes but got ?}}
"t.y"() : () -> vector<?xf32>

// -----

// vector zero dim
// expected-error-re@+1 {{vector types must have positive constant sizes but got {{([0-9]+, )*0}}}}
"t.y"() : () -> vector<2x0xf32>

// -----

// vector unranked
// expected-error@+1 {{vector types must be ranked}}
"t.y"() : () -> vector<*xf32>

// -----

// scalable dim outside vector
// expected-error@+1 {{scalable dimensions are only allowed in vector types}}
"t.y"() : () -> tensor<4x[4]xf32>

// -----

// unranked without x
// expected-error@+1 {{expected 'x' in unranked shape}}
"t.y"() : () -> tensor<*f32>

// -----

// tensor type at eof
// expected-error@+1 {{expected '>' in tensor type}}
"t.y"() : () -> tensor<4xf32

// -----

// strided bad offset
// expected-error@+1 {{expected a 64-bit signed integer or '?'}}
"t.y"() : () -> memref<4xf32, strided<[1], offset: x>>

// -----

// strided offset too large
// expected-error@+1 {{expected a 64-bit signed integer or '?'}}
"t.y"() {a = strided<[1], offset: 99999999999999999999>} : () -> ()

// -----

// strided rank mismatch
// expected-error@+1 {{expected the number of strides to match the rank}}
"t.y"() : () -> memref<4x4xf32, strided<[1]>>

// -----

// affine layout rank mismatch
// expected-error@+1 {{memref layout mismatch between rank and affine map: 1 != 2}}
"t.y"() : () -> memref<4xf32, affine_map<(d0, d1) -> (d0)>>

// -----

// complex of tensor
// expected-error@+1 {{invalid element type for complex}}
"t.y"() : () -> complex<tensor<f32>>

// -----

// undefined type alias
// expected-error@+1 {{undefined symbol alias id 'undefined'}}
"t.y"() : () -> !undefined

// -----

// redefined type alias
// expected-error@+2 {{redefinition of type alias id 'a'}}
!a = i32
!a = i64

// -----

// dialect type without namespace
// expected-error@+1 {{expected dialect namespace after '!'}}
"t.y"() : () -> !<"x">

// -----

// integer out of range
// expected-error@+1 {{integer constant out of range for attribute}}
"t.y"() {a = 300 : i8} : () -> ()

// -----

// negative unsigned
// expected-error@+1 {{negative integer literal not valid for unsigned integer type}}
"t.y"() {a = -1 : ui8} : () -> ()

// -----

// hex float with minus
// expected-error@+1 {{hexadecimal float literal should not have a leading minus}}
"t.y"() {a = -0x7FC00000 : f32} : () -> ()

// -----

// hex float too wide
// expected-error@+1 {{hexadecimal float constant out of range for type}}
"t.y"() {a = 0x7FC000001 : f32} : () -> ()

// -----

// float literal for integer type
// expected-error@+1 {{floating point value not valid for specified type}}
"t.y"() {a = 1.5 : i32} : () -> ()

// -----

// integer literal for tensor type
// expected-error@+1 {{integer literal not valid for specified type}}
"t.y"() {a = 1 : tensor<2xf32>} : () -> ()

// -----

// exponent without dot
// expected-error@+1 {{floating point literal needs a '.' before its exponent (1.0e5)}}
"t.y"() {a = 1e5 : f32} : () -> ()

// -----

// dimension list as number
// expected-error@+1 {{expected attribute value}}
"t.y"() {a = 0x} : () -> ()

// -----

// strided minus one
// expected-error@+1 {{a stride or offset of -1 is not supported: irc stores '?' as -1}}
"t.y"() {a = strided<[-1]>} : () -> ()

// -----

// dense inconsistent nesting
// expected-error@+1 {{tensor literal is invalid; ranks are not consistent between elements}}
"t.y"() {a = dense<[[1, 2], [3]]> : tensor<2x2xi32>} : () -> ()

// -----

// dense scalar and list mixed
// expected-error@+1 {{tensor literal is invalid; ranks are not consistent between elements}}
"t.y"() {a = dense<[1, [2]]> : tensor<2xi32>} : () -> ()

// -----

// dense wrong element count
// expected-error@+1 {{inferred shape of elements literal ([3]) does not match type ([2])}}
"t.y"() {a = dense<[1, 2, 3]> : tensor<2xi32>} : () -> ()

// -----

// dense with non shaped type
// expected-error@+1 {{elements literal must be a ranked tensor or vector type}}
"t.y"() {a = dense<[1, 2]> : i32} : () -> ()

// -----

// dense with dynamic shape
// expected-error@+1 {{elements literal type must have static shape}}
"t.y"() {a = dense<1> : tensor<?xi32>} : () -> ()

// -----

// dense bool for integer
// expected-error@+1 {{expected i1 type for 'true' or 'false' values}}
"t.y"() {a = dense<[true, false]> : tensor<2xi32>} : () -> ()

// -----

// dense float for integer
// expected-error@+1 {{expected integer elements, but parsed floating-point}}
"t.y"() {a = dense<[1.5, 2.0]> : tensor<2xi32>} : () -> ()

// -----

// dense element out of range
// expected-error@+1 {{integer constant out of range for type i8}}
"t.y"() {a = dense<[1, 300]> : tensor<2xi8>} : () -> ()

// -----

// dense hex wrong size
// expected-error@+1 {{elements hex data size is invalid for provided type: got 2 bytes, expected 12}}
"t.y"() {a = dense<"0x0102"> : tensor<3xi32>} : () -> ()

// -----

// dense array of tensor
// expected-error@+1 {{expected integer or float type, got: 'tensor<2xi32>'}}
"t.y"() {a = array<tensor<2xi32>: 1>} : () -> ()

// -----

// undefined attribute alias
// expected-error@+1 {{undefined symbol alias id 'undefined'}}
"t.y"() {a = #undefined} : () -> ()

// -----

// redefined attribute alias
// expected-error@+2 {{redefinition of attribute alias id 'a'}}
#a = 1
#a = 2

// -----

// dialect attribute without namespace
// expected-error@+1 {{expected dialect namespace after '#'}}
"t.y"() {a = #.} : () -> ()

// -----

// duplicate dictionary key
// expected-error@+1 {{duplicate key 'a' in dictionary attribute}}
"t.y"() {a = 1, a = 2} : () -> ()

// -----

// attribute name not identifier
// expected-error@+1 {{expected attribute name, found '1'}}
"t.y"() {1 = 2} : () -> ()

// -----

// nested symbol reference
// expected-error@+1 {{expected nested symbol reference identifier}}
"t.y"() {a = @a::b} : () -> ()

// -----

// affine undeclared identifier
// expected-error@+1 {{use of undeclared identifier 'd1' in affine expression}}
"t.y"() {a = affine_map<(d0) -> (d1)>} : () -> ()

// -----

// semi-affine: a product of two dimensions
// expected-error@+1 {{non-affine expression: at least one of the multiply operands has to be either a constant or symbolic}}
"t.y"() {a = affine_map<(d0, d1) -> (d0 * d1)>} : () -> ()

// -----

// semi-affine: mod by a dimension
// expected-error@+1 {{non-affine expression: right operand of mod has to be either a constant or symbolic}}
"t.y"() {a = affine_map<(d0, d1) -> (d0 mod d1)>} : () -> ()

// -----

// affine redefined identifier
// expected-error@+1 {{redefinition of identifier 'd0'}}
"t.y"() {a = affine_map<(d0)[d0] -> (d0)>} : () -> ()

// -----

// file metadata
// expected-error@+1 {{file metadata dictionaries ({-# ... #-}) are not supported}}
{-# dialect_resources: {} #-}

// -----

// bad location
// expected-error@+1 {{expected location instance, found 'bogus'}}
"t.y"() : () -> () loc(bogus)

// -----

// location line not a number
// expected-error@+1 {{expected integer line number in location}}
"t.y"() : () -> () loc("a.mlir":x)

// -----

// location negative column
// expected-error@+1 {{expected integer column in location}}
"t.y"() : () -> () loc("a.mlir":1:-1)

// -----

// callsite without at
// expected-error@+1 {{expected 'at' in callsite location}}
"t.y"() : () -> () loc(callsite("a" "b"))

// -----

// undefined location alias
// expected-error@+1 {{operation location alias was never defined}}
"t.y"() : () -> () loc(#nowhere)

// -----

// location alias is an attribute
// expected-error@+2 {{expected location, but found '1 : i64'}}
#a = 1
"t.y"() : () -> () loc(#a)
