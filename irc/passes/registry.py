"""Every pass and named pipeline, by the name pipelines use: one row each.

Rows point at "module:Class" and are imported on first use, so listing passes or parsing
a pipeline loads only the passes it names.
"""

from __future__ import annotations

PASSES: dict[str, str] = {
    "autodiff": "irc.passes.autodiff:Autodiff",
    "canonicalize": "irc.passes.canonicalize:Canonicalize",
    "convert-linalg-to-loops": "irc.lowering.linalg_to_loops:ConvertLinalgToLoops",
    "convert-linalg-to-parallel-loops": (
        "irc.lowering.linalg_to_loops:ConvertLinalgToParallelLoops"
    ),
    "convert-nn-to-linalg": "irc.lowering.nn_to_linalg:ConvertNNToLinalg",
    "convert-scf-parallel-to-threads": (
        "irc.lowering.parallel_threads:ConvertSCFParallelToThreads"
    ),
    "convert-scf-to-cf": "irc.lowering.scf_to_cf:ConvertSCFToCF",
    "cse": "irc.passes.cse:CSE",
    "dce": "irc.passes.dce:DCE",
    "inline": "irc.passes.inline:Inliner",
    "linalg-fuse-elementwise-ops": "irc.lowering.linalg_fusion:LinalgElementwiseOpFusion",
    "linalg-vectorize-matmul": "irc.lowering.linalg_vectorize_matmul:LinalgVectorizeMatmul",
    "loop-invariant-code-motion": "irc.passes.licm:LoopInvariantCodeMotion",
    "math-polynomial-approximation": "irc.lowering.math_polynomials:MathPolynomialApproximation",
    "nn-stabilize": "irc.passes.stabilize:Stabilize",
    "one-shot-bufferize": "irc.lowering.bufferize:OneShotBufferize",
    "reconcile-unrealized-casts": "irc.passes.reconcile_casts:ReconcileUnrealizedCasts",
    "sccp": "irc.passes.sccp:SCCP",
    "strip-debuginfo": "irc.passes.strip_debuginfo:StripDebugInfo",
    "symbol-dce": "irc.passes.symbol_dce:SymbolDCE",
    "view-op-graph": "irc.tools.op_graph:ViewOpGraph",
}

# name -> (summary, textual pipeline)
PIPELINES: dict[str, tuple[str, str]] = {
    "nn-to-loops": (
        "Lower nn (and tensor-level linalg) to loops over memrefs: linalg on tensors, "
        "one-shot bufferization at function boundaries, scf loops",
        "convert-nn-to-linalg,linalg-fuse-elementwise-ops,canonicalize,cse,"
        "one-shot-bufferize{bufferize-function-boundaries=true "
        "allow-return-allocs-from-loops=true},linalg-vectorize-matmul,"
        "convert-linalg-to-parallel-loops",
    ),
    "nn-to-llvm": (
        "The whole CPU path of nn (and tensor-level linalg) to what the LLVM IR translation "
        "takes: nn-to-loops, parallel loops outlined for the threads, math as polynomials, "
        "scf to cf (irc.jit's pipeline for tensor programs)",
        "nn-to-loops,convert-scf-parallel-to-threads,math-polynomial-approximation,"
        "convert-scf-to-cf",
    ),
}
