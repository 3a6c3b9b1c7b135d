"""one-shot-bufferize: tensors become memrefs, as MLIR's One-Shot Bufferize does.

Contract. Every op on ranked tensors of a module becomes ops on memrefs:

    tensor.empty, bufferization.alloc_tensor      memref.alloc (alignment 64, as MLIR)
    linalg ops on tensors                         the same op on memrefs, writing the buffer
                                                  of each `outs` operand in place or a copy
    tensor.extract / insert / dim                 memref.load / store / dim
    tensor.extract_slice                          memref.subview (copied later if written)
    tensor.insert_slice                           memref.copy into a subview of the dest
    tensor.expand_shape / collapse_shape / cast   memref.expand_shape / collapse_shape / cast
    tensor.splat / from_elements                  memref.alloc + linalg.fill / memref.store
    tensor.generate                               memref.alloc + an scf.for nest storing
                                                  what the body yields
    tensor.pad                                    the same, then memref.copy of the source
                                                  into the subview at the low offsets
    tensor.concat                                 memref.alloc + memref.copy per input
    arith.constant dense<...> : tensor            memref.alloc + linalg.fill (a splat) or one
                                                  memref.store per element (irc has no
                                                  memref.global; at most
                                                  `max-constant-elements` elements)
    scf.for / scf.if / scf.while with tensors     the same ops carrying memrefs
    bufferization.to_tensor / to_buffer           folded away (the buffer itself)
    func.func / return / call (with               memref arguments and results
      bufferize-function-boundaries)

Which writes happen in place is decided first, for the whole module, by the analysis in
`analysis.py` (MLIR's read-after-write conflict analysis, simplified); the per-op rules
are the table in `rules.py` (rows for scf and func ops in `control_flow.py`, what rows are
made of in `common.py`). An op on tensors with no row is an error naming it.

Function boundaries. Without `bufferize-function-boundaries` (MLIR's default) signatures
keep their tensors: each tensor argument is read through `bufferization.to_buffer` and
each returned buffer goes back through `bufferization.to_tensor`. With it, tensor
arguments and results become memrefs. `function-boundary-type-conversion` takes MLIR's
values; irc's default is `identity-layout-map` (MLIR's is `infer-layout-map`), the form
`irc.jit` calls with numpy arrays; `fully-dynamic-layout-map` gives
`strided<[?, ...], offset: ?>` types, and `infer-layout-map` gives fully dynamic
arguments and identity results (irc's results are always fresh identity buffers, so that
is the inferred layout). Tensor arguments are read-only unless marked
`bufferization.writable = true`: a write to one goes to a copy, so a caller's numpy array
keeps its value, as a tensor should. This is irc's choice, not MLIR's: iree-opt 3.13
writes function arguments in place unless they are marked `bufferization.writable =
false` (without function boundaries both treat them as read-only). Every returned memref
is a buffer the function allocated, so the caller owns it: a returned argument or view
is copied (MLIR returns the argument itself).

Loops. As in MLIR 3.13, an scf.for must yield, for each tensor iter_arg, a value whose
buffer is the iter_arg's own ("Yield operand #k is not equivalent to the corresponding
iter bbArg" otherwise; an scf.while's condition likewise, "Condition arg #k ..."). With
`allow-return-allocs-from-loops` such values are accepted: irc copies them into the
iter_arg's buffer at the end of the iteration (MLIR yields a new allocation instead and
leaves freeing it to a later pass); the values are the same. MLIR 3.13 has no
`allow-return-allocs` option any more (returning allocations from functions is always
allowed), so neither has irc.

Deallocation (irc's addition: MLIR leaves it to `ownership-based-buffer-deallocation`):
every buffer the pass allocates and does not return is freed by `memref.dealloc` after
its last use in its block, see `deallocs.py`; allocations inside loop bodies and branches
are freed there, an scf.if that yields a buffer allocated in a branch owns its result.

Not bufferized (an error naming the op): tensor.reshape, gather, scatter, bitcast, rank;
scf.parallel, scf.index_switch and scf.execute_region carrying tensors, an scf.while
whose condition does not forward its arguments in order;
unranked tensors. Tensors in multi-block regions are bufferized but their buffers are
not freed.
"""

from __future__ import annotations

