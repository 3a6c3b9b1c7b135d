"""Interpreter kernels of the linalg dialect.

Every structured op runs as its generic form (the named ops through the body their
parser built): the loop sizes come from the operand shapes through the indexing maps,
as MLIR derives loop ranges (the first operand dimension indexed by exactly `d_i` gives
the size of loop `i`); the loop nest runs in order, the last loop fastest, and the body
runs once per point with `interp.run_region` on the elements the maps select. Its
`linalg.yield` gives the new output elements.

On tensors the op starts from copies of the outputs and returns them (value semantics:
no operand is ever written); on memrefs it writes the outputs in place. The named ops
with the body their custom form builds (fill, copy, transpose, broadcast, matmul,
batch_matmul) take numpy fast paths that give the same bits as the loop nest. `linalg.index`
reads the point of the innermost running op. Operand sizes that disagree with the loop
sizes at run time (an access outside an operand) are located errors naming the op.
"""

from __future__ import annotations

import itertools

import numpy as np

from irc.dialects import linalg
from irc.ir import affine
from irc.ir import types as T
from irc.runtime.interpreter import InterpreterError, Terminate, shape_text


def _loop_sizes(op: linalg.StructuredOp, maps, values: list) -> list[int]:
    """MLIR's loop ranges: each loop's size from the first operand dimension that is
    exactly that loop's dim."""
    positions = linalg.shapes_to_loops(maps)
    if positions is None:
        raise InterpreterError(f"'{op.name}' has non-invertible indexing maps", op)
    flat = [size for value in values for size in np.shape(value)]
    return [flat[p] for p in positions]


def _check_accesses(op, maps, values: list, sizes: list[int]) -> None:
    """Every operand index the loop nest reaches lies inside the operand: a result that
    is one loop's dim must span the operand's size exactly, any other result must stay
    inside it (checked at the corners of the iteration space, where affine results are
    extreme)."""
    if 0 in sizes:
        return
    corners = list(itertools.product(*[(0, size - 1) for size in sizes]))
    for number, (amap, value) in enumerate(zip(maps, values, strict=True)):
        shape = np.shape(value)
        reached = [amap.evaluate(list(corner)) for corner in corners]
        for dim, size in enumerate(shape):
            low = min(point[dim] for point in reached)
            high = max(point[dim] for point in reached)
            exact = isinstance(amap.results[dim], affine.Dim)
            if low < 0 or high >= size or (exact and high + 1 != size):
                raise InterpreterError(
                    f"'{op.name}' operand #{number} has shape {shape_text(shape)}, but the "
                    f"loops (sizes {shape_text(sizes)}) index dimension {dim} from {low} to "
                    f"{high}",
                    op,
                )


def _outputs(op: linalg.StructuredOp, values: list) -> list:
    """The arrays the op writes: copies of tensor outputs, memref outputs themselves."""
    written = []
    for value, operand in zip(values, op.outputs, strict=True):
        if isinstance(operand.type, T.TensorType):
            written.append(np.array(value, copy=True))
        else:
            if not value.flags.writeable:
                raise InterpreterError(f"'{op.name}' writes to a read-only array", op)
            written.append(value)
    return written


def _points(sizes: list[int]):
    """Every point of the loop nest, the last loop varying fastest."""
    return itertools.product(*[range(size) for size in sizes])


def structured(interp, op: linalg.StructuredOp, operands: list) -> list:
    maps = op.indexing_maps()
    inputs = operands[: len(op.inputs)]
    sizes = _loop_sizes(op, maps, operands)
    _check_accesses(op, maps, operands, sizes)
    outputs = _outputs(op, operands[len(inputs) :])
    fast = _FAST_PATHS.get(type(op))
    if fast is not None and _may_take_fast_path(op, inputs, outputs):
        if fast(op, inputs, outputs, sizes):
            return _results(op, outputs)
    arrays = inputs + outputs
    shaped = [isinstance(v, np.ndarray) for v in arrays]
    body = op.regions[0]
    stack = _point_stack(interp)
    depth = len(stack)
    try:
        for point in _points(sizes):
            stack.append(point)
            where = [amap.evaluate(point) for amap in maps]
            args = [a[w] if s else a for a, w, s in zip(arrays, where, shaped, strict=True)]
            done = interp.run_region(body, args)
            for output, index, value in zip(
                outputs, where[len(inputs) :], done.values, strict=True
            ):
                output[index] = value
            stack.pop()
    finally:
        del stack[depth:]  # a fault in the body leaves no point behind
    return _results(op, outputs)


def _results(op: linalg.StructuredOp, outputs: list) -> list:
    return [
        out for out, v in zip(outputs, op.outputs, strict=True) if isinstance(v.type, T.TensorType)
    ]


def _point_stack(interp) -> list:
    """The points of the structured ops now running, innermost last."""
    stack = getattr(interp, "linalg_points", None)
    if stack is None:
        stack = interp.linalg_points = []
    return stack


# -- fast paths: named ops with the body their parser builds, all elements at once ----------
#
# Each gives exactly what the loop nest gives: the same element operations in numpy, in
# the same order for each output element (a matmul's products are summed k by k), so the
# roundings agree. They run only when the body is the one the custom form builds and no
# output shares memory with another operand (the loop nest would read its own writes).


