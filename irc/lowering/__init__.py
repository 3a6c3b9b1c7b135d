"""Dialect conversions and the translation to LLVM IR (a later issue fills this in)."""
