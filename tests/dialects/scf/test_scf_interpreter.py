"""The reference interpreter runs scf programs; every result is checked against the same
computation written independently in plain Python.

Most programs compute with arith (and memref) ops; those tests wait for the interpreter
kernels of those dialects (skipped while irc/runtime/kernels/<dialect>.py is missing). The
first tests need scf and func only.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from irc.frontend.parser import parse
from irc.ir.diagnostics import IRError
from irc.ir.verifier import verify
from irc.runtime.interpreter import run


def compile_module(text: str):
    module = parse(text, "test.mlir")
    verify(module)
    return module


def call(text: str, name: str, *args) -> list:
    return run(compile_module(text), name, *args)


def has_kernels(dialect: str) -> bool:
    return importlib.util.find_spec(f"irc.runtime.kernels.{dialect}") is not None


needs_arith = pytest.mark.skipif(not has_kernels("arith"), reason="no arith kernels yet")
needs_memref = pytest.mark.skipif(
    not (has_kernels("arith") and has_kernels("memref")), reason="no arith/memref kernels yet"
)

# -- without arith: the regions' plumbing -----------------------------------------------

PLUMBING = """
func.func @last_index(%lb: index, %ub: index, %step: index, %init: index) -> index {
  %r = scf.for %i = %lb to %ub step %step iter_args(%last = %init) -> (index) {
    scf.yield %i : index
  }
  return %r : index
}

func.func @swap_n_times(%n: i16, %a: f32, %b: f32) -> (f32, f32) {
  %c0 = arith.constant 0 : i16
  %c1 = arith.constant 1 : i16
  %x, %y = scf.for %i = %c0 to %n step %c1 iter_args(%p = %a, %q = %b) -> (f32, f32) : i16 {
    scf.yield %q, %p : f32, f32
  }
  return %x, %y : f32, f32
}

func.func @choose(%c: i1, %d: i1, %a: i8, %b: i8, %z: i8) -> i8 {
  %r = scf.if %c -> (i8) {
    %s = scf.if %d -> (i8) {
      scf.yield %a : i8
    } else {
      scf.yield %b : i8
    }
    scf.yield %s : i8
  } else {
    scf.yield %z : i8
  }
  return %r : i8
}

func.func @pick(%i: index, %a: f64, %b: f64, %c: f64) -> f64 {
  %r = scf.index_switch %i -> f64
  case 4 {
    scf.yield %a : f64
  }
  case -2 {
    scf.yield %b : f64
  }
  default {
    scf.yield %c : f64
  }
  return %r : f64
}

func.func @while_not(%c: i1, %x: i32) -> i32 {
  %r = scf.while (%a = %x) : (i32) -> i32 {
    scf.condition(%c) %a : i32
  } do {
  ^bb0(%b: i32):
    scf.yield %b : i32
  }
  return %r : i32
}

