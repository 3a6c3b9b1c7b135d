"""irc: an MLIR-style compiler toolchain in Python for machine-learning math.

The public API is small and loads lazily so `import irc` stays cheap:

    module = irc.parse(text)          # MLIR text -> IR (raises irc.IRError)
    irc.verify(module)                # structural and per-op checks
    text = irc.print_ir(module)       # IR -> text
    f = irc.jit(text, "f")            # compile a function to native code; call it with numpy
"""

from __future__ import annotations

from irc.ir.diagnostics import CallError, IRError, RuntimeFault

__all__ = [
    "CallError",
    "IRError",
    "RuntimeFault",
    "compile_module",
    "jit",
    "parse",
    "print_ir",
    "verify",
]


def parse(text: str, filename: str = "<stdin>", *, allow_unregistered: bool = False):
    """Parse MLIR text into a `builtin.module` op; raises `IRError` on bad input."""
    from irc.frontend.parser import parse as _parse

    return _parse(text, filename, allow_unregistered=allow_unregistered)


def print_ir(op, *, generic: bool = False, debuginfo: bool = False) -> str:
    """The MLIR text of `op` (custom forms unless `generic`)."""
    from irc.frontend.printer import print_op

    return print_op(op, generic=generic, debuginfo=debuginfo)


def verify(op) -> None:
    """Check `op` and everything in it; raises `IRError` listing every problem found."""
    from irc.ir.verifier import verify as _verify

    _verify(op)


def jit(module_or_text, name: str, **options):
    """Compile function `name` of a module (text or parsed) to native code: a callable
    taking numpy arrays and numbers. Options: `bounds_checks=False`, `cache=True`
    (True: the default disk cache, False: none, or a directory), `filename`.
    See `irc.runtime.jit`."""
    from irc.runtime.jit import jit as _jit

    return _jit(module_or_text, name, **options)


def compile_module(module_or_text, **options):
    """Compile every public function of a module; index the result by function name."""
    from irc.runtime.jit import compile_module as _compile_module

    return _compile_module(module_or_text, **options)


def grad(module_or_text, function: str, wrt, **options):
    """A copy of the module with `@<function>_grad`, the reverse-mode gradient of
    `function` with respect to the arguments `wrt` (see `irc.passes.autodiff`)."""
    from irc.passes.autodiff import grad as _grad

    return _grad(module_or_text, function, wrt, **options)
