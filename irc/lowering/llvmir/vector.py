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

`vector.maskedload`/`vector.maskedstore` are `llvm.masked.load`/`llvm.masked.store`;
`vector.transfer_read`/`vector.transfer_write` of a 1-D vector along the most minor memref
dimension (a minor-identity map) are the same intrinsics under the mask "lane in bounds"
(and the mask operand), reading the padding value where it is off, as the interpreter
does. Their first-lane address is computed without `inbounds`, since it may lie outside
the buffer when lanes are off. With bounds checks on, an enabled lane out of bounds of a
masked op, an index out of bounds in a dimension a transfer does not move, and a lane
out of bounds in a dimension `in_bounds` declares in bounds, are faults with the
interpreter's messages.

Vectors of rank 0 or above 1, i1 or vector elements in memory, transfers on tensors or
through other maps, and shape_cast have no translation yet: they are errors at the op.
"""

from __future__ import annotations

from llvmlite import ir

from irc.dialects import vector
from irc.ir import types as T
from irc.lowering.llvmir.arith import call_intrinsic, type_suffix
from irc.lowering.llvmir.memref import Memref, i64
from irc.lowering.llvmir.translate import (
    I1,
    I32,
    I64,
    PTR,
    FunctionTranslation,
    translation_error,
)

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


# -- masked memory access and transfers ------------------------------------------------------


def _lane_indices(ctx: FunctionTranslation, start: ir.Value, lanes: int) -> ir.Value:
    """`<start, start + 1, ...>` as a vector of i64."""
    steps = ir.Constant(ir.VectorType(I64, lanes), [i64(k) for k in range(lanes)])
    return ctx.builder.add(splat_value(ctx, start, ir.VectorType(I64, lanes)), steps)


def _lanes_inside(ctx: FunctionTranslation, indices: ir.Value, size: ir.Value) -> ir.Value:
    builder = ctx.builder
    vector_type = indices.type
    low = builder.icmp_signed(">=", indices, ir.Constant(vector_type, [i64(0)] * vector_type.count))
    high = builder.icmp_signed("<", indices, splat_value(ctx, size, vector_type))
    return builder.and_(low, high)


def _first_lane_address(ctx: FunctionTranslation, view: Memref, indices) -> ir.Value:
    """The address of the first lane, computed without `inbounds`: it may lie outside
    the buffer when that lane is off."""
    builder = ctx.builder
    linear = view.offset()
    for dim, index in enumerate(indices):
        linear = builder.add(linear, builder.mul(index, view.stride(dim)))
    return builder.gep(view.aligned, [linear], source_etype=view.element_type())


class _Masked:
    """One masked access of `lanes` lanes along the last memref dimension."""

    def __init__(self, ctx: FunctionTranslation, op, memref_value, index_values, lanes: int):
        _check_memory(op, memref_value.type)
        self.ctx, self.op, self.lanes = ctx, op, lanes
        self.view = Memref(ctx, ctx.value(memref_value), memref_value.type)
        if self.view.static_strides[-1] != 1:
            raise translation_error(
                op,
                f"'{op.name}' on {memref_value.type} has no translation to LLVM IR: the most "
                "minor dimension needs a static unit stride",
            )
        self.indices = [ctx.value(v) for v in index_values]
        self.alignment = _alignment(op, memref_value.type)
        last = len(self.indices) - 1
        self.lane_indices = _lane_indices(ctx, self.indices[last], lanes)
        self.inside = _lanes_inside(ctx, self.lane_indices, self.view.size(last))
        self.address = _first_lane_address(ctx, self.view, self.indices)

    def check_enabled(self, enabled: ir.Value) -> None:
        """Bounds checks: a fault when an enabled lane leaves the memref."""
        ctx, builder = self.ctx, self.ctx.builder
        last = len(self.indices) - 1
        any_enabled = call_intrinsic(ctx, "vector.reduce.or", [enabled], I1)
        for dim in range(last):
            index, size = self.indices[dim], self.view.size(dim)
            out = builder.and_(any_enabled, builder.icmp_unsigned(">=", index, size))
            self._fault(out, dim, index, size)
        bad = builder.and_(enabled, builder.not_(self.inside))
        out = call_intrinsic(ctx, "vector.reduce.or", [bad], I1)
        self._fault(out, last, self.first_index(bad), self.view.size(last))

    def first_index(self, lanes: ir.Value) -> ir.Value:
        """The memref index of the first of `lanes` (an i1 vector); the indices grow with
        the lane, so that is their smallest."""
        big = ir.Constant(self.lane_indices.type, [i64((1 << 63) - 1)] * self.lanes)
        chosen = self.ctx.builder.select(lanes, self.lane_indices, big)
        return call_intrinsic(self.ctx, "vector.reduce.smin", [chosen], I64)

    def _fault(self, condition, dim: int, index, size) -> None:
        self.ctx.fault(
            condition,
            self.op,
            f"'{self.op.name}' accesses index {{1}} of dimension {dim}, which has size {{2}}, "
            "in a lane its mask enables",
            [index, size],
        )

    def load(self, mask: ir.Value, passthru: ir.Value) -> ir.Value:
        t = passthru.type
        fn = self.ctx.module.intrinsic(
            f"llvm.masked.load.{type_suffix(t)}.p0", t, [PTR, I32, mask.type, t]
        )
        alignment = ir.Constant(I32, self.alignment)
        return self.ctx.builder.call(fn, [self.address, alignment, mask, passthru])

    def store(self, value: ir.Value, mask: ir.Value) -> None:
        t = value.type
        fn = self.ctx.module.intrinsic(
            f"llvm.masked.store.{type_suffix(t)}.p0", ir.VoidType(), [t, PTR, I32, mask.type]
        )
        alignment = ir.Constant(I32, self.alignment)
        self.ctx.builder.call(fn, [value, self.address, alignment, mask])


def _maskedload(ctx: FunctionTranslation, op: vector.MaskedLoadOp) -> list[ir.Value]:
    base, *indices, mask, passthru = op.operands
    access = _Masked(ctx, op, base, indices, ctx.type(passthru.type).count)
    if ctx.bounds_checks:
        access.check_enabled(ctx.value(mask))
    return [access.load(ctx.value(mask), ctx.value(passthru))]


def _maskedstore(ctx: FunctionTranslation, op: vector.MaskedStoreOp) -> None:
    base, *indices, mask, value = op.operands
    access = _Masked(ctx, op, base, indices, ctx.type(value.type).count)
    if ctx.bounds_checks:
        access.check_enabled(ctx.value(mask))
    access.store(ctx.value(value), ctx.value(mask))


def _transfer(ctx: FunctionTranslation, op, memref_value, vector_type) -> _Masked:
    """The masked access of a 1-D transfer along the last memref dimension, with the
    interpreter's checks of the fixed dimensions and of `in_bounds` (bounds checks on)."""
    source = memref_value.type
    amap = op.properties["permutation_map"].value
    if not isinstance(source, T.MemRefType) or not vector.is_minor_identity(amap):
        raise translation_error(
            op,
            f"'{op.name}' has a translation to LLVM IR only on memrefs along the most minor "
            "dimension (a minor-identity permutation_map)",
        )
    access = _Masked(ctx, op, memref_value, op.operand_group("indices"), vector_type.count)
    if ctx.bounds_checks:
        builder = ctx.builder
        for dim, index in enumerate(access.indices[:-1]):
            size = access.view.size(dim)
            ctx.fault(
                builder.icmp_unsigned(">=", index, size),
                op,
                f"'{op.name}' index {{1}} of dimension {dim}, which has size {{2}}, is out of "
                "bounds (only transferred dimensions may be)",
                [index, size],
            )
        if vector.in_bounds_values(op)[0]:
            _check_in_bounds(ctx, op, access, source.rank - 1)
    return access


