"""convert-linalg-to-loops and convert-linalg-to-parallel-loops keep results: each program
runs in the interpreter on linalg ops, in the interpreter on the loops the pass makes, and
compiled by `irc.jit` from those loops, on random inputs with random `?` sizes (zero
included); the three must agree bit for bit (the loops run each point's element
operations in the interpreter's order). The printed loops are also checked against
MLIR's own passes (`iree-opt`, skipped when it is not installed)."""

from __future__ import annotations

import itertools
import random
import re
import string
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from irc.frontend.parser import parse
from irc.frontend.printer import print_op
from irc.ir import affine
from irc.ir.diagnostics import DiagnosticEngine
from irc.ir.verifier import verify
from irc.passes.pass_manager import PassManager
from irc.passes.pipeline import parse_pipeline
from irc.runtime.interpreter import run
from irc.runtime.jit import compile_module
from tests.passes.programs import IREE_OPT, iree_opt

needs_iree = pytest.mark.skipif(IREE_OPT is None, reason="iree-opt not installed")
FILECHECK = Path(__file__).parents[1] / "filecheck"
PASSES = ("convert-linalg-to-loops", "convert-linalg-to-parallel-loops")
SEEDS = range(4)


@dataclass(frozen=True)
class Case:
    """A function of memref (and scalar) arguments; `args` gives each one as
    `dtype[sizes]`: a letter is a random size shared by the arguments, a number a static
    size; `dtype` alone is a scalar."""

    args: tuple[str, ...]
    text: str

    @property
    def name(self) -> str:
        return re.search(r"@(\w+)", self.text).group(1)


def memref_type(spec: str) -> str:
    """The MLIR type of an argument spec: `f32[m,4]` is memref<?x4xf32>, `f32` is f32."""
    dtype, bracket, dims = spec.partition("[")
    if not bracket:
        return dtype
    sizes = [d if d.isdigit() else "?" for d in filter(None, dims.rstrip("]").split(","))]
    return "memref<" + "".join(f"{size}x" for size in sizes) + dtype + ">"


def case(signature: str, body: str, aliases: str = "") -> Case:
    """A Case from `signature`, `@name(%x: spec, ...)` with each argument's spec as in
    `Case`, and `body`, the function's lines before its return, where `$x` stands for
    the MLIR type of argument %x; `aliases` go before the function."""
    name, params = re.fullmatch(r"@(\w+)\((.*)\)", signature, re.S).groups()
    specs = dict(param.split(": ") for param in re.split(r",\s*(?=%)", params))
    types = {arg[1:]: memref_type(spec) for arg, spec in specs.items()}
    arguments = ", ".join(f"{arg}: {memref_type(spec)}" for arg, spec in specs.items())
    lines = textwrap.indent(string.Template(textwrap.dedent(body).strip()).substitute(types), "  ")
    head = f"\n{textwrap.dedent(aliases).strip()}" if aliases else ""
    text = f"{head}\nfunc.func @{name}({arguments}) {{\n{lines}\n  return\n}}"
    return Case(tuple(specs.values()), text)


def generic(maps: str, iterators: str, operands: str, block: str, *body: str) -> str:
    """A linalg.generic with `maps` and `iterators` ("parallel, reduction"), `operands`
    (its `ins(...) outs(...)`), the block arguments `block` and the block's lines `body`."""
    kinds = ", ".join(f'"{kind}"' for kind in iterators.split(", "))
    lines = "".join(f"  {line}\n" for line in body)
    return (
        f"linalg.generic {{indexing_maps = [{maps}], iterator_types = [{kinds}]}}\n"
        f"    {operands} {{\n^bb0({block}):\n{lines}}}"
    )


# A generic's block adding its input to its output: the block arguments, then the lines.
ADD_IN_TO_OUT = ("%in: f32, %out: f32", "%s = arith.addf %in, %out : f32", "linalg.yield %s : f32")
MATMUL = "linalg.matmul ins(%a, %b : $a, $b) outs(%c : $c)"
ID2 = "affine_map<(d0, d1) -> (d0, d1)>"

