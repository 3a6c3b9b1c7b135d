"""irc and MLIR agree on the text of every file in tests/roundtrip/.

MLIR is the reference ("MLIR's text, MLIR's names" in the design notes): `iree-opt` from
the pip package iree-base-compiler==3.13.0. The tests are skipped when it is not
installed. For each file:

(a) irc reads what `iree-opt --mlir-print-op-generic --allow-unregistered-dialect
    --mlir-print-debuginfo FILE` prints: the same IR as irc's own reading of FILE (equal
    generic prints), with the same locations on every op and block argument;
(b) irc-opt's generic print of FILE is byte for byte what iree-opt prints for FILE, and
    what iree-opt prints back when given irc-opt's print;
(c) the same with --mlir-print-debuginfo: iree-opt accepts irc-opt's print and prints
    it back unchanged, and irc reads the same locations from that as from FILE;
(d) without --mlir-print-op-generic too (`module @name attributes {...} {...}`).

Where MLIR canonicalizes something on parse (folding affine expressions, dropping
identity layouts, simplifying fused locations), irc does the same, so the checks are exact.
The iree-opt runs (five a file) go through a thread pool, once per session.
"""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest

from irc.frontend.parser import parse
from irc.frontend.printer import print_op
from irc.tools.irc_opt import run

IREE_OPT = shutil.which("iree-opt")
pytestmark = pytest.mark.skipif(
    IREE_OPT is None, reason="iree-opt not installed (pip install iree-base-compiler==3.13.0)"
)

ROUNDTRIP = Path(__file__).parent / "roundtrip"
FILES = sorted(ROUNDTRIP.glob("*.mlir"))
GENERIC = ["--mlir-print-op-generic", "--allow-unregistered-dialect"]
DEBUGINFO = [*GENERIC, "--mlir-print-debuginfo"]
CUSTOM = ["--allow-unregistered-dialect", "--mlir-print-debuginfo"]
TIMEOUT_S = 60

# Where irc still disagrees with MLIR: file -> (reason, the checks that fail). Those checks
# are strict xfails: a fix makes them pass loudly, to be taken off this list.
ALL_CHECKS = frozenset({"read", "generic", "debuginfo", "custom"})
KNOWN_DISAGREEMENTS = {
    "empty_properties.mlir": (
        "MLIR keeps an unregistered op's empty properties <{}>; irc drops them "
        "(Operation.properties cannot tell empty from absent)",
        frozenset({"generic", "debuginfo", "custom"}),
    ),
}


def iree_opt_binary() -> str:
    """The compiled iree-opt: the pip package's console script is a Python wrapper that
    costs half a second a run; it finds the binary the same way."""
    try:
        from iree.compiler.tools import binaries

        return binaries.find_tool("iree-opt") or IREE_OPT
    except Exception:  # noqa: BLE001 - any failure: use the wrapper on PATH
        return IREE_OPT


def iree_opt(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [iree_opt_binary(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT_S,
    )


def irc_opt(args: list[str], stdin: str = "") -> str:
    """irc-opt's output for `args` (reading `stdin` for "-"), which must succeed."""
    code, out, err = run(args, stdin)
    assert code == 0, f"irc-opt {' '.join(args)} failed:\n{err}"
    return out


@cache
def results() -> dict[str, dict]:
    """For every file: irc-opt's prints, and iree-opt's runs on the file and on them."""
    jobs = {}
    table: dict[str, dict] = {}
    for path in FILES:
        name = str(path)
        row = table[path.name] = {
            "irc_generic": irc_opt([*GENERIC, name]),
            "irc_debuginfo": irc_opt([*DEBUGINFO, name]),
            "irc_custom": irc_opt([*CUSTOM, name]),
        }
        jobs[path.name, "file_generic"] = ([*GENERIC, name], None)
        jobs[path.name, "file_debuginfo"] = ([*DEBUGINFO, name], None)
        jobs[path.name, "reprint_generic"] = ([*GENERIC, "-"], row["irc_generic"])
        jobs[path.name, "reprint_debuginfo"] = ([*DEBUGINFO, "-"], row["irc_debuginfo"])
        jobs[path.name, "file_custom"] = ([*CUSTOM, name], None)
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {key: pool.submit(iree_opt, *job) for key, job in jobs.items()}
        for (file, kind), future in futures.items():
            table[file][kind] = future.result()
    return table


def iree_output(row: dict, kind: str) -> str:
    done = row[kind]
    assert done.returncode == 0, f"iree-opt rejected the input ({kind}):\n{done.stderr}"
    return done.stdout


def locations(module) -> list:
    """(op name, location) of every op, then the location of every block argument."""
    ops = list(module.walk())
    found = [(op.name, op.location) for op in ops]
    for op in ops:
        for region in op.regions:
            for block in region.blocks:
                found.extend(("block argument", arg.loc) for arg in block.args)
    return found


def params(check: str):
    for path in FILES:
        reason, checks = KNOWN_DISAGREEMENTS.get(path.name, ("", ()))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if check in checks else []
        yield pytest.param(path, id=path.name, marks=marks)


@pytest.mark.parametrize("path", params("read"))
def test_irc_reads_mlir_output(path: Path):
    """(a): MLIR's generic print with locations means the same IR to irc as the file."""
    row = results()[path.name]
    mlir_text = iree_output(row, "file_debuginfo")
    original = parse(path.read_text(encoding="utf-8"), str(path), allow_unregistered=True)
    from_mlir = parse(mlir_text, "from-iree-opt.mlir", allow_unregistered=True)
    assert print_op(from_mlir, generic=True) == print_op(original, generic=True)
    assert locations(from_mlir) == locations(original)


@pytest.mark.parametrize("path", params("generic"))
def test_generic_print_is_mlir_print(path: Path):
    """(b): byte for byte, irc-opt prints what iree-opt prints, and iree-opt prints
    irc-opt's output back unchanged."""
    row = results()[path.name]
    assert row["irc_generic"] == iree_output(row, "file_generic")
    assert iree_output(row, "reprint_generic") == row["irc_generic"]


@pytest.mark.parametrize("path", params("debuginfo"))
def test_debuginfo_print_is_mlir_print(path: Path):
    """(c): with locations too; and the locations MLIR prints back are irc's."""
    row = results()[path.name]
    ours = row["irc_debuginfo"]
    back = iree_output(row, "reprint_debuginfo")
    original = parse(path.read_text(encoding="utf-8"), str(path), allow_unregistered=True)
    reparsed = parse(back, "from-iree-opt.mlir", allow_unregistered=True)
    assert locations(reparsed) == locations(original)
    assert back == ours
    assert ours == iree_output(row, "file_debuginfo")


@pytest.mark.parametrize("path", params("custom"))
def test_custom_print_is_mlir_print(path: Path):
    """(d): the custom form (of builtin.module; other ops here are unregistered)."""
    row = results()[path.name]
    assert row["irc_custom"] == iree_output(row, "file_custom")
