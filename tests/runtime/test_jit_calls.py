"""Bad calls and run-time faults: each raises a clear, located `irc` exception before (or
instead of) anything that could crash the process."""

from __future__ import annotations

import numpy as np
import pytest

import irc

SOURCE = """
func.func @scale(%x: memref<?xf32>, %y: memref<?xf32>, %k: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<?xf32>
    %w = arith.mulf %v, %k : f32
    memref.store %w, %y[%i] : memref<?xf32>
  }
  return
}

func.func @fixed(%m: memref<2x3xi32>) -> i32 {
  %c1 = arith.constant 1 : index
  %v = memref.load %m[%c1, %c1] : memref<2x3xi32>
  return %v : i32
}

func.func @at(%x: memref<?xf64>, %i: index) -> f64 {
  %v = memref.load %x[%i] : memref<?xf64>
  return %v : f64
}

func.func @put(%x: memref<?xf64>, %i: index, %v: f64) {
  memref.store %v, %x[%i] : memref<?xf64>
  return
}

func.func @divide(%a: i32, %b: i32) -> i32 {
  %q = arith.divsi %a, %b : i32
  return %q : i32
}

func.func @checked(%a: i64) -> i64 {
  %zero = arith.constant 0 : i64
  %ok = arith.cmpi sge, %a, %zero : i64
  cf.assert %ok, "a must not be negative"
  return %a : i64
}

func.func @through_call(%a: i32) -> i32 {
  %zero = arith.constant 0 : i32
  %r = func.call @divide(%a, %zero) : (i32, i32) -> i32
  %one = arith.constant 1 : i32
  %s = arith.addi %r, %one : i32
  return %s : i32
}

func.func @flag(%b: i1, %small: i8) -> i8 {
  %r = arith.select %b, %small, %small : i8
  return %r : i8
}

func.func @depth(%n: i64) -> i64 {
  %zero = arith.constant 0 : i64
  %one = arith.constant 1 : i64
  %done = arith.cmpi eq, %n, %zero : i64
  %r = scf.if %done -> (i64) {
    scf.yield %zero : i64
  } else {
    %m = arith.subi %n, %one : i64
    %d = func.call @depth(%m) : (i64) -> i64
    %e = arith.addi %d, %one : i64
    scf.yield %e : i64
  }
  return %r : i64
}

func.func private @helper(%a: i32) -> i32 {
  return %a : i32
}
"""


@pytest.fixture(scope="module")
def plain():
    return irc.compile_module(SOURCE, filename="calls.mlir")


@pytest.fixture(scope="module")
def checked():
    return irc.compile_module(SOURCE, filename="calls.mlir", bounds_checks=True)


F32, F64 = np.zeros(3, np.float32), np.zeros(3, np.float64)


def _message(excinfo) -> str:
    return str(excinfo.value)


@pytest.mark.parametrize(
    ("args", "where", "expected"),
    [
        (
            (F64, F32, 1.0),
            "2:18",
            "argument 0 (memref<?xf32>): expected a float32 array, got float64",
        ),
        ((F32.reshape(3, 1), F32, 1.0), "2:18", "expected a rank-1 array, got rank 2"),
        (
            (F32, [0.0, 0.0, 0.0], 1.0),
            "2:37",
            "argument 1 (memref<?xf32>): expected a numpy array, got list",
        ),
        ((F32, F32, "2"), "2:56", "argument 2 (f32): expected a number, got str"),
        ((F32, F32), "2:1", "@scale takes 3 arguments, got 2"),
        ((F32, F32, 1.0, 2.0), "2:1", "@scale takes 3 arguments, got 4"),
    ],
)
def test_argument_errors_point_at_the_parameter(plain, args, where, expected):
    with pytest.raises(irc.CallError) as excinfo:
        plain["scale"](*args)
    assert _message(excinfo).startswith(f"calls.mlir:{where}: error: @scale")
    assert expected in _message(excinfo)


def test_static_shape_is_checked(plain):
    with pytest.raises(irc.CallError, match=r"expected size 3 in dimension 1, got 4"):
        plain["fixed"](np.zeros((2, 4), np.int32))
    assert plain["fixed"](np.arange(6, dtype=np.int32).reshape(2, 3)) == 4


def test_written_argument_must_be_writeable_and_contiguous(plain):
    x = np.arange(4, dtype=np.float32)
    frozen = np.zeros(4, np.float32)
    frozen.flags.writeable = False
    with pytest.raises(irc.CallError, match="may write this argument, but it is read-only"):
        plain["scale"](x, frozen, 2.0)
    with pytest.raises(irc.CallError, match="must have the type's layout as it is") as excinfo:
        plain["scale"](x, np.zeros(8, np.float32)[::2], 2.0)
    assert "np.ascontiguousarray" in _message(excinfo)


def test_read_only_and_strided_inputs_are_accepted_when_only_read(plain):
    x = np.arange(8, dtype=np.float32)
    x.flags.writeable = False
    y = np.zeros(4, np.float32)
    plain["scale"](x[::2], y, 2.0)  # copied to fit the identity layout, never written
    np.testing.assert_array_equal(y, [0, 4, 8, 12])


