"""The printer: IR -> MLIR text, in the generic form or with ops' custom forms.

Value and block names follow MLIR's generic printer exactly (so that text printed by irc
and by `mlir-opt --mlir-print-op-generic` can be compared): results are numbered `%0,
%1, ...` and entry-block arguments `%arg0, ...` with counters shared across the whole
print, regions numbered depth-first with a stack; blocks are `^bb0, ^bb1, ...` per
region. Affine maps get `#map` aliases in order of appearance; with `debuginfo`, op
locations are printed as `#loc` aliases defined at the end, as MLIR does.
"""

from __future__ import annotations

import math
import re

import numpy as np

from irc.frontend.gcpause import paused_gc
from irc.ir import affine
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Block, Operation, Region, Value
from irc.ir.location import (
    CallSiteLoc,
    FileLineColLoc,
    FusedLoc,
    Location,
    NameLoc,
    UnknownLoc,
)

_BARE_ID = re.compile(r"[A-Za-z_][\w$.]*$")


# -- types ----------------------------------------------------------------------------------


def type_text(t: T.Type) -> str:
    printer = _TYPE_PRINTERS.get(type(t))
    if printer is None:
        return t.dialect_text()
    return printer(t)


def _dims(shape, scalable=None) -> str:
    parts = []
    for index, dim in enumerate(shape):
        text = "?" if dim == T.DYNAMIC else str(dim)
        parts.append(f"[{text}]" if scalable and scalable[index] else text)
    return "".join(p + "x" for p in parts)


def _tensor_text(t: T.TensorType) -> str:
    encoding = f", {t.encoding}" if t.encoding is not None else ""
    return f"tensor<{_dims(t.shape)}{t.element_type}{encoding}>"


def _memref_text(t: T.MemRefType) -> str:
    extra = ""
    if t.layout is not None:
        extra += f", {t.layout}"
    extra += _memory_space(t.memory_space)
    return f"memref<{_dims(t.shape)}{t.element_type}{extra}>"


def _function_type_text(t: T.FunctionType) -> str:
    inputs = ", ".join(str(x) for x in t.inputs)
    return f"({inputs}) -> {_results_text(t.results)}"


def _results_text(results) -> str:
    if len(results) == 1 and not isinstance(results[0], T.FunctionType):
        return str(results[0])
    return "(" + ", ".join(str(x) for x in results) + ")"


def _opaque_type_text(t: T.OpaqueType) -> str:
    return f"!{t.dialect}.{t.body}" if t.body and t.body[0] != "<" else f"!{t.dialect}{t.body}"


def _memory_space(space) -> str:
    return f", {elided_text(space)}" if space is not None else ""


_TYPE_PRINTERS = {
    T.IntegerType: lambda t: f"{t.signedness or 'i'}{t.width}",
    T.IndexType: lambda t: "index",
    T.FloatType: lambda t: t.name,
    T.NoneType: lambda t: "none",
    T.ComplexType: lambda t: f"complex<{t.element_type}>",
    T.TupleType: lambda t: f"tuple<{', '.join(str(x) for x in t.types)}>",
    T.FunctionType: _function_type_text,
    T.TensorType: _tensor_text,
    T.UnrankedTensorType: lambda t: f"tensor<*x{t.element_type}>",
    T.MemRefType: _memref_text,
    T.UnrankedMemRefType: lambda t: f"memref<*x{t.element_type}{_memory_space(t.memory_space)}>",
    T.VectorType: lambda t: f"vector<{_dims(t.shape, t.scalable)}{t.element_type}>",
    T.OpaqueType: _opaque_type_text,
}


# -- attributes -----------------------------------------------------------------------------


def attribute_text(attr: A.Attribute) -> str:
    printer = _ATTR_PRINTERS.get(type(attr))
    if printer is None:
        return attr.dialect_text()
    return printer(attr)


def _integer_attr_text(attr: A.IntegerAttr) -> str:
    if isinstance(attr.type, T.IntegerType) and attr.type.width == 1 and not attr.type.signedness:
        return "true" if attr.value else "false"
    return f"{attr.value} : {attr.type}"


