"""The nn rewrites checked by value in the interpreter.

- nn-stabilize (irc/passes/stabilize.py): at inputs where the written expression
  overflows, underflows or cancels, the program gives inf, -inf, 0 or a wrong value before
  the pass and the correct one after, compared with references computed in float64 or
  with Python's math module; at ordinary inputs the values agree before and after.
- canonicalize with the nn folds and patterns (irc/dialects/nn_folds.py,
  irc/dialects/nn_canonicalize.py): random programs of nn ops compute the same values,
  bit for bit (signed zeros and NaN positions included), before and after.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from irc.tools.irc_opt import run as irc_opt
from tests.dialects.helpers import interpret


def apply(text: str, *flags: str) -> str:
    code, out, err = irc_opt(["-", *flags], text)
    assert code == 0, err
    return out


def before_and_after(text: str, *args, flags=("-nn-stabilize",)) -> tuple[list, list, str]:
    """@f's results before and after the passes `flags`, and the rewritten text."""
    rewritten = apply(text, *flags)
    return interpret(text, "f", *args), interpret(rewritten, "f", *args), rewritten


def f32(*values) -> np.ndarray:
    return np.array(values, dtype=np.float32)


def f64(*values) -> np.ndarray:
    return np.array(values, dtype=np.float64)


# -- nn-stabilize ---------------------------------------------------------------------------------

SOFTPLUS = """
func.func @f(%x: tensor<4x{t}>) -> tensor<4x{t}> {{
  %one = nn.constant dense<1.0> : tensor<{t}>
  %e = nn.exp %x : tensor<4x{t}>
  %s = nn.add %e, %one : (tensor<4x{t}>, tensor<{t}>) -> tensor<4x{t}>
  %y = nn.log %s : tensor<4x{t}>
  return %y : tensor<4x{t}>
}}
"""


@pytest.mark.parametrize(("element", "big"), [("f32", 100.0), ("f32", 1000.0), ("f64", 1000.0)])
def test_log_one_plus_exp_is_finite_after(element: str, big: float):
    x = np.array([big, -big, 0.0, 2.5], dtype=np.float32 if element == "f32" else np.float64)
    (before,), (after,), text = before_and_after(SOFTPLUS.format(t=element), x)
    assert "nn.softplus" in text and "nn.log " not in text
    assert np.isinf(before[0])
    expected = np.logaddexp(0.0, x.astype(np.float64)).astype(x.dtype)
    assert np.isfinite(after).all()
    np.testing.assert_allclose(after, expected, rtol=1e-6)
    assert after[0] == np.asarray(big, dtype=x.dtype)  # softplus(x) is x for large x
    assert before[1] == 0.0 and after[1] == expected[1]  # 1 + exp(-big) rounds to 1
    np.testing.assert_allclose(before[2:], after[2:], rtol=1e-6)  # ordinary inputs agree


def test_log_softmax_of_large_logits():
    text = """
func.func @f(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = nn.softmax %x axis 1 : tensor<2x3xf32>
  %y = nn.log %s : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
"""
    x = np.array([[1e4, 0.0, -1e4], [0.5, 1.0, 2.0]], dtype=np.float32)
    (before,), (after,), rewritten = before_and_after(text, x)
    assert "nn.log_softmax" in rewritten
    assert np.isneginf(before[0, 1:]).all()
    wide = x.astype(np.float64)
    expected = wide - np.max(wide, axis=1, keepdims=True)
    expected -= np.log(np.sum(np.exp(expected), axis=1, keepdims=True))
    np.testing.assert_allclose(after, expected, rtol=1e-6)
    np.testing.assert_allclose(before[1], after[1], rtol=1e-6)


def test_logsumexp_of_large_logits():
    text = """
func.func @f(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %e = nn.exp %x : tensor<2x3xf32>
  %s = nn.reduce_sum %e [1] : tensor<2x3xf32>
  %y = nn.log %s : tensor<2xf32>
  return %y : tensor<2xf32>
}
"""
    x = np.array([[1000.0, 1000.0, 999.0], [0.5, 1.0, 2.0]], dtype=np.float32)
    (before,), (after,), rewritten = before_and_after(text, x)
    assert "nn.logsumexp" in rewritten
    assert np.isinf(before[0])
    expected = 1000.0 + math.log(2.0 + math.exp(-1.0))
    assert after[0] == pytest.approx(expected, rel=1e-7)
    assert after[1] == pytest.approx(before[1], rel=1e-6)


