"""Folders of the nn dialect: MLIR's fold hooks, one row per op class in `FOLDERS`.

A row is `fold(op, operands) -> list | None` (the contract of `Op.fold`): `operands` holds
the constant Attribute of each operand (a `DenseElementsAttr`) or None. A folded constant
is a `DenseElementsAttr` that `materialize_constant` turns into an `nn.constant`.

Two kinds of folds, both exact:

- constant operands: an elementwise op whose operands are all constants, with at most
  `FOLD_LIMIT` result elements, is computed by its interpreter kernel, so a fold gives
  bit for bit what the interpreter would (one generic folder for the family; no fold
  when the kernel reports an error, such as an integer division by zero);
- identities that hold in IEEE arithmetic for every value, NaN and signed zeros
  included, and only when the result has the operand's type (a constant operand may
  broadcast the other to a larger shape):

      x + (-0.0) -> x      (x + 0.0 is not x: -0.0 + 0.0 is +0.0; integers: x + 0)
      x - 0.0    -> x
      x * 1, x / 1, pow(x, 1) -> x
      maximum(x, x), minimum(x, x) -> x
      select(c, x, x) -> x;  select(true, a, b) -> a;  select(false, a, b) -> b
      cast x to its own type -> x

The gradient-control ops (`nn.stop_gradient` and the rest) never fold: they are the
identity going forward, but removing them would change the gradient.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from irc.dialects.nn import elementwise as nn
from irc.ir import attributes as A
from irc.ir import types as T

FOLD_LIMIT = 1024
"""The most result elements a constant fold computes (bigger constants stay as ops)."""


# -- constants ----------------------------------------------------------------------------------


def splat_value(attr: A.Attribute | None):
    """The one value of a constant whose elements are all equal (a numpy scalar), or None."""
    if not isinstance(attr, A.DenseElementsAttr) or attr.values.size != 1:
        return None
    return attr.values.reshape(-1)[0]


def _is_float(attr: A.Attribute) -> bool:
    return isinstance(attr.type.element_type, T.FloatType)


def is_splat(attr: A.Attribute | None, number: float, negative_zero: bool = False) -> bool:
    """Whether `attr` is a constant with every element `number`; a zero must also have
    the sign `negative_zero` asks for when it is a float."""
    value = splat_value(attr)
    if value is None or value != number:
        return False
    if number == 0 and _is_float(attr):
        return bool(np.signbit(value)) == negative_zero
    return True


def materialize_constant(value: A.Attribute, t: T.Type):
    """The op that defines a folded constant: an `nn.constant` of a tensor type (an
    `arith.constant` until the nn dialect has its own); None for anything else."""
    if not isinstance(value, A.DenseElementsAttr) or value.type is not t:
        return None
    if not isinstance(t, T.TensorType):
        return None
    from irc.dialects import arith

    return arith.ConstantOp([], [t], {"value": value})


# -- constant operands: the interpreter's kernel computes the result ---------------------------


def fold_with_kernel(op, operands):
    """Every operand constant and at most FOLD_LIMIT result elements: the result the
    interpreter's kernel computes, as a constant; None when the kernel reports an error
    or a type has no numpy representation."""
    from irc.runtime.interpreter import InterpreterError, kernel_for, numpy_dtype

    t = op.results[0].type
    if any(not isinstance(a, A.DenseElementsAttr) for a in operands):
        return None
    if not isinstance(t, T.TensorType) or not t.has_static_shape or t.num_elements > FOLD_LIMIT:
        return None
    try:
        arrays = [np.array(a.to_array(), dtype=numpy_dtype(a.type)) for a in operands]
        with np.errstate(all="ignore"):
            results = kernel_for(op)(None, op, arrays)
        array = np.asarray(results[0], dtype=numpy_dtype(t))
    except (InterpreterError, ArithmeticError, ValueError, TypeError):
        return None  # the kernel says the op cannot run on these values: no fold
    return [A.DenseElementsAttr(t, array.reshape(-1))]


# -- identities ------------------------------------------------------------------------------------


def _same_type(op, value):
    """`value` when it has the op's result type (so it can replace the result), else None."""
    return value if value.type is op.results[0].type else None


def _right_identity(is_identity: Callable, commutative: bool = False) -> Callable:
    """`op(x, c) -> x` when `is_identity(c)` (and `op(c, x) -> x` when `commutative`)."""

    def fold(op, operands):
        if is_identity(operands[1]):
            return _keep(op, op.operands[0])
        if commutative and is_identity(operands[0]):
            return _keep(op, op.operands[1])
        return None

    return fold


def _keep(op, value):
    found = _same_type(op, value)
    return None if found is None else [found]


def _zero_for_add(attr) -> bool:
    """-0.0 for floats (the IEEE additive identity), 0 for integers."""
    return attr is not None and is_splat(attr, 0, negative_zero=_is_float(attr))


def _zero_for_sub(attr) -> bool:
    """+0.0 for floats (x - 0.0 is x, -0.0 included), 0 for integers."""
    return attr is not None and is_splat(attr, 0, negative_zero=False)


def _one(attr) -> bool:
    return attr is not None and is_splat(attr, 1)


def _same_operands(op, operands):
    """maximum(x, x), minimum(x, x) -> x."""
    lhs, rhs = op.operands
    return _keep(op, lhs) if lhs is rhs else None


def _select(op, operands):
    """select(c, x, x) -> x; select(true, a, b) -> a; select(false, a, b) -> b."""
    _, on_true, on_false = op.operands
    if on_true is on_false:
        return _keep(op, on_true)
    condition = splat_value(operands[0])
    if condition is None:
        return None
    return _keep(op, on_true if condition else on_false)


def _cast(op, operands):
    """A cast to the operand's own type is the operand."""
    return _keep(op, op.operands[0])


def _first(*folders: Callable) -> Callable:
    """The answer of the first folder that folds."""

    def fold(op, operands):
        for folder in folders:
            found = folder(op, operands)
            if found is not None:
                return found
        return None

    return fold


_IDENTITIES: dict[type, Callable] = {
    nn.AddOp: _right_identity(_zero_for_add, commutative=True),
    nn.SubOp: _right_identity(_zero_for_sub),
    nn.MulOp: _right_identity(_one, commutative=True),
    nn.DivOp: _right_identity(_one),
    nn.PowOp: _right_identity(_one),
    nn.MaximumOp: _same_operands,
    nn.MinimumOp: _same_operands,
    nn.SelectOp: _select,
    nn.CastOp: _cast,
}


def _elementwise_rows() -> dict[type, Callable]:
    """Every op of the elementwise family folds its constants; those with identities try
    the constant fold first, then the identity."""
    rows: dict[type, Callable] = {}
    for cls in nn.OPS.values():
        identity = _IDENTITIES.get(cls)
        rows[cls] = fold_with_kernel if identity is None else _first(fold_with_kernel, identity)
    return rows


FOLDERS: dict[type, Callable] = {
    **_elementwise_rows(),
}

__all__ = ["FOLDERS", "FOLD_LIMIT", "materialize_constant"]
