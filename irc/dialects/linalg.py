"""The linalg dialect: structured ops over tensors and memrefs.

Names, syntax and meaning follow MLIR's linalg dialect (iree-opt 3.13). A structured op
reads its `ins` and writes its `outs` (destination style): `linalg.generic` spells out
its indexing maps (one affine map per operand, from the loop indices to the operand's
indices), its iterator types (`#linalg.iterator_type<parallel>` or `reduction`, one per
loop) and a body that computes one element of each output from one element of each
operand (`linalg.yield`; `linalg.index` gives the loop indices). The named ops
(`linalg.matmul`, `batch_matmul`, `dot`, `matvec`, `vecmat`, `fill`, `copy`,
`transpose`, `broadcast`) are generic ops with fixed maps and a fixed body: their custom
form leaves the body out and the parser builds it, as MLIR's does; the generic form
spells it. `linalg.map` and `linalg.reduce` take a body (or, in the short form
`{ arith.addf }`, one op to build it from) and derive their maps from the shapes.

On tensors an op has one result per output, of the output's type (the output is the
initial value); on memrefs it has none and writes the outputs in place. The loop
bounds come from the operand shapes through the maps (MLIR's shapes-to-loops map: the
first operand dimension indexed by exactly `d_i` gives the size of loop `i`). The
verifiers check what MLIR checks, in its order and words.
"""

from __future__ import annotations

from irc.dialects import ops_by_name
from irc.dialects.syntax import (
    EnumAttr,
    arrow_text,
    attr_dict,
    check_properties,
    fail,
    optional_arrow_types,
    typed_text,
    typed_value_list,
    typed_values,
)
from irc.ir import affine
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Block, Region, Value
from irc.ir.location import UNKNOWN
from irc.ir.opdef import SEGMENT_SIZES, Arg, AttrKind, Op, Prop, Variadic, VerifyError
from irc.ir.traits import AttrSizedOperandSegments, Pure, Terminator

# -- attributes -------------------------------------------------------------------------------

ITERATOR_TYPES = ("parallel", "reduction")


class IteratorTypeAttr(EnumAttr):
    """`#linalg.iterator_type<parallel>`: how a loop of a structured op runs."""

    __slots__ = ()
    mnemonic = "#linalg.iterator_type"
    cases = ITERATOR_TYPES
    enum = "::mlir::utils::IteratorType"


PARALLEL = IteratorTypeAttr("parallel")
REDUCTION = IteratorTypeAttr("reduction")


class _ArrayOfKind(AttrKind):
    """An array attribute whose elements are all of one attribute class."""

    def __init__(self, element: type, description: str) -> None:
        self.element = element
        self.description = description

    def check(self, attr) -> bool:
        return isinstance(attr, A.ArrayAttr) and all(isinstance(e, self.element) for e in attr)


class _DimKind(AttrKind):
    description = "64-bit signless integer attribute whose minimum value is 0"

    def converts(self, attr) -> bool:
        return isinstance(attr, A.IntegerAttr)

    def check(self, attr) -> bool:
        return isinstance(attr, A.IntegerAttr) and attr.type is T.I64 and attr.value >= 0


class _StringKind(AttrKind):
    description = "string attribute"

    def check(self, attr) -> bool:
        return isinstance(attr, A.StringAttr)


INDEXING_MAPS = Prop("indexing_maps", _ArrayOfKind(A.AffineMapAttr, "AffineMap array attribute"))
ITERATOR_TYPES_PROP = Prop(
    "iterator_types", _ArrayOfKind(IteratorTypeAttr, "Iterator type should be an enum.")
)
DOC = Prop("doc", _StringKind(), optional=True)
MEMOIZED_MAPS = "linalg.memoized_indexing_maps"
LIBRARY_CALL = Prop("library_call", _StringKind(), optional=True)


# -- type constraints -------------------------------------------------------------------------


def _is_shaped(t: T.Type) -> bool:
    return isinstance(t, T.ShapedType)


def _is_ranked_tensor(t: T.Type) -> bool:
    return isinstance(t, T.TensorType)


def _is_buffer_or_tensor(t: T.Type) -> bool:
    return isinstance(t, (T.MemRefType, T.TensorType))


def element_type(t: T.Type) -> T.Type:
    """MLIR's getElementTypeOrSelf for an operand: a scalar operand is its own element."""
    return t.element_type if _is_buffer_or_tensor(t) else t


def rank_of(t: T.Type) -> int:
    return len(t.shape) if isinstance(t, T.ShapedType) and hasattr(t, "shape") else 0


def shape_of(t: T.Type) -> tuple[int, ...]:
    return tuple(t.shape) if isinstance(t, T.ShapedType) and hasattr(t, "shape") else ()


INPUTS = Variadic("inputs", description="variadic of any type")
OUTPUTS = Variadic("outputs", _is_shaped, "variadic of shaped of any non-token type values")
RESULT_TENSORS = Variadic(
    "result_tensors", _is_ranked_tensor, "variadic of ranked tensor of any type values"
)


# -- loops from shapes (MLIR's LinalgOp / IndexingMapOpInterface) ---------------------------


def concat_maps(maps: list[affine.AffineMap]) -> affine.AffineMap:
    """MLIR's concatAffineMaps: every result of every map, over the most dims of any."""
    num_dims = max((m.num_dims for m in maps), default=0)
    num_symbols = max((m.num_symbols for m in maps), default=0)
    return affine.AffineMap(num_dims, num_symbols, tuple(r for m in maps for r in m.results))


def shapes_to_loops(maps: list[affine.AffineMap]) -> list[int] | None:
    """MLIR's inversePermutation of the concatenated maps: for each loop, the position
    among all operand dimensions of the first result that is exactly that loop's dim;
    None when some loop is indexed by no such result (the maps are non-invertible)."""
    combined = concat_maps(maps)
    positions: list[int | None] = [None] * combined.num_dims
    for position, expr in enumerate(combined.results):
        if isinstance(expr, affine.Dim) and positions[expr.position] is None:
            positions[expr.position] = position
    if None in positions:
        return None
    return positions


def loop_sizes(maps: list[affine.AffineMap], shapes: list[tuple[int, ...]]) -> list[int]:
    """The size of each loop taken from the operand sizes (`T.DYNAMIC` where unknown)."""
    flat = [size for shape in shapes for size in shape]
    return [flat[p] if p < len(flat) else T.DYNAMIC for p in shapes_to_loops(maps)]


def _map_text(amap: affine.AffineMap) -> str:
    return affine.map_text(amap)


# -- custom-form helpers ----------------------------------------------------------------------


def _parse_operands_clause(parser, op_name: str, keyword: str) -> list[Value]:
    """`ins(%a, %b : t1, t2)` or `outs(...)`, when the keyword is there."""
    if not parser.accept(keyword):
        return []
    parser.expect("(")
    values = typed_value_list(parser, op_name)
    parser.expect(")")
    return values


def _operands_text(printer, op: Op) -> str:
    """MLIR's printCommonStructuredOpParts: ` ins(%a : t) outs(%b : u)`."""
    text = ""
    for keyword, values in (("ins", op.inputs), ("outs", op.outputs)):
        if values:
            text += f" {keyword}({typed_text(printer, values)})"
    return text


def _segments(inputs, outputs) -> A.DenseArrayAttr:
    return A.DenseArrayAttr(T.I32, [len(inputs), len(outputs)])


