"""The caching allocator behind `memref.alloc` and `memref.dealloc`: LLVM IR built with
llvmlite, no C compiler, loaded like the thread pool (irc/runtime/threads.py).

Compiled code calls

    ptr  _irc_alloc(i64 bytes)   a 64-byte aligned block of at least `bytes`, or null
    void _irc_free(ptr block)    give a block back (null: nothing)

and Python releases the buffers of returned arrays through the same `_irc_free`
(irc/runtime/jit.py, `_Allocation`). A block is a 64-byte header (its size in bytes, its
size class, the free list's link) followed by the memory handed out; the system allocator
(`aligned_alloc`) is asked for both at once. Sizes are rounded up to a power of two from
64 bytes (`MIN_CLASS`) to 1 TiB (`MAX_CLASS`), one size class each; a freed block goes on
its class's free list and the next allocation of that class takes it back, so a function
called repeatedly (a training step) allocates from the system on its first calls only.
Larger requests go to the system and back to it directly.

The cache holds at most `IRC_ALLOC_CACHE_BYTES` bytes (default 1 GiB; 0 turns it off): a
free that would go beyond gives the block back to the system. `empty_cache()` gives every
cached block back; `set_cache_limit(n)` changes the cap. One spinlock (an atomic
exchange on an i32, spinning on plain reads with `pause`) guards the free lists, held for
a few instructions: blocks are allocated and freed inside parallel-loop bodies on the
thread pool's workers too. The counters (`stats()`) are atomic adds outside the lock.

A child process after `fork` inherits the free lists (they are its memory too), but a
lock held by another thread at the fork would stay held: as with malloc's own locks, fork
while compiled code runs on other threads is not supported.
"""

from __future__ import annotations

import ctypes
import dataclasses
import platform

from llvmlite import ir

from irc.runtime.engine import NativeRuntime, integer_setting, runtime_global

ALLOC = "_irc_alloc"
FREE = "_irc_free"
EMPTY = "_irc_alloc_empty"
LIMIT = "_irc_alloc_limit"  # i64: most bytes the free lists may hold, set from Python
STATS = "_irc_alloc_stats"  # [12 x i64]: COUNTERS then GAUGES
ALIGNMENT = HEADER = 64
MIN_CLASS, MAX_CLASS = 6, 40  # size classes 2^6 .. 2^40 bytes
UNCACHED = 0  # the class of a block beyond MAX_CLASS: back to the system when freed
LARGEST = 1 << 62  # a request beyond this fails (null), before its size overflows
DEFAULT_CACHE_BYTES = 1 << 30
COUNTERS = (
    "allocs", "system_allocs", "cache_hits", "frees", "system_frees",
    "requested_bytes", "system_bytes", "largest_request",
)  # fmt: skip
GAUGES = ("cached_bytes", "cached_blocks", "live_bytes", "live_blocks")
FIELDS = COUNTERS + GAUGES
SIZE, CLASS, NEXT = 0, 1, 2  # the header's i64 words

I1, I32, I64, PTR, VOID = (
    ir.IntType(1), ir.IntType(32), ir.IntType(64), ir.PointerType(), ir.VoidType()
)  # fmt: skip
SEQ, ACQUIRE, RELEASE, MONOTONIC = "seq_cst", "acquire", "release", "monotonic"


def i32(value: int) -> ir.Constant:
    return ir.Constant(I32, value)


def i64(value: int) -> ir.Constant:
    return ir.Constant(I64, value)


# -- the LLVM module --------------------------------------------------------------------------


