"""The vocabulary gradient rules are written in: nn ops built at the end of the gradient
function, with their result types inferred as the verifier infers them.

A rule reads like the math it implements:

    def _mul(g: Grad, op, dz):          # z = x * y
        x, y = op.operands
        return [g.mul(dz, y), g.mul(dz, x)]

and the driver unbroadcasts each cotangent to its operand's type (`Grad.unbroadcast`).
"""

from __future__ import annotations

from irc.dialects.nn import elementwise as ew
from irc.dialects.nn import reduce as red
from irc.dialects.nn import shape as sh
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.builder import Builder
from irc.ir.core import Value

DYN = T.DYNAMIC


def differentiable(value: Value) -> bool:
    """Float tensors carry cotangents; integers, booleans and keys do not."""
    t = value.type
    return isinstance(t, T.TensorType) and isinstance(t.element_type, T.FloatType)


class Grad:
    """Builds nn ops with a Builder; every method returns the new op's result."""

    def __init__(self, builder: Builder) -> None:
        self.b = builder

    # -- building ---------------------------------------------------------------------------

    def op(self, cls, operands, properties: dict | None = None) -> Value:
        """An inferred-type nn op."""
        props = dict(properties or {})
        result_types = cls.infer_result_types([v.type for v in operands], props)
        return self.b.create(cls, list(operands), result_types, props).results[0]

    def to(self, cls, operand: Value, result_type: T.Type, properties=None) -> Value:
        """A written-type nn op (`: A to R`): reshape, broadcast_to, cast."""
        return self.b.create(cls, [operand], [result_type], dict(properties or {})).results[0]

    def scalar(self, value: float, like: Value) -> Value:
        """A rank-0 constant of `like`'s element type (broadcasts against anything)."""
        element = like.type.element_type
        t = T.TensorType((), element)
        attr = A.DenseElementsAttr(t, value)
        return self.b.create(sh.ConstantOp, [], [t], {"value": attr}).results[0]

    def zeros_like(self, x: Value) -> Value:
        """Zeros of x's type, `?` sizes included: select(x != x, 0, 0) broadcasts the
        rank-0 zero to x's shape whatever x holds (x * 0 would be NaN at inf)."""
        zero = self.scalar(0.0, x)
        return self.op(ew.SelectOp, [self.op(ew.NeOp, [x, x]), zero, zero])

    # -- arithmetic -------------------------------------------------------------------------

    def add(self, x: Value, y: Value) -> Value:
        return self.op(ew.AddOp, [x, y])

    def sub(self, x: Value, y: Value) -> Value:
        return self.op(ew.SubOp, [x, y])

    def mul(self, x: Value, y: Value) -> Value:
        return self.op(ew.MulOp, [x, y])

    def div(self, x: Value, y: Value) -> Value:
        return self.op(ew.DivOp, [x, y])

    def neg(self, x: Value) -> Value:
        return self.op(ew.NegOp, [x])

    def unary(self, cls, x: Value) -> Value:
        return self.op(cls, [x])

    def times(self, x: Value, number: float) -> Value:
        return self.mul(x, self.scalar(number, x))

    def plus(self, x: Value, number: float) -> Value:
        return self.add(x, self.scalar(number, x))

    def select(self, condition: Value, x: Value, y: Value) -> Value:
        return self.op(ew.SelectOp, [condition, x, y])

    def compare(self, cls, x: Value, y: Value) -> Value:
        return self.op(cls, [x, y])

    # -- shapes -----------------------------------------------------------------------------

    def reduce_sum(self, x: Value, axes, keepdims: bool = False) -> Value:
        props = {"axes": A.DenseArrayAttr(T.I64, list(axes))}
        if keepdims:
            props["keepdims"] = A.UNIT
        return self.op(red.ReduceSumOp, [x], props)

    def reshape(self, x: Value, result_type: T.Type) -> Value:
        return x if x.type == result_type else self.to(sh.ReshapeOp, x, result_type)

    def broadcast_to(self, x: Value, result_type: T.Type) -> Value:
        return x if x.type == result_type else self.to(sh.BroadcastToOp, x, result_type)

    def unbroadcast(self, cotangent: Value, target: T.TensorType) -> Value:
        """The cotangent of an operand that numpy broadcasting stretched to `cotangent`'s
        shape: summed over the dimensions it gained (leading ones, and its size-1 ones
        the result has larger), then reshaped to the operand's type. A `?` size of the
        operand is taken as not stretched (a `?` that is 1 at run time against a larger
        size is not reduced: specialize the shapes, as irc.jit does)."""
        shape, wide = target.shape, cotangent.type.shape
        lead = len(wide) - len(shape)
        if lead:
            cotangent = self.reduce_sum(cotangent, range(lead))
        stretched = [i for i, size in enumerate(shape) if size == 1 and wide[lead + i] != 1]
        if stretched:
            cotangent = self.reduce_sum(cotangent, stretched, keepdims=True)
        return self.reshape(cotangent, target)
