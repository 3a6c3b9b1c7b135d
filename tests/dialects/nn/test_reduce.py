"""nn's reducing ops in the interpreter, against references written here with explicit
Python loops over indices (math-module arithmetic, not the numpy calls the kernels make):
matmul by a triple loop, reductions by accumulating each element into its kept index,
softmax by the plain formula on moderate values; stability checked by value on logits of
1e4; `?` sizes and run-time faults with their located messages."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from tests.dialects.helpers import error_of, interpret

RNG = np.random.default_rng(11)


def _type(shape, element: str) -> str:
    """`tensor<4x?xf32>` from (4, "?") and "f32"."""
    return "tensor<" + "".join(f"{d}x" for d in shape) + element + ">"


def _program(op: str, operand_types: list[str], result_type: str) -> str:
    """A function `@f` of operands `%a0, %a1, ...` returning `%r = <op>`."""
    params = ", ".join(f"%a{i}: {t}" for i, t in enumerate(operand_types))
    return (
        f"func.func @f({params}) -> {result_type} {{\n  %r = {op}\n  return %r : {result_type}\n}}"
    )


def _run(op: str, operand_types: list[str], result_type: str, *args):
    return interpret(_program(op, operand_types, result_type), "f", *args)[0]


# -- matmul ---------------------------------------------------------------------------------


def _matmul_reference(a, b, transpose_a=False, transpose_b=False, wrap=None):
    """c[batch..., i, j] = sum over k of a[i, k] * b[k, j], batch dims broadcast by
    reading index `i % size` of each operand; sums in Python floats or exact integers."""
    rows = a.shape[-1] if transpose_a else a.shape[-2]
    inner = a.shape[-2] if transpose_a else a.shape[-1]
    columns = b.shape[-2] if transpose_b else b.shape[-1]
    rank = max(a.ndim, b.ndim) - 2
    a_batch = (1,) * (rank - (a.ndim - 2)) + a.shape[:-2]
    b_batch = (1,) * (rank - (b.ndim - 2)) + b.shape[:-2]
    a_full, b_full = a.reshape(a_batch + a.shape[-2:]), b.reshape(b_batch + b.shape[-2:])
    batch = tuple(max(x, y) for x, y in zip(a_batch, b_batch, strict=True))
    out = {}
    for index in itertools.product(*(range(n) for n in batch)):
        ai = tuple(i % n for i, n in zip(index, a_batch, strict=True))
        bi = tuple(i % n for i, n in zip(index, b_batch, strict=True))
        for i, j in itertools.product(range(rows), range(columns)):
            total = 0
            for k in range(inner):
                left = a_full[ai + ((k, i) if transpose_a else (i, k))].item()
                right = b_full[bi + ((j, k) if transpose_b else (k, j))].item()
                total += left * right
            out[index + (i, j)] = wrap(total) if wrap else total
    return batch + (rows, columns), out


MATMUL_CASES = [
    # (a shape, b shape, flags)
    ((4, 3), (3, 5), ""),
    ((4, 3), (5, 3), "transpose_b"),
    ((3, 4), (3, 5), "transpose_a"),
    ((3, 4), (5, 3), "transpose_a transpose_b"),
    ((2, 1, 4, 3), (7, 3, 5), ""),
    ((4, 3), (2, 3, 5), ""),
    ((2, 3, 4), (1, 5, 3), "transpose_a transpose_b"),
]


@pytest.mark.parametrize(("a_shape", "b_shape", "flags"), MATMUL_CASES)
def test_matmul_matches_a_triple_loop(a_shape, b_shape, flags):
    a = RNG.standard_normal(a_shape).astype(np.float32)
    b = RNG.standard_normal(b_shape).astype(np.float32)
    shape, expected = _matmul_reference(a, b, "transpose_a" in flags, "transpose_b" in flags)
    types = [_type(a_shape, "f32"), _type(b_shape, "f32")]
    result = _type(shape, "f32")
    got = _run(
        f"nn.matmul %a0, %a1 {flags} : ({types[0]}, {types[1]}) -> {result}", types, result, a, b
    )
    assert got.dtype == np.float32 and got.shape == shape
    for index, value in expected.items():
        assert got[index] == pytest.approx(value, rel=1e-5, abs=1e-6), index


def test_matmul_with_dynamic_sizes_and_a_run_time_mismatch():
    types = ["tensor<?x?xf64>", "tensor<?x5xf64>"]
    op = "nn.matmul %a0, %a1 : (tensor<?x?xf64>, tensor<?x5xf64>) -> tensor<?x5xf64>"
    a, b = RNG.standard_normal((6, 2)), RNG.standard_normal((2, 5))
    got = _run(op, types, "tensor<?x5xf64>", a, b)
    shape, expected = _matmul_reference(a, b)
    assert got.shape == shape == (6, 5)
    for index, value in expected.items():
        assert got[index] == pytest.approx(value, rel=1e-13, abs=1e-15)
    message = error_of(_program(op, types, "tensor<?x5xf64>"), "f", a, RNG.random((3, 5)))
    assert message.startswith("<stdin>:2:8: error: 'nn.matmul' cannot multiply 6x2 by 3x5")
    assert "the contracted sizes 2 and 3 differ" in message


@pytest.mark.parametrize(
    ("flags", "types", "result", "shapes", "message"),
    [
        (
            "transpose_b",
            ["tensor<4x?xf32>", "tensor<5x?xf32>"],
            "tensor<4x5xf32>",
            [(4, 2), (5, 3)],
            "cannot multiply 4x2 by 5x3 transposed at run time: the contracted sizes 2 and 3 "
            "differ",
        ),
        (
            "",
            ["tensor<?x2x3xf32>", "tensor<4x3x5xf32>"],
            "tensor<4x2x5xf32>",
            [(3, 2, 3), (4, 3, 5)],
            "cannot multiply 3x2x3 by 4x3x5 at run time: the batch dimensions do not broadcast",
        ),
    ],
)
def test_matmul_sizes_checked_at_run_time(flags, types, result, shapes, message):
    op = f"nn.matmul %a0, %a1 {flags} : ({types[0]}, {types[1]}) -> {result}"
    a, b = (np.ones(shape, dtype=np.float32) for shape in shapes)
    found = error_of(_program(op, types, result), "f", a, b)
    assert found.startswith(f"<stdin>:2:8: error: 'nn.matmul' {message}")


def test_matmul_of_integers_wraps():
    a = RNG.integers(-128, 128, size=(3, 4), dtype=np.int8)
    b = RNG.integers(-128, 128, size=(4, 2), dtype=np.int8)
    op = "nn.matmul %a0, %a1 : (tensor<3x4xi8>, tensor<4x2xi8>) -> tensor<3x2xi8>"
    got = _run(op, ["tensor<3x4xi8>", "tensor<4x2xi8>"], "tensor<3x2xi8>", a, b)
    _, expected = _matmul_reference(a, b, wrap=lambda v: (v + 128) % 256 - 128)
    assert got.dtype == np.int8
    assert {index: got[index] for index in expected} == expected


def test_matmul_of_f32_is_correctly_rounded():
    # Products of f32 values are exact in float64 and math.fsum adds them exactly, so the
    # reference is the exact sum rounded once; accumulating in f32 misses it.
    a = RNG.standard_normal((6, 2000)).astype(np.float32)
    b = RNG.standard_normal((2000, 6)).astype(np.float32)
    types = ["tensor<6x2000xf32>", "tensor<2000x6xf32>"]
    op = f"nn.matmul %a0, %a1 : ({types[0]}, {types[1]}) -> tensor<6x6xf32>"
    got = _run(op, types, "tensor<6x6xf32>", a, b)
    rows, columns = a.tolist(), b.T.tolist()
    for i, j in itertools.product(range(6), range(6)):
        exact = math.fsum(x * y for x, y in zip(rows[i], columns[j], strict=True))
        assert got[i, j] == np.float32(exact), (i, j)


# -- reductions over axes ---------------------------------------------------------------------


def _reduce_reference(x, axes, keepdims, combine, start=None):
    """Fold `combine` over the elements of each kept index, visiting them in order;
    `start` is the value of an empty fold."""
    kept = [d for d in range(x.ndim) if d not in axes]
    shape = tuple(1 if d in axes else n for d, n in enumerate(x.shape)) if keepdims else None
    groups: dict[tuple, list] = {}
    for index in itertools.product(*(range(n) for n in x.shape)):
        key = tuple(index[d] for d in kept)
        groups.setdefault(key, []).append(x[index].item())
    for key in itertools.product(*(range(x.shape[d]) for d in kept)):
        groups.setdefault(key, [])
    out = {}
    for key, values in groups.items():
        value = start
        for v in values:
            value = v if value is None else combine(value, v)
        if keepdims:
            full = iter(key)
            key = tuple(0 if d in axes else next(full) for d in range(len(shape)))
        out[key] = value
    return out


def _nan_max(a, b):
    return math.nan if math.isnan(a) or math.isnan(b) else max(a, b)


def _nan_min(a, b):
    return math.nan if math.isnan(a) or math.isnan(b) else min(a, b)


FLOAT_REDUCTIONS = {
    "reduce_sum": (lambda a, b: a + b, 0.0),
    "reduce_prod": (lambda a, b: a * b, 1.0),
    "reduce_max": (_nan_max, None),
    "reduce_min": (_nan_min, None),
}


def _reduced_type(shape, axes, keepdims, element):
    if keepdims:
        return _type(tuple(1 if d in axes else n for d, n in enumerate(shape)), element)
    return _type(tuple(n for d, n in enumerate(shape) if d not in axes), element)


@pytest.mark.parametrize("name", [*FLOAT_REDUCTIONS, "reduce_mean"])
@pytest.mark.parametrize(
    ("axes", "keepdims"), [((1,), False), ((0, 2), True), ((0, 1, 2), False), ((), False)]
)
def test_float_reductions_match_loops(name, axes, keepdims):
    x = RNG.uniform(0.5, 1.5, size=(3, 4, 5)).astype(np.float32)
    static = (3, "?", 5)
    flag = " keepdims" if keepdims else ""
    axes_text = "[" + ", ".join(map(str, axes)) + "]"
    result = _reduced_type(static, axes, keepdims, "f32")
    operand = _type(static, "f32")
    got = _run(f"nn.{name} %a0 {axes_text}{flag} : {operand}", [operand], result, x)
    if name == "reduce_mean":
        sums = _reduce_reference(x, axes, keepdims, lambda a, b: a + b, 0.0)
        count = math.prod(x.shape[d] for d in axes)
        expected = {k: v / count for k, v in sums.items()}
    else:
        combine, start = FLOAT_REDUCTIONS[name]
        expected = _reduce_reference(x, axes, keepdims, combine, start)
    assert got.dtype == np.float32
    assert got.size == len(expected)
    for index, value in expected.items():
        assert got[index] == pytest.approx(value, rel=1e-6), index


@pytest.mark.parametrize(
    ("name", "combine"),
    [
        ("reduce_sum", lambda a, b: a + b),
        ("reduce_prod", lambda a, b: a * b),
        ("reduce_max", max),
        ("reduce_min", min),
    ],
)
def test_integer_reductions_wrap(name, combine):
    x = RNG.integers(-128, 128, size=(4, 6), dtype=np.int8)
    got = _run(f"nn.{name} %a0 [1] : tensor<4x6xi8>", ["tensor<4x6xi8>"], "tensor<4xi8>", x)
    expected = _reduce_reference(x, (1,), False, combine)
    assert got.dtype == np.int8
    for (row,), value in expected.items():
        assert got[row] == (value + 128) % 256 - 128, row


def test_max_and_min_propagate_nan_and_order_signed_zeros():
    x = np.array(
        [[1.0, np.nan, 3.0], [-0.0, 0.0, -0.0], [-0.0, -0.0, -0.0], [0.0, 0.0, -1.0]],
        dtype=np.float32,
    )
    ops = [
        ("tensor<4xf32>", "%mx = nn.reduce_max %x [1] : tensor<4x3xf32>"),
        ("tensor<4xf32>", "%mn = nn.reduce_min %x [1] : tensor<4x3xf32>"),
    ]
    text = (
        "func.func @f(%x: tensor<4x3xf32>) -> (tensor<4xf32>, tensor<4xf32>) {\n"
        + "\n".join(f"  {line}" for _, line in ops)
        + "\n  return %mx, %mn : tensor<4xf32>, tensor<4xf32>\n}"
    )
    largest, smallest = interpret(text, "f", x)
    assert math.isnan(largest[0]) and math.isnan(smallest[0])
    signs = [math.copysign(1.0, v) for v in (largest[1], largest[2], smallest[1], smallest[3])]
    assert signs == [1.0, -1.0, -1.0, -1.0]  # max(-0, +0) = +0; min(-0, +0) = -0
    assert smallest[3] == -1.0 and smallest[1] == 0.0


# Where the format's spacing is 2 (2048 in f16, 2**24 in f32), big + 1 rounds back to big
# (ties to even): accumulating in the element type loses every 1 that float64 keeps.
ROUNDING = [("f16", np.float16, 2048.0), ("f32", np.float32, 2.0**24)]


@pytest.mark.parametrize(("element", "dtype", "big"), ROUNDING)
def test_sum_and_mean_round_once_from_float64(element, dtype, big):
    x = np.array([big, 1.0, 1.0, 1.0, 1.0], dtype=dtype)
    operand, result = f"tensor<5x{element}>", f"tensor<{element}>"
    total = _run(f"nn.reduce_sum %a0 [0] : {operand}", [operand], result, x)
    mean = _run(f"nn.reduce_mean %a0 [0] : {operand}", [operand], result, x * 5)
    assert total.dtype == mean.dtype == dtype
    assert total == big + 4.0 and mean == big + 4.0


def test_reductions_over_an_empty_dimension():
    x = np.zeros((3, 0), dtype=np.float32)
    operand = "tensor<3x?xf32>"
    total = _run(f"nn.reduce_sum %a0 [1] : {operand}", [operand], "tensor<3xf32>", x)
    product = _run(f"nn.reduce_prod %a0 [1] : {operand}", [operand], "tensor<3xf32>", x)
    mean = _run(f"nn.reduce_mean %a0 [1] : {operand}", [operand], "tensor<3xf32>", x)
    lse = _run(f"nn.logsumexp %a0 [1] : {operand}", [operand], "tensor<3xf32>", x)
    assert list(total) == [0.0] * 3 and list(product) == [1.0] * 3
    assert all(math.isnan(v) for v in mean) and list(lse) == [-math.inf] * 3
    empty = _run(f"nn.reduce_max %a0 [0] : {operand}", [operand], "tensor<?xf32>", x)
    assert empty.shape == (0,)
    program = _program(f"nn.reduce_max %a0 [1] : {operand}", [operand], "tensor<3xf32>")
    assert error_of(program, "f", x).startswith(
        "<stdin>:2:8: error: 'nn.reduce_max' has no maximum to find: it reduces an empty "
        "dimension of shape 3x0"
    )


# -- argmax -----------------------------------------------------------------------------------


def _argmax_reference(values: list) -> int:
    """The first index of the maximum, a NaN counting as the maximum."""
    best = 0
    for i, v in enumerate(values):
        current = values[best]
        if math.isnan(current):
            break
        if math.isnan(v) or v > current:
            best = i
    return best


@pytest.mark.parametrize("keepdims", [False, True])
def test_argmax_takes_the_first_maximum_and_nan(keepdims):
    x = RNG.integers(0, 3, size=(4, 5, 3)).astype(np.float64)  # many ties
    x[1, 2, 0] = x[2, 4, 1] = x[2, 1, 1] = np.nan
    flag = " keepdims" if keepdims else ""
    result = "tensor<?x1x3xi64>" if keepdims else "tensor<?x3xi64>"
    operand = "tensor<?x5x3xf64>"
    got = _run(f"nn.argmax %a0 axis 1{flag} : {operand}", [operand], result, x)
    assert got.dtype == np.int64
    for i, k in itertools.product(range(4), range(3)):
        expected = _argmax_reference([x[i, j, k].item() for j in range(5)])
        assert got[(i, 0, k) if keepdims else (i, k)] == expected, (i, k)
    assert got[(2, 0, 1) if keepdims else (2, 1)] == 1  # the first of two NaNs


def test_argmax_of_integers():
    x = np.array([[3, 7, 7, -1], [-5, -5, -6, -9]], dtype=np.int32)
    got = _run("nn.argmax %a0 axis 1 : tensor<2x4xi32>", ["tensor<2x4xi32>"], "tensor<2xi64>", x)
    assert list(got) == [1, 0]


# -- softmax, log_softmax, logsumexp --------------------------------------------------------


def _slices(shape, axis):
    """For each index of the other dimensions, the list of full indices along `axis`."""
    others = [range(n) for d, n in enumerate(shape) if d != axis]
    for rest in itertools.product(*others):
        yield [rest[:axis] + (i,) + rest[axis:] for i in range(shape[axis])]


@pytest.mark.parametrize("axis", [0, 1, 2])
def test_softmax_and_log_softmax_match_the_plain_formula(axis):
    x = RNG.uniform(-3.0, 3.0, size=(3, 4, 5)).astype(np.float32)
    operand = "tensor<3x?x5xf32>"
    soft = _run(f"nn.softmax %a0 axis {axis} : {operand}", [operand], operand, x)
    log_soft = _run(f"nn.log_softmax %a0 axis {axis} : {operand}", [operand], operand, x)
    assert soft.dtype == log_soft.dtype == np.float32
    for indices in _slices(x.shape, axis):
        exps = [math.exp(x[i].item()) for i in indices]
        total = sum(exps)
        for i, e in zip(indices, exps, strict=True):
            assert soft[i] == pytest.approx(e / total, rel=1e-6)
            assert log_soft[i] == pytest.approx(math.log(e / total), rel=1e-6, abs=1e-6)


def test_logsumexp_matches_the_plain_formula():
    x = RNG.uniform(-3.0, 3.0, size=(3, 4, 5))
    operand = "tensor<3x4x5xf64>"
    got = _run(f"nn.logsumexp %a0 [0, 2] keepdims : {operand}", [operand], "tensor<1x4x1xf64>", x)
    sums = _reduce_reference(np.exp(x), (0, 2), True, lambda a, b: a + b)
    for index, total in sums.items():
        assert got[index] == pytest.approx(math.log(total), rel=1e-14)


def test_large_logits_stay_finite():
    # exp(1e4) overflows even float64; the kernels subtract the maximum first.
    x = np.array([[1e4, 1e4 - 1.0, 1e4 - 2.0], [-1e4, -1e4, -1e4]], dtype=np.float32)
    operand = "tensor<2x3xf32>"
    soft = _run(f"nn.softmax %a0 axis 1 : {operand}", [operand], operand, x)
    log_soft = _run(f"nn.log_softmax %a0 axis 1 : {operand}", [operand], operand, x)
    lse = _run(f"nn.logsumexp %a0 [1] : {operand}", [operand], "tensor<2xf32>", x)
    norm = 1.0 + math.exp(-1.0) + math.exp(-2.0)
    for j, shift in enumerate((0.0, -1.0, -2.0)):
        assert soft[0, j] == pytest.approx(math.exp(shift) / norm, rel=1e-6)
        assert soft[1, j] == pytest.approx(1.0 / 3.0, rel=1e-6)
        assert log_soft[0, j] == pytest.approx(shift - math.log(norm), rel=1e-6)
    assert lse[0] == pytest.approx(1e4 + math.log(norm), rel=1e-7)
    assert lse[1] == pytest.approx(-1e4 + math.log(3.0), rel=1e-7)


def test_infinite_and_nan_logits():
    x = np.array([[-np.inf, -np.inf], [np.inf, 0.0], [-np.inf, 0.0], [np.nan, 0.0]])
    operand = "tensor<4x2xf64>"
    lse = _run(f"nn.logsumexp %a0 [1] : {operand}", [operand], "tensor<4xf64>", x)
    soft = _run(f"nn.softmax %a0 axis 1 : {operand}", [operand], operand, x)
    assert lse[0] == -math.inf and lse[1] == math.inf and lse[2] == 0.0
    assert all(math.isnan(v) for v in soft[0])  # no distribution over only -inf
    assert list(soft[2]) == [0.0, 1.0]
    assert math.isnan(lse[3]) and all(math.isnan(v) for v in soft[3])  # NaN spreads


# -- losses -----------------------------------------------------------------------------------


def _loss_program(op: str, scores: str, labels: str, reduction: str, result: str) -> str:
    return _program(
        f"nn.{op} %a0, %a1 reduction {reduction} : ({scores}, {labels}) -> {result}",
        [scores, labels],
        result,
    )


def _labels(shape, classes):
    return RNG.integers(0, classes, size=shape).astype(np.int32)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_cross_entropy_matches_loops(reduction):
    probs = RNG.uniform(0.01, 1.0, size=(2, 3, 4)).astype(np.float32)
    labels = _labels((2, 3), 4)
    result = "tensor<2x?xf32>" if reduction == "none" else "tensor<f32>"
    program = _loss_program(
        "cross_entropy", "tensor<2x?x4xf32>", "tensor<2x?xi32>", reduction, result
    )
    got = interpret(program, "f", probs, labels)[0]
    losses = {
        (i, j): -math.log(probs[i, j, labels[i, j]].item())
        for i, j in itertools.product(range(2), range(3))
    }
    if reduction == "none":
        assert got.shape == (2, 3)
        for index, value in losses.items():
            assert got[index] == pytest.approx(value, rel=1e-6)
    else:
        total = math.fsum(losses.values())
        assert got.shape == () and got.dtype == np.float32
        assert got == pytest.approx(total / 6 if reduction == "mean" else total, rel=1e-6)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_softmax_cross_entropy_matches_loops(reduction):
    logits = RNG.uniform(-3.0, 3.0, size=(5, 6))
    labels = _labels((5,), 6).astype(np.int64)
    result = "tensor<5xf64>" if reduction == "none" else "tensor<f64>"
    program = _loss_program(
        "softmax_cross_entropy", "tensor<5x6xf64>", "tensor<5xi64>", reduction, result
    )
    got = interpret(program, "f", logits, labels)[0]
    losses = []
    for i in range(5):
        row = [logits[i, j].item() for j in range(6)]
        probability = math.exp(row[labels[i]]) / sum(math.exp(v) for v in row)
        losses.append(-math.log(probability))
    if reduction == "none":
        for i, value in enumerate(losses):
            assert got[i] == pytest.approx(value, rel=1e-12)
    else:
        total = math.fsum(losses)
        assert got == pytest.approx(total / 5 if reduction == "mean" else total, rel=1e-12)


def test_fused_loss_is_finite_where_the_composition_is_not():
    pair = "(tensor<2x3xf32>, tensor<2xi32>) -> tensor<2xf32>"
    text = f"""func.func @f(%z: tensor<2x3xf32>, %y: tensor<2xi32>)
    -> (tensor<2xf32>, tensor<2xf32>) {{
  %p = nn.softmax %z axis 1 : tensor<2x3xf32>
  %naive = nn.cross_entropy %p, %y reduction none : {pair}
  %fused = nn.softmax_cross_entropy %z, %y reduction none : {pair}
  return %naive, %fused : tensor<2xf32>, tensor<2xf32>
}}"""
    logits = np.array([[1e4, 0.0, -1e4], [1e4, 1e4, 1e4]], dtype=np.float32)
    labels = np.array([2, 1], dtype=np.int32)
    naive, fused = interpret(text, "f", logits, labels)
    assert naive[0] == math.inf  # softmax rounds exp(-2e4) to 0
    assert fused[0] == pytest.approx(2e4, rel=1e-7)
    assert fused[1] == pytest.approx(math.log(3.0), rel=1e-6)


@pytest.mark.parametrize(
    ("op", "labels", "message"),
    [
        ("cross_entropy", [[0, 1, 2], [3, 4, 1]], "label 4 at labels[1, 1] is out of range 0..3"),
        ("softmax_cross_entropy", [[0, -1, 2], [3, 9, 1]], "label -1 at labels[0, 1]"),
    ],
)
def test_a_label_outside_the_classes_is_a_located_error(op, labels, message):
    program = _loss_program(op, "tensor<2x3x4xf32>", "tensor<2x3xi32>", "mean", "tensor<f32>")
    scores = np.full((2, 3, 4), 0.25, dtype=np.float32)
    found = error_of(program, "f", scores, np.array(labels, dtype=np.int32))
    assert found.startswith(f"<stdin>:2:8: error: 'nn.{op}' {message}")
    assert found.splitlines()[0].endswith("(C = 4)")


def test_labels_of_another_shape_at_run_time():
    program = _loss_program(
        "cross_entropy", "tensor<?x4xf32>", "tensor<?xi32>", "sum", "tensor<f32>"
    )
    probs = np.full((3, 4), 0.25, dtype=np.float32)
    found = error_of(program, "f", probs, np.zeros(2, dtype=np.int32))
    assert found.startswith(
        "<stdin>:2:8: error: 'nn.cross_entropy' labels of shape 2 do not match scores of "
        "shape 3x4 at run time"
    )


def test_scalar_labels_and_an_empty_batch():
    program = _loss_program("cross_entropy", "tensor<3xf64>", "tensor<i8>", "mean", "tensor<f64>")
    probs = np.array([0.2, 0.5, 0.3])
    got = interpret(program, "f", probs, np.array(1, dtype=np.int8))[0]
    assert got == pytest.approx(-math.log(0.5), rel=1e-15)
    empty = _loss_program(
        "softmax_cross_entropy", "tensor<?x3xf64>", "tensor<?xi32>", "sum", "tensor<f64>"
    )
    assert interpret(empty, "f", np.zeros((0, 3)), np.zeros(0, dtype=np.int32))[0] == 0.0
