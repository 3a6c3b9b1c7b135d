"""What the nn-to-linalg rules share: an `Emit` that builds scalar and tensor ops at one
insertion point, sizes as ints (static) or index values (`tensor.dim`), `tensor.empty`
destinations, `linalg.generic` with a body written by a Python function, fills,
run-time size checks as `cf.assert`, and the payloads that compute a float function in
float64 and round once (as the nn kernels do)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from irc.dialects import arith, cf, linalg, tensor
from irc.dialects.constraints import is_float
from irc.ir import affine
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.builder import Builder, InsertionPoint
from irc.ir.core import Value
from irc.ir.location import UNKNOWN

DYN = T.DYNAMIC
Size = int | Value  # a static size, or an index value

CMPF = {name: index for index, name in enumerate(arith.CMPF_PREDICATES)}
CMPI = {name: index for index, name in enumerate(arith.CMPI_PREDICATES)}


class Unsupported(Exception):
    """Raised by a rule before it changes the IR: the op stays, with this reason."""


def identity(rank: int) -> affine.AffineMap:
    return affine.AffineMap.identity(rank)


def dims_map(num_dims: int, results) -> affine.AffineMap:
    """A map of `num_dims` loops to `results` (loop numbers, or `affine.Constant`s)."""
    exprs = tuple(r if isinstance(r, affine.AffineExpr) else affine.Dim(r) for r in results)
    return affine.AffineMap(num_dims, 0, exprs)


def float_width(t: T.Type) -> int:
    return t.width if is_float(t) else 0


def int_width(t: T.Type) -> int:
    """The width of an integer type; index counts as 64 bits (the interpreter's i64)."""
    return 64 if isinstance(t, T.IndexType) else t.width


class Emit:
    """Builds ops at the builder's insertion point; every method returns values."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder

    @property
    def location(self):
        return self.builder.location

    def op(self, cls, operands, result_type, **properties) -> Value:
        return self.builder.create(cls, list(operands), [result_type], properties).results[0]

    def insert(self, op):
        """Place an op made by a `build` classmethod, at the lowered op's location when
        it was given none."""
        if op.location is UNKNOWN:
            op.location = self.location
        self.builder.insert(op)
        return op

    # -- scalars ---------------------------------------------------------------------------

    def constant(self, value, t: T.Type) -> Value:
        """An arith.constant scalar of type `t` (a float, integer or index type)."""
        if is_float(t):
            attr = A.FloatAttr(float(value), t)
        else:
            if isinstance(t, T.IntegerType) and t.width == 1:
                value = int(bool(value))
            attr = A.IntegerAttr(int(value), t)
        return self.op(arith.ConstantOp, [], t, value=attr)

    def index(self, value: int) -> Value:
        return self.constant(value, T.INDEX)

    def cmpf(self, predicate: str, a: Value, b: Value) -> Value:
        return self.op(arith.CmpFOp, [a, b], T.I1, predicate=A.IntegerAttr(CMPF[predicate], T.I64))

    def cmpi(self, predicate: str, a: Value, b: Value) -> Value:
        return self.op(arith.CmpIOp, [a, b], T.I1, predicate=A.IntegerAttr(CMPI[predicate], T.I64))

    def select(self, condition: Value, a: Value, b: Value) -> Value:
        return self.op(arith.SelectOp, [condition, a, b], a.type)

    def binary(self, cls, a: Value, b: Value, fastmath: arith.FastMathAttr | None = None) -> Value:
        """`cls(a, b)`, with `fastmath` flags when given (float ops only)."""
        if fastmath is None:
            return self.op(cls, [a, b], a.type)
        return self.op(cls, [a, b], a.type, fastmath=fastmath)

    def unary(self, cls, a: Value) -> Value:
        return self.op(cls, [a], a.type)

    def to_float(self, value: Value, t: T.Type) -> Value:
        """A float `value` widened or narrowed to float type `t` (nearest)."""
        if value.type is t:
            return value
        if float_width(value.type) < float_width(t):
            return self.op(arith.ExtFOp, [value], t)
        return self.op(arith.TruncFOp, [value], t)

    def to_i64(self, value: Value) -> Value:
        """A signed integer or index value as an i64."""
        return to_i64(self, value)

    def index_to(self, value: Value, t: T.Type) -> Value:
        return value if value.type is t else self.op(arith.IndexCastOp, [value], t)

    # -- sizes -----------------------------------------------------------------------------

    def size(self, value: Value, axis: int) -> Size:
        """Dimension `axis` of a tensor: its static size, else a tensor.dim."""
        static = value.type.shape[axis]
        if static != DYN:
            return static
        return self.insert(tensor.DimOp.build(value, self.index(axis))).results[0]

    def sizes(self, value: Value) -> list[Size]:
        return [self.size(value, axis) for axis in range(value.type.rank)]

    def size_value(self, size: Size) -> Value:
        return self.index(size) if isinstance(size, int) else size

    def empty(self, sizes: Sequence[Size], element: T.Type) -> Value:
        shape = [s if isinstance(s, int) else DYN for s in sizes]
        dynamic = [s for s in sizes if not isinstance(s, int)]
        result_type = T.TensorType(tuple(shape), element)
        return self.insert(tensor.EmptyOp.build(result_type, dynamic)).results[0]

    def filled(self, sizes: Sequence[Size], element: T.Type, value) -> Value:
        """A tensor of `sizes` whose every element is `value` (linalg.fill)."""
        init = self.empty(sizes, element)
        scalar = value if isinstance(value, Value) else self.constant(value, element)
        return self.insert(linalg.FillOp.build([scalar], [init], self.location)).results[0]

    def assert_equal(self, a: Size, b: Size, message: str) -> None:
        """cf.assert that two sizes agree when the program runs (nothing when both are
        static: the verifier has checked them)."""
        if isinstance(a, int) and isinstance(b, int):
            return
        if a is b:
            return
        same = self.cmpi("eq", self.size_value(a), self.size_value(b))
        self.assert_true(same, message)

    def assert_true(self, condition: Value, message: str) -> None:
        self.builder.create(cf.AssertOp, [condition], [], {"msg": A.StringAttr(message)})

    # -- structured ops ----------------------------------------------------------------------

    def loop_index(self, dim: int) -> Value:
        """linalg.index `dim`: the enclosing structured op's loop index."""
        return self.insert(linalg.IndexOp.build(dim, self.location)).results[0]

    def generic(
        self,
        inputs: Sequence[Value],
        outputs: Sequence[Value],
        maps: Sequence[affine.AffineMap],
        iterators: Sequence[str],
        body: Callable[[Emit, list[Value]], list[Value]],
    ) -> list[Value]:
        """A linalg.generic whose body `body(emit, block_args)` builds; it returns the
        values to yield."""
        op = linalg.GenericOp.build(inputs, outputs, maps, iterators, self.location)
        block = op.regions[0].blocks[0]
        inner = Emit(Builder(InsertionPoint.at_end(block), self.location))
        yielded = body(inner, list(block.args))
        inner.builder.create(linalg.YieldOp, list(yielded), [])
        self.insert(op)
        return list(op.results)

    def map(self, inputs, maps, out_sizes, element: T.Type, body) -> Value:
        """A parallel generic over `out_sizes` writing one new tensor of `element`."""
        rank = len(out_sizes)
        init = self.empty(out_sizes, element)
        results = self.generic(
            inputs, [init], [*maps, identity(rank)], ["parallel"] * rank,
            lambda em, args: [body(em, args[: len(inputs)])],
        )  # fmt: skip
        return results[0]


def to_i64(em: Emit, value: Value) -> Value:
    """A signed integer or index value as an i64 (sign-extended)."""
    t = value.type
    if isinstance(t, T.IndexType):
        return em.op(arith.IndexCastOp, [value], T.I64)
    if t.width < 64:
        return em.op(arith.ExtSIOp, [value], T.I64)
    return value


def in_double(function):
    """A payload computing `function(emit, *args)` on float args widened to f64 (f16,
    bf16 and f32), its result rounded once to the args' type: the nn kernels' rule."""

    def payload(em: Emit, args: list[Value], result_element: T.Type) -> Value:
        wide = [em.to_float(a, T.F64) for a in args]
        return em.to_float(function(em, *wide), result_element)

    payload.__name__ = f"in_double({function.__name__})"
    payload.function = function
    return payload


def wide_type(element: T.Type) -> T.Type:
    """The type a float reduction accumulates in (f64), or the integer type itself."""
    return T.F64 if is_float(element) else element
