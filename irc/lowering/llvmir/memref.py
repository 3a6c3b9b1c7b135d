"""LLVM IR for memref ops on descriptors (see `translate.py` for their layout).

`Memref` reads a descriptor, preferring what the memref type fixes statically over the
descriptor's fields; every view op builds a new descriptor from those parts. Always
checked, because the alternative is memory corruption: negative or overflowing allocation
sizes, allocation failure, an out-of-range `dim`, shapes that differ in `copy`, a `dealloc`
of a function argument (at translation). With bounds checks on (`bounds_checks=True`),
`load`/`store` indices, `subview` windows and `cast` sizes are checked too.

Buffers from `alloc` come from irc's caching allocator (`_irc_alloc`, declared `noalias
align 64` as LLVM knows malloc, irc/runtime/alloc.py), so vector loads of a row start
aligned; `dealloc` gives them back to it (`_irc_free`). A fresh buffer's allocated and
aligned pointers are the same. `alloca` of a static size lives in the entry block, and one
over `MAX_STACK_BYTES` is refused.
"""

from __future__ import annotations

from llvmlite import ir

from irc.dialects import memref
from irc.ir import types as T
from irc.lowering.llvmir.translate import (
    I1,
    I64,
    PTR,
    FunctionTranslation,
    descriptor_type,
    element_bytes,
    translation_error,
)

DYN = T.DYNAMIC  # a `?` size in a memref type
DYN_LAYOUT = memref.DYN  # a `?` stride or offset in a layout
ALIGNMENT = 64  # what the allocator guarantees
ALLOC_ENTRY, FREE_ENTRY = "_irc_alloc", "_irc_free"  # irc/runtime/alloc.py defines them
MAX_STACK_BYTES = 1 << 20


def i64(value: int) -> ir.Constant:
    return ir.Constant(I64, value)


class Memref:
    """The parts of one memref value: static where its type says so, else loaded from the
    descriptor."""

    def __init__(self, ctx: FunctionTranslation, value: ir.Value, t: T.MemRefType) -> None:
        self.ctx, self.value, self.type = ctx, value, t
        layout = memref.strides_and_offset(t)
        if layout is None:
            layout = ([DYN_LAYOUT] * t.rank, DYN_LAYOUT)
        self.static_strides, self.static_offset = layout

    def _field(self, *path: int) -> ir.Value:
        return self.ctx.builder.extract_value(self.value, list(path))

    @property
    def allocated(self) -> ir.Value:
        return self._field(0)

    @property
    def aligned(self) -> ir.Value:
        return self._field(1)

    def offset(self) -> ir.Value:
        return self._field(2) if self.static_offset == DYN_LAYOUT else i64(self.static_offset)

    def size(self, dim: int) -> ir.Value:
        static = self.type.shape[dim]
        return self._field(3, dim) if static == DYN else i64(static)

    def stride(self, dim: int) -> ir.Value:
        static = self.static_strides[dim]
        return self._field(4, dim) if static == DYN_LAYOUT else i64(static)

    def sizes(self) -> list[ir.Value]:
        return [self.size(d) for d in range(self.type.rank)]

    def strides(self) -> list[ir.Value]:
        return [self.stride(d) for d in range(self.type.rank)]

    def element_type(self) -> ir.Type:
        return self.ctx.type(self.type.element_type)

    def address(self, indices: list[ir.Value]) -> ir.Value:
        """The address of the element at `indices` (i64 values)."""
        builder = self.ctx.builder
        linear = self.offset()
        for dim, index in enumerate(indices):
            linear = builder.add(linear, builder.mul(index, self.stride(dim)))
        return builder.gep(self.aligned, [linear], inbounds=True, source_etype=self.element_type())


def build_descriptor(
    ctx: FunctionTranslation,
    rank: int,
    allocated: ir.Value,
    aligned: ir.Value,
    offset: ir.Value,
    sizes: list[ir.Value],
    strides: list[ir.Value],
) -> ir.Value:
    builder = ctx.builder
    value = ir.Constant(descriptor_type(rank), None)
    value = builder.insert_value(value, allocated, 0)
    value = builder.insert_value(value, aligned, 1)
    value = builder.insert_value(value, offset, 2)
    for dim in range(rank):
        value = builder.insert_value(value, sizes[dim], [3, dim])
        value = builder.insert_value(value, strides[dim], [4, dim])
    return value


def row_major_strides(ctx: FunctionTranslation, sizes: list[ir.Value]) -> list[ir.Value]:
    strides = [i64(1)] * len(sizes)
    for dim in range(len(sizes) - 2, -1, -1):
        strides[dim] = ctx.builder.mul(strides[dim + 1], sizes[dim + 1])
    return strides


