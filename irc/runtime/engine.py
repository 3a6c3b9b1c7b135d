"""LLVM through llvmlite: optimize a module for the host CPU, emit object code, load it.

Facts this module is built around (see DESIGN.md): the target machine names the host CPU
and its features, and LLVM's new pass manager runs at O3 with loop and SLP vectorization;
an MCJIT engine takes ownership of the target machine it is given, so every engine gets a
fresh one (sharing one crashed the process); an engine must outlive every function
pointer taken from it, so `LoadedObject` is referenced by each callable made from it.

Compilation ends in object code (bytes), which is what the compile cache stores; running
code always goes through `LoadedObject`, for a fresh compile and a cache hit alike.
"""

from __future__ import annotations

import ctypes
import functools
import os
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

import llvmlite.binding as llvm
from llvmlite import ir

_C_LIBRARIES = ("libm.so.6", "libc.so.6")


@functools.cache
def _initialized() -> None:
    llvm.initialize_native_target()
    llvm.initialize_native_asmprinter()
    for library in _C_LIBRARIES:  # malloc, free and libm for compiled code
        try:
            llvm.load_library_permanently(library)
        except RuntimeError:
            pass  # not a glibc system: the process's own symbols still resolve


@functools.cache
def host_target() -> tuple[str, str, str]:
    """(triple, CPU name, CPU features) of this machine: part of every cache key."""
    _initialized()
    return (
        llvm.get_process_triple(),
        llvm.get_host_cpu_name(),
        llvm.get_host_cpu_features().flatten(),
    )


def new_target_machine() -> llvm.TargetMachine:
    triple, cpu, features = host_target()
    target = llvm.Target.from_triple(triple)
    return target.create_target_machine(
        cpu=cpu, features=features, opt=3, reloc="pic", codemodel="jitdefault"
    )


@functools.cache
def _compiling_machine() -> llvm.TargetMachine:
    """The target machine that optimizes and emits code; never handed to an engine."""
    return new_target_machine()


# Above this many lines of LLVM IR, loops are vectorized but not unrolled or interleaved.
# A whole training step (an LSTM's: 34,000 lines) grew fourfold under O3's unrolling and
# interleaving and took a minute to optimize and emit, against 17 s without them, and ran
# no faster: its time is in the matmul kernels, whose register blocking irc writes itself
# (docs/performance.md). Small modules (single kernels, a forward pass) keep everything.
LARGE_MODULE_LINES = 20_000


def _optimized(llvm_ir: str) -> llvm.ModuleRef:
    """Parse and verify `llvm_ir`, then run the O3 pipeline with both vectorizers on
    (without unrolling and interleaving for a large module: LARGE_MODULE_LINES)."""
    _initialized()
    machine = _compiling_machine()
    module = llvm.parse_assembly(llvm_ir)
    module.triple = machine.triple
    module.data_layout = str(machine.target_data)
    module.verify()
    options = llvm.create_pipeline_tuning_options(speed_level=3)
    options.loop_vectorization = True
    options.slp_vectorization = True
    if llvm_ir.count("\n") > LARGE_MODULE_LINES:
        options.loop_unrolling = options.loop_interleaving = False
    builder = llvm.create_pass_builder(machine, options)
    builder.getModulePassManager().run(module, builder)
    return module


def compile_to_object(llvm_ir: str) -> bytes:
    """Object code for the host from LLVM IR text."""
    return _compiling_machine().emit_object(_optimized(llvm_ir))


def optimized_ir(llvm_ir: str) -> str:
    """The module after the O3 pipeline, as text (for `irc-translate --optimize`)."""
    return str(_optimized(llvm_ir))


THREADS_ENTRY = b"_irc_parallel_for"  # irc/runtime/threads.py: loaded before code naming it
ALLOC_ENTRY = b"_irc_alloc"  # irc/runtime/alloc.py (with `_irc_free`): the same


class LoadedObject:
    """Object code linked into memory by its own MCJIT engine and target machine; code
    that calls the thread pool's entry or the allocator gets that runtime loaded first."""

    def __init__(self, code: bytes, *, runtime: bool = False) -> None:
        _initialized()
        if not runtime and THREADS_ENTRY in code:
            from irc.runtime import threads

            threads.load()
        if not runtime and ALLOC_ENTRY in code:
            from irc.runtime import alloc

            alloc.load()
        self.engine = llvm.create_mcjit_compiler(llvm.parse_assembly(""), new_target_machine())
        self.engine.add_object_file(llvm.ObjectFileRef.from_data(code))
        self.engine.finalize_object()

    def address(self, symbol: str) -> int:
        return self.engine.get_function_address(symbol)


def runtime_global(module: ir.Module, name: str, typ: ir.Type, internal: bool = True,
                   initial=None) -> ir.GlobalVariable:  # fmt: skip
    """A global of a runtime's LLVM module (zeros unless `initial`); `internal` unless
    Python reads or sets it by name."""
    variable = ir.GlobalVariable(module, typ, name)
    variable.initializer = ir.Constant(typ, initial)
    if internal:
        variable.linkage = "internal"
    return variable


def integer_setting(name: str, least: int) -> int | None:
    """The environment variable `name` as a whole number (at least `least`); None when it
    is unset or not a number. How a runtime's knobs (threads, cache bytes) are read."""
    text = os.environ.get(name, "").strip()
    try:
        return max(least, int(text)) if text else None
    except ValueError:
        return None


Handles = TypeVar("Handles")


class NativeRuntime(Generic[Handles]):
    """A runtime written in LLVM IR (the thread pool, the caching allocator): its object
    code comes from the disk cache when there (the key covers irc's source, so a changed
    runtime is compiled again; building and compiling take some 90 ms that a cached
    program should not pay), and it is loaded on first use, once per process (under a
    lock), with its `entries` published to the JIT linker. It is never unloaded: parked
    workers run its code and blocks it handed out are freed through it until the process
    ends. `setup` turns the loaded object into the handles Python keeps (its globals)."""

    def __init__(self, name: str, build_ir: Callable[[], str], entries: tuple[str, ...],
                 setup: Callable[[LoadedObject], Handles]) -> None:  # fmt: skip
        self.name, self.build_ir, self.entries, self.setup = name, build_ir, entries, setup
        self._handles: Handles | None = None
        self._lock = threading.Lock()

    def get(self) -> Handles:
        if self._handles is None:
            with self._lock:
                if self._handles is None:
                    self._handles = self._load()
        return self._handles

    def _load(self) -> Handles:
        loaded = LoadedObject(self._object(), runtime=True)
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(loaded))  # immortal: outlives finalization
        for symbol in self.entries:
            llvm.add_symbol(symbol, loaded.address(symbol))
        return self.setup(loaded)

    def _object(self) -> bytes:
        import llvmlite

        from irc.runtime import cache

        directory = cache.default_directory()
        key = cache.cache_key(self.entries[0], self.name, host_target(), llvmlite.__version__)
        stored = cache.load(directory, key)
        if stored is not None:
            return stored[0]
        code = compile_to_object(self.build_ir())
        cache.store(directory, key, code, {})
        return code
