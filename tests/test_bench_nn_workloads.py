"""Tests of benchmarks/nn_workloads.py at its --quick sizes: every nn program compiles
through irc.jit and gives numpy's result within the stated tolerance (no timing assertions)."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout

import numpy as np
import pytest

from benchmarks import nn_workloads
from benchmarks.common import parse_target
from benchmarks.nn_workloads import QUICK, Workload, workloads

QUICK_WORKLOADS = workloads(QUICK)


def by_key(workload: Workload) -> str:
    return workload.key


def test_the_five_workloads_and_their_targets():
    assert [w.key for w in QUICK_WORKLOADS] == ["W1", "W2", "W3", "W4", "MLP"]
    assert set(nn_workloads.TOLERANCES) == {w.key for w in QUICK_WORKLOADS}
    targets = {w.key: w.target for w in workloads(nn_workloads.FULL)}
    assert targets == {
        "W1": "irc faster than numpy",
        "W2": "irc <= 2.857x numpy",
        "W3": "irc faster than numpy",
        "W4": "irc faster than numpy",
        "MLP": "irc <= 3x numpy",
    }
    for text in targets.values():
        parse_target(text)


@pytest.mark.parametrize("workload", QUICK_WORKLOADS, ids=by_key)
def test_programs_have_static_shapes_and_float32_inputs(workload: Workload):
    assert "?" not in workload.source
    assert all(array.dtype == np.float32 for array in workload.inputs)


@pytest.mark.parametrize("workload", QUICK_WORKLOADS, ids=by_key)
def test_irc_gives_numpys_result(workload: Workload):
    compiled, _ = nn_workloads.compile_irc(workload)
    nn_workloads.check("irc", workload, compiled(*workload.inputs))


@pytest.mark.parametrize("workload", QUICK_WORKLOADS, ids=by_key)
def test_numpy_in_float32_is_within_the_tolerance(workload: Workload):
    """The tolerances are loose enough for a float32 implementation that is right."""
    nn_workloads.check("numpy", workload, nn_workloads.NUMPY[workload.key](*workload.inputs))


def test_check_rejects_a_wrong_result():
    workload = QUICK_WORKLOADS[0]
    wrong = nn_workloads.NUMPY[workload.key](*workload.inputs) * np.float32(1.001)
    with pytest.raises(AssertionError, match="W1 .*irc against numpy f64"):
        nn_workloads.check("irc", workload, wrong)
    with pytest.raises(AssertionError, match="shape"):
        nn_workloads.check("irc", workload, wrong[:-1])


def test_the_quick_run_prints_every_row_and_checks_no_target(monkeypatch):
    monkeypatch.setattr(nn_workloads, "installed_peers", lambda: ([], ["peers: skipped"]))
    out = io.StringIO()
    with redirect_stdout(out):
        status = nn_workloads.main(["--quick", "--repeat", "1", "--warmup", "0"])
    text = out.getvalue()
    assert status == 0
    for workload in QUICK_WORKLOADS:
        assert text.count(workload.label) >= 2  # timings, compile time
    assert not re.findall(r"^(met   |MISSED) \[", text, re.MULTILINE)
    assert "--quick: the sizes are too small for the targets; none checked" in text
    assert "GFLOP/s" in text and "peers: skipped" in text and "other processes" in text


def test_contention_is_reported_per_row():
    assert nn_workloads.contention_lines({"W1": None}) == [
        "other processes: not measured (no /proc/stat)"
    ]
    assert nn_workloads.contention_lines({"W1": 0.01, "W2": None}) == [
        "other processes used under 5% of the cores while each row ran"
    ]
    assert nn_workloads.contention_lines({"W1": 0.01, "W2": 0.5}) == [
        "other processes used 50% of the cores during W2 (best of 3 tries): its timings, "
        "and whether its target was met, are unreliable"
    ]


class FakeOtherProcesses:
    """Other processes' share of the cores during each try, from a list."""

    shares: list[float] = []

    def share(self) -> float:
        return self.shares.pop(0)


@pytest.mark.parametrize(
    "shares, kept, tries", [([0.5, 0.2, 0.3], 0.2, 3), ([0.5, 0.01, 0.3], 0.01, 2)]
)
def test_a_disturbed_row_is_timed_again_and_the_quietest_try_kept(monkeypatch, shares, kept, tries):
    FakeOtherProcesses.shares = list(shares)
    monkeypatch.setattr(nn_workloads, "OtherProcesses", FakeOtherProcesses)
    calls = []
    peer = nn_workloads.Peer(lambda: calls.append(1))
    args = nn_workloads.common.parse_args(argv=["--repeat", "1", "--warmup", "0"])
    timings, share = nn_workloads.time_row({"numpy": peer}, args)
    assert share == kept and len(calls) == tries and set(timings) == {"numpy"}
