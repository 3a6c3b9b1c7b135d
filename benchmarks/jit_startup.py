"""Start-up costs a user pays in a new process: `import irc`, and a compile-cache hit, from
calling `irc.jit(text, "f")` to having the result of `f` — everything `irc.jit` imports
lazily (llvmlite, the engine) included.

Each measurement is a fresh Python process (`python -c ...`) that prints its own
perf_counter timings; the cache directory is a new temporary one that a first process
fills. Side by side: `import numpy` in the same kind of process, and a cold compile (empty
cache).

Targets (``--check``): `import irc` under 200 ms; a cache hit under 100 ms.

    python -m benchmarks.jit_startup [--repeat N] [--warmup N] [--check]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from benchmarks import common

SOURCE = """
func.func @f(%x: memref<?xf32>, %k: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?xf32>
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f32) {
    %v = memref.load %x[%i] : memref<?xf32>
    %e = math.exp %v : f32
    %w = arith.mulf %e, %k : f32
    %a = arith.addf %acc, %w : f32
    scf.yield %a : f32
  }
  return %s : f32
}
"""

PROBE = """
import json, sys, time
t0 = time.perf_counter()
import numpy as np
t1 = time.perf_counter()
import irc
t2 = time.perf_counter()
fn = irc.jit(sys.argv[1], "f")
value = fn(np.ones(16, np.float32), 2.0)
t3 = time.perf_counter()
assert abs(float(value) - 16 * 2 * 2.718281828) < 1e-3, value
print(json.dumps({"numpy": t1 - t0, "irc": t2 - t1, "jit": t3 - t2,
                  "from_cache": fn.module.from_cache}))
"""


def probe(cache_dir: str) -> dict:
    env = {**os.environ, "IRC_CACHE_DIR": cache_dir}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, SOURCE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    args = common.parse_args(__doc__, argv)
    common.print_machine_info()
    with tempfile.TemporaryDirectory(prefix="irc-startup-") as cache_dir:
        cold = [probe(tempfile.mkdtemp(dir=cache_dir)) for _ in range(args.repeat)]
        probe(cache_dir)  # fills the cache
        for _ in range(args.warmup):
            probe(cache_dir)
        warm = [probe(cache_dir) for _ in range(args.repeat)]
    assert all(run["from_cache"] for run in warm) and not any(run["from_cache"] for run in cold)

    def median(runs: list[dict], key: str) -> common.Timing:
        return common.Timing(tuple(run[key] for run in runs))

    table = common.Table("start-up in a new process", baseline="numpy", unit="ms")
    table.add("import", "numpy", median(warm, "numpy"))
    table.add("import", "irc", median(warm, "irc"))
    table.add("irc.jit + call, cache hit", "irc", median(warm, "jit"))
    table.add("irc.jit + call, cold", "irc", median(cold, "jit"))
    table.target("import", "irc < 200 ms")
    table.target("irc.jit + call, cache hit", "irc < 100 ms")
    table.print()
    return common.finish(args, [table])


if __name__ == "__main__":
    raise SystemExit(main())
