"""Builtin types and attributes: interning, immutability, canonical values, pickling."""

from __future__ import annotations

import copy
import math
import pickle

import numpy as np
import pytest

from irc.frontend.parser import parse
from irc.ir.attributes import (
    UNIT,
    ArrayAttr,
    BoolAttr,
    DenseElementsAttr,
    DictionaryAttr,
    FloatAttr,
    IntegerAttr,
    StridedLayoutAttr,
    StringAttr,
    TypeAttr,
)
from irc.ir.types import (
    BF16,
    DYNAMIC,
    F16,
    F32,
    F64,
    I1,
    I8,
    I32,
    I64,
    INDEX,
    FloatType,
    FunctionType,
    IntegerType,
    MemRefType,
    TensorType,
    TupleType,
    VectorType,
)

UI8 = IntegerType(8, "ui")
SI8 = IntegerType(8, "si")

# -- interning -------------------------------------------------------------------------------


def test_types_are_interned():
    assert TensorType((4, -1), F32) is TensorType([4, -1], F32)
    assert TensorType((4, DYNAMIC), F32) is not TensorType((4, DYNAMIC), F64)
    assert IntegerType(32) is I32 and IntegerType(32, "") is I32
    assert IntegerType(8, "si") is SI8 and SI8 is not I8 and UI8 is not I8
    assert FloatType("bf16") is BF16
    assert VectorType([4], F32) is VectorType((4,), F32, [False])
    assert VectorType([4], F32, [True]) is not VectorType([4], F32)
    assert FunctionType([I32], [F32]) is FunctionType((I32,), (F32,))
    assert TupleType([I32, F32]) is TupleType((I32, F32))
    assert MemRefType([2], F32, StridedLayoutAttr([1], 0)) is MemRefType(
        (2,), F32, StridedLayoutAttr((1,), 0)
    )


def test_attributes_are_interned():
    assert IntegerAttr(3, I32) is IntegerAttr(3, I32)
    assert IntegerAttr(3, I32) is not IntegerAttr(3, I64)
    assert StringAttr("x") is StringAttr("x")
    assert ArrayAttr([UNIT, StringAttr("a")]) is ArrayAttr((UNIT, StringAttr("a")))
    assert TypeAttr(F32) is TypeAttr(FloatType("f32"))
    assert BoolAttr(True) is IntegerAttr(1, I1)


def test_invalid_types_raise_and_are_not_interned():
    with pytest.raises(ValueError, match="invalid dimension size -2"):
        TensorType((-2,), F32)
    with pytest.raises(ValueError, match="bitwidth"):
        IntegerType(0)
    with pytest.raises(ValueError, match="unknown float type"):
        FloatType("f7")
    with pytest.raises(ValueError, match="positive"):
        VectorType([0], F32)
    with pytest.raises(ValueError):
        TensorType((-2,), F32)  # still refused: the bad instance was not cached


def test_types_print_as_mlir():
    assert str(TensorType((4, -1), F32)) == "tensor<4x?xf32>"
    assert str(VectorType([4, 8], F32, [False, True])) == "vector<4x[8]xf32>"
    assert str(MemRefType([4], F32, StridedLayoutAttr([1], DYNAMIC))) == (
        "memref<4xf32, strided<[1], offset: ?>>"
    )
    assert str(FunctionType([I32, F32], [F32])) == "(i32, f32) -> f32"


def test_shaped_type_queries():
    tensor = TensorType((2, 3, 4), F32)
    assert tensor.rank == 3 and tensor.num_elements == 24 and tensor.has_static_shape
    assert not TensorType((2, DYNAMIC), F32).has_static_shape
    assert TensorType((), F32).num_elements == 1


# -- immutability ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (I32, "width"),
        (TensorType((4,), F32), "shape"),
        (F32, "name"),
        (IntegerAttr(1, I32), "value"),
        (FloatAttr(1.0, F32), "value"),
        (StringAttr("s"), "value"),
    ],
)
def test_types_and_attributes_are_immutable(value, name):
    before = getattr(value, name)
    with pytest.raises(AttributeError, match="immutable"):
        setattr(value, name, before)
    with pytest.raises(AttributeError, match="immutable"):
        value.new_field = 1
    assert getattr(value, name) is before


