"""What the rule tables of one-shot-bufferize are made of: a row (`Rule`), the table
(`RuleTable`, looked up by op class through the class's bases), the one-line predicates
rows are written with, and the memref types tensors become."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from irc.dialects import linalg, memref
from irc.ir import types as T
from irc.ir.core import Operation, Value

Bufferize = Callable[[Operation, "object"], "list | None"]


def always(op: Operation, index: int) -> bool:
    return True


def never(op: Operation, index: int) -> bool:
    return False


def no_aliases(op: Operation, index: int) -> list[Value]:
    return []


def operand_is(position: int) -> Callable[[Operation, int], bool]:
    return lambda op, index: index == position


def result_of(position: int) -> Callable[[Operation, int], list[Value]]:
    """The op's result aliases operand `position` (a view, or a destination)."""
    return lambda op, index: [op.results[0]] if index == position else []


@dataclass(frozen=True)
class Rule:
    bufferize: Bufferize
    reads: Callable[[Operation, int], bool] = always
    writes: Callable[[Operation, int], bool] = never
    aliases: Callable[[Operation, int], list[Value]] = no_aliases


def view(bufferize: Bufferize) -> Rule:
    """A view: its result shares the source's buffer and nothing is read or written."""
    return Rule(bufferize, reads=never, aliases=result_of(0))


class RuleTable:
    """Rows by op class; `lookup` walks the class's bases."""

    def __init__(self, rows: dict[type, Rule]) -> None:
        self.rows = rows

    def lookup(self, op: Operation) -> Rule | None:
        for cls in type(op).__mro__:
            found = self.rows.get(cls)
            if found is not None:
                return found
        return None

    def elementwise(self, op: Operation, read: int) -> bool:
        """A linalg op whose loops are all parallel, whose operand `read` and outputs are
        indexed by identity maps, reads that operand's element only where it writes the
        same one (MLIR's elementwise-access check: other inputs may broadcast)."""
        if not isinstance(op, linalg.StructuredOp):
            return False
        maps = op.indexing_maps()
        outputs = range(len(op.inputs), len(maps))
        return all(t == "parallel" for t in op.iterator_types()) and all(
            maps[i].is_identity for i in (read, *outputs)
        )


# -- types ------------------------------------------------------------------------------------


DYN = memref.DYNAMIC_INDEX


def sizes_in_layout_form(shape) -> list[int]:
    """Sizes of a type (`?` is T.DYNAMIC) in the DYNAMIC_INDEX form of layouts."""
    return [DYN if size == T.DYNAMIC else size for size in shape]


def memref_type(t: T.TensorType) -> T.MemRefType:
    """The identity-layout memref of a ranked tensor type."""
    return T.MemRefType(t.shape, t.element_type)


def dynamic_layout_type(t: T.ShapedType) -> T.MemRefType:
    """`memref<...xT, strided<[?, ...], offset: ?>>` of the same shape."""
    return memref.strided_type(
        sizes_in_layout_form(t.shape), t.element_type, [DYN] * len(t.shape), DYN, None
    )