def float_text(value: float, type: T.FloatType) -> str:
    """A float as MLIR prints it: six significant digits in exponent form when that reads
    back exactly, else LLVM's shortest natural form if it has a '.', else the bit pattern."""
    if math.isfinite(value):
        short = apfloat_text(value, type, precision=6, max_padding=0, truncate_zero=False)
        if A.round_to_type(float(short), type) == value:
            return short
        natural = apfloat_text(value, type)
        if "." in natural:
            return natural
    return "0x" + format(A.float_to_bits(value, type), f"0{(type.width + 3) // 4}X")


_MIN_EXPONENT = {"f16": -14, "bf16": -126, "f32": -126, "f64": -1022}


def _decimal_digits(value: float, type: T.FloatType, precision: int) -> tuple[str, int]:
    """Digits and power of ten of |value|, reduced to `precision` digits as LLVM's
    APFloat::toString does: first a truncating cut of whole powers of ten, then
    round-half-up on the decimal digits, trailing zeros dropped."""
    _, frexp_exp = math.frexp(abs(value))
    exp = max(frexp_exp - 1, _MIN_EXPONENT.get(type.name, -1022)) - (type.precision - 1)
    significand = int(math.ldexp(abs(value), -exp))
    trailing = (significand & -significand).bit_length() - 1
    significand >>= trailing
    exp += trailing
    if exp > 0:
        significand <<= exp
        exp = 0
    elif exp < 0:
        significand *= 5**-exp
    bits_required = (precision * 196 + 58) // 59
    bits = significand.bit_length()
    if bits > bits_required:
        removable = (bits - bits_required) * 59 // 196
        if removable:
            exp += removable
            significand //= 10**removable
    digits = str(significand)
    stripped = digits.rstrip("0")
    exp += len(digits) - len(stripped)
    digits = stripped
    if len(digits) > precision:
        dropped = len(digits) - precision
        exp += dropped
        kept = digits[:precision]
        if digits[precision] >= "5":
            kept = str(int(kept) + 1)
            if len(kept) > precision:
                kept = kept[:precision]
                exp += 1
        stripped = kept.rstrip("0")
        exp += len(kept) - len(stripped)
        digits = stripped
    return digits, exp


def apfloat_text(
    value: float,
    type: T.FloatType,
    precision: int = 0,
    max_padding: int = 3,
    truncate_zero: bool = True,
) -> str:
    """LLVM's APFloat::toString for a finite value (same parameters and defaults)."""
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        if max_padding:
            return sign + "0.0"
        if truncate_zero:
            return sign + "0.0E+0"
        return sign + "0." + "0" * max(precision, 1) + "e+00"
    if not precision:
        precision = 2 + type.precision * 59 // 196
    digits, exp = _decimal_digits(value, type, precision)
    count = len(digits)
    if not max_padding:
        scientific = True
    elif exp >= 0:
        scientific = exp > max_padding or count + exp > precision
    else:
        msd = exp + count - 1
        scientific = msd < 0 and -msd > max_padding
    if scientific:
        exp += count - 1
        tail = digits[1:] if count > 1 or not truncate_zero else "0"
        if not truncate_zero and precision > count - 1:
            tail += "0" * (precision - count + 1)
        exp_digits = str(abs(exp)).rjust(1 if truncate_zero else 2, "0")
        marker = "E" if truncate_zero else "e"
        return f"{sign}{digits[0]}.{tail}{marker}{'+' if exp >= 0 else '-'}{exp_digits}"
    if exp >= 0:
        return sign + digits + "0" * exp
    whole = exp + count
    if whole > 0:
        return f"{sign}{digits[:whole]}.{digits[whole:]}"
    return f"{sign}0.{'0' * -whole}{digits}"


def elided_text(attr: A.Attribute) -> str:
    """An attribute where MLIR may elide its type: i64 integers and f64 floats go bare
    (array elements, memory spaces)."""
    if isinstance(attr, A.IntegerAttr) and attr.type is T.I64:
        return str(attr.value)
    if isinstance(attr, A.FloatAttr) and attr.type is T.F64:
        text = float_text(attr.value, attr.type)
        if not text.startswith("0x"):  # a bare bit pattern would read back as an integer
            return text
    return str(attr)


def _float_attr_text(attr: A.FloatAttr) -> str:
    return f"{float_text(attr.value, attr.type)} : {attr.type}"


