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


def filecheck_file(name: str) -> Path:
    """The pass's FileCheck file; the test fails, naming the pass, without it."""
    path = FILECHECK / f"{name}.mlir"
    if not path.exists():
        pytest.fail(f"pass '{name}' has no tests/filecheck/{name}.mlir")
    return path


def do_nothing_version(cls: type[Pass]) -> type[Pass]:
    """A subclass of the pass with its name, anchor and options, whose run does nothing."""

    def run(self, op, context) -> None:
        return None

    return type(f"DoNothing{cls.__name__}", (cls,), {"run": run, "__module__": __name__})


def test_every_registered_pass_has_a_filecheck_file():
    missing = sorted(name for name in PASSES if not (FILECHECK / f"{name}.mlir").exists())
    assert not missing, "passes without a tests/filecheck/<pass>.mlir: " + ", ".join(missing)


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


def test_a_file_that_does_not_check_its_pass_is_caught(tmp_path: Path, monkeypatch):
    """The check itself: a file whose CHECK lines ignore what test-mark does still passes
    with the do-nothing version (so the meta-test would flag it); one that checks it fails."""
    from tests.tools.passes_for_tests import TEST_PASSES, Mark

    monkeypatch.setitem(PASSES, "test-mark", TEST_PASSES["test-mark"])
    weak = tmp_path / "weak.mlir"
    weak.write_text("// RUN: irc-opt %s -test-mark | filecheck %s\n// CHECK: module\n")
    strong = tmp_path / "strong.mlir"
    strong.write_text(
        "// RUN: irc-opt %s -test-mark | filecheck %s\n// CHECK: module attributes {test.marked}\n"
    )
    assert run_file(weak, tmp_path) == run_file(strong, tmp_path) == 1
    monkeypatch.setattr(
        sys.modules[__name__], "_DO_NOTHING", do_nothing_version(Mark), raising=False
    )
    monkeypatch.setitem(PASSES, "test-mark", f"{__name__}:_DO_NOTHING")
    assert run_file(weak, tmp_path) == 1
    with pytest.raises(LitFailure):
        run_file(strong, tmp_path)
