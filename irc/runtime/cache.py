"""The on-disk compile cache: object code plus what Python needs to call it.

Key: a hash of the IR text, the lowering options, the host (triple, CPU, features), the
llvmlite version and the source of irc itself, so a changed compiler never serves old
code. An entry is two files written atomically (temporary name, then rename): `KEY.o`,
the object code, and `KEY.json`, the entry signatures, the fault table and the object's
SHA-256. An entry that fails to read, parse or match its hash is ignored and rebuilt.

The directory is `$IRC_CACHE_DIR`, else `$XDG_CACHE_HOME/irc`, else `~/.cache/irc`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path

FORMAT = 2  # bump when the entry layout changes


def default_directory() -> Path:
    explicit = os.environ.get("IRC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "irc"


@functools.cache
def compiler_fingerprint() -> str:
    """A hash of every source file of the irc package (read once per process)."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(text: str, options: str, host: tuple[str, ...], llvmlite_version: str) -> str:
    digest = hashlib.sha256()
    for part in (str(FORMAT), text, options, *host, llvmlite_version, compiler_fingerprint()):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def load(directory: Path, key: str) -> tuple[bytes, dict] | None:
    """The object code and metadata stored under `key`, or None if absent or damaged."""
    try:
        meta = json.loads((directory / f"{key}.json").read_text())
        code = (directory / f"{key}.o").read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("sha256") != hashlib.sha256(code).hexdigest():
        return None
    return code, meta


def store(directory: Path, key: str, code: bytes, meta: dict) -> None:
    """Write an entry; a cache that cannot be written is skipped silently (it is a cache)."""
    meta = {**meta, "sha256": hashlib.sha256(code).hexdigest()}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _write_atomic(directory / f"{key}.o", code)
        _write_atomic(directory / f"{key}.json", json.dumps(meta).encode())
    except OSError:
        pass


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