def _split_inherent(cls: type[Op], entries: dict) -> tuple[dict, dict]:
    """(properties, discardable attributes) of one attribute dictionary."""
    inherent = {p.name for p in cls.prop_defs} | {SEGMENT_SIZES}
    properties = {k: v for k, v in entries.items() if k in inherent}
    attributes = {k: v for k, v in entries.items() if k not in inherent}
    return properties, attributes


# -- the structured-op family -----------------------------------------------------------------


class StructuredOp(Op):
    """Base of linalg's structured ops: `ins`, then `outs`, one result per tensor output,
    one region whose block takes one element of each operand."""

    __slots__ = ()
    operand_defs = (INPUTS, OUTPUTS)
    result_defs = (RESULT_TENSORS,)
    num_regions = 1
    traits = frozenset({AttrSizedOperandSegments})
    memory_effects = ("read", "write")

    @property
    def inputs(self) -> list[Value]:
        return self.operand_group("inputs")

    @property
    def outputs(self) -> list[Value]:
        return self.operand_group("outputs")

    @property
    def body(self) -> Block:
        return self.regions[0].blocks[0]

    def indexing_maps(self) -> list[affine.AffineMap]:
        """One map per operand, from the loop indices to the operand's indices."""
        attr = self.properties.get("indexing_maps")
        return [m.value for m in attr] if isinstance(attr, A.ArrayAttr) else []

    def iterator_types(self) -> list[str]:
        attr = self.properties.get("iterator_types")
        return [t.value for t in attr] if isinstance(attr, A.ArrayAttr) else []

    @property
    def num_loops(self) -> int:
        return len(self.iterator_types())

    def block_arg_name_hints(self, region: Region) -> list[str]:
        """MLIR's getAsmBlockArgumentNames: `%in` for inputs, `%out` for outputs."""
        return ["in"] * len(self.inputs) + ["out"] * len(self.outputs)

    def verify(self) -> None:
        """MLIR checks the declaration, then the body's ops, then (verifyWithRegions)
        the destination-style and structured rules: a fault in the body speaks first."""
        check_properties(self)
        self.verify_op()
        if _body_has_fault(self):
            return  # the verifier reports it when it reaches the body
        self.verify_destination_style()
        self.verify_structured()

    def verify_op(self) -> None:
        """The op's own rules (MLIR's `verify()`), before the body and the interfaces."""

    # -- DestinationStyleOpInterface ----------------------------------------------------------

    def verify_destination_style(self) -> None:
        inputs = len(self.inputs)
        tensors = []
        for number, value in enumerate(self.outputs, start=inputs):
            if isinstance(value.type, T.TensorType):
                tensors.append(value)
            elif not isinstance(value.type, (T.MemRefType, T.UnrankedMemRefType)):
                raise VerifyError(f"expected that operand #{number} is a tensor or a memref")
        results = [r for r in self.results if isinstance(r.type, T.TensorType)]
        if len(results) != len(tensors):
            raise VerifyError(
                f"expected the number of tensor results ({len(results)}) to be equal to the "
                f"number of output tensors ({len(tensors)})"
            )
        operands = self.operands
        for result, value in zip(self.results, tensors, strict=True):
            if result.type is not value.type:
                number = operands.index(value, inputs)
                raise VerifyError(
                    f"expected type of operand #{number} ('{value.type}') to match type of "
                    f"corresponding result ('{result.type}')"
                )

    # -- LinalgStructuredInterface -------------------------------------------------------------

    def verify_structured(self) -> None:
        types = [v.type for v in self.operands]
        memrefs = any(isinstance(t, T.MemRefType) for t in types)
        tensors = any(isinstance(t, T.TensorType) for t in types)
        if memrefs and tensors:
            raise VerifyError("expected to have pure tensor or buffer semantics")
        maps = self.indexing_maps()
        self.verify_indexing_maps(maps, types)
        loops = self.num_loops
        for number, amap in enumerate(maps):
            if amap.num_dims != loops:
                raise VerifyError(
                    f"expected indexing_map #{number} to have {loops} dim(s) to match the "
                    "number of loops"
                )
        region = self.regions[0]
        if len(region.blocks) != 1:
            raise VerifyError("expects to have 1 region with 1 block")
        args = region.blocks[0].args
        if len(args) != len(types):
            raise VerifyError(
                "expected as many non-induction variable region arguments as the number of "
                "input/output operands"
            )
        for number, (arg, t) in enumerate(zip(args, types, strict=True)):
            if arg.type is not element_type(t):
                raise VerifyError(
                    f"expected type of bb argument #{number} ('{arg.type}') to match element "
                    f"or self type of the corresponding operand ('{element_type(t)}')"
                )

    def verify_indexing_maps(self, maps: list[affine.AffineMap], types: list[T.Type]) -> None:
        """MLIR's IndexingMapOpInterface::verifyImpl."""
        if len(maps) != len(types):
            raise VerifyError(
                f"expected the number of indexing_map ({len(maps)}) to be equal to the number "
                f"of input/output operands ({len(types)})"
            )
        for number, (amap, t) in enumerate(zip(maps, types, strict=True)):
            if amap.num_symbols:
                raise VerifyError(f"unexpected symbols in indexing_map #{number}")
            if len(amap.results) != rank_of(t):
                raise VerifyError(
                    f"expected operand #{number} rank ({rank_of(t)}) to match the result rank "
                    f"of indexing_map ({len(amap.results)})"
                )
        if shapes_to_loops(maps) is None:
            raise VerifyError(
                f"invalid indexing maps are non-invertible: ({_map_text(concat_maps(maps))})"
            )
        ends = loop_sizes(maps, [shape_of(t) for t in types])
        if T.DYNAMIC in ends:
            return  # only static loop ranges are checked
        for number, (amap, t) in enumerate(zip(maps, types, strict=True)):
            _verify_static_shape(number, amap, shape_of(t), [e - 1 for e in ends])


def _verify_static_shape(number: int, amap: affine.AffineMap, shape, ends: list[int]) -> None:
    """The first and last loop indices must map inside the operand (an exact size for a
    result that is one loop's dim), as MLIR checks static shapes."""
    first = amap.evaluate([0] * amap.num_dims)
    last = amap.evaluate((ends + [0] * amap.num_dims)[: amap.num_dims])
    for dim, size in enumerate(shape):
        if size == T.DYNAMIC or size == 0:
            continue
        low, high = min(first[dim], last[dim]), max(first[dim], last[dim])
        if low < 0:
            raise VerifyError(
                f"unexpected result less than 0 at expression #{dim} in {_map_text(amap)}"
            )
        inferred = high + 1
        if isinstance(amap.results[dim], affine.Dim):
            if inferred != size:
                raise VerifyError(
                    f"inferred input/output operand #{number} has shape's dimension #{dim} to "
                    f"be {inferred}, but found {size}"
                )
        elif inferred > size:
            raise VerifyError(
                f"inferred input/output operand #{number} has shape's dimension #{dim} to be "
                f"greater than or equal to {inferred}, but found {size}"
            )


def _body_has_fault(op: StructuredOp) -> bool:
    """Whether the body's linalg.yield or linalg.index will fail to verify, or the body
    lacks a terminator."""
    blocks = op.regions[0].blocks if op.regions else []
    if len(blocks) != 1:
        return False
    last = blocks[0].last
    if last is None or not (Terminator in last.traits or not isinstance(last, Op)):
        return True
    for nested in blocks[0]:
        if isinstance(nested, (YieldOp, IndexOp)):
            try:
                nested.verify()
            except VerifyError:
                return True
    return False


# -- linalg.generic ---------------------------------------------------------------------------

