"""Type constraints shared by dialect declarations: `Arg(name, *FLOAT_LIKE)`.

Each constraint is a (predicate, description) pair; the description is what the verifier
says an operand "must be" (`operand #0 must be floating-point-like, but got 'i32'`).
"""

from __future__ import annotations

from irc.ir import types as T


def _scalar(t: T.Type) -> T.Type:
    """The element type of a vector or tensor, else the type itself."""
    if isinstance(t, (T.VectorType, T.TensorType, T.UnrankedTensorType)):
        return t.element_type
    return t


def is_signless_integer(t: T.Type) -> bool:
    return isinstance(t, T.IntegerType) and t.signedness == ""


def is_signless_int_or_index(t: T.Type) -> bool:
    return is_signless_integer(t) or isinstance(t, T.IndexType)


def is_float(t: T.Type) -> bool:
    return isinstance(t, T.FloatType)


def is_bool(t: T.Type) -> bool:
    return is_signless_integer(t) and t.width == 1


def like(predicate):
    """The predicate, extended to vectors and tensors of such scalars."""

    def check(t: T.Type) -> bool:
        return predicate(_scalar(t))

    return check


def is_memref(t: T.Type) -> bool:
    return isinstance(t, (T.MemRefType, T.UnrankedMemRefType))


def is_index(t: T.Type) -> bool:
    return isinstance(t, T.IndexType)


def any_type(t: T.Type) -> bool:
    return True


SIGNLESS_INTEGER_LIKE = (like(is_signless_int_or_index), "signless-integer-like")
FLOAT_LIKE = (like(is_float), "floating-point-like")
BOOL_LIKE = (like(is_bool), "bool-like")
INDEX = (is_index, "index")
MEMREF = (is_memref, "memref of any type values")
ANY = (any_type, "any type")


def same_shape(a: T.Type, b: T.Type) -> bool:
    """Whether two types are both scalars, or shaped with the same shape and kind."""
    if isinstance(a, T.VectorType) or isinstance(b, T.VectorType):
        return (
            isinstance(a, T.VectorType)
            and isinstance(b, T.VectorType)
            and a.shape == b.shape
            and a.scalable == b.scalable
        )
    if isinstance(a, T.TensorType) or isinstance(b, T.TensorType):
        return isinstance(a, T.TensorType) and isinstance(b, T.TensorType) and a.shape == b.shape
    return not isinstance(a, T.ShapedType) and not isinstance(b, T.ShapedType)


def with_element(t: T.Type, element: T.Type) -> T.Type:
    """`t` with its scalar replaced by `element` (i1 results of comparisons, casts)."""
    if isinstance(t, T.VectorType):
        return T.VectorType(t.shape, element, t.scalable)
    if isinstance(t, T.TensorType):
        return T.TensorType(t.shape, element, t.encoding)
    if isinstance(t, T.UnrankedTensorType):
        return T.UnrankedTensorType(element)
    return element


scalar_of = _scalar
