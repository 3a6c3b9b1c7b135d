"""Tests of the FileCheck harness (tests/lit_runner.py and the collection hook in conftest.py).

irc-opt is replaced by FakeIrcOpt, so these tests depend only on the runner and on the real
`filecheck` package.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests import lit_runner
from tests.lit_runner import (
    LitFailure,
    RunLine,
    parse_run_lines,
    run_file,
    run_filecheck,
    split_pipeline,
    substitute,
)

REPO_ROOT = Path(__file__).resolve().parent.parent


class FakeIrcOpt:
    """Stands in for `irc.tools.irc_opt.run`: prints its input without `//` comment lines.

    --upper upper-cases the output; --error reports a diagnostic and exits 1; --crash raises;
    --stray prints to sys.stdout itself instead of returning the text. Records every call.
    """

    def __init__(self):
        self.calls: list[tuple[list[str], str]] = []

    def __call__(self, argv: list[str], stdin_text: str = "") -> tuple[int, str, str]:
        self.calls.append((list(argv), stdin_text))
        paths = [arg for arg in argv if not arg.startswith("--")]
        source = Path(paths[0]).read_text() if paths else stdin_text
        if "--crash" in argv:
            raise RuntimeError("fake irc-opt crashed")
        if "--error" in argv:
            return 1, "", "input.mlir:1:1: error: boom\n"
        lines = [line for line in source.splitlines() if not line.lstrip().startswith("//")]
        output = "\n".join(lines) + "\n"
        if "--upper" in argv:
            output = output.upper()
        if "--stray" in argv:
            print(output, end="")
            return 0, "", ""
        return 0, output, ""


@pytest.fixture
def fake_irc_opt(monkeypatch: pytest.MonkeyPatch) -> FakeIrcOpt:
    fake = FakeIrcOpt()
    monkeypatch.setitem(lit_runner.IN_PROCESS_TOOLS, "irc-opt", fake)
    return fake


MODULE = "func.func @main() {\n  return\n}\n"


def write_test(directory: Path, text: str, module: str = "", name: str = "test.mlir") -> Path:
    """Write a test file: RUN and CHECK lines (indented in the source) followed by IR."""
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip() + module)
    return path


def run_test(tmp_path: Path, text: str, module: str = "") -> int:
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    return run_file(write_test(tmp_path, text, module), scratch)


def failure_of(tmp_path: Path, text: str, module: str = "") -> str:
    with pytest.raises(LitFailure) as excinfo:
        run_test(tmp_path, text, module)
    return str(excinfo.value)


# ---------------------------------------------------------------------------------------------
# Parsing


def test_run_lines_are_collected_in_order_and_continuations_joined():
    text = textwrap.dedent("""
        // RUN: irc-opt %s \\
        // RUN:   --canonicalize \\
        // RUN:   | filecheck %s
        func.func @f()
        // CHECK: func.func
          //RUN: second
        # RUN: hash comment
    """)
    assert parse_run_lines(text) == [
        RunLine(2, "irc-opt %s --canonicalize | filecheck %s"),
        RunLine(7, "second"),
        RunLine(8, "hash comment"),
    ]


def test_unterminated_continuation_is_an_error():
    with pytest.raises(LitFailure, match=r"x.mlir:2: the RUN line ends with '\\'"):
        parse_run_lines("\n// RUN: irc-opt %s \\\n", "x.mlir")


def test_substitutions_quote_paths_and_keep_unknown_ones():
    substitutions = {"s": "/a b/t.mlir", "S": "/a b", "t": "/tmp/t.tmp", "T": "/tmp"}
    assert substitute("irc-opt %s > %t", substitutions) == "irc-opt '/a b/t.mlir' > /tmp/t.tmp"
    assert substitute("ls %S %T", substitutions) == "ls '/a b' /tmp"
    assert substitute("echo 100%% %arg0", substitutions) == "echo 100% %arg0"


def test_pipeline_splits_only_at_unquoted_bars():
    assert split_pipeline("a 'x|y' | b \"p|q\" | c \\| d") == ["a 'x|y'", 'b "p|q"', "c \\| d"]
    assert split_pipeline("not irc-opt f 2>&1 | filecheck f") == [
        "not irc-opt f 2>&1",
        "filecheck f",
    ]


@pytest.mark.parametrize("command", ["a && b", "a || b", "a ; b", "a | | b", "a |", "a 'b"])
def test_unsupported_or_broken_pipelines_are_reported(command: str):
    with pytest.raises(LitFailure):
        split_pipeline(command)


# ---------------------------------------------------------------------------------------------
# In-process filecheck


def test_filecheck_in_process_passes_and_fails_without_exiting(tmp_path: Path):
    checks = write_test(tmp_path, "// CHECK: func.func @main\n// CHECK-NOT: @other\n")
    assert run_filecheck([str(checks)], "func.func @main\n") == (0, "", "")
    code, out, err = run_filecheck([str(checks)], "func.func @other\n")
    assert code == 1
    assert out == ""
    assert 'Couldn\'t match "func.func @main"' in err
    code, _, err = run_filecheck([str(checks), "--bogus", "x"], "")
    assert code == 2
    assert "Unconsumed arguments" in err
    code, _, err = run_filecheck([str(tmp_path / "missing.mlir")], "x\n")
    assert code == 2
    assert "missing.mlir" in err


# ---------------------------------------------------------------------------------------------
# Running files


def test_passing_check_and_percent_s_substitution(tmp_path: Path, fake_irc_opt: FakeIrcOpt):
    ran = run_test(
        tmp_path,
        """
        // RUN: irc-opt %s | filecheck %s
        // CHECK: func.func @main()
        // CHECK-NEXT: return
        """,
        MODULE,
    )
    assert ran == 1
    assert fake_irc_opt.calls == [([str(tmp_path / "test.mlir")], "")]


def test_failing_check_fails_with_a_readable_report(tmp_path: Path, fake_irc_opt: FakeIrcOpt):
    report = failure_of(
        tmp_path,
        """
        // RUN: irc-opt %s | filecheck %s
        // CHECK: func.func @other
        """,
        MODULE,
    )
    path = tmp_path / "test.mlir"
    assert report.startswith(f"{path}:1: RUN line failed\n")
    assert "  RUN: irc-opt %s | filecheck %s" in report
    assert f"  ran: irc-opt {path} | filecheck {path}" in report
    assert f"stage 1 [exit 0]: irc-opt {path}" in report
    assert f"stage 2 [exit 1, FAILED]: filecheck {path}" in report
    assert 'Couldn\'t match "func.func @other"' in report
    assert "--- stage 2 stdin, the stdout of stage 1 ---\nfunc.func @main() {" in report


def test_later_run_lines_stop_at_the_first_failure(tmp_path: Path, fake_irc_opt: FakeIrcOpt):
    report = failure_of(
        tmp_path,
        """
        // RUN: irc-opt %s | filecheck %s
        // RUN: irc-opt %s --error
        // RUN: irc-opt %s --upper
        // CHECK: @main
        """,
        MODULE,
    )
    assert ":2: RUN line failed" in report
    assert "--- stage 1 stderr ---\ninput.mlir:1:1: error: boom" in report
    assert [argv[1:] for argv, _ in fake_irc_opt.calls] == [[], ["--error"]]


def test_not_inverts_the_exit_status(tmp_path: Path, fake_irc_opt: FakeIrcOpt):
    ran = run_test(
        tmp_path,
        """
        // RUN: not irc-opt %s --error 2>&1 | filecheck %s --check-prefix=ERR
        // RUN: not not irc-opt %s
        // RUN: not grep -q 'no-such-te[x]t' %s
        // ERR: error: boom
        """,
    )
    assert ran == 3
    report = failure_of(tmp_path, "// RUN: not irc-opt %s\n")
    assert "stage 1 [not, exit 0, FAILED]" in report


def test_a_crash_fails_even_under_not(tmp_path: Path, fake_irc_opt: FakeIrcOpt):
    report = failure_of(tmp_path, "// RUN: not irc-opt %s --crash\n")
    assert "stage 1 [not, exit 1, CRASHED, FAILED]" in report
    assert "RuntimeError: fake irc-opt crashed" in report


def test_stderr_joins_the_pipe_only_with_2_to_1(tmp_path: Path, fake_irc_opt: FakeIrcOpt):
    report = failure_of(
        tmp_path,
        """
        // RUN: not irc-opt %s --error | filecheck %s
        // CHECK: error: boom
        """,
    )
    assert "stage 2 [exit 1, FAILED]: filecheck" in report
    assert "is empty" in report
    assert "--- stage 1" not in report  # stage 1 did what `not` asked


def test_pipefail_a_failing_early_stage_fails_the_pipeline(
    tmp_path: Path, fake_irc_opt: FakeIrcOpt
):
    report = failure_of(
        tmp_path,
        """
        // RUN: irc-opt %s --error 2>&1 | filecheck %s
        // CHECK: error: boom
        """,
    )
    assert "stage 1 [exit 1, FAILED]" in report
    assert "stage 2 [exit 0]: filecheck" in report


def test_pipelines_feed_stdout_to_stdin_across_in_process_and_bash_stages(
    tmp_path: Path, fake_irc_opt: FakeIrcOpt
):
    ran = run_test(
        tmp_path,
        """
        // RUN: irc-opt %s | irc-opt --upper | sed s/@MAIN/@renamed/ | filecheck %s
        // CHECK: FUNC.FUNC @renamed()
        """,
        MODULE,
    )
    assert ran == 1
    (first_argv, _), (second_argv, second_stdin) = fake_irc_opt.calls
    assert second_argv == ["--upper"]
    assert second_stdin.startswith("func.func @main() {\n  return\n}")


def test_line_continuation_runs_as_one_pipeline(tmp_path: Path, fake_irc_opt: FakeIrcOpt):
    ran = run_test(
        tmp_path,
        """
        // RUN: irc-opt %s \\
        // RUN:   --upper \\
        // RUN:   | filecheck %s
        // CHECK: RETURN
        """,
        MODULE,
    )
    assert ran == 1
    assert fake_irc_opt.calls[0][0][1:] == ["--upper"]


def test_redirections_and_percent_t_for_in_process_tools(tmp_path: Path, fake_irc_opt: FakeIrcOpt):
    ran = run_test(
        tmp_path,
        """
        // RUN: irc-opt %s --upper > %t
        // RUN: irc-opt < %t | filecheck %s
        // RUN: filecheck %s --input-file=%t
        // RUN: not irc-opt %s --error 2> %t.err
        // RUN: filecheck %s --check-prefix=ERR < %t.err
        // CHECK: FUNC.FUNC @MAIN
        // ERR: error: boom
        """,
        MODULE,
    )
    assert ran == 5
    tmp_file = tmp_path / "scratch" / "test.mlir.tmp"
    assert fake_irc_opt.calls[1] == ([], tmp_file.read_text())
    assert (tmp_path / "scratch" / "test.mlir.tmp.err").read_text() == (
        "input.mlir:1:1: error: boom\n"
    )


def test_text_a_tool_prints_itself_still_goes_down_the_pipe(
    tmp_path: Path, fake_irc_opt: FakeIrcOpt
):
    ran = run_test(
        tmp_path,
        """
        // RUN: irc-opt %s --stray | filecheck %s
        // CHECK: func.func @main
        """,
        MODULE,
    )
    assert ran == 1


def test_a_tool_that_cannot_be_imported_is_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(lit_runner.IN_PROCESS_TOOLS, "irc-opt", "tests.no_such_module:run")
    report = failure_of(tmp_path, "// RUN: not irc-opt %s\n")
    assert "CRASHED" in report
    assert "No module named 'tests.no_such_module'" in report


def test_bash_stages_report_their_output(tmp_path: Path):
    report = failure_of(tmp_path, "// RUN: echo to-stdout; echo to-stderr >&2; exit 3\n")
    assert "unsupported shell syntax ';'" in report
    report = failure_of(tmp_path, "// RUN: bash -c 'echo to-stdout; echo to-stderr >&2; exit 3'\n")
    assert "stage 1 [exit 3, FAILED]" in report
    assert "--- stage 1 stderr ---\nto-stderr" in report
    assert "--- stage 1 stdout ---\nto-stdout" in report


# ---------------------------------------------------------------------------------------------
# Collection by pytest (a separate pytest process on a scratch directory)


def test_pytest_collects_mlir_files_with_run_lines(tmp_path: Path):
    write_test(
        tmp_path,
        """
        from tests import lit_runner
        from tests.conftest import pytest_collect_file, pytest_configure  # noqa: F401
        from tests.test_harness import FakeIrcOpt

        lit_runner.IN_PROCESS_TOOLS["irc-opt"] = FakeIrcOpt()
        """,
        name="conftest.py",
    )
    write_test(
        tmp_path, "// RUN: irc-opt %s | filecheck %s\n// CHECK: @main\n", MODULE, "good.mlir"
    )
    write_test(tmp_path, "// RUN: irc-opt %s | filecheck %s\n// CHECK: @nope\n", MODULE, "bad.mlir")
    write_test(tmp_path, "", MODULE, "no_run_lines.mlir")
    (tmp_path / "Inputs").mkdir()
    write_test(tmp_path / "Inputs", "// RUN: false\n", name="input.mlir")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert "1 failed, 1 passed" in output
    assert "PASSED good.mlir::good" in output
    assert "FAILED bad.mlir::bad" in output
    assert 'Couldn\'t match "@nope"' in output
    assert "warning" not in output.lower()
    assert "RUN: irc-opt %s | filecheck %s" in output
