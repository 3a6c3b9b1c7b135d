"""nn programs compiled by irc.jit against numpy and the peers: numpy arrays in, numpy arrays out.

Each workload is an nn function written in the IR text with static shapes only (no `?`
sizes, so nothing here depends on per-shape specialization) and compiled by
`irc.compile_module` through the `nn-to-loops` pipeline; irc allocates its results, as the
peers do. Rows (full sizes; `--quick` shrinks them so that a test can run the checks):

- W1  `tanh(x*a + b) * sigmoid(x) + exp(-x*x)` over 4M f32, `a` and `b` rank-0 tensors;
- W2  1024x1024 by 1024x1024 f32 `nn.matmul`;
- W3  row softmax of 4096x1024 f32 (`nn.softmax` axis 1);
- W4  sum of 16M f32 (`nn.reduce_sum`, to a rank-0 tensor);
- MLP forward 784-512-512-10, batch 128, ReLU, f32 (three `nn.matmul`, bias `nn.add`).

Side by side, in one process: numpy, and where installed JAX (`jax.jit`, inputs already
device arrays, timed to `block_until_ready`), torch eager (CPU, `torch.from_numpy` views)
and PyTensor (`pytensor.function`); a peer that is not installed is skipped with a note.
Timings are medians of `--repeat` runs after `--warmup` runs. Other processes on the
machine skew them (the threaded ones, numpy's BLAS, JAX and torch, most), so the share of
the cores that other processes used while each row ran is measured (Linux): a row timed
while they used over 5% is timed again, up to 3 tries, and the least disturbed try is kept;
a row that stayed disturbed is named below the tables as unreliable.

Correctness comes first: before anything is timed, irc's result, numpy's and each peer's
are compared with numpy's float64 result on the same float32 inputs,
`|got - want| <= atol + rtol * |want|` with the (rtol, atol) in `TOLERANCES`; a mismatch
stops the run. The compile time of each program (cold: `cache=False`, after one tiny
compile that loads llvmlite and the passes, whose time is printed too) is a table of its own.

Targets at the full sizes (``--check`` exits 1 naming each missed one; `--quick` checks
none): irc faster than numpy on W1, W3 and W4; irc at least 35% of numpy's GFLOP/s on W2
(time at most 1/0.35 = 2.857x numpy's); the MLP within 3x of numpy.

    python -m benchmarks.nn_workloads [--repeat N] [--warmup N] [--check] [--quick]
"""

from __future__ import annotations

import operator
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from benchmarks import common

# (rtol, atol) against numpy's float64 result. W2's and the MLP's atol covers float32
# rounding of 1024-term (784-term) dot products of values around 1.
TOLERANCES = {
    "W1": (1e-5, 1e-6),
    "W2": (1e-4, 1e-3),
    "W3": (1e-5, 1e-8),
    "W4": (1e-5, 0.0),
    "MLP": (1e-4, 1e-4),
}
MATMUL_SHARE = 0.35  # W2's target: this share of numpy's GFLOP/s
MLP_WIDTHS = (784, 512, 512, 10)
QUIET, TRIES = 0.05, 3  # a row timed while others used more of the cores is timed again


@dataclass(frozen=True)
class Sizes:
    elementwise: int  # W1 elements
    softmax: tuple[int, int]  # W3 rows, columns
    summed: int  # W4 elements
    matmul: int  # W2 n for n x n by n x n
    batch: int  # MLP rows


FULL = Sizes(elementwise=4 << 20, softmax=(4096, 1024), summed=16 << 20, matmul=1024, batch=128)
QUICK = Sizes(elementwise=1 << 16, softmax=(256, 128), summed=1 << 20, matmul=128, batch=8)


@dataclass(frozen=True)
class Workload:
    """One row: an nn function, its inputs, numpy's formula for it and the target."""

    key: str  # W1, W2, ...: the peers' tables and TOLERANCES use it
    label: str  # the table's row
    function: str  # the IR function's name
    source: str  # the IR text
    inputs: tuple[np.ndarray, ...]
    target: str
    flops: float | None = None

    @property
    def tolerance(self) -> tuple[float, float]:
        return TOLERANCES[self.key]


