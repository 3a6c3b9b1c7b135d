"""Gradients of nn's shape ops against central finite differences in float64 (relative
error < 1e-6): each function returns the op's result, so the check weighs it with random
cotangents."""

from __future__ import annotations

import numpy as np
import pytest

import irc
from irc.ir.verifier import verify
from irc.passes.autodiff import AutodiffError, add_gradient
from irc.runtime.interpreter import run
from tests.autodiff.gradcheck import check_gradient


def _ty(shape, element="f64") -> str:
    return f"tensor<{''.join(f'{n}x' for n in shape)}{element}>"


def _function(params: dict, body: str, result) -> str:
    """@f(params) returning `%r`, of shape `result`, that `body` defines."""
    signature = ", ".join(f"%{name}: {_ty(*spec)}" for name, spec in params.items())
    return (
        f"func.func @f({signature}) -> {_ty(result)} {{\n  {body}\n"
        f"  return %r : {_ty(result)}\n}}\n"
    )


def _unary(source, body: str, result) -> str:
    """@f(%x) with `body` using {x} for x's type."""
    return _function({"x": (source,)}, body.format(x=_ty(source)), result)


UNARY = [  # (operand shape, the op, its result shape)
    ((2, 3), "nn.reshape %x : {x} to tensor<6xf64>", (6,)),
    ((2, 3, 2), "nn.reshape %x : {x} to tensor<3x4xf64>", (3, 4)),
    ((2, 3), "nn.transpose %x [1, 0] : {x}", (3, 2)),
    ((2, 3, 4), "nn.transpose %x [2, 0, 1] : {x}", (4, 2, 3)),
    ((3, 1), "nn.broadcast_to %x : {x} to tensor<2x3x4xf64>", (2, 3, 4)),
    ((3,), "nn.broadcast_to %x : {x} to tensor<2x3xf64>", (2, 3)),
    ((2, 3), "nn.expand_dims %x [0, 2] : {x}", (1, 2, 1, 3)),
    ((1, 3, 1), "nn.squeeze %x [0, 2] : {x}", (3,)),
    ((4, 5), "nn.slice %x starts [1, 2] sizes [2, 3] strides [1, 1] : {x}", (2, 3)),
    ((6, 5), "nn.slice %x starts [0, 1] sizes [3, 2] strides [2, 2] : {x}", (3, 2)),
    ((7, 4), "nn.slice %x starts [1, 0] sizes [2, 4] strides [3, 1] : {x}", (2, 4)),
    ((9,), "nn.slice %x starts [2] sizes [3] strides [3] : {x}", (3,)),  # reads the last
    ((4, 3), "nn.slice %x starts [1, 0] sizes [0, 3] strides [1, 1] : {x}", (0, 3)),
]


@pytest.mark.parametrize(("source", "body", "result"), UNARY, ids=[row[1][:24] for row in UNARY])
def test_unary(source, body, result):
    rng = np.random.default_rng(1)
    text = _unary(source, f"%r = {body}", result)
    check_gradient(text, "f", [rng.standard_normal(source)], [0])


