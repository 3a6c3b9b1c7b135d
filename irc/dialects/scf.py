"""The scf dialect: structured control flow — loops, conditionals and switches whose
bodies are regions.

Names, syntax and meaning follow MLIR's scf dialect (iree-opt 3.13). Regions of `scf.for`,
`scf.if`, `scf.index_switch` (default region) and `scf.parallel` end in an implicit
terminator: the custom form may leave out an `scf.yield` (`scf.reduce`) without operands,
the parser inserts it at the op's location, and the printer leaves it out again.
Verifiers check what MLIR checks, in MLIR's order and words: the op's own rules, then the
terminator, then the values carried along each region edge (RegionBranchOpInterface).
"""

from __future__ import annotations

from irc.dialects import ops_by_name
from irc.dialects.syntax import (
    YieldLikeOp,
)
from irc.dialects.syntax import (
    arrow_text as _arrow_text,
)
from irc.dialects.syntax import (
    arrow_types as _arrow_types,
)
from irc.dialects.syntax import (
    assignments as _assignments,
)
from irc.dialects.syntax import (
    attr_dict as _attr_dict,
)
from irc.dialects.syntax import (
    check_property_storage as _check_property_storage,
)
from irc.dialects.syntax import (
    ensure_terminator as _ensure_terminator,
)
from irc.dialects.syntax import (
    entry_args as _entry_args,
)
from irc.dialects.syntax import (
    fail as _fail,
)
from irc.dialects.syntax import (
    keyword as _keyword,
)
from irc.dialects.syntax import (
    malformed as _malformed,
)
from irc.dialects.syntax import (
    name_list as _name_list,
)
from irc.dialects.syntax import (
    names as _names,
)
from irc.dialects.syntax import (
    optional_arrow_types as _optional_arrow_types,
)
from irc.dialects.syntax import (
    paren_names as _paren_names,
)
from irc.dialects.syntax import (
    print_attrs as _print_attrs,
)
from irc.dialects.syntax import (
    resolve as _resolve,
)
from irc.dialects.syntax import (
    resolve_all as _resolve_all,
)
from irc.dialects.syntax import (
    resolve_indices as _resolve_indices,
)
from irc.dialects.syntax import (
    typed_values as _typed_values,
)
from irc.dialects.syntax import (
    types as _types,
)
from irc.dialects.syntax import (
    value_name as _value_name,
)
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Block, Operation, Region, Value
from irc.ir.location import UNKNOWN
from irc.ir.opdef import (
    SEGMENT_SIZES,
    Arg,
    AttrKind,
    Op,
    Prop,
    Variadic,
    VerifyError,
    segment_sizes,
)
from irc.ir.traits import (
    AttrSizedOperandSegments,
    HasParent,
    Pure,
    RecursiveMemoryEffects,
    SingleBlock,
    Terminator,
)

INT_OR_INDEX = (
    lambda t: isinstance(t, T.IndexType) or (isinstance(t, T.IntegerType) and not t.signedness),
    "signless integer or index",
)
I1 = (lambda t: t is T.I1, "1-bit signless integer")
INDEX = (lambda t: isinstance(t, T.IndexType), "index")
VARIADIC_INDEX = (lambda t: isinstance(t, T.IndexType), "variadic of index")

# -- property kinds ---------------------------------------------------------------------------


class _UnitKind(AttrKind):
    """A flag: present (`unit`) or absent."""

    description = "unit attribute"

    def check(self, attr) -> bool:
        return isinstance(attr, A.UnitAttr)


class _CasesKind(AttrKind):
    description = "i64 dense array attribute"

    def check(self, attr) -> bool:
        return isinstance(attr, A.DenseArrayAttr) and attr.element_type is T.I64


# -- parsing helpers --------------------------------------------------------------------------


# -- printing helpers ---------------------------------------------------------------------------


def _yield_is_implicit(region: Region) -> bool:
    """Whether the custom form leaves the terminator out (no operands, no attributes)."""
    if not region.blocks or region.blocks[0].last is None:
        return True
    last = region.blocks[0].last
    return not last.operand_uses and not last.attributes and not last.results


# -- verifying helpers ------------------------------------------------------------------------


def _single_block(op: Op, index: int, name: str) -> Block | None:
    """MLIR's SizedRegion<1>: the entry block, None when the region has more than one
    (the SingleBlock trait reports that), an error when it has none."""
    blocks = op.regions[index].blocks
    if not blocks:
        raise VerifyError(
            f"region #{index} ('{name}') failed to verify constraint: region with 1 blocks"
        )
    return blocks[0] if len(blocks) == 1 else None


def _terminator_note(terminator: Operation | None) -> list:
    return [] if terminator is None else [("terminator here", terminator.location)]


def _require_terminator(block: Block, kind: type[Op], message: str) -> Operation:
    """MLIR's verifyAndGetTerminator: `block` must end in `kind`."""
    last = block.last
    if not isinstance(last, kind):
        raise VerifyError(message, notes=_terminator_note(last))
    return last


def _implicit_terminator(op: Op, kind: type[Op]) -> None:
    """MLIR's SingleBlockImplicitTerminator: every non-empty region ends in `kind`."""
    for region in op.regions:
        if region.blocks and region.blocks[0].last is not None:
            last = region.blocks[0].last
            if not isinstance(last, kind):
                raise VerifyError(
                    f"expects regions to end with '{kind.name}', found '{last.name}'",
                    notes=[
                        (
                            "in custom textual format, the absence of terminator implies "
                            f"'{kind.name}'",
                            None,
                        )
                    ],
                )


