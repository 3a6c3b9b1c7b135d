"""One training step of the digits MLP (examples/mlp_digits.mlir) in irc and its peers.

The model: 64 pixels -> 256 ReLU units -> 10 logits, mean softmax cross-entropy, Gaussian
noise of standard deviation 0.25 added to the pixels, Adam (lr 1e-2, b1 0.9, b2 0.999,
eps 1e-8, a constant learning rate: the model's cosine schedule is turned off so that every
implementation takes the same step). One step is the forward pass, the backward pass and
the Adam update of the four parameters and their moments, in place where the framework
allows; every implementation also draws its own noise and returns the loss as a Python
float, so a step ends when its results are ready. Rows: batches of 64 and of 512 digits
(`irc.train.data.digits()`, cycled through 8 fixed batches of each size).

- irc: `Trainer(model, seed=0, schedule="constant").step(batch)`, the driver users call:
  Python-side argument handling included, the step compiled by `irc.jit` with the
  parameters and the optimizer state donated, the noise drawn inside the step by its
  counter-based RNG (`nn.random_normal`);
- numpy: the forward and backward pass written by hand in float32, Adam in place;
- torch: CPU, eager, `torch.set_num_threads(2)`, `torch.optim.Adam`, noise `torch.randn`;
- jax: on the CPU, one `jax.jit`-compiled function (params, m, v, t, batch) -> (loss,
  params, m, v), `donate_argnums` for params, m and v, Adam by hand, noise
  `jax.random.normal` inside;
- pytensor: one `pytensor.function` with `updates` (Theano's way) over shared variables,
  noise from a `RandomStream`.

A peer that does not import shows "-" in its column and a note "n/a" below the table.

Correctness comes first. Every implementation starts from the same parameters (irc's
`Model.initial_params(0)`, glorot and zeros) and takes 3 steps on the same 3 batches of
64 with the same noise, and the 3 losses of each must agree with numpy's within a relative
1e-4, or the run stops. The same noise: irc draws its noise inside the compiled step from
the step's seed, which `Trainer.step_seed(t)` gives, so the check compiles the loss's
noise ops alone (`nn.random_key`, `nn.random_normal ... like %x`, times 0.25: `NOISE_IR`,
checked against the model's text) and evaluates them at that seed; the peers take that
array as their noise instead of drawing their own. The same Trainer is then timed.

irc's compile time is a table of its own: the Trainer built and its first step taken with
an empty disk cache (a fresh `IRC_CACHE_DIR`: parsing, autodiff, lowering, LLVM), the first
step at the other batch size, and a second Trainer of the same model, which finds the
compiled step in the disk cache.

Timings are medians of `--repeat` steps after `--warmup` steps, each implementation after
0.3 s idle; a row timed while other processes used over 5% of the cores is timed again (up
to 3 tries, the least disturbed kept) and named below the tables when it stayed disturbed
(`benchmarks.nn_workloads.time_row`). Targets (`--check` exits 1 naming a missed one) say
where irc stands (docs/performance.md, "Training step"): its step within 5x numpy's and 3x
torch's (when torch is installed) at both batch sizes. On two quiet cores irc is at about
3.5x numpy's at batch 64 and 2x at 512; with other processes on the cores, as on the
2-core machine where the figures were taken, it measured 3.9-4.9x and 2.9-4.2x.

    python -m benchmarks.train_step [--repeat N] [--warmup N] [--check]
"""

from __future__ import annotations

import functools
import itertools
import os
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from benchmarks import common
from benchmarks.nn_workloads import Peer, contention_lines, time_row

MODEL = common.BENCHMARKS_DIR.parent / "examples" / "mlp_digits.mlir"
BATCHES = (64, 512)
BATCHES_PER_ROW = 8  # distinct batches that each row's steps cycle through
LR, B1, B2, EPS = 1e-2, 0.9, 0.999, 1e-8
NOISE = 0.25  # the standard deviation of the input noise, as in the model
CHECK_STEPS, CHECK_BATCH, CHECK_RTOL = 3, 64, 1e-4
PARAMS = ("w1", "b1", "w2", "b2")
# Where irc stands (docs/performance.md, "Training step"); one against a peer that is not
# installed is left out with a note.
TARGETS = {
    64: ("irc <= 5x numpy", "irc <= 3x torch"),
    512: ("irc <= 5x numpy", "irc <= 3x torch"),
}

