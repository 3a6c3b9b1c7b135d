"""nn's reducing ops: reductions as linalg.generic with reduction iterators over a
linalg.fill'ed init, matmul as linalg.matmul / batch_matmul (or a contraction generic),
softmax, logsumexp and the losses as the kernels' stable formulas, in f64 (but for the
exps of f32 softmax, log_softmax and softmax_cross_entropy: see their section).

A float sum or product accumulates in f64 with `fastmath<reassoc>` on its `addf` /
`mulf`: LLVM may then split it into vector lanes (an in-order sum does not vectorize).
The interpreter's numpy sums are pairwise, so neither side fixes an order; in f64, the
order moves an f32 result by at most a rounding step. max and min carry no flag: their
`maximumf` / `minimumf` are exact in any order, NaN included, and vectorize as they are.
The accumulator stays f64 for f32 inputs: the sum of 16M f32 (W4) reads about 40 GB/s
with <8 x double> adds, near the one-thread read bandwidth of the machines irc is
measured on; an f32 accumulator measured 10% faster (1.53 against 1.71 ms) but 2 ulps
off on W4's data (an error that grows with the count), where f64 is the kernel's result
to a rounding step."""

from __future__ import annotations

from irc.dialects import arith, linalg, tensor
from irc.dialects import math as m
from irc.dialects.constraints import is_float
from irc.dialects.nn import reduce as nn
from irc.dialects.nn.common import array_prop, int_prop
from irc.ir import attributes as A
from irc.ir import types as T
from irc.lowering import math_polynomials as poly
from irc.lowering.nn_to_linalg.common import (
    Emit,
    dims_map,
    float_width,
    identity,
    int_width,
    to_i64,
    wide_type,
)
from irc.lowering.nn_to_linalg.elementwise import broadcast_results, broadcast_sizes

# -- helpers ------------------------------------------------------------------------------------


def reduce_over(em: Emit, source, axes, element, init, combine, extras=()) -> object:
    """A tensor of the kept dimensions of `source`: `combine(emit, x, *extras, acc)` over
    `axes`, from `init`; `extras` are tensors of the kept shape read beside each x."""
    rank = source.type.rank
    kept = [d for d in range(rank) if d not in axes]
    out = em.filled([em.size(source, d) for d in kept], element, init)
    kept_map = dims_map(rank, kept)
    maps = [identity(rank), *[kept_map] * len(extras), kept_map]
    iterators = ["reduction" if d in axes else "parallel" for d in range(rank)]

    def body(e: Emit, args):
        return [combine(e, *args)]

    return em.generic([source, *extras], [out], maps, iterators, body)[0]


def finish(em: Emit, values, axes, keepdims: bool, result_type, function) -> object:
    """A map from tensors of the kept dimensions to the result (size 1 at `axes` under
    keepdims): `function(emit, *elements)`."""
    rank = result_type.rank
    kept_sizes = em.sizes(values[0])
    if keepdims:
        kept = [d for d in range(rank) if d not in axes]
        sizes = list(kept_sizes)
        for axis in axes:
            sizes.insert(axis, 1)
        value_map = dims_map(rank, kept)
    else:
        sizes, value_map = kept_sizes, identity(rank)
    element = result_type.element_type
    return em.map(values, [value_map] * len(values), sizes, element, lambda e, a: function(e, *a))


def _widen(e: Emit, x):
    return e.to_float(x, T.F64) if is_float(x.type) else x


REASSOC = arith.FastMathAttr(arith.FastMathAttr.FLAGS["reassoc"])


def _add(e: Emit, x, acc):
    if is_float(acc.type):
        return e.binary(arith.AddFOp, _widen(e, x), acc, REASSOC)
    return e.binary(arith.AddIOp, x, acc)


def _mul(e: Emit, x, acc):
    if is_float(acc.type):
        return e.binary(arith.MulFOp, _widen(e, x), acc, REASSOC)
    return e.binary(arith.MulIOp, x, acc)


def _rounder(element):
    def function(e: Emit, acc):
        return e.to_float(acc, element) if is_float(element) else acc

    return function


