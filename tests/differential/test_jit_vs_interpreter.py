"""Differential tests: `irc.jit` against the reference interpreter on random programs.

`program_gen` writes random well-defined programs (func, arith, math, scf, memref; see its
docstring). For each program hypothesis draws two sets of inputs; the interpreter
(`irc.runtime.interpreter.run`) and the JIT (`irc.jit(text, "f", cache=False)`, compiled
once per program) run `@f` on copies of them, and the results, and the memref arguments
after the call, must agree:

- integers, i1 and index: bit for bit;
- exact floats (no transcendental function in their history, see `program_gen`): bit for
  bit, the sign of a zero included, except that a NaN only has to meet a NaN (IEEE leaves
  the sign and payload of a NaN an operation makes open);
- approximate floats: NaN where the other is NaN, the same infinities (or one within rtol
  of the largest finite value of its sign), and otherwise
  |jit - interpreter| <= atol + rtol * |interpreter|, by the least precise float type in
  the value's history (an f64 value computed from an f32 tanh is as close as f32):
  f32: rtol 1e-5, atol 1e-6 (the JIT's f32 math functions are polynomial approximations
  accurate to a few ulps; the interpreter's are correctly rounded), and
  f64: rtol 1e-12, atol 1e-12 (libm, within a few ulps).

The JIT runs in a forked child process, so that a crash (a segfault) or a hang (an alarm
after `CHILD_TIMEOUT_S`) is a failure hypothesis can shrink, not the end of the session.

Without `irc.jit` the same tests check the generator alone: every program parses,
verifies and runs in the interpreter without a fault (a fault would be undefined
behaviour the generator failed to rule out). `test_tolerances_absorb_ulp_errors` checks
the generator's bookkeeping of exact and approximate values without the JIT: an
interpreter whose math functions are off by a few ulps must still agree with the exact
one under the comparison above.

The fast run checks 60 examples (`pytest -m "not slow"`, about 10 s); the `slow` variant
checks 500.
"""

from __future__ import annotations

import os
import pickle
import random
import signal
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import irc
from irc.ir.diagnostics import RuntimeFault
from irc.runtime import interpreter
from tests.differential.program_gen import (
    APPROXIMATE_OPS,
    DTYPE,
    OP_KINDS,
    Argument,
    Program,
    RandomChoices,
    Result,
    generate_program,
    inputs,
    is_float,
    programs,
    settings_for,
)

INPUT_SETS = 2
TOLERANCES = {"f32": (1e-5, 1e-6), "f64": (1e-12, 1e-12)}  # (rtol, atol), approximate values
CHILD_TIMEOUT_S = 60


@st.composite
def examples(draw) -> tuple[Program, list[list]]:
    program = draw(programs())
    return program, [draw(inputs(program)) for _ in range(INPUT_SETS)]


# -- running ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a run gives: the results and the memref arguments after the call, or a fault
    (its message and line:column, as `3:8: error: integer division by zero`)."""

    results: list
    arrays: list[np.ndarray]
    fault: str | None = None


EXPECTED_FAULTS = ("division by zero", "integer overflow in signed division")


def fault(exc: irc.IRError) -> Outcome:
    first_line = str(exc).splitlines()[0]
    return Outcome([], [], fault=first_line.split(":", 1)[1])  # without the file name


def copies(args: list) -> list:
    return [a.copy() if isinstance(a, np.ndarray) else a for a in args]


def outcome(results, args: list) -> Outcome:
    if results is None:
        results = []
    elif isinstance(results, tuple):
        results = list(results)
    elif not isinstance(results, list):
        results = [results]
    return Outcome(results, [a for a in args if isinstance(a, np.ndarray)])


def interpret(module, args: list) -> Outcome:
    args = copies(args)
    try:
        return outcome(interpreter.run(module, "f", *args), args)
    except irc.IRError as exc:
        return fault(exc)


def jit_outcomes(program: Program, input_sets: list[list]) -> list[Outcome]:
    fn = irc.jit(program.text, "f", cache=False)
    found = []
    for args in input_sets:
        args = copies(args)
        try:
            found.append(outcome(fn(*args), args))
        except RuntimeFault as exc:
            found.append(fault(exc))
    return found


def in_child(work: Callable[[], object]):
    """`work()` in a forked child: its value, or raises AssertionError saying how the
    child failed (an exception, a signal such as SIGSEGV, or the alarm of a hang)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        signal.alarm(CHILD_TIMEOUT_S)
        try:
            reply = ("value", work())
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            reply = ("error", f"{type(exc).__name__}: {exc}")
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(pickle.dumps(reply))
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        raise AssertionError(f"the JIT's process died of {name}")
    kind, value = pickle.loads(data)
    if kind == "error":
        raise AssertionError(f"the JIT raised {value}")
    return value


