"""Random well-defined programs, as MLIR text, for differential testing.

A program is a module with an entry `func.func @f` that calls one to three *parts*
(`@p0`, ...), each a random function over scalar arguments and memref arguments
(`memref<?xf32>`, `memref<?x4xi32>`, ...); the parts may call small scalar *callees*
(`@g0`, ...). `@f` passes its arguments on and returns every part's results, so one
compilation checks several random functions. The ops are those of upstream MLIR:

- arith: integer and float arithmetic, division and remainder (signed, unsigned, ceil,
  floor), shifts, min/max, comparisons, select, constants, every cast between i1, i8,
  i16, i32, i64, index, f32 and f64 (ext, trunc, index_cast, int/float conversions,
  bitcast), and the extended ops (addui_extended, mului_extended, mulsi_extended);
- math: float functions (exp, log, tanh, sin, erf, sqrt, floor, fma, atan2, powf, fpowi,
  clampf, sincos, ...), float classification, and absi / ctlz / cttz / ctpop / ipowi;
- scf: `if` with results, `for` with iter_args (index or integer bounds, from [-2, 2] to
  [0, 5], so at most seven iterations), `while` with a bounded counter;
- memref: alloc and alloca (static and dynamic sizes, written in full before any read,
  alloc freed with dealloc at the end), load, store, dim and subview (of subviews too,
  with steps of 1 or 2), indices always in bounds (`remui` by the size; every memref has
  at least one element); the entry sometimes passes one array to two memref parameters,
  which then alias;
- func: call and return.

**No undefined behaviour.** Every result is defined, so two correct executors agree:
divisors are `ori d, 1` (nonzero) and, for signed division, replaced by 1 where the
dividend is the minimum and the divisor -1; shift amounts are masked to the bit width;
`fptosi`/`fptoui` see a value with NaN replaced by 0 and clamped into the target's range;
loops have positive steps and at most seven iterations; nothing reads memory it did not
write. No signaling NaN ever arises (constants and inputs are quiet, an int-to-float
bitcast clears an exponent bit), and nothing observes a NaN's sign or payload (bitcast
to int and copysign's sign operand see NaN replaced by 0). The one exception is made on
purpose: a few divisions (and ipowi) keep their divisor as it is, and a division by zero
or an overflow must then be the same fault in both executors.

**Exact and approximate values.** A float value is *exact* when only IEEE-exact ops
(correctly rounded arithmetic, sqrt, fma, conversions, floor, min/max, ...) computed it
from the inputs: every correct executor gives the same bits. It is *approximate* when a
transcendental function (exp, tanh, erf, ...) is in its history, since implementations
may differ by a few ulps; so is the result of maxnumf/minnumf (whose sign of zero LLVM
leaves open). An approximate value records the least precise float type in its history
(`approximate` is "f32" or "f64", "" when exact): an f32 tanh extended to f64 is only as
close as f32. Approximate values never reach an op that would turn a tiny difference into
a large one: comparisons, float-to-int casts, floor and friends, a divisor, remf, sqrt and
cbrt (steep at zero), sin and cos (near a root the argument's error is the result's),
atan2, powf, fpowi, copysign's sign; nor addf, subf and fma, whose result may cancel to
near zero with an error relative to the operands, not to the result. So their errors stay
relative: approximate values only flow through multiplication, division by an exact value,
min/max, select, negation and casts, and into transcendental functions where these are
well conditioned (`exp` of a value clamped to [-4, 4], `log` of `|x| + 1`, `erfc` of
[-3, 3], ...; of an exact value, anywhere). Integers are therefore always exact. Memrefs
and loop-carried values have one level for the whole program (decided when made), so a
loop cannot launder an approximate value into an exact one. `Program.results` and
`Program.arguments` say which outputs are approximate, and to which precision.

Decisions come from a `Choices` object: `HypothesisChoices` (hypothesis draws, so
programs shrink: smaller integers give fewer statements and simpler ops) or
`RandomChoices` (a seeded `random.Random`, for looking at samples). `programs()` and
`inputs(program)` are the hypothesis strategies.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# -- where decisions come from ------------------------------------------------------------------


class Choices:
    """A source of decisions. Every decision is an integer, so a shrinking engine that
    lowers integers makes programs smaller and simpler (the first option of each table is
    the simplest)."""

    def integer(self, low: int, high: int) -> int:
        raise NotImplementedError

    def chance(self, percent: int) -> bool:
        """True with about `percent`% probability; shrinks to False."""
        return self.integer(0, 99) >= 100 - percent

    def pick(self, options: Sequence):
        return options[self.integer(0, len(options) - 1)]

    def weighted(self, table: Sequence[tuple[int, object]]):
        roll = self.integer(0, sum(weight for weight, _ in table) - 1)
        for weight, item in table:
            if roll < weight:
                return item
            roll -= weight
        raise AssertionError("unreachable")


class RandomChoices(Choices):
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


class HypothesisChoices(Choices):
    def __init__(self, draw) -> None:
        self.draw = draw

    def integer(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))


# -- types and literals -------------------------------------------------------------------------

INT_TYPES = ("i32", "i1", "i8", "i16", "i64", "index")
FLOAT_TYPES = ("f32", "f64")
SCALAR_TYPES = ("i32", "f32", "i1", "i8", "i16", "i64", "index", "f64")
ELEMENT_TYPES = ("f32", "i32", "f64", "i8", "i16", "i64", "i1", "index")
SIZED_INTS = ("i8", "i16", "i32", "i64")  # neither i1 nor index
WIDTH = {"i1": 1, "i8": 8, "i16": 16, "i32": 32, "i64": 64, "index": 64, "f32": 32, "f64": 64}
DTYPE = {
    "i1": np.dtype(np.bool_),
    "i8": np.dtype(np.int8),
    "i16": np.dtype(np.int16),
    "i32": np.dtype(np.int32),
    "i64": np.dtype(np.int64),
    "index": np.dtype(np.int64),
    "f32": np.dtype(np.float32),
    "f64": np.dtype(np.float64),
}
MANTISSA_BITS = {"f32": 24, "f64": 53}


def is_float(t: str) -> bool:
    return t in FLOAT_TYPES


EXACT = ""
LEVELS = (EXACT, "f64", "f32")  # exact, then approximate to f64 precision, then to f32


def coarsest(*levels: str) -> str:
    """The least precise of approximation levels."""
    return max(levels, key=LEVELS.index)


def within(level: str, limit: str) -> bool:
    return LEVELS.index(level) <= LEVELS.index(limit)


def int_bounds(t: str) -> tuple[int, int]:
    width = WIDTH[t]
    return -(1 << (width - 1)), (1 << (width - 1)) - 1


def float_bits(value, t: str) -> int:
    return int(np.asarray(value, DTYPE[t]).view(f"u{WIDTH[t] // 8}"))


def float_from_bits(bits: int, t: str):
    return np.array(bits, dtype=f"u{WIDTH[t] // 8}").view(DTYPE[t])[()]


def quiet(bits: int, t: str) -> int:
    """The bits with a signaling NaN made quiet (its quiet bit set)."""
    mantissa = MANTISSA_BITS[t] - 1
    exponent_mask = ((1 << (WIDTH[t] - 1 - mantissa)) - 1) << mantissa
    if bits & exponent_mask == exponent_mask and bits & ((1 << mantissa) - 1):
        bits |= 1 << (mantissa - 1)
    return bits


def literal(value, t: str) -> str:
    """MLIR's text of a constant of type `t` (what follows `arith.constant`)."""
    if t == "i1":
        return "true" if value else "false"
    if not is_float(t):
        return f"{int(value)} : {t}"
    if not math.isfinite(float(value)):
        return f"0x{float_bits(value, t):0{WIDTH[t] // 4}X} : {t}"
    mantissa, _, exponent = repr(float(value)).partition("e")
    if "." not in mantissa:  # MLIR's float literals need the point: 1e-05 -> 1.0e-05
        mantissa += ".0"
    return f"{mantissa}{'e' + exponent if exponent else ''} : {t}"


