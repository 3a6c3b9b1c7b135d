"""Helpers for the tests of the transformation passes (cse, dce, licm, sccp, inline, ...).

- `random_function(seed)`: the text of a random `func.func @f` over i32 values with many
  repeated expressions, constants, loads and stores, scf.if / scf.for nests and (at the
  top) cf branches, so that every pass has something to do. The interpreter runs it
  without faults (no division, in-bounds indices).
- `run_f(module)`: the interpreter's results of @f on fixed arguments, with the final
  contents of the memref argument.
- `random_call_graph(seed)`: functions @f0..@fN calling one another (no recursion), for
  inline and sccp; `run_f0(text, a, b)` runs @f0.
- `apply(text, pipeline)`: irc-opt's output for a pass list.
- `iree_opt(...)`, `normalized(text)`: MLIR's output, and a text printed back by iree-opt
  (generic form), so that irc's and MLIR's prints compare exactly.
"""

from __future__ import annotations

import random
import shutil
import subprocess

import numpy as np

from irc.frontend.parser import parse
from irc.runtime.interpreter import Interpreter
from irc.tools.irc_opt import run

IREE_OPT = shutil.which("iree-opt")


def _iree_opt_binary() -> str | None:
    """The compiled iree-opt (the console script is a Python wrapper: 0.5 s a run)."""
    if IREE_OPT is None:
        return None
    try:
        from iree.compiler.tools import binaries

        return binaries.find_tool("iree-opt") or IREE_OPT
    except Exception:  # noqa: BLE001 - any failure: use the wrapper on PATH
        return IREE_OPT


IREE_OPT_BINARY = _iree_opt_binary()
TIMEOUT_S = 120

SIGNATURE = "(%a: i32, %b: i32, %n: index, %m: memref<8xi32>) -> (i32, i32, i32)"
ARGUMENTS = (7, -3, 4)
BINARY = ("addi", "subi", "muli", "andi", "ori", "xori", "maxsi", "minsi")
COMMUTATIVE = ("addi", "muli", "andi", "ori", "xori", "maxsi", "minsi")
PREDICATES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult")
CONSTANTS = (0, 1, 2, 3, -1, 5)


class _Scope:
    """The i32 values visible at a point, and expressions that may be repeated there."""

    def __init__(self, parent: _Scope | None = None) -> None:
        self.values: list[str] = list(parent.values) if parent else []
        self.exprs: list[str] = list(parent.exprs) if parent else []