# -- comparing ----------------------------------------------------------------------------------


def agreeing(want: np.ndarray, got: np.ndarray, t: str, approximate: str) -> np.ndarray:
    """Elementwise: whether the JIT's `got` agrees with the interpreter's `want`, values of
    type `t` approximate to the precision of `approximate` ("" when exact)."""
    if not is_float(t):
        if t == "i1":
            return want.astype(bool) == got.astype(bool)
        unsigned = f"u{DTYPE[t].itemsize}"
        return want.astype(DTYPE[t]).view(unsigned) == got.astype(DTYPE[t]).view(unsigned)
    want, got = want.astype(DTYPE[t]), got.astype(DTYPE[t])
    both_nan = np.isnan(want) & np.isnan(got)
    if not approximate:
        return both_nan | ((want == got) & (np.signbit(want) == np.signbit(got)))
    rtol, atol = TOLERANCES[approximate]
    wide_want, wide_got = want.astype(np.float64), got.astype(np.float64)
    with np.errstate(all="ignore"):
        close = np.abs(wide_got - wide_want) <= atol + rtol * np.abs(wide_want)
    finite = np.isfinite(want) & np.isfinite(got)
    return both_nan | (want == got) | (finite & close) | overflowing(want, got, rtol)


def overflowing(want: np.ndarray, got: np.ndarray, rtol: float) -> np.ndarray:
    """Where one is an infinity and the other, of its sign, within `rtol` of the largest
    finite value: an approximate value may round past it."""
    largest = np.finfo(want.dtype).max * (1 - rtol)
    with np.errstate(all="ignore"):
        same_sign = np.signbit(want) == np.signbit(got)
        near = (np.isinf(want) & (np.abs(got) >= largest)) | (
            np.isinf(got) & (np.abs(want) >= largest)
        )
    return same_sign & near & ~(np.isnan(want) | np.isnan(got))


def difference(want, got, t: str, approximate: str) -> str | None:
    """None if they agree, else where and how they differ."""
    want, got = np.asarray(want), np.asarray(got)
    if want.shape != got.shape:
        return f"shape {got.shape}, expected {want.shape}"
    ok = agreeing(want, got, t, approximate)
    if ok.all():
        return None
    where = tuple(int(i) for i in np.argwhere(~np.atleast_1d(ok))[0]) if want.ndim else ()
    kind = f"approximate to {approximate}" if approximate else "exact"
    count = f" ({int((~ok).sum())} of {ok.size} elements)" if want.ndim else ""
    return f"jit {got[where]!r}, interpreter {want[where]!r} at {list(where)}, {kind}{count}"


def differences(program: Program, want: Outcome, got: Outcome) -> list[str]:
    if want.fault or got.fault:
        if want.fault == got.fault:
            return []
        return [f"jit: {got.fault or 'no fault'}; interpreter: {want.fault or 'no fault'}"]
    if len(got.results) != len(want.results):
        return [f"{len(got.results)} results, expected {len(want.results)}"]
    found = []
    for number, (result, expected, actual) in enumerate(
        zip(program.results, want.results, got.results, strict=True)
    ):
        problem = difference(expected, actual, result.type, result.approximate)
        if problem:
            found.append(f"result {number} ({result.type}): {problem}")
    memrefs = [(n, a) for n, a in enumerate(program.arguments) if a.shape is not None]
    for (number, argument), expected, actual in zip(memrefs, want.arrays, got.arrays, strict=True):
        problem = difference(expected, actual, argument.element, argument.approximate)
        if problem:
            found.append(f"argument {number} ({argument.type}) after the call: {problem}")
    return found


# -- checking one program -----------------------------------------------------------------------


def describe(args: list) -> str:
    return ", ".join(np.array2string(a) if isinstance(a, np.ndarray) else repr(a) for a in args)


def expected_outcomes(program: Program, input_sets: list[list]) -> list[Outcome]:
    """The interpreter's outcomes: the program must verify, and run without a fault but
    for the divisions the generator may leave unguarded."""
    try:
        module = irc.parse(program.text)
        irc.verify(module)
    except irc.IRError as exc:
        raise AssertionError(f"the generator wrote invalid IR:\n{exc}") from None
    found = []
    for args in input_sets:
        found.append(interpret(module, args))
        problem = found[-1].fault
        if problem is not None and not any(f in problem for f in EXPECTED_FAULTS):
            raise AssertionError(f"the interpreter faulted on ({describe(args)}):\n{problem}")
        assert problem is not None or len(found[-1].results) == len(program.results)
    return found