class _Runtime:
    """Builds the allocator module: the lock, the free lists, the limit and the counters as
    globals, then `_irc_alloc`, `_irc_free` and `_irc_alloc_empty`."""

    def __init__(self) -> None:
        self.module = ir.Module(name="irc_alloc")
        self.lock = self._global("_irc_alloc_lock", I32)
        self.lists = self._global("_irc_alloc_lists", ir.ArrayType(PTR, MAX_CLASS + 1))
        self.limit = self._global(LIMIT, I64, internal=False, initial=DEFAULT_CACHE_BYTES)
        self.stats = self._global(STATS, ir.ArrayType(I64, len(FIELDS)), internal=False)
        self.system_alloc = self._declare("aligned_alloc", PTR, [I64, I64])
        self.system_free = self._declare("free", VOID, [PTR])

    def _global(self, name: str, typ: ir.Type, internal=True, initial=None) -> ir.GlobalVariable:
        return runtime_global(self.module, name, typ, internal, initial)

    def _declare(self, name: str, ret: ir.Type, args: list[ir.Type]) -> ir.Function:
        return ir.Function(self.module, ir.FunctionType(ret, args), name)

    # -- small pieces -----------------------------------------------------------------------

    def count(self, b: ir.IRBuilder, field: str, amount: ir.Value, op: str = "add") -> None:
        where = b.gep(self.stats, [i32(0), i32(FIELDS.index(field))])
        b.atomic_rmw(op, where, amount, MONOTONIC)

    def gauge(self, b: ir.IRBuilder, field: str) -> ir.Value:
        where = b.gep(self.stats, [i32(0), i32(FIELDS.index(field))])
        return b.load_atomic(where, MONOTONIC, 8, typ=I64)

    def header(self, b: ir.IRBuilder, block: ir.Value, word: int) -> ir.Value:
        """The address of header word `word` of the block handed out at `block`."""
        return b.gep(block, [i64(word * 8 - HEADER)], source_etype=ir.IntType(8))

    def list_head(self, b: ir.IRBuilder, size_class: ir.Value) -> ir.Value:
        return b.gep(self.lists, [i32(0), size_class])

    def pause(self, b: ir.IRBuilder) -> None:
        if platform.machine() in ("x86_64", "AMD64"):
            found = self.module.globals.get("llvm.x86.sse2.pause")
            b.call(found or self._declare("llvm.x86.sse2.pause", VOID, []), [])

    def acquire(self, b: ir.IRBuilder, fn: ir.Function) -> None:
        """Take the lock (the builder ends in a fresh block holding it): try to swap 0 for
        1; while another thread holds it, spin on plain reads until it looks free."""
        attempt, wait, held = (fn.append_basic_block(f"lock.{n}") for n in ("try", "wait", "held"))
        b.branch(attempt)
        b.position_at_end(attempt)
        swapped = b.cmpxchg(self.lock, i32(0), i32(1), ACQUIRE, MONOTONIC)
        b.cbranch(b.extract_value(swapped, 1), held, wait)
        b.position_at_end(wait)
        self.pause(b)
        busy = b.icmp_unsigned("!=", b.load_atomic(self.lock, MONOTONIC, 4, typ=I32), i32(0))
        b.cbranch(busy, wait, attempt)
        b.position_at_end(held)

    def release(self, b: ir.IRBuilder) -> None:
        b.store_atomic(i32(0), self.lock, RELEASE, 4)

    # -- functions --------------------------------------------------------------------------

    def build(self) -> ir.Module:
        self._alloc()
        self._free()
        self._empty()
        return self.module

    def _size_class(self, b: ir.IRBuilder, nbytes: ir.Value) -> ir.Value:
        """log2 of the power of two that holds `nbytes` (at least 2^MIN_CLASS)."""
        floor = i64(1 << MIN_CLASS)
        at_least = b.select(b.icmp_unsigned("<", nbytes, floor), floor, nbytes)
        return b.sub(i64(64), b.ctlz(b.sub(at_least, i64(1)), ir.Constant(I1, 0)))

    def _alloc(self) -> ir.Function:
        """ptr _irc_alloc(i64 bytes): a block from its class's free list, else from the
        system (with its header written); null when the system has none."""
        fn = ir.Function(self.module, ir.FunctionType(PTR, [I64]), ALLOC)
        (nbytes,) = fn.args
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        size_class, size = b.alloca(I64), b.alloca(I64)
        cached, huge, hit, miss, system = (
            fn.append_basic_block(n) for n in ("cached", "huge", "hit", "miss", "system")
        )
        self.count(b, "allocs", i64(1))
        self.count(b, "requested_bytes", nbytes)
        self.count(b, "largest_request", nbytes, op="umax")
        b.cbranch(b.icmp_unsigned("<=", nbytes, i64(1 << MAX_CLASS)), cached, huge)

        b.position_at_end(cached)
        k = self._size_class(b, nbytes)
        b.store(k, size_class)
        b.store(b.shl(i64(1), k), size)
        head = self.list_head(b, k)
        self.acquire(b, fn)
        block = b.load(head, typ=PTR)
        b.cbranch(b.icmp_unsigned("!=", block, ir.Constant(PTR, None)), hit, miss)
        b.position_at_end(hit)
        b.store(b.load(self.header(b, block, NEXT), typ=PTR), head)
        blocksize = b.load(size, typ=I64)
        self.count(b, "cached_bytes", blocksize, op="sub")
        self.count(b, "cached_blocks", i64(1), op="sub")
        self.release(b)
        self.count(b, "cache_hits", i64(1))
        self._count_live(b, blocksize, "add")
        b.ret(block)
        b.position_at_end(miss)
        self.release(b)
        b.branch(system)

        b.position_at_end(huge)  # beyond the classes: its own size, rounded to the alignment
        with b.if_then(b.icmp_unsigned(">", nbytes, i64(LARGEST)), likely=False):
            b.ret(ir.Constant(PTR, None))
        b.store(i64(UNCACHED), size_class)
        b.store(b.and_(b.add(nbytes, i64(ALIGNMENT - 1)), i64(-ALIGNMENT)), size)
        b.branch(system)

        b.position_at_end(system)
        blocksize = b.load(size, typ=I64)
        raw = b.call(self.system_alloc, [i64(ALIGNMENT), b.add(blocksize, i64(HEADER))])
        with b.if_then(b.icmp_unsigned("==", raw, ir.Constant(PTR, None)), likely=False):
            b.ret(raw)
        block = b.gep(raw, [i64(HEADER)], source_etype=ir.IntType(8))
        b.store(blocksize, self.header(b, block, SIZE))
        b.store(b.load(size_class, typ=I64), self.header(b, block, CLASS))
        self.count(b, "system_allocs", i64(1))
        self.count(b, "system_bytes", blocksize)
        self._count_live(b, blocksize, "add")
        b.ret(block)
        return fn

    def _count_live(self, b: ir.IRBuilder, blocksize: ir.Value, op: str) -> None:
        self.count(b, "live_bytes", blocksize, op=op)
        self.count(b, "live_blocks", i64(1), op=op)

    def _free(self) -> ir.Function:
        """void _irc_free(ptr block): onto its class's free list while the cache stays
        within its limit, else back to the system."""
        fn = ir.Function(self.module, ir.FunctionType(VOID, [PTR]), FREE)
        (block,) = fn.args
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        with b.if_then(b.icmp_unsigned("==", block, ir.Constant(PTR, None)), likely=False):
            b.ret_void()
        cache, push, full, system = (
            fn.append_basic_block(n) for n in ("cache", "push", "full", "system")
        )
        self.count(b, "frees", i64(1))
        blocksize = b.load(self.header(b, block, SIZE), typ=I64)
        k = b.load(self.header(b, block, CLASS), typ=I64)
        self._count_live(b, blocksize, "sub")
        b.cbranch(b.icmp_unsigned("==", k, i64(UNCACHED)), system, cache)

        b.position_at_end(cache)
        self.acquire(b, fn)
        after = b.add(self.gauge(b, "cached_bytes"), blocksize)
        limit = b.load_atomic(self.limit, MONOTONIC, 8, typ=I64)
        b.cbranch(b.icmp_unsigned("<=", after, limit), push, full)
        b.position_at_end(push)
        head = self.list_head(b, k)
        b.store(b.load(head, typ=PTR), self.header(b, block, NEXT))
        b.store(block, head)
        self.count(b, "cached_bytes", blocksize)
        self.count(b, "cached_blocks", i64(1))
        self.release(b)
        b.ret_void()
        b.position_at_end(full)
        self.release(b)
        b.branch(system)

        b.position_at_end(system)
        b.call(self.system_free, [self.header(b, block, SIZE)])
        self.count(b, "system_frees", i64(1))
        b.ret_void()
        return fn

    def _empty(self) -> ir.Function:
        """void _irc_alloc_empty(): give every cached block back to the system."""
        fn = ir.Function(self.module, ir.FunctionType(VOID, []), EMPTY)
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        size_class = b.alloca(I64)
        b.store(i64(MIN_CLASS), size_class)
        self.acquire(b, fn)
        drain, give, following, done = (
            fn.append_basic_block(n) for n in ("drain", "give", "next_class", "done")
        )
        b.branch(drain)
        b.position_at_end(drain)
        k = b.load(size_class, typ=I64)
        head = self.list_head(b, k)
        block = b.load(head, typ=PTR)
        b.cbranch(b.icmp_unsigned("!=", block, ir.Constant(PTR, None)), give, following)
        b.position_at_end(give)
        b.store(b.load(self.header(b, block, NEXT), typ=PTR), head)
        self.count(b, "cached_bytes", b.load(self.header(b, block, SIZE), typ=I64), op="sub")
        self.count(b, "cached_blocks", i64(1), op="sub")
        b.call(self.system_free, [self.header(b, block, SIZE)])
        self.count(b, "system_frees", i64(1))
        b.branch(drain)
        b.position_at_end(following)
        b.store(b.add(k, i64(1)), size_class)
        b.cbranch(b.icmp_unsigned("<", k, i64(MAX_CLASS)), drain, done)
        b.position_at_end(done)
        self.release(b)
        b.ret_void()
        return fn


