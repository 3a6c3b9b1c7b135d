"""Diagnostics: located errors, warnings, notes and remarks, printed as MLIR prints them.

    file.mlir:3:7: error: use of undeclared SSA value name
      "foo.y"(%1) : (i32) -> ()
              ^

A `DiagnosticEngine` collects every diagnostic of a run, so that `-verify-diagnostics`
can match all of them and a command line can print all of them. The Python API raises
`IRError`, which carries the diagnostics and their rendered text; no other exception
is meant to reach a user for bad input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from irc.ir.location import UNKNOWN, Location

SEVERITIES = ("error", "warning", "note", "remark")


@dataclass
class Diagnostic:
    """One message at one location, with attached notes."""

    severity: str
    location: Location
    message: str
    notes: list[Diagnostic] = field(default_factory=list)
    hint: str | None = None

    def attach_note(self, message: str, location: Location | None = None) -> Diagnostic:
        note = Diagnostic("note", location if location is not None else self.location, message)
        self.notes.append(note)
        return note

    def render(self, sources: SourceManager | None = None) -> str:
        """The diagnostic and its notes as MLIR prints them, with source lines and carets."""
        parts = [_render_one(self, sources)]
        if self.hint:
            parts.append(_render_one(Diagnostic("note", self.location, self.hint), None))
        parts.extend(_render_one(note, sources) for note in self.notes)
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.render(SOURCES)


class SourceManager:
    """Remembers the text of parsed buffers so diagnostics can quote the source line."""

    def __init__(self) -> None:
        self._buffers: dict[str, list[str] | str] = {}

    def add(self, filename: str, text: str) -> None:
        self._buffers[filename] = text

    def line(self, filename: str, line: int) -> str | None:
        buffer = self._buffers.get(filename)
        if buffer is None:
            return None
        if isinstance(buffer, str):
            buffer = buffer.split("\n")
            self._buffers[filename] = buffer
        if 1 <= line <= len(buffer):
            return buffer[line - 1]
        return None


SOURCES = SourceManager()


def _render_one(diag: Diagnostic, sources: SourceManager | None) -> str:
    flc = diag.location.file_line_col()
    if flc is None:
        from irc.frontend.printer import location_text

        prefix = "" if diag.location == UNKNOWN else f"{location_text(diag.location)}: "
        return f"{prefix}{diag.severity}: {diag.message}"
    head = f"{flc.filename}:{flc.line}:{flc.col}: {diag.severity}: {diag.message}"
    source_line = sources.line(flc.filename, flc.line) if sources else None
    if source_line is None:
        return head
    caret = "".join(ch if ch == "\t" else " " for ch in source_line[: max(flc.col - 1, 0)])
    return f"{head}\n{source_line}\n{caret}^"


class IRError(Exception):
    """Bad IR text, bad types or a failed transformation: carries located diagnostics."""

    def __init__(
        self, diagnostics: list[Diagnostic] | Diagnostic, sources: SourceManager | None = None
    ):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = diagnostics
        self.sources = sources if sources is not None else SOURCES
        super().__init__(self.text)

    @property
    def text(self) -> str:
        return "\n".join(d.render(self.sources) for d in self.diagnostics)

    def __str__(self) -> str:
        return self.text


class CallError(IRError):
    """A compiled function was called with arguments that do not fit its signature."""


class RuntimeFault(IRError):
    """Compiled code reported a fault (division by zero, an index out of bounds, ...)."""


Handler = Callable[[Diagnostic], None]


class DiagnosticEngine:
    """Collects diagnostics of one run; handlers see each as it is emitted."""

    def __init__(self, sources: SourceManager | None = None) -> None:
        self.sources = sources if sources is not None else SOURCES
        self.diagnostics: list[Diagnostic] = []
        self.handlers: list[Handler] = []

    def emit(self, diagnostic: Diagnostic) -> Diagnostic:
        self.diagnostics.append(diagnostic)
        for handler in self.handlers:
            handler(diagnostic)
        return diagnostic

    def error(self, location: Location, message: str) -> Diagnostic:
        return self.emit(Diagnostic("error", location, message))

    def warning(self, location: Location, message: str) -> Diagnostic:
        return self.emit(Diagnostic("warning", location, message))

    def remark(self, location: Location, message: str) -> Diagnostic:
        return self.emit(Diagnostic("remark", location, message))

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise IRError([d for d in self.diagnostics if d.severity == "error"], self.sources)

    def render(self) -> str:
        return "\n".join(d.render(self.sources) for d in self.diagnostics)