CASES = [
    case(
        "@bias_add(%b: f32[n], %y: f32[m,n])",
        generic("#row, #id2", "parallel, parallel", "ins(%b : $b) outs(%y : $y)", *ADD_IN_TO_OUT),
        aliases=f"#row = affine_map<(d0, d1) -> (d1)>\n#id2 = {ID2}",
    ),
    case(
        "@row_sum(%x: f32[m,n], %y: f32[m])",
        generic(
            "#id2r, #col",
            "parallel, reduction",
            "ins(%x : $x) outs(%y : $y)",
            "%in: f32, %out: f32",
            "%s = arith.addf %out, %in : f32",
            "linalg.yield %s : f32",
        ),
        aliases=f"#id2r = {ID2}\n#col = affine_map<(d0, d1) -> (d0)>",
    ),
    case("@matmul(%a: f32[m,k], %b: f32[k,n], %c: f32[m,n])", MATMUL),
    case("@matmul_static(%a: f64[4,8], %b: f64[8,3], %c: f64[4,3])", MATMUL),
    case(
        "@matmul_transposed_a(%a: f32[k,m], %b: f32[k,n], %c: f32[m,n])",
        """
        linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>,
                                       affine_map<(d0, d1, d2) -> (d2, d1)>,
                                       affine_map<(d0, d1, d2) -> (d0, d1)>]
            ins(%a, %b : $a, $b) outs(%c : $c)""",
    ),
    case("@matmul_i8(%a: i8[m,k], %b: i8[k,n], %c: i32[m,n])", MATMUL),
    case(
        "@batch_matmul(%a: f32[b,m,k], %b: f32[b,k,n], %c: f32[b,m,n])",
        "linalg.batch_matmul ins(%a, %b : $a, $b) outs(%c : $c)",
    ),
    case("@fill(%v: f32, %y: f32[4,n])", "linalg.fill ins(%v : $v) outs(%y : $y)"),
    case("@fill_rank0(%v: f64, %y: f64[])", "linalg.fill ins(%v : $v) outs(%y : $y)"),
    case("@copy_extf(%x: f32[m,n], %y: f64[m,n])", "linalg.copy ins(%x : $x) outs(%y : $y)"),
    case(
        "@transpose(%x: i32[a,b,c], %y: i32[c,a,b])",
        "linalg.transpose ins(%x : $x) outs(%y : $y) permutation = [2, 0, 1]",
    ),
    case(
        "@broadcast(%x: f32[n], %y: f32[m,n,k])",
        "linalg.broadcast ins(%x : $x) outs(%y : $y) dimensions = [0, 2]",
    ),
    case(
        "@map_mul(%a: f32[m,n], %b: f32[m,n], %y: f32[m,n])",
        "linalg.map { arith.mulf } ins(%a, %b : $a, $b) outs(%y : $y)",
    ),
    case(
        "@map_long(%a: f32[n], %y: f32[n])",
        """
        linalg.map ins(%a : $a) outs(%y : $y)
          (%in: f32, %init: f32) {
            %abs = math.absf %in : f32
            %s = arith.subf %abs, %init : f32
            linalg.yield %s : f32
          }""",
    ),
    case(
        "@body_with_if(%x: f32[n], %y: f32[n])",
        """
        linalg.map ins(%x : $x) outs(%y : $y)
          (%in: f32, %init: f32) {
            %zero = arith.constant 0.0 : f32
            %negative = arith.cmpf olt, %in, %zero : f32
            %r = scf.if %negative -> (f32) {
              %n = arith.negf %in : f32
              %s = arith.addf %n, %init : f32
              scf.yield %s : f32
            } else {
              scf.yield %in : f32
            }
            linalg.yield %r : f32
          }""",
    ),
    case(
        "@reduce_sum(%x: f32[a,b,c], %y: f32[b])",
        "linalg.reduce { arith.addf } ins(%x : $x) outs(%y : $y) dimensions = [0, 2]",
    ),
    case(
        "@reduce_two(%x: f32[m,n], %i: i32[m,n], %mx: f32[n], %s: i32[n])",
        """
        linalg.reduce ins(%x, %i : $x, $i) outs(%mx, %s : $mx, $s) dimensions = [0]
          (%in: f32, %ii: i32, %acc: f32, %sacc: i32) {
            %m = arith.maximumf %in, %acc : f32
            %t = arith.addi %ii, %sacc : i32
            linalg.yield %m, %t : f32, i32
          }""",
    ),
    case(
        "@index(%y: i64[4,n])",
        generic(
            "#id2i",
            "parallel, parallel",
            "outs(%y : $y)",
            "%out: i64",
            "%i = linalg.index 0 : index",
            "%j = linalg.index 1 : index",
            "%c10 = arith.constant 10 : index",
            "%t = arith.muli %i, %c10 : index",
            "%s = arith.addi %t, %j : index",
            "%v = arith.index_cast %s : index to i64",
            "%w = arith.addi %v, %out : i64",
            "linalg.yield %w : i64",
        ),
        aliases=f"#id2i = {ID2}",
    ),
    case(
        "@affine_indices(%x: f32[3,4,4,20,3], %y: f32[5,6])",
        generic("#ex, #id2e", "parallel, parallel", "ins(%x : $x) outs(%y : $y)", *ADD_IN_TO_OUT),
        aliases=f"""
        #ex = affine_map<(d0, d1) -> ((d0 - 2) mod 3, (d1 - 3) floordiv 2 + 2,
                                     (d0 - d1) ceildiv 4 + 2, d0 - d1 + 7, (d0 * -1) floordiv -2)>
        #id2e = {ID2}""",
    ),
    case(
        "@scalar_input(%x: f32[n], %s: f32, %y: f32[n])",
        generic(
            "#id1, #scalar, #id1",
            "parallel",
            "ins(%x, %s : $x, $s) outs(%y : $y)",
            "%in: f32, %k: f32, %out: f32",
            "%p = arith.mulf %in, %k : f32",
            "linalg.yield %p : f32",
        ),
        aliases="#id1 = affine_map<(d0) -> (d0)>\n#scalar = affine_map<(d0) -> ()>",
    ),
    case(
        "@in_place(%x: f32[n])",
        generic("#id1p, #rev", "parallel", "ins(%x : $x) outs(%x : $x)", *ADD_IN_TO_OUT),
        aliases="#id1p = affine_map<(d0) -> (d0)>\n#rev = affine_map<(d0) -> (d0)>",
    ),
    case(
        "@strided_views(%x: f32[m,n], %y: f32[n,m])",
        """
        %c0 = arith.constant 0 : index
        %c1 = arith.constant 1 : index
        %c2 = arith.constant 2 : index
        %m = memref.dim %x, %c0 : $x
        %n = memref.dim %x, %c1 : $x
        %h = arith.ceildivsi %n, %c2 : index
        %v = memref.subview %x[0, 0][%m, %h][1, 2] : $x to memref<?x?xf32, strided<[?, 2]>>
        %w = memref.subview %y[0, 0][%h, %m][1, 1] : $y to memref<?x?xf32, strided<[?, 1]>>
        linalg.transpose ins(%v : memref<?x?xf32, strided<[?, 2]>>)
                         outs(%w : memref<?x?xf32, strided<[?, 1]>>) permutation = [1, 0]""",
    ),
    case(
        "@dense_layers(%x: f32[b,k], %w: f32[k,n], %bias: f32[n], %y: f32[b,n], %reps: index)",
        """
        %c0 = arith.constant 0 : index
        %c1 = arith.constant 1 : index
        %zero = arith.constant 0.0 : f32
        scf.for %r = %c0 to %reps step %c1 {
          linalg.fill ins(%zero : f32) outs(%y : $y)
          linalg.matmul ins(%x, %w : $x, $w) outs(%y : $y)
          linalg.generic {indexing_maps = [#bias, #id2d], iterator_types = ["parallel", "parallel"]}
              ins(%bias : $bias) outs(%y : $y) {
          ^bb0(%in: f32, %out: f32):
            %s = arith.addf %in, %out : f32
            %m = arith.maximumf %s, %zero : f32
            linalg.yield %m : f32
          }
        }""",
        aliases=f"#bias = affine_map<(d0, d1) -> (d1)>\n#id2d = {ID2}",
    ),
]

