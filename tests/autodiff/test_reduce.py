"""Gradients of nn's reducing ops (matmul, reductions, softmax, the losses) against
central finite differences in float64 (relative error < 1e-6): one row per case, then
the conventions (ties, zeros in a product) checked exactly, and an MLP's loss."""

from __future__ import annotations

import numpy as np
import pytest

import irc
from irc.passes.autodiff import AutodiffError
from irc.runtime.interpreter import run
from tests.autodiff import gradcheck


def check_gradient(text: str, name: str, args, wrt):
    """gradcheck's check, after verifying the function and its gradient function."""
    irc.verify(irc.grad(text, name, wrt))
    return gradcheck.check_gradient(text, name, args, wrt)


def _tensor(shape) -> str:
    return f"tensor<{'x'.join(map(str, shape))}{'x' if shape else ''}f64>"


def _function(line: str, operands: dict, result) -> str:
    """@f(operands) -> result, whose body is `%r = <line>`."""
    params = ", ".join(f"%{name}: {t}" for name, t in operands.items())
    return f"func.func @f({params}) -> {result} {{\n  %r = {line}\n  return %r : {result}\n}}\n"


def _shape_after(shape, axes, keepdims):
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


# -- matmul ----------------------------------------------------------------------------------

MATMUL = [  # (a's shape, b's shape, flags): 2-D, transposed, batched, broadcast batches
    ((3, 4), (4, 2), ""),
    ((4, 3), (4, 2), "transpose_a"),
    ((3, 4), (2, 4), "transpose_b"),
    ((4, 3), (2, 4), "transpose_a transpose_b"),
    ((2, 3, 4), (2, 4, 2), ""),
    ((2, 3, 4), (4, 2), ""),
    ((3, 4), (2, 4, 2), ""),
    ((2, 1, 3, 2), (3, 2, 2), "transpose_b"),
    ((1, 2, 3), (2, 2, 2, 4), "transpose_a"),
]


def _matmul_type(a, b, flags):
    rows = a[-1] if "transpose_a" in flags else a[-2]
    columns = b[-2] if "transpose_b" in flags else b[-1]
    batch = np.broadcast_shapes(a[:-2], b[:-2])
    return (*batch, rows, columns)


@pytest.mark.parametrize(("a", "b", "flags"), MATMUL)
def test_matmul(a, b, flags):
    rng = np.random.default_rng(len(a) * 10 + len(b))
    c = _matmul_type(a, b, flags)
    line = f"nn.matmul %a, %b {flags} : ({_tensor(a)}, {_tensor(b)}) -> {_tensor(c)}"
    text = _function(line, {"a": _tensor(a), "b": _tensor(b)}, _tensor(c))
    check_gradient(text, "f", [rng.standard_normal(a), rng.standard_normal(b)], [0, 1])


# -- reductions over axes ------------------------------------------------------------------

REDUCTIONS = {  # op: the inputs' bounds
    "reduce_sum": (-2, 2), "reduce_mean": (-2, 2), "reduce_max": (-2, 2),
    "reduce_min": (-2, 2), "reduce_prod": (0.5, 1.5), "logsumexp": (-2, 2),
}  # fmt: skip
AXES = [((0,), False), ((1,), True), ((0, 2), False), ((0, 2), True), ((0, 1, 2), False),
        ((2,), False)]  # fmt: skip


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
@pytest.mark.parametrize(("axes", "keepdims"), AXES)
def test_reduction(name, axes, keepdims):
    rng = np.random.default_rng(7)
    shape = (2, 3, 2)
    result = _tensor(_shape_after(shape, axes, keepdims))
    flag = " keepdims" if keepdims else ""
    line = f"nn.{name} %x {list(axes)}{flag} : ({_tensor(shape)}) -> {result}"
    x = rng.uniform(*REDUCTIONS[name], shape)
    check_gradient(_function(line, {"x": _tensor(shape)}, result), "f", [x], [0])


