"""Malformed input: each kind gives exactly one located diagnostic with an exact message.

One row per fault: the input, the 1-based line and column of the error, its exact message,
and the notes it carries as (line, column, message). Messages follow MLIR's wording where
MLIR reports the same fault (checked against iree-opt 3.13); the `irc:` comments mark
messages that are irc's own because MLIR accepts the input, words it worse, or lacks it.
Columns are those of the token at fault (MLIR sometimes points just past it).

Parse errors come from `irc.parse`; structural faults from `irc.verify` after a clean parse.
Faults the parser cannot express (isolation, a successor in another region) are built
through the Python API at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

import irc
from irc.ir.diagnostics import Diagnostic
from irc.ir.location import FileLineColLoc
from irc.tools.irc_opt import run

FILENAME = "bad.mlir"


@dataclass
class Case:
    id: str
    text: str
    line: int
    col: int | None  # None: the column is not meaningful (checked to be on the line only)
    message: str
    notes: list[tuple[int, int, str]] = field(default_factory=list)
    hint: str | None = None
    allow_unregistered: bool = True


def case(id, text, line, col, message, notes=(), hint=None, allow_unregistered=True) -> Case:
    return Case(id, text, line, col, message, list(notes), hint, allow_unregistered)


PARSE_CASES = [
    # -- SSA values ------------------------------------------------------------------------
    case(
        "undefined-value",
        '"t.y"(%1) : (i32) -> ()',
        1,
        7,
        "use of undeclared SSA value name",
    ),
    case(
        "redefined-value",
        '%0 = "t.x"() : () -> i32\n%0 = "t.x"() : () -> i32',
        2,
        1,
        "redefinition of SSA value '%0'",
        notes=[(1, 1, "previously defined here")],
    ),
    case(
        "type-mismatch-between-forward-uses",
        '"t.y"(%1) : (i32) -> ()\n"t.y"(%1) : (i64) -> ()\n%1 = "t.x"() : () -> i32',
        2,
        7,
        "use of value '%1' expects different type than prior uses: 'i64' vs 'i32'",
        notes=[(1, 7, "prior use here")],
    ),
    case(
        "type-mismatch-with-definition",
        '%0 = "t.x"() : () -> i32\n"t.y"(%0) : (f32) -> ()',
        2,
        7,
        "use of value '%0' expects different type than prior uses: 'f32' vs 'i32'",
        notes=[(1, 1, "prior use here")],
    ),
    case(
        "definition-type-differs-from-forward-use",
        '"t.y"(%0) : (i64) -> ()\n%0 = "t.x"() : () -> i32',
        2,
        1,
        "definition of SSA value '%0#0' has type 'i32'",
        notes=[(1, 7, "previously used here with type 'i64'")],
    ),
    case(
        "too-many-result-names",
        '%0, %1 = "t.x"() : () -> i32',
        1,
        1,
        "operation defines 1 results but was provided 2 to bind",
    ),
    case(
        "too-few-result-names",
        '%0 = "t.x"() : () -> (i32, i32)',
        1,
        1,
        "operation defines 2 results but was provided 1 to bind",
    ),
    case(
        "invalid-result-number",
        '%0:2 = "t.x"() : () -> (i32, i32)\n"t.y"(%0#5) : (i32) -> ()',
        2,
        7,
        "reference to invalid result number",
    ),
    case(
        "invalid-result-number-forward",
        '"t.y"(%0#2) : (i32) -> ()\n%0:2 = "t.x"() : () -> (i32, i32)',
        1,
        7,
        "reference to invalid result number",
    ),
    case(
        "zero-result-group",
        '%0:0 = "t.x"() : () -> ()',
        1,
        4,
        "expected named operation to have at least 1 result",
    ),
    case(
        "result-name-with-number",
        '%0#1 = "t.x"() : () -> (i32, i32)',
        1,
        1,
        "expected SSA value name without a result number",
    ),
    case(
        "result-names-without-comma",
        '%0 %1 = "t.x"() : () -> (i32, i32)',
        1,
        4,
        "expected ',' or '=' after result names",
    ),
    # -- the generic op form -----------------------------------------------------------------
    case(
        "missing-colon-before-op-type",
        '"t.y"() -> ()',
        1,
        9,
        "expected ':' followed by operation type",
    ),
    case(
        # The next line is fine: the error is put at the end of the line that lacks the ':'.
        "missing-op-type-at-line-end",
        '"t.y"()\n"t.z"() : () -> ()',
        1,
        8,
        "expected ':' followed by operation type",
    ),
    case(
        "missing-arrow-at-line-end",
        '"t.y"() : ()\n"t.z"() : () -> ()',
        1,
        13,
        "expected '->' in function type",
    ),
    case(
        "non-function-op-type",
        '"t.y"() : i32',
        1,
        11,
        "expected function type",
    ),
    case(
        "operand-count-vs-type-count",
        '%0 = "t.x"() : () -> i32\n"t.y"(%0) : (i32, i32) -> ()',
        2,
        13,
        "expected 1 operand type but had 2",
    ),
    case(
        "empty-op-name",
        '"" () : () -> ()',
        1,
        1,
        "empty operation name is invalid",
    ),
    case(
        "operand-not-a-value",
        '"t.y"(1) : (i32) -> ()',
        1,
        7,
        "expected SSA operand, found '1'",
    ),
    case(
        "empty-region-list",
        '"t.y"() () : () -> ()',
        1,
        10,
        "expected '{' to begin a region",
    ),
    case(
        "unclosed-region-list",
        '"t.y"() ({} : () -> ()',
        1,
        13,
        "expected ')' to end region list",
    ),
    case(
        "properties-not-a-dictionary",
        '"t.y"() <a> : () -> ()',
        1,
        10,
        "expected '{' to start the properties dictionary",
    ),
    case(
        "not-an-op",
        "42",
        1,
        1,
        "expected operation name in quotes, found '42'",
    ),
    case(
        "unknown-custom-op",
        "%0 = t.bar",
        1,
        6,
        "custom op 't.bar' is unknown",
    ),
    # -- unbalanced text and end of file -----------------------------------------------------
    case(
        "unexpected-eof-in-operands",
        '"t.y"(',
        1,
        7,
        "expected SSA operand, found end of file",
    ),
    case(
        "unexpected-eof-in-region",
        '"t.y"() ({\n  "t.z"() : () -> ()\n\n',
        2,
        21,
        "expected '}' to end region, found end of file",
    ),
    case(
        "unbalanced-paren-closes-region",
        '"t.y"() ({\n  "t.z"() : () -> ()\n) : () -> ()',
        3,
        1,
        "expected operation name in quotes, found ')'",
    ),
    case(
        "unbalanced-brace",
        '"t.y"() : () -> ()\n}',
        2,
        1,
        "expected operation name in quotes, found '}'",
    ),
    case(
        "unbalanced-paren-in-type",
        '"t.y"() : () -> (i32',
        1,
        21,
        "expected ',' or ')' in list, found end of file",
    ),
    case(
        "unbalanced-bracket-in-array",
        '"t.y"() {a = [1, 2} : () -> ()',
        1,
        19,
        "expected ',' or ']' in list, found '}'",
    ),
    case(
        "unbalanced-dialect-body",
        '"t.y"() : () -> !t.x<(>',
        1,
        23,
        "unbalanced '>' character in pretty dialect name",
    ),
    case(
        "nested-too-deeply",
        '"t.y"() {a = ' + "[" * 5000 + "]" * 5000 + "} : () -> ()",
        1,
        None,
        "input is nested too deeply",
    ),
    # -- strings -----------------------------------------------------------------------------
    case(
        "unterminated-string",
        '"t.y"() {a = "abc} : () -> ()',
        1,
        14,
        "expected '\"' in string literal",
    ),
    case(
        "unterminated-string-escaped-quote",
        '"t.y"() {a = "a\\\\\\"} : () -> ()',
        1,
        14,
        "expected '\"' in string literal",
    ),
    case(
        "unknown-escape",
        '"t.y"() {a = "a\\qc"} : () -> ()',
        1,
        14,
        "unknown escape in string literal",
    ),
    case(
        "unterminated-string-in-dialect-body",
        '"t.y"() : () -> !t.x<"a>',
        1,
        22,
        "expected '\"' in string literal",
    ),
    # -- blocks ------------------------------------------------------------------------------
    case(
        "undefined-block",
        '"t.y"() ({\n  "t.br"() [^bb1] : () -> ()\n}) : () -> ()',
        2,
        13,
        "reference to an undefined block",
    ),
    case(
        "undefined-block-at-top-level",
        '"t.br"() [^bb1] : () -> ()',
        1,
        11,
        "reference to an undefined block",
    ),
    case(
        "redefined-block",
        '"t.y"() ({\n^bb0:\n  "t.t"() : () -> ()\n^bb0:\n  "t.t"() : () -> ()\n}) : () -> ()',
        4,
        1,
        "redefinition of block '^bb0'",
    ),
    case(
        "block-argument-without-type",
        '"t.y"() ({\n^bb0(%a):\n  "t.t"() : () -> ()\n}) : () -> ()',
        2,
        8,
        "expected ':' and type for SSA operand",
    ),
    case(
        "block-argument-with-result-number",
        '"t.y"() ({\n^bb0(%a#1: i32):\n  "t.t"() : () -> ()\n}) : () -> ()',
        2,
        6,
        "expected SSA value name for a block argument",
    ),
    case(
        "block-label-without-colon",
        '"t.y"() ({^bb0}) : () -> ()',
        1,
        15,
        "expected ':' after block name",
    ),
    case(
        "redefined-block-argument",
        '"t.y"() ({\n^bb0(%a: i32, %a: i32):\n  "t.t"() : () -> ()\n}) : () -> ()',
        2,
        15,
        "redefinition of SSA value '%a'",
        notes=[(2, 6, "previously defined here")],
    ),
    case(
        "value-from-outside-isolated-region",
        '%0 = "t.x"() : () -> i32\nmodule {\n  "t.use"(%0) : (i32) -> ()\n}',
        3,
        11,
        "use of undeclared SSA value name",
        notes=[(1, 1, "defined here, outside a region isolated from above")],
    ),
    # -- types -------------------------------------------------------------------------------
    case(
        "unknown-type",
        '"t.y"() : () -> (i32, f77)',
        1,
        23,
        "expected non-function type, found 'f77'",
    ),
    case(
        "integer-too-wide",
        '"t.y"() : () -> i99999999',
        1,
        17,
        "integer bitwidth is limited to 16777215 bits",
    ),
    case(
        "vector-dynamic-dim",
        '"t.y"() : () -> vector<?xf32>',
        1,
        17,
        "vector types must have positive constant sizes but got ?",
    ),
    case(
        "vector-zero-dim",
        '"t.y"() : () -> vector<2x0xf32>',
        1,
        17,
        "vector types must have positive constant sizes but got 2, 0",
    ),
    case(
        "vector-unranked",
        '"t.y"() : () -> vector<*xf32>',
        1,
        17,
        "vector types must be ranked",
    ),
    case(
        "scalable-dim-outside-vector",
        '"t.y"() : () -> tensor<4x[4]xf32>',
        1,
        24,
        "scalable dimensions are only allowed in vector types",
    ),
    case(
        "unranked-without-x",
        '"t.y"() : () -> tensor<*f32>',
        1,
        25,
        "expected 'x' in unranked shape",
    ),
    case(
        "tensor-type-at-eof",
        '"t.y"() : () -> tensor<4xf32\n',
        1,
        29,
        "expected '>' in tensor type",
    ),
    case(
        "strided-bad-offset",
        '"t.y"() : () -> memref<4xf32, strided<[1], offset: x>>',
        1,
        52,
        "expected a 64-bit signed integer or '?'",
    ),
    case(
        "strided-offset-too-large",
        '"t.y"() {a = strided<[1], offset: 99999999999999999999>} : () -> ()',
        1,
        35,
        "expected a 64-bit signed integer or '?'",
    ),
    case(
        "strided-rank-mismatch",
        '"t.y"() : () -> memref<4x4xf32, strided<[1]>>',
        1,
        17,
        "expected the number of strides to match the rank",
    ),
    case(
        "affine-layout-rank-mismatch",
        '"t.y"() : () -> memref<4xf32, affine_map<(d0, d1) -> (d0)>>',
        1,
        17,
        "memref layout mismatch between rank and affine map: 1 != 2",
    ),
    case(
        "complex-of-tensor",
        '"t.y"() : () -> complex<tensor<f32>>',
        1,
        25,
        "invalid element type for complex",
    ),
    case(
        "undefined-type-alias",
        '"t.y"() : () -> !undefined',
        1,
        17,
        "undefined symbol alias id 'undefined'",
    ),
    case(
        "redefined-type-alias",
        "!a = i32\n!a = i64",
        2,
        1,
        "redefinition of type alias id 'a'",
    ),
    case(
        "dialect-type-without-namespace",
        '"t.y"() : () -> !<"x">',
        1,
        17,
        "expected dialect namespace after '!'",
    ),
    # -- numbers -----------------------------------------------------------------------------
    case(
        "integer-out-of-range",
        '"t.y"() {a = 300 : i8} : () -> ()',
        1,
        14,
        "integer constant out of range for attribute",
    ),
    case(
        "negative-unsigned",
        '"t.y"() {a = -1 : ui8} : () -> ()',
        1,
        14,
        "negative integer literal not valid for unsigned integer type",
    ),
    case(
        "hex-float-with-minus",
        '"t.y"() {a = -0x7FC00000 : f32} : () -> ()',
        1,
        14,
        "hexadecimal float literal should not have a leading minus",
    ),
    case(
        "hex-float-too-wide",
        '"t.y"() {a = 0x7FC000001 : f32} : () -> ()',
        1,
        14,
        "hexadecimal float constant out of range for type",
    ),
    case(
        "float-literal-for-integer-type",
        '"t.y"() {a = 1.5 : i32} : () -> ()',
        1,
        14,
        "floating point value not valid for specified type",
    ),
    case(
        "integer-literal-for-tensor-type",
        '"t.y"() {a = 1 : tensor<2xf32>} : () -> ()',
        1,
        14,
        "integer literal not valid for specified type",
    ),
    case(
        # irc: MLIR lexes `1e5` as `1` and `e5` and reports the stray identifier.
        "exponent-without-dot",
        '"t.y"() {a = 1e5 : f32} : () -> ()',
        1,
        14,
        "floating point literal needs a '.' before its exponent (1.0e5)",
    ),
    case(
        "dimension-list-as-number",
        '"t.y"() {a = 0x} : () -> ()',
        1,
        14,
        "expected attribute value",
    ),
    case(
        # irc: MLIR accepts -1 strides; irc stores '?' as -1 and refuses rather than misread.
        "strided-minus-one",
        '"t.y"() {a = strided<[-1]>} : () -> ()',
        1,
        23,
        "a stride or offset of -1 is not supported: irc stores '?' as -1",
    ),
    # -- dense and array literals ------------------------------------------------------------
    case(
        "dense-inconsistent-nesting",
        '"t.y"() {a = dense<[[1, 2], [3]]> : tensor<2x2xi32>} : () -> ()',
        1,
        29,
        "tensor literal is invalid; ranks are not consistent between elements",
    ),
    case(
        "dense-scalar-and-list-mixed",
        '"t.y"() {a = dense<[1, [2]]> : tensor<2xi32>} : () -> ()',
        1,
        24,
        "tensor literal is invalid; ranks are not consistent between elements",
    ),
    case(
        "dense-wrong-element-count",
        '"t.y"() {a = dense<[1, 2, 3]> : tensor<2xi32>} : () -> ()',
        1,
        20,
        "inferred shape of elements literal ([3]) does not match type ([2])",
    ),
    case(
        # irc: MLIR says "must be a shaped type" (irc keeps no dense memrefs).
        "dense-with-non-shaped-type",
        '"t.y"() {a = dense<[1, 2]> : i32} : () -> ()',
        1,
        30,
        "elements literal must be a ranked tensor or vector type",
    ),
    case(
        "dense-with-dynamic-shape",
        '"t.y"() {a = dense<1> : tensor<?xi32>} : () -> ()',
        1,
        25,
        "elements literal type must have static shape",
    ),
    case(
        "dense-bool-for-integer",
        '"t.y"() {a = dense<[true, false]> : tensor<2xi32>} : () -> ()',
        1,
        21,
        "expected i1 type for 'true' or 'false' values",
    ),
    case(
        "dense-float-for-integer",
        '"t.y"() {a = dense<[1.5, 2.0]> : tensor<2xi32>} : () -> ()',
        1,
        21,
        "expected integer elements, but parsed floating-point",
    ),
    case(
        "dense-element-out-of-range",
        '"t.y"() {a = dense<[1, 300]> : tensor<2xi8>} : () -> ()',
        1,
        24,
        "integer constant out of range for type i8",
    ),
    case(
        "dense-hex-wrong-size",
        '"t.y"() {a = dense<"0x0102"> : tensor<3xi32>} : () -> ()',
        1,
        20,
        "elements hex data size is invalid for provided type: got 2 bytes, expected 12",
    ),
    case(
        "dense-array-of-tensor",
        '"t.y"() {a = array<tensor<2xi32>: 1>} : () -> ()',
        1,
        20,
        "expected integer or float type, got: 'tensor<2xi32>'",
    ),
    # -- attributes, aliases, affine maps ----------------------------------------------------
    case(
        "undefined-attribute-alias",
        '"t.y"() {a = #undefined} : () -> ()',
        1,
        14,
        "undefined symbol alias id 'undefined'",
    ),
    case(
        "redefined-attribute-alias",
        "#a = 1\n#a = 2",
        2,
        1,
        "redefinition of attribute alias id 'a'",
    ),
    case(
        "dialect-attribute-without-namespace",
        '"t.y"() {a = #.} : () -> ()',
        1,
        14,
        "expected dialect namespace after '#'",
    ),
    case(
        "duplicate-dictionary-key",
        '"t.y"() {a = 1, a = 2} : () -> ()',
        1,
        17,
        "duplicate key 'a' in dictionary attribute",
    ),
    case(
        "attribute-name-not-identifier",
        '"t.y"() {1 = 2} : () -> ()',
        1,
        10,
        "expected attribute name, found '1'",
    ),
    case(
        "nested-symbol-reference",
        '"t.y"() {a = @a::b} : () -> ()',
        1,
        18,
        "expected nested symbol reference identifier",
    ),
    case(
        "affine-undeclared-identifier",
        '"t.y"() {a = affine_map<(d0) -> (d1)>} : () -> ()',
        1,
        34,
        "use of undeclared identifier 'd1' in affine expression",
    ),
    case(
        "affine-redefined-identifier",
        '"t.y"() {a = affine_map<(d0)[d0] -> (d0)>} : () -> ()',
        1,
        30,
        "redefinition of identifier 'd0'",
    ),
    case(
        "file-metadata",
        "{-# dialect_resources: {} #-}",
        1,
        1,
        "file metadata dictionaries ({-# ... #-}) are not supported",
    ),
    # -- locations ---------------------------------------------------------------------------
    case(
        "bad-location",
        '"t.y"() : () -> () loc(bogus)',
        1,
        24,
        "expected location instance, found 'bogus'",
    ),
    case(
        "location-line-not-a-number",
        '"t.y"() : () -> () loc("a.mlir":x)',
        1,
        33,
        "expected integer line number in location",
    ),
    case(
        "location-negative-column",
        '"t.y"() : () -> () loc("a.mlir":1:-1)',
        1,
        35,
        "expected integer column in location",
    ),
    case(
        "callsite-without-at",
        '"t.y"() : () -> () loc(callsite("a" "b"))',
        1,
        37,
        "expected 'at' in callsite location",
    ),
    case(
        "undefined-location-alias",
        '"t.y"() : () -> () loc(#nowhere)',
        1,
        24,
        "operation location alias was never defined",
    ),
    case(
        "location-alias-is-an-attribute",
        '#a = 1\n"t.y"() : () -> () loc(#a)',
        2,
        24,
        "expected location, but found '1 : i64'",
    ),
    # -- dialects ----------------------------------------------------------------------------
    case(
        "unregistered-dialect-without-flag",
        '"foo.y"() : () -> ()',
        1,
        1,
        "operation being parsed with an unregistered dialect 'foo'",
        hint="use --allow-unregistered-dialect (or allow_unregistered=True) to keep ops of "
        "dialects irc does not know",
        allow_unregistered=False,
    ),
    case(
        "unknown-op-of-known-dialect",
        '"builtin.foo"() : () -> ()',
        1,
        1,
        "'builtin.foo' op is not known in dialect 'builtin'",
        hint="known ops: ",
        allow_unregistered=False,
    ),
]


VERIFY_CASES = [
    case(
        "dominance-same-region",
        """"t.y"() ({
^bb0:
  "t.cond_br"() [^bb1, ^bb2] : () -> ()
^bb1:
  %0 = "t.x"() : () -> i32
  "t.br"() [^bb3] : () -> ()
^bb2:
  "t.br"() [^bb3] : () -> ()
^bb3:
  "t.use"(%0) : (i32) -> ()
}) : () -> ()""",
        10,
        3,
        "'t.use' op operand #0 does not dominate this use",
        notes=[(5, 8, "operand defined here (op in the same region)")],
    ),
    case(
        "dominance-same-block",
        """"t.y"() ({
  "t.use"(%0) : (i32) -> ()
  %0 = "t.x"() : () -> i32
}) : () -> ()""",
        2,
        3,
        "'t.use' op operand #0 does not dominate this use",
        notes=[(3, 8, "operand defined here (op in the same block)")],
    ),
    case(
        "dominance-block-argument",
        """"t.y"() ({
^bb0:
  "t.cond_br"() [^bb1, ^bb2] : () -> ()
^bb1(%a: i32):
  "t.br"() [^bb3] : () -> ()
^bb2:
  "t.br"() [^bb3] : () -> ()
^bb3:
  "t.use"(%a) : (i32) -> ()
}) : () -> ()""",
        9,
        3,
        "'t.use' op operand #0 does not dominate this use",
        notes=[(1, 1, "operand defined as a block argument (block #1 in the same region)")],
    ),
    case(
        "dominance-from-parent-region",
        """"t.y"() ({
  "t.z"() ({
    "t.use"(%0) : (i32) -> ()
  }) : () -> ()
  %0 = "t.x"() : () -> i32
}) : () -> ()""",
        3,
        5,
        "'t.use' op operand #0 does not dominate this use",
        notes=[(5, 8, "operand defined here (op in a parent region)")],
    ),
    case(
        "terminator-not-last",
        'func.func @f() {\n  func.return\n  "t.x"() : () -> ()\n}',
        2,
        3,
        "'func.return' op must be the last operation in the parent block",
    ),
    case(
        "successor-op-not-last",
        '"t.y"() ({\n^bb0:\n  "t.br"() [^bb1] : () -> ()\n  "t.x"() : () -> ()\n'
        '^bb1:\n  "t.t"() : () -> ()\n}) : () -> ()',
        3,
        3,
        "'t.br' op operation with block successors must terminate its parent block",
    ),
    case(
        "entry-block-with-predecessor",
        '"t.y"() ({\n^bb0:\n  "t.br"() [^bb0] : () -> ()\n}) : () -> ()',
        1,
        1,
        "entry block of region may not have predecessors",
    ),
    case(
        "symbol-redefinition",
        "module {\n  module @x {}\n  module @x {}\n}",
        3,
        3,
        "'builtin.module' op redefinition of symbol named 'x'",
        notes=[(2, 3, "see existing symbol definition here")],
    ),
    case(
        "single-block-region",
        '"builtin.module"() ({\n^bb0:\n  "t.t"() : () -> ()\n^bb1:\n  "t.t"() : () -> ()\n'
        "}) : () -> ()",
        1,
        1,
        "'builtin.module' op expects region #0 to have 0 or 1 blocks",
    ),
    case(
        "region-count",
        '"builtin.module"() ({}, {}) : () -> ()',
        1,
        1,
        "'builtin.module' op requires one region",
    ),
    case(
        "wrong-parent",
        '"func.return"() : () -> ()',
        1,
        1,
        "'func.return' op expects parent op 'func.func'",
    ),
    case(
        "empty-block-needs-terminator",
        "func.func @f() {\n^bb0:\n}",
        1,
        1,
        "'func.func' op empty block: expect at least a terminator",
    ),
]


def check_one(diagnostics: list[Diagnostic], c: Case, source: str) -> None:
    assert len(diagnostics) == 1, "\n".join(d.render() for d in diagnostics)
    diag = diagnostics[0]
    assert diag.severity == "error"
    assert diag.message == c.message
    loc = diag.location
    assert isinstance(loc, FileLineColLoc) and loc.filename == FILENAME
    assert loc.line == c.line, diag.render()
    if c.col is not None:
        assert loc.col == c.col, diag.render()
    else:
        assert 1 <= loc.col <= len(source.split("\n")[c.line - 1]) + 1
    found = [(n.location.line, n.location.col, n.message) for n in diag.notes]
    assert found == c.notes
    if c.hint is None:
        assert diag.hint is None
    else:
        assert diag.hint is not None and diag.hint.startswith(c.hint)


@pytest.mark.parametrize("c", PARSE_CASES, ids=[c.id for c in PARSE_CASES])
def test_parse_error(c: Case):
    with pytest.raises(irc.IRError) as info:
        irc.parse(c.text, FILENAME, allow_unregistered=c.allow_unregistered)
    check_one(info.value.diagnostics, c, c.text)
    # The rendered text names the position and quotes the line with a caret.
    assert f"{FILENAME}:{c.line}:" in str(info.value)


@pytest.mark.parametrize("c", VERIFY_CASES, ids=[c.id for c in VERIFY_CASES])
def test_verifier_error(c: Case):
    module = irc.parse(c.text, FILENAME, allow_unregistered=True)
    with pytest.raises(irc.IRError) as info:
        irc.verify(module)
    check_one(info.value.diagnostics, c, c.text)


def test_enough_kinds_of_fault():
    assert len(PARSE_CASES) + len(VERIFY_CASES) >= 30
    assert len({c.id for c in PARSE_CASES + VERIFY_CASES}) == len(PARSE_CASES + VERIFY_CASES)


# -- faults the parser cannot produce: built through the Python API --------------------------


def find(module, name: str):
    return next(op for op in module.walk() if op.name == name)


def test_use_across_isolation_barrier():
    module = irc.parse(
        '%0 = "t.outer"() : () -> i32\n'
        "func.func @f() {\n"
        '  %1 = "t.inner"() : () -> i32\n'
        '  "t.use"(%1) : (i32) -> ()\n'
        "  func.return\n"
        "}",
        FILENAME,
        allow_unregistered=True,
    )
    find(module, "t.use").set_operand(0, find(module, "t.outer").results[0])
    with pytest.raises(irc.IRError) as info:
        irc.verify(module)
    c = Case(
        "isolation",
        "",
        4,
        3,
        "'t.use' op using value defined outside the region",
        [(2, 1, "required by region isolation constraints")],
    )
    check_one(info.value.diagnostics, c, "")


def test_successor_in_another_region():
    module = irc.parse(
        '"t.y"() ({\n'
        "^bb0:\n"
        '  "t.region"() ({\n'
        '    "t.br"() [^bb1] : () -> ()\n'
        "  ^bb1:\n"
        '    "t.t"() : () -> ()\n'
        "  }) : () -> ()\n"
        '  "t.t"() : () -> ()\n'
        "}) : () -> ()",
        FILENAME,
        allow_unregistered=True,
    )
    branch = find(module, "t.br")
    branch.successors[0] = find(module, "t.y").regions[0].blocks[0]
    with pytest.raises(irc.IRError) as info:
        irc.verify(module)
    c = Case("other-region", "", 4, 5, "'t.br' op reference to block defined in another region")
    check_one(info.value.diagnostics, c, "")


def test_every_verifier_fault_is_reported():
    """The verifier collects: two faults in one module give two diagnostics."""
    module = irc.parse(
        'func.func @f() {\n  func.return\n  "t.x"() : () -> ()\n}\n'
        "func.func @f() {\n  func.return\n}",
        FILENAME,
        allow_unregistered=True,
    )
    with pytest.raises(irc.IRError) as info:
        irc.verify(module)
    assert sorted((d.location.line, d.message) for d in info.value.diagnostics) == [
        (2, "'func.return' op must be the last operation in the parent block"),
        (5, "'func.func' op redefinition of symbol named 'f'"),
    ]


# -- the command line ------------------------------------------------------------------------


def test_irc_opt_reports_the_error_with_source_caret_and_hint():
    code, out, err = run(["-"], '"foo.y"() : () -> ()\n')
    assert (code, out) == (1, "")
    assert err == (
        "<stdin>:1:1: error: operation being parsed with an unregistered dialect 'foo'\n"
        '"foo.y"() : () -> ()\n'
        "^\n"
        "<stdin>:1:1: note: use --allow-unregistered-dialect (or allow_unregistered=True) "
        "to keep ops of dialects irc does not know\n"
    )


def test_irc_opt_files_that_cannot_be_opened(tmp_path):
    missing = tmp_path / "missing.mlir"
    code, _, err = run([str(missing)])
    assert code == 1
    assert (
        err == f"irc-opt: error: could not open input file '{missing}': No such file or directory\n"
    )
    source = tmp_path / "ok.mlir"
    source.write_text('"t.x"() : () -> ()\n')
    target = tmp_path / "no" / "such" / "dir.mlir"
    code, _, err = run([str(source), "--allow-unregistered-dialect", "-o", str(target)])
    assert code == 1
    assert (
        err == f"irc-opt: error: could not open output file '{target}': No such file or directory\n"
    )


def test_irc_opt_keeps_bytes_that_are_not_utf8(tmp_path):
    source = tmp_path / "bytes.mlir"
    source.write_bytes(b'"t.y"() : () -> !t.x<a\xffb>\n\xfe\n')
    code, _, err = run([str(source), "--allow-unregistered-dialect"])
    assert code == 1 and err.startswith(f"{source}:2:1: error: expected operation name in quotes")
    source.write_bytes(b'"t.y"() : () -> !t.x<a\xffb>\n')
    target = tmp_path / "out.mlir"
    assert run([str(source), "--allow-unregistered-dialect", "-o", str(target)])[0] == 0
    assert b"!t.x<a\xffb>" in target.read_bytes()
