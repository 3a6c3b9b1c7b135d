"""The nn dialect: value-semantics tensor ops that models are written in.

Every value is a ranked `tensor<...>` (static sizes and `?`; `tensor<f32>` is a scalar),
except random keys (`!nn.key`). Elementwise ops broadcast as numpy does, aligning shapes
on the right: a size 1 stretches, equal sizes match, and a `?` against a size is checked
when the program runs. Result types are computed from the operands (`infer_result_types`),
so most ops spell only their operand types:

    %h = nn.add %x, %b : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
    %y = nn.tanh %h : tensor<8x16xf32>

The ops are declared by family in the modules of this package (elementwise, reduce,
shape, random, scan, gradient); each module's `OPS` joins the dialect's table here.
Interpreter kernels are in `irc/runtime/kernels/nn/`, folds in `irc/dialects/nn_folds.py`,
canonicalization patterns in `irc/dialects/nn_canonicalize.py` and the stabilizing
rewrites in `irc/passes/stabilize.py`.
"""

from __future__ import annotations

from irc.dialects.nn import elementwise, gradient, random, reduce, scan, shape

OPS: dict[str, type] = {}
TYPES: dict = {}
for _family in (elementwise, reduce, shape, random, scan, gradient):
    OPS.update(_family.OPS)
    TYPES.update(getattr(_family, "TYPES", {}))
