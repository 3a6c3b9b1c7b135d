"""The data model: values, operations, blocks and regions.

Like MLIR: an `Operation` has operands (uses of `Value`s), results, properties,
discardable attributes, regions and successor blocks. A `Region` holds a list of
`Block`s; a block holds its operations as a doubly linked list, so insertion and erasure
are O(1), and `is_before_in_block` uses order indices that are recomputed lazily after
insertions. Every value knows its uses, which makes replace-all-uses and use-checked
erasure cheap.

Registered operations are instances of their op class (a subclass of `Operation` that
declares `name`, traits and a verifier, see `irc.ir.opdef`); ops of unknown dialects are
`UnregisteredOp`s that carry their name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from irc.ir.attributes import Attribute
from irc.ir.location import UNKNOWN, Location
from irc.ir.types import Type


class Value:
    """An SSA value: an op result or a block argument. `uses` is an insertion-ordered set."""

    __slots__ = ("type", "uses")

    def __init__(self, type: Type) -> None:
        self.type = type
        self.uses: dict[OpOperand, None] = {}

    @property
    def has_uses(self) -> bool:
        return bool(self.uses)

    @property
    def users(self) -> list[Operation]:
        return [use.owner for use in self.uses]

    def replace_all_uses_with(self, new: Value) -> None:
        if new is self:
            return
        for use in list(self.uses):
            use.set(new)

    def replace_uses_where(self, new: Value, predicate: Callable[[OpOperand], bool]) -> None:
        for use in list(self.uses):
            if predicate(use):
                use.set(new)

    @property
    def parent_block(self) -> Block | None:
        raise NotImplementedError

    @property
    def location(self) -> Location:
        raise NotImplementedError


class OpResult(Value):
    """The `index`-th result of `op`."""

    __slots__ = ("op", "index")

    def __init__(self, type: Type, op: Operation, index: int) -> None:
        self.type = type
        self.uses = {}
        self.op = op
        self.index = index

    @property
    def parent_block(self) -> Block | None:
        return self.op.parent

    @property
    def location(self) -> Location:
        return self.op.location

    def __repr__(self) -> str:
        return f"<OpResult #{self.index} of {self.op.name}: {self.type}>"


class BlockArgument(Value):
    """The `index`-th argument of `block`, with its own location."""

    __slots__ = ("block", "index", "loc")

    def __init__(self, type: Type, block: Block, index: int, loc: Location = UNKNOWN) -> None:
        self.type = type
        self.uses = {}
        self.block = block
        self.index = index
        self.loc = loc

    @property
    def parent_block(self) -> Block:
        return self.block

    @property
    def location(self) -> Location:
        return self.loc

    def __repr__(self) -> str:
        return f"<BlockArgument #{self.index}: {self.type}>"


class OpOperand:
    """One use of a value by an operation; setting `value` keeps use lists right."""

    __slots__ = ("owner", "index", "value")

    def __init__(self, owner: Operation, index: int, value: Value) -> None:
        self.owner = owner
        self.index = index
        self.value = value
        value.uses[self] = None

    def set(self, value: Value) -> None:
        del self.value.uses[self]
        self.value = value
        value.uses[self] = None

    def drop(self) -> None:
        self.value.uses.pop(self, None)


class Operation:
    """An operation. Subclasses are op classes; see the module docstring."""

    __slots__ = (
        "operand_uses",
        "results",
        "properties",
        "attributes",
        "regions",
        "successors",
        "location",
        "parent",
        "prev",
        "next",
        "order",
        "__weakref__",
    )

    name: str = ""
    traits: frozenset = frozenset()

    def __init__(
        self,
        operands: Iterable[Value] = (),
        result_types: Iterable[Type] = (),
        properties: dict[str, Attribute] | None = None,
        attributes: dict[str, Attribute] | None = None,
        regions: Iterable[Region] | int = 0,
        successors: Iterable[Block] = (),
        location: Location = UNKNOWN,
    ) -> None:
        self.operand_uses = [OpOperand(self, i, v) for i, v in enumerate(operands)]
        self.results = [OpResult(t, self, i) for i, t in enumerate(result_types)]
        self.properties = properties if properties is not None else {}
        self.attributes = attributes if attributes is not None else {}
        if isinstance(regions, int):
            regions = [Region() for _ in range(regions)]
        self.regions = list(regions)
        for region in self.regions:
            region.parent = self
        self.successors = list(successors)
        self.location = location
        self.parent: Block | None = None
        self.prev: Operation | None = None
        self.next: Operation | None = None
        self.order = -1

    # -- operands and results ------------------------------------------------------------

    @property
    def operands(self) -> list[Value]:
        return [use.value for use in self.operand_uses]

    def set_operand(self, index: int, value: Value) -> None:
        self.operand_uses[index].set(value)

    def set_operands(self, values: Iterable[Value]) -> None:
        for use in self.operand_uses:
            use.drop()
        self.operand_uses = [OpOperand(self, i, v) for i, v in enumerate(values)]

    @property
    def result(self) -> OpResult:
        """The single result of a one-result op."""
        if len(self.results) != 1:
            raise ValueError(f"'{self.name}' has {len(self.results)} results, not one")
        return self.results[0]

    @property
    def result_types(self) -> list[Type]:
        return [r.type for r in self.results]

    @property
    def has_uses(self) -> bool:
        return any(r.uses for r in self.results)

    def replace_all_uses_with(self, values: Iterable[Value] | Operation) -> None:
        if isinstance(values, Operation):
            values = values.results
        values = list(values)
        if len(values) != len(self.results):
            raise ValueError(
                f"cannot replace {len(self.results)} results of '{self.name}' "
                f"with {len(values)} values"
            )
        for old, new in zip(self.results, values, strict=True):
            old.replace_all_uses_with(new)

    # -- attributes and traits -----------------------------------------------------------

    def get_attr(self, name: str) -> Attribute | None:
        """An inherent (property) or discardable attribute by name."""
        found = self.properties.get(name)
        return found if found is not None else self.attributes.get(name)

    @classmethod
    def has_trait(cls, trait: type) -> bool:
        return trait in cls.traits

    @property
    def is_registered(self) -> bool:
        return True

    @property
    def dialect(self) -> str:
        return self.name.split(".", 1)[0]

    # -- position in the IR ----------------------------------------------------------------

    @property
    def parent_region(self) -> Region | None:
        return self.parent.parent if self.parent is not None else None

    @property
    def parent_op(self) -> Operation | None:
        region = self.parent_region
        return region.parent if region is not None else None

    def ancestors(self) -> Iterator[Operation]:
        op = self.parent_op
        while op is not None:
            yield op
            op = op.parent_op

    def is_ancestor_of(self, other: Operation) -> bool:
        return other is self or any(a is self for a in other.ancestors())

    def is_before_in_block(self, other: Operation) -> bool:
        block = self.parent
        if block is None or other.parent is not block:
            raise ValueError("is_before_in_block needs two ops of the same block")
        if not block.order_valid:
            block.renumber()
        return self.order < other.order

    def detach(self) -> Operation:
        """Unlink from the parent block, keeping uses and regions."""
        block = self.parent
        if block is not None:
            block._unlink(self)
        return self

    def erase(self) -> None:
        """Remove and destroy the op; refused while its results still have uses."""
        for result in self.results:
            if result.uses:
                user = next(iter(result.uses)).owner
                raise ValueError(
                    f"cannot erase '{self.name}': result #{result.index} is still used by "
                    f"'{user.name}'"
                )
        self.detach()
        self.drop_all_references()

    def drop_all_references(self) -> None:
        """Drop every operand use of this op and of everything nested in it."""
        for use in self.operand_uses:
            use.drop()
        self.operand_uses = []
        self.successors = []
        for region in self.regions:
            for block in region.blocks:
                for op in block:
                    op.drop_all_references()

    def move_before(self, other: Operation) -> None:
        self.detach()
        other.parent.insert_before(other, self)

    def move_after(self, other: Operation) -> None:
        self.detach()
        other.parent.insert_after(other, self)

    # -- traversal and copying -------------------------------------------------------------

    def walk(self, post_order: bool = False) -> Iterator[Operation]:
        """This op and every op nested in it, pre-order unless `post_order`."""
        if not post_order:
            yield self
        for region in self.regions:
            for block in region.blocks:
                for op in block:
                    yield from op.walk(post_order)
        if post_order:
            yield self

    def clone(self, mapping: dict | None = None) -> Operation:
        """A deep copy; `mapping` maps old values and blocks to new ones and is filled in."""
        mapping = {} if mapping is None else mapping
        new = object.__new__(type(self))
        if isinstance(self, UnregisteredOp):
            new.name = self.name
        Operation.__init__(
            new,
            [mapping.get(v, v) for v in self.operands],
            self.result_types,
            dict(self.properties),
            dict(self.attributes),
            [],
            [mapping.get(b, b) for b in self.successors],
            self.location,
        )
        for old, fresh in zip(self.results, new.results, strict=True):
            mapping[old] = fresh
        for region in self.regions:
            fresh_region = region.clone(mapping)
            fresh_region.parent = new
            new.regions.append(fresh_region)
        return new

    def __repr__(self) -> str:
        return f"<{type(self).__name__} '{self.name}' at {self.location!r}>"

    def __str__(self) -> str:
        from irc.frontend.printer import print_op

        return print_op(self)


class UnregisteredOp(Operation):
    """An op whose dialect or name irc does not know (allowed with allow_unregistered)."""

    __slots__ = ("name",)
    traits = frozenset()

    def __init__(self, name: str, *args, **kwargs) -> None:
        self.name = name
        super().__init__(*args, **kwargs)

    @property
    def is_registered(self) -> bool:
        return False


class Block:
    """A list of operations with arguments; the ops form a doubly linked list."""

    __slots__ = ("args", "parent", "first", "last", "order_valid", "__weakref__")

    def __init__(self, arg_types: Iterable[Type] = (), arg_locs: Iterable[Location] | None = None):
        arg_types = list(arg_types)
        locs = list(arg_locs) if arg_locs is not None else [UNKNOWN] * len(arg_types)
        self.args = [
            BlockArgument(t, self, i, loc)
            for i, (t, loc) in enumerate(zip(arg_types, locs, strict=True))
        ]
        self.parent: Region | None = None
        self.first: Operation | None = None
        self.last: Operation | None = None
        self.order_valid = True

    def add_argument(self, type: Type, loc: Location = UNKNOWN) -> BlockArgument:
        arg = BlockArgument(type, self, len(self.args), loc)
        self.args.append(arg)
        return arg

    def erase_argument(self, index: int) -> None:
        arg = self.args[index]
        if arg.uses:
            raise ValueError(f"cannot erase block argument #{index}: it still has uses")
        del self.args[index]
        for i, other in enumerate(self.args):
            other.index = i

    def __iter__(self) -> Iterator[Operation]:
        op = self.first
        while op is not None:
            following = op.next
            yield op
            op = following

    def __reversed__(self) -> Iterator[Operation]:
        op = self.last
        while op is not None:
            preceding = op.prev
            yield op
            op = preceding

    @property
    def ops(self) -> list[Operation]:
        return list(self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @property
    def is_empty(self) -> bool:
        return self.first is None

    @property
    def terminator(self) -> Operation | None:
        return self.last

    @property
    def parent_op(self) -> Operation | None:
        return self.parent.parent if self.parent is not None else None

    @property
    def is_entry(self) -> bool:
        return self.parent is not None and self.parent.blocks[0] is self

    def append(self, op: Operation) -> Operation:
        op.parent = self
        op.prev = self.last
        op.next = None
        if self.last is None:
            self.first = op
            op.order = 0
        else:
            self.last.next = op
            op.order = self.last.order + 1
        self.last = op
        return op

    def insert_before(self, anchor: Operation, op: Operation) -> Operation:
        op.parent = self
        op.next = anchor
        op.prev = anchor.prev
        if anchor.prev is None:
            self.first = op
        else:
            anchor.prev.next = op
        anchor.prev = op
        self.order_valid = False
        return op

    def insert_after(self, anchor: Operation, op: Operation) -> Operation:
        if anchor.next is None:
            return self.append(op)
        return self.insert_before(anchor.next, op)

    def insert_at_start(self, op: Operation) -> Operation:
        return self.append(op) if self.first is None else self.insert_before(self.first, op)

    def _unlink(self, op: Operation) -> None:
        if op.prev is None:
            self.first = op.next
        else:
            op.prev.next = op.next
        if op.next is None:
            self.last = op.prev
        else:
            op.next.prev = op.prev
        op.parent = op.prev = op.next = None

    def renumber(self) -> None:
        for index, op in enumerate(self):
            op.order = index
        self.order_valid = True

    def successors(self) -> list[Block]:
        return list(self.last.successors) if self.last is not None else []

    def predecessors(self) -> list[Block]:
        """Blocks of the same region whose terminator branches here (with repetition)."""
        if self.parent is None:
            return []
        return [b for b in self.parent.blocks for s in b.successors() if s is self]

    def clone_into(self, region: Region, mapping: dict) -> Block:
        fresh = Block([a.type for a in self.args], [a.loc for a in self.args])
        for old, new in zip(self.args, fresh.args, strict=True):
            mapping[old] = new
        mapping[self] = fresh
        region.append(fresh)
        return fresh

    def __repr__(self) -> str:
        return f"<Block with {len(self.args)} args>"


class Region:
    """An ordered list of blocks owned by an operation."""

    __slots__ = ("blocks", "parent", "__weakref__")

    def __init__(self, blocks: Iterable[Block] = ()) -> None:
        self.blocks: list[Block] = []
        self.parent: Operation | None = None
        for block in blocks:
            self.append(block)

    def append(self, block: Block) -> Block:
        block.parent = self
        self.blocks.append(block)
        return block

    def insert(self, index: int, block: Block) -> Block:
        block.parent = self
        self.blocks.insert(index, block)
        return block

    def remove(self, block: Block) -> None:
        self.blocks.remove(block)
        block.parent = None

    @property
    def entry(self) -> Block | None:
        return self.blocks[0] if self.blocks else None

    @property
    def is_empty(self) -> bool:
        return not self.blocks

    def ops(self) -> Iterator[Operation]:
        for block in self.blocks:
            yield from block

    def clone(self, mapping: dict) -> Region:
        """A deep copy of all blocks; block and value references are remapped."""
        fresh = Region()
        pairs = [(block, block.clone_into(fresh, mapping)) for block in self.blocks]
        for old, new in pairs:
            for op in old:
                new.append(op.clone(mapping))
        # A use may precede its definition in block order (graph regions, or blocks laid
        # out against dominance order); remap what the first pass could not yet see.
        for block in fresh.blocks:
            for op in block:
                for nested in op.walk():
                    for use in nested.operand_uses:
                        if use.value in mapping:
                            use.set(mapping[use.value])
        return fresh