def _count(em: Emit, source, axes):
    """The number of reduced elements as an f64."""
    sizes = [em.size(source, a) for a in axes]
    static = 1
    for s in sizes:
        static *= s if isinstance(s, int) else 1
    dynamic = [s for s in sizes if not isinstance(s, int)]
    if not dynamic:
        return em.constant(float(static), T.F64)
    total = em.index(static)
    for s in dynamic:
        total = em.binary(arith.MulIOp, total, s)
    return em.op(arith.SIToFPOp, [em.op(arith.IndexCastOp, [total], T.I64)], T.F64)


def _assert_nonempty(em: Emit, op, source, axes) -> None:
    """A reduction with no identity (max, min, argmax) over an empty dimension is an
    error, unless the result has no elements either (the kernel's rule)."""
    reduced = [em.size(source, axis) for axis in axes]
    if not any(size == 0 or not isinstance(size, int) for size in reduced):
        return
    kept = [em.size(source, d) for d in range(source.type.rank) if d not in axes]
    if 0 in kept:
        return
    zero = em.index(0)
    fine = em.constant(1, T.I1)
    for size in reduced:
        if not isinstance(size, int):
            fine = em.binary(arith.AndIOp, fine, em.cmpi("ne", size, zero))
        elif size == 0:
            fine = em.constant(0, T.I1)
    for size in kept:
        if not isinstance(size, int):
            fine = em.binary(arith.OrIOp, fine, em.cmpi("eq", size, zero))
    em.assert_true(fine, f"'{op.name}' reduces an empty dimension (of {source.type})")


def _axes(op):
    return array_prop(op, "axes")


# -- reductions over axes -------------------------------------------------------------------------


def accumulate(init: float, combine):
    """sum and prod: floats in f64, rounded once; integers wrap."""

    def rule(em: Emit, op, operands):
        (source,) = operands
        axes, keepdims = _axes(op), "keepdims" in op.properties
        element = source.type.element_type
        acc = reduce_over(em, source, axes, wide_type(element), init, combine)
        if acc.type == op.results[0].type:
            return [acc]
        return [finish(em, [acc], axes, keepdims, op.results[0].type, _rounder(element))]

    rule.__name__ = f"accumulate({combine.__name__})"
    return rule


def _mean(em: Emit, op, operands):
    (source,) = operands
    axes, keepdims = _axes(op), "keepdims" in op.properties
    element = source.type.element_type
    acc = reduce_over(em, source, axes, T.F64, 0.0, _add)
    count = _count(em, source, axes)

    def divide(e: Emit, total):
        return e.to_float(e.binary(arith.DivFOp, total, count), element)

    return [finish(em, [acc], axes, keepdims, op.results[0].type, divide)]


def extreme(largest: bool):
    """max and min: NaN propagates, +0.0 above -0.0 (arith.maximumf / minimumf)."""
    float_op = arith.MaximumFOp if largest else arith.MinimumFOp
    int_op = arith.MaxSIOp if largest else arith.MinSIOp

    def rule(em: Emit, op, operands):
        (source,) = operands
        axes, keepdims = _axes(op), "keepdims" in op.properties
        element = source.type.element_type
        _assert_nonempty(em, op, source, axes)
        init = _lowest(element) if largest else _highest(element)

        def combine(e: Emit, x, acc):
            return e.binary(float_op if is_float(element) else int_op, x, acc)

        acc = reduce_over(em, source, axes, element, init, combine)
        if acc.type == op.results[0].type:
            return [acc]
        return [finish(em, [acc], axes, keepdims, op.results[0].type, lambda e, x: x)]

    rule.__name__ = f"extreme(largest={largest})"
    return rule


def _lowest(element):
    return float("-inf") if is_float(element) else -(1 << (int_width(element) - 1))


def _highest(element):
    return float("inf") if is_float(element) else (1 << (int_width(element) - 1)) - 1


