"""The cf dialect: unstructured control flow between the blocks of a region.

Names, syntax and meaning follow MLIR's cf dialect. A branch passes values to the block
arguments of its successors: those values are ordinary operands of the branch, split
per successor (`successor_operands(i)`), and checked against the target's arguments with
MLIR's messages.
"""

from __future__ import annotations

import numpy as np

from irc.dialects import ops_by_name
from irc.dialects.syntax import operand_name, parse_type_of, typed_names, typed_text
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.opdef import Arg, Op, Prop, Variadic, VerifyError
from irc.ir.traits import AttrSizedOperandSegments, Pure, Terminator

I1_TYPE = (lambda t: t is T.I1, "1-bit signless integer")
INTEGER = (lambda t: isinstance(t, T.IntegerType) and t.is_signless, "signless integer")


def verify_successor_operands(op: Op) -> None:
    """MLIR's BranchOpInterface check: each successor gets as many values as its block
    has arguments, of the same types."""
    for number, block in enumerate(op.successors):
        operands = op.successor_operands(number)
        if len(operands) != len(block.args):
            raise VerifyError(
                f"branch has {len(operands)} operands for successor #{number}, but target "
                f"block has {len(block.args)}",
                op_prefix=False,
            )
        for index, (value, arg) in enumerate(zip(operands, block.args, strict=True)):
            if value.type is not arg.type:
                raise VerifyError(
                    f"type mismatch for bb argument #{index} of successor #{number}",
                    op_prefix=False,
                )


class BranchOp(Op):
    """Jump to a block, passing values to its arguments.

    cf.br ^bb2(%x, %y : i32, f32)
    """

    __slots__ = ()
    name = "cf.br"
    operand_defs = (Variadic("destOperands"),)
    result_defs = ()
    num_successors = 1
    successor_names = ("dest",)
    traits = frozenset({Pure, Terminator})
    assembly_format = "$dest (`(` $destOperands^ `:` type($destOperands) `)`)? attr-dict"

    def successor_operands(self, index: int) -> list:
        return self.operands

    def verify(self) -> None:
        verify_successor_operands(self)


class CondBranchOp(Op):
    """Jump to the first block if the condition holds, else to the second.

    cf.cond_br %cond, ^bb1(%x : i32), ^bb2
    """

    __slots__ = ()
    name = "cf.cond_br"
    operand_defs = (
        Arg("condition", *I1_TYPE),
        Variadic("trueDestOperands"),
        Variadic("falseDestOperands"),
    )
    result_defs = ()
    num_successors = 2
    successor_names = ("trueDest", "falseDest")
    buildable_types = {"condition": T.I1}
    traits = frozenset({AttrSizedOperandSegments, Pure, Terminator})
    assembly_format = (
        "$condition `,` $trueDest (`(` $trueDestOperands^ `:` type($trueDestOperands) `)`)? "
        "`,` $falseDest (`(` $falseDestOperands^ `:` type($falseDestOperands) `)`)? attr-dict"
    )

    def successor_operands(self, index: int) -> list:
        return self.operand_group("trueDestOperands" if index == 0 else "falseDestOperands")

    def verify(self) -> None:
        verify_successor_operands(self)


class AssertOp(Op):
    """Abort with a message when the condition does not hold.

    cf.assert %ok, "index out of range"
    """

    __slots__ = ()
    name = "cf.assert"
    operand_defs = (Arg("arg", *I1_TYPE),)
    result_defs = ()
    prop_defs = (Prop("msg"),)
    buildable_types = {"arg": T.I1}
    assembly_format = "$arg `,` $msg attr-dict"

    def verify(self) -> None:
        msg = self.properties.get("msg")
        if msg is None:
            raise VerifyError("requires attribute 'msg'")
        if not isinstance(msg, A.StringAttr):
            properties = A.DictionaryAttr(self.properties)
            raise VerifyError(
                f"invalid properties {properties} for op {self.name}: Invalid attribute `msg` "
                f"in property conversion: {msg}",
                op_prefix=False,
            )


