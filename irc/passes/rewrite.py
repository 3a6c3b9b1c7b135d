"""Rewrite patterns and the greedy driver that applies them, as MLIR's
GreedyPatternRewriteDriver does.

A `Pattern` declares the op class it matches (its root) and a benefit; the driver indexes
patterns by root, so an op is only offered the patterns written for its class (or a base
of it). Simple rewrites are data: a `rule` pairs a structural match with a rewrite,

    # addi(addi(x, c0), c1) -> addi(x, c0 + c1)
    rule("AddIAddConstant", P(AddIOp, P(AddIOp, x, c0, name="inner"), c1), add_constants)

and knows the file:line where it was written, so the debug view (`debug=true`, or the
environment variable IRC_DEBUG_REWRITES=1) can say which rule fired on which op and why
the others did not match. A `@pattern(OpClass)` function is the escape hatch for
rewrites over regions, blocks or several ops.

Patterns change the IR only through the `PatternRewriter` they are given: it creates ops
at the matched op, replaces and erases ops, and notifies the driver of every change so
that users, operands and new ops are visited again.

The driver follows MLIR's algorithm step for step, because `iree-opt -canonicalize` is the
reference for what canonicalization produces (down to the order of hoisted constants):

1. Each iteration erases unreachable blocks, then seeds a worklist from a walk of the
   region (post-order, or pre-order reversed when `top_down`); enqueuing an op enqueues
   its ancestors too. Constants met on the way are uniqued and hoisted to the
   start of the entry block of the nearest region isolated from above (MLIR's
   OperationFolder::insertKnownConstant); a duplicate is replaced by the first one.
2. Ops are popped last-in first-out. An op without uses and without side effects is
   erased; otherwise it is folded (`Op.fold`, constants materialized by its dialect's
   `materialize_constant` just before it); otherwise its patterns are tried by
   decreasing benefit until one applies.
3. After the worklist drains, regions are simplified (unreachable blocks erased, dead
   ops and dead block arguments removed; MLIR's simplifyRegions).
4. Iterations repeat while anything changed, at most `max_iterations` times. Running out
   of iterations is reported (`report_non_convergence`), naming the ops and the patterns
   that kept firing; so is an iteration cut short because patterns kept undoing each
   other (RUNAWAY_FACTOR changes per op), where MLIR would loop forever.

What the dialects contribute lives in `irc.dialects.<dialect>_canonicalize`, imported on
first use: `PATTERNS` (a list) and `BRANCHES` (op class -> a `Branch` saying which
operands go to which successor, for dead block argument removal). Whether an unused op
may be erased is `irc.ir.effects`' call (MLIR's memory effects).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

from irc.dialects import DIALECTS
from irc.ir.attributes import Attribute
from irc.ir.core import Block, BlockArgument, Operation, Region, Value
from irc.ir.effects import is_trivially_dead, would_be_trivially_dead
from irc.ir.location import Location
from irc.ir.opdef import Op, fold_module, folder_for
from irc.ir.traits import Commutative, IsolatedFromAbove, Pure, Terminator
from irc.ir.types import Type

# -- patterns ---------------------------------------------------------------------------------


class RewriteError(Exception):
    """A pattern raised: the message names it and the op; `location` is the op's."""

    def __init__(self, message: str, location: Location) -> None:
        super().__init__(message)
        self.location = location


class Pattern:
    """A rewrite of ops of class `root` (or of a subclass; None: any op).

    `match_and_rewrite(op, rewriter)` returns True when it changed the IR (through the
    rewriter only), False when it did not match; `rewriter.fail(op, reason)` returns
    False and tells the debug view why. Patterns with a higher `benefit` are tried first;
    among equal benefits, the order in which they were listed."""

    __slots__ = ("root", "benefit", "name", "source")

    def __init__(self, root: type | None, benefit: int = 1, name: str = "", source: str = ""):
        self.root = root
        self.benefit = benefit
        self.name = name or type(self).__name__
        self.source = source

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> bool:
        raise NotImplementedError

    def describe(self) -> str:
        return f"{self.name} ({self.source})" if self.source else self.name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.describe()}>"


class FunctionPattern(Pattern):
    """A pattern written as a function `(op, rewriter) -> bool`."""

    __slots__ = ("function",)

    def __init__(self, function: Callable, root: type | None, benefit: int, name: str = ""):
        code = function.__code__
        super().__init__(
            root, benefit, name or function.__name__, _source(code.co_filename, code.co_firstlineno)
        )
        self.function = function

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> bool:
        return bool(self.function(op, rewriter))


def pattern(root: type | None, benefit: int = 1, name: str = "") -> Callable:
    """Decorate `def rewrite(op, rewriter) -> bool` into a pattern rooted at `root`."""

    def wrap(function: Callable) -> FunctionPattern:
        return FunctionPattern(function, root, benefit, name)

    return wrap


