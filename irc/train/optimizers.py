"""Parameter updates as nn functions, one per parameter type: the text of a function that
takes a parameter, its gradient and its optimizer state and returns the new ones, so that
a training step is IR (Theano's `updates`, made explicit) and irc.jit can compute the new
values over the old arrays (`donate_argnums`), keeping the parameters' buffers.

    sgd_momentum(name, type)   @name(%p, %g, %v, %lr, %mu) -> (%p', %v')
                               v' = mu v + g;  p' = p - lr v'
    adam(name, type)           @name(%p, %g, %m, %v, %t, %lr, %b1, %b2, %eps) -> (%p', %m', %v')
                               m' = b1 m + (1 - b1) g;  v' = b2 v + (1 - b2) g^2;
                               p' = p - lr (m' / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + eps)
    clip_by_global_norm(name, types)
                               @name(%g0, ..., %max) -> (%g0', ...): every gradient times
                               min(1, max / norm), norm = sqrt(sum of all squares)

Hyperparameters and the step count `t` are rank-0 tensors of the parameter's element type
(a Python number passes for one).
"""

from __future__ import annotations

import re

_TENSOR = re.compile(r"tensor<((?:[0-9?]+x)*)(\w+)>")


def _parts(tensor_type: str) -> tuple[int, str]:
    """(rank, element type) of `tensor<4x3xf32>`."""
    match = _TENSOR.fullmatch(tensor_type)
    if match is None:
        raise ValueError(f"not a ranked tensor type: {tensor_type}")
    return match.group(1).count("x"), match.group(2)


def _scalar(tensor_type: str) -> str:
    """`tensor<f32>` for `tensor<4x3xf32>`."""
    return f"tensor<{_parts(tensor_type)[1]}>"


def _binary(name: str, result: str, a: str, b: str, ta: str, tb: str, tr: str) -> str:
    if ta == tb == tr:
        return f"  {result} = nn.{name} {a}, {b} : {tr}"
    return f"  {result} = nn.{name} {a}, {b} : ({ta}, {tb}) -> {tr}"


def sgd_momentum(name: str, t: str) -> str:
    s = _scalar(t)
    return "\n".join([
        f"func.func @{name}(%p: {t}, %g: {t}, %v: {t}, %lr: {s}, %mu: {s}) -> ({t}, {t}) {{",
        _binary("mul", "%mv", "%v", "%mu", t, s, t),
        _binary("add", "%v2", "%mv", "%g", t, t, t),
        _binary("mul", "%step", "%v2", "%lr", t, s, t),
        _binary("sub", "%p2", "%p", "%step", t, t, t),
        f"  return %p2, %v2 : {t}, {t}",
        "}",
    ]) + "\n"  # fmt: skip


def adam(name: str, t: str) -> str:
    s = _scalar(t)
    lines = [
        f"func.func @{name}(%p: {t}, %g: {t}, %m: {t}, %v: {t}, %t: {s}, %lr: {s}, %b1: {s},",
        f"    %b2: {s}, %eps: {s}) -> ({t}, {t}, {t}) {{",
        f"  %one = nn.constant dense<1.0> : {s}",
        _binary("sub", "%c1", "%one", "%b1", s, s, s),
        _binary("sub", "%c2", "%one", "%b2", s, s, s),
        _binary("mul", "%m_old", "%m", "%b1", t, s, t),
        _binary("mul", "%m_new", "%g", "%c1", t, s, t),
        _binary("add", "%m2", "%m_old", "%m_new", t, t, t),
        _binary("mul", "%gg", "%g", "%g", t, t, t),
        _binary("mul", "%v_old", "%v", "%b2", t, s, t),
        _binary("mul", "%v_new", "%gg", "%c2", t, s, t),
        _binary("add", "%v2", "%v_old", "%v_new", t, t, t),
        _binary("pow", "%b1t", "%b1", "%t", s, s, s),
        _binary("pow", "%b2t", "%b2", "%t", s, s, s),
        _binary("sub", "%k1", "%one", "%b1t", s, s, s),
        _binary("sub", "%k2", "%one", "%b2t", s, s, s),
        _binary("div", "%mhat", "%m2", "%k1", t, s, t),
        _binary("div", "%vhat", "%v2", "%k2", t, s, t),
        f"  %root = nn.sqrt %vhat : {t}",
        _binary("add", "%den", "%root", "%eps", t, s, t),
        _binary("div", "%ratio", "%mhat", "%den", t, t, t),
        _binary("mul", "%step", "%ratio", "%lr", t, s, t),
        _binary("sub", "%p2", "%p", "%step", t, t, t),
        f"  return %p2, %m2, %v2 : {t}, {t}, {t}",
        "}",
    ]
    return "\n".join(lines) + "\n"


def clip_by_global_norm(name: str, types: list[str]) -> str:
    s = _scalar(types[0])
    params = ", ".join(f"%g{i}: {t}" for i, t in enumerate(types))
    lines = [f"func.func @{name}({params}, %max: {s}) -> ({', '.join(types)}) {{"]
    for i, t in enumerate(types):
        axes = ", ".join(str(a) for a in range(_parts(t)[0]))
        lines += [
            _binary("mul", f"%sq{i}", f"%g{i}", f"%g{i}", t, t, t),
            f"  %n{i} = nn.reduce_sum %sq{i} [{axes}] : ({t}) -> {s}",
        ]
    total = "%n0"
    for i in range(1, len(types)):
        lines.append(_binary("add", f"%acc{i}", total, f"%n{i}", s, s, s))
        total = f"%acc{i}"
    lines += [
        f"  %norm = nn.sqrt {total} : {s}",
        f"  %tiny = nn.constant dense<1.0e-30> : {s}",
        _binary("maximum", "%safe", "%norm", "%tiny", s, s, s),
        _binary("div", "%ratio", "%max", "%safe", s, s, s),
        f"  %one = nn.constant dense<1.0> : {s}",
        _binary("minimum", "%scale", "%ratio", "%one", s, s, s),
    ]
    lines += [_binary("mul", f"%c{i}", f"%g{i}", "%scale", t, s, t) for i, t in enumerate(types)]
    lines.append(f"  return {', '.join(f'%c{i}' for i in range(len(types)))} : {', '.join(types)}")
    lines.append("}")
    return "\n".join(lines) + "\n"
