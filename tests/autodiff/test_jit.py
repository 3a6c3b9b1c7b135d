"""Gradient functions compile: irc.jit runs @f_grad and gives the interpreter's gradients
(checked against finite differences in test_elementwise.py), for every elementwise rule,
in one module compiled once."""

from __future__ import annotations

import numpy as np
import pytest

import irc
from irc.passes.autodiff import add_gradient
from irc.runtime.interpreter import run
from tests.autodiff.test_elementwise import BINARY, UNARY

T, S = "tensor<2x3xf64>", "tensor<3xf64>"


def _functions() -> tuple[str, dict]:
    """Functions of two results (so the gradients take cotangents), one per op."""
    texts, inputs = [], {}
    for name, bounds in UNARY.items():
        texts.append(f"func.func @u_{name}(%x: {T}) -> {T} {{\n  %r = nn.{name} %x : {T}\n"
                     f"  return %r : {T}\n}}\n")  # fmt: skip
        inputs[f"u_{name}"] = (bounds, [(2, 3)])
    for name, bounds in BINARY.items():
        texts.append(f"func.func @b_{name}(%x: {T}, %y: {S}) -> {T} {{\n  %r = nn.{name} "
                     f"%x, %y : ({T}, {S}) -> {T}\n  return %r : {T}\n}}\n")  # fmt: skip
        inputs[f"b_{name}"] = (bounds, [(2, 3), (3,)])
    return "".join(texts), inputs


@pytest.fixture(scope="module")
def gradients():
    text, inputs = _functions()
    module = irc.parse(text)
    for name, (_, shapes) in inputs.items():
        add_gradient(module, name, list(range(len(shapes))))
    return module, irc.compile_module(module, cache=False), inputs


def test_compiled_gradients_are_the_interpreters(gradients):
    module, compiled, inputs = gradients
    rng = np.random.default_rng(7)
    for name, ((low, high), shapes) in inputs.items():
        args = [rng.uniform(low, high, shape) for shape in shapes]
        cotangent = rng.standard_normal((2, 3))
        want = run(module, f"{name}_grad", *args, cotangent)
        got = compiled[f"{name}_grad"](*args, cotangent)
        for expected, have in zip(want, got, strict=True):
            # f64 exp is a polynomial within 1 ulp when compiled; log, pow from libm
            np.testing.assert_allclose(have, expected, rtol=1e-13, atol=1e-15, err_msg=name)