def _check_index(ctx: FunctionTranslation, op, index: ir.Value, size: ir.Value, dim: int) -> None:
    out = ctx.builder.icmp_unsigned(">=", index, size)
    ctx.fault(
        out,
        op,
        f"'{op.name}' index {{1}} is out of bounds for dimension {dim} of size {{2}}",
        [index, size],
    )


def _access(ctx: FunctionTranslation, op, memref_value, index_values) -> ir.Value:
    view = Memref(ctx, ctx.value(memref_value), memref_value.type)
    indices = [ctx.value(v) for v in index_values]
    if ctx.bounds_checks:
        for dim, index in enumerate(indices):
            _check_index(ctx, op, index, view.size(dim), dim)
    return view.address(indices)


def _load(ctx: FunctionTranslation, op: memref.LoadOp) -> list[ir.Value]:
    address = _access(ctx, op, op.operands[0], op.operands[1:])
    return [ctx.builder.load(address, typ=ctx.type(op.results[0].type))]


def _store(ctx: FunctionTranslation, op: memref.StoreOp) -> None:
    address = _access(ctx, op, op.operands[1], op.operands[2:])
    ctx.builder.store(ctx.value(op.operands[0]), address)


# -- allocation -------------------------------------------------------------------------------


def _allocation_sizes(ctx: FunctionTranslation, op) -> list[ir.Value]:
    t = op.results[0].type
    if not memref.is_identity_layout(t):
        raise translation_error(op, f"'{op.name}' of a non-identity layout ({t}) is not supported")
    dynamic = iter(ctx.operands(op)[: t.shape.count(DYN)])
    sizes = []
    for dim, static in enumerate(t.shape):
        if static != DYN:
            sizes.append(i64(static))
            continue
        size = next(dynamic)
        negative = ctx.builder.icmp_signed("<", size, i64(0))
        ctx.fault(negative, op, f"'{op.name}' size {{1}} of dimension {dim} is negative", [size])
        sizes.append(size)
    return sizes


def _byte_count(ctx: FunctionTranslation, op, sizes: list[ir.Value], itemsize: int) -> ir.Value:
    """The product of the sizes times the element size, a fault if it overflows i64."""
    builder = ctx.builder
    total, overflow = i64(itemsize), ir.Constant(I1, 0)
    for size in sizes:
        product = builder.smul_with_overflow(total, size)
        total = builder.extract_value(product, 0)
        overflow = builder.or_(overflow, builder.extract_value(product, 1))
    ctx.fault(overflow, op, f"'{op.name}' size in bytes overflows 64 bits")
    return total


def _alloc(ctx: FunctionTranslation, op: memref.AllocOp) -> list[ir.Value]:
    t = op.results[0].type
    builder = ctx.builder
    sizes = _allocation_sizes(ctx, op)
    nbytes = _byte_count(ctx, op, sizes, element_bytes(t))
    allocate = ctx.module.runtime_function(ALLOC_ENTRY, PTR, [I64])
    allocate.return_value.attributes.add("noalias")  # what LLVM knows of malloc
    allocate.return_value.attributes.align = ALIGNMENT
    block = builder.call(allocate, [nbytes])
    failed = builder.icmp_unsigned("==", builder.ptrtoint(block, I64), i64(0))
    ctx.fault(failed, op, f"'{op.name}' could not allocate {{1}} bytes", [nbytes])
    strides = row_major_strides(ctx, sizes)
    return [build_descriptor(ctx, t.rank, block, block, i64(0), sizes, strides)]


def _alloca(ctx: FunctionTranslation, op: memref.AllocaOp) -> list[ir.Value]:
    t = op.results[0].type
    if not t.has_static_shape:
        raise translation_error(
            op, "memref.alloca of a dynamic size is not supported; use memref.alloc"
        )
    count = 1
    for size in t.shape:
        count *= size
    if count * element_bytes(t) > MAX_STACK_BYTES:
        raise translation_error(
            op,
            f"memref.alloca of {count * element_bytes(t)} bytes is too large for the stack "
            f"(at most {MAX_STACK_BYTES}); use memref.alloc",
        )
    buffer = ctx.entry_alloca(ctx.type(t.element_type), max(count, 1))
    sizes = [i64(s) for s in t.shape]
    strides = row_major_strides(ctx, sizes)
    return [build_descriptor(ctx, t.rank, buffer, buffer, i64(0), sizes, strides)]


