"""Run an nn program three ways and compare: the interpreter on the nn module, the
interpreter on its loop-level lowering (the `nn-to-loops` pipeline: scf, memref, arith,
math) and `irc.jit`. Shared by tests/differential/test_nn_three_ways.py (a table of every
nn op) and tests/differential/test_nn_hypothesis.py (random programs).

A module holds many functions and is lowered and compiled once (`ThreeWays(text)`); each
call of `ThreeWays.run(name, args)` gives the three lists of results, and `check_close`
compares two of them under a `Tolerance`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import irc
from irc.frontend.printer import print_op
from irc.passes.pass_manager import PassManager
from irc.passes.pipeline import parse_pipeline
from irc.passes.registry import PIPELINES
from irc.runtime.interpreter import run as interpret


def nn_to_loops(text: str):
    """The module of `text` after the `nn-to-loops` pipeline (read at call time, since the
    pipeline may change)."""
    module = irc.parse(text)
    PassManager(parse_pipeline(f"builtin.module({PIPELINES['nn-to-loops'][1]})")).run(module)
    return module


def as_list(results) -> list:
    if results is None:
        return []
    if isinstance(results, (list, tuple)):
        return [np.asarray(r) for r in results]
    return [np.asarray(results)]


class ThreeWays:
    """One module, parsed, lowered to loops and compiled (the JIT's own pipeline from the
    nn text, not from the loop-level text: that is the path a user takes)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.nn = irc.parse(text)
        irc.verify(self.nn)
        self.loops = nn_to_loops(text)
        self.loops_text = print_op(self.loops)
        self.compiled = irc.compile_module(text, cache=False)

    def run(self, name: str, args: list) -> tuple[list, list, list]:
        with np.errstate(all="ignore"):
            by_nn = as_list(interpret(self.nn, name, *copies(args)))
            by_loops = as_list(interpret(self.loops, name, *copies(args)))
            by_jit = as_list(self.compiled[name](*copies(args)))
        return by_nn, by_loops, by_jit


def copies(args: list) -> list:
    return [a.copy() if isinstance(a, np.ndarray) else a for a in args]


# -- comparing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tolerance:
    """How close a float result must be to the nn interpreter's: |have - want| <= atol +
    rtol * |want| (NaN where the other is NaN, equal infinities); rtol = atol = 0 asks for
    the same bits (a NaN's sign and payload aside). Integer and i1 results are always
    compared exactly. `reason` says why the tolerance is what it is."""

    rtol: float = 0.0
    atol: float = 0.0
    reason: str = "exactly rounded: every correct executor gives the same bits"

    @property
    def exact(self) -> bool:
        return self.rtol == 0 and self.atol == 0


EXACT = Tolerance()


def check_close(want, have, tolerance: Tolerance, what: str = "", bound=None) -> None:
    """`bound`, an array, replaces the tolerance's atol + rtol * |want| (as the dot-product
    bound of a matrix product does)."""
    want, have = np.asarray(want), np.asarray(have)
    assert have.dtype == want.dtype, f"{what}: dtype {have.dtype} != {want.dtype}"
    assert have.shape == want.shape, f"{what}: shape {have.shape} != {want.shape}"
    if want.dtype.kind not in "fc" or (tolerance.exact and bound is None):
        if want.dtype.kind in "fc":
            same = (want == have) | (np.isnan(want) & np.isnan(have))
            same &= (np.signbit(want) == np.signbit(have)) | np.isnan(want)
        else:
            same = want == have
        bad = np.argwhere(~np.asarray(same))
        assert not bad.size, f"{what}: {len(bad)} differ, first at {bad[0]}: " + _pair(
            want, have, bad[0]
        )
        return
    wide_want, wide_have = want.astype(np.float64), have.astype(np.float64)
    nan = np.isnan(wide_want)
    assert np.array_equal(nan, np.isnan(wide_have)), f"{what}: NaN in one, not the other"
    infinite = np.isinf(wide_want) | np.isinf(wide_have)
    assert np.array_equal(wide_want[infinite], wide_have[infinite]), f"{what}: infinities"
    finite = ~nan & ~infinite
    with np.errstate(all="ignore"):
        error = np.abs(wide_have - wide_want)
    if bound is None:
        bound = tolerance.atol + tolerance.rtol * np.abs(wide_want)
    bad = np.argwhere(finite & (error > bound))
    assert not bad.size, (
        f"{what}: {len(bad)} outside rtol {tolerance.rtol} atol {tolerance.atol}, first at "
        f"{bad[0]}: " + _pair(want, have, bad[0])
    )


def _pair(want: np.ndarray, have: np.ndarray, index) -> str:
    index = tuple(index)
    return f"want {want[index]!r}, have {have[index]!r}"
