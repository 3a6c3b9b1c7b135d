"""irc and MLIR (iree-opt) agree on the vector dialect, byte for byte.

For ops.mlir (every op but the transfers and contract, in MLIR's custom spelling) and
generic.mlir (the generic form): irc-opt's custom and generic prints are iree-opt's, and
iree-opt reads irc-opt's prints back to the same text. transfer.mlir and contract.mlir
hold the ops whose properties hold affine maps: there the prints agree once `#map`
aliases are expanded (contract's custom print agrees exactly), and the exact comparisons
that fail are strict xfails (see ALIAS_REASON). For
invalid.mlir, iree-opt's own -verify-diagnostics accepts the file, so every expected
message there is MLIR's word for word (irc-opt checks the same file in its RUN line).
Skipped when iree-opt is not installed.
"""

from __future__ import annotations

import re
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
ALIAS_REASON = (
    "irc's printer gives `#map` aliases to the affine maps of every property in custom "
    "forms, also those the form elides (a minor-identity permutation_map), and to none in "
    "the generic form; MLIR aliases exactly what it prints"
)


def irc_opt(args: list[str], stdin: str = "") -> str:
    code, out, err = run(args, stdin)
    assert code == 0, f"irc-opt {' '.join(args)} failed:\n{err}"
    return out


def mlir(args: list[str], stdin: str | None = None) -> str:
    done = iree_opt(args, stdin)
    assert done.returncode == 0, f"iree-opt {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


def expand_aliases(text: str) -> str:
    """The print with each `#name = ...` alias definition substituted into its uses."""
    aliases = dict(re.findall(r"^(#\w+) = (.*)$", text, flags=re.MULTILINE))
    body = re.sub(r"^#\w+ = .*\n", "", text, flags=re.MULTILINE)
    return re.sub(r"#\w+\b", lambda m: aliases.get(m.group(0), m.group(0)), body)


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
    assert expand_aliases(theirs) == expand_aliases(ours)


@pytest.mark.parametrize("name", MAP_FILES)
@pytest.mark.parametrize("flags", [[], [GENERIC]], ids=["custom", "generic"])
def test_map_prints_are_mlir_prints_up_to_aliases(name: str, flags: list[str]):
    path = str(HERE / name)
    ours = irc_opt([*flags, path])
    assert expand_aliases(ours) == expand_aliases(mlir([*flags, path]))
    assert expand_aliases(mlir([*flags, "-"], ours)) == expand_aliases(ours)


@pytest.mark.xfail(strict=True, reason=ALIAS_REASON)
@pytest.mark.parametrize(
    "name, flags",
    [("transfer.mlir", []), ("transfer.mlir", [GENERIC]), ("contract.mlir", [GENERIC])],
)
def test_map_print_is_mlir_print(name: str, flags: list[str]):
    path = str(HERE / name)
    assert irc_opt([*flags, path]) == mlir([*flags, path])


def test_invalid_messages_are_mlir_messages():
    done = iree_opt(["-split-input-file", "-verify-diagnostics", str(HERE / "invalid.mlir")])
    assert done.returncode == 0, done.stderr
