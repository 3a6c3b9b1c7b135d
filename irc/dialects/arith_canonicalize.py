"""Canonicalization patterns of the arith dialect: MLIR's, one rule per identity.

`PATTERNS` lists them in the order MLIR registers them (ArithCanonicalization.td and
ArithOps.cpp, as shipped in iree-base-compiler 3.13); each rule's benefit is the number
of ops it matches, as in MLIR's DRR, so the order among a root's rules is MLIR's too.
The folds (`x + 0 -> x`, constant folding) are in arith_folds.py; these are the rewrites
that build new ops. Constants are matched as MLIR's DRR does: `c` stands for a scalar
integer constant (APIntAttr), so vectors of constants are left to the folders.

The rewrites run with the insertion point before the matched op and its location; they
create ops in the order MLIR's generated code does (operands before their users), which
keeps the order of hoisted constants equal to MLIR's.
"""

from __future__ import annotations

import math

from irc.dialects import arith
from irc.dialects.arith_folds import _elements, _round_int, _splat, _width, _zero
from irc.dialects.constraints import scalar_of, with_element
from irc.ir import attributes as A
from irc.ir import types as T
from irc.passes.rewrite import Const, P, Var, constant_value, pattern, rule

x, y, a, b, c = Var("x"), Var("y"), Var("a"), Var("b"), Var("c")
pred = Var("pred")


def _is_int(attr) -> bool:
    return isinstance(attr, A.IntegerAttr)


def _is_all_ones(attr) -> bool:
    value = _splat(attr) if isinstance(attr, (A.IntegerAttr, A.DenseElementsAttr)) else None
    return isinstance(value, int) and value == (1 << _width(scalar_of(attr.type))) - 1


def _is_splat_one(attr) -> bool:
    value = _splat(attr) if isinstance(attr, (A.IntegerAttr, A.DenseElementsAttr)) else None
    return isinstance(value, int) and value == 1


def _bool(value: int):
    return lambda attr: (
        isinstance(attr, A.IntegerAttr) and attr.type is T.I1 and attr.value == value
    )


c0 = Const("c0", _is_int, "an integer constant")
c1 = Const("c1", _is_int, "an integer constant")
minus_one = Const("minus_one", _is_all_ones, "-1 (all ones)")
ones = Const("ones", lambda attr: _is_int(attr) and _is_all_ones(attr), "all ones")
one = Const("one", _is_splat_one, "1")
true = Const("true", _bool(1), "true")
false = Const("false", _bool(0), "false")


# -- rewrite helpers --------------------------------------------------------------------------


def _type(m):
    return m.op.results[0].type


def _constant(rewriter, value: int, t: T.Type):
    return rewriter.constant(A.IntegerAttr(value, t), t)


def _flags(*ops) -> arith.OverflowAttr:
    """MLIR's mergeOverflowFlags: only the promises both ops make."""
    bits = -1
    for op in ops:
        bits &= op.properties.get("overflowFlags", arith.OVERFLOW_NONE).bits
    return arith.OverflowAttr(bits)


def _create(rewriter, op_class, operands, t, properties=None):
    return rewriter.create(op_class, operands, [t], properties).results[0]


def _with_constant(op_class, calc, constant_first: bool = False, merge: bool = True):
    """A rewrite to `op_class(x, calc(c0, c1))` (or with the constant first); the overflow
    flags are those both matched ops promise, or none when `merge` is False."""

    def rewrite(rewriter, m):
        t = _type(m)
        value = _constant(rewriter, calc(m.c0.value, m.c1.value), t)
        operands = [value, m.x] if constant_first else [m.x, value]
        flags = _flags(m.inner, m.op) if merge else arith.OVERFLOW_NONE
        return _create(rewriter, op_class, operands, t, {"overflowFlags": flags})

    return rewrite


def _add(p, q):
    return p + q


def _sub(p, q):
    return p - q


def _sub_reversed(p, q):
    return q - p