# -- softmax family: shift by the finite maximum; f64, or f32 exps on f32 --------------------
#
# The kernels compute exp(x - shift) in f64, shift the maximum over the axis where it is
# finite (else 0), and round the result once. On f32 inputs the f64 exp polynomial was
# most of the time (W3), so softmax, log_softmax and softmax_cross_entropy take their
# exps in f32 instead, and softmax takes each exp once:
#
#   peak   = max over the axis, in f32 (maximumf: exact, NaN propagates)
#   offset = (peak if finite else 0) - headroom, in f64 (rounded to f32 where used)
#   e      = exp(x - offset) in f32 (`scaled_exp`): x - offset as hi + lo exactly (the
#            offset rounded to f32, TwoSum), e = exp(hi + lo) by the f32 polynomial
#            with lo added to the reduced argument (|lo| <= 2^-24 |hi|), 0 below
#            exp(-87). All in f32: with the argument in f64 instead (exact, then split)
#            W3 took 30% longer (3.73 against 2.84 ms, one thread), and with the general
#            exp expansion times (1 + lo) 5-15% longer
#   sum    = the e's added in f64 with fastmath<reassoc>
#
# softmax stores the e's in the result's buffer and scales them there by 1/sum (in f64,
# rounded once); log_softmax is (x - offset) - log(sum) and softmax_cross_entropy
# (offset + log(sum)) - picked, in f64 and rounded once, so no exp is taken twice.
#
# softmax's headroom is 44: every e is scaled by e^44, which cancels in e / sum. An e
# that the result keeps (x - peak >= -104: below, the result is 0 in f32) is then a
# normal f32 (x - offset >= -60), so no e is rounded to the subnormal grid before the
# final product, and e <= e^44 ~ 1.3e19 is far from f32's overflow. (The offset is
# rounded to f32: the headroom is 32 to 64 for a peak below 2^30 in magnitude; above,
# it may be 0, but f32 values there are 128 apart, so no element lies 87 to 104 below
# the peak, the range where it mattered: checked on 1.2 million peaks.) The log forms take
# headroom 0, so that the maximum's e is exactly 1 and log(sum) keeps its relative
# accuracy when the sum is close to 1.
# An e below exp(-87) is 0: the result keeps none (x - peak < -119 with the headroom of
# 32 or more; with headroom 0 the log forms' sum is at least 1, beyond f64's reach).
# A row whose maximum is +inf has offset -headroom and exps of x + headroom that f32
# cannot hold: the argument is capped at 88 (the sum is inf anyway, so softmax's 1/sum
# = 0 makes those outputs 0 as in the kernel), and an e is inf exactly where the
# kernel's f64 exp(x) overflows (x > 709.78...), so that those outputs are NaN as in
# the kernel. A NaN propagates through every step; a -inf gives an e of 0.
#
# Accuracy against the interpreter's f64 result rounded once, in ulps (distance in f32
# values), measured on 1.7 million outputs (rows of 5, 64 and 1000 normals with sigma 1
# to 100, and the special rows above): softmax at most 2, mean 0.19 to 0.33, 67-81%
# equal, subnormal results within 1; bound: each e within 1.2 ulps (the polynomial's 1,
# the rounding of r + lo), the sum as close, the final rounding 0.5: 3 ulps. log_softmax and
# softmax_cross_entropy (measured the same way, half the labels the row's maximum):
# the relative error of the sum (<= 1.5 ulps of f32) becomes an absolute error of
# log(sum) below 1.8e-7 (sum - 1) / sum, and both results add two terms of one sign,
# so they stay within 2 ulps (measured 1, mean <= 0.15) where they are at least 1e-6 in
# magnitude. Below (a row's maximum when its sum is within 1e-6 of 1) the f64 sum's
# own rounding decides: within 1.2e-13 absolute, as for the f64 exps, whose sum in
# another order than numpy's pairwise one differs from the kernel's as much.
#
# logsumexp keeps f64 exps: shift + log(sum) may cancel (a negative shift), where an
# absolute error of 1.8e-7 could be a large relative one.

F32_EXP_OVERFLOW = 709.7826538085938  # the largest f32 whose f64 exp is finite
F32_EXP_CAP = 88.0  # exp(88) ~ 1.65e38 is below f32's max
F32_EXP_FLOOR = -87.0  # exp(-87) ~ 1.6e-38 is above f32's smallest normal
SOFTMAX_HEADROOM = 44.0


