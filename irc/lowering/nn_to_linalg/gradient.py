"""nn's gradient-control ops lower to their forward value: the operand itself."""

from __future__ import annotations

from irc.dialects.nn import gradient as nn


def forward(em, op, operands) -> list:
    return [operands[0]]


RULES = {
    nn.StopGradientOp: forward,
    nn.StraightThroughOp: forward,
    nn.GradClipOp: forward,
    nn.GradScaleOp: forward,
}
