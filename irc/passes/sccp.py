"""sccp: sparse conditional constant propagation, as MLIR's -sccp does.

An analysis, then a rewrite. The analysis finds, for every value, whether it is the same
constant on every run ("constant"), may differ ("overdefined"), or is never computed
("unknown": code no path reaches), and which blocks may run at all. It is optimistic:
everything starts unknown and only the entry of the program runs; facts only ever go
down the lattice unknown -> constant -> overdefined, so a loop-carried value that stays
one constant is found to be one.

- An op whose operands are all known is folded (its dialect's folder, as canonicalize
  does) with the constant operands; a result that folds to a constant, or to a value
  whose fact is known, gets that fact. Anything else, and ops with regions that are not
  understood below, is overdefined.
- Branches (cf.br, cf.cond_br, cf.switch) with a constant condition only make their one
  target live; a block's arguments join the operands of the live edges into it.
- scf.if and scf.index_switch with a constant selector run only the chosen region;
  scf.for and scf.while carry their values around the loop (the join of the initial
  values and of what the body yields); scf.condition with a constant stops or continues.
  The regions of other ops (scf.parallel, unregistered ops) are assumed to run, with
  arguments overdefined.
- Across calls (the pass runs on a module): a function whose every use is a call of
  the module (private, or nested where all uses are seen) runs only when a live call
  reaches it, its arguments joining the live calls' operands; a call's results join what
  the callee returns. Public functions take overdefined arguments.

The rewrite replaces every value found constant by a constant op (the dialect's
`materialize_constant`, located `loc(unknown)`) at the start of the entry block of the
nearest isolated region (the function body), one per constant; an op all of whose
results were replaced and that has no effect is erased. Branches are not rewritten: dead
blocks stay, and their values are left alone (canonicalize or dce remove them).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from irc.dialects.func import nearest_symbol_table
from irc.ir import attributes as A
from irc.ir.core import Block, Operation, Region, UnregisteredOp, Value
from irc.ir.effects import would_be_trivially_dead
from irc.ir.location import UNKNOWN
from irc.ir.opdef import Op, fold_module
from irc.ir.traits import IsolatedFromAbove, Symbol, SymbolTable
from irc.passes.pass_manager import Pass, PassContext
from irc.passes.symbol_dce import SymbolTables, is_symbol, symbol_references, visibility

OVERDEFINED = "overdefined"
REGION_BRANCH = ("scf.if", "scf.for", "scf.while", "scf.execute_region", "scf.index_switch")
BRANCHES = ("cf.br", "cf.cond_br", "cf.switch")

# A fact is None (unknown), OVERDEFINED, or (attribute, dialect name): the constant and
# the dialect whose folder produced it (it materializes the constant).


def _int_of(fact) -> int | None:
    if fact is None or fact is OVERDEFINED:
        return None
    attr = fact[0]
    return attr.value if isinstance(attr, A.IntegerAttr) else None


# -- the analysis ----------------------------------------------------------------------------


class Solver:
    """The fixed point of the facts of values and the liveness of blocks."""

    def __init__(self, root: Operation) -> None:
        self.root = root
        self.facts: dict[Value, object] = {}
        self.live: set[Block] = set()
        self.worklist: deque[Operation] = deque()
        self.queued: set[Operation] = set()
        self.tables = SymbolTables()
        self.callers: dict[Operation, dict[Operation, None]] = {}  # callee -> live calls
        self.returns: dict[Operation, dict[Operation, None]] = {}  # callee -> live returns
        self.unknown_callers: set[Operation] = set()

    # -- facts ---------------------------------------------------------------------------

    def join(self, value: Value, fact) -> None:
        if fact is None:
            return
        old = self.facts.get(value)
        if old is OVERDEFINED:
            return
        if old is None:
            new = fact
        elif fact is OVERDEFINED or fact[0] is not old[0]:
            new = OVERDEFINED
        else:
            return
        self.facts[value] = new
        for use in value.uses:
            self.enqueue(use.owner)

    def join_all(self, values, facts) -> None:
        for value, fact in zip(values, facts, strict=True):
            self.join(value, fact)

    def overdefine(self, values) -> None:
        for value in values:
            self.join(value, OVERDEFINED)

    def fact(self, value: Value):
        return self.facts.get(value)

    # -- liveness ------------------------------------------------------------------------

    def enqueue(self, op: Operation) -> None:
        if op not in self.queued and op.parent in self.live:
            self.queued.add(op)
            self.worklist.append(op)

    def mark_live(self, block: Block) -> None:
        if block in self.live:
            return
        self.live.add(block)
        for op in block:
            self.enqueue(op)

    def mark_entry_live(self, region: Region, overdefined_args: bool) -> Block | None:
        if not region.blocks:
            return None
        entry = region.blocks[0]
        if overdefined_args:
            self.overdefine(entry.args)
        self.mark_live(entry)
        return entry

    # -- the run -------------------------------------------------------------------------

    def run(self) -> None:
        self.find_unknown_callers()
        if self.root.name == "func.func":
            self.unknown_callers.add(self.root)
        for region in self.root.regions:
            self.mark_entry_live(region, overdefined_args=True)
        while self.worklist:
            op = self.worklist.popleft()
            self.queued.discard(op)
            self.visit(op)

    def find_unknown_callers(self) -> None:
        """MLIR's DeadCodeAnalysis::initializeSymbolCallables: functions that may be
        called from where the analysis cannot see."""
        self._walk_tables(self.root, self.root.parent is None)

    def _walk_tables(self, op: Operation, visible: bool) -> None:
        is_table = SymbolTable in type(op).traits
        if is_table:
            visible = visible or Symbol not in type(op).traits or visibility(op) == "private"
        else:
            visible = True
        for region in op.regions:
            for block in region.blocks:
                for nested in block:
                    self._walk_tables(nested, visible)
        if not is_table or not op.regions or not op.regions[0].blocks:
            return
        for nested in op.regions[0].blocks[0]:
            if nested.name == "func.func" and is_symbol(nested):
                kind = visibility(nested)
                if kind == "public" or (not visible and kind == "nested"):
                    self.unknown_callers.add(nested)
        for nested in op.regions[0].blocks[0]:
            uses = symbol_references(nested)
            if uses is None:
                self.unknown_callers.update(o for o in self.root.walk() if o.name == "func.func")
                return
            for ref, user in uses:
                if user.name in ("func.call", "func.call_indirect"):
                    continue
                path = self.tables.resolve(op, ref)
                if path:
                    self.unknown_callers.add(path[-1])

    # -- visiting ops --------------------------------------------------------------------

    def visit(self, op: Operation) -> None:
        name = op.name
        if name == "func.call":
            self.visit_call(op)
        elif name == "func.return":
            self.visit_return(op)
        elif name in BRANCHES:
            self.visit_branch(op)
        elif name in REGION_BRANCH:
            self.visit_region_branch(op)
        elif name in ("scf.yield", "scf.condition"):
            self.visit_region_terminator(op)
        elif name == "func.func":
            self.visit_callable(op)
        elif op.regions:
            for region in op.regions:
                self.mark_entry_live(region, overdefined_args=True)
            self.overdefine(op.results)
        elif op.successors:
            for block in op.successors:
                self.overdefine(block.args)
                self.mark_live(block)
            self.overdefine(op.results)
        else:
            self.visit_plain(op)

    def visit_plain(self, op: Operation) -> None:
        if not op.results:
            return
        operands = [self.fact(value) for value in op.operands]
        if any(fact is None for fact in operands):
            return  # wait until every operand is known
        if not isinstance(op, Op):
            self.overdefine(op.results)
            return
        attrs = [None if fact is OVERDEFINED else fact[0] for fact in operands]
        folded = _fold_out_of_place(op, attrs)
        if folded is None:
            self.overdefine(op.results)
            return
        for result, item in zip(op.results, folded, strict=True):
            if isinstance(item, A.Attribute):
                self.join(result, (item, op.dialect))
            else:
                self.join(result, self.fact(item))

    def visit_branch(self, op: Operation) -> None:
        operands = [self.fact(value) for value in op.operands]
        if any(fact is None for fact in operands):
            return
        taken = _taken_successor(op, operands)
        indices = range(len(op.successors)) if taken is None else [taken]
        for index in indices:
            target = op.successors[index]
            values = op.successor_operands(index)
            self.join_all(target.args, [self.fact(v) for v in values])
            self.mark_live(target)

    # -- calls ---------------------------------------------------------------------------

    def callee_of(self, call: Operation) -> Operation | None:
        ref = call.properties.get("callee")
        parent = call.parent_op
        table = nearest_symbol_table(parent) if parent is not None else None
        if table is None or not isinstance(ref, A.SymbolRefAttr):
            return None
        path = self.tables.resolve(table, ref)
        callee = path[-1] if path else None
        if callee is None or callee.name != "func.func" or not callee.regions[0].blocks:
            return None
        if not self.root.is_ancestor_of(callee):
            return None
        return callee

    def visit_call(self, call: Operation) -> None:
        callee = self.callee_of(call)
        if callee is None:
            self.overdefine(call.results)
            return
        callers = self.callers.setdefault(callee, {})
        if call not in callers:
            callers[call] = None
            self.enqueue(callee)
        entry = callee.regions[0].blocks[0]
        if callee not in self.unknown_callers:
            self.join_all(entry.args, [self.fact(v) for v in call.operands])
        for ret in self.returns.get(callee, ()):
            self.join_all(call.results, [self.fact(v) for v in ret.operands])

    def visit_callable(self, func: Operation) -> None:
        if not func.regions or not func.regions[0].blocks:
            return
        if func in self.unknown_callers or not is_symbol(func):
            self.mark_entry_live(func.regions[0], overdefined_args=True)
        elif self.callers.get(func):
            self.mark_entry_live(func.regions[0], overdefined_args=False)

    def visit_return(self, ret: Operation) -> None:
        func = ret.parent_op
        if func is None or func.name != "func.func":
            return
        returns = self.returns.setdefault(func, {})
        returns[ret] = None
        facts = [self.fact(v) for v in ret.operands]
        for call in self.callers.get(func, ()):
            self.join_all(call.results, facts)

    # -- region branch ops ---------------------------------------------------------------

    def visit_region_branch(self, op: Operation) -> None:
        operands = [self.fact(value) for value in op.operands]
        if any(fact is None for fact in operands):
            return
        name = op.name
        if name == "scf.for":
            body = self.mark_entry_live(op.regions[0], overdefined_args=False)
            if body is not None:
                self.join(body.args[0], OVERDEFINED)
                self.join_all(body.args[1:], operands[3:])
            self.join_all(op.results, operands[3:])
        elif name == "scf.while":
            before = self.mark_entry_live(op.regions[0], overdefined_args=False)
            if before is not None:
                self.join_all(before.args, operands)
        elif name == "scf.if":
            condition = _int_of(operands[0])
            for index, region in enumerate(op.regions):
                if condition is None or condition == (index == 0):
                    self.mark_entry_live(region, overdefined_args=False)
        elif name == "scf.index_switch":
            for index in _switch_regions(op, _int_of(operands[0])):
                self.mark_entry_live(op.regions[index], overdefined_args=False)
        else:  # scf.execute_region
            self.mark_entry_live(op.regions[0], overdefined_args=False)

    def visit_region_terminator(self, op: Operation) -> None:
        parent = op.parent_op
        if parent is None or parent.name not in REGION_BRANCH:
            return
        facts = [self.fact(value) for value in op.operands]
        if op.name == "scf.condition":
            self.visit_condition(op, parent, facts)
        elif parent.name == "scf.for":
            self.join_all(parent.regions[0].blocks[0].args[1:], facts)
            self.join_all(parent.results, facts)
        elif parent.name == "scf.while":
            before = parent.regions[0].blocks[0]
            self.join_all(before.args, facts)
        else:
            self.join_all(parent.results, facts)

    def visit_condition(self, op: Operation, loop: Operation, facts: list) -> None:
        if facts[0] is None:
            return
        condition = _int_of(facts[0])
        if condition != 0:
            after = self.mark_entry_live(loop.regions[1], overdefined_args=False)
            if after is not None:
                self.join_all(after.args, facts[1:])
        if condition != 1:
            self.join_all(loop.results, facts[1:])


def _fold_out_of_place(op: Op, attrs: list):
    """`op.fold(attrs)`, undoing a fold in place: its operands and attributes may be
    facts of the analysis, not of the IR (MLIR's SCCP does the same)."""
    operands = op.operands
    properties, attributes = dict(op.properties), dict(op.attributes)
    folded = op.fold(attrs)
    if folded is None or folded == op.results:
        if op.operands != operands:
            op.set_operands(operands)
        op.properties.clear()
        op.properties.update(properties)
        op.attributes.clear()
        op.attributes.update(attributes)
        return None
    return folded


def _taken_successor(op: Operation, operands: list) -> int | None:
    """The one successor a branch takes for its constant operands; None when unknown."""
    if op.name == "cf.br":
        return 0
    flag = _int_of(operands[0])
    if flag is None:
        return None
    if op.name == "cf.cond_br":
        return 0 if flag else 1
    for index, value in enumerate(op.case_values()):
        if value == flag:
            return index + 1
    return 0


def _switch_regions(op: Operation, selector: int | None) -> list[int]:
    cases = list(op.case_values)
    if selector is None:
        return list(range(len(op.regions)))
    return [cases.index(selector) + 1] if selector in cases else [0]


# -- the rewrite -----------------------------------------------------------------------------


class ConstantFolder:
    """Constants made by the rewrite: one per (region, dialect, value, type), at the start
    of the entry block of the nearest isolated region (MLIR's OperationFolder)."""

    def __init__(self) -> None:
        self.made: dict[tuple, Value] = {}

    def constant(self, block: Block, dialect: str, attr: A.Attribute, type) -> Value | None:
        region = _insertion_region(block)
        key = (region, dialect, attr, type)
        found = self.made.get(key)
        if found is not None:
            return found
        module = fold_module(dialect)
        materialize = getattr(module, "materialize_constant", None)
        op = materialize(attr, type) if materialize is not None else None
        if op is None:
            return None
        op.location = UNKNOWN
        region.blocks[0].insert_at_start(op)
        self.made[key] = op.results[0]
        return op.results[0]


def _insertion_region(block: Block) -> Region:
    region = block.parent
    while True:
        owner = region.parent
        if owner is None or owner.parent is None or isinstance(owner, UnregisteredOp):
            return region
        if IsolatedFromAbove in type(owner).traits:
            return region
        region = owner.parent.parent


def rewrite(solver: Solver, root: Operation) -> int:
    """Replace the values found constant (MLIR's SCCP rewrite); the number replaced."""
    folder = ConstantFolder()
    replaced = 0

    def replace(value: Value, block: Block) -> bool:
        nonlocal replaced
        fact = solver.fact(value)
        if fact is None or fact is OVERDEFINED:
            return False
        constant = folder.constant(block, fact[1], fact[0], value.type)
        if constant is None:
            return False
        value.replace_all_uses_with(constant)
        replaced += 1
        return True

    worklist: list[Block] = []
    for region in root.regions:
        worklist.extend(reversed(region.blocks))
    while worklist:
        block = worklist.pop()
        for op in list(block):
            if op.parent is not block:
                continue
            all_replaced = bool(op.results)
            for result in op.results:
                all_replaced &= replace(result, block)
            if all_replaced and would_be_trivially_dead(op):
                op.erase()
                continue
            for region in op.regions:
                worklist.extend(reversed(region.blocks))
        for arg in block.args:
            replace(arg, block)
    return replaced


@dataclass
class SCCP(Pass):
    name = "sccp"
    summary = "Sparse Conditional Constant Propagation"

    def run(self, op: Operation, context: PassContext) -> None:
        solver = Solver(op)
        solver.run()
        rewrite(solver, op)
