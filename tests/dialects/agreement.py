"""Checks that irc and MLIR (`iree-opt`) agree on a dialect's test files; used by the
test_mlir_agreement.py of each dialect's test directory.

For a round-trip file (written in MLIR's custom spelling):
- custom <-> generic: irc reads its own custom and generic prints back to the same IR;
- irc-opt's custom, generic and location-carrying prints are byte for byte iree-opt's;
- iree-opt accepts irc-opt's prints, and they mean the same to it (its generic print of
  irc's custom print is its generic print of the file, or irc's generic print of it).
For an invalid.mlir: iree-opt's `-verify-diagnostics` accepts the same expectations that
irc-opt's does, so every expected message is MLIR's exact wording.

`RoundtripAgreement` and `MlirAgreement` hold these as test methods: a dialect's class
`Test...` derives from one and names its directory. Where irc still disagrees with MLIR, a
dialect's KNOWN_DISAGREEMENTS holds a small case and why; its test is a strict xfail
(`known_disagreements`), so a fix makes it pass loudly and the entry is then taken off.
"""

from __future__ import annotations

import re
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
GENERIC = "--mlir-print-op-generic"
DEBUGINFO = "--mlir-print-debuginfo"
FLAGS = {
    "custom": [],
    "generic": [GENERIC],
    "custom-debuginfo": [DEBUGINFO],
    "generic-debuginfo": [GENERIC, DEBUGINFO],
}
PRINTS = {kind: [UNREGISTERED, *flags] for kind, flags in FLAGS.items()}


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


def check_print_is_mlir_print(path: Path, flags: list[str]) -> str:
    """irc-opt's print of `path` with `flags`, checked to be iree-opt's byte for byte."""
    args = [*flags, str(path)]
    ours = irc_opt(args)
    assert ours == mlir(args)
    return ours


def check_mlir_prints_back(path: Path, flags: list[str]) -> None:
    """irc-opt's print is iree-opt's, and iree-opt prints it back unchanged."""
    ours = check_print_is_mlir_print(path, flags)
    assert mlir([*flags, "-"], ours) == ours


def check_mlir_reads_irc_print(path: Path, kind: str) -> None:
    """iree-opt reads irc-opt's print as the IR it reads from the file (equal generic
    prints), and prints irc-opt's print back unchanged."""
    ours = irc_opt([*PRINTS[kind], str(path)])
    generic = PRINTS["generic"]
    assert mlir([*generic, "-"], ours) == mlir([*generic, str(path)])
    assert mlir([*PRINTS[kind], "-"], ours) == ours


def check_custom_print_same_ir_to_both(path: Path) -> None:
    """irc-opt's custom print means the same IR to iree-opt as to irc (equal generic
    prints of it)."""
    custom = irc_opt([str(path)])
    assert mlir([GENERIC, "-"], custom) == irc_opt([GENERIC, "-"], custom)


def check_invalid_matches_mlir(path: Path) -> None:
    args = ["--split-input-file", "--verify-diagnostics", UNREGISTERED, str(path)]
    code, _, err = run(args)
    assert code == 0, f"irc-opt --verify-diagnostics failed:\n{err}"
    done = iree_opt(args)
    assert done.returncode == 0, f"iree-opt --verify-diagnostics failed:\n{done.stderr}"


_ERROR = re.compile(r"^[^\n]*?:(\d+):\d+: error: (.*)$", re.MULTILINE)


def errors(stderr: str) -> list[tuple[int, str]]:
    """(line, message) of each error in a tool's stderr."""
    return [(int(line), message) for line, message in _ERROR.findall(stderr)]


def known_disagreements(table: dict[str, tuple]) -> list:
    """The names of `table` (name -> (why, ...)) as parameters, each a strict xfail."""
    return [
        pytest.param(name, marks=pytest.mark.xfail(reason=why, strict=True))
        for name, (why, *_) in table.items()
    ]


def check_known_disagreement(kind: str, source: str, tmp_path: Path) -> None:
    """kind "print": irc-opt prints `source`, custom and generic, as iree-opt does.
    kind "errors": irc-opt reports the errors iree-opt reports (line and message of each,
    in order)."""
    path = tmp_path / "case.mlir"
    path.write_text(source + "\n", encoding="utf-8")
    if kind == "print":
        for printing in ("custom", "generic"):
            check_print_is_mlir_print(path, PRINTS[printing])
        return
    mlir_errors = errors(iree_opt([UNREGISTERED, str(path)]).stderr)
    assert mlir_errors, "iree-opt accepts the case"
    _, _, err = run([UNREGISTERED, str(path)])
    assert errors(err) == mlir_errors


class RoundtripAgreement:
    """irc and iree-opt agree on a dialect's round-trip files (every *.mlir in `directory`
    but invalid.mlir, unregistered ops allowed) and on its invalid.mlir (see above)."""

    directory: Path

    def pytest_generate_tests(self, metafunc) -> None:
        if "path" in metafunc.fixturenames:
            files = roundtrip_files(self.directory)
            metafunc.parametrize("path", [pytest.param(p, id=p.name) for p in files])

    def test_custom_and_generic_prints_read_back_the_same(self, path: Path):
        check_custom_generic_same_ir(path)

    @needs_iree_opt
    @pytest.mark.parametrize("kind", sorted(PRINTS))
    def test_print_is_mlir_print(self, path: Path, kind: str):
        check_print_is_mlir_print(path, PRINTS[kind])

    @needs_iree_opt
    @pytest.mark.parametrize("kind", ["custom", "generic"])
    def test_mlir_reads_irc_print(self, path: Path, kind: str):
        check_mlir_reads_irc_print(path, kind)

    @needs_iree_opt
    def test_invalid_expectations_are_mlir_messages(self):
        check_invalid_matches_mlir(self.directory / "invalid.mlir")


@needs_iree_opt
class MlirAgreement:
    """irc-opt and iree-opt agree on a dialect's files, byte for byte: the prints named in
    `prints` of each file in `files` (in `directory`) are iree-opt's, and iree-opt prints
    them back unchanged; the custom print of each means the same IR to both; and
    `invalid.mlir`'s expected messages are MLIR's (iree-opt's and irc-opt's
    -verify-diagnostics accept them)."""

    directory: Path
    files: tuple[str, ...] = ("ops.mlir", "generic.mlir")
    prints: tuple[str, ...] = ("custom", "generic")

    def pytest_generate_tests(self, metafunc) -> None:
        if "kind" in metafunc.fixturenames:
            metafunc.parametrize("kind", self.prints)
        if "name" in metafunc.fixturenames:
            metafunc.parametrize("name", self.files)

    def test_print_is_mlir_print(self, kind: str, name: str):
        check_mlir_prints_back(self.directory / name, FLAGS[kind])

    def test_mlir_reads_irc_custom_form_as_irc_does(self, name: str):
        check_custom_print_same_ir_to_both(self.directory / name)

    def test_invalid_messages_are_mlir_messages(self):
        check_invalid_matches_mlir(self.directory / "invalid.mlir")
