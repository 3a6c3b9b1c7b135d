"""irc and MLIR agree on the arith dialect's test files (see tests/dialects/agreement.py).

roundtrip.mlir holds every arith op; invalid.mlir one case per verifier rule, each with
MLIR's message; KNOWN_DISAGREEMENTS where irc still differs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from irc.dialects import arith
from tests.dialects import agreement

HERE = Path(__file__).parent


class TestArithAgreesWithMlir(agreement.RoundtripAgreement):
    directory = HERE


def test_roundtrip_file_has_every_op():
    text = (HERE / "roundtrip.mlir").read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    missing = [name for name in arith.OPS if not re.search(rf"\b{re.escape(name)}\b", code)]
    assert not missing, f"ops missing from roundtrip.mlir: {missing}"


# -- known disagreements ----------------------------------------------------------------------

F = "func.func @f"

# name -> (why, kind, source). kind "print": irc-opt prints the source, custom and generic,
# as iree-opt does. kind "errors": irc-opt reports the errors iree-opt reports (line and
# message of each, in order).
KNOWN_DISAGREEMENTS = {
    "exact-flag": (
        "MLIR's divsi, divui, shrsi and shrui take an `exact` keyword (isExact); irc's do not",
        "print",
        f"{F}(%a: i32) {{\n  %0 = arith.divsi %a, %a exact : i32\n"
        f"  %1 = arith.shrui %a, %a exact : i32\n  return\n}}",
    ),
    "nneg-flag": (
        "MLIR's extui, uitofp and index_castui take an `nneg` keyword (nonNeg); irc's do not",
        "print",
        f"{F}(%a: i32) {{\n  %0 = arith.extui %a nneg : i32 to i64\n"
        f"  %1 = arith.uitofp %a nneg : i32 to f32\n  return\n}}",
    ),
    "index-cast-needs-index": (
        "MLIR's index_cast and index_castui need index on exactly one side; irc accepts "
        "integer to integer and index to index",
        "errors",
        f"{F}(%a: i32, %i: index) {{\n  %0 = arith.index_cast %a : i32 to i64\n  return\n}}",
    ),
    "index-cast-operand-description": (
        "MLIR's index_cast takes memrefs of integers too ('signless-non-zero-bitwidth-"
        "integer-like or memref of signless-integer'); irc's does not",
        "errors",
        f'{F}(%a: f32) {{\n  %0 = "arith.index_cast"(%a) : (f32) -> index\n  return\n}}',
    ),
    "bitcast-index": (
        "MLIR's bitcast rejects index (and takes memrefs); irc's takes index",
        "errors",
        f"{F}(%a: i64) {{\n  %0 = arith.bitcast %a : i64 to index\n  return\n}}",
    ),
    "elementwise-trait": (
        "irc does not verify MLIR's ElementwiseMappable trait (scalars and shaped values "
        "mixed, or shaped values of different shapes or kinds)",
        "errors",
        f"{F}(%a: vector<4xi32>) {{\n"
        f"  %s, %o = arith.addui_extended %a, %a : vector<4xi32>, i1\n  return\n}}",
    ),
    "property-of-wrong-kind": (
        "a generic property of the wrong kind (fastmath = 1 : i32) is MLIR's 'invalid "
        "properties' error; irc's verifier says 'failed to satisfy constraint'",
        "errors",
        f'{F}(%a: f32) {{\n  %0 = "arith.addf"(%a, %a) <{{fastmath = 1 : i32}}> '
        f": (f32, f32) -> f32\n  return\n}}",
    ),
    "predicate-out-of-range": (
        "a predicate out of range, or not an i64, is MLIR's 'invalid properties' error; "
        "irc's verifier says 'failed to satisfy constraint'",
        "errors",
        f'{F}(%a: i32) {{\n  %0 = "arith.cmpi"(%a, %a) <{{predicate = 10 : i64}}> '
        f": (i32, i32) -> i1\n  return\n}}",
    ),
    "fastmath-keyword": (
        "an unknown fastmath flag: MLIR says \"custom op 'arith.addf' expected "
        '::mlir::arith::FastMathFlags to be one of: ..." and "failed to parse '
        'Arith_FastMathAttr parameter ..."; irc says one thing in other words',
        "errors",
        f"{F}(%a: f32) {{\n  %0 = arith.addf %a, %a fastmath<fastest> : f32\n  return\n}}",
    ),
    "overflow-keyword": (
        "an unknown overflow flag: as fastmath-keyword",
        "errors",
        f"{F}(%a: i32) {{\n  %0 = arith.addi %a, %a overflow<nsx> : i32\n  return\n}}",
    ),
    "float-literal-for-integer": (
        "`arith.constant 1.0 : i32`: MLIR reports it at the token after the type (the next "
        "line here), irc at the literal",
        "errors",
        f"{F}() {{\n  %0 = arith.constant 1.0 : i32\n  return\n}}",
    ),
    "scalable-dense-constant": (
        "MLIR rejects a non-splat dense constant of a scalable vector; irc accepts it",
        "errors",
        f"{F}() {{\n  %0 = arith.constant dense<[1, 2, 3, 4]> : vector<[4]xi32>\n  return\n}}",
    ),
    "unit-constant-value": (
        "`value = unit` is MLIR's 'invalid properties' error (not a typed attribute)",
        "errors",
        f'{F}() {{\n  %0 = "arith.constant"() <{{value}}> : () -> i32\n  return\n}}',
    ),
    "missing-ops": (
        "irc lacks MLIR's arith.scaling_extf, arith.scaling_truncf and arith.convertf",
        "print",
        f"{F}(%a: f32, %s: f8E8M0FNU) {{\n"
        f"  %0 = arith.scaling_truncf %a, %s : f32, f8E8M0FNU to f4E2M1FN\n  return\n}}",
    ),
}


@agreement.needs_iree_opt
@pytest.mark.parametrize("name", agreement.known_disagreements(KNOWN_DISAGREEMENTS))
def test_known_disagreement(name: str, tmp_path: Path):
    _, kind, source = KNOWN_DISAGREEMENTS[name]
    agreement.check_known_disagreement(kind, source, tmp_path)
