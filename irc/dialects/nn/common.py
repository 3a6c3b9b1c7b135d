"""What the nn op families share: tensor type constraints, numpy broadcasting over static
and `?` sizes, axis rules, the checks of a declaration that inference relies on, property
kinds and how custom forms spell them, and the two custom forms: result types inferred
(`InferredOp`) or written after `to` (`WrittenOp`).

Shape rules raise `VerifyError` with both shapes in the message; the verifier locates it
at the op, the parser at the op's name.
"""

from __future__ import annotations

from irc.dialects.constraints import is_bool, is_float, is_signless_int_or_index
from irc.dialects.syntax import attr_dict, fail, print_attrs, type_list, value_name
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.opdef import Arg, AttrKind, Op, Prop, VerifyError
from irc.ir.traits import Pure
from irc.ir.verifier import property_problem, values_problem

DYN = T.DYNAMIC


# -- type constraints -----------------------------------------------------------------------


def _tensor_of(predicate, description: str):
    def check(t: T.Type) -> bool:
        return isinstance(t, T.TensorType) and predicate(t.element_type)

    return check, description


def _numeric(t: T.Type) -> bool:
    return is_float(t) or (is_signless_int_or_index(t) and not is_bool(t))


def _any_element(t: T.Type) -> bool:
    return is_float(t) or is_signless_int_or_index(t)


FLOAT_TENSOR = _tensor_of(is_float, "tensor of floats")
NUMERIC_TENSOR = _tensor_of(_numeric, "tensor of floats or integers")
INT_TENSOR = _tensor_of(lambda t: _numeric(t) and not is_float(t), "tensor of integers")
BOOL_TENSOR = _tensor_of(is_bool, "tensor of i1")
TENSOR = _tensor_of(_any_element, "tensor")


# -- shapes ---------------------------------------------------------------------------------


def shape_text(shape) -> str:
    """`4x?x3`, or `scalar` for rank 0: how messages name a shape."""
    return "x".join("?" if d == DYN else str(d) for d in shape) or "scalar"


def list_text(values) -> str:
    """`[1, 0]`: how custom forms and messages write a list property."""
    return "[" + ", ".join(str(v) for v in values) + "]"


def operand_text(shape, what: str = "operand") -> str:
    """`the operand of shape 4x3`, `the scalar operand`."""
    return f"the {what} of shape {shape_text(shape)}" if shape else f"the scalar {what}"


def broadcast_dim(a: int, b: int) -> int | None:
    """The broadcast of two sizes, or None when they cannot match. A `?` against a size
    n > 1 gives n (it must be n or 1 when the program runs); against 1 or `?`, `?`."""
    if a == b:
        return a
    if a == 1:
        return b
    if b == 1:
        return a
    if a == DYN:
        return b
    if b == DYN:
        return a
    return None


def broadcast_shapes(*shapes) -> tuple[int, ...]:
    """numpy's broadcast of `shapes` (aligned on the right); VerifyError names the first
    two shapes that do not broadcast."""
    result: tuple[int, ...] = ()
    for shape in shapes:
        rank = max(len(result), len(shape))
        left = (1,) * (rank - len(result)) + tuple(result)
        right = (1,) * (rank - len(shape)) + tuple(shape)
        dims = [broadcast_dim(a, b) for a, b in zip(left, right, strict=True)]
        if None in dims:
            axis = dims.index(None)
            raise VerifyError(
                f"shapes {shape_text(result)} and {shape_text(shape)} do not broadcast: "
                f"sizes {left[axis]} and {right[axis]} in dimension {axis - rank} "
                "(counted from the right) differ and neither is 1"
            )
        result = tuple(dims)
    return result


def tensor(shape, element: T.Type) -> T.TensorType:
    return T.TensorType(tuple(shape), element)


def same_element_types(types, what: str = "operands") -> T.Type:
    """The one element type of `types`; VerifyError suggests nn.cast when they differ."""
    elements = {t.element_type for t in types}
    if len(elements) > 1:
        names = " and ".join(sorted(str(e) for e in elements))
        raise VerifyError(f"{what} have different element types {names}; convert with nn.cast")
    return types[0].element_type


# -- axes: counted from 0, never from the end ----------------------------------------------------


def check_axis(axis: int, rank: int, where: str, what: str = "axis") -> None:
    """`axis` must be one of 0..rank-1, the dimensions of `where` (`operand_text`)."""
    if 0 <= axis < rank:
        return
    if rank == 0:
        raise VerifyError(f"{what} {axis} is not a dimension of {where}: it has none")
    hint = " (axes count from 0, not from the end)" if axis < 0 else ""
    raise VerifyError(f"{what} {axis} is not in 0..{rank - 1}, the dimensions of {where}{hint}")


