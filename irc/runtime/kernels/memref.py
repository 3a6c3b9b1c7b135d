"""Interpreter kernels of the memref dialect.

A memref value is a numpy array. Views (`subview`, `cast`, `collapse_shape`,
`expand_shape`, `reinterpret_cast`) are numpy views of the same memory, so a store through
a view writes the buffer it views, and memref arguments are written in place.

Fresh buffers (`alloc`, `alloca`) hold floats NaN and integers 0: MLIR leaves their
contents undefined, and NaN makes a read of memory nothing wrote show up in the results.

As in MLIR's descriptors, each view remembers its base buffer (the `alloc` or argument it
came from): `reinterpret_cast` counts its offset from the start of that buffer, whatever
the source's own offset, and `dealloc` frees it. Run-time faults are located errors naming
the op: an index out of bounds, a `dim` beyond the rank, a view or reshape that leaves its
buffer or does not fit the static type, use of a buffer after `dealloc`, a double or
foreign `dealloc`, a store into a read-only array.
"""

from __future__ import annotations

import weakref

import numpy as np

from irc.dialects import memref
from irc.ir import types as T
from irc.runtime.interpreter import InterpreterError, check_result_shape, numpy_dtype, shape_text


class _ByArray:
    """A table keyed by numpy arrays (which do not hash): entries go with their array."""

    def __init__(self) -> None:
        self.entries: dict[int, tuple[weakref.ref, object]] = {}

    def __bool__(self) -> bool:
        return bool(self.entries)

    def get(self, array: np.ndarray, default=None):
        entry = self.entries.get(id(array))
        return entry[1] if entry is not None and entry[0]() is array else default

    def set(self, array: np.ndarray, value) -> None:
        key = id(array)
        entries = self.entries
        entries[key] = (weakref.ref(array, lambda _, key=key: entries.pop(key, None)), value)


class _Buffers:
    """Per-interpreter bookkeeping: the base buffer of each view made by a kernel, which
    op made each buffer of `alloc` and `alloca`, and which buffers `dealloc` freed. All
    of it lets go of a buffer once the program does."""

    def __init__(self) -> None:
        self.views = _ByArray()  # view -> its base buffer
        self.made = _ByArray()  # buffer -> "memref.alloc" or "memref.alloca"
        self.freed = _ByArray()  # buffer -> True

    def base(self, array: np.ndarray) -> np.ndarray:
        return self.views.get(array, array)

    def view(self, view: np.ndarray, source: np.ndarray) -> np.ndarray:
        """Record that `view` shares the base buffer of `source`; returns `view`."""
        base = self.base(source)
        if view is not base:
            self.views.set(view, base)
        return view


def buffer_registry(interp) -> _Buffers:
    found = getattr(interp, "memref_buffers", None)
    if found is None:
        found = interp.memref_buffers = _Buffers()
    return found


def _check_live(interp, array: np.ndarray, op) -> None:
    buffers = getattr(interp, "memref_buffers", None)
    if buffers is not None and buffers.freed and buffers.freed.get(buffers.base(array)):
        raise InterpreterError(f"'{op.name}' uses a buffer after memref.dealloc freed it", op)


# -- allocation -------------------------------------------------------------------------------


def _alloc(interp, op: memref.AllocOp, operands: list) -> list:
    result_type = op.results[0].type
    sizes = iter(operands)
    shape = []
    for dim, size in enumerate(result_type.shape):
        size = int(next(sizes)) if size == T.DYNAMIC else size
        if size < 0:
            raise InterpreterError(f"'{op.name}' size {size} of dimension {dim} is negative", op)
        shape.append(size)
    dtype = numpy_dtype(result_type.element_type)
    fill = np.nan if dtype.kind == "f" else 0
    buffer = np.full(shape, fill, dtype)
    buffer_registry(interp).made.set(buffer, op.name)
    return [buffer]


