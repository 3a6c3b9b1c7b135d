"""The arith dialect: integer and float arithmetic, comparisons, select and casts.

Names, syntax and meaning follow MLIR's arith dialect: ops apply to scalars and,
elementwise, to vectors and tensors of them; integers are signless and wrap; float ops
carry `fastmath` flags and integer ops `overflow` flags as properties.
"""

from __future__ import annotations

from irc.dialects import ops_by_name
from irc.dialects.constraints import (
    ANY,
    BOOL_LIKE,
    FLOAT_LIKE,
    SIGNLESS_INTEGER_LIKE,
    like,
    same_shape,
    scalar_of,
    with_element,
)
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.opdef import Arg, AttrKind, Op, Prop, VerifyError, declare
from irc.ir.traits import Commutative, ElementwiseMappable, Pure, SameOperandsAndResultType

INTEGER_LIKE = (SIGNLESS_INTEGER_LIKE[0], "signless-non-zero-bitwidth-integer-like")
"""Signless integers and index, and vectors and tensors of them (MLIR's wording)."""

# -- attributes -----------------------------------------------------------------------------


class _FlagsAttr(A.Attribute):
    """A set of named bit flags, `#arith.fastmath<nnan, ninf>`; `none` when empty."""

    __slots__ = ("bits",)
    _params = ("bits",)
    FLAGS: dict[str, int] = {}
    ALL: str | None = None
    MNEMONIC = ""
    SEPARATOR = ", "  # as MLIR prints each enum: fastmath flags have no space

    def flags_text(self) -> str:
        if self.bits == 0:
            return "none"
        if self.ALL is not None and self.bits == self.FLAGS[self.ALL]:
            return self.ALL
        names = [n for n, bit in self.FLAGS.items() if bit and n != self.ALL and self.bits & bit]
        return self.SEPARATOR.join(names)

    def dialect_text(self) -> str:
        return f"#arith.{self.MNEMONIC}<{self.flags_text()}>"

    @classmethod
    def parse_body(cls, parser) -> _FlagsAttr:
        """`<flag, flag>` after the mnemonic."""
        parser.expect("<")
        bits = 0
        while True:
            index = parser.pos
            name = parser.next()
            if name not in cls.FLAGS:
                known = ", ".join(cls.FLAGS)
                parser.error(f"expected {cls.MNEMONIC} flag to be one of: {known}", index)
            bits |= cls.FLAGS[name]
            if not parser.accept(","):
                break
        parser.expect(">")
        return cls(bits)


class FastMathAttr(_FlagsAttr):
    """`#arith.fastmath<...>`: which IEEE guarantees a float op may relax."""

    __slots__ = ()
    MNEMONIC = "fastmath"
    SEPARATOR = ","
    FLAGS = {
        "none": 0,
        "reassoc": 1,
        "nnan": 2,
        "ninf": 4,
        "nsz": 8,
        "arcp": 16,
        "contract": 32,
        "afn": 64,
        "fast": 127,
    }
    ALL = "fast"


class OverflowAttr(_FlagsAttr):
    """`#arith.overflow<nsw, nuw>`: no signed / unsigned wrap is promised."""

    __slots__ = ()
    MNEMONIC = "overflow"
    FLAGS = {"none": 0, "nsw": 1, "nuw": 2}


class _FlagsKind(AttrKind):
    """In custom forms flags are spelled `<fast>` after the op's `fastmath` keyword."""

    def __init__(self, attr_class: type[_FlagsAttr]) -> None:
        self.attr_class = attr_class
        self.description = f"{attr_class.MNEMONIC} flags"

    def check(self, attr) -> bool:
        return isinstance(attr, self.attr_class)

    def parse(self, parser):
        return self.attr_class.parse_body(parser)

    def text(self, attr, printer) -> str:
        return f"<{attr.flags_text()}>"


class PredicateKind(AttrKind):
    """An enum case stored as an integer (i64 for predicates), spelled as its keyword."""

    def __init__(
        self,
        names: tuple[str, ...],
        storage: T.IntegerType = T.I64,
        description: str = "comparison predicate",
        op_name: str = "",
        attr_name: str = "predicate",
    ) -> None:
        self.names = names
        self.storage = storage
        self.description = description
        self.op_name = op_name
        self.attr_name = attr_name

    def check(self, attr) -> bool:
        return (
            isinstance(attr, A.IntegerAttr)
            and attr.type is self.storage
            and 0 <= attr.value < len(self.names)
        )

    def parse(self, parser):
        index = parser.pos
        name = parser.next()
        if name not in self.names:
            parser.error(
                f"custom op '{self.op_name}' expected string or keyword containing one of the "
                f"following enum values for attribute '{self.attr_name}' "
                f"[{', '.join(self.names)}]",
                index,
            )
        return A.IntegerAttr(self.names.index(name), self.storage)

    def parse_optional(self, parser):
        return self.parse(parser) if parser.tok in self.names else None

    def text(self, attr, printer) -> str:
        return self.names[attr.value]


