"""Shared by the dialects' tests: parse, verify and interpret a function, get the located
message a bad program gives, check that a text prints back as a fixed point, or build ops
from Python into a function and print it."""

from __future__ import annotations

import numpy as np
import pytest

import irc
from irc.frontend.parser import parse
from irc.frontend.printer import print_op
from irc.ir.builder import InsertionPoint
from irc.ir.diagnostics import IRError
from irc.ir.verifier import verify
from irc.runtime.interpreter import run


def program(text: str):
    """`text` parsed (as `program.mlir`) and verified."""
    module = irc.parse(text, "program.mlir")
    irc.verify(module)
    return module


def fault(text: str, *args) -> str:
    """The located message of running `@f` of `text` on `args`, which must fail."""
    with pytest.raises(IRError) as caught:
        run(program(text), "f", *args)
    return str(caught.value)


# (i, j, dimension, index, size) of accesses out of the bounds of a 2x3 operand.
OUT_OF_BOUNDS_2X3 = [(2, 0, 0, 2, 2), (0, 3, 1, 3, 3), (-1, 0, 0, -1, 2)]


def check_out_of_bounds_fault(text: str, op: str, i, j, dim, index, size) -> None:
    """`@f(a 2x3 i32 operand, i, j, 0)` of `text` faults at `op`, on line 3, naming the
    index out of bounds, the dimension and its size."""
    message = fault(text, np.zeros((2, 3), np.int32), i, j, np.int32(0))
    assert message.startswith("program.mlir:3:")
    assert f"'{op}' index {index} is out of bounds for dimension {dim} of size {size}" in message


def interpret(text: str, name: str, *args) -> list:
    """Parse and verify `text`, then run function `name` in the interpreter."""
    module = irc.parse(text)
    irc.verify(module)
    return run(module, name, *args)


def error_of(text: str, name: str | None = None, *args) -> str:
    """The diagnostic text that parsing, verifying or (with `name`) running gives."""
    try:
        module = irc.parse(text)
        irc.verify(module)
        if name is not None:
            run(module, name, *args)
    except IRError as exc:
        return str(exc)
    raise AssertionError("expected an error")


def roundtrip(text: str) -> str:
    """The printed form of `text`, checked to be a fixed point in custom and generic forms."""
    printed = irc.print_ir(irc.parse(text))
    assert irc.print_ir(irc.parse(printed)) == printed
    generic = irc.print_ir(irc.parse(printed), generic=True)
    assert irc.print_ir(irc.parse(generic)) == printed
    return printed


def build_in(skeleton: str, make) -> str:
    """The print of `skeleton` after `make(*arguments)` of its first function returns ops
    to insert before that function's return (the module is verified)."""
    module = parse(skeleton)
    func = next(iter(module.body))
    block = func.regions[0].blocks[0]
    point = InsertionPoint.before(block.last)
    for op in make(*block.args):
        point.insert(op)
    verify(module)
    return print_op(module)


def body_lines(text: str) -> list[str]:
    """The lines, stripped, of the body of a printed module's only function."""
    return [line.strip() for line in text.splitlines()[2:-3]]


def check_random_programs_fault_located(case, argument, rng, count: int = 60) -> None:
    """Of `count` programs `case()` (a function `@f` whose op stands on line 2), those that
    verify run on arguments `argument(type, rng)` and either succeed or fault with an
    error located at that op (invalid ones are the fuzz against MLIR's to check)."""
    for _ in range(count):
        try:
            module = program(case())
        except IRError:
            continue
        entry = next(iter(module.body)).regions[0].blocks[0]
        args = [argument(a.type, rng) for a in entry.args]
        try:
            run(module, "f", *args)
        except IRError as error:
            assert str(error).startswith("program.mlir:2:")
