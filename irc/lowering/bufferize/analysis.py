"""One-shot bufferize's analysis: which tensor writes may reuse their operand's buffer.

A simplified form of MLIR's One-Shot Analysis (OneShotAnalysis.cpp). Ops are visited in
program order (a pre-order walk of each function). Every tensor operand an op writes
(a linalg `outs`, the `dest` of tensor.insert / insert_slice, an scf.for init) is decided
once, when its op is reached:

- **in place** (the op writes the operand's buffer) unless a *read-after-write conflict*
  exists: some value that may share that buffer (its alias set, built from the decisions
  taken so far) is read at a point that may run after the write, or the buffer is not
  writable (a function argument not marked `bufferization.writable = true`, irc's
  default, see the package docstring; the tensor of a `bufferization.to_tensor` without
  `writable`);
- **out of place** otherwise: the bufferizer gives the op a fresh buffer (a copy of the
  operand when the op also reads it).

"May run after" is decided on the op tree: later in the same block; nested in the writing
op itself (an scf.for body runs after its init is written); earlier in a block that a loop
around both repeats, when the alias set holds a value defined outside that loop; never
in the other branch of an scf.if (outside such a loop). A read through a view made after
the write (an extract_slice of the written tensor) counts: views are followed. Two rules
of MLIR's keep the usual tiled loop in place: a write into an extract_slice does not
conflict with the read of the insert_slice that puts the same window back into the same
tensor, and that insert_slice does not conflict with reading its own source. A linalg op
whose maps are all identities and loops all parallel may read the tensor it writes, unless
a loop runs the op again on the same buffer (then any read of it by the op conflicts).

Alias sets only grow: an in-place result joins its operand's set, a view (extract_slice,
expand/collapse_shape, cast) always joins its source's, an scf.if result joins the sets
of the values its branches yield. Equivalence sets (same buffer, same shape) are kept
beside them for the slice rules. What an op reads, writes and aliases comes from the
rule table (`rules.RULES`); the analysis itself knows no op but the loops and branches
that shape the order of execution.
"""

from __future__ import annotations

from irc.dialects import bufferization, func, scf, tensor
from irc.ir import types as T
from irc.ir.core import BlockArgument, Operation, OpOperand, OpResult, Value

REPEATING = (scf.ForOp, scf.WhileOp, scf.ParallelOp)
EXCLUSIVE = (scf.IfOp, scf.IndexSwitchOp)


def is_tensor(value: Value) -> bool:
    return isinstance(value.type, T.TensorType)


class UnionFind:
    """Disjoint sets of values that remember their members."""

    def __init__(self) -> None:
        self.parent: dict[Value, Value] = {}
        self.sets: dict[Value, list[Value]] = {}

    def find(self, value: Value) -> Value:
        parent = self.parent.setdefault(value, value)
        if parent is value:
            self.sets.setdefault(value, [value])
            return value
        root = self.find(parent)
        self.parent[value] = root
        return root

    def union(self, a: Value, b: Value) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a is root_b:
            return
        if len(self.sets[root_a]) < len(self.sets[root_b]):
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        self.sets[root_a].extend(self.sets.pop(root_b))

    def members(self, value: Value) -> list[Value]:
        return self.sets[self.find(value)]

    def same(self, a: Value, b: Value) -> bool:
        return self.find(a) is self.find(b)


