"""The gradient of nn.scan: back-propagation through time, as a second scan.

A scan's forward copy in the gradient function (its `FORWARD` rule, `_saving_scan`) is the
same scan with these changes:

- the values its body reads from outside (a GRU's recurrent weights) become invariants,
  so that their cotangents come back as the invariants' do;
- it saves the carried values each step starts from: one stacked output per carried value
  after its own outputs (the state before step t at t). That is all it saves: from a
  step's slices, its carried values and the invariants, the reverse step recomputes the
  body's values it needs (gates, activations), trading one more run of the body per step
  for not storing every intermediate of every step (the memory of BPTT is then one state
  per step, as with recompute-per-step checkpointing). Carried values must be tensors
  to be stacked (a carried random key is an error).

The reverse scan runs the other way over the sequences, the saved carried values and the
cotangents of the stacked outputs (those that have one). It carries the cotangents of the
carried values (starting from those of the final ones, zeros where none) and one sum per
float invariant (starting at zeros). Its body is the forward body recomputed, then the
gradient of it written by the same driver (`core.backward`), seeded with the carried
cotangents at the yielded carried values and the step's output cotangents at its outputs;
it yields the cotangents of the step's carried values, the sums plus the step's invariant
cotangents, and the cotangents of the step's slices. Its results are the cotangents of the
initial carried values, of the invariants, and of the sequences, stacked in time order.
A scan with no float operand (a mask computed from integer sequences) has no reverse
scan: its output cotangents reach nothing that takes one.

`truncate(k)` (Theano's `truncate_gradient`): the reverse scan does the backward step only
at the last k steps the forward scan ran (the last k in time, or the first k with
`reverse`); at the earlier steps every cotangent is zero: of the slices, of the invariants'
terms, of the carried values, so the initial carried values get zeros when there are more
than k steps. This equals differentiating the unrolled scan with nn.stop_gradient on every
value (carried or output) that the steps before the last k produce. The reverse scan counts
its steps in an i64 carried value; the steps outside the window are still computed, and
their results dropped with nn.select (which keeps NaN and inf there out of the sums).

With `lengths` (a padded batch) the forward scan also takes the lengths as an invariant
and outputs them at every step: the scan's own padding zeroes them where a row is padded,
which makes them the mask of real rows, saved as one more stacked output. In the reverse
step a padded row seeds nothing (the carried and output cotangents are selected to zeros
there before the body's gradient) and passes its carried cotangent on unchanged (a padded
step kept the carried value); the slices and invariants of padded rows then get zeros, as
the body's rows are independent (what lengths assumes). The padded rows' recomputed
values come from zero states: a body that is not finite there gives NaN times zero.
`lengths` together with `truncate` is an error (the window of a padded row is not
defined).
"""

from __future__ import annotations

from irc.dialects.nn import elementwise as ew
from irc.dialects.nn import shape as sh
from irc.dialects.nn.scan import ScanOp, YieldOp, slice_type
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.builder import Builder, InsertionPoint
from irc.ir.core import Operation, Value
from irc.passes.autodiff.core import AutodiffError, backward, copy_op
from irc.passes.autodiff.emit import Grad, differentiable

# -- the forward scan: reads from outside as invariants, carried values saved -------------


def _captured(scan: Operation) -> list[Value]:
    """The values the scan's body (nested regions included) uses but does not define."""
    inside: set[Value] = set()
    for op in scan.walk():
        for region in op.regions:
            for block in region.blocks:
                inside.update(block.args)
        if op is not scan:
            inside.update(op.results)
    found: dict[Value, None] = {}
    for op in scan.walk():
        if op is not scan:
            found.update((v, None) for v in op.operands if v not in inside)
    return list(found)


