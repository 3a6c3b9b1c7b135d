"""Reverse mode over one function: Theano's `grad` as an IR-to-IR transformation.

For `@f(x0, ..., xn) -> (y0, ..., ym)` and the arguments `wrt`, `gradient_function` writes

    @f_grad(x0, ..., xn, dy0, ..., dym) -> (y0, ..., ym, dx_wrt0, ...)

a vector-Jacobian product: the forward ops copied, then, walking them backwards, each op's
rule (`RULES`, keyed by op class) turns the cotangents of its results into cotangents of
its operands, summed where a value has several users. With `cotangents=False` (the default
for a function whose one result is a float scalar) there are no `dy` parameters and the
result is seeded with 1: the gradient of a scalar loss. The output is plain nn and func IR,
so it lowers, runs and can be differentiated again. Calls are inlined as the forward ops
are copied (recursion is an error).

An op with a result on the differentiated path and no rule is an error naming it, unless
its class is in `NO_GRADIENT` (integer and boolean results, comparisons, argmax, random
keys and draws, constants): nothing flows through those. A `wrt` argument no path reaches
gets zeros (`disconnected="zeros"`) or is an error (`disconnected="error"`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from irc.dialects import func
from irc.dialects.nn import elementwise as ew
from irc.dialects.nn import random as rnd
from irc.dialects.nn import reduce as red
from irc.dialects.nn import shape as sh
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.builder import Builder, InsertionPoint
from irc.ir.core import Block, Operation, Region, Value
from irc.ir.diagnostics import Diagnostic, IRError
from irc.ir.location import UNKNOWN
from irc.passes.autodiff.emit import Grad, differentiable

Rule = Callable[..., list]  # (Grad, op, *result cotangents) -> operand cotangents
RULES: dict[type, Rule] = {}

# Ops through which no gradient flows: their results are integers, booleans or keys, or
# constant. An operand of theirs gets no cotangent from them.
NO_GRADIENT: frozenset[type] = frozenset(
    {
        ew.EqOp, ew.NeOp, ew.LtOp, ew.LeOp, ew.GtOp, ew.GeOp,  # booleans
        ew.SignOp,  # piecewise constant: zero almost everywhere
        red.ArgmaxOp,  # an index
        sh.ConstantOp, sh.OneHotOp,  # constants, integer labels in
        rnd.RandomKeyOp, rnd.RandomSplitOp, rnd.RandomFoldOp, rnd.RandomBitsOp,  # keys, bits
        rnd.RandomUniformOp, rnd.RandomNormalOp, rnd.RandomBernoulliOp,  # draws: no gradient
    }
)  # fmt: skip


# Ops whose rule needs values their forward op does not give (nn.scan: its carried values
# at every step) have a forward rule `(builder, op, mapping) -> op`: it builds the op in
# the gradient function in place of a copy, with those values as results after its own.
FORWARD: dict[type, Callable[..., Operation]] = {}


class AutodiffError(IRError):
    """Why a gradient cannot be written, located at `op` (None: unknown); from Python it
    reads as any located IRError, and the pass reports it as a diagnostic."""

    def __init__(self, message: str, op: Operation | None = None) -> None:
        super().__init__(Diagnostic("error", op.location if op is not None else UNKNOWN, message))
        self.message = message
        self.op = op


def wants_cotangents(function: func.FuncOp) -> bool:
    """Whether the gradient function takes output cotangents: not when the one result is
    a float scalar (a loss), whose gradient is seeded with 1."""
    results = function.function_type.results
    scalar = len(results) == 1 and isinstance(results[0], T.TensorType) and not results[0].shape
    return not (scalar and isinstance(results[0].element_type, T.FloatType))


def gradient_function(
    function: func.FuncOp,
    wrt: Sequence[int],
    name: str,
    cotangents: bool | None = None,
    disconnected: str = "zeros",
) -> func.FuncOp:
    """The gradient function of `function` (not placed in any module)."""
    if len(function.regions[0].blocks) != 1:
        raise AutodiffError("only functions of one block are differentiated", function)
    inputs = list(function.function_type.inputs)
    for index in wrt:
        if not 0 <= index < len(inputs):
            raise AutodiffError(f"no argument #{index} to differentiate with respect to")
    cotangents = wants_cotangents(function) if cotangents is None else cotangents
    outputs = list(function.function_type.results)
    entry = Block([*inputs, *(outputs if cotangents else [])])
    b = Builder(InsertionPoint.at_end(entry), function.location)
    body = function.regions[0].blocks[0]
    mapping: dict = dict(zip(body.args, entry.args, strict=False))
    forward: list[Operation] = []
    _copy_inlined(b, body, mapping, forward, (function,))
    results = [mapping.get(v, v) for v in body.last.operands]
    g = Grad(b)
    seeds = entry.args[len(inputs) :] if cotangents else _loss_seed(g, function, results)
    adjoints = backward(g, forward, zip(results, seeds, strict=True))
    grads = []
    for index in wrt:
        arg = entry.args[index]
        if not differentiable(arg):
            raise AutodiffError(f"argument #{index} of type {arg.type} is not a float tensor")
        if arg not in adjoints and disconnected == "error":
            raise AutodiffError(f"argument #{index} does not reach any result")
        grads.append(adjoints[arg] if arg in adjoints else g.zeros_like(arg))
    b.create(func.ReturnOp, [*results, *grads])
    signature = T.FunctionType([a.type for a in entry.args], [v.type for v in (*results, *grads)])
    return func.FuncOp(
        properties={"sym_name": A.StringAttr(name), "function_type": A.TypeAttr(signature)},
        regions=[Region([entry])],
        location=function.location,
    )


def _loss_seed(g: Grad, function: func.FuncOp, results: list) -> list:
    """Without cotangent arguments: 1 for the first result, which must be a float scalar
    (a loss); the other results are auxiliary outputs that get no cotangent."""
    first = results[0].type if results else None
    if not (isinstance(first, T.TensorType) and not first.shape
            and isinstance(first.element_type, T.FloatType)):  # fmt: skip
        raise AutodiffError(
            "cotangents=false differentiates the first result, which must be a float scalar "
            f"(a loss), not {first}",
            function,
        )
    return [g.scalar(1.0, results[0]), *[None] * (len(results) - 1)]


def _copy_inlined(b: Builder, body: Block, mapping: dict, copied: list, callers: tuple) -> None:
    """Copy the ops of `body` (but its terminator) to `b`, with each func.call replaced by
    its callee's body, so that the gradient sees one straight line of nn ops."""
    for op in body:
        if op is body.last:
            return
        if not isinstance(op, func.CallOp):
            copied.append(copy_op(b, op, mapping))
            continue
        callee = func.lookup_symbol(op, op.callee)
        if not isinstance(callee, func.FuncOp) or callee.is_declaration:
            raise AutodiffError(f"cannot differentiate through the call of {op.callee}", op)
        if callee in callers:
            raise AutodiffError(f"cannot differentiate a recursive call of {op.callee}", op)
        if len(callee.regions[0].blocks) != 1:
            raise AutodiffError(f"{op.callee} has more than one block", op)
        inner = callee.regions[0].blocks[0]
        local = dict(mapping)
        local.update(zip(inner.args, [mapping.get(v, v) for v in op.operands], strict=True))
        _copy_inlined(b, inner, local, copied, (*callers, callee))
        for result, value in zip(op.results, inner.last.operands, strict=True):
            mapping[result] = local.get(value, value)