@pytest.mark.parametrize("element", ["f32", "f64"])
def test_log_sigmoid_far_below_zero(element: str):
    text = f"""
func.func @f(%x: tensor<3x{element}>) -> tensor<3x{element}> {{
  %s = nn.sigmoid %x : tensor<3x{element}>
  %y = nn.log %s : tensor<3x{element}>
  return %y : tensor<3x{element}>
}}
"""
    far = -200.0 if element == "f32" else -800.0  # sigmoid underflows to 0 in each type
    x = np.array([far, 0.0, 3.0], dtype=np.float32 if element == "f32" else np.float64)
    (before,), (after,), _ = before_and_after(text, x)
    assert np.isneginf(before[0])
    assert after[0] == far  # log(sigmoid(x)) = -softplus(-x), which is x far below 0
    assert after[1] == pytest.approx(-math.log(2.0), rel=1e-6)
    assert after[2] == pytest.approx(before[2], rel=1e-6)


def test_log_one_minus_sigmoid_far_above_zero():
    text = """
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  %one = nn.constant dense<1.0> : tensor<3xf32>
  %s = nn.sigmoid %x : tensor<3xf32>
  %d = nn.sub %one, %s : tensor<3xf32>
  %y = nn.log %d : tensor<3xf32>
  return %y : tensor<3xf32>
}
"""
    x = f32(200.0, 0.0, -3.0)
    (before,), (after,), _ = before_and_after(text, x)
    assert np.isneginf(before[0])
    assert after[0] == -200.0
    assert after[1] == pytest.approx(-math.log(2.0), rel=1e-6)
    assert after[2] == pytest.approx(before[2], rel=1e-6)


def test_cross_entropy_of_softmax_with_huge_logits():
    text = """
func.func @f(%x: tensor<2x3xf32>, %y: tensor<2xi32>) -> tensor<2xf32> {
  %s = nn.softmax %x axis 1 : tensor<2x3xf32>
  %l = nn.cross_entropy %s, %y reduction none : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<2xf32>
  return %l : tensor<2xf32>
}
"""
    x = np.array([[1e4, 0.0, -1e4], [0.5, 1.0, 2.0]], dtype=np.float32)
    labels = np.array([2, 0], dtype=np.int32)
    (before,), (after,), rewritten = before_and_after(text, x, labels)
    assert "nn.softmax_cross_entropy" in rewritten
    assert np.isinf(before[0])
    assert after[0] == pytest.approx(2e4, rel=1e-7)
    expected = math.log(sum(math.exp(v) for v in (0.5, 1.0, 2.0))) - 0.5
    assert after[1] == pytest.approx(expected, rel=1e-6)
    assert after[1] == pytest.approx(before[1], rel=1e-6)


ACCURACY = {
    # name: (function body over %x : tensor<2xf64> giving %y, reference)
    "expm1": (
        """%one = nn.constant dense<1.0> : tensor<f64>
  %e = nn.exp %x : tensor<2xf64>
  %y = nn.sub %e, %one : (tensor<2xf64>, tensor<f64>) -> tensor<2xf64>""",
        math.expm1,
    ),
    "log1p": (
        """%one = nn.constant dense<1.0> : tensor<f64>
  %s = nn.add %one, %x : (tensor<f64>, tensor<2xf64>) -> tensor<2xf64>
  %y = nn.log %s : tensor<2xf64>""",
        math.log1p,
    ),
}


@pytest.mark.parametrize("name", sorted(ACCURACY))
def test_accuracy_near_zero(name: str):
    body, reference = ACCURACY[name]
    text = f"""
func.func @f(%x: tensor<2xf64>) -> tensor<2xf64> {{
  {body}
  return %y : tensor<2xf64>
}}
"""
    x = f64(1e-10, 0.75)
    (before,), (after,), rewritten = before_and_after(text, x)
    assert f"nn.{name}" in rewritten
    tiny = reference(1e-10)
    assert abs(before[0] - tiny) / tiny > 1e-9  # the cancellation loses digits
    assert abs(after[0] - tiny) <= 2 * math.ulp(tiny)
    assert after[1] == pytest.approx(reference(0.75), rel=1e-15)
    assert before[1] == pytest.approx(after[1], rel=1e-14)


