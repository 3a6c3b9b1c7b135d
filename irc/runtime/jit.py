"""`irc.jit`: compile loop-level IR to native code and call it with numpy arrays.

    saxpy = irc.jit(text, "saxpy")
    saxpy(2.0, x, y)            # memref arguments are numpy arrays, written in place
    logits = irc.jit(mlp_text, "forward")(x, w1, b1, w2, b2)   # tensors in, tensors out

Pipeline: parse and verify, lower (`LOWERING` below; nn and other tensor-level programs
first go through the `nn-to-loops` pipeline: linalg, one-shot bufferization, loops),
translate to LLVM IR
(`irc/lowering/llvmir`), optimize at O3 for the host CPU and emit object code
(`engine.py`), then load it. The object code and the signatures are cached on disk
(`cache.py`), so a second process with the same IR skips everything but the load.

Calling convention (`abi.py`): a memref argument must be a numpy array of exactly its
element dtype, rank and static sizes. Arrays are passed without copying. One that the
function only reads may be strided or read-only (it is copied when its layout does not fit
the memref type); one it may write must be writeable and fit the type's layout as it is,
since a copy would lose the writes. Scalars are Python or numpy numbers, range-checked.
Results come back as numpy scalars and arrays: a returned buffer of `memref.alloc` becomes
an array that frees it when garbage-collected; a returned view of an argument is a view of
that argument's array. Bad arguments raise `CallError` before any compiled code runs, and
faults inside it (division by zero, an index out of bounds with `bounds_checks=True`, a
failed `cf.assert`) raise `RuntimeFault` at the op's location.
"""

from __future__ import annotations

import ctypes
import functools
import weakref
from collections.abc import Callable
from pathlib import Path

import numpy as np

from irc.ir.diagnostics import SOURCES, CallError, Diagnostic, IRError, RuntimeFault
from irc.ir.location import UNKNOWN, FileLineColLoc, Location
from irc.runtime import abi
from irc.runtime import cache as disk_cache
from irc.runtime.abi import Slot

ENTRY_PREFIX = "_irc_entry_"
STATUS_WORDS = 5  # see irc/lowering/llvmir/translate.py
LOWERING = "builtin.module(math-polynomial-approximation,convert-scf-to-cf)"
TENSOR_LOWERING = "builtin.module(nn-to-loops,math-polynomial-approximation,convert-scf-to-cf)"
"""For a module with tensor-level ops (nn, tensor, linalg, bufferization): they become
loops over memrefs first, so tensors in and out are numpy arrays in and out."""
TENSOR_DIALECTS = frozenset({"nn", "tensor", "linalg", "bufferization"})
_ENTRY = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)
_LIBC = ctypes.CDLL(None)
_LIBC.free.argtypes = [ctypes.c_void_p]
_LIBC.free.restype = None


# -- compiling --------------------------------------------------------------------------------


class CompiledModule:
    """Loaded object code and the functions it offers: `compiled["f"]` is a callable."""

    def __init__(self, code: bytes, meta: dict) -> None:
        from irc.runtime.engine import LoadedObject

        self.loaded = LoadedObject(code)
        self.faults = [(message, _location(loc)) for message, loc in meta["faults"]]
        self.entries = meta["entries"]
        self.from_cache = False  # whether the code came from the disk cache
        self._functions: dict[str, JitFunction] = {}

    def __getitem__(self, name: str) -> JitFunction:
        found = self._functions.get(name)
        if found is None:
            entry = self.entries.get(name)
            if entry is None:
                known = ", ".join(f"@{n}" for n in self.entries) or "none"
                raise CallError(
                    Diagnostic(
                        "error",
                        UNKNOWN,
                        f"no public function '@{name}' with a body to call (public: {known})",
                    )
                )
            found = self._functions[name] = JitFunction(self, name, entry)
        return found

    def __contains__(self, name: str) -> bool:
        return name in self.entries


_LOADED: dict[str, CompiledModule] = {}  # per process, by cache key