def _gradient_of(line: str, x, result: str = "tensor<f64>"):
    """The gradient of the scalar `%r = <line>` of one 2x3 f64 operand, in the interpreter."""
    text = _function(line, {"x": "tensor<2x3xf64>"}, result)
    return run(irc.grad(text, "f", [0]), "f_grad", x)[1]


def test_extreme_ties_split_the_gradient_equally():
    x = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]])
    dx = _gradient_of("nn.reduce_max %x [0, 1] : (tensor<2x3xf64>) -> tensor<f64>", x)
    np.testing.assert_array_equal(dx, [[0, 0.5, 0.5], [0, 0, 0]])
    line = "nn.reduce_min %x [1] : (tensor<2x3xf64>) -> tensor<2xf64>"
    text = _function(line, {"x": "tensor<2x3xf64>"}, "tensor<2xf64>")
    _, dx = run(irc.grad(text, "f", [0]), "f_grad", x, np.array([1.0, 6.0]))
    np.testing.assert_array_equal(dx, [[1, 0, 0], [2, 2, 2]])


@pytest.mark.parametrize(
    "x",
    [
        [[0.0, 2.0, 3.0], [4.0, 0.5, -1.5]],  # one zero in a row
        [[0.0, 2.0, 0.0], [0.0, 0.0, 0.0]],  # two and three zeros
        [[1.5, -2.0, 3.0], [0.0, 0.0, 1.0]],
    ],
)
def test_product_with_zeros(x):
    """reduce_prod is multilinear, so differences are exact at zeros too."""
    x = np.array(x)
    for axes in ("[1]", "[0, 1]", "[0]"):
        result = {"[1]": (2,), "[0, 1]": (), "[0]": (3,)}[axes]
        line = f"nn.reduce_prod %x {axes} : (tensor<2x3xf64>) -> {_tensor(result)}"
        text = _function(line, {"x": "tensor<2x3xf64>"}, _tensor(result))
        check_gradient(text, "f", [x], [0])
    dx = _gradient_of("nn.reduce_prod %x [0, 1] : (tensor<2x3xf64>) -> tensor<f64>",
                      np.array([[0.0, 2.0, 3.0], [4.0, 0.5, -1.5]]))  # fmt: skip
    np.testing.assert_array_equal(dx, [[-18.0, 0, 0], [0, 0, 0]])


# -- along one axis ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [0, 1, 2])
def test_normalize(name, axis):
    rng = np.random.default_rng(8)
    t = _tensor((2, 3, 2))
    text = _function(f"nn.{name} %x axis {axis} : {t}", {"x": t}, t)
    check_gradient(text, "f", [rng.uniform(-2, 2, (2, 3, 2))], [0])


# -- classification losses -----------------------------------------------------------------

LOSSES = [  # (scores' shape, reduction)
    ((4, 3), "none"), ((4, 3), "mean"), ((4, 3), "sum"),
    ((2, 3, 3), "none"), ((2, 3, 3), "mean"), ((3,), "sum"), ((3,), "none"),
]  # fmt: skip


@pytest.mark.parametrize("name", ["cross_entropy", "softmax_cross_entropy"])
@pytest.mark.parametrize(("shape", "reduction"), LOSSES)
def test_loss(name, shape, reduction):
    rng = np.random.default_rng(9)
    rows = shape[:-1]
    labels_type = f"tensor<{'x'.join(map(str, rows))}{'x' if rows else ''}i32>"
    result = _tensor(rows if reduction == "none" else ())
    line = (f"nn.{name} %x, %y reduction {reduction} : ({_tensor(shape)}, {labels_type}) "
            f"-> {result}")  # fmt: skip
    text = _function(line, {"x": _tensor(shape), "y": labels_type}, result)
    if name == "cross_entropy":
        x = rng.uniform(0.1, 1.0, shape)  # probabilities need not sum to 1 here
    else:
        x = rng.uniform(-2, 2, shape)
    labels = rng.integers(0, shape[-1], rows).astype(np.int32)
    check_gradient(text, "f", [x, labels], [0])


