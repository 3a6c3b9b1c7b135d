"""irc and MLIR agree on the builtin dialect's test files (see tests/dialects/agreement.py).

roundtrip.mlir holds builtin.module in all its forms and builtin.unrealized_conversion_cast;
top_module.mlir is a file that is one module; invalid.mlir one case per verifier rule, with
MLIR's message. KNOWN_DISAGREEMENTS: where irc still differs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dialects import agreement

HERE = Path(__file__).parent


class TestBuiltinAgreesWithMlir(agreement.RoundtripAgreement):
    directory = HERE


# -- known disagreements ----------------------------------------------------------------------

F = "func.func @f"

KNOWN_DISAGREEMENTS = {
    "symbol-redefinition": (
        "MLIR's 'redefinition of symbol named ...' is a plain error; irc's verifier gives it "
        "the op prefix ('builtin.module' op ...)",
        "errors",
        "module @a {\n}\nmodule @a {\n}",
    ),
    "symbol-outside-symbol-table": (
        "a symbol in an op that is not a symbol table: MLIR says \"'builtin.module' op "
        "symbol's parent must have the SymbolTable trait\"; irc accepts it",
        "errors",
        f"{F}() {{\n  builtin.module @m {{\n  }}\n  return\n}}",
    ),
    "empty-body-region": (
        "a module whose region has no block: MLIR says \"region #0 ('bodyRegion') failed "
        'to verify constraint: region with 1 blocks"; irc adds the block',
        "errors",
        '"builtin.module"() ({\n}) : () -> ()',
    ),
    "bare-module-in-function": (
        "`module` without its prefix in a function: MLIR looks in the function's default "
        "dialect only (\"custom op 'module' is unknown (tried 'func.module' as well)\"); "
        "irc's parser also tries builtin",
        "errors",
        f"{F}() {{\n  module {{\n  }}\n  return\n}}",
    ),
    "value-from-above": (
        "a module uses a value from outside: MLIR says \"'test.use' op using value defined "
        "outside the region\"; irc says 'use of undeclared SSA value name'",
        "errors",
        '%0 = "test.value"() : () -> i32\n"builtin.module"() ({\n'
        '  "test.use"(%0) : (i32) -> ()\n}) : () -> ()',
    ),
    "cast-expected-keyword": (
        'assembly-format parse errors: MLIR says "custom op '
        "'builtin.unrealized_conversion_cast' expected 'to'\"; irc leaves out the prefix",
        "errors",
        f"{F}(%a: i32) {{\n  %0 = builtin.unrealized_conversion_cast %a : i32 f32\n  return\n}}",
    ),
    "cast-operand-type-count": (
        "more operands than types: MLIR says \"custom op '...' number of operands and "
        'types do not match: got 2 operands and 1 types"; irc words it otherwise, on the '
        "next line",
        "errors",
        f"{F}(%a: i32) {{\n  %0 = builtin.unrealized_conversion_cast %a, %a : i32 to f32\n"
        f"  return\n}}",
    ),
    "cast-missing-result-type": (
        "no type after `to` at the end of a line: MLIR blames that line ('expected "
        "non-function type'); irc the next token's, and adds \", found 'return'\"",
        "errors",
        f"{F}(%a: i32) {{\n  builtin.unrealized_conversion_cast %a : i32 to\n  return\n}}",
    ),
    "prop-dict-value-kind": (
        "`<sym_visibility = 1>`: MLIR's parser reads a string there ('integer literal not "
        "valid for specified type'); irc's verifier reports invalid properties",
        "errors",
        "module @p <sym_visibility = 1> {\n}",
    ),
}


@agreement.needs_iree_opt
@pytest.mark.parametrize("name", agreement.known_disagreements(KNOWN_DISAGREEMENTS))
def test_known_disagreement(name: str, tmp_path: Path):
    _, kind, source = KNOWN_DISAGREEMENTS[name]
    agreement.check_known_disagreement(kind, source, tmp_path)
