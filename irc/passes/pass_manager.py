"""Passes and pass managers, as in MLIR.

A pass is a small class: a registered `name`, a `summary`, the op it may run on
(`anchor`: an op name, or None for any op), options declared as dataclass fields with
`option(...)`, and `run(op, context)`. A pass reports failure by emitting an error
diagnostic through `context` (or raising `PassFailure`), never by a Python exception.

An `OpPassManager` runs an ordered list of passes and nested pass managers on one op;
a nested manager anchored on `func.func` runs on every `func.func` directly inside the
regions of the op its parent runs on (MLIR's op-anchored nesting). The verifier runs
after every pass unless turned off, and instrumentation hooks see every pass run.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from irc.ir.core import Operation
from irc.ir.diagnostics import Diagnostic, DiagnosticEngine
from irc.passes.registry import PASSES


class PassFailure(Exception):
    """Raised by a pass to stop the pipeline; its message becomes an error diagnostic."""

    def __init__(self, message: str, op: Operation | None = None) -> None:
        super().__init__(message)
        self.op = op


def option(default: Any, help: str, name: str | None = None) -> Any:
    """Declare a pass option (a dataclass field): `max-iterations=10` on the command line.
    `name` overrides the spelled name, which is the field name with `-` for `_`."""
    metadata = {"help": help, "name": name}
    if isinstance(default, (list, dict, set)):
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass
class Pass:
    """Base of passes. Subclasses are dataclasses whose fields are the options."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    anchor: ClassVar[str | None] = None

    def run(self, op: Operation, context: PassContext) -> None:
        raise NotImplementedError

    @classmethod
    def option_fields(cls) -> list[dataclasses.Field]:
        return [f for f in dataclasses.fields(cls) if "help" in f.metadata]

    @classmethod
    def option_name(cls, f: dataclasses.Field) -> str:
        return f.metadata.get("name") or f.name.replace("_", "-")

    def options_text(self) -> str:
        """`{max-iterations=10 top-down=true}` for the options that differ from defaults."""
        parts = []
        for f in self.option_fields():
            value = getattr(self, f.name)
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            if value != default:
                parts.append(f"{self.option_name(f)}={format_option_value(value)}")
        return "{" + " ".join(parts) + "}" if parts else ""

    def pipeline_text(self) -> str:
        return self.name + self.options_text()


def format_option_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(format_option_value(v) for v in value)
    return str(value)


@dataclass
class PassContext:
    """What a running pass may use: the diagnostics of this run and the pass manager."""

    diagnostics: DiagnosticEngine
    manager: OpPassManager | None = None

    def error(self, op: Operation, message: str) -> Diagnostic:
        return self.diagnostics.error(op.location, message)

    def warning(self, op: Operation, message: str) -> Diagnostic:
        return self.diagnostics.warning(op.location, message)

    def remark(self, op: Operation, message: str) -> Diagnostic:
        return self.diagnostics.remark(op.location, message)


class Instrumentation:
    """Hooks around each pass run (printing IR, timing). Override what you need."""

    def before_pass(self, pass_: Pass, op: Operation) -> None:
        pass

    def after_pass(self, pass_: Pass, op: Operation, changed: bool) -> None:
        pass

    def after_failed_pass(self, pass_: Pass, op: Operation) -> None:
        pass

    def before_nested(self, manager: OpPassManager, op: Operation) -> None:
        pass

    def after_nested(self, manager: OpPassManager, op: Operation) -> None:
        pass


@dataclass
class OpPassManager:
    """Passes and nested managers to run, in order, on ops named `anchor` ("any": all)."""

    anchor: str = "builtin.module"
    elements: list[Pass | OpPassManager] = field(default_factory=list)

    def add(self, element: Pass | OpPassManager) -> OpPassManager:
        self.elements.append(element)
        return self

    def nest(self, anchor: str) -> OpPassManager:
        nested = OpPassManager(anchor)
        self.elements.append(nested)
        return nested

    def pipeline_text(self) -> str:
        inner = ",".join(e.pipeline_text() for e in self.elements)
        return f"{self.anchor}({inner})"

    def passes(self) -> Iterator[Pass]:
        for element in self.elements:
            if isinstance(element, OpPassManager):
                yield from element.passes()
            else:
                yield element


