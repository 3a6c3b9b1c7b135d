"""Interpreter kernels of the vector dialect.

A vector value is a numpy array of the vector's shape and element dtype (a 0-D vector a
0-D array); memrefs are numpy arrays written in place, tensors numpy arrays never written
(`transfer_write` on a tensor returns a new one).

Loads and stores touch the memref's most minor dimensions from the given indices. MLIR
leaves `vector.load`/`vector.store` out of bounds undefined; here a lane out of bounds is a
located error naming the op, as is a lane of `maskedload`/`maskedstore` whose mask bit is
set. `transfer_read` pads the lanes outside the source (or masked off) with the padding
value, `transfer_write` skips them, as MLIR defines; a lane out of bounds on a dimension
declared `in_bounds`, or an index of a dimension the map does not transfer, is an error.
A poison position (-1) or a dynamic position out of range in extract/insert is an error.

`vector.reduction` combines left to right in the element type, starting from the
accumulator when there is one (LLVM's ordered reductions); `vector.fma` rounds once.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from irc.dialects import vector
from irc.ir import affine
from irc.ir import types as T
from irc.runtime.interpreter import InterpreterError, numpy_dtype
from irc.runtime.kernels.arith import (
    _maximumf,
    _maxnumf,
    _minimumf,
    _minnumf,
    _order_zeros,
    _out,
    _quieted,
    _signed_op,
    _unsigned_op,
)

# -- memory -----------------------------------------------------------------------------------


def _check_scalar_memref(memref_type: T.MemRefType, op) -> None:
    if isinstance(memref_type.element_type, T.VectorType):
        raise InterpreterError(
            f"'{op.name}' on a memref or tensor of vectors is not interpreted", op
        )


def _window(array: np.ndarray, indices: list, shape, op) -> tuple:
    """The index of the block of `shape` in the most minor dims of `array` at `indices`,
    checked against the array's bounds."""
    lead = array.ndim - len(shape)
    sizes = (1,) * lead + tuple(shape)
    where = []
    for dim, (start, size, extent) in enumerate(zip(indices, sizes, array.shape, strict=True)):
        start = int(start)
        if start < 0 or start + size > extent:
            last = start + size - 1
            raise InterpreterError(
                f"'{op.name}' accesses indices {start} to {last} of dimension {dim}, which has "
                f"size {extent}",
                op,
            )
        where.append(start if dim < lead else slice(start, start + size))
    return tuple(where)


def _writable(array: np.ndarray, op) -> None:
    if not array.flags.writeable:
        raise InterpreterError(f"'{op.name}' writes to a read-only array", op)


def _load(interp, op: vector.LoadOp, operands: list) -> list:
    array, *indices = operands
    _check_scalar_memref(op.operands[0].type, op)
    shape = op.results[0].type.shape
    return [np.array(array[_window(array, indices, shape, op)], copy=True)]


def _store(interp, op: vector.StoreOp, operands: list) -> list:
    value, array, *indices = operands
    _check_scalar_memref(op.operands[1].type, op)
    where = _window(array, indices, value.shape, op)
    _writable(array, op)
    array[where] = value
    return []


def _lane_index(array: np.ndarray, indices: list, lane: tuple, op) -> tuple:
    """The memref index of one lane of a masked access, checked against the bounds."""
    lead = array.ndim - len(lane)
    index = [int(i) for i in indices]
    for offset, step in enumerate(lane):
        index[lead + offset] += step
    for dim, (i, extent) in enumerate(zip(index, array.shape, strict=True)):
        if not 0 <= i < extent:
            raise InterpreterError(
                f"'{op.name}' accesses index {i} of dimension {dim}, which has size {extent}, "
                "in a lane its mask enables",
                op,
            )
    return tuple(index)


def _maskedload(interp, op: vector.MaskedLoadOp, operands: list) -> list:
    array, *indices, mask, pass_thru = operands
    _check_scalar_memref(op.operands[0].type, op)
    result = np.array(pass_thru, copy=True)
    for lane in np.ndindex(result.shape):
        if mask[lane]:
            result[lane] = array[_lane_index(array, indices, lane, op)]
    return [result]


def _maskedstore(interp, op: vector.MaskedStoreOp, operands: list) -> list:
    array, *indices, mask, value = operands
    _check_scalar_memref(op.operands[0].type, op)
    lanes = [lane for lane in np.ndindex(value.shape) if mask[lane]]
    where = [_lane_index(array, indices, lane, op) for lane in lanes]
    if where:
        _writable(array, op)
    for lane, index in zip(lanes, where, strict=True):
        array[index] = value[lane]
    return []


# -- transfers --------------------------------------------------------------------------------


