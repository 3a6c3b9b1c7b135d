"""math folders against MLIR: every case is folded by irc and by `iree-opt --canonicalize`
with rewrite patterns off, and what each function returns must be the same.

Cases: each op on edge values of f16/bf16/f32/f64 (zeros, infinities, NaNs, halfway
cases, subnormals, the largest finite, values outside a function's domain) as scalars,
splats and dense vectors; integer ops on edge values of i8/i16/i32/i64/index; and ops
whose operands are not all constant (which must not fold). Seeded random values join the
edges, so the C library's results are compared off the special cases too. The fold driver and the
comparison of results are the arith folders' (tests/dialects/arith/folding.py).
"""

from __future__ import annotations

import itertools
import random

import pytest

from irc.dialects.math_folds import FOLDERS
from irc.ir import attributes as A
from irc.ir import types as T
from tests.dialects.arith.folding import IREE_OPT, function_text, irc_fold, mlir_fold

FLOAT_UNARY = (
    "absf acos acosh asin asinh atan atanh cbrt ceil cos cosh erf erfc exp exp2 expm1 floor "
    "log log10 log1p log2 round roundeven rsqrt sin sinh sqrt tan tanh trunc"
).split()
FLOAT_BINARY = ["atan2", "copysign", "powf"]
FLOAT_TYPES = ["f16", "bf16", "f32", "f64"]
INT_UNARY = ["absi", "ctlz", "cttz", "ctpop"]
INT_TYPES = {"i8": 8, "i16": 16, "i32": 32, "i64": 64, "index": 64}
NOT_FOLDED = "isnan isinf isfinite isnormal".split()  # MLIR has no folders for these


def float_literal(value: float, type_name: str) -> str:
    t = T.FloatType(type_name)
    return f"0x{A.float_to_bits(value, t):0{t.width // 4}X}"


def float_edges(type_name: str) -> list[str]:
    t = T.FloatType(type_name)
    nan = ((1 << (t.width - t.precision)) - 1) << (t.precision - 1) | 1 << (t.precision - 2)
    values = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.5, -2.5, 3.0, 0.1, -0.7, 1.5, -2.0, 100.0]
    values += [1e30, -1e30, float("inf"), float("-inf"), 0.999]
    edges = [float_literal(v, type_name) for v in values]
    sign = 1 << (t.width - 1)
    edges += [f"0x{bits:0{t.width // 4}X}" for bits in (nan, nan | sign | 1, 1, sign | 1)]
    edges.append(f"0x{(nan & ~(1 << (t.precision - 2))) | 1:0{t.width // 4}X}")  # signaling
    mantissa = (1 << (t.precision - 1)) - 1
    largest = ((1 << (t.width - t.precision)) - 2) << (t.precision - 1) | mantissa
    edges.append(f"0x{largest:0{t.width // 4}X}")
    spread = random.Random(type_name)
    edges += [float_literal(spread.gauss(0, 1) * 10 ** spread.randint(-3, 3), type_name)]
    edges += [float_literal(spread.uniform(-4, 4), type_name) for _ in range(8)]
    return edges


def int_edges(width: int) -> list[int]:
    low, high = -(1 << (width - 1)), (1 << (width - 1)) - 1
    return sorted({0, 1, 2, 3, 7, -1, -2, -7, low, low + 1, high, high - 1, 0x55})


def unary_function(name: str, op: str, type_name: str, values: list[str]) -> str:
    body = []
    for index, value in enumerate(values):
        body.append(f"%c{index} = arith.constant {value} : {type_name}")
        body.append(f"%r{index} = math.{op} %c{index} : {type_name}")
    results = ", ".join(f"%r{i}" for i in range(len(values)))
    result_type = "i1" if op in NOT_FOLDED else type_name
    types = ", ".join([result_type] * len(values))
    body.append(f"return {results} : {types}")
    return function_text(name, "", body, types)


def binary_function(name: str, op: str, type_name: str, pairs: list[tuple[str, str]]) -> str:
    body = []
    for index, (a, b) in enumerate(pairs):
        body.append(f"%a{index} = arith.constant {a} : {type_name}")
        body.append(f"%b{index} = arith.constant {b} : {type_name}")
        body.append(f"%r{index} = math.{op} %a{index}, %b{index} : {type_name}")
    results = ", ".join(f"%r{i}" for i in range(len(pairs)))
    types = ", ".join([type_name] * len(pairs))
    body.append(f"return {results} : {types}")
    return function_text(name, "", body, types)


