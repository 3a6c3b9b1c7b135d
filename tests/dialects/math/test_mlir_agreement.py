"""irc and MLIR agree on the math dialect's test files (see tests/dialects/agreement.py)."""

from __future__ import annotations

from pathlib import Path

from tests.dialects import agreement


class TestMathAgreesWithMlir(agreement.RoundtripAgreement):
    directory = Path(__file__).parent
