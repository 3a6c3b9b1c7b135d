"""irc and MLIR (iree-opt) agree on the bufferization dialect, byte for byte (the checks
are tests/dialects/agreement.py's): ops.mlir holds every op in MLIR's custom spelling,
generic.mlir the generic form, invalid.mlir one case per verifier rule with MLIR's message.
KNOWN_DISAGREEMENTS holds where they still differ. Skipped when iree-opt is not installed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from irc.tools.irc_opt import run
from tests.dialects import agreement
from tests.test_mlir_agreement import iree_opt


class TestBufferizationAgreesWithMlir(agreement.MlirAgreement):
    directory = Path(__file__).parent


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


@agreement.needs_iree_opt
@pytest.mark.parametrize("name", agreement.known_disagreements(KNOWN_DISAGREEMENTS))
def test_known_disagreement(name: str, tmp_path: Path):
    path = tmp_path / "case.mlir"
    path.write_text(KNOWN_DISAGREEMENTS[name][1], encoding="utf-8")
    mlir = iree_opt([str(path)])
    assert mlir.returncode != 0
    _, _, ours = run([str(path)])
    assert _errors(ours) == _errors(mlir.stderr)