def _max_wide(e: Emit, x, acc):
    return e.binary(arith.MaximumFOp, e.to_float(x, T.F64), acc)


def _maximum(e: Emit, x, acc):
    return e.binary(arith.MaximumFOp, x, acc)


def _finite_or_zero(e: Emit, value):
    """The kernel's shift: `value` where finite, else 0."""
    ok = e.op(m.IsFiniteOp, [value], T.I1)
    return e.select(ok, value, e.constant(0.0, value.type))


def _offset(headroom: float):
    """The payload of a map from the f32 peak to its f64 offset."""

    def offset(e: Emit, args):
        shift = _finite_or_zero(e, e.to_float(args[0], T.F64))
        if not headroom:
            return shift
        return e.binary(arith.SubFOp, shift, e.constant(headroom, T.F64))

    return offset


def _at_most(e: Emit, value, bound: float):
    """min(value, bound); NaN stays NaN."""
    cap = e.constant(bound, value.type)
    return e.select(e.cmpf("ogt", value, cap), cap, value)


def _at_least(e: Emit, value, bound: float):
    """max(value, bound); NaN stays NaN."""
    floor = e.constant(bound, value.type)
    return e.select(e.cmpf("olt", value, floor), floor, value)


def _two_difference(e: Emit, a, b):
    """(s, t) with s = fl(a - b) and s + t = a - b exactly (Knuth's TwoSum of a and
    -b: six f32 ops, no branch, any order of magnitudes)."""
    s = e.binary(arith.SubFOp, a, b)
    b_virtual = e.binary(arith.SubFOp, s, a)  # -b as s sees it
    a_virtual = e.binary(arith.SubFOp, s, b_virtual)
    a_error = e.binary(arith.SubFOp, a, a_virtual)
    b_error = e.binary(arith.SubFOp, e.unary(arith.NegFOp, b), b_virtual)
    return s, e.binary(arith.AddFOp, a_error, b_error)


def _exp_of_sum(e: Emit, high, low):
    """exp(high + low), |low| <= 2^-24 |high|, for high in [F32_EXP_FLOOR, F32_EXP_CAP]
    (clamped; NaN is the caller's): math-polynomial-approximation's f32 exp, whose
    reduction high = k ln2 + r takes low in as r + low, and one scaling by 2^k, which
    is normal over that range (the general expansion scales in two steps, for results
    in the subnormal range, and handles NaN)."""
    b = poly.FloatBuilder(e.builder, T.F32)
    k, r = poly.reduce_exp(b, high, F32_EXP_FLOOR, F32_EXP_CAP)
    return b.mul(poly.exp_reduced(b, b.add(r, low)), poly.power_of_two(b, k))


def scaled_exp(e: Emit, x, offset, headroom: float):
    """exp(x - offset') as an f32 (see above), offset' = `offset` rounded to f32 (a
    constant of the row, which cancels as the offset does): hi + lo = x - offset'
    exactly; 0 where hi < F32_EXP_FLOOR (-inf included), NaN where x is; inf where the
    kernel's f64 exp(x - offset' - headroom) overflows, which happens only in a row
    whose maximum is +inf (offset' = -headroom, and hi = x + headroom, exact near the
    threshold)."""
    high, low = _two_difference(e, x, e.to_float(offset, T.F32))
    limit = e.constant(F32_EXP_OVERFLOW + headroom, T.F32)
    overflow = e.cmpf("ogt", high, limit)
    tiny = e.cmpf("olt", high, e.constant(F32_EXP_FLOOR, T.F32))
    value = _exp_of_sum(e, high, low)
    value = e.select(e.cmpf("uno", high, high), high, value)
    value = e.select(tiny, e.constant(0.0, T.F32), value)
    return e.select(overflow, e.constant(float("inf"), T.F32), value)


def _offsets(em: Emit, source, axes, headroom: float):
    """The f64 offsets of the kept shape, from the f32 maximum over `axes`."""
    peak = reduce_over(em, source, axes, T.F32, float("-inf"), _maximum)
    sizes = em.sizes(peak)
    return em.map([peak], [identity(len(sizes))], sizes, T.F64, _offset(headroom))