def test_deleting_a_parameter_is_refused():
    scratch = IntegerType(13)
    with pytest.raises(AttributeError):
        del scratch.width


# -- integer attributes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "type", "stored"),
    [
        (255, I8, -1),
        (128, I8, -128),
        (-129, I8, 127),
        (-1, UI8, 255),
        (256, UI8, 0),
        (200, SI8, -56),
        (-128, SI8, -128),
        (3, I1, 1),
        (2, I1, 0),
        (-1, I1, 1),
        (2**63, INDEX, -(2**63)),
        (2**64 + 5, INDEX, 5),
        (-1, INDEX, -1),
    ],
)
def test_integer_attr_wraps_to_its_type(value, type, stored):
    attr = IntegerAttr(value, type)
    assert attr.value == stored
    assert attr is IntegerAttr(stored, type)


def test_wrapped_integer_attrs_print_as_mlir():
    assert str(IntegerAttr(255, I8)) == "-1 : i8"
    assert str(IntegerAttr(-1, UI8)) == "255 : ui8"
    assert str(BoolAttr(True)) == "true"


# -- float attributes ------------------------------------------------------------------------


def test_float_attr_is_keyed_by_bits():
    assert FloatAttr(0.0, F32) is not FloatAttr(-0.0, F32)
    assert FloatAttr(0.0, F32) != FloatAttr(-0.0, F32)
    nan = FloatAttr(math.nan, F32)
    assert nan is FloatAttr(float("nan"), F32)
    assert nan == nan
    assert FloatAttr(1.0, F32) is not FloatAttr(1.0, F64)
    assert FloatAttr(-0.0, F32).bits == 0x80000000
    assert FloatAttr(1.0, BF16).bits == 0x3F80


def test_float_attr_nan_payloads_stay_distinct():
    quiet = FloatAttr.from_bits(0x7FC00000, F32)
    payload = FloatAttr.from_bits(0x7FC00001, F32)
    assert quiet is not payload
    assert (quiet.bits, payload.bits) == (0x7FC00000, 0x7FC00001)


@pytest.mark.parametrize(
    ("value", "type", "rounded"),
    [
        (0.1, F16, 0.0999755859375),
        (65504.0, F16, 65504.0),
        (65520.0, F16, math.inf),  # halfway to the next binade rounds to even: infinity
        (0.1, F32, 0.10000000149011612),
        (1 + 2**-24, F32, 1.0),  # tie, to even
        (1 + 3 * 2**-24, F32, 1 + 2**-22),  # tie, to even (upward)
        (0.1, BF16, 0.10009765625),
        (1 + 2**-8, BF16, 1.0),  # tie, to even
        (1 + 3 * 2**-8, BF16, 1 + 2**-6),  # tie, to even (upward)
        (3.4e38, BF16, math.inf),
        (0.1, F64, 0.1),
    ],
)
def test_float_attr_rounds_to_its_type(value, type, rounded):
    attr = FloatAttr(value, type)
    assert attr.value == rounded
    assert attr is FloatAttr(rounded, type)


def test_bf16_rounds_a_double_once():
    # Just above the halfway point between 1.0 and 1 + 2**-7: rounds up when rounded once.
    assert FloatAttr(1 + 2**-8 + 2**-30, BF16).value == 1 + 2**-7


def test_float_attr_from_bits_round_trips():
    for bits, type in [(0x3C00, F16), (0xBF800000, F32), (0x7F80, BF16), (0x8000, BF16)]:
        assert FloatAttr.from_bits(bits, type).bits == bits


# -- dense elements --------------------------------------------------------------------------


def test_dense_splat_is_detected_from_a_full_array():
    tensor = TensorType((2, 3), F32)
    full = DenseElementsAttr(tensor, np.full((2, 3), 1.5, dtype=np.float32))
    assert full.splat and full.values.size == 1
    assert full is DenseElementsAttr(tensor, np.array([1.5], dtype=np.float32), splat=True)
    array = full.to_array()
    assert array.shape == (2, 3) and array.dtype == np.float32
    assert (array == 1.5).all()
    assert str(full) == "dense<1.500000e+00> : tensor<2x3xf32>"


