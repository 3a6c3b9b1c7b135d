"""A model as the training driver reads it: an nn module whose loss function says, on its
arguments, which are parameters, which take data and which take a fresh random seed.

    func.func @loss(%x: tensor<?x64xf32> {irc.data = "x"},
                    %w: tensor<64x10xf32> {irc.param = "w", irc.init = "glorot"},
                    %seed: tensor<i64> {irc.seed}, ...) -> tensor<f32>

- `irc.param = "name"` marks a trained parameter; `irc.init` says how to start it
  (`INITIALIZERS`: zeros, ones, glorot, normal(s), uniform(a), constant(c); glorot when
  absent). Other functions of the module name the same parameter the same way, which is
  how `Trainer.call` passes the trained arrays to `@predict` or `@evaluate`.
- `irc.data = "key"` takes the batch's array under that key.
- `irc.seed` takes an integer seed, a new one every step (for `nn.random_key`).
- `irc.carry = "h"` takes the value the previous step returned in the result marked
  `{irc.carry = "h"}` (zeros at the first step, or the batch's array under that key):
  a recurrent net's state carried from one window of a long sequence to the next, which
  is truncated back-propagation through time. The loss's first result is the loss; the
  carried results follow it.

A module attribute `irc.train = {optimizer = "adam", lr = 1.0e-02 : f32, steps = 500, ...}`
holds the model's default settings, which a command line overrides.

The data-first, attribute-annotated signature is Theano's `function(inputs, outputs,
updates)` made textual: what is a parameter is written in the model, not in a script.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from irc.dialects import func
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.diagnostics import Diagnostic, IRError
from irc.ir.location import UNKNOWN

KINDS = ("irc.param", "irc.data", "irc.seed", "irc.carry")


class ModelError(IRError):
    """A model whose annotations the driver cannot use, located at the argument or the
    function (`at`: an op or a location)."""

    def __init__(self, message: str, at=None) -> None:
        location = getattr(at, "location", at) if at is not None else UNKNOWN
        super().__init__(Diagnostic("error", location, message))


def _argument_location(function: func.FuncOp, index: int):
    """Where argument `index` is written (the function when it has no body)."""
    if function.is_declaration:
        return function.location
    return function.regions[0].blocks[0].args[index].loc


@dataclass(frozen=True)
class Argument:
    """One annotated argument of a function: what feeds it (`kind`: param, data, seed or
    carry), under which name, its type, and where it is written (for diagnostics)."""

    index: int
    kind: str
    name: str
    type: T.Type
    init: str = "glorot"
    location: object = UNKNOWN

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.type.shape) if isinstance(self.type, T.ShapedType) else ()

    @property
    def dtype(self) -> np.dtype:
        from irc.runtime.interpreter import numpy_dtype

        return numpy_dtype(self.type.element_type)


def arguments(function: func.FuncOp) -> list[Argument]:
    """The annotated arguments of `function`, in order; an unannotated one is an error,
    since the driver could not feed it."""
    found = []
    types = function.function_type.inputs
    for index, (attrs, type) in enumerate(zip(function.arg_attrs(), types, strict=True)):
        entries = attrs.as_dict() if isinstance(attrs, A.DictionaryAttr) else {}
        kinds = [k for k in KINDS if k in entries]
        where = _argument_location(function, index)
        if len(kinds) != 1:
            raise ModelError(
                f"@{function.sym_name} argument {index}: mark it with exactly one of "
                f'{{irc.param = "name"}}, {{irc.data = "key"}}, {{irc.seed}} or '
                f'{{irc.carry = "name"}} (it has {kinds or "none"})',
                where,
            )
        kind = kinds[0].removeprefix("irc.")
        name = _string(entries[kinds[0]]) if kind != "seed" else "seed"
        init = _string(entries.get("irc.init", A.StringAttr("glorot")))
        if kind == "param":
            _check_param(function, index, type, name, init, where)
        found.append(Argument(index, kind, name, type, init, where))
    return found


def _string(attr) -> str:
    return attr.value if isinstance(attr, A.StringAttr) else str(attr)


def _check_param(function, index: int, type, name: str, init: str, location) -> None:
    what = f"@{function.sym_name} parameter {name!r} (argument {index})"
    if not isinstance(type, T.TensorType) or not type.has_static_shape:
        raise ModelError(f"{what}: a parameter needs a tensor type of static shape, not {type}",
                         location)  # fmt: skip
    if not isinstance(type.element_type, T.FloatType):
        raise ModelError(f"{what}: a parameter must be a float tensor, not {type}", location)
    if _initializer(init) is None:
        raise ModelError(
            f"{what}: unknown irc.init {init!r}; expected one of {', '.join(INITIALIZER_FORMS)}",
            location,
        )


def _glorot(shape, rng, *_):
    fan_in = shape[0] if shape else 1
    fan_out = shape[-1] if shape else 1
    bound = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, shape)


INITIALIZERS: dict[str, Callable[..., np.ndarray]] = {
    "zeros": lambda shape, rng, *_: np.zeros(shape),
    "ones": lambda shape, rng, *_: np.ones(shape),
    "glorot": _glorot,
    "normal": lambda shape, rng, s: rng.normal(0.0, s, shape),
    "uniform": lambda shape, rng, a: rng.uniform(-a, a, shape),
    "constant": lambda shape, rng, c: np.full(shape, c),
}
INITIALIZER_FORMS = ("zeros", "ones", "glorot", "normal(s)", "uniform(a)", "constant(c)")
_CALL = re.compile(r"(\w+)(?:\(\s*([-+0-9.eE]+)\s*\))?")


def _initializer(init: str):
    """(function, its number) for `normal(0.1)`; None when `init` names none."""
    match = _CALL.fullmatch(init.strip())
    if match is None or match.group(1) not in INITIALIZERS:
        return None
    takes_number = match.group(1) in ("normal", "uniform", "constant")
    if takes_number != (match.group(2) is not None):
        return None
    return INITIALIZERS[match.group(1)], float(match.group(2) or 0.0)


@dataclass
class Model:
    """A parsed model: its module, the loss function's annotated arguments and the
    defaults from the module's `irc.train` attribute."""

    module: object
    loss: str
    arguments: list[Argument]
    defaults: dict[str, object]
    source: str

    @classmethod
    def load(cls, path_or_text: str | Path, loss: str = "loss") -> Model:
        """A model from a `.mlir` file or from its text."""
        import irc

        text = str(path_or_text)
        source = "<model>"
        if isinstance(path_or_text, Path) or ("\n" not in text and text.endswith(".mlir")):
            source = text
            text = Path(text).read_text()
        module = irc.parse(text, source)
        function = func.lookup_in(module, loss)
        if not isinstance(function, func.FuncOp) or function.is_declaration:
            raise ModelError(f"the model has no function @{loss} to train; name one of "
                             f"{_function_names(module)} (--loss)")  # fmt: skip
        results = function.function_type.results
        if not results or not _is_float_scalar(results[0]):
            raise ModelError(f"@{loss} must return a float scalar (the loss) first, not "
                             f"({', '.join(map(str, results))})", function)  # fmt: skip
        found = arguments(function)
        _check_carries(function, found)
        if not any(a.kind == "param" for a in found):
            raise ModelError(f'@{loss} has no {{irc.param = "name"}} argument to train', function)
        return cls(module, loss, found, _defaults(module), source)

    @property
    def params(self) -> list[Argument]:
        return [a for a in self.arguments if a.kind == "param"]

    @property
    def carries(self) -> list[str]:
        """The names of the carried values, in the order the loss returns them."""
        return carried_results(func.lookup_in(self.module, self.loss))

    def function_arguments(self, name: str) -> list[Argument]:
        """The annotated arguments of another function of the model (`@predict`)."""
        function = func.lookup_in(self.module, name)
        if not isinstance(function, func.FuncOp) or function.is_declaration:
            raise ModelError(f"the model has no function @{name}; it has "
                             f"{_function_names(self.module)}")  # fmt: skip
        found = arguments(function)
        known = {a.name: a for a in self.params}
        for a in found:
            if a.kind == "param" and (a.name not in known or known[a.name].type != a.type):
                raise ModelError(
                    f"@{name} parameter {a.name!r}: @{self.loss} has no parameter of that "
                    f"name and type {a.type}",
                    function,
                )
        return found

    def initial_params(self, seed: int) -> dict[str, np.ndarray]:
        """Fresh parameter arrays, drawn in argument order from one generator."""
        rng = np.random.default_rng(seed)
        params = {}
        for a in self.params:
            make, number = _initializer(a.init)
            params[a.name] = np.array(make(a.shape, rng, number), dtype=a.dtype, order="C")
        return params


