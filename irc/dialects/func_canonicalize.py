"""Canonicalization patterns of the func dialect, as MLIR's (iree-base-compiler 3.13).

- func.call_indirect of a func.constant is a func.call of that function.
"""

from __future__ import annotations

from irc.dialects import func
from irc.passes.rewrite import pattern


@pattern(func.CallIndirectOp, name="SimplifyIndirectCallWithKnownCallee")
def simplify_indirect_call_with_known_callee(op, rewriter) -> bool:
    """call_indirect(constant @f, args) -> call @f(args)"""
    callee = getattr(op.operands[0], "op", None)
    if not isinstance(callee, func.ConstantOp):
        return rewriter.fail(op, "the callee is not a func.constant")
    call = rewriter.create(
        func.CallOp, op.operands[1:], op.result_types, {"callee": callee.properties["value"]}
    )
    rewriter.replace_op(op, call.results)
    return True


PATTERNS = [simplify_indirect_call_with_known_callee]
