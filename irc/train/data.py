"""Datasets the training driver knows by name, each a function of no arguments that
returns its fixed split as numpy arrays, with nothing to download: scikit-learn's bundled
digits. (The character language model reads its text as streams, which shuffled batches
of examples cannot give: irc/train/text.py and examples/train_char_lstm.py.)

A dataset is a `Split` of two dicts, `train` and `held_out`, that map the names a model's
`{irc.data = "..."}` arguments ask for to arrays whose first axis counts examples."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Split:
    train: dict[str, np.ndarray]
    held_out: dict[str, np.ndarray]


def digits() -> Split:
    """scikit-learn's 1,797 8x8 handwritten digits, pixels scaled to [0, 1] (x: n x 64
    f32, labels: n i32), in the file's order; the last 20% is held out."""
    try:
        from sklearn.datasets import load_digits
    except ImportError as error:  # the `train` extra brings it
        raise ImportError(
            "the digits dataset comes with scikit-learn: pip install 'irc[train]'"
        ) from error
    bunch = load_digits()
    x = (bunch.data / 16.0).astype(np.float32)
    labels = bunch.target.astype(np.int32)
    cut = len(x) - len(x) // 5
    return Split({"x": x[:cut], "labels": labels[:cut]}, {"x": x[cut:], "labels": labels[cut:]})


DATASETS: dict[str, Callable[[], Split]] = {"digits": digits}