_TRAIT_ATTRS = ("doc", "indexing_maps", "iterator_types", "library_call")


class GenericOp(StructuredOp):
    """A loop nest over `ins` and `outs` given by indexing maps, with a scalar body.

    #map = affine_map<(d0, d1) -> (d0, d1)>
    #row = affine_map<(d0, d1) -> (d0)>
    %sum = linalg.generic {indexing_maps = [#map, #row],
                           iterator_types = ["parallel", "reduction"]}
        ins(%x : tensor<4x8xf32>) outs(%init : tensor<4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %s = arith.addf %in, %out : f32
      linalg.yield %s : f32
    } -> tensor<4xf32>

    The body runs once per point of the loop nest (the last loop fastest) on the elements
    the maps select; it yields the new value of each output element. The custom form
    spells iterator types as strings; other attributes follow `attrs =`.
    """

    __slots__ = ()
    name = "linalg.generic"
    prop_defs = (DOC, INDEXING_MAPS, ITERATOR_TYPES_PROP, LIBRARY_CALL)

    @classmethod
    def build(cls, inputs, outputs, maps, iterator_types, location=UNKNOWN) -> GenericOp:
        """The op with an entry block of one element argument per operand, no body yet."""
        inputs, outputs = list(inputs), list(outputs)
        operands = inputs + outputs
        block = Block([element_type(v.type) for v in operands], [location] * len(operands))
        properties = {
            "indexing_maps": A.ArrayAttr(A.AffineMapAttr(m) for m in maps),
            "iterator_types": A.ArrayAttr(IteratorTypeAttr(t) for t in iterator_types),
            SEGMENT_SIZES: _segments(inputs, outputs),
        }
        result_types = [v.type for v in outputs if isinstance(v.type, T.TensorType)]
        return cls(operands, result_types, properties, {}, [Region([block])], location=location)

    @classmethod
    def parse_custom(cls, parser) -> GenericOp:
        dict_index = parser.pos
        if parser.tok != "{":
            parser.error("expected attribute value")
        entries = parser.parse_attribute_dict()
        iterators = entries.get("iterator_types")
        if not isinstance(iterators, A.ArrayAttr):
            fail(parser, cls.name, 'expected "iterator_types" array attribute', dict_index)
        entries["iterator_types"] = A.ArrayAttr(_iterator_type(parser, e) for e in iterators)
        properties, attributes = _split_inherent(cls, entries)
        attributes.update(attr_dict(parser))
        inputs = _parse_operands_clause(parser, cls.name, "ins")
        outputs = _parse_operands_clause(parser, cls.name, "outs")
        properties[SEGMENT_SIZES] = _segments(inputs, outputs)
        if parser.accept("attrs"):
            parser.expect("=")
            attributes.update(attr_dict(parser))
        region = parser.parse_region()
        result_types = optional_arrow_types(parser)
        return cls(inputs + outputs, result_types, properties, attributes, [region])

    def print_custom(self, printer) -> None:
        if not segment_sizes_ok(self) or len(self.regions) != 1 or not _properties_ok(self):
            return printer.print_generic(self)
        traits = {}
        for name in _TRAIT_ATTRS:
            attr = self.properties.get(name)
            if name == "iterator_types" and isinstance(attr, A.ArrayAttr):
                attr = A.ArrayAttr(A.StringAttr(getattr(e, "value", str(e))) for e in attr)
            if attr is not None:
                traits[name] = attr
        printer.write(printer.op_name(self) + " ")
        if traits:
            printer.write(printer.attr_dict(traits))
        printer.write(_operands_text(printer, self))
        extra = dict(self.attributes)
        for name, attr in self.properties.items():
            if name not in _TRAIT_ATTRS and name != SEGMENT_SIZES:
                extra[name] = attr
        if extra:
            printer.write(" attrs =  " + printer.attr_dict(extra))
        if self.regions[0].blocks:
            printer.write(" ")
            printer.print_region(self.regions[0])
        printer.write(arrow_text(printer, self.result_types))


def _iterator_type(parser, entry: A.Attribute) -> IteratorTypeAttr:
    """A custom-form iterator type: the string `"parallel"` or `"reduction"`."""
    if isinstance(entry, IteratorTypeAttr):
        return entry
    value = entry.value if isinstance(entry, A.StringAttr) else str(entry)
    if value not in ITERATOR_TYPES:
        parser.error(f"custom op 'linalg.generic' unexpected iterator_type ({value})")
    return IteratorTypeAttr(value)


def _properties_ok(op: Op) -> bool:
    try:
        check_properties(op)
    except VerifyError:
        return False
    return True


def segment_sizes_ok(op: Op) -> bool:
    """Whether the operand segment sizes split the operands (else print generically)."""
    attr = op.properties.get(SEGMENT_SIZES)
    values = getattr(attr, "values", None)
    return values is not None and len(values) == 2 and sum(values) == len(op.operands)


# -- named ops --------------------------------------------------------------------------------


def _cast(block: Block, value: Value, to: T.Type) -> Value:
    """MLIR's TypeFn::cast_signed in a region builder: the value as type `to`."""
    from irc.dialects import arith

    source = value.type
    if source is to:
        return value
    floats = isinstance(source, T.FloatType), isinstance(to, T.FloatType)
    if floats == (True, True):
        cls = arith.ExtFOp if to.width > source.width else arith.TruncFOp
    elif floats == (False, True):
        cls = arith.SIToFPOp
    elif floats == (True, False):
        cls = arith.FPToSIOp
    elif isinstance(source, T.IndexType) or isinstance(to, T.IndexType):
        cls = arith.IndexCastOp
    else:
        cls = arith.ExtSIOp if to.width > source.width else arith.TruncIOp
    return block.append(cls([value], [to], location=UNKNOWN)).results[0]


def _binary(block: Block, kind: str, lhs: Value, rhs: Value) -> Value:
    """MLIR's BinaryFn::add / mul on the element type: float, integer, or i1 (or/and)."""
    from irc.dialects import arith

    t = lhs.type
    if isinstance(t, T.FloatType):
        cls = arith.AddFOp if kind == "add" else arith.MulFOp
    elif t is T.I1:
        cls = arith.OrIOp if kind == "add" else arith.AndIOp
    else:
        cls = arith.AddIOp if kind == "add" else arith.MulIOp
    return block.append(cls([lhs, rhs], [t], location=UNKNOWN)).results[0]


def _contraction_body(block: Block) -> None:
    """out + cast(a) * cast(b), as MLIR's matmul region builder."""
    a, b, out = block.args
    product = _binary(block, "mul", _cast(block, a, out.type), _cast(block, b, out.type))
    block.append(YieldOp([_binary(block, "add", out, product)], location=UNKNOWN))


def _copy_body(block: Block) -> None:
    """yield cast(in): fill and copy."""
    value, out = block.args
    block.append(YieldOp([_cast(block, value, out.type)], location=UNKNOWN))


