"""LLVM IR for vector ops on 1-D vectors (LLVM's `<n x T>`).

`vector.load`/`vector.store` are LLVM vector loads and stores at the address of their
first lane: the memref descriptor's aligned pointer plus the linearized index, as for
`memref.load` (the verifier guarantees a unit stride in the most minor dimension, so the
lanes are contiguous). They are aligned to one element unless `alignment` says more. With
bounds checks on, every lane is checked, with the interpreter's message.

`vector.broadcast` of a scalar or a one-lane vector is a splat (insertelement, then a
zero shufflevector), `vector.fma` is `llvm.fma`, `vector.extract`/`vector.insert` of one
element are extractelement/insertelement (a dynamic position out of range is a fault with
bounds checks on; MLIR makes it poison). `vector.reduction` uses LLVM's ordered
reductions (`llvm.vector.reduce.fadd` from -0.0 or the accumulator, so the sum runs left
to right as in the interpreter), the integer `llvm.vector.reduce.*`, and for float
minima and maxima a left-to-right chain of the scalar intrinsic the interpreter mirrors.

Vectors of rank 0 or above 1, i1 or vector elements in memory, and maskedload/maskedstore,
transfer_read/transfer_write and shape_cast have no translation yet: they are errors at
the op.
"""

from __future__ import annotations

from llvmlite import ir

from irc.dialects import vector
from irc.ir import types as T
from irc.lowering.llvmir.arith import call_intrinsic
from irc.lowering.llvmir.memref import Memref, i64
from irc.lowering.llvmir.translate import I32, FunctionTranslation, translation_error

# -- memory -----------------------------------------------------------------------------------


def _check_memory(op, memref_type: T.MemRefType) -> None:
    element = memref_type.element_type
    if isinstance(element, T.VectorType) or element is T.I1:
        raise translation_error(
            op,
            f"'{op.name}' on {memref_type} has no translation to LLVM IR (i1 or vector elements)",
        )


def _check_lanes(ctx: FunctionTranslation, op, view: Memref, indices, lanes: int) -> None:
    """Each index within its dimension; the last runs `lanes` elements from its start."""
    builder = ctx.builder
    last_dim = len(indices) - 1
    for dim, start in enumerate(indices):
        count = lanes if dim == last_dim else 1
        last = builder.add(start, i64(count - 1))
        size = view.size(dim)
        out = builder.or_(
            builder.icmp_signed("<", start, i64(0)), builder.icmp_signed(">=", last, size)
        )
        ctx.fault(
            out,
            op,
            f"'{op.name}' accesses indices {{1}} to {{2}} of dimension {dim}, which has size {{3}}",
            [start, last, size],
        )


def _lane_address(ctx: FunctionTranslation, op, memref_value, index_values, lanes: int):
    _check_memory(op, memref_value.type)
    view = Memref(ctx, ctx.value(memref_value), memref_value.type)
    indices = [ctx.value(v) for v in index_values]
    if ctx.bounds_checks:
        _check_lanes(ctx, op, view, indices, lanes)
    return view.address(indices)


