"""Token-level fuzzing of the parser, the verifier and irc-opt: bad text never crashes.

Valid seed files (generic and custom forms, regions, blocks, attributes, types, locations)
are mutated one to three times: delete, duplicate or swap tokens, truncate, insert
punctuation or an odd character (tab, CR, NUL, BOM, non-ASCII), replace a token by another
token of the file or by a keyword fragment, drop a character inside a token, break a line.
Every mutant must either parse, and
then print and parse again, or fail with `irc.IRError` whose diagnostics are all located
inside the mutated text. Parses that succeed are verified; the verifier too may only
report located diagnostics. Nothing may hang: each step runs under a hard alarm and a
generous wall-clock bound. The same mutants go through `irc.tools.irc_opt.run`, which must
exit 0 or 1 with no traceback.
"""

from __future__ import annotations

import contextlib
import re
import signal
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import irc
from irc.frontend.lexer import TOKEN
from irc.frontend.printer import print_op
from irc.ir.diagnostics import DiagnosticEngine
from irc.ir.location import FileLineColLoc
from irc.ir.verifier import verify
from irc.tools.irc_opt import run

FILENAME = "fuzz.mlir"
SOFT_LIMIT_S = 2.0  # a mutant of a 15-line file that takes this long is a bug
HARD_LIMIT_S = 10  # the alarm that turns a hang into a failure

SEEDS = [
    # Plain ops, results, multi-result binding, result numbers, a forward reference.
    """%0 = "test.const"() {value = 42 : i32} : () -> i32
%1:2 = "test.pair"(%0) : (i32) -> (i32, f32)
"test.use"(%1#0, %1#1, %2) : (i32, f32, index) -> ()
%2 = "test.index"() : () -> index
""",
    # Regions, blocks with arguments, successors, a block argument location.
    """"test.func"() ({
^bb0(%arg0: i32, %arg1: tensor<4x?xf32>):
  %c = "test.cmp"(%arg0) : (i32) -> i1
  "test.cond_br"(%c, %arg0) [^bb1, ^bb2] : (i1, i32) -> ()
^bb1:
  "test.br"(%arg0) [^bb2] : (i32) -> ()
^bb2(%x: i32 loc("blk.mlir":7:9)):
  "test.return"(%x) : (i32) -> ()
}) {sym_name = "f"} : () -> ()
""",
    # Attributes of every builtin kind, properties, attribute and type aliases.
    """#map = affine_map<(d0, d1)[s0] -> (d0 + s0, d1 * 2, d0 floordiv 4)>
!t = tensor<2x3xf32>
"test.attrs"() <{prop = [1, 2.5 : f32, "s"]}> {
  a = #map, b = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : !t,
  c = array<i64: 1, -2, 3>, d = @sym::@nested, e = unit, f = true,
  g = 0x7FC00000 : f32, h = dense<"0x01020304"> : tensor<2xi16>,
  i = {nested = "x\\n\\22", other = -7 : i8}, j = #test.opaque<"x", [1, 2]>,
  k = i64, l = strided<[?, 1], offset: ?>, m = dense<1> : vector<4xi32>
} : () -> ()
""",
    # Types: shaped, scalable, memref layouts and spaces, complex, tuple, dialect types.
    """"test.types"() : () -> (memref<4x?xf32, strided<[?, 1], offset: 0>, 1>,
  vector<[4]x8xf16>, tensor<*xbf16>, complex<f64>, tuple<i1, index>,
  !test.thing<"a" -> b>, memref<*xi8>, si16, ui32, none, tensor<0x4xi8>)
""",
    # Custom forms of registered dialects: their parse hooks share the parser's tokens.
    """func.func @f(%arg0: i32, %arg1: f32, %m: memref<4xf32>) -> (i32, f32) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %0 = arith.addi %arg0, %arg0 : i32
  %1 = arith.mulf %arg1, %arg1 fastmath<fast> : f32
  %2 = arith.cmpi slt, %0, %arg0 : i32
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %1) -> (f32) {
    %v = memref.load %m[%i] : memref<4xf32>
    %s = arith.addf %acc, %v : f32
    scf.yield %s : f32
  }
  cf.cond_br %2, ^bb1(%0 : i32), ^bb2
^bb1(%x: i32):
  %e = math.exp %r : f32
  return %x, %e : i32, f32
^bb2:
  %z = arith.select %2, %0, %arg0 : i32
  %3 = func.call @g(%z) : (i32) -> i32
  return %3, %r : i32, f32
}
func.func private @g(i32) -> i32
""",
    # Nested modules with symbols, locations of every kind, a location alias used first.
    """module @outer attributes {test.flag} {
  module @inner {
    "test.op"() : () -> () loc(callsite("callee.mlir":1:2 at fused<"meta">["a.mlir":3:4,
      "name"("b.mlir":5:6)]))
  } loc(#loc1)
  %0 = "test.op"() ({
    "test.yield"() : () -> () loc(unknown)
  }, {
  ^bb0(%a: i64):
    "test.yield"(%a) : (i64) -> ()
  }) : () -> f32
}
#loc1 = loc("named")
""",
]