from dataclasses import dataclass

from irc.dialects import arith, bufferization, func, memref, scf
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Operation, Value
from irc.ir.location import UNKNOWN
from irc.passes.pass_manager import Pass, PassContext, PassFailure, option

from .analysis import Analysis, is_tensor, touches_tensors
from .common import dynamic_layout_type, memref_type
from .deallocs import insert_deallocs
from .rules import RULES

LAYOUTS = ("identity-layout-map", "fully-dynamic-layout-map", "infer-layout-map")
ALIGNMENT = 64


class Bufferizer:
    """The state of the rewrite: the buffer of each tensor value, the buffers to free, and
    the insertion point (before the op being rewritten)."""

    def __init__(self, analysis: Analysis, options: OneShotBufferize, function_types) -> None:
        self.analysis = analysis
        self.options = options
        self.function_types = function_types
        self.buffers: dict[Value, Value] = {}
        self.owned: dict[Value, None] = {}  # the buffers to free, in order
        self.erased: list[Operation] = []
        self.anchor: Operation | None = None
        self.tensor_ops: set[Operation] = set()  # the ops on tensors, before any rewrite
        self.entry = None  # the entry block of the function being rewritten
        self.indices: dict[int, Value] = {}  # its index constants

    # -- placing ops -------------------------------------------------------------------------

    def before(self, op: Operation) -> None:
        self.anchor = op

    def create(self, op: Operation) -> Operation:
        """Insert `op` before the op being rewritten, at its location unless it has one."""
        if op.location is UNKNOWN:
            op.location = self.anchor.location
        self.anchor.parent.insert_before(self.anchor, op)
        return op

    def fail(self, op: Operation, message: str):
        raise PassFailure(message, op)

    # -- values ------------------------------------------------------------------------------

    def buffer(self, value: Value) -> Value:
        found = self.buffers.get(value)
        if found is None:
            owner = getattr(value, "op", None) or value.block.parent_op
            self.fail(owner, f"tensor value of '{owner.name}' has no buffer (a bug in irc)")
        return found

    def tensor_like(self, value: Value) -> bool:
        """A tensor, or a value that was one (an iter_arg, a result or an argument whose
        type the rewrite already changed)."""
        return value in self.buffers or is_tensor(value)

    def owns(self, value: Value) -> bool:
        return value in self.owned

    def own(self, buffer: Value) -> None:
        """`buffer` is the function's to free (or to return)."""
        self.owned[buffer] = None

    def owned_base(self, buffer: Value) -> Value | None:
        """The owned buffer whose memory `buffer` is: itself, a memref.cast of it, or the
        result of scf.for loops it starts; None when it is not one of those."""
        while buffer not in self.owned:
            op = getattr(buffer, "op", None)
            if isinstance(op, scf.ForOp):
                buffer = op.init_args[buffer.index]
            elif isinstance(op, scf.WhileOp):
                buffer = op.operands[buffer.index]
            elif isinstance(op, memref.CastOp):
                buffer = op.operands[0]
            else:
                return None
        return buffer

    def index(self, value: int) -> Value:
        """An index constant, made once per function at the top of its entry block."""
        found = self.indices.get(value)
        if found is None:
            attr = A.IntegerAttr(value, T.INDEX)
            constant = arith.ConstantOp(
                [], [T.INDEX], {"value": attr}, location=self.anchor.location
            )
            found = self.indices[value] = constant.result
            self.entry.insert_at_start(constant)
        return found

    def scalar(self, value, element: T.Type) -> Value:
        if isinstance(element, T.FloatType):
            attr = A.FloatAttr(float(value), element)
        else:
            attr = A.IntegerAttr(int(value), element)
        return self.create(arith.ConstantOp([], [element], {"value": attr})).result

    # -- buffers -----------------------------------------------------------------------------

    def alloc(self, tensor_type: T.TensorType, dynamic_sizes) -> Value:
        """A fresh identity buffer of `tensor_type`, owned by the function."""
        op = memref.AllocOp.build(
            memref_type(tensor_type), list(dynamic_sizes), alignment=ALIGNMENT
        )
        buffer = self.create(op).result
        self.own(buffer)
        return buffer

    def alloc_like(self, buffer: Value, tensor_type: T.TensorType) -> Value:
        """A fresh buffer of `tensor_type` with `buffer`'s run-time sizes."""
        sizes = []
        for dim, size in enumerate(tensor_type.shape):
            if size == T.DYNAMIC:
                sizes.append(self.create(memref.DimOp([buffer, self.index(dim)], [T.INDEX])).result)
        return self.alloc(tensor_type, sizes)

    def copy_of(self, buffer: Value, tensor_type: T.TensorType) -> Value:
        fresh = self.alloc_like(buffer, tensor_type)
        self.create(memref.CopyOp([buffer, fresh], []))
        return fresh

    def writable(self, op: Operation, index: int, read: bool) -> Value:
        """The buffer `op` may write for its operand `index`: the operand's own when the
        analysis put the write in place, else a fresh one (a copy if `read`)."""
        value = op.operands[index]
        buffer = self.buffer(value)
        if self.analysis.is_inplace(op, index):
            return buffer
        if read:
            return self.copy_of(buffer, value.type)
        return self.alloc_like(buffer, value.type)

    # -- the walk ----------------------------------------------------------------------------

    def rewrite_regions(self, op: Operation) -> None:
        for region in op.regions:
            for block in region.blocks:
                for nested in list(block):
                    self.rewrite(nested)

    def rewrite(self, op: Operation) -> None:
        if op not in self.tensor_ops:
            self.rewrite_regions(op)
            return
        rule = RULES.lookup(op)
        if rule is None:
            self.fail(op, _no_rule(op))
        self.before(op)
        values = rule.bufferize(op, self)
        if values is None:
            return
        for result, value in zip(op.results, values, strict=True):
            if is_tensor(result):
                self.buffers[result] = value
            else:
                result.replace_all_uses_with(value)
        self.erased.append(op)

    def erase_tensor_ops(self) -> None:
        for op in reversed(self.erased):
            for result in op.results:
                if result.uses:
                    user = next(iter(result.uses)).owner
                    self.fail(user, f"'{user.name}' still uses a tensor (a bug in irc)")
            op.erase()


