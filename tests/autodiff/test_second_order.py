"""The gradient function is nn IR, so it differentiates again: a Hessian-vector product
is the vector-Jacobian product of @f_grad with cotangent v on its gradient result, and
must match central differences of the gradient along v."""

from __future__ import annotations

import numpy as np

import irc
from irc.runtime.interpreter import run
from tests.autodiff.gradcheck import tanh_mlp_loss

T, R = "tensor<5xf64>", "tensor<f64>"
# A smooth scalar function of two vectors, through broadcasting and fan-out.
LOSS = f"""
func.func @f(%x: {T}, %w: {T}) -> {R} {{
  %a = nn.mul %x, %w : {T}
  %h = nn.tanh %a : {T}
  %s = nn.sigmoid %x : {T}
  %p = nn.mul %h, %s : {T}
  %e = nn.exp %p : {T}
  %l = nn.log1p %e : {T}
  %total = nn.reduce_sum %l [0] : ({T}) -> {R}
  return %total : {R}
}}
"""


def test_hessian_vector_product_matches_differences_of_the_gradient():
    rng = np.random.default_rng(0)
    x, w, v = rng.uniform(-1, 1, 5), rng.uniform(-1, 1, 5), rng.uniform(-1, 1, 5)
    first = irc.grad(LOSS, "f", [0])  # @f_grad(x, w) -> (loss, dx)
    second = irc.grad(first, "f_grad", [0])  # @f_grad_grad(x, w, dloss, ddx) -> (.., H v)
    *_, hvp = run(second, "f_grad_grad", x, w, np.array(0.0), v)
    h = 1e-5
    plus = run(first, "f_grad", x + h * v, w)[1]
    minus = run(first, "f_grad", x - h * v, w)[1]
    numeric = (plus - minus) / (2 * h)
    np.testing.assert_allclose(hvp, numeric, rtol=1e-7, atol=1e-9)
    # and the Hessian is symmetric: e_i . H e_j = e_j . H e_i
    hessian = np.stack(
        [run(second, "f_grad_grad", x, w, np.array(0.0), np.eye(5)[i])[-1] for i in range(5)]
    )
    np.testing.assert_allclose(hessian, hessian.T, rtol=1e-12, atol=1e-12)


MLP = tanh_mlp_loss(rows=6, inputs=4, hidden=5, classes=3, element="f64")


def test_hessian_vector_product_of_an_mlp_loss():
    """H v of a small MLP's cross-entropy with respect to its first layer's weights."""
    rng = np.random.default_rng(3)
    x, w1, b1 = rng.standard_normal((6, 4)), rng.standard_normal((4, 5)), rng.standard_normal(5)
    w2, y = rng.standard_normal((5, 3)), rng.integers(0, 3, 6).astype(np.int32)
    v = rng.standard_normal((4, 5))
    first = irc.grad(MLP, "loss", [1])
    second = irc.grad(first, "loss_grad", [1])
    *_, hvp = run(second, "loss_grad_grad", x, w1, b1, w2, y, np.array(0.0), v)
    h = 1e-5
    plus = run(first, "loss_grad", x, w1 + h * v, b1, w2, y)[1]
    minus = run(first, "loss_grad", x, w1 - h * v, b1, w2, y)[1]
    np.testing.assert_allclose(hvp, (plus - minus) / (2 * h), rtol=1e-6, atol=1e-9)


def test_canonicalize_keeps_the_gradients_and_shrinks_them():
    """The gradient function is plain nn: -canonicalize folds its constant arithmetic
    (the seed's multiplications by 1, ...) and keeps every value bit for bit."""
    from irc.frontend.printer import print_op
    from irc.passes.pass_manager import PassManager
    from irc.passes.pipeline import parse_pipeline

    rng = np.random.default_rng(4)
    x, w1, b1 = rng.standard_normal((6, 4)), rng.standard_normal((4, 5)), rng.standard_normal(5)
    w2, y = rng.standard_normal((5, 3)), rng.integers(0, 3, 6).astype(np.int32)
    module = irc.grad(MLP, "loss", [1, 2, 3])
    before = print_op(module).count(" = nn.")
    want = run(module, "loss_grad", x, w1, b1, w2, y)
    PassManager(parse_pipeline("builtin.module(canonicalize,cse)")).run(module)
    got = run(module, "loss_grad", x, w1, b1, w2, y)
    assert print_op(module).count(" = nn.") < before
    for expected, have in zip(want, got, strict=True):
        np.testing.assert_array_equal(have, expected)
