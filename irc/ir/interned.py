"""The base of types and attributes: immutable values, interned by their parameters.

Building the same value twice gives the same object, so equality is identity, hashing is
cheap, and passes compare types with `is`. A subclass lists its parameters in `_params`;
`_key` may normalize them (float attributes key on bit patterns); `_check` may refuse them.
"""

from __future__ import annotations

from typing import ClassVar


class Interned:
    __slots__ = ("_text", "__weakref__")
    _params: tuple[str, ...] = ()
    _interned: ClassVar[dict[tuple, Interned]] = {}

    def __new__(cls, *args):
        key = cls._key(*args)
        found = Interned._interned.get(key)
        if found is not None:
            return found
        self = object.__new__(cls)
        for name, value in zip(cls._params, args, strict=True):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_text", None)
        self._check()
        Interned._interned[key] = self
        return self

    @classmethod
    def _key(cls, *args) -> tuple:
        return (cls, *args)

    def _check(self) -> None:
        """Raise ValueError for parameters the value cannot have."""

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self):
        return (type(self), tuple(getattr(self, p) for p in self._params))

    def __str__(self) -> str:
        text = self._text
        if text is None:
            text = self._print()
            object.__setattr__(self, "_text", text)
        return text

    def _print(self) -> str:
        raise NotImplementedError
