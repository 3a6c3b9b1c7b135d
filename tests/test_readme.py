"""The README's quick start: its main job trains the digits MLP to the accuracy it states."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from irc.tools import irc_run

README = Path(__file__).resolve().parent.parent / "README.md"


def _main_command() -> list[str]:
    text = README.read_text()
    command = re.search(r'```sh\npip install -e "\.\[train\]" && (irc-run [^\n]+)\n```', text)
    return shlex.split(command.group(1))[1:]


@pytest.mark.slow
def test_main_job_trains_the_mlp_past_95_percent():
    """Issue acceptance: the main command prints the loss curve and a held-out accuracy of
    at least 95% on the digits."""
    code, out, err = irc_run.run(_main_command())
    assert code == 0, err
    curve = [float(v) for v in re.findall(r"^\s+\d+  (\d+\.\d+)  █+$", out, re.M)]
    assert len(curve) == 20 and curve[-1] < 0.2 * curve[0], out
    accuracy = float(re.search(r"accuracy (\d+\.\d)% \(\d+/359\)", out).group(1))
    assert accuracy >= 95.0, out