FASTMATH_NONE = FastMathAttr(0)
OVERFLOW_NONE = OverflowAttr(0)
FASTMATH = Prop("fastmath", _FlagsKind(FastMathAttr), default=FASTMATH_NONE)
FASTMATH_OPTIONAL = Prop("fastmath", _FlagsKind(FastMathAttr), optional=True)
OVERFLOW = Prop("overflowFlags", _FlagsKind(OverflowAttr), default=OVERFLOW_NONE)

CMPI_PREDICATES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")
CMPF_PREDICATES = (
    "false",
    "oeq",
    "ogt",
    "oge",
    "olt",
    "ole",
    "one",
    "ord",
    "ueq",
    "ugt",
    "uge",
    "ult",
    "ule",
    "une",
    "uno",
    "true",
)

# -- families -------------------------------------------------------------------------------

_ELEMENTWISE = frozenset({Pure, ElementwiseMappable, SameOperandsAndResultType})


class IntBinaryOp(Op):
    """Base of `%r = arith.<op> %a, %b : T` on signless integers (and index)."""

    __slots__ = ()
    operand_defs = (Arg("lhs", *INTEGER_LIKE), Arg("rhs", *INTEGER_LIKE))
    result_defs = (Arg("result", *INTEGER_LIKE),)
    traits = _ELEMENTWISE
    assembly_format = "$lhs `,` $rhs attr-dict `:` type($result)"
    example = "%r = {name} %a, %b : i32"


class IntOverflowBinaryOp(IntBinaryOp):
    """An integer binary op that may promise no signed/unsigned wrap."""

    __slots__ = ()
    prop_defs = (OVERFLOW,)
    assembly_format = "$lhs `,` $rhs (`overflow` `` $overflowFlags^)? attr-dict `:` type($result)"


class FloatBinaryOp(Op):
    """Base of `%r = arith.<op> %a, %b [fastmath<...>] : T` on floats."""

    __slots__ = ()
    operand_defs = (Arg("lhs", *FLOAT_LIKE), Arg("rhs", *FLOAT_LIKE))
    result_defs = (Arg("result", *FLOAT_LIKE),)
    prop_defs = (FASTMATH,)
    traits = _ELEMENTWISE
    assembly_format = "$lhs `,` $rhs (`fastmath` `` $fastmath^)? attr-dict `:` type($result)"
    example = "%r = {name} %a, %b : f32"


AddIOp = declare(IntOverflowBinaryOp, "arith.addi", "Integer addition, wrapping.", Commutative)
SubIOp = declare(IntOverflowBinaryOp, "arith.subi", "Integer subtraction, wrapping.")
MulIOp = declare(
    IntOverflowBinaryOp, "arith.muli", "Integer multiplication, wrapping.", Commutative
)
ShLIOp = declare(IntOverflowBinaryOp, "arith.shli", "Shift left; a shift >= width is poison.")
DivSIOp = declare(IntBinaryOp, "arith.divsi", "Signed division rounding toward zero.")
DivUIOp = declare(IntBinaryOp, "arith.divui", "Unsigned division.")
CeilDivSIOp = declare(IntBinaryOp, "arith.ceildivsi", "Signed division rounding up.")
CeilDivUIOp = declare(IntBinaryOp, "arith.ceildivui", "Unsigned division rounding up.")
FloorDivSIOp = declare(IntBinaryOp, "arith.floordivsi", "Signed division rounding down.")
RemSIOp = declare(IntBinaryOp, "arith.remsi", "Signed remainder, with the sign of the dividend.")
RemUIOp = declare(IntBinaryOp, "arith.remui", "Unsigned remainder.")
AndIOp = declare(IntBinaryOp, "arith.andi", "Bitwise and.", Commutative)
OrIOp = declare(IntBinaryOp, "arith.ori", "Bitwise or.", Commutative)
XOrIOp = declare(IntBinaryOp, "arith.xori", "Bitwise exclusive or.", Commutative)
ShRSIOp = declare(IntBinaryOp, "arith.shrsi", "Arithmetic shift right.")
ShRUIOp = declare(IntBinaryOp, "arith.shrui", "Logical shift right.")
MaxSIOp = declare(IntBinaryOp, "arith.maxsi", "Signed maximum.", Commutative)
MaxUIOp = declare(IntBinaryOp, "arith.maxui", "Unsigned maximum.", Commutative)
MinSIOp = declare(IntBinaryOp, "arith.minsi", "Signed minimum.", Commutative)
MinUIOp = declare(IntBinaryOp, "arith.minui", "Unsigned minimum.", Commutative)