def _check_in_bounds(ctx: FunctionTranslation, op, access: _Masked, dim: int) -> None:
    """A lane its mask enables out of bounds, though `in_bounds` says it is not."""
    builder = ctx.builder
    outside = builder.not_(access.inside)
    mask = op.operand_group("mask")
    if mask:
        outside = builder.and_(outside, ctx.value(mask[0]))
    first = access.first_index(outside)
    ctx.fault(
        call_intrinsic(ctx, "vector.reduce.or", [outside], I1),
        op,
        f"'{op.name}' lane [{{1}}] reads index {{2}} of dimension {dim}, which has size {{3}}, "
        "though in_bounds says it is in bounds",
        [builder.sub(first, access.indices[-1]), first, access.view.size(dim)],
    )


def _transfer_mask(ctx: FunctionTranslation, op, access: _Masked) -> ir.Value:
    mask = op.operand_group("mask")
    inside = access.inside
    return ctx.builder.and_(inside, ctx.value(mask[0])) if mask else inside


def _transfer_read(ctx: FunctionTranslation, op: vector.TransferReadOp) -> list[ir.Value]:
    result = ctx.type(op.results[0].type)
    access = _transfer(ctx, op, op.operands[0], result)
    padding = splat_value(ctx, ctx.value(op.operand_group("padding")[0]), result)
    return [access.load(_transfer_mask(ctx, op, access), padding)]


def _transfer_write(ctx: FunctionTranslation, op: vector.TransferWriteOp) -> None:
    value = ctx.value(op.operands[0])
    access = _transfer(ctx, op, op.operands[1], value.type)
    access.store(value, _transfer_mask(ctx, op, access))


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
    vector.MaskedLoadOp: _maskedload,
    vector.MaskedStoreOp: _maskedstore,
    vector.TransferReadOp: _transfer_read,
    vector.TransferWriteOp: _transfer_write,
    vector.BroadcastOp: _broadcast,
    vector.ExtractOp: _extract,
    vector.InsertOp: _insert,
    vector.FMAOp: _fma,
    vector.ReductionOp: _reduction,
}