class NamedStructuredOp(StructuredOp):
    """A structured op with fixed maps and body: `op {attrs} ins(...) outs(...) -> t`.

    Subclasses give `default_maps(ranks)` and `fill_body(block)`; the parser builds the
    body (block arguments at an unknown location, as MLIR's region builder)."""

    __slots__ = ()
    iterators: tuple[str, ...] = ()
    maps_are_properties = False  # matmul-like ops store their maps (`indexing_maps`)
    memoizes_maps = False  # OpDSL ops (dot, matvec, vecmat) cache theirs on the op

    @classmethod
    def default_maps(cls, ranks: list[int]) -> list[affine.AffineMap]:
        raise NotImplementedError

    @classmethod
    def fill_body(cls, block: Block) -> None:
        raise NotImplementedError

    def indexing_maps(self) -> list[affine.AffineMap]:
        if self.maps_are_properties:
            return super().indexing_maps()
        if not self.memoizes_maps:
            return self.default_maps([rank_of(v.type) for v in self.operands])
        cached = self.attributes.get(MEMOIZED_MAPS)
        if isinstance(cached, A.ArrayAttr) and all(isinstance(m, A.AffineMapAttr) for m in cached):
            return [m.value for m in cached]  # MLIR trusts the cache, right or wrong
        maps = self.default_maps([rank_of(v.type) for v in self.operands])
        # MLIR's getIndexingMaps memoizes the maps as a discardable attribute the first
        # time it is asked (by the verifier): the generic form then shows it.
        self.attributes[MEMOIZED_MAPS] = A.ArrayAttr(A.AffineMapAttr(m) for m in maps)
        return maps

    def iterator_types(self) -> list[str]:
        return list(self.iterators) if self.iterators else self._identity_iterators()

    def _identity_iterators(self) -> list[str]:
        outputs = self.outputs
        return ["parallel"] * (rank_of(outputs[0].type) if outputs else 0)

    @classmethod
    def build(cls, inputs, outputs, location=UNKNOWN) -> NamedStructuredOp:
        inputs, outputs = list(inputs), list(outputs)
        properties = {SEGMENT_SIZES: _segments(inputs, outputs)}
        if cls.maps_are_properties:
            ranks = [rank_of(v.type) for v in inputs + outputs]
            maps = cls.default_maps(ranks)
            properties["indexing_maps"] = A.ArrayAttr(A.AffineMapAttr(m) for m in maps)
        result_types = [v.type for v in outputs if isinstance(v.type, T.TensorType)]
        region = cls.body_region([v.type for v in inputs + outputs])
        return cls(inputs + outputs, result_types, properties, {}, [region], location=location)

    @classmethod
    def body_region(cls, operand_types) -> Region:
        types = [element_type(t) for t in operand_types]
        block = Block(types, [UNKNOWN] * len(types))
        cls.fill_body(block)
        return Region([block])

    @classmethod
    def parse_custom(cls, parser) -> NamedStructuredOp:
        maps = _parse_explicit_maps(parser) if cls.maps_are_properties else None
        attributes = attr_dict(parser)
        inputs = _parse_operands_clause(parser, cls.name, "ins")
        outputs = _parse_operands_clause(parser, cls.name, "outs")
        attributes.update(attr_dict(parser))
        result_types = optional_arrow_types(parser)
        properties, attributes = _split_inherent(cls, attributes)
        properties[SEGMENT_SIZES] = _segments(inputs, outputs)
        operands = inputs + outputs
        if cls.maps_are_properties:
            if maps is None:
                defaults = cls.default_maps([rank_of(v.type) for v in operands])
                maps = A.ArrayAttr(A.AffineMapAttr(m) for m in defaults)
            properties["indexing_maps"] = maps
        region = cls.body_region([v.type for v in operands])
        return cls(operands, result_types, properties, attributes, [region])

    def print_custom(self, printer) -> None:
        if not segment_sizes_ok(self):
            return printer.print_generic(self)
        printer.write(printer.op_name(self))
        if self.has_user_defined_maps():
            printer.write(" indexing_maps = " + printer.attr(self.properties["indexing_maps"]))
        extra = {n: a for n, a in self.attributes.items() if n != MEMOIZED_MAPS}
        for name, attr in self.properties.items():
            if name not in (SEGMENT_SIZES, "indexing_maps"):
                extra[name] = attr
        if extra:
            printer.write(" " + printer.attr_dict(extra))
        printer.write(_operands_text(printer, self))
        printer.write(arrow_text(printer, self.result_types))

    def printed_regions(self) -> list:
        return []  # the custom form elides the body

    def printed_attribute_names(self) -> list[str]:
        """The properties and attributes the custom form spells (for alias numbering):
        the maps only when they are not the default ones, never the memoized ones."""
        elided = {SEGMENT_SIZES, MEMOIZED_MAPS}
        if not self.has_user_defined_maps():
            elided.add("indexing_maps")
        names = [*self.properties, *self.attributes]
        return [n for n in names if n not in elided]

    def has_user_defined_maps(self) -> bool:
        if not self.maps_are_properties or "indexing_maps" not in self.properties:
            return False
        ranks = [rank_of(v.type) for v in self.operands]
        return self.indexing_maps() != self.default_maps(ranks)


def _parse_explicit_maps(parser) -> A.ArrayAttr | None:
    """`indexing_maps = [#map, ...]` before `ins`, when given (MatmulOp::parse)."""
    if not parser.accept("indexing_maps"):
        return None
    parser.expect("=")
    maps = parser.parse_attribute()
    if not isinstance(maps, A.ArrayAttr):
        fail(parser, "linalg.matmul", "expected 'indexing_maps' to be an array attribute")
    if not all(isinstance(m, A.AffineMapAttr) for m in maps):
        fail(parser, "linalg.matmul", "element of indexing_maps array is not an affine_map")
    return maps


def _dims(*positions: int, num_dims: int) -> affine.AffineMap:
    return affine.AffineMap(num_dims, 0, tuple(affine.Dim(p) for p in positions))


class _ContractionOp(NamedStructuredOp):
    """Base of the products (matmul, batch_matmul, dot, matvec, vecmat): out += a * b,
    each operand indexed by the loops its row of `operand_dims` names."""

    __slots__ = ()
    operand_dims: tuple[tuple[int, ...], ...] = ()

    @classmethod
    def default_maps(cls, ranks) -> list[affine.AffineMap]:
        return [_dims(*dims, num_dims=len(cls.iterators)) for dims in cls.operand_dims]

    @classmethod
    def fill_body(cls, block: Block) -> None:
        _contraction_body(block)


class MatmulOp(_ContractionOp):
    """Matrix product accumulated into the output: C[m, n] += A[m, k] * B[k, n].

    %c = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x3xf32>)
                       outs(%init : tensor<4x3xf32>) -> tensor<4x3xf32>

    Operands of another element type are cast to the output's first (signed for
    integers); on memrefs the op has no result and writes `outs`.
    """

    __slots__ = ()
    name = "linalg.matmul"
    prop_defs = (INDEXING_MAPS,)
    iterators = ("parallel", "parallel", "reduction")
    operand_dims = ((0, 2), (2, 1), (0, 1))
    maps_are_properties = True

    def verify_op(self) -> None:
        """MLIR's verifyExtendedMatmulSemantic for maps given in the custom form: each
        input map uses only its default dims, and a broadcast input is indexed by k."""
        if not self.has_user_defined_maps():
            return
        maps, defaults = self.indexing_maps(), self.default_maps([])
        for amap, default in list(zip(maps, defaults, strict=False))[:2]:
            if any(result not in default.results for result in amap.results):
                raise VerifyError("Unexpected dim expression in map result.")
            broadcast = len(amap.results) < len(default.results)
            if broadcast and amap.results != (affine.Dim(2),):
                raise VerifyError("Invalid broadcast requested, should be (d2).")


