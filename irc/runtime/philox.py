"""Philox-4x32-10, the counter-based generator behind the nn dialect's random ops.

Philox (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3",
SC 2011) maps a 128-bit counter and a 64-bit key to 128 random bits with ten rounds of
32-bit multiplies, xors and additions. Nothing is stateful: the numbers of a tensor are a
function of the key and of each element's position, which is what lets the interpreter,
the CPU and the GPU produce the same bits.

The rounds are written once, in `philox`, over a small word-arithmetic interface
(`constant`, `mul_extended`, `xor`, `add`). `NumpyWords` runs them on uint32 arrays (the
interpreter); `ArithWords` emits them as `arith.mului_extended`, `arith.xori` and
`arith.addi` on i32 values (compiled code). docs/random.md states the layout of counters
and keys and the conversions to floats that this module implements.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# -- the algorithm ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Constants:
    """One Philox variant: word width, round multipliers and the key's Weyl increments."""

    width: int
    multipliers: tuple[int, int]
    weyl: tuple[int, int]


PHILOX_4X32 = Constants(32, (0xD2511F53, 0xCD9E8D57), (0x9E3779B9, 0xBB67AE85))
PHILOX_4X64 = Constants(
    64, (0xD2E7470EE14C6C93, 0xCA5A826395121157), (0x9E3779B97F4A7C15, 0xBB67AE8584CAA73B)
)
ROUNDS = 10


def philox(words, counter, key, constants: Constants = PHILOX_4X32, rounds: int = ROUNDS):
    """The Philox-4xW block function: four counter words and two key words (values of
    `words`' arithmetic) to four output words.

    Each round multiplies counter words 0 and 2 by the two multipliers to double width,
    then (hi, lo below) forms
        (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0);
    between rounds the key words grow by the Weyl constants (wrapping)."""
    m0, m1 = (words.constant(m) for m in constants.multipliers)
    w0, w1 = (words.constant(w) for w in constants.weyl)
    c0, c1, c2, c3 = counter
    k0, k1 = key
    for index in range(rounds):
        if index:
            k0, k1 = words.add(k0, w0), words.add(k1, w1)
        lo0, hi0 = words.mul_extended(m0, c0)
        lo1, hi1 = words.mul_extended(m1, c2)
        c0, c1, c2, c3 = (
            words.xor(words.xor(hi1, c1), k0),
            lo1,
            words.xor(words.xor(hi0, c3), k1),
            lo0,
        )
    return c0, c1, c2, c3


class NumpyWords:
    """32-bit word arithmetic on numpy uint32 arrays (scalars broadcast)."""

    @staticmethod
    def constant(value: int) -> np.ndarray:
        return np.asarray(value, dtype=np.uint32)

    @staticmethod
    def mul_extended(a, b) -> tuple[np.ndarray, np.ndarray]:
        """(low, high) 32-bit halves of the 64-bit product."""
        wide = np.asarray(a, dtype=np.uint64) * np.asarray(b, dtype=np.uint64)
        return wide.astype(np.uint32), (wide >> np.uint64(32)).astype(np.uint32)

    @staticmethod
    def xor(a, b) -> np.ndarray:
        return np.bitwise_xor(a, b)

    @staticmethod
    def add(a, b) -> np.ndarray:
        return np.add(a, b, dtype=np.uint32)  # wraps at 2^32


class ArithWords:
    """32-bit word arithmetic emitted as arith ops through an `irc.ir.builder.Builder`, on
    `word_type`: i32, or a vector or tensor of i32 for many counters at once (signless i32
    holds the uint32 bit pattern; constants are splats)."""

    def __init__(self, builder, word_type=None) -> None:
        from irc.dialects import arith
        from irc.ir import types as T

        self.arith = arith
        self.builder = builder
        self.word_type = word_type or T.I32

    def constant(self, value: int):
        from irc.ir import attributes as A
        from irc.ir import types as T

        if isinstance(self.word_type, T.ShapedType):
            word = A.normalize_int(value, T.I32)
            attr = A.DenseElementsAttr(self.word_type, np.array([word]), splat=True)
        else:
            attr = A.IntegerAttr(value, T.I32)
        op = self.builder.create(self.arith.ConstantOp, [], [self.word_type], {"value": attr})
        return op.results[0]

    def mul_extended(self, a, b):
        op = self.builder.create(self.arith.MulUIExtendedOp, [a, b], [a.type, a.type])
        return op.results[0], op.results[1]

    def xor(self, a, b):
        return self.builder.create(self.arith.XOrIOp, [a, b], [a.type]).results[0]

    def add(self, a, b):
        return self.builder.create(self.arith.AddIOp, [a, b], [a.type]).results[0]


def block_numpy(counter, key) -> np.ndarray:
    """Philox-4x32-10 of uint32 counters (four arrays of one shape) under one key
    (two words): the output words stacked on a last axis of 4."""
    counter = [np.asarray(c, dtype=np.uint32) for c in counter]
    key = [np.asarray(k, dtype=np.uint32) for k in key]
    return np.stack(philox(NumpyWords, counter, key), axis=-1)


# -- keys ---------------------------------------------------------------------------------------

MASK32 = 0xFFFFFFFF
DRAW, SPLIT, FOLD = 0, 1, 2
"""Counter word 3 says what a block is for, so that draws, splits and folds of one key
never use the same counter."""


