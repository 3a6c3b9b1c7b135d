"""`irc.jit`: compile loop-level IR to native code and call it with numpy arrays.

    saxpy = irc.jit(text, "saxpy")
    saxpy(2.0, x, y)            # memref arguments are numpy arrays, written in place
    logits = irc.jit(mlp_text, "forward")(x, w1, b1, w2, b2)   # tensors in, tensors out

Pipeline: parse and verify, lower (`LOWERING` below; nn and other tensor-level programs
go through the `nn-to-llvm` pipeline instead: linalg, one-shot bufferization, the matmul
kernel, parallel loops, then the same steps), translate to LLVM IR
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

Tensor parameters with `?` sizes (`ShapedFunction`): by default each new combination of
the call's shapes is compiled with every size static (`specialize.py`), and kept per
function (`max_specializations`, least recently called out first); `specialize=None`
compiles the module once with its `?` sizes where it compiles, `False` always does.
`!nn.key` parameters take an int seed or two uint32 words (`keys.py`); `donate_argnums`
lets results be computed in arrays the caller gives up (`donate.py`).
"""

from __future__ import annotations

import ctypes
import dataclasses
import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from irc.ir import types as T
from irc.ir.diagnostics import SOURCES, CallError, Diagnostic, IRError, RuntimeFault
from irc.ir.location import UNKNOWN, FileLineColLoc, Location
from irc.runtime import abi, alloc
from irc.runtime import cache as disk_cache
from irc.runtime.abi import Slot

ENTRY_PREFIX = "_irc_entry_"
STATUS_WORDS = 5  # see irc/lowering/llvmir/translate.py
LOWERING = (
    "builtin.module(convert-scf-parallel-to-threads,math-polynomial-approximation,"
    "convert-scf-to-cf)"
)
TENSOR_LOWERING = "builtin.module(nn-to-llvm)"
"""For a module with tensor-level ops (nn, tensor, linalg, bufferization): they become
loops over memrefs first (`nn-to-loops`, then LOWERING's steps: the named pipeline in
irc/passes/registry.py), so tensors in and out are numpy arrays in and out."""
TENSOR_DIALECTS = frozenset({"nn", "tensor", "linalg", "bufferization"})
KEY_TEXT = "!nn.key"
_ENTRY = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)


# -- compiling --------------------------------------------------------------------------------


class CompiledModule:
    """Loaded object code and the functions it offers: `compiled["f"]` is a callable.

    `code` is None when the module is compiled per call shape only (see
    `compile_module`); `generic_error` then says why it did not compile as written."""

    def __init__(self, code: bytes | None, meta: dict, *, build=None, source=None) -> None:
        from irc.runtime.engine import LoadedObject

        self.loaded = LoadedObject(code) if code is not None else None
        self.faults = [(message, _location(loc)) for message, loc in meta.get("faults", [])]
        self.entries = meta.get("entries", {})
        self.params = meta.get("params", {})
        self.from_cache = False  # whether the code came from the disk cache
        self.key: str | None = None  # the disk cache key of the module's text and options
        self.generic_error: IRError | None = None
        self.build = build
        self._source = source  # the text or module to specialize from
        self._functions: dict[str, JitFunction | ShapedFunction] = {}

    def __getitem__(self, name: str) -> JitFunction | ShapedFunction:
        found = self._functions.get(name)
        if found is None:
            found = self._functions[name] = self._function(name)
        return found

    def __contains__(self, name: str) -> bool:
        return name in self.entries or name in self.params

    def _function(self, name: str) -> JitFunction | ShapedFunction:
        entry = self.entries.get(name)
        params = self.params.get(name)
        if entry is None and params is None:
            known = ", ".join(f"@{n}" for n in {**self.params, **self.entries}) or "none"
            raise CallError(
                Diagnostic(
                    "error",
                    UNKNOWN,
                    f"no public function '@{name}' with a body to call (public: {known})",
                )
            )
        generic = JitFunction(self, name, entry) if entry is not None else None
        if params is None or self.build is None:
            return generic
        if generic is None or _has_dynamic_tensor(params):
            return ShapedFunction(self, name, params, generic)
        return generic

    def generic_function(self, name: str) -> JitFunction | None:
        """`name` compiled with its `?` sizes (compiling the module now if it was not),
        or None when the module does not compile as written."""
        if self.loaded is None and self.generic_error is None:
            try:
                code, meta = _compile(self.source_module().clone(), self.build)
            except IRError as exc:
                self.generic_error = exc
            else:
                from irc.runtime.engine import LoadedObject

                self.loaded = LoadedObject(code)
                self.faults = [(m, _location(loc)) for m, loc in meta["faults"]]
                self.entries = meta["entries"]
        entry = self.entries.get(name)
        return JitFunction(self, name, entry) if entry is not None else None

    def argument_location(self, name: str, argument: int | None) -> Location:
        """Where parameter `argument` of @name is written (the function when None)."""
        entry = self.entries.get(name)
        if entry is not None:
            spot = entry["location"] if argument is None else entry["argument_locations"][argument]
            return _location(spot)
        func = _function_op(self.source_module(), name)
        if argument is None:
            return func.location
        return func.regions[0].blocks[0].args[argument].loc

    def source_module(self):
        """The module as written (parsed once, on first need), to specialize from."""
        if isinstance(self._source, str):
            self._source = _parsed(self._source, self.build.filename)
        return self._source