def test_slice_places_the_cotangent():
    """Every second element from 1: the cotangent lands there, zeros between."""
    text = _unary((6,), "%r = nn.slice %x starts [1] sizes [3] strides [2] : {x}", (3,))
    module = irc.grad(text, "f", [0])
    _, dx = run(module, "f_grad", np.zeros(6), np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(dx, [0, 1, 0, 2, 0, 3])


@pytest.mark.parametrize("axis", [0, 1])
def test_concat(axis):
    rng = np.random.default_rng(2)
    a, b, c = (2, 3), (1, 3) if axis == 0 else (2, 1), (3, 3) if axis == 0 else (2, 4)
    result = (6, 3) if axis == 0 else (2, 8)
    types = f"({_ty(a)}, {_ty(b)}, {_ty(c)}) -> {_ty(result)}"
    body = f"%r = nn.concat %a, %b, %c axis {axis} : {types}"
    text = _function({"a": (a,), "b": (b,), "c": (c,)}, body, result)
    args = [rng.standard_normal(shape) for shape in (a, b, c)]
    check_gradient(text, "f", args, [0, 1, 2])


@pytest.mark.parametrize(
    ("source", "low", "high"),
    [((3, 2), [1, 0], [2, 1]), ((4,), [0], [3]), ((2, 2), [0, 0], [0, 0])],
)
def test_pad(source, low, high):
    """x gets its window of the cotangent, the padding value the sum over the rest."""
    rng = np.random.default_rng(3)
    result = tuple(n + lo + hi for n, lo, hi in zip(source, low, high, strict=True))
    types = f"({_ty(source)}, tensor<f64>) -> {_ty(result)}"
    body = f"%r = nn.pad %x, %v low {low} high {high} : {types}"
    text = _function({"x": (source,), "v": ((),)}, body, result)
    check_gradient(text, "f", [rng.standard_normal(source), np.array(0.5)], [0, 1])


GATHERS = [  # (source shape, axis, indices)
    ((5, 3), 0, [[0, 2], [2, 4]]),  # an embedding lookup; row 2 twice
    ((5, 3), 0, [1, 1, 1]),
    ((2, 4, 3), 1, [3, 0, 3, 3]),
    ((3, 4), 1, [[1, 1], [2, 0], [1, 3]]),
    ((2, 3, 4), 2, [0]),
    ((5, 3), 0, 2),  # a rank-0 index: one row
]


@pytest.mark.parametrize(("source", "axis", "indices"), GATHERS)
def test_gather(source, axis, indices):
    """Repeated indices add their cotangents; the indices get none."""
    rng = np.random.default_rng(4)
    ids = np.array(indices, dtype=np.int32)
    result = (*source[:axis], *ids.shape, *source[axis + 1 :])
    types = f"({_ty(source)}, {_ty(ids.shape, 'i32')}) -> {_ty(result)}"
    text = (
        f"func.func @f(%x: {_ty(source)}, %i: {_ty(ids.shape, 'i32')}) -> {_ty(result)} {{\n"
        f"  %r = nn.gather %x, %i axis {axis} : {types}\n  return %r : {_ty(result)}\n}}\n"
    )
    check_gradient(text, "f", [rng.standard_normal(source), ids], [0])
    module = irc.grad(text, "f", [0])
    dz = np.ones(result)
    _, dx = run(module, "f_grad", np.zeros(source), ids, dz)
    counts = np.bincount(ids.ravel(), minlength=source[axis]).astype(np.float64)
    shape = [1] * len(source)
    shape[axis] = source[axis]
    np.testing.assert_array_equal(dx, np.broadcast_to(counts.reshape(shape), source))


@pytest.mark.parametrize("axis", [0, 1])
def test_gather_with_unknown_index_sizes(axis):
    """A batch of ids of `?` sizes (a language model's): the gradient's one-hot matmul
    takes the count of ids when the program runs, in the interpreter and compiled."""
    rng = np.random.default_rng(7)
    source = (5, 3) if axis == 0 else (2, 5, 3)
    ids_type, result = _ty(("?", "?"), "i32"), _ty((*source[:axis], "?", "?", 3))
    axes = ", ".join(str(a) for a in range(axis + 3))
    text = (
        f"func.func @f(%x: {_ty(source)}, %i: {ids_type}, %w: {result}) -> tensor<f64> {{\n"
        f"  %r = nn.gather %x, %i axis {axis} : ({_ty(source)}, {ids_type}) -> {result}\n"
        f"  %m = nn.mul %r, %w : {result}\n"
        f"  %s = nn.reduce_sum %m [{axes}] : ({result}) -> tensor<f64>\n"
        f"  return %s : tensor<f64>\n}}\n"
    )
    ids = np.array([[0, 4, 4], [2, 2, 0]], dtype=np.int32)
    weights = rng.standard_normal((*source[:axis], 2, 3, 3))
    check_gradient(text, "f", [rng.standard_normal(source), ids, weights], [0])
    module = irc.grad(text, "f", [0])
    _, native = irc.jit(module, "f_grad", cache=False)(np.zeros(source), ids, weights)
    _, reference = run(module, "f_grad", np.zeros(source), ids, weights)
    np.testing.assert_allclose(native, reference, rtol=1e-12)


def test_embedding_loss():
    """sum(tanh(table[ids]) * w): a lookup feeding elementwise math, both differentiated."""
    rng = np.random.default_rng(5)
    table, ids, w = _ty((6, 4)), _ty((3, 2), "i32"), _ty((3, 2, 4))
    text = (
        f"func.func @f(%t: {table}, %i: {ids}, %w: {w}) -> {w} {{\n"
        f"  %e = nn.gather %t, %i axis 0 : ({table}, {ids}) -> {w}\n"
        f"  %h = nn.tanh %e : {w}\n  %r = nn.mul %h, %w : {w}\n  return %r : {w}\n}}\n"
    )
    labels = np.array([[0, 5], [5, 2], [0, 0]], dtype=np.int32)
    args = [rng.standard_normal((6, 4)), labels, rng.standard_normal((3, 2, 4))]
    check_gradient(text, "f", args, [0, 2])


@pytest.mark.parametrize(
    ("source", "body", "result"),
    [
        ((6, 4), "nn.slice %x starts [1, 0] sizes [2, 2] strides [2, 3] : {x}", (2, 2)),
        ((2, 3), "nn.broadcast_to %x : {x} to tensor<4x2x3xf64>", (4, 2, 3)),
    ],
)
def test_gradients_differentiate_again(source, body, result):
    """The gradient is nn IR made of shape ops: it verifies, and its own gradient (with
    respect to x and the cotangent) checks out."""
    rng = np.random.default_rng(6)
    module = irc.grad(_unary(source, f"%r = {body}", result), "f", [0])
    assert verify(module)
    args = [rng.standard_normal(source), rng.standard_normal(result)]
    check_gradient(str(module), "f_grad", args, [0, 1])


def test_gather_gradient_differentiates_again():
    """The scatter-add (one_hot, reshapes, a batched matmul) has its own gradient."""
    rng = np.random.default_rng(8)
    x, ids = _ty((2, 4, 3)), _ty((4,), "i32")
    text = (
        f"func.func @f(%x: {x}, %i: {ids}) -> {x} {{\n"
        f"  %r = nn.gather %x, %i axis 1 : ({x}, {ids}) -> {x}\n  return %r : {x}\n}}\n"
    )
    module = irc.grad(text, "f", [0])
    args = [rng.standard_normal((2, 4, 3)), np.array([3, 0, 3, 3], np.int32)]
    check_gradient(str(module), "f_grad", [*args, rng.standard_normal((2, 4, 3))], [0, 2])


def test_dynamic_sizes():
    """transpose takes `?` sizes; slice needs static ones and says so, naming the op."""
    transpose = (
        "func.func @f(%x: tensor<?x3xf64>) -> tensor<3x?xf64> {\n"
        "  %r = nn.transpose %x [1, 0] : tensor<?x3xf64>\n  return %r : tensor<3x?xf64>\n}\n"
    )
    assert verify(irc.grad(transpose, "f", [0]))
    sliced = (
        "func.func @f(%x: tensor<?x3xf64>) -> tensor<1x3xf64> {\n"
        "  %r = nn.slice %x starts [0, 0] sizes [1, 3] strides [1, 1] : tensor<?x3xf64>\n"
        "  return %r : tensor<1x3xf64>\n}\n"
    )
    with pytest.raises(AutodiffError, match="'nn.slice' needs static sizes"):
        irc.grad(sliced, "f", [0])


def _compiled_cases() -> tuple[str, dict]:
    """One function per row of UNARY, and a concat, a pad and a gather: name to the
    text, the arguments' shapes (None: the gather's indices) and the result shape."""
    cases = {}
    for k, (source, body, result) in enumerate(UNARY):
        cases[f"u{k}"] = (_unary(source, f"%r = {body}", result), [source], result)
    types = f"({_ty((2, 3))}, {_ty((1, 3))}) -> {_ty((3, 3))}"
    body = f"%r = nn.concat %a, %b axis 0 : {types}"
    cases["concat"] = (_function({"a": ((2, 3),), "b": ((1, 3),)}, body, (3, 3)),
                       [(2, 3), (1, 3)], (3, 3))  # fmt: skip
    body = (
        f"%r = nn.pad %x, %v low [1, 0] high [0, 2] : ({_ty((3, 2))}, tensor<f64>) -> {_ty((4, 4))}"
    )
    cases["pad"] = (_function({"x": ((3, 2),), "v": ((),)}, body, (4, 4)), [(3, 2), ()], (4, 4))
    ids = _ty((3,), "i32")
    body = f"%r = nn.gather %x, %i axis 1 : ({_ty((2, 4))}, {ids}) -> {_ty((2, 3))}"
    cases["gather"] = (_function({"x": ((2, 4),), "i": ((3,), "i32")}, body, (2, 3)),
                       [(2, 4), None], (2, 3))  # fmt: skip
    texts = [text.replace("@f(", f"@{name}(") for name, (text, _, _) in cases.items()]
    return "".join(texts), {name: case[1:] for name, case in cases.items()}


def test_compiled_gradients_are_the_interpreters():
    """The gradients lower through nn-to-llvm: irc.compile_module runs every rule's
    gradient function and gives the interpreter's results."""
    text, cases = _compiled_cases()
    module = irc.parse(text)
    for name, (shapes, _) in cases.items():
        add_gradient(module, name, [k for k, shape in enumerate(shapes) if shape is not None])
    compiled = irc.compile_module(module, cache=False)
    rng = np.random.default_rng(7)
    for name, (shapes, result) in cases.items():
        args = [np.array([3, 0, 3], np.int32) if s is None else rng.standard_normal(s)
                for s in shapes]  # fmt: skip
        cotangent = rng.standard_normal(result)
        want = run(module, f"{name}_grad", *args, cotangent)
        got = compiled[f"{name}_grad"](*args, cotangent)
        for expected, have in zip(want, got, strict=True):
            np.testing.assert_allclose(have, expected, rtol=1e-13, atol=1e-15, err_msg=name)


def test_dynamic_squeeze_and_reshape():
    """squeeze writes a `?` back where its operand had one; a reshape back to two `?`
    sizes cannot be written and is an error naming the op."""
    squeezed = (
        "func.func @f(%x: tensor<?x3xf64>) -> tensor<3xf64> {\n"
        "  %r = nn.squeeze %x [0] : tensor<?x3xf64>\n  return %r : tensor<3xf64>\n}\n"
    )
    module = irc.grad(squeezed, "f", [0])
    assert verify(module)
    _, dx = run(module, "f_grad", np.ones((1, 3)), np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(dx, [[1, 2, 3]])
    reshaped = (
        "func.func @f(%x: tensor<?x?xf64>) -> tensor<?xf64> {\n"
        "  %r = nn.reshape %x : tensor<?x?xf64> to tensor<?xf64>\n  return %r : tensor<?xf64>\n}\n"
    )
    with pytest.raises(AutodiffError, match="'nn.reshape' needs static sizes"):
        irc.grad(reshaped, "f", [0])
