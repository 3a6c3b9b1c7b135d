"""The pass manager: op-anchored nesting, verification after each pass, failures, hooks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pytest

import irc
from irc.ir.diagnostics import DiagnosticEngine
from irc.passes.pass_manager import (
    Instrumentation,
    OpPassManager,
    Pass,
    PassFailure,
    PassManager,
    option,
)

SOURCE = """\
func.func @f(%a: i32) -> i32 {
  %0 = arith.addi %a, %a : i32
  return %0 : i32
}
func.func @g() {
  return
}
"""


@dataclass
class RecordNames(Pass):
    """Appends the name of each op it runs on to `seen`."""

    name: ClassVar[str] = "record-names"
    seen: list = option([], "where names go")

    def run(self, op, context) -> None:
        sym = op.properties.get("sym_name")
        self.seen.append(sym.value if sym is not None else op.name)


@dataclass
class BreakIR(Pass):
    """Leaves IR that fails verification: erases every func.return."""

    name: ClassVar[str] = "break-ir"

    def run(self, op, context) -> None:
        for nested in list(op.walk()):
            if nested.name == "func.return":
                nested.erase()


@dataclass
class Fail(Pass):
    name: ClassVar[str] = "fail"
    anchor: ClassVar[str | None] = "func.func"

    def run(self, op, context) -> None:
        raise PassFailure("this pass always fails", op)


def module():
    return irc.parse(SOURCE, "pm.mlir")


def test_nested_manager_runs_on_each_anchored_op_in_order():
    record = RecordNames()
    root = OpPassManager("builtin.module")
    root.nest("func.func").add(record)
    root.add(RecordNames(record.seen))
    assert root.pipeline_text() == "builtin.module(func.func(record-names),record-names)"
    assert PassManager(root).run(module())
    assert record.seen == ["f", "g", "builtin.module"]


def test_verifier_runs_after_each_pass_and_stops_the_pipeline():
    after = RecordNames()
    root = OpPassManager().add(BreakIR()).add(after)
    engine = DiagnosticEngine()
    assert not PassManager(root).run(module(), engine)
    assert after.seen == []
    assert any("terminator" in d.message for d in engine.diagnostics)


def test_verify_each_off_lets_broken_ir_through():
    assert PassManager(OpPassManager().add(BreakIR()), verify_each=False).run(module())


def test_pass_failure_is_a_located_error_and_hooks_see_it():
    events = []

    class Hooks(Instrumentation):
        def before_pass(self, pass_, op):
            events.append(("before", pass_.name))

        def after_failed_pass(self, pass_, op):
            events.append(("failed", pass_.name))

    root = OpPassManager()
    root.nest("func.func").add(Fail())
    with pytest.raises(irc.IRError) as caught:
        PassManager(root, instrumentations=[Hooks()]).run(module())
    assert str(caught.value).startswith("pm.mlir:1:1: error: this pass always fails")
    assert events == [("before", "fail"), ("failed", "fail")]


def test_pass_on_the_wrong_anchor_is_refused():
    engine = DiagnosticEngine()
    assert not PassManager(OpPassManager().add(Fail())).run(module(), engine)
    assert engine.diagnostics[0].message == (
        "can't run 'fail' pass on 'builtin.module' op; it runs on 'func.func' ops"
    )


def test_options_differing_from_defaults_are_printed():
    from irc.passes.strip_debuginfo import StripDebugInfo

    assert StripDebugInfo().pipeline_text() == "strip-debuginfo"
    record = RecordNames(seen=["x"])
    assert record.options_text() == "{seen=x}"
