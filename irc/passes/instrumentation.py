"""Pass instrumentations that irc-opt's debugging flags install: IR printing and timing.

Both write what MLIR's mlir-opt writes (pinned to the MLIR in iree-base-compiler 3.13), so
that habits and scripts carry over:

    // -----// IR Dump After CSEPass: cse //----- //
    func.func @f(%arg0: i32) -> i32 {
    ...

    ===-------------------------------------------------------------------------===
                             ... Execution time report ...
    ===-------------------------------------------------------------------------===
      Total Execution Time: 0.0007 seconds

      ----Wall Time----  ----Name----
        0.0004 ( 59.3%)  Parser
        0.0001 ( 12.2%)  'func.func' Pipeline
        0.0001 (  9.6%)    CSEPass
        ...

The pass name in a header or a timing row is MLIR's C++ class name for the passes MLIR has
(`CSEPass`), else the Python class name; the text after the colon is the pass with all its
options, as MLIR prints it.
irc runs passes on one thread, so the timing report has the wall-time column only, as
`mlir-opt --mlir-disable-threading` prints it.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TextIO

from irc.ir.core import Operation
from irc.passes.pass_manager import Instrumentation, OpPassManager, Pass, format_option_value

# -- IR printing -----------------------------------------------------------------------------


# The names MLIR (iree-opt 3.13) prints for its passes in IR dump headers and timing rows:
# its C++ class names. A pass MLIR does not have shows its Python class name.
MLIR_PASS_NAMES = {
    "canonicalize": "CanonicalizerPass",
    "convert-scf-to-cf": "SCFToControlFlowPass",
    "cse": "CSEPass",
    "inline": "InlinerPass",
    "loop-invariant-code-motion": "LoopInvariantCodeMotionPass",
    "reconcile-unrealized-casts": "ReconcileUnrealizedCastsPass",
    "sccp": "SCCPPass",
    "strip-debuginfo": "StripDebugInfoPass",
    "symbol-dce": "SymbolDCEPass",
    "view-op-graph": "ViewOpGraphPass",
}


def pass_display_name(pass_: Pass) -> str:
    """The name MLIR prints for a pass in dumps and timing rows."""
    return MLIR_PASS_NAMES.get(pass_.name) or type(pass_).__name__


def pass_with_all_options(pass_: Pass) -> str:
    """`canonicalize{max-iterations=10 top-down=true}`: every option, sorted by name, as
    MLIR's IR dump headers print a pass (`options_text` prints only changed ones)."""
    parts = []
    for f in pass_.option_fields():
        value = getattr(pass_, f.name)
        if isinstance(value, (list, tuple)) and not value:
            continue  # MLIR prints nothing for an empty list option
        parts.append(f"{pass_.option_name(f)}={format_option_value(value)}")
    return pass_.name + ("{" + " ".join(sorted(parts)) + "}" if parts else "")


def _symbol_name(op: Operation) -> str | None:
    attr = op.properties.get("sym_name") or op.attributes.get("sym_name")
    value = getattr(attr, "value", None)
    return value if isinstance(value, str) else None


def _top_level(op: Operation) -> Operation:
    while op.parent_op is not None:
        op = op.parent_op
    return op