def _edge(op: Op, source: Operation | None, target: int | None, operands, inputs) -> None:
    """One control-flow edge of a region-holding op (RegionBranchOpInterface): from the op
    (`source` None) or a terminator, to region `target` or back to the op (None)."""
    origin = "parent" if source is None else f"Operation {source.name}"
    destination = f"Operation {op.name}" if target is None else f"Region #{target}"
    note = [("region branch point", op.location if source is None else source.location)]
    prefix = f"along control flow edge from {origin} to {destination}: "
    if len(operands) != len(inputs):
        raise VerifyError(
            f"{prefix}region branch point has {len(operands)} operands, but region "
            f"successor needs {len(inputs)} inputs",
            notes=note,
        )
    for index, (value, target_value) in enumerate(zip(operands, inputs, strict=True)):
        if value.type is not target_value.type:
            raise VerifyError(
                f"{prefix}successor operand type #{index} '{value.type}' should match "
                f"successor input type #{index} '{target_value.type}'",
                notes=note,
            )


def _terminators(op: Op, kind: type[Op]):
    """The terminator of every block of `op` that ends in `kind`, in region order."""
    for region in op.regions:
        for block in region.blocks:
            if isinstance(block.last, kind):
                yield block.last


def _constant_int(value: Value) -> int | None:
    """The integer an `arith.constant` defines, else None (MLIR's m_ConstantInt)."""
    op = getattr(value, "op", None)
    if op is not None and op.name == "arith.constant":
        attr = op.properties.get("value")
        if isinstance(attr, A.IntegerAttr):
            return attr.value
    return None


# -- terminators ------------------------------------------------------------------------------


class YieldOp(YieldLikeOp):
    """Ends a region of scf.for, scf.if, scf.while, scf.execute_region or scf.index_switch.

    scf.yield %sum, %count : f32, i32

    Its operands go to the parent op: as results, or as the next iteration's values.
    """

    __slots__ = ()
    name = "scf.yield"
    operand_defs = (Variadic("results"),)
    parent_ops = ("scf.execute_region", "scf.for", "scf.if", "scf.index_switch", "scf.while")


class ConditionOp(Op):
    """Ends scf.while's `before` region: go on to `after` if the condition holds, else exit.

    scf.condition(%more) %x, %n : f32, i32

    The operands after the condition go to the `after` region's arguments when the loop
    goes on, and become the scf.while's results when it exits.
    """

    __slots__ = ()
    name = "scf.condition"
    operand_defs = (Arg("condition", *I1), Variadic("args"))
    result_defs = ()
    traits = frozenset({Pure, Terminator, HasParent})
    parent_ops = ("scf.while",)

    @classmethod
    def build(cls, condition: Value, args=(), location=UNKNOWN) -> ConditionOp:
        return cls([condition, *args], location=location)

    @classmethod
    def parse_custom(cls, parser) -> ConditionOp:
        parser.expect("(")
        condition_name = _value_name(parser)
        parser.expect(")")
        attributes = _attr_dict(parser)
        condition = _resolve(parser, condition_name, T.I1)
        args = _typed_values(parser, cls.name)
        return cls([condition, *args], [], {}, attributes)

    def print_custom(self, printer) -> None:
        if _malformed(self, 1, 0):
            return printer.print_generic(self)
        condition, *args = self.operands
        printer.write(f"{printer.op_name(self)}({printer.value_name(condition)})")
        _print_attrs(self, printer)
        if args:
            printer.write(f" {_names(printer, args)} : {_types(printer, args)}")

    def verify(self) -> None:
        condition = self.operands[0]
        if condition.type is not T.I1:
            raise VerifyError(
                f"operand #0 must be 1-bit signless integer, but got '{condition.type}'"
            )


