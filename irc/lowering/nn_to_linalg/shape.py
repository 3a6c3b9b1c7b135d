"""nn's shape ops: reshapes as tensor.collapse_shape / expand_shape, squeeze and slices
as tensor.extract_slice, concat and pad as tensor.insert_slice into a new (filled)
tensor, linalg.transpose, generics for broadcast_to, gather and one_hot (linalg.index and
tensor.extract), arith.constant for nn.constant. The kernels' run-time checks on `?`
sizes (counts, bounds, indices in range) become cf.assert."""

from __future__ import annotations

from irc.dialects import arith, linalg, tensor
from irc.dialects.nn import shape as nn
from irc.dialects.nn.common import array_prop, int_prop
from irc.ir import types as T
from irc.lowering.nn_to_linalg.common import DYN, Emit, dims_map, to_i64
from irc.lowering.nn_to_linalg.elementwise import broadcast_results
from irc.lowering.nn_to_linalg.reduce import assert_in_range

# -- helpers ----------------------------------------------------------------------------------


def _product(em: Emit, sizes):
    """The product of mixed sizes: an int when all are static, else an index value."""
    static = 1
    dynamic = []
    for size in sizes:
        if isinstance(size, int):
            static *= size
        else:
            dynamic.append(size)
    if not dynamic:
        return static
    total = dynamic[0]
    for size in dynamic[1:]:
        total = em.binary(arith.MulIOp, total, size)
    return total if static == 1 else em.binary(arith.MulIOp, total, em.index(static))


def _cast(em: Emit, value, result_type):
    if value.type == result_type:
        return value
    return em.insert(tensor.CastOp.build(value, result_type)).results[0]


def _attached_groups(rank: int, extra) -> list[list[int]]:
    """Groups of the `rank` dims of the larger shape, where the dims in `extra` (unit
    dims) join the group of the next other dim, or the last group."""
    groups: list[list[int]] = []
    current: list[int] = []
    for d in range(rank):
        current.append(d)
        if d not in extra:
            groups.append(current)
            current = []
    if current and groups:
        groups[-1].extend(current)
    return groups


def _check_indices(em: Emit, op, indices, size, what: str) -> None:
    message = f"'{op.name}' an index is outside 0..size-1: {what}"
    assert_in_range(em, indices, size, message)


# -- rules ------------------------------------------------------------------------------------


def _constant(em: Emit, op, operands):
    value = op.properties["value"]
    return [em.op(arith.ConstantOp, [], value.type, value=value)]


def reassociation(small, large) -> list[list[int]] | None:
    """Groups of contiguous dims of `large` whose sizes multiply to each size of
    `small` (a `?` matches a lone `?`), trailing 1s joining the last group; None when
    there are none (the reshape then goes through one dimension)."""
    groups: list[list[int]] = []
    j = 0
    for size in small:
        if size == DYN:
            if j >= len(large) or large[j] != DYN:
                return None
            groups.append([j])
            j += 1
            continue
        group, product = [], 1
        while j < len(large) and large[j] != DYN and (product < size or not group):
            group.append(j)
            product *= large[j]
            j += 1
        if product != size or not group:
            return None
        groups.append(group)
    if not groups or any(large[d] != 1 for d in range(j, len(large))):
        return None
    groups[-1].extend(range(j, len(large)))
    return groups


def _reshape(em: Emit, op, operands):
    """One collapse_shape or expand_shape where the sizes group; else flatten and split."""
    (source,) = operands
    target = op.results[0].type
    if source.type == target:
        return [source]
    before, after = source.type.shape, target.shape
    if len(after) < len(before) and (groups := reassociation(after, before)):
        built = tensor.CollapseShapeOp.build(source, groups)
        if built.results[0].type == target:
            return [em.insert(built).results[0]]
    if len(after) > len(before) and (groups := reassociation(before, after)):
        sizes = iter(em.sizes(source))
        output = []
        for group in groups:
            size = next(sizes)
            output.extend(size if after[d] == DYN else after[d] for d in group)
        return [em.insert(tensor.ExpandShapeOp.build(source, groups, output)).results[0]]
    return [_reshape_through_one_dimension(em, op, source, target)]


