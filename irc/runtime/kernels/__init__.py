"""Interpreter kernels, one module per dialect, each exporting `KERNELS = {OpClass: fn}`."""
