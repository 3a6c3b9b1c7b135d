"""irc and MLIR agree on the arith dialect's test files (see tests/dialects/agreement.py).

roundtrip.mlir holds every arith op; invalid.mlir one case per verifier rule, each with
MLIR's message. Where irc still disagrees with MLIR, KNOWN_DISAGREEMENTS holds a small
case and why; its test is a strict xfail, so a fix makes it pass loudly and the entry is
then taken off the list.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from irc.dialects import arith
from irc.tools.irc_opt import run
from tests.dialects import agreement as check

HERE = Path(__file__).parent
FILES = [pytest.param(p, id=p.name) for p in check.roundtrip_files(HERE)]


def test_roundtrip_file_has_every_op():
    text = (HERE / "roundtrip.mlir").read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    missing = [name for name in arith.OPS if not re.search(rf"\b{re.escape(name)}\b", code)]
    assert not missing, f"ops missing from roundtrip.mlir: {missing}"


@pytest.mark.parametrize("path", FILES)
def test_custom_and_generic_prints_read_back_the_same(path: Path):
    check.check_custom_generic_same_ir(path)


@check.needs_iree_opt
@pytest.mark.parametrize("kind", sorted(check.PRINTS))
@pytest.mark.parametrize("path", FILES)
def test_print_is_mlir_print(path: Path, kind: str):
    check.check_print_is_mlir_print(path, check.PRINTS[kind])


@check.needs_iree_opt
@pytest.mark.parametrize("kind", ["custom", "generic"])
@pytest.mark.parametrize("path", FILES)
def test_mlir_reads_irc_print(path: Path, kind: str):
    check.check_mlir_reads_irc_print(path, kind)


@check.needs_iree_opt
def test_invalid_expectations_are_mlir_messages():
    check.check_invalid_matches_mlir(HERE / "invalid.mlir")


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

_ERROR = re.compile(r"^[^\n]*?:(\d+):\d+: error: (.*)$", re.MULTILINE)


def errors(stderr: str) -> list[tuple[int, str]]:
    """(line, message) of each error in a tool's stderr."""
    return [(int(line), message) for line, message in _ERROR.findall(stderr)]


def check_known_disagreement(kind: str, source: str, tmp_path: Path) -> None:
    """kind "print": irc-opt prints `source`, custom and generic, as iree-opt does.
    kind "errors": irc-opt reports the errors iree-opt reports (line and message of each,
    in order). Used by the builtin dialect's tests too."""
    path = tmp_path / "case.mlir"
    path.write_text(source + "\n", encoding="utf-8")
    if kind == "print":
        for printing in ("custom", "generic"):
            check.check_print_is_mlir_print(path, check.PRINTS[printing])
        return
    mlir_errors = errors(check.iree_opt([check.UNREGISTERED, str(path)]).stderr)
    assert mlir_errors, "iree-opt accepts the case"
    _, _, err = run([check.UNREGISTERED, str(path)])
    assert errors(err) == mlir_errors


@check.needs_iree_opt
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(reason=why, strict=True))
        for name, (why, _, _) in KNOWN_DISAGREEMENTS.items()
    ],
)
def test_known_disagreement(name: str, tmp_path: Path):
    _, kind, source = KNOWN_DISAGREEMENTS[name]
    check_known_disagreement(kind, source, tmp_path)
