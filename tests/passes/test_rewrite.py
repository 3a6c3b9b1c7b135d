"""The rewrite driver (irc/passes/rewrite.py): rules as data, patterns indexed by root op
class, worklist order, folding and constants, dead ops, non-convergence and the debug view."""

from __future__ import annotations

import io

import pytest

from irc.dialects import arith
from irc.frontend.parser import parse
from irc.frontend.printer import print_op
from irc.ir.diagnostics import DiagnosticEngine
from irc.passes.rewrite import (
    Const,
    GreedyConfig,
    P,
    PatternSet,
    Var,
    apply_patterns_greedily,
    pattern,
    report_non_convergence,
    rule,
)
from irc.tools.irc_opt import run

x, y = Var("x"), Var("y")


def _canonicalize(options: str) -> str:
    return f"--pass-pipeline=builtin.module(canonicalize{{{options}}})"


c = Const("c")


def _mul_of_add(rewriter, m):
    """muli(addi(x, y), c) -> addi(muli(x, c), muli(y, c)): a toy rule for the tests."""
    constant = m.op.operands[1]
    t = m.op.results[0].type
    left = rewriter.create(arith.MulIOp, [m.x, constant], [t]).results[0]
    right = rewriter.create(arith.MulIOp, [m.y, constant], [t]).results[0]
    return rewriter.create(arith.AddIOp, [left, right], [t]).results[0]


DISTRIBUTE = rule("Distribute", P(arith.MulIOp, P(arith.AddIOp, x, y), c), _mul_of_add)
DISTRIBUTE_LINE = 1 + open(__file__).read().splitlines().index(  # the line above
    'DISTRIBUTE = rule("Distribute", P(arith.MulIOp, P(arith.AddIOp, x, y), c), _mul_of_add)'
)

SIMPLE = """
func.func @f(%a: i32, %b: i32) -> i32 {
  %c3 = arith.constant 3 : i32
  %s = arith.addi %a, %b : i32
  %m = arith.muli %s, %c3 : i32
  return %m : i32
}
"""


def _apply(text: str, patterns, **config) -> tuple[str, object]:
    module = parse(text)
    result = apply_patterns_greedily(module, PatternSet(patterns), GreedyConfig(**config))
    return print_op(module), result


# -- rules as data ------------------------------------------------------------------------------


def test_rule_knows_where_it_was_written_and_its_benefit():
    assert DISTRIBUTE.source == f"tests/passes/test_rewrite.py:{DISTRIBUTE_LINE}"
    assert DISTRIBUTE.benefit == 2  # it spans two ops, as MLIR's DRR counts
    assert DISTRIBUTE.root is arith.MulIOp


def test_rule_rewrites():
    out, result = _apply(SIMPLE, [DISTRIBUTE])
    assert result.converged and result.rewrites == 1
    assert "%0 = arith.muli %arg0, %c3_i32 : i32" in out
    assert "%1 = arith.muli %arg1, %c3_i32 : i32" in out
    assert "%2 = arith.addi %0, %1 : i32" in out


def test_rule_says_why_it_did_not_match():
    text = SIMPLE.replace("%m = arith.muli %s, %c3", "%m = arith.muli %a, %c3")
    stream = io.StringIO()
    _apply(text, [DISTRIBUTE], debug=True, debug_stream=stream)
    log = stream.getvalue()
    assert f"trying Distribute (tests/passes/test_rewrite.py:{DISTRIBUTE_LINE})" in log
    assert "no match: operand #0 of 'arith.muli' is not defined by 'arith.addi'" in log


def test_var_bound_twice_must_be_one_value():
    twice = rule(
        "Twice",
        P(arith.SubIOp, P(arith.AddIOp, x, y), x),
        lambda rewriter, m: m.y,  # (x + y) - x -> y
    )
    text = """
    func.func @f(%a: i32, %b: i32) -> (i32, i32) {
      %s = arith.addi %a, %b : i32
      %d = arith.subi %s, %a : i32
      %e = arith.subi %s, %b : i32
      return %d, %e : i32, i32
    }
    """
    out, _ = _apply(text, [twice], fold=False)
    assert "return %arg1, %1 : i32, i32" in out  # %e does not match: %b is not %a


# -- patterns indexed by root, worklist order ---------------------------------------------------


def _recorder(root, seen: list):
    @pattern(root, name="Record")
    def record(op, rewriter):
        seen.append(op.name)
        return False

    return record


ORDER = """
func.func @f(%a: i32) -> i32 {
  %0 = arith.addi %a, %a : i32
  %1 = arith.muli %0, %0 : i32
  %2 = arith.subi %1, %0 : i32
  return %2 : i32
}
"""


def test_patterns_are_offered_only_the_ops_of_their_root():
    seen: list[str] = []
    _apply(ORDER, [_recorder(arith.MulIOp, seen)])
    assert seen == ["arith.muli"]


def test_a_pattern_on_a_base_class_sees_its_subclasses():
    seen: list[str] = []
    _apply(ORDER, [_recorder(arith.IntBinaryOp, seen)])
    assert sorted(seen) == ["arith.addi", "arith.muli", "arith.subi"]


