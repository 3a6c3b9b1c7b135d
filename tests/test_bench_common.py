"""Tests of benchmarks/common.py: statistics, ratios, tables and target checks (no real timing)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from benchmarks import common
from benchmarks.common import Table, Target, Timing, parse_target


class FakeClock:
    """A clock that only moves when the timed function runs, by the next given duration."""

    def __init__(self, durations: list[float]):
        self.now = 0.0
        self.durations = list(durations)
        self.calls = 0

    def __call__(self) -> float:
        return self.now

    def work(self) -> None:
        self.calls += 1
        self.now += self.durations.pop(0)


def test_time_callable_skips_warmup_and_reports_median_and_min():
    clock = FakeClock([100.0, 100.0, 3.0, 1.0, 2.0, 5.0])
    timing = common.time_callable(clock.work, warmup=2, repeat=4, clock=clock)
    assert clock.calls == 6
    assert timing.times == (3.0, 1.0, 2.0, 5.0)
    assert timing.median == 2.5
    assert timing.min == 1.0


def test_time_callable_divides_by_number_and_takes_options_from_args():
    clock = FakeClock([1.0, 2.0, 4.0, 2.0, 6.0])
    args = common.parse_args(argv=["--repeat", "2", "--warmup", "1"])
    timing = common.time_callable(clock.work, number=2, args=args, clock=clock)
    assert timing.times == (3.0, 4.0)
    assert timing.median == 3.5
    with pytest.raises(ValueError):
        common.time_callable(clock.work, repeat=0)


def test_parse_args_defaults_and_flags():
    args = common.parse_args(argv=[])
    assert (args.repeat, args.warmup, args.check) == (5, 1, False)
    args = common.parse_args(argv=["--check", "--repeat", "9"])
    assert (args.repeat, args.check) == (9, True)
    with pytest.raises(SystemExit):
        common.parse_args(argv=["--repeat", "0"])


def test_ratio():
    assert common.ratio(1.0, 4.0) == 0.25
    assert common.ratio(None, 4.0) is None
    assert common.ratio(1.0, None) is None
    assert common.ratio(1.0, 0.0) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("irc <= 5.0 s", Target("irc <= 5.0 s", "irc", 5.0)),
        ("irc < 200 ms", Target("irc < 200 ms", "irc", 0.2, strict=True)),
        ("irc<=40us", Target("irc<=40us", "irc", 40 * 1e-6)),
        ("irc faster than numpy", Target("irc faster than numpy", "irc", 1.0, "numpy", True)),
        ("irc <= 1.5x jax", Target("irc <= 1.5x jax", "irc", 1.5, "jax")),
        ("irc < 2 x torch", Target("irc < 2 x torch", "irc", 2.0, "torch", True)),
    ],
)
def test_parse_target(text: str, expected: Target):
    assert parse_target(text) == expected


@pytest.mark.parametrize("text", ["irc fast", "irc <= 5 minutes", "<= 5 s", "irc slower than x"])
def test_parse_target_rejects_unknown_sentences(text: str):
    with pytest.raises(ValueError, match="cannot read the target"):
        parse_target(text)


def test_target_checks():
    row = {"irc": 0.002, "numpy": 0.004, "jax": None}
    assert parse_target("irc <= 2 ms").check(row)[0]
    assert not parse_target("irc < 2 ms").check(row)[0]
    assert parse_target("irc faster than numpy").check(row) == (True, "irc 2 ms, numpy 4 ms")
    assert not parse_target("numpy faster than irc").check(row)[0]
    assert parse_target("numpy <= 2x irc").check(row)[0]
    assert not parse_target("numpy < 2x irc").check(row)[0]
    assert parse_target("irc faster than jax").check(row) == (False, "not measured: jax")
    assert parse_target("torch <= 1 s").check(row) == (False, "not measured: torch")


def make_table() -> Table:
    table = Table("exp", baseline="numpy")
    table.add("n=1k", "numpy", Timing((0.004, 0.002, 0.003)))
    table.add("n=1k", "irc", 0.0015)
    table.add("n=1k", "jax", None)
    table.add("n=1M", "numpy", 0.5)
    table.add("n=1M", "irc", 0.75)
    return table


def test_table_renders_values_in_one_unit_and_ratios_against_the_baseline():
    lines = make_table().render().splitlines()
    assert lines[0] == "exp (median, ms)"
    assert lines[1].split() == ["workload", "numpy", "irc", "jax", "irc/numpy", "jax/numpy"]
    assert lines[2].split() == ["n=1k", "3", "1.5", "-", "0.50x", "-"]
    assert lines[3].split() == ["n=1M", "500", "750", "-", "1.50x", "-"]
    table = Table("t")
    table.add("w", "irc", 1.0)
    assert table.render().splitlines()[0] == "t (median, s)"
    table.add("w", "irc", 2e-4)
    assert table.render().splitlines()[0] == "t (median, us)"


def test_table_unit_and_ratio_selection():
    table = Table("t", baseline="numpy", ratios=["irc"], unit="s")
    table.add("w", "numpy", 2.0)
    table.add("w", "irc", 1.0)
    table.add("w", "torch", 4.0)
    assert table.render().splitlines()[1:] == [
        "workload  numpy  irc  torch  irc/numpy",
        "w             2    1      4      0.50x",
    ]
    assert Table("t").ratio_columns() == []
    with pytest.raises(ValueError):
        Table("t", unit="minutes")


def test_finish_fails_only_with_check_and_names_the_missed_targets():
    table = make_table()
    table.target("n=1k", "irc faster than numpy")
    table.target("n=1M", "irc faster than numpy")
    table.target("n=1k", "irc <= 1.5x jax")
    out = io.StringIO()
    assert common.finish(common.parse_args(argv=[]), [table], file=out) == 0
    assert common.finish(common.parse_args(argv=["--check"]), [table], file=out) == 1
    lines = out.getvalue().splitlines()[:4]
    assert lines[0] == "met    [exp] n=1k: irc faster than numpy (irc 1.5 ms, numpy 3 ms)"
    assert lines[1] == "MISSED [exp] n=1M: irc faster than numpy (irc 750 ms, numpy 500 ms)"
    assert lines[2] == "MISSED [exp] n=1k: irc <= 1.5x jax (not measured: jax)"
    assert lines[3] == "2 of 3 targets missed"


def test_finish_passes_when_every_target_is_met():
    table = make_table()
    table.target("n=1k", "irc faster than numpy")
    assert common.finish(common.parse_args(argv=["--check"]), [table], file=io.StringIO()) == 0


def test_cleaned_environ_removes_only_the_openblas_overrides():
    assert common.cleaned_environ({"PATH": "/bin"}) is None
    environ = {"PATH": "/bin", "OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_L2_SIZE": "512"}
    assert common.cleaned_environ(environ) == {"PATH": "/bin"}
    assert common.cleaned_environ({"OPENBLAS_L2_SIZE": "1", "OPENBLAS_NUM_THREADS": "1"}) == {
        "OPENBLAS_NUM_THREADS": "1"
    }


def test_only_a_benchmark_main_program_is_re_executed():
    def module(spec_name: str | None = None, file: str | None = None) -> types.ModuleType:
        main = types.ModuleType("__main__")
        main.__spec__ = types.SimpleNamespace(name=spec_name) if spec_name else None
        if file:
            main.__file__ = file
        return main

    assert common.main_is_benchmark(module("benchmarks.exp"))
    assert common.main_is_benchmark(module(file=str(common.BENCHMARKS_DIR / "exp.py")))
    assert not common.main_is_benchmark(module("pytest"))
    assert not common.main_is_benchmark(module(file=str(Path(__file__))))
    assert not common.main_is_benchmark(module())
    assert not common.main_is_benchmark(None)


def test_machine_info_names_the_cpu_numpy_and_every_peer():
    info = common.machine_info()
    assert info["cpu"]
    assert info["python"].startswith("3.")
    assert info["numpy"][0].isdigit()
    assert set(common.PEERS) <= set(info)
    out = io.StringIO()
    common.print_machine_info(out)
    assert "llvmlite" in out.getvalue()


REEXEC_PROBE = """
import os, sys, types
sys.modules["__main__"].__spec__ = types.SimpleNamespace(name="benchmarks.probe")
print("before:", os.environ.get("OPENBLAS_CORETYPE"), flush=True)
from benchmarks import common
print("after:", os.environ.get("OPENBLAS_CORETYPE"), os.environ.get("OPENBLAS_L2_SIZE"))
"""


def test_a_benchmark_re_executes_itself_without_the_openblas_overrides():
    repo_root = Path(__file__).resolve().parent.parent
    environ = {**os.environ, "OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_L2_SIZE": "512"}
    environ["PYTHONPATH"] = str(repo_root)
    completed = subprocess.run(
        [sys.executable, "-c", REEXEC_PROBE],
        cwd=repo_root,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == ["before: Haswell", "before: None", "after: None None"]
    assert "re-running without OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE" in completed.stderr
