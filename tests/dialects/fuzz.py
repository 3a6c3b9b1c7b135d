"""Random programs against MLIR, shared by the dialects' fuzz tests: a seed's cases, split
into one input, give the same diagnostics in irc-opt and iree-opt (or both accept a case),
and the cases irc-opt accepts print the same in both, custom and generic."""

from __future__ import annotations

import re
from collections.abc import Callable

from irc.tools.irc_opt import run
from tests.test_mlir_agreement import iree_opt

CASES_PER_SEED = 60
SPLIT = "\n// -----\n"
GENERIC = "--mlir-print-op-generic"


def errors(text: str, skip: tuple[str, ...] = ()) -> list[str]:
    """`line: error: message` of each error in a tool's stderr, but those whose message is
    in `skip` (columns aside: MLIR and irc may point a parse error at different ends of a
    token)."""
    found = re.findall(r"^[^\n:]*:(\d+):\d+: error: (.*)$", text, re.M)
    return [f"{line}: {message}" for line, message in found if message not in skip]


def check_agrees_with_mlir(case: Callable[[], str], mlir_only: tuple[str, ...] = ()) -> None:
    """`CASES_PER_SEED` cases of `case()` (each a function `@f`): irc-opt reports the
    errors iree-opt reports (but those in `mlir_only`), and the module of the cases it
    accepts prints as iree-opt prints it."""
    cases = [case() for _ in range(CASES_PER_SEED)]
    text = SPLIT.join(cases)
    mlir = iree_opt(["--split-input-file", "-"], text)
    _, _, err = run(["--split-input-file", "-"], text)
    assert errors(err) == errors(mlir.stderr, mlir_only)
    valid = []
    for index, one in enumerate(cases):
        if run(["-"], one)[0] == 0:
            valid.append(one.replace("@f(", f"@f{index}(", 1))
    module = "\n".join(valid)
    for flags in ([], [GENERIC]):
        ours = run([*flags, "-"], module)[1]
        assert ours == iree_opt([*flags, "-"], module).stdout
