"""LLVM IR for math ops: LLVM intrinsics where LLVM has a vectorizable one (fabs, sqrt,
floor, fma, ctpop ...), the C library (`tanhf`, `expm1` ...) for the rest. exp, exp2,
log, log10, log2, sin and cos on f32 and f64 are LLVM's intrinsics too, which LLVM
compiles to the same C library calls but knows to touch no memory (no errno): a call
whose operand does not change in a loop is hoisted out of it (log_softmax's log of a
row's sum, left in the per-element loop by fusion).

Library calls keep loops scalar; the JIT pipeline first rewrites the f32 functions that
matter for speed into polynomials (`math-polynomial-approximation`), so what reaches this
module is mostly f64, where libm is accurate to the last bit or so. f16 is computed in f32
and rounded back; 1-D vectors call the library once per lane.
"""

from __future__ import annotations

from llvmlite import ir

from irc.dialects import math as m
from irc.lowering.llvmir.arith import call_intrinsic, fptrunc, splat, type_suffix
from irc.lowering.llvmir.translate import I1, FunctionTranslation, translation_error

F32 = ir.FloatType()


def _libm(ctx: FunctionTranslation, name: str, args: list[ir.Value]) -> ir.Value:
    """`name` from libm on `args` of one float type (per lane for vectors)."""
    t = args[0].type
    builder = ctx.builder
    if isinstance(t, ir.VectorType):
        result = ir.Constant(t, None)
        for lane in range(t.count):
            index = ir.Constant(ir.IntType(32), lane)
            lanes = [builder.extract_element(a, index) for a in args]
            result = builder.insert_element(result, _libm(ctx, name, lanes), index)
        return result
    if isinstance(t, ir.HalfType):
        wide = [builder.fpext(a, F32) for a in args]
        return builder.fptrunc(_libm(ctx, name, wide), t)
    symbol = name + ("f" if isinstance(t, ir.FloatType) else "")
    fn = ctx.module.runtime_function(symbol, t, [t] * len(args))
    return builder.call(fn, args)


def _library(name: str):
    def rule(ctx: FunctionTranslation, op) -> list[ir.Value]:
        return [_libm(ctx, name, ctx.operands(op))]

    return rule


def _pure_library(name: str):
    """`llvm.<name>` on f32 and f64 (scalars and vectors): LLVM calls the C library for
    it as for `name`, but knows that it reads and writes no memory (no errno), so it may
    hoist a call out of a loop; other types call the library as `_library` does."""

    def rule(ctx: FunctionTranslation, op) -> list[ir.Value]:
        args = ctx.operands(op)
        t = args[0].type
        element = t.element if isinstance(t, ir.VectorType) else t
        if isinstance(element, (ir.FloatType, ir.DoubleType)):
            return [call_intrinsic(ctx, name, args)]
        return [_libm(ctx, name, args)]

    return rule


def _intrinsic(base: str, flag: bool | None = None):
    """`llvm.<base>` on the operands; `flag` adds the trailing i1 some take (ctlz, abs)."""

    def rule(ctx: FunctionTranslation, op) -> list[ir.Value]:
        args = ctx.operands(op)
        if flag is not None:
            extra = ir.Constant(I1, int(flag))
            fn = ctx.module.intrinsic(
                f"llvm.{base}.{type_suffix(args[0].type)}", args[0].type, [args[0].type, I1]
            )
            return [ctx.builder.call(fn, [*args, extra])]
        return [call_intrinsic(ctx, base, args)]

    return rule


def _rsqrt(ctx: FunctionTranslation, op) -> list[ir.Value]:
    (x,) = ctx.operands(op)
    return [ctx.builder.fdiv(splat(x.type, 1.0), call_intrinsic(ctx, "sqrt", [x]))]


def _fpowi(ctx: FunctionTranslation, op) -> list[ir.Value]:
    """x ** n as pow in double (exact for every i32/i64 exponent up to 2**53), then rounded
    to x's type, as the interpreter computes it."""
    base, exponent = ctx.operands(op)
    builder = ctx.builder
    double = ir.DoubleType()
    if isinstance(base.type, ir.VectorType):
        double = ir.VectorType(double, base.type.count)
    wide = base if base.type == double else builder.fpext(base, double)
    power = _libm(ctx, "pow", [wide, builder.sitofp(exponent, double)])
    return [power if base.type == double else fptrunc(builder, power, base.type)]


def _classify(kind: str):
    """isnan / isinf / isfinite / isnormal by comparisons on |x|."""

    def rule(ctx: FunctionTranslation, op) -> list[ir.Value]:
        (x,) = ctx.operands(op)
        builder = ctx.builder
        if kind == "nan":
            return [builder.fcmp_unordered("uno", x, x)]
        magnitude = call_intrinsic(ctx, "fabs", [x])
        infinity = splat(x.type, float("inf"))
        if kind == "inf":
            return [builder.fcmp_ordered("==", magnitude, infinity)]
        finite = builder.fcmp_ordered("<", magnitude, infinity)
        if kind == "finite":
            return [finite]
        smallest = {"half": 2.0**-14, "float": 2.0**-126, "double": 2.0**-1022}
        element = x.type.element if isinstance(x.type, ir.VectorType) else x.type
        normal = builder.fcmp_ordered(">=", magnitude, splat(x.type, smallest[str(element)]))
        return [builder.and_(finite, normal)]

    return rule