def test_scalar_ranges_and_kinds(plain):
    with pytest.raises(irc.CallError, match="300 does not fit in i8"):
        plain["flag"](True, 300)
    with pytest.raises(irc.CallError, match="expected an integer, got float") as excinfo:
        plain["flag"](True, 1.5)
    assert "int()" in _message(excinfo)
    assert plain["flag"](True, 200) == np.int8(-56)  # signless: 200 is the bits of -56
    assert plain["flag"](np.bool_(False), np.int8(-3)) == -3


def test_unknown_and_private_functions(plain):
    with pytest.raises(irc.CallError, match=r"no public function '@nope'.*@scale"):
        plain["nope"]
    with pytest.raises(irc.CallError, match="no public function '@helper'"):
        plain["helper"]


def test_out_of_bounds_with_bounds_checks(checked):
    x = np.arange(4, dtype=np.float64)
    assert checked["at"](x, 3) == 3.0
    with pytest.raises(irc.RuntimeFault) as excinfo:
        checked["at"](x, 4)
    text = _message(excinfo)
    assert text.startswith("calls.mlir:21:8: error: 'memref.load' index 4 is out of bounds")
    assert "for dimension 0 of size 4" in text
    assert "memref.load %x[%i]" in text  # the source line, with a caret under the op
    with pytest.raises(irc.RuntimeFault, match="index -1 is out of bounds"):
        checked["put"](x, -1, 1.0)
    np.testing.assert_array_equal(x, [0, 1, 2, 3])  # nothing was written


def test_division_by_zero_is_a_fault_not_a_crash(plain):
    assert plain["divide"](-7, 2) == -3
    with pytest.raises(irc.RuntimeFault, match="calls.mlir:31:8: error: integer division by zero"):
        plain["divide"](1, 0)
    with pytest.raises(irc.RuntimeFault, match=r"integer overflow in signed division"):
        plain["divide"](-(2**31), -1)


def test_fault_in_a_callee_ends_the_caller(plain):
    with pytest.raises(irc.RuntimeFault, match="integer division by zero"):
        plain["through_call"](5)


def test_assert(plain):
    assert plain["checked"](3) == 3
    with pytest.raises(irc.RuntimeFault, match="assertion failed: a must not be negative"):
        plain["checked"](-1)


def test_runaway_recursion_is_a_fault_not_a_stack_overflow(plain):
    assert plain["depth"](1000) == 1000
    with pytest.raises(irc.RuntimeFault, match="recursion too deep: calls of '@depth'"):
        plain["depth"](10**9)
    assert plain["depth"](3) == 3  # the stack budget was given back


def test_errors_are_ir_errors(plain):
    assert issubclass(irc.CallError, irc.IRError)
    assert issubclass(irc.RuntimeFault, irc.IRError)


def test_untranslatable_op_is_a_located_error():
    source = 'func.func @f() {\n  "test.op"() : () -> ()\n  return\n}\n'
    module = irc.parse(source, "bad.mlir", allow_unregistered=True)
    with pytest.raises(irc.IRError, match="bad.mlir:2:3: error: 'test.op' has no translation"):
        irc.jit(module, "f", cache=False)


def test_parse_errors_surface_as_ir_errors():
    with pytest.raises(irc.IRError, match="bad.mlir:1:"):
        irc.jit("func.func @f( {", "f", filename="bad.mlir", cache=False)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "func.func @f() -> memref<4xf32> {\n  %a = memref.alloca() : memref<4xf32>\n"
            "  return %a : memref<4xf32>\n}",
            "bad.mlir:3:3: error: returns a memref.alloca buffer, which does not outlive the call",
        ),
        (
            "func.func @f(%m: memref<?xf32>) {\n  memref.dealloc %m : memref<?xf32>\n  return\n}",
            "bad.mlir:2:3: error: memref.dealloc frees a buffer the caller passed in",
        ),
        (
            "func.func @f() {\n  %a = memref.alloca() : memref<1048576xf32>\n  return\n}",
            "bad.mlir:2:8: error: memref.alloca of 4194304 bytes is too large for the stack",
        ),
        (
            "func.func private @g(memref<?xf32>)\nfunc.func @f() {\n  return\n}",
            "bad.mlir:1:1: error: external function '@g' must take and return scalars only",
        ),
    ],
)
def test_code_that_could_crash_is_refused_at_compile_time(source, message):
    with pytest.raises(irc.IRError) as excinfo:
        irc.jit(source, "f", filename="bad.mlir", cache=False)
    assert str(excinfo.value).startswith(message)


def test_public_signature_python_cannot_pass():
    source = "func.func @f(%v: vector<4xf32>) -> vector<4xf32> {\n  return %v : vector<4xf32>\n}"
    with pytest.raises(irc.IRError, match="bad.mlir:1:1: error: public function '@f' takes or "):
        irc.jit(source, "f", filename="bad.mlir", cache=False)
