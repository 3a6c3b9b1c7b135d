"""The compile cache: hits in a new process, damaged entries rebuilt, keys that change with
everything that changes the code."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import irc
from irc.runtime import cache, jit

SOURCE = """
func.func @twice(%x: i64) -> i64 {
  %y = arith.addi %x, %x : i64
  return %y : i64
}
"""

PROBE = """
import sys, irc
fn = irc.jit(sys.argv[1], "twice")
print(int(fn(21)), fn.module.from_cache)
"""


def _fresh(text: str, directory, **options):
    """Compile as a new process would: without this process's table of loaded modules."""
    jit._LOADED.clear()
    return irc.compile_module(text, cache=directory, **options)


def _entries(directory) -> list:
    return sorted(p.name for p in directory.iterdir())


def test_hit_in_a_new_process(tmp_path):
    env = {**os.environ, "IRC_CACHE_DIR": str(tmp_path)}

    def run() -> str:
        command = [sys.executable, "-c", PROBE, SOURCE]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout

    assert run().split() == ["42", "False"]
    assert run().split() == ["42", "True"]


@pytest.mark.parametrize("damage", ["truncate-object", "garbage-metadata", "wrong-hash", "delete"])
def test_damaged_entry_is_rebuilt(tmp_path, damage):
    first = _fresh(SOURCE, tmp_path)
    assert not first.from_cache and first["twice"](4) == 8
    (obj,) = tmp_path.glob("*.o")
    meta = obj.with_suffix(".json")
    if damage == "truncate-object":
        obj.write_bytes(obj.read_bytes()[:100])
    elif damage == "garbage-metadata":
        meta.write_text("{not json")
    elif damage == "wrong-hash":
        data = json.loads(meta.read_text())
        data["sha256"] = "0" * 64
        meta.write_text(json.dumps(data))
    else:
        obj.unlink()
    again = _fresh(SOURCE, tmp_path)
    assert not again.from_cache and again["twice"](5) == 10
    third = _fresh(SOURCE, tmp_path)  # the rebuilt entry is good
    assert third.from_cache and third["twice"](6) == 12


def test_key_covers_text_options_host_llvm_and_compiler(monkeypatch):
    host = ("triple", "cpu", "+avx")
    key = cache.cache_key(SOURCE, "o", host, "0.50")
    assert key == cache.cache_key(SOURCE, "o", host, "0.50")
    assert key != cache.cache_key(SOURCE + " ", "o", host, "0.50")
    assert key != cache.cache_key(SOURCE, "bounds_checks=True", host, "0.50")
    assert key != cache.cache_key(SOURCE, "o", ("triple", "other-cpu", "+avx"), "0.50")
    assert key != cache.cache_key(SOURCE, "o", host, "0.51")
    monkeypatch.setattr(cache, "compiler_fingerprint", lambda: "irc's source changed")
    assert key != cache.cache_key(SOURCE, "o", host, "0.50")


def test_bounds_checks_compile_separately(tmp_path):
    _fresh(SOURCE, tmp_path)
    _fresh(SOURCE, tmp_path, bounds_checks=True)
    assert len([n for n in _entries(tmp_path) if n.endswith(".o")]) == 2


def test_no_disk_cache(tmp_path):
    compiled = _fresh(SOURCE, False)
    assert compiled["twice"](np.int64(3)) == 6
    assert _entries(tmp_path) == []


def test_unwritable_cache_directory_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    compiled = _fresh(SOURCE, blocker / "cache")
    assert compiled["twice"](2) == 4


def test_parsed_module_is_not_changed_by_jit():
    module = irc.parse(SOURCE.replace("twice", "thrice").replace("%x, %x", "%x, %x"))
    before = irc.print_ir(module)
    assert irc.jit(module, "thrice", cache=False)(5) == 10
    assert irc.print_ir(module) == before
