"""Gradient-control nn ops: the identity (or a chosen value) going forward, a changed
gradient going back. The autodiff pass gives them their meaning; the interpreter and the
compiled code only compute the forward value.
"""

from __future__ import annotations

from irc.dialects import ops_by_name
from irc.dialects.nn.common import FLOAT_TENSOR, F64Kind
from irc.ir.opdef import Arg, Op, Prop, VerifyError
from irc.ir.traits import Pure, SameOperandsAndResultType

_IDENTITY = frozenset({Pure, SameOperandsAndResultType})


class StopGradientOp(Op):
    """The operand unchanged; no gradient flows back through it (Theano's
    disconnected_grad, JAX's stop_gradient).

    %y = nn.stop_gradient %x : tensor<4xf32>
    """

    __slots__ = ()
    name = "nn.stop_gradient"
    operand_defs = (Arg("operand", *FLOAT_TENSOR),)
    result_defs = (Arg("result", *FLOAT_TENSOR),)
    traits = _IDENTITY
    assembly_format = "$operand attr-dict `:` type($result)"


class StraightThroughOp(Op):
    """Forward `value`; back-propagate into `surrogate` as if the op were its identity.

    %h = nn.straight_through %sample, %p : tensor<16xf32>

    The straight-through estimator of a stochastic binary unit: `value` is the sampled
    0/1 tensor, `surrogate` the probability (or pre-activation) it was drawn from. The
    gradient of `value` itself is zero.
    """

    __slots__ = ()
    name = "nn.straight_through"
    operand_defs = (Arg("value", *FLOAT_TENSOR), Arg("surrogate", *FLOAT_TENSOR))
    result_defs = (Arg("result", *FLOAT_TENSOR),)
    traits = _IDENTITY
    assembly_format = "$value `,` $surrogate attr-dict `:` type($result)"


class GradClipOp(Op):
    """The operand unchanged; its incoming gradient is clipped elementwise to
    [lower, upper] (Theano's grad_clip).

    %y = nn.grad_clip %x to [-1.0, 1.0] : tensor<4xf32>
    """

    __slots__ = ()
    name = "nn.grad_clip"
    operand_defs = (Arg("operand", *FLOAT_TENSOR),)
    result_defs = (Arg("result", *FLOAT_TENSOR),)
    prop_defs = (Prop("lower", F64Kind()), Prop("upper", F64Kind()))
    traits = _IDENTITY
    assembly_format = "$operand `to` ` ` `[` $lower `,` $upper `]` attr-dict `:` type($result)"

    def verify(self) -> None:
        lower, upper = self.properties["lower"].value, self.properties["upper"].value
        if not lower <= upper:
            raise VerifyError(f"lower bound {lower!r} is above upper bound {upper!r}")


class GradScaleOp(Op):
    """The operand unchanged; its incoming gradient is multiplied by `scale`
    (a negative scale reverses it, as a gradient-reversal layer does).

    %y = nn.grad_scale %x by 0.5 : tensor<4xf32>
    """

    __slots__ = ()
    name = "nn.grad_scale"
    operand_defs = (Arg("operand", *FLOAT_TENSOR),)
    result_defs = (Arg("result", *FLOAT_TENSOR),)
    prop_defs = (Prop("scale", F64Kind()),)
    traits = _IDENTITY
    assembly_format = "$operand `by` $scale attr-dict `:` type($result)"


OPS = ops_by_name(StopGradientOp, StraightThroughOp, GradClipOp, GradScaleOp)
