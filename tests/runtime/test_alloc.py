"""The caching allocator behind memref.alloc/dealloc (irc/runtime/alloc.py): its counters,
its free lists (a training step makes no system allocation after its first calls, with the
same losses as with the cache off), arrays returned to Python giving their blocks back,
and allocations inside parallel-loop bodies on the thread pool."""

from __future__ import annotations

import gc

import numpy as np
import pytest

import irc
from irc.runtime import alloc, threads
from irc.train.step import training_step
from tests.train.test_step import ADAM, MLP  # a small MLP and its Adam settings

# A temporary of n floats, freed before returning the sum of 2*a.
TEMPORARY = """
func.func @twice_sum(%a: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %two = arith.constant 2.0 : f32
  %n = memref.dim %a, %c0 : memref<?xf32>
  %t = memref.alloc(%n) : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf32>
    %y = arith.mulf %x, %two : f32
    memref.store %y, %t[%i] : memref<?xf32>
  }
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f32) {
    %x = memref.load %t[%i] : memref<?xf32>
    %sum = arith.addf %acc, %x : f32
    scf.yield %sum : f32
  }
  memref.dealloc %t : memref<?xf32>
  return %s : f32
}
"""

# A fresh buffer that escapes to Python: a copy of the argument.
COPY = """
func.func @copy(%a: memref<?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %n = memref.dim %a, %c0 : memref<?xf32>
  %r = memref.alloc(%n) : memref<?xf32>
  memref.copy %a, %r : memref<?xf32> to memref<?xf32>
  return %r : memref<?xf32>
}
"""

# Every row gets its own temporary inside the chunk function, which the call marked with a
# grain of 1 runs on the pool: a block handed to two threads at once mixes two rows.
ROWS = """
func.func @row_sums(%a: memref<?x?xf32>, %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %a, %c0 : memref<?x?xf32>
  call @rows(%c0, %n, %a, %out) {irc.parallel_grain = 1 : i64}
      : (index, index, memref<?x?xf32>, memref<?xf32>) -> ()
  return
}
func.func private @rows(%lo: index, %hi: index, %a: memref<?x?xf32>, %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %m = memref.dim %a, %c1 : memref<?x?xf32>
  scf.for %i = %lo to %hi step %c1 {
    %t = memref.alloc(%m) : memref<?xf32>
    scf.for %j = %c0 to %m step %c1 {
      %x = memref.load %a[%i, %j] : memref<?x?xf32>
      memref.store %x, %t[%j] : memref<?xf32>
    }
    %s = scf.for %j = %c0 to %m step %c1 iter_args(%acc = %zero) -> (f32) {
      %x = memref.load %t[%j] : memref<?xf32>
      %sum = arith.addf %acc, %x : f32
      scf.yield %sum : f32
    }
    memref.store %s, %out[%i] : memref<?xf32>
    memref.dealloc %t : memref<?xf32>
  }
  return
}
"""


@pytest.fixture
def fresh():
    """An empty cache with the default limit and zeroed counters; the limit comes back."""
    gc.collect()  # arrays of earlier tests give their blocks back now, not mid-test
    limit = alloc.cache_limit()
    alloc.set_cache_limit(alloc.DEFAULT_CACHE_BYTES)
    alloc.empty_cache()
    alloc.reset_stats()
    yield
    alloc.set_cache_limit(limit)


def _data(array: np.ndarray) -> int:
    return array.__array_interface__["data"][0]


def test_counters_of_a_temporary(fresh):
    twice_sum = irc.jit(TEMPORARY, "twice_sum", cache=False)
    a = np.arange(100, dtype=np.float32)
    assert twice_sum(a) == 2 * a.sum()
    first = alloc.stats()
    assert (first.allocs, first.system_allocs, first.cache_hits) == (1, 1, 0)
    assert (first.frees, first.system_frees) == (1, 0)
    assert first.requested_bytes == first.largest_request == 400
    assert first.system_bytes == first.cached_bytes == 512  # the power of two above 400
    assert (first.cached_blocks, first.live_blocks, first.live_bytes) == (1, 0, 0)
    for _ in range(3):
        assert twice_sum(a) == 2 * a.sum()
    again = alloc.stats()
    assert (again.allocs, again.system_allocs, again.cache_hits) == (4, 1, 3)
    assert twice_sum(np.ones(1000, np.float32)) == 2000  # another class: the system's
    assert alloc.stats().system_allocs == 2
    assert alloc.stats().largest_request == 4000
    alloc.empty_cache()
    emptied = alloc.stats()
    assert (emptied.cached_bytes, emptied.cached_blocks, emptied.system_frees) == (0, 0, 2)
    alloc.reset_stats()
    assert alloc.stats().allocs == 0


