"""Canonicalization patterns of the cf dialect, as MLIR's (iree-base-compiler 3.13), and
how its branches pass values to block arguments (`BRANCHES`, for the driver's removal of
dead block arguments).

- cf.br to a block whose only predecessor is this block merges that block in;
- a branch to a block that only branches on ("pass-through") goes straight on;
- cf.cond_br on a constant is a cf.br; with both edges to one block it is a cf.br
  (through arith.select where the values differ); on the condition its only
  predecessor branched on it is a cf.br; inside a successor reached only from it, the
  condition is the constant true (false);
- cf.switch with only a default, or on a constant, is a cf.br; cases that go where the
  default goes, with the same values, are dropped;
- cf.assert of true is erased.
"""

from __future__ import annotations

import numpy as np

from irc.dialects import arith, cf
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Block, BlockArgument, Operation, Value
from irc.passes.rewrite import Branch, constant_value, pattern

# -- building branches ------------------------------------------------------------------------


def _segments(*sizes: int) -> A.DenseArrayAttr:
    return A.DenseArrayAttr(T.I32, list(sizes))


def create_br(rewriter, dest: Block, operands: list[Value], like: Operation | None = None):
    return rewriter.create(cf.BranchOp, operands, [], successors=[dest], **_keep(like))


def create_cond_br(
    rewriter,
    condition,
    true_dest,
    true_operands,
    false_dest,
    false_operands,
    like: Operation | None = None,
):
    properties = {"operandSegmentSizes": _segments(1, len(true_operands), len(false_operands))}
    return rewriter.create(
        cf.CondBranchOp,
        [condition, *true_operands, *false_operands],
        [],
        properties,
        successors=[true_dest, false_dest],
        **_keep(like),
    )


def _keep(like: Operation | None) -> dict:
    """The discardable attributes of the op a new branch replaces."""
    return {"attributes": dict(like.attributes)} if like is not None else {}


def _ranges(op: Operation) -> list[range]:
    """The operand indices that go to each successor: the successor operands follow the
    op's other operands in order (cf.br: none, cf.cond_br and cf.switch: one)."""
    counts = [len(op.successor_operands(i)) for i in range(len(op.successors))]
    start = len(op.operand_uses) - sum(counts)
    found = []
    for count in counts:
        found.append(range(start, start + count))
        start += count
    return found


def _successor_range(op: Operation, index: int) -> range:
    return _ranges(op)[index]


def _set_successor_operands(op: Operation, index: int, values: list[Value]) -> None:
    ranges = _ranges(op)
    operands = op.operands
    groups = [operands[r.start : r.stop] for r in ranges]
    groups[index] = list(values)
    prefix = operands[: ranges[0].start] if ranges else operands
    op.set_operands([*prefix, *(v for g in groups for v in g)])
    if isinstance(op, cf.CondBranchOp):
        op.properties["operandSegmentSizes"] = _segments(1, len(groups[0]), len(groups[1]))
    elif isinstance(op, cf.SwitchOp):
        cases = [len(g) for g in groups[1:]]
        op.properties["operandSegmentSizes"] = _segments(1, len(groups[0]), sum(cases))
        op.properties["case_operand_segments"] = _segments(*cases)


BRANCHES = {
    cls: Branch(_successor_range, _set_successor_operands)
    for cls in (cf.BranchOp, cf.CondBranchOp, cf.SwitchOp)
}


# -- helpers ------------------------------------------------------------------------------------


def _int_constant(value: Value):
    attr = constant_value(getattr(value, "op", None))
    return attr.value if isinstance(attr, A.IntegerAttr) else None


def _predecessor_edges(block: Block) -> list[Block]:
    """One entry per branch edge into `block` (a block branching twice here counts twice)."""
    if block.parent is None:
        return []
    return [b for b in block.parent.blocks for s in _successors(b) if s is block]


def _successors(block: Block) -> list[Block]:
    last = block.last
    return list(last.successors) if last is not None else []


def single_predecessor(block: Block) -> Block | None:
    """MLIR's getSinglePredecessor: the one block with the one edge into `block`."""
    edges = _predecessor_edges(block)
    return edges[0] if len(edges) == 1 else None


def _unique_predecessor(block: Block) -> Block | None:
    """MLIR's getUniquePredecessor: every edge comes from one block."""
    edges = _predecessor_edges(block)
    return edges[0] if edges and all(b is edges[0] for b in edges) else None


