"""linalg-fuse-elementwise-ops: a linalg.generic on tensors that feeds another generic
is fused into it, as MLIR's LinalgElementwiseOpFusionPass does
(mlir/lib/Dialect/Linalg/Transforms/ElementwiseOpFusion.cpp).

The producer of a consumer's input is fused when (MLIR's areElementwiseOpsFusable and
the pass's default control):

- both are linalg.generic, the producer on tensors only, with parallel loops only;
- the consumer's map for that input has as many results as the producer has loops, and
  the producer's map for the result is a permutation (so it can be inverted);
- a consumer with reduction loops still has every loop indexed by a plain `d_i` in
  some map after the fusion (else its loop sizes could not be found);
- the producer has a single use (the control function of MLIR's pass);
- a producer whose body computes something expensive (a math function other than abs,
  copysign, fma and rounding; a division or remainder) is not fused into a consumer that
  broadcasts it (a consumer loop missing from the consumer's map of it): the fused body
  would compute it once per consumer element instead of once per producer element
  (irc's control; Adam's bias correction `1 - pow(b1, t)`, a rank-0 op, was computed
  once per parameter, and a row's `rsqrt` once per element of the row). The producer
  stays a loop nest of its own. `duplicate-expensive=true` fuses them as MLIR's default
  control does;
- a producer whose body reads an out (it updates that tensor in place) is not fused
  into a consumer that reads it through a broadcast (a map that is not a permutation):
  the out stays a result of the fused op, indexed without the broadcast loops, so each
  element would be updated once per copy (irc's rule; nn's f32 softmax scales its exps
  in place this way).

The fused op has the consumer's loops, iterator types and outs. Its inputs are the
consumer's inputs with the fused one replaced by the producer's inputs, whose maps are

    consumer map of the fused input o inverse(producer's result map) o producer input map

(consumer loops -> producer result index -> producer loops -> producer operand index),
so broadcast maps (constant 0 results, dropped dims) and transposes compose. Its body is
the producer's body (linalg.index ops remapped to the consumer's loops) followed by the
consumer's, the consumer's block argument of the fused input replaced by the value the
producer yields. A producer result that has other users, or whose out the producer's
body reads, stays a result of the fused op (with the producer's out). The consumer is
replaced and the producer, then unused, is erased.

Then, as MLIR's pass does through populateEraseUnusedOperandsAndResultsPatterns, inputs
of a generic whose block argument is unused are dropped and inputs repeated with the
same map are merged, as long as the loop sizes can still be found.

tensor's canonicalization patterns of tensor.dim (irc/dialects/tensor_canonicalize.py:
the size of a linalg result is the size of its out, the size of a tensor.empty is its
size operand) run with the fusion patterns, as MLIR's pass resolves ranked result dims,
so that the `tensor.dim` ops convert-nn-to-linalg writes for `?` sizes neither count as
uses of a producer nor keep its tensor.empty (and, after bufferization, its buffer) alive.

Not done (MLIR's pass does them): folding reshapes by expansion, linalg.fill and splat
constant inputs folded into the body, constant folding of generics, replacing unread
outs by tensor.empty (RemoveOutsDependency), dropping unused results and outs; fusion
through a linalg.index whose remapped loop is an expression other than a loop or a
constant (MLIR emits affine.apply, which irc does not have).
"""

from __future__ import annotations

from dataclasses import dataclass

from irc.dialects import arith, linalg
from irc.dialects.tensor_canonicalize import PATTERNS as tensor_patterns
from irc.ir import affine
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Block, OpResult, Value
from irc.passes.pass_manager import Pass, PassContext, option
from irc.passes.rewrite import (
    GreedyConfig,
    PatternRewriter,
    PatternSet,
    RewriteError,
    apply_patterns_greedily,
    pattern,
    report_non_convergence,
)

# -- affine maps ---------------------------------------------------------------------------------


