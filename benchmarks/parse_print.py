"""Parse + verify + print of one generated function of 50,000 and 100,000 ops.

The input is a `func.func` in MLIR text (see `generate`): arith, math and scf ops with real
dataflow, mixed i1/i32/i64/f32/f64/index and tensor types, inherent attributes (fast-math flags,
constants, comparison predicates, overflow flags), about one op in ten inside nested `scf.for` /
`scf.if` regions, and explicit `loc(...)` locations on some ops. Until irc registers the arith
dialect every op is in generic form and parsed with ``allow_unregistered=True``; once it does,
about 30% of the arith/math ops switch to their custom form (the run prints which).

irc's three phases are timed one after another in each run (garbage collector off, as in
benchmarks/common.py); the table shows the median of each phase and of their sum.

Side by side, when installed:

- xDSL: ``Parser(Context(allow_unregistered=True), text).parse_module()``, ``verify()``,
  ``Printer(print_generic_format=True)``. It is measured at 20,000 ops only (``--peer-size``
  changes that): at about 6,000 ops/s, 100,000 ops would take 15-30 s a run. A 100,000-op figure
  scaled linearly from it is printed below the table, marked as an estimate.
- MLIR (C++) through ``iree-opt --allow-unregistered-dialect --mlir-print-op-generic FILE -o
  /dev/null``: wall time of the whole subprocess, so it includes process start-up (shown on its
  own row, from an empty input), reading the file, parsing, verifying and printing.

Targets (``--check``): irc's total for 100,000 ops is at most 5 s, and it grows linearly:
total(100k) <= 2.3 x total(50k).

    python -m benchmarks.parse_print [--repeat N] [--warmup N] [--check] [--profile]
                                     [--peer-size N]
"""

from __future__ import annotations

import gc
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

from benchmarks import common

SIZES = (50_000, 100_000)
PEER_SIZE = 20_000  # where irc, xDSL and MLIR are measured side by side
IREE_OPT = "iree-opt"
IREE_OPT_ARGS = ("--allow-unregistered-dialect", "--mlir-print-op-generic")
LOC_FILE = "bench.mlir"

# ---------------------------------------------------------------------------------------------
# The generator

SCALARS = ("i32", "i64", "f32", "f64", "index")
INTS = ("i32", "i64", "index")
FLOATS = ("f32", "f64")
TENSOR = "tensor<8x16xf32>"
# Two arguments per type, so that every type has a value from the first op on.
ARG_TYPES = ("i1", *SCALARS, TENSOR) * 2

INT_BINARY = ("addi", "subi", "muli", "andi", "ori", "xori", "maxsi", "minsi", "maxui", "minui")
OVERFLOW_OPS = ("addi", "subi", "muli")
OVERFLOW_FLAGS = ("nsw", "nuw", "nsw, nuw")
FLOAT_BINARY = ("addf", "subf", "mulf", "divf", "maximumf", "minimumf")
FASTMATH_FLAGS = ("fast", "nnan,ninf", "contract", "reassoc,contract")
MATH_UNARY = ("exp", "tanh", "sqrt", "absf", "log", "sin", "cos")
# arith.cmpi predicates 0..9 and arith.cmpf predicates 0..15, as in MLIR's enums.
CMPI_PREDICATES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")
CMPF_PREDICATES = (
    "false", "oeq", "ogt", "oge", "olt", "ole", "one", "ord",
    "ueq", "ugt", "uge", "ult", "ule", "une", "uno", "true",
)  # fmt: skip
# (op, source type, result type)
CASTS = (
    ("arith.extsi", "i32", "i64"),
    ("arith.extui", "i32", "i64"),
    ("arith.trunci", "i64", "i32"),
    ("arith.sitofp", "i32", "f32"),
    ("arith.sitofp", "i64", "f64"),
    ("arith.uitofp", "i32", "f64"),
    ("arith.fptosi", "f32", "i32"),
    ("arith.fptosi", "f64", "i64"),
    ("arith.extf", "f32", "f64"),
    ("arith.truncf", "f64", "f32"),
    ("arith.index_cast", "i64", "index"),
    ("arith.index_cast", "index", "i32"),
    ("arith.bitcast", "i32", "f32"),
    ("arith.bitcast", "f64", "i64"),
)

