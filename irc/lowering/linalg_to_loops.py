"""convert-linalg-to-loops, convert-linalg-to-parallel-loops: structured ops on buffers
become loop nests of scf ops over memref.load / memref.store.

MLIR's passes (mlir/lib/Dialect/Linalg/Transforms/Loops.cpp). Every linalg structured op
with buffer semantics (memref operands; scalar inputs are used as they are) is replaced
by its loop nest, one loop per iterator in order (loop 0 outermost), and the named ops
(matmul, batch_matmul, fill, copy, map, reduce, transpose, broadcast) go through their
generic form: the maps, iterator types and body every structured op has.

    loop bounds   0 to size step 1, the size of loop `i` taken from the first operand
                  dimension indexed by exactly `d_i` (MLIR's createLoopRanges through the
                  shapes-to-loops map): `memref.dim` of that operand, or an
                  `arith.constant` when the size is static
    loop nest     convert-linalg-to-loops: one scf.for per loop. The parallel variant
                  (MLIR's generateParallelLoopNest): each run of consecutive parallel
                  loops becomes one scf.parallel, each reduction loop one scf.for
    body          each input element loaded (a scalar input is used as is), each output
                  element loaded, the payload ops cloned with the block arguments
                  replaced by those values and `linalg.index d` by the induction variable
                  of loop d, then each yielded value stored to its output element

Indices: a map result that is a loop dim is the induction variable itself; any other
affine result is expanded into arith ops on index (irc has no affine dialect, so where
MLIR emits `affine.apply` this pass emits what MLIR's affine-to-standard lowering makes
of it): `+` addi, `*` muli, `mod` remsi moved into [0, rhs) by cmpi/addi/select as
MLIR's lowering does; `floordiv` and `ceildiv` become floordivsi and ceildivsi (where MLIR
spells them with divsi, compares and selects, and rejects a negative divisor). A `mod`
by anything but a positive constant, or a division by anything but a nonzero constant,
is an error naming the op (irc's parser takes semi-affine maps that MLIR's rejects).

What MLIR's greedy clean-up after the rewrite leaves is what this pass emits: index
constants come once per function, at the start of its entry block in the order they were
first needed; an operand element whose block argument is unused is not loaded, and a
`memref.dim` is made only for a loop bound that needs one (just before the nest). Each
point runs the same element operations in the same order as the interpreter's loop nest
(loop 0 outermost, the last loop fastest), so results agree bit for bit.

Left alone: structured ops on tensors (bufferize first; MLIR's pass leaves them too),
reported as remarks.
"""

from __future__ import annotations

from dataclasses import dataclass

from irc.dialects import arith, linalg, memref, scf
from irc.ir import affine
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.builder import Builder, InsertionPoint
from irc.ir.core import Block, Operation, Value
from irc.ir.traits import IsolatedFromAbove
from irc.passes.pass_manager import Pass, PassContext

SLT = arith.CMPI_PREDICATES.index("slt")


# -- helpers: constants, sizes, index expressions ---------------------------------------------


class IndexConstants:
    """Index constants of one function at the start of its entry block, one per value in
    the order first asked for, as MLIR's folder hoists them: an index constant already in
    the entry block is reused (moved up to the others), else one is made."""

    def __init__(self, block: Block, location) -> None:
        self.block = block
        self.location = location
        self.values: dict[int, Value] = {}
        self.last: Operation | None = None
        self.existing: dict[int, Operation] = {}
        for op in block:
            attr = op.properties.get("value") if isinstance(op, arith.ConstantOp) else None
            if isinstance(attr, A.IntegerAttr) and attr.type is T.INDEX:
                self.existing.setdefault(attr.value, op)

    def get(self, value: int) -> Value:
        found = self.values.get(value)
        if found is None:
            constant = self.existing.get(value)
            if constant is None:
                attr = A.IntegerAttr(value, T.INDEX)
                constant = arith.ConstantOp([], [T.INDEX], {"value": attr}, location=self.location)
            elif constant is not self._next():
                constant.detach()
            if constant.parent is None:
                InsertionPoint(self.block, self._next()).insert(constant)
            self.last = constant
            found = self.values[value] = constant.results[0]
        return found

    def _next(self) -> Operation | None:
        """The op before which the next constant goes."""
        return self.block.first if self.last is None else self.last.next


def _constant_block(op: Operation) -> Block:
    """The entry block of the nearest isolated-from-above ancestor (the function), where
    constants dominate the whole body; else the op's own block."""
    for ancestor in op.ancestors():
        if ancestor.has_trait(IsolatedFromAbove) and ancestor.regions:
            entry = ancestor.regions[0].entry
            if entry is not None:
                return entry
    return op.parent