def is_permutation(amap: affine.AffineMap) -> bool:
    """MLIR's AffineMap::isPermutation: as many results as dims, each a distinct dim."""
    if amap.num_symbols or len(amap.results) != amap.num_dims:
        return False
    dims = {r.position for r in amap.results if isinstance(r, affine.Dim)}
    return len(dims) == amap.num_dims


def inverse_permutation(amap: affine.AffineMap) -> affine.AffineMap:
    """The inverse of a permutation map: result index -> loop."""
    inverse: list[affine.AffineExpr] = [affine.Constant(0)] * amap.num_dims
    for position, result in enumerate(amap.results):
        inverse[result.position] = affine.Dim(position)
    return affine.AffineMap(len(amap.results), 0, tuple(inverse))


def substitute(expr: affine.AffineExpr, values: tuple[affine.AffineExpr, ...]):
    """`expr` with each dim d_i replaced by `values[i]`, simplified as it is rebuilt."""
    if isinstance(expr, affine.Dim):
        return values[expr.position]
    if isinstance(expr, affine.Binary):
        lhs, rhs = substitute(expr.lhs, values), substitute(expr.rhs, values)
        return affine.binary(expr.kind, lhs, rhs)
    return expr


def compose(outer: affine.AffineMap, inner: affine.AffineMap) -> affine.AffineMap:
    """MLIR's `outer.compose(inner)`: outer o inner, over inner's dims."""
    results = tuple(substitute(r, inner.results) for r in outer.results)
    return affine.AffineMap(inner.num_dims, 0, results)


# -- what may be fused -----------------------------------------------------------------------------


def _tensors_only(op: linalg.GenericOp) -> bool:
    return all(isinstance(v.type, T.TensorType) for v in op.operands)


def producer_operand_map(
    producer_map: affine.AffineMap, result_map: affine.AffineMap, consumer_map: affine.AffineMap
) -> affine.AffineMap:
    """MLIR's getIndexingMapOfProducerOperandsInCoordinatesOfFusedOp: consumer loops ->
    producer operand index."""
    return compose(compose(producer_map, inverse_permutation(result_map)), consumer_map)


def _covers_loops(consumer, number: int, producer, result_map, consumer_map) -> bool:
    """With reduction loops, every consumer loop must stay indexed by a plain dim."""
    if "reduction" not in consumer.iterator_types():
        return True
    covered: set[int] = set()
    maps = consumer.indexing_maps()
    for position, amap in enumerate(maps):
        if position != number:
            covered.update(r.position for r in amap.results if isinstance(r, affine.Dim))
    producer_maps = producer.indexing_maps()[: len(producer.inputs)]
    for amap in producer_maps:
        fused = producer_operand_map(amap, result_map, consumer_map)
        covered.update(r.position for r in fused.results if isinstance(r, affine.Dim))
    return len(covered) == consumer.num_loops


def fusion_refusal(
    consumer: linalg.GenericOp, number: int, duplicate_expensive: bool = False
) -> str | None:
    """Why input `number` of `consumer` may not take its producer in (None: it may)."""
    value = consumer.inputs[number]
    producer = value.op if isinstance(value, OpResult) else None
    if not isinstance(producer, linalg.GenericOp):
        return "not produced by a linalg.generic"
    if not _tensors_only(producer) or not isinstance(value.type, T.TensorType):
        return "the producer is not on tensors"
    if any(kind != "parallel" for kind in producer.iterator_types()):
        return "the producer has reduction loops"
    consumer_map = consumer.indexing_maps()[number]
    if len(consumer_map.results) != producer.num_loops:
        return "the consumer's map does not index every producer loop"
    result_map = producer.indexing_maps()[len(producer.inputs) + value.index]
    if not is_permutation(result_map):
        return "the producer's map of the result is not a permutation"
    if not _covers_loops(consumer, number, producer, result_map, consumer_map):
        return "a reduction consumer would lose the size of a loop"
    if sum(len(r.uses) for r in producer.results) != 1:
        return "the producer has more than one use"
    if _reads_outs(producer) and not is_permutation(consumer_map):
        return "the producer reads its out, which the consumer would update once per copy"
    if not duplicate_expensive and _broadcasts(consumer, consumer_map) and _expensive(producer):
        return "the producer computes an expensive op the consumer would repeat per element"
    if _index_map(producer, consumer_map, result_map) is None:
        return "the producer's linalg.index would need affine.apply"
    return None


