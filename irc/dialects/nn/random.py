"""Random nn ops: counter-based (Philox-4x32-10), so a draw is a pure function of a key.

A key (`!nn.key`) is made from a seed, split into independent keys, or folded with a
step counter; each draw op reads a key and gives numbers that depend only on the key and
on the element's position in the result. The same key gives the same numbers, so keys
are split rather than reused:

    %key = nn.random_key 42
    %k:2 = nn.random_split %key into 2
    %u = nn.random_uniform %k#0 : tensor<4x8xf32>
    %z = nn.random_normal %k#1 like %x : tensor<?x8xf32>

The generator, the counter layout and the conversions to floats are in
irc/runtime/philox.py and docs/random.md.
"""

from __future__ import annotations

from irc.dialects import ops_by_name
from irc.dialects.nn.common import DYN, TENSOR, I64Kind, shape_text, well_formed
from irc.dialects.syntax import attr_dict, fail, print_attrs, value_name
from irc.ir import types as T
from irc.ir.opdef import Arg, Op, Optional, Prop, Variadic, VerifyError
from irc.ir.traits import Pure

# -- the key type -------------------------------------------------------------------------------


class KeyType(T.Type):
    """`!nn.key`: a Philox-4x32 key, two 32-bit words (a uint32 array of 2 in the
    interpreter). Python passes an int seed or such an array."""

    __slots__ = ()

    def dialect_text(self) -> str:
        return "!nn.key"

    def interpreter_value(self, value):
        """The interpreter's value for what Python passes (see `coerce`)."""
        from irc.runtime.philox import key_argument

        return key_argument(value)


KEY = KeyType()


def _parse_key(parser) -> KeyType:
    return KEY


TYPES = {"key": _parse_key}

# -- type constraints ---------------------------------------------------------------------------

_I64 = I64Kind()
DRAW_FLOATS = (T.F16, T.F32, T.F64)


def _is_key(t: T.Type) -> bool:
    return t is KEY


def _tensor_of(elements, rank0: bool = False):
    def check(t: T.Type) -> bool:
        return (
            isinstance(t, T.TensorType)
            and t.element_type in elements
            and (not rank0 or t.rank == 0)
        )

    return check


KEY_ARG = (_is_key, "random key")
SEED = (_tensor_of((T.I32, T.I64), rank0=True), "0-d tensor of i32 or i64")
FLOAT_DRAW = (_tensor_of(DRAW_FLOATS), "tensor of f16, f32 or f64")
BITS_DRAW = (_tensor_of((T.I32, T.I64)), "tensor of i32 or i64")
BERNOULLI_DRAW = (_tensor_of((*DRAW_FLOATS, T.I1)), "tensor of f16, f32, f64 or i1")


# -- custom-form pieces ------------------------------------------------------------------------


def _types_after_colon(parser) -> tuple:
    """`: A` or `: A -> B`: (A, B, index of `->`), with B and the index None when absent."""
    parser.expect(":")
    first = parser.parse_type()
    arrow = parser.pos
    if not parser.accept("->"):
        return first, None, None
    return first, parser.parse_type(), arrow


def _types_text(printer, first: T.Type, second: T.Type) -> str:
    """`: A` when both are A, else `: A -> B`."""
    if first is second:
        return f" : {printer.type(first)}"
    return f" : {printer.type(first)} -> {printer.type(second)}"


# -- keys ---------------------------------------------------------------------------------------


class RandomKeyOp(Op):
    """A key from an integer seed: the `seed` property, or a seed operand.

    %key = nn.random_key 42
    %key = nn.random_key %seed : tensor<i64>

    The key is the seed's 64-bit two's complement as (low word, high word); an i32 seed
    is sign-extended first, so seeds of either width with the same value give one key.
    Exactly one of the property and the operand is given.
    """

    __slots__ = ()
    name = "nn.random_key"
    operand_defs = (Optional("dynamic_seed", *SEED),)
    result_defs = (Arg("result", *KEY_ARG),)
    prop_defs = (Prop("seed", _I64, optional=True),)
    traits = frozenset({Pure})

    @classmethod
    def parse_custom(cls, parser):
        if parser.tok[:1] == "%":
            name, index = value_name(parser)
            attributes = attr_dict(parser)
            parser.expect(":")
            seed = parser.resolve_operand(name, parser.parse_type(), index)
            return cls([seed], [KEY], {}, attributes)
        properties = {"seed": _I64.parse(parser)}
        return cls([], [KEY], properties, attr_dict(parser))

    def print_custom(self, printer) -> None:
        seed = self.properties.get("seed")
        if not well_formed(self) or (seed is None) == (not self.operands):
            return printer.print_generic(self)
        if self.operands:
            printer.write(f"{printer.op_name(self)} {printer.value_name(self.operands[0])}")
            print_attrs(self, printer)
            printer.write(f" : {printer.type(self.operands[0].type)}")
            return
        printer.write(f"{printer.op_name(self)} {seed.value}")
        print_attrs(self, printer, elided=("seed",))

    def verify(self) -> None:
        has_property = "seed" in self.properties
        if has_property and self.operands:
            raise VerifyError("has both a `seed` property and a seed operand; give one")
        if not has_property and not self.operands:
            raise VerifyError("needs a seed: a `seed` property or a seed operand")


