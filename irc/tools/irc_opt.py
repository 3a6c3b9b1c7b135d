"""irc-opt: parse, verify and print MLIR files, as mlir-opt does.

    irc-opt input.mlir [-o out.mlir] [--split-input-file] [--verify-diagnostics]
            [--mlir-print-op-generic] [--mlir-print-debuginfo] [--allow-unregistered-dialect]
            [--pass-pipeline=PIPELINE | -pass-name ...]
            [--mlir-print-ir-before=PASS,...] [--mlir-print-ir-after=PASS,...]
            [--mlir-print-ir-before-all] [--mlir-print-ir-after-all]
            [--mlir-print-ir-after-change] [--mlir-print-ir-after-failure]
            [--mlir-print-ir-module-scope] [--mlir-print-ir-tree-dir=DIR]
            [--mlir-timing [--mlir-timing-display=tree|list]] [--list-passes] [--help]

Flags take one or two dashes, as in LLVM tools, and have mlir-opt's names and outputs: IR
dumps and the timing report go to stderr in MLIR's format (irc/passes/instrumentation.py);
`--view-op-graph` is a pass, as in MLIR (irc/tools/op_graph.py). `run()` is the in-process
entry point used by the test harness; `console_main()` is the installed command.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
from dataclasses import dataclass

from irc.ir.diagnostics import Diagnostic, DiagnosticEngine, IRError, SourceManager
from irc.tools import cli

SPLIT_MARKER = "// -----"


def _flag(parser: argparse.ArgumentParser, name: str, help: str, **kwargs) -> None:
    parser.add_argument(f"-{name}", f"--{name}", help=help, **kwargs)


def build_argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="irc-opt",
        description="irc modular optimizer driver: parse, verify and print MLIR.",
        allow_abbrev=False,
        add_help=False,  # --help is ours: it lists the passes too, and never exits
    )
    parser.add_argument("-h", "-help", "--help", action="store_true", help="show this help")
    parser.add_argument("input", nargs="?", default="-", help="input file ('-' for stdin)")
    parser.add_argument(
        "-o", dest="output", default="-", metavar="<filename>", help="output file ('-' for stdout)"
    )
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
        metavar="<uint>",
    )
    _flag(
        parser,
        "verify-each",
        "run the verifier after parsing and after each pass (on by default)",
        type=lambda s: s.lower() not in ("0", "false"),
        default=True,
        metavar="<bool>",
    )
    _flag(
        parser,
        "pass-pipeline",
        "a textual pipeline: 'builtin.module(func.func(canonicalize),cse)'",
        default=None,
        metavar="<string>",
    )
    _flag(
        parser,
        "list-passes",
        "list the registered passes, pipelines and their options",
        action="store_true",
    )
    _add_instrumentation_flags(parser)
    return parser


def _add_instrumentation_flags(parser: argparse.ArgumentParser) -> None:
    """mlir-opt's flags for printing IR around passes and for timing, with its help texts."""
    for when in ("before", "after"):
        _flag(
            parser,
            f"mlir-print-ir-{when}",
            f"print IR {when} the given passes (a comma list of pass names; may repeat)",
            action="append",
            default=[],
            metavar="<pass-arg>",
        )
    for name, help in (
        ("before-all", "print IR before each pass"),
        ("after-all", "print IR after each pass"),
        ("after-change", "when printing the IR after a pass, only print if the IR changed"),
        ("after-failure", "when printing the IR after a pass, only print if the pass failed"),
        (
            "module-scope",
            "when printing IR for print-ir-[before|after]{-all} always print the top-level op",
        ),
    ):
        _flag(parser, f"mlir-print-ir-{name}", help, action="store_true")
    _flag(
        parser,
        "mlir-print-ir-tree-dir",
        "write each IR dump to its own file in a tree rooted at this directory (use with the "
        "mlir-print-ir-* flags)",
        default=None,
        metavar="<string>",
    )
    _flag(parser, "mlir-timing", "display execution times", action="store_true")
    _flag(
        parser,
        "mlir-timing-display",
        "display method for timing data: 'tree' (nested, the default) or 'list' (sorted by "
        "total time)",
        default="tree",
        metavar="<tree|list>",
    )