def int_value(choices: Choices, t: str) -> int:
    """An integer of type `t`: small, a boundary, or anything."""
    if t == "i1":
        return choices.integer(0, 1)
    low, high = int_bounds(t)
    kind = choices.weighted([(5, "small"), (2, "boundary"), (3, "any")])
    if kind == "small":
        return choices.integer(-4, 8)
    if kind == "boundary":
        return choices.pick((low, high, low + 1, high - 1))
    return choices.integer(low, high)


SIMPLE_FLOATS = (0.0, 1.0, -1.0, 0.5, 2.0, -0.0, 3.0, 0.1, -2.5, 100.0)


def float_value(choices: Choices, t: str):
    """A float of type `t` (a numpy scalar): simple, a multiple of 1/8, special (infinity,
    NaN, a subnormal, the largest finite value), or any bit pattern but a signaling NaN."""
    dtype, info = DTYPE[t], np.finfo(DTYPE[t])
    kind = choices.weighted([(4, "simple"), (4, "eighths"), (2, "special"), (2, "bits")])
    if kind == "simple":
        return dtype.type(choices.pick(SIMPLE_FLOATS))
    if kind == "eighths":
        return dtype.type(choices.integer(-4000, 4000) / 8)
    if kind == "special":
        specials = (np.inf, -np.inf, np.nan, info.smallest_subnormal, info.max, -info.max)
        return dtype.type(choices.pick(specials + (info.smallest_normal, 1e30, -1e-30)))
    bits = quiet(choices.integer(0, (1 << WIDTH[t]) - 1), t)
    return float_from_bits(bits, t)


def approximation_level(choices: Choices, t: str) -> str:
    """For a memref or a loop-carried value of type `t`: which approximate values it may
    take (mostly none)."""
    if not is_float(t) or not choices.chance(40):
        return EXACT
    return "f32" if t == "f32" else choices.pick(("f64", "f32"))


def scalar_value(choices: Choices, t: str):
    """A numpy scalar of type `t`, as the interpreter holds it."""
    if is_float(t):
        return float_value(choices, t)
    if t == "i1":
        return np.bool_(choices.integer(0, 1))
    return DTYPE[t].type(int_value(choices, t))


# -- values, buffers, scopes --------------------------------------------------------------------


@dataclass(frozen=True)
class Val:
    """An SSA value: its name, type, and how approximate it is (see the docstring)."""

    name: str
    type: str
    approximate: str = EXACT
    auxiliary: bool = False  # a constant, or bookkeeping (an index into a buffer, a guard)


@dataclass(frozen=True)
class Buffer:
    """A memref value: the names of index values holding its sizes, and its layout's
    strides ("?" where dynamic)."""

    name: str
    type: str
    element: str
    dims: tuple[str, ...]
    strides: tuple[str, ...]
    approximate: str  # the coarsest level of the values stored into it
    freed_at_end: bool = False  # made by memref.alloc


def identity_strides(shape: Sequence[str]) -> tuple[str, ...]:
    """The strides of a row-major memref of one or two dimensions ("?" where dynamic)."""
    return ("1",) if len(shape) == 1 else (shape[1], "1")


class Scope:
    """The values and buffers visible at a point; a nested region starts from a copy."""

    def __init__(self, parent: Scope | None = None) -> None:
        self.values: list[Val] = list(parent.values) if parent else []
        self.buffers: list[Buffer] = list(parent.buffers) if parent else []
        self.constants: dict[str, Val] = dict(parent.constants) if parent else {}

    def child(self) -> Scope:
        return Scope(self)

    def candidates(self, t: str, limit: str) -> list[Val]:
        return [v for v in self.values if v.type == t and within(v.approximate, limit)]


@dataclass(frozen=True)
class Signature:
    name: str
    params: tuple[str, ...]
    results: tuple[Val, ...]  # types and approximation levels (names unused)


# -- op tables ------------------------------------------------------------------------------------

INT_BINARY = ("addi", "subi", "muli", "andi", "ori", "xori", "maxsi", "minsi", "maxui", "minui")
SIGNED_DIVISIONS = ("divsi", "remsi", "ceildivsi", "floordivsi")
UNSIGNED_DIVISIONS = ("divui", "remui", "ceildivui")
SHIFTS = ("shli", "shrsi", "shrui")
INT_MATH = ("absi", "ctlz", "cttz", "ctpop")
EXTENDED = ("addui_extended", "mului_extended", "mulsi_extended")
CMPI_PREDICATES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")
CMPF_PREDICATES = (
    "oeq", "ogt", "oge", "olt", "ole", "one", "ord", "ueq",
    "ugt", "uge", "ult", "ule", "une", "uno", "false", "true",
)  # fmt: skip
FLOAT_CLASSES = ("isnan", "isinf", "isfinite", "isnormal")

# (op, operand rule): "any" operands, a "divisor" (the rhs) that must be exact, "exact"
# operands only, or an "approximate" result whatever the operands.
FLOAT_BINARY = (
    ("arith.addf", "exact"),  # an approximate sum may cancel to a result near zero
    ("arith.subf", "exact"),  # whose error is not relative (a - b, a ~ b)
    ("arith.mulf", "any"),
    ("arith.divf", "divisor"),
    ("arith.maximumf", "any"),
    ("arith.minimumf", "any"),
    ("arith.remf", "exact"),
    ("arith.maxnumf", "approximate"),
    ("arith.minnumf", "approximate"),
)


@dataclass(frozen=True)
class Unary:
    """A float function row: `domain` says how the operand is first brought into range
    ("" as is, "abs", "abs+1", "clamp C" to [-C, C]); `exact_input` that the operand
    must be exact (the function is discontinuous or steep there); `exact_output` that
    the function is IEEE-exact, so the result is exact when the operand is."""

    op: str
    domain: str = ""
    exact_input: bool = False
    exact_output: bool = False


def function(op: str, domain: str) -> tuple[Unary, Unary]:
    """A transcendental function: of any operand brought into `domain`, or of an exact
    operand anywhere (NaN, infinities, overflow and underflow included)."""
    return Unary(op, domain), Unary(op, exact_input=True)


# sin and cos of exact operands up to 2^17, where the JIT's f32 polynomials promise 1 ulp
# (irc/lowering/math_polynomials.py: 2 ulps to 2^20, and NaN beyond, by design).
SIN_COS_DOMAIN = "clamp 131072"

FLOAT_UNARY = (
    Unary("math.absf", exact_output=True),
    Unary("arith.negf", exact_output=True),
    Unary("math.floor", exact_input=True, exact_output=True),
    Unary("math.ceil", exact_input=True, exact_output=True),
    Unary("math.trunc", exact_input=True, exact_output=True),
    Unary("math.round", exact_input=True, exact_output=True),
    Unary("math.roundeven", exact_input=True, exact_output=True),
    Unary("math.sqrt", exact_input=True, exact_output=True),
    Unary("math.sqrt", "abs+1", exact_output=True),
    *function("math.exp", "clamp 4"),
    *function("math.exp2", "clamp 4"),
    *function("math.expm1", "clamp 4"),
    *function("math.log", "abs+1"),
    *function("math.log2", "abs+1"),
    *function("math.log10", "abs+1"),
    *function("math.log1p", "abs"),
    Unary("math.tanh"),
    Unary("math.erf"),
    Unary("math.atan"),
    Unary("math.asinh"),
    Unary("math.sin", SIN_COS_DOMAIN, exact_input=True),  # near a root, an error in the
    Unary("math.cos", SIN_COS_DOMAIN, exact_input=True),  # argument is the result's error
    *function("math.tan", "clamp 1"),
    *function("math.erfc", "clamp 3"),  # steep in relative terms for large x
    *function("math.sinh", "clamp 4"),
    *function("math.cosh", "clamp 4"),
    *function("math.atanh", "clamp 0.5"),
    *function("math.rsqrt", "abs+1"),
    Unary("math.asin", exact_input=True),
    Unary("math.acos", exact_input=True),
    Unary("math.acosh", exact_input=True),
    Unary("math.cbrt", exact_input=True),
)