# -- the programs -----------------------------------------------------------------------------


def tensor(*shape: int) -> str:
    return "tensor<" + "".join(f"{size}x" for size in shape) + "f32>"


def w1_source(n: int) -> str:
    t, s = tensor(n), tensor()
    return f"""
func.func @w1(%x: {t}, %a: {s}, %b: {s}) -> {t} {{
  %xa = nn.mul %x, %a : ({t}, {s}) -> {t}
  %z = nn.add %xa, %b : ({t}, {s}) -> {t}
  %th = nn.tanh %z : {t}
  %sg = nn.sigmoid %x : {t}
  %p = nn.mul %th, %sg : {t}
  %xx = nn.mul %x, %x : {t}
  %nxx = nn.neg %xx : {t}
  %e = nn.exp %nxx : {t}
  %y = nn.add %p, %e : {t}
  return %y : {t}
}}
"""


def matmul_source(n: int) -> str:
    t = tensor(n, n)
    return f"""
func.func @matmul(%a: {t}, %b: {t}) -> {t} {{
  %c = nn.matmul %a, %b : ({t}, {t}) -> {t}
  return %c : {t}
}}
"""


def softmax_source(rows: int, columns: int) -> str:
    t = tensor(rows, columns)
    return f"""
func.func @softmax(%x: {t}) -> {t} {{
  %p = nn.softmax %x axis 1 : {t}
  return %p : {t}
}}
"""


def sum_source(n: int) -> str:
    return f"""
func.func @total(%x: {tensor(n)}) -> {tensor()} {{
  %s = nn.reduce_sum %x [0] : {tensor(n)}
  return %s : {tensor()}
}}
"""


def mlp_layer(index: int, batch: int, fan_in: int, fan_out: int, source: str, relu: bool) -> str:
    """Lines of one dense layer, `%h<index> = relu(%<source> @ %w<index> + %b<index>)`."""
    x, w, h = tensor(batch, fan_in), tensor(fan_in, fan_out), tensor(batch, fan_out)
    last = f"%h{index}" if not relu else f"%z{index}"
    lines = [
        f"  %m{index} = nn.matmul %{source}, %w{index} : ({x}, {w}) -> {h}",
        f"  {last} = nn.add %m{index}, %b{index} : ({h}, {tensor(fan_out)}) -> {h}",
    ]
    if relu:
        lines.append(f"  %h{index} = nn.relu %z{index} : {h}")
    return "\n".join(lines)


def mlp_source(batch: int) -> str:
    widths = MLP_WIDTHS
    params = [f"%x: {tensor(batch, widths[0])}"]
    layers = []
    for index, (fan_in, fan_out) in enumerate(pairwise(widths), start=1):
        params += [f"%w{index}: {tensor(fan_in, fan_out)}", f"%b{index}: {tensor(fan_out)}"]
        source = "x" if index == 1 else f"h{index - 1}"
        relu = index < len(widths) - 1
        layers.append(mlp_layer(index, batch, fan_in, fan_out, source, relu))
    out, last = tensor(batch, widths[-1]), len(widths) - 1
    body = "\n".join(layers)
    return f"""
func.func @mlp({", ".join(params)}) -> {out} {{
{body}
  return %h{last} : {out}
}}
"""


