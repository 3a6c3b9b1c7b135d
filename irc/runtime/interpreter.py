"""The reference interpreter: runs IR at any level on numpy values. It is the oracle that
every lowering is checked against.

Values: every SSA value is a numpy value of its type's width — a numpy scalar for scalar
types (`np.int32(7)`, `np.float32(0.5)`, `np.bool_(True)` for i1, `np.int64` for index) and
an array for vectors and tensors; a memref is a numpy array (a view when it aliases), written
in place. Numpy's fixed-width arithmetic gives MLIR's wrapping integers and correctly
rounded floats; kernels run under `np.errstate(all="ignore")`.

Kernels live in one table keyed by op class, filled per dialect from
`irc/runtime/kernels/<dialect>.py` (each exports `KERNELS = {OpClass: kernel}`) the first
time an op of that dialect runs. A kernel is `kernel(interp, op, operands) -> list` of
result values, or, for a terminator, a `Terminate`. An op with no kernel, and any run-time
fault (integer division by zero, an out-of-bounds index), is an `IRError` located at the op.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from irc.ir import types as T
from irc.ir.attributes import normalize_int
from irc.ir.core import Block, Operation, Region, Value
from irc.ir.diagnostics import Diagnostic, IRError


@dataclass
class Terminate:
    """What a terminator does: branch to `target` with `values`, or (target None) leave
    the region handing `values` to the op that owns it."""

    op: Operation
    values: list
    target: Block | None = None


Kernel = Callable[["Interpreter", Operation, list], "list | Terminate"]

KERNELS: dict[type, Kernel] = {}
_LOADED_DIALECTS: set[str] = set()


class InterpreterError(Exception):
    """A fault while interpreting `op`; becomes a located diagnostic."""

    def __init__(self, message: str, op: Operation | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.op = op


def kernel_for(op: Operation) -> Kernel:
    kernel = KERNELS.get(type(op))
    if kernel is None:
        dialect = op.name.split(".", 1)[0]
        if dialect not in _LOADED_DIALECTS:
            _LOADED_DIALECTS.add(dialect)
            try:
                module = importlib.import_module(f"irc.runtime.kernels.{dialect}")
            except ModuleNotFoundError:
                module = None
            if module is not None:
                KERNELS.update(module.KERNELS)
            kernel = KERNELS.get(type(op))
    if kernel is None:
        raise InterpreterError(f"no interpreter kernel for '{op.name}' (interpreter)", op)
    return kernel


class Interpreter:
    """Runs functions of a module. `call("f", *args)` returns the list of results."""

    def __init__(self, module: Operation) -> None:
        self.module = module
        self.max_call_depth = 500
        self.frames: list[dict[Value, object]] = [{}]

    # -- entry points --------------------------------------------------------------------

    def call(self, name: str, *args) -> list:
        """Run the function named `name` (a `func.func` symbol) on `args`."""
        try:
            with np.errstate(all="ignore"):
                return self.call_function(self.lookup(name), list(args))
        except InterpreterError as exc:
            loc = exc.op.location if exc.op is not None else self.module.location
            raise IRError(Diagnostic("error", loc, exc.message)) from None
        except RecursionError:
            raise IRError(
                Diagnostic("error", self.module.location, "interpreter recursion too deep")
            ) from None

    def lookup(self, name: str) -> Operation:
        for region in self.module.regions:
            for op in region.ops():
                sym = op.properties.get("sym_name") or op.attributes.get("sym_name")
                if sym is not None and getattr(sym, "value", None) == name:
                    return op
        raise InterpreterError(f"no function named '@{name}' in the module", None)

    def call_function(self, func: Operation, args: list) -> list:
        """Run a function-like op: its single region with `args` as entry arguments."""
        body = func.regions[0]
        if not body.blocks:
            raise InterpreterError(
                f"cannot call the declaration '{func.name}' without a body", func
            )
        entry = body.blocks[0]
        if len(args) != len(entry.args):
            raise InterpreterError(
                f"function expects {len(entry.args)} arguments, got {len(args)}", func
            )
        args = [coerce(value, arg.type, func) for value, arg in zip(args, entry.args, strict=True)]
        if len(self.frames) > self.max_call_depth:
            raise InterpreterError("call depth exceeds the interpreter's limit", func)
        self.frames.append({})  # each call has its own values, so recursion is safe
        try:
            return self.run_region(body, args).values
        finally:
            self.frames.pop()

    # -- regions and blocks --------------------------------------------------------------

    def run_region(self, region: Region, args: Sequence) -> Terminate:
        """Run from the entry block until a terminator leaves the region."""
        block = region.blocks[0]
        while True:
            done = self.run_block(block, args)
            if done.target is None:
                return done
            block, args = done.target, done.values

    def run_block(self, block: Block, args: Sequence) -> Terminate:
        env = self.env
        for arg, value in zip(block.args, args, strict=True):
            env[arg] = value
        for op in block:
            operands = [env[v] for v in op.operands] if op.operand_uses else []
            outcome = kernel_for(op)(self, op, operands)
            if isinstance(outcome, Terminate):
                return outcome
            if len(outcome) != len(op.results):
                raise InterpreterError(
                    f"kernel of '{op.name}' gave {len(outcome)} values for "
                    f"{len(op.results)} results (a bug in irc)",
                    op,
                )
            for result, value in zip(op.results, outcome, strict=True):
                env[result] = value
        raise InterpreterError("block ended without a terminator", block.parent_op)

    @property
    def env(self) -> dict[Value, object]:
        """The values of the innermost call; nested regions share their function's."""
        return self.frames[-1]


