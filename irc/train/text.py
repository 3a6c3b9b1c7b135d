"""Text for character-level language models: the English documentation that ships with
Python (`pydoc_data/topics.py`, its `topics` values joined) as character ids, a fixed
held-out tail, right-padded batches of variable-length windows, and the count-based
baselines a model has to beat, in bits per character.

    corpus = topics()                                # ids; the last 10% held out
    batches = streams(corpus.train, 32, 64, seed=0)  # endless padded batches
    bigram_bits(corpus.train, corpus.held_out, VOCAB)

A batch is a dict of the arrays examples/char_lstm.mlir reads: `inputs` and `targets`
[B, T] i32 (targets are the inputs shifted by one character), right-padded with id 0,
and `lengths` [B] i32, how many of each row's steps are real; a batch that starts the rows'
streams also holds their zero state `h` and `c` [B, 128] f32. The text depends on the
Python version, so figures computed from it are not fixed constants.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

VOCAB = 64
"""Character ids of the model: the 63 most frequent characters of the training part get
ids 1..63, every other character shares id 0 (`OOV`), which is also the padding."""
OOV = 0
HELD_OUT = 0.1  # the fraction of characters at the end of the text that is held out


@dataclass(frozen=True)
class Corpus:
    train: np.ndarray  # i32 character ids
    held_out: np.ndarray
    chars: str  # chars[i] is the character of id i >= 1; chars[0] stands for the others

    def decode(self, ids) -> str:
        return "".join(self.chars[i] if i > 0 else "\N{REPLACEMENT CHARACTER}" for i in ids)


def topics_text() -> str:
    """The `topics` dictionary of `pydoc_data/topics.py`, its values joined in order."""
    from pydoc_data.topics import topics as documentation

    return "".join(documentation.values())


def vocabulary(text: str, size: int = VOCAB) -> str:
    """Id 0 (a placeholder) and the `size - 1` most frequent characters of `text`, the
    more frequent first (ties by code point)."""
    counts = Counter(text)
    frequent = sorted(counts, key=lambda c: (-counts[c], c))[: size - 1]
    return "\0" + "".join(frequent)


def encode(text: str, chars: str) -> np.ndarray:
    """The ids of `text`'s characters; those not in `chars` (or `chars[0]`) get `OOV`."""
    ids = {c: i for i, c in enumerate(chars) if i > 0}
    return np.fromiter((ids.get(c, OOV) for c in text), dtype=np.int32, count=len(text))


def topics(held_out: float = HELD_OUT, size: int = VOCAB, train_chars: int | None = None) -> Corpus:
    """Python's documentation as ids: the last `held_out` of its characters held out, the
    vocabulary from the rest; `train_chars` keeps only the first that many training
    characters (the vocabulary still comes from the whole training part)."""
    text = topics_text()
    cut = len(text) - int(len(text) * held_out)
    chars = vocabulary(text[:cut], size)
    train = encode(text[:cut], chars)
    if train_chars is not None:
        train = train[:train_chars]
    return Corpus(train, encode(text[cut:], chars), chars)


# -- batches ----------------------------------------------------------------------------------


def padded(rows: list[np.ndarray], steps: int) -> dict[str, np.ndarray]:
    """A batch of text pieces, each at least 1 character long: row b reads piece b's
    characters but the last and predicts each one's successor, right-padded with id 0 to
    `steps` columns (a piece of one character is a row of length 0)."""
    inputs = np.zeros((len(rows), steps), np.int32)
    targets = np.zeros((len(rows), steps), np.int32)
    lengths = np.zeros(len(rows), np.int32)
    for b, piece in enumerate(rows):
        n = len(piece) - 1
        if not 0 <= n <= steps:
            raise ValueError(f"row {b}: a piece of {len(piece)} characters for {steps} steps")
        inputs[b, :n], targets[b, :n], lengths[b] = piece[:-1], piece[1:], n
    return {"inputs": inputs, "targets": targets, "lengths": lengths}


HIDDEN = 128  # the state size of examples/char_lstm.mlir, for the zero state


def zero_state(rows: int, hidden: int = HIDDEN) -> dict[str, np.ndarray]:
    """The (h, c) a stream starts from, under the names the model carries them by."""
    return {"h": np.zeros((rows, hidden), np.float32), "c": np.zeros((rows, hidden), np.float32)}


def streams(ids: np.ndarray, batch: int, steps: int, seed: int = 0,
            shortest: int | None = None) -> Iterator[dict[str, np.ndarray]]:  # fmt: skip
    """Endless padded batches for truncated back-propagation through time: row b reads
    stream b, the b-th of `batch` equal stretches of `ids`, each window continuing where
    the row's last one stopped, of a random length in [shortest, steps] (steps // 2 by
    default), padded to `steps`. A pass over the text starts at a random offset, and its
    first batch holds the zero state (`h`, `c`), which the trainer takes instead of the
    state it carries."""
    shortest = max(1, steps // 2) if shortest is None else shortest
    span = (len(ids) - steps) // batch
    if not 1 <= shortest <= steps or span <= 2 * steps:
        raise ValueError(f"{batch} streams of windows of {shortest}..{steps} steps from "
                         f"{len(ids)} characters")  # fmt: skip
    rng = np.random.default_rng(seed)
    while True:
        offset = int(rng.integers(0, steps))
        at = offset + span * np.arange(batch)
        ends = at + span
        first = True
        while np.all(at + steps < ends):
            lengths = rng.integers(shortest, steps + 1, batch)
            rows = [ids[a : a + n + 1] for a, n in zip(at, lengths, strict=True)]
            window = padded(rows, steps)
            if first:
                window.update(zero_state(batch))
                first = False
            yield window
            at = at + lengths


def tiles(ids: np.ndarray, batch: int, steps: int) -> Iterator[dict[str, np.ndarray]]:
    """Batches that predict every character of `ids` but the first exactly once, for a
    model that carries its state from one batch to the next: row b reads the b-th of
    `batch` consecutive stretches of the predictions, `steps` at a time (the last windows
    shorter, rows that are done of length 0). The first batch holds the zero state."""
    bounds = np.linspace(0, len(ids) - 1, batch + 1).astype(int)
    for first in range(0, int(np.max(np.diff(bounds))), steps):
        rows = []
        for b in range(batch):
            start = min(bounds[b] + first, bounds[b + 1])
            stop = min(start + steps, bounds[b + 1])
            rows.append(ids[start : stop + 1])
        tile = padded(rows, steps)
        if first == 0:
            tile.update(zero_state(batch))
        yield tile


# -- count-based baselines --------------------------------------------------------------------


def unigram_entropy(ids: np.ndarray, size: int = VOCAB) -> float:
    """The entropy of the character frequencies of `ids`, in bits per character."""
    counts = np.bincount(ids, minlength=size).astype(np.float64)
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log2(p)).sum())


def bigram_bits(train: np.ndarray, held_out: np.ndarray, size: int = VOCAB,
                alpha: float = 1.0) -> float:  # fmt: skip
    """Bits per character of a bigram model, p(b | a) = (count(a b) + alpha) /
    (count(a) + alpha * size) from `train` (add-one smoothing by default), on each
    character of `held_out` but the first, given the one before it."""
    counts = np.full((size, size), alpha, np.float64)
    np.add.at(counts, (train[:-1], train[1:]), 1.0)
    log_p = np.log2(counts / counts.sum(axis=1, keepdims=True))
    return float(-log_p[held_out[:-1], held_out[1:]].mean())
