"""Differential tests: random programs run by two executors (the JIT and the reference
interpreter) must agree."""