def check_axes(axes, rank: int, where: str) -> None:
    """Strictly increasing axes, each in 0..rank-1."""
    if any(a >= b for a, b in zip(axes, axes[1:], strict=False)):
        raise VerifyError(f"axes {list_text(axes)} must be strictly increasing")
    for axis in axes:
        check_axis(axis, rank, where)


# -- the declaration, checked before inference -----------------------------------------------------


def check_declared(cls, operand_types, properties: dict) -> None:
    """Operand count and types, then properties, against the declaration, in the
    verifier's words: an op's own rules rely on them, and the custom parser infers result
    types before the verifier has seen the op (which checks properties last)."""
    problem = values_problem("operand", cls.operand_defs, operand_types)
    problem = problem or property_problem(cls, properties)
    if problem is not None:
        raise VerifyError(problem)


def well_formed(op: Op) -> bool:
    """Whether `op` fits its declaration (operands, results, properties), so that its
    custom form can spell it; otherwise printers fall back to the generic form, so that
    invalid IR still prints."""
    cls = type(op)
    problem = values_problem("operand", cls.operand_defs, [v.type for v in op.operands])
    problem = problem or values_problem("result", cls.result_defs, [r.type for r in op.results])
    return (problem or property_problem(cls, op.properties)) is None


# -- property kinds ----------------------------------------------------------------------------


class I64Kind(AttrKind):
    """An i64 integer property, spelled bare in custom forms (`-1`)."""

    description = "64-bit signless integer attribute"

    def check(self, attr) -> bool:
        return isinstance(attr, A.IntegerAttr) and attr.type is T.I64

    def parse(self, parser) -> A.Attribute:
        return A.IntegerAttr(parser.parse_integer_literal(), T.I64)

    def text(self, attr, printer) -> str:
        return str(attr.value)


class F64Kind(AttrKind):
    """An f64 float property, spelled bare in custom forms (`0.5`)."""

    description = "64-bit float attribute"

    def check(self, attr) -> bool:
        return isinstance(attr, A.FloatAttr) and attr.type is T.F64

    def parse(self, parser) -> A.Attribute:
        index = parser.pos
        negative = parser.accept("-")
        tok = parser.tok
        if not tok[:1].isdigit():
            parser.error(f"expected a number, found {parser.describe()}")
        parser.pos += 1
        return parser.float_literal(tok, negative, T.F64, index)

    def text(self, attr, printer) -> str:
        return repr(attr.value)


class I64ArrayKind(AttrKind):
    """A list of i64 (axes, permutations, sizes): `array<i64: 0, 1>`, spelled bare in
    custom forms as `[0, 1]`."""

    description = "i64 dense array attribute"

    def check(self, attr) -> bool:
        return isinstance(attr, A.DenseArrayAttr) and attr.element_type is T.I64

    def parse(self, parser) -> A.Attribute:
        parser.expect("[")
        return i64_array(parser.parse_comma_list(parser.parse_integer_literal, "]"))

    def parse_optional(self, parser) -> A.Attribute | None:
        return self.parse(parser) if parser.tok == "[" else None

    def text(self, attr, printer) -> str:
        return list_text(attr.values)


class UnitKind(AttrKind):
    """A flag: present or absent."""

    description = "unit attribute"

    def check(self, attr) -> bool:
        return isinstance(attr, A.UnitAttr)


def i64_array(values) -> A.DenseArrayAttr:
    return A.DenseArrayAttr(T.I64, tuple(int(v) for v in values))


def int_prop(op_or_props, name: str, default: int | None = None) -> int | None:
    """An integer property's value from an op or a properties dict."""
    props = op_or_props if isinstance(op_or_props, dict) else op_or_props.properties
    attr = props.get(name)
    return default if attr is None else attr.value


def array_prop(op_or_props, name: str) -> tuple[int, ...] | None:
    props = op_or_props if isinstance(op_or_props, dict) else op_or_props.properties
    attr = props.get(name)
    return None if attr is None else tuple(attr.values)


# -- how a custom form spells a property: an op's `spelling` table of (name, Spelling) ---------


class Bare:
    """The value alone, as its kind spells it: `[1, 0]`."""

    def parse(self, parser, cls, prop: Prop):
        attr = prop.kind.parse_optional(parser)
        if attr is None:
            fail(parser, cls.name, f"expected the {prop.name}, found {parser.describe()}")
        return attr

    def text(self, prop: Prop, attr, printer) -> str:
        return prop.kind.text(attr, printer)


