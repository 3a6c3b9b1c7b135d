"""The character-level LSTM of examples/char_lstm.mlir (irc/train/text.py feeds it):
a right-padded batch gives the loss, the gradients and the final states of its rows
unpadded, streams and tiles carry each row's text on from one window to the next, the
JIT's first training steps agree with the interpreter's, and (slow) a few hundred Adam
steps beat a bigram model on the held-out text. Every gradient comes from the autodiff
pass."""

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
PARAMS = list(range(5, 20))  # @loss's arguments after inputs, targets, lengths, h0, c0


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


GRADIENT = irc.grad(MODEL, "loss", PARAMS, cotangents=False)  # the states pass through


def _gradient(batch: dict, params: dict):
    """(loss, final h, final c, gradients) of @loss on `batch` through the interpreter."""
    loss, h, c, *grads = run(GRADIENT, "loss_grad", *_arguments(batch, params))
    return float(loss), h, c, [np.asarray(g) for g in grads]


def _arguments(batch: dict, params: dict) -> list:
    state = (
        [batch[k] for k in ("h", "c")]
        if "h" in batch
        else text.zero_state(len(batch["lengths"])).values()
    )
    return [batch["inputs"], batch["targets"], batch["lengths"], *state, *params.values()]


def test_a_padded_batch_gives_the_loss_and_gradients_of_its_rows_unpadded(corpus, params):
    """Each row from its own (nonzero) state: the padded batch's loss is the real
    characters' mean, its gradients their weighted sum, and each row's final state the
    one it reaches alone — a padded step leaves the state as it was."""
    rng = np.random.default_rng(2)
    pieces = [corpus.train[start : start + n + 1] for start, n in ((0, 7), (100, 3), (250, 5))]
    pieces.append(corpus.train[400:401])  # a row of length 0 adds nothing
    padded = text.padded(pieces, 7)
    padded.update({k: rng.normal(0, 0.5, v.shape).astype(np.float32)
                   for k, v in text.zero_state(4).items()})  # fmt: skip
    np.testing.assert_array_equal(padded["lengths"], [7, 3, 5, 0])
    loss, h, c, grads = _gradient(padded, params)
    total, weighted = 0.0, [np.zeros_like(g) for g in grads]
    for b, piece in enumerate(pieces[:3]):  # each alone, exactly as long as it is
        alone = text.padded([piece], len(piece) - 1)
        alone.update({"h": padded["h"][b : b + 1], "c": padded["c"][b : b + 1]})
        loss_alone, h_alone, c_alone, grads_alone = _gradient(alone, params)
        np.testing.assert_allclose(h[b : b + 1], h_alone, rtol=1e-6, atol=1e-7)
        np.testing.assert_allclose(c[b : b + 1], c_alone, rtol=1e-6, atol=1e-7)
        total += loss_alone * (len(piece) - 1)
        weighted = [w + g * (len(piece) - 1) for w, g in zip(weighted, grads_alone, strict=True)]
    np.testing.assert_array_equal(h[3], padded["h"][3])  # no real step: the state it had
    count = int(padded["lengths"].sum())
    assert loss == pytest.approx(total / count, rel=1e-6)
    for name, got, want in zip(params, grads, weighted, strict=True):
        np.testing.assert_allclose(got, want / count, rtol=1e-5, atol=1e-7, err_msg=name)
    assert all(np.any(g != 0) for g in grads)  # every parameter is trained


def test_tiles_predict_every_character_once_in_streams_and_the_baselines_count():
    ids = np.array([1, 2, 3, 4] * 5, np.int32)  # a cycle: each character fixes the next
    tiles = list(text.tiles(ids, batch=3, steps=3))
    assert "h" in tiles[0] and not any("h" in t for t in tiles[1:])  # zeros, then carried
    rows = [np.concatenate([t["targets"][b, : t["lengths"][b]] for t in tiles]) for b in range(3)]
    np.testing.assert_array_equal(np.concatenate(rows), ids[1:])  # stream b after b - 1
    for t in tiles:  # each row reads the character before its first target
        for b in range(3):
            n = max(1, t["lengths"][b])
            np.testing.assert_array_equal(t["inputs"][b, 1:n], t["targets"][b, : n - 1])
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
    total, count, h, _ = nll(*_arguments(text.padded(pieces, 9), params))
    alone = [nll(*_arguments(text.padded([p], len(p) - 1), params)) for p in pieces]
    assert float(count) == sum(len(p) - 1 for p in pieces) == sum(float(n) for _, n, *_ in alone)
    assert float(total) == pytest.approx(sum(float(s) for s, *_ in alone), rel=1e-5)
    np.testing.assert_allclose(h, np.concatenate([a[2] for a in alone]), rtol=1e-5, atol=1e-6)


def test_streams_go_on_where_each_row_stopped(corpus):
    batches = text.streams(corpus.train[:5000], batch=4, steps=16, seed=3)
    first = next(batches)
    assert not first["h"].any() and first["h"].shape == (4, text.HIDDEN)
    previous = first
    for _ in range(5):
        batch = next(batches)
        assert "h" not in batch  # the trainer carries the state on
        assert np.all((8 <= batch["lengths"]) & (batch["lengths"] <= 16))
        for b in range(4):
            last = previous["targets"][b, previous["lengths"][b] - 1]
            assert batch["inputs"][b, 0] == last  # the row's text, without a gap
        previous = batch


# The training shape of examples/train_char_lstm.py: the slow tests share its compilation.
BATCH, WINDOW = 32, 64


@pytest.mark.slow
def test_first_training_steps_agree_with_the_interpreter(corpus):
    """Three Adam steps on padded batches, through irc.jit and through the interpreter,
    whose gradients the fast test above checks against the unpadded rows."""
    model = Model.load(MODEL)
    batches = list(_take(text.streams(corpus.train, BATCH, WINDOW, seed=0), 3))
    runs = []
    for interpret in (False, True):
        trainer = Trainer(model, optimizer="adam", lr=1e-2, clip=1.0, seed=0, interpret=interpret)
        losses = [trainer.step(batch) for batch in batches]
        runs.append((losses, trainer.params, trainer.carry))
    (jit_losses, jit_params, jit_carry), (losses, params, carry) = runs
    np.testing.assert_allclose(jit_losses, losses, rtol=1e-5)
    np.testing.assert_allclose(jit_carry["h"], carry["h"], rtol=1e-3, atol=1e-4)
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