def string_literal(value: str) -> str:
    """Quote as MLIR does: printable ASCII kept, `\\` doubled, others as `\\XX` hex."""
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'
    out = []
    for byte in value.encode("utf-8", "surrogateescape"):
        if byte == 0x5C:
            out.append("\\\\")
        elif 0x20 <= byte < 0x7F and byte != 0x22:
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:02X}")
    return '"' + "".join(out) + '"'


def _attr_name(name: str) -> str:
    return name if _BARE_ID.match(name) else string_literal(name)


def attr_dict_text(entries) -> str:
    items = entries.items() if isinstance(entries, dict) else entries
    parts = []
    for name, value in sorted(items, key=lambda kv: kv[0]):
        if isinstance(value, A.UnitAttr):
            parts.append(_attr_name(name))
        else:
            parts.append(f"{_attr_name(name)} = {value}")
    return "{" + ", ".join(parts) + "}"


def _symbol_name(name: str) -> str:
    return f"@{name}" if _BARE_ID.match(name) else f"@{string_literal(name)}"


def _symbol_ref_text(attr: A.SymbolRefAttr) -> str:
    return "::".join(_symbol_name(n) for n in (attr.root, *attr.nested))


def _element_text(value, element: T.Type) -> str:
    if isinstance(element, T.FloatType):
        return float_text(float(value), element)
    if isinstance(element, T.IntegerType) and element.width == 1:
        return "true" if value else "false"
    return str(int(value))


_NARROW_FLOATS = {"e": T.F16, "f": T.F32}


def _scalar(value):
    """A numpy element as a Python number (object arrays hold Python ints already); a
    narrow NaN goes through its bits, as float() would quiet a signaling NaN."""
    if isinstance(value, np.floating) and value != value:
        narrow = _NARROW_FLOATS.get(value.dtype.char)
        if narrow is not None:
            bits = int(np.asarray(value).view(f"u{value.dtype.itemsize}"))
            return A.float_from_bits(bits, narrow)
    return value.item() if isinstance(value, np.generic) else value


def _nested_list(array, element: T.Type) -> str:
    if isinstance(array, np.ndarray) and array.ndim:
        return "[" + ", ".join(_nested_list(array[i], element) for i in range(len(array))) + "]"
    if isinstance(array, np.ndarray):
        array = array[()]
    return _element_text(_scalar(array), element)


def _dense_text(attr: A.DenseElementsAttr) -> str:
    element = attr.type.element_type
    if attr.type.num_elements == 0:
        return f"dense<> : {attr.type}"
    if attr.splat or attr.type.num_elements == 1:  # MLIR: dense<7> : tensor<1xi64>
        body = _element_text(_scalar(attr.values.reshape(-1)[0]), element)
    else:
        body = _nested_list(attr.to_array(), element)
    return f"dense<{body}> : {attr.type}"


def _dense_array_text(attr: A.DenseArrayAttr) -> str:
    if not attr.values:
        return f"array<{attr.element_type}>"
    body = ", ".join(_element_text(v, attr.element_type) for v in attr.values)
    return f"array<{attr.element_type}: {body}>"


def _dim_text(value: int) -> str:
    return "?" if value == T.DYNAMIC else str(value)


def _strided_text(attr: A.StridedLayoutAttr) -> str:
    strides = ", ".join(_dim_text(s) for s in attr.strides)
    offset = "" if attr.offset == 0 else f", offset: {_dim_text(attr.offset)}"
    return f"strided<[{strides}]{offset}>"


def _opaque_attr_text(attr: A.OpaqueAttr) -> str:
    body = attr.body
    return f"#{attr.dialect}.{body}" if body and body[0] != "<" else f"#{attr.dialect}{body}"


_ATTR_PRINTERS = {
    A.UnitAttr: lambda a: "unit",
    A.IntegerAttr: _integer_attr_text,
    A.FloatAttr: _float_attr_text,
    A.StringAttr: lambda a: string_literal(a.value),
    A.TypeAttr: lambda a: str(a.value),
    A.ArrayAttr: lambda a: "[" + ", ".join(elided_text(x) for x in a.elements) + "]",
    A.DictionaryAttr: lambda a: attr_dict_text(a.entries),
    A.SymbolRefAttr: _symbol_ref_text,
    A.DenseElementsAttr: _dense_text,
    A.DenseArrayAttr: _dense_array_text,
    A.AffineMapAttr: lambda a: f"affine_map<{affine.map_text(a.value)}>",
    A.StridedLayoutAttr: _strided_text,
    A.OpaqueAttr: _opaque_attr_text,
    A.LocationAttr: lambda a: f"loc({location_text(a.value)})",
}