MODULE = "\n".join(case.text for case in CASES)
DTYPES = {"f32": np.float32, "f64": np.float64, "i8": np.int8, "i32": np.int32, "i64": np.int64}


def random_args(case: Case, rng: np.random.Generator) -> list:
    """Arguments for `case`: each size letter drawn from 0..5, values at random."""
    sizes: dict[str, int] = {}
    args = []
    for spec in case.args:
        if spec == "index":
            args.append(int(rng.integers(0, 3)))
            continue
        dtype, bracket, dims = spec.partition("[")
        shape = []
        for dim in filter(None, dims.rstrip("]").split(",")):
            shape.append(int(dim) if dim.isdigit() else sizes.setdefault(dim, rng.integers(6)))
        args.append(_values(DTYPES[dtype], shape if bracket else None, rng))
    return args


def _values(dtype, shape, rng: np.random.Generator):
    if np.issubdtype(dtype, np.floating):
        values = rng.standard_normal(shape if shape is not None else ()).astype(dtype)
    else:
        info = np.iinfo(dtype)
        values = rng.integers(max(info.min, -1000), min(info.max, 1000), shape, dtype=dtype)
    return values if shape is not None else dtype(values)


def lower(text: str, pass_name: str):
    module = parse(text)
    PassManager(parse_pipeline(f"builtin.module({pass_name})")).run(module)
    assert verify(module)
    return module