class RandomSplitOp(Op):
    """Split a key into N new keys, one result each.

    %k:3 = nn.random_split %key into 3

    Key i is Philox of the key at counter (i, 0, 0, 1); the new keys give streams unrelated
    to each other and to the draws of the key itself. N is at least 1.
    """

    __slots__ = ()
    name = "nn.random_split"
    operand_defs = (Arg("key", *KEY_ARG),)
    result_defs = (Variadic("results", *KEY_ARG),)
    traits = frozenset({Pure})

    @classmethod
    def parse_custom(cls, parser):
        name, index = value_name(parser)
        if not parser.accept("into"):
            fail(parser, cls.name, "expected 'into'")
        count_index = parser.pos
        count = parser.parse_integer_literal("expected the number of keys")
        if count < 1:
            fail(parser, cls.name, "splits into at least 1 key", count_index)
        attributes = attr_dict(parser)
        key = parser.resolve_operand(name, KEY, index)
        return cls([key], [KEY] * count, {}, attributes)

    def print_custom(self, printer) -> None:
        if not well_formed(self) or not self.results:
            return printer.print_generic(self)
        key = printer.value_name(self.operands[0])
        printer.write(f"{printer.op_name(self)} {key} into {len(self.results)}")
        print_attrs(self, printer)

    def verify(self) -> None:
        if not self.results:
            raise VerifyError("splits into at least 1 key")


class RandomFoldOp(Op):
    """A new key from a key and an integer (a step, a layer index).

    %k = nn.random_fold %key, %step : tensor<i64>

    The new key is Philox of the key at counter (low, high, 0, 2), where low and high are
    the words of the integer's 64-bit two's complement (an i32 is sign-extended). Different
    integers give unrelated keys.
    """

    __slots__ = ()
    name = "nn.random_fold"
    operand_defs = (Arg("key", *KEY_ARG), Arg("data", *SEED))
    result_defs = (Arg("result", *KEY_ARG),)
    traits = frozenset({Pure})
    buildable_types = {"key": KEY}
    assembly_format = "$key `,` $data attr-dict `:` type($data)"

    @classmethod
    def infer_result_types(cls, operand_types, properties):
        return [KEY]


# -- draws ----------------------------------------------------------------------------------------


class DrawOp(Op):
    """Base of ops that fill a tensor from a key. The result type gives the shape; a `?`
    size comes from the optional `like` operand, whose shape (at run time) the result
    takes:

        %r = nn.<op> %key : tensor<4xf32>
        %r = nn.<op> %key like %x : tensor<?xf16> -> tensor<?xf32>
    """

    __slots__ = ()
    operand_defs = (Arg("key", *KEY_ARG), Optional("like", *TENSOR))
    traits = frozenset({Pure})

    @classmethod
    def parse_custom(cls, parser):
        key_name, key_index = value_name(parser)
        like = value_name(parser) if parser.accept("like") else None
        attributes = attr_dict(parser)
        first, second, arrow = _types_after_colon(parser)
        operands = [parser.resolve_operand(key_name, KEY, key_index)]
        if like is not None:
            operands.append(parser.resolve_operand(like[0], first, like[1]))
        elif second is not None:
            fail(parser, cls.name, "has no `like` operand for the type before '->'", arrow)
        return cls(operands, [second or first], {}, attributes)

    def print_custom(self, printer) -> None:
        if not well_formed(self):
            return printer.print_generic(self)
        text = f"{printer.op_name(self)} {printer.value_name(self.operands[0])}"
        if len(self.operands) > 1:
            text += f" like {printer.value_name(self.operands[1])}"
        printer.write(text)
        print_attrs(self, printer)
        result = self.results[0].type
        if len(self.operands) > 1:
            printer.write(_types_text(printer, self.operands[1].type, result))
        else:
            printer.write(f" : {printer.type(result)}")

    def verify(self) -> None:
        result = self.results[0].type
        if len(self.operands) < 2:
            if DYN in result.shape:
                raise VerifyError(
                    f"result type {result} has a dynamic size; give the shape with `like %x`"
                )
            return
        _check_like(self.operands[1].type.shape, result.shape)

    @classmethod
    def refine_result_types(cls, operand_types, result_types, properties):
        """After the operand types changed: the result's `?` sizes are `like`'s."""
        result = result_types[0]
        if len(operand_types) < 2:
            return [result]
        like = operand_types[1].shape
        _check_like(like, result.shape)
        shape = [b if a == DYN else a for a, b in zip(result.shape, like, strict=True)]
        return [T.TensorType(tuple(shape), result.element_type)]


def _check_like(like, shape) -> None:
    if len(like) != len(shape):
        raise VerifyError(
            f"result shape {shape_text(shape)} and `like` shape {shape_text(like)} differ in rank"
        )
    for axis, (want, got) in enumerate(zip(shape, like, strict=True)):
        if DYN not in (want, got) and want != got:
            raise VerifyError(
                f"result shape {shape_text(shape)} differs from `like` shape "
                f"{shape_text(like)} in dimension {axis}"
            )


