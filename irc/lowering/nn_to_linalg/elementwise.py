"""nn's elementwise ops as one `linalg.generic` each, broadcasting through the maps.

Loop d of the generic is dimension d of the result. An operand of rank r reads its
dimension j at loop R - r + j (missing leading dimensions are dropped from its map); a
static size 1 against a larger size reads index 0 (the map's result is the constant 0).
A `?` size is lowered as "equal": it must be the result's size when the program runs
(`cf.assert`, see the package docstring). The payloads compute what the kernels compute:
transcendental float functions in float64, rounded once; integers wrap; float maximum and
minimum propagate NaN; casts saturate as the JIT's fptosi does.
"""

from __future__ import annotations

import numpy as np

from irc.dialects import arith
from irc.dialects import math as m
from irc.dialects.constraints import is_float
from irc.dialects.nn import elementwise as nn
from irc.ir import affine
from irc.ir import types as T
from irc.lowering.nn_to_linalg.common import (
    DYN,
    Emit,
    dims_map,
    float_width,
    in_double,
    int_width,
)

# -- broadcasting -----------------------------------------------------------------------------


def broadcast_sizes(em: Emit, op_name: str, operands, result_shape, ranks=None) -> list:
    """The sizes of `result_shape` (static, or a tensor.dim of the first operand that has
    a `?` there), after asserting that every other `?` size equals it. `ranks` limits
    each operand to its leading dimensions (a matmul's batch dimensions)."""
    rank = len(result_shape)
    ranks = ranks or [v.type.rank for v in operands]
    sizes: list = []
    for d, static in enumerate(result_shape):
        size, source = (static if static != DYN else None), None
        for number, (value, used) in enumerate(zip(operands, ranks, strict=True)):
            axis = d - (rank - used)
            if axis < 0 or value.type.shape[axis] != DYN:
                continue
            here = em.size(value, axis)
            if size is None:
                size, source = here, (number, axis)
                continue
            wanted = size if isinstance(size, int) else "operand #{} dimension {}".format(*source)
            em.assert_equal(
                here, size,
                f"'{op_name}' operand #{number} dimension {axis} (size ?) must equal {wanted} "
                "(compiled code does not broadcast a run-time size 1)",
            )  # fmt: skip
        sizes.append(size)
    return sizes


def broadcast_results(operand_shape, result_shape) -> list:
    """The map results (loop numbers, or the constant 0 for a stretched size 1) of an
    operand of `operand_shape` in loops over `result_shape`, aligned on the right."""
    offset = len(result_shape) - len(operand_shape)
    results = []
    for axis, size in enumerate(operand_shape):
        d = axis + offset
        stretched = size == 1 and result_shape[d] != 1
        results.append(affine.Constant(0) if stretched else d)
    return results


def broadcast_map(operand_type, result_type) -> affine.AffineMap:
    """Loop indices to the operand's indices: dropped leading dims, 0 for a size 1."""
    results = broadcast_results(operand_type.shape, result_type.shape)
    return dims_map(result_type.rank, results)


def elementwise(payload):
    """The rule of an elementwise op: `payload(emit, elements, result_element)`."""

    def rule(em: Emit, op, operands) -> list:
        result_type = op.results[0].type
        sizes = broadcast_sizes(em, op.name, operands, result_type.shape)
        maps = [broadcast_map(v.type, result_type) for v in operands]
        element = result_type.element_type
        return [em.map(operands, maps, sizes, element, lambda e, a: payload(e, a, element))]

    rule.payload = payload
    rule.__name__ = f"elementwise({getattr(payload, '__name__', 'payload')})"
    return rule


# -- payloads -----------------------------------------------------------------------------------


def by_kind(float_op, int_op):
    """One arith op on floats, another on integers."""

    def payload(em: Emit, args, element):
        cls = float_op if is_float(args[0].type) else int_op
        return em.op(cls, args, element)

    payload.__name__ = f"by_kind({float_op.name}, {int_op.name})"
    return payload


def math_op(cls):
    """A math op on the element type: the math kernels compute f16/f32 in float64 and
    round once, as the nn kernels do."""

    def payload(em: Emit, args, element):
        return em.op(cls, args, element)

    payload.__name__ = f"math_op({cls.name})"
    return payload


