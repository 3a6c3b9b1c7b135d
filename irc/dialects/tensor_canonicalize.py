"""Canonicalization patterns of the tensor dialect: MLIR's, for the ops irc has them for.

The sizes of tensors that destination-style and empty ops make are known without the
tensors: the size of a linalg result is the size of its out (MLIR's DimOfDestStyleOp),
and a `?` size of a tensor.empty is its size operand (FoldEmptyTensorWithDimOp). With
them, a `tensor.dim` no longer keeps the tensor it measures alive.
"""

from __future__ import annotations

from irc.dialects import linalg, tensor
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import OpResult
from irc.passes.rewrite import PatternRewriter, constant_value, pattern


# tensor.dim(linalg op result #i) -> tensor.dim(its outs #i)
@pattern(tensor.DimOp)
def DimOfDestinationStyleOp(op: tensor.DimOp, rewriter: PatternRewriter) -> bool:
    source = op.operands[0]
    owner = source.op if isinstance(source, OpResult) else None
    if not isinstance(owner, linalg.StructuredOp):
        return rewriter.fail(op, "not the size of a linalg op's result")
    outputs = owner.outputs
    if not all(isinstance(v.type, T.TensorType) for v in outputs):
        return rewriter.fail(op, "the linalg op has memref outs")
    with rewriter.modifying(op):
        op.set_operand(0, outputs[source.index])
    return True


# tensor.dim(tensor.empty(.., %n, ..), k) -> %n, where dimension k is the `?` of %n
@pattern(tensor.DimOp)
def FoldEmptyTensorWithDimOp(op: tensor.DimOp, rewriter: PatternRewriter) -> bool:
    source, index = op.operands
    empty = source.op if isinstance(source, OpResult) else None
    axis = constant_value(getattr(index, "op", None))
    if not isinstance(empty, tensor.EmptyOp) or not isinstance(axis, A.IntegerAttr):
        return rewriter.fail(op, "not the size of a tensor.empty at a constant index")
    shape = source.type.shape
    if not 0 <= axis.value < len(shape) or shape[axis.value] != T.DYNAMIC:
        return rewriter.fail(op, "not a `?` size of the tensor.empty")
    dynamic = shape[: axis.value].count(T.DYNAMIC)
    rewriter.replace_op(op, [empty.operands[dynamic]])
    return True


PATTERNS = [DimOfDestinationStyleOp, FoldEmptyTensorWithDimOp]
