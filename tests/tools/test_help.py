"""--help and --list-passes: every flag and every registered pass, with options and defaults."""

from __future__ import annotations

import re

import pytest

from irc.passes.pass_manager import pass_class
from irc.passes.registry import PASSES
from irc.tools.gen_pass_docs import describe_options
from irc.tools.irc_opt import build_argument_parser, run


@pytest.mark.parametrize("flag", ["--help", "-help", "-h"])
def test_help_lists_every_flag_and_pass_and_reads_no_input(flag: str):
    code, out, err = run([flag], stdin_text="this is not read")
    assert code == 0 and err == ""
    assert out.startswith("OVERVIEW: irc modular optimizer driver")
    assert "USAGE: irc-opt [options] <input file>" in out
    for action in build_argument_parser()._actions:
        if action.option_strings:
            longest = max(action.option_strings, key=len)
            assert re.search(rf"^  {re.escape(longest)}[ =]", out, re.M), longest
    for name in PASSES:
        assert f"    --{name} " in out


def test_list_passes_shows_each_option_with_its_type_and_default(test_passes):
    code, out, _ = run(["--list-passes"])
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Passes:"
    for name in PASSES:
        cls = pass_class(name)
        row = next(line for line in lines if line.startswith(f"  --{name} "))
        assert row.endswith(f"-   {cls.summary}")
        for info in describe_options(cls):
            default = f"(default: {info.default or repr('')})"
            assert any(
                line.startswith(f"    --{info.name}") and default in line for line in lines
            ), (name, info.name)
    assert re.search(r"^    --max-iterations=<int> +- how many rounds \(default: 10\)$", out, re.M)
    assert re.search(r"^    --top-down +- walk from the top \(default: true\)$", out, re.M)
    assert re.search(r"^    --labels=<string,...> +- labels to use \(default: ''\)$", out, re.M)
    assert re.search(r"^    --ratio=<number> +- a float \(default: 0.5\)$", out, re.M)
    columns = {line.index(" - ") for line in lines if line.startswith("    --")}
    assert len(columns) == 1, "the descriptions line up"


def test_list_passes_shows_pipelines(monkeypatch):
    from irc.passes.registry import PIPELINES

    monkeypatch.setitem(PIPELINES, "test-pipeline", ("Strip, then draw", "strip-debuginfo"))
    out = run(["--list-passes"])[1]
    pipelines = out.split("Pass Pipelines:\n", 1)[1]
    assert "\n  --test-pipeline " in "\n" + pipelines and "  --nn-to-loops " in pipelines
    assert "-   Strip, then draw\n    = strip-debuginfo\n" in out
