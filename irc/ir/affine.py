"""Affine expressions and maps, as in MLIR's `affine_map<(d0, d1)[s0] -> (d0 + s0, d1)>`.

Expressions are small immutable trees. Construction applies the simplifications MLIR
applies when it builds expressions (constants folded and moved to the right of `+` and
`*`), so that text MLIR prints and text irc prints agree.
"""

from __future__ import annotations

from dataclasses import dataclass


class AffineExpr:
    """Base of affine expressions; operators build simplified expressions."""

    __slots__ = ()

    def __add__(self, other: AffineExpr | int) -> AffineExpr:
        return binary("+", self, as_expr(other))

    def __mul__(self, other: AffineExpr | int) -> AffineExpr:
        return binary("*", self, as_expr(other))

    def __neg__(self) -> AffineExpr:
        return binary("*", self, Constant(-1))

    def __sub__(self, other: AffineExpr | int) -> AffineExpr:
        return self + (-as_expr(other))


@dataclass(frozen=True, slots=True)
class Dim(AffineExpr):
    position: int


@dataclass(frozen=True, slots=True)
class Symbol(AffineExpr):
    position: int


@dataclass(frozen=True, slots=True)
class Constant(AffineExpr):
    value: int


@dataclass(frozen=True, slots=True)
class Binary(AffineExpr):
    """`lhs kind rhs` with kind one of + * mod floordiv ceildiv."""

    kind: str
    lhs: AffineExpr
    rhs: AffineExpr


def as_expr(value: AffineExpr | int) -> AffineExpr:
    return Constant(value) if isinstance(value, int) else value


def _floordiv(a: int, b: int) -> int:
    return a // b


def _ceildiv(a: int, b: int) -> int:
    return -((-a) // b)


_FOLD = {
    "+": lambda a, b: a + b,
    "*": lambda a, b: a * b,
    "mod": lambda a, b: a % b,
    "floordiv": _floordiv,
    "ceildiv": _ceildiv,
}


def binary(kind: str, lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr:
    """Build `lhs kind rhs`, folding constants and putting a constant operand on the right."""
    if isinstance(lhs, Constant) and isinstance(rhs, Constant):
        if kind in ("mod", "floordiv", "ceildiv") and rhs.value <= 0:
            return Binary(kind, lhs, rhs)
        return Constant(_FOLD[kind](lhs.value, rhs.value))
    if kind in ("+", "*") and isinstance(lhs, Constant):
        lhs, rhs = rhs, lhs
    if isinstance(rhs, Constant):
        if kind == "+" and rhs.value == 0:
            return lhs
        if kind in ("*", "floordiv", "ceildiv") and rhs.value == 1:
            return lhs
        if kind == "*" and rhs.value == 0:
            return rhs
    return Binary(kind, lhs, rhs)


@dataclass(frozen=True, slots=True)
class AffineMap:
    """`(d0, ..)[s0, ..] -> (results)`: `num_dims` dims, `num_symbols` symbols."""

    num_dims: int
    num_symbols: int
    results: tuple[AffineExpr, ...]

    @staticmethod
    def identity(rank: int) -> AffineMap:
        return AffineMap(rank, 0, tuple(Dim(i) for i in range(rank)))

    @property
    def is_identity(self) -> bool:
        return self.num_symbols == 0 and self.results == tuple(Dim(i) for i in range(self.num_dims))

    def evaluate(self, dims: list[int], symbols: list[int] = ()) -> tuple[int, ...]:
        return tuple(evaluate(r, dims, symbols) for r in self.results)


def evaluate(expr: AffineExpr, dims, symbols) -> int:
    if isinstance(expr, Dim):
        return dims[expr.position]
    if isinstance(expr, Symbol):
        return symbols[expr.position]
    if isinstance(expr, Constant):
        return expr.value
    return _FOLD[expr.kind](evaluate(expr.lhs, dims, symbols), evaluate(expr.rhs, dims, symbols))


def expr_text(expr: AffineExpr) -> str:
    """MLIR's spelling: `d0 * 2 + s0`, `d0 - d1`, `-d0`, `(d0 + 1) floordiv 2`."""
    return _text(expr, enclosed=False)


def _text(expr: AffineExpr, enclosed: bool) -> str:
    if isinstance(expr, Dim):
        return f"d{expr.position}"
    if isinstance(expr, Symbol):
        return f"s{expr.position}"
    if isinstance(expr, Constant):
        return str(expr.value)
    text = _binary_text(expr)
    return f"({text})" if enclosed else text


def _binary_text(expr: Binary) -> str:
    lhs, rhs = expr.lhs, expr.rhs
    if expr.kind == "*":
        if isinstance(rhs, Constant) and rhs.value == -1:
            return f"-{_text(lhs, True)}"
        return f"{_text(lhs, True)} * {_text(rhs, True)}"
    if expr.kind == "+":
        negated = _negated_term(rhs)
        if negated is not None:
            return f"{_text(lhs, False)} - {_text(negated, True)}"
        return f"{_text(lhs, False)} + {_text(rhs, False)}"
    return f"{_text(lhs, True)} {expr.kind} {_text(rhs, True)}"


def _negated_term(expr: AffineExpr) -> AffineExpr | None:
    """For `x * -c` return `x * c` (or `x`), so `a + x * -c` prints as `a - x * c`."""
    if isinstance(expr, Constant) and expr.value < 0:
        return Constant(-expr.value)
    if (
        isinstance(expr, Binary)
        and expr.kind == "*"
        and isinstance(expr.rhs, Constant)
        and expr.rhs.value < 0
    ):
        if expr.rhs.value == -1:
            return expr.lhs
        return Binary("*", expr.lhs, Constant(-expr.rhs.value))
    return None


def map_text(amap: AffineMap) -> str:
    dims = ", ".join(f"d{i}" for i in range(amap.num_dims))
    syms = ", ".join(f"s{i}" for i in range(amap.num_symbols))
    head = f"({dims})" + (f"[{syms}]" if amap.num_symbols else "")
    return f"{head} -> ({', '.join(expr_text(r) for r in amap.results)})"
