"""Random shape ops against MLIR: extract_slice, insert_slice (rank-reducing or not),
collapse_shape, expand_shape, concat, pad, cast, reshape, gather and scatter over random
shapes, static and dynamic. For every case, irc and iree-opt report the same diagnostic on
the same line, or both accept it; the accepted cases print the same, custom and generic.
Skipped without iree-opt."""

from __future__ import annotations

import math
import random

import pytest

from tests.dialects import fuzz
from tests.dialects.agreement import needs_iree_opt

pytestmark = needs_iree_opt


def tensor(shape) -> str:
    return "tensor<" + "".join(f"{d}x" for d in shape) + "f32>"


def listed(values) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, *choices):
        return self.rng.choice(choices)

    def shape(self, rank: int) -> list:
        return [self.pick("?", 0, 1, 2, 3, 4) for _ in range(rank)]

    def case(self) -> str:
        kind = self.pick(
            "slice",
            "insert",
            "collapse",
            "expand",
            "concat",
            "pad",
            "cast",
            "reshape",
            "gather",
            "elements",
        )
        source = self.shape(self.rng.randint(0, 3))
        args, line = getattr(self, kind)(source)
        return f"func.func @f({args}) {{\n  {line}\n  return\n}}"

    def window(self, rank: int):
        offsets = [self.pick("%i", 0, 1, 2, 4) for _ in range(rank)]
        sizes = [self.pick("%i", 0, 1, 1, 2, 3) for _ in range(rank)]
        strides = [self.pick("%i", 1, 1, 2) for _ in range(rank)]
        result = ["?" if s == "%i" else s for s in sizes]
        if self.rng.random() < 0.5:  # rank-reducing: drop some unit sizes
            result = [s for s in result if not (s == 1 and self.rng.random() < 0.7)]
        if self.rng.random() < 0.2:
            result = self.shape(self.rng.randint(0, 3))
        return f"{listed(offsets)} {listed(sizes)} {listed(strides)}", result

    def slice(self, source):
        lists, result = self.window(len(source))
        line = f"%0 = tensor.extract_slice %t{lists} : {tensor(source)} to {tensor(result)}"
        return f"%t: {tensor(source)}, %i: index", line

    def insert(self, dest):
        lists, source = self.window(len(dest))
        line = f"%0 = tensor.insert_slice %s into %t{lists} : {tensor(source)} into {tensor(dest)}"
        return f"%t: {tensor(dest)}, %s: {tensor(source)}, %i: index", line

    def reassociation(self):
        """A random expanded shape, its groups (sometimes not covering it) and a collapsed
        shape that fits them (sometimes spoiled)."""
        expanded = self.shape(self.rng.randint(0, 4))
        groups, group = [], []
        for dim in range(len(expanded)):
            group.append(dim)
            if self.rng.random() < 0.5:
                groups.append(group)
                group = []
        if group:
            groups.append(group)
        if groups and self.rng.random() < 0.15:
            groups.pop()
        collapsed = []
        for group in groups:
            sizes = [expanded[d] for d in group]
            collapsed.append("?" if "?" in sizes else math.prod(sizes))
        if collapsed and self.rng.random() < 0.3:
            collapsed[self.rng.randrange(len(collapsed))] = self.pick("?", 3)
        return expanded, groups, collapsed

    def collapse(self, _):
        expanded, groups, collapsed = self.reassociation()
        line = (
            f"%0 = tensor.collapse_shape %t {groups} : {tensor(expanded)} into {tensor(collapsed)}"
        )
        return f"%t: {tensor(expanded)}", line

    def expand(self, _):
        expanded, groups, collapsed = self.reassociation()
        output = ["%i" if d == "?" else d for d in expanded]
        if output and self.rng.random() < 0.2:
            output[0] = self.pick("%i", 2)
        line = (
            f"%0 = tensor.expand_shape %t {groups} output_shape {listed(output)} : "
            f"{tensor(collapsed)} into {tensor(expanded)}"
        )
        return f"%t: {tensor(collapsed)}, %i: index", line

    def concat(self, first):
        second = self.shape(len(first)) if self.rng.random() < 0.8 else self.shape(2)
        dim = self.rng.randint(0, max(len(first), 1))
        result = [
            ("?" if "?" in (a, b) else a + b) if index == dim else a
            for index, (a, b) in enumerate(zip(first, second, strict=False))
        ]
        if self.rng.random() < 0.5:
            result = self.shape(len(first))
        types = f"({tensor(first)}, {tensor(second)}) -> {tensor(result)}"
        line = f"%0 = tensor.concat dim({dim}) %a, %b : {types}"
        return f"%a: {tensor(first)}, %b: {tensor(second)}", line

    def pad(self, source):
        low = [self.pick("%i", 0, 1, 2) for _ in source]
        high = [self.pick("%i", 0, 1, 2) for _ in source]
        result = [
            "?" if "?" in (s, a, b) or "%i" in (a, b) else s + a + b
            for s, a, b in zip(source, low, high, strict=True)
        ]
        if self.rng.random() < 0.5:
            result = self.shape(len(source))
        block = ", ".join(f"%a{d}: index" for d in range(len(source)))
        line = (
            f"%0 = tensor.pad %t low{listed(low)} high{listed(high)} {{\n  ^bb0({block}):\n"
            f"    tensor.yield %v : f32\n  }} : {tensor(source)} to {tensor(result)}"
        )
        return f"%t: {tensor(source)}, %i: index, %v: f32", line

    def cast(self, source):
        result = [self.pick(d, "?") for d in source]
        if self.rng.random() < 0.3:
            result = self.shape(self.rng.randint(0, 3))
        return (
            f"%t: {tensor(source)}",
            f"%0 = tensor.cast %t : {tensor(source)} to {tensor(result)}",
        )

    def reshape(self, source):
        length = self.pick(len(source), 1, 2, "?")
        result = self.shape(2 if length == "?" else length)
        shape = f"tensor<{length}xindex>"
        line = f"%0 = tensor.reshape %t(%s) : ({tensor(source)}, {shape}) -> {tensor(result)}"
        return f"%t: {tensor(source)}, %s: {shape}", line

    def gather(self, source):
        count = min(self.rng.randint(0, 2), len(source) + 1)
        dims = sorted(self.rng.sample(range(len(source) + 1), count))
        if self.rng.random() < 0.1:
            dims.reverse()
        batch = self.shape(self.rng.randint(0, 2))
        indices = [*batch, self.pick(len(dims), len(dims), len(dims), 1, "?")]
        kept = [1 if d in dims else n for d, n in enumerate(source)]
        if self.rng.random() < 0.4:
            kept = [n for d, n in enumerate(source) if d not in dims]
        result = [*batch, *kept] if self.rng.random() < 0.8 else self.shape(2)
        index_type = "tensor<" + "".join(f"{d}x" for d in indices) + "index>"
        listed_dims = listed(dims)
        if self.rng.random() < 0.5:
            types = f"({tensor(source)}, {index_type}) -> {tensor(result)}"
            line = f"%0 = tensor.gather %t[%i] gather_dims({listed_dims}) : {types}"
            return f"%t: {tensor(source)}, %i: {index_type}", line
        unique = self.pick(" unique", " unique", "")
        types = f"({tensor(result)}, {tensor(source)}, {index_type}) -> {tensor(source)}"
        line = f"%0 = tensor.scatter %s into %t[%i] scatter_dims({listed_dims}){unique} : {types}"
        return f"%t: {tensor(source)}, %s: {tensor(result)}, %i: {index_type}", line

    def elements(self, source):
        """extract, insert, empty, splat, from_elements and bitcast with random counts."""
        count = max(0, len(source) + self.pick(0, 0, 0, 1, -1))
        indices = ", ".join(["%i"] * count)
        result = self.shape(self.rng.randint(0, 2))
        dynamic = ", ".join(["%i"] * max(0, result.count("?") + self.pick(0, 0, 1, -1)))
        element = self.pick("f32", "f32", "i32", "f64")
        splat_sizes = f"[{dynamic}]" if dynamic else ""
        cast_type = tensor(result)[: -len("f32>")] + element + ">"
        lines = {
            "extract": f"%0 = tensor.extract %t[{indices}] : {tensor(source)}",
            "insert": f"%0 = tensor.insert %v into %t[{indices}] : {tensor(source)}",
            "empty": f"%0 = tensor.empty({dynamic}) : {tensor(result)}",
            "splat": f"%0 = tensor.splat %v{splat_sizes} : {tensor(result)}",
            "from_elements": f"%0 = tensor.from_elements %v, %v : {tensor(result)}",
            "bitcast": f"%0 = tensor.bitcast %t : {tensor(source)} to {cast_type}",
        }
        line = lines[self.pick(*lines)]
        return f"%t: {tensor(source)}, %i: index, %v: f32", line

    def generate(self, result):
        dynamic = ", ".join(["%i"] * max(0, result.count("?") + self.pick(0, 0, 0, 1, -1)))
        rank = max(0, len(result) + self.pick(0, 0, 0, 1, -1))
        block = ", ".join(
            f"%a{d}: {self.pick('index', 'index', 'index', 'i32')}" for d in range(rank)
        )
        value, value_type = self.pick(("%v", "f32"), ("%v", "f32"), ("%n", "i32"))
        line = (
            f"%0 = tensor.generate {dynamic} {{\n  ^bb0({block}):\n"
            f"    tensor.yield {value} : {value_type}\n  }} : {tensor(result)}"
        )
        return "%i: index, %v: f32, %n: i32", line


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_shape_ops_agree_with_mlir(seed: int):
    fuzz.check_agrees_with_mlir(_Generator(seed).case)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4, 60))
def test_many_random_shape_ops_agree_with_mlir(seed: int):
    fuzz.check_agrees_with_mlir(_Generator(seed).case)
