"""The reference interpreter runs func programs: calls, recursion through func.call,
function values and several results, each checked against plain Python written here.

Programs that compute with arith wait for its interpreter kernels (skipped while
irc/runtime/kernels/arith.py is missing); the call plumbing needs func only.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from irc.frontend.parser import parse
from irc.ir.diagnostics import IRError
from irc.ir.verifier import verify
from irc.runtime.interpreter import Interpreter, run

needs_arith = pytest.mark.skipif(
    importlib.util.find_spec("irc.runtime.kernels.arith") is None, reason="no arith kernels yet"
)


def compile_module(text: str):
    module = parse(text, "test.mlir")
    verify(module)
    return module


def wrap_i64(value: int) -> int:
    """Python's int wrapped to a signed 64-bit value, as MLIR's i64 arithmetic wraps."""
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >> 63 else value


# -- calls without arithmetic -------------------------------------------------------------

PLUMBING = """
func.func private @swap(%a: i32, %b: f32) -> (f32, i32) {
  return %b, %a : f32, i32
}
func.func @twice_swapped(%a: i32, %b: f32) -> (i32, f32) {
  %0:2 = func.call @swap(%a, %b) : (i32, f32) -> (f32, i32)
  %1:2 = func.call @swap(%0#1, %0#0) : (i32, f32) -> (f32, i32)
  return %1#1, %1#0 : i32, f32
}
func.func @indirect(%a: i32, %b: f32) -> (f32, i32) {
  %f = func.constant @swap : (i32, f32) -> (f32, i32)
  %0:2 = func.call_indirect %f(%a, %b) : (i32, f32) -> (f32, i32)
  return %0#0, %0#1 : f32, i32
}
func.func @nothing() {
  func.call @nothing_else() : () -> ()
  return
}
func.func private @nothing_else() {
  return
}
func.func private @external(i32) -> i32
func.func @calls_external(%a: i32) -> i32 {
  %0 = func.call @external(%a) : (i32) -> i32
  return %0 : i32
}
func.func @forever(%a: i32) -> i32 {
  %0 = func.call @forever(%a) : (i32) -> i32
  return %0 : i32
}
module @inner {
  func.func @callee(%a: i32) -> i32 {
    return %a : i32
  }
  func.func @caller(%a: i32) -> i32 {
    %0 = func.call @callee(%a) : (i32) -> i32
    return %0 : i32
  }
}
func.func @memref_identity(%m: memref<3xf32>) -> memref<3xf32> {
  return %m : memref<3xf32>
}
"""


@pytest.fixture(scope="module")
def plumbing():
    return compile_module(PLUMBING)


def test_calls_pass_and_return_several_values(plumbing):
    a, b = run(plumbing, "twice_swapped", 7, 2.5)
    assert (a, b) == (7, 2.5)
    assert a.dtype == np.int32 and b.dtype == np.float32


def test_call_indirect_through_a_function_constant(plumbing):
    assert run(plumbing, "indirect", -3, 0.25) == [0.25, -3]


def test_call_without_values(plumbing):
    assert run(plumbing, "nothing") == []


def test_calling_a_declaration_is_a_located_error(plumbing):
    with pytest.raises(IRError, match="cannot call the declaration"):
        run(plumbing, "calls_external", 1)


def test_unbounded_recursion_is_a_located_error(plumbing):
    with pytest.raises(IRError, match="call depth exceeds|recursion too deep"):
        run(plumbing, "forever", 1)


def test_call_resolves_in_the_nearest_symbol_table(plumbing):
    inner = next(op for op in plumbing.regions[0].ops() if op.name == "builtin.module")
    caller = next(
        op for op in inner.regions[0].ops() if op.properties["sym_name"].value == "caller"
    )
    assert Interpreter(plumbing).call_function(caller, [np.int32(11)]) == [11]


def test_memrefs_pass_through_calls_unchanged(plumbing):
    array = np.arange(3, dtype=np.float32)
    (result,) = run(plumbing, "memref_identity", array)
    assert result is array


# -- recursion ------------------------------------------------------------------------------

RECURSION = """
func.func @factorial(%n: i64) -> i64 {
  %c1 = arith.constant 1 : i64
  %small = arith.cmpi sle, %n, %c1 : i64
  cf.cond_br %small, ^base, ^step
^base:
  return %c1 : i64
^step:
  %m = arith.subi %n, %c1 : i64
  %f = func.call @factorial(%m) : (i64) -> i64
  %p = arith.muli %n, %f : i64
  return %p : i64
}

func.func @fib(%n: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %small = arith.cmpi slt, %n, %c2 : i32
  cf.cond_br %small, ^base, ^step
^base:
  return %n : i32
^step:
  %a = arith.subi %n, %c1 : i32
  %b = arith.subi %n, %c2 : i32
  %fa = func.call @fib(%a) : (i32) -> i32
  %fb = func.call @fib(%b) : (i32) -> i32
  %s = arith.addi %fa, %fb : i32
  return %s : i32
}

func.func @is_even(%n: i32) -> i1 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %zero = arith.cmpi eq, %n, %c0 : i32
  cf.cond_br %zero, ^yes, ^ask
^yes:
  %t = arith.constant true
  return %t : i1
^ask:
  %m = arith.subi %n, %c1 : i32
  %r = func.call @is_odd(%m) : (i32) -> i1
  return %r : i1
}

func.func @is_odd(%n: i32) -> i1 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %zero = arith.cmpi eq, %n, %c0 : i32
  cf.cond_br %zero, ^no, ^ask
^no:
  %f = arith.constant false
  return %f : i1
^ask:
  %m = arith.subi %n, %c1 : i32
  %r = func.call @is_even(%m) : (i32) -> i1
  return %r : i1
}

func.func @apply_twice(%f: (i64) -> i64, %x: i64) -> i64 {
  %y = func.call_indirect %f(%x) : (i64) -> i64
  %z = func.call_indirect %f(%y) : (i64) -> i64
  return %z : i64
}

func.func @factorial_of_factorial(%n: i64) -> i64 {
  %f = func.constant @factorial : (i64) -> i64
  %r = func.call @apply_twice(%f, %n) : ((i64) -> i64, i64) -> i64
  return %r : i64
}
"""


def python_factorial(n: int) -> int:
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result


def python_fib(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


@pytest.fixture(scope="module")
def recursion():
    return compile_module(RECURSION)


@needs_arith
@pytest.mark.parametrize("n", [0, 1, 2, 5, 12, 20, 21, 25, 30])
def test_recursive_factorial_wraps_as_i64(recursion, n):
    assert run(recursion, "factorial", n) == [wrap_i64(python_factorial(n))]


@needs_arith
@pytest.mark.parametrize("n", [0, 1, 2, 3, 10, 17])
def test_recursive_fibonacci(recursion, n):
    assert run(recursion, "fib", n) == [python_fib(n)]


@needs_arith
@pytest.mark.parametrize("n", [0, 1, 6, 13, 40])
def test_mutual_recursion(recursion, n):
    assert run(recursion, "is_even", n) == [n % 2 == 0]
    assert run(recursion, "is_odd", n) == [n % 2 == 1]


@needs_arith
def test_function_values_are_called_indirectly(recursion):
    assert run(recursion, "factorial_of_factorial", 3) == [python_factorial(6)]
