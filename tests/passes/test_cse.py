"""cse keeps results (checked by the interpreter), agrees with MLIR's -cse, and is fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.parse_print import generate
from irc.frontend.parser import parse
from irc.ir.verifier import verify
from irc.passes.cse import CSEDriver
from tests.passes.programs import (
    IREE_OPT,
    apply,
    count_ops,
    iree_opt,
    normalized,
    random_function,
    run_f,
)

needs_iree = pytest.mark.skipif(IREE_OPT is None, reason="iree-opt not installed")
FILECHECK_INPUT = Path(__file__).parents[1] / "filecheck" / "cse.mlir"


@pytest.mark.parametrize("seed", range(30))
def test_results_are_kept(seed):
    text = random_function(seed, size=60)
    out = apply(text, "-cse")
    assert run_f(out) == run_f(text)
    assert count_ops(out) <= count_ops(text)


@needs_iree
@pytest.mark.parametrize("seed", range(12))
def test_agrees_with_mlir_on_random_functions(seed):
    text = random_function(seed, size=60)
    assert normalized(apply(text, "-cse")) == normalized(iree_opt(text, "--cse"))


@needs_iree
def test_agrees_with_mlir_on_the_filecheck_input():
    text = FILECHECK_INPUT.read_text()
    assert normalized(apply(text, "-cse")) == normalized(iree_opt(text, "--cse"))


@needs_iree
@pytest.mark.parametrize("seed", range(2))
def test_agrees_with_mlir_on_the_benchmark_generator(seed):
    text = generate(3000, seed, custom_share=0.3)
    ours = apply(text, "--allow-unregistered-dialect", "-cse")
    assert normalized(ours) == normalized(iree_opt(text, "--cse"))


def test_graph_region_uses_before_definitions():
    """In a graph region (the module body) a use may come before its definer: cse only
    rewrites uses it has not keyed yet, and erases the duplicate when none is left."""
    text = """
"test.use"(%1) : (i32) -> ()
%0 = arith.constant 3 : i32
%1 = arith.constant 3 : i32
"test.use"(%0, %1) : (i32, i32) -> ()
"""
    module = parse(text, allow_unregistered=True)
    stats = CSEDriver().run(module)
    verify(module)
    assert stats.merged == 1
    assert [op.name for op in module.body] == ["test.use", "arith.constant", "test.use"]


def test_unreachable_blocks_are_left_alone():
    text = """
func.func @f(%x: i32) -> i32 {
  %0 = arith.addi %x, %x : i32
  return %0 : i32
^bb1:
  %1 = arith.addi %x, %x : i32
  %2 = arith.addi %x, %x : i32
  return %2 : i32
}
"""
    out = apply(text, "-cse")
    assert out.count("arith.addi") == 3


def test_ops_with_unknown_effects_are_kept():
    text = """
func.func @f() -> (i32, i32) {
  %0 = "test.source"() : () -> i32
  %1 = "test.source"() : () -> i32
  return %0, %1 : i32, i32
}
"""
    out = apply(text, "--allow-unregistered-dialect", "-cse")
    assert out.count("test.source") == 2


@pytest.mark.slow
def test_cse_on_the_100k_benchmark_module_merges_and_verifies():
    """Speed is measured by benchmarks/canonicalize_cse.py, not asserted here."""
    module = parse(generate(100_000, custom_share=0.3), allow_unregistered=True)
    stats = CSEDriver().run(module)
    verify(module)
    assert stats.merged > 1000