AddFOp = declare(FloatBinaryOp, "arith.addf", "Float addition.", Commutative)
SubFOp = declare(FloatBinaryOp, "arith.subf", "Float subtraction.")
MulFOp = declare(FloatBinaryOp, "arith.mulf", "Float multiplication.", Commutative)
DivFOp = declare(FloatBinaryOp, "arith.divf", "Float division.")
RemFOp = declare(FloatBinaryOp, "arith.remf", "Float remainder (C fmod).")
MaximumFOp = declare(FloatBinaryOp, "arith.maximumf", "Maximum; NaN if either is NaN.", Commutative)
MinimumFOp = declare(FloatBinaryOp, "arith.minimumf", "Minimum; NaN if either is NaN.", Commutative)
MaxNumFOp = declare(
    FloatBinaryOp, "arith.maxnumf", "Maximum; the other value if one is NaN.", Commutative
)
MinNumFOp = declare(
    FloatBinaryOp, "arith.minnumf", "Minimum; the other value if one is NaN.", Commutative
)


class NegFOp(Op):
    """Float negation (flips the sign bit).   %y = arith.negf %x : f32"""

    __slots__ = ()
    name = "arith.negf"
    operand_defs = (Arg("operand", *FLOAT_LIKE),)
    result_defs = (Arg("result", *FLOAT_LIKE),)
    prop_defs = (FASTMATH,)
    traits = _ELEMENTWISE
    assembly_format = "$operand (`fastmath` `` $fastmath^)? attr-dict `:` type($result)"


class ConstantOp(Op):
    """A constant of an integer, index, float, vector or tensor type.

    %c0 = arith.constant 0 : index
    %cst = arith.constant dense<1.000000e+00> : vector<4xf32>
    """

    __slots__ = ()
    name = "arith.constant"
    operand_defs = ()
    result_defs = (Arg("result", *ANY),)
    prop_defs = (Prop("value"),)
    traits = frozenset({Pure})
    assembly_format = "attr-dict $value"

    @classmethod
    def infer_result_types(cls, operand_types, properties):
        value = properties.get("value")
        if not isinstance(value, (A.IntegerAttr, A.FloatAttr, A.DenseElementsAttr)):
            raise VerifyError(
                "'arith.constant' op value must be an integer, float, or elements attribute"
            )
        return [value.type]

    def verify(self) -> None:
        value = self.properties.get("value")
        if value is None:
            raise VerifyError("requires attribute 'value'")
        if getattr(value, "type", None) is not self.results[0].type:
            raise VerifyError("failed to verify that all of {value, result} have same type")
        if not isinstance(value, (A.IntegerAttr, A.FloatAttr, A.DenseElementsAttr)):
            raise VerifyError("value must be an integer, float, or elements attribute")
        if isinstance(value.type, T.IntegerType) and value.type.signedness:
            raise VerifyError("integer return type must be signless")

    def result_name_hints(self) -> list[str]:
        value = self.properties.get("value")
        if isinstance(value, A.IntegerAttr):
            if isinstance(value.type, T.IntegerType) and value.type.width == 1:
                return ["true" if value.value else "false"]
            suffix = "" if isinstance(value.type, T.IndexType) else f"_{value.type}"
            return [f"c{value.value}{suffix}"]
        return ["cst"]


def _cmp_result(operand_types) -> list[T.Type]:
    return [with_element(operand_types[0], T.I1)]


