"""The model examples in examples/, run by the interpreter against references written here:
the MLP with einsum and a log-sum-exp by hand, the GRU with a loop over steps, the
stochastic binary units against the key's uniforms and their frequencies.
(examples/lstm.mlir is checked in test_scan.py.)"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import irc
from irc.runtime.interpreter import Interpreter

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
RNG = np.random.default_rng(11)


def _module(name: str):
    module = irc.parse((EXAMPLES / name).read_text(), str(EXAMPLES / name))
    irc.verify(module)
    return Interpreter(module)


@pytest.fixture(scope="module")
def mlp():
    return _module("mlp.mlir")


@pytest.fixture(scope="module")
def gru():
    return _module("gru.mlir")


@pytest.fixture(scope="module")
def sbn():
    return _module("sbn.mlir")


def _mlp_weights():
    f32 = np.float32
    return (
        (RNG.standard_normal((784, 128)) / 28).astype(f32),
        RNG.standard_normal(128).astype(f32) * f32(0.1),
        (RNG.standard_normal((128, 10)) / 11).astype(f32),
        RNG.standard_normal(10).astype(f32) * f32(0.1),
    )


def _reference_logits(x, w1, b1, w2, b2) -> np.ndarray:
    hidden = np.einsum("bi,ih->bh", x.astype(np.float64), w1) + b1
    hidden = np.where(hidden > 0, hidden, 0.0)
    return np.einsum("bh,hk->bk", hidden, w2) + b2


def test_mlp_forward_loss_and_prediction(mlp):
    weights = _mlp_weights()
    x = RNG.random((5, 784), dtype=np.float32)
    labels = np.array([3, 0, 9, 9, 1], dtype=np.int32)
    (logits,) = mlp.call("forward", x, *weights)
    (loss,) = mlp.call("loss", x, *weights, labels)
    (predicted,) = mlp.call("predict", x, *weights)
    expected = _reference_logits(x, *weights)
    np.testing.assert_allclose(logits, expected, rtol=1e-4, atol=1e-5)
    per_row = [
        math.log(sum(math.exp(v) for v in row)) - row[label]
        for row, label in zip(expected.tolist(), labels.tolist(), strict=True)
    ]
    assert loss.shape == () and float(loss) == pytest.approx(sum(per_row) / 5, rel=1e-5)
    assert predicted.dtype == np.int64
    assert predicted.tolist() == [max(range(10), key=row.__getitem__) for row in expected]


def test_mlp_takes_any_batch_size_and_reports_a_bad_label(mlp):
    weights = _mlp_weights()
    (logits,) = mlp.call("forward", np.zeros((1, 784), dtype=np.float32), *weights)
    assert logits.shape == (1, 10)
    x = np.zeros((2, 784), dtype=np.float32)
    with pytest.raises(irc.IRError, match="label 10"):
        mlp.call("loss", x, *weights, np.array([1, 10], dtype=np.int32))


def test_binary_units_fire_where_the_keys_uniforms_fall_below_p(sbn):
    x = RNG.standard_normal((6, 64)).astype(np.float32)
    w = (RNG.standard_normal((64, 32)) / 8).astype(np.float32)
    b = RNG.standard_normal(32).astype(np.float32)
    h, p = sbn.call("binary_units", x, w, b, 7)
    (u,) = sbn.call("uniforms", 7, p)
    z = np.einsum("bi,ih->bh", x.astype(np.float64), w) + b
    np.testing.assert_allclose(p, 1 / (1 + np.exp(-z)), rtol=1e-5)
    assert set(np.unique(h).tolist()) <= {0.0, 1.0}
    assert (h == (u < p)).all()
    (other, _) = sbn.call("binary_units", x, w, b, 8)
    assert (other != h).any()  # another key, another sample


def test_binary_unit_frequencies_follow_p(sbn):
    x = np.ones((1, 64), dtype=np.float32)
    w = np.zeros((64, 32), dtype=np.float32)
    b = np.linspace(-3, 3, 32).astype(np.float32)
    draws = np.stack([sbn.call("binary_units", x, w, b, seed)[0][0] for seed in range(400)])
    p = 1 / (1 + np.exp(-b.astype(np.float64)))
    standard_error = np.sqrt(p * (1 - p) / 400)
    assert (np.abs(draws.mean(axis=0) - p) < 5 * standard_error + 1e-9).all()


def test_gated_network_zeroes_the_units_whose_gate_is_off(sbn):
    x = RNG.standard_normal((3, 64)).astype(np.float32)
    w, w_gate = (RNG.standard_normal((2, 64, 32)) / 8).astype(np.float32)
    b, b_gate = RNG.standard_normal((2, 32)).astype(np.float32)
    (out,) = sbn.call("gated", x, w, b, w_gate, b_gate, 5)
    gate, _ = sbn.call("binary_units", x, w_gate, b_gate, 5)
    relu = np.maximum(np.einsum("bi,ih->bh", x.astype(np.float64), w) + b, 0.0)
    np.testing.assert_allclose(out, relu * gate, rtol=1e-5, atol=1e-6)


def _reference_gru(xs, h, w, u, b) -> np.ndarray:
    """Cho et al.'s GRU, one step at a time, in float64."""

    def sigmoid(v):
        return 1 / (1 + np.exp(-v))

    states = []
    for x in xs.astype(np.float64):
        z = sigmoid(np.einsum("bi,ih->bh", x, w[0]) + np.einsum("bj,jh->bh", h, u[0]) + b[0])
        r = sigmoid(np.einsum("bi,ih->bh", x, w[1]) + np.einsum("bj,jh->bh", h, u[1]) + b[1])
        n = np.tanh(np.einsum("bi,ih->bh", x, w[2]) + b[2] + r * np.einsum("bj,jh->bh", h, u[2]))
        h = (1 - z) * n + z * h
        states.append(h)
    return np.array(states).reshape(len(xs), *h.shape)


@pytest.mark.parametrize(("steps", "batch"), [(6, 3), (1, 1), (0, 2)])
def test_gru_matches_a_loop_over_steps(gru, steps, batch):
    xs = RNG.standard_normal((steps, batch, 8)).astype(np.float32)
    h0 = RNG.standard_normal((batch, 16)).astype(np.float32)
    w = (RNG.standard_normal((3, 8, 16)) / 3).astype(np.float32)
    u = (RNG.standard_normal((3, 16, 16)) / 4).astype(np.float32)
    b = RNG.standard_normal((3, 16)).astype(np.float32)
    (hs,) = gru.call("gru", xs, h0, *w, *u, *b)
    assert hs.shape == (steps, batch, 16)
    np.testing.assert_allclose(hs, _reference_gru(xs, h0, w, u, b), rtol=1e-4, atol=1e-5)
