"""scf.parallel on the thread pool (convert-scf-parallel-to-threads, irc/runtime/threads.py):
results equal numpy's and the one-thread run, faults in any chunk come back located."""

from __future__ import annotations

import numpy as np
import pytest

import irc
from irc.runtime import threads

pytestmark = pytest.mark.skipif(not threads.supported(), reason="the pool needs Linux")

# Calls marked by hand with a grain of 1 so that small arrays are split too.
SCALE_CHUNKS = """
func.func @scale(%a: memref<?xf32>, %b: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %a, %c0 : memref<?xf32>
  call @body(%c0, %n, %a, %b) {irc.parallel_grain = 1 : i64}
      : (index, index, memref<?xf32>, memref<?xf32>) -> ()
  return
}
func.func private @body(%lo: index, %hi: index, %a: memref<?xf32>, %b: memref<?xf32>) {
  %c1 = arith.constant 1 : index
  %two = arith.constant 2.0 : f32
  scf.parallel (%i) = (%lo) to (%hi) step (%c1) {
    %x = memref.load %a[%i] : memref<?xf32>
    %y = arith.mulf %x, %two : f32
    memref.store %y, %b[%i] : memref<?xf32>
    scf.reduce
  }
  return
}
"""

COUNT_CHUNKS = """
func.func @count(%hits: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %hits, %c0 : memref<?xi32>
  call @body(%c0, %n, %hits) {irc.parallel_grain = 1 : i64}
      : (index, index, memref<?xi32>) -> ()
  return
}
func.func private @body(%lo: index, %hi: index, %hits: memref<?xi32>) {
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  scf.for %i = %lo to %hi step %c1 {
    %x = memref.load %hits[%i] : memref<?xi32>
    %y = arith.addi %x, %one : i32
    memref.store %y, %hits[%i] : memref<?xi32>
  }
  return
}
"""

# A 2-D loop with dynamic bounds, a step of 3 in the first dimension and a nested
# scf.parallel; large enough for the pass's default grain.
STRIDED = """
func.func @strided(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %lb: index, %ub: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %m = memref.dim %a, %c1 : memref<?x?xf32>
  scf.parallel (%i, %j) = (%lb, %c0) to (%ub, %m) step (%c3, %c1) {
    %x = memref.load %a[%i, %j] : memref<?x?xf32>
    %y = math.sqrt %x : f32
    memref.store %y, %b[%i, %j] : memref<?x?xf32>
    scf.parallel (%k) = (%c0) to (%c1) step (%c1) {
      %z = memref.load %b[%i, %j] : memref<?x?xf32>
      %w = arith.addf %z, %x : f32
      memref.store %w, %b[%i, %j] : memref<?x?xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}
"""

GATHER = """
func.func @gather(%a: memref<?xf32>, %index: memref<?xindex>, %b: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %index, %c0 : memref<?xindex>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %k = memref.load %index[%i] : memref<?xindex>
    %x = memref.load %a[%k] : memref<?xf32>
    memref.store %x, %b[%i] : memref<?xf32>
    scf.reduce
  }
  return
}
"""

ASSERTS = """
func.func @positive(%a: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %a, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %x = memref.load %a[%i] : memref<?xf32>
    %ok = arith.cmpf oge, %x, %zero : f32
    cf.assert %ok, "negative input"
    scf.reduce
  }
  return
}
"""

REDUCE = """
func.func @stats(%a: memref<?xf64>, %k: memref<?xi32>, %init: f64) -> (f64, f64, i32, i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %big = arith.constant 2147483647 : i32
  %zero = arith.constant 0 : i32
  %n = memref.dim %a, %c0 : memref<?xf64>
  %s:4 = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%init, %ninf, %big, %zero)
      -> (f64, f64, i32, i32) {
    %x = memref.load %a[%i] : memref<?xf64>
    %y = memref.load %k[%i] : memref<?xi32>
    scf.reduce(%x, %x, %y, %y : f64, f64, i32, i32) {
    ^bb0(%l: f64, %r: f64):
      %t = arith.addf %l, %r : f64
      scf.reduce.return %t : f64
    }, {
    ^bb0(%l: f64, %r: f64):
      %t = arith.maxnumf %r, %l : f64
      scf.reduce.return %t : f64
    }, {
    ^bb0(%l: i32, %r: i32):
      %t = arith.minsi %l, %r : i32
      scf.reduce.return %t : i32
    }, {
    ^bb0(%l: i32, %r: i32):
      %t = arith.xori %l, %r : i32
      scf.reduce.return %t : i32
    }
  }
  return %s#0, %s#1, %s#2, %s#3 : f64, f64, i32, i32
}
"""

# Subtraction has no identity: this reduction stays sequential, in iteration order.
UNKNOWN_COMBINER = """
func.func @fold(%a: memref<?xi64>, %init: i64) -> i64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %a, %c0 : memref<?xi64>
  %s = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%init) -> i64 {
    %x = memref.load %a[%i] : memref<?xi64>
    scf.reduce(%x : i64) {
    ^bb0(%l: i64, %r: i64):
      %t = arith.subi %l, %r : i64
      scf.reduce.return %t : i64
    }
  }
  return %s : i64
}
"""