def shifted_sums(em: Emit, source, axes, f32_exps: bool = True):
    """(shift, sum): shift is the maximum over `axes` where finite, else 0 (kernel's
    _finite_max); sum is sum(exp(x - shift)); both f64 tensors of the kept shape. On
    f32 (unless `f32_exps` is false) the exps are `scaled_exp`'s, with no headroom."""
    if f32_exps and source.type.element_type == T.F32:
        shift = _offsets(em, source, axes, 0.0)

        def add_exp(e: Emit, x, s, acc):
            value = e.to_float(scaled_exp(e, x, s, 0.0), T.F64)
            return e.binary(arith.AddFOp, value, acc, REASSOC)

    else:
        peak = reduce_over(em, source, axes, T.F64, float("-inf"), _max_wide)
        sizes = em.sizes(peak)
        shift = em.map([peak], [identity(len(sizes))], sizes, T.F64, _finite)

        def add_exp(e: Emit, x, s, acc):
            shifted = e.binary(arith.SubFOp, e.to_float(x, T.F64), s)
            return e.binary(arith.AddFOp, e.unary(m.ExpOp, shifted), acc, REASSOC)

    total = reduce_over(em, source, axes, T.F64, 0.0, add_exp, [shift])
    return shift, total


def _finite(e: Emit, args):
    return _finite_or_zero(e, args[0])


def _logsumexp_wide(em: Emit, source, axes, keepdims: bool, result_type):
    shift, total = shifted_sums(em, source, axes, f32_exps=False)

    def combine(e: Emit, s, t):
        return e.to_float(e.binary(arith.AddFOp, e.unary(m.LogOp, t), s), result_type.element_type)

    return finish(em, [shift, total], axes, keepdims, result_type, combine)


def _logsumexp(em: Emit, op, operands):
    (source,) = operands
    result_type = op.results[0].type
    return [_logsumexp_wide(em, source, _axes(op), "keepdims" in op.properties, result_type)]


def normalize(function):
    """softmax and log_softmax: `function(emit, x - shift, sum)` per element, in f64."""

    def rule(em: Emit, op, operands):
        (source,) = operands
        axis, rank = int_prop(op, "axis"), source.type.rank
        shift, total = shifted_sums(em, source, (axis,))
        kept = dims_map(rank, [d for d in range(rank) if d != axis])
        element = source.type.element_type

        def body(e: Emit, args):
            x, s, t = args
            shifted = e.binary(arith.SubFOp, e.to_float(x, T.F64), s)
            return e.to_float(function(e, shifted, t), element)

        maps = [identity(rank), kept, kept]
        return [em.map([source, shift, total], maps, em.sizes(source), element, body)]

    rule.__name__ = f"normalize({function.__name__})"
    return rule


def _softmax(e: Emit, shifted, total):
    return e.binary(arith.DivFOp, e.unary(m.ExpOp, shifted), total)


def _log_softmax(e: Emit, shifted, total):
    return e.binary(arith.SubFOp, shifted, e.unary(m.LogOp, total))


def _scale(e: Emit, args):
    """value * (1 / total) in f64, rounded once (1 / total is hoisted out of the row)."""
    total, value = args
    inverse = e.binary(arith.DivFOp, e.constant(1.0, T.F64), total)
    product = e.binary(arith.MulFOp, e.to_float(value, T.F64), inverse)
    return [e.to_float(product, value.type)]


def softmax_f32(em: Emit, op, operands):
    """An f32 softmax with one f32 exp per element, written into the result's buffer
    and scaled there (see above)."""
    (source,) = operands
    axis, rank = int_prop(op, "axis"), source.type.rank
    kept = dims_map(rank, [d for d in range(rank) if d != axis])
    offset = _offsets(em, source, (axis,), SOFTMAX_HEADROOM)

    def exp(e: Emit, args):
        return scaled_exp(e, *args, SOFTMAX_HEADROOM)

    exps = em.map([source, offset], [identity(rank), kept], em.sizes(source), T.F32, exp)
    total = reduce_over(em, exps, (axis,), T.F64, 0.0, _add)
    iterators = ["parallel"] * rank
    return em.generic([total], [exps], [kept, identity(rank)], iterators, _scale)