def _source(filename: str, line: int) -> str:
    """`irc/dialects/arith_canonicalize.py:42`: the path from the repository root."""
    parts = filename.replace("\\", "/").split("/")
    if "irc" in parts:
        parts = parts[len(parts) - 1 - parts[::-1].index("irc") :]
    elif "tests" in parts:
        parts = parts[len(parts) - 1 - parts[::-1].index("tests") :]
    return f"{'/'.join(parts)}:{line}"


# -- rules as data: a small structural matcher ------------------------------------------------


class Var:
    """Matches any value and binds it to `name`; the same name twice must be one value."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


class Const:
    """Matches a value defined by a constant op (MLIR's ConstantLike) and binds its
    Attribute to `name`; `where(attr) -> bool` narrows it (an integer, a splat of one)."""

    __slots__ = ("name", "where", "description")

    def __init__(self, name: str, where: Callable | None = None, description: str = "") -> None:
        self.name = name
        self.where = where
        self.description = description or "a constant"

    def __repr__(self) -> str:
        return self.name


class P:
    """Matches an op of class `op_class` whose operands match `operands` in order.

    As an operand pattern it matches a value that is a result of such an op. `name` binds
    the op, `where(op) -> bool` is an extra condition on it (a predicate, a type)."""

    __slots__ = ("op_class", "operands", "name", "where", "description")

    def __init__(
        self,
        op_class: type,
        *operands: P | Var | Const,
        name: str | None = None,
        where: Callable | None = None,
        description: str = "",
    ) -> None:
        self.op_class = op_class
        self.operands = operands
        self.name = name
        self.where = where
        self.description = description

    def size(self) -> int:
        """The number of ops the pattern matches: a rule's default benefit, as in DRR."""
        return 1 + sum(o.size() for o in self.operands if isinstance(o, P))

    def __repr__(self) -> str:
        inner = ", ".join(repr(o) for o in self.operands)
        return f"{self.op_class.name.split('.', 1)[-1]}({inner})"


class Match:
    """What a rule's pattern bound: `m.x` (values), `m.c0` (constant Attributes), `m.inner`
    (ops named in the pattern) and `m.op`, the root op."""

    def __init__(self, op: Operation, bindings: dict) -> None:
        self.op = op
        self.__dict__.update(bindings)


def constant_value(op: Operation | None) -> Attribute | None:
    """The Attribute a constant op (Pure, no operands or regions, one result) folds to."""
    if op is None or op.operand_uses or op.regions or len(op.results) != 1:
        return None
    if op.name == "arith.constant":  # the common case, without a call to its folder
        return op.properties.get("value")
    if Pure not in op.traits or not hasattr(op, "fold"):
        return None
    folded = op.fold([])
    if folded and isinstance(folded[0], Attribute):
        return folded[0]
    return None


def operand_constants(op: Operation) -> list[Attribute | None]:
    """The constant value of each operand (None where it is not a constant), as
    `irc.ir.opdef.constant_operands` gives them."""
    return [constant_value(getattr(use.value, "op", None)) for use in op.operand_uses]


_FOLDS: dict[type, bool] = {}


def may_fold(op: Operation) -> bool:
    """Whether `op`'s class can fold at all: a folder row, its own `fold`, or a trait that
    folds (Commutative). Cached per class."""
    cls = type(op)
    found = _FOLDS.get(cls)
    if found is None:
        own = getattr(cls, "fold", None)
        found = own is not None and (
            own is not Op.fold or folder_for(cls) is not None or Commutative in cls.traits
        )
        _FOLDS[cls] = found
    return found


def _match_operand(node, value: Value, bindings: dict, where: str) -> str | None:
    """None when `value` matches `node` (binding into `bindings`), else why not."""
    if isinstance(node, Var):
        bound = bindings.get(node.name)
        if bound is None:
            bindings[node.name] = value
            return None
        return None if bound is value else f"{where} is not the same value as {node.name}"
    owner = getattr(value, "op", None)
    if isinstance(node, Const):
        attr = constant_value(owner)
        if attr is None:
            return f"{where} is not a constant"
        if node.where is not None and not node.where(attr):
            return f"{where} is not {node.description}"
        bindings[node.name] = attr
        return None
    if not isinstance(owner, node.op_class):
        return f"{where} is not defined by '{node.op_class.name}'"
    return _match_op(node, owner, bindings)


def _match_op(node: P, op: Operation, bindings: dict) -> str | None:
    uses = op.operand_uses
    if len(uses) != len(node.operands):
        return f"'{op.name}' has {len(uses)} operands, the rule expects {len(node.operands)}"
    if node.name is not None:
        bindings[node.name] = op
    for index, (sub, use) in enumerate(zip(node.operands, uses)):  # noqa: B905 - checked above
        reason = _match_operand(sub, use.value, bindings, f"operand #{index} of '{op.name}'")
        if reason is not None:
            return reason
    if node.where is not None and not node.where(op):
        return f"'{op.name}' is not {node.description or 'as the rule requires'}"
    return None


class Rule(Pattern):
    """A pattern as data: `match` (a `P` tree) and `rewrite(rewriter, m) -> values | None`.

    The rewrite runs with the insertion point just before the matched op and the op's
    location; it returns the value (or list of values) that replace the op's results, or
    None to decline (then it must not have changed anything)."""

    __slots__ = ("match", "rewrite")

    def __init__(self, name: str, match: P, rewrite: Callable, benefit: int, source: str):
        super().__init__(match.op_class, benefit, name, source)
        self.match = match
        self.rewrite = rewrite

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> bool:
        bindings: dict = {}
        reason = _match_op(self.match, op, bindings)
        if reason is not None:
            return rewriter.fail(op, reason)
        values = self.rewrite(rewriter, Match(op, bindings))
        if values is None:
            return rewriter.fail(op, "the rewrite declined")
        rewriter.replace_op(op, [values] if isinstance(values, Value) else values)
        return True


def rule(name: str, match: P, rewrite: Callable, benefit: int | None = None) -> Rule:
    """A rule named `name` (MLIR's pattern name where MLIR has one); its benefit is the
    number of ops `match` spans unless given. Records where it was written."""
    caller = sys._getframe(1)
    source = _source(caller.f_code.co_filename, caller.f_lineno)
    return Rule(name, match, rewrite, match.size() if benefit is None else benefit, source)


# -- pattern sets -----------------------------------------------------------------------------


class PatternSet:
    """Patterns indexed by root op class: `for_op(op)` gives those to try, best first."""

    def __init__(self, patterns: Iterable[Pattern] = ()) -> None:
        self.patterns: list[Pattern] = list(patterns)
        self._by_class: dict[type, tuple[Pattern, ...]] = {}

    def for_op(self, op: Operation) -> tuple[Pattern, ...]:
        cls = type(op)
        found = self._by_class.get(cls)
        if found is None:
            roots = set(cls.__mro__)
            found = tuple(
                sorted(
                    (p for p in self.patterns if p.root is None or p.root in roots),
                    key=lambda p: -p.benefit,
                )
            )
            self._by_class[cls] = found
        return found

    def names(self) -> list[str]:
        return [p.name for p in self.patterns]


# -- what the dialects tell the driver ----------------------------------------------------------

_CANONICALIZE_MODULES: dict[str, object] = {}


def canonicalize_module(dialect: str):
    """`irc.dialects.<dialect>_canonicalize`, imported on first use; None if absent."""
    if dialect not in _CANONICALIZE_MODULES:
        name = f"irc.dialects.{dialect}_canonicalize"
        module = None
        if dialect in DIALECTS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
        _CANONICALIZE_MODULES[dialect] = module
    return _CANONICALIZE_MODULES[dialect]


def _dialect_table(cls: type, table: str) -> dict:
    module = canonicalize_module(cls.name.split(".", 1)[0]) if cls.name else None
    return getattr(module, table, {}) if module is not None else {}


@dataclass(frozen=True)
class Branch:
    """How a branch op passes values to its successors (MLIR's BranchOpInterface):
    `operands(op, i)` the operand indices that go to successor i's arguments, and
    `set_operands(op, i, values)` to replace them."""

    operands: Callable[[Operation, int], range]
    set_operands: Callable[[Operation, int, list[Value]], None]


_BRANCHES: dict[type, Branch | None] = {}


def branch_interface(op: Operation) -> Branch | None:
    cls = type(op)
    if cls not in _BRANCHES:
        _BRANCHES[cls] = _dialect_table(cls, "BRANCHES").get(cls) if op.is_registered else None
    return _BRANCHES[cls]


# -- the rewriter -------------------------------------------------------------------------------


class Listener:
    """What the driver hears from the rewriter. The base ignores everything."""

    def notify_inserted(self, op: Operation) -> None:
        pass

    def notify_modified(self, op: Operation) -> None:
        pass

    def notify_erased(self, op: Operation) -> None:
        pass

    def notify_replaced(self, op: Operation, values: list[Value]) -> None:
        pass

    def notify_match_failure(self, op: Operation, reason: str) -> None:
        pass


class PatternRewriter:
    """Changes the IR on behalf of a pattern and tells the listener about each change.

    New ops go to the insertion point (before the matched op when a pattern runs) with
    `location` unless given one."""

    __slots__ = ("listener", "block", "anchor", "location")

    def __init__(self, listener: Listener | None = None) -> None:
        self.listener = listener if listener is not None else Listener()
        self.block: Block | None = None
        self.anchor: Operation | None = None
        self.location: Location | None = None

    # insertion point ------------------------------------------------------------------

    def set_insertion_point(self, op: Operation) -> None:
        """Insert before `op`, with its location."""
        self.block, self.anchor, self.location = op.parent, op, op.location

    def set_insertion_point_after(self, op: Operation) -> None:
        self.block, self.anchor = op.parent, op.next

    def set_insertion_point_to_end(self, block: Block) -> None:
        self.block, self.anchor = block, None

    def set_insertion_point_to_start(self, block: Block) -> None:
        self.block, self.anchor = block, block.first

    @contextmanager
    def insertion_point(self, op: Operation) -> Iterator[PatternRewriter]:
        """Build before `op` inside the `with`, then return to where we were."""
        saved = self.block, self.anchor, self.location
        self.block, self.anchor = op.parent, op
        try:
            yield self
        finally:
            self.block, self.anchor, self.location = saved

    # creating ------------------------------------------------------------------------------

    def insert(self, op: Operation) -> Operation:
        if self.anchor is None:
            self.block.append(op)
        else:
            self.block.insert_before(self.anchor, op)
        self.listener.notify_inserted(op)
        return op

    def create(
        self,
        op_class: type[Operation],
        operands: Iterable[Value] = (),
        result_types: Iterable[Type] = (),
        properties: dict[str, Attribute] | None = None,
        attributes: dict[str, Attribute] | None = None,
        regions: Iterable[Region] | int | None = None,
        successors: Iterable[Block] = (),
        location: Location | None = None,
    ) -> Operation:
        """Make an op of `op_class` at the insertion point (regions: its declared count)."""
        if regions is None:
            count = getattr(op_class, "num_regions", 0)
            regions = count if isinstance(count, int) else 0
        op = op_class(
            list(operands),
            list(result_types),
            dict(properties or {}),
            dict(attributes or {}),
            regions,
            list(successors),
            location if location is not None else self.location,
        )
        return self.insert(op)

    def constant(self, value: Attribute, type: Type, dialect: str = "arith") -> Value | None:
        """A constant op for `value` made by `dialect`'s `materialize_constant`."""
        module = fold_module(dialect)
        made = module.materialize_constant(value, type) if module is not None else None
        if made is None:
            return None
        made.location = self.location
        return self.insert(made).results[0]

    def clone(self, op: Operation, mapping: dict | None = None) -> Operation:
        """A deep copy of `op` inserted here; its nested ops are announced too."""
        copy = op.clone(mapping)
        self.insert(copy)
        for region in copy.regions:
            for block in region.blocks:
                for nested in block:
                    for inner in nested.walk():
                        self.listener.notify_inserted(inner)
        return copy

    # replacing and erasing ---------------------------------------------------------------

    def replace_all_uses_with(self, old: Value, new: Value) -> None:
        """Each user is modified in place (and revisited), newest use first as in MLIR."""
        if old is new:
            return
        for use in reversed(list(old.uses)):
            use.set(new)
            self.listener.notify_modified(use.owner)

    def replace_uses_where(self, old: Value, new: Value, predicate: Callable) -> None:
        for use in reversed(list(old.uses)):
            if predicate(use):
                use.set(new)
                self.listener.notify_modified(use.owner)

    def replace_op(self, op: Operation, values: Iterable[Value]) -> None:
        values = list(values)
        if len(values) != len(op.results):
            raise ValueError(
                f"'{op.name}' has {len(op.results)} results, replaced with {len(values)} values"
            )
        self.listener.notify_replaced(op, values)
        for result, value in zip(op.results, values, strict=True):
            self.replace_all_uses_with(result, value)
        self.erase_op(op)

    def erase_op(self, op: Operation) -> None:
        """Erase `op` and what it holds, users before definitions, announcing each."""
        for region in reversed(op.regions):
            for block in reversed(region.blocks):
                self._erase_block_ops(block)
        self.listener.notify_erased(op)
        for result in op.results:
            for use in list(result.uses):
                use.drop()
        op.erase()

    def _erase_block_ops(self, block: Block) -> None:
        for arg in block.args:
            for use in list(arg.uses):
                use.drop()
        for nested in reversed(block):
            self.erase_op(nested)

    def erase_block(self, block: Block) -> None:
        self._erase_block_ops(block)
        block.parent.remove(block)

    # modifying -------------------------------------------------------------------------------

    def notify_modified(self, op: Operation) -> None:
        self.listener.notify_modified(op)

    @contextmanager
    def modifying(self, op: Operation) -> Iterator[Operation]:
        """Change `op` in place inside the `with`; the driver then revisits it."""
        yield op
        self.listener.notify_modified(op)

    def move_op_before(self, op: Operation, anchor: Operation) -> None:
        op.detach()
        anchor.parent.insert_before(anchor, op)
        self.listener.notify_inserted(op)

    def inline_block_before(
        self, source: Block, anchor: Operation, args: Iterable[Value] = ()
    ) -> None:
        """Move the ops of `source` before `anchor`, its arguments replaced by `args`,
        and erase the (then empty) block."""
        for arg, value in zip(source.args, list(args), strict=True):
            self.replace_all_uses_with(arg, value)
        while source.first is not None:
            self.move_op_before(source.first, anchor)
        if source.parent is not None:
            source.parent.remove(source)

    def merge_blocks(self, source: Block, dest: Block, args: Iterable[Value] = ()) -> None:
        """Append the ops of `source` to `dest` (arguments replaced by `args`), then
        erase `source`."""
        for arg, value in zip(source.args, list(args), strict=True):
            self.replace_all_uses_with(arg, value)
        while source.first is not None:
            op = source.first
            op.detach()
            dest.append(op)
            self.listener.notify_inserted(op)
        if source.parent is not None:
            source.parent.remove(source)

    def fail(self, op: Operation, reason: str) -> bool:
        """Report why a pattern did not match (seen in the debug view); returns False."""
        self.listener.notify_match_failure(op, reason)
        return False


# -- the worklist ---------------------------------------------------------------------------------


class _Worklist:
    """A last-in first-out list of ops with set semantics and O(1) removal."""

    __slots__ = ("items", "index")

    def __init__(self) -> None:
        self.items: list[Operation | None] = []
        self.index: dict[Operation, int] = {}

    def push(self, op: Operation) -> None:
        if op not in self.index:
            self.index[op] = len(self.items)
            self.items.append(op)

    def pop(self) -> Operation | None:
        items = self.items
        while items:
            op = items.pop()
            if op is not None:
                del self.index[op]
                return op
        return None

    def remove(self, op: Operation) -> None:
        position = self.index.pop(op, None)
        if position is not None:
            self.items[position] = None

    def reverse(self) -> None:
        self.items.reverse()
        self.index = {op: i for i, op in enumerate(self.items) if op is not None}

    def clear(self) -> None:
        self.items.clear()
        self.index.clear()


# -- constants: uniqued and hoisted (MLIR's OperationFolder) --------------------------------------


class _ConstantFolder:
    """Within one iteration: the first constant of each (dialect, value, type) in a region
    isolated from above is kept and hoisted to the start of that region's entry block;
    later ones are replaced by it."""

    def __init__(self, rewriter: PatternRewriter) -> None:
        self.rewriter = rewriter
        self.scopes: dict[Region, dict[tuple, Operation]] = {}
        self.owned: set[Operation] = set()

    def insert_known_constant(self, op: Operation, value: Attribute) -> bool:
        """False when `op` was a duplicate and is gone, True when it is kept."""
        block = op.parent
        if op in self.owned:
            if block.first is not op and op.prev not in self.owned:
                op.detach()
                block.insert_before(block.first, op)
            return True
        region = _insertion_region(block)
        constants = self.scopes.setdefault(region, {})
        key = (op.dialect, value, op.results[0].type)
        existing = constants.get(key)
        if existing is not None:
            self.rewriter.replace_op(op, existing.results)
            return False
        entry = region.blocks[0]
        if block is not entry or (entry.first is not op and op.prev not in self.owned):
            op.detach()
            if entry.first is None:
                entry.append(op)
            else:
                entry.insert_before(entry.first, op)
        constants[key] = op
        self.owned.add(op)
        return True


def _insertion_region(block: Block) -> Region:
    """The region constants of `block` are hoisted into: the nearest enclosing region of
    an op isolated from above, unregistered, or at the top."""
    while True:
        region = block.parent
        parent = region.parent
        if (
            parent is None
            or parent.parent is None
            or IsolatedFromAbove in parent.traits
            or not parent.is_registered
        ):
            return region
        block = parent.parent


# -- the driver -----------------------------------------------------------------------------------


@dataclass
class GreedyConfig:
    """MLIR's GreedyRewriteConfig. `region_simplify` is "disabled", "normal" (unreachable
    blocks, dead ops and block arguments) or "aggressive" (as normal, here). A negative
    `max_iterations` or `max_num_rewrites` means no limit. `debug` None reads
    IRC_DEBUG_REWRITES from the environment."""

    max_iterations: int = 10
    max_num_rewrites: int = -1
    top_down: bool = False
    region_simplify: str = "normal"
    fold: bool = True
    cse_constants: bool = True
    debug: bool | None = None
    debug_stream: TextIO | None = None


@dataclass
class RewriteResult:
    """What a greedy rewrite did. `last_changes` lists (what, op name, location) for each
    change of the last iteration: what fired when the rewrite did not converge."""

    converged: bool = True
    changed: bool = False
    iterations: int = 0
    rewrites: int = 0
    runaway: bool = False  # one iteration kept changing the same ops and was cut short
    last_changes: list[tuple[str, str, Location]] = field(default_factory=list)

    def non_convergence_message(self, pass_name: str = "the greedy rewrite") -> str:
        """`canonicalize did not converge after 10 iterations; the last changes were to
        'arith.addi' (pattern Swap (file.py:12), folded)`."""
        fired: dict[str, list[str]] = {}
        for what, op_name, _ in self.last_changes:
            whats = fired.setdefault(op_name, [])
            if what not in whats:
                whats.append(what)
        parts = [f"'{name}' ({', '.join(whats)})" for name, whats in fired.items()]
        plural = "" if self.iterations == 1 else "s"
        when = f"after {self.iterations} iteration{plural}"
        if self.runaway:
            when = "in one iteration: patterns kept undoing each other"
        return (
            f"{pass_name} did not converge {when}; the last changes were to "
            f"{', '.join(parts) or 'nothing'}"
        )


def report_non_convergence(
    result: RewriteResult, op: Operation, diagnostics, pass_name: str, error: bool = False
):
    """A warning (an error if `error`) at the first op the last iteration changed, naming
    the ops and the patterns that kept firing, with a note at each of the next few."""
    emit = diagnostics.error if error else diagnostics.warning
    changes = result.last_changes
    location = changes[0][2] if changes else op.location
    diagnostic = emit(location, result.non_convergence_message(pass_name))
    seen = {changes[0]} if changes else set()
    for change in changes[1:]:
        if len(seen) > 5:
            break
        if change not in seen:
            seen.add(change)
            what, op_name, where = change
            diagnostic.attach_note(f"'{op_name}' changed here: {what}", where)
    return diagnostic


def _debug_enabled(config: GreedyConfig) -> bool:
    if config.debug is not None:
        return config.debug
    return os.environ.get("IRC_DEBUG_REWRITES", "") not in ("", "0", "false")


RUNAWAY_FACTOR = 20  # changes per seeded op after which one iteration is a runaway
RUNAWAY_MINIMUM = 10_000
LAST_CHANGES_KEPT = 1_000  # what a non-convergence report looks at


class GreedyDriver(Listener):
    """Applies `patterns` to the ops of one region until nothing changes (see the module
    docstring for the algorithm)."""

    def __init__(self, region: Region, patterns: PatternSet, config: GreedyConfig) -> None:
        self.scope = region
        self.patterns = patterns
        self.config = config
        self.rewriter = PatternRewriter(self)
        self.worklist = _Worklist()
        self.changes: list[tuple[str, str, Location]] = []
        self.runaway = False
        self.debug = _debug_enabled(config)
        self.stream = config.debug_stream or sys.stderr

    # notifications ------------------------------------------------------------------------

    def add(self, op: Operation) -> None:
        """Enqueue `op` and its ancestors inside the scope (none if `op` is outside it)."""
        push = self.worklist.push
        chain = []
        while True:
            chain.append(op)
            block = op.parent
            if block is None:
                return
            region = block.parent
            if region is self.scope:
                for each in chain:
                    push(each)
                return
            if region is None or region.parent is None:
                return
            op = region.parent

    def notify_inserted(self, op: Operation) -> None:
        if self.debug:
            self._log(op, "inserted")
        self.add(op)

    def notify_modified(self, op: Operation) -> None:
        self.add(op)

    def notify_erased(self, op: Operation) -> None:
        for use in op.operand_uses:
            owner = getattr(use.value, "op", None)
            if owner is not None and _few_other_users(use.value, op):
                self.add(owner)
        self.worklist.remove(op)

    def notify_match_failure(self, op: Operation, reason: str) -> None:
        if self.debug:
            self._log(op, f"  no match: {reason}")

    # the loop ---------------------------------------------------------------------------------

    def simplify(self) -> RewriteResult:
        result = RewriteResult()
        config = self.config
        limit = config.max_iterations
        keep_going = True
        while keep_going:
            if 0 <= limit <= result.iterations:
                break
            result.iterations += 1
            self.changes = []
            # MLIR drops unreachable blocks before each iteration, whatever the config:
            # patterns may assume dominance, which unreachable code does not have.
            erase_unreachable_blocks([self.scope], self.rewriter)
            self._seed()
            keep_going = self._process_worklist(result)
            if self.runaway:
                result.changed = result.runaway = True
                break
            if config.region_simplify != "disabled" and simplify_regions(
                [self.scope], self.rewriter
            ):
                owner = self.scope.parent
                self.changes.append(("region simplification", owner.name, owner.location))
                keep_going = True
            result.changed |= keep_going
        result.converged = not keep_going
        result.last_changes = self.changes[-LAST_CHANGES_KEPT:]
        return result

    def _seed(self) -> None:
        self.worklist.clear()
        folder = _ConstantFolder(self.rewriter) if self.config.cse_constants else None
        if not self.config.top_down:
            for op in _walk_post_order(self.scope):
                if folder is not None and not self._keep_constant(folder, op):
                    continue
                self.add(op)
            return
        for op in _walk_pre_order(self.scope, folder, self._keep_constant):
            self.add(op)
        self.worklist.reverse()

    @staticmethod
    def _keep_constant(folder: _ConstantFolder, op: Operation) -> bool:
        value = constant_value(op)
        return value is None or folder.insert_known_constant(op, value)

    def _process_worklist(self, result: RewriteResult) -> bool:
        """Pop and simplify ops until the worklist is empty; True if anything changed.

        Patterns that undo each other keep re-adding their op, which would never empty
        the worklist (MLIR then hangs): after RUNAWAY_FACTOR changes per op seeded (and
        at least RUNAWAY_MINIMUM), the iteration stops and the rewrite does not converge."""
        changed = False
        limit = self.config.max_num_rewrites
        rewrites = 0
        worklist = self.worklist
        budget = max(RUNAWAY_MINIMUM, RUNAWAY_FACTOR * len(worklist.index))
        changes = self.changes
        while limit < 0 or rewrites < limit:
            if len(changes) > budget:
                self.runaway = True
                break
            op = worklist.pop()
            if op is None:
                break
            if is_trivially_dead(op):
                self._record("erased as unused", op)
                self.rewriter.erase_op(op)
                changed = True
                continue
            if self.config.fold and self._fold(op):
                changed = True
                continue
            pattern = self._apply_patterns(op)
            if pattern is not None:
                changed = True
                rewrites += 1
        result.rewrites += rewrites
        return changed

    def _fold(self, op: Operation) -> bool:
        if not may_fold(op) or constant_value(op) is not None:
            return False
        try:
            folded = op.fold(operand_constants(op))
        except Exception as exc:  # a broken folder: say which op
            message = f"folding '{op.name}' failed: {type(exc).__name__}: {exc}"
            raise RewriteError(message, op.location) from exc
        if folded is None:
            return False
        if folded == op.results:
            self._record("folded in place", op)
            self.notify_modified(op)
            return True
        rewriter = self.rewriter
        rewriter.set_insertion_point(op)
        module = fold_module(op.dialect)
        values: list[Value] = []
        made_ops: list[Operation] = []
        for item, result in zip(folded, op.results, strict=True):
            if isinstance(item, Value):
                values.append(item)
                continue
            made = module.materialize_constant(item, result.type) if module else None
            if made is None:  # drop what was made for earlier results; try the patterns
                for made_op in made_ops:
                    rewriter.erase_op(made_op)
                return False
            made.location = op.location
            made_ops.append(rewriter.insert(made))
            values.append(made.results[0])
        self._record("folded", op)
        rewriter.replace_op(op, values)
        return True

    def _apply_patterns(self, op: Operation) -> Pattern | None:
        rewriter = self.rewriter
        for candidate in self.patterns.for_op(op):
            rewriter.set_insertion_point(op)
            if self.debug:
                self._log(op, f"trying {candidate.describe()}")
            location, name = op.location, op.name
            try:
                applied = candidate.match_and_rewrite(op, rewriter)
            except Exception as exc:  # a broken pattern: say which, on which op
                raise RewriteError(
                    f"pattern {candidate.describe()} failed on '{name}': "
                    f"{type(exc).__name__}: {exc}",
                    location,
                ) from exc
            if applied:
                self.changes.append((f"pattern {candidate.describe()}", name, location))
                if self.debug:
                    self._log_at(name, location, f"applied {candidate.describe()}")
                return candidate
        return None

    # bookkeeping ----------------------------------------------------------------------------

    def _record(self, what: str, op: Operation) -> None:
        self.changes.append((what, op.name, op.location))
        if self.debug:
            self._log(op, what)

    def _log(self, op: Operation, message: str) -> None:
        self._log_at(op.name, op.location, message)

    def _log_at(self, name: str, location: Location, message: str) -> None:
        self.stream.write(f"[rewrite] '{name}' {location!r}: {message}\n")


def _few_other_users(value: Value, erased: Operation) -> bool:
    """Whether `value` has at most one user besides `erased` (MLIR revisits the definition
    then: it may be dead now, or have a single use to fold into)."""
    other = None
    for use in value.uses:
        user = use.owner
        if user is erased or user is other:
            continue
        if other is not None:
            return False
        other = user
    return True


def _walk_post_order(region: Region) -> Iterator[Operation]:
    for block in region.blocks:
        for op in block:
            if op.regions:
                for inner in op.regions:
                    yield from _walk_post_order(inner)
            yield op


def _walk_pre_order(region: Region, folder, keep: Callable) -> Iterator[Operation]:
    """Pre-order; a duplicate constant `keep` replaced is not yielded."""
    for block in list(region.blocks):
        for op in block:
            if folder is not None and not keep(folder, op):
                continue
            yield op
            for inner in op.regions:
                yield from _walk_pre_order(inner, folder, keep)


def apply_patterns_greedily(
    op: Operation, patterns: PatternSet, config: GreedyConfig | None = None
) -> RewriteResult:
    """Rewrite the regions of `op` (not `op` itself) with `patterns` until a fixed point,
    one region after another as MLIR does."""
    config = config or GreedyConfig()
    total = RewriteResult()
    for region in op.regions:
        result = GreedyDriver(region, patterns, config).simplify()
        total.changed |= result.changed
        total.rewrites += result.rewrites
        total.iterations = max(total.iterations, result.iterations)
        if not result.converged:
            total.converged = False
            total.runaway |= result.runaway
            total.last_changes.extend(result.last_changes)
    return total


# -- region simplification (MLIR's simplifyRegions) ---------------------------------------------


def simplify_regions(regions: list[Region], rewriter: PatternRewriter | None = None) -> bool:
    """Erase unreachable blocks, then dead ops and dead block arguments; True if changed."""
    rewriter = rewriter or PatternRewriter()
    erased_blocks = erase_unreachable_blocks(regions, rewriter)
    erased_dead = run_region_dce(regions, rewriter)
    return erased_blocks or erased_dead


def erase_unreachable_blocks(regions: list[Region], rewriter: PatternRewriter) -> bool:
    erased = False
    worklist = list(regions)
    while worklist:
        region = worklist.pop()
        blocks = region.blocks
        if not blocks:
            continue
        if len(blocks) == 1:
            worklist.extend(r for op in blocks[0] for r in op.regions)
            continue
        reachable = _reachable(blocks[0])
        for block in list(blocks):
            if block not in reachable:
                for op in block:
                    for nested in op.walk():
                        for result in nested.results:
                            for use in list(result.uses):
                                use.drop()
                rewriter.erase_block(block)
                erased = True
                continue
            worklist.extend(r for op in block for r in op.regions)
    return erased


def _reachable(entry: Block) -> set[Block]:
    seen = {entry}
    stack = [entry]
    while stack:
        block = stack.pop()
        last = block.last
        for successor in last.successors if last is not None else ():
            if successor not in seen:
                seen.add(successor)
                stack.append(successor)
    return seen


def _post_order(entry: Block) -> list[Block]:
    """The blocks reachable from `entry`, successors before predecessors (DFS post-order)."""
    order: list[Block] = []
    seen = {entry}
    stack = [(entry, iter(_successors(entry)))]
    while stack:
        block, successors = stack[-1]
        for successor in successors:
            if successor not in seen:
                seen.add(successor)
                stack.append((successor, iter(_successors(successor))))
                break
        else:
            stack.pop()
            order.append(block)
    return order


def _successors(block: Block) -> list[Block]:
    last = block.last
    return list(last.successors) if last is not None else []


class _Liveness:
    __slots__ = ("live", "changed")

    def __init__(self) -> None:
        self.live: set = set()
        self.changed = False

    def set_live(self, item) -> None:
        if not isinstance(item, (BlockArgument, Operation)):
            item = item.op
        if item not in self.live:
            self.live.add(item)
            self.changed = True


def run_region_dce(regions: list[Region], rewriter: PatternRewriter) -> bool:
    """Remove ops whose results nothing live uses and block arguments (of blocks other
    than the entry) that no live op uses, through branch operands too (MLIR's
    runRegionDCE)."""
    liveness = _Liveness()
    while True:
        liveness.changed = False
        for region in regions:
            _propagate_region(region, liveness)
        if not liveness.changed:
            break
    return _delete_dead(regions, liveness, rewriter)


def _propagate_region(region: Region, liveness: _Liveness) -> None:
    if not region.blocks:
        return
    for block in _post_order(region.blocks[0]):
        for op in reversed(block):
            _propagate_op(op, liveness)
        if block is region.blocks[0]:
            continue
        for arg in block.args:
            if arg not in liveness.live:
                _process_value(arg, liveness)


def _propagate_op(op: Operation, liveness: _Liveness) -> None:
    for region in op.regions:
        _propagate_region(region, liveness)
    if Terminator in op.traits:
        _propagate_terminator(op, liveness)
        return
    if op in liveness.live:
        return
    if not would_be_trivially_dead(op):
        liveness.set_live(op)
        return
    for result in op.results:
        _process_value(result, liveness)


def _process_value(value: Value, liveness: _Liveness) -> None:
    for use in value.uses:
        owner = use.owner
        if owner in liveness.live and not _dead_branch_operand(owner, use.index, liveness):
            liveness.set_live(value)
            return


def _dead_branch_operand(owner: Operation, index: int, liveness: _Liveness) -> bool:
    """A branch operand is a use only if the block argument it feeds is live."""
    if not owner.successors:
        return False
    branch = branch_interface(owner)
    if branch is None:
        return False
    for number, successor in enumerate(owner.successors):
        indices = branch.operands(owner, number)
        if index in indices:
            return successor.args[index - indices.start] not in liveness.live
    return False


def _propagate_terminator(op: Operation, liveness: _Liveness) -> None:
    """Terminators are live; so are the arguments of successors they pass values to in
    ways the driver cannot follow (no `Branch` known for the op)."""
    liveness.set_live(op)
    if op.successors and branch_interface(op) is None:
        for successor in op.successors:
            for arg in successor.args:
                liveness.set_live(arg)


def _delete_dead(regions: Iterable[Region], liveness: _Liveness, rewriter) -> bool:
    erased = False
    for region in regions:
        if not region.blocks:
            continue
        several = len(region.blocks) > 1
        for block in _post_order(region.blocks[0]):
            if several:
                erased |= _erase_dead_successor_operands(block.last, liveness)
            for op in reversed(block):
                if op not in liveness.live:
                    erased = True
                    for result in op.results:
                        for use in list(result.uses):
                            use.drop()
                    rewriter.erase_op(op)
                elif op.regions:
                    erased |= _delete_dead(op.regions, liveness, rewriter)
        for block in region.blocks[1:]:
            dead = [arg.index for arg in block.args if arg not in liveness.live]
            for index in reversed(dead):
                block.erase_argument(index)
            erased |= bool(dead)
    return erased


def _erase_dead_successor_operands(terminator: Operation | None, liveness: _Liveness) -> bool:
    if terminator is None or not terminator.successors:
        return False
    branch = branch_interface(terminator)
    if branch is None:
        return False
    erased = False
    for number in reversed(range(len(terminator.successors))):
        successor = terminator.successors[number]
        indices = branch.operands(terminator, number)
        values = [terminator.operand_uses[i].value for i in indices]
        kept = [v for v, arg in zip(values, successor.args, strict=False) if arg in liveness.live]
        if len(kept) != len(values):
            branch.set_operands(terminator, number, kept)
            erased = True
    return erased
