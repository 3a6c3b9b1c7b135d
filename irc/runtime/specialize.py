"""Specializing a function to the shapes of one call: `?` sizes made static.

`specialize(module, "f", types)` clones the module, gives @f's parameters the static
tensor types of the call's arrays and propagates them through the body:

    func.func @f(%x: tensor<?x8xf32>)          func.func @f(%x: tensor<5x8xf32>)
      %y = nn.tanh %x : tensor<?x8xf32>   ->     %y = nn.tanh %x : tensor<5x8xf32>

Each op's new result types come from its refined operand types and are met with the
written types, so a result only gains static sizes. Where they come from, first found:

- a row in `RULES`, for ops with regions or callees: nn.scan (its body arguments from
  the operands; a carried value's type also from what the body yields for it, the body
  refined again until they agree, with casts of the initial and yielded values to it),
  scf.if (its results from what both branches yield), func.call (the callee is
  specialized too, as a private copy per argument types; a recursive call with the same
  types calls the function being specialized);
- the op's `refine_result_types(operand types, written result types, properties)`, for
  ops whose result type is written rather than inferred (nn.cast, nn.one_hot,
  nn.broadcast_to, nn.reshape: `WrittenOp.refine`; the draws `like` %x; nn.random_bernoulli);
- the op's own `infer_result_types`, the rule its verifier checks;
- the SameOperandsAndResultType trait (nn.stop_gradient, nn.straight_through,
  nn.grad_clip, nn.grad_scale): the result meets every operand, and an operand left
  less static is cast to it, so that the form with one type stays exact.

Ops with none of these keep their types. The function type follows what its func.returns
return.

Two outcomes besides a module: `ShapeConflict` when the shapes contradict the program
(an inference rule rejects the refined operands, or infers a size that a static size of
the program denies), which is the caller's fault, and `IRError` from the verifier when
the refinement left the module inconsistent (a form this module does not refine), which
the JIT answers by compiling the function with its `?` sizes instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from irc.dialects import func as fn
from irc.dialects import scf, tensor
from irc.dialects.nn import scan as nn_scan
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Block, Operation, Value
from irc.ir.opdef import Op, VerifyError
from irc.ir.traits import SameOperandsAndResultType

DYN = T.DYNAMIC
MAX_COPIES = 64
"""Specialized copies of callees per specialization; beyond, calls keep their callee's
written types (a recursion whose shapes change at every level stops here)."""


class ShapeConflict(Exception):
    """The call's shapes contradict the program at `op`."""

    def __init__(self, message: str, op: Operation) -> None:
        super().__init__(message)
        self.message = message
        self.op = op


def specialize(module: Operation, name: str, types: list[T.Type]) -> Operation:
    """A copy of `module` in which @name takes `types` (static where the call is) and
    everything it computes and calls is refined to match. Functions @name does not reach
    are dropped; callees are specialized as private copies. Not verified: see the module
    docstring."""
    module = module.clone()
    functions = _functions(module)
    target = functions[name]
    refiner = _Refiner(module, functions, originals={**functions, name: target.clone()})
    refiner.copies[name, tuple(types)] = target  # a call of itself with the same types
    refiner.function(target, types)
    kept = _reachable(refiner.functions, name)
    for other in list(refiner.functions.values()):
        if other not in kept:
            other.erase()
    return module


def refined_type(old: T.Type, new: T.Type) -> T.Type | None:
    """`old` with the static sizes `new` adds (None when they contradict); `old` when the
    two are not tensors of one rank and element type."""
    if old is new:
        return old
    if not (isinstance(old, T.TensorType) and isinstance(new, T.TensorType)):
        return old
    if old.rank != new.rank or old.element_type is not new.element_type:
        return old
    shape = []
    for a, b in zip(old.shape, new.shape, strict=True):
        if DYN not in (a, b) and a != b:
            return None
        shape.append(b if a == DYN else a)
    return T.TensorType(tuple(shape), old.element_type, old.encoding)


# -- the walk ---------------------------------------------------------------------------------


@dataclass
class _Refiner:
    module: Operation
    functions: dict[str, Operation]  # by name, in the module (copies join)
    originals: dict[str, Operation]  # by name, as written (the target's is outside)
    changed: set[Value] = field(default_factory=set)
    copies: dict[tuple, Operation] = field(default_factory=dict)  # (name, types) -> copy

    def function(self, func: Operation, types: list[T.Type]) -> None:
        entry = func.regions[0].blocks[0]
        for arg, new in zip(entry.args, types, strict=True):
            self.set_type(arg, new, func)
        for block in func.regions[0].blocks:
            self.block(block)
        _retype_function(func)

    def block(self, block: Block) -> None:
        for op in list(block):
            _rule(type(op))(self, op)

    def set_type(self, value: Value, new: T.Type, op: Operation) -> None:
        merged = refined_type(value.type, new)
        if merged is None:
            raise ShapeConflict(f"'{op.name}' gives {new} where the program says {value.type}", op)
        if merged is not value.type:
            value.type = merged
            self.changed.add(value)

    def touched(self, op: Operation) -> bool:
        return any(v in self.changed for v in op.operands)

    def regions(self, op: Operation) -> None:
        for region in op.regions:
            for block in region.blocks:
                self.block(block)


