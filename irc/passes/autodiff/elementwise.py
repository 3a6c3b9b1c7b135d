"""Gradient rules of nn's elementwise and gradient-control ops: `(g, op, dz)` to one
cotangent per operand (None where nothing flows), in the shape of the result; the driver
sums broadcast operands back to their own shapes.

Conventions at the points where a derivative is not defined: relu'(0) = 0; abs'(0) = 0
(sign); maximum and minimum give a tie's gradient to their first operand; clamp passes
the gradient to x where low <= x <= high, to the bound x is clipped to elsewhere.
"""

from __future__ import annotations

from irc.dialects.nn import elementwise as ew
from irc.dialects.nn import gradient as gr
from irc.passes.autodiff.emit import Grad, differentiable


def _add(g: Grad, op, dz):
    return [dz, dz]


def _sub(g: Grad, op, dz):
    return [dz, g.neg(dz)]


def _mul(g: Grad, op, dz):
    x, y = op.operands
    return [g.mul(dz, y), g.mul(dz, x)]


def _div(g: Grad, op, dz):
    """z = x / y: dx = dz / y, dy = -dz * z / y."""
    _, y = op.operands
    dx = g.div(dz, y)
    return [dx, g.neg(g.mul(dx, op.results[0]))]


def _pow(g: Grad, op, dz):
    """z = x ** y: dx = dz * y * x ** (y - 1), dy = dz * z * log(x)."""
    x, y = op.operands
    dx = g.mul(dz, g.mul(y, g.op(ew.PowOp, [x, g.plus(y, -1.0)])))
    dy = g.mul(dz, g.mul(op.results[0], g.unary(ew.LogOp, x)))
    return [dx, dy]


def _scaled_by(function):
    """A unary rule dx = dz * function(g, x, z)."""

    def rule(g: Grad, op, dz):
        return [g.mul(dz, function(g, op.operands[0], op.results[0]))]

    rule.__name__ = function.__name__
    return rule


def _neg(g: Grad, op, dz):
    return [g.neg(dz)]


def _exp(g, x, z):
    return z


def _expm1(g, x, z):
    return g.plus(z, 1.0)


def _log_rule(g: Grad, op, dz):
    return [g.div(dz, op.operands[0])]


def _log1p_rule(g: Grad, op, dz):
    return [g.div(dz, g.plus(op.operands[0], 1.0))]


def _sqrt_rule(g: Grad, op, dz):
    """z = sqrt(x): dx = dz / (2 z)."""
    return [g.div(dz, g.times(op.results[0], 2.0))]


def _rsqrt(g, x, z):
    """z = x ** -0.5: dz/dx = -0.5 z / x."""
    return g.div(g.times(z, -0.5), x)


def _tanh(g, x, z):
    return g.sub(g.scalar(1.0, z), g.mul(z, z))


def _sigmoid(g, x, z):
    return g.mul(z, g.sub(g.scalar(1.0, z), z))


def _softplus(g, x, z):
    return g.unary(ew.SigmoidOp, x)


def _abs(g, x, z):
    return g.unary(ew.SignOp, x)


def _relu(g: Grad, op, dz):
    x = op.operands[0]
    zero = g.scalar(0.0, dz)
    return [g.select(g.compare(ew.GtOp, x, zero), dz, zero)]


def _extreme(first_wins):
    """maximum (GeOp) or minimum (LeOp): the operand that gave the result."""

    def rule(g: Grad, op, dz):
        x, y = op.operands
        zero = g.scalar(0.0, dz)
        pick = g.compare(first_wins, x, y)
        return [g.select(pick, dz, zero), g.select(pick, zero, dz)]

    return rule


def _clamp(g: Grad, op, dz):
    x, low, high = op.operands
    zero = g.scalar(0.0, dz)
    below = g.compare(ew.LtOp, x, low)
    above = g.compare(ew.GtOp, x, high)
    inside = g.select(below, zero, g.select(above, zero, dz))
    return [inside, g.select(below, dz, zero), g.select(above, dz, zero)]


def _select(g: Grad, op, dz):
    condition = op.operands[0]
    zero = g.scalar(0.0, dz)
    return [None, g.select(condition, dz, zero), g.select(condition, zero, dz)]


def _cast(g: Grad, op, dz):
    """A float-to-float cast sends the cotangent back in the operand's type (from an
    integer operand nothing flows)."""
    source = op.operands[0]
    return [g.to(ew.CastOp, dz, source.type) if differentiable(source) else None]


def _stop_gradient(g: Grad, op, dz):
    return [None]


def _straight_through(g: Grad, op, dz):
    """Forward `value`; its cotangent goes to `surrogate` as through an identity."""
    return [None, dz]


def _grad_clip(g: Grad, op, dz):
    lower = g.scalar(op.properties["lower"].value, dz)
    upper = g.scalar(op.properties["upper"].value, dz)
    return [g.op(ew.ClampOp, [dz, lower, upper])]


def _grad_scale(g: Grad, op, dz):
    return [g.times(dz, op.properties["scale"].value)]


RULES = {
    ew.AddOp: _add,
    ew.SubOp: _sub,
    ew.MulOp: _mul,
    ew.DivOp: _div,
    ew.PowOp: _pow,
    ew.NegOp: _neg,
    ew.ExpOp: _scaled_by(_exp),
    ew.Expm1Op: _scaled_by(_expm1),
    ew.LogOp: _log_rule,
    ew.Log1pOp: _log1p_rule,
    ew.SqrtOp: _sqrt_rule,
    ew.RsqrtOp: _scaled_by(_rsqrt),
    ew.TanhOp: _scaled_by(_tanh),
    ew.SigmoidOp: _scaled_by(_sigmoid),
    ew.SoftplusOp: _scaled_by(_softplus),
    ew.AbsOp: _scaled_by(_abs),
    ew.ReluOp: _relu,
    ew.MaximumOp: _extreme(ew.GeOp),
    ew.MinimumOp: _extreme(ew.LeOp),
    ew.ClampOp: _clamp,
    ew.SelectOp: _select,
    ew.CastOp: _cast,
    gr.StopGradientOp: _stop_gradient,
    gr.StraightThroughOp: _straight_through,
    gr.GradClipOp: _grad_clip,
    gr.GradScaleOp: _grad_scale,
}
