"""symbol-dce agrees with MLIR's -symbol-dce on hand-written and random call graphs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from irc.frontend.parser import parse
from irc.passes.symbol_dce import symbol_uses
from tests.passes.programs import IREE_OPT, apply, iree_opt, normalized

needs_iree = pytest.mark.skipif(IREE_OPT is None, reason="iree-opt not installed")
FILECHECK_INPUT = Path(__file__).parents[1] / "filecheck" / "symbol-dce.mlir"
VISIBILITIES = ("", "private ", "private ", "nested ")


def random_module(seed: int) -> str:
    """Functions of random visibility calling each other, some in nested modules."""
    rng = random.Random(seed)
    names = [f"f{i}" for i in range(12)]

    def function(name: str, callees: list[str], indent: str) -> str:
        visibility = rng.choice(VISIBILITIES)
        calls = "".join(f"{indent}  func.call @{c}() : () -> ()\n" for c in callees)
        return f"{indent}func.func {visibility}@{name}() {{\n{calls}{indent}  return\n{indent}}}\n"

    lines = [function(n, rng.sample(names, rng.randint(0, 3)), "") for n in names]
    for m in range(2):
        visibility = rng.choice(("public", "private", "nested"))
        inner = [f"g{m}{i}" for i in range(4)]
        body = "".join(function(n, rng.sample(inner, rng.randint(0, 2)), "  ") for n in inner)
        lines.append(
            f'"builtin.module"() <{{sym_name = "m{m}", sym_visibility = "{visibility}"}}> '
            f"({{\n{body}}}) : () -> ()\n"
        )
    refs = [f"@m{rng.randrange(2)}::@g{rng.randrange(2)}{rng.randrange(4)}"]
    refs.append(f"@{rng.choice(names)}")
    lines.append(f'"test.refs"() {{refs = [{", ".join(refs)}]}} : () -> ()\n')
    return "".join(lines)


@needs_iree
def test_agrees_with_mlir_on_the_filecheck_input():
    text = FILECHECK_INPUT.read_text().split("// -----")[0]
    ours = apply(text, "--allow-unregistered-dialect", "-symbol-dce")
    assert normalized(ours) == normalized(iree_opt(text, "--symbol-dce"))


@needs_iree
@pytest.mark.parametrize("seed", range(20))
def test_agrees_with_mlir_on_random_call_graphs(seed):
    text = random_module(seed)
    ours = apply(text, "--allow-unregistered-dialect", "-symbol-dce")
    assert normalized(ours) == normalized(iree_opt(text, "--symbol-dce"))


@needs_iree
def test_nested_pipeline_keeps_nested_symbols():
    """Run on a nested module, `nested` symbols may be used from the parent: they stay."""
    text = """
module {
  "builtin.module"() <{sym_name = "m", sym_visibility = "nested"}> ({
    func.func nested @kept() { return }
    func.func private @dropped() { return }
  }) : () -> ()
}
"""
    flags = ("--pass-pipeline=builtin.module(builtin.module(symbol-dce))",)
    ours = apply(text, *flags)
    assert "@kept" in ours and "@dropped" not in ours
    assert normalized(ours) == normalized(iree_opt(text, *flags))


def test_unknown_symbol_table_is_an_error():
    from irc.tools.irc_opt import run

    text = '"test.region"() ({\n  func.func private @p() { return }\n}) : () -> ()\n'
    code, _, err = run(["-", "--allow-unregistered-dialect", "-symbol-dce"], text)
    assert code != 0
    assert "potentially unknown symbol table" in err


def test_uses_do_not_look_into_nested_tables():
    module = parse(
        'module {\n module @a attributes {r = @x} {\n  "test.u"() {r = @y} : () -> ()\n}\n}\n',
        allow_unregistered=True,
    )
    inner = module.body.first
    assert [ref.root for ref in symbol_uses(inner)] == ["x"]
    assert [ref.root for ref in symbol_uses(inner.body.first)] == ["y"]
    assert symbol_uses(module) == []