def _mul(p, q):
    return p * q


# -- addi, subi, muli -------------------------------------------------------------------------


def _neg_one_rhs(rewriter, m):
    return _create(rewriter, arith.SubIOp, [m.x, m.y], _type(m))


def _neg_one_lhs(rewriter, m):
    return _create(rewriter, arith.SubIOp, [m.y, m.x], _type(m))


def _zero_minus_y(rewriter, m):
    zero = rewriter.constant(_zero(m.y.type), m.y.type)
    if zero is None:
        return None
    flags = _flags(m.inner, m.op)
    return _create(rewriter, arith.SubIOp, [zero, m.y], _type(m), {"overflowFlags": flags})


_INNER_ADD = P(arith.AddIOp, x, c0, name="inner")
_INNER_SUB_RHS = P(arith.SubIOp, x, c0, name="inner")
_INNER_SUB_LHS = P(arith.SubIOp, c0, x, name="inner")

ADDI = [
    # addi(addi(x, c0), c1) -> addi(x, c0 + c1)
    rule("AddIAddConstant", P(arith.AddIOp, _INNER_ADD, c1), _with_constant(arith.AddIOp, _add)),
    # addi(subi(x, c0), c1) -> addi(x, c1 - c0)
    rule(
        "AddISubConstantRHS",
        P(arith.AddIOp, _INNER_SUB_RHS, c1),
        _with_constant(arith.AddIOp, _sub_reversed),
    ),
    # addi(subi(c0, x), c1) -> subi(c0 + c1, x)
    rule(
        "AddISubConstantLHS",
        P(arith.AddIOp, _INNER_SUB_LHS, c1),
        _with_constant(arith.SubIOp, _add, constant_first=True),
    ),
    # addi(x, muli(y, -1)) -> subi(x, y)
    rule("AddIMulNegativeOneRhs", P(arith.AddIOp, x, P(arith.MulIOp, y, minus_one)), _neg_one_rhs),
    # addi(muli(x, -1), y) -> subi(y, x)
    rule("AddIMulNegativeOneLhs", P(arith.AddIOp, P(arith.MulIOp, x, minus_one), y), _neg_one_lhs),
]

SUBI = [
    # subi(addi(x, c0), c1) -> addi(x, c0 - c1)   (MLIR drops the overflow flags)
    rule(
        "SubIRHSAddConstant",
        P(arith.SubIOp, _INNER_ADD, c1),
        _with_constant(arith.AddIOp, _sub, merge=False),
    ),
    # subi(c1, addi(x, c0)) -> subi(c1 - c0, x)
    rule(
        "SubILHSAddConstant",
        P(arith.SubIOp, c1, _INNER_ADD),
        _with_constant(arith.SubIOp, _sub_reversed, constant_first=True),
    ),
    # subi(subi(x, c0), c1) -> subi(x, c0 + c1)
    rule(
        "SubIRHSSubConstantRHS",
        P(arith.SubIOp, _INNER_SUB_RHS, c1),
        _with_constant(arith.SubIOp, _add),
    ),
    # subi(subi(c0, x), c1) -> subi(c0 - c1, x)
    rule(
        "SubIRHSSubConstantLHS",
        P(arith.SubIOp, _INNER_SUB_LHS, c1),
        _with_constant(arith.SubIOp, _sub, constant_first=True),
    ),
    # subi(c1, subi(x, c0)) -> subi(c0 + c1, x)
    rule(
        "SubILHSSubConstantRHS",
        P(arith.SubIOp, c1, _INNER_SUB_RHS),
        _with_constant(arith.SubIOp, _add, constant_first=True),
    ),
    # subi(c1, subi(c0, x)) -> addi(x, c1 - c0)
    rule(
        "SubILHSSubConstantLHS",
        P(arith.SubIOp, c1, _INNER_SUB_LHS),
        _with_constant(arith.AddIOp, _sub_reversed),
    ),
    # subi(subi(a, b), a) -> subi(0, b)
    rule(
        "SubISubILHSRHSLHS",
        P(arith.SubIOp, P(arith.SubIOp, x, y, name="inner"), x),
        _zero_minus_y,
    ),
]