def _copies(args: list) -> list:
    return [a.copy() if isinstance(a, np.ndarray) else a for a in args]


def _assert_same(expected: list, got: list, what: str) -> None:
    for number, (want, have) in enumerate(zip(expected, got, strict=True)):
        assert np.asarray(want).dtype == np.asarray(have).dtype, (what, number)
        assert np.array_equal(want, have, equal_nan=True), (what, number, want, have)


@pytest.fixture(scope="module")
def original():
    return parse(MODULE)


@pytest.fixture(scope="module", params=PASSES)
def lowered(request):
    return request.param, lower(MODULE, request.param)


@pytest.fixture(scope="module")
def compiled(lowered):
    """The lowered module through irc.jit (its own lowering, then LLVM)."""
    return compile_module(print_op(lowered[1]))


# -- the loops agree with the linalg ops ------------------------------------------------------


def test_no_structured_op_is_left(lowered):
    pass_name, module = lowered
    names = {op.name for op in module.walk()}
    assert not {n for n in names if n.startswith("linalg.")}, pass_name
    assert ("scf.parallel" in names) == (pass_name == "convert-linalg-to-parallel-loops")


def test_nested_on_functions_gives_the_same_loops(lowered):
    pass_name, expected = lowered
    module = parse(MODULE)
    PassManager(parse_pipeline(f"builtin.module(func.func({pass_name}))")).run(module)
    assert print_op(module) == print_op(expected)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_interpreter_on_loops_matches_linalg(case, original, lowered):
    pass_name, module = lowered
    for seed in SEEDS:
        args = random_args(case, np.random.default_rng(seed))
        expected, got = _copies(args), _copies(args)
        run(original, case.name, *expected)
        run(module, case.name, *got)
        _assert_same(expected, got, f"{pass_name} @{case.name} seed {seed}")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_jit_of_loops_matches_interpreter(case, original, lowered, compiled):
    pass_name = lowered[0]
    function = compiled[case.name]
    for seed in SEEDS:
        args = random_args(case, np.random.default_rng(100 + seed))
        expected, got = _copies(args), _copies(args)
        run(original, case.name, *expected)
        function(*got)
        _assert_same(expected, got, f"jit after {pass_name} @{case.name} seed {seed}")


# -- what is left, and what cannot be lowered -------------------------------------------------

ON_TENSORS = """
func.func @on_tensors(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %r = linalg.copy ins(%x : tensor<?xf32>) outs(%y : tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}
"""

NEGATIVE_MOD = """
#m = affine_map<(d0) -> (d0 mod -3 + 2)>
#id = affine_map<(d0) -> (d0)>
func.func @negative_mod(%x: memref<3xf32>, %y: memref<5xf32>) {
  linalg.generic {indexing_maps = [#m, #id], iterator_types = ["parallel"]}
      ins(%x : memref<3xf32>) outs(%y : memref<5xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  return
}
"""


def _run_pass(text: str, pass_name: str):
    module = parse(text)
    engine = DiagnosticEngine()
    ok = PassManager(parse_pipeline(f"builtin.module({pass_name})")).run(module, engine)
    return ok, module, [(d.severity, d.message) for d in engine.diagnostics]


