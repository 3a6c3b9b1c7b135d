"""Round trips of hand-written MLIR in the generic form, for every builtin type, attribute
and location kind (the .mlir files beside this module, written in MLIR's own spelling).

For each file: irc-opt accepts it; printing is a fixed point (print -> parse -> print gives
the same text); the custom-form print reads back to the same IR; and the
`--mlir-print-debuginfo` print reads back with every op's and block argument's location
intact. A second group checks values that a fixed point alone cannot vouch for (a string
escape read wrongly would print back wrongly the same way every time).

tests/test_mlir_agreement.py checks the same files against MLIR itself (iree-opt).
"""

from __future__ import annotations

import math
import struct
from pathlib import Path

import numpy as np
import pytest

from irc.frontend.parser import parse
from irc.frontend.printer import print_op
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.location import CallSiteLoc, FileLineColLoc, FusedLoc, NameLoc, UnknownLoc
from irc.ir.verifier import verify
from irc.tools.irc_opt import run

HERE = Path(__file__).parent
FILES = sorted(HERE.glob("*.mlir"))
GENERIC = ["--mlir-print-op-generic", "--allow-unregistered-dialect"]


def test_the_files_are_there():
    names = {path.name for path in FILES}
    assert {"types.mlir", "attributes.mlir", "locations.mlir", "ops.mlir"} <= names


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load(text: str, filename: str):
    module = parse(text, filename, allow_unregistered=True)
    verify(module)
    return module


def locations(module) -> list:
    """(op name, location) of every op, then the location of every block argument."""
    ops = list(module.walk())
    found = [(op.name, op.location) for op in ops]
    for op in ops:
        for region in op.regions:
            for block in region.blocks:
                found.extend(("block argument", arg.loc) for arg in block.args)
    return found


@pytest.fixture(params=FILES, ids=[path.name for path in FILES])
def source(request) -> tuple[str, str]:
    path: Path = request.param
    return read(path), str(path)


def test_irc_opt_accepts_it(source):
    text, filename = source
    code, out, err = run([*GENERIC, filename])
    assert code == 0, err
    assert out.startswith(('"builtin.module"() ', "#", "!"))
    assert err == ""


def test_generic_print_is_a_fixed_point(source):
    text, filename = source
    first = print_op(load(text, filename), generic=True)
    second = print_op(load(first, "printed.mlir"), generic=True)
    assert second == first


def test_custom_print_reads_back_to_the_same_ir(source):
    text, filename = source
    module = load(text, filename)
    generic = print_op(module, generic=True)
    custom = print_op(module)
    assert print_op(load(custom, "custom.mlir"), generic=True) == generic


def test_debuginfo_print_keeps_every_location(source):
    text, filename = source
    module = load(text, filename)
    printed = print_op(module, generic=True, debuginfo=True)
    reparsed = load(printed, "printed.mlir")
    assert locations(reparsed) == locations(module)
    assert print_op(reparsed, generic=True, debuginfo=True) == printed
    assert print_op(reparsed, generic=True) == print_op(module, generic=True)


# -- values ----------------------------------------------------------------------------------


def op_named(module, name: str):
    for op in module.walk():
        if op.name == name:
            return op
    raise LookupError(name)


@pytest.fixture(scope="module")
def attributes_module():
    return load(read(HERE / "attributes.mlir"), "attributes.mlir")


@pytest.fixture(scope="module")
def floats_module():
    return load(read(HERE / "floats.mlir"), "floats.mlir")


def test_string_escapes_are_read(attributes_module):
    attrs = op_named(attributes_module, "test.strings").attributes
    expected = {
        "newline": "a\nb",
        "tab": "a\tb",
        "quote": 'say "hi"',
        "backslash": "C:\\dir",
        "nul": "x\x00y",
        "hex": "AB\x7f",
        "utf8": "héllo → ∑",
        "emoji": "🙂",
        "empty": "",
    }
    assert {name: attrs[name].value for name in expected} == expected


def test_integers_are_read(attributes_module):
    attrs = op_named(attributes_module, "test.integers").attributes
    assert attrs["e"].value == 123456789012345678901234567890
    assert attrs["e"].type is T.IntegerType(128)
    assert attrs["b"].value == -7 and attrs["b"].type is T.IntegerType(8, "si")
    assert attrs["g"].type is T.I64
    limits = op_named(attributes_module, "test.int_limits").attributes
    assert limits["wrap"].value == -1  # 255 : i8 wraps, as MLIR prints it
    bools = op_named(attributes_module, "test.bools").attributes
    assert [bools[k].value for k in ("t", "f", "neg", "hex")] == [1, 0, 1, 31]


