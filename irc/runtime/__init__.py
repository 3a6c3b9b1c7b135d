"""JIT runtime and reference interpreter (a later issue fills this in)."""
