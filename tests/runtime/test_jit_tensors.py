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


# -- `?` sizes: one compiled variant per call shape --------------------------------------------

ROWS = """
func.func @f(%x: tensor<?x8xf32>, %b: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = nn.add %x, %b : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}
"""


def _rows(count: int) -> np.ndarray:
    return RNG.standard_normal((count, 8)).astype(np.float32)


def test_each_new_shape_compiles_once_and_the_table_is_bounded(tmp_path):
    f = irc.jit(ROWS, "f", cache=False, max_specializations=2)
    for rows in (3, 3, 4, 3):
        x, b = _rows(rows), _rows(rows)
        np.testing.assert_array_equal(f(x, b), x + b)
    assert f.compiles == 2  # 3x8 and 4x8
    f(_rows(5), _rows(5))  # a third shape pushes out the least recently called (4x8)
    assert f.compiles == 3 and list(f._variants) == [((3, 8), (3, 8)), ((5, 8), (5, 8))]
    f(_rows(4), _rows(4))
    assert f.compiles == 4
    # With a disk cache, a shape compiled before (here, or by another process) loads.
    cached = irc.jit(ROWS, "f", cache=tmp_path, max_specializations=1)
    cached(_rows(2), _rows(2))
    cached(_rows(6), _rows(6))
    cached(_rows(2), _rows(2))
    assert cached.compiles == 2


def test_a_size_1_broadcasts_when_specialized_as_the_interpreter_does():
    x, b = _rows(4), _rows(1)
    np.testing.assert_array_equal(irc.jit(ROWS, "f", cache=False)(x, b), x + b)
    with pytest.raises(irc.RuntimeFault, match="does not broadcast a run-time size 1"):
        irc.jit(ROWS, "f", cache=False, specialize=False)(x, b)


def test_scans_with_per_step_sizes_compile_with_their_written_sizes():
    """The LSTM's scan has a `?` batch in its per-step outputs: compiled once with its `?`
    sizes (specialize=False, and specialize=None, which then needs no per-shape code)."""
    text = (EXAMPLES / "lstm.mlir").read_text()
    args = [RNG.standard_normal(s).astype(np.float32) for s in _lstm_shapes(3, 2)]
    want = interpret(irc.parse(text), "lstm", *args)
    for specialize in (False, None):
        compiled = irc.compile_module(text, cache=False, specialize=specialize)
        assert compiled.generic_error is None and compiled.loaded is not None
        got = compiled["lstm"](*args)
        for value, expected in zip(got, want, strict=True):
            np.testing.assert_allclose(value, expected, rtol=1e-5, atol=1e-6)


def _lstm_shapes(steps: int, batch: int, h0_rows: int | None = None):
    rows = batch if h0_rows is None else h0_rows
    weights = [(8, 16)] * 4 + [(16, 16)] * 4 + [(16,)] * 4
    return [(steps, batch, 8), (rows, 16), (batch, 16), *weights]


def test_what_specialization_does_not_refine_runs_with_its_written_sizes():
    """An scf.for carrying a tensor keeps its `?` iter_arg types when specialized, so the
    specialized module does not verify: the function compiled as written serves."""
    text = """
    func.func @f(%x: tensor<?xf32>, %n: index) -> tensor<?xf32> {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (tensor<?xf32>) {
        %y = nn.neg %acc : tensor<?xf32>
        scf.yield %y : tensor<?xf32>
      }
      return %r : tensor<?xf32>
    }
    """
    f = irc.jit(text, "f", cache=False)
    x = np.arange(3, dtype=np.float32)
    np.testing.assert_array_equal(f(x, 3), -x)
    np.testing.assert_array_equal(f(x, 2), x)
    assert f.compiles == 0 and f.generic is None


def test_branches_and_recursion_are_specialized():
    """scf.if results come from both branches; a recursive call with the same shapes
    calls the function being specialized."""
    text = """
    func.func @f(%x: tensor<?xf32>, %n: i32) -> tensor<?xf32> {
      %c0 = arith.constant 0 : i32
      %c1 = arith.constant 1 : i32
      %done = arith.cmpi sle, %n, %c0 : i32
      %r = scf.if %done -> tensor<?xf32> {
        scf.yield %x : tensor<?xf32>
      } else {
        %m = arith.subi %n, %c1 : i32
        %y = nn.neg %x : tensor<?xf32>
        %z = func.call @f(%y, %m) : (tensor<?xf32>, i32) -> tensor<?xf32>
        scf.yield %z : tensor<?xf32>
      }
      return %r : tensor<?xf32>
    }
    """
    f = irc.jit(text, "f", cache=False)
    x = np.arange(3, dtype=np.float32)
    np.testing.assert_array_equal(f(x, 3), -x)
    np.testing.assert_array_equal(f(x, 4), x)
    assert f.compiles == 1


