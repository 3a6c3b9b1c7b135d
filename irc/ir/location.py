"""Source locations, as MLIR spells them.

Every operation and block argument carries one. Locations are immutable values; the
ones the parser creates for every op (`FileLineColLoc`) are the most common objects
after values themselves, so they are plain slotted classes without interning.
"""

from __future__ import annotations


class Location:
    """Base of all location kinds."""

    __slots__ = ()

    def __repr__(self) -> str:
        from irc.frontend.printer import location_text

        return f"loc({location_text(self)})"

    def file_line_col(self) -> FileLineColLoc | None:
        """The first file position this location names, for diagnostics."""
        return None


class UnknownLoc(Location):
    """`loc(unknown)`: no source position is known."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UnknownLoc)

    def __hash__(self) -> int:
        return 7


UNKNOWN = UnknownLoc()


class FileLineColLoc(Location):
    """`loc("file.mlir":3:7)`: a position in a source file (1-based line and column)."""

    __slots__ = ("filename", "line", "col")

    def __init__(self, filename: str, line: int, col: int) -> None:
        self.filename = filename
        self.line = line
        self.col = col

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FileLineColLoc)
            and self.line == other.line
            and self.col == other.col
            and self.filename == other.filename
        )

    def __hash__(self) -> int:
        return hash((self.filename, self.line, self.col))

    def file_line_col(self) -> FileLineColLoc:
        return self


class NameLoc(Location):
    """`loc("name")` or `loc("name"(child))`: a named location, optionally wrapping another."""

    __slots__ = ("name", "child")

    def __init__(self, name: str, child: Location | None = None) -> None:
        self.name = name
        self.child = child

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NameLoc) and (self.name, self.child) == (other.name, other.child)

    def __hash__(self) -> int:
        return hash((self.name, self.child))

    def file_line_col(self) -> FileLineColLoc | None:
        return self.child.file_line_col() if self.child is not None else None


class CallSiteLoc(Location):
    """`loc(callsite(callee at caller))`: code inlined from `callee` at `caller`."""

    __slots__ = ("callee", "caller")

    def __init__(self, callee: Location, caller: Location) -> None:
        self.callee = callee
        self.caller = caller

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CallSiteLoc) and (self.callee, self.caller) == (
            other.callee,
            other.caller,
        )

    def __hash__(self) -> int:
        return hash((self.callee, self.caller))

    def file_line_col(self) -> FileLineColLoc | None:
        return self.callee.file_line_col() or self.caller.file_line_col()


class FusedLoc(Location):
    """`loc(fused<#meta>[a, b])`: several locations merged, e.g. by CSE."""

    __slots__ = ("locations", "metadata")

    def __init__(self, locations: tuple[Location, ...], metadata: object = None) -> None:
        self.locations = tuple(locations)
        self.metadata = metadata

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FusedLoc) and (self.locations, self.metadata) == (
            other.locations,
            other.metadata,
        )

    def __hash__(self) -> int:
        return hash((self.locations, self.metadata))

    def file_line_col(self) -> FileLineColLoc | None:
        for loc in self.locations:
            found = loc.file_line_col()
            if found is not None:
                return found
        return None
