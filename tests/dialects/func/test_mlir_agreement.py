"""irc and MLIR agree on the func dialect's test files (see agreement.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dialects import agreement as check

HERE = Path(__file__).parent
FILES = [pytest.param(p, id=p.name) for p in check.roundtrip_files(HERE)]


@pytest.mark.parametrize("path", FILES)
def test_custom_and_generic_prints_read_back_the_same(path: Path):
    check.check_custom_generic_same_ir(path)


@check.needs_iree_opt
@pytest.mark.parametrize("kind", sorted(check.PRINTS))
@pytest.mark.parametrize("path", FILES)
def test_print_is_mlir_print(path: Path, kind: str):
    check.check_print_is_mlir_print(path, check.PRINTS[kind])


@check.needs_iree_opt
@pytest.mark.parametrize("kind", ["custom", "generic"])
@pytest.mark.parametrize("path", FILES)
def test_mlir_reads_irc_print(path: Path, kind: str):
    check.check_mlir_reads_irc_print(path, kind)


@check.needs_iree_opt
def test_invalid_expectations_are_mlir_messages():
    check.check_invalid_matches_mlir(HERE / "invalid.mlir")
