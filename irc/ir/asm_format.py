"""MLIR's declarative assembly format: one string gives an op's custom parser and printer.

    assembly_format = "$lhs `,` $rhs (`fastmath` `` $fastmath^)? attr-dict `:` type($result)"

Elements, as in MLIR's ODS:
- `` `kw` `` a literal keyword or punctuation; `` ` ` `` a space; ``` `` ``` no space;
- `$name` an operand group, a property, a region or a successor, by its declared name;
- `type($x)`, `type(operands)`, `type(results)`, `functional-type(operands, results)`;
- `attr-dict`, `attr-dict-with-keyword`: the discardable attributes, plus properties the
  format does not spell elsewhere;
- `operands`, `regions`, `successors`: every value of that kind;
- `( ... )?` an optional group, present when its anchor (`^`, else its first element) is.

Types the format does not spell come from the op's `type_links`, from the
SameOperandsAndResultType trait, or from `infer_result_types`. Printing follows MLIR's
spacing rules, so custom forms print exactly as `mlir-opt` prints them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from irc.ir.attributes import DenseArrayAttr
from irc.ir.core import Block, Region
from irc.ir.opdef import SEGMENT_SIZES, Op, Prop, VerifyError
from irc.ir.traits import AttrSizedOperandSegments, SameOperandsAndResultType
from irc.ir.types import I32, FunctionType, Type

_TOKEN = re.compile(r"`[^`]*`|\$[A-Za-z_]\w*|[A-Za-z_][\w-]*|[()?^,:]|\S")


class FormatError(Exception):
    """A malformed assembly_format string: a bug in an op declaration."""


@dataclass
class Literal:
    text: str


@dataclass
class Variable:
    name: str
    kind: str  # "operand", "result", "prop", "region", "successor"
    spec: object = None


@dataclass
class TypeOf:
    targets: list[Variable]


@dataclass
class FunctionalType:
    inputs: list[Variable]
    results: list[Variable]


@dataclass
class AttrDict:
    keyword: bool


@dataclass
class Optional:
    elements: list
    anchor: object


Element = Literal | Variable | TypeOf | FunctionalType | AttrDict | Optional


# -- compiling a format string --------------------------------------------------------------


class _FormatCompiler:
    def __init__(self, op_class: type[Op]) -> None:
        self.op_class = op_class
        self.tokens: list[str] = []
        self.pos = 0

    def compile(self, text: str) -> list[Element]:
        self.tokens = _TOKEN.findall(text)
        self.pos = 0
        elements = self.elements(until=None)
        return elements

    def elements(self, until: str | None) -> list[Element]:
        found: list[Element] = []
        while self.pos < len(self.tokens) and self.tokens[self.pos] != until:
            found.append(self.element())
        return found

    def element(self) -> Element:
        tok = self.tokens[self.pos]
        self.pos += 1
        if tok[0] == "`":
            return Literal(tok[1:-1])
        if tok[0] == "$":
            return self.variable(tok[1:])
        if tok == "(":
            return self.optional_group()
        if tok in ("attr-dict", "attr-dict-with-keyword"):
            return AttrDict(tok == "attr-dict-with-keyword")
        if tok == "type":
            return TypeOf(self.arguments())
        if tok == "functional-type":
            inputs, results = self.arguments(split=True)
            return FunctionalType(inputs, results)
        if tok in ("operands", "results", "regions", "successors"):
            return self.category(tok)
        raise FormatError(f"'{self.op_class.name}': unknown format element '{tok}'")

    def variable(self, name: str) -> Variable:
        cls = self.op_class
        for kind, defs in (("operand", cls.operand_defs), ("result", cls.result_defs)):
            for definition in defs or ():
                if definition.name == name:
                    return Variable(name, kind, definition)
        for prop in cls.prop_defs:
            if prop.name == name:
                return Variable(name, "prop", prop)
        for index, region_name in enumerate(getattr(cls, "region_names", ())):
            if region_name == name:
                return Variable(name, "region", index)
        for index, successor_name in enumerate(getattr(cls, "successor_names", ())):
            if successor_name == name:
                return Variable(name, "successor", index)
        raise FormatError(f"'{cls.name}': format names unknown variable '${name}'")

    def category(self, name: str) -> Variable:
        kind = name[:-1]
        return Variable(name, f"all-{kind}")

    def arguments(self, split: bool = False):
        if self.tokens[self.pos] != "(":
            raise FormatError(f"'{self.op_class.name}': expected '(' in format directive")
        self.pos += 1
        groups: list[list[Variable]] = [[]]
        while self.tokens[self.pos] != ")":
            tok = self.tokens[self.pos]
            self.pos += 1
            if tok == ",":
                groups.append([])
            elif tok[0] == "$":
                groups[-1].append(self.variable(tok[1:]))
            elif tok in ("operands", "results"):
                groups[-1].append(self.category(tok))
            else:
                raise FormatError(f"'{self.op_class.name}': bad directive argument '{tok}'")
        self.pos += 1
        if split:
            if len(groups) != 2:
                raise FormatError("functional-type takes two arguments")
            return groups
        return [v for group in groups for v in group]

    def optional_group(self) -> Optional:
        start = self.pos
        elements: list[Element] = []
        anchor = None
        while self.tokens[self.pos] != ")":
            element = self.element()
            elements.append(element)
            if self.pos < len(self.tokens) and self.tokens[self.pos] == "^":
                anchor = element
                self.pos += 1
        self.pos += 1
        if self.pos >= len(self.tokens) or self.tokens[self.pos] != "?":
            raise FormatError(
                f"'{self.op_class.name}': optional group at token {start} must end with ')?'"
            )
        self.pos += 1
        if not elements:
            raise FormatError("empty optional group")
        return Optional(elements, anchor if anchor is not None else elements[0])


# -- parsing with a compiled format --------------------------------------------------------


@dataclass
class _Parsed:
    operands: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    types: dict[str, list[Type]] = field(default_factory=dict)
    properties: dict = field(default_factory=dict)
    attributes: dict = field(default_factory=dict)
    regions: dict[int, Region] = field(default_factory=dict)
    successors: dict[int, Block] = field(default_factory=dict)


class CompiledFormat:
    """A format compiled for one op class: `parse(parser)` and `print(op, printer)`."""

    def __init__(self, op_class: type[Op], elements: list[Element]) -> None:
        self.op_class = op_class
        self.elements = elements
        self.spelled_props = {v.name for v in _variables(elements) if v.kind == "prop"}

    # -- parse ---------------------------------------------------------------------------

    def parse(self, parser) -> Op:
        parsed = _Parsed()
        for element in self.elements:
            self.parse_element(parser, element, parsed)
        return self.build(parser, parsed)

    def parse_element(self, parser, element: Element, parsed: _Parsed) -> None:
        if isinstance(element, Literal):
            if element.text.strip():
                parser.expect(element.text)
        elif isinstance(element, Variable):
            self.parse_variable(parser, element, parsed)
        elif isinstance(element, TypeOf):
            self.parse_types(parser, element.targets, parsed)
        elif isinstance(element, FunctionalType):
            self.parse_functional_type(parser, element, parsed)
        elif isinstance(element, AttrDict):
            self.parse_attr_dict(parser, element, parsed)
        elif isinstance(element, Optional):
            if self.parse_optional_start(parser, element.elements[0], parsed):
                for rest in element.elements[1:]:
                    self.parse_element(parser, rest, parsed)

    def parse_optional_start(self, parser, element: Element, parsed: _Parsed) -> bool:
        """Parse the first element of an optional group if it is there."""
        if isinstance(element, Literal):
            return parser.accept(element.text)
        if isinstance(element, Variable):
            if element.kind == "operand" and parser.tok[:1] != "%":
                return False
            if element.kind == "region" and parser.tok != "{":
                return False
            if element.kind == "successor" and parser.tok[:1] != "^":
                return False
            if element.kind == "prop":
                attr = element.spec.kind.parse_optional(parser)
                if attr is None:
                    return False
                parsed.properties[element.name] = attr
                return True
            self.parse_variable(parser, element, parsed)
            return True
        raise FormatError(
            f"'{self.op_class.name}': an optional group must start with a literal or a variable"
        )

    def parse_variable(self, parser, var: Variable, parsed: _Parsed) -> None:
        if var.kind in ("operand", "all-operand"):
            parsed.operands[var.name] = self.parse_operand_list(parser, var)
        elif var.kind == "prop":
            parsed.properties[var.name] = var.spec.kind.parse(parser)
        elif var.kind == "region":
            parsed.regions[var.spec] = parser.parse_region()
        elif var.kind == "successor":
            parsed.successors[var.spec] = parser.parse_successor()
        else:
            raise FormatError(f"'{self.op_class.name}': cannot parse '${var.name}' here")

    def parse_operand_list(self, parser, var: Variable) -> list[tuple[str, int]]:
        many = var.kind == "all-operand" or var.spec.max_count != 1
        found = []
        while parser.tok[:1] == "%":
            found.append((parser.tok, parser.pos))
            parser.pos += 1
            if not many or not parser.accept(","):
                break
        if not found and var.kind == "operand" and var.spec.min_count == 1:
            parser.error(f"expected SSA operand, found {parser.describe()}")
        return found

    def parse_types(self, parser, targets: list[Variable], parsed: _Parsed) -> None:
        for index, var in enumerate(targets):
            if index:
                parser.expect(",")
            many = var.kind.startswith("all-") or var.spec.max_count != 1
            if many:
                types = []
                if parser.tok[:1] not in (")", ":", "{", "") and parser.tok not in ("to", "->"):
                    types.append(parser.parse_type())
                    while parser.tok == "," and index == len(targets) - 1:
                        parser.pos += 1
                        types.append(parser.parse_type())
                parsed.types[var.name] = types
            else:
                start = parser.pos
                found = parser.parse_type()
                _check_type_class(self.op_class, var, found, parser, start)
                parsed.types[var.name] = [found]

    def parse_functional_type(self, parser, element: FunctionalType, parsed: _Parsed) -> None:
        index = parser.pos
        fn = parser.parse_type()
        if not isinstance(fn, FunctionType):
            parser.error("expected a function type", index)
        for group, types in ((element.inputs, fn.inputs), (element.results, fn.results)):
            for var in group:
                parsed.types[var.name] = list(types)

    def parse_attr_dict(self, parser, element: AttrDict, parsed: _Parsed) -> None:
        if element.keyword:
            if not parser.accept("attributes"):
                return
        elif parser.tok != "{":
            return
        declared = {p.name for p in self.op_class.prop_defs}
        for name, attr in parser.parse_attribute_dict().items():
            (parsed.properties if name in declared else parsed.attributes)[name] = attr

    def build(self, parser, parsed: _Parsed) -> Op:
        cls = self.op_class
        start = parser.pos
        names = _operand_names(cls, parsed)
        operand_types = self.resolve_types(parser, parsed, [n for n, _ in names], "operand")
        operands = [
            parser.resolve_operand(token, type, index)
            for (_, (token, index)), type in zip(names, operand_types, strict=True)
        ]
        result_names = [d.name for d in cls.result_defs or ()]
        if all(
            n in parsed.types or n in cls.type_links or self._same_type(parsed)
            for n in result_names
        ):
            result_types = self.resolve_types(parser, parsed, result_names, "result")
        else:
            try:
                result_types = cls.infer_result_types(operand_types, parsed.properties)
            except VerifyError as exc:
                parser.error(str(exc), start)
        regions = [parsed.regions.get(i) or Region() for i in range(cls.num_regions or 0)]
        successors = [parsed.successors[i] for i in sorted(parsed.successors)]
        if AttrSizedOperandSegments in cls.traits:
            sizes = [len(parsed.operands.get(d.name, ())) for d in cls.operand_defs]
            parsed.properties[SEGMENT_SIZES] = DenseArrayAttr(I32, sizes)
        return cls(
            operands, result_types, parsed.properties, parsed.attributes, regions, successors
        )

    def _same_type(self, parsed: _Parsed) -> bool:
        return SameOperandsAndResultType in self.op_class.traits and bool(parsed.types)

    def resolve_types(self, parser, parsed: _Parsed, names: list[str], kind: str) -> list[Type]:
        """One type per value: spelled, linked to another value's, or the common type."""
        types: list[Type] = []
        for name in dict.fromkeys(names):  # a group of several values is named once each
            count = _count_of(parsed, name)
            found = parsed.types.get(name)
            if found is None and name in self.op_class.type_links:
                linked = parsed.types.get(self.op_class.type_links[name])
                found = [linked[0]] * count if linked else None
            if found is None and name in self.op_class.buildable_types:
                found = [self.op_class.buildable_types[name]] * count
            if found is None and self._same_type(parsed):
                common = next(iter(parsed.types.values()))[0]
                found = [common] * count
            if found is None:
                parser.error(f"'{self.op_class.name}' format gives no type for {kind} '{name}'")
            if kind == "operand" and len(found) != count:
                parser.error(f"expected {count} types for '{name}', found {len(found)}")
            types.extend(found)
        return types

    # -- print ---------------------------------------------------------------------------

    def print(self, op: Op, printer) -> None:
        state = _Spacing(printer)
        printer.write(printer.op_name(op))
        for element in self.elements:
            self.print_element(op, element, state)

    def print_element(self, op: Op, element: Element, state: _Spacing) -> None:
        printer = state.printer
        if isinstance(element, Literal):
            state.literal(element.text)
        elif isinstance(element, Variable):
            state.value(self.variable_text(op, element, printer))
        elif isinstance(element, TypeOf):
            state.value(
                ", ".join(printer.type(t) for v in element.targets for t in self.types_of(op, v))
            )
        elif isinstance(element, FunctionalType):
            inputs = [t for v in element.inputs for t in self.types_of(op, v)]
            results = [t for v in element.results for t in self.types_of(op, v)]
            state.value(printer.type(FunctionType(inputs, results)))
        elif isinstance(element, AttrDict):
            self.print_attr_dict(op, element, printer)
        elif isinstance(element, Optional):
            if self.present(op, element.anchor):
                for inner in element.elements:
                    self.print_element(op, inner, state)

    def variable_text(self, op: Op, var: Variable, printer) -> str:
        if var.kind == "operand":
            return ", ".join(printer.value_name(v) for v in op.operand_group(var.name))
        if var.kind == "all-operand":
            return ", ".join(printer.value_name(v) for v in op.operands)
        if var.kind == "prop":
            return var.spec.kind.text(op.properties.get(var.name), printer)
        if var.kind == "region":
            return _RegionMarker(op.regions[var.spec])
        if var.kind == "successor":
            return printer.block_names[op.successors[var.spec]]
        raise FormatError(f"cannot print '${var.name}'")

    def types_of(self, op: Op, var: Variable) -> list[Type]:
        if var.kind == "operand":
            return [v.type for v in op.operand_group(var.name)]
        if var.kind == "result":
            return [v.type for v in op.result_group(var.name)]
        if var.kind == "all-operand":
            return [v.type for v in op.operands]
        if var.kind == "all-result":
            return [v.type for v in op.results]
        raise FormatError(f"type() of '${var.name}'")

    def present(self, op: Op, anchor: Element) -> bool:
        if isinstance(anchor, Variable):
            if anchor.kind == "operand":
                return bool(op.operand_group(anchor.name))
            if anchor.kind == "prop":
                attr = op.properties.get(anchor.name)
                return attr is not None and attr is not anchor.spec.default
            if anchor.kind == "region":
                return bool(op.regions[anchor.spec].blocks)
            if anchor.kind == "successor":
                return len(op.successors) > anchor.spec
        return True

    def print_attr_dict(self, op: Op, element: AttrDict, printer) -> None:
        entries = dict(op.attributes)
        defaults = {p.name: p.default for p in self.op_class.prop_defs}
        for name, attr in op.properties.items():
            if name == SEGMENT_SIZES:
                continue  # implied by the operand lists, as MLIR prints it
            if name not in self.spelled_props and attr is not defaults.get(name):
                entries[name] = attr
        if entries:
            keyword = " attributes" if element.keyword else ""
            printer.write(f"{keyword} {printer.attr_dict(entries)}")