def collapse_branch(successor: Block, operands: list[Value]) -> tuple[Block, list[Value]] | None:
    """When `successor` only branches on (its arguments used by that branch alone, and
    not to itself): where it goes and with what, given what it receives."""
    terminator = successor.first
    if terminator is None or terminator is not successor.last:
        return None
    if not isinstance(terminator, cf.BranchOp):
        return None
    for arg in successor.args:
        if any(use.owner is not terminator for use in arg.uses):
            return None
    dest = terminator.successors[0]
    if dest is successor:
        return None
    forwarded = []
    for value in terminator.operands:
        if isinstance(value, BlockArgument) and value.block is successor:
            forwarded.append(operands[value.index])
        else:
            forwarded.append(value)
    return dest, forwarded


# -- cf.br ----------------------------------------------------------------------------------------


@pattern(cf.BranchOp, name="SimplifyBrToBlockWithSinglePred")
def simplify_br_to_block_with_single_pred(op: cf.BranchOp, rewriter) -> bool:
    """br ^next(args) where ^next has no other predecessor: ^next's ops join this block."""
    dest = op.successors[0]
    if dest is op.parent or single_predecessor(dest) is not op.parent:
        return rewriter.fail(op, "the destination has other predecessors")
    rewriter.merge_blocks(dest, op.parent, op.operands)
    rewriter.erase_op(op)
    return True


@pattern(cf.BranchOp, name="SimplifyPassThroughBr")
def simplify_pass_through_br(op: cf.BranchOp, rewriter) -> bool:
    """br ^bb1 where ^bb1 only branches to ^bb2 -> br ^bb2."""
    dest = op.successors[0]
    collapsed = None if dest is op.parent else collapse_branch(dest, op.operands)
    if collapsed is None:
        return rewriter.fail(op, "the destination does not only branch on")
    _replace_with_br(rewriter, op, *collapsed)
    return True


# -- cf.cond_br -----------------------------------------------------------------------------------


def _true_operands(op) -> list[Value]:
    return list(op.successor_operands(0))


def _false_operands(op) -> list[Value]:
    return list(op.successor_operands(1))


def _replace_with_br(rewriter, op, dest: Block, operands: list[Value]) -> None:
    """MLIR's replaceOpWithNewOp<BranchOp>: the new branch, then the old one erased."""
    create_br(rewriter, dest, operands, like=op)
    rewriter.erase_op(op)


@pattern(cf.CondBranchOp, name="SimplifyConstCondBranchPred")
def simplify_const_cond_branch_pred(op: cf.CondBranchOp, rewriter) -> bool:
    """cond_br true, ^a, ^b -> br ^a; cond_br false, ^a, ^b -> br ^b."""
    condition = _int_constant(op.operands[0])
    if condition is None:
        return rewriter.fail(op, "the condition is not a constant")
    index = 0 if condition else 1
    _replace_with_br(rewriter, op, op.successors[index], list(op.successor_operands(index)))
    return True


@pattern(cf.CondBranchOp, name="SimplifyPassThroughCondBranch")
def simplify_pass_through_cond_branch(op: cf.CondBranchOp, rewriter) -> bool:
    """cond_br %c, ^a, ^b where ^a (or ^b) only branches on: go straight on."""
    true_dest, false_dest = op.successors
    true_operands, false_operands = _true_operands(op), _false_operands(op)
    collapsed_true = collapse_branch(true_dest, true_operands)
    collapsed_false = collapse_branch(false_dest, false_operands)
    if collapsed_true is None and collapsed_false is None:
        return rewriter.fail(op, "neither destination only branches on")
    true_dest, true_operands = collapsed_true or (true_dest, true_operands)
    false_dest, false_operands = collapsed_false or (false_dest, false_operands)
    create_cond_br(
        rewriter, op.operands[0], true_dest, true_operands, false_dest, false_operands, like=op
    )
    rewriter.erase_op(op)
    return True


