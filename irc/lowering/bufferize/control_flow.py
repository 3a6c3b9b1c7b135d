"""One-shot-bufferize rules of the ops that carry tensors across regions and calls:
scf.for, scf.if (and their scf.yield), func.return and func.call. Each rewrites its op in
place (memref operands, iter_args, results) instead of replacing it."""

from __future__ import annotations

from irc.dialects import bufferization, func, memref, scf
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Operation, Value

from .analysis import is_tensor
from .common import dynamic_layout_type, memref_type
from .deallocs import VIEWS


def for_aliases(op: scf.ForOp, index: int) -> list[Value]:
    return [op.results[index - 3]] if index >= 3 else []


def bufferize_for(op: scf.ForOp, b) -> None:
    """scf.for with tensor iter_args -> scf.for with memref iter_args; an init is the
    loop's buffer (copied when the analysis says so); each yield must give the iter_arg's
    own buffer back, or (allow-return-allocs-from-loops) is copied into it."""
    body = op.body
    positions = [k for k, v in enumerate(op.init_args) if b.tensor_like(v)]
    for k in positions:
        buffer = b.writable(op, 3 + k, read=True)
        op.set_operand(3 + k, buffer)
        body.args[1 + k].type = buffer.type
        op.results[k].type = buffer.type
        b.buffers[body.args[1 + k]] = body.args[1 + k]
    b.rewrite_regions(op)
    yield_op = body.last
    pending = []
    for k in positions:
        yielded = yield_op.operands[k]
        buffer = b.buffer(yielded)
        if buffer is body.args[1 + k]:
            yield_op.set_operand(k, buffer)
            continue
        if not b.options.allow_return_allocs_from_loops:
            b.fail(
                yield_op,
                f"Yield operand #{k} is not equivalent to the corresponding iter bbArg",
            )
        pending.append((k, yielded, buffer))
    _copy_back(b, op, yield_op, pending)
    for k in positions:
        b.buffers[op.results[k]] = op.results[k]
    return None


def _copy_back(b, loop: scf.ForOp, yield_op: Operation, pending: list) -> None:
    """Copy each yielded buffer into its iter_arg's buffer, through a temporary when it
    may share memory with an iter_arg (a swap of two iter_args)."""
    if not pending:
        return
    b.before(yield_op)
    iter_args = [a for a in loop.body.args[1:] if isinstance(a.type, T.MemRefType)]
    sources = []
    for _, yielded, buffer in pending:
        shared = any(b.analysis.aliases.same(yielded, a) for a in iter_args)
        sources.append(b.copy_of(buffer, yielded.type) if shared else buffer)
    for (k, _, _), source in zip(pending, sources, strict=True):
        target = loop.body.args[1 + k]
        b.create(memref.CopyOp([source, target], []))
        yield_op.set_operand(k, target)


def bufferize_if(op: scf.IfOp, b) -> None:
    """scf.if with tensor results -> scf.if with memref results. When a branch yields
    memory it allocated, every branch yields a buffer of its own (that memory when it is
    a whole buffer, else a copy) and the result owns it; otherwise the result is one of
    the yielded buffers (cast to a common type)."""
    b.rewrite_regions(op)
    yields = [region.blocks[0].last for region in op.regions if region.blocks]
    for k, result in enumerate(op.results):
        if not is_tensor(result):
            continue
        buffers = [b.buffer(y.operands[k]) for y in yields]
        if any(_holds_memory_of(b, buf, y.parent) for buf, y in zip(buffers, yields, strict=True)):
            target = memref_type(result.type)
            for y, buf in zip(yields, buffers, strict=True):
                b.before(y)
                whole = _defined_in(b.owned_base(buf), y.parent)
                if not whole or not memref.is_identity_layout(buf.type):
                    buf = b.copy_of(buf, result.type)
                if buf.type is not target:
                    buf = b.create(memref.CastOp([buf], [target])).result
                y.set_operand(k, buf)
            b.own(result)
        else:
            types = {buf.type for buf in buffers}
            target = buffers[0].type if len(types) == 1 else dynamic_layout_type(result.type)
            for y, buf in zip(yields, buffers, strict=True):
                b.before(y)
                if buf.type is not target:
                    buf = b.create(memref.CastOp([buf], [target])).result
                y.set_operand(k, buf)
        result.type = target
        b.buffers[result] = result
    return None


