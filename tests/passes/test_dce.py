"""dce keeps results (checked by the interpreter) and leaves nothing it could erase."""

from __future__ import annotations

import pytest

from irc.frontend.parser import parse
from irc.ir.effects import is_trivially_dead
from irc.ir.verifier import verify
from irc.passes.dce import DCE, DeadOpEraser, erase_unreachable_blocks
from tests.passes.programs import apply, count_ops, random_function, run_f


@pytest.mark.parametrize("seed", range(30))
def test_results_are_kept(seed):
    text = random_function(seed, size=60)
    out = apply(text, "-dce")
    assert run_f(out) == run_f(text)
    assert count_ops(out) <= count_ops(text)


@pytest.mark.parametrize("seed", range(10))
def test_fixed_point(seed):
    module = parse(apply(random_function(seed, size=60), "-dce"))
    assert not any(is_trivially_dead(op) for op in module.walk() if op is not module)
    assert apply(apply(random_function(seed, size=60), "-dce"), "-dce") == apply(
        random_function(seed, size=60), "-dce"
    )


def test_dead_blocks_that_use_each_other():
    text = """
func.func @f(%x: i32) -> i32 {
  return %x : i32
^bb1(%a: i32):
  %b = arith.addi %a, %x : i32
  cf.br ^bb2(%b : i32)
^bb2(%c: i32):
  %d = arith.muli %c, %c : i32
  cf.br ^bb1(%d : i32)
}
"""
    module = parse(text)
    assert erase_unreachable_blocks(module) == 2
    verify(module)
    assert count_ops(apply(text, "-dce")) == 2


def test_users_in_later_blocks_erase_definers_in_earlier_ones():
    """A definer visited before its last user is erased by the worklist."""
    text = """
func.func @f(%x: i32, %c: i1) -> i32 {
  cf.br ^bb2
^bb1:
  %unused = arith.muli %early, %early : i32
  return %x : i32
^bb2:
  %early = arith.addi %x, %x : i32
  cf.cond_br %c, ^bb1, ^bb3
^bb3:
  return %x : i32
}
"""
    module = parse(text)
    assert DeadOpEraser().run(module) == 2
    verify(module)


def test_pass_class():
    assert DCE.name == "dce"
