"""nn-stabilize: rewrite nn expressions that overflow or lose accuracy into the ops that
compute them stably (Theano's stabilize stage).

    log(1 + exp(x))                  -> softplus(x)        (also exp(x) + 1, log1p(exp(x)))
    log(sigmoid(x))                  -> -softplus(-x)
    log(1 - sigmoid(x))              -> -softplus(x)
    log(1 + x)                       -> log1p(x)           (also x + 1)
    exp(x) - 1                       -> expm1(x)           (also exp(x) + (-1))
    1 / (1 + exp(-x))                -> sigmoid(x)
    log(softmax(x, axis))            -> log_softmax(x, axis)
    log(reduce_sum(exp(x), axes))    -> logsumexp(x, axes)  (keepdims too)
    cross_entropy(softmax(x), y)     -> softmax_cross_entropy(x, y)  (same reduction)

"1" is a constant whose elements are all 1.0: a rank-0 tensor or a splat of any shape,
as long as it broadcasts to no more than the other operand's shape. A rewrite applies only
when the result keeps its type.

Unlike canonicalization, these rewrites change values, for the better: log(1 + exp(100.0))
is inf in f32 and softplus(100.0) is 100.0; log(1 + 1e-10) is 0 and log1p(1e-10) is 1e-10.

When an op the rewrite absorbs has other users, it stays for them, and the fused op
computes part of its work again (an exp, a sigmoid, a softmax). The rewrites that fix a
value apply anyway by default, since a correct root is worth one more elementwise exp or
one more reduction; `shared=false` restricts them to intermediates with no other user.
Rewriting a sigmoid written out as 1 / (1 + exp(-x)) fixes nothing (it overflows only to
a correct 0), so it applies only where the exp and the add have no other users.

The rewrites run with the greedy driver of `irc.passes.rewrite` (which also folds), so a
rewrite exposing another (a sigmoid written out under a log) is applied too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from irc.dialects.nn import elementwise as nn
from irc.dialects.nn import reduce as nn_reduce
from irc.dialects.nn_canonicalize import build, same_type
from irc.dialects.nn_folds import is_splat
from irc.ir import types as T
from irc.ir.core import Operation, Value
from irc.passes.pass_manager import Pass, PassContext, option
from irc.passes.rewrite import (
    Const,
    GreedyConfig,
    P,
    PatternSet,
    RewriteError,
    Var,
    apply_patterns_greedily,
    report_non_convergence,
    rule,
)

x, y = Var("x"), Var("y")


def _is_float_splat(number: float) -> Callable:
    def check(attr) -> bool:
        return isinstance(attr.type.element_type, T.FloatType) and is_splat(attr, number)

    return check


one = Const("one", _is_float_splat(1.0), "1.0")
minus_one = Const("minus_one", _is_float_splat(-1.0), "-1.0")


# -- helpers ------------------------------------------------------------------------------------


def _only_use(op: Operation) -> bool:
    return len(op.results[0].uses) == 1


def _negated(rewriter, m, value: Value) -> Value:
    """-value, without building neg(neg(y)): y when value is neg(y)."""
    owner = getattr(value, "op", None)
    if isinstance(owner, nn.NegOp):
        return owner.operands[0]
    return rewriter.create(nn.NegOp, [value], [value.type]).results[0]


def _fused(rewrite: Callable, redone: tuple[str, ...], shared: bool) -> Callable:
    """`rewrite` that first declines when one of the ops named `redone` (whose work the
    fused op computes again) has another user, unless `shared` allows it."""

    def guarded(rewriter, m):
        if not shared and not all(_only_use(getattr(m, name)) for name in redone):
            return None
        return rewrite(rewriter, m)

    guarded.__name__ = getattr(rewrite, "__name__", "rewrite")
    return guarded


def _op_of_x(op_class) -> Callable:
    """A rewrite to `op_class(x)` when it keeps the result type."""

    def rewrite(rewriter, m):
        return build(rewriter, m, op_class, [m.x])

    rewrite.__name__ = f"to_{op_class.name.split('.', 1)[1]}"
    return rewrite


def _minus_softplus(negate_x: bool) -> Callable:
    """A rewrite to -softplus(-x) (or -softplus(x))."""

    def rewrite(rewriter, m):
        if same_type(m, m.x) is None:
            return None
        argument = _negated(rewriter, m, m.x) if negate_x else m.x
        softplus = rewriter.create(nn.SoftplusOp, [argument], [m.x.type]).results[0]
        return rewriter.create(nn.NegOp, [softplus], [m.x.type]).results[0]

    rewrite.__name__ = "minus_softplus_of_minus_x" if negate_x else "minus_softplus_of_x"
    return rewrite


def _exp(name: str = "exp"):
    return P(nn.ExpOp, x, name=name)


def _one_plus(operand) -> list[P]:
    """1 + operand and operand + 1 (the rewrites check that the 1 broadcasts the operand
    no further, by the type of what they build)."""
    return [
        P(nn.AddOp, one, operand, name="add"),
        P(nn.AddOp, operand, one, name="add"),
    ]


# -- the rules ----------------------------------------------------------------------------------


def elementwise_rules(shared: bool) -> list:
    """The rules over elementwise ops; `shared` as the pass option."""
    rules = []
    for add in _one_plus(_exp()):
        # log(1 + exp(x)) -> softplus(x)
        fused = _fused(_op_of_x(nn.SoftplusOp), ("add", "exp"), shared)
        rules.append(rule("LogOnePlusExp", P(nn.LogOp, add), fused))
    # log1p(exp(x)) -> softplus(x)
    fused = _fused(_op_of_x(nn.SoftplusOp), ("exp",), shared)
    rules.append(rule("Log1pExp", P(nn.Log1pOp, _exp()), fused))
    # log(sigmoid(x)) -> -softplus(-x)
    sigmoid = P(nn.SigmoidOp, x, name="sigmoid")
    fused = _fused(_minus_softplus(negate_x=True), ("sigmoid",), shared)
    rules.append(rule("LogSigmoid", P(nn.LogOp, sigmoid), fused))
    # log(1 - sigmoid(x)) -> -softplus(x)
    one_minus = P(nn.SubOp, one, sigmoid, name="sub")
    fused = _fused(_minus_softplus(negate_x=False), ("sub", "sigmoid"), shared)
    rules.append(rule("LogOneMinusSigmoid", P(nn.LogOp, one_minus), fused))
    for add in _one_plus(x):
        # log(1 + x) -> log1p(x)   (nothing is computed twice: log1p replaces the log)
        rules.append(rule("LogOnePlus", P(nn.LogOp, add), _op_of_x(nn.Log1pOp)))
    # exp(x) - 1 -> expm1(x)
    fused = _fused(_op_of_x(nn.Expm1Op), ("exp",), shared)
    rules.append(rule("ExpMinusOne", P(nn.SubOp, _exp(), one), fused))
    # exp(x) + (-1) -> expm1(x); (-1) + exp(x) -> expm1(x)
    rules.append(rule("ExpPlusMinusOne", P(nn.AddOp, _exp(), minus_one), fused))
    rules.append(rule("MinusOnePlusExp", P(nn.AddOp, minus_one, _exp()), fused))
    for add in _one_plus(P(nn.ExpOp, P(nn.NegOp, x), name="exp")):
        # 1 / (1 + exp(-x)) -> sigmoid(x)   (saves work only: never when shared)
        fused = _fused(_op_of_x(nn.SigmoidOp), ("add", "exp"), shared=False)
        rules.append(rule("SigmoidWrittenOut", P(nn.DivOp, one, add), fused))
    return rules


def _log_softmax(rewriter, m):
    axis = m.softmax.properties["axis"]
    return build(rewriter, m, nn_reduce.LogSoftmaxOp, [m.x], {"axis": axis})


def _logsumexp(rewriter, m):
    properties = {k: v for k, v in m.sum.properties.items() if k in ("axes", "keepdims")}
    return build(rewriter, m, nn_reduce.LogsumexpOp, [m.x], properties)


def _softmax_cross_entropy(rewriter, m):
    """Only for a softmax over the classes, the last dimension."""
    if m.softmax.properties["axis"].value != m.x.type.rank - 1:
        return None
    properties = {"reduction": m.op.properties["reduction"]}
    return build(rewriter, m, nn_reduce.SoftmaxCrossEntropyOp, [m.x, m.y], properties)


def reduce_rules(shared: bool) -> list:
    """The rules over softmax and reductions; `shared` as the pass option."""
    softmax = P(nn_reduce.SoftmaxOp, x, name="softmax")
    total = P(nn_reduce.ReduceSumOp, _exp(), name="sum")
    return [
        # log(softmax(x, axis)) -> log_softmax(x, axis)
        rule("LogSoftmax", P(nn.LogOp, softmax), _fused(_log_softmax, ("softmax",), shared)),
        # log(reduce_sum(exp(x), axes)) -> logsumexp(x, axes)
        rule("LogSumExp", P(nn.LogOp, total), _fused(_logsumexp, ("sum", "exp"), shared)),
        # cross_entropy(softmax(x, last axis), y) -> softmax_cross_entropy(x, y)
        rule(
            "CrossEntropySoftmax",
            P(nn_reduce.CrossEntropyOp, softmax, y),
            _fused(_softmax_cross_entropy, ("softmax",), shared),
        ),
    ]


_PATTERN_SETS: dict[bool, PatternSet] = {}


def stabilize_patterns(shared: bool = True) -> PatternSet:
    """The pass's rules, one indexed set per value of `shared`, kept."""
    found = _PATTERN_SETS.get(shared)
    if found is None:
        found = _PATTERN_SETS[shared] = PatternSet(
            [*elementwise_rules(shared), *reduce_rules(shared)]
        )
    return found


@dataclass
class Stabilize(Pass):
    name = "nn-stabilize"
    summary = "Rewrite nn expressions that overflow or lose accuracy into stable ops"

    shared: bool = option(
        True,
        "rewrite also where an absorbed intermediate has other users (it stays for them, "
        "and its work is done twice)",
    )
    max_iterations: int = option(10, "max iterations of the greedy rewrite")
    debug: bool = option(False, "print each rewrite and failed match (IRC_DEBUG_REWRITES=1)")

    def run(self, op: Operation, context: PassContext) -> None:
        config = GreedyConfig(
            max_iterations=self.max_iterations, debug=True if self.debug else None
        )
        try:
            result = apply_patterns_greedily(op, stabilize_patterns(self.shared), config)
        except RewriteError as error:
            context.diagnostics.error(error.location, str(error))
            return
        if not result.converged:
            report_non_convergence(result, op, context.diagnostics, self.name)
