"""Random linalg.generic ops: irc's verifier accepts and rejects what iree-opt does, with
the same first message for each op, and the interpreter runs those both accept against
an index-loop reference.

Each op gets random loops, iterator types and maps (a loop dim, a dim plus a constant,
a constant, or nothing for a scalar), shapes derived from loop sizes and then sometimes
disturbed (a size off by one, a dynamic size, a rank too many), so the rules of the
structured verifier (map counts, invertibility, ranks, static shapes, block arguments)
all come up. Skipped when iree-opt is not installed.
"""

from __future__ import annotations

import itertools
import random
import re

import numpy as np
import pytest

from irc.frontend.parser import parse
from irc.ir import affine
from irc.ir.diagnostics import DiagnosticEngine
from irc.ir.verifier import verify
from irc.runtime.interpreter import run
from irc.tools.irc_opt import run as irc_opt_run
from tests.test_mlir_agreement import IREE_OPT, iree_opt

SEEDS = range(300)


def _random_map(rng: random.Random, loops: int) -> list[str]:
    rank = rng.choice([0, 1, 1, 2, 2, 3])
    results = []
    for _ in range(rank):
        kind = rng.random()
        dim = rng.randrange(loops) if loops else None
        if dim is None or kind < 0.1:
            results.append(str(rng.randrange(3)))
        elif kind < 0.25:
            results.append(f"d{dim} + {rng.randrange(1, 3)}")
        else:
            results.append(f"d{dim}")
    return results


def _size_of(expr: str, sizes: list[int]) -> int:
    """The smallest operand size that holds the expression over the loop ranges."""
    parsed = re.fullmatch(r"d(\d+)(?: \+ (\d+))?|(\d+)", expr)
    if parsed.group(3) is not None:
        return int(parsed.group(3)) + 1
    return sizes[int(parsed.group(1))] + int(parsed.group(2) or 0)


def random_generic(seed: int, disturb: bool = True) -> tuple[str, list[tuple[int, ...]]]:
    """A function holding one random linalg.generic on tensors of f32, and the shapes
    of its operands (ins then the out); without `disturb`, shapes fit the loops."""
    rng = random.Random(seed)
    loops = rng.randrange(0, 4)
    sizes = [rng.randrange(1, 4) for _ in range(loops)]
    iterators = [rng.choice(["parallel", "parallel", "reduction"]) for _ in range(loops)]
    count = rng.randrange(1, 4)
    maps = [_random_map(rng, loops) for _ in range(count)]
    if disturb and rng.random() < 0.1:
        maps.append(maps[0])  # one map too many
    map_dims = loops + (1 if disturb and rng.random() < 0.05 else 0)
    shapes = []
    for results in maps[:count]:
        shape = [_size_of(r, sizes) for r in results]
        chance = rng.random() if disturb else 1.0
        if chance < 0.1 and shape:
            shape[rng.randrange(len(shape))] += 1
        elif chance < 0.15:
            shape.append(2)
        shapes.append(tuple(shape))
    dynamic = disturb and rng.random() < 0.1
    types = [
        "tensor<" + "".join(("?" if dynamic else str(n)) + "x" for n in shape) + "f32>"
        for shape in shapes
    ]
    dims = ", ".join(f"d{i}" for i in range(map_dims))
    map_text = ", ".join(f"affine_map<({dims}) -> ({', '.join(r)})>" for r in maps)
    iterator_text = ", ".join(f'"{t}"' for t in iterators)
    ins, out = types[:-1], types[-1]
    args = ", ".join(f"%a{i}: {t}" for i, t in enumerate(types))
    names = [f"%a{i}" for i in range(len(types))]
    block = ", ".join(f"%x{i}: f32" for i in range(len(types)))
    ins_text = f"ins({', '.join(names[:-1])} : {', '.join(ins)}) " if ins else ""
    value = "%x0" if len(types) == 1 else f"%s{seed}"
    body = "" if len(types) == 1 else f"    {value} = arith.addf %x0, %x{len(types) - 1} : f32\n"
    text = (
        f"func.func @f{seed}({args}) -> {out} {{\n"
        f"  %r = linalg.generic {{indexing_maps = [{map_text}], iterator_types = "
        f"[{iterator_text}]}} {ins_text}outs({names[-1]} : {out}) {{\n"
        f"  ^bb0({block}):\n{body}    linalg.yield {value} : f32\n"
        f"  }} -> {out}\n"
        f"  return %r : {out}\n}}\n"
    )
    return text, shapes


def first_errors(output: str) -> dict[int, str]:
    """The first error message of each line, from a -split-input-file run's stderr."""
    found: dict[int, str] = {}
    for line, message in re.findall(r"\.mlir:(\d+):\d+: error: (.*)", output):
        found.setdefault(int(line), message)
    return found


@pytest.mark.skipif(IREE_OPT is None, reason="iree-opt not installed")
def test_random_generics_are_verified_as_mlir_verifies_them(tmp_path):
    path = tmp_path / "random.mlir"
    path.write_text("// -----\n".join(random_generic(seed)[0] for seed in SEEDS))
    theirs = first_errors(iree_opt(["-split-input-file", str(path)]).stderr)
    code, _, err = irc_opt_run(["-split-input-file", str(path)], "")
    ours = first_errors(err)
    assert ours == theirs
    assert 10 < len(theirs) < len(SEEDS) - 10  # both verdicts come up