class RandomBitsOp(DrawOp):
    """Raw random bits: each i32 element is one Philox output word, each i64 element two.

    %b = nn.random_bits %key : tensor<16xi32>
    %w = nn.random_bits %key like %x : tensor<?x8xf32> -> tensor<?x8xi64>

    Element n of the flattened result is word n of the key's stream (i32), or words 2n
    (low half) and 2n + 1 (high half) (i64). The bits are the same on every backend.
    A `?` size needs the `like` operand, whose run-time shape the result takes.
    """

    __slots__ = ()
    name = "nn.random_bits"
    result_defs = (Arg("result", *BITS_DRAW),)


class RandomUniformOp(DrawOp):
    """Floats uniform in [0, 1), never 1.0.

    %u = nn.random_uniform %key : tensor<4x8xf32>
    %v = nn.random_uniform %key like %x : tensor<?x8xf16> -> tensor<?x8xf32>

    Element n of the flattened result is (word n >> 8) * 2^-24 for f32 and
    (word n >> 21) * 2^-11 for f16; for f64 it is the top 53 bits of words 2n + 1 (high)
    and 2n (low) times 2^-53. Every value is exact, so the draws are the same on every
    backend. Scale and shift with nn.mul and nn.add for another interval. A `?` size
    needs the `like` operand (of any element type), whose run-time shape the result
    takes; `: T` alone says `like` is of the result type T.
    """

    __slots__ = ()
    name = "nn.random_uniform"
    result_defs = (Arg("result", *FLOAT_DRAW),)


class RandomNormalOp(DrawOp):
    """Standard normal floats (mean 0, variance 1), by the Box-Muller transform.

    %z = nn.random_normal %key : tensor<16xf64>
    %w = nn.random_normal %key like %x : tensor<?x8xf32>

    Element n is sqrt(-2 log(1 - u[2n])) * cos(2 pi u[2n + 1]), with u the uniform f32
    stream of the key (f16 and f32 results) or its f64 stream (f64 results). Backends
    agree to floating-point tolerance (they may use their own log, sqrt and cos). A `?`
    size needs the `like` operand, whose run-time shape the result takes.
    """

    __slots__ = ()
    name = "nn.random_normal"
    result_defs = (Arg("result", *FLOAT_DRAW),)


class RandomBernoulliOp(Op):
    """1 with probability p, else 0, elementwise: the result has p's shape.

    %b = nn.random_bernoulli %key, %p : tensor<4xf32>
    %m = nn.random_bernoulli %key, %p : tensor<4xf32> -> tensor<4xi1>

    Element n is u[n] < p[n], with u the key's uniform f32 stream (f16 and f32 p) or its
    f64 stream (f64 p): p <= 0 never gives 1, p >= 1 always does, and the samples are the
    same on every backend. The result is of p's type (0.0 or 1.0) or, when
    its element type is i1, a mask.
    """

    __slots__ = ()
    name = "nn.random_bernoulli"
    operand_defs = (Arg("key", *KEY_ARG), Arg("p", *FLOAT_DRAW))
    result_defs = (Arg("result", *BERNOULLI_DRAW),)
    traits = frozenset({Pure})

    @classmethod
    def parse_custom(cls, parser):
        key_name, key_index = value_name(parser)
        parser.expect(",")
        p_name, p_index = value_name(parser)
        attributes = attr_dict(parser)
        first, second, _ = _types_after_colon(parser)
        key = parser.resolve_operand(key_name, KEY, key_index)
        p = parser.resolve_operand(p_name, first, p_index)
        return cls([key, p], [second or first], {}, attributes)

    def print_custom(self, printer) -> None:
        if not well_formed(self):
            return printer.print_generic(self)
        key, p = (printer.value_name(v) for v in self.operands)
        printer.write(f"{printer.op_name(self)} {key}, {p}")
        print_attrs(self, printer)
        printer.write(_types_text(printer, self.operands[1].type, self.results[0].type))

    @classmethod
    def refine_result_types(cls, operand_types, result_types, properties):
        """After the operand types changed: p's shape, the written element type."""
        return [T.TensorType(operand_types[1].shape, result_types[0].element_type)]

    def verify(self) -> None:
        p, result = self.operands[1].type, self.results[0].type
        if result.shape != p.shape:
            raise VerifyError(
                f"result shape {shape_text(result.shape)} differs from the shape "
                f"{shape_text(p.shape)} of p"
            )
        if result.element_type not in (p.element_type, T.I1):
            raise VerifyError(
                f"result element type {result.element_type} must be i1 or the element "
                f"type {p.element_type} of p"
            )


OPS = ops_by_name(
    RandomKeyOp,
    RandomSplitOp,
    RandomFoldOp,
    RandomBitsOp,
    RandomUniformOp,
    RandomNormalOp,
    RandomBernoulliOp,
)
