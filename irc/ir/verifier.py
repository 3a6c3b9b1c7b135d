"""The verifier: structural rules every module must satisfy, then each op's own rules.

Checked here, with MLIR's wording where MLIR has a message for the same fault:
- operand, result, region and successor counts and operand/result types against the op's
  declaration (`irc.ir.opdef`), then the op's `verify()`;
- terminators last in their block, ops with successors terminating their block,
  successors in the same region, blocks of registered region-holding ops ending in a
  terminator, SingleBlock and HasParent;
- SSA dominance (graph regions excepted) and isolation from above;
- unique symbols inside symbol tables.

All faults are collected, so `-verify-diagnostics` can match several in one file.
"""

from __future__ import annotations

from irc.ir.attributes import DenseArrayAttr, DictionaryAttr
from irc.ir.core import Block, BlockArgument, Operation, Region, Value
from irc.ir.diagnostics import Diagnostic, DiagnosticEngine, IRError
from irc.ir.dominance import dominator_tree
from irc.ir.opdef import SEGMENT_SIZES, Arg, Op, VerifyError
from irc.ir.traits import (
    AttrSizedOperandSegments,
    GraphRegions,
    HasParent,
    IsolatedFromAbove,
    NoTerminator,
    SameOperandsAndResultType,
    SingleBlock,
    SymbolTable,
    Terminator,
)
from irc.ir.types import DYNAMIC, I32, ShapedType, element_type_of


def verify(op: Operation, diagnostics: DiagnosticEngine | None = None) -> bool:
    """Verify `op` and everything nested; raise IRError unless `diagnostics` is given,
    in which case every fault is emitted there and the result says whether all passed."""
    engine = diagnostics if diagnostics is not None else DiagnosticEngine()
    before = len(engine.diagnostics)
    _Verifier(engine).verify_top(op)
    failed = any(d.severity == "error" for d in engine.diagnostics[before:])
    if failed and diagnostics is None:
        raise IRError(engine.diagnostics, engine.sources)
    return not failed


