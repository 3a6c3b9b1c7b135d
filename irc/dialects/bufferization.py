"""The bufferization dialect: the seam between tensors (values) and memrefs (buffers).

Names, syntax and meaning follow MLIR's bufferization dialect (the MLIR of
iree-base-compiler 3.13.0, where `bufferization.to_memref` is named `to_buffer`):
`bufferization.to_tensor` reads a buffer as a tensor value, `bufferization.to_buffer`
gives a buffer holding a tensor, `bufferization.alloc_tensor` a tensor that bufferizes
to a fresh allocation, `bufferization.materialize_in_destination` stores a tensor into a
destination, `bufferization.clone` copies a buffer into a new one, and
`bufferization.dealloc` frees buffers under run-time conditions (MLIR's ownership-based
deallocation), `bufferization.dealloc_tensor` the buffer a tensor bufferizes to.

The unit flags (`restrict`, `writable`, `read_only`) are properties spelled by their
keyword alone; they are promises to the bufferization passes and change no value.
"""

from __future__ import annotations

from irc.dialects import memref as M
from irc.dialects import ops_by_name, tensor
from irc.dialects.syntax import (
    check_count,
    check_properties,
    function_type,
    function_type_text,
    malformed,
    name_list,
    resolve_indices,
    typed_names,
    typed_text,
    value_name,
)
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.opdef import SEGMENT_SIZES, Arg, Op, Optional, Prop, Variadic, VerifyError
from irc.ir.traits import AttrSizedOperandSegments

# -- type constraints (MLIR's descriptions) ---------------------------------------------------


def _is_tensor(t: T.Type) -> bool:
    return isinstance(t, (T.TensorType, T.UnrankedTensorType))


def _is_buffer(t: T.Type) -> bool:
    return isinstance(t, (T.MemRefType, T.UnrankedMemRefType))


def _is_index(t: T.Type) -> bool:
    return isinstance(t, T.IndexType)


TENSOR_LIKE = (_is_tensor, "TensorLikeType instance")
BUFFER_LIKE = (_is_buffer, "BufferLikeType instance")
ANY_TENSOR = (_is_tensor, "tensor of any non-token type values")
ANY_MEMREF = (_is_buffer, "ranked or unranked memref of any non-token type values")
INDICES = (_is_index, "variadic of index")
INDEX = (_is_index, "index")


TensorLikeArg = tensor.AnyTensorArg  # custom forms spell a ranked or unranked tensor
BufferLikeArg = M.BaseMemRefArg  # ... a ranked or unranked memref


def _flag(name: str) -> Prop:
    return Prop(name, tensor.UNIT, optional=True)


def _types_match(tensor: T.Type, buffer: T.Type) -> bool:
    """MLIR's TensorLikeType::verifyCompatibleBufferType for builtin types: the same
    element type and the same shape, where an unranked type's shape reads as empty (so
    tensor<*xf32> matches memref<f32>); layouts and memory spaces aside."""
    return tensor.element_type is buffer.element_type and _shape(tensor) == _shape(buffer)


def _shape(t: T.Type) -> tuple[int, ...]:
    return () if isinstance(t, (T.UnrankedTensorType, T.UnrankedMemRefType)) else t.shape


def _verify_types_match(op: Op, tensor: T.Type, buffer: T.Type) -> None:
    check_properties(op)
    if not _types_match(tensor, buffer):
        raise VerifyError("failed to verify that specified tensor and buffer types match")


# -- between tensors and buffers --------------------------------------------------------------


class ToTensorOp(Op):
    """The contents of a buffer, as a tensor value.

    %0 = bufferization.to_tensor %m restrict writable : memref<4x?xf32> to tensor<4x?xf32>

    `restrict`: no other to_tensor reads this buffer; `writable`: the bufferization may
    write into it. The tensor is a copy: later writes to the buffer do not change it.
    """

    __slots__ = ()
    name = "bufferization.to_tensor"
    operand_defs = (BufferLikeArg("buffer", *BUFFER_LIKE),)
    result_defs = (TensorLikeArg("result", *TENSOR_LIKE),)
    prop_defs = (_flag("restrict"), _flag("writable"))
    memory_effects = ("read",)
    assembly_format = (
        "$buffer (`restrict` $restrict^)? (`writable` $writable^)? attr-dict `:` "
        "type($buffer) `to` type($result)"
    )

    def verify(self) -> None:
        _verify_types_match(self, self.results[0].type, self.operands[0].type)


