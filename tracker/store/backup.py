"""Consistent copies of a workspace.

Copying the .tracker file alone loses whatever still sits in the WAL, so copies are made with
SQLite's online backup API and then checked with `PRAGMA quick_check`. A copy of an encrypted
workspace is encrypted with the same key and salt (tracker/store/encryption.py), so it is never
plaintext and opens with the same keyring entry as the original.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from tracker.store.connection import connect_copy, distrust_schema, quick_check
from tracker.store.errors import WorkspaceError

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace


def _open_target(conn: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """A connection for a new copy: keyed like `conn` when that one is encrypted."""
    key = getattr(conn, "workspace_key", None)
    if key is None:
        return distrust_schema(sqlite3.connect(str(path)))
    from tracker.store.encryption import connect_encrypted

    # CipherConnection is sqlite3.Connection's API around a sqlcipher3 connection (duck-typed).
    return distrust_schema(cast(sqlite3.Connection, connect_encrypted(path, key)))


def copy_database(conn: sqlite3.Connection, destination: Path) -> Path:
    """Write a consistent copy of the open database to `destination` and verify it."""
    destination = Path(destination)
    tmp = destination.with_name(destination.name + ".partial")
    tmp.unlink(missing_ok=True)
    target = _open_target(conn, tmp)
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # a copy is one self-contained file
        result = target.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        target.close()
    if result != "ok":
        tmp.unlink(missing_ok=True)
        raise WorkspaceError(f"The copy failed its integrity check ({result}).")
    tmp.replace(destination)  # atomic: a crash never leaves a half-written copy at the name
    return destination


def pre_migration_backup_path(workspace: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return workspace.with_name(f"{workspace.stem}.before-upgrade-{stamp}{workspace.suffix}")


# ---------------------------------------------------------------- automatic daily backups
# Years of rollout history live in one file, so the window keeps dated copies of it: at most one
# a day, only when something changed since the newest copy, the last BACKUPS_KEPT of them, in
# "NAME backups/" beside the workspace (or the user's data folder when that one is not writable).

BACKUPS_KEPT = 10
_STAMP = "%Y-%m-%d %H%M%S"


@dataclass(frozen=True)
class Backup:
    path: Path
    made: dt.datetime  # from the file name: when the copy was taken
    size: int  # bytes


def backup_folders(workspace: Path) -> list[Path]:
    """Where a workspace's backups go: beside it first, the user's data folder as fallback."""
    import hashlib

    import platformdirs

    workspace = Path(workspace).absolute()
    digest = hashlib.sha1(str(workspace).encode("utf-8")).hexdigest()[:8]
    fallback = Path(platformdirs.user_data_dir("RolloutTracker")) / "backups" / f"{workspace.stem} {digest}"
    return [workspace.with_name(f"{workspace.stem} backups"), fallback]


def _writable_folder(workspace: Path) -> Path:
    for folder in backup_folders(workspace):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / ".write-test"
            probe.write_bytes(b"")
            probe.unlink()
            return folder
        except OSError:
            continue
    raise WorkspaceError(f"No folder is writable for the backups of {Path(workspace).name}.")


def list_backups(path: str | Path) -> list[Backup]:
    """The automatic backups of the workspace at `path`, newest first (both folders)."""
    path = Path(path)
    prefix = f"{path.stem} "
    found = []
    for folder in backup_folders(path):
        if not folder.is_dir():
            continue
        for candidate in folder.glob(f"*{path.suffix}"):
            try:
                made = dt.datetime.strptime(candidate.stem[len(prefix):], _STAMP)
                size = candidate.stat().st_size
            except (ValueError, OSError):
                continue  # not one of ours (or vanished meanwhile)
            if candidate.stem.startswith(prefix):
                found.append(Backup(candidate, made, size))
    return sorted(found, key=lambda b: b.made, reverse=True)


def _last_change_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0])


def _backup_last_change_id(backup: Path) -> int | None:
    try:
        conn = connect_copy(backup)
        try:
            return _last_change_id(conn)
        finally:
            conn.close()
    except (sqlite3.Error, WorkspaceError):
        return None  # unreadable (or its key is gone): not a copy of the current state


def make_daily_backup(ws: Workspace, now: dt.datetime | None = None, *, keep: int = BACKUPS_KEPT) -> Path | None:
    """Copy the open workspace when no copy was made today and it changed since the newest one.

    Returns the new copy's path, or None when none was needed (read-only view, nothing recorded
    yet, already copied today, or unchanged). Older copies beyond `keep` are deleted.
    """
    now = now or dt.datetime.now()
    if ws.readonly:
        return None  # whoever has it open for writing makes the copies
    current = _last_change_id(ws.conn)
    if current == 0:
        return None  # an empty new workspace holds nothing to lose
    existing = list_backups(ws.path)
    if existing:
        newest = existing[0]
        if newest.made.date() >= now.date() or _backup_last_change_id(newest.path) == current:
            return None
    folder = _writable_folder(ws.path)
    target = folder / f"{ws.path.stem} {now.strftime(_STAMP)}{ws.path.suffix}"
    copy_database(ws.conn, target)
    for old in list_backups(ws.path)[keep:]:
        old.path.unlink(missing_ok=True)
    return target


def restore_backup(backup: str | Path, target: str | Path, now: dt.datetime | None = None) -> Path:
    """Put the copy `backup` back at `target` (which must be closed); returns where the file
    that was there is kept. The current file is renamed aside, never deleted, and put back if
    the restore fails."""
    return replace_with_copy(backup, target, "before-restore", "is damaged ({}); choose another one.", now)


_COMPANIONS = ("-wal", "-shm", "-journal")  # belong to the file they sit beside, so they move with it


def replace_with_copy(backup: str | Path, target: str | Path, aside_label: str, damaged: str,
                      now: dt.datetime | None = None) -> Path:
    """Replace the closed workspace `target` with the copy `backup` once that passes quick_check
    (else WorkspaceError "The backup NAME " + `damaged`, formatted with the problem). The file
    at `target` and its -wal/-shm/-journal are renamed to NAME.`aside_label`-STAMP, never
    deleted, and moved back if the copy fails; returns that name. An encrypted copy is
    restored encrypted, with the same key."""
    from tracker.store.lock import WorkspaceLock

    backup, target = Path(backup), Path(target)
    source = connect_copy(backup)  # EncryptedWorkspaceError when its key is not in the keyring
    try:
        problem = quick_check(source)
        if problem != "ok":
            raise WorkspaceError(f"The backup {backup.name} " + damaged.format(problem))
        lock = WorkspaceLock(target)
        lock.acquire()  # raises WorkspaceLockedError while someone has the workspace open
        try:
            stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
            aside = target.with_name(f"{target.stem}.{aside_label}-{stamp}{target.suffix}")
            moved = []
            for suffix in ("", *_COMPANIONS):
                current = Path(f"{target}{suffix}")
                if current.exists():
                    kept = Path(f"{aside}{suffix}")
                    current.replace(kept)
                    moved.append((kept, current))
            try:
                copy_database(source, target)
            except BaseException:
                for kept, current in moved:
                    kept.replace(current)
                raise
        finally:
            lock.release()
    except sqlite3.Error as e:
        raise WorkspaceError(f"The backup {backup.name} cannot be read ({e}).") from e
    finally:
        source.close()
    return aside