def _sigmoid(em: Emit, x):
    """1 / (1 + e) for x >= 0, e / (1 + e) below, e = exp(-|x|) (no overflow)."""
    one = em.constant(1.0, x.type)
    e = em.unary(m.ExpOp, em.unary(arith.NegFOp, em.unary(m.AbsFOp, x)))
    total = em.binary(arith.AddFOp, one, e)
    positive = em.cmpf("oge", x, em.constant(0.0, x.type))
    numerator = em.select(positive, one, e)
    return em.binary(arith.DivFOp, numerator, total)


def _softplus(em: Emit, x):
    """numpy's logaddexp(0, x): max(x, 0) + log1p(exp(-|x|)); NaN stays NaN."""
    top = em.binary(arith.MaximumFOp, x, em.constant(0.0, x.type))
    e = em.unary(m.ExpOp, em.unary(arith.NegFOp, em.unary(m.AbsFOp, x)))
    return em.binary(arith.AddFOp, top, em.unary(m.Log1pOp, e))


def _rsqrt(em: Emit, x):
    return em.binary(arith.DivFOp, em.constant(1.0, x.type), em.unary(m.SqrtOp, x))


def _neg(em: Emit, args, element):
    (x,) = args
    if is_float(element):
        return em.unary(arith.NegFOp, x)
    return em.binary(arith.SubIOp, em.constant(0, element), x)


def _abs(em: Emit, args, element):
    return em.unary(m.AbsFOp if is_float(element) else m.AbsIOp, args[0])


def _sign(em: Emit, args, element):
    """-1, 0 or 1; a float NaN or zero is itself."""
    (x,) = args
    zero = em.constant(0, element)
    if is_float(element):
        above, below, rest = em.cmpf("ogt", x, zero), em.cmpf("olt", x, zero), x
    else:
        above, below, rest = em.cmpi("sgt", x, zero), em.cmpi("slt", x, zero), zero
    low = em.select(below, em.constant(-1, element), rest)
    return em.select(above, em.constant(1, element), low)


def _relu(em: Emit, args, element):
    """max(x, 0); a float NaN stays (x ugt 0: greater, or unordered)."""
    (x,) = args
    zero = em.constant(0, element)
    if not is_float(element):
        return em.binary(arith.MaxSIOp, x, zero)
    return em.select(em.cmpf("ugt", x, zero), x, zero)


def _divide(em: Emit, args, element):
    """Floats divide; integers divide signed toward zero (arith.divsi), and a zero
    divisor is a fault that the interpreter and the JIT report (irc/lowering/llvmir/
    arith.py). MIN / -1 wraps to MIN as the kernel's does (arith.divsi would fault):
    a divisor of -1 is a negation, and divsi sees 1 there instead."""
    a, b = args
    if is_float(element):
        return em.binary(arith.DivFOp, a, b)
    minus_one = em.cmpi("eq", b, em.constant(-1, element))
    divisor = em.select(minus_one, em.constant(1, element), b)
    quotient = em.binary(arith.DivSIOp, a, divisor)
    negated = em.binary(arith.SubIOp, em.constant(0, element), a)
    return em.select(minus_one, negated, quotient)


def _clamp(em: Emit, args, element):
    x, low, high = args
    if is_float(element):
        return em.binary(arith.MinimumFOp, em.binary(arith.MaximumFOp, x, low), high)
    return em.binary(arith.MinSIOp, em.binary(arith.MaxSIOp, x, low), high)


def _select(em: Emit, args, element):
    return em.select(*args)


FLOAT_PREDICATES = {"eq": "oeq", "ne": "une", "lt": "olt", "le": "ole", "gt": "ogt", "ge": "oge"}
SIGNED = {"eq": "eq", "ne": "ne", "lt": "slt", "le": "sle", "gt": "sgt", "ge": "sge"}
UNSIGNED = {"eq": "eq", "ne": "ne", "lt": "ult", "le": "ule", "gt": "ugt", "ge": "uge"}


def compare(kind: str):
    """numpy's comparison: floats ordered (ne unordered), integers signed, i1 as 0 < 1."""

    def payload(em: Emit, args, element):
        a, b = args
        if is_float(a.type):
            return em.cmpf(FLOAT_PREDICATES[kind], a, b)
        is_bool = isinstance(a.type, T.IntegerType) and a.type.width == 1
        return em.cmpi((UNSIGNED if is_bool else SIGNED)[kind], a, b)

    payload.__name__ = f"compare({kind})"
    return payload


# -- casts ------------------------------------------------------------------------------------


