"""sccp keeps results (interpreter) on random functions and call graphs, finds the
constants it should, and leaves code no path reaches alone.

iree-opt 3.13 has no -sccp, so MLIR is not run here; the expectations follow MLIR's
SCCP (its DeadCodeAnalysis and SparseConstantPropagation) as documented in sccp.py.
"""

from __future__ import annotations

import pytest

from irc.frontend.parser import parse
from irc.ir.effects import is_trivially_dead
from irc.passes.sccp import OVERDEFINED, Solver
from tests.passes.programs import (
    apply,
    count_ops,
    random_call_graph,
    random_function,
    run_f,
    run_f0,
)


@pytest.mark.parametrize("seed", range(40))
def test_results_are_kept(seed):
    text = random_function(seed, size=70)
    assert run_f(apply(text, "-sccp")) == run_f(text)


@pytest.mark.parametrize("seed", range(15))
def test_results_are_kept_across_calls(seed):
    text = random_call_graph(seed)
    out = apply(text, "--mlir-print-op-generic", "-sccp")
    for a, b in ((5, -3), (-7, 11)):
        assert run_f0(out, a, b) == run_f0(text, a, b)


@pytest.mark.parametrize("seed", range(10))
def test_a_second_run_finds_nothing_new(seed):
    """Up to the order of the constants at the top, which each run makes anew."""
    once = apply(random_function(seed, size=70), "-sccp", "-dce")
    twice = apply(once, "-sccp", "-dce")
    assert sorted(once.splitlines()) == sorted(twice.splitlines()) or count_ops(twice) == count_ops(
        once
    )


def analyze(text: str) -> tuple[Solver, dict]:
    module = parse(text)
    solver = Solver(module)
    solver.run()
    names = {}
    for op in module.walk():
        for result in op.results:
            names[f"{op.name}#{len(names)}"] = result
    return solver, names


def test_facts_of_a_loop_that_counts():
    text = """
func.func @f(%n: index) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> i32 {
    %next = arith.addi %acc, %one : i32
    scf.yield %next : i32
  }
  return %r : i32
}
"""
    module = parse(text)
    solver = Solver(module)
    solver.run()
    loop = next(op for op in module.walk() if op.name == "scf.for")
    assert solver.fact(loop.results[0]) is OVERDEFINED
    assert solver.fact(loop.regions[0].blocks[0].args[0]) is OVERDEFINED


def test_code_no_path_reaches_is_untouched():
    text = """
func.func @f(%x: i32) -> i32 {
  %t = arith.constant true
  cf.cond_br %t, ^bb1, ^bb2
^bb1:
  return %x : i32
^bb2:
  %c = arith.constant 3 : i32
  %y = arith.addi %c, %c : i32
  return %y : i32
}
"""
    out = apply(text, "-sccp")
    assert "arith.addi" in out  # the dead block is not folded
    module = parse(out)
    dead = module.body.first.regions[0].blocks[2]
    assert [op.name for op in dead] == ["arith.constant", "arith.addi", "func.return"]


def test_unused_results_of_erased_ops_leave_no_dead_ops_behind():
    text = """
func.func @f() -> i32 {
  %a = arith.constant 20 : i32
  %b = arith.constant 22 : i32
  %s = arith.addi %a, %b : i32
  return %s : i32
}
"""
    module = parse(apply(text, "-sccp"))
    names = [op.name for op in module.walk()]
    assert "arith.addi" not in names
    assert "arith.constant 42" in apply(text, "-sccp")
    assert not any(is_trivially_dead(op) for op in module.walk() if op.name == "arith.addi")


def test_private_function_called_with_different_constants():
    text = """
func.func private @id(%x: i32) -> i32 {
  return %x : i32
}
func.func @f() -> (i32, i32) {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %0 = func.call @id(%c1) : (i32) -> i32
  %1 = func.call @id(%c2) : (i32) -> i32
  return %0, %1 : i32, i32
}
"""
    out = apply(text, "-sccp")
    assert "return %0, %1" in out  # joined: 1 and 2 make the result overdefined
    assert [
        int(v)
        for v in __import__("irc.runtime.interpreter", fromlist=["x"])
        .Interpreter(parse(out))
        .call("f")
    ] == [1, 2]
