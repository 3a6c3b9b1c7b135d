"""The builtin dialect: the module that holds everything, and the conversion cast."""

from __future__ import annotations

from irc.dialects import ops_by_name
from irc.ir import attributes as A
from irc.ir.core import Block, Region
from irc.ir.opdef import Op, Prop, Variadic, VerifyError
from irc.ir.traits import (
    GraphRegions,
    IsolatedFromAbove,
    NoTerminator,
    Pure,
    SingleBlock,
    Symbol,
    SymbolTable,
)


class ModuleOp(Op):
    """A top-level container of ops; its body is one block with no terminator.

    module @name attributes {dialect.attr = 1} {
      ...
    }
    """

    __slots__ = ()
    name = "builtin.module"
    operand_defs = ()
    result_defs = ()
    prop_defs = (Prop("sym_name", optional=True), Prop("sym_visibility", optional=True))
    num_regions = 1
    traits = frozenset(
        {IsolatedFromAbove, NoTerminator, SymbolTable, Symbol, SingleBlock, GraphRegions}
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if len(self.regions) == 1 and not self.regions[0].blocks:
            self.regions[0].append(Block())

    @property
    def body(self) -> Block:
        return self.regions[0].blocks[0]

    def verify(self) -> None:
        if self.regions[0].blocks and self.body.args:
            raise VerifyError("expects region to have no arguments")
        name = self.properties.get("sym_name")
        if name is not None and not isinstance(name, A.StringAttr):
            raise VerifyError("requires attribute 'sym_name' to be a string")

    @classmethod
    def parse_custom(cls, parser) -> ModuleOp:
        properties = {}
        if parser.tok[:1] == "@":
            properties["sym_name"] = A.StringAttr(parser.parse_symbol_name())
        attributes = {}
        if parser.tok == "attributes":
            parser.pos += 1
            attributes = parser.parse_attribute_dict()
        region = parser.parse_region(isolated=True)
        return cls(properties=properties, attributes=attributes, regions=[region])

    def print_custom(self, printer) -> None:
        printer.write("module")
        name = self.properties.get("sym_name")
        if name is not None:
            printer.write(f" @{name.value}")
        if self.attributes:
            printer.write(" attributes " + printer.attr_dict(self.attributes))
        printer.write(" ")
        printer.print_region(self.regions[0], print_entry_args=False)


class UnrealizedConversionCastOp(Op):
    """Casts values between type systems while a conversion is in progress.

    %1 = "builtin.unrealized_conversion_cast"(%0) : (i64) -> index
    """

    __slots__ = ()
    name = "builtin.unrealized_conversion_cast"
    operand_defs = (Variadic("inputs"),)
    result_defs = (Variadic("outputs"),)
    traits = frozenset({Pure})

    def verify(self) -> None:
        if not self.results:
            raise VerifyError("expected at least one result")


OPS = ops_by_name(ModuleOp, UnrealizedConversionCastOp)

__all__ = ["ModuleOp", "UnrealizedConversionCastOp", "OPS", "Region"]
