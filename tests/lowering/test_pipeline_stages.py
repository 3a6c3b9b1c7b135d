"""irc-opt stops after any pass of irc.jit's CPU pipeline, and every stage is a program:

- `irc-opt --pass-pipeline=builtin.module(<the first k passes>)` succeeds for every k;
- what it prints parses back and prints the same;
- the interpreter runs each stage's functions and gives the results (and leaves the memref
  arguments) as on the input program;
- after convert-nn-to-linalg no nn op is left, and iree-opt (the MLIR reference) accepts
  every stage (skipped without it).

The pass list is read when the tests run: the pipeline irc.jit takes for the program
(`irc.runtime.jit.lowering_for`: for tensor programs `TENSOR_LOWERING`, the `nn-to-loops`
pipeline and what follows it), split into its passes, since the pipeline keeps changing.
The programs are examples/*.mlir (mlp's sizes made small: the interpreter runs loops one
point at a time), one module of rows from tests/differential/test_nn_three_ways.py and
one of random functions from tests/differential/nn_program_gen.py (with the tolerances of
test_nn_hypothesis.py where they are wider).

Tolerance against the input program: integers exactly; floats rtol 1e-5 and atol 1e-6, as
products accumulate in f32 once lowered (the interpreter's nn.matmul in f64), sums in f64
in another order, and after math-polynomial-approximation the interpreter runs the
polynomials instead of numpy's functions (1-2 ulp); rtol 1e-4 and atol 1e-5 for the
results of examples that draw normal floats (computed in f32 once lowered).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pytest

import irc
from irc.frontend.printer import print_op
from irc.passes.pipeline import parse_pipeline
from irc.runtime.interpreter import run as interpret
from irc.runtime.jit import lowering_for
from irc.tools.irc_opt import run as irc_opt
from tests.differential.nn_program_gen import inputs as random_inputs
from tests.differential.nn_program_gen import write_function
from tests.differential.program_gen import RandomChoices
from tests.differential.test_nn_hypothesis import TOLERANCES as LEVELS
from tests.differential.test_nn_hypothesis import product_bound
from tests.differential.test_nn_three_ways import CASES
from tests.differential.three_ways import Tolerance, check_close
from tests.passes.programs import IREE_OPT_BINARY

EXAMPLES = Path(__file__).parents[2] / "examples"
TOLERANCE = Tolerance(1e-5, 1e-6, "f32 products, f64 sums in another order, polynomials")
# f32 nn.random_normal is computed in f32 once lowered (a few ulps from the interpreter's
# f64 rounded once), and an example's N(0, 1) weights magnify that in its products.
NOISE = Tolerance(1e-4, 1e-5, "f32 normal draws, a few ulps apart, through products")
RANDOM = 8  # random nn functions in one module
# Examples that do not go through the pipeline, with the reason.
LEFT_OUT = {  # convert-nn-to-linalg does not lower !nn.key function arguments
    "sbn.mlir": "its public functions take !nn.key arguments",
    "gated_digits.mlir": "its private helpers take !nn.key arguments",
}
# Rows of the three-way table that make the sample module: one or two per op family.
SAMPLE_ROWS = (
    "exp_f32", "add_f32_3x4_4", "div_i32_3x1_4", "select_f32", "cast_f32_i8", "pow_f32_3x4_0d",
    "reduce_mean_f32_02_keep", "logsumexp_f32_2", "argmax_f32", "softmax_1",
    "softmax_cross_entropy_mean", "matmul_1", "matmul_5", "transpose", "slice", "concat_0",
    "pad", "gather_1", "one_hot_i1", "random_normal_f32_split", "scan_lengths", "grad_clip",
)  # fmt: skip


@dataclass
class Program:
    id: str
    text: str
    arguments: dict[str, list]  # function -> its arguments
    # function -> (tolerance, bound or None) of each result, where not TOLERANCE
    tolerances: dict[str, list[tuple[Tolerance, np.ndarray | None]]] = field(default_factory=dict)


def _example(path: Path, static: bool = False) -> Program:
    text = path.read_text()
    shrunk = {  # smaller layers: the loop-level interpreter runs every stage
        "mlp.mlir": [("784", "12"), ("128", "8")],
        "mlp_digits.mlir": [("256", "8"), ("?x64x", "?x12x"), ("<64x", "<12x")],
        "char_lstm.mlir": [("128", "8")],
    }
    for old, new in shrunk.get(path.name, []):
        text = text.replace(old, new)
    if static:  # every `?` size made 2
        text = text.replace("?x", "2x")
    module = irc.parse(text)
    rng = np.random.default_rng(7)
    arguments, tolerances = {}, {}
    for op in module.walk():  # private functions run through the public ones calling them
        if (
            op.name == "func.func"
            and not op.is_declaration
            and "sym_visibility" not in op.properties
        ):
            name = op.properties["sym_name"].value
            arguments[name] = [_argument(rng, t) for t in op.function_type.inputs]
            if "nn.random_normal" in text:
                tolerances[name] = [(NOISE, None)] * len(op.function_type.results)
    return Program(path.stem + ("_static" if static else ""), text, arguments, tolerances)


def _argument(rng: np.random.Generator, t):
    """Random data of type `t`: every `?` size is 2, integers are 0 or 1 (labels, indices)."""
    element = getattr(t, "element_type", t)
    dtype = np.dtype(
        {"f32": np.float32, "f64": np.float64, "i32": np.int32, "i64": np.int64}[str(element)]
    )
    shape = tuple(2 if d is None or d < 0 else d for d in getattr(t, "shape", ()))
    data = rng.integers(0, 2, shape) if dtype.kind == "i" else rng.standard_normal(shape)
    array = np.asarray(data).astype(dtype)
    return array if hasattr(t, "shape") else array[()]


def _sample() -> Program:
    rows = [case for case in CASES if case.id in SAMPLE_ROWS]
    assert len(rows) == len(SAMPLE_ROWS), "a sample row left the table"
    text = "\n".join(case.text() for case in rows)
    return Program("nn_sample", text, {case.id: case.arguments() for case in rows})


# The scans of these examples also run with static sizes (a `?` batch and a static one
# lower differently: the stacked outputs are sized at the first step).
STATIC_TOO = ("gru.mlir", "lstm.mlir")


def _random() -> Program:
    """Random nn functions (tests/differential/nn_program_gen.py) of fixed seeds, with the
    tolerance of each result's level (as in test_nn_hypothesis.py)."""
    functions = [write_function(RandomChoices(seed), f"r{seed}") for seed in range(RANDOM)]
    arguments, tolerances = {}, {}
    for function in functions:
        arguments[function.name] = random_inputs(function, 0, specials=False)
        args = arguments[function.name]
        tolerances[function.name] = [
            (
                max(TOLERANCE, LEVELS.get((r.level, r.element), TOLERANCE), key=_width),
                product_bound(function, r, args),
            )
            for r in function.results
        ]
    return Program("nn_random", "\n".join(f.text() for f in functions), arguments, tolerances)