# -- values ---------------------------------------------------------------------------------


def numpy_dtype(t: T.Type) -> np.dtype:
    """The numpy dtype that holds one element of `t` (signless integers as signed)."""
    if isinstance(t, T.IndexType):
        return np.dtype(np.int64)
    if isinstance(t, T.IntegerType):
        if t.width == 1:
            return np.dtype(np.bool_)
        for width in (8, 16, 32, 64):
            if t.width == width:
                return np.dtype(f"{'u' if t.signedness == 'ui' else 'i'}{width // 8}")
        raise InterpreterError(f"the interpreter has no {t}: only 1, 8, 16, 32 and 64 bits")
    if isinstance(t, T.FloatType):
        found = {"f16": np.float16, "f32": np.float32, "f64": np.float64}.get(t.name)
        if found is None:
            raise InterpreterError(f"the interpreter has no {t.name} arithmetic")
        return np.dtype(found)
    if isinstance(t, T.ShapedType):
        return numpy_dtype(t.element_type)
    raise InterpreterError(f"no numpy representation for {t}")


def coerce(value, t: T.Type, op: Operation | None = None):
    """A Python or numpy value as the interpreter holds values of type `t`."""
    if isinstance(t, T.MemRefType):
        return _checked_buffer(value, t, op)
    if isinstance(t, T.FunctionType):  # a function value: the func.func op it names
        return value
    try:
        convert = getattr(t, "interpreter_value", None)
        if convert is not None:  # a dialect type that says what Python may pass for it
            return convert(value)
        dtype = numpy_dtype(t)
        if isinstance(t, T.TensorType):
            return _checked_shape(np.asarray(value, dtype=dtype), t, op)
        if isinstance(t, T.VectorType):
            return np.asarray(value, dtype=dtype)
        if isinstance(t, (T.IntegerType, T.IndexType)) and isinstance(value, (int, np.integer)):
            # Signless integers wrap: 250 as an i8 is the bit pattern of -6, as in MLIR.
            return dtype.type(normalize_int(int(value), t))
        return dtype.type(value)
    except (OverflowError, TypeError, ValueError) as exc:
        raise InterpreterError(f"cannot pass {value!r} as {t}: {exc}", op) from None


def _checked_buffer(value, t: T.MemRefType, op: Operation | None) -> np.ndarray:
    """A memref argument is used in place, so it must already be an array of the right
    dtype, rank and static sizes (a copy would lose the writes)."""
    if not isinstance(value, np.ndarray):
        raise InterpreterError(f"expected a numpy array for {t}, got {type(value).__name__}", op)
    dtype = numpy_dtype(t.element_type)
    if value.dtype != dtype:
        raise InterpreterError(f"expected a {dtype} array for {t}, got {value.dtype}", op)
    return _checked_shape(value, t, op)


def _checked_shape(value: np.ndarray, t: T.ShapedType, op: Operation | None) -> np.ndarray:
    """`value` when its rank and sizes fit `t` (any size where `t` has `?`)."""
    if value.ndim != len(t.shape):
        raise InterpreterError(
            f"expected a rank-{len(t.shape)} array for {t}, got rank {value.ndim}", op
        )
    for axis, (want, got) in enumerate(zip(t.shape, value.shape, strict=True)):
        if want != T.DYNAMIC and want != got:
            raise InterpreterError(
                f"expected size {want} in dimension {axis} for {t}, got {got}", op
            )
    return value


def shape_text(shape) -> str:
    """`4x3`, or `()` for rank 0: how run-time messages name an array's shape."""
    return "x".join(str(s) for s in shape) if shape else "()"


def check_result_shape(array: np.ndarray, result_type: T.Type, op: Operation) -> None:
    """A run-time shape against the static sizes of a ranked tensor or memref result type
    (a `?` operand may make a wrong size appear only when the program runs)."""
    if not isinstance(result_type, (T.TensorType, T.MemRefType)):
        return
    static = result_type.shape
    if len(static) != array.ndim or any(
        s != T.DYNAMIC and s != actual for s, actual in zip(static, array.shape, strict=False)
    ):
        raise InterpreterError(
            f"'{op.name}' gives shape {shape_text(array.shape)}, which is not {result_type}", op
        )


def run(module: Operation, name: str, *args) -> list:
    """Interpret function `name` of `module` on `args`; results as numpy values."""
    return Interpreter(module).call(name, *args)