def key_from_seed(seed: int) -> np.ndarray:
    """The key of a seed: its 64-bit two's complement as (low word, high word)."""
    seed = int(seed)
    return np.array([seed & MASK32, (seed >> 32) & MASK32], dtype=np.uint32)


def _derived_key(key, word0: int, word1: int, purpose: int) -> np.ndarray:
    return block_numpy((word0, word1, 0, purpose), key)[:2].copy()


def split(key, count: int) -> list[np.ndarray]:
    """`count` new keys: key i is words 0 and 1 of the block at counter (i, 0, 0, SPLIT)."""
    return [_derived_key(key, i & MASK32, i >> 32, SPLIT) for i in range(count)]


def fold(key, data: int) -> np.ndarray:
    """A key from `key` and an integer: words 0 and 1 of the block at counter
    (low, high, 0, FOLD), where low/high are the 64-bit two's complement of `data`."""
    data = int(data)
    return _derived_key(key, data & MASK32, (data >> 32) & MASK32, FOLD)


def key_argument(value) -> np.ndarray:
    """What Python may pass for a `!nn.key`: an int seed (as `nn.random_key` takes it)
    or two words (a uint32 array of shape (2,), or integers in [0, 2^32))."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError("a key is an int seed or 2 uint32 words, got a bool")
    if isinstance(value, (int, np.integer)):
        return key_from_seed(value)
    array = np.asarray(value)
    if array.shape != (2,) or array.dtype.kind not in "iu":
        raise TypeError(
            "a key is an int seed or 2 uint32 words (a uint32 array of shape (2,)), got "
            f"{array.dtype} of shape {array.shape}"
        )
    if (array.dtype.kind == "i" and array.min() < 0) or array.max() > MASK32:
        raise ValueError("key words must lie in [0, 2^32)")
    return array.astype(np.uint32)


# -- the stream of words a draw reads -------------------------------------------------------------


def words(key, count: int) -> np.ndarray:
    """The first `count` words of `key`'s draw stream: word n is word n % 4 of the block at
    counter (j & 0xffffffff, j >> 32, 0, DRAW) with j = n // 4."""
    blocks = -(-count // 4)
    index = np.arange(blocks, dtype=np.uint64)
    low = (index & np.uint64(MASK32)).astype(np.uint32)
    high = (index >> np.uint64(32)).astype(np.uint32)
    zero = np.zeros(blocks, dtype=np.uint32)
    return block_numpy((low, high, zero, zero + DRAW), key).reshape(-1)[:count]


def bits(key, shape, dtype) -> np.ndarray:
    """Raw bits: an int32 element is one word; an int64 element n is words 2n (low half)
    and 2n + 1 (high half)."""
    count = int(np.prod(shape, dtype=np.int64))
    dtype = np.dtype(dtype)
    if dtype.itemsize == 4:
        return words(key, count).view(np.int32).reshape(shape)
    pairs = words(key, 2 * count).reshape(-1, 2).astype(np.uint64)
    joined = pairs[:, 0] | (pairs[:, 1] << np.uint64(32))
    return joined.view(np.int64).reshape(shape)


# -- floats ---------------------------------------------------------------------------------------

PRECISION = {np.dtype(np.float16): 11, np.dtype(np.float32): 24, np.dtype(np.float64): 53}
"""Bits of a uniform draw: the significand precision of its type."""


def uniform(key, shape, dtype) -> np.ndarray:
    """Floats in [0, 1): for f16 and f32, element n is (word n >> (32 - p)) * 2^-p with p
    the precision (11, 24); for f64, the top 53 bits of the 64-bit (word 2n + 1, word 2n)
    times 2^-53. Each value is exact, so every backend gives the same bits; 1.0 never
    occurs."""
    dtype = np.dtype(dtype)
    count = int(np.prod(shape, dtype=np.int64))
    precision = PRECISION[dtype]
    if precision <= 32:
        integers = words(key, count) >> np.uint32(32 - precision)
    else:
        integers = bits(key, (count,), np.int64).view(np.uint64) >> np.uint64(64 - precision)
    scaled = integers.astype(np.float64) * 2.0**-precision
    return scaled.astype(dtype).reshape(shape)


def normal(key, shape, dtype) -> np.ndarray:
    """Standard normal floats by Box-Muller: element n is
    sqrt(-2 log(1 - u[2n])) * cos(2 pi u[2n + 1]) with u the f32 uniform stream (f16, f32
    results) or the f64 one (f64 results), computed in f64 and rounded once."""
    dtype = np.dtype(dtype)
    count = int(np.prod(shape, dtype=np.int64))
    wide = np.float64 if dtype == np.float64 else np.float32
    u = uniform(key, (2 * count,), wide).astype(np.float64)
    radius = np.sqrt(-2.0 * np.log1p(-u[0::2]))
    return (radius * np.cos(2.0 * np.pi * u[1::2])).astype(dtype).reshape(shape)


def bernoulli(key, p: np.ndarray) -> np.ndarray:
    """True where u < p, with u the uniform f32 stream (f16, f32 p) or f64 stream (f64 p)
    of p's shape and p widened exactly to that type: p <= 0 never, p >= 1 always."""
    p = np.asarray(p)
    wide = np.float64 if p.dtype == np.float64 else np.float32
    return uniform(key, p.shape, wide) < p.astype(wide)