def pipeline_from_flags(args, extra: list[str], err) -> tuple[object | None, bool]:
    """The pass manager the flags ask for: `--pass-pipeline=...`, or short pass flags
    (`-canonicalize -cse`, options as `--pass=opt=1`) in order. (None, False) on error.

    As mlir-opt nests implicitly, a short flag for a pass anchored on another op than the
    module (`func.func`) runs in a pass manager nested on that op."""
    from irc.passes.pass_manager import OpPassManager, pass_class
    from irc.passes.pipeline import parse_pipeline
    from irc.passes.registry import PASSES, PIPELINES

    short: list[tuple[str | None, str]] = []  # (anchor to nest on, pass text)
    for arg in extra:
        name, _, options = arg.lstrip("-").partition("=")
        if not arg.startswith("-") or name not in PASSES and name not in PIPELINES:
            known = [*PASSES, *PIPELINES, *_flag_names()]
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" Did you mean '--{close[0]}'?" if close else ""
            err.write(
                f"irc-opt: Unknown command line argument '{arg}'.{hint} Try: 'irc-opt --help'\n"
            )
            return None, False
        anchor = pass_class(name).anchor if name in PASSES else None
        nest = anchor if anchor not in (None, "any", "builtin.module") else None
        short.append((nest, name + (f"{{{options}}}" if options else "")))
    if short and args.pass_pipeline is not None:
        err.write(
            "irc-opt: error: '--pass-pipeline' cannot be used with individual pass "
            "flags such as '-" + extra[0].lstrip("-").partition("=")[0] + "'; write the "
            "whole pipeline in --pass-pipeline, or use only pass flags\n"
        )
        return None, False
    if args.pass_pipeline is None and not short:
        return OpPassManager(), True
    text = args.pass_pipeline
    if text is None:
        text = "builtin.module(" + _nest_implicitly(short) + ")"
    try:
        return parse_pipeline(text), True
    except IRError as exc:
        err.write(exc.text + "\n")
        return None, False


def _flag_names() -> list[str]:
    """irc-opt's own flags, for "did you mean" on a misspelled one."""
    actions = build_argument_parser()._actions
    return [max(a.option_strings, key=len).lstrip("-") for a in actions if a.option_strings]


def _nest_implicitly(passes: list[tuple[str | None, str]]) -> str:
    """`a,func.func(b,c),d`: consecutive passes anchored on one op share a nested manager,
    as mlir-opt's implicit nesting gives after it merges adjacent ones."""
    groups: list[tuple[str | None, list[str]]] = []
    for nest, text in passes:
        if nest is not None and groups and groups[-1][0] == nest:
            groups[-1][1].append(text)
        else:
            groups.append((nest, [text]))
    return ",".join(
        ",".join(texts) if nest is None else f"{nest}({','.join(texts)})" for nest, texts in groups
    )


def instrumentations_from_flags(args, err, print_options: dict) -> tuple[list, bool]:
    """The IR printer that the --mlir-print-ir-* flags ask for (a list of none or one);
    ([], False) after an error message for an unknown pass name."""
    from irc.passes.instrumentation import IRPrinter
    from irc.passes.registry import PASSES

    names: dict[str, list[str]] = {}
    for when in ("before", "after"):
        values = getattr(args, f"mlir_print_ir_{when}")
        names[when] = [n.strip() for value in values for n in value.split(",") if n.strip()]
        for name in names[when]:
            if name not in PASSES:
                close = difflib.get_close_matches(name, list(PASSES), n=1)
                hint = f" Did you mean '{close[0]}'?" if close else " Try: 'irc-opt --list-passes'"
                err.write(
                    f"irc-opt: for the --mlir-print-ir-{when} option: "
                    f"Cannot find option named '{name}'!{hint}\n"
                )
                return [], False
    printer = IRPrinter(
        before=names["before"],
        after=names["after"],
        before_all=args.mlir_print_ir_before_all,
        after_all=args.mlir_print_ir_after_all,
        after_change=args.mlir_print_ir_after_change,
        after_failure=args.mlir_print_ir_after_failure,
        module_scope=args.mlir_print_ir_module_scope,
        tree_dir=args.mlir_print_ir_tree_dir,
        print_options=print_options,
        stream=err,
    )
    return ([printer] if printer.enabled() else []), True


