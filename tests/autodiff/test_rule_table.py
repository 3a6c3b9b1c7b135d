"""The rule table covers nn, and docs/autodiff.md names every op in it."""

from __future__ import annotations

from pathlib import Path

from irc.dialects import nn
from irc.dialects.nn import scan
from irc.passes.autodiff import NO_GRADIENT, RULES

DOCS = Path(__file__).parents[2] / "docs" / "autodiff.md"


def test_every_nn_op_has_a_rule_or_no_gradient():
    """nn.yield is the scan body's terminator: nn.scan's rule covers it."""
    classes = set(nn.OPS.values()) if isinstance(nn.OPS, dict) else set(nn.OPS)
    left = classes - set(RULES) - NO_GRADIENT
    assert left == {scan.YieldOp}, sorted(c.name for c in left)


def test_the_docs_name_every_op_of_the_table():
    text = DOCS.read_text()
    missing = [cls.name for cls in (*RULES, *NO_GRADIENT) if f"`{cls.name}`" not in text]
    assert not missing, missing