class BatchMatmulOp(_ContractionOp):
    """A matmul per batch: C[b, m, n] += A[b, m, k] * B[b, k, n].

    %c = linalg.batch_matmul ins(%a, %b : tensor<2x4x8xf32>, tensor<2x8x3xf32>)
                             outs(%init : tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
    """

    __slots__ = ()
    name = "linalg.batch_matmul"
    prop_defs = (INDEXING_MAPS,)
    iterators = ("parallel", "parallel", "parallel", "reduction")
    operand_dims = ((0, 1, 3), (0, 3, 2), (0, 1, 2))
    maps_are_properties = True


class DotOp(_ContractionOp):
    """Inner product accumulated into a rank-0 output: C[] += A[k] * B[k].

    %d = linalg.dot ins(%a, %b : tensor<8xf32>, tensor<8xf32>) outs(%c : tensor<f32>)
        -> tensor<f32>
    """

    __slots__ = ()
    name = "linalg.dot"
    iterators = ("reduction",)
    operand_dims = ((0,), (0,), ())
    memoizes_maps = True


class MatvecOp(_ContractionOp):
    """Matrix-vector product accumulated into the output: y[m] += A[m, k] * x[k].

    %y = linalg.matvec ins(%a, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%c : tensor<4xf32>)
        -> tensor<4xf32>
    """

    __slots__ = ()
    name = "linalg.matvec"
    iterators = ("parallel", "reduction")
    operand_dims = ((0, 1), (1,), (0,))
    memoizes_maps = True


class VecmatOp(_ContractionOp):
    """Vector-matrix product accumulated into the output: y[n] += x[k] * A[k, n].

    %y = linalg.vecmat ins(%x, %a : tensor<8xf32>, tensor<8x4xf32>) outs(%c : tensor<4xf32>)
        -> tensor<4xf32>
    """

    __slots__ = ()
    name = "linalg.vecmat"
    iterators = ("parallel", "reduction")
    operand_dims = ((1,), (1, 0), (0,))
    memoizes_maps = True


class FillOp(NamedStructuredOp):
    """Set every element of the output to a scalar.

    %t = linalg.fill ins(%zero : f32) outs(%init : tensor<4x3xf32>) -> tensor<4x3xf32>
    """

    __slots__ = ()
    name = "linalg.fill"

    @classmethod
    def default_maps(cls, ranks) -> list[affine.AffineMap]:
        rank = ranks[-1] if ranks else 0
        return [affine.AffineMap(rank, 0, ()), affine.AffineMap.identity(rank)]

    @classmethod
    def fill_body(cls, block: Block) -> None:
        _copy_body(block)

    def verify_op(self) -> None:
        inputs, outputs = self.inputs, self.outputs
        if len(inputs) == 1 and len(outputs) == 1:
            value, out = inputs[0].type, element_type(outputs[0].type)
            if value is not out:
                raise VerifyError(
                    f"expected fill value type ('{value}') to match output element type ('{out}')"
                )


class CopyOp(NamedStructuredOp):
    """Copy every element of the input to the output (cast to its element type).

    %t = linalg.copy ins(%x : tensor<4x3xf32>) outs(%init : tensor<4x3xf32>) -> tensor<4x3xf32>
    linalg.copy ins(%a : memref<4x3xf32>) outs(%b : memref<4x3xf32>)
    """

    __slots__ = ()
    name = "linalg.copy"

    @classmethod
    def default_maps(cls, ranks) -> list[affine.AffineMap]:
        rank = ranks[-1] if ranks else 0
        return [affine.AffineMap.identity(rank), affine.AffineMap.identity(rank)]

    @classmethod
    def fill_body(cls, block: Block) -> None:
        _copy_body(block)


# -- ops whose maps follow from their shapes: map, reduce, transpose, broadcast ---------------

DYNAMIC_SIZE = -(1 << 63)  # ShapedType::kDynamic, as MLIR prints a `?` size in messages


class _DenseI64Kind(AttrKind):
    description = "i64 dense array attribute"

    def converts(self, attr) -> bool:
        return isinstance(attr, A.DenseArrayAttr)

    def check(self, attr) -> bool:
        return isinstance(attr, A.DenseArrayAttr) and attr.element_type is T.I64


class _IncreasingKind(_DenseI64Kind):
    description = "i64 dense array attribute should be in increasing order"

    def check(self, attr) -> bool:
        values = getattr(attr, "values", ())
        return super().check(attr) and all(a < b for a, b in zip(values, values[1:], strict=False))


def _sizes_text(shape) -> str:
    return ", ".join(str(DYNAMIC_SIZE if s == T.DYNAMIC else s) for s in shape)


def _i64_array(values) -> A.DenseArrayAttr:
    return A.DenseArrayAttr(T.I64, values)


def _parse_i64_list(parser, op_name: str, keyword: str) -> A.DenseArrayAttr:
    """`keyword = [1, 2]` (MLIR's parseDenseI64ArrayAttr)."""
    if not parser.accept(keyword):
        fail(parser, op_name, f"expected '{keyword}'")
    parser.expect("=")
    parser.expect("[")
    return _i64_array(parser.parse_comma_list(parser.parse_integer_literal, "]"))


def _value_location(value: Value):
    return getattr(value, "loc", None) or getattr(getattr(value, "op", None), "location", UNKNOWN)


def _identity_region(operands, location=UNKNOWN) -> Region:
    """MLIR's buildIdentityRegion: one element argument per operand (at the operand's
    location), yield the first (at the op's)."""
    types = [element_type(v.type) for v in operands]
    block = Block(types, [_value_location(v) for v in operands])
    block.append(YieldOp([block.args[0]], location=location))
    return Region([block])


def _parse_destination_style(parser, cls: type[Op], keyword: str | None):
    """MLIR's parseDstStyleOp: `ins(...) outs(...)`, the op's `keyword = [...]`, an
    attribute dictionary; result types are the tensor outputs'."""
    inputs = _parse_operands_clause(parser, cls.name, "ins")
    outputs = _parse_operands_clause(parser, cls.name, "outs")
    properties = {}
    if keyword is not None:
        properties[keyword] = _parse_i64_list(parser, cls.name, keyword)
    more, attributes = _split_inherent(cls, attr_dict(parser))
    properties.update(more)
    result_types = [v.type for v in outputs if isinstance(v.type, T.TensorType)]
    return inputs, outputs, properties, attributes, result_types


def _payload(parser, op_index: int):
    """`{ arith.addf {attrs} }` of a short form: the payload op's class and attributes."""
    from irc.dialects import dialect_ops

    name = parser.next()
    dialect = name.split(".", 1)[0]
    ops = dialect_ops(dialect) if "." in name else None
    payload = ops.get(name) if ops else None
    if payload is None:
        parser.error(
            f"unregistered operation '{name}' found in dialect ('{dialect}') that does not "
            "allow unknown operations",
            op_index,
        )
    attributes = attr_dict(parser)
    parser.expect("}")
    return payload, attributes


def _payload_body(payload: type[Op], attributes: dict, operands, init_first: bool, location):
    """MLIR's addBodyWithPayloadOp: element arguments (at an unknown location), the
    payload op on them (the init first for a reduction, else without it), and a yield."""
    types = [element_type(v.type) for v in operands]
    block = Block(types, [UNKNOWN] * len(types))
    args = list(block.args)
    used = [args[-1], *args[:-1]] if init_first else args[:-1]
    properties, discardable = _split_inherent(payload, attributes)
    op = payload(used, [types[-1]], properties, discardable, location=location)
    block.append(op)
    block.append(YieldOp(op.results, location=location))
    return Region([block])