class CmpIOp(Op):
    """Integer comparison by predicate; i1 results, elementwise on shaped types.

    %lt = arith.cmpi slt, %a, %b : i32
    """

    __slots__ = ()
    name = "arith.cmpi"
    operand_defs = (Arg("lhs", *INTEGER_LIKE), Arg("rhs", *INTEGER_LIKE))
    result_defs = (Arg("result", *BOOL_LIKE),)
    prop_defs = (Prop("predicate", PredicateKind(CMPI_PREDICATES, op_name="arith.cmpi")),)
    traits = frozenset({Pure, ElementwiseMappable})
    type_links = {"rhs": "lhs"}
    assembly_format = "$predicate `,` $lhs `,` $rhs attr-dict `:` type($lhs)"

    @classmethod
    def infer_result_types(cls, operand_types, properties):
        return _cmp_result(operand_types)

    def verify(self) -> None:
        _verify_compare(self)


class CmpFOp(Op):
    """Float comparison by predicate (ordered `o*`, unordered `u*`).

    %lt = arith.cmpf olt, %a, %b : f32
    """

    __slots__ = ()
    name = "arith.cmpf"
    operand_defs = (Arg("lhs", *FLOAT_LIKE), Arg("rhs", *FLOAT_LIKE))
    result_defs = (Arg("result", *BOOL_LIKE),)
    prop_defs = (
        Prop("predicate", PredicateKind(CMPF_PREDICATES, op_name="arith.cmpf")),
        FASTMATH,
    )
    traits = frozenset({Pure, ElementwiseMappable})
    type_links = {"rhs": "lhs"}
    assembly_format = (
        "$predicate `,` $lhs `,` $rhs (`fastmath` `` $fastmath^)? attr-dict `:` type($lhs)"
    )

    @classmethod
    def infer_result_types(cls, operand_types, properties):
        return _cmp_result(operand_types)

    def verify(self) -> None:
        _verify_compare(self)


def _verify_compare(op: Op) -> None:
    lhs, rhs = op.operands
    if lhs.type is not rhs.type:
        raise VerifyError("requires all operands to have the same type")
    if op.results[0].type is not with_element(lhs.type, T.I1):
        raise VerifyError(
            "failed to verify that result type has i1 element type and same shape as operands"
        )
    if op.properties.get("predicate") is None:
        raise VerifyError("requires attribute 'predicate'")


class SelectOp(Op):
    """Choose `true_value` where `condition` holds, else `false_value`.

    %x = arith.select %cond, %a, %b : i32
    %v = arith.select %mask, %a, %b : vector<4xi1>, vector<4xf32>
    """

    __slots__ = ()
    name = "arith.select"
    operand_defs = (Arg("condition", *BOOL_LIKE), Arg("true_value", *ANY), Arg("false_value", *ANY))
    result_defs = (Arg("result", *ANY),)
    traits = frozenset({Pure, ElementwiseMappable})

    @classmethod
    def parse_custom(cls, parser) -> SelectOp:
        names = []
        for index in range(3):
            if index:
                parser.expect(",")
            names.append((parser.tok, parser.pos))
            parser.pos += 1
        attributes = parser.parse_attribute_dict() if parser.tok == "{" else {}
        parser.expect(":")
        first = parser.parse_type()
        if parser.accept(","):
            condition_type, value_type = first, parser.parse_type()
        else:
            condition_type, value_type = T.I1, first
        types = (condition_type, value_type, value_type)
        operands = [parser.resolve_operand(n, t, i) for (n, i), t in zip(names, types, strict=True)]
        return cls(operands, [value_type], {}, attributes)

    def print_custom(self, printer) -> None:
        names = ", ".join(printer.value_name(v) for v in self.operands)
        printer.write(f"{printer.op_name(self)} {names}")
        if self.attributes:
            printer.write(" " + printer.attr_dict(self.attributes))
        condition = self.operands[0].type
        prefix = "" if condition is T.I1 else f"{printer.type(condition)}, "
        printer.write(f" : {prefix}{printer.type(self.results[0].type)}")

    def verify(self) -> None:
        condition, true_value, false_value = self.operands
        if true_value.type is not false_value.type or true_value.type is not self.results[0].type:
            raise VerifyError(
                "failed to verify that all of {true_value, false_value, result} have same type"
            )
        if condition.type is not T.I1 and not same_shape(condition.type, true_value.type):
            raise VerifyError(
                "failed to verify that condition is signless i1 or has matching shape"
            )


