"""nn.scan compiled by irc.jit, with its `?` sizes (specialize=False) and with the
sizes of each call (specialize=True), against the interpreter: stacked per-step outputs
whose `?` sizes no carried value has (their stacks are allocated before the loop, of the
sizes the first step outputs), with and without `lengths`, forward and `reverse`, with
no steps (a `?` size is then what one step on zero slices gives, as in the interpreter),
and scans whose body is only its nn.yield.
"""

from __future__ import annotations

import numpy as np
import pytest

import irc
from irc.runtime.interpreter import run

RNG = np.random.default_rng(2026)


def _agree(text: str, args, specialize: bool, rtol: float = 1e-6) -> None:
    """irc.jit's results equal the interpreter's: shapes, dtypes and values."""
    want = run(irc.parse(text), "f", *args)
    got = irc.jit(text, "f", cache=False, specialize=specialize)(*args)
    got = list(got) if isinstance(got, (list, tuple)) else [got]
    assert len(got) == len(want)
    for have, expected in zip(got, want, strict=True):
        have, expected = np.asarray(have), np.asarray(expected)
        assert (have.shape, have.dtype) == (expected.shape, expected.dtype)
        np.testing.assert_allclose(have, expected, rtol=rtol, atol=1e-6)


def _floats(*shape) -> np.ndarray:
    return RNG.standard_normal(shape).astype(np.float32)


SPECIALIZE = pytest.mark.parametrize("specialize", [False, True], ids=["generic", "specialized"])
REVERSE = pytest.mark.parametrize("reverse", ["", "reverse "], ids=["forward", "reverse"])

# The reproducer: a per-step output of a `?` size that no carried value has (there is
# none); its stack was allocated with size 0 and the first step's copy faulted.
SUMS = """
func.func @f(%xs: tensor<?x?x4xf32>) -> tensor<?x?xf32> {
  %ys = nn.scan REVERSE(%x = %xs : tensor<?x?x4xf32>) -> (tensor<?x?xf32>) {
    %s = nn.reduce_sum %x [1] : (tensor<?x4xf32>) -> tensor<?xf32>
    nn.yield %s : tensor<?xf32>
  }
  return %ys : tensor<?x?xf32>
}
"""


@SPECIALIZE
@REVERSE
@pytest.mark.parametrize(("steps", "batch"), [(3, 2), (1, 5), (4, 0), (0, 3)])
def test_a_stacked_output_of_a_size_no_carry_has(specialize, reverse, steps, batch):
    _agree(SUMS.replace("REVERSE", reverse), [_floats(steps, batch, 4)], specialize)


@SPECIALIZE
@REVERSE
@pytest.mark.parametrize("steps", [3, 1, 0])
def test_static_steps_and_a_dynamic_batch(specialize, reverse, steps):
    text = SUMS.replace("REVERSE", reverse).replace("tensor<?x?", f"tensor<{steps}x?")
    _agree(text, [_floats(steps, 2, 4)], specialize)


# A carried counter of type tensor<?xf32> (5 elements), like the per-step output's type
# but not its size (the batch): the stack's sizes are the step's, not the carry's.
LIKE_A_CARRY = """
func.func @f(%xs: tensor<?x?x3xf32>, %c0: tensor<?xf32>)
    -> (tensor<?xf32>, tensor<?x?xf32>, tensor<?x?x3xf32>) {
  %c, %ms, %ids = nn.scan REVERSE(%x = %xs : tensor<?x?x3xf32>) carry(%c = %c0 : tensor<?xf32>)
      -> (tensor<?xf32>, tensor<?x?xf32>, tensor<?x?x3xf32>) {
    %one = nn.constant dense<1.0> : tensor<f32>
    %c2 = nn.add %c, %one : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
    %m = nn.reduce_max %x [1] : (tensor<?x3xf32>) -> tensor<?xf32>
    nn.yield %c2, %m, %x : tensor<?xf32>, tensor<?xf32>, tensor<?x3xf32>
  }
  return %c, %ms, %ids : tensor<?xf32>, tensor<?x?xf32>, tensor<?x?x3xf32>
}
"""


@SPECIALIZE
@REVERSE
@pytest.mark.parametrize("steps", [3, 0])
def test_a_carry_of_the_step_type_but_another_size(specialize, reverse, steps):
    text = LIKE_A_CARRY.replace("REVERSE", reverse)
    _agree(text, [_floats(steps, 2, 3), _floats(5)], specialize)


# With lengths: the stacked outputs' rows past their lengths are zeros; the carried value
# (the state) and an output computed from it, of the batch's `?` size.
PADDED = """
func.func @f(%xs: tensor<?x?x4xf32>, %h0: tensor<?x4xf32>, %v: tensor<?xf32>, %n: tensor<?xi32>)
    -> (tensor<?x4xf32>, tensor<?x?x4xf32>, tensor<?x?xf32>, tensor<?x?xf32>) {
  %h, %hs, %ss, %vs = nn.scan REVERSE(%x = %xs : tensor<?x?x4xf32>)
      carry(%c = %h0 : tensor<?x4xf32>) invariant(%w = %v : tensor<?xf32>)
      lengths(%n : tensor<?xi32>)
      -> (tensor<?x4xf32>, tensor<?x?x4xf32>, tensor<?x?xf32>, tensor<?x?xf32>) {
    %s = nn.add %c, %x : tensor<?x4xf32>
    %t = nn.tanh %s : tensor<?x4xf32>
    %sum = nn.reduce_sum %t [1] : (tensor<?x4xf32>) -> tensor<?xf32>
    nn.yield %t, %t, %sum, %w : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xf32>, tensor<?xf32>
  }
  return %h, %hs, %ss, %vs : tensor<?x4xf32>, tensor<?x?x4xf32>, tensor<?x?xf32>, tensor<?x?xf32>
}
"""


@SPECIALIZE
@REVERSE
@pytest.mark.parametrize(("steps", "lengths"), [(3, [3, 1]), (4, [0, 2, 4]), (0, [0, 0])])
def test_stacked_outputs_with_lengths(specialize, reverse, steps, lengths):
    text = PADDED.replace("REVERSE", reverse)
    batch = len(lengths)
    args = [_floats(steps, batch, 4), _floats(batch, 4), _floats(batch),
            np.array(lengths, np.int32)]  # fmt: skip
    _agree(text, args, specialize)


@SPECIALIZE
def test_a_body_of_only_its_yield(specialize):
    """Legal IR: the body passes its carried value on and outputs it; and a scan with no
    results at all."""
    passing = """
func.func @f(%xs: tensor<?x2xf32>, %h: tensor<?xf32>) -> (tensor<?xf32>, tensor<?x?xf32>) {
  %c, %ys = nn.scan (%x = %xs : tensor<?x2xf32>) carry(%k = %h : tensor<?xf32>)
      -> (tensor<?xf32>, tensor<?x?xf32>) {
    nn.yield %k, %k : tensor<?xf32>, tensor<?xf32>
  }
  return %c, %ys : tensor<?xf32>, tensor<?x?xf32>
}
"""
    nothing = """
func.func @f(%xs: tensor<?x2xf32>, %h: tensor<?xf32>) -> tensor<?xf32> {
  nn.scan (%x = %xs : tensor<?x2xf32>) -> () {
    nn.yield
  }
  return %h : tensor<?xf32>
}
"""
    for steps in (3, 0):
        args = [_floats(steps, 2), _floats(4)]
        _agree(passing, args, specialize)
        _agree(nothing, args, specialize)