func.func @last_of_parallel(%n: index, %m: index, %init: index) -> (index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r:2 = scf.parallel (%i, %j) = (%c0, %c0) to (%n, %m) step (%c1, %c1)
      init (%init, %init) -> (index, index) {
    scf.reduce(%i, %j : index, index) {
    ^bb0(%lhs: index, %rhs: index):
      scf.reduce.return %rhs : index
    }, {
    ^bb0(%lhs: index, %rhs: index):
      scf.reduce.return %rhs : index
    }
  }
  return %r#0, %r#1 : index, index
}
"""


@pytest.mark.parametrize(("lb", "ub", "step"), [(0, 10, 1), (3, 20, 4), (5, 5, 1), (-3, 2, 2)])
def test_for_runs_the_body_per_index(lb, ub, step):
    indices = list(range(lb, ub, step))
    assert call(PLUMBING, "last_index", lb, ub, step, 99) == [indices[-1] if indices else 99]


@pytest.mark.skipif(not has_kernels("arith"), reason="arith.constant needs the arith kernels")
@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_for_carries_iter_args(n):
    a, b = 1.5, -2.0
    for _ in range(n):
        a, b = b, a
    result = call(PLUMBING, "swap_n_times", n, 1.5, -2.0)
    assert result == [a, b] and result[0].dtype == np.float32


@pytest.mark.parametrize("c", [False, True])
@pytest.mark.parametrize("d", [False, True])
def test_nested_ifs_choose(c, d):
    expected = (1 if d else 2) if c else 3
    assert call(PLUMBING, "choose", c, d, 1, 2, 3) == [expected]


@pytest.mark.parametrize("i", [4, -2, 0, 5])
def test_index_switch_picks(i):
    assert call(PLUMBING, "pick", i, 1.0, 2.0, 3.0) == [{4: 1.0, -2: 2.0}.get(i, 3.0)]


def test_while_whose_condition_fails_at_once():
    assert call(PLUMBING, "while_not", False, 42) == [42]


@pytest.mark.skipif(not has_kernels("arith"), reason="arith.constant needs the arith kernels")
@pytest.mark.parametrize(("n", "m"), [(0, 4), (3, 4), (2, 1)])
def test_parallel_runs_points_in_order(n, m):
    points = [(i, j) for i in range(n) for j in range(m)]
    expected = list(points[-1]) if points else [7, 7]
    assert call(PLUMBING, "last_of_parallel", n, m, 7) == expected


# -- with arith and memref --------------------------------------------------------------


SUM_OF_SQUARES = """
func.func @sum_of_squares(%n: index) -> i64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i64
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (i64) {
    %x = arith.index_cast %i : index to i64
    %sq = arith.muli %x, %x : i64
    %next = arith.addi %acc, %sq : i64
    scf.yield %next : i64
  }
  return %sum : i64
}

func.func @strided(%lb: i32, %ub: i32, %step: i32) -> (i32, i32) {
  %zero = arith.constant 0 : i32
  %count, %last = scf.for %i = %lb to %ub step %step
      iter_args(%c = %zero, %l = %zero) -> (i32, i32) : i32 {
    %one = arith.constant 1 : i32
    %c2 = arith.addi %c, %one : i32
    scf.yield %c2, %i : i32, i32
  }
  return %count, %last : i32, i32
}

func.func @unsigned_count(%lb: i8, %ub: i8) -> i32 {
  %c1 = arith.constant 1 : i8
  %zero = arith.constant 0 : i32
  %count = scf.for unsigned %i = %lb to %ub step %c1 iter_args(%c = %zero) -> (i32) : i8 {
    %one = arith.constant 1 : i32
    %c2 = arith.addi %c, %one : i32
    scf.yield %c2 : i32
  }
  return %count : i32
}
"""


@needs_arith
@pytest.mark.parametrize("n", [0, 1, 2, 10, 100])
def test_sum_of_squares_with_iter_args(n):
    expected = 0
    for i in range(n):
        expected += i * i
    [result] = call(SUM_OF_SQUARES, "sum_of_squares", n)
    assert result == expected and result.dtype == np.int64


@needs_arith
@pytest.mark.parametrize(("lb", "ub", "step"), [(0, 10, 3), (-5, 5, 2), (7, 7, 1), (9, 3, 1)])
def test_for_with_integer_bounds(lb, ub, step):
    values = list(range(lb, ub, step))
    expected = (len(values), values[-1] if values else 0)
    count, last = call(SUM_OF_SQUARES, "strided", lb, ub, step)
    assert (count, last) == expected and count.dtype == np.int32


@needs_arith
def test_for_compares_unsigned_with_unsigned():
    # i8 bounds 1 and -1: signed, -1 < 1 gives no iteration; unsigned, 255 > 1 gives 254.
    assert call(SUM_OF_SQUARES, "unsigned_count", 1, -1) == [254]
    assert call(SUM_OF_SQUARES, "strided", 1, -1, 1) == [0, 0]


@needs_arith
def test_for_step_must_be_positive():
    with pytest.raises(IRError, match="'scf.for' step must be positive, got 0"):
        call(SUM_OF_SQUARES, "strided", 0, 5, 0)


NESTED_IFS = """
func.func @classify(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c10 = arith.constant 10 : i32
  %c100 = arith.constant 100 : i32
  %negative = arith.cmpi slt, %x, %c0 : i32
  %r = scf.if %negative -> (i32) {
    %m1 = arith.constant -1 : i32
    scf.yield %m1 : i32
  } else {
    %small = arith.cmpi slt, %x, %c10 : i32
    %s = scf.if %small -> (i32) {
      %one = arith.constant 1 : i32
      scf.yield %one : i32
    } else {
      %medium = arith.cmpi slt, %x, %c100 : i32
      %m = scf.if %medium -> (i32) {
        %two = arith.constant 2 : i32
        scf.yield %two : i32
      } else {
        %three = arith.constant 3 : i32
        scf.yield %three : i32
      }
      scf.yield %m : i32
    }
    scf.yield %s : i32
  }
  return %r : i32
}