class CastOp(Op):
    """Base of `%y = arith.<cast> %x : A to B`, elementwise on shaped types."""

    __slots__ = ()
    traits = frozenset({Pure, ElementwiseMappable})
    assembly_format = "$in attr-dict `:` type($in) `to` type($out)"
    rule: str = ""

    def verify(self) -> None:
        source, target = self.operands[0].type, self.results[0].type
        if not same_shape(source, target):
            tensors = (T.TensorType, T.UnrankedTensorType)
            if isinstance(source, tensors) or isinstance(target, tensors):
                raise VerifyError(
                    "failed to verify that input and output have the same tensor dimensions"
                )
            raise VerifyError("requires the same shape for all operands and results")
        if not _CAST_RULES[self.rule](scalar_of(source), scalar_of(target)):
            raise VerifyError(
                f"operand type '{source}' and result type '{target}' are cast incompatible"
            )


def _width(t: T.Type) -> int:
    return 64 if isinstance(t, T.IndexType) else t.width


_CAST_RULES = {  # whether a cast from scalar `s` to scalar `t` is allowed
    "widen": lambda s, t: _width(t) > _width(s),
    "narrow": lambda s, t: _width(t) < _width(s),
    "any": lambda s, t: True,
    "same_width": lambda s, t: _bitwidth(s) == _bitwidth(t),
}


def _bitwidth(t: T.Type) -> int:
    return _width(t) if not isinstance(t, T.FloatType) else t.width


def _cast(name: str, source, target, rule: str, doc: str, props=(), fmt=None) -> type[Op]:
    class_name = "".join(p.capitalize() for p in name.split(".")[1].split("_")) + "Op"
    body = {
        "__slots__": (),
        "name": name,
        "__doc__": doc,
        "rule": rule,
        "operand_defs": (Arg("in", *source),),
        "result_defs": (Arg("out", *target),),
        "prop_defs": tuple(props),
    }
    if fmt is not None:
        body["assembly_format"] = fmt
    return type(class_name, (CastOp,), body)


INTEGER = (
    like(lambda t: isinstance(t, T.IntegerType) and not t.signedness),
    "signless-fixed-width-integer-like",
)
INT_OR_INDEX = SIGNLESS_INTEGER_LIKE
ANY_SCALAR = (
    like(lambda t: isinstance(t, (T.IntegerType, T.IndexType, T.FloatType))),
    "signless-integer-or-float-like",
)
ROUNDING_MODES = ("to_nearest_even", "downward", "upward", "toward_zero", "to_nearest_away")
ROUNDING = Prop(
    "roundingmode",
    PredicateKind(ROUNDING_MODES, T.I32, "rounding mode", "arith.truncf", "roundingmode"),
    optional=True,
)

ExtSIOp = _cast("arith.extsi", INTEGER, INTEGER, "widen", "Sign-extend an integer.")
ExtUIOp = _cast("arith.extui", INTEGER, INTEGER, "widen", "Zero-extend an integer.")
TruncIOp = _cast(
    "arith.trunci",
    INTEGER,
    INTEGER,
    "narrow",
    "Truncate an integer.",
    (OVERFLOW,),
    "$in (`overflow` `` $overflowFlags^)? attr-dict `:` type($in) `to` type($out)",
)
ExtFOp = _cast(
    "arith.extf",
    FLOAT_LIKE,
    FLOAT_LIKE,
    "widen",
    "Widen a float.",
    (FASTMATH_OPTIONAL,),
    "$in (`fastmath` `` $fastmath^)? attr-dict `:` type($in) `to` type($out)",
)
TruncFOp = _cast(
    "arith.truncf",
    FLOAT_LIKE,
    FLOAT_LIKE,
    "narrow",
    "Narrow a float, rounding.",
    (ROUNDING, FASTMATH_OPTIONAL),
    "$in ($roundingmode^)? (`fastmath` `` $fastmath^)? attr-dict `:` type($in) `to` type($out)",
)
SIToFPOp = _cast("arith.sitofp", INTEGER, FLOAT_LIKE, "any", "Signed integer to float.")
UIToFPOp = _cast("arith.uitofp", INTEGER, FLOAT_LIKE, "any", "Unsigned integer to float.")
FPToSIOp = _cast(
    "arith.fptosi", FLOAT_LIKE, INTEGER, "any", "Float to signed integer (toward zero)."
)
FPToUIOp = _cast(
    "arith.fptoui", FLOAT_LIKE, INTEGER, "any", "Float to unsigned integer (toward zero)."
)
IndexCastOp = _cast(
    "arith.index_cast",
    INT_OR_INDEX,
    INT_OR_INDEX,
    "any",
    "Between index and integers, sign-extending or truncating.",
)
IndexCastUIOp = _cast(
    "arith.index_castui",
    INT_OR_INDEX,
    INT_OR_INDEX,
    "any",
    "Between index and integers, zero-extending or truncating.",
)
BitcastOp = _cast(
    "arith.bitcast",
    ANY_SCALAR,
    ANY_SCALAR,
    "same_width",
    "Reinterpret the bits of a value as another type of the same width.",
)


