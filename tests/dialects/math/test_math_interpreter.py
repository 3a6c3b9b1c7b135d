"""The reference interpreter runs programs built from math ops (with func, cf and arith),
checked against the same formulas written with Python's math module."""

from __future__ import annotations

import importlib.util
import math

import numpy as np
import pytest

from irc.frontend.parser import parse
from irc.ir.verifier import verify
from irc.runtime.interpreter import run

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("irc.runtime.kernels.arith") is None, reason="no arith kernels yet"
)

PROGRAMS = """
func.func @gauss(%x: f64, %mu: f64, %sigma: f64) -> f64 {
  %half = arith.constant 0.5 : f64
  %two_pi = arith.constant 6.283185307179586 : f64
  %d = arith.subf %x, %mu : f64
  %z = arith.divf %d, %sigma : f64
  %z2 = math.fpowi %z, %c2 : f64, i32
  %e = arith.mulf %z2, %half : f64
  %ne = arith.negf %e : f64
  %num = math.exp %ne : f64
  %root = math.sqrt %two_pi : f64
  %den = arith.mulf %sigma, %root : f64
  %r = arith.divf %num, %den : f64
  return %r : f64
}

func.func @unit_circle(%x: f64) -> (f64, f64) {
  %s, %c = math.sincos %x : f64
  %s2 = arith.mulf %s, %s : f64
  %c2 = arith.mulf %c, %c : f64
  %one = arith.addf %s2, %c2 : f64
  %angle = math.atan2 %s, %c : f64
  return %one, %angle : f64, f64
}

func.func @softplus(%x: f32) -> f32 {
  %e = math.exp %x : f32
  %r = math.log1p %e : f32
  return %r : f32
}

func.func @newton_sqrt(%a: f64) -> (f64, i32) {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %limit = arith.constant 60 : i32
  %half = arith.constant 0.5 : f64
  %tol = arith.constant 1.0e-15 : f64
  cf.br ^loop(%a, %c0 : f64, i32)
^loop(%x: f64, %n: i32):
  %q = arith.divf %a, %x : f64
  %s = arith.addf %x, %q : f64
  %next = arith.mulf %s, %half : f64
  %diff = arith.subf %next, %x : f64
  %adiff = math.absf %diff : f64
  %scale = arith.mulf %next, %tol : f64
  %close = arith.cmpf ole, %adiff, %scale : f64
  %n1 = arith.addi %n, %c1 : i32
  %out = arith.cmpi sge, %n1, %limit : i32
  %stop = arith.ori %close, %out : i1
  cf.cond_br %stop, ^done(%next, %n1 : f64, i32), ^loop(%next, %n1 : f64, i32)
^done(%r: f64, %count: i32):
  return %r, %count : f64, i32
}

func.func @erf_complement(%x: f64) -> f64 {
  %a = math.erf %x : f64
  %b = math.erfc %x : f64
  %r = arith.addf %a, %b : f64
  return %r : f64
}

func.func @rounding(%x: f32) -> (f32, f32, f32, f32, f32) {
  %a = math.round %x : f32
  %b = math.roundeven %x : f32
  %c = math.floor %x : f32
  %d = math.ceil %x : f32
  %e = math.trunc %x : f32
  return %a, %b, %c, %d, %e : f32, f32, f32, f32, f32
}

func.func @bits(%x: i32) -> (i32, i32, i32, i32) {
  %a = math.ctlz %x : i32
  %b = math.cttz %x : i32
  %c = math.ctpop %x : i32
  %d = math.absi %x : i32
  return %a, %b, %c, %d : i32, i32, i32, i32
}
""".replace("  %z2 = math.fpowi", "  %c2 = arith.constant 2 : i32\n  %z2 = math.fpowi")


@pytest.fixture(scope="module")
def programs():
    module = parse(PROGRAMS, "math.mlir")
    verify(module)
    return module


@pytest.mark.parametrize("x, mu, sigma", [(0.0, 0.0, 1.0), (1.5, -0.5, 2.0), (-3.0, 1.0, 0.25)])
def test_gaussian_density(programs, x, mu, sigma):
    expected = math.exp(-(((x - mu) / sigma) ** 2) / 2) / (sigma * math.sqrt(2 * math.pi))
    (result,) = run(programs, "gauss", x, mu, sigma)
    assert result == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("x", [0.0, 0.5, -1.0, 2.5, -3.1, math.pi])
def test_sincos_on_the_unit_circle(programs, x):
    one, angle = run(programs, "unit_circle", x)
    assert one == pytest.approx(1.0, abs=1e-15)
    assert angle == pytest.approx(math.atan2(math.sin(x), math.cos(x)), abs=1e-15)


@pytest.mark.parametrize("x", [-20.0, -1.0, 0.0, 0.5, 10.0, 80.0])
def test_softplus_in_f32(programs, x):
    (result,) = run(programs, "softplus", x)
    assert result.dtype == np.float32
    expected = np.float32(math.log1p(float(np.float32(math.exp(np.float32(x))))))
    assert result == expected


@pytest.mark.parametrize("a", [2.0, 10.0, 0.01, 12345.678, 1e30])
def test_newton_square_root_loop(programs, a):
    root, steps = run(programs, "newton_sqrt", a)
    assert root == pytest.approx(math.sqrt(a), rel=1e-15)
    assert 0 < steps < 60


@pytest.mark.parametrize("x", [-3.0, -0.5, 0.0, 0.1, 2.0])
def test_erf_and_erfc_add_to_one(programs, x):
    (result,) = run(programs, "erf_complement", x)
    assert result == pytest.approx(math.erf(x) + math.erfc(x), abs=1e-16)


def python_round(x: float) -> float:
    return math.copysign(math.floor(abs(x) + 0.5), x)


@pytest.mark.parametrize("x", [2.5, -2.5, 0.5, -0.5, 1.25, -1.75, 3.0, -0.0, 1e20])
def test_rounding_modes(programs, x):
    results = run(programs, "rounding", x)
    x = float(np.float32(x))
    expected = [python_round(x), round(x), math.floor(x), math.ceil(x), math.trunc(x)]
    assert [float(r) for r in results] == [float(e) for e in expected]
    assert all(r.dtype == np.float32 for r in results)


@pytest.mark.parametrize("x", [0, 1, -1, 12, 1 << 20, -(1 << 31), (1 << 31) - 1])
def test_bit_counts(programs, x):
    bits = x % (1 << 32)
    trailing = (bits & -bits).bit_length() - 1 if bits else 32
    absolute = abs(x) if x != -(1 << 31) else x
    expected = [32 - bits.bit_length(), trailing, bin(bits).count("1"), absolute]
    assert run(programs, "bits", x) == expected
