"""specialize.py: a function's `?` sizes made static for one call's shapes, propagated
through its body, scans and callees; contradictions are ShapeConflicts at the op."""

from __future__ import annotations

from pathlib import Path

import pytest

import irc
from irc.dialects.nn.random import KEY
from irc.frontend.printer import print_op
from irc.ir import types as T
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
