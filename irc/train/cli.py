"""The training command, `python -m irc.train` (also `irc-run --train`): train a model
written in IR text on a named dataset, printing the loss curve and the held-out figures.

    python -m irc.train [MODEL.mlir] [--loss loss] [--dataset digits] [--steps N]
                        [--batch N] [--optimizer adam|sgd] [--lr X] [--clip X]
                        [--schedule constant|cosine]
                        [--seed N] [--interpret] [--save params.npz] [--no-progress]

Without a file it trains `examples/mlp_digits.mlir`. Settings not given on the command line
come from the model's `irc.train` attribute (docs/training.md). After training it prints
on the held-out part the value of the loss (or of the function `irc.train`'s `evaluate`
names) and, when the model has a `predict` function (or the one `irc.train`'s `predict`
names) and the dataset has labels, the accuracy.
"""

from __future__ import annotations

import argparse
import itertools
import time
from pathlib import Path

import numpy as np

from irc.dialects import func
from irc.ir.diagnostics import IRError
from irc.tools import cli
from irc.train.data import DATASETS
from irc.train.model import Model
from irc.train.trainer import SCHEDULES, Trainer, minibatches

PROG = "irc.train"
DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "examples" / "mlp_digits.mlir"
CURVE_POINTS = 20  # rows of the printed loss curve
BAR_WIDTH = 40


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):
        raise SystemExit(f"{PROG}: error: {message}\n{self.format_usage().rstrip()}")


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise ValueError(text)
    return number


_positive.__name__ = "positive integer"  # how argparse names the type in its error


def build_argument_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(prog=PROG, description="Train a model written in nn IR text.",
                             allow_abbrev=False)  # fmt: skip
    parser.add_argument("model", nargs="?", help="the .mlir file (default: the digits MLP)")
    parser.add_argument("--loss", default="loss", help="the function to minimize")
    parser.add_argument("--dataset", choices=sorted(DATASETS), help="default: the model's")
    parser.add_argument(
        "--steps", type=_positive, help="training steps (default: the model's, or 500)"
    )
    parser.add_argument(
        "--batch", type=_positive, help="examples per step (default: the model's, or 64)"
    )
    parser.add_argument("--optimizer", choices=("adam", "sgd"))
    parser.add_argument("--lr", type=float, help="learning rate")
    parser.add_argument("--clip", type=float, help="largest global gradient norm (0: none)")
    parser.add_argument("--schedule", choices=sorted(SCHEDULES), help="of the learning rate")
    parser.add_argument("--seed", type=int, default=0, help="seed of initialization and batches")
    parser.add_argument("--interpret", action="store_true", help="run the interpreter, not the JIT")
    parser.add_argument("--save", metavar="FILE.npz", help="save the trained parameters")
    parser.add_argument("--no-progress", dest="progress", action="store_false",
                        help="no progress bar")  # fmt: skip
    return parser


def _main(argv: list[str], stdin_text: str | None, out, err) -> int:
    try:
        return _train(build_argument_parser().parse_args(argv), out, err)
    except (IRError, OSError, ImportError, ValueError) as exc:
        err.write(f"{PROG}: {exc.text if isinstance(exc, IRError) else exc}\n")
        return 1
    except SystemExit as exc:
        if isinstance(exc.code, str):
            err.write(exc.code + "\n")
            return 2
        raise


def _train(args: argparse.Namespace, out, err) -> int:
    shown_path = args.model or "examples/mlp_digits.mlir"
    model = Model.load(Path(args.model or DEFAULT_MODEL), loss=args.loss)
    given = model.defaults
    dataset = args.dataset or given.get("dataset")
    if dataset not in DATASETS:
        raise ValueError(f"name a dataset with --dataset ({', '.join(sorted(DATASETS))}) or "
                         f"in the model's irc.train attribute")  # fmt: skip
    split = DATASETS[dataset]()
    steps = args.steps if args.steps is not None else int(given.get("steps", 500))
    batch = args.batch if args.batch is not None else int(given.get("batch", 64))
    settings = {k: getattr(args, k) for k in ("optimizer", "lr", "clip", "schedule")}
    settings["steps"] = steps
    start = time.perf_counter()
    trainer = Trainer(model, seed=args.seed, interpret=args.interpret, **settings)
    count = len(next(iter(split.train.values())))
    held = len(next(iter(split.held_out.values())))
    names = ("optimizer", "lr", "schedule", "clip")
    shown = {k: trainer.settings[k] for k in names if trainer.settings[k]}
    out.write(f"{PROG}: {shown_path} @{args.loss} on {dataset} ({count} training examples, "
              f"{held} held out); {_settings_text(shown)}, batch {batch}, {steps} steps, "
              f"seed {args.seed}\n")  # fmt: skip
    batches = minibatches(split.train, batch, seed=args.seed)
    losses = trainer.fit(batches, steps, progress=args.progress)
    elapsed = time.perf_counter() - start
    out.write(loss_curve(losses))
    out.write(_held_out_text(trainer, split.held_out, given))
    out.write(f"trained in {elapsed:.1f} s ({'interpreter' if args.interpret else 'JIT'})\n")
    if args.save:
        np.savez(args.save, **trainer.params)
        out.write(f"saved the parameters to {args.save}\n")
    return 0


def _settings_text(settings: dict) -> str:
    return " ".join(f"{k}={v:g}" if isinstance(v, float) else f"{v}" for k, v in settings.items())


def loss_curve(losses: list[float], points: int = CURVE_POINTS) -> str:
    """The mean loss over each of `points` equal stretches of training, with a bar."""
    if not losses:
        return ""
    edges = np.linspace(0, len(losses), min(points, len(losses)) + 1).astype(int)
    means = [float(np.mean(losses[a:b])) for a, b in itertools.pairwise(edges)]
    top = max(means) or 1.0
    lines = ["  step  loss"]
    for end, value in zip(edges[1:], means, strict=True):
        bar = "█" * max(1, round(BAR_WIDTH * value / top)) if value > 0 else ""
        lines.append(f"{end:6d}  {value:.4f}  {bar}")
    return "\n".join(lines) + "\n"


def _held_out_text(trainer: Trainer, held_out: dict, given: dict) -> str:
    """The held-out figures: the value of the function `irc.train`'s `evaluate` names (the
    loss by default) and, with a `predict` function and labels, the accuracy."""
    evaluate = str(given.get("evaluate", trainer.model.loss))
    loss = float(trainer.call(evaluate, held_out)[0])
    text = f"held-out {evaluate} {loss:.4f}"
    name = str(given.get("predict", "predict"))
    if func.lookup_in(trainer.model.module, name) is not None and "labels" in held_out:
        labels = held_out["labels"]
        right = int(np.sum(trainer.call(name, held_out)[0] == labels))
        text += f", accuracy {100 * right / len(labels):.1f}% ({right}/{len(labels)})"
    return text + "\n"


def run(argv: list[str]) -> tuple[int, str, str]:
    """Run the command in-process: (exit code, stdout text, stderr text)."""
    return cli.run_in_process(_main, argv, None)


def console_main() -> None:
    cli.console(_main)


__all__ = ["loss_curve", "run", "console_main"]
