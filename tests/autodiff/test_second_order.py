"""The gradient function is nn IR, so it differentiates again: a Hessian-vector product
is the vector-Jacobian product of @f_grad with cotangent v on its gradient result, and
must match central differences of the gradient along v."""

from __future__ import annotations

import numpy as np

import irc
from irc.runtime.interpreter import run

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


def _with_reduce_sum_rule(monkeypatch):
    """reduce_sum's and broadcast_to's rules, until their families are in the table."""
    from irc.dialects.nn import reduce as red
    from irc.dialects.nn import shape as sh
    from irc.passes.autodiff import RULES

    if red.ReduceSumOp not in RULES:
        monkeypatch.setitem(
            RULES, red.ReduceSumOp, lambda g, op, dz: [g.broadcast_to(dz, op.operands[0].type)]
        )
    if sh.BroadcastToOp not in RULES:
        monkeypatch.setitem(RULES, sh.BroadcastToOp, lambda g, op, dz: [dz])


def test_hessian_vector_product_matches_differences_of_the_gradient(monkeypatch):
    _with_reduce_sum_rule(monkeypatch)
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
