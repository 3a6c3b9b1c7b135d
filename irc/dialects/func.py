"""The func dialect: functions, direct and indirect calls, returns and function constants.

Names, syntax, verification and diagnostics follow MLIR's func dialect. A `func.func` is a
symbol; `func.call` names its callee by symbol and is checked against the callee's type in
the nearest symbol table; `return` inside a function needs no `func.` prefix.
"""

from __future__ import annotations

from irc.dialects import ops_by_name
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Operation, Region, UnregisteredOp
from irc.ir.opdef import Arg, Op, Prop, Variadic, VerifyError
from irc.ir.traits import (
    AutomaticAllocationScope,
    HasParent,
    IsolatedFromAbove,
    Pure,
    Symbol,
    SymbolTable,
    Terminator,
)

VISIBILITIES = ("public", "private", "nested")

# -- symbols --------------------------------------------------------------------------------


def nearest_symbol_table(op: Operation) -> Operation | None:
    """The closest op, `op` itself included, that holds a symbol table; None when an
    unregistered op with one region (which might be one) comes first, as in MLIR."""
    current: Operation | None = op
    while current is not None:
        if isinstance(current, UnregisteredOp) and len(current.regions) == 1:
            return None
        if SymbolTable in current.traits:
            return current
        current = current.parent_op
    return None


def symbol_name(op: Operation) -> str | None:
    name = op.properties.get("sym_name") or op.attributes.get("sym_name")
    return name.value if isinstance(name, A.StringAttr) else None


def lookup_in(table: Operation, name: str) -> Operation | None:
    """The op defining symbol `name` directly inside the symbol table `table`."""
    for region in table.regions:
        for op in region.ops():
            if symbol_name(op) == name:
                return op
    return None


def lookup_symbol(start: Operation, ref: A.SymbolRefAttr) -> Operation | None:
    """MLIR's lookupNearestSymbolFrom: resolve `@a` or `@a::@b` from the symbol table
    nearest to `start` (the parent's, when `start` is itself a symbol table)."""
    parent = start.parent_op
    table = nearest_symbol_table(parent) if parent is not None else None
    if table is None:
        return None
    found = lookup_in(table, ref.root)
    for nested in ref.nested:
        if found is None or SymbolTable not in found.traits:
            return None
        found = lookup_in(found, nested)
    return found


def _types_text(types) -> str:
    return ", ".join(f"'{t}'" for t in types)


def _invalid_property(op: Op, name: str) -> VerifyError:
    """MLIR's parse-time message for a property of the wrong kind (reported unprefixed)."""
    properties = A.DictionaryAttr(op.properties)
    return VerifyError(
        f"invalid properties {properties} for op {op.name}: Invalid attribute `{name}` in "
        f"property conversion: {op.properties[name]}",
        op_prefix=False,
    )


def _callee(op: Op) -> A.SymbolRefAttr:
    callee = op.properties.get("callee")
    if callee is None:
        raise VerifyError("requires attribute 'callee'")
    if not isinstance(callee, A.SymbolRefAttr) or callee.nested:
        raise _invalid_property(op, "callee")
    return callee


# -- func.func ------------------------------------------------------------------------------