func.func @count_evens(%n: index) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0 : i32
  %count = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (i32) {
    %rem = arith.remui %i, %c2 : index
    %even = arith.cmpi eq, %rem, %c0 : index
    %next = scf.if %even -> (i32) {
      %one = arith.constant 1 : i32
      %inc = arith.addi %acc, %one : i32
      scf.yield %inc : i32
    } else {
      scf.yield %acc : i32
    }
    scf.yield %next : i32
  }
  return %count : i32
}
"""


def classify(x: int) -> int:
    if x < 0:
        return -1
    if x < 10:
        return 1
    if x < 100:
        return 2
    return 3


@needs_arith
@pytest.mark.parametrize("x", [-7, 0, 9, 10, 99, 100, 12345])
def test_nested_ifs(x):
    assert call(NESTED_IFS, "classify", x) == [classify(x)]


@needs_arith
@pytest.mark.parametrize("n", [0, 1, 7, 20])
def test_if_inside_a_loop(n):
    assert call(NESTED_IFS, "count_evens", n) == [sum(1 for i in range(n) if i % 2 == 0)]


COLLATZ = """
func.func @collatz_steps(%start: i64) -> i64 {
  %zero = arith.constant 0 : i64
  %one = arith.constant 1 : i64
  %two = arith.constant 2 : i64
  %three = arith.constant 3 : i64
  %n, %steps = scf.while (%x = %start, %s = %zero) : (i64, i64) -> (i64, i64) {
    %more = arith.cmpi ne, %x, %one : i64
    scf.condition(%more) %x, %s : i64, i64
  } do {
  ^bb0(%y: i64, %t: i64):
    %rem = arith.remui %y, %two : i64
    %odd = arith.cmpi eq, %rem, %one : i64
    %next = scf.if %odd -> (i64) {
      %tripled = arith.muli %y, %three : i64
      %plus = arith.addi %tripled, %one : i64
      scf.yield %plus : i64
    } else {
      %half = arith.divui %y, %two : i64
      scf.yield %half : i64
    }
    %t2 = arith.addi %t, %one : i64
    scf.yield %next, %t2 : i64, i64
  }
  return %steps : i64
}

