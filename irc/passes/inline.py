"""inline: inline function calls, as MLIR's -inline does.

The inliner walks the call graph bottom-up, one strongly connected component (SCC) at a
time, so a callee is simplified, and has its own calls inlined, before it is inlined into
its callers. On each SCC it runs, until no call is inlined (at most `max-iterations`
times): the `default-pipeline` (canonicalize) on each function, then the inlining of every
`func.call` in the SCC that can be inlined, including the calls that inlining brings in.

A call is inlined when its callee is a `func.func` with a body and

- the call has no `no_inline` property and names its callee with a flat `@symbol`;
- the callee does not call itself, nor the function the call is in (A -> B -> A), and
  does not contain the call; a call that inlining brought in from a function never
  inlines that function again (MLIR's inline history; kept with the call for the whole
  run, as iree-opt 3.13 behaves, so recursion unrolls once);
- every op of the callee belongs to a dialect that allows inlining (`INLINABLE`), and so
  does the op whose region receives it; unregistered ops do not;
- a callee with several blocks only goes where several blocks are allowed (not into a
  SingleBlock op's region such as scf.for's body);
- the callee is at most `inlining-threshold` percent of the caller's size (no limit by
  default).

A single-block callee's ops replace the call, its return values replace the results. A
callee with several blocks splits the caller's block after the call: its blocks go in
between, each `func.return` becomes a `cf.br` to the rest of the caller's block, whose
new arguments (located at the call) replace the results. Inlined ops and block arguments
get call-site locations, `loc(callsite(<callee loc> at <call loc>))`, stacking on call
sites already there. A private (or otherwise discardable) function whose last call was
inlined, or that nothing used in the first place, is erased; one still referenced
otherwise (from a live op, a func.constant) stays.
"""

from __future__ import annotations

from dataclasses import dataclass

from irc.dialects.func import nearest_symbol_table
from irc.ir import attributes as A
from irc.ir.core import Block, Operation, Region, UnregisteredOp, Value
from irc.ir.diagnostics import IRError
from irc.ir.effects import is_memory_effect_free
from irc.ir.location import CallSiteLoc, Location, UnknownLoc
from irc.ir.traits import SingleBlock, Symbol, SymbolTable, Terminator
from irc.passes.pass_manager import Pass, PassContext, PassFailure, option
from irc.passes.symbol_dce import SymbolTables, is_symbol, symbol_references, visibility

CALLS = ("func.call", "func.call_indirect")
CALLABLES = ("func.func",)
INLINABLE = frozenset(
    {"arith", "bufferization", "builtin", "cf", "func", "linalg", "math", "memref", "nn", "scf",
     "tensor", "vector"}
)  # fmt: skip
"""Dialects whose ops may be inlined, and whose regions may receive inlined code (MLIR's
DialectInlinerInterface registrations; nn's ops are all inlinable too)."""

NO_THRESHOLD = 4294967295

# -- the call graph ------------------------------------------------------------------------


class Node:
    """A callable region of the call graph (None for the external and unknown nodes).
    `edges` keeps (target, kind) pairs in insertion order; kinds: abstract, call, child."""

    __slots__ = ("region", "edges")

    def __init__(self, region: Region | None) -> None:
        self.region = region
        self.edges: dict[tuple[Node, str], None] = {}

    @property
    def is_external(self) -> bool:
        return self.region is None

    @property
    def op(self) -> Operation:
        return self.region.parent

    def targets(self) -> list[Node]:
        return [target for target, _ in self.edges]

    def has_children(self) -> bool:
        return any(kind == "child" for _, kind in self.edges)


def callable_region(op: Operation) -> Region | None:
    """The body of a func.func, None for a declaration or another op."""
    if op.name in CALLABLES and op.regions and op.regions[0].blocks:
        return op.regions[0]
    return None