class FuncOp(Op):
    """A function: a symbol with a signature and, unless it is a declaration, a body.

    The entry block of the body takes the arguments, named from the signature.

    func.func @add(%arg0: i32, %arg1: i32) -> i32 {
      %0 = arith.addi %arg0, %arg1 : i32
      return %0 : i32
    }
    func.func private @sqrt(f64) -> f64
    """

    __slots__ = ()
    name = "func.func"
    operand_defs = ()
    result_defs = ()
    prop_defs = (
        Prop("sym_name"),
        Prop("function_type"),
        Prop("sym_visibility", optional=True),
        Prop("arg_attrs", optional=True),
        Prop("res_attrs", optional=True),
    )
    num_regions = 1
    traits = frozenset({IsolatedFromAbove, Symbol, AutomaticAllocationScope})
    default_dialect = "func"

    @property
    def function_type(self) -> T.FunctionType | None:
        attr = self.properties.get("function_type")
        value = getattr(attr, "value", None)
        return value if isinstance(value, T.FunctionType) else None

    @property
    def sym_name(self) -> str | None:
        return symbol_name(self)

    @property
    def is_declaration(self) -> bool:
        return not self.regions or not self.regions[0].blocks

    # -- verification ----------------------------------------------------------------------

    def verify(self) -> None:
        name = self.properties.get("sym_name")
        if name is None:
            raise VerifyError("requires attribute 'sym_name'")
        if not isinstance(name, A.StringAttr):
            raise _invalid_property(self, "sym_name")
        if "function_type" not in self.properties:
            raise VerifyError("requires attribute 'function_type'")
        fn_type = self.function_type
        if fn_type is None:
            raise VerifyError(
                "attribute 'function_type' failed to satisfy constraint: type attribute of "
                "function type"
            )
        self.verify_visibility()
        _verify_attr_array(self, "arg_attrs", "argument", len(fn_type.inputs))
        _verify_attr_array(self, "res_attrs", "result", len(fn_type.results))
        if not self.is_declaration:
            self.verify_entry_block(fn_type)

    def verify_visibility(self) -> None:
        visibility = self.properties.get("sym_visibility")
        if visibility is not None:
            text = getattr(visibility, "value", None)
            if text not in VISIBILITIES:
                raise VerifyError(
                    'visibility expected to be one of ["public", "private", "nested"], but '
                    f"got {visibility}"
                )
        if self.is_declaration and (visibility is None or visibility.value == "public"):
            raise VerifyError("symbol declaration cannot have public visibility")

    def verify_entry_block(self, fn_type: T.FunctionType) -> None:
        args = self.regions[0].blocks[0].args
        if len(args) != len(fn_type.inputs):
            raise VerifyError(
                f"entry block must have {len(fn_type.inputs)} arguments to match function signature"
            )
        for index, (arg, expected) in enumerate(zip(args, fn_type.inputs, strict=True)):
            if arg.type is not expected:
                raise VerifyError(
                    f"type of entry block argument #{index}('{arg.type}') must match the type "
                    f"of the corresponding argument in function signature('{expected}')"
                )

    # -- custom form -----------------------------------------------------------------------

    @classmethod
    def parse_custom(cls, parser) -> FuncOp:
        properties: dict[str, A.Attribute] = {}
        if parser.tok in VISIBILITIES:
            properties["sym_visibility"] = A.StringAttr(parser.next())
        if parser.tok[:1] != "@":
            parser.error(f"custom op '{cls.name}' expected valid '@'-identifier for symbol name")
        properties["sym_name"] = A.StringAttr(parser.parse_symbol_name())
        arguments = _parse_arguments(parser, cls.name)
        results: list[tuple[T.Type, dict]] = []
        if parser.accept("->"):
            results = _parse_results(parser)
        attributes = _parse_function_attributes(parser, cls.name, properties)
        inputs = [arg.type for arg in arguments]
        fn_type = T.FunctionType(inputs, [t for t, _ in results])
        properties["function_type"] = A.TypeAttr(fn_type)
        _store_attr_array(properties, "arg_attrs", [arg.attrs for arg in arguments])
        _store_attr_array(properties, "res_attrs", [attrs for _, attrs in results])
        region = Region()
        if parser.tok == "{":
            region = _parse_body(parser, cls.name, arguments)
        return cls(properties=properties, attributes=attributes, regions=[region])

    def print_custom(self, printer) -> None:
        fn_type = self.function_type
        if fn_type is None or self.sym_name is None or len(self.regions) != 1:
            printer.print_generic(self)  # not a function the custom form can spell
            return
        printer.write(printer.op_name(self) + " ")
        visibility = self.properties.get("sym_visibility")
        if isinstance(visibility, A.StringAttr):
            printer.write(visibility.value + " ")
        printer.write(printer.attr(A.SymbolRefAttr(self.sym_name or "")))
        printer.write("(" + ", ".join(self.argument_texts(printer, fn_type)) + ")")
        if fn_type.results:
            printer.write(" -> " + _results_text(printer, fn_type.results, self.res_attrs()))
        if self.attributes:
            printer.write(" attributes " + printer.attr_dict(self.attributes))
        if not self.is_declaration:
            printer.write(" ")
            printer.print_region(self.regions[0], print_entry_args=False)

    def argument_texts(self, printer, fn_type: T.FunctionType) -> list[str]:
        attrs = self.arg_attrs()
        if self.is_declaration:
            return [
                printer.type(t) + _attrs_text(printer, attrs[i])
                for i, t in enumerate(fn_type.inputs)
            ]
        texts = []
        for index, arg in enumerate(self.regions[0].blocks[0].args):
            text = f"{printer.value_name(arg)}: {printer.type(arg.type)}"
            text += _attrs_text(printer, attrs[index] if index < len(attrs) else None)
            if printer.debuginfo:  # never by alias, as MLIR prints region arguments
                text += f" loc({printer._location_body(arg.loc)})"
            texts.append(text)
        return texts

    def arg_attrs(self) -> list:
        return _attr_list(self.properties.get("arg_attrs"), len(self.function_type.inputs))

    def res_attrs(self) -> list:
        return _attr_list(self.properties.get("res_attrs"), len(self.function_type.results))


