"""`irc-opt -verify-diagnostics`: expectations that hold pass; every mismatch fails with a message.

Run in-process through `irc.tools.irc_opt.run`. Covers the location forms `@+N`, `@-N`,
`@above`, `@below` and absolute `@N`, the `-re` variants, notes, warnings and remarks, wrong
messages, wrong lines, wrong severities, diagnostics nobody expected, expectations nothing
produced, malformed expectations and `-split-input-file` line numbering.

Nothing in irc emits warnings or remarks yet, so those tests install a verifier that adds
one for each op carrying a `test.warning` or `test.remark` string attribute.
"""

from __future__ import annotations

import re

import pytest

import irc.ir.verifier
from irc.tools.irc_opt import run

FLAGS = ["-verify-diagnostics", "--allow-unregistered-dialect"]


def verify_diagnostics(text: str, *flags: str) -> tuple[int, str]:
    code, out, err = run(["-", *FLAGS, *flags], text)
    assert "Traceback" not in err
    return code, err


def passes(text: str, *flags: str) -> None:
    code, err = verify_diagnostics(text, *flags)
    assert (code, err) == (0, "")


def fails(text: str, *messages: str, flags: tuple[str, ...] = ()) -> str:
    """irc-opt exits 1 and prints each of `messages` (as `<stdin>:LINE:COL: error: ...`)."""
    code, err = verify_diagnostics(text, *flags)
    assert code == 1, err
    for message in messages:
        assert message in err, err
    return err


UNDECLARED = '"t.y"(%1) : (i32) -> ()'


# -- expectations that hold ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            f"{UNDECLARED} // expected-error {{{{use of undeclared SSA value name}}}}",
            id="same-line",
        ),
        pytest.param(f"// expected-error@+1 {{{{use of undeclared}}}}\n{UNDECLARED}", id="plus"),
        pytest.param(
            f"// expected-error@+3 {{{{undeclared}}}}\n\n// filler\n{UNDECLARED}", id="plus3"
        ),
        pytest.param(f"{UNDECLARED}\n// expected-error@-1 {{{{undeclared SSA}}}}", id="minus"),
        pytest.param(f"{UNDECLARED}\n\n// expected-error@-2 {{{{undeclared SSA}}}}", id="minus2"),
        pytest.param(f"// expected-error@below {{{{SSA value name}}}}\n{UNDECLARED}", id="below"),
        pytest.param(f"{UNDECLARED}\n// expected-error@above {{{{SSA value name}}}}", id="above"),
        pytest.param(f"// expected-error@3 {{{{undeclared}}}}\n\n{UNDECLARED}", id="absolute"),
        pytest.param(
            f"{UNDECLARED}\n// expected-error @-1 {{{{undeclared}}}}", id="space-before-at"
        ),
        pytest.param(
            f"// expected-error-re@+1 {{{{use of {{{{[a-z]+}}}} SSA value name}}}}\n{UNDECLARED}",
            id="regex",
        ),
        pytest.param(
            '%0 = "t.x"() : () -> i32 // expected-note {{previously defined here}}\n'
            "%0 = \"t.x\"() : () -> i32 // expected-error {{redefinition of SSA value '%0'}}",
            id="note",
        ),
        pytest.param(
            '%0 = "t.x"() : () -> i32\n'
            "// expected-note-re@-1 {{previously {{defined|declared}} here}}\n"
            "// expected-error-re@+1 {{redefinition of SSA value '{{%[0-9]+}}'}}\n"
            '%0 = "t.x"() : () -> i32',
            id="note-and-error-regex",
        ),
    ],
)
def test_expectations_that_hold(text):
    passes(text)


def test_no_diagnostics_and_no_expectations_passes():
    passes('"t.x"() : () -> ()')