def test_symbols_and_containers_are_read(attributes_module):
    symbols = op_named(attributes_module, "test.symbols").attributes
    assert (symbols["b"].root, symbols["b"].nested) == ("a", ("b", "c"))
    assert symbols["c"].root == "x y"
    assert symbols["e"].root == 'with"quote'
    dicts = op_named(attributes_module, "test.dicts").attributes
    assert dicts["quoted key"].value == 1
    assert dicts["nested"].get("a").get("b").get("c").value == 1
    arrays = op_named(attributes_module, "test.dense_arrays").attributes
    assert arrays["i1s"].values == (1, 0, 1)
    assert arrays["i64s"].values == (-(2**63), 2**63 - 1)
    assert arrays["e32"].values == ()


def bits(attr: A.FloatAttr) -> int:
    return A.float_to_bits(attr.value, attr.type)


def test_floats_are_read(floats_module):
    f32 = op_named(floats_module, "test.f32").attributes
    assert math.copysign(1.0, f32["negzero"].value) == -1.0
    assert f32["denorm"].value == struct.unpack("<f", struct.pack("<I", 1))[0]
    assert f32["tenth"].value == float(np.float32(0.1))
    hexes = op_named(floats_module, "test.hex").attributes
    assert hexes["inf32"].value == math.inf and hexes["ninf32"].value == -math.inf
    assert bits(hexes["snan32"]) == 0x7F800001  # a signaling NaN keeps its payload
    assert bits(hexes["nnan32"]) == 0xFFC00000
    assert bits(hexes["nan16"]) == 0x7E00 and bits(hexes["nanbf"]) == 0x7FC0
    f16 = op_named(floats_module, "test.f16").attributes
    assert f16["max"].value == 65504.0


def test_dense_values_are_read():
    module = load(read(HERE / "dense.mlir"), "dense.mlir")
    hexes = op_named(module, "test.hex_strings").attributes
    assert hexes["a"].to_array().tolist() == [1, 2]
    assert hexes["b"].splat and hexes["b"].to_array().tolist() == [1.0] * 4
    widths = op_named(module, "test.hex_widths").attributes
    assert widths["i7"].to_array().tolist() == [-1, 0]
    assert widths["i24"].to_array().tolist() == [1, -1]
    assert widths["i128"].to_array().tolist() == [1, 2 - 2**127]
    assert widths["bf16"].to_array().tolist() == [1.0, 2.0]
    lists = op_named(module, "test.lists").attributes
    assert lists["nested"].to_array().tolist() == [[1, 2], [3, 4], [5, 6]]
    empty = op_named(module, "test.empty").attributes
    assert empty["b"].to_array().shape == (2, 0)


def test_locations_are_read():
    module = load(read(HERE / "locations.mlir"), "locations.mlir")

    def loc(name):
        return op_named(module, name).location

    assert loc("test.filelinecol") == FileLineColLoc("source.py", 12, 4)
    assert loc("test.filelinecol_quoted").filename == 'dir with space/ünïcode "q".py'
    assert loc("test.unknown") == UnknownLoc()
    assert loc("test.name_child") == NameLoc("conv1", FileLineColLoc("model.py", 3, 9))
    assert loc("test.callsite") == CallSiteLoc(
        FileLineColLoc("inner.py", 1, 2), FileLineColLoc("outer.py", 10, 20)
    )
    fused = loc("test.fused_meta")
    assert isinstance(fused, FusedLoc) and fused.metadata == A.StringAttr("cse")
    # FusedLoc::get drops unknown locations and unwraps a lone location without metadata.
    assert loc("test.fused_meta_dict").locations == (FileLineColLoc("a.py", 1, 1),)
    assert loc("test.fused_one") == FileLineColLoc("only.py", 7, 7)
    later = FileLineColLoc("later.py", 100, 1)
    assert loc("test.alias") == later  # #loc_later is defined after its use
    assert loc("test.alias_of_alias") == CallSiteLoc(later, FileLineColLoc("top.py", 1, 1))
    region = op_named(module, "test.region")
    args = region.regions[0].blocks[0].args
    assert [a.loc for a in args[:2]] == [FileLineColLoc("arg.py", 1, 1), NameLoc("b_arg")]
    assert args[2].loc == FileLineColLoc("locations.mlir", 21, 55)  # where %c is written


def test_default_dialect_applies_to_direct_children_only():
    """`return` drops its `func.` prefix directly in a function; `func.call` inside an
    scf.if keeps it (MLIR resets the default dialect in every op with regions)."""
    text = """\
func.func @g(%x: i32) -> i32 {
  return %x : i32
}
func.func @f(%c: i1, %x: i32) -> i32 {
  %r = scf.if %c -> i32 {
    %y = func.call @g(%x) : (i32) -> i32
    scf.yield %y : i32
  } else {
    scf.yield %x : i32
  }
  return %r : i32
}
"""
    printed = print_op(parse(text))
    assert "%1 = func.call @g(%arg1) : (i32) -> i32" in printed
    assert "    return %0 : i32" in printed
    assert print_op(parse(printed)) == printed
