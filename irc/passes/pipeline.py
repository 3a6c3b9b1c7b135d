"""Textual pass pipelines in MLIR's grammar.

    builtin.module(func.func(canonicalize,cse),symbol-dce,some-pass{opt=1 list=1,2})

An element is a pass (with `{key=value ...}` options), a named pipeline, or an op name
followed by a parenthesized list, which nests a pass manager anchored on that op. Errors
are located diagnostics at the column of the fault, with "did you mean" suggestions.
"""

from __future__ import annotations

import dataclasses
import difflib
import typing

from irc.ir.diagnostics import Diagnostic, IRError, SourceManager
from irc.ir.location import FileLineColLoc
from irc.passes.pass_manager import OpPassManager, Pass, format_option_value, pass_class
from irc.passes.registry import PASSES, PIPELINES

PIPELINE_BUFFER = "<pipeline>"


class _PipelineError(Exception):
    def __init__(self, message: str, column: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


def parse_pipeline(text: str, default_anchor: str = "builtin.module") -> OpPassManager:
    """A pass manager for `text`; a bare pass list is anchored on `default_anchor`.
    Raises IRError with the fault located in the pipeline text."""
    parser = _PipelineParser(text)
    try:
        return parser.parse_top(default_anchor)
    except _PipelineError as exc:
        sources = SourceManager()
        sources.add(PIPELINE_BUFFER, text)
        loc = FileLineColLoc(PIPELINE_BUFFER, 1, exc.column + 1)
        raise IRError(Diagnostic("error", loc, exc.message, hint=exc.hint), sources) from None


def build_pass(
    name: str, options: dict[str, tuple[str, int]] | None = None, column: int = 0
) -> Pass:
    """An instance of the registered pass `name` with textual `options`."""
    cls = pass_class(name)
    if cls is None:
        raise _unknown(name, column)
    return _configure(cls, options or {}, column)


class _PipelineParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def parse_top(self, default_anchor: str) -> OpPassManager:
        self.skip_space()
        start = self.pos
        name = self.identifier()
        self.skip_space()
        if name and _is_op_name(name) and self.peek() == "(":
            opened = self.pos
            self.pos += 1
            manager = OpPassManager(name)
            self.elements(manager, ")")
            self.close_list(name, opened)
        else:
            self.pos = start
            manager = OpPassManager(default_anchor)
            if self.at_end():
                return manager
            self.elements(manager, None)
        self.skip_space()
        if not self.at_end():
            if self.peek() == ")":
                raise _PipelineError(
                    "unbalanced parentheses: this ')' closes nothing", self.pos, "remove it"
                )
            raise _PipelineError(f"unexpected '{self.peek()}' after the pipeline", self.pos)
        return manager

    def elements(self, manager: OpPassManager, close: str | None) -> None:
        while True:
            self.skip_space()
            if close is not None and self.peek() == close:
                return  # an empty list: `func.func()`
            self.element(manager)
            self.skip_space()
            if self.peek() != ",":
                return
            self.pos += 1

    def element(self, manager: OpPassManager) -> None:
        start = self.pos
        name = self.identifier()
        if not name:
            found = self.peek() or "end of pipeline"
            raise _PipelineError(f"expected a pass or op name, found '{found}'", start)
        self.skip_space()
        if self.peek() == "(":
            if not _is_op_name(name):
                raise _PipelineError(
                    f"'{name}' is not an op name: only op names (such as func.func or any) "
                    "nest a pass list",
                    start,
                )
            opened = self.pos
            self.pos += 1
            nested = manager.nest(name)
            self.elements(nested, ")")
            self.close_list(name, opened)
            return
        options = self.options() if self.peek() == "{" else {}
        if name in PIPELINES:
            _expand_pipeline(name, manager, options, start)
            return
        manager.add(_check_anchor(build_pass(name, options, start), manager, start))

    def close_list(self, anchor: str, opened: int) -> None:
        """The `)` of `anchor(...)`, with the error pointing at what is wrong."""
        self.skip_space()
        if self.at_end():
            raise _PipelineError(
                f"unbalanced parentheses: the pass list of '{anchor}' opened here is never closed",
                opened,
                "add ')' at the end",
            )
        if self.peek() != ")":
            raise _PipelineError(
                f"expected ',' or ')' after a pass, found '{self.peek()}'",
                self.pos,
                "separate the passes of a list with ','",
            )
        self.pos += 1

    def options(self) -> dict[str, tuple[str, int]]:
        """`{key=value key2=a,b key3}`: values keep their column for errors."""
        opened = self.pos
        self.expect("{")
        found: dict[str, tuple[str, int]] = {}
        while True:
            self.skip_space()
            if self.peek() == "}":
                self.pos += 1
                return found
            if self.at_end() or self.peek() in "()":
                raise _PipelineError(
                    "missing '}' to close the pass options opened here",
                    opened,
                    "options are written as pass{key=value key2=value2}",
                )
            start = self.pos
            key = self.identifier()
            if not key:
                raise _PipelineError(f"expected an option name, found '{self.peek()}'", start)
            value = "true"
            if self.peek() == "=":
                self.pos += 1
                value = self.option_value()
            found[key] = (value, start)

    def option_value(self) -> str:
        start = self.pos
        depth = 0
        while not self.at_end():
            char = self.peek()
            if char in "{[(":
                depth += 1
            elif char in "}])":
                if depth == 0:
                    break
                depth -= 1
            elif char == " " and depth == 0:
                break
            elif char in "\"'":
                end = self.text.find(char, self.pos + 1)
                if end < 0:
                    raise _PipelineError("unterminated quoted option value", self.pos)
                self.pos = end
            self.pos += 1
        value = self.text[start : self.pos]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        return value

    # -- characters --------------------------------------------------------------------

    def identifier(self) -> str:
        start = self.pos
        while not self.at_end() and (self.peek().isalnum() or self.peek() in "_-.$"):
            self.pos += 1
        return self.text[start : self.pos]

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_space(self) -> None:
        while not self.at_end() and self.peek().isspace():
            self.pos += 1

    def expect(self, char: str) -> None:
        self.skip_space()
        if self.peek() != char:
            found = self.peek() or "end of pipeline"
            raise _PipelineError(f"expected '{char}', found '{found}'", self.pos)
        self.pos += 1


def _is_op_name(name: str) -> bool:
    return name == "any" or ("." in name and not name.startswith("."))


def _unknown(name: str, column: int) -> _PipelineError:
    known = sorted(set(PASSES) | set(PIPELINES))
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "irc-opt --list-passes lists them"
    return _PipelineError(
        f"'{name}' does not refer to a registered pass or pass pipeline", column, hint
    )


def _expand_pipeline(name: str, manager: OpPassManager, options, column: int) -> None:
    if options:
        raise _PipelineError(f"the pipeline '{name}' takes no options", column)
    _, body = PIPELINES[name]
    nested = parse_pipeline(body, manager.anchor)
    manager.elements.extend(nested.elements)


def _configure(cls: type[Pass], options: dict[str, tuple[str, int]], column: int) -> Pass:
    fields = {cls.option_name(f): f for f in cls.option_fields()}
    hints = typing.get_type_hints(cls)
    values = {}
    for key, (text, key_column) in options.items():
        f = fields.get(key)
        if f is None:
            close = difflib.get_close_matches(key, list(fields), n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else (
                    f"'{cls.name}' takes: {', '.join(fields)}"
                    if fields
                    else f"'{cls.name}' takes no options"
                )
            )
            raise _PipelineError(f"no option named '{key}' for pass '{cls.name}'", key_column, hint)
        try:
            values[f.name] = _convert(text, hints.get(f.name, str), key, key_column)
        except _PipelineError as exc:  # point at the value, and say what the option wants
            exc.column = key_column + len(key) + 1
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            exc.hint = f"'{key}': {f.metadata['help']} (default: {format_option_value(default)})"
            raise
    return cls(**values)


def _check_anchor(pass_: Pass, manager: OpPassManager, column: int) -> Pass:
    """A pass anchored on one op may not sit in the pass list of another (MLIR: "did you
    intend to nest?"); a list anchored on `any` may hold it, and is checked when run."""
    anchor = pass_.anchor
    if anchor is None or manager.anchor == "any" or anchor == manager.anchor:
        return pass_
    if anchor == "builtin.module":
        hint = "move it to the pass list of 'builtin.module'"
    else:
        hint = f"did you intend to nest? write '{anchor}({pass_.pipeline_text()})'"
    raise _PipelineError(
        f"'{pass_.name}' runs on '{anchor}' ops and cannot run in the pass list of "
        f"'{manager.anchor}'",
        column,
        hint,
    )


def _convert(text: str, annotation, key: str, column: int):
    origin = typing.get_origin(annotation)
    if origin in (list, tuple):
        (item,) = typing.get_args(annotation)[:1] or (str,)
        parts = [p.strip() for p in text.strip("[]").split(",") if p.strip()]
        return [_convert(p, item, key, column) for p in parts]
    try:
        if annotation is bool:
            lowered = text.lower()
            if lowered not in ("true", "false", "1", "0"):
                raise ValueError
            return lowered in ("true", "1")
        if annotation is int:
            return int(text, 0)
        if annotation is float:
            return float(text)
    except ValueError:
        kind = {bool: "a boolean (true or false)", int: "an integer", float: "a number"}
        raise _PipelineError(
            f"invalid value '{text}' for option '{key}': expected {kind[annotation]}", column
        ) from None
    return text


def pipeline_of(passes: list[Pass]) -> str:
    return ",".join(p.pipeline_text() for p in passes)
