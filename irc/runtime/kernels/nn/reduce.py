"""Placeholder: kernels of this nn family are being written."""

KERNELS: dict = {}
