"""nn's random ops: the Philox generator against its specification, the arith form of its
rounds against the numpy form, the counter layout and float conversions, statistics of
the draws, and the independence of split and folded keys."""

from __future__ import annotations

import numpy as np
import pytest

import irc
from irc.ir.builder import Builder, InsertionPoint
from irc.runtime import philox
from irc.runtime.interpreter import run
from tests.dialects.helpers import error_of, interpret

# -- the generator against its specification --------------------------------------------------

# Random123 tests/kat_vectors, the `philox4x32 10` and `philox4x64 10` lines:
# counter (4 words), key (2 words), expected output (4 words).
KAT_4X32 = [
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((0xFFFFFFFF,) * 4, (0xFFFFFFFF,) * 2, (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    (
        (0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344),
        (0xA4093822, 0x299F31D0),
        (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1),
    ),
]
KAT_4X64 = [
    (
        (0, 0, 0, 0),
        (0, 0),
        (0x16554D9ECA36314C, 0xDB20FE9D672D0FDC, 0xD7E772CEE186176B, 0x7E68B68AEC7BA23B),
    ),
    (
        (0xFFFFFFFFFFFFFFFF,) * 4,
        (0xFFFFFFFFFFFFFFFF,) * 2,
        (0x87B092C3013FE90B, 0x438C3C67BE8D0224, 0x9CC7D7C69CD777B6, 0xA09CAEBF594F0BA0),
    ),
    (
        (0x243F6A8885A308D3, 0x13198A2E03707344, 0xA4093822299F31D0, 0x082EFA98EC4E6C89),
        (0x452821E638D01377, 0xBE5466CF34E90C6C),
        (0xA528F45403E61D95, 0x38C72DBD566E9788, 0xA5A1610E72FD18B5, 0x57BD43B5E52B7FE6),
    ),
]


class IntWords:
    """Word arithmetic on Python ints of any width: a third implementation of the
    interface `philox` runs on, independent of numpy's fixed-width types."""

    def __init__(self, width: int) -> None:
        self.width, self.mask = width, (1 << width) - 1

    def constant(self, value):
        return value

    def mul_extended(self, a, b):
        product = a * b
        return product & self.mask, product >> self.width

    def xor(self, a, b):
        return a ^ b

    def add(self, a, b):
        return (a + b) & self.mask


@pytest.mark.parametrize(("counter", "key", "expected"), KAT_4X32)
def test_philox4x32_known_answers(counter, key, expected):
    assert tuple(int(w) for w in philox.block_numpy(counter, key)) == expected
    assert philox.philox(IntWords(32), counter, key) == expected


@pytest.mark.parametrize(("counter", "key", "expected"), KAT_4X64)
def test_the_rounds_are_philox_at_64_bits_too(counter, key, expected):
    """The one round function, run on 64-bit words with 4x64 constants, gives Random123's
    4x64 answers: its structure (multipliers, word order, key schedule) is Philox's."""
    assert philox.philox(IntWords(64), counter, key, philox.PHILOX_4X64) == expected


def test_the_rounds_match_numpys_philox():
    """numpy's Philox is Philox-4x64-10 (an independent C implementation); it increments
    its counter before each block."""
    rng = np.random.default_rng(7)
    for _ in range(5):
        counter = [int(c) for c in rng.integers(0, 2**63, 4)]
        key = [int(k) for k in rng.integers(0, 2**63, 2)]
        generator = np.random.Philox(counter=np.array(counter, np.uint64), key=np.array(key))
        raw = [int(w) for w in generator.random_raw(8)]
        for block in range(2):
            ours = philox.philox(
                IntWords(64), [counter[0] + 1 + block, *counter[1:]], key, philox.PHILOX_4X64
            )
            assert list(ours) == raw[4 * block : 4 * block + 4]


def test_numpy_words_agree_with_python_ints():
    rng = np.random.default_rng(3)
    counters = rng.integers(0, 2**32, (4, 64), dtype=np.uint64).astype(np.uint32)
    key = [int(k) for k in rng.integers(0, 2**32, 2)]
    blocks = philox.block_numpy(counters, key)
    for n in range(64):
        expected = philox.philox(IntWords(32), [int(c[n]) for c in counters], key)
        assert tuple(int(w) for w in blocks[n]) == expected


# -- the same rounds as arith ops ---------------------------------------------------------------

ARITH_SHELL = """
func.func @philox(%c0: T, %c1: T, %c2: T, %c3: T, %k0: T, %k1: T) -> (T, T, T, T) {
  return %c0, %c1, %c2, %c3 : T, T, T, T
}
"""


def philox_as_arith(word_type: str = "i32"):
    """A function whose body is `philox` emitted through ArithWords on `word_type`."""
    module = irc.parse(ARITH_SHELL.replace("T", word_type))
    func = next(iter(module.regions[0].ops()))
    block = func.regions[0].blocks[0]
    ret = block.last
    builder = Builder(InsertionPoint.before(ret), location=func.location)
    args = list(block.args)
    words = philox.ArithWords(builder, args[0].type)
    ret.set_operands(philox.philox(words, args[:4], args[4:]))
    irc.verify(module)
    return module


def test_the_arith_rounds_give_the_numpy_words():
    """The interpreter running the emitted arith ops (what compiled code runs) gives the
    words of the numpy generator, bit for bit."""
    module = philox_as_arith()
    text = irc.print_ir(module)
    assert text.count("arith.mului_extended") == 2 * philox.ROUNDS
    assert irc.print_ir(irc.parse(text)) == text
    rng = np.random.default_rng(11)
    cases = [(c, k) for c, k, _ in KAT_4X32]
    for _ in range(20):
        cases.append((tuple(rng.integers(0, 2**32, 4)), tuple(rng.integers(0, 2**32, 2))))
    for counter, key in cases:
        got = run(module, "philox", *(int(w) for w in (*counter, *key)))
        words = np.array(got, dtype=np.int32).view(np.uint32)
        assert words.tolist() == philox.block_numpy(counter, key).tolist()


def test_compiled_arith_rounds_give_the_numpy_words(tmp_path):
    """The emitted rounds compiled by the CPU JIT (LLVM at O3) give the same words."""
    compiled = irc.jit(philox_as_arith(), "philox", cache=tmp_path)
    rng = np.random.default_rng(13)
    cases = [(c, k) for c, k, _ in KAT_4X32]
    for _ in range(50):
        cases.append((tuple(rng.integers(0, 2**32, 4)), tuple(rng.integers(0, 2**32, 2))))
    for counter, key in cases:
        got = compiled(*(int(w) for w in (*counter, *key)))
        words = np.array(got, dtype=np.int32).view(np.uint32)
        assert words.tolist() == philox.block_numpy(counter, key).tolist()


def test_the_arith_rounds_run_on_tensors_of_counters():
    """The same emission on tensor<64xi32>: one counter per element, the key splat."""
    module = philox_as_arith("tensor<64xi32>")
    rng = np.random.default_rng(12)
    counters = rng.integers(0, 2**32, (4, 64), dtype=np.uint64).astype(np.uint32)
    key = rng.integers(0, 2**32, 2, dtype=np.uint64).astype(np.uint32)
    args = [c.view(np.int32) for c in counters]
    args += [np.full(64, k, np.uint32).view(np.int32) for k in key]
    got = np.stack(run(module, "philox", *args), axis=-1).view(np.uint32)
    assert got.tolist() == philox.block_numpy(counters, key).tolist()


# -- keys ---------------------------------------------------------------------------------------

KEYS = """
func.func @from_seed() -> !nn.key {
  %k = nn.random_key 42
  return %k : !nn.key
}
func.func @from_i64(%s: tensor<i64>) -> !nn.key {
  %k = nn.random_key %s : tensor<i64>
  return %k : !nn.key
}
func.func @from_i32(%s: tensor<i32>) -> !nn.key {
  %k = nn.random_key %s : tensor<i32>
  return %k : !nn.key
}
func.func @split(%k: !nn.key) -> (!nn.key, !nn.key, !nn.key) {
  %s:3 = nn.random_split %k into 3
  return %s#0, %s#1, %s#2 : !nn.key, !nn.key, !nn.key
}
func.func @fold_i32(%k: !nn.key, %d: tensor<i32>) -> !nn.key {
  %f = nn.random_fold %k, %d : tensor<i32>
  return %f : !nn.key
}
func.func @fold_i64(%k: !nn.key, %d: tensor<i64>) -> !nn.key {
  %f = nn.random_fold %k, %d : tensor<i64>
  return %f : !nn.key
}
func.func @identity(%k: !nn.key) -> !nn.key {
  return %k : !nn.key
}
"""


def keys(name: str, *args):
    return interpret(KEYS, name, *args)


def test_a_seed_is_its_two_words():
    (key,) = keys("from_seed")
    assert key.dtype == np.uint32 and key.tolist() == [42, 0]
    assert keys("from_i64", np.int64(-2))[0].tolist() == [0xFFFFFFFE, 0xFFFFFFFF]
    assert keys("from_i64", np.int64(2**40 + 5))[0].tolist() == [5, 256]
    assert keys("from_i32", np.int32(-2))[0].tolist() == [0xFFFFFFFE, 0xFFFFFFFF]


def test_python_passes_a_seed_or_two_words():
    assert keys("identity", 42)[0].tolist() == [42, 0]
    assert keys("identity", -1)[0].tolist() == [0xFFFFFFFF] * 2
    words = np.array([7, 0xFFFFFFFF], dtype=np.uint32)
    assert keys("identity", words)[0].tolist() == words.tolist()
    assert keys("identity", [1, 2])[0].tolist() == [1, 2]
    (returned,) = keys("from_seed")
    assert keys("split", returned)[0].tolist() == keys("split", 42)[0].tolist()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (np.zeros(3, np.uint32), "got uint32 of shape (3,)"),
        (np.array([-1, 0]), "key words must lie in [0, 2^32)"),
        (np.array([2**32, 0], np.uint64), "key words must lie in [0, 2^32)"),
        (np.array([0.5, 1.0]), "got float64 of shape (2,)"),
        (True, "got a bool"),
    ],
)
def test_a_bad_key_argument_is_reported(value, message):
    text = error_of(KEYS, "identity", value)
    assert "cannot pass" in text and "as !nn.key" in text and message in text


