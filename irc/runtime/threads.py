"""The thread pool that runs `scf.parallel` loops: LLVM IR built with llvmlite, no C compiler.

`convert-scf-parallel-to-threads` outlines the body of each outermost `scf.parallel` into
a function over a range of its first dimension's iterations, and the translation of the
call (`irc/lowering/llvmir/threads.py`) hands that function to `_irc_parallel_for` here:

    void _irc_parallel_for(ptr chunk, ptr context, i64 lo, i64 hi, i64 grain, ptr status)
    chunk: void (ptr context, i64 lo, i64 hi, ptr status)

It splits [lo, hi) into at most `CHUNKS_PER_THREAD` chunks per thread, each of at least
`grain` iterations, and the calling thread and the pool's workers claim chunks from one
atomic counter until none are left (a worker that wakes late finds its share done by the
others, so a busy machine costs no waiting on it). With fewer than two chunks' worth of
iterations, one thread wanted, or the pool busy, the caller runs [lo, hi) itself: a
parallel loop inside a parallel loop, or two Python threads' loops at once, run
sequentially instead of waiting for each other, so nothing can deadlock.

The pool is persistent: `threads - 1` workers, started on the first parallel region (and
again in a child after `fork`, which keeps no threads), with every signal blocked (signals
stay with Python's threads). Between regions a worker spins `SPIN` rounds, then sleeps on a
futex (Linux `syscall(SYS_futex)`). The caller publishes the job, opens it (a state word:
an open flag and the count of workers inside), bumps a generation word and wakes the
sleepers, takes part, then closes the job and waits only for the workers that checked in
while it was open; a worker that wakes after the close stays out, so a descheduled worker
costs nothing unless it holds a chunk. Measured with `python -m benchmarks.jit_threads`: a
region costs 0.3 to 2 us more than a plain call with two threads (0.3 us back to back, the
workers still spinning), where creating and joining one thread costs 20 to 26 us.

Faults: each chunk runs with its own status words (irc/lowering/llvmir/translate.py); the
first chunk that faults publishes its words, the others stop claiming chunks, and the
caller copies the words into its status after the join, so Python raises the located
`RuntimeFault` as for a sequential loop.

The number of threads is `IRC_NUM_THREADS` if set, else the CPUs this process may run
on (`os.sched_getaffinity`); `set_num_threads(n)` changes it (1: everything sequential).
The runtime is loaded once per process, when the first object code that calls it is
loaded (`engine.LoadedObject`), and lives as long as the process (workers run its code);
its object code is kept in the compile cache's directory like a program's.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys

from llvmlite import ir

from irc.runtime.engine import NativeRuntime, integer_setting, runtime_global

ENTRY = "_irc_parallel_for"
COUNT = "_irc_threads_count"  # i32: threads a region may use, set from Python
STATS = "_irc_threads_stats"  # [4 x i64]: see `stats()`
CHUNKS_PER_THREAD = 4
SPIN = 4000  # rounds of `pause` (a few tens of microseconds) before sleeping
SYS_FUTEX = {"x86_64": 202, "aarch64": 98}
FUTEX_WAIT, FUTEX_WAKE = 128, 129  # the _PRIVATE variants
SIG_SETMASK, SIGSET_BYTES = 2, 128
OPEN = 1 << 30  # in the job's state word, beside the count of workers inside it

I32, I64, PTR, VOID = ir.IntType(32), ir.IntType(64), ir.PointerType(), ir.VoidType()
CHUNK_TYPE = ir.FunctionType(VOID, [PTR, I64, I64, PTR])
CHUNK_PTR = CHUNK_TYPE.as_pointer()
ENTRY_TYPE = ir.FunctionType(VOID, [CHUNK_PTR, PTR, I64, I64, I64, PTR])
SEQ = "seq_cst"


def i32(value: int) -> ir.Constant:
    return ir.Constant(I32, value)


def i64(value: int) -> ir.Constant:
    return ir.Constant(I64, value)


# -- the LLVM module --------------------------------------------------------------------------


class _Runtime:
    """Builds the runtime module: globals for the pool and the current job, then the
    functions, each a short loop of blocks."""

    def __init__(self, futex: int | None) -> None:
        self.module = ir.Module(name="irc_threads")
        self.futex = futex
        self.globals = {}
        for name, typ in (
            ("busy", I32), ("generation", I32), ("state", I32), ("started", I32),
            ("pid", I32), ("active", I32), ("faulted", I32), ("chunk", PTR), ("context", PTR),
            ("lo", I64), ("hi", I64), ("size", I64), ("chunks", I64), ("next", I64),
        ):  # fmt: skip
            self.globals[name] = self._global(f"_irc_pool_{name}", typ)
        self.globals["status"] = self._global("_irc_pool_status", ir.ArrayType(I64, 4))
        self.count = self._global(COUNT, I32, internal=False, initial=1)
        self.stats = self._global(STATS, ir.ArrayType(I64, 4), internal=False)
        self.syscall = self._declare("syscall", ir.FunctionType(I64, [I64], var_arg=True))
        self.getpid = self._declare("getpid", ir.FunctionType(I32, []))

    def _global(self, name: str, typ: ir.Type, internal=True, initial=None) -> ir.GlobalVariable:
        return runtime_global(self.module, name, typ, internal, initial)

    def _declare(self, name: str, typ: ir.FunctionType) -> ir.Function:
        return ir.Function(self.module, typ, name)

    def g(self, name: str) -> ir.GlobalVariable:
        return self.globals[name]

    # -- small pieces -----------------------------------------------------------------------

    def pause(self, b: ir.IRBuilder) -> None:
        if platform.machine() in ("x86_64", "AMD64"):
            found = self.module.globals.get("llvm.x86.sse2.pause")
            pause = found or self._declare("llvm.x86.sse2.pause", ir.FunctionType(VOID, []))
            b.call(pause, [])

    def futex_call(self, b: ir.IRBuilder, word: ir.Value, op: int, value: ir.Value) -> None:
        value = b.zext(value, I64) if value.type == I32 else value
        b.call(self.syscall, [i64(self.futex), word, i64(op), value, ir.Constant(PTR, None)])

    def load(self, b: ir.IRBuilder, name: str) -> ir.Value:
        """An atomic (sequentially consistent) read of a pool global."""
        variable = self.g(name)
        typ = variable.value_type
        return b.load_atomic(variable, SEQ, typ.width // 8, typ=typ)

    def store(self, b: ir.IRBuilder, name: str, value: ir.Value) -> None:
        variable = self.g(name)
        b.store_atomic(value, variable, SEQ, variable.value_type.width // 8)

    def plain(self, b: ir.IRBuilder, name: str) -> ir.Value:
        """A plain read of a job field (published before the generation bump)."""
        variable = self.g(name)
        return b.load(variable, typ=variable.value_type)

    def word(self, b: ir.IRBuilder, array: ir.Value, index: int) -> ir.Value:
        """The address of i64 number `index` of a global array or of a pointer to i64s."""
        if isinstance(array, ir.GlobalVariable):
            return b.gep(array, [i32(0), i32(index)])
        return b.gep(array, [i64(index)], source_etype=I64)

    def count_stat(self, b: ir.IRBuilder, index: int, amount: ir.Value) -> None:
        b.atomic_rmw("add", self.word(b, self.stats, index), amount, SEQ)

    def wait_while_equal(self, fn, b: ir.IRBuilder, word: str, value, counter) -> ir.Value:
        """Spin `SPIN` rounds, then sleep on the futex, until global `word` differs from
        `value` (`counter` is an i32 alloca of the entry block); the builder ends in a
        fresh block, and the word's new value is returned."""
        b.store(i32(0), counter)
        spin, check, relax, sleep, done = (
            fn.append_basic_block(f"{word}.{part}")
            for part in ("spin", "check", "pause", "sleep", "changed")
        )
        b.branch(spin)
        b.position_at_end(spin)
        current = self.load(b, word)
        b.cbranch(b.icmp_unsigned("!=", current, value), done, check)
        b.position_at_end(check)
        rounds = b.load(counter, typ=I32)
        b.store(b.add(rounds, i32(1)), counter)
        b.cbranch(b.icmp_unsigned("<", rounds, i32(SPIN)), relax, sleep)
        b.position_at_end(relax)
        self.pause(b)
        b.branch(spin)
        b.position_at_end(sleep)
        self.futex_call(b, self.g(word), FUTEX_WAIT, value)
        b.branch(spin)
        b.position_at_end(done)
        return current

    # -- functions --------------------------------------------------------------------------

    def build(self) -> ir.Module:
        if self.futex is None:  # no pool on this system: every range on the calling thread
            self._sequential_entry()
            return self.module
        self.participate = self._participate()
        self.worker = self._worker()
        self.start = self._start_workers()
        self._entry()
        return self.module

    def _participate(self) -> ir.Function:
        """i64 participate(i64 stack): claim and run chunks until none are left or one
        faulted; the number of chunks run."""
        fn = ir.Function(self.module, ir.FunctionType(I64, [I64]), "_irc_pool_participate")
        fn.linkage = "internal"
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        local = b.alloca(I64, size=i64(5))
        ran = b.alloca(I64)
        b.store(i64(0), ran)
        claim, run, done = (fn.append_basic_block(n) for n in ("claim", "run", "done"))
        b.branch(claim)
        b.position_at_end(claim)
        faulted = b.icmp_unsigned("!=", self.load(b, "faulted"), i32(0))
        number = b.atomic_rmw("add", self.g("next"), i64(1), SEQ)
        left = b.icmp_signed("<", number, self.plain(b, "chunks"))
        b.cbranch(b.and_(b.not_(faulted), left), run, done)
        b.position_at_end(run)
        size = self.plain(b, "size")
        lo = b.add(self.plain(b, "lo"), b.mul(number, size))
        hi, end = b.add(lo, size), self.plain(b, "hi")
        hi = b.select(b.icmp_signed("<", hi, end), hi, end)
        for k in range(4):
            b.store(i64(0), self.word(b, local, k))
        b.store(fn.args[0], self.word(b, local, 4))
        context = self.plain(b, "context")
        b.call(b.load(self.g("chunk"), typ=CHUNK_PTR), [context, lo, hi, local])
        b.store(b.add(b.load(ran, typ=I64), i64(1)), ran)
        fault = b.icmp_unsigned("!=", b.load(self.word(b, local, 0), typ=I64), i64(0))
        with b.if_then(fault, likely=False):
            first = b.cmpxchg(self.g("faulted"), i32(0), i32(1), SEQ, SEQ)
            with b.if_then(b.extract_value(first, 1)):
                for k in range(4):
                    value = b.load(self.word(b, local, k), typ=I64)
                    b.store(value, self.word(b, self.g("status"), k))
        b.branch(claim)
        b.position_at_end(done)
        b.ret(b.load(ran, typ=I64))
        return fn

    def _worker(self) -> ir.Function:
        """The thread function: its argument is (index << 32) | the generation at start.
        Wait for the next generation; if the job wants this worker and is still open,
        check in, take part, check out (waking the caller if it is the last one out)."""
        fn = ir.Function(self.module, ir.FunctionType(PTR, [PTR]), "_irc_pool_worker")
        fn.linkage = "internal"
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        arg = b.ptrtoint(fn.args[0], I64)
        index = b.trunc(b.lshr(arg, i64(32)), I32)
        seen, counter = b.alloca(I32), b.alloca(I32)
        b.store(b.trunc(arg, I32), seen)
        loop, check_in, inside = (fn.append_basic_block(n) for n in ("loop", "check_in", "in"))
        b.branch(loop)
        b.position_at_end(loop)
        old = b.load(seen, typ=I32)
        b.store(self.wait_while_equal(fn, b, "generation", old, counter), seen)
        wanted = b.icmp_unsigned("<", index, self.load(b, "active"))
        b.cbranch(wanted, check_in, loop)
        b.position_at_end(check_in)  # state + 1 while the job is open
        state = self.load(b, "state")
        is_open = b.icmp_unsigned("!=", b.and_(state, i32(OPEN)), i32(0))
        attempt = fn.append_basic_block("check_in.cas")
        b.cbranch(is_open, attempt, loop)
        b.position_at_end(attempt)
        swapped = b.cmpxchg(self.g("state"), state, b.add(state, i32(1)), SEQ, SEQ)
        b.cbranch(b.extract_value(swapped, 1), inside, check_in)
        b.position_at_end(inside)
        self.count_stat(b, 1, b.call(self.participate, [i64(0)]))
        before = b.atomic_rmw("sub", self.g("state"), i32(1), SEQ)
        with b.if_then(b.icmp_unsigned("==", before, i32(1))):  # closed, and the last out
            self.futex_call(b, self.g("state"), FUTEX_WAKE, i32(1))
        b.branch(loop)
        return fn

    def _start_workers(self) -> ir.Function:
        """void start(i32 want): start workers until `started` is `want` (or creating one
        fails), with every signal blocked in them."""
        fn = ir.Function(self.module, ir.FunctionType(VOID, [I32]), "_irc_pool_start")
        fn.linkage = "internal"
        create = self._declare("pthread_create", ir.FunctionType(I32, [PTR, PTR, PTR, PTR]))
        detach = self._declare("pthread_detach", ir.FunctionType(I32, [I64]))
        fill = self._declare("sigfillset", ir.FunctionType(I32, [PTR]))
        mask = self._declare("pthread_sigmask", ir.FunctionType(I32, [I32, PTR, PTR]))
        null = ir.Constant(PTR, None)
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        sigset = ir.ArrayType(ir.IntType(8), SIGSET_BYTES)
        blocked, saved, thread = b.alloca(sigset), b.alloca(sigset), b.alloca(I64)
        b.call(fill, [blocked])
        b.call(mask, [i32(SIG_SETMASK), blocked, saved])
        test, body, done = (fn.append_basic_block(n) for n in ("test", "create", "done"))
        b.branch(test)
        b.position_at_end(test)
        started = self.plain(b, "started")
        b.cbranch(b.icmp_unsigned("<", started, fn.args[0]), body, done)
        b.position_at_end(body)
        generation = b.zext(self.plain(b, "generation"), I64)
        packed = b.or_(b.shl(b.zext(started, I64), i64(32)), generation)
        rc = b.call(create, [thread, null, self.worker, b.inttoptr(packed, PTR)])
        created = fn.append_basic_block("created")
        b.cbranch(b.icmp_unsigned("==", rc, i32(0)), created, done)
        b.position_at_end(created)
        b.call(detach, [b.load(thread, typ=I64)])
        b.store(b.add(started, i32(1)), self.g("started"))
        b.branch(test)
        b.position_at_end(done)
        b.call(mask, [i32(SIG_SETMASK), saved, null])
        b.ret_void()
        return fn

    def _sequential_entry(self) -> None:
        fn = ir.Function(self.module, ENTRY_TYPE, ENTRY)
        chunk, context, lo, hi, _, status = fn.args
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        b.call(chunk, [context, lo, hi, status])
        b.ret_void()

    def _entry(self) -> ir.Function:
        """`_irc_parallel_for`: run alone, or take the pool (starting workers as needed)
        and run the job on it."""
        fn = ir.Function(self.module, ENTRY_TYPE, ENTRY)
        chunk, context, lo, hi, grain, status = fn.args
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        counter = b.alloca(I32)
        alone, pool, run = (fn.append_basic_block(n) for n in ("alone", "pool", "run"))
        n = b.sub(hi, lo)
        grain = b.select(b.icmp_signed("<", grain, i64(1)), i64(1), grain)
        threads = b.zext(b.load(self.count, typ=I32), I64)
        worth = b.and_(
            b.icmp_signed(">=", b.sdiv(n, grain), i64(2)),
            b.icmp_signed(">", threads, i64(1)),
        )
        with b.if_then(worth):
            won = b.cmpxchg(self.g("busy"), i32(0), i32(1), SEQ, SEQ)
            b.cbranch(b.extract_value(won, 1), pool, alone)
        b.branch(alone)
        b.position_at_end(alone)
        b.call(chunk, [context, lo, hi, status])
        b.ret_void()

        b.position_at_end(pool)
        pid = b.call(self.getpid, [])
        with b.if_then(b.icmp_unsigned("!=", pid, self.plain(b, "pid")), likely=False):
            b.store(i32(0), self.g("started"))  # a child after fork: its threads are gone
            b.store(pid, self.g("pid"))
        want = b.trunc(b.sub(threads, i64(1)), I32)
        with b.if_then(b.icmp_unsigned("<", self.plain(b, "started"), want)):
            b.call(self.start, [want])
        workers = self.plain(b, "started")
        with b.if_then(b.icmp_unsigned("==", workers, i32(0)), likely=False):
            self.store(b, "busy", i32(0))
            b.branch(alone)
        b.branch(run)
        b.position_at_end(run)
        self._run_job(b, fn, workers, want, n, grain, counter)
        b.ret_void()
        return fn

    def _run_job(self, b: ir.IRBuilder, fn, workers, want, n, grain, counter) -> None:
        """Publish the job and open it, wake the workers, take part, close the job and
        wait for the workers inside it to check out (a late one stays out)."""
        chunk, context, lo, hi, _, status = fn.args
        active = b.select(b.icmp_unsigned("<", want, workers), want, workers)
        most = b.mul(b.zext(b.add(active, i32(1)), I64), i64(CHUNKS_PER_THREAD))
        chunks = b.sdiv(n, grain)
        chunks = b.select(b.icmp_signed("<", chunks, most), chunks, most)
        size = b.sdiv(b.add(n, b.sub(chunks, i64(1))), chunks)
        chunks = b.sdiv(b.add(n, b.sub(size, i64(1))), size)
        for name, value in (("chunk", chunk), ("context", context), ("lo", lo), ("hi", hi),
                            ("size", size), ("chunks", chunks)):  # fmt: skip
            b.store(value, self.g(name))
        self.store(b, "next", i64(0))
        self.store(b, "faulted", i32(0))
        self.store(b, "active", active)
        self.store(b, "state", i32(OPEN))
        b.atomic_rmw("add", self.g("generation"), i32(1), SEQ)
        self.futex_call(b, self.g("generation"), FUTEX_WAKE, i32(0x7FFFFFFF))
        stack = b.load(self.word(b, status, 4), typ=I64)
        self.count_stat(b, 2, b.call(self.participate, [stack]))
        self.count_stat(b, 0, i64(1))
        b.atomic_rmw("and", self.g("state"), i32(~OPEN & 0xFFFFFFFF), SEQ)  # close the job
        wait, sleep, joined = (fn.append_basic_block(n) for n in ("join", "sleep", "joined"))
        b.branch(wait)
        b.position_at_end(wait)
        left = self.load(b, "state")  # workers still inside
        b.cbranch(b.icmp_unsigned("==", left, i32(0)), joined, sleep)
        b.position_at_end(sleep)
        self.wait_while_equal(fn, b, "state", left, counter)
        b.branch(wait)
        b.position_at_end(joined)
        with b.if_then(b.icmp_unsigned("!=", self.load(b, "faulted"), i32(0)), likely=False):
            for k in range(4):
                word = b.load(self.word(b, self.g("status"), k), typ=I64)
                b.store(word, self.word(b, status, k))
        self.store(b, "busy", i32(0))


