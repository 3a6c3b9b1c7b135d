"""Interpreter kernels of nn.scan and nn.yield: the body runs once per step with
`interp.run_region`; per-step outputs are stacked with numpy in the time order of the
sequences (with `reverse` too).

With `lengths`, a row past its length keeps its carried values and outputs zeros: the
yielded values are blended with the previous ones by a per-row mask. Run-time faults
(sequences of different lengths, a length out of range, a per-step output whose shape
changes between steps) are located at the scan. With no steps, a `?` size of a stacked
output is found by running the body once on zero slices, its values dropped.
"""

from __future__ import annotations

import numpy as np

from irc.dialects.nn import scan as nn
from irc.dialects.nn.common import DYN, shape_text
from irc.ir.opdef import SEGMENT_SIZES
from irc.runtime.interpreter import InterpreterError, Terminate, numpy_dtype
from irc.runtime.kernels.nn.common import check_shape

# -- checks -----------------------------------------------------------------------------------


def _steps(op: nn.ScanOp, sequences: list) -> int:
    """The number of steps, the same for every sequence."""
    sizes = [np.shape(s)[0] for s in sequences]
    for index, size in enumerate(sizes):
        if size != sizes[0]:
            raise InterpreterError(
                f"'nn.scan' sequences have different numbers of steps at run time: "
                f"{sizes[0]} in sequence #0 and {size} in sequence #{index}",
                op,
            )
    return sizes[0]


def _checked_lengths(op: nn.ScanOp, lengths, steps: int) -> np.ndarray:
    lengths = np.asarray(lengths).astype(np.int64)
    outside = np.flatnonzero((lengths < 0) | (lengths > steps))
    if outside.size:
        row = int(outside[0])
        raise InterpreterError(
            f"'nn.scan' lengths[{row}] = {lengths[row]} is outside 0..{steps} (the number "
            "of steps)",
            op,
        )
    return lengths


def _check_batch(op: nn.ScanOp, what: str, value, batch: int) -> None:
    shape = np.shape(value)
    if not shape or shape[0] != batch:
        raise InterpreterError(
            f"'nn.scan' {what} has shape {shape_text(shape)} at run time, but lengths "
            f"gives a batch of {batch} rows",
            op,
        )


# -- masking of padded rows -------------------------------------------------------------------


def _row_mask(live: np.ndarray, value) -> np.ndarray:
    """`live` (one flag per batch row) shaped to broadcast against `value`."""
    return live.reshape((-1,) + (1,) * (np.ndim(value) - 1))


def _masked_step(op, carries: list, yielded: list, live: np.ndarray) -> tuple[list, list]:
    """Padded rows keep their carried values and output zeros."""
    count = len(carries)
    for number, value in enumerate(yielded):
        what = (
            f"carried value #{number}" if number < count else f"per-step output #{number - count}"
        )
        _check_batch(op, what, value, live.shape[0])
    for number, (new, old) in enumerate(zip(yielded, carries, strict=False)):
        if np.shape(new) != np.shape(old):
            raise InterpreterError(
                f"'nn.scan' carried value #{number} changes shape from "
                f"{shape_text(np.shape(old))} to {shape_text(np.shape(new))}; with lengths a "
                "padded row keeps its old value, so the shape must stay",
                op,
            )
    kept = [
        np.where(_row_mask(live, new), new, old)
        for new, old in zip(yielded[:count], carries, strict=True)
    ]
    outputs = [np.where(_row_mask(live, y), y, np.zeros_like(y)) for y in yielded[count:]]
    return kept, outputs


# -- stacking ---------------------------------------------------------------------------------


def _empty_shapes(interp, op: nn.ScanOp, sequences, carries, invariants) -> list:
    """The shape of each per-step output when there are no steps: the types' static
    sizes, and for a `?` what one step would give, found by running the body once on
    zero slices (its values are dropped); if that faults, 0."""
    types = [r.type for r in op.stacked_outputs]
    shapes = [tuple(0 if d == DYN else d for d in t.shape[1:]) for t in types]
    if not any(DYN in t.shape[1:] for t in types):
        return shapes
    slices = [np.zeros(np.shape(s)[1:], np.asarray(s).dtype) for s in sequences]
    try:
        yielded = interp.run_region(op.regions[0], [*slices, *carries, *invariants]).values
    except InterpreterError:
        return shapes
    return [np.shape(value) for value in yielded[len(carries) :]]


def _stack(op: nn.ScanOp, number: int, per_step: list, empty_shape=None) -> np.ndarray:
    """The outputs of every step (in time order) as one array of result type's dtype."""
    result_type = op.stacked_outputs[number].type
    dtype = numpy_dtype(result_type)
    if not per_step:
        return np.zeros((0, *empty_shape), dtype=dtype)
    first = np.shape(per_step[0])
    for step, value in enumerate(per_step):
        if np.shape(value) != first:
            raise InterpreterError(
                f"'nn.scan' per-step output #{number} has shape {shape_text(np.shape(value))} "
                f"at step {step} but {shape_text(first)} at step 0; only outputs of one "
                "shape can be stacked",
                op,
            )
    stacked = np.stack([np.asarray(v, dtype=dtype) for v in per_step])
    check_shape(op, stacked.shape, result_type)
    return stacked


# -- kernels ----------------------------------------------------------------------------------


def scan(interp, op: nn.ScanOp, operands: list) -> list:
    sizes = op.properties[SEGMENT_SIZES].values
    sequences = operands[: sizes[0]]
    carries = list(operands[sizes[0] : sizes[0] + sizes[1]])
    invariants = operands[sizes[0] + sizes[1] : sizes[0] + sizes[1] + sizes[2]]
    steps = _steps(op, sequences)
    lengths = None
    if sizes[3]:
        lengths = _checked_lengths(op, operands[-1], steps)
        for number, value in enumerate(carries):
            _check_batch(op, f"carried value #{number}", value, lengths.shape[0])
    outputs: list[list] = [[None] * steps for _ in op.stacked_outputs]
    order = range(steps - 1, -1, -1) if op.reverse else range(steps)
    body = op.regions[0]
    for t in order:
        slices = [s[t, ...] for s in sequences]  # rank 0 stays an array
        yielded = list(interp.run_region(body, [*slices, *carries, *invariants]).values)
        if lengths is None:
            carries, step_outputs = yielded[: len(carries)], yielded[len(carries) :]
        else:
            carries, step_outputs = _masked_step(op, carries, yielded, t < lengths)
        for number, value in enumerate(step_outputs):
            outputs[number][t] = value
    empty = _empty_shapes(interp, op, sequences, carries, invariants) if not steps else None
    stacked = [
        _stack(op, number, per_step, None if empty is None else empty[number])
        for number, per_step in enumerate(outputs)
    ]
    return [*carries, *stacked]


def terminator(interp, op: nn.YieldOp, operands: list) -> Terminate:
    return Terminate(op, operands)


KERNELS = {nn.ScanOp: scan, nn.YieldOp: terminator}
