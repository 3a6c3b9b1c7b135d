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
from irc.ir.traits import Terminator

_BARE_ID = re.compile(r"[A-Za-z_][\w$.]*$", re.ASCII)  # `é` is no identifier character


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


def attr_dict_text(entries, text=str) -> str:
    """`{a = 1 : i64, flag}` sorted by name; `text` prints each value (aliases, elision)."""
    items = entries.items() if isinstance(entries, dict) else entries
    parts = []
    for name, value in sorted(items, key=lambda kv: kv[0]):
        if isinstance(value, A.UnitAttr):
            parts.append(_attr_name(name))
        else:
            parts.append(f"{_attr_name(name)} = {text(value)}")
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


def _block_arg_hints(region: Region) -> list[str | None]:
    """Names the op owning `region` gives its entry-block arguments (`%in`, `%out` of
    linalg), as MLIR's getAsmBlockArgumentNames; empty when it gives none."""
    hints = getattr(region.parent, "block_arg_name_hints", None)
    return hints(region) if hints is not None else []


def _result_hints(op: Operation) -> list[str | None]:
    hints = getattr(op, "result_name_hints", None)
    return hints() if hints is not None else []


# -- aliases -------------------------------------------------------------------------------


class _AliasInfo:
    """What MLIR's AliasInitializer records for one visited attribute, type or location."""

    __slots__ = ("name", "is_type", "depth", "deferrable", "children", "text")

    def __init__(self, name: str | None, is_type: bool, deferrable: bool) -> None:
        self.name = name
        self.is_type = is_type
        self.depth = 1 if name else 0  # 0: neither aliased nor holding an alias
        self.deferrable = deferrable
        self.children: list[_AliasInfo] = []
        self.text = ""  # `#map1`, `#loc`, `!tuple`: set once all are numbered


def _alias_key(obj):
    """A location used as an attribute shares its alias with the location itself."""
    return obj.value if isinstance(obj, A.LocationAttr) else obj


def _alias_name(obj) -> str | None:
    """The builtin dialect's alias names (BuiltinOpAsmDialectInterface::getAlias)."""
    if isinstance(obj, Location):
        return "loc"
    if isinstance(obj, A.AffineMapAttr):
        return "map"
    if isinstance(obj, T.TupleType) and len(obj.types) > 16:
        return "tuple"
    return None


def _sub_elements(obj) -> tuple:
    """The nested attributes, types and locations MLIR's alias walk visits."""
    if isinstance(obj, Location):
        if isinstance(obj, NameLoc):
            child = obj.child
            return () if child is None or isinstance(child, UnknownLoc) else (child,)
        if isinstance(obj, CallSiteLoc):
            return (obj.callee, obj.caller)
        if isinstance(obj, FusedLoc):
            meta = () if obj.metadata is None else (obj.metadata,)
            return meta + obj.locations
        return ()
    if isinstance(obj, A.Attribute):
        if isinstance(obj, A.ArrayAttr):
            return obj.elements
        if isinstance(obj, A.DictionaryAttr):
            return tuple(value for _, value in obj.entries)
        if isinstance(obj, A.TypeAttr):
            return (obj.value,)
        if isinstance(obj, A.DenseElementsAttr):
            return (obj.type,)
        return ()
    if isinstance(obj, T.MemRefType):
        parts = (obj.element_type,)
        if obj.layout is not None:
            parts += (obj.layout,)
        return parts if obj.memory_space is None else (*parts, obj.memory_space)
    if isinstance(obj, T.UnrankedMemRefType):
        space = obj.memory_space
        return (obj.element_type,) if space is None else (obj.element_type, space)
    if isinstance(obj, T.TensorType):
        enc = obj.encoding
        return (obj.element_type,) if enc is None else (obj.element_type, enc)
    if isinstance(obj, (T.UnrankedTensorType, T.VectorType, T.ComplexType)):
        return (obj.element_type,)
    if isinstance(obj, T.TupleType):
        return obj.types
    if isinstance(obj, T.FunctionType):
        return obj.inputs + obj.results
    return ()