def _no_rule(op: Operation) -> str:
    return f"'{op.name}' on tensors has no bufferization rule (one-shot-bufferize)"


def _annotate(module: Operation, analysis: Analysis) -> None:
    """MLIR's test-analysis-only: `__inplace_operands_attr__` on each op on tensors, one
    entry per operand: "true" (its buffer is used in place), "false" (a copy is made),
    "none" (not a tensor)."""
    for op in module.walk():
        if RULES.lookup(op) is None or not any(is_tensor(v) for v in op.operands):
            continue
        entries = []
        for use in op.operand_uses:
            if not is_tensor(use.value):
                entries.append("none")
            elif RULES.lookup(op).writes(op, use.index) and use not in analysis.inplace:
                entries.append("false")
            else:
                entries.append("true")
        op.attributes["__inplace_operands_attr__"] = A.ArrayAttr(A.StringAttr(e) for e in entries)


# -- function boundaries ------------------------------------------------------------------------


def _writable_args(function: func.FuncOp) -> list[bool]:
    flags = []
    for attrs in function.arg_attrs():
        entry = attrs.get("bufferization.writable") if attrs is not None else None
        flags.append(bool(getattr(entry, "value", False)))
    return flags


@dataclass
class OneShotBufferize(Pass):
    name = "one-shot-bufferize"
    summary = "One-Shot Bufferize"
    anchor = "builtin.module"

    allow_return_allocs_from_loops: bool = option(
        False, "Allows returning/yielding new allocations from a loop."
    )
    bufferize_function_boundaries: bool = option(
        False, "Bufferize function boundaries (experimental)."
    )
    function_boundary_type_conversion: str = option(
        "identity-layout-map",
        "Controls layout maps when bufferizing function signatures: identity-layout-map "
        "(irc's default), fully-dynamic-layout-map or infer-layout-map",
    )
    copy_before_write: bool = option(False, "Skip the analysis. Make a buffer copy on every write.")
    test_analysis_only: bool = option(
        False, "Test only: Only run inplaceability analysis and annotate IR"
    )
    max_constant_elements: int = option(
        4096, "irc only: the largest dense tensor constant to bufferize (one store each)"
    )

    def run(self, op: Operation, context: PassContext) -> None:
        if self.function_boundary_type_conversion not in LAYOUTS:
            raise PassFailure(
                f"invalid value '{self.function_boundary_type_conversion}' for option "
                f"'function-boundary-type-conversion' (one of {', '.join(LAYOUTS)})",
                op,
            )
        functions = [f for f in op.walk() if isinstance(f, func.FuncOp)]
        analysis = Analysis(RULES, self.bufferize_function_boundaries, self.copy_before_write)
        for function in functions:
            writable = _writable_args(function)
            if not self.bufferize_function_boundaries:
                writable = [False] * len(writable)  # read through to_buffer read_only
            analysis.run(function, writable)
        if self.test_analysis_only:
            _annotate(op, analysis)
            return
        types = {}
        if self.bufferize_function_boundaries:
            types = {f.sym_name: self._signature(f) for f in functions}
        bufferizer = Bufferizer(analysis, self, types)
        tensor_ops = [o for o in op.walk() if touches_tensors(o)]
        for tensor_op in tensor_ops:  # the first op without a rule, before anything changes
            if RULES.lookup(tensor_op) is None:
                bufferizer.fail(tensor_op, _no_rule(tensor_op))
        bufferizer.tensor_ops = set(tensor_ops)
        for function in functions:
            self._bufferize_function(function, bufferizer)
        bufferizer.erase_tensor_ops()
        insert_deallocs(bufferizer.owned)

    # -- signatures --------------------------------------------------------------------------

    def _argument_type(self, t: T.Type) -> T.Type:
        if not isinstance(t, T.TensorType):
            return t
        if self.function_boundary_type_conversion == "identity-layout-map":
            return memref_type(t)
        return dynamic_layout_type(t)

    def _result_type(self, t: T.Type) -> T.Type:
        if not isinstance(t, T.TensorType):
            return t
        if self.function_boundary_type_conversion == "fully-dynamic-layout-map":
            return dynamic_layout_type(t)
        return memref_type(t)

    def _signature(self, function: func.FuncOp) -> T.FunctionType:
        old = function.function_type
        inputs = [self._argument_type(t) for t in old.inputs]
        results = [self._result_type(t) for t in old.results]
        new = T.FunctionType(inputs, results)
        function.properties["function_type"] = A.TypeAttr(new)
        return new

    # -- bodies ------------------------------------------------------------------------------

    def _bufferize_function(self, function: func.FuncOp, b: Bufferizer) -> None:
        body = function.regions[0]
        if not body.blocks:
            return
        entry = body.blocks[0]
        b.entry, b.indices = entry, {}
        first = entry.first
        for arg in entry.args:
            if not is_tensor(arg):
                continue
            if self.bufferize_function_boundaries:
                arg.type = self._argument_type(arg.type)
                b.buffers[arg] = arg
            else:
                b.before(first)
                to_buffer = bufferization.ToBufferOp(
                    [arg], [memref_type(arg.type)], {"read_only": A.UNIT}
                )
                b.buffers[arg] = b.create(to_buffer).result
        b.rewrite_regions(function)
        for block in body.blocks:
            if isinstance(block.last, func.ReturnOp):
                self._bufferize_return(block.last, function, b)

    def _bufferize_return(self, ret: func.ReturnOp, function: func.FuncOp, b: Bufferizer) -> None:
        b.before(ret)
        returned: set[Value] = set()
        for index, value in enumerate(ret.operands):
            if not b.tensor_like(value):
                continue
            buffer = b.buffer(value)
            if not self.bufferize_function_boundaries:
                result_type = function.function_type.results[index]
                to_tensor = bufferization.ToTensorOp([buffer], [result_type])
                ret.set_operand(index, b.create(to_tensor).result)
                continue
            base = b.owned_base(buffer)
            fresh = base is not None and buffer.parent_block is ret.parent
            if not fresh or base in returned or not memref.is_identity_layout(buffer.type):
                buffer = base = b.copy_of(buffer, value.type)
            returned.add(base)
            wanted = function.function_type.results[index]
            if buffer.type is not wanted:
                buffer = b.create(memref.CastOp([buffer], [wanted])).result
            ret.set_operand(index, buffer)
