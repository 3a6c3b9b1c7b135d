"""`-verify-diagnostics`: match emitted diagnostics against `// expected-*` comments.

    %x = "foo.b"(%y) : (i32) -> ()  // expected-error {{use of undeclared SSA value name}}
    // expected-error@+1 {{does not dominate}}
    // expected-note@below {{operand defined here}}
    // expected-warning-re {{value {{[0-9]+}} unused}}

The location suffix is `@+N`, `@-N`, `@above`, `@below` or an absolute line `@N`; the
message is a substring of the diagnostic's, or with `-re` a pattern whose `{{...}}` parts
are regular expressions. Each diagnostic must match an expectation on its line, and each
expectation must be matched, as in MLIR.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from irc.ir.diagnostics import Diagnostic
from irc.ir.location import FileLineColLoc

_EXPECTED = re.compile(
    r"expected-(error|warning|note|remark)(-re)?\s*"
    r"(?:@([+-]\d+|above|below|\d+))?\s*\{\{(.*)\}\}\s*$"
)
_MALFORMED = re.compile(r"expected-(error|warning|note|remark)\b")


@dataclass
class Expectation:
    severity: str
    line: int
    text: str
    pattern: re.Pattern | None
    source_line: int
    source_col: int
    matched: bool = False

    def matches(self, message: str) -> bool:
        if self.pattern is not None:
            return self.pattern.search(message) is not None
        return self.text in message


def _compile(text: str) -> re.Pattern:
    """Literal text with `{{regex}}` parts, as MLIR's -re expectations are written."""
    parts = re.split(r"\{\{(.*?)\}\}", text)
    return re.compile("".join(p if i % 2 else re.escape(p) for i, p in enumerate(parts)))


def collect_expectations(text: str, line_offset: int = 0) -> tuple[list[Expectation], list[str]]:
    """The expectations in `text`, and messages for malformed ones."""
    found: list[Expectation] = []
    problems: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1 + line_offset):
        comment = line.find("//")
        if comment < 0 or "expected-" not in line[comment:]:
            continue
        body = line[comment:]
        match = _EXPECTED.search(body)
        if match is None:
            if _MALFORMED.search(body):
                problems.append(
                    f"{number}: malformed expectation (expected-KIND[-re][@LOC] {{{{message}}}})"
                )
            continue
        severity, regex, where, message = match.groups()
        target = number
        if where == "above":
            target = number - 1
        elif where == "below":
            target = number + 1
        elif where and where[0] in "+-":
            target = number + int(where)
        elif where:
            target = int(where)
        column = comment + match.start() + 1
        found.append(
            Expectation(
                severity, target, message, _compile(message) if regex else None, number, column
            )
        )
    return found, problems


def flatten(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Each diagnostic followed by its hint and notes, as separate diagnostics."""
    flat = []
    for diag in diagnostics:
        flat.append(diag)
        if diag.hint:
            flat.append(Diagnostic("note", diag.location, diag.hint))
        flat.extend(flatten(diag.notes))
    return flat


def check(
    diagnostics: list[Diagnostic], expectations: list[Expectation], filename: str
) -> list[Diagnostic]:
    """Mismatches as error diagnostics: unexpected diagnostics and unmet expectations."""
    problems: list[Diagnostic] = []
    for diag in flatten(diagnostics):
        flc = diag.location.file_line_col()
        line = flc.line if flc is not None and flc.filename == filename else None
        for expectation in expectations:
            if (
                not expectation.matched
                and expectation.line == line
                and expectation.severity == diag.severity
                and expectation.matches(diag.message)
            ):
                expectation.matched = True
                break
        else:
            problems.append(
                Diagnostic("error", diag.location, f"unexpected {diag.severity}: {diag.message}")
            )
    for expectation in expectations:
        if not expectation.matched:
            loc = FileLineColLoc(filename, expectation.source_line, expectation.source_col)
            problems.append(
                Diagnostic(
                    "error",
                    loc,
                    f'expected {expectation.severity} "{expectation.text}" was not produced',
                )
            )
    return problems
