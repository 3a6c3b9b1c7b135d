"""strip-debuginfo: replace every location with `loc(unknown)`, as MLIR's pass does."""

from __future__ import annotations

from dataclasses import dataclass

from irc.ir.core import Operation
from irc.ir.location import UNKNOWN
from irc.passes.pass_manager import Pass, PassContext


@dataclass
class StripDebugInfo(Pass):
    name = "strip-debuginfo"
    summary = "Strip debug info (locations) from all operations"

    def run(self, op: Operation, context: PassContext) -> None:
        for nested in op.walk():
            nested.location = UNKNOWN
            for region in nested.regions:
                for block in region.blocks:
                    for arg in block.args:
                        arg.loc = UNKNOWN
