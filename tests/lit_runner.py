"""Run the ``// RUN:`` lines of a FileCheck test file, as LLVM's lit does.

A test file is a text file (``.mlir`` here) with lines such as::

    // RUN: irc-opt %s --canonicalize | filecheck %s
    // RUN: not irc-opt %s --no-such-flag 2>&1 \\
    // RUN:   | filecheck %s --check-prefix=ERR

Each RUN line is one pipeline. The lines run in order and the first one that fails fails the test.
This is the small part of lit's shell that compiler tests use:

- Substitutions: ``%s`` the test file, ``%S`` its directory, ``%t`` a temporary path unique to the
  test (not created), ``%T`` a temporary directory, ``%%`` a literal ``%``. Paths are shell-quoted.
- A RUN line ending in ``\\`` continues on the next RUN line.
- Pipelines with ``|`` and lit's pipefail: a pipeline fails when any of its stages fails. Stages run
  one after another; each gets the previous stage's stdout as its stdin.
- ``not CMD`` succeeds when CMD exits non-zero, and fails when it exits 0 or crashes.
- Tools in ``IN_PROCESS_TOOLS`` (irc-opt, filecheck) run inside this Python process through the
  interface ``run(argv, stdin_text) -> (exit_code, stdout_text, stderr_text)``, where ``argv``
  excludes the program name. Their stage understands the redirections ``2>&1``, ``>FILE``,
  ``>>FILE``, ``2>FILE`` and ``<FILE`` (written as separate words or attached); stderr joins the
  pipe only with ``2>&1``. A tool that raises has crashed: its stage fails even under ``not``.
- Any other stage runs as ``bash -c STAGE``, so its own quoting and redirections work as in a shell.

Not supported, and reported rather than misread: ``&&``, ``||`` and ``;`` between commands (write
separate RUN lines instead).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import re
import shlex
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

ToolResult = tuple[int, str, str]
Tool = Callable[[list[str], str], ToolResult]

SUBPROCESS_TIMEOUT_S = 600
REPORT_MAX_LINES = 200

_RUN_LINE = re.compile(r"^\s*(?://|;|#)\s*RUN:(.*)$")
_SUBSTITUTION = re.compile(r"%([%sStTp])")
_LEADING_NOTS = re.compile(r"\s*((?:not\s+)*)(.*)", re.DOTALL)


class LitFailure(Exception):
    """A RUN line failed, or could not be run; ``str()`` is the report shown by pytest."""


# ---------------------------------------------------------------------------------------------
# In-process filecheck


@contextlib.contextmanager
def _stdio(stdin_text: str) -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """Swap sys.stdin/stdout/stderr for string buffers while a tool runs in this process."""
    saved = sys.stdin, sys.stdout, sys.stderr
    out, err = io.StringIO(), io.StringIO()
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin_text), out, err
    try:
        yield out, err
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


def _exit_code(exit_arg: object, stderr: io.StringIO) -> int:
    """The process exit status that ``sys.exit(exit_arg)`` would give."""
    if exit_arg is None:
        return 0
    if isinstance(exit_arg, int):
        return exit_arg
    print(exit_arg, file=stderr)
    return 1


def run_filecheck(argv: list[str], stdin_text: str = "") -> ToolResult:
    """Run the ``filecheck`` package (a Python FileCheck) in-process; never raises."""
    import filecheck.colors
    from filecheck.main import main

    saved_colors = filecheck.colors.COLOR_SUPPORT
    filecheck.colors.COLOR_SUPPORT = False  # as when its output goes to a pipe
    try:
        with _stdio(stdin_text) as (out, err):
            try:
                main(["filecheck", *argv])
                code = 0
            except SystemExit as exit_:
                code = _exit_code(exit_.code, err)
            except (RuntimeError, OSError) as error:  # bad options, missing check file
                print(f"filecheck: error: {error}", file=err)
                code = 2
    finally:
        filecheck.colors.COLOR_SUPPORT = saved_colors
    return code, out.getvalue(), err.getvalue()


IN_PROCESS_TOOLS: dict[str, str | Tool] = {
    "irc-opt": "irc.tools.irc_opt:run",
    "filecheck": run_filecheck,
    "FileCheck": run_filecheck,
}
"""Commands run inside the pytest process: a callable, or ``"module:attribute"`` imported lazily."""


# ---------------------------------------------------------------------------------------------
# Parsing RUN lines


@dataclass(frozen=True)
class RunLine:
    line_no: int  # 1-based line of its first ``RUN:``
    command: str  # continuations joined, before substitution


def parse_run_lines(text: str, filename: str = "<input>") -> list[RunLine]:
    """Collect the RUN commands of a test file, joining lines that end in a backslash."""
    commands: list[RunLine] = []
    pending: RunLine | None = None
    for line_no, line in enumerate(text.splitlines(), start=1):
        match = _RUN_LINE.match(line)
        if match is None:
            continue
        part = match.group(1).strip()
        if pending is not None:
            part = f"{pending.command} {part}".strip()
            start = pending.line_no
        else:
            start = line_no
        pending = None
        if part.endswith("\\"):
            pending = RunLine(start, part[:-1].rstrip())
        elif part:
            commands.append(RunLine(start, part))
    if pending is not None:
        raise LitFailure(
            f"{filename}:{pending.line_no}: the RUN line ends with '\\' but no RUN line follows"
        )
    return commands


def has_run_lines(path: Path) -> bool:
    """Whether a file holds at least one RUN line (cheap check used at collection)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(_RUN_LINE.match(line) for line in text.splitlines())


