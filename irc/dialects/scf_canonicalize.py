"""Canonicalization patterns of the scf dialect, as MLIR's (iree-base-compiler 3.13).

MLIR canonicalizes the region ops through their RegionBranchOpInterface: which values
flow from the op and from each terminator into which region arguments and results
(`_edges`). Three generic patterns use that flow, and one inlines:

- a region argument or result that can only ever hold one outside value is replaced by
  it (MLIR's MakeRegionBranchOpSuccessorInputsDead): an iter_arg yielded unchanged, a
  result both branches yield;
- of two region arguments (or results) fed the same values on every edge, the second
  is replaced by the first (RemoveDuplicateSuccessorInputUses);
- arguments and results nothing uses are removed with the values passed to them
  (RemoveDeadRegionBranchOpSuccessorInputs): unused loop-carried values and results;
- an op whose constant operands leave a single acyclic path through it is replaced by
  the ops of that path (InlineRegionBranchOp): scf.if with a constant condition,
  scf.for with zero trips or one (its induction variable becomes the lower bound),
  scf.execute_region, scf.index_switch of a constant, scf.while whose condition is false.

scf.if has its own patterns besides: ConvertTrivialIfToSelect, ConditionPropagation,
RemoveEmptyElseBranch, ReplaceIfYieldWithConditionOrValue, CombineNestedIfs and the
fold `if !c then A else B -> if c then B else A`. An unused scf.for / scf.if / scf.while
without side effects inside is erased by the driver (they have RecursiveMemoryEffects).
"""

from __future__ import annotations

from irc.dialects import arith, scf
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Block, BlockArgument, Operation, OpResult, Region, Value
from irc.passes.rewrite import constant_value, pattern

# -- region-branch flow -----------------------------------------------------------------------


def trip_count(op: scf.ForOp) -> int | None:
    """The loop's number of iterations when the bounds fix it, as MLIR's constantTripCount:
    0 when the bounds are one value; unknown for a constant step that is not positive."""
    lower, upper, step = op.operands[:3]
    if lower is upper:
        return 0
    step_value = _int_constant(step)
    if step_value == 0 or (
        step_value is not None and step_value < 0 and "unsignedCmp" not in op.properties
    ):
        return None
    return op.static_trip_count()


def _for_edges(op: scf.ForOp) -> list:
    """(point, operands, inputs): the op's inits go to the iter_args (unless the loop runs
    zero times) and to the results (unless it runs at least once); the yield goes back to
    the iter_args (unless the loop runs once) and to the results."""
    trips = trip_count(op)
    body = op.regions[0].blocks[0]
    inits = op.operand_uses[3:]
    iter_args = body.args[1:]
    edges = []
    if trips is None or trips > 0:
        edges.append((op, inits, iter_args))
    if trips is None or trips == 0:
        edges.append((op, inits, op.results))
    terminator = body.last
    if isinstance(terminator, scf.YieldOp):
        if trips != 1:
            edges.append((terminator, terminator.operand_uses, iter_args))
        edges.append((terminator, terminator.operand_uses, op.results))
    return edges


def _yields_to_results(op: Operation) -> list:
    return [
        (block.last, block.last.operand_uses, op.results)
        for region in op.regions
        for block in region.blocks
        if isinstance(block.last, scf.YieldOp)
    ]


def _if_edges(op: scf.IfOp) -> list:
    edges = [] if op.regions[1].blocks else [(op, [], op.results)]
    return edges + _yields_to_results(op)


def _while_edges(op: scf.WhileOp) -> list:
    before, after = op.regions[0].blocks[0], op.regions[1].blocks[0]
    edges = [(op, op.operand_uses, before.args)]
    condition = before.last
    if isinstance(condition, scf.ConditionOp):
        forwarded = condition.operand_uses[1:]
        edges.append((condition, forwarded, after.args))
        edges.append((condition, forwarded, op.results))
    terminator = after.last
    if isinstance(terminator, scf.YieldOp):
        edges.append((terminator, terminator.operand_uses, before.args))
    return edges


EDGES = {
    scf.ForOp: _for_edges,
    scf.IfOp: _if_edges,
    scf.WhileOp: _while_edges,
    scf.ExecuteRegionOp: _yields_to_results,
    scf.IndexSwitchOp: _yields_to_results,
}


