"""The dialect conversion framework (irc/passes/conversion.py): legality, partial and full
conversion, type conversion with materialized casts, and the diagnostics of a failed
legalization (which op, where, which patterns were tried and why each did not apply)."""

from __future__ import annotations

import pytest

from irc.dialects import arith, func, scf
from irc.frontend.parser import parse
from irc.frontend.printer import print_op
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Operation
from irc.ir.diagnostics import DiagnosticEngine, IRError, SourceManager
from irc.ir.verifier import verify
from irc.passes.conversion import (
    ConversionPattern,
    ConversionTarget,
    TypeConverter,
    apply_full_conversion,
    apply_partial_conversion,
    pattern,
)
from irc.passes.reconcile_casts import reconcile_unrealized_casts


def load(text: str, filename: str = "test.mlir"):
    sources = SourceManager()
    module = parse(text, filename, allow_unregistered=True, sources=sources)
    return module, DiagnosticEngine(sources)


def body_text(module) -> str:
    """The printed module without the `module {` line and its closing brace."""
    return "\n".join(print_op(module).rstrip("\n").split("\n")[1:-1])


def ops_named(module, name: str) -> list[Operation]:
    return [op for op in module.walk() if op.name == name]


def errors(engine: DiagnosticEngine) -> list:
    return [d for d in engine.diagnostics if d.severity == "error"]


# -- toy patterns -------------------------------------------------------------------------------


def rename(source: str, target: str, benefit: int = 1):
    """A pattern replacing each `source` op by a `target` op with the same operands."""

    def rewrite(op, operands, rewriter):
        rewriter.replace_op_with_new_op(op, target, list(operands), op.result_types)
        return True

    found = pattern(source, rewrite, benefit)
    found._label = f"rename_{source}_to_{target}".replace(".", "_")
    return found


def never(reason: str, root: str = "test.a"):
    def refuse(op, operands, rewriter):
        return rewriter.notify_match_failure(op, reason)

    return pattern(root, refuse)


TWO_OPS = """
func.func @f(%x: i32) -> i32 {
  %0 = "test.a"(%x) : (i32) -> i32
  %1 = "other.b"(%0) : (i32) -> i32
  return %1 : i32
}
"""


def test_target_rules_op_wins_over_dialect_and_dynamic_rules_decide():
    module, _ = load(TWO_OPS)
    a, b = ops_named(module, "test.a")[0], ops_named(module, "other.b")[0]
    target = ConversionTarget().add_illegal_dialect("test").add_legal_op("test.a")
    assert target.legality(a) == "legal"
    assert target.legality(b) == "unknown"
    target.add_dynamically_legal_dialect("other", lambda op: op.operands[0].type is T.I64)
    assert target.is_illegal(b)
    target.add_dynamically_legal_op("other.b", lambda op: None)
    assert target.legality(b) == "unknown" and not target.is_illegal(b)
    target.add_dynamically_legal_op("other.b", lambda op: True)
    assert target.is_legal(b)
    unknown = ConversionTarget().mark_unknown_op_dynamically_legal(lambda op: op.name != "test.a")
    assert unknown.legality(a) == "illegal" and unknown.legality(b) == "legal"


def test_partial_conversion_converts_illegal_ops_and_leaves_unknown_ones():
    module, engine = load(TWO_OPS)
    target = ConversionTarget().add_illegal_op("test.a").add_legal_dialect("func", "builtin")
    target.add_legal_op("new.a")
    result = apply_partial_conversion(module, target, [rename("test.a", "new.a")], engine)
    assert result and not engine.diagnostics
    assert '"new.a"(%arg0)' in body_text(module)
    assert [op.name for op in result.unconverted] == ["other.b"]


def test_full_conversion_fails_on_ops_of_unknown_legality():
    module, engine = load(TWO_OPS)
    target = ConversionTarget().add_illegal_op("test.a").add_legal_dialect("func", "builtin")
    target.add_legal_op("new.a")
    result = apply_full_conversion(module, target, [rename("test.a", "new.a")], engine)
    assert not result
    (error,) = errors(engine)
    assert error.message == "failed to legalize operation 'other.b'"
    assert (error.location.line, error.location.col) == (4, 8)
    notes = [n.message for n in error.notes]
    assert (
        notes[0]
        == "no pattern in this conversion rewrites 'other.b'; there are patterns for 'test.a'"
    )
    assert "neither legal nor illegal" in notes[1] and "mark it" in notes[1]


