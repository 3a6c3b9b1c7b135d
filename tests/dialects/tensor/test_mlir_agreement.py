"""irc and MLIR (iree-opt) agree on the tensor dialect, byte for byte (the checks are
tests/dialects/agreement.py's): ops.mlir holds every op in MLIR's custom spelling,
generic.mlir the generic form, invalid.mlir one case per verifier rule with MLIR's message.
Skipped when iree-opt is not installed.
"""

from __future__ import annotations

from pathlib import Path

from tests.dialects import agreement


class TestTensorAgreesWithMlir(agreement.MlirAgreement):
    directory = Path(__file__).parent
