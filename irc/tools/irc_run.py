"""irc-run: call a function of an MLIR file on numpy values and print what it returns, as
MLIR's mlir-runner does.

    irc-run input.mlir [-e main] [ARGS...] [--interpret] [--pass-pipeline=PIPELINE]
            [--print | --no-print] [--print-args] [--save out.npz] [-o out.txt]
            [--bounds-checks] [--repeat N] [--seed N]
    irc-run --train [MODEL.mlir] [OPTIONS...]     (the training command: irc/train/cli.py)

The input (`-` or none: stdin) is parsed and verified, the pipeline (if any) runs on it as
in irc-opt, then the function named by `-e` (default `main`) is called through the JIT
(`irc.jit`) or, with `--interpret`, through the reference interpreter. The first positional
argument is the input file; the others are the function's arguments, one per parameter:

- a literal for a scalar or rank-0 tensor parameter: `3`, `-2.5`, `1e-3`, `inf`, `true`,
  `0x1F` (integers take Python's prefixes; a signless integer may be given in its signed or
  unsigned range and wraps as MLIR's constants do; i1 takes `true`/`false`/`1`/`0`);
- `file.npy`: an array of exactly the parameter's dtype and shape (or a 0-d array for a
  scalar parameter); nothing is converted;
- a fill for a memref, tensor or vector parameter: `zeros`, `ones`, `full=V`, `rand`
  (uniform in [0, 1)), `randn`, `randint=LO:HI` (LO <= x < HI), `arange` (0, 1, ... in
  row-major order), each optionally followed by a shape, `rand:1024x3`, which is required
  when the type has `?` dimensions. Random fills draw from one `np.random.default_rng(seed)`
  (`--seed`, default 0) in argument order, so a run is reproducible.

Negative literals need no quoting (`irc-run f.mlir 1 -2.5e3 -inf`); `--` ends the options.

Output (stdout, or `-o FILE`): one entry per result, then one per memref argument the
function may have written (every memref argument with `--print-args`), labelled as
`--save` names them in the .npz file:

    result0: f32 = 0.1
    arg2: memref<?xf32> = [1.0, 3.0, 5.0]

Numbers print as numpy's `str` of a scalar of their type: for a float, the shortest text
that reads back to the same value in that type, so no precision is lost (`0.1` for the
f32 nearest 0.1, `1.0`, `1e+20`, `nan`, `-inf`); i1 prints `true`/`false`. Arrays print in
full, never summarized with `...`, through `np.array2string` with `separator=", "` and that
same text per element (no padding); one that does not fit on the line starts on the next.
Whether an argument may be written is decided from the IR: a memref whose every use
(through views: casts, subviews, reshapes) only reads it, or is the source of a
memref.copy, is not printed by default.

`--repeat N` calls the function N times, restoring the memref arguments before each call,
and prints the median time per call to stderr; the printed values are those of the last
call. `--bounds-checks` asks the JIT to check every memref access (the interpreter always
does). Every error — a bad file, an unknown function, a wrong number of arguments, a bad
literal, a fault in the IR or while running — is a diagnostic on stderr and exit code 1.
`run()` is the in-process entry point used by the tests; `console_main()` is the command.
"""

from __future__ import annotations

import argparse
import difflib
import math
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from irc.dialects.memref import may_write
from irc.ir import types as T
from irc.ir.core import BlockArgument, Operation
from irc.ir.diagnostics import SOURCES, Diagnostic, IRError
from irc.tools import cli

PROG = "irc-run"
LINE_WIDTH = 100


class RunError(Exception):
    """A user error already worded for stderr (one or more lines, no trailing newline)."""


class _ArgumentError(Exception):
    """A bad argument; the caller adds which parameter it was meant for, and where."""


# -- the command line ------------------------------------------------------------------------


class _ArgumentParser(argparse.ArgumentParser):
    """argparse that reports a usage error as irc-run's other errors: exit code 1."""

    def error(self, message: str):
        raise RunError(f"{PROG}: error: {message}\n{self.format_usage().rstrip()}")