def mlp_inputs(batch: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    arrays = [rng.random((batch, MLP_WIDTHS[0]), dtype=np.float32)]
    for fan_in, fan_out in pairwise(MLP_WIDTHS):
        weight = rng.standard_normal((fan_in, fan_out), dtype=np.float32) / np.sqrt(fan_in)
        arrays += [weight.astype(np.float32), rng.standard_normal(fan_out, dtype=np.float32) / 10]
    return tuple(arrays)


def workloads(sizes: Sizes, seed: int = 0) -> list[Workload]:
    rng = np.random.default_rng(seed)
    n, (rows, columns), m = sizes.elementwise, sizes.softmax, sizes.matmul
    scalars = (np.array(0.5, np.float32), np.array(0.1, np.float32))
    mlp_flops = 2 * sizes.batch * sum(a * b for a, b in pairwise(MLP_WIDTHS))
    return [
        Workload(
            "W1",
            f"W1 tanh(x*a+b)*sigmoid(x)+exp(-x*x) n={n:,}",
            "w1",
            w1_source(n),
            (rng.standard_normal(n, dtype=np.float32), *scalars),
            "irc faster than numpy",
        ),
        Workload(
            "W2",
            f"W2 matmul {m}x{m}x{m}",
            "matmul",
            matmul_source(m),
            tuple(rng.standard_normal((m, m), dtype=np.float32) for _ in range(2)),
            f"irc <= {1 / MATMUL_SHARE:.3f}x numpy",
            flops=2.0 * m**3,
        ),
        Workload(
            "W3",
            f"W3 row softmax {rows}x{columns}",
            "softmax",
            softmax_source(rows, columns),
            (rng.standard_normal((rows, columns), dtype=np.float32),),
            "irc faster than numpy",
        ),
        Workload(
            "W4",
            f"W4 sum n={sizes.summed:,}",
            "total",
            sum_source(sizes.summed),
            (rng.random(sizes.summed, dtype=np.float32),),
            "irc faster than numpy",
        ),
        Workload(
            "MLP",
            f"MLP forward {'-'.join(map(str, MLP_WIDTHS))} batch {sizes.batch}",
            "mlp",
            mlp_source(sizes.batch),
            mlp_inputs(sizes.batch, rng),
            "irc <= 3x numpy",
            flops=float(mlp_flops),
        ),
    ]


# -- numpy, the reference -----------------------------------------------------------------------


def numpy_w1(x, a, b):
    return np.tanh(x * a + b) * (1 / (1 + np.exp(-x))) + np.exp(-x * x)


def numpy_softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def numpy_relu(v):
    return np.maximum(v, 0)


def mlp_forward(x, *parameters, relu: Callable, matmul: Callable = operator.matmul):
    """The MLP in any library whose arrays have `+`: ReLU between the layers."""
    h = x
    layers = len(parameters) // 2
    for index in range(layers):
        h = matmul(h, parameters[2 * index]) + parameters[2 * index + 1]
        if index < layers - 1:
            h = relu(h)
    return h


def numpy_mlp(*arrays):
    return mlp_forward(*arrays, relu=numpy_relu)


NUMPY = {
    "W1": numpy_w1,
    "W2": np.matmul,
    "W3": numpy_softmax,
    "W4": np.sum,
    "MLP": numpy_mlp,
}


# -- the peers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Peer:
    """A peer's call on one workload (inputs bound) and how to read its result as numpy."""

    call: Callable[[], object]
    to_numpy: Callable[[object], np.ndarray] = np.asarray


def jax_peer(key: str, inputs: Sequence[np.ndarray]) -> Peer:
    import jax
    import jax.numpy as jnp

    def w1(x, a, b):
        return jnp.tanh(x * a + b) * jax.nn.sigmoid(x) + jnp.exp(-x * x)

    def softmax(x):
        return jax.nn.softmax(x, axis=1)

    def mlp(*arrays):
        return mlp_forward(*arrays, relu=jax.nn.relu)

    formulas = {"W1": w1, "W2": jnp.matmul, "W3": softmax, "W4": jnp.sum, "MLP": mlp}
    compiled = jax.jit(formulas[key])
    arguments = [jax.device_put(array) for array in inputs]
    return Peer(lambda: compiled(*arguments).block_until_ready())


def torch_peer(key: str, inputs: Sequence[np.ndarray]) -> Peer:
    import torch

    def w1(x, a, b):
        return torch.tanh(x * a + b) * torch.sigmoid(x) + torch.exp(-x * x)

    def softmax(x):
        return torch.softmax(x, dim=1)

    def mlp(*arrays):
        return mlp_forward(*arrays, relu=torch.relu)

    formulas = {"W1": w1, "W2": torch.matmul, "W3": softmax, "W4": torch.sum, "MLP": mlp}
    formula = formulas[key]
    arguments = [torch.from_numpy(array) for array in inputs]
    return Peer(lambda: formula(*arguments), to_numpy=lambda tensor: tensor.numpy())


def pytensor_peer(key: str, inputs: Sequence[np.ndarray]) -> Peer:
    import pytensor
    import pytensor.tensor as pt
    from pytensor.tensor.special import softmax as pytensor_softmax

    def w1(x, a, b):
        return pt.tanh(x * a + b) * pt.sigmoid(x) + pt.exp(-x * x)

    def softmax(x):
        return pytensor_softmax(x, axis=1)

    def relu(v):
        return pt.maximum(v, 0)

    def mlp(*arrays):
        return mlp_forward(*arrays, relu=relu, matmul=pt.dot)

    formulas = {"W1": w1, "W2": pt.dot, "W3": softmax, "W4": pt.sum, "MLP": mlp}
    variables = [pt.tensor(dtype="float32", shape=array.shape) for array in inputs]
    function = pytensor.function(variables, formulas[key](*variables))
    return Peer(lambda: function(*inputs))


PEERS: dict[str, tuple[str, Callable[[str, Sequence[np.ndarray]], Peer]]] = {
    "jax": ("jax", jax_peer),
    "torch": ("torch", torch_peer),
    "pytensor": ("pytensor", pytensor_peer),
}


def installed_peers() -> tuple[list[str], list[str]]:
    """The peers that import, and a note for each one that does not."""
    return common.importable_peers({name: module for name, (module, _) in PEERS.items()})


# -- checking and timing ------------------------------------------------------------------------


def check(name: str, workload: Workload, got) -> None:
    """Raise AssertionError unless `got` is numpy's float64 result within the tolerance."""
    want = NUMPY[workload.key](*(array.astype(np.float64) for array in workload.inputs))
    got = np.asarray(got)
    rtol, atol = workload.tolerance
    if got.shape != np.shape(want):
        raise AssertionError(f"{workload.label}: {name} gave shape {got.shape}, not {want.shape}")
    np.testing.assert_allclose(
        got, want, rtol=rtol, atol=atol, err_msg=f"{workload.label}: {name} against numpy f64"
    )


def compile_irc(workload: Workload) -> tuple[Callable[..., object], float]:
    """The workload's function, compiled without the disk cache, and the seconds it took."""
    import irc

    start = time.perf_counter()
    module = irc.compile_module(workload.source, cache=False, filename=f"{workload.key}.mlir")
    return module[workload.function], time.perf_counter() - start


def warm_up_compiler() -> float:
    """Seconds of a first, tiny compile: importing llvmlite and the passes, once a process."""
    import irc

    source = "func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {\n"
    source += "  %y = nn.neg %x : tensor<2xf32>\n  return %y : tensor<2xf32>\n}"
    start = time.perf_counter()
    irc.compile_module(source, cache=False)
    return time.perf_counter() - start


def implementations(
    workload: Workload, compiled: Callable[..., object], peers: Sequence[str]
) -> dict[str, Peer]:
    """numpy, irc and the installed peers on one workload, each checked before timing."""
    found = {
        "numpy": Peer(lambda: NUMPY[workload.key](*workload.inputs)),
        "irc": Peer(lambda: compiled(*workload.inputs)),
    }
    for name in peers:
        found[name] = PEERS[name][1](workload.key, workload.inputs)
    for name, peer in found.items():
        check(name, workload, peer.to_numpy(peer.call()))
    return found


def gflops_lines(table: common.Table, rows: Sequence[Workload]) -> list[str]:
    """GFLOP/s of each implementation on the workloads that count flops."""
    lines = []
    for workload in rows:
        if workload.flops is None:
            continue
        timings = table.rows[workload.label]
        rates = {name: workload.flops / value / 1e9 for name, value in timings.items() if value}
        text = ", ".join(f"{name} {rate:.1f}" for name, rate in rates.items())
        share = rates.get("irc", 0.0) / rates["numpy"] * 100
        lines.append(f"{workload.label}: GFLOP/s {text}; irc at {share:.1f}% of numpy's")
    return lines


class OtherProcesses:
    """How busy other processes kept the cores over a stretch of time (Linux): they skew
    every column, and the threaded ones (numpy's BLAS, JAX, torch) most."""

    def __init__(self) -> None:
        self.start = self.sample()

    @staticmethod
    def sample() -> tuple[float, float, float] | None:
        """CPU seconds every process spent busy, those of this one, and the clock."""
        try:
            with open("/proc/stat", encoding="ascii") as stat:
                user, nice, system, _, _, irq, softirq = map(int, stat.readline().split()[1:8])
        except (OSError, ValueError):
            return None
        busy = (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")
        return busy, time.process_time(), time.perf_counter()

    def share(self) -> float | None:
        """The share of all cores that other processes used since the start, or None."""
        end = self.sample()
        if self.start is None or end is None:
            return None
        busy, own, wall = (after - before for before, after in zip(self.start, end, strict=True))
        return max(0.0, (busy - own) / (wall * (os.cpu_count() or 1)))


def contention_lines(shares: dict[str, float | None]) -> list[str]:
    """What other processes did to each row's timings."""
    measured = {label: share for label, share in shares.items() if share is not None}
    if not measured:
        return ["other processes: not measured (no /proc/stat)"]
    busy = {label: share for label, share in measured.items() if share > QUIET}
    if not busy:
        return [f"other processes used under {QUIET:.0%} of the cores while each row ran"]
    return [
        f"other processes used {share:.0%} of the cores during {label} (best of {TRIES} "
        "tries): its timings, and whether its target was met, are unreliable"
        for label, share in busy.items()
    ]


def time_row(found: dict[str, Peer], args) -> tuple[dict[str, common.Timing], float | None]:
    """Time every implementation of a row; while other processes used over QUIET of the
    cores, time the row again (TRIES in all) and keep the least disturbed try."""
    best: tuple[dict[str, common.Timing], float | None] | None = None
    for _ in range(TRIES):
        others = OtherProcesses()
        timings = {name: common.time_callable(peer.call, args=args) for name, peer in found.items()}
        share = others.share()
        if best is None or (share is not None and best[1] is not None and share < best[1]):
            best = (timings, share)
        if share is None or share <= QUIET:
            break
    return best


def main(argv: list[str] | None = None) -> int:
    parser = common.make_parser(__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check quickly")
    args = parser.parse_args(argv)
    common.print_machine_info()
    peers, notes = installed_peers()
    first_compile = warm_up_compiler()
    rows = workloads(QUICK if args.quick else FULL)
    table = common.Table("nn programs, numpy arrays in and out, f32", baseline="numpy")
    compile_table = common.Table("irc cold compile, cache=False, once each", unit="ms")
    contention: dict[str, float | None] = {}
    for workload in rows:
        compiled, seconds = compile_irc(workload)
        compile_table.add(workload.label, "irc", seconds)
        found = implementations(workload, compiled, peers)
        timings, contention[workload.label] = time_row(found, args)
        for name, timing in timings.items():
            table.add(workload.label, name, timing)
        if not args.quick:  # the targets are about the full sizes
            table.target(workload.label, workload.target)
    table.print()
    for line in gflops_lines(table, rows):
        print(line)
    print()
    compile_table.print()
    print(f"first compile in this process (tiny module, loads llvmlite): {first_compile:.3f} s")
    for line in [*notes, *contention_lines(contention)]:
        print(line)
    print("checked before timing: every result against numpy float64, (rtol, atol) =")
    print("  " + ", ".join(f"{key} {tolerance}" for key, tolerance in TOLERANCES.items()))
    print()
    if args.quick:
        print("--quick: the sizes are too small for the targets; none checked")
    return common.finish(args, [table])


if __name__ == "__main__":
    raise SystemExit(main())