def _short_form_payload(op: StructuredOp, init_first: bool) -> Op | None:
    """MLIR's canUseShortForm: the body is one op on the block arguments in order (the
    init last-but-first for a reduction, left out for a map) whose result it yields."""
    blocks = op.regions[0].blocks if op.regions else []
    if len(blocks) != 1 or len(list(blocks[0])) != 2:
        return None
    payload, end = blocks[0].first, blocks[0].last
    args = list(blocks[0].args)
    operands = payload.operands
    if not operands or len(operands) != len(args) - (not init_first):
        return None
    if init_first:
        if operands[-1] is not args[0] or any(
            a is not b for a, b in zip(operands, args[1:], strict=False)
        ):
            return None
    elif any(a is not b for a, b in zip(operands, args, strict=False)):
        return None
    values = end.operands
    if len(values) != 1 or getattr(values[0], "op", None) is not payload:
        return None
    return payload


def _short_form_text(printer, payload: Op) -> str:
    """` { arith.addf {attrs} }`: a `fastmath` of none is left out."""
    from irc.dialects.arith import FastMathAttr

    entries = dict(payload.properties)
    entries.update(payload.attributes)
    for name, attr in payload.properties.items():
        if isinstance(attr, FastMathAttr) and attr.bits == 0:
            del entries[name]
            break
    attrs = " " + printer.attr_dict(entries) if entries else ""
    return f" {{ {payload.name}{attrs} }}"


def _print_long_body(printer, op: StructuredOp) -> None:
    """A body after the op: a new line, `(%in: f32, ...) {`, one level deeper."""
    saved = printer.indent
    printer.indent = saved + "  "
    block = op.regions[0].blocks[0]
    args = ", ".join(_region_argument_text(printer, a) for a in block.args)
    printer.write(f"\n{printer.indent}({args}) ")
    printer.print_region(op.regions[0], print_entry_args=False)
    printer.indent = saved


def _region_argument_text(printer, arg) -> str:
    """MLIR's printRegionArgument: `%in: f32`, and its location with debuginfo."""
    text = f"{printer.value_name(arg)}: {printer.type(arg.type)}"
    if printer.debuginfo:  # never by alias, as MLIR prints region arguments
        text += f" loc({printer._location_body(arg.loc)})"
    return text


def _parse_body(parser, payload, operands, init_first: bool, location) -> Region:
    if payload is not None:
        if not operands:
            return Region()
        return _payload_body(*payload, operands, init_first, location)
    parser.expect("(")
    names = []
    trailing = []

    def argument():
        index = parser.pos
        name = parser.next()
        parser.expect(":")
        names.append((name, parser.parse_type(), parser.location_of(index), index))
        trailing.append(_ArgumentLocation())
        parser.parse_trailing_location(trailing[-1])

    parser.parse_comma_list(argument, ")")
    region = parser.parse_region(entry_args=names)
    for arg, found in zip(region.blocks[0].args, trailing, strict=False):
        found.bind(arg)
    return region


class _ArgumentLocation:
    """Where a region argument's `loc(...)` goes: it may be an alias defined at the end
    of the file, resolved after the argument exists."""

    def __init__(self) -> None:
        self.arg = None
        self.found = None

    @property
    def location(self):
        return self.found

    @location.setter
    def location(self, loc) -> None:
        self.found = loc
        if self.arg is not None:
            self.arg.loc = loc

    def bind(self, arg) -> None:
        self.arg = arg
        if self.found is not None:
            arg.loc = self.found


class _ShapeMappedOp(StructuredOp):
    """Base of map, reduce, transpose and broadcast: no operand segments; the maps and
    iterator types follow from the ranks and the op's dimensions."""

    __slots__ = ()
    traits = frozenset()
    result_defs = (Variadic("result", _is_ranked_tensor, "variadic of tensor of any type values"),)

    @property
    def inputs(self) -> list[Value]:
        return self.operands[: len(self.operands) - self.num_outputs()]

    @property
    def outputs(self) -> list[Value]:
        return self.operands[len(self.operands) - self.num_outputs() :]

    def num_outputs(self) -> int:
        return 1

    def printed_regions(self) -> list:
        return []  # the custom form elides the body

    def block_arg_name_hints(self, region: Region) -> list[str]:
        return ["in"] * len(self.inputs) + ["init"] * len(self.outputs)


class MapOp(_ShapeMappedOp):
    """Apply the body elementwise to inputs of the output's shape.

    %mapped = linalg.map { arith.addf } ins(%a, %b : tensor<4xf32>, tensor<4xf32>)
                                        outs(%init : tensor<4xf32>)
    %mapped = linalg.map ins(%a : tensor<4xf32>) outs(%init : tensor<4xf32>)
      (%in: f32, %init: f32) {
        %abs = math.absf %in : f32
        linalg.yield %abs : f32
      }

    The body takes one element of each input and of the output; the short form
    `{ op }` is one op on the input elements whose result the body yields.
    """

    __slots__ = ()
    name = "linalg.map"
    operand_defs = (
        Variadic("inputs", _is_buffer_or_tensor, "variadic of tensor or memref"),
        Arg("init", _is_buffer_or_tensor, "tensor or memref"),
    )

    def indexing_maps(self) -> list[affine.AffineMap]:
        rank = rank_of(self.operands[-1].type) if self.operands else 0
        return [affine.AffineMap.identity(rank)] * len(self.operands)

    def iterator_types(self) -> list[str]:
        return ["parallel"] * (rank_of(self.operands[-1].type) if self.operands else 0)

    @classmethod
    def parse_custom(cls, parser) -> MapOp:
        op_index = parser.pos - 1
        location = parser.location_of(op_index)
        payload = _payload(parser, op_index) if parser.accept("{") else None
        inputs, outputs, props, attrs, result_types = _parse_destination_style(parser, cls, None)
        operands = inputs + outputs
        region = _parse_body(parser, payload, operands, False, location)
        return cls(operands, result_types, props, attrs, [region])

    def print_custom(self, printer) -> None:
        if not self.operands or len(self.regions) != 1 or not self.regions[0].blocks:
            return printer.print_generic(self)
        payload = _short_form_payload(self, init_first=False)
        printer.write(printer.op_name(self))
        if payload is not None:
            printer.write(_short_form_text(printer, payload))
        printer.write(_operands_text(printer, self))
        entries = {**self.properties, **self.attributes}
        if entries:
            printer.write(" " + printer.attr_dict(entries))
        if payload is None:
            _print_long_body(printer, self)

    def printed_regions(self) -> list:
        short = _short_form_payload(self, init_first=False) is not None
        return [] if short else [(self.regions[0], True, True)]

    def verify_op(self) -> None:
        if not self.regions[0].blocks:
            return
        inputs, args = self.inputs, self.regions[0].blocks[0].args
        if len(inputs) + 1 != len(args):
            raise VerifyError(
                "expects number of operands to match the arity of mapper, but got: "
                f"{len(inputs) + 1} and {len(args)}"
            )
        for arg, value in zip(args, inputs, strict=False):
            if arg.type is not value.type.element_type:
                raise VerifyError(
                    f"expected element type of input '{value.type.element_type}' to match "
                    f"bbArg type '{arg.type}'"
                )
        shape = shape_of(self.operands[-1].type)
        for value in inputs:
            if shape_of(value.type) != shape:
                raise VerifyError(
                    f"expected shape of input ({_sizes_text(shape_of(value.type))}) to match "
                    f"shape of output ({_sizes_text(shape)})"
                )

    def result_name_hints(self) -> list[str]:
        return ["mapped"]  # one name for all results: MLIR names the group


