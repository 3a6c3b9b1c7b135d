"""nn's random ops: keys become `tensor<2xi32>` (the two uint32 words of irc/runtime/
philox.py, as i32 bit patterns) and the Philox rounds are emitted as arith ops by
`philox.ArithWords`, so the lowered program computes the interpreter's bits.

Draws are a linalg.generic over the result: element n (row-major, from linalg.index)
reads the words of its Philox block at counter (j low, j high, 0, DRAW) and converts
them as irc/runtime/philox.py does (uniform: exact scaling of the top p bits; bernoulli:
u < p; normal: Box-Muller, in f64 for f64 results, in f32 for f16 and f32 results, where
the interpreter computes in f64 and rounds once: they agree to a few ulps, as nn's
documentation allows). A key that is a function argument or result stays
a `!nn.key` (its calling convention is not lowered): the op that reads it is reported.
irc.jit first turns key parameters into seeds (`nn.random_key %seed`, see
irc/runtime/keys.py), so compiled functions take keys.
"""

from __future__ import annotations

import math

import numpy as np

from irc.dialects import arith, tensor
from irc.dialects import math as m
from irc.dialects.nn import random as nn
from irc.ir import attributes as A
from irc.ir import types as T
from irc.lowering.nn_to_linalg.common import DYN, Emit, Unsupported, identity
from irc.runtime import philox

KEY = T.TensorType((2,), T.I32)
PRECISION = {"f16": 11, "f32": 24, "f64": 53}


# -- words ------------------------------------------------------------------------------------


def _i32(em: Emit, value: int):
    return em.constant(A.normalize_int(value, T.I32), T.I32)


def check_key(key) -> None:
    """The key must be a lowered one (tensor<2xi32>), not a `!nn.key` argument."""
    if key.type != KEY:
        raise Unsupported(
            "its key is a !nn.key from outside the lowered ops (a function argument?); "
            "the calling convention for keys is not lowered"
        )


def key_words(em: Emit, key) -> tuple:
    return tuple(em.insert(tensor.ExtractOp.build(key, [em.index(i)])).results[0] for i in (0, 1))


def block(em: Emit, counter, key_pair) -> tuple:
    """Philox-4x32-10 of four i32 counter words under two key words."""
    return philox.philox(philox.ArithWords(em.builder), counter, key_pair)


def _halves(em: Emit, value64):
    """(low, high) i32 words of an i64."""
    low = em.op(arith.TruncIOp, [value64], T.I32)
    shifted = em.binary(arith.ShRUIOp, value64, em.constant(32, T.I64))
    return low, em.op(arith.TruncIOp, [shifted], T.I32)


def _key_tensor(em: Emit, pair):
    built = tensor.FromElementsOp.build(list(pair), KEY)
    return em.insert(built).results[0]


def derived_key(em: Emit, key, data64, purpose: int):
    """Words 0 and 1 of the block at counter (data low, data high, 0, purpose)."""
    low, high = _halves(em, data64)
    words = block(em, (low, high, _i32(em, 0), _i32(em, purpose)), key_words(em, key))
    return _key_tensor(em, words[:2])


# -- keys -------------------------------------------------------------------------------------


def _random_key(em: Emit, op, operands):
    if operands:
        seed = em.insert(tensor.ExtractOp.build(operands[0], [])).results[0]
        if seed.type is not T.I64:
            seed = em.op(arith.ExtSIOp, [seed], T.I64)
        return [_key_tensor(em, _halves(em, seed))]
    words = philox.key_from_seed(op.properties["seed"].value).view("int32")
    value = A.DenseElementsAttr(KEY, words)
    return [em.op(arith.ConstantOp, [], KEY, value=value)]


def _split(em: Emit, op, operands):
    (key,) = operands
    check_key(key)
    return [
        derived_key(em, key, em.constant(i, T.I64), philox.SPLIT) for i in range(len(op.results))
    ]


def _fold(em: Emit, op, operands):
    key, data = operands
    check_key(key)
    value = em.insert(tensor.ExtractOp.build(data, [])).results[0]
    if value.type is not T.I64:
        value = em.op(arith.ExtSIOp, [value], T.I64)
    return [derived_key(em, key, value, philox.FOLD)]


