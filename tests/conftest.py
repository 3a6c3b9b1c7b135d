"""pytest configuration: collect FileCheck tests (`.mlir` files with `// RUN:` lines).

Each such file under tests/ is one test item; its RUN lines run in order through
tests/lit_runner.py, with irc-opt and filecheck in-process. Files in an `Inputs` directory are
inputs for other tests, as in lit, and are not collected.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.lit_runner import LitFailure, has_run_lines, run_file

FILECHECK_SUFFIXES = {".mlir"}


def pytest_configure(config: pytest.Config) -> None:
    # Compiled code goes to a fresh cache directory per run, never the user's cache.
    os.environ["IRC_CACHE_DIR"] = tempfile.mkdtemp(prefix="irc-test-cache-")
    config.addinivalue_line(
        "markers", "filecheck: a FileCheck test collected from a file with // RUN: lines"
    )


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix not in FILECHECK_SUFFIXES or "Inputs" in file_path.parts:
        return None
    if not has_run_lines(file_path):
        return None
    return FileCheckFile.from_parent(parent, path=file_path)


class FileCheckFile(pytest.File):
    def collect(self):
        yield FileCheckItem.from_parent(self, name=self.path.stem)


class FileCheckItem(pytest.Item):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_marker(pytest.mark.filecheck)

    def runtest(self) -> None:
        with tempfile.TemporaryDirectory(prefix="irc-lit-") as tmp_dir:
            run_file(self.path, Path(tmp_dir))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, LitFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"filecheck: {self.path.name}"


@pytest.fixture
def one_thread():
    """Parallel loops on one thread for the test: exact allocation counts (on two
    threads, how many blocks of a size class are out at once depends on how the workers
    interleave, so the allocator's cache may still grow after the first steps)."""
    from irc.runtime import threads

    count = threads.num_threads()
    threads.set_num_threads(1)
    yield
    threads.set_num_threads(count)