MULI = [
    # muli(muli(x, c0), c1) -> muli(x, c0 * c1)
    rule(
        "MulIMulIConstant",
        P(arith.MulIOp, P(arith.MulIOp, x, c0, name="inner"), c1),
        _with_constant(arith.MulIOp, _mul),
    ),
]


# -- extended arithmetic ----------------------------------------------------------------------


def _second_result_unused(op) -> bool:
    return not op.results[1].uses


def _to_low_part(op_class):
    """[op_class(x, y), x]: the second result is unused, any value will do."""

    def rewrite(rewriter, m):
        low = _create(rewriter, op_class, [m.x, m.y], m.op.results[0].type)
        return [low, m.x]

    return rewrite


def _mulsi_by_one(rewriter, m):
    """mulsi_extended(x, 1) -> [x, extsi(cmpi slt, x, 0)]"""
    t = m.x.type
    zero = rewriter.constant(_zero(t), t)
    slt = A.IntegerAttr(arith.CMPI_PREDICATES.index("slt"), T.I64)
    negative = rewriter.create(
        arith.CmpIOp, [m.x, zero], [with_element(t, T.I1)], {"predicate": slt}
    ).results[0]
    high = _create(rewriter, arith.ExtSIOp, [negative], m.op.results[1].type)
    return [m.x, high]


_UNUSED_HIGH = {"where": _second_result_unused, "description": "with its second result unused"}

EXTENDED = [
    # addui_extended(x, y) -> [addi(x, y), x] when the overflow result is unused
    rule(
        "AddUIExtendedToAddI",
        P(arith.AddUIExtendedOp, x, y, **_UNUSED_HIGH),
        _to_low_part(arith.AddIOp),
    ),
    # mulsi_extended(x, y) -> [muli(x, y), x] when the high result is unused
    rule(
        "MulSIExtendedToMulI",
        P(arith.MulSIExtendedOp, x, y, **_UNUSED_HIGH),
        _to_low_part(arith.MulIOp),
    ),
    # mulsi_extended(x, 1) -> [x, extsi(cmpi slt, x, 0)]
    rule("MulSIExtendedRHSOne", P(arith.MulSIExtendedOp, x, one), _mulsi_by_one),
    # mului_extended(x, y) -> [muli(x, y), x] when the high result is unused
    rule(
        "MulUIExtendedToMulI",
        P(arith.MulUIExtendedOp, x, y, **_UNUSED_HIGH),
        _to_low_part(arith.MulIOp),
    ),
]


# -- bitwise ops of extensions, not of a comparison -------------------------------------------

_INVERTED = {
    "eq": "ne",
    "ne": "eq",
    "slt": "sge",
    "sge": "slt",
    "sle": "sgt",
    "sgt": "sle",
    "ult": "uge",
    "uge": "ult",
    "ule": "ugt",
    "ugt": "ule",
}


def _inverted_compare(rewriter, m):
    names = arith.CMPI_PREDICATES
    inverted = names.index(_INVERTED[names[m.compare.properties["predicate"].value]])
    predicate = {"predicate": A.IntegerAttr(inverted, T.I64)}
    return _create(rewriter, arith.CmpIOp, [m.a, m.b], _type(m), predicate)


def _of_extensions(logic_op, ext_op):
    """logic(ext(x), ext(y)) -> ext(logic(x, y)) when x and y have one type."""

    def rewrite(rewriter, m):
        if m.x.type is not m.y.type:
            return None
        inner = _create(rewriter, logic_op, [m.x, m.y], m.x.type)
        return _create(rewriter, ext_op, [inner], _type(m))

    return rewrite