def build_argument_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog=PROG,
        description="Call a function of an MLIR file on numpy values and print its results.",
        allow_abbrev=False,
    )
    parser.add_argument(
        "positionals",
        nargs="*",
        metavar="INPUT [ARGS...]",
        help="the input file ('-' for stdin), then one argument per function parameter",
    )
    parser.add_argument("-e", "--entry-point", default="main", help="function to call")
    parser.add_argument(
        "--interpret", action="store_true", help="run the reference interpreter, not the JIT"
    )
    parser.add_argument(
        "--pass-pipeline",
        default=None,
        metavar="PIPELINE",
        help="passes to run first: 'builtin.module(canonicalize,cse)'",
    )
    parser.add_argument(
        "--print",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="print the results and the memref arguments the function may write",
    )
    parser.add_argument(
        "--print-args", action="store_true", help="print every memref argument after the call"
    )
    parser.add_argument("--save", metavar="FILE.npz", help="save results and memref arguments")
    parser.add_argument("-o", dest="output", default="-", help="output file ('-' for stdout)")
    parser.add_argument(
        "--bounds-checks", action="store_true", help="check memref accesses in the JIT"
    )
    parser.add_argument("--repeat", type=int, default=1, metavar="N", help="call N times")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random fills")
    return parser


_LITERAL_MARK = "\x00"  # hides a negative literal from argparse, which would read an option


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        pass
    try:
        int(text, 0)
        return True
    except ValueError:
        return False


def parse_command_line(argv: list[str]) -> argparse.Namespace:
    """The options and positionals of `argv`; `-2.5e3` or `-inf` is a positional even
    where argparse would take it for an option (its own rule knows only `-2` and `-2.5`)."""
    parser = build_argument_parser()
    takes_value = {
        name for action in parser._actions if action.nargs is None for name in action.option_strings
    }
    protected = []
    for index, arg in enumerate(argv):
        after_option = index > 0 and argv[index - 1] in takes_value
        if arg.startswith("-") and not after_option and _looks_numeric(arg):
            arg = _LITERAL_MARK + arg
        protected.append(arg)
    args = parser.parse_intermixed_args(protected)
    args.positionals = [arg.removeprefix(_LITERAL_MARK) for arg in args.positionals]
    if args.repeat < 1:
        raise RunError(f"{PROG}: error: --repeat takes a count of at least 1, got {args.repeat}")
    return args


# -- the function ----------------------------------------------------------------------------


def find_function(module: Operation, name: str, filename: str) -> Operation:
    """The func.func named `name` at the top of `module`, with a body."""
    from irc.dialects.func import FuncOp

    functions = {}
    for region in module.regions:
        for op in region.ops():
            if isinstance(op, FuncOp) and op.sym_name is not None:
                functions[op.sym_name] = op
    func = functions.get(name)
    if func is None:
        close = difflib.get_close_matches(name, list(functions), n=1)
        hint = f"; did you mean '@{close[0]}'?" if close else ""
        known = ", ".join(f"@{n}" for n in functions) or "none"
        raise RunError(
            f"{PROG}: error: no function '@{name}' in '{filename}'{hint} (functions: {known})"
        )
    if func.is_declaration:
        raise _located(func.location, f"'@{name}' is a declaration: it has no body to run")
    return func


def _located(location, message: str) -> RunError:
    return RunError(Diagnostic("error", location, message).render(SOURCES))


def parameter_name(arg: BlockArgument) -> str:
    """The parameter's name in the source (`%x`), or `%argN` when the source is unknown."""
    flc = arg.loc.file_line_col()
    line = SOURCES.line(flc.filename, flc.line) if flc is not None else None
    if line is not None:
        found = re.match(r"%[\w$.\-]+", line[flc.col - 1 :])
        if found:
            return found.group()
    return f"%arg{arg.index}"


# -- arguments -------------------------------------------------------------------------------


def _dtype(t: T.Type) -> np.dtype:
    from irc.runtime.interpreter import InterpreterError, numpy_dtype

    try:
        return numpy_dtype(t)
    except InterpreterError as exc:
        raise _ArgumentError(f"irc-run cannot pass {t} ({exc.message})") from None


