"""Compiled modules kept outside the checkout when PYTHONDONTWRITEBYTECODE says not to write them.

Where PYTHONDONTWRITEBYTECODE is set (as on the build machine), every test run compiled each
module it imported again (4.5 of the 7 s of CPU of collecting the fast loop), and so did every
Python process a test starts (`python -m tracker …`, the picture helper, the concurrent
writers). Importing this module (tests/conftest.py does, before it imports the tracker and so
before any test module is collected) calls `use_private_folder()`: this process and its children
keep compiled files in a folder of the user's own under the temporary directory, never in the
checkout, so the setting's purpose holds. A PYTHONPYCACHEPREFIX the user chose is left alone, and
so is a run without PYTHONDONTWRITEBYTECODE (compiled files go where Python puts them).
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path


def private_folder() -> Path | None:
    """`<tmp>/rollout-tracker-pycache-<uid>`, made readable by its owner alone; None when it
    exists but someone else could have written into it (then nothing is cached)."""
    folder = Path(tempfile.gettempdir()) / f"rollout-tracker-pycache-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        return None
    return folder


def use_private_folder() -> Path | None:
    """Cache compiled modules in `private_folder()` for this process and the ones it starts,
    when PYTHONDONTWRITEBYTECODE is set and PYTHONPYCACHEPREFIX is not; the folder, or None."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE") or os.environ.get("PYTHONPYCACHEPREFIX"):
        return None
    folder = private_folder()
    if folder is None:
        return None
    sys.pycache_prefix = str(folder)
    sys.dont_write_bytecode = False
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)
    del os.environ["PYTHONDONTWRITEBYTECODE"]
    return folder


use_private_folder()