def _reshape_through_one_dimension(em: Emit, op, source, target):
    """Flatten (collapse_shape), then split (expand_shape) to the result's sizes; a `?`
    result size is the count over the others. Counts that `?` hides are asserted."""
    sizes = em.sizes(source)
    total = _product(em, sizes)
    known = _product(em, [s for s in target.shape if s != DYN])
    unknown = DYN in target.shape
    message = f"'{op.name}' element count does not fit the result shape {target}"
    if not isinstance(total, int):
        if unknown:
            remainder = em.binary(arith.RemUIOp, total, em.index(known))
            em.assert_true(em.cmpi("eq", remainder, em.index(0)), message)
        else:
            em.assert_equal(total, known, message)
    element = source.type.element_type
    if source.type.rank == 0:
        return em.insert(tensor.ExpandShapeOp.build(source, [], list(target.shape))).results[0]
    flat = source
    if source.type.rank > 1:
        flat = em.insert(tensor.CollapseShapeOp.build(source, [list(range(source.type.rank))]))
        flat = flat.results[0]
    if target.rank == 0:
        one = _cast(em, flat, T.TensorType((1,), element))
        return em.insert(tensor.CollapseShapeOp.build(one, [])).results[0]
    if unknown:
        missing = total // known if isinstance(total, int) else None
        if missing is None:
            missing = em.binary(arith.DivUIOp, total, em.index(known))
        flat = _cast(em, flat, T.TensorType((DYN,), element))
        output = [missing if s == DYN else s for s in target.shape]
    else:
        flat = _cast(em, flat, T.TensorType((known,), element))
        output = list(target.shape)
    if target.rank == 1:
        return _cast(em, flat, target)
    groups = [list(range(target.rank))]
    return em.insert(tensor.ExpandShapeOp.build(flat, groups, output)).results[0]


def _broadcast_to(em: Emit, op, operands):
    """A generic reading the operand through a broadcast map; a `?` operand size is
    asserted to be the result's (a run-time 1 is not stretched)."""
    (source,) = operands
    target = op.results[0].type
    offset = target.rank - source.type.rank
    sizes = []
    for d, static in enumerate(target.shape):
        axis = d - offset
        here = em.size(source, axis) if axis >= 0 else 1
        if static == DYN:
            sizes.append(here)
            continue
        sizes.append(static)
        em.assert_equal(
            here, static,
            f"'{op.name}' operand dimension {axis} (size ?) must be {static} "
            "(compiled code does not broadcast a run-time size 1)",
        )  # fmt: skip
    amap = dims_map(target.rank, broadcast_results(source.type.shape, target.shape))
    return [em.map([source], [amap], sizes, target.element_type, lambda e, a: a[0])]


def _transpose(em: Emit, op, operands):
    (source,) = operands
    permutation = array_prop(op, "permutation")
    sizes = em.sizes(source)
    init = em.empty([sizes[p] for p in permutation], source.type.element_type)
    built = linalg.TransposeOp.build(source, init, permutation, em.location)
    return [em.insert(built).results[0]]


def _expand_dims(em: Emit, op, operands):
    (source,) = operands
    target = op.results[0].type
    axes = array_prop(op, "axes")
    sizes = iter(em.sizes(source))
    output = [1 if d in axes else next(sizes) for d in range(target.rank)]
    groups = _attached_groups(target.rank, axes)
    return [em.insert(tensor.ExpandShapeOp.build(source, groups, output)).results[0]]


def _squeeze(em: Emit, op, operands):
    """collapse_shape when the squeezed sizes are static 1s; a rank-reducing
    extract_slice after asserting that `?` ones are 1."""
    (source,) = operands
    target = op.results[0].type
    axes = array_prop(op, "axes")
    if all(source.type.shape[a] != DYN for a in axes):
        groups = _attached_groups(source.type.rank, axes)
        return [em.insert(tensor.CollapseShapeOp.build(source, groups)).results[0]]
    sizes = em.sizes(source)
    for axis in axes:
        em.assert_equal(sizes[axis], 1, f"'{op.name}' dimension {axis} must have size 1")
    slice_sizes = [1 if d in axes else s for d, s in enumerate(sizes)]
    rank = source.type.rank
    built = tensor.ExtractSliceOp.build(source, [0] * rank, slice_sizes, [1] * rank, target)
    return [em.insert(built).results[0]]


def _slice(em: Emit, op, operands):
    (source,) = operands
    starts, sizes, strides = (array_prop(op, n) for n in ("starts", "sizes", "strides"))
    for axis, (start, count, stride) in enumerate(zip(starts, sizes, strides, strict=True)):
        if source.type.shape[axis] != DYN or count == 0:
            continue
        last = em.index(start + (count - 1) * stride)
        inside = em.cmpi("slt", last, em.size(source, axis))
        last_index = start + (count - 1) * stride
        em.assert_true(
            inside, f"'{op.name}' dimension {axis} reads index {last_index}, past its size"
        )
    built = tensor.ExtractSliceOp.build(source, list(starts), list(sizes), list(strides))
    return [_cast(em, em.insert(built).results[0], op.results[0].type)]


