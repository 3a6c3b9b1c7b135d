"""A training step as IR: the loss's gradient (the autodiff pass) and one optimizer
update per parameter (optimizers.py) in one function, which irc.jit compiles with the
parameters and the optimizer state donated, so that they are updated in place.

    step = training_step(text, "loss", params=[1, 2], optimizer="adam")
    train = irc.jit(step.module, step.name, donate_argnums=step.donate_argnums)
    loss, w, b, mw, mb, vw, vb = train(x, w, b, labels, mw, mb, vw, vb, t, 1e-3, 0.9, ...)

`@train_step` takes the loss function's arguments in order, then the optimizer state (sgd:
v for each parameter; adam: m for each, then v for each), then the hyperparameters (sgd:
lr, mu; adam: t, lr, b1, b2, eps, with t the step count from 1), then with `clip=True`
the largest global norm of the gradients `max_norm` (all gradients scaled by
min(1, max_norm / norm) before the update), and returns the loss, the new parameters and
the new state in the order it took them. A loss with more results than the loss (a
recurrent net's final state, to start the next step from) has them differentiated as
auxiliary outputs (`cotangents=false`) and returned right after the loss. Calls are
inlined, so the step is one straight line of nn ops.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from irc.dialects import func
from irc.frontend.printer import print_op
from irc.ir import attributes as A
from irc.passes.autodiff import add_gradient, function_named
from irc.passes.pass_manager import PassManager
from irc.passes.pipeline import parse_pipeline
from irc.train import optimizers

STATES = {"sgd": ("v",), "adam": ("m", "v")}
HYPERPARAMETERS = {"sgd": ("lr", "mu"), "adam": ("t", "lr", "b1", "b2", "eps")}
UPDATES = {"sgd": optimizers.sgd_momentum, "adam": optimizers.adam}


@dataclass(frozen=True)
class TrainingStep:
    module: object  # the module with the step function
    name: str
    donate_argnums: tuple[int, ...]  # the parameters and the optimizer state


def training_step(module_or_text, loss: str, params: Sequence[int], optimizer: str = "sgd",
                  name: str = "train_step", clip: bool = False) -> TrainingStep:  # fmt: skip
    """The step function of `@<loss>` (one float scalar result) for the arguments
    `params`; see the module docstring."""
    import irc

    if not params:
        raise ValueError("params: name at least one argument of the loss to train")
    if optimizer not in UPDATES:
        raise ValueError(f"optimizer {optimizer!r}: expected one of {sorted(UPDATES)}")
    module = irc.parse(module_or_text) if isinstance(module_or_text, str) else module_or_text
    module = module.clone()
    signature = function_named(module, loss).function_type
    aux = [str(t) for t in signature.results[1:]]
    gradient = add_gradient(module, loss, list(params), name=f"{loss}_grad_for_{name}",
                            cotangents=False if aux else None)  # fmt: skip
    inputs = [str(t) for t in signature.inputs]
    loss_type = str(signature.results[0])
    scalar = optimizers._scalar(inputs[params[0]])
    state_names = [(s, i) for s in STATES[optimizer] for i in params]
    hyper = [f"%{h}" for h in HYPERPARAMETERS[optimizer]]
    updates = {_update_name(optimizer, inputs[i]): inputs[i] for i in params}
    grad_types = [inputs[i] for i in params]
    lines = [_call(gradient.sym_name, "%r", [f"%a{i}" for i in range(len(inputs))], inputs,
                   [loss_type, *aux, *grad_types])]  # fmt: skip
    grads = [f"%r#{k + 1 + len(aux)}" for k in range(len(params))]
    extra = []
    if clip:
        lines.append(_call(f"{name}_clip", "%c", [*grads, "%max_norm"], [*grad_types, scalar],
                           grad_types))  # fmt: skip
        grads = [f"%c#{k}" for k in range(len(params))]
        extra.append(optimizers.clip_by_global_norm(f"{name}_clip", grad_types))
    for k, i in enumerate(params):
        t = inputs[i]
        own = [f"%{s}{i}" for s in STATES[optimizer]]
        lines.append(_call(_update_name(optimizer, t), f"%u{i}", [f"%a{i}", grads[k], *own,
                           *hyper], [t] * (2 + len(own)) + [scalar] * len(hyper),
                           [t] * (1 + len(own))))  # fmt: skip
    returned = [("%r#0", loss_type)] + [(f"%r#{k + 1}", t) for k, t in enumerate(aux)]
    returned += [(f"%u{i}#0", inputs[i]) for i in params]
    returned += [(f"%u{i}#{1 + STATES[optimizer].index(s)}", inputs[i]) for s, i in state_names]
    params_text = [f"%a{i}: {t}" for i, t in enumerate(inputs)]
    params_text += [f"%{s}{i}: {inputs[i]}" for s, i in state_names]
    params_text += [f"{h}: {scalar}" for h in hyper + ["%max_norm"] * clip]
    step = "\n".join([
        f"func.func @{name}({', '.join(params_text)}) -> ({', '.join(t for _, t in returned)}) {{",
        *lines,
        f"  return {', '.join(v for v, _ in returned)} : {', '.join(t for _, t in returned)}",
        "}",
    ])  # fmt: skip
    extra = [step, *extra, *(UPDATES[optimizer](n, t) for n, t in updates.items())]
    text = print_op(module).rstrip()
    combined = irc.parse(text[: text.rindex("}")] + "\n".join(extra) + "\n}\n")
    PassManager(parse_pipeline("builtin.module(inline)")).run(combined)
    _keep_only(combined, name)
    count = len(inputs)
    donated = (*params, *range(count, count + len(state_names)))
    return TrainingStep(combined, name, tuple(donated))


def _keep_only(module, name: str) -> None:
    """Drop every function but the step: once inlined, the model's functions, the
    gradient and the updates are dead weight that a compiler would compile anyway (irc.jit
    compiles every public function of a module)."""
    for op in module.regions[0].blocks[0]:
        if isinstance(op, func.FuncOp) and op.sym_name != name:
            op.properties["sym_visibility"] = A.StringAttr("private")
    PassManager(parse_pipeline("builtin.module(symbol-dce)")).run(module)


def _update_name(optimizer: str, t: str) -> str:
    return f"{optimizer}_" + t.removeprefix("tensor<").removesuffix(">").replace("?", "d")


def _call(callee: str, result: str, operands, operand_types, result_types) -> str:
    return (
        f"  {result}:{len(result_types)} = func.call @{callee}({', '.join(operands)}) : "
        f"({', '.join(operand_types)}) -> ({', '.join(result_types)})"
    )