@pytest.fixture
def two_threads():
    """At least two threads for the test, whatever the machine or IRC_NUM_THREADS say."""
    before = threads.num_threads()
    threads.set_num_threads(max(2, before))
    yield
    threads.set_num_threads(before)


def _with_threads(count: int, fn, *args):
    before = threads.num_threads()
    threads.set_num_threads(count)
    try:
        return fn(*args)
    finally:
        threads.set_num_threads(before)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 7, 64, 1000, 4099])
def test_every_iteration_runs_once(n, two_threads, tmp_path):
    hits = np.zeros(n, np.int32)
    irc.jit(COUNT_CHUNKS, "count", cache=tmp_path)(hits)
    assert hits.tolist() == [1] * n


@pytest.mark.parametrize("n", [0, 1, 5, 1 << 16])
def test_one_dimension_equals_numpy(n, two_threads, tmp_path):
    a = np.random.default_rng(n).standard_normal(n).astype(np.float32)
    b = np.full(n, np.nan, np.float32)
    irc.jit(SCALE_CHUNKS, "scale", cache=tmp_path)(a, b)
    np.testing.assert_array_equal(b, 2 * a)


@pytest.mark.parametrize("lb, ub", [(0, 3000), (1, 2999), (5, 5), (7, 2), (0, 1)])
def test_two_dimensions_with_dynamic_bounds(lb, ub, two_threads, tmp_path):
    rows, cols = 3000, 200
    a = np.random.default_rng(1).random((rows, cols)).astype(np.float32)
    parallel = np.zeros_like(a)
    fn = irc.jit(STRIDED, "strided", cache=tmp_path)
    fn(a, parallel, lb, ub)
    sequential = np.zeros_like(a)
    _with_threads(1, fn, a, sequential, lb, ub)
    want = np.zeros_like(a)
    want[lb:ub:3] = np.sqrt(a[lb:ub:3]) + a[lb:ub:3]
    np.testing.assert_array_equal(parallel, sequential)
    np.testing.assert_allclose(parallel, want, rtol=1e-6)


def test_work_ran_on_a_worker_thread(two_threads, tmp_path):
    """The pool's counters: chunks run by a worker, not the calling thread. A worker
    that wakes late finds its chunks taken, so a few runs are allowed to see one."""
    fn = irc.jit(COUNT_CHUNKS, "count", cache=tmp_path)
    hits = np.zeros(1 << 22, np.int32)
    before = threads.stats()
    runs = 0
    while runs < 20 and threads.stats()["worker_chunks"] == before["worker_chunks"]:
        fn(hits)
        runs += 1
    after = threads.stats()
    assert after["worker_chunks"] > before["worker_chunks"]
    assert after["regions"] >= before["regions"] + runs
    assert np.all(hits == runs)


def test_one_thread_stays_on_the_caller(tmp_path):
    fn = irc.jit(COUNT_CHUNKS, "count", cache=tmp_path)
    hits = np.zeros(1 << 16, np.int32)
    before = threads.stats()
    _with_threads(1, fn, hits)
    assert threads.stats()["regions"] == before["regions"]
    assert np.all(hits == 1)


@pytest.mark.parametrize("bad", [3, (1 << 17) - 1])
def test_fault_in_a_chunk_is_located(bad, two_threads, tmp_path):
    n = 1 << 17
    a = np.arange(8, dtype=np.float32)
    index = np.arange(n) % 8
    index[bad] = 8
    fn = irc.jit(GATHER, "gather", bounds_checks=True, cache=tmp_path, filename="gather.mlir")
    with pytest.raises(irc.RuntimeFault) as caught:
        fn(a, index, np.zeros(n, np.float32))
    text = str(caught.value)
    assert "gather.mlir:8:" in text and "index 8 is out of bounds" in text
    index[bad] = 0
    out = np.zeros(n, np.float32)
    fn(a, index, out)  # the pool is usable after a fault
    np.testing.assert_array_equal(out, a[index])


def test_failed_assert_in_several_chunks(two_threads, tmp_path):
    a = np.ones(1 << 18, np.float32)
    a[::1000] = -1.0  # in every chunk
    fn = irc.jit(ASSERTS, "positive", cache=tmp_path, filename="asserts.mlir")
    with pytest.raises(irc.RuntimeFault, match="assertion failed: negative input") as caught:
        fn(a)
    assert "asserts.mlir:10:" in str(caught.value)
    fn(np.ones(1 << 18, np.float32))


@pytest.mark.parametrize("n", [0, 1, 100, 1 << 18, (1 << 19) + 3])
def test_reductions_combine_partials_of_the_chunks(n, two_threads, tmp_path):
    rng = np.random.default_rng(n)
    a = rng.standard_normal(n)
    k = rng.integers(-(1 << 30), 1 << 30, n, dtype=np.int32)
    fn = irc.jit(REDUCE, "stats", cache=tmp_path)
    before = threads.stats()["regions"]
    total, top, low, bits = fn(a, k, 0.5)
    if n >= 1 << 18:
        assert threads.stats()["regions"] > before  # split across the pool
    assert total == pytest.approx(0.5 + a.sum(), rel=1e-12, abs=1e-12)
    assert top == (a.max() if n else -np.inf)
    assert low == (min(k.min(), 2147483647) if n else 2147483647)
    assert bits == np.bitwise_xor.reduce(k, initial=np.int32(0))
    assert _with_threads(1, fn, a, k, 0.5)[1:] == (top, low, bits)