@pattern(cf.CondBranchOp, name="SimplifyCondBranchIdenticalSuccessors")
def simplify_cond_branch_identical_successors(op: cf.CondBranchOp, rewriter) -> bool:
    """cond_br %c, ^a(x), ^a(y) -> br ^a(select(%c, x, y)) when this block is ^a's only
    predecessor (or br ^a(x) when x and y are the same values)."""
    true_dest, false_dest = op.successors
    if true_dest is not false_dest:
        return rewriter.fail(op, "the destinations differ")
    true_operands, false_operands = _true_operands(op), _false_operands(op)
    if all(a is b for a, b in zip(true_operands, false_operands, strict=True)):
        _replace_with_br(rewriter, op, true_dest, true_operands)
        return True
    if _unique_predecessor(true_dest) is not op.parent:
        return rewriter.fail(op, "the destination has other predecessors")
    merged = []
    for a, b in zip(true_operands, false_operands, strict=True):
        if a is b:
            merged.append(a)
        else:
            select = rewriter.create(arith.SelectOp, [op.operands[0], a, b], [a.type])
            merged.append(select.results[0])
    _replace_with_br(rewriter, op, true_dest, merged)
    return True


@pattern(cf.CondBranchOp, name="SimplifyCondBranchFromCondBranchOnSameCondition")
def simplify_cond_branch_on_same_condition(op: cf.CondBranchOp, rewriter) -> bool:
    """A cond_br in a block reached only from a cond_br on the same condition knows it."""
    block = op.parent
    predecessor = single_predecessor(block)
    branch = predecessor.last if predecessor is not None else None
    if not isinstance(branch, cf.CondBranchOp) or branch.operands[0] is not op.operands[0]:
        return rewriter.fail(op, "the predecessor does not branch on the same condition")
    index = 0 if branch.successors[0] is block else 1
    _replace_with_br(rewriter, op, op.successors[index], list(op.successor_operands(index)))
    return True


@pattern(cf.CondBranchOp, name="CondBranchTruthPropagation")
def cond_branch_truth_propagation(op: cf.CondBranchOp, rewriter) -> bool:
    """In a successor reached only through this edge the condition is a constant."""
    condition = op.operands[0]
    changed = False
    for index, value in ((0, 1), (1, 0)):
        dest = op.successors[index]
        if single_predecessor(dest) is None:
            continue
        constant = None
        for use in reversed(list(condition.uses)):
            if use.owner.parent is not dest:
                continue
            if constant is None:
                constant = rewriter.create(
                    arith.ConstantOp, [], [T.I1], {"value": A.BoolAttr(bool(value))}
                ).results[0]
            with rewriter.modifying(use.owner):
                use.set(constant)
            changed = True
    return changed or rewriter.fail(op, "no successor uses the condition")


# -- any branch -----------------------------------------------------------------------------------


def _incoming(block: Block) -> list[list[Value]] | None:
    """The values each edge into `block` passes, None if an edge is not a known branch."""
    edges = []
    for predecessor in block.parent.blocks:
        terminator = predecessor.last
        if terminator is None:
            continue
        for number, successor in enumerate(terminator.successors):
            if successor is not block:
                continue
            if type(terminator) not in BRANCHES:
                return None
            edges.append(list(terminator.successor_operands(number)))
    return edges


def _forward_uniform_arguments(op: Operation, rewriter) -> bool:
    """A block argument given the same value on every one of several edges into its block
    is that value (its uses are replaced; region simplification then drops it)."""
    changed = False
    for block in dict.fromkeys(op.successors):
        if not block.args or block.parent is None or block is block.parent.blocks[0]:
            continue
        edges = _incoming(block)
        if edges is None or len(edges) < 2:  # MLIR leaves a single edge's values alone
            continue
        for index, arg in enumerate(block.args):
            value = edges[0][index]
            if value is arg or not arg.uses or any(e[index] is not value for e in edges):
                continue
            rewriter.replace_all_uses_with(arg, value)
            changed = True
    return changed or rewriter.fail(op, "no successor argument receives one value only")


# -- cf.switch ------------------------------------------------------------------------------------


def _case_values(op: cf.SwitchOp) -> list[int]:
    return op.case_values()


def create_switch(rewriter, flag, default, default_operands, cases, like=None):
    """cases: (value, block, operands) triples."""
    properties = {
        "case_operand_segments": _segments(*(len(c[2]) for c in cases)),
        "operandSegmentSizes": _segments(1, len(default_operands), sum(len(c[2]) for c in cases)),
    }
    if cases:
        shape = T.VectorType([len(cases)], flag.type)
        values = [A.normalize_int(c[0], flag.type) for c in cases]
        properties["case_values"] = A.DenseElementsAttr(shape, np.array(values, dtype=np.int64))
    operands = [flag, *default_operands, *(v for c in cases for v in c[2])]
    return rewriter.create(
        cf.SwitchOp,
        operands,
        [],
        properties,
        successors=[default, *(c[1] for c in cases)],
        **_keep(like),
    )