class ReduceOp(Op):
    """Ends an scf.parallel body: the values to combine into the loop's results.

    scf.reduce(%x : f32) {
    ^bb0(%lhs: f32, %rhs: f32):
      %sum = arith.addf %lhs, %rhs : f32
      scf.reduce.return %sum : f32
    }

    One region per value: it takes two values of that type (the partial result, then
    the iteration's value) and ends in scf.reduce.return with their combination.
    """

    __slots__ = ()
    name = "scf.reduce"
    operand_defs = (Variadic("operands"),)
    result_defs = ()
    num_regions = None
    traits = frozenset({Terminator, HasParent, RecursiveMemoryEffects})
    parent_ops = ("scf.parallel",)

    @classmethod
    def build(cls, values=(), location=UNKNOWN) -> ReduceOp:
        """One reduction region per value, each with its two arguments and no body yet."""
        regions = [Region([Block([v.type, v.type], [location] * 2)]) for v in values]
        return cls(list(values), [], {}, {}, regions, location=location)

    @classmethod
    def parse_custom(cls, parser) -> ReduceOp:
        operands = []
        if parser.accept("("):
            if parser.tok[:1] != "%":
                parser.error("expected SSA operand")
            operands = _typed_values(parser, cls.name)
            parser.expect(")")
        regions = []
        if parser.tok == "{":
            regions.append(parser.parse_region())
            while parser.accept(","):
                regions.append(parser.parse_region())
        attributes = _attr_dict(parser)
        return cls(operands, [], {}, attributes, regions)

    def print_custom(self, printer) -> None:
        printer.write(printer.op_name(self))
        if self.operand_uses:
            printer.write(f"({_names(printer, self.operands)} : {_types(printer, self.operands)})")
        printer.write(" ")
        for index, region in enumerate(self.regions):
            if index:
                printer.write(", ")
            printer.print_region(region)
        _print_attrs(self, printer)

    def verify(self) -> None:
        self._verify_against_loop()
        for index, region in enumerate(self.regions):
            if len(region.blocks) != 1:
                raise VerifyError(
                    f"region #{index} ('reductions') failed to verify constraint: region "
                    "with 1 blocks"
                )
        operands = self.operands
        if len(self.regions) != len(operands):
            raise VerifyError(
                f"expects number of reduction regions: {len(self.regions)} to be the same as "
                f"number of reduction operands: {len(operands)}"
            )
        for index, (region, value) in enumerate(zip(self.regions, operands, strict=True)):
            block = region.blocks[0]
            if block.last is None:
                continue  # the verifier reports the empty block
            if len(block.args) != 2 or any(arg.type is not value.type for arg in block.args):
                raise VerifyError(
                    f"expected two block arguments with type '{value.type}' in the "
                    f"{index}-th reduction region"
                )
            last = block.last
            if isinstance(last, ReduceReturnOp):
                continue
            if last.is_registered and Terminator not in last.traits:
                continue  # the verifier reports the block without a terminator
            raise VerifyError("reduction bodies must be terminated with an 'scf.reduce.return' op")

    def _verify_against_loop(self) -> None:
        """scf.parallel's rule that each reduced value has its result's type; MLIR reports
        it at the scf.reduce."""
        loop = self.parent_op
        if not isinstance(loop, ParallelOp):
            return
        operands = self.operands
        if not (len(loop.results) == len(operands) == len(loop.operand_group("initVals"))):
            return
        for index, (result, value) in enumerate(zip(loop.results, operands, strict=True)):
            if result.type is not value.type:
                raise VerifyError(
                    f"expects type of {index}-th reduction operand: '{value.type}' to be the "
                    f"same as the {index}-th result type: '{result.type}'"
                )


class ReduceReturnOp(Op):
    """Ends a reduction region of scf.reduce with the combined value.

    scf.reduce.return %sum : f32
    """

    __slots__ = ()
    name = "scf.reduce.return"
    operand_defs = (Arg("result"),)
    result_defs = ()
    traits = frozenset({Pure, Terminator, HasParent})
    parent_ops = ("scf.reduce",)

    @classmethod
    def build(cls, value: Value, location=UNKNOWN) -> ReduceReturnOp:
        return cls([value], location=location)

    @classmethod
    def parse_custom(cls, parser) -> ReduceReturnOp:
        name, index = _value_name(parser)
        attributes = _attr_dict(parser)
        parser.expect(":")
        value = parser.resolve_operand(name, parser.parse_type(), index)
        return cls([value], [], {}, attributes)

    def print_custom(self, printer) -> None:
        if len(self.operand_uses) != 1:
            return printer.print_generic(self)
        value = self.operands[0]
        printer.write(f"{printer.op_name(self)} {printer.value_name(value)}")
        _print_attrs(self, printer)
        printer.write(f" : {printer.type(value.type)}")

    def verify(self) -> None:
        block = self.parent
        if not isinstance(self.parent_op, ReduceOp) or block is None or not block.args:
            return
        expected = block.args[0].type
        if self.operands[0].type is not expected:
            raise VerifyError(f"must have type '{expected}' (the type of the reduction inputs)")


# -- loops ------------------------------------------------------------------------------------


