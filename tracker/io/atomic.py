"""Saving a workbook so that a failed or cancelled export never leaves a broken file behind.

The workbook is written to a temporary file beside the target (same folder, so the final
rename stays on one file system and is atomic), flushed to disk, and only then moved over the
target. If anything fails before the move, the previous report is untouched and the temporary
file is removed.

A report that is open in Excel is locked on Windows (the move fails with a permission error);
on every system Excel and LibreOffice leave a lock file beside a document they have open
("~$name.xlsx", ".~lock.name.xlsx#"). Both give the same clear message instead of a traceback
or a file replaced under someone's feet.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from tracker.io.processes import pid_alive


class ReportError(Exception):
    """A report could not be written; the message says why in words a user can act on."""


class ReportFileLockedError(ReportError):
    """The target is open in another program."""


class ReportCancelled(ReportError):
    """The user cancelled the export; nothing was written."""


def lock_files(path: Path) -> list[Path]:
    """The lock files office programs keep beside a document they have open."""
    return [path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")]


def _locked_message(path: Path) -> str:
    return (f"{path.name} is open in another program (Excel or LibreOffice). Close it there and "
            "export again, or choose another file name; the existing file was not changed.")


def check_target(path: Path) -> Path:
    """Refuse early what would fail late: a missing folder, a folder as target, an open file."""
    path = Path(path).expanduser().absolute()
    if path.is_dir():
        raise ReportError(f"{path} is a folder; choose a file name for the report.")
    if not path.parent.is_dir():
        raise ReportError(f"The folder {path.parent} does not exist.")
    if path.suffix.lower() != ".xlsx":
        raise ReportError(f"{path.name}: a report is an Excel workbook; use a name ending in .xlsx.")
    if path.exists() and any(p.exists() for p in lock_files(path)):
        raise ReportFileLockedError(_locked_message(path))
    return path


def remove_orphaned_temporaries(path: Path) -> list[Path]:
    """Delete temporary files left beside `path` by an export whose process was killed.

    A killed process never runs its clean-up, so the next export does it: the temporary's name
    carries the writer's process id, and only files of processes no longer running here go.
    """
    removed = []
    for candidate in path.parent.glob(f".{glob.escape(path.stem)}-*.xlsx.part"):
        pid = candidate.name[len(path.stem) + 2:].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def save_atomically(write: Callable[[Path], None], path: Path) -> Path:
    """Call `write(temporary_path)`, then move the result over `path` in one step."""
    path = check_target(path)
    remove_orphaned_temporaries(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}-{os.getpid()}-", suffix=".xlsx.part",
                                    dir=path.parent)
    except OSError as e:  # a folder without write permission, a full or read-only disk
        raise ReportError(f"{path.name} cannot be written in {path.parent}: {e.strerror or e}; "
                          "nothing was written there.") from e
    os.close(fd)
    temporary = Path(name)
    try:
        write(temporary)
        # mkstemp makes the file private (0600); a report is an ordinary document.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with open(temporary, "rb+") as f:
            os.fsync(f.fileno())
        try:
            os.replace(temporary, path)
        except PermissionError as e:
            raise ReportFileLockedError(_locked_message(path)) from e
    except OSError as e:
        raise ReportError(f"{path.name} could not be written: {e.strerror or e}.") from e
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return path
