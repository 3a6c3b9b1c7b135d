"""Every registered pass has a FileCheck file that checks what it does.

For each pass in irc/passes/registry.py:

1. tests/filecheck/<pass>.mlir exists (a missing file fails, naming the pass);
2. its RUN lines pass;
3. they FAIL when the pass is replaced by one that does nothing (same name, anchor and
   options, so the RUN lines still parse): a file that passes then does not check the pass.

The files also run as ordinary FileCheck tests (tests/conftest.py); this test is about the
contract between the registry and the files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from irc.passes.pass_manager import Pass, pass_class
from irc.passes.registry import PASSES
from tests.lit_runner import LitFailure, run_file

FILECHECK = Path(__file__).resolve().parents[1] / "filecheck"

# Passes whose FileCheck file is still being written alongside them: a missing file is an
# expected failure (naming the pass) only for these. Empty this set as the files land.
BEING_WRITTEN = {
    "canonicalize",
    "cse",
    "dce",
    "symbol-dce",
    "inline",
    "licm",
    "loop-invariant-code-motion",
    "sccp",
    "reconcile-unrealized-casts",
    "convert-scf-to-cf",
}


def filecheck_file(name: str) -> Path:
    """The pass's FileCheck file; fails (or xfails, for a pass being written) without it."""
    path = FILECHECK / f"{name}.mlir"
    if path.exists():
        return path
    message = f"pass '{name}' has no tests/filecheck/{name}.mlir"
    if name in BEING_WRITTEN:
        pytest.xfail(message + " yet (the pass is still being written)")
    pytest.fail(message)


def do_nothing_version(cls: type[Pass]) -> type[Pass]:
    """A subclass of the pass with its name, anchor and options, whose run does nothing."""

    def run(self, op, context) -> None:
        return None

    return type(f"DoNothing{cls.__name__}", (cls,), {"run": run, "__module__": __name__})


def test_every_registered_pass_has_a_filecheck_file():
    missing = sorted(name for name in PASSES if not (FILECHECK / f"{name}.mlir").exists())
    late = [name for name in missing if name not in BEING_WRITTEN]
    assert not late, "passes without a tests/filecheck/<pass>.mlir: " + ", ".join(late)
    if missing:
        pytest.xfail("still being written, without a FileCheck file: " + ", ".join(missing))


@pytest.mark.parametrize("name", sorted(PASSES))
def test_filecheck_file_passes(name: str, tmp_path: Path):
    path = filecheck_file(name)
    assert run_file(path, tmp_path) > 0, f"{path.name} has no RUN line"


@pytest.mark.parametrize("name", sorted(PASSES))
def test_filecheck_file_fails_when_the_pass_does_nothing(name: str, tmp_path: Path, monkeypatch):
    path = filecheck_file(name)
    monkeypatch.setattr(
        sys.modules[__name__], "_DO_NOTHING", do_nothing_version(pass_class(name)), raising=False
    )
    monkeypatch.setitem(PASSES, name, f"{__name__}:_DO_NOTHING")
    try:
        run_file(path, tmp_path)
    except LitFailure:
        return
    pytest.fail(
        f"tests/filecheck/{name}.mlir still passes when '{name}' does nothing: its CHECK "
        "lines do not check what the pass does"
    )


def test_the_do_nothing_pass_keeps_name_anchor_and_options():
    from tests.tools.passes_for_tests import FuncOnly

    cls = do_nothing_version(FuncOnly)
    assert (cls.name, cls.anchor) == ("test-func-only", "func.func")
    assert [f.name for f in cls.option_fields()] == [f.name for f in FuncOnly.option_fields()]
    assert cls(max_iterations=3).run(None, None) is None
