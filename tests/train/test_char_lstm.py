"""The character-level LSTM of examples/char_lstm.mlir (irc/train/text.py feeds it):
a right-padded batch gives the loss and the gradients of its rows unpadded, the JIT's
first training steps agree with the interpreter's, and (slow) a few hundred Adam steps
beat a bigram model on the held-out text. Every gradient comes from the autodiff pass."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

import irc
from irc.runtime.interpreter import run
from irc.train import text
from irc.train.model import Model
from irc.train.trainer import Trainer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MODEL = (EXAMPLES / "char_lstm.mlir").read_text()
PARAMS = list(range(3, 18))  # @loss's arguments after inputs, targets, lengths


@pytest.fixture(scope="module")
def corpus():
    return text.topics()


@pytest.fixture(scope="module")
def params():
    """The model's initial parameters, the biases made nonzero so that they matter."""
    rng = np.random.default_rng(1)
    found = Model.load(MODEL).initial_params(seed=0)
    return {k: v + rng.normal(0, 0.1, v.shape).astype(v.dtype) if k.startswith("b_") else v
            for k, v in found.items()}  # fmt: skip


def _gradient(batch: dict, params: dict):
    """(loss, gradients) of @loss on `batch`, through the interpreter."""
    rows, steps = batch["inputs"].shape
    module = irc.grad(text.batch_shaped(MODEL, rows, steps, ("loss",)), "loss", PARAMS)
    loss, *grads = run(module, "loss_grad", *_arguments(batch, params))
    return float(loss), [np.asarray(g) for g in grads]


def _arguments(batch: dict, params: dict) -> list:
    return [batch["inputs"], batch["targets"], batch["lengths"], *params.values()]


def test_a_padded_batch_gives_the_loss_and_gradients_of_its_rows_unpadded(corpus, params):
    pieces = [corpus.train[start : start + n + 1] for start, n in ((0, 7), (100, 3), (250, 5))]
    pieces.append(corpus.train[400:401])  # a row of length 0 adds nothing
    padded = text.padded(pieces, 7)
    np.testing.assert_array_equal(padded["lengths"], [7, 3, 5, 0])
    loss, grads = _gradient(padded, params)
    total, weighted = 0.0, [np.zeros_like(g) for g in grads]
    for piece in pieces[:3]:  # each alone, exactly as long as it is
        alone = text.padded([piece], len(piece) - 1)
        loss_alone, grads_alone = _gradient(alone, params)
        total += loss_alone * (len(piece) - 1)
        weighted = [w + g * (len(piece) - 1) for w, g in zip(weighted, grads_alone, strict=True)]
    count = int(padded["lengths"].sum())
    assert loss == pytest.approx(total / count, rel=1e-6)
    for name, got, want in zip(params, grads, weighted, strict=True):
        np.testing.assert_allclose(got, want / count, rtol=1e-5, atol=1e-7, err_msg=name)
    assert all(np.any(g != 0) for g in grads)  # every parameter is trained


def test_tiles_predict_every_character_once_and_the_baselines_count():
    ids = np.array([1, 2, 3, 4] * 5, np.int32)  # a cycle: each character fixes the next
    tiles = list(text.tiles(ids, batch=2, steps=3))
    predicted = [t["targets"][b, : t["lengths"][b]] for t in tiles for b in range(2)]
    np.testing.assert_array_equal(np.concatenate(predicted), ids[1:])
    assert tiles[-1]["lengths"][-1] == 0  # the last batch filled with an empty row
    assert text.unigram_entropy(ids) == pytest.approx(2.0)
    assert text.bigram_bits(ids, ids, size=5, alpha=1e-9) == pytest.approx(0.0, abs=1e-6)
    # Add-one: 1 -> 2, 2 -> 3, 3 -> 4 seen 5 times each (p = 6/10), 4 -> 1 four times (5/9).
    want = -(15 * np.log2(6 / 10) + 4 * np.log2(5 / 9)) / 19
    assert text.bigram_bits(ids, ids, size=5) == pytest.approx(want)


def test_padded_and_unpadded_sums_agree_through_the_jit(corpus, params):
    """@nll compiled once with its `?` sizes: the padded batch's sum and count are the
    sums over its rows alone (the gradients through the JIT: the slow test below)."""
    nll = irc.jit(MODEL, "nll", specialize=None)
    pieces = [corpus.train[start : start + n + 1] for start, n in ((7, 9), (50, 2), (90, 6))]
    total, count = nll(*_arguments(text.padded(pieces, 9), params))
    alone = [nll(*_arguments(text.padded([p], len(p) - 1), params)) for p in pieces]
    assert float(count) == sum(len(p) - 1 for p in pieces) == sum(float(n) for _, n in alone)
    assert float(total) == pytest.approx(sum(float(s) for s, _ in alone), rel=1e-5)


# The training shape of examples/train_char_lstm.py: the slow tests share its compilation.
BATCH, WINDOW = 32, 64


@pytest.mark.slow
def test_first_training_steps_agree_with_the_interpreter(corpus):
    """Three Adam steps on padded batches, through irc.jit and through the interpreter,
    whose gradients the fast test above checks against the unpadded rows."""
    model = Model.load(irc.print_ir(text.batch_shaped(MODEL, BATCH, WINDOW)))
    batches = list(_take(text.windows(corpus.train, BATCH, WINDOW, seed=0), 3))
    runs = []
    for interpret in (False, True):
        trainer = Trainer(model, optimizer="adam", lr=1e-2, clip=1.0, seed=0, interpret=interpret)
        losses = [trainer.step(batch) for batch in batches]
        runs.append((losses, trainer.params))
    (jit_losses, jit_params), (losses, params) = runs
    np.testing.assert_allclose(jit_losses, losses, rtol=1e-5)
    assert losses[0] == pytest.approx(np.log(text.VOCAB), rel=0.05)  # near uniform at first
    # Adam moves a parameter by about lr whatever its gradient's size, so a gradient near 0
    # whose f32 (JIT) and f64 (interpreter) sums differ may move it differently: atol 1% of lr.
    for name in params:
        np.testing.assert_allclose(jit_params[name], params[name], rtol=1e-4, atol=1e-4,
                                   err_msg=name)  # fmt: skip


def _take(iterator, count: int):
    for _ in range(count):
        yield next(iterator)


@pytest.mark.slow
def test_training_beats_the_bigram_model():
    path = EXAMPLES / "train_char_lstm.py"
    spec = importlib.util.spec_from_file_location("train_char_lstm", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    figures = script.train(steps=250, batch=BATCH, window=WINDOW, progress=False)
    assert figures["last_loss"] < figures["first_loss"]
    assert figures["lstm"] < figures["bigram"] < figures["unigram"], figures