# -- --list-passes and --help ------------------------------------------------------------------


def _option_rows(cls) -> list[tuple[str, str]]:
    """(`--max-iterations=<int>`, `help (default: 10)`) for each option of a pass class;
    a boolean option has no `=<...>`, as in MLIR, and a list option reads `=<int,...>`."""
    from irc.tools.gen_pass_docs import describe_options

    rows = []
    for info in describe_options(cls):
        if info.type == "bool":
            kind = ""
        elif info.type.endswith("-list"):
            kind = f"=<{info.type[:-5]},...>"
        else:
            kind = f"=<{info.type}>"
        default = info.default or "''"
        rows.append((f"--{info.name}{kind}", f"{info.help} (default: {default})"))
    return rows


def pass_listing(indent: str = "") -> list[str]:
    """MLIR's `--list-passes` layout: each pass with its summary, its options (type, help,
    default) under it; then each named pipeline with its summary and its passes."""
    from irc.passes.pass_manager import pass_class
    from irc.passes.registry import PASSES, PIPELINES

    entries: list[tuple[str, str, str]] = [("", "Passes:", "")]
    for name in sorted(PASSES):
        cls = pass_class(name)
        entries.append(("  ", f"--{name}", f"-   {cls.summary}"))
        entries += [("    ", left, f"- {help}") for left, help in _option_rows(cls)]
    if PIPELINES:
        entries.append(("", "Pass Pipelines:", ""))
        for name in sorted(PIPELINES):
            summary, body = PIPELINES[name]
            entries.append(("  ", f"--{name}", f"-   {summary}"))
            entries.append(("    ", f"= {body}", ""))
    width = max(len(pad + left) for pad, left, right in entries if right) + 2
    lines = []
    for pad, left, right in entries:
        text = pad + left
        lines.append(indent + (text.ljust(width) + right if right else text))
    return lines


def list_passes(out) -> None:
    """Each pass and pipeline with its summary and options, as `--list-passes` prints."""
    out.write("\n".join(pass_listing()) + "\n")


def help_text() -> str:
    """--help in LLVM's layout: overview, usage, one line per flag (one name shown, the
    two-dash one; one dash works too), then the passes as --list-passes shows them."""
    parser = build_argument_parser()
    rows = []
    for action in parser._actions:
        if not action.option_strings:
            continue
        name = max(action.option_strings, key=len)
        if action.metavar is not None:
            name += f"={action.metavar}" if name.startswith("--") else f" {action.metavar}"
        rows.append((name, action.help or ""))
    rows.sort(key=lambda row: row[0].lstrip("-").partition("=")[0].partition(" ")[0])
    width = max(len(name) for name, _ in rows) + 4
    lines = [
        f"OVERVIEW: {parser.description}",
        "",
        "USAGE: irc-opt [options] <input file>",
        "",
        "OPTIONS:",
        *(f"  {name}".ljust(width) + f" - {help}" for name, help in rows),
        "",
        "Compiler passes to run (as --pass-name flags, or named in --pass-pipeline):",
        *pass_listing("  "),
    ]
    return "\n".join(lines) + "\n"


@dataclass
class Options:
    generic: bool
    debuginfo: bool
    allow_unregistered: bool
    elide: int | None
    verify: bool
    pipeline: object = None
    instrumentations: list = dataclasses.field(default_factory=list)
    timing: object = None  # a TimingManager under --mlir-timing

    def print_options(self) -> dict:
        return {
            "generic": self.generic,
            "debuginfo": self.debuginfo,
            "elide_elements_larger_than": self.elide,
        }