class _Verifier:
    def __init__(self, engine: DiagnosticEngine) -> None:
        self.engine = engine

    def error(self, op: Operation, message: str) -> Diagnostic:
        return self.engine.error(op.location, f"'{op.name}' op {message}")

    # -- walk --------------------------------------------------------------------------------

    def verify_top(self, op: Operation) -> None:
        self.verify_op(op)
        self.verify_regions(op, set())

    def verify_regions(self, op: Operation, available: set[Value]) -> None:
        """Check the regions of `op`, where `available` are the values usable inside."""
        if op.regions and IsolatedFromAbove in op.traits:
            available = set()
        for region in op.regions:
            if region.blocks and region.blocks[0].predecessors():
                self.engine.error(op.location, "entry block of region may not have predecessors")
            if GraphRegions in op.traits:
                self.verify_graph_region(region, available)
            else:
                self.verify_cfg_region(region, available)

    def verify_graph_region(self, region: Region, available: set[Value]) -> None:
        added: list[Value] = []
        for block in region.blocks:
            added.extend(block.args)
            for op in block:
                added.extend(op.results)
        fresh = [v for v in added if v not in available]
        available.update(fresh)
        for block in region.blocks:
            self.verify_block(block, available, check_dominance=True)
        available.difference_update(fresh)

    def verify_cfg_region(self, region: Region, available: set[Value]) -> None:
        blocks = region.blocks
        if len(blocks) == 1:
            self.verify_block(blocks[0], available, check_dominance=True)
            return
        if not blocks:
            return
        children, reachable = dominator_tree(region)
        self._verify_dominated(blocks[0], children, available)
        unreachable = [b for b in blocks if b not in reachable]
        if unreachable:
            everything = [v for b in blocks for v in _values_of(b)]
            fresh = [v for v in everything if v not in available]
            available.update(fresh)
            for block in unreachable:
                self.verify_block(block, available, check_dominance=False)
            available.difference_update(fresh)

    def _verify_dominated(self, entry: Block, children, available: set[Value]) -> None:
        """Blocks in dominator-tree pre-order, each seeing the values of its dominators;
        an explicit stack, as a chain of thousands of blocks is a deep tree."""
        stack: list[tuple[bool, object]] = [(True, entry)]
        while stack:
            entering, item = stack.pop()
            if not entering:
                available.difference_update(item)  # leaving: its values go out of scope
                continue
            added = self.verify_block(item, available, check_dominance=True, keep=True)
            stack.append((False, added))
            stack.extend((True, child) for child in reversed(children.get(item, ())))

    def verify_block(
        self, block: Block, available: set[Value], check_dominance: bool, keep: bool = False
    ) -> list[Value]:
        """Verify each op of `block` in order; the block's own values are added to
        `available` as they are defined, and removed at the end unless `keep`."""
        added: list[Value] = list(block.args)
        available.update(block.args)
        for op in block:
            if check_dominance:
                for index, use in enumerate(op.operand_uses):
                    if use.value not in available:
                        self.report_bad_use(op, index, use.value)
            before = len(self.engine.diagnostics)
            self.verify_op(op)
            if op.regions and len(self.engine.diagnostics) == before:
                self.verify_regions(op, available)  # as in MLIR, not inside a failed op
            results = op.results
            if results:
                available.update(results)
                added.extend(results)
        self.verify_block_terminator(block)
        if not keep:
            available.difference_update(added)
        return added

    # -- faults --------------------------------------------------------------------------

    def report_bad_use(self, op: Operation, index: int, value: Value) -> None:
        barrier = _isolating_ancestor(op)
        if barrier is not None and not _defined_inside(value, barrier):
            diag = self.error(op, "using value defined outside the region")
            diag.attach_note("required by region isolation constraints", barrier.location)
            return
        diag = self.error(op, f"operand #{index} does not dominate this use")
        diag.attach_note(*_dominance_note(value, op))

    def verify_op(self, op: Operation) -> None:
        traits = op.traits
        if Terminator in traits and op.parent is not None and op.next is not None:
            self.error(op, "must be the last operation in the parent block")
        if op.successors:
            self.verify_successors(op)
        if not isinstance(op, Op):
            return
        if not self.verify_declaration(op):
            return
        if HasParent in traits:
            parent = op.parent_op
            if parent is None or parent.name not in op.parent_ops:
                names = ", ".join(op.parent_ops)  # MLIR's HasParent and ParentOneOf
                wanted = "to be one of " if len(op.parent_ops) > 1 else ""
                self.error(op, f"expects parent op {wanted}'{names}'")
        if SingleBlock in traits:
            for index, region in enumerate(op.regions):
                if len(region.blocks) > 1:
                    self.error(op, f"expects region #{index} to have 0 or 1 blocks")
                    break  # as MLIR, the first region at fault only
                if region.blocks and region.blocks[0].first is None:
                    if NoTerminator not in traits:  # MLIR's SingleBlock: a terminator at least
                        self.error(op, "expects a non-empty block")
                        break
        if SymbolTable in traits:
            self.verify_symbol_table(op)
        if SameOperandsAndResultType in traits and not _same_operand_and_result_types(op):
            self.error(op, "requires the same type for all operands and results")
            return
        try:
            op.verify()
        except VerifyError as exc:
            if exc.op_prefix:
                diag = self.error(op, str(exc))
            else:
                diag = self.engine.error(op.location, str(exc))
            for message, location in exc.notes:
                diag.attach_note(message, location)
        except Exception as exc:  # a bug in an op's verifier must not lose the diagnostics
            self.error(op, f"verifier raised {type(exc).__name__}: {exc} (a bug in irc)")
        else:
            # Last, so a dialect's own (MLIR-worded) property checks speak first.
            problem = property_problem(type(op), op.properties)
            if problem is not None:
                self.error(op, problem)

    def verify_successors(self, op: Operation) -> None:
        if op.next is not None and op.parent is not None:
            self.error(op, "operation with block successors must terminate its parent block")
        region = op.parent_region
        for block in op.successors:
            if block.parent is not region:
                self.error(op, "reference to block defined in another region")

    def verify_declaration(self, op: Op) -> bool:
        """Counts, then types, against the declaration; False if any fault was reported.
        As MLIR's count traits, regions, results, successors and operands are counted in
        that order; then operand types, then result types. Only the first fault is
        reported, as MLIR stops at it."""
        cls = type(op)
        problem = _count_problem(cls, op)
        if problem is not None:
            self.error(op, problem)
            return False
        before = len(self.engine.diagnostics)
        if AttrSizedOperandSegments in cls.traits:
            self.verify_segments(op)
        elif cls.operand_defs is not None:
            self.verify_values(op, "operand", cls.operand_defs, op.operands)
        if cls.result_defs is not None and len(self.engine.diagnostics) == before:
            self.verify_values(op, "result", cls.result_defs, op.results)
        return len(self.engine.diagnostics) == before

    def verify_values(self, op: Op, kind: str, defs: tuple[Arg, ...], values: list) -> None:
        low, high, per_position = _value_spec(defs)
        count = len(values)
        if per_position is None:
            per_position = _positions(defs, count)
            if per_position is None:
                return  # segments of several variadic groups are checked by the op itself
        for index, value in enumerate(values):
            definition = per_position[index if len(per_position) > 1 else 0]
            if not _accepts(definition, value.type):
                self.error(
                    op, f"{kind} #{index} must be {definition.description}, but got '{value.type}'"
                )
                return  # as MLIR's generated verifier, the first fault only

    def verify_segments(self, op: Op) -> None:
        """AttrSizedOperandSegments: the sizes property against the operands, then each
        group's count and types, with MLIR's messages (a missing property reads as zeros)."""
        defs = type(op).operand_defs
        attr = op.properties.get(SEGMENT_SIZES)
        sizes = (0,) * len(defs) if attr is None else getattr(attr, "values", None)
        problem = None
        if attr is not None and (not isinstance(attr, DenseArrayAttr) or attr.element_type != I32):
            problem = "expected DenseI32ArrayAttr"
        elif len(sizes) != len(defs):
            problem = f"size mismatch in attribute conversion: {len(sizes)} vs {len(defs)}"
        if problem is not None:
            properties = DictionaryAttr(op.properties)
            self.engine.error(
                op.location,
                f"invalid properties {properties} for op {op.name}: for `{SEGMENT_SIZES}`: "
                f"{problem}",
            )
            return
        if any(size < 0 for size in sizes):
            self.error(op, f"'{SEGMENT_SIZES}' attribute cannot have negative elements")
            return
        if sum(sizes) != len(op.operands):
            self.error(
                op,
                f"operand count ({len(op.operands)}) does not match with the total size "
                f"({sum(sizes)}) specified in attribute '{SEGMENT_SIZES}'",
            )
            return
        start = 0
        for definition, size in zip(defs, sizes, strict=True):
            if size < definition.min_count or (
                definition.max_count is not None and size > definition.max_count
            ):
                wanted = "0 or 1 element" if definition.min_count == 0 else "1 element"
                self.error(
                    op, f"operand group starting at #{start} requires {wanted}, but found {size}"
                )
                return
            for index in range(start, start + size):
                value = op.operands[index]
                if not _accepts(definition, value.type):
                    self.error(
                        op,
                        f"operand #{index} must be {definition.description}, "
                        f"but got '{value.type}'",
                    )
                    return
            start += size

    def verify_block_terminator(self, block: Block) -> None:
        parent = block.parent_op
        if parent is None or not isinstance(parent, Op) or NoTerminator in parent.traits:
            return
        last = block.last
        if last is None:
            self.engine.error(
                parent.location, f"'{parent.name}' op empty block: expect at least a terminator"
            )
        elif isinstance(last, Op) and Terminator not in last.traits:
            self.error(last, "block with no terminator, has this op as its last operation")

    def verify_symbol_table(self, op: Op) -> None:
        seen: dict[str, Operation] = {}
        for region in op.regions:
            for block in region.blocks:
                for child in block:
                    name = child.properties.get("sym_name") or child.attributes.get("sym_name")
                    value = getattr(name, "value", None)
                    if not isinstance(value, str):
                        continue
                    if value in seen:
                        diag = self.error(child, f"redefinition of symbol named '{value}'")
                        diag.attach_note(
                            "see existing symbol definition here", seen[value].location
                        )
                    else:
                        seen[value] = child