def vector_function(name: str, op: str, type_name: str, values: list[str]) -> str:
    """The op on a dense vector of `values` and on a splat of the first value."""
    vt = f"vector<{len(values)}x{type_name}>"
    dense = ", ".join(values)
    arity = 2 if op in FLOAT_BINARY or op == "ipowi" else 1
    operands = ", ".join(["%d"] * arity)
    splats = ", ".join(["%s"] * arity)
    body = [
        f"%d = arith.constant dense<[{dense}]> : {vt}",
        f"%s = arith.constant dense<{values[0]}> : {vt}",
        f"%r0 = math.{op} {operands} : {vt}",
        f"%r1 = math.{op} {splats} : {vt}",
        f"return %r0, %r1 : {vt}, {vt}",
    ]
    return function_text(name, "", body, f"{vt}, {vt}")


def float_cases() -> list[tuple[str, str]]:
    cases = []
    for op, type_name in itertools.product(FLOAT_UNARY + NOT_FOLDED, FLOAT_TYPES):
        name = f"{op}_{type_name}"
        cases.append((name, unary_function(name, op, type_name, float_edges(type_name))))
    for op, type_name in itertools.product(FLOAT_BINARY, FLOAT_TYPES):
        edges = float_edges(type_name)
        pairs = [(a, b) for a in edges[::2] for b in edges[1::3]]
        name = f"{op}_{type_name}"
        cases.append((name, binary_function(name, op, type_name, pairs)))
    return cases


def fma_cases() -> list[tuple[str, str]]:
    cases = []
    for type_name in FLOAT_TYPES:
        edges = float_edges(type_name)
        triples = list(itertools.product(edges[::3], edges[1::4], edges[2::5]))
        t = T.FloatType(type_name)
        eps = 2.0 ** (1 - t.precision)
        exact = [float_literal(v, type_name) for v in (1 + eps, 1 - eps, -1.0)]
        triples.append(tuple(exact))
        body = []
        for index, (a, b, c) in enumerate(triples):
            body += [f"%a{index} = arith.constant {a} : {type_name}"]
            body += [f"%b{index} = arith.constant {b} : {type_name}"]
            body += [f"%c{index} = arith.constant {c} : {type_name}"]
            body += [f"%r{index} = math.fma %a{index}, %b{index}, %c{index} : {type_name}"]
        results = ", ".join(f"%r{i}" for i in range(len(triples)))
        types = ", ".join([type_name] * len(triples))
        body.append(f"return {results} : {types}")
        cases.append((f"fma_{type_name}", function_text(f"fma_{type_name}", "", body, types)))
    return cases


def int_cases() -> list[tuple[str, str]]:
    cases = []
    for op, (type_name, width) in itertools.product(INT_UNARY, INT_TYPES.items()):
        values = [str(v) for v in int_edges(width)]
        name = f"{op}_{type_name}"
        cases.append((name, unary_function(name, op, type_name, values)))
    for type_name, width in INT_TYPES.items():
        bases = int_edges(width)
        powers = [0, 1, 2, 3, 7, 8, 63, -1, -2, -3]
        pairs = [(str(b), str(p)) for b in bases for p in powers]
        name = f"ipowi_{type_name}"
        cases.append((name, binary_function(name, "ipowi", type_name, pairs)))
    return cases


def vector_cases() -> list[tuple[str, str]]:
    cases = []
    for op in FLOAT_UNARY + FLOAT_BINARY:
        for type_name in ("f32", "f16"):
            values = float_edges(type_name)[:6]
            name = f"vector_{op}_{type_name}"
            cases.append((name, vector_function(name, op, type_name, values)))
    for op in [*INT_UNARY, "ipowi"]:
        name = f"vector_{op}"
        cases.append((name, vector_function(name, op, "i16", ["3", "-1", "0", "4096"])))
    return cases


def partial_cases() -> list[tuple[str, str]]:
    """Ops with an argument operand: nothing folds (math has no identities)."""
    body = [
        "%c = arith.constant 2.0 : f32",
        "%0 = math.powf %arg0, %c : f32",
        "%1 = math.copysign %c, %arg0 : f32",
        "%2 = math.fma %arg0, %c, %c : f32",
        "%3 = math.atan2 %c, %arg0 : f32",
        "%4 = math.exp %arg0 : f32",
        "return %0, %1, %2, %3, %4 : f32, f32, f32, f32, f32",
    ]
    types = "f32, f32, f32, f32, f32"
    return [("partial", function_text("partial", "%arg0: f32", body, types))]


CASES = float_cases() + fma_cases() + int_cases() + vector_cases() + partial_cases()


@pytest.fixture(scope="module")
def folds():
    functions = [text for _, text in CASES]
    return irc_fold(functions), mlir_fold(functions)


@pytest.mark.skipif(IREE_OPT is None, reason="iree-opt not installed")
@pytest.mark.parametrize("index", range(len(CASES)), ids=[name for name, _ in CASES])
def test_folds_match_mlir(folds, index):
    ours, theirs = folds
    assert ours[index] == theirs[index]


def test_every_folder_is_a_math_op():
    assert all(cls.name.startswith("math.") for cls in FOLDERS)
