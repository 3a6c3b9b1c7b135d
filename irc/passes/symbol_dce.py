"""symbol-dce: erase the symbols nothing can reach, as MLIR's -symbol-dce does.

It runs on a symbol table (builtin.module). A symbol is live when it cannot be discarded
or when something live references it; liveness flows from every op of the table that is
not a symbol and from every symbol that must stay, through the symbol references
(`@f`, `@m::@g`, also inside array and dictionary attributes) of these ops and of the
ops nested in them.

A symbol may be discarded when it is not public (private, or `nested`) and the table is
hidden (nothing outside can name it: the table is the top-level op, not a symbol, or a
private symbol), or when it is private. Public symbols always stay. A nested symbol table
that is live is handled the same way, hidden when its parent table is, when it is not a
symbol or when it is private. Every symbol not found live is erased, in the table and in
the nested tables.

Symbol uses cannot be computed through an unregistered op with one region (it might be a
symbol table irc does not know): the pass then fails with MLIR's message.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from irc.dialects.func import symbol_name
from irc.ir import attributes as A
from irc.ir.core import Operation, UnregisteredOp
from irc.ir.traits import Symbol, SymbolTable
from irc.passes.pass_manager import Pass, PassContext, PassFailure

UNKNOWN_TABLE = (
    "operation contains potentially unknown symbol table, meaning that we can't reliable "
    "compute symbol uses"
)


def is_symbol(op: Operation) -> bool:
    return Symbol in type(op).traits and symbol_name(op) is not None


def visibility(op: Operation) -> str:
    attr = op.properties.get("sym_visibility") or op.attributes.get("sym_visibility")
    return attr.value if isinstance(attr, A.StringAttr) else "public"


def _references(attr: A.Attribute) -> Iterator[A.SymbolRefAttr]:
    if isinstance(attr, A.SymbolRefAttr):
        yield attr
    elif isinstance(attr, A.ArrayAttr):
        for element in attr.elements:
            yield from _references(element)
    elif isinstance(attr, A.DictionaryAttr):
        for _, value in attr.entries:
            yield from _references(value)


def _maybe_symbol_table(op: Operation) -> bool:
    return isinstance(op, UnregisteredOp) and len(op.regions) == 1


def symbol_references(op: Operation) -> list[tuple[A.SymbolRefAttr, Operation]] | None:
    """The symbol references held by `op` and the ops nested in it, each with the op that
    holds it, as MLIR's getSymbolUses: a symbol table (`op` itself too) holds only its own
    attributes' uses, its ops' references resolve inside it. None when an op on the way
    might be an unknown symbol table."""
    found: list[tuple[A.SymbolRefAttr, Operation]] = []
    stack = [op]
    while stack:
        current = stack.pop()
        if _maybe_symbol_table(current):
            return None
        for attrs in (current.properties, current.attributes):
            for value in attrs.values():
                found.extend((ref, current) for ref in _references(value))
        if SymbolTable not in type(current).traits:
            for region in reversed(current.regions):
                for block in reversed(region.blocks):
                    stack.extend(reversed(list(block)))
    return found


def symbol_uses(op: Operation) -> list[A.SymbolRefAttr] | None:
    """The references of `symbol_references`, without their holders."""
    found = symbol_references(op)
    return None if found is None else [ref for ref, _ in found]


class SymbolTables:
    """Name -> symbol maps of the symbol tables looked into, built on first use."""

    def __init__(self) -> None:
        self.tables: dict[Operation, dict[str, Operation]] = {}

    def symbols(self, table: Operation) -> dict[str, Operation]:
        found = self.tables.get(table)
        if found is None:
            found = {}
            for region in table.regions:
                for block in region.blocks:
                    for op in block:
                        name = symbol_name(op)
                        if name is not None and name not in found:
                            found[name] = op
            self.tables[table] = found
        return found

    def resolve(self, table: Operation, ref: A.SymbolRefAttr) -> list[Operation]:
        """The symbols along `@root::@nested...` from `table`; [] when one is missing or
        is a private symbol of a nested table (invisible from outside it)."""
        path = []
        current = table
        for depth, name in enumerate((ref.root, *ref.nested)):
            if SymbolTable not in type(current).traits:
                return []
            found = self.symbols(current).get(name)
            if found is None or (depth > 0 and visibility(found) == "private"):
                return []
            path.append(found)
            current = found
        return path


class Liveness:
    """MLIR's SymbolDCE::computeLiveness over a table and the live tables inside it."""

    def __init__(self) -> None:
        self.live: set[Operation] = set()
        self.tables = SymbolTables()

    def compute(self, table: Operation, hidden: bool) -> None:
        worklist: list[Operation] = []
        for region in table.regions:
            for block in region.blocks:
                for op in block:
                    if not is_symbol(op):
                        worklist.append(op)
                        continue
                    kind = visibility(op)
                    discardable = (hidden or kind == "private") and kind != "public"
                    if not discardable and op not in self.live:
                        self.live.add(op)
                        worklist.append(op)
        while worklist:
            op = worklist.pop()
            if SymbolTable in type(op).traits:
                nested_hidden = hidden or not is_symbol(op) or visibility(op) == "private"
                self.compute(op, nested_hidden)
            uses = symbol_uses(op)
            if uses is None:
                raise PassFailure(UNKNOWN_TABLE, op)
            for ref in uses:
                for symbol in self.tables.resolve(op.parent_op, ref):
                    if symbol not in self.live:
                        self.live.add(symbol)
                        worklist.append(symbol)


def erase_dead_symbols(table: Operation, live: set[Operation]) -> int:
    """Erase the symbols of `table` and of the tables nested in it that are not live."""
    erased = 0
    for nested in list(table.walk()):
        if SymbolTable not in type(nested).traits or not nested.regions:
            continue
        for block in nested.regions[0].blocks:
            for op in list(block):
                if is_symbol(op) and op not in live and op.parent is block:
                    op.drop_all_references()
                    op.detach()
                    erased += 1
    return erased


@dataclass
class SymbolDCE(Pass):
    name = "symbol-dce"
    summary = "Eliminate dead symbols"

    def run(self, op: Operation, context: PassContext) -> None:
        if SymbolTable not in type(op).traits:
            context.error(
                op,
                f"'{op.name}' op  was scheduled to run under SymbolDCE, but does not define "
                "a symbol table",
            )
            return
        hidden = True
        if op.parent_op is not None and is_symbol(op):
            hidden = visibility(op) == "private"
        liveness = Liveness()
        liveness.compute(op, hidden)
        erase_dead_symbols(op, liveness.live)