def test_a_reduction_without_a_known_identity_runs_in_order(two_threads, tmp_path):
    a = np.arange(1 << 18, dtype=np.int64)
    assert irc.jit(UNKNOWN_COMBINER, "fold", cache=tmp_path)(a, 7) == 7 - a.sum()


def test_nn_program_equals_interpreter_with_threads(two_threads, tmp_path):
    text = """
    func.func @f(%x: tensor<512x300xf32>, %b: tensor<300xf32>) -> tensor<512x300xf32> {
      %y = nn.add %x, %b : (tensor<512x300xf32>, tensor<300xf32>) -> tensor<512x300xf32>
      %z = nn.tanh %y : tensor<512x300xf32>
      return %z : tensor<512x300xf32>
    }
    """
    rng = np.random.default_rng(3)
    x = rng.standard_normal((512, 300)).astype(np.float32)
    b = rng.standard_normal(300).astype(np.float32)
    got = irc.jit(text, "f", cache=tmp_path)(x, b)
    np.testing.assert_allclose(got, np.tanh(x + b), rtol=1e-6, atol=1e-6)


NESTED_CALL = """
func.func @outer(%hits: memref<?x?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %hits, %c0 : memref<?x?xi32>
  call @rows(%c0, %n, %hits) {irc.parallel_grain = 1 : i64} : (index, index, memref<?x?xi32>) -> ()
  return
}
func.func private @rows(%lo: index, %hi: index, %hits: memref<?x?xi32>) {
  %c1 = arith.constant 1 : index
  scf.for %i = %lo to %hi step %c1 {
    func.call @row(%i, %hits) : (index, memref<?x?xi32>) -> ()
  }
  return
}
func.func private @row(%i: index, %hits: memref<?x?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = memref.dim %hits, %c1 : memref<?x?xi32>
  call @cols(%c0, %m, %i, %hits) {irc.parallel_grain = 1 : i64}
      : (index, index, index, memref<?x?xi32>) -> ()
  return
}
func.func private @cols(%lo: index, %hi: index, %i: index, %hits: memref<?x?xi32>) {
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  scf.for %j = %lo to %hi step %c1 {
    %x = memref.load %hits[%i, %j] : memref<?x?xi32>
    %y = arith.addi %x, %one : i32
    memref.store %y, %hits[%i, %j] : memref<?x?xi32>
  }
  return
}
"""


def test_a_parallel_call_inside_a_chunk_runs_on_its_thread(two_threads, tmp_path):
    hits = np.zeros((37, 53), np.int32)
    irc.jit(NESTED_CALL, "outer", cache=tmp_path)(hits)
    assert np.all(hits == 1)


def test_python_threads_share_the_pool(two_threads, tmp_path):
    """Regions from several Python threads at once: one takes the pool, the others run
    alone; every result is right."""
    import concurrent.futures

    fn = irc.jit(COUNT_CHUNKS, "count", cache=tmp_path)

    def run(seed: int) -> bool:
        hits = np.zeros(10_000 + seed, np.int32)
        for _ in range(50):
            fn(hits)
        return bool(np.all(hits == 50))

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        assert all(pool.map(run, range(8)))


def test_without_a_pool_the_entry_runs_the_range_on_the_caller():
    """Where the pool is not supported, `_irc_parallel_for` calls the chunk once."""
    import ctypes

    from irc.runtime.engine import LoadedObject, compile_to_object

    loaded = LoadedObject(compile_to_object(str(threads._Runtime(None).build())), runtime=True)
    chunk_type = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64,
                                  ctypes.c_void_p)  # fmt: skip
    entry_type = ctypes.CFUNCTYPE(None, chunk_type, ctypes.c_void_p, ctypes.c_int64,
                                  ctypes.c_int64, ctypes.c_int64, ctypes.c_void_p)  # fmt: skip
    calls = []
    chunk = chunk_type(lambda context, lo, hi, status: calls.append((lo, hi)))
    status = (ctypes.c_int64 * 5)()
    entry_type(loaded.address(threads.ENTRY))(chunk, None, 3, 1000, 1, ctypes.addressof(status))
    assert calls == [(3, 1000)]


def test_arguments_only_read_inside_the_loop_may_be_read_only(two_threads, tmp_path):
    """Outlining passes memrefs to a call; the JIT still sees that they are only read."""
    a = np.arange(1 << 16, dtype=np.float32)
    a.setflags(write=False)
    b = np.zeros_like(a)
    irc.jit(SCALE_CHUNKS, "scale", cache=tmp_path)(a, b)
    np.testing.assert_array_equal(b, 2 * a)
