"""irc and MLIR (iree-opt) agree on the linalg dialect (the checks are
tests/dialects/agreement.py's, for the prints with and without locations too): ops.mlir
holds every op in MLIR's custom spelling, generic.mlir the generic form, invalid.mlir one
case per verifier rule with MLIR's message. Skipped when iree-opt is not installed.

Three things of the shared printer keep the prints from being byte-for-byte equal
today, and nothing of the dialect: MLIR names the body arguments of a structured op
`%in`, `%out` (getAsmBlockArgumentNames; the ops give the names through
`block_arg_name_hints`), aliases the affine maps of properties in the generic form
(`indexing_maps = [#map]`), and does not alias the maps a custom form leaves out (the
named ops' `indexing_maps`). The exact comparisons are expected to fail while the
printer lacks these (they pass, and count as passes, once it has them); the same
comparisons modulo those three always run.
"""

from __future__ import annotations

from pathlib import Path

from tests.dialects import agreement
from tests.test_mlir_agreement import irc_opt


class TestLinalgAgreesWithMlir(agreement.MlirAgreement):
    directory = Path(__file__).parent
    prints = tuple(agreement.FLAGS)

    def test_irc_reads_mlir_locations(self, name: str):
        """iree-opt's print with locations (region arguments of map and reduce included)
        reads back in irc to the same print."""
        path = str(self.directory / name)
        theirs = agreement.mlir([agreement.DEBUGINFO, path])
        assert irc_opt([agreement.DEBUGINFO, "-"], theirs) == irc_opt([agreement.DEBUGINFO, path])