func.func @do_while(%limit: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  // The body runs in the before region: at least once.
  %r = scf.while (%x = %c1) : (i32) -> i32 {
    %doubled = arith.addi %x, %x : i32
    %more = arith.cmpi slt, %doubled, %limit : i32
    scf.condition(%more) %doubled : i32
  } do {
  ^bb0(%y: i32):
    scf.yield %y : i32
  }
  return %r : i32
}
"""


def collatz_steps(n: int) -> int:
    steps = 0
    while n != 1:
        n = 3 * n + 1 if n % 2 else n // 2
        steps += 1
    return steps


@needs_arith
@pytest.mark.parametrize("n", [1, 2, 3, 6, 7, 27, 97])
def test_collatz_with_while(n):
    assert call(COLLATZ, "collatz_steps", n) == [collatz_steps(n)]


@needs_arith
@pytest.mark.parametrize("limit", [0, 2, 5, 100])
def test_do_while(limit):
    x = 1
    while True:
        x = x + x
        if not x < limit:
            break
    assert call(COLLATZ, "do_while", limit) == [x]


PARALLEL = """
func.func @sum_and_max(%n: index, %m: index) -> (i64, i64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i64
  %min = arith.constant -9223372036854775808 : i64
  %sum, %max = scf.parallel (%i, %j) = (%c0, %c0) to (%n, %m) step (%c1, %c1)
      init (%zero, %min) -> (i64, i64) {
    %x = arith.index_cast %i : index to i64
    %y = arith.index_cast %j : index to i64
    %ten = arith.constant 10 : i64
    %x10 = arith.muli %x, %ten : i64
    %v = arith.subi %x10, %y : i64
    scf.reduce(%v, %v : i64, i64) {
    ^bb0(%lhs: i64, %rhs: i64):
      %s = arith.addi %lhs, %rhs : i64
      scf.reduce.return %s : i64
    }, {
    ^bb0(%lhs: i64, %rhs: i64):
      %mx = arith.maxsi %lhs, %rhs : i64
      scf.reduce.return %mx : i64
    }
  }
  return %sum, %max : i64, i64
}

func.func @strided_product(%lb: index, %ub: index, %step: index) -> f64 {
  %one = arith.constant 1.0 : f64
  %p = scf.parallel (%i) = (%lb) to (%ub) step (%step) init (%one) -> f64 {
    %x = arith.index_cast %i : index to i64
    %f = arith.sitofp %x : i64 to f64
    scf.reduce(%f : f64) {
    ^bb0(%lhs: f64, %rhs: f64):
      %m = arith.mulf %lhs, %rhs : f64
      scf.reduce.return %m : f64
    }
  }
  return %p : f64
}
"""


@needs_arith
@pytest.mark.parametrize(("n", "m"), [(0, 3), (1, 1), (3, 4), (5, 2)])
def test_parallel_reductions(n, m):
    values = [10 * i - j for i in range(n) for j in range(m)]
    expected = (sum(values), max(values) if values else -(2**63))
    assert tuple(call(PARALLEL, "sum_and_max", n, m)) == expected


@needs_arith
def test_parallel_with_a_step():
    product = 1.0
    for i in range(2, 12, 3):
        product *= float(i)
    assert call(PARALLEL, "strided_product", 2, 12, 3) == [product]


SWITCH = """
func.func @switch(%i: index, %a: i32, %b: i32) -> i32 {
  %r = scf.index_switch %i -> i32
  case 0 {
    %s = arith.addi %a, %b : i32
    scf.yield %s : i32
  }
  case 1 {
    %d = arith.subi %a, %b : i32
    scf.yield %d : i32
  }
  case 7 {
    %p = arith.muli %a, %b : i32
    scf.yield %p : i32
  }
  default {
    %z = arith.constant 0 : i32
    scf.yield %z : i32
  }
  return %r : i32
}
"""


@needs_arith
@pytest.mark.parametrize("i", [0, 1, 2, 7, 8, -1])
def test_index_switch(i):
    a, b = 6, 4
    expected = {0: a + b, 1: a - b, 7: a * b}.get(i, 0)
    assert call(SWITCH, "switch", i, a, b) == [expected]


EXECUTE_REGION = """
func.func @absolute(%x: i64) -> i64 {
  %c0 = arith.constant 0 : i64
  %negative = arith.cmpi slt, %x, %c0 : i64
  %r = scf.execute_region -> i64 {
    cf.cond_br %negative, ^bb1, ^bb2(%x : i64)
  ^bb1:
    %n = arith.subi %c0, %x : i64
    cf.br ^bb2(%n : i64)
  ^bb2(%v: i64):
    scf.yield %v : i64
  }
  return %r : i64
}
"""


@needs_arith
@pytest.mark.parametrize("x", [-12, 0, 5])
def test_execute_region_with_branches(x):
    assert call(EXECUTE_REGION, "absolute", x) == [abs(x)]


RECURSION = """
func.func @fib(%n: i64) -> i64 {
  %c2 = arith.constant 2 : i64
  %small = arith.cmpi slt, %n, %c2 : i64
  %r = scf.if %small -> (i64) {
    scf.yield %n : i64
  } else {
    %c1 = arith.constant 1 : i64
    %n1 = arith.subi %n, %c1 : i64
    %n2 = arith.subi %n, %c2 : i64
    %a = func.call @fib(%n1) : (i64) -> i64
    %b = func.call @fib(%n2) : (i64) -> i64
    %s = arith.addi %a, %b : i64
    scf.yield %s : i64
  }
  return %r : i64
}

