"""convert-scf-to-cf: lower structured control flow (scf) to blocks and branches (cf).

Each pattern is MLIR's (mlir/lib/Conversion/SCFToControlFlow), building the same blocks in
the same order, so that the output reads as iree-opt's does:

    scf.for        init block ─br─▶ condition block (iv, iter_args: cmpi slt/ult, cond_br)
                   ─▶ body blocks (…, addi iv step, br back) ; exit ─▶ continuation
    scf.if         cond_br ─▶ then blocks / else blocks ─br─▶ continuation (results as args)
    scf.while      br ─▶ before blocks ─cond_br─▶ after blocks (br back) | continuation;
                   a do-while (an `after` region that only forwards its arguments) loops
                   on the `before` blocks alone
    scf.execute_region  br ─▶ its blocks ─br─▶ continuation (results as args)
    scf.index_switch    arith.index_cast to i64, cf.switch ─▶ case blocks, default block
    scf.parallel   a nest of scf.for loops (reductions carried as iter_args, combined by
                   the inlined reduction bodies), lowered again by the scf.for pattern

Contract: the six ops above are illegal and every other op is legal, so the pass lowers
every scf loop and conditional and leaves the rest (scf.yield and friends disappear with
their parents). The patterns run outermost first: the regions of an op are inlined while
the ops in them are still structured, and those ops are lowered in turn where they land.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from irc.dialects import arith, cf, scf
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Block, Operation
from irc.ir.opdef import SEGMENT_SIZES
from irc.passes.conversion import (
    ConversionRewriter,
    ConversionTarget,
    Operands,
    apply_partial_conversion,
    pattern,
)
from irc.passes.pass_manager import Pass, PassContext

SLT, ULT = arith.CMPI_PREDICATES.index("slt"), arith.CMPI_PREDICATES.index("ult")


# -- helpers ----------------------------------------------------------------------------------


def _br(rewriter: ConversionRewriter, dest: Block, values=(), location=None) -> Operation:
    return rewriter.create(cf.BranchOp, list(values), successors=[dest], location=location)


def _cond_br(rewriter: ConversionRewriter, condition, true_dest: Block, false_dest: Block,
             true_values=(), false_values=(), location=None) -> Operation:  # fmt: skip
    true_values, false_values = list(true_values), list(false_values)
    sizes = A.DenseArrayAttr(T.I32, [1, len(true_values), len(false_values)])
    return rewriter.create(
        cf.CondBranchOp,
        [condition, *true_values, *false_values],
        properties={SEGMENT_SIZES: sizes},
        successors=[true_dest, false_dest],
        location=location,
    )


def _split_at(rewriter: ConversionRewriter, op: Operation) -> tuple[Block, Block]:
    """Split `op`'s block before it: (the block above, the new block holding `op` and the
    ops after it)."""
    above = op.parent
    return above, rewriter.split_block(above, op)


def _yield_to(
    rewriter: ConversionRewriter, block: Block, dest: Block, at_yield: bool = False
) -> None:
    """Replace `block`'s scf.yield by a branch to `dest` passing the yielded values; the
    branch has the yield's location if `at_yield` (MLIR's replaceOpWithNewOp), else the
    rewritten op's."""
    terminator = block.last
    rewriter.set_insertion_point_to_end(block)
    _br(rewriter, dest, terminator.operands, terminator.location if at_yield else None)
    rewriter.erase_op(terminator)


def _single_yield_region(region, what: str) -> str | None:
    """Why a region cannot be lowered (not one block ending in scf.yield), else None."""
    if len(region.blocks) != 1:
        return f"{what} has {len(region.blocks)} blocks; one is expected"
    if not isinstance(region.blocks[0].last, scf.YieldOp):
        return f"{what} does not end in 'scf.yield'"
    return None


# -- scf.for ------------------------------------------------------------------------------------


