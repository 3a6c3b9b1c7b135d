"""nn.scan, the loop of recurrent nets, and its terminator nn.yield.

A scan runs its body once per step along the leading (time) axis of its sequences,
threading carried state from one step to the next and stacking what each step outputs
(Theano's scan, JAX's lax.scan). Its custom form names each body argument next to the
operand it comes from:

    %h_last, %hs = nn.scan (%x = %xs : tensor<10x4x8xf32>)
        carry(%h = %h0 : tensor<4x16xf32>) invariant(%w = %W : tensor<8x16xf32>)
        -> (tensor<4x16xf32>, tensor<10x4x16xf32>) {
      ...
      nn.yield %h2, %h2 : tensor<4x16xf32>, tensor<4x16xf32>
    }
"""

from __future__ import annotations

from typing import NamedTuple

from irc.dialects import ops_by_name
from irc.dialects.nn.common import (
    DYN,
    INT_TENSOR,
    TENSOR,
    I64Kind,
    UnitKind,
    split_properties,
)
from irc.dialects.syntax import (
    YieldLikeOp,
    attr_dict,
    fail,
    print_attrs,
    value_name,
)
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Block, Region, Value
from irc.ir.location import UNKNOWN
from irc.ir.opdef import (
    SEGMENT_SIZES,
    Op,
    Optional,
    Prop,
    Variadic,
    VerifyError,
    segment_sizes,
)
from irc.ir.traits import (
    AttrSizedOperandSegments,
    RecursiveMemoryEffects,
    SingleBlock,
)

# -- types of a scan --------------------------------------------------------------------------


def slice_type(sequence: T.Type) -> T.TensorType | None:
    """The type of one step of a sequence (its leading dimension dropped); None when the
    sequence is not a tensor with a leading dimension."""
    if not isinstance(sequence, T.TensorType) or not sequence.shape:
        return None
    return T.TensorType(sequence.shape[1:], sequence.element_type, sequence.encoding)


def stacked_type(steps: int, output: T.Type) -> T.TensorType | None:
    """The type of per-step outputs of type `output` stacked over `steps` (DYN for `?`)."""
    if not isinstance(output, T.TensorType):
        return None
    return T.TensorType((steps, *output.shape), output.element_type, output.encoding)


def static_steps(sequence_types) -> int:
    """The number of steps the sequences' types fix: a static leading size, else DYN."""
    for t in sequence_types:
        if isinstance(t, T.TensorType) and t.shape and t.shape[0] != DYN:
            return t.shape[0]
    return DYN


def _dims(size: int) -> str:
    return "?" if size == DYN else str(size)


# -- custom form ------------------------------------------------------------------------------


class _Entry(NamedTuple):
    """One `%arg = %operand : type` of a group in the custom form."""

    arg: str
    arg_index: int
    operand: str
    operand_index: int
    operand_type: T.Type
    arg_type: T.Type


def _parse_group(parser, op_name: str, sequences: bool) -> list[_Entry]:
    """`(%arg = %operand : type, ...)` after its keyword; a sequence's argument has the
    type of its slices."""
    if not parser.accept("("):
        fail(parser, op_name, "expected '('")

    def entry() -> _Entry:
        arg, arg_index = value_name(parser)
        parser.expect("=")
        operand, operand_index = value_name(parser)
        parser.expect(":")
        type_index = parser.pos
        operand_type = parser.parse_type()
        arg_type = slice_type(operand_type) if sequences else operand_type
        if arg_type is None:
            fail(
                parser,
                op_name,
                f"sequence {operand} of type {operand_type} has no leading dimension to scan over",
                type_index,
            )
        return _Entry(arg, arg_index, operand, operand_index, operand_type, arg_type)

    return parser.parse_comma_list(entry, ")")


def _parse_lengths(parser) -> list[tuple]:
    """`lengths(%n : tensor<4xi32>)`, or nothing."""
    if not parser.accept("lengths"):
        return []
    parser.expect("(")
    name, index = value_name(parser)
    parser.expect(":")
    lengths_type = parser.parse_type()
    parser.expect(")")
    return [(name, index, lengths_type)]


