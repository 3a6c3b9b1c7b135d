"""Pipeline errors through irc-opt: each mistake gives a located error that quotes the
pipeline, puts a caret under the fault and, where one is known, says the fix ("did you
mean ...?"). No mistake reaches the input, and none is a traceback.

The passes used are the `test-*` passes of tests/tools/passes_for_tests.py (one anchored
on func.func with options of each kind, one anchored on builtin.module), so the messages do
not depend on other passes' options.
"""

from __future__ import annotations

import pytest

from irc.passes.pipeline import parse_pipeline
from irc.passes.registry import PASSES
from irc.tools.irc_opt import run
from tests.tools.passes_for_tests import TEST_PASSES

SOURCE = """\
func.func @f(%a: i32) -> i32 {
  return %a : i32
}
"""


@pytest.fixture(autouse=True)
def test_passes(monkeypatch):
    for name, target in TEST_PASSES.items():
        monkeypatch.setitem(PASSES, name, target)


def pipeline_error(pipeline: str) -> str:
    code, out, err = run([f"--pass-pipeline={pipeline}"], SOURCE)
    assert code == 1 and out == "", err
    assert "Traceback" not in err
    return err


def located(pipeline: str, column: int, message: str, note: str | None = None) -> str:
    """The rendered diagnostic: location, message, the pipeline, a caret, the note."""
    text = f"<pipeline>:1:{column}: error: {message}\n{pipeline}\n{' ' * (column - 1)}^\n"
    if note is not None:
        text += f"<pipeline>:1:{column}: note: {note}\n"
    return text