def _concat(em: Emit, op, operands):
    """Each operand inserted (tensor.insert_slice) at its offset along the axis."""
    axis = int_prop(op, "axis")
    target = op.results[0].type
    first = em.sizes(operands[0])
    for number, value in enumerate(operands[1:], start=1):
        for d in range(target.rank):
            if d != axis:
                em.assert_equal(
                    em.size(value, d), first[d],
                    f"'{op.name}' operand #{number} dimension {d} must equal operand #0's",
                )  # fmt: skip
    along = [em.size(v, axis) for v in operands]
    total = _add_sizes(em, along)
    sizes = [total if d == axis else first[d] for d in range(target.rank)]
    result = em.empty(sizes, target.element_type)
    offset = 0
    for value, size in zip(operands, along, strict=True):
        value_sizes = em.sizes(value)
        offsets = [offset if d == axis else 0 for d in range(target.rank)]
        built = tensor.InsertSliceOp.build(value, result, offsets, value_sizes, [1] * target.rank)
        result = em.insert(built).results[0]
        offset = _add_sizes(em, [offset, size])
    return [_cast(em, result, target)]


def _add_sizes(em: Emit, sizes):
    if all(isinstance(s, int) for s in sizes):
        return sum(sizes)
    values = [em.size_value(s) for s in sizes]
    total = values[0]
    for value in values[1:]:
        total = em.binary(arith.AddIOp, total, value)
    return total


def _pad(em: Emit, op, operands):
    """The result filled with the value, the operand inserted at offsets `low`."""
    source, value = operands
    low, high = array_prop(op, "low"), array_prop(op, "high")
    sizes = em.sizes(source)
    padded = [_add_sizes(em, [s, a + b]) for s, a, b in zip(sizes, low, high, strict=True)]
    scalar = em.insert(tensor.ExtractOp.build(value, [])).results[0]
    result = em.filled(padded, source.type.element_type, scalar)
    rank = source.type.rank
    built = tensor.InsertSliceOp.build(source, result, list(low), sizes, [1] * rank)
    return [_cast(em, em.insert(built).results[0], op.results[0].type)]


def _gather(em: Emit, op, operands):
    """result[i..., j..., k...] = source[i..., indices[j...], k...]: a generic reading
    the index through its map and the source with tensor.extract."""
    source, indices = operands
    axis = int_prop(op, "axis")
    target = op.results[0].type
    size = em.size(source, axis)
    _check_indices(em, op, indices, size, f"dimension {axis} of the source")
    source_sizes, index_sizes = em.sizes(source), em.sizes(indices)
    sizes = [*source_sizes[:axis], *index_sizes, *source_sizes[axis + 1 :]]
    count = indices.type.rank
    index_map = dims_map(target.rank, range(axis, axis + count))

    def body(e: Emit, args):
        (index,) = args
        loops = [e.loop_index(d) for d in range(target.rank)]
        row = e.op(arith.IndexCastOp, [to_i64(e, index)], T.INDEX)
        where = [*loops[:axis], row, *loops[axis + count :]]
        return e.insert(tensor.ExtractOp.build(source, where)).results[0]

    return [em.map([indices], [index_map], sizes, target.element_type, body)]


def _one_hot(em: Emit, op, operands):
    (indices,) = operands
    depth = int_prop(op, "depth")
    target = op.results[0].type
    element = target.element_type
    _check_indices(em, op, indices, depth, f"the depth is {depth}")
    rank = target.rank
    sizes = [*em.sizes(indices), depth]

    def body(e: Emit, args):
        (index,) = args
        column = e.loop_index(rank - 1)
        hot = e.cmpi("eq", to_i64(e, index), e.op(arith.IndexCastOp, [column], T.I64))
        if isinstance(element, T.IntegerType) and element.width == 1:
            return hot
        one, zero = (e.constant(v, element) for v in (1, 0))
        return e.select(hot, one, zero)

    return [em.map([indices], [dims_map(rank, range(rank - 1))], sizes, element, body)]


RULES = {
    nn.ConstantOp: _constant,
    nn.ReshapeOp: _reshape,
    nn.BroadcastToOp: _broadcast_to,
    nn.TransposeOp: _transpose,
    nn.ExpandDimsOp: _expand_dims,
    nn.SqueezeOp: _squeeze,
    nn.SliceOp: _slice,
    nn.ConcatOp: _concat,
    nn.GatherOp: _gather,
    nn.OneHotOp: _one_hot,
    nn.PadOp: _pad,
}