class _Writer:
    def __init__(self, seed: int, size: int) -> None:
        self.rng = random.Random(seed)
        self.budget = size
        self.count = 0
        self.lines: list[str] = []

    def fresh(self) -> str:
        self.count += 1
        return f"%v{self.count}"

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("  " * indent + text)

    def pick(self, scope: _Scope) -> str:
        values = scope.values
        # Prefer recent values and the arguments, so that expressions repeat.
        if self.rng.random() < 0.3:
            return self.rng.choice(values[:2])
        return self.rng.choice(values[-6:])

    # -- statements ----------------------------------------------------------------------

    def expression(self, indent: int, scope: _Scope) -> None:
        rng = self.rng
        roll = rng.random()
        if scope.exprs and roll < 0.25:
            expr = rng.choice(scope.exprs)
        elif roll < 0.4:
            expr = f"arith.constant {rng.choice(CONSTANTS)} : i32"
        elif roll < 0.5:
            x, y = self.pick(scope), self.pick(scope)
            flag = self.fresh()
            self.emit(indent, f"{flag} = arith.cmpi {rng.choice(PREDICATES)}, {x}, {y} : i32")
            expr = f"arith.select {flag}, {self.pick(scope)}, {self.pick(scope)} : i32"
        else:
            op = rng.choice(BINARY)
            x, y = self.pick(scope), self.pick(scope)
            if op in COMMUTATIVE and rng.random() < 0.3:
                x, y = y, x
            expr = f"arith.{op} {x}, {y} : i32"
        name = self.fresh()
        self.emit(indent, f"{name} = {expr}")
        scope.exprs.append(expr)
        scope.values.append(name)

    def memory(self, indent: int, scope: _Scope) -> None:
        index = f"%c{self.rng.randrange(8)}"
        if self.rng.random() < 0.6:
            name = self.fresh()
            self.emit(indent, f"{name} = memref.load %m[{index}] : memref<8xi32>")
            scope.values.append(name)
        else:
            self.emit(indent, f"memref.store {self.pick(scope)}, %m[{index}] : memref<8xi32>")

    def if_op(self, indent: int, scope: _Scope, depth: int) -> None:
        flag = self.fresh()
        x, y = self.pick(scope), self.pick(scope)
        self.emit(indent, f"{flag} = arith.cmpi {self.rng.choice(PREDICATES)}, {x}, {y} : i32")
        name = self.fresh()
        self.emit(indent, f"{name} = scf.if {flag} -> (i32) {{")
        inner = _Scope(scope)
        self.body(indent + 1, inner, depth + 1)
        self.emit(indent + 1, f"scf.yield {self.pick(inner)} : i32")
        self.emit(indent, "} else {")
        inner = _Scope(scope)
        self.body(indent + 1, inner, depth + 1)
        self.emit(indent + 1, f"scf.yield {self.pick(inner)} : i32")
        self.emit(indent, "}")
        scope.values.append(name)

    def for_op(self, indent: int, scope: _Scope, depth: int) -> None:
        name, iv, acc = self.fresh(), self.fresh(), self.fresh()
        init = self.pick(scope)
        step = "%c1" if self.rng.random() < 0.7 else "%c2"
        self.emit(
            indent,
            f"{name} = scf.for {iv} = %c0 to %n step {step} iter_args({acc} = {init}) -> (i32) {{",
        )
        inner = _Scope(scope)
        inner.values.append(acc)
        self.body(indent + 1, inner, depth + 1)
        self.emit(indent + 1, f"scf.yield {self.pick(inner)} : i32")
        self.emit(indent, "}")
        scope.values.append(name)

    def body(self, indent: int, scope: _Scope, depth: int) -> None:
        for _ in range(self.rng.randint(2, 6)):
            if self.budget <= 0:
                break
            self.budget -= 1
            roll = self.rng.random()
            if depth < 3 and roll < 0.12:
                self.if_op(indent, scope, depth)
            elif depth < 3 and roll < 0.24:
                self.for_op(indent, scope, depth)
            elif roll < 0.36:
                self.memory(indent, scope)
            else:
                self.expression(indent, scope)

    def function(self, blocks: bool) -> str:
        self.emit(0, f"func.func @f{SIGNATURE} {{")
        for k in range(8):
            self.emit(1, f"%c{k} = arith.constant {k} : index")
        top = _Scope()
        top.values = ["%a", "%b"]
        self.body(1, top, 0)
        if blocks:
            flag = self.fresh()
            self.emit(1, f"{flag} = arith.cmpi slt, {self.pick(top)}, {self.pick(top)} : i32")
            self.emit(1, f"cf.cond_br {flag}, ^bb1, ^bb2")
            for label in ("^bb1", "^bb2"):
                self.emit(0, f"{label}:")
                inner = _Scope(top)
                self.body(1, inner, 0)
                self.emit(1, f"cf.br ^bb3({self.pick(inner)} : i32)")
            joined = self.fresh()
            self.emit(0, f"^bb3({joined}: i32):")
            top.values.append(joined)
            self.body(1, top, 0)
        results = ", ".join(self.pick(top) for _ in range(3))
        self.emit(1, f"return {results} : i32, i32, i32")
        self.emit(0, "}")
        return "\n".join(self.lines) + "\n"


def random_function(seed: int, size: int = 40, blocks: bool | None = None) -> str:
    """A random `func.func @f` (see the module docstring); cf blocks on odd seeds."""
    return _Writer(seed, size).function(seed % 2 == 1 if blocks is None else blocks)


