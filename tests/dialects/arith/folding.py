"""Helpers for the fold tests: a small greedy fold driver over one function, a structural
description of what a function returns, and the same description from MLIR's
`iree-opt --canonicalize` restricted to folding (no rewrite patterns enabled).

Comparing descriptions ("%arg0", "5 : i32", "arith.addi(%arg0, 5 : i32)") instead of text
keeps the comparison independent of op order, constant placement and value names.
"""

from __future__ import annotations

import shutil
import subprocess

import irc
from irc.dialects.arith_folds import materialize_constant
from irc.ir.attributes import Attribute
from irc.ir.core import BlockArgument, Operation, Value
from irc.ir.opdef import Op, constant_operands
from irc.ir.traits import Pure

IREE_OPT = shutil.which("iree-opt")
FOLD_ONLY = "--canonicalize=enable-patterns=fold-only-no-such-pattern"


def function_text(name: str, signature: str, body: list[str], results: str) -> str:
    """A `func.func` in generic form around custom-form arith `body` lines; the last
    body line is `return %a, ... : types` written as MLIR's custom return."""
    *ops, ret = body
    values, types = ret.removeprefix("return ").split(" : ")
    arguments = ", ".join(arg.strip() for arg in signature.split(",") if arg.strip())
    argument_types = ", ".join(a.split(":")[1].strip() for a in arguments.split(", ") if a)
    lines = [
        f'"func.func"() <{{function_type = ({argument_types}) -> ({results}), '
        f'sym_name = "{name}"}}> ({{',
        f"^bb0({arguments}):",
        *(f"  {line}" for line in ops),
        f'  "func.return"({values}) : ({types}) -> ()',
        "}) : () -> ()",
    ]
    return "\n".join(lines)


def fold_function(func: Operation, max_rounds: int = 20) -> None:
    """Fold every op of `func` until nothing changes, as MLIR's greedy driver does with
    patterns disabled: fold, materialize constants, drop dead pure ops."""
    block = func.regions[0].blocks[0]
    for _ in range(max_rounds):
        changed = _unique_constants(block)
        for op in list(block):
            if op.parent is None or not isinstance(op, Op) or op.name == "arith.constant":
                continue
            changed |= _fold_one(block, op)
        for op in reversed(list(block)):
            if Pure in op.traits and op.results and not any(r.uses for r in op.results):
                op.erase()
                changed = True
        if not changed:
            return
    raise AssertionError("folding did not converge")


def _unique_constants(block) -> bool:
    """One constant op per value, as MLIR's OperationFolder keeps them (so `%a = 3`,
    `%b = 3` become one value, and `x op x` identities apply)."""
    first: dict = {}
    changed = False
    for op in list(block):
        if op.name != "arith.constant":
            continue
        key = (op.properties["value"], op.results[0].type)
        if key in first:
            op.results[0].replace_all_uses_with(first[key].results[0])
            op.erase()
            changed = True
        else:
            first[key] = op
    return changed


def _fold_one(block, op: Op) -> bool:
    results = op.fold(constant_operands(op))
    if results is None:
        return False
    if results == op.results:
        return True
    for result, folded in zip(op.results, results, strict=True):
        if isinstance(folded, Attribute):
            constant = materialize_constant(folded, result.type)
            assert constant is not None, f"cannot materialize {folded}"
            block.insert_before(op, constant)
            folded = constant.results[0]
        result.replace_all_uses_with(folded)
    op.erase()
    return True


def describe(value: Value) -> str:
    """What computes `value`, as text: an argument, a constant or an op over those."""
    if isinstance(value, BlockArgument):
        return f"%arg{value.index}"
    op = value.op
    if op.name == "arith.constant":
        return str(op.properties["value"])
    predicate = op.properties.get("predicate")
    head = op.name + (f"<{predicate.value}>" if predicate is not None else "")
    if len(op.results) > 1:
        head += f"#{value.index}"
    return f"{head}({', '.join(describe(v) for v in op.operands)})"


def returned(func: Operation) -> list[str]:
    terminator = func.regions[0].blocks[0].terminator
    return [describe(v) for v in terminator.operands]


def irc_fold(functions: list[str]) -> list[list[str]]:
    module = irc.parse("\n".join(functions))
    irc.verify(module)
    answers = []
    for func in module.regions[0].blocks[0]:
        fold_function(func)
        answers.append(returned(func))
    return answers


def mlir_fold(functions: list[str]) -> list[list[str]]:
    """MLIR's folds of each function (iree-opt, patterns off), parsed back with irc."""
    out = subprocess.run(
        [IREE_OPT, FOLD_ONLY, "--mlir-print-op-generic"],
        input="\n".join(functions),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise AssertionError(f"iree-opt failed:\n{out.stderr}")
    module = irc.parse(out.stdout)
    return [returned(func) for func in module.regions[0].blocks[0]]
