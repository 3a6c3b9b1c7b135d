"""irc and MLIR (iree-opt) agree on the vector dialect, byte for byte.

For ops.mlir (every op but the transfers and contract, in MLIR's custom spelling) and
generic.mlir (the generic form): irc-opt's custom and generic prints are iree-opt's, and
iree-opt reads irc-opt's prints back to the same text. transfer.mlir and contract.mlir
hold the ops whose properties hold affine maps, with their `#map` aliases. For
invalid.mlir, iree-opt's own -verify-diagnostics accepts the file, so every expected
message there is MLIR's word for word (irc-opt checks the same file in its RUN line).
Skipped when iree-opt is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from irc.tools.irc_opt import run
from tests.test_mlir_agreement import IREE_OPT, iree_opt

pytestmark = pytest.mark.skipif(
    IREE_OPT is None, reason="iree-opt not installed (pip install iree-base-compiler==3.13.0)"
)

HERE = Path(__file__).parent
GENERIC = "--mlir-print-op-generic"
FILES = ["ops.mlir", "generic.mlir"]
MAP_FILES = ["transfer.mlir", "contract.mlir"]


def irc_opt(args: list[str], stdin: str = "") -> str:
    code, out, err = run(args, stdin)
    assert code == 0, f"irc-opt {' '.join(args)} failed:\n{err}"
    return out


def mlir(args: list[str], stdin: str | None = None) -> str:
    done = iree_opt(args, stdin)
    assert done.returncode == 0, f"iree-opt {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


@pytest.mark.parametrize("name", [*FILES, "contract.mlir"])
def test_custom_print_is_mlir_print(name: str):
    path = str(HERE / name)
    ours = irc_opt([path])
    assert ours == mlir([path])
    assert mlir(["-"], ours) == ours


@pytest.mark.parametrize("name", FILES)
def test_generic_print_is_mlir_print(name: str):
    path = str(HERE / name)
    ours = irc_opt([GENERIC, path])
    assert ours == mlir([GENERIC, path])
    assert mlir([GENERIC, "-"], ours) == ours


@pytest.mark.parametrize("name", FILES + MAP_FILES)
def test_mlir_reads_irc_custom_form_as_irc_does(name: str):
    custom = irc_opt([str(HERE / name)])
    theirs, ours = mlir([GENERIC, "-"], custom), irc_opt([GENERIC, "-"], custom)
    assert theirs == ours


@pytest.mark.parametrize("name", MAP_FILES)
@pytest.mark.parametrize("flags", [[], [GENERIC]], ids=["custom", "generic"])
def test_map_prints_are_mlir_prints(name: str, flags: list[str]):
    path = str(HERE / name)
    ours = irc_opt([*flags, path])
    assert ours == mlir([*flags, path])
    assert mlir([*flags, "-"], ours) == ours


def test_invalid_messages_are_mlir_messages():
    done = iree_opt(["-split-input-file", "-verify-diagnostics", str(HERE / "invalid.mlir")])
    assert done.returncode == 0, done.stderr
