"""LLVM IR for arith ops, scalars and 1-D vectors alike.

Where MLIR leaves a result poison or undefined and LLVM would trap or miscompile, irc
chooses defined behaviour so compiled code never crashes: integer division by zero and
signed division overflow (INT_MIN / -1) are run-time faults, as in the interpreter; a
shift by the bit width or more gives 0 (shli, shrui) or the sign (shrsi); float-to-integer
conversions saturate (NaN gives 0).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from llvmlite import ir

from irc.dialects import arith
from irc.dialects.constraints import scalar_of
from irc.ir import attributes as A
from irc.ir import types as T
from irc.lowering.llvmir.translate import FunctionTranslation, translation_error

# -- helpers shared with the math rules --------------------------------------------------------


def splat(t: ir.Type, value) -> ir.Constant:
    """A constant of scalar or vector type `t` with every element `value`."""
    if isinstance(t, ir.VectorType):
        return ir.Constant(t, [ir.Constant(t.element, value)] * t.count)
    return ir.Constant(t, value)


def type_suffix(t: ir.Type) -> str:
    """The overload suffix of an intrinsic name: f32, i64, v8f32."""
    if isinstance(t, ir.VectorType):
        return f"v{t.count}{type_suffix(t.element)}"
    if isinstance(t, ir.IntType):
        return f"i{t.width}"
    return {"half": "f16", "float": "f32", "double": "f64"}[str(t)]


def call_intrinsic(ctx: FunctionTranslation, base: str, args: list[ir.Value], ret=None):
    """`llvm.<base>.<suffix of the first argument>` on `args`."""
    t = args[0].type
    fn = ctx.module.intrinsic(f"llvm.{base}.{type_suffix(t)}", ret or t, [a.type for a in args])
    return ctx.builder.call(fn, args)


def any_lane(ctx: FunctionTranslation, condition: ir.Value) -> ir.Value:
    """An i1 that is true when `condition` (i1 or a vector of i1) holds anywhere."""
    if isinstance(condition.type, ir.VectorType):
        return call_intrinsic(ctx, "vector.reduce.or", [condition], ir.IntType(1))
    return condition


def fastmath_flags(op) -> tuple[str, ...]:
    attr = op.properties.get("fastmath")
    bits = getattr(attr, "bits", 0)
    flags = arith.FastMathAttr.FLAGS
    if bits == flags["fast"]:
        return ("fast",)
    return tuple(name for name, bit in flags.items() if name not in ("none", "fast") and bits & bit)


def _width(t: T.Type) -> int:
    return 64 if isinstance(t, T.IndexType) else t.width


# -- constants --------------------------------------------------------------------------------


def _scalar_constant(t: ir.Type, attr: A.Attribute) -> ir.Constant:
    if isinstance(attr, A.FloatAttr):
        if attr.value != attr.value:  # NaN: by its bits, keeping the payload
            return ir.Constant(ir.IntType(attr.type.width), attr.bits).bitcast(t)
        return ir.Constant(t, attr.value)
    return ir.Constant(t, attr.value)


def _constant(ctx: FunctionTranslation, op: arith.ConstantOp) -> list[ir.Value]:
    value = op.properties["value"]
    t = ctx.type(op.results[0].type)
    if isinstance(value, (A.IntegerAttr, A.FloatAttr)):
        return [_scalar_constant(t, value)]
    if isinstance(value, A.DenseElementsAttr) and isinstance(t, ir.VectorType):
        element = op.results[0].type.element_type
        items = value.to_array().reshape(-1)
        if items.size == 1:
            items = [items[0]] * t.count
        attrs = [
            A.FloatAttr(float(v), element)
            if isinstance(element, T.FloatType)
            else A.IntegerAttr(int(v), element)
            for v in items
        ]
        return [ir.Constant(t, [_scalar_constant(t.element, a) for a in attrs])]
    raise translation_error(op, f"'arith.constant' of {value} has no LLVM translation")


# -- integers ---------------------------------------------------------------------------------

Binary = Callable[[FunctionTranslation, ir.Value, ir.Value, arith.IntBinaryOp], ir.Value]


def _int_rule(emit: Binary):
    def rule(ctx: FunctionTranslation, op) -> list[ir.Value]:
        lhs, rhs = ctx.operands(op)
        return [emit(ctx, lhs, rhs, op)]

    return rule


def _builder_op(name: str) -> Binary:
    return lambda ctx, a, b, op: getattr(ctx.builder, name)(a, b)


def _checked_divisor(ctx: FunctionTranslation, a, b, op, signed: bool) -> None:
    """Fault on division by zero and, for signed division, on INT_MIN / -1."""
    builder = ctx.builder
    ctx.fault(
        any_lane(ctx, builder.icmp_unsigned("==", b, splat(b.type, 0))),
        op,
        "integer division by zero",
    )
    if signed:
        width = _width(scalar_of(op.operands[0].type))
        low = -(1 << (width - 1))
        overflow = builder.and_(
            builder.icmp_signed("==", a, splat(a.type, low)),
            builder.icmp_signed("==", b, splat(b.type, -1)),
        )
        ctx.fault(any_lane(ctx, overflow), op, f"integer overflow in signed division: {low} / -1")


def _divsi(ctx, a, b, op):
    _checked_divisor(ctx, a, b, op, signed=True)
    return ctx.builder.sdiv(a, b)


def _divui(ctx, a, b, op):
    _checked_divisor(ctx, a, b, op, signed=False)
    return ctx.builder.udiv(a, b)


def _remsi(ctx, a, b, op):
    """x % -1 is 0 (INT_MIN included, which LLVM's srem would trap on)."""
    _checked_divisor(ctx, a, b, op, signed=False)
    builder = ctx.builder
    minus_one = builder.icmp_signed("==", b, splat(b.type, -1))
    return builder.srem(a, builder.select(minus_one, splat(b.type, 1), b))


def _remui(ctx, a, b, op):
    _checked_divisor(ctx, a, b, op, signed=False)
    return ctx.builder.urem(a, b)


def _signed_rounded(toward_ceiling: bool) -> Binary:
    """ceildivsi / floordivsi: the truncated quotient, moved by one when inexact and the
    exact quotient is positive (ceil) or negative (floor)."""

    def emit(ctx, a, b, op):
        _checked_divisor(ctx, a, b, op, signed=True)
        builder = ctx.builder
        quotient, remainder = builder.sdiv(a, b), builder.srem(a, b)
        zero = splat(a.type, 0)
        inexact = builder.icmp_signed("!=", remainder, zero)
        same_sign = builder.icmp_signed(
            "==", builder.icmp_signed("<", a, zero), builder.icmp_signed("<", b, zero)
        )
        move = builder.and_(inexact, same_sign if toward_ceiling else builder.not_(same_sign))
        step = builder.zext(move, a.type)
        return builder.add(quotient, step) if toward_ceiling else builder.sub(quotient, step)

    return emit


def _ceildivui(ctx, a, b, op):
    _checked_divisor(ctx, a, b, op, signed=False)
    builder = ctx.builder
    inexact = builder.icmp_unsigned("!=", builder.urem(a, b), splat(a.type, 0))
    return builder.add(builder.udiv(a, b), builder.zext(inexact, a.type))


def _shift(kind: str) -> Binary:
    """A shift defined for every amount: past the width, 0 (shl, lshr) or the sign (ashr)."""

    def emit(ctx, a, b, op):
        builder = ctx.builder
        width = a.type.element.width if isinstance(a.type, ir.VectorType) else a.type.width
        too_far = builder.icmp_unsigned(">=", b, splat(b.type, width))
        if kind == "ashr":
            return builder.ashr(a, builder.select(too_far, splat(b.type, width - 1), b))
        shifted = getattr(builder, kind)(a, builder.select(too_far, splat(b.type, 0), b))
        return builder.select(too_far, splat(a.type, 0), shifted)

    return emit


def _pick(signed: bool, predicate: str) -> Binary:
    def emit(ctx, a, b, op):
        compare = ctx.builder.icmp_signed if signed else ctx.builder.icmp_unsigned
        return ctx.builder.select(compare(predicate, a, b), a, b)

    return emit


_INTEGER: dict[type, Binary] = {
    arith.AddIOp: _builder_op("add"),
    arith.SubIOp: _builder_op("sub"),
    arith.MulIOp: _builder_op("mul"),
    arith.AndIOp: _builder_op("and_"),
    arith.OrIOp: _builder_op("or_"),
    arith.XOrIOp: _builder_op("xor"),
    arith.ShLIOp: _shift("shl"),
    arith.ShRUIOp: _shift("lshr"),
    arith.ShRSIOp: _shift("ashr"),
    arith.DivSIOp: _divsi,
    arith.DivUIOp: _divui,
    arith.RemSIOp: _remsi,
    arith.RemUIOp: _remui,
    arith.CeilDivSIOp: _signed_rounded(toward_ceiling=True),
    arith.FloorDivSIOp: _signed_rounded(toward_ceiling=False),
    arith.CeilDivUIOp: _ceildivui,
    arith.MaxSIOp: _pick(True, ">"),
    arith.MinSIOp: _pick(True, "<"),
    arith.MaxUIOp: _pick(False, ">"),
    arith.MinUIOp: _pick(False, "<"),
}

# -- floats -----------------------------------------------------------------------------------


def _float_op(name: str):
    def rule(ctx: FunctionTranslation, op) -> list[ir.Value]:
        lhs, rhs = ctx.operands(op)
        return [getattr(ctx.builder, name)(lhs, rhs, flags=fastmath_flags(op))]

    return rule


def _float_intrinsic(base: str):
    def rule(ctx: FunctionTranslation, op) -> list[ir.Value]:
        return [call_intrinsic(ctx, base, ctx.operands(op))]

    return rule


def _negf(ctx: FunctionTranslation, op) -> list[ir.Value]:
    return [ctx.builder.fneg(ctx.value(op.operands[0]), flags=fastmath_flags(op))]


# -- comparisons and select -------------------------------------------------------------------

_ICMP = {
    "eq": (True, "=="),
    "ne": (True, "!="),
    "slt": (True, "<"),
    "sle": (True, "<="),
    "sgt": (True, ">"),
    "sge": (True, ">="),
    "ult": (False, "<"),
    "ule": (False, "<="),
    "ugt": (False, ">"),
    "uge": (False, ">="),
}
_FCMP = {  # predicate -> (ordered?, llvmlite's operator)
    "oeq": (True, "=="),
    "ogt": (True, ">"),
    "oge": (True, ">="),
    "olt": (True, "<"),
    "ole": (True, "<="),
    "one": (True, "!="),
    "ord": (True, "ord"),
    "ueq": (False, "=="),
    "ugt": (False, ">"),
    "uge": (False, ">="),
    "ult": (False, "<"),
    "ule": (False, "<="),
    "une": (False, "!="),
    "uno": (False, "uno"),
}


def _cmpi(ctx: FunctionTranslation, op: arith.CmpIOp) -> list[ir.Value]:
    signed, predicate = _ICMP[arith.CMPI_PREDICATES[op.properties["predicate"].value]]
    compare = ctx.builder.icmp_signed if signed else ctx.builder.icmp_unsigned
    return [compare(predicate, *ctx.operands(op))]


def _cmpf(ctx: FunctionTranslation, op: arith.CmpFOp) -> list[ir.Value]:
    name = arith.CMPF_PREDICATES[op.properties["predicate"].value]
    lhs, rhs = ctx.operands(op)
    result_type = ctx.type(op.results[0].type)
    if name in ("false", "true"):
        return [splat(result_type, int(name == "true"))]
    ordered, predicate = _FCMP[name]
    compare = ctx.builder.fcmp_ordered if ordered else ctx.builder.fcmp_unordered
    return [compare(predicate, lhs, rhs, flags=fastmath_flags(op))]


def _select(ctx: FunctionTranslation, op: arith.SelectOp) -> list[ir.Value]:
    return [ctx.builder.select(*ctx.operands(op))]


# -- casts ------------------------------------------------------------------------------------


def _resize(signed: bool):
    """extsi/extui/trunci/index_cast[ui]: extend or truncate to the result's width."""

    def rule(ctx: FunctionTranslation, op) -> list[ir.Value]:
        value = ctx.value(op.operands[0])
        target = ctx.type(op.results[0].type)
        source_width = _width(scalar_of(op.operands[0].type))
        target_width = _width(scalar_of(op.results[0].type))
        if source_width == target_width:
            return [value]
        if source_width > target_width:
            return [ctx.builder.trunc(value, target)]
        return [(ctx.builder.sext if signed else ctx.builder.zext)(value, target)]

    return rule


def _convert(name: str):
    def rule(ctx: FunctionTranslation, op) -> list[ir.Value]:
        value = ctx.value(op.operands[0])
        return [getattr(ctx.builder, name)(value, ctx.type(op.results[0].type))]

    return rule


def _next_float(builder: ir.IRBuilder, value: ir.Value, up: bool) -> ir.Value:
    """The neighbouring float of `value` toward +inf (`up`) or -inf, by its bits; NaN
    stays NaN and the infinity in the direction stays."""
    t = value.type
    element = t.element if isinstance(t, ir.VectorType) else t
    width = {"half": 16, "float": 32, "double": 64}[str(element)]
    bits_type = ir.IntType(width)
    if isinstance(t, ir.VectorType):
        bits_type = ir.VectorType(bits_type, t.count)
    bits = builder.bitcast(value, bits_type)
    nonnegative = builder.icmp_signed(">=", bits, splat(bits_type, 0))
    step = builder.select(nonnegative, splat(bits_type, 1), splat(bits_type, -1))
    stepped = builder.add(bits, step) if up else builder.sub(bits, step)
    smallest = 1 if up else -(1 << (width - 1)) | 1  # the least subnormal of that sign
    is_zero = builder.fcmp_ordered("==", value, splat(t, 0.0))
    return builder.bitcast(builder.select(is_zero, splat(bits_type, smallest), stepped), t)


def _element(t: ir.Type) -> ir.Type:
    return t.element if isinstance(t, ir.VectorType) else t


def fptrunc(builder: ir.IRBuilder, x: ir.Value, target: ir.Type) -> ir.Value:
    """x rounded to nearest even in the narrower float type `target`. LLVM lowers double
    to half as a call into compiler-rt, which a JIT-loaded object cannot reach (the call
    crashes), so that one goes through float rounded to odd: truncated toward zero, its
    last bit set when inexact. Float keeps more than twice half's precision, so the second
    rounding gives the correctly rounded half."""
    double_to_half = isinstance(_element(x.type), ir.DoubleType) and isinstance(
        _element(target), ir.HalfType
    )
    if not double_to_half:
        return builder.fptrunc(x, target)
    single = ir.FloatType()
    if isinstance(x.type, ir.VectorType):
        single = ir.VectorType(single, x.type.count)
    nearest = builder.fptrunc(x, single)
    back = builder.fpext(nearest, x.type)
    below = builder.select(
        builder.fcmp_ordered(">", back, x), _next_float(builder, nearest, up=False), nearest
    )
    above = builder.select(
        builder.fcmp_ordered("<", back, x), _next_float(builder, nearest, up=True), nearest
    )
    toward_zero = builder.select(builder.fcmp_ordered("<", x, splat(x.type, 0.0)), above, below)
    bits_type = ir.IntType(32)
    if isinstance(x.type, ir.VectorType):
        bits_type = ir.VectorType(bits_type, x.type.count)
    inexact = builder.zext(builder.fcmp_ordered("!=", back, x), bits_type)
    odd = builder.or_(builder.bitcast(toward_zero, bits_type), inexact)
    return builder.fptrunc(builder.bitcast(odd, single), target)


def _truncf(ctx: FunctionTranslation, op) -> list[ir.Value]:
    """fptrunc rounds to nearest even; another rounding mode moves an inexact result to
    the neighbour it asks for, as the interpreter does."""
    builder = ctx.builder
    x = ctx.value(op.operands[0])
    nearest = fptrunc(builder, x, ctx.type(op.results[0].type))
    mode = op.properties.get("roundingmode")
    name = arith.ROUNDING_MODES[mode.value] if mode is not None else "to_nearest_even"
    if name == "to_nearest_even":
        return [nearest]
    back = builder.fpext(nearest, x.type)
    below = builder.select(
        builder.fcmp_ordered(">", back, x), _next_float(builder, nearest, up=False), nearest
    )
    above = builder.select(
        builder.fcmp_ordered("<", back, x), _next_float(builder, nearest, up=True), nearest
    )
    negative = builder.fcmp_ordered("<", x, splat(x.type, 0.0))
    if name == "downward":
        return [below]
    if name == "upward":
        return [above]
    if name == "toward_zero":
        return [builder.select(negative, above, below)]
    low, high = builder.fpext(below, x.type), builder.fpext(above, x.type)
    tie = builder.and_(
        builder.fcmp_ordered("==", builder.fsub(x, low), builder.fsub(high, x)),
        builder.fcmp_ordered("!=", low, high),
    )
    return [builder.select(tie, builder.select(negative, below, above), nearest)]


_NUMPY_FLOAT = {"half": np.float16, "float": np.float32, "double": np.float64}


def _saturating(signed: bool):
    """fptosi / fptoui that clamp out-of-range values and give 0 for NaN, never poison.
    Written as NaN select, min/max and a plain conversion, which vectorizes; LLVM's own
    `fptosi.sat` is scalarized on x86."""

    def rule(ctx: FunctionTranslation, op) -> list[ir.Value]:
        builder = ctx.builder
        value = ctx.value(op.operands[0])
        target = ctx.type(op.results[0].type)
        width = _width(scalar_of(op.results[0].type))
        element = value.type.element if isinstance(value.type, ir.VectorType) else value.type
        real = _NUMPY_FLOAT[str(element)]
        low = -(2.0 ** (width - 1)) if signed else 0.0
        high = float(np.nextafter(real(2.0 ** (width - 1 if signed else width)), real(0)))
        if not np.isfinite(real(low)):  # i128 and wider from f16: the float range bounds it
            low = float(np.finfo(real).min)
        number = builder.select(
            builder.fcmp_unordered("uno", value, value), splat(value.type, 0.0), value
        )
        clamped = call_intrinsic(ctx, "maxnum", [number, splat(value.type, low)])
        clamped = call_intrinsic(ctx, "minnum", [clamped, splat(value.type, high)])
        convert = builder.fptosi if signed else builder.fptoui
        return [convert(clamped, target)]

    return rule


# -- extended arithmetic ----------------------------------------------------------------------


def _addui_extended(ctx: FunctionTranslation, op) -> list[ir.Value]:
    lhs, rhs = ctx.operands(op)
    total = ctx.builder.add(lhs, rhs)
    return [total, ctx.builder.icmp_unsigned("<", total, lhs)]


def _mul_extended(signed: bool):
    def rule(ctx: FunctionTranslation, op) -> list[ir.Value]:
        builder = ctx.builder
        lhs, rhs = ctx.operands(op)
        t = lhs.type
        width = _width(scalar_of(op.operands[0].type))
        wide_scalar = ir.IntType(2 * width)
        wide = ir.VectorType(wide_scalar, t.count) if isinstance(t, ir.VectorType) else wide_scalar
        extend = builder.sext if signed else builder.zext
        product = builder.mul(extend(lhs, wide), extend(rhs, wide))
        high = (builder.ashr if signed else builder.lshr)(product, splat(wide, width))
        return [builder.trunc(product, t), builder.trunc(high, t)]

    return rule


TRANSLATIONS = {
    arith.ConstantOp: _constant,
    **{cls: _int_rule(emit) for cls, emit in _INTEGER.items()},
    arith.AddFOp: _float_op("fadd"),
    arith.SubFOp: _float_op("fsub"),
    arith.MulFOp: _float_op("fmul"),
    arith.DivFOp: _float_op("fdiv"),
    arith.RemFOp: _float_op("frem"),
    arith.MaximumFOp: _float_intrinsic("maximum"),
    arith.MinimumFOp: _float_intrinsic("minimum"),
    arith.MaxNumFOp: _float_intrinsic("maxnum"),
    arith.MinNumFOp: _float_intrinsic("minnum"),
    arith.NegFOp: _negf,
    arith.CmpIOp: _cmpi,
    arith.CmpFOp: _cmpf,
    arith.SelectOp: _select,
    arith.ExtSIOp: _resize(signed=True),
    arith.ExtUIOp: _resize(signed=False),
    arith.TruncIOp: _resize(signed=False),
    arith.IndexCastOp: _resize(signed=True),
    arith.IndexCastUIOp: _resize(signed=False),
    arith.SIToFPOp: _convert("sitofp"),
    arith.UIToFPOp: _convert("uitofp"),
    arith.FPToSIOp: _saturating(signed=True),
    arith.FPToUIOp: _saturating(signed=False),
    arith.ExtFOp: _convert("fpext"),
    arith.TruncFOp: _truncf,
    arith.BitcastOp: _convert("bitcast"),
    arith.AddUIExtendedOp: _addui_extended,
    arith.MulSIExtendedOp: _mul_extended(signed=True),
    arith.MulUIExtendedOp: _mul_extended(signed=False),
}
