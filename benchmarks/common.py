"""Shared runner for the scripts in benchmarks/: a clean environment, machine info, timing,
result tables with ratios, and targets that ``--check`` enforces.

Run a benchmark from the repository root as a module, so that ``benchmarks`` is this package and
not the one xdsl installs into site-packages::

    python -m benchmarks.NAME [--repeat N] [--warmup N] [--check]

A benchmark script reads like this::

    from benchmarks import common
    import numpy as np


    def main(argv: list[str] | None = None) -> int:
        args = common.parse_args(__doc__, argv)
        common.print_machine_info()
        table = common.Table("exp, f32", baseline="numpy")
        x = np.random.default_rng(0).random(1 << 22, dtype=np.float32)
        table.add("n=4M", "numpy", common.time_callable(lambda: np.exp(x), args=args))
        table.add("n=4M", "irc", common.time_callable(irc_exp, args=args))
        table.target("n=4M", "irc faster than numpy")
        table.print()
        return common.finish(args, [table])


    if __name__ == "__main__":
        raise SystemExit(main())

Environment: some machines set OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which pin OpenBLAS to other
kernels than the CPU's own. OpenBLAS reads them once, when numpy is first imported, so deleting
them from os.environ inside the script would be too late. Instead, when this module is imported
by a benchmark run as the main program and either variable is set, it re-executes the same
command with both removed (os.execve), before any timing starts. Under pytest nothing happens.

Targets are short sentences about one workload's row (implementation names are single words):

- ``"irc <= 5.0 s"``, ``"irc < 200 ms"``, ``"irc <= 40 us"``: an absolute bound on the median;
- ``"irc faster than numpy"``: the median below the other implementation's;
- ``"irc <= 1.5x jax"``: within a factor of the other implementation's median.

Every run prints whether each target was met; with ``--check`` the script exits 1 when one was
missed (or could not be measured), naming it.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import importlib.util
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TextIO

BENCHMARKS_DIR = Path(__file__).resolve().parent

CLEANED_ENV_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
SETTLE_S = 0.3  # idle time before each timed implementation: see time_callable

# Distribution name -> module name, for the peers whose versions a run reports.
PEERS = {
    "llvmlite": "llvmlite",
    "xdsl": "xdsl",
    "pytensor": "pytensor",
    "jax": "jax",
    "torch": "torch",
    "iree-base-compiler": "iree.compiler",
}

THREAD_ENV_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


# ---------------------------------------------------------------------------------------------
# A clean environment


def cleaned_environ(environ: Mapping[str, str]) -> dict[str, str] | None:
    """``environ`` without CLEANED_ENV_VARS, or None when none of them is set."""
    if not any(name in environ for name in CLEANED_ENV_VARS):
        return None
    return {name: value for name, value in environ.items() if name not in CLEANED_ENV_VARS}


def main_is_benchmark(main: ModuleType | None) -> bool:
    """Whether the main program is a script of benchmarks/ (``-m benchmarks.x`` or a path)."""
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name:
        return spec.name.startswith("benchmarks.")
    file = getattr(main, "__file__", None)
    return file is not None and Path(file).resolve().parent == BENCHMARKS_DIR


def reexec_with_clean_environment() -> None:
    """Re-run this very command without CLEANED_ENV_VARS when a benchmark runs with them set."""
    environ = cleaned_environ(os.environ)
    if environ is None or not main_is_benchmark(sys.modules.get("__main__")):
        return
    removed = ", ".join(name for name in CLEANED_ENV_VARS if name in os.environ)
    print(f"benchmarks: re-running without {removed}", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, sys.orig_argv, environ)


reexec_with_clean_environment()


# ---------------------------------------------------------------------------------------------
# Machine info


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, or what the platform module knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def peer_version(distribution: str, module: str) -> str | None:
    """The installed version of an optional peer, or None when it is not importable."""
    try:
        if importlib.util.find_spec(module) is None:
            return None
        return importlib.metadata.version(distribution)
    except (ImportError, ValueError, importlib.metadata.PackageNotFoundError):
        return None


def importable_peers(modules: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """Those of the peers (name -> module) that import, and a note for each one that does
    not, for the script to print under its table."""
    found, notes = [], []
    for name, module in modules.items():
        try:
            __import__(module)
        except ImportError as exc:
            notes.append(f"{name}: n/a, not installed ({exc}); its column is empty")
        else:
            found.append(name)
    return found, notes


def numpy_description() -> str:
    import numpy

    try:
        blas = numpy.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{numpy.__version__} ({blas['name']} {blas.get('version', '')})".replace(" )", ")")
    except Exception:  # the layout of show_config varies between numpy versions
        return numpy.__version__


def machine_info() -> dict[str, str]:
    """What a reader needs to compare timings: CPU, cores, Python, numpy and the peers."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    info = {
        "cpu": cpu_model(),
        "cores": f"{os.cpu_count()} logical, {usable} usable",
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "numpy": numpy_description(),
    }
    for distribution, module in PEERS.items():
        info[distribution] = peer_version(distribution, module) or "not installed"
    for name in THREAD_ENV_VARS:
        if name in os.environ:
            info[name] = os.environ[name]
    return info