def deallocate(interp, op: memref.DeallocOp, operands: list) -> list:
    buffers = buffer_registry(interp)
    base = buffers.base(operands[0])
    if buffers.freed.get(base):
        raise InterpreterError(f"'{op.name}' frees a buffer that was already freed", op)
    made = buffers.made.get(base)
    if made is None:
        raise InterpreterError(f"'{op.name}' frees a buffer that memref.alloc did not make", op)
    if made != "memref.alloc":
        raise InterpreterError(f"'{op.name}' frees a buffer made by {made}", op)
    buffers.freed.set(base, True)
    return []


# -- element access ---------------------------------------------------------------------------


def _index(array: np.ndarray, indices: list, op) -> tuple:
    for dim, (index, size) in enumerate(zip(indices, array.shape, strict=True)):
        if not 0 <= index < size:
            raise InterpreterError(
                f"'{op.name}' index {index} is out of bounds for dimension {dim} of size {size}",
                op,
            )
    return tuple(indices)


def _load(interp, op: memref.LoadOp, operands: list) -> list:
    array, *indices = operands
    _check_live(interp, array, op)
    return [array[_index(array, indices, op)]]


def _store(interp, op: memref.StoreOp, operands: list) -> list:
    value, array, *indices = operands
    _check_live(interp, array, op)
    where = _index(array, indices, op)
    _writable(array, op)
    array[where] = value
    return []


def _writable(array: np.ndarray, op) -> None:
    if not array.flags.writeable:
        raise InterpreterError(f"'{op.name}' writes to a read-only array", op)


def dim(interp, op, operands: list) -> list:
    """memref.dim and tensor.dim: a size of the array, the index checked."""
    array, index = operands
    if not 0 <= index < array.ndim:
        kind = op.name.split(".", 1)[0]
        raise InterpreterError(
            f"'{op.name}' dimension {index} is out of range for a {kind} of rank {array.ndim}",
            op,
        )
    return [np.int64(array.shape[index])]


def _copy(interp, op: memref.CopyOp, operands: list) -> list:
    source, target = operands
    _check_live(interp, source, op)
    _check_live(interp, target, op)
    if source.shape != target.shape:
        raise InterpreterError(
            f"'{op.name}' copies shape {shape_text(source.shape)} into shape "
            f"{shape_text(target.shape)}",
            op,
        )
    _writable(target, op)
    np.copyto(target, source)
    return []


# -- views ------------------------------------------------------------------------------------


def _cast(interp, op: memref.CastOp, operands: list) -> list:
    check_result_shape(operands[0], op.results[0].type, op)
    return [operands[0]]


def _ints(values) -> list[int]:
    return [int(v) for v in values]


def _subview(interp, op: memref.SubViewOp, operands: list) -> list:
    source = operands[0]
    offsets, sizes, strides = (
        _ints(op.mixed(k, operands)) for k in ("offsets", "sizes", "strides")
    )
    for dim, extent in enumerate(source.shape):
        if not _window_fits(offsets[dim], sizes[dim], strides[dim], extent):
            raise InterpreterError(
                f"'{op.name}' window of dimension {dim} (offset {offsets[dim]}, size "
                f"{sizes[dim]}, stride {strides[dim]}) leaves the source of size {extent}",
                op,
            )
    view = _strided_window(source, offsets, sizes, strides)
    dropped = op.dropped_dims()
    if dropped:
        # The trailing `...` keeps a rank-0 result a view (a 0-d array), not a scalar copy.
        view = view[(*(0 if d in dropped else slice(None) for d in range(view.ndim)), ...)]
    return [buffer_registry(interp).view(view, source)]


def _window_fits(offset: int, size: int, stride: int, extent: int) -> bool:
    """Whether offset + i * stride, i < size, all lie in [0, extent)."""
    if size < 0 or not 0 <= offset <= extent:
        return False
    last = offset + (size - 1) * stride
    return size == 0 or (offset < extent and 0 <= last < extent)


