"""Registered dialects parse and print their own attributes and types; ops are checked
against their declarations."""

from __future__ import annotations

import pytest

import irc
from irc import dialects
from tests.ir.toy_dialect import BoxType, ColorAttr


@pytest.fixture(autouse=True)
def toy_dialect(monkeypatch):
    monkeypatch.setitem(dialects.DIALECTS, "toy", "tests.ir.toy_dialect")
    yield
    dialects._loaded.pop("toy", None)


SOURCE = """\
"test.use"() ({
^bb0(%b: !toy.box<i32>):
  %v = "toy.unbox"(%b) {tint = #toy.color<red>} : (!toy.box<i32>) -> i32
  "test.done"(%v) : (i32) -> ()
}) : () -> ()
"""


def test_dialect_attribute_and_type_round_trip():
    module = irc.parse(SOURCE, allow_unregistered=True)
    irc.verify(module)
    unbox = next(op for op in module.walk() if op.name == "toy.unbox")
    assert isinstance(unbox.attributes["tint"], ColorAttr)
    assert unbox.operands[0].type is BoxType(unbox.results[0].type)
    text = irc.print_ir(module, generic=True)
    assert "{tint = #toy.color<red>} : (!toy.box<i32>) -> i32" in text
    assert irc.print_ir(irc.parse(text, allow_unregistered=True), generic=True) == text


def test_dialect_hook_reports_its_own_error_with_location():
    bad = SOURCE.replace("#toy.color<red>", "#toy.color<blue>")
    with pytest.raises(irc.IRError) as caught:
        irc.parse(bad, "bad.mlir", allow_unregistered=True)
    assert str(caught.value).startswith("bad.mlir:3:43: error: expected 'red' or 'green'")


def test_unknown_mnemonic_of_registered_dialect():
    bad = SOURCE.replace("#toy.color<red>", "#toy.shade<red>")
    with pytest.raises(irc.IRError, match="unknown attribute `shade` in dialect `toy`"):
        irc.parse(bad, allow_unregistered=True)


def test_unregistered_dialect_attribute_needs_the_flag():
    text = "module attributes {a = #other.thing<1>} {}"
    with pytest.raises(irc.IRError, match="unregistered dialect 'other'"):
        irc.parse(text)
    module = irc.parse(text, allow_unregistered=True)
    assert str(module.attributes["a"]) == "#other.thing<1>"


def test_declaration_checks_operand_type_and_custom_verify():
    wrong_operand = SOURCE.replace("!toy.box<i32>", "i32")
    module = irc.parse(wrong_operand, "w.mlir", allow_unregistered=True)
    with pytest.raises(irc.IRError, match="'toy.unbox' op operand #0 must be a box, but got 'i32'"):
        irc.verify(module)
    wrong_result = SOURCE.replace("-> i32\n", "-> i64\n").replace("(%v) : (i32)", "(%v) : (i64)")
    module = irc.parse(wrong_result, "w.mlir", allow_unregistered=True)
    with pytest.raises(irc.IRError, match="result type must be the box's element type"):
        irc.verify(module)


def test_generic_property_of_the_wrong_kind_is_an_error_not_a_crash():
    source = """\
func.func @f(%a: f32, %i: i32) -> f32 {
  %0 = "arith.addf"(%a, %a) <{fastmath = 1 : i32}> : (f32, f32) -> f32
  %1 = "arith.cmpi"(%i, %i) <{predicate = 2 : i32}> : (i32, i32) -> i1
  return %0 : f32
}
"""
    module = irc.parse(source, "k.mlir")
    with pytest.raises(irc.IRError) as caught:
        irc.verify(module)
    text = str(caught.value)
    assert "k.mlir:2:8: error: 'arith.addf' op attribute 'fastmath' failed to satisfy " in text
    assert "k.mlir:3:8: error: 'arith.cmpi' op attribute 'predicate' failed to satisfy " in text