# The ops whose results are approximate: implementations may differ by a few ulps (the
# transcendental functions), or in the sign of a zero result (maxnumf, minnumf).
APPROXIMATE_OPS = frozenset(
    [row.op for row in FLOAT_UNARY if not row.exact_output]
    + ["math.atan2", "math.powf", "math.sincos", "math.fpowi", "arith.maxnumf", "arith.minnumf"]
)

CASTS = (
    "extsi", "extui", "trunci", "index_cast", "index_castui", "sitofp", "uitofp",
    "fptosi", "fptoui", "extf", "truncf", "bitcast",
)  # fmt: skip

# Every op the generator writes (a test checks that random programs use them all).
OP_KINDS = frozenset(
    [f"arith.{op}" for op in INT_BINARY + SIGNED_DIVISIONS + UNSIGNED_DIVISIONS + SHIFTS]
    + [f"arith.{op}" for op in EXTENDED + CASTS + ("constant", "cmpi", "cmpf", "select")]
    + [f"math.{op}" for op in INT_MATH + FLOAT_CLASSES + ("fma", "atan2", "powf", "copysign")]
    + ["math.clampf", "math.sincos", "math.fpowi", "math.ipowi"]
    + [op for op, _ in FLOAT_BINARY]
    + [row.op for row in FLOAT_UNARY]
    + ["scf.if", "scf.for", "scf.while", "scf.yield", "scf.condition", "func.func", "func.call"]
    + [f"memref.{op}" for op in ("alloc", "alloca", "dealloc", "load", "store", "dim", "subview")]
)

MAX_DEPTH = 2  # nesting of scf regions
MAX_RESULTS = 10  # of a part
FAULTING_DIVISIONS = 8  # percent of divisions whose divisor may be 0 (or -1 with the minimum)
DYNAMIC_ALLOCA = False  # irc.jit refuses memref.alloca of a dynamic size (use alloc)
TRUNCF_ROUNDING_MODES = True  # arith.truncf with a rounding mode now and then
ROUNDING_MODES = ("to_nearest_even", "downward", "upward", "toward_zero", "to_nearest_away")


# -- one function -------------------------------------------------------------------------------


def result_names(name: str, count: int) -> tuple[str, list[str]]:
    """The left-hand side of an op with `count` results and the names of the results."""
    if count == 1:
        return name, [name]
    return f"{name}:{count}", [f"{name}#{i}" for i in range(count)]


