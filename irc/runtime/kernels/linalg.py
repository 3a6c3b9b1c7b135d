"""Interpreter kernels of the linalg dialect.

Every structured op runs as its generic form (the named ops through the body their
parser built): the loop sizes come from the operand shapes through the indexing maps,
as MLIR derives loop ranges (the first operand dimension indexed by exactly `d_i` gives
the size of loop `i`); the loop nest runs in order, the last loop fastest, and the body
runs once per point with `interp.run_region` on the elements the maps select. Its
`linalg.yield` gives the new output elements.

On tensors the op starts from copies of the outputs and returns them (value semantics:
no operand is ever written); on memrefs it writes the outputs in place. `linalg.index`
reads the point of the innermost running op. Operand sizes that disagree with the loop
sizes at run time (an access outside an operand) are located errors naming the op.
"""

from __future__ import annotations

import itertools

import numpy as np

from irc.dialects import linalg
from irc.ir import affine
from irc.ir import types as T
from irc.runtime.interpreter import InterpreterError, Terminate


def _shape_text(shape) -> str:
    return "x".join(str(s) for s in shape) if shape else "()"


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
                    f"'{op.name}' operand #{number} has shape {_shape_text(shape)}, but the "
                    f"loops (sizes {_shape_text(sizes)}) index dimension {dim} from {low} to "
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
    if fast is not None and fast(op, inputs, outputs):
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


def _fill(op, inputs: list, outputs: list) -> bool:
    """linalg.fill: every output element is the value (its body only yields it)."""
    outputs[0][...] = inputs[0]
    return True


def _copy(op, inputs: list, outputs: list) -> bool:
    """linalg.copy of one element type: the body only yields its input."""
    if op.inputs[0].type.element_type is not op.outputs[0].type.element_type:
        return False
    np.copyto(outputs[0], inputs[0])
    return True


_FAST_PATHS = {linalg.FillOp: _fill, linalg.CopyOp: _copy}


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
    linalg.FillOp: structured,
    linalg.CopyOp: structured,
    linalg.MapOp: structured,
    linalg.ReduceOp: structured,
    linalg.TransposeOp: structured,
    linalg.BroadcastOp: structured,
    linalg.IndexOp: index,
    linalg.YieldOp: terminator,
}
