"""irc-opt: parse, verify and print MLIR files, as mlir-opt does.

    irc-opt input.mlir [-o out.mlir] [--split-input-file] [--verify-diagnostics]
            [--mlir-print-op-generic] [--mlir-print-debuginfo] [--allow-unregistered-dialect]

Flags take one or two dashes, as in LLVM tools. `run()` is the in-process entry point
used by the test harness; `console_main()` is the installed command.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from dataclasses import dataclass

from irc.ir.diagnostics import Diagnostic, DiagnosticEngine, IRError, SourceManager

SPLIT_MARKER = "// -----"


def _flag(parser: argparse.ArgumentParser, name: str, help: str, **kwargs) -> None:
    parser.add_argument(f"-{name}", f"--{name}", help=help, **kwargs)


def build_argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="irc-opt",
        description="irc modular optimizer driver: parse, verify and print MLIR.",
        allow_abbrev=False,
    )
    parser.add_argument("input", nargs="?", default="-", help="input file ('-' for stdin)")
    parser.add_argument("-o", dest="output", default="-", help="output file ('-' for stdout)")
    _flag(
        parser,
        "split-input-file",
        "split the input at '// -----' lines and process each chunk on its own",
        action="store_true",
    )
    _flag(
        parser,
        "verify-diagnostics",
        "check diagnostics against expected-* comments in the input",
        action="store_true",
    )
    _flag(
        parser, "mlir-print-op-generic", "print every op in the generic form", action="store_true"
    )
    _flag(parser, "mlir-print-debuginfo", "print locations", action="store_true")
    _flag(
        parser,
        "allow-unregistered-dialect",
        "accept ops of dialects irc does not know",
        action="store_true",
    )
    _flag(
        parser,
        "mlir-elide-elementsattrs-if-larger",
        "elide dense elements with more than this many values",
        type=int,
        default=None,
        metavar="N",
    )
    _flag(
        parser,
        "verify-each",
        "run the verifier after parsing (on by default)",
        type=lambda s: s.lower() not in ("0", "false"),
        default=True,
        metavar="BOOL",
    )
    return parser


@dataclass
class Options:
    generic: bool
    debuginfo: bool
    allow_unregistered: bool
    elide: int | None
    verify: bool


def process_chunk(
    text: str, filename: str, options: Options, engine: DiagnosticEngine, line_offset: int
) -> str | None:
    """Parse, verify and print one buffer; None when a diagnostic stopped it."""
    from irc.frontend.parser import parse
    from irc.frontend.printer import print_op
    from irc.ir.verifier import verify

    try:
        module = parse(
            text,
            filename,
            allow_unregistered=options.allow_unregistered,
            sources=engine.sources,
            line_offset=line_offset,
            register_source=False,
        )
    except IRError as exc:
        for diag in exc.diagnostics:
            engine.emit(diag)
        return None
    if options.verify and not verify(module, engine):
        return None
    return print_op(
        module,
        generic=options.generic,
        debuginfo=options.debuginfo,
        elide_elements_larger_than=options.elide,
    )


def split_chunks(text: str, split: bool) -> list[tuple[str, int]]:
    """(chunk text, line offset) pairs; the whole text when not splitting."""
    if not split:
        return [(text, 0)]
    chunks: list[tuple[str, int]] = []
    lines = text.split("\n")
    start = 0
    for index, line in enumerate(lines):
        if line.strip().startswith(SPLIT_MARKER):
            chunks.append(("\n".join(lines[start:index]), start))
            start = index + 1
    chunks.append(("\n".join(lines[start:]), start))
    return chunks


def run(argv: list[str], stdin_text: str = "") -> tuple[int, str, str]:
    """Run irc-opt in-process: (exit code, stdout text, stderr text). Never raises."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = _main(argv, stdin_text, out, err)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def _read_input(path: str, stdin_text: str | None) -> tuple[str, str]:
    if path == "-":
        if stdin_text is None:
            stdin_text = sys.stdin.read()
        return stdin_text, "<stdin>"
    with open(path, encoding="utf-8", errors="surrogateescape") as handle:
        return handle.read(), path


def _main(argv: list[str], stdin_text: str | None, out, err) -> int:
    args = build_argument_parser().parse_args(argv)
    try:
        text, filename = _read_input(args.input, stdin_text)
    except OSError as exc:
        err.write(f"irc-opt: error: could not open input file '{args.input}': {exc.strerror}\n")
        return 1
    options = Options(
        args.mlir_print_op_generic,
        args.mlir_print_debuginfo,
        args.allow_unregistered_dialect,
        args.mlir_elide_elementsattrs_if_larger,
        args.verify_each,
    )
    sources = SourceManager()
    sources.add(filename, text)
    engine = DiagnosticEngine(sources)
    outputs = []
    failed = False
    for chunk, offset in split_chunks(text, args.split_input_file):
        before = len(engine.diagnostics)
        printed = process_chunk(chunk, filename, options, engine, offset)
        if printed is None:
            failed = True
            if args.verify_diagnostics and len(engine.diagnostics) == before:
                failed = True
        else:
            outputs.append(printed + "\n")  # mlir-opt ends each module with a blank line
    if args.verify_diagnostics:
        return _verify_diagnostics(text, filename, engine, err)
    if engine.diagnostics:
        err.write(engine.render() + "\n")
    if failed:
        return 1
    result = (SPLIT_MARKER + "\n").join(outputs)
    if args.output == "-":
        out.write(result)
    else:
        try:  # surrogateescape writes back the undecodable bytes the input had
            with open(args.output, "w", encoding="utf-8", errors="surrogateescape") as handle:
                handle.write(result)
        except OSError as exc:
            err.write(f"irc-opt: error: could not open output file '{args.output}': ")
            err.write(f"{exc.strerror}\n")
            return 1
    return 0


def _verify_diagnostics(text: str, filename: str, engine: DiagnosticEngine, err) -> int:
    from irc.tools.verify_diagnostics import check, collect_expectations

    expectations, malformed = collect_expectations(text)
    problems = check(engine.diagnostics, expectations, filename)
    for message in malformed:
        line, _, rest = message.partition(": ")
        err.write(f"{filename}:{line}:1: error: {rest}\n")
    if problems:
        err.write("\n".join(p.render(engine.sources) for p in problems) + "\n")
    return 1 if problems or malformed else 0


def console_main() -> None:
    for stream in (sys.stdin, sys.stdout):  # bytes that are not UTF-8 pass through, as in
        if hasattr(stream, "reconfigure"):  # files read with surrogateescape
            stream.reconfigure(errors="surrogateescape")
    code = _main(sys.argv[1:], None, sys.stdout, sys.stderr)
    sys.stdout.flush()
    raise SystemExit(code)


__all__ = ["run", "console_main", "Diagnostic"]