def _saving_scan(b: Builder, scan: ScanOp, mapping: dict) -> ScanOp:
    """The scan copied with its captured values (and lengths) as invariants, its carried
    values at every step stacked after its outputs, then with lengths the rows' masks."""
    lengths = scan.lengths
    if lengths is not None and scan.truncate is not None:
        raise AutodiffError("the gradient of nn.scan with both lengths and truncate is "
                            "not supported", scan)  # fmt: skip
    for number, carry in enumerate(scan.carries):
        if not isinstance(carry.type, T.TensorType):
            raise AutodiffError(f"carried value #{number} is not a tensor to save", scan)
    captured = _captured(scan) + ([lengths] if lengths is not None else [])

    def outer(values) -> list[Value]:
        return [mapping.get(v, v) for v in values]

    groups = len(scan.sequences), len(scan.carries)
    terminator = scan.body.last
    outputs = [v.type for v in terminator.operands[groups[1] :]]
    saving = ScanOp.build(
        outer(scan.sequences),
        outer(scan.carries),
        outer([*scan.invariants, *captured]),
        [*outputs, *(c.type for c in scan.carries), *([lengths.type] if lengths else [])],
        lengths=mapping.get(lengths, lengths),
        reverse=scan.reverse,
        truncate=scan.truncate,
        location=scan.location,
    )
    body = saving.body
    inner = dict(zip([*scan.body.args, *captured], body.args, strict=True))
    builder = Builder(InsertionPoint.at_end(body), scan.location)
    for op in scan.body:
        if op is not terminator:
            copy_op(builder, op, inner)  # a nested scan saves its own states too
    saved = list(body.args[groups[0] : sum(groups)])
    if lengths is not None:
        saved.append(body.args[-1])  # lengths, zeroed by the scan where a row is padded
    yielded = [inner.get(v, v) for v in terminator.operands]
    builder.create(YieldOp, [*yielded, *saved])
    return b.insert(saving)


# -- the reverse scan -------------------------------------------------------------------------


class _Parts:
    """Which values of a saving scan the reverse scan reads and gives cotangents to."""

    def __init__(self, scan: ScanOp, cotangents) -> None:
        self.sequences, self.carries = scan.sequences, scan.carries
        self.invariants = scan.invariants
        self.lengths = scan.lengths
        count = len(self.carries)
        outputs = len(scan.results) - 2 * count - (self.lengths is not None)
        self.final = cotangents[:count]
        self.outputs = cotangents[count : count + outputs]
        self.saved = scan.results[count + outputs :]  # carried values, then the rows' masks
        self.seeded = [n for n, d in enumerate(self.outputs) if d is not None]
        self.d_sequences = [n for n, v in enumerate(self.sequences) if differentiable(v)]
        self.d_carries = [n for n, v in enumerate(self.carries) if differentiable(v)]
        self.d_invariants = [n for n, v in enumerate(self.invariants) if differentiable(v)]


def _scan(g: Grad, scan: ScanOp, *cotangents):
    parts = _Parts(scan, cotangents)
    if not (parts.d_sequences or parts.d_carries or parts.d_invariants):
        return [None] * len(scan.operands)  # no float operand: nothing to run backwards
    sequences = [*parts.sequences, *parts.saved, *(parts.outputs[n] for n in parts.seeded)]
    carried = [parts.final[n] or g.zeros_like(parts.carries[n]) for n in parts.d_carries]
    carried += [g.zeros_like(parts.invariants[n]) for n in parts.d_invariants]
    if scan.truncate is not None:
        carried.append(_i64(g.b, 0))
    reverse = ScanOp.build(
        sequences,
        carried,
        parts.invariants,
        [slice_type(parts.sequences[n].type) for n in parts.d_sequences],
        reverse=not scan.reverse,
        location=scan.location,
    )
    _reverse_body(scan, parts, reverse)
    results = g.b.insert(reverse).results
    d_carries, rest = results[: len(parts.d_carries)], results[len(parts.d_carries) :]
    d_invariants = rest[: len(parts.d_invariants)]
    d_sequences = results[len(carried) :]
    outgoing: list = [None] * len(scan.operands)
    base = len(parts.sequences)
    for number, value in zip(parts.d_sequences, d_sequences, strict=True):
        outgoing[number] = value
    for number, value in zip(parts.d_carries, d_carries, strict=True):
        outgoing[base + number] = value
    base += len(parts.carries)
    for number, value in zip(parts.d_invariants, d_invariants, strict=True):
        outgoing[base + number] = value
    return outgoing


