"""W1: `y = tanh(x*a + b) * sigmoid(x) + exp(-x*x)` over 4M f32, written as an scf.for loop
over memrefs with math ops (examples/w1_elementwise.mlir), compiled by irc.jit.

Side by side, in one process: numpy's expression (temporaries and all), and where installed
JAX (`jax.jit`), torch eager and PyTensor (`pip install -e ".[bench]"`). One row more: exp
alone, which shows what the vectorizing polynomial gains over numpy's exp. irc writes its
result into a preallocated array; the peers allocate theirs. Also printed: the cold compile
time of the W1 function (no disk cache) and the largest error against float64 numpy.

Target (``--check``): irc faster than numpy on W1.

    python -m benchmarks.jit_elementwise [--repeat N] [--warmup N] [--check] [--size N]
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from benchmarks import common

SOURCE = Path(__file__).resolve().parent.parent / "examples" / "w1_elementwise.mlir"
A, B = np.float32(0.5), np.float32(0.1)


def numpy_w1(x: np.ndarray) -> np.ndarray:
    return np.tanh(x * A + B) * (1 / (1 + np.exp(-x))) + np.exp(-x * x)


def peers(x: np.ndarray) -> dict[str, object]:
    """Callables of the installed peers, each computing W1 on `x`."""
    found: dict[str, object] = {}
    try:
        import jax
        import jax.numpy as jnp

        xj = jnp.asarray(x)
        w1 = jax.jit(lambda v: jnp.tanh(v * A + B) * jax.nn.sigmoid(v) + jnp.exp(-v * v))
        found["jax"] = lambda: w1(xj).block_until_ready()
    except ImportError:
        pass
    try:
        import torch

        xt = torch.from_numpy(x)
        found["torch"] = lambda: torch.tanh(xt * A + B) * torch.sigmoid(xt) + torch.exp(-xt * xt)
    except ImportError:
        pass
    try:
        import pytensor
        import pytensor.tensor as pt

        v = pt.vector("v", dtype="float32")
        fn = pytensor.function([v], pt.tanh(v * A + B) * pt.sigmoid(v) + pt.exp(-v * v))
        found["pytensor"] = lambda: fn(x)
    except ImportError:
        pass
    return found


def main(argv: list[str] | None = None) -> int:
    parser = common.make_parser(__doc__)
    parser.add_argument("--size", type=int, default=4 << 20, help="elements (4M)")
    args = parser.parse_args(argv)
    common.print_machine_info()
    import irc

    text = SOURCE.read_text()
    start = time.perf_counter()
    module = irc.compile_module(text, filename=str(SOURCE), cache=False)
    compile_seconds = time.perf_counter() - start
    w1, exp = module["w1"], module["exp_only"]

    x = np.random.default_rng(0).standard_normal(args.size, dtype=np.float32)
    y = np.empty_like(x)
    label = f"n={args.size:,}"
    table = common.Table("W1 tanh(x*a+b)*sigmoid(x)+exp(-x*x), f32", baseline="numpy")
    table.add(f"W1 {label}", "numpy", common.time_callable(lambda: numpy_w1(x), args=args))
    table.add(f"W1 {label}", "irc", common.time_callable(lambda: w1(x, y, A, B), args=args))
    for name, fn in peers(x).items():
        table.add(f"W1 {label}", name, common.time_callable(fn, args=args))
    table.add(f"exp {label}", "numpy", common.time_callable(lambda: np.exp(x), args=args))
    table.add(f"exp {label}", "irc", common.time_callable(lambda: exp(x, y), args=args))
    table.target(f"W1 {label}", "irc faster than numpy")
    table.print()

    w1(x, y, A, B)
    reference = numpy_w1(x.astype(np.float64))
    error = float(np.max(np.abs(y - reference)))
    print(f"irc cold compile of {SOURCE.name}: {compile_seconds * 1e3:.0f} ms")
    print(f"largest absolute error of irc's W1 against float64 numpy: {error:.2e}")
    return common.finish(args, [table])


if __name__ == "__main__":
    raise SystemExit(main())