def _flow(op: Operation) -> tuple[dict, dict]:
    """operand -> inputs it feeds, and input -> operands that feed it, in edge order."""
    to_inputs: dict = {}
    to_operands: dict = {}
    for _, operands, inputs in EDGES[type(op)](op):
        for operand, value in zip(operands, inputs, strict=True):
            to_inputs.setdefault(operand, []).append(value)
            to_operands.setdefault(value, []).append(operand)
    return to_inputs, to_operands


def _reachable_values(value: Value, to_operands: dict) -> set:
    """The values from outside the flow that `value` may hold."""
    found, seen, stack = set(), set(), [value]
    while stack:
        current = stack.pop()
        operands = to_operands.get(current)
        if operands is None:
            found.add(current)
            continue
        for operand in operands:
            if operand.value not in seen:
                seen.add(operand.value)
                stack.append(operand.value)
    return found


def _region_of(value: Value) -> Region | None:
    if isinstance(value, BlockArgument):
        return value.block.parent
    block = value.op.parent
    return block.parent if block is not None else None


def _defined_before(op: Operation, a: Value, b: Value) -> bool:
    """Whether `a` may replace the region argument or result `b` of `op`."""
    region = _region_of(a)
    if region is not None and region.parent is op:
        if isinstance(b, OpResult):
            return False
        return isinstance(a, BlockArgument) and a.block is b.block
    return True


def _make_inputs_dead(op, rewriter) -> bool:
    """A region argument or result that can only hold one outside value is that value."""
    _, to_operands = _flow(op)
    changed = False
    for value in to_operands:
        if not value.uses:
            continue
        reachable = _reachable_values(value, to_operands)
        if len(reachable) != 1:
            continue
        (only,) = reachable
        if _defined_before(op, only, value):
            rewriter.replace_all_uses_with(value, only)
            changed = True
    return changed or rewriter.fail(op, "no region argument or result has a single source")


def _number(value: Value) -> int:
    return value.index


def _same_owner(a: Value, b: Value) -> bool:
    if isinstance(a, BlockArgument):
        return isinstance(b, BlockArgument) and a.block is b.block
    return isinstance(b, OpResult) and a.op is b.op


def _remove_duplicate_inputs(op, rewriter) -> bool:
    """Of two arguments (or results) fed the same values on every edge, keep the first."""
    _, to_operands = _flow(op)
    inputs = sorted(to_operands, key=_number)
    changed = False
    for i, first in enumerate(inputs):
        for second in inputs[i + 1 :]:
            if not second.uses or not _same_owner(first, second):
                continue
            sources = {o.owner: o.value for o in to_operands[first]}
            if sources == {o.owner: o.value for o in to_operands[second]}:
                rewriter.replace_all_uses_with(second, first)
                changed = True
    return changed or rewriter.fail(op, "no duplicate region arguments or results")


def _tied_sets(to_inputs: dict) -> list[list[Value]]:
    """Inputs fed by one operand must go together (an iter_arg and its result)."""
    leader: dict = {}

    def find(value):
        while leader[value] is not value:
            value = leader[value]
        return value

    order = []
    for inputs in to_inputs.values():
        for value in inputs:
            if value not in leader:
                leader[value] = value
                order.append(value)
        root = find(inputs[0])
        for value in inputs[1:]:
            other = find(value)
            if other is not root:
                leader[other] = root
    sets: dict = {}
    for value in order:
        sets.setdefault(find(value), []).append(value)
    return list(sets.values())


def _remove_dead_inputs(op, rewriter) -> bool:
    """Remove region arguments and results nothing uses, with the values passed to them."""
    to_inputs, to_operands = _flow(op)
    dead = [
        value for tied in _tied_sets(to_inputs) if not any(v.uses for v in tied) for value in tied
    ]
    if not dead:
        return rewriter.fail(op, "no unused region arguments or results")
    erased_operands: dict = {}
    for value in dead:
        for operand in to_operands.get(value, ()):
            erased_operands.setdefault(operand.owner, set()).add(operand.index)
    for owner, indices in erased_operands.items():
        with rewriter.modifying(owner):
            owner.set_operands([v for i, v in enumerate(owner.operands) if i not in indices])
    blocks: dict = {}
    for value in dead:
        if isinstance(value, BlockArgument):
            blocks.setdefault(value.block, []).append(value.index)
    for block, indices in blocks.items():
        with rewriter.modifying(block.parent.parent):
            for index in sorted(indices, reverse=True):
                block.erase_argument(index)
    results = {v.index for v in dead if isinstance(v, OpResult)}
    if results:
        erase_results(rewriter, op, results)
    return True