def copy_op(b: Builder, op: Operation, mapping: dict) -> Operation:
    """A copy of `op` at `b`, or what its FORWARD rule builds in its place."""
    rule = FORWARD.get(type(op))
    if rule is None:
        return b.insert(op.clone(mapping))
    made = rule(b, op, mapping)
    mapping.update(zip(op.results, made.results, strict=False))
    return made


def backward(g: Grad, forward: Sequence[Operation], seeds) -> dict[Value, Value]:
    """Reverse mode over the ops `forward` from the (value, cotangent) pairs `seeds` (a
    None cotangent: none): the cotangent of every value on a path to a seed, arguments
    and values read from outside `forward` included. A function's gradient and a scan
    body's are both this walk."""
    adjoints: dict[Value, Value] = {}
    for value, seed in seeds:
        if seed is not None and differentiable(value):
            _accumulate(g, adjoints, value, seed)
    for op in reversed(forward):
        _backward(g, op, adjoints)
    return adjoints


def _backward(g: Grad, op: Operation, adjoints: dict[Value, Value]) -> None:
    """Propagate the cotangents of `op`'s results to its operands."""
    incoming = [adjoints.get(r) for r in op.results]
    if all(c is None for c in incoming):
        return
    rule = RULES.get(type(op))
    if rule is None:
        if type(op) in NO_GRADIENT:
            return
        raise AutodiffError(
            f"'{op.name}' has no gradient rule (put the value behind nn.stop_gradient if "
            "no gradient should flow through it)",
            op,
        )
    outgoing = rule(g, op, *incoming)
    for operand, cotangent in zip(op.operands, outgoing, strict=True):
        if cotangent is not None and differentiable(operand):
            if cotangent.type != operand.type:
                cotangent = g.unbroadcast(cotangent, operand.type)
            _accumulate(g, adjoints, operand, cotangent)


def _accumulate(g: Grad, adjoints: dict[Value, Value], value: Value, cotangent: Value) -> None:
    found = adjoints.get(value)
    adjoints[value] = cotangent if found is None else g.add(found, cotangent)
