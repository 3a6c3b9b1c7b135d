"""The math dialect: elementary functions on floats and bit counts on integers.

Names, syntax and meaning follow MLIR's math dialect. Ops apply to scalars and,
elementwise, to vectors and tensors of them; float ops carry arith's `fastmath` flags
(`%y = math.exp %x fastmath<fast> : f32`).
"""

from __future__ import annotations

from irc.dialects import ops_by_name
from irc.dialects.arith import FASTMATH
from irc.dialects.constraints import (
    BOOL_LIKE,
    FLOAT_LIKE,
    SIGNLESS_INTEGER_LIKE,
    same_shape,
    with_element,
)
from irc.ir import types as T
from irc.ir.opdef import Arg, Op, VerifyError, declare
from irc.ir.traits import ElementwiseMappable, Pure, SameOperandsAndResultType

_ELEMENTWISE = frozenset({Pure, ElementwiseMappable, SameOperandsAndResultType})

# -- families -------------------------------------------------------------------------------


class UnaryFloatOp(Op):
    """Base of `%y = math.<op> %x [fastmath<...>] : T` on floats."""

    __slots__ = ()
    operand_defs = (Arg("operand", *FLOAT_LIKE),)
    result_defs = (Arg("result", *FLOAT_LIKE),)
    prop_defs = (FASTMATH,)
    traits = _ELEMENTWISE
    assembly_format = "$operand (`fastmath` `` $fastmath^)? attr-dict `:` type($result)"
    example = "%y = {name} %x : f32"


class BinaryFloatOp(Op):
    """Base of `%r = math.<op> %a, %b [fastmath<...>] : T` on floats."""

    __slots__ = ()
    operand_defs = (Arg("lhs", *FLOAT_LIKE), Arg("rhs", *FLOAT_LIKE))
    result_defs = (Arg("result", *FLOAT_LIKE),)
    prop_defs = (FASTMATH,)
    traits = _ELEMENTWISE
    assembly_format = "$lhs `,` $rhs (`fastmath` `` $fastmath^)? attr-dict `:` type($result)"
    example = "%r = {name} %a, %b : f32"


class UnaryIntOp(Op):
    """Base of `%y = math.<op> %x : T` on signless integers."""

    __slots__ = ()
    operand_defs = (Arg("operand", *SIGNLESS_INTEGER_LIKE),)
    result_defs = (Arg("result", *SIGNLESS_INTEGER_LIKE),)
    traits = _ELEMENTWISE
    assembly_format = "$operand attr-dict `:` type($result)"
    example = "%y = {name} %x : i32"


class BinaryIntOp(Op):
    """Base of `%r = math.<op> %a, %b : T` on signless integers."""

    __slots__ = ()
    operand_defs = (Arg("lhs", *SIGNLESS_INTEGER_LIKE), Arg("rhs", *SIGNLESS_INTEGER_LIKE))
    result_defs = (Arg("result", *SIGNLESS_INTEGER_LIKE),)
    traits = _ELEMENTWISE
    assembly_format = "$lhs `,` $rhs attr-dict `:` type($result)"
    example = "%r = {name} %a, %b : i32"


class FloatClassOp(Op):
    """Base of `%b = math.is<class> %x : T`: an i1 of the operand's shape."""

    __slots__ = ()
    operand_defs = (Arg("operand", *FLOAT_LIKE),)
    result_defs = (Arg("result", *BOOL_LIKE),)
    prop_defs = (FASTMATH,)
    traits = frozenset({Pure, ElementwiseMappable})
    assembly_format = "$operand (`fastmath` `` $fastmath^)? attr-dict `:` type($operand)"
    example = "%b = {name} %x : f32"

    @classmethod
    def infer_result_types(cls, operand_types, properties):
        return [with_element(operand_types[0], T.I1)]

    def verify(self) -> None:
        if self.results[0].type is not with_element(self.operands[0].type, T.I1):
            raise VerifyError(
                "failed to verify that result type has i1 element type and same shape as operands"
            )


def _op(base: type[Op], mnemonic: str, summary: str) -> type[Op]:
    return declare(base, f"math.{mnemonic}", summary)


# -- float functions ------------------------------------------------------------------------