class FunctionWriter:
    """Writes the body of one function: statements drawn from `choices`, over the values
    of a scope. Each emitter below adds its results to the scope it is given."""

    def __init__(self, choices: Choices, callees: Sequence[Signature] = ()) -> None:
        self.choices = choices
        self.callees = list(callees)
        self.lines: list[str] = []
        self.counter = 0
        self.indent = 1
        self.depth = 0
        self.used: set[str] = set()  # the names of values some op uses

    # -- helpers ------------------------------------------------------------------------------

    def fresh(self, stem: str = "v") -> str:
        self.counter += 1
        return f"%{stem}{self.counter}"

    def emit(self, text: str) -> None:
        self.lines.append("  " * self.indent + text)

    def define(
        self, scope: Scope, expr: str, t: str, approximate: str = EXACT, auxiliary: bool = False
    ) -> Val:
        value = Val(self.fresh(), t, approximate, auxiliary)
        self.emit(f"{value.name} = {expr}")
        scope.values.append(value)
        return value

    def constant(self, scope: Scope, t: str, value=None) -> Val:
        """A constant of type `t`: `value` (made once per scope), or one drawn."""
        if value is not None and literal(value, t) in scope.constants:
            return scope.constants[literal(value, t)]
        text = literal(value, t) if value is not None else literal(self.drawn(t), t)
        constant = Val(self.fresh(), t, auxiliary=True)
        self.emit(f"{constant.name} = arith.constant {text}")
        scope.values.append(constant)
        if value is not None:
            scope.constants[text] = constant
        return constant

    def drawn(self, t: str):
        return float_value(self.choices, t) if is_float(t) else int_value(self.choices, t)

    def operand(self, scope: Scope, t: str, limit: str = "f32") -> Val:
        """A value of type `t` at most as approximate as `limit`: mostly one computed from
        the inputs (often one nothing uses yet, so that little is dead code), one of the
        last few or any; else a new constant."""
        candidates = scope.candidates(t, limit)
        if not candidates or self.choices.chance(12):
            return self.constant(scope, t)
        computed = [v for v in candidates if not v.auxiliary]
        unused = [v for v in computed if v.name not in self.used]
        if unused and self.choices.chance(50):
            candidates = unused
        elif computed and not self.choices.chance(30):
            candidates = computed
        if self.choices.chance(50):
            value = candidates[self.choices.integer(0, len(candidates) - 1)]
        else:
            value = candidates[-1 - self.choices.integer(0, min(len(candidates), 4) - 1)]
        self.used.add(value.name)
        return value

    def scalar_type(self) -> str:
        return self.choices.pick(SCALAR_TYPES)

    @contextmanager
    def region(self):
        self.indent += 1
        self.depth += 1
        try:
            yield
        finally:
            self.indent -= 1
            self.depth -= 1

    # -- integer arithmetic ------------------------------------------------------------------

    def integer_binary(self, scope: Scope) -> None:
        t = self.choices.pick(INT_TYPES)
        op = self.choices.pick(INT_BINARY)
        lhs, rhs = self.operand(scope, t), self.operand(scope, t)
        self.define(scope, f"arith.{op} {lhs.name}, {rhs.name} : {t}", t)

    def division(self, scope: Scope) -> None:
        """A division or remainder by a safe divisor; rarely by any divisor, so that a
        division by zero or an overflow is a fault, which both executors must report."""
        t = self.choices.pick(INT_TYPES[:1] + INT_TYPES[2:])
        op = self.choices.pick(SIGNED_DIVISIONS + UNSIGNED_DIVISIONS)
        lhs, rhs = self.operand(scope, t), self.operand(scope, t)
        if not self.choices.chance(FAULTING_DIVISIONS):
            rhs = self.safe_divisor(scope, lhs, rhs, signed=op in SIGNED_DIVISIONS)
        self.define(scope, f"arith.{op} {lhs.name}, {rhs.name} : {t}", t)

    def safe_divisor(self, scope: Scope, dividend: Val, divisor: Val, signed: bool) -> Val:
        """`divisor | 1` (nonzero) and, if `signed`, 1 where the dividend is the minimum
        and the divisor -1 (an overflow)."""
        t = divisor.type
        one = self.constant(scope, t, 1)
        expr = f"arith.ori {divisor.name}, {one.name} : {t}"
        divisor = self.define(scope, expr, t, auxiliary=True)
        if not signed:
            return divisor
        minimum, minus_one = self.constant(scope, t, int_bounds(t)[0]), self.constant(scope, t, -1)
        expr = f"arith.cmpi eq, {dividend.name}, {minimum.name} : {t}"
        is_min = self.define(scope, expr, "i1", auxiliary=True)
        expr = f"arith.cmpi eq, {divisor.name}, {minus_one.name} : {t}"
        is_minus_one = self.define(scope, expr, "i1", auxiliary=True)
        expr = f"arith.andi {is_min.name}, {is_minus_one.name} : i1"
        overflow = self.define(scope, expr, "i1", auxiliary=True)
        expr = f"arith.select {overflow.name}, {one.name}, {divisor.name} : {t}"
        return self.define(scope, expr, t, auxiliary=True)

    def shift(self, scope: Scope) -> None:
        """A shift by an amount masked to less than the bit width."""
        t = self.choices.pick(INT_TYPES[:1] + INT_TYPES[2:])
        op = self.choices.pick(SHIFTS)
        value, amount = self.operand(scope, t), self.operand(scope, t)
        mask = self.constant(scope, t, WIDTH[t] - 1)
        expr = f"arith.andi {amount.name}, {mask.name} : {t}"
        masked = self.define(scope, expr, t, auxiliary=True)
        self.define(scope, f"arith.{op} {value.name}, {masked.name} : {t}", t)

    def integer_math(self, scope: Scope) -> None:
        t = self.choices.pick(SIZED_INTS)
        op = self.choices.pick(INT_MATH)
        self.define(scope, f"math.{op} {self.operand(scope, t).name} : {t}", t)

    def extended(self, scope: Scope) -> None:
        t = self.choices.pick(SIZED_INTS)
        op = self.choices.pick(EXTENDED)
        lhs, rhs = self.operand(scope, t), self.operand(scope, t)
        lhs_text, names = result_names(self.fresh(), 2)
        second = "i1" if op == "addui_extended" else t
        types = f"{t}, i1" if op == "addui_extended" else t
        self.emit(f"{lhs_text} = arith.{op} {lhs.name}, {rhs.name} : {types}")
        scope.values += [Val(names[0], t), Val(names[1], second)]

    # -- floats ------------------------------------------------------------------------------

    def float_binary(self, scope: Scope) -> None:
        t = self.choices.pick(FLOAT_TYPES)
        op, rule = self.choices.pick(FLOAT_BINARY)
        lhs = self.operand(scope, t, EXACT if rule == "exact" else "f32")
        rhs = self.operand(scope, t, EXACT if rule in ("exact", "divisor") else "f32")
        approximate = coarsest(
            lhs.approximate, rhs.approximate, t if rule == "approximate" else EXACT
        )
        self.define(scope, f"{op} {lhs.name}, {rhs.name} : {t}", t, approximate)

    def in_domain(self, scope: Scope, value: Val, domain: str) -> Val:
        """`value` brought into a function's domain: |x|, |x| + 1 or clamped to [-C, C]
        (maximumf/minimumf keep a NaN)."""
        t = value.type
        if domain.startswith("abs"):
            value = self.define(scope, f"math.absf {value.name} : {t}", t, value.approximate)
        if domain == "abs+1":
            one = self.constant(scope, t, 1.0)
            value = self.define(
                scope, f"arith.addf {value.name}, {one.name} : {t}", t, value.approximate
            )
        if domain.startswith("clamp"):
            bound = float(domain.split()[1])
            low, high = self.constant(scope, t, -bound), self.constant(scope, t, bound)
            expr = f"arith.maximumf {value.name}, {low.name} : {t}"
            value = self.define(scope, expr, t, value.approximate)
            expr = f"arith.minimumf {value.name}, {high.name} : {t}"
            value = self.define(scope, expr, t, value.approximate)
        return value

    def float_unary(self, scope: Scope) -> None:
        t = self.choices.pick(FLOAT_TYPES)
        row = self.choices.pick(FLOAT_UNARY)
        value = self.operand(scope, t, EXACT if row.exact_input else "f32")
        value = self.in_domain(scope, value, row.domain)
        approximate = coarsest(value.approximate, EXACT if row.exact_output else t)
        self.define(scope, f"{row.op} {value.name} : {t}", t, approximate)

    def fma(self, scope: Scope) -> None:
        """An fma of exact operands (of approximate ones it could cancel, as addf)."""
        t = self.choices.pick(FLOAT_TYPES)
        a, b, c = (self.operand(scope, t, EXACT) for _ in range(3))
        self.define(scope, f"math.fma {a.name}, {b.name}, {c.name} : {t}", t)

    def without_nan(self, scope: Scope, value: Val) -> Val:
        """`value` with a NaN replaced by 0 (nothing then sees a NaN's sign or payload)."""
        t = value.type
        is_nan = self.define(scope, f"arith.cmpf uno, {value.name}, {value.name} : {t}", "i1")
        zero = self.constant(scope, t, 0.0)
        expr = f"arith.select {is_nan.name}, {zero.name}, {value.name} : {t}"
        return self.define(scope, expr, t, value.approximate)

    def float_binary_math(self, scope: Scope) -> None:
        """atan2 and powf of exact operands (both are steep somewhere; powf mostly of |x|
        to a power in [-4, 4]), and copysign."""
        t = self.choices.pick(FLOAT_TYPES)
        op = self.choices.pick(("atan2", "powf", "copysign"))
        if op == "copysign":
            magnitude = self.operand(scope, t)
            sign = self.without_nan(scope, self.operand(scope, t, limit=EXACT))
            expr = f"math.copysign {magnitude.name}, {sign.name} : {t}"
            self.define(scope, expr, t, magnitude.approximate)
            return
        lhs, rhs = self.operand(scope, t, limit=EXACT), self.operand(scope, t, limit=EXACT)
        if op == "powf" and not self.choices.chance(30):
            lhs = self.in_domain(scope, lhs, "abs")
            rhs = self.in_domain(scope, rhs, "clamp 4")
        self.define(scope, f"math.{op} {lhs.name}, {rhs.name} : {t}", t, approximate=t)

    def clampf(self, scope: Scope) -> None:
        """math.clampf of a value without NaN to ordered bounds without NaN."""
        t = self.choices.pick(FLOAT_TYPES)
        value, a, b = (
            self.without_nan(scope, self.operand(scope, t, limit=EXACT)) for _ in range(3)
        )
        low = self.define(scope, f"arith.minimumf {a.name}, {b.name} : {t}", t)
        high = self.define(scope, f"arith.maximumf {a.name}, {b.name} : {t}", t)
        self.define(scope, f"math.clampf {value.name} to [{low.name}, {high.name}] : {t}", t)

    def sincos(self, scope: Scope) -> None:
        t = self.choices.pick(FLOAT_TYPES)
        value = self.in_domain(scope, self.operand(scope, t, EXACT), SIN_COS_DOMAIN)
        lhs, names = result_names(self.fresh(), 2)
        self.emit(f"{lhs} = math.sincos {value.name} : {t}")
        scope.values += [Val(name, t, coarsest(value.approximate, t)) for name in names]

    def fpowi(self, scope: Scope) -> None:
        """An exact float to a power in [-7, 7]."""
        t, exponent_type = self.choices.pick(FLOAT_TYPES), self.choices.pick(("i32", "i64"))
        base, exponent = self.operand(scope, t, limit=EXACT), self.operand(scope, exponent_type)
        eight = self.constant(scope, exponent_type, 8)
        expr = f"arith.remsi {exponent.name}, {eight.name} : {exponent_type}"
        exponent = self.define(scope, expr, exponent_type, auxiliary=True)
        expr = f"math.fpowi {base.name}, {exponent.name} : {t}, {exponent_type}"
        self.define(scope, expr, t, approximate=t)

    def ipowi(self, scope: Scope) -> None:
        """An integer power: of an odd base, or to an exponent in [0, 31] (0 to a negative
        power is a fault); rarely of any base to any exponent."""
        t = self.choices.pick(SIZED_INTS)
        base, exponent = self.operand(scope, t), self.operand(scope, t)
        if self.choices.chance(FAULTING_DIVISIONS):
            pass
        elif self.choices.chance(50):
            one = self.constant(scope, t, 1)
            expr = f"arith.ori {base.name}, {one.name} : {t}"
            base = self.define(scope, expr, t, auxiliary=True)
        else:
            mask = self.constant(scope, t, 31)
            expr = f"arith.andi {exponent.name}, {mask.name} : {t}"
            exponent = self.define(scope, expr, t, auxiliary=True)
        self.define(scope, f"math.ipowi {base.name}, {exponent.name} : {t}", t)

    def classify(self, scope: Scope) -> None:
        t = self.choices.pick(FLOAT_TYPES)
        op = self.choices.pick(FLOAT_CLASSES)
        self.define(scope, f"math.{op} {self.operand(scope, t, limit=EXACT).name} : {t}", "i1")

    # -- comparisons and select --------------------------------------------------------------

    def compare(self, scope: Scope) -> None:
        if self.choices.chance(35):
            t = self.choices.pick(FLOAT_TYPES)
            predicate = self.choices.pick(CMPF_PREDICATES)
            lhs, rhs = self.operand(scope, t, limit=EXACT), self.operand(scope, t, limit=EXACT)
            self.define(scope, f"arith.cmpf {predicate}, {lhs.name}, {rhs.name} : {t}", "i1")
            return
        t = self.choices.pick(INT_TYPES)
        predicate = self.choices.pick(CMPI_PREDICATES)
        lhs, rhs = self.operand(scope, t), self.operand(scope, t)
        self.define(scope, f"arith.cmpi {predicate}, {lhs.name}, {rhs.name} : {t}", "i1")

    def select(self, scope: Scope) -> None:
        t = self.scalar_type()
        condition = self.operand(scope, "i1")
        on_true, on_false = self.operand(scope, t), self.operand(scope, t)
        expr = f"arith.select {condition.name}, {on_true.name}, {on_false.name} : {t}"
        self.define(scope, expr, t, coarsest(on_true.approximate, on_false.approximate))

    # -- casts -------------------------------------------------------------------------------

    def cast(self, scope: Scope) -> None:
        kinds = (
            (3, self.int_to_int),
            (2, self.index_cast),
            (2, self.int_to_float),
            (3, self.float_to_int),
            (2, self.float_to_float),
            (1, self.bitcast),
        )
        self.choices.weighted(kinds)(scope)

    def int_to_int(self, scope: Scope) -> None:
        """extsi / extui to a wider type, trunci to a narrower one (i1 included)."""
        widths = ("i1", "i8", "i16", "i32", "i64")
        source, target = self.choices.pick(widths), self.choices.pick(widths)
        if source == target:
            return
        op = "trunci" if WIDTH[source] > WIDTH[target] else self.choices.pick(("extsi", "extui"))
        value = self.operand(scope, source)
        self.define(scope, f"arith.{op} {value.name} : {source} to {target}", target)

    def index_cast(self, scope: Scope) -> None:
        other = self.choices.pick(("i32", "i64", "i8", "i16", "i1"))
        source, target = (other, "index") if self.choices.chance(50) else ("index", other)
        op = self.choices.pick(("index_cast", "index_castui"))
        value = self.operand(scope, source)
        self.define(scope, f"arith.{op} {value.name} : {source} to {target}", target)

    def int_to_float(self, scope: Scope) -> None:
        source = self.choices.pick(("i32", "i1", "i8", "i16", "i64"))
        target = self.choices.pick(FLOAT_TYPES)
        op = self.choices.pick(("sitofp", "uitofp"))
        value = self.operand(scope, source)
        self.define(scope, f"arith.{op} {value.name} : {source} to {target}", target)

    def float_to_int(self, scope: Scope) -> None:
        """fptosi / fptoui of an exact value, NaN replaced by 0 and clamped into range: to
        [-2^(w-1), the largest float below 2^(w-1)] (signed) or [0, below 2^w]."""
        source = self.choices.pick(FLOAT_TYPES)
        target = self.choices.pick(SIZED_INTS)
        signed = self.choices.chance(60)
        value = self.without_nan(scope, self.operand(scope, source, limit=EXACT))
        top = 2.0 ** (WIDTH[target] - 1 if signed else WIDTH[target])
        high = top * (1 - 2.0 ** -MANTISSA_BITS[source])  # the largest float below top
        low = self.constant(scope, source, -top if signed else 0.0)
        value = self.define(scope, f"arith.maximumf {value.name}, {low.name} : {source}", source)
        high_value = self.constant(scope, source, high)
        expr = f"arith.minimumf {value.name}, {high_value.name} : {source}"
        value = self.define(scope, expr, source)
        op = "fptosi" if signed else "fptoui"
        self.define(scope, f"arith.{op} {value.name} : {source} to {target}", target)

    def float_to_float(self, scope: Scope) -> None:
        source, target = ("f32", "f64") if self.choices.chance(50) else ("f64", "f32")
        op = "extf" if source == "f32" else "truncf"
        value = self.operand(scope, source)
        mode = ""
        if op == "truncf" and TRUNCF_ROUNDING_MODES and self.choices.chance(40):
            mode = " " + self.choices.pick(ROUNDING_MODES)
        expr = f"arith.{op} {value.name}{mode} : {source} to {target}"
        approximate = coarsest(value.approximate, target) if value.approximate else EXACT
        self.define(scope, expr, target, approximate)

    def bitcast(self, scope: Scope) -> None:
        """Float to int of an exact value without NaN; int to float with the lowest
        exponent bit cleared, so the float is finite (no signaling NaN arises)."""
        as_float, as_int = self.choices.pick((("f32", "i32"), ("f64", "i64")))
        if self.choices.chance(50):
            value = self.without_nan(scope, self.operand(scope, as_float, limit=EXACT))
            self.define(scope, f"arith.bitcast {value.name} : {as_float} to {as_int}", as_int)
            return
        exponent_bit = 1 << (MANTISSA_BITS[as_float] - 1)
        mask = self.constant(scope, as_int, ~exponent_bit)
        value = self.operand(scope, as_int)
        finite = self.define(scope, f"arith.andi {value.name}, {mask.name} : {as_int}", as_int)
        self.define(scope, f"arith.bitcast {finite.name} : {as_int} to {as_float}", as_float)

    # -- memory ------------------------------------------------------------------------------

    def index_into(self, scope: Scope, size: str) -> str:
        """An index in [0, size): some index value, `remui` by the size (at least 1)."""
        index = self.operand(scope, "index")
        expr = f"arith.remui {index.name}, {size} : index"
        return self.define(scope, expr, "index", auxiliary=True).name

    def indices(self, scope: Scope, buffer: Buffer) -> str:
        return ", ".join(self.index_into(scope, size) for size in buffer.dims)

    def load(self, scope: Scope) -> None:
        buffer = self.choices.pick(scope.buffers)
        where = self.indices(scope, buffer)
        expr = f"memref.load {buffer.name}[{where}] : {buffer.type}"
        self.define(scope, expr, buffer.element, buffer.approximate)

    def store(self, scope: Scope) -> None:
        buffer = self.choices.pick(scope.buffers)
        value = self.operand(scope, buffer.element, buffer.approximate)
        where = self.indices(scope, buffer)
        self.emit(f"memref.store {value.name}, {buffer.name}[{where}] : {buffer.type}")

    def dim(self, scope: Scope) -> None:
        buffer = self.choices.pick(scope.buffers)
        axis = self.constant(scope, "index", self.choices.integer(0, len(buffer.dims) - 1))
        self.define(scope, f"memref.dim {buffer.name}, {axis.name} : {buffer.type}", "index")

    # -- control flow ------------------------------------------------------------------------

    def block(self, scope: Scope, count: int) -> None:
        for _ in range(count):
            self.statement(scope)

    def yielded(self, scope: Scope, carried: Sequence[Val]) -> list[Val]:
        """Values to yield for `carried` slots: same type, exact where the slot is."""
        return [self.operand(scope, slot.type, slot.approximate) for slot in carried]

    def yield_line(self, op: str, values: Sequence[Val]) -> None:
        if values or op != "scf.yield":
            names = ", ".join(v.name for v in values)
            types = ", ".join(v.type for v in values)
            self.emit(f"{op} {names} : {types}" if values else op)

    def if_op(self, scope: Scope) -> None:
        condition = self.operand(scope, "i1")
        types = [self.scalar_type() for _ in range(self.choices.integer(0, 2))]
        lhs, names = result_names(self.fresh(), len(types))
        arrow = f" -> ({', '.join(types)})" if types else ""
        self.emit(f"{lhs + ' = ' if types else ''}scf.if {condition.name}{arrow} {{")
        approximate = [EXACT] * len(types)
        for branch in ("then", "else"):
            if branch == "else":
                if not types and not self.choices.chance(50):
                    break
                self.emit("} else {")
            with self.region():
                inner = scope.child()
                self.block(inner, self.choices.integer(0, 4))
                values = [self.operand(inner, t) for t in types]
                self.yield_line("scf.yield", values)
            approximate = [
                coarsest(a, v.approximate) for a, v in zip(approximate, values, strict=True)
            ]
        self.emit("}")
        scope.values += [Val(n, t, a) for n, t, a in zip(names, types, approximate, strict=True)]

    def carried_values(self, scope: Scope, stem: str) -> tuple[list[Val], list[Val]]:
        """Loop-carried slots: initial values and block arguments (as approximate as the
        initial value, or more, by choice)."""
        inits, args = [], []
        for _ in range(self.choices.integer(0, 2)):
            t = self.scalar_type()
            init = self.operand(scope, t)
            approximate = coarsest(init.approximate, approximation_level(self.choices, t))
            inits.append(init)
            args.append(Val(self.fresh(stem), t, approximate))
        return inits, args

    def bounded(self, scope: Scope, t: str, most: int) -> Val:
        """A bound in [0, most]: a constant, or some value `remui` by most + 1."""
        if self.choices.chance(60):
            return self.constant(scope, t, self.choices.integer(0, most))
        value = self.operand(scope, t)
        modulus = self.constant(scope, t, most + 1)
        return self.define(scope, f"arith.remui {value.name}, {modulus.name} : {t}", t)

    def for_op(self, scope: Scope) -> None:
        """A for loop from [-2, 2] to [0, 5] by [1, 3], its bounds compared signed (or
        unsigned: then a lower bound below 0 is huge and the loop runs no iteration)."""
        t = self.choices.weighted([(6, "index"), (1, "i32"), (1, "i64")])
        two = self.constant(scope, t, 2)
        expr = f"arith.subi {self.bounded(scope, t, 4).name}, {two.name} : {t}"
        lower = self.define(scope, expr, t, auxiliary=True)
        upper = self.bounded(scope, t, 5)
        step = self.bounded(scope, t, 2)
        one = self.constant(scope, t, 1)
        step = self.define(scope, f"arith.addi {step.name}, {one.name} : {t}", t, auxiliary=True)
        inits, args = self.carried_values(scope, "x")
        lhs, names = result_names(self.fresh(), len(args))
        induction = Val(self.fresh("i"), t)
        unsigned = "unsigned " if self.choices.chance(15) else ""  # a bound below 0 is huge
        head = f"scf.for {unsigned}{induction.name} = {lower.name} to {upper.name}"
        head += f" step {step.name}"
        if args:
            pairs = ", ".join(f"{a.name} = {i.name}" for a, i in zip(args, inits, strict=True))
            head = f"{lhs} = {head} iter_args({pairs}) -> ({', '.join(a.type for a in args)})"
        self.emit(f"{head}{' : ' + t if t != 'index' else ''} {{")
        with self.region():
            inner = scope.child()
            inner.values += [induction, *args]
            self.block(inner, self.choices.integer(0, 4))
            self.yield_line("scf.yield", self.yielded(inner, args))
        self.emit("}")
        scope.values += [Val(n, a.type, a.approximate) for n, a in zip(names, args, strict=True)]

    def while_op(self, scope: Scope) -> None:
        """A while loop counting from 0 to a bound of at most 4, carrying other values."""
        t = self.choices.pick(("i32", "index", "i64"))
        zero, limit = self.constant(scope, t, 0), self.bounded(scope, t, 4)
        inits, carried = self.carried_values(scope, "w")
        counter = Val(self.fresh("w"), t)
        slots = [counter, *carried]
        lhs, names = result_names(self.fresh(), len(slots))
        pairs = ", ".join(
            f"{s.name} = {i.name}" for s, i in zip(slots, [zero, *inits], strict=True)
        )
        types = ", ".join(s.type for s in slots)
        self.emit(f"{lhs} = scf.while ({pairs}) : ({types}) -> ({types}) {{")
        with self.region():
            inner = scope.child()
            inner.values += slots
            self.block(inner, self.choices.integer(0, 4))
            expr = f"arith.cmpi slt, {counter.name}, {limit.name} : {t}"
            condition = self.define(inner, expr, "i1")
            if self.choices.chance(30):
                extra = self.operand(inner, "i1")
                expr = f"arith.andi {condition.name}, {extra.name} : i1"
                condition = self.define(inner, expr, "i1")
            values = [counter, *self.yielded(inner, carried)]
            self.yield_line(f"scf.condition({condition.name})", values)
        after = [Val(self.fresh("w"), s.type, s.approximate) for s in slots]
        self.emit("} do {")
        self.emit(f"^bb0({', '.join(f'{a.name}: {a.type}' for a in after)}):")
        with self.region():
            inner = scope.child()
            inner.values += after
            self.block(inner, self.choices.integer(0, 4))
            one = self.constant(inner, t, 1)
            step = self.define(inner, f"arith.addi {after[0].name}, {one.name} : {t}", t)
            self.yield_line("scf.yield", [step, *self.yielded(inner, after[1:])])
        self.emit("}")
        scope.values += [Val(n, s.type, s.approximate) for n, s in zip(names, slots, strict=True)]

    def elementwise_loop(self, scope: Scope) -> None:
        """A loop nest over every element of a buffer that loads it, computes without
        control flow and stores a value back: a loop LLVM may vectorize (arguments have
        up to 40 elements)."""
        buffer = self.choices.pick(scope.buffers)
        zero, one = self.constant(scope, "index", 0), self.constant(scope, "index", 1)
        inner = scope.child()
        inductions = []
        for size in buffer.dims:
            inductions.append(Val(self.fresh("i"), "index"))
            self.emit(f"scf.for {inductions[-1].name} = {zero.name} to {size} step {one.name} {{")
            self.indent += 1
        where = ", ".join(i.name for i in inductions)
        expr = f"memref.load {buffer.name}[{where}] : {buffer.type}"
        inner.values += inductions
        self.define(inner, expr, buffer.element, buffer.approximate)
        depth, self.depth = self.depth, MAX_DEPTH  # no control flow in the body
        self.block(inner, self.choices.integer(0, 4))
        self.depth = depth
        value = self.operand(inner, buffer.element, buffer.approximate)
        self.emit(f"memref.store {value.name}, {buffer.name}[{where}] : {buffer.type}")
        for _ in buffer.dims:
            self.indent -= 1
            self.emit("}")

    def call(self, scope: Scope) -> None:
        callee = self.choices.pick(self.callees)
        args = [self.operand(scope, t, limit=EXACT) for t in callee.params]
        lhs, names = result_names(self.fresh(), len(callee.results))
        params = ", ".join(callee.params)
        results = ", ".join(r.type for r in callee.results)
        arg_names = ", ".join(a.name for a in args)
        self.emit(f"{lhs} = func.call @{callee.name}({arg_names}) : ({params}) -> ({results})")
        scope.values += [
            Val(n, r.type, r.approximate) for n, r in zip(names, callee.results, strict=True)
        ]

    # -- statements --------------------------------------------------------------------------

    def statement(self, scope: Scope) -> None:
        kinds: list[tuple[int, Callable[[Scope], None]]] = [
            (8, self.integer_binary),
            (6, self.float_binary),
            (6, self.float_unary),
            (5, self.cast),
            (4, self.compare),
            (3, self.select),
            (3, self.division),
            (2, self.shift),
            (2, self.integer_math),
            (1, self.extended),
            (1, self.fma),
            (2, self.float_binary_math),
            (1, self.classify),
            (1, self.clampf),
            (1, self.sincos),
            (1, self.fpowi),
            (1, self.ipowi),
        ]
        if scope.buffers:
            kinds += [(5, self.load), (4, self.store), (1, self.dim)]
            if self.depth == 0:
                kinds.append((2, self.elementwise_loop))
        if self.depth < MAX_DEPTH:
            kinds += [(2, self.if_op), (2, self.for_op), (1, self.while_op)]
        if self.callees:
            kinds.append((2, self.call))
        self.choices.weighted(kinds)(scope)

    # -- buffers made at the top of a part ---------------------------------------------------

    def sizes_of(self, scope: Scope, name: str, memref_type: str, rank: int) -> tuple[str, ...]:
        sizes = []
        for axis in range(rank):
            index = self.constant(scope, "index", axis)
            expr = f"memref.dim {name}, {index.name} : {memref_type}"
            sizes.append(self.define(scope, expr, "index", auxiliary=True).name)
        return tuple(sizes)

    def allocation(self, scope: Scope) -> None:
        """An alloc or alloca of one or two dimensions, each static (1 to 4) or dynamic
        (a constant, or for one dimension an argument's size), written in full right away."""
        element = self.choices.pick(ELEMENT_TYPES)
        approximate = approximation_level(self.choices, element)
        shape, operands, sizes = [], [], []
        rank = self.choices.integer(1, 2)
        for _ in range(rank):
            if self.choices.chance(50):
                extent = self.choices.integer(1, 4)
                shape.append(str(extent))
                sizes.append(self.constant(scope, "index", extent).name)
            else:
                size = self.dynamic_size(scope, rank == 1)
                shape.append("?")
                operands.append(size)
                sizes.append(size)
        kind = self.choices.pick(
            ("alloc", "alloca") if DYNAMIC_ALLOCA or not operands else ("alloc",)
        )
        memref_type = f"memref<{'x'.join(shape)}x{element}>"
        strides = identity_strides(shape)
        name = self.fresh("buf")
        self.emit(f"{name} = memref.{kind}({', '.join(operands)}) : {memref_type}")
        buffer = Buffer(
            name, memref_type, element, tuple(sizes), strides, approximate, kind == "alloc"
        )
        self.fill(scope, buffer)
        scope.buffers.append(buffer)

    def dynamic_size(self, scope: Scope, of_argument: bool) -> str:
        """A size of at least 1: a constant or (if allowed) the size of an argument."""
        argument_sizes = [size for b in scope.buffers for size in b.dims]
        if of_argument and argument_sizes and self.choices.chance(50):
            return self.choices.pick(argument_sizes)
        return self.constant(scope, "index", self.choices.integer(1, 4)).name

    def fill(self, scope: Scope, buffer: Buffer) -> None:
        """Store into every element of a new buffer: one value, or (ints) the index."""
        value = self.operand(scope, buffer.element, buffer.approximate)
        zero, one = self.constant(scope, "index", 0), self.constant(scope, "index", 1)
        inductions = []
        for size in buffer.dims:
            inductions.append(self.fresh("i"))
            self.emit(f"scf.for {inductions[-1]} = {zero.name} to {size} step {one.name} {{")
            self.indent += 1
        if not is_float(buffer.element) and self.choices.chance(50):
            cast = f"arith.index_cast {inductions[-1]} : index to {buffer.element}"
            value = self.define(scope.child(), cast, buffer.element)
        self.emit(
            f"memref.store {value.name}, {buffer.name}[{', '.join(inductions)}] : {buffer.type}"
        )
        for _ in buffer.dims:
            self.indent -= 1
            self.emit("}")

    def subview(self, scope: Scope) -> None:
        """A subview of any buffer (a subview too) at in-bounds offsets: the rest of each
        dimension, or every other element of it."""
        base = self.choices.pick(scope.buffers)
        offsets = [self.index_into(scope, size) for size in base.dims]
        sizes, steps = [], []
        for size, offset in zip(base.dims, offsets, strict=True):
            rest = self.define(
                scope, f"arith.subi {size}, {offset} : index", "index", auxiliary=True
            )
            steps.append(2 if self.choices.chance(25) else 1)
            if steps[-1] == 2:  # ceil(rest / 2) elements
                one, two = self.constant(scope, "index", 1), self.constant(scope, "index", 2)
                rest = self.define(scope, f"arith.addi {rest.name}, {one.name} : index", "index")
                rest = self.define(scope, f"arith.divui {rest.name}, {two.name} : index", "index")
            sizes.append(rest.name)
        strides = tuple(
            "?" if stride == "?" else str(int(stride) * step)
            for stride, step in zip(base.strides, steps, strict=True)
        )
        result = (
            f"memref<{'x'.join('?' * len(sizes))}x{base.element}, "
            f"strided<[{', '.join(strides)}], offset: ?>>"
        )
        name = self.fresh("sub")
        self.emit(
            f"{name} = memref.subview {base.name}[{', '.join(offsets)}] [{', '.join(sizes)}] "
            f"[{', '.join(map(str, steps))}] : {base.type} to {result}"
        )
        buffer = Buffer(name, result, base.element, tuple(sizes), strides, base.approximate)
        scope.buffers.append(buffer)