def erase_results(rewriter, op: Operation, indices: set[int]) -> Operation:
    """A copy of `op` without the results `indices`, its regions moved over (MLIR's
    RewriterBase::eraseOpResults); the other results' uses go to the copy."""
    kept = [r for r in op.results if r.index not in indices]
    fresh = type(op)(
        op.operands,
        [r.type for r in kept],
        dict(op.properties),
        dict(op.attributes),
        0,
        list(op.successors),
        op.location,
    )
    with rewriter.insertion_point(op):
        rewriter.insert(fresh)
    for region in op.regions:
        moved = Region()
        for block in list(region.blocks):
            region.remove(block)
            moved.append(block)
        moved.parent = fresh
        fresh.regions.append(moved)
    position = {}
    for result in kept:
        position[result.index] = len(position)
    rewriter.replace_op(
        op, [fresh.results[position[r.index]] if r.index in position else r for r in op.results]
    )
    return fresh


# -- inlining a single path (MLIR's InlineRegionBranchOp) -------------------------------------


def _inline_block(rewriter, op: Operation, block: Block, args: list[Value]) -> list[Value]:
    """Move `block`'s ops before `op` (its arguments replaced by `args`); the values its
    terminator passes on."""
    terminator = block.last
    rewriter.inline_block_before(block, op, args)
    forwarded = [use.value for use in terminator.operand_uses]
    if isinstance(terminator, scf.ConditionOp):
        forwarded = forwarded[1:]
    rewriter.erase_op(terminator)
    return forwarded


def _int_constant(value: Value):
    attr = constant_value(getattr(value, "op", None))
    return attr.value if isinstance(attr, A.IntegerAttr) else None


def _inline_if(op: scf.IfOp, rewriter) -> bool:
    condition = _int_constant(op.operands[0])
    if condition is None:
        return rewriter.fail(op, "the condition is not a constant")
    region = op.regions[0] if condition else op.regions[1]
    if not region.blocks:
        rewriter.replace_op(op, [])
        return True
    if len(region.blocks) != 1:
        return rewriter.fail(op, "the region taken has several blocks")
    rewriter.replace_op(op, _inline_block(rewriter, op, region.blocks[0], []))
    return True


def _inline_for(op: scf.ForOp, rewriter) -> bool:
    trips = trip_count(op)
    inits = op.operands[3:]
    if trips == 0:
        rewriter.replace_op(op, inits)
        return True
    if trips != 1:
        return rewriter.fail(op, "the loop does not run exactly zero or one times")
    args = [op.operands[0], *inits]  # the induction variable is the lower bound
    rewriter.replace_op(op, _inline_block(rewriter, op, op.regions[0].blocks[0], args))
    return True


def _inline_while(op: scf.WhileOp, rewriter) -> bool:
    before = op.regions[0].blocks[0]
    condition = before.last
    if not isinstance(condition, scf.ConditionOp) or _int_constant(condition.operands[0]) != 0:
        return rewriter.fail(op, "the condition is not the constant false")
    rewriter.replace_op(op, _inline_block(rewriter, op, before, op.operands))
    return True


def _inline_execute_region(op: scf.ExecuteRegionOp, rewriter) -> bool:
    if "no_inline" in op.properties:
        return rewriter.fail(op, "the op is marked no_inline")
    blocks = op.regions[0].blocks
    if len(blocks) != 1:
        return rewriter.fail(op, "the region has several blocks")
    rewriter.replace_op(op, _inline_block(rewriter, op, blocks[0], []))
    return True


def _inline_index_switch(op: scf.IndexSwitchOp, rewriter) -> bool:
    selector = _int_constant(op.operands[0])
    if selector is None:
        return rewriter.fail(op, "the switch value is not a constant")
    cases = op.case_values
    region = op.regions[cases.index(selector) + 1] if selector in cases else op.regions[0]
    if len(region.blocks) != 1:
        return rewriter.fail(op, "the region taken has several blocks")
    rewriter.replace_op(op, _inline_block(rewriter, op, region.blocks[0], []))
    return True


_INLINE = {
    scf.IfOp: _inline_if,
    scf.ForOp: _inline_for,
    scf.WhileOp: _inline_while,
    scf.ExecuteRegionOp: _inline_execute_region,
    scf.IndexSwitchOp: _inline_index_switch,
}


