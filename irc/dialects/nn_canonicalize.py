"""Canonicalization patterns of the nn dialect, run by `-canonicalize`.

Every rule is exact: the rewritten program computes the same bits for every input, NaN
and signed zeros included (integers wrap as the ops do), and the result keeps its type.
Broadcasting can make an op's result larger than an operand, so each rewrite checks that
what it builds infers the matched op's result type, and declines otherwise.

The folds (constant operands, `x * 1 -> x` and the other identities) are in
nn_folds.py; these are the rewrites that look through a second op or build a new one.
Rules the stabilize pass (irc/passes/stabilize.py) uses are not here: they change values
(for the better), which canonicalization must not do.
"""

from __future__ import annotations

import numpy as np

from irc.dialects.nn import elementwise as nn
from irc.dialects.nn import shape as nn_shape
from irc.dialects.nn.common import i64_array
from irc.dialects.nn_folds import is_splat
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.opdef import VerifyError
from irc.passes.rewrite import Const, P, Var, rule

x, y = Var("x"), Var("y")


def _float_zero_or_int_zero(attr) -> bool:
    """-0.0 for floats (-0.0 - x is -x for every x), 0 for integers."""
    is_float = isinstance(attr.type.element_type, T.FloatType)
    return is_splat(attr, 0, negative_zero=is_float)


c = Const("c", lambda attr: isinstance(attr, A.DenseElementsAttr), "a tensor constant")
minus_one = Const("minus_one", lambda attr: is_splat(attr, -1), "-1")
negative_zero = Const("zero", _float_zero_or_int_zero, "-0.0 (or integer 0)")


# -- rewrite helpers --------------------------------------------------------------------------


def build(rewriter, m, op_class, operands, properties=None):
    """`op_class(*operands)` built before the matched op when its inferred result type is
    the matched op's; None (nothing built) when it is not."""
    t = m.op.results[0].type
    try:
        inferred = op_class.infer_result_types([v.type for v in operands], properties or {})
    except VerifyError:
        return None
    if inferred != [t]:
        return None
    return rewriter.create(op_class, operands, [t], properties).results[0]


def build_to(rewriter, m, op_class, operand):
    """`op_class` (an op told its result type: reshape, broadcast_to) from `operand` to
    the matched op's result type; None when its rules reject that."""
    t = m.op.results[0].type
    try:
        op_class.check(operand.type, t, {})
    except VerifyError:
        return None
    return rewriter.create(op_class, [operand], [t]).results[0]


def same_type(m, value):
    """`value` when it has the matched op's result type (so it can replace it), else None."""
    return value if value.type is m.op.results[0].type else None


def make(op_class, *names: str):
    """A rewrite to `op_class(m.<name>, ...)`, declined when the type would change."""

    def rewrite(rewriter, m):
        return build(rewriter, m, op_class, [getattr(m, name) for name in names])

    rewrite.__name__ = f"make_{op_class.name.split('.', 1)[1]}"
    return rewrite


def value(name: str):
    """A rewrite to the bound value `name`, declined when its type is not the result's."""

    def rewrite(rewriter, m):
        return same_type(m, getattr(m, name))

    rewrite.__name__ = f"value_{name}"
    return rewrite


def _inner(rewriter, m):
    """The result of the inner op of `f(f(x))` when f is idempotent."""
    return same_type(m, m.inner.results[0])


def _is_float_op(op) -> bool:
    return isinstance(op.results[0].type.element_type, T.FloatType)


def _neg(operand):
    return P(nn.NegOp, operand)


def _negated_constant(attr: A.DenseElementsAttr) -> A.DenseElementsAttr:
    """-c, element by element (integers wrap)."""
    with np.errstate(over="ignore"):
        return A.DenseElementsAttr(attr.type, np.negative(attr.values))


def _with_negated_constant(op_class):
    """A rewrite to `op_class(x, -c)`, declined when the type would change."""

    def rewrite(rewriter, m):
        t = m.c.type
        probe = [m.x.type, t]
        try:
            inferred = op_class.infer_result_types(probe, {})
        except VerifyError:
            return None
        if inferred != [m.op.results[0].type]:
            return None
        negated = rewriter.constant(_negated_constant(m.c), t, dialect="nn")
        return rewriter.create(op_class, [m.x, negated], [m.op.results[0].type]).results[0]

    rewrite.__name__ = f"with_negated_constant_{op_class.name.split('.', 1)[1]}"
    return rewrite


# -- elementwise ------------------------------------------------------------------------------