def loop_upper_bounds(op: linalg.StructuredOp, b: Builder, constants: IndexConstants):
    """Each loop's size: the first operand dimension that is exactly that loop's dim,
    a constant when static, else a `memref.dim` (made in operand order)."""
    dims = [(value, dim) for value in op.operands for dim in range(linalg.rank_of(value.type))]
    positions = linalg.shapes_to_loops(op.indexing_maps())
    sizes: dict[int, Value] = {}
    for position in sorted(set(positions)):
        value, dim = dims[position]
        size = value.type.shape[dim]
        if size == T.DYNAMIC:
            sizes[position] = b.create(
                memref.DimOp, [value, constants.get(dim)], [T.INDEX]
            ).results[0]
        else:
            sizes[position] = constants.get(size)
    return [sizes[p] for p in positions]


class IndexExpander:
    """Affine map results as arith ops on index at one point of the loop nest; each
    distinct expression is expanded once per point."""

    def __init__(self, b: Builder, constants: IndexConstants, ivs: list[Value]) -> None:
        self.b = b
        self.constants = constants
        self.ivs = ivs
        self.done: dict[affine.AffineExpr, Value] = {}

    def indices(self, amap: affine.AffineMap) -> list[Value]:
        return [self.expand(expr) for expr in amap.results]

    def expand(self, expr: affine.AffineExpr) -> Value:
        if isinstance(expr, affine.Dim):
            return self.ivs[expr.position]
        if isinstance(expr, affine.Constant):
            return self.constants.get(expr.value)
        found = self.done.get(expr)
        if found is None:
            found = self.done[expr] = self._binary(expr)
        return found

    def _binary(self, expr: affine.Binary) -> Value:
        lhs, rhs = self.expand(expr.lhs), self.expand(expr.rhs)
        if expr.kind == "+":
            return self._op(arith.AddIOp, lhs, rhs)
        if expr.kind == "*":
            return self._op(arith.MulIOp, lhs, rhs)
        if expr.kind == "floordiv":
            return self._op(arith.FloorDivSIOp, lhs, rhs)
        if expr.kind == "ceildiv":
            return self._op(arith.CeilDivSIOp, lhs, rhs)
        # lhs mod rhs (rhs > 0) = remsi, moved into [0, rhs) when negative
        remainder = self._op(arith.RemSIOp, lhs, rhs)
        zero = self.constants.get(0)
        predicate = {"predicate": A.IntegerAttr(SLT, T.I64)}
        negative = self.b.create(arith.CmpIOp, [remainder, zero], [T.I1], properties=predicate)
        moved = self._op(arith.AddIOp, remainder, rhs)
        return self.b.create(
            arith.SelectOp, [negative.results[0], moved, remainder], [T.INDEX]
        ).results[0]

    def _op(self, cls, lhs: Value, rhs: Value) -> Value:
        return self.b.create(cls, [lhs, rhs], [T.INDEX]).results[0]


def _unsupported_expr(expr: affine.AffineExpr) -> str | None:
    """Why an index expression cannot be expanded, else None."""
    if isinstance(expr, affine.Symbol):
        return "a symbol"
    if not isinstance(expr, affine.Binary):
        return None
    if expr.kind in ("mod", "floordiv", "ceildiv"):
        divisor = expr.rhs.value if isinstance(expr.rhs, affine.Constant) else None
        if divisor is None or divisor == 0 or (expr.kind == "mod" and divisor < 0):
            wanted = "a positive constant" if expr.kind == "mod" else "a nonzero constant"
            return f"'{expr.kind}' by {affine.expr_text(expr.rhs)} ({wanted} is needed)"
    return _unsupported_expr(expr.lhs) or _unsupported_expr(expr.rhs)


def _problem(op: linalg.StructuredOp) -> str | None:
    """Why `op` (on buffers) cannot be lowered, else None."""
    for value in op.operands:
        if isinstance(value.type, T.UnrankedMemRefType):
            return f"operand of unranked type {value.type}"
    if linalg.shapes_to_loops(op.indexing_maps()) is None:
        return "non-invertible indexing maps"
    for amap in op.indexing_maps():
        for expr in amap.results:
            reason = _unsupported_expr(expr)
            if reason is not None:
                return f"index expression {affine.expr_text(expr)} has {reason}"
    return None


def _on_buffers(op: linalg.StructuredOp) -> bool:
    """MLIR's hasPureBufferSemantics: no operand is a tensor."""
    return not any(isinstance(v.type, T.TensorType) for v in op.operands)


# -- loop nests -------------------------------------------------------------------------------


def _sequential_nest(b: Builder, zero: Value, one: Value, uppers) -> list[Value]:
    """One scf.for per loop, outermost first; `b` ends up inside the innermost body."""
    ivs = []
    for upper in uppers:
        loop = b.insert(scf.ForOp.build(zero, upper, one, location=b.location))
        ivs.append(loop.body.args[0])
        b.insertion_point = InsertionPoint.before(loop.body.last)
    return ivs


