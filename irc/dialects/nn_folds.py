"""Folders of the nn dialect: MLIR's fold hooks, one row per op class in `FOLDERS`.

A row is `fold(op, operands) -> list | None` (the contract of `Op.fold`): `operands` holds
the constant Attribute of each operand (a `DenseElementsAttr`) or None. A folded constant
is a `DenseElementsAttr` that `materialize_constant` turns into an `nn.constant`.

Two kinds of folds, both exact:

- constant operands: an elementwise, shape or reducing op whose operands are all
  constants, with at most `FOLD_LIMIT` elements in each operand and in the result, is
  computed by its interpreter kernel, so a fold gives bit for bit what the interpreter
  would (one generic folder; no fold when the kernel reports an error, such as an
  integer division by zero or a label out of range). An op that only moves elements
  (reshape, broadcast_to, transpose, expand_dims, squeeze, slice) of a splat constant
  folds to a splat of its result type, whatever its size;
- identities that hold in IEEE arithmetic for every value, NaN and signed zeros
  included, and only when the result has the operand's type (a constant operand may
  broadcast the other to a larger shape):

      x + (-0.0) -> x      (x + 0.0 is not x: -0.0 + 0.0 is +0.0; integers: x + 0)
      x - 0.0    -> x
      x * 1, x / 1, pow(x, 1) -> x
      maximum(x, x), minimum(x, x) -> x
      select(c, x, x) -> x;  select(true, a, b) -> a;  select(false, a, b) -> b
      cast x to its own type -> x
      reshape, broadcast_to to the operand's own type -> x
      transpose by the identity permutation; expand_dims, squeeze with no axes -> x
      slice of the whole operand; concat of one operand; pad by nothing -> x
      reduce_max, reduce_min, reduce_prod over no axes -> x (not reduce_sum or
        reduce_mean: the interpreter's float sum turns -0.0 into +0.0)

The gradient-control ops (`nn.stop_gradient` and the rest) never fold: they are the
identity going forward, but removing them would change the gradient.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from irc.dialects.nn import elementwise as nn
from irc.dialects.nn import reduce as nn_reduce
from irc.dialects.nn import shape as nn_shape
from irc.ir import attributes as A
from irc.ir import types as T

FOLD_LIMIT = 1024
"""The most elements of an operand or result a constant fold computes (ops on bigger
constants stay, except element moves of splats)."""


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
    """The op that defines a folded constant: an `nn.constant` of a tensor type; None
    for anything else."""
    if not isinstance(value, A.DenseElementsAttr) or value.type is not t:
        return None
    if not isinstance(t, T.TensorType):
        return None
    return nn_shape.ConstantOp([], [t], {"value": value})


# -- constant operands: the interpreter's kernel computes the result ---------------------------


def _small(t: T.Type) -> bool:
    return isinstance(t, T.TensorType) and t.has_static_shape and t.num_elements <= FOLD_LIMIT


def fold_with_kernel(op, operands):
    """Every operand a constant, and at most FOLD_LIMIT elements in each operand and in
    the result: the result the interpreter's kernel computes, as a constant; None when
    the kernel reports an error or a type has no numpy representation."""
    from irc.runtime.interpreter import InterpreterError, kernel_for, numpy_dtype

    t = op.results[0].type
    if not operands or any(not isinstance(a, A.DenseElementsAttr) for a in operands):
        return None
    if not _small(t) or not all(_small(a.type) for a in operands):
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


def _same_type_identity(op, operands):
    """reshape or broadcast_to to the operand's type -> x."""
    return _keep(op, op.operands[0])


def _with_property(name: str, is_identity: Callable) -> Callable:
    """op(x) -> x when `is_identity(values of property name, x's shape)`."""

    def fold(op, operands):
        attr = op.properties.get(name)
        values = getattr(attr, "values", None)
        if values is None or not op.operands:
            return None
        if not is_identity(tuple(values), op.operands[0].type.shape):
            return None
        return _keep(op, op.operands[0])

    return fold


def _no_values(values, shape) -> bool:
    return not values


def _in_order(values, shape) -> bool:
    return values == tuple(range(len(values)))


def _all_zero(values, shape) -> bool:
    return not any(values)


def _whole_slice(op, operands):
    """A slice from 0, stride 1, of every static size: the operand."""
    shape = tuple(op.operands[0].type.shape)
    lists = [getattr(op.properties.get(n), "values", None) for n in ("starts", "sizes", "strides")]
    if any(values is None for values in lists):
        return None
    starts, sizes, strides = (tuple(values) for values in lists)
    if any(starts) or any(s != 1 for s in strides) or sizes != shape:
        return None
    return _keep(op, op.operands[0])


def _single_operand(op, operands):
    return _keep(op, op.operands[0]) if len(op.operands) == 1 else None


def _pad(op, operands):
    low, high = (op.properties.get(n) for n in ("low", "high"))
    if low is None or high is None or any(low.values) or any(high.values):
        return None
    return _keep(op, op.operands[0])


def fold_splat_move(op, operands):
    """An op that only moves elements, of a splat constant: the splat in the result type
    (no size limit: one element is stored)."""
    value = splat_value(operands[0]) if operands else None
    t = op.results[0].type
    if value is None or not isinstance(t, T.TensorType) or not t.has_static_shape:
        return None
    if operands[0].type.num_elements == 0 or t.num_elements == 0:
        return None
    return [A.DenseElementsAttr(t, operands[0].values.reshape(-1)[:1], splat=t.num_elements != 1)]


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
    nn_shape.ReshapeOp: _same_type_identity,
    nn_shape.BroadcastToOp: _same_type_identity,
    nn_shape.TransposeOp: _with_property("permutation", _in_order),
    nn_shape.ExpandDimsOp: _with_property("axes", _no_values),
    nn_shape.SqueezeOp: _with_property("axes", _no_values),
    nn_shape.SliceOp: _whole_slice,
    nn_shape.ConcatOp: _single_operand,
    nn_shape.PadOp: _pad,
    nn_reduce.ReduceMaxOp: _with_property("axes", _no_values),
    nn_reduce.ReduceMinOp: _with_property("axes", _no_values),
    nn_reduce.ReduceProdOp: _with_property("axes", _no_values),
}

_MOVES = (
    nn_shape.ReshapeOp,
    nn_shape.BroadcastToOp,
    nn_shape.TransposeOp,
    nn_shape.ExpandDimsOp,
    nn_shape.SqueezeOp,
    nn_shape.SliceOp,
)

_NOT_FOLDED = (nn_shape.ConstantOp,)  # it folds itself, to its value


def _rows() -> dict[type, Callable]:
    """Every op of the elementwise, shape and reducing families folds its constants
    (ops that move elements fold splats first); those with identities then try them."""
    rows: dict[type, Callable] = {}
    for family in (nn, nn_shape, nn_reduce):
        for cls in family.OPS.values():
            if cls in _NOT_FOLDED:
                continue
            folders = [fold_with_kernel]
            if cls in _MOVES:
                folders.insert(0, fold_splat_move)
            if cls in _IDENTITIES:
                folders.append(_IDENTITIES[cls])
            rows[cls] = folders[0] if len(folders) == 1 else _first(*folders)
    return rows


FOLDERS: dict[type, Callable] = _rows()

__all__ = ["FOLDERS", "FOLD_LIMIT", "materialize_constant"]
