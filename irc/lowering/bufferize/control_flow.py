"""One-shot-bufferize rules of the ops that carry tensors across regions and calls:
scf.for, scf.while, scf.if (and their scf.yield, scf.condition), func.return and
func.call. Each rewrites its op in place (memref operands, iter_args, results) instead of
replacing it."""

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
    pending = _not_given_back(b, yield_op, 0, body.args[1:], positions, "Yield operand")
    _copy_back(b, body.args[1:], yield_op, 0, pending)
    for k in positions:
        b.buffers[op.results[k]] = op.results[k]
    return None


def _not_given_back(b, terminator, first: int, targets, positions, what: str) -> list:
    """The values `terminator` passes on (operands from `first`) whose buffer is not
    their target's: MLIR's error, or (allow-return-allocs-from-loops) the copies to make."""
    pending = []
    for k in positions:
        value = terminator.operands[first + k]
        buffer = b.buffer(value)
        if buffer is targets[k]:
            terminator.set_operand(first + k, buffer)
            continue
        if not b.options.allow_return_allocs_from_loops:
            b.fail(terminator, f"{what} #{k} is not equivalent to the corresponding iter bbArg")
        pending.append((k, value, buffer))
    return pending


def _copy_back(b, targets, terminator: Operation, first: int, pending: list) -> None:
    """Copy each passed-on buffer into its target (the iter_arg's buffer) and pass the
    target instead, through a temporary when the buffer may share memory with a target
    (a swap of two iter_args)."""
    if not pending:
        return
    b.before(terminator)
    sources = []
    for _, value, buffer in pending:
        shared = any(b.analysis.aliases.same(value, t) for t in targets if t in b.buffers)
        sources.append(b.copy_of(buffer, value.type) if shared else buffer)
    for (k, _, _), source in zip(pending, sources, strict=True):
        b.create(memref.CopyOp([source, targets[k]], []))
        terminator.set_operand(first + k, targets[k])


# -- scf.while --------------------------------------------------------------------------------


def while_aliases(op: scf.WhileOp, index: int) -> list[Value]:
    return [op.results[index]] if index < len(op.results) else []


def _while_problem(op: scf.WhileOp) -> str | None:
    """Why irc cannot bufferize this scf.while: each tensor must go through the before
    arguments, the condition, the after arguments and the results in the same position."""
    before, after = op.regions[0].blocks[0], op.regions[1].blocks[0]
    condition = before.last
    count = len(op.operands)
    if not (len(before.args) == len(after.args) == len(op.results) == count):
        return "its regions and results do not take one value per init"
    if len(condition.operands) - 1 != count:
        return "its scf.condition does not forward one value per init"
    for k in range(count):
        kinds = {
            type(v.type)
            for v in (before.args[k], condition.operands[1 + k], after.args[k], op.results[k])
        }
        if T.TensorType in kinds and len(kinds) > 1:
            return f"value #{k} is not a tensor everywhere"
    return None


def bufferize_while(op: scf.WhileOp, b) -> None:
    """scf.while with tensors -> scf.while on memrefs: each tensor init is the loop's
    buffer (copied when the analysis says so), and the condition and the after region must
    pass that buffer on (or, with allow-return-allocs-from-loops, are copied into it)."""
    problem = _while_problem(op)
    if problem is not None:
        b.fail(op, f"'{op.name}' is not bufferized: {problem}")
    before, after = op.regions[0].blocks[0], op.regions[1].blocks[0]
    positions = [k for k, v in enumerate(op.operands) if b.tensor_like(v)]
    for k in positions:
        buffer = b.writable(op, k, read=True)
        op.set_operand(k, buffer)
        for value in (before.args[k], after.args[k], op.results[k]):
            value.type = buffer.type
            b.buffers[value] = value
    b.rewrite_regions(op)
    condition = before.last
    pending = _not_given_back(b, condition, 1, before.args, positions, "Condition arg")
    _copy_back(b, before.args, condition, 1, pending)
    yield_op = after.last
    pending = _not_given_back(b, yield_op, 0, after.args, positions, "Yield operand")
    _copy_back(b, after.args, yield_op, 0, pending)
    return None


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
        elif isinstance(op, scf.WhileOp):
            pending.append(op.operands[value.index])
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
    """scf.yield, scf.condition: rewritten by the loop or scf.if that owns them"""
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
