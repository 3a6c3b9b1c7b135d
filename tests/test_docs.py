"""The dialect reference in docs/dialects/ is generated from the op declarations and must be
current: regenerate it with `python -m irc.tools.gendocs` after changing a dialect."""

from __future__ import annotations

from pathlib import Path

import pytest

from irc.dialects import DIALECTS
from irc.tools import gendocs

DOCS = Path(__file__).resolve().parents[1] / "docs" / "dialects"


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_dialect_docs_are_current(dialect: str, tmp_path: Path) -> None:
    gendocs.write_docs(tmp_path)
    name = f"{dialect}.md"
    committed = DOCS / name
    assert committed.exists(), f"docs/dialects/{name} is missing; run `{gendocs.COMMAND}`"
    fresh = (tmp_path / name).read_text(encoding="utf-8")
    assert committed.read_text(encoding="utf-8") == fresh, (
        f"docs/dialects/{name} is stale (the {dialect} declarations changed); "
        f"run `{gendocs.COMMAND}` and commit the result"
    )


def test_generation_is_deterministic() -> None:
    assert gendocs.generate() == gendocs.generate()


def test_check_mode_reports_stale_files(tmp_path: Path, capsys) -> None:
    assert gendocs.main(["--check", "--out", str(tmp_path)]) == 1
    assert gendocs.COMMAND in capsys.readouterr().err
    gendocs.main(["--out", str(tmp_path)])
    assert gendocs.main(["--check", "--out", str(tmp_path)]) == 0
    (tmp_path / "arith.md").write_text("edited by hand\n", encoding="utf-8")
    assert gendocs.main(["--check", "--out", str(tmp_path)]) == 1
    assert "arith.md is not current" in capsys.readouterr().err


def test_op_sections_carry_the_declaration() -> None:
    text = gendocs.dialect_markdown("arith")
    section = text[text.index("### `arith.constant`") : text.index("### `arith.divf`")]
    assert "A constant of an integer" in section
    assert "```mlir\n%c0 = arith.constant 0 : index" in section  # the docstring's example
    assert "arith.constant attr-dict $value" in section  # the assembly format
    assert "| `value` | any attribute | (required) |" in section
    assert "Traits: `Pure`." in section
    names = [line[5:-1] for line in text.splitlines() if line.startswith("### ")]
    assert names == sorted(names)


def test_one_line_docstrings_split_summary_and_example() -> None:
    summary, rest = gendocs.docstring_parts("Signed full-width multiply.   %l, %h = x.m %a : i32")
    assert summary == "Signed full-width multiply."
    assert rest == [("ir", "%l, %h = x.m %a : i32")]