# -- draws ------------------------------------------------------------------------------------


def _flat_index(e: Emit, sizes):
    """Element n of the flattened result (row-major), as an i64."""
    total = None
    for d, size in enumerate(sizes):
        here = e.loop_index(d)
        if total is None:
            total = here
            continue
        total = e.binary(arith.AddIOp, e.binary(arith.MulIOp, total, e.size_value(size)), here)
    return e.op(arith.IndexCastOp, [total], T.I64) if total is not None else e.constant(0, T.I64)


def _draw_block(e: Emit, key_pair, j):
    """The four words of draw block j (an i64)."""
    low, high = _halves(e, j)
    return block(e, (low, high, _i32(e, 0), _i32(e, philox.DRAW)), key_pair)


def _pick(e: Emit, words, which):
    """words[which] for an i64 `which` in 0..len(words)-1."""
    chosen = words[-1]
    for position in range(len(words) - 2, -1, -1):
        here = e.cmpi("eq", which, e.constant(position, T.I64))
        chosen = e.select(here, words[position], chosen)
    return chosen


def _word_run(e: Emit, key_pair, first, count: int):
    """`count` consecutive stream words from word `first` (an i64), when they lie in one
    block (count divides 4 and first is a multiple of count)."""
    j = e.binary(arith.ShRUIOp, first, e.constant(2, T.I64))
    words = _draw_block(e, key_pair, j)
    if count == 4:
        return list(words)
    offset = e.binary(arith.AndIOp, first, e.constant(3, T.I64))
    group = e.binary(arith.DivUIOp, offset, e.constant(count, T.I64))
    pieces = [words[i : i + count] for i in range(0, 4, count)]
    return [_pick(e, [piece[k] for piece in pieces], group) for k in range(count)]


def _joined(e: Emit, low, high):
    """The i64 of two i32 words (low first)."""
    wide_low = e.op(arith.ExtUIOp, [low], T.I64)
    wide_high = e.op(arith.ExtUIOp, [high], T.I64)
    shifted = e.binary(arith.ShLIOp, wide_high, e.constant(32, T.I64))
    return e.binary(arith.OrIOp, shifted, wide_low)


def _times(e: Emit, n, factor: int):
    return e.binary(arith.MulIOp, n, e.constant(factor, T.I64))


def _uniform_value(e: Emit, words, precision: int):
    """An exact f64 in [0, 1) from one word (p <= 32) or two (low, high; p = 53)."""
    if precision <= 32:
        top = e.binary(arith.ShRUIOp, words[0], _i32(e, 32 - precision))
        integer = e.op(arith.ExtUIOp, [top], T.I64)
    else:
        integer = e.binary(arith.ShRUIOp, _joined(e, *words), e.constant(64 - precision, T.I64))
    value = e.op(arith.UIToFPOp, [integer], T.F64)
    return e.binary(arith.MulFOp, value, e.constant(2.0**-precision, T.F64))


def _bits(e: Emit, key_pair, n, element):
    if element is T.I32:
        return _word_run(e, key_pair, n, 1)[0]
    low, high = _word_run(e, key_pair, _times(e, n, 2), 2)
    return _joined(e, low, high)


def _uniform(e: Emit, key_pair, n, element):
    precision = PRECISION[str(element)]
    count = 1 if precision <= 32 else 2
    words = _word_run(e, key_pair, _times(e, n, count), count)
    return e.to_float(_uniform_value(e, words, precision), element)


def _normal(e: Emit, key_pair, n, element):
    """sqrt(-2 log1p(-u[2n])) * cos(2 pi u[2n + 1]): in f64, rounded once, from the f64
    stream (words 4n .. 4n + 3) for f64 results; in f32 from the f32 stream (words 2n,
    2n + 1) for f16 and f32 results, so that math-polynomial-approximation expands log1p
    and sin and the loop vectorizes."""
    if element is not T.F64:
        return e.to_float(_normal_f32(e, key_pair, n), element)
    words = _word_run(e, key_pair, _times(e, n, 4), 4)
    first, second = (_uniform_value(e, words[i : i + 2], 53) for i in (0, 2))
    log = e.unary(m.Log1pOp, e.unary(arith.NegFOp, first))
    radius = e.unary(m.SqrtOp, e.binary(arith.MulFOp, e.constant(-2.0, T.F64), log))
    angle = e.binary(arith.MulFOp, e.constant(2.0 * math.pi, T.F64), second)
    return e.binary(arith.MulFOp, radius, e.unary(m.CosOp, angle))