def test_the_limit_caps_the_cache(fresh):
    twice_sum = irc.jit(TEMPORARY, "twice_sum", cache=False)
    alloc.set_cache_limit(1024)
    twice_sum(np.ones(1000, np.float32))  # a 4 KiB block: beyond the limit
    twice_sum(np.ones(100, np.float32))  # 512 bytes: kept
    counted = alloc.stats()
    assert (counted.system_frees, counted.cached_bytes) == (1, 512)
    alloc.set_cache_limit(0)  # off: what is cached goes back, nothing more is kept
    twice_sum(np.ones(100, np.float32))
    off = alloc.stats()
    assert (off.cached_bytes, off.system_frees, off.cache_hits) == (0, 3, 0)


def _train(train, problem, steps: int):
    """Losses and the data pointers of parameters and state after each of `steps` steps,
    and the allocator's counters of each step."""
    x, y, initial = problem
    params = [p.copy() for p in initial]
    state = [np.zeros_like(p) for p in initial * 2]
    losses, pointers, counts = [], [], []
    for t in range(1, steps + 1):
        alloc.reset_stats()
        loss, *rest = train(x, *params, y, *state, float(t), *ADAM)
        counts.append(alloc.stats())
        params, state = rest[:3], rest[3:]
        losses.append(float(loss))
        pointers.append([_data(a) for a in params + state])
    return losses, pointers, counts


def test_a_training_step_allocates_from_the_system_only_at_first(fresh, one_thread):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 2)).astype(np.float32)
    y = (x[:, 0] * x[:, 1] > 0).astype(np.int32)
    initial = [(rng.standard_normal(s) * 0.5).astype(np.float32) for s in [(2, 16), (16,), (16, 2)]]
    step = training_step(MLP, "loss", [1, 2, 3], "adam")
    train = irc.jit(step.module, step.name, donate_argnums=step.donate_argnums, cache=False)
    losses, pointers, counts = _train(train, (x, y, initial), 8)
    assert all(p == pointers[0] for p in pointers)  # donated: updated in place
    temporaries = counts[0].allocs
    assert temporaries >= 10  # gradients, activations, Adam's temporaries
    assert counts[0].largest_request >= 64 * 16 * 4  # an activation's size at least
    for count in counts[2:]:
        assert count.allocs == count.cache_hits == temporaries
        assert (count.system_allocs, count.system_frees) == (0, 0)
    alloc.set_cache_limit(0)  # the same steps, every buffer from and back to the system
    uncached, _, counts = _train(train, (x, y, initial), 8)
    assert all(count.system_allocs == temporaries for count in counts)
    assert losses == uncached  # reused blocks change no result
    assert losses[-1] < losses[0]


def test_returned_arrays_give_their_blocks_back(fresh):
    copy = irc.jit(COPY, "copy", cache=False)
    a = np.arange(256, dtype=np.float32)
    kept = copy(a)
    view = kept[100:]
    assert alloc.stats().live_blocks == 1
    for k in range(5):  # results dropped at once: one block goes round
        np.testing.assert_array_equal(copy(a + k + 1), a + k + 1)
    assert alloc.stats().system_allocs == 2
    np.testing.assert_array_equal(kept, a)  # still held, never handed out again
    address = _data(kept)
    del kept
    gc.collect()
    assert alloc.stats().live_blocks == 1  # the view keeps it
    np.testing.assert_array_equal(view, a[100:])
    del view
    before = alloc.stats()
    assert (before.live_blocks, before.frees) == (0, 6)
    again = copy(a)
    assert _data(again) == address  # the block freed last is the first handed out
    after = alloc.stats()
    assert after.system_allocs == before.system_allocs
    assert after.cache_hits == before.cache_hits + 1
    np.testing.assert_array_equal(again, a)


@pytest.mark.skipif(not threads.supported(), reason="the pool needs Linux")
def test_allocations_inside_parallel_loop_bodies(fresh):
    row_sums = irc.jit(ROWS, "row_sums", cache=False)
    count = threads.num_threads()
    threads.set_num_threads(2)
    try:
        rng = np.random.default_rng(1)
        a = rng.integers(0, 100, (64, 33)).astype(np.float32)  # sums exact in f32
        regions = threads.stats()["regions"]
        for _ in range(200):
            out = np.zeros(64, np.float32)
            row_sums(a, out)
            np.testing.assert_array_equal(out, a.sum(axis=1))
    finally:
        threads.set_num_threads(count)
    assert threads.stats()["regions"] > regions
    counted = alloc.stats()
    assert counted.allocs == counted.frees == 200 * 64
    assert counted.live_blocks == 0
    assert counted.system_allocs <= 8  # a block or two per thread, then the cache
