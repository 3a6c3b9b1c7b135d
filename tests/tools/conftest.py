"""Fixtures for the irc-opt flag tests."""

from __future__ import annotations

import pytest

from irc.passes.registry import PASSES
from tests.tools.passes_for_tests import TEST_PASSES


@pytest.fixture
def test_passes(monkeypatch):
    """Register the `test-*` passes of passes_for_tests.py for one test."""
    for name, target in TEST_PASSES.items():
        monkeypatch.setitem(PASSES, name, target)
    return TEST_PASSES
