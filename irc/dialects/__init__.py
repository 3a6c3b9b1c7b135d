"""The dialect registry: dialect name -> module, imported on first use.

Each dialect module defines `OPS`, a dict from op name to op class. Nothing is imported
until an op of that dialect is parsed or asked for, which keeps `import irc` cheap.
"""

from __future__ import annotations

import importlib

DIALECTS: dict[str, str] = {
    "builtin": "irc.dialects.builtin",
}

_loaded: dict[str, dict[str, type]] = {}


def dialect_ops(dialect: str) -> dict[str, type] | None:
    """The ops of a registered dialect, or None when irc does not know the dialect."""
    ops = _loaded.get(dialect)
    if ops is None:
        module_name = DIALECTS.get(dialect)
        if module_name is None:
            return None
        ops = importlib.import_module(module_name).OPS
        _loaded[dialect] = ops
    return ops


def ops_by_name(*classes: type) -> dict[str, type]:
    return {cls.name: cls for cls in classes}