CASES = {
    "typo in a pass name": (
        "builtin.module(func.func(test-func-olny))",
        26,
        "'test-func-olny' does not refer to a registered pass or pass pipeline",
        "did you mean 'test-func-only'?",
    ),
    "unknown pass": (
        "builtin.module(frobnicate-everything)",
        16,
        "'frobnicate-everything' does not refer to a registered pass or pass pipeline",
        "irc-opt --list-passes lists them",
    ),
    "bad option name": (
        "builtin.module(func.func(test-func-only{max-iteration=3}))",
        41,
        "no option named 'max-iteration' for pass 'test-func-only'",
        "did you mean 'max-iterations'?",
    ),
    "option of a pass that takes none": (
        "builtin.module(test-nothing{verbose=1})",
        29,
        "no option named 'verbose' for pass 'test-nothing'",
        "'test-nothing' takes no options",
    ),
    "bad integer value": (
        "builtin.module(func.func(test-func-only{max-iterations=ten}))",
        56,
        "invalid value 'ten' for option 'max-iterations': expected an integer",
        "'max-iterations': how many rounds (default: 10)",
    ),
    "bad boolean value": (
        "builtin.module(func.func(test-func-only{mode=x top-down=yes}))",
        57,
        "invalid value 'yes' for option 'top-down': expected a boolean (true or false)",
        "'top-down': walk from the top (default: true)",
    ),
    "bad number value": (
        "builtin.module(func.func(test-func-only{ratio=1/2}))",
        47,
        "invalid value '1/2' for option 'ratio': expected a number",
        "'ratio': a float (default: 0.5)",
    ),
    "function pass on the module": (
        "builtin.module(test-func-only{mode=fast})",
        16,
        "'test-func-only' runs on 'func.func' ops and cannot run in the pass list of "
        "'builtin.module'",
        "did you intend to nest? write 'func.func(test-func-only{mode=fast})'",
    ),
    "module pass in a function pipeline": (
        "builtin.module(func.func(test-module-only))",
        26,
        "'test-module-only' runs on 'builtin.module' ops and cannot run in the pass list of "
        "'func.func'",
        "move it to the pass list of 'builtin.module'",
    ),
    "unclosed parenthesis": (
        "builtin.module(func.func(test-mark)",
        15,
        "unbalanced parentheses: the pass list of 'builtin.module' opened here is never closed",
        "add ')' at the end",
    ),
    "unclosed inner parenthesis": (
        "builtin.module(func.func(test-mark",
        25,
        "unbalanced parentheses: the pass list of 'func.func' opened here is never closed",
        "add ')' at the end",
    ),
    "extra closing parenthesis": (
        "builtin.module(test-mark))",
        26,
        "unbalanced parentheses: this ')' closes nothing",
        "remove it",
    ),
    "unclosed options": (
        "builtin.module(func.func(test-func-only{mode=x))",
        40,
        "missing '}' to close the pass options opened here",
        "options are written as pass{key=value key2=value2}",
    ),
    "missing comma": (
        "builtin.module(func.func(test-mark) test-nothing)",
        37,
        "expected ',' or ')' after a pass, found 't'",
        "separate the passes of a list with ','",
    ),
    "empty element": (
        "builtin.module(test-mark,,test-nothing)",
        26,
        "expected a pass or op name, found ','",
        None,
    ),
    "pass name used to nest": (
        "builtin.module(test-mark(test-nothing))",
        16,
        "'test-mark' is not an op name: only op names (such as func.func or any) nest a pass list",
        None,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_pipeline_mistakes_are_located_with_a_fix(case: str):
    pipeline, column, message, note = CASES[case]
    assert pipeline_error(pipeline) == located(pipeline, column, message, note)


def test_a_pipeline_anchored_on_the_wrong_op_is_reported_on_the_input():
    err = pipeline_error("func.func(test-mark)")
    assert err == (  # the implicit module is located at the start of the buffer, line 0
        "<stdin>:0:0: error: can't run 'func.func' pass manager on 'builtin.module' op\n"
        "<stdin>:0:0: note: nest it in the op's pipeline: "
        "'builtin.module(func.func(test-mark))'\n"
    )


def test_pass_pipeline_with_pass_flags_is_refused():
    code, out, err = run(["--pass-pipeline=builtin.module(test-mark)", "-test-nothing"], SOURCE)
    assert code == 1 and out == ""
    assert err == (
        "irc-opt: error: '--pass-pipeline' cannot be used with individual pass flags such as "
        "'-test-nothing'; write the whole pipeline in --pass-pipeline, or use only pass flags\n"
    )
    code, _, err = run(["-test-nothing", "--pass-pipeline", "builtin.module(test-mark)"], SOURCE)
    assert code == 1 and "cannot be used with individual pass flags" in err


@pytest.mark.parametrize(
    "flag, suggestion",
    [
        ("--test-mrak", "--test-mark"),
        ("-test-func-onyl=mode=x", "--test-func-only"),
        ("--mlir-print-ir-after-alll", "--mlir-print-ir-after-all"),
    ],
)
def test_unknown_flags_suggest_the_closest(flag, suggestion):
    code, out, err = run([flag], SOURCE)
    assert code == 1 and out == ""
    assert err == (
        f"irc-opt: Unknown command line argument '{flag}'.  Did you mean '{suggestion}'? "
        "Try: 'irc-opt --help'\n".replace(".  Did", ". Did")
    )


def test_errors_in_short_flag_options_quote_the_pipeline_they_make():
    err = run(["--test-func-only=max-iterations=x"], SOURCE)[2]
    pipeline = "builtin.module(func.func(test-func-only{max-iterations=x}))"
    assert err == located(
        pipeline,
        56,
        "invalid value 'x' for option 'max-iterations': expected an integer",
        "'max-iterations': how many rounds (default: 10)",
    )


def test_short_flags_nest_on_their_anchor_as_mlir_opt_does():
    code, out, _ = run(["-test-mark", "-test-func-only", "--test-func-only=mode=x"], SOURCE)
    assert code == 0
    assert "func.func @f(%arg0: i32) -> i32 attributes {test.seen} {" in out
    assert out.startswith("module attributes {test.marked} {")


def test_good_pipelines_round_trip_through_their_text():
    text = (
        "builtin.module(test-mark{attr=x.y},func.func(test-func-only{max-iterations=3 "
        "top-down=false labels=a,b}),test-module-only)"
    )
    assert parse_pipeline(text).pipeline_text() == text
    nested = "builtin.module(func.func(test-func-only),any(test-func-only))"
    assert parse_pipeline(nested).pipeline_text() == nested
