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
its stack before the loop, of the sizes the first step outputs, and later steps are
asserted to output the same sizes. The stack must have its sizes before the loop: scf.for
hands each step the buffer its init got, so a stack allocated anew at the first step
would be copied into the init's buffer. The sizes come from the per-step type (static),
from the operand the body yields unchanged (a slice, carried value or invariant), or from
the initial value of a carried value whose yielded value is also that output (an RNN's
outputs are its state); otherwise the first step is peeled off the loop (`_first_step`,
on a copy of the body; the loop runs the other steps), in an scf.if when the number of
steps is `?`. With no steps a stack's `?` sizes are those of the output of the body's
ops run on zero slices, as the interpreter finds them. A scan with no results gets a
loop whose body is the scan's.

Not lowered yet (the op stays, reported): carried values whose type the lowering changes
(a carried random key), and a body with nested regions (a scan in a scan) that would
have to be copied (the copy's scan is created while this rule runs, which the driver
does not apply again).
"""

from __future__ import annotations

from irc.dialects import arith, scf, tensor
from irc.dialects.nn import scan as nn
from irc.ir import types as T
from irc.ir.builder import InsertionPoint
from irc.ir.core import OpResult
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
    sources = _size_sources(op)
    if "step" in sources and any(inner.regions for inner in op.body):
        raise Unsupported(
            "a per-step output's `?` sizes would come from its first step run before the "
            "loop on a copy of the body, which cannot hold nested regions (a scan) yet"
        )
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
    inputs = _Inputs(em, op, sequences, carries, invariants, steps)
    peeled = "step" in sources and steps != 0
    if peeled:  # the first step before the loop: the stacks get the sizes it outputs
        inits = _first_step(em, inputs, lengths, sources)
    else:
        inits = _before_steps(em, inputs, sources)
    if steps == 0:  # no loop: its one-step windows would be out of bounds of the sequences
        return inits
    upper = em.size_value(steps)
    start = em.index(1 if peeled else 0)
    loop = scf.ForOp.build(start, upper, em.index(1), inits, location=em.location)
    if not inits:
        loop.body.last.detach()  # the scf.yield built with it: the body's goes last
    em.insert(loop)
    body = loop.body
    inner = Emit(_builder_at(em, body))
    induction = body.args[0]
    time = induction
    if op.reverse:
        last = inner.binary(arith.SubIOp, upper, inner.index(1))
        time = inner.binary(arith.SubIOp, last, induction)
    slices = inputs.slices(inner, time)
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


# -- the sizes of the stacks ------------------------------------------------------------------


class _Inputs:
    """A scan's operands, and its body's arguments at one step."""

    def __init__(self, em: Emit, op: nn.ScanOp, sequences, carries, invariants, steps):
        self.op, self.steps = op, steps
        self.sequences, self.carries, self.invariants = sequences, carries, invariants
        self.slice_sizes = [[em.size(s, d) for d in range(1, s.type.rank)] for s in sequences]

    def arguments(self, slices) -> list:
        return [*slices, *self.carries, *self.invariants]

    def slices(self, em: Emit, time) -> list:
        """Each sequence's slice at `time` (its leading dimension dropped)."""
        found = []
        for sequence, sizes in zip(self.sequences, self.slice_sizes, strict=True):
            offsets, strides = _window(1 + len(sizes), time)
            slice_type = nn.slice_type(sequence.type)
            built = tensor.ExtractSliceOp.build(sequence, offsets, [1, *sizes], strides, slice_type)
            found.append(em.insert(built).results[0])
        return found

    def zero_slices(self, em: Emit) -> list:
        return [
            em.filled(sizes, s.type.element_type, 0)
            for s, sizes in zip(self.sequences, self.slice_sizes, strict=True)
        ]


def _size_sources(op: nn.ScanOp) -> list:
    """Where each stacked output's sizes past the leading one come from, without building
    anything: None (static), a body argument the body yields as the output, the number
    of a carried value whose yielded value is the output, else "step"."""
    count = len(op.carries)
    yielded = list(op.body.last.operands)
    sources = []
    for number, result in enumerate(op.stacked_outputs):
        value = yielded[count + number]
        carried = [k for k in range(count) if yielded[k] is value]
        if DYN not in result.type.shape[1:]:
            sources.append(None)
        elif value in op.body.args:
            sources.append(value)
        elif carried:
            sources.append(carried[0])
        else:
            sources.append("step")
    return sources