PUNCTUATION = list("()[]{}<>:,=%^@#!\"?*-+x.\\'/;|") + ["->", "::", "...", "//", "0x"]
KEYWORDS = [
    "dense<",
    "array<",
    "affine_map<",
    "strided<",
    "loc(",
    "tensor<",
    "memref<",
    "vector<",
    "complex<",
    "tuple<",
    "#map",
    "!t",
    "^bb0",
    "^bb9",
    "%0#1",
    "%9",
    "@sym",
    "unit",
    "true",
    "0x1p",
    "1.5e+",
    "-0x7FC00000",
    "99999999999999999999",
    "i0",
    "?x",
    "[4]x",
    "*x",
    "module",
    "builtin.module",
    '"builtin.module"',
    "{-#",
    "#-}",
    "...",
    "callsite(",
    "fused<",
]
ODD_CHARACTERS = ["\t", "\r", "\x00", "\x0c", "é", "∀", "\ufeff", "`", "~", "$"]

# A file for irc-opt's -split-input-file and -verify-diagnostics.
SPLIT_SEED = """// expected-error@+1 {{use of undeclared SSA value name}}
"test.y"(%1) : (i32) -> ()

// -----

%0 = "test.x"() : () -> i32
// expected-note@-1 {{previously defined here}}
%0 = "test.x"() : () -> i32 // expected-error {{redefinition of SSA value '%0'}}

// -----

"test.ok"() ({
^bb0(%a: i32):
  "test.br"(%a) [^bb1] : (i32) -> ()
^bb1:
  "test.t"() : () -> ()
}) : () -> ()
"""


class Hang(BaseException):
    """Raised by the alarm; a BaseException so no `except Exception` in irc swallows it."""