_SPECS: dict[tuple[Arg, ...], tuple] = {}
_ACCEPTED: dict[tuple, bool] = {}


def _value_spec(defs: tuple[Arg, ...]) -> tuple:
    """(fewest, most or None, the Arg for each position or None), computed once per
    declaration: a single def covers every position; fixed defs one each."""
    spec = _SPECS.get(defs)
    if spec is None:
        low = sum(d.min_count for d in defs)
        high = None if any(d.max_count is None for d in defs) else sum(d.max_count for d in defs)
        if len(defs) == 1:
            per_position = defs
        elif all(d.max_count == 1 and d.min_count == 1 for d in defs):
            per_position = defs
        else:
            per_position = None
        spec = _SPECS[defs] = (low, high, per_position)
    return spec


def property_problem(cls: type[Op], properties: dict) -> str | None:
    """A missing required property, or one its kind does not accept (a generic form can
    spell anything there; printers and passes trust what the verifier let through)."""
    for prop in cls.prop_defs:
        attr = properties.get(prop.name)
        if attr is None:
            if not prop.optional and prop.default is None:
                return f"requires attribute '{prop.name}'"
        elif not prop.kind.check(attr):
            return f"attribute '{prop.name}' failed to satisfy constraint: {prop.kind.description}"
    return None


