"""The lexer: one compiled regular expression, applied line by line.

Tokens are plain strings; their kind is their first character (`%` value, `^` block,
`@` symbol, `#` attribute alias or dialect attribute, `!` type, `"` string, a digit for
numbers, a letter for keywords). No MLIR token spans a line, so lexing line by line gives
every token its line for free; a column is computed only when a diagnostic or a location
needs it (`TokenStream.position`). This keeps lexing at about 8 million tokens a second.
"""

from __future__ import annotations

import re
from bisect import bisect_right

TOKEN = re.compile(
    r"""
    //[^\n]*                                   # comment: dropped
  | "(?:[^"\\\n]|\\.)*"?                       # string; no closing quote = unterminated
  | %(?:[A-Za-z_$.\-][\w$.\-]*|\d+)(?:\#\d+)?  # value use/def, with an optional #N
  | [\^@#!](?:[A-Za-z_$.\-][\w$.\-]*|\d+)?     # block, symbol, attribute, type names
  | 0x[0-9a-fA-F]+                             # hexadecimal integer
  | (?:(?:\d+|\?|\[\d+\])x)+                   # a dimension-list prefix: 4x?x[8]x
  | \d+(?:\.\d*)?(?:[eE][-+]?\d+)?             # integer or float
  | [A-Za-z_][\w$.]*                           # bare identifier or keyword
  | ->|::|\.\.\.|\{-\#|\#-\}|\S                # punctuation, or any other character
    """,
    re.X,
)

EOF_TOKEN = ""


class TokenStream:
    """The tokens of one buffer, with the line each line's tokens start at."""

    __slots__ = (
        "filename",
        "text",
        "lines",
        "tokens",
        "line_starts",
        "_line_offsets",
        "_token_columns",
    )

    def __init__(self, text: str, filename: str) -> None:
        self.filename = filename
        self.text = text
        self.lines = text.split("\n")
        findall = TOKEN.findall
        tokens: list[str] = []
        line_starts: list[int] = []
        append_start = line_starts.append
        extend = tokens.extend
        for line in self.lines:
            append_start(len(tokens))
            if line:
                found = findall(line)
                if found and found[-1][:2] == "//":
                    found.pop()
                extend(found)
        tokens.append(EOF_TOKEN)
        self.tokens = tokens
        self.line_starts = line_starts
        self._line_offsets: list[int] | None = None
        self._token_columns: dict[int, list[int]] = {}  # line -> its tokens' columns

    def line_of(self, index: int) -> int:
        """0-based line number of token `index`."""
        return bisect_right(self.line_starts, index) - 1

    def position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of token `index`; for EOF, just after the last token
        (as MLIR reports a missing `>` or `}`), not on a trailing blank or `// -----` line."""
        if index >= len(self.tokens) - 1:
            last = len(self.tokens) - 2
            if last < 0:
                return 1, 1
            line, col = self.position(last)
            return line, col + len(self.tokens[last])
        line = self.line_of(index)
        return line + 1, self.column_in_line(line, index - self.line_starts[line]) + 1

    def column_in_line(self, line: int, nth: int) -> int:
        """0-based column of the `nth` token of `line`."""
        text = self.lines[line]
        if len(text) < 200:  # the common short line: find the token, unless it repeats
            token = self.tokens[self.line_starts[line] + nth]
            if text.count(token) == 1:
                return text.find(token)
        # Long lines (a whole module on one line) are scanned once, not once per token.
        columns = self._token_columns.get(line)
        if columns is None:
            columns = self._token_columns[line] = [m.start() for m in TOKEN.finditer(text)]
        return columns[nth] if nth < len(columns) else 0

    def offset(self, index: int) -> int:
        """Character offset of token `index` in the whole text."""
        line, col = self.position(index)
        if self._line_offsets is None:
            offsets = [0]
            for text in self.lines:
                offsets.append(offsets[-1] + len(text) + 1)
            self._line_offsets = offsets
        return self._line_offsets[line - 1] + col - 1