class ToBufferOp(Op):
    """A buffer holding the contents of a tensor.

    %0 = bufferization.to_buffer %t read_only : tensor<4x?xf32> to memref<4x?xf32>

    `read_only`: nothing writes the buffer. The interpreter gives a fresh buffer.
    """

    __slots__ = ()
    name = "bufferization.to_buffer"
    operand_defs = (TensorLikeArg("tensor", *TENSOR_LIKE),)
    result_defs = (BufferLikeArg("buffer", *BUFFER_LIKE),)
    prop_defs = (_flag("read_only"),)
    memory_effects = ("read", "allocate")
    assembly_format = (
        "$tensor (`read_only` $read_only^)? attr-dict `:` type($tensor) `to` type($buffer)"
    )

    def verify(self) -> None:
        _verify_types_match(self, self.operands[0].type, self.results[0].type)


class AllocTensorOp(Op):
    """A tensor that bufferizes to a new allocation: of the given type, its `?` sizes from
    the operands, or a copy of `copy`.

    %0 = bufferization.alloc_tensor(%n) : tensor<4x?xf32>
    %1 = bufferization.alloc_tensor() copy(%t) : tensor<4x4xf32>

    Without `copy` its contents are unspecified (the interpreter fills floats with NaN).
    """

    __slots__ = ()
    name = "bufferization.alloc_tensor"
    operand_defs = (
        Variadic("dynamic_sizes", *INDICES),
        Optional("copy", *ANY_TENSOR),
        Optional("size_hint", *INDEX),
    )
    result_defs = (Arg("result", *ANY_TENSOR),)
    prop_defs = (Prop("memory_space", optional=True),)
    traits = frozenset({AttrSizedOperandSegments})
    memory_effects = ("allocate",)

    @classmethod
    def parse_custom(cls, parser) -> AllocTensorOp:
        parser.expect("(")
        sizes = name_list(parser, ")")
        copy = []
        if parser.accept("copy"):
            parser.expect("(")
            copy = [value_name(parser)]
            parser.expect(")")
        hint = []
        if parser.accept("size_hint"):
            parser.expect("=")
            hint = [value_name(parser)]
        properties = {}
        if parser.accept("<"):
            properties = parser.parse_attribute_dict()
            parser.expect(">")
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        type_index = parser.pos
        result_type = parser.parse_type()
        if not _is_tensor(result_type):
            parser.error(f"custom op '{cls.name}' invalid kind of type specified", type_index)
        properties[SEGMENT_SIZES] = M.segments(sizes, copy, hint)
        operands = resolve_indices(parser, sizes)
        operands += [parser.resolve_operand(n, result_type, i) for n, i in copy]
        operands += resolve_indices(parser, hint)
        return cls(operands, [result_type], properties, attributes)

    def print_custom(self, printer) -> None:
        if malformed(self, 0, 0) or M.static_values(self, SEGMENT_SIZES) is None:
            return printer.print_generic(self)
        sizes = ", ".join(printer.value_name(v) for v in self.operand_group("dynamic_sizes"))
        text = f"{printer.op_name(self)}({sizes})"
        for value in self.operand_group("copy"):
            text += f" copy({printer.value_name(value)})"
        for value in self.operand_group("size_hint"):
            text += f" size_hint={printer.value_name(value)}"
        space = self.properties.get("memory_space")
        if space is not None:
            text += " <" + printer.attr_dict({"memory_space": space}) + ">"
        printer.write(text)
        printer.write(M.attr_dict_text(printer, self, ("memory_space",)))
        printer.write(f" : {printer.type(self.results[0].type)}")

    def verify(self) -> None:
        sizes = len(self.operand_group("dynamic_sizes"))
        copy = self.operand_group("copy")
        result = self.results[0].type
        if copy and sizes:
            raise VerifyError("dynamic sizes not needed when copying a tensor", op_prefix=False)
        dynamic = result.shape.count(T.DYNAMIC) if isinstance(result, T.TensorType) else 0
        if not copy and sizes != dynamic:
            raise VerifyError(f"incorrect number of dynamic sizes, has {sizes}, expected {dynamic}")
        if copy and copy[0].type is not result:
            raise VerifyError("expected that `copy` and return type match", op_prefix=False)


