"""scf text: custom and generic forms mean the same IR, and irc agrees with MLIR.

Without iree-opt: every round-trip file parses, verifies, and its custom and generic prints
parse back to the same IR (equal generic prints, equal custom prints).

With iree-opt (the reference, iree-base-compiler 3.13.0; skipped when it is absent):
- irc-opt prints each round-trip file byte for byte as iree-opt does, in the custom and
  the generic form, with and without --mlir-print-debuginfo;
- iree-opt reads each of those prints and prints it back unchanged;
- invalid.mlir passes iree-opt's -verify-diagnostics too, and both tools report the same
  errors and notes for it, at the same lines and columns.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from irc.frontend.parser import parse
from irc.frontend.printer import print_op
from irc.ir.verifier import verify
from irc.tools.irc_opt import run
from tests.dialects import agreement
from tests.test_mlir_agreement import iree_opt

HERE = Path(__file__).parent
ROUNDTRIP_FILES = [HERE / "ops.mlir", HERE / "more_ops.mlir", HERE / "locations.mlir"]


def file_ids(paths):
    return [path.name for path in paths]


@pytest.mark.parametrize("path", ROUNDTRIP_FILES, ids=file_ids(ROUNDTRIP_FILES))
def test_custom_and_generic_forms_are_the_same_ir(path: Path):
    module = parse(path.read_text(encoding="utf-8"), str(path), allow_unregistered=True)
    verify(module)
    custom, generic = print_op(module), print_op(module, generic=True)
    from_custom = parse(custom, "custom.mlir", allow_unregistered=True)
    from_generic = parse(generic, "generic.mlir", allow_unregistered=True)
    verify(from_custom)
    verify(from_generic)
    assert print_op(from_custom, generic=True) == generic
    assert print_op(from_generic, generic=True) == generic
    assert print_op(from_generic) == custom
    assert print_op(from_custom) == custom


@agreement.needs_iree_opt
@pytest.mark.parametrize("mode", agreement.PRINTS)
@pytest.mark.parametrize("path", ROUNDTRIP_FILES, ids=file_ids(ROUNDTRIP_FILES))
def test_print_is_mlir_print(path: Path, mode: str):
    agreement.check_mlir_prints_back(path, agreement.PRINTS[mode])


@agreement.needs_iree_opt
def test_invalid_messages_are_mlir_messages():
    agreement.check_invalid_matches_mlir(HERE / "invalid.mlir")


def diagnostics(stderr: str) -> list[str]:
    """The `<stdin>:line:col: error|note: message` lines; MLIR's `see current operation`
    notes (and the op they print) are its verifier's dump, not a diagnostic of the IR."""
    pattern = re.compile(r"<stdin>:\d+:\d+: (error|note): ")
    return [
        line
        for line in stderr.splitlines()
        if pattern.match(line) and "see current operation" not in line
    ]


@agreement.needs_iree_opt
def test_invalid_diagnostics_are_mlirs_to_the_column():
    """Without its expected-* comments (iree-opt reports unmatched ones even when not
    asked to verify them), invalid.mlir gets the same diagnostics from both tools."""
    text = (HERE / "invalid.mlir").read_text(encoding="utf-8")
    text = re.sub(r"//\s*expected-.*", "//", text)
    flags = [agreement.UNREGISTERED, "-split-input-file", "-"]
    theirs = diagnostics(iree_opt(flags, text).stderr)
    code, _, err = run(flags, text)
    assert code != 0
    assert len(theirs) > 90
    assert diagnostics(err) == theirs
