"""The parser: MLIR text -> IR, by recursive descent over `lexer.TokenStream` tokens.

Covers the generic operation form completely, the builtin types and attributes, locations,
aliases (`#a = ...`, `!t = ...`, location aliases defined after their use), blocks with
arguments, forward references and an implied top-level `builtin.module`. Ops with a
custom form parse through their class's `parse_custom` hook, which uses the `parse_*`
methods here.

Errors raise `ParseError` internally, caught at the top and returned as one located
`Diagnostic`, as MLIR stops at its first parse error.
"""

from __future__ import annotations

import re

import numpy as np

from irc.dialects import dialect_module, dialect_ops
from irc.frontend import lexer
from irc.frontend.gcpause import paused_gc
from irc.ir import affine
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Block, BlockArgument, Operation, Region, UnregisteredOp, Value
from irc.ir.diagnostics import SOURCES, Diagnostic, IRError, SourceManager
from irc.ir.location import (
    UNKNOWN,
    CallSiteLoc,
    FileLineColLoc,
    FusedLoc,
    Location,
    NameLoc,
)
from irc.ir.opdef import SEGMENT_SIZES
from irc.ir.traits import AttrSizedOperandSegments, IsolatedFromAbove

_FLOAT_RE = re.compile(r"\d+\.\d*(?:[eE][-+]?\d+)?$")
_INT_TYPE_RE = re.compile(r"(si|ui|i)([1-9]\d*)$")
_DIM_RE = re.compile(r"(\d+|\?|\[\d+\])x")
_BARE_RE = re.compile(r"[A-Za-z_][\w$.]*$")
_ESCAPE_RE = re.compile(r"\\(?:([0-9a-fA-F]{2})|(.))")
_STRING_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"$')


