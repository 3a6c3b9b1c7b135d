"""irc-opt: parse, verify and print MLIR files, as mlir-opt does.

    irc-opt input.mlir [-o out.mlir] [--split-input-file] [--verify-diagnostics]
            [--mlir-print-op-generic] [--mlir-print-debuginfo] [--allow-unregistered-dialect]

Flags take one or two dashes, as in LLVM tools. `run()` is the in-process entry point
used by the test harness; `console_main()` is the installed command.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import difflib
import io
import sys
from dataclasses import dataclass

from irc.ir.diagnostics import Diagnostic, DiagnosticEngine, IRError, SourceManager
from irc.passes.pass_manager import format_option_value

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
        "run the verifier after parsing and after each pass (on by default)",
        type=lambda s: s.lower() not in ("0", "false"),
        default=True,
        metavar="BOOL",
    )
    _flag(
        parser,
        "pass-pipeline",
        "a textual pipeline: 'builtin.module(func.func(canonicalize),cse)'",
        default=None,
        metavar="PIPELINE",
    )
    _flag(
        parser,
        "list-passes",
        "list the registered passes, pipelines and their options",
        action="store_true",
    )
    return parser


def pipeline_from_flags(args, extra: list[str], err) -> tuple[object | None, bool]:
    """The pass manager the flags ask for: `--pass-pipeline=...`, or short pass flags
    (`-canonicalize -cse`, options as `--pass=opt=1`) in order. (None, False) on error."""
    from irc.passes.pass_manager import OpPassManager
    from irc.passes.pipeline import parse_pipeline
    from irc.passes.registry import PASSES, PIPELINES

    short: list[str] = []
    for arg in extra:
        name, _, options = arg.lstrip("-").partition("=")
        if not arg.startswith("-") or name not in PASSES and name not in PIPELINES:
            close = difflib.get_close_matches(name, [*PASSES, *PIPELINES], n=1)
            hint = f" Did you mean '--{close[0]}'?" if close else ""
            err.write(
                f"irc-opt: Unknown command line argument '{arg}'.{hint} Try: 'irc-opt --help'\n"
            )
            return None, False
        short.append(name + (f"{{{options}}}" if options else ""))
    if short and args.pass_pipeline is not None:
        err.write(
            "irc-opt: error: '--pass-pipeline' cannot be used with individual pass "
            "flags such as '-" + short[0].partition("{")[0] + "'\n"
        )
        return None, False
    text = args.pass_pipeline if args.pass_pipeline is not None else ",".join(short)
    if not text:
        return OpPassManager(), True
    try:
        return parse_pipeline(text), True
    except IRError as exc:
        err.write(exc.text + "\n")
        return None, False


def list_passes(out) -> None:
    """Each pass and pipeline with its summary and options, as `--list-passes` prints."""
    from irc.passes.pass_manager import pass_class
    from irc.passes.registry import PASSES, PIPELINES

    out.write("Passes:\n")
    for name in sorted(PASSES):
        cls = pass_class(name)
        out.write(f"  --{name:<34} - {cls.summary}\n")
        for f in cls.option_fields():
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            out.write(
                f"    --{cls.option_name(f):<32} - {f.metadata['help']} "
                f"(default: {format_option_value(default)})\n"
            )
    if PIPELINES:
        out.write("Pass Pipelines:\n")
        for name in sorted(PIPELINES):
            summary, body = PIPELINES[name]
            out.write(f"  --{name:<34} - {summary}\n      {body}\n")


@dataclass
class Options:
    generic: bool
    debuginfo: bool
    allow_unregistered: bool
    elide: int | None
    verify: bool
    pipeline: object = None


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
    if options.pipeline is not None and options.pipeline.elements:
        from irc.passes.pass_manager import PassManager

        manager = PassManager(options.pipeline, verify_each=options.verify)
        if not manager.run(module, engine):
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


def _split_pass_flags(argv: list[str]) -> tuple[list[str], list[str]]:
    """Pull pass flags (`-cse`, `--canonicalize=opt=1`) out before argparse sees them: it
    would read `-one-shot-bufferize` as `-o ne-shot-bufferize`."""
    from irc.passes.registry import PASSES, PIPELINES

    passes, rest = [], []
    for arg in argv:
        name = arg.lstrip("-").partition("=")[0]
        is_pass = arg.startswith("-") and (name in PASSES or name in PIPELINES)
        (passes if is_pass else rest).append(arg)
    return passes, rest


def _main(argv: list[str], stdin_text: str | None, out, err) -> int:
    pass_flags, argv = _split_pass_flags(argv)
    args, unknown = build_argument_parser().parse_known_args(argv)
    if args.list_passes:
        list_passes(out)
        return 0
    pipeline, ok = pipeline_from_flags(args, pass_flags + unknown, err)
    if not ok:
        return 1
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
        pipeline,
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
