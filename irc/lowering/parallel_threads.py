"""convert-scf-parallel-to-threads: outline each outermost scf.parallel so that the JIT can
run it on several threads.

For every `scf.parallel` in a function that is not inside another one, the pass writes
a private function over a range of iterations of its first dimension, and calls it once
for the whole range:

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

Reductions: when every region of the loop's scf.reduce is one commutative op with a
known identity (`IDENTITIES`: addf from -0.0, mulf, the float and integer min/max,
addi, muli, andi, ori, xori), each chunk reduces its range from the identity and stores
its partial result in one of `SLOTS` (64) slots, `lo * 64 / count`; the caller fills the
slots with the identity before the call and combines the init value with the slots in
order after it, with the regions' own ops. The call's `irc.parallel_max_chunks = 64`
tells the translation to cut the range into at most 64 chunks, so that chunks never
share a slot. Floats are thus summed in another order than the sequential loop's (the
op leaves the order unspecified); one chunk gives the sequential loop's result exactly.

Left alone: scf.parallel whose reduction has no known identity (it runs sequentially,
as convert-scf-to-cf lowers it), and scf.parallel nested in another scf.parallel, which
runs sequentially inside its outer loop's chunk. A function called from a parallel body
may have parallel loops of its own; the runtime then runs them sequentially on the
thread that calls them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from irc.dialects import arith, func, memref, scf
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.builder import Builder, InsertionPoint
from irc.ir.core import Block, BlockArgument, Operation, Region, Value
from irc.passes.pass_manager import Pass, PassContext, option

GRAIN_ATTR = "irc.parallel_grain"
MAX_CHUNKS_ATTR = "irc.parallel_max_chunks"
SLOTS = 64  # partial results per reduction: the most chunks a reduction's range is cut into
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
    first upper one (which the outlined function replaces), then those its body uses
    (init values are not passed: each chunk starts from the identity)."""
    found: dict[Value, None] = {}
    rank = len(op.operand_group("step"))
    for index, operand in enumerate(op.operands[: 3 * rank]):
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
    """An outermost scf.parallel whose reductions (if any) all have a known identity."""
    if not isinstance(op, scf.ParallelOp):
        return False
    if any(isinstance(p, scf.ParallelOp) for p in op.ancestors()):
        return False
    reduce = op.regions[0].blocks[0].last
    return not op.results or all(identity_of(r) is not None for r in reduce.regions)


def _unique_name(base: str, taken: set[str]) -> str:
    number = 0
    while f"{base}_parallel_{number}" in taken:
        number += 1
    name = f"{base}_parallel_{number}"
    taken.add(name)
    return name


# -- reductions -------------------------------------------------------------------------------


def _float(value: float):
    return lambda t: A.FloatAttr(value, t) if isinstance(t, T.FloatType) else None


def _integer(value_of_width):
    def identity(t):
        if isinstance(t, T.IndexType):
            return A.IntegerAttr(value_of_width(64), t)
        if isinstance(t, T.IntegerType):
            return A.IntegerAttr(value_of_width(t.width), t)
        return None

    return identity


# combining op -> its identity for a type: every chunk starts its partial result there
IDENTITIES = {
    arith.AddFOp: _float(-0.0),  # -0.0 + x = x, also for x = +0.0
    arith.MulFOp: _float(1.0),
    arith.MaxNumFOp: _float(-math.inf),
    arith.MaximumFOp: _float(-math.inf),
    arith.MinNumFOp: _float(math.inf),
    arith.MinimumFOp: _float(math.inf),
    arith.AddIOp: _integer(lambda width: 0),
    arith.OrIOp: _integer(lambda width: 0),
    arith.XOrIOp: _integer(lambda width: 0),
    arith.MaxUIOp: _integer(lambda width: 0),
    arith.MulIOp: _integer(lambda width: 1),
    arith.AndIOp: _integer(lambda width: -1),
    arith.MinUIOp: _integer(lambda width: -1),  # all ones
    arith.MaxSIOp: _integer(lambda width: -(1 << (width - 1))),
    arith.MinSIOp: _integer(lambda width: (1 << (width - 1)) - 1),
}


def _combiner(region: Region) -> Operation | None:
    """The one op of a reduction region that combines its two arguments, else None."""
    block = region.blocks[0]
    ops = list(block)
    if len(ops) != 2 or not isinstance(ops[1], scf.ReduceReturnOp):
        return None
    combine = ops[0]
    if len(combine.operands) != 2 or set(combine.operands) != set(block.args):
        return None
    return combine if ops[1].operands[0] is combine.results[0] else None


def identity_of(region: Region) -> A.Attribute | None:
    """The identity of a reduction region's combination, if irc knows one."""
    combine = _combiner(region)
    rule = IDENTITIES.get(type(combine)) if combine is not None else None
    return rule(region.blocks[0].args[0].type) if rule is not None else None


def _materialize(b: Builder, attribute: A.Attribute) -> Value:
    return b.create(arith.ConstantOp, [], [attribute.type], {"value": attribute}).result