def scalar_value(text: str, t: T.Type):
    """The literal `text` as a numpy scalar of type `t` (integer, index, float)."""
    dtype = _dtype(t)
    if isinstance(t, T.IntegerType) and t.width == 1:
        truth = {"true": True, "false": False, "1": True, "0": False}.get(text.lower())
        if truth is None:
            raise _ArgumentError(f"'{text}' is not an i1 literal (true, false, 1 or 0)")
        return np.bool_(truth)
    if isinstance(t, (T.IntegerType, T.IndexType)):
        return dtype.type(_integer_literal(text, t))
    if isinstance(t, T.FloatType):
        return _float_literal(text, t, dtype)
    raise _ArgumentError(f"irc-run cannot pass a value of type {t}")


def _integer_literal(text: str, t: T.Type) -> int:
    from irc.ir.attributes import normalize_int

    try:
        value = int(text, 0)
    except ValueError:
        raise _ArgumentError(f"'{text}' is not an integer literal for {t}") from None
    width = 64 if isinstance(t, T.IndexType) else t.width
    signedness = "si" if isinstance(t, T.IndexType) else t.signedness
    low = 0 if signedness == "ui" else -(2 ** (width - 1))
    high = 2 ** (width - 1) - 1 if signedness == "si" else 2**width - 1
    if not low <= value <= high:
        raise _ArgumentError(f"{text} is out of range for {t} ({low} to {high})")
    return normalize_int(value, t) if signedness not in ("si", "ui") else value


def _float_literal(text: str, t: T.Type, dtype: np.dtype):
    if text.lower().lstrip("+-").startswith("0x"):
        raise _ArgumentError(f"'{text}': write a float parameter in decimal")
    try:
        value = float(text)
    except ValueError:
        raise _ArgumentError(f"'{text}' is not a float literal for {t}") from None
    with np.errstate(over="ignore"):
        result = dtype.type(value)
    if math.isfinite(value) and not np.isfinite(result):
        raise _ArgumentError(f"{text} is out of range for {t}")
    return result


def load_npy(path: str, t: T.Type):
    """The array in `path`, which must have exactly the dtype and shape `t` asks for."""
    try:
        array = np.load(path, allow_pickle=False)
    except OSError as exc:
        raise _ArgumentError(f"cannot read '{path}': {exc.strerror or exc}") from None
    except (ValueError, EOFError) as exc:
        raise _ArgumentError(f"'{path}' is not a readable .npy file: {exc}") from None
    if not isinstance(array, np.ndarray):
        raise _ArgumentError(f"'{path}' holds an archive, not one array (.npy)")
    dtype = _dtype(t)
    shape = t.shape if isinstance(t, T.ShapedType) else ()
    if array.dtype != dtype or not _shape_fits(shape, array.shape):
        wanted = "x".join("?" if d == T.DYNAMIC else str(d) for d in shape) or "0-d"
        raise _ArgumentError(
            f"'{path}' holds a {array.dtype} array of shape {array.shape}; "
            f"{t} needs {dtype} and shape {wanted}"
        )
    if not isinstance(t, T.ShapedType):
        return array[()]
    if not array.flags.c_contiguous or not array.flags.writeable:
        array = np.array(array, order="C")
    return array


def _shape_fits(wanted: tuple[int, ...], shape: tuple[int, ...]) -> bool:
    """Whether `shape` has the rank of `wanted` and its sizes where they are not `?`."""
    if len(wanted) != len(shape):
        return False
    return all(want in (T.DYNAMIC, got) for want, got in zip(wanted, shape, strict=True))


@dataclass(frozen=True)
class Fill:
    """A named fill: how many `=`values it takes and how it makes an array."""

    values: int
    make: Callable[..., np.ndarray]  # make(rng, shape, dtype, element_type, values)
    float_only: bool = False


def _zeros(rng, shape, dtype, element, values):
    return np.zeros(shape, dtype)


def _ones(rng, shape, dtype, element, values):
    return np.ones(shape, dtype)


def _full(rng, shape, dtype, element, values):
    return np.full(shape, scalar_value(values[0], element), dtype)


def _uniform(rng, shape, dtype, element, values):
    """Uniform in [0, 1) in the element type: a draw that rounds up to 1 is clamped."""
    array = rng.random(shape).astype(dtype)
    below_one = np.nextafter(dtype.type(1), dtype.type(0))
    return np.minimum(array, below_one, out=array)


def _normal(rng, shape, dtype, element, values):
    return rng.standard_normal(shape).astype(dtype)


