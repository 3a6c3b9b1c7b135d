"""nn.scan as an scf.for over the steps: each step reads its slices of the sequences
(tensor.extract_slice at the time index, the leading dimension dropped), runs the body
(moved into the loop; its nn ops are lowered where they land) and writes each per-step
output into its stacked tensor (tensor.insert_slice), carried as an iter_arg with the
carried values. `reverse` runs the time index from the last step down; the stacks keep
the sequences' order, as the kernel does. With a static number of steps 0 there is no
loop: the results are the initial carried values and empty stacks.

With `lengths`, each yielded value is blended per batch row after the body: a row at a
step t >= its length keeps its carried value and outputs zeros (a linalg.generic
selecting on `t < lengths[b]`); the lengths are asserted to lie in 0..steps.

A per-step output with a `?` size besides the leading one (an RNN over a `?` batch) gets
its stack at the first step, when the step's sizes are known (`_first_stack`). Not
lowered yet (the op stays, reported): carried values whose type the lowering changes (a
carried random key).
"""

from __future__ import annotations

from irc.dialects import arith, scf, tensor
from irc.dialects.nn import scan as nn
from irc.ir import types as T
from irc.ir.builder import InsertionPoint
from irc.ir.opdef import SEGMENT_SIZES
from irc.lowering.nn_to_linalg.common import (
    DYN,
    Emit,
    Unsupported,
    dims_map,
    identity,
    to_i64,
)
from irc.lowering.nn_to_linalg.reduce import assert_in_range


def _check(op: nn.ScanOp, carries) -> None:
    for value, arg in zip(carries, op.body.args[len(op.sequences) :], strict=False):
        if value.type != arg.type:
            raise Unsupported(f"a carried value changes type ({arg.type} to {value.type})")


def _masked(em: Emit, lengths, time, new, old):
    """Per batch row b: `new` where time < lengths[b], else `old` (or zeros)."""
    rank = new.type.rank
    element = new.type.element_type
    now = em.op(arith.IndexCastOp, [time], T.I64)

    def body(e: Emit, args):
        length, value, *rest = args
        live = e.cmpi("slt", now, to_i64(e, length))
        other = rest[0] if rest else e.constant(0, element)
        return e.select(live, value, other)

    inputs = [lengths, new] + ([old] if old is not None else [])
    maps = [dims_map(rank, [0])] + [identity(rank)] * (len(inputs) - 1)
    return em.map(inputs, maps, em.sizes(new), element, body)


def _window(rank: int, time):
    """Offsets, and strides of a one-step window at `time` of a rank-`rank` tensor."""
    return [time, *[0] * (rank - 1)], [1] * rank


