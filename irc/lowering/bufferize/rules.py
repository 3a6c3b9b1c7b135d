"""The per-op table of one-shot-bufferize: what each tensor op reads, writes and aliases
(MLIR's BufferizableOpInterface: bufferizesToMemoryRead/Write, getAliasingValues) and how
it becomes memref ops.

A row is `Rule(bufferize, reads=, writes=, aliases=)`. `bufferize(op, b)` runs with the
bufferizer `b` placed before `op` and returns one value per result (the buffer of a
tensor result, the replacement of any other result; the op is then erased), or None
when it rewrote the op in place (scf.for, scf.if, func.call, terminators: their rules
are in `control_flow.py`). Rows are found by op class, walking the class's bases, so one
row covers every linalg structured op.
"""

from __future__ import annotations

from irc.dialects import arith, bufferization, func, linalg, memref, scf, tensor
from irc.ir import types as T
from irc.ir.core import Operation, Value

from .common import (
    DYN,
    Rule,
    RuleTable,
    always,
    dynamic_layout_type,
    memref_type,
    never,
    operand_is,
    result_of,
    sizes_in_layout_form,
    view,
)
from .control_flow import (
    bufferize_call,
    bufferize_for,
    bufferize_if,
    bufferize_return,
    bufferize_while,
    bufferize_yield,
    for_aliases,
    while_aliases,
    yield_aliases,
)

# -- creation ---------------------------------------------------------------------------------


def bufferize_empty(op: tensor.EmptyOp, b) -> list:
    """tensor.empty(%n) -> memref.alloc(%n)"""
    return [b.alloc(op.results[0].type, op.operands)]


def bufferize_alloc_tensor(op: bufferization.AllocTensorOp, b) -> list:
    """alloc_tensor(%n) [copy(%t)] -> memref.alloc(%n) [+ memref.copy]"""
    sizes = op.operand_group("dynamic_sizes")
    copy = op.operand_group("copy")
    if copy:
        return [b.copy_of(b.buffer(copy[0]), op.results[0].type)]
    return [b.alloc(op.results[0].type, sizes)]


def bufferize_constant(op: arith.ConstantOp, b) -> list:
    """A dense tensor constant -> memref.alloc + linalg.fill (splat) or one memref.store
    per element (irc has no memref.global)."""
    value = op.properties["value"]
    result_type = op.results[0].type
    element = result_type.element_type
    buffer = b.alloc(result_type, [])
    if value.splat:
        scalar = b.scalar(value.to_array().reshape(-1)[0], element)
        b.create(linalg.FillOp.build([scalar], [buffer], location=op.location))
        return [buffer]
    if value.values.size > b.options.max_constant_elements:
        b.fail(
            op,
            f"'{op.name}' of {value.values.size} elements is not bufferized: irc has no "
            f"memref.global, and constants of more than {b.options.max_constant_elements} "
            "elements would take one store each",
        )
    array = value.to_array()
    for position in _positions(array.shape):
        scalar = b.scalar(array[position], element)
        b.create(memref.StoreOp.build(scalar, buffer, [b.index(i) for i in position]))
    return [buffer]


def _positions(shape) -> list[tuple[int, ...]]:
    positions = [()]
    for size in shape:
        positions = [p + (i,) for p in positions for i in range(size)]
    return positions


def bufferize_from_elements(op: tensor.FromElementsOp, b) -> list:
    """tensor.from_elements %a, %b -> memref.alloc + one memref.store per element"""
    result_type = op.results[0].type
    buffer = b.alloc(result_type, [])
    for value, position in zip(op.operands, _positions(result_type.shape), strict=True):
        b.create(memref.StoreOp.build(value, buffer, [b.index(i) for i in position]))
    return [buffer]


def bufferize_splat(op: tensor.SplatOp, b) -> list:
    """tensor.splat %v[%n] -> memref.alloc(%n) + linalg.fill"""
    buffer = b.alloc(op.results[0].type, op.operands[1:])
    b.create(linalg.FillOp.build([op.operands[0]], [buffer], location=op.location))
    return [buffer]