def _partials(b: Builder, op: scf.ParallelOp, identities: list[Value]) -> list[Value]:
    """A buffer of `SLOTS` partial results per reduction, every slot the identity."""
    buffers = []
    for identity in identities:
        t = T.MemRefType([SLOTS], identity.type)
        buffers.append(b.insert(memref.AllocaOp.build(t)).result)
    zero, one, slots = (_constant(b, v).result for v in (0, 1, SLOTS))
    fill = b.insert(scf.ForOp.build(zero, slots, one, location=op.location))
    with b.at(InsertionPoint.before(fill.body.last)):
        for identity, buffer in zip(identities, buffers, strict=True):
            b.create(memref.StoreOp, [identity, buffer, fill.body.args[0]])
    return buffers


def _combine_partials(b: Builder, op: scf.ParallelOp, buffers: list[Value]) -> list[Value]:
    """init combined with every slot in order, by the reduction regions' own ops."""
    zero, one, slots = (_constant(b, v).result for v in (0, 1, SLOTS))
    inits = op.operand_group("initVals")
    loop = b.insert(scf.ForOp.build(zero, slots, one, inits, location=op.location))
    reduce = op.regions[0].blocks[0].last
    with b.at(InsertionPoint.at_end(loop.body)):
        combined = []
        for number, (region, buffer) in enumerate(zip(reduce.regions, buffers, strict=True)):
            value = b.create(memref.LoadOp, [buffer, loop.body.args[0]],
                             [buffer.type.element_type]).result  # fmt: skip
            lhs, rhs = region.blocks[0].args
            mapping = {lhs: loop.body.args[1 + number], rhs: value}
            combined.append(b.insert(_combiner(region).clone(mapping)).results[0])
        b.create(scf.YieldOp, combined)
    return list(loop.results)


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


def _function(name: str, entry: Block, location) -> func.FuncOp:
    function_type = T.FunctionType([a.type for a in entry.args], [])
    return func.FuncOp(
        properties={
            "sym_name": A.StringAttr(name),
            "function_type": A.TypeAttr(function_type),
            "sym_visibility": A.StringAttr("private"),
        },
        regions=[Region([entry])],
        location=location,
    )


def outline(op: scf.ParallelOp, name: str, grain: int) -> func.FuncOp:
    """Replace `op` by a call of a new function `name` (returned, not yet placed).

    With reductions the function also takes the total iteration count and a buffer of
    `SLOTS` partial results per reduction: it reduces its range from the identity and
    stores the result in slot `lo * SLOTS / count`, which differs between chunks of at
    least count / SLOTS iterations (the call says so with `irc.parallel_max_chunks`); the
    caller fills the buffers with the identity before and combines init with every slot
    after, in slot order."""
    location = op.location
    reduce = op.regions[0].blocks[0].last
    b = Builder(InsertionPoint.before(op), location)
    bounds = [op.operand_group(g)[0] for g in ("lowerBound", "upperBound", "step")]
    count = _iteration_count(b, *bounds)
    identities = [_materialize(b, identity_of(r)) for r in reduce.regions] if op.results else []
    buffers = _partials(b, op, identities) if identities else []
    captured = captured_values(op)
    passed = [v for v in captured if not isinstance(getattr(v, "op", None), arith.ConstantOp)]
    extra = [count, *buffers] if buffers else []
    arguments = [*extra, *passed]
    types = [T.INDEX, T.INDEX, *(v.type for v in arguments)]
    entry = Block(types, [location] * len(types))
    body = Builder(InsertionPoint.at_end(entry), location)
    mapping: dict = dict(zip(passed, entry.args[2 + len(extra) :], strict=True))
    for value in captured:
        if value not in mapping:
            mapping[value] = body.insert(value.op.clone()).result
    rank = len(op.operand_group("step"))
    lower, step = (mapping[op.operand_group(g)[0]] for g in ("lowerBound", "step"))
    start = _index_of(body, entry.args[0], lower, step)
    stop = _index_of(body, entry.args[1], lower, step)
    starts = [body.insert(identity.op.clone()).result for identity in identities]
    clone = body.insert(op.clone(mapping))
    clone.set_operand(0, start)
    clone.set_operand(rank, stop)
    for number, value in enumerate(starts):  # each chunk reduces from the identity
        clone.set_operand(3 * rank + number, value)
    if buffers:
        _store_partials(body, clone, entry, len(buffers))
    body.create(func.ReturnOp, [])

    attributes = {GRAIN_ATTR: A.IntegerAttr(grain, T.I64)}
    if buffers:
        attributes[MAX_CHUNKS_ATTR] = A.IntegerAttr(SLOTS, T.I64)
    b.create(
        func.CallOp,
        [_constant(b, 0).result, count, *arguments],
        properties={"callee": A.SymbolRefAttr(name)},
        attributes=attributes,
    )
    if buffers:
        op.replace_all_uses_with(_combine_partials(b, op, buffers))
    op.erase()
    return _function(name, entry, location)


def _store_partials(body: Builder, clone, entry: Block, count: int) -> None:
    """Store the chunk's reductions in its slot, lo * SLOTS / max(total, 1)."""
    lo, total = entry.args[0], entry.args[2]
    one, slots = _constant(body, 1).result, _constant(body, SLOTS).result
    scaled = body.create(arith.MulIOp, [lo, slots], [T.INDEX]).result
    positive = body.create(arith.MaxSIOp, [total, one], [T.INDEX]).result
    slot = body.create(arith.DivSIOp, [scaled, positive], [T.INDEX]).result
    for number in range(count):
        buffer = entry.args[3 + number]
        body.create(memref.StoreOp, [clone.results[number], buffer, slot])


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