@pytest.mark.parametrize("pass_name", PASSES)
def test_ops_on_tensors_are_left_with_a_remark(pass_name):
    ok, module, diagnostics = _run_pass(ON_TENSORS, pass_name)
    assert ok
    assert [op.name for op in module.walk()].count("linalg.copy") == 1
    assert diagnostics == [("remark", "'linalg.copy' on tensors is left as is: bufferize it first")]


@pytest.mark.parametrize("pass_name", PASSES)
def test_mod_by_a_negative_constant_is_an_error(pass_name):
    ok, module, diagnostics = _run_pass(NEGATIVE_MOD, pass_name)
    assert not ok
    assert diagnostics == [
        (
            "error",
            "cannot lower 'linalg.generic' to loops: index expression d0 mod -3 + 2 has 'mod' "
            "by -3 (a positive constant is needed)",
        )
    ]


# -- the printed loops are MLIR's -------------------------------------------------------------


def _functions(text: str) -> dict[str, tuple[list[str], list[str]]]:
    """Per function: (its index constants, sorted; its other lines), with the lines
    before the first function (map aliases) left out."""
    functions: dict[str, tuple[list[str], list[str]]] = {}
    current = None
    for line in text.splitlines():
        found = re.search(r"func\.func @(\w+)", line)
        if found:
            current = functions.setdefault(found.group(1), ([], []))
        if current is None or not line.strip():
            continue
        constant = "arith.constant" in line and line.rstrip().endswith(": index")
        (current[0] if constant else current[1]).append(line.strip())
    return {name: (sorted(constants), rest) for name, (constants, rest) in functions.items()}


@needs_iree
@pytest.mark.parametrize("pass_name", PASSES)
def test_filecheck_input_lowers_as_mlir_does(pass_name):
    """Line for line what iree-opt prints on the pass's FileCheck input, but for the order
    of the index constants and a function where MLIR keeps an affine.apply (irc writes
    arith there)."""
    text = (FILECHECK / f"{pass_name}.mlir").read_text()
    ours = _functions(print_op(lower(text, pass_name)))
    theirs = _functions(iree_opt(text, f"--{pass_name}"))
    assert ours.keys() == theirs.keys()
    skipped = []
    for name, (constants, lines) in theirs.items():
        if any("affine.apply" in line for line in lines):
            skipped.append(name)
            continue
        assert ours[name] == (constants, lines), name
    assert skipped == (["affine_indices"] if pass_name == "convert-linalg-to-loops" else [])


# -- random generics --------------------------------------------------------------------------

RANDOM_SEEDS = range(60)


def _random_expr(rng: random.Random, loops: int) -> affine.AffineExpr:
    """A loop dim (most often), a dim plus a constant, a constant, a sum of dims, a
    doubled dim, or a dim divided or reduced by 2."""
    first, second = affine.Dim(rng.randrange(loops)), affine.Dim(rng.randrange(loops))
    constant = rng.randrange(3)
    forms = [
        first,
        first,
        first,
        first + constant,
        affine.Constant(constant),
        first + second,
        first * 2,
        affine.binary("floordiv", first, affine.Constant(2)),
        affine.binary("mod", first, affine.Constant(2)),
        affine.binary("ceildiv", first + 1, affine.Constant(2)),
    ]
    return rng.choice(forms)


def _extents(amap: affine.AffineMap, sizes: list[int]) -> list[int]:
    """The size each operand dimension needs: one past the largest index it reaches."""
    points = [amap.evaluate(list(p)) for p in itertools.product(*[range(n) for n in sizes])]
    return [max(point[d] for point in points) + 1 for d in range(len(amap.results))]


