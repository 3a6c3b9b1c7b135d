"""Tests of benchmarks/parse_print.py's input generator and runner (fast; no timing assertions)."""

from __future__ import annotations

import re
import shutil

import pytest

import irc
from benchmarks import parse_print
from benchmarks.parse_print import generate
from irc.ir.location import UNKNOWN

LOC_RE = re.compile(r' loc\("bench\.mlir":\d+:\d+\)')


def function_ops(module):
    """The ops inside the generated func.func (nested ones included), and the func itself."""
    (func,) = module.regions[0].blocks[0].ops
    assert func.name == "func.func"
    return func, [op for op in func.walk() if op is not func]


def test_generate_is_deterministic():
    assert generate(300) == generate(300)
    assert generate(300, seed=1) == generate(300, seed=1)
    assert generate(300, seed=1) != generate(300, seed=2)


@pytest.mark.parametrize("n_ops", [1, 2, 5, 17, 500, 2000])
@pytest.mark.parametrize("seed", [0, 7])
def test_op_count_is_exact(n_ops, seed):
    module = irc.parse(generate(n_ops, seed), "bench.mlir", allow_unregistered=True)
    func, ops = function_ops(module)
    assert len(ops) == n_ops
    assert ops[-1].name == "func.return"


def test_rejects_an_empty_function():
    with pytest.raises(ValueError):
        generate(0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_round_trip_through_irc(seed):
    text = generate(2000, seed)
    module = irc.parse(text, "bench.mlir", allow_unregistered=True)
    if parse_print.verifier_available():
        irc.verify(module)
    printed = irc.print_ir(module, generic=True)
    reparsed = irc.parse(printed, "printed.mlir", allow_unregistered=True)
    assert irc.print_ir(reparsed, generic=True) == printed


def test_about_one_op_in_ten_is_nested():
    for seed in range(3):
        assert 0.06 <= parse_print.nested_share(5000, seed) <= 0.14
    # The share that nested_share reports is the one the IR has.
    module = irc.parse(generate(3000, 4), "bench.mlir", allow_unregistered=True)
    func, ops = function_ops(module)
    body = func.regions[0].blocks[0]
    nested = sum(1 for op in ops if op.parent is not body)
    assert nested / len(ops) == pytest.approx(parse_print.nested_share(3000, 4))


def test_the_mix_of_ops():
    module = irc.parse(generate(3000), "bench.mlir", allow_unregistered=True)
    _, ops = function_ops(module)
    names = {op.name for op in ops}
    assert {"scf.for", "scf.if", "scf.yield", "arith.constant", "arith.cmpi", "arith.cmpf"} <= names
    assert {"arith.addf", "arith.addi", "arith.select", "bench.opaque"} <= names
    assert any(name.startswith("math.") for name in names)
    assert any(op.location is not UNKNOWN for op in ops)
    # Values are used only in the region that defines them or in regions nested in it.
    for op in ops:
        for result in op.results:
            for user in result.users:
                assert is_inside(user, op.parent_region)


def is_inside(op, region) -> bool:
    """Whether `op` lies in `region`, directly or in a region nested in it."""
    current = op.parent_region
    while current is not None:
        if current is region:
            return True
        current = current.parent.parent_region if current.parent is not None else None
    return False


@pytest.mark.parametrize("custom_share", [0.0, 0.3])
def test_locations_name_the_line_and_column_of_their_op(custom_share):
    """An explicit loc names where its op's name is, as MLIR locates an op without one."""
    text = generate(1000, custom_share=custom_share)
    lines = text.splitlines()
    found = 0
    for match in re.finditer(r'loc\("bench\.mlir":(\d+):(\d+)\)', text):
        found += 1
        line, column = int(match[1]), int(match[2])
        named = lines[line - 1][column - 1 :]
        assert named.startswith(
            ('"arith.', '"math.', '"scf.', '"bench.', '"func.', "arith.", "math.")
        )
    assert found > 100


def test_irc_locates_ops_where_the_explicit_locations_say():
    text = generate(3000)
    implicit = irc.parse(LOC_RE.sub("", text), "bench.mlir", allow_unregistered=True)
    explicit = irc.parse(text, "bench.mlir", allow_unregistered=True)
    compared = 0
    for without, with_loc in zip(implicit.walk(), explicit.walk(), strict=True):
        assert without.name == with_loc.name
        if with_loc.name != "builtin.module":
            assert without.location == with_loc.location, with_loc.name
            compared += 1
    assert compared == 3001


def test_custom_form_share():
    generic = generate(1000, custom_share=0.0)
    custom = generate(1000, custom_share=0.3)
    assert " = arith." not in generic and " = math." not in generic
    assert custom.count(" = arith.") + custom.count(" = math.") > 150


def test_time_phases_chains_the_phases_and_sums_them():
    calls = []

    def first():
        calls.append("first")
        return 1

    def second(value):
        calls.append(("second", value))
        return value + 1

    timings = parse_print.time_phases([("a", first), ("b", second)], repeat=2, warmup=1)
    assert calls == ["first", ("second", 1)] * 3
    assert set(timings) == {"a", "b", "total"}
    assert len(timings["total"].times) == 2
    for index in range(2):
        assert timings["total"].times[index] == pytest.approx(
            timings["a"].times[index] + timings["b"].times[index]
        )


def test_xdsl_reads_the_generated_text():
    pytest.importorskip("xdsl")
    phases = parse_print.xdsl_phases(generate(300), registered=False)
    timings = parse_print.time_phases(phases, repeat=1, warmup=0)
    assert set(timings) == {"parse", "verify", "print", "total"}


needs_iree_opt = pytest.mark.skipif(
    shutil.which(parse_print.IREE_OPT) is None, reason="iree-opt (real MLIR) is not installed"
)


@needs_iree_opt
@pytest.mark.parametrize("custom_share", [0.0, 0.3])
def test_mlir_accepts_the_generated_text(custom_share):
    accepted, errors = parse_print.iree_opt_accepts(generate(2000, 0, custom_share=custom_share))
    assert accepted, errors


@needs_iree_opt
def test_mlir_rejects_what_it_should():
    """The check above can fail: a use of an undefined value is refused."""
    text = generate(50).replace(
        '"func.return"()', '"bench.use"(%undefined) : (i32) -> ()\n  "func.return"()'
    )
    accepted, errors = parse_print.iree_opt_accepts(text)
    assert not accepted
    assert "undefined" in errors


def test_main_runs_on_small_sizes(monkeypatch, capsys):
    monkeypatch.setattr(parse_print, "SIZES", (200, 400))
    monkeypatch.setattr(parse_print, "PEER_SIZE", 100)
    assert parse_print.main(["--repeat", "1", "--warmup", "0", "--profile"]) == 0
    out = capsys.readouterr().out
    assert "irc parse/verify/print of one function, by size" in out
    assert "400/200" in out
    assert "total: 400 <= 5 s" in out
    assert "total: 400 <= 2.3x 200" in out
    assert "cProfile of irc" in out
