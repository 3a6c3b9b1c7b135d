"""Builtin attributes, with MLIR's meaning and spelling.

Attributes are immutable and interned like types (see `irc.ir.types`): equal attributes
are the same object. Float attributes are keyed by their bit pattern, so `0.0` and `-0.0`
differ and a NaN equals itself. Dense elements hold a read-only numpy array.
"""

from __future__ import annotations

import math
import struct

import numpy as np

from irc.ir.interned import Interned
from irc.ir.types import FloatType, IndexType, IntegerType, ShapedType, Type


class Attribute(Interned):
    """Base of all attributes."""

    __slots__ = ()

    def _print(self) -> str:
        from irc.frontend.printer import attribute_text

        return attribute_text(self)

    def __repr__(self) -> str:
        return f"Attr({self})"


class UnitAttr(Attribute):
    """`unit`: present or absent, nothing more."""

    __slots__ = ()


UNIT = UnitAttr()


class IntegerAttr(Attribute):
    """`42 : i32`, `true`: an integer of an integer or index type (value stored canonical)."""

    __slots__ = ("value", "type")
    _params = ("value", "type")

    def __new__(cls, value: int, type: Type):
        return super().__new__(cls, normalize_int(int(value), type), type)


def normalize_int(value: int, type: Type) -> int:
    """Wrap `value` into the range of `type`: signed for si and signless, unsigned for ui.

    i1 is the exception: MLIR prints it as `true`/`false`, so it is kept as 0 or 1
    (si1 is signed like the others: its values are 0 and -1).
    """
    if isinstance(type, IndexType):
        width, signed = 64, True
    elif isinstance(type, IntegerType):
        width, signed = type.width, type.signedness != "ui"
    else:
        return value
    if width == 1:
        return -(value & 1) if type.signedness == "si" else value & 1
    value &= (1 << width) - 1
    if signed and value >> (width - 1):
        value -= 1 << width
    return value


def BoolAttr(value: bool) -> IntegerAttr:  # noqa: N802 - reads like the attribute kind
    from irc.ir.types import I1

    return IntegerAttr(1 if value else 0, I1)


class FloatAttr(Attribute):
    """`1.5 : f32`: a float of a float type, rounded to that type on creation."""

    __slots__ = ("value", "type")
    _params = ("value", "type")

    def __new__(cls, value: float, type: FloatType):
        return super().__new__(cls, round_to_type(float(value), type), type)

    @classmethod
    def _key(cls, value, type):
        return (cls, struct.pack("<d", value), type)

    @staticmethod
    def from_bits(bits: int, type: FloatType) -> FloatAttr:
        return FloatAttr(float_from_bits(bits, type), type)

    @property
    def bits(self) -> int:
        return float_to_bits(self.value, self.type)


_NUMPY_FLOATS = {"f16": np.float16, "f32": np.float32, "f64": np.float64}


def _numpy_float(type: FloatType):
    found = _NUMPY_FLOATS.get(type.name)
    if found is None and type.name == "bf16":
        try:
            import ml_dtypes

            found = ml_dtypes.bfloat16
        except ImportError:
            return None
    return found


def round_to_type(value: float, type: FloatType) -> float:
    """Round a Python float to the precision of `type` (bf16 by truncation of f32 bits)."""
    if type.name == "bf16" or (value != value and type.name in _NAN_FORMATS):
        return float_from_bits(float_to_bits(value, type), type)
    np_type = _numpy_float(type)
    if np_type is None or np_type is np.float64:
        return value
    with np.errstate(over="ignore"):
        return float(np_type(value))


def float_to_bits(value: float, type: FloatType) -> int:
    """The IEEE bit pattern of `value` in `type`, rounded once (to nearest even)."""
    if value != value and type.name in _NAN_FORMATS:
        return _nan_bits(value, type)
    if type.name == "bf16":
        return _bf16_bits(value)
    np_type = _numpy_float(type)
    if np_type is None:
        raise ValueError(f"no bit pattern for {type.name} floats")
    with np.errstate(over="ignore"):
        array = np.array([value], dtype=np_type)
    return int(array.view(f"u{array.itemsize}")[0])


