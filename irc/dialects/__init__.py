"""The dialect registry: dialect name -> module, imported on first use.

Each dialect module defines `OPS`, a dict from op name to op class, and may define
`ATTRIBUTES` and `TYPES`: dicts from mnemonic (`fastmath` in `#arith.fastmath<fast>`) to a
function `parse(parser) -> Attribute | Type` called just after the `#dialect.mnemonic`
token. Such attribute and type classes print themselves through a `dialect_text()`
method. Nothing is imported until the dialect is used, which keeps `import irc` cheap.
"""

from __future__ import annotations

import importlib
from types import ModuleType

DIALECTS: dict[str, str] = {
    "builtin": "irc.dialects.builtin",
    "arith": "irc.dialects.arith",
    "scf": "irc.dialects.scf",
    "memref": "irc.dialects.memref",
    "func": "irc.dialects.func",
    "cf": "irc.dialects.cf",
    "math": "irc.dialects.math",
    "nn": "irc.dialects.nn",
    "tensor": "irc.dialects.tensor",
    "linalg": "irc.dialects.linalg",
    "vector": "irc.dialects.vector",
    "bufferization": "irc.dialects.bufferization",
}

_loaded: dict[str, ModuleType] = {}


def dialect_module(dialect: str) -> ModuleType | None:
    """The module of a registered dialect, imported on first use; None if unknown."""
    module = _loaded.get(dialect)
    if module is None:
        module_name = DIALECTS.get(dialect)
        if module_name is None:
            return None
        module = importlib.import_module(module_name)
        _loaded[dialect] = module
    return module


def dialect_ops(dialect: str) -> dict[str, type] | None:
    """The ops of a registered dialect, or None when irc does not know the dialect."""
    module = dialect_module(dialect)
    return module.OPS if module is not None else None


def ops_by_name(*classes: type) -> dict[str, type]:
    return {cls.name: cls for cls in classes}
