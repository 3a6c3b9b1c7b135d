"""Interpreter kernels of the scf dialect: each op runs its regions with
`interp.run_region`, whose terminator (scf.yield, scf.condition, scf.reduce,
scf.reduce.return) hands back the values it carries.

Loops follow the meaning of MLIR's lowering to cf: scf.for compares the induction variable
with the upper bound, signed (or unsigned with `unsigned`), and steps it with wrapping
addition in the bounds' width; scf.parallel runs its iterations one after another, first
dimension outermost, folding each reduction in iteration order from its init value. A
step that is not positive, which MLIR leaves undefined, is a located error.
"""

from __future__ import annotations

from irc.dialects import scf
from irc.ir import types as T
from irc.ir.opdef import segment_sizes
from irc.runtime.interpreter import InterpreterError, Terminate, numpy_dtype


def _width(t: T.Type) -> int:
    return 64 if isinstance(t, T.IndexType) else t.width


def _wrap(value: int, width: int, signed: bool) -> int:
    value &= (1 << width) - 1
    if signed and value >> (width - 1):
        value -= 1 << width
    return value


def for_(interp, op: scf.ForOp, operands: list) -> list:
    lower, upper, step, *values = operands
    bound_type = op.operands[0].type
    width, signed = _width(bound_type), "unsignedCmp" not in op.properties
    induction, end, stride = (_wrap(int(v), width, signed) for v in (lower, upper, step))
    if stride <= 0:
        raise InterpreterError(f"'scf.for' step must be positive, got {stride}", op)
    make = numpy_dtype(bound_type).type
    body = op.regions[0]
    while induction < end:
        values = interp.run_region(body, [make(_wrap(induction, width, True)), *values]).values
        induction = _wrap(induction + stride, width, signed)
    return list(values)


def if_(interp, op: scf.IfOp, operands: list) -> list:
    region = op.regions[0] if operands[0] else op.regions[1]
    if not region.blocks:
        return []
    return list(interp.run_region(region, []).values)


def while_(interp, op: scf.WhileOp, operands: list) -> list:
    before, after = op.regions
    values = list(operands)
    while True:
        condition, *values = interp.run_region(before, values).values
        if not condition:
            return values
        values = list(interp.run_region(after, values).values)


def _iteration_space(op: scf.ParallelOp, operands: list) -> tuple[list[range], list]:
    """The ranges of the loop dimensions, and the init values."""
    sizes = segment_sizes(op)
    groups, start = [], 0
    for size in sizes:
        groups.append(operands[start : start + size])
        start += size
    lower, upper, step, inits = groups
    if not len(lower) == len(upper) == len(step):
        raise InterpreterError(
            f"'scf.parallel' has {len(lower)} lower bounds, {len(upper)} upper bounds and "
            f"{len(step)} steps",
            op,
        )
    for stride in step:
        if int(stride) <= 0:
            raise InterpreterError(f"'scf.parallel' step must be positive, got {stride}", op)
    bounds = zip(lower, upper, step, strict=True)
    return [range(int(lo), int(hi), int(st)) for lo, hi, st in bounds], list(inits)


def _points(ranges: list[range]):
    """Every point of the iteration space, the last dimension varying fastest."""
    if not ranges:
        yield ()
        return
    for first in ranges[0]:
        for rest in _points(ranges[1:]):
            yield (first, *rest)


def parallel(interp, op: scf.ParallelOp, operands: list) -> list:
    ranges, accumulators = _iteration_space(op, operands)
    body = op.regions[0]
    index = numpy_dtype(T.INDEX).type
    for point in _points(ranges):
        done = interp.run_region(body, [index(i) for i in point])
        reduce = done.op
        for number, value in enumerate(done.values):
            combined = interp.run_region(reduce.regions[number], [accumulators[number], value])
            accumulators[number] = combined.values[0]
    return list(accumulators)


def execute_region(interp, op: scf.ExecuteRegionOp, operands: list) -> list:
    return list(interp.run_region(op.regions[0], []).values)


def index_switch(interp, op: scf.IndexSwitchOp, operands: list) -> list:
    value = int(operands[0])
    regions = op.regions
    for number, case in enumerate(op.case_values, start=1):
        if case == value:
            return list(interp.run_region(regions[number], []).values)
    return list(interp.run_region(regions[0], []).values)


def terminator(interp, op, operands: list) -> Terminate:
    """scf.yield, scf.condition, scf.reduce, scf.reduce.return: leave the region with
    the operands (scf.condition's first is the condition)."""
    return Terminate(op, operands)


KERNELS = {
    scf.ForOp: for_,
    scf.IfOp: if_,
    scf.WhileOp: while_,
    scf.ParallelOp: parallel,
    scf.ExecuteRegionOp: execute_region,
    scf.IndexSwitchOp: index_switch,
    scf.YieldOp: terminator,
    scf.ConditionOp: terminator,
    scf.ReduceOp: terminator,
    scf.ReduceReturnOp: terminator,
}