# -- bad calls are CallErrors naming the argument -----------------------------------------------


def _lstm():
    path = EXAMPLES / "lstm.mlir"
    return irc.jit(path.read_text(), "lstm", cache=False, filename=str(path))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.__setitem__(1, a[1][:, :8]), "argument 1 .* expected size 16 in dimension 1"),
        (lambda a: a.__setitem__(0, a[0][0]), "argument 0 .* expected a rank-3 array, got rank 2"),
        (lambda a: a.__setitem__(3, a[3].astype(np.float64)), "expected a float32 array"),
        (lambda a: a.__setitem__(2, [[0.0] * 16] * 2), "expected a numpy array, got list"),
        (lambda a: a.pop(), "takes 15 arguments, got 14"),
    ],
)
def test_wrong_arrays_are_call_errors(change, message):
    args = [np.zeros(s, np.float32) for s in _lstm_shapes(4, 2)]
    change(args)
    with pytest.raises(irc.CallError, match=message):
        _lstm()(*args)


def test_sizes_that_contradict_each_other_name_the_argument():
    args = [np.zeros(s, np.float32) for s in _lstm_shapes(4, 2, h0_rows=3)]
    with pytest.raises(irc.CallError) as caught:
        _lstm()(*args)
    text = str(caught.value)
    assert "lstm.mlir:15:41: error: @lstm: argument 1 (tensor<?x16xf32>) of shape 3x16" in text
    assert "does not fit the other arguments" in text and "do not broadcast" in text
    assert "note: pass arrays whose sizes agree" in text and "nn.add %x_i, %hu_i" in text


# -- random keys ------------------------------------------------------------------------------


SBN = EXAMPLES / "sbn.mlir"


@pytest.mark.parametrize("specialize", [True, False])
def test_keys_are_seeds_or_words_as_in_the_interpreter(specialize):
    compiled = irc.compile_module(SBN.read_text(), cache=False, specialize=specialize)
    module = irc.parse(SBN.read_text())
    like = np.zeros((3, 32), np.float32)
    for key in (7, -(2**40), np.array([5, 0xFFFFFFFF], np.uint32), [1, 2]):
        got = compiled["uniforms"](key, like)
        np.testing.assert_array_equal(got, interpret(module, "uniforms", key, like)[0])
    assert not np.array_equal(compiled["uniforms"](1, like), compiled["uniforms"](2, like))


@pytest.mark.parametrize(
    ("key", "message"),
    [(1.5, "got float64"), (True, "got a bool"), ([1, 2, 3], "of shape \\(3,\\)"), ([-1, 0], "")],
)
def test_a_bad_key_is_a_call_error(key, message):
    f = irc.jit(SBN.read_text(), "uniforms", cache=False, filename=str(SBN))
    with pytest.raises(irc.CallError, match=f"@uniforms argument 0 \\(!nn.key\\): .*{message}"):
        f(key, np.zeros((2, 32), np.float32))


def test_a_split_key_passed_to_a_function_is_reported():
    text = """
    func.func @draw(%k: !nn.key) -> tensor<4xf32> {
      %u = nn.random_uniform %k : tensor<4xf32>
      return %u : tensor<4xf32>
    }
    func.func @f(%k: !nn.key) -> tensor<4xf32> {
      %parts:2 = nn.random_split %k into 2
      %u = func.call @draw(%parts#1) : (!nn.key) -> tensor<4xf32>
      return %u : tensor<4xf32>
    }
    """
    with pytest.raises(irc.IRError, match="a key made by 'nn.random_split' is passed"):
        irc.compile_module(text, cache=False)


# -- donated arguments --------------------------------------------------------------------------

DONATE = """
func.func @f(%x: tensor<?x8xf32>, %b: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = nn.add %x, %b : tensor<?x8xf32>
  %z = nn.tanh %y : tensor<?x8xf32>
  return %z : tensor<?x8xf32>
}
func.func @g(%x: tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<8xf32>) {
  %n = nn.neg %x : tensor<?x8xf32>
  %s = nn.reduce_sum %x [0] : tensor<?x8xf32>
  return %n, %s : tensor<?x8xf32>, tensor<8xf32>
}
"""