def _randint(rng, shape, dtype, element, values):
    low, high = (_integer_literal(text, T.INDEX) for text in values)
    if low >= high:
        raise _ArgumentError(f"randint={values[0]}:{values[1]} is empty: LO must be below HI")
    if dtype.kind in "iub":
        info = np.iinfo(dtype) if dtype.kind != "b" else np.iinfo(np.uint8)
        top = 1 if dtype.kind == "b" else info.max
        if low < info.min or high - 1 > top:
            raise _ArgumentError(f"randint={values[0]}:{values[1]} does not fit {element}")
    return rng.integers(low, high, size=shape).astype(dtype)


def _arange(rng, shape, dtype, element, values):
    return np.arange(math.prod(shape)).reshape(shape).astype(dtype)


FILLS: dict[str, Fill] = {
    "zeros": Fill(0, _zeros),
    "ones": Fill(0, _ones),
    "full": Fill(1, _full),
    "rand": Fill(0, _uniform, float_only=True),
    "randn": Fill(0, _normal, float_only=True),
    "randint": Fill(2, _randint),
    "arange": Fill(0, _arange),
}


def fill_array(text: str, t: T.ShapedType, rng: np.random.Generator) -> np.ndarray | None:
    """The array the fill `text` asks for (`rand`, `full=2.5:4x4`, `randint=0:9:8`), or
    None when `text` names no fill."""
    head, equals, tail = text.partition("=")
    name, *parts = (head, *tail.split(":")) if equals else text.split(":")
    fill = FILLS.get(name)
    if fill is None:
        return None
    values, shape_parts = parts[: fill.values], parts[fill.values :]
    if bool(equals) != bool(fill.values) or len(values) != fill.values or len(shape_parts) > 1:
        return _bad_fill_syntax(text, name, fill)
    shape = _fill_shape(text, name, shape_parts[0] if shape_parts else None, t)
    dtype = _dtype(t)
    if fill.float_only and dtype.kind != "f":
        raise _ArgumentError(f"'{name}' fills float elements; for {t} use randint=LO:HI")
    try:
        # np.array, not np.ascontiguousarray, which makes a rank-0 fill rank 1
        return np.array(fill.make(rng, shape, dtype, t.element_type, values), order="C")
    except (MemoryError, ValueError) as exc:
        raise _ArgumentError(f"cannot make a {dtype} array of shape {shape}: {exc}") from None


def _bad_fill_syntax(text: str, name: str, fill: Fill):
    form = {0: name, 1: f"{name}=V", 2: f"{name}=LO:HI"}[fill.values]
    raise _ArgumentError(f"'{text}' is not a fill: write {form} or {form}:SHAPE (e.g. 4x8)")


def _fill_shape(text: str, name: str, given: str | None, t: T.ShapedType) -> tuple[int, ...]:
    if given is None:
        if T.DYNAMIC in t.shape:
            raise _ArgumentError(
                f"the type has '?' dimensions, so '{name}' needs a shape: e.g. "
                f"'{text}:{'x'.join('8' if d == T.DYNAMIC else str(d) for d in t.shape)}'"
            )
        return tuple(t.shape)
    if not re.fullmatch(r"\d+(x\d+)*", given):
        raise _ArgumentError(f"'{given}' is not a shape: write sizes joined by 'x', e.g. 4x8")
    shape = tuple(int(size) for size in given.split("x"))
    if not _shape_fits(t.shape, shape):
        raise _ArgumentError(f"shape {given} does not fit {t}")
    return shape


FILL_NAMES = "zeros, ones, full=V, rand, randn, randint=LO:HI, arange"


def argument_value(text: str, t: T.Type, rng: np.random.Generator):
    """The value the command-line argument `text` passes for a parameter of type `t`."""
    if text.lower().endswith(".npy"):
        return load_npy(text, t)
    if hasattr(t, "interpreter_value"):  # a dialect type (a random key) from an integer
        try:
            return t.interpreter_value(_integer_literal(text, T.I64))
        except (TypeError, ValueError) as exc:
            raise _ArgumentError(str(exc)) from None
    if isinstance(t, T.ShapedType):
        array = fill_array(text, t, rng)
        if array is None and isinstance(t, T.TensorType) and not t.shape:
            return np.array(scalar_value(text, t.element_type))  # a literal, rank 0
        if array is None:
            raise _ArgumentError(f"expected a .npy file or a fill ({FILL_NAMES}[:SHAPE])")
        return array
    return scalar_value(text, t)


