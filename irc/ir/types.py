"""Builtin types, with MLIR's meaning and spelling.

Types are immutable and interned: building the same type twice gives the same object, so
types compare and hash by identity. Each class lists its parameters in `_params`; the
constructor looks the tuple up in one table before building anything.
"""

from __future__ import annotations

from irc.ir.interned import Interned

DYNAMIC = -1  # a `?` dimension


class Type(Interned):
    """Base of all types. Subclasses set `_params`, the names of their parameters."""

    __slots__ = ()

    def _print(self) -> str:
        from irc.frontend.printer import type_text

        return type_text(self)

    def __repr__(self) -> str:
        return f"Type({self})"


class IntegerType(Type):
    """`i32`, `si8`, `ui16`: an integer of any width; signless unless marked."""

    __slots__ = ("width", "signedness")
    _params = ("width", "signedness")

    def __new__(cls, width: int, signedness: str = ""):
        return super().__new__(cls, width, signedness)

    def _check(self) -> None:
        if not 1 <= self.width <= 16777215:
            raise ValueError(f"integer bitwidth is limited to 16777215 bits, got {self.width}")
        if self.signedness not in ("", "si", "ui"):
            raise ValueError(f"bad signedness {self.signedness!r}")

    @property
    def is_signless(self) -> bool:
        return self.signedness == ""


class IndexType(Type):
    """`index`: a machine-word integer for sizes and subscripts (64 bits in irc)."""

    __slots__ = ()


class FloatType(Type):
    """`f16 bf16 f32 f64 f80 f128 tf32` and the 8-bit float formats, by MLIR name."""

    __slots__ = ("name",)
    _params = ("name",)

    # name -> (total bits, significand precision in bits incl. the implicit one)
    FORMATS = {
        "f16": (16, 11),
        "bf16": (16, 8),
        "f32": (32, 24),
        "f64": (64, 53),
        "f80": (80, 64),
        "f128": (128, 113),
        "tf32": (19, 11),
        "f8E5M2": (8, 3),
        "f8E4M3": (8, 4),
        "f8E4M3FN": (8, 4),
        "f8E5M2FNUZ": (8, 3),
        "f8E4M3FNUZ": (8, 4),
        "f8E4M3B11FNUZ": (8, 4),
        "f8E3M4": (8, 5),
        "f8E8M0FNU": (8, 1),
        "f4E2M1FN": (4, 2),
        "f6E2M3FN": (6, 4),
        "f6E3M2FN": (6, 3),
    }

    def _check(self) -> None:
        if self.name not in self.FORMATS:
            raise ValueError(f"unknown float type {self.name!r}")

    @property
    def width(self) -> int:
        return self.FORMATS[self.name][0]

    @property
    def precision(self) -> int:
        return self.FORMATS[self.name][1]


class NoneType(Type):
    """`none`: the unit type."""

    __slots__ = ()


class ComplexType(Type):
    """`complex<f32>`."""

    __slots__ = ("element_type",)
    _params = ("element_type",)


class TupleType(Type):
    """`tuple<i32, f32>`."""

    __slots__ = ("types",)
    _params = ("types",)

    def __new__(cls, types):
        return super().__new__(cls, tuple(types))


class FunctionType(Type):
    """`(i32, f32) -> (f32)`."""

    __slots__ = ("inputs", "results")
    _params = ("inputs", "results")

    def __new__(cls, inputs, results):
        return super().__new__(cls, tuple(inputs), tuple(results))


class ShapedType(Type):
    """Base of types with a shape and an element type."""

    __slots__ = ()
    shape: tuple[int, ...]
    element_type: Type

    @property
    def rank(self) -> int:
        return len(self.shape)

    @property
    def has_static_shape(self) -> bool:
        return DYNAMIC not in self.shape

    @property
    def num_elements(self) -> int:
        count = 1
        for dim in self.shape:
            count *= dim
        return count


def _check_shape(shape: tuple[int, ...]) -> None:
    for dim in shape:
        if dim < 0 and dim != DYNAMIC:
            raise ValueError(f"invalid dimension size {dim}")


class TensorType(ShapedType):
    """`tensor<4x?xf32>`, `tensor<f32>`, `tensor<4xf32, #enc>`: a ranked tensor value."""

    __slots__ = ("shape", "element_type", "encoding")
    _params = ("shape", "element_type", "encoding")

    def __new__(cls, shape, element_type: Type, encoding=None):
        return super().__new__(cls, tuple(shape), element_type, encoding)

    def _check(self) -> None:
        _check_shape(self.shape)


class UnrankedTensorType(ShapedType):
    """`tensor<*xf32>`."""

    __slots__ = ("element_type",)
    _params = ("element_type",)


class MemRefType(ShapedType):
    """`memref<4x?xf32, strided<[?, 1]>, 1>`: a buffer with a layout and a memory space."""

    __slots__ = ("shape", "element_type", "layout", "memory_space")
    _params = ("shape", "element_type", "layout", "memory_space")

    def __new__(cls, shape, element_type: Type, layout=None, memory_space=None):
        return super().__new__(cls, tuple(shape), element_type, layout, memory_space)

    def _check(self) -> None:
        _check_shape(self.shape)


class UnrankedMemRefType(ShapedType):
    """`memref<*xf32, 1>`."""

    __slots__ = ("element_type", "memory_space")
    _params = ("element_type", "memory_space")

    def __new__(cls, element_type: Type, memory_space=None):
        return super().__new__(cls, element_type, memory_space)


class VectorType(ShapedType):
    """`vector<4x[8]xf32>`: a fixed-size vector; bracketed dims are scalable."""

    __slots__ = ("shape", "element_type", "scalable")
    _params = ("shape", "element_type", "scalable")

    def __new__(cls, shape, element_type: Type, scalable=None):
        shape = tuple(shape)
        scalable = tuple(scalable) if scalable else (False,) * len(shape)
        return super().__new__(cls, shape, element_type, scalable)

    def _check(self) -> None:
        if any(dim <= 0 for dim in self.shape):
            raise ValueError("vector types must have positive constant sizes")


class OpaqueType(Type):
    """`!dialect.name<body>`: a type of a dialect irc does not know, kept as text."""

    __slots__ = ("dialect", "body")
    _params = ("dialect", "body")


def i(width: int) -> IntegerType:
    return IntegerType(width)


I1, I8, I16, I32, I64 = (IntegerType(w) for w in (1, 8, 16, 32, 64))
INDEX = IndexType()
F16, BF16, F32, F64 = (FloatType(n) for n in ("f16", "bf16", "f32", "f64"))
NONE = NoneType()


def is_integer_like(t: Type) -> bool:
    return isinstance(t, (IntegerType, IndexType))


def element_type_of(t: Type) -> Type:
    """The element type of a shaped type, or the type itself."""
    return t.element_type if isinstance(t, ShapedType) else t
