"""dce: erase unreachable blocks and unused ops that have no effect.

irc's own pass (MLIR has no plain "dce"; its canonicalizer does the same region
simplification, and -remove-dead-values goes further, also dropping unused arguments and
results). Two steps, over every region nested in the op it runs on:

1. A block that no path of branches from its region's entry block reaches is erased with
   its ops (the entry block always stays).
2. An op is erased when none of its results is used and erasing it cannot change what the
   program does (`irc.ir.effects.would_be_trivially_dead`): Pure ops, loads, allocations,
   and region ops such as scf.for or scf.if whose nested ops are all such. Terminators and
   symbols (func.func) stay. Erasing an op can leave the ops that computed its operands
   unused; they go too, to a fixed point, so whole dead expression trees disappear.

Block arguments and function results are not touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from irc.ir.core import Block, Operation, OpResult, Region
from irc.ir.effects import is_trivially_dead
from irc.passes.pass_manager import Pass, PassContext

# -- unreachable blocks --------------------------------------------------------------------


def reachable_blocks(region: Region) -> set[Block]:
    """The blocks a path of branches from the entry block reaches (the entry included)."""
    entry = region.blocks[0]
    seen = {entry}
    stack = [entry]
    while stack:
        for successor in stack.pop().successors():
            if successor not in seen and successor.parent is region:
                seen.add(successor)
                stack.append(successor)
    return seen


def erase_unreachable_blocks(op: Operation) -> int:
    """Erase the unreachable blocks of every region in `op`; the number erased."""
    erased = 0
    for nested in list(op.walk()):
        if nested.parent is None and nested is not op:
            continue  # inside a block erased already
        for region in nested.regions:
            if len(region.blocks) < 2:
                continue
            reachable = reachable_blocks(region)
            dead = [block for block in region.blocks if block not in reachable]
            for block in dead:  # drop every reference first: dead blocks may use each other
                for inner in block:
                    inner.drop_all_references()
            for block in dead:
                for inner in list(block):
                    inner.detach()
                region.remove(block)
            erased += len(dead)
    return erased


# -- dead ops ------------------------------------------------------------------------------


def _operand_definers(op: Operation) -> list[Operation]:
    """The ops defining values that `op` or ops nested in it use, from outside `op`."""
    definers = []
    for nested in op.walk():
        for use in nested.operand_uses:
            value = use.value
            if isinstance(value, OpResult) and not op.is_ancestor_of(value.op):
                definers.append(value.op)
    return definers


class DeadOpEraser:
    """Erases unused removable ops to a fixed point."""

    def __init__(self) -> None:
        self.worklist: list[Operation] = []
        self.erased = 0

    def run(self, op: Operation) -> int:
        for region in op.regions:
            self.sweep_region(region)
        while self.worklist:
            candidate = self.worklist.pop()
            if candidate.parent is not None and is_trivially_dead(candidate):
                self.erase(candidate)
        return self.erased

    def sweep_region(self, region: Region) -> None:
        """Users before definers: blocks and ops in reverse, nested regions first."""
        for block in reversed(region.blocks):
            for op in reversed(block):
                for nested_region in op.regions:
                    self.sweep_region(nested_region)
                if is_trivially_dead(op):
                    self.erase(op)

    def erase(self, op: Operation) -> None:
        self.worklist.extend(_operand_definers(op))
        op.erase()
        self.erased += 1


@dataclass
class DCE(Pass):
    name = "dce"
    summary = "Erase unreachable blocks and unused ops without side effects"

    def run(self, op: Operation, context: PassContext) -> None:
        erase_unreachable_blocks(op)
        DeadOpEraser().run(op)