def random_generic(seed: int) -> tuple[str, tuple[str, ...]]:
    """A function holding one random linalg.generic on memrefs, with the `Case` argument
    specs of its operands: 1-3 loops of random kinds, 0-2 inputs (a rank-0 one may be a
    scalar), 1-2 outputs, random maps (one operand holds every loop dim, so the maps are
    invertible), some `?` sizes, a body summing the elements (and maybe a loop index)."""
    rng = random.Random(seed)
    loops = rng.randrange(1, 4)
    sizes = [rng.randrange(1, 4) for _ in range(loops)]
    kinds = [rng.choice(["parallel", "parallel", "reduction"]) for _ in range(loops)]
    inputs, outputs = rng.randrange(0, 3), rng.randrange(1, 3)
    results = [
        [_random_expr(rng, loops) for _ in range(rng.randrange(0, 3))]
        for _ in range(inputs + outputs)
    ]
    cover = rng.randrange(inputs + outputs)
    results[cover] = [affine.Dim(i) for i in rng.sample(range(loops), loops)] + results[cover]
    maps = [affine.AffineMap(loops, 0, tuple(r)) for r in results]
    types, specs = [], []
    for number, amap in enumerate(maps):
        extents = _extents(amap, sizes)
        if not extents and number < inputs and rng.random() < 0.5:
            types.append("f32")
            specs.append("f32")
            continue
        shown = ["?" if rng.random() < 0.3 else str(n) for n in extents]
        types.append("memref<" + "".join(f"{s}x" for s in shown) + "f32>")
        specs.append("f32[" + ",".join(str(n) for n in extents) + "]")
    map_texts = [f"affine_map<{affine.map_text(m)}>" for m in maps]
    return _generic_text(seed, rng, map_texts, kinds, types, inputs), tuple(specs)


def _generic_text(seed: int, rng: random.Random, maps, kinds, types, inputs: int) -> str:
    names = [f"%a{n}" for n in range(len(types))]
    body = []
    total = "%x0"
    for n in range(1, inputs):
        body.append(f"%s{n} = arith.addf {total}, %x{n} : f32")
        total = f"%s{n}"
    if rng.random() < 0.5:
        dim = rng.randrange(len(kinds))
        body += [
            f"%i = linalg.index {dim} : index",
            "%i64 = arith.index_cast %i : index to i64",
            "%fi = arith.sitofp %i64 : i64 to f32",
        ]
        total = "%fi" if not inputs else total
        if inputs:
            body.append(f"%t = arith.addf {total}, %fi : f32")
            total = "%t"
    yields = []
    for n in range(inputs, len(types)):
        body.append(f"%y{n} = arith.addf %x{n}, {total} : f32")
        yields.append(f"%y{n}")
    args = ", ".join(f"{name}: {t}" for name, t in zip(names, types, strict=True))
    block = ", ".join(f"%x{n}: f32" for n in range(len(types)))
    ins = f"ins({', '.join(names[:inputs])} : {', '.join(types[:inputs])}) " if inputs else ""
    outs = f"outs({', '.join(names[inputs:])} : {', '.join(types[inputs:])})"
    iterators = ", ".join(f'"{k}"' for k in kinds)
    lines = "\n".join(f"    {line}" for line in body)
    return (
        f"func.func @g{seed}({args}) {{\n"
        f"  linalg.generic {{indexing_maps = [{', '.join(maps)}], iterator_types = "
        f"[{iterators}]}} {ins}{outs} {{\n"
        f"  ^bb0({block}):\n{lines}\n"
        f"    linalg.yield {', '.join(yields)} : {', '.join(['f32'] * len(yields))}\n"
        f"  }}\n  return\n}}\n"
    )


@pytest.fixture(scope="module")
def random_cases() -> list[Case]:
    return [Case(specs, text) for text, specs in map(random_generic, RANDOM_SEEDS)]


@pytest.mark.parametrize("pass_name", PASSES)
def test_random_generics_keep_their_results(pass_name, random_cases):
    """The interpreter on the generic, on its loops, and the JIT on its loops agree."""
    text = "\n".join(case.text for case in random_cases)
    original, module = parse(text), lower(text, pass_name)
    compiled = compile_module(print_op(module))
    for case in random_cases:
        function = compiled[case.name]
        args = random_args(case, np.random.default_rng(7))
        expected, interpreted, jitted = _copies(args), _copies(args), _copies(args)
        run(original, case.name, *expected)
        run(module, case.name, *interpreted)
        function(*jitted)
        _assert_same(expected, interpreted, f"{pass_name}\n{case.text}")
        _assert_same(expected, jitted, f"jit after {pass_name}\n{case.text}")
