"""Op traits: marker classes that passes and the verifier test with `op.has_trait(T)`.

A trait says something true of every op of a class, as MLIR's traits do. Traits with a
structural rule the verifier enforces say so in their docstring.
"""


class Trait:
    """Base of traits; traits are never instantiated."""


class Pure(Trait):
    """No side effects: the op can be removed when unused, hoisted and CSE'd."""


class RecursiveMemoryEffects(Trait):
    """The op's memory effects are those of the ops in its regions (scf.for, scf.if): it
    has none of its own beyond what it declares (see `irc.ir.effects`)."""


class Commutative(Trait):
    """Operands may be swapped without changing the result."""


class Terminator(Trait):
    """Ends a block: must be the block's last op (verified)."""


class IsolatedFromAbove(Trait):
    """Regions may not use values defined outside the op (verified)."""


class NoTerminator(Trait):
    """Blocks of the op's regions need no terminator."""


class SingleBlock(Trait):
    """Each region holds at most one block (verified)."""


class SymbolTable(Trait):
    """The single-block region defines symbols (`sym_name`) that must be unique (verified)."""


class Symbol(Trait):
    """The op defines a symbol named by its `sym_name` attribute."""


class GraphRegions(Trait):
    """Regions are graph regions: values may be used before their definition."""


class SameOperandsAndResultType(Trait):
    """All operands and results have one type (verified)."""


class ElementwiseMappable(Trait):
    """Applies elementwise to tensors and vectors of its scalar operand types."""


class HasParent(Trait):
    """Must be nested directly in an op named in the class's `parent_ops` (verified)."""


class AttrSizedOperandSegments(Trait):
    """Operand groups are sized by the `operandSegmentSizes` property, `array<i32: ...>` with
    one entry per declared operand (verified, with MLIR's messages); custom forms fill it in
    and never print it."""


class AutomaticAllocationScope(Trait):
    """Stack allocations (`memref.alloca`) inside the op are freed when it returns."""
