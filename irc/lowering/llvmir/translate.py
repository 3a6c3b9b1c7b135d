"""The driver of the LLVM IR translation: module, functions, blocks; per-op rules live in
the dialect modules beside this one (`TRANSLATIONS = {OpClass: rule}`).

Conventions of the generated code:

- `index` is i64; i1 is i1 in registers and i8 in memory shared with Python.
- A memref value is MLIR's descriptor as one LLVM struct, `{ptr allocated, ptr aligned,
  i64 offset, [r x i64] sizes, [r x i64] strides}` (rank 0: the first three). Wherever the
  memref type knows an offset, size or stride statically, rules use the constant instead of
  the field, so identity layouts give LLVM plain `base + i` addressing to vectorize.
- Every defined function takes a hidden first parameter `ptr %status`, four i64s. A run-time
  fault (integer division by zero, an index out of bounds with bounds checks on, a failed
  `cf.assert`, ...) stores the fault's number and up to three details there and returns at
  once with zeros; a caller that sees a non-zero status after a call returns too. The fault
  table (`Translation.faults`) maps numbers to messages and locations, so Python raises a
  located error and compiled code never traps. The fifth word counts the stack that
  recursive functions (those on a cycle of calls) have taken: past `STACK_BUDGET` a call is
  a fault, not a stack overflow.
- Each public function with a body gets an entry wrapper `_irc_entry_<name>(ptr args,
  ptr status)` that Python calls: `args` is a C struct holding each argument (a memref as
  aligned pointer, sizes, strides in elements) and then a slot for each result (a memref as
  its whole descriptor). `EntrySignature` describes it for the runtime.
- Private functions have internal linkage (LLVM may inline or drop them); bodiless
  declarations are external C functions (scalars only), e.g. `func.func private @expf(f32)
  -> f32` calls the C library.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from llvmlite import ir

from irc.dialects import func as func_dialect
from irc.ir import types as T
from irc.ir.core import Block, Operation, Value
from irc.ir.diagnostics import Diagnostic, IRError
from irc.ir.dominance import reverse_postorder
from irc.ir.location import UNKNOWN, Location

I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
STATUS_WORDS = 5  # fault number, three details, stack bytes used by recursive calls
STACK_WORD = 4
STACK_BUDGET = 1 << 21  # bytes of native stack that recursive calls may take (of 8 MiB)
FRAME_ESTIMATE = 512  # bytes charged per recursive call, plus its allocas
ENTRY_PREFIX = "_irc_entry_"
DIALECTS = ("arith", "math", "memref", "control", "vector")

Rule = Callable[["FunctionTranslation", Operation], "list[ir.Value] | None"]
TRANSLATIONS: dict[type, Rule] = {}


def _load_rules() -> None:
    if not TRANSLATIONS:
        for name in DIALECTS:
            TRANSLATIONS.update(importlib.import_module(f"irc.lowering.llvmir.{name}").TRANSLATIONS)


@dataclass
class Fault:
    """A run-time fault compiled code can report: `message` may use `{0}`..`{2}` for the
    details stored beside the fault number."""

    message: str
    location: Location


@dataclass
class EntrySignature:
    """How Python calls the entry wrapper of one function."""

    name: str
    inputs: list[T.Type]
    results: list[T.Type]
    written: list[bool]  # per input: may the function write this memref (or free it)?
    location: Location
    argument_locations: list[Location] = field(default_factory=list)
    slots: tuple = ()  # (input Slots, result Slots) of irc/runtime/abi.py, set by the entry


@dataclass
class Translation:
    module: ir.Module
    faults: list[Fault] = field(default_factory=list)
    entries: dict[str, EntrySignature] = field(default_factory=dict)


def translation_error(op: Operation, message: str) -> IRError:
    return IRError(Diagnostic("error", op.location, message))


# -- types ------------------------------------------------------------------------------------

_FLOATS = {"f16": ir.HalfType(), "f32": ir.FloatType(), "f64": ir.DoubleType()}


def llvm_type(t: T.Type, op: Operation | None = None) -> ir.Type:
    """The LLVM type of values of `t` in registers."""
    if isinstance(t, T.IndexType):
        return I64
    if isinstance(t, T.IntegerType):
        return ir.IntType(t.width)
    if isinstance(t, T.FloatType) and t.name in _FLOATS:
        return _FLOATS[t.name]
    if isinstance(t, T.MemRefType):
        return descriptor_type(t.rank)
    if isinstance(t, T.VectorType) and t.rank == 1 and not any(t.scalable):
        return ir.VectorType(llvm_type(t.element_type, op), t.shape[0])
    if isinstance(t, T.FunctionType):
        return PTR
    where = f"'{op.name}' uses " if op is not None else ""
    raise IRError(
        Diagnostic(
            "error",
            op.location if op is not None else UNKNOWN,
            f"{where}type {t}, which has no LLVM translation (irc translates index, "
            "signless integers, f16/f32/f64, ranked memrefs and 1-D vectors)",
        )
    )


def descriptor_type(rank: int) -> ir.LiteralStructType:
    fields = [PTR, PTR, I64]
    if rank:
        fields += [ir.ArrayType(I64, rank)] * 2
    return ir.LiteralStructType(fields)


def memory_type(t: T.Type, op: Operation | None = None) -> ir.Type:
    """The LLVM type of a value of `t` stored in memory that Python also reads (i1 as i8)."""
    return I8 if t == T.I1 else llvm_type(t, op)


def _function_type(fn_type: T.FunctionType, op: Operation, hidden_status: bool) -> ir.FunctionType:
    results = [llvm_type(t, op) for t in fn_type.results]
    if not results:
        ret = ir.VoidType()
    elif len(results) == 1:
        ret = results[0]
    else:
        ret = ir.LiteralStructType(results)
    params = [llvm_type(t, op) for t in fn_type.inputs]
    return ir.FunctionType(ret, ([PTR] if hidden_status else []) + params)


# -- the module -------------------------------------------------------------------------------


class ModuleTranslation:
    def __init__(self, module: Operation, bounds_checks: bool) -> None:
        _load_rules()
        self.source = module
        self.bounds_checks = bounds_checks
        self.result = Translation(ir.Module(name="irc"))
        self.functions: dict[str, ir.Function] = {}
        self.func_ops: dict[str, func_dialect.FuncOp] = {}

    @property
    def llmod(self) -> ir.Module:
        return self.result.module

    def run(self) -> Translation:
        funcs = []
        for op in self.source.regions[0].ops():
            if isinstance(op, func_dialect.FuncOp):
                funcs.append(op)
                self.declare(op)
            else:
                raise translation_error(op, f"'{op.name}' at module level has no LLVM translation")
        self.recursive = recursive_functions(funcs)
        for op in funcs:
            if not op.is_declaration:
                FunctionTranslation(self, op).run()
                if op.properties.get("sym_visibility") is None:
                    self.add_entry(op)
        return self.result

    def declare(self, op: func_dialect.FuncOp) -> None:
        name = op.sym_name
        external = op.is_declaration
        if external and any(
            not isinstance(t, (T.IntegerType, T.IndexType, T.FloatType))
            for t in (*op.function_type.inputs, *op.function_type.results)
        ):
            raise translation_error(
                op, f"external function '@{name}' must take and return scalars only"
            )
        fn = ir.Function(self.llmod, _function_type(op.function_type, op, not external), name)
        if not external and op.properties.get("sym_visibility") is not None:
            fn.linkage = "internal"
        self.functions[name] = fn
        self.func_ops[name] = op

    def fault(self, message: str, location: Location) -> int:
        self.result.faults.append(Fault(message, location))
        return len(self.result.faults)

    def runtime_function(self, name: str, ret: ir.Type, args: list[ir.Type]) -> ir.Function:
        """A C library function (malloc, free, libm), declared once."""
        found = self.llmod.globals.get(name)
        fnty = ir.FunctionType(ret, args)
        if found is None:
            return ir.Function(self.llmod, fnty, name)
        if name in self.func_ops or found.function_type != fnty:
            raise translation_error(
                self.func_ops.get(name, self.source),
                f"the function name '@{name}' is taken by the C library function that irc "
                "calls; rename the function",
            )
        return found

    def intrinsic(self, name: str, ret: ir.Type, args: list[ir.Type]) -> ir.Function:
        """An LLVM intrinsic by its full name (`llvm.fabs.f32`)."""
        found = self.llmod.globals.get(name)
        return (
            found
            if found is not None
            else ir.Function(self.llmod, ir.FunctionType(ret, args), name)
        )

    def add_entry(self, op: func_dialect.FuncOp) -> None:
        """The wrapper Python calls: arguments and result slots in one C struct."""
        from irc.lowering.llvmir.entry import build_entry, callable_from_python

        for t in (*op.function_type.inputs, *op.function_type.results):
            if not callable_from_python(t):
                raise translation_error(
                    op,
                    f"public function '@{op.sym_name}' takes or returns {t}, which Python "
                    "cannot pass: use scalars (iN up to i64, index, f16/f32/f64) and strided "
                    "memrefs of them, or make the function private",
                )
        signature = EntrySignature(
            op.sym_name,
            list(op.function_type.inputs),
            list(op.function_type.results),
            written_arguments(op),
            op.location,
            [arg.location for arg in op.regions[0].blocks[0].args],
        )
        build_entry(self, self.functions[op.sym_name], signature)
        self.result.entries[op.sym_name] = signature


# -- a function -------------------------------------------------------------------------------


class FunctionTranslation:
    """What a rule sees: the builder, the values translated so far, fault reporting."""

    def __init__(self, module: ModuleTranslation, op: func_dialect.FuncOp) -> None:
        self.module = module
        self.op = op
        self.fn = module.functions[op.sym_name]
        self.status = self.fn.args[0]
        self.values: dict[Value, ir.Value] = {}
        self.blocks: dict[Block, ir.Block] = {}
        self.phis: dict[Block, list[ir.PhiInstr]] = {}
        entry = self.fn.append_basic_block("entry")
        self.allocas = ir.IRBuilder(entry)  # static allocas go first in the entry block
        self.builder = ir.IRBuilder(entry)

    @property
    def bounds_checks(self) -> bool:
        return self.module.bounds_checks

    def run(self) -> None:
        region = self.op.regions[0]
        order = reverse_postorder(region)
        body = self.fn.append_basic_block("body")
        for index, block in enumerate(order):
            llblock = body if index == 0 else self.fn.append_basic_block(f"bb{index}")
            self.blocks[block] = llblock
            if index:
                self.builder.position_at_end(llblock)
                self.phis[block] = [
                    self.builder.phi(llvm_type(arg.type, self.op)) for arg in block.args
                ]
                for arg, phi in zip(block.args, self.phis[block], strict=True):
                    self.values[arg] = phi
        for arg, llarg in zip(order[0].args, self.fn.args[1:], strict=True):
            self.values[arg] = llarg
        self.allocas.position_at_end(self.fn.entry_basic_block)
        self.allocas.branch(body)
        self.allocas.position_at_start(self.fn.entry_basic_block)
        self.builder.position_at_end(body)
        self.stack_on_entry = None
        if self.op.sym_name in self.module.recursive:
            self.stack_on_entry = self._charge_stack()
            self.blocks[order[0]] = self.builder.block  # the fault check split the block
        for block in order:
            self.builder.position_at_end(self.blocks[block])
            for op in block:
                self.translate_op(op)

    def _charge_stack(self) -> ir.Value:
        """Count this call's stack against the budget; a fault when it would overflow."""
        builder = self.builder
        word = builder.gep(self.status, [ir.Constant(I64, STACK_WORD)], source_etype=I64)
        used = builder.load(word, typ=I64)
        frame = FRAME_ESTIMATE + _alloca_bytes(self.op)
        total = builder.add(used, ir.Constant(I64, frame))
        over = builder.icmp_signed(">", total, ir.Constant(I64, STACK_BUDGET))
        self.fault(
            over,
            self.op,
            f"recursion too deep: calls of '@{self.op.sym_name}' would take more than "
            f"{STACK_BUDGET} bytes of stack",
        )
        builder.store(total, word)
        return used

    def release_stack(self) -> None:
        """Before a return: give back what `_charge_stack` took."""
        if self.stack_on_entry is not None:
            word = self.builder.gep(self.status, [ir.Constant(I64, STACK_WORD)], source_etype=I64)
            self.builder.store(self.stack_on_entry, word)

    def translate_op(self, op: Operation) -> None:
        rule = TRANSLATIONS.get(type(op))
        if rule is None:
            hint = " (run convert-scf-to-cf first)" if op.name.startswith("scf.") else ""
            raise translation_error(op, f"'{op.name}' has no translation to LLVM IR{hint}")
        results = rule(self, op)
        for value, llvalue in zip(op.results, results or (), strict=True):
            self.values[value] = llvalue

    # -- helpers for rules ----------------------------------------------------------------

    def value(self, v: Value) -> ir.Value:
        return self.values[v]

    def operands(self, op: Operation) -> list[ir.Value]:
        return [self.values[v] for v in op.operands]

    def type(self, t: T.Type) -> ir.Type:
        return llvm_type(t, self.op)

    def zero_return(self) -> None:
        ret = self.fn.function_type.return_type
        if isinstance(ret, ir.VoidType):
            self.builder.ret_void()
        else:
            self.builder.ret(ir.Constant(ret, None))

    def fault(self, condition: ir.Value, op: Operation, message: str, details=()) -> None:
        """If `condition` holds at run time: record fault `message` at `op` and return."""
        number = self.module.fault(message, op.location)
        builder = self.builder
        with builder.if_then(condition, likely=False):
            slots = [ir.Constant(I64, number), *details]
            for index, value in enumerate(slots):
                if value.type != I64:
                    value = builder.sext(value, I64) if value.type.width < 64 else value
                where = builder.gep(self.status, [ir.Constant(I64, index)], source_etype=I64)
                builder.store(value, where)
            self.zero_return()

    def return_if_faulted(self) -> None:
        """After a call: a fault in the callee ends this function too."""
        word = self.builder.load(self.status, typ=I64)
        with self.builder.if_then(self.builder.icmp_signed("!=", word, ir.Constant(I64, 0))):
            self.zero_return()

    def branch_target(self, block: Block, values: list[ir.Value]) -> ir.Block:
        """An LLVM block that enters `block` with `values` as its arguments: the block
        itself when it has none, else a fresh edge block feeding its phis (so two edges
        from one branch into one block stay distinct)."""
        target = self.blocks[block]
        if not values:
            return target
        builder = self.builder
        saved = builder.block
        edge = self.fn.append_basic_block(f"{target.name}.edge")
        builder.position_at_end(edge)
        builder.branch(target)
        for phi, value in zip(self.phis[block], values, strict=True):
            phi.add_incoming(value, edge)
        builder.position_at_end(saved)
        return edge

    def entry_alloca(self, typ: ir.Type, count: int) -> ir.Value:
        return self.allocas.alloca(typ, ir.Constant(I64, count))