RECENT = 12  # operands are picked among this many most recent values of their type
REGION_OP_PROBABILITY = 1 / 63  # with regions of 7 ops on average: ~10% of ops nested
NESTED_REGION_PROBABILITY = 0.05  # a region op inside a region
LOC_PROBABILITY = 0.15


class _Generator:
    """Emits the lines of one function; `budget` arguments count ops exactly."""

    def __init__(self, seed: int, custom_share: float) -> None:
        self.rng = random.Random(seed)
        self.custom_share = custom_share
        self.lines: list[str] = []
        self.counter = 0  # SSA names %0, %1, ... are unique in the whole function
        self.loops = 0  # loop block arguments are %ivN and %itN_K
        self.scopes: list[dict[str, list[str]]] = []
        self.nested_ops = 0  # ops inside a region of an op in the function body

    # Values ----------------------------------------------------------------------------------

    def new_name(self) -> str:
        name = f"%{self.counter}"
        self.counter += 1
        return name

    def define(self, name: str, type: str) -> None:
        self.scopes[-1].setdefault(type, []).append(name)

    def has(self, type: str) -> bool:
        return any(scope.get(type) for scope in self.scopes)

    def pick(self, type: str) -> str:
        """A random one of the most recent values of `type` visible here."""
        candidates: list[str] = []
        for scope in reversed(self.scopes):
            values = scope.get(type)
            if values:
                candidates.extend(reversed(values[-(RECENT - len(candidates)) :]))
                if len(candidates) >= RECENT:
                    break
        return self.rng.choice(candidates)

    # Lines -----------------------------------------------------------------------------------

    def position(self, indent: str, text: str) -> tuple[int, int]:
        """Where the op starting a line `indent + text` appended now has its name, 1-based.

        That is the location MLIR gives an op without an explicit one; explicit locations
        name the same place, so both kinds agree.
        """
        name = text.index(" = ") + 3 if text.startswith("%") else 0
        return len(self.lines) + 1, len(indent) + name + 1

    def emit(self, indent: str, text: str, at: tuple[int, int] | None = None) -> None:
        """Append a line that ends an op; `at` is the op's position when it began earlier."""
        if self.rng.random() < LOC_PROBABILITY:
            line, column = at or self.position(indent, text)
            text += f' loc("{LOC_FILE}":{line}:{column})'
        self.lines.append(indent + text)

    def generic(self, indent, name, operands, types, results, props=None, attrs=None) -> None:
        """One generic-form op; its inherent attributes `props` go in `<{...}>`."""
        result_names = [self.new_name() for _ in results]
        text = f"{', '.join(result_names)} = " if results else ""
        text += f'"{name}"({", ".join(operands)})'
        if props:
            text += " <{" + ", ".join(props) + "}>"
        if attrs:
            text += " {" + ", ".join(attrs) + "}"
        result_types = ", ".join(results)
        if len(results) != 1:
            result_types = f"({result_types})"
        text += f" : ({', '.join(types)}) -> {result_types}"
        self.emit(indent, text)
        for result_name, type in zip(result_names, results, strict=True):
            self.define(result_name, type)

    def custom(self, indent: str, text: str, result_type: str) -> None:
        name = self.new_name()
        self.emit(indent, f"{name} = {text}")
        self.define(name, result_type)

    # Ops -------------------------------------------------------------------------------------

    def simple_op(self, indent: str) -> None:
        """One op without regions, chosen by weight."""
        rng = self.rng
        roll = rng.random()
        custom = rng.random() < self.custom_share
        if roll < 0.25:
            type = TENSOR if rng.random() < 0.03 else rng.choice(FLOATS)
            op = rng.choice(FLOAT_BINARY)
            a, b = self.pick(type), self.pick(type)
            flags = rng.choice(FASTMATH_FLAGS) if rng.random() < 0.3 else None
            if custom:
                fm = f" fastmath<{flags}>" if flags else ""
                self.custom(indent, f"arith.{op} {a}, {b}{fm} : {type}", type)
            else:
                props = [f"fastmath = #arith.fastmath<{flags}>"] if flags else None
                self.generic(indent, f"arith.{op}", [a, b], [type, type], [type], props)
        elif roll < 0.47:
            type = rng.choice(INTS)
            op = rng.choice(INT_BINARY)
            a, b = self.pick(type), self.pick(type)
            flags = None
            if op in OVERFLOW_OPS and rng.random() < 0.3:
                flags = rng.choice(OVERFLOW_FLAGS)
            if custom:
                of = f" overflow<{flags}>" if flags else ""
                self.custom(indent, f"arith.{op} {a}, {b}{of} : {type}", type)
            else:
                props = [f"overflowFlags = #arith.overflow<{flags}>"] if flags else None
                self.generic(indent, f"arith.{op}", [a, b], [type, type], [type], props)
        elif roll < 0.59:
            self.constant(indent, rng.choice(SCALARS), custom)
        elif roll < 0.69:
            type = rng.choice(SCALARS)
            a, b = self.pick(type), self.pick(type)
            if type in FLOATS:
                op, predicate = "cmpf", rng.randrange(len(CMPF_PREDICATES))
                words = CMPF_PREDICATES
            else:
                op, predicate = "cmpi", rng.randrange(len(CMPI_PREDICATES))
                words = CMPI_PREDICATES
            if custom:
                text = f"arith.{op} {words[predicate]}, {a}, {b} : {type}"
                self.custom(indent, text, "i1")
            else:
                props = [f"predicate = {predicate} : i64"]
                self.generic(indent, f"arith.{op}", [a, b], [type, type], ["i1"], props)
        elif roll < 0.75:
            type = rng.choice(SCALARS)
            c, a, b = self.pick("i1"), self.pick(type), self.pick(type)
            if custom:
                self.custom(indent, f"arith.select {c}, {a}, {b} : {type}", type)
            else:
                self.generic(indent, "arith.select", [c, a, b], ["i1", type, type], [type])
        elif roll < 0.87:
            op, source, result = rng.choice(CASTS)
            a = self.pick(source)
            if custom:
                self.custom(indent, f"{op} {a} : {source} to {result}", result)
            else:
                self.generic(indent, op, [a], [source], [result])
        elif roll < 0.97:
            type = rng.choice(FLOATS)
            op = rng.choice(MATH_UNARY)
            a = self.pick(type)
            if custom:
                self.custom(indent, f"math.{op} {a} : {type}", type)
            else:
                self.generic(indent, f"math.{op}", [a], [type], [type])
        else:
            # An op of no dialect, with discardable attributes of several kinds.
            types = [rng.choice(SCALARS) for _ in range(rng.randint(0, 3))]
            operands = [self.pick(type) for type in types]
            results = [rng.choice(SCALARS) for _ in range(rng.randint(0, 2))]
            attrs = [
                f'bench.tag = "op{self.counter}"',
                f"bench.sizes = [{rng.randint(1, 64)}, {rng.randint(1, 64)}]",
                "bench.flag",
                f"bench.scale = {rng.randint(1, 9) / 8} : f64",
            ]
            self.generic(indent, "bench.opaque", operands, types, results, attrs=attrs)

    def constant(self, indent: str, type: str, custom: bool) -> None:
        rng = self.rng
        if type in FLOATS:
            value = f"{rng.randint(-64, 64) / 8:e}"
        else:
            value = str(rng.randint(-1000, 1000) if type != "index" else rng.randint(0, 1024))
        if custom:
            self.custom(indent, f"arith.constant {value} : {type}", type)
        else:
            self.generic(indent, "arith.constant", [], [], [type], [f"value = {value} : {type}"])

    def region_op(self, indent: str, budget: int) -> None:
        """An scf.for or scf.if (with or without results): itself plus `budget` nested ops."""
        rng = self.rng
        inner = indent + "  "
        yielded = [rng.choice(SCALARS) for _ in range(rng.choice((0, 0, 1, 2)))]
        result_names = [self.new_name() for _ in yielded]
        head = f"{', '.join(result_names)} = " if yielded else ""
        result_types = ", ".join(yielded)
        if len(yielded) != 1:
            result_types = f"({result_types})"
        if budget >= 4 and rng.random() < 0.4:
            # scf.if: a then region and an else region, each ending in scf.yield.
            condition = self.pick("i1")
            start = f'{head}"scf.if"({condition}) ({{'
            at = self.position(indent, start)
            self.lines.append(indent + start)
            then_budget = rng.randint(2, budget - 2)
            self.region_body(inner, then_budget, yielded, [])
            self.lines.append(f"{indent}}}, {{")
            self.region_body(inner, budget - then_budget, yielded, [])
            self.emit(indent, f"}}) : (i1) -> {result_types}", at)
        else:
            # scf.for with loop-carried values: ^bb0(%iv: index, %iter...) and yields them.
            bounds = [self.pick("index") for _ in range(3)]
            inits = [self.pick(type) for type in yielded]
            start = f'{head}"scf.for"({", ".join(bounds + inits)}) ({{'
            at = self.position(indent, start)
            self.lines.append(indent + start)
            iv = f"%iv{self.loops}"
            iters = [f"%it{self.loops}_{index}" for index in range(len(yielded))]
            self.loops += 1
            block_args = list(zip([iv, *iters], ["index", *yielded], strict=True))
            args = ", ".join(f"{name}: {type}" for name, type in block_args)
            self.lines.append(f"{indent}^bb0({args}):")
            self.region_body(inner, budget, yielded, block_args)
            types = ", ".join(["index"] * 3 + yielded)
            self.emit(indent, f"}}) : ({types}) -> {result_types}", at)
        for name, type in zip(result_names, yielded, strict=True):
            self.define(name, type)

    def region_body(self, indent, budget, yielded, args) -> None:
        """`budget` ops (the last an scf.yield of values of the types `yielded`)."""
        self.scopes.append({})
        for name, type in args:
            self.define(name, type)
        self.block_ops(indent, budget - 1, depth=2)
        values = [self.pick(type) for type in yielded]
        text = f'"scf.yield"({", ".join(values)}) : ({", ".join(yielded)}) -> ()'
        self.emit(indent, text)
        self.nested_ops += budget
        self.scopes.pop()

    def block_ops(self, indent: str, budget: int, depth: int) -> None:
        """Exactly `budget` ops (region ops count with all they contain)."""
        probability = REGION_OP_PROBABILITY if depth == 1 else NESTED_REGION_PROBABILITY
        while budget > 0:
            if budget >= 5 and self.rng.random() < probability:
                inner = min(self.rng.randint(3, 11), budget - 1)
                before = self.nested_ops
                self.region_op(indent, inner)
                if depth > 1:  # counted by the enclosing region_body already
                    self.nested_ops = before
                budget -= 1 + inner
            else:
                self.simple_op(indent)
                budget -= 1

    def function(self, n_ops: int) -> str:
        if n_ops < 1:
            raise ValueError("n_ops must be at least 1 (the func.return)")
        args = [f"%arg{index}" for index in range(len(ARG_TYPES))]
        self.scopes.append({})
        for name, type in zip(args, ARG_TYPES, strict=True):
            self.define(name, type)
        signature = f"({', '.join(ARG_TYPES)}) -> ()"
        self.lines.append(
            f'"func.func"() <{{sym_name = "bench", function_type = {signature}}}> ({{'
        )
        block_args = ", ".join(f"{n}: {t}" for n, t in zip(args, ARG_TYPES, strict=True))
        self.lines.append(f"^bb0({block_args}):")
        self.block_ops("  ", n_ops - 1, depth=1)
        self.emit("  ", '"func.return"() : () -> ()')
        self.lines.append("}) : () -> ()")
        return "\n".join(self.lines) + "\n"