# The loss's noise, alone: what `@loss` of the model adds to %x at a given seed.
NOISE_IR = f"""
func.func @noise(%x: tensor<?x64xf32>, %seed: tensor<i64>) -> tensor<?x64xf32> {{
  %key = nn.random_key %seed : tensor<i64>
  %normal = nn.random_normal %key like %x : tensor<?x64xf32>
  %scale = nn.constant dense<{NOISE}> : tensor<f32>
  %noise = nn.mul %normal, %scale : (tensor<?x64xf32>, tensor<f32>) -> tensor<?x64xf32>
  return %noise : tensor<?x64xf32>
}}
"""

Step = Callable[..., float]  # step(x, labels, noise=None) -> the loss before the step


# -- the data and the starting point -------------------------------------------------------------


def load_model():
    from irc.train.model import Model

    text = MODEL.read_text()
    for line in NOISE_IR.strip().splitlines()[1:-2]:  # the noise ops, as the model has them
        if line.strip() not in text:
            raise AssertionError(f"{MODEL.name} no longer has {line.strip()!r}: update NOISE_IR")
    return Model.load(MODEL)


@functools.cache
def training_digits() -> dict[str, np.ndarray]:
    from irc.train.data import digits

    return digits().train


def batches(size: int, count: int = BATCHES_PER_ROW, seed: int = 0) -> list[dict[str, np.ndarray]]:
    """`count` batches of `size` training digits (x: size x 64 f32, labels: size i32)."""
    from irc.train.trainer import minibatches

    return list(itertools.islice(minibatches(training_digits(), size, seed=seed), count))


def initial_params() -> list[np.ndarray]:
    """w1, b1, w2, b2 as irc's Trainer(seed=0) starts them."""
    drawn = load_model().initial_params(0)
    return [drawn[name] for name in PARAMS]


# -- irc ---------------------------------------------------------------------------------------


