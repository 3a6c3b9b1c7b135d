"""Freeing what one-shot-bufferize allocates: one `memref.dealloc` per owned buffer.

An owned buffer is a `memref.alloc` the bufferizer made, the result of an scf.if whose
branches each yield a buffer of their own, or the result of a `func.call` (functions
return fresh buffers that their caller owns). Each is freed right after its last use in
the block that defines it, where the uses of a buffer are those of every value that may
share its memory: views of it (subview, cast, expand/collapse_shape, reinterpret_cast),
the results of an scf.for or scf.while it starts and of an scf.if that yields it without owning it;
a use nested in an op of the block counts as a use by that op.

A buffer that escapes is not freed here: returned by func.return, handed to
`bufferization.to_tensor`, or yielded by an scf.if that owns its results (the if's result
is freed instead). A buffer with a use outside its block's op tree (another block of a
multi-block region) or whose last use is its block's terminator is left alone (it leaks;
the bufferizer never produces either in single-block regions).
"""

from __future__ import annotations

from irc.dialects import bufferization, func, memref, scf
from irc.ir.core import Block, Operation, OpResult, Value

VIEWS = (
    memref.SubViewOp,
    memref.CastOp,
    memref.ExpandShapeOp,
    memref.CollapseShapeOp,
    memref.ReinterpretCastOp,
)
ESCAPES = (func.ReturnOp, bufferization.ToTensorOp)


def insert_deallocs(owned: dict[Value, None]) -> None:
    for buffer in owned:
        if isinstance(buffer, OpResult) and buffer.op.parent is not None:
            _free_after_last_use(buffer, owned)


def _free_after_last_use(buffer: OpResult, owned: dict[Value, None]) -> None:
    block = buffer.op.parent
    last = buffer.op
    pending, seen = [buffer], {buffer}
    while pending:
        value = pending.pop()
        for use in value.uses:
            user = use.owner
            if isinstance(user, ESCAPES):
                return
            for alias in _aliases_through(user, use.index, owned):
                if alias is None:
                    return  # ownership moves to an scf.if result
                if alias not in seen:
                    seen.add(alias)
                    pending.append(alias)
            anchor = _ancestor_in(user, block)
            if anchor is None:
                return
            if last.is_before_in_block(anchor):
                last = anchor
    if last is block.last and last is not buffer.op:
        return
    dealloc = memref.DeallocOp([buffer], [], location=buffer.op.location)
    block.insert_after(last, dealloc)


def _aliases_through(user: Operation, index: int, owned: dict[Value, None]) -> list:
    """Values that share memory with `user`'s operand `index`; None for a hand-over."""
    if isinstance(user, VIEWS) and index == 0:
        return [user.results[0]]
    if isinstance(user, scf.ForOp) and index >= 3:
        return [user.results[index - 3]]
    if isinstance(user, scf.WhileOp):
        return [user.results[index]]
    if isinstance(user, scf.YieldOp) and isinstance(user.parent_op, scf.IfOp):
        result = user.parent_op.results[index]
        return [None] if result in owned else [result]
    return []


def _ancestor_in(op: Operation, block: Block) -> Operation | None:
    while op is not None and op.parent is not block:
        op = op.parent_op
    return op