def softmax(em: Emit, op, operands):
    """f32: `softmax_f32`; other floats: exp(x - shift) / sum in f64, rounded once."""
    if op.operands[0].type.element_type == T.F32:
        return softmax_f32(em, op, operands)
    return normalize(_softmax)(em, op, operands)


# -- argmax -------------------------------------------------------------------------------------


def _argmax(em: Emit, op, operands):
    """The first index of the maximum; a NaN counts as the maximum (the first NaN)."""
    (source,) = operands
    axis, rank = int_prop(op, "axis"), source.type.rank
    element = source.type.element_type
    _assert_nonempty(em, op, source, (axis,))
    sizes = em.sizes(source)
    kept = [d for d in range(rank) if d != axis]
    best = em.filled([sizes[d] for d in kept], element, _lowest(element))
    where = em.filled([sizes[d] for d in kept], T.I64, 0)
    kept_map = dims_map(rank, kept)
    iterators = ["reduction" if d == axis else "parallel" for d in range(rank)]

    def body(e: Emit, args):
        x, top, index = args
        if is_float(element):
            greater = e.cmpf("ogt", x, top)
            first_nan = e.binary(arith.AndIOp, e.cmpf("uno", x, x), e.cmpf("ord", top, top))
            take = e.binary(arith.OrIOp, greater, first_nan)
        else:
            take = e.cmpi("sgt", x, top)
        here = e.index_to(e.loop_index(axis), T.I64)
        return [e.select(take, x, top), e.select(take, here, index)]

    maps = [identity(rank), kept_map, kept_map]
    _, found = em.generic([source], [best, where], maps, iterators, body)
    if "keepdims" not in op.properties:
        return [found]
    return [finish(em, [found], (axis,), True, op.results[0].type, lambda e, x: x)]


# -- losses ---------------------------------------------------------------------------------------


def assert_in_range(em: Emit, values, bound, message: str, inclusive: bool = False) -> None:
    """cf.assert that every integer of `values` lies in 0..bound-1 (0..bound when
    `inclusive`): a reduction to one i1 over all of them."""
    limit = em.op(arith.IndexCastOp, [em.size_value(bound)], T.I64)
    below = "sle" if inclusive else "slt"

    def in_range(e: Emit, value, acc):
        wide = to_i64(e, value)
        low = e.cmpi("sge", wide, e.constant(0, T.I64))
        high = e.cmpi(below, wide, limit)
        return e.binary(arith.AndIOp, acc, e.binary(arith.AndIOp, low, high))

    ok = reduce_over(em, values, tuple(range(values.type.rank)), T.I1, 1, in_range)
    flag = em.insert(tensor.ExtractOp.build(ok, [])).results[0]
    em.assert_true(flag, message)


def check_labels(em: Emit, op, scores, labels) -> None:
    """Labels of the scores' leading shape, each in 0..C-1 (C the last size)."""
    rows = scores.type.rank - 1
    for axis in range(rows):
        em.assert_equal(
            em.size(labels, axis), em.size(scores, axis),
            f"'{op.name}' labels dimension {axis} must equal scores dimension {axis}",
        )  # fmt: skip
    classes = em.size(scores, rows)
    message = f"'{op.name}' a label is out of range 0..C-1 (C = the scores' last size)"
    assert_in_range(em, labels, classes, message)


def picked_losses(em: Emit, op, scores, labels, function, extras=()):
    """f64 losses of the labels' shape: `function(emit, picked score, *extras)`, the
    picked score being scores[..., label] (widened to f64)."""
    rank = labels.type.rank

    def body(e: Emit, args):
        label, *rest = args
        indices = [e.loop_index(d) for d in range(rank)]
        column = e.op(arith.IndexCastOp, [to_i64(e, label)], T.INDEX)
        value = e.insert(tensor.ExtractOp.build(scores, [*indices, column])).results[0]
        return function(e, e.to_float(value, T.F64), *rest)

    maps = [identity(rank)] * (1 + len(extras))
    return em.map([labels, *extras], maps, em.sizes(labels), T.F64, body)