# -- rules ------------------------------------------------------------------------------------


def _rule(cls: type):
    """How an op's results follow its operands: its row in `RULES`, else what the op
    states (a rule that starts from the written result types, or its inference), else
    its traits."""
    rule = RULES.get(cls)
    if rule is not None:
        return rule
    if hasattr(cls, "refine_result_types"):
        return _refined
    if not _inherits_base(cls):
        return _inferred
    if SameOperandsAndResultType in cls.traits:
        return _same_type
    return _kept


def _inferred(refiner: _Refiner, op: Operation) -> None:
    """Results from the op's own inference, when an operand changed."""
    infer = type(op).infer_result_types
    _from_rule(refiner, op, lambda operand_types: infer(operand_types, op.properties))


def _refined(refiner: _Refiner, op: Operation) -> None:
    """Results from the op's rule for operands more static than written (ops whose
    result types are written: nn.cast, nn.one_hot, nn.broadcast_to, draws `like` %x)."""
    refine = type(op).refine_result_types
    written = [r.type for r in op.results]
    _from_rule(refiner, op, lambda operand_types: refine(operand_types, written, op.properties))


def _from_rule(refiner: _Refiner, op: Operation, rule) -> None:
    """The types `rule(operand types)` gives met with the results', when an operand
    changed; a rule that rejects the operands is a ShapeConflict."""
    refiner.regions(op)
    if not op.results or not refiner.touched(op):
        return
    try:
        types = rule([v.type for v in op.operands])
    except (VerifyError, ValueError, TypeError, KeyError, IndexError) as exc:
        raise ShapeConflict(str(exc), op) from None
    if len(types) != len(op.results):
        return
    for result, new in zip(op.results, types, strict=True):
        refiner.set_type(result, new, op)


def _same_type(refiner: _Refiner, op: Operation) -> None:
    """SameOperandsAndResultType (nn.stop_gradient, nn.straight_through, ...): every
    result meets every operand, and operands less static than the result are cast to
    its type (the custom form spells one type for all)."""
    refiner.regions(op)
    if not refiner.touched(op):
        return
    for result in op.results:
        for value in op.operands:
            refiner.set_type(result, value.type, op)
    if len(op.results) == 1:
        _cast_operands_to(op, [op.results[0].type] * len(op.operands))


def _kept(refiner: _Refiner, op: Operation) -> None:
    """Results whose types do not follow the operands' (or a form not refined)."""
    refiner.regions(op)


def _inherits_base(cls: type) -> bool:
    return getattr(cls.infer_result_types, "__func__", None) is Op.infer_result_types.__func__


def _scan(refiner: _Refiner, op: nn_scan.ScanOp) -> None:
    """The body's arguments from the operands; a carried value's type also meets what the
    body yields for it (the body is refined again until they agree), and casts make the
    initial and yielded values of that type; the outputs are stacked as yielded."""
    body, sequences = op.body, op.sequences
    passed = [nn_scan.slice_type(v.type) for v in sequences]
    passed += [v.type for v in op.carries + op.invariants]
    for arg, new in zip(body.args, passed, strict=False):
        refiner.set_type(arg, new, op)
    carried = body.args[len(sequences) : len(sequences) + len(op.carries)]
    yielded = _refine_body(refiner, op, carried)
    carries = len(carried)
    carry_types = [arg.type for arg in carried]
    for result, new in zip(op.results[:carries], carry_types, strict=False):
        refiner.set_type(result, new, op)
    steps = nn_scan.static_steps(v.type for v in sequences)
    for result, value in zip(op.results[carries:], yielded[carries:], strict=False):
        stacked = nn_scan.stacked_type(steps, value.type)
        if stacked is not None:
            refiner.set_type(result, stacked, op)
    operand_types = [v.type for v in op.operands]
    operand_types[len(sequences) : len(sequences) + carries] = carry_types
    _cast_operands_to(op, operand_types)
    if isinstance(body.last, nn_scan.YieldOp):
        _cast_operands_to(body.last, carry_types)


def _refine_body(refiner: _Refiner, op: nn_scan.ScanOp, carried: list[Value]) -> list[Value]:
    """Refine the body until the carried arguments take no more sizes from the values
    yielded for them (each round only adds static sizes); the yielded values."""
    while True:
        refiner.block(op.body)
        last = op.body.last
        yielded = list(last.operands) if last is not None else []
        before = [arg.type for arg in carried]
        for arg, value in zip(carried, yielded, strict=False):
            refiner.set_type(arg, value.type, op)
        if [arg.type for arg in carried] == before:
            return yielded


