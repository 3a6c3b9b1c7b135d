"""Building IR at an insertion point, as MLIR's OpBuilder does.

Passes and the autodiff rules create ops one after another at "the current place" in a
block; keeping that place in a `Builder` (instead of threading a block and an anchor op
through every helper) is what lets a rule be one line. The builder also stamps a default
location on everything it creates, so a rewrite can say once where its new ops come from.

    builder = Builder(InsertionPoint.at_end(block), location=op.location)
    add = builder.create("t.add", operands=[x, y], result_types=[F32])
    with builder.at(InsertionPoint.before(add)):
        builder.create("t.before_add")
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from irc.ir.attributes import Attribute
from irc.ir.core import Block, Operation, Region, UnregisteredOp, Value
from irc.ir.location import UNKNOWN, Location
from irc.ir.types import Type


class InsertionPoint:
    """A place in a block: before `anchor`, or at the block's end when `anchor` is None.

    Like MLIR, "after op" and "at block start" are resolved when the point is made (to
    "before the next op" and "before the first op"), so ops inserted one after another at
    the same point keep the order in which they were inserted.
    """

    __slots__ = ("block", "anchor")

    def __init__(self, block: Block, anchor: Operation | None = None) -> None:
        if anchor is not None and anchor.parent is not block:
            raise ValueError(f"'{anchor.name}' is not in the block of this insertion point")
        self.block = block
        self.anchor = anchor

    @classmethod
    def at_end(cls, block: Block) -> InsertionPoint:
        return cls(block)

    @classmethod
    def at_start(cls, block: Block) -> InsertionPoint:
        return cls(block, block.first)

    @classmethod
    def before(cls, op: Operation) -> InsertionPoint:
        return cls(_block_of(op), op)

    @classmethod
    def after(cls, op: Operation) -> InsertionPoint:
        return cls(_block_of(op), op.next)

    def insert(self, op: Operation) -> Operation:
        """Link a detached `op` in at this point and return it."""
        if op.parent is not None:
            raise ValueError(f"'{op.name}' is already in a block; detach it first")
        if self.anchor is None:
            return self.block.append(op)
        if self.anchor.parent is not self.block:
            # The anchor was moved or erased since this point was made; inserting before it
            # would splice `op` into a list it no longer belongs to.
            raise ValueError(f"stale insertion point: '{self.anchor.name}' left its block")
        return self.block.insert_before(self.anchor, op)

    def __repr__(self) -> str:
        where = "end" if self.anchor is None else f"before '{self.anchor.name}'"
        return f"<InsertionPoint at {where} of {self.block!r}>"


def _block_of(op: Operation) -> Block:
    if op.parent is None:
        raise ValueError(f"'{op.name}' is not in a block, so there is no place next to it")
    return op.parent


class Builder:
    """Creates ops at an insertion point, stamping `location` on those it creates.

    Without an insertion point, `insert` and `create` return detached ops (MLIR's builder
    does the same), which is how a pattern builds a replacement before placing it.
    """

    __slots__ = ("insertion_point", "location")

    def __init__(
        self, insertion_point: InsertionPoint | None = None, location: Location = UNKNOWN
    ) -> None:
        self.insertion_point = insertion_point
        self.location = location

    def insert(self, op: Operation) -> Operation:
        """Place `op` at the insertion point (if there is one) and return it."""
        if self.insertion_point is not None:
            self.insertion_point.insert(op)
        return op

    def create(
        self,
        op: type[Operation] | str,
        operands: Iterable[Value] = (),
        result_types: Iterable[Type] = (),
        properties: dict[str, Attribute] | None = None,
        attributes: dict[str, Attribute] | None = None,
        regions: Iterable[Region] | int | None = None,
        successors: Iterable[Block] = (),
        location: Location | None = None,
    ) -> Operation:
        """Make an op of class `op` (or an UnregisteredOp named `op`) and insert it.

        `regions=None` gives an op class its declared `num_regions` empty regions, so ops
        whose constructor fills in a body (builtin.module) get one. The attribute dicts are
        copied: ops must never share a mutable dict with the caller or with each other.
        """
        fields = {
            "operands": list(operands),
            "result_types": list(result_types),
            "properties": dict(properties or {}),
            "attributes": dict(attributes or {}),
            "regions": _default_regions(op) if regions is None else regions,
            "successors": list(successors),
            "location": self.location if location is None else location,
        }
        if isinstance(op, str):
            return self.insert(UnregisteredOp(op, **fields))
        return self.insert(op(**fields))

    @contextmanager
    def at(self, insertion_point: InsertionPoint) -> Iterator[Builder]:
        """Build at `insertion_point` inside the `with`, then return to where we were."""
        saved = self.insertion_point
        self.insertion_point = insertion_point
        try:
            yield self
        finally:
            self.insertion_point = saved

    def create_block(
        self,
        region: Region,
        arg_types: Iterable[Type] = (),
        arg_locs: Iterable[Location] | None = None,
        before: Block | None = None,
    ) -> Block:
        """Add a block to `region` (at its end, or before `before`) and build at its end.

        Arguments without an explicit location get the builder's location.
        """
        arg_types = list(arg_types)
        if arg_locs is None:
            arg_locs = [self.location] * len(arg_types)
        block = Block(arg_types, list(arg_locs))
        if before is None:
            region.append(block)
        else:
            region.insert(region.blocks.index(before), block)
        self.insertion_point = InsertionPoint.at_end(block)
        return block


def _default_regions(op: type[Operation] | str) -> int:
    count = 0 if isinstance(op, str) else getattr(op, "num_regions", 0)
    return count if isinstance(count, int) else 0
