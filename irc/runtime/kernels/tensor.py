"""Interpreter kernels of the tensor dialect.

A tensor value is a numpy array with value semantics: no kernel writes into an operand,
and ops that change elements (`insert`, `insert_slice`, `pad`) return a new array.
Reshapes and casts may return views, which is safe because nothing writes through them
(`bufferization.to_buffer` copies).

`tensor.empty` holds floats NaN and integers 0: MLIR leaves its contents unspecified, and
NaN makes a read of them show up in the results. Run-time faults are located errors
naming the op: an index or a slice out of bounds, a `dim` beyond the rank, sizes that do
not fit the static type or do not multiply to the source's, a negative size or padding.
"""

from __future__ import annotations

import numpy as np

from irc.dialects import memref, tensor
from irc.ir import types as T
from irc.runtime.interpreter import (
    InterpreterError,
    Terminate,
    check_result_shape,
    numpy_dtype,
    shape_text,
)
from irc.runtime.kernels import memref as memref_kernels

# -- helpers ----------------------------------------------------------------------------------


def _ints(values) -> list[int]:
    return [int(v) for v in values]


def result_shape(op, dynamic_sizes) -> list[int]:
    """The result type's shape with its `?` sizes taken from `dynamic_sizes` in order."""
    sizes = iter(_ints(dynamic_sizes))
    shape = []
    for dim, size in enumerate(op.results[0].type.shape):
        size = next(sizes) if size == T.DYNAMIC else size
        if size < 0:
            raise InterpreterError(f"'{op.name}' size {size} of dimension {dim} is negative", op)
        shape.append(size)
    return shape


def _check_index(array: np.ndarray, indices: list, op) -> tuple:
    for dim, (index, size) in enumerate(zip(_ints(indices), array.shape, strict=True)):
        if not 0 <= index < size:
            raise InterpreterError(
                f"'{op.name}' index {index} is out of bounds for dimension {dim} of size {size}",
                op,
            )
    return tuple(_ints(indices))


def unspecified(shape, element: T.Type) -> np.ndarray:
    """A fresh array whose contents are unspecified: NaN for floats, else zeros."""
    dtype = numpy_dtype(element)
    return np.full(shape, np.nan if dtype.kind == "f" else 0, dtype)


# -- creation ---------------------------------------------------------------------------------


def _empty(interp, op: tensor.EmptyOp, operands: list) -> list:
    return [unspecified(result_shape(op, operands), op.results[0].type.element_type)]


def _splat(interp, op: tensor.SplatOp, operands: list) -> list:
    value, *sizes = operands
    shape = result_shape(op, sizes)
    return [np.full(shape, value, numpy_dtype(op.results[0].type.element_type))]


def _from_elements(interp, op: tensor.FromElementsOp, operands: list) -> list:
    result_type = op.results[0].type
    flat = np.array(operands, dtype=numpy_dtype(result_type.element_type))
    return [flat.reshape(result_type.shape)]


def _generate(interp, op: tensor.GenerateOp, operands: list) -> list:
    result_type = op.results[0].type
    shape = result_shape(op, operands)
    result = unspecified(shape, result_type.element_type)
    body = op.regions[0]
    for point in np.ndindex(*shape):
        (value,) = interp.run_region(body, [np.int64(i) for i in point]).values
        result[point] = value
    return [result]


def _yield(interp, op: tensor.YieldOp, operands: list) -> Terminate:
    return Terminate(op, list(operands))


# -- elements and sizes -----------------------------------------------------------------------


def _extract(interp, op: tensor.ExtractOp, operands: list) -> list:
    array, *indices = operands
    return [array[_check_index(array, indices, op)]]


def _insert(interp, op: tensor.InsertOp, operands: list) -> list:
    scalar, dest, *indices = operands
    where = _check_index(dest, indices, op)
    result = dest.copy()
    result[where] = scalar
    return [result]


# -- casts and reshapes -----------------------------------------------------------------------


def _cast(interp, op: tensor.CastOp, operands: list) -> list:
    check_result_shape(operands[0], op.results[0].type, op)
    return [operands[0]]


def _bitcast(interp, op: tensor.BitcastOp, operands: list) -> list:
    check_result_shape(operands[0], op.results[0].type, op)
    return [operands[0].view(numpy_dtype(op.results[0].type.element_type))]


def _rank(interp, op: tensor.RankOp, operands: list) -> list:
    return [np.int64(operands[0].ndim)]


