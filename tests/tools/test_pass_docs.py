"""docs/passes.md is generated from the pass registry (irc/tools/gen_pass_docs.py) and must
be current: regenerate it with `python -m irc.tools.gen_pass_docs` after adding or changing
a pass."""

from __future__ import annotations

from pathlib import Path

from irc.passes.registry import PASSES
from irc.tools import gen_pass_docs

DOCS = Path(__file__).resolve().parents[2] / "docs" / "passes.md"


def test_generation_is_deterministic():
    assert gen_pass_docs.passes_markdown() == gen_pass_docs.passes_markdown()


def test_every_pass_has_a_section_with_its_description():
    text = gen_pass_docs.passes_markdown()
    for name in PASSES:
        assert f"\n### `{name}`\n" in text
        assert f"tested by `tests/filecheck/{name}.mlir`" in text
    section = text[text.index("### `view-op-graph`") :]
    assert "Print Graphviz visualization of an operation" in section
    assert "| `max-label-len` | int | `20` | Limit attribute/type length" in section
    assert "| `print-attrs` | bool | `true` |" in section
    assert "| `output-file` | string | (empty) |" in section
    assert "view-op-graph: a Graphviz (dot) picture" in section  # the module docstring
    assert "Declared by `irc.tools.op_graph.ViewOpGraph`" in section


def test_options_of_each_kind(monkeypatch):
    from tests.tools.passes_for_tests import TEST_PASSES

    for name, target in TEST_PASSES.items():
        monkeypatch.setitem(PASSES, name, target)
    text = gen_pass_docs.passes_markdown()
    section = text[text.index("### `test-func-only`") : text.index("### `test-mark`")]
    assert "Runs on: `func.func` ops." in section
    assert "| `max-iterations` | int | `10` | how many rounds |" in section
    assert "| `ratio` | number | `0.5` | a float |" in section
    assert "| `labels` | string-list | (empty) | labels to use |" in section
    assert "| [`test-func-only`](#test-func-only) | `func.func` | A pass that runs on" in text


def test_check_mode_reports_a_stale_file(tmp_path: Path, capsys):
    out = tmp_path / "passes.md"
    assert gen_pass_docs.main(["--check", "--out", str(out)]) == 1
    assert gen_pass_docs.COMMAND in capsys.readouterr().err
    assert gen_pass_docs.main(["--out", str(out)]) == 0
    assert gen_pass_docs.main(["--check", "--out", str(out)]) == 0
    out.write_text("edited by hand\n", encoding="utf-8")
    assert gen_pass_docs.main(["--check", "--out", str(out)]) == 1
    assert "passes.md is not current" in capsys.readouterr().err


def test_committed_docs_are_current(tmp_path: Path):
    assert DOCS.exists(), f"docs/passes.md is missing; run `{gen_pass_docs.COMMAND}`"
    assert DOCS.read_text(encoding="utf-8") == gen_pass_docs.passes_markdown(), (
        "docs/passes.md is stale (a pass was added or its declaration changed); "
        f"run `{gen_pass_docs.COMMAND}` and commit the result"
    )