def _logic_of_ext(name: str, logic_op, ext_op):
    return rule(
        name,
        P(logic_op, P(ext_op, x), P(ext_op, y)),
        _of_extensions(logic_op, ext_op),
    )


def _and(p, q):
    return p & q


def _or(p, q):
    return p | q


def _xor(p, q):
    return p ^ q


def _bitwise_of_constants(name: str, op_class, calc):
    """op(op(x, c0), c1) -> op(x, calc(c0, c1)) for andi, ori and xori."""

    def rewrite(rewriter, m):
        t = _type(m)
        value = _constant(rewriter, calc(m.c0.value, m.c1.value), t)
        return _create(rewriter, op_class, [m.x, value], t)

    return rule(name, P(op_class, P(op_class, x, c0, name="inner"), c1), rewrite)


BITWISE = [
    # andi(andi(x, c0), c1) -> andi(x, c0 & c1)
    _bitwise_of_constants("AndIAndIConstant", arith.AndIOp, _and),
    # ori(ori(x, c0), c1) -> ori(x, c0 | c1)
    _bitwise_of_constants("OrIOrIConstant", arith.OrIOp, _or),
    # xori(xori(x, c0), c1) -> xori(x, c0 ^ c1)
    _bitwise_of_constants("XOrIXOrIConstant", arith.XOrIOp, _xor),
    # xori(cmpi(pred, a, b), true) -> cmpi(not pred, a, b)
    rule(
        "XOrINotCmpI",
        P(arith.XOrIOp, P(arith.CmpIOp, a, b, name="compare"), true),
        _inverted_compare,
    ),
    # xori(extui(x), extui(y)) -> extui(xori(x, y))
    _logic_of_ext("XOrIOfExtUI", arith.XOrIOp, arith.ExtUIOp),
    # xori(extsi(x), extsi(y)) -> extsi(xori(x, y))
    _logic_of_ext("XOrIOfExtSI", arith.XOrIOp, arith.ExtSIOp),
    # andi(extui(x), extui(y)) -> extui(andi(x, y))
    _logic_of_ext("AndOfExtUI", arith.AndIOp, arith.ExtUIOp),
    # andi(extsi(x), extsi(y)) -> extsi(andi(x, y))
    _logic_of_ext("AndOfExtSI", arith.AndIOp, arith.ExtSIOp),
    # ori(extui(x), extui(y)) -> extui(ori(x, y))
    _logic_of_ext("OrOfExtUI", arith.OrIOp, arith.ExtUIOp),
    # ori(extsi(x), extsi(y)) -> extsi(ori(x, y))
    _logic_of_ext("OrOfExtSI", arith.OrIOp, arith.ExtSIOp),
]


# -- comparisons ------------------------------------------------------------------------------


def _equality(op) -> bool:
    return arith.CMPI_PREDICATES[op.properties["predicate"].value] in ("eq", "ne")


def _compare_sources(rewriter, m):
    if m.a.type is not m.b.type:
        return None
    predicate = {"predicate": m.op.properties["predicate"]}
    return _create(rewriter, arith.CmpIOp, [m.a, m.b], _type(m), predicate)


# cmpf(sitofp(x) or uitofp(x), c) -> cmpi(x, int(c)) or a constant, when the conversion
# is exact enough not to change the answer (MLIR's CmpFIntToFPConst).
_FLOAT_TO_INT_PREDICATE = {
    "ueq": "eq",
    "oeq": "eq",
    "ugt": "gt",
    "ogt": "gt",
    "uge": "ge",
    "oge": "ge",
    "ult": "lt",
    "olt": "lt",
    "ule": "le",
    "ole": "le",
    "une": "ne",
    "one": "ne",
}
_LARGEST_EXPONENT = {"f16": 15, "bf16": 127, "f32": 127, "f64": 1023}


def _ilogb(value: float) -> int | None:
    """APFloat's ilogb: the unbiased exponent; None for zero, inf for infinities."""
    if value == 0:
        return None
    if math.isinf(value):
        return math.inf
    return math.frexp(value)[1] - 1