class _Transfer:
    """Where each lane of a transfer lands in its source: the source index, or None when
    the lane is out of bounds or masked off."""

    def __init__(self, op, source: np.ndarray, indices: list, mask) -> None:
        self.op = op
        self.shape = source.shape
        self.indices = [int(i) for i in indices]
        self.amap = op.properties["permutation_map"].value
        self.in_bounds = vector.in_bounds_values(op)
        self.mask = mask
        self.mask_dims = sorted(
            (e.position, r) for r, e in enumerate(self.amap.results) if isinstance(e, affine.Dim)
        )
        self.check_fixed_dims()

    def check_fixed_dims(self) -> None:
        moving = {e.position for e in self.amap.results if isinstance(e, affine.Dim)}
        for dim, (index, extent) in enumerate(zip(self.indices, self.shape, strict=True)):
            if dim not in moving and not 0 <= index < extent:
                raise InterpreterError(
                    f"'{self.op.name}' index {index} of dimension {dim}, which has size "
                    f"{extent}, is out of bounds (only transferred dimensions may be)",
                    self.op,
                )

    def source_index(self, lane: tuple) -> tuple | None:
        if self.mask is not None:
            bit = tuple(lane[r] for _, r in self.mask_dims) or (0,)
            if not self.mask[bit]:
                return None
        index = list(self.indices)
        for position, expr in enumerate(self.amap.results):
            if not isinstance(expr, affine.Dim):
                continue
            dim = expr.position
            index[dim] += lane[position]
            if not 0 <= index[dim] < self.shape[dim]:
                if self.in_bounds[position]:
                    raise InterpreterError(
                        f"'{self.op.name}' lane {list(lane)} reads index {index[dim]} of "
                        f"dimension {dim}, which has size {self.shape[dim]}, though in_bounds "
                        "says it is in bounds",
                        self.op,
                    )
                return None
        return tuple(index)


def _transfer_read(interp, op: vector.TransferReadOp, operands: list) -> list:
    source = operands[0]
    _check_scalar_memref(op.operands[0].type, op)
    indices = operands[1 : 1 + len(op.operand_group("indices"))]
    padding = operands[1 + len(indices)]
    mask = operands[2 + len(indices)] if op.operand_group("mask") else None
    transfer = _Transfer(op, source, indices, mask)
    result_type = op.results[0].type
    result = np.full(result_type.shape, padding, numpy_dtype(result_type.element_type))
    for lane in np.ndindex(result.shape):
        index = transfer.source_index(lane)
        if index is not None:
            result[lane] = source[index]
    return [result]


def _transfer_write(interp, op: vector.TransferWriteOp, operands: list) -> list:
    value, target = operands[0], operands[1]
    _check_scalar_memref(op.operands[1].type, op)
    indices = operands[2 : 2 + len(op.operand_group("indices"))]
    mask = operands[2 + len(indices)] if op.operand_group("mask") else None
    on_tensor = isinstance(op.operands[1].type, T.TensorType)
    if on_tensor:
        target = np.array(target, copy=True)
    transfer = _Transfer(op, target, indices, mask)
    writes = [(lane, transfer.source_index(lane)) for lane in np.ndindex(value.shape)]
    writes = [(lane, index) for lane, index in writes if index is not None]
    if writes and not on_tensor:
        _writable(target, op)
    for lane, index in writes:
        target[index] = value[lane]
    return [target] if on_tensor else []


# -- building and taking apart vectors --------------------------------------------------------


def _broadcast(interp, op: vector.BroadcastOp, operands: list) -> list:
    result_type = op.results[0].type
    dtype = numpy_dtype(result_type.element_type)
    return [np.array(np.broadcast_to(np.asarray(operands[0], dtype), result_type.shape))]


def _shape_cast(interp, op: vector.ShapeCastOp, operands: list) -> list:
    return [np.array(operands[0]).reshape(op.results[0].type.shape)]


def _position(op, operands: list, vector_type: T.VectorType) -> tuple:
    position = [int(p) for p in op.position(operands)]
    for dim, index in enumerate(position):
        if index == vector.POISON_INDEX:
            raise InterpreterError(f"'{op.name}' position {position} is poison (-1)", op)
        if not 0 <= index < vector_type.shape[dim]:
            raise InterpreterError(
                f"'{op.name}' position {index} is out of bounds for dimension {dim} of size "
                f"{vector_type.shape[dim]} (the result is poison)",
                op,
            )
    return tuple(position)


def _extract(interp, op: vector.ExtractOp, operands: list) -> list:
    source = operands[0]
    found = source[_position(op, operands, op.operands[0].type)]
    return [np.array(found) if isinstance(found, np.ndarray) else found]


def _insert(interp, op: vector.InsertOp, operands: list) -> list:
    value, dest = operands[0], operands[1]
    result = np.array(dest, copy=True)
    where = _position(op, operands, op.operands[1].type)
    if where:
        result[where] = value
    else:
        result[...] = value
    return [result]


# -- arithmetic -------------------------------------------------------------------------------


