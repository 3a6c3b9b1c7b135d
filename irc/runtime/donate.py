"""Donated arguments: a result computed in the buffer of an argument the caller gives up.

`irc.jit(text, "f", donate_argnums=(0,))` (JAX's name and meaning) says that the caller
will not use argument 0's array after the call, so compiled @f may compute a result of
the same type in that array and return the array itself: no new buffer, and no copy. A
result takes the first donated parameter of exactly its type (every size static, as the
per-shape specialization makes them) not taken by an earlier result. Three steps, around
one-shot-bufferize in the JIT's lowering:

1. `mark` (on nn): the donated parameters get `bufferization.writable = true`, so the
   in-place analysis may write their buffers.
2. `reuse` (on linalg on tensors, just before bufferization): when the op computing a
   result is a structured op whose init for it is a `tensor.empty` (directly or through
   a `linalg.fill`), that empty tensor becomes the donated parameter. The analysis then
   decides as for any tensor: in place when nothing reads the parameter after the write
   (an elementwise op may read the element it writes), else a fresh buffer, and the
   result is right either way.
3. `return_in_place` (on memrefs, just after bufferization): the bufferizer returns fresh
   buffers, so a result that ended up in the parameter's buffer is returned as a copy
   made just before `func.return`; that copy goes, and the parameter itself is returned.
   The JIT gives back a view of the caller's array.

Results made otherwise (a scan's stacks, a slice, a result whose init is read) keep
their own buffers: donation is a permission, not a promise.
"""

from __future__ import annotations

from irc.dialects import func as fn
from irc.dialects import linalg, memref, tensor
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import BlockArgument, Operation
from irc.ir.diagnostics import CallError, Diagnostic

WRITABLE = "bufferization.writable"


def mark(module: Operation, donations: dict[str, tuple[int, ...]]) -> None:
    """Step 1: the donated parameters of each function are writable."""
    for name, indices in donations.items():
        func = _function(module, name)
        inputs = func.function_type.inputs
        for index in indices:
            if not 0 <= index < len(inputs) or not isinstance(inputs[index], T.TensorType):
                raise CallError(
                    Diagnostic(
                        "error",
                        func.location,
                        f"donate_argnums: @{name} has no tensor argument {index}",
                        hint="donate tensor arguments only (their numpy arrays)",
                    )
                )
        attrs = []
        for index, entry in enumerate(func.arg_attrs()):
            entries = dict(entry.entries) if isinstance(entry, A.DictionaryAttr) else {}
            if index in indices:
                entries[WRITABLE] = A.IntegerAttr(1, T.I1)  # `true`
            attrs.append(A.DictionaryAttr(entries))
        func.properties["arg_attrs"] = A.ArrayAttr(attrs)


def reuse(module: Operation, donations: dict[str, tuple[int, ...]]) -> None:
    """Step 2: a result's `tensor.empty` init becomes a donated parameter of its type."""
    for name, indices in donations.items():
        func = _function(module, name)
        entry = func.regions[0].blocks[0]
        free = [entry.args[i] for i in indices]
        for block in func.regions[0].blocks:
            ret = block.last
            if not isinstance(ret, fn.ReturnOp):
                continue
            for value in ret.operands:
                donor = next((a for a in free if _fits(a.type, value.type)), None)
                if donor is not None and _write_into(value, donor):
                    free.remove(donor)


def return_in_place(module: Operation, donations: dict[str, tuple[int, ...]]) -> None:
    """Step 3: a returned copy of a donated parameter, made just before the return, is
    the parameter itself."""
    for name, indices in donations.items():
        func = _function(module, name)
        donated = {func.regions[0].blocks[0].args[i] for i in indices}
        for block in func.regions[0].blocks:
            ret = block.last
            if isinstance(ret, fn.ReturnOp):
                # last result first: its copy comes last, and once it is gone the copy
                # of the result before it lies just before the return too
                for index, value in reversed(list(enumerate(ret.operands))):
                    _drop_return_copy(ret, index, value, donated)


# -- helpers ------------------------------------------------------------------------------------


def _function(module: Operation, name: str) -> Operation:
    for op in module.regions[0].blocks[0]:
        if isinstance(op, fn.FuncOp) and op.sym_name == name:
            return op
    raise CallError(Diagnostic("error", module.location, f"donate_argnums: no function @{name}"))


def _fits(donor: T.Type, result: T.Type) -> bool:
    return donor is result and isinstance(donor, T.TensorType) and donor.has_static_shape


def _write_into(value, donor: BlockArgument) -> bool:
    """Make the structured op computing `value` start from `donor`; whether it did."""
    op = getattr(value, "op", None)
    if not isinstance(op, linalg.StructuredOp):
        return False
    user, init = op, op.outputs[value.index]
    maker = getattr(init, "op", None)
    if isinstance(maker, linalg.FillOp) and len(init.uses) == 1:
        user, init = maker, maker.outputs[0]
        maker = getattr(init, "op", None)
    if not isinstance(maker, tensor.EmptyOp) or init.type is not donor.type:
        return False
    # Only this op's use: cse may have merged the empty inits of several results into
    # one tensor.empty, and each of them needs its own buffer.
    for use in list(init.uses):
        if use.owner is user:
            user.set_operand(use.index, donor)
    if not maker.results[0].uses:
        maker.erase()
    return True


def _drop_return_copy(ret: Operation, index: int, value, donated: set) -> None:
    """`%c = memref.alloc; memref.copy %arg, %c; ...; return %c` -> `return %arg` when only
    deallocations of other buffers lie between the copy and the return."""
    alloc = getattr(value, "op", None)
    if not isinstance(alloc, memref.AllocOp) or alloc.parent is not ret.parent:
        return
    users = [use.owner for use in value.uses]
    copies = [u for u in users if isinstance(u, memref.CopyOp) and u.operands[1] is value]
    if len(copies) != 1 or len(users) != 2 or copies[0].parent is not ret.parent:
        return
    copy = copies[0]
    source = copy.operands[0]
    if source not in donated or source.type is not value.type:
        return
    between = copy.next
    while between is not None and between is not ret:
        if not isinstance(between, memref.DeallocOp) or between.operands[0] is source:
            return
        between = between.next
    ret.set_operand(index, source)
    copy.erase()
    alloc.erase()
