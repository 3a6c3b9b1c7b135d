"""nn.scan in the interpreter, against the same recurrences written as Python loops:
time order and `reverse`, invariants, several carries and outputs, padded batches with
`lengths` (each row run on its own real steps only), `?` steps, and the run-time faults
located at the scan. The LSTM of examples/lstm.mlir is checked against numpy loops."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import irc
from irc.dialects.nn.scan import ScanOp
from tests.dialects.helpers import error_of, interpret, roundtrip

RNG = np.random.default_rng(11)
HALF = np.float32(0.5)
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _cumsum_text(reverse: bool = False, steps: str = "6") -> str:
    option = "reverse " if reverse else ""
    seq = f"tensor<{steps}x3xf32>"
    return f"""
func.func @f(%xs: {seq}, %zero: tensor<3xf32>) -> (tensor<3xf32>, {seq}) {{
  %total, %sums = nn.scan {option}(%x = %xs : {seq}) carry(%acc = %zero : tensor<3xf32>)
      -> (tensor<3xf32>, {seq}) {{
    %next = nn.add %acc, %x : tensor<3xf32>
    nn.yield %next, %next : tensor<3xf32>, tensor<3xf32>
  }}
  return %total, %sums : tensor<3xf32>, {seq}
}}
"""


def _cumsum_loop(xs: np.ndarray, order) -> tuple[np.ndarray, np.ndarray]:
    acc = np.zeros(xs.shape[1:], np.float32)
    sums = np.zeros_like(xs)
    for t in order:
        acc = acc + xs[t]
        sums[t] = acc
    return acc, sums


def test_cumulative_sum_matches_a_loop():
    xs = RNG.standard_normal((6, 3)).astype(np.float32)
    total, sums = interpret(_cumsum_text(), "f", xs, np.zeros(3, np.float32))
    want_total, want_sums = _cumsum_loop(xs, range(6))
    np.testing.assert_array_equal(total, want_total)
    np.testing.assert_array_equal(sums, want_sums)
    assert sums.dtype == np.float32 and sums.shape == (6, 3)


def test_reverse_runs_backwards_and_keeps_time_order():
    """With `reverse` output t is still the one computed from slice t: a suffix sum."""
    xs = RNG.standard_normal((6, 3)).astype(np.float32)
    total, sums = interpret(_cumsum_text(reverse=True), "f", xs, np.zeros(3, np.float32))
    want_total, want_sums = _cumsum_loop(xs, range(5, -1, -1))
    np.testing.assert_array_equal(total, want_total)
    np.testing.assert_array_equal(sums, want_sums)
    np.testing.assert_allclose(sums[0], xs.sum(axis=0), rtol=1e-5)
    np.testing.assert_array_equal(sums[-1], xs[-1])


def test_invariants_are_the_same_at_every_step():
    text = """
func.func @f(%xs: tensor<5x2xf64>, %h0: tensor<2xf64>, %w: tensor<2xf64>, %b: tensor<f64>)
    -> (tensor<2xf64>, tensor<5x2xf64>) {
  %h, %hs = nn.scan (%x = %xs : tensor<5x2xf64>) carry(%hc = %h0 : tensor<2xf64>)
      invariant(%wi = %w : tensor<2xf64>, %bi = %b : tensor<f64>)
      -> (tensor<2xf64>, tensor<5x2xf64>) {
    %m = nn.mul %hc, %wi : tensor<2xf64>
    %s = nn.add %m, %x : tensor<2xf64>
    %t = nn.add %s, %bi : (tensor<2xf64>, tensor<f64>) -> tensor<2xf64>
    %n = nn.tanh %t : tensor<2xf64>
    nn.yield %n, %n : tensor<2xf64>, tensor<2xf64>
  }
  return %h, %hs : tensor<2xf64>, tensor<5x2xf64>
}
"""
    xs, h0, w = RNG.standard_normal((5, 2)), RNG.standard_normal(2), RNG.standard_normal(2)
    h, hs = interpret(text, "f", xs, h0, w, np.float64(0.25))
    want, states = h0, []
    for t in range(5):
        want = np.tanh(want * w + xs[t] + 0.25)
        states.append(want)
    np.testing.assert_allclose(h, want, rtol=1e-15)
    np.testing.assert_allclose(hs, np.stack(states), rtol=1e-15)


def test_several_carries_and_outputs():
    """Two sequences, three carries of different types, three outputs (one of them of
    rank 0, stacked to rank 1)."""
    text = """
