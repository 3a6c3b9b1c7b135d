"""Checks that irc and MLIR (`iree-opt`) agree on a dialect's test files; used by the
test_mlir_agreement.py of the func, cf and math test directories.

For a round-trip file (written in MLIR's custom spelling):
- custom <-> generic: irc reads its own custom and generic prints back to the same IR;
- irc-opt's custom, generic and location-carrying prints are byte for byte iree-opt's;
- iree-opt accepts irc-opt's prints, and they mean the same to it (its generic print of
  irc's custom print is its generic print of the file).
For an invalid.mlir: iree-opt's `-verify-diagnostics` accepts the same expectations that
irc-opt's does, so every expected message is MLIR's exact wording.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from irc.frontend.parser import parse
from irc.frontend.printer import print_op
from irc.tools.irc_opt import run
from tests.test_mlir_agreement import IREE_OPT, irc_opt, iree_opt

needs_iree_opt = pytest.mark.skipif(
    IREE_OPT is None, reason="iree-opt not installed (pip install iree-base-compiler==3.13.0)"
)

UNREGISTERED = "--allow-unregistered-dialect"
PRINTS = {
    "custom": [UNREGISTERED],
    "generic": [UNREGISTERED, "--mlir-print-op-generic"],
    "custom-debuginfo": [UNREGISTERED, "--mlir-print-debuginfo"],
    "generic-debuginfo": [UNREGISTERED, "--mlir-print-op-generic", "--mlir-print-debuginfo"],
}


def roundtrip_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.mlir") if p.name != "invalid.mlir")


def mlir(args: list[str], stdin: str | None = None) -> str:
    done = iree_opt(args, stdin)
    assert done.returncode == 0, f"iree-opt {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


def check_custom_generic_same_ir(path: Path) -> None:
    """irc's custom and generic prints both read back to the IR of the file."""
    module = parse(path.read_text(encoding="utf-8"), str(path), allow_unregistered=True)
    expected = print_op(module, generic=True)
    for generic in (False, True):
        text = print_op(module, generic=generic)
        again = parse(text, "printed.mlir", allow_unregistered=True)
        assert print_op(again, generic=True) == expected
        assert print_op(again, generic=generic) == text


def check_print_is_mlir_print(path: Path, kind: str) -> None:
    args = [*PRINTS[kind], str(path)]
    assert irc_opt(args) == mlir(args)


def check_mlir_reads_irc_print(path: Path, kind: str) -> None:
    """iree-opt reads irc-opt's print as the IR it reads from the file (equal generic
    prints), and prints irc-opt's print back unchanged."""
    ours = irc_opt([*PRINTS[kind], str(path)])
    generic = PRINTS["generic"]
    assert mlir([*generic, "-"], ours) == mlir([*generic, str(path)])
    assert mlir([*PRINTS[kind], "-"], ours) == ours


def check_invalid_matches_mlir(path: Path) -> None:
    args = ["--split-input-file", "--verify-diagnostics", UNREGISTERED, str(path)]
    code, _, err = run(args)
    assert code == 0, f"irc-opt --verify-diagnostics failed:\n{err}"
    done = iree_opt(args)
    assert done.returncode == 0, f"iree-opt --verify-diagnostics failed:\n{done.stderr}"