def _width(tolerance: Tolerance) -> tuple[float, float]:
    return tolerance.rtol, tolerance.atol


def programs() -> list[Program]:
    found = [_example(p) for p in sorted(EXAMPLES.glob("*.mlir")) if p.name not in LEFT_OUT]
    found += [_example(EXAMPLES / name, static=True) for name in STATIC_TOO]
    return [*found, _sample(), _random()]


PROGRAMS = programs()


def _params(programs: list[Program], slow: tuple[str, ...] = ()) -> list:
    """One case per program; those named in `slow` only in the slow run."""
    return [
        pytest.param(program, id=program.id, marks=[pytest.mark.slow] if program.id in slow else [])
        for program in programs
    ]


# Running every stage in the loop-level interpreter takes the char LSTM 8 s; lstm.mlir and
# gru.mlir keep scans with carries in the fast run.
SLOW_TO_INTERPRET = ("char_lstm",)


def passes_for(program: Program) -> list[str]:
    """The passes irc.jit runs on the program, each as pipeline text."""
    pipeline = parse_pipeline(lowering_for(irc.parse(program.text)))
    return [element.pipeline_text() for element in pipeline.elements]


@cache
def stages(program_id: str) -> list[tuple[str, str]]:
    """(last pass, irc-opt's print) after each prefix of the pipeline."""
    program = next(p for p in PROGRAMS if p.id == program_id)
    passes, printed = passes_for(program), []
    for count in range(1, len(passes) + 1):
        pipeline = f"--pass-pipeline=builtin.module({','.join(passes[:count])})"
        code, out, err = irc_opt([pipeline, "-"], program.text)
        assert code == 0, f"irc-opt {pipeline} failed on {program.id}:\n{err[:3000]}"
        printed.append((passes[count - 1], out))
    return printed


