"""convert-scf-parallel-to-threads: outline each outermost scf.parallel so that the JIT can
run it on several threads.

For every `scf.parallel` in a function that is not inside another one and carries no
reductions, the pass writes a private function over a range of iterations of its first
dimension, and calls it once for the whole range:

    scf.parallel (%i, %j) = (%lb, %c0) to (%ub, %m) step (%s, %c1) { body(%a, %i, %j) }
      ─▶
    %n = arith.ceildivsi (%ub - %lb), %s                  (iterations of the first dimension)
    func.call @f_parallel_0(%c0, %n, %lb, %s, %m, %a) {irc.parallel_grain = 512 : i64}
    func.func private @f_parallel_0(%lo, %hi, %lb, %s, %m, %a) {
      scf.parallel (%i, %j) = (%lb + %lo * %s, %c0) to (%lb + %hi * %s, %m) step (%s, %c1) {
        body(%a, %i, %j)
      }
    }

The function takes the iteration numbers [lo, hi), then every value the loop uses from
outside it (constants are cloned in instead, so LLVM still sees them). The call is an
ordinary `func.call`: read without the discardable attribute `irc.parallel_grain`, it
computes the same thing sequentially, so every other pass and the interpreter need not
know about threads. The attribute says that the call may be split into disjoint
sub-ranges run at the same time, each of at least `grain` iterations; the LLVM
translation (irc/lowering/llvmir/threads.py) does that through the thread pool of
irc/runtime/threads.py.

The grain keeps small loops on one thread: a chunk should hold at least
`min-ops-per-chunk` ops (default 2^15: some 10 to 30 us of scalar work, where handing a
region to the pool costs 0.3 to 2 us with two threads, see benchmarks/jit_threads.py),
and a range shorter than two grains runs on the calling thread without the pool. The ops
of one iteration of the first dimension are counted statically: the body's ops, times
the trip counts of the other dimensions and of nested loops where their bounds are
constants, `DYNAMIC_TRIPS` where they are not.

Left alone: scf.parallel with reductions (`init` values), which run sequentially as
before (correctness first: a combination needs an identity the op does not name), and
scf.parallel nested in another scf.parallel, which runs sequentially inside its outer
loop's chunk. A function called from a parallel body may have parallel loops of its own;
the runtime then runs them sequentially on the thread that calls them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from irc.dialects import arith, func, scf
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.builder import Builder, InsertionPoint
from irc.ir.core import Block, BlockArgument, Operation, Region, Value
from irc.passes.pass_manager import Pass, PassContext, option

GRAIN_ATTR = "irc.parallel_grain"
DYNAMIC_TRIPS = 32  # assumed trip count of a loop whose bounds are not constants


# -- helpers ----------------------------------------------------------------------------------


def constant_int(value: Value) -> int | None:
    op = getattr(value, "op", None)
    if isinstance(op, arith.ConstantOp) and isinstance(op.properties["value"], A.IntegerAttr):
        return op.properties["value"].value
    return None


def trip_count(lower: Value, upper: Value, step: Value) -> int:
    """The static trip count of one loop dimension, `DYNAMIC_TRIPS` when unknown."""
    bounds = [constant_int(v) for v in (lower, upper, step)]
    if None in bounds or bounds[2] <= 0:
        return DYNAMIC_TRIPS
    return max(0, -(-(bounds[1] - bounds[0]) // bounds[2]))


def ops_in(block: Block) -> int:
    """Ops one run of `block` executes, nested loops counted times their trip counts."""
    total = 0
    for op in block:
        if isinstance(op, (arith.ConstantOp, scf.YieldOp, scf.ReduceOp)):
            continue
        inner = sum(ops_in(b) for region in op.regions for b in region.blocks)
        if isinstance(op, scf.ForOp):
            inner *= trip_count(*op.operands[:3])
        elif isinstance(op, scf.ParallelOp):
            inner *= math.prod(_dimension_trips(op))
        total += 1 + inner
    return total


def _dimension_trips(op: scf.ParallelOp) -> list[int]:
    groups = (op.operand_group(n) for n in ("lowerBound", "upperBound", "step"))
    return [trip_count(lo, hi, st) for lo, hi, st in zip(*groups, strict=True)]


def grain_for(op: scf.ParallelOp, min_ops: int) -> int:
    """Fewest iterations of the first dimension worth a chunk of their own."""
    per_iteration = ops_in(op.regions[0].blocks[0]) * math.prod(_dimension_trips(op)[1:])
    return max(1, -(-min_ops // max(1, per_iteration)))


def _defined_inside(value: Value, op: Operation) -> bool:
    owner = value.block.parent_op if isinstance(value, BlockArgument) else value.op
    return owner is op or (owner is not None and op.is_ancestor_of(owner))


def captured_values(op: scf.ParallelOp) -> list[Value]:
    """Values the loop uses from outside it, in first-use order: its own bounds but the
    first upper one (which the outlined function replaces), then those its body uses."""
    found: dict[Value, None] = {}
    rank = len(op.operand_group("step"))
    for index, operand in enumerate(op.operands):
        if index != rank:
            found.setdefault(operand, None)
    for inner in op.walk():
        if inner is op:
            continue
        for operand in inner.operands:
            if not _defined_inside(operand, op):
                found.setdefault(operand, None)
    return list(found)


def outlinable(op: Operation) -> bool:
    return (
        isinstance(op, scf.ParallelOp)
        and not op.results
        and not any(isinstance(p, scf.ParallelOp) for p in op.ancestors())
    )


def _unique_name(base: str, taken: set[str]) -> str:
    number = 0
    while f"{base}_parallel_{number}" in taken:
        number += 1
    name = f"{base}_parallel_{number}"
    taken.add(name)
    return name


# -- outlining --------------------------------------------------------------------------------


def _iteration_count(b: Builder, lower: Value, upper: Value, step: Value) -> Value:
    """ceildiv(upper - lower, step), folded where lower is 0 or step is 1."""
    span = upper if constant_int(lower) == 0 else b.create(
        arith.SubIOp, [upper, lower], [T.INDEX]).result  # fmt: skip
    if constant_int(step) == 1:
        return span
    return b.create(arith.CeilDivSIOp, [span, step], [T.INDEX]).result


def _index_of(b: Builder, iteration: Value, lower: Value, step: Value) -> Value:
    """lower + iteration * step, folded where lower is 0 or step is 1."""
    if constant_int(step) != 1:
        iteration = b.create(arith.MulIOp, [iteration, step], [T.INDEX]).result
    if constant_int(lower) == 0:
        return iteration
    return b.create(arith.AddIOp, [lower, iteration], [T.INDEX]).result


def _constant(b: Builder, value: int) -> Value:
    return b.create(arith.ConstantOp, [], [T.INDEX], {"value": A.IntegerAttr(value, T.INDEX)})


def outline(op: scf.ParallelOp, name: str, grain: int) -> func.FuncOp:
    """Replace `op` by a call of a new function `name` (returned, not yet placed)."""
    location = op.location
    captured = captured_values(op)
    passed = [v for v in captured if not isinstance(getattr(v, "op", None), arith.ConstantOp)]
    entry = Block([T.INDEX, T.INDEX, *(v.type for v in passed)], [location] * (2 + len(passed)))
    body = Builder(InsertionPoint.at_end(entry), location)
    mapping: dict = dict(zip(passed, entry.args[2:], strict=True))
    for value in captured:
        if value not in mapping:
            mapping[value] = body.insert(value.op.clone()).result
    rank = len(op.operand_group("step"))
    lower, step = (mapping[op.operand_group(g)[0]] for g in ("lowerBound", "step"))
    start = _index_of(body, entry.args[0], lower, step)
    stop = _index_of(body, entry.args[1], lower, step)
    clone = body.insert(op.clone(mapping))
    clone.set_operand(0, start)
    clone.set_operand(rank, stop)
    body.create(func.ReturnOp, [])
    function_type = T.FunctionType([a.type for a in entry.args], [])
    outlined = func.FuncOp(
        properties={
            "sym_name": A.StringAttr(name),
            "function_type": A.TypeAttr(function_type),
            "sym_visibility": A.StringAttr("private"),
        },
        regions=[Region([entry])],
        location=location,
    )

    b = Builder(InsertionPoint.before(op), location)
    bounds = [op.operand_group(g)[0] for g in ("lowerBound", "upperBound", "step")]
    count = _iteration_count(b, *bounds)
    b.create(
        func.CallOp,
        [_constant(b, 0).result, count, *passed],
        properties={"callee": A.SymbolRefAttr(name)},
        attributes={GRAIN_ATTR: A.IntegerAttr(grain, T.I64)},
    )
    op.erase()
    return outlined


# -- the pass ---------------------------------------------------------------------------------


@dataclass
class ConvertSCFParallelToThreads(Pass):
    name = "convert-scf-parallel-to-threads"
    summary = (
        "Outline each outermost scf.parallel into a function over a range of its first "
        "dimension, called with the irc.parallel_grain attribute that lets the JIT split "
        "the range across threads"
    )
    anchor = "builtin.module"

    min_ops_per_chunk: int = option(
        1 << 15, "Fewest ops a chunk run on a thread of its own should execute"
    )

    def run(self, op: Operation, context: PassContext) -> None:
        taken = {
            f.sym_name for f in op.regions[0].ops() if isinstance(f, func.FuncOp) and f.sym_name
        }
        for function in list(op.regions[0].ops()):
            if not isinstance(function, func.FuncOp) or function.is_declaration:
                continue
            anchor = function
            for loop in [inner for inner in function.walk() if outlinable(inner)]:
                name = _unique_name(function.sym_name, taken)
                outlined = outline(loop, name, grain_for(loop, self.min_ops_per_chunk))
                anchor = op.regions[0].blocks[0].insert_after(anchor, outlined)