def lower_for(op: scf.ForOp, operands: Operands, rewriter: ConversionRewriter) -> bool:
    """init ─br(lb, inits)─▶ cond(iv, args): cmpi slt iv, ub; cond_br ─▶ body ─▶ exit."""
    problem = _single_yield_region(op.regions[0], "the body")
    if problem:
        return rewriter.notify_match_failure(op, problem)
    lower, upper, step = operands[:3]
    init_block, end_block = _split_at(rewriter, op)
    condition_block = op.regions[0].blocks[0]
    first_body_block = rewriter.split_block(condition_block, condition_block.first)
    last_body_block = op.regions[0].blocks[-1]
    rewriter.inline_region_before(op.regions[0], end_block)
    induction = condition_block.args[0]

    terminator = last_body_block.last
    rewriter.set_insertion_point_to_end(last_body_block)
    stepped = rewriter.create(arith.AddIOp, [induction, step], [induction.type]).result
    _br(rewriter, condition_block, [stepped, *terminator.operands])
    rewriter.erase_op(terminator)

    rewriter.set_insertion_point_to_end(init_block)
    _br(rewriter, condition_block, [lower, *operands[3:]])

    rewriter.set_insertion_point_to_end(condition_block)
    predicate = ULT if "unsignedCmp" in op.properties else SLT
    compare = rewriter.create(
        arith.CmpIOp,
        [induction, upper],
        [T.I1],
        properties={"predicate": A.IntegerAttr(predicate, T.I64)},
    )
    _cond_br(rewriter, compare.result, first_body_block, end_block)
    rewriter.replace_op(op, condition_block.args[1:])
    return True


# -- scf.if -------------------------------------------------------------------------------------


def lower_if(op: scf.IfOp, operands: Operands, rewriter: ConversionRewriter) -> bool:
    """cond_br ─▶ then ─br─▶ continue(results) ◀─br─ else; continue ─br─▶ the rest."""
    then_region, else_region = op.regions
    for region, what in ((then_region, "the then region"), (else_region, "the else region")):
        problem = _single_yield_region(region, what) if region.blocks else None
        if problem:
            return rewriter.notify_match_failure(op, problem)
    if not then_region.blocks:
        return rewriter.notify_match_failure(op, "the then region is empty")
    condition_block, remaining = _split_at(rewriter, op)
    if op.results:
        continue_block = rewriter.create_block(
            remaining.parent, op.result_types, [op.location] * len(op.results), before=remaining
        )
        _br(rewriter, remaining)
    else:
        continue_block = remaining

    then_block = then_region.blocks[0]
    _yield_to(rewriter, then_region.blocks[-1], continue_block)
    rewriter.inline_region_before(then_region, continue_block)

    else_block = continue_block
    if else_region.blocks:
        else_block = else_region.blocks[0]
        _yield_to(rewriter, else_region.blocks[-1], continue_block)
        rewriter.inline_region_before(else_region, continue_block)

    rewriter.set_insertion_point_to_end(condition_block)
    _cond_br(rewriter, operands[0], then_block, else_block)
    rewriter.replace_op(op, continue_block.args)
    return True


# -- scf.execute_region ---------------------------------------------------------------------------


def lower_execute_region(
    op: scf.ExecuteRegionOp, operands: Operands, rewriter: ConversionRewriter
) -> bool:
    """br ─▶ the region's blocks; each scf.yield ─br─▶ the rest (results as arguments)."""
    region = op.regions[0]
    if not region.blocks:
        return rewriter.notify_match_failure(op, "the region is empty")
    condition_block, remaining = _split_at(rewriter, op)
    rewriter.set_insertion_point_to_end(condition_block)
    _br(rewriter, region.blocks[0])
    for block in list(region.blocks):
        if isinstance(block.last, scf.YieldOp):
            _yield_to(rewriter, block, remaining, at_yield=True)
    rewriter.inline_region_before(region, remaining)
    results = [remaining.add_argument(t, op.location) for t in op.result_types]
    rewriter.replace_op(op, results)
    return True


# -- scf.while ------------------------------------------------------------------------------------