def _saturating(em: Emit, x, target):
    """Floats to integers as the kernel does: toward zero, clamped to the type's range,
    NaN as 0. The bounds are the nearest source floats to the range's ends; a value
    outside them is replaced by 0.0 before fptosi, so that it is never out of range."""
    width = int_width(target)
    high, low = (1 << (width - 1)) - 1, -(1 << (width - 1))
    above = em.cmpf("oge", x, em.constant(_rounded(high, x.type), x.type))
    below = em.cmpf("ole", x, em.constant(_rounded(low, x.type), x.type))
    unordered = em.cmpf("uno", x, x)
    outside = em.binary(arith.OrIOp, em.binary(arith.OrIOp, above, below), unordered)
    safe = em.select(outside, em.constant(0.0, x.type), x)
    inside = em.op(arith.FPToSIOp, [safe], target)
    at_low = em.select(below, em.constant(low, target), inside)
    return em.select(above, em.constant(high, target), at_low)


def _rounded(value: int, t: T.Type) -> float:
    """`value` rounded to the nearest float of type `t` (inf beyond its range)."""
    if str(t) == "bf16":
        import ml_dtypes

        dtype = ml_dtypes.bfloat16
    else:
        dtype = {"f16": np.float16, "f32": np.float32}.get(str(t), np.float64)
    with np.errstate(over="ignore"):
        return float(np.asarray(float(value)).astype(dtype))


def _cast(em: Emit, args, element):
    (x,) = args
    source = x.type
    if source is element:
        return x
    if isinstance(element, T.IntegerType) and element.width == 1:
        zero = em.constant(0, source)
        return em.cmpf("une", x, zero) if is_float(source) else em.cmpi("ne", x, zero)
    source_bool = isinstance(source, T.IntegerType) and source.width == 1
    if is_float(source) and is_float(element):
        if float_width(source) == float_width(element):  # f16 <-> bf16: through f32
            return em.to_float(em.to_float(x, T.F32), element)
        return em.to_float(x, element)
    if is_float(element):
        return em.op(arith.UIToFPOp if source_bool else arith.SIToFPOp, [x], element)
    if is_float(source):
        return _saturating(em, x, element)
    if isinstance(source, T.IndexType) or isinstance(element, T.IndexType):
        return em.op(arith.IndexCastOp, [x], element)
    if int_width(source) < int_width(element):
        return em.op(arith.ExtUIOp if source_bool else arith.ExtSIOp, [x], element)
    return em.op(arith.TruncIOp, [x], element)


RULES = {
    nn.ExpOp: elementwise(math_op(m.ExpOp)),
    nn.Expm1Op: elementwise(math_op(m.ExpM1Op)),
    nn.LogOp: elementwise(math_op(m.LogOp)),
    nn.Log1pOp: elementwise(math_op(m.Log1pOp)),
    nn.SqrtOp: elementwise(math_op(m.SqrtOp)),
    nn.RsqrtOp: elementwise(in_double(_rsqrt)),
    nn.TanhOp: elementwise(math_op(m.TanhOp)),
    nn.SigmoidOp: elementwise(in_double(_sigmoid)),
    nn.SoftplusOp: elementwise(in_double(_softplus)),
    nn.PowOp: elementwise(math_op(m.PowFOp)),
    nn.NegOp: elementwise(_neg),
    nn.AbsOp: elementwise(_abs),
    nn.SignOp: elementwise(_sign),
    nn.ReluOp: elementwise(_relu),
    nn.AddOp: elementwise(by_kind(arith.AddFOp, arith.AddIOp)),
    nn.SubOp: elementwise(by_kind(arith.SubFOp, arith.SubIOp)),
    nn.MulOp: elementwise(by_kind(arith.MulFOp, arith.MulIOp)),
    nn.DivOp: elementwise(_divide),
    nn.MaximumOp: elementwise(by_kind(arith.MaximumFOp, arith.MaxSIOp)),
    nn.MinimumOp: elementwise(by_kind(arith.MinimumFOp, arith.MinSIOp)),
    nn.EqOp: elementwise(compare("eq")),
    nn.NeOp: elementwise(compare("ne")),
    nn.LtOp: elementwise(compare("lt")),
    nn.LeOp: elementwise(compare("le")),
    nn.GtOp: elementwise(compare("gt")),
    nn.GeOp: elementwise(compare("ge")),
    nn.ClampOp: elementwise(_clamp),
    nn.SelectOp: elementwise(_select),
    nn.CastOp: elementwise(_cast),
}