def print_machine_info(file: TextIO | None = None) -> None:
    info = machine_info()
    width = max(map(len, info))
    for key, value in info.items():
        print(f"{key:<{width}}  {value}", file=file or sys.stdout)
    print(file=file or sys.stdout)


# ---------------------------------------------------------------------------------------------
# Timing


@dataclass(frozen=True)
class Timing:
    """Seconds per call, one entry per measured run."""

    times: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def min(self) -> float:
        return min(self.times)


def time_callable(
    fn: Callable[[], object],
    *,
    repeat: int = 5,
    warmup: int = 1,
    number: int = 1,
    args: argparse.Namespace | None = None,
    clock: Callable[[], float] = time.perf_counter,
    settle: float = SETTLE_S,
) -> Timing:
    """Call ``fn`` ``warmup`` times untimed, then time ``repeat`` runs of ``number`` calls each.

    ``args`` (from parse_args) supplies ``repeat`` and ``warmup`` from the command line.
    The garbage collector is off while timing, as in timeit. First it sleeps ``settle``
    seconds: the idle threads of the implementation timed before (OpenBLAS's spin for
    about 0.1 s after a call) would otherwise hold cores that this one's threads need -
    measured: irc's 2-thread matmul took 10.3 ms right after numpy's and 6.2 ms a second
    later.
    """
    if args is not None:
        repeat, warmup = args.repeat, args.warmup
    if repeat < 1 or number < 1:
        raise ValueError("repeat and number must be at least 1")
    time.sleep(settle)
    for _ in range(warmup):
        fn()
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        times = []
        for _ in range(repeat):
            start = clock()
            for _ in range(number):
                fn()
            times.append((clock() - start) / number)
    finally:
        if gc_was_enabled:
            gc.enable()
    return Timing(tuple(times))


# ---------------------------------------------------------------------------------------------
# Targets

_UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6}
_NUMBER = r"(?P<number>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)"
_ABSOLUTE = re.compile(rf"^(?P<subject>\S+)\s*(?P<op><=|<)\s*{_NUMBER}\s*(?P<unit>s|ms|us)$")
_RELATIVE = re.compile(rf"^(?P<subject>\S+)\s*(?P<op><=|<)\s*{_NUMBER}\s*x\s+(?P<reference>\S+)$")
_FASTER = re.compile(r"^(?P<subject>\S+)\s+faster\s+than\s+(?P<reference>\S+)$")


@dataclass(frozen=True)
class Target:
    """A bound on one implementation's median: absolute (seconds) or relative to another's."""

    text: str
    subject: str
    bound: float  # seconds, or a factor of the reference's median
    reference: str | None = None  # None: the bound is absolute
    strict: bool = False  # < rather than <=

    def check(self, row: Mapping[str, float | None]) -> tuple[bool, str]:
        """Whether the row meets this target, and a one-line reason."""
        measured = {name: row.get(name) for name in (self.subject, self.reference) if name}
        missing = [name for name, value in measured.items() if value is None]
        if missing:
            return False, f"not measured: {', '.join(missing)}"
        limit = self.bound if self.reference is None else self.bound * measured[self.reference]
        value = measured[self.subject]
        met = value < limit if self.strict else value <= limit
        details = ", ".join(f"{name} {format_seconds(value)}" for name, value in measured.items())
        return met, details


def parse_target(text: str) -> Target:
    """Parse a target sentence (see the module docstring); raise ValueError when it is not one."""
    spec = " ".join(text.split())
    if match := _ABSOLUTE.match(spec):
        bound = float(match["number"]) * _UNITS[match["unit"]]
        return Target(text, match["subject"], bound, None, match["op"] == "<")
    if match := _RELATIVE.match(spec):
        return Target(
            text, match["subject"], float(match["number"]), match["reference"], match["op"] == "<"
        )
    if match := _FASTER.match(spec):
        return Target(text, match["subject"], 1.0, match["reference"], strict=True)
    raise ValueError(
        f"cannot read the target {text!r}; write 'IMPL <= 5 ms', 'IMPL faster than OTHER' "
        "or 'IMPL <= 1.5x OTHER'"
    )


@dataclass(frozen=True)
class TargetResult:
    table: str
    workload: str
    target: Target
    met: bool
    reason: str

    def __str__(self) -> str:
        status = "met   " if self.met else "MISSED"
        return f"{status} [{self.table}] {self.workload}: {self.target.text} ({self.reason})"


