"""The reference interpreter runs cf programs: loops and nested branches between blocks
with arguments, switches and failing assertions, checked against plain Python.

Programs that compute with arith wait for its interpreter kernels (skipped while
irc/runtime/kernels/arith.py is missing); the branch plumbing needs func and cf only.
"""

from __future__ import annotations

import importlib.util
import math

import numpy as np
import pytest

from irc.frontend.parser import parse
from irc.ir.diagnostics import IRError
from irc.ir.verifier import verify
from irc.runtime.interpreter import run

needs_arith = pytest.mark.skipif(
    importlib.util.find_spec("irc.runtime.kernels.arith") is None, reason="no arith kernels yet"
)


def compile_module(text: str):
    module = parse(text, "test.mlir")
    verify(module)
    return module


# -- branches (arith only for constants) -----------------------------------------------------

PLUMBING = """
func.func @pick(%c: i1, %a: f32, %b: f32) -> f32 {
  cf.cond_br %c, ^first(%a : f32), ^second(%b, %a : f32, f32)
^first(%x: f32):
  return %x : f32
^second(%y: f32, %z: f32):
  cf.br ^first(%y : f32)
}

func.func @same_block(%c: i1, %a: i8, %b: i8) -> i8 {
  cf.cond_br %c, ^join(%a : i8), ^join(%b : i8)
^join(%x: i8):
  return %x : i8
}

func.func @nested(%c: i1, %d: i1) -> i32 {
  cf.cond_br %c, ^c_true, ^c_false
^c_true:
  cf.cond_br %d, ^tt, ^tf
^c_false:
  cf.cond_br %d, ^ft, ^ff
^tt:
  %0 = arith.constant 3 : i32
  cf.br ^exit(%0 : i32)
^tf:
  %1 = arith.constant 2 : i32
  cf.br ^exit(%1 : i32)
^ft:
  %2 = arith.constant 1 : i32
  cf.br ^exit(%2 : i32)
^ff:
  %3 = arith.constant 0 : i32
  cf.br ^exit(%3 : i32)
^exit(%r: i32):
  return %r : i32
}

func.func @classify(%x: i8, %v: f64) -> f64 {
  cf.switch %x : i8, [
    default: ^other(%v : f64),
    0: ^zero,
    -1: ^minus_one(%v, %v : f64, f64),
    100: ^other(%v : f64)
  ]
^zero:
  %z = arith.constant 0.0 : f64
  return %z : f64
^minus_one(%a: f64, %b: f64):
  return %b : f64
^other(%w: f64):
  %n = math.absf %w : f64
  return %n : f64
}

func.func @checked(%ok: i1, %x: i32) -> i32 {
  cf.assert %ok, "the check failed"
  return %x : i32
}
"""


@pytest.fixture(scope="module")
def plumbing():
    return compile_module(PLUMBING)


@pytest.mark.parametrize("condition", [True, False])
def test_cond_br_passes_block_arguments(plumbing, condition):
    assert run(plumbing, "pick", condition, 1.5, -2.0) == [1.5 if condition else -2.0]


@pytest.mark.parametrize("condition", [True, False])
def test_both_edges_to_one_block_pass_their_own_values(plumbing, condition):
    (result,) = run(plumbing, "same_block", condition, 7, -9)
    assert result == (7 if condition else -9) and result.dtype == np.int8


@needs_arith
@pytest.mark.parametrize("c", [True, False])
@pytest.mark.parametrize("d", [True, False])
def test_nested_branches(plumbing, c, d):
    assert run(plumbing, "nested", c, d) == [2 * c + d]


@needs_arith
@pytest.mark.parametrize("flag", [0, -1, 255, 100, 5, -128, 127])
def test_switch_picks_the_case_or_default(plumbing, flag):
    value = -2.5
    wrapped = (flag + 128) % 256 - 128  # i8 arguments wrap
    expected = {0: 0.0, -1: value}.get(wrapped, abs(value))
    assert run(plumbing, "classify", np.int8(wrapped), value) == [expected]