def compile_module(
    module_or_text,
    *,
    bounds_checks: bool = False,
    cache: str | Path | bool = True,
    filename: str = "<jit>",
) -> CompiledModule:
    """Compile every public function of a module (IR text or a parsed module).

    `cache`: True for the default directory (see `cache.py`), False for no disk cache,
    or a directory."""
    from irc.runtime.engine import host_target

    text = module_or_text if isinstance(module_or_text, str) else _module_text(module_or_text)
    options = f"{LOWERING} bounds_checks={bounds_checks}"
    import llvmlite

    key = disk_cache.cache_key(text, options, host_target(), llvmlite.__version__)
    found = _LOADED.get(key)
    if found is not None:
        return found
    directory = _cache_directory(cache)
    stored = disk_cache.load(directory, key) if directory is not None else None
    from_cache = stored is not None
    if stored is None:
        stored = _compile(module_or_text, filename, bounds_checks)
        if directory is not None:
            disk_cache.store(directory, key, *stored)
    elif isinstance(module_or_text, str):
        SOURCES.add(filename, text)  # for carets in fault messages, without parsing
    compiled = _LOADED[key] = CompiledModule(*stored)
    compiled.from_cache = from_cache
    return compiled


def _cache_directory(cache: str | Path | bool) -> Path | None:
    if cache is False:
        return None
    return disk_cache.default_directory() if cache is True else Path(cache)


def jit(module_or_text, name: str, **options) -> JitFunction:
    """The function `name` of a module, compiled: see `compile_module` for the options."""
    return compile_module(module_or_text, **options)[name]


def _module_text(module) -> str:
    from irc.frontend.printer import print_op

    return print_op(module, debuginfo=True)


def lower_for_cpu(module, filename: str = "<jit>"):
    """Parse (if text), verify and lower to the loop level the translator takes; a parsed
    module is cloned, never changed."""
    import irc
    from irc.passes.pass_manager import PassManager
    from irc.passes.pipeline import parse_pipeline

    module = irc.parse(module, filename) if isinstance(module, str) else module.clone()
    irc.verify(module)
    PassManager(parse_pipeline(lowering_for(module))).run(module)
    return module


def lowering_for(module) -> str:
    """`TENSOR_LOWERING` when an op of a tensor-level dialect is in `module`, else
    `LOWERING` (loop-level programs are compiled as written, not canonicalized)."""
    tensors = any(op.name.split(".", 1)[0] in TENSOR_DIALECTS for op in module.walk())
    return TENSOR_LOWERING if tensors else LOWERING


def _compile(module_or_text, filename: str, bounds_checks: bool) -> tuple[bytes, dict]:
    from irc.lowering.llvmir import translate_module
    from irc.runtime.engine import compile_to_object

    lowered = lower_for_cpu(module_or_text, filename)
    translation = translate_module(lowered, bounds_checks=bounds_checks)
    try:
        code = compile_to_object(str(translation.module))
    except RuntimeError as exc:  # LLVM rejected the translation: a bug in irc, reported
        raise IRError(
            Diagnostic(
                "error", lowered.location, f"LLVM rejected irc's translation (a bug in irc): {exc}"
            )
        ) from None
    meta = {
        "faults": [[f.message, _location_json(f.location)] for f in translation.faults],
        "entries": {
            name: {
                "inputs": [s.to_json() for s in sig.slots[0]],
                "results": [s.to_json() for s in sig.slots[1]],
                "location": _location_json(sig.location),
                "argument_locations": [_location_json(loc) for loc in sig.argument_locations],
            }
            for name, sig in translation.entries.items()
        },
    }
    return code, meta


def _location_json(location: Location) -> list | None:
    flc = location.file_line_col()
    return None if flc is None else [flc.filename, flc.line, flc.col]


def _location(data) -> Location:
    return UNKNOWN if data is None else FileLineColLoc(*data)


# -- calling ----------------------------------------------------------------------------------