ELEMENTWISE = [
    # neg(neg(x)) -> x
    rule("NegNeg", P(nn.NegOp, _neg(x)), value("x")),
    # sub(x, neg(y)) -> add(x, y)   (IEEE defines x - y as x + (-y))
    rule("SubNeg", P(nn.SubOp, x, _neg(y)), make(nn.AddOp, "x", "y")),
    # add(x, neg(y)) -> sub(x, y)
    rule("AddNegRhs", P(nn.AddOp, x, _neg(y)), make(nn.SubOp, "x", "y")),
    # add(neg(y), x) -> sub(x, y)
    rule("AddNegLhs", P(nn.AddOp, _neg(y), x), make(nn.SubOp, "x", "y")),
    # mul(neg(x), neg(y)) -> mul(x, y)
    rule("MulNegNeg", P(nn.MulOp, _neg(x), _neg(y)), make(nn.MulOp, "x", "y")),
    # div(neg(x), neg(y)) -> div(x, y)   (floats: integer -MIN wraps)
    rule(
        "DivNegNeg",
        P(nn.DivOp, _neg(x), _neg(y), where=_is_float_op, description="a float division"),
        make(nn.DivOp, "x", "y"),
    ),
    # mul(x, -1) -> neg(x); mul(-1, x) -> neg(x)
    rule("MulMinusOneRhs", P(nn.MulOp, x, minus_one), make(nn.NegOp, "x")),
    rule("MulMinusOneLhs", P(nn.MulOp, minus_one, x), make(nn.NegOp, "x")),
    # div(x, -1.0) -> neg(x)   (floats: integer MIN / -1 overflows)
    rule(
        "DivMinusOne",
        P(nn.DivOp, x, minus_one, where=_is_float_op, description="a float division"),
        make(nn.NegOp, "x"),
    ),
    # sub(-0.0, x) -> neg(x)   (not 0.0 - x: 0.0 - 0.0 is +0.0, neg(0.0) is -0.0)
    rule("SubFromZero", P(nn.SubOp, negative_zero, x), make(nn.NegOp, "x")),
    # abs(neg(x)) -> abs(x)
    rule("AbsNeg", P(nn.AbsOp, _neg(x)), make(nn.AbsOp, "x")),
    # abs(abs(x)) -> abs(x)
    rule("AbsAbs", P(nn.AbsOp, P(nn.AbsOp, x, name="inner")), _inner),
    # relu(relu(x)) -> relu(x)
    rule("ReluRelu", P(nn.ReluOp, P(nn.ReluOp, x, name="inner")), _inner),
    # sign(sign(x)) -> sign(x)
    rule("SignSign", P(nn.SignOp, P(nn.SignOp, x, name="inner")), _inner),
    # relu(abs(x)) -> abs(x)   (floats: abs is +0.0, positive or NaN, which relu keeps;
    # the integer abs of MIN is MIN, which relu makes 0)
    rule(
        "ReluAbs",
        P(nn.ReluOp, P(nn.AbsOp, x, name="inner"), where=_is_float_op, description="of floats"),
        _inner,
    ),
    # neg(mul(x, c)) -> mul(x, -c); mul(neg(x), c) -> mul(x, -c)   (a product's sign is
    # the exclusive or of its operands' signs, its magnitude the same)
    rule("NegMulConstant", P(nn.NegOp, P(nn.MulOp, x, c)), _with_negated_constant(nn.MulOp)),
    rule("MulNegConstant", P(nn.MulOp, _neg(x), c), _with_negated_constant(nn.MulOp)),
    # neg(div(x, c)) -> div(x, -c); div(neg(x), c) -> div(x, -c)   (floats: -MIN wraps)
    rule(
        "NegDivConstant",
        P(nn.NegOp, P(nn.DivOp, x, c), where=_is_float_op, description="of floats"),
        _with_negated_constant(nn.DivOp),
    ),
    rule(
        "DivNegConstant",
        P(nn.DivOp, _neg(x), c, where=_is_float_op, description="a float division"),
        _with_negated_constant(nn.DivOp),
    ),
]


# -- shapes -----------------------------------------------------------------------------------


def _values(op, name: str) -> tuple[int, ...]:
    return tuple(op.properties[name].values)


def _compose_transposes(rewriter, m):
    """Result dimension i of the outer transpose is dimension outer[i] of the inner one,
    which is dimension inner[outer[i]] of x."""
    inner, outer = _values(m.inner, "permutation"), _values(m.op, "permutation")
    composed = [inner[axis] for axis in outer]
    if composed == list(range(len(composed))):
        return same_type(m, m.x)
    return build(rewriter, m, nn_shape.TransposeOp, [m.x], {"permutation": i64_array(composed)})


def _reshape_x(rewriter, m):
    """reshape(x) to the matched op's type; x itself when it has that type."""
    if m.x.type is m.op.results[0].type:
        return m.x
    return build_to(rewriter, m, nn_shape.ReshapeOp, m.x)


def _broadcast_x(rewriter, m):
    if m.x.type is m.op.results[0].type:
        return m.x
    return build_to(rewriter, m, nn_shape.BroadcastToOp, m.x)


def _merge_expand_dims(rewriter, m):
    """The inner op's dimensions land on the outer result's positions not in the outer
    axes, in order; its new dimensions are those positions at the inner axes."""
    inner, outer = _values(m.inner, "axes"), _values(m.op, "axes")
    rank = len(m.op.results[0].type.shape)
    kept = [axis for axis in range(rank) if axis not in outer]
    axes = sorted([*outer, *(kept[axis] for axis in inner)])
    return build(rewriter, m, nn_shape.ExpandDimsOp, [m.x], {"axes": i64_array(axes)})


