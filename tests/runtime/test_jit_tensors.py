"""irc.jit on tensor-level programs: nn functions go through the nn-to-loops pipeline
(linalg, one-shot bufferization, loops) and are called with numpy arrays, giving what the
interpreter gives on the nn program."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import irc
from irc.runtime.interpreter import run as interpret
from irc.runtime.jit import LOWERING, TENSOR_LOWERING, lowering_for

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RNG = np.random.default_rng(5)


@pytest.fixture(scope="module")
def mlp():
    text = (EXAMPLES / "mlp.mlir").read_text()
    return text, irc.compile_module(text, cache=False, filename="mlp.mlir")


def _weights():
    return (
        (RNG.standard_normal((784, 128)) / 28).astype(np.float32),
        (RNG.standard_normal(128) * 0.1).astype(np.float32),
        (RNG.standard_normal((128, 10)) / 11).astype(np.float32),
        (RNG.standard_normal(10) * 0.1).astype(np.float32),
    )


@pytest.mark.parametrize("batch", [1, 6])
def test_mlp_through_the_jit_is_the_interpreter(mlp, batch):
    text, compiled = mlp
    x = RNG.random((batch, 784), dtype=np.float32)
    weights = _weights()
    labels = RNG.integers(0, 10, batch).astype(np.int32)
    module = irc.parse(text)
    logits = compiled["forward"](x, *weights)
    assert isinstance(logits, np.ndarray) and logits.shape == (batch, 10)
    # The JIT's products accumulate in f32, the interpreter's in f64 (rounded once).
    want_logits = interpret(module, "forward", x, *weights)[0]
    np.testing.assert_allclose(logits, want_logits, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(
        compiled["predict"](x, *weights), interpret(module, "predict", x, *weights)[0]
    )
    loss = compiled["loss"](x, *weights, labels)
    want = interpret(module, "loss", x, *weights, labels)[0]
    assert float(loss) == pytest.approx(float(want), rel=1e-5)


def test_arguments_are_not_written_and_may_be_read_only(mlp):
    _, compiled = mlp
    x = RNG.random((3, 784), dtype=np.float32)
    weights = _weights()
    for array in (x, *weights):
        array.flags.writeable = False
    before = [a.copy() for a in (x, *weights)]
    compiled["forward"](x, *weights)
    for old, new in zip(before, (x, *weights), strict=True):
        np.testing.assert_array_equal(old, new)


def test_a_bad_label_is_a_located_fault(mlp):
    _, compiled = mlp
    x = np.zeros((2, 784), dtype=np.float32)
    with pytest.raises(irc.RuntimeFault) as caught:
        compiled["loss"](x, *_weights(), np.array([3, 10], dtype=np.int32))
    assert "mlp.mlir:24:11" in str(caught.value) and "label" in str(caught.value)


def test_elementwise_broadcasting_and_reductions():
    text = """
    func.func @f(%x: tensor<?x8xf32>, %b: tensor<8xf32>) -> (tensor<?x8xf32>, tensor<?xf32>) {
      %z = nn.add %x, %b : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
      %t = nn.tanh %z : tensor<?x8xf32>
      %s = nn.softmax %t axis 1 : tensor<?x8xf32>
      %m = nn.reduce_max %z [1] : tensor<?x8xf32>
      return %s, %m : tensor<?x8xf32>, tensor<?xf32>
    }
    """
    x = RNG.standard_normal((5, 8)).astype(np.float32)
    b = RNG.standard_normal(8).astype(np.float32)
    softmax, largest = irc.jit(text, "f", cache=False)(x, b)
    want_softmax, want_largest = interpret(irc.parse(text), "f", x, b)
    np.testing.assert_allclose(softmax, want_softmax, rtol=1e-6)
    np.testing.assert_array_equal(largest, want_largest)


def test_only_tensor_level_modules_take_the_tensor_pipeline():
    loops = irc.parse("func.func @f(%a: i32) -> i32 {\n  return %a : i32\n}")
    tensors = irc.parse(
        "func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n"
        "  %b = nn.neg %a : tensor<2xf32>\n  return %b : tensor<2xf32>\n}"
    )
    assert lowering_for(loops) == LOWERING and lowering_for(tensors) == TENSOR_LOWERING


def test_f16_programs_compile_and_round_once():
    """f16 results computed in f64 are rounded to f16 in compiled code as the
    interpreter rounds them (the JIT's f64 to f16 conversion)."""
    text = """
    func.func @f(%x: tensor<8xf16>) -> tensor<8xf16> {
      %s = nn.sigmoid %x : tensor<8xf16>
      %y = nn.reduce_sum %s [0] keepdims : tensor<8xf16>
      %z = nn.mul %s, %y : (tensor<8xf16>, tensor<1xf16>) -> tensor<8xf16>
      return %z : tensor<8xf16>
    }
    """
    x = np.linspace(-3, 3, 8).astype(np.float16)
    got = irc.jit(text, "f", cache=False)(x)
    assert got.dtype == np.float16
    np.testing.assert_array_equal(got, interpret(irc.parse(text), "f", x)[0])