def runtime_ir() -> str:
    """The allocator module's LLVM IR."""
    return str(_Runtime().build())


# -- loading, settings, counters --------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class AllocStats:
    """The allocator's counters since the runtime was loaded or `reset_stats()`, then its
    gauges (the present state, never reset). Block sizes are whole size classes."""

    allocs: int  # calls of _irc_alloc (system_allocs + cache_hits + the ones that failed)
    system_allocs: int  # of those, the ones the system allocator served
    cache_hits: int  # of those, the ones a free list served
    frees: int  # calls of _irc_free with a block (compiled code and released arrays)
    system_frees: int  # blocks given back to the system (by frees and empty_cache)
    requested_bytes: int  # the sum of the sizes asked for
    system_bytes: int  # the sum of the block sizes asked of the system
    largest_request: int  # the largest size asked for
    cached_bytes: int  # in the free lists now
    cached_blocks: int
    live_bytes: int  # handed out and not freed yet (results that Python holds, say)
    live_blocks: int


def cache_limit_from_environment() -> int:
    """`IRC_ALLOC_CACHE_BYTES` if set to a whole number (0 or less: no cache), else 1 GiB."""
    found = integer_setting("IRC_ALLOC_CACHE_BYTES", 0)
    return DEFAULT_CACHE_BYTES if found is None else found


