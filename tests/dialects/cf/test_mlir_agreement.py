"""irc and MLIR agree on the cf dialect's test files (see tests/dialects/agreement.py)."""

from __future__ import annotations

from pathlib import Path

from tests.dialects import agreement


class TestCfAgreesWithMlir(agreement.RoundtripAgreement):
    directory = Path(__file__).parent