class CallGraph:
    """MLIR's CallGraph: a node per function body, call edges from the calls in it."""

    def __init__(self, root: Operation, tables: SymbolTables) -> None:
        self.tables = tables
        self.nodes: dict[Region, Node] = {}
        self.external = Node(None)
        self.unknown = Node(None)
        self._compute(root, None, resolve=False)
        self._compute(root, None, resolve=True)

    def _compute(self, op: Operation, parent: Node | None, resolve: bool) -> None:
        if op.name in CALLS:
            if resolve and parent is not None:
                parent.edges.setdefault((self.resolve(op), "call"))
            return
        if op.name in CALLABLES:
            region = callable_region(op)
            if region is None:
                return
            parent = self.node_for(region, parent)
        for region in op.regions:
            for block in region.blocks:
                for nested in block:
                    self._compute(nested, parent, resolve)

    def node_for(self, region: Region, parent: Node | None) -> Node:
        node = self.nodes.get(region)
        if node is None:
            node = self.nodes[region] = Node(region)
            if parent is not None:
                parent.edges.setdefault((node, "child"))
            else:
                self.external.edges.setdefault((node, "abstract"))
        return node

    def resolve(self, call: Operation) -> Node:
        callee = resolve_callee(call, self.tables)
        region = callable_region(callee) if callee is not None else None
        node = self.nodes.get(region) if region is not None else None
        return node if node is not None else self.unknown

    def sccs(self) -> list[list[Node]]:
        """The SCCs in LLVM's scc_iterator order from the external node: callees first."""
        visit: dict[Node, int] = {}
        found: list[list[Node]] = []
        node_stack: list[Node] = []
        visit_stack: list[list] = []  # [node, children iterator, lowest visit number]

        def visit_one(node: Node) -> None:
            visit[node] = len(visit) + 1
            node_stack.append(node)
            visit_stack.append([node, iter(node.targets()), visit[node]])

        visit_one(self.external)
        while visit_stack:
            top = visit_stack[-1]
            child = next(top[1], None)
            if child is not None:
                if child not in visit:
                    visit_one(child)
                else:
                    top[2] = min(top[2], visit[child])
                continue
            node, _, lowest = visit_stack.pop()
            if visit_stack:
                visit_stack[-1][2] = min(visit_stack[-1][2], lowest)
            if lowest != visit[node]:
                continue
            scc: list[Node] = []
            while not scc or scc[-1] is not node:
                scc.append(node_stack.pop())
                visit[scc[-1]] = 1 << 62  # done: never lowers another node's number
            found.append(scc)
        return found


def resolve_callee(call: Operation, tables: SymbolTables) -> Operation | None:
    """The op a func.call names (MLIR's lookupNearestSymbolFrom); None otherwise."""
    ref = call.properties.get("callee")
    if call.name != "func.call" or not isinstance(ref, A.SymbolRefAttr):
        return None
    parent = call.parent_op
    table = nearest_symbol_table(parent) if parent is not None else None
    path = tables.resolve(table, ref) if table is not None else []
    return path[-1] if path else None


# -- uses of discardable functions -----------------------------------------------------------


class UseList:
    """MLIR's CGUseList: how many references each discardable function has, per user."""

    def __init__(self, root: Operation, graph: CallGraph) -> None:
        self.graph = graph
        self.counts: dict[Node, int] = {}
        self.top_level: dict[Node, set[Node]] = {}
        self.inner: dict[Node, dict[Node, int]] = {}
        always_live: set[Node] = set()
        self._walk_tables(root, root.parent is None, always_live)
        for node in always_live:
            self.counts.pop(node, None)
        for node in graph.nodes.values():
            self.recompute(node)

    def _walk_tables(self, op: Operation, visible: bool, always_live: set[Node]) -> None:
        is_table = SymbolTable in type(op).traits
        if is_table:
            visible = visible or Symbol not in type(op).traits or visibility(op) == "private"
        else:
            visible = True
        for region in op.regions:
            for block in region.blocks:
                for nested in block:
                    self._walk_tables(nested, visible, always_live)
        if not is_table or not op.regions:
            return
        for block in op.regions[0].blocks:
            for nested in block:
                node = self._node_of(nested)
                if node is None:
                    always_live.update(target for target, _ in self.references(nested))
                    continue
                kind = visibility(nested) if is_symbol(nested) else None
                if kind is not None and (visible or kind == "private") and kind != "public":
                    self.counts.setdefault(node, 0)

    def _node_of(self, op: Operation) -> Node | None:
        region = callable_region(op)
        return self.graph.nodes.get(region) if region is not None else None

    def references(self, op: Operation) -> list[tuple[Node, Operation]]:
        """The functions (nodes) `op` and its nested ops reference, with the referring op."""
        found = symbol_references(op)
        if found is None:
            raise PassFailure(
                "operation contains potentially unknown symbol table, meaning that we "
                "can't reliable compute symbol uses",
                op,
            )
        table = op.parent_op
        table = nearest_symbol_table(table) if table is not None else None
        resolved: dict[A.SymbolRefAttr, Node | None] = {}
        nodes = []
        for ref, user in found:
            if ref not in resolved:
                path = self.graph.tables.resolve(table, ref) if table is not None else []
                resolved[ref] = self._node_of(path[-1]) if path else None
            if resolved[ref] is not None:
                nodes.append((resolved[ref], user))
        return nodes

    def recompute(self, node: Node) -> None:
        self._decrement(node)
        top_level: set[Node] = set()
        inner: dict[Node, int] = {}
        for target, user in self.references(node.op):
            if target not in self.counts:
                continue
            if user is not node.op:
                inner[target] = inner.get(target, 0) + 1
            elif target in top_level:
                continue
            else:
                top_level.add(target)
            self.counts[target] += 1
        self.top_level[node], self.inner[node] = top_level, inner

    def _decrement(self, node: Node) -> None:
        for target in self.top_level.get(node, ()):
            if target in self.counts:
                self.counts[target] -= 1
        for target, count in self.inner.get(node, {}).items():
            if target in self.counts:
                self.counts[target] -= count

    def drop_call(self, user: Node, call: Operation) -> None:
        inner = self.inner.setdefault(user, {})
        for target, _ in self.references(call):
            if target in inner:
                inner[target] -= 1
                if target in self.counts:
                    self.counts[target] -= 1

    def merge_after_inlining(self, callee: Node, caller: Node) -> None:
        inner = self.inner.setdefault(caller, {})
        for target, count in self.inner.get(callee, {}).items():
            inner[target] = inner.get(target, 0) + count
            if target in self.counts:
                self.counts[target] += count

    def erase(self, node: Node) -> None:
        for target, kind in node.edges:
            if kind == "child":
                self.erase(target)
        self._decrement(node)
        self.top_level.pop(node, None)
        self.inner.pop(node, None)
        self.counts.pop(node, None)

    def is_dead(self, node: Node) -> bool:
        if not is_symbol(node.op):
            return is_memory_effect_free(node.op) and not node.op.has_uses
        return self.counts.get(node) == 0

    def has_one_use_and_discardable(self, node: Node) -> bool:
        if not is_symbol(node.op):
            return False
        return self.counts.get(node) == 1


