"""A training step as IR (irc/train/step.py): a small MLP learns a problem that needs its
hidden layer, through irc.jit with its parameters and Adam's state donated (their arrays
keep their data pointers every step), and the first steps agree with the interpreter."""

from __future__ import annotations

import numpy as np
import pytest

import irc
from irc.runtime.interpreter import run
from irc.train.step import training_step
from tests.autodiff.gradcheck import tanh_mlp_loss

MLP = tanh_mlp_loss(rows=64, inputs=2, hidden=16, classes=2, element="f32")
ADAM = (0.05, 0.9, 0.999, 1e-8)  # lr, b1, b2, eps


@pytest.fixture(scope="module")
def problem():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 2)).astype(np.float32)
    y = (x[:, 0] * x[:, 1] > 0).astype(np.int32)  # the quadrant sign: not linearly separable
    shapes = [(2, 16), (16,), (16, 2)]
    params = [(rng.standard_normal(s) * 0.5).astype(np.float32) for s in shapes]
    return x, y, params


def _fresh(params):
    """Copies of the parameters and zeroed Adam state (m for each, then v for each)."""
    return [p.copy() for p in params], [np.zeros_like(p) for p in params * 2]


def test_the_mlp_learns_and_its_arrays_stay_in_place(problem):
    x, y, initial = problem
    step = training_step(MLP, "loss", [1, 2, 3], "adam")
    assert step.donate_argnums == (1, 2, 3, 5, 6, 7, 8, 9, 10)
    train = irc.jit(step.module, step.name, donate_argnums=step.donate_argnums, cache=False)
    params, state = _fresh(initial)
    where = [a.__array_interface__["data"][0] for a in params + state]
    losses = []
    for t in range(1, 201):
        loss, *rest = train(x, *params, y, *state, float(t), *ADAM)
        params, state = rest[:3], rest[3:]
        losses.append(float(loss))
        assert [a.__array_interface__["data"][0] for a in params + state] == where
    assert losses[-1] < 0.1 * losses[0], losses[::20]
    predict = irc.jit(MLP.replace("@loss", "@l"), "l", cache=False)  # loss on the trained
    assert float(predict(x, *params, y)) == pytest.approx(losses[-1], rel=0.2)


def test_first_steps_agree_with_the_interpreter(problem):
    x, y, initial = problem
    step = training_step(MLP, "loss", [1, 2, 3], "sgd")
    compiled = irc.jit(step.module, step.name, cache=False)
    runs = []
    for call in (compiled, lambda *a: run(step.module, step.name, *a)):
        params, velocity = [p.copy() for p in initial], [np.zeros_like(p) for p in initial]
        losses = []
        for _ in range(4):
            args = [x, *params, y, *velocity, np.float32(0.1), np.float32(0.9)]
            loss, *rest = call(*args)
            params, velocity = [np.array(a) for a in rest[:3]], [np.array(a) for a in rest[3:]]
            losses.append(float(loss))
        runs.append(losses)
    np.testing.assert_allclose(runs[0], runs[1], rtol=1e-5)