def check(program: Program, input_sets: list[list], other: Callable | None) -> None:
    """Run `program` in the interpreter and, if given, in `other` (input sets ->
    outcomes), and compare."""
    expected = expected_outcomes(program, input_sets)
    if other is None:
        return
    actual = other(program, input_sets)
    for args, want, got in zip(input_sets, expected, actual, strict=True):
        found = differences(program, want, got)
        assert not found, f"on ({describe(args)}):\n" + "\n".join(found)


def jit_in_child(program: Program, input_sets: list[list]) -> list[Outcome]:
    return in_child(lambda: jit_outcomes(program, input_sets))


JIT = jit_in_child if hasattr(irc, "jit") else None


# -- the tests ----------------------------------------------------------------------------------


@settings_for(60)
@given(examples())
def test_jit_matches_interpreter(example) -> None:
    note(example[0].text)
    check(*example, JIT)


@pytest.mark.slow
@settings_for(500)
@given(examples())
def test_jit_matches_interpreter_many(example) -> None:
    note(example[0].text)
    check(*example, JIT)


@pytest.mark.parametrize(
    ("want", "got", "t", "approximate", "agree"),
    [
        (-6, 250, "i8", "", True),  # the same bits
        (-1, 1, "i1", "", True),
        (2**63, -(2**63), "index", "", True),
        (1, 2, "i32", "", False),
        (0.1, 0.1, "f32", "", True),
        (np.nan, -np.nan, "f64", "", True),  # a NaN meets a NaN, whatever its sign
        (0.0, -0.0, "f32", "", False),  # exact: the sign of a zero counts
        (1.0, np.nextafter(np.float32(1), np.float32(2)), "f32", "", False),
        (1.0, np.nextafter(np.float32(1), np.float32(2)), "f32", "f32", True),
        (0.0, -0.0, "f32", "f32", True),
        (1.0, 1.0 + 2e-5, "f32", "f32", False),
        (0.0, 9e-7, "f32", "f32", True),  # atol near zero
        (1.0, 1.0 + 1e-12, "f64", "f64", True),
        (1.0, 1.0 + 1e-7, "f64", "f64", False),
        (1.0, 1.0 + 1e-7, "f64", "f32", True),  # an f64 computed from an f32 tanh
        (np.inf, np.inf, "f32", "f32", True),
        (np.inf, 3e38, "f32", "f32", False),
        (-np.inf, -3.4028e38, "f32", "f32", True),  # rounded past the largest float
        (np.inf, -3.4028e38, "f32", "f32", False),
        (np.nan, 1.0, "f32", "f32", False),
    ],
)
def test_comparison_rules(want, got, t, approximate, agree) -> None:
    dtype = DTYPE[t]
    if t == "i1":
        want, got = np.bool_(want), np.bool_(got)
    elif not is_float(t):
        want, got = (np.array(v % (1 << 64)).astype(np.uint64).astype(dtype) for v in (want, got))
    else:
        want, got = dtype.type(want), dtype.type(got)
    assert (difference(want, got, t, approximate) is None) == agree


# Disagreements the differential tests found, kept as fixed examples: the text of `@f`, its
# scalar argument and result types, arguments, and the results both must give.
REGRESSIONS = [
    # The interpreter's clampf let numpy choose between -0.0 and +0.0; it now orders -0.0
    # below +0.0, as LLVM's minimum/maximum that MLIR lowers clampf to (and the JIT).
    pytest.param(
        "func.func @f(%x: f32, %lo: f32, %hi: f32) -> f32 {\n"
        "  %0 = math.clampf %x to [%lo, %hi] : f32\n"
        "  return %0 : f32\n"
        "}\n",
        ["f32", "f32", "f32"],
        ["f32"],
        [np.float32(-0.0), np.float32(-0.0), np.float32(0.0)],
        [np.float32(-0.0)],
        id="clampf of signed zeros",
    ),
    # The JIT translated arith.truncf to fptrunc whatever its rounding mode (0.1 rounded
    # downward is 0.099999994); it now moves inexact results as the mode asks.
    pytest.param(
        "func.func @f(%x: f64) -> f32 {\n"
        "  %0 = arith.truncf %x downward : f64 to f32\n"
        "  return %0 : f32\n"
        "}\n",
        ["f64"],
        ["f32"],
        [np.float64(0.1)],
        [np.nextafter(np.float32(0.1), np.float32(0))],
        id="truncf rounding mode",
    ),
    # LLVM 22's SLP vectorizer (llvmlite 0.50, built with assertions) aborts the process on
    # the JIT's IR for a load at urem(INT64_MAX, n) added to an argument ("Empty/Tombstone
    # value shouldn't be inserted into map!" in a SmallDenseMap<int64_t, ...>); at O3
    # without SLP vectorization it compiles.
    pytest.param(
        "func.func @f(%a: i8, %m: memref<?xi8>) -> i8 {\n"
        "  %c0 = arith.constant 0 : index\n"
        "  %n = memref.dim %m, %c0 : memref<?xi8>\n"
        "  %big = arith.constant 9223372036854775807 : index\n"
        "  %i = arith.remui %big, %n : index\n"
        "  %x = memref.load %m[%i] : memref<?xi8>\n"
        "  %y = arith.addi %x, %a : i8\n"
        "  return %y : i8\n"
        "}\n",
        ["i8", "memref<?xi8>"],
        ["i8"],
        [np.int8(1), np.array([1, 2, 3], dtype=np.int8)],
        [np.int8(3)],
        id="SLP vectorizer abort",
        marks=pytest.mark.xfail(
            JIT is not None, reason="LLVM's SLP vectorizer aborts the JIT", strict=True
        ),
    ),
]