# ---------------------------------------------------------------------------------------------
# Tables


def format_seconds(seconds: float) -> str:
    for unit in ("s", "ms", "us"):
        if seconds >= _UNITS[unit] or unit == "us":
            return f"{seconds / _UNITS[unit]:.3g} {unit}"
    raise AssertionError("unreachable")


def ratio(value: float | None, baseline: float | None) -> float | None:
    """value / baseline; below 1 means faster than the baseline. None when either is missing."""
    if value is None or baseline is None or baseline <= 0:
        return None
    return value / baseline


class Table:
    """Timings: rows are workloads, columns implementations, cells median seconds.

    Each column other than ``baseline`` (or those named in ``ratios``) gets a ratio column
    ``name/baseline``. ``unit`` is "s", "ms" or "us"; by default it fits the largest value.
    """

    def __init__(
        self,
        title: str,
        baseline: str | None = None,
        *,
        ratios: Sequence[str] | None = None,
        unit: str | None = None,
    ):
        if unit is not None and unit not in _UNITS:
            raise ValueError(f"unit must be one of {', '.join(_UNITS)}")
        self.title = title
        self.baseline = baseline
        self.ratios = ratios
        self.unit = unit
        self.rows: dict[str, dict[str, float | None]] = {}
        self.columns: list[str] = []
        self.targets: list[tuple[str, Target]] = []

    def add(self, workload: str, implementation: str, value: Timing | float | None) -> None:
        """Record a median (a Timing, or seconds); None marks an implementation not measured."""
        if implementation not in self.columns:
            self.columns.append(implementation)
        seconds = value.median if isinstance(value, Timing) else value
        self.rows.setdefault(workload, {})[implementation] = seconds

    def target(self, workload: str, text: str) -> None:
        """Declare a target for one workload's row; the sentence is checked at once."""
        self.targets.append((workload, parse_target(text)))

    def ratio_columns(self) -> list[str]:
        if self.baseline is None:
            return []
        names = self.ratios if self.ratios is not None else self.columns
        return [name for name in names if name != self.baseline]

    def display_unit(self) -> str:
        if self.unit is not None:
            return self.unit
        values = [value for row in self.rows.values() for value in row.values() if value]
        largest = max(values, default=1.0)
        return "s" if largest >= 1.0 else "ms" if largest >= 1e-3 else "us"

    def render(self) -> str:
        unit = self.display_unit()
        header = ["workload", *self.columns]
        header += [f"{name}/{self.baseline}" for name in self.ratio_columns()]
        lines = [header]
        for workload, row in self.rows.items():
            cells = [workload]
            for name in self.columns:
                value = row.get(name)
                cells.append("-" if value is None else f"{value / _UNITS[unit]:.4g}")
            for name in self.ratio_columns():
                factor = ratio(row.get(name), row.get(self.baseline))
                cells.append("-" if factor is None else f"{factor:.2f}x")
            lines.append(cells)
        widths = [max(len(line[index]) for line in lines) for index in range(len(header))]
        text = [f"{self.title} (median, {unit})"]
        for cells in lines:
            first = cells[0].ljust(widths[0])
            rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
            text.append("  ".join([first, *rest]).rstrip())
        return "\n".join(text)

    def print(self, file: TextIO | None = None) -> None:
        print(self.render(), end="\n\n", file=file or sys.stdout)

    def check_targets(self) -> list[TargetResult]:
        results = []
        for workload, target in self.targets:
            met, reason = target.check(self.rows.get(workload, {}))
            results.append(TargetResult(self.title, workload, target, met, reason))
        return results


# ---------------------------------------------------------------------------------------------
# Command line


def make_parser(description: str | None = None) -> argparse.ArgumentParser:
    """The shared options; a script may add its own before parsing."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, metavar="N", help="timed runs (5)")
    parser.add_argument("--warmup", type=int, default=1, metavar="N", help="untimed runs (1)")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a declared target is missed"
    )
    return parser


def parse_args(
    description: str | None = None, argv: Sequence[str] | None = None
) -> argparse.Namespace:
    args = make_parser(description).parse_args(argv)
    if args.repeat < 1 or args.warmup < 0:
        raise SystemExit("--repeat must be at least 1 and --warmup at least 0")
    return args


def finish(args: argparse.Namespace, tables: Sequence[Table], file: TextIO | None = None) -> int:
    """Print every target's result; return the exit status (1 if --check and one was missed)."""
    out = file or sys.stdout
    results = [result for table in tables for result in table.check_targets()]
    for result in results:
        print(result, file=out)
    missed = [result for result in results if not result.met]
    if missed:
        print(f"{len(missed)} of {len(results)} targets missed", file=out)
    return 1 if args.check and missed else 0
