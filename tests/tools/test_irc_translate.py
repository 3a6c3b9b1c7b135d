"""irc-translate --mlir-to-llvmir: LLVM IR for loop-level modules, diagnostics for the rest."""

from __future__ import annotations

from pathlib import Path

from irc.tools import irc_opt, irc_translate

SAXPY = (Path(__file__).resolve().parents[2] / "examples" / "saxpy.mlir").read_text()


def _lowered() -> str:
    code, out, err = irc_opt.run(["-", "--convert-scf-to-cf"], SAXPY)
    assert code == 0, err
    return out


def test_translates_a_lowered_module():
    code, out, err = irc_translate.run(["--mlir-to-llvmir"], _lowered())
    assert code == 0, err
    descriptor = "{ptr, ptr, i64, [1 x i64], [1 x i64]}"
    assert f'define void @"saxpy"(ptr %".1", float %".2", {descriptor}' in out
    assert "fmul float" in out and "fadd float" in out
    assert 'define void @"_irc_entry_saxpy"(ptr %".1", ptr %".2")' in out
    assert "icmp uge" not in out  # no bounds checks unless asked


def test_bounds_checks_and_optimization(tmp_path):
    source = tmp_path / "saxpy.mlir"
    source.write_text(_lowered())
    target = tmp_path / "saxpy.ll"
    code, out, err = irc_translate.run(
        ["--mlir-to-llvmir", "--bounds-checks", "--optimize", str(source), "-o", str(target)]
    )
    assert (code, out, err) == (0, "", "")
    text = target.read_text()
    assert "x float>" in text  # the loop was vectorized
    assert "store i64" in text  # a fault is reported through the status words


def test_structured_control_flow_needs_lowering_first():
    code, out, err = irc_translate.run(["--mlir-to-llvmir", "-"], SAXPY)
    assert code == 1 and out == ""
    assert err.startswith("<stdin>:7:3: error: 'scf.for' has no translation to LLVM IR")
    assert "(run convert-scf-to-cf first)" in err


def test_unreadable_input():
    code, _, err = irc_translate.run(["--mlir-to-llvmir", "/nonexistent/x.mlir"])
    assert code == 1
    assert "irc-translate: error: could not open input file '/nonexistent/x.mlir'" in err
