"""Side effects and speculation: what cse, dce, licm and sccp may assume of an op.

This is MLIR's MemoryEffects model, reduced to what irc's passes ask:

- An op with the `Pure` trait has no memory effects.
- An op class may declare `memory_effects` (see `Op`): a tuple of the kinds below.
  memref.load reads, memref.store writes, memref.alloc allocates its result.
- An op with `RecursiveMemoryEffects` (scf.for, scf.if, ...) has the effects of the ops
  nested in its regions, plus any it declares.
- Any other op (unregistered ops, func.call, cf.assert) has unknown effects: it may read,
  write, free or loop forever, so no pass removes, moves or merges it.

Speculation (MLIR's ConditionallySpeculatable) says whether an op may run where it would
not have run, e.g. hoisted out of a loop that might run zero times. Pure ops may, except
the integer divisions whose divisor is not a constant that cannot fault (`SPECULATION`);
scf.if may when its regions may, scf.for too when its step is the constant 1 (a loop that
terminates whatever its bounds are).
"""

from __future__ import annotations

from collections.abc import Callable

from irc.ir.attributes import Attribute, DenseElementsAttr, IntegerAttr
from irc.ir.core import Operation
from irc.ir.traits import Pure, RecursiveMemoryEffects, Symbol, Terminator

READ = "read"
WRITE = "write"
ALLOCATE = "allocate"  # allocates the op's own result
FREE = "free"

NO_EFFECTS: frozenset[str] = frozenset()
_DROPPABLE = frozenset({READ, ALLOCATE})  # an unused op with only these may be erased


def memory_effects(op: Operation) -> frozenset[str] | None:
    """The kinds of memory effects of `op` and the ops nested in it (for ops with
    RecursiveMemoryEffects); None when they are unknown."""
    traits = type(op).traits
    if Pure in traits:
        return NO_EFFECTS
    declared = getattr(type(op), "memory_effects", None)
    if RecursiveMemoryEffects not in traits:
        return None if declared is None else frozenset(declared)
    effects = set(declared or ())
    for region in op.regions:
        for block in region.blocks:
            for nested in block:
                found = memory_effects(nested)
                if found is None:
                    return None
                effects |= found
    return frozenset(effects)


def is_memory_effect_free(op: Operation) -> bool:
    """MLIR's isMemoryEffectFree: no effects, nested ops of recursive ops included."""
    if Pure in type(op).traits:
        return True
    return memory_effects(op) == NO_EFFECTS


def would_be_trivially_dead(op: Operation) -> bool:
    """Whether `op` could be erased if its results were unused (MLIR's
    wouldOpBeTriviallyDead): not a terminator or a symbol, and at most reading memory or
    allocating its own results."""
    traits = type(op).traits
    if Terminator in traits or Symbol in traits:
        return False
    if Pure in traits:
        return True
    effects = memory_effects(op)
    return effects is not None and effects <= _DROPPABLE


def is_trivially_dead(op: Operation) -> bool:
    """Unused and removable (MLIR's isOpTriviallyDead)."""
    return not any(result.uses for result in op.results) and would_be_trivially_dead(op)


def only_reads(op: Operation) -> bool:
    """Whether the op's only declared effect is reading (memref.load): such ops may be
    merged by cse when nothing writes between them."""
    declared = getattr(type(op), "memory_effects", None)
    return (
        declared is not None
        and RecursiveMemoryEffects not in type(op).traits
        and set(declared) == {READ}
    )


def may_write(op: Operation) -> bool:
    """Whether `op` (or anything in it) may write memory: unknown effects count."""
    effects = memory_effects(op)
    return effects is None or WRITE in effects


# -- speculation --------------------------------------------------------------------------


def _constant_of(op: Operation, index: int) -> Attribute | None:
    from irc.ir.opdef import constant_operands

    return constant_operands(op)[index] if index < len(op.operand_uses) else None


def _integer_values(attr: Attribute | None) -> list[int] | None:
    """The integer value(s) of a constant: one for a scalar, one for a splat."""
    if isinstance(attr, IntegerAttr):
        return [attr.value]
    if isinstance(attr, DenseElementsAttr) and attr.splat:
        return [int(attr.values.flat[0])]
    return None


def _nonzero_divisor(op: Operation) -> bool:
    """x / c cannot fault when c is a constant other than 0."""
    values = _integer_values(_constant_of(op, 1))
    return values is not None and all(v != 0 for v in values)


def _safe_signed_divisor(op: Operation) -> bool:
    """x / c (signed) cannot fault when c is neither 0 nor -1 (INT_MIN / -1 overflows)."""
    values = _integer_values(_constant_of(op, 1))
    return values is not None and all(v not in (0, -1) for v in values)


def _for_speculatable(op: Operation) -> bool:
    """scf.for with step 1 terminates, so it may run when its body may."""
    values = _integer_values(_constant_of(op, 2))
    return values == [1] and _regions_speculatable(op)


def _regions_speculatable(op: Operation) -> bool:
    return all(
        is_speculatable(nested)
        for region in op.regions
        for block in region.blocks
        for nested in block
    )


SPECULATION: dict[str, Callable[[Operation], bool]] = {
    "arith.divsi": _safe_signed_divisor,
    "arith.ceildivsi": _safe_signed_divisor,
    # MLIR declares floordivsi Pure, hoisting a possible division by zero; irc does not.
    "arith.floordivsi": _safe_signed_divisor,
    "arith.remsi": _nonzero_divisor,
    "arith.divui": _nonzero_divisor,
    "arith.ceildivui": _nonzero_divisor,
    "arith.remui": _nonzero_divisor,
    "scf.for": _for_speculatable,
    "scf.if": _regions_speculatable,
}


def is_speculatable(op: Operation) -> bool:
    """Whether `op` may run where it would not have run (MLIR's isSpeculatable)."""
    rule = SPECULATION.get(op.name)
    if rule is not None:
        return rule(op)
    return Pure in type(op).traits
