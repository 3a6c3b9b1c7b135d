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

    module @name <sym_visibility = "private"> attributes {dialect.attr = 1} {
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
    default_dialect = "builtin"  # `unrealized_conversion_cast` in its body, as in MLIR

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if len(self.regions) == 1 and not self.regions[0].blocks:
            self.regions[0].append(Block())

    @property
    def body(self) -> Block:
        return self.regions[0].blocks[0]

    def verify(self) -> None:
        for prop in ("sym_name", "sym_visibility"):  # MLIR's conversion of the properties
            value = self.properties.get(prop)
            if value is not None and not isinstance(value, A.StringAttr):
                raise VerifyError(
                    f"invalid properties {A.DictionaryAttr(self.properties)} for op "
                    f"{self.name}: Invalid attribute `{prop}` in property conversion: {value}",
                    op_prefix=False,
                )
        if self.regions[0].blocks and self.body.args:
            raise VerifyError("region should have no arguments")
        visibility = self.properties.get("sym_visibility")
        if visibility is not None and visibility.value not in ("public", "private", "nested"):
            raise VerifyError(
                'visibility expected to be one of ["public", "private", "nested"], but '
                f"got {visibility}"
            )
        for name in self.attributes:
            if "." not in name:
                raise VerifyError(
                    f"can only contain attributes with dialect-prefixed names, found: '{name}'"
                )

    @classmethod
    def parse_custom(cls, parser) -> ModuleOp:
        """MLIR's `($sym_name^)? prop-dict attr-dict-with-keyword $bodyRegion`."""
        properties = {}
        if parser.tok[:1] == "@":
            properties["sym_name"] = A.StringAttr(parser.parse_symbol_name())
        if parser.tok == "<":
            properties.update(_parse_prop_dict(parser, cls.name, ("sym_visibility",)))
        attributes = {}
        if parser.tok == "attributes":
            index = parser.pos
            parser.pos += 1
            attributes = parser.parse_attribute_dict()
            for name in ("sym_name", "sym_visibility"):
                if name in attributes:
                    parser.error(
                        f"custom op '{cls.name}' inherent attribute '{name}' cannot be parsed "
                        "from attr-dict when strict properties in assembly format is enabled",
                        index,
                    )
        region = parser.parse_region(isolated=True)
        return cls(properties=properties, attributes=attributes, regions=[region])

    def print_custom(self, printer) -> None:
        # `module` at the top and in modules, `builtin.module` in other ops' regions
        printer.write("module" if self.parent_op is None else printer.op_name(self))
        name = self.properties.get("sym_name")
        if name is not None:
            printer.write(" " + printer.attr(A.SymbolRefAttr(name.value)))
        visibility = self.properties.get("sym_visibility")
        if visibility is not None:
            printer.write(" <" + printer.attr_dict({"sym_visibility": visibility})[1:-1] + ">")
        if self.attributes:
            printer.write(" attributes " + printer.attr_dict(self.attributes))
        printer.write(" ")
        printer.print_region(self.regions[0], print_entry_args=False)


def _parse_prop_dict(parser, op_name: str, names: tuple[str, ...]) -> dict[str, A.Attribute]:
    """MLIR's `prop-dict` for the properties a format does not spell elsewhere:
    `<name = value, ...>`, or a dictionary `<{...}>`."""
    parser.expect("<")
    if parser.tok == "{":
        index = parser.pos
        found = parser.parse_attribute_dict()
        for name in found:
            if name not in names:
                parser.error(
                    f"custom op '{op_name}' invalid properties {A.DictionaryAttr(found)}: "
                    f"unknown key '\"{name}\"' when parsing properties dictionary",
                    index,
                )
        parser.expect(">")
        return found
    found = {}
    if parser.accept(">"):
        return found
    while True:
        index = parser.pos
        name = parser.next()
        if name not in names or name in found:
            parser.error(
                f"custom op '{op_name}' duplicate or unknown property in properties "
                f"dictionary: {name}",
                index,
            )
        parser.expect("=")
        found[name] = parser.parse_attribute()
        if parser.accept(">"):
            return found
        parser.expect(",")


class UnrealizedConversionCastOp(Op):
    """Casts values between type systems while a conversion is in progress.

    %1 = builtin.unrealized_conversion_cast %0 : i64 to index
    %2:2 = builtin.unrealized_conversion_cast %0, %1 : i64, index to i32, f32
    %3 = builtin.unrealized_conversion_cast to f32
    """

    __slots__ = ()
    name = "builtin.unrealized_conversion_cast"
    operand_defs = (Variadic("inputs"),)
    result_defs = (Variadic("outputs"),)
    traits = frozenset({Pure})
    assembly_format = "($inputs^ `:` type($inputs))? `to` type($outputs) attr-dict"

    def verify(self) -> None:
        if not self.results:
            raise VerifyError("expected at least one result for cast operation")


OPS = ops_by_name(ModuleOp, UnrealizedConversionCastOp)

__all__ = ["ModuleOp", "UnrealizedConversionCastOp", "OPS", "Region"]