def test_worklist_order_top_down_and_bottom_up():
    top_down: list[str] = []
    _apply(ORDER, [_recorder(None, top_down)], top_down=True)
    assert top_down == ["func.func", "arith.addi", "arith.muli", "arith.subi", "func.return"]
    # A post-order walk, popped from the end; as in MLIR, enqueuing the addi enqueues its
    # ancestors too, so the func comes right after it.
    bottom_up: list[str] = []
    _apply(ORDER, [_recorder(None, bottom_up)], top_down=False)
    assert bottom_up == ["func.return", "arith.subi", "arith.muli", "func.func", "arith.addi"]


def test_higher_benefit_first():
    seen: list[str] = []

    def named(name, benefit):
        @pattern(arith.AddIOp, benefit=benefit, name=name)
        def record(op, rewriter):
            seen.append(name)
            return False

        return record

    _apply(ORDER, [named("low", 1), named("high", 3), named("mid", 2)])
    assert seen == ["high", "mid", "low"]


def test_users_are_revisited_after_a_rewrite():
    """Rewriting an op puts its users back on the worklist: x + 1 + 2 + 3 folds in one go."""
    text = """
    func.func @f(%a: i32) -> i32 {
      %c1 = arith.constant 1 : i32
      %c2 = arith.constant 2 : i32
      %c3 = arith.constant 3 : i32
      %0 = arith.addi %a, %c1 : i32
      %1 = arith.addi %0, %c2 : i32
      %2 = arith.addi %1, %c3 : i32
      return %2 : i32
    }
    """
    from irc.dialects.arith_canonicalize import ADDI

    out, result = _apply(text, ADDI, top_down=True)
    assert "arith.addi %arg0, %c6_i32 : i32" in out
    assert result.iterations == 2  # one that rewrites, one that finds nothing left


# -- folding, constants, dead ops ---------------------------------------------------------------


def test_constants_are_uniqued_and_hoisted_to_the_entry_block():
    text = """
    func.func @f(%n: index, %m: memref<4xindex>) {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      scf.for %i = %c0 to %n step %c1 {
        %one = arith.constant 1 : index
        %two = arith.constant 2 : index
        %j = arith.addi %i, %one : index
        memref.store %two, %m[%j] : memref<4xindex>
      }
      return
    }
    """
    out, _ = _apply(text, [])
    lines = [line.strip() for line in out.splitlines()]
    body = lines[lines.index("func.func @f(%arg0: index, %arg1: memref<4xindex>) {") + 1 :]
    assert body[:3] == [
        "%c2 = arith.constant 2 : index",
        "%c0 = arith.constant 0 : index",
        "%c1 = arith.constant 1 : index",
    ]
    assert out.count("arith.constant") == 3


def test_folding_materializes_constants_through_the_dialect():
    text = """
    func.func @f() -> (i32, f32) {
      %a = arith.constant 6 : i32
      %b = arith.constant 7 : i32
      %p = arith.muli %a, %b : i32
      %x = arith.constant 2.0 : f32
      %e = math.sqrt %x : f32
      return %p, %e : i32, f32
    }
    """
    out, _ = _apply(text, [])
    assert "arith.constant 42 : i32" in out
    assert "arith.constant 1.41421354 : f32" in out  # math folds, arith materializes
    assert "muli" not in out and "sqrt" not in out


def test_unused_ops_go_unless_they_have_effects():
    text = """
    func.func private @g() -> i32
    func.func @f(%a: i32, %m: memref<4xi32>) {
      %c0 = arith.constant 0 : index
      %0 = arith.addi %a, %a : i32
      %1 = memref.load %m[%c0] : memref<4xi32>
      %2 = memref.alloc() : memref<4xi32>
      memref.store %a, %m[%c0] : memref<4xi32>
      %3 = func.call @g() : () -> i32
      %4 = "test.opaque"() : () -> i32
      return
    }
    """
    module = parse(text, allow_unregistered=True)
    apply_patterns_greedily(module, PatternSet([]))
    out = print_op(module)
    for gone in ("arith.addi", "memref.load", "memref.alloc"):
        assert gone not in out
    for kept in ("memref.store", "call @g", "test.opaque"):
        assert kept in out


# -- non-convergence --------------------------------------------------------------------------


@pattern(arith.AddIOp, name="SwapOperands")
def swap_operands(op, rewriter):
    """addi(a, b) -> addi(b, a), forever: a broken pattern set."""
    with rewriter.modifying(op):
        op.set_operands(list(reversed(op.operands)))
    return True