class _Aliases:
    """MLIR's AliasInitializer: which attributes, types and locations get `#map`, `#loc`
    and `!tuple` aliases, numbered as MLIR numbers them (by nesting depth, types first,
    then by name, then in the order a dummy print visits them), and which of them must
    be printed before the op (all but those reached only from op locations)."""

    __slots__ = ("infos",)

    def __init__(self) -> None:
        self.infos: dict[object, _AliasInfo] = {}

    def visit(self, obj, deferrable: bool = False) -> _AliasInfo:
        key = _alias_key(obj)
        info = self.infos.get(key)
        if info is not None:
            if not deferrable and info.deferrable:
                _mark_non_deferrable(info)
            return info
        info = self.infos[key] = _AliasInfo(_alias_name(key), isinstance(key, T.Type), deferrable)
        depth = 0
        for child in _sub_elements(key):
            child_info = self.visit(child, deferrable)
            info.children.append(child_info)
            if child_info.depth > depth:
                depth = child_info.depth
        if depth:
            info.depth = depth + 1
        return info

    def visit_op(self, op: Operation, debuginfo: bool, generic: bool) -> None:
        """What MLIR's DummyAliasOperationPrinter visits, in its order. An op whose custom
        form hides entry-block arguments or terminators, or prints regions in another order,
        says how in `printed_regions()`: (region, entry_args, terminators) as printed."""
        visit = self.visit
        infos = self.infos
        if debuginfo:
            loc = op.location
            if type(loc) is FileLineColLoc:  # the common case: no nested locations
                if loc not in infos:
                    infos[loc] = _AliasInfo("loc", False, True)
            else:
                visit(loc, True)
        if op.regions:
            if generic or not hasattr(op, "printed_regions"):
                for region in op.regions:
                    self.visit_region(region, True, True, debuginfo, generic)
            else:  # a custom form may hide entry arguments and terminators, or reorder
                for region, entry_args, terminators in op.printed_regions():
                    self.visit_region(region, entry_args, terminators, debuginfo, generic)
        for use in op.operand_uses:  # the common case, a type seen before, made cheap
            info = infos.get(use.value.type)
            if info is None or info.deferrable:
                visit(use.value.type)
        for result in op.results:
            info = infos.get(result.type)
            if info is None or info.deferrable:
                visit(result.type)
        attributes = op.attributes
        if generic:  # MLIR's getAttrs(): the properties too, one dictionary sorted by name
            if op.properties:
                attributes = {**attributes, **op.properties}
            for name in sorted(attributes):
                visit(attributes[name])
            return
        properties = op.properties
        printed = getattr(op, "printed_attribute_names", None)
        if printed is not None:  # a custom form that leaves some out (linalg.matmul's maps)
            printed = set(printed())
            attributes = {n: a for n, a in attributes.items() if n in printed}
            properties = {n: a for n, a in properties.items() if n in printed}
        if attributes:
            for name in sorted(attributes):  # a dictionary's order: sorted by name
                visit(attributes[name])
        if properties:  # a custom form prints them as attributes
            for name in sorted(properties):
                visit(properties[name])

    def visit_region(
        self, region: Region, entry_args: bool, terminators: bool, debuginfo: bool, generic: bool
    ) -> None:
        """A region as `Printer.print_region` prints it: the entry block's arguments only
        with `entry_args`, its terminator only with `terminators`."""
        visit = self.visit
        for index, block in enumerate(region.blocks):
            if index or entry_args:
                for arg in block.args:
                    visit(arg.type)
                    if debuginfo:
                        visit(arg.loc)
            end = None
            if not index and not terminators and block.last is not None:
                end = block.last if Terminator in block.last.traits else None
            nested = block.first
            while nested is not end:
                self.visit_op(nested, debuginfo, generic)
                nested = nested.next

    def number(self) -> list[tuple[object, _AliasInfo]]:
        """Give every alias its text; the aliased values in the order MLIR prints them."""
        named = [(key, info) for key, info in self.infos.items() if info.name]
        named.sort(key=lambda item: (item[1].depth, not item[1].is_type, item[1].name))
        counts: dict[str, int] = {}
        for _, info in named:
            index = counts.get(info.name, 0)
            counts[info.name] = index + 1
            sigil = "!" if info.is_type else "#"
            info.text = f"{sigil}{info.name}{index if index else ''}"
        return named


