"""convert-nn-to-linalg keeps results: the interpreter runs each nn program and its
lowering on random inputs (with `?` sizes and broadcasting) and the results agree, bit
for bit where the lowering does the kernels' arithmetic, else within a stated tolerance.

Tolerances: float sums, means, logsumexp, softmax and the losses are accumulated in f64
by both sides, in different orders, so the f64 values may differ in their last bits;
rounded to f32 they nearly always agree: rtol 1e-6 (f32) covers a rounding step. Matrix
products of f32 accumulate in f32 after lowering (as BLAS does): test_matmul checks the
dot-product error bound, and programs built on products (the RNN, the MLP) use rtol 1e-5
with atol 1e-6 (values near zero).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from irc.dialects.nn import OPS as NN_OPS
from irc.dialects.nn.reduce import reduced_shape
from irc.frontend.parser import parse
from irc.frontend.printer import print_op
from irc.ir.diagnostics import DiagnosticEngine, IRError
from irc.ir.verifier import verify
from irc.lowering.nn_to_linalg import RULES, ConvertNNToLinalg, unlowered_ops
from irc.passes.pass_manager import PassContext
from irc.runtime.interpreter import run
from tests.passes.programs import IREE_OPT, IREE_OPT_BINARY

EXAMPLES = Path(__file__).parents[2] / "examples"
RNG = np.random.default_rng(1234)
needs_iree = pytest.mark.skipif(IREE_OPT is None, reason="iree-opt not installed")


def lower(text: str, **options):
    module = parse(text)
    engine = DiagnosticEngine()
    ConvertNNToLinalg(**options).run(module, PassContext(diagnostics=engine))
    return module, engine


def lowered(text: str):
    module, engine = lower(text)
    assert not engine.has_errors, [str(d) for d in engine.diagnostics]
    assert verify(module)
    left = [op.name for op in module.walk() if op.name.startswith("nn.")]
    assert not left, left
    return module


def same(want: np.ndarray, have: np.ndarray, rtol: float, atol: float = 0.0) -> bool:
    want, have = np.asarray(want), np.asarray(have)
    if want.dtype != have.dtype or want.shape != have.shape:
        return False
    if want.dtype.kind != "f":
        return np.array_equal(want, have)
    if rtol == 0:
        both_nan = np.isnan(want) & np.isnan(have)
        exact = (want == have) & (np.signbit(want) == np.signbit(have))
        return bool(np.all(both_nan | exact))
    return bool(np.allclose(want, have, rtol=rtol, atol=atol, equal_nan=True))


def check(text: str, args, rtol: float = 0.0, name: str = "f", atol: float = 0.0) -> None:
    before, after = parse(text), lowered(text)
    expected = run(before, name, *args)
    got = run(after, name, *args)
    for want, have in zip(expected, got, strict=True):
        assert same(want, have, rtol, atol), (text, args, want, have)


# -- inputs -------------------------------------------------------------------------------------

SPECIAL = np.array([0.0, -0.0, np.nan, np.inf, -np.inf, 1e30, -1e30, 3.5, -2.5])


def floats(shape, dtype=np.float32, special=True):
    x = RNG.standard_normal(shape) * 3
    if special and x.size:
        flat = x.reshape(-1)
        picks = RNG.integers(0, flat.size, size=min(flat.size, 4))
        flat[picks] = RNG.choice(SPECIAL, size=picks.size)
    return x.astype(dtype)


def ints(shape, dtype=np.int32, low=-50, high=50):
    return RNG.integers(low, high, size=shape).astype(dtype)


def func(params: str, body: str, result: str) -> str:
    return f"func.func @f({params}) -> {result} {{\n  %r = {body}\n  return %r : {result}\n}}\n"


# -- elementwise --------------------------------------------------------------------------------

UNARY_FLOAT = ["exp", "expm1", "log", "log1p", "sqrt", "rsqrt", "tanh", "sigmoid", "softplus"]
UNARY_NUMERIC = ["neg", "abs", "sign", "relu"]
BINARY_NUMERIC = ["add", "sub", "mul", "div", "maximum", "minimum"]
COMPARE = ["eq", "ne", "lt", "le", "gt", "ge"]


@pytest.mark.parametrize("name", UNARY_FLOAT + UNARY_NUMERIC)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_unary_float(name, dtype):
    element = "f32" if dtype == np.float32 else "f64"
    text = func(f"%x: tensor<?x5x{element}>", f"nn.{name} %x : tensor<?x5x{element}>",
                f"tensor<?x5x{element}>")  # fmt: skip
    # numpy's logaddexp (the softplus kernel) calls the scalar libm exp and log1p, the
    # math kernels numpy's vector ones: in f64 they may differ by an ulp.
    rtol = 1e-15 if (name, dtype) == ("softplus", np.float64) else 0.0
    check(text, [floats((3, 5), dtype)], rtol)


@pytest.mark.parametrize("name", UNARY_NUMERIC)
def test_unary_int(name):
    text = func("%x: tensor<4x?xi32>", f"nn.{name} %x : tensor<4x?xi32>", "tensor<4x?xi32>")
    x = ints((4, 3))
    x[0, 0] = np.iinfo(np.int32).min
    check(text, [x])


@pytest.mark.parametrize("name", BINARY_NUMERIC + ["pow"])
@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_binary_float_broadcast(name, dtype):
    e = "f32" if dtype == np.float32 else "f16"
    types = f"(tensor<?x1x4x{e}>, tensor<3x1x{e}>) -> tensor<?x3x4x{e}>"
    text = func(f"%a: tensor<?x1x4x{e}>, %b: tensor<3x1x{e}>", f"nn.{name} %a, %b : {types}",
                f"tensor<?x3x4x{e}>")  # fmt: skip
    with np.errstate(all="ignore"):
        check(text, [floats((2, 1, 4), dtype), floats((3, 1), dtype)])


@pytest.mark.parametrize("name", BINARY_NUMERIC)
def test_binary_int_dynamic(name):
    types = "(tensor<?x?xi32>, tensor<?xi32>) -> tensor<?x?xi32>"
    text = func("%a: tensor<?x?xi32>, %b: tensor<?xi32>", f"nn.{name} %a, %b : {types}",
                "tensor<?x?xi32>")  # fmt: skip
    b = ints((4,))
    b[b == 0] = 7
    b[1] = -1
    a = ints((3, 4), low=-(2**31), high=2**31 - 1)
    a[0, 1] = np.iinfo(np.int32).min  # MIN / -1 wraps to MIN
    with np.errstate(all="ignore"):
        check(text, [a, b])


def test_integer_division_by_zero_is_reported():
    text = func("%a: tensor<3xi32>, %b: tensor<3xi32>", "nn.div %a, %b : tensor<3xi32>",
                "tensor<3xi32>")  # fmt: skip
    module = lowered(text)
    with pytest.raises(IRError, match="division by zero"):
        run(module, "f", ints((3,)), np.array([1, 0, 2], np.int32))


@pytest.mark.parametrize("name", COMPARE)
@pytest.mark.parametrize("element", ["f32", "i32", "i1"])
def test_compare(name, element):
    types = f"(tensor<?x3x{element}>, tensor<3x{element}>) -> tensor<?x3xi1>"
    text = func(f"%a: tensor<?x3x{element}>, %b: tensor<3x{element}>",
                f"nn.{name} %a, %b : {types}", "tensor<?x3xi1>")  # fmt: skip
    make = {"f32": floats, "i32": lambda s: ints(s, low=-3, high=3),
            "i1": lambda s: RNG.integers(0, 2, s).astype(bool)}[element]  # fmt: skip
    check(text, [make((4, 3)), make((3,))])


def test_clamp_and_select():
    clamp = func("%x: tensor<?x4xf32>, %lo: tensor<f32>, %hi: tensor<4xf32>",
                 "nn.clamp %x, %lo, %hi : (tensor<?x4xf32>, tensor<f32>, tensor<4xf32>) "
                 "-> tensor<?x4xf32>", "tensor<?x4xf32>")  # fmt: skip
    check(clamp, [floats((3, 4)), np.array(-1.0, np.float32), np.full(4, 2.0, np.float32)])
    iclamp = func("%x: tensor<5xi32>, %lo: tensor<i32>, %hi: tensor<i32>",
                  "nn.clamp %x, %lo, %hi : (tensor<5xi32>, tensor<i32>, tensor<i32>) "
                  "-> tensor<5xi32>", "tensor<5xi32>")  # fmt: skip
    check(iclamp, [ints((5,)), np.array(-10, np.int32), np.array(10, np.int32)])
    select = func("%c: tensor<?x1xi1>, %a: tensor<?x3xf32>, %b: tensor<f32>",
                  "nn.select %c, %a, %b : (tensor<?x1xi1>, tensor<?x3xf32>, tensor<f32>) "
                  "-> tensor<?x3xf32>", "tensor<?x3xf32>")  # fmt: skip
    cond = RNG.integers(0, 2, (4, 1)).astype(bool)
    check(select, [cond, floats((4, 3)), np.array(7.0, np.float32)])


CASTS = [
    ("f32", "i32"), ("f32", "i8"), ("f32", "i64"), ("f64", "i32"), ("f32", "i1"),
    ("i32", "f32"), ("i1", "f32"), ("i1", "i32"), ("i32", "i8"), ("i8", "i64"),
    ("i32", "i1"), ("f32", "f64"), ("f64", "f32"), ("f32", "f16"), ("f16", "f32"),
    ("f16", "i8"), ("f16", "i32"), ("f64", "i64"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target"), CASTS)
def test_cast(source, target):
    text = func(f"%x: tensor<?x{source}>",
                f"nn.cast %x : tensor<?x{source}> to tensor<?x{target}>",
                f"tensor<?x{target}>")  # fmt: skip
    with np.errstate(all="ignore"):
        if source[0] == "f":
            dtype = {"f16": np.float16, "f32": np.float32, "f64": np.float64}[source]
            edges = np.array([2**31, -(2**31), 2**31 - 1, 127.9, -128.7], dtype)
            parts = [floats((12,), dtype) * 1e9, floats((12,), dtype), SPECIAL.astype(dtype), edges]
            x = np.concatenate(parts)
        elif source == "i1":
            x = RNG.integers(0, 2, 10).astype(bool)
        else:
            dtype = {"i8": np.int8, "i32": np.int32}[source]
            info = np.iinfo(dtype)
            x = RNG.integers(info.min, info.max, 20, endpoint=True).astype(dtype)
        check(text, [x])


def test_runtime_size_one_is_not_broadcast():
    """Two `?` sizes meet: compiled code treats them as equal and asserts it."""
    text = func("%a: tensor<?xf32>, %b: tensor<?xf32>", "nn.add %a, %b : tensor<?xf32>",
                "tensor<?xf32>")  # fmt: skip
    module = lowered(text)
    assert "cf.assert" in str(module)
    check(text, [floats((5,)), floats((5,))])
    with pytest.raises(IRError, match="'nn.add' operand #1 dimension 0"):
        run(module, "f", floats((5,)), floats((1,)))


# -- reductions -----------------------------------------------------------------------------------

REDUCTIONS = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "logsumexp"]


@pytest.mark.parametrize("name", REDUCTIONS)
@pytest.mark.parametrize(("axes", "keepdims"), [("[1]", ""), ("[0, 2]", " keepdims"), ("[]", "")])
def test_reduce_float(name, axes, keepdims):
    numbers = [int(a) for a in axes.strip("[]").split(",") if a.strip()]
    shape = reduced_shape(("?", 4, 3), numbers, bool(keepdims))
    result = f"tensor<{''.join(f'{d}x' for d in shape)}f32>"
    text = func(
        "%x: tensor<?x4x3xf32>",
        f"nn.{name} %x {axes}{keepdims} : (tensor<?x4x3xf32>) -> {result}",
        result,
    )
    exact = name in ("reduce_max", "reduce_min") or axes == "[]"
    x = floats((2, 4, 3), special=False)
    check(text, [x], rtol=0 if exact else 1e-6)
    x[1, 2, 0] = np.nan
    check(text, [x], rtol=0 if exact else 1e-6)


@pytest.mark.parametrize("name", ["reduce_sum", "reduce_max", "reduce_min", "reduce_prod"])
def test_reduce_int(name):
    text = func("%x: tensor<3x?xi32>", f"nn.{name} %x [1] : (tensor<3x?xi32>) -> tensor<3xi32>",
                "tensor<3xi32>")  # fmt: skip
    check(text, [ints((3, 5), low=-(2**31), high=2**31 - 1)])


def test_reduce_max_of_empty_dimension_is_reported():
    text = func("%x: tensor<?x?xf32>", "nn.reduce_max %x [1] : (tensor<?x?xf32>) -> tensor<?xf32>",
                "tensor<?xf32>")  # fmt: skip
    with pytest.raises(IRError, match="empty"):
        run(lowered(text), "f", np.zeros((2, 0), np.float32))
    check(text, [np.zeros((0, 0), np.float32)])  # no result elements: no error
    static = func("%x: tensor<2x0xi32>", "nn.argmax %x axis 1 : (tensor<2x0xi32>) -> tensor<2xi64>",
                  "tensor<2xi64>")  # fmt: skip
    with pytest.raises(IRError, match="empty"):
        run(lowered(static), "f", np.zeros((2, 0), np.int32))


@pytest.mark.parametrize("keepdims", ["", " keepdims"])
@pytest.mark.parametrize("element", ["f32", "i32"])
def test_argmax(keepdims, element):
    result = "tensor<?x1xi64>" if keepdims else "tensor<?xi64>"
    text = func(
        f"%x: tensor<?x6x{element}>",
        f"nn.argmax %x axis 1{keepdims} : (tensor<?x6x{element}>) -> {result}",
        result,
    )
    if element == "f32":
        x = floats((5, 6))
        x[3] = -np.inf
        x[4, 2], x[4, 4] = np.nan, np.nan
    else:
        x = ints((5, 6), low=-3, high=3)
    check(text, [x])


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [0, 1])
def test_softmax(name, axis):
    text = func("%x: tensor<?x5xf32>", f"nn.{name} %x axis {axis} : tensor<?x5xf32>",
                "tensor<?x5xf32>")  # fmt: skip
    x = floats((3, 5), special=False) * 10
    x[0, 1] = 1e4
    check(text, [x], rtol=1e-6)


@pytest.mark.parametrize("name", ["cross_entropy", "softmax_cross_entropy"])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_losses(name, reduction):
    result = "tensor<?xf32>" if reduction == "none" else "tensor<f32>"
    text = func("%s: tensor<?x4xf32>, %y: tensor<?xi32>",
                f"nn.{name} %s, %y reduction {reduction} : (tensor<?x4xf32>, tensor<?xi32>) "
                f"-> {result}", result)  # fmt: skip
    scores = RNG.uniform(0.01, 1, (5, 4)).astype(np.float32)
    labels = RNG.integers(0, 4, 5).astype(np.int32)
    check(text, [scores, labels], rtol=1e-6)
    with pytest.raises(IRError, match="out of range"):
        run(lowered(text), "f", scores, np.array([0, 1, 4, 0, 0], np.int32))


MATMULS = [
    ("tensor<?x3xf32>", "tensor<3x5xf32>", "", "tensor<?x5xf32>", (4, 3), (3, 5)),
    ("tensor<4x3xf32>", "tensor<5x3xf32>", " transpose_b", "tensor<4x5xf32>", (4, 3), (5, 3)),
    ("tensor<3x4xf32>", "tensor<3x5xf32>", " transpose_a", "tensor<4x5xf32>", (3, 4), (3, 5)),
    ("tensor<2x4x3xf32>", "tensor<2x3x5xf32>", "", "tensor<2x4x5xf32>", (2, 4, 3), (2, 3, 5)),
    ("tensor<?x4x3xf32>", "tensor<3x5xf32>", "", "tensor<?x4x5xf32>", (2, 4, 3), (3, 5)),
    ("tensor<2x?x4x3xf32>", "tensor<5x3xf32>", " transpose_b", "tensor<2x?x4x5xf32>",
     (2, 3, 4, 3), (5, 3)),
    ("tensor<2x3x4xf32>", "tensor<3x5xf32>", " transpose_a", "tensor<2x4x5xf32>",
     (2, 3, 4), (3, 5)),
    ("tensor<2x1x4x3xf32>", "tensor<3x5x3xf32>", " transpose_b", "tensor<2x3x4x5xf32>",
     (2, 1, 4, 3), (3, 5, 3)),
    ("tensor<4x3xi32>", "tensor<3x?xi32>", "", "tensor<4x?xi32>", (4, 3), (3, 2)),
]  # fmt: skip


@pytest.mark.parametrize(("ta", "tb", "flags", "result", "sa", "sb"), MATMULS)
def test_matmul(ta, tb, flags, result, sa, sb):
    text = func(f"%a: {ta}, %b: {tb}", f"nn.matmul %a, %b{flags} : ({ta}, {tb}) -> {result}",
                result)  # fmt: skip
    if "i32" in ta:
        check(text, [ints(sa, low=-(2**31), high=2**31 - 1), ints(sb)])
    else:
        a, b = floats(sa, special=False), floats(sb, special=False)
        (want,), (have,) = run(parse(text), "f", a, b), run(lowered(text), "f", a, b)
        # f32 accumulates in f32 after lowering: within the classic bound of a k-term
        # dot product, k * eps * (|A| @ |B|), of the interpreter's sum rounded once.
        flip = lambda x, on: np.swapaxes(x, -1, -2) if on else x  # noqa: E731
        magnitude = np.abs(flip(a, "transpose_a" in flags)) @ np.abs(
            flip(b, "transpose_b" in flags)
        )
        k = a.shape[-2] if "transpose_a" in flags else a.shape[-1]
        assert have.dtype == want.dtype and have.shape == want.shape
        assert np.all(np.abs(have - want) <= (k + 1) * 2.0**-24 * magnitude), (text, want, have)


def test_matmul_contracted_sizes_are_asserted():
    text = func("%a: tensor<2x?xf32>, %b: tensor<?x2xf32>",
                "nn.matmul %a, %b : (tensor<2x?xf32>, tensor<?x2xf32>) -> tensor<2x2xf32>",
                "tensor<2x2xf32>")  # fmt: skip
    with pytest.raises(IRError, match="contracted sizes"):
        run(lowered(text), "f", floats((2, 3)), floats((4, 2)))


EDGES = [
    (func("%x: tensor<f32>, %y: tensor<f32>", "nn.add %x, %y : tensor<f32>", "tensor<f32>"),
     [np.array(1.5, np.float32), np.array(2.0, np.float32)], 0.0),
    (func("%x: tensor<f32>", "nn.reduce_sum %x [] : tensor<f32>", "tensor<f32>"),
     [np.array(1.5, np.float32)], 0.0),
    (func("%x: tensor<2x0xf32>, %y: tensor<0x3xf32>",
          "nn.matmul %x, %y : (tensor<2x0xf32>, tensor<0x3xf32>) -> tensor<2x3xf32>",
          "tensor<2x3xf32>"), [np.zeros((2, 0), np.float32), np.zeros((0, 3), np.float32)], 0.0),
    (func("%x: tensor<?x3xf32>", "nn.reduce_mean %x [0] : (tensor<?x3xf32>) -> tensor<3xf32>",
          "tensor<3xf32>"), [np.zeros((0, 3), np.float32)], 0.0),
    (func("%x: tensor<?x3xf32>", "nn.softmax %x axis 1 : tensor<?x3xf32>", "tensor<?x3xf32>"),
     [np.array([[-np.inf] * 3, [np.inf, 1, 2]], np.float32)], 0.0),
    (func("%x: tensor<?x3xf32>", "nn.logsumexp %x [1] : (tensor<?x3xf32>) -> tensor<?xf32>",
          "tensor<?xf32>"), [np.array([[-np.inf] * 3, [np.inf, 1, 2]], np.float32)], 0.0),
    (func("%s: tensor<4xf32>, %y: tensor<i32>", "nn.softmax_cross_entropy %s, %y reduction none"
          " : (tensor<4xf32>, tensor<i32>) -> tensor<f32>", "tensor<f32>"),
     [np.array([1.0, -2.0, 30.0, 0.5], np.float32), np.array(2, np.int32)], 1e-6),
]  # fmt: skip


@pytest.mark.parametrize(("text", "args", "rtol"), EDGES)
def test_edge_cases(text, args, rtol):
    """Scalars, empty matrices and means, all -inf or +inf rows (the kernels' values)."""
    with np.errstate(all="ignore"):
        check(text, args, rtol)


# -- shape ops ----------------------------------------------------------------------------------

SHAPES = [
    ("nn.reshape %x : tensor<2x?x3xf32> to tensor<?x6xf32>", "tensor<2x?x3xf32>", (2, 2, 3)),
    ("nn.reshape %x : tensor<2x?x3xf32> to tensor<12xf32>", "tensor<2x?x3xf32>", (2, 2, 3)),
    ("nn.reshape %x : tensor<4x3xf32> to tensor<2x3x2xf32>", "tensor<4x3xf32>", (4, 3)),
    ("nn.reshape %x : tensor<1x1xf32> to tensor<f32>", "tensor<1x1xf32>", (1, 1)),
    ("nn.reshape %x : tensor<f32> to tensor<1x1xf32>", "tensor<f32>", ()),
    ("nn.reshape %x : tensor<?xf32> to tensor<2x?xf32>", "tensor<?xf32>", (6,)),
    ("nn.reshape %x : tensor<?x3x4xf32> to tensor<?x12xf32>", "tensor<?x3x4xf32>", (2, 3, 4)),
    ("nn.reshape %x : tensor<?x12xf32> to tensor<?x3x1x4x1xf32>", "tensor<?x12xf32>", (2, 12)),
    ("nn.reshape %x : tensor<2x6xf32> to tensor<3x4xf32>", "tensor<2x6xf32>", (2, 6)),
    ("nn.reshape %x : tensor<1x6x1xf32> to tensor<6xf32>", "tensor<1x6x1xf32>", (1, 6, 1)),
    ("nn.broadcast_to %x : tensor<3x1xf32> to tensor<2x3x4xf32>", "tensor<3x1xf32>", (3, 1)),
    ("nn.broadcast_to %x : tensor<?x1xf32> to tensor<?x5xf32>", "tensor<?x1xf32>", (3, 1)),
    ("nn.transpose %x [2, 0, 1] : tensor<2x?x4xf32>", "tensor<2x?x4xf32>", (2, 3, 4)),
    ("nn.expand_dims %x [0, 2, 4] : tensor<?x3xf32>", "tensor<?x3xf32>", (2, 3)),
    ("nn.expand_dims %x [0] : tensor<f32>", "tensor<f32>", ()),
    ("nn.squeeze %x [0, 2] : tensor<1x3x1xf32>", "tensor<1x3x1xf32>", (1, 3, 1)),
    ("nn.squeeze %x [1] : tensor<3x?xf32>", "tensor<3x?xf32>", (3, 1)),
    ("nn.squeeze %x [0, 1] : tensor<1x1xf32>", "tensor<1x1xf32>", (1, 1)),
    ("nn.slice %x starts [1, 0] sizes [2, 2] strides [1, 2] : tensor<?x5xf32>",
     "tensor<?x5xf32>", (4, 5)),
]  # fmt: skip


def _result_type(line: str, operand: str) -> str:
    """The result type of a one-op function, from the parsed op (inferred or written)."""
    text = f"func.func @f(%x: {operand}) {{\n  %r = {line}\n  return\n}}\n"
    op = next(op for op in parse(text).walk() if op.name.startswith("nn."))
    return str(op.results[0].type)


@pytest.mark.parametrize(("line", "operand", "shape"), SHAPES)
def test_shape_ops(line, operand, shape):
    result = _result_type(line, operand)
    check(func(f"%x: {operand}", line, result), [floats(shape)])


def test_shape_ops_assert_hidden_sizes():
    squeeze = func("%x: tensor<3x?xf32>", "nn.squeeze %x [1] : tensor<3x?xf32>", "tensor<3xf32>")
    with pytest.raises(IRError, match="size 1"):
        run(lowered(squeeze), "f", floats((3, 2)))
    reshape = func("%x: tensor<?xf32>", "nn.reshape %x : tensor<?xf32> to tensor<2x?xf32>",
                   "tensor<2x?xf32>")  # fmt: skip
    with pytest.raises(IRError, match="element count"):
        run(lowered(reshape), "f", floats((5,)))
    sliced = func("%x: tensor<?xf32>", "nn.slice %x starts [1] sizes [3] strides [2] : "
                  "tensor<?xf32>", "tensor<3xf32>")  # fmt: skip
    with pytest.raises(IRError, match="past its size"):
        run(lowered(sliced), "f", floats((5,)))


def test_constant_concat_pad():
    constant = func("", "nn.constant dense<[[1.0, -2.0], [0.5, 3.0]]> : tensor<2x2xf32>",
                    "tensor<2x2xf32>")  # fmt: skip
    check(constant, [])
    types = "(tensor<?x3xf32>, tensor<2x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>"
    concat = func("%a: tensor<?x3xf32>, %b: tensor<2x3xf32>, %c: tensor<?x3xf32>",
                  f"nn.concat %a, %b, %c axis 0 : {types}", "tensor<?x3xf32>")  # fmt: skip
    check(concat, [floats((1, 3)), floats((2, 3)), floats((4, 3))])
    types = "(tensor<?x3xf32>, tensor<3x3xf32>) -> tensor<?x6xf32>"
    concat1 = func("%a: tensor<?x3xf32>, %b: tensor<3x3xf32>", f"nn.concat %a, %b axis 1 : {types}",
                   "tensor<?x6xf32>")  # fmt: skip
    check(concat1, [floats((3, 3)), floats((3, 3))])
    pad = func("%x: tensor<?x3xf32>, %v: tensor<f32>",
               "nn.pad %x, %v low [1, 0] high [2, 1] : (tensor<?x3xf32>, tensor<f32>) -> "
               "tensor<?x4xf32>", "tensor<?x4xf32>")  # fmt: skip
    check(pad, [floats((2, 3)), np.array(-7.0, np.float32)])


@pytest.mark.parametrize("axis", [0, 1])
def test_gather(axis):
    result = "tensor<2x?x4xf32>" if axis == 0 else "tensor<5x2x?xf32>"
    text = func("%t: tensor<5x4xf32>, %i: tensor<2x?xi32>",
                f"nn.gather %t, %i axis {axis} : (tensor<5x4xf32>, tensor<2x?xi32>) -> {result}",
                result)  # fmt: skip
    size = 5 if axis == 0 else 4
    indices = RNG.integers(0, size, (2, 3)).astype(np.int32)
    check(text, [floats((5, 4)), indices])
    indices[1, 2] = size
    with pytest.raises(IRError, match="outside"):
        run(lowered(text), "f", floats((5, 4)), indices)


@pytest.mark.parametrize("element", ["f32", "i1", "i32"])
def test_one_hot(element):
    text = func("%i: tensor<?xi64>",
                f"nn.one_hot %i depth 4 : tensor<?xi64> to tensor<?x4x{element}>",
                f"tensor<?x4x{element}>")  # fmt: skip
    check(text, [RNG.integers(0, 4, 6)])
    with pytest.raises(IRError, match="outside"):
        run(lowered(text), "f", np.array([0, -1]))


# -- gradient control: forward is the operand ------------------------------------------------------

GRADIENT_OPS = [
    "nn.stop_gradient %x : tensor<?x3xf32>",
    "nn.grad_clip %x to [-1.0, 1.0] : tensor<?x3xf32>",
    "nn.grad_scale %x by 0.5 : tensor<?x3xf32>",
    "nn.straight_through %x, %x : tensor<?x3xf32>",
]


@pytest.mark.parametrize("line", GRADIENT_OPS)
def test_gradient_ops_are_identity(line):
    check(func("%x: tensor<?x3xf32>", line, "tensor<?x3xf32>"), [floats((2, 3))])


# -- programs, coverage, failures ------------------------------------------------------------------


def test_mlp_example():
    """examples/mlp.mlir, with its 784 and 128 sizes made small (the interpreter runs
    linalg bodies one point at a time)."""
    text = (EXAMPLES / "mlp.mlir").read_text().replace("784", "12").replace("128", "8")
    x, w1, b1 = floats((3, 12), special=False), floats((12, 8), special=False), floats((8,))
    w2, b2 = floats((8, 10), special=False), floats((10,), special=False)
    labels = RNG.integers(0, 10, 3).astype(np.int32)
    check(text, [x, w1, b1, w2, b2], rtol=1e-5, name="forward", atol=1e-6)
    check(text, [x, w1, b1, w2, b2, labels], rtol=1e-5, name="loss", atol=1e-6)
    check(text, [x, w1, b1, w2, b2], name="predict")


# nn.yield has no rule of its own: the scan's rule turns it into scf.yield.
NOT_LOWERED = {"nn.yield"}


def test_every_nn_op_has_a_rule_or_is_listed():
    assert set(unlowered_ops()) == NOT_LOWERED
    assert all(cls in RULES for name, cls in NN_OPS.items() if name not in NOT_LOWERED)


KEY_ARGUMENT = """
func.func @f(%k: !nn.key) -> tensor<4xf32> {
  %u = nn.random_uniform %k : tensor<4xf32>
  %e = nn.exp %u : tensor<4xf32>
  return %e : tensor<4xf32>
}
"""


def test_unlowered_op_is_a_located_error():
    module, engine = lower(KEY_ARGUMENT)
    assert engine.has_errors
    text = "\n".join(str(d) for d in engine.diagnostics)
    assert "failed to legalize operation 'nn.random_uniform'" in text
    assert "calling convention for keys" in text
    assert "irc/lowering/nn_to_linalg/random.py:" in text  # where the rule is defined
    assert ":3:" in text


def test_allow_partial_leaves_unlowered_ops():
    module, engine = lower(KEY_ARGUMENT, allow_partial=True)
    assert not engine.has_errors
    names = {op.name for op in module.walk()}
    assert {"nn.random_uniform", "linalg.generic"} <= names
    assert "nn.exp" not in names


# -- random: the Philox rounds as arith ops give the interpreter's bits --------------------------

DRAWS = [
    ("nn.random_bits %k : tensor<2x3xi32>", "tensor<2x3xi32>"),
    ("nn.random_bits %k : tensor<3xi64>", "tensor<3xi64>"),
    ("nn.random_uniform %k like %x : tensor<?x3xf32> -> tensor<?x3xf32>", "tensor<?x3xf32>"),
    ("nn.random_uniform %k like %x : tensor<?x3xf32> -> tensor<?x3xf16>", "tensor<?x3xf16>"),
    ("nn.random_uniform %k : tensor<5xf64>", "tensor<5xf64>"),
    ("nn.random_normal %k : tensor<5xf32>", "tensor<5xf32>"),
    ("nn.random_normal %k like %x : tensor<?x3xf32> -> tensor<?x3xf64>", "tensor<?x3xf64>"),
    ("nn.random_bernoulli %k, %p : tensor<5xf32> -> tensor<5xi1>", "tensor<5xi1>"),
    ("nn.random_bernoulli %k, %p : tensor<5xf32>", "tensor<5xf32>"),
]
F32_ULPS = 4 * float(np.finfo(np.float32).eps)  # the lowered f32 Box-Muller's distance
KEYS = [
    "%k = nn.random_key 42",
    "%k = nn.random_key -3",
    "%k = nn.random_key %s : tensor<i64>",
    "%k0 = nn.random_key %s : tensor<i64>\n  %k:2 = nn.random_split %k0 into 2",
    "%k0 = nn.random_key 7\n  %k = nn.random_fold %k0, %s : tensor<i64>",
]


@pytest.mark.parametrize("draw", DRAWS)
@pytest.mark.parametrize("key", KEYS)
def test_random(draw, key):
    line, result = draw
    if "random_split" in key:
        line = line.replace("%k ", "%k#1 ").replace("%k,", "%k#1,")
    text = (
        f"func.func @f(%x: tensor<?x3xf32>, %s: tensor<i64>, %p: tensor<5xf32>) -> {result} {{\n"
        f"  {key}\n  %r = {line}\n  return %r : {result}\n}}\n"
    )
    probabilities = np.array([0.0, 0.3, 0.5, 0.99, 1.0], np.float32)
    # normal draws agree to floating-point tolerance by design (docs/random.md): f64 ones
    # run numpy's log1p, sqrt and cos in f64 on both sides, so they agree exactly; f32
    # ones are computed in f32 when lowered (log1p and sin, a few ulps from f64 rounded).
    tolerance = F32_ULPS if "random_normal" in line and result.endswith("xf32>") else 0.0
    args = [floats((2, 3)), np.array(-(2**40) + 5, np.int64), probabilities]
    check(text, args, rtol=tolerance, atol=tolerance)


# -- scan -----------------------------------------------------------------------------------------

RNN = """
func.func @f(%xs: tensor<?x2x3xf32>, %h0: tensor<2x4xf32>, %w: tensor<3x4xf32>)
    -> (tensor<2x4xf32>, tensor<?x2x4xf32>, tensor<?xf32>) {
  %h_last, %hs, %ss = nn.scan REVERSE(%x = %xs : tensor<?x2x3xf32>)
      carry(%h = %h0 : tensor<2x4xf32>) invariant(%v = %w : tensor<3x4xf32>)
      -> (tensor<2x4xf32>, tensor<?x2x4xf32>, tensor<?xf32>) {
    %xw = nn.matmul %x, %v : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
    %s = nn.add %xw, %h : tensor<2x4xf32>
    %h2 = nn.tanh %s : tensor<2x4xf32>
    %total = nn.reduce_sum %h2 [0, 1] : (tensor<2x4xf32>) -> tensor<f32>
    nn.yield %h2, %h2, %total : tensor<2x4xf32>, tensor<2x4xf32>, tensor<f32>
  }
  return %h_last, %hs, %ss : tensor<2x4xf32>, tensor<?x2x4xf32>, tensor<?xf32>
}
"""


@pytest.mark.parametrize("reverse", ["", "reverse "])
@pytest.mark.parametrize("steps", [0, 1, 4])
def test_scan(reverse, steps):
    text = RNN.replace("REVERSE", reverse)
    args = [floats((steps, 2, 3), special=False), floats((2, 4)), floats((3, 4), special=False)]
    check(text, args, rtol=1e-5, atol=1e-6)


# A `?` batch: the stacked outputs get the sizes the first step outputs. With no steps
# they are what one run of the body on zero slices gives, as in the interpreter (%hs: the
# state's batch, %xws and %sums: the sequence's).
RNN_ANY_BATCH = """
func.func @f(%xs: tensor<?x?x3xf32>, %h0: tensor<?x4xf32>, %w: tensor<3x4xf32>)
    -> (tensor<?x4xf32>, tensor<?x?x4xf32>, tensor<?x?x4xf32>, tensor<?x?xf32>) {
  %h_last, %hs, %xws, %sums = nn.scan REVERSE(%x = %xs : tensor<?x?x3xf32>)
      carry(%h = %h0 : tensor<?x4xf32>) invariant(%v = %w : tensor<3x4xf32>)
      -> (tensor<?x4xf32>, tensor<?x?x4xf32>, tensor<?x?x4xf32>, tensor<?x?xf32>) {
    %xw = nn.matmul %x, %v : (tensor<?x3xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
    %s = nn.add %xw, %h : tensor<?x4xf32>
    %h2 = nn.tanh %s : tensor<?x4xf32>
    %sum = nn.reduce_sum %h2 [1] : (tensor<?x4xf32>) -> tensor<?xf32>
    nn.yield %h2, %h2, %xw, %sum : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>,
        tensor<?xf32>
  }
  return %h_last, %hs, %xws, %sums
      : tensor<?x4xf32>, tensor<?x?x4xf32>, tensor<?x?x4xf32>, tensor<?x?xf32>
}
"""


@pytest.mark.parametrize("reverse", ["", "reverse "])
@pytest.mark.parametrize(("steps", "batch"), [(3, 2), (1, 1), (2, 0)])
def test_scan_with_a_dynamic_batch(reverse, steps, batch):
    text = RNN_ANY_BATCH.replace("REVERSE", reverse)
    args = [floats((steps, batch, 3), special=False), floats((batch, 4)),
            floats((3, 4), special=False)]  # fmt: skip
    check(text, args, rtol=1e-5, atol=1e-6)


def test_scan_with_a_dynamic_batch_and_no_steps():
    module = lowered(RNN_ANY_BATCH.replace("REVERSE", ""))
    args = [floats((0, 2, 3)), floats((2, 4)), floats((3, 4))]
    h_last, hs, xws, sums = run(module, "f", *args)
    np.testing.assert_array_equal(h_last, args[1])
    assert (hs.shape, xws.shape, sums.shape) == ((0, 2, 4), (0, 2, 4), (0, 2))
    check(RNN_ANY_BATCH.replace("REVERSE", ""), args, rtol=1e-5, atol=1e-6)


TWO_SEQUENCES = """
func.func @f(%a: tensor<?x3xi32>, %b: tensor<?xi32>, %c0: tensor<3xi32>)
    -> (tensor<3xi32>, tensor<?x3xi32>) {
  %c, %ys = nn.scan (%x = %a : tensor<?x3xi32>, %y = %b : tensor<?xi32>)
      carry(%c = %c0 : tensor<3xi32>) -> (tensor<3xi32>, tensor<?x3xi32>) {
    %m = nn.mul %x, %y : (tensor<3xi32>, tensor<i32>) -> tensor<3xi32>
    %n = nn.add %m, %c : tensor<3xi32>
    nn.yield %n, %m : tensor<3xi32>, tensor<3xi32>
  }
  return %c, %ys : tensor<3xi32>, tensor<?x3xi32>
}
"""


def test_scan_two_sequences():
    check(TWO_SEQUENCES, [ints((5, 3)), ints((5,)), ints((3,))])
    with pytest.raises(IRError, match="as many steps"):
        run(lowered(TWO_SEQUENCES), "f", ints((5, 3)), ints((4,)), ints((3,)))


PADDED = """
func.func @f(%xs: tensor<?x2x4xf32>, %h0: tensor<2x4xf32>, %n: tensor<2xi32>)
    -> (tensor<2x4xf32>, tensor<?x2x4xf32>) {
  %c, %ys = nn.scan REVERSE(%x = %xs : tensor<?x2x4xf32>) carry(%h = %h0 : tensor<2x4xf32>)
      lengths(%n : tensor<2xi32>) -> (tensor<2x4xf32>, tensor<?x2x4xf32>) {
    %h2 = nn.add %h, %x : tensor<2x4xf32>
    %y = nn.exp %h2 : tensor<2x4xf32>
    nn.yield %h2, %y : tensor<2x4xf32>, tensor<2x4xf32>
  }
  return %c, %ys : tensor<2x4xf32>, tensor<?x2x4xf32>
}
"""


@pytest.mark.parametrize("reverse", ["", "reverse "])
def test_scan_with_lengths(reverse):
    text = PADDED.replace("REVERSE", reverse)
    args = [floats((3, 2, 4), special=False), floats((2, 4)), np.array([2, 0], np.int32)]
    check(text, args)
    check(text, [args[0], args[1], np.array([3, 1], np.int32)])
    with pytest.raises(IRError, match="outside 0..steps"):
        run(lowered(text), "f", args[0], args[1], np.array([4, 1], np.int32))


# -- MLIR reads the lowering -----------------------------------------------------------------------


def _sample_programs() -> list[str]:
    """One program per family of tests above (the rules' every shape of output)."""
    programs = [RNN.replace("REVERSE", "reverse "), TWO_SEQUENCES, PADDED.replace("REVERSE", "")]
    programs.append((EXAMPLES / "mlp.mlir").read_text())
    for line, operand, _ in SHAPES:
        programs.append(func(f"%x: {operand}", line, _result_type(line, operand)))
    for source, target in CASTS:
        programs.append(
            func(f"%x: tensor<?x{source}>", f"nn.cast %x : tensor<?x{source}> to "
                 f"tensor<?x{target}>", f"tensor<?x{target}>")
        )  # fmt: skip
    for ta, tb, flags, result, _, _ in MATMULS:
        programs.append(
            func(f"%a: {ta}, %b: {tb}", f"nn.matmul %a, %b{flags} : ({ta}, {tb}) -> {result}",
                 result)
        )  # fmt: skip
    for line, result in DRAWS:
        programs.append(
            f"func.func @f(%x: tensor<?x3xf32>, %s: tensor<i64>, %p: tensor<5xf32>) -> "
            f"{result} {{\n  %k0 = nn.random_key %s : tensor<i64>\n  %k = nn.random_fold "
            f"%k0, %s : tensor<i64>\n  %r = {line}\n  return %r : {result}\n}}\n"
        )
    for name in ["cross_entropy", "softmax_cross_entropy"]:
        programs.append(
            func("%s: tensor<?x4xf32>, %y: tensor<?xi32>", f"nn.{name} %s, %y reduction mean"
                 " : (tensor<?x4xf32>, tensor<?xi32>) -> tensor<f32>", "tensor<f32>")
        )  # fmt: skip
    programs.append(
        func("%i: tensor<?xi64>", "nn.one_hot %i depth 4 : tensor<?xi64> to tensor<?x4xf32>",
             "tensor<?x4xf32>")
    )  # fmt: skip
    return programs


@needs_iree
def test_iree_opt_accepts_the_lowering():
    """iree-opt parses and verifies what the pass emits (and prints it back)."""
    texts = [print_op(lowered(text)) for text in _sample_programs()]
    joined = "\n// -----\n".join(texts)
    done = subprocess.run(
        [IREE_OPT_BINARY, "--split-input-file", "-"],
        input=joined, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[:4000]


# -- compiled: the lowering through bufferization and loops to irc.jit -----------------------------

TO_LOOPS = (
    "builtin.module(convert-nn-to-linalg,canonicalize,cse,one-shot-bufferize{"
    "bufferize-function-boundaries=true allow-return-allocs-from-loops=true},"
    "convert-linalg-to-loops)"
)


def _has_passes(*names: str) -> bool:
    from irc.passes.registry import PASSES

    return all(name in PASSES for name in names)


needs_loops = pytest.mark.skipif(
    not _has_passes("one-shot-bufferize", "convert-linalg-to-loops"),
    reason="one-shot-bufferize or convert-linalg-to-loops is not registered",
)


def _compiled_cases():
    """(program, arguments, function, rtol); an f16 program is in
    tests/runtime/test_jit_tensors.py."""
    mlp = (EXAMPLES / "mlp.mlir").read_text()
    x, w1 = floats((4, 784), special=False), floats((784, 128), special=False) * 0.05
    b1, w2, b2 = floats((128,)), floats((128, 10), special=False) * 0.1, floats((10,))
    labels = RNG.integers(0, 10, 4).astype(np.int32)
    a = ints((3, 4), low=-(2**31), high=2**31 - 1)
    a[0, 1] = np.iinfo(np.int32).min
    divisor = np.array([3, -1, 7, -5], np.int32)
    divide = func("%a: tensor<?x?xi32>, %b: tensor<?xi32>",
                  "nn.div %a, %b : (tensor<?x?xi32>, tensor<?xi32>) -> tensor<?x?xi32>",
                  "tensor<?x?xi32>")  # fmt: skip
    cast = func("%x: tensor<?xf32>", "nn.cast %x : tensor<?xf32> to tensor<?xi8>", "tensor<?xi8>")
    uniform = (
        "func.func @f(%s: tensor<i64>) -> tensor<2x5xf32> {\n  %k = nn.random_key %s : "
        "tensor<i64>\n  %u = nn.random_normal %k : tensor<2x5xf32>\n  return %u : "
        "tensor<2x5xf32>\n}\n"
    )
    return [
        (mlp, [x, w1, b1, w2, b2], "forward", 1e-5),
        (mlp, [x, w1, b1, w2, b2, labels], "loss", 1e-5),
        (mlp, [x, w1, b1, w2, b2], "predict", 0.0),
        (RNN.replace("REVERSE", "reverse "),
         [floats((3, 2, 3), special=False), floats((2, 4)), floats((3, 4), special=False)], "f",
         1e-5),
        (PADDED.replace("REVERSE", ""),
         [floats((3, 2, 4), special=False), floats((2, 4)), np.array([2, 0], np.int32)], "f",
         1e-5),
        (divide, [a, divisor], "f", 0.0),
        (cast, [np.concatenate([floats((8,)) * 100, SPECIAL.astype(np.float32)])], "f", 0.0),
        (uniform, [np.array(12345, np.int64)], "f", F32_ULPS),
    ]  # fmt: skip


@needs_loops
def test_compiled_lowering_agrees_with_the_interpreter():
    """irc.jit runs the lowered program (bufferized, as loops) and gives what the
    interpreter gives on the nn program: exactly, or within rtol where the JIT's math
    (math-polynomial-approximation's exp and log, 1 ulp) or a sum's order may differ."""
    from irc.passes.pass_manager import PassManager
    from irc.passes.pipeline import parse_pipeline
    from irc.runtime.jit import jit

    for text, args, name, rtol in _compiled_cases():
        module = parse(text)
        PassManager(parse_pipeline(TO_LOOPS)).run(module)
        compiled = jit(print_op(module), name, cache=False)
        got = compiled(*args)
        got = list(got) if isinstance(got, (list, tuple)) else [got]
        with np.errstate(all="ignore"):
            want = run(parse(text), name, *args)
        for expected, have in zip(want, got, strict=True):
            # rtol of the largest magnitude, too: f32 products (accumulated in f32 when
            # compiled) err relative to the terms' size, not the (cancelled) result's.
            finite = np.abs(expected[np.isfinite(expected)]) if rtol else np.zeros(0)
            scale = float(np.max(finite, initial=0.0))
            assert same(expected, np.asarray(have), rtol, rtol * scale), (name, text[:80])


def test_lowered_ops_keep_the_nn_op_location():
    """Every op a rule makes is located at the nn op it lowers (faults and asserts name
    the line of the nn program); the bodies that named linalg ops build are at an unknown
    location, as MLIR's region builders make them."""
    from irc.dialects.linalg import NamedStructuredOp
    from irc.ir.location import UNKNOWN

    for text in _sample_programs():
        module = lowered(text)
        unknown = [
            op.name
            for op in module.walk()
            if op.location is UNKNOWN and not isinstance(op.parent_op, NamedStructuredOp)
        ]
        assert unknown in ([], ["builtin.module"]), unknown


def test_every_rule_is_exercised_here():
    """Each nn op with a rule appears in a program of this file (the tests above run
    them before and after the lowering)."""
    source = Path(__file__).read_text()
    names = {cls.name for cls in RULES}
    unary_etc = UNARY_FLOAT + UNARY_NUMERIC + BINARY_NUMERIC + COMPARE + REDUCTIONS
    spelled = {f"nn.{name}" for name in unary_etc}
    written = {n for n in names if f"{n} " in source or f'"{n[3:]}"' in source}  # f"nn.{name}"
    missing = sorted(names - spelled - written)
    assert not missing, missing