class SwitchOp(Op):
    """Jump to the block of the case equal to the flag, else to the default block.

    cf.switch %flag : i32, [
      default: ^bb1(%a : i32),
      42: ^bb2,
      43: ^bb3(%b : i32)
    ]
    """

    __slots__ = ()
    name = "cf.switch"
    operand_defs = (
        Arg("flag", *INTEGER),
        Variadic("defaultOperands"),
        Variadic("caseOperands"),
    )
    result_defs = ()
    prop_defs = (Prop("case_values", optional=True), Prop("case_operand_segments"))
    num_successors = None
    traits = frozenset({AttrSizedOperandSegments, Pure, Terminator})

    def case_values(self) -> list[int]:
        values = self.properties.get("case_values")
        if not isinstance(values, A.DenseElementsAttr):
            return []
        return [int(v) for v in values.to_array().reshape(-1)]

    def case_segments(self) -> tuple[int, ...]:
        segments = self.properties.get("case_operand_segments")
        return tuple(getattr(segments, "values", ()))

    def successor_operands(self, index: int) -> list:
        if index == 0:
            return self.operand_group("defaultOperands")
        cases = self.operand_group("caseOperands")
        segments = self.case_segments()
        start = sum(segments[: index - 1])
        return cases[start : start + segments[index - 1]]

    def verify(self) -> None:
        if not self.successors:
            raise VerifyError("requires at least 1 successor, but found 0")
        if "case_operand_segments" not in self.properties:
            raise VerifyError("requires attribute 'case_operand_segments'")
        flag_type = self.operands[0].type
        values = self.properties.get("case_values")
        if values is not None and values.type.element_type is not flag_type:
            raise VerifyError(
                f"'flag' type ('{flag_type}') should match case value type "
                f"('{values.type.element_type}')"
            )
        destinations = len(self.successors) - 1
        count = len(self.case_values())
        if count != destinations:
            raise VerifyError(
                f"number of case values ({count}) should match number of case destinations "
                f"({destinations})"
            )
        segments = self.case_segments()
        cases = len(self.operand_group("caseOperands"))
        if sum(segments) != cases or len(segments) != destinations:
            raise VerifyError(
                f"caseOperands count ({cases}) does not match with the total size "
                f"({sum(segments)}) specified in attribute 'case_operand_segments'"
            )
        verify_successor_operands(self)

    @classmethod
    def parse_custom(cls, parser) -> SwitchOp:
        flag = operand_name(parser)
        parser.expect(":")
        flag_type = parse_type_of(parser, cls.name, T.IntegerType, "builtin.integer")
        parser.expect(",")
        parser.expect("[")
        parser.expect("default")
        parser.expect(":")
        successors = [parser.parse_successor()]
        default_operands = _parse_successor_operands(parser)
        values: list[int] = []
        case_operands: list = []
        segments: list[int] = []
        while parser.accept(","):
            values.append(parser.parse_integer_literal())
            parser.expect(":")
            successors.append(parser.parse_successor())
            operands = _parse_successor_operands(parser)
            case_operands.extend(operands)
            segments.append(len(operands))
        parser.expect("]")
        attributes = parser.parse_attribute_dict() if parser.tok == "{" else {}
        properties: dict[str, A.Attribute] = {
            "case_operand_segments": A.DenseArrayAttr(T.I32, segments),
            "operandSegmentSizes": A.DenseArrayAttr(
                T.I32, [1, len(default_operands), len(case_operands)]
            ),
        }
        if values:
            shape = T.VectorType([len(values)], flag_type)
            array = np.array([A.normalize_int(v, flag_type) for v in values], dtype=np.int64)
            properties["case_values"] = A.DenseElementsAttr(shape, array)
        operands = [parser.resolve_operand(flag[0], flag_type, flag[1])]
        operands += default_operands + case_operands
        return cls(operands, [], properties, attributes, [], successors)

    def print_custom(self, printer) -> None:
        flag = self.operands[0]
        indent = printer.indent
        printer.write(f"{printer.op_name(self)} {printer.value_name(flag)} : ")
        printer.write(f"{printer.type(flag.type)}, [\n{indent}  default: ")
        printer.write(_successor_text(printer, self.successors[0], self.successor_operands(0)))
        if "case_values" in self.properties:
            for number, value in enumerate(self.case_values(), start=1):
                target = _successor_text(
                    printer, self.successors[number], self.successor_operands(number)
                )
                printer.write(f",\n{indent}  {value}: {target}")
            printer.write(f"\n{indent}")
        printer.write("]")
        if self.attributes:
            printer.write(" " + printer.attr_dict(self.attributes))


def _parse_successor_operands(parser) -> list:
    """`(%a, %b : i32, f32)` after a successor, or nothing."""
    if not parser.accept("("):
        return []
    names, types = typed_names(parser, operand_name)
    parser.expect(")")
    if len(types) != len(names):
        parser.error(f"expected {len(names)} types to match operand list, found {len(types)}")
    return [parser.resolve_operand(n, t, i) for (n, i), t in zip(names, types, strict=True)]


def _successor_text(printer, block, operands) -> str:
    text = printer.block_names[block]
    if operands:
        text += f"({typed_text(printer, operands)})"
    return text


OPS = ops_by_name(BranchOp, CondBranchOp, AssertOp, SwitchOp)