TWO_PI_HI = float(np.float32(2.0 * math.pi))
TWO_PI_LO = float(np.float32(2.0 * math.pi - TWO_PI_HI))


def _uniform_f32(e: Emit, word):
    """u in [0, 1) from the top 24 bits of a word, exactly in f32."""
    top = e.binary(arith.ShRUIOp, word, _i32(e, 8))
    value = e.op(arith.UIToFPOp, [top], T.F32)
    return e.binary(arith.MulFOp, value, e.constant(2.0**-24, T.F32))


def _normal_f32(e: Emit, key_pair, n):
    """The f32 Box-Muller, within a few ulps of the f64 one rounded. cos(2 pi u) is taken
    as sin(2 pi z) with z = 1/4 - u, or -1/2 - z when that is below -1/4: z is exact (u is
    a multiple of 2^-24) and |2 pi z| <= pi/2, so the angle's rounding is relative to a
    small angle and no ulp of 2 pi u is lost where the cosine is near 0."""
    words = _word_run(e, key_pair, _times(e, n, 2), 2)
    first, second = (_uniform_f32(e, word) for word in words)
    log = e.unary(m.Log1pOp, e.unary(arith.NegFOp, first))
    radius = e.unary(m.SqrtOp, e.binary(arith.MulFOp, e.constant(-2.0, T.F32), log))
    z = e.binary(arith.SubFOp, e.constant(0.25, T.F32), second)
    folded = e.binary(arith.SubFOp, e.constant(-0.5, T.F32), z)
    z = e.select(e.cmpf("olt", z, e.constant(-0.25, T.F32)), folded, z)
    low = e.binary(arith.MulFOp, e.constant(TWO_PI_LO, T.F32), z)
    angle = e.op(m.FmaOp, [e.constant(TWO_PI_HI, T.F32), z, low], T.F32)
    return e.binary(arith.MulFOp, radius, e.unary(m.SinOp, angle))


def draw(convert):
    """A draw over the result's shape (`?` sizes from the `like` operand)."""

    def rule(em: Emit, op, operands):
        key = operands[0]
        check_key(key)
        result = op.results[0].type
        like = operands[1] if len(operands) > 1 else None
        sizes = [s if s != DYN else em.size(like, d) for d, s in enumerate(result.shape)]
        key_pair = key_words(em, key)
        element = result.element_type

        def body(e: Emit, args):
            return convert(e, key_pair, _flat_index(e, sizes), element)

        return [em.map([], [], sizes, element, body)]

    rule.__name__ = f"draw({convert.__name__})"
    return rule


def _bernoulli(em: Emit, op, operands):
    """u[n] < p[n] with p widened exactly to the stream's type (f32, or f64)."""
    key, p = operands
    check_key(key)
    element = op.results[0].type.element_type
    stream = T.F64 if p.type.element_type is T.F64 else T.F32
    sizes = em.sizes(p)
    key_pair = key_words(em, key)

    def body(e: Emit, args):
        (probability,) = args
        u = _uniform(e, key_pair, _flat_index(e, sizes), stream)
        below = e.cmpf("olt", u, e.to_float(probability, stream))
        if element is T.I1:
            return below
        return e.select(below, e.constant(1.0, element), e.constant(0.0, element))

    rank = p.type.rank
    return [em.map([p], [identity(rank)], sizes, element, body)]


RULES = {
    nn.RandomKeyOp: _random_key,
    nn.RandomSplitOp: _split,
    nn.RandomFoldOp: _fold,
    nn.RandomBitsOp: draw(_bits),
    nn.RandomUniformOp: draw(_uniform),
    nn.RandomNormalOp: draw(_normal),
    nn.RandomBernoulliOp: _bernoulli,
}