AbsFOp = _op(UnaryFloatOp, "absf", "Absolute value (clears the sign bit).")
AcosOp = _op(UnaryFloatOp, "acos", "Arc cosine, in radians.")
AcoshOp = _op(UnaryFloatOp, "acosh", "Inverse hyperbolic cosine.")
AsinOp = _op(UnaryFloatOp, "asin", "Arc sine, in radians.")
AsinhOp = _op(UnaryFloatOp, "asinh", "Inverse hyperbolic sine.")
AtanOp = _op(UnaryFloatOp, "atan", "Arc tangent, in radians.")
AtanhOp = _op(UnaryFloatOp, "atanh", "Inverse hyperbolic tangent.")
CbrtOp = _op(UnaryFloatOp, "cbrt", "Cube root.")
CeilOp = _op(UnaryFloatOp, "ceil", "Round up to an integral value.")
CosOp = _op(UnaryFloatOp, "cos", "Cosine of an angle in radians.")
CoshOp = _op(UnaryFloatOp, "cosh", "Hyperbolic cosine.")
ErfOp = _op(UnaryFloatOp, "erf", "The error function.")
ErfcOp = _op(UnaryFloatOp, "erfc", "The complementary error function, 1 - erf(x).")
ExpOp = _op(UnaryFloatOp, "exp", "Base-e exponential.")
Exp2Op = _op(UnaryFloatOp, "exp2", "Base-2 exponential.")
ExpM1Op = _op(UnaryFloatOp, "expm1", "exp(x) - 1, accurate near zero.")
FloorOp = _op(UnaryFloatOp, "floor", "Round down to an integral value.")
LogOp = _op(UnaryFloatOp, "log", "Natural logarithm.")
Log10Op = _op(UnaryFloatOp, "log10", "Base-10 logarithm.")
Log1pOp = _op(UnaryFloatOp, "log1p", "log(1 + x), accurate near zero.")
Log2Op = _op(UnaryFloatOp, "log2", "Base-2 logarithm.")
RoundOp = _op(UnaryFloatOp, "round", "Round to nearest, halfway cases away from zero.")
RoundEvenOp = _op(UnaryFloatOp, "roundeven", "Round to nearest, halfway cases to even.")
RsqrtOp = _op(UnaryFloatOp, "rsqrt", "Reciprocal square root, 1 / sqrt(x).")
SinOp = _op(UnaryFloatOp, "sin", "Sine of an angle in radians.")
SinhOp = _op(UnaryFloatOp, "sinh", "Hyperbolic sine.")
SqrtOp = _op(UnaryFloatOp, "sqrt", "Square root.")
TanOp = _op(UnaryFloatOp, "tan", "Tangent of an angle in radians.")
TanhOp = _op(UnaryFloatOp, "tanh", "Hyperbolic tangent.")
TruncOp = _op(UnaryFloatOp, "trunc", "Round toward zero to an integral value.")

Atan2Op = _op(
    BinaryFloatOp, "atan2", "Arc tangent of lhs / rhs, using both signs for the quadrant."
)
CopySignOp = _op(BinaryFloatOp, "copysign", "The magnitude of lhs with the sign of rhs.")
PowFOp = _op(BinaryFloatOp, "powf", "lhs raised to the power rhs, as C's pow.")

IsFiniteOp = _op(FloatClassOp, "isfinite", "Whether the value is neither infinite nor NaN.")
IsInfOp = _op(FloatClassOp, "isinf", "Whether the value is infinite.")
IsNaNOp = _op(FloatClassOp, "isnan", "Whether the value is NaN.")
IsNormalOp = _op(
    FloatClassOp, "isnormal", "Whether the value is normal: not zero, subnormal, infinite or NaN."
)


class FmaOp(Op):
    """Fused multiply-add, a * b + c with a single rounding.

    %r = math.fma %a, %b, %c : f32
    """

    __slots__ = ()
    name = "math.fma"
    operand_defs = (Arg("a", *FLOAT_LIKE), Arg("b", *FLOAT_LIKE), Arg("c", *FLOAT_LIKE))
    result_defs = (Arg("result", *FLOAT_LIKE),)
    prop_defs = (FASTMATH,)
    traits = _ELEMENTWISE
    assembly_format = "$a `,` $b `,` $c (`fastmath` `` $fastmath^)? attr-dict `:` type($result)"