def _dealloc(ctx: FunctionTranslation, op: memref.DeallocOp) -> None:
    if _base_is_argument(op.operands[0]):
        raise translation_error(
            op,
            "memref.dealloc frees a buffer the caller passed in; only memref.alloc buffers "
            "may be freed",
        )
    view = Memref(ctx, ctx.value(op.operands[0]), op.operands[0].type)
    release = ctx.module.runtime_function(FREE_ENTRY, ir.VoidType(), [PTR])
    ctx.builder.call(release, [view.allocated])


_VIEW_OPS = {
    "memref.subview",
    "memref.cast",
    "memref.collapse_shape",
    "memref.expand_shape",
    "memref.reinterpret_cast",
}


def buffer_root(value):
    """The value whose buffer `value` views: followed back through view ops."""
    while getattr(value, "op", None) is not None and value.op.name in _VIEW_OPS:
        value = value.op.operands[0]
    return value


def _base_is_argument(value) -> bool:
    """Whether `value` is a function argument or a view of one."""
    root = buffer_root(value)
    block = getattr(root, "block", None)
    return block is not None and block.is_entry and block.parent_op.name == "func.func"


# -- shape queries and copies -----------------------------------------------------------------


def _dim(ctx: FunctionTranslation, op: memref.DimOp) -> list[ir.Value]:
    source, index = op.operands
    view = Memref(ctx, ctx.value(source), source.type)
    rank = source.type.rank
    index_value = ctx.value(index)
    if isinstance(index_value, ir.Constant) and 0 <= index_value.constant < rank:
        return [view.size(index_value.constant)]
    builder = ctx.builder
    ctx.fault(
        builder.icmp_unsigned(">=", index_value, i64(rank)),
        op,
        f"'{op.name}' dimension {{1}} is out of range for a memref of rank {rank}",
        [index_value],
    )
    result = i64(0)
    for dim in range(rank):
        chosen = builder.icmp_unsigned("==", index_value, i64(dim))
        result = builder.select(chosen, view.size(dim), result)
    return [result]


def loop_nest(ctx: FunctionTranslation, sizes: list[ir.Value], body) -> None:
    """Run `body(indices)` for every index tuple below `sizes`, row-major."""
    builder = ctx.builder
    if not sizes:
        body([])
        return
    preheader = builder.block
    header = ctx.fn.append_basic_block("copy.loop")
    after = ctx.fn.append_basic_block("copy.done")
    empty = builder.icmp_signed("<=", sizes[0], i64(0))
    builder.cbranch(empty, after, header)
    builder.position_at_end(header)
    index = builder.phi(I64)
    index.add_incoming(i64(0), preheader)
    loop_nest(ctx, sizes[1:], lambda rest: body([index, *rest]))
    following = builder.add(index, i64(1))
    index.add_incoming(following, builder.block)
    builder.cbranch(builder.icmp_signed("<", following, sizes[0]), header, after)
    builder.position_at_end(after)


def _copy(ctx: FunctionTranslation, op: memref.CopyOp) -> None:
    source_value, target_value = op.operands
    source = Memref(ctx, ctx.value(source_value), source_value.type)
    target = Memref(ctx, ctx.value(target_value), target_value.type)
    builder = ctx.builder
    sizes = source.sizes()
    for dim, (a, b) in enumerate(zip(sizes, target.sizes(), strict=True)):
        ctx.fault(
            builder.icmp_signed("!=", a, b),
            op,
            f"'{op.name}' source size {{1}} and target size {{2}} differ in dimension {dim}",
            [a, b],
        )

    def body(indices):
        value = builder.load(source.address(indices), typ=source.element_type())
        builder.store(value, target.address(indices))

    loop_nest(ctx, sizes, body)


# -- views ------------------------------------------------------------------------------------


def _view(ctx, op, source: Memref, offset, sizes, strides) -> list[ir.Value]:
    rank = op.results[0].type.rank
    return [build_descriptor(ctx, rank, source.allocated, source.aligned, offset, sizes, strides)]


def _cast(ctx: FunctionTranslation, op: memref.CastOp) -> list[ir.Value]:
    source = Memref(ctx, ctx.value(op.operands[0]), op.operands[0].type)
    target_type = op.results[0].type
    if not isinstance(target_type, T.MemRefType):
        raise translation_error(op, "casts to unranked memrefs have no LLVM translation")
    if ctx.bounds_checks:
        for dim, static in enumerate(target_type.shape):
            if static != DYN:
                size = source.size(dim)
                ctx.fault(
                    ctx.builder.icmp_signed("!=", size, i64(static)),
                    op,
                    f"'{op.name}' size {{1}} of dimension {dim} is not {static}",
                    [size],
                )
    return _view(ctx, op, source, source.offset(), source.sizes(), source.strides())


def _mixed(ctx: FunctionTranslation, op, kind: str) -> list[ir.Value]:
    return [v if isinstance(v, ir.Value) else i64(v) for v in op.mixed(kind, ctx.operands(op))]