@contextmanager
def empty_disk_cache() -> Iterator[None]:
    """irc.jit's disk cache in a fresh temporary directory for the duration."""
    before = os.environ.get("IRC_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="irc-train-step-") as directory:
        os.environ["IRC_CACHE_DIR"] = directory
        try:
            yield
        finally:
            if before is None:
                del os.environ["IRC_CACHE_DIR"]
            else:
                os.environ["IRC_CACHE_DIR"] = before


def irc_trainer():
    from irc.train.trainer import Trainer

    return Trainer(load_model(), seed=0, schedule="constant", lr=LR, b1=B1, b2=B2, eps=EPS)


class IrcStep:
    """irc's Trainer; `noise` must be None or what the step draws itself (`irc_noise`)."""

    def __init__(self, trainer) -> None:
        self.trainer = trainer

    def __call__(self, x: np.ndarray, labels: np.ndarray, noise=None) -> float:
        return self.trainer.step({"x": x, "labels": labels})


def compile_irc(batch: dict[str, np.ndarray], other: dict[str, np.ndarray]):
    """A Trainer compiled with an empty disk cache, and the seconds of: building it and
    its first step, its first step at the other batch size, a second Trainer from the disk
    cache and its first step. The trainers are set back to their start afterwards."""
    timings = {}
    with empty_disk_cache():
        start = time.perf_counter()
        trainer = irc_trainer()
        trainer.step(batch)
        timings["cold"] = time.perf_counter() - start
        start = time.perf_counter()
        trainer.step(other)
        timings["other"] = time.perf_counter() - start
        start = time.perf_counter()
        irc_trainer().step(batch)
        timings["cached"] = time.perf_counter() - start
    restart(trainer)
    return trainer, timings


def restart(trainer) -> None:
    """The trainer back at step 0 with its initial parameters and zero optimizer state."""
    for name, array in zip(PARAMS, initial_params(), strict=True):
        np.copyto(trainer.params[name], array)
    for array in trainer.state:
        array.fill(0)
    trainer.t = 0


def irc_noise() -> Callable[[np.ndarray, int], np.ndarray]:
    """noise(x, seed): the noise that irc's step adds to `x` at that seed."""
    import irc

    compiled = irc.jit(NOISE_IR, "noise")
    return lambda x, seed: np.asarray(compiled(x, np.asarray(seed, dtype=np.int64)))


# -- numpy ---------------------------------------------------------------------------------------


class NumpyStep:
    """Forward, backward and Adam by hand, float32, the parameters updated in place."""

    def __init__(self, params: Sequence[np.ndarray], seed: int = 0) -> None:
        self.params = [np.array(p, dtype=np.float32) for p in params]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.t = 0
        self.rng = np.random.default_rng(seed)

    def __call__(self, x: np.ndarray, labels: np.ndarray, noise=None) -> float:
        if noise is None:
            noise = self.rng.standard_normal(x.shape, dtype=np.float32)
            noise *= np.float32(NOISE)
        w1, b1, w2, b2 = self.params
        n = len(x)
        rows = np.arange(n)
        noisy = x + noise
        z = noisy @ w1
        z += b1
        h = np.maximum(z, 0)
        logits = h @ w2
        logits += b2
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        total = e.sum(axis=1, keepdims=True)
        loss = float(np.log(total).mean() - logits[rows, labels].mean())
        # d loss / d logits = (softmax - onehot) / n, in e's buffer
        e /= total
        e[rows, labels] -= 1
        e /= np.float32(n)
        dh = e @ w2.T
        dh *= z > 0
        grads = (noisy.T @ dh, dh.sum(axis=0), h.T @ e, e.sum(axis=0))
        self.t += 1
        adam_in_place(self.params, grads, self.m, self.v, self.t)
        return loss


def adam_in_place(params, grads, ms, vs, t: int) -> None:
    """p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps), as irc's optimizers.adam."""
    f32 = np.float32
    k1, k2 = f32(1) - f32(B1) ** f32(t), f32(1) - f32(B2) ** f32(t)
    for p, g, m, v in zip(params, grads, ms, vs, strict=True):
        m *= f32(B1)
        m += f32(1 - B1) * g
        v *= f32(B2)
        g *= g
        g *= f32(1 - B2)
        v += g
        root = v / k2
        np.sqrt(root, out=root)
        root += f32(EPS)
        step = m / k1
        step /= root
        step *= f32(LR)
        p -= step


# -- the peers -------------------------------------------------------------------------------------


def torch_step(params: Sequence[np.ndarray], seed: int = 0) -> Step:
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(2)
    tensors = [torch.from_numpy(np.array(p)).requires_grad_() for p in params]
    optimizer = torch.optim.Adam(tensors, lr=LR, betas=(B1, B2), eps=EPS)
    generator = torch.Generator().manual_seed(seed)

    def step(x: np.ndarray, labels: np.ndarray, noise=None) -> float:
        x = torch.from_numpy(x)
        if noise is None:
            noise = torch.randn(x.shape, generator=generator) * NOISE
        else:
            noise = torch.from_numpy(noise)
        w1, b1, w2, b2 = tensors
        logits = torch.relu((x + noise) @ w1 + b1) @ w2 + b2
        loss = F.cross_entropy(logits, torch.from_numpy(labels).long())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return loss.item()

    return step


def jax_step(params: Sequence[np.ndarray], seed: int = 0) -> Step:
    import jax
    import jax.numpy as jnp

    # On the CPU, as the others, also where JAX finds an accelerator (whose float32
    # matmuls may round their inputs to TF32: the check would catch it).
    jax.config.update("jax_default_device", jax.devices("cpu")[0])

    def loss_of(params, x, labels, noise):
        w1, b1, w2, b2 = params
        logits = jax.nn.relu((x + noise) @ w1 + b1) @ w2 + b2
        picked = jnp.take_along_axis(jax.nn.log_softmax(logits), labels[:, None], axis=1)
        return -jnp.mean(picked)

    def update(params, m, v, t, x, labels, noise):
        loss, grads = jax.value_and_grad(loss_of)(params, x, labels, noise)
        m = tuple(B1 * a + (1 - B1) * g for a, g in zip(m, grads, strict=True))
        v = tuple(B2 * a + (1 - B2) * g * g for a, g in zip(v, grads, strict=True))
        k1, k2 = 1 - B1 ** t.astype(jnp.float32), 1 - B2 ** t.astype(jnp.float32)
        params = tuple(
            p - LR * (a / k1) / (jnp.sqrt(b / k2) + EPS)
            for p, a, b in zip(params, m, v, strict=True)
        )
        return loss, params, m, v

    key = jax.random.key(seed)

    def drawing(params, m, v, t, x, labels):
        noise = NOISE * jax.random.normal(jax.random.fold_in(key, t), x.shape, jnp.float32)
        return update(params, m, v, t, x, labels, noise)

    with_noise = jax.jit(update, donate_argnums=(0, 1, 2))
    own_noise = jax.jit(drawing, donate_argnums=(0, 1, 2))
    state = {
        "params": tuple(jnp.asarray(p) for p in params),
        "m": tuple(jnp.zeros(p.shape, jnp.float32) for p in params),
        "v": tuple(jnp.zeros(p.shape, jnp.float32) for p in params),
        "t": 0,
    }

    def step(x: np.ndarray, labels: np.ndarray, noise=None) -> float:
        state["t"] += 1
        t = np.asarray(state["t"], dtype=np.int32)
        s = (state["params"], state["m"], state["v"], t, x, labels)
        loss, state["params"], state["m"], state["v"] = (
            own_noise(*s) if noise is None else with_noise(*s, noise)
        )
        return float(loss)

    return step


def pytensor_step(params: Sequence[np.ndarray], seed: int = 0) -> Step:
    import pytensor
    import pytensor.tensor as pt
    from pytensor.tensor.random.utils import RandomStream
    from pytensor.tensor.special import log_softmax

    pytensor_mode()
    f32 = np.float32
    named = list(zip(PARAMS, params, strict=True))
    shared = [pytensor.shared(np.array(p, dtype=f32), name=n) for n, p in named]
    ms = [pytensor.shared(np.zeros_like(p, dtype=f32), name=f"m_{n}") for n, p in named]
    vs = [pytensor.shared(np.zeros_like(p, dtype=f32), name=f"v_{n}") for n, p in named]
    t = pytensor.shared(np.array(0, dtype=f32), name="t")
    x = pt.matrix("x", dtype="float32")
    labels = pt.vector("labels", dtype="int32")

    def function(noise, inputs):
        w1, b1, w2, b2 = shared
        logits = pt.maximum((x + noise) @ w1 + b1, f32(0)) @ w2 + b2
        loss = -log_softmax(logits, axis=1)[pt.arange(x.shape[0]), labels].mean()
        grads = pytensor.grad(loss, shared)
        t1 = t + f32(1)
        k1, k2 = f32(1) - f32(B1) ** t1, f32(1) - f32(B2) ** t1
        updates = [(t, t1)]
        for p, g, m, v in zip(shared, grads, ms, vs, strict=True):
            m1 = f32(B1) * m + f32(1 - B1) * g
            v1 = f32(B2) * v + f32(1 - B2) * g * g
            p1 = p - f32(LR) * (m1 / k1) / (pt.sqrt(v1 / k2) + f32(EPS))
            updates += [(m, m1), (v, v1), (p, p1)]
        return pytensor.function(inputs, loss, updates=updates)

    given = pt.matrix("noise", dtype="float32")
    with warnings.catch_warnings():  # RandomStream: deprecated in 3.0, what 2.x has
        warnings.simplefilter("ignore", FutureWarning)
        drawn = RandomStream(seed).normal(0, 1, size=x.shape, dtype="float32") * f32(NOISE)
    with_noise = function(given, [x, labels, given])
    own_noise = function(drawn, [x, labels])

    def step(x: np.ndarray, labels: np.ndarray, noise=None) -> float:
        return float(own_noise(x, labels) if noise is None else with_noise(x, labels, noise))

    return step


def pytensor_mode() -> str:
    """PyTensor's default mode (numba, since 3.0), or when numba does not import its C
    backend, "CVM", made the default (graphs inside ops compile at their first call)."""
    import pytensor

    try:
        import numba  # noqa: F401
    except ImportError:
        pytensor.config.mode = "CVM"
    return str(pytensor.config.mode)


PEERS: dict[str, tuple[str, Callable[[Sequence[np.ndarray]], Step]]] = {
    "torch": ("torch", torch_step),
    "jax": ("jax", jax_step),
    "pytensor": ("pytensor", pytensor_step),
}


def installed_peers(names: Sequence[str] = tuple(PEERS)) -> tuple[list[str], list[str]]:
    """Those of the peers `names` that import, and a note for each one that does not."""
    return common.importable_peers({name: PEERS[name][0] for name in names})


# -- checking and timing -----------------------------------------------------------------------


def check(steps: dict[str, Step], noise_at: Callable[[np.ndarray, int], np.ndarray],
          seed_at: Callable[[int], int]) -> dict[str, list[float]]:  # fmt: skip
    """CHECK_STEPS steps of every implementation (all at their start) on the same batches
    with the same noise (irc's, at the seed of each step); raise AssertionError unless
    every loss is numpy's within CHECK_RTOL. The losses by implementation."""
    losses: dict[str, list[float]] = {name: [] for name in steps}
    for t, batch in enumerate(batches(CHECK_BATCH, CHECK_STEPS, seed=1), start=1):
        noise = noise_at(batch["x"], seed_at(t))
        for name, step in steps.items():
            losses[name].append(step(batch["x"], batch["labels"], noise))
    want = np.array(losses["numpy"])
    for name, got in losses.items():
        np.testing.assert_allclose(
            got, want, rtol=CHECK_RTOL, err_msg=f"the losses of {name}'s first steps vs numpy's"
        )
    return losses


def cycling(step: Step, data: list[dict[str, np.ndarray]], own: bool) -> Callable[[], object]:
    """A call of no arguments that takes one step on the next batch."""
    turn = itertools.cycle(data)
    if own:  # irc's Trainer takes the batch as it comes
        return lambda: step.trainer.step(next(turn))

    def call() -> float:
        batch = next(turn)
        return step(batch["x"], batch["labels"])

    return call


def main(argv: list[str] | None = None, peers: Sequence[str] | None = None) -> int:
    """The benchmark; `peers` (default: every installed one) limits the peers."""
    args = common.parse_args(__doc__, argv)
    common.print_machine_info()
    found, notes = installed_peers(PEERS if peers is None else peers)
    notes += [f"{name}: left out" for name in PEERS if peers is not None and name not in peers]
    data = {size: batches(size) for size in BATCHES}
    trainer, compile_times = compile_irc(data[BATCHES[0]][0], data[BATCHES[-1]][0])
    start = initial_params()
    steps: dict[str, Step] = {"numpy": NumpyStep(start), "irc": IrcStep(trainer)}
    for name in found:
        steps[name] = PEERS[name][1](start)
    if "pytensor" in steps:
        notes.append(f"pytensor: mode {pytensor_mode()}")
    losses = check(steps, irc_noise(), trainer.step_seed)

    table = common.Table("one training step of the digits MLP, f32", baseline="numpy")
    contention: dict[str, float | None] = {}
    for size in BATCHES:
        label = f"batch {size}"
        calls = {
            name: Peer(cycling(step, data[size], own=name == "irc")) for name, step in steps.items()
        }
        timings, contention[label] = time_row(calls, args)
        for name in ["numpy", "irc", *PEERS]:
            table.add(label, name, timings.get(name))
        for text in TARGETS[size]:
            reference = common.parse_target(text).reference
            if reference is None or timings.get(reference) is not None:
                table.target(label, text)
            else:
                notes.append(f"{label}: target {text!r} left out, {reference} not measured")
    table.print()
    rates = table.rows
    for label, row in rates.items():
        size = int(label.split()[-1])
        text = ", ".join(
            f"{name} {size / value:,.0f}" for name, value in row.items() if value is not None
        )
        print(f"{label}: examples/s {text}")
    print()

    compile_table = common.Table("irc: compiling the step", unit="s")
    compile_table.add(f"Trainer + first step, batch {BATCHES[0]}, empty disk cache", "irc",
                      compile_times["cold"])  # fmt: skip
    compile_table.add(f"then the first step at batch {BATCHES[-1]}", "irc", compile_times["other"])
    compile_table.add("a second Trainer + first step (disk cache)", "irc", compile_times["cached"])
    compile_table.print()
    for line in [*notes, *contention_lines(contention)]:
        print(line)
    print(f"checked before timing: {CHECK_STEPS} steps from the same start, batch {CHECK_BATCH}, "
          f"irc's noise; losses within rtol {CHECK_RTOL:g} of numpy's:")  # fmt: skip
    for name, values in losses.items():
        print(f"  {name:<9}" + "  ".join(f"{value:.6f}" for value in values))
    print()
    return common.finish(args, [table])


if __name__ == "__main__":
    raise SystemExit(main())