def test_split_and_fold_follow_the_documented_counters():
    key = philox.key_from_seed(5)
    split = keys("split", key)
    for i, new in enumerate(split):
        assert new.tolist() == philox.block_numpy((i, 0, 0, philox.SPLIT), key)[:2].tolist()
    folded = keys("fold_i64", key, np.int64(-3))[0]
    expected = philox.block_numpy((0xFFFFFFFD, 0xFFFFFFFF, 0, philox.FOLD), key)[:2]
    assert folded.tolist() == expected.tolist()
    assert keys("fold_i32", key, np.int32(-3))[0].tolist() == folded.tolist()


# -- draws ------------------------------------------------------------------------------------

DRAWS = """
func.func @bits32(%k: !nn.key) -> tensor<3x5xi32> {
  %r = nn.random_bits %k : tensor<3x5xi32>
  return %r : tensor<3x5xi32>
}
func.func @bits64(%k: !nn.key) -> tensor<6xi64> {
  %r = nn.random_bits %k : tensor<6xi64>
  return %r : tensor<6xi64>
}
func.func @uniform16(%k: !nn.key) -> tensor<9xf16> {
  %r = nn.random_uniform %k : tensor<9xf16>
  return %r : tensor<9xf16>
}
func.func @uniform32(%k: !nn.key) -> tensor<15xf32> {
  %r = nn.random_uniform %k : tensor<15xf32>
  return %r : tensor<15xf32>
}
func.func @uniform64(%k: !nn.key) -> tensor<6xf64> {
  %r = nn.random_uniform %k : tensor<6xf64>
  return %r : tensor<6xf64>
}
func.func @uniform_like(%k: !nn.key, %x: tensor<?x?xi32>) -> tensor<?x?xf32> {
  %r = nn.random_uniform %k like %x : tensor<?x?xi32> -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}
func.func @uniform_static_like(%k: !nn.key, %x: tensor<?xf32>) -> tensor<4xf32> {
  %r = nn.random_uniform %k like %x : tensor<?xf32> -> tensor<4xf32>
  return %r : tensor<4xf32>
}
func.func @normal_like(%k: !nn.key, %x: tensor<?xf64>) -> tensor<?xf64> {
  %r = nn.random_normal %k like %x : tensor<?xf64>
  return %r : tensor<?xf64>
}
func.func @normal_like32(%k: !nn.key, %x: tensor<?xf32>) -> tensor<?xf32> {
  %r = nn.random_normal %k like %x : tensor<?xf32>
  return %r : tensor<?xf32>
}
func.func @normal16(%k: !nn.key) -> tensor<4xf16> {
  %r = nn.random_normal %k : tensor<4xf16>
  return %r : tensor<4xf16>
}
func.func @bernoulli(%k: !nn.key, %p: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xi1>) {
  %b = nn.random_bernoulli %k, %p : tensor<?x?xf32>
  %m = nn.random_bernoulli %k, %p : tensor<?x?xf32> -> tensor<?x?xi1>
  return %b, %m : tensor<?x?xf32>, tensor<?x?xi1>
}
"""


