"""A damaged workspace is refused on open, and put right from its newest good copy.

`PRAGMA quick_check` on every open costs one read of the file (tens of milliseconds for a
typical workspace) and catches what a network drive, a sync client or a failing disk did to
it before anything is written on top. A damaged file is never changed or deleted: restoring
renames it (with its -wal and -shm files, which belong to it and must not be replayed onto the
copy) to a ".damaged-STAMP" name beside it, then copies the backup in with SQLite's backup API.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.store.backup import list_backups, replace_with_copy
from tracker.store.connection import connect_copy, quick_check  # quick_check: part of this module's API
from tracker.store.errors import DamagedWorkspaceError, WorkspaceError

if TYPE_CHECKING:
    from tracker.store.encryption import WorkspaceKey

_UPGRADE_STAMP = "%Y%m%d-%H%M%S"  # as backup.pre_migration_backup_path writes it


@dataclass(frozen=True)
class Candidate:
    path: Path
    made: dt.datetime


def backup_candidates(path: str | Path) -> list[Candidate]:
    """Every copy of the workspace at `path`, newest first: the automatic backups and the
    copies kept from before upgrades (`NAME.before-upgrade-STAMP.tracker` beside it)."""
    path = Path(path)
    found = [Candidate(b.path, b.made) for b in list_backups(path)]
    prefix = f"{path.stem}.before-upgrade-"
    if path.parent.is_dir():
        for copy in path.parent.glob(f"{prefix}*{path.suffix}"):
            try:
                made = dt.datetime.strptime(copy.stem[len(prefix):], _UPGRADE_STAMP)
            except ValueError:
                continue
            found.append(Candidate(copy, made))
    return sorted(found, key=lambda c: c.made, reverse=True)


def latest_good_backup(path: str | Path) -> Path | None:
    """The newest copy that passes its own quick_check, or None."""
    for candidate in backup_candidates(path):
        try:
            conn = connect_copy(candidate.path)  # encrypted copies with their key
        except (sqlite3.Error, WorkspaceError):
            continue
        try:
            if quick_check(conn) == "ok":
                return candidate.path
        except sqlite3.Error:
            continue  # unreadable just now: not a copy to offer
        finally:
            conn.close()
    return None


def damaged(path: Path, problem: str) -> DamagedWorkspaceError:
    """The error for a workspace that failed its check, naming the copy that can replace it."""
    backup = latest_good_backup(path)
    if backup is not None:
        advice = (f"The newest good copy is {backup.name} in {backup.parent}; restore it to "
                  "carry on from there.")
    else:
        advice = "No good copy of it was found; restore one you keep elsewhere."
    return DamagedWorkspaceError(
        f"{path.name} is damaged (SQLite's check found: {problem}). It was not opened, so "
        f"nothing in it was changed. {advice}", path=path, backup=backup)


# ---------------------------------------------------------------- the check after opening
# Reading a big file takes seconds (a 185 MB workspace: 2-3 s), too long to keep a window from
# showing. A window may therefore open a workspace with the check still to run (`Workspace.open(
# defer_check=True)`), and run it on a connection of its own off the GUI thread; until it has
# passed nothing may write the file, so every write waits for its verdict (Workspace.write).
# Below this size the check costs tens of milliseconds and simply runs on open, as before.
DEFER_CHECK_MIN_BYTES = 4 * 2**20


def worth_deferring(path: Path) -> bool:
    """Whether the open-time check of the file at `path` is slow enough to run after opening."""
    size = 0
    for item in (Path(path), Path(f"{path}-wal")):  # the check reads the WAL too
        try:
            size += item.stat().st_size
        except OSError:
            continue
    return size >= DEFER_CHECK_MIN_BYTES


class OpenCheck:
    """The quick_check of a workspace opened with `defer_check`: run once, its verdict kept.

    `run()` does the check on a read-only connection of its own (any thread; the caller's own
    connection is never shared). `wait_until_passed()` is what writes call: it returns once the
    check passed, raises its error otherwise, and runs the check itself when nobody started it
    yet, so a write can never wait for a check that is not running. `cancel()` (the workspace is
    closing) stops a running check at its next step; writes are refused from then on.
    """

    def __init__(self, path: Path, key: WorkspaceKey | None = None, *, nobody_writes: bool = False):
        self.path = Path(path)
        self._key = key  # an encrypted workspace's key, for the check's own connection
        self._nobody_writes = nobody_writes  # read as immutable, like the workspace's own connection
        self._claim = threading.Lock()  # held by whoever runs the check
        self._done = threading.Event()
        self._cancelled = threading.Event()
        self.error: WorkspaceError | None = None  # set when it did not pass
        self._conn: sqlite3.Connection | None = None  # while the check runs

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    @property
    def passed(self) -> bool:
        return self._done.is_set() and self.error is None

    def cancel(self) -> None:
        self._cancelled.set()
        conn = self._conn
        if conn is not None:
            # sqlite3_interrupt may be called from any thread; the check stops within
            # milliseconds. (Not a Python progress handler: calling back into Python thousands
            # of times a second would take the GIL from the GUI thread as often.)
            with contextlib.suppress(sqlite3.Error):  # it may have just finished and closed
                conn.interrupt()

    def run(self) -> WorkspaceError | None:
        """Check the file (unless done already); None when it passed, else the error."""
        with self._claim:
            if not self._done.is_set():
                self.error = self._check()
                self._done.set()
        return self.error

    def wait_until_passed(self) -> None:
        if not self._done.is_set() and self._claim.acquire(blocking=False):
            self._claim.release()
            self.run()  # nobody is running it: do it here rather than wait for ever
        self._done.wait()
        if self.error is not None:
            raise self.error

    def _check(self) -> WorkspaceError | None:
        from tracker.store.connection import connect

        name = self.path.name
        try:
            conn = connect(self.path, readonly=True, key=self._key, nobody_writes=self._nobody_writes)
        except (sqlite3.Error, WorkspaceError) as e:
            return WorkspaceError(f"{name} could not be checked ({e}); it is not written to.")
        self._conn = conn
        try:
            if self._cancelled.is_set():
                return WorkspaceError(f"{name} is being closed; its check did not finish.")
            problem = quick_check(conn)
        except sqlite3.Error as e:  # interrupted, locked or unreadable: no verdict on the file
            if self._cancelled.is_set():
                return WorkspaceError(f"{name} is being closed; its check did not finish.")
            return WorkspaceError(f"{name} could not be checked ({e}); it is not written to.")
        finally:
            self._conn = None
            conn.close()
        return None if problem == "ok" else damaged(self.path, problem)


def check_workspace(path: Path, conn: sqlite3.Connection) -> None:
    """Raise DamagedWorkspaceError unless the open file passes quick_check."""
    problem = quick_check(conn)
    if problem != "ok":
        raise damaged(path, problem)


def restore_damaged(path: str | Path, backup: str | Path,
                    now: dt.datetime | None = None) -> Path:
    """Replace the damaged, closed workspace at `path` with `backup`; returns where the damaged
    file now is. Nothing is deleted: the damaged file and its -wal/-shm are renamed aside."""
    return replace_with_copy(backup, path, "damaged", "is damaged too ({}).", now)