class IRPrinter(Instrumentation):
    """Prints the IR before and/or after passes, as `--mlir-print-ir-*` ask.

    `before` / `after`: pass names to print around; `*_all` for every pass. `after_change`
    and `after_failure` narrow the "after" dumps to passes that changed the IR / failed
    (`after_failure` alone prints after failed passes). `module_scope` prints the whole
    top-level op. `tree_dir` writes each dump to its own file, named as MLIR names them."""

    def __init__(
        self,
        *,
        before: Iterable[str] = (),
        after: Iterable[str] = (),
        before_all: bool = False,
        after_all: bool = False,
        after_change: bool = False,
        after_failure: bool = False,
        module_scope: bool = False,
        tree_dir: str | None = None,
        print_options: dict | None = None,
        stream: TextIO | None = None,
        before_failure_dump: Callable[[], None] | None = None,
    ) -> None:
        self.before = set(before)
        self.after = set(after)
        self.before_all = before_all
        self.after_all = after_all
        self.after_change = after_change
        self.after_failure = after_failure
        self.module_scope = module_scope
        self.tree_dir = tree_dir
        self.print_options = print_options or {}
        self.stream = stream
        # MLIR prints diagnostics as they come, so a pass's error precedes its failure dump;
        # a driver that collects them passes a function that prints those so far
        self.before_failure_dump = before_failure_dump
        self._counters: dict[Operation, int] = {}

    @property
    def needs_change(self) -> bool:  # read by PassManager: compute `changed` only if asked
        return self.after_change

    def enabled(self) -> bool:
        """Whether any dump can be printed (`--mlir-print-ir-after-change` alone prints none,
        as in MLIR: it narrows the other flags)."""
        return bool(
            self.before or self.after or self.before_all or self.after_all or self.after_failure
        )

    def _prints_before(self, pass_: Pass) -> bool:
        return self.before_all or pass_.name in self.before

    def _prints_after(self, pass_: Pass) -> bool:
        return self.after_all or self.after_failure or pass_.name in self.after

    # -- hooks ---------------------------------------------------------------------------

    def before_pass(self, pass_: Pass, op: Operation) -> None:
        if self._prints_before(pass_):
            self._dump(f"IR Dump Before {pass_display_name(pass_)}", pass_, op)

    def after_pass(self, pass_: Pass, op: Operation, changed: bool) -> None:
        if self.after_failure or (self.after_change and not changed):
            return
        if self._prints_after(pass_):
            self._dump(f"IR Dump After {pass_display_name(pass_)}", pass_, op)

    def after_failed_pass(self, pass_: Pass, op: Operation) -> None:
        if self._prints_after(pass_):
            if self.before_failure_dump is not None:
                self.before_failure_dump()
            self._dump(f"IR Dump After {pass_display_name(pass_)} Failed", pass_, op)

    # -- output --------------------------------------------------------------------------

    def _dump(self, title: str, pass_: Pass, op: Operation) -> None:
        from irc.frontend.printer import print_op

        header = f"// -----// {title}: {pass_with_all_options(pass_)}"
        printed = op
        if self.module_scope:
            symbol = _symbol_name(op)
            header += f" ('{op.name}' operation" + (f": @{symbol})" if symbol else ")")
            printed = _top_level(op)
        text = print_op(printed, **self.print_options)
        # MLIR ends a dump with a blank line, and a top-level op's print with a newline more
        blank = "\n\n" if printed.parent_op is None else "\n"
        dump = f"{header} //----- //\n{text}{blank}"
        if self.tree_dir is None:
            (self.stream or sys.stderr).write(dump)
            return
        path = self._tree_path(op, pass_.name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as handle:
            handle.write(dump)

    def _tree_path(self, op: Operation, argument: str) -> str:
        """`<dir>/builtin_module_no-symbol-name/func_func_f/0_1_cse.mlir`: a folder per op from
        the top down (op name with `_` for `.`, then its symbol), and a file named by how many
        dumps each of those ops has had, then the pass; as MLIR's tree printer names them."""
        self._counters[op] = self._counters.get(op, -1) + 1
        chain = [op, *op.ancestors()]
        chain.reverse()
        folders = [
            f"{o.name.replace('.', '_')}_{_symbol_name(o) or 'no-symbol-name'}" for o in chain
        ]
        counts = [str(self._counters.setdefault(o, 0)) for o in chain]
        return os.path.join(self.tree_dir, *folders, "_".join(counts) + f"_{argument}.mlir")


# -- timing ----------------------------------------------------------------------------------

_RULE = "===" + "-" * 73 + "==="
_TITLE = "... Execution time report ..."


@dataclasses.dataclass
class Timer:
    """A named wall-clock timer with nested timers; starts and stops accumulate. A hidden
    timer shows its children in its place in the tree display (MLIR hides the "Pipeline
    Collection" of a nested pass manager that way)."""

    name: str
    hidden: bool = False
    wall: float = 0.0
    children: dict[object, Timer] = dataclasses.field(default_factory=dict)
    _started: float | None = None

    def nest(self, key: object, name: str, hidden: bool = False) -> Timer:
        child = self.children.get(key)
        if child is None:
            child = self.children[key] = Timer(name, hidden)
        return child

    def start(self) -> None:
        self._started = time.perf_counter()

    def stop(self) -> None:
        if self._started is not None:
            self.wall += time.perf_counter() - self._started
            self._started = None


class TimingManager:
    """The root of a run's timers and its report, as `--mlir-timing` prints it."""

    def __init__(self, display: str = "tree") -> None:
        if display not in ("tree", "list"):
            raise ValueError(f"unknown timing display '{display}' (tree or list)")
        self.display = display
        self.root = Timer("root")
        self.root.start()

    @contextmanager
    def scope(self, name: str) -> Iterator[Timer]:
        """Time the body as the top-level row `name` (Parser, Output, ...)."""
        timer = self.root.nest(name, name)
        timer.start()
        try:
            yield timer
        finally:
            timer.stop()

    def instrumentation(self) -> PassTiming:
        return PassTiming(self.root)

    def report(self) -> str:
        self.root.stop()
        total = self.root.wall
        rows = self._tree_rows() if self.display == "tree" else self._list_rows()
        rest = max(total - sum(t.wall for t in self.root.children.values()), 0.0)
        rows += [(rest, "Rest"), (total, "Total")]
        lines = [
            _RULE,
            " " * ((80 - len(_TITLE)) // 2) + _TITLE,
            _RULE,
            f"  Total Execution Time: {total:.4f} seconds",
            "",
            "  ----Wall Time----  ----Name----",
        ]
        lines += [_row(wall, total, name) for wall, name in rows]
        return "\n".join(lines) + "\n"

    def _tree_rows(self) -> list[tuple[float, str]]:
        rows: list[tuple[float, str]] = []

        def visit(timer: Timer, depth: int) -> None:
            for child in timer.children.values():
                if child.hidden:
                    visit(child, depth)
                    continue
                rows.append((child.wall, "  " * depth + child.name))
                visit(child, depth + 1)

        visit(self.root, 0)
        return rows

    def _list_rows(self) -> list[tuple[float, str]]:
        """Every timer, merged by name and sorted by time, the root included, as MLIR's
        list display does."""
        merged: dict[str, float] = {}
        stack = [self.root]
        while stack:
            timer = stack.pop()
            merged[timer.name] = merged.get(timer.name, 0.0) + timer.wall
            stack.extend(reversed(list(timer.children.values())))
        order = {name: index for index, name in enumerate(merged)}
        return sorted(((w, n) for n, w in merged.items()), key=lambda r: (-r[0], order[r[1]]))


def _row(wall: float, total: float, name: str) -> str:
    percent = 100.0 * wall / total if total > 0 else 0.0
    return f"  {wall:8.4f} ({percent:5.1f}%)  {name}"


class PassTiming(Instrumentation):
    """Times each pass and nested pipeline under `parent`: a row per pass (by instance, so a
    pass that appears twice has two rows) and `'func.func' Pipeline` per nested manager."""

    def __init__(self, parent: Timer) -> None:
        self.stack = [parent]

    def before_nested(self, manager: OpPassManager, op: Operation) -> None:
        collection = self.stack[-1].nest(
            id(manager), f"Pipeline Collection : ['{manager.anchor}']", hidden=True
        )
        pipeline = collection.nest(manager.anchor, f"'{manager.anchor}' Pipeline")
        collection.start()
        pipeline.start()
        self.stack += [collection, pipeline]

    def after_nested(self, manager: OpPassManager, op: Operation) -> None:
        for _ in range(2):
            self.stack.pop().stop()

    def before_pass(self, pass_: Pass, op: Operation) -> None:
        timer = self.stack[-1].nest(id(pass_), pass_display_name(pass_))
        timer.start()
        self.stack.append(timer)

    def after_pass(self, pass_: Pass, op: Operation, changed: bool) -> None:
        self.stack.pop().stop()

    def after_failed_pass(self, pass_: Pass, op: Operation) -> None:
        self.stack.pop().stop()


def timed(manager: TimingManager | None, name: str) -> AbstractContextManager:
    """`with timed(manager, "Parser"):` times the block when timing is on."""
    if manager is None:
        return _no_timing()
    return manager.scope(name)


@contextmanager
def _no_timing() -> Iterator[None]:
    yield None
