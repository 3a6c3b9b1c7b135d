"""What `?` sizes cost in irc.jit: a compile per new shape (the default, `specialize=True`)
against one compile for every shape (`specialize=False`), the run time of each, and the
overhead of a call that finds its shape compiled.

Workloads: examples/mlp.mlir @forward (batch 1, 64, 1024) and examples/lstm.mlir @lstm
(16 steps, batch 8; it compiles only specialized). No disk cache (`cache=False`), so
every compile is a real one; one process. Last, the lstm's first call in new processes
sharing a fresh cache directory: the first compiles, the next find the variant on disk.

    python -m benchmarks.jit_shapes
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import irc

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TINY = """
func.func @f(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = nn.neg %x : tensor<?xf32>
  return %y : tensor<?xf32>
}
"""


def _timed(function, *args, repeat: int = 20) -> float:
    """The best of `repeat` calls, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)
        best = min(best, time.perf_counter() - start)
    return best * 1e3


def _first_call(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return (time.perf_counter() - start) * 1e3


def mlp() -> None:
    text = (EXAMPLES / "mlp.mlir").read_text()
    rng = np.random.default_rng(0)
    weights = [
        (rng.standard_normal(shape) / 10).astype(np.float32)
        for shape in ((784, 128), (128,), (128, 10), (10,))
    ]
    start = time.perf_counter()
    generic = irc.compile_module(text, cache=False, specialize=False)["forward"]
    print(
        f"mlp: one compile for every shape (specialize=False): {time.perf_counter() - start:.2f} s"
    )
    special = irc.compile_module(text, cache=False)["forward"]
    for batch in (1, 64, 1024):
        x = rng.standard_normal((batch, 784)).astype(np.float32)
        compile_ms = _first_call(special, x, *weights)
        print(
            f"  batch {batch:5}: first call (compiles) {compile_ms:6.0f} ms; run "
            f"specialized {_timed(special, x, *weights):.3f} ms, "
            f"one-for-all {_timed(generic, x, *weights):.3f} ms"
        )


def lstm() -> None:
    text = (EXAMPLES / "lstm.mlir").read_text()
    rng = np.random.default_rng(1)
    shapes = [(16, 8, 8), (8, 16), (8, 16), *[(8, 16)] * 4, *[(16, 16)] * 4, *[(16,)] * 4]
    args = [(rng.standard_normal(s) / 4).astype(np.float32) for s in shapes]
    function = irc.compile_module(text, cache=False)["lstm"]
    compile_ms = _first_call(function, *args)
    print(
        f"lstm 16 steps, batch 8: first call (compiles) {compile_ms:.0f} ms; "
        f"run {_timed(function, *args):.3f} ms"
    )


def overhead() -> None:
    """A call through the shape table against a call of the compiled function it finds."""
    x = np.ones(4, np.float32)
    shaped = irc.jit(TINY, "f", cache=False)
    shaped(x)
    (direct,) = shaped._variants.values()
    for name, function in (("through the shape table", shaped), ("compiled function", direct)):
        calls = 20000
        start = time.perf_counter()
        for _ in range(calls):
            function(x)
        per_call = (time.perf_counter() - start) / calls * 1e6
        print(f"call of nn.neg on 4 floats, {name}: {per_call:.1f} us")


NEW_PROCESS = """
import time
import numpy as np
import irc
shapes = [(16, 8, 8), (8, 16), (8, 16), *[(8, 16)] * 4, *[(16, 16)] * 4, *[(16,)] * 4]
args = [np.zeros(s, np.float32) for s in shapes]
function = irc.jit(open({path!r}).read(), "lstm")
start = time.perf_counter()
function(*args)
print(f"{{(time.perf_counter() - start) * 1e3:.0f}} ms, compiled: {{function.compiles}}")
"""


def new_process() -> None:
    script = NEW_PROCESS.format(path=str(EXAMPLES / "lstm.mlir"))
    with tempfile.TemporaryDirectory() as directory:
        environment = {**os.environ, "IRC_CACHE_DIR": directory}
        for run in range(3):
            output = subprocess.run(
                [sys.executable, "-c", script], env=environment, capture_output=True, text=True
            )
            print(f"lstm first call in new process #{run + 1}: {output.stdout.strip()}")


if __name__ == "__main__":
    mlp()
    lstm()
    overhead()
    new_process()