def _inline_single_path(op, rewriter) -> bool:
    return _INLINE[type(op)](op, rewriter)


def _region_branch_patterns(op_class: type, inline: bool = True) -> list:
    """MLIR's populateRegionBranchOpInterface{Canonicalization,Inlining}Pattern(s)."""
    found = [
        pattern(op_class, name="MakeRegionBranchOpSuccessorInputsDead")(_make_inputs_dead),
        pattern(op_class, name="RemoveDuplicateSuccessorInputUses")(_remove_duplicate_inputs),
        pattern(op_class, name="RemoveDeadRegionBranchOpSuccessorInputs")(_remove_dead_inputs),
    ]
    if inline:
        found.append(pattern(op_class, name="InlineRegionBranchOp")(_inline_single_path))
    return found


# -- scf.if -------------------------------------------------------------------------------------


def _then_yield(op: scf.IfOp):
    return op.regions[0].blocks[0].last


def _else_yield(op: scf.IfOp):
    return op.regions[1].blocks[0].last if op.regions[1].blocks else None


def _is_true(value: Value) -> bool:
    return _int_constant(value) == 1 and value.type is T.I1


@pattern(scf.IfOp, name="IfOfNotCondition")
def if_of_not_condition(op: scf.IfOp, rewriter) -> bool:
    """scf.if !c then A else B -> scf.if c then B else A (MLIR's IfOp::fold)."""
    if not op.regions[1].blocks:
        return rewriter.fail(op, "there is no else region")
    xor = getattr(op.operands[0], "op", None)
    if not isinstance(xor, arith.XOrIOp) or not _is_true(xor.operands[1]):
        return rewriter.fail(op, "the condition is not a negation")
    with rewriter.modifying(op):
        op.set_operand(0, xor.operands[0])
        then_block, else_block = op.regions[0].blocks[0], op.regions[1].blocks[0]
        op.regions[0].remove(then_block)
        op.regions[1].remove(else_block)
        op.regions[0].append(else_block)
        op.regions[1].append(then_block)
    return True


def _inside(value: Value, region: Region) -> bool:
    return _region_of(value) is region


@pattern(scf.IfOp, name="CombineNestedIfs")
def combine_nested_ifs(op: scf.IfOp, rewriter) -> bool:
    """scf.if a { scf.if b { X } } -> scf.if (a and b) { X }, selects for what the outer
    if yields around the inner one."""
    then_block = op.regions[0].blocks[0]
    nested = then_block.first
    if not isinstance(nested, scf.IfOp) or nested.next is not then_block.last:
        return rewriter.fail(op, "the then block is not a single scf.if")
    else_yield = _else_yield(op)
    if else_yield is not None and else_yield.prev is not None:
        return rewriter.fail(op, "the else block does more than yield")
    nested_else = _else_yield(nested)
    if nested_else is not None and nested_else.prev is not None:
        return rewriter.fail(op, "the nested else block does more than yield")
    then_values = list(_then_yield(op).operands)
    else_values = list(else_yield.operands) if else_yield is not None else []
    to_select = []
    for index, value in enumerate(then_values):
        if getattr(value, "op", None) is nested:
            if nested_else.operands[value.index] is not else_values[index]:
                return rewriter.fail(op, "the nested if yields another value when false")
            then_values[index] = _then_yield(nested).operands[value.index]
            continue
        if _inside(value, op.regions[0]):
            return rewriter.fail(op, "a yielded value is defined in the then block")
        to_select.append(index)
    both = [op.operands[0], nested.operands[0]]
    condition = rewriter.create(arith.AndIOp, both, [T.I1]).results[0]
    fresh = rewriter.create(scf.IfOp, [condition], op.result_types, regions=2)
    block = Block()
    fresh.regions[0].append(block)
    results = list(fresh.results)
    rewriter.set_insertion_point(fresh)
    for index in to_select:
        results[index] = rewriter.create(
            arith.SelectOp,
            [op.operands[0], then_values[index], else_values[index]],
            [then_values[index].type],
        ).results[0]
    rewriter.merge_blocks(nested.regions[0].blocks[0], block)
    _replace_yield(rewriter, block, then_values)
    if else_values:
        else_block = Block()
        fresh.regions[1].append(else_block)
        rewriter.set_insertion_point_to_end(else_block)
        rewriter.create(scf.YieldOp, else_values, location=op.location)
    rewriter.replace_op(op, results)
    return True


