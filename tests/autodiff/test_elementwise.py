"""Gradients of nn's elementwise and gradient-control ops against central finite
differences in float64 (relative error < 1e-6), with broadcasting operands."""

from __future__ import annotations

import numpy as np
import pytest

import irc
from irc.passes.autodiff import NO_GRADIENT, RULES, AutodiffError
from irc.runtime.interpreter import run
from tests.autodiff.gradcheck import check_gradient

T, S, R = "tensor<2x3xf64>", "tensor<3xf64>", "tensor<f64>"

UNARY = {  # op: (low, high) of the inputs, away from kinks and poles
    "exp": (-2, 2), "expm1": (-2, 2), "log": (0.5, 3), "log1p": (-0.5, 2), "sqrt": (0.5, 3),
    "rsqrt": (0.5, 3), "tanh": (-2, 2), "sigmoid": (-3, 3), "softplus": (-3, 3),
    "neg": (-2, 2), "abs": (0.2, 2), "relu": (0.2, 2),
}  # fmt: skip
BINARY = {"add": (-2, 2), "sub": (-2, 2), "mul": (-2, 2), "div": (0.5, 2), "pow": (0.5, 2),
          "maximum": (-2, 2), "minimum": (-2, 2)}  # fmt: skip


def _loss(body: str, params: str, result: str) -> str:
    """A function whose value is the sum of `%r` (so its gradient is seeded with 1)."""
    return (
        f"func.func @f({params}) -> {R} {{\n  {body}\n"
        f"  %total = nn.reduce_sum %r [0, 1] : ({result}) -> {R}\n  return %total : {R}\n}}\n"
    )


def _uniform(rng, shape, bounds):
    low, high = bounds
    return rng.uniform(low, high, shape)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary(name):
    rng = np.random.default_rng(1)
    text = _loss(f"%r = nn.{name} %x : {T}", f"%x: {T}", T)
    check_gradient(text, "f", [_uniform(rng, (2, 3), UNARY[name])], [0])


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_with_broadcasting(name):
    """x is 2x3, y a row (3) and a scalar: the gradients are summed back to their shapes."""
    rng = np.random.default_rng(2)
    bounds = BINARY[name]
    for other in (S, R, T):
        text = _loss(f"%r = nn.{name} %x, %y : ({T}, {other}) -> {T}", f"%x: {T}, %y: {other}", T)
        shape = {S: (3,), R: (), T: (2, 3)}[other]
        check_gradient(text, "f", [_uniform(rng, (2, 3), bounds), _uniform(rng, shape, bounds)],
                       [0, 1])  # fmt: skip


def test_clamp_and_select():
    rng = np.random.default_rng(3)
    text = _loss(f"%r = nn.clamp %x, %lo, %hi : ({T}, {R}, {R}) -> {T}",
                 f"%x: {T}, %lo: {R}, %hi: {R}", T)  # fmt: skip
    x = np.array([[-2.0, -0.5, 0.1], [0.4, 0.9, 3.0]])
    grads = check_gradient(text, "f", [x, np.array(-1.0), np.array(1.0)], [0, 1, 2])
    np.testing.assert_array_equal(grads[0], [[0, 1, 1], [1, 1, 0]])
    assert float(grads[1]) == 1.0 and float(grads[2]) == 1.0
    text = _loss(f"%c = nn.gt %x, %y : {T}\n  %r = nn.select %c, %x, %y : "
                 f"(tensor<2x3xi1>, {T}, {T}) -> {T}", f"%x: {T}, %y: {T}", T)  # fmt: skip
    check_gradient(text, "f", [rng.uniform(-2, 2, (2, 3)), rng.uniform(-2, 2, (2, 3))], [0, 1])


def test_chains_and_fanout():
    """A value used twice gets the sum of both cotangents."""
    rng = np.random.default_rng(4)
    body = (f"%a = nn.tanh %x : {T}\n  %b = nn.mul %a, %x : {T}\n  %c = nn.sigmoid %b : {T}\n"
            f"  %r = nn.add %c, %a : {T}")  # fmt: skip
    check_gradient(_loss(body, f"%x: {T}", T), "f", [rng.uniform(-1, 1, (2, 3))], [0])


def test_vector_jacobian_product_of_several_results():
    rng = np.random.default_rng(5)
    text = (f"func.func @g(%x: {T}, %y: {S}) -> ({T}, {T}) {{\n"
            f"  %a = nn.mul %x, %y : ({T}, {S}) -> {T}\n  %b = nn.exp %x : {T}\n"
            f"  return %a, %b : {T}, {T}\n}}\n")  # fmt: skip
    check_gradient(text, "g", [rng.uniform(-1, 1, (2, 3)), rng.uniform(-1, 1, 3)], [0, 1])