class Flag:
    """A unit property spelled as its name: `keepdims`."""

    def parse(self, parser, cls, prop: Prop):
        return A.UNIT if parser.accept(prop.name) else None

    def text(self, prop: Prop, attr, printer) -> str:
        return prop.name


class Keyword:
    """The property's name, then its value as its kind spells it: `axis 1`, `reduction
    sum`; an optional one may be left out (its default applies)."""

    def __init__(self, optional: bool = False) -> None:
        self.optional = optional

    def parse(self, parser, cls, prop: Prop):
        if parser.accept(prop.name):
            return prop.kind.parse(parser)
        if not self.optional:
            fail(parser, cls.name, f"expected '{prop.name}'")
        return None

    def text(self, prop: Prop, attr, printer) -> str:
        return f"{prop.name} {prop.kind.text(attr, printer)}"


BARE, FLAG, KEYWORD = Bare(), Flag(), Keyword()


def parse_spelled(cls, parser) -> dict:
    """The properties `cls.spelling` spells, in its order (a left-out one is absent)."""
    declared = {p.name: p for p in cls.prop_defs}
    properties = {}
    for name, spelling in cls.spelling:
        attr = spelling.parse(parser, cls, declared[name])
        if attr is not None:
            properties[name] = attr
    return properties


def spelled_text(op: Op, printer) -> str:
    """`nn.op %a, %b <the spelled properties>`; the attribute dictionary holds the rest."""
    declared = {p.name: p for p in op.prop_defs}
    words = [printer.op_name(op), ", ".join(printer.value_name(v) for v in op.operands)]
    for name, spelling in op.spelling:
        attr = op.properties.get(name)
        if attr is not None:
            words.append(spelling.text(declared[name], attr, printer))
    return " ".join(words)


def operand_names(parser) -> list[tuple[str, int]]:
    names = [value_name(parser)]
    while parser.accept(","):
        names.append(value_name(parser))
    return names


def split_properties(cls, entries: dict) -> tuple[dict, dict]:
    """An attribute dictionary split into the op's declared properties and the rest."""
    declared = {p.name for p in cls.prop_defs}
    props = {k: v for k, v in entries.items() if k in declared}
    return props, {k: v for k, v in entries.items() if k not in declared}


# -- result types inferred: `%r = nn.op %a, %b <properties> {attrs} : T` or `: (A, B) -> R` ----


class InferredOp(Op):
    """Base of ops whose one result type follows from the operand types and properties:
    `infer(operand_types, properties)` states the rule once, for the parser, the verifier
    (the result must be what it infers) and rewrites. Its custom form is the operands,
    the properties as `spelling` says, an attribute dictionary, then `:` and either one
    type (every operand has it; the result type is inferred) or a functional type."""

    __slots__ = ()
    traits = frozenset({Pure})
    spelling: tuple[tuple[str, object], ...] = ()

    @classmethod
    def infer(cls, operand_types, properties) -> list[T.Type]:
        """The result types of operands and properties that fit the declaration."""
        raise NotImplementedError

    @classmethod
    def infer_result_types(cls, operand_types, properties):
        check_declared(cls, operand_types, properties)
        defaults = {p.name: p.default for p in cls.prop_defs if p.default is not None}
        return cls.infer(list(operand_types), {**defaults, **properties})

    @classmethod
    def parse_custom(cls, parser):
        name_index = parser.pos - 1
        names = operand_names(parser)
        return _finish_inferred(cls, parser, names, name_index, parse_spelled(cls, parser))

    def print_custom(self, printer) -> None:
        if not self.operands or not well_formed(self):
            return printer.print_generic(self)
        printer.write(spelled_text(self, printer))
        print_attrs(self, printer, elided=[name for name, _ in self.spelling])
        operand_types = [v.type for v in self.operands]
        result_types = [r.type for r in self.results]
        printer.write(" : " + _types_text(type(self), printer, operand_types, result_types, self))

    def verify(self) -> None:
        types = [v.type for v in self.operands]
        expected = self.infer_result_types(types, self.properties)
        actual = [r.type for r in self.results]
        if actual != expected:
            want = ", ".join(str(t) for t in expected)
            got = ", ".join(str(t) for t in actual)
            raise VerifyError(f"result type {got} does not match the inferred type {want}")


