"""loop-invariant-code-motion: hoist loop-invariant ops out of loops, as MLIR's pass does.

The loops are the ops in `LOOP_REGIONS` (MLIR's LoopLikeOpInterface) with the regions
their iterations run: scf.for and scf.parallel (the body), scf.while (both regions).
An op directly in such a region moves before the loop when

- every value it uses, and every value the ops nested in it use from outside it, is
  defined outside the loop;
- it has no memory effects (nested ops included) and may run speculatively (see
  `irc.ir.effects`): the loop may run zero times, so an integer division by a value that
  might be zero stays, and so does a loop that might not terminate;
- it is not a terminator.

Hoisting an op can make its users in the loop invariant: they are looked at again.
Loops are visited innermost first, so an op leaves a nest of loops step by step.

One difference from MLIR: MLIR declares arith.floordivsi Pure and hoists it whatever its
divisor; irc treats it like arith.divsi.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from irc.ir.core import Operation, Region, Value
from irc.ir.effects import is_memory_effect_free, is_speculatable
from irc.ir.traits import Terminator
from irc.passes.pass_manager import Pass, PassContext

# loop op name -> the indices of the regions that run on each iteration
LOOP_REGIONS: dict[str, tuple[int, ...]] = {
    "scf.for": (0,),
    "scf.parallel": (0,),
    "scf.while": (0, 1),
}


def _defining_op_of_region(value: Value) -> Operation | None:
    """The op whose region defines `value`."""
    block = value.parent_block
    return block.parent_op if block is not None else None


def defined_outside(value: Value, loop: Operation) -> bool:
    owner = _defining_op_of_region(value)
    return owner is None or not loop.is_ancestor_of(owner)


def can_be_hoisted(op: Operation, loop: Operation) -> bool:
    """Not a terminator, and all values used by `op` and the ops nested in it come from
    outside the loop, or from inside `op` itself."""
    if Terminator in type(op).traits:
        return False
    for nested in op.walk():
        for use in nested.operand_uses:
            owner = _defining_op_of_region(use.value)
            if nested is not op and owner is not None and op.is_ancestor_of(owner):
                continue
            if not defined_outside(use.value, loop):
                return False
    return True


def should_hoist(op: Operation) -> bool:
    return is_memory_effect_free(op) and is_speculatable(op)


def hoist_invariants(loop: Operation) -> int:
    """Move the invariant ops of `loop` before it; the number moved."""
    moved = 0
    for index in LOOP_REGIONS[loop.name]:
        region = loop.regions[index]
        worklist = deque(region.ops())
        while worklist:
            op = worklist.popleft()
            if op.parent_region is not region:
                continue  # moved already
            if not should_hoist(op) or not can_be_hoisted(op, loop):
                continue
            op.move_before(loop)
            moved += 1
            for result in op.results:
                worklist.extend(user for user in result.users if _in_region(user, region))
    return moved


def _in_region(op: Operation, region: Region) -> bool:
    return op.parent_region is region


@dataclass
class LoopInvariantCodeMotion(Pass):
    name = "loop-invariant-code-motion"
    summary = "Hoist loop invariant instructions outside of the loop"

    def run(self, op: Operation, context: PassContext) -> None:
        loops = [nested for nested in op.walk(post_order=True) if nested.name in LOOP_REGIONS]
        for loop in loops:
            hoist_invariants(loop)