def substitute(command: str, substitutions: Mapping[str, str]) -> str:
    """Replace ``%s``-style substitutions; unknown ones (``%x``) are left as written."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key == "%":
            return "%"
        return shlex.quote(substitutions[key]) if key in substitutions else match.group(0)

    return _SUBSTITUTION.sub(replace, command)


def split_pipeline(command: str) -> list[str]:
    """Split a command at unquoted ``|``; reject ``&&``, ``||`` and ``;``."""
    stages: list[str] = []
    current: list[str] = []
    quote = ""
    index = 0
    while index < len(command):
        char = command[index]
        pair = command[index : index + 2]
        if quote:
            if char == "\\" and quote == '"':
                current.append(pair)
                index += 2
                continue
            quote = "" if char == quote else quote
        elif char == "\\":
            current.append(pair)
            index += 2
            continue
        elif char in "'\"":
            quote = char
        elif pair in ("&&", "||") or char == ";":
            raise LitFailure(
                f"unsupported shell syntax {pair if pair in ('&&', '||') else char!r} in "
                f"RUN line: {command}\n(write the commands as separate RUN lines)"
            )
        elif char == "|":
            stages.append("".join(current).strip())
            current = []
            index += 1
            continue
        current.append(char)
        index += 1
    if quote:
        raise LitFailure(f"unterminated quote in RUN line: {command}")
    stages.append("".join(current).strip())
    if any(not stage for stage in stages):
        raise LitFailure(f"empty pipeline stage in RUN line: {command}")
    return stages


# ---------------------------------------------------------------------------------------------
# Running one stage


@dataclass
class StageResult:
    command: str  # the stage as run, after substitution
    exit_code: int
    stdout: str  # what goes down the pipe
    stderr: str  # what was captured for the report
    stdin: str
    inverted: bool = False  # ran under an odd number of ``not``
    crash: str = ""  # traceback when an in-process tool raised

    @property
    def ok(self) -> bool:
        if self.crash:
            return False
        return (self.exit_code != 0) if self.inverted else (self.exit_code == 0)


@dataclass
class _Redirections:
    """Where an in-process tool's fds 1 and 2 go: "pipe" or a file (path, mode)."""

    stdout: tuple[str, str] | str = "pipe"
    stderr: tuple[str, str] | str = "stderr"
    stdin_file: str | None = None


_REDIRECT = re.compile(r"^(2>&1|1>&2|>&2|2>>|2>|1>>|1>|>>|>|<)(.*)$")


def _parse_redirections(words: list[str]) -> tuple[list[str], _Redirections]:
    """Strip shell redirections from an in-process tool's words, in the shell's order."""
    argv: list[str] = []
    redirs = _Redirections()
    index = 0
    while index < len(words):
        match = _REDIRECT.match(words[index])
        index += 1
        if match is None:
            argv.append(words[index - 1])
            continue
        operator, target = match.groups()
        if operator in ("2>&1", "1>&2", ">&2"):
            if operator == "2>&1":
                redirs.stderr = redirs.stdout
            else:
                redirs.stdout = redirs.stderr
            continue
        if not target:
            if index == len(words):
                raise LitFailure(f"redirection {operator!r} without a file name")
            target = words[index]
            index += 1
        if operator == "<":
            redirs.stdin_file = target
        else:
            sink = (target, "a" if operator.endswith(">>") else "w")
            if operator.startswith("2"):
                redirs.stderr = sink
            else:
                redirs.stdout = sink
    return argv, redirs


def _resolve_tool(spec: str | Tool) -> Tool:
    if callable(spec):
        return spec
    module_name, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def _call_tool(spec: str | Tool, argv: list[str], stdin_text: str) -> tuple[ToolResult, str]:
    """Call an in-process tool; return its result and a crash report ("" when it did not crash).

    Text the tool prints to sys.stdout/sys.stderr by itself is kept, ahead of what it returns.
    """
    with _stdio(stdin_text) as (stray_out, stray_err):
        try:
            tool = _resolve_tool(spec)
            result = tool(argv, stdin_text)
            crash = ""
        except SystemExit as exit_:
            result, crash = (_exit_code(exit_.code, stray_err), "", ""), ""
        except Exception:
            result, crash = (1, "", ""), traceback.format_exc()
    if not crash and not _is_tool_result(result):
        result, crash = (1, "", ""), f"returned {result!r}, expected (int, str, str)"
    code, out, err = result
    return (code, stray_out.getvalue() + out, stray_err.getvalue() + err), crash


def _is_tool_result(result: object) -> bool:
    return (
        isinstance(result, tuple)
        and len(result) == 3
        and isinstance(result[0], int)
        and isinstance(result[1], str)
        and isinstance(result[2], str)
    )


