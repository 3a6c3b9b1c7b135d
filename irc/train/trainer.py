"""The training driver: a model's step compiled once (irc.jit, or the interpreter to
check it), called on batches with the parameters and the optimizer state held as numpy
arrays that every step updates in place — Theano's shared variables and `updates`, with
the update written as IR (`step.py`) instead of hidden in the runtime.

    model = Model.load("examples/mlp_digits.mlir")
    trainer = Trainer(model, optimizer="adam", lr=1e-2, seed=0)
    losses = trainer.fit(minibatches(split.train, 64, seed=0), steps=500)
    classes = trainer.call("predict", split.held_out)[0]

Settings not given come from the model's `irc.train` attribute, then from `DEFAULTS`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from irc.ir.types import DYNAMIC
from irc.train.model import Argument, Model, ModelError
from irc.train.step import HYPERPARAMETERS, STATES, training_step

DEFAULTS: dict[str, object] = {
    "optimizer": "adam",
    "lr": 1e-3,
    "mu": 0.9,  # SGD's momentum
    "b1": 0.9,
    "b2": 0.999,
    "eps": 1e-8,
    "clip": 0.0,  # the largest global gradient norm; 0 for none
    "schedule": "constant",  # of the learning rate: SCHEDULES
    "steps": 0,  # the length of training, which a decaying schedule needs
}
# The learning rate at step t (from 1) of `steps`, as a fraction of `lr`.
SCHEDULES: dict[str, Callable[[int, int], float]] = {
    "constant": lambda t, steps: 1.0,
    "cosine": lambda t, steps: 0.5 * (1.0 + math.cos(math.pi * min(t - 1, steps) / steps)),
}


class Trainer:
    """Trains `model` from `seed`; `interpret=True` runs every step in the reference
    interpreter instead of native code (slow, for checking)."""

    def __init__(self, model: Model, *, seed: int = 0, interpret: bool = False, **settings):
        unknown = set(settings) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"unknown settings {sorted(unknown)}; known: {sorted(DEFAULTS)}")
        given = {k: v for k, v in settings.items() if v is not None}
        self.settings = {**DEFAULTS, **_known(model.defaults), **given}
        self.model, self.seed, self.interpret = model, seed, interpret
        self.optimizer = str(self.settings["optimizer"])
        schedule = self.settings["schedule"]
        if schedule not in SCHEDULES:
            raise ValueError(f"schedule {schedule!r}: expected one of {sorted(SCHEDULES)}")
        if schedule != "constant" and int(self.settings["steps"]) <= 0:
            raise ValueError(f"the {schedule} schedule needs the number of steps (steps=N)")
        self.params = model.initial_params(seed)
        self.state = [np.zeros_like(self.params[a.name]) for _ in STATES.get(self.optimizer, ())
                      for a in model.params]  # fmt: skip
        clip = float(self.settings["clip"]) > 0
        step = training_step(
            model.module, model.loss, [a.index for a in model.params], self.optimizer, clip=clip
        )
        self._step = self._compiled(step.module, step.name, step.donate_argnums)
        # What every step updates, in the order it returns them; its hyperparameters.
        self._updated = [self.params[a.name] for a in model.params] + self.state
        self._hyper_names = [*HYPERPARAMETERS[self.optimizer], *(["max_norm"] if clip else [])]
        self._hyper_dtype = model.params[0].dtype
        self._functions: dict[str, object] = {}
        self.t = 0  # steps taken
        self.carry: dict[str, np.ndarray] = {}  # what the last step returned to carry
        self._carries = model.carries

    def _compiled(self, module, name: str, donate=()):
        if self.interpret:
            from irc.runtime.interpreter import run

            return lambda *args: run(module, name, *args)
        import irc

        return irc.jit(module, name, donate_argnums=donate)

    def step(self, batch: dict[str, np.ndarray]) -> float:
        """One step on `batch` (arrays by the loss's `irc.data` keys); the loss before it."""
        self.t += 1
        args = [self._feed(a, batch) for a in self.model.arguments]
        loss, *rest = self._step(*args, *self.state, *self._hyperparameters())
        carried = self._carries
        self.carry.update(zip(carried, rest[: len(carried)], strict=True))
        rest = rest[len(carried) :]
        for target, new in zip(self._updated, rest, strict=True):
            if not _same_buffer(target, new):  # the interpreter returns new arrays
                np.copyto(target, new)
        return float(loss)

    def step_seed(self, t: int) -> int:
        """The seed an `irc.seed` argument gets at step t (from 1; evaluation is t = 0)."""
        return (self.seed * 1_000_003 + t) % 2**31

    def _feed(self, a: Argument, batch: dict[str, np.ndarray], t: int | None = None):
        if a.kind == "param":
            return self.params[a.name]
        if a.kind == "seed":
            return np.asarray(self.step_seed(self.t if t is None else t), dtype=a.dtype)
        if a.kind == "carry":
            return self._carried(a, batch, last=t is None)
        if a.name not in batch:
            raise ModelError(f"argument {a.index} takes the batch's {a.name!r}, and the batch "
                             f"has only {sorted(batch)}", a.location)  # fmt: skip
        return batch[a.name]

    def _carried(self, a: Argument, batch: dict[str, np.ndarray], last: bool) -> np.ndarray:
        """The batch's value under the carry's name, else (`last`: in a training step) the
        last step's, else zeros."""
        if a.name in batch:
            return batch[a.name]
        if last and a.name in self.carry:
            return self.carry[a.name]
        if DYNAMIC in a.shape:
            raise ModelError(f"the carried {a.name!r} has `?` sizes ({a.type}): give its first "
                             f"value in the batch under {a.name!r}", a.location)  # fmt: skip
        return np.zeros(a.shape, a.dtype)

    def reset_carry(self) -> None:
        """Start the carried values from zeros again (a new pass over the sequences)."""
        self.carry.clear()

    def _hyperparameters(self) -> list[np.ndarray]:
        rate = SCHEDULES[self.settings["schedule"]](self.t, int(self.settings["steps"]))
        values = {**self.settings, "t": float(self.t), "lr": self.settings["lr"] * rate,
                  "max_norm": self.settings["clip"]}  # fmt: skip
        return [np.asarray(values[h], dtype=self._hyper_dtype) for h in self._hyper_names]

    def call(self, name: str, batch: dict[str, np.ndarray]) -> list[np.ndarray]:
        """Function `name` of the model (`@predict`, `@evaluate`) on the trained parameters
        and `batch`; its `irc.seed` arguments get the seed of evaluation, 0, and its
        `irc.carry` arguments the batch's arrays of their names, or zeros."""
        arguments = self.model.function_arguments(name)
        function = self._functions.get(name)
        if function is None:
            function = self._functions[name] = self._compiled(self.model.module, name)
        results = function(*(self._feed(a, batch, t=0) for a in arguments))
        return list(results) if isinstance(results, list | tuple) else [results]

    def fit(self, batches: Iterable[dict[str, np.ndarray]], steps: int, *,
            progress: bool = True) -> list[float]:  # fmt: skip
        """`steps` steps on the batches in turn, with a progress bar showing the loss; the
        losses."""
        from tqdm import tqdm

        losses = []
        with tqdm(total=steps, disable=not progress, unit="step", leave=False) as bar:
            for batch in itertools.islice(batches, steps):
                losses.append(self.step(batch))
                bar.set_postfix(loss=f"{losses[-1]:.4f}", refresh=False)
                bar.update()
        return losses


def _known(defaults: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in defaults.items() if k in DEFAULTS}


def _same_buffer(a: np.ndarray, b) -> bool:
    b = np.asarray(b)
    where = a.__array_interface__["data"][0], b.__array_interface__["data"][0]
    return where[0] == where[1] and a.shape == b.shape


def minibatches(data: dict[str, np.ndarray], size: int, seed: int = 0) -> Iterator[dict]:
    """Endless batches of `size` examples, a new shuffle each epoch; the last incomplete
    batch of an epoch is left out, so every batch has one shape (one compilation)."""
    count = len(next(iter(data.values())))
    if size > count:
        raise ValueError(f"batch size {size} is larger than the {count} examples")
    rng = np.random.default_rng(seed)
    while True:
        order = rng.permutation(count)
        for start in range(0, count - size + 1, size):
            chosen = order[start : start + size]
            yield {key: np.ascontiguousarray(value[chosen]) for key, value in data.items()}
