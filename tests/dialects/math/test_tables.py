"""Every math op has a row in each table that should know it: an interpreter kernel, a
numeric test row (tests/dialects/math/test_math_kernels.py), and a folder unless MLIR
has none for it."""

from __future__ import annotations

import pytest

from irc.dialects import math as m
from irc.dialects.math_folds import FOLDERS
from irc.runtime.kernels.math import KERNELS
from tests.dialects.math import test_math_kernels as numeric

OPS = list(m.OPS.values())
NUMERIC_ROWS = {
    *numeric.UNARY,
    *numeric.BINARY,
    *numeric.CLASSES,
    *numeric.INT_UNARY,
    "fma",  # test_fma_rounds_once
    "fpowi",  # test_fpowi
    "clampf",  # test_clampf_and_sincos
    "sincos",  # test_clampf_and_sincos
    "ipowi",  # test_ipowi_wraps
}
NO_FOLDER = {  # MLIR 3.13 (iree-opt --canonicalize) folds none of these
    "math.fma",
    "math.fpowi",
    "math.clampf",
    "math.sincos",
}


@pytest.mark.parametrize("op_class", OPS, ids=[cls.name for cls in OPS])
def test_op_has_a_kernel_a_numeric_row_and_a_folder(op_class):
    assert op_class in KERNELS, f"{op_class.name}: no interpreter kernel"
    assert op_class.name.split(".")[1] in NUMERIC_ROWS, f"{op_class.name}: no numeric test"
    assert (op_class in FOLDERS) != (op_class.name in NO_FOLDER), f"{op_class.name}: folder?"
