"""What irc's command-line tools share: reading input, writing output, running in-process.

Each tool has `_main(argv, stdin_text, out, err) -> exit code`; `run_in_process` runs it
with captured streams for tests, `console` runs it as the console script.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable

Main = Callable[[list[str], "str | None", object, object], int]


def run_in_process(main: Main, argv: list[str], stdin_text: str | None) -> tuple[int, str, str]:
    """(exit code, stdout text, stderr text) of one run. Never raises."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv, stdin_text, out, err)
    except SystemExit as exc:  # --help, argparse usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def console(main: Main) -> None:
    """Run `main` on the process's arguments and streams, then exit with its code."""
    for stream in (sys.stdin, sys.stdout):  # bytes that are not UTF-8 pass through, as in
        if hasattr(stream, "reconfigure"):  # files read with surrogateescape
            stream.reconfigure(errors="surrogateescape")
    code = main(sys.argv[1:], None, sys.stdout, sys.stderr)
    sys.stdout.flush()
    raise SystemExit(code)


def read_input(path: str, stdin_text: str | None) -> tuple[str, str]:
    """(text, filename for diagnostics) of `path`; `-` is standard input."""
    if path == "-":
        if stdin_text is None:
            stdin_text = sys.stdin.read()
        return stdin_text, "<stdin>"
    with open(path, encoding="utf-8", errors="surrogateescape") as handle:
        return handle.read(), path


def write_output(tool: str, path: str, text: str, out, err) -> int:
    """Write `text` to `path` (`-`: `out`); 1 with a message on `err` when it cannot."""
    if path == "-":
        out.write(text)
        return 0
    try:  # surrogateescape writes back the undecodable bytes the input had
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as handle:
            handle.write(text)
    except OSError as exc:
        err.write(f"{tool}: error: could not open output file '{path}': {exc.strerror}\n")
        return 1
    return 0