class _Argument:
    """One parsed function argument: its name (or None in a declaration), type, attributes
    and location. `location` is what a trailing `loc(#alias)` sets, possibly later."""

    __slots__ = ("name", "index", "type", "attrs", "loc", "arg")

    def __init__(self, name: str | None, index: int, type: T.Type, attrs: dict, loc) -> None:
        self.name, self.index, self.type, self.attrs, self.loc = name, index, type, attrs, loc
        self.arg = None

    @property
    def location(self):
        return self.loc

    @location.setter
    def location(self, loc) -> None:
        self.loc = loc
        if self.arg is not None:
            self.arg.loc = loc


def _parse_arguments(parser, op_name: str) -> list[_Argument]:
    """`(%a: i32 {attrs} loc(...), ...)` in a definition, `(i32 {attrs}, ...)` in a
    declaration; all arguments named or none."""
    parser.expect("(")
    arguments: list[_Argument] = []
    if parser.accept(")"):
        return arguments
    named = parser.tok[:1] == "%"
    while True:
        index = parser.pos
        if named:
            if parser.tok[:1] != "%":
                parser.error(f"custom op '{op_name}' expected SSA identifier")
            name = parser.next()
            parser.expect(":")
        else:
            if parser.tok[:1] == "%":
                parser.error(f"custom op '{op_name}' expected type instead of SSA identifier")
            name = None
        arg_type = parser.parse_type()
        attrs = parser.parse_attribute_dict() if parser.tok == "{" else {}
        argument = _Argument(name, index, arg_type, attrs, parser.location_of(index))
        if named and parser.tok == "loc":
            parser.parse_trailing_location(argument)
        arguments.append(argument)
        if parser.accept(")"):
            return arguments
        parser.expect(",")


def _parse_results(parser) -> list[tuple[T.Type, dict]]:
    """`-> i32` or `-> (i32 {attrs}, f32)`."""
    if not parser.accept("("):
        return [(parser.parse_type(), {})]
    results: list[tuple[T.Type, dict]] = []
    if parser.accept(")"):
        return results
    while True:
        result_type = parser.parse_type()
        attrs = parser.parse_attribute_dict() if parser.tok == "{" else {}
        results.append((result_type, attrs))
        if parser.accept(")"):
            return results
        if parser.tok != ",":
            parser.error("expected ')'")
        parser.pos += 1


_INFERRED = ("sym_name", "function_type", "sym_visibility")


def _parse_function_attributes(parser, op_name: str, properties: dict) -> dict:
    """`attributes {...}`: discardable attributes; the argument and result attribute
    arrays written there become properties, the attributes the form spells are refused."""
    if parser.tok != "attributes":
        return {}
    index = parser.pos
    parser.pos += 1
    attributes = parser.parse_attribute_dict()
    for name in _INFERRED:
        if name in attributes:
            parser.error(
                f"custom op '{op_name}' '{name}' is an inferred attribute and should not be "
                "specified in the explicit attribute dictionary",
                index,
            )
    for name in ("arg_attrs", "res_attrs"):
        if name in attributes:
            properties[name] = attributes.pop(name)
    return attributes


def _parse_body(parser, op_name: str, arguments: list[_Argument]) -> Region:
    seen: dict[str, int] = {}
    for argument in arguments:
        if argument.name is None:
            continue
        if argument.name in seen:
            parser.error(
                f"region entry argument '{argument.name}' is already in use",
                argument.index,
                notes=[("previously referenced here", seen[argument.name])],
            )
        seen[argument.name] = argument.index
    entry_args = [(a.name, a.type, a.loc, a.index) for a in arguments if a.name is not None]
    start = parser.pos
    region = parser.parse_region(isolated=True, entry_args=entry_args or None)
    if not region.blocks:
        parser.error(f"custom op '{op_name}' expected non-empty function body", start)
    if entry_args:
        for argument, arg in zip(arguments, region.blocks[0].args, strict=False):
            argument.arg = arg
            arg.loc = argument.loc
    return region


