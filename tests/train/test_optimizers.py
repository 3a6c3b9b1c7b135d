"""The optimizer updates as nn functions: numpy's formulas step for step, in the
interpreter and through irc.jit, where donating the parameter and its state keeps their
buffers across steps (no parameter-sized allocation per step)."""

from __future__ import annotations

import numpy as np
import pytest

import irc
from irc.runtime.interpreter import run
from irc.train import optimizers

T = "tensor<4x3xf32>"
STEPS = 5


def _pointer(array: np.ndarray) -> int:
    return array.__array_interface__["data"][0]


@pytest.fixture(scope="module")
def module():
    text = (optimizers.sgd_momentum("sgd", T) + optimizers.adam("adam", T)
            + optimizers.clip_by_global_norm("clip", [T, "tensor<3xf32>"]))  # fmt: skip
    return irc.parse(text)


def _gradients(rng):
    return [rng.standard_normal((4, 3)).astype(np.float32) for _ in range(STEPS)]


def test_sgd_with_momentum(module):
    rng = np.random.default_rng(0)
    p, v = rng.standard_normal((4, 3)).astype(np.float32), np.zeros((4, 3), np.float32)
    step = irc.jit(module, "sgd", cache=False, donate_argnums=(0, 2))
    want_p, want_v = p.astype(np.float64), v.astype(np.float64)
    where = (_pointer(p), _pointer(v))
    for g in _gradients(rng):
        want_v = 0.9 * want_v + g
        want_p = want_p - 0.1 * want_v
        interpreted = run(module, "sgd", p.copy(), g, v.copy(), np.float32(0.1), np.float32(0.9))
        p, v = step(p, g, v, 0.1, 0.9)
        assert (_pointer(p), _pointer(v)) == where  # updated in place
        np.testing.assert_allclose(p, interpreted[0], rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(p, want_p, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(v, want_v, rtol=1e-5, atol=1e-6)


def test_adam(module):
    rng = np.random.default_rng(1)
    p = rng.standard_normal((4, 3)).astype(np.float32)
    m, v = np.zeros((4, 3), np.float32), np.zeros((4, 3), np.float32)
    step = irc.jit(module, "adam", cache=False, donate_argnums=(0, 2, 3))
    want = [p.astype(np.float64), np.zeros((4, 3)), np.zeros((4, 3))]
    where = tuple(_pointer(a) for a in (p, m, v))
    for t, g in enumerate(_gradients(rng), start=1):
        wp, wm, wv = want
        wm = 0.9 * wm + 0.1 * g
        wv = 0.999 * wv + 0.001 * g * g
        wp = wp - 0.01 * (wm / (1 - 0.9**t)) / (np.sqrt(wv / (1 - 0.999**t)) + 1e-8)
        want = [wp, wm, wv]
        p, m, v = step(p, g, m, v, float(t), 0.01, 0.9, 0.999, 1e-8)
        assert tuple(_pointer(a) for a in (p, m, v)) == where
    for have, expected in zip((p, m, v), want, strict=True):
        np.testing.assert_allclose(have, expected, rtol=1e-5, atol=1e-6)


def test_clip_by_global_norm(module):
    rng = np.random.default_rng(2)
    a, b = rng.standard_normal((4, 3)).astype(np.float32), rng.standard_normal(3).astype(np.float32)
    norm = np.sqrt((a.astype(np.float64) ** 2).sum() + (b.astype(np.float64) ** 2).sum())
    clip = irc.jit(module, "clip", cache=False)
    ca, cb = clip(a, b, norm / 2)
    np.testing.assert_allclose(ca, a / 2, rtol=1e-6)
    np.testing.assert_allclose(cb, b / 2, rtol=1e-6)
    ka, kb = clip(a, b, norm * 2)  # under the bound: unchanged
    np.testing.assert_array_equal(ka, a)
    np.testing.assert_array_equal(kb, b)