def generate(n_ops: int, seed: int = 0, *, custom_share: float = 0.0) -> str:
    """MLIR text of one `func.func` holding exactly `n_ops` ops, nested ones included.

    The same `n_ops`, `seed` and `custom_share` always give the same text. `n_ops` counts every
    op inside the function (region ops, the ops in their regions, the `scf.yield`s and the
    `func.return`), not the function itself. About 10% of them lie in nested regions; values
    defined in a region are used only inside it. `custom_share` is the fraction of arith/math
    ops written in their custom form (`%3 = arith.addf %1, %2 : f32`) instead of the generic one.
    """
    return _Generator(seed, custom_share).function(n_ops)


def nested_share(n_ops: int, seed: int = 0) -> float:
    """The fraction of the ops of `generate(n_ops, seed)` that lie inside nested regions."""
    generator = _Generator(seed, 0.0)
    generator.function(n_ops)
    return generator.nested_ops / n_ops


def irc_registers_arith() -> bool:
    """Whether irc knows the arith and math dialects (then custom forms can be parsed)."""
    from irc.dialects import DIALECTS

    return "arith" in DIALECTS and "math" in DIALECTS


def default_custom_share() -> float:
    return 0.3 if irc_registers_arith() else 0.0


# ---------------------------------------------------------------------------------------------
# Measuring