def _call(refiner: _Refiner, op: fn.CallOp) -> None:
    """A copy of the callee specialized to the refined operand types (once per types; a
    call with the types of a copy being refined, recursion, calls that copy)."""
    name = _callee_name(op)
    original = refiner.originals.get(name)
    if original is None or not refiner.touched(op):
        return
    if not original.regions[0].blocks:  # a declaration: called with its written types
        return _cast_operands_to(op, original.function_type.inputs)
    types = tuple(v.type for v in op.operands)
    copy = refiner.copies.get((name, types))
    if copy is None and len(refiner.copies) > MAX_COPIES:  # shapes that keep changing
        return _call_as_written(refiner, op, name)
    if copy is None:
        copy = refiner.copies[name, types] = _copy_function(refiner, name)
        refiner.function(copy, list(types))
    op.properties["callee"] = A.SymbolRefAttr(copy.sym_name)
    for result, new in zip(op.results, copy.function_type.results, strict=False):
        refiner.set_type(result, new, op)


def _if(refiner: _Refiner, op: scf.IfOp) -> None:
    """Each result from what both branches yield, when they agree; a branch that yields
    a more static type than the result's casts it."""
    refiner.regions(op)
    yields = [region.blocks[0].last for region in op.regions if region.blocks]
    yields = [y for y in yields if isinstance(y, scf.YieldOp)]
    for index, result in enumerate(op.results):
        given = {y.operands[index].type for y in yields if index < len(y.operands)}
        if len(given) == 1 and len(yields) == 2:
            refiner.set_type(result, given.pop(), op)
    for terminator in yields:
        _cast_operands_to(terminator, [r.type for r in op.results])


RULES = {
    nn_scan.ScanOp: _scan,
    fn.CallOp: _call,
    scf.IfOp: _if,
}


# -- functions --------------------------------------------------------------------------------


def _functions(module: Operation) -> dict[str, Operation]:
    return {
        op.sym_name: op
        for op in module.regions[0].blocks[0]
        if isinstance(op, fn.FuncOp) and op.sym_name is not None
    }


def _reachable(functions: dict[str, Operation], name: str) -> set[Operation]:
    """The functions `name` calls, directly or not, and itself."""
    found, work = set(), [functions[name]]
    while work:
        func = work.pop()
        if func in found:
            continue
        found.add(func)
        for op in func.walk():
            callee = functions.get(_callee_name(op)) if isinstance(op, fn.CallOp) else None
            if callee is not None:
                work.append(callee)
    return found


def _callee_name(op: Operation) -> str:
    callee = op.properties.get("callee")
    return callee.root if isinstance(callee, A.SymbolRefAttr) and not callee.nested else ""


def _copy_function(refiner: _Refiner, name: str) -> Operation:
    """A private clone of function `name` as written, placed after it, under a fresh
    name."""
    number = 0
    while f"{name}_{number}" in refiner.functions:
        number += 1
    copy = refiner.originals[name].clone()
    copy.properties["sym_name"] = A.StringAttr(f"{name}_{number}")
    copy.properties["sym_visibility"] = A.StringAttr("private")
    refiner.module.regions[0].blocks[0].insert_after(refiner.functions[name], copy)
    refiner.functions[copy.sym_name] = copy
    return copy


def _call_as_written(refiner: _Refiner, op: Operation, name: str) -> None:
    """Call an unspecialized copy of `name`, its operands cast back to its types."""
    copy = refiner.copies.get((name, None))
    if copy is None:
        copy = refiner.copies[name, None] = _copy_function(refiner, name)
    op.properties["callee"] = A.SymbolRefAttr(copy.sym_name)
    _cast_operands_to(op, copy.function_type.inputs)


def _cast_operands_to(op: Operation, types: list[T.Type]) -> None:
    """Cast the operands of `op` whose types differ from `types` (static to `?`)."""
    for index, (value, want) in enumerate(zip(op.operands, types, strict=False)):
        if value.type is not want and isinstance(want, T.TensorType):
            cast = tensor.CastOp.build(value, want)
            cast.location = op.location
            op.parent.insert_before(op, cast)
            op.set_operand(index, cast.results[0])


def _retype_function(func: Operation) -> None:
    """The function type: the entry block's argument types, and per result the type every
    func.return gives (the written type, with casts before the returns, when they differ)."""
    returns = [
        block.last for block in func.regions[0].blocks if isinstance(block.last, fn.ReturnOp)
    ]
    declared = func.function_type.results
    results = []
    for index, written in enumerate(declared):
        given = {r.operands[index].type for r in returns if index < len(r.operands)}
        results.append(given.pop() if len(given) == 1 else written)
    for ret in returns:
        _cast_operands_to(ret, results)
    inputs = [arg.type for arg in func.regions[0].blocks[0].args]
    func.properties["function_type"] = A.TypeAttr(T.FunctionType(inputs, results))
