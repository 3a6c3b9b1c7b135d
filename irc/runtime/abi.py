"""The calling convention between Python and compiled entry wrappers, as plain data.

The translator describes each argument and result of a public function as a `Slot`; the
runtime builds its ctypes struct and its argument checks from the same slots. Slots are
JSON-able, so a compile-cache hit restores a callable without parsing or translating IR.

Struct fields per slot, in order, naturally aligned (the LLVM side is `entry.py`):
  scalar argument or result   one field of its type (i1 as one byte, f16 as its 16 bits)
  memref argument             data pointer, sizes[rank], strides[rank] (in elements)
  memref result               allocated pointer, aligned pointer, offset, sizes, strides
"""

from __future__ import annotations

import ctypes
from dataclasses import asdict, dataclass

import numpy as np

DYNAMIC = -1

_CTYPES = {
    "bool": ctypes.c_uint8,
    "int8": ctypes.c_int8,
    "int16": ctypes.c_int16,
    "int32": ctypes.c_int32,
    "int64": ctypes.c_int64,
    "uint8": ctypes.c_uint8,
    "uint16": ctypes.c_uint16,
    "uint32": ctypes.c_uint32,
    "uint64": ctypes.c_uint64,
    "float16": ctypes.c_uint16,  # the bits; numpy converts
    "float32": ctypes.c_float,
    "float64": ctypes.c_double,
}


@dataclass(frozen=True)
class Slot:
    """One argument or result: `type` is its MLIR text (for messages), `dtype` the numpy
    dtype of its elements. Memrefs also have `shape` (DYNAMIC for `?`), `strides` and
    `offset` as the type fixes them (DYNAMIC where the layout says `?`), `identity` for
    the default row-major layout, and `written` when the function may write them."""

    kind: str  # "scalar" or "memref"
    type: str
    dtype: str
    shape: tuple[int, ...] = ()
    strides: tuple[int, ...] = ()
    offset: int = 0
    identity: bool = True
    written: bool = False

    @property
    def rank(self) -> int:
        return len(self.shape)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Slot:
        data = dict(data)
        data["shape"] = tuple(data["shape"])
        data["strides"] = tuple(data["strides"])
        return cls(**data)

    @property
    def numpy_dtype(self) -> np.dtype:
        return np.dtype(self.dtype)


def argument_fields(slot: Slot) -> list[type]:
    if slot.kind == "scalar":
        return [_CTYPES[slot.dtype]]
    array = ctypes.c_int64 * slot.rank
    return [ctypes.c_void_p, array, array]


def result_fields(slot: Slot) -> list[type]:
    if slot.kind == "scalar":
        return [_CTYPES[slot.dtype]]
    array = ctypes.c_int64 * slot.rank
    return [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64, array, array]


def struct_type(inputs: list[Slot], results: list[Slot]) -> type[ctypes.Structure]:
    """The ctypes struct of one entry wrapper: fields a0, a1, ... then r0, r1, ..."""
    fields = []
    for prefix, slots, fields_of in (("a", inputs, argument_fields), ("r", results, result_fields)):
        for index, slot in enumerate(slots):
            for part, ctype in enumerate(fields_of(slot)):
                fields.append((f"{prefix}{index}_{part}", ctype))
    return type("EntryArgs", (ctypes.Structure,), {"_fields_": fields})