def element_bytes(t: T.ShapedType) -> int:
    """Bytes per element of a memref in memory (index as i64, i1 as a byte)."""
    element = t.element_type
    width = 64 if isinstance(element, T.IndexType) else element.width
    return max(1, (width + 7) // 8)


def _alloca_bytes(func: Operation) -> int:
    return sum(
        op.results[0].type.num_elements * element_bytes(op.results[0].type)
        for op in func.walk()
        if op.name == "memref.alloca" and op.results[0].type.has_static_shape
    )


def recursive_functions(funcs: list[func_dialect.FuncOp]) -> set[str]:
    """Names of the functions that can reach themselves through direct calls."""
    calls = {
        f.sym_name: {op.callee.root for op in f.walk() if op.name == "func.call"} for f in funcs
    }
    found = set()
    for start in calls:
        pending, seen = list(calls[start]), set()
        while pending:
            name = pending.pop()
            if name == start:
                found.add(start)
                break
            if name not in seen:
                seen.add(name)
                pending.extend(calls.get(name, ()))
    return found


def written_arguments(op: func_dialect.FuncOp) -> list[bool]:
    """Per argument: whether the function may write through it (see memref.may_write)."""
    from irc.dialects.memref import may_write

    return [
        isinstance(arg.type, T.MemRefType) and may_write(arg)
        for arg in op.regions[0].blocks[0].args
    ]


def translate_module(module: Operation, *, bounds_checks: bool = False) -> Translation:
    """LLVM IR for a verified module at the loop level (func, cf, arith, math, memref);
    raises `IRError` at the first op it cannot translate."""
    return ModuleTranslation(module, bounds_checks).run()