def draw(name: str, *args):
    return interpret(DRAWS, name, *args)


def test_elements_read_the_documented_words():
    """Element n of a draw reads word n of the stream (block n // 4, word n % 4) or, for
    64-bit results, words 2n (low) and 2n + 1 (high); floats take the top bits."""
    key = philox.key_from_seed(9)
    blocks = philox.block_numpy([np.arange(4, dtype=np.uint32), 0, 0, 0], key)
    words = blocks.reshape(-1).astype(np.uint64)
    (bits32,) = draw("bits32", key)
    assert bits32.dtype == np.int32
    assert bits32.reshape(-1).view(np.uint32).tolist() == words[:15].tolist()
    (bits64,) = draw("bits64", key)
    joined = words[0:12:2] | (words[1:12:2] << np.uint64(32))
    assert bits64.view(np.uint64).tolist() == joined.tolist()
    assert draw("uniform32", key)[0].tolist() == ((words[:15] >> 8) * 2.0**-24).tolist()
    assert draw("uniform16", key)[0].tolist() == ((words[:9] >> 21) * 2.0**-11).tolist()
    assert draw("uniform64", key)[0].tolist() == ((joined >> 11) * 2.0**-53).tolist()


def test_a_draw_is_a_prefix_of_a_larger_one():
    key = philox.key_from_seed(1)
    (small,) = draw("uniform_like", key, np.zeros((2, 3), np.int32))
    (large,) = draw("uniform_like", key, np.zeros((5, 7), np.int32))
    assert small.shape == (2, 3) and large.shape == (5, 7)
    assert small.reshape(-1).tolist() == large.reshape(-1)[:6].tolist()