def _reference(maps: list[affine.AffineMap], shapes, arrays: list[np.ndarray]) -> np.ndarray:
    """The op computed with explicit loops: out = in0 + out per point (out alone yields
    itself); each loop's size is the first operand size indexed by exactly its dim."""
    loops = [0] * maps[0].num_dims
    for amap, shape in zip(maps, shapes, strict=True):
        for expr, size in zip(amap.results, shape, strict=True):
            if isinstance(expr, affine.Dim) and not loops[expr.position]:
                loops[expr.position] = size
    out = arrays[-1].copy()
    for point in itertools.product(*[range(n) for n in loops]):
        if len(arrays) > 1:
            where = [amap.evaluate(list(point)) for amap in maps]
            out[where[-1]] = np.float32(arrays[0][where[0]] + out[where[-1]])
    return out


def test_random_generics_run_as_their_loops():
    """The first 25 valid ops of the undisturbed ones, against the loops."""
    ran = 0
    for seed in range(400):
        text, shapes = random_generic(seed, disturb=False)
        module = parse(text, "random.mlir")
        if not verify(module, DiagnosticEngine()):
            continue
        rng = np.random.default_rng(seed)
        arrays = [rng.standard_normal(shape).astype(np.float32) for shape in shapes]
        (result,) = run(module, f"f{seed}", *arrays)
        generic = next(op for op in module.walk() if op.name == "linalg.generic")
        expected = _reference(generic.indexing_maps(), shapes, arrays)
        np.testing.assert_array_equal(result, expected, err_msg=text)
        ran += 1
        if ran == 25:
            return
    pytest.fail(f"only {ran} valid random ops")


def _tensor(shape) -> str:
    return "tensor<" + "".join(f"{n}x" for n in shape) + "f32>"


def random_named(seed: int) -> str:
    """One random reduce, transpose, broadcast, map or matmul whose shapes are often,
    not always, right."""
    rng = random.Random(seed)
    rank = rng.randrange(1, 4)
    shape = [rng.randrange(1, 4) for _ in range(rank)]

    def wobble(sizes):
        sizes = list(sizes)
        if sizes and rng.random() < 0.2:
            sizes[rng.randrange(len(sizes))] += 1
        if rng.random() < 0.1:
            sizes.append(2)
        return sizes

    kind = rng.choice(["reduce", "transpose", "broadcast", "map", "matmul"])
    if kind == "reduce":
        dims = sorted(rng.sample(range(rank + 1), rng.randrange(0, rank + 1)))
        out = wobble([n for d, n in enumerate(shape) if d not in dims])
        op = (
            f"linalg.reduce {{ arith.addf }} ins(%a : {_tensor(shape)}) "
            f"outs(%b : {_tensor(out)}) dimensions = {dims}"
        )
    elif kind == "transpose":
        perm = rng.sample(range(rank), rank)
        if rng.random() < 0.2:
            perm[0] = perm[-1]
        out = wobble([shape[p] for p in perm if p < rank])
        op = (
            f"linalg.transpose ins(%a : {_tensor(shape)}) outs(%b : {_tensor(out)}) "
            f"permutation = {perm}"
        )
    elif kind == "broadcast":
        out_rank = rank + rng.randrange(0, 3)
        dims = sorted(rng.sample(range(out_rank + 1), out_rank - rank))
        kept = iter(shape)
        out = wobble([rng.randrange(1, 4) if d in dims else next(kept, 1) for d in range(out_rank)])
        op = (
            f"linalg.broadcast ins(%a : {_tensor(shape)}) outs(%b : {_tensor(out)}) "
            f"dimensions = {dims}"
        )
    elif kind == "map":
        op = (
            f"linalg.map {{ arith.addf }} ins(%a, %a : {_tensor(shape)}, {_tensor(shape)}) "
            f"outs(%b : {_tensor(wobble(shape))})"
        )
    else:
        m, n, k = (rng.randrange(1, 4) for _ in range(3))
        a, b, c = wobble([m, k]), wobble([k, n]), wobble([m, n])
        op = (
            f"linalg.matmul ins(%a, %x : {_tensor(a)}, {_tensor(b)}) outs(%b : {_tensor(c)}) "
            f"-> {_tensor(c)}"
        )
        shape = a
        out = c
        return (
            f"func.func @f{seed}(%a: {_tensor(a)}, %x: {_tensor(b)}, %b: {_tensor(c)}) {{\n"
            f"  %r = {op}\n  return\n}}\n"
        )
    out_type = op.split("outs(%b : ")[1].split(")")[0]
    return (
        f"func.func @f{seed}(%a: {_tensor(shape)}, %b: {out_type}) {{\n  %r = {op}\n  return\n}}\n"
    )


@pytest.mark.skipif(IREE_OPT is None, reason="iree-opt not installed")
def test_random_named_ops_are_verified_as_mlir_verifies_them(tmp_path):
    path = tmp_path / "named.mlir"
    path.write_text("// -----\n".join(random_named(seed) for seed in range(300)))
    theirs = first_errors(iree_opt(["-split-input-file", str(path)]).stderr)
    code, _, err = irc_opt_run(["-split-input-file", str(path)], "")
    assert first_errors(err) == theirs
    assert 20 < len(theirs) < 280