def test_expectations_in_split_chunks_use_whole_file_lines():
    text = (
        f"// expected-error@+1 {{{{undeclared}}}}\n{UNDECLARED}\n"
        "// -----\n"
        '"t.ok"() : () -> ()\n'
        "// -----\n"
        f"\n\n{UNDECLARED} // expected-error {{{{undeclared}}}}\n"
        "// -----\n"
        "// expected-error@+1 {{expected function type}}\n"
        '"t.y"() : i32\n'
    )
    passes(text, "-split-input-file")
    # Without splitting, the first error (line 11) stops the parse; the others never come.
    err = fails(text, '<stdin>:1:4: error: expected error "undeclared" was not produced')
    assert '<stdin>:8:28: error: expected error "undeclared" was not produced' in err
    assert "expected function type" not in err


def test_every_verifier_fault_can_be_expected():
    passes(
        "func.func @f() {\n"
        "  func.return // expected-error {{must be the last operation in the parent block}}\n"
        '  "t.x"() : () -> ()\n'
        "}\n"
        "// expected-error@+1 {{'func.return' op expects parent op 'func.func'}}\n"
        '"func.return"() : () -> ()\n'
    )


def test_hint_of_unregistered_dialect_is_a_note():
    code, out, err = run(
        ["-", "-verify-diagnostics"],
        "// expected-error@+2 {{operation being parsed with an unregistered dialect 'foo'}}\n"
        "// expected-note@+1 {{use --allow-unregistered-dialect}}\n"
        '"foo.y"() : () -> ()\n',
    )
    assert (code, err) == (0, "")


# -- mismatches --------------------------------------------------------------------------------


def test_wrong_message():
    err = fails(
        f"{UNDECLARED} // expected-error {{{{use of undefined SSA value}}}}",
        "<stdin>:1:7: error: unexpected error: use of undeclared SSA value name",
        '<stdin>:1:28: error: expected error "use of undefined SSA value" was not produced',
    )
    assert len(re.findall(r"^<stdin>:\d+:\d+: error: ", err, re.MULTILINE)) == 2


def test_wrong_line():
    fails(
        f"// expected-error@+2 {{{{use of undeclared SSA value name}}}}\n{UNDECLARED}\n",
        "<stdin>:2:7: error: unexpected error: use of undeclared SSA value name",
        '<stdin>:1:4: error: expected error "use of undeclared SSA value name" was not produced',
    )


@pytest.mark.parametrize("where", ["@+2", "@-1", "@above", "@1", "@4", "@0"])
def test_wrong_line_in_each_form(where):
    """The expectation is on line 2, the error on line 3: only @+1, @below and @3 are right."""
    text = f'"t.ok"() : () -> ()\n// expected-error{where} {{{{undeclared}}}}\n{UNDECLARED}\n'
    fails(text, "unexpected error: use of undeclared SSA value name", "was not produced")
    for right in ("@+1", "@below", "@3"):
        passes(text.replace(where, right))


def test_below_is_the_next_line_only():
    fails(
        f"// expected-error@below {{{{undeclared}}}}\n\n{UNDECLARED}",
        "<stdin>:3:7: error: unexpected error",
        "was not produced",
    )


def test_missing_expectation():
    """A diagnostic that no expectation names fails the run, as MLIR's does."""
    fails(UNDECLARED, "<stdin>:1:7: error: unexpected error: use of undeclared SSA value name")


def test_missing_expectation_for_a_note():
    fails(
        '%0 = "t.x"() : () -> i32\n'
        "%0 = \"t.x\"() : () -> i32 // expected-error {{redefinition of SSA value '%0'}}",
        "<stdin>:1:1: error: unexpected note: previously defined here",
    )


def test_expectation_nothing_produced():
    fails(
        '"t.ok"() : () -> () // expected-error {{something bad}}',
        '<stdin>:1:24: error: expected error "something bad" was not produced',
    )


def test_expected_note_not_produced():
    fails(
        f"{UNDECLARED} // expected-error {{{{undeclared}}}}\n"
        "// expected-note@-1 {{defined here}}",
        'error: expected note "defined here" was not produced',
    )


