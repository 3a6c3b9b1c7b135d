"""nn's shape ops in the interpreter, against references that move each element in an
explicit loop over the result's indices (not the numpy call the kernel makes); the errors
that `?` sizes hide until the program runs, located at the op; the constant as a fold."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import irc
from irc.dialects.nn import shape as nn
from irc.ir.opdef import constant_operands
from tests.dialects.helpers import error_of, interpret, roundtrip

RNG = np.random.default_rng(11)


def _program(params: str, line: str, result: str) -> str:
    return f"func.func @f({params}) -> {result} {{\n  %r = {line}\n  return %r : {result}\n}}\n"


def _run(params: str, line: str, result: str, *args) -> np.ndarray:
    """Run the one op `line` of function @f(params) -> result on `args`."""
    (value,) = interpret(_program(params, line, result), "f", *args)
    return value


def _error(params: str, line: str, result: str, *args) -> str:
    return error_of(_program(params, line, result), "f", *args)


def _indices(shape):
    return itertools.product(*(range(n) for n in shape))


def _build(shape, dtype, element_at) -> np.ndarray:
    """An array of `shape` whose element at each index is `element_at(index)`."""
    out = np.empty(shape, dtype=dtype)
    for index in _indices(shape):
        out[index] = element_at(index)
    return out


def _row_major(x: np.ndarray) -> list:
    return [x[index] for index in _indices(x.shape)]


def _assert_same(actual: np.ndarray, expected: np.ndarray) -> None:
    assert actual.dtype == expected.dtype
    assert actual.shape == expected.shape
    assert np.array_equal(actual, expected)


# -- references: one element at a time ----------------------------------------------------------


def ref_reshape(x, shape):
    flat = _row_major(x)
    position = {index: i for i, index in enumerate(_indices(shape))}
    return _build(shape, x.dtype, lambda index: flat[position[index]])


def ref_transpose(x, permutation):
    shape = tuple(x.shape[p] for p in permutation)

    def element(index):
        source = [0] * x.ndim
        for k, p in enumerate(permutation):
            source[p] = index[k]
        return x[tuple(source)]

    return _build(shape, x.dtype, element)


def ref_broadcast_to(x, shape):
    offset = len(shape) - x.ndim

    def element(index):
        aligned = index[offset:]
        return x[tuple(0 if x.shape[d] == 1 else i for d, i in enumerate(aligned))]

    return _build(shape, x.dtype, element)


def ref_expand_dims(x, axes):
    rank = x.ndim + len(axes)
    sizes = iter(x.shape)
    shape = tuple(1 if d in axes else next(sizes) for d in range(rank))
    return _build(shape, x.dtype, lambda i: x[tuple(i[d] for d in range(rank) if d not in axes)])


def ref_squeeze(x, axes):
    shape = tuple(n for d, n in enumerate(x.shape) if d not in axes)

    def element(index):
        rest = iter(index)
        return x[tuple(0 if d in axes else next(rest) for d in range(x.ndim))]

    return _build(shape, x.dtype, element)


def ref_slice(x, starts, sizes, strides):
    def element(index):
        return x[tuple(s + i * k for i, s, k in zip(index, starts, strides, strict=True))]

    return _build(tuple(sizes), x.dtype, element)


def ref_concat(arrays, axis):
    total = sum(a.shape[axis] for a in arrays)
    shape = (*arrays[0].shape[:axis], total, *arrays[0].shape[axis + 1 :])

    def element(index):
        position = index[axis]
        for a in arrays:
            if position < a.shape[axis]:
                return a[(*index[:axis], position, *index[axis + 1 :])]
            position -= a.shape[axis]
        raise AssertionError("index past the concatenation")

    return _build(shape, arrays[0].dtype, element)


def ref_gather(source, indices, axis):
    k = indices.ndim
    shape = (*source.shape[:axis], *indices.shape, *source.shape[axis + 1 :])

    def element(index):
        chosen = indices[index[axis : axis + k]]
        return source[(*index[:axis], chosen, *index[axis + k :])]

    return _build(shape, source.dtype, element)


def ref_one_hot(indices, depth, dtype):
    shape = (*indices.shape, depth)
    return _build(shape, dtype, lambda index: 1 if indices[index[:-1]] == index[-1] else 0)


def ref_pad(x, value, low, high):
    shape = tuple(n + a + b for n, a, b in zip(x.shape, low, high, strict=True))

    def element(index):
        source = tuple(i - a for i, a in zip(index, low, strict=True))
        inside = all(0 <= s < n for s, n in zip(source, x.shape, strict=True))
        return x[source] if inside else value

    return _build(shape, x.dtype, element)


# -- results --------------------------------------------------------------------------------------


def _floats(*shape) -> np.ndarray:
    return RNG.standard_normal(shape).astype(np.float32)


def test_constant():
    value = _run(
        "", "nn.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi16>", "tensor<2x3xi16>"
    )
    _assert_same(value, np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int16))
    splat = _run("", "nn.constant dense<-0.5> : tensor<2x2xf64>", "tensor<2x2xf64>")
    _assert_same(splat, _build((2, 2), np.float64, lambda index: -0.5))


def test_constant_folds_to_its_value():
    module = irc.parse(
        "func.func @f() -> tensor<2xf32> {\n"
        "  %c = nn.constant dense<[1.0, 2.0]> : tensor<2xf32>\n"
        "  %t = nn.transpose %c [0] : tensor<2xf32>\n"
        "  return %t : tensor<2xf32>\n}"
    )
    ops = list(module.regions[0].ops())[0].regions[0].blocks[0].ops
    constant, transpose = ops[0], ops[1]
    assert isinstance(constant, nn.ConstantOp)
    assert constant.fold([]) == [constant.properties["value"]]
    assert constant_operands(transpose) == [constant.properties["value"]]


@pytest.mark.parametrize(
    "source, target, param",
    [
        ((4, 6), (24,), "tensor<4x6xf32>"),
        ((4, 6), (2, 3, 4), "tensor<?x6xf32>"),
        ((2, 3, 4), (4, 6), "tensor<2x3x4xf32>"),
        ((5,), (1, 5, 1), "tensor<?xf32>"),
    ],
)
def test_reshape(source, target, param):
    x = _floats(*source)
    written = "x".join("?" if i == 0 and "?" in param else str(n) for i, n in enumerate(target))
    result = f"tensor<{written}xf32>"
    value = _run(f"%x: {param}", f"nn.reshape %x : {param} to {result}", result, x)
    _assert_same(value, ref_reshape(x, target))


def test_reshape_reads_a_transposed_value_in_row_major_order():
    x = _floats(3, 4)
    program = (
        "func.func @f(%x: tensor<3x4xf32>) -> tensor<12xf32> {\n"
        "  %t = nn.transpose %x [1, 0] : tensor<3x4xf32>\n"
        "  %r = nn.reshape %t : tensor<4x3xf32> to tensor<12xf32>\n"
        "  return %r : tensor<12xf32>\n}"
    )
    (value,) = interpret(program, "f", x)
    _assert_same(value, ref_reshape(ref_transpose(x, (1, 0)), (12,)))


@pytest.mark.parametrize(
    "shape, permutation",
    [((4, 3), (1, 0)), ((2, 3, 4), (2, 0, 1)), ((2, 3, 4), (0, 2, 1)), ((), ())],
)
def test_transpose(shape, permutation):
    x = RNG.integers(-100, 100, shape).astype(np.int32)
    rank = len(shape)
    param = "tensor<" + "".join("?x" for _ in shape) + "i32>"
    result = param
    perm = "[" + ", ".join(map(str, permutation)) + "]"
    value = _run(f"%x: {param}", f"nn.transpose %x {perm} : {param}", result, x)
    assert value.ndim == rank
    _assert_same(value, ref_transpose(x, permutation))


@pytest.mark.parametrize(
    "source, param, result",
    [
        ((3, 1), "tensor<3x1xf32>", "tensor<2x3x4xf32>"),
        ((4,), "tensor<?xf32>", "tensor<5x?xf32>"),
        ((1,), "tensor<?xf32>", "tensor<2x7xf32>"),
        ((1,), "tensor<?xf32>", "tensor<5x?xf32>"),  # the `?` takes the operand's 1
        ((), "tensor<f32>", "tensor<2x2xf32>"),
    ],
)
def test_broadcast_to(source, param, result):
    x = _floats(*source)
    value = _run(f"%x: {param}", f"nn.broadcast_to %x : {param} to {result}", result, x)
    sizes = result[len("tensor<") : -len("xf32>")].split("x")
    shape = tuple(
        x.shape[d - (len(sizes) - x.ndim)] if s == "?" else int(s) for d, s in enumerate(sizes)
    )
    _assert_same(value, ref_broadcast_to(x, shape))


def test_expand_dims_and_squeeze():
    x = RNG.integers(0, 2, (4, 3)).astype(np.bool_)
    expanded = _run(
        "%x: tensor<4x3xi1>",
        "nn.expand_dims %x [0, 2, 4] : tensor<4x3xi1>",
        "tensor<1x4x1x3x1xi1>",
        x,
    )
    _assert_same(expanded, ref_expand_dims(x, (0, 2, 4)))
    y = _floats(1, 5, 1)
    squeezed = _run(
        "%y: tensor<?x5x?xf32>", "nn.squeeze %y [0, 2] : tensor<?x5x?xf32>", "tensor<5xf32>", y
    )
    _assert_same(squeezed, ref_squeeze(y, (0, 2)))


@pytest.mark.parametrize(
    "shape, param, starts, sizes, strides",
    [
        ((4, 5), "tensor<4x5xf32>", (0, 1), (2, 3), (2, 1)),
        ((9, 5), "tensor<?x5xf32>", (1, 4), (3, 1), (3, 1)),
        ((4, 5), "tensor<4x5xf32>", (4, 0), (0, 5), (1, 1)),
    ],
)
def test_slice(shape, param, starts, sizes, strides):
    x = _floats(*shape)
    text = ", ".join
    line = (
        f"nn.slice %x starts [{text(map(str, starts))}] sizes [{text(map(str, sizes))}] "
        f"strides [{text(map(str, strides))}] : {param}"
    )
    result = "tensor<" + "x".join(map(str, sizes)) + "xf32>"
    _assert_same(_run(f"%x: {param}", line, result, x), ref_slice(x, starts, sizes, strides))


def test_concat():
    a, b, c = _floats(2, 3), _floats(4, 3), _floats(1, 3)
    line = "nn.concat %a, %b, %c axis 0 : tensor<2x3xf32>, tensor<?x3xf32>, tensor<1x?xf32>"
    params = "%a: tensor<2x3xf32>, %b: tensor<?x3xf32>, %c: tensor<1x?xf32>"
    _assert_same(_run(params, line, "tensor<?x3xf32>", a, b, c), ref_concat([a, b, c], 0))
    d = _floats(2, 5)
    line = "nn.concat %a, %d axis 1 : tensor<2x3xf32>, tensor<2x5xf32>"
    value = _run("%a: tensor<2x3xf32>, %d: tensor<2x5xf32>", line, "tensor<2x8xf32>", a, d)
    _assert_same(value, ref_concat([a, d], 1))


@pytest.mark.parametrize(
    "source, indices, axis",
    [
        ((10, 4), (3, 2), 0),  # an embedding lookup
        ((2, 6, 3), (5,), 1),
        ((2, 3), (), 1),
    ],
)
def test_gather(source, indices, axis):
    table = _floats(*source)
    ids = RNG.integers(0, source[axis], indices).astype(np.int64)
    table_t = "tensor<" + "".join(f"{n}x" for n in source) + "f32>"
    ids_t = "tensor<" + "".join(f"{n}x" for n in indices) + "i64>"
    shape = (*source[:axis], *indices, *source[axis + 1 :])
    result = "tensor<" + "".join(f"{n}x" for n in shape) + "f32>"
    line = f"nn.gather %t, %i axis {axis} : {table_t}, {ids_t}"
    value = _run(f"%t: {table_t}, %i: {ids_t}", line, result, table, ids)
    _assert_same(value, ref_gather(table, ids, axis))


def test_one_hot():
    labels = np.array([[3, 0], [9, 4], [0, 0]], dtype=np.int32)
    line = "nn.one_hot %i depth 10 : tensor<?x2xi32> to tensor<?x2x10xf32>"
    value = _run("%i: tensor<?x2xi32>", line, "tensor<?x2x10xf32>", labels)
    _assert_same(value, ref_one_hot(labels, 10, np.float32))
    line = "nn.one_hot %i depth 4 : tensor<i8> to tensor<4xi1>"
    value = _run("%i: tensor<i8>", line, "tensor<4xi1>", np.int8(2))
    _assert_same(value, ref_one_hot(np.array(2, dtype=np.int8), 4, np.bool_))


def test_pad():
    x = RNG.integers(-9, 9, (3, 2)).astype(np.int32)
    line = "nn.pad %x, %v low [1, 0] high [2, 3] : tensor<?x2xi32>, tensor<i32>"
    value = _run("%x: tensor<?x2xi32>, %v: tensor<i32>", line, "tensor<?x5xi32>", x, -7)
    _assert_same(value, ref_pad(x, -7, (1, 0), (2, 3)))


# -- run-time errors ---------------------------------------------------------------------------


def test_gather_index_out_of_range_names_index_position_and_size():
    table, ids = _floats(5, 2), np.array([[0, 1], [7, 2]], dtype=np.int32)
    line = "nn.gather %t, %i axis 0 : tensor<?x2xf32>, tensor<2x2xi32>"
    message = _error(
        "%t: tensor<?x2xf32>, %i: tensor<2x2xi32>", line, "tensor<2x2x2xf32>", table, ids
    )
    assert message.startswith("<stdin>:2:8: error: ")
    assert (
        "'nn.gather' index 7 at position [1, 0] of the indices is outside 0..4: "
        "dimension 0 of the source has size 5"
    ) in message


def test_gather_rejects_a_negative_index():
    line = "nn.gather %t, %i axis 1 : tensor<2x3xf32>, tensor<2xi64>"
    ids = np.array([1, -1], dtype=np.int64)
    message = _error(
        "%t: tensor<2x3xf32>, %i: tensor<2xi64>", line, "tensor<2x2xf32>", _floats(2, 3), ids
    )
    assert (
        "'nn.gather' index -1 at position [1] of the indices is outside 0..2: "
        "dimension 1 of the source has size 3"
    ) in message


def test_one_hot_index_out_of_range():
    line = "nn.one_hot %i depth 3 : tensor<3xi32> to tensor<3x3xf32>"
    labels = np.array([0, 2, 3], dtype=np.int32)
    message = _error("%i: tensor<3xi32>", line, "tensor<3x3xf32>", labels)
    assert message.startswith("<stdin>:2:8: error: ")
    assert (
        "'nn.one_hot' index 3 at position [2] of the indices is outside 0..2: the depth is 3"
        in (message)
    )


@pytest.mark.parametrize(
    "params, line, result, args, expected",
    [
        (
            "%x: tensor<?x4xf32>",
            "nn.reshape %x : tensor<?x4xf32> to tensor<6xf32>",
            "tensor<6xf32>",
            [_floats(2, 4)],
            "'nn.reshape' at run time: cannot reshape 2x4 (8 elements) to 6 (6 elements)",
        ),
        (
            "%x: tensor<?xf32>",
            "nn.reshape %x : tensor<?xf32> to tensor<?x4xf32>",
            "tensor<?x4xf32>",
            [_floats(6)],
            "'nn.reshape' at run time: cannot reshape 6 (6 elements) to ?x4: "
            "6 is not a multiple of 4",
        ),
        (
            "%x: tensor<?xf32>",
            "nn.broadcast_to %x : tensor<?xf32> to tensor<2x3xf32>",
            "tensor<2x3xf32>",
            [_floats(2)],
            "'nn.broadcast_to' at run time: shapes 2 and 2x3 do not broadcast",
        ),
        (
            "%x: tensor<?x3xf32>",
            "nn.squeeze %x [0] : tensor<?x3xf32>",
            "tensor<3xf32>",
            [_floats(2, 3)],
            "'nn.squeeze' at run time: cannot squeeze dimension 0 of the operand of shape 2x3: "
            "its size is 2, not 1",
        ),
        (
            "%x: tensor<?x3xf32>",
            "nn.slice %x starts [1, 0] sizes [2, 3] strides [2, 1] : tensor<?x3xf32>",
            "tensor<2x3xf32>",
            [_floats(3, 3)],
            "'nn.slice' at run time: dimension 0 reads index 3 (start 1, size 2, stride 2) of "
            "the operand of shape 3x3, past its size 3",
        ),
        (
            "%a: tensor<2x?xf32>, %b: tensor<1x?xf32>",
            "nn.concat %a, %b axis 0 : tensor<2x?xf32>, tensor<1x?xf32>",
            "tensor<3x?xf32>",
            [_floats(2, 3), _floats(1, 4)],
            "'nn.concat' at run time: operands of shapes 2x3 and 1x4 differ in dimension 1, "
            "which is not the axis 0",
        ),
    ],
)
def test_dynamic_sizes_that_turn_out_wrong(params, line, result, args, expected):
    message = _error(params, line, result, *args)
    assert message.startswith("<stdin>:2:8: error: ")
    assert expected in message


def test_printed_forms_are_fixed_points():
    printed = roundtrip(
        _program(
            "%x: tensor<4x?xf32>, %v: tensor<f32>",
            "nn.pad %x, %v low [1, 0] high [0, 2] : tensor<4x?xf32>, tensor<f32>",
            "tensor<5x?xf32>",
        )
    )
    assert "nn.pad %arg0, %arg1 low [1, 0] high [0, 2] : (tensor<4x?xf32>, tensor<f32>)" in printed
