"""A tiny dialect for testing the dialect hooks: one attribute, one type, one op."""

from __future__ import annotations

from irc.dialects import ops_by_name
from irc.ir.attributes import Attribute
from irc.ir.opdef import Arg, Op, VerifyError
from irc.ir.types import IntegerType, Type


class ColorAttr(Attribute):
    """`#toy.color<red>`."""

    __slots__ = ("name",)
    _params = ("name",)

    def dialect_text(self) -> str:
        return f"#toy.color<{self.name}>"


class BoxType(Type):
    """`!toy.box<i32>`."""

    __slots__ = ("element",)
    _params = ("element",)

    def dialect_text(self) -> str:
        return f"!toy.box<{self.element}>"


def parse_color(parser) -> ColorAttr:
    parser.expect("<")
    index = parser.pos
    name = parser.next()
    if name not in ("red", "green"):
        parser.error(f"expected 'red' or 'green', found '{name}'", index)
    parser.expect(">")
    return ColorAttr(name)


def parse_box(parser) -> BoxType:
    parser.expect("<")
    element = parser.parse_type()
    parser.expect(">")
    return BoxType(element)


class UnboxOp(Op):
    """%v = "toy.unbox"(%b) : (!toy.box<i32>) -> i32"""

    __slots__ = ()
    name = "toy.unbox"
    operand_defs = (Arg("box", lambda t: isinstance(t, BoxType), "a box"),)
    result_defs = (Arg("value", lambda t: isinstance(t, IntegerType), "an integer"),)

    def verify(self) -> None:
        if self.operands[0].type.element is not self.results[0].type:
            raise VerifyError("result type must be the box's element type")


OPS = ops_by_name(UnboxOp)
ATTRIBUTES = {"color": parse_color}
TYPES = {"box": parse_box}
