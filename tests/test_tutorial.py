"""docs/tutorial.md stays true: its model parses, its stabilized form and its error are
what irc prints, and its Python session gives the numbers it shows."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np

import irc
from irc.tools.irc_opt import run

TUTORIAL = Path(__file__).resolve().parent.parent / "docs" / "tutorial.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", TUTORIAL.read_text(), re.S)


def test_the_model_is_stabilized_as_shown():
    model = _blocks("mlir")[0]
    shown = _blocks("mlir")[1].strip()
    code, out, err = run(["--nn-stabilize", "-"], model)
    assert code == 0, err
    assert shown in out


def test_the_shape_error_is_the_one_shown():
    model = _blocks("mlir")[0]
    bad = model.replace("%b: tensor<3xf32>", "%b: tensor<5xf32>").replace(
        "(tensor<?x3xf32>, tensor<3xf32>)", "(tensor<?x3xf32>, tensor<5xf32>)"
    )
    shown = _blocks("")[0].splitlines()[0]
    code, _, err = run(["-"], bad)
    assert code == 1
    assert shown.replace("classifier.mlir", "<stdin>") in err


def test_the_python_session_gives_log_3(tmp_path, monkeypatch):
    (tmp_path / "classifier.mlir").write_text(_blocks("mlir")[0])
    monkeypatch.chdir(tmp_path)
    printed = []
    session = _blocks("python")[0].replace("print(", "printed.append(")
    exec(session, {"printed": printed, "np": np, "irc": irc})  # noqa: S102 - the doc's code
    assert abs(float(printed[0]) - math.log(3)) < 1e-6
