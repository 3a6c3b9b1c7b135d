"""Entry wrappers: the functions Python calls, reading arguments from a C struct and
writing results into it (the layout is `irc/runtime/abi.py`'s)."""

from __future__ import annotations

from llvmlite import ir

from irc.dialects import memref
from irc.ir import types as T
from irc.lowering.llvmir.translate import (
    ENTRY_PREFIX,
    I64,
    PTR,
    EntrySignature,
    ModuleTranslation,
    descriptor_type,
    llvm_type,
    memory_type,
)
from irc.runtime.abi import DYNAMIC, Slot
from irc.runtime.interpreter import numpy_dtype


def _scalar_ok(t: T.Type) -> bool:
    if isinstance(t, T.IndexType):
        return True
    if isinstance(t, T.IntegerType):
        return t.width in (1, 8, 16, 32, 64)
    return isinstance(t, T.FloatType) and t.name in ("f16", "f32", "f64")


def callable_from_python(t: T.Type) -> bool:
    """Whether the entry convention can carry a value of type `t`."""
    if isinstance(t, T.MemRefType):
        return _scalar_ok(t.element_type) and memref.strides_and_offset(t) is not None
    return _scalar_ok(t)


def slot_for(t: T.Type, written: bool = False) -> Slot:
    """The ABI description of a value of type `t` (checked translatable by the caller)."""
    dtype = numpy_dtype(t).name
    if not isinstance(t, T.MemRefType):
        return Slot("scalar", str(t), dtype)
    strides, offset = memref.strides_and_offset(t)
    strides = tuple(DYNAMIC if s == memref.DYN else s for s in strides)
    return Slot(
        "memref",
        str(t),
        dtype,
        tuple(t.shape),
        strides,
        DYNAMIC if offset == memref.DYN else offset,
        memref.is_identity_layout(t),
        written,
    )


def _fields(slot: Slot, t: T.Type, is_result: bool) -> list[ir.Type]:
    if slot.kind == "scalar":
        return [memory_type(t)]
    sizes = ir.ArrayType(I64, slot.rank)
    return [PTR, PTR, I64, sizes, sizes] if is_result else [PTR, sizes, sizes]


def build_entry(module: ModuleTranslation, callee: ir.Function, sig: EntrySignature) -> None:
    inputs = [slot_for(t, w) for t, w in zip(sig.inputs, sig.written, strict=True)]
    results = [slot_for(t) for t in sig.results]
    sig.slots = (inputs, results)
    layout = [_fields(s, t, False) for s, t in zip(inputs, sig.inputs, strict=True)]
    layout += [_fields(s, t, True) for s, t in zip(results, sig.results, strict=True)]
    struct = ir.LiteralStructType([f for fields in layout for f in fields])
    fn = ir.Function(
        module.llmod, ir.FunctionType(ir.VoidType(), [PTR, PTR]), ENTRY_PREFIX + sig.name
    )
    builder = ir.IRBuilder(fn.append_basic_block("entry"))
    args_ptr, status = fn.args
    fields = iter(range(len(struct.elements)))

    def field_ptr() -> ir.Value:
        index = next(fields)
        zero, at = ir.Constant(ir.IntType(32), 0), ir.Constant(ir.IntType(32), index)
        return builder.gep(args_ptr, [zero, at], source_etype=struct)

    values = []
    for slot, t in zip(inputs, sig.inputs, strict=True):
        if slot.kind == "scalar":
            value = builder.load(field_ptr(), typ=memory_type(t))
            values.append(builder.trunc(value, llvm_type(t)) if t == T.I1 else value)
        else:
            values.append(_descriptor_from_fields(builder, field_ptr, slot, t))
    result = builder.call(callee, [status, *values])
    outputs = (
        [result]
        if len(results) == 1
        else [builder.extract_value(result, i) for i in range(len(results))]
    )
    for slot, t, value in zip(results, sig.results, outputs, strict=True):
        if slot.kind == "scalar":
            builder.store(builder.zext(value, memory_type(t)) if t == T.I1 else value, field_ptr())
        else:
            parts = len(descriptor_type(slot.rank).elements)
            for index in range(parts):
                builder.store(builder.extract_value(value, index), field_ptr())
            for _ in range(len(_fields(slot, t, True)) - parts):
                next(fields)  # rank 0: the struct's empty size and stride arrays
    builder.ret_void()


def _descriptor_from_fields(builder: ir.IRBuilder, field_ptr, slot: Slot, t: T.Type) -> ir.Value:
    """A descriptor for an argument: Python passes the address of the first element, so
    with a static offset the aligned pointer sits that many elements before it."""
    data = builder.load(field_ptr(), typ=PTR)
    sizes_t = ir.ArrayType(I64, slot.rank)
    sizes = builder.load(field_ptr(), typ=sizes_t)
    strides = builder.load(field_ptr(), typ=sizes_t)
    offset = 0 if slot.offset == DYNAMIC else slot.offset
    aligned = builder.gep(data, [ir.Constant(I64, -offset)], source_etype=llvm_type(t.element_type))
    descriptor = ir.Constant(descriptor_type(slot.rank), None)
    parts = [data, aligned, ir.Constant(I64, offset)]
    if slot.rank:
        parts += [sizes, strides]
    for index, part in enumerate(parts):
        descriptor = builder.insert_value(descriptor, part, index)
    return descriptor
