"""Conditional computation on the digits with each gradient estimator of Bengio, Léonard
and Courville (2013): trains examples/gated_digits.mlir once per estimator and seed with
the training driver (irc.train) and prints the held-out error and the fraction of open
gates, mean ± standard deviation over the seeds, as the paper's table does.

    python examples/gated_table.py              # 5 estimators x 5 seeds, about 2 minutes
    python examples/gated_table.py --seeds 2 --steps 500

The estimators are the paper's four and the other variant of straight-through. Every
gradient comes from the autodiff pass; the settings (Adam, lr 0.01 on a cosine schedule,
batch 64, 2000 steps) are the model's `irc.train` attribute. At evaluation the gates are
sampled as in training, from the evaluation seed 0, and "open" counts the gates that are
nonzero. tests/train/test_gated.py runs `table` for the paper's four and checks the
acceptance.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL = Path(__file__).resolve().with_name("gated_digits.mlir")
TARGET = 0.10  # the sparsity penalty's target fraction of open gates
# estimator: (the loss it trains, the function that evaluates it). The first four are the
# paper's table (its straight-through is the variant without sigmoid'); the last is the
# other straight-through variant, shown for comparison.
ESTIMATORS = {
    "straight-through": ("loss_straight_through", "evaluate_bernoulli"),
    "REINFORCE": ("loss_reinforce", "evaluate_bernoulli"),
    "noisy rectifier": ("loss_noisy_rectifier", "evaluate_noisy_rectifier"),
    "stochastic times smooth": ("loss_stochastic_times_smooth", "evaluate_stochastic_times_smooth"),
    "straight-through, sigmoid'": ("loss_straight_through_sigmoid", "evaluate_bernoulli"),
}
PAPER = list(ESTIMATORS)[:4]


@dataclass(frozen=True)
class Run:
    estimator: str
    seed: int
    error: float  # on the held-out digits, gates sampled
    open: float  # the fraction of open gates on the held-out digits
    losses: list[float]
    seconds: float  # training and evaluation, compilation included


def train(estimator: str, seed: int, *, steps: int | None = None, interpret: bool = False,
          split=None, model: str | Path = MODEL) -> Run:  # fmt: skip
    """Trains one estimator from `seed` (parameters, batches and gate draws) and evaluates
    it on the held-out part of `split` (the digits by default); `model` is the path or the
    text of the module (examples/gated_digits.mlir)."""
    from irc.train.data import digits
    from irc.train.model import Model
    from irc.train.trainer import Trainer, minibatches

    start = time.perf_counter()
    split = split if split is not None else digits()
    loss, evaluate = ESTIMATORS[estimator]
    model = Model.load(model, loss=loss)
    steps = int(steps or model.defaults["steps"])
    trainer = Trainer(model, seed=seed, interpret=interpret, steps=steps)
    batches = minibatches(split.train, int(model.defaults["batch"]), seed=seed)
    losses = trainer.fit(batches, steps, progress=False)
    classes, open_fraction = evaluate_in_interpreter(trainer, evaluate, split.held_out)
    error = float(np.mean(classes != split.held_out["labels"]))
    seconds = time.perf_counter() - start
    return Run(estimator, seed, error, float(open_fraction), losses, seconds)


def evaluate_in_interpreter(trainer, name: str, data: dict[str, np.ndarray]) -> list:
    """`trainer.call(name, data)`, run by the interpreter: one call on the held-out part
    takes milliseconds there, while compiling it would take seconds. Seed arguments get
    the evaluation seed, 0, as `Trainer.call` gives them."""
    from irc.runtime.interpreter import run

    feeds = {"param": trainer.params, "data": data}
    args = [np.asarray(0, a.dtype) if a.kind == "seed" else feeds[a.kind][a.name]
            for a in trainer.model.function_arguments(name)]  # fmt: skip
    return run(trainer.model.module, name, *args)


def table(seeds: Iterable[int] = range(5), *, steps: int | None = None,
          estimators: Iterable[str] = ESTIMATORS, report=None) -> dict[str, list[Run]]:  # fmt: skip
    """Every estimator trained from every seed; `report` sees each run as it ends. The
    compiled steps run on one thread: their tensors are small (64 x 256), and a second
    thread gains little there and loses much on a busy machine."""
    from irc.runtime import threads
    from irc.train.data import digits

    split = digits()
    runs: dict[str, list[Run]] = {}
    before = threads.num_threads()
    threads.set_num_threads(1)
    try:
        for estimator in estimators:
            for seed in seeds:
                run = train(estimator, seed, steps=steps, split=split)
                runs.setdefault(estimator, []).append(run)
                if report is not None:
                    report(run)
    finally:
        threads.set_num_threads(before)
    return runs


def mean_std(values: list[float]) -> tuple[float, float]:
    """The mean and the sample standard deviation (0 for one value)."""
    return statistics.fmean(values), statistics.stdev(values) if len(values) > 1 else 0.0


def best(runs: dict[str, list[Run]]) -> str:
    """The estimator with the lowest mean held-out error."""
    return min(runs, key=lambda e: mean_std([r.error for r in runs[e]])[0])


def format_table(runs: dict[str, list[Run]]) -> str:
    seeds = len(next(iter(runs.values())))
    lines = [
        f"Held-out digits, gated network, {seeds} seeds (mean ± std); open-gate target "
        f"{TARGET:.0%}",
        f"{'estimator':<26} | {'held-out error (%)':>18} | {'open gates (%)':>15}",
        f"{'-' * 26}-+-{'-' * 18}-+-{'-' * 15}",
    ]
    for estimator, found in runs.items():
        error = mean_std([100 * r.error for r in found])
        opened = mean_std([100 * r.open for r in found])
        lines.append(f"{estimator:<26} | {error[0]:>9.2f} ± {error[1]:<6.2f} | "
                     f"{opened[0]:>6.2f} ± {opened[1]:<6.2f}")  # fmt: skip
    winner = best(runs)
    if winner.startswith("straight-through"):
        lines.append(f"straight-through comes out best ({winner})")
    else:
        lines.append(f"straight-through does not come out best: {winner} does")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0..N-1 (default 5)")
    parser.add_argument("--steps", type=int, default=None, help="default: the model's")
    args = parser.parse_args(argv)

    def report(run: Run) -> None:
        print(f"  {run.estimator:<26} seed {run.seed}: error {100 * run.error:5.2f}%, open "
              f"{100 * run.open:5.2f}%, {run.seconds:.1f} s", flush=True)  # fmt: skip

    start = time.perf_counter()
    runs = table(range(args.seeds), steps=args.steps, report=report)
    print(format_table(runs))
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
