"""Interpreter kernels of the cf dialect: branches name the block to run next."""

from __future__ import annotations

from irc.dialects import cf
from irc.runtime.interpreter import InterpreterError, Terminate


def _jump(interp, op, number: int) -> Terminate:
    env = interp.env
    values = [env[v] for v in op.successor_operands(number)]
    return Terminate(op, values, op.successors[number])


def br(interp, op: cf.BranchOp, operands: list) -> Terminate:
    return Terminate(op, operands, op.successors[0])


def cond_br(interp, op: cf.CondBranchOp, operands: list) -> Terminate:
    return _jump(interp, op, 0 if operands[0] else 1)


def switch(interp, op: cf.SwitchOp, operands: list) -> Terminate:
    flag = int(operands[0])
    for number, value in enumerate(op.case_values(), start=1):
        if value == flag:
            return _jump(interp, op, number)
    return _jump(interp, op, 0)


def assert_(interp, op: cf.AssertOp, operands: list) -> list:
    if not operands[0]:
        raise InterpreterError(f"assertion failed: {op.properties['msg'].value}", op)
    return []


KERNELS = {
    cf.BranchOp: br,
    cf.CondBranchOp: cond_br,
    cf.SwitchOp: switch,
    cf.AssertOp: assert_,
}