class Analysis:
    """The in-place decisions of one module: `inplace` holds the written operands that
    reuse their buffer; `aliases` and `equivalent` the sets described above."""

    def __init__(
        self, rules, calls_give_fresh_buffers: bool = True, copy_before_write: bool = False
    ) -> None:
        self.rules = rules
        self.copy_before_write = copy_before_write
        self.calls_give_fresh_buffers = calls_give_fresh_buffers
        self.aliases = UnionFind()
        self.equivalent = UnionFind()
        self.inplace: set[OpOperand] = set()
        self.non_writable: set[Value] = set()

    # -- the walk ---------------------------------------------------------------------------

    def run(self, function: Operation, writable_args: list[bool]) -> None:
        body = function.regions[0]
        if body.blocks:
            for arg, writable in zip(body.blocks[0].args, writable_args, strict=True):
                if is_tensor(arg) and not writable:
                    self.non_writable.add(arg)
        for op in function.walk():
            if op is not function and touches_tensors(op):
                self.visit(op)

    def visit(self, op: Operation) -> None:
        rule = self.rules.lookup(op)
        if rule is None:
            return  # the bufferizer reports the op
        if isinstance(op, bufferization.ToTensorOp) and "writable" not in op.properties:
            self.non_writable.add(op.results[0])
        if isinstance(op, func.CallOp) and not self.calls_give_fresh_buffers:
            self.non_writable.update(r for r in op.results if is_tensor(r))
        for use in op.operand_uses:
            if not is_tensor(use.value):
                continue
            writes = rule.writes(op, use.index)
            if writes and not self.copy_before_write and not self.conflicts(op, use):
                self.inplace.add(use)
            if writes and use not in self.inplace:
                continue
            for result in rule.aliases(op, use.index):
                self.aliases.union(use.value, result)
                if writes:
                    self.equivalent.union(use.value, result)

    def is_inplace(self, op: Operation, index: int) -> bool:
        return op.operand_uses[index] in self.inplace

    # -- conflicts --------------------------------------------------------------------------

    def conflicts(self, op: Operation, write: OpOperand) -> bool:
        """Whether writing `write`'s buffer at `op` could change what a later read sees."""
        group = list(self.aliases.members(write.value))
        if any(v in self.non_writable for v in group):
            return True
        # A loop around `op` that keeps a value of the group runs `op` again: what `op`
        # reads of the group in the next iteration must not be what it wrote.
        repeating = repeats(op.parent, group)
        block = op.parent
        if not block.order_valid:
            block.renumber()
        seen = set(group)
        pending = list(group)
        while pending:
            value = pending.pop()
            for use in value.uses:
                user = use.owner
                if user.parent is block and user.order < op.order and not repeating:
                    continue  # earlier in the same straight line: the common case, quickly
                if user is op:
                    if not self._reads(op, use.index):
                        continue
                    if repeating or (use is not write and not self._own_read_ok(op, use)):
                        return True
                    continue
                if not happens_after(user, op, group):
                    continue
                if self._reads(user, use.index) and not self._slice_read_ok(write, use):
                    return True
                rule = self.rules.lookup(user)
                if rule is not None and not rule.writes(user, use.index):
                    for result in rule.aliases(user, use.index):
                        if result not in seen:
                            seen.add(result)
                            pending.append(result)
        return False

    def _reads(self, op: Operation, index: int) -> bool:
        rule = self.rules.lookup(op)
        return True if rule is None else rule.reads(op, index)

    def _own_read_ok(self, op: Operation, read: OpOperand) -> bool:
        """An op reading, through another operand, a tensor it writes in place: fine for
        elementwise linalg ops and for an insert_slice putting back its own window."""
        if isinstance(op, tensor.InsertSliceOp) and read.index == 0:
            return self.matching_slice(read.value, op)
        return self.rules.elementwise(op, read.index)

    def _slice_read_ok(self, write: OpOperand, read: OpOperand) -> bool:
        """insert_slice reads its dest only outside the window; a write into that very
        window (through a matching extract_slice) does not conflict with it."""
        user = read.owner
        return (
            isinstance(user, tensor.InsertSliceOp)
            and read.index == 1
            and self.matching_slice(write.value, user)
        )

    def matching_slice(self, value: Value, insert: tensor.InsertSliceOp) -> bool:
        """Whether `value` is (equivalent to) an extract_slice of `insert`'s dest with
        the same window."""
        return any(
            isinstance(member, OpResult)
            and isinstance(member.op, tensor.ExtractSliceOp)
            and same_window(member.op, insert)
            for member in self.equivalent.members(value)
        )


def same_window(extract: Operation, insert: Operation) -> bool:
    """extract_slice and insert_slice of one tensor with identical offsets, sizes and
    strides (the same attributes and the same index values)."""
    if extract.operands[0] is not insert.operands[1]:
        return False
    for name in ("static_offsets", "static_sizes", "static_strides"):
        if extract.properties.get(name) != insert.properties.get(name):
            return False
    dynamic_extract, dynamic_insert = extract.operands[1:], insert.operands[2:]
    return len(dynamic_extract) == len(dynamic_insert) and all(
        a is b for a, b in zip(dynamic_extract, dynamic_insert, strict=True)
    )


def touches_tensors(op: Operation) -> bool:
    tensors = (T.TensorType, T.UnrankedTensorType)
    return any(isinstance(v.type, tensors) for v in op.operands) or any(
        isinstance(r.type, tensors) for r in op.results
    )


# -- order of execution -----------------------------------------------------------------------


def happens_after(later: Operation, op: Operation, group: list[Value]) -> bool:
    """Whether `later` may run after `op` while the values of `group` keep their buffer
    (see the module docstring)."""
    if later is op:
        return False
    if op.is_ancestor_of(later):
        return True
    anchors: dict[int, Operation] = {}
    current = op
    while current is not None and current.parent is not None:
        anchors[id(current.parent)] = current
        current = current.parent_op
    other = later
    while other is not None and id(other.parent) not in anchors:
        other = other.parent_op
    if other is None:
        return True
    mine = anchors[id(other.parent)]
    if mine is other:  # different regions (or blocks) of one op
        if isinstance(mine, EXCLUSIVE):
            return repeats(other.parent, group)
        return True
    if mine.is_before_in_block(other):
        return True
    return repeats(other.parent, group)


def repeats(block, group: list[Value]) -> bool:
    """Whether a loop around `block` runs it again while a value of `group`, defined
    outside that loop, keeps its buffer."""
    owner = block.parent_op if block is not None else None
    while owner is not None:
        if isinstance(owner, REPEATING) and any(not defined_inside(v, owner) for v in group):
            return True
        if isinstance(owner, func.FuncOp):
            return False
        owner = owner.parent_op
    return False


def defined_inside(value: Value, loop: Operation) -> bool:
    if isinstance(value, OpResult):
        return value.op is not loop and loop.is_ancestor_of(value.op)
    if isinstance(value, BlockArgument):
        owner = value.block.parent_op
        return owner is not None and loop.is_ancestor_of(owner)
    return False