def _parallel_nest(b: Builder, zero: Value, one: Value, uppers, kinds) -> list[Value]:
    """MLIR's generateParallelLoopNest: consecutive parallel loops as one scf.parallel,
    each reduction loop as an scf.for; `b` ends up inside the innermost body."""
    ivs, start = [], 0
    while start < len(uppers):
        if kinds[start] != "parallel":
            ivs += _sequential_nest(b, zero, one, uppers[start : start + 1])
            start += 1
            continue
        end = start
        while end < len(uppers) and kinds[end] == "parallel":
            end += 1
        count = end - start
        loop = b.insert(
            scf.ParallelOp.build(
                [zero] * count, uppers[start:end], [one] * count, location=b.location
            )
        )
        body = loop.regions[0].blocks[0]
        ivs += list(body.args)
        b.insertion_point = InsertionPoint.before(body.last)
        start = end
    return ivs


# -- the body at one point --------------------------------------------------------------------


def _element_values(op: linalg.StructuredOp, expander: IndexExpander) -> list[Value]:
    """The value of each block argument: an input scalar as is, else the operand element
    at the point (loaded only when the body uses it; None when unused)."""
    values = []
    args = op.body.args
    for value, arg, amap in zip(op.operands, args, op.indexing_maps(), strict=True):
        if not isinstance(value.type, T.MemRefType):
            values.append(value)
        elif not arg.has_uses:
            values.append(None)
        else:
            indices = expander.indices(amap)
            load = expander.b.create(memref.LoadOp, [value, *indices], [value.type.element_type])
            values.append(load.results[0])
    return values


def _emit_point(op: linalg.StructuredOp, expander: IndexExpander) -> None:
    """Loads, the payload (linalg.index replaced by induction variables), stores."""
    b = expander.b
    mapping: dict = {
        arg: value
        for arg, value in zip(op.body.args, _element_values(op, expander), strict=True)
        if value is not None
    }
    terminator = op.body.last
    for payload in op.body:
        if payload is terminator:
            break
        if isinstance(payload, linalg.IndexOp):
            mapping[payload.results[0]] = expander.ivs[payload.dim]
            continue
        b.insert(payload.clone(mapping))
    maps = op.indexing_maps()[len(op.inputs) :]
    for output, amap, value in zip(op.outputs, maps, terminator.operands, strict=True):
        indices = expander.indices(amap)
        b.create(memref.StoreOp, [mapping.get(value, value), output, *indices])


def lower_structured(op: linalg.StructuredOp, parallel: bool, constants: IndexConstants) -> None:
    """Replace `op` (on buffers, checked by `_problem`) by its loop nest."""
    b = Builder(InsertionPoint.before(op), op.location)
    uppers = loop_upper_bounds(op, b, constants)
    zero, one = (constants.get(0), constants.get(1)) if uppers else (None, None)
    if parallel:
        ivs = _parallel_nest(b, zero, one, uppers, op.iterator_types())
    else:
        ivs = _sequential_nest(b, zero, one, uppers)
    _emit_point(op, IndexExpander(b, constants, ivs))
    op.erase()


# -- the passes -------------------------------------------------------------------------------


def lower_all(root: Operation, context: PassContext, parallel: bool) -> None:
    """Lower every structured op on buffers under `root` (inner ops first, so that an op
    in another's body is a loop nest before that body is cloned)."""
    constants: dict[int, IndexConstants] = {}
    targets = [op for op in root.walk(post_order=True) if isinstance(op, linalg.StructuredOp)]
    for op in targets:
        if not _on_buffers(op):
            context.remark(op, f"'{op.name}' on tensors is left as is: bufferize it first")
            continue
        problem = _problem(op)
        if problem is not None:
            context.error(op, f"cannot lower '{op.name}' to loops: {problem}")
            continue
        block = _constant_block(op)
        key = id(block)
        if key not in constants:
            constants[key] = IndexConstants(block, op.location)
        lower_structured(op, parallel, constants[key])


@dataclass
class ConvertLinalgToLoops(Pass):
    name = "convert-linalg-to-loops"
    summary = "Convert the operations from the linalg dialect into loops"

    def run(self, op: Operation, context: PassContext) -> None:
        lower_all(op, context, parallel=False)


@dataclass
class ConvertLinalgToParallelLoops(Pass):
    name = "convert-linalg-to-parallel-loops"
    summary = "Convert the operations from the linalg dialect into parallel loops"

    def run(self, op: Operation, context: PassContext) -> None:
        lower_all(op, context, parallel=True)