def _round_exact(exact: Fraction, dtype: np.dtype):
    """`exact` rounded once to `dtype`, to nearest with ties to even."""
    near = dtype.type(float(exact))
    if not np.isfinite(near):
        return near
    candidates = [near, np.nextafter(near, dtype.type(np.inf)), np.nextafter(near, -np.inf)]
    candidates = [c for c in candidates if np.isfinite(c)]

    def distance(c):
        even = int(np.asarray(c).view(f"u{dtype.itemsize}")) & 1
        return (abs(Fraction(float(c)) - exact), even)

    best = min(candidates, key=distance)
    if best == 0 and exact == 0:
        return near
    return best


def _fma_lane(a, b, c, dtype: np.dtype):
    if not (np.isfinite(a) and np.isfinite(b) and np.isfinite(c)):
        return dtype.type(np.float64(a) * np.float64(b) + np.float64(c))
    exact = Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c))
    if exact == 0:  # the sign of a zero as IEEE's fusedMultiplyAdd gives it
        return dtype.type(np.float64(a) * np.float64(b) + np.float64(c))
    return _round_exact(exact, dtype)


def _fma(interp, op: vector.FMAOp, operands: list) -> list:
    lhs, rhs, acc = operands
    result = np.empty_like(lhs)
    for lane in np.ndindex(lhs.shape):
        result[lane] = _fma_lane(lhs[lane], rhs[lane], acc[lane], lhs.dtype)
    return [result]


def _maximumnumf(a, b):
    both = np.isnan(a) & np.isnan(b)
    return _quieted(np.where(both, a, _order_zeros(np.fmax(a, b), a, b, lower=False)))


def _minimumnumf(a, b):
    both = np.isnan(a) & np.isnan(b)
    return _quieted(np.where(both, a, _order_zeros(np.fmin(a, b), a, b, lower=True)))


_INTEGER_COMBINE = {
    "add": _signed_op(np.add),
    "mul": _signed_op(np.multiply),
    "minsi": _signed_op(np.minimum),
    "maxsi": _signed_op(np.maximum),
    "minui": _unsigned_op(np.minimum),
    "maxui": _unsigned_op(np.maximum),
    "and": _unsigned_op(np.bitwise_and),
    "or": _unsigned_op(np.bitwise_or),
    "xor": _unsigned_op(np.bitwise_xor),
}
_FLOAT_COMBINE = {
    "add": np.add,
    "mul": np.multiply,
    "maximumf": _maximumf,
    "minimumf": _minimumf,
    "maxnumf": _maxnumf,
    "minnumf": _minnumf,
    "maximumnumf": _maximumnumf,
    "minimumnumf": _minimumnumf,
}


def _reduction(interp, op: vector.ReductionOp, operands: list) -> list:
    values = np.asarray(operands[0]).reshape(-1)
    element = op.results[0].type
    step = _combiner(element, op.properties["kind"].kind, op)
    items = list(values) if len(operands) == 1 else [operands[1], *values]
    total = items[0]
    for item in itertools.islice(items, 1, None):
        total = step(total, item)
    return [_out(total, element, op)]


def _combiner(element: T.Type, kind: str, op):
    """`combine(a, b)` of two values of `element` for a combining kind, as `element`."""
    if isinstance(element, T.FloatType):
        combine = _FLOAT_COMBINE[kind]
        return lambda a, b: _out(combine(np.asarray(a), np.asarray(b)), element, op)
    integer_combine = _INTEGER_COMBINE[kind]
    return lambda a, b: _out(integer_combine(a, b, element, op), element, op)


def _contract(interp, op: vector.ContractionOp, operands: list) -> list:
    """Every point of the loop space in row-major order: the product of the lhs and rhs
    elements it reads, in the accumulator's element type, combined into the result."""
    lhs, rhs, acc = operands
    lhs_map, rhs_map, acc_map = vector.contraction_maps(op)
    element = T.element_type_of(op.results[0].type)
    dtype = numpy_dtype(element)
    multiply = _combiner(element, "mul", op)
    combine = _combiner(element, op.properties["kind"].kind, op)
    extents = [0] * lhs_map.num_dims
    for array, amap in ((lhs, lhs_map), (rhs, rhs_map)):
        for position, expr in enumerate(amap.results):
            extents[expr.position] = array.shape[position]
    result = np.array(acc, dtype=dtype, copy=True)

    def at(amap, point):
        return tuple(point[e.position] for e in amap.results)

    for point in np.ndindex(*extents):
        product = multiply(dtype.type(lhs[at(lhs_map, point)]), dtype.type(rhs[at(rhs_map, point)]))
        where = at(acc_map, point)
        result[where] = combine(result[where], product)
    return [result if result.ndim else result[()]]


KERNELS = {
    vector.LoadOp: _load,
    vector.StoreOp: _store,
    vector.MaskedLoadOp: _maskedload,
    vector.MaskedStoreOp: _maskedstore,
    vector.TransferReadOp: _transfer_read,
    vector.TransferWriteOp: _transfer_write,
    vector.BroadcastOp: _broadcast,
    vector.ShapeCastOp: _shape_cast,
    vector.ExtractOp: _extract,
    vector.InsertOp: _insert,
    vector.FMAOp: _fma,
    vector.ReductionOp: _reduction,
    vector.ContractionOp: _contract,
}