def _index_value(b, value) -> Value:
    return b.index(value) if isinstance(value, int) else value


def _add(b, lhs, rhs):
    """lhs + rhs on mixed sizes: an int when both are."""
    if isinstance(lhs, int) and isinstance(rhs, int):
        return lhs + rhs
    operands = [_index_value(b, lhs), _index_value(b, rhs)]
    return b.create(arith.AddIOp(operands, [T.INDEX])).result


def _mixed_sizes(b, buffer: Value) -> list:
    """The sizes of `buffer`: ints where its type has them, memref.dim values elsewhere."""
    return [
        size
        if size != T.DYNAMIC
        else b.create(memref.DimOp([buffer, b.index(d)], [T.INDEX])).result
        for d, size in enumerate(buffer.type.shape)
    ]


def _fill_from_body(b, op: Operation, buffer: Value) -> None:
    """Store what `op`'s body (tensor.generate, tensor.pad) yields for each index of
    `buffer`: an scf.for nest with the body inlined."""
    block = op.regions[0].blocks[0]
    place = b.anchor
    inductions = []
    for size in _mixed_sizes(b, buffer):
        loop = b.create(scf.ForOp.build(b.index(0), _index_value(b, size), b.index(1)))
        inductions.append(loop.body.args[0])
        b.before(loop.body.last)
    for arg, induction in zip(block.args, inductions, strict=True):
        arg.replace_all_uses_with(induction)
    moved = [nested.detach() for nested in list(block) if nested is not block.last]
    for nested in moved:
        b.create(nested)
    b.create(memref.StoreOp.build(block.last.operands[0], buffer, inductions))
    for nested in moved:  # the body may read tensors
        b.rewrite(nested)
    b.before(place)


def bufferize_generate(op: tensor.GenerateOp, b) -> list:
    """tensor.generate -> memref.alloc + an scf.for nest storing what the body yields"""
    buffer = b.alloc(op.results[0].type, op.operands)
    _fill_from_body(b, op, buffer)
    return [buffer]


def bufferize_pad(op: tensor.PadOp, b) -> list:
    """tensor.pad -> memref.alloc, filled by the body (an scf.for nest), with the source
    copied into the subview at the low offsets"""
    source = b.buffer(op.operands[0])
    low, high = op.mixed("low"), op.mixed("high")
    sizes = _mixed_sizes(b, source)
    result_type = op.results[0].type
    dynamic = [
        _index_value(b, _add(b, _add(b, lo, size), hi))
        for lo, size, hi, static in zip(low, sizes, high, result_type.shape, strict=True)
        if static == T.DYNAMIC
    ]
    buffer = b.alloc(result_type, dynamic)
    _fill_from_body(b, op, buffer)
    window = subview(b, buffer, low, sizes, [1] * len(sizes))
    b.create(memref.CopyOp([source, window], []))
    return [buffer]


def bufferize_concat(op: tensor.ConcatOp, b) -> list:
    """tensor.concat -> memref.alloc + one memref.copy per input into its subview"""
    axis = op.properties["dim"].value
    sources = [b.buffer(v) for v in op.operands]
    sizes = [_mixed_sizes(b, source) for source in sources]
    result_type = op.results[0].type
    total = sizes[0][axis]
    for more in sizes[1:]:
        total = _add(b, total, more[axis])
    full = list(sizes[0])
    full[axis] = total
    dynamic = [
        _index_value(b, size)
        for size, static in zip(full, result_type.shape, strict=True)
        if static == T.DYNAMIC
    ]
    buffer = b.alloc(result_type, dynamic)
    offset = 0
    for number, (source, shape) in enumerate(zip(sources, sizes, strict=True)):
        if number:
            offset = _add(b, offset, sizes[number - 1][axis])
        offsets = [0] * len(shape)
        offsets[axis] = offset
        window = subview(b, buffer, offsets, shape, [1] * len(shape))
        b.create(memref.CopyOp([source, window], []))
    return [buffer]