func.func @power_sums(%n: index) -> i64 {
  // A loop whose body calls a recursive function.
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i64
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (i64) {
    %x = arith.index_cast %i : index to i64
    %f = func.call @fib(%x) : (i64) -> i64
    %next = arith.addi %acc, %f : i64
    scf.yield %next : i64
  }
  return %s : i64
}
"""


def fib(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


@needs_arith
@pytest.mark.parametrize("n", [0, 1, 2, 10, 15])
def test_recursion_through_if(n):
    assert call(RECURSION, "fib", n) == [fib(n)]


@needs_arith
def test_loop_calling_a_recursive_function():
    assert call(RECURSION, "power_sums", 12) == [sum(fib(i) for i in range(12))]


MEMREF = """
func.func @prefix_sums(%a: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %a, %c0 : memref<?xi32>
  %zero = arith.constant 0 : i32
  %total = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (i32) {
    %x = memref.load %a[%i] : memref<?xi32>
    %s = arith.addi %acc, %x : i32
    memref.store %s, %a[%i] : memref<?xi32>
    scf.yield %s : i32
  }
  return
}

func.func @fill_table(%t: memref<4x5xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c5) step (%c1, %c1) {
    %x = arith.index_cast %i : index to i32
    %y = arith.index_cast %j : index to i32
    %c10 = arith.constant 10 : i32
    %x10 = arith.muli %x, %c10 : i32
    %v = arith.addi %x10, %y : i32
    %f = arith.sitofp %v : i32 to f32
    memref.store %f, %t[%i, %j] : memref<4x5xf32>
  }
  return
}
"""


@needs_memref
def test_memref_written_in_place_by_a_loop():
    data = np.array([3, 1, 4, 1, 5, 9, 2, 6], dtype=np.int32)
    expected, running = [], 0
    for x in data.tolist():
        running += x
        expected.append(running)
    assert call(MEMREF, "prefix_sums", data) == []
    assert data.tolist() == expected


@needs_memref
def test_memref_written_in_place_by_a_parallel_loop():
    table = np.zeros((4, 5), dtype=np.float32)
    call(MEMREF, "fill_table", table)
    assert table.tolist() == [[float(10 * i + j) for j in range(5)] for i in range(4)]


# -- faults ------------------------------------------------------------------------------

FAULTS = """
func.func @parallel_step(%step: index) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%step) {
  }
  return
}

func.func @bounds_of_unequal_counts(%i: index) {
  "scf.parallel"(%i, %i, %i, %i) <{operandSegmentSizes = array<i32: 2, 1, 1, 0>}> ({
  ^bb0(%j: index):
    scf.reduce
  }) : (index, index, index, index) -> ()
  return
}
"""


@needs_arith
@pytest.mark.parametrize("step", [0, -1])
def test_parallel_step_must_be_positive(step):
    with pytest.raises(IRError, match=f"'scf.parallel' step must be positive, got {step}"):
        call(FAULTS, "parallel_step", step)


def test_parallel_bounds_of_unequal_counts_are_a_fault():
    # MLIR's verifier accepts this generic form; running it is a located error.
    with pytest.raises(IRError, match="has 2 lower bounds, 1 upper bounds and 1 steps"):
        call(FAULTS, "bounds_of_unequal_counts", 0)
