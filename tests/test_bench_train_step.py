"""Tests of benchmarks/train_step.py: the run with numpy and irc only (the peers left out,
one timed step each, no idling between them) prints both rows and passes its equality
check, which rejects a step that computes something else (no timing assertions), on
random data of the digits' shapes. Most of the run is irc's cold compile of the step (about
8 s)."""

from __future__ import annotations

import functools
import io
import re
from contextlib import redirect_stdout

import numpy as np
import pytest

from benchmarks import common, nn_workloads, train_step
from benchmarks.common import parse_target


class QuietOtherProcesses:
    """No other process on the cores, so no row is timed again."""

    def share(self) -> float:
        return 0.0


def digits_like() -> dict[str, np.ndarray]:
    """Pixels and labels of the digits' shapes, without importing scikit-learn (1-2 s)."""
    rng = np.random.default_rng(0)
    count = 1437
    return {
        "x": rng.random((count, 64), dtype=np.float32),
        "labels": rng.integers(0, 10, count, dtype=np.int32),
    }


def test_the_run_with_numpy_and_irc_prints_both_rows_and_checks_the_losses(monkeypatch):
    monkeypatch.setattr(nn_workloads, "OtherProcesses", QuietOtherProcesses)
    monkeypatch.setattr(train_step, "training_digits", digits_like)
    no_settling = functools.partial(common.time_callable, settle=0.0)
    monkeypatch.setattr(common, "time_callable", no_settling)
    out = io.StringIO()
    with redirect_stdout(out):
        status = train_step.main(["--repeat", "1", "--warmup", "0"], peers=[])
    text = out.getvalue()
    assert status == 0
    for size in train_step.BATCHES:
        row = re.search(rf"^batch {size} +([\d.]+) +([\d.]+) +- +- +- ", text, re.MULTILINE)
        assert row is not None, text
        assert float(row[1]) > 0 and float(row[2]) > 0  # numpy, irc
    assert "empty disk cache" in text and "(disk cache)" in text
    losses = re.findall(r"^  (numpy|irc) +([\d.]+) +([\d.]+) +([\d.]+)$", text, re.MULTILINE)
    assert [name for name, *_ in losses] == ["numpy", "irc"]
    (_, *numpy_losses), (_, *irc_losses) = losses
    np.testing.assert_allclose(np.float64(irc_losses), np.float64(numpy_losses), rtol=1e-4)
    checked = re.findall(r"^(?:met   |MISSED) \[one training step[^]]*\] (batch \d+): (.*) \(",
                         text, re.MULTILINE)  # fmt: skip
    assert checked == [("batch 64", "irc <= 5x numpy"), ("batch 512", "irc <= 5x numpy")]
    assert "batch 64: target 'irc <= 3x torch' left out, torch not measured" in text


def test_the_check_rejects_a_step_that_computes_something_else(monkeypatch):
    monkeypatch.setattr(train_step, "training_digits", digits_like)
    start = train_step.initial_params()

    def noise(x: np.ndarray, seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        return rng.standard_normal(x.shape, dtype=np.float32) * np.float32(train_step.NOISE)

    same = {"numpy": train_step.NumpyStep(start), "again": train_step.NumpyStep(start)}
    losses = train_step.check(same, noise, lambda t: t)
    assert losses["numpy"] == losses["again"] and len(losses["numpy"]) == train_step.CHECK_STEPS

    slower = train_step.NumpyStep(start)
    slower_lr = train_step.LR / 2

    def half_rate(x, labels, noise=None):
        # a step whose first loss is right and whose update is not
        loss = slower(x, labels, noise)
        for p, m in zip(slower.params, slower.m, strict=True):
            p += np.float32(slower_lr) * np.sign(m)
        return loss

    wrong = {"numpy": train_step.NumpyStep(start), "wrong": half_rate}
    with pytest.raises(AssertionError, match="wrong's first steps vs numpy's"):
        train_step.check(wrong, noise, lambda t: t)


def test_the_targets_read_and_those_against_numpy_are_always_checked():
    for size in train_step.BATCHES:
        targets = [parse_target(text) for text in train_step.TARGETS[size]]
        assert any(target.reference == "numpy" for target in targets)
        assert all(target.subject == "irc" for target in targets)
