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
    header, values = out.split(" = ", 1)
    assert header == "result0: tensor<?xi64>"
    predicted = json.loads(values)
    rng = np.random.default_rng(0)  # irc-run's seeded fills, in argument order
    x = rng.standard_normal((4, 784)).astype(np.float32).astype(np.float64)
    w1 = rng.standard_normal((784, 128)).astype(np.float32).astype(np.float64)
    w2 = rng.standard_normal((128, 10)).astype(np.float32).astype(np.float64)
    logits = np.maximum(x @ w1, 0.0) @ w2  # the biases are zeros
    assert predicted == np.argmax(logits, axis=1).tolist()