def _alignment(op, memref_type: T.MemRefType) -> int:
    attr = op.properties.get("alignment")
    element = memref_type.element_type
    width = 64 if isinstance(element, T.IndexType) else element.width
    return attr.value if attr is not None else max(1, width // 8)


def _load(ctx: FunctionTranslation, op: vector.LoadOp) -> list[ir.Value]:
    memref_value = op.operands[0]
    result = ctx.type(op.results[0].type)
    address = _lane_address(ctx, op, memref_value, op.operands[1:], result.count)
    load = ctx.builder.load(address, typ=result, align=_alignment(op, memref_value.type))
    return [load]


def _store(ctx: FunctionTranslation, op: vector.StoreOp) -> None:
    value, memref_value = op.operands[0], op.operands[1]
    llvalue = ctx.value(value)
    address = _lane_address(ctx, op, memref_value, op.operands[2:], llvalue.type.count)
    ctx.builder.store(llvalue, address, align=_alignment(op, memref_value.type))


# -- building and taking apart vectors --------------------------------------------------------


def splat_value(ctx: FunctionTranslation, scalar: ir.Value, t: ir.VectorType) -> ir.Value:
    builder = ctx.builder
    first = builder.insert_element(ir.Constant(t, ir.Undefined), scalar, ir.Constant(I32, 0))
    mask = ir.Constant(ir.VectorType(I32, t.count), [ir.Constant(I32, 0)] * t.count)
    return builder.shuffle_vector(first, ir.Constant(t, ir.Undefined), mask)


def _broadcast(ctx: FunctionTranslation, op: vector.BroadcastOp) -> list[ir.Value]:
    source = ctx.value(op.operands[0])
    result = ctx.type(op.results[0].type)
    source_type = op.operands[0].type
    if isinstance(source_type, T.VectorType):
        if source_type is op.results[0].type:
            return [source]
        ctx.type(source_type)  # a vector of rank 0 or above 1 is an error here
        source = ctx.builder.extract_element(source, ir.Constant(I32, 0))
    return [splat_value(ctx, source, result)]


def _one_position(ctx: FunctionTranslation, op) -> ir.Value | None:
    """The lane of a 1-D extract/insert, checked with bounds checks on; None for an
    empty position (the whole vector)."""
    position = op.position(ctx.operands(op))
    if not position:
        return None
    (index,) = position
    if isinstance(index, int):
        if index == vector.POISON_INDEX:
            raise translation_error(op, f"'{op.name}' at the poison position -1")
        return ir.Constant(I32, index)
    size = op.operands[0 if isinstance(op, vector.ExtractOp) else 1].type.shape[0]
    if ctx.bounds_checks:
        out = ctx.builder.icmp_unsigned(">=", index, i64(size))
        ctx.fault(
            out,
            op,
            f"'{op.name}' position {{1}} is out of bounds for dimension 0 of size {size} (the "
            "result is poison)",
            [index],
        )
    return index


def _extract(ctx: FunctionTranslation, op: vector.ExtractOp) -> list[ir.Value]:
    source = ctx.value(op.operands[0])
    ctx.type(op.operands[0].type)
    lane = _one_position(ctx, op)
    return [source if lane is None else ctx.builder.extract_element(source, lane)]


def _insert(ctx: FunctionTranslation, op: vector.InsertOp) -> list[ir.Value]:
    value, dest = ctx.value(op.operands[0]), ctx.value(op.operands[1])
    ctx.type(op.operands[1].type)
    lane = _one_position(ctx, op)
    return [value if lane is None else ctx.builder.insert_element(dest, value, lane)]


# -- arithmetic -------------------------------------------------------------------------------


def _fma(ctx: FunctionTranslation, op: vector.FMAOp) -> list[ir.Value]:
    return [call_intrinsic(ctx, "fma", ctx.operands(op))]


_INTEGER_REDUCE = {
    "add": ("add", "add"),
    "mul": ("mul", "mul"),
    "and": ("and", "and_"),
    "or": ("or", "or_"),
    "xor": ("xor", "xor"),
    "maxsi": ("smax", None),
    "minsi": ("smin", None),
    "maxui": ("umax", None),
    "minui": ("umin", None),
}
_FLOAT_CHAIN = {
    "maximumf": "maximum",
    "minimumf": "minimum",
    "maxnumf": "maxnum",
    "minnumf": "minnum",
    "maximumnumf": "maximumnum",
    "minimumnumf": "minimumnum",
}


def _integer_reduction(ctx: FunctionTranslation, kind: str, values, acc):
    reduce_name, combine = _INTEGER_REDUCE[kind]
    element = values.type.element
    total = call_intrinsic(ctx, f"vector.reduce.{reduce_name}", [values], element)
    if acc is None:
        return total
    if combine is not None:
        return getattr(ctx.builder, combine)(acc, total)
    return call_intrinsic(ctx, reduce_name, [acc, total])


def _float_reduction(ctx: FunctionTranslation, op, kind: str, values, acc):
    builder = ctx.builder
    element = values.type.element
    if kind in ("add", "mul"):
        start = acc if acc is not None else ir.Constant(element, -0.0 if kind == "add" else 1.0)
        name = f"vector.reduce.f{kind}"
        fn = ctx.module.intrinsic(
            f"llvm.{name}.v{values.type.count}{_suffix(element)}", element, [element, values.type]
        )
        return builder.call(fn, [start, values])
    intrinsic = _FLOAT_CHAIN[kind]
    lanes = [builder.extract_element(values, ir.Constant(I32, k)) for k in range(values.type.count)]
    items = lanes if acc is None else [acc, *lanes]
    total = items[0]
    for item in items[1:]:
        total = call_intrinsic(ctx, intrinsic, [total, item])
    return total


def _suffix(t: ir.Type) -> str:
    return {"half": "f16", "float": "f32", "double": "f64"}[str(t)]


def _reduction(ctx: FunctionTranslation, op: vector.ReductionOp) -> list[ir.Value]:
    values, *rest = ctx.operands(op)
    acc = rest[0] if rest else None
    kind = op.properties["kind"].kind
    ctx.type(op.operands[0].type)
    if isinstance(op.results[0].type, T.FloatType):
        return [_float_reduction(ctx, op, kind, values, acc)]
    return [_integer_reduction(ctx, kind, values, acc)]


TRANSLATIONS = {
    vector.LoadOp: _load,
    vector.StoreOp: _store,
    vector.BroadcastOp: _broadcast,
    vector.ExtractOp: _extract,
    vector.InsertOp: _insert,
    vector.FMAOp: _fma,
    vector.ReductionOp: _reduction,
}