# -- functions and programs ---------------------------------------------------------------------


@dataclass(frozen=True)
class Argument:
    """An argument: a scalar (`shape` None), or a memref with its shape (None for a
    dynamic size) and whether the program may store approximate values into it."""

    type: str
    element: str
    shape: tuple[int | None, ...] | None = None
    approximate: str = EXACT


@dataclass(frozen=True)
class Result:
    type: str
    approximate: str


@dataclass
class Program:
    """A module whose function `entry` takes `arguments` and returns `results`."""

    text: str
    arguments: list[Argument]
    results: list[Result]
    entry: str = "f"
    functions: int = 1

    def __repr__(self) -> str:
        return f"Program({self.functions} functions, {self.text.count(chr(10))} lines)"

    def op_counts(self) -> dict[str, int]:
        """How many times each op (`arith.addi`, `scf.for`, ...) occurs in the text."""
        counts: dict[str, int] = {}
        for name in re.findall(r"\b((?:arith|math|scf|memref|func)\.[a-z_0-9]+)", self.text):
            counts[name] = counts.get(name, 0) + 1
        return counts


def scalar_argument(choices: Choices) -> Argument:
    t = choices.pick(SCALAR_TYPES)
    return Argument(t, t)


def memref_argument(choices: Choices) -> Argument:
    element = choices.pick(ELEMENT_TYPES)
    shape = tuple(
        None if not choices.chance(25) else choices.integer(1, 4)
        for _ in range(choices.integer(1, 2))
    )
    text = "x".join("?" if size is None else str(size) for size in shape)
    approximate = approximation_level(choices, element)
    return Argument(f"memref<{text}x{element}>", element, shape, approximate)


