"""Estimators for stochastic binary units, by their statistics (examples/estimators.mlir).

Three units h_j ~ Bernoulli(sigmoid(w_j x_j + c_j)) and the loss L(h) = (v . h - s)^2,
which is not linear in h. With W holding the same w in each of N rows, the gradient with
respect to W holds N independent per-sample estimates of dE[L]/dw; the exact gradient sums
over the 8 values of h. A fixed seed makes every figure reproducible.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

import irc
from irc.runtime.interpreter import run
from tests.autodiff.gradcheck import check_gradient

EXAMPLE = Path(__file__).parents[2] / "examples" / "estimators.mlir"
N = 20000
X = np.array([1.0, -0.5, 2.0])
W = np.array([0.3, -0.8, 0.1])
C = np.array([0.2, 0.5, -0.4])
V = np.array([1.0, 2.0, -1.5])
S = np.array(1.2)


def exact_gradient() -> np.ndarray:
    """dE[L]/dw = sum_h P(h) L(h) (h - p) x, over the 8 values of h."""
    p = 1 / (1 + np.exp(-(W * X + C)))
    total = np.zeros(3)
    for bits in itertools.product([0.0, 1.0], repeat=3):
        h = np.array(bits)
        probability = np.prod(np.where(h == 1, p, 1 - p))
        loss = (V @ h - S) ** 2
        total += probability * loss * (h - p) * X
    return total


@pytest.fixture(scope="module")
def gradients():
    module = irc.grad(EXAMPLE.read_text(), "reinforce", [0])
    return irc.grad(module, "straight_through", [0])


def _estimates(module, name: str, *extra) -> np.ndarray:
    rows = np.tile(W, (N, 1))
    args = [rows, X, C, V, S, *extra, np.array(12345)]
    return run(module, f"{name}_grad", *args)[1]  # (objective, dW): one row per sample


def _mean_and_error(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return samples.mean(axis=0), samples.std(axis=0, ddof=1) / np.sqrt(len(samples))


def test_reinforce_is_unbiased_and_straight_through_is_not(gradients):
    exact = exact_gradient()
    reinforce, error = _mean_and_error(_estimates(gradients, "reinforce", np.zeros(3)))
    assert np.all(np.abs(reinforce - exact) < 3 * error), (reinforce, exact, error)
    through, through_error = _mean_and_error(_estimates(gradients, "straight_through"))
    assert np.any(np.abs(through - exact) > 3 * through_error), (through, exact)
    # straight-through trades its bias for a lower variance
    assert np.all(through_error < error)


def exact_baseline() -> np.ndarray:
    """b*_j = E[(h_j - p_j)^2 L] / E[(h_j - p_j)^2], over the 8 values of h."""
    p = 1 / (1 + np.exp(-(W * X + C)))
    num, den = np.zeros(3), np.zeros(3)
    for bits in itertools.product([0.0, 1.0], repeat=3):
        h = np.array(bits)
        probability = np.prod(np.where(h == 1, p, 1 - p))
        num += probability * (h - p) ** 2 * (V @ h - S) ** 2
        den += probability * (h - p) ** 2
    return num / den


def test_the_variance_minimising_baseline_lowers_the_variance(gradients):
    """@baseline keeps running averages over batches; the baseline it gives is close to
    b*, keeps REINFORCE unbiased and lowers its variance against b = 0."""
    p = 1 / (1 + np.exp(-(W * X + C)))
    rng = np.random.default_rng(1)
    num, den = np.zeros(3), np.full(3, 1e-12)
    for _ in range(20):
        h = (rng.random((1000, 3)) < p).astype(float)
        probabilities = np.broadcast_to(p, h.shape).copy()
        num, den, baseline = run(gradients, "baseline", num, den, h, probabilities,
                                 (h @ V - S) ** 2, np.array(0.8))  # fmt: skip
    np.testing.assert_allclose(baseline, exact_baseline(), rtol=0.1)
    plain = _estimates(gradients, "reinforce", np.zeros(3))
    based = _estimates(gradients, "reinforce", baseline)
    mean, error = _mean_and_error(based)
    assert np.all(np.abs(mean - exact_gradient()) < 3 * error)
    assert np.all(based.var(axis=0) < plain.var(axis=0))


@pytest.mark.parametrize(
    ("name", "extra"),
    [("noisy_rectifier", [np.array(0.5)]), ("stochastic_times_smooth", [])],
)
def test_smooth_estimators_are_exact_gradients_for_the_drawn_noise(name, extra):
    """Noise injection and stochastic-times-smooth differentiate the program for the
    noise the key draws: their gradients match finite differences at a fixed key."""
    args = [np.tile(W, (4, 1)), X, C, V, S, *extra, np.array(7)]
    check_gradient(EXAMPLE.read_text(), name, args, [0, 2])