def _store_attr_array(properties: dict, name: str, dicts: list[dict]) -> None:
    """`arg_attrs`/`res_attrs` as MLIR builds them: only when some dictionary is non-empty."""
    if any(dicts):
        properties[name] = A.ArrayAttr([A.DictionaryAttr(d) for d in dicts])


def _attr_list(attr, count: int) -> list:
    """The per-argument (or per-result) attribute dictionaries, None where there are none."""
    elements = list(attr.elements) if isinstance(attr, A.ArrayAttr) else []
    return (elements + [None] * count)[:count]


def _attrs_text(printer, attrs) -> str:
    if isinstance(attrs, A.DictionaryAttr) and attrs.entries:
        return " " + printer.attr_dict(attrs.entries)
    return ""


def _results_text(printer, results, attrs: list) -> str:
    """MLIR's printFunctionResultList: parentheses for several results, a function-typed
    result, or a first result with attributes."""
    first = attrs[0] if attrs else None
    needs_parens = (
        len(results) > 1
        or isinstance(results[0], T.FunctionType)
        or (isinstance(first, A.DictionaryAttr) and bool(first.entries))
    )
    text = ", ".join(
        printer.type(t) + _attrs_text(printer, attrs[i]) for i, t in enumerate(results)
    )
    return f"({text})" if needs_parens else text


def _verify_attr_array(op: FuncOp, name: str, kind: str, count: int) -> None:
    attr = op.properties.get(name)
    if attr is None:
        return
    if not isinstance(attr, A.ArrayAttr):
        raise _invalid_property(op, name)
    plural = "arguments" if kind == "argument" else "results"
    if len(attr) != count:
        raise VerifyError(
            f"expects {kind} attribute array to have the same number of elements as the "
            f"number of function {plural}, got {len(attr)}, but expected {count}"
        )
    for element in attr:
        if not isinstance(element, A.DictionaryAttr):
            raise VerifyError(
                f"expects {kind} attribute dictionary to be a DictionaryAttr, but got `{element}`"
            )
        if any("." not in key for key, _ in element.entries):
            raise VerifyError(f"{plural} may only have dialect attributes")


# -- func.return ----------------------------------------------------------------------------


class ReturnOp(Op):
    """Return from the enclosing function with values of its result types.

    func.return %0, %1 : i32, f32
    """

    __slots__ = ()
    name = "func.return"
    operand_defs = (Variadic("operands"),)
    result_defs = ()
    traits = frozenset({Pure, Terminator, HasParent})
    parent_ops = ("func.func",)
    assembly_format = "attr-dict ($operands^ `:` type($operands))?"

    def verify(self) -> None:
        func = self.parent_op
        fn_type = getattr(func, "function_type", None)
        if fn_type is None:
            return
        results = fn_type.results
        name = printer_symbol(func)
        if len(self.operands) != len(results):
            raise VerifyError(
                f"has {len(self.operands)} operands, but enclosing function ({name}) returns "
                f"{len(results)}"
            )
        for index, (value, expected) in enumerate(zip(self.operands, results, strict=True)):
            if value.type is not expected:
                raise VerifyError(
                    f"type of return operand {index} ('{value.type}') doesn't match function "
                    f"result type ('{expected}') in function {name}",
                    op_prefix=False,
                )


def printer_symbol(op: Operation) -> str:
    """`@name` as MLIR prints a symbol reference."""
    return str(A.SymbolRefAttr(symbol_name(op) or ""))


# -- func.call ------------------------------------------------------------------------------

_CALL_PROPS = ("arg_attrs", "res_attrs", "no_inline")