class ForOp(Op):
    """A counted loop carrying values from one iteration to the next.

    %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f32) {
      %next = arith.addf %acc, %x : f32
      scf.yield %next : f32
    }
    scf.for unsigned %i = %lb to %ub step %s : i32 {
    }

    The body runs for %i = %lb, %lb + %step, ... while %i < %ub, compared signed (unsigned
    with `unsigned`); the bounds and step are index (by default) or a signless integer
    type given after `:`. The step must be positive. `iter_args` start from the init
    values; each iteration's scf.yield gives the next values, and the last ones are the
    results. A body without results may leave its scf.yield out.
    """

    __slots__ = ()
    name = "scf.for"
    operand_defs = (
        Arg("lowerBound", *INT_OR_INDEX),
        Arg("upperBound", *INT_OR_INDEX),
        Arg("step", *INT_OR_INDEX),
        Variadic("initArgs"),
    )
    result_defs = (Variadic("results"),)
    prop_defs = (Prop("unsignedCmp", _UnitKind(), optional=True),)
    num_regions = 1
    traits = frozenset({SingleBlock, RecursiveMemoryEffects})

    @property
    def body(self) -> Block:
        return self.regions[0].blocks[0]

    @property
    def init_args(self) -> list[Value]:
        return self.operands[3:]

    @classmethod
    def build(
        cls,
        lower: Value,
        upper: Value,
        step: Value,
        init_args=(),
        unsigned: bool = False,
        location=UNKNOWN,
    ) -> ForOp:
        """The loop with its body block (the induction variable, then one argument per
        init value); without init values the body also gets its scf.yield, as MLIR's
        builder does."""
        init_args = list(init_args)
        types = [lower.type] + [v.type for v in init_args]
        locations = [location] + [v.location for v in init_args]  # as MLIR's builder
        body = Region([Block(types, locations)])
        if not init_args:
            _ensure_terminator(body, YieldOp, location)
        properties = {"unsignedCmp": A.UNIT} if unsigned else {}
        result_types = [v.type for v in init_args]
        operands = [lower, upper, step, *init_args]
        return cls(operands, result_types, properties, {}, [body], location=location)

    @classmethod
    def parse_custom(cls, parser) -> ForOp:
        name_index = parser.pos - 1
        properties = {"unsignedCmp": A.UNIT} if parser.accept("unsigned") else {}
        induction = _value_name(parser)
        parser.expect("=")
        lower = _value_name(parser)
        _keyword(parser, cls.name, "to")
        upper = _value_name(parser)
        _keyword(parser, cls.name, "step")
        step = _value_name(parser)
        pairs, result_types = [], []
        if parser.accept("iter_args"):
            pairs = _assignments(parser, cls.name)
            parser.expect("->")
            result_types = _arrow_types(parser)
        if len(pairs) != len(result_types):
            _fail(
                parser,
                cls.name,
                "mismatch in number of loop-carried values and defined values",
                name_index,
            )
        bound_type = parser.parse_type() if parser.accept(":") else T.INDEX
        names = [induction] + [(arg, index) for arg, index, _, _ in pairs]
        region = parser.parse_region(
            entry_args=_entry_args(parser, names, [bound_type, *result_types])
        )
        _ensure_terminator(region, YieldOp, parser.location_of(name_index))
        bounds = [parser.resolve_operand(n, bound_type, i) for n, i in (lower, upper, step)]
        inits = [
            parser.resolve_operand(value, type, index)
            for (_, _, value, index), type in zip(pairs, result_types, strict=True)
        ]
        attributes = _attr_dict(parser)
        return cls([*bounds, *inits], result_types, properties, attributes, [region])

    def print_custom(self, printer) -> None:
        if _malformed(self, 3, 1, entry_block=True):
            return printer.print_generic(self)
        lower, upper, step, *inits = self.operands
        body = self.body
        text = printer.op_name(self)
        if "unsignedCmp" in self.properties:
            text += " unsigned"
        induction = body.args[0]
        text += f" {printer.value_name(induction)} = {printer.value_name(lower)} to "
        text += f"{printer.value_name(upper)} step {printer.value_name(step)}"
        if inits:
            pairs = ", ".join(
                f"{printer.value_name(arg)} = {printer.value_name(init)}"
                for arg, init in zip(body.args[1:], inits, strict=False)
            )
            text += f" iter_args({pairs}) -> ({_types(printer, inits)})"
        text += " "
        if not isinstance(induction.type, T.IndexType):
            text += f" : {printer.type(induction.type)} "
        printer.write(text)
        printer.print_region(
            self.regions[0], print_entry_args=False, print_block_terminators=bool(inits)
        )
        _print_attrs(self, printer, elided=("unsignedCmp",))

    def printed_regions(self) -> list:
        return [(self.regions[0], False, len(self.operands) > 3)]

    def verify(self) -> None:
        _check_property_storage(self)
        lower, upper, step, *inits = self.operands
        for index, value in enumerate((lower, upper, step)):
            if not INT_OR_INDEX[0](value.type):
                raise VerifyError(
                    f"operand #{index} must be signless integer or index, but got '{value.type}'"
                )
        if not (lower.type is upper.type is step.type):
            raise VerifyError(
                "failed to verify that all of {lowerBound, upperBound, step} have same type"
            )
        body = _single_block(self, 0, "region")
        if len(inits) != len(self.results):
            raise VerifyError("mismatch in number of loop-carried values and defined values")
        if body is None or body.last is None:
            return  # the verifier reports a region of several blocks or an empty block
        _implicit_terminator(self, YieldOp)
        self._verify_loop(body, inits)
        self._verify_edges(body, inits)
        induction = body.args[0]
        if induction.type is not lower.type:
            raise VerifyError("expected induction variable to be same type as bounds and step")

    def _verify_loop(self, body: Block, inits: list[Value]) -> None:
        """MLIR's LoopLikeOpInterface: counts of inits, iteration arguments, yielded values
        and results, and the induction variable's type."""
        iter_args = body.args[1:]
        yielded = body.last.operands
        if len(inits) != len(iter_args):
            raise VerifyError(
                f"different number of inits and region iter_args: {len(inits)} != {len(iter_args)}"
            )
        if yielded and len(iter_args) != len(yielded):
            raise VerifyError(
                "different number of region iter_args and yielded values: "
                f"{len(iter_args)} != {len(yielded)}"
            )
        if len(self.results) != len(iter_args):
            raise VerifyError(
                "different number of loop results and region iter_args: "
                f"{len(self.results)} != {len(iter_args)}"
            )
        if not body.args:
            raise VerifyError("expected induction variable to be same type as bounds and step")
        induction = body.args[0]
        if not INT_OR_INDEX[0](induction.type):
            raise VerifyError(f"0-th induction variable has invalid type: '{induction.type}'")

    def _verify_edges(self, body: Block, inits: list[Value]) -> None:
        trips = self.static_trip_count()
        iter_args = body.args[1:]
        if trips is None or trips > 0:
            _edge(self, None, 0, inits, iter_args)
        if trips is None or trips == 0:
            _edge(self, None, None, inits, self.results)
        terminator = body.last
        if trips != 1:
            _edge(self, terminator, 0, terminator.operands, iter_args)
        _edge(self, terminator, None, terminator.operands, self.results)

    def static_trip_count(self) -> int | None:
        """The number of iterations when the bounds fix it (MLIR's constantTripCount)."""
        lower, upper, step = self.operands[:3]
        signed = "unsignedCmp" not in self.properties
        width = 64 if isinstance(lower.type, T.IndexType) else getattr(lower.type, "width", 64)
        if lower is upper:
            return 0
        step_value = _constant_int(step)
        if step_value is not None:
            step_value = _as(step_value, width, signed)
            if step_value == 0:
                return 0
            if step_value < 0:
                return 0
        low, high = _constant_int(lower), _constant_int(upper)
        if low is not None:
            if high is None:
                return None
            low, high = _as(low, width, signed), _as(high, width, signed)
            if high <= low:
                return 0
            difference = high - low
        else:
            if high is not None:
                return None
            difference = _upper_minus_lower(lower, upper, signed)
            if difference is None:
                return None
        if step_value is None:
            return None
        return -(-difference // step_value)


def _as(value: int, width: int, signed: bool) -> int:
    value &= (1 << width) - 1
    if signed and value >> (width - 1):
        value -= 1 << width
    return value


def _upper_minus_lower(lower: Value, upper: Value, signed: bool) -> int | None:
    """MLIR's computeUbMinusLb: `%ub = arith.addi %lb, %c overflow<nsw>` gives %c."""
    op = getattr(upper, "op", None)
    if op is None or op.name != "arith.addi" or op.operands[0] is not lower:
        return None
    flags = getattr(op.properties.get("overflowFlags"), "bits", 0)
    if not flags & (1 if signed else 2):
        return None
    return _constant_int(op.operands[1])


class WhileOp(Op):
    """A general loop: `before` decides whether to go on, `after` is the body.

    %res = scf.while (%a = %init) : (i32) -> i32 {
      %more = arith.cmpi slt, %a, %n : i32
      scf.condition(%more) %a : i32
    } do {
    ^bb0(%b: i32):
      %next = arith.addi %b, %one : i32
      scf.yield %next : i32
    }

    `before` starts from the init values and ends in scf.condition: while the condition
    holds, `after` runs on the values it passes and yields `before`'s next arguments;
    when it fails, those values are the results. Work in `before` makes a do-while loop.
    """

    __slots__ = ()
    name = "scf.while"
    operand_defs = (Variadic("inits"),)
    result_defs = (Variadic("results"),)
    num_regions = 2
    traits = frozenset({SingleBlock, RecursiveMemoryEffects})

    @classmethod
    def build(cls, result_types, inits=(), location=UNKNOWN) -> WhileOp:
        """The loop with a `before` block taking the init values' types and an `after`
        block taking `result_types`; both still without their terminators."""
        inits, result_types = list(inits), list(result_types)
        before = Block([v.type for v in inits], [location] * len(inits))
        after = Block(result_types, [location] * len(result_types))
        regions = [Region([before]), Region([after])]
        return cls(inits, result_types, {}, {}, regions, location=location)

    @classmethod
    def parse_custom(cls, parser) -> WhileOp:
        pairs = _assignments(parser, cls.name) if parser.tok == "(" else []
        type_index = parser.pos  # MLIR reports type faults at the ':'
        parser.expect(":")
        function_type = parser.parse_type()
        if not isinstance(function_type, T.FunctionType):
            _fail(
                parser,
                cls.name,
                "invalid kind of type specified: expected builtin.function, but found "
                f"'{function_type}'",
                type_index,
            )
        inputs = function_type.inputs
        if len(inputs) != len(pairs):
            _fail(
                parser,
                cls.name,
                f"expected as many input types as operands (expected {len(pairs)} got "
                f"{len(inputs)})",
                type_index,
            )
        inits = [
            parser.resolve_operand(value, type, index)
            for (_, _, value, index), type in zip(pairs, inputs, strict=True)
        ]
        names = [(arg, index) for arg, index, _, _ in pairs]
        before = parser.parse_region(entry_args=_entry_args(parser, names, inputs))
        _keyword(parser, cls.name, "do")
        after = parser.parse_region()
        attributes = _attr_dict(parser, keyword="attributes")
        return cls(inits, list(function_type.results), {}, attributes, [before, after])

    def print_custom(self, printer) -> None:
        if _malformed(self, 0, 2):
            return printer.print_generic(self)
        text = printer.op_name(self)
        inits = self.operands
        if inits:
            before_args = self.regions[0].blocks[0].args if self.regions[0].blocks else []
            pairs = ", ".join(
                f"{printer.value_name(arg)} = {printer.value_name(init)}"
                for arg, init in zip(before_args, inits, strict=False)
            )
            text += f" ({pairs})"
        function_type = T.FunctionType(tuple(v.type for v in inits), tuple(self.result_types))
        printer.write(f"{text} : {printer.type(function_type)} ")
        printer.print_region(self.regions[0], print_entry_args=False)
        printer.write(" do ")
        printer.print_region(self.regions[1])
        _print_attrs(self, printer, keyword=True)

    def printed_regions(self) -> list:
        return [(self.regions[0], False, True), (self.regions[1], True, True)]

    def verify(self) -> None:
        before = _single_block(self, 0, "before")
        after = _single_block(self, 1, "after")
        if before is None or after is None or before.last is None or after.last is None:
            return  # the verifier reports regions of several blocks and empty blocks
        condition = _require_terminator(
            before,
            ConditionOp,
            "expects the 'before' region to terminate with 'scf.condition'",
        )
        terminator = _require_terminator(
            after, YieldOp, "expects the 'after' region to terminate with 'scf.yield'"
        )
        _edge(self, None, 0, self.operands, before.args)
        args = condition.operands[1:]
        _edge(self, condition, None, args, self.results)
        _edge(self, condition, 1, args, after.args)
        _edge(self, terminator, 0, terminator.operands, before.args)


class ParallelOp(Op):
    """A loop nest whose iterations may run in any order, with reductions.

    %sum = scf.parallel (%i, %j) = (%c0, %c0) to (%n, %m) step (%c1, %c1) init (%zero) -> f32 {
      %x = memref.load %a[%i, %j] : memref<?x?xf32>
      scf.reduce(%x : f32) {
      ^bb0(%lhs: f32, %rhs: f32):
        %s = arith.addf %lhs, %rhs : f32
        scf.reduce.return %s : f32
      }
    }

    Bounds and steps are index values, one per dimension; steps must be positive. Each
    result starts from its `init` value and is combined, by the matching region of the
    body's scf.reduce, with the value every iteration hands to it; the order of the
    iterations and combinations is unspecified. Without reductions the body may leave
    its `scf.reduce` out.
    """

    __slots__ = ()
    name = "scf.parallel"
    operand_defs = (
        Variadic("lowerBound", *VARIADIC_INDEX),
        Variadic("upperBound", *VARIADIC_INDEX),
        Variadic("step", *VARIADIC_INDEX),
        Variadic("initVals"),
    )
    result_defs = (Variadic("results"),)
    prop_defs = (Prop(SEGMENT_SIZES),)
    num_regions = 1
    traits = frozenset({SingleBlock, AttrSizedOperandSegments, RecursiveMemoryEffects})

    @classmethod
    def build(cls, lower, upper, step, init_vals=(), location=UNKNOWN) -> ParallelOp:
        """The loop nest with its body block (one index argument per dimension); without
        init values the body also gets its scf.reduce, as MLIR's builder does."""
        groups = [list(lower), list(upper), list(step), list(init_vals)]
        body = Region([Block([T.INDEX] * len(groups[2]), [location] * len(groups[2]))])
        if not groups[3]:
            _ensure_terminator(body, ReduceOp, location)
        properties = {SEGMENT_SIZES: A.DenseArrayAttr(T.I32, [len(g) for g in groups])}
        operands = [value for group in groups for value in group]
        result_types = [v.type for v in groups[3]]
        return cls(operands, result_types, properties, {}, [body], location=location)

    @classmethod
    def parse_custom(cls, parser) -> ParallelOp:
        name_index = parser.pos - 1
        parser.expect("(")
        ivs = _name_list(parser, ")")
        parser.expect("=")
        groups = []
        for keyword in (None, "to", "step"):
            if keyword is not None:
                _keyword(parser, cls.name, keyword)
            names = _paren_names(parser, cls.name, len(ivs))
            groups.append(_resolve_indices(parser, names))
        init_names = _paren_names(parser, cls.name) if parser.accept("init") else []
        result_types = _optional_arrow_types(parser)
        region = parser.parse_region(entry_args=_entry_args(parser, ivs, [T.INDEX] * len(ivs)))
        attributes = _attr_dict(parser)
        inits = _resolve_all(parser, cls.name, init_names, result_types, name_index)
        _ensure_terminator(region, ReduceOp, parser.location_of(name_index))
        sizes = [len(group) for group in groups] + [len(inits)]
        properties = {SEGMENT_SIZES: A.DenseArrayAttr(T.I32, sizes)}
        operands = [value for group in groups for value in group] + inits
        return cls(operands, result_types, properties, attributes, [region])

    def print_custom(self, printer) -> None:
        if _malformed(self, 0, 1) or not self.regions[0].blocks or segment_sizes(self) is None:
            return printer.print_generic(self)
        group = self.operand_group
        ivs = self.regions[0].blocks[0].args
        text = f"{printer.op_name(self)} ({_names(printer, ivs)}) = "
        text += f"({_names(printer, group('lowerBound'))}) to "
        text += f"({_names(printer, group('upperBound'))}) step "
        text += f"({_names(printer, group('step'))})"
        inits = group("initVals")
        if inits:
            text += f" init ({_names(printer, inits)})"
        text += _arrow_text(printer, self.result_types)
        printer.write(text + " ")
        printer.print_region(self.regions[0], print_entry_args=False)
        _print_attrs(self, printer, elided=(SEGMENT_SIZES,))

    def printed_regions(self) -> list:
        return [(self.regions[0], False, True)]

    def verify(self) -> None:
        body = _single_block(self, 0, "region")
        steps = self.operand_group("step")
        if not steps:
            raise VerifyError(
                "needs at least one tuple element for lowerBound, upperBound and step"
            )
        for step in steps:
            value = _constant_int(step)
            if value is not None and value <= 0:
                raise VerifyError("constant step operand must be positive")
        if body is None or body.last is None:
            return  # the verifier reports a region of several blocks or an empty block
        if len(body.args) != len(steps):
            raise VerifyError(
                f"expects the same number of induction variables: {len(body.args)} as bound "
                f"and step values: {len(steps)}"
            )
        if any(not isinstance(arg.type, T.IndexType) for arg in body.args):
            raise VerifyError("expects arguments for the induction variable to be of index type")
        reduce = _require_terminator(body, ReduceOp, "expects body to terminate with 'scf.reduce'")
        results, reductions = len(self.results), len(reduce.regions)
        inits = len(self.operand_group("initVals"))
        if results != reductions:
            raise VerifyError(
                f"expects number of results: {results} to be the same as number of "
                f"reductions: {reductions}"
            )
        if results != inits:
            raise VerifyError(
                f"expects number of results: {results} to be the same as number of initial "
                f"values: {inits}"
            )


# -- conditionals and regions run once ------------------------------------------------------


class IfOp(Op):
    """Runs the `then` region if the condition holds, else the `else` region.

    %r = scf.if %cond -> (i32) {
      scf.yield %a : i32
    } else {
      scf.yield %b : i32
    }

    The `else` region may be left out when the op has no results; then a region without
    values may leave its scf.yield out. The results come from the scf.yield that runs.
    """

    __slots__ = ()
    name = "scf.if"
    operand_defs = (Arg("condition", *I1),)
    result_defs = (Variadic("results"),)
    num_regions = 2
    traits = frozenset({SingleBlock, RecursiveMemoryEffects})

    @classmethod
    def build(
        cls, condition: Value, result_types=(), with_else: bool = False, location=UNKNOWN
    ) -> IfOp:
        """The op with a `then` block (and an `else` block if asked); without results
        they also get their scf.yield, as MLIR's builder does."""
        result_types = list(result_types)
        regions = [Region([Block()]), Region([Block()] if with_else else [])]
        if not result_types:
            for region in regions:
                if region.blocks:
                    _ensure_terminator(region, YieldOp, location)
        return cls([condition], result_types, {}, {}, regions, location=location)

    @classmethod
    def parse_custom(cls, parser) -> IfOp:
        name_index = parser.pos - 1
        condition_name, index = _value_name(parser)
        condition = parser.resolve_operand(condition_name, T.I1, index)
        result_types = _optional_arrow_types(parser)
        location = parser.location_of(name_index)
        then_region = parser.parse_region()
        _ensure_terminator(then_region, YieldOp, location)
        else_region = Region()
        if parser.accept("else"):
            else_region = parser.parse_region()
            _ensure_terminator(else_region, YieldOp, location)
        attributes = _attr_dict(parser)
        return cls([condition], result_types, {}, attributes, [then_region, else_region])

    def print_custom(self, printer) -> None:
        if _malformed(self, 1, 2):
            return printer.print_generic(self)
        text = f"{printer.op_name(self)} {printer.value_name(self.operands[0])}"
        if self.results:
            text += " -> (" + ", ".join(printer.type(t) for t in self.result_types) + ")"
        printer.write(text + " ")
        terminators = bool(self.results)
        printer.print_region(
            self.regions[0], print_entry_args=False, print_block_terminators=terminators
        )
        if self.regions[1].blocks:
            printer.write(" else ")
            printer.print_region(
                self.regions[1], print_entry_args=False, print_block_terminators=terminators
            )
        _print_attrs(self, printer)

    def printed_regions(self) -> list:
        return [(region, False, bool(self.results)) for region in self.regions]

    def verify(self) -> None:
        _single_block(self, 0, "thenRegion")
        for index, region in enumerate(self.regions):
            if region.blocks and region.blocks[0].args:
                raise VerifyError(f"region #{index} should have no arguments")
        if self.results and not self.regions[1].blocks:
            raise VerifyError("must have an else block if defining values")
        if any(len(r.blocks) > 1 or r.blocks[0].last is None for r in self.regions if r.blocks):
            return  # the verifier reports regions of several blocks and empty blocks
        _implicit_terminator(self, YieldOp)
        if not self.regions[1].blocks:
            _edge(self, None, None, [], self.results)
        for terminator in _terminators(self, YieldOp):
            _edge(self, terminator, None, terminator.operands, self.results)


class ExecuteRegionOp(Op):
    """Runs its region once, a region that may hold several blocks.

    %v = scf.execute_region -> i64 {
      cf.cond_br %c, ^bb1, ^bb2
    ^bb1:
      scf.yield %a : i64
    ^bb2:
      scf.yield %b : i64
    }

    The region has no arguments; each scf.yield in it hands the op's results back.
    `no_inline` (`scf.execute_region no_inline {`) asks passes to keep the op.
    """

    __slots__ = ()
    name = "scf.execute_region"
    operand_defs = ()
    result_defs = (Variadic("results"),)
    prop_defs = (Prop("no_inline", _UnitKind(), optional=True),)
    num_regions = 1
    traits = frozenset({RecursiveMemoryEffects})

    @classmethod
    def build(cls, result_types=(), location=UNKNOWN) -> ExecuteRegionOp:
        """The op with an empty entry block to fill."""
        return cls([], list(result_types), {}, {}, [Region([Block()])], location=location)

    @classmethod
    def parse_custom(cls, parser) -> ExecuteRegionOp:
        result_types = _optional_arrow_types(parser)
        properties = {"no_inline": A.UNIT} if parser.accept("no_inline") else {}
        region = parser.parse_region()
        attributes = _attr_dict(parser)
        return cls([], result_types, properties, attributes, [region])

    def print_custom(self, printer) -> None:
        if _malformed(self, 0, 1):
            return printer.print_generic(self)
        text = printer.op_name(self) + _arrow_text(printer, self.result_types) + " "
        if "no_inline" in self.properties:
            text += "no_inline "
        printer.write(text)
        printer.print_region(self.regions[0], print_entry_args=False)
        _print_attrs(self, printer, elided=("no_inline",))

    def verify(self) -> None:
        _check_property_storage(self)
        blocks = self.regions[0].blocks
        if not blocks:
            raise VerifyError("region needs to have at least one block")
        if blocks[0].args:
            raise VerifyError("region cannot have any arguments")
        for terminator in _terminators(self, YieldOp):
            _edge(self, terminator, None, terminator.operands, self.results)


class IndexSwitchOp(Op):
    """Runs the case region whose value equals the index, else the default region.

    %r = scf.index_switch %i -> i32
    case 2 {
      scf.yield %a : i32
    }
    default {
      scf.yield %b : i32
    }

    Case values are distinct integers (the `cases` property, `array<i64: 2>`); in the
    generic form the default region comes first. Only the default region may leave out
    an scf.yield without values.
    """

    __slots__ = ()
    name = "scf.index_switch"
    operand_defs = (Arg("arg", *INDEX),)
    result_defs = (Variadic("results"),)
    prop_defs = (Prop("cases", _CasesKind()),)
    num_regions = None  # the default region, then one region per case
    traits = frozenset({SingleBlock, RecursiveMemoryEffects})

    @property
    def case_values(self) -> tuple[int, ...]:
        return tuple(getattr(self.properties.get("cases"), "values", ()))

    @classmethod
    def build(cls, arg: Value, cases, result_types=(), location=UNKNOWN) -> IndexSwitchOp:
        """The op with an empty block in its default region and in each case region."""
        cases = list(cases)
        regions = [Region([Block()]) for _ in range(len(cases) + 1)]
        properties = {"cases": A.DenseArrayAttr(T.I64, cases)}
        return cls([arg], list(result_types), properties, {}, regions, location=location)

    @classmethod
    def parse_custom(cls, parser) -> IndexSwitchOp:
        name_index = parser.pos - 1
        arg_name, arg_index = _value_name(parser)
        attributes = _attr_dict(parser)
        result_types = _arrow_types(parser, parenthesized=False) if parser.accept("->") else []
        values, regions = [], []
        while parser.accept("case"):
            values.append(
                parser.parse_integer_literal(f"custom op '{cls.name}' expected integer value")
            )
            regions.append(parser.parse_region())
        _keyword(parser, cls.name, "default")
        default = parser.parse_region()
        _ensure_terminator(default, YieldOp, parser.location_of(name_index))
        arg = parser.resolve_operand(arg_name, T.INDEX, arg_index)
        properties = {"cases": A.DenseArrayAttr(T.I64, values)}
        return cls([arg], result_types, properties, attributes, [default, *regions])

    def print_custom(self, printer) -> None:
        if _malformed(self, 1, None) or not self.regions:
            return printer.print_generic(self)
        printer.write(f"{printer.op_name(self)} {printer.value_name(self.operands[0])}")
        _print_attrs(self, printer, elided=("cases",))
        if self.results:
            printer.write(" -> " + ", ".join(printer.type(t) for t in self.result_types))
        printer.write(" ")
        for value, region in zip(self.case_values, self.regions[1:], strict=False):
            printer.write(f"\n{printer.indent}case {value} ")
            printer.print_region(region, print_entry_args=False)
        printer.write(f"\n{printer.indent}default ")
        default = self.regions[0]
        printer.print_region(
            default, print_entry_args=True, print_block_terminators=not _yield_is_implicit(default)
        )

    def printed_regions(self) -> list:
        default = self.regions[0]
        cases = [(region, False, True) for region in self.regions[1:]]
        return [*cases, (default, True, not _yield_is_implicit(default))]

    def verify(self) -> None:
        _check_property_storage(self)
        if not self.regions:
            raise VerifyError("expected 1 or more regions")
        if self.properties.get("cases") is None:
            raise VerifyError("requires attribute 'cases'")
        for index, region in enumerate(self.regions):
            if not region.blocks:
                name = "defaultRegion" if index == 0 else "caseRegions"
                raise VerifyError(
                    f"region #{index} ('{name}') failed to verify constraint: region with 1 blocks"
                )
        values = self.case_values
        if len(values) != len(self.regions) - 1:
            raise VerifyError(
                f"has {len(self.regions) - 1} case regions but {len(values)} case values"
            )
        seen = set()
        for value in values:
            if value in seen:
                raise VerifyError(f"has duplicate case value: {value}")
            seen.add(value)
        if any(len(r.blocks) > 1 or r.blocks[0].last is None for r in self.regions):
            return  # the verifier reports regions of several blocks and empty blocks
        self._verify_region(self.regions[0], "default region")
        for index, region in enumerate(self.regions[1:]):
            self._verify_region(region, f"case region #{index}")

    def _verify_region(self, region: Region, name: str) -> None:
        last = region.blocks[0].last
        if not isinstance(last, YieldOp):
            raise VerifyError(f"expected region to end with scf.yield, but got {last.name}")
        operands = last.operands
        if len(operands) != len(self.results):
            raise VerifyError(
                f"expected each region to return {len(self.results)} values, but {name} "
                f"returns {len(operands)}",
                notes=[("see yield operation here", last.location)],
            )
        for index, (result, value) in enumerate(zip(self.results, operands, strict=True)):
            if result.type is not value.type:
                raise VerifyError(
                    f"expected result #{index} of each region to be '{result.type}'",
                    notes=[(f"{name} returns '{value.type}' here", last.location)],
                )


OPS = ops_by_name(
    ConditionOp,
    ExecuteRegionOp,
    ForOp,
    IfOp,
    IndexSwitchOp,
    ParallelOp,
    ReduceOp,
    ReduceReturnOp,
    WhileOp,
    YieldOp,
)