def test_full_conversion_succeeds_when_everything_becomes_legal():
    module, engine = load(TWO_OPS)
    target = ConversionTarget().add_legal_dialect("func", "builtin", "new")
    patterns = [rename("test.a", "new.a"), rename("other.b", "new.b")]
    assert apply_full_conversion(module, target, patterns, engine)
    assert ops_named(module, "new.b") and not ops_named(module, "other.b")
    assert verify(module)


def test_recursively_legal_ops_hide_their_contents():
    module, engine = load(TWO_OPS)
    target = ConversionTarget().add_illegal_op("test.a").add_legal_op("func.func")
    target.mark_op_recursively_legal("func.func")
    assert apply_partial_conversion(module, target, [], engine)
    assert ops_named(module, "test.a")


# -- the failure diagnostic -----------------------------------------------------------------------

FOR_LOOP = """func.func @f(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
  }
  return
}
"""


def test_illegal_op_without_patterns_names_the_op_and_where_it_is():
    module, engine = load(FOR_LOOP)
    target = ConversionTarget().add_illegal_op(scf.ForOp)
    patterns = [pattern(scf.IfOp, lambda op, operands, rewriter: False)]
    assert not apply_partial_conversion(module, target, patterns, engine)
    (error,) = errors(engine)
    assert (
        error.message == "failed to legalize operation 'scf.for' that was explicitly marked illegal"
    )
    assert (error.location.line, error.location.col) == (4, 3)
    (note,) = error.notes
    assert note.message == (
        "no pattern in this conversion rewrites 'scf.for'; there are patterns for 'scf.if'"
    )
    rendered = engine.render()
    assert rendered.startswith(
        "test.mlir:4:3: error: failed to legalize operation 'scf.for' that was explicitly "
        "marked illegal\n  scf.for %i = %c0 to %n step %c1 {\n  ^"
    )


def test_each_pattern_tried_is_a_note_with_its_source_and_reason():
    module, engine = load(FOR_LOOP)
    target = ConversionTarget().add_illegal_op(scf.ForOp)

    def needs_iter_args(op, operands, rewriter):
        if not op.results:
            return rewriter.notify_match_failure(op, "the loop has no iter_args")
        return True

    class NeedsConstantBounds(ConversionPattern):
        root = scf.ForOp
        benefit = 2

        def match_and_rewrite(self, op, operands, rewriter):
            return rewriter.notify_match_failure(op, "the upper bound is not a constant")

    def silent(op, operands, rewriter):
        return False

    patterns = [
        pattern(scf.ForOp, needs_iter_args),
        NeedsConstantBounds(),
        pattern("scf.for", silent),
    ]
    assert not apply_partial_conversion(module, target, patterns, engine)
    (error,) = errors(engine)
    notes = [note.message for note in error.notes]
    assert len(notes) == 3
    # by decreasing benefit, then in the order given
    assert notes[0].startswith("pattern 'NeedsConstantBounds' (tests/passes/test_conversion.py:")
    assert notes[0].endswith("did not apply: the upper bound is not a constant")
    assert notes[1].startswith("pattern 'needs_iter_args' (tests/passes/test_conversion.py:")
    assert notes[1].endswith("did not apply: the loop has no iter_args")
    assert notes[2].endswith("did not apply: match_and_rewrite returned False (no reason)")
    line = needs_iter_args.__code__.co_firstlineno
    assert f"test_conversion.py:{line})" in notes[1]
    assert all(note.location == error.location for note in error.notes)


def test_every_failing_op_is_reported():
    module, engine = load(
        FOR_LOOP.replace("  return", "  scf.for %j = %c0 to %n step %c1 {\n  }\n  return")
    )
    target = ConversionTarget().add_illegal_op(scf.ForOp)
    assert not apply_partial_conversion(module, target, [], engine)
    assert [(e.location.line, e.location.col) for e in errors(engine)] == [(4, 3), (6, 3)]


