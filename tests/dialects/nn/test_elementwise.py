"""nn's elementwise and gradient-control ops in the interpreter, against references that
compute each element with Python's math module in explicit loops (not numpy's ufuncs),
and numpy broadcasting checked index by index."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from tests.dialects.helpers import error_of, interpret, roundtrip

RNG = np.random.default_rng(7)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def _softplus(x: float) -> float:
    return x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x))


UNARY_FLOAT = {
    "exp": math.exp,
    "expm1": math.expm1,
    "log": math.log,
    "log1p": math.log1p,
    "sqrt": math.sqrt,
    "rsqrt": lambda x: 1.0 / math.sqrt(x),
    "tanh": math.tanh,
    "sigmoid": _sigmoid,
    "softplus": _softplus,
    "neg": lambda x: -x,
    "abs": abs,
    "sign": lambda x: math.copysign(1.0, x) if x != 0 else x,
    "relu": lambda x: x if x > 0 else 0.0,
}


def _each(function, *arrays):
    """`function` applied element by element, with numpy's broadcasting done by hand:
    each index of the result reads index `i % size` (size-1 dims repeat) of each input."""
    rank = max(a.ndim for a in arrays)
    padded = [a.reshape((1,) * (rank - a.ndim) + a.shape) for a in arrays]
    shape = tuple(max(a.shape[d] for a in padded) for d in range(rank))
    out = np.empty(shape, dtype=object)
    for index in itertools.product(*(range(n) for n in shape)):
        values = [a[tuple(i % a.shape[d] for d, i in enumerate(index))] for a in padded]
        out[index] = function(*(v.item() for v in values))
    return out


def _func(params: str, body: list[tuple[str, str]]) -> str:
    """`func.func @f(params)` running `body`, (result type, op line) pairs, and returning
    every result in order: `%name = ...` lines name the values returned."""
    names = [line.split("=", 1)[0].strip() for _, line in body]
    types = ", ".join(t for t, _ in body)
    lines = "\n".join(f"  {line}" for _, line in body)
    return (
        f"func.func @f({params}) -> ({types}) {{\n{lines}\n"
        f"  return {', '.join(names)} : {types}\n}}"
    )


@pytest.mark.parametrize("dtype", ["f32", "f64"])
def test_unary_float_ops_match_math_module(dtype):
    names = list(UNARY_FLOAT)
    body = "\n".join(f"  %{n} = nn.{n} %x : tensor<3x5x{dtype}>" for n in names)
    results = ", ".join(f"%{n}" for n in names)
    types = ", ".join([f"tensor<3x5x{dtype}>"] * len(names))
    text = (
        f"func.func @f(%x: tensor<3x5x{dtype}>) -> ({types}) {{\n{body}\n"
        f"  return {results} : {types}\n}}"
    )
    np_dtype = np.float32 if dtype == "f32" else np.float64
    x = RNG.uniform(0.05, 4.0, size=(3, 5)).astype(np_dtype)
    x[0, 0], x[0, 1] = -0.5, -3.0  # negatives for neg/abs/sign/relu/sigmoid/softplus
    outputs = interpret(text, "f", x)
    for name, got in zip(names, outputs, strict=True):
        assert got.dtype == np_dtype and got.shape == (3, 5), name
        positive_only = name in ("log", "log1p", "sqrt", "rsqrt")
        function = UNARY_FLOAT[name]
        expected = _each(lambda v, f=function, p=positive_only: f(v) if v > 0 or not p else None, x)
        for index in np.ndindex(3, 5):
            if expected[index] is None:
                continue
            want = np_dtype(expected[index])
            assert got[index] == pytest.approx(want, rel=4e-7 if dtype == "f32" else 1e-15), (
                name,
                index,
            )


def test_special_values_of_float_ops():
    ops = ("sigmoid", "softplus", "relu", "sign")
    text = _func(
        "%x: tensor<6xf32>", [("tensor<6xf32>", f"%{n} = nn.{n} %x : tensor<6xf32>") for n in ops]
    )
    x = np.array([-1000.0, 1000.0, np.nan, -0.0, 0.0, 100.0], dtype=np.float32)
    sig, soft, relu, sign = interpret(text, "f", x)
    assert sig[0] == 0.0 and sig[1] == 1.0 and np.isnan(sig[2])
    assert soft[0] == 0.0 and soft[1] == 1000.0 and soft[5] == 100.0  # no overflow
    assert np.isnan(relu[2]) and relu[3] == 0.0 and not np.signbit(relu[3])
    assert np.isnan(sign[2]) and np.signbit(sign[3]) and sign[3] == 0.0 and sign[0] == -1.0


BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a**b,
    "maximum": max,
    "minimum": min,
}


def test_binary_float_ops_broadcast_like_numpy():
    shapes = {"a": (2, 1, 4), "b": (3, 1), "s": ()}
    args = {k: RNG.uniform(0.5, 2.0, size=v) for k, v in shapes.items()}
    cases = [("a", "b"), ("b", "a"), ("a", "s"), ("s", "b")]
    lines, results, types = [], [], []
    for number, (name, (lhs, rhs)) in enumerate(itertools.product(BINARY, cases)):
        shape = np.broadcast_shapes(shapes[lhs], shapes[rhs])
        out = "tensor<" + "".join(f"{d}x" for d in shape) + "f64>"
        lt = "tensor<" + "".join(f"{d}x" for d in shapes[lhs]) + "f64>"
        rt = "tensor<" + "".join(f"{d}x" for d in shapes[rhs]) + "f64>"
        lines.append(f"  %r{number} = nn.{name} %{lhs}, %{rhs} : ({lt}, {rt}) -> {out}")
        results.append((f"%r{number}", name, lhs, rhs))
        types.append(out)
    params = ", ".join(
        f"%{k}: tensor<" + "".join(f"{d}x" for d in v) + "f64>" for k, v in shapes.items()
    )
    text = (
        f"func.func @f({params}) -> ({', '.join(types)}) {{\n"
        + "\n".join(lines)
        + f"\n  return {', '.join(r[0] for r in results)} : {', '.join(types)}\n}}"
    )
    outputs = interpret(text, "f", args["a"], args["b"], args["s"])
    for got, (_, name, lhs, rhs) in zip(outputs, results, strict=True):
        expected = _each(BINARY[name], args[lhs], args[rhs]).astype(np.float64)
        np.testing.assert_allclose(got, expected, rtol=1e-15, err_msg=f"{name}({lhs}, {rhs})")


def test_integer_arithmetic_wraps_and_divides_toward_zero():
    t = "tensor<6xi32>"
    binary = [(t, f"%{n} = nn.{n} %a, %b : {t}") for n in ("add", "mul", "div")]
    unary = [(t, f"%{n} = nn.{n} %a : {t}") for n in ("abs", "neg")]
    text = _func(f"%a: {t}, %b: {t}", binary + unary)
    a = np.array([7, -7, 7, -7, 2**31 - 1, -(2**31)], dtype=np.int32)
    b = np.array([2, 2, -2, -2, 1, 3], dtype=np.int32)
    add, mul, div, absolute, neg = interpret(text, "f", a, b)

    def wrap(v: int) -> int:
        return (v + 2**31) % 2**32 - 2**31

    for i in range(6):
        x, y = int(a[i]), int(b[i])
        assert add[i] == wrap(x + y) and mul[i] == wrap(x * y)
        quotient = abs(x) // abs(y) * (1 if (x < 0) == (y < 0) else -1)
        assert div[i] == wrap(quotient), (x, y)
        assert absolute[i] == wrap(abs(x)) and neg[i] == wrap(-x)


def test_comparisons_select_and_clamp():
    compare = [
        ("tensor<5xi1>", f"%{n} = nn.{n} %a, %b : (tensor<5xf32>, tensor<f32>) -> tensor<5xi1>")
        for n in ("eq", "ne", "lt", "le", "gt", "ge")
    ]
    three = "(tensor<5xi1>, tensor<5xf32>, tensor<f32>) -> tensor<5xf32>"
    bounds = "(tensor<5xf32>, tensor<f32>, tensor<f32>) -> tensor<5xf32>"
    others = [
        ("tensor<5xf32>", f"%sel = nn.select %lt, %a, %b : {three}"),
        ("tensor<f32>", "%lo = nn.neg %b : tensor<f32>"),
        ("tensor<5xf32>", f"%cl = nn.clamp %a, %lo, %b : {bounds}"),
    ]
    text = _func("%a: tensor<5xf32>, %b: tensor<f32>", compare + others)
    a = np.array([-3.0, 1.0, 2.0, np.nan, 5.0], dtype=np.float32)
    b = np.array(2.0, dtype=np.float32)
    eq, ne, lt, le, gt, ge, sel, _, clamp = interpret(text, "f", a, b)
    for i, x in enumerate(a.tolist()):
        y = 2.0
        assert (eq[i], ne[i], lt[i], le[i], gt[i], ge[i]) == (
            x == y,
            x != y,
            x < y,
            x <= y,
            x > y,
            x >= y,
        )
        assert sel[i] == (x if x < y else y)
        if math.isnan(x):
            assert math.isnan(clamp[i])
        else:
            assert clamp[i] == min(max(x, -y), y)


def test_casts_round_saturate_and_wrap():
    casts = [
        ("x", "tensor<7xf32>", "tensor<7xi8>"),
        ("x", "tensor<7xf32>", "tensor<7xi64>"),
        ("i", "tensor<3xi32>", "tensor<3xi8>"),
        ("i", "tensor<3xi32>", "tensor<3xf16>"),
        ("m", "tensor<3xi1>", "tensor<3xf32>"),
        ("x", "tensor<7xf32>", "tensor<7xi1>"),
    ]
    body = [(b, f"%c{n} = nn.cast %{v} : {a} to {b}") for n, (v, a, b) in enumerate(casts)]
    text = _func("%x: tensor<7xf32>, %i: tensor<3xi32>, %m: tensor<3xi1>", body)
    x = np.array([1.9, -1.9, 300.0, -300.0, np.nan, 1e30, 0.0], dtype=np.float32)
    i = np.array([255, 2049, -129], dtype=np.int32)
    m = np.array([True, False, True])
    a, b, c, d, e, f = interpret(text, "f", x, i, m)
    assert a.tolist() == [1, -1, 127, -128, 0, 127, 0]
    assert b.tolist() == [1, -1, 300, -300, 0, 2**63 - 1, 0]
    assert c.tolist() == [-1, 1, 127]  # wraps to 8 bits
    assert d.tolist() == [255.0, 2048.0, -129.0]  # 2049 rounds to even in f16
    assert e.tolist() == [1.0, 0.0, 1.0]
    assert f.tolist() == [True, True, True, True, True, True, False]


def test_gradient_control_ops_forward_their_value():
    text = roundtrip(
        """
    func.func @f(%x: tensor<4xf32>, %p: tensor<4xf32>) -> tensor<4xf32> {
      %0 = nn.stop_gradient %x : tensor<4xf32>
      %1 = nn.grad_clip %0 to [-1.0, 1.0] : tensor<4xf32>
      %2 = nn.grad_scale %1 by 0.5 : tensor<4xf32>
      %3 = nn.straight_through %2, %p : tensor<4xf32>
      return %3 : tensor<4xf32>
    }
    """
    )
    x = np.array([3.0, -2.0, 0.5, 7.0], dtype=np.float32)
    (y,) = interpret(text, "f", x, np.zeros(4, dtype=np.float32))
    assert y.tolist() == x.tolist()


def test_dynamic_sizes_broadcast_and_mismatch_at_run_time():
    text = """
    func.func @f(%a: tensor<?x3xf32>, %b: tensor<?xf32>) -> tensor<?x3xf32> {
      %0 = nn.add %a, %b : (tensor<?x3xf32>, tensor<?xf32>) -> tensor<?x3xf32>
      return %0 : tensor<?x3xf32>
    }
    """
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    (ok,) = interpret(text, "f", a, np.array([10.0], dtype=np.float32))
    assert ok.tolist() == [[10.0, 11.0, 12.0], [13.0, 14.0, 15.0]]
    message = error_of(text, "f", a, np.ones(2, dtype=np.float32))
    assert ":3:12: error: 'nn.add' operands of shapes 2x3, 2 do not broadcast at run time" in (
        message
    )


def test_integer_division_by_zero_is_a_located_error():
    text = """
    func.func @f(%a: tensor<3xi32>, %b: tensor<3xi32>) -> tensor<3xi32> {
      %0 = nn.div %a, %b : tensor<3xi32>
      return %0 : tensor<3xi32>
    }
    """
    a = np.array([1, 2, 3], dtype=np.int32)
    message = error_of(text, "f", a, np.array([1, 0, 1], dtype=np.int32))
    assert "3:12: error: 'nn.div' integer division by zero" in message


def test_wrong_argument_shape_is_a_located_error():
    text = """
    func.func @f(%a: tensor<3xf32>) -> tensor<3xf32> {
      %0 = nn.exp %a : tensor<3xf32>
      return %0 : tensor<3xf32>
    }
    """
    message = error_of(text, "f", np.ones(4, dtype=np.float32))
    assert "expected size 3 in dimension 0 for tensor<3xf32>, got 4" in message
