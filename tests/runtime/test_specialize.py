"""specialize.py: a function's `?` sizes made static for one call's shapes, propagated
through its body, scans and callees; contradictions are ShapeConflicts at the op."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import irc
from irc.dialects import func as fn
from irc.dialects.nn.random import KEY
from irc.frontend.printer import print_op
from irc.ir import types as T
from irc.runtime.interpreter import run as interpret
from irc.runtime.specialize import ShapeConflict, refined_type, specialize

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
F32 = T.F32


def _tensor(*shape, element=F32):
    return T.TensorType(tuple(shape), element)


def _signature(module, name: str) -> str:
    for op in module.regions[0].blocks[0]:
        if op.sym_name == name:
            return str(op.function_type)
    raise KeyError(name)


@pytest.mark.parametrize(
    ("old", "new", "want"),
    [
        ((T.DYNAMIC, 8), (5, 8), (5, 8)),
        ((5, 8), (T.DYNAMIC, 8), (5, 8)),
        ((T.DYNAMIC, T.DYNAMIC), (3, T.DYNAMIC), (3, T.DYNAMIC)),
        ((4, 8), (5, 8), None),
    ],
)
def test_a_type_only_gains_static_sizes(old, new, want):
    got = refined_type(_tensor(*old), _tensor(*new))
    assert got == (None if want is None else _tensor(*want))


def test_callees_are_specialized_as_private_copies():
    module = irc.parse((EXAMPLES / "mlp.mlir").read_text())
    types = [_tensor(3, 784), _tensor(784, 128), _tensor(128), _tensor(128, 10), _tensor(10)]
    types.append(_tensor(3, element=T.I32))
    specialized = specialize(module, "loss", types)
    irc.verify(specialized)
    text = print_op(specialized)
    assert "func.func private @forward_0(%arg0: tensor<3x784xf32>" in text
    assert "-> tensor<3x10xf32>" in text and "@predict" not in text
    assert "nn.softmax_cross_entropy %0, %arg5 reduction mean : (tensor<3x10xf32>" in text
    assert "tensor<?" not in text  # the written module is not changed
    assert "tensor<?x784xf32>" in print_op(module)


def test_a_scan_takes_its_body_types_from_its_operands():
    module = irc.parse((EXAMPLES / "gru.mlir").read_text())
    weights = [_tensor(8, 16)] * 3 + [_tensor(16, 16)] * 3 + [_tensor(16)] * 3
    specialized = specialize(module, "gru", [_tensor(7, 2, 8), _tensor(2, 16), *weights])
    irc.verify(specialized)
    assert _signature(specialized, "gru").endswith("-> tensor<7x2x16xf32>")
    text = print_op(specialized)
    assert "nn.yield %20, %20 : tensor<2x16xf32>, tensor<2x16xf32>" in text
    assert "carry(%arg14 = %arg1 : tensor<2x16xf32>)" in text and "tensor<?" not in text


def test_draws_take_the_sizes_of_their_like_operand():
    module = irc.parse((EXAMPLES / "sbn.mlir").read_text())
    specialized = specialize(module, "uniforms", [KEY, _tensor(6, 32)])
    irc.verify(specialized)
    assert _signature(specialized, "uniforms") == "(!nn.key, tensor<6x32xf32>) -> tensor<6x32xf32>"


def test_sizes_that_contradict_the_program_are_a_conflict_at_the_op():
    module = irc.parse((EXAMPLES / "mlp.mlir").read_text(), "mlp.mlir")
    types = [_tensor(3, 784), _tensor(784, 128), _tensor(128), _tensor(128, 10), _tensor(10)]
    with pytest.raises(ShapeConflict) as caught:
        specialize(module, "loss", [*types, _tensor(4, element=T.I32)])
    assert caught.value.op.name == "nn.softmax_cross_entropy"


# -- every op whose result type follows its operands' shapes ----------------------------------
#
# One row per form: a function of `?` sizes and the arrays of a call. Specialized to the
# call's shapes it must have no `?` left, verify, and print text that parses back to the
# same text; irc.jit must compile it at those shapes (not fall back to the function as
# written) and give the interpreter's values.

RNG = np.random.default_rng(0)


def _floats(*shape):
    return RNG.standard_normal(shape).astype(np.float32)


def _ints(*shape, high=8):
    return RNG.integers(0, high, shape).astype(np.int32)


SCAN = """
%h0 = nn.reduce_sum %xs [0] : tensor<?x?x4xf32>
%h, %hs = nn.scan (%x = %xs : tensor<?x?x4xf32>) carry(%c = %h0 : tensor<?x4xf32>)
    -> (tensor<?x4xf32>, tensor<?x?x4xf32>) {
  %m = nn.reduce_max %x [1] keepdims : tensor<?x4xf32>
  %mb = nn.broadcast_to %m : tensor<?x1xf32> to tensor<?x4xf32>
  %s = nn.add %c, %mb : tensor<?x4xf32>
  %t = nn.stop_gradient %s : tensor<?x4xf32>
  %i = nn.cast %t : tensor<?x4xf32> to tensor<?x4xi32>
  %f = nn.cast %i : tensor<?x4xi32> to tensor<?x4xf32>
  nn.yield %t, %f : tensor<?x4xf32>, tensor<?x4xf32>
}
return %h, %hs : tensor<?x4xf32>, tensor<?x?x4xf32>
"""

# The initial carried value stays `?` (tensor.cast's result is written); the body's sum
# with a slice is static, so the carry becomes static and the initial value is cast.
SCAN_CARRY_FROM_BODY = """
%c0 = tensor.cast %h0 : tensor<2x4xf32> to tensor<?x4xf32>
%h, %hs = nn.scan (%x = %xs : tensor<?x?x4xf32>) carry(%c = %c0 : tensor<?x4xf32>)
    -> (tensor<?x4xf32>, tensor<?x?x4xf32>) {
  %s = nn.add %c, %x : tensor<?x4xf32>
  nn.yield %s, %s : tensor<?x4xf32>, tensor<?x4xf32>
}
return %h, %hs : tensor<?x4xf32>, tensor<?x?x4xf32>
"""

FORMS = {
    "cast": (
        "(%x: tensor<?x?xf32>) -> tensor<?x?xi32>",
        "%y = nn.cast %x : tensor<?x?xf32> to tensor<?x?xi32>\nreturn %y : tensor<?x?xi32>",
        [_floats(2, 3) * 4],
    ),
    "one_hot": (
        "(%i: tensor<?x?xi32>) -> tensor<?x?x8xf32>",
        "%y = nn.one_hot %i depth 8 : tensor<?x?xi32> to tensor<?x?x8xf32>\n"
        "return %y : tensor<?x?x8xf32>",
        [_ints(2, 3)],
    ),
    "stop_gradient": (
        "(%x: tensor<?x?xf32>) -> tensor<?x?xf32>",
        "%y = nn.stop_gradient %x : tensor<?x?xf32>\nreturn %y : tensor<?x?xf32>",
        [_floats(2, 3)],
    ),
    "straight_through": (
        "(%x: tensor<?x?xf32>, %p: tensor<?x?xf32>) -> tensor<?x?xf32>",
        "%y = nn.straight_through %x, %p : tensor<?x?xf32>\nreturn %y : tensor<?x?xf32>",
        [_floats(2, 3), _floats(2, 3)],
    ),
    "straight_through, one operand not refined": (
        "(%x: tensor<?x3xf32>, %p: tensor<2x3xf32>) -> tensor<?x3xf32>",
        "%q = tensor.cast %p : tensor<2x3xf32> to tensor<?x3xf32>\n"
        "%y = nn.straight_through %x, %q : tensor<?x3xf32>\nreturn %y : tensor<?x3xf32>",
        [_floats(2, 3), _floats(2, 3)],
    ),
    "grad_clip": (
        "(%x: tensor<?x?xf32>) -> tensor<?x?xf32>",
        "%y = nn.grad_clip %x to [-1.0, 1.0] : tensor<?x?xf32>\nreturn %y : tensor<?x?xf32>",
        [_floats(2, 3)],
    ),
    "grad_scale": (
        "(%x: tensor<?x?xf32>) -> tensor<?x?xf32>",
        "%y = nn.grad_scale %x by 0.5 : tensor<?x?xf32>\nreturn %y : tensor<?x?xf32>",
        [_floats(2, 3)],
    ),
    "broadcast_to": (
        "(%x: tensor<?xf32>) -> tensor<?x3xf32>",
        "%e = nn.expand_dims %x [1] : tensor<?xf32>\n"
        "%y = nn.broadcast_to %e : tensor<?x1xf32> to tensor<?x3xf32>\n"
        "return %y : tensor<?x3xf32>",
        [_floats(4)],
    ),
    "broadcast_to a size 1": (
        "(%x: tensor<?x3xf32>) -> tensor<2x?x3xf32>",
        "%y = nn.broadcast_to %x : tensor<?x3xf32> to tensor<2x?x3xf32>\n"
        "return %y : tensor<2x?x3xf32>",
        [_floats(1, 3)],
    ),
    "reshape": (
        "(%x: tensor<?x4xf32>) -> tensor<?x2xf32>",
        "%y = nn.reshape %x : tensor<?x4xf32> to tensor<?x2xf32>\nreturn %y : tensor<?x2xf32>",
        [_floats(3, 4)],
    ),
    "random_uniform like": (
        "(%x: tensor<?x?xi32>) -> tensor<?x?xf32>",
        "%k = nn.random_key 7\n"
        "%y = nn.random_uniform %k like %x : tensor<?x?xi32> -> tensor<?x?xf32>\n"
        "return %y : tensor<?x?xf32>",
        [_ints(2, 3)],
    ),
    "random_normal like": (
        "(%x: tensor<?x?xf32>) -> tensor<?x?xf32>",
        "%k = nn.random_key 7\n"
        "%y = nn.random_normal %k like %x : tensor<?x?xf32>\nreturn %y : tensor<?x?xf32>",
        [_floats(2, 3)],
    ),
    "random_bits like": (
        "(%x: tensor<?x?xf32>) -> tensor<?x?xi32>",
        "%k = nn.random_key 7\n"
        "%y = nn.random_bits %k like %x : tensor<?x?xf32> -> tensor<?x?xi32>\n"
        "return %y : tensor<?x?xi32>",
        [_floats(2, 3)],
    ),
    "random_bernoulli": (
        "(%p: tensor<?x?xf32>) -> tensor<?x?xi1>",
        "%k = nn.random_key 7\n"
        "%y = nn.random_bernoulli %k, %p : tensor<?x?xf32> -> tensor<?x?xi1>\n"
        "return %y : tensor<?x?xi1>",
        [RNG.random((2, 3)).astype(np.float32)],
    ),
    "gather": (
        "(%t: tensor<8x4xf32>, %ids: tensor<?x?xi32>) -> tensor<?x?x4xf32>",
        "%y = nn.gather %t, %ids axis 0 : (tensor<8x4xf32>, tensor<?x?xi32>) -> tensor<?x?x4xf32>\n"
        "return %y : tensor<?x?x4xf32>",
        [_floats(8, 4), _ints(2, 3)],
    ),
    "scan": (
        "(%xs: tensor<?x?x4xf32>) -> (tensor<?x4xf32>, tensor<?x?x4xf32>)",
        SCAN,
        [_floats(3, 2, 4)],
    ),
    "scan carry from body": (
        "(%xs: tensor<?x?x4xf32>, %h0: tensor<2x4xf32>) -> (tensor<?x4xf32>, tensor<?x?x4xf32>)",
        SCAN_CARRY_FROM_BODY,
        [_floats(3, 2, 4), _floats(2, 4)],
    ),
}


def _form(name: str) -> tuple[str, list]:
    signature, body, args = FORMS[name]
    lines = "\n".join("  " + line for line in body.strip().splitlines())
    return f"func.func @f{signature} {{\n{lines}\n}}\n", args


def _call_types(module, args) -> list[T.Type]:
    """@f's parameter types with the arrays' shapes."""
    written = fn.lookup_in(module, "f").function_type.inputs
    return [_tensor(*a.shape, element=t.element_type) for t, a in zip(written, args, strict=True)]


@pytest.mark.parametrize("name", FORMS)
def test_every_form_specializes_to_static_types_that_print_and_parse_back(name):
    text, args = _form(name)
    module = irc.parse(text)
    specialized = specialize(module, "f", _call_types(module, args))
    irc.verify(specialized)
    printed = irc.print_ir(specialized)
    dynamic = [line for line in printed.splitlines() if "?" in line]
    assert [line for line in dynamic if "tensor.cast" not in line] == []  # as written
    assert irc.print_ir(irc.parse(printed)) == printed


@pytest.mark.parametrize("name", FORMS)
def test_every_form_compiles_at_the_call_shapes_and_runs_as_interpreted(name):
    text, args = _form(name)
    want = interpret(irc.parse(text), "f", *args)
    f = irc.jit(text, "f", cache=False, specialize=True)
    got = f(*args)
    got = got if isinstance(got, tuple | list) else [got]
    for value, expected in zip(got, want, strict=True):
        np.testing.assert_allclose(value, expected, rtol=1e-6, atol=1e-6)
    assert f.compiles == 1 and f.generic is None  # the specialization, not the `?` code
