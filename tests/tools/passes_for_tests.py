"""Small passes for testing irc-opt's flags: the `test_passes` fixture (conftest.py) registers
them under `test-*` names for one test, so tests do not depend on other passes' behaviour."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from irc.ir.attributes import UnitAttr
from irc.passes.pass_manager import Pass, PassFailure, option


@dataclass
class Mark(Pass):
    """Sets a unit attribute on the op it runs on: the IR changes the first time only."""

    name: ClassVar[str] = "test-mark"
    summary: ClassVar[str] = "Mark the op with a unit attribute"

    attr: str = option("test.marked", "the attribute's name")

    def run(self, op, context) -> None:
        op.attributes[self.attr] = UnitAttr()


@dataclass
class Nothing(Pass):
    """Changes nothing."""

    name: ClassVar[str] = "test-nothing"
    summary: ClassVar[str] = "Do nothing"

    def run(self, op, context) -> None:
        pass


@dataclass
class FuncOnly(Pass):
    """Anchored on func.func, with options of each kind."""

    name: ClassVar[str] = "test-func-only"
    summary: ClassVar[str] = "A pass that runs on functions"
    anchor: ClassVar[str | None] = "func.func"

    max_iterations: int = option(10, "how many rounds")
    top_down: bool = option(True, "walk from the top")
    mode: str = option("normal", "how hard to try")
    ratio: float = option(0.5, "a float")
    labels: list[str] = option([], "labels to use")

    def run(self, op, context) -> None:
        op.attributes["test.seen"] = UnitAttr()


@dataclass
class Fail(Pass):
    """Marks the function, then fails on it."""

    name: ClassVar[str] = "test-fail"
    summary: ClassVar[str] = "Always fail"
    anchor: ClassVar[str | None] = "func.func"

    def run(self, op, context) -> None:
        op.attributes["test.failed_here"] = UnitAttr()
        raise PassFailure("test-fail failed, as it always does", op)


@dataclass
class ModuleOnly(Pass):
    """Anchored on builtin.module."""

    name: ClassVar[str] = "test-module-only"
    summary: ClassVar[str] = "A pass that runs on modules"
    anchor: ClassVar[str | None] = "builtin.module"

    def run(self, op, context) -> None:
        pass


TEST_PASSES = {
    cls.name: f"{__name__}:{cls.__name__}" for cls in (Mark, Nothing, FuncOnly, Fail, ModuleOnly)
}
