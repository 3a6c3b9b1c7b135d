"""Specializing a function to the shapes of one call: `?` sizes made static.

`specialize(module, "f", types)` clones the module, gives @f's parameters the static
tensor types of the call's arrays and propagates them through the body:

    func.func @f(%x: tensor<?x8xf32>)          func.func @f(%x: tensor<5x8xf32>)
      %y = nn.tanh %x : tensor<?x8xf32>   ->     %y = nn.tanh %x : tensor<5x8xf32>

Each op's result types are inferred again from its refined operand types (the op's own
`infer_result_types`, the rule its verifier checks) and met with the written types, so a
result only gains static sizes. Ops the inference does not cover have a row in `RULES`:
nn.scan (its body arguments from the operands, its results from what the body yields),
scf.if (its results from what both branches yield), func.call (the callee is specialized
too, as a private copy per argument types; a recursive call with the same types calls
the function being specialized), the
draws with `like` (sizes from the like operand). The function type follows what its
func.returns return. Ops with neither keep their types.

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
from irc.dialects.nn import random as nn_random
from irc.dialects.nn import scan as nn_scan
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Block, Operation, Value
from irc.ir.opdef import Op, VerifyError

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
            rule = RULES.get(type(op), _inferred)
            rule(self, op)

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


def _inferred(refiner: _Refiner, op: Operation) -> None:
    """Results from the op's own inference, when an operand changed."""
    refiner.regions(op)
    infer = type(op).infer_result_types
    if not op.results or not refiner.touched(op) or _inherits_base(type(op)):
        return
    try:
        types = infer([v.type for v in op.operands], op.properties)
    except (VerifyError, ValueError, TypeError, KeyError, IndexError) as exc:
        raise ShapeConflict(str(exc), op) from None
    if len(types) != len(op.results):
        return
    for result, new in zip(op.results, types, strict=True):
        refiner.set_type(result, new, op)


def _inherits_base(cls: type) -> bool:
    return getattr(cls.infer_result_types, "__func__", None) is Op.infer_result_types.__func__


def _draw(refiner: _Refiner, op: Operation) -> None:
    """`nn.<draw> %key like %x : tensor<?x..>`: the result's `?` sizes are `%x`'s."""
    like = op.operands[1] if len(op.operands) > 1 else None
    if like is None or like not in refiner.changed:
        return
    result = op.results[0]
    if isinstance(like.type, T.TensorType) and like.type.rank == result.type.rank:
        shaped = T.TensorType(like.type.shape, result.type.element_type)
        refiner.set_type(result, shaped, op)


def _scan(refiner: _Refiner, op: nn_scan.ScanOp) -> None:
    """The body's arguments from the operands; the results from what the body yields."""
    body = op.body
    sequences = op.sequences
    passed = [nn_scan.slice_type(v.type) for v in sequences]
    passed += [v.type for v in op.carries + op.invariants]
    for arg, new in zip(body.args, passed, strict=False):
        refiner.set_type(arg, new, op)
    refiner.block(body)
    yielded = body.last.operands if body.last is not None else []
    carries = len(op.carries)
    steps = nn_scan.static_steps(v.type for v in sequences)
    for result, value in zip(op.results[:carries], yielded[:carries], strict=False):
        refiner.set_type(result, value.type, op)
    for result, value in zip(op.results[carries:], yielded[carries:], strict=False):
        stacked = nn_scan.stacked_type(steps, value.type)
        if stacked is not None:
            refiner.set_type(result, stacked, op)


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
    nn_random.RandomUniformOp: _draw,
    nn_random.RandomNormalOp: _draw,
    nn_random.RandomBitsOp: _draw,
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
