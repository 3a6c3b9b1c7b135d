"""loop-invariant-code-motion keeps results (interpreter) and agrees with MLIR's pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from irc.frontend.parser import parse
from irc.ir.effects import is_speculatable
from tests.passes.programs import IREE_OPT, apply, iree_opt, normalized, random_function, run_f

needs_iree = pytest.mark.skipif(IREE_OPT is None, reason="iree-opt not installed")
FILECHECK_INPUT = Path(__file__).parents[1] / "filecheck" / "loop-invariant-code-motion.mlir"
FLAG = "-loop-invariant-code-motion"


@pytest.mark.parametrize("seed", range(30))
def test_results_are_kept(seed):
    text = random_function(seed, size=80)
    assert run_f(apply(text, FLAG)) == run_f(text)


@pytest.mark.parametrize("n", [0, 1, 5])
def test_zero_trip_loops_do_not_fault(n):
    """A division by a loop-invariant zero stays in a loop that never runs."""
    text = """
func.func @f(%a: i32, %b: i32, %n: index, %m: memref<8xi32>) -> (i32, i32, i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %a) -> i32 {
    %d = arith.divsi %a, %b : i32
    %s = arith.addi %acc, %d : i32
    scf.yield %s : i32
  }
  return %r, %r, %r : i32, i32, i32
}
"""
    out = apply(text, FLAG)
    assert out.index("scf.for") < out.index("arith.divsi")
    import numpy as np

    from irc.runtime.interpreter import Interpreter

    buffer = np.zeros(8, dtype=np.int32)
    args = (7, 0 if n == 0 else 2, n, buffer)
    assert Interpreter(parse(out)).call("f", *args) == Interpreter(parse(text)).call("f", *args)


@needs_iree
@pytest.mark.parametrize("seed", range(12))
def test_agrees_with_mlir_on_random_functions(seed):
    text = random_function(seed, size=80)
    assert normalized(apply(text, FLAG)) == normalized(iree_opt(text, "--" + FLAG[1:]))


@needs_iree
def test_agrees_with_mlir_on_the_filecheck_input():
    text = FILECHECK_INPUT.read_text()
    assert normalized(apply(text, FLAG)) == normalized(iree_opt(text, "--" + FLAG[1:]))


@pytest.mark.parametrize(
    ("op", "divisor", "expected"),
    [
        ("divsi", "%c3", True),
        ("divsi", "%cm1", False),
        ("divsi", "%c0", False),
        ("divsi", "%b", False),
        ("divui", "%cm1", True),
        ("remsi", "%cm1", True),
        ("remui", "%c0", False),
        ("addi", "%b", True),
    ],
)
def test_speculation_of_divisions(op, divisor, expected):
    text = f"""
func.func @f(%a: i32, %b: i32) -> i32 {{
  %c3 = arith.constant 3 : i32
  %cm1 = arith.constant -1 : i32
  %c0 = arith.constant 0 : i32
  %r = arith.{op} %a, {divisor} : i32
  return %r : i32
}}
"""
    module = parse(text)
    (target,) = [o for o in module.walk() if o.name == f"arith.{op}"]
    assert is_speculatable(target) is expected