def _replace_yield(rewriter, block: Block, values: list[Value]) -> None:
    """A new scf.yield of `values` at the end of `block`, then the old one erased."""
    old = block.last
    rewriter.set_insertion_point_to_end(block)
    rewriter.create(scf.YieldOp, values, location=old.location)
    rewriter.erase_op(old)


def _parent_kind(region: Region, op: scf.IfOp, stop: Region) -> int:
    """1 inside the then region of `op`, 0 inside its else region, None elsewhere."""
    while region is not None and region is not stop:
        if region is op.regions[0]:
            return 1
        if region is op.regions[1]:
            return 0
        parent = region.parent
        block = parent.parent if parent is not None else None
        region = block.parent if block is not None else None
    return None


@pattern(scf.IfOp, name="ConditionPropagation")
def condition_propagation(op: scf.IfOp, rewriter) -> bool:
    """Inside the then region the condition is true, inside the else region false."""
    condition = op.operands[0]
    if _int_constant(condition) is not None:
        return rewriter.fail(op, "the condition is a constant")
    stop = _region_of(condition)
    made: dict[int, Value] = {}
    changed = False
    for use in reversed(list(condition.uses)):
        owner = use.owner
        block = owner.parent
        kind = _parent_kind(block.parent if block is not None else None, op, stop)
        if kind is None:
            continue
        if kind not in made:
            made[kind] = rewriter.create(
                arith.ConstantOp, [], [T.I1], {"value": A.IntegerAttr(kind, T.I1)}
            ).results[0]
        with rewriter.modifying(owner):
            use.set(made[kind])
        changed = True
    return changed or rewriter.fail(op, "the regions do not use the condition")


@pattern(scf.IfOp, name="ConvertTrivialIfToSelect")
def convert_trivial_if_to_select(op: scf.IfOp, rewriter) -> bool:
    """Results both branches yield from outside become arith.select (or the value)."""
    if not op.results:
        return rewriter.fail(op, "the op has no results")
    then_values, else_values = _then_yield(op).operands, _else_yield(op).operands
    then_region, else_region = op.regions
    kept = [
        t.type
        for t, e in zip(then_values, else_values, strict=True)
        if _inside(t, then_region) or _inside(e, else_region)
    ]
    if len(kept) == len(op.results):
        return rewriter.fail(op, "every yielded value is defined inside the op")
    fresh = rewriter.create(scf.IfOp, [op.operands[0]], kept, regions=2)
    for index, region in enumerate(op.regions):
        for block in list(region.blocks):
            region.remove(block)
            fresh.regions[index].append(block)
    rewriter.set_insertion_point(fresh)
    results, true_yields, false_yields = [], [], []
    for t, e in zip(then_values, else_values, strict=True):
        if _inside(t, fresh.regions[0]) or _inside(e, fresh.regions[1]):
            results.append(fresh.results[len(true_yields)])
            true_yields.append(t)
            false_yields.append(e)
        elif t is e:
            results.append(t)
        else:
            select = rewriter.create(arith.SelectOp, [op.operands[0], t, e], [t.type])
            results.append(select.results[0])
    for region, values in ((fresh.regions[0], true_yields), (fresh.regions[1], false_yields)):
        _replace_yield(rewriter, region.blocks[0], values)
    rewriter.replace_op(op, results)
    return True


@pattern(scf.IfOp, name="RemoveEmptyElseBranch")
def remove_empty_else_branch(op: scf.IfOp, rewriter) -> bool:
    """An else block that only yields nothing goes (for an op without results)."""
    if op.results:
        return rewriter.fail(op, "the op has results")
    else_yield = _else_yield(op)
    if else_yield is None or else_yield.prev is not None:
        return rewriter.fail(op, "there is no else block that only yields")
    fresh = rewriter.create(
        scf.IfOp, op.operands, [], dict(op.properties), dict(op.attributes), regions=2
    )
    for block in list(op.regions[0].blocks):
        op.regions[0].remove(block)
        fresh.regions[0].append(block)
    rewriter.erase_op(op)
    return True