def _strided_window(source: np.ndarray, offsets, sizes, strides) -> np.ndarray:
    """The elements offset + i * stride, i < size, of each dimension, as a view."""
    if all(s > 0 for s in strides):
        return source[
            tuple(
                slice(o, o + (n - 1) * s + 1 if n else o, s)
                for o, n, s in zip(offsets, sizes, strides, strict=True)
            )
        ]
    if 0 in sizes:
        return source[tuple(slice(0, 0) for _ in sizes)].reshape(sizes)
    corner = source[tuple(slice(o, o + 1) for o in offsets)]
    byte_strides = [a * s for a, s in zip(source.strides, strides, strict=True)]
    return np.lib.stride_tricks.as_strided(corner, shape=sizes, strides=byte_strides)


def _reshaped(array: np.ndarray, shape, op) -> np.ndarray:
    try:
        return np.reshape(array, shape, copy=False)
    except ValueError:
        raise InterpreterError(
            f"'{op.name}' cannot view shape {shape_text(array.shape)} with strides "
            f"{_element_strides(array)} as shape {shape_text(shape)} without copying",
            op,
        ) from None


def _element_strides(array: np.ndarray) -> list[int]:
    return [s // array.itemsize for s in array.strides]


def _collapse_shape(interp, op: memref.CollapseShapeOp, operands: list) -> list:
    source = operands[0]
    shape = [
        int(np.prod([source.shape[d] for d in group], dtype=np.int64))
        for group in memref.reassociation_groups(op)
    ]
    return [buffer_registry(interp).view(_reshaped(source, shape, op), source)]


def _expand_shape(interp, op: memref.ExpandShapeOp, operands: list) -> list:
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
    return [buffer_registry(interp).view(_reshaped(source, shape, op), source)]


def _reinterpret_cast(interp, op: memref.ReinterpretCastOp, operands: list) -> list:
    source = operands[0]
    buffers = buffer_registry(interp)
    base = buffers.base(source)
    (offset,) = _ints(op.mixed("offsets", operands))
    sizes = _ints(op.mixed("sizes", operands))
    strides = _ints(op.mixed("strides", operands))
    if any(s < 0 for s in sizes):
        raise InterpreterError(f"'{op.name}' has a negative size in {sizes}", op)
    memory, start = _memory_of(base, op)
    first = start + offset
    spans = [(n - 1) * s for n, s in zip(sizes, strides, strict=True)]
    low = first + sum(min(0, span) for span in spans)
    high = first + sum(max(0, span) for span in spans)
    if 0 in sizes:
        view = np.empty(sizes, base.dtype)
    elif low < 0 or high >= memory.size:
        raise InterpreterError(
            f"'{op.name}' views elements {low} to {high} of a buffer of {memory.size} elements",
            op,
        )
    else:
        itemsize = base.itemsize
        view = np.lib.stride_tricks.as_strided(
            memory[first:], shape=sizes, strides=[s * itemsize for s in strides]
        )
    return [buffers.view(view, source)]


def _memory_of(base: np.ndarray, op) -> tuple[np.ndarray, int]:
    """The whole memory block under `base`, as a flat array of its dtype, and the element
    index where `base` starts in it."""
    owner = base
    while True:
        parent = owner.base
        if parent is not None and not isinstance(parent, np.ndarray):
            parent = getattr(parent, "base", None)  # as_strided wraps its source
        if not isinstance(parent, np.ndarray):
            break
        owner = parent
    if owner.dtype != base.dtype or not (owner.flags.c_contiguous or owner.flags.f_contiguous):
        owner = base
        if not base.flags.c_contiguous:
            raise InterpreterError(f"'{op.name}' cannot reinterpret a non-contiguous array", op)
    memory = owner.reshape(-1, order="A")
    start = (base.ctypes.data - memory.ctypes.data) // base.itemsize if base.size else 0
    return memory, start


KERNELS = {
    memref.AllocOp: _alloc,
    memref.AllocaOp: _alloc,
    memref.DeallocOp: deallocate,
    memref.LoadOp: _load,
    memref.StoreOp: _store,
    memref.DimOp: dim,
    memref.CopyOp: _copy,
    memref.CastOp: _cast,
    memref.SubViewOp: _subview,
    memref.ReinterpretCastOp: _reinterpret_cast,
    memref.CollapseShapeOp: _collapse_shape,
    memref.ExpandShapeOp: _expand_shape,
}
