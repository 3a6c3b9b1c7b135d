"""Random view ops against MLIR: subview, collapse_shape, expand_shape and cast over random
shapes and layouts (none, strided, affine maps with and without symbols). For every case,
irc and iree-opt report the same diagnostic on the same line, or both accept it; the
accepted cases print the same, custom and generic. Skipped without iree-opt."""

from __future__ import annotations

import math
import random

import pytest

from tests.dialects import fuzz
from tests.dialects.agreement import needs_iree_opt

pytestmark = needs_iree_opt


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, *choices):
        return self.rng.choice(choices)

    def layout(self, rank: int) -> str:
        kind = self.rng.random()
        if kind < 0.4:
            return ""
        if kind < 0.8:
            strides = ", ".join(
                self.pick("?", "1", "2", "3", "4", "8", "16", "0") for _ in range(rank)
            )
            offset = self.pick("", ", offset: ?", ", offset: 3", ", offset: 0")
            return f", strided<[{strides}]{offset}>"
        if rank == 0:
            return ""
        dims = ", ".join(f"d{i}" for i in range(rank))
        expr = " + ".join(f"d{i} * {self.pick(1, 2, 4, 8)}" for i in range(rank))
        if self.rng.random() < 0.3:
            return f", affine_map<({dims})[s0] -> ({expr} + s0)>"
        return f", affine_map<({dims}) -> ({expr})>"

    def memref(self, shape: list[str], layout: bool = True) -> str:
        dims = "".join(f"{d}x" for d in shape)
        return f"memref<{dims}f32{self.layout(len(shape)) if layout else ''}>"

    def case(self) -> str:
        shape = [
            self.pick("?", "1", "2", "3", "4", "6", "8") for _ in range(self.rng.randint(1, 3))
        ]
        source = self.memref(shape)
        kind = self.pick("subview", "collapse", "expand", "cast")
        line = getattr(self, kind)(shape, source)
        return f"func.func @f(%m: {source}, %i: index) {{\n  {line}\n  return\n}}"

    def subview(self, shape, source) -> str:
        offsets = [self.pick("0", "1", "%i") for _ in shape]
        sizes = [self.pick("1", "2", "%i") for _ in shape]
        strides = [self.pick("1", "2", "%i") for _ in shape]
        result = ["?" if s == "%i" else s for s in sizes]
        if self.rng.random() < 0.4:
            result = [s for s in result if s != "1" or self.rng.random() < 0.5]
        lists = " ".join(f"[{', '.join(x)}]" for x in (offsets, sizes, strides))
        return f"%0 = memref.subview %m{lists} : {source} to {self.memref(result)}"

    def collapse(self, shape, source) -> str:
        groups = [[0]]
        for dim in range(1, len(shape)):
            if self.rng.random() < 0.5:
                groups[-1].append(dim)
            else:
                groups.append([dim])
        result = []
        for group in groups:
            sizes = [shape[d] for d in group]
            result.append("?" if "?" in sizes else str(math.prod(int(s) for s in sizes)))
        return f"%0 = memref.collapse_shape %m {groups} : {source} into {self.memref(result)}"

    def expand(self, shape, source) -> str:
        groups, result, start = [], [], 0
        for size in shape:
            count = self.rng.randint(1, 2)
            groups.append(list(range(start, start + count)))
            start += count
            if size == "?":
                result += ["?"] + ["2"] * (count - 1)
            elif count == 2 and int(size) % 2 == 0 and self.rng.random() < 0.5:
                result += ["2", str(int(size) // 2)]
            else:
                result += [size] + ["1"] * (count - 1)
        output = ", ".join("%i" if s == "?" else s for s in result)
        return (
            f"%0 = memref.expand_shape %m {groups} output_shape [{output}] : {source} into "
            f"{self.memref(result)}"
        )

    def cast(self, shape, source) -> str:
        result = [self.pick(s, "?") for s in shape]
        return f"%0 = memref.cast %m : {source} to {self.memref(result)}"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_views_agree_with_mlir(seed: int):
    fuzz.check_agrees_with_mlir(_Generator(seed).case)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4, 60))
def test_many_random_views_agree_with_mlir(seed: int):
    fuzz.check_agrees_with_mlir(_Generator(seed).case)
