"""The training driver (irc/train/model.py, trainer.py, cli.py): a model's annotations
read from its text, parameters initialized and trained in place, the JIT and the
interpreter agreeing step for step, global-norm clipping, and the command."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import irc
from irc.ir.diagnostics import IRError
from irc.tools import irc_run
from irc.train import cli
from irc.train.data import digits
from irc.train.model import Model, ModelError
from irc.train.step import training_step
from irc.train.trainer import Trainer, minibatches

ROOT = Path(__file__).resolve().parents[2]
MLP = ROOT / "examples" / "mlp_digits.mlir"


@pytest.fixture(scope="module")
def split():
    return digits()


def _pointers(arrays) -> list[int]:
    return [a.__array_interface__["data"][0] for a in arrays]


def test_the_model_reads_its_annotations():
    model = Model.load(MLP)
    assert [(a.kind, a.name) for a in model.arguments] == [
        ("data", "x"), ("data", "labels"), ("seed", "seed"), ("param", "w1"), ("param", "b1"),
        ("param", "w2"), ("param", "b2"),
    ]  # fmt: skip
    assert model.defaults["dataset"] == "digits" and model.defaults["steps"] == 3000
    params = model.initial_params(seed=3)
    assert {k: v.shape for k, v in params.items()} == {
        "w1": (64, 256), "b1": (256,), "w2": (256, 10), "b2": (10,)
    }  # fmt: skip
    assert all(v.dtype == np.float32 for v in params.values())
    bound = np.sqrt(6 / (64 + 256))  # Glorot's uniform bound
    assert 0.9 * bound < np.abs(params["w1"]).max() <= bound
    assert not params["b1"].any()
    again = model.initial_params(seed=3)
    assert all(np.array_equal(params[k], again[k]) for k in params)
    assert not np.array_equal(params["w1"], model.initial_params(seed=4)["w1"])


@pytest.mark.parametrize("init, check", [
    ("normal(0.5)", lambda w: abs(w.std() - 0.5) < 0.05),
    ("uniform(0.1)", lambda w: 0.09 < np.abs(w).max() <= 0.1),
    ("constant(2.5)", lambda w: np.all(w == 2.5)),
    ("ones", lambda w: np.all(w == 1)),
])  # fmt: skip
def test_initializers(init, check):
    text = f"""
    func.func @loss(%w: tensor<40x30xf64> {{irc.param = "w", irc.init = "{init}"}})
        -> tensor<f64> {{
      %s = nn.reduce_sum %w [0, 1] : (tensor<40x30xf64>) -> tensor<f64>
      return %s : tensor<f64>
    }}"""
    assert check(Model.load(text).initial_params(0)["w"])


BAD_MODELS = [
    ("%w: tensor<3xf32>", "mark it with exactly one of"),
    ('%w: tensor<3xf32> {irc.param = "w", irc.data = "x"}', "exactly one of"),
    ('%w: tensor<3xf32> {irc.param = "w", irc.init = "gaussian"}', "unknown irc.init 'gaussian'"),
    ('%w: tensor<3xf32> {irc.param = "w", irc.init = "normal"}', "unknown irc.init 'normal'"),
    ('%w: tensor<?xf32> {irc.param = "w"}', "static shape"),
    ('%w: tensor<3xi32> {irc.param = "w"}', "must be a float tensor"),
    ('%w: tensor<3xf32> {irc.data = "x"}', "no {irc.param"),  # located at the function
]


@pytest.mark.parametrize("argument, message", BAD_MODELS)
def test_bad_annotations_are_located_errors(argument, message):
    text = f"""func.func @loss({argument}) -> tensor<f32> {{
      %c = nn.constant dense<1.0> : tensor<f32>
      return %c : tensor<f32>
    }}"""
    with pytest.raises(ModelError, match=re.escape(message)) as caught:
        Model.load(text)
    column = 1 if "no {irc.param" in message else 17  # the function, or the argument
    assert isinstance(caught.value, IRError) and f":1:{column}: error:" in str(caught.value)


def test_a_loss_returns_a_float_scalar_first_and_functions_name_known_params():
    with pytest.raises(ModelError, match="no function @objective"):
        Model.load(MLP, loss="objective")
    with pytest.raises(ModelError, match=r"@forward must return a float scalar \(the loss\) first"):
        Model.load(MLP, loss="forward")
    text = MLP.read_text().replace('{irc.param = "w2"}', '{irc.param = "w3"}')
    with pytest.raises(ModelError, match="@predict parameter 'w3': @loss has no parameter"):
        Model.load(text).function_arguments("predict")


def test_jit_and_interpreter_train_alike_and_parameters_stay_in_place(split):
    """Acceptance: the first steps agree (losses and parameters); the JIT's parameter and
    optimizer-state arrays keep their data pointers."""
    model = Model.load(MLP)
    native, reference = (Trainer(model, seed=1, interpret=i, lr=0.01) for i in (False, True))
    where = _pointers([*native.params.values(), *native.state])
    for batch in [next(minibatches(split.train, 16, seed=s)) for s in range(4)]:
        assert native.step(batch) == pytest.approx(reference.step(batch), rel=1e-5)
        assert _pointers([*native.params.values(), *native.state]) == where
    # the JIT draws the f32 input noise in f32, a few ulps from the interpreter's (f64
    # rounded once): a parameter whose gradient nearly cancels may move a little apart;
    # atol 1e-5 is a thousandth of an Adam step at lr 0.01
    for name, value in native.params.items():
        np.testing.assert_allclose(value, reference.params[name], rtol=1e-4, atol=1e-5)


def test_the_mlp_learns_the_training_set(split):
    trainer = Trainer(Model.load(MLP), seed=0, lr=0.01)
    losses = trainer.fit(minibatches(split.train, 64), steps=150, progress=False)
    assert np.mean(losses[-10:]) < 0.15 * np.mean(losses[:10])  # noisy inputs: not to 0
    predicted = trainer.call("predict", split.train)[0]
    assert np.mean(predicted == split.train["labels"]) > 0.95


def test_clipping_scales_every_gradient_by_the_global_norm():
    """SGD without momentum and clip: p' = p - lr g min(1, max / |g|), |g| over all."""
    text = """func.func @loss(%a: tensor<3xf64>, %b: tensor<2x2xf64>) -> tensor<f64> {
      %aa = nn.mul %a, %a : tensor<3xf64>
      %s1 = nn.reduce_sum %aa [0] : (tensor<3xf64>) -> tensor<f64>
      %bb = nn.mul %b, %b : tensor<2x2xf64>
      %bbb = nn.mul %bb, %b : tensor<2x2xf64>
      %s2 = nn.reduce_sum %bbb [0, 1] : (tensor<2x2xf64>) -> tensor<f64>
      %s = nn.add %s1, %s2 : tensor<f64>
      return %s : tensor<f64>
    }"""
    a, b = np.array([1.0, -2.0, 3.0]), np.array([[1.0, 2.0], [-1.0, 0.5]])
    grads = [2 * a, 3 * b * b]
    norm = np.sqrt(sum(np.sum(g * g) for g in grads))
    step = training_step(text, "loss", [0, 1], "sgd", clip=True)
    step_fn = irc.jit(step.module, step.name, cache=False)
    for max_norm in (0.5 * norm, 2 * norm):
        scale = min(1.0, max_norm / norm)
        _, a2, b2, *_ = step_fn(a, b, np.zeros(3), np.zeros((2, 2)), 0.1, 0.0, max_norm)
        np.testing.assert_allclose(a2, a - 0.1 * scale * grads[0], rtol=1e-12)
        np.testing.assert_allclose(b2, b - 0.1 * scale * grads[1], rtol=1e-12)