_LOADED: dict[tuple, CompiledModule] = {}  # per process, by cache key and options
SPECIALIZE_MODES = (None, True, False)
MAX_SPECIALIZATIONS = 32


def compile_module(
    module_or_text,
    *,
    bounds_checks: bool = False,
    cache: str | Path | bool = True,
    filename: str = "<jit>",
    specialize: bool | None = True,
    max_specializations: int = MAX_SPECIALIZATIONS,
    donate_argnums: dict[str, Sequence[int]] | None = None,
) -> CompiledModule:
    """Compile every public function of a module (IR text or a parsed module).

    `cache`: True for the default directory (see `cache.py`), False for no disk cache,
    or a directory. `specialize`: how tensor parameters with `?` sizes are compiled (see
    `ShapedFunction`): True (the default) compiles each new combination of the call's
    shapes, with every size static; None compiles the module once with its `?` sizes and
    specializes only where that does not compile; False never specializes.
    `max_specializations`: how many shapes each function keeps compiled (the least
    recently called go first). `donate_argnums`: per function name, the tensor arguments
    whose arrays the caller gives up, so that results may be computed in them (see
    `donate.py`)."""
    if specialize not in SPECIALIZE_MODES:
        raise ValueError(f"specialize must be None, True or False, got {specialize!r}")
    text = module_or_text if isinstance(module_or_text, str) else _module_text(module_or_text)
    donations = tuple(sorted((n, tuple(sorted(set(a)))) for n, a in (donate_argnums or {}).items()))
    directory = _cache_directory(cache)
    build = _Build(filename, bounds_checks, directory, specialize, max_specializations, donations)
    key = _cache_key(text, build)
    settings = (key, specialize, max_specializations, str(cache))
    found = _LOADED.get(settings)
    if found is not None:
        return found
    stored = disk_cache.load(directory, key) if directory is not None else None
    if stored is not None:
        if isinstance(module_or_text, str):
            SOURCES.add(filename, text)  # for carets in fault messages, without parsing
        compiled = CompiledModule(*stored, build=build, source=module_or_text)
        compiled.from_cache = True
    else:
        compiled = _compile_or_defer(module_or_text, key, build)
    compiled.key = key
    _LOADED[settings] = compiled
    return compiled


@dataclass(frozen=True)
class _Build:
    """How a module's code is built: for the module itself and for its specializations."""

    filename: str
    bounds_checks: bool
    directory: Path | None
    specialize: bool | None
    max_specializations: int
    donations: tuple = ()  # ((function name, (argument index, ...)), ...)

    @property
    def options(self) -> str:
        """What besides the IR text decides the code (for the cache key)."""
        donated = ";".join(f"{name}:{list(args)}" for name, args in self.donations)
        return f"{LOWERING} bounds_checks={self.bounds_checks} donate={donated}"


