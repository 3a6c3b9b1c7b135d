"""Interpreter kernels of the bufferization dialect.

Tensors are numpy arrays with value semantics, memrefs numpy arrays written in place (see
the tensor and memref kernels), so crossing between them copies: `to_tensor` takes a
snapshot of the buffer (later stores to it do not change the tensor), `to_buffer` and
`clone` give a fresh buffer. `restrict`, `writable` and `read_only` are promises to the
bufferization passes and change nothing here. `materialize_in_destination` into a
buffer writes it in place; `dealloc_tensor` does nothing (the tensor's buffer is the
interpreter's business). Shapes that do not fit are located errors naming the op.
"""

from __future__ import annotations

import numpy as np

from irc.dialects import bufferization
from irc.ir import types as T
from irc.runtime.interpreter import InterpreterError, check_result_shape, shape_text
from irc.runtime.kernels import memref as memref_kernels
from irc.runtime.kernels.tensor import result_shape, unspecified


def _check_buffer_shape(array: np.ndarray, result_type: T.Type, op) -> None:
    if isinstance(result_type, T.MemRefType) and (
        len(result_type.shape) != array.ndim
        or any(
            s != T.DYNAMIC and s != actual
            for s, actual in zip(result_type.shape, array.shape, strict=True)
        )
    ):
        raise InterpreterError(
            f"'{op.name}' gives shape {shape_text(array.shape)}, which is not {result_type}", op
        )


def _to_tensor(interp, op: bufferization.ToTensorOp, operands: list) -> list:
    result = np.array(operands[0], copy=True)
    check_result_shape(result, op.results[0].type, op)  # an unranked buffer may be of any rank
    return [result]


def _to_buffer(interp, op: bufferization.ToBufferOp, operands: list) -> list:
    result = np.array(operands[0], copy=True, order="C")
    _check_buffer_shape(result, op.results[0].type, op)
    return [result]


def _clone(interp, op: bufferization.CloneOp, operands: list) -> list:
    copy = np.array(operands[0], copy=True, order="C")
    _check_buffer_shape(copy, op.results[0].type, op)
    # a heap allocation as memref.alloc's, to be freed by memref.dealloc or a dealloc
    memref_kernels.buffer_registry(interp).made.set(copy, "memref.alloc")
    return [copy]


def _dealloc(interp, op: bufferization.DeallocOp, operands: list) -> list:
    """Free each base buffer whose condition holds and that no retained memref shares,
    once; then, per retained memref, whether a memref sharing its buffer had a true
    condition (aliasing as sharing a base buffer)."""
    count = len(op.operand_group("memrefs"))
    memrefs, conditions = operands[:count], operands[count : 2 * count]
    buffers = memref_kernels.buffer_registry(interp)
    kept = [buffers.base(r) for r in operands[2 * count :]]
    freed: list[np.ndarray] = []
    for array, condition in zip(memrefs, conditions, strict=True):
        base = buffers.base(array)
        if condition and not any(base is b for b in kept + freed):
            memref_kernels.deallocate(interp, op, [base])
            freed.append(base)
    owned = [(buffers.base(m), bool(c)) for m, c in zip(memrefs, conditions, strict=True)]
    return [np.bool_(any(c and base is k for base, c in owned)) for k in kept]


def _alloc_tensor(interp, op: bufferization.AllocTensorOp, operands: list) -> list:
    sizes = operands[: len(op.operand_group("dynamic_sizes"))]
    if op.operand_group("copy"):
        return [np.array(operands[len(sizes)], copy=True)]
    if not isinstance(op.results[0].type, T.TensorType):
        raise InterpreterError(f"'{op.name}' of an unranked tensor has no shape to allocate", op)
    return [unspecified(result_shape(op, sizes), op.results[0].type.element_type)]


def _materialize_in_destination(interp, op, operands: list) -> list:
    source, dest = operands
    if source.shape != dest.shape:
        raise InterpreterError(
            f"'{op.name}' stores shape {shape_text(source.shape)} into shape "
            f"{shape_text(dest.shape)}",
            op,
        )
    if not op.results:  # a buffer, written in place
        if not dest.flags.writeable:
            raise InterpreterError(f"'{op.name}' writes to a read-only array", op)
        np.copyto(dest, source)
        return []
    result = np.array(source, copy=True)
    check_result_shape(result, op.results[0].type, op)
    return [result]


def _dealloc_tensor(interp, op: bufferization.DeallocTensorOp, operands: list) -> list:
    return []


KERNELS = {
    bufferization.ToTensorOp: _to_tensor,
    bufferization.ToBufferOp: _to_buffer,
    bufferization.CloneOp: _clone,
    bufferization.AllocTensorOp: _alloc_tensor,
    bufferization.MaterializeInDestinationOp: _materialize_in_destination,
    bufferization.DeallocTensorOp: _dealloc_tensor,
    bufferization.DeallocOp: _dealloc,
}
