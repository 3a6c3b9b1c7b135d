"""convert-nn-to-linalg: nn ops as linalg, tensor, arith, math (and cf.assert) on tensors.

Value semantics are kept: every nn op becomes structured ops that write fresh tensors
(`tensor.empty` destinations, sized with `tensor.dim` where a size is `?`). One rule per
op (or family) lives in the table of its family's module, keyed by nn op class:

    elementwise   one linalg.generic; broadcasting is in the indexing maps (a size-1
                  dimension reads index 0, missing leading dimensions are dropped);
                  math ops for exp/log/tanh/..., arith payloads for the rest
    reduce        linalg.generic with reduction iterators over a linalg.fill'ed init;
                  matmul as linalg.matmul / batch_matmul (or a generic for transposes
                  of batches and broadcast batches); softmax, logsumexp and the losses
                  as the kernels' stable formulas
    shape         tensor.collapse_shape / expand_shape / extract_slice, concat and pad
                  as tensor.insert_slice into a new (filled) tensor, linalg.transpose,
                  generics for broadcast_to, gather and one_hot (linalg.index and
                  tensor.extract), arith.constant for nn.constant
    random        keys as tensor<2xi32> (the two uint32 words); the Philox rounds as
                  arith ops (irc/runtime/philox.py's ArithWords) in a generic over the
                  draw, converted to floats as philox.py does: the interpreter's bits
    scan          scf.for over the steps: tensor.extract_slice of each sequence at the
                  time index, the body moved into the loop (its nn ops lowered there),
                  per-step outputs written into stacks with tensor.insert_slice;
                  `lengths` as a per-row select after the body
    gradient      forward, each op is its operand

Semantics are the interpreter kernels' (irc/runtime/kernels/nn): float functions that the
kernels compute in float64 and round once (sigmoid, softplus, rsqrt, softmax, logsumexp,
the losses) are computed in f64 and truncated once, but for f32 softmax, log_softmax and
softmax_cross_entropy, whose exps are f32 (one per element; within 3 and 2 ulps of
the kernel: reduce.py says how); float
sums, means and products accumulate in f64 with `fastmath<reassoc>`, so that LLVM
vectorizes them (the kernels' order of summation is numpy's, so the f64 sums may differ
in their last bits, which rounding to f32 nearly always hides), f32 matrix products in
f32;
integers wrap; integer division is arith.divsi (the interpreter and the JIT report a
zero divisor), with MIN / -1 wrapping to MIN as in the kernel (a select keeps -1 away
from divsi, which would fault); float-to-integer casts saturate (NaN gives 0) with
explicit selects, so arith.fptosi never sees a value out of range.

`?` sizes. Where two `?` sizes (or a `?` and a static size) meet in a broadcast, the
compiled code cannot stretch a size that turns out to be 1 when the program runs: the
lowering treats them as equal sizes and emits `cf.assert` on the sizes, with a message
naming the op and both sizes. irc.jit specializes `?` sizes per call, making shapes
static, and where sizes are static no assert is emitted. Other run-time checks of the kernels become
asserts too (matmul's contracted sizes, labels against scores, indices of gather and
one_hot and labels in range, reductions with no identity over a `?` dimension, reshape
counts, slice bounds).

Every nn op has a rule (nn.yield goes with its scan). Some forms are not lowered yet and
stay: random ops whose key is a `!nn.key` function argument (the calling convention of
keys is not lowered; irc.jit turns key parameters into seeds first) and scans carrying a
key. The pass then fails with a located "failed to
legalize" error naming each op and why, unless `allow-partial` is set, when they are left
in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from irc.dialects.nn import OPS as NN_OPS
from irc.ir.builder import Builder
from irc.ir.core import Operation
from irc.lowering.nn_to_linalg import elementwise, gradient, random, reduce, scan, shape
from irc.lowering.nn_to_linalg.common import Emit, Unsupported
from irc.passes.conversion import (
    ConversionRewriter,
    ConversionTarget,
    FunctionPattern,
    Operands,
    _source_text,
    apply_partial_conversion,
)
from irc.passes.pass_manager import Pass, PassContext, option

RULES: dict = {}
for _family in (elementwise, reduce, shape, random, scan, gradient):
    RULES.update(_family.RULES)


class _At(Builder):
    """Creates at its own insertion point through the conversion rewriter (so the driver
    sees every new op)."""

    __slots__ = ("rewriter",)

    def __init__(self, rewriter: ConversionRewriter, location) -> None:
        super().__init__(rewriter.insertion_point, location)
        self.rewriter = rewriter

    def insert(self, op: Operation) -> Operation:
        saved = self.rewriter.insertion_point
        self.rewriter.insertion_point = self.insertion_point
        try:
            return self.rewriter.insert(op)
        finally:
            self.rewriter.insertion_point = saved


def _lowering(rule):
    def lower(op: Operation, operands: Operands, rewriter: ConversionRewriter) -> bool:
        builder = _At(rewriter, op.location)
        try:
            results = rule(Emit(builder), op, list(operands))
        except Unsupported as reason:
            return rewriter.notify_match_failure(op, str(reason))
        rewriter.replace_op(op, results)
        return True

    return lower


class RulePattern(FunctionPattern):
    """The pattern of one table row: its label and source (in diagnostics and debug
    views) are the rule's own, or its payload's for an elementwise row."""

    def __init__(self, root: type, rule) -> None:
        super().__init__(root, _lowering(rule), label=f"{root.name} -> {rule.__name__}")
        defined = getattr(rule, "payload", rule)
        self.defined = getattr(defined, "function", defined)

    def source(self) -> str:
        code = getattr(self.defined, "__code__", None)
        if code is None:
            return super().source()
        return _source_text(code.co_filename, code.co_firstlineno)


PATTERNS = tuple(RulePattern(cls, rule) for cls, rule in RULES.items())


def conversion_target() -> ConversionTarget:
    target = ConversionTarget().add_illegal_dialect("nn")
    return target.mark_unknown_op_dynamically_legal(lambda op: True)


def partial_target() -> ConversionTarget:
    """nn ops of unknown legality: converted where a rule applies, else left in place."""
    target = ConversionTarget()
    return target.mark_unknown_op_dynamically_legal(_not_nn)


def _not_nn(op: Operation) -> bool | None:
    return None if op.name.startswith("nn.") else True


def unlowered_ops() -> list[str]:
    """The nn ops that have no rule (the pass leaves them, or fails on them)."""
    return sorted(name for name, cls in NN_OPS.items() if cls not in RULES)


@dataclass
class ConvertNNToLinalg(Pass):
    name = "convert-nn-to-linalg"
    summary = "Lower nn ops to linalg, tensor, arith and math ops on tensors"

    allow_partial: bool = option(False, "leave nn ops that have no lowering instead of failing")

    def run(self, op: Operation, context: PassContext) -> None:
        target = partial_target() if self.allow_partial else conversion_target()
        apply_partial_conversion(op, target, PATTERNS, context.diagnostics)