# -- locations ------------------------------------------------------------------------------


def location_text(loc: Location, alias=None) -> str:
    """The inside of `loc(...)`; `alias` maps nested locations to alias names if given."""
    if alias is not None:
        name = alias(loc)
        if name is not None:
            return name
    if isinstance(loc, FileLineColLoc):
        return f"{string_literal(loc.filename)}:{loc.line}:{loc.col}"
    if isinstance(loc, UnknownLoc):
        return "unknown"
    if isinstance(loc, NameLoc):
        if loc.child is None or isinstance(loc.child, UnknownLoc):
            return string_literal(loc.name)
        return f"{string_literal(loc.name)}({location_text(loc.child, alias)})"
    if isinstance(loc, CallSiteLoc):
        return f"callsite({location_text(loc.callee, alias)} at {location_text(loc.caller, alias)})"
    if isinstance(loc, FusedLoc):
        meta = f"<{loc.metadata}>" if loc.metadata is not None else ""
        inner = ", ".join(location_text(x, alias) for x in loc.locations)
        return f"fused{meta}[{inner}]"
    raise TypeError(f"no printer for location {type(loc).__name__}")


# -- operations -----------------------------------------------------------------------------


class _Counters:
    """The next value, entry-argument and name-conflict numbers."""

    __slots__ = ("value", "arg", "conflict")

    def __init__(self, value: int, arg: int, conflict: int) -> None:
        self.value = value
        self.arg = arg
        self.conflict = conflict

    def copy(self) -> _Counters:
        return _Counters(self.value, self.arg, self.conflict)


class _NameScope:
    """Result names used in a region and its parents (siblings may reuse them)."""

    __slots__ = ("used", "parent")

    def __init__(self, parent: _NameScope | None) -> None:
        self.used: set[str] = set()
        self.parent = parent

    def taken(self, name: str) -> bool:
        scope = self
        while scope is not None:
            if name in scope.used:
                return True
            scope = scope.parent
        return False

    def unique(self, hint: str, counters: _Counters) -> str:
        name = hint
        while self.taken(name):
            name = f"{hint}_{counters.conflict}"
            counters.conflict += 1
        self.used.add(name)
        return name


def _result_hints(op: Operation) -> list[str | None]:
    hints = getattr(op, "result_name_hints", None)
    return hints() if hints is not None else []