class _RegionMarker(str):
    """A region to print in place (regions print themselves, line by line)."""

    def __new__(cls, region: Region):
        self = super().__new__(cls, "")
        self.region = region
        return self


class _Spacing:
    """MLIR's rules for spaces between custom-form elements (OpFormatGen)."""

    def __init__(self, printer) -> None:
        self.printer = printer
        self.emit_space = True
        self.last_was_punctuation = False

    def literal(self, text: str) -> None:
        if text == "":
            self.emit_space = False
            self.last_was_punctuation = True
            return
        if text == " ":
            self.printer.write(" ")
            self.emit_space = False
            self.last_was_punctuation = True
            return
        if self.emit_space and _space_before(text, self.last_was_punctuation):
            self.printer.write(" ")
        self.printer.write(text)
        self.emit_space = len(text) != 1 or text not in "<({["
        self.last_was_punctuation = text[0] != "_" and not text[0].isalpha()

    def value(self, text: str) -> None:
        if isinstance(text, _RegionMarker):
            if self.emit_space:
                self.printer.write(" ")
            self.printer.print_region(text.region)
        elif text:
            if self.emit_space:
                self.printer.write(" ")
            self.printer.write(text)
        self.emit_space = True
        self.last_was_punctuation = False


def _space_before(text: str, last_was_punctuation: bool) -> bool:
    if len(text) != 1 and text != "->":
        return True
    if last_was_punctuation:
        return text[0] not in ">)}],"
    return text[0] not in "<>(){}[],"