def _conversion_may_matter(rhs: float, float_type, int_width: int, value_bits: int) -> bool:
    """Whether rounding an integer of `int_width` bits to `float_type` can change the
    comparison with `rhs`."""
    mantissa = float_type.precision
    if int_width <= mantissa:
        return False
    exponent = _ilogb(rhs)
    if exponent == math.inf:
        return _LARGEST_EXPONENT[float_type.name] < value_bits
    return exponent is not None and mantissa <= exponent <= value_bits


def _constant_compare(rewriter, op, value: bool) -> bool:
    result = rewriter.create(arith.ConstantOp, [], [T.I1], {"value": A.BoolAttr(value)})
    rewriter.replace_op(op, result.results)
    return True


def _int_compare_of_fraction(predicate: str, negative: bool):
    """The integer predicate for `(float)int <pred> c` with c not an integer, or a bool
    when the answer is known: c rounded toward zero is the constant compared with."""
    signed = predicate[0] == "s"
    kind = predicate[-2:] if predicate not in ("eq", "ne") else predicate
    if kind == "ne":
        return True
    if kind == "eq":
        return False
    if not signed and negative:
        return kind in ("gt", "ge")
    if kind == "le" and negative:
        return predicate[0] + "lt"
    if kind == "lt" and not negative:
        return predicate[0] + "le"
    if kind == "gt" and negative:
        return predicate[0] + "ge"
    if kind == "ge" and not negative:
        return predicate[0] + "gt"
    return predicate


@pattern(arith.CmpFOp, name="CmpFIntToFPConst")
def cmpf_int_to_fp_const(op, rewriter) -> bool:
    """cmpf(sitofp(x), c) -> cmpi(x, c') (or true/false) when the conversion is exact."""
    rhs_attr = constant_value(getattr(op.operands[1], "op", None))
    if not isinstance(rhs_attr, A.FloatAttr) or rhs_attr.value != rhs_attr.value:
        return rewriter.fail(op, "the rhs is not a constant number")
    rhs, float_type = rhs_attr.value, rhs_attr.type
    cast = getattr(op.operands[0], "op", None)
    if not isinstance(cast, (arith.SIToFPOp, arith.UIToFPOp)):
        return rewriter.fail(op, "the lhs is not sitofp or uitofp")
    unsigned = isinstance(cast, arith.UIToFPOp)
    source = cast.operands[0]
    width = source.type.width
    value_bits = width if unsigned else width - 1
    if _conversion_may_matter(rhs, float_type, width, value_bits):
        return rewriter.fail(op, "converting the integer may change the comparison")
    name = arith.CMPF_PREDICATES[op.properties["predicate"].value]
    if name in ("ord", "uno"):
        return _constant_compare(rewriter, op, name == "ord")
    if name not in _FLOAT_TO_INT_PREDICATE:
        return rewriter.fail(op, f"no integer form of '{name}'")
    kind = _FLOAT_TO_INT_PREDICATE[name]
    predicate = kind if kind in ("eq", "ne") else ("u" if unsigned else "s") + kind
    high = (1 << width) - 1 if unsigned else (1 << (width - 1)) - 1
    low = 0 if unsigned else -(1 << (width - 1))
    if _round_int(high, float_type) < rhs:  # above every integer
        return _constant_compare(rewriter, op, kind in ("ne", "lt", "le"))
    if _round_int(low, float_type) > rhs:  # below every integer
        return _constant_compare(rewriter, op, kind in ("ne", "gt", "ge"))
    truncated = int(rhs)  # toward zero
    if not low <= truncated <= high:
        return rewriter.fail(op, "the constant does not fit the integer type")
    if rhs != 0 and _round_int(truncated, float_type) != rhs:
        predicate = _int_compare_of_fraction(predicate, rhs < 0)
        if isinstance(predicate, bool):
            return _constant_compare(rewriter, op, predicate)
    constant = _constant(rewriter, truncated, source.type)
    index = A.IntegerAttr(arith.CMPI_PREDICATES.index(predicate), T.I64)
    compare = rewriter.create(arith.CmpIOp, [source, constant], [T.I1], {"predicate": index})
    rewriter.replace_op(op, compare.results)
    return True


