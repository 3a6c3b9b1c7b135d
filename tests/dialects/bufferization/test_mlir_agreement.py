"""irc and MLIR (iree-opt) agree on the bufferization dialect, byte for byte.

For ops.mlir (every op in MLIR's custom spelling) and generic.mlir (the generic form):
irc-opt's custom and generic prints are iree-opt's, and iree-opt reads irc-opt's prints
back to the same text. For invalid.mlir, iree-opt's own -verify-diagnostics accepts the
file, so every expected message there is MLIR's word for word (irc-opt checks the same
file in its RUN line). Skipped when iree-opt is not installed.
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


def irc_opt(args: list[str], stdin: str = "") -> str:
    code, out, err = run(args, stdin)
    assert code == 0, f"irc-opt {' '.join(args)} failed:\n{err}"
    return out


def mlir(args: list[str], stdin: str | None = None) -> str:
    done = iree_opt(args, stdin)
    assert done.returncode == 0, f"iree-opt {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


@pytest.mark.parametrize("name", FILES)
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


@pytest.mark.parametrize("name", FILES)
def test_mlir_reads_irc_custom_form_as_irc_does(name: str):
    """The custom print means the same IR to both."""
    custom = irc_opt([str(HERE / name)])
    assert mlir([GENERIC, "-"], custom) == irc_opt([GENERIC, "-"], custom)


def test_invalid_messages_are_mlir_messages():
    done = iree_opt(["-split-input-file", "-verify-diagnostics", str(HERE / "invalid.mlir")])
    assert done.returncode == 0, done.stderr


# Where irc and MLIR are known to differ; each case fails (strict xfail) until irc agrees.
KNOWN_DISAGREEMENTS = {
    "type-mismatch-two-errors": (
        "MLIR reports a to_tensor or to_buffer whose tensor and buffer types differ twice, "
        "'shapes do not match' (or 'element types do not match') and then 'failed to verify "
        "that specified tensor and buffer types match'; irc's verifier reports one error per "
        "op, the second",
        "func.func @f(%m: memref<4xf32>) {\n"
        "  %0 = bufferization.to_tensor %m : memref<4xf32> to tensor<5xf32>\n"
        "  return\n"
        "}\n",
    ),
}


def _errors(stderr: str) -> list[str]:
    return re.findall(r"^[^\n:]*:(\d+:\d+: error: .*)$", stderr, re.M)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(reason=why, strict=True))
        for name, (why, _) in KNOWN_DISAGREEMENTS.items()
    ],
)
def test_known_disagreement(name: str, tmp_path: Path):
    path = tmp_path / "case.mlir"
    path.write_text(KNOWN_DISAGREEMENTS[name][1], encoding="utf-8")
    mlir = iree_opt([str(path)])
    assert mlir.returncode != 0
    _, _, ours = run([str(path)])
    assert _errors(ours) == _errors(mlir.stderr)