def _run_in_process(
    spec: str | Tool, words: list[str], stdin_text: str
) -> tuple[int, str, str, str]:
    argv, redirs = _parse_redirections(words[1:])
    if redirs.stdin_file is not None:
        stdin_text = Path(redirs.stdin_file).read_text(encoding="utf-8")
    (code, out, err), crash = _call_tool(spec, argv, stdin_text)
    sinks: dict[object, list[str]] = {"pipe": [], "stderr": []}
    for target, text in ((redirs.stdout, out), (redirs.stderr, err)):
        sinks.setdefault(target, []).append(text)
    for target, texts in sinks.items():
        if isinstance(target, tuple):
            path, mode = target
            with open(path, mode, encoding="utf-8") as sink_file:
                sink_file.write("".join(texts))
    return code, "".join(sinks["pipe"]), "".join(sinks["stderr"]), crash


def _run_subprocess(command: str, stdin_text: str) -> tuple[int, str, str, str]:
    try:
        completed = subprocess.run(
            ["bash", "-c", command],
            input=stdin_text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=SUBPROCESS_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return 124, "", "", f"timed out after {SUBPROCESS_TIMEOUT_S} s"
    return completed.returncode, completed.stdout, completed.stderr, ""


def run_stage(stage: str, stdin_text: str, tools: Mapping[str, str | Tool]) -> StageResult:
    """Run one pipeline stage (already substituted) with the given stdin."""
    nots, rest = _LEADING_NOTS.match(stage).groups()
    inverted = len(nots.split()) % 2 == 1
    try:
        words = shlex.split(rest)
    except ValueError as error:
        raise LitFailure(f"cannot split {rest!r}: {error}") from None
    if words and words[0] in tools:
        code, out, err, crash = _run_in_process(tools[words[0]], words, stdin_text)
    else:
        code, out, err, crash = _run_subprocess(rest, stdin_text)
    return StageResult(stage, code, out, err, stdin_text, inverted, crash)


def run_pipeline(command: str, tools: Mapping[str, str | Tool]) -> list[StageResult]:
    """Run a substituted command; every stage runs, as in a shell, and all results are returned."""
    results: list[StageResult] = []
    stdin_text = ""
    for stage in split_pipeline(command):
        result = run_stage(stage, stdin_text, tools)
        results.append(result)
        stdin_text = result.stdout
    return results


# ---------------------------------------------------------------------------------------------
# Running a file and reporting


def _excerpt(text: str) -> str:
    lines = text.splitlines()
    if len(lines) <= REPORT_MAX_LINES:
        return text.rstrip("\n")
    hidden = len(lines) - REPORT_MAX_LINES
    return "\n".join([*lines[:REPORT_MAX_LINES], f"... ({hidden} more lines)"])


def _stage_status(result: StageResult) -> str:
    status = f"exit {result.exit_code}"
    if result.inverted:
        status = f"not, {status}"
    if result.crash:
        status += ", CRASHED"
    return status + ("" if result.ok else ", FAILED")


def format_failure(where: str, run_line: RunLine, command: str, results: list[StageResult]) -> str:
    """The pytest report for a failed RUN line: the line, every stage's status, failing output."""
    parts = [
        f"{where}:{run_line.line_no}: RUN line failed",
        f"  RUN: {run_line.command}",
        f"  ran: {command}",
        "",
    ]
    for number, result in enumerate(results, start=1):
        parts.append(f"stage {number} [{_stage_status(result)}]: {result.command}")
    for number, result in enumerate(results, start=1):
        if result.ok:
            continue
        sections = [
            ("crash", result.crash),
            ("stderr", result.stderr),
            ("stdout", result.stdout),
            (f"stdin, the stdout of stage {number - 1}", result.stdin if number > 1 else ""),
        ]
        for title, text in sections:
            if text:
                parts += ["", f"--- stage {number} {title} ---", _excerpt(text)]
    return "\n".join(parts)


def run_file(
    path: Path,
    tmp_dir: Path,
    tools: Mapping[str, str | Tool] | None = None,
) -> int:
    """Run every RUN line of ``path``; raise LitFailure at the first that fails.

    ``tmp_dir`` backs ``%t`` and ``%T``; ``tools`` overrides or extends IN_PROCESS_TOOLS.
    Returns the number of RUN lines run.
    """
    path = Path(path).resolve()
    all_tools = {**IN_PROCESS_TOOLS, **(tools or {})}
    substitutions = {
        "s": str(path),
        "S": str(path.parent),
        "p": str(path.parent),
        "t": str(Path(tmp_dir) / f"{path.name}.tmp"),
        "T": str(tmp_dir),
    }
    run_lines = parse_run_lines(path.read_text(encoding="utf-8"), str(path))
    for run_line in run_lines:
        command = substitute(run_line.command, substitutions)
        try:
            results = run_pipeline(command, all_tools)
        except LitFailure as error:
            raise LitFailure(f"{path}:{run_line.line_no}: {error}") from None
        if not all(result.ok for result in results):
            raise LitFailure(format_failure(str(path), run_line, command, results))
    return len(run_lines)
