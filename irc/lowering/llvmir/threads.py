"""LLVM IR for a `func.call` marked `irc.parallel_grain` (made by
convert-scf-parallel-to-threads): the callee runs over iteration numbers [lo, hi), its
first two operands, and may be split into sub-ranges run on several threads.

    %frame = alloca {captured values}            (in the entry block)
    store each captured value (every operand after lo and hi) into %frame
    if hi - lo >= 2 * grain:
        _irc_parallel_for(@callee.chunk, %frame, lo, hi, grain, %status)
    else:
        @callee(%status, lo, hi, captured...)    (LLVM may inline this one)
    a fault in any chunk: return, as after any call

With `irc.parallel_max_chunks = m` too (a reduction's slots), the grain is raised to at
least ceil((hi - lo) / m) at run time, so that the range is cut into at most m chunks.

`@callee.chunk(ptr frame, i64 lo, i64 hi, ptr status)` is a trampoline, one per callee,
that loads the captured values back and calls the callee; `_irc_parallel_for` is the
runtime's (irc/runtime/threads.py), resolved when the object code is loaded.
"""

from __future__ import annotations

from llvmlite import ir

from irc.dialects import func
from irc.ir import types as T
from irc.lowering.llvmir.translate import (
    I32,
    I64,
    PTR,
    FunctionTranslation,
    ModuleTranslation,
    translation_error,
)

GRAIN_ATTR = "irc.parallel_grain"  # irc/lowering/parallel_threads.py sets these
MAX_CHUNKS_ATTR = "irc.parallel_max_chunks"
RUNTIME_ENTRY = "_irc_parallel_for"  # irc/runtime/threads.py defines it
CHUNK_SUFFIX = ".chunk"


def _frame_type(callee: ir.Function) -> ir.LiteralStructType:
    """The captured values: every parameter after the status pointer, lo and hi."""
    return ir.LiteralStructType(list(callee.function_type.args[3:]))


def _chunk_function(module: ModuleTranslation, callee: ir.Function) -> ir.Function:
    """`void callee.chunk(ptr frame, i64 lo, i64 hi, ptr status)`, built once per callee."""
    name = callee.name + CHUNK_SUFFIX
    found = module.llmod.globals.get(name)
    if found is not None:
        return found
    chunk = ir.Function(module.llmod, ir.FunctionType(ir.VoidType(), [PTR, I64, I64, PTR]), name)
    chunk.linkage = "internal"
    frame, lo, hi, status = chunk.args
    builder = ir.IRBuilder(chunk.append_basic_block("entry"))
    struct = _frame_type(callee)
    captured = []
    for index, typ in enumerate(struct.elements):
        where = builder.gep(frame, [ir.Constant(I32, 0), ir.Constant(I32, index)],
                            source_etype=struct)  # fmt: skip
        captured.append(builder.load(where, typ=typ))
    builder.call(callee, [status, lo, hi, *captured])
    builder.ret_void()
    return chunk


def _check(ctx: FunctionTranslation, op: func.CallOp) -> None:
    name = op.callee.root
    callee = ctx.module.func_ops[name]
    grain = op.attributes[GRAIN_ATTR]
    problem = None
    if callee.is_declaration:
        problem = f"'@{name}' has no body"
    elif op.results:
        problem = "the call has results"
    elif len(op.operands) < 2 or any(not isinstance(v.type, T.IndexType) for v in op.operands[:2]):
        problem = "its first two operands are not the index range"
    elif not hasattr(grain, "value") or not isinstance(grain.value, int):
        problem = f"'{GRAIN_ATTR}' is not an integer"
    if problem:
        raise translation_error(op, f"a call marked '{GRAIN_ATTR}' must run a range: {problem}")


def _grain(ctx: FunctionTranslation, op: func.CallOp, count: ir.Value) -> ir.Value:
    """The attribute's grain; with `irc.parallel_max_chunks` = m, at least count / m
    rounded up, so that the range is cut into at most m chunks."""
    grain = ir.Constant(I64, max(1, op.attributes[GRAIN_ATTR].value))
    most = op.attributes.get(MAX_CHUNKS_ATTR)
    if most is None:
        return grain
    builder = ctx.builder
    most = ir.Constant(I64, max(1, most.value))
    least = builder.sdiv(builder.add(count, builder.sub(most, ir.Constant(I64, 1))), most)
    return builder.select(builder.icmp_signed(">", least, grain), least, grain)


def parallel_call(ctx: FunctionTranslation, op: func.CallOp) -> list[ir.Value]:
    _check(ctx, op)
    module = ctx.module
    callee = module.functions[op.callee.root]
    lo, hi, *captured = ctx.operands(op)
    struct = _frame_type(callee)
    frame = ctx.entry_alloca(struct, 1)
    builder = ctx.builder
    for index, value in enumerate(captured):
        builder.store(value, builder.gep(frame, [ir.Constant(I32, 0), ir.Constant(I32, index)]))
    grain = _grain(ctx, op, builder.sub(hi, lo))
    runtime = module.runtime_function(RUNTIME_ENTRY, ir.VoidType(), [PTR, PTR, I64, I64, I64, PTR])
    split = builder.icmp_signed(">=", builder.sub(hi, lo), builder.shl(grain, ir.Constant(I64, 1)))
    with builder.if_else(split) as (threads, alone):
        with threads:
            chunk = _chunk_function(module, callee)
            builder.call(
                runtime,
                [chunk, builder.bitcast(frame, PTR), lo, hi, grain, ctx.status],
            )
        with alone:
            builder.call(callee, [ctx.status, lo, hi, *captured])
    ctx.return_if_faulted()
    return []
