"""canonicalize: fold ops, apply every dialect's canonicalization patterns and simplify
regions until nothing changes, as MLIR's -canonicalize does.

The patterns are the `PATTERNS` of each `irc.dialects.<dialect>_canonicalize` module; the
folders are the ops' `fold` (the `FOLDERS` of `irc.dialects.<dialect>_folds`). The
greedy driver of `irc.passes.rewrite` applies them with MLIR's options and defaults:

    canonicalize{top-down=true region-simplify=normal max-iterations=10
                 max-num-rewrites=-1 test-convergence=false
                 disable-patterns=... enable-patterns=... debug=false}

The output is meant to be MLIR's own, names and order of constants included: the tests
compare it with `iree-opt -canonicalize` (iree-base-compiler 3.13) on a corpus of arith,
scf, cf, memref and func cases, on random functions and on the benchmark generator.

`region-simplify` takes MLIR's words (disabled, normal, aggressive) or true / false;
normal removes dead ops and dead block arguments across blocks, and aggressive does the
same (MLIR's merging of identical blocks is not implemented). Unreachable blocks are
erased before each iteration whatever the option, as MLIR does.

When the patterns still change the IR after `max-iterations` iterations, or keep undoing
each other within one (where MLIR would loop forever), a warning names the ops and the
patterns that kept firing (an error with `test-convergence=true`). `debug=true` (or
IRC_DEBUG_REWRITES=1) prints each rewrite, each failed match and why, with the rule's
file:line and the op's location.
"""

from __future__ import annotations

from dataclasses import dataclass

from irc.dialects import DIALECTS
from irc.ir.core import Operation
from irc.passes.pass_manager import Pass, PassContext, option
from irc.passes.rewrite import (
    GreedyConfig,
    Pattern,
    PatternSet,
    RewriteError,
    apply_patterns_greedily,
    canonicalize_module,
    report_non_convergence,
)

REGION_SIMPLIFY = {
    "disabled": "disabled",
    "false": "disabled",
    "0": "disabled",
    "normal": "normal",
    "true": "normal",
    "1": "normal",
    "aggressive": "aggressive",
}

_ALL_PATTERNS: list[Pattern] | None = None


def canonicalization_patterns() -> list[Pattern]:
    """Every registered dialect's canonicalization patterns, in dialect order."""
    global _ALL_PATTERNS
    if _ALL_PATTERNS is None:
        found: list[Pattern] = []
        for dialect in DIALECTS:
            module = canonicalize_module(dialect)
            found.extend(getattr(module, "PATTERNS", ()) if module is not None else ())
        _ALL_PATTERNS = found
    return _ALL_PATTERNS


_PATTERN_SETS: dict[tuple, PatternSet] = {}


def pattern_set(disabled: tuple[str, ...] = (), enabled: tuple[str, ...] = ()) -> PatternSet:
    """The canonicalization patterns less `disabled`, or only `enabled` when given; one
    set per filter, kept, so its per-op-class index is built once."""
    key = (disabled, enabled)
    found = _PATTERN_SETS.get(key)
    if found is None:
        patterns = [
            p
            for p in canonicalization_patterns()
            if p.name not in disabled and (not enabled or p.name in enabled)
        ]
        found = _PATTERN_SETS[key] = PatternSet(patterns)
    return found


@dataclass
class Canonicalize(Pass):
    name = "canonicalize"
    summary = "Canonicalize operations"

    top_down: bool = option(True, "seed the worklist in general top-down order")
    region_simplify: str = option(
        "normal", "control-flow simplification: disabled, normal or aggressive"
    )
    max_iterations: int = option(10, "max iterations between applying patterns / simplifying")
    max_num_rewrites: int = option(-1, "max number of pattern rewrites within an iteration")
    test_convergence: bool = option(False, "fail the pass when the rewrite does not converge")
    disable_patterns: list[str] = option([], "names of patterns to leave out")
    enable_patterns: list[str] = option([], "names of the only patterns to use")
    debug: bool = option(False, "print each rewrite and failed match (IRC_DEBUG_REWRITES=1)")

    def run(self, op: Operation, context: PassContext) -> None:
        simplify = REGION_SIMPLIFY.get(str(self.region_simplify).lower())
        if simplify is None:
            context.error(
                op,
                f"invalid value '{self.region_simplify}' for option 'region-simplify' of "
                "'canonicalize': expected disabled, normal or aggressive",
            )
            return
        config = GreedyConfig(
            max_iterations=self.max_iterations,
            max_num_rewrites=self.max_num_rewrites,
            top_down=self.top_down,
            region_simplify=simplify,
            debug=True if self.debug else None,
        )
        patterns = pattern_set(tuple(self.disable_patterns), tuple(self.enable_patterns))
        try:
            result = apply_patterns_greedily(op, patterns, config)
        except RewriteError as error:
            context.diagnostics.error(error.location, str(error))
            return
        if not result.converged:
            report_non_convergence(
                result, op, context.diagnostics, "canonicalize", error=self.test_convergence
            )