# NaNs of these formats are kept in a double by hand: a hardware conversion would set the
# quiet bit of a signaling NaN (`0x7F800001 : f32` must print back as itself, as in MLIR).
# The narrow payload sits in the top bits of the double's mantissa.
_NAN_FORMATS = ("f16", "bf16", "f32")


def _nan_value(bits: int, type: FloatType) -> float:
    mantissa_bits = type.precision - 1
    sign = (bits >> (type.width - 1)) & 1
    mantissa = bits & ((1 << mantissa_bits) - 1)
    double = (sign << 63) | (0x7FF << 52) | (mantissa << (52 - mantissa_bits))
    return struct.unpack("<d", struct.pack("<Q", double))[0]


def _nan_bits(value: float, type: FloatType) -> int:
    mantissa_bits = type.precision - 1
    double = struct.unpack("<Q", struct.pack("<d", value))[0]
    mantissa = (double & ((1 << 52) - 1)) >> (52 - mantissa_bits)
    if not mantissa:
        mantissa = 1 << (mantissa_bits - 1)  # the payload did not fit: a quiet NaN
    exponent = ((1 << (type.width - 1 - mantissa_bits)) - 1) << mantissa_bits
    return ((double >> 63) << (type.width - 1)) | exponent | mantissa


_BF16_MAX = (2 - 2**-7) * 2.0**127


def _bf16_bits(value: float) -> int:
    """bf16 is the top half of an f32; round the double directly to 8 significant bits
    (rounding through f32 first would round twice)."""
    if value != value:
        return 0x7FC0 | (0x8000 if math.copysign(1, value) < 0 else 0)
    if math.isfinite(value) and value != 0:
        _, exponent = math.frexp(value)
        quantum = math.ldexp(1.0, max(exponent - 8, -133))
        value = math.copysign(round(value / quantum) * quantum, value)
        if abs(value) > _BF16_MAX:
            value = math.copysign(math.inf, value)
    return struct.unpack("<I", struct.pack("<f", value))[0] >> 16


def float_from_bits(bits: int, type: FloatType) -> float:
    if type.name in _NAN_FORMATS:
        mantissa_bits = type.precision - 1
        if (bits >> mantissa_bits) & ((1 << (type.width - 1 - mantissa_bits)) - 1) == (
            1 << (type.width - 1 - mantissa_bits)
        ) - 1 and bits & ((1 << mantissa_bits) - 1):
            return _nan_value(bits, type)
    if type.name == "bf16":
        return struct.unpack("<f", struct.pack("<I", (bits & 0xFFFF) << 16))[0]
    np_type = _numpy_float(type)
    if np_type is None:
        raise ValueError(f"no bit pattern for {type.name} floats")
    size = np.dtype(np_type).itemsize
    return float(np.array([bits], dtype=f"u{size}").view(np_type)[0])


class StringAttr(Attribute):
    """`"text"`: a string (bytes that are not UTF-8 are kept as surrogate escapes)."""

    __slots__ = ("value",)
    _params = ("value",)


class TypeAttr(Attribute):
    """A type used as an attribute: `f32`, `(i32) -> i32`."""

    __slots__ = ("value",)
    _params = ("value",)


class ArrayAttr(Attribute):
    """`[1, "a", f32]`."""

    __slots__ = ("elements",)
    _params = ("elements",)

    def __new__(cls, elements):
        return super().__new__(cls, tuple(elements))

    def __iter__(self):
        return iter(self.elements)

    def __len__(self) -> int:
        return len(self.elements)