@dataclasses.dataclass(frozen=True)
class _Loaded:
    loaded: object  # the LoadedObject, never freed
    limit: ctypes.c_int64
    stats: ctypes.Array
    free: object  # _irc_free as a ctypes function
    empty: object


def _setup(loaded) -> _Loaded:
    engine = loaded.engine
    limit = ctypes.c_int64.from_address(engine.get_global_value_address(LIMIT))
    stats = (ctypes.c_int64 * len(FIELDS)).from_address(engine.get_global_value_address(STATS))
    limit.value = cache_limit_from_environment()
    free = ctypes.CFUNCTYPE(None, ctypes.c_void_p)(loaded.address(FREE))
    empty = ctypes.CFUNCTYPE(None)(loaded.address(EMPTY))
    return _Loaded(loaded, limit, stats, free, empty)


_RUNTIME = NativeRuntime("irc caching allocator", runtime_ir, (ALLOC, FREE), _setup)
_loaded = _RUNTIME.get


def load() -> None:
    """Make `_irc_alloc` and `_irc_free` resolvable; the engine calls this before loading
    code that names them."""
    _loaded()


def free_function():
    """`_irc_free` as a ctypes function of one address: what a returned array's finalizer
    calls to give its block back."""
    return _loaded().free


def stats() -> AllocStats:
    return AllocStats(*_loaded().stats)


def reset_stats() -> None:
    """Zero the counters (the gauges stay: they describe the present). Not atomic against
    compiled code running on other threads meanwhile: an add may be lost."""
    values = _loaded().stats
    for index in range(len(COUNTERS)):
        values[index] = 0


def empty_cache() -> None:
    """Give every cached block back to the system."""
    _loaded().empty()


def cache_limit() -> int:
    return _loaded().limit.value


def set_cache_limit(nbytes: int) -> None:
    """The most bytes the free lists may hold from now on (0: no caching); a cache
    already beyond it is emptied."""
    runtime = _loaded()
    runtime.limit.value = max(0, int(nbytes))
    if stats().cached_bytes > runtime.limit.value:
        runtime.empty()