def _compile_or_defer(module_or_text, key: str, build: _Build) -> CompiledModule:
    """Compile with `?` sizes; when that fails for a module whose tensor parameters have
    `?` sizes, the error waits: each call compiles its shapes instead (unless
    `specialize=False`). With `specialize=True` such a module is not compiled at all."""
    module = _parsed(module_or_text, build.filename)
    params = parameters(module)
    shaped = any(_has_dynamic_tensor(p) for p in params.values())
    if shaped and build.specialize is True:
        return CompiledModule(None, {"params": params}, build=build, source=module)
    source = module.clone() if shaped else None  # what calls check their shapes against
    try:
        stored = _compile(module, build)
    except IRError as exc:
        if source is None or build.specialize is False:
            raise
        compiled = CompiledModule(None, {"params": params}, build=build, source=source)
        compiled.generic_error = exc
        return compiled
    if build.directory is not None:
        disk_cache.store(build.directory, key, *stored)
    return CompiledModule(*stored, build=build, source=source or module_or_text)


def _cache_directory(cache: str | Path | bool) -> Path | None:
    if cache is False:
        return None
    return disk_cache.default_directory() if cache is True else Path(cache)


def jit(
    module_or_text, name: str, *, donate_argnums: Sequence[int] = (), **options
) -> JitFunction | ShapedFunction:
    """The function `name` of a module, compiled: see `compile_module` for the options;
    `donate_argnums` are the arguments whose arrays the caller gives up (`donate.py`)."""
    if donate_argnums:
        options["donate_argnums"] = {name: tuple(donate_argnums)}
    return compile_module(module_or_text, **options)[name]


def _module_text(module) -> str:
    from irc.frontend.printer import print_op

    return print_op(module, debuginfo=True)


def _parsed(module_or_text, filename: str):
    """Parse (if text) and verify; a parsed module is cloned, never changed."""
    import irc

    module = irc.parse(module_or_text, filename) if isinstance(module_or_text, str) else None
    module = module if module is not None else module_or_text.clone()
    irc.verify(module)
    return module


def lower_for_cpu(module, filename: str = "<jit>"):
    """Parse (if text), verify and lower to the loop level the translator takes; a parsed
    module is cloned, never changed. `!nn.key` parameters become seeds (`keys.py`)."""
    return _lowered(_parsed(module, filename))[0]


def _lowered(module, donations: dict | None = None) -> tuple:
    """Lower a verified module that may be changed; also the key parameters per function.
    Donated arguments (`donate.py`) take steps around one-shot-bufferize."""
    from irc.runtime import donate
    from irc.runtime.keys import seeds_for_keys

    pipeline = lowering_for(module)
    keys = seeds_for_keys(module)
    if not donations or pipeline != TENSOR_LOWERING:
        _run(pipeline, module)
        _verify_lowered(module)
        return module, keys
    donate.mark(module, donations)
    before, bufferize, after = _around_bufferization(pipeline)
    _run(before, module)
    donate.reuse(module, donations)
    _run(bufferize, module)
    donate.return_in_place(module, donations)
    _run(after, module)
    _verify_lowered(module)
    return module, keys


def _run(pipeline: str, module) -> None:
    """Run the passes without verifying between them (a quarter of the lowering time of a
    training step); `_verify_lowered` checks the result before translation, and irc-opt,
    which verifies after each pass, finds the pass at fault."""
    from irc.passes.pass_manager import PassManager
    from irc.passes.pipeline import parse_pipeline

    PassManager(parse_pipeline(pipeline), verify_each=False).run(module)


def _verify_lowered(module) -> None:
    import irc

    irc.verify(module)


def _around_bufferization(pipeline: str) -> tuple[str, str, str]:
    """A `builtin.module(...)` pipeline as three: the steps before one-shot-bufferize
    (named pipelines expanded), that step, and the steps after it."""
    from irc.passes.registry import PIPELINES

    steps = _steps(pipeline.removeprefix("builtin.module(").removesuffix(")"))
    while any(step in PIPELINES for step in steps):  # named pipelines, expanded
        steps = [part for step in steps for part in _expanded(step, PIPELINES)]
    at = next(i for i, step in enumerate(steps) if step.startswith("one-shot-bufferize"))
    parts = (steps[:at], steps[at : at + 1], steps[at + 1 :])
    return tuple(f"builtin.module({','.join(part)})" for part in parts)