def values_problem(kind: str, defs, types) -> str | None:
    """The verifier's complaint about `types` as the operands (or results) `defs`
    declare: the count, then the first type a constraint refuses; None when they fit."""
    if defs is None:
        return None
    problem = _values_count_problem(kind, defs, len(types))
    if problem is not None:
        return problem
    positions = _positions(defs, len(types))
    for index, (definition, t) in enumerate(zip(positions or (), types, strict=False)):
        if not _accepts(definition, t):
            return f"{kind} #{index} must be {definition.description}, but got '{t}'"
    return None


def _count_problem(cls: type[Op], op: Op) -> str | None:
    """The message of MLIR's first failing count trait (regions, results, successors,
    operands), or None when every count fits the declaration."""
    if cls.num_regions is not None and len(op.regions) != cls.num_regions:
        return _exact_count("region", cls.num_regions, len(op.regions))
    if cls.result_defs is not None:
        problem = _values_count_problem("result", cls.result_defs, len(op.results))
        if problem is not None:
            return problem
    if cls.num_successors is not None and len(op.successors) != cls.num_successors:
        noun = "successor" if cls.num_successors == 1 else "successors"
        return f"requires {cls.num_successors} {noun} but found {len(op.successors)}"
    if cls.operand_defs is not None:
        return _values_count_problem("operand", cls.operand_defs, len(op.operands))
    return None


def _values_count_problem(kind: str, defs: tuple[Arg, ...], count: int) -> str | None:
    low, high, _ = _value_spec(defs)
    if low <= count and (high is None or count <= high):
        return None
    if low == high:
        return _exact_count(kind, low, count)
    if count < low:
        found = f", but found {count}" if kind == "operand" else ""
        return f"expected {low} or more {kind}s{found}"
    return f"expected {low} to {high} {kind}s, but found {count}"


def _exact_count(kind: str, expected: int, count: int) -> str:
    """MLIR's ZeroX / OneX / NX trait messages."""
    if expected == 0:
        return f"requires zero {kind}s"
    if expected == 1:
        return "requires a single operand" if kind == "operand" else f"requires one {kind}"
    found = f", but found {count}" if kind == "operand" else ""
    return f"expected {expected} {kind}s{found}"