def test_one_diagnostic_meets_one_expectation():
    fails(
        f"// expected-error@+2 {{{{undeclared}}}}\n// expected-error@+1 {{{{undeclared}}}}\n"
        f"{UNDECLARED}",
        '<stdin>:2:4: error: expected error "undeclared" was not produced',
    )


def test_wrong_severity():
    fails(
        f"{UNDECLARED} // expected-warning {{{{use of undeclared SSA value name}}}}",
        "unexpected error: use of undeclared SSA value name",
        'expected warning "use of undeclared SSA value name" was not produced',
    )


def test_regex_that_does_not_match():
    fails(
        f"// expected-error-re@+1 {{{{use of {{{{[0-9]+}}}} SSA value name}}}}\n{UNDECLARED}",
        "unexpected error: use of undeclared SSA value name",
        'expected error "use of {{[0-9]+}} SSA value name" was not produced',
    )


def test_regex_metacharacters_outside_braces_are_literal():
    fails(
        f"// expected-error-re@+1 {{{{use.of undeclared}}}}\n{UNDECLARED}",
        "was not produced",
    )


@pytest.mark.parametrize(
    "comment",
    [
        "// expected-error@+1 use of undeclared",
        "// expected-error@+1 {{use of undeclared",
        "// expected-error@next {{use of undeclared}}",
        "// expected-error@+1 {{use of undeclared}} trailing words",
    ],
)
def test_malformed_expectation(comment):
    """MLIR skips such a line silently (and the diagnostic then shows up as unexpected);
    irc also says which line is malformed."""
    fails(f"{comment}\n{UNDECLARED}", "<stdin>:1:1: error: malformed expectation")


def test_without_verify_diagnostics_expectations_are_comments():
    code, out, err = run(
        ["-", "--allow-unregistered-dialect"], f"{UNDECLARED} // expected-error {{{{x}}}}"
    )
    assert code == 1
    assert err.startswith("<stdin>:1:7: error: use of undeclared SSA value name")


# -- warnings and remarks ----------------------------------------------------------------------


@pytest.fixture
def warning_verifier(monkeypatch):
    """A verifier that also warns or remarks at ops carrying `test.warning`/`test.remark`."""
    real = irc.ir.verifier.verify

    def verify(op, diagnostics=None):
        ok = real(op, diagnostics)
        for inner in op.walk():
            for key, severity in (("test.warning", "warning"), ("test.remark", "remark")):
                attr = inner.attributes.get(key)
                if attr is not None:
                    getattr(diagnostics, severity)(inner.location, attr.value)
        return ok

    monkeypatch.setattr(irc.ir.verifier, "verify", verify)


WARN = '"t.w"() {test.warning = "value is unused"} : () -> ()'
REMARK = '"t.r"() {test.remark = "folded 3 ops"} : () -> ()'


def test_warning_and_remark_expected(warning_verifier):
    passes(
        f"{WARN} // expected-warning {{{{value is unused}}}}\n"
        f"// expected-remark@+1 {{{{folded 3 ops}}}}\n"
        f"{REMARK}\n"
    )
    passes(f"// expected-remark-re@below {{{{folded {{{{[0-9]+}}}} ops}}}}\n{REMARK}")
    # Without -re, braces inside the message are literal text.
    fails(
        f"// expected-remark@below {{{{folded {{{{[0-9]+}}}} ops}}}}\n{REMARK}",
        "unexpected remark: folded 3 ops",
    )


def test_warning_unexpected(warning_verifier):
    fails(WARN, "<stdin>:1:1: error: unexpected warning: value is unused")


def test_warning_expected_as_error(warning_verifier):
    fails(
        f"{WARN} // expected-error {{{{value is unused}}}}",
        "unexpected warning: value is unused",
        'expected error "value is unused" was not produced',
    )


def test_warnings_alone_do_not_fail_a_plain_run(warning_verifier):
    code, out, err = run(["-", "--allow-unregistered-dialect"], WARN)
    assert code == 0
    assert "<stdin>:1:1: warning: value is unused" in err