def _holds_memory_of(b, buffer: Value, block) -> bool:
    """Whether `buffer` may be (a view of) a buffer allocated in `block`: followed through
    views, scf.for results and the yields of scf.if results that do not own theirs."""
    pending, seen = [buffer], set()
    while pending:
        value = pending.pop()
        if value in seen:
            continue
        seen.add(value)
        op = getattr(value, "op", None)
        if b.owns(value):
            if _defined_in(value, block):
                return True
        elif isinstance(op, scf.ForOp):
            pending.append(op.init_args[value.index])
        elif isinstance(op, scf.IfOp):
            pending.extend(r.blocks[0].last.operands[value.index] for r in op.regions if r.blocks)
        elif isinstance(op, VIEWS):
            pending.append(op.operands[0])
    return False


def _defined_in(value: Value | None, block) -> bool:
    op = getattr(value, "op", None)
    while op is not None:
        if op.parent is block:
            return True
        op = op.parent_op
    return False


def bufferize_yield(op: scf.YieldOp, b) -> None:
    """scf.yield: rewritten by the scf.for or scf.if that owns it"""
    return None


def yield_aliases(op: scf.YieldOp, index: int) -> list[Value]:
    parent = op.parent_op
    return [parent.results[index]] if isinstance(parent, scf.IfOp) else []


def bufferize_return(op: func.ReturnOp, b) -> None:
    """func.return: rewritten with its function's signature"""
    return None


def bufferize_call(op: func.CallOp, b) -> None:
    """func.call -> func.call on buffers (copied where the callee's argument type needs
    another layout); the results are fresh buffers the caller owns. Without function
    boundaries the call keeps its tensors (to_tensor before, to_buffer after)."""
    if not b.options.bufferize_function_boundaries:
        return _call_on_tensors(op, b)
    callee_type = b.function_types.get(op.properties["callee"].root)
    if callee_type is None:
        b.fail(op, f"'{op.name}' on tensors calls a function that is not in the module")
    for index, value in enumerate(op.operands):
        if not b.tensor_like(value):
            continue
        buffer = b.buffer(value)
        wanted = callee_type.inputs[index]
        if buffer.type is not wanted:
            if memref.is_identity_layout(buffer.type) or not memref.is_identity_layout(wanted):
                buffer = b.create(memref.CastOp([buffer], [wanted])).result
            else:
                buffer = b.copy_of(buffer, value.type)
                if buffer.type is not wanted:
                    buffer = b.create(memref.CastOp([buffer], [wanted])).result
        op.set_operand(index, buffer)
    for result, wanted in zip(op.results, callee_type.results, strict=True):
        if is_tensor(result):
            result.type = wanted
            b.buffers[result] = result
            b.own(result)
    return None


def _call_on_tensors(op: func.CallOp, b) -> None:
    for index, value in enumerate(op.operands):
        if is_tensor(value):
            to_tensor = bufferization.ToTensorOp([b.buffer(value)], [value.type])
            op.set_operand(index, b.create(to_tensor).result)
    after = op.next
    for result in op.results:
        if is_tensor(result):
            to_buffer = bufferization.ToBufferOp(
                [], [memref_type(result.type)], {"read_only": A.UNIT}, location=op.location
            )
            op.parent.insert_before(after, to_buffer) if after else op.parent.append(to_buffer)
            to_buffer.set_operands([result])
            b.buffers[result] = to_buffer.results[0]
    return None