@pattern(scf.IfOp, name="ReplaceIfYieldWithConditionOrValue")
def replace_if_yield_with_condition_or_value(op: scf.IfOp, rewriter) -> bool:
    """A result both branches yield is that value; true/false yields are the condition,
    false/true its negation."""
    if not op.results:
        return rewriter.fail(op, "the op has no results")
    then_values, else_values = _then_yield(op).operands, _else_yield(op).operands
    changed = False
    for t, e, result in zip(then_values, else_values, op.results, strict=True):
        if t is e:
            if result.uses:
                result.replace_all_uses_with(t)
                changed = True
            continue
        on_true, on_false = _bool_constant(t), _bool_constant(e)
        if on_true is None or on_false is None or not result.uses:
            continue
        if on_true == 0 and on_false == 1:
            flag = rewriter.constant(A.BoolAttr(True), T.I1, t.op.dialect)
            negated = rewriter.create(arith.XOrIOp, [op.operands[0], flag], [T.I1])
            result.replace_all_uses_with(negated.results[0])
            changed = True
        elif on_true == 1 and on_false == 0:
            result.replace_all_uses_with(op.operands[0])
            changed = True
    return changed or rewriter.fail(op, "no result is a yielded value or the condition")


def _bool_constant(value: Value):
    attr = constant_value(getattr(value, "op", None))
    if isinstance(attr, A.IntegerAttr) and attr.type is T.I1:
        return attr.value
    return None


# -- scf.while ----------------------------------------------------------------------------------


def _condition_op(op: scf.WhileOp):
    last = op.regions[0].blocks[0].last
    return last if isinstance(last, scf.ConditionOp) else None


@pattern(scf.WhileOp, name="WhileConditionTruth")
def while_condition_truth(op: scf.WhileOp, rewriter) -> bool:
    """The body runs only when the condition holds: an argument of the body that receives
    the condition itself is true there."""
    condition = _condition_op(op)
    if condition is None:
        return rewriter.fail(op, "the before region does not end in scf.condition")
    flag = condition.operands[0]
    after = op.regions[1].blocks[0]
    true = None
    for value, arg in zip(condition.operands[1:], after.args, strict=False):
        if value is flag and arg.uses:
            if true is None:
                true = rewriter.create(
                    arith.ConstantOp, [], [flag.type], {"value": A.BoolAttr(True)}
                ).results[0]
            rewriter.replace_all_uses_with(arg, true)
    return true is not None or rewriter.fail(op, "the body does not receive the condition")