class AddUIExtendedOp(Op):
    """Unsigned add giving the sum and an overflow bit.

    %sum, %overflow = arith.addui_extended %a, %b : i32, i1
    """

    __slots__ = ()
    name = "arith.addui_extended"
    operand_defs = (Arg("lhs", *INTEGER_LIKE), Arg("rhs", *INTEGER_LIKE))
    result_defs = (Arg("sum", *INTEGER_LIKE), Arg("overflow", *BOOL_LIKE))
    traits = frozenset({Pure, Commutative, ElementwiseMappable})
    type_links = {"rhs": "sum", "lhs": "sum"}
    assembly_format = "$lhs `,` $rhs attr-dict `:` type($sum) `,` type($overflow)"

    def result_name_hints(self) -> list[str]:
        return ["sum", "overflow"]

    def verify(self) -> None:
        lhs, rhs = self.operands
        if not (lhs.type is rhs.type is self.results[0].type):
            raise VerifyError("failed to verify that all of {lhs, rhs, sum} have same type")


class _MulExtendedOp(Op):
    """Full-width multiply: the low and high halves of the double-width product."""

    __slots__ = ()
    operand_defs = (Arg("lhs", *INTEGER_LIKE), Arg("rhs", *INTEGER_LIKE))
    result_defs = (Arg("low", *INTEGER_LIKE), Arg("high", *INTEGER_LIKE))
    traits = frozenset({Pure, Commutative, ElementwiseMappable})
    type_links = {"rhs": "lhs", "low": "lhs", "high": "lhs"}
    assembly_format = "$lhs `,` $rhs attr-dict `:` type($lhs)"

    def result_name_hints(self) -> list[str]:
        return ["low", "high"]

    def verify(self) -> None:
        lhs, rhs = self.operands
        low, high = self.results
        if not (lhs.type is rhs.type is low.type is high.type):
            raise VerifyError("failed to verify that all of {lhs, rhs, low, high} have same type")


class MulSIExtendedOp(_MulExtendedOp):
    """Signed full-width multiply.   %low, %high = arith.mulsi_extended %a, %b : i32"""

    __slots__ = ()
    name = "arith.mulsi_extended"


class MulUIExtendedOp(_MulExtendedOp):
    """Unsigned full-width multiply.   %low, %high = arith.mului_extended %a, %b : i32"""

    __slots__ = ()
    name = "arith.mului_extended"


# The one-line declarations above were built by `type()`: give each class the name it is
# bound to, so reprs, docs and errors say `AddIOp`, not a name derived from `arith.addi`.
for _bound, _value in list(globals().items()):
    if isinstance(_value, type) and issubclass(_value, Op) and _value.__name__ != _bound:
        if _value.__module__ == __name__ and getattr(_value, "name", "").startswith("arith."):
            _value.__name__ = _value.__qualname__ = _bound

OPS = ops_by_name(
    ConstantOp,
    AddIOp,
    SubIOp,
    MulIOp,
    ShLIOp,
    DivSIOp,
    DivUIOp,
    CeilDivSIOp,
    CeilDivUIOp,
    FloorDivSIOp,
    RemSIOp,
    RemUIOp,
    AndIOp,
    OrIOp,
    XOrIOp,
    ShRSIOp,
    ShRUIOp,
    MaxSIOp,
    MaxUIOp,
    MinSIOp,
    MinUIOp,
    AddFOp,
    SubFOp,
    MulFOp,
    DivFOp,
    RemFOp,
    MaximumFOp,
    MinimumFOp,
    MaxNumFOp,
    MinNumFOp,
    NegFOp,
    CmpIOp,
    CmpFOp,
    SelectOp,
    ExtSIOp,
    ExtUIOp,
    TruncIOp,
    ExtFOp,
    TruncFOp,
    SIToFPOp,
    UIToFPOp,
    FPToSIOp,
    FPToUIOp,
    IndexCastOp,
    IndexCastUIOp,
    BitcastOp,
    AddUIExtendedOp,
    MulSIExtendedOp,
    MulUIExtendedOp,
)
ATTRIBUTES = {"fastmath": FastMathAttr.parse_body, "overflow": OverflowAttr.parse_body}
