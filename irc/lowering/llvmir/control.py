"""LLVM IR for func and cf: calls, returns, branches; block arguments become phis."""

from __future__ import annotations

from llvmlite import ir

from irc.dialects import cf, func
from irc.lowering.llvmir.memref import buffer_root
from irc.lowering.llvmir.threads import GRAIN_ATTR, parallel_call
from irc.lowering.llvmir.translate import FunctionTranslation, translation_error


def _pack(ctx: FunctionTranslation, values: list[ir.Value]) -> ir.Value | None:
    """Several results travel as one struct."""
    if len(values) <= 1:
        return values[0] if values else None
    struct = ir.Constant(ctx.fn.function_type.return_type, None)
    for index, value in enumerate(values):
        struct = ctx.builder.insert_value(struct, value, index)
    return struct


def _unpack(ctx: FunctionTranslation, result: ir.Value, count: int) -> list[ir.Value]:
    if count <= 1:
        return [result] if count else []
    return [ctx.builder.extract_value(result, i) for i in range(count)]


def _return(ctx: FunctionTranslation, op: func.ReturnOp) -> None:
    for operand in op.operands:
        root = buffer_root(operand)
        if getattr(root, "op", None) is not None and root.op.name == "memref.alloca":
            raise translation_error(
                op,
                "returns a memref.alloca buffer, which does not outlive the call; use memref.alloc",
            )
    value = _pack(ctx, ctx.operands(op))
    ctx.release_stack()
    if value is None:
        ctx.builder.ret_void()
    else:
        ctx.builder.ret(value)


def _call(ctx: FunctionTranslation, op: func.CallOp) -> list[ir.Value]:
    if GRAIN_ATTR in op.attributes:  # a range the thread pool may split
        return parallel_call(ctx, op)
    name = op.callee.root
    callee = ctx.module.functions[name]
    internal = not ctx.module.func_ops[name].is_declaration
    args = ([ctx.status] if internal else []) + ctx.operands(op)
    result = ctx.builder.call(callee, args)
    if internal:
        ctx.return_if_faulted()
    return _unpack(ctx, result, len(op.results))


def _br(ctx: FunctionTranslation, op: cf.BranchOp) -> None:
    (dest,) = op.successors
    block = ctx.builder.block
    for phi, value in zip(ctx.phis.get(dest, []), ctx.operands(op), strict=True):
        phi.add_incoming(value, block)
    ctx.builder.branch(ctx.blocks[dest])


def _successor_values(ctx: FunctionTranslation, op, index: int) -> list[ir.Value]:
    return [ctx.value(v) for v in op.successor_operands(index)]


def _cond_br(ctx: FunctionTranslation, op: cf.CondBranchOp) -> None:
    condition = ctx.value(op.operands[0])
    targets = [
        ctx.branch_target(block, _successor_values(ctx, op, index))
        for index, block in enumerate(op.successors)
    ]
    ctx.builder.cbranch(condition, *targets)


def _switch(ctx: FunctionTranslation, op: cf.SwitchOp) -> None:
    flag = ctx.value(op.operands[0])
    targets = [
        ctx.branch_target(block, _successor_values(ctx, op, index))
        for index, block in enumerate(op.successors)
    ]
    switch = ctx.builder.switch(flag, targets[0])
    for value, target in zip(op.case_values(), targets[1:], strict=True):
        switch.add_case(ir.Constant(flag.type, value), target)


def _assert(ctx: FunctionTranslation, op: cf.AssertOp) -> None:
    failed = ctx.builder.not_(ctx.value(op.operands[0]))
    message = op.properties["msg"].value.replace("{", "{{").replace("}", "}}")
    ctx.fault(failed, op, f"assertion failed: {message}")


TRANSLATIONS = {
    func.ReturnOp: _return,
    func.CallOp: _call,
    cf.BranchOp: _br,
    cf.CondBranchOp: _cond_br,
    cf.SwitchOp: _switch,
    cf.AssertOp: _assert,
}