def _check_type_class(op_class, var: Variable, found: Type, parser, index: int) -> None:
    """MLIR's generated parsers read a declared C++ type class (`parseType<MemRefType>`),
    so a type of another kind is an error there. An Arg names its class with a class
    attribute `type_class = ((classes...), "builtin.memref" or None)`."""
    spec = getattr(var.spec, "type_class", None)
    if spec is None or isinstance(found, spec[0]):
        return
    detail = f": expected {spec[1]}, but found '{found}'" if spec[1] else ""
    parser.error(f"custom op '{op_class.name}' invalid kind of type specified{detail}", index)


def _variables(elements) -> list[Variable]:
    found = []
    for element in elements:
        if isinstance(element, Variable):
            found.append(element)
        elif isinstance(element, TypeOf):
            found.extend(element.targets)
        elif isinstance(element, FunctionalType):
            found.extend(element.inputs + element.results)
        elif isinstance(element, Optional):
            found.extend(_variables(element.elements))
    return found


def _operand_names(cls: type[Op], parsed: _Parsed) -> list[tuple[str, tuple[str, int]]]:
    """(declared name, (token, index)) for every operand, in declaration order."""
    if "operands" in parsed.operands:
        return [("operands", item) for item in parsed.operands["operands"]]
    return [
        (d.name, item) for d in cls.operand_defs or () for item in parsed.operands.get(d.name, [])
    ]


def _count_of(parsed: _Parsed, name: str) -> int:
    return len(parsed.operands.get(name, [None]))


_COMPILED: dict[type, CompiledFormat] = {}


def compiled_format(op_class: type[Op]) -> CompiledFormat:
    """The compiled format of an op class (compiled once, on first use)."""
    found = _COMPILED.get(op_class)
    if found is None:
        elements = _FormatCompiler(op_class).compile(op_class.assembly_format)
        found = _COMPILED[op_class] = CompiledFormat(op_class, elements)
    return found


__all__ = ["CompiledFormat", "FormatError", "Prop", "compiled_format"]