COMPARE = [
    # cmpi(eq|ne, extsi(a), extsi(b)) -> cmpi(eq|ne, a, b) when a and b have one type
    rule(
        "CmpIExtSI",
        P(arith.CmpIOp, P(arith.ExtSIOp, a), P(arith.ExtSIOp, b), where=_equality),
        _compare_sources,
    ),
    # cmpi(eq|ne, extui(a), extui(b)) -> cmpi(eq|ne, a, b) when a and b have one type
    rule(
        "CmpIExtUI",
        P(arith.CmpIOp, P(arith.ExtUIOp, a), P(arith.ExtUIOp, b), where=_equality),
        _compare_sources,
    ),
]


# -- select -----------------------------------------------------------------------------------


def _select(rewriter, m, on_true, on_false):
    return _create(rewriter, arith.SelectOp, [m.pred, on_true, on_false], _type(m))


def _select_a_c(rewriter, m):
    return _select(rewriter, m, m.a, m.c)


def _select_swapped(rewriter, m):
    return _select(rewriter, m, m.b, m.a)


def _not_pred(rewriter, m):
    flag = rewriter.constant(A.BoolAttr(True), T.I1)
    return _create(rewriter, arith.XOrIOp, [m.pred, flag], T.I1)


@pattern(arith.SelectOp, name="SelectToExtUI")
def select_to_extui(op, rewriter) -> bool:
    """select(p, 1, 0) -> extui(p); select(p, 0, 1) -> extui(xori(p, true)), for integer
    results wider than i1."""
    t = op.results[0].type
    if not isinstance(t, T.IntegerType) or t.width == 1:
        return rewriter.fail(op, "the result is not an integer wider than i1")
    condition, on_true, on_false = op.operands
    values = [_scalar_constant(on_true), _scalar_constant(on_false)]
    if values == [1, 0]:
        rewriter.replace_op(op, [_create(rewriter, arith.ExtUIOp, [condition], t)])
        return True
    if values == [0, 1]:
        flag = rewriter.constant(A.BoolAttr(True), T.I1)
        inverted = _create(rewriter, arith.XOrIOp, [condition, flag], T.I1)
        rewriter.replace_op(op, [_create(rewriter, arith.ExtUIOp, [inverted], t)])
        return True
    return rewriter.fail(op, "the values are not the constants 1 and 0")


def _scalar_constant(value):
    attr = constant_value(getattr(value, "op", None))
    if isinstance(attr, (A.IntegerAttr, A.DenseElementsAttr)):
        found = _elements(attr)
        if found is not None and len(set(found)) == 1:
            return found[0]
    return None


_MIN_MAX = {
    "slt": (arith.MinSIOp, arith.MaxSIOp),
    "sle": (arith.MinSIOp, arith.MaxSIOp),
    "sgt": (arith.MaxSIOp, arith.MinSIOp),
    "sge": (arith.MaxSIOp, arith.MinSIOp),
    "ult": (arith.MinUIOp, arith.MaxUIOp),
    "ule": (arith.MinUIOp, arith.MaxUIOp),
    "ugt": (arith.MaxUIOp, arith.MinUIOp),
    "uge": (arith.MaxUIOp, arith.MinUIOp),
}