def _before_steps(em: Emit, inputs: _Inputs, sources) -> list:
    """The initial carried values and the stacks, of the sizes each step outputs (from
    a copy of the body on zero slices where the output's sizes need it: with no steps)."""
    computed = [n for n, source in enumerate(sources) if source == "step"]
    found = {}
    if computed:
        zeros = inputs.zero_slices(em)
        found = dict(zip(computed, _output_sizes(em, inputs, zeros, computed), strict=True))
    args = inputs.op.body.args
    stacks = []
    for number, source in enumerate(sources):
        if source is None:
            sizes = list(_step_shape(inputs, number))
        elif source == "step":
            sizes = found[number]
        elif isinstance(source, int):
            sizes = em.sizes(inputs.carries[source])
        else:
            sizes = _argument_sizes(em, inputs, args.index(source))
        element = inputs.op.stacked_outputs[number].type.element_type
        stacks.append(em.empty([inputs.steps, *sizes], element))
    return [*inputs.carries, *stacks]


def _argument_sizes(em: Emit, inputs: _Inputs, index: int) -> list:
    """The sizes of the body's argument #index (a slice, carried value or invariant)."""
    if index < len(inputs.sequences):
        return list(inputs.slice_sizes[index])
    return em.sizes([*inputs.carries, *inputs.invariants][index - len(inputs.sequences)])


def _first_step(em: Emit, inputs: _Inputs, lengths, sources) -> list:
    """The carried values after the first step, and the stacks holding its outputs (an
    scf.if when the number of steps is `?`: with none, `_before_steps`)."""
    if isinstance(inputs.steps, int):
        return _peeled(em, inputs, lengths)
    some = em.cmpi("sgt", inputs.steps, em.index(0))
    stack_types = [
        T.TensorType((DYN, *r.type.shape[1:]), r.type.element_type)
        for r in inputs.op.stacked_outputs
    ]
    types = [*(c.type for c in inputs.carries), *stack_types]
    branch = em.insert(scf.IfOp.build(some, types, with_else=True, location=em.location))
    then = Emit(_builder_at(em, branch.regions[0].blocks[0]))
    then.builder.create(scf.YieldOp, _peeled(then, inputs, lengths), [])
    otherwise = Emit(_builder_at(em, branch.regions[1].blocks[0]))
    otherwise.builder.create(scf.YieldOp, _before_steps(otherwise, inputs, sources), [])
    return list(branch.results)


def _peeled(em: Emit, inputs: _Inputs, lengths) -> list:
    """The first step the scan runs, on a copy of the body: its carried values, and
    stacks of the sizes of its outputs, which it writes."""
    time = em.index(0)
    if inputs.op.reverse:
        time = em.binary(arith.SubIOp, em.size_value(inputs.steps), em.index(1))
    body = inputs.op.body
    mapping = dict(zip(body.args, inputs.arguments(inputs.slices(em, time)), strict=True))
    for inner in body:
        if inner is not body.last:
            em.insert(inner.clone(mapping))
    yielded = [mapping.get(v, v) for v in body.last.operands]
    count = len(inputs.carries)
    if lengths is not None:
        olds = [*inputs.carries, *[None] * (len(yielded) - count)]
        yielded = [_masked(em, lengths, time, v, o) for v, o in zip(yielded, olds, strict=True)]
    stacks = []
    for value in yielded[count:]:
        sizes = em.sizes(value)
        stack = em.empty([inputs.steps, *sizes], value.type.element_type)
        offsets, strides = _window(stack.type.rank, time)
        built = tensor.InsertSliceOp.build(value, stack, offsets, [1, *sizes], strides)
        stacks.append(em.insert(built).results[0])
    return [*yielded[:count], *stacks]


def _output_sizes(em: Emit, inputs: _Inputs, slices, numbers) -> list[list]:
    """Copy the body's ops that per-step outputs `numbers` depend on after `em`'s
    insertion point, on these slices, and measure the outputs (the copies are nn ops: the
    driver lowers them)."""
    body = inputs.op.body
    count = len(inputs.carries)
    outputs = [body.last.operands[count + n] for n in numbers]
    mapping = dict(zip(body.args, inputs.arguments(slices), strict=True))
    for inner in _needed(body, outputs):
        em.insert(inner.clone(mapping))
    return [em.sizes(mapping.get(v, v)) for v in outputs]


def _needed(body, values) -> list:
    """The ops of `body` that `values` depend on, in the body's order."""
    pending = [v.op for v in values if isinstance(v, OpResult)]
    found = set()
    while pending:
        inner = pending.pop()
        if inner in found or inner.parent is not body:
            continue
        found.add(inner)
        pending.extend(v.op for v in inner.operands if isinstance(v, OpResult))
    return [inner for inner in body if inner in found]


def _step_shape(inputs: _Inputs, number: int) -> tuple:
    return inputs.op.stacked_outputs[number].type.shape[1:]


def _builder_at(em: Emit, block):
    builder = type(em.builder)(em.builder.rewriter, em.location)
    builder.insertion_point = InsertionPoint.at_end(block)
    return builder


RULES = {nn.ScanOp: _scan}
