"""Elementwise nn ops: math on each element, with numpy broadcasting between operands.

Operands of one op share an element type (floats, or signless integers where the op
allows them); shapes broadcast aligned on the right. A one-type form says every operand
has that type:

    %y = nn.exp %x : tensor<4x8xf32>
    %z = nn.mul %x, %s : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
"""

from __future__ import annotations

from irc.dialects import ops_by_name
from irc.dialects.nn.common import (
    BOOL_TENSOR,
    FLOAT_TENSOR,
    NUMERIC_TENSOR,
    TENSOR,
    InferredOp,
    WrittenOp,
    broadcast_shapes,
    same_element_types,
    shape_text,
    tensor,
)
from irc.ir import types as T
from irc.ir.opdef import Arg, VerifyError, declare
from irc.ir.traits import Commutative

# -- families -------------------------------------------------------------------------------


class ElementwiseOp(InferredOp):
    """Base of elementwise ops: the result has the broadcast shape of the operands and
    their element type (`result_element` overrides it: i1 for comparisons)."""

    __slots__ = ()
    result_element: T.Type | None = None
    example = ""

    @classmethod
    def infer(cls, operand_types, properties):
        shape = broadcast_shapes(*(t.shape for t in operand_types))
        element = same_element_types(operand_types)
        return [tensor(shape, cls.result_element or element)]


class UnaryFloatOp(ElementwiseOp):
    """Base of `%y = nn.<op> %x : T` on float tensors."""

    __slots__ = ()
    operand_defs = (Arg("operand", *FLOAT_TENSOR),)
    result_defs = (Arg("result", *FLOAT_TENSOR),)
    example = "%y = {name} %x : tensor<4x8xf32>"


class UnaryNumericOp(ElementwiseOp):
    """Base of `%y = nn.<op> %x : T` on float or integer tensors."""

    __slots__ = ()
    operand_defs = (Arg("operand", *NUMERIC_TENSOR),)
    result_defs = (Arg("result", *NUMERIC_TENSOR),)
    example = "%y = {name} %x : tensor<4x8xf32>"


class BinaryNumericOp(ElementwiseOp):
    """Base of `%z = nn.<op> %a, %b` on float or integer tensors, broadcasting."""

    __slots__ = ()
    operand_defs = (Arg("lhs", *NUMERIC_TENSOR), Arg("rhs", *NUMERIC_TENSOR))
    result_defs = (Arg("result", *NUMERIC_TENSOR),)
    example = "%z = {name} %a, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>"


class BinaryFloatOp(BinaryNumericOp):
    """Base of `%z = nn.<op> %a, %b` on float tensors, broadcasting."""

    __slots__ = ()
    operand_defs = (Arg("lhs", *FLOAT_TENSOR), Arg("rhs", *FLOAT_TENSOR))
    result_defs = (Arg("result", *FLOAT_TENSOR),)


class CompareOp(ElementwiseOp):
    """Base of `%b = nn.<cmp> %a, %b`: an i1 tensor of the broadcast shape."""

    __slots__ = ()
    operand_defs = (Arg("lhs", *TENSOR), Arg("rhs", *TENSOR))
    result_defs = (Arg("result", *BOOL_TENSOR),)
    result_element = T.I1
    example = "%b = {name} %a, %b : tensor<4xf32>"


def _op(base: type, mnemonic: str, summary: str, *traits) -> type:
    return declare(base, f"nn.{mnemonic}", summary, *traits)


# -- float functions --------------------------------------------------------------------------

ExpOp = _op(UnaryFloatOp, "exp", "e to the power x.")
Expm1Op = _op(UnaryFloatOp, "expm1", "exp(x) - 1, accurate near zero.")
LogOp = _op(UnaryFloatOp, "log", "Natural logarithm (-inf at 0, NaN below).")
Log1pOp = _op(UnaryFloatOp, "log1p", "log(1 + x), accurate near zero.")
SqrtOp = _op(UnaryFloatOp, "sqrt", "Square root.")
RsqrtOp = _op(UnaryFloatOp, "rsqrt", "1 / sqrt(x).")
TanhOp = _op(UnaryFloatOp, "tanh", "Hyperbolic tangent.")
SigmoidOp = _op(UnaryFloatOp, "sigmoid", "The logistic function 1 / (1 + exp(-x)).")
SoftplusOp = _op(
    UnaryFloatOp, "softplus", "log(1 + exp(x)), computed without overflow for large x."
)
PowOp = _op(BinaryFloatOp, "pow", "lhs to the power rhs (NaN for a negative base and a fraction).")