def test_gradient_control():
    rng = np.random.default_rng(6)
    x = rng.uniform(-1, 1, (2, 3))
    cases = {
        "nn.stop_gradient %x": 0.0,
        "nn.grad_scale %x by -0.5": -0.5,
        "nn.grad_clip %x to [-0.25, 0.25]": 0.25,
    }
    for line, factor in cases.items():
        body = f"%y = {line} : {T}\n  %r = nn.add %y, %y : {T}"  # d/dy = 2, then controlled
        module = irc.grad(_loss(body, f"%x: {T}", T), "f", [0])
        (_, dx) = run(module, "f_grad", x)
        expected = {0.0: 0.0, -0.5: -1.0, 0.25: 0.25}[factor]
        np.testing.assert_array_equal(dx, np.full((2, 3), expected))
    body = f"%h = nn.straight_through %s, %x : {T}\n  %r = nn.mul %h, %h : {T}"
    module = irc.grad(_loss(body, f"%x: {T}, %s: {T}", T), "f", [0, 1])
    s = np.round(rng.uniform(0, 1, (2, 3)))
    _, dx, ds = run(module, "f_grad", x, s)
    np.testing.assert_array_equal(dx, 2 * s)  # the cotangent of h = s goes to x
    np.testing.assert_array_equal(ds, np.zeros((2, 3)))


def test_disconnected_arguments():
    text = _loss(f"%r = nn.exp %x : {T}", f"%x: {T}, %y: {T}", T)
    module = irc.grad(text, "f", [0, 1])
    x = np.zeros((2, 3))
    _, dx, dy = run(module, "f_grad", x, np.full((2, 3), np.inf))
    np.testing.assert_array_equal(dx, np.ones((2, 3)))
    np.testing.assert_array_equal(dy, np.zeros((2, 3)))
    with pytest.raises(AutodiffError, match="argument #1 does not reach any result"):
        irc.grad(text, "f", [0, 1], disconnected="error")


def test_errors_name_the_op():
    text = (f"func.func @f(%x: {T}) -> {T} {{\n  %y = nn.sign %x : {T}\n"
            f"  return %y : {T}\n}}\n")  # fmt: skip
    module = irc.grad(text, "f", [0])  # sign has no gradient: zeros, by NO_GRADIENT
    _, dx = run(module, "f_grad", np.ones((2, 3)), np.ones((2, 3)))
    np.testing.assert_array_equal(dx, np.zeros((2, 3)))
    assert not set(RULES) & NO_GRADIENT


def test_bad_requests_are_located_diagnostics():
    """From Python an AutodiffError is a located IRError; from irc-opt a diagnostic."""
    from irc.tools.irc_opt import run as irc_opt

    text = _loss(f"%r = nn.exp %x : {T}", f"%x: {T}", T)
    for request, message in [
        (dict(function="g", wrt=[0]), "no function @g"),
        (dict(function="f", wrt=[3]), "no argument #3"),
        (dict(function="f", wrt=[0], disconnected="never"), "expected 'zeros' or 'error'"),
    ]:
        name, wrt = request.pop("function"), request.pop("wrt")
        with pytest.raises(irc.IRError, match=message):
            irc.grad(text, name, wrt, **request)
    code, _, err = irc_opt(["--autodiff=function=f wrt=0 cotangents=maybe", "-"], text)
    assert code == 1 and "expected auto, true or false" in err and "Traceback" not in err


def test_auxiliary_results_pass_through_without_cotangents():
    """cotangents=false with several results: the first (a loss) is differentiated, the
    others come back as they are (a recurrent net's final state, say)."""
    aux = (
        f"func.func @f(%x: {T}, %h: {T}) -> (tensor<f64>, {T}) {{\n"
        f"  %y = nn.mul %x, %h : {T}\n  %t = nn.tanh %y : {T}\n"
        f"  %s = nn.reduce_sum %t [0, 1] : ({T}) -> tensor<f64>\n"
        f"  return %s, %t : tensor<f64>, {T}\n}}\n"
    )
    alone = aux.replace(f"(tensor<f64>, {T})", "tensor<f64>").replace(
        f"%s, %t : tensor<f64>, {T}", "%s : tensor<f64>"
    )
    rng = np.random.default_rng(8)
    x, h = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    loss, state, dx = run(irc.grad(aux, "f", [0], cotangents=False), "f_grad", x, h)
    expected_loss, expected_dx = run(irc.grad(alone, "f", [0]), "f_grad", x, h)
    assert loss == expected_loss
    np.testing.assert_array_equal(state, np.tanh(x * h))
    np.testing.assert_array_equal(dx, expected_dx)
    swapped = (
        aux.replace("return %s, %t", "return %t, %s")
        .replace(f"-> (tensor<f64>, {T})", f"-> ({T}, tensor<f64>)")
        .replace(f": tensor<f64>, {T}\n}}", f": {T}, tensor<f64>\n}}")
    )
    with pytest.raises(irc.IRError, match="first result, which must be a float scalar"):
        irc.grad(swapped, "f", [0], cotangents=False)
