"""irc and MLIR (iree-opt) agree on the vector dialect, byte for byte (the checks are
tests/dialects/agreement.py's): ops.mlir holds every op but the transfers and contract, in
MLIR's custom spelling, generic.mlir the generic form; transfer.mlir and contract.mlir hold
the ops whose properties hold affine maps, with their `#map` aliases; invalid.mlir one case
per verifier rule with MLIR's message. Skipped when iree-opt is not installed.
"""

from __future__ import annotations

from pathlib import Path

from tests.dialects import agreement


class TestVectorAgreesWithMlir(agreement.MlirAgreement):
    directory = Path(__file__).parent
    files = ("ops.mlir", "generic.mlir", "transfer.mlir", "contract.mlir")