def test_written_out_sigmoid_gives_the_same_values():
    text = """
func.func @f(%x: tensor<5xf32>) -> tensor<5xf32> {
  %one = nn.constant dense<1.0> : tensor<f32>
  %n = nn.neg %x : tensor<5xf32>
  %e = nn.exp %n : tensor<5xf32>
  %d = nn.add %one, %e : (tensor<f32>, tensor<5xf32>) -> tensor<5xf32>
  %y = nn.div %one, %d : (tensor<f32>, tensor<5xf32>) -> tensor<5xf32>
  return %y : tensor<5xf32>
}
"""
    x = f32(-200.0, -3.0, 0.0, 3.0, 200.0)
    (before,), (after,), rewritten = before_and_after(text, x)
    assert "nn.sigmoid" in rewritten and "nn.exp" not in rewritten
    np.testing.assert_allclose(after, before, rtol=1e-6, atol=1e-30)


def test_shared_false_keeps_an_exp_with_other_users():
    text = """
func.func @f(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %one = nn.constant dense<1.0> : tensor<f32>
  %e = nn.exp %x : tensor<2xf32>
  %s = nn.add %e, %one : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  %y = nn.log %s : tensor<2xf32>
  return %y, %e : tensor<2xf32>, tensor<2xf32>
}
"""
    x = f32(100.0, 1.0)
    (_, exp_before), (softplus, exp_after), rewritten = before_and_after(text, x)
    assert "nn.softplus" in rewritten and "nn.exp" in rewritten
    assert softplus[0] == 100.0 and np.array_equal(exp_before, exp_after)
    conservative = apply(text, "--pass-pipeline=builtin.module(nn-stabilize{shared=false})")
    assert "nn.softplus" not in conservative


class StabilizeWriter:
    """A random `func.func @f(%a: tensor<3x4xf64>)` chaining the expressions nn-stabilize
    rewrites (each written out as a user would) with ordinary ops between them."""

    TEMPLATES = {
        "softplus": ["e = nn.exp {x} : {t}", "s = nn.add {e}, {one} : {t}", "r = nn.log {s} : {t}"],
        "log_sigmoid": ["s = nn.sigmoid {x} : {t}", "r = nn.log {s} : {t}"],
        "log_one_minus_sigmoid": [
            "s = nn.sigmoid {x} : {t}",
            "d = nn.sub {one}, {s} : {t}",
            "r = nn.log {d} : {t}",
        ],
        "log1p": ["s = nn.add {one}, {x} : {t}", "r = nn.log {s} : {t}"],
        "expm1": ["e = nn.exp {x} : {t}", "r = nn.sub {e}, {one} : {t}"],
        "sigmoid": [
            "n = nn.neg {x} : {t}",
            "e = nn.exp {n} : {t}",
            "d = nn.add {e}, {one} : {t}",
            "r = nn.div {one}, {d} : {t}",
        ],
        "log_softmax": ["s = nn.softmax {x} axis 1 : {t}", "r = nn.log {s} : {t}"],
        "logsumexp": [
            "e = nn.exp {x} : {t}",
            "s = nn.reduce_sum {e} [1] keepdims : {t}",
            "b = nn.broadcast_to {s} : tensor<3x1xf64> to {t}",
            "r = nn.log {b} : {t}",
        ],
        "tanh": ["r = nn.tanh {x} : {t}"],
        "scale": ["r = nn.mul {x}, {two} : (tensor<3x4xf64>, tensor<f64>) -> tensor<3x4xf64>"],
        "sum": ["r = nn.add {x}, {y} : {t}"],
    }

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.lines = [
            "  %one = nn.constant dense<1.0> : tensor<3x4xf64>",
            "  %two = nn.constant dense<2.0> : tensor<f64>",
        ]
        self.values = ["%a"]
        self.count = 0

    def step(self) -> None:
        name = self.rng.choice(sorted(self.TEMPLATES))
        x, y = self.rng.choice(self.values[-3:]), self.rng.choice(self.values)
        names = {"x": x, "y": y, "one": "%one", "two": "%two", "t": "tensor<3x4xf64>"}
        for line in self.TEMPLATES[name]:
            local, text = line.split(" = ", 1)
            names[local] = f"%{local}{self.count}"
            self.count += 1
            text = text.format(**names)
            self.lines.append(f"  {names[local]} = {text}")
        self.values.append(names["r"])

    def function(self, steps: int = 8) -> str:
        for _ in range(steps):
            self.step()
        returned = self.values[-3:]
        types = ", ".join(["tensor<3x4xf64>"] * len(returned))
        body = "\n".join(self.lines)
        return (
            f"func.func @f(%a: tensor<3x4xf64>) -> ({types}) {{\n{body}\n"
            f"  return {', '.join(returned)} : {types}\n}}\n"
        )