def function_arguments(func: Operation, texts: list[str], seed: int) -> list:
    """The values for `func`'s parameters; an error names the parameter and shows it."""
    params = func.regions[0].blocks[0].args
    if len(texts) != len(params):
        types = ", ".join(str(p.type) for p in params)
        raise _located(
            func.location,
            f"'@{func.sym_name}' takes {len(params)} argument{'s' * (len(params) != 1)} "
            f"({types}), got {len(texts)}",
        )
    rng = np.random.default_rng(seed)
    values = []
    for param, text in zip(params, texts, strict=True):
        try:
            values.append(argument_value(text, param.type, rng))
        except _ArgumentError as exc:
            where = f"arg{param.index} ({parameter_name(param)}: {param.type})"
            raise _located(param.loc, f"bad value '{text}' for {where}: {exc}") from None
    return values


# -- calling ---------------------------------------------------------------------------------


def make_caller(module: Operation, name: str, interpret: bool, bounds_checks: bool):
    """A function from arguments to the list of results, through the interpreter or JIT."""
    if interpret:
        from irc.runtime.interpreter import Interpreter

        interpreter = Interpreter(module)
        return lambda *args: interpreter.call(name, *args)
    import irc

    if not hasattr(irc, "jit"):
        raise RunError(f"{PROG}: error: this irc has no JIT yet (irc.jit); use --interpret")
    compiled = irc.jit(module, name, bounds_checks=bounds_checks)

    def call(*args) -> list:
        result = compiled(*args)
        if result is None:
            return []
        return list(result) if isinstance(result, tuple) else [result]

    return call


def call_repeatedly(call, args: list, repeat: int) -> tuple[list, list[float]]:
    """The last call's results and each call's time; memref arguments are restored
    before each call after the first, so every call sees the same inputs."""
    originals = [a.copy() if isinstance(a, np.ndarray) and repeat > 1 else None for a in args]
    times = []
    results: list = []
    for index in range(repeat):
        if index:
            for arg, original in zip(args, originals, strict=True):
                if original is not None:
                    np.copyto(arg, original)
        start = time.perf_counter()
        results = call(*args)
        times.append(time.perf_counter() - start)
    return results, times


def _duration_text(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.4g} {unit}"
    return f"{seconds / 1e-9:.4g} ns"


# -- output ----------------------------------------------------------------------------------


def value_text(label: str, t: T.Type, value) -> str:
    """`label: type = value`, as the module docstring describes."""
    head = f"{label}: {t} ="
    if isinstance(value, np.ndarray) and value.ndim > 0:
        body = np.array2string(
            value,
            separator=", ",
            formatter={"float_kind": str, "bool": scalar_text},
            threshold=sys.maxsize,
            max_line_width=LINE_WIDTH,
        )
        if "\n" in body or len(head) + 1 + len(body) > LINE_WIDTH:
            return f"{head}\n{body}"
        return f"{head} {body}"
    return f"{head} {scalar_text(value)}"


def scalar_text(value) -> str:
    value = value[()] if isinstance(value, np.ndarray) else value
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    return str(value)


def _as_typed(value, t: T.Type):
    """A result as a numpy value of its type (the JIT may hand back Python scalars)."""
    scalar_types = (T.IntegerType, T.IndexType, T.FloatType)
    if isinstance(value, np.ndarray) or not isinstance(t, scalar_types):
        return value
    return _dtype(t).type(value)


@dataclass
class Outcome:
    """What a call gave: (label, type, value) for each result and memref argument."""

    results: list[tuple[str, T.Type, object]]
    memref_args: list[tuple[str, T.Type, np.ndarray, bool]]  # ..., may the call write it

    def printed(self, results: bool, all_args: bool) -> str:
        """The results and written memref arguments (`results`), every memref argument
        (`all_args`), or both."""
        entries = [value_text(*result) for result in self.results] if results else []
        entries += [
            value_text(label, t, value)
            for label, t, value, written in self.memref_args
            if all_args or (results and written)
        ]
        return "".join(entry + "\n" for entry in entries)

    def save(self, path: str) -> None:
        arrays = {label: np.asarray(value) for label, _, value in self.results}
        arrays.update({label: value for label, _, value, _ in self.memref_args})
        try:
            with open(path, "wb") as handle:
                np.savez(handle, **arrays)
        except OSError as exc:
            raise RunError(f"{PROG}: error: cannot write '{path}': {exc.strerror}") from None


