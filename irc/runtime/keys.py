"""`!nn.key` parameters in compiled code: a key crosses a function boundary as its seed.

The lowering keeps keys as `tensor<2xi32>` words inside a function but has no calling
convention for them. nn has no op that makes a key from two words, yet
`nn.random_key %seed : tensor<i64>` makes the key whose words are the seed's 64-bit two's
complement (low word, high word), and every key is the key of exactly one int64 seed.
So before lowering, `seeds_for_keys` rewrites every function's `!nn.key` parameter into
a `tensor<i64>` seed and starts the body with the key of that seed:

    func.func @f(%key: !nn.key, ...)        func.func @f(%seed: tensor<i64>, ...)
                                      ->      %key = nn.random_key %seed : tensor<i64>

A call that passes a key passes its seed instead: the seed operand of the `nn.random_key`
that made it (a key parameter of the caller, rewritten as above), or a constant for
`nn.random_key 42`. A key made by splitting or folding another key has no seed in the
program, so passing one to a function is reported (not compiled yet), as are keys
returned by a function.

Python passes what the interpreter takes for a key (`philox.key_argument`: an int seed
or two uint32 words); `seed_array` turns it into the 0-d int64 array the compiled
function reads, giving the same words.
"""

from __future__ import annotations

import numpy as np

from irc.dialects import func as fn
from irc.dialects.nn import elementwise as nn_elementwise
from irc.dialects.nn import random as nn_random
from irc.dialects.nn import shape as nn_shape
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.core import Operation
from irc.ir.diagnostics import Diagnostic, IRError

SEED = T.TensorType((), T.I64)


def seeds_for_keys(module: Operation) -> dict[str, list[int]]:
    """Rewrite key parameters into seeds (in place); per function, the parameter indices
    that were keys."""
    functions = [op for op in module.regions[0].blocks[0] if isinstance(op, fn.FuncOp)]
    rewritten = {}
    for func in functions:
        indices = _key_parameters(func)
        if indices and not func.is_declaration:
            _take_seeds(func, indices)
            rewritten[func.sym_name] = indices
    if rewritten:
        for func in functions:
            for op in list(func.walk()):
                if isinstance(op, fn.CallOp) and op.properties["callee"].root in rewritten:
                    _pass_seeds(op, rewritten[op.properties["callee"].root])
    return rewritten


def seed_array(value) -> np.ndarray:
    """The 0-d int64 seed of the key Python passes (TypeError, ValueError when it is
    not a key: see `philox.key_argument`)."""
    from irc.runtime.philox import key_argument

    low, high = (int(word) for word in key_argument(value))
    seed = low | (high << 32)
    return np.array(seed - (1 << 64) if seed >= 1 << 63 else seed, dtype=np.int64)


def _key_parameters(func: Operation) -> list[int]:
    inputs = func.function_type.inputs if func.function_type is not None else []
    return [i for i, t in enumerate(inputs) if t is nn_random.KEY]


def _take_seeds(func: Operation, indices: list[int]) -> None:
    entry = func.regions[0].blocks[0]
    first = entry.first
    for index in indices:
        arg = entry.args[index]
        uses = [(use.owner, use.index) for use in arg.uses]
        arg.type = SEED
        key = nn_random.RandomKeyOp([arg], [nn_random.KEY], {}, {}, location=arg.loc)
        for user, operand in uses:
            user.set_operand(operand, key.results[0])
        if first is None:
            entry.append(key)
        else:
            entry.insert_before(first, key)
    inputs = [arg.type for arg in entry.args]
    results = func.function_type.results
    func.properties["function_type"] = A.TypeAttr(T.FunctionType(inputs, results))


def _pass_seeds(call: Operation, indices: list[int]) -> None:
    for index in indices:
        key = call.operands[index]
        call.set_operand(index, _seed_of(key, call))


def _before(call: Operation, op: Operation):
    op.location = call.location
    call.parent.insert_before(call, op)
    return op.results[0]


def _seed_of(key, call: Operation):
    maker = getattr(key, "op", None)
    if isinstance(maker, nn_random.RandomKeyOp):
        if maker.operands:
            seed = maker.operands[0]
            if seed.type is SEED:
                return seed
            wide = nn_elementwise.CastOp([seed], [SEED], {}, {})  # sign-extended, as the key
            return _before(call, wide)
        seed = maker.properties.get("seed")
        if seed is not None and not maker.operands:
            value = A.DenseElementsAttr(SEED, np.array(seed.value, dtype=np.int64))
            return _before(call, nn_shape.ConstantOp([], [SEED], {"value": value}, {}))
    made_by = f"'{maker.name}'" if maker is not None else "a block argument"
    raise IRError(
        Diagnostic(
            "error",
            call.location,
            f"a key made by {made_by} is passed to a function: compiled code passes keys "
            "between functions as seeds, and this key has none (not compiled yet)",
            hint="pass the seed's key (a key argument, or nn.random_key) and split or fold "
            "it in the callee",
        )
    )
