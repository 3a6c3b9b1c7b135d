"""Interpreter kernels of nn's gradient-control ops: forward, each is its first operand."""

from __future__ import annotations

from irc.dialects.nn import gradient as nn


def _forward(interp, op, operands):
    return [operands[0]]  # nn values are never written in place, so sharing is safe


KERNELS = {
    nn.StopGradientOp: _forward,
    nn.StraightThroughOp: _forward,
    nn.GradClipOp: _forward,
    nn.GradScaleOp: _forward,
}