def test_minibatches_cover_an_epoch_with_one_shape():
    data = {"x": np.arange(10.0)[:, None], "labels": np.arange(10)}
    batches = minibatches(data, 3, seed=0)
    epoch = [next(batches) for _ in range(3)]  # 10 // 3 batches, the last partial one left out
    seen = np.concatenate([b["labels"] for b in epoch])
    assert len(set(seen)) == 9 and all(b["x"].shape == (3, 1) for b in epoch)
    assert all(np.array_equal(b["x"][:, 0], b["labels"]) for b in epoch)
    with pytest.raises(ValueError, match="larger than the 10 examples"):
        next(minibatches(data, 11))


def test_a_batch_without_a_key_the_model_takes_is_an_error(split):
    trainer = Trainer(Model.load(MLP))
    with pytest.raises(ModelError, match=r"takes the batch's 'labels'.*only \['x'\]"):
        trainer.step({"x": split.train["x"][:8]})


def test_the_command_prints_a_loss_curve_and_the_accuracy(tmp_path):
    saved = tmp_path / "params.npz"
    code, out, err = cli.run(["--steps", "60", "--no-progress", "--save", str(saved)])
    assert code == 0, err
    curve = re.findall(r"^\s+(\d+)  (\d+\.\d+)  █+$", out, re.M)
    assert len(curve) == 20 and curve[-1][0] == "60"
    assert float(curve[-1][1]) < float(curve[0][1])
    accuracy = float(re.search(r"accuracy (\d+\.\d)% \(\d+/359\)", out).group(1))
    assert accuracy > 80
    assert sorted(np.load(saved)) == ["b1", "b2", "w1", "w2"]
    code, same, _ = irc_run.run(["--train", "--steps", "60", "--no-progress"])
    assert code == 0 and same.splitlines()[-3] == out.splitlines()[-4]  # the same accuracy