func.func @f(%xs: tensor<4x3xf32>, %ys: tensor<4xi32>, %s0: tensor<3xf32>, %p0: tensor<3xf32>,
             %c0: tensor<i32>)
    -> (tensor<3xf32>, tensor<3xf32>, tensor<i32>, tensor<4x3xf32>, tensor<4xi32>,
        tensor<4x3xf32>) {
  %s, %p, %c, %sums, %counts, %squares = nn.scan
      (%x = %xs : tensor<4x3xf32>, %y = %ys : tensor<4xi32>)
      carry(%sc = %s0 : tensor<3xf32>, %pc = %p0 : tensor<3xf32>, %cc = %c0 : tensor<i32>)
      -> (tensor<3xf32>, tensor<3xf32>, tensor<i32>, tensor<4x3xf32>, tensor<4xi32>,
          tensor<4x3xf32>) {
    %s2 = nn.add %sc, %x : tensor<3xf32>
    %p2 = nn.mul %pc, %x : tensor<3xf32>
    %c2 = nn.add %cc, %y : tensor<i32>
    %sq = nn.mul %x, %x : tensor<3xf32>
    nn.yield %s2, %p2, %c2, %s2, %c2, %sq
        : tensor<3xf32>, tensor<3xf32>, tensor<i32>, tensor<3xf32>, tensor<i32>, tensor<3xf32>
  }
  return %s, %p, %c, %sums, %counts, %squares
      : tensor<3xf32>, tensor<3xf32>, tensor<i32>, tensor<4x3xf32>, tensor<4xi32>,
        tensor<4x3xf32>
}
"""
    xs = RNG.standard_normal((4, 3)).astype(np.float32)
    ys = np.array([3, -1, 7, 2], np.int32)
    s0, p0 = np.zeros(3, np.float32), np.ones(3, np.float32)
    s, p, c, sums, counts, squares = interpret(text, "f", xs, ys, s0, p0, np.int32(10))
    want_s, want_p, want_c = s0, p0, 10
    want_sums, want_counts = [], []
    for t in range(4):
        want_s, want_p, want_c = want_s + xs[t], want_p * xs[t], want_c + int(ys[t])
        want_sums.append(want_s)
        want_counts.append(want_c)
    np.testing.assert_array_equal(s, want_s)
    np.testing.assert_array_equal(p, want_p)
    assert c.shape == () and c.dtype == np.int32 and int(c) == want_c
    np.testing.assert_array_equal(sums, np.stack(want_sums))
    np.testing.assert_array_equal(counts, np.array(want_counts, np.int32))
    assert counts.dtype == np.int32
    np.testing.assert_array_equal(squares, xs * xs)


# -- padded batches ------------------------------------------------------------------------


def _padded_text(reverse: bool) -> str:
    option = "reverse " if reverse else ""
    return f"""