def test_non_convergence_names_the_op_and_the_pattern():
    """A pattern that undoes itself would loop forever inside one iteration (as it does
    in MLIR); the driver cuts the iteration short and reports it."""
    module = parse(ORDER)
    result = apply_patterns_greedily(module, PatternSet([swap_operands]), GreedyConfig())
    assert not result.converged and result.runaway and result.iterations == 1
    engine = DiagnosticEngine()
    report_non_convergence(result, module, engine, "canonicalize")
    (diagnostic,) = engine.diagnostics
    assert diagnostic.severity == "warning"
    assert "canonicalize did not converge in one iteration" in diagnostic.message
    assert "'arith.addi' (pattern SwapOperands (tests/passes/test_rewrite.py:" in diagnostic.message
    assert diagnostic.location.line == 3  # the addi


def test_iteration_cap():
    module = parse(SIMPLE)
    config = GreedyConfig(max_iterations=1)
    result = apply_patterns_greedily(module, PatternSet([DISTRIBUTE]), config)
    assert result.iterations == 1 and not result.converged and not result.runaway
    assert "did not converge after 1 iteration;" in result.non_convergence_message("canon")
    result = apply_patterns_greedily(parse(SIMPLE), PatternSet([DISTRIBUTE]), GreedyConfig())
    assert result.iterations == 2 and result.converged


def test_canonicalize_reports_running_out_of_iterations():
    text = """
    func.func @f(%c: i1, %a: i32) -> i32 {
      %t = arith.constant true
      cf.cond_br %t, ^bb1, ^bb2
    ^bb1:
      return %a : i32
    ^bb2:
      return %a : i32
    }
    """
    code, out, err = run(["-", _canonicalize("max-iterations=1")], text)
    assert code == 0 and "warning: canonicalize did not converge after 1 iteration;" in err
    assert "SimplifyConstCondBranchPred (irc/dialects/cf_canonicalize.py:" in err
    code, out, err = run(["-", _canonicalize("max-iterations=1 test-convergence=true")], text)
    assert code != 0 and "error: canonicalize did not converge" in err
    code, out, err = run(["-", "-canonicalize"], text)
    assert code == 0 and err == ""


def test_a_pattern_that_raises_is_named(monkeypatch):
    @pattern(arith.MulIOp, name="Broken")
    def broken(op, rewriter):
        raise KeyError("oops")

    from irc.passes import canonicalize

    monkeypatch.setattr(canonicalize, "pattern_set", lambda *_: PatternSet([broken]))
    code, out, err = run(["-", "-canonicalize"], SIMPLE)
    assert code != 0
    assert "<stdin>:5:8: error: pattern Broken (tests/passes/test_rewrite.py:" in err
    assert "failed on 'arith.muli': KeyError: 'oops'" in err


# -- the debug view -----------------------------------------------------------------------------


def test_debug_option_prints_each_rewrite_with_rule_and_location():
    code, out, err = run(
        ["-", _canonicalize("debug=true"), "--mlir-print-debuginfo"],
        SIMPLE.replace("%c3 = arith.constant 3", "%c3 = arith.constant 0"),
    )
    assert code == 0
    assert "[rewrite] 'arith.muli' loc(\"<stdin>\":5:8): folded" in err
    assert "[rewrite] 'arith.addi' loc(\"<stdin>\":4:8): erased as unused" in err


def test_debug_environment_variable(monkeypatch):
    text = """
    func.func @f(%a: i32) -> i32 {
      %c1 = arith.constant 1 : i32
      %0 = arith.addi %a, %c1 : i32
      %1 = arith.addi %0, %c1 : i32
      return %1 : i32
    }
    """
    monkeypatch.setenv("IRC_DEBUG_REWRITES", "1")
    code, out, err = run(["-", "-canonicalize"], text)
    assert code == 0
    assert "applied AddIAddConstant (irc/dialects/arith_canonicalize.py:" in err
    assert "no match: operand #0 of 'arith.addi' is not defined by 'arith.subi'" in err
    monkeypatch.setenv("IRC_DEBUG_REWRITES", "0")
    assert run(["-", "-canonicalize"], text)[2] == ""


# -- options ------------------------------------------------------------------------------------


def test_region_simplify_takes_mlir_words_and_booleans():
    for value in ("disabled", "normal", "aggressive", "true", "false"):
        code, _, err = run(["-", _canonicalize(f"region-simplify={value}")], SIMPLE)
        assert code == 0, err
    code, _, err = run(["-", _canonicalize("region-simplify=often")], SIMPLE)
    assert code != 0 and "expected disabled, normal or aggressive" in err


@pytest.mark.parametrize("flag", ["disable-patterns=AddIAddConstant", "enable-patterns=Nothing"])
def test_pattern_filters(flag):
    text = """
    func.func @f(%a: i32) -> i32 {
      %c1 = arith.constant 1 : i32
      %0 = arith.addi %a, %c1 : i32
      %1 = arith.addi %0, %c1 : i32
      return %1 : i32
    }
    """
    code, out, err = run(["-", _canonicalize(flag)], text)
    assert code == 0 and out.count("arith.addi") == 2


def test_max_num_rewrites_limits_one_iteration():
    out, result = _apply(SIMPLE, [DISTRIBUTE], max_num_rewrites=0, max_iterations=1)
    assert result.rewrites == 0 and "arith.muli %0, %c3_i32" in out