def carried_results(function: func.FuncOp) -> list[str]:
    """The `irc.carry` names of the results after the first (None where unmarked)."""
    names = []
    for attrs in function.res_attrs()[1:]:
        entries = attrs.as_dict() if isinstance(attrs, A.DictionaryAttr) else {}
        names.append(_string(entries["irc.carry"]) if "irc.carry" in entries else None)
    return names


def _check_carries(function: func.FuncOp, found: list[Argument]) -> None:
    """Each result after the loss is carried into an argument of its name and type."""
    takes = {a.name: a for a in found if a.kind == "carry"}
    results = function.function_type.results[1:]
    names = carried_results(function)
    for index, (name, type) in enumerate(zip(names, results, strict=True), start=1):
        if name is None:
            raise ModelError(f"@{function.sym_name} result {index}: a result after the loss "
                             f'must be marked {{irc.carry = "name"}}', function)  # fmt: skip
        if name not in takes or takes[name].type != type:
            raise ModelError(f"@{function.sym_name} result {index} carries {name!r}, and no "
                             f"argument of type {type} takes it", function)  # fmt: skip
    for name, a in takes.items():
        if name not in names:
            raise ModelError(f"@{function.sym_name} argument {a.index} takes the carried "
                             f"{name!r}, and no result carries it", function)  # fmt: skip


def _function_names(module) -> str:
    names = [f"@{op.sym_name}" for op in module.regions[0].blocks[0]
             if isinstance(op, func.FuncOp) and not op.is_declaration]  # fmt: skip
    return ", ".join(names) or "no function"


def _is_float_scalar(t) -> bool:
    return isinstance(t, T.TensorType) and t.rank == 0 and isinstance(t.element_type, T.FloatType)


def _defaults(module) -> dict[str, object]:
    """The module's `irc.train` dictionary as Python values."""
    attr = module.attributes.get("irc.train")
    if not isinstance(attr, A.DictionaryAttr):
        return {}
    return {key: _python(value) for key, value in attr.entries}


def _python(attr):
    if isinstance(attr, A.StringAttr | A.IntegerAttr | A.FloatAttr):
        return attr.value
    if isinstance(attr, A.UnitAttr):
        return True
    return str(attr)
