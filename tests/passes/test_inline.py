"""inline keeps results (interpreter) and agrees with MLIR's -inline, locations included."""

from __future__ import annotations

from pathlib import Path

import pytest

from irc.ir.location import CallSiteLoc, NameLoc
from irc.passes.inline import call_site_location
from irc.passes.pass_manager import pass_class
from tests.passes.programs import (
    IREE_OPT,
    apply,
    iree_opt,
    normalized,
    random_call_graph,
    run_f0,
)

needs_iree = pytest.mark.skipif(IREE_OPT is None, reason="iree-opt not installed")
FILECHECK_INPUT = Path(__file__).parents[1] / "filecheck" / "inline.mlir"
PURE = ("--inline=default-pipeline=",)


needs_canonicalize = pytest.mark.skipif(
    pass_class("canonicalize") is None, reason="the default pipeline's canonicalize is absent"
)


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize(
    "flags",
    [PURE, pytest.param(("-inline",), marks=needs_canonicalize)],
    ids=["pure", "default"],
)
def test_results_are_kept(seed, flags):
    text = random_call_graph(seed)
    out = apply(text, "--mlir-print-op-generic", *flags)  # irc prints `call` in scf.if
    for a, b in ((5, -3), (-7, 11), (0, 2)):
        assert run_f0(out, a, b) == run_f0(text, a, b)


@needs_iree
@pytest.mark.parametrize("seed", range(15))
def test_agrees_with_mlir_on_random_modules(seed):
    text = random_call_graph(seed)
    ours = apply(text, "--mlir-print-debuginfo", "--mlir-print-op-generic", *PURE)
    theirs = iree_opt(text, "--mlir-print-debuginfo", "--mlir-print-op-generic", *PURE)
    assert normalized(ours, debuginfo=True) == normalized(theirs, debuginfo=True)


@needs_iree
@needs_canonicalize
@pytest.mark.parametrize("seed", range(8))
def test_default_pipeline_agrees_with_mlir(seed):
    """With canonicalize as the default pipeline, the same IR (locations aside: MLIR's
    canonicalize gives the constants it moves loc(unknown))."""
    text = random_call_graph(seed)
    ours = apply(text, "--mlir-print-op-generic", "-inline")
    assert normalized(ours) == normalized(iree_opt(text, "--inline"))


@needs_iree
def test_agrees_with_mlir_on_the_filecheck_input():
    text = FILECHECK_INPUT.read_text()
    flags = ("--allow-unregistered-dialect", "--mlir-print-debuginfo", "--mlir-print-op-generic")
    ours = apply(text, *flags, *PURE)
    theirs = iree_opt(text, *flags[1:], *PURE)
    assert normalized(ours, debuginfo=True) == normalized(theirs, debuginfo=True)


@pytest.mark.parametrize(("threshold", "inlined"), [(10, False), (1000, True)])
def test_inlining_threshold(threshold, inlined):
    text = """
func.func private @big(%x: i32) -> i32 {
  %0 = arith.muli %x, %x : i32
  %1 = arith.muli %0, %0 : i32
  %2 = arith.muli %1, %1 : i32
  return %2 : i32
}
func.func @f(%x: i32) -> i32 {
  %0 = func.call @big(%x) : (i32) -> i32
  return %0 : i32
}
"""
    out = apply(text, f"--inline=default-pipeline= inlining-threshold={threshold}")
    assert ("call @big" not in out) is inlined


def test_call_site_locations_stack():
    a, b, c = NameLoc("a"), NameLoc("b"), NameLoc("c")
    assert call_site_location(a, c) == CallSiteLoc(a, c)
    assert call_site_location(CallSiteLoc(a, b), c) == CallSiteLoc(a, CallSiteLoc(b, c))
