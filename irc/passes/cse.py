"""cse: eliminate common subexpressions, as MLIR's -cse does.

Two ops are the same expression when they have the same name, operands, properties,
attributes and result types, and equal regions (locations do not count). The operands of
a Commutative op are compared as a set, so `addi %a, %b` and `addi %b, %a` are one.
An op that has no memory effects (`irc.ir.effects`) is replaced by an equal op that
dominates it; an op that only reads memory (memref.load) only by an equal op earlier in
the same block with nothing that may write in between. Terminators, ops with unknown
effects and ops with multi-block regions are kept.

The walk is MLIR's: one pass over the IR with a scoped hash table of the expressions seen
so far. A single-block region opens a scope inside its parent's; the blocks of a
multi-block region are visited along the dominator tree, each opening a scope inside its
immediate dominator's, so a value is reused only where it dominates. Regions of an
IsolatedFromAbove op (func.func) start an empty table. Nested regions are simplified
before the op that holds them. An op found unused and removable on the way is erased too
(one level: its operands' definers were visited before it, and are kept).

The replaced op's location is dropped, unless the op it is merged into has none.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from irc.ir.core import Block, Operation, Region
from irc.ir.dominance import dominator_tree
from irc.ir.effects import (
    is_memory_effect_free,
    may_write,
    only_reads,
    would_be_trivially_dead,
)
from irc.ir.location import UnknownLoc
from irc.ir.traits import Commutative, GraphRegions, IsolatedFromAbove, Pure, Terminator
from irc.passes.pass_manager import Pass, PassContext

_MISSING = object()

# -- keys: what makes two ops the same expression ----------------------------------------


def _attr_key(attrs: dict) -> Hashable:
    if not attrs:
        return None
    if len(attrs) == 1:
        return next(iter(attrs.items()))
    return frozenset(attrs.items())


def expression_key(op: Operation) -> Hashable:
    """A hashable key equal for ops that compute the same thing (locations ignored)."""
    operands = tuple(use.value for use in op.operand_uses)
    if Commutative in type(op).traits and len(operands) > 1:
        operands = tuple(sorted(operands, key=id))
    key = (
        op.name,
        operands,
        tuple(result.type for result in op.results),
        _attr_key(op.properties),
        _attr_key(op.attributes),
    )
    if op.regions:
        key += (_regions_key(op, {}),)
    return key


def _regions_key(op: Operation, local: dict) -> Hashable:
    """The regions of `op` as a structure: values and blocks defined inside are numbered
    in order, values from outside are themselves (MLIR's region equivalence)."""
    regions = []
    for region in op.regions:
        for block in region.blocks:
            local[block] = len(local)
        blocks = []
        for block in region.blocks:
            for arg in block.args:
                local[arg] = len(local)
            ops = [_nested_key(nested, local) for nested in block]
            blocks.append((tuple(arg.type for arg in block.args), tuple(ops)))
        regions.append(tuple(blocks))
    return tuple(regions)


def _nested_key(op: Operation, local: dict) -> Hashable:
    operands = tuple(
        ("local", local[use.value]) if use.value in local else use.value for use in op.operand_uses
    )
    key = (
        op.name,
        operands,
        tuple(result.type for result in op.results),
        _attr_key(op.properties),
        _attr_key(op.attributes),
        tuple(local.get(block, block) for block in op.successors),
    )
    if op.regions:
        key += (_regions_key(op, local),)
    for result in op.results:
        local[result] = len(local)
    return key


# -- dominance ---------------------------------------------------------------------------


# -- the scoped table --------------------------------------------------------------------


class ScopedTable:
    """A hash table whose insertions are undone when their scope closes."""

    __slots__ = ("entries", "scopes")

    def __init__(self) -> None:
        self.entries: dict = {}
        self.scopes: list[list] = []

    def open(self) -> None:
        self.scopes.append([])

    def close(self) -> None:
        entries = self.entries
        for key, previous in reversed(self.scopes.pop()):
            if previous is _MISSING:
                del entries[key]
            else:
                entries[key] = previous

    def insert(self, key: Hashable, op: Operation) -> None:
        self.scopes[-1].append((key, self.entries.get(key, _MISSING)))
        self.entries[key] = op


# -- the driver --------------------------------------------------------------------------


@dataclass
class CSEStats:
    merged: int = 0
    erased_dead: int = 0


class CSEDriver:
    """One run of cse over the regions of an op."""

    def __init__(self) -> None:
        self.to_erase: list[Operation] = []
        self.stats = CSEStats()
        # For read-only ops: op -> [op scanned up to, whether a writer was met].
        self.scanned: dict[Operation, list] = {}

    def run(self, op: Operation) -> CSEStats:
        table = ScopedTable()
        for region in op.regions:
            self.simplify_region(region, table)
        for dead in reversed(self.to_erase):
            dead.erase()
        return self.stats

    def simplify_region(self, region: Region, table: ScopedTable) -> None:
        if not region.blocks:
            return
        dominance = GraphRegions not in type(region.parent).traits
        if len(region.blocks) == 1:
            table.open()
            self.simplify_block(region.blocks[0], table, dominance)
            table.close()
            return
        if not dominance:
            return
        children, _ = dominator_tree(region)
        entry = region.blocks[0]
        table.open()
        self.simplify_block(entry, table, True)
        stack = [iter(children[entry])]
        while stack:
            block = next(stack[-1], None)
            if block is None:
                stack.pop()
                table.close()
                continue
            table.open()
            self.simplify_block(block, table, True)
            stack.append(iter(children[block]))

    def simplify_block(self, block: Block, table: ScopedTable, dominance: bool) -> None:
        for op in block:
            if op.regions:
                if IsolatedFromAbove in type(op).traits:
                    nested = ScopedTable()
                    for region in op.regions:
                        self.simplify_region(region, nested)
                else:
                    for region in op.regions:
                        self.simplify_region(region, table)
            self.simplify_operation(op, table, dominance)
        self.scanned.clear()

    def simplify_operation(self, op: Operation, table: ScopedTable, dominance: bool) -> None:
        traits = type(op).traits
        if Terminator in traits:
            return
        if not any(result.uses for result in op.results) and would_be_trivially_dead(op):
            self.to_erase.append(op)
            self.stats.erased_dead += 1
            return
        if any(len(region.blocks) > 1 for region in op.regions):
            return
        if Pure not in traits and not is_memory_effect_free(op):
            if only_reads(op):
                self.simplify_read(op, table, dominance)
            return
        key = expression_key(op)
        existing = table.entries.get(key)
        if existing is not None:
            self.replace(op, existing, table, dominance)
        else:
            table.insert(key, op)

    def simplify_read(self, op: Operation, table: ScopedTable, dominance: bool) -> None:
        key = expression_key(op)
        existing = table.entries.get(key)
        if (
            existing is not None
            and existing.parent is op.parent
            and not self.writer_between(existing, op)
        ):
            self.replace(op, existing, table, dominance)
        else:
            table.insert(key, op)

    def writer_between(self, first: Operation, last: Operation) -> bool:
        """Whether an op between `first` and `last` (same block) may write memory. The
        scan from `first` resumes where it stopped for an earlier `last`."""
        state = self.scanned.get(first)
        if state is None:
            state = self.scanned[first] = [first.next, False]
        if state[1]:
            return True
        current = state[0]
        while current is not None and current is not last:
            if may_write(current):
                state[1] = True
                return True
            current = current.next
        state[0] = last
        return False

    def replace(
        self, op: Operation, existing: Operation, table: ScopedTable, dominance: bool
    ) -> None:
        if dominance:
            op.replace_all_uses_with(existing)
            self.to_erase.append(op)
        else:  # a graph region: uses may come first; keep the table's keys valid
            known = set(table.entries.values())
            for old, new in zip(op.results, existing.results, strict=True):
                old.replace_uses_where(new, lambda use: use.owner not in known)
            if not op.has_uses:
                self.to_erase.append(op)
        if isinstance(existing.location, UnknownLoc) and not isinstance(op.location, UnknownLoc):
            existing.location = op.location
        self.stats.merged += 1


@dataclass
class CSE(Pass):
    name = "cse"
    summary = "Eliminate common sub-expressions"

    def run(self, op: Operation, context: PassContext) -> None:
        CSEDriver().run(op)
