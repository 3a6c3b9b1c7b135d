"""Gradient checks against central finite differences, in float64, in the interpreter.

`check_gradient(text, "f", args, wrt)` differentiates @f with respect to the arguments
`wrt`, runs the gradient function in the interpreter, and compares each element of each
gradient with (L(x + h) - L(x - h)) / 2h, where L is f's scalar result or, for other
results, sum(dy * f(x)) with random cotangents dy. The relative error is measured against
the largest of |fd|, |grad| and 1 (a relative error of 1e-6 is the issue's bound).
"""

from __future__ import annotations

import numpy as np

import irc
from irc.passes.autodiff.core import wants_cotangents
from irc.runtime.interpreter import run

STEP = 1e-6
TOLERANCE = 1e-6


def _total(outputs, cotangents) -> float:
    if cotangents is None:
        return float(np.asarray(outputs[0]))
    return float(sum(np.sum(np.asarray(o) * c) for o, c in zip(outputs, cotangents, strict=True)))


def check_gradient(text: str, name: str, args, wrt, rng=None, tolerance=TOLERANCE) -> list:
    """Assert the gradient of @name matches finite differences; return the gradients."""
    rng = rng or np.random.default_rng(0)
    module = irc.grad(text, name, wrt)
    function = irc.passes.autodiff.function_named(module, name)
    outputs = run(module, name, *args)
    cotangents = None
    if wants_cotangents(function):
        cotangents = [rng.standard_normal(np.shape(o)).astype(np.asarray(o).dtype) for o in outputs]
    got = run(module, f"{name}_grad", *args, *(cotangents or []))
    results, grads = got[: len(outputs)], got[len(outputs) :]
    for want, have in zip(outputs, results, strict=True):
        np.testing.assert_array_equal(np.asarray(have), np.asarray(want))
    for index, gradient in zip(wrt, grads, strict=True):
        x = np.asarray(args[index], dtype=np.float64)
        gradient = np.asarray(gradient)
        assert gradient.shape == x.shape, (gradient.shape, x.shape)
        for position in np.ndindex(x.shape):
            fd = _difference(module, name, args, index, position, cotangents)
            scale = max(abs(fd), abs(gradient[position]), 1.0)
            error = abs(fd - gradient[position]) / scale
            assert error < tolerance, (index, position, fd, gradient[position], error)
    return grads


def _difference(module, name, args, index, position, cotangents) -> float:
    values = []
    for sign in (1.0, -1.0):
        moved = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
        x = moved[index]
        h = STEP * max(1.0, abs(float(x[position])))
        x[position] += sign * h
        values.append((_total(run(module, name, *moved), cotangents), h))
    (plus, h), (minus, _) = values
    return (plus - minus) / (2 * h)


def tanh_mlp_loss(rows: int, inputs: int, hidden: int, classes: int, element: str) -> str:
    """`@loss(x, w1, b1, w2, labels)`: the mean softmax cross-entropy of a one-hidden-layer
    tanh perceptron, a small model that the gradient and training tests share."""
    x, w1, b1 = (
        f"tensor<{rows}x{inputs}x{element}>",
        f"tensor<{inputs}x{hidden}x{element}>",
        f"tensor<{hidden}x{element}>",
    )
    w2, h = f"tensor<{hidden}x{classes}x{element}>", f"tensor<{rows}x{hidden}x{element}>"
    logits, y = f"tensor<{rows}x{classes}x{element}>", f"tensor<{rows}xi32>"
    scalar = f"tensor<{element}>"
    return f"""
func.func @loss(%x: {x}, %w1: {w1}, %b1: {b1}, %w2: {w2}, %y: {y}) -> {scalar} {{
  %m = nn.matmul %x, %w1 : ({x}, {w1}) -> {h}
  %z = nn.add %m, %b1 : ({h}, {b1}) -> {h}
  %h = nn.tanh %z : {h}
  %logits = nn.matmul %h, %w2 : ({h}, {w2}) -> {logits}
  %l = nn.softmax_cross_entropy %logits, %y reduction mean : ({logits}, {y}) -> {scalar}
  return %l : {scalar}
}}
"""