def reduced_loss(em: Emit, op, losses):
    """`reduction`: none keeps the losses, sum adds them, mean divides by their number;
    rounded once to the result's element type."""
    element = op.results[0].type.element_type
    rounder = _rounder(element)
    kind = op.properties["reduction"].value
    axes = tuple(range(losses.type.rank))
    if kind == "none":
        return finish(em, [losses], (), False, op.results[0].type, rounder)
    total = reduce_over(em, losses, axes, T.F64, 0.0, _add)
    if kind == "sum":
        return finish(em, [total], axes, False, op.results[0].type, rounder)
    count = _count(em, losses, axes)

    def mean(e: Emit, value):
        return rounder(e, e.binary(arith.DivFOp, value, count))

    return finish(em, [total], axes, False, op.results[0].type, mean)


def _cross_entropy(em: Emit, op, operands):
    probs, labels = operands
    check_labels(em, op, probs, labels)

    def negative_log(e: Emit, p):
        return e.unary(arith.NegFOp, e.unary(m.LogOp, p))

    return [reduced_loss(em, op, picked_losses(em, op, probs, labels, negative_log))]


def _softmax_cross_entropy(em: Emit, op, operands):
    logits, labels = operands
    check_labels(em, op, logits, labels)
    last = logits.type.rank - 1
    shift, total = shifted_sums(em, logits, (last,))

    def loss(e: Emit, picked, s, t):
        lse = e.binary(arith.AddFOp, e.unary(m.LogOp, t), s)
        return e.binary(arith.SubFOp, lse, picked)

    losses = picked_losses(em, op, logits, labels, loss, [shift, total])
    return [reduced_loss(em, op, losses)]


# -- matmul -------------------------------------------------------------------------------------


def _contraction(e: Emit, args):
    a, b, acc = args
    if is_float(acc.type):
        a, b = e.to_float(a, acc.type), e.to_float(b, acc.type)
        return [e.binary(arith.AddFOp, acc, e.binary(arith.MulFOp, a, b))]
    return [e.binary(arith.AddIOp, acc, e.binary(arith.MulIOp, a, b))]


def _matmul_sizes(em: Emit, op, a, b) -> list:
    """The result's sizes (batch..., rows, columns), asserting the contracted sizes
    equal and the `?` batch sizes equal (see broadcast_sizes)."""
    ta, tb = "transpose_a" in op.properties, "transpose_b" in op.properties
    a_sizes, b_sizes = em.sizes(a), em.sizes(b)
    rows, inner_a = (a_sizes[-1], a_sizes[-2]) if ta else (a_sizes[-2], a_sizes[-1])
    inner_b, columns = (b_sizes[-1], b_sizes[-2]) if tb else (b_sizes[-2], b_sizes[-1])
    message = f"'{op.name}' contracted sizes of operand #0 and operand #1 must be equal"
    em.assert_equal(inner_a, inner_b, message)
    batch_shape = op.results[0].type.shape[:-2]
    ranks = [a.type.rank - 2, b.type.rank - 2]
    return [*broadcast_sizes(em, op.name, [a, b], batch_shape, ranks), rows, columns]


def _matmul_maps(op, a, b) -> list:
    """Loops (batch..., m, n, k): a reads (batch, m, k), b (batch, k, n), transposed
    under the flags; a stretched size-1 batch dimension reads 0."""
    batch_shape = op.results[0].type.shape[:-2]
    batch = len(batch_shape)
    loops, m_, n_, k_ = batch + 3, batch, batch + 1, batch + 2
    a_batch = broadcast_results(a.type.shape[:-2], batch_shape)
    b_batch = broadcast_results(b.type.shape[:-2], batch_shape)
    a_mk = (k_, m_) if "transpose_a" in op.properties else (m_, k_)
    b_kn = (n_, k_) if "transpose_b" in op.properties else (k_, n_)
    return [
        dims_map(loops, [*a_batch, *a_mk]),
        dims_map(loops, [*b_batch, *b_kn]),
        dims_map(loops, [*range(batch), m_, n_]),
    ]


