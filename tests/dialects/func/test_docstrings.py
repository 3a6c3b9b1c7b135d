"""Every op of the func, cf and math dialects documents itself as docs/dialects/<name>.md
needs: a one-line summary, then an IR example that uses the op."""

from __future__ import annotations

import pytest

from irc.dialects import cf, func
from irc.dialects import math as math_dialect

OPS = [cls for module in (func, cf, math_dialect) for cls in module.OPS.values()]


@pytest.mark.parametrize("op_class", OPS, ids=[cls.name for cls in OPS])
def test_op_has_a_summary_and_an_example(op_class):
    lines = [line.strip() for line in (op_class.__doc__ or "").splitlines() if line.strip()]
    assert len(lines) >= 2, f"{op_class.name}: a summary line and an IR example"
    summary, *rest = lines
    assert summary.endswith(".") and len(summary) <= 100
    mnemonic = op_class.name.split(".", 1)[1]
    examples = [line for line in rest if f"{mnemonic} " in line and "%" in line or "@" in line]
    assert examples, f"{op_class.name}: no IR example using the op"
