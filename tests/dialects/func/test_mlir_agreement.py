"""irc and MLIR agree on the func dialect's test files (see tests/dialects/agreement.py)."""

from __future__ import annotations

from pathlib import Path

from tests.dialects import agreement


class TestFuncAgreesWithMlir(agreement.RoundtripAgreement):
    directory = Path(__file__).parent