CHEAP_MATH = frozenset({
    "math.absf", "math.absi", "math.copysign", "math.fma", "math.ceil", "math.floor",
    "math.round", "math.roundeven", "math.trunc", "math.clampf", "math.isfinite",
    "math.isinf", "math.isnan", "math.isnormal",
})  # fmt: skip
EXPENSIVE_ARITH = frozenset({
    "arith.divf", "arith.remf", "arith.divsi", "arith.divui", "arith.ceildivsi",
    "arith.ceildivui", "arith.floordivsi", "arith.remsi", "arith.remui",
})  # fmt: skip


def _expensive(producer: linalg.GenericOp) -> bool:
    """Whether the body computes a math function (not abs, copysign, fma, rounding) or a
    division: work worth not repeating."""
    for op in producer.body:
        if op.name in EXPENSIVE_ARITH:
            return True
        if op.name.startswith("math.") and op.name not in CHEAP_MATH:
            return True
    return False


def _broadcasts(consumer: linalg.GenericOp, consumer_map: affine.AffineMap) -> bool:
    """Whether some consumer loop is missing from its map of the input: the fused
    producer body would then run once per element along that loop."""
    used = {r.position for r in consumer_map.results if isinstance(r, affine.Dim)}
    return len(used) < consumer.num_loops


def _reads_outs(producer: linalg.GenericOp) -> bool:
    """Whether the producer's body reads an out's element (an update in place)."""
    return any(arg.uses for arg in producer.body.args[len(producer.inputs) :])


def _index_map(producer, consumer_map, result_map) -> affine.AffineMap | None:
    """Consumer loops -> producer loops, when every result is a loop or a constant (or
    the producer reads no index, when it does not matter)."""
    loops = compose(inverse_permutation(result_map), consumer_map)
    if not any(isinstance(op, linalg.IndexOp) for op in producer.body):
        return loops
    if all(isinstance(r, (affine.Dim, affine.Constant)) for r in loops.results):
        return loops
    return None


# -- the fused op --------------------------------------------------------------------------------


def preserved_results(producer: linalg.GenericOp, consumer: linalg.GenericOp) -> list[int]:
    """MLIR's getPreservedProducerResults: results used outside the consumer, or whose
    out the producer's body reads."""
    args = producer.body.args[len(producer.inputs) :]
    kept = []
    for index, result in enumerate(producer.results):
        read = bool(args[index].uses)
        if read or any(use.owner is not consumer for use in result.uses):
            kept.append(index)
    return kept


@dataclass
class _Fusion:
    """The operands, maps and block arguments of the fused op, in MLIR's order."""

    inputs: list
    outputs: list
    maps: list
    args: list  # the block arguments of producer and consumer, in the fused order


def _plan(producer, consumer, number: int, kept: list[int]) -> _Fusion:
    value = consumer.inputs[number]
    consumer_maps, producer_maps = consumer.indexing_maps(), producer.indexing_maps()
    consumer_map = consumer_maps[number]
    result_map = producer_maps[len(producer.inputs) + value.index]
    plan = _Fusion([], [], [], [])
    consumer_args, producer_args = consumer.body.args, producer.body.args
    for position, operand in enumerate(consumer.inputs):
        if position != number:
            plan.inputs.append(operand)
            plan.maps.append(consumer_maps[position])
            plan.args.append(consumer_args[position])
            continue
        for inner, producer_input in enumerate(producer.inputs):
            plan.inputs.append(producer_input)
            plan.maps.append(producer_operand_map(producer_maps[inner], result_map, consumer_map))
            plan.args.append(producer_args[inner])
    producer_outs = len(producer.inputs)
    for index in kept:
        plan.outputs.append(producer.outputs[index])
        own = producer_maps[producer_outs + index]
        plan.maps.append(producer_operand_map(own, result_map, consumer_map))
        plan.args.append(producer_args[producer_outs + index])
    consumer_outs = len(consumer.inputs)
    for index, output in enumerate(consumer.outputs):
        plan.outputs.append(output)
        plan.maps.append(consumer_maps[consumer_outs + index])
        plan.args.append(consumer_args[consumer_outs + index])
    return plan


