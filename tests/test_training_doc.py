"""docs/training.md stays true: its IR is the example's, its error is the one irc gives,
its Python sessions print what they show, and its command prints the header shown."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from irc.train import cli
from irc.train.model import Model, ModelError

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "training.md"
EXAMPLE = "examples/mlp_digits.mlir"


def _blocks(language: str) -> list[str]:
    """The page's fenced blocks of `language` ("" for plain ones), in order."""
    fences = re.findall(r"^```(\w*)\n(.*?)^```$", PAGE.read_text(), re.S | re.M)
    return [body for tag, body in fences if tag == language]


def _printed(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(PAGE), "exec"), {})
    return out.getvalue()


def test_the_ir_shown_is_the_examples():
    source = (ROOT / EXAMPLE).read_text()
    for block in _blocks("mlir"):
        assert block.rstrip() in source


def test_the_error_shown_is_the_one_irc_gives(tmp_path, monkeypatch):
    shown = _blocks("")[0].rstrip()
    (tmp_path / "examples").mkdir()
    (tmp_path / EXAMPLE).write_text((ROOT / EXAMPLE).read_text().replace(" {irc.seed}", ""))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ModelError) as caught:
        Model.load(EXAMPLE)
    assert str(caught.value) == shown


def test_the_training_step_session(monkeypatch):
    monkeypatch.chdir(ROOT)
    code = _blocks("python")[0]
    shown = code.split("# ")[-1].strip()
    assert _printed(code).strip() == shown


def test_the_command_header_is_the_one_shown(monkeypatch):
    monkeypatch.chdir(ROOT)
    header = _blocks("")[1].splitlines()[0]
    code, out, err = cli.run([EXAMPLE, "--steps", "1", "--no-progress"])
    assert code == 0, err
    assert out.splitlines()[0] == header.replace("3000 steps", "1 steps")


@pytest.mark.slow
def test_the_python_training_session(monkeypatch):
    """The session trains the MLP; its figures are the page's to float rounding (a
    different CPU may round differently, so the accuracy is held to the 95% bar)."""
    monkeypatch.chdir(ROOT)
    code = _blocks("python")[1]
    shown = code.rstrip().splitlines()[-1].removeprefix("# ")
    pattern = r"first loss (\d+\.\d+), last (\d+\.\d+), held out (\d+\.\d)%"
    expected = [float(v) for v in re.fullmatch(pattern, shown).groups()]
    got = [float(v) for v in re.fullmatch(pattern, _printed(code).strip()).groups()]
    assert got[0] == pytest.approx(expected[0], abs=0.05)
    assert got[1] < 0.1 and got[2] >= 95.0