def test_without_diagnostics_a_failure_raises_irerror():
    module, _ = load(FOR_LOOP)
    with pytest.raises(IRError, match="failed to legalize operation 'scf.for'"):
        apply_partial_conversion(module, ConversionTarget().add_illegal_op(scf.ForOp), [])


def test_created_op_that_cannot_be_legalized_says_who_created_it():
    module, engine = load(TWO_OPS)
    target = ConversionTarget().add_illegal_op("test.a", "mid.a").add_legal_dialect("func")
    patterns = [rename("test.a", "mid.a")]
    assert not apply_partial_conversion(module, target, patterns, engine)
    (error,) = errors(engine)
    assert (
        error.message == "failed to legalize operation 'mid.a' that was explicitly marked illegal"
    )
    created = error.notes[-1]
    assert created.message.startswith(
        "'mid.a' was created by pattern 'rename_test_a_to_mid_a' (tests/passes/test_conversion.py:"
    )
    assert created.message.endswith("while legalizing 'test.a'")


def test_created_ops_of_unknown_legality_must_be_legalizable_as_in_mlir():
    module, engine = load(TWO_OPS)
    target = ConversionTarget().add_illegal_op("test.a")
    assert not apply_partial_conversion(module, target, [rename("test.a", "new.a")], engine)
    (error,) = errors(engine)
    assert error.message == "failed to legalize operation 'new.a'"
    assert any("neither legal nor illegal" in note.message for note in error.notes)


def test_created_illegal_ops_are_legalized_in_turn():
    module, engine = load(TWO_OPS)
    target = ConversionTarget().add_illegal_op("test.a", "mid.a").add_legal_op("new.a")
    patterns = [rename("test.a", "mid.a"), rename("mid.a", "new.a")]
    assert apply_partial_conversion(module, target, patterns, engine)
    assert ops_named(module, "new.a") and not ops_named(module, "mid.a")


def test_a_pattern_is_not_applied_to_what_it_created():
    module, engine = load(TWO_OPS)
    target = ConversionTarget().add_illegal_op("test.a")
    assert not apply_partial_conversion(module, target, [rename("test.a", "test.a")], engine)
    (error,) = errors(engine)
    assert "already being applied to the op that created this one" in error.notes[0].message


# -- the no-rollback contract ---------------------------------------------------------------------


def test_a_pattern_that_changes_the_ir_and_then_fails_is_an_error():
    module, engine = load(TWO_OPS)

    def half_done(op, operands, rewriter):
        rewriter.create("new.junk")
        return False

    target = ConversionTarget().add_illegal_op("test.a")
    assert not apply_partial_conversion(module, target, [pattern("test.a", half_done)], engine)
    (error,) = errors(engine)
    assert error.message == (
        "pattern 'half_done' changed the IR and then failed on 'test.a': conversion patterns "
        "must check everything before they rewrite (there is no rollback)"
    )
    assert error.notes[0].message.startswith("pattern 'half_done' is defined at tests/passes/")


def test_a_pattern_that_succeeds_without_rewriting_its_op_is_an_error():
    module, engine = load(TWO_OPS)
    target = ConversionTarget().add_illegal_op("test.a")
    lying = pattern("test.a", lambda op, operands, rewriter: True)
    assert not apply_partial_conversion(module, target, [lying], engine)
    assert "reported success on 'test.a' but neither replaced, erased nor updated it" in (
        errors(engine)[0].message
    )


def test_updating_in_place_counts_and_the_op_is_checked_again():
    module, engine = load(TWO_OPS)
    target = ConversionTarget().add_dynamically_legal_op(
        "test.a", lambda op: "done" in op.attributes
    )

    def mark(op, operands, rewriter):
        with rewriter.modify_op_in_place(op):
            op.attributes["done"] = A.UNIT
        return True

    assert apply_partial_conversion(module, target, [pattern("test.a", mark)], engine)
    assert "done" in ops_named(module, "test.a")[0].attributes

    module, engine = load(TWO_OPS)

    def touch(op, operands, rewriter):
        with rewriter.modify_op_in_place(op):
            op.attributes["seen"] = A.UNIT
        return True

    assert not apply_partial_conversion(module, target, [pattern("test.a", touch)], engine)
    (error,) = errors(engine)
    assert "was updated in place by pattern 'touch'" in error.notes[-1].message