class FPowIOp(Op):
    """A float raised to a signless integer power.

    %r = math.fpowi %x, %n : f32, i32
    """

    __slots__ = ()
    name = "math.fpowi"
    operand_defs = (Arg("lhs", *FLOAT_LIKE), Arg("rhs", *SIGNLESS_INTEGER_LIKE))
    result_defs = (Arg("result", *FLOAT_LIKE),)
    prop_defs = (FASTMATH,)
    traits = frozenset({Pure, ElementwiseMappable})
    type_links = {"result": "lhs"}
    assembly_format = (
        "$lhs `,` $rhs (`fastmath` `` $fastmath^)? attr-dict `:` type($lhs) `,` type($rhs)"
    )

    def verify(self) -> None:
        lhs, rhs = self.operands
        result = self.results[0].type
        if not (same_shape(lhs.type, rhs.type) and same_shape(lhs.type, result)):
            raise VerifyError("requires the same shape for all operands and results")
        if lhs.type is not result:
            raise VerifyError("failed to verify that all of {lhs, result} have same type")


class ClampFOp(Op):
    """Clamp a float between a lower and an upper bound.

    %r = math.clampf %x to [%lo, %hi] : f32
    """

    __slots__ = ()
    name = "math.clampf"
    operand_defs = (Arg("value", *FLOAT_LIKE), Arg("min", *FLOAT_LIKE), Arg("max", *FLOAT_LIKE))
    result_defs = (Arg("result", *FLOAT_LIKE),)
    prop_defs = (FASTMATH,)
    traits = _ELEMENTWISE
    assembly_format = (
        "$value `to` ` ` `[` $min `,` $max `]` (`fastmath` `` $fastmath^)? attr-dict "
        "`:` type($result)"
    )


class SinCosOp(Op):
    """Sine and cosine of one angle, in radians.

    %sin, %cos = math.sincos %x : f32
    """

    __slots__ = ()
    name = "math.sincos"
    operand_defs = (Arg("operand", *FLOAT_LIKE),)
    result_defs = (Arg("sin", *FLOAT_LIKE), Arg("cos", *FLOAT_LIKE))
    prop_defs = (FASTMATH,)
    traits = _ELEMENTWISE
    type_links = {"sin": "operand", "cos": "operand"}
    assembly_format = "$operand (`fastmath` `` $fastmath^)? attr-dict `:` type($operand)"

    def result_name_hints(self) -> list[str]:
        return ["sin", "cos"]


# -- integer functions ----------------------------------------------------------------------

AbsIOp = _op(UnaryIntOp, "absi", "Absolute value; the most negative value stays itself.")
CountLeadingZerosOp = _op(UnaryIntOp, "ctlz", "Number of leading zero bits (the width for 0).")
CountTrailingZerosOp = _op(UnaryIntOp, "cttz", "Number of trailing zero bits (the width for 0).")
CtPopOp = _op(UnaryIntOp, "ctpop", "Number of set bits.")
IPowIOp = _op(
    BinaryIntOp, "ipowi", "Integer power, wrapping; 0 for negative exponents unless |base| is 1."
)

OPS = ops_by_name(
    AbsFOp,
    AcosOp,
    AcoshOp,
    AsinOp,
    AsinhOp,
    AtanOp,
    AtanhOp,
    CbrtOp,
    CeilOp,
    CosOp,
    CoshOp,
    ErfOp,
    ErfcOp,
    ExpOp,
    Exp2Op,
    ExpM1Op,
    FloorOp,
    LogOp,
    Log10Op,
    Log1pOp,
    Log2Op,
    RoundOp,
    RoundEvenOp,
    RsqrtOp,
    SinOp,
    SinhOp,
    SqrtOp,
    TanOp,
    TanhOp,
    TruncOp,
    Atan2Op,
    CopySignOp,
    PowFOp,
    IsFiniteOp,
    IsInfOp,
    IsNaNOp,
    IsNormalOp,
    FmaOp,
    FPowIOp,
    ClampFOp,
    SinCosOp,
    AbsIOp,
    CountLeadingZerosOp,
    CountTrailingZerosOp,
    CtPopOp,
    IPowIOp,
)