class Printer:
    """Prints one op tree. Options mirror mlir-opt's printing flags."""

    def __init__(
        self,
        generic: bool = False,
        debuginfo: bool = False,
        elide_elements_larger_than: int | None = None,
    ) -> None:
        self.generic = generic
        self.debuginfo = debuginfo
        self.elide_limit = elide_elements_larger_than
        self.names: dict[Value, str] = {}
        self.block_names: dict[Block, str] = {}
        self.out: list[str] = []
        self.map_aliases: dict[A.Attribute, str] = {}
        self.loc_aliases: dict[Location, str] = {}
        self.indent = ""

    # -- naming --------------------------------------------------------------------------

    def number(self, top: Operation) -> None:
        """Assign value and block names as MLIR's SSANameState does.

        Regions are numbered depth-first from a stack. In the generic form the counters run
        on across the whole print, so every name is unique; otherwise each region starts
        from the counters its parent had when it was pushed, so sibling regions reuse names
        (`%arg1` in both bodies of two loops), and ops may name their results (`%cst`,
        `%c0`), made unique within the region and its parents with `_N` suffixes."""
        names = self.names
        block_names = self.block_names
        counters = _Counters(self._number_results(top, 0), 0, 0)
        unique = self.generic
        stack = [(r, counters.copy(), None) for r in top.regions]
        while stack:
            region, saved, parent_scope = stack.pop()
            if not unique:
                counters = saved
            scope = _NameScope(parent_scope)
            nested: list[Region] = []
            for block_index, block in enumerate(region.blocks):
                block_names[block] = f"^bb{block_index}"
                if block_index == 0:
                    for arg in block.args:
                        names[arg] = f"%arg{counters.arg}"
                        counters.arg += 1
                else:
                    for arg in block.args:
                        names[arg] = f"%{counters.value}"
                        counters.value += 1
                op = block.first
                while op is not None:
                    if op.results:
                        self._name_results(op, counters, scope, unique)
                    if op.regions:
                        nested.extend(op.regions)
                    op = op.next
            stack.extend((r, counters.copy(), scope) for r in nested)

    def _name_results(self, op: Operation, counters: _Counters, scope, unique: bool) -> None:
        results = op.results
        hints = [] if unique else _result_hints(op)
        if hints and len(hints) == len(results) and all(hints):
            for result, hint in zip(results, hints, strict=True):
                self.names[result] = "%" + scope.unique(hint, counters)
            return
        name = f"%{counters.value}"
        counters.value += 1
        if len(results) == 1:
            self.names[results[0]] = name
        else:
            for index, result in enumerate(results):
                self.names[result] = f"{name}#{index}"

    def _number_results(self, op: Operation, next_value: int) -> int:
        if op.results:
            for index, result in enumerate(op.results):
                self.names[result] = f"%{next_value}" + (f"#{index}" if len(op.results) > 1 else "")
            next_value += 1
        return next_value

    def value_name(self, value: Value) -> str:
        name = self.names.get(value)
        return name if name is not None else "<<UNKNOWN SSA VALUE>>"

    # -- attributes with aliases ---------------------------------------------------------

    def attr(self, attr: A.Attribute) -> str:
        if isinstance(attr, A.AffineMapAttr):
            alias = self.map_aliases.get(attr)
            if alias is None:
                count = len(self.map_aliases)
                alias = self.map_aliases[attr] = "#map" if count == 0 else f"#map{count}"
            return alias
        if isinstance(attr, A.DenseElementsAttr) and self.elide_limit is not None:
            if not attr.splat and attr.type.num_elements > self.elide_limit:
                return f"dense_resource<__elided__> : {attr.type}"
        if isinstance(attr, (A.ArrayAttr, A.DictionaryAttr)):
            return self._container(attr)
        if isinstance(attr, A.TypeAttr):
            return self.type(attr.value)
        return str(attr)

    def _element(self, attr: A.Attribute) -> str:
        if isinstance(attr, (A.IntegerAttr, A.FloatAttr)):
            return elided_text(attr)
        return self.attr(attr)

    def _container(self, attr) -> str:
        if isinstance(attr, A.ArrayAttr):
            return "[" + ", ".join(self._element(x) for x in attr.elements) + "]"
        return self.attr_dict(attr.entries)

    def type(self, t: T.Type) -> str:
        if isinstance(t, T.MemRefType) and isinstance(t.layout, A.AffineMapAttr):
            space = _memory_space(t.memory_space)
            return f"memref<{_dims(t.shape)}{t.element_type}, {self.attr(t.layout)}{space}>"
        return str(t)

    def attr_dict(self, entries) -> str:
        items = entries.items() if isinstance(entries, dict) else entries
        parts = []
        for name, value in sorted(items, key=lambda kv: kv[0]):
            if isinstance(value, A.UnitAttr):
                parts.append(_attr_name(name))
            else:
                parts.append(f"{_attr_name(name)} = {self.attr(value)}")
        return "{" + ", ".join(parts) + "}"

    def location(self, loc: Location) -> str:
        alias = self.loc_aliases.get(loc)
        if alias is None:
            count = len(self.loc_aliases)
            alias = self.loc_aliases[loc] = "#loc" if count == 0 else f"#loc{count}"
        return f"loc({alias})"

    # -- ops -----------------------------------------------------------------------------

    def print_top(self, op: Operation) -> str:
        self.number(op)
        if self.debuginfo:
            self._collect_locations(op)
        self.print_op(op)
        body = "".join(self.out)
        head = "".join(
            f"{alias} = affine_map<{affine.map_text(attr.value)}>\n"
            for attr, alias in self.map_aliases.items()
        )
        tail = ""
        if self.debuginfo and self.loc_aliases:
            tail = "".join(
                f"{alias} = loc({location_text(loc)})\n" for loc, alias in self.loc_aliases.items()
            )
        return head + body + "\n" + tail

    def _collect_locations(self, top: Operation) -> None:
        for op in top.walk():
            self.location(op.location)

    def print_op(self, op: Operation) -> None:
        out = self.out
        out.append(self.indent)
        results = op.results
        if results:
            name = self.names[results[0]]
            if len(results) == 1:
                out.append(f"{name} = ")
            elif "#" in name:
                out.append(f"{name.partition('#')[0]}:{len(results)} = ")
            else:
                out.append(", ".join(self.names[r] for r in results) + " = ")
        if not self.generic and hasattr(op, "print_custom"):
            op.print_custom(self)
        else:
            self.print_generic(op)
        if self.debuginfo:
            out.append(" ")
            out.append(self.location(op.location))

    def print_generic(self, op: Operation) -> None:
        out = self.out
        names = self.names
        operands = ", ".join(
            [names.get(use.value) or self.value_name(use.value) for use in op.operand_uses]
        )
        out.append(f"{string_literal(op.name)}({operands})")
        if op.successors:
            out.append(
                "["
                + ", ".join(self.block_names.get(b, "<<UNKNOWN BLOCK>>") for b in op.successors)
                + "]"
            )
        if op.properties:
            out.append(" <" + self.attr_dict(op.properties) + ">")
        if op.regions:
            out.append(" (")
            for index, region in enumerate(op.regions):
                if index:
                    out.append(", ")
                self.print_region(region, print_entry_args=True, print_empty_block=True)
            out.append(")")
        if op.attributes:
            out.append(" " + self.attr_dict(op.attributes))
        inputs = ", ".join([self.type(use.value.type) for use in op.operand_uses])
        results = op.results
        if len(results) == 1 and not isinstance(results[0].type, T.FunctionType):
            out.append(f" : ({inputs}) -> {self.type(results[0].type)}")
        else:
            result_types = ", ".join([self.type(r.type) for r in results])
            out.append(f" : ({inputs}) -> ({result_types})")

    def print_region(
        self, region: Region, print_entry_args: bool = True, print_empty_block: bool = False
    ) -> None:
        out = self.out
        out.append("{\n")
        outer = self.indent
        blocks = region.blocks
        if blocks:
            entry = blocks[0]
            header = (print_empty_block and entry.first is None) or (
                print_entry_args and entry.args
            )
            self.print_block(entry, header)
            for block in blocks[1:]:
                self.print_block(block, True)
        out.append(outer + "}")

    def print_block(self, block: Block, header: bool) -> None:
        out = self.out
        if header:
            out.append(self.indent + self.block_names[block])
            if block.args:
                out.append("(" + ", ".join(self._block_arg(a) for a in block.args) + ")")
            out.append(":")
            out.append(self._predecessor_comment(block))
            out.append("\n")
        inner = self.indent + "  "
        saved = self.indent
        self.indent = inner
        op = block.first
        while op is not None:
            self.print_op(op)
            out.append("\n")
            op = op.next
        self.indent = saved

    def _block_arg(self, arg) -> str:
        text = f"{self.names[arg]}: {self.type(arg.type)}"
        if self.debuginfo:
            text += f" loc({location_text(arg.loc)})"
        return text

    def _predecessor_comment(self, block: Block) -> str:
        if block.parent is None:
            return "  // block is not in a region!"
        preds = block.predecessors()
        if not preds:
            return "" if block.is_entry else "  // no predecessors"
        if all(p is preds[0] for p in preds):
            return f"  // pred: {self.block_names[preds[0]]}"
        order = {b: i for i, b in enumerate(block.parent.blocks)}
        names = [self.block_names[p] for p in sorted(preds, key=order.__getitem__)]
        return f"  // {len(names)} preds: " + ", ".join(names)

    # -- helpers for custom forms --------------------------------------------------------

    def write(self, text: str) -> None:
        self.out.append(text)

    def op_name(self, op: Operation) -> str:
        """The op's name as its custom form starts: without the prefix of the default
        dialect that the nearest enclosing op declares (`return` inside `func.func`)."""
        parent = op.parent_op
        while parent is not None:
            default = getattr(parent, "default_dialect", None)
            if default is not None:
                prefix = default + "."
                return op.name[len(prefix):] if op.name.startswith(prefix) else op.name
            parent = parent.parent_op
        return op.name


def print_op(
    op: Operation,
    generic: bool = False,
    debuginfo: bool = False,
    elide_elements_larger_than: int | None = None,
) -> str:
    """The text of `op` and everything nested in it, with a trailing newline."""
    printer = Printer(generic, debuginfo, elide_elements_larger_than)
    with paused_gc():
        return printer.print_top(op)