def test_pattern_bugs_and_misuse_are_located_errors_not_tracebacks():
    module, engine = load(TWO_OPS)

    def crash(op, operands, rewriter):
        return operands[5]

    target = ConversionTarget().add_illegal_op("test.a")
    assert not apply_partial_conversion(module, target, [pattern("test.a", crash)], engine)
    message = errors(engine)[0].message
    assert message.startswith("pattern 'crash' raised IndexError on 'test.a' at tests/passes/")
    assert message.endswith("(a bug in the pattern)")

    module, engine = load(TWO_OPS)

    def erase_used(op, operands, rewriter):
        rewriter.erase_op(op)
        return True

    assert not apply_partial_conversion(module, target, [pattern("test.a", erase_used)], engine)
    assert errors(engine)[0].message == (
        "pattern 'erase_used' failed on 'test.a': cannot erase 'test.a': result #0 is still "
        "used by 'other.b'"
    )


def test_decorator_form_and_operand_groups():
    module, engine = load(FOR_LOOP)
    seen = {}

    @pattern(scf.ForOp)
    def record(op, operands, rewriter):
        seen["upper"] = operands.group("upperBound")
        seen["inits"] = operands.group("initArgs")
        rewriter.erase_op(op)
        return True

    target = ConversionTarget().add_illegal_op(scf.ForOp)
    assert apply_partial_conversion(module, target, [record], engine)
    function = ops_named(module, "func.func")[0]
    assert seen["upper"] == [function.regions[0].blocks[0].args[0]]
    assert seen["inits"] == []


# -- type conversion ------------------------------------------------------------------------------


def widen_i32() -> TypeConverter:
    """i32 becomes i64; everything else stays."""
    converter = TypeConverter()
    converter.add_conversion(lambda t: t)
    converter.add_conversion(lambda t: T.I64 if t is T.I32 else None)
    return converter


def widening_pattern(name: str, converter: TypeConverter) -> ConversionPattern:
    """Rebuild a `name` op with converted operands and result types."""

    def widen(op, operands, rewriter):
        types = [converter.convert_type(t) for t in op.result_types]
        rewriter.replace_op_with_new_op(op, name, list(operands), types)
        return True

    return pattern(name, widen, type_converter=converter)


def widening_target(converter: TypeConverter, *names: str) -> ConversionTarget:
    target = ConversionTarget().add_legal_dialect("func", "builtin")
    for name in names:
        target.add_dynamically_legal_op(name, converter.is_legal)
    return target


CHAIN = """
func.func @f() {
  %0 = "test.producer"() : () -> i32
  "test.consumer"(%0) : (i32) -> ()
  return
}
"""


def test_type_converter_tries_the_last_conversion_first_and_caches():
    converter = widen_i32()
    assert converter.convert_type(T.I32) is T.I64
    assert converter.convert_type(T.F32) is T.F32
    assert converter.is_legal(T.I64) and not converter.is_legal(T.I32)
    converter.add_conversion(lambda t: [T.I16, T.I16] if t is T.I32 else None)
    assert converter.convert_types(T.I32) == [T.I16, T.I16]
    assert converter.convert_type(T.I32) is None  # 1:N
    converter.add_conversion(lambda t: False if t is T.F32 else None)
    assert converter.convert_types(T.F32) is None


def test_unconverted_users_see_a_source_materialization():
    converter = widen_i32()
    module, engine = load(CHAIN)
    target = widening_target(converter, "test.producer")
    patterns = [widening_pattern("test.producer", converter)]
    assert apply_partial_conversion(module, target, patterns, engine)
    assert body_text(module).split("\n")[1:4] == [
        '    %0 = "test.producer"() : () -> i64',
        "    %1 = builtin.unrealized_conversion_cast %0 : i64 to i32",
        '    "test.consumer"(%1) : (i32) -> ()',
    ]
    assert verify(module)