def _group_text(printer, word: str, args, operands) -> str:
    entries = ", ".join(
        f"{printer.value_name(arg)} = {printer.value_name(value)} : {printer.type(value.type)}"
        for arg, value in zip(args, operands, strict=True)
    )
    return f"{word}({entries})"


# -- ops --------------------------------------------------------------------------------------


class YieldOp(YieldLikeOp):
    """Ends the body of an nn.scan: the next carried values, then this step's outputs.

    nn.yield %h2, %y : tensor<4x16xf32>, tensor<4x10xf32>
    """

    __slots__ = ()
    name = "nn.yield"
    parent_ops = ("nn.scan",)


class ScanOp(Op):
    """Runs its body once per step along the leading (time) axis of its sequences.

    %h_last, %hs = nn.scan (%x = %xs : tensor<10x4x8xf32>)
        carry(%h = %h0 : tensor<4x16xf32>) invariant(%w = %W : tensor<8x16xf32>)
        -> (tensor<4x16xf32>, tensor<10x4x16xf32>) {
      %xw = nn.matmul %x, %w : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
      %s = nn.add %xw, %h : tensor<4x16xf32>
      %h2 = nn.tanh %s : tensor<4x16xf32>
      nn.yield %h2, %h2 : tensor<4x16xf32>, tensor<4x16xf32>
    }

    The body's arguments are one slice of each sequence (its leading dimension dropped),
    then the carried values, then the loop-invariant operands. Its nn.yield gives the next
    carried values, then the step's outputs (tensors). The results are the final carried
    values, then each output stacked over the steps: its leading dimension is the number
    of steps. There must be at least one sequence; all have the same number of steps,
    which may be `?` (checked when the scan runs). With no steps the results are the
    initial carried values and empty stacks: size 0 in the leading dimension, and in the
    others the sizes one step would output.

    `reverse` runs the steps from the last to the first. The stacked outputs keep the
    time order of the sequences: output t is the one computed from slice t (as JAX's
    `lax.scan(reverse=True)`, not as Theano's `go_backwards`, which stacks them in the
    order they were computed).

    `truncate(k)` is the number of steps that back-propagation through time goes back
    (Theano's `truncate_gradient`, the rnn package's `rho`); the autodiff pass reads it,
    running the scan ignores it.

    `lengths(%n : tensor<4xi32>)` makes it a scan over a right-padded batch of sequences
    of different lengths: the carried values and the per-step outputs have the batch as
    their leading dimension, and row b is real at steps t < %n[b] only. At a padded step
    a row keeps its carried values unchanged and outputs zeros. With `reverse` a row's
    real steps are still its first %n[b] positions, so its backward pass starts at its
    own last real step. A row of length 0 keeps its initial state and outputs only
    zeros. A length below 0 or above the number of steps is an error when the scan runs.

    %c, %ys = nn.scan reverse truncate(20) (%x = %xs : tensor<?x4x8xf32>)
        carry(%h = %h0 : tensor<4x8xf32>) lengths(%n : tensor<4xi32>)
        -> (tensor<4x8xf32>, tensor<?x4x8xf32>) {
      %h2 = nn.add %h, %x : tensor<4x8xf32>
      nn.yield %h2, %h2 : tensor<4x8xf32>, tensor<4x8xf32>
    }

    Carried values and invariants may have any type (a random key can be carried), but
    with `lengths` every carried value must be a tensor with the batch leading.
    """

    __slots__ = ()
    name = "nn.scan"
    operand_defs = (
        Variadic("sequences", *TENSOR),
        Variadic("carries"),
        Variadic("invariants"),
        Optional("lengths", *INT_TENSOR),
    )
    result_defs = (Variadic("results"),)
    prop_defs = (
        Prop(SEGMENT_SIZES),
        Prop("reverse", UnitKind(), optional=True),
        Prop("truncate", I64Kind(), optional=True),
    )
    num_regions = 1
    traits = frozenset({SingleBlock, AttrSizedOperandSegments, RecursiveMemoryEffects})

    # -- named parts ------------------------------------------------------------------------

    @property
    def sequences(self) -> list[Value]:
        return self.operand_group("sequences")

    @property
    def carries(self) -> list[Value]:
        return self.operand_group("carries")

    @property
    def invariants(self) -> list[Value]:
        return self.operand_group("invariants")

    @property
    def lengths(self) -> Value | None:
        group = self.operand_group("lengths")
        return group[0] if group else None

    @property
    def body(self) -> Block:
        return self.regions[0].blocks[0]

    @property
    def reverse(self) -> bool:
        return "reverse" in self.properties

    @property
    def truncate(self) -> int | None:
        attr = self.properties.get("truncate")
        return attr.value if attr is not None and I64Kind().check(attr) else None

    @property
    def final_carries(self) -> list[Value]:
        return self.results[: len(self.carries)]

    @property
    def stacked_outputs(self) -> list[Value]:
        return self.results[len(self.carries) :]

    @classmethod
    def build(
        cls,
        sequences,
        carries=(),
        invariants=(),
        output_types=(),
        lengths: Value | None = None,
        reverse: bool = False,
        truncate: int | None = None,
        location=UNKNOWN,
    ) -> ScanOp:
        """The scan with its body block (its arguments made from the operands), still
        without ops or nn.yield; `output_types` are the per-step output types."""
        groups = [list(sequences), list(carries), list(invariants), [lengths] if lengths else []]
        arg_types = [slice_type(v.type) for v in groups[0]]
        arg_types += [v.type for v in groups[1] + groups[2]]
        body = Region([Block(arg_types, [location] * len(arg_types))])
        steps = static_steps(v.type for v in groups[0])
        result_types = [v.type for v in groups[1]]
        result_types += [stacked_type(steps, t) for t in output_types]
        properties = {SEGMENT_SIZES: A.DenseArrayAttr(T.I32, [len(g) for g in groups])}
        if reverse:
            properties["reverse"] = A.UNIT
        if truncate is not None:
            properties["truncate"] = A.IntegerAttr(truncate, T.I64)
        operands = [value for group in groups for value in group]
        return cls(operands, result_types, properties, {}, [body], location=location)

    # -- custom form -------------------------------------------------------------------------

    @classmethod
    def parse_custom(cls, parser) -> ScanOp:
        properties = {"reverse": A.UNIT} if parser.accept("reverse") else {}
        if parser.accept("truncate"):
            parser.expect("(")
            properties["truncate"] = I64Kind().parse(parser)
            parser.expect(")")
        groups = [_parse_group(parser, cls.name, sequences=True)]
        for word in ("carry", "invariant"):
            groups.append(_parse_group(parser, cls.name, False) if parser.accept(word) else [])
        lengths = _parse_lengths(parser)
        result_types = _arrow(parser)
        entries = [entry for group in groups for entry in group]
        region = parser.parse_region(
            entry_args=[
                (e.arg, e.arg_type, parser.location_of(e.arg_index), e.arg_index) for e in entries
            ]
        )
        props, attributes = split_properties(cls, attr_dict(parser))
        properties.update(props)
        operands = [
            parser.resolve_operand(e.operand, e.operand_type, e.operand_index) for e in entries
        ]
        operands += [parser.resolve_operand(n, t, i) for n, i, t in lengths]
        sizes = [len(group) for group in groups] + [len(lengths)]
        properties[SEGMENT_SIZES] = A.DenseArrayAttr(T.I32, sizes)
        return cls(operands, result_types, properties, attributes, [region])

    def print_custom(self, printer) -> None:
        if not self._printable():
            return printer.print_generic(self)
        sequences, carries, invariants = self.sequences, self.carries, self.invariants
        args = self.body.args
        text = printer.op_name(self)
        if "reverse" in self.properties:
            text += " reverse"
        if self.truncate is not None:
            text += f" truncate({self.truncate})"
        text += " " + _group_text(printer, "", args[: len(sequences)], sequences)
        start = len(sequences)
        for word, group in (("carry", carries), ("invariant", invariants)):
            if group:
                text += " " + _group_text(printer, word, args[start : start + len(group)], group)
            start += len(group)
        lengths = self.lengths
        if lengths is not None:
            text += f" lengths({printer.value_name(lengths)} : {printer.type(lengths.type)})"
        if self.results:
            text += " -> (" + ", ".join(printer.type(t) for t in self.result_types) + ")"
        printer.write(text + " ")
        printer.print_region(self.regions[0], print_entry_args=False)
        print_attrs(self, printer, elided=(SEGMENT_SIZES, "reverse", "truncate"))

    def printed_regions(self) -> list:
        return [(self.regions[0], not self._printable(), True)]

    def _printable(self) -> bool:
        """Whether the custom form can spell this op: its entry block's arguments are
        exactly what the operands give them, and its properties have their kinds."""
        sizes = segment_sizes(self)
        if sizes is None or sum(sizes) != len(self.operands) or sizes[3] > 1:
            return False
        if len(self.regions) != 1:
            return False
        if not self.regions[0].blocks or not self.sequences:
            return False
        truncate = self.properties.get("truncate")
        if truncate is not None and self.truncate is None:
            return False
        reverse = self.properties.get("reverse")
        if reverse is not None and not isinstance(reverse, A.UnitAttr):
            return False
        expected = [slice_type(v.type) for v in self.sequences]
        expected += [v.type for v in self.carries + self.invariants]
        return [arg.type for arg in self.body.args] == expected

    # -- verifier ----------------------------------------------------------------------------

    def verify(self) -> None:
        sequences, carries, invariants = self.sequences, self.carries, self.invariants
        steps = self._verify_sequences(sequences)
        self._verify_options()
        if len(self.results) < len(carries):
            raise VerifyError(
                f"has {len(self.results)} results but {len(carries)} carried values: the "
                "results are the final carried values, then the stacked outputs"
            )
        for index, (result, carry) in enumerate(zip(self.results, carries, strict=False)):
            if result.type != carry.type:
                raise VerifyError(
                    f"result #{index} has type {result.type}, but carried value #{index} "
                    f"has type {carry.type}"
                )
        blocks = self.regions[0].blocks
        if not blocks:
            raise VerifyError("needs a body: a region with one block")
        if len(blocks) > 1 or blocks[0].last is None:
            return  # SingleBlock reports a region of several blocks or an empty block
        self._verify_arguments(blocks[0], sequences, carries, invariants)
        self._verify_yield(blocks[0].last, carries, steps)

    def _verify_sequences(self, sequences) -> int:
        """At least one sequence, each with a leading dimension, all of one static length;
        the number of steps (DYN when no type fixes it)."""
        if not sequences:
            raise VerifyError(
                "needs at least one sequence to scan over (the number of steps is its "
                "leading dimension)"
            )
        for index, sequence in enumerate(sequences):
            if not sequence.type.shape:
                raise VerifyError(
                    f"sequence #{index} of type {sequence.type} has no leading dimension "
                    "to scan over"
                )
        steps, first = DYN, None
        for index, sequence in enumerate(sequences):
            size = sequence.type.shape[0]
            if size == DYN:
                continue
            if first is None:
                steps, first = size, (index, sequence.type)
            elif size != steps:
                raise VerifyError(
                    f"sequences have different numbers of steps: {steps} in sequence "
                    f"#{first[0]} ({first[1]}) and {size} in sequence #{index} "
                    f"({sequence.type})"
                )
        return steps

    def _verify_options(self) -> None:
        truncate = self.truncate
        if truncate is not None and truncate <= 0:
            raise VerifyError(f"truncate must be a positive number of steps, got {truncate}")
        lengths = self.lengths
        if lengths is not None and len(lengths.type.shape) != 1:
            raise VerifyError(
                f"lengths must be a rank-1 tensor (one length per batch row), got {lengths.type}"
            )

    def _verify_arguments(self, body: Block, sequences, carries, invariants) -> None:
        args = body.args
        count = len(sequences) + len(carries) + len(invariants)
        if len(args) != count:
            raise VerifyError(
                f"body has {len(args)} arguments but needs {count}: {len(sequences)} sequence "
                f"slices, {len(carries)} carried values and {len(invariants)} invariants"
            )
        expected = [
            (slice_type(v.type), f"a slice of sequence #{i} ({v.type}) has type")
            for i, v in enumerate(sequences)
        ]
        expected += [(v.type, f"carried value #{i} has type") for i, v in enumerate(carries)]
        expected += [(v.type, f"invariant #{i} has type") for i, v in enumerate(invariants)]
        for index, (arg, (want, what)) in enumerate(zip(args, expected, strict=True)):
            if arg.type != want:
                raise VerifyError(f"body argument #{index} has type {arg.type}, but {what} {want}")

    def _verify_yield(self, terminator, carries, steps: int) -> None:
        if not isinstance(terminator, YieldOp):
            raise VerifyError(
                f"body must end with 'nn.yield', found '{terminator.name}'",
                notes=[("terminator here", terminator.location)],
            )
        yielded = terminator.operands
        outputs = len(self.results) - len(carries)
        note = [("nn.yield here", terminator.location)]
        if len(yielded) != len(carries) + outputs:
            raise VerifyError(
                f"nn.yield gives {len(yielded)} values but needs {len(carries) + outputs}: "
                f"{len(carries)} carried values, then {outputs} per-step outputs (one per "
                "result after the carried values)",
                notes=note,
            )
        for index, (value, carry) in enumerate(zip(yielded, carries, strict=False)):
            if value.type != carry.type:
                raise VerifyError(
                    f"yielded value #{index} has type {value.type}, but carried value "
                    f"#{index} has type {carry.type}",
                    notes=note,
                )
        for number, value in enumerate(yielded[len(carries) :]):
            self._verify_output(number, value.type, steps, note)
        self._verify_batch(carries, yielded[len(carries) :])

    def _verify_output(self, number: int, output: T.Type, steps: int, note) -> None:
        index = len(self.carries) + number
        want = stacked_type(steps, output)
        if want is None:
            raise VerifyError(
                f"per-step output #{number} (yielded value #{index}) has type {output}; "
                "only tensors can be stacked",
                notes=note,
            )
        result = self.results[index].type
        if result != want:
            raise VerifyError(
                f"result #{index} has type {result}, but per-step output #{number} of type "
                f"{output} stacked over {_dims(steps)} steps has type {want}",
                notes=note,
            )

    def _verify_batch(self, carries, outputs) -> None:
        """With lengths, carried values and outputs lead with the batch."""
        lengths = self.lengths
        if lengths is None:
            return
        batch = lengths.type.shape[0]
        values = [(f"carried value #{i}", v.type) for i, v in enumerate(carries)]
        values += [(f"per-step output #{i}", v.type) for i, v in enumerate(outputs)]
        for what, t in values:
            shape = t.shape if isinstance(t, T.TensorType) else ()
            if not shape or (DYN not in (batch, shape[0]) and shape[0] != batch):
                raise VerifyError(
                    f"with lengths of type {lengths.type}, {what} of type {t} needs the "
                    f"batch ({_dims(batch)} rows) as its leading dimension"
                )


def _arrow(parser) -> list[T.Type]:
    """`-> (t1, t2)` or `-> t`, or nothing."""
    if not parser.accept("->"):
        return []
    if not parser.accept("("):
        return [parser.parse_type()]
    if parser.accept(")"):
        return []
    found = [parser.parse_type()]
    while parser.accept(","):
        found.append(parser.parse_type())
    parser.expect(")")
    return found


OPS = ops_by_name(ScanOp, YieldOp)