def _mark_non_deferrable(info: _AliasInfo) -> None:
    stack = [info]
    while stack:
        info = stack.pop()
        if info.deferrable:
            info.deferrable = False
            stack.extend(info.children)


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
        self.aliases = _Aliases()
        self.indent = ""
        self._pred_maps: dict[Region, dict[Block, list[Block]]] = {}

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
                    hints = () if unique else _block_arg_hints(region)
                    for index, arg in enumerate(block.args):
                        hint = hints[index] if index < len(hints) else None
                        if hint:  # OpAsmOpInterface::getAsmBlockArgumentNames
                            names[arg] = "%" + scope.unique(hint, counters)
                            continue
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
        if len(hints) == 1 and hints[0] and len(results) > 1:  # names the one result group
            base = "%" + scope.unique(hints[0], counters)
            for index, result in enumerate(results):
                self.names[result] = f"{base}#{index}"
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

    # -- attributes, types and locations with aliases -------------------------------------

    def attr(self, attr: A.Attribute) -> str:
        info = self.aliases.infos.get(_alias_key(attr))
        if info is not None:
            if info.text:
                return info.text
            if not info.depth and not isinstance(attr, (A.DenseElementsAttr, A.ArrayAttr)):
                return self._dict_or_plain(attr)
        if isinstance(attr, A.DenseElementsAttr):
            if self.elide_limit is not None and not attr.splat:
                if attr.type.num_elements > self.elide_limit:
                    return f"dense_resource<__elided__> : {self.type(attr.type)}"
            text = str(attr)
            suffix = f" : {attr.type}"
            return text[: -len(suffix)] + " : " + self.type(attr.type)
        if isinstance(attr, A.ArrayAttr):
            return "[" + ", ".join([self._element(x) for x in attr.elements]) + "]"
        if isinstance(attr, A.TypeAttr):
            return self.type(attr.value)
        if isinstance(attr, A.LocationAttr):
            return f"loc({self._location_body(attr.value)})"
        return self._dict_or_plain(attr)

    def _dict_or_plain(self, attr: A.Attribute) -> str:
        if isinstance(attr, A.DictionaryAttr):
            return self.attr_dict(attr.entries)
        return str(attr)

    def _element(self, attr: A.Attribute) -> str:
        """An array element or memory space: i64 and decimal f64 values go bare."""
        if isinstance(attr, (A.IntegerAttr, A.FloatAttr)):
            return elided_text(attr)
        return self.attr(attr)

    def type(self, t: T.Type) -> str:
        info = self.aliases.infos.get(t)
        if info is not None:
            if info.text:
                return info.text
            if not info.depth:
                return str(t)
        return self._type_body(t)

    def _type_body(self, t: T.Type) -> str:
        """A type spelled out, with aliases for what it holds."""
        sub = self.type
        if isinstance(t, T.TensorType):
            encoding = "" if t.encoding is None else f", {self.attr(t.encoding)}"
            return f"tensor<{_dims(t.shape)}{sub(t.element_type)}{encoding}>"
        if isinstance(t, T.MemRefType):
            layout = "" if t.layout is None else f", {self.attr(t.layout)}"
            space = "" if t.memory_space is None else f", {self._element(t.memory_space)}"
            return f"memref<{_dims(t.shape)}{sub(t.element_type)}{layout}{space}>"
        if isinstance(t, T.UnrankedMemRefType):
            space = "" if t.memory_space is None else f", {self._element(t.memory_space)}"
            return f"memref<*x{sub(t.element_type)}{space}>"
        if isinstance(t, T.UnrankedTensorType):
            return f"tensor<*x{sub(t.element_type)}>"
        if isinstance(t, T.VectorType):
            return f"vector<{_dims(t.shape, t.scalable)}{sub(t.element_type)}>"
        if isinstance(t, T.ComplexType):
            return f"complex<{sub(t.element_type)}>"
        if isinstance(t, T.TupleType):
            return "tuple<" + ", ".join([sub(x) for x in t.types]) + ">"
        if isinstance(t, T.FunctionType):
            inputs = ", ".join([sub(x) for x in t.inputs])
            results = t.results
            if len(results) == 1 and not isinstance(results[0], T.FunctionType):
                return f"({inputs}) -> {sub(results[0])}"
            return f"({inputs}) -> (" + ", ".join([sub(x) for x in results]) + ")"
        return str(t)

    def attr_dict(self, entries) -> str:
        return attr_dict_text(entries, self.attr)

    def location(self, loc: Location) -> str:
        """`loc(#locN)` for an op's location (inline when it has no alias)."""
        info = self.aliases.infos.get(loc)
        if info is not None and info.text:
            return f"loc({info.text})"
        return f"loc({self._location_body(loc)})"

    def _location_ref(self, loc: Location) -> str:
        info = self.aliases.infos.get(loc)
        return info.text if info is not None and info.text else self._location_body(loc)

    def _location_body(self, loc: Location) -> str:
        """The inside of `loc(...)`, nested locations by their aliases."""
        if isinstance(loc, NameLoc):
            child = loc.child
            if child is None or isinstance(child, UnknownLoc):
                return string_literal(loc.name)
            return f"{string_literal(loc.name)}({self._location_ref(child)})"
        if isinstance(loc, CallSiteLoc):
            callee, caller = self._location_ref(loc.callee), self._location_ref(loc.caller)
            return f"callsite({callee} at {caller})"
        if isinstance(loc, FusedLoc):
            meta = "" if loc.metadata is None else f"<{self.attr(loc.metadata)}>"
            inner = ", ".join([self._location_ref(x) for x in loc.locations])
            return f"fused{meta}[{inner}]"
        return location_text(loc)

    def _alias_definition(self, obj) -> str:
        if isinstance(obj, Location):
            return f"loc({self._location_body(obj)})"
        if isinstance(obj, A.AffineMapAttr):
            return f"affine_map<{affine.map_text(obj.value)}>"
        return self._type_body(obj)

    # -- ops -----------------------------------------------------------------------------

    def print_top(self, op: Operation) -> str:
        """The op and, as MLIR prints them, the alias definitions it uses: those that
        cannot be resolved later first, those reached only from op locations last."""
        self.number(op)
        self.aliases.visit_op(op, self.debuginfo, self.generic)
        named = self.aliases.number()
        self.print_op(op)
        body = "".join(self.out)
        head = []
        tail = []
        for obj, info in named:
            line = f"{info.text} = {self._alias_definition(obj)}\n"
            (tail if info.deferrable else head).append(line)
        return "".join(head) + body + "\n" + "".join(tail)

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
        self,
        region: Region,
        print_entry_args: bool = True,
        print_empty_block: bool = False,
        print_block_terminators: bool = True,
    ) -> None:
        """`{ ... }`. Without `print_block_terminators` the entry block's terminator is left
        out, as MLIR's custom forms leave out an implicit `scf.yield`."""
        out = self.out
        out.append("{\n")
        outer = self.indent
        blocks = region.blocks
        if blocks:
            entry = blocks[0]
            header = (print_empty_block and entry.first is None) or (
                print_entry_args and entry.args
            )
            self.print_block(entry, header, print_block_terminators)
            for block in blocks[1:]:
                self.print_block(block, True)
        out.append(outer + "}")

    def print_block(self, block: Block, header: bool, print_terminator: bool = True) -> None:
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
        end = None
        if not print_terminator and block.last is not None and Terminator in block.last.traits:
            end = block.last
        while op is not end:
            self.print_op(op)
            out.append("\n")
            op = op.next
        self.indent = saved

    def _block_arg(self, arg) -> str:
        text = f"{self.names[arg]}: {self.type(arg.type)}"
        if self.debuginfo:  # never by alias, as in MLIR
            text += f" loc({self._location_body(arg.loc)})"
        return text

    def _predecessors(self, block: Block) -> list[Block]:
        """Predecessors from a map built once per region (asking each block would scan the
        whole region per block: quadratic on long CFGs)."""
        preds = self._pred_maps.get(block.parent)
        if preds is None:
            preds = self._pred_maps[block.parent] = {}
            for source in block.parent.blocks:
                for target in source.successors():
                    preds.setdefault(target, []).append(source)
        return preds.get(block, [])

    def _predecessor_comment(self, block: Block) -> str:
        if block.parent is None:
            return "  // block is not in a region!"
        preds = self._predecessors(block)
        if not preds:
            return "" if block.is_entry else "  // no predecessors"
        if len(preds) == 1:  # MLIR's getSinglePredecessor: two edges from one block are two
            return f"  // pred: {self.block_names[preds[0]]}"
        order = {b: i for i, b in enumerate(block.parent.blocks)}
        names = [self.block_names[p] for p in sorted(preds, key=order.__getitem__)]
        return f"  // {len(names)} preds: " + ", ".join(names)

    # -- helpers for custom forms --------------------------------------------------------

    def write(self, text: str) -> None:
        self.out.append(text)

    def op_name(self, op: Operation) -> str:
        """The op's name as its custom form starts: without the prefix of the default
        dialect its parent op declares (`return` directly inside `func.func`). As in MLIR,
        any op with regions sets the scope, so `func.call` in an `scf.for` keeps it."""
        parent = op.parent_op
        default = getattr(parent, "default_dialect", None) if parent is not None else None
        if default and op.name.startswith(default + "."):
            return op.name[len(default) + 1 :]
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