# -- elements and sizes -----------------------------------------------------------------------


def bufferize_extract(op: tensor.ExtractOp, b) -> list:
    """tensor.extract %t[%i] -> memref.load %buf[%i]"""
    load = b.create(memref.LoadOp.build(b.buffer(op.operands[0]), op.operands[1:]))
    return [load.result]


def bufferize_dim(op: tensor.DimOp, b) -> list:
    """tensor.dim %t, %c -> memref.dim %buf, %c"""
    dim = b.create(memref.DimOp([b.buffer(op.operands[0]), op.operands[1]], [T.INDEX]))
    return [dim.result]


def bufferize_insert(op: tensor.InsertOp, b) -> list:
    """tensor.insert %v into %t[%i] -> memref.store %v, %buf[%i] (into a copy of %t's
    buffer when the write cannot be in place)"""
    buffer = b.writable(op, 1, read=True)
    b.create(memref.StoreOp.build(op.operands[0], buffer, op.operands[2:]))
    return [buffer]


# -- slices and reshapes ----------------------------------------------------------------------


def _subview(b, source: Value, op: Operation, result_shape) -> Value:
    """memref.subview of `source` with `op`'s offsets, sizes and strides, dropping the
    unit dims `result_shape` leaves out."""
    mixed = [op.mixed(kind) for kind in ("offsets", "sizes", "strides")]
    return subview(b, source, *mixed, dropped=op.dropped_dims())


def subview(b, source: Value, offsets, sizes, strides, dropped=frozenset()) -> Value:
    """memref.subview from mixed lists (ints where static, index values where not), its
    type inferred as MLIR infers it, without the `dropped` unit dims."""
    statics = [
        [v if isinstance(v, int) else DYN for v in values] for values in (offsets, sizes, strides)
    ]
    full = memref.SubViewOp.infer_result_type(source.type, *statics)
    result_type = full
    if dropped:
        layout, offset = memref.strides_and_offset(full)
        kept = [d for d in range(len(full.shape)) if d not in dropped]
        result_type = memref.strided_type(
            [sizes_in_layout_form(full.shape)[d] for d in kept],
            full.element_type,
            [layout[d] for d in kept],
            offset,
            full.memory_space,
        )
    return b.create(memref.SubViewOp.build(source, offsets, sizes, strides, result_type)).result


def bufferize_extract_slice(op: tensor.ExtractSliceOp, b) -> list:
    """tensor.extract_slice -> memref.subview (a write to the slice copies it later)"""
    return [_subview(b, b.buffer(op.operands[0]), op, op.results[0].type.shape)]


def bufferize_insert_slice(op: tensor.InsertSliceOp, b) -> list:
    """tensor.insert_slice %s into %d[...] -> memref.copy %s's buffer into a subview of
    %d's buffer (a copy of it when not in place); no copy when %s already is that window"""
    dest = b.writable(op, 1, read=True)
    source = b.buffer(op.operands[0])
    if not _is_same_subview(source, dest, op):
        window = _subview(b, dest, op, op.operands[0].type.shape)
        b.create(memref.CopyOp([source, window], []))
    return [dest]


def _is_same_subview(source: Value, dest: Value, insert: Operation) -> bool:
    """Whether `source` is a subview of `dest` with `insert`'s window."""
    view_op = getattr(source, "op", None)
    if not isinstance(view_op, memref.SubViewOp) or view_op.operands[0] is not dest:
        return False
    for name in ("static_offsets", "static_sizes", "static_strides"):
        if view_op.properties.get(name) != insert.properties.get(name):
            return False
    return len(view_op.operands) - 1 == len(insert.operands) - 2 and all(
        a is c for a, c in zip(view_op.operands[1:], insert.operands[2:], strict=True)
    )