class CallOp(Op):
    """Call the function that a symbol names in the nearest symbol table.

    Operand and result types must match the callee's signature.

    %2 = func.call @add(%0, %1) : (i32, i32) -> i32
    """

    __slots__ = ()
    name = "func.call"
    operand_defs = (Variadic("operands"),)
    result_defs = (Variadic("results"),)
    prop_defs = (
        Prop("callee"),
        Prop("arg_attrs", optional=True),
        Prop("res_attrs", optional=True),
        Prop("no_inline", optional=True),
    )

    @property
    def callee(self) -> A.SymbolRefAttr | None:
        return self.properties.get("callee")

    def verify(self) -> None:
        callee = _callee(self)
        func = lookup_symbol(self, callee)
        if not isinstance(func, FuncOp) or func.function_type is None:
            raise VerifyError(f"'{callee.root}' does not reference a valid function")
        fn_type = func.function_type
        if len(fn_type.inputs) != len(self.operands):
            raise VerifyError(
                "incorrect number of operands for callee: expected "
                f"{len(fn_type.inputs)}, but got {len(self.operands)}"
            )
        for index, (value, expected) in enumerate(zip(self.operands, fn_type.inputs, strict=True)):
            if value.type is not expected:
                raise VerifyError(
                    f"operand type mismatch: expected operand type '{expected}', but provided "
                    f"'{value.type}' for operand number {index}"
                )
        if len(fn_type.results) != len(self.results):
            raise VerifyError(
                "incorrect number of results for callee: expected "
                f"{len(fn_type.results)}, but got {len(self.results)}"
            )
        for index, (result, expected) in enumerate(zip(self.results, fn_type.results, strict=True)):
            if result.type is not expected:
                raise VerifyError(
                    f"result type mismatch at index {index}",
                    notes=[
                        (f"    op result types: {_types_text(r.type for r in self.results)}", None),
                        (f"callee result types: {_types_text(fn_type.results)}", None),
                    ],
                )

    @classmethod
    def parse_custom(cls, parser) -> CallOp:
        index = parser.pos
        if parser.tok[:1] != "@":
            parser.error(f"custom op '{cls.name}' invalid kind of attribute specified", index)
        properties: dict[str, A.Attribute] = {"callee": parser.parse_symbol_ref()}
        names = _parse_operand_names(parser)
        if parser.tok == "<":
            properties.update(_parse_call_properties(parser, cls.name))
        attributes = parser.parse_attribute_dict() if parser.tok == "{" else {}
        for name in _CALL_PROPS:
            if name in attributes:
                parser.error(
                    f"custom op '{cls.name}' inherent attribute '{name}' cannot be parsed from "
                    "attr-dict when strict properties in assembly format is enabled"
                )
        parser.expect(":")
        fn_type = _parse_function_type(parser)
        operands = _resolve(parser, names, fn_type.inputs)
        return cls(operands, list(fn_type.results), properties, attributes)

    def print_custom(self, printer) -> None:
        callee = self.properties.get("callee")
        if not isinstance(callee, A.SymbolRefAttr):
            printer.print_generic(self)
            return
        operands = ", ".join(printer.value_name(v) for v in self.operands)
        printer.write(f"{printer.op_name(self)} {printer.attr(callee)}({operands})")
        extra = [(n, self.properties[n]) for n in _CALL_PROPS if n in self.properties]
        if extra:
            printer.write(" <" + printer.attr_dict(extra)[1:-1] + ">")
        if self.attributes:
            printer.write(" " + printer.attr_dict(self.attributes))
        fn_type = T.FunctionType([v.type for v in self.operands], [r.type for r in self.results])
        printer.write(" : " + printer.type(fn_type))


def _parse_operand_names(parser) -> list[tuple[str, int]]:
    """`(%a, %b)`: operand names and their token indices."""
    parser.expect("(")
    names: list[tuple[str, int]] = []
    if parser.accept(")"):
        return names
    while True:
        if parser.tok[:1] != "%":
            parser.error(f"expected SSA operand, found {parser.describe()}")
        names.append((parser.tok, parser.pos))
        parser.pos += 1
        if parser.accept(")"):
            return names
        parser.expect(",")


def _parse_call_properties(parser, op_name: str) -> dict:
    """MLIR's `<...>` property list of func.call: `<arg_attrs = [...], no_inline>` or a
    dictionary `<{...}>`."""
    parser.expect("<")
    if parser.tok == "{":
        found = parser.parse_attribute_dict()
        parser.expect(">")
        return found
    found: dict[str, A.Attribute] = {}
    if parser.accept(">"):
        return found
    while True:
        index = parser.pos
        name = parser.next()
        if name == "no_inline" and parser.tok != "=":
            value: A.Attribute = A.UNIT
        else:
            parser.expect("=")
            value = parser.parse_attribute()
        if name not in _CALL_PROPS or name in found:
            parser.error(
                f"custom op '{op_name}' duplicate or unknown property in properties "
                f"dictionary: {name}",
                index,
            )
        found[name] = value
        if parser.accept(">"):
            return found
        parser.expect(",")


def _parse_function_type(parser) -> T.FunctionType:
    index = parser.pos
    fn_type = parser.parse_type()
    if not isinstance(fn_type, T.FunctionType):
        parser.error("expected function type", index)
    return fn_type