@pattern(arith.SelectOp, name="SelectCmpIToMinMax")
def select_cmpi_to_min_max(op, rewriter) -> bool:
    """select(a < b, a, b) -> min(a, b), select(a < b, b, a) -> max(a, b), for each
    ordered cmpi predicate (signed and unsigned)."""
    condition, on_true, on_false = op.operands
    compare = getattr(condition, "op", None)
    if not isinstance(compare, arith.CmpIOp):
        return rewriter.fail(op, "the condition is not an arith.cmpi")
    kinds = _MIN_MAX.get(arith.CMPI_PREDICATES[compare.properties["predicate"].value])
    a, b = compare.operands
    if kinds is None or a.type is not op.results[0].type:
        return rewriter.fail(op, "the comparison is not an ordering of the values")
    if on_true is a and on_false is b:
        kind = kinds[0]
    elif on_true is b and on_false is a:
        kind = kinds[1]
    else:
        return rewriter.fail(op, "the values are not the compared ones")
    rewriter.replace_op(op, [_create(rewriter, kind, [a, b], a.type)])
    return True


SELECT = [
    # select(pred, a, select(pred, b, c)) -> select(pred, a, c)
    rule(
        "RedundantSelectFalse",
        P(arith.SelectOp, pred, a, P(arith.SelectOp, pred, b, c)),
        _select_a_c,
    ),
    # select(pred, select(pred, a, b), c) -> select(pred, a, c)
    rule(
        "RedundantSelectTrue",
        P(arith.SelectOp, pred, P(arith.SelectOp, pred, a, b), c),
        _select_a_c,
    ),
    # select(not(pred), a, b) -> select(pred, b, a), where not(p) is xori(p, -1)
    rule("SelectNotCond", P(arith.SelectOp, P(arith.XOrIOp, pred, ones), a, b), _select_swapped),
    # select(pred, false, true) -> xori(pred, true)
    rule("SelectI1ToNot", P(arith.SelectOp, pred, false, true), _not_pred),
    select_to_extui,
    select_cmpi_to_min_max,
]


# -- casts ------------------------------------------------------------------------------------


def _recast(op_class):
    """cast(other(x)) -> op_class(x), with the outer cast's result type."""

    def rewrite(rewriter, m):
        return _create(rewriter, op_class, [m.x], _type(m))

    return rewrite


def _width_of(value) -> int:
    return _width(scalar_of(value.type))


def _only_extension_truncated(m) -> bool:
    """ext wider than trunc, trunc wider than x: only extension bits go."""
    ext_width, trunc_width = _width_of(m.ext.results[0]), _width_of(m.op.results[0])
    return ext_width > trunc_width > _width_of(m.x) > 0


def _shift_to_unsigned(rewriter, m):
    amount = (
        _splat(m.amount) if isinstance(m.amount, (A.IntegerAttr, A.DenseElementsAttr)) else None
    )
    if amount is None or _width_of(m.x) - _width_of(m.op.results[0]) != amount:
        return None
    shift = rewriter.constant(m.amount, m.amount.type)
    unsigned = _create(rewriter, arith.ShRUIOp, [m.x, shift], m.x.type)
    return _create(rewriter, arith.TruncIOp, [unsigned], _type(m), dict(m.op.properties))


def _default_rounding(op) -> bool:
    return "roundingmode" not in op.properties


def _where(check, description: str) -> dict:
    return {"where": check, "description": description}


def _rule_where(name, match, rewrite, check):
    """A rule with a condition on the whole match (`check(m)`), declined otherwise."""

    def guarded(rewriter, m):
        return rewrite(rewriter, m) if check(m) else None

    found = rule(name, match, guarded)
    return found