class DictionaryAttr(Attribute):
    """`{a = 1, b}`: named attributes, kept sorted by name as MLIR does."""

    __slots__ = ("entries",)
    _params = ("entries",)

    def __new__(cls, entries):
        items = entries.items() if isinstance(entries, dict) else entries
        return super().__new__(cls, tuple(sorted(items, key=lambda kv: kv[0])))

    def get(self, name: str, default=None):
        for key, value in self.entries:
            if key == name:
                return value
        return default

    def as_dict(self) -> dict[str, Attribute]:
        return dict(self.entries)


class SymbolRefAttr(Attribute):
    """`@f` or `@outer::@inner`: a reference to a symbol, possibly nested."""

    __slots__ = ("root", "nested")
    _params = ("root", "nested")

    def __new__(cls, root: str, nested=()):
        return super().__new__(cls, root, tuple(nested))


class DenseElementsAttr(Attribute):
    """`dense<[1.0, 2.0]> : tensor<2xf32>`, `dense<0> : vector<4xi32>`.

    Holds a read-only numpy array of the full shape (a splat is broadcast lazily and
    remembered as `splat`); integers are stored as Python-int-compatible int64/uint64 or
    object arrays for wider types.
    """

    __slots__ = ("type", "values", "splat")
    _params = ("type", "values", "splat")

    def __new__(cls, type: ShapedType, values, splat: bool = False):
        array = np.asarray(values)
        if array.flags.writeable:
            array = array.copy()
            array.flags.writeable = False
        if not splat and array.size > 1 and array.size == type.num_elements and _all_same(array):
            array, splat = array.reshape(-1)[:1].copy(), True
            array.flags.writeable = False
        splat = splat or (array.size == 1 and type.num_elements != 1)
        return super().__new__(cls, type, array, splat)

    @classmethod
    def _key(cls, type, values, splat=False):
        array = np.asarray(values)
        data = tuple(array.reshape(-1).tolist()) if array.dtype == object else array.tobytes()
        return (cls, type, array.dtype.str, array.shape, data, splat)

    def to_array(self) -> np.ndarray:
        """The values in the attribute's full shape."""
        shape = tuple(self.type.shape)
        if self.splat:
            return np.broadcast_to(self.values.reshape(-1)[0], shape)
        return self.values.reshape(shape)


def _all_same(array: np.ndarray) -> bool:
    """Whether every element has the same bytes (so NaNs and -0.0 compare exactly)."""
    if array.dtype == object:
        flat = array.reshape(-1)
        return all(x == flat[0] for x in flat)
    rows = np.ascontiguousarray(array).reshape(array.size, -1).view(np.uint8)
    return bool((rows == rows[0]).all())


class DenseArrayAttr(Attribute):
    """`array<i64: 1, 2>`: a flat array of integers or floats of one element type."""

    __slots__ = ("element_type", "values")
    _params = ("element_type", "values")

    def __new__(cls, element_type: Type, values):
        return super().__new__(cls, element_type, tuple(values))

    @classmethod
    def _key(cls, element_type, values):
        if isinstance(element_type, FloatType):
            values = tuple(struct.pack("<d", float(v)) for v in values)
        return (cls, element_type, tuple(values))


class AffineMapAttr(Attribute):
    """`affine_map<(d0, d1)[s0] -> (d1 + s0, d0)>`: wraps an `irc.ir.affine.AffineMap`."""

    __slots__ = ("value",)
    _params = ("value",)


class StridedLayoutAttr(Attribute):
    """`strided<[4, 1], offset: ?>`: a memref layout given by strides and an offset."""

    __slots__ = ("strides", "offset")
    _params = ("strides", "offset")

    def __new__(cls, strides, offset: int = 0):
        return super().__new__(cls, tuple(strides), offset)


class OpaqueAttr(Attribute):
    """`#dialect.name<body>`: an attribute of a dialect irc does not know, kept as text."""

    __slots__ = ("dialect", "body")
    _params = ("dialect", "body")


class LocationAttr(Attribute):
    """A location used as an attribute value (`loc(...)` inside fused metadata and the like)."""

    __slots__ = ("value",)
    _params = ("value",)
