"""The README's quick start: its main job runs and prints what the example computes."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import numpy as np

from irc.tools import irc_run

README = Path(__file__).resolve().parent.parent / "README.md"


def test_main_job_runs():
    text = README.read_text()
    command = re.search(r"```sh\npip install -e \. && (irc-run [^\n]+)\n```", text).group(1)
    argv = shlex.split(command)[1:]
    code, out, err = irc_run.run(argv)
    assert code == 0, err
    header, values = out.split("\n", 1)
    assert header == "arg1: memref<?xf32> ="
    y = np.array(json.loads(values))  # the printed list of the written output argument
    x = np.random.default_rng(0).random(8).astype(np.float32)  # irc-run's `rand`, seed 0
    expected = np.tanh(x * 0.5 + 0.1) / (1 + np.exp(-x)) + np.exp(-x * x)
    np.testing.assert_allclose(y, expected, rtol=1e-6)