def _reshaped(source: np.ndarray, shape: list[int], op) -> np.ndarray:
    """`source` under `shape`, which must hold as many elements (a rank-0 side holds one:
    reassociations with no group leave that to run time)."""
    if any(s < 0 for s in shape) or int(np.prod(shape, dtype=np.int64)) != source.size:
        raise InterpreterError(
            f"'{op.name}' cannot reshape {source.size} elements to shape {shape_text(shape)}",
            op,
        )
    result = source.reshape(shape)
    check_result_shape(result, op.results[0].type, op)
    return result


def _collapse_shape(interp, op: tensor.CollapseShapeOp, operands: list) -> list:
    source = operands[0]
    shape = [
        int(np.prod([source.shape[d] for d in group], dtype=np.int64))
        for group in memref.reassociation_groups(op)
    ]
    return [_reshaped(source, shape, op)]


def _expand_shape(interp, op: tensor.ExpandShapeOp, operands: list) -> list:
    source = operands[0]
    shape = _ints(op.mixed_output_shape(operands))
    for dim, group in enumerate(memref.reassociation_groups(op)):
        sizes = [shape[d] for d in group]
        if any(s < 0 for s in sizes) or int(np.prod(sizes, dtype=np.int64)) != source.shape[dim]:
            raise InterpreterError(
                f"'{op.name}' output sizes {sizes} do not multiply to {source.shape[dim]}, the "
                f"size of source dimension {dim}",
                op,
            )
    return [_reshaped(source, shape, op)]


def _reshape(interp, op: tensor.ReshapeOp, operands: list) -> list:
    source, shape = operands
    return [_reshaped(source, _ints(shape), op)]


def _concat(interp, op: tensor.ConcatOp, operands: list) -> list:
    dim = op.properties["dim"].value
    first = operands[0]
    for number, array in enumerate(operands[1:], 1):
        for axis, (want, got) in enumerate(zip(first.shape, array.shape, strict=True)):
            if axis != dim and want != got:
                raise InterpreterError(
                    f"'{op.name}' input {number} has size {got} in dimension {axis}, input 0 "
                    f"has {want}",
                    op,
                )
    result = np.concatenate(operands, axis=dim)
    check_result_shape(result, op.results[0].type, op)
    return [result]


# -- slices -----------------------------------------------------------------------------------


def _window(op, operands: list, extents) -> tuple[list[int], list[int], list[int]]:
    """The offsets, sizes and strides of a slice op, checked against `extents`."""
    offsets, sizes, strides = (
        _ints(op.mixed(kind, operands)) for kind in ("offsets", "sizes", "strides")
    )
    for dim, extent in enumerate(extents):
        offset, size, stride = offsets[dim], sizes[dim], strides[dim]
        last = offset + (size - 1) * stride
        inside = size == 0 and 0 <= offset <= extent
        inside = inside or (size > 0 and 0 <= offset < extent and 0 <= last < extent)
        if not inside:
            raise InterpreterError(
                f"'{op.name}' slice of dimension {dim} (offset {offset}, size {size}, stride "
                f"{stride}) leaves the tensor of size {extent}",
                op,
            )
    return offsets, sizes, strides


def _slice_index(offsets, sizes, strides) -> tuple:
    """Numpy indices of the elements offset + i * stride, i < size, of each dimension."""
    axes = [
        offset + stride * np.arange(size, dtype=np.int64)
        for offset, size, stride in zip(offsets, sizes, strides, strict=True)
    ]
    return np.ix_(*axes)


def _extract_slice(interp, op: tensor.ExtractSliceOp, operands: list) -> list:
    source = operands[0]
    offsets, sizes, strides = _window(op, operands, source.shape)
    window = np.asarray(source[_slice_index(offsets, sizes, strides)])  # rank 0: an array
    return [window.reshape(_kept(sizes, op.dropped_dims()))]


def _kept(sizes, dropped) -> list[int]:
    return [s for d, s in enumerate(sizes) if d not in dropped]


def _insert_slice(interp, op: tensor.InsertSliceOp, operands: list) -> list:
    source, dest = operands[:2]
    offsets, sizes, strides = _window(op, operands, dest.shape)
    expected = _kept(sizes, op.dropped_dims())
    if list(source.shape) != expected:
        raise InterpreterError(
            f"'{op.name}' inserts shape {shape_text(source.shape)} into a window of shape "
            f"{shape_text(expected)}",
            op,
        )
    result = dest.copy()
    result[_slice_index(offsets, sizes, strides)] = source.reshape(sizes)
    return [result]


# -- gather and scatter -----------------------------------------------------------------------