def test_dense_splat_compares_bits():
    tensor = TensorType((3,), F32)
    zeros = DenseElementsAttr(tensor, np.array([0.0, -0.0, 0.0], dtype=np.float32))
    assert not zeros.splat
    assert np.signbit(zeros.to_array()).tolist() == [False, True, False]
    nans = DenseElementsAttr(tensor, np.full(3, np.nan, dtype=np.float32))
    assert nans.splat and np.isnan(nans.to_array()).all()


def test_dense_non_splat_to_array_and_read_only():
    tensor = TensorType((2, 2), I32)
    source = np.array([1, 2, 3, 4], dtype=np.int32)
    attr = DenseElementsAttr(tensor, source)
    assert not attr.splat
    assert attr.to_array().tolist() == [[1, 2], [3, 4]]
    source[0] = 99  # the attribute holds its own copy
    assert attr.to_array()[0, 0] == 1
    with pytest.raises(ValueError):
        attr.values[0] = 5
    assert attr is DenseElementsAttr(tensor, np.array([1, 2, 3, 4], dtype=np.int32))


def test_dense_accepts_broadcast_and_wide_integer_arrays():
    broadcast = DenseElementsAttr(TensorType((4,), I64), np.broadcast_to(np.int64(3), (4,)))
    assert broadcast.splat and broadcast.to_array().tolist() == [3, 3, 3, 3]
    wide = TensorType((2,), IntegerType(128))
    splat = DenseElementsAttr(wide, np.array([2**100, 2**100], dtype=object))
    assert splat.splat and splat.to_array().tolist() == [2**100, 2**100]
    mixed = DenseElementsAttr(wide, np.array([1, 2**100], dtype=object))
    assert not mixed.splat


def test_dense_from_text():
    module = parse(
        '"t.x"() {a = dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>,'
        " b = dense<7> : vector<3xi32>, c = dense<[1, 2]> : tensor<2xi128>} : () -> ()",
        allow_unregistered=True,
    )
    attrs = module.body.first.attributes
    assert attrs["a"].to_array().tolist() == [[1, 2], [3, 4]]
    assert attrs["b"].splat and attrs["b"].to_array().tolist() == [7, 7, 7]
    assert attrs["c"].to_array().tolist() == [1, 2]


# -- dictionaries ----------------------------------------------------------------------------


def test_dictionary_attr_is_sorted_and_interned():
    one, two = IntegerAttr(1, I32), IntegerAttr(2, I32)
    forward = DictionaryAttr({"b": one, "a": two, "c": UNIT})
    assert [name for name, _ in forward.entries] == ["a", "b", "c"]
    assert forward is DictionaryAttr([("c", UNIT), ("a", two), ("b", one)])
    assert forward.get("b") is one and forward.get("zz") is None
    assert forward.as_dict() == {"a": two, "b": one, "c": UNIT}
    assert str(forward) == "{a = 2 : i32, b = 1 : i32, c}"


# -- pickling and copying --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        I32,
        UI8,
        INDEX,
        BF16,
        TensorType((4, -1), F32),
        VectorType([4, 8], F16, [False, True]),
        MemRefType([4], F32, StridedLayoutAttr([1], DYNAMIC)),
        FunctionType([I32, TensorType((2,), F32)], [F32]),
        IntegerAttr(-5, SI8),
        FloatAttr(-0.0, F32),
        FloatAttr(math.nan, F64),
        DictionaryAttr({"b": UNIT, "a": StringAttr("x")}),
        DenseElementsAttr(TensorType((2,), F32), np.array([1.0, 2.0], dtype=np.float32)),
    ],
    ids=repr,
)
def test_pickle_and_copy_keep_identity(value):
    assert pickle.loads(pickle.dumps(value)) is value
    assert copy.copy(value) is value and copy.deepcopy(value) is value


def test_reduce_names_the_class_and_parameters():
    tensor = TensorType((4, -1), F32)
    assert tensor.__reduce__() == (TensorType, ((4, -1), F32, None))