def results_of(choices: Choices, writer: FunctionWriter, scope: Scope, count: int) -> list[Val]:
    """The computed values nothing uses (the last `MAX_RESULTS`), or else `count` of the
    last computed values (no constants, no bookkeeping)."""
    values = [v for v in scope.values if not v.auxiliary]
    unused = [v for v in values if v.name not in writer.used]
    if unused and count:
        return unused[-MAX_RESULTS:]
    values = values[-12:]
    return [values[-1 - choices.integer(0, len(values) - 1)] for _ in range(count) if values]


def write_function(
    choices: Choices,
    name: str,
    arguments: Sequence[Argument],
    callees: Sequence[Signature],
    statements: int,
    result_count: int,
    buffers: bool,
) -> tuple[Signature, str]:
    """The text of `func.func @name` and its signature. With `buffers`, up to two
    allocations and a subview are made at the top (and the allocs freed at the end)."""
    writer = FunctionWriter(choices, callees)
    scope = Scope()
    params = []
    for number, argument in enumerate(arguments):
        if argument.shape is None:
            scope.values.append(Val(f"%a{number}", argument.type))
            params.append(f"%a{number}: {argument.type}")
            continue
        memref_name = f"%m{number}"
        dims = writer.sizes_of(scope, memref_name, argument.type, len(argument.shape))
        shape = ["?" if size is None else str(size) for size in argument.shape]
        strides = identity_strides(shape)
        buffer = Buffer(
            memref_name, argument.type, argument.element, dims, strides, argument.approximate
        )
        scope.buffers.append(buffer)
        params.append(f"{memref_name}: {argument.type}")
    if buffers:
        for _ in range(choices.integer(0, 2)):
            writer.allocation(scope)
        for _ in range(choices.integer(0, 2) if scope.buffers else 0):
            writer.subview(scope)
    writer.block(scope, statements)
    results = results_of(choices, writer, scope, result_count)
    for buffer in scope.buffers:
        if buffer.freed_at_end:
            writer.emit(f"memref.dealloc {buffer.name} : {buffer.type}")
    types = [r.type for r in results]
    writer.emit(
        f"return {', '.join(r.name for r in results)} : {', '.join(types)}" if results else "return"
    )
    arrow = f" -> ({', '.join(types)})" if results else ""
    text = "\n".join([f"func.func @{name}({', '.join(params)}){arrow} {{", *writer.lines, "}"])
    signature = Signature(name, tuple(a.type for a in arguments), tuple(results))
    return signature, text