@pytest.mark.parametrize("argv, message", [
    (["missing.mlir"], "No such file"),
    ([str(MLP), "--loss", "forward"], "@forward must return a float scalar"),
    ([str(MLP), "--optimizer", "rmsprop"], "invalid choice: 'rmsprop'"),
    (["--batch", "0"], "argument --batch: invalid positive integer value: '0'"),
    (["--steps", "-3"], "argument --steps: invalid positive integer value: '-3'"),
    ([str(ROOT / "examples" / "lstm.mlir")], "no function @loss to train; name one of @lstm"),
    ([str(ROOT / "examples" / "char_lstm.mlir"), "--dataset", "digits"],
     ":17: error: argument 0 takes the batch's 'inputs'"),  # at the argument
])  # fmt: skip
def test_command_errors(argv, message):
    code, out, err = cli.run(argv)
    assert code != 0 and message in err and "Traceback" not in err


def test_the_cosine_schedule_decays_the_learning_rate_to_zero():
    trainer = Trainer(Model.load(MLP), lr=0.5, steps=100, schedule="cosine")
    rates = []
    for t in (1, 51, 101):
        trainer.t = t
        rates.append(float(trainer._hyperparameters()[1]))  # adam: t, lr, b1, b2, eps
    assert rates == pytest.approx([0.5, 0.25, 0.0], abs=1e-7)
    with pytest.raises(ValueError, match="schedule 'step'"):
        Trainer(Model.load(MLP), schedule="step")


def test_steps_after_the_first_allocate_nothing_from_the_system(split, one_thread):
    """Acceptance: the parameter arrays keep their data pointers and no parameter-sized
    buffer (none at all) is allocated from the system per step once the step has run:
    the gradients and other temporaries reuse the caching allocator's blocks."""
    from irc.runtime import alloc

    trainer = Trainer(Model.load(MLP), seed=2)
    batches = minibatches(split.train, 64, seed=2)
    for _ in range(2):
        trainer.step(next(batches))
    where = _pointers([*trainer.params.values(), *trainer.state])
    alloc.reset_stats()
    for _ in range(5):
        trainer.step(next(batches))
    stats = alloc.stats()
    assert stats.system_allocs == 0 and stats.cache_hits > 0
    largest = max(p.nbytes for p in trainer.params.values())
    assert stats.largest_request >= largest  # w1's gradient does go through the allocator
    assert _pointers([*trainer.params.values(), *trainer.state]) == where