def _may_take_fast_path(op: linalg.StructuredOp, inputs: list, outputs: list) -> bool:
    arrays = [v for v in inputs if isinstance(v, np.ndarray)]
    for number, output in enumerate(outputs):
        others = arrays + outputs[:number] + outputs[number + 1 :]
        if any(np.shares_memory(a, output) for a in others):
            return False
    fresh = type(op).body_region([v.type for v in op.operands])
    return _same_block(op.regions[0].blocks[0], fresh.blocks[0])


def _same_block(first, second) -> bool:
    """Whether two blocks hold the same ops on the same values, argument for argument."""
    ops, others = list(first), list(second)
    if len(ops) != len(others) or [a.type for a in first.args] != [a.type for a in second.args]:
        return False
    where = {v: ("arg", i) for i, v in enumerate(first.args)}
    where_other = {v: ("arg", i) for i, v in enumerate(second.args)}
    for number, (op, other) in enumerate(zip(ops, others, strict=True)):
        if (op.name, op.properties, op.attributes, op.result_types) != (
            other.name,
            other.properties,
            other.attributes,
            other.result_types,
        ):
            return False
        if [where.get(v) for v in op.operands] != [where_other.get(v) for v in other.operands]:
            return False
        where.update({r: ("op", number, i) for i, r in enumerate(op.results)})
        where_other.update({r: ("op", number, i) for i, r in enumerate(other.results)})
    return True


def _fill(op, inputs: list, outputs: list, sizes) -> bool:
    """linalg.fill: every output element is the value."""
    outputs[0][...] = inputs[0]
    return True


def _copy(op, inputs: list, outputs: list, sizes) -> bool:
    """linalg.copy, transpose, broadcast of one element type: the input elements the
    maps select."""
    if op.inputs[0].type.element_type is not op.outputs[0].type.element_type:
        return False
    maps = op.indexing_maps()
    if not all(_selects_loops(m) for m in maps):
        return False
    outputs[0][...] = _over_loops(inputs[0], maps[0], sizes)
    return True


def _selects_loops(amap) -> bool:
    """Whether each result of the map is a different loop dim (a projected permutation)."""
    positions = [getattr(r, "position", None) for r in amap.results]
    return all(isinstance(r, affine.Dim) for r in amap.results) and len(set(positions)) == len(
        positions
    )


def _over_loops(array: np.ndarray, amap, sizes: list[int]) -> np.ndarray:
    """A view of `array` indexed by the loop indices (shape `sizes`), for a map whose
    results are loop dims: its axes in loop order, broadcast along the loops it lacks."""
    positions = [r.position for r in amap.results]
    view = np.transpose(array, np.argsort(positions)) if positions else np.asarray(array)
    shape = [sizes[d] if d in positions else 1 for d in range(len(sizes))]
    return np.broadcast_to(view.reshape(shape), sizes)


def _contraction(op, inputs: list, outputs: list, sizes) -> bool:
    """matmul, batch_matmul of one element type: out += a * b over the reduction loops
    in order, for all output elements at once."""
    maps = op.indexing_maps()
    if len({v.type.element_type for v in op.operands}) != 1:
        return False
    if not all(_selects_loops(m) for m in maps):
        return False
    kinds = op.iterator_types()
    parallel = [d for d, kind in enumerate(kinds) if kind == "parallel"]
    if [r.position for r in maps[2].results] != parallel:
        return False
    a, b = (_over_loops(x, m, sizes) for x, m in zip(inputs, maps, strict=False))
    out = outputs[0]
    reduced = [range(size) if kinds[d] == "reduction" else [None] for d, size in enumerate(sizes)]
    for point in itertools.product(*reduced):
        where = tuple(slice(None) if p is None else p for p in point)
        out[...] = out + a[where] * b[where]
    return True


_FAST_PATHS = {
    linalg.FillOp: _fill,
    linalg.CopyOp: _copy,
    linalg.TransposeOp: _copy,
    linalg.BroadcastOp: _copy,
    linalg.MatmulOp: _contraction,
    linalg.BatchMatmulOp: _contraction,
    linalg.DotOp: _contraction,
    linalg.MatvecOp: _contraction,
    linalg.VecmatOp: _contraction,
}


def index(interp, op: linalg.IndexOp, operands: list) -> list:
    stack = getattr(interp, "linalg_points", None)
    if not stack:
        raise InterpreterError(f"'{op.name}' runs outside a structured op", op)
    return [np.int64(stack[-1][op.dim])]


def terminator(interp, op, operands: list) -> Terminate:
    return Terminate(op, operands)


KERNELS = {
    linalg.GenericOp: structured,
    linalg.MatmulOp: structured,
    linalg.BatchMatmulOp: structured,
    linalg.DotOp: structured,
    linalg.MatvecOp: structured,
    linalg.VecmatOp: structured,
    linalg.FillOp: structured,
    linalg.CopyOp: structured,
    linalg.MapOp: structured,
    linalg.ReduceOp: structured,
    linalg.TransposeOp: structured,
    linalg.BroadcastOp: structured,
    linalg.IndexOp: index,
    linalg.YieldOp: terminator,
}