def bufferize_collapse_shape(op: tensor.CollapseShapeOp, b) -> list:
    """tensor.collapse_shape -> memref.collapse_shape (of an identity copy when the
    source's layout cannot be collapsed)"""
    source = b.buffer(op.operands[0])
    groups = memref.reassociation_groups(op)
    result = op.results[0].type
    if not memref.is_identity_layout(source.type):
        layout = memref.collapsed_layout(source.type, groups)
        if layout is not None:
            result_type = memref.strided_type(
                sizes_in_layout_form(result.shape), result.element_type, *layout, None
            )
            return [_reshape(b, memref.CollapseShapeOp, source, op, result_type)]
        source = b.copy_of(source, op.operands[0].type)
    return [_reshape(b, memref.CollapseShapeOp, source, op, memref_type(result))]


def bufferize_expand_shape(op: tensor.ExpandShapeOp, b) -> list:
    """tensor.expand_shape -> memref.expand_shape"""
    source = b.buffer(op.operands[0])
    groups = memref.reassociation_groups(op)
    result = op.results[0].type
    if not memref.is_identity_layout(source.type):
        layout = memref.expanded_layout(source.type, result.shape, groups)
        if layout is not None:
            result_type = memref.strided_type(
                sizes_in_layout_form(result.shape), result.element_type, *layout, None
            )
            return [_reshape(b, memref.ExpandShapeOp, source, op, result_type)]
        source = b.copy_of(source, op.operands[0].type)
    return [_reshape(b, memref.ExpandShapeOp, source, op, memref_type(result))]


def _reshape(b, cls: type, source: Value, op: Operation, result_type: T.MemRefType) -> Value:
    properties = {k: v for k, v in op.properties.items()}
    reshaped = cls([source, *op.operands[1:]], [result_type], properties)
    return b.create(reshaped).result


def bufferize_cast(op: tensor.CastOp, b) -> list:
    """tensor.cast -> memref.cast (the source's layout, the result's sizes)"""
    source = b.buffer(op.operands[0])
    result = op.results[0].type
    if not isinstance(result, T.TensorType):
        b.fail(op, f"'{op.name}' to an unranked tensor is not bufferized")
    if memref.is_identity_layout(source.type):
        result_type = memref_type(result)
    else:
        result_type = dynamic_layout_type(result)
    if result_type is source.type:
        return [source]
    return [b.create(memref.CastOp([source], [result_type])).result]


# -- linalg -----------------------------------------------------------------------------------


def _linalg_reads(op: linalg.StructuredOp, index: int) -> bool:
    """Inputs are read; an output only when the body uses its element."""
    inputs = len(op.inputs)
    if index < inputs:
        return True
    args = op.regions[0].blocks[0].args if op.regions[0].blocks else []
    return len(args) == len(op.operands) and args[index].has_uses


def _linalg_writes(op: linalg.StructuredOp, index: int) -> bool:
    return index >= len(op.inputs)


def _linalg_aliases(op: linalg.StructuredOp, index: int) -> list[Value]:
    position = index - len(op.inputs)
    return [op.results[position]] if 0 <= position < len(op.results) else []


def bufferize_linalg(op: linalg.StructuredOp, b) -> list:
    """A structured op on tensors -> the same op on memrefs, writing its outs' buffers
    (copies of them where the analysis says so)"""
    inputs = [b.buffer(v) if b.tensor_like(v) else v for v in op.inputs]
    count = len(op.inputs)
    outputs = [
        b.writable(op, count + k, read=_linalg_reads(op, count + k)) for k in range(len(op.outputs))
    ]
    regions, op.regions = op.regions, []
    fresh = type(op)(
        inputs + outputs,
        [],
        dict(op.properties),
        dict(op.attributes),
        regions,
        location=op.location,
    )
    b.create(fresh)
    b.rewrite_regions(fresh)  # a body may read tensors (tensor.extract of a gather)
    b.before(op)
    return outputs


# -- bufferization ------------------------------------------------------------------------------


