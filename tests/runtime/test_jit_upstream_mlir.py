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

# -- regressions -----------------------------------------------------------------------------------

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


def test_two_rank_0_memref_results():
    """A rank-0 memref result before another: each lands in its own fields of the entry
    struct (the rank-0 one has empty size and stride arrays there). In a child process,
    since the bug this guards against wrote pointers two fields early (a crash)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RANK_0_RESULTS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["[2,", "1]"]