class MaterializeInDestinationOp(Op):
    """Store a tensor into a destination: a tensor (giving the updated tensor) or a
    buffer (written in place, no result).

    %0 = bufferization.materialize_in_destination %t in %d
        : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    bufferization.materialize_in_destination %t in restrict writable %m
        : (tensor<4xf32>, memref<4xf32>) -> ()

    A buffer destination must be marked `writable`; `restrict` says nothing else
    reaches it through to_tensor.
    """

    __slots__ = ()
    name = "bufferization.materialize_in_destination"
    operand_defs = (Arg("source", *ANY_TENSOR), Arg("dest"))
    result_defs = (Optional("result", *ANY_TENSOR),)
    prop_defs = (_flag("restrict"), _flag("writable"))
    memory_effects = ("read", "write")

    @classmethod
    def parse_custom(cls, parser) -> MaterializeInDestinationOp:
        name_index = parser.pos - 1
        source = value_name(parser)
        parser.expect("in")
        properties = {}
        for flag in ("restrict", "writable"):
            if parser.accept(flag):
                properties[flag] = A.UNIT
        dest = value_name(parser)
        attributes = M.parse_custom_attr_dict(parser, cls)
        parser.expect(":")
        inputs, results = function_type(parser, cls.name, (source, dest), name_index)
        operands = [
            parser.resolve_operand(name, type, at)
            for (name, at), type in zip((source, dest), inputs, strict=True)
        ]
        return cls(operands, results, properties, attributes)

    def print_custom(self, printer) -> None:
        if malformed(self, 2, 0):
            return printer.print_generic(self)
        source, dest = self.operands
        text = f"{printer.op_name(self)} {printer.value_name(source)} in "
        for flag in ("restrict", "writable"):
            if flag in self.properties:
                text += f"{flag} "
        printer.write(text + printer.value_name(dest))
        printer.write(M.attr_dict_text(printer, self, ("restrict", "writable")))
        printer.write(f" : {function_type_text(printer, self)}")

    def verify(self) -> None:
        check_properties(self)
        source, dest = (v.type for v in self.operands)
        if source.element_type is not getattr(dest, "element_type", None):
            raise VerifyError("failed to verify that all of {source, dest} have same element type")
        problem = self.destination_problem(dest)
        if problem is None and isinstance(dest, T.ShapedType):
            problem = _shape_problem(source, dest)
        if problem is not None:
            raise VerifyError(problem)

    def destination_problem(self, dest: T.Type) -> str | None:
        buffer = isinstance(dest, (T.MemRefType, T.UnrankedMemRefType))
        if not buffer and not isinstance(dest, (T.TensorType, T.UnrankedTensorType)):
            return "'dest' must be a tensor or a memref"
        if not buffer:
            if len(self.results) != 1:
                return "tensor 'dest' implies exactly one tensor result"
            if self.results[0].type is not dest:
                return "result and 'dest' types must match"
        if buffer and self.results:
            return "memref 'dest' implies zero results"
        if "restrict" in self.properties and not buffer:
            return "'restrict' is valid only for memref destinations"
        if ("writable" in self.properties) != buffer:
            return "'writable' must be specified if and only if the destination is of memref type"
        return None


def _shape_problem(source: T.Type, dest: T.Type) -> str | None:
    ranked = isinstance(source, T.TensorType)
    if ranked != isinstance(dest, (T.TensorType, T.MemRefType)):
        return "source/destination shapes are incompatible"
    if not ranked:
        return None
    if source.rank != dest.rank:
        return f"source rank ({source.rank}) does not match destination rank ({dest.rank})"
    for a, b in zip(source.shape, dest.shape, strict=True):
        if a != b and T.DYNAMIC not in (a, b):
            return "source/destination shapes are incompatible"
    return None