def argument(t: str) -> Argument:
    """A scalar argument, or a memref of one or two dimensions (`memref<?x4xf32>`)."""
    if not t.startswith("memref<"):
        return Argument(t, t)
    body = t[len("memref<") : -1]
    element = max((e for e in DTYPE if body.endswith("x" + e)), key=len)
    sizes = body[: -len(element) - 1].split("x")
    return Argument(t, element, tuple(None if s == "?" else int(s) for s in sizes))


@pytest.mark.parametrize(("text", "params", "result_types", "args", "expected"), REGRESSIONS)
def test_regressions(text, params, result_types, args, expected) -> None:
    program = Program(text, [argument(t) for t in params], [Result(t, "") for t in result_types])
    want = Outcome(expected, [])
    found = differences(program, want, expected_outcomes(program, [args])[0])
    assert not found, "the interpreter: " + "\n".join(found)
    check(program, [args], JIT)


def test_generator_covers_every_op_kind() -> None:
    seen: set[str] = set()
    for seed in range(300):
        seen.update(generate_program(RandomChoices(seed)).op_counts())
    assert OP_KINDS - seen == set()
    assert seen - OP_KINDS == set()


# -- the generator's bookkeeping, checked with a perturbed interpreter ------------------------


def nudge(value, rng: random.Random, absolute: bool):
    """`value` moved by up to 4 ulps (or, with `absolute`, up to 4 ulps of 1.0 where that
    is more), as an implementation of a math function may be off. A zero stays zero and
    a sign stays as it is: the functions' approximations are exact at their roots at 0
    (odd polynomials) and keep the sign there."""
    x = np.asarray(value)
    if x.dtype.kind != "f" or not np.all(np.isfinite(x)):
        return value
    step = np.spacing(np.abs(x))
    if absolute:
        step = np.maximum(step, np.spacing(x.dtype.type(1)))
    with np.errstate(all="ignore"):
        moved = (x + x.dtype.type(rng.randint(-4, 4)) * step).astype(x.dtype)
    moved = np.where((x == 0) | (np.signbit(moved) != np.signbit(x)), x, moved)
    return moved if isinstance(value, np.ndarray) else moved[()]


def flip_zero(value, rng: random.Random):
    x = np.asarray(value)
    return (
        -value if x.dtype.kind == "f" and x.ndim == 0 and x == 0 and rng.random() < 0.5 else value
    )


def perturbed(kernel, rng: random.Random, name: str):
    absolute = name in ("math.sin", "math.cos", "math.tan", "math.sincos")
    move = flip_zero if name.startswith("arith.") else None

    def run(interp, op, operands):
        results = kernel(interp, op, operands)
        if move is not None:
            return [move(v, rng) for v in results]
        return [nudge(v, rng, absolute) for v in results]

    return run


@contextmanager
def approximate_kernels(seed: int):
    """The interpreter with the approximate ops' kernels perturbed."""
    warm_up = "func.func @f(%x: f32) -> f32 {\n  %0 = math.absf %x : f32\n  return %0 : f32\n}"
    interpreter.run(irc.parse(warm_up), "f", np.float32(1))  # loads the math kernels
    saved = dict(interpreter.KERNELS)
    rng = random.Random(seed)
    try:
        for op_class, kernel in saved.items():
            if op_class.name in APPROXIMATE_OPS:
                interpreter.KERNELS[op_class] = perturbed(kernel, rng, op_class.name)
        yield
    finally:
        interpreter.KERNELS.clear()
        interpreter.KERNELS.update(saved)


def perturbed_interpreter(program: Program, input_sets: list[list]) -> list[Outcome]:
    module = irc.parse(program.text)
    with approximate_kernels(len(program.text)):
        return [interpret(module, args) for args in input_sets]


@settings_for(60)
@given(examples())
def test_tolerances_absorb_ulp_errors(example) -> None:
    note(example[0].text)
    check(*example, perturbed_interpreter)