class ParseError(Exception):
    def __init__(
        self, message: str, index: int, hint: str | None = None, notes=(), after: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.index = index
        self.hint = hint
        self.notes: tuple[tuple[str, int], ...] = tuple(notes)  # (message, token index)
        self.after = after  # located just after token `index` rather than at it


class ForwardRef(Value):
    """A use of a value name not yet defined; replaced when the definition is parsed."""

    __slots__ = ("token",)


class _Scope:
    """SSA names visible in one isolated-from-above region, and its pending forward refs."""

    __slots__ = ("values", "forward")

    def __init__(self) -> None:
        self.values: dict[str, tuple[list[Value], int]] = {}
        self.forward: dict[str, dict[int, ForwardRef]] = {}


class Parser:
    """Parses one buffer. Use `parse_module` or the `parse` function below."""

    def __init__(
        self,
        text: str,
        filename: str = "<stdin>",
        allow_unregistered: bool = False,
        sources: SourceManager | None = None,
        line_offset: int = 0,
        register_source: bool = True,
    ) -> None:
        self.stream = lexer.TokenStream(text, filename)
        self.toks = self.stream.tokens
        self.pos = 0
        self.filename = filename
        self.line_offset = line_offset
        self.allow_unregistered = allow_unregistered
        self.type_aliases: dict[str, T.Type] = {}
        self.attr_aliases: dict[str, A.Attribute] = {}
        self.loc_aliases: dict[str, Location] = {}
        self.deferred_locs: list[tuple[object, str, int]] = []
        self.scope = _Scope()
        self.region_defs: list[list[str]] = []
        self.default_dialect = "builtin"
        self._line_cursor = 0
        self.blocks: dict | None = None  # labels of the region being parsed
        if register_source:
            (sources if sources is not None else SOURCES).add(filename, text)

    # -- errors and locations ------------------------------------------------------------

    def error(self, message: str, index: int | None = None, hint: str | None = None, notes=()):
        """Stop with `message` at token `index`; `notes` are (message, token index) pairs."""
        raise ParseError(message, self.pos if index is None else index, hint, notes)

    def location_of(self, index: int) -> FileLineColLoc:
        line, col = self.stream.position(index)
        return FileLineColLoc(self.filename, line + self.line_offset, col)

    def _op_location(self, index: int) -> FileLineColLoc:
        """Location of an op's name token: a fast path for the common one-op-a-line case."""
        starts = self.stream.line_starts
        cursor = self._line_cursor
        if index < starts[cursor]:
            cursor = self.stream.line_of(index)
        else:
            last = len(starts) - 1
            while cursor < last and starts[cursor + 1] <= index:
                cursor += 1
        self._line_cursor = cursor
        col = self.stream.column_in_line(cursor, index - starts[cursor])
        return FileLineColLoc(self.filename, cursor + 1 + self.line_offset, col + 1)

    # -- token helpers -------------------------------------------------------------------

    @property
    def tok(self) -> str:
        return self.toks[self.pos]

    def next(self) -> str:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def error_missing(self, message: str):
        """A token is missing. When the next token starts a new line, blame the end of the
        line that lacks it (as MLIR does), not the next line, which may be fine."""
        index = self.pos
        if index > 0 and self.stream.line_of(index) != self.stream.line_of(index - 1):
            raise ParseError(message, index - 1, after=True)
        self.error(message)

    def expect(self, token: str, what: str | None = None) -> None:
        if self.toks[self.pos] != token:
            self.error_missing(f"expected '{token}'" + (f" {what}" if what else ""))
        self.pos += 1

    def accept(self, token: str) -> bool:
        if self.toks[self.pos] == token:
            self.pos += 1
            return True
        return False

    def describe(self, index: int | None = None) -> str:
        tok = self.toks[self.pos if index is None else index]
        return "end of file" if tok == lexer.EOF_TOKEN else f"'{tok}'"

    def parse_comma_list(self, parse_element, close: str) -> list:
        """Elements separated by commas up to `close` (consumed); the opener is consumed."""
        items = []
        if self.accept(close):
            return items
        while True:
            items.append(parse_element())
            if self.accept(close):
                return items
            if not self.accept(","):
                self.error_missing(f"expected ',' or '{close}' in list, found {self.describe()}")

    # -- top level -----------------------------------------------------------------------

    def parse_module(self) -> Operation:
        """The whole buffer: aliases and ops; ops outside a module get an implied one."""
        top_block = Block()
        while True:
            tok = self.toks[self.pos]
            if tok == lexer.EOF_TOKEN:
                break
            if tok[0] in "#!" and self.toks[self.pos + 1] == "=":
                self.parse_alias_definition()
            elif tok == "{-#":
                self.error("file metadata dictionaries ({-# ... #-}) are not supported")
            else:
                self.parse_operation(top_block)
        self.finish_scope(self.scope)
        self.resolve_deferred_locations()
        ops = top_block.ops
        if len(ops) == 1 and ops[0].name == "builtin.module":
            ops[0].detach()
            return ops[0]
        module_class = dialect_ops("builtin")["builtin.module"]
        module = module_class(regions=[Region([top_block])])
        module.location = FileLineColLoc(self.filename, self.line_offset, 0)
        return module

    def parse_alias_definition(self) -> None:
        start = self.pos
        name = self.next()
        self.pos += 1  # '='
        if name[0] == "!":
            if name in self.type_aliases:
                self.error(f"redefinition of type alias id '{name[1:]}'", start)
            self.type_aliases[name] = self.parse_type()
        else:
            if name in self.attr_aliases or name in self.loc_aliases:
                self.error(f"redefinition of attribute alias id '{name[1:]}'", start)
            if self.tok == "loc":
                self.loc_aliases[name] = self.parse_location()
            else:
                self.attr_aliases[name] = self.parse_attribute()

    def resolve_deferred_locations(self) -> None:
        for target, alias, index in self.deferred_locs:
            loc = self.loc_aliases.get(alias)
            if loc is None and alias in self.attr_aliases:
                self.error(f"expected location, but found '{self.attr_aliases[alias]}'", index)
            if loc is None:
                self.error("operation location alias was never defined", index)
            if isinstance(target, BlockArgument):
                target.loc = loc
            else:
                target.location = loc

    # -- operations ----------------------------------------------------------------------

    def parse_operation(self, block: Block) -> Operation:
        toks = self.toks
        results: list[tuple[str, int, int]] = []
        if toks[self.pos][0] == "%":
            while True:
                index = self.pos
                name = toks[index]
                if "#" in name:
                    self.error("expected SSA value name without a result number", index)
                self.pos += 1
                count = 1
                if toks[self.pos] == ":":
                    self.pos += 1
                    count_index = self.pos
                    count = self.parse_integer_literal("expected integer number of results")
                    if count < 1:
                        self.error(
                            "expected named operation to have at least 1 result", count_index
                        )
                results.append((name, count, index))
                if toks[self.pos] == "=":
                    self.pos += 1
                    break
                if toks[self.pos] != ",":
                    self.error("expected ',' or '=' after result names")
                self.pos += 1
                if toks[self.pos][:1] != "%":
                    self.error("expected SSA value name")
        name_index = self.pos
        tok = toks[name_index]
        if tok[:1] == '"':
            op = self.parse_generic_operation()
        elif tok[:1].isalpha() or tok[:1] == "_":
            op = self.parse_custom_operation(results)
        else:
            self.error(f"expected operation name in quotes, found {self.describe()}")
        op.location = self._op_location(name_index)
        self.parse_trailing_location(op)
        block.append(op)
        if results:
            self.define_results(op, results)
        return op

    def define_results(self, op: Operation, results: list[tuple[str, int, int]]) -> None:
        declared = sum(count for _, count, _ in results)
        if declared != len(op.results):
            self.error(
                f"operation defines {len(op.results)} results but was provided {declared} to bind",
                results[0][2],
            )
        start = 0
        for name, count, index in results:
            self.define_value(name, op.results[start : start + count], index)
            start += count

    def define_value(self, name: str, values: list[Value], index: int) -> None:
        scope = self.scope
        if name in scope.values:
            prior = scope.values[name][1]
            self.error(
                f"redefinition of SSA value '{name}'",
                index,
                notes=[("previously defined here", prior)],
            )
        for number, forward in scope.forward.pop(name, {}).items():
            if number >= len(values):
                self.error("reference to invalid result number", forward.token)
            value = values[number]
            if value.type is not forward.type:
                self.error(
                    f"definition of SSA value '{name}#{number}' has type '{value.type}'",
                    index,
                    notes=[(f"previously used here with type '{forward.type}'", forward.token)],
                )
            forward.replace_all_uses_with(value)
        scope.values[name] = (values, index)
        if self.region_defs:
            self.region_defs[-1].append(name)

    def resolve_operand(self, name: str, type: T.Type, index: int) -> Value:
        """The value `name` (`%x` or `%x#N`) names, or a forward reference to it."""
        if name[:1] != "%":  # a custom-form hook may hand over any token
            self.error(f"expected SSA operand, found {self.describe(index)}", index)
        base, _, number_text = name.partition("#")
        number = int(number_text) if number_text else 0
        entry = self.scope.values.get(base)
        if entry is not None:
            values, prior = entry
            if number >= len(values):
                self.error("reference to invalid result number", index)
            value = values[number]
        else:
            pending = self.scope.forward.setdefault(base, {})
            value = pending.get(number)
            if value is None:
                value = pending[number] = ForwardRef(type)
                value.token = index
            prior = value.token
        if value.type is not type:
            self.error(
                f"use of value '{name}' expects different type than prior uses: "
                f"'{type}' vs '{value.type}'",
                index,
                notes=[("prior use here", prior)],
            )
        return value

    def parse_generic_operation(self) -> Operation:
        toks = self.toks
        name_index = self.pos
        name = self.parse_string()
        if not name:
            self.error("empty operation name is invalid", name_index)
        op_class = self.op_class_for(name, name_index)
        self.expect("(", "to start operand list")
        operand_names: list[tuple[str, int]] = []
        if toks[self.pos] != ")":
            while True:
                tok = toks[self.pos]
                if tok[:1] != "%":
                    self.error(f"expected SSA operand, found {self.describe()}")
                operand_names.append((tok, self.pos))
                self.pos += 1
                if toks[self.pos] != ",":
                    break
                self.pos += 1
        self.expect(")", "to end operand list")
        successors: list[Block] = []
        if toks[self.pos] == "[":
            self.pos += 1
            successors = self.parse_comma_list(self.parse_successor, "]")
        properties: dict = {}
        if toks[self.pos] == "<":
            self.pos += 1
            if toks[self.pos] != "{":
                self.error("expected '{' to start the properties dictionary")
            properties = self.parse_attribute_dict()
            self.expect(">", "to end the properties dictionary")
        isolated = op_class is not None and IsolatedFromAbove in op_class.traits
        regions: list[Region] = []
        if toks[self.pos] == "(":
            self.pos += 1
            regions = [self.parse_region(isolated=isolated)]
            while self.accept(","):
                regions.append(self.parse_region(isolated=isolated))
            self.expect(")", "to end region list")
        attributes: dict = {}
        if toks[self.pos] == "{":
            attributes = self.parse_attribute_dict()
        if toks[self.pos] != ":":
            self.error_missing("expected ':' followed by operation type")
        self.pos += 1
        type_index = self.pos
        fn_type = self.parse_type()
        if not isinstance(fn_type, T.FunctionType):
            self.error("expected function type", type_index)
        if len(fn_type.inputs) != len(operand_names):
            self.error(
                f"expected {len(operand_names)} operand type"
                f"{'' if len(operand_names) == 1 else 's'} but had {len(fn_type.inputs)}",
                type_index,
            )
        operands = [
            self.resolve_operand(n, t, i)
            for (n, i), t in zip(operand_names, fn_type.inputs, strict=True)
        ]
        if op_class is None:
            op = UnregisteredOp(
                name, operands, fn_type.results, properties, attributes, regions, successors
            )
        else:
            for prop in getattr(op_class, "prop_defs", ()):
                # MLIR stores an inherent attribute given in the attribute dictionary as a
                # property: "arith.constant"() {value = 1 : i32} prints <{value = 1 : i32}>
                if prop.name in attributes and prop.name not in properties:
                    properties[prop.name] = attributes.pop(prop.name)
            if AttrSizedOperandSegments in op_class.traits:  # its sizes are inherent too
                if SEGMENT_SIZES in attributes and SEGMENT_SIZES not in properties:
                    properties[SEGMENT_SIZES] = attributes.pop(SEGMENT_SIZES)
            op = op_class(operands, fn_type.results, properties, attributes, regions, successors)
        return op

    def op_class_for(self, name: str, index: int) -> type | None:
        """The registered class of `name`, None for an allowed unregistered op, else an error."""
        dialect = name.split(".", 1)[0]
        ops = dialect_ops(dialect) if "." in name else None
        if ops is not None:
            op_class = ops.get(name)
            if op_class is not None:
                return op_class
            if not self.allow_unregistered:
                self.error(
                    f"'{name}' op is not known in dialect '{dialect}'",
                    index,
                    hint=f"known ops: {', '.join(sorted(ops))}",
                )
            return None
        if not self.allow_unregistered:
            self.error(
                f"operation being parsed with an unregistered dialect '{dialect}'",
                index,
                hint="use --allow-unregistered-dialect (or allow_unregistered=True) to keep "
                "ops of dialects irc does not know",
            )
        return None

    def parse_custom_operation(self, results) -> Operation:
        """An op in its custom form. A name without a dialect prefix is looked up in the
        default dialect that the enclosing custom op declares (`return` in `func.func`),
        then in builtin, as MLIR's OpAsmOpInterface does."""
        index = self.pos
        name = self.toks[index]
        op_class = None
        candidates = (
            [name] if "." in name else [f"{self.default_dialect}.{name}", f"builtin.{name}"]
        )
        for full in candidates:
            ops = dialect_ops(full.split(".", 1)[0])
            op_class = ops.get(full) if ops is not None else None
            if op_class is not None:
                break
        if op_class is None or not hasattr(op_class, "parse_custom"):
            self.error(
                f"custom op '{name}' is unknown",
                index,
                hint=None if "." in name else "write the op's dialect prefix",
            )
        self.pos += 1
        saved = self.default_dialect
        self.default_dialect = getattr(op_class, "default_dialect", None) or ""
        try:
            return op_class.parse_custom(self)
        finally:
            self.default_dialect = saved

    def parse_trailing_location(self, target) -> None:
        if self.toks[self.pos] != "loc":
            return
        index = self.pos + 2
        if (
            self.toks[self.pos + 1] == "("
            and self.toks[index][:1] == "#"
            and (self.toks[index] not in self.loc_aliases)
        ):
            alias = self.toks[index]
            self.pos += 3
            self.expect(")", "after location alias")
            self.deferred_locs.append((target, alias, index))
            return
        loc = self.parse_location()
        if isinstance(target, BlockArgument):
            target.loc = loc
        else:
            target.location = loc

    # -- regions and blocks --------------------------------------------------------------

    def parse_region(self, isolated: bool = False, entry_args=None) -> Region:
        """`{ ... }`; `entry_args` are (name, type, loc, index) defined in the entry block."""
        self.expect("{", "to begin a region")
        region = Region()
        outer_scope = self.scope
        if isolated:
            self.scope = _Scope()
        self.region_defs.append([])
        blocks: dict[str, tuple[Block, int, bool]] = {}
        saved_blocks = getattr(self, "blocks", None)
        self.blocks = blocks
        try:
            toks = self.toks
            if toks[self.pos] == "}" and not entry_args:
                self.pos += 1
            else:
                if toks[self.pos][:1] != "^":
                    block = region.append(Block())
                    if entry_args:
                        for name, type, loc, index in entry_args:
                            arg = block.add_argument(type, loc)
                            self.define_value(name, [arg], index)
                    self.parse_block_body(block)
                elif entry_args:
                    self.error("invalid block name in region with named arguments")
                while toks[self.pos] != "}":
                    self.parse_block(region)
                self.pos += 1
            for _block, index, defined in blocks.values():
                if not defined:
                    self.error("reference to an undefined block", index)
        finally:
            self.blocks = saved_blocks
            for name in self.region_defs.pop():
                self.scope.values.pop(name, None)
        if isolated:
            self.finish_scope(self.scope, outer_scope)
            self.scope = outer_scope
        return region

    def finish_scope(self, scope: _Scope, outer: _Scope | None = None) -> None:
        """Every forward reference must have been defined; `outer` is the scope around an
        isolated region, where a value of the same name is not visible but worth a note."""
        for name, pending in scope.forward.items():
            for forward in pending.values():
                notes = ()
                if outer is not None and name in outer.values:
                    where = outer.values[name][1]
                    notes = [("defined here, outside a region isolated from above", where)]
                self.error("use of undeclared SSA value name", forward.token, notes=notes)

    def parse_block(self, region: Region) -> None:
        index = self.pos
        label = self.next()
        if label[:1] != "^" or len(label) == 1:
            self.error(f"expected block name, found {self.describe(index)}", index)
        block, _, defined = self.blocks.get(label, (None, 0, False))
        if defined:
            self.error(f"redefinition of block '{label}'", index)
        if block is None:
            block = Block()
        self.blocks[label] = (block, index, True)
        region.append(block)
        if self.accept("("):

            def parse_arg():
                arg_index = self.pos
                name = self.next()
                if name[:1] != "%" or "#" in name:
                    self.error("expected SSA value name for a block argument", arg_index)
                self.expect(":", "and type for SSA operand")
                arg = block.add_argument(self.parse_type(), self.location_of(arg_index))
                self.parse_trailing_location(arg)
                self.define_value(name, [arg], arg_index)

            self.parse_comma_list(parse_arg, ")")
        self.expect(":", "after block name")
        self.parse_block_body(block)

    def parse_block_body(self, block: Block) -> None:
        toks = self.toks
        while True:
            tok = toks[self.pos]
            if tok == "}" or tok[:1] == "^":
                return
            if tok == lexer.EOF_TOKEN:
                self.error("expected '}' to end region, found end of file")
            self.parse_operation(block)

    def parse_successor(self) -> Block:
        index = self.pos
        label = self.next()
        if label[:1] != "^" or len(label) == 1:
            self.error("expected block name", index)
        if self.blocks is None:
            self.error("reference to an undefined block", index)  # no blocks at top level
        entry = self.blocks.get(label)
        if entry is None:
            entry = (Block(), index, False)
            self.blocks[label] = entry
        return entry[0]

    # -- literals ------------------------------------------------------------------------

    def parse_string(self) -> str:
        tok = self.toks[self.pos]
        if tok[:1] != '"':
            self.error(f"expected string literal, found {self.describe()}")
        if len(tok) < 2 or tok[-1] != '"' or "\\" in tok:
            self.check_string_token(self.pos)
        self.pos += 1
        body = tok[1:-1]
        return unescape(body) if "\\" in body else body

    def check_string_token(self, index: int) -> None:
        """A string token must be closed on its line and use only MLIR's escapes."""
        tok = self.toks[index]
        if _STRING_RE.match(tok) is None:
            self.error("expected '\"' in string literal", index)
        if "\\" in tok:
            for match in _ESCAPE_RE.finditer(tok, 1, len(tok) - 1):
                if match.group(2) is not None and match.group(2) not in 'nt"\\':
                    self.error("unknown escape in string literal", index)

    def parse_integer_literal(self, message: str = "expected integer value") -> int:
        negative = self.accept("-")
        tok = self.toks[self.pos]
        if tok.isdigit() or (tok[:2] == "0x" and tok[-1:] != "x"):
            self.pos += 1
            value = int(tok, 0) if tok[:2] == "0x" else int(tok)
            return -value if negative else value
        self.error(message)

    # -- types ---------------------------------------------------------------------------

    def parse_type(self) -> T.Type:
        tok = self.toks[self.pos]
        simple = _SIMPLE_TYPES.get(tok)
        if simple is not None:
            self.pos += 1
            return simple
        first = tok[:1]
        if first == "i" or first == "s" or first == "u":
            match = _INT_TYPE_RE.match(tok)
            if match:
                self.pos += 1
                width = int(match.group(2))
                if width > 16777215:
                    self.error("integer bitwidth is limited to 16777215 bits", self.pos - 1)
                signedness = match.group(1)
                return T.IntegerType(width, "" if signedness == "i" else signedness)
        parse = _TYPE_PARSERS.get(tok)
        if parse is not None:
            self.pos += 1
            return parse(self)
        if first == "(":
            return self.parse_function_type()
        if first == "!":
            return self.parse_extended_type()
        self.error(f"expected non-function type, found {self.describe()}")

    def parse_function_type(self) -> T.FunctionType:
        self.expect("(")
        inputs = self.parse_comma_list(self.parse_type, ")")
        self.expect("->", "in function type")
        if self.toks[self.pos] == "(":
            self.pos += 1
            results = self.parse_comma_list(self.parse_type, ")")
        else:
            results = [self.parse_type()]
        return T.FunctionType(inputs, results)

    def parse_extended_type(self) -> T.Type:
        index = self.pos
        name = self.next()
        alias = self.type_aliases.get(name)
        if alias is not None:
            return alias
        parsed = self.parse_dialect_symbol(name, index, "TYPES", "type")
        if not isinstance(parsed, tuple):
            return parsed
        return T.OpaqueType(*parsed)

    def parse_dialect_symbol(self, name: str, index: int, table: str, kind: str):
        """`!d.x<...>` / `#d.x<...>` after its name token: what the dialect's hook parses,
        or, for an allowed unregistered dialect, (dialect, body text) to keep opaque."""
        if "." not in name and self.toks[self.pos] != "<":
            self.error(f"undefined symbol alias id '{name[1:]}'", index)
        dialect, _, rest = name[1:].partition(".")
        if not dialect:
            self.error(f"expected dialect namespace after '{name[0]}'", index)
        hook = self.dialect_hook(dialect, table, rest, kind, index)
        if hook is not None:
            return hook(self)
        body = rest
        if self.toks[self.pos] == "<":
            body += self.parse_pretty_body()
        return dialect, body or "<>"  # `!d.` is `!d<>`, as in MLIR

    def dialect_hook(self, dialect: str, table: str, mnemonic: str, kind: str, index: int):
        """The parse function a registered dialect declares for `mnemonic` in its TYPES or
        ATTRIBUTES table; None means: keep it opaque (an allowed unregistered dialect)."""
        module = dialect_module(dialect)
        if module is None:
            if not self.allow_unregistered:
                sigil = "!" if kind == "type" else "#"
                self.error(
                    f"{kind} '{sigil}{dialect}.{mnemonic}' of unregistered dialect '{dialect}'",
                    index,
                    hint="use --allow-unregistered-dialect (or allow_unregistered=True) to keep "
                    "attributes and types of dialects irc does not know",
                )
            return None
        hook = getattr(module, table, {}).get(mnemonic)
        if hook is None:
            self.error(f"unknown {kind} `{mnemonic}` in dialect `{dialect}`", index)
        return hook

    def parse_pretty_body(self) -> str:
        """A balanced `<...>` body of a dialect type or attribute, kept as source text."""
        start = self.pos
        closers = {"<": ">", "(": ")", "[": "]", "{": "}"}
        stack: list[str] = []
        while True:
            tok = self.toks[self.pos]
            if tok == lexer.EOF_TOKEN:
                self.error("unbalanced '<' character in pretty dialect name", start)
            if tok[:1] == '"':
                self.check_string_token(self.pos)
            elif tok in closers:
                stack.append(closers[tok])
            elif tok in (">", ")", "]", "}"):
                if not stack or stack.pop() != tok:
                    self.error(f"unbalanced '{tok}' character in pretty dialect name", self.pos)
            self.pos += 1
            if not stack:
                break
        return self.source_between(start, self.pos)

    def source_between(self, first: int, end: int) -> str:
        """The source text from token `first` up to (not including) token `end`."""
        text = self.stream.text
        start = self.stream.offset(first)
        stop = self.stream.offset(end - 1) + len(self.toks[end - 1])
        return " ".join(_drop_comment(part).strip() for part in text[start:stop].split("\n"))

    def parse_shape_and_element(self, allow_scalable: bool = False):
        """`4x?x[8]xf32` -> (shape, scalable flags, element type)."""
        shape: list[int] = []
        scalable: list[bool] = []
        toks = self.toks
        tok = toks[self.pos]
        if tok[-1:] == "x" and (tok[:1].isdigit() or tok[:1] in "?["):
            self.pos += 1
            for dim in _DIM_RE.findall(tok):
                if dim == "?":
                    shape.append(T.DYNAMIC)
                    scalable.append(False)
                elif dim[0] == "[":
                    if not allow_scalable:
                        self.error(
                            "scalable dimensions are only allowed in vector types", self.pos - 1
                        )
                    shape.append(int(dim[1:-1]))
                    scalable.append(True)
                else:
                    shape.append(int(dim))
                    scalable.append(False)
            tok = toks[self.pos]
        elif tok[:2] == "0x":
            tok = self._split_hex_dims(shape, scalable)
        element = self.parse_type()
        return shape, scalable, element

    def _split_hex_dims(self, shape: list[int], scalable: list[bool]) -> str:
        """`tensor<0xf32>` lexes as the hex number `0xf32`: split it back into dims."""
        text = self.toks[self.pos][1:]
        self.pos += 1
        while True:
            tok = self.toks[self.pos]
            if (tok[:1] == "x" and _BARE_RE.match(tok)) or (
                tok[-1:] == "x" and tok[:1] in "0123456789?"
            ):
                text += tok
                self.pos += 1
            else:
                break
        shape.append(0)
        scalable.append(False)
        rest = text[1:]
        while True:
            match = _DIM_RE.match(rest)
            if match is None:
                break
            dim = match.group(1)
            shape.append(T.DYNAMIC if dim == "?" else int(dim))
            scalable.append(False)
            rest = rest[match.end() :]
        if rest:
            self.pos -= 1
            self.toks[self.pos] = rest
        return self.toks[self.pos]

    def parse_element_type_list(self, kind: str):
        self.expect("<", f"in {kind} type")
        if self.toks[self.pos] == "*":
            self.pos += 1
            tok = self.toks[self.pos]
            if tok == "x":
                self.pos += 1
            elif tok[:1] == "x":
                self.toks[self.pos] = tok[1:]
            else:
                self.error("expected 'x' in unranked shape")
            return None, None, self.parse_type()
        return self.parse_shape_and_element(allow_scalable=kind == "vector")

    def _parse_tensor(self) -> T.Type:
        shape, _, element = self.parse_element_type_list("tensor")
        if shape is None:
            self.expect(">", "in unranked tensor type")
            return T.UnrankedTensorType(element)
        encoding = None
        if self.accept(","):
            encoding = self.parse_attribute()
        self.expect(">", "in tensor type")
        return T.TensorType(shape, element, encoding)

    def _parse_memref(self) -> T.Type:
        index = self.pos - 1  # the `memref` keyword
        shape, _, element = self.parse_element_type_list("memref")
        if shape is None:
            space = self.parse_attribute() if self.accept(",") else None
            self.expect(">", "in unranked memref type")
            return T.UnrankedMemRefType(element, _memory_space(space))
        layout = space = None
        if self.accept(","):
            first = self.parse_attribute()
            if isinstance(first, (A.AffineMapAttr, A.StridedLayoutAttr)):
                layout = first
                if self.accept(","):
                    space = self.parse_attribute()
            else:
                space = first
        self.expect(">", "in memref type")
        if isinstance(layout, A.StridedLayoutAttr) and len(layout.strides) != len(shape):
            self.error("expected the number of strides to match the rank", index)
        if isinstance(layout, A.AffineMapAttr) and layout.value.num_dims != len(shape):
            self.error(
                "memref layout mismatch between rank and affine map: "
                f"{len(shape)} != {layout.value.num_dims}",
                index,
            )
        if isinstance(layout, A.AffineMapAttr) and layout.value.is_identity:
            layout = None  # MLIR: memref<4xf32, affine_map<(d0) -> (d0)>> is memref<4xf32>
        return T.MemRefType(shape, element, layout, _memory_space(space))

    def _parse_vector(self) -> T.Type:
        index = self.pos - 1  # the `vector` keyword
        shape, scalable, element = self.parse_element_type_list("vector")
        if shape is None:
            self.error("vector types must be ranked", index)
        self.expect(">", "in vector type")
        if any(d <= 0 for d in shape):
            dims = ", ".join("?" if d == T.DYNAMIC else str(d) for d in shape)
            self.error(f"vector types must have positive constant sizes but got {dims}", index)
        return T.VectorType(shape, element, scalable)

    def _parse_complex(self) -> T.Type:
        self.expect("<")
        index = self.pos
        element = self.parse_type()
        if not isinstance(element, (T.IntegerType, T.FloatType)):
            self.error("invalid element type for complex", index)
        self.expect(">", "in complex type")
        return T.ComplexType(element)

    def _parse_tuple(self) -> T.Type:
        self.expect("<")
        return T.TupleType(self.parse_comma_list(self.parse_type, ">"))

    # -- attributes ----------------------------------------------------------------------

    def parse_attribute_dict(self) -> dict[str, A.Attribute]:
        self.expect("{")
        entries: dict[str, A.Attribute] = {}

        def parse_entry():
            index = self.pos
            tok = self.toks[index]
            if tok[:1] == '"':
                name = self.parse_string()
            elif tok[:1].isalpha() or tok[:1] == "_":
                name = tok
                self.pos += 1
            else:
                self.error(f"expected attribute name, found {self.describe()}")
            if name in entries:
                self.error(f"duplicate key '{name}' in dictionary attribute", index)
            if self.accept("="):
                entries[name] = self.parse_attribute()
            else:
                entries[name] = A.UNIT

        self.parse_comma_list(parse_entry, "}")
        return entries

    def parse_attribute(self, type: T.Type | None = None) -> A.Attribute:
        tok = self.toks[self.pos]
        first = tok[:1]
        if first.isdigit() or first == "-":
            return self.parse_number_attribute(type)
        if first == '"':
            return A.StringAttr(self.parse_string())
        parse = _ATTR_PARSERS.get(tok)
        if parse is not None:
            return parse(self)
        if first == "#":
            return self.parse_extended_attribute()
        if first == "@":
            return self.parse_symbol_ref()
        try:
            return A.TypeAttr(self.parse_type())
        except ParseError:
            self.error(f"expected attribute value, found {self.describe()}")

    def check_exponent(self, tok: str, index: int) -> None:
        """`1e5` lexes as one token but is no MLIR number: a float needs its '.'."""
        if "." not in tok and tok[:2] != "0x" and not tok.isdigit():
            self.error("floating point literal needs a '.' before its exponent (1.0e5)", index)

    def parse_number_attribute(self, type: T.Type | None) -> A.Attribute:
        index = self.pos
        negative = self.accept("-")
        tok = self.toks[self.pos]
        if not tok[:1].isdigit():
            self.error("expected integer or floating point literal after '-'")
        self.pos += 1
        if tok[-1:] == "x":  # a dimension list such as `4x` or `0x`, not a number
            self.error("expected attribute value", index)
        self.check_exponent(tok, self.pos - 1)
        if self.toks[self.pos] == ":":
            self.pos += 1
            type = self.parse_type()
        is_float = _FLOAT_RE.match(tok) is not None
        if type is None:
            type = T.F64 if is_float else T.I64
        if isinstance(type, T.FloatType):
            return self.float_literal(tok, negative, type, index)
        if is_float:
            self.error("floating point value not valid for specified type", index)
        if not isinstance(type, (T.IntegerType, T.IndexType)):
            self.error("integer literal not valid for specified type", index)
        if negative and isinstance(type, T.IntegerType) and type.signedness == "ui":
            self.error("negative integer literal not valid for unsigned integer type", index)
        value = _int_literal(tok)
        if negative:
            value = -value
        if isinstance(type, T.IntegerType) and not _int_fits(value, type):
            self.error("integer constant out of range for attribute", index)
        return A.IntegerAttr(value, type)

    def float_literal(self, tok: str, negative: bool, type: T.FloatType, index: int):
        if tok[:2] == "0x":
            if negative:
                self.error("hexadecimal float literal should not have a leading minus", index)
            bits = int(tok, 16)
            if bits >> type.width:
                self.error("hexadecimal float constant out of range for type", index)
            try:
                return A.FloatAttr.from_bits(bits, type)
            except ValueError as exc:
                self.error(str(exc), index)
        value = float(tok)
        return A.FloatAttr(-value if negative else value, type)

    def parse_symbol_ref(self) -> A.SymbolRefAttr:
        names = [self.parse_symbol_name()]
        while self.toks[self.pos] == "::":
            self.pos += 1
            if self.toks[self.pos][:1] != "@":
                self.error("expected nested symbol reference identifier")
            names.append(self.parse_symbol_name())
        return A.SymbolRefAttr(names[0], names[1:])

    def parse_symbol_name(self) -> str:
        tok = self.toks[self.pos]
        if tok[:1] != "@":
            self.error(f"expected symbol name, found {self.describe()}")
        self.pos += 1
        if tok == "@":
            return self.parse_string()
        return tok[1:]

    def parse_extended_attribute(self) -> A.Attribute:
        index = self.pos
        name = self.next()
        alias = self.attr_aliases.get(name)
        if alias is not None:
            return alias
        loc = self.loc_aliases.get(name)
        if loc is not None:  # MLIR prints a location attribute by its alias: {where = #loc2}
            return A.LocationAttr(loc)
        parsed = self.parse_dialect_symbol(name, index, "ATTRIBUTES", "attribute")
        if not isinstance(parsed, tuple):
            return parsed
        dialect, body = parsed
        if self.accept(":"):  # a typed dialect attribute: `#foo.bar : i32` keeps its type
            body += f" : {self.parse_type()}"
        return A.OpaqueAttr(dialect, body)

    def _parse_array(self) -> A.Attribute:
        self.pos += 1
        return A.ArrayAttr(self.parse_comma_list(self.parse_attribute, "]"))

    def _parse_dict(self) -> A.Attribute:
        return A.DictionaryAttr(self.parse_attribute_dict())

    def _parse_bool(self) -> A.Attribute:
        return A.BoolAttr(self.next() == "true")

    def _parse_unit(self) -> A.Attribute:
        self.pos += 1
        return A.UNIT

    def _parse_dense_array(self) -> A.Attribute:
        self.pos += 1
        self.expect("<", "after 'array'")
        index = self.pos
        element = self.parse_type()
        if not isinstance(element, (T.IntegerType, T.FloatType)):
            self.error(f"expected integer or float type, got: '{element}'", index)
        values: list = []
        if self.accept(":"):
            while True:
                values.append(self.parse_scalar(element))
                if not self.accept(","):
                    break
        self.expect(">", "to end dense array")
        return A.DenseArrayAttr(element, values)

    def parse_scalar(self, element: T.Type):
        """One element of a dense literal: an int, a float, or true/false."""
        index = self.pos
        tok = self.toks[self.pos]
        if tok in ("true", "false"):
            if not (isinstance(element, T.IntegerType) and element.width == 1):
                self.error("expected i1 type for 'true' or 'false' values", index)
            self.pos += 1
            return 1 if tok == "true" else 0
        negative = self.accept("-")
        tok = self.toks[self.pos]
        if not tok[:1].isdigit() or tok[-1:] == "x":
            self.error(f"expected a number in a dense literal, found {self.describe()}")
        self.check_exponent(tok, self.pos)
        self.pos += 1
        if isinstance(element, T.FloatType):
            return self.float_literal(tok, negative, element, index).value
        if _FLOAT_RE.match(tok):
            self.error("expected integer elements, but parsed floating-point", index)
        value = -_int_literal(tok) if negative else _int_literal(tok)
        if isinstance(element, T.IntegerType) and not _int_fits(value, element):
            self.error(f"integer constant out of range for type {element}", index)
        return A.normalize_int(value, element)

    def _parse_dense(self) -> A.Attribute:
        start = self.pos
        self.pos += 1
        self.expect("<", "after 'dense'")
        literal_start = self.pos
        if self.toks[self.pos] == ">":
            literal = None
        elif self.toks[self.pos][:1] == '"':
            literal = ("hex", self.parse_string(), literal_start)
        else:
            literal = ("tokens", self.skip_dense_literal(), literal_start)
        self.expect(">", "to end the dense literal")
        self.expect(":", "after the dense literal")
        type_index = self.pos
        shaped = self.parse_type()
        if isinstance(shaped, T.UnrankedTensorType) or (
            isinstance(shaped, T.TensorType) and not shaped.has_static_shape
        ):
            self.error("elements literal type must have static shape", type_index)
        if not isinstance(shaped, (T.TensorType, T.VectorType)):
            self.error("elements literal must be a ranked tensor or vector type", type_index)
        element = shaped.element_type
        dtype = _numpy_dtype(element)
        if dtype is None:
            self.error(f"dense elements of type {element} are not supported", type_index)
        if literal is None:
            if shaped.num_elements != 0:
                self.error("parsed zero elements, but type has more", start)
            return A.DenseElementsAttr(shaped, np.zeros(0, dtype=dtype))
        if literal[0] == "hex":
            return self.dense_from_hex(literal[1], shaped, dtype, literal_start)
        saved = self.pos
        self.pos = literal_start
        values, shape = self.parse_dense_values(element)
        self.pos = saved
        if (
            isinstance(element, T.FloatType)
            and np.dtype(dtype).itemsize * 8 == element.width < 64
            and any(v != v for v in values)
        ):  # NaNs go in by their bits: a conversion to f32 would quiet a signaling NaN
            bits = [A.float_to_bits(v, element) for v in values]
            array = np.array(bits, dtype=f"u{element.width // 8}").view(dtype)
        else:
            array = np.array(values, dtype=dtype)
        if shape == ():
            return A.DenseElementsAttr(shaped, array.reshape(1), splat=shaped.num_elements != 1)
        if tuple(shape) != tuple(shaped.shape):
            self.error(
                f"inferred shape of elements literal ([{', '.join(map(str, shape))}]) does "
                f"not match type ([{', '.join(map(str, shaped.shape))}])",
                literal_start,
            )
        return A.DenseElementsAttr(shaped, array.reshape(-1))

    def skip_dense_literal(self) -> int:
        depth = 0
        while True:
            tok = self.toks[self.pos]
            if tok == "[":
                depth += 1
            elif tok == "]":
                depth -= 1
            elif tok == lexer.EOF_TOKEN or (tok == ">" and depth == 0):
                return self.pos
            self.pos += 1

    def parse_dense_values(self, element: T.Type):
        """A scalar or nested lists; returns (flat values, shape) and checks regularity."""
        if self.toks[self.pos] != "[":
            return [self.parse_scalar(element)], ()
        self.pos += 1
        flat: list = []
        shapes: list[tuple] = []
        if self.toks[self.pos] != "]":
            while True:
                index = self.pos
                values, shape = self.parse_dense_values(element)
                if shapes and shape != shapes[0]:
                    self.error(
                        "tensor literal is invalid; ranks are not consistent between elements",
                        index,
                    )
                shapes.append(shape)
                flat.extend(values)
                if not self.accept(","):
                    break
        self.expect("]", "to end the dense list")
        return flat, (len(shapes), *(shapes[0] if shapes else ()))

    def dense_from_hex(self, text: str, shaped, dtype, index: int) -> A.Attribute:
        if not text.startswith("0x"):
            self.error('expected a hexadecimal string in dense<"0x...">', index)
        try:
            raw = bytes.fromhex(text[2:])
        except ValueError:
            self.error("invalid hexadecimal string in dense elements", index)
        element = shaped.element_type
        itemsize = np.dtype(dtype).itemsize  # MLIR stores i1 in a byte, iN in ceil(N/8)
        if isinstance(element, (T.IntegerType, T.FloatType)):
            itemsize = 1 if element.width == 1 else (element.width + 7) // 8
        splat = len(raw) == itemsize
        if not splat and len(raw) != itemsize * shaped.num_elements:
            self.error(
                f"elements hex data size is invalid for provided type: got {len(raw)} bytes, "
                f"expected {itemsize * shaped.num_elements}",
                index,
            )
        odd_width = isinstance(element, T.IntegerType) and element.width not in (1, 8, 16, 32, 64)
        if itemsize == np.dtype(dtype).itemsize and dtype is not object and not odd_width:
            array = np.frombuffer(raw, dtype=dtype).copy()
        elif isinstance(element, T.FloatType):  # bf16 held as f32 (no ml_dtypes)
            array = (np.frombuffer(raw, dtype="<u2").astype("<u4") << 16).view(np.float32)
        else:  # i24, i128: bytes to Python ints, wrapped to the type
            words = [raw[k : k + itemsize] for k in range(0, len(raw), itemsize)]
            ints = [A.normalize_int(int.from_bytes(w, "little"), element) for w in words]
            array = np.array(ints, dtype=dtype)
        if splat:
            return A.DenseElementsAttr(shaped, array, splat=shaped.num_elements != 1)
        return A.DenseElementsAttr(shaped, array)

    def _parse_affine_map(self) -> A.Attribute:
        self.pos += 1
        self.expect("<", "after 'affine_map'")
        seen: set[str] = set()
        dims = self.parse_affine_names("(", ")", seen)
        symbols = self.parse_affine_names("[", "]", seen) if self.toks[self.pos] == "[" else []
        self.expect("->", "in affine map")
        self.expect("(", "to start affine map results")
        names = {n: affine.Dim(i) for i, n in enumerate(dims)}
        names.update({n: affine.Symbol(i) for i, n in enumerate(symbols)})
        results = self.parse_comma_list(lambda: self.parse_affine_expr(names), ")")
        self.expect(">", "to end affine map")
        return A.AffineMapAttr(affine.AffineMap(len(dims), len(symbols), tuple(results)))

    def parse_affine_names(self, open_: str, close: str, seen: set[str]) -> list[str]:
        self.expect(open_)

        def name():
            tok = self.next()
            if not (tok[:1].isalpha() or tok[:1] == "_"):
                self.error("expected a dimension or symbol identifier", self.pos - 1)
            if tok in seen:
                self.error(f"redefinition of identifier '{tok}'", self.pos - 1)
            seen.add(tok)
            return tok

        return self.parse_comma_list(name, close)

    def parse_affine_expr(self, names) -> affine.AffineExpr:
        """Sum of terms; `*`, floordiv, ceildiv, mod bind tighter than `+`, `-`."""
        expr = self.parse_affine_term(names)
        while self.toks[self.pos] in ("+", "-"):
            op = self.next()
            term = self.parse_affine_term(names)
            expr = expr + term if op == "+" else expr - term
        return expr

    def parse_affine_term(self, names) -> affine.AffineExpr:
        expr = self.parse_affine_factor(names)
        while self.toks[self.pos] in ("*", "floordiv", "ceildiv", "mod"):
            index = self.pos
            kind = self.next()
            rhs = self.parse_affine_factor(names)
            if kind == "*" and not (
                affine.is_symbolic_or_constant(expr) or affine.is_symbolic_or_constant(rhs)
            ):
                self.error(
                    "non-affine expression: at least one of the multiply operands has to be "
                    "either a constant or symbolic",
                    index,
                )
            if kind != "*" and not affine.is_symbolic_or_constant(rhs):
                self.error(
                    f"non-affine expression: right operand of {kind} has to be either a "
                    "constant or symbolic",
                    index,
                )
            expr = affine.binary(kind, expr, rhs)
        return expr

    def parse_affine_factor(self, names) -> affine.AffineExpr:
        tok = self.toks[self.pos]
        if tok == "(":
            self.pos += 1
            expr = self.parse_affine_expr(names)
            self.expect(")", "in affine expression")
            return expr
        if tok == "-":
            self.pos += 1
            return -self.parse_affine_factor(names)
        if tok.isdigit():
            self.pos += 1
            return affine.Constant(int(tok))
        found = names.get(tok)
        if found is None:
            self.error(f"use of undeclared identifier '{tok}' in affine expression")
        self.pos += 1
        return found

    def _parse_strided(self) -> A.Attribute:
        self.pos += 1
        self.expect("<", "after 'strided'")
        self.expect("[", "to start strides")
        strides = self.parse_comma_list(self.parse_dim_or_dynamic, "]")
        offset = 0
        if self.accept(","):
            if self.next() != "offset":
                self.error("expected 'offset' after comma", self.pos - 1)
            self.expect(":", "after 'offset'")
            offset = self.parse_dim_or_dynamic()
        self.expect(">", "to end strided layout")
        return A.StridedLayoutAttr(strides, offset)

    def parse_dim_or_dynamic(self) -> int:
        if self.accept("?"):
            return T.DYNAMIC
        index = self.pos
        message = "expected a 64-bit signed integer or '?'"
        value = self.parse_integer_literal(message)
        if not -(1 << 63) <= value < (1 << 63):
            self.error(message, index)
        if value == T.DYNAMIC:  # would silently read back as '?'
            self.error("a stride or offset of -1 is not supported: irc stores '?' as -1", index)
        return value

    def _parse_type_attr_keyword(self) -> A.Attribute:
        return A.TypeAttr(self.parse_type())

    def _parse_loc_attr(self) -> A.Attribute:
        return A.LocationAttr(self.parse_location())

    # -- locations -----------------------------------------------------------------------

    def parse_location(self) -> Location:
        self.expect("loc")
        self.expect("(", "in location")
        loc = self.parse_location_body()
        self.expect(")", "in location")
        return loc

    def parse_location_body(self) -> Location:
        index = self.pos
        tok = self.toks[index]
        if tok == "unknown":
            self.pos += 1
            return UNKNOWN
        if tok[:1] == "#":
            self.pos += 1
            alias = self.loc_aliases.get(tok)
            if alias is None:
                self.error(f"undefined location alias '{tok[1:]}'", index)
            return alias
        if tok == "callsite":
            self.pos += 1
            self.expect("(", "in callsite location")
            callee = self.parse_location_body()
            if self.next() != "at":
                self.error("expected 'at' in callsite location", self.pos - 1)
            caller = self.parse_location_body()
            self.expect(")", "in callsite location")
            return CallSiteLoc(callee, caller)
        if tok == "fused":
            self.pos += 1
            metadata = None
            if self.accept("<"):
                metadata = self.parse_attribute()
                self.expect(">", "after fused location metadata")
            self.expect("[", "in fused location")
            locations = self.parse_comma_list(self.parse_location_body, "]")
            return fused_location(locations, metadata)
        if tok[:1] == '"':
            text = self.parse_string()
            if self.toks[self.pos] == ":":
                self.pos += 1
                message = "expected integer line number in location"
                if self.tok == "-":  # lines and columns are unsigned
                    self.error(message)
                line = self.parse_integer_literal(message)
                col = 0
                if self.accept(":"):
                    message = "expected integer column in location"
                    if self.tok == "-":
                        self.error(message)
                    col = self.parse_integer_literal(message)
                return FileLineColLoc(text, line, col)
            if self.accept("("):
                child = self.parse_location_body()
                self.expect(")", "after child location")
                # "relu"(unknown) is "relu", as in MLIR, where a name always has a child
                return NameLoc(text, None if child == UNKNOWN else child)
            return NameLoc(text)
        self.error(f"expected location instance, found {self.describe()}")


def _int_literal(tok: str) -> int:
    """A decimal (leading zeros allowed, as in MLIR: `007`) or `0x` hexadecimal integer."""
    return int(tok, 16) if tok[:2] == "0x" else int(tok)


def _drop_comment(line: str) -> str:
    """`line` without a trailing `// comment` (a `//` inside a string is kept)."""
    if "//" in line:
        for match in lexer.TOKEN.finditer(line):
            if match.group().startswith("//"):
                return line[: match.start()]
    return line


def _memory_space(space: A.Attribute | None) -> A.Attribute | None:
    """MLIR drops the default memory space: memref<4xf32, 0 : i32> is memref<4xf32>."""
    if isinstance(space, A.IntegerAttr) and space.value == 0:
        return None
    return space


def fused_location(locations, metadata=None) -> Location:
    """MLIR's FusedLoc::get: nested fused locations with the same metadata are flattened,
    unknown and repeated locations dropped; no location left gives `unknown` (or
    `fused<meta>[unknown]`), one location without metadata is that location."""
    kept: dict[Location, None] = {}
    for loc in locations:
        if isinstance(loc, FusedLoc) and loc.metadata == metadata:
            kept.update(dict.fromkeys(loc.locations))
        elif loc != UNKNOWN:
            kept[loc] = None
    if not kept:
        return UNKNOWN if metadata is None else FusedLoc((UNKNOWN,), metadata)
    if len(kept) == 1 and metadata is None:
        return next(iter(kept))
    return FusedLoc(tuple(kept), metadata)


def _int_fits(value: int, type: T.IntegerType) -> bool:
    width = type.width
    if type.signedness == "ui":
        return 0 <= value < (1 << width)
    if type.signedness == "si":
        return -(1 << (width - 1)) <= value < (1 << (width - 1))
    return -(1 << (width - 1)) <= value < (1 << width) if width > 1 else value in (0, 1, -1)


def unescape(body: str) -> str:
    """MLIR string escapes: `\\"`, `\\\\`, `\\n`, `\\t` and two-hex-digit bytes `\\0A`."""
    out = bytearray()
    pos = 0
    for match in _ESCAPE_RE.finditer(body):
        out += body[pos : match.start()].encode()
        hex_digits, char = match.groups()
        if hex_digits:
            out.append(int(hex_digits, 16))
        else:
            out += {"n": b"\n", "t": b"\t", '"': b'"', "\\": b"\\"}.get(char, char.encode())
        pos = match.end()
    out += body[pos:].encode()
    return out.decode("utf-8", "surrogateescape")


_NUMPY_DTYPES = {"f16": np.float16, "f32": np.float32, "f64": np.float64}


def _numpy_dtype(element: T.Type):
    if isinstance(element, T.IndexType):
        return np.int64
    if isinstance(element, T.IntegerType):
        if element.width == 1:
            return np.bool_
        for width in (8, 16, 32, 64):
            if element.width <= width:
                return np.dtype(f"{'u' if element.signedness == 'ui' else 'i'}{width // 8}")
        return object
    if isinstance(element, T.FloatType):
        if element.name == "bf16":
            try:
                import ml_dtypes

                return ml_dtypes.bfloat16
            except ImportError:
                return np.float32
        return _NUMPY_DTYPES.get(element.name)
    return None


_SIMPLE_TYPES: dict[str, T.Type] = {"index": T.INDEX, "none": T.NONE}
_SIMPLE_TYPES.update({name: T.FloatType(name) for name in T.FloatType.FORMATS})
_SIMPLE_TYPES.update({f"i{w}": T.IntegerType(w) for w in (1, 8, 16, 32, 64)})

_TYPE_PARSERS = {
    "tensor": Parser._parse_tensor,
    "memref": Parser._parse_memref,
    "vector": Parser._parse_vector,
    "complex": Parser._parse_complex,
    "tuple": Parser._parse_tuple,
}

_ATTR_PARSERS = {
    "[": Parser._parse_array,
    "{": Parser._parse_dict,
    "true": Parser._parse_bool,
    "false": Parser._parse_bool,
    "unit": Parser._parse_unit,
    "array": Parser._parse_dense_array,
    "dense": Parser._parse_dense,
    "affine_map": Parser._parse_affine_map,
    "strided": Parser._parse_strided,
    "loc": Parser._parse_loc_attr,
}


def parse(
    text: str,
    filename: str = "<stdin>",
    *,
    allow_unregistered: bool = False,
    sources: SourceManager | None = None,
    line_offset: int = 0,
    register_source: bool = True,
) -> Operation:
    """Parse a module from MLIR text; raises `IRError` with a located diagnostic.

    `line_offset` shifts reported lines, for a chunk cut out of a larger file whose
    whole text the `sources` manager already holds (then `register_source=False`)."""
    parser = Parser(text, filename, allow_unregistered, sources, line_offset, register_source)
    with paused_gc():
        return _parse_module(parser, sources)


def _parse_module(parser: Parser, sources: SourceManager | None) -> Operation:
    try:
        return parser.parse_module()
    except ParseError as exc:
        loc = parser.location_of(exc.index)
        if exc.after:
            loc = FileLineColLoc(loc.filename, loc.line, loc.col + len(parser.toks[exc.index]))
        diag = Diagnostic("error", loc, exc.message, hint=exc.hint)
        for message, index in exc.notes:
            diag.attach_note(message, parser.location_of(index))
        raise IRError(diag, sources) from None
    except RecursionError:
        diag = Diagnostic("error", parser.location_of(parser.pos), "input is nested too deeply")
        raise IRError(diag, sources) from None
    except IndexError:
        end = len(parser.toks) - 1
        if parser.pos < end:
            raise
        # A custom-form hook stepped past the end of the tokens.
        diag = Diagnostic("error", parser.location_of(end), "unexpected end of file")
        raise IRError(diag, sources) from None