def _while_shape_problem(op: scf.WhileOp) -> str | None:
    before, after = op.regions
    if len(before.blocks) != 1 or not isinstance(before.blocks[0].last, scf.ConditionOp):
        return "the before region is not one block ending in 'scf.condition'"
    if len(after.blocks) != 1 or not isinstance(after.blocks[0].last, scf.YieldOp):
        return "the after region is not one block ending in 'scf.yield'"
    return None


def lower_while(op: scf.WhileOp, operands: Operands, rewriter: ConversionRewriter) -> bool:
    """br(inits) ─▶ before ─cond_br─▶ after ─br─▶ before | ─▶ continuation."""
    problem = _while_shape_problem(op)
    if problem:
        return rewriter.notify_match_failure(op, problem)
    current, continuation = _split_at(rewriter, op)
    before_region, after_region = op.regions
    after = after_region.blocks[0]
    before = before_region.blocks[0]
    rewriter.inline_region_before(after_region, continuation)
    rewriter.inline_region_before(before_region, after)

    rewriter.set_insertion_point_to_end(current)
    _br(rewriter, before, operands)

    condition = before.last
    args = condition.operands[1:]
    rewriter.set_insertion_point_to_end(before)
    _cond_br(rewriter, condition.operands[0], after, continuation, args, (), condition.location)
    rewriter.erase_op(condition)

    yield_op = after.last
    rewriter.set_insertion_point_to_end(after)
    _br(rewriter, before, yield_op.operands, yield_op.location)
    rewriter.erase_op(yield_op)
    rewriter.replace_op(op, args)
    return True


def lower_do_while(op: scf.WhileOp, operands: Operands, rewriter: ConversionRewriter) -> bool:
    """A while whose after region only yields its arguments back: the before region loops
    on itself, br(inits) ─▶ before ─cond_br─▶ before | continuation."""
    problem = _while_shape_problem(op)
    if problem:
        return rewriter.notify_match_failure(op, problem)
    after = op.regions[1].blocks[0]
    if after.first is not after.last:
        return rewriter.notify_match_failure(
            op, "do-while simplification applicable only if 'after' region has no payload"
        )
    if after.last.operands != after.args:
        return rewriter.notify_match_failure(
            op, "do-while simplification applicable only to forwarding 'after' regions"
        )
    current, continuation = _split_at(rewriter, op)
    before = op.regions[0].blocks[0]
    rewriter.inline_region_before(op.regions[0], continuation)

    rewriter.set_insertion_point_to_end(current)
    _br(rewriter, before, operands)

    condition = before.last
    args = condition.operands[1:]
    rewriter.set_insertion_point_to_end(before)
    _cond_br(rewriter, condition.operands[0], before, continuation, args, (), condition.location)
    rewriter.erase_op(condition)
    rewriter.replace_op(op, args)
    return True


# -- scf.index_switch -----------------------------------------------------------------------------


def lower_index_switch(
    op: scf.IndexSwitchOp, operands: Operands, rewriter: ConversionRewriter
) -> bool:
    """index_cast to i64; cf.switch ─▶ case blocks | default block ─br─▶ continue(results)."""
    for number, region in enumerate(op.regions):
        problem = _single_yield_region(region, f"region #{number}")
        if problem:
            return rewriter.notify_match_failure(op, problem)
    condition_block, continue_block = _split_at(rewriter, op)
    results = [continue_block.add_argument(t, op.location) for t in op.result_types]

    def lower_region(region) -> Block:
        block = region.blocks[0]
        _yield_to(rewriter, block, continue_block, at_yield=True)
        rewriter.inline_region_before(region, continue_block)
        return block

    cases = list(op.case_values)
    case_blocks = [lower_region(region) for region in op.regions[1:]]
    default_block = lower_region(op.regions[0])

    rewriter.set_insertion_point_to_end(condition_block)
    flag = rewriter.create(arith.IndexCastOp, [operands[0]], [T.I64]).result
    properties = {
        "case_operand_segments": A.DenseArrayAttr(T.I32, [0] * len(cases)),
        SEGMENT_SIZES: A.DenseArrayAttr(T.I32, [1, 0, 0]),
    }
    if cases:
        values = np.array(cases, dtype=np.int64)
        properties["case_values"] = A.DenseElementsAttr(T.VectorType([len(cases)], T.I64), values)
    rewriter.create(
        cf.SwitchOp, [flag], properties=properties, successors=[default_block, *case_blocks]
    )
    rewriter.replace_op(op, results)
    return True