def verifier_available() -> bool:
    try:
        import irc.ir.verifier  # noqa: F401
    except ImportError:
        return False
    return True


def time_phases(
    phases: list[tuple[str, Callable]], *, repeat: int, warmup: int
) -> dict[str, common.Timing]:
    """Time phases run one after another (each gets the previous one's result); also "total".

    The first phase is called with no argument. The garbage collector is off while timing.
    """
    names = [name for name, _ in phases]
    times: dict[str, list[float]] = {name: [] for name in [*names, "total"]}
    for run in range(warmup + repeat):
        value = None
        gc.collect()
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            elapsed = []
            for index, (_, fn) in enumerate(phases):
                start = time.perf_counter()
                value = fn() if index == 0 else fn(value)
                elapsed.append(time.perf_counter() - start)
        finally:
            if gc_was_enabled:
                gc.enable()
        del value
        if run >= warmup:
            for name, seconds in zip(names, elapsed, strict=True):
                times[name].append(seconds)
            times["total"].append(sum(elapsed))
    return {name: common.Timing(tuple(values)) for name, values in times.items()}


def irc_phases(text: str, verify: bool) -> list[tuple[str, Callable]]:
    import irc

    def parse():
        return irc.parse(text, LOC_FILE, allow_unregistered=True)

    def verify_module(module):
        irc.verify(module)
        return module

    def print_module(module):
        return irc.print_ir(module, generic=True)

    phases = [("parse", parse)]
    if verify:
        phases.append(("verify", verify_module))
    phases.append(("print", print_module))
    return phases


