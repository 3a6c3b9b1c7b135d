"""Interpreter kernels of the nn dialect, one module per family of ops (as the dialect's
package is split); tensors are numpy arrays of the element type's dtype, rank 0 included."""

from __future__ import annotations

from irc.runtime.kernels.nn import elementwise, gradient, random, reduce, scan, shape

KERNELS: dict = {}
for _family in (elementwise, reduce, shape, random, scan, gradient):
    KERNELS.update(_family.KERNELS)
