"""Every function of every file in examples/ through irc.jit and through the interpreter:
the same numbers (integers exactly; floats to rtol 1e-5 and an atol of 1e-6 or 1e-5 of the
largest value, since compiled matrix products accumulate in f32 where the interpreter's
do in f64), at several shapes per
function: batch 1, larger ones, and a `?` size of 0 where the program allows it.

Arguments come from one row per function in `SIGNATURES`: a spec per parameter, where
letters stand for the `?` sizes (one letter, one size for every parameter that has it),
and `SIZES` gives the values each letter takes. Memref parameters are written in place:
the arrays after the call are compared too. A meta-test checks that every public
function in examples/ has a row."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pytest

import irc
from irc.dialects import func as fn
from irc.runtime.interpreter import Interpreter

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# Per parameter: "8x16" (a float array), "Bx784" (`?` sizes as letters), "labels:B" (i32
# class indices in 0..9), "f32"/"i32" (a number), "key" (an int seed), "f64:3" and "f64:"
# (f64 arrays, rank 0 for "f64:"), "seed" (an int64 rank-0 tensor), "labels:BxT" (i32
# class indices of that shape), "lengths:B<T" (B i32 lengths in 0..T).
LSTM = ["TxBx8", "Bx16", "Bx16", *["8x16"] * 4, *["16x16"] * 4, *["16"] * 4]
GRU = ["TxBx8", "Bx16", *["8x16"] * 3, *["16x16"] * 3, *["16"] * 3]
CHAR_LSTM = ["labels:BxT", "labels:BxT", "lengths:B<T", "Bx128", "Bx128", "64x16",
             *["16x128"] * 4, *["128x128"] * 4, *["128"] * 4, "128x64", "64"]  # fmt: skip
MLP = ["Bx784", "784x128", "128", "128x10", "10"]
DIGITS = ["Bx64", "64x256", "256", "256x10", "10"]  # mlp_digits.mlir's parameters, then x
UNITS = ["f64:Bx3", "f64:3", "f64:3", "f64:3", "f64:"]  # W, x, c, v, s of estimators.mlir
GATED = ["64x256", "256", "64x256", "256", "256x10", "10"]  # wg, bg, we, be, wo, bo: gated_digits
SIGNATURES = {
    ("char_lstm.mlir", "loss"): CHAR_LSTM,
    ("char_lstm.mlir", "nll"): CHAR_LSTM,
    ("gru.mlir", "gru"): GRU,
    ("hello.mlir", "saxpy"): ["f32", "N", "N"],
    ("hello.mlir", "twice"): ["i32"],
    ("lstm.mlir", "lstm"): LSTM,
    ("mlp.mlir", "forward"): MLP,
    ("mlp.mlir", "loss"): [*MLP, "labels:B"],
    ("mlp.mlir", "predict"): MLP,
    ("mlp_digits.mlir", "forward"): DIGITS,
    ("mlp_digits.mlir", "loss"): ["Bx64", "labels:B", "seed", *DIGITS[1:]],
    ("mlp_digits.mlir", "cross_entropy"): ["Bx64", "labels:B", *DIGITS[1:]],
    ("mlp_digits.mlir", "predict"): DIGITS,
    ("saxpy.mlir", "saxpy"): ["f32", "N", "N"],
    ("sbn.mlir", "binary_units"): ["Bx64", "64x32", "32", "key"],
    ("sbn.mlir", "gated"): ["Bx64", "64x32", "32", "64x32", "32", "key"],
    ("sbn.mlir", "uniforms"): ["key", "Bx32"],
    ("estimators.mlir", "loss"): ["f64:Bx3", "f64:3", "f64:"],
    ("estimators.mlir", "reinforce"): [*UNITS, "f64:3", "seed"],
    ("estimators.mlir", "straight_through"): [*UNITS, "seed"],
    ("estimators.mlir", "baseline"): ["f64:3", "f64:3", "f64:Bx3", "f64:Bx3", "f64:B", "f64:"],
    ("estimators.mlir", "noisy_rectifier"): [*UNITS, "f64:", "seed"],
    ("estimators.mlir", "stochastic_times_smooth"): [*UNITS, "seed"],
    ("gated_digits.mlir", "loss_straight_through"): ["Bx64", "labels:B", *GATED, "seed"],
    ("gated_digits.mlir", "loss_straight_through_sigmoid"): ["Bx64", "labels:B", *GATED, "seed"],
    ("gated_digits.mlir", "loss_reinforce"): ["Bx64", "labels:B", *GATED, "64", "1", "seed"],
    ("gated_digits.mlir", "loss_noisy_rectifier"): ["Bx64", "labels:B", *GATED, "seed"],
    ("gated_digits.mlir", "loss_stochastic_times_smooth"): ["Bx64", "labels:B", *GATED, "seed"],
    ("gated_digits.mlir", "evaluate_bernoulli"): ["Bx64", *GATED, "seed"],
    ("gated_digits.mlir", "evaluate_noisy_rectifier"): ["Bx64", *GATED, "seed"],
    ("gated_digits.mlir", "evaluate_stochastic_times_smooth"): ["Bx64", *GATED, "seed"],
    ("gated_digits.mlir", "gate_uniforms"): ["Bx64", "64x256", "256", "seed"],
    ("w1_elementwise.mlir", "w1"): ["N", "N", "f32", "f32"],
    ("w1_elementwise.mlir", "exp_only"): ["N", "N"],
}
SIZES = [{"B": 1, "T": 1, "N": 1}, {"B": 5, "T": 4, "N": 37}, {"B": 0, "T": 0, "N": 0}]


def _functions(path: Path) -> list[str]:
    module = irc.parse(path.read_text(), str(path))
    return [
        op.sym_name
        for op in module.walk()
        if isinstance(op, fn.FuncOp) and not op.is_declaration and _public(op)
    ]


def _public(op) -> bool:
    visibility = op.properties.get("sym_visibility")
    return getattr(visibility, "value", "public") == "public"


def test_every_example_function_has_a_row():
    found = {(p.name, name) for p in sorted(EXAMPLES.glob("*.mlir")) for name in _functions(p)}
    assert found == set(SIGNATURES), "add the new example functions to SIGNATURES"


@pytest.fixture(scope="module")
def compiled():
    modules = {}

    def get(filename: str, specialize: bool | None):
        if (filename, specialize) not in modules:
            path = EXAMPLES / filename
            text = path.read_text()
            modules[filename, specialize] = (
                irc.compile_module(text, filename=str(path), specialize=specialize),
                Interpreter(irc.parse(text, str(path))),
            )
        return modules[filename, specialize]

    return get


def _argument(spec: str, sizes: dict, rng: np.random.Generator):
    if spec == "key":
        return int(rng.integers(-(2**40), 2**40))
    if spec == "f32":
        return np.float32(rng.standard_normal())
    if spec == "i32":
        return int(rng.integers(-1000, 1000))
    if spec == "seed":
        return np.array(rng.integers(0, 2**40), np.int64)
    if spec.startswith("labels:"):
        shape = tuple(sizes[d] for d in spec[7:].split("x"))
        return rng.integers(0, 10, shape).astype(np.int32)
    if spec.startswith("lengths:"):
        rows, _, steps = spec[8:].partition("<")
        return rng.integers(0, sizes[steps] + 1, sizes[rows]).astype(np.int32)
    dtype, _, spec = spec.rpartition(":")
    shape = tuple(sizes[d] if d.isalpha() else int(d) for d in spec.split("x") if d)
    return np.asarray(rng.standard_normal(shape) / 4, np.float64 if dtype else np.float32)


def _compare(got, want) -> None:
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape and got.dtype == want.dtype
    if got.dtype.kind == "f":
        # atol also scales with the largest value: f32 products err relative to their
        # terms, so a logit that cancels to near zero may differ by more than 1e-6.
        finite = np.abs(want[np.isfinite(want)])
        atol = max(1e-6, 1e-5 * float(np.max(finite, initial=0.0)))
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=atol)
    else:
        np.testing.assert_array_equal(got, want)


# Every shape specialized (the default), and the middle one also with `specialize=None`:
# the module compiled once with its `?` sizes (per-shape code only where that fails).
CASES = [(row, sizes, True) for row in SIGNATURES for sizes in SIZES]
CASES += [(row, SIZES[1], None) for row in SIGNATURES]
# The trained models compile a training-sized program per case: the fast run takes their
# middle shape only (tests/train trains them through the JIT and the interpreter too).
TRAINED = ("mlp_digits.mlir", "char_lstm.mlir", "gated_digits.mlir")


def _case(row, sizes, specialize):
    heavy = row[0] in TRAINED and (sizes is not SIZES[1] or specialize is not True)
    case_id = f"{row[0]}:{row[1]}-{'-'.join(map(str, sizes.values()))}-{specialize}"
    return pytest.param(row, sizes, specialize, id=case_id,
                        marks=[pytest.mark.slow] if heavy else [])  # fmt: skip


@pytest.mark.parametrize(("row", "sizes", "specialize"), [_case(*case) for case in CASES])
def test_the_jit_gives_what_the_interpreter_gives(compiled, row, sizes, specialize):
    filename, name = row
    jitted, interpreter = compiled(filename, specialize)
    rng = np.random.default_rng(zlib.crc32(repr((row, sorted(sizes.items()))).encode()))
    args = [_argument(spec, sizes, rng) for spec in SIGNATURES[row]]
    copies = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    got = jitted[name](*args)
    want = interpreter.call(name, *copies)
    got = list(got) if isinstance(got, tuple) else ([] if got is None else [got])
    assert len(got) == len(want)
    for value, expected in zip(got, want, strict=True):
        _compare(value, expected)
    for after, expected in zip(args, copies, strict=True):  # memrefs written in place
        if isinstance(after, np.ndarray):
            _compare(after, expected)
