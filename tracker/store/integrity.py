"""A damaged workspace is refused on open, and put right from its newest good copy.

`PRAGMA quick_check` on every open costs one read of the file (tens of milliseconds for a
typical workspace) and catches what a network drive, a sync client or a failing disk did to
it before anything is written on top. A damaged file is never changed or deleted: restoring
renames it (with its -wal and -shm files, which belong to it and must not be replayed onto the
copy) to a ".damaged-STAMP" name beside it, then copies the backup in with SQLite's backup API.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tracker.store.backup import copy_database, list_backups
from tracker.store.errors import DamagedWorkspaceError, WorkspaceError

_UPGRADE_STAMP = "%Y%m%d-%H%M%S"  # as backup.pre_migration_backup_path writes it
_COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Candidate:
    path: Path
    made: dt.datetime


def quick_check(conn: sqlite3.Connection) -> str:
    """'ok', or SQLite's first complaint about the file."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError:
        raise  # locked or unreadable just now: says nothing about the file's state
    except sqlite3.DatabaseError as e:  # too damaged to even run the check
        return str(e)
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:3])


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
            conn = sqlite3.connect(f"file:{candidate.path}?mode=ro", uri=True)
        except sqlite3.Error:
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


def check_workspace(path: Path, conn: sqlite3.Connection) -> None:
    """Raise DamagedWorkspaceError unless the open file passes quick_check."""
    problem = quick_check(conn)
    if problem != "ok":
        raise damaged(path, problem)


def restore_damaged(path: str | Path, backup: str | Path,
                    now: dt.datetime | None = None) -> Path:
    """Replace the damaged, closed workspace at `path` with `backup`; returns where the damaged
    file now is. Nothing is deleted: the damaged file and its -wal/-shm are renamed aside."""
    from tracker.store.lock import WorkspaceLock

    path, backup = Path(path), Path(backup)
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        problem = quick_check(source)
        if problem != "ok":
            raise WorkspaceError(f"The backup {backup.name} is damaged too ({problem}).")
        lock = WorkspaceLock(path)
        lock.acquire()  # WorkspaceLockedError while the file is open anywhere
        try:
            stamp = (now or dt.datetime.now()).strftime(_UPGRADE_STAMP)
            aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
            moved = []
            for suffix in ("", *_COMPANIONS):
                item = Path(f"{path}{suffix}")
                if item.exists():
                    target = Path(f"{aside}{suffix}")
                    item.replace(target)
                    moved.append((target, item))
            try:
                copy_database(source, path)
            except BaseException:
                for target, item in moved:
                    target.replace(item)
                raise
        finally:
            lock.release()
    except sqlite3.Error as e:
        raise WorkspaceError(f"The backup {backup.name} cannot be read ({e}).") from e
    finally:
        source.close()
    return aside
