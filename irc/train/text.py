"""Text for character-level language models: the English documentation that ships with
Python (`pydoc_data/topics.py`, its `topics` values joined) as character ids, a fixed
held-out tail, right-padded batches of variable-length windows, and the count-based
baselines a model has to beat, in bits per character.

    corpus = topics()                                # ids; the last 10% held out
    batches = windows(corpus.train, 32, 64, seed=0)  # endless padded batches
    bigram_bits(corpus.train, corpus.held_out, VOCAB)

A batch is a dict of the arrays examples/char_lstm.mlir reads: `inputs` and `targets`
[B, T] i32 (targets are the inputs shifted by one character), right-padded with id 0,
and `lengths` [B] i32, how many of each row's steps are real. The text depends on the
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


def windows(ids: np.ndarray, batch: int, steps: int, seed: int = 0,
            shortest: int | None = None) -> Iterator[dict[str, np.ndarray]]:  # fmt: skip
    """Endless padded batches of `batch` windows of `ids` at random places, each of a
    random length in [shortest, steps] (steps // 2 by default), padded to `steps`."""
    shortest = max(1, steps // 2) if shortest is None else shortest
    if not 1 <= shortest <= steps or len(ids) <= steps:
        raise ValueError(f"windows of {shortest}..{steps} steps from {len(ids)} characters")
    rng = np.random.default_rng(seed)
    while True:
        lengths = rng.integers(shortest, steps + 1, batch)
        starts = rng.integers(0, len(ids) - lengths)
        yield padded([ids[s : s + n + 1] for s, n in zip(starts, lengths, strict=True)], steps)


def tiles(ids: np.ndarray, batch: int, steps: int) -> Iterator[dict[str, np.ndarray]]:
    """Batches that predict every character of `ids` but the first exactly once: windows
    of `steps` predictions in order (each reads the character before its first target),
    the last one shorter, the last batch filled with rows of length 0."""
    starts = list(range(0, len(ids) - 1, steps))
    for first in range(0, len(starts), batch):
        rows = [ids[s : s + steps + 1] for s in starts[first : first + batch]]
        rows += [ids[:1]] * (batch - len(rows))
        yield padded(rows, steps)


def split(steps: int = 64, seed: int = 0):
    """`topics()` as a `data.Split` of padded rows (the training driver's dataset
    "topics"): training windows starting every `steps // 2` characters, each of a random
    length in [steps // 2, steps]; the held-out tail as `tiles` (every character but the
    first predicted once)."""
    from irc.train.data import Split

    corpus = topics()
    rng = np.random.default_rng(seed)
    starts = range(0, len(corpus.train) - steps - 1, max(1, steps // 2))
    lengths = rng.integers(max(1, steps // 2), steps + 1, len(starts))
    train = padded([corpus.train[s : s + n + 1] for s, n in zip(starts, lengths, strict=True)],
                   steps)  # fmt: skip
    pieces = [corpus.held_out[s : s + steps + 1] for s in range(0, len(corpus.held_out) - 1, steps)]
    return Split(train, padded(pieces, steps))


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


# -- the model at one batch shape -------------------------------------------------------------


def batch_shaped(module_or_text, batch: int, steps: int, functions=("loss", "nll")):
    """The module with each of `functions` specialized to batches of `batch` rows of
    `steps` steps (`inputs`, `targets` [batch, steps], `lengths` [batch]; every other
    argument as written), for the autodiff pass to see static sizes: irc.jit does not yet
    run this model's gradient taken with `?` sizes, and one shape compiles once."""
    import irc
    from irc.dialects import func
    from irc.ir import types as T
    from irc.runtime.specialize import specialize

    source = irc.parse(module_or_text) if isinstance(module_or_text, str) else module_or_text
    shapes = {"inputs": (batch, steps), "targets": (batch, steps), "lengths": (batch,)}
    combined = None
    for name in functions:
        function = func.lookup_in(source, name)
        types = [
            T.TensorType(shapes[_data_key(attrs)], t.element_type, t.encoding)
            if _data_key(attrs) in shapes
            else t
            for attrs, t in zip(function.arg_attrs(), function.function_type.inputs, strict=True)
        ]
        shaped = specialize(source, name, types)
        if combined is None:
            combined = shaped
            continue
        body = combined.regions[0].blocks[0]
        for op in list(shaped.regions[0].blocks[0].ops):
            if func.lookup_in(combined, op.sym_name) is None:
                op.detach()
                body.append(op)
    irc.verify(combined)
    return combined


def _data_key(attrs) -> str | None:
    from irc.ir import attributes as A

    entries = attrs.as_dict() if isinstance(attrs, A.DictionaryAttr) else {}
    key = entries.get("irc.data")
    return key.value if isinstance(key, A.StringAttr) else None