class ReduceOp(_ShapeMappedOp):
    """Reduce the inputs over `dimensions` into the outputs with the body.

    %reduced = linalg.reduce { arith.addf } ins(%x : tensor<4x8xf32>)
                                            outs(%init : tensor<4xf32>) dimensions = [1]

    The body takes one element of each input, then the partial result of each output,
    and yields the new partial results; the short form `{ op }` applies one op to
    (partial result, element). Points are visited in order, the last dimension fastest.
    """

    __slots__ = ()
    name = "linalg.reduce"
    operand_defs = (
        Variadic("inputs", _is_buffer_or_tensor, "variadic of tensor or memref"),
        Variadic("inits", _is_buffer_or_tensor, "variadic of tensor or memref"),
    )
    prop_defs = (Prop("dimensions", _IncreasingKind()),)

    def num_outputs(self) -> int:
        return len(self.operands) // 2

    def dimensions(self) -> list[int]:
        return list(getattr(self.properties.get("dimensions"), "values", ()))

    def indexing_maps(self) -> list[affine.AffineMap]:
        rank = rank_of(self.operands[0].type) if self.operands else 0
        kept = tuple(affine.Dim(d) for d in range(rank) if d not in self.dimensions())
        identity = affine.AffineMap.identity(rank)
        return [identity] * len(self.inputs) + [affine.AffineMap(rank, 0, kept)] * len(self.outputs)

    def iterator_types(self) -> list[str]:
        rank = rank_of(self.operands[0].type) if self.operands else 0
        reduced = self.dimensions()
        return ["reduction" if d in reduced else "parallel" for d in range(rank)]

    @classmethod
    def parse_custom(cls, parser) -> ReduceOp:
        op_index = parser.pos - 1
        location = parser.location_of(op_index)
        payload = _payload(parser, op_index) if parser.accept("{") else None
        inputs, outputs, props, attrs, result_types = _parse_destination_style(
            parser, cls, "dimensions"
        )
        operands = inputs + outputs
        region = _parse_body(parser, payload, operands, True, location)
        return cls(operands, result_types, props, attrs, [region])

    def print_custom(self, printer) -> None:
        dims = self.properties.get("dimensions")
        if not self.operands or not isinstance(dims, A.DenseArrayAttr) or not self.regions:
            return printer.print_generic(self)
        if not self.regions[0].blocks:
            return printer.print_generic(self)
        payload = _short_form_payload(self, init_first=True)
        printer.write(printer.op_name(self))
        if payload is not None:
            printer.write(_short_form_text(printer, payload))
        printer.write(_operands_text(printer, self))
        printer.write(" dimensions = [" + ", ".join(str(d) for d in dims.values) + "] ")
        entries = {k: v for k, v in self.properties.items() if k != "dimensions"}
        entries.update(self.attributes)
        if entries:
            printer.write(" " + printer.attr_dict(entries))
        if payload is None:
            _print_long_body(printer, self)

    def printed_regions(self) -> list:
        short = _short_form_payload(self, init_first=True) is not None
        return [] if short else [(self.regions[0], True, True)]

    def verify_op(self) -> None:
        inputs, inits = self.inputs, self.outputs
        for kind, group in (("input", inputs), ("output", inits)):
            for number, value in enumerate(group[1:], start=1):
                if shape_of(value.type) != shape_of(group[0].type):
                    raise VerifyError(
                        f"expects all {kind}s to have the same shapes. Shape at {kind}-index "
                        f"{number} is not equal to the shape at {kind}-index 0."
                    )
        if not inputs or not inits:
            return
        self.verify_dimensions(shape_of(inputs[0].type), shape_of(inits[0].type))
        block = self.regions[0].blocks[0] if self.regions[0].blocks else None
        if block is None:
            return
        if len(block.args) != len(self.operands):
            raise VerifyError("mismatching number of operands and block arguments")
        outputs = zip(inits, block.args[len(block.args) - len(inits) :], strict=True)
        for kind, pairs in (("input", zip(inputs, block.args, strict=False)), ("output", outputs)):
            for value, arg in pairs:
                if value.type.element_type is not arg.type:
                    raise VerifyError(
                        f"{kind} element type '{value.type.element_type}' does not match "
                        f"corresponding block argument type '{arg.type}'"
                    )

    def verify_dimensions(self, input_shape, init_shape) -> None:
        rank = len(input_shape)
        reduced = self.dimensions()
        for dim in reduced:
            if not 0 <= dim < rank:
                raise VerifyError(
                    f"dimensions for reduction should be in the range [0, {rank - 1}]."
                )
        kept = [size for d, size in enumerate(input_shape) if d not in reduced]
        if len(kept) != len(init_shape):
            raise VerifyError(
                f"number of dimensions after reduction {len(kept)} doesn't match the init "
                f"rank {len(init_shape)}"
            )
        if tuple(kept) != tuple(init_shape):
            raise VerifyError(
                f"init dimensions [{_sizes_text(init_shape)}] doesn't match input dimensions "
                f"after reduction [{_sizes_text(kept)}]"
            )

    def result_name_hints(self) -> list[str]:
        return ["reduced"]  # one name for all results: MLIR names the group


class _CopyLikeOp(_ShapeMappedOp):
    """Base of transpose and broadcast: `ins(%x) outs(%y) keyword = [..]`, body elided
    (it yields the input element)."""

    __slots__ = ()
    operand_defs = (
        Arg("input", _is_buffer_or_tensor, "tensor or memref"),
        Arg("init", _is_buffer_or_tensor, "tensor or memref"),
    )
    keyword = ""

    def values(self) -> list[int]:
        return list(getattr(self.properties.get(self.keyword), "values", ()))

    @classmethod
    def body_region(cls, operand_types) -> Region:
        """The body the custom form builds: yield the input element."""
        types = [element_type(t) for t in operand_types]
        block = Block(types, [UNKNOWN] * len(types))
        block.append(YieldOp([block.args[0]], location=UNKNOWN))
        return Region([block])

    def iterator_types(self) -> list[str]:
        return ["parallel"] * (rank_of(self.operands[-1].type) if self.operands else 0)

    @classmethod
    def build(cls, input: Value, init: Value, values, location=UNKNOWN) -> _CopyLikeOp:
        result_types = [init.type] if isinstance(init.type, T.TensorType) else []
        properties = {cls.keyword: _i64_array(values)}
        region = _identity_region([input, init], location)
        return cls([input, init], result_types, properties, {}, [region], location=location)

    @classmethod
    def parse_custom(cls, parser) -> _CopyLikeOp:
        location = parser.location_of(parser.pos - 1)
        inputs, outputs, props, attrs, result_types = _parse_destination_style(
            parser, cls, cls.keyword
        )
        operands = inputs + outputs
        region = _identity_region(operands, location)
        return cls(operands, result_types, props, attrs, [region])

    def print_custom(self, printer) -> None:
        values = self.properties.get(self.keyword)
        if len(self.operands) != 2 or not isinstance(values, A.DenseArrayAttr):
            return printer.print_generic(self)
        printer.write(printer.op_name(self) + _operands_text(printer, self))
        printer.write(f" {self.keyword} = [" + ", ".join(str(v) for v in values.values) + "] ")
        entries = {k: v for k, v in self.properties.items() if k != self.keyword}
        entries.update(self.attributes)
        if entries:
            printer.write(" " + printer.attr_dict(entries))