@cache
def expected(program_id: str) -> dict[str, list]:
    program = next(p for p in PROGRAMS if p.id == program_id)
    module = irc.parse(program.text)
    return {name: _call(module, name, args) for name, args in program.arguments.items()}


def _call(module, name: str, args: list) -> list:
    """The results, then the arrays of the arguments after the call."""
    args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    with np.errstate(all="ignore"):
        results = interpret(module, name, *args)
    return [*results, *(a for a in args if isinstance(a, np.ndarray))]


@pytest.mark.parametrize("program", _params(PROGRAMS, slow=SLOW_TO_INTERPRET))
def test_every_stage_parses_back_and_runs_the_same(program):
    for last_pass, text in stages(program.id):
        module = irc.parse(text)
        assert print_op(module) + "\n" == text or print_op(module) == text, last_pass
        for name, args in program.arguments.items():
            got = _call(module, name, args)
            want = expected(program.id)[name]
            assert len(got) == len(want)
            for index, (w, g) in enumerate(zip(want, got, strict=True)):
                tolerances = program.tolerances.get(name, [])
                tolerance, bound = (
                    tolerances[index] if index < len(tolerances) else (TOLERANCE, None)
                )
                check_close(w, g, tolerance, f"@{name} #{index} after {last_pass}", bound)


@pytest.mark.parametrize("program", _params(PROGRAMS))
def test_no_nn_op_after_convert_nn_to_linalg(program):
    passes = [last for last, _ in stages(program.id)]
    if "convert-nn-to-linalg" not in passes:
        pytest.skip("a loop-level program: the pipeline has no convert-nn-to-linalg")
    for last_pass, text in stages(program.id)[passes.index("convert-nn-to-linalg") :]:
        assert " nn." not in text, f"an nn op is left after {last_pass}"


@pytest.mark.skipif(IREE_OPT_BINARY is None, reason="iree-opt not installed")
@pytest.mark.parametrize("program", _params(PROGRAMS))
def test_iree_opt_accepts_every_stage(program):
    """MLIR parses and verifies each stage (from the one after the nn lowering on)."""
    printed = stages(program.id)
    passes = [last for last, _ in printed]
    start = passes.index("convert-nn-to-linalg") if "convert-nn-to-linalg" in passes else 0
    for last_pass, text in printed[start:]:
        done = subprocess.run(
            [IREE_OPT_BINARY, "-"], input=text, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, f"after {last_pass}:\n{done.stderr[:3000]}"


def test_the_pass_list_is_the_jit_pipeline():
    """The stages cover nn-to-loops and what irc.jit adds after it."""
    from irc.passes.registry import PIPELINES

    nn = next(p for p in PROGRAMS if p.id == "nn_sample")
    passes = passes_for(nn)
    loops = parse_pipeline(f"builtin.module({PIPELINES['nn-to-loops'][1]})")
    names = [element.pipeline_text() for element in loops.elements]
    assert passes[: len(names)] == names
    assert {"math-polynomial-approximation", "convert-scf-to-cf"} <= set(passes)