def bufferize_to_tensor(op: bufferization.ToTensorOp, b) -> list:
    """to_tensor %m -> %m"""
    return [op.operands[0]]


def bufferize_to_buffer(op: bufferization.ToBufferOp, b) -> list:
    """to_buffer %t -> %t's buffer (a copy when it may be written and must not be),
    cast to the result type when the layouts differ"""
    if "read_only" in op.properties:
        buffer = b.buffer(op.operands[0])
    else:
        buffer = b.writable(op, 0, read=True)
    result_type = op.results[0].type
    if buffer.type is not result_type:
        if not memref.cast_compatible(buffer.type, result_type):
            buffer = b.copy_of(buffer, op.operands[0].type)
        if buffer.type is not result_type:
            buffer = b.create(memref.CastOp([buffer], [result_type])).result
    return [buffer]


def bufferize_materialize(op: bufferization.MaterializeInDestinationOp, b) -> list:
    """materialize_in_destination %s in %d -> memref.copy %s's buffer into %d's"""
    source = b.buffer(op.operands[0])
    if isinstance(op.operands[1].type, T.MemRefType):
        dest, results = op.operands[1], []
    else:
        dest = b.writable(op, 1, read=False)
        results = [dest]
    if source is not dest:
        b.create(memref.CopyOp([source, dest], []))
    return results


def bufferize_dealloc_tensor(op: bufferization.DeallocTensorOp, b) -> list:
    """dealloc_tensor -> nothing: the pass frees every buffer it makes"""
    return []


# -- the table ----------------------------------------------------------------------------------

RULES = RuleTable(
    {
        tensor.EmptyOp: Rule(bufferize_empty),
        tensor.SplatOp: Rule(bufferize_splat),
        tensor.FromElementsOp: Rule(bufferize_from_elements),
        tensor.GenerateOp: Rule(bufferize_generate),
        tensor.PadOp: Rule(bufferize_pad),
        tensor.ConcatOp: Rule(bufferize_concat),
        tensor.ExtractOp: Rule(bufferize_extract),
        tensor.DimOp: Rule(bufferize_dim, reads=never),
        tensor.InsertOp: Rule(bufferize_insert, writes=operand_is(1), aliases=result_of(1)),
        tensor.ExtractSliceOp: view(bufferize_extract_slice),
        tensor.InsertSliceOp: Rule(
            bufferize_insert_slice, writes=operand_is(1), aliases=result_of(1)
        ),
        tensor.CollapseShapeOp: view(bufferize_collapse_shape),
        tensor.ExpandShapeOp: view(bufferize_expand_shape),
        tensor.CastOp: view(bufferize_cast),
        arith.ConstantOp: Rule(bufferize_constant),
        linalg.StructuredOp: Rule(
            bufferize_linalg, reads=_linalg_reads, writes=_linalg_writes, aliases=_linalg_aliases
        ),
        bufferization.ToTensorOp: Rule(bufferize_to_tensor),
        bufferization.ToBufferOp: Rule(
            bufferize_to_buffer, writes=lambda op, i: "read_only" not in op.properties
        ),
        bufferization.AllocTensorOp: Rule(bufferize_alloc_tensor),
        bufferization.MaterializeInDestinationOp: Rule(
            bufferize_materialize,
            reads=operand_is(0),
            writes=operand_is(1),
            aliases=lambda op, i: list(op.results) if i == 1 else [],
        ),
        bufferization.DeallocTensorOp: Rule(bufferize_dealloc_tensor, reads=never),
        scf.ForOp: Rule(bufferize_for, writes=lambda op, i: i >= 3, aliases=for_aliases),
        scf.IfOp: Rule(bufferize_if),
        scf.WhileOp: Rule(bufferize_while, writes=always, aliases=while_aliases),
        scf.ConditionOp: Rule(bufferize_yield),
        scf.YieldOp: Rule(bufferize_yield, aliases=yield_aliases),
        func.ReturnOp: Rule(bufferize_return),
        func.CallOp: Rule(bufferize_call),
    }
)