func.func @f(%xs: tensor<5x4x2xf32>, %h0: tensor<4x2xf32>, %n: tensor<4xi32>,
             %scale: tensor<f32>) -> (tensor<4x2xf32>, tensor<5x4x2xf32>) {{
  %h, %hs = nn.scan {option}(%x = %xs : tensor<5x4x2xf32>) carry(%hc = %h0 : tensor<4x2xf32>)
      invariant(%half = %scale : tensor<f32>) lengths(%n : tensor<4xi32>)
      -> (tensor<4x2xf32>, tensor<5x4x2xf32>) {{
    %m = nn.mul %hc, %half : (tensor<4x2xf32>, tensor<f32>) -> tensor<4x2xf32>
    %s = nn.add %m, %x : tensor<4x2xf32>
    %n2 = nn.tanh %s : tensor<4x2xf32>
    nn.yield %n2, %n2 : tensor<4x2xf32>, tensor<4x2xf32>
  }}
  return %h, %hs : tensor<4x2xf32>, tensor<5x4x2xf32>
}}
"""


def _padded_loop(xs, h0, lengths, reverse: bool):
    """Each row on its own: only its first lengths[b] steps exist; zeros elsewhere."""
    steps, batch = xs.shape[:2]
    final = h0.copy()
    outputs = np.zeros_like(xs)
    for b in range(batch):
        h = h0[b]
        real = range(lengths[b])
        for t in reversed(real) if reverse else real:
            h = np.tanh(h * HALF + xs[t, b])
            outputs[t, b] = h
        final[b] = h
    return final, outputs


@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "reverse"])
def test_padded_rows_keep_their_state_and_output_zeros(reverse: bool):
    xs = RNG.standard_normal((5, 4, 2)).astype(np.float32)
    h0 = RNG.standard_normal((4, 2)).astype(np.float32)
    lengths = np.array([5, 2, 0, 3], np.int32)
    text = _padded_text(reverse)
    h, hs = interpret(text, "f", xs, h0, lengths, HALF)
    want_h, want_hs = _padded_loop(xs, h0, lengths, reverse)
    np.testing.assert_allclose(h, want_h, rtol=1e-6)
    np.testing.assert_allclose(hs, want_hs, rtol=1e-6)
    np.testing.assert_array_equal(h[2], h0[2])  # the zero-length row keeps its initial state
    assert not hs[:, 2].any() and not hs[2:, 1].any() and not hs[3:, 3].any()


def test_full_lengths_are_the_unpadded_scan():
    xs = RNG.standard_normal((5, 4, 2)).astype(np.float32)
    h0 = np.zeros((4, 2), np.float32)
    full = interpret(_padded_text(False), "f", xs, h0, np.full(4, 5, np.int32), HALF)
    want_h, want_hs = _padded_loop(xs, h0, [5] * 4, reverse=False)
    np.testing.assert_allclose(full[0], want_h, rtol=1e-6)
    np.testing.assert_allclose(full[1], want_hs, rtol=1e-6)


@pytest.mark.parametrize("bad", [[5, 6, 0, 1], [1, -1, 0, 1]])
def test_a_length_out_of_range_is_a_located_error(bad):
    text = _cumsum_masked_text()
    message = error_of(
        text, "f", np.zeros((5, 4), np.float32), np.zeros(4, np.float32), np.array(bad, np.int64)
    )
    row = 1
    assert f"'nn.scan' lengths[{row}] = {bad[row]} is outside 0..5 (the number of steps)" in (
        message
    )
    assert message.startswith("<stdin>:3:")


def _cumsum_masked_text() -> str:
    return """
func.func @f(%xs: tensor<5x4xf32>, %z: tensor<4xf32>, %n: tensor<4xi64>) -> tensor<4xf32> {
  %total = nn.scan (%x = %xs : tensor<5x4xf32>) carry(%acc = %z : tensor<4xf32>)
      lengths(%n : tensor<4xi64>) -> (tensor<4xf32>) {
    %next = nn.add %acc, %x : tensor<4xf32>
    nn.yield %next : tensor<4xf32>
  }
  return %total : tensor<4xf32>
}
"""


def test_masked_sum_without_other_families():
    """A padded batch with elementwise ops only: row b sums its first lengths[b] steps."""
    xs = RNG.standard_normal((5, 4)).astype(np.float32)
    lengths = np.array([0, 5, 2, 3], np.int64)
    (total,) = interpret(_cumsum_masked_text(), "f", xs, np.zeros(4, np.float32), lengths)
    want = np.array([xs[: lengths[b], b].sum(dtype=np.float32) for b in range(4)])
    np.testing.assert_allclose(total, want, rtol=1e-6)
    assert total[0] == 0.0


# -- dynamic numbers of steps -------------------------------------------------------------


def test_dynamic_steps_run_as_many_steps_as_given():
    text = _cumsum_text(steps="?")
    for steps in (1, 4, 9):
        xs = RNG.standard_normal((steps, 3)).astype(np.float32)
        total, sums = interpret(text, "f", xs, np.zeros(3, np.float32))
        want_total, want_sums = _cumsum_loop(xs, range(steps))
        np.testing.assert_array_equal(total, want_total)
        np.testing.assert_array_equal(sums, want_sums)


@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "reverse"])
def test_zero_steps_give_the_initial_state_and_empty_stacks(reverse: bool):
    start = np.array([1.0, 2.0, 3.0], np.float32)
    text = _cumsum_text(reverse=reverse, steps="?")
    total, sums = interpret(text, "f", np.zeros((0, 3), np.float32), start)
    np.testing.assert_array_equal(total, start)
    assert sums.shape == (0, 3) and sums.dtype == np.float32


def test_sequences_of_different_lengths_are_a_located_error():
    text = """