# -- inlining one call -----------------------------------------------------------------------


def call_site_location(loc: Location, caller: Location) -> Location:
    """`callsite(loc at caller)`, appending `caller` to a stack of call sites already in
    `loc`: callsite(a at callsite(b at caller)) for loc = callsite(a at b)."""
    if isinstance(loc, CallSiteLoc):
        return CallSiteLoc(loc.callee, call_site_location(loc.caller, caller))
    return CallSiteLoc(loc, caller)


def _remap_locations(blocks: list[Block], caller: Location) -> None:
    cache: dict[Location, Location] = {}

    def remap(loc: Location) -> Location:
        found = cache.get(loc)
        if found is None:
            found = cache[loc] = call_site_location(loc, caller)
        return found

    for block in blocks:
        for arg in block.args:
            arg.loc = remap(arg.loc)
        for op in block:
            for nested in op.walk():
                nested.location = remap(nested.location)
                for region in nested.regions:
                    for inner in region.blocks:
                        for arg in inner.args:
                            arg.loc = remap(arg.loc)


def legal_to_inline(region: Region, destination: Region) -> bool:
    """Every op of `region` (nested ones too) and the op receiving it allow inlining."""
    receiver = destination.parent
    if isinstance(receiver, UnregisteredOp) or receiver.dialect not in INLINABLE:
        return False
    for block in region.blocks:
        for op in block:
            for nested in op.walk():
                if isinstance(nested, UnregisteredOp) or nested.dialect not in INLINABLE:
                    return False
    return True


def _clone_blocks(source: Region, target: Region, index: int, mapping: dict) -> list[Block]:
    """Copies of the blocks of `source` inserted into `target` at `index`."""
    pairs = []
    for offset, block in enumerate(source.blocks):
        fresh = Block([a.type for a in block.args], [a.loc for a in block.args])
        for old, new in zip(block.args, fresh.args, strict=True):
            mapping.setdefault(old, new)
        mapping[block] = fresh
        target.insert(index + offset, fresh)
        pairs.append((block, fresh))
    for old, fresh in pairs:
        for op in old:
            fresh.append(op.clone(mapping))
    for _, fresh in pairs:  # uses that came before their definition in block order
        for op in fresh:
            for nested in op.walk():
                for use in nested.operand_uses:
                    if use.value in mapping:
                        use.set(mapping[use.value])
    return [fresh for _, fresh in pairs]


def _move_blocks(source: Region, target: Region, index: int) -> list[Block]:
    blocks = list(source.blocks)
    for offset, block in enumerate(blocks):
        source.remove(block)
        target.insert(index + offset, block)
    return blocks