def entry_function(
    choices: Choices, parts: Sequence[tuple[Signature, Sequence[Argument]]]
) -> tuple[str, list[Argument]]:
    """`@f` and its arguments: it takes the parts' arguments, calls the parts and returns
    all their results. A memref argument is sometimes passed on twice, to parameters of
    the same type (and exactness) of one part or of two, so that they alias."""
    arguments: list[Argument] = []
    lines, returned = [], []
    for number, (part, part_arguments) in enumerate(parts):
        names = []
        for argument in part_arguments:
            same = [k for k, a in enumerate(arguments) if a == argument and a.shape is not None]
            if same and choices.chance(40):
                names.append(f"%x{choices.pick(same)}")
                continue
            names.append(f"%x{len(arguments)}")
            arguments.append(argument)
        lhs, results = result_names(f"%r{number}", len(part.results))
        call = f"func.call @{part.name}({', '.join(names)}) : ({', '.join(part.params)})"
        call += f" -> ({', '.join(r.type for r in part.results)})"
        lines.append(f"  {lhs} = {call}" if part.results else f"  {call}")
        returned += [(n, r.type) for n, r in zip(results, part.results, strict=True)]
    values = ", ".join(n for n, _ in returned)
    types = ", ".join(t for _, t in returned)
    lines.append(f"  return {values} : {types}" if returned else "  return")
    arrow = f" -> ({types})" if returned else ""
    params = ", ".join(f"%x{k}: {a.type}" for k, a in enumerate(arguments))
    return "\n".join([f"func.func @f({params}){arrow} {{", *lines, "}"]), arguments


