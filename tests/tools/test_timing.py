"""--mlir-timing and --mlir-timing-display: MLIR's execution time report on stderr.

The layout follows `iree-opt --mlir-timing --mlir-disable-threading` (iree-base-compiler
3.13.0): a rule, the centred title, a rule, the total, the wall-time column, rows with time
and percent of the total, nested rows indented two spaces (tree) or merged by name and
sorted (list), then Rest and Total.
"""

from __future__ import annotations

import re

import pytest

from irc.passes.instrumentation import Timer, TimingManager
from irc.tools.irc_opt import run

SOURCE = """\
func.func @f(%a: i32) -> i32 {
  return %a : i32
}
func.func @g() {
  return
}
"""

HEADER = """\
===-------------------------------------------------------------------------===
                         ... Execution time report ...
===-------------------------------------------------------------------------===
"""

ROW = re.compile(r"^  +(\d+\.\d{4}) \( *(\d+\.\d)%\)  (.*)$")


def rows(report: str) -> list[tuple[float, float, str]]:
    """(seconds, percent, name with its indentation) for each row of a report."""
    found = []
    for line in report.splitlines():
        match = ROW.match(line)
        if match:
            found.append((float(match[1]), float(match[2]), match[3]))
    return found


def test_tree_report_nests_passes_under_their_pipeline(test_passes):
    code, out, err = run(
        [
            "--mlir-timing",
            "--pass-pipeline=builtin.module(func.func(test-mark,test-nothing),test-nothing)",
        ],
        SOURCE,
    )
    assert code == 0 and out.startswith("module {")
    assert err.startswith(HEADER)
    assert re.search(r"^  Total Execution Time: \d+\.\d{4} seconds\n\n", err, re.M)
    assert "  ----Wall Time----  ----Name----\n" in err
    assert [name for _, _, name in rows(err)] == [
        "Parser",
        "'func.func' Pipeline",
        "  Mark",
        "  Nothing",
        "Nothing",
        "Output",
        "Rest",
        "Total",
    ]
    assert rows(err)[-1][1] == 100.0


def test_list_report_merges_by_name_and_sorts_by_time(test_passes):
    code, _, err = run(
        [
            "--mlir-timing",
            "-mlir-timing-display=list",
            "--pass-pipeline=builtin.module(func.func(test-mark,test-nothing),test-nothing)",
        ],
        SOURCE,
    )
    assert code == 0 and err.startswith(HEADER)
    found = rows(err)
    names = [name for _, _, name in found]
    assert names[0] == "root" and names[-2:] == ["Rest", "Total"]
    assert sorted(names[1:-2]) == sorted(
        [
            "Parser",
            "Pipeline Collection : ['func.func']",
            "'func.func' Pipeline",
            "Mark",
            "Nothing",  # the nested and the top-level test-nothing, merged
            "Output",
        ]
    )
    times = [seconds for seconds, _, _ in found[:-2]]
    assert times == sorted(times, reverse=True)


def test_without_passes_the_report_has_parser_and_output():
    code, _, err = run(["--mlir-timing"], SOURCE)
    assert code == 0
    assert [name for _, _, name in rows(err)] == ["Parser", "Output", "Rest", "Total"]


def test_report_is_printed_after_a_failure_too(test_passes):
    code, _, err = run(["--mlir-timing", "-test-fail"], SOURCE)
    assert code == 1
    assert "error: test-fail failed" in err
    assert err.rstrip().endswith("Total")
    assert "  Fail" in err


def test_a_bad_display_is_refused():
    code, _, err = run(["--mlir-timing", "--mlir-timing-display=flat"], SOURCE)
    assert code == 1
    assert "for the --mlir-timing-display option: Cannot find option named 'flat'" in err


def _manager(display: str) -> TimingManager:
    """A report with fixed times: 8 ms in all, 2 ms parsing, a pipeline of 4 ms."""
    manager = TimingManager(display)
    manager.root = Timer("root", wall=0.008)
    manager.root.nest("Parser", "Parser").wall = 0.002
    collection = manager.root.nest(1, "Pipeline Collection : ['func.func']", hidden=True)
    collection.wall = 0.004
    pipeline = collection.nest("func.func", "'func.func' Pipeline")
    pipeline.wall = 0.004
    pipeline.nest(2, "CSE").wall = 0.003
    manager.root.nest(3, "CSE").wall = 0.0005
    manager.root.nest("Output", "Output").wall = 0.001
    return manager


@pytest.mark.parametrize(
    "display, expected",
    [
        (
            "tree",
            """\
    0.0020 ( 25.0%)  Parser
    0.0040 ( 50.0%)  'func.func' Pipeline
    0.0030 ( 37.5%)    CSE
    0.0005 (  6.2%)  CSE
    0.0010 ( 12.5%)  Output
    0.0005 (  6.2%)  Rest
    0.0080 (100.0%)  Total
""",
        ),
        (
            "list",
            """\
    0.0080 (100.0%)  root
    0.0040 ( 50.0%)  Pipeline Collection : ['func.func']
    0.0040 ( 50.0%)  'func.func' Pipeline
    0.0035 ( 43.8%)  CSE
    0.0020 ( 25.0%)  Parser
    0.0010 ( 12.5%)  Output
    0.0005 (  6.2%)  Rest
    0.0080 (100.0%)  Total
""",
        ),
    ],
)
def test_report_layout_is_mlirs(display, expected):
    manager = _manager(display)
    manager.root.stop()  # not started: keeps its wall time
    report = manager.report()
    assert (
        report
        == (
            HEADER + "  Total Execution Time: 0.0080 seconds\n\n  ----Wall Time----  ----Name----\n"
        )
        + expected
    )


@pytest.mark.parametrize("display", ["tree", "list"])
def test_rows_agree_with_iree_opt(display: str, tmp_path):
    """The same rows as `iree-opt --mlir-disable-threading`, but for MLIR's analysis rows
    (`(A) DominanceInfo`): irc has no analysis manager. The list is compared as a set of
    names, since the order follows the times."""
    import shutil
    import subprocess

    from irc.passes.registry import PASSES
    from tests.test_mlir_agreement import iree_opt_binary

    if shutil.which("iree-opt") is None or "cse" not in PASSES:
        pytest.skip("needs iree-opt and a cse pass")
    path = tmp_path / "in.mlir"
    path.write_text(SOURCE)
    args = [
        "--mlir-timing",
        f"--mlir-timing-display={display}",
        "--pass-pipeline=builtin.module(func.func(cse,strip-debuginfo),strip-debuginfo)",
        str(path),
    ]
    mlir = subprocess.run(
        [iree_opt_binary(), "--mlir-disable-threading", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert mlir.returncode == 0, mlir.stderr
    expected = [name for _, _, name in rows(mlir.stderr) if "(A)" not in name]
    found = [name for _, _, name in rows(run(args)[2])]
    if display == "list":
        expected, found = sorted(expected), sorted(found)
    assert found == expected
