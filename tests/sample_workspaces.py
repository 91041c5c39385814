"""The seeded sample workspaces, written once per test session and handed out as copies.

Writing the sample takes about a second of CPU each time; a dozen test modules need it. The
session writes each seed once into a folder of its own and gives every caller a file copy of
that closed workspace (a single file: it is closed, so nothing waits in a -wal beside it), so a
test may change its copy freely. Used through the `sample_copy` fixture in tests/conftest.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tracker.demo import write_demo_workspace


class SampleWorkspaces:
    def __init__(self, folder: Path):
        self._folder = folder
        self._originals: dict[int, Path] = {}

    def copy(self, destination: str | Path, *, seed: int = 1) -> Path:
        """A new workspace file at `destination` holding the sample of `seed`."""
        original = self._originals.get(seed)
        if original is None:
            original = write_demo_workspace(self._folder / f"sample-{seed}.tracker", seed=seed)
            original.chmod(0o444)  # a test that wrote to the shared original would fail loudly
            self._originals[seed] = original
        destination = Path(destination)
        shutil.copyfile(original, destination)
        return destination
