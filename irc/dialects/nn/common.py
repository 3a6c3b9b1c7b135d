"""What the nn op families share: tensor type constraints, numpy broadcasting over static
and `?` sizes, the custom form of ops whose result types are inferred, and property kinds.

Shape rules raise `VerifyError` with both shapes in the message; the verifier locates it
at the op, the parser at the op's name.
"""

from __future__ import annotations

from irc.dialects.constraints import is_bool, is_float, is_signless_int_or_index
from irc.dialects.syntax import attr_dict, fail, print_attrs, type_list, value_name
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.opdef import AttrKind, Op, VerifyError

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


def normalize_axis(axis: int, rank: int, what: str = "axis") -> int:
    """A numpy-style axis (negative counts from the end) as 0..rank-1."""
    if not -rank <= axis < rank:
        raise VerifyError(f"{what} {axis} is out of range for rank {rank}")
    return axis + rank if axis < 0 else axis


def same_element_types(types, what: str = "operands") -> T.Type:
    """The one element type of `types`; VerifyError suggests nn.cast when they differ."""
    elements = {t.element_type for t in types}
    if len(elements) > 1:
        names = " and ".join(sorted(str(e) for e in elements))
        raise VerifyError(f"{what} have different element types {names}; convert with nn.cast")
    return types[0].element_type


# -- custom form: `%r = nn.op %a, %b {attrs} : T` or `: (A, B) -> R` -------------------------


def parse_inferred(cls, parser, operand_count: int | None = None, properties=None) -> Op:
    """Operands, an optional attribute dictionary, then `:` and either one type (every
    operand has it; the result type is inferred) or a functional type.

    `properties` already parsed by the op's own syntax are passed in; the dictionary may
    hold more."""
    name_index = parser.pos - 1
    names = [value_name(parser)]
    while parser.accept(","):
        names.append(value_name(parser))
    if operand_count is not None and len(names) != operand_count:
        fail(parser, cls.name, f"expected {operand_count} operands", name_index + 1)
    return finish_inferred(cls, parser, names, name_index, properties or {})


def finish_inferred(cls, parser, names, name_index: int, properties: dict) -> Op:
    """The part after the operands: `{attrs} : types`; see `parse_inferred`."""
    entries = attr_dict(parser)
    props, attributes = split_properties(cls, entries)
    properties = {**properties, **props}
    parser.expect(":")
    type_index = parser.pos
    if parser.tok == "(":
        function = parser.parse_function_type()
        operand_types, result_types = list(function.inputs), list(function.results)
    else:
        operand_types = type_list(parser)
        if len(operand_types) == 1:
            operand_types *= len(names)
        result_types = None
    if len(operand_types) != len(names):
        fail(
            parser,
            cls.name,
            f"has {len(names)} operands but {len(operand_types)} types",
            type_index,
        )
    pairs = zip(names, operand_types, strict=True)
    operands = [parser.resolve_operand(n, t, i) for (n, i), t in pairs]
    if result_types is None:
        problem = operand_type_problem(cls, operand_types)
        if problem is not None:
            parser.error(f"'{cls.name}' op {problem}", type_index)
        try:
            result_types = cls.infer_result_types(operand_types, properties)
        except VerifyError as exc:
            parser.error(f"'{cls.name}' op {exc}", name_index)
    return cls(operands, result_types, properties, attributes)


def operand_type_problem(cls, types) -> str | None:
    """The verifier's complaint about the first operand type the declaration refuses
    (operands past the last declared one belong to it, a variadic group), so that
    inference never sees a type it cannot read."""
    defs = cls.operand_defs or ()
    for index, t in enumerate(types):
        if not defs:
            break
        definition = defs[min(index, len(defs) - 1)]
        if not definition.constraint(t):
            return f"operand #{index} must be {definition.description}, but got '{t}'"
    return None


def split_properties(cls, entries: dict) -> tuple[dict, dict]:
    """An attribute dictionary split into the op's declared properties and the rest."""
    declared = {p.name for p in cls.prop_defs}
    props = {k: v for k, v in entries.items() if k in declared}
    return props, {k: v for k, v in entries.items() if k not in declared}


def print_inferred(op: Op, printer, head: str = "", elided=()) -> None:
    """The printer of `parse_inferred`: the short type form when every operand has one
    type and the result is what the operands infer."""
    text = printer.op_name(op) + head + " " + ", ".join(printer.value_name(v) for v in op.operands)
    printer.write(text)
    print_attrs(op, printer, elided=elided)
    operand_types = [v.type for v in op.operands]
    result_types = [r.type for r in op.results]
    printer.write(" : " + types_text(type(op), printer, operand_types, result_types, op))


def types_text(cls, printer, operand_types, result_types, op) -> str:
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


class InferredOp(Op):
    """Base of ops whose result types follow from operand types and properties: the
    custom form above, and a verifier that the results are what `infer_result_types`
    computes (so a shape rule is stated once)."""

    __slots__ = ()

    @classmethod
    def parse_custom(cls, parser):
        return parse_inferred(cls, parser)

    def print_custom(self, printer) -> None:
        print_inferred(self, printer)

    def verify(self) -> None:
        types = [v.type for v in self.operands]
        expected = self.infer_result_types(types, self.properties)
        actual = [r.type for r in self.results]
        if actual != expected:
            want = ", ".join(str(t) for t in expected)
            got = ", ".join(str(t) for t in actual)
            raise VerifyError(f"result type {got} does not match the inferred type {want}")


# -- property kinds ----------------------------------------------------------------------------


class I64Kind(AttrKind):
    """An i64 integer property, spelled bare in custom forms (`axis = -1`)."""

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
    """A list of i64 (axes, permutations, sizes): `array<i64: 0, 1>`."""

    description = "i64 dense array attribute"

    def check(self, attr) -> bool:
        return isinstance(attr, A.DenseArrayAttr) and attr.element_type is T.I64


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