def _clone_producer_body(rewriter, producer, block: Block, mapping: dict, loops) -> None:
    """The producer's ops (not its yield) at the end of `block`. As MLIR does, a
    producer reading loop indices gets a linalg.index per fused loop first; producer loop
    `d` is then the consumer loop (or the constant) that `loops` gives for it."""
    rewriter.set_insertion_point_to_end(block)
    indices = [op for op in producer.body if isinstance(op, linalg.IndexOp)]
    if indices:
        fused = [rewriter.insert(linalg.IndexOp.build(d, producer.location)).results[0]
                 for d in range(loops.num_dims)]  # fmt: skip
    for op in indices:
        mapping[op.results[0]] = _loop_value(rewriter, loops.results[op.dim], fused)
    for op in producer.body:
        if not isinstance(op, (linalg.YieldOp, linalg.IndexOp)):
            rewriter.clone(op, mapping)


def _loop_value(rewriter: PatternRewriter, expr: affine.AffineExpr, fused) -> Value:
    """A producer loop index: a fused loop's linalg.index, or an index constant."""
    if isinstance(expr, affine.Dim):
        return fused[expr.position]
    attr = A.IntegerAttr(expr.value, T.INDEX)
    return rewriter.create(arith.ConstantOp, [], [T.INDEX], {"value": attr}).results[0]


def fuse(rewriter: PatternRewriter, consumer: linalg.GenericOp, number: int):
    """MLIR's fuseElementwiseOps: the fused op, built before the consumer, and the values
    that replace the producer's kept results and the consumer's results."""
    value = consumer.inputs[number]
    producer = value.op
    kept = preserved_results(producer, consumer)
    plan = _plan(producer, consumer, number, kept)
    if linalg.shapes_to_loops(plan.maps) is None:
        return None
    fused = linalg.GenericOp.build(
        plan.inputs, plan.outputs, plan.maps, consumer.iterator_types(), consumer.location
    )
    block = fused.body
    mapping: dict = {}
    for old, new in zip(plan.args, block.args, strict=True):
        new.loc = old.location
        mapping[old] = new
    rewriter.insert(fused)
    consumer_map = consumer.indexing_maps()[number]
    result_map = producer.indexing_maps()[len(producer.inputs) + value.index]
    loops = compose(inverse_permutation(result_map), consumer_map)
    _clone_producer_body(rewriter, producer, block, mapping, loops)
    producer_yield = producer.body.terminator
    yielded = producer_yield.operands[value.index]
    mapping[consumer.body.args[number]] = mapping.get(yielded, yielded)
    for op in consumer.body:
        if not isinstance(op, linalg.YieldOp):
            rewriter.clone(op, mapping)
    finals = [producer_yield.operands[index] for index in kept]
    finals += consumer.body.terminator.operands
    rewriter.create(linalg.YieldOp, [mapping.get(v, v) for v in finals], [])
    rewriter.set_insertion_point(consumer)
    return fused, [producer.results[i] for i in kept] + list(consumer.results)


# -- patterns -----------------------------------------------------------------------------------


def fuse_elementwise_ops(consumer, rewriter: PatternRewriter, duplicate_expensive: bool) -> bool:
    for number in range(len(consumer.inputs)):
        reason = fusion_refusal(consumer, number, duplicate_expensive)
        if reason is not None:
            rewriter.fail(consumer, f"input #{number}: {reason}")
            continue
        producer = consumer.inputs[number].op
        done = fuse(rewriter, consumer, number)
        if done is None:
            return rewriter.fail(consumer, "the fused op's loop sizes cannot be found")
        fused, replaced = done
        for old, new in zip(replaced, fused.results, strict=True):
            rewriter.replace_all_uses_with(old, new)
        rewriter.erase_op(consumer)
        if not any(result.uses for result in producer.results):
            rewriter.erase_op(producer)
        return True
    return False