def test_the_same_key_gives_the_same_numbers():
    for name in ("bits32", "uniform32", "normal16"):
        first, second = draw(name, 77)[0], draw(name, 77)[0]
        assert first.tobytes() == second.tobytes()
        assert first.tobytes() != draw(name, 78)[0].tobytes()


def test_a_static_result_checks_its_like_operand_at_run_time():
    assert draw("uniform_static_like", 1, np.zeros(4, np.float32))[0].shape == (4,)
    text = error_of(DRAWS, "uniform_static_like", 1, np.zeros(5, np.float32))
    assert "'nn.random_uniform' computed a 5 result for type tensor<4xf32>" in text


# -- statistics ---------------------------------------------------------------------------------

N = 1_000_000


def within(value: float, expected: float, standard_error: float, errors: float = 5.0) -> bool:
    return abs(value - expected) < errors * standard_error


def test_uniform_mean_variance_and_bins():
    (u,) = draw("uniform_like", 123, np.zeros((1000, 1000), np.int32))
    u = u.astype(np.float64).reshape(-1)
    assert 0.0 <= u.min() and u.max() < 1.0
    assert within(u.mean(), 0.5, np.sqrt(1 / 12 / N))
    assert within(u.var(), 1 / 12, np.sqrt((1 / 80 - 1 / 144) / N))
    counts = np.bincount((u * 10).astype(int), minlength=10) / N
    assert all(within(c, 0.1, np.sqrt(0.09 / N)) for c in counts)