CARRY = """
func.func @loss(%x: tensor<4x3xf64> {irc.data = "x"},
                %h: tensor<4x3xf64> {irc.carry = "h"},
                %w: tensor<3x3xf64> {irc.param = "w", irc.init = "normal(0.5)"})
    -> (tensor<f64>, tensor<4x3xf64> {irc.carry = "h"}) {
  %xw = nn.matmul %x, %w : (tensor<4x3xf64>, tensor<3x3xf64>) -> tensor<4x3xf64>
  %z = nn.add %xw, %h : tensor<4x3xf64>
  %h2 = nn.tanh %z : tensor<4x3xf64>
  %sq = nn.mul %h2, %h2 : tensor<4x3xf64>
  %l = nn.reduce_mean %sq [0, 1] : (tensor<4x3xf64>) -> tensor<f64>
  return %l, %h2 : tensor<f64>, tensor<4x3xf64>
}
"""


def test_a_carried_state_goes_from_one_step_to_the_next():
    """Truncated back-propagation through time: each step starts from the state the last
    one ended in (zeros first), and its gradient stops there (the loss of one window)."""
    model = Model.load(CARRY)
    assert model.carries == ["h"]
    trainer = Trainer(model, seed=0, optimizer="sgd", lr=0.1, mu=0.0)
    w = trainer.params["w"].copy()
    rng = np.random.default_rng(0)
    h = np.zeros((4, 3))
    for _ in range(3):
        x = rng.standard_normal((4, 3))
        z = x @ w + h
        h2 = np.tanh(z)
        assert trainer.step({"x": x}) == pytest.approx(np.mean(h2**2), rel=1e-12)
        w -= 0.1 * x.T @ (2 * h2 * (1 - h2**2) / h2.size)  # through this window only
        np.testing.assert_allclose(trainer.params["w"], w, rtol=1e-12)
        np.testing.assert_allclose(trainer.carry["h"], h2, rtol=1e-12)
        h = h2
    trainer.reset_carry()
    x = rng.standard_normal((4, 3))
    expected = np.mean(np.tanh(x @ trainer.params["w"]) ** 2)
    assert trainer.step({"x": x}) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("change, message", [
    (('-> (tensor<f64>, tensor<4x3xf64> {irc.carry = "h"})', "-> (tensor<f64>, tensor<4x3xf64>)"),
     "result 1: a result after the loss must be marked"),
    (('{irc.carry = "h"}) {', '{irc.carry = "c"}) {'), "result 1 carries 'c'"),
    (('%h: tensor<4x3xf64> {irc.carry = "h"}', '%h: tensor<4x3xf64> {irc.data = "h"}'),
     "result 1 carries 'h', and no argument"),
])  # fmt: skip
def test_bad_carries(change, message):
    with pytest.raises(ModelError, match=re.escape(message)):
        Model.load(CARRY.replace(*change))


def test_a_rank_0_parameter_trains_as_a_0_d_array():
    text = """func.func @loss(%w: tensor<f32> {irc.param = "w", irc.init = "constant(3.0)"})
        -> tensor<f32> {
      %sq = nn.mul %w, %w : tensor<f32>
      return %sq : tensor<f32>
    }"""
    trainer = Trainer(Model.load(text), optimizer="sgd", lr=0.25, mu=0.0)
    assert trainer.params["w"].shape == ()
    assert trainer.step({}) == 9.0 and trainer.params["w"] == 1.5  # w - 0.25 * 2w