def run_f(module_or_text, name: str = "f") -> tuple:
    """@f's results on ARGUMENTS and a fixed memref, with the memref's final contents."""
    module = parse(module_or_text) if isinstance(module_or_text, str) else module_or_text
    buffer = np.arange(8, dtype=np.int32) * 3 - 5
    results = Interpreter(module).call(name, *ARGUMENTS, buffer)
    return tuple(int(v) for v in results), tuple(int(v) for v in buffer)


def apply(text: str, *flags: str) -> str:
    """irc-opt's print of `text` after the passes `flags` (e.g. "-cse")."""
    code, out, err = run(["-", *flags], text)
    assert code == 0, f"irc-opt {' '.join(flags)} failed:\n{err}\n--- input ---\n{text}"
    return out


def iree_opt(text: str, *flags: str) -> str:
    result = subprocess.run(
        [IREE_OPT_BINARY, "--allow-unregistered-dialect", *flags, "-"],
        input=text,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert result.returncode == 0, f"iree-opt {' '.join(flags)} failed:\n{result.stderr}"
    return result.stdout


def normalized(text: str, debuginfo: bool = False) -> str:
    """`text` as iree-opt prints it back in the generic form (names, order, aliases),
    with its locations when `debuginfo`."""
    flags = ("--mlir-print-debuginfo",) if debuginfo else ()
    return iree_opt(text, "--mlir-print-op-generic", *flags)


def count_ops(text: str) -> int:
    module = parse(text, allow_unregistered=True)
    return sum(1 for _ in module.walk()) - 1


def random_call_graph(seed: int, count: int = 7) -> str:
    """Functions @f0..@fN over two i32 arguments; @fi calls only @fj with j > i, in
    straight-line code, in scf.if regions and across cf blocks; @f0 is public."""
    rng = random.Random(seed)
    lines = []
    for i in range(count):
        visibility = "" if i == 0 else rng.choice(("private ", "private ", "", "nested "))
        lines.append(f"func.func {visibility}@f{i}(%a: i32, %b: i32) -> i32 {{")
        values = ["%a", "%b"]
        counter = 0

        def fresh() -> str:
            nonlocal counter
            counter += 1
            return f"%v{counter}"

        def call(callees: list[int], x: str, y: str) -> str:
            return f"func.call @f{rng.choice(callees)}({x}, {y}) : (i32, i32) -> i32"

        def statement(indent: str, pool: list[str], callees: list[int]) -> None:
            x, y = rng.choice(pool), rng.choice(pool)
            name = fresh()
            roll = rng.random()
            if callees and roll < 0.35:
                lines.append(f"{indent}{name} = {call(callees, x, y)}")
            elif callees and roll < 0.45:
                flag = fresh()
                lines.append(f"{indent}{flag} = arith.cmpi slt, {x}, {y} : i32")
                lines.append(f"{indent}{name} = scf.if {flag} -> (i32) {{")
                inner = fresh()
                lines.append(f"{indent}  {inner} = {call(callees, y, x)}")
                lines.append(f"{indent}  scf.yield {inner} : i32")
                lines.append(f"{indent}}} else {{")
                lines.append(f"{indent}  scf.yield {x} : i32")
                lines.append(f"{indent}}}")
            else:
                op = rng.choice(("addi", "subi", "muli", "xori", "maxsi"))
                lines.append(f"{indent}{name} = arith.{op} {x}, {y} : i32")
            pool.append(name)

        callees = list(range(i + 1, count))
        for _ in range(rng.randint(1, 4)):
            statement("  ", values, callees)
        if rng.random() < 0.4:
            flag = fresh()
            lines.append(f"  {flag} = arith.cmpi sgt, {values[-1]}, %a : i32")
            lines.append(f"  cf.cond_br {flag}, ^bb1, ^bb2")
            for label in ("^bb1", "^bb2"):
                lines.append(f"{label}:")
                pool = list(values)
                statement("  ", pool, callees)
                lines.append(f"  return {pool[-1]} : i32")
        else:
            lines.append(f"  return {values[-1]} : i32")
        lines.append("}")
    return "\n".join(lines) + "\n"


def run_f0(text: str, a: int = 5, b: int = -3) -> list[int]:
    return [int(v) for v in Interpreter(parse(text)).call("f0", a, b)]