def _clampf(ctx: FunctionTranslation, op) -> list[ir.Value]:
    value, low, high = ctx.operands(op)
    raised = call_intrinsic(ctx, "maximum", [value, low])
    return [call_intrinsic(ctx, "minimum", [raised, high])]


def _sincos(ctx: FunctionTranslation, op) -> list[ir.Value]:
    (x,) = ctx.operands(op)
    return [_libm(ctx, "sin", [x]), _libm(ctx, "cos", [x])]


def _ipowi(ctx: FunctionTranslation, op) -> list[ir.Value]:
    """Square-and-multiply over the exponent's bits; a negative exponent gives 0 unless the
    base is 1 or -1, and 0 to a negative power is a fault (as the interpreter)."""
    base, exponent = ctx.operands(op)
    t = base.type
    if isinstance(t, ir.VectorType):
        raise translation_error(op, "math.ipowi on vectors has no LLVM translation yet")
    builder = ctx.builder
    zero, one, minus_one = ir.Constant(t, 0), ir.Constant(t, 1), ir.Constant(t, -1)
    negative = builder.icmp_signed("<", exponent, zero)
    is_zero = builder.icmp_signed("==", base, zero)
    ctx.fault(
        builder.and_(negative, is_zero), op, "division by zero: math.ipowi of 0 to a negative power"
    )
    start = builder.block
    header = ctx.fn.append_basic_block("ipowi.loop")
    done = ctx.fn.append_basic_block("ipowi.done")
    builder.branch(header)
    builder.position_at_end(header)
    result, square, rest = (builder.phi(t) for _ in range(3))
    odd = builder.icmp_signed("!=", builder.and_(rest, one), zero)
    next_result = builder.select(odd, builder.mul(result, square), result)
    next_rest = builder.lshr(rest, one)
    for phi, initial, following in (
        (result, one, next_result),
        (square, base, builder.mul(square, square)),
        (rest, exponent, next_rest),
    ):
        phi.add_incoming(initial, start)
        phi.add_incoming(following, header)
    finished = builder.or_(builder.icmp_signed("==", next_rest, zero), negative)
    builder.cbranch(finished, done, header)
    builder.position_at_end(done)
    # A negative exponent: 1 stays 1, -1 gives -1 for odd powers, anything else is 0.
    odd_power = builder.icmp_signed("!=", builder.and_(exponent, one), zero)
    signed_unit = builder.select(odd_power, minus_one, one)
    reciprocal = builder.select(
        builder.icmp_signed("==", base, one),
        one,
        builder.select(builder.icmp_signed("==", base, minus_one), signed_unit, zero),
    )
    return [builder.select(negative, reciprocal, next_result)]


TRANSLATIONS = {
    m.AbsFOp: _intrinsic("fabs"),
    m.CeilOp: _intrinsic("ceil"),
    m.FloorOp: _intrinsic("floor"),
    m.SqrtOp: _intrinsic("sqrt"),
    m.TruncOp: _intrinsic("trunc"),
    m.RoundOp: _intrinsic("round"),
    m.RoundEvenOp: _intrinsic("roundeven"),
    m.CopySignOp: _intrinsic("copysign"),
    m.FmaOp: _intrinsic("fma"),
    m.PowFOp: _library("pow"),
    m.AbsIOp: _intrinsic("abs", flag=False),
    m.CountLeadingZerosOp: _intrinsic("ctlz", flag=False),
    m.CountTrailingZerosOp: _intrinsic("cttz", flag=False),
    m.CtPopOp: _intrinsic("ctpop"),
    m.RsqrtOp: _rsqrt,
    m.FPowIOp: _fpowi,
    m.IsNaNOp: _classify("nan"),
    m.IsInfOp: _classify("inf"),
    m.IsFiniteOp: _classify("finite"),
    m.IsNormalOp: _classify("normal"),
    m.ClampFOp: _clampf,
    m.SinCosOp: _sincos,
    m.IPowIOp: _ipowi,
    **{
        cls: _pure_library(name)
        for cls, name in (
            (m.ExpOp, "exp"),
            (m.Exp2Op, "exp2"),
            (m.LogOp, "log"),
            (m.Log10Op, "log10"),
            (m.Log2Op, "log2"),
            (m.SinOp, "sin"),
            (m.CosOp, "cos"),
        )
    },
    **{
        cls: _library(name)
        for cls, name in (
            (m.AcosOp, "acos"),
            (m.AcoshOp, "acosh"),
            (m.AsinOp, "asin"),
            (m.AsinhOp, "asinh"),
            (m.AtanOp, "atan"),
            (m.AtanhOp, "atanh"),
            (m.Atan2Op, "atan2"),
            (m.CbrtOp, "cbrt"),
            (m.CoshOp, "cosh"),
            (m.ErfOp, "erf"),
            (m.ErfcOp, "erfc"),
            (m.ExpM1Op, "expm1"),
            (m.Log1pOp, "log1p"),
            (m.SinhOp, "sinh"),
            (m.TanOp, "tan"),
            (m.TanhOp, "tanh"),
        )
    },
}