@pytest.mark.parametrize("seed", range(25))
def test_stabilize_agrees_at_ordinary_inputs_and_never_loses_a_finite_value(seed: int):
    """At inputs where the written expressions are fine, values agree to rounding; a
    value finite before the pass stays finite after it."""
    text = StabilizeWriter(seed).function()
    rewritten = apply(text, "-nn-stabilize")
    assert rewritten.count("\n") < apply(text).count("\n") or "nn.tanh" in text
    rng = np.random.default_rng(seed)
    for scale in (1.0, 30.0, 800.0):
        x = rng.uniform(-scale, scale, size=(3, 4))
        with np.errstate(all="ignore"):
            before = interpret(text, "f", x)
            after = interpret(rewritten, "f", x)
        for b, a in zip(before, after, strict=True):
            finite = np.isfinite(b)
            assert np.isfinite(a[finite]).all(), f"{text}\n{rewritten}\nx = {x}"
            if scale == 1.0:
                np.testing.assert_allclose(a[finite], b[finite], rtol=1e-9, atol=1e-12)


# -- canonicalize: casts -------------------------------------------------------------------------

CAST_ROUND_TRIPS = [
    ("f32", "f64", np.array([-0.0, np.inf, -np.inf, np.nan, 1e-45, 3.4e38], np.float32)),
    ("f16", "f32", np.array([0.0, -0.0, np.inf, np.nan, 6e-8, 65504.0], np.float16)),
    ("i16", "f32", np.array([0, 1, -1, 32767, -32768, 12345], np.int16)),
    ("i8", "i64", np.array([0, 1, -1, 127, -128, 5], np.int8)),
    ("i32", "f64", np.array([0, -1, 2**31 - 1, -(2**31), 16777217, 3], np.int32)),
]


@pytest.mark.parametrize(("source", "middle", "values"), CAST_ROUND_TRIPS)
def test_cast_round_trips_are_exact(source: str, middle: str, values: np.ndarray):
    text = f"""
func.func @f(%x: tensor<6x{source}>) -> tensor<6x{source}> {{
  %m = nn.cast %x : tensor<6x{source}> to tensor<6x{middle}>
  %y = nn.cast %m : tensor<6x{middle}> to tensor<6x{source}>
  return %y : tensor<6x{source}>
}}
"""
    (before,), (after,), rewritten = before_and_after(text, values, flags=("-canonicalize",))
    assert "nn.cast" not in rewritten
    assert same_values(before, values) and same_values(after, values)


# -- canonicalize on random programs ---------------------------------------------------------------

SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e30, -1e-30, np.inf, -np.inf, np.nan]