def test_assert_that_holds_does_nothing(plumbing):
    assert run(plumbing, "checked", True, 4) == [4]


def test_failing_assert_is_an_error_with_its_message_at_the_assert(plumbing):
    with pytest.raises(IRError) as caught:
        run(plumbing, "checked", False, 4)
    text = str(caught.value)
    assert "assertion failed: the check failed" in text
    line = PLUMBING.splitlines().index('  cf.assert %ok, "the check failed"') + 1
    assert f"test.mlir:{line}:3" in text


# -- loops ------------------------------------------------------------------------------------

LOOPS = """
func.func @gcd(%a: i32, %b: i32) -> i32 {
  cf.br ^loop(%a, %b : i32, i32)
^loop(%x: i32, %y: i32):
  %c0 = arith.constant 0 : i32
  %done = arith.cmpi eq, %y, %c0 : i32
  cf.cond_br %done, ^exit(%x : i32), ^step
^step:
  %r = arith.remsi %x, %y : i32
  cf.br ^loop(%y, %r : i32, i32)
^exit(%g: i32):
  %neg = arith.cmpi slt, %g, %c0 : i32
  cf.cond_br %neg, ^negate, ^done(%g : i32)
^negate:
  %m = arith.subi %c0, %g : i32
  cf.br ^done(%m : i32)
^done(%result: i32):
  return %result : i32
}

func.func @triangle(%n: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c1 = arith.constant 1 : i8
  cf.br ^loop(%c0, %c0 : i8, i8)
^loop(%i: i8, %sum: i8):
  %more = arith.cmpi slt, %i, %n : i8
  cf.cond_br %more, ^body, ^exit
^body:
  %next = arith.addi %i, %c1 : i8
  %s = arith.addi %sum, %next : i8
  cf.br ^loop(%next, %s : i8, i8)
^exit:
  return %sum : i8
}

func.func @collatz_steps(%n: i64) -> i64 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %c2 = arith.constant 2 : i64
  %c3 = arith.constant 3 : i64
  cf.br ^loop(%n, %c0 : i64, i64)
^loop(%x: i64, %steps: i64):
  %one = arith.cmpi eq, %x, %c1 : i64
  cf.cond_br %one, ^exit, ^body
^body:
  %s = arith.addi %steps, %c1 : i64
  %r = arith.remui %x, %c2 : i64
  %even = arith.cmpi eq, %r, %c0 : i64
  cf.cond_br %even, ^half, ^triple
^half:
  %h = arith.divui %x, %c2 : i64
  cf.br ^loop(%h, %s : i64, i64)
^triple:
  %t = arith.muli %x, %c3 : i64
  %t1 = arith.addi %t, %c1 : i64
  cf.br ^loop(%t1, %s : i64, i64)
^exit:
  return %steps : i64
}
"""


@pytest.fixture(scope="module")
def loops():
    return compile_module(LOOPS)


@needs_arith
@pytest.mark.parametrize(
    "a, b", [(48, 18), (18, 48), (17, 5), (0, 9), (9, 0), (-12, 18), (12, -18), (1 << 30, 6)]
)
def test_gcd_with_blocks(loops, a, b):
    assert run(loops, "gcd", a, b) == [math.gcd(a, b)]


def python_triangle_i8(n: int) -> int:
    total = 0
    for i in range(1, n + 1):
        total = (total + i + 128) % 256 - 128  # i8 wraps
    return total


@needs_arith
@pytest.mark.parametrize("n", [0, 1, 10, 15, 16, 100, 127])
def test_loop_sum_wraps_as_i8(loops, n):
    assert run(loops, "triangle", n) == [python_triangle_i8(n)]


def python_collatz(n: int) -> int:
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


@needs_arith
@pytest.mark.parametrize("n", [1, 2, 3, 7, 27, 97, 871])
def test_collatz_nested_branches_in_a_loop(loops, n):
    assert run(loops, "collatz_steps", n) == [python_collatz(n)]
