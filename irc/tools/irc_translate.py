"""irc-translate: the last step of the CPU path, as `mlir-translate --mlir-to-llvmir`.

    irc-opt --convert-scf-to-cf model.mlir | irc-translate --mlir-to-llvmir
    irc-translate --mlir-to-llvmir --optimize kernel.mlir -o kernel.ll

The input is a module at the loop level (func, cf, arith, math, memref); irc has no `llvm`
dialect, so this translates those ops directly (irc/lowering/llvmir). `--optimize` prints
the module after LLVM's O3 pipeline for this machine's CPU, as the JIT compiles it;
`--bounds-checks` adds the index checks `irc.jit(..., bounds_checks=True)` compiles in.
Errors are diagnostics on stderr and exit code 1.
"""

from __future__ import annotations

import argparse

from irc.ir.diagnostics import IRError
from irc.tools import cli

PROG = "irc-translate"


def build_argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("input", nargs="?", default="-", help="input file ('-': stdin)")
    parser.add_argument("-o", dest="output", default="-", help="output file ('-': stdout)")
    parser.add_argument(
        "--mlir-to-llvmir",
        action="store_true",
        required=True,
        help="translate loop-level IR to LLVM IR (the only translation)",
    )
    parser.add_argument("--optimize", action="store_true", help="run LLVM's O3 pipeline")
    parser.add_argument("--bounds-checks", action="store_true", help="check memref indices")
    return parser


def _main(argv: list[str], stdin_text: str | None, out, err) -> int:
    args = build_argument_parser().parse_args(argv)
    try:
        text, filename = cli.read_input(args.input, stdin_text)
    except OSError as exc:
        err.write(f"{PROG}: error: could not open input file '{args.input}': {exc.strerror}\n")
        return 1
    try:
        llvm_ir = translate_text(text, filename, args.bounds_checks, args.optimize)
    except IRError as exc:
        err.write(exc.text + "\n")
        return 1
    return cli.write_output(PROG, args.output, llvm_ir, out, err)


def translate_text(text: str, filename: str, bounds_checks: bool, optimize: bool) -> str:
    """LLVM IR text of a module's text; raises IRError."""
    import irc
    from irc.lowering.llvmir import translate_module

    module = irc.parse(text, filename)
    irc.verify(module)
    llvm_ir = str(translate_module(module, bounds_checks=bounds_checks).module)
    if optimize:
        from irc.runtime.engine import optimized_ir

        llvm_ir = optimized_ir(llvm_ir)
    return llvm_ir


def run(argv: list[str], stdin_text: str | None = None) -> tuple[int, str, str]:
    """Run irc-translate in-process: (exit code, stdout text, stderr text). Never raises."""
    return cli.run_in_process(_main, argv, stdin_text)


def console_main() -> None:
    cli.console(_main)


if __name__ == "__main__":
    console_main()