def runtime_ir() -> str:
    """The runtime module's LLVM IR: the pool on Linux on x86_64 or aarch64, elsewhere an
    `_irc_parallel_for` that runs every range on the calling thread."""
    futex = SYS_FUTEX.get(platform.machine()) if supported() else None
    return str(_Runtime(futex).build())


# -- loading, settings, counters --------------------------------------------------------------


def supported() -> bool:
    return sys.platform.startswith("linux") and platform.machine() in SYS_FUTEX


def default_threads() -> int:
    """`IRC_NUM_THREADS` if set (at least 1), else the CPUs this process may run on."""
    found = integer_setting("IRC_NUM_THREADS", 1)
    if found is not None:
        return found
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _setup(loaded) -> tuple:
    """(the object, the thread count, the counters): the pool's globals."""
    engine = loaded.engine
    count = ctypes.c_int32.from_address(engine.get_global_value_address(COUNT))
    stats = (ctypes.c_int64 * 4).from_address(engine.get_global_value_address(STATS))
    count.value = default_threads() if supported() else 1
    return loaded, count, stats


_RUNTIME = NativeRuntime("irc thread pool", runtime_ir, (ENTRY,), _setup)
_loaded = _RUNTIME.get


def load() -> None:
    """Make `_irc_parallel_for` resolvable; the JIT calls this before loading code that
    needs it."""
    _loaded()


def num_threads() -> int:
    return _loaded()[1].value


def set_num_threads(count: int) -> None:
    """Threads that each parallel region may use from now on (1: run sequentially)."""
    if supported():
        _loaded()[1].value = max(1, int(count))


def stats() -> dict[str, int]:
    """Counters since the runtime was loaded: regions run on the pool, chunks the workers
    ran, chunks the calling threads ran."""
    values = list(_loaded()[2])
    return {"regions": values[0], "worker_chunks": values[1], "caller_chunks": values[2]}