def _expanded(step: str, pipelines: dict) -> list[str]:
    named = pipelines.get(step)
    return _steps(named[1]) if named is not None else [step]


def _steps(text: str) -> list[str]:
    """Top-level comma-separated steps of a pipeline text (commas in braces stay)."""
    steps, depth, start = [], 0, 0
    for position, char in enumerate(text):
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        elif char == "," and depth == 0:
            steps.append(text[start:position].strip())
            start = position + 1
    steps.append(text[start:].strip())
    return [step for step in steps if step]


def lowering_for(module) -> str:
    """`TENSOR_LOWERING` when an op of a tensor-level dialect is in `module`, else
    `LOWERING` (loop-level programs are compiled as written, not canonicalized)."""
    tensors = any(op.name.split(".", 1)[0] in TENSOR_DIALECTS for op in module.walk())
    return TENSOR_LOWERING if tensors else LOWERING


def parameters(module) -> dict[str, list[dict]]:
    """Per public function with a body, its parameters as the caller sees them: `type`
    (MLIR text), and for tensors `shape` (DYNAMIC for `?`) and `dtype`, for keys `key`."""
    from irc.dialects import func as fn
    from irc.dialects.nn.random import KEY
    from irc.runtime.interpreter import numpy_dtype

    found = {}
    for op in module.regions[0].blocks[0]:
        if not isinstance(op, fn.FuncOp) or op.is_declaration or _private(op):
            continue
        described = []
        for t in op.function_type.inputs:
            entry = {"type": str(t)}
            if isinstance(t, T.TensorType):
                entry.update(shape=list(t.shape), dtype=str(numpy_dtype(t.element_type)))
            elif t is KEY:
                entry["key"] = True
            described.append(entry)
        found[op.sym_name] = described
    return found


def _private(op) -> bool:
    visibility = op.properties.get("sym_visibility")
    return getattr(visibility, "value", "public") != "public"


def _has_dynamic_tensor(params: list[dict]) -> bool:
    return any(abi.DYNAMIC in p.get("shape", ()) for p in params)


