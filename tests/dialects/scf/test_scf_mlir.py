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
import shutil
import subprocess
from pathlib import Path

import pytest

from irc.frontend.parser import parse
from irc.frontend.printer import print_op
from irc.ir.verifier import verify
from irc.tools.irc_opt import run

HERE = Path(__file__).parent
ROUNDTRIP_FILES = [HERE / "ops.mlir", HERE / "more_ops.mlir", HERE / "locations.mlir"]
UNREGISTERED = ["--allow-unregistered-dialect"]
MODES = {
    "custom": [],
    "generic": ["--mlir-print-op-generic"],
    "custom-debuginfo": ["--mlir-print-debuginfo"],
    "generic-debuginfo": ["--mlir-print-op-generic", "--mlir-print-debuginfo"],
}
IREE_OPT = shutil.which("iree-opt")
needs_iree = pytest.mark.skipif(
    IREE_OPT is None, reason="iree-opt not installed (pip install iree-base-compiler==3.13.0)"
)


def iree_opt(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    """iree-opt, through the compiled binary when the package can say where it is (its
    console script costs half a second a run)."""
    binary = IREE_OPT
    try:
        from iree.compiler.tools import binaries

        binary = binaries.find_tool("iree-opt") or IREE_OPT
    except Exception:  # noqa: BLE001 - any failure: the script on PATH
        pass
    return subprocess.run([binary, *args], input=stdin, capture_output=True, text=True, timeout=60)


def irc_opt(args: list[str]) -> str:
    code, out, err = run(args)
    assert code == 0, f"irc-opt {' '.join(args)} failed:\n{err}"
    return out


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


@needs_iree
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", ROUNDTRIP_FILES, ids=file_ids(ROUNDTRIP_FILES))
def test_print_is_mlir_print(path: Path, mode: str):
    flags = [*UNREGISTERED, *MODES[mode]]
    ours = irc_opt([*flags, str(path)])
    theirs = iree_opt([*flags, str(path)])
    assert theirs.returncode == 0, theirs.stderr
    assert ours == theirs.stdout
    back = iree_opt([*flags, "-"], stdin=ours)
    assert back.returncode == 0, back.stderr
    assert back.stdout == ours


@needs_iree
def test_invalid_messages_are_mlir_messages():
    path = HERE / "invalid.mlir"
    done = iree_opt([*UNREGISTERED, "-split-input-file", "-verify-diagnostics", str(path)])
    assert done.returncode == 0, done.stderr


def diagnostics(stderr: str) -> list[str]:
    """The `<stdin>:line:col: error|note: message` lines; MLIR's `see current operation`
    notes (and the op they print) are its verifier's dump, not a diagnostic of the IR."""
    pattern = re.compile(r"<stdin>:\d+:\d+: (error|note): ")
    return [
        line
        for line in stderr.splitlines()
        if pattern.match(line) and "see current operation" not in line
    ]


@needs_iree
def test_invalid_diagnostics_are_mlirs_to_the_column():
    """Without its expected-* comments (iree-opt reports unmatched ones even when not
    asked to verify them), invalid.mlir gets the same diagnostics from both tools."""
    text = (HERE / "invalid.mlir").read_text(encoding="utf-8")
    text = re.sub(r"//\s*expected-.*", "//", text)
    flags = [*UNREGISTERED, "-split-input-file", "-"]
    theirs = diagnostics(iree_opt(flags, stdin=text).stderr)
    code, _, err = run(flags, text)
    assert code != 0
    assert len(theirs) > 90
    assert diagnostics(err) == theirs
