"""Dominance in a region's CFG, shared by the verifier and the passes that need it."""

from __future__ import annotations

from irc.ir.core import Block, Region


def reverse_postorder(region: Region) -> list[Block]:
    """The blocks reachable from the region's entry, each after all its dominators (so a
    walk in this order meets every definition before its uses, phis aside)."""
    entry = region.blocks[0]
    order: list[Block] = []
    seen = {entry}
    stack = [(entry, iter(entry.successors()))]
    while stack:
        block, successors = stack[-1]
        for successor in successors:
            if successor not in seen and successor.parent is region:
                seen.add(successor)
                stack.append((successor, iter(successor.successors())))
                break
        else:
            order.append(block)
            stack.pop()
    order.reverse()
    return order


def dominator_tree(region: Region) -> tuple[dict[Block, list[Block]], set[Block]]:
    """Children lists of the dominator tree of the region's CFG (Cooper, Harvey, Kennedy)
    and the set of blocks reachable from the entry."""
    entry = region.blocks[0]
    order = reverse_postorder(region)
    index = {b: i for i, b in enumerate(order)}
    preds: dict[Block, list[Block]] = {b: [] for b in order}
    for block in order:
        for successor in block.successors():
            if successor in preds:
                preds[successor].append(block)
    idom: dict[Block, Block] = {entry: entry}
    changed = True
    while changed:
        changed = False
        for block in order[1:]:
            candidates = [p for p in preds[block] if p in idom]
            new = candidates[0]
            for other in candidates[1:]:
                new = _intersect(new, other, idom, index)
            if idom.get(block) is not new:
                idom[block] = new
                changed = True
    children: dict[Block, list[Block]] = {block: [] for block in order}
    for block in order[1:]:
        children[idom[block]].append(block)
    return children, set(order)


def _intersect(a: Block, b: Block, idom, index) -> Block:
    while a is not b:
        while index[a] > index[b]:
            a = idom[a]
        while index[b] > index[a]:
            b = idom[b]
    return a