def xdsl_phases(text: str, registered: bool) -> list[tuple[str, Callable]] | None:
    """xDSL's parse, verify and print of `text`, or None when xDSL is not installed."""
    try:
        from xdsl.context import Context
        from xdsl.parser import Parser
        from xdsl.printer import Printer
    except ImportError:
        return None

    def context():
        ctx = Context(allow_unregistered=True)
        if registered:  # the custom forms need the dialects
            from xdsl.dialects.arith import Arith
            from xdsl.dialects.func import Func
            from xdsl.dialects.math import Math
            from xdsl.dialects.scf import Scf

            for dialect in (Arith, Func, Math, Scf):
                ctx.load_dialect(dialect)
        return ctx

    def parse():
        return Parser(context(), text, LOC_FILE).parse_module()

    def verify(module):
        module.verify()
        return module

    def print_module(module):
        stream = io.StringIO()
        Printer(stream=stream, print_generic_format=True).print_op(module)
        return stream.getvalue()

    return [("parse", parse), ("verify", verify), ("print", print_module)]


def iree_opt_path() -> str | None:
    return shutil.which(IREE_OPT)


def time_iree_opt(path: str, *, repeat: int, warmup: int) -> common.Timing:
    """Wall time of one `iree-opt` subprocess on the file at `path`, process start included."""
    command = [iree_opt_path() or IREE_OPT, *IREE_OPT_ARGS, path, "-o", os.devnull]

    def run() -> None:
        subprocess.run(command, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)

    return common.time_callable(run, repeat=repeat, warmup=warmup)