@contextlib.contextmanager
def time_limit(what: str):
    def on_alarm(signum, frame):
        raise Hang(f"{what} ran for more than {HARD_LIMIT_S} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(HARD_LIMIT_S)
    start = time.perf_counter()
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.perf_counter() - start
    assert elapsed < SOFT_LIMIT_S, f"{what} took {elapsed:.2f} s"


def tokens_of(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the lexer's tokens, comments excluded."""
    return [m.span() for m in TOKEN.finditer(text) if not m.group().startswith("//")]


@st.composite
def mutants(draw, seeds=tuple(SEEDS)) -> str:
    """A seed with one to three token mutations."""
    text = draw(st.sampled_from(seeds))
    count = draw(st.integers(1, 3))
    for _ in range(count):
        spans = tokens_of(text) or [(0, 0)]
        text = mutate(draw, text, spans)
    return text


def mutate(draw, text: str, spans: list[tuple[int, int]]) -> str:
    """One mutation of `text`, whose token spans are `spans`; "replace" is the last case."""
    kind = draw(
        st.sampled_from(
            [
                "delete",
                "duplicate",
                "swap",
                "truncate",
                "punct",
                "odd",
                "replace",
                "keyword",
                "char",
                "newline",
            ]
        )
    )
    index = draw(st.integers(0, len(spans) - 1))
    start, end = spans[index]
    token = text[start:end]
    if kind == "delete":
        return text[:start] + text[end:]
    if kind == "duplicate":
        return text[:end] + " " + token + text[end:]
    if kind == "swap":
        other = draw(st.integers(0, len(spans) - 1))
        (a, b), (c, d) = sorted([spans[index], spans[other]])
        if a == c:
            return text
        return text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]
    if kind == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    if kind in ("punct", "odd"):
        char = draw(st.sampled_from(PUNCTUATION if kind == "punct" else ODD_CHARACTERS))
        at = draw(st.integers(0, len(text)))
        return text[:at] + char + text[at:]
    if kind == "newline":
        return text[:start] + "\n" + text[start:]
    if kind == "keyword":
        return text[:start] + draw(st.sampled_from(KEYWORDS)) + text[end:]
    if kind == "char":  # drop one character inside a token: `i32` -> `i2`, `"a"` -> `"a`
        at = draw(st.integers(start, max(start, end - 1)))
        return text[:at] + text[at + 1 :]
    other_start, other_end = spans[draw(st.integers(0, len(spans) - 1))]
    return text[:start] + text[other_start:other_end] + text[end:]


def assert_located(error: irc.IRError, text: str) -> None:
    """Each diagnostic (and note) names a position inside `text`."""
    lines = text.split("\n")
    for diag in error.diagnostics:
        for item in [diag, *diag.notes]:
            loc = item.location
            assert isinstance(loc, FileLineColLoc), f"not located: {item.render()}"
            assert loc.filename == FILENAME, item.render()
            assert 1 <= loc.line <= len(lines), f"line out of range: {item.render()}"
            width = len(lines[loc.line - 1])
            assert 1 <= loc.col <= width + 1, f"column out of range: {item.render()}"
            assert item.message, "empty message"


def user_locations(module) -> set:
    """The locations the IR carries (those a user wrote with loc(...) included)."""
    found = set()
    for op in module.walk():
        found.add(op.location)
        for region in op.regions:
            for block in region.blocks:
                found.update(arg.loc for arg in block.args)
    return found


def check_verifier(module, text: str) -> bool:
    """Verify; every diagnostic is at a position in `text` or at a location the IR carries."""
    engine = DiagnosticEngine()
    with time_limit("verify"):
        ok = verify(module, engine)
    lines = text.split("\n")
    carried = user_locations(module)
    for diag in engine.diagnostics:
        for item in [diag, *diag.notes]:
            assert item.message
            loc = item.location
            if isinstance(loc, FileLineColLoc) and loc.filename == FILENAME:
                assert 1 <= loc.line <= len(lines), item.render()
            else:
                assert loc in carried, f"diagnostic at a location nobody wrote: {item.render()}"
    assert ok == (not engine.has_errors)
    return ok


def check_mutant(text: str) -> None:
    try:
        with time_limit("parse"):
            module = irc.parse(text, FILENAME, allow_unregistered=True)
    except irc.IRError as error:
        assert_located(error, text)
        return
    valid = check_verifier(module, text)
    with time_limit("print"):
        printed = print_op(module, generic=not valid)
    try:
        with time_limit("reparse"):
            irc.parse(printed, "printed.mlir", allow_unregistered=True)
    except irc.IRError as error:
        pytest.fail(f"printed text does not parse again:\n{error}\n--- printed:\n{printed}")


def check_irc_opt(text: str, *flags: str) -> None:
    """irc-opt exits 0, or 1 with at least one error, and never shows a traceback. (An error
    may be unlocated when the op carries `loc(unknown)`, so no position is demanded here.)"""
    with time_limit("irc-opt"):
        code, _, err = run(["-", "--allow-unregistered-dialect", *flags], text)
    assert code in (0, 1), err
    assert "Traceback" not in err, err
    if code == 1:
        assert re.search(r"(^|: )error: ", err, re.MULTILINE), err


def test_seeds_are_valid():
    for seed in SEEDS:
        module = irc.parse(seed, FILENAME, allow_unregistered=True)
        irc.verify(module)
        irc.parse(irc.print_ir(module), FILENAME, allow_unregistered=True)
        assert run(["-", "--allow-unregistered-dialect"], seed)[0] == 0


FAST = settings(
    max_examples=1500,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@FAST
@given(mutants())
def test_mutants_parse_or_report_located_errors(text):
    check_mutant(text)


def test_split_seed_passes_verify_diagnostics():
    flags = ["-", "--allow-unregistered-dialect", "-split-input-file", "-verify-diagnostics"]
    assert run(flags, SPLIT_SEED) == (0, "", "")


@FAST
@given(mutants())
def test_mutants_through_irc_opt(text):
    check_irc_opt(text)


@FAST
@given(mutants(seeds=(SPLIT_SEED,)))
def test_split_mutants_through_verify_diagnostics(text):
    check_irc_opt(text, "-split-input-file")
    check_irc_opt(text, "-split-input-file", "-verify-diagnostics")


@pytest.mark.slow
@settings(max_examples=20000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutants(seeds=(*SEEDS, SPLIT_SEED)))
def test_mutants_long(text):
    check_mutant(text)
    check_irc_opt(text)
    check_irc_opt(text, "-split-input-file", "-verify-diagnostics")


# -- sizes that once hung or overflowed the stack ---------------------------------------------


def test_module_on_one_line_parses_in_linear_time():
    text = " ".join('"t.x"() : () -> ()' for _ in range(20000))
    with time_limit("a 20,000-op line"):
        module = irc.parse(text, FILENAME, allow_unregistered=True)
    last = list(module.regions[0].blocks[0])[-1]
    assert (last.location.line, last.location.col) == (1, len(text) - 17)


def test_long_chain_of_blocks_verifies():
    blocks = "\n".join(f'^bb{i}:\n  "t.br"() [^bb{i + 1}] : () -> ()' for i in range(3000))
    text = f'"t.f"() ({{\n{blocks}\n^bb3000:\n  "t.ret"() : () -> ()\n}}) : () -> ()'
    module = irc.parse(text, FILENAME, allow_unregistered=True)
    with time_limit("verifying 3,000 chained blocks"):
        irc.verify(module)


@pytest.mark.parametrize("depth", [100, 400, 3000])
def test_deep_nesting_parses_or_reports(depth):
    regions = '"t.y"() ({\n' * depth + "}) : () -> ()\n" * depth
    arrays = '"t.y"() {a = ' + "[" * depth + "]" * depth + "} : () -> ()"
    types = '"t.y"() : () -> ' + "tuple<" * depth + "i32" + ">" * depth
    for text in (regions, arrays, types):
        check_mutant(text)
        check_irc_opt(text)
