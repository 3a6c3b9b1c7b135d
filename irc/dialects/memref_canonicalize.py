"""Canonicalization of the memref dialect, as MLIR's (iree-base-compiler 3.13).

MLIR's memref folds are written here as patterns that come first (benefit FOLD), since
irc has no memref folders: `memref.dim` of a static size is a constant and of an alloc's
dynamic size that size; load, store, dealloc and dim look through a `memref.cast`.
The canonicalization patterns proper:

- an alloc (or alloca) only stored into and deallocated is erased, with those uses;
- an alloc with constant dynamic sizes allocates the static type, cast back;
- a copy from a buffer to itself is erased.
"""

from __future__ import annotations

from irc.dialects import arith, memref
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.opdef import SEGMENT_SIZES
from irc.passes.rewrite import constant_value, pattern

FOLD = 100  # MLIR folds before it tries patterns


def _index_constant(value) -> int | None:
    attr = constant_value(getattr(value, "op", None))
    return attr.value if isinstance(attr, A.IntegerAttr) else None


# -- folds --------------------------------------------------------------------------------------


@pattern(memref.DimOp, benefit=FOLD, name="DimOpFold")
def fold_dim(op, rewriter) -> bool:
    """dim(m : static size) -> constant; dim(alloc(sizes) : ?) -> the size; dim(cast(m))
    -> dim(m)."""
    source, index_value = op.operands
    index = _index_constant(index_value)
    source_type = source.type
    if index is None or not isinstance(source_type, T.MemRefType):
        return rewriter.fail(op, "the index is not a constant, or the memref is unranked")
    if not 0 <= index < len(source_type.shape):
        return rewriter.fail(op, "the index is out of bounds")
    size = source_type.shape[index]
    if size != T.DYNAMIC:
        constant = rewriter.create(
            arith.ConstantOp, [], [T.INDEX], {"value": A.IntegerAttr(size, T.INDEX)}
        )
        rewriter.replace_op(op, constant.results)
        return True
    owner = getattr(source, "op", None)
    if isinstance(owner, (memref.AllocOp, memref.AllocaOp)):
        position = sum(1 for s in source_type.shape[:index] if s == T.DYNAMIC)
        rewriter.replace_op(op, [owner.operand_group("dynamicSizes")[position]])
        return True
    return _through_casts(op, rewriter, skip=())


def _through_casts(op, rewriter, skip=()) -> bool:
    """MLIR's foldMemRefCast: operands that are `memref.cast`s of ranked memrefs become
    the cast's source, in place."""
    changed = False
    for use in op.operand_uses:
        cast = getattr(use.value, "op", None)
        if (
            isinstance(cast, memref.CastOp)
            and use.value not in skip
            and isinstance(cast.operands[0].type, T.MemRefType)
        ):
            with rewriter.modifying(op):
                use.set(cast.operands[0])
            changed = True
    return changed or rewriter.fail(op, "no operand is a memref.cast")


def _cast_fold(op_class, name: str, skip_value: bool = False):
    def fold(op, rewriter) -> bool:
        return _through_casts(op, rewriter, skip=(op.operands[0],) if skip_value else ())

    fold.__doc__ = f"{op_class.name}(cast(m)) -> {op_class.name}(m), in place."
    return pattern(op_class, benefit=FOLD, name=name)(fold)


# -- allocations --------------------------------------------------------------------------------


def _only_stored_into_or_freed(alloc) -> bool:
    for use in alloc.results[0].uses:
        user = use.owner
        if isinstance(user, memref.StoreOp):
            if user.operands[0] is alloc.results[0]:  # the buffer is the stored value
                return False
        elif not isinstance(user, memref.DeallocOp):
            return False
    return True


def _simplify_dead_alloc(op, rewriter) -> bool:
    """An allocation only stored into and deallocated is erased, with those uses."""
    if not _only_stored_into_or_freed(op):
        return rewriter.fail(op, "the buffer is read or escapes")
    for use in reversed(list(op.results[0].uses)):
        rewriter.erase_op(use.owner)
    rewriter.erase_op(op)
    return True


def _simplify_alloc_const(op, rewriter) -> bool:
    """alloc(%c4) : memref<?xf32> -> cast(alloc() : memref<4xf32>)."""
    sizes = op.operand_group("dynamicSizes")
    constants = [_index_constant(v) for v in sizes]
    if not any(c is not None and c >= 0 for c in constants):
        return rewriter.fail(op, "no dynamic size is a constant")
    old_type = op.results[0].type
    shape, kept, position = [], [], 0
    for size in old_type.shape:
        if size != T.DYNAMIC:
            shape.append(size)
            continue
        constant = constants[position]
        if constant is not None and constant >= 0:
            shape.append(constant)
        else:
            shape.append(T.DYNAMIC)
            kept.append(sizes[position])
        position += 1
    new_type = T.MemRefType(shape, old_type.element_type, old_type.layout, old_type.memory_space)
    symbols = op.operand_group("symbolOperands")
    properties = dict(op.properties)
    properties[SEGMENT_SIZES] = A.DenseArrayAttr(T.I32, [len(kept), len(symbols)])
    fresh = rewriter.create(type(op), [*kept, *symbols], [new_type], properties)
    cast = rewriter.create(memref.CastOp, fresh.results, [old_type])
    rewriter.replace_op(op, cast.results)
    return True


def _alloc_patterns(op_class) -> list:
    return [
        pattern(op_class, name="SimplifyAllocConst")(_simplify_alloc_const),
        pattern(op_class, name="SimplifyDeadAlloc")(_simplify_dead_alloc),
    ]


@pattern(memref.CopyOp, name="FoldSelfCopy")
def fold_self_copy(op, rewriter) -> bool:
    """copy(m, m) does nothing."""
    if op.operands[0] is not op.operands[1]:
        return rewriter.fail(op, "source and target differ")
    rewriter.erase_op(op)
    return True


PATTERNS = [
    fold_dim,
    _cast_fold(memref.LoadOp, "LoadOpFold"),
    _cast_fold(memref.StoreOp, "StoreOpFold", skip_value=True),
    _cast_fold(memref.DeallocOp, "DeallocOpFold"),
    *_alloc_patterns(memref.AllocOp),
    *_alloc_patterns(memref.AllocaOp),
    fold_self_copy,
]
