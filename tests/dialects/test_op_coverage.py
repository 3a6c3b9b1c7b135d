"""Every op of every registered dialect is tested as text and can be interpreted.

For each dialect in irc.dialects.DIALECTS and each op in its OPS:
- the op's name appears, outside comments, in a `.mlir` file under tests/dialects/<dialect>/
  that is run: one with `// RUN:` lines (tests/lit_runner.py runs those), or one a Python
  test of that directory reads (named in it, or, where it calls the agreement helpers'
  `roundtrip_files()`, any `.mlir` file there but invalid.mlir);
- the interpreter has a kernel for it (`KERNELS` of irc/runtime/kernels/<dialect>.py),
  unless NO_KERNEL below says why it needs none.
A failure lists every op at fault, not only the first.
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from pathlib import Path

import pytest

from irc.dialects import DIALECTS, dialect_ops
from tests.lit_runner import has_run_lines

HERE = Path(__file__).parent

# Ops the interpreter runs without a kernel of their own. Each entry says how; an op is
# listed here only when running it as an op would mean nothing.
NO_KERNEL = {
    # The container of everything: the interpreter looks functions up in its body and
    # never runs the module itself.
    "builtin.module": "a container; Interpreter.lookup searches its body",
    # A placeholder that a dialect conversion leaves between two type systems and removes
    # before it ends; it has no semantics of its own to run (MLIR gives it none either).
    "builtin.unrealized_conversion_cast": "a conversion placeholder without semantics",
    # A definition: Interpreter.call and func.call's kernel run its body (call_function).
    "func.func": "a definition; its body runs through Interpreter.call_function",
}


@cache
def run_mlir_text(dialect: str) -> str:
    """The non-comment lines of the dialect's run `.mlir` files, joined."""
    directory = HERE / dialect
    if not directory.is_dir():
        return ""
    python = "\n".join(p.read_text(encoding="utf-8") for p in directory.glob("*.py"))
    globbed = "roundtrip_files(" in python
    texts = []
    for path in sorted(directory.glob("*.mlir")):
        used = has_run_lines(path) or path.name in python
        if used or (globbed and path.name != "invalid.mlir"):
            lines = path.read_text(encoding="utf-8").splitlines()
            texts.append("\n".join(s for s in lines if not s.lstrip().startswith("//")))
    return "\n".join(texts)


def kernels(dialect: str) -> dict:
    try:
        module = importlib.import_module(f"irc.runtime.kernels.{dialect}")
    except ModuleNotFoundError:
        return {}
    return module.KERNELS


def mentions(text: str, op_name: str) -> bool:
    """Whether `op_name` appears as a whole name (not `scf.for` in `scf.forall`)."""
    return re.search(rf"(?<![\w.]){re.escape(op_name)}(?![\w.])", text) is not None


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_every_op_is_in_a_run_mlir_file(dialect: str):
    text = run_mlir_text(dialect)
    missing = [name for name in dialect_ops(dialect) if not mentions(text, name)]
    assert not missing, (
        f"ops of '{dialect}' in no run .mlir file under tests/dialects/{dialect}/: {missing}"
    )


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_every_op_has_a_kernel(dialect: str):
    table = kernels(dialect)
    missing = [
        name
        for name, cls in dialect_ops(dialect).items()
        if cls not in table and name not in NO_KERNEL
    ]
    assert not missing, f"ops of '{dialect}' without an interpreter kernel: {missing}"


def test_exemptions_are_current():
    """Each exempted op exists and still has no kernel: a stale entry is taken off."""
    stale = []
    for name in NO_KERNEL:
        dialect = name.split(".", 1)[0]
        ops = dialect_ops(dialect) or {}
        if name not in ops or ops[name] in kernels(dialect):
            stale.append(name)
    assert not stale, f"NO_KERNEL entries to remove: {stale}"


def test_a_missing_op_is_reported():
    """The check itself: a name absent from the text, or only in a longer name, is missing."""
    assert mentions("%0 = scf.for %i", "scf.for")
    assert not mentions("scf.forall", "scf.for")
    assert not mentions("xscf.for", "scf.for")
    assert not mentions(run_mlir_text("arith"), "arith.no_such_op")
