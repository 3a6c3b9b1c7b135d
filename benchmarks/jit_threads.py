"""What a parallel region costs on irc's thread pool (irc/runtime/threads.py).

    python -m benchmarks.jit_threads [--repeat N]

Rows (medians of `--repeat` timings):

- a region of two one-iteration chunks, one per call from Python: the pool's wake and
  join on top of a call (workers asleep or spinning, as between Python calls), against
  the same call with one thread;
- 1000 such regions back to back inside one compiled call (workers still spinning):
  the per-region cost when an nn program runs loop nest after loop nest;
- creating and joining one POSIX thread (`pthread_create` of a C function, then
  `pthread_join`, through ctypes): what a pool without parked workers would pay per
  region and per thread;
- `y = tanh(2x)` over 4M f32 with 1 and with 2 threads;
- with `--workloads`, the nn programs of `benchmarks.nn_workloads` (full sizes) lowered
  by `nn-to-loops` with `convert-linalg-to-loops` (sequential loops) and with
  `convert-linalg-to-parallel-loops`, the latter with one thread and with all of them.
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import statistics
import time

import numpy as np

import irc
from irc.runtime import threads

TINY = """
func.func @tiny(%hits: memref<2xi32>, %repeat: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  scf.for %r = %c0 to %repeat step %c1 {
    func.call @body(%c0, %c2, %hits) {irc.parallel_grain = 1 : i64}
        : (index, index, memref<2xi32>) -> ()
  }
  return
}
func.func private @body(%lo: index, %hi: index, %hits: memref<2xi32>) {
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  scf.for %i = %lo to %hi step %c1 {
    %x = memref.load %hits[%i] : memref<2xi32>
    %y = arith.addi %x, %one : i32
    memref.store %y, %hits[%i] : memref<2xi32>
  }
  return
}
"""

TANH = """
func.func @f(%a: memref<?xf32>, %b: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %two = arith.constant 2.0 : f32
  %n = memref.dim %a, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %x = memref.load %a[%i] : memref<?xf32>
    %y = arith.mulf %x, %two : f32
    %z = math.tanh %y : f32
    memref.store %z, %b[%i] : memref<?xf32>
    scf.reduce
  }
  return
}
"""


def median_seconds(fn, repeat: int, inner: int = 1) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - start) / inner)
    return statistics.median(samples)


def with_threads(count: int, fn, repeat: int, inner: int = 1) -> float:
    before = threads.num_threads()
    threads.set_num_threads(count)
    try:
        return median_seconds(fn, repeat, inner)
    finally:
        threads.set_num_threads(before)


def pthread_create_join(repeat: int) -> float:
    libc = ctypes.CDLL(None)
    libc.pthread_create.argtypes = [ctypes.c_void_p] * 4
    libc.pthread_join.argtypes = [ctypes.c_ulong, ctypes.c_void_p]
    start_routine = ctypes.cast(libc.getpid, ctypes.c_void_p)
    handle = ctypes.c_ulong()

    def once():
        libc.pthread_create(ctypes.byref(handle), None, start_routine, None)
        libc.pthread_join(handle.value, None)

    return median_seconds(once, repeat, inner=100)


def nn_loops(parallel: bool) -> str:
    from irc.passes.registry import PIPELINES

    steps = PIPELINES["nn-to-loops"][1]
    for name in ("convert-linalg-to-parallel-loops", "convert-linalg-to-loops"):
        steps = steps.replace(name, "{LOOPS}")
    loops = "convert-linalg-to-parallel-loops" if parallel else "convert-linalg-to-loops"
    return "builtin.module(" + steps.replace("{LOOPS}", loops) + ")"


def compiled_workload(source: str, name: str, parallel: bool):
    from irc.passes.pass_manager import PassManager
    from irc.passes.pipeline import parse_pipeline

    module = irc.parse(source)
    PassManager(parse_pipeline(nn_loops(parallel))).run(module)
    return irc.compile_module(module, cache=False)[name]


def workload_rows(repeat: int, many: int) -> None:
    from benchmarks.nn_workloads import FULL, workloads

    print(f"{'nn workload (ms)':44} {'loops':>8} {'par, 1':>8} {f'par, {many}':>8}")
    for work in workloads(FULL):
        sequential = compiled_workload(work.source, work.function, parallel=False)
        parallel = compiled_workload(work.source, work.function, parallel=True)
        np.testing.assert_allclose(
            parallel(*work.inputs), sequential(*work.inputs), rtol=1e-5, atol=1e-5
        )
        runs = [
            functools.partial(sequential, *work.inputs),
            functools.partial(parallel, *work.inputs),
            functools.partial(parallel, *work.inputs),
        ]
        times = [with_threads(n, run, repeat) for n, run in zip((1, 1, many), runs, strict=True)]
        cells = " ".join(f"{t * 1e3:8.3f}" for t in times)
        print(f"{work.label[:44]:44} {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--workloads", action="store_true", help="also the nn workloads")
    args = parser.parse_args()
    many = max(2, threads.num_threads())
    tiny = irc.jit(TINY, "tiny", cache=False)
    hits = np.zeros(2, np.int32)
    rows = []
    for label, repeat in (("one region per call", 1), ("1000 regions in one call", 1000)):
        alone = with_threads(1, lambda r=repeat: tiny(hits, r), args.repeat, 200 // repeat + 1)
        pool = with_threads(many, lambda r=repeat: tiny(hits, r), args.repeat, 200 // repeat + 1)
        rows.append((label, alone / repeat, pool / repeat, (pool - alone) / repeat))
    create = pthread_create_join(args.repeat)
    f = irc.jit(TANH, "f", cache=False)
    a = np.random.default_rng(0).random(4 << 20, dtype=np.float32)
    b = np.empty_like(a)
    one = with_threads(1, lambda: f(a, b), args.repeat)
    two = with_threads(many, lambda: f(a, b), args.repeat)
    print(f"threads: {many} (1 for the 'alone' column)")
    print(f"{'what':32} {'alone':>10} {'pool':>10} {'extra':>10}")
    for label, alone, pool, extra in rows:
        print(f"{label:32} {alone * 1e6:8.2f}us {pool * 1e6:8.2f}us {extra * 1e6:8.2f}us")
    print(f"{'pthread_create + join':32} {'':>10} {create * 1e6:8.2f}us")
    print(f"{'tanh(2x), 4M f32':32} {one * 1e3:8.3f}ms {two * 1e3:8.3f}ms")
    if args.workloads:
        workload_rows(args.repeat, many)


if __name__ == "__main__":
    main()
