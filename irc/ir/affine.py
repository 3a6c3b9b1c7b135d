"""Affine expressions and maps, as in MLIR's `affine_map<(d0, d1)[s0] -> (d0 + s0, d1)>`.

Expressions are small immutable trees. Construction applies the simplifications MLIR
applies when it builds expressions (constants folded and moved to the right of `+` and
`*`), so that text MLIR prints and text irc prints agree.
"""

from __future__ import annotations

import math
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
    """Build `lhs kind rhs`, simplified exactly as MLIR's AffineExpr operators do
    (simplifyAdd, simplifyMul, simplifyFloorDiv, simplifyCeilDiv, simplifyMod in
    mlir/lib/IR/AffineExpr.cpp), so that maps print as MLIR prints them."""
    simplified = _SIMPLIFY[kind](lhs, rhs)
    if simplified is not None:
        return simplified
    if (
        kind in ("+", "*")
        and isinstance(lhs, (Dim, Symbol))
        and isinstance(rhs, (Dim, Symbol))
        and _order_key(rhs) < _order_key(lhs)
    ):
        lhs, rhs = rhs, lhs  # d1 + d0 -> d0 + d1, s1 * s0 -> s0 * s1 (LLVM PR 146895)
    return Binary(kind, lhs, rhs)


def _order_key(expr: Dim | Symbol) -> tuple[int, int]:
    """Dims before symbols, each by position."""
    return (0 if isinstance(expr, Dim) else 1, expr.position)


def is_symbolic_or_constant(expr: AffineExpr) -> bool:
    if isinstance(expr, Dim):
        return False
    if isinstance(expr, Binary):
        return is_symbolic_or_constant(expr.lhs) and is_symbolic_or_constant(expr.rhs)
    return True


def largest_known_divisor(expr: AffineExpr) -> int:
    if isinstance(expr, (Dim, Symbol)):
        return 1
    if isinstance(expr, Constant):
        return abs(expr.value)
    if expr.kind in ("floordiv", "ceildiv"):
        if isinstance(expr.rhs, Constant) and expr.rhs.value != 0:
            lhs_divisor = largest_known_divisor(expr.lhs)
            if _c_rem(lhs_divisor, expr.rhs.value) == 0:
                return _c_div(lhs_divisor, expr.rhs.value)
        return 1
    if expr.kind == "*":
        return largest_known_divisor(expr.lhs) * largest_known_divisor(expr.rhs)
    return math.gcd(largest_known_divisor(expr.lhs), largest_known_divisor(expr.rhs))


def _c_rem(a: int, b: int) -> int:
    """C's `%` (the sign of the dividend), as MLIR's simplifications use it."""
    return a - b * _c_div(a, b)


def _c_div(a: int, b: int) -> int:
    quotient = abs(a) // abs(b)
    return quotient if (a < 0) == (b < 0) else -quotient