def _subview(ctx: FunctionTranslation, op: memref.SubViewOp) -> list[ir.Value]:
    builder = ctx.builder
    source = Memref(ctx, ctx.value(op.operands[0]), op.operands[0].type)
    offsets, sizes, steps = (_mixed(ctx, op, k) for k in ("offsets", "sizes", "strides"))
    offset = source.offset()
    strides = []
    for dim in range(source.type.rank):
        stride = source.stride(dim)
        offset = builder.add(offset, builder.mul(offsets[dim], stride))
        strides.append(builder.mul(stride, steps[dim]))
        if ctx.bounds_checks:
            _check_window(ctx, op, dim, offsets[dim], sizes[dim], steps[dim], source.size(dim))
    kept = [d for d in range(source.type.rank) if d not in op.dropped_dims()]
    return _view(ctx, op, source, offset, [sizes[d] for d in kept], [strides[d] for d in kept])


def _check_window(ctx, op, dim: int, offset, size, step, extent) -> None:
    """offset + i * step for i < size must lie in [0, extent) (an empty window anywhere
    in [0, extent])."""
    builder = ctx.builder
    last = builder.add(offset, builder.mul(builder.sub(size, i64(1)), step))
    nonempty = builder.icmp_signed(">", size, i64(0))
    bad_start = builder.icmp_unsigned(">", offset, extent)
    out = builder.or_(
        builder.icmp_unsigned(">=", offset, extent), builder.icmp_unsigned(">=", last, extent)
    )
    bad = builder.or_(
        builder.icmp_signed("<", size, i64(0)),
        builder.or_(bad_start, builder.and_(nonempty, out)),
    )
    ctx.fault(
        bad,
        op,
        f"'{op.name}' window of dimension {dim} (offset {{1}}, size {{2}}, stride {{3}}) leaves "
        "the source",
        [offset, size, step],
    )


def _reinterpret_cast(ctx: FunctionTranslation, op: memref.ReinterpretCastOp) -> list[ir.Value]:
    source = Memref(ctx, ctx.value(op.operands[0]), op.operands[0].type)
    (offset,) = _mixed(ctx, op, "offsets")
    return _view(ctx, op, source, offset, _mixed(ctx, op, "sizes"), _mixed(ctx, op, "strides"))


def _collapse_shape(ctx: FunctionTranslation, op: memref.CollapseShapeOp) -> list[ir.Value]:
    """Each group becomes one dimension: sizes multiply, the stride is the innermost one's."""
    builder = ctx.builder
    source = Memref(ctx, ctx.value(op.operands[0]), op.operands[0].type)
    sizes, strides = [], []
    for group in memref.reassociation_groups(op):
        size = i64(1)
        for dim in group:
            size = builder.mul(size, source.size(dim))
        sizes.append(size)
        strides.append(source.stride(group[-1]) if group else i64(1))
    return _view(ctx, op, source, source.offset(), sizes, strides)


def _expand_shape(ctx: FunctionTranslation, op: memref.ExpandShapeOp) -> list[ir.Value]:
    """Each source dimension splits into its group, row-major within the group."""
    builder = ctx.builder
    source = Memref(ctx, ctx.value(op.operands[0]), op.operands[0].type)
    shape = [
        v if isinstance(v, ir.Value) else i64(v) for v in op.mixed_output_shape(ctx.operands(op))
    ]
    strides = [i64(1)] * len(shape)
    for dim, group in enumerate(memref.reassociation_groups(op)):
        running = source.stride(dim)
        for inner in reversed(group):
            strides[inner] = running
            running = builder.mul(running, shape[inner])
        if ctx.bounds_checks:
            total = i64(1)
            for inner in group:
                total = builder.mul(total, shape[inner])
            ctx.fault(
                builder.icmp_signed("!=", total, source.size(dim)),
                op,
                f"'{op.name}' output sizes multiply to {{1}}, not to {{2}}, the size of source "
                f"dimension {dim}",
                [total, source.size(dim)],
            )
    return _view(ctx, op, source, source.offset(), shape, strides)


TRANSLATIONS = {
    memref.LoadOp: _load,
    memref.StoreOp: _store,
    memref.AllocOp: _alloc,
    memref.AllocaOp: _alloca,
    memref.DeallocOp: _dealloc,
    memref.DimOp: _dim,
    memref.CopyOp: _copy,
    memref.CastOp: _cast,
    memref.SubViewOp: _subview,
    memref.ReinterpretCastOp: _reinterpret_cast,
    memref.CollapseShapeOp: _collapse_shape,
    memref.ExpandShapeOp: _expand_shape,
}