def test_a_donated_array_holds_the_result():
    x, b = _rows(5), _rows(5)
    want = np.tanh(x + b)
    donor = x.copy()
    got = irc.jit(DONATE, "f", cache=False, donate_argnums=(0,))(donor, b)
    assert np.shares_memory(got, donor)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    kept = irc.jit(DONATE, "f", cache=False)(x, b)  # without donation: a new array
    assert not np.shares_memory(kept, x) and not np.shares_memory(kept, b)


def test_a_donated_array_takes_a_result_that_reads_a_broadcast_operand():
    """x + b with a bias row b: the sum is written over the donated x."""
    text = """
    func.func @f(%x: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
      %y = nn.add %x, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
      return %y : tensor<4x8xf32>
    }
    """
    x, b = _rows(4), np.arange(8, dtype=np.float32)
    donor = x.copy()
    got = irc.jit(text, "f", cache=False, donate_argnums=(0,))(donor, b)
    assert np.shares_memory(got, donor)
    np.testing.assert_array_equal(got, x + b)


def test_a_donated_array_read_after_the_write_is_not_reused():
    """@g reads %x (the sum) after the negation would have overwritten it: the analysis
    keeps the negation out of place, and both results are right."""
    x = _rows(4)
    negated, total = irc.jit(DONATE, "g", cache=False, donate_argnums=(0,))(x.copy())
    np.testing.assert_array_equal(negated, -x)
    np.testing.assert_allclose(total, x.sum(axis=0, dtype=np.float64), rtol=1e-6)


def test_donation_needs_a_writeable_array_and_a_tensor_argument():
    f = irc.jit(DONATE, "f", cache=False, donate_argnums=(0,))
    x = _rows(3)
    x.flags.writeable = False
    with pytest.raises(irc.CallError, match="may write this argument, but it is read-only"):
        f(x, _rows(3))
    with pytest.raises(irc.CallError, match="donate_argnums: @f has no tensor argument 2"):
        irc.jit(DONATE, "f", cache=False, donate_argnums=(2,))(_rows(3), _rows(3))


def test_nn_to_llvm_is_the_whole_path(mlp):
    """`irc-opt --nn-to-llvm` prints what irc.jit compiles for an nn program: that text,
    compiled as a loop-level module, gives the nn program's results."""
    from irc.frontend.printer import print_op
    from irc.passes.pass_manager import PassManager
    from irc.passes.pipeline import parse_pipeline

    text, compiled = mlp
    assert TENSOR_LOWERING == "builtin.module(nn-to-llvm)"
    module = irc.parse(text)
    PassManager(parse_pipeline("builtin.module(nn-to-llvm)")).run(module)
    printed = print_op(module)
    assert not any(f" {d}." in printed for d in ("nn", "linalg", "tensor", "scf"))
    loops = irc.compile_module(printed, cache=False)
    x, weights = RNG.random((5, 784), dtype=np.float32), _weights()
    np.testing.assert_array_equal(loops["forward"](x, *weights), compiled["forward"](x, *weights))


def test_a_number_passes_as_a_rank_0_tensor():
    """A rank-0 tensor parameter takes a Python or numpy number as well as a 0-d array."""
    text = """
    func.func @scale(%x: tensor<3xf32>, %a: tensor<f32>) -> tensor<3xf32> {
      %y = nn.mul %x, %a : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
      return %y : tensor<3xf32>
    }
    """
    for sizes in ("3", "?"):  # also where a first call's shapes pick the code to compile
        scale = irc.jit(text.replace("3x", f"{sizes}x"), "scale", cache=False)
        x = np.arange(3, dtype=np.float32)
        for a in (2.5, np.float32(2.5), np.float64(2.5), np.array(2.5, np.float32)):
            np.testing.assert_array_equal(scale(x, a), x * np.float32(2.5))
    with pytest.raises(irc.CallError, match="argument 1 .*got str"):
        scale(x, "2.5")


def test_a_donated_array_passed_twice_is_a_call_error():
    f = irc.jit(DONATE, "f", cache=False, donate_argnums=(0,))
    x = _rows(3)
    with pytest.raises(
        irc.CallError, match="argument 0 is donated but shares memory with argument 1"
    ):
        f(x, x)
    with pytest.raises(irc.CallError, match="shares memory"):
        f(x, x[:, :].view())