def _coordinates(op, indices: np.ndarray, dims, shape):
    """(batch index, the slice of `shape` its coordinates select, keeping unit dims) for
    each batch entry of the indices; a coordinate out of bounds is a located error."""
    for batch in np.ndindex(*indices.shape[:-1]):
        coordinates = [int(c) for c in indices[batch]]
        where = [slice(None)] * len(shape)
        for dim, coordinate in zip(dims, coordinates, strict=True):
            if not 0 <= coordinate < shape[dim]:
                raise InterpreterError(
                    f"'{op.name}' coordinate {coordinate} at {list(batch)} is out of bounds "
                    f"for dimension {dim} of size {shape[dim]}",
                    op,
                )
            where[dim] = slice(coordinate, coordinate + 1)
        yield batch, tuple(where)


def _gather(interp, op: tensor.GatherOp, operands: list) -> list:
    source, indices = operands
    dims = op.properties["gather_dims"].values
    batch_shape = indices.shape[:-1]
    piece = [1 if d in dims else n for d, n in enumerate(source.shape)]
    result = np.empty((*batch_shape, *piece), source.dtype)
    for batch, where in _coordinates(op, indices, dims, source.shape):
        result[batch] = source[where]
    if op.results[0].type.rank != result.ndim:  # the rank-reduced form drops the unit dims
        kept = [n for d, n in enumerate(source.shape) if d not in dims]
        result = result.reshape((*batch_shape, *kept))
    return [result]


def _scatter(interp, op: tensor.ScatterOp, operands: list) -> list:
    source, dest, indices = operands
    dims = op.properties["scatter_dims"].values
    batch_shape = indices.shape[:-1]
    piece = [1 if d in dims else n for d, n in enumerate(dest.shape)]
    kept = [n for d, n in enumerate(dest.shape) if d not in dims]
    if source.shape not in ((*batch_shape, *piece), (*batch_shape, *kept)):
        raise InterpreterError(
            f"'{op.name}' scatters shape {shape_text(source.shape)}, but the indices and "
            f"the destination ask for {shape_text((*batch_shape, *kept))}",
            op,
        )
    source = source.reshape((*batch_shape, *piece))
    result = dest.copy()
    seen = set()
    for batch, where in _coordinates(op, indices, dims, dest.shape):
        key = tuple(s.start for s in where if s.start is not None)
        if key in seen:
            raise InterpreterError(
                f"'{op.name}' is unique but scatters twice to coordinates {list(key)}", op
            )
        seen.add(key)
        result[where] = source[batch]
    return [result]


# -- padding ----------------------------------------------------------------------------------


def _pad(interp, op: tensor.PadOp, operands: list) -> list:
    source = operands[0]
    low, high = (_ints(op.mixed(kind, operands)) for kind in ("low", "high"))
    for dim, (before, after) in enumerate(zip(low, high, strict=True)):
        if before < 0 or after < 0:
            raise InterpreterError(
                f"'{op.name}' padding of dimension {dim} (low {before}, high {after}) is negative",
                op,
            )
    shape = [s + a + b for s, a, b in zip(source.shape, low, high, strict=True)]
    result = np.empty(shape, source.dtype)
    interior = tuple(slice(a, a + s) for a, s in zip(low, source.shape, strict=True))
    body = op.regions[0]
    for point in np.ndindex(*shape):
        if not all(r.start <= i < r.stop for r, i in zip(interior, point, strict=True)):
            (value,) = interp.run_region(body, [np.int64(i) for i in point]).values
            result[point] = value
    result[interior] = source
    check_result_shape(result, op.results[0].type, op)
    return [result]


KERNELS = {
    tensor.EmptyOp: _empty,
    tensor.SplatOp: _splat,
    tensor.FromElementsOp: _from_elements,
    tensor.GenerateOp: _generate,
    tensor.YieldOp: _yield,
    tensor.DimOp: memref_kernels.dim,
    tensor.ExtractOp: _extract,
    tensor.InsertOp: _insert,
    tensor.CastOp: _cast,
    tensor.BitcastOp: _bitcast,
    tensor.RankOp: _rank,
    tensor.CollapseShapeOp: _collapse_shape,
    tensor.ExpandShapeOp: _expand_shape,
    tensor.ReshapeOp: _reshape,
    tensor.ConcatOp: _concat,
    tensor.ExtractSliceOp: _extract_slice,
    tensor.InsertSliceOp: _insert_slice,
    tensor.GatherOp: _gather,
    tensor.ScatterOp: _scatter,
    tensor.PadOp: _pad,
}