_INVERSE = {
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


def _predicate_name(op) -> str:
    return arith.CMPI_PREDICATES[op.properties["predicate"].value]


@pattern(scf.WhileOp, name="WhileCmpCond")
def while_cmp_cond(op: scf.WhileOp, rewriter) -> bool:
    """In the body, the comparison the condition made (of the values passed on) is true,
    its inverse false."""
    condition = _condition_op(op)
    compare = getattr(condition.operands[0], "op", None) if condition is not None else None
    if not isinstance(compare, arith.CmpIOp):
        return rewriter.fail(op, "the condition is not an arith.cmpi")
    after = op.regions[1].blocks[0]
    predicate = _predicate_name(compare)
    made: dict[bool, Value] = {}
    changed = False
    for value, arg in zip(condition.operands[1:], after.args, strict=False):
        for index in (0, 1):
            if value is not compare.operands[index]:
                continue
            for use in reversed(list(arg.uses)):
                other = use.owner
                if not isinstance(other, arith.CmpIOp) or other.parent is None:
                    continue
                if other.operands[1 - index] is not compare.operands[1 - index]:
                    continue
                if _predicate_name(other) == predicate:
                    known = True
                elif _predicate_name(other) == _INVERSE[predicate]:
                    known = False
                else:
                    continue
                if known not in made:  # made once, before the loop
                    made[known] = rewriter.create(
                        arith.ConstantOp, [], [T.I1], {"value": A.BoolAttr(known)}
                    ).results[0]
                rewriter.replace_op(other, [made[known]])
                changed = True
    return changed or rewriter.fail(op, "the body does not repeat the comparison")


# -- scf.if: consecutive ifs on one condition ---------------------------------------------------


def _yield_of(region: Region):
    return region.blocks[0].last if region.blocks else None


@pattern(scf.IfOp, name="CombineIfs")
def combine_ifs(op: scf.IfOp, rewriter) -> bool:
    """scf.if %c {A} else {B}; scf.if %c {C} else {D} -> scf.if %c {A; C} else {B; D}
    (also with the second condition the negation of the first)."""
    previous = op.prev
    if not isinstance(previous, scf.IfOp):
        return rewriter.fail(op, "the op before is not an scf.if")
    then_next = else_next = None
    if op.operands[0] is previous.operands[0]:
        then_next = op.regions[0].blocks[0]
        else_next = op.regions[1].blocks[0] if op.regions[1].blocks else None
    for first, second in ((op, previous), (previous, op)):
        negation = getattr(first.operands[0], "op", None)
        if (
            isinstance(negation, arith.XOrIOp)
            and negation.operands[0] is second.operands[0]
            and _is_true(negation.operands[1])
        ):
            else_next = op.regions[0].blocks[0]
            then_next = op.regions[1].blocks[0] if op.regions[1].blocks else None
    if then_next is None and else_next is None:
        return rewriter.fail(op, "the conditions are not the same or opposite")
    previous_else = _yield_of(previous.regions[1])
    else_values = list(previous_else.operands) if previous_else is not None else []
    for result, then_value, else_value in zip(
        previous.results, _yield_of(previous.regions[0]).operands, else_values, strict=False
    ):
        for use in reversed(list(result.uses)):
            owner = use.owner
            if then_next is not None and _region_contains(then_next.parent, owner):
                with rewriter.modifying(owner):
                    use.set(then_value)
            elif else_next is not None and _region_contains(else_next.parent, owner):
                with rewriter.modifying(owner):
                    use.set(else_value)
    merged_types = previous.result_types + op.result_types
    combined = rewriter.create(scf.IfOp, [previous.operands[0]], merged_types, regions=2)
    _move_blocks(previous.regions[0], combined.regions[0])
    if then_next is not None:
        _append_yields(rewriter, combined.regions[0].blocks[0], then_next)
    _move_blocks(previous.regions[1], combined.regions[1])
    if else_next is not None:
        if not combined.regions[1].blocks:
            _move_blocks(else_next.parent, combined.regions[1])
        else:
            _append_yields(rewriter, combined.regions[1].blocks[0], else_next)
    count = len(previous.results)
    rewriter.replace_op(previous, combined.results[:count])
    rewriter.replace_op(op, combined.results[count:])
    return True


def _region_contains(region: Region, op: Operation) -> bool:
    while op is not None:
        block = op.parent
        if block is None:
            return False
        if block.parent is region:
            return True
        op = block.parent.parent
    return False


def _move_blocks(source: Region, target: Region) -> None:
    for block in list(source.blocks):
        source.remove(block)
        target.append(block)


def _append_yields(rewriter, block: Block, other: Block) -> None:
    """Merge `other` (ending in scf.yield) into `block`: one scf.yield of both's values."""
    first_yield, second_yield = block.last, other.last
    rewriter.merge_blocks(other, block)
    values = list(first_yield.operands) + list(second_yield.operands)
    rewriter.set_insertion_point_to_end(block)
    rewriter.create(scf.YieldOp, values, location=second_yield.location)
    rewriter.erase_op(first_yield)
    rewriter.erase_op(second_yield)


# -- scf.execute_region with several blocks -----------------------------------------------------


@pattern(scf.ExecuteRegionOp, name="MultiBlockExecuteInliner")
def multi_block_execute_inliner(op: scf.ExecuteRegionOp, rewriter) -> bool:
    """An scf.execute_region of several blocks, directly in a function or another
    execute_region, becomes those blocks: each scf.yield branches to a block after it."""
    from irc.dialects import cf

    parent = op.parent_op
    if parent is None or parent.name not in ("func.func", "scf.execute_region"):
        return rewriter.fail(op, "the parent region cannot hold several blocks")
    if "no_inline" in op.properties or len(op.regions[0].blocks) < 2:
        return rewriter.fail(op, "no_inline, or a single block")
    block = op.parent
    region = block.parent
    tail = Block([r.type for r in op.results], [op.location] * len(op.results))
    region.insert(region.blocks.index(block) + 1, tail)
    following = op.next
    while following is not None:
        moving, following = following, following.next
        moving.detach()
        tail.append(moving)
    for inner in op.regions[0].blocks:
        terminator = inner.last
        if isinstance(terminator, scf.YieldOp):
            rewriter.set_insertion_point(terminator)
            rewriter.create(
                cf.BranchOp,
                terminator.operands,
                [],
                successors=[tail],
                location=terminator.location,
            )
            rewriter.erase_op(terminator)
    blocks = list(op.regions[0].blocks)
    position = region.blocks.index(tail)
    for inner in blocks:
        op.regions[0].remove(inner)
        region.insert(position, inner)
        position += 1
    rewriter.set_insertion_point_to_end(block)
    rewriter.create(cf.BranchOp, [], [], successors=[blocks[0]], location=op.location)
    rewriter.replace_op(op, tail.args)
    return True


# -- scf.parallel -------------------------------------------------------------------------------


def _index_trip_count(lower: Value, upper: Value, step: Value) -> int | None:
    """MLIR's constantTripCount for signed index bounds (scf.parallel's dimensions)."""
    if lower is upper:
        return 0
    step_value = _int_constant(step)
    if step_value is not None and step_value <= 0:
        return None
    low, high = _int_constant(lower), _int_constant(upper)
    if low is not None and high is not None:
        if high <= low:
            return 0
        difference = high - low
    else:
        add = getattr(upper, "op", None)
        flags = getattr(add.properties.get("overflowFlags"), "bits", 0) if add else 0
        if not isinstance(add, arith.AddIOp) or add.operands[0] is not lower or not flags & 1:
            return None
        difference = _int_constant(add.operands[1])
        if difference is None:
            return None
    if step_value is None:
        return None
    return -(-difference // step_value)


@pattern(scf.ParallelOp, name="ParallelOpSingleOrZeroIterationDimsFolder")
def parallel_single_or_zero_iteration_dims(op: scf.ParallelOp, rewriter) -> bool:
    """A dimension of zero iterations makes the loop its init values; one of a single
    iteration is dropped (its induction variable is the lower bound); with none left the
    body (and its reductions) runs once, in place of the loop."""
    lower, upper, step = (op.operand_group(n) for n in ("lowerBound", "upperBound", "step"))
    inits = op.operand_group("initVals")
    body = op.regions[0].blocks[0]
    mapping: dict = {}
    kept = []
    for index, bounds in enumerate(zip(lower, upper, step, strict=True)):
        trips = _index_trip_count(*bounds)
        if trips == 0:
            rewriter.replace_op(op, inits)
            return True
        if trips == 1:
            mapping[body.args[index]] = bounds[0]
        else:
            kept.append(index)
    if len(kept) == len(lower):
        return rewriter.fail(op, "no dimension runs zero or one times")
    if not kept:
        rewriter.replace_op(op, _run_parallel_body_once(rewriter, op, mapping, inits))
        return True
    fresh = rewriter.create(
        scf.ParallelOp,
        [*(lower[i] for i in kept), *(upper[i] for i in kept), *(step[i] for i in kept), *inits],
        op.result_types,
        {"operandSegmentSizes": A.DenseArrayAttr(T.I32, [len(kept)] * 3 + [len(inits)])},
        regions=1,
    )
    block = Block([T.INDEX] * len(kept), [body.args[i].loc for i in kept])
    fresh.regions[0].append(block)
    for new_arg, index in zip(block.args, kept, strict=True):
        mapping[body.args[index]] = new_arg
    for inner in body:
        block.append(inner.clone(mapping))
    rewriter.replace_op(op, fresh.results)
    return True


def _run_parallel_body_once(rewriter, op: scf.ParallelOp, mapping: dict, inits) -> list:
    body = op.regions[0].blocks[0]
    for inner in body:
        if inner is not body.last:
            rewriter.clone(inner, mapping)
    reduce = body.last
    results = []
    for index, region in enumerate(reduce.regions):
        block = region.blocks[0]
        mapping[block.args[0]] = inits[len(results)]
        operand = reduce.operands[index]
        mapping[block.args[1]] = mapping.get(operand, operand)
        for inner in block:
            if inner is not block.last:
                rewriter.clone(inner, mapping)
        value = block.last.operands[0]
        results.append(mapping.get(value, value))
    return results


PATTERNS = [
    if_of_not_condition,
    combine_ifs,
    combine_nested_ifs,
    condition_propagation,
    convert_trivial_if_to_select,
    remove_empty_else_branch,
    replace_if_yield_with_condition_or_value,
    *_region_branch_patterns(scf.IfOp),
    *_region_branch_patterns(scf.ForOp),
    while_condition_truth,
    while_cmp_cond,
    *_region_branch_patterns(scf.WhileOp),
    multi_block_execute_inliner,
    *_region_branch_patterns(scf.ExecuteRegionOp),
    *_region_branch_patterns(scf.IndexSwitchOp),
    parallel_single_or_zero_iteration_dims,
]