def process_chunk(
    text: str, filename: str, options: Options, engine: DiagnosticEngine, line_offset: int
) -> str | None:
    """Parse, verify and print one buffer; None when a diagnostic stopped it."""
    from irc.frontend.parser import parse
    from irc.frontend.printer import print_op
    from irc.ir.verifier import verify
    from irc.passes.instrumentation import timed

    with timed(options.timing, "Parser"):  # MLIR's Parser row covers the verifier too
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

        hooks = list(options.instrumentations)
        if options.timing is not None:
            hooks.insert(0, options.timing.instrumentation())
        manager = PassManager(options.pipeline, options.verify, hooks)
        if not manager.run(module, engine):
            return None
    with timed(options.timing, "Output"):
        return print_op(module, **options.print_options())


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
    return cli.run_in_process(_main, argv, stdin_text)


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
    from irc.passes.instrumentation import TimingManager

    pass_flags, argv = _split_pass_flags(argv)
    args, unknown = build_argument_parser().parse_known_args(argv)
    if args.help:
        out.write(help_text())
        return 0
    if args.list_passes:
        list_passes(out)
        return 0
    if args.mlir_timing_display not in ("tree", "list"):
        err.write(
            "irc-opt: for the --mlir-timing-display option: Cannot find option named "
            f"'{args.mlir_timing_display}'! (tree or list)\n"
        )
        return 1
    timing = TimingManager(args.mlir_timing_display) if args.mlir_timing else None
    options = _options_from_flags(args, pass_flags + unknown, err)
    if options is None:
        return 1
    options.timing = timing
    code = _run_on_input(args, options, stdin_text, out, err)
    if timing is not None:  # as mlir-opt, the report comes last, even after a failure
        err.write(timing.report())
    return code


def _options_from_flags(args, extra: list[str], err) -> Options | None:
    """The pipeline and printing options the flags ask for; None after an error message."""
    options = Options(
        args.mlir_print_op_generic,
        args.mlir_print_debuginfo,
        args.allow_unregistered_dialect,
        args.mlir_elide_elementsattrs_if_larger,
        args.verify_each,
    )
    options.pipeline, ok = pipeline_from_flags(args, extra, err)
    if not ok:
        return None
    options.instrumentations, ok = instrumentations_from_flags(args, err, options.print_options())
    return options if ok else None


def _run_on_input(args, options: Options, stdin_text: str | None, out, err) -> int:
    try:
        text, filename = cli.read_input(args.input, stdin_text)
    except OSError as exc:
        err.write(f"irc-opt: error: could not open input file '{args.input}': {exc.strerror}\n")
        return 1
    sources = SourceManager()
    sources.add(filename, text)
    engine = DiagnosticEngine(sources)
    report = _DiagnosticReport(engine, err)
    if not args.verify_diagnostics:
        for hook in options.instrumentations:
            hook.before_failure_dump = report.flush  # errors before the dump, as in MLIR
    outputs = []
    failed = False
    for chunk, offset in split_chunks(text, args.split_input_file):
        printed = process_chunk(chunk, filename, options, engine, offset)
        if printed is None:
            failed = True
        else:
            outputs.append(printed + "\n")  # mlir-opt ends each module with a blank line
    if args.verify_diagnostics:
        return _verify_diagnostics(text, filename, engine, err)
    report.flush()
    if failed:
        return 1
    result = (SPLIT_MARKER + "\n").join(outputs)
    return cli.write_output("irc-opt", args.output, result, out, err)


class _DiagnosticReport:
    """Writes the diagnostics of a run that have not been written yet."""

    def __init__(self, engine: DiagnosticEngine, err) -> None:
        self.engine = engine
        self.err = err
        self.written = 0

    def flush(self) -> None:
        fresh = self.engine.diagnostics[self.written :]
        if fresh:
            self.err.write("\n".join(d.render(self.engine.sources) for d in fresh) + "\n")
        self.written = len(self.engine.diagnostics)


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
    cli.console(_main)


__all__ = ["run", "console_main", "Diagnostic"]