def inline_call(call: Operation, callee: Operation, clone: bool) -> list[list[Operation]] | None:
    """Inline the body of `callee` at `call` (which stays, without uses, for the caller to
    erase). The answer lists the ops of each inlined block as they were inlined (their
    blocks may have been merged away since), or is None when the call cannot be inlined
    (nothing changed then)."""
    source = callee.regions[0]
    entry = source.blocks[0]
    fn_type = callee.function_type
    operands: list[Value] = call.operands
    if len(operands) != len(entry.args) or len(call.results) != len(fn_type.results):
        return None
    if any(v.type is not a.type for v, a in zip(operands, entry.args, strict=True)):
        return None
    if any(r.type is not t for r, t in zip(call.results, fn_type.results, strict=True)):
        return None
    block = call.parent
    host = block.parent
    if not legal_to_inline(source, host):
        return None
    post = Block()
    index = host.blocks.index(block) + 1
    host.insert(index, post)
    following = call.next
    while following is not None:
        moving, following = following, following.next
        moving.detach()
        post.append(moving)
    if clone:
        mapping: dict = {arg: value for arg, value in zip(entry.args, operands, strict=True)}
        new_blocks = _clone_blocks(source, host, index, mapping)
    else:
        new_blocks = _move_blocks(source, host, index)
        for arg, value in zip(new_blocks[0].args, operands, strict=True):
            arg.replace_all_uses_with(value)
    if not isinstance(call.location, UnknownLoc):
        _remap_locations(new_blocks, call.location)
    inlined = [list(new_block) for new_block in new_blocks]
    first = new_blocks[0]
    if len(new_blocks) == 1:
        terminator = first.last
        for result, value in zip(call.results, terminator.operands, strict=True):
            result.replace_all_uses_with(value)
        terminator.erase()
        _splice(post, first)
        host.remove(post)
    else:
        for result in call.results:
            result.replace_all_uses_with(post.add_argument(result.type, call.location))
        for new_block in new_blocks:
            _return_to_branch(new_block.last, post)
    _splice(first, block)
    host.remove(first)
    return inlined


def _splice(source: Block, target: Block) -> None:
    """Move every op of `source` to the end of `target`."""
    op = source.first
    while op is not None:
        following = op.next
        op.detach()
        target.append(op)
        op = following


def _return_to_branch(terminator: Operation | None, post: Block) -> None:
    if terminator is None or terminator.name != "func.return":
        return
    from irc.dialects.cf import BranchOp

    branch = BranchOp(terminator.operands, [], successors=[post], location=terminator.location)
    terminator.parent.insert_before(terminator, branch)
    terminator.erase()


# -- the inliner -----------------------------------------------------------------------------


@dataclass
class ResolvedCall:
    call: Operation
    source: Node
    target: Node
    history: int | None = None