# -- numeric functions ------------------------------------------------------------------------

NegOp = _op(UnaryNumericOp, "neg", "Negation (integers wrap).")
AbsOp = _op(UnaryNumericOp, "abs", "Absolute value (integers wrap: abs of the minimum is itself).")
SignOp = _op(UnaryNumericOp, "sign", "-1, 0 or 1 by the sign of x (NaN stays NaN; -0.0 is -0.0).")
ReluOp = _op(UnaryNumericOp, "relu", "max(x, 0); NaN stays NaN.")

AddOp = _op(BinaryNumericOp, "add", "Sum (integers wrap).", Commutative)
SubOp = _op(BinaryNumericOp, "sub", "Difference (integers wrap).")
MulOp = _op(BinaryNumericOp, "mul", "Product (integers wrap).", Commutative)
DivOp = _op(
    BinaryNumericOp,
    "div",
    "Quotient; integers divide signed, rounding toward zero, and division by zero is a "
    "run-time error.",
)
MaximumOp = _op(
    BinaryNumericOp, "maximum", "The larger operand; NaN if either is NaN.", Commutative
)
MinimumOp = _op(
    BinaryNumericOp, "minimum", "The smaller operand; NaN if either is NaN.", Commutative
)

# -- comparisons ------------------------------------------------------------------------------

EqOp = _op(CompareOp, "eq", "Equal (false when either is NaN).", Commutative)
NeOp = _op(CompareOp, "ne", "Not equal (true when either is NaN).", Commutative)
LtOp = _op(CompareOp, "lt", "Less than (integers signed; false with NaN).")
LeOp = _op(CompareOp, "le", "Less than or equal (integers signed; false with NaN).")
GtOp = _op(CompareOp, "gt", "Greater than (integers signed; false with NaN).")
GeOp = _op(CompareOp, "ge", "Greater than or equal (integers signed; false with NaN).")


# -- three operands ---------------------------------------------------------------------------


class ClampOp(ElementwiseOp):
    """min(max(x, low), high), each broadcast; NaN in x stays NaN.

    %y = nn.clamp %x, %lo, %hi : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
    """

    __slots__ = ()
    name = "nn.clamp"
    operand_defs = (
        Arg("operand", *NUMERIC_TENSOR),
        Arg("low", *NUMERIC_TENSOR),
        Arg("high", *NUMERIC_TENSOR),
    )
    result_defs = (Arg("result", *NUMERIC_TENSOR),)


class SelectOp(ElementwiseOp):
    """Where the condition holds, the value of `on_true`, else of `on_false`; the three
    operands broadcast.

    %y = nn.select %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    """

    __slots__ = ()
    name = "nn.select"
    operand_defs = (
        Arg("condition", *BOOL_TENSOR),
        Arg("on_true", *TENSOR),
        Arg("on_false", *TENSOR),
    )
    result_defs = (Arg("result", *TENSOR),)

    @classmethod
    def infer(cls, operand_types, properties):
        shape = broadcast_shapes(*(t.shape for t in operand_types))
        element = same_element_types(operand_types[1:], "the values to select")
        return [tensor(shape, element)]


class CastOp(WrittenOp):
    """Convert each element to another element type, keeping the shape.

    %i = nn.cast %x : tensor<4xf32> to tensor<4xi32>

    Floats to integers round toward zero and saturate (NaN gives 0); integers to floats
    round to nearest; i1 converts as 0 or 1; integers wrap to a narrower width and widen
    with their sign.
    """

    __slots__ = ()
    name = "nn.cast"

    @classmethod
    def check(cls, source, target, properties):
        if source.shape != target.shape:
            raise VerifyError(
                f"cannot change the shape: {shape_text(source.shape)} to "
                f"{shape_text(target.shape)}; use nn.reshape or nn.broadcast_to"
            )

    @classmethod
    def refine(cls, source, target, properties):
        return tensor(source.shape, target.element_type)


OPS = ops_by_name(
    ExpOp,
    Expm1Op,
    LogOp,
    Log1pOp,
    SqrtOp,
    RsqrtOp,
    TanhOp,
    SigmoidOp,
    SoftplusOp,
    PowOp,
    NegOp,
    AbsOp,
    SignOp,
    ReluOp,
    AddOp,
    SubOp,
    MulOp,
    DivOp,
    MaximumOp,
    MinimumOp,
    EqOp,
    NeOp,
    LtOp,
    LeOp,
    GtOp,
    GeOp,
    ClampOp,
    SelectOp,
    CastOp,
)