# -- an MLP ----------------------------------------------------------------------------------

MLP = """
func.func @loss(%x: tensor<4x5xf64>, %w1: tensor<5x6xf64>, %b1: tensor<6xf64>,
                %w2: tensor<6x3xf64>, %b2: tensor<3xf64>, %labels: tensor<4xi32>)
    -> tensor<f64> {
  %xw = nn.matmul %x, %w1 : (tensor<4x5xf64>, tensor<5x6xf64>) -> tensor<4x6xf64>
  %z1 = nn.add %xw, %b1 : (tensor<4x6xf64>, tensor<6xf64>) -> tensor<4x6xf64>
  %h = nn.relu %z1 : tensor<4x6xf64>
  %hw = nn.matmul %h, %w2 : (tensor<4x6xf64>, tensor<6x3xf64>) -> tensor<4x3xf64>
  %logits = nn.add %hw, %b2 : (tensor<4x3xf64>, tensor<3xf64>) -> tensor<4x3xf64>
  %loss = nn.softmax_cross_entropy %logits, %labels
      : (tensor<4x3xf64>, tensor<4xi32>) -> tensor<f64>
  return %loss : tensor<f64>
}
"""


def _mlp_arguments(rng):
    return [
        rng.standard_normal((4, 5)), rng.standard_normal((5, 6)), rng.standard_normal(6),
        rng.standard_normal((6, 3)), rng.standard_normal(3),
        rng.integers(0, 3, 4).astype(np.int32),
    ]  # fmt: skip


def test_mlp_loss():
    """A two-layer perceptron's mean softmax cross-entropy, wrt weights and biases."""
    args = _mlp_arguments(np.random.default_rng(10))
    check_gradient(MLP, "loss", args, [1, 2, 3, 4])


def test_mlp_loss_with_a_dynamic_batch():
    """The same loss with a `?` batch (as examples/mlp.mlir): the `mean` counts its rows
    when the program runs, and the gradients are the static ones."""
    args = _mlp_arguments(np.random.default_rng(11))
    static = run(irc.grad(MLP, "loss", [0, 1, 2, 3, 4]), "loss_grad", *args)
    dynamic = MLP.replace("tensor<4x", "tensor<?x").replace("tensor<4xi32>", "tensor<?xi32>")
    got = run(irc.grad(dynamic, "loss", [0, 1, 2, 3, 4]), "loss_grad", *args)
    for want, have in zip(static, got, strict=True):
        np.testing.assert_allclose(have, want, rtol=1e-12, atol=1e-15)


def test_losses_need_a_static_class_count():
    line = "nn.cross_entropy %x, %y : (tensor<4x?xf64>, tensor<4xi32>) -> tensor<f64>"
    text = _function(line, {"x": "tensor<4x?xf64>", "y": "tensor<4xi32>"}, "tensor<f64>")
    with pytest.raises(AutodiffError, match="'nn.cross_entropy' needs a static class count"):
        irc.grad(text, "f", [0])


def test_reductions_over_a_dynamic_axis():
    rng = np.random.default_rng(12)
    x = rng.uniform(0.5, 1.5, (2, 3))
    for name in ("reduce_sum", "reduce_mean", "reduce_max", "reduce_prod", "logsumexp"):
        line = f"nn.{name} %x [0, 1] : (tensor<2x3xf64>) -> tensor<f64>"
        want = _gradient_of(line, x)
        text = _function(line.replace("2x3", "?x3"), {"x": "tensor<?x3xf64>"}, "tensor<f64>")
        have = run(irc.grad(text, "f", [0]), "f_grad", x)[1]
        np.testing.assert_allclose(have, want, rtol=1e-12)


# -- the gradients are nn IR: they differentiate again and compile --------------------------

