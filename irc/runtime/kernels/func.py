"""Interpreter kernels of the func dialect: calls run the callee's body in a fresh frame."""

from __future__ import annotations

from irc.dialects import func
from irc.runtime.interpreter import InterpreterError, Terminate


def _callee(op: func.CallOp) -> func.FuncOp:
    callee = func.lookup_symbol(op, op.properties["callee"])
    if not isinstance(callee, func.FuncOp):
        raise InterpreterError(f"'{op.properties['callee']}' is not a function", op)
    return callee


def call(interp, op: func.CallOp, operands: list) -> list:
    return interp.call_function(_callee(op), operands)


def call_indirect(interp, op: func.CallIndirectOp, operands: list) -> list:
    callee, *args = operands
    return interp.call_function(callee, args)


def constant(interp, op: func.ConstantOp, operands: list) -> list:
    """A function value is the func.func op itself."""
    found = func.lookup_symbol(op, op.properties["value"])
    if not isinstance(found, func.FuncOp):
        raise InterpreterError(f"'{op.properties['value']}' is not a function", op)
    return [found]


def return_(interp, op: func.ReturnOp, operands: list) -> Terminate:
    return Terminate(op, operands)


KERNELS = {
    func.CallOp: call,
    func.CallIndirectOp: call_indirect,
    func.ConstantOp: constant,
    func.ReturnOp: return_,
}
