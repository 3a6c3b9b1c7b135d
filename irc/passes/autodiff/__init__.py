"""autodiff: reverse-mode differentiation of nn functions, as a pass and from Python.

    irc-opt model.mlir --autodiff="function=loss wrt=1,2"     # adds @loss_grad
    grad = irc.grad(module, "loss", wrt=[1, 2])                # the module with @loss_grad

The driver is `core.py`; the rules are tables keyed by op class, one module per nn
family (`elementwise.py`: elementwise math and gradient control; `reduce.py`: matmul,
reductions, softmax and the losses; `shape.py`: reshapes, slices, pads, concatenation
and gathers; `scan.py`: nn.scan, back-propagation through time as a reverse scan).
Where an op is declared, lowered and interpreted, its gradient rule sits in the module
of the same name here. See core.py for the gradient function's signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from irc.dialects import func
from irc.ir.core import Operation
from irc.passes.autodiff import elementwise, reduce, scan, shape
from irc.passes.autodiff.core import (
    FORWARD,
    NO_GRADIENT,
    RULES,
    AutodiffError,
    gradient_function,
)
from irc.passes.pass_manager import Pass, PassContext, option

for _family in (elementwise, reduce, shape, scan):
    RULES.update(_family.RULES)
FORWARD.update(scan.FORWARD)

__all__ = [
    "NO_GRADIENT",
    "RULES",
    "Autodiff",
    "AutodiffError",
    "add_gradient",
    "function_named",
    "grad",
]


def add_gradient(
    module: Operation,
    function: str,
    wrt: Sequence[int],
    name: str | None = None,
    cotangents: bool | None = None,
    disconnected: str = "zeros",
) -> func.FuncOp:
    """Write the gradient function of `function` into `module` (after it) and return it."""
    if disconnected not in ("zeros", "error"):
        raise AutodiffError(f"disconnected={disconnected!r}: expected 'zeros' or 'error'")
    target = function_named(module, function)
    made = gradient_function(target, wrt, name or f"{function}_grad", cotangents, disconnected)
    module.regions[0].blocks[0].insert_after(target, made)
    return made


def grad(module_or_text, function: str, wrt: Sequence[int], **options):
    """A copy of the module (or the parsed text) with the gradient function of `function`
    added (`<function>_grad` unless `name=` says otherwise); see `add_gradient`."""
    import irc

    module = irc.parse(module_or_text) if isinstance(module_or_text, str) else module_or_text
    module = module.clone()
    add_gradient(module, function, wrt, **options)
    return module


def function_named(module: Operation, name: str) -> func.FuncOp:
    found = func.lookup_in(module, name)
    if not isinstance(found, func.FuncOp) or found.is_declaration:
        raise AutodiffError(f"no function @{name} with a body to differentiate")
    return found


@dataclass
class Autodiff(Pass):
    name = "autodiff"
    summary = "Write the reverse-mode gradient function of an nn function"

    function: str = option("", "the function to differentiate")
    wrt: list[int] = option([], "indices of the arguments to differentiate with respect to")
    result_name: str = option("", "the gradient function's name (default <function>_grad)",
                              name="name")  # fmt: skip
    cotangents: str = option(
        "auto", "take output cotangents: true, false, or auto (not for one scalar float result)"
    )
    disconnected: str = option("zeros", "an argument no result depends on: zeros or error")

    def run(self, op: Operation, context: PassContext) -> None:
        choices = {"auto": None, "true": True, "false": False}
        if self.cotangents.lower() not in choices:
            context.error(op, f"cotangents={self.cotangents!r}: expected auto, true or false")
            return
        cotangents = choices[self.cotangents.lower()]
        try:
            add_gradient(
                op, self.function, self.wrt, self.result_name or None, cotangents,
                self.disconnected,
            )  # fmt: skip
        except AutodiffError as error:
            context.error(error.op or op, error.message)