AGAIN = {  # name: (the op's line, the operands' shapes, the result's shape)
    "matmul": ("nn.matmul %x, %w transpose_b : (tensor<2x1x3x2xf64>, tensor<3x4x2xf64>) "
               "-> tensor<2x3x3x4xf64>", [(2, 1, 3, 2), (3, 4, 2)], (2, 3, 3, 4)),
    "mean": ("nn.reduce_mean %x [0, 2] : (tensor<2x3x2xf64>) -> tensor<3xf64>",
             [(2, 3, 2)], (3,)),
    "max": ("nn.reduce_max %x [1] keepdims : (tensor<2x3xf64>) -> tensor<2x1xf64>",
            [(2, 3)], (2, 1)),
    "prod": ("nn.reduce_prod %x [1] : (tensor<2x3xf64>) -> tensor<2xf64>", [(2, 3)], (2,)),
    "logsumexp": ("nn.logsumexp %x [0, 1] : (tensor<2x3xf64>) -> tensor<f64>", [(2, 3)], ()),
    "softmax": ("nn.softmax %x axis 1 : tensor<2x3xf64>", [(2, 3)], (2, 3)),
    "log_softmax": ("nn.log_softmax %x axis 0 : tensor<2x3xf64>", [(2, 3)], (2, 3)),
    "xent": ("nn.cross_entropy %x, %y reduction none : (tensor<2x3xf64>, tensor<2xi32>) "
             "-> tensor<2xf64>", [(2, 3), None], (2,)),
    "sxent": ("nn.softmax_cross_entropy %x, %y reduction mean : (tensor<2x3xf64>, "
              "tensor<2xi32>) -> tensor<f64>", [(2, 3), None], ()),
}  # fmt: skip


def _again_function(name: str) -> tuple[str, list]:
    """The row's function as @<name>, and its float operands' positions."""
    line, shapes, result = AGAIN[name]
    names = ["x", "w"] if "%w" in line else ["x", "y"]
    operands = {
        n: "tensor<2xi32>" if s is None else _tensor(s) for n, s in zip(names, shapes, strict=False)
    }
    text = _function(line, operands, _tensor(result)).replace("@f(", f"@{name}(")
    return text, [k for k, s in enumerate(shapes) if s is not None]


def _again_arguments(name: str, rng) -> list:
    _, shapes, _ = AGAIN[name]
    return [np.array([2, 0], np.int32) if s is None else rng.uniform(0.5, 1.5, s) for s in shapes]


@pytest.mark.parametrize("name", sorted(AGAIN))
def test_gradients_differentiate_again(name):
    """@f_grad's own gradient, with respect to the inputs and the cotangent, checks out."""
    rng = np.random.default_rng(13)
    text, wrt = _again_function(name)
    module = irc.grad(text, name, wrt)
    args = _again_arguments(name, rng)
    if AGAIN[name][2]:  # a non-scalar result: @f_grad takes its cotangent
        args.append(rng.standard_normal(AGAIN[name][2]))
        wrt = [*wrt, len(args) - 1]
    check_gradient(str(module), f"{name}_grad", args, wrt)


def test_compiled_gradients_are_the_interpreters():
    """The gradients lower through nn-to-llvm: irc.compile_module runs every row's
    gradient function and gives the interpreter's results."""
    module = irc.parse("".join(_again_function(name)[0] for name in AGAIN))
    for name in AGAIN:
        irc.passes.autodiff.add_gradient(module, name, _again_function(name)[1])
    compiled = irc.compile_module(module, cache=False)
    rng = np.random.default_rng(14)
    for name, (_, _, result) in AGAIN.items():
        args = _again_arguments(name, rng)
        if result:
            args.append(rng.standard_normal(result))
        want = run(module, f"{name}_grad", *args)
        got = compiled[f"{name}_grad"](*args)
        for expected, have in zip(want, got, strict=True):
            np.testing.assert_allclose(have, expected, rtol=1e-12, atol=1e-14, err_msg=name)