# generic(ins(generic(ins(a..)), b..)) -> generic(ins(a.., b..)), bodies merged
@pattern(linalg.GenericOp)
def FuseElementwiseOps(consumer: linalg.GenericOp, rewriter: PatternRewriter) -> bool:
    return fuse_elementwise_ops(consumer, rewriter, duplicate_expensive=False)


# the same, expensive producers fused into broadcasting consumers too (MLIR's control)
@pattern(linalg.GenericOp)
def FuseElementwiseOpsDuplicating(consumer: linalg.GenericOp, rewriter: PatternRewriter) -> bool:
    return fuse_elementwise_ops(consumer, rewriter, duplicate_expensive=True)


# generic(ins(a, a, unused) with a's maps equal) -> generic(ins(a))
@pattern(linalg.GenericOp)
def DeduplicateAndRemoveDeadInputs(op: linalg.GenericOp, rewriter: PatternRewriter) -> bool:
    maps, args = op.indexing_maps(), op.body.args
    count = len(op.inputs)
    kept: list[int] = []
    first: dict = {}  # (value, map) -> the kept input's position
    replace: dict[int, int] = {}
    for number, operand in enumerate(op.inputs):
        rest = kept + list(range(number + 1, len(maps)))
        sizes_known = linalg.shapes_to_loops([maps[i] for i in rest]) is not None
        if not args[number].uses and sizes_known:
            continue
        key = (operand, maps[number])
        if key in first:
            replace[number] = first[key]
            continue
        first[key] = number
        kept.append(number)
    if len(kept) == count:
        return False
    _rebuild_inputs(rewriter, op, kept, replace)
    return True


def _rebuild_inputs(rewriter, op: linalg.GenericOp, kept: list[int], replace) -> None:
    """`op` with only the inputs `kept`; a duplicate's argument reads its first copy."""
    count, maps = len(op.inputs), op.indexing_maps()
    inputs = [op.inputs[i] for i in kept]
    new_maps = [maps[i] for i in kept] + maps[count:]
    rebuilt = linalg.GenericOp.build(inputs, op.outputs, new_maps, op.iterator_types(), op.location)
    old_args, new_args = op.body.args, rebuilt.body.args
    sources = kept + list(range(count, len(old_args)))
    mapping: dict = {}
    for old, new in zip((old_args[i] for i in sources), new_args, strict=True):
        new.loc = old.location
        mapping[old] = new
    for number, target in replace.items():
        mapping[old_args[number]] = mapping[old_args[target]]
    rewriter.insert(rebuilt)
    rewriter.set_insertion_point_to_end(rebuilt.body)
    for nested in op.body:
        rewriter.clone(nested, mapping)
    rewriter.set_insertion_point(op)
    rewriter.replace_op(op, rebuilt.results)


PATTERNS = PatternSet([FuseElementwiseOps, DeduplicateAndRemoveDeadInputs, *tensor_patterns])
MLIR_PATTERNS = PatternSet(
    [FuseElementwiseOpsDuplicating, DeduplicateAndRemoveDeadInputs, *tensor_patterns]
)


@dataclass
class LinalgElementwiseOpFusion(Pass):
    name = "linalg-fuse-elementwise-ops"
    summary = "Fuse elementwise operations on tensors"
    duplicate_expensive: bool = option(
        False,
        "also fuse producers with math functions or divisions into consumers that "
        "broadcast them, recomputing them per element (MLIR's default control)",
    )

    def run(self, op, context: PassContext) -> None:
        config = GreedyConfig(top_down=True)  # as MLIR's pass (for compile time)
        patterns = MLIR_PATTERNS if self.duplicate_expensive else PATTERNS
        try:
            result = apply_patterns_greedily(op, patterns, config)
        except RewriteError as error:
            context.diagnostics.error(error.location, str(error))
            return
        if not result.converged:
            report_non_convergence(result, op, context.diagnostics, self.name)