@dataclass
class PassManager:
    """The top of a pipeline: runs `root` on an op, verifying after each pass."""

    root: OpPassManager = field(default_factory=OpPassManager)
    verify_each: bool = True
    instrumentations: list[Instrumentation] = field(default_factory=list)

    def run(self, op: Operation, diagnostics: DiagnosticEngine | None = None) -> bool:
        """Run the pipeline on `op`; False (with errors in `diagnostics`) when it failed.
        Without `diagnostics`, a failure raises IRError."""
        from irc.ir.diagnostics import IRError

        engine = diagnostics if diagnostics is not None else DiagnosticEngine()
        if not _anchor_matches(self.root.anchor, op):
            diag = engine.error(
                op.location, f"can't run '{self.root.anchor}' pass manager on '{op.name}' op"
            )
            diag.hint = f"nest it in the op's pipeline: '{op.name}({self.root.pipeline_text()})'"
            ok = False
        else:
            ok = self._run_manager(self.root, op, PassContext(engine, self.root))
        if not ok and diagnostics is None:
            raise IRError([d for d in engine.diagnostics if d.severity == "error"], engine.sources)
        return ok

    def _run_manager(self, manager: OpPassManager, op: Operation, context: PassContext) -> bool:
        for element in manager.elements:
            if isinstance(element, OpPassManager):
                if not self._run_nested(element, op, context):
                    return False
            elif not self._run_pass(element, op, context):
                return False
        return True

    def _run_nested(self, manager: OpPassManager, op: Operation, context: PassContext) -> bool:
        for hook in self.instrumentations:
            hook.before_nested(manager, op)
        ok = True
        for child in _nested_ops(op, manager.anchor):
            if not self._run_manager(manager, child, PassContext(context.diagnostics, manager)):
                ok = False
                break
        for hook in self.instrumentations:
            hook.after_nested(manager, op)
        return ok

    def _run_pass(self, pass_: Pass, op: Operation, context: PassContext) -> bool:
        from irc.frontend.printer import print_op
        from irc.ir.verifier import verify

        if pass_.anchor is not None and not _anchor_matches(pass_.anchor, op):
            context.error(
                op,
                f"can't run '{pass_.name}' pass on '{op.name}' op; it runs on '{pass_.anchor}' ops",
            )
            return False
        watch_change = any(getattr(h, "needs_change", False) for h in self.instrumentations)
        # the generic form with locations: a pass that changes only locations changed the IR
        before = print_op(op, generic=True, debuginfo=True) if watch_change else None
        for hook in self.instrumentations:
            hook.before_pass(pass_, op)
        errors_before = _error_count(context.diagnostics)
        try:
            pass_.run(op, context)
        except PassFailure as failure:
            context.error(failure.op or op, str(failure))
        failed = _error_count(context.diagnostics) > errors_before
        if not failed and self.verify_each and not verify(op, context.diagnostics):
            failed = True
        if failed:
            for hook in self.instrumentations:
                hook.after_failed_pass(pass_, op)
            return False
        changed = before is None or print_op(op, generic=True, debuginfo=True) != before
        for hook in self.instrumentations:
            hook.after_pass(pass_, op, changed)
        return True


def _error_count(engine: DiagnosticEngine) -> int:
    return sum(1 for d in engine.diagnostics if d.severity == "error")


def _anchor_matches(anchor: str, op: Operation) -> bool:
    return anchor == "any" or op.name == anchor


def _nested_ops(op: Operation, anchor: str) -> list[Operation]:
    """Ops named `anchor` directly inside `op`'s regions, collected before any runs."""
    return [
        child
        for region in op.regions
        for block in region.blocks
        for child in block
        if _anchor_matches(anchor, child)
    ]


# -- the registry ----------------------------------------------------------------------------


def pass_class(name: str) -> type[Pass] | None:
    target = PASSES.get(name)
    if target is None:
        return None
    module_name, _, class_name = target.partition(":")
    return getattr(importlib.import_module(module_name), class_name)