@pattern(cf.SwitchOp, name="SimplifySwitchWithOnlyDefault")
def simplify_switch_with_only_default(op: cf.SwitchOp, rewriter) -> bool:
    """switch %f, [default: ^a(x)] -> br ^a(x); also when every case goes where the
    default goes, with the same values."""
    default, default_operands = op.successors[0], list(op.successor_operands(0))
    for number in range(1, len(op.successors)):
        if op.successors[number] is not default or any(
            a is not b for a, b in zip(op.successor_operands(number), default_operands, strict=True)
        ):
            return rewriter.fail(op, "a case goes elsewhere")
    _replace_with_br(rewriter, op, default, default_operands)
    return True


@pattern(cf.SwitchOp, name="DropSwitchCasesThatMatchDefault")
def drop_switch_cases_that_match_default(op: cf.SwitchOp, rewriter) -> bool:
    """Cases that go where the default goes, with the same values, are dropped."""
    default, default_operands = op.successors[0], list(op.successor_operands(0))
    kept = []
    for number, value in enumerate(_case_values(op), start=1):
        operands = list(op.successor_operands(number))
        same = op.successors[number] is default and all(
            a is b for a, b in zip(operands, default_operands, strict=True)
        )
        if not same:
            kept.append((value, op.successors[number], operands))
    if len(kept) == len(op.successors) - 1:
        return rewriter.fail(op, "no case matches the default")
    create_switch(rewriter, op.operands[0], default, default_operands, kept, like=op)
    rewriter.erase_op(op)
    return True


@pattern(cf.SwitchOp, name="SimplifyConstSwitchValue")
def simplify_const_switch_value(op: cf.SwitchOp, rewriter) -> bool:
    """switch on a constant -> br to the case it selects (or the default)."""
    flag = _int_constant(op.operands[0])
    if flag is None:
        return rewriter.fail(op, "the flag is not a constant")
    number = 0
    for index, value in enumerate(_case_values(op), start=1):
        if A.normalize_int(value, op.operands[0].type) == flag:
            number = index
            break
    _replace_with_br(rewriter, op, op.successors[number], list(op.successor_operands(number)))
    return True


@pattern(cf.SwitchOp, name="SimplifyPassThroughSwitch")
def simplify_pass_through_switch(op: cf.SwitchOp, rewriter) -> bool:
    """Cases (and the default) that go to a block that only branches on go straight on."""
    changed = False
    cases = []
    for number, value in enumerate(_case_values(op), start=1):
        dest, operands = op.successors[number], list(op.successor_operands(number))
        collapsed = collapse_branch(dest, operands)
        if collapsed is not None:
            dest, operands = collapsed
            changed = True
        cases.append((value, dest, operands))
    default, default_operands = op.successors[0], list(op.successor_operands(0))
    collapsed = collapse_branch(default, default_operands)
    if collapsed is not None:
        default, default_operands = collapsed
        changed = True
    if not changed:
        return rewriter.fail(op, "no destination only branches on")
    create_switch(rewriter, op.operands[0], default, default_operands, cases, like=op)
    rewriter.erase_op(op)
    return True


# -- cf.assert ------------------------------------------------------------------------------------


@pattern(cf.AssertOp, name="EraseTrueAssert")
def erase_true_assert(op: cf.AssertOp, rewriter) -> bool:
    """cf.assert of true never aborts."""
    if _int_constant(op.operands[0]) != 1:
        return rewriter.fail(op, "the condition is not the constant true")
    rewriter.erase_op(op)
    return True


PATTERNS = [
    *(
        pattern(cls, name="ForwardUniformBlockArguments")(_forward_uniform_arguments)
        for cls in (cf.BranchOp, cf.CondBranchOp, cf.SwitchOp)
    ),
    simplify_br_to_block_with_single_pred,
    simplify_pass_through_br,
    simplify_const_cond_branch_pred,
    simplify_pass_through_cond_branch,
    simplify_cond_branch_identical_successors,
    simplify_cond_branch_on_same_condition,
    cond_branch_truth_propagation,
    simplify_switch_with_only_default,
    drop_switch_cases_that_match_default,
    simplify_const_switch_value,
    simplify_pass_through_switch,
    erase_true_assert,
]
