"""Placeholder: this family of nn ops is being written."""

OPS: dict[str, type] = {}
