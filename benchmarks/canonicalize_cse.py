"""Parse + `-canonicalize -cse` of the 100,000-op benchmark function.

The input is benchmarks/parse_print.py's `generate(100_000, custom_share=0.3)`: one function
of arith, math and scf ops with real dataflow (most of them end up unused and are erased),
scf.for / scf.if nests, constants to fold and hoist, and ops of an unregistered dialect that
stay. irc's phases run one after another in each run (garbage collector off): parse, then
the pass pipeline `builtin.module(canonicalize)`, then `builtin.module(cse)`, each with the
verifier after the pass as irc-opt runs it. When cse is not registered (yet), only
canonicalize runs, and the run says so.

Side by side: the whole `iree-opt --allow-unregistered-dialect -canonicalize -cse FILE -o
/dev/null` process (MLIR's C++, process start-up included). The ops left by each are
counted, as a check that both did the same work.

Target (``--check``): parse + canonicalize + cse of 100,000 ops in at most 10 s.

    python -m benchmarks.canonicalize_cse [--repeat N] [--warmup N] [--check] [--size N]
"""

from __future__ import annotations

import os
import subprocess
import tempfile

from benchmarks import common
from benchmarks.parse_print import LOC_FILE, generate, iree_opt_path, size_label, time_phases

SIZE = 100_000


def available_passes() -> list[str]:
    from irc.passes.registry import PASSES

    return [name for name in ("canonicalize", "cse") if name in PASSES]


def irc_phases(text: str, passes: list[str]) -> list[tuple[str, object]]:
    """parse, then one phase per pass (each verified after, as irc-opt does)."""
    from irc.frontend.parser import parse
    from irc.passes.pass_manager import PassManager
    from irc.passes.pipeline import parse_pipeline

    def parse_text():
        return parse(text, LOC_FILE, allow_unregistered=True)

    def run_pass(name: str):
        manager = PassManager(parse_pipeline(f"builtin.module({name})"))

        def run(module):
            manager.run(module)
            return module

        return run

    return [("parse", parse_text), *((name, run_pass(name)) for name in passes)]


def count_ops(module) -> int:
    return sum(1 for _ in module.walk()) - 1


def irc_ops_left(text: str, passes: list[str]) -> int:
    module = None
    for index, (_, phase) in enumerate(irc_phases(text, passes)):
        module = phase() if index == 0 else phase(module)
    return count_ops(module)


def time_iree_opt(path: str, *, repeat: int, warmup: int) -> common.Timing:
    command = [
        iree_opt_path(),
        "--allow-unregistered-dialect",
        "-canonicalize",
        "-cse",
        path,
        "-o",
        os.devnull,
    ]
    return common.time_callable(
        lambda: subprocess.run(command, check=True, capture_output=True),
        repeat=repeat,
        warmup=warmup,
    )


def iree_ops_left(path: str) -> int:
    from irc.frontend.parser import parse

    out = subprocess.run(
        [iree_opt_path(), "--allow-unregistered-dialect", "-canonicalize", "-cse", path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return count_ops(parse(out, allow_unregistered=True))


def main(argv: list[str] | None = None) -> int:
    parser = common.make_parser(__doc__)
    parser.set_defaults(repeat=3, warmup=1)
    parser.add_argument("--size", type=int, default=SIZE, metavar="N", help="ops (100,000)")
    args = parser.parse_args(argv)
    common.print_machine_info()
    passes = available_passes()
    missing = sorted({"canonicalize", "cse"} - set(passes))
    text = generate(args.size, custom_share=0.3)
    label = size_label(args.size)
    print(f"input: generate({args.size:,}, custom_share=0.3), {len(text):,} characters")
    if missing:
        print(f"not registered yet, so not run: {', '.join(missing)}")
    print()

    table = common.Table(f"irc parse + {' + '.join(passes)}, {label} ops", baseline="irc")
    for phase, timing in time_phases(
        irc_phases(text, passes), repeat=args.repeat, warmup=args.warmup
    ).items():
        table.add(phase, "irc", timing)
    table.target("total", "irc <= 10 s")

    notes = [f"ops left by irc: {irc_ops_left(text, passes):,} of {args.size:,}"]
    if iree_opt_path() is not None:
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "bench.mlir")
            with open(path, "w") as file:
                file.write(text)
            table.add("total", "mlir", time_iree_opt(path, repeat=args.repeat, warmup=1))
            notes.append(f"ops left by iree-opt -canonicalize -cse: {iree_ops_left(path):,}")
    else:
        notes.append("mlir: iree-opt not found")
    table.print()
    print("\n".join(notes))
    return common.finish(args, [table])


if __name__ == "__main__":
    raise SystemExit(main())