class DeallocTensorOp(Op):
    """Frees the buffer a tensor bufferizes to; the tensor must not be used after it.

    bufferization.dealloc_tensor %t : tensor<4x?xf32>
    """

    __slots__ = ()
    name = "bufferization.dealloc_tensor"
    operand_defs = (TensorLikeArg("tensor", *ANY_TENSOR),)
    result_defs = ()
    memory_effects = ("free",)
    assembly_format = "$tensor attr-dict `:` type($tensor)"


class CloneOp(Op):
    """A new buffer holding a copy of the given one.

    %0 = bufferization.clone %m : memref<4x?xf32> to memref<4x?xf32>
    """

    __slots__ = ()
    name = "bufferization.clone"
    operand_defs = (BufferLikeArg("input", *ANY_MEMREF),)
    result_defs = (BufferLikeArg("output", *ANY_MEMREF),)
    memory_effects = ("read", "allocate")
    assembly_format = "$input attr-dict `:` type($input) `to` type($output)"


def _is_i1(t: T.Type) -> bool:
    return t is T.I1


MEMREFS = (_is_buffer, "variadic of ranked or unranked memref of any non-token type values")
CONDITIONS = (_is_i1, "variadic of 1-bit signless integer")


class DeallocOp(Op):
    """Free the base buffers of the memrefs whose condition holds, unless they alias a
    retained memref; one i1 per retained memref says whether it now owns what was kept.

    %0:2 = bufferization.dealloc (%a, %b : memref<2xf32>, memref<4xi32>) if (%c0, %c1)
        retain (%r, %s : memref<1xf32>, memref<2xf32>)

    A buffer listed twice is freed once; the result for a retained memref is true when a
    memref aliasing it had a true condition.
    """

    __slots__ = ()
    name = "bufferization.dealloc"
    operand_defs = (
        Variadic("memrefs", *MEMREFS),
        Variadic("conditions", *CONDITIONS),
        Variadic("retained", *MEMREFS),
    )
    result_defs = (Variadic("updatedConditions", *CONDITIONS),)
    traits = frozenset({AttrSizedOperandSegments})
    memory_effects = ("free",)

    @classmethod
    def parse_custom(cls, parser) -> DeallocOp:
        memrefs, conditions, retained = [], [], []
        if parser.accept("("):
            memrefs = _typed_names(parser, cls.name)
            parser.expect("if")
            parser.expect("(")
            conditions = [(n, T.I1) for n in name_list(parser, ")")]
        if parser.accept("retain"):
            parser.expect("(")
            retained = _typed_names(parser, cls.name)
        attributes = M.parse_custom_attr_dict(parser, cls)
        groups = (memrefs, conditions, retained)
        operands = [parser.resolve_operand(n, t, i) for group in groups for (n, i), t in group]
        properties = {SEGMENT_SIZES: M.segments(*groups)}
        return cls(operands, [T.I1] * len(retained), properties, attributes)

    def print_custom(self, printer) -> None:
        if M.static_values(self, SEGMENT_SIZES) is None:
            return printer.print_generic(self)
        text = printer.op_name(self)
        memrefs = self.operand_group("memrefs")
        if memrefs:
            conditions = ", ".join(printer.value_name(v) for v in self.operand_group("conditions"))
            text += f" ({typed_text(printer, memrefs)}) if ({conditions})"
        retained = self.operand_group("retained")
        if retained:
            text += f" retain ({typed_text(printer, retained)})"
        printer.write(text)
        printer.write(M.attr_dict_text(printer, self))

    def verify(self) -> None:
        memrefs, conditions = self.operand_group("memrefs"), self.operand_group("conditions")
        if len(memrefs) != len(conditions):
            raise VerifyError("must have the same number of conditions as memrefs to deallocate")
        if len(self.results) != len(self.operand_group("retained")):
            raise VerifyError(
                "must have the same number of updated conditions (results) as retained operands"
            )


def _typed_names(parser, op_name: str) -> list:
    """`%a, %b : t1, t2)`: ((name, index), type) pairs; the `(` was consumed."""
    start = parser.pos
    names, types = typed_names(parser)
    parser.expect(")")
    check_count(parser, op_name, names, types, start)
    return list(zip(names, types, strict=True))


OPS = ops_by_name(
    ToTensorOp,
    ToBufferOp,
    AllocTensorOp,
    MaterializeInDestinationOp,
    DeallocTensorOp,
    CloneOp,
    DeallocOp,
)