class InlinerDriver:
    """MLIR's Inliner: SCCs bottom-up, simplify and inline to a fixed point in each."""

    def __init__(self, root: Operation, pass_: Inliner, context: PassContext) -> None:
        self.root = root
        self.options = pass_
        self.context = context
        self.tables = SymbolTables()
        self.graph = CallGraph(root, self.tables)
        self.uses = UseList(root, self.graph)
        self.dead: list[Node] = []
        # (function inlined, the entry it was inlined under) and, for each call that
        # inlining brought in, its entry: such a call never inlines a function of its chain
        self.history: list[tuple[Node, int | None]] = []
        self.call_history: dict[Operation, int] = {}
        self.pipeline = None
        if pass_.default_pipeline.strip():
            from irc.passes.pipeline import parse_pipeline

            try:
                self.pipeline = parse_pipeline(pass_.default_pipeline, "func.func")
            except IRError as exc:
                raise PassFailure(f"invalid default-pipeline: {exc}", root) from None

    def run(self) -> None:
        for scc in self.graph.sccs():
            scc = [node for node in scc if not node.is_external]
            for _ in range(max(self.options.max_iterations, 1)):
                self.optimize(scc)
                if not self.inline_calls(scc):
                    break
        for node in dict.fromkeys(self.dead):
            node.op.detach()
            node.op.drop_all_references()

    def optimize(self, scc: list[Node]) -> None:
        if self.pipeline is None:
            return
        from irc.passes.pass_manager import PassManager

        visit = [node for node in scc if not node.has_children()]
        for node in visit:
            manager = PassManager(root=self.pipeline, verify_each=False)
            if not manager.run(node.op, self.context.diagnostics):
                raise PassFailure("the inliner's default pipeline failed", node.op)
        for node in visit:
            self.uses.recompute(node)

    def collect_calls(self, blocks: list[list[Operation]], source: Node, nested: bool) -> list:
        """MLIR's collectCallOps over `blocks` (op lists, used as a stack): the calls to
        functions with a body, each with the node of the function it is in. Nested
        functions are looked into only when `nested`."""
        found = []
        worklist = [(ops, source) for ops in blocks]
        while worklist:
            ops, node = worklist.pop()
            for op in ops:
                if op.parent is None:
                    continue  # a terminator replaced while inlining
                if op.name in CALLS:
                    ref = op.properties.get("callee")
                    if isinstance(ref, A.SymbolRefAttr) and ref.nested:
                        continue
                    target = self.graph.resolve(op)
                    if not target.is_external:
                        found.append(ResolvedCall(op, node, target))
                    continue
                for region in op.regions:
                    inner = self.graph.nodes.get(region)
                    if nested or inner is None:
                        worklist.extend((list(b), inner or node) for b in region.blocks)
        return found

    def inline_calls(self, scc: list[Node]) -> bool:
        dead: list[Node] = []
        calls: list[ResolvedCall] = []
        for node in scc:
            if self.uses.is_dead(node):
                dead.append(node)
            else:
                blocks = [list(block) for block in node.region.blocks]
                calls.extend(self.collect_calls(blocks, node, False))
        history = self.history
        for resolved in calls:
            resolved.history = self.call_history.get(resolved.call)
        inlined_any = False
        index = 0
        while index < len(calls):
            resolved = calls[index]
            index += 1
            if resolved.source in dead or _in_history(resolved, history):
                continue
            if not self.should_inline(resolved):
                continue
            in_place = self.uses.has_one_use_and_discardable(resolved.target)
            callee = resolved.target.op
            inlined = inline_call(resolved.call, callee, clone=not in_place)
            if inlined is None:
                continue
            inlined_any = True
            history.append((resolved.target, resolved.history))
            for new in self.collect_calls(inlined, resolved.source, True):
                new.history = self.call_history[new.call] = len(history) - 1
                calls.append(new)
            self.uses.drop_call(resolved.source, resolved.call)
            self.uses.merge_after_inlining(resolved.target, resolved.source)
            resolved.call.erase()
            if in_place:
                self.uses.erase(resolved.target)
                dead.append(resolved.target)
        for node in dead:
            if node in scc:
                scc.remove(node)
            self.dead.append(node)
        return inlined_any

    def should_inline(self, resolved: ResolvedCall) -> bool:
        call, target, source = resolved.call, resolved.target, resolved.source
        if Terminator in type(call).traits or "no_inline" in call.properties:
            return False
        if any(t is target or t is source for t in target.targets()):
            return False
        callee = target.op
        if callee.is_ancestor_of(call):
            return False
        if len(target.region.blocks) > 1:
            parent = call.parent_op
            single = SingleBlock in type(parent).traits or isinstance(parent, UnregisteredOp)
            if parent.name != callee.name and single:
                return False
        return self.profitable(resolved)

    def profitable(self, resolved: ResolvedCall) -> bool:
        threshold = self.options.inlining_threshold
        if threshold >= NO_THRESHOLD:
            return True
        caller_ops = _count_ops(resolved.source.region)
        if caller_ops == 0:
            return True
        return _count_ops(resolved.target.region) * 100 // caller_ops <= threshold


def _count_ops(region: Region) -> int:
    return sum(1 for block in region.blocks for op in block for _ in op.walk())


def _in_history(resolved: ResolvedCall, history: list[tuple[Node, int | None]]) -> bool:
    entry = resolved.history
    while entry is not None:
        node, entry_parent = history[entry]
        if node is resolved.target:
            return True
        entry = entry_parent
    return False


@dataclass
class Inliner(Pass):
    name = "inline"
    summary = "Inline function calls"

    default_pipeline: str = option(
        "canonicalize",
        "The optimizer pipeline used for callables that do not have a dedicated optimizer "
        "pipeline in opPipelineList",
    )
    inlining_threshold: int = option(
        NO_THRESHOLD,
        "If the ratio between the number of the operations in the callee and the number of "
        "the operations in the caller exceeds this value (in percentage), then the callee is "
        "not inlined even if it is legal to inline it",
    )
    max_iterations: int = option(4, "Maximum number of iterations when inlining within an SCC")

    def run(self, op: Operation, context: PassContext) -> None:
        InlinerDriver(op, self, context).run()