def test_patterns_see_converted_operands_and_the_casts_go_away():
    converter = widen_i32()
    module, engine = load(CHAIN)
    names = ("test.producer", "test.consumer")
    patterns = [widening_pattern(name, converter) for name in names]
    assert apply_partial_conversion(module, widening_target(converter, *names), patterns, engine)
    assert body_text(module).split("\n")[1:3] == [
        '    %0 = "test.producer"() : () -> i64',
        '    "test.consumer"(%0) : (i64) -> ()',
    ]


def test_unconverted_producers_get_a_target_materialization():
    converter = widen_i32()
    module, engine = load(CHAIN)
    target = widening_target(converter, "test.consumer")
    patterns = [widening_pattern("test.consumer", converter)]
    assert apply_partial_conversion(module, target, patterns, engine)
    assert body_text(module).split("\n")[1:4] == [
        '    %0 = "test.producer"() : () -> i32',
        "    %1 = builtin.unrealized_conversion_cast %0 : i32 to i64",
        '    "test.consumer"(%1) : (i64) -> ()',
    ]


def test_two_partial_conversions_leave_casts_that_reconcile_folds():
    converter = widen_i32()
    module, engine = load(CHAIN)
    for name in ("test.producer", "test.consumer"):  # two separate passes
        target = widening_target(converter, name)
        assert apply_partial_conversion(module, target, [widening_pattern(name, converter)], engine)
    casts = ops_named(module, "builtin.unrealized_conversion_cast")
    assert len(casts) == 2  # i64 -> i32 from the first, i32 -> i64 from the second
    assert reconcile_unrealized_casts(casts) == []
    assert body_text(module).split("\n")[1:3] == [
        '    %0 = "test.producer"() : () -> i64',
        '    "test.consumer"(%0) : (i64) -> ()',
    ]


def test_full_conversion_reports_a_materialization_that_stays_live():
    converter = widen_i32()
    module, engine = load(CHAIN)
    target = widening_target(converter, "test.producer").add_legal_op("test.consumer")
    patterns = [widening_pattern("test.producer", converter)]
    assert not apply_full_conversion(module, target, patterns, engine)
    (error,) = errors(engine)
    assert error.message == (
        "failed to legalize unresolved materialization from ('i64') to ('i32') that remained "
        "live after conversion"
    )
    assert error.notes[0].message == "see existing live user here: 'test.consumer'"
    assert error.notes[0].location.line == 4


def test_a_type_the_converter_rejects_is_a_reason_in_the_notes():
    converter = widen_i32()
    converter.add_conversion(lambda t: False if t is T.I32 else None)
    module, engine = load(CHAIN)
    target = ConversionTarget().add_illegal_op("test.consumer")
    assert not apply_partial_conversion(
        module, target, [widening_pattern("test.consumer", converter)], engine
    )
    (error,) = errors(engine)
    assert error.notes[0].message.endswith(
        "did not apply: operand #0 has type 'i32', which the pattern's type converter cannot "
        "convert"
    )


SIGNATURE = """
func.func @f(%a: i32, %b: f32) -> f32 {
  "test.use"(%a) : (i32) -> ()
  return %b : f32
}
"""


def signature_pattern(converter: TypeConverter) -> ConversionPattern:
    """Convert a func.func's argument types (the body follows, through casts)."""

    def convert_signature(op, operands, rewriter):
        inputs = []
        for t in op.function_type.inputs:
            converted = converter.convert_types(t)
            if converted is None:
                return rewriter.notify_match_failure(op, f"cannot convert {t}")
            inputs.extend(converted)
        if not rewriter.convert_region_types(op.regions[0], converter):
            return rewriter.notify_match_failure(op, "cannot convert the block arguments")
        with rewriter.modify_op_in_place(op):
            new_type = T.FunctionType(inputs, op.function_type.results)
            op.properties["function_type"] = A.TypeAttr(new_type)
        return True

    return pattern(func.FuncOp, convert_signature, type_converter=converter)


def signature_target(converter: TypeConverter) -> ConversionTarget:
    target = ConversionTarget().mark_unknown_op_dynamically_legal(lambda op: True)
    return target.add_dynamically_legal_op(
        func.FuncOp, lambda op: converter.is_signature_legal(op.function_type)
    )