# index_cast(index_cast(x)) -> x is a fold here (only where no bits are lost), and MLIR
# 3.13 has no such pattern any more.
CASTS = [
    # index_cast(extsi(x)) -> index_cast(x)
    rule(
        "IndexCastOfExtSI",
        P(arith.IndexCastOp, P(arith.ExtSIOp, x)),
        _recast(arith.IndexCastOp),
    ),
    # index_castui(extui(x)) -> index_castui(x)
    rule(
        "IndexCastUIOfExtUI",
        P(arith.IndexCastUIOp, P(arith.ExtUIOp, x)),
        _recast(arith.IndexCastUIOp),
    ),
    # bitcast(bitcast(x)) -> bitcast(x)
    rule("BitcastOfBitcast", P(arith.BitcastOp, P(arith.BitcastOp, x)), _recast(arith.BitcastOp)),
    # extsi(extui(x)) -> extui(x)
    rule("ExtSIOfExtUI", P(arith.ExtSIOp, P(arith.ExtUIOp, x)), _recast(arith.ExtUIOp)),
    # trunci(extsi(x)) -> extsi(x) when only sign-extension bits are truncated
    _rule_where(
        "TruncIExtSIToExtSI",
        P(arith.TruncIOp, P(arith.ExtSIOp, x, name="ext")),
        _recast(arith.ExtSIOp),
        _only_extension_truncated,
    ),
    # trunci(extui(x)) -> extui(x) when only zero-extension bits are truncated
    _rule_where(
        "TruncIExtUIToExtUI",
        P(arith.TruncIOp, P(arith.ExtUIOp, x, name="ext")),
        _recast(arith.ExtUIOp),
        _only_extension_truncated,
    ),
    # trunci(shrsi(x, c)) -> trunci(shrui(x, c)) when c = width(x) - width(result)
    rule(
        "TruncIShrSIToTrunciShrUI",
        P(arith.TruncIOp, P(arith.ShRSIOp, x, Const("amount"))),
        _shift_to_unsigned,
    ),
    # sitofp(extui(x)) -> uitofp(x)
    rule("SIToFPOfExtUI", P(arith.SIToFPOp, P(arith.ExtUIOp, x)), _recast(arith.UIToFPOp)),
    # uitofp(extui(x)) -> uitofp(x)
    rule("UIToFPOfExtUI", P(arith.UIToFPOp, P(arith.ExtUIOp, x)), _recast(arith.UIToFPOp)),
    # sitofp(extsi(x)) -> sitofp(x)
    rule("SIToFPOfExtSI", P(arith.SIToFPOp, P(arith.ExtSIOp, x)), _recast(arith.SIToFPOp)),
    # truncf(sitofp(x)) -> sitofp(x) without a rounding mode
    rule(
        "TruncFSIToFPToSIToFP",
        P(arith.TruncFOp, P(arith.SIToFPOp, x), **_where(_default_rounding, "default rounding")),
        _recast(arith.SIToFPOp),
    ),
    # truncf(uitofp(x)) -> uitofp(x) without a rounding mode
    rule(
        "TruncFUIToFPToUIToFP",
        P(arith.TruncFOp, P(arith.UIToFPOp, x), **_where(_default_rounding, "default rounding")),
        _recast(arith.UIToFPOp),
    ),
]


# -- float ops of negations -------------------------------------------------------------------


def _without_negations(op_class):
    """op(negf(x), negf(y)) -> op(x, y), keeping the op's fastmath flags."""

    def rewrite(rewriter, m):
        if m.x.type is not m.y.type:
            return None
        return _create(rewriter, op_class, [m.x, m.y], _type(m), dict(m.op.properties))

    return rewrite


FLOAT = [
    # mulf(negf(x), negf(y)) -> mulf(x, y)
    rule(
        "MulFOfNegF",
        P(arith.MulFOp, P(arith.NegFOp, x), P(arith.NegFOp, y)),
        _without_negations(arith.MulFOp),
    ),
    # divf(negf(x), negf(y)) -> divf(x, y)
    rule(
        "DivFOfNegF",
        P(arith.DivFOp, P(arith.NegFOp, x), P(arith.NegFOp, y)),
        _without_negations(arith.DivFOp),
    ),
]


PATTERNS = [
    *ADDI,
    *SUBI,
    *MULI,
    *EXTENDED,
    *BITWISE,
    *COMPARE,
    cmpf_int_to_fp_const,
    *SELECT,
    *CASTS,
    *FLOAT,
]
