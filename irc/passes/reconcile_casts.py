"""reconcile-unrealized-casts: fold away the casts a conversion left between type systems.

A conversion that finishes one side of a value before the other bridges them with
`builtin.unrealized_conversion_cast`; once both sides are converted, the casts form chains
that come back to where they started:

    %1 = builtin.unrealized_conversion_cast %0 : i64 to index
    %2 = builtin.unrealized_conversion_cast %1 : index to i64   // uses of %2 become %0

As MLIR's pass (mlir/lib/Conversion/ReconcileUnrealizedCasts): a cast whose results have
the types of the inputs of some cast up its chain (each link casting exactly the previous
cast's results, in order) is replaced by those inputs; casts left without uses are erased.
Casts are visited last to first from a worklist that takes in the casts feeding the ones
removed.

Unlike MLIR's pass, which leaves casts that are still used without a word, each remaining
cast used by an op other than a cast (the end of each chain) is an error at its location,
with a note at that user: such a cast means some op on one side was never converted, and
nothing downstream (LLVM translation) can run it.
`allow-live-casts=true` leaves them in place silently, as MLIR does.
"""

from __future__ import annotations

from dataclasses import dataclass

from irc.dialects.builtin import UnrealizedConversionCastOp
from irc.ir.core import Operation
from irc.passes.pass_manager import Pass, PassContext, option


def _input_cast(cast: Operation) -> Operation | None:
    """The cast whose results are exactly `cast`'s inputs, in order, if there is one."""
    inputs = cast.operands
    if not inputs:
        return None
    producer = getattr(inputs[0], "op", None)
    if not isinstance(producer, UnrealizedConversionCastOp):
        return None
    if len(producer.results) != len(inputs):
        return None
    if any(result is not value for result, value in zip(producer.results, inputs, strict=True)):
        return None
    return producer


def reconcile_unrealized_casts(casts: list[Operation]) -> list[Operation]:
    """Fold and erase what `casts` allow; return the casts that remain, in their order."""
    worklist: dict[Operation, None] = dict.fromkeys(casts)
    erased: set[Operation] = set()

    def enqueue_inputs(cast: Operation) -> None:
        for value in cast.operands:
            producer = getattr(value, "op", None)
            if isinstance(producer, UnrealizedConversionCastOp) and producer not in erased:
                worklist[producer] = None

    while worklist:
        cast, _ = worklist.popitem()
        if not cast.has_uses:
            enqueue_inputs(cast)
            erased.add(cast)
            cast.erase()
            continue
        link = cast
        while link is not None:
            if [v.type for v in link.operands] == cast.result_types:
                enqueue_inputs(cast)
                cast.replace_all_uses_with(link.operands)
                erased.add(cast)
                cast.erase()
                break
            link = _input_cast(link)
    return [cast for cast in casts if cast not in erased]


@dataclass
class ReconcileUnrealizedCasts(Pass):
    name = "reconcile-unrealized-casts"
    summary = "Simplify and eliminate unrealized conversion casts"

    allow_live_casts: bool = option(
        False, "leave casts that are still used in place without an error (MLIR's behaviour)"
    )

    def run(self, op: Operation, context: PassContext) -> None:
        casts = [nested for nested in op.walk() if isinstance(nested, UnrealizedConversionCastOp)]
        remaining = reconcile_unrealized_casts(casts)
        if self.allow_live_casts:
            return
        for cast in remaining:
            users = [use.owner for result in cast.results for use in result.uses]
            outside = [u for u in users if not isinstance(u, UnrealizedConversionCastOp)]
            if not outside:
                continue  # part of a chain: reported at the chain's end
            inputs = ", ".join(f"'{v.type}'" for v in cast.operands)
            outputs = ", ".join(f"'{t}'" for t in cast.result_types)
            diag = context.error(
                cast,
                f"unrealized conversion cast from ({inputs}) to ({outputs}) is still used: "
                "a conversion left the other side of this value unconverted",
            )
            diag.attach_note(f"used by '{outside[0].name}' here", outside[0].location)