def _scan(em: Emit, op: nn.ScanOp, operands):
    counts = op.properties[SEGMENT_SIZES].values
    sequences = operands[: counts[0]]
    carries = operands[counts[0] : counts[0] + counts[1]]
    invariants = operands[counts[0] + counts[1] : counts[0] + counts[1] + counts[2]]
    _check(op, carries)
    rewriter = em.builder.rewriter
    steps = em.size(sequences[0], 0)
    for number, sequence in enumerate(sequences[1:], start=1):
        em.assert_equal(
            em.size(sequence, 0), steps,
            f"'nn.scan' sequence #{number} must have as many steps as sequence #0",
        )  # fmt: skip
    lengths = operands[-1] if op.lengths is not None else None
    if lengths is not None:
        message = "'nn.scan' a length is outside 0..steps (the number of steps)"
        assert_in_range(em, lengths, steps, message, inclusive=True)
        rows = em.size(lengths, 0)
        for number, value in enumerate(carries):
            em.assert_equal(
                em.size(value, 0), rows,
                f"'nn.scan' carried value #{number} must have a row per length",
            )  # fmt: skip
    sequence_sizes = [[steps, *[em.size(s, d) for d in range(1, s.type.rank)]] for s in sequences]
    stacks = [_first_stack(em, steps, r.type, carries) for r in op.stacked_outputs]
    if steps == 0:  # no loop: its one-step windows would be out of bounds of the sequences
        return [*carries, *stacks]
    upper = em.size_value(steps)
    inits = [*carries, *stacks]
    loop = scf.ForOp.build(em.index(0), upper, em.index(1), inits, location=em.location)
    em.insert(loop)
    body = loop.body
    inner = Emit(_builder_at(em, body))
    induction = body.args[0]
    time = induction
    if op.reverse:
        last = inner.binary(arith.SubIOp, upper, inner.index(1))
        time = inner.binary(arith.SubIOp, last, induction)
    slices = []
    for sequence, sizes in zip(sequences, sequence_sizes, strict=True):
        offsets, strides = _window(len(sizes), time)
        slice_type = nn.slice_type(sequence.type)
        built = tensor.ExtractSliceOp.build(sequence, offsets, [1, *sizes[1:]], strides, slice_type)
        slices.append(inner.insert(built).results[0])
    carried = list(body.args[1 : 1 + len(carries)])
    stack_args = list(body.args[1 + len(carries) :])
    scan_body = op.body
    terminator = scan_body.last
    rewriter.merge_blocks(scan_body, body, [*slices, *carried, *invariants])
    yielded = list(terminator.operands)
    inner.builder.insertion_point = InsertionPoint.before(terminator)
    if lengths is not None:
        olds = carried + [None] * (len(yielded) - len(carried))
        yielded = [_masked(inner, lengths, time, v, o) for v, o in zip(yielded, olds, strict=True)]
    written = []
    for number, (value, stack) in enumerate(zip(yielded[len(carries) :], stack_args, strict=True)):
        if DYN in stack.type.shape[1:]:
            stack = _sized_at_first_step(inner, induction, upper, stack, value)
            for axis in (a for a, size in enumerate(value.type.shape) if size == DYN):
                inner.assert_equal(
                    inner.size(value, axis), inner.size(stack, axis + 1),
                    f"'nn.scan' per-step output #{number} changes shape between steps; only "
                    "outputs of one shape can be stacked",
                )  # fmt: skip
        rank = stack.type.rank
        offsets, strides = _window(rank, time)
        sizes = [1, *inner.sizes(value)]
        built = tensor.InsertSliceOp.build(value, stack, offsets, sizes, strides)
        written.append(inner.insert(built).results[0])
    inner.builder.create(scf.YieldOp, [*yielded[: len(carries)], *written], [])
    rewriter.erase_op(terminator)
    return list(loop.results)


def _first_stack(em: Emit, steps, stacked: T.TensorType, carries):
    """The stacked output before the loop. A `?` size beyond the leading one is known
    only from a step's value: the stack is allocated again at the first step
    (`_sized_at_first_step`); until then it takes the sizes of a carried value of the
    per-step type (an RNN's outputs are its state), else 0 - the result when there are
    no steps (the interpreter instead runs the body once to find them)."""
    step_type = T.TensorType(stacked.shape[1:], stacked.element_type)
    like = next((c for c in carries if c.type == step_type), None)
    sizes = [steps]
    for axis, size in enumerate(stacked.shape[1:]):
        if size != DYN:
            sizes.append(size)
        else:
            sizes.append(em.size(like, axis) if like is not None else em.index(0))
    return em.empty(sizes, stacked.element_type)


def _sized_at_first_step(em: Emit, induction, steps, stack, value):
    """At step 0 a fresh stack of the step value's sizes, else the carried one."""
    first = em.cmpi("eq", induction, em.index(0))
    branch = em.insert(scf.IfOp.build(first, [stack.type], with_else=True, location=em.location))
    then = Emit(_builder_at(em, branch.regions[0].blocks[0]))
    fresh = then.empty([steps, *then.sizes(value)], stack.type.element_type)
    then.builder.create(scf.YieldOp, [fresh], [])
    otherwise = Emit(_builder_at(em, branch.regions[1].blocks[0]))
    otherwise.builder.create(scf.YieldOp, [stack], [])
    return branch.results[0]


def _builder_at(em: Emit, block):
    builder = type(em.builder)(em.builder.rewriter, em.location)
    builder.insertion_point = InsertionPoint.at_end(block)
    return builder


RULES = {nn.ScanOp: _scan}