def _resolve(parser, names, types) -> list:
    if len(names) != len(types):
        parser.error(
            f"expected {len(names)} operand type{'' if len(names) == 1 else 's'} but had "
            f"{len(types)}"
        )
    return [
        parser.resolve_operand(name, t, index)
        for (name, index), t in zip(names, types, strict=True)
    ]


# -- func.call_indirect ---------------------------------------------------------------------


def _is_function(t: T.Type) -> bool:
    return isinstance(t, T.FunctionType)


class CallIndirectOp(Op):
    """Call a function value; operand and result types come from the callee's type.

    %r = func.call_indirect %f(%x) : (f32) -> f32
    """

    __slots__ = ()
    name = "func.call_indirect"
    operand_defs = (Arg("callee", _is_function, "function type"), Variadic("callee_operands"))
    result_defs = (Variadic("results"),)

    def verify(self) -> None:
        fn_type = self.operands[0].type
        if [v.type for v in self.operands[1:]] != list(fn_type.inputs):
            raise VerifyError("failed to verify that callee input types match argument types")
        if [r.type for r in self.results] != list(fn_type.results):
            raise VerifyError("failed to verify that callee result types match result types")

    @classmethod
    def parse_custom(cls, parser) -> CallIndirectOp:
        if parser.tok[:1] != "%":
            parser.error(f"expected SSA operand, found {parser.describe()}")
        callee_name = (parser.tok, parser.pos)
        parser.pos += 1
        names = _parse_operand_names(parser)
        attributes = parser.parse_attribute_dict() if parser.tok == "{" else {}
        parser.expect(":")
        fn_type = _parse_function_type(parser)
        callee = parser.resolve_operand(callee_name[0], fn_type, callee_name[1])
        operands = _resolve(parser, names, fn_type.inputs)
        return cls([callee, *operands], list(fn_type.results), {}, attributes)

    def print_custom(self, printer) -> None:
        if not self.operands or not isinstance(self.operands[0].type, T.FunctionType):
            printer.print_generic(self)
            return
        callee, *operands = self.operands
        names = ", ".join(printer.value_name(v) for v in operands)
        printer.write(f"{printer.op_name(self)} {printer.value_name(callee)}({names})")
        if self.attributes:
            printer.write(" " + printer.attr_dict(self.attributes))
        printer.write(" : " + printer.type(callee.type))


# -- func.constant --------------------------------------------------------------------------


class ConstantOp(Op):
    """A function as a value, to call with `func.call_indirect`.

    %f = func.constant @add : (i32, i32) -> i32
    """

    __slots__ = ()
    name = "func.constant"
    operand_defs = ()
    result_defs = (Arg("result"),)
    prop_defs = (Prop("value"),)
    traits = frozenset({Pure})

    def verify(self) -> None:
        value = self.properties.get("value")
        if value is None:
            raise VerifyError("requires attribute 'value'")
        if not isinstance(value, A.SymbolRefAttr) or value.nested:
            raise _invalid_property(self, "value")
        func = lookup_symbol(self, value)
        if not isinstance(func, FuncOp):
            raise VerifyError(f"reference to undefined function '{value.root}'")
        if func.function_type is not self.results[0].type:
            raise VerifyError("reference to function with mismatched type")

    def result_name_hints(self) -> list[str]:
        return ["f"]

    @classmethod
    def parse_custom(cls, parser) -> ConstantOp:
        attributes = parser.parse_attribute_dict() if parser.tok == "{" else {}
        if parser.tok[:1] != "@":
            parser.error(f"custom op '{cls.name}' invalid kind of attribute specified")
        value = parser.parse_symbol_ref()
        parser.expect(":")
        result_type = parser.parse_type()
        return cls([], [result_type], {"value": value}, attributes)

    def print_custom(self, printer) -> None:
        value = self.properties.get("value")
        if not isinstance(value, A.SymbolRefAttr) or len(self.results) != 1:
            printer.print_generic(self)
            return
        printer.write(printer.op_name(self))
        if self.attributes:
            printer.write(" " + printer.attr_dict(self.attributes))
        printer.write(f" {printer.attr(value)} : {printer.type(self.results[0].type)}")


OPS = ops_by_name(FuncOp, ReturnOp, CallOp, CallIndirectOp, ConstantOp)

__all__ = [
    "CallIndirectOp",
    "CallOp",
    "ConstantOp",
    "FuncOp",
    "OPS",
    "ReturnOp",
    "lookup_symbol",
    "nearest_symbol_table",
]