def reshapes(count: int) -> list[tuple[int, ...]]:
    """Shapes of `count` elements a reshape may give."""
    found = [(count,), (1, count), (count, 1)]
    found += [(a, count // a) for a in (2, 3, 4) if count % a == 0 and count > a]
    return found


class ProgramWriter:
    """A random `func.func @f(%a: tensor<2x3xT>, %b: tensor<2x3xT>)` of nn ops, built so
    that the nn rewrites have something to match: negations of negations, constants -1,
    1, 0 and -0.0 (rank 0, rows and full shapes), chains of shape ops, casts there and
    back, selects, reductions over no axes or one."""

    UNARY = ["neg", "neg", "abs", "relu", "sign"]
    FLOAT_UNARY = ["exp", "tanh", "sigmoid"]
    BINARY = ["add", "sub", "mul", "maximum", "minimum"]
    FLOAT_BINARY = ["div"]
    CONSTANTS = [-1, 1, 0, 2]
    CASTS = {"f32": ["f64", "f16", "i32"], "f64": ["f32", "i64"], "i32": ["i64", "f64", "f32"]}
    REDUCTIONS = ["reduce_max", "reduce_min", "reduce_prod", "reduce_sum"]
    FLOAT_CONSTANTS = ["-1.0", "1.0", "0.0", "-0.0", "2.0"]

    def __init__(self, seed: int, element: str) -> None:
        self.rng = random.Random(seed)
        self.element = element
        self.is_float = element.startswith("f")
        self.lines: list[str] = []
        self.values: dict[str, tuple[int, ...]] = {"%a": (2, 3), "%b": (2, 3)}
        self.count = 0

    def type(self, shape) -> str:
        return f"tensor<{''.join(f'{d}x' for d in shape)}{self.element}>"

    def emit(self, text: str, shape, pool: bool = True) -> str:
        """A new value; constants stay out of the pool the ops draw operands from."""
        name = f"%v{self.count}"
        self.count += 1
        self.lines.append(f"  {name} = {text}")
        if pool:
            self.values[name] = tuple(shape)
        return name

    def pick(self, shape=None) -> str:
        names = [n for n, s in self.values.items() if shape is None or s == tuple(shape)]
        recent = names[-4:]
        return self.rng.choice(recent if self.rng.random() < 0.7 else names)

    def constant(self, shape) -> str:
        choices = self.FLOAT_CONSTANTS if self.is_float else [str(c) for c in self.CONSTANTS]
        value = self.rng.choice(choices)
        shape = self.rng.choice([(), shape[-1:], shape])
        text = f"nn.constant dense<{value}> : {self.type(shape)}"
        return self.emit(text, shape, pool=False), shape

    def step(self) -> None:
        kind = self.rng.random()
        if kind < 0.3:
            self.unary()
        elif kind < 0.65:
            self.binary()
        elif kind < 0.85:
            self.shape_op()
        else:
            self.rng.choice([self.cast, self.select, self.reduction])()

    def type_of(self, shape, element: str) -> str:
        return f"tensor<{''.join(f'{d}x' for d in shape)}{element}>"

    def cast(self) -> None:
        x = self.pick()
        shape = self.values[x]
        middle = self.type_of(shape, self.rng.choice(self.CASTS[self.element]))
        there = self.emit(f"nn.cast {x} : {self.type(shape)} to {middle}", shape, pool=False)
        self.emit(f"nn.cast {there} : {middle} to {self.type(shape)}", shape)

    def select(self) -> None:
        x = self.pick()
        shape = self.values[x]
        y = self.pick(shape)
        t = self.type(shape)
        condition = self.emit(f"nn.lt {x}, {y} : {t}", shape, pool=False)
        on_false = self.rng.choice([x, y])
        signature = f"({self.type_of(shape, 'i1')}, {t}, {t}) -> {t}"
        self.emit(f"nn.select {condition}, {x}, {on_false} : {signature}", shape)

    def reduction(self) -> None:
        x = self.pick()
        shape = self.values[x]
        op = self.rng.choice(self.REDUCTIONS)
        if self.rng.random() < 0.5 or not shape:
            self.emit(f"nn.{op} {x} [] : {self.type(shape)}", shape)
            return
        new = (1, *shape[1:])
        self.emit(f"nn.{op} {x} [0] keepdims : {self.type(shape)}", new)

    def unary(self) -> None:
        ops = self.UNARY + (self.FLOAT_UNARY if self.is_float else [])
        x = self.pick()
        shape = self.values[x]
        self.emit(f"nn.{self.rng.choice(ops)} {x} : {self.type(shape)}", shape)

    def binary(self) -> None:
        ops = self.BINARY + (self.FLOAT_BINARY if self.is_float else [])
        x = self.pick()
        shape = self.values[x]
        if self.rng.random() < 0.5:
            y, y_shape = self.constant(shape)
        else:
            y = self.pick(shape)
            y_shape = shape
        pairs = [(x, shape), (y, y_shape)]
        if self.rng.random() < 0.4:
            pairs.reverse()
        operands = [name for name, _ in pairs]
        types = [self.type(s) for _, s in pairs]
        signature = f"({types[0]}, {types[1]}) -> {self.type(shape)}"
        self.emit(f"nn.{self.rng.choice(ops)} {operands[0]}, {operands[1]} : {signature}", shape)

    def shape_op(self) -> None:
        x = self.pick()
        shape = self.values[x]
        t = self.type(shape)
        choice = self.rng.randrange(5)
        if choice == 0 and len(shape) >= 2:
            permutation = self.rng.sample(range(len(shape)), len(shape))
            text = ", ".join(map(str, permutation))
            self.emit(f"nn.transpose {x} [{text}] : {t}", tuple(shape[p] for p in permutation))
        elif choice == 1:
            target = self.rng.choice(reshapes(math.prod(shape)))
            self.emit(f"nn.reshape {x} : {t} to {self.type(target)}", target)
        elif choice == 2 and len(shape) < 3:
            axis = self.rng.randrange(len(shape) + 1)
            new = shape[:axis] + (1,) + shape[axis:]
            self.emit(f"nn.expand_dims {x} [{axis}] : {t}", new)
        elif choice == 3 and 1 in shape:
            axis = shape.index(1)
            self.emit(f"nn.squeeze {x} [{axis}] : {t}", shape[:axis] + shape[axis + 1 :])
        elif len(shape) < 3 and math.prod(shape) <= 12:
            target = (2, *shape)
            self.emit(f"nn.broadcast_to {x} : {t} to {self.type(target)}", target)
        else:
            target = (math.prod(shape),)
            self.emit(f"nn.reshape {x} : {t} to {self.type(target)}", target)

    def function(self, steps: int = 30) -> str:
        for _ in range(steps):
            self.step()
        names = [n for n in self.values if n.startswith("%v")]
        returned = sorted(set(self.rng.sample(names, 4) + names[-1:]), key=names.index)
        types = ", ".join(self.type(self.values[n]) for n in returned)
        param = self.type((2, 3))
        body = "\n".join(self.lines)
        return (
            f"func.func @f(%a: {param}, %b: {param}) -> ({types}) {{\n{body}\n"
            f"  return {', '.join(returned)} : {types}\n}}\n"
        )


def same_values(left: np.ndarray, right: np.ndarray) -> bool:
    """Equal shapes, dtypes and values, the sign of zeros included, NaN where NaN is."""
    left, right = np.asarray(left), np.asarray(right)
    if left.shape != right.shape or left.dtype != right.dtype:
        return False
    if left.dtype.kind != "f":
        return np.array_equal(left, right)
    nan = np.isnan(left)
    if not np.array_equal(nan, np.isnan(right)):
        return False
    return np.array_equal(left[~nan], right[~nan]) and np.array_equal(
        np.signbit(left[~nan]), np.signbit(right[~nan])
    )


def _arguments(rng: np.random.Generator, element: str):
    if element == "i32":
        pool = np.array([0, 1, -1, 7, -7, 2**31 - 1, -(2**31)], dtype=np.int32)
    else:
        pool = np.array(SPECIAL, dtype=np.float32 if element == "f32" else np.float64)
    return [rng.choice(pool, size=(2, 3)) for _ in range(2)]


@pytest.mark.parametrize("element", ["f32", "f64", "i32"])
@pytest.mark.parametrize("seed", range(40))
def test_canonicalize_keeps_values_of_random_programs(seed: int, element: str):
    text = ProgramWriter(seed, element).function(steps=40)
    rewritten = apply(text, "-canonicalize")
    rng = np.random.default_rng(seed)
    for _ in range(3):
        args = _arguments(rng, element)
        with np.errstate(all="ignore"):
            before = interpret(text, "f", *args)
            after = interpret(rewritten, "f", *args)
        for index, (b, a) in enumerate(zip(before, after, strict=True)):
            assert same_values(b, a), (
                f"result #{index} differs after -canonicalize\n{text}\n{rewritten}\n"
                f"arguments {args}\nbefore {b}\nafter {a}"
            )


def test_random_programs_give_canonicalize_something_to_do():
    """The value test above means something only if the rewrites fire on these programs."""
    changed = 0
    for seed in range(12):
        text = ProgramWriter(seed, "f32").function()
        printed = apply(text)
        changed += apply(text, "-canonicalize").count("\n") < printed.count("\n")
    assert changed >= 10