@pytest.mark.parametrize("name", ["normal_like", "normal_like32"])
def test_normal_mean_variance_and_mass(name):
    dtype = np.float64 if name == "normal_like" else np.float32
    (z,) = draw(name, 321, np.zeros(N, dtype))
    assert z.dtype == dtype and np.isfinite(z).all()
    z = z.astype(np.float64)
    assert within(z.mean(), 0.0, np.sqrt(1 / N))
    assert within(z.var(), 1.0, np.sqrt(2 / N))
    inside = np.mean(np.abs(z) < 1.0)
    assert within(inside, 0.6826894921370859, np.sqrt(0.6827 * 0.3173 / N))


def test_normal_agrees_with_box_muller_in_f64():
    """The f16 draw is the f32-stream Box-Muller value rounded once to f16."""
    key = philox.key_from_seed(4)
    u = philox.uniform(key, (8,), np.float32).astype(np.float64)
    z = np.sqrt(-2 * np.log(1 - u[0::2])) * np.cos(2 * np.pi * u[1::2])
    assert draw("normal16", key)[0].tolist() == z.astype(np.float16).tolist()


def test_bernoulli_frequency_and_mask():
    p = np.tile(np.array([[0.0], [0.3], [0.9], [1.0]], np.float32), (1, N // 4))
    values, mask = draw("bernoulli", 5, p)
    assert values.dtype == np.float32 and mask.dtype == np.bool_
    assert set(np.unique(values).tolist()) <= {0.0, 1.0}
    assert (values == mask).all()
    frequency = values.mean(axis=1)
    n = N // 4
    assert frequency[0] == 0.0 and frequency[3] == 1.0
    assert within(frequency[1], 0.3, np.sqrt(0.21 / n))
    assert within(frequency[2], 0.9, np.sqrt(0.09 / n))


# -- independent streams ------------------------------------------------------------------------


def uniform_stream(key, count: int = 100_000) -> np.ndarray:
    return philox.uniform(key, (count,), np.float64)


def assert_unrelated(streams) -> None:
    """No two streams share a prefix, and their correlations are those of independent
    draws (|r| under 5 / sqrt(n))."""
    firsts = {stream[0] for stream in streams}
    assert len(firsts) == len(streams)
    correlation = np.corrcoef(np.stack(streams))
    off_diagonal = correlation[~np.eye(len(streams), dtype=bool)]
    assert np.abs(off_diagonal).max() < 5 / np.sqrt(len(streams[0]))


def test_split_keys_give_unrelated_streams():
    parent = philox.key_from_seed(0)
    children = keys("split", parent)
    grandchildren = keys("split", children[0])
    assert_unrelated([uniform_stream(k) for k in [parent, *children, *grandchildren]])


def test_folded_steps_give_unrelated_streams():
    parent = philox.key_from_seed(2024)
    folded = [keys("fold_i64", parent, np.int64(step))[0] for step in range(8)]
    assert len({tuple(k.tolist()) for k in folded}) == 8
    assert_unrelated([uniform_stream(k) for k in [parent, *folded]])


def test_neighbouring_seeds_give_unrelated_streams():
    assert_unrelated([uniform_stream(philox.key_from_seed(s)) for s in range(6)])


SCALARS = """
func.func @f(%k: !nn.key, %x: tensor<?x4xf32>, %p: tensor<f64>)
    -> (tensor<f32>, tensor<?x4xf32>, tensor<0xi64>, tensor<f64>, tensor<i1>) {
  %a = nn.random_uniform %k : tensor<f32>
  %b = nn.random_normal %k like %x : tensor<?x4xf32>
  %c = nn.random_bits %k : tensor<0xi64>
  %d = nn.random_bernoulli %k, %p : tensor<f64>
  %e = nn.random_bernoulli %k, %p : tensor<f64> -> tensor<i1>
  return %a, %b, %c, %d, %e : tensor<f32>, tensor<?x4xf32>, tensor<0xi64>, tensor<f64>, tensor<i1>
}
"""


def test_rank_0_and_empty_draws():
    """A scalar is element 0 of the stream; an empty draw is empty; p = NaN gives 0."""
    a, b, c, d, e = interpret(SCALARS, "f", 3, np.zeros((0, 4), np.float32), np.float64("nan"))
    assert a.shape == () and a == philox.uniform(philox.key_from_seed(3), (1,), np.float32)[0]
    assert b.shape == (0, 4) and c.shape == (0,)
    assert d == 0.0 and not e
