"""Random nn functions, as MLIR text, for the three-way tests
(tests/differential/test_nn_hypothesis.py).

A function takes one to a few tensors of random shapes of rank 0 to 3 (sizes 1 to 4;
static, or with `dynamic` some sizes above 1 spelled `?` in the parameters' types, the
types of the results then as nn infers them) and computes a chain of nn ops over them:
unary and binary elementwise ops with numpy broadcasting between the shapes (a binary op's
second operand is an earlier value whose shape broadcasts with the first, or a new
parameter of a shape made to broadcast, which may have the higher rank), comparisons and
select, clamp, reductions over random axes with or without keepdims, argmax, softmax and
log_softmax along a random axis, matrix products (batched, transposed) of new parameters.
It returns its last value and a few others. The element type is f32 (mostly), f64 or i32
(integer ops only, which wrap).

**Exact and approximate values**, as in tests/differential/program_gen.py: a value is
*exact* when only exactly rounded ops computed it from the inputs (arithmetic, sqrt,
comparisons, min/max, select, clamp, max/min reductions, argmax), so the three ways give
its bits. It is *approximate* when exp, tanh, a sum or the like is in its history: the
interpreter's math is numpy's, the JIT's math-polynomial-approximation's polynomials
(1-2 ulp), and sums accumulate in f64 in different orders. An approximate value's error
stays relative: it flows only into ops that keep a relative error relative (mul, div,
neg, abs, relu, sign, maximum, minimum, select, clamp's operand, tanh, sqrt, max/min
reductions and products), never into add or sub (a cancellation makes the error large
against the result), a comparison or argmax (a tie may flip), or a function steep in its
argument (exp, log, pow). A *loose* value (a sum, a mean, log, logsumexp, log_softmax,
pow) may be near zero after a cancellation inside the op, so its error is absolute; it is
only returned. So is a float matrix *product*: f32 products accumulate in f32 once
lowered, the interpreter's in f64, so they are checked against the dot-product bound of
their operands (`Value.product_of`). `Function.results` says each result's level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st

from irc.dialects.nn.common import broadcast_shapes
from irc.ir.types import DYNAMIC
from tests.differential.program_gen import Choices, HypothesisChoices

EXACT, APPROXIMATE, LOOSE, PRODUCT = "exact", "approximate", "loose", "product"
DTYPES = {"f32": np.float32, "f64": np.float64, "i32": np.int32, "i1": np.bool_, "i64": np.int64}

# unary op -> the level of its result from an exact operand; None: keeps its operand's
# level (and takes an approximate one)
FLOAT_UNARY = {
    "neg": None, "abs": None, "relu": None, "sign": None, "sqrt": None,
    "tanh": APPROXIMATE, "exp": APPROXIMATE, "expm1": APPROXIMATE, "sigmoid": APPROXIMATE,
    "softplus": APPROXIMATE, "rsqrt": APPROXIMATE, "log1p": APPROXIMATE, "log": LOOSE,
}  # fmt: skip
TAKES_APPROXIMATE = {"neg", "abs", "relu", "sign", "sqrt", "tanh"}
INT_UNARY = ("neg", "abs", "relu", "sign")
FLOAT_BINARY = ("add", "sub", "mul", "div", "maximum", "minimum", "pow")
RELATIVE_BINARY = {"mul", "div", "maximum", "minimum"}  # take approximate operands
INT_BINARY = ("add", "sub", "mul", "maximum", "minimum")
COMPARISONS = ("eq", "ne", "lt", "le", "gt", "ge")
# reduction -> its result's level from an exact operand (None: the operand's)
REDUCTIONS = {
    "reduce_max": None, "reduce_min": None, "reduce_prod": APPROXIMATE,
    "reduce_sum": LOOSE, "reduce_mean": LOOSE, "logsumexp": LOOSE,
}  # fmt: skip
INT_REDUCTIONS = ("reduce_max", "reduce_min", "reduce_sum", "reduce_prod")


def tensor_type(shape: tuple[int, ...], element: str) -> str:
    """`shape` may hold DYNAMIC (a `?` size)."""
    sizes = "".join(f"{d}x" if d >= 0 else "?x" for d in shape)
    return f"tensor<{sizes}{element}>"


@dataclass(frozen=True)
class Value:
    name: str
    shape: tuple[int, ...]
    element: str
    level: str = EXACT
    reused: bool = True  # whether later ops may take it
    product_of: tuple[str, str] = ()  # a float matmul's operands (parameters), for its bound
    dims: tuple[int, ...] | None = None  # the sizes its type spells, DYNAMIC for `?`

    @property
    def type(self) -> str:
        return tensor_type(self.type_dims, self.element)

    @property
    def type_dims(self) -> tuple[int, ...]:
        return self.shape if self.dims is None else self.dims


@dataclass
class Function:
    name: str
    params: list[Value] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    results: list[Value] = field(default_factory=list)

    def text(self) -> str:
        params = ", ".join(f"%{p.name}: {p.type}" for p in self.params)
        types = ", ".join(r.type for r in self.results)
        names = ", ".join(f"%{r.name}" for r in self.results)
        body = "".join(f"  {line}\n" for line in self.lines)
        return (
            f"func.func @{self.name}({params}) -> ({types}) {{\n{body}"
            f"  return {names} : {types}\n}}\n"
        )


class FunctionWriter:
    def __init__(self, choices: Choices, name: str, element: str, dynamic: bool = False):
        self.choices = choices
        self.element = element
        self.dynamic = dynamic
        self.function = Function(name)
        self.values: list[Value] = []
        self.count = 0

    # -- values ------------------------------------------------------------------------

    def fresh(self, prefix: str = "v") -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def shape(self, rank: int | None = None) -> tuple[int, ...]:
        rank = self.choices.integer(0, 3) if rank is None else rank
        return tuple(self.choices.integer(1, 4) for _ in range(rank))

    def param(self, shape: tuple[int, ...], element: str | None = None) -> Value:
        """A new parameter; when `dynamic`, some of its sizes above 1 are `?` in its type
        (never a size 1, which would not broadcast once it is `?`)."""
        dims = tuple(
            DYNAMIC if self.dynamic and d > 1 and self.choices.chance(50) else d for d in shape
        )
        value = Value(self.fresh("a"), shape, element or self.element, dims=dims)
        self.function.params.append(value)
        self.values.append(value)
        return value

    def add(self, line, shape, dims, element: str, level: str, reused=True, product_of=()):
        value = Value(self.fresh(), shape, element, level, reused, product_of, dims)
        self.function.lines.append(f"%{value.name} = {line}")
        self.values.append(value)
        return value

    def pick(self, levels: tuple[str, ...] = (EXACT, APPROXIMATE), element=None) -> Value | None:
        element = element or self.element
        found = [v for v in self.values if v.level in levels and v.element == element and v.reused]
        if not found:
            return None
        # the newest values most often, so chains grow long
        return found[-1 - min(self.choices.integer(0, 6), len(found) - 1)]

    def partner(self, x: Value, levels: tuple[str, ...], *others: Value) -> Value:
        """An earlier value whose shape broadcasts with `x`'s (and those of `others`), or a
        new parameter."""
        shape = tuple(np.broadcast_shapes(x.shape, *(o.shape for o in others)))
        found = [
            v
            for v in self.values
            if v.level in levels
            and v.reused
            and v.element == x.element
            and all(broadcasts(v.shape, o.shape) for o in (x, *others))
        ]
        if found and self.choices.chance(50):
            return self.choices.pick(found)
        return self.param(self.broadcasting_shape(shape), x.element)

    def broadcasting_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        """A shape that broadcasts with `shape`: a suffix of it with some sizes 1, under
        new leading sizes now and then."""
        keep = self.choices.integer(0, len(shape))
        suffix = tuple(1 if self.choices.chance(30) else d for d in shape[len(shape) - keep :])
        lead = self.shape(self.choices.integer(0, 3 - len(shape))) if keep == len(shape) else ()
        return lead + suffix

    # -- ops ---------------------------------------------------------------------------

    def statement(self) -> None:
        kinds = [(5, self.unary), (6, self.binary), (2, self.reduction), (1, self.compare)]
        if self.element != "i32":
            kinds += [(1, self.softmax), (1, self.clamp)]
        kinds += [(1, self.argmax), (1, self.matmul)]
        self.choices.weighted(kinds)()

    def unary(self) -> None:
        if self.element == "i32":
            x, name = self.pick(), self.choices.pick(INT_UNARY)
            self.add(f"nn.{name} %{x.name} : {x.type}", x.shape, x.dims, x.element, EXACT)
            return
        name = self.choices.pick(tuple(FLOAT_UNARY))
        levels = (EXACT, APPROXIMATE) if name in TAKES_APPROXIMATE else (EXACT,)
        x = self.pick(levels)
        if x is None:
            return
        level = FLOAT_UNARY[name] or x.level
        self.add(f"nn.{name} %{x.name} : {x.type}", x.shape, x.dims, x.element, level)

    def binary(self) -> None:
        names = INT_BINARY if self.element == "i32" else FLOAT_BINARY
        name = self.choices.pick(names)
        levels = (EXACT, APPROXIMATE) if name in RELATIVE_BINARY else (EXACT,)
        x = self.pick(levels)
        if x is None:
            return
        y = self.partner(x, levels)
        if self.choices.chance(50):
            x, y = y, x
        shape, dims = tuple(np.broadcast_shapes(x.shape, y.shape)), type_dims(x, y)
        level = LOOSE if name == "pow" else _coarsest(x.level, y.level)
        types = f"({x.type}, {y.type}) -> {tensor_type(dims, x.element)}"
        self.add(f"nn.{name} %{x.name}, %{y.name} : {types}", shape, dims, x.element, level)

    def compare(self) -> None:
        """A select between two values by a comparison of exact values."""
        a = self.pick()
        b = self.partner(a, (EXACT, APPROXIMATE))
        x = self.partner(a, (EXACT,), b)
        y = self.partner(x, (EXACT,), a, b)
        shape, dims = tuple(np.broadcast_shapes(x.shape, y.shape)), type_dims(x, y)
        name = self.choices.pick(COMPARISONS)
        types = f"({x.type}, {y.type}) -> {tensor_type(dims, 'i1')}"
        line = f"nn.{name} %{x.name}, %{y.name} : {types}"
        condition = self.add(line, shape, dims, "i1", EXACT)
        result = tuple(np.broadcast_shapes(shape, a.shape, b.shape))
        dims = type_dims(condition, a, b)
        types = f"({condition.type}, {a.type}, {b.type}) -> {tensor_type(dims, a.element)}"
        line = f"nn.select %{condition.name}, %{a.name}, %{b.name} : {types}"
        self.add(line, result, dims, a.element, _coarsest(a.level, b.level))

    def clamp(self) -> None:
        x = self.pick()
        low = self.param(self.broadcasting_shape(x.shape))
        high = self.partner(low, (EXACT,), x)
        shape = tuple(np.broadcast_shapes(x.shape, low.shape, high.shape))
        dims = type_dims(x, low, high)
        types = f"({x.type}, {low.type}, {high.type}) -> {tensor_type(dims, x.element)}"
        line = f"nn.clamp %{x.name}, %{low.name}, %{high.name} : {types}"
        self.add(line, shape, dims, x.element, x.level)

    def reduction(self) -> None:
        if self.element == "i32":
            name = self.choices.pick(INT_REDUCTIONS)
        else:
            name = self.choices.pick(tuple(REDUCTIONS))
        levels = (EXACT, APPROXIMATE) if REDUCTIONS[name] in (None, APPROXIMATE) else (EXACT,)
        x = self.pick(levels)
        if x is None:
            return
        axes = [axis for axis in range(len(x.shape)) if self.choices.chance(50)]
        keepdims = self.choices.chance(40)
        shape, dims = reduced(x.shape, axes, keepdims), reduced(x.type_dims, axes, keepdims)
        level = EXACT if self.element == "i32" else REDUCTIONS[name] or x.level
        flag = " keepdims" if keepdims else ""
        line = (
            f"nn.{name} %{x.name} [{', '.join(map(str, axes))}]{flag} : ({x.type}) -> "
            f"{tensor_type(dims, x.element)}"
        )
        self.add(line, shape, dims, x.element, level)

    def argmax(self) -> None:
        x = self.pick((EXACT,))
        if x is None or not x.shape:
            return
        axis = self.choices.integer(0, len(x.shape) - 1)
        keepdims = self.choices.chance(40)
        shape, dims = reduced(x.shape, [axis], keepdims), reduced(x.type_dims, [axis], keepdims)
        flag = " keepdims" if keepdims else ""
        types = f"({x.type}) -> {tensor_type(dims, 'i64')}"
        line = f"nn.argmax %{x.name} axis {axis}{flag} : {types}"
        self.add(line, shape, dims, "i64", EXACT)

    def matmul(self) -> None:
        """A product of two new parameters (batched when rank 3, transposed now and then).
        Integer products wrap and are exact; float ones are returned only, checked against
        the dot-product bound of their operands (see test_nn_hypothesis.py)."""
        batch = self.shape(self.choices.integer(0, 1))
        m, k, n = self.shape(3)
        flags = [f for f in ("transpose_a", "transpose_b") if self.choices.chance(25)]
        a = self.param(batch + ((k, m) if "transpose_a" in flags else (m, k)))
        b = self.param((n, k) if "transpose_b" in flags else (k, n))
        shape = batch + (m, n)
        rows = a.type_dims[-1] if "transpose_a" in flags else a.type_dims[-2]
        columns = b.type_dims[-2] if "transpose_b" in flags else b.type_dims[-1]
        dims = a.type_dims[:-2] + (rows, columns)
        types = f"({a.type}, {b.type}) -> {tensor_type(dims, a.element)}"
        line = f"nn.matmul %{a.name}, %{b.name}{''.join(' ' + f for f in flags)} : {types}"
        if self.element == "i32":
            self.add(line, shape, dims, a.element, EXACT)
        else:
            product = (a.name, b.name, *flags)
            self.add(line, shape, dims, a.element, PRODUCT, False, product)

    def softmax(self) -> None:
        x = self.pick((EXACT,))
        if x is None or not x.shape:
            return
        name = self.choices.pick(("softmax", "log_softmax"))
        axis = self.choices.integer(0, len(x.shape) - 1)
        level = APPROXIMATE if name == "softmax" else LOOSE
        line = f"nn.{name} %{x.name} axis {axis} : {x.type}"
        self.add(line, x.shape, x.dims, x.element, level)


def type_dims(*values: Value) -> tuple[int, ...]:
    """The sizes nn infers for an elementwise op over `values` (a `?` against n > 1 is n)."""
    return broadcast_shapes(*(v.type_dims for v in values))


def broadcasts(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return all(x == y or 1 in (x, y) for x, y in zip(reversed(a), reversed(b), strict=False))


def reduced(shape: tuple[int, ...], axes: list[int], keepdims: bool) -> tuple[int, ...]:
    if keepdims:
        return tuple(1 if axis in axes else d for axis, d in enumerate(shape))
    return tuple(d for axis, d in enumerate(shape) if axis not in axes)


def _coarsest(*levels: str) -> str:
    order = (EXACT, APPROXIMATE, LOOSE)
    return max(levels, key=order.index)


def write_function(choices: Choices, name: str, dynamic: bool = False) -> Function:
    """A random function; when `dynamic`, some parameter sizes are `?`."""
    element = choices.weighted([(6, "f32"), (2, "f64"), (2, "i32")])
    writer = FunctionWriter(choices, name, element, dynamic)
    writer.param(writer.shape())
    for _ in range(choices.integer(1, 10)):
        writer.statement()
    function = writer.function
    made = [v for v in writer.values if v not in function.params]
    if not made:
        x = function.params[0]
        made = [writer.add(f"nn.neg %{x.name} : {x.type}", x.shape, x.dims, element, EXACT)]
    function.results = [made[-1]] + [v for v in made[:-1] if choices.chance(25)]
    return function


# -- inputs ---------------------------------------------------------------------------------------

SIMPLE = np.array([0.0, -0.0, 1.0, -1.0, 0.5, 2.0, -2.5, 3.0])
# No huge finite values: a sum of 1e30, 1 and -1e30 depends on the order of its terms.
SPECIAL = np.array([np.inf, -np.inf, np.nan])


def input_array(rng: np.random.Generator, value: Value, specials: bool) -> np.ndarray:
    """Eighths in [-8, 8] and simple values (ties for max, argmax and comparisons), with
    infinities and NaN when `specials`; integers small or anything."""
    dtype = DTYPES[value.element]
    if value.element == "i32":
        if rng.random() < 0.5:
            return rng.integers(-5, 6, value.shape).astype(dtype)
        return rng.integers(-(2**31), 2**31, value.shape).astype(dtype)
    x = np.asarray(rng.integers(-64, 65, value.shape) / 8.0)
    mask = rng.random(value.shape) < 0.3
    x = np.where(mask, rng.choice(SIMPLE, value.shape), x)
    if specials:
        mask = rng.random(value.shape) < 0.15
        x = np.where(mask, rng.choice(SPECIAL, value.shape), x)
    return np.asarray(x).astype(dtype)


@st.composite
def functions(draw, name: str = "f", dynamic: bool = False) -> Function:
    return write_function(HypothesisChoices(draw), name, dynamic)


@st.composite
def modules(draw, count: int = 4, dynamic: bool = False) -> list[Function]:
    """`count` functions (`@f0`...), compiled together."""
    return [draw(functions(f"f{index}", dynamic)) for index in range(count)]


def inputs(function: Function, seed: int, specials: bool) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [input_array(rng, p, specials) for p in function.params]