def test_block_signature_conversion_bridges_old_uses_with_a_cast():
    converter = widen_i32()
    module, engine = load(SIGNATURE)
    target = signature_target(converter)
    assert apply_partial_conversion(module, target, [signature_pattern(converter)], engine)
    assert body_text(module).split("\n")[:4] == [
        "  func.func @f(%arg0: i64, %arg1: f32) -> f32 {",
        "    %0 = builtin.unrealized_conversion_cast %arg0 : i64 to i32",
        '    "test.use"(%0) : (i32) -> ()',
        "    return %arg1 : f32",
    ]
    assert verify(module)


def test_one_to_many_block_signature_conversion():
    converter = widen_i32()
    converter.add_conversion(lambda t: [T.I16, T.I16] if t is T.I32 else None)
    module, engine = load(SIGNATURE)
    target = signature_target(converter)
    assert apply_partial_conversion(module, target, [signature_pattern(converter)], engine)
    assert body_text(module).split("\n")[:3] == [
        "  func.func @f(%arg0: i16, %arg1: i16, %arg2: f32) -> f32 {",
        "    %0 = builtin.unrealized_conversion_cast %arg0, %arg1 : i16, i16 to i32",
        '    "test.use"(%0) : (i32) -> ()',
    ]
    assert verify(module)


def test_one_to_many_operands_reach_the_pattern_as_lists():
    converter = widen_i32()
    converter.add_conversion(lambda t: [T.I16, T.I16] if t is T.I32 else None)
    module, engine = load(SIGNATURE)
    seen = []

    def use(op, operands, rewriter):
        seen.append(operands[0])
        flat = list(operands[0])
        rewriter.replace_op_with_new_op(op, "test.use2", flat, [])
        return True

    patterns = [signature_pattern(converter), pattern("test.use", use, type_converter=converter)]
    target = signature_target(converter).add_illegal_op("test.use")
    assert apply_partial_conversion(module, target, patterns, engine)
    assert [v.type for v in seen[0]] == [T.I16, T.I16]
    assert '"test.use2"(%arg0, %arg1) : (i16, i16) -> ()' in body_text(module)
    assert not ops_named(module, "builtin.unrealized_conversion_cast")  # unused: erased


def test_region_type_conversion_failure_leaves_the_ir_untouched():
    converter = TypeConverter()
    converter.add_conversion(lambda t: t if t is not T.I32 else None)
    module, engine = load(SIGNATURE)
    before = print_op(module)
    target = signature_target(converter)
    assert not apply_partial_conversion(module, target, [signature_pattern(converter)], engine)
    assert print_op(module) == before
    assert errors(engine)[0].notes[0].message.endswith("did not apply: cannot convert i32")


def test_arith_ops_and_the_verifier_after_a_real_rewrite():
    """addi on i32 becomes addi on i64 between extsi/trunci, a typical width legalization."""
    text = """
    func.func @f(%a: i32, %b: i32) -> i32 {
      %0 = arith.addi %a, %b : i32
      return %0 : i32
    }
    """
    module, engine = load(text)

    def widen_add(op, operands, rewriter):
        if op.result.type is not T.I32:
            return rewriter.notify_match_failure(op, "only i32 is widened")
        wide = [rewriter.create(arith.ExtSIOp, [v], [T.I64]).result for v in operands]
        add = rewriter.create(arith.AddIOp, wide, [T.I64]).result
        rewriter.replace_op_with_new_op(op, arith.TruncIOp, [add], [T.I32])
        return True

    target = ConversionTarget().add_legal_dialect("func", "builtin")
    target.add_dynamically_legal_op(arith.AddIOp, lambda op: op.result.type is not T.I32)
    target.add_legal_op(arith.ExtSIOp, arith.TruncIOp)
    assert apply_full_conversion(module, target, [pattern(arith.AddIOp, widen_add)], engine)
    assert verify(module)
    from irc.runtime.interpreter import run

    assert int(run(module, "f", 2**31 - 1, 1)[0]) == -(2**31)
