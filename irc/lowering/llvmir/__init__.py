"""Translation of loop-level IR (func, cf, arith, math, memref) to LLVM IR with llvmlite.

irc has no `llvm` dialect: as `mlir-translate --mlir-to-llvmir` does, this is the last step,
from ops to an `llvmlite.ir.Module`. The driver (`translate.py`) walks functions and blocks;
each dialect has a module here with `TRANSLATIONS = {OpClass: rule}`. See `translate.py` for
the calling convention and how run-time faults are reported.
"""

from irc.lowering.llvmir.translate import Fault, Translation, translate_module

__all__ = ["Fault", "Translation", "translate_module"]