class TransposeOp(_CopyLikeOp):
    """Permute the dimensions: result dimension i is input dimension permutation[i].

    %transposed = linalg.transpose ins(%x : tensor<4x8xf32>) outs(%init : tensor<8x4xf32>)
                                   permutation = [1, 0]
    """

    __slots__ = ()
    name = "linalg.transpose"
    prop_defs = (Prop("permutation", _DenseI64Kind()),)
    keyword = "permutation"

    def indexing_maps(self) -> list[affine.AffineMap]:
        permutation = self.values()
        inverse = [0] * len(permutation)
        for position, dim in enumerate(permutation):
            if 0 <= dim < len(permutation):
                inverse[dim] = position
        rank = len(permutation)
        source = affine.AffineMap(rank, 0, tuple(affine.Dim(d) for d in inverse))
        return [source, affine.AffineMap.identity(rank)]

    def verify_op(self) -> None:
        permutation = self.values()
        if sorted(permutation) != list(range(len(permutation))):
            raise VerifyError("permutation is not valid")
        source, init = (shape_of(v.type) for v in self.operands)
        if len(source) != len(init):
            raise VerifyError(f"input rank ({len(source)}) does not match init rank ({len(init)})")
        if len(permutation) != len(source):
            raise VerifyError(
                f"size of permutation {len(permutation)} does not match the argument rank "
                f"{len(source)}"
            )
        for index, dim in enumerate(permutation):
            if source[dim] != init[index]:
                raise VerifyError(
                    f"dim(result, {index}) = {_sizes_text([init[index]])} doesn't match "
                    f"dim(input, permutation[{index}]) = {_sizes_text([source[dim]])}"
                )

    def result_name_hints(self) -> list[str]:
        return ["transposed"]  # one name for all results: MLIR names the group


class BroadcastOp(_CopyLikeOp):
    """Copy the input along new `dimensions` of the output.

    %broadcasted = linalg.broadcast ins(%x : tensor<4xf32>) outs(%init : tensor<4x8xf32>)
                                    dimensions = [1]
    """

    __slots__ = ()
    name = "linalg.broadcast"
    prop_defs = (Prop("dimensions", _DenseI64Kind()),)
    keyword = "dimensions"

    def indexing_maps(self) -> list[affine.AffineMap]:
        rank = rank_of(self.operands[-1].type) if self.operands else 0
        added = self.values()
        kept = tuple(affine.Dim(d) for d in range(rank) if d not in added)
        return [affine.AffineMap(rank, 0, kept), affine.AffineMap.identity(rank)]

    def verify_op(self) -> None:
        added = self.values()
        source, init = (shape_of(v.type) for v in self.operands)
        if len(source) + len(added) != len(init):
            raise VerifyError(
                "input rank plus added dimensions does not match init rank. input rank: "
                f"{len(source)}, dimensions size: {len(added)}, init rank: {len(init)}"
            )
        for index, dim in enumerate(added):
            if not 0 <= dim < len(init):
                raise VerifyError(
                    f"dimension {index} is out of range. expected range: [0, "
                    f"{len(init) - 1}], got: {dim}"
                )
        kept = [d for d in range(len(init)) if d not in added]
        for source_dim, init_dim in enumerate(kept):
            if source[source_dim] != init[init_dim]:
                raise VerifyError(
                    f"input dim {source_dim} should match init dim {init_dim}. input: "
                    f"{_sizes_text([source[source_dim]])}, init: "
                    f"{_sizes_text([init[init_dim]])}"
                )

    def result_name_hints(self) -> list[str]:
        return ["broadcasted"]  # one name for all results: MLIR names the group


# -- ops in bodies ----------------------------------------------------------------------------


def _enclosing_structured(op: Op) -> StructuredOp | None:
    parent = op.parent_op
    return parent if isinstance(parent, StructuredOp) else None


class YieldOp(Op):
    """Ends the body of a structured op with the new value of each output element.

    linalg.yield %sum : f32
    """

    __slots__ = ()
    name = "linalg.yield"
    operand_defs = (Variadic("values"),)
    result_defs = ()
    traits = frozenset({Pure, Terminator})

    @classmethod
    def parse_custom(cls, parser) -> YieldOp:
        attributes = attr_dict(parser)
        values = typed_values(parser, cls.name)
        return cls(values, [], {}, attributes)

    def print_custom(self, printer) -> None:
        printer.write(printer.op_name(self))
        if self.attributes:
            printer.write(" " + printer.attr_dict(self.attributes))
        if self.operands:
            printer.write(f" {typed_text(printer, self.operands)}")

    def verify(self) -> None:
        parent = self.parent_op
        if parent is None or len(parent.regions) != 1 or not parent.regions[0].blocks:
            raise VerifyError("expected single non-empty parent region")
        linalg_op = _enclosing_structured(self)
        if linalg_op is None:
            raise VerifyError("expected parent op with LinalgOp interface")
        outputs = linalg_op.outputs
        values = self.operands
        if len(values) != len(outputs):
            raise VerifyError(
                f"expected number of yield values ({len(values)}) to match the number of "
                f"inits / outs operands of the enclosing LinalgOp ({len(outputs)})"
            )
        for number, (value, output) in enumerate(zip(values, outputs, strict=True), start=1):
            wanted = element_type(output.type)
            if value.type is not wanted:
                raise VerifyError(
                    f"type of yield operand {number} ('{value.type}') doesn't match the element "
                    f"type of the enclosing linalg.generic op ('{wanted}')"
                )


class IndexOp(Op):
    """The current index of loop `dim` of the enclosing structured op.

    %i = linalg.index 1 : index
    """

    __slots__ = ()
    name = "linalg.index"
    operand_defs = ()
    result_defs = (Arg("result", lambda t: isinstance(t, T.IndexType), "index"),)
    prop_defs = (Prop("dim", _DimKind()),)
    traits = frozenset({Pure})

    @property
    def dim(self) -> int:
        return self.properties["dim"].value

    @classmethod
    def build(cls, dim: int, location=UNKNOWN) -> IndexOp:
        return cls([], [T.INDEX], {"dim": A.IntegerAttr(dim, T.I64)}, location=location)

    @classmethod
    def parse_custom(cls, parser) -> IndexOp:
        dim = parser.parse_integer_literal()
        attributes = attr_dict(parser)
        parser.expect(":")
        result_type = parser.parse_type()
        return cls([], [result_type], {"dim": A.IntegerAttr(dim, T.I64)}, attributes)

    def print_custom(self, printer) -> None:
        dim = self.properties.get("dim")
        if not isinstance(dim, A.IntegerAttr):
            return printer.print_generic(self)
        printer.write(f"{printer.op_name(self)} {dim.value}")
        if self.attributes:
            printer.write(" " + printer.attr_dict(self.attributes))
        printer.write(f" : {printer.type(self.results[0].type)}")

    def verify(self) -> None:
        check_properties(self)
        linalg_op = _enclosing_structured(self)
        if linalg_op is None:
            raise VerifyError("expected parent op with LinalgOp interface")
        if linalg_op.num_loops <= self.dim:
            raise VerifyError(
                f"expected dim ({self.dim}) to be lower than the number of loops "
                f"({linalg_op.num_loops}) of the enclosing LinalgOp"
            )


OPS = ops_by_name(
    GenericOp,
    YieldOp,
    IndexOp,
    MatmulOp,
    BatchMatmulOp,
    DotOp,
    MatvecOp,
    VecmatOp,
    FillOp,
    CopyOp,
    MapOp,
    ReduceOp,
    TransposeOp,
    BroadcastOp,
)
ATTRIBUTES = {"iterator_type": IteratorTypeAttr.parse_body}
