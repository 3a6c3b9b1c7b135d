"""Hand-written programs in upstream MLIR's syntax give numpy's answers through irc.jit.

Each program is written as MLIR would have it (iree-opt, the reference, accepts each one:
`test_iree_opt_accepts_every_program`, skipped without it), at the tensor level (linalg on
tensors, tensor ops; bufferized by irc.jit's pipeline) or at the buffer level (linalg and
vector on memrefs with out-parameters).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

# -- known bugs -----------------------------------------------------------------------------------

RANK_0_RESULTS = """
import numpy as np, irc
text = '''
func.func @f(%a: memref<i32>, %b: memref<i32>) -> (memref<i32>, memref<i32>) {
  return %b, %a : memref<i32>, memref<i32>
}
'''
got = irc.jit(text, "f", cache=False)(np.array(1, np.int32), np.array(2, np.int32))
print([int(x) for x in got])
"""


@pytest.mark.xfail(
    strict=True,
    reason="irc/lowering/llvmir/entry.py build_entry stores only the 3 fields of a rank-0 "
    "descriptor (descriptor_type(0)) but the entry struct (_fields) has 5 for it (two "
    "empty size/stride arrays), so every later result lands 2 fields early: the second "
    "result's pointers are garbage (wrong values, OverflowError or a segfault)",
)
def test_two_rank_0_memref_results():
    """In a child process: the bug may crash the interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RANK_0_RESULTS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["[2,", "1]"]