def matmul_accumulator(element: T.Type) -> T.Type:
    """What a product accumulates in: f32 and f64 in themselves, as BLAS and numpy do
    (so that the kernel runs at the machine's full vector width, in any order of the
    sum: a result may differ from the interpreter's f64 sum by float32 rounding of
    the partial sums), narrower floats in f32, integers in their own type (wrapping)."""
    if is_float(element) and float_width(element) < 32:
        return T.F32
    return element


def _stack_times_matrix(em: Emit, op, a, b, sizes, accumulator: T.Type):
    """A stack of matrices times one matrix (a dense layer over a sequence): the stack's
    rows collapsed into one matrix, one linalg.matmul, the result expanded back."""
    groups = [list(range(a.type.rank - 1)), [a.type.rank - 1]]
    rows = em.insert(tensor.CollapseShapeOp.build(a, groups)).results[0]
    out = em.filled([em.size(rows, 0), sizes[-1]], accumulator, 0)
    b_map = (1, 2) if "transpose_b" in op.properties else (2, 1)
    maps = [dims_map(3, [0, 2]), dims_map(3, list(b_map)), dims_map(3, [0, 1])]
    named = linalg.MatmulOp.build([rows, b], [out], em.location)
    named.properties["indexing_maps"] = A.ArrayAttr(A.AffineMapAttr(m) for m in maps)
    flat = em.insert(named).results[0]
    return em.insert(tensor.ExpandShapeOp.build(flat, groups, sizes)).results[0]


def _matmul(em: Emit, op, operands):
    """linalg.matmul (its maps carry the transposes); a stack of matrices times one matrix
    as one linalg.matmul over the stack's rows; linalg.batch_matmul (one batch dimension,
    no transposes, no broadcasting); else a contraction generic. Into an accumulator of
    `matmul_accumulator`'s type, rounded once where that is wider."""
    a, b = operands
    result_type = op.results[0].type
    element = result_type.element_type
    accumulator = matmul_accumulator(element)
    sizes = _matmul_sizes(em, op, a, b)
    maps = _matmul_maps(op, a, b)
    batch = result_type.rank - 2
    if batch and b.type.rank == 2 and "transpose_a" not in op.properties:
        product = _stack_times_matrix(em, op, a, b, sizes, accumulator)
    elif batch == 0:
        out = em.filled(sizes, accumulator, 0)
        named = linalg.MatmulOp.build([a, b], [out], em.location)
        named.properties["indexing_maps"] = A.ArrayAttr(A.AffineMapAttr(m) for m in maps)
        product = em.insert(named).results[0]
    elif maps == linalg.BatchMatmulOp.default_maps([]) and a.type.rank == b.type.rank == 3:
        out = em.filled(sizes, accumulator, 0)
        product = em.insert(linalg.BatchMatmulOp.build([a, b], [out], em.location)).results[0]
    else:
        out = em.filled(sizes, accumulator, 0)
        iterators = ["parallel"] * (batch + 2) + ["reduction"]
        product = em.generic([a, b], [out], maps, iterators, _contraction)[0]
    if product.type == result_type:
        return [product]
    return [finish(em, [product], (), False, result_type, _rounder(element))]


RULES = {
    nn.MatmulOp: _matmul,
    nn.ReduceSumOp: accumulate(0.0, _add),
    nn.ReduceMeanOp: _mean,
    nn.ReduceMaxOp: extreme(largest=True),
    nn.ReduceMinOp: extreme(largest=False),
    nn.ReduceProdOp: accumulate(1.0, _mul),
    nn.LogsumexpOp: _logsumexp,
    nn.ArgmaxOp: _argmax,
    nn.SoftmaxOp: softmax,
    nn.LogSoftmaxOp: normalize(_log_softmax),
    nn.CrossEntropyOp: _cross_entropy,
    nn.SoftmaxCrossEntropyOp: _softmax_cross_entropy,
}
