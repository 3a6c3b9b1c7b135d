"""The gradient of nn.scan (back-propagation through time) against the same cells unrolled
step by step: an RNN, and the LSTM and GRU cells of examples/ over 20 steps, forward and
`reverse`; `truncate(k)` against an unroll whose steps before the last k are behind
nn.stop_gradient; `lengths` against the padding written out with nn.select; small scans
against f64 central differences.

A cell is the body of a scan as text. `_scan_program` wraps it in a scan; `_unrolled`
writes it once per step, each step's SSA names suffixed, its slices separate function
arguments and its carried values the previous step's yielded ones. Both return the final
carried values, then the per-step outputs (stacked by the scan, one result per step
unrolled), so their gradients with the same cotangents must agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

import irc
from irc.passes.autodiff import AutodiffError, function_named
from irc.runtime.interpreter import run
from tests.autodiff.gradcheck import check_gradient

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAME = re.compile(r"%([A-Za-z_][A-Za-z0-9_]*)")


@dataclass
class Cell:
    """A scan body: its arguments (name: type) by group, its ops, what it yields."""

    sequences: dict[str, str]  # name: slice type
    carries: dict[str, str]
    body: str
    yields: list[str]  # the next carried values, then the outputs
    outputs: list[str]  # the outputs' types
    invariants: dict[str, str] = field(default_factory=dict)
    captured: dict[str, str] = field(default_factory=dict)  # read from the function
    prelude: str = ""  # ops before the scan (captured constants)

    def params(self, steps: int) -> list[tuple[str, str]]:
        """The scan program's parameters: stacked sequences, initial carries, invariants,
        captured values."""
        found = [(f"seq_{n}", f"tensor<{steps}x{t[7:]}") for n, t in self.sequences.items()]
        found += [(f"init_{n}", t) for n, t in self.carries.items()]
        found += [(f"p_{n}", t) for n, t in self.invariants.items()]
        return found + list(self.captured.items())


def _stacked(steps: int, t: str) -> str:
    return f"tensor<{steps}x{t[7:]}"


def _signature(params, results) -> str:
    args = ", ".join(f"%{n}: {t}" for n, t in params)
    return f"({args}) -> ({', '.join(results)})"


def _scan_program(cell: Cell, steps: int, options: str = "") -> str:
    groups = [
        "(" + ", ".join(f"%{n} = %seq_{n} : {_stacked(steps, t)}" for n, t in cell.sequences.items()) + ")",  # noqa: E501
        "carry(" + ", ".join(f"%{n} = %init_{n} : {t}" for n, t in cell.carries.items()) + ")",
    ]  # fmt: skip
    if cell.invariants:
        entries = ", ".join(f"%{n} = %p_{n} : {t}" for n, t in cell.invariants.items())
        groups.append(f"invariant({entries})")
    results = [*cell.carries.values(), *(_stacked(steps, t) for t in cell.outputs)]
    count = len(results)
    types = ", ".join([*cell.carries.values(), *cell.outputs])
    return (
        f"func.func @f{_signature(cell.params(steps), results)} {{\n{cell.prelude}\n"
        f"  %r:{count} = nn.scan {options} {' '.join(groups)} -> ({', '.join(results)}) {{\n"
        f"{cell.body}\n    nn.yield {', '.join(cell.yields)} : {types}\n  }}\n"
        f"  return {', '.join(f'%r#{i}' for i in range(count))} : {', '.join(results)}\n}}\n"
    )


def _unrolled(cell: Cell, steps: int, reverse: bool = False, truncate: int | None = None):
    """The cell written once per step; with `truncate`, the values the steps before the
    last `truncate` yield are behind nn.stop_gradient."""
    params = [(f"seq_{n}_{t}", st) for n, st in cell.sequences.items() for t in range(steps)]
    params += cell.params(steps)[len(cell.sequences) :]
    state = {n: f"%init_{n}" for n in cell.carries}
    lines, outputs = [cell.prelude], {}
    order = range(steps - 1, -1, -1) if reverse else range(steps)
    types = [*cell.carries.values(), *cell.outputs]
    for number, t in enumerate(order):
        names = {n: f"%seq_{n}_{t}" for n in cell.sequences} | state
        names |= {n: f"%p_{n}" for n in cell.invariants}
        for defined in re.findall(r"%([A-Za-z_][A-Za-z0-9_]*) =", cell.body):
            names[defined] = f"%{defined}_s{t}"
        lines.append(_renamed(cell.body, names))
        yielded = [names[v[1:]] for v in cell.yields]
        if truncate is not None and number < steps - truncate:
            for index, (value, type_) in enumerate(zip(yielded, types, strict=True)):
                lines.append(f"    %stop{index}_s{t} = nn.stop_gradient {value} : {type_}")
                yielded[index] = f"%stop{index}_s{t}"
        state = dict(zip(cell.carries, yielded, strict=False))
        outputs[t] = yielded[len(cell.carries) :]
    values = list(state.values())
    values += [outputs[t][k] for k in range(len(cell.outputs)) for t in range(steps)]
    results = [*cell.carries.values(), *(t for t in cell.outputs for _ in range(steps))]
    return (
        f"func.func @f{_signature(params, results)} {{\n" + "\n".join(lines) + "\n"
        f"  return {', '.join(values)} : {', '.join(results)}\n}}\n"
    )


def _renamed(text: str, names: dict[str, str]) -> str:
    def rename(match: re.Match) -> str:
        return names.get(match[1], match[0])

    return NAME.sub(rename, text)


def _inputs(cell: Cell, steps: int, rng) -> list[np.ndarray]:
    return [0.5 * rng.standard_normal(_shape(t)) for _, t in cell.params(steps)]


def _shape(type_: str) -> tuple[int, ...]:
    sizes = type_[7:-1].split("x")[:-1]
    return tuple(int(s) for s in sizes)


def _scan_and_unrolled_gradients(cell, steps, options="", reverse=False, truncate=None):
    """The scan's gradients with respect to every parameter, and the unroll's (its
    per-step slices' gradients stacked), with the same random cotangents."""
    rng = np.random.default_rng(7)
    args = _inputs(cell, steps, rng)
    wrt = list(range(len(args)))
    scan = irc.grad(_scan_program(cell, steps, options), "f", wrt)
    outputs = run(scan, "f", *args)
    cotangents = [rng.standard_normal(np.shape(o)) for o in outputs]
    got = run(scan, "f_grad", *args, *cotangents)[len(outputs) :]
    sequences = len(cell.sequences)
    unrolled_args = [a[t] for a in args[:sequences] for t in range(steps)] + args[sequences:]
    carries = len(cell.carries)
    unrolled_cotangents = cotangents[:carries] + [c[t] for c in cotangents[carries:]
                                                   for t in range(steps)]  # fmt: skip
    text = _unrolled(cell, steps, reverse, truncate)
    module = irc.grad(text, "f", list(range(len(unrolled_args))))
    flat = run(module, "f_grad", *unrolled_args, *unrolled_cotangents)
    flat = flat[len(unrolled_cotangents) :]
    want = [np.stack(flat[i * steps : (i + 1) * steps]) for i in range(sequences)]
    want += flat[sequences * steps :]
    return got, want


def _assert_close(got, want):
    assert len(got) == len(want)
    for have, expected in zip(got, want, strict=True):
        np.testing.assert_allclose(have, expected, rtol=1e-10, atol=1e-12)


# -- cells ------------------------------------------------------------------------------------

BATCH, INPUT, HIDDEN_SIZE = 2, 3, 4
ROW = f"tensor<{BATCH}x{HIDDEN_SIZE}xf64>"
HIDDEN = f"tensor<{HIDDEN_SIZE}x{HIDDEN_SIZE}xf64>"
X = f"tensor<{BATCH}x{INPUT}xf64>"

RNN = Cell(
    sequences={"x": X},
    carries={"h": ROW},
    invariants={"w": f"tensor<{INPUT}x{HIDDEN_SIZE}xf64>", "u": HIDDEN},
    body=f"""    %xw = nn.matmul %x, %w : ({X}, tensor<{INPUT}x{HIDDEN_SIZE}xf64>) -> {ROW}
    %hu = nn.matmul %h, %u : ({ROW}, {HIDDEN}) -> {ROW}
    %s = nn.add %xw, %hu : {ROW}
    %h2 = nn.tanh %s : {ROW}""",
    yields=["%h2", "%h2"],
    outputs=[ROW],
)


def _example_cell(path: str) -> tuple[str, list[str]]:
    """The scan body of an example with its types made small and f64, and its yield."""
    text = (EXAMPLES / path).read_text()
    body = text[text.index("{", text.index("nn.scan")) + 1 : text.index("nn.yield")]
    body = body.strip("\n ")
    yields = text[text.index("nn.yield") + 9 :].split(":")[0].split(", ")
    for old, new in (("tensor<?x16xf32>", ROW), ("tensor<16x16xf32>", HIDDEN),
                     ("tensor<f32>", "tensor<f64>")):  # fmt: skip
        body = body.replace(old, new)
    return "    " + body, [y.strip() for y in yields]


def _lstm() -> Cell:
    body, yields = _example_cell("lstm.mlir")
    return Cell(
        sequences={n: ROW for n in ("x_i", "x_f", "x_g", "x_o")},
        carries={"h": ROW, "c": ROW},
        invariants={n: HIDDEN for n in ("r_i", "r_f", "r_g", "r_o")},
        body=body,
        yields=yields,
        outputs=[ROW],
    )


def _gru() -> Cell:
    """The GRU reads its recurrent weights and a constant from outside its body."""
    body, yields = _example_cell("gru.mlir")
    return Cell(
        sequences={n: ROW for n in ("x_z", "x_r", "x_n")},
        carries={"h": ROW},
        captured={n: HIDDEN for n in ("u_z", "u_r", "u_n")},
        prelude="  %one = nn.constant dense<1.0> : tensor<f64>",
        body=body,
        yields=yields,
        outputs=[ROW],
    )


CELLS = {"rnn": lambda: RNN, "lstm": _lstm, "gru": _gru}

# -- tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CELLS))
@pytest.mark.parametrize("reverse", [False, True])
def test_twenty_steps_equal_the_unrolled_cell(name, reverse):
    cell = CELLS[name]()
    got, want = _scan_and_unrolled_gradients(
        cell, 20, "reverse" if reverse else "", reverse=reverse
    )
    _assert_close(got, want)


@pytest.mark.parametrize("name", sorted(CELLS))
def test_small_scans_against_finite_differences(name):
    cell = CELLS[name]()
    rng = np.random.default_rng(3)
    args = _inputs(cell, 3, rng)
    check_gradient(_scan_program(cell, 3), "f", args, list(range(len(args))), rng)


@pytest.mark.parametrize("name", ["rnn", "lstm"])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("steps, window", [(20, 5), (6, 1), (4, 9)])
def test_truncate_equals_a_truncated_unroll(name, reverse, steps, window):
    """truncate(k): only the last k steps run get gradients (all of them if fewer)."""
    cell = CELLS[name]()
    options = ("reverse " if reverse else "") + f"truncate({window})"
    got, want = _scan_and_unrolled_gradients(cell, steps, options, reverse, window)
    _assert_close(got, want)
    if steps > window:
        assert not np.any(got[len(cell.sequences)])  # the initial carried value's


def _padded_rnn(steps: int, options: str, masked: bool) -> str:
    """The RNN over a padded batch: with `lengths(%n)`, or (`masked`) with the padding
    written out: a sequence of row masks, nn.select keeping h and zeroing the output."""
    x, w = f"tensor<{steps}x{BATCH}x{INPUT}xf64>", f"tensor<{INPUT}x{HIDDEN_SIZE}xf64>"
    stacked, rows = _stacked(steps, ROW), f"tensor<{BATCH}x1xi1>"
    if masked:
        extra, groups, padding = (
            f", %masks: tensor<{steps}x{BATCH}x1xi1>",
            f", %m = %masks : tensor<{steps}x{BATCH}x1xi1>",
            "",
        )
    else:
        extra, groups, padding = (
            f", %n: tensor<{BATCH}xi32>",
            "",
            f" lengths(%n : tensor<{BATCH}xi32>)",
        )
    step = f"""    %xw = nn.matmul %x, %wi : ({X}, {w}) -> {ROW}
    %hu = nn.matmul %h, %ui : ({ROW}, {HIDDEN}) -> {ROW}
    %s = nn.add %xw, %hu : {ROW}
    %h2 = nn.tanh %s : {ROW}
    %y = nn.mul %h2, %h2 : {ROW}"""
    if masked:
        step += f"""
    %zero = nn.constant dense<0.0> : tensor<f64>
    %h3 = nn.select %m, %h2, %h : ({rows}, {ROW}, {ROW}) -> {ROW}
    %y3 = nn.select %m, %y, %zero : ({rows}, {ROW}, tensor<f64>) -> {ROW}
    nn.yield %h3, %y3 : {ROW}, {ROW}"""
    else:
        step += f"\n    nn.yield %h2, %y : {ROW}, {ROW}"
    return f"""func.func @f(%xs: {x}, %h0: {ROW}, %w: {w}, %u: {HIDDEN}{extra})
    -> ({ROW}, {stacked}) {{
  %h, %ys = nn.scan {options} (%x = %xs : {x}{groups}) carry(%h = %h0 : {ROW})
      invariant(%wi = %w : {w}, %ui = %u : {HIDDEN}){padding} -> ({ROW}, {stacked}) {{
{step}
  }}
  return %h, %ys : {ROW}, {stacked}
}}
"""


@pytest.mark.parametrize("reverse", [False, True])
def test_lengths_equal_the_padding_written_out(reverse):
    """Padded steps keep the carried value and output zeros: their cotangents pass the
    carried cotangent on and give nothing to the slices and weights."""
    steps, lengths = 7, np.array([4, 7], np.int32)
    rng = np.random.default_rng(5)
    shapes = [(steps, BATCH, INPUT), (BATCH, HIDDEN_SIZE), (INPUT, HIDDEN_SIZE), (HIDDEN_SIZE,) * 2]
    args = [rng.standard_normal(shape) for shape in shapes]
    masks = (np.arange(steps)[:, None] < lengths[None, :])[..., None]
    options = "reverse" if reverse else ""
    padded = irc.grad(_padded_rnn(steps, options, masked=False), "f", [0, 1, 2, 3])
    written = irc.grad(_padded_rnn(steps, options, masked=True), "f", [0, 1, 2, 3])
    cotangents = [rng.standard_normal((BATCH, HIDDEN_SIZE)),
                  rng.standard_normal((steps, BATCH, HIDDEN_SIZE))]  # fmt: skip
    got = run(padded, "f_grad", *args, lengths, *cotangents)
    want = run(written, "f_grad", *args, masks, *cotangents)
    _assert_close(got, want)
    assert not np.any(got[2][4:, 0])  # row 0's padded slices get nothing
    small = [args[0][:3], *args[1:], np.array([2, 3], np.int32)]
    check_gradient(_padded_rnn(3, options, masked=False), "f", small, [0, 1, 2, 3], rng)


def test_lengths_with_truncate_is_an_error():
    text = _padded_rnn(3, "truncate(2)", masked=False)
    with pytest.raises(AutodiffError, match="both lengths and truncate"):
        irc.grad(text, "f", [0])


def test_nested_scans_and_integer_carries():
    """A scan in a scan's body (the inner one reads w from the function) saves its own
    states; an integer carried value (a step count) is saved and gets no cotangent."""
    text = """
func.func @f(%xs: tensor<3x4x2xf64>, %h0: tensor<2xf64>, %w: tensor<2xf64>, %k0: tensor<i64>)
    -> (tensor<2xf64>, tensor<3x2xf64>) {
  %h, %k, %hs = nn.scan (%x = %xs : tensor<3x4x2xf64>)
      carry(%hc = %h0 : tensor<2xf64>, %kc = %k0 : tensor<i64>)
      -> (tensor<2xf64>, tensor<i64>, tensor<3x2xf64>) {
    %a, %as = nn.scan reverse (%xi = %x : tensor<4x2xf64>) carry(%ac = %hc : tensor<2xf64>)
        -> (tensor<2xf64>, tensor<4x2xf64>) {
      %m = nn.mul %ac, %w : tensor<2xf64>
      %s = nn.add %m, %xi : tensor<2xf64>
      %n = nn.tanh %s : tensor<2xf64>
      nn.yield %n, %n : tensor<2xf64>, tensor<2xf64>
    }
    %one = nn.constant dense<1> : tensor<i64>
    %k2 = nn.add %kc, %one : tensor<i64>
    %kf = nn.cast %k2 : tensor<i64> to tensor<f64>
    %e = nn.mul %a, %kf : (tensor<2xf64>, tensor<f64>) -> tensor<2xf64>
    nn.yield %a, %k2, %e : tensor<2xf64>, tensor<i64>, tensor<2xf64>
  }
  return %h, %hs : tensor<2xf64>, tensor<3x2xf64>
}
"""
    rng = np.random.default_rng(8)
    args = [rng.standard_normal((3, 4, 2)), rng.standard_normal(2), rng.standard_normal(2)]
    check_gradient(text, "f", [*args, np.array(2)], [0, 1, 2], rng)


@pytest.mark.parametrize("name", ["lstm", "gru"])
def test_examples_with_unknown_sizes_differentiate_and_compile(name):
    """examples/lstm.mlir and gru.mlir as written (`?` steps and batch, f32, the input
    projections before the scan): their gradients equal those of the same text with the
    sizes written, and irc.jit's compiled gradient function gives them too."""
    text = (EXAMPLES / f"{name}.mlir").read_text()
    static = text.replace("?x?x", "5x2x").replace("?x16", "2x16")
    rng = np.random.default_rng(9)
    module = irc.parse(static)
    inputs = function_named(module, name).function_type.inputs
    args = [(0.5 * rng.standard_normal(t.shape)).astype(np.float32) for t in inputs]
    outputs = run(module, name, *args)
    cotangents = [rng.standard_normal(np.shape(o)).astype(np.float32) for o in outputs]
    wrt = list(range(len(args)))
    want = run(irc.grad(static, name, wrt), f"{name}_grad", *args, *cotangents)
    gradient = irc.grad(text, name, wrt)
    for have, expected in zip(run(gradient, f"{name}_grad", *args, *cotangents), want,
                              strict=True):  # fmt: skip
        np.testing.assert_array_equal(have, expected)
    compiled = irc.jit(gradient, f"{name}_grad", cache=False)(*args, *cotangents)
    for have, expected in zip(compiled, want, strict=True):
        np.testing.assert_allclose(np.asarray(have), expected, rtol=1e-5, atol=1e-5)


# -- compiled: irc.jit with the `?` sizes (specialize=False) and per call -------------------------

MASK_SCAN = """
func.func @f(%xs: tensor<3x2xf32>, %ys: tensor<3x2xi32>, %n: tensor<2xi32>) -> tensor<f32> {
  %mask = nn.scan REVERSE(%y = %ys : tensor<3x2xi32>) LENGTHS -> (tensor<3x2xf32>) {
    %true = nn.ge %y, %y : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi1>
    %one = nn.constant dense<1.0> : tensor<f32>
    %zero = nn.constant dense<0.0> : tensor<f32>
    %ones = nn.select %true, %one, %zero : (tensor<2xi1>, tensor<f32>, tensor<f32>) -> tensor<2xf32>
    nn.yield %ones : tensor<2xf32>
  }
  %m = nn.mul %xs, %mask : tensor<3x2xf32>
  %s = nn.reduce_sum %m [0, 1] : tensor<3x2xf32>
  return %s : tensor<f32>
}
"""


def _compiled_agrees(module, name: str, args, specialize: bool) -> list:
    want = run(module, name, *args)
    got = irc.jit(module, name, cache=False, specialize=specialize)(*args)
    got = list(got) if isinstance(got, (list, tuple)) else [got]
    for have, expected in zip(got, want, strict=True):
        assert np.shape(have) == np.shape(expected)
        np.testing.assert_allclose(np.asarray(have), expected, rtol=1e-5, atol=1e-6)
    return want


@pytest.mark.parametrize("specialize", [False, True])
@pytest.mark.parametrize("reverse", ["", "reverse "])
@pytest.mark.parametrize("lengths", ["", "lengths(%n : tensor<2xi32>)"])
def test_a_scan_no_float_operand_reaches_gets_no_reverse_scan(specialize, reverse, lengths):
    """The scan's float output (a mask from integer sequences) gets a cotangent, but none
    of its operands takes one: no reverse scan is written (an empty one did not lower)."""
    text = MASK_SCAN.replace("REVERSE", reverse).replace("LENGTHS", lengths)
    gradient = irc.grad(text, "f", [0])
    scans = [op for op in function_named(gradient, "f_grad").walk() if op.name == "nn.scan"]
    assert len(scans) == 1  # the forward one
    xs, ys, n = np.ones((3, 2), np.float32), np.zeros((3, 2), np.int32), np.array([3, 1], np.int32)
    loss, d_xs = _compiled_agrees(gradient, "f_grad", [xs, ys, n], specialize)
    mask = np.ones((3, 2)) if not lengths else (np.arange(3)[:, None] < n).astype(np.float32)
    np.testing.assert_array_equal(d_xs, mask)
    assert loss == mask.sum()


PADDED_ANY_BATCH = """
func.func @f(%xs: tensor<?x?x4xf32>, %h0: tensor<?x4xf32>, %n: tensor<?xi32>) -> tensor<f32> {
  %h, %hs = nn.scan REVERSE(%x = %xs : tensor<?x?x4xf32>) carry(%c = %h0 : tensor<?x4xf32>)
      lengths(%n : tensor<?xi32>) -> (tensor<?x4xf32>, tensor<?x?x4xf32>) {
    %s = nn.add %c, %x : tensor<?x4xf32>
    %t = nn.tanh %s : tensor<?x4xf32>
    nn.yield %t, %t : tensor<?x4xf32>, tensor<?x4xf32>
  }
  %l = nn.reduce_sum %hs [0, 1, 2] : tensor<?x?x4xf32>
  %e = nn.reduce_sum %h [0, 1] : tensor<?x4xf32>
  %total = nn.add %l, %e : tensor<f32>
  return %total : tensor<f32>
}
"""


@pytest.mark.parametrize("specialize", [False, True])
@pytest.mark.parametrize("reverse", ["", "reverse "])
@pytest.mark.parametrize(("steps", "lengths"), [(3, [3, 1]), (4, [0, 2, 4]), (0, [0, 0])])
def test_the_gradient_with_lengths_compiles_with_unknown_sizes(specialize, reverse, steps,
                                                                lengths):  # fmt: skip
    """The gradient saves the lengths as a stacked i32 output of the `?` batch, which no
    carried value has: compiled generically its stack has the first step's sizes."""
    gradient = irc.grad(PADDED_ANY_BATCH.replace("REVERSE", reverse), "f", [0, 1])
    rng = np.random.default_rng(11)
    batch = len(lengths)
    xs = rng.standard_normal((steps, batch, 4)).astype(np.float32)
    h0 = rng.standard_normal((batch, 4)).astype(np.float32)
    args = [xs, h0, np.array(lengths, np.int32)]
    _compiled_agrees(gradient, "f_grad", args, specialize)