def iree_opt_accepts(text: str) -> tuple[bool, str]:
    """Whether real MLIR (iree-opt) parses and verifies `text`, and its error output."""
    with tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False) as file:
        file.write(text)
    try:
        done = subprocess.run(
            [iree_opt_path() or IREE_OPT, *IREE_OPT_ARGS, file.name, "-o", os.devnull],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.unlink(file.name)
    return done.returncode == 0, done.stderr


# ---------------------------------------------------------------------------------------------
# The benchmark


def size_label(n_ops: int) -> str:
    return f"{n_ops // 1000}k" if n_ops % 1000 == 0 else str(n_ops)


def profile_irc(text: str, verify: bool, top: int = 10) -> None:
    """Print cProfile's top entries (by own time) for irc's parse, verify and print of `text`."""
    import cProfile
    import pstats

    phases = irc_phases(text, verify)
    profiler = cProfile.Profile()
    value = None
    for index, (_, fn) in enumerate(phases):
        profiler.enable()
        value = fn() if index == 0 else fn(value)
        profiler.disable()
    print(f"cProfile of irc, {len(phases)} phases, top {top} by own time (tottime):")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = common.make_parser(__doc__)
    parser.set_defaults(repeat=3, warmup=1)
    parser.add_argument(
        "--profile", action="store_true", help="also print cProfile's top 10 for 100k ops"
    )
    parser.add_argument(
        "--peer-size",
        type=int,
        default=None,
        metavar="N",
        help=f"ops in the side-by-side input ({PEER_SIZE:,})",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 0:
        raise SystemExit("--repeat must be at least 1 and --warmup at least 0")
    peer_size = PEER_SIZE if args.peer_size is None else args.peer_size
    if peer_size < 1:
        raise SystemExit("--peer-size must be at least 1")
    common.print_machine_info()

    custom_share = default_custom_share()
    verify = verifier_available()
    print(
        f"input: generate(n, seed=0), {custom_share:.0%} of arith/math ops in custom form, "
        f"{nested_share(peer_size):.1%} of ops in nested regions (at n={peer_size:,})"
    )
    if not verify:
        print("irc.verify is not available yet (no irc/ir/verifier.py): verify not timed")
    texts = {n: generate(n, custom_share=custom_share) for n in {*SIZES, peer_size}}
    print()

    # irc at 50k and 100k --------------------------------------------------------------------
    irc_table = common.Table(
        "irc parse/verify/print of one function, by size", baseline=size_label(SIZES[0])
    )
    for n in SIZES:
        timings = time_phases(irc_phases(texts[n], verify), repeat=args.repeat, warmup=args.warmup)
        for phase, timing in timings.items():
            irc_table.add(phase, size_label(n), timing)
    small, large = (size_label(n) for n in SIZES)
    irc_table.target("total", f"{large} <= 5 s")
    irc_table.target("total", f"{large} <= 2.3x {small}")
    irc_table.print()

    # Side by side ---------------------------------------------------------------------------
    peers = common.Table("side by side (median; mlir = whole iree-opt process)", baseline="irc")
    label = size_label(peer_size)
    for phase, timing in time_phases(
        irc_phases(texts[peer_size], verify), repeat=args.repeat, warmup=args.warmup
    ).items():
        peers.add(f"{phase} {label}", "irc", timing)
    if peer_size != SIZES[-1]:
        peers.add(f"total {large}", "irc", irc_table.rows["total"][large])

    xdsl = xdsl_phases(texts[peer_size], registered=custom_share > 0)
    xdsl_note = "xdsl: not installed"
    if xdsl is not None:
        try:
            timings = time_phases(xdsl, repeat=args.repeat, warmup=0)
        except Exception as error:  # a peer that cannot read the input is reported, not fatal
            xdsl_note = f"xdsl: failed on the {label} input: {type(error).__name__}: {error}"
        else:
            for phase, timing in timings.items():
                peers.add(f"{phase} {label}", "xdsl", timing)
            xdsl_note = f"xdsl: measured at {peer_size:,} ops"
            if peer_size != SIZES[-1]:
                estimate = timings["total"].median * SIZES[-1] / peer_size
                xdsl_note += (
                    f" only; scaled linearly to {SIZES[-1]:,} ops that is about "
                    f"{estimate:.1f} s (an estimate, not measured)"
                )
        if peer_size != SIZES[-1]:
            peers.add(f"total {large}", "xdsl", None)

    mlir_note = "mlir: iree-opt not found"
    if iree_opt_path() is not None:
        with tempfile.TemporaryDirectory() as directory:
            empty = os.path.join(directory, "empty.mlir")
            open(empty, "w").close()
            peers.add("process start-up", "mlir", time_iree_opt(empty, repeat=5, warmup=1))
            for n in sorted({peer_size, SIZES[-1]}):
                path = os.path.join(directory, f"bench{n}.mlir")
                with open(path, "w") as file:
                    file.write(texts[n])
                timing = time_iree_opt(path, repeat=args.repeat, warmup=1)
                peers.add(f"total {size_label(n)}", "mlir", timing)
        mlir_note = (
            f"mlir: wall time of `{IREE_OPT} {' '.join(IREE_OPT_ARGS)} FILE -o /dev/null`, "
            "process start-up and file reading included; phases not separable"
        )
    peers.print()
    print(xdsl_note)
    print(mlir_note)
    print()

    if args.profile:
        profile_irc(texts[SIZES[-1]], verify)
    return common.finish(args, [irc_table, peers])


if __name__ == "__main__":
    raise SystemExit(main())
