"""Train the character-level LSTM of examples/char_lstm.mlir on Python's documentation
text and compare its held-out bits per character with count-based models.

    python examples/train_char_lstm.py                # 400 Adam steps, then the figures
    python examples/train_char_lstm.py --steps 2000 --train-chars 0

Training is truncated back-propagation through time: a batch's B rows read B streams over
the training part, each row's window (of a random length in [T/2, T], right-padded to T)
continuing where its last one stopped, from the state it ended in (carried by the
trainer), while the gradient stops at the window's start. Evaluation runs @nll over the
held-out tail (the last 10% of the text) as B streams too, carrying the state from one
window to the next, so that every held-out character but the first is predicted once,
given all the text of its stream before it. Every gradient comes from the autodiff pass
(irc.train.step).
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

from irc.train import text
from irc.train.model import Model
from irc.train.trainer import Trainer

MODEL = Path(__file__).resolve().with_name("char_lstm.mlir")


def held_out_bits(trainer: Trainer, ids, batch: int, steps: int) -> float:
    """Bits per character of the trained model on every character of `ids` but the first,
    read as `batch` streams whose state goes from one window to the next."""
    nats = count = 0.0
    state = {}
    for tile in text.tiles(ids, batch, steps):
        total, real, h, c = trainer.call("nll", {**state, **tile})
        nats, count = nats + float(total), count + float(real)
        state = {"h": h, "c": c}
    return nats / count / math.log(2)


def train(
    steps: int,
    batch: int = 32,
    window: int = 64,
    lr: float = 1e-2,
    train_chars: int | None = None,
    seed: int = 0,
    progress: bool = True,
) -> dict:
    """Train, evaluate; the figures (bits per character) and timings."""
    corpus = text.topics(train_chars=train_chars)
    started = time.perf_counter()
    trainer = Trainer(Model.load(MODEL), optimizer="adam", lr=lr, clip=1.0, seed=seed)
    batches = text.streams(corpus.train, batch, window, seed=seed)
    first = trainer.step(next(batches))  # compiled by now
    compiled = time.perf_counter()
    losses = [first, *trainer.fit(batches, steps - 1, progress=progress)]
    trained = time.perf_counter()
    return {
        "lstm": held_out_bits(trainer, corpus.held_out, batch, window),
        "bigram": text.bigram_bits(corpus.train, corpus.held_out),
        "unigram": text.unigram_entropy(corpus.train),
        "first_loss": losses[0],
        "last_loss": sum(losses[-20:]) / max(1, len(losses[-20:])),
        "compile_s": compiled - started,
        "step_ms": 1000 * (trained - compiled) / max(1, steps - 1),
        "evaluate_s": time.perf_counter() - trained,
        "train_chars": len(corpus.train),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=400, help="Adam steps")
    parser.add_argument("--batch", type=int, default=32, help="windows per batch")
    parser.add_argument("--window", type=int, default=64, help="steps per window (T)")
    parser.add_argument("--lr", type=float, default=1e-2)
    parser.add_argument(
        "--train-chars",
        type=int,
        default=0,
        help="train on the first N characters of the training part (0: all)",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    figures = train(
        args.steps, args.batch, args.window, args.lr, args.train_chars or None, args.seed
    )
    print(
        f"trained on {figures['train_chars']:,} characters: loss {figures['first_loss']:.3f} "
        f"-> {figures['last_loss']:.3f} nats; compile {figures['compile_s']:.1f} s, "
        f"{figures['step_ms']:.1f} ms per step, evaluation {figures['evaluate_s']:.1f} s"
    )
    print("held-out bits per character:")
    print(f"  LSTM     {figures['lstm']:.3f}")
    print(f"  bigram   {figures['bigram']:.3f}  (add-one smoothing, fit on the same training text)")
    print(f"  unigram  {figures['unigram']:.3f}  (entropy of the training text's characters)")


if __name__ == "__main__":
    main()