def _positions(defs: tuple[Arg, ...], count: int) -> list[Arg] | None:
    """The def of each of `count` values, split as `Op.operand_group` splits them (one
    variadic group takes what the others leave); None with several variadic groups."""
    if sum(1 for d in defs if d.max_count is None) > 1:
        return None
    spare = count - sum(d.min_count for d in defs if d.max_count is not None)
    positions: list[Arg] = []
    for definition in defs:
        if definition.max_count is None:
            size = spare
        elif definition.min_count == 0:
            size = 1 if spare > 0 else 0
            spare -= size
        else:
            size = 1
        positions.extend([definition] * size)
    return positions


def _accepts(definition: Arg, type) -> bool:
    """Constraint checks are pure functions of interned types, so their answers are kept."""
    key = (definition.constraint, type)
    found = _ACCEPTED.get(key)
    if found is None:
        found = _ACCEPTED[key] = bool(definition.constraint(type))
    return found


def _same_operand_and_result_types(op: Operation) -> bool:
    """MLIR's SameOperandsAndResultType: one element type, and shapes that agree where
    both are known (`tensor<?xf32>` goes with `tensor<4xf32>`)."""
    types = [r.type for r in op.results] + [v.type for v in op.operands]
    if not op.results or not op.operands:
        return True
    first = types[0]
    element = element_type_of(first)
    return all(element_type_of(t) is element and _compatible_shapes(t, first) for t in types[1:])


def _compatible_shapes(a, b) -> bool:
    shaped_a, shaped_b = isinstance(a, ShapedType), isinstance(b, ShapedType)
    if not shaped_a or not shaped_b:
        return shaped_a == shaped_b
    shape_a, shape_b = getattr(a, "shape", None), getattr(b, "shape", None)
    if shape_a is None or shape_b is None:  # unranked goes with any shape
        return True
    return len(shape_a) == len(shape_b) and all(
        x == y or DYNAMIC in (x, y) for x, y in zip(shape_a, shape_b, strict=True)
    )


def _values_of(block: Block) -> list[Value]:
    values = list(block.args)
    for op in block:
        values.extend(op.results)
    return values


def _isolating_ancestor(op: Operation) -> Operation | None:
    for ancestor in op.ancestors():
        if IsolatedFromAbove in ancestor.traits:
            return ancestor
    return None


def _defined_inside(value: Value, ancestor: Operation) -> bool:
    block = value.parent_block
    owner = block.parent_op if block is not None else None
    return owner is not None and ancestor.is_ancestor_of(owner)


def _dominance_note(value: Value, user: Operation):
    """MLIR's note on where a non-dominating operand is defined: (message, location)."""
    use_block = user.parent
    use_region = use_block.parent if use_block is not None else None
    def_block = value.parent_block
    def_region = def_block.parent if def_block is not None else None
    if def_region is use_region:
        where = "in the same region"
    elif _is_proper_ancestor(def_region, use_region):
        where = "in a parent region"
    elif _is_proper_ancestor(use_region, def_region):
        where = "in a child region"
    else:
        where = "neither in a parent nor in a child region"
    if isinstance(value, BlockArgument):
        owner = def_block.parent_op
        number = def_region.blocks.index(def_block) if def_region is not None else 0
        message = f"operand defined as a block argument (block #{number} {where})"
        return message, owner.location if owner is not None else value.location
    if def_block is use_block:
        return "operand defined here (op in the same block)", value.location
    if where.startswith("neither"):
        return (
            "operand defined here (op is neither in a parent nor in a child region)",
            value.location,
        )
    return f"operand defined here (op {where})", value.location


def _is_proper_ancestor(outer: Region | None, inner: Region | None) -> bool:
    """Whether `inner` is nested (at any depth) inside an op of region `outer`."""
    if outer is None or inner is None:
        return False
    op = inner.parent
    while op is not None:
        region = op.parent_region
        if region is outer:
            return True
        if region is None:
            return False
        op = region.parent
    return False