func.func @f(%a: tensor<?x2xf32>, %b: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %ys = nn.scan (%x = %a : tensor<?x2xf32>, %y = %b : tensor<?x2xf32>) -> (tensor<?x2xf32>) {
    %s = nn.add %x, %y : tensor<2xf32>
    nn.yield %s : tensor<2xf32>
  }
  return %ys : tensor<?x2xf32>
}
"""
    message = error_of(text, "f", np.zeros((4, 2), np.float32), np.zeros((5, 2), np.float32))
    assert message.startswith(
        "<stdin>:3:9: error: 'nn.scan' sequences have different numbers of steps at run "
        "time: 4 in sequence #0 and 5 in sequence #1"
    )


def test_a_dynamic_sequence_against_a_static_one():
    """`?` and 3 verify; 4 steps against 3 is found when the scan runs."""
    text = """
func.func @f(%a: tensor<?xf32>, %b: tensor<3xf32>, %c0: tensor<f32>) -> tensor<f32> {
  %s = nn.scan (%x = %b : tensor<3xf32>, %y = %a : tensor<?xf32>)
      carry(%acc = %c0 : tensor<f32>) -> (tensor<f32>) {
    %p = nn.mul %x, %y : tensor<f32>
    %n = nn.add %acc, %p : tensor<f32>
    nn.yield %n : tensor<f32>
  }
  return %s : tensor<f32>
}
"""
    a, b = np.array([1.0, 2.0, 3.0], np.float32), np.array([4.0, 5.0, 6.0], np.float32)
    (dot,) = interpret(text, "f", a, b, np.float32(0))
    assert dot == np.float32(32.0)
    message = error_of(text, "f", np.ones(4, np.float32), b, np.float32(0))
    assert "3 in sequence #0 and 4 in sequence #1" in message


# -- the op as an object ----------------------------------------------------------------------


def test_named_parts_and_round_trip():
    text = _padded_text(reverse=True).replace("reverse ", "reverse truncate(3) ")
    printed = roundtrip(text)
    module = irc.parse(printed)
    (scan,) = [op for op in module.walk() if isinstance(op, ScanOp)]
    assert [len(scan.sequences), len(scan.carries), len(scan.invariants)] == [1, 1, 1]
    assert scan.lengths is not None and scan.lengths.type.shape == (4,)
    assert len(scan.final_carries) == 1 and len(scan.stacked_outputs) == 1
    assert len(scan.body.args) == 3
    assert scan.reverse and scan.truncate == 3


def test_build_makes_the_body_arguments_from_the_operands():
    module = irc.parse(
        "func.func @f(%xs: tensor<?x4x8xf32>, %h: tensor<4x8xf32>, %w: tensor<8xf32>) {\n"
        "  return\n}\n"
    )
    func = next(op for op in module.walk() if op.name == "func.func")
    xs, h, w = func.regions[0].blocks[0].args
    scan = ScanOp.build([xs], [h], [w], output_types=[h.type], reverse=True, truncate=5)
    assert [str(a.type) for a in scan.body.args] == [
        "tensor<4x8xf32>",
        "tensor<4x8xf32>",
        "tensor<8xf32>",
    ]
    assert [str(t) for t in scan.result_types] == ["tensor<4x8xf32>", "tensor<?x4x8xf32>"]
    assert scan.reverse and scan.truncate == 5 and scan.lengths is None


# -- examples/lstm.mlir ------------------------------------------------------------------------


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _lstm_loops(xs, h0, c0, w, u, b):
    """The LSTM step by step, batch row by batch row, in float64: gates i f g o from
    x W + h U + b, c' = f c + i g, h' = o tanh(c')."""
    steps, batch, _ = xs.shape
    hidden = h0.shape[1]
    hs = np.zeros((steps, batch, hidden))
    h_last = np.zeros((batch, hidden))
    for row in range(batch):
        h, c = h0[row].astype(np.float64), c0[row].astype(np.float64)
        for t in range(steps):
            x = xs[t, row].astype(np.float64)
            z = {gate: x @ w[gate] + h @ u[gate] + b[gate] for gate in "ifgo"}
            i, f, o = _sigmoid(z["i"]), _sigmoid(z["f"]), _sigmoid(z["o"])
            g = np.tanh(z["g"])
            c = f * c + i * g
            h = o * np.tanh(c)
            hs[t, row] = h
        h_last[row] = h
    return h_last, hs


@pytest.mark.parametrize("steps, batch", [(7, 3), (1, 1), (0, 2)])
def test_lstm_example_matches_numpy_loops(steps: int, batch: int):
    text = (EXAMPLES / "lstm.mlir").read_text(encoding="utf-8")
    rng = np.random.default_rng(steps * 10 + batch)

    def weights(*shape):
        return (rng.standard_normal(shape) * 0.4).astype(np.float32)

    xs = weights(steps, batch, 8)
    h0, c0 = weights(batch, 16), weights(batch, 16)
    w = {gate: weights(8, 16) for gate in "ifgo"}
    u = {gate: weights(16, 16) for gate in "ifgo"}
    b = {gate: weights(16) for gate in "ifgo"}
    args = [xs, h0, c0, *w.values(), *u.values(), *b.values()]
    h_last, hs = interpret(text, "lstm", *args)
    want_last, want_hs = _lstm_loops(xs, h0, c0, w, u, b)
    assert h_last.dtype == hs.dtype == np.float32
    assert hs.shape == (steps, batch, 16)
    np.testing.assert_allclose(hs, want_hs, rtol=2e-5, atol=2e-6)
    np.testing.assert_allclose(h_last, want_last if steps else h0, rtol=2e-5, atol=2e-6)


_GROWING_CARRY = """
func.func @f(%xs: tensor<3x1xf32>, %start: tensor<?xf32>) -> tensor<?xf32> {
  %all = nn.scan (%x = %xs : tensor<3x1xf32>) carry(%acc = %start : tensor<?xf32>)
      -> (tensor<?xf32>) {
    %longer = nn.concat %acc, %x axis 0 : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
    nn.yield %longer : tensor<?xf32>
  }
  return %all : tensor<?xf32>
}
"""

_GROWING_OUTPUT = """
func.func @f(%xs: tensor<3x1xf32>, %start: tensor<?xf32>) -> tensor<3x?xf32> {
  %all, %each = nn.scan (%x = %xs : tensor<3x1xf32>) carry(%acc = %start : tensor<?xf32>)
      -> (tensor<?xf32>, tensor<3x?xf32>) {
    %longer = nn.concat %acc, %x axis 0 : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
    nn.yield %longer, %longer : tensor<?xf32>, tensor<?xf32>
  }
  return %each : tensor<3x?xf32>
}
"""


def test_a_carry_may_change_shape_but_outputs_must_not():
    """A `?` carried value may grow; stacking outputs of different shapes is a located
    error naming the steps."""
    xs = np.array([[1.0], [2.0], [3.0]], np.float32)
    (grown,) = interpret(_GROWING_CARRY, "f", xs, np.zeros(0, np.float32))
    np.testing.assert_array_equal(grown, [1.0, 2.0, 3.0])
    message = error_of(_GROWING_OUTPUT, "f", xs, np.zeros(0, np.float32))
    assert message.startswith(
        "<stdin>:3:17: error: 'nn.scan' per-step output #0 has shape 2 at step 1 but 1 at "
        "step 0; only outputs of one shape can be stacked"
    )


_PADDED_DYNAMIC = """
func.func @f(%xs: tensor<2x4x1xf32>, %start: tensor<4x?xf32>, %n: tensor<?xi32>)
    -> tensor<4x?xf32> {
  %all = nn.scan (%x = %xs : tensor<2x4x1xf32>) carry(%acc = %start : tensor<4x?xf32>)
      lengths(%n : tensor<?xi32>) -> (tensor<4x?xf32>) {
    %longer = nn.concat %acc, %x axis 1 : (tensor<4x?xf32>, tensor<4x1xf32>) -> tensor<4x?xf32>
    nn.yield %longer : tensor<4x?xf32>
  }
  return %all : tensor<4x?xf32>
}
"""


def test_padded_batches_are_checked_when_the_scan_runs():
    """The batch of `?` types is compared with the lengths, and a padded carry cannot
    change shape (its padded rows keep their old values)."""
    xs = np.ones((2, 4, 1), np.float32)
    start = np.zeros((4, 0), np.float32)
    message = error_of(_PADDED_DYNAMIC, "f", xs, start, np.ones(3, np.int32))
    assert "'nn.scan' carried value #0 has shape 4x0 at run time, but lengths gives a batch " in (
        message
    )
    message = error_of(_PADDED_DYNAMIC, "f", xs, start, np.ones(4, np.int32))
    assert message.startswith(
        "<stdin>:4:10: error: 'nn.scan' carried value #0 changes shape from 4x0 to 4x1; with "
        "lengths a padded row keeps its old value, so the shape must stay"
    )


def test_a_random_key_can_be_carried():
    """Dropout-style noise per step: the key is split each step and carried on."""
    text = """
func.func @f(%xs: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<12xf32>) {
  %key = nn.random_key 7
  %last, %noise = nn.scan (%x = %xs : tensor<3x4xf32>) carry(%k = %key : !nn.key)
      -> (!nn.key, tensor<3x4xf32>) {
    %ks:2 = nn.random_split %k into 2
    %u = nn.random_uniform %ks#1 : tensor<4xf32>
    nn.yield %ks#0, %u : !nn.key, tensor<4xf32>
  }
  %k1:2 = nn.random_split %key into 2
  %u0 = nn.random_uniform %k1#1 : tensor<4xf32>
  %k2:2 = nn.random_split %k1#0 into 2
  %u1 = nn.random_uniform %k2#1 : tensor<4xf32>
  %k3:2 = nn.random_split %k2#0 into 2
  %u2 = nn.random_uniform %k3#1 : tensor<4xf32>
  %by_hand = nn.concat %u0, %u1, %u2 axis 0
      : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<12xf32>
  return %noise, %by_hand : tensor<3x4xf32>, tensor<12xf32>
}
"""
    noise, by_hand = interpret(roundtrip(text), "f", np.zeros((3, 4), np.float32))
    np.testing.assert_array_equal(noise.reshape(-1), by_hand)
    assert len({tuple(row) for row in noise}) == 3


def test_the_docstring_examples_verify():
    """The IR paragraphs of nn.scan's docstring (the reference doc) parse and verify."""
    from irc.tools.gendocs import docstring_parts

    headers = [
        "%xs: tensor<10x4x8xf32>, %h0: tensor<4x16xf32>, %W: tensor<8x16xf32>",
        "%xs: tensor<?x4x8xf32>, %h0: tensor<4x8xf32>, %n: tensor<4xi32>",
    ]
    _, parts = docstring_parts(ScanOp.__doc__)
    examples = [text for kind, text in parts if kind == "ir"]
    assert len(examples) == len(headers)
    for header, example in zip(headers, examples, strict=True):
        module = irc.parse(f"func.func @f({header}) {{\n{example}\nreturn\n}}")
        irc.verify(module)


def _padded_lstm_text(reverse: bool) -> str:
    """examples/lstm.mlir over a right-padded batch: a `lengths` operand (and `reverse`)."""
    text = (EXAMPLES / "lstm.mlir").read_text(encoding="utf-8")
    edits = [
        ("%c0: tensor<?x16xf32>,", "%c0: tensor<?x16xf32>, %n: tensor<?xi32>,"),
        (
            "\n      -> (tensor<?x16xf32>, tensor<?x16xf32>, tensor<?x?x16xf32>) {",
            " lengths(%n : tensor<?xi32>)\n      -> (tensor<?x16xf32>, tensor<?x16xf32>, "
            "tensor<?x?x16xf32>) {",
        ),
        ("= nn.scan\n", "= nn.scan reverse\n" if reverse else "= nn.scan\n"),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "reverse"])