def _compile(module, build: _Build) -> tuple[bytes, dict]:
    """Lower, translate and emit a verified module (which this changes)."""
    from irc.lowering.llvmir import translate_module
    from irc.runtime.engine import compile_to_object

    params = parameters(module)
    lowered, keys = _lowered(module, dict(build.donations))
    translation = translate_module(lowered, bounds_checks=build.bounds_checks)
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
        "params": params,
        "entries": {
            name: {
                "inputs": [s.to_json() for s in sig.slots[0]],
                "results": [s.to_json() for s in sig.slots[1]],
                "location": _location_json(sig.location),
                "argument_locations": [_location_json(loc) for loc in sig.argument_locations],
                "keys": keys.get(name, []),
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

    def __init__(
        self, module: CompiledModule, name: str, entry: dict, shown: list[str] | None = None
    ) -> None:
        self.module = module  # keeps the engine, and so the code, alive
        self.name = name
        self.keys = frozenset(entry.get("keys", ()))
        self.inputs = [Slot.from_json(s) for s in entry["inputs"]]
        shown = shown or [KEY_TEXT if i in self.keys else None for i in range(len(self.inputs))]
        self.inputs = [
            dataclasses.replace(slot, type=text) if text else slot
            for slot, text in zip(self.inputs, shown, strict=False)
        ]
        self.results = [Slot.from_json(s) for s in entry["results"]]
        self.location = _location(entry["location"])
        self.argument_locations = [_location(loc) for loc in entry["argument_locations"]]
        self._struct = abi.struct_type(self.inputs, self.results)
        self._returns_memrefs = any(slot.kind == "memref" for slot in self.results)
        self._binders = [_binder(self, i, s) for i, s in enumerate(self.inputs)]
        build = getattr(module, "build", None)
        donations = dict(build.donations) if build is not None else {}
        self._donated = tuple(donations.get(name, ()))
        self._entry = _ENTRY(module.loaded.address(ENTRY_PREFIX + name))

    def __repr__(self) -> str:
        inputs = ", ".join(s.type for s in self.inputs)
        results = ", ".join(s.type for s in self.results)
        return f"<irc.jit @{self.name}({inputs}) -> ({results})>"

    def __call__(self, *args):
        self._check_donations(args)
        return self.call_checked(args)

    def call_checked(self, args):
        """The call, with the donations already checked (by a ShapedFunction)."""
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

    def _check_donations(self, args) -> None:
        problem = donation_problem(self._donated, args)
        if problem is not None:
            raise self.call_error(*problem)

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


# -- shapes -----------------------------------------------------------------------------------


class ShapedFunction:
    """A function whose tensor parameters have `?` sizes, compiled per call shape.

    The shapes of a call's `?`-sized arguments pick a compiled variant from a table kept
    per function, least recently called out first beyond `max_specializations`. On the
    first call with new shapes, the arrays are checked against the written types (dtype,
    rank, static sizes), then the shapes are propagated through the program
    (`specialize.py`): sizes that contradict each other are a `CallError` naming the
    arguments. The variant is the function compiled for these shapes (every size
    static), or, with `specialize=None` when the module compiled as written and with
    `specialize=False`, that code (the shapes are checked all the same);
    when a specialization does not compile (a form `specialize.py` does not refine), the
    module compiled as written serves, if it compiles."""

    def __init__(
        self, module: CompiledModule, name: str, params: list[dict], generic: JitFunction | None
    ) -> None:
        self.module = module
        self.name = name
        self.params = params
        self.generic = generic
        self._dynamic = [i for i, p in enumerate(params) if abi.DYNAMIC in p.get("shape", ())]
        build = module.build
        self._donated = dict(build.donations).get(name, ()) if build is not None else ()
        self._variants: OrderedDict[tuple | None, JitFunction] = OrderedDict()
        self._lock = threading.Lock()
        self.compiles = 0  # variants compiled by this process (not loaded from the disk cache)

    def __repr__(self) -> str:
        inputs = ", ".join(p["type"] for p in self.params)
        return f"<irc.jit @{self.name}({inputs}), {len(self._variants)} shapes compiled>"

    def __call__(self, *args):
        if self._donated and len(args) == len(self.params):
            problem = donation_problem(self._donated, args)
            if problem is not None:
                raise self._error(*problem)
        key = self._key(args)
        variant = self._variants.get(key)
        if variant is None:
            variant = self._variant(args, key)
        else:
            try:
                self._variants.move_to_end(key)
            except KeyError:  # evicted by another thread meanwhile
                pass
        return variant.call_checked(args)

    def _key(self, args) -> tuple | None:
        if len(args) != len(self.params):
            return None
        return tuple(getattr(args[i], "shape", None) for i in self._dynamic)

    def _variant(self, args, key) -> JitFunction:
        with self._lock:
            found = self._variants.get(key)
            if found is not None:
                return found
            self._check(args)
            variant = self._stored(key) or self._specialized(args, key)
            self._variants[key] = variant
            while len(self._variants) > max(1, self.module.build.max_specializations):
                self._variants.popitem(last=False)
            return variant

    def _check(self, args) -> None:
        if len(args) != len(self.params):
            raise self._error(f"@{self.name} takes {len(self.params)} arguments, got {len(args)}")
        for index, (param, value) in enumerate(zip(self.params, args, strict=True)):
            if "shape" not in param or (not param["shape"] and _is_number(value)):
                continue  # a number for a rank-0 tensor: the variant's binder converts it
            problem = array_problem(value, np.dtype(param["dtype"]), param["shape"])
            if problem is not None:
                what = f"@{self.name} argument {index} ({param['type']})"
                raise self._error(f"{what}: {problem[0]}", problem[1], index)

    def _stored(self, key: tuple) -> JitFunction | None:
        """The variant for these shapes from the disk cache, without parsing or
        propagating anything: a variant is stored only for shapes that fit."""
        build = self.module.build
        if build.directory is None or build.specialize is not True or self.module.key is None:
            return None
        stored = disk_cache.load(build.directory, self._disk_key(key))
        return self._loaded(stored) if stored is not None else None

    def _disk_key(self, key: tuple) -> str:
        """The disk cache key of a variant: the module's own key, the function and the
        shapes of its `?`-sized arguments."""
        return disk_cache.cache_key(
            f"{self.module.key}\0@{self.name}\0{key}", "specialized", (), ""
        )

    def _loaded(self, stored: tuple) -> JitFunction:
        variant = CompiledModule(*stored)
        shown = [p["type"] for p in self.params]
        return JitFunction(variant, self.name, variant.entries[self.name], shown)

    def _specialized(self, args, key: tuple) -> JitFunction:
        from irc.runtime.specialize import ShapeConflict, specialize

        source = self.module.source_module()
        func = _function_op(source, self.name)
        types = _call_types(func.function_type.inputs, args)
        try:
            specialized = specialize(source, self.name, types)
        except ShapeConflict as conflict:
            raise self._conflict(conflict, source, func, types, args) from None
        if self.generic is not None and self.module.build.specialize is not True:
            return self.generic
        failure = None  # not refined: a form specialize.py leaves as it is
        if _verified(specialized):
            try:
                return self._compile(specialized, key)
            except IRError as problem:  # not lowered at these shapes
                failure = problem
        generic = self.generic or self.module.generic_function(self.name)
        if generic is not None:
            return generic
        raise (failure or self.module.generic_error) from None

    def _compile(self, specialized, key: tuple) -> JitFunction:
        build = self.module.build
        stored = _compile(specialized, build)
        self.compiles += 1
        if build.directory is not None and self.module.key is not None:
            disk_cache.store(build.directory, self._disk_key(key), *stored)
        return self._loaded(stored)

    def _conflict(self, conflict, source, func, types, args) -> CallError:
        """Which arguments disagree: those without whose shape the program's sizes fit."""
        from irc.runtime.specialize import ShapeConflict, specialize

        declared = func.function_type.inputs
        culprits = []
        for index in self._dynamic:
            trial = list(types)
            trial[index] = declared[index]
            try:
                specialize(source, self.name, trial)
            except ShapeConflict:
                continue
            culprits.append(index)
        shapes = [
            f"argument {i} ({self.params[i]['type']}) of shape {_shape_text(args[i].shape)}"
            for i in culprits
        ]
        where = f"'{conflict.op.name}': {conflict.message}"
        if len(culprits) == 1:
            message = f"@{self.name}: {shapes[0]} does not fit the other arguments ({where})"
        elif culprits:
            message = f"@{self.name}: {' and '.join(shapes)} do not fit together ({where})"
        else:
            message = f"@{self.name}: the arguments' shapes do not fit together ({where})"
        error = self._error(
            message,
            "pass arrays whose sizes agree where the program relates them",
            culprits[-1] if culprits else None,
        )
        error.diagnostics[0].attach_note("the sizes meet here", conflict.op.location)
        return error

    def _error(self, message: str, hint: str | None = None, argument: int | None = None):
        location = self.module.argument_location(self.name, argument)
        return CallError(Diagnostic("error", location, message, hint=hint))


def _verified(module) -> bool:
    import irc

    try:
        irc.verify(module)
    except IRError:
        return False
    return True


def _function_op(module, name: str):
    for op in module.regions[0].blocks[0]:
        if getattr(op, "sym_name", None) == name and hasattr(op, "function_type"):
            return op
    raise KeyError(name)


def _call_types(declared: list, args) -> list:
    """The parameter types with the call's array shapes."""
    return [
        T.TensorType(tuple(np.shape(value)), t.element_type, t.encoding)
        if isinstance(t, T.TensorType)
        else t
        for t, value in zip(declared, args, strict=True)
    ]


def _shape_text(shape) -> str:
    return "x".join(str(s) for s in shape) or "()"


def _cache_key(text: str, build: _Build) -> str:
    import llvmlite

    from irc.runtime.engine import host_target

    return disk_cache.cache_key(text, build.options, host_target(), llvmlite.__version__)


Binder = Callable[[ctypes.Structure, object], "np.ndarray | None"]


def _binder(fn: JitFunction, index: int, slot: Slot) -> Binder:
    if slot.kind == "scalar":
        return _scalar_binder(fn, index, slot)
    if index in fn.keys:
        return _key_binder(fn, index, slot)
    return _memref_binder(fn, index, slot)


def _key_binder(fn: JitFunction, index: int, slot: Slot) -> Binder:
    """A `!nn.key` parameter, compiled as its seed (see `keys.py`)."""
    from irc.runtime.keys import seed_array

    bind_seed = _memref_binder(fn, index, slot)
    error = functools.partial(fn.call_error, argument=index)
    what = _what(fn, index, slot)

    def bind(frame, value):
        try:
            seed = seed_array(value)
        except (TypeError, ValueError, OverflowError) as exc:
            raise error(
                f"{what}: {exc}", "pass an int seed, as irc-run and the interpreter take"
            ) from None
        return bind_seed(frame, seed)

    return bind


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
    dtype = slot.numpy_dtype

    def bind(frame, value):
        if not slot.shape and not slot.written and isinstance(value, (int, float, np.number)):
            value = np.asarray(value, dtype)  # a rank-0 input the function only reads
        problem = array_problem(value, dtype, slot.shape, slot.written)
        if problem is not None:
            raise error(f"{what}: {problem[0]}", problem[1])
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


def donation_problem(donated: Sequence[int], args) -> tuple[str, str, int] | None:
    """(message, fix, argument) when a donated array shares memory with another argument:
    it is overwritten, so the other would be read after the write. Two arrays may share
    memory when their byte ranges overlap (numpy's may_share_memory, computed once per
    array: a training step passes a few dozen)."""
    extents = {i: _byte_extent(a) for i, a in enumerate(args) if isinstance(a, np.ndarray)}
    for index in donated:
        mine = extents.get(index)  # a wrong index is reported where the donation is checked
        if mine is None or mine[0] == mine[1]:
            continue
        for other, theirs in extents.items():
            if other != index and mine[0] < theirs[1] and theirs[0] < mine[1]:
                return (
                    f"argument {index} is donated but shares memory with argument {other}",
                    "pass a separate array (a copy) for each donated argument",
                    index,
                )
    return None


def _is_number(value) -> bool:
    return isinstance(value, int | float | np.number | np.bool_)


def _byte_extent(array: np.ndarray) -> tuple[int, int]:
    """[first byte, last byte + 1) of the memory an array may touch; empty for no elements."""
    if array.size == 0:
        return (0, 0)
    start = array.__array_interface__["data"][0]
    if array.flags.c_contiguous:
        return (start, start + array.nbytes)
    low, high = np.lib.array_utils.byte_bounds(array)
    return (low, high)


def array_problem(
    value, dtype: np.dtype, shape, written: bool = False
) -> tuple[str, str | None] | None:
    """What is wrong with `value` as an array of `dtype` and `shape` (DYNAMIC for `?`),
    with the fix; None when it fits."""
    if not isinstance(value, np.ndarray):
        return f"expected a numpy array, got {type(value).__name__}", None
    if value.dtype != dtype:
        fix = f"convert it with .astype(np.{dtype})" + (" (and read it back)" if written else "")
        return f"expected a {dtype} array, got {value.dtype}", fix
    if value.ndim != len(shape):
        return f"expected a rank-{len(shape)} array, got rank {value.ndim}", None
    for dim, (want, got) in enumerate(zip(shape, value.shape, strict=True)):
        if want != abi.DYNAMIC and want != got:
            return f"expected size {want} in dimension {dim}, got {got}", None
    return None


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
    """A buffer from `memref.alloc` that a result array owns: given back to irc's
    allocator (irc/runtime/alloc.py, which made it) with its last view."""

    def __init__(self, address: int) -> None:
        weakref.finalize(self, alloc.free_function(), address)


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
