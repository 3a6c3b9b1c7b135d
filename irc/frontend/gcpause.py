"""Pausing Python's cyclic garbage collector around bulk IR construction and printing."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Parsing and printing a large module make millions of objects and no garbage
    cycles; the cyclic collector would rescan the growing heap again and again (a third
    of the parse time, and quadratic growth before this was added)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