def _simplify_add(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr | None:
    lhs_const = lhs.value if isinstance(lhs, Constant) else None
    rhs_const = rhs.value if isinstance(rhs, Constant) else None
    if lhs_const is not None and rhs_const is not None:
        return Constant(lhs_const + rhs_const)
    if lhs_const is not None or (is_symbolic_or_constant(lhs) and not is_symbolic_or_constant(rhs)):
        return binary("+", rhs, lhs)
    if rhs_const == 0:
        return lhs
    l_bin = lhs if isinstance(lhs, Binary) else None
    if l_bin is not None and rhs_const is not None and l_bin.kind == "+":
        if isinstance(l_bin.rhs, Constant):
            return binary("+", l_bin.lhs, Constant(l_bin.rhs.value + rhs_const))
    # c1 * e + c2 * e -> (c1 + c2) * e
    if l_bin is not None and l_bin.kind == "*" and isinstance(l_bin.rhs, Constant):
        first, first_const = l_bin.lhs, l_bin.rhs.value
    else:
        first, first_const = lhs, 1
    r_bin = rhs if isinstance(rhs, Binary) else None
    if r_bin is not None and r_bin.kind == "*" and isinstance(r_bin.rhs, Constant):
        second, second_const = r_bin.lhs, r_bin.rhs.value
    else:
        second, second_const = rhs, 1
    if first == second:
        return binary("*", first, Constant(first_const + second_const))
    # (e + c) + f -> (e + f) + c
    if l_bin is not None and l_bin.kind == "+" and isinstance(l_bin.rhs, Constant):
        return binary("+", binary("+", l_bin.lhs, rhs), l_bin.rhs)
    # e - q * (e floordiv q) -> e mod q
    if r_bin is None:
        return None
    lrhs, rrhs = r_bin.lhs, r_bin.rhs
    if (
        isinstance(rrhs, Constant)
        and rrhs.value == -1
        and isinstance(lrhs, Binary)
        and lrhs.kind == "*"
    ):
        llrhs, rlrhs = lrhs.lhs, lrhs.rhs
        if not (isinstance(llrhs, Binary) and llrhs.kind == "floordiv"):
            return None
        if llrhs.rhs == rlrhs and lhs == llrhs.lhs:
            return binary("mod", lhs, rlrhs)
    # e + (e floordiv c) * -c -> e mod c, for c > 0 only
    if not (r_bin.kind == "*" and isinstance(lrhs, Binary) and lrhs.kind == "floordiv"):
        return None
    positive = isinstance(lrhs.rhs, Constant) and lrhs.rhs.value > 0
    if positive and lhs == lrhs.lhs and lrhs.rhs == binary("*", rrhs, Constant(-1)):
        return binary("mod", lhs, lrhs.rhs)
    # (a + b) + (e floordiv c) * k -> a + (b + (e floordiv c) * k) when the inner sum
    # simplifies, e.g. (a + e) + (e floordiv c) * -c -> a + e mod c (LLVM PR 146492)
    if l_bin is not None and l_bin.kind == "+":
        inner = _simplify_add(l_bin.rhs, rhs)
        if inner is not None:
            return binary("+", l_bin.lhs, inner)
    return None


def _simplify_mul(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr | None:
    if isinstance(lhs, Constant) and isinstance(rhs, Constant):
        return Constant(lhs.value * rhs.value)
    if not is_symbolic_or_constant(rhs) or isinstance(lhs, Constant):
        if not is_symbolic_or_constant(lhs):
            return None  # not affine (MLIR asserts); kept as written
        return binary("*", rhs, lhs)
    if isinstance(rhs, Constant):
        if rhs.value == 1:
            return lhs
        if rhs.value == 0:
            return rhs
    if isinstance(lhs, Binary) and lhs.kind == "*" and isinstance(lhs.rhs, Constant):
        if isinstance(rhs, Constant):
            return binary("*", lhs.lhs, Constant(lhs.rhs.value * rhs.value))
        return binary("*", binary("*", lhs.lhs, rhs), lhs.rhs)
    return None


def _simplify_floordiv(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr | None:
    if isinstance(rhs, Constant) and rhs.value == 0:
        return None  # undefined: kept as written
    if lhs == rhs:
        return Constant(1)
    if not isinstance(rhs, Constant):
        return None
    divisor = rhs.value
    if isinstance(lhs, Constant):
        return Constant(lhs.value // divisor)
    if divisor == 1:
        return lhs
    if isinstance(lhs, Binary) and lhs.kind == "*" and isinstance(lhs.rhs, Constant):
        if _c_rem(lhs.rhs.value, divisor) == 0:
            return binary("*", lhs.lhs, Constant(_c_div(lhs.rhs.value, divisor)))
    if isinstance(lhs, Binary) and lhs.kind == "+":
        if (
            _c_rem(largest_known_divisor(lhs.lhs), divisor) == 0
            or _c_rem(largest_known_divisor(lhs.rhs), divisor) == 0
        ):
            return binary("+", binary("floordiv", lhs.lhs, rhs), binary("floordiv", lhs.rhs, rhs))
    return None


def _simplify_ceildiv(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr | None:
    if isinstance(rhs, Constant) and rhs.value == 0:
        return None  # undefined: kept as written
    if lhs == rhs:
        return Constant(1)
    if not isinstance(rhs, Constant):
        return None
    divisor = rhs.value
    if isinstance(lhs, Constant):
        return Constant(-((-lhs.value) // divisor))
    if divisor == 1:
        return lhs
    if isinstance(lhs, Binary) and lhs.kind == "*" and isinstance(lhs.rhs, Constant):
        if _c_rem(lhs.rhs.value, divisor) == 0:
            return binary("*", lhs.lhs, Constant(_c_div(lhs.rhs.value, divisor)))
    return None


def _simplify_mod(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr | None:
    if isinstance(rhs, Constant) and rhs.value < 1:
        return None  # undefined: kept as written
    if lhs == rhs:
        return Constant(0)
    if not isinstance(rhs, Constant):
        return None
    divisor = rhs.value
    if isinstance(lhs, Constant):
        return Constant(lhs.value % divisor)
    if _c_rem(largest_known_divisor(lhs), divisor) == 0:
        return Constant(0)
    if isinstance(lhs, Binary) and lhs.kind == "+":
        if _c_rem(largest_known_divisor(lhs.lhs), divisor) == 0:
            return binary("mod", lhs.rhs, rhs)
        if _c_rem(largest_known_divisor(lhs.rhs), divisor) == 0:
            return binary("mod", lhs.lhs, rhs)
    if isinstance(lhs, Binary) and lhs.kind == "mod" and isinstance(lhs.rhs, Constant):
        if lhs.rhs.value >= 1 and lhs.rhs.value % divisor == 0:
            return binary("mod", lhs.lhs, rhs)
    return None


_SIMPLIFY = {
    "+": _simplify_add,
    "*": _simplify_mul,
    "floordiv": _simplify_floordiv,
    "ceildiv": _simplify_ceildiv,
    "mod": _simplify_mod,
}


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
    return _text(expr, strong=False)


def _text(expr: AffineExpr, strong: bool) -> str:
    """MLIR's AsmPrinter::printAffineExprInternal; `strong`: the context binds tightly."""
    if isinstance(expr, Dim):
        return f"d{expr.position}"
    if isinstance(expr, Symbol):
        return f"s{expr.position}"
    if isinstance(expr, Constant):
        return str(expr.value)
    lhs, rhs = expr.lhs, expr.rhs
    if expr.kind != "+":
        if expr.kind == "*" and isinstance(rhs, Constant) and rhs.value == -1:
            text = f"-{_text(lhs, True)}"
        else:
            text = f"{_text(lhs, True)} {expr.kind} {_text(rhs, True)}"
    elif isinstance(rhs, Binary) and rhs.kind == "*" and _is_negative(rhs.rhs):
        factor = rhs.rhs.value
        if factor == -1:  # a - b, b in parentheses only when it is a sum
            inner = rhs.lhs
            sum_inside = isinstance(inner, Binary) and inner.kind == "+"
            text = f"{_text(lhs, False)} - {_text(inner, sum_inside)}"
        else:
            text = f"{_text(lhs, False)} - {_text(rhs.lhs, True)} * {-factor}"
    elif _is_negative(rhs):
        text = f"{_text(lhs, False)} - {-rhs.value}"
    else:
        text = f"{_text(lhs, False)} + {_text(rhs, False)}"
    return f"({text})" if strong else text


def _is_negative(expr: AffineExpr) -> bool:
    return isinstance(expr, Constant) and expr.value < 0


def map_text(amap: AffineMap) -> str:
    dims = ", ".join(f"d{i}" for i in range(amap.num_dims))
    syms = ", ".join(f"s{i}" for i in range(amap.num_symbols))
    head = f"({dims})" + (f"[{syms}]" if amap.num_symbols else "")
    return f"{head} -> ({', '.join(expr_text(r) for r in amap.results)})"