class JitFunction:
    """A compiled function: call it with numpy arrays and numbers."""

    def __init__(self, module: CompiledModule, name: str, entry: dict) -> None:
        self.module = module  # keeps the engine, and so the code, alive
        self.name = name
        self.inputs = [Slot.from_json(s) for s in entry["inputs"]]
        self.results = [Slot.from_json(s) for s in entry["results"]]
        self.location = _location(entry["location"])
        self.argument_locations = [_location(loc) for loc in entry["argument_locations"]]
        self._struct = abi.struct_type(self.inputs, self.results)
        self._returns_memrefs = any(slot.kind == "memref" for slot in self.results)
        self._binders = [_binder(self, i, s) for i, s in enumerate(self.inputs)]
        self._entry = _ENTRY(module.loaded.address(ENTRY_PREFIX + name))

    def __repr__(self) -> str:
        inputs = ", ".join(s.type for s in self.inputs)
        results = ", ".join(s.type for s in self.results)
        return f"<irc.jit @{self.name}({inputs}) -> ({results})>"

    def __call__(self, *args):
        if len(args) != len(self.inputs):
            raise self.call_error(
                f"@{self.name} takes {len(self.inputs)} arguments, got {len(args)}"
            )
        frame = self._struct()
        keep: list[np.ndarray | None] = []
        for bind, value in zip(self._binders, args, strict=True):
            keep.append(bind(frame, value))
        status = (ctypes.c_int64 * STATUS_WORDS)()
        self._entry(ctypes.addressof(frame), ctypes.addressof(status))
        if status[0]:
            raise self.fault(list(status))
        owners = (
            {a.__array_interface__["data"][0]: a for a in keep if a is not None}
            if self._returns_memrefs
            else {}
        )
        results = [
            _read_result(frame, index, slot, owners) for index, slot in enumerate(self.results)
        ]
        if not results:
            return None
        return results[0] if len(results) == 1 else tuple(results)

    def call_error(
        self, message: str, hint: str | None = None, argument: int | None = None
    ) -> CallError:
        """A bad call, located at the parameter concerned (else at the function)."""
        location = self.location if argument is None else self.argument_locations[argument]
        return CallError(Diagnostic("error", location, message, hint=hint))

    def fault(self, status: list[int]) -> RuntimeFault:
        number = status[0]
        if not 0 < number <= len(self.module.faults):
            return RuntimeFault(
                Diagnostic("error", self.location, f"unknown fault {number} (a bug in irc)")
            )
        message, location = self.module.faults[number - 1]
        return RuntimeFault(Diagnostic("error", location, message.format(*status)))


Binder = Callable[[ctypes.Structure, object], "np.ndarray | None"]


def _binder(fn: JitFunction, index: int, slot: Slot) -> Binder:
    if slot.kind == "scalar":
        return _scalar_binder(fn, index, slot)
    return _memref_binder(fn, index, slot)


def _what(fn: JitFunction, index: int, slot: Slot) -> str:
    return f"@{fn.name} argument {index} ({slot.type})"


def _scalar_binder(fn: JitFunction, index: int, slot: Slot) -> Binder:
    field = f"a{index}_0"
    error = functools.partial(fn.call_error, argument=index)
    dtype = slot.numpy_dtype
    what = _what(fn, index, slot)
    if dtype.kind == "f":
        as_bits = dtype == np.float16

        def bind_float(frame, value):
            if not isinstance(value, (int, float, np.integer, np.floating)):
                raise error(f"{what}: expected a number, got {type(value).__name__}")
            number = dtype.type(value)
            setattr(frame, field, int(number.view(np.uint16)) if as_bits else float(number))

        return bind_float
    bits = 1 if dtype == np.bool_ else dtype.itemsize * 8
    low, high = -(1 << (bits - 1)) if bits > 1 else 0, (1 << bits) - 1
    wrap = 1 << bits

    def bind_int(frame, value):
        if not isinstance(value, (int, np.integer, np.bool_)):
            raise error(
                f"{what}: expected an integer, got {type(value).__name__}",
                "convert it with int() if truncation is meant",
            )
        number = int(value)
        if not low <= number <= high:
            raise error(f"{what}: {number} does not fit in {slot.type}")
        if bits == 1:
            setattr(frame, field, number & 1)
        elif dtype.kind == "i" and number >= wrap // 2:  # signless: the same bits, signed
            setattr(frame, field, number - wrap)
        else:
            setattr(frame, field, number)

    return bind_int