# -- scf.parallel ---------------------------------------------------------------------------------


def lower_parallel(op: scf.ParallelOp, operands: Operands, rewriter: ConversionRewriter) -> bool:
    """A nest of scf.for, one per dimension, outermost first; the reductions are carried as
    iter_args and combined by their inlined bodies at the end of the innermost body."""
    body = op.regions[0].blocks[0] if len(op.regions[0].blocks) == 1 else None
    if body is None or not isinstance(body.last, scf.ReduceOp):
        return rewriter.notify_match_failure(op, "the body does not end in 'scf.reduce'")
    reduce = body.last
    iter_args = list(operands.group("initVals"))
    bounds = zip(operands.group("lowerBound"), operands.group("upperBound"),
                 operands.group("step"), strict=True)  # fmt: skip
    inductions, loop_results = [], list(iter_args)
    for depth, (lower, upper, step) in enumerate(bounds):
        loop = rewriter.insert(scf.ForOp.build(lower, upper, step, iter_args, location=op.location))
        inductions.append(loop.body.args[0])
        iter_args = list(loop.body.args[1:])
        if depth == 0:
            loop_results = list(loop.results)
        elif loop.results:
            rewriter.set_insertion_point_to_end(loop.parent)
            rewriter.create(scf.YieldOp, list(loop.results))
        rewriter.set_insertion_point_to_start(loop.body)

    yielded = []
    for number, region in enumerate(reduce.regions):
        reduction = region.blocks[0]
        combine = reduction.last
        yielded.append(combine.operands[0])
        rewriter.erase_op(combine)
        rewriter.inline_block_before(
            reduction, reduce, [iter_args[number], reduce.operands[number]]
        )
    rewriter.erase_op(reduce)

    innermost = rewriter.insertion_block
    if innermost.is_empty:
        rewriter.merge_blocks(body, innermost, inductions)
    else:
        rewriter.inline_block_before(body, innermost.last, inductions)
    if yielded:
        rewriter.set_insertion_point_to_end(innermost)
        rewriter.create(scf.YieldOp, yielded)
    rewriter.replace_op(op, loop_results)
    return True


# -- the pass -------------------------------------------------------------------------------------

PATTERNS = (
    pattern(scf.ForOp, lower_for),
    pattern(scf.IfOp, lower_if),
    pattern(scf.ParallelOp, lower_parallel),
    pattern(scf.WhileOp, lower_while),
    pattern(scf.ExecuteRegionOp, lower_execute_region),
    pattern(scf.IndexSwitchOp, lower_index_switch),
    pattern(scf.WhileOp, lower_do_while, benefit=2),
)

ILLEGAL_OPS = (
    scf.ForOp,
    scf.IfOp,
    scf.IndexSwitchOp,
    scf.ParallelOp,
    scf.WhileOp,
    scf.ExecuteRegionOp,
)


def conversion_target() -> ConversionTarget:
    target = ConversionTarget().add_illegal_op(*ILLEGAL_OPS)
    return target.mark_unknown_op_dynamically_legal(lambda op: True)


@dataclass
class ConvertSCFToCF(Pass):
    name = "convert-scf-to-cf"
    summary = (
        "Convert SCF dialect to ControlFlow dialect, replacing structured control flow with a CFG"
    )

    def run(self, op: Operation, context: PassContext) -> None:
        apply_partial_conversion(op, conversion_target(), PATTERNS, context.diagnostics)