def _merge_squeezes(rewriter, m):
    """The outer op's axes count among x's dimensions the inner op kept."""
    inner, outer = _values(m.inner, "axes"), _values(m.op, "axes")
    kept = [axis for axis in range(len(m.x.type.shape)) if axis not in inner]
    axes = sorted([*inner, *(kept[axis] for axis in outer)])
    return build(rewriter, m, nn_shape.SqueezeOp, [m.x], {"axes": i64_array(axes)})


def _same_axes(op) -> bool:
    inner = op.operands[0].op
    return _values(op, "axes") == _values(inner, "axes")


_SAME_AXES = {"where": _same_axes, "description": "over the inner op's axes"}

_RESHAPES = (nn_shape.ReshapeOp, nn_shape.ExpandDimsOp, nn_shape.SqueezeOp)

SHAPES = [
    # transpose(transpose(x, p), q) -> transpose(x, p o q); x when that is the identity
    rule(
        "TransposeTranspose",
        P(nn_shape.TransposeOp, P(nn_shape.TransposeOp, x, name="inner")),
        _compose_transposes,
    ),
    # reshape(reshape(x)), reshape(expand_dims(x)), reshape(squeeze(x)) -> reshape(x)
    *(
        rule(f"Reshape{inner.__name__[:-2]}", P(nn_shape.ReshapeOp, P(inner, x)), _reshape_x)
        for inner in _RESHAPES
    ),
    # expand_dims(reshape(x)), squeeze(reshape(x)) -> reshape(x)
    rule("ExpandDimsReshape", P(nn_shape.ExpandDimsOp, P(nn_shape.ReshapeOp, x)), _reshape_x),
    rule("SqueezeReshape", P(nn_shape.SqueezeOp, P(nn_shape.ReshapeOp, x)), _reshape_x),
    # expand_dims(squeeze(x, a), a) -> x   (when x had size 1 there, not `?`)
    rule(
        "ExpandDimsSqueeze",
        P(nn_shape.ExpandDimsOp, P(nn_shape.SqueezeOp, x), **_SAME_AXES),
        value("x"),
    ),
    # squeeze(expand_dims(x, a), a) -> x
    rule(
        "SqueezeExpandDims",
        P(nn_shape.SqueezeOp, P(nn_shape.ExpandDimsOp, x), **_SAME_AXES),
        value("x"),
    ),
    # expand_dims(expand_dims(x, a), b) -> expand_dims(x, a and b as result positions)
    rule(
        "ExpandDimsExpandDims",
        P(nn_shape.ExpandDimsOp, P(nn_shape.ExpandDimsOp, x, name="inner")),
        _merge_expand_dims,
        benefit=1,
    ),
    # squeeze(squeeze(x, a), b) -> squeeze(x, a and b as positions of x)
    rule(
        "SqueezeSqueeze",
        P(nn_shape.SqueezeOp, P(nn_shape.SqueezeOp, x, name="inner")),
        _merge_squeezes,
        benefit=1,
    ),
    # broadcast_to(broadcast_to(x)) -> broadcast_to(x)
    rule(
        "BroadcastToBroadcastTo",
        P(nn_shape.BroadcastToOp, P(nn_shape.BroadcastToOp, x)),
        _broadcast_x,
    ),
]


# -- casts ------------------------------------------------------------------------------------

_SIGNIFICAND_BITS = {"f16": 11, "bf16": 8, "f32": 24, "f64": 53}


def _holds_every_value(source: T.Type, middle: T.Type) -> bool:
    """Whether every value of element type `source` converts to `middle` exactly: a wider
    float, a wider integer, or a float whose significand holds the integer's magnitude
    (i1 is 0 or 1 in any of them)."""
    source_float = isinstance(source, T.FloatType)
    middle_float = isinstance(middle, T.FloatType)
    if source_float:
        return middle_float and middle.width > source.width
    if not middle_float:
        return middle.width > source.width
    magnitude = max(source.width - 1, 1)
    return magnitude <= _SIGNIFICAND_BITS.get(middle.name, 0)


def _cast_round_trip(op) -> bool:
    middle = op.operands[0]
    source = middle.op.operands[0].type
    return source is op.results[0].type and _holds_every_value(
        source.element_type, middle.type.element_type
    )


CASTS = [
    # cast(cast(x, wider), back) -> x   (f32 -> f64 -> f32, i8 -> i32 -> i8, i16 -> f32 -> i16)
    rule(
        "CastRoundTrip",
        P(
            nn.CastOp,
            P(nn.CastOp, x),
            where=_cast_round_trip,
            description="a round trip through a type that holds every value",
        ),
        value("x"),
    ),
]

PATTERNS = [*ELEMENTWISE, *SHAPES, *CASTS]