def _memref_binder(fn: JitFunction, index: int, slot: Slot) -> Binder:
    data, sizes, strides = (f"a{index}_{part}" for part in range(3))
    error = functools.partial(fn.call_error, argument=index)
    what = _what(fn, index, slot)
    dtype, rank = slot.numpy_dtype, slot.rank

    def bind(frame, value):
        if not isinstance(value, np.ndarray):
            raise error(f"{what}: expected a numpy array, got {type(value).__name__}")
        if value.dtype != dtype:
            raise error(
                f"{what}: expected a {dtype} array, got {value.dtype}",
                f"convert it with .astype(np.{dtype})"
                + (" (and read it back)" if slot.written else ""),
            )
        if value.ndim != rank:
            raise error(f"{what}: expected a rank-{rank} array, got rank {value.ndim}")
        for dim, (want, got) in enumerate(zip(slot.shape, value.shape, strict=True)):
            if want != abi.DYNAMIC and want != got:
                raise error(f"{what}: expected size {want} in dimension {dim}, got {got}")
        if slot.written and not value.flags.writeable:
            raise error(f"{what}: the function may write this argument, but it is read-only")
        element_strides = _element_strides(value, slot)
        if element_strides is None:
            if slot.written:
                raise error(
                    f"{what}: the function may write this argument, so it must have the "
                    f"type's layout as it is; got strides {value.strides}",
                    "pass np.ascontiguousarray(x) and read the result from that copy",
                )
            value = np.ascontiguousarray(value)
            element_strides = _element_strides(value, slot)
            if element_strides is None:
                raise error(f"{what}: no array layout fits {slot.type}")
        setattr(frame, data, value.__array_interface__["data"][0])
        getattr(frame, sizes)[:] = value.shape
        getattr(frame, strides)[:] = element_strides
        return value

    return bind


def _element_strides(value: np.ndarray, slot: Slot) -> list[int] | None:
    """The array's strides in elements if they fit the memref type's layout, else None."""
    shape = value.shape
    if slot.identity:
        if not value.flags.c_contiguous:
            return None
        row_major, running = [0] * len(shape), 1
        for dim in range(len(shape) - 1, -1, -1):
            row_major[dim] = running
            running *= shape[dim]
        return row_major
    itemsize = value.itemsize
    if any(s % itemsize for s in value.strides):
        return None
    result = [s // itemsize for s in value.strides]
    for want, got, size in zip(slot.strides, result, shape, strict=True):
        if want != abi.DYNAMIC and want != got and size > 1:
            return None
    return result


def _read_result(frame, index: int, slot: Slot, owners: dict[int, object]) -> object:
    fields = [getattr(frame, f"r{index}_{part}") for part in range(len(abi.result_fields(slot)))]
    dtype = slot.numpy_dtype
    if slot.kind == "scalar":
        (raw,) = fields
        if dtype == np.float16:
            return np.uint16(raw).view(np.float16)
        return dtype.type(raw)
    allocated, aligned, offset, sizes, strides = fields
    allocated, aligned = allocated or 0, aligned or 0  # ctypes gives None for NULL
    owner = owners.get(allocated)
    if owner is None:  # a fresh buffer: the arrays made from it free it
        owner = owners[allocated] = _Allocation(allocated)
    return _array_from_descriptor(aligned, offset, list(sizes), list(strides), dtype, owner)


class _Allocation:
    """A buffer from `memref.alloc` that a result array owns: freed with its last view."""

    def __init__(self, address: int) -> None:
        weakref.finalize(self, _LIBC.free, address)


def _array_from_descriptor(aligned, offset, sizes, strides, dtype, owner) -> np.ndarray:
    """A numpy view of the memory a descriptor describes, keeping `owner` alive."""
    if 0 in sizes:
        return np.empty(sizes, dtype)
    itemsize = dtype.itemsize
    spans = [(n - 1) * s for n, s in zip(sizes, strides, strict=True)]
    low = offset + sum(min(0, span) for span in spans)
    high = offset + sum(max(0, span) for span in spans)
    memory = (ctypes.c_char * ((high - low + 1) * itemsize)).from_address(aligned + low * itemsize)
    memory._irc_owner = owner
    return np.ndarray(
        sizes,
        dtype,
        buffer=memory,
        offset=(offset - low) * itemsize,
        strides=[s * itemsize for s in strides],
    )
