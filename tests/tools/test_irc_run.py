"""irc-run: argument kinds, options and error paths through the interpreter (in-process),
and the same programs through the JIT compared with the interpreter once `irc.jit` exists."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import irc
from irc.tools.irc_run import FILLS, run

PROGRAM = """\
func.func @saxpy(%a: f32, %x: memref<?xf32>, %y: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %xi = memref.load %x[%i] : memref<?xf32>
    %yi = memref.load %y[%i] : memref<?xf32>
    %ax = arith.mulf %a, %xi : f32
    %s = arith.addf %ax, %yi : f32
    memref.store %s, %y[%i] : memref<?xf32>
  }
  return
}
func.func @add_i32(%a: i32, %b: i32) -> i32 {
  %0 = arith.addi %a, %b : i32
  return %0 : i32
}
func.func @scale_f32(%a: f32) -> f32 {
  %c = arith.constant 0.1 : f32
  %0 = arith.mulf %a, %c : f32
  return %0 : f32
}
func.func @next_index(%n: index) -> index {
  %c1 = arith.constant 1 : index
  %0 = arith.addi %n, %c1 : index
  return %0 : index
}
func.func @id_i8(%a: i8) -> i8 {
  return %a : i8
}
func.func @negate_i1(%b: i1) -> i1 {
  %true = arith.constant true
  %0 = arith.xori %b, %true : i1
  return %0 : i1
}
func.func @divmod(%a: i32, %b: i32) -> (i32, i32, f64) {
  %q = arith.divsi %a, %b : i32
  %r = arith.remsi %a, %b : i32
  %f = arith.sitofp %q : i32 to f64
  return %q, %r, %f : i32, i32, f64
}
func.func @sum(%x: memref<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %n = memref.dim %x, %c0 : memref<?xf64>
  %total = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f64) {
    %xi = memref.load %x[%i] : memref<?xf64>
    %next = arith.addf %acc, %xi : f64
    scf.yield %next : f64
  }
  return %total : f64
}
func.func @copy_out(%src: memref<2x3xi32>, %dst: memref<2x3xi32>) {
  memref.copy %src, %dst : memref<2x3xi32> to memref<2x3xi32>
  return
}
func.func @load_at(%m: memref<4xi32>, %i: index) -> i32 {
  %0 = memref.load %m[%i] : memref<4xi32>
  return %0 : i32
}
func.func @nothing() {
  return
}
func.func private @declared(i32) -> i32
func.func private @unused_helper() {
  return
}
"""

SAXPY_HEAD = "func.func @saxpy(%a: f32, %x: memref<?xf32>, %y: memref<?xf32>) {"


@pytest.fixture
def program(tmp_path):
    path = tmp_path / "program.mlir"
    path.write_text(PROGRAM)
    return str(path)


def run_ok(*argv: str, interpret: bool = True) -> str:
    code, out, err = run([*argv, *(["--interpret"] if interpret else [])])
    assert (code, err) == (0, ""), err
    return out


def run_failing(*argv: str) -> str:
    code, out, err = run([*argv, "--interpret"])
    assert code == 1 and out == ""
    assert "Traceback" not in err
    return err


# -- scalar literals and results -------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "args", "printed"),
    [
        ("add_i32", ["3", "-5"], "result0: i32 = -2"),
        ("add_i32", ["0x1F", "0b11"], "result0: i32 = 34"),
        ("add_i32", ["2147483647", "1"], "result0: i32 = -2147483648"),  # wraps
        ("scale_f32", ["3"], "result0: f32 = " + str(np.float32(3) * np.float32(0.1))),
        ("scale_f32", ["-2.5e1"], "result0: f32 = " + str(np.float32(-25) * np.float32(0.1))),
        ("scale_f32", ["-inf"], "result0: f32 = -inf"),
        ("next_index", ["41"], "result0: index = 42"),
        ("id_i8", ["250"], "result0: i8 = -6"),  # a signless i8 in its unsigned range
        ("id_i8", ["-128"], "result0: i8 = -128"),
        ("negate_i1", ["true"], "result0: i1 = false"),
        ("negate_i1", ["0"], "result0: i1 = true"),
    ],
)
def test_scalar_literals_are_converted_to_the_parameter_type(program, function, args, printed):
    assert run_ok(program, "-e", function, *args) == printed + "\n"


def test_a_float_result_prints_every_digit_its_type_holds(program):
    out = run_ok(program, "-e", "scale_f32", "1")
    assert out == "result0: f32 = 0.1\n"
    assert np.float32(out.split("= ")[1]) == np.float32(1) * np.float32(0.1)


def test_several_results_are_numbered_in_order(program):
    out = run_ok(program, "-e", "divmod", "-7", "2")
    assert out == "result0: i32 = -3\nresult1: i32 = -1\nresult2: f64 = -3.0\n"


def test_a_function_without_results_or_arguments_prints_nothing(program):
    assert run_ok(program, "-e", "nothing") == ""


# -- memrefs: fills, .npy files, what is printed ---------------------------------------------


def test_saxpy_over_dynamic_memrefs_matches_numpy(program, tmp_path):
    saved = tmp_path / "out.npz"
    run_ok(program, "-e", "saxpy", "2.5", "rand:1000", "randn:1000", "--save", str(saved))
    rng = np.random.default_rng(0)
    x = rng.random(1000).astype(np.float32)
    y = rng.standard_normal(1000).astype(np.float32)
    with np.load(saved) as data:
        assert sorted(data.files) == ["arg1", "arg2"]
        np.testing.assert_array_equal(data["arg1"], x)
        np.testing.assert_allclose(data["arg2"], np.float32(2.5) * x + y, rtol=1e-6)


def test_only_memref_arguments_the_function_may_write_are_printed(program):
    assert run_ok(program, "-e", "saxpy", "2", "arange:3", "ones:3") == (
        "arg2: memref<?xf32> = [1.0, 3.0, 5.0]\n"
    )
    # memref.copy reads its source and writes its target
    assert run_ok(program, "-e", "copy_out", "arange", "zeros") == (
        "arg1: memref<2x3xi32> =\n[[0, 1, 2],\n [3, 4, 5]]\n"
    )


VIEWS = """\
func.func @f(%read: memref<4xf32>, %written: memref<4xf32>, %called: memref<4xf32>,
             %unused: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %r = memref.cast %read : memref<4xf32> to memref<?xf32>
  %x = memref.load %r[%c0] : memref<?xf32>
  %w = memref.cast %written : memref<4xf32> to memref<?xf32>
  memref.store %x, %w[%c0] : memref<?xf32>
  func.call @g(%called) : (memref<4xf32>) -> ()
  return
}
func.func private @g(memref<4xf32>)
"""


def test_may_write_follows_views_and_counts_unknown_users_as_writers():
    from irc.dialects.memref import may_write

    func = next(iter(irc.parse(VIEWS).regions[0].ops()))
    params = func.regions[0].blocks[0].args
    assert [may_write(p) for p in params] == [False, True, True, False]


def test_print_args_prints_every_memref_argument_after_the_call(program):
    out = run_ok(program, "-e", "saxpy", "2", "arange:3", "ones:3", "--print-args")
    assert out == "arg1: memref<?xf32> = [0.0, 1.0, 2.0]\narg2: memref<?xf32> = [1.0, 3.0, 5.0]\n"
    assert run_ok(program, "-e", "sum", "full=0.5:4", "--no-print", "--print-args") == (
        "arg0: memref<?xf64> = [0.5, 0.5, 0.5, 0.5]\n"
    )


@pytest.mark.parametrize(
    ("fill", "expected"),
    [
        ("zeros:5", np.zeros(5)),
        ("ones:5", np.ones(5)),
        ("full=2.5:5", np.full(5, 2.5)),
        ("full=-1e3:2", np.full(2, -1000.0)),
        ("arange:5", np.arange(5.0)),
        ("rand:5", np.random.default_rng(0).random(5)),
        ("randn:5", np.random.default_rng(0).standard_normal(5)),
        ("randint=-3:4:5", np.random.default_rng(0).integers(-3, 4, 5).astype(float)),
    ],
)
def test_fills_make_the_arrays_numpy_makes(program, tmp_path, fill, expected):
    saved = tmp_path / "out.npz"
    run_ok(program, "-e", "sum", fill, "--save", str(saved))
    with np.load(saved) as data:
        np.testing.assert_array_equal(data["arg0"], expected)
        assert data["arg0"].dtype == np.float64
        assert data["result0"] == pytest.approx(expected.sum())


def test_every_fill_is_tested():
    names = {"zeros", "ones", "full", "arange", "rand", "randn", "randint"}
    assert set(FILLS) == names


def test_a_static_shape_needs_no_size_and_integer_fills_have_the_element_type(program, tmp_path):
    saved = tmp_path / "out.npz"
    run_ok(program, "-e", "copy_out", "randint=0:100", "zeros:2x3", "--save", str(saved))
    with np.load(saved) as data:
        expected = np.random.default_rng(0).integers(0, 100, (2, 3)).astype(np.int32)
        np.testing.assert_array_equal(data["arg0"], expected)
        np.testing.assert_array_equal(data["arg1"], expected)
        assert data["arg1"].dtype == np.int32


def test_random_fills_follow_the_seed_in_argument_order(program):
    default = run_ok(program, "-e", "saxpy", "1", "rand:4", "rand:4")
    assert default == run_ok(program, "-e", "saxpy", "1", "rand:4", "rand:4", "--seed", "0")
    assert default != run_ok(program, "-e", "saxpy", "1", "rand:4", "rand:4", "--seed", "7")
    rng = np.random.default_rng(0)
    x, y = rng.random(4).astype(np.float32), rng.random(4).astype(np.float32)
    printed = default.partition("= ")[2].strip("[]\n").split(", ")
    np.testing.assert_array_equal(np.array(printed, np.float32), x + y)


def test_npy_files_are_passed_in_place(program, tmp_path):
    x, y = tmp_path / "x.npy", tmp_path / "y.npy"
    np.save(x, np.array([1, 2, 3], np.float32))
    np.save(y, np.asfortranarray(np.ones(3, np.float32)))
    assert run_ok(program, "-e", "saxpy", "2", str(x), str(y)) == (
        "arg2: memref<?xf32> = [3.0, 5.0, 7.0]\n"
    )
    scalar = tmp_path / "n.npy"
    np.save(scalar, np.int64(9))
    assert run_ok(program, "-e", "next_index", str(scalar)) == "result0: index = 10\n"


# -- options ---------------------------------------------------------------------------------


def test_save_holds_results_and_memref_arguments(program, tmp_path):
    saved = tmp_path / "out.npz"
    out = run_ok(program, "-e", "load_at", "arange", "2", "--save", str(saved))
    assert out == "result0: i32 = 2\n"
    with np.load(saved) as data:
        assert sorted(data.files) == ["arg0", "result0"]
        assert data["result0"].dtype == np.int32 and data["result0"] == 2
        np.testing.assert_array_equal(data["arg0"], np.arange(4, dtype=np.int32))


def test_output_file_and_no_print(program, tmp_path):
    target = tmp_path / "out.txt"
    assert run_ok(program, "-e", "divmod", "9", "4", "-o", str(target)) == ""
    assert target.read_text() == "result0: i32 = 2\nresult1: i32 = 1\nresult2: f64 = 2.0\n"
    assert run_ok(program, "-e", "divmod", "9", "4", "--no-print") == ""


def test_repeat_reports_the_median_and_restores_the_arguments(program):
    code, out, err = run(
        [program, "-e", "saxpy", "2", "arange:3", "ones:3", "--repeat", "5", "--interpret"]
    )
    assert code == 0
    assert out == "arg2: memref<?xf32> = [1.0, 3.0, 5.0]\n"  # as after one call
    assert err.startswith("irc-run: @saxpy: median ")
    assert err.endswith(" per call over 5 calls (interpreter)\n")


def test_pass_pipeline_runs_before_the_call(program):
    assert run_ok(program, "-e", "unused_helper") == ""
    pipeline = "--pass-pipeline=builtin.module(symbol-dce,func.func(canonicalize))"
    assert run_ok(program, "-e", "add_i32", "1", "2", pipeline) == "result0: i32 = 3\n"
    err = run_failing(program, "-e", "unused_helper", pipeline)
    assert "no function '@unused_helper'" in err


def test_input_from_stdin(program):
    code, out, err = run(["-", "-e", "next_index", "--interpret", "--", "-2"], stdin_text=PROGRAM)
    assert (code, out, err) == (0, "result0: index = -1\n", "")
    # without positionals the input is stdin; the first positional is always the input
    assert run(["-e", "nothing", "--interpret"], stdin_text=PROGRAM) == (0, "", "")


def test_bounds_checks_is_accepted_by_the_interpreter(program):
    assert run_ok(program, "-e", "load_at", "zeros", "3", "--bounds-checks") == (
        "result0: i32 = 0\n"
    )


def test_help_exits_zero():
    code, out, _ = run(["--help"])
    assert code == 0 and "--pass-pipeline" in out and "--interpret" in out


# -- errors: a diagnostic and exit code 1 ----------------------------------------------------


def test_a_missing_input_file(tmp_path):
    err = run_failing(str(tmp_path / "missing.mlir"))
    assert err == (
        f"irc-run: error: could not open input file '{tmp_path / 'missing.mlir'}': "
        "No such file or directory\n"
    )


def test_an_unknown_function_suggests_a_close_name(program):
    err = run_failing(program, "-e", "saxpyy")
    assert err.startswith(f"irc-run: error: no function '@saxpyy' in '{program}'; ")
    assert "did you mean '@saxpy'?" in err


def test_a_declaration_cannot_run(program):
    err = run_failing(program, "-e", "declared", "1")
    assert "error: '@declared' is a declaration: it has no body to run" in err


def test_a_wrong_number_of_arguments_names_the_types(program):
    err = run_failing(program, "-e", "saxpy", "1")
    assert err.startswith(
        f"{program}:1:1: error: '@saxpy' takes 3 arguments "
        "(f32, memref<?xf32>, memref<?xf32>), got 1\n"
    )


@pytest.mark.parametrize(
    ("function", "args", "message"),
    [
        ("add_i32", ["2.5", "1"], "bad value '2.5' for arg0 (%a: i32): "
         "'2.5' is not an integer literal for i32"),
        ("id_i8", ["256"], "bad value '256' for arg0 (%a: i8): "
         "256 is out of range for i8 (-128 to 255)"),
        ("negate_i1", ["yes"], "bad value 'yes' for arg0 (%b: i1): "
         "'yes' is not an i1 literal (true, false, 1 or 0)"),
        ("scale_f32", ["1e39"], "bad value '1e39' for arg0 (%a: f32): "
         "1e39 is out of range for f32"),
        ("scale_f32", ["0x10"], "bad value '0x10' for arg0 (%a: f32): "
         "'0x10': write a float parameter in decimal"),
    ],
)  # fmt: skip
def test_a_bad_literal_is_shown_at_its_parameter(program, function, args, message):
    err = run_failing(program, "-e", function, *args)
    lines = PROGRAM.splitlines()
    line = next(i for i, text in enumerate(lines) if f"@{function}(" in text)
    column = lines[line].index("%") + 1
    assert err == (
        f"{program}:{line + 1}:{column}: error: {message}\n{lines[line]}\n"
        + " " * (column - 1)
        + "^\n"
    )


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("rand", "the type has '?' dimensions, so 'rand' needs a shape: e.g. 'rand:8'"),
        ("full=2.5", "the type has '?' dimensions, so 'full' needs a shape: e.g. 'full=2.5:8'"),
        ("rand:4x4", "shape 4x4 does not fit memref<?xf32>"),
        ("rand:four", "'four' is not a shape: write sizes joined by 'x', e.g. 4x8"),
        ("randint=1", "'randint=1' is not a fill: write randint=LO:HI or randint=LO:HI:SHAPE "
         "(e.g. 4x8)"),
        ("randint=1:8", "the type has '?' dimensions, so 'randint' needs a shape: e.g. "
         "'randint=1:8:8'"),
        ("zeros=4", "'zeros=4' is not a fill: write zeros or zeros:SHAPE (e.g. 4x8)"),
        ("full:4", "'full:4' is not a fill: write full=V or full=V:SHAPE (e.g. 4x8)"),
        ("randint=5:5:3", "randint=5:5 is empty: LO must be below HI"),
        ("full=x:3", "'x' is not a float literal for f32"),
        ("random:3", "expected a .npy file or a fill (zeros, ones, full=V, rand, randn, "
         "randint=LO:HI, arange[:SHAPE])"),
        ("2.5", "expected a .npy file or a fill"),
    ],
)  # fmt: skip
def test_a_bad_fill_names_the_parameter(program, argument, message):
    err = run_failing(program, "-e", "saxpy", "1", argument, "ones:4")
    assert err.startswith(
        f"{program}:1:27: error: bad value '{argument}' for arg1 (%x: memref<?xf32>): {message}"
    )
    assert err.endswith(f"{SAXPY_HEAD}\n" + " " * 26 + "^\n")


def test_integer_memrefs_take_no_float_fills(program):
    err = run_failing(program, "-e", "copy_out", "rand", "zeros")
    assert "'rand' fills float elements; for memref<2x3xi32> use randint=LO:HI" in err
    err = run_failing(program, "-e", "copy_out", "randint=0:3000000000", "zeros")
    assert "randint=0:3000000000 does not fit i32" in err


def test_a_npy_file_must_match_exactly(program, tmp_path):
    wrong_dtype, wrong_rank = tmp_path / "f64.npy", tmp_path / "rank2.npy"
    np.save(wrong_dtype, np.ones(3))
    np.save(wrong_rank, np.ones((3, 1), np.float32))
    err = run_failing(program, "-e", "saxpy", "1", str(wrong_dtype), "ones:3")
    assert (
        f"bad value '{wrong_dtype}' for arg1 (%x: memref<?xf32>): '{wrong_dtype}' holds a "
        "float64 array of shape (3,); memref<?xf32> needs float32 and shape ?"
    ) in err
    err = run_failing(program, "-e", "saxpy", "1", "ones:3", str(wrong_rank))
    assert "holds a float32 array of shape (3, 1); memref<?xf32> needs float32 and shape ?" in err
    missing = tmp_path / "missing.npy"
    err = run_failing(program, "-e", "saxpy", "1", str(missing), "ones:3")
    assert f"cannot read '{missing}': No such file or directory" in err
    garbage = tmp_path / "garbage.npy"
    garbage.write_text("not numpy")
    err = run_failing(program, "-e", "saxpy", "1", str(garbage), "ones:3")
    assert f"'{garbage}' is not a readable .npy file" in err


def test_bad_ir_is_a_located_diagnostic(tmp_path):
    path = tmp_path / "bad.mlir"
    path.write_text("func.func @main() -> i32 {\n  %0 = arith.constant 1 : i64\n"
                    "  return %0 : i32\n}\n")  # fmt: skip
    err = run_failing(str(path))
    assert err.startswith(f"{path}:3:")
    assert "error:" in err
    path.write_text("func.func @main( {\n")
    assert run_failing(str(path)).startswith(f"{path}:1:")


def test_a_bad_pipeline_is_a_diagnostic(program):
    err = run_failing(program, "--pass-pipeline=builtin.module(no-such-pass)")
    assert err.startswith("<pipeline>:1:16: error:")


def test_a_run_time_fault_is_a_located_diagnostic(program):
    err = run_failing(program, "-e", "divmod", "1", "0")
    line = next(i for i, text in enumerate(PROGRAM.splitlines(), 1) if "arith.divsi" in text)
    assert err.startswith(f"{program}:{line}:8: error: integer division by zero\n")


def test_a_usage_error_exits_1_with_the_usage(program):
    code, out, err = run([program, "--frobnicate"])
    assert code == 1 and out == ""
    assert err.startswith("irc-run: error: unrecognized arguments: --frobnicate\nusage: irc-run")
    err = run_failing(program, "-e", "nothing", "--repeat", "0")
    assert err == "irc-run: error: --repeat takes a count of at least 1, got 0\n"


def test_without_a_jit_the_default_path_says_to_interpret(program, monkeypatch):
    monkeypatch.delattr(irc, "jit", raising=False)
    code, out, err = run([program, "-e", "nothing"])
    assert (code, out) == (1, "")
    assert err == "irc-run: error: this irc has no JIT yet (irc.jit); use --interpret\n"


def doc_examples() -> tuple[str, list[tuple[str, str]]]:
    """docs/tools.md's saxpy.mlir and its `$ irc-run ...` commands with their output."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "tools.md").read_text()
    source = text.split("`saxpy.mlir`:\n\n```mlir\n", 1)[1].split("```", 1)[0]
    examples = []
    for block in re.findall(r"```\n(\$ irc-run .*?)```", text, re.S):
        for chunk in block.split("$ irc-run ")[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return source, examples


def test_the_examples_in_the_docs_print_what_they_show(tmp_path, monkeypatch):
    source, examples = doc_examples()
    (tmp_path / "saxpy.mlir").write_text(source)
    monkeypatch.chdir(tmp_path)
    assert len(examples) >= 6
    for command, shown in examples:
        code, out, err = run(shlex.split(command))
        if "--repeat" in command:  # the time differs
            shown, err = shown.partition(" median ")[0], err.partition(" median ")[0]
        assert out + err == shown, command
        assert code == (1 if "error:" in shown else 0)


# -- the console script ----------------------------------------------------------------------


def test_console_script_runs_and_fails_without_a_traceback(program):
    command = [sys.executable, "-m", "irc.tools.irc_run", program, "-e", "add_i32", "--interpret"]
    done = subprocess.run([*command, "40", "2"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "result0: i32 = 42\n", "")
    done = subprocess.run([*command, "4O", "2"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "'4O' is not an integer literal for i32" in done.stderr


def test_the_jit_path_adapts_the_calling_convention(program, monkeypatch):
    """irc.jit's callable returns None, one value or a tuple (numbers as Python or numpy
    scalars); irc-run prints them as the interpreter's lists. A stand-in JIT checks it."""
    from irc.runtime.interpreter import run as interpret

    requests = []

    def fake_jit(module, name, bounds_checks=False):
        requests.append((name, bounds_checks))

        def call(*args):
            results = [value.item() if np.ndim(value) == 0 else value
                       for value in interpret(module, name, *args)]  # fmt: skip
            return None if not results else results[0] if len(results) == 1 else tuple(results)

        return call

    monkeypatch.setattr(irc, "jit", fake_jit, raising=False)
    for argv in (JIT_CASES[1], JIT_CASES[4], JIT_CASES[7], JIT_CASES[11]):
        assert run_ok(program, *argv, interpret=False) == run_ok(program, *argv)
    run_ok(program, "-e", "nothing", "--bounds-checks", interpret=False)
    assert requests[-1] == ("nothing", True) and requests[0] == ("saxpy", False)


# -- the JIT, compared with the interpreter --------------------------------------------------

needs_jit = pytest.mark.skipif(not hasattr(irc, "jit"), reason="irc.jit has not landed yet")

JIT_CASES = [
    ["-e", "saxpy", "2.5", "rand:1000", "randn:1000"],
    ["-e", "saxpy", "-1", "arange:7", "ones:7", "--print-args"],
    ["-e", "add_i32", "2147483647", "1"],
    ["-e", "scale_f32", "1"],
    ["-e", "next_index", "41"],
    ["-e", "id_i8", "250"],
    ["-e", "negate_i1", "true"],
    ["-e", "divmod", "-7", "2"],
    ["-e", "sum", "randn:100"],
    ["-e", "copy_out", "randint=-9:9", "zeros"],
    ["-e", "load_at", "arange", "3"],
    ["-e", "nothing"],
    ["-e", "add_i32", "1", "2", "--pass-pipeline=builtin.module(canonicalize,cse)"],
]


@needs_jit
@pytest.mark.parametrize("argv", JIT_CASES, ids=lambda argv: " ".join(argv[1:3]))
def test_the_jit_prints_what_the_interpreter_prints(program, argv):
    assert run_ok(program, *argv, interpret=False) == run_ok(program, *argv)


@needs_jit
def test_the_jit_saves_what_the_interpreter_saves(program, tmp_path):
    argv = [program, "-e", "saxpy", "3", "rand:64", "randn:64"]
    run_ok(*argv, "--save", str(tmp_path / "jit.npz"), interpret=False)
    run_ok(*argv, "--save", str(tmp_path / "interp.npz"))
    with np.load(tmp_path / "jit.npz") as jit, np.load(tmp_path / "interp.npz") as interp:
        assert sorted(jit.files) == sorted(interp.files)
        for name in jit.files:
            np.testing.assert_array_equal(jit[name], interp[name])


@needs_jit
def test_the_jit_repeats_with_restored_arguments(program):
    code, out, err = run([program, "-e", "saxpy", "2", "arange:3", "ones:3", "--repeat", "3"])
    assert code == 0
    assert out == "arg2: memref<?xf32> = [1.0, 3.0, 5.0]\n"
    assert err.endswith(" per call over 3 calls (JIT)\n")


@needs_jit
def test_the_jit_reports_an_out_of_bounds_access_with_bounds_checks(program):
    code, out, err = run([program, "-e", "load_at", "zeros", "4", "--bounds-checks"])
    assert (code, out) == (1, "")
    assert "Traceback" not in err and "error:" in err


NN_PROGRAM = """
func.func @scale(%x: tensor<3xf32>, %s: tensor<f32>) -> tensor<3xf32> {
  %0 = nn.mul %x, %s : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
"""


@pytest.mark.parametrize("scale", ["0.5", "full=0.5"])
def test_a_rank_0_tensor_takes_a_literal_or_a_fill(tmp_path, scale):
    path = tmp_path / "nn.mlir"
    path.write_text(NN_PROGRAM)
    assert run_ok(str(path), "-e", "scale", "arange:3", scale) == (
        "result0: tensor<3xf32> = [0.0, 0.5, 1.0]\n"
    )


KEY_PROGRAM = """
func.func @draw(%key: !nn.key) -> tensor<3xf32> {
  %u = nn.random_uniform %key : tensor<3xf32>
  return %u : tensor<3xf32>
}
"""


def test_a_random_key_is_passed_as_an_integer_seed(tmp_path):
    path = tmp_path / "key.mlir"
    path.write_text(KEY_PROGRAM)
    first = run_ok(str(path), "-e", "draw", "7")
    assert first == run_ok(str(path), "-e", "draw", "7") != run_ok(str(path), "-e", "draw", "8")
    assert first.startswith("result0: tensor<3xf32> = [0.")
    err = run_failing(str(path), "-e", "draw", "seven")
    assert "bad value 'seven' for arg0 (%key: !nn.key)" in err