def test_padded_lstm_rows_are_the_lstm_of_their_real_steps(reverse: bool):
    """Row b of a padded batch gives what the LSTM gives on its first lengths[b] inputs
    alone (read backwards with `reverse`), and zeros after them."""
    rng = np.random.default_rng(5)

    def weights(*shape):
        return (rng.standard_normal(shape) * 0.4).astype(np.float32)

    lengths = np.array([6, 0, 3, 1], np.int32)
    xs, h0, c0 = weights(6, 4, 8), weights(4, 16), weights(4, 16)
    w = {gate: weights(8, 16) for gate in "ifgo"}
    u = {gate: weights(16, 16) for gate in "ifgo"}
    b = {gate: weights(16) for gate in "ifgo"}
    args = [xs, h0, c0, lengths, *w.values(), *u.values(), *b.values()]
    h_last, hs = interpret(_padded_lstm_text(reverse), "lstm", *args)
    for row, length in enumerate(lengths):
        real = xs[:length, row : row + 1]
        if reverse:
            real = real[::-1]
        want_last, want_hs = _lstm_loops(real, h0[row : row + 1], c0[row : row + 1], w, u, b)
        if reverse:
            want_hs = want_hs[::-1]
        want = want_last[0] if length else h0[row]  # a row without steps keeps h0
        np.testing.assert_allclose(h_last[row], want, rtol=2e-5)
        np.testing.assert_allclose(hs[:length, row], want_hs[:, 0], rtol=2e-5, atol=2e-6)
        assert not hs[length:, row].any()