def part_arguments(choices: Choices) -> list[Argument]:
    """One to four scalars and up to two memrefs (the second sometimes of the first's type,
    so that the entry may pass one array to both)."""
    arguments = [scalar_argument(choices) for _ in range(choices.integer(1, 4))]
    memrefs: list[Argument] = []
    for _ in range(choices.integer(0, 2)):
        memrefs.append(memrefs[-1] if memrefs and choices.chance(30) else memref_argument(choices))
    return arguments + memrefs


def generate_program(choices: Choices) -> Program:
    """Callees `@g0..`, parts `@p0..` (which may call the callees) and the entry `@f`."""
    texts: list[str] = []
    callees: list[Signature] = []
    for number in range(choices.integer(0, 2)):
        arguments = [scalar_argument(choices) for _ in range(choices.integer(1, 3))]
        statements, results = choices.integer(1, 6), choices.integer(1, 2)
        signature, text = write_function(
            choices, f"g{number}", arguments, (), statements, results, buffers=False
        )
        callees.append(signature)
        texts.append(text)
    parts: list[tuple[Signature, list[Argument]]] = []
    for number in range(choices.integer(1, 3)):
        arguments = part_arguments(choices)
        statements, results = choices.integer(1, 14), choices.integer(0, 3)
        signature, text = write_function(
            choices, f"p{number}", arguments, callees, statements, results, buffers=True
        )
        parts.append((signature, arguments))
        texts.append(text)
    entry, arguments = entry_function(choices, parts)
    texts.append(entry)
    return Program(
        text="\n\n".join(texts) + "\n",
        arguments=arguments,
        results=[Result(r.type, r.approximate) for part, _ in parts for r in part.results],
        functions=len(texts),
    )


# -- inputs -------------------------------------------------------------------------------------


def make_inputs(program: Program, choices: Choices) -> list:
    """Arguments for the entry function: numpy scalars, and arrays of 1 to 5 elements
    along each dynamic dimension (1-D arrays sometimes up to 40, for vectorized loops)."""
    values = []
    for argument in program.arguments:
        if argument.shape is None:
            values.append(scalar_value(choices, argument.type))
            continue
        most = 40 if len(argument.shape) == 1 and choices.chance(30) else 5
        shape = tuple(choices.integer(1, most) if s is None else s for s in argument.shape)
        flat = [scalar_value(choices, argument.element) for _ in range(math.prod(shape))]
        values.append(np.array(flat, dtype=DTYPE[argument.element]).reshape(shape))
    return values


# -- hypothesis strategies ----------------------------------------------------------------------


@st.composite
def programs(draw) -> Program:
    return generate_program(HypothesisChoices(draw))


def inputs(program: Program) -> st.SearchStrategy[list]:
    @st.composite
    def strategy(draw) -> list:
        return make_inputs(program, HypothesisChoices(draw))

    return strategy()


def settings_for(examples: int) -> settings:
    """Hypothesis settings of the differential tests: `examples` examples, derandomized
    (the same programs every run), no deadline (a JIT compile takes a while)."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