def _finish_inferred(cls, parser, names, name_index: int, properties: dict) -> Op:
    """The part after the spelled properties: `{attrs} : types`. A declaration fault is
    located at the types, a rule that inference breaks at the op's name."""
    props, attributes = split_properties(cls, attr_dict(parser))
    properties = {**properties, **props}
    parser.expect(":")
    type_index = parser.pos
    operand_types, result_types = _written_types(cls, parser, len(names))
    pairs = zip(names, operand_types, strict=True)
    operands = [parser.resolve_operand(n, t, i) for (n, i), t in pairs]
    if result_types is None:
        problem = values_problem("operand", cls.operand_defs, operand_types)
        if problem is not None:
            parser.error(f"'{cls.name}' op {problem}", type_index)
        try:
            result_types = cls.infer_result_types(operand_types, properties)
        except VerifyError as exc:
            parser.error(f"'{cls.name}' op {exc}", name_index)
    return cls(operands, result_types, properties, attributes)


def _written_types(cls, parser, count: int) -> tuple[list, list | None]:
    """After `:`, the types of `count` operands and the results: a functional type, or
    one type each (one type for all) and None for the results, which are inferred."""
    type_index = parser.pos
    if parser.tok == "(":
        function = parser.parse_function_type()
        operand_types, result_types = list(function.inputs), list(function.results)
    else:
        operand_types, result_types = type_list(parser), None
        if len(operand_types) == 1:
            operand_types *= count
    if len(operand_types) != count:
        message = f"has {count} operands but {len(operand_types)} types"
        fail(parser, cls.name, message, type_index)
    return operand_types, result_types


def _types_text(cls, printer, operand_types, result_types, op) -> str:
    """`T` when all operands share it and the results are inferred from it, else `(A, B) -> R`."""
    if operand_types and all(t is operand_types[0] for t in operand_types):
        try:
            inferred = cls.infer_result_types(operand_types, op.properties)
        except VerifyError:
            inferred = None
        if inferred == result_types:
            return printer.type(operand_types[0])
    inputs = ", ".join(printer.type(t) for t in operand_types)
    outputs = ", ".join(printer.type(t) for t in result_types)
    if len(result_types) != 1:
        outputs = f"({outputs})"
    return f"({inputs}) -> {outputs}"


# -- result type written: `%r = nn.op %x <properties> {attrs} : A to R` -------------------------


class WrittenOp(Op):
    """Base of ops told their result type: one tensor operand, one tensor result, and the
    custom form `%r = nn.op %x <properties> : A to R`; `check(source, result,
    properties)` states the op's rules, and `refine(source, result, properties)` the
    sizes of the result that the operand decides (for a rewrite that makes the operand
    more static, as specializing a call's shapes does)."""

    __slots__ = ()
    operand_defs = (Arg("operand", *TENSOR),)
    result_defs = (Arg("result", *TENSOR),)
    traits = frozenset({Pure})
    spelling: tuple[tuple[str, object], ...] = ()

    @classmethod
    def parse_custom(cls, parser):
        name, index = value_name(parser)
        properties = parse_spelled(cls, parser)
        attributes = attr_dict(parser)
        parser.expect(":")
        source = parser.parse_type()
        parser.expect("to")
        target = parser.parse_type()
        operand = parser.resolve_operand(name, source, index)
        return cls([operand], [target], properties, attributes)

    def print_custom(self, printer) -> None:
        if not well_formed(self):
            return printer.print_generic(self)
        printer.write(spelled_text(self, printer))
        print_attrs(self, printer, elided=[name for name, _ in self.spelling])
        source, target = self.operands[0].type, self.results[0].type
        printer.write(f" : {printer.type(source)} to {printer.type(target)}")

    def verify(self) -> None:
        source, result = self.operands[0].type, self.results[0].type
        check_declared(type(self), [source], self.properties)
        self.check(source, result, self.properties)

    @classmethod
    def check(cls, source: T.TensorType, result: T.TensorType, properties: dict) -> None:
        """Raise VerifyError when `source` cannot become `result`."""

    @classmethod
    def refine(cls, source: T.TensorType, result: T.TensorType, properties: dict):
        """The written `result` with the `?` sizes that `source` decides made its sizes;
        `result` itself when the operand decides none."""
        return result

    @classmethod
    def refine_result_types(cls, operand_types, result_types, properties) -> list[T.Type]:
        """The result types after the operand types changed: `refine`, then `check`
        (whose VerifyError says the operand no longer fits)."""
        source, result = operand_types[0], result_types[0]
        check_declared(cls, [source], properties)
        refined = cls.refine(source, result, properties)
        cls.check(source, refined, properties)
        return [refined]