def _reverse_body(scan: ScanOp, parts: _Parts, reverse: ScanOp) -> None:
    """One backward step: the forward step recomputed, then its gradient."""
    args = iter(reverse.body.args)
    slices = [next(args) for _ in parts.sequences]
    carries = [next(args) for _ in parts.carries]
    mask = next(args) if parts.lengths is not None else None
    d_outputs = [next(args) for _ in parts.seeded]
    d_carries = [next(args) for _ in parts.d_carries]
    sums = [next(args) for _ in parts.d_invariants]
    counter = next(args) if scan.truncate is not None else None
    invariants = list(args)
    b = Builder(InsertionPoint.at_end(reverse.body), scan.location)
    g = Grad(b)
    mapping = dict(zip(scan.body.args, [*slices, *carries, *invariants], strict=True))
    forward = [b.insert(op.clone(mapping)) for op in scan.body if op is not scan.body.last]
    yielded = [mapping.get(v, v) for v in scan.body.last.operands]
    count = len(parts.carries)
    real = _Rows(g, mask)
    seeds = [(yielded[n], real.only(d)) for n, d in zip(parts.d_carries, d_carries, strict=True)]
    seeds += [(yielded[count + n], real.only(d))
              for n, d in zip(parts.seeded, d_outputs, strict=True)]  # fmt: skip
    adjoints = backward(g, forward, seeds)
    window = _Window(g, counter, scan.truncate)

    def cotangent(value: Value) -> Value:
        found = adjoints.get(value)
        return g.zeros_like(value) if found is None else window.only(found)

    new = [real.or_kept(cotangent(carries[n]), d)
           for n, d in zip(parts.d_carries, d_carries, strict=True)]  # fmt: skip
    for number, total in zip(parts.d_invariants, sums, strict=True):
        new.append(g.add(total, cotangent(invariants[number])))
    if counter is not None:
        new.append(g.add(counter, _i64(b, 1)))
    new += [cotangent(slices[n]) for n in parts.d_sequences]
    b.create(YieldOp, new)


class _Rows:
    """With lengths, which rows of a step are real: a padded row seeds nothing (its
    outputs are zeros, its carried values kept) and passes its carried cotangents on."""

    def __init__(self, g: Grad, mask: Value | None) -> None:
        self.g = g
        self.live = None
        if mask is not None:
            zero = A.DenseElementsAttr(T.TensorType((), mask.type.element_type), 0)
            constant = g.b.create(sh.ConstantOp, [], [zero.type], {"value": zero})
            self.live = g.compare(ew.NeOp, mask, constant.results[0])

    def _rows(self, like: Value) -> Value:
        """The mask shaped to broadcast against `like` (its batch leading)."""
        rank = len(like.type.shape)
        if rank == 1:
            return self.live
        axes = A.DenseArrayAttr(T.I64, list(range(1, rank)))
        return self.g.op(sh.ExpandDimsOp, [self.live], {"axes": axes})

    def only(self, cotangent: Value) -> Value:
        """The cotangent in the real rows, zeros in the padded ones."""
        if self.live is None:
            return cotangent
        zero = self.g.scalar(0.0, cotangent)
        return self.g.select(self._rows(cotangent), cotangent, zero)

    def or_kept(self, cotangent: Value, carried: Value) -> Value:
        """A carried value's cotangent in the real rows, the step's incoming one in the
        padded rows (where the scan kept the carried value)."""
        if self.live is None:
            return cotangent
        return self.g.select(self._rows(cotangent), cotangent, carried)


def _i64(b: Builder, number: int) -> Value:
    t = T.TensorType((), T.I64)
    attr = A.DenseElementsAttr(t, number)
    return b.create(sh.ConstantOp, [], [t], {"value": attr}).results[0]


class _Window:
    """With truncate(k), whether this backward step is one of the first k the reverse
    scan runs (the last k run forward): outside them the step's cotangents are zeros."""

    def __init__(self, g: Grad, counter: Value | None, truncate: int | None) -> None:
        self.g = g
        self.live = None if counter is None else g.compare(ew.LtOp, counter, _i64(g.b, truncate))
        self.kept: dict[Value, Value] = {}

    def only(self, cotangent: Value) -> Value:
        if self.live is None:
            return cotangent
        if cotangent not in self.kept:
            zero = self.g.scalar(0.0, cotangent)
            self.kept[cotangent] = self.g.select(self.live, cotangent, zero)
        return self.kept[cotangent]


FORWARD = {ScanOp: _saving_scan}
RULES = {ScanOp: _scan}
