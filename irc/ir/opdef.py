"""Declaring ops: the base class of registered ops and its operand/result specs.

An op is a small class:

    class CastOp(Op):
        '''Summary.  %1 = "builtin.unrealized_conversion_cast"(%0) : (i32) -> f32'''
        name = "builtin.unrealized_conversion_cast"
        operand_defs = (Variadic("inputs"),)
        result_defs = (Variadic("outputs"),)
        traits = frozenset({Pure})

The verifier checks counts and type constraints against these declarations, then calls
the op's own `verify()`, which raises `VerifyError` with a message. Ops whose text needs
a custom form implement `parse_custom` (a classmethod) and `print_custom`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from irc.ir.core import Operation
from irc.ir.types import Type


class VerifyError(Exception):
    """Raised by an op's `verify()`; the verifier turns it into a located diagnostic."""


def any_type(t: Type) -> bool:
    return True


@dataclass(frozen=True)
class Arg:
    """One declared operand or result: exactly one value satisfying `constraint`."""

    name: str
    constraint: Callable[[Type], bool] = any_type
    description: str = "any type"

    min_count = 1
    max_count: int | None = 1


class Optional(Arg):
    """Zero or one value."""

    min_count = 0
    max_count = 1


class Variadic(Arg):
    """Any number of values."""

    min_count = 0
    max_count = None


class Op(Operation):
    """Base of registered ops. `operand_defs`/`result_defs` of None are not checked."""

    __slots__ = ()

    name = ""
    operand_defs: tuple[Arg, ...] | None = None
    result_defs: tuple[Arg, ...] | None = None
    num_regions: int | None = 0
    num_successors: int | None = 0
    parent_ops: tuple[str, ...] = ()
    summary = ""

    def verify(self) -> None:
        """Op-specific rules beyond the declaration; raise VerifyError to report."""