@dataclass
class Signature:
    """What irc-run needs of the function once it has run, read before the call (a JIT
    may lower the module in place): its result types and, per memref parameter, its
    position, type and whether the function may write it."""

    name: str
    results: tuple[T.Type, ...]
    memref_params: list[tuple[int, T.Type, bool]]

    @classmethod
    def of(cls, func: Operation) -> Signature:
        params = func.regions[0].blocks[0].args
        memrefs = [(p.index, p.type, may_write(p)) for p in params if _is_memref(p.type)]
        return cls(func.sym_name, tuple(func.function_type.results), memrefs)

    def outcome(self, args: list, results: list) -> Outcome:
        if len(results) != len(self.results):
            raise RunError(
                f"{PROG}: error: '@{self.name}' gave {len(results)} values for "
                f"{len(self.results)} results (a bug in irc)"
            )
        return Outcome(
            [
                (f"result{i}", t, _as_typed(value, t))
                for i, (t, value) in enumerate(zip(self.results, results, strict=True))
            ],
            [(f"arg{i}", t, args[i], written) for i, t, written in self.memref_params],
        )


def _is_memref(t: T.Type) -> bool:
    return isinstance(t, T.MemRefType)


# -- the driver ------------------------------------------------------------------------------


def load_module(path: str, stdin_text: str | None, pipeline: str | None) -> Operation:
    """The parsed, verified module of `path`, after `pipeline` ran on it."""
    import irc

    try:
        text, filename = cli.read_input(path, stdin_text)
    except OSError as exc:
        raise RunError(
            f"{PROG}: error: could not open input file '{path}': {exc.strerror}"
        ) from None
    module = irc.parse(text, filename)
    irc.verify(module)
    if pipeline is not None:
        from irc.passes.pass_manager import PassManager
        from irc.passes.pipeline import parse_pipeline

        PassManager(parse_pipeline(pipeline)).run(module)
    return module


def _main(argv: list[str], stdin_text: str | None, out, err) -> int:
    if argv[:1] == ["--train"]:  # the training command, under the runner's name
        from irc.train import cli as train_cli

        return train_cli._main(argv[1:], stdin_text, out, err)
    try:
        return _run_command(argv, stdin_text, out, err)
    except RunError as exc:
        err.write(f"{exc}\n")
        return 1
    except IRError as exc:
        err.write(exc.text + "\n")
        return 1


def _run_command(argv: list[str], stdin_text: str | None, out, err) -> int:
    args = parse_command_line(argv)
    path, *texts = args.positionals or ["-"]
    module = load_module(path, stdin_text, args.pass_pipeline)
    func = find_function(module, args.entry_point, "<stdin>" if path == "-" else path)
    values = function_arguments(func, texts, args.seed)
    signature = Signature.of(func)
    call = make_caller(module, args.entry_point, args.interpret, args.bounds_checks)
    results, times = call_repeatedly(call, values, args.repeat)
    if args.repeat > 1:
        engine = "interpreter" if args.interpret else "JIT"
        err.write(
            f"{PROG}: @{args.entry_point}: median {_duration_text(statistics.median(times))} "
            f"per call over {args.repeat} calls ({engine})\n"
        )
    outcome = signature.outcome(values, results)
    if args.save is not None:
        outcome.save(args.save)
    if args.print or args.print_args:
        text = outcome.printed(args.print, args.print_args)
        return cli.write_output(PROG, args.output, text, out, err)
    return 0


def run(argv: list[str], stdin_text: str | None = None) -> tuple[int, str, str]:
    """Run irc-run in-process: (exit code, stdout text, stderr text). Never raises."""
    return cli.run_in_process(_main, argv, stdin_text)


def console_main() -> None:
    cli.console(_main)


__all__ = ["run", "console_main", "FILLS"]

if __name__ == "__main__":
    console_main()
