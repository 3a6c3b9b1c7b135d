"""Random nn programs three ways: the interpreter on the nn module, the interpreter after
`nn-to-loops` and irc.jit agree (tests/differential/nn_program_gen.py writes the programs:
elementwise chains with broadcasting between random shapes of rank 0 to 3, comparisons
and select, clamp, reductions over random axes with keepdims, argmax, softmax).

Static shapes, and `?` sizes in the parameters' types (irc.jit specializes them to the
call's shapes, the loop-level interpreter runs the `?` code). Each example is a module of
`FUNCTIONS` functions, lowered and compiled once, each called on `INPUT_SETS` random
inputs (with infinities and NaN in some). Tolerances by the level `nn_program_gen` gives
each result: exact values the same bits (a NaN's sign and payload aside); approximate ones
(exp, tanh, ... in their history, their error relative) rtol 1e-5 in f32 (about 80 ulp: a
chain of ops of 1-2 ulp each) and 1e-12 in f64, with an atol for subnormal results; loose
ones (sums, means, log, logsumexp, log_softmax, pow: possibly near zero after a
cancellation, and pow's error grows with |y log x|) also an atol; float matrix products
the dot-product bound of their operands, k * eps * (|A| @ |B|)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from tests.differential.nn_program_gen import (
    APPROXIMATE,
    EXACT,
    LOOSE,
    PRODUCT,
    Function,
    Value,
    inputs,
    modules,
)
from tests.differential.program_gen import settings_for
from tests.differential.three_ways import EXACT as SAME_BITS
from tests.differential.three_ways import ThreeWays, Tolerance, check_close

FUNCTIONS = 4
INPUT_SETS = 2
TOLERANCES = {
    (EXACT, "f32"): SAME_BITS,
    (EXACT, "f64"): SAME_BITS,
    (APPROXIMATE, "f32"): Tolerance(1e-5, 1e-37, "a chain of 1-2 ulp functions"),
    (APPROXIMATE, "f64"): Tolerance(1e-12, 1e-300, "a chain of 1-2 ulp functions"),
    (LOOSE, "f32"): Tolerance(1e-4, 1e-5, "cancellation in a sum; pow's |y log x|"),
    (LOOSE, "f64"): Tolerance(1e-10, 1e-12, "cancellation in a sum; pow's |y log x|"),
}


def check_module(functions, data) -> None:
    text = "\n".join(function.text() for function in functions)
    note(text)
    ways = ThreeWays(text)
    for function in functions:
        for _ in range(INPUT_SETS):
            seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
            args = inputs(function, seed, specials=data.draw(st.booleans(), label="specials"))
            by_nn, by_loops, by_jit = ways.run(function.name, args)
            for index, result in enumerate(function.results):
                tolerance = TOLERANCES.get((result.level, result.element), SAME_BITS)
                bound = product_bound(function, result, args)
                for way, got in (("loops", by_loops), ("jit", by_jit)):
                    what = f"@{function.name} result #{index} ({result.level}) by {way}"
                    check_close(by_nn[index], got[index], tolerance, what, bound)


def product_bound(function: Function, result: Value, args: list) -> np.ndarray | None:
    """A float matrix product's error bound: (k + 1) * eps * (|A| @ |B|), the classic bound
    of a k-term dot product (the JIT's f32 sums) against the exact one (the interpreter's
    f64 sum rounded once)."""
    if result.level != PRODUCT:
        return None
    a_name, b_name, *flags = result.product_of
    names = [p.name for p in function.params]
    a, b = (np.abs(args[names.index(n)].astype(np.float64)) for n in (a_name, b_name))
    a = np.swapaxes(a, -1, -2) if "transpose_a" in flags else a
    b = np.swapaxes(b, -1, -2) if "transpose_b" in flags else b
    eps = float(np.finfo(args[names.index(a_name)].dtype).eps)
    with np.errstate(all="ignore"):
        return (a.shape[-1] + 1) * eps * (a @ b)


@settings_for(12)
@given(functions=modules(FUNCTIONS), data=st.data())
def test_random_nn_programs_agree(functions, data):
    check_module(functions, data)


@settings_for(8)
@given(functions=modules(FUNCTIONS, dynamic=True), data=st.data())
def test_random_nn_programs_with_dynamic_sizes_agree(functions, data):
    """Parameters with `?` sizes (irc.jit specializes them to the call's shapes; the
    loop-level interpreter runs the `?` code)."""
    check_module(functions, data)


@pytest.mark.slow
@settings_for(150)
@given(functions=modules(FUNCTIONS), data=st.data())
def test_random_nn_programs_agree_more(functions, data):
    check_module(functions, data)


@pytest.mark.slow
@settings_for(100)
@given(functions=modules(FUNCTIONS, dynamic=True), data=st.data())
def test_random_nn_programs_with_dynamic_sizes_agree_more(functions, data):
    check_module(functions, data)
