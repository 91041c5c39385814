"""How a file becomes an open Workspace: created in one step, locked, or read beside the
writer that holds the lock; checked (now, or off the GUI thread for a big file) and upgraded;
its key found when encrypted. `Workspace.open` and `Workspace.open_to_read` are these."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tracker.store import encryption
from tracker.store.connection import connect, one_line
from tracker.store.errors import (
    NeedsUpgradeError,
    NotAWorkspaceError,
    ReadOnlyFileError,
    WorkspaceError,
    WorkspaceLockedError,
)
from tracker.store.file_access import remove_new_workspace, unreadable_wal_error, unwritable_reason
from tracker.store.integrity import OpenCheck, damaged, latest_good_backup, worth_deferring
from tracker.store.lock import LockHolder, WorkspaceLock
from tracker.store.opening import check_and_migrate, check_existing, create_file
from tracker.store.workspace import Workspace


def open_workspace(path: str | Path, *, create: bool = True, readonly: bool = False,
                   readonly_if_locked: bool = False, encrypted: bool = False,
                   passphrase: str | None = None, defer_check: bool = False) -> Workspace:
    """Open (or create) a workspace.

    `defer_check` (the window): a big file that needs no upgrade opens without its
    quick_check; `pending_check` then holds the check for the caller to run off the GUI
    thread, and every write waits for its verdict (see integrity.OpenCheck).

    `encrypted` makes a workspace that is created now an encrypted one (the key goes to the
    keyring; EncryptionUnavailableError says why that is impossible here), or, with
    `passphrase`, one whose key is derived from it (tracker/store/passphrase.py). An existing
    file is opened as it is, encrypted or not: its key is found by the id in its header.

    A file that cannot be written (its permissions, a read-only folder) is refused before
    anything touches it (ReadOnlyFileError), unless `readonly_if_locked`, which then gives a
    read-only view as for a file someone else has open. A new workspace appears at `path`
    in one step, with every migration applied (see opening.create_file).

    Raises NotAWorkspaceError (EncryptedWorkspaceError when an encrypted file's key cannot
    be had), NewerWorkspaceError, UntrustedSchemaError, WorkspaceLockedError (unless
    `readonly_if_locked`, which gives a read-only view instead) or WorkspaceError.
    """
    path = Path(path).expanduser().absolute()
    exists = path.exists()
    key = None
    if exists:
        key = check_existing(path)
        if encrypted and key is None:
            raise WorkspaceError(f"{path.name} already exists and is not encrypted; "
                                 "only a new workspace can be created encrypted.")
        if readonly:
            return _open_reading(path, key, defer_check=defer_check, take_lock=False)
        reason = unwritable_reason(path)
        if reason is not None:
            if readonly_if_locked:
                return _open_reading(path, key, defer_check=defer_check)
            raise ReadOnlyFileError(reason)
    elif not create:
        raise WorkspaceError(f"There is no workspace at {path}.")
    elif readonly:
        raise WorkspaceError(f"There is no workspace at {path} to open read-only.")
    elif not path.parent.is_dir():
        raise WorkspaceError(f"The folder {path.parent} does not exist.")

    lock = WorkspaceLock(path)
    try:
        lock.acquire()
    except WorkspaceLockedError:
        if not readonly_if_locked or not exists:
            raise
        return _open_reading(path, key, defer_check=defer_check)
    except OSError as e:
        if readonly_if_locked and exists:  # a read-only folder: a read-only view
            return _open_reading(path, key, defer_check=defer_check)
        raise WorkspaceError(f"{path.parent} is not writable: {e.strerror or e}.") from e
    new_key = None
    created = False
    try:
        if not exists:
            if encrypted and passphrase is not None:  # a new file: encrypted from its first page
                from tracker.store import passphrase as passphrases

                key = new_key = passphrases.new_key(passphrase)
            elif encrypted:
                key = new_key = encryption.create_key()
            create_file(path, key)
            created = True
        return _open_locked(path, readonly=False, lock=lock, locked_by=None, key=key,
                            defer_check=defer_check)
    except BaseException:
        if new_key is not None:
            encryption.forget_key(new_key)
        if created:  # ours, empty (and unreadable without a key just forgotten)
            remove_new_workspace(path)
        lock.release()
        raise


def open_to_read(path: str | Path, *, upgrade: bool = False,
                 defer_check: bool = False) -> Workspace:
    """Open an existing workspace for a job that only reads it (a report, an export, a dry
    run): nothing is written to the file or beside it, and it works on a read-only file or
    in a read-only folder. `upgrade`: a file from an older version is first upgraded (with
    its copy, as any open for writing does) when it can be written; else it is refused."""
    path = Path(path).expanduser().absolute()
    if not path.exists():
        raise WorkspaceError(f"There is no workspace at {path}.")
    key = check_existing(path)
    try:
        return _open_reading(path, key, defer_check=defer_check)
    except NeedsUpgradeError:
        if not upgrade or unwritable_reason(path) is not None:
            raise
    open_workspace(path, create=False).close()  # the upgrade; a lock held elsewhere says who
    return _open_reading(path, key, defer_check=defer_check)


def _open_reading(path: Path, key: encryption.WorkspaceKey | None, *,
                  defer_check: bool = False, take_lock: bool = True) -> Workspace:
    """A read-only view that holds the write lock when it can, so nobody writes while it
    reads and a file without a -wal is read as immutable, writing nothing beside it."""
    lock: WorkspaceLock | None = WorkspaceLock(path) if take_lock else None
    locked_by = None
    nobody_writes = False
    if lock is not None:
        try:
            lock.acquire()
            nobody_writes = True
        except WorkspaceLockedError as e:  # someone writes it: read beside them
            lock, locked_by = None, e.holder
        except OSError:  # a folder nobody can write: nor can anyone make a -wal in it
            lock, nobody_writes = None, True
    try:
        return _open_locked(path, readonly=True, lock=lock, locked_by=locked_by, key=key,
                            defer_check=defer_check, nobody_writes=nobody_writes)
    except BaseException:
        if lock:
            lock.release()
        raise


def _open_locked(path: Path, *, readonly: bool, lock: WorkspaceLock | None,
                 locked_by: LockHolder | None, key: encryption.WorkspaceKey | None = None,
                 defer_check: bool = False, nobody_writes: bool = False) -> Workspace:
    try:
        conn = connect(path, readonly=readonly, key=key, nobody_writes=nobody_writes)
    except encryption.EncryptedWorkspaceError as e:
        # The keyring's key still opens a copy of this file, so the key is right and the
        # file's first page is damaged: offer that copy, as for any damaged workspace.
        if not isinstance(e, encryption.WrongPassphraseError) and latest_good_backup(path) is not None:
            raise damaged(path, "its first page cannot be decrypted") from e
        raise
    except sqlite3.DatabaseError as e:
        raise NotAWorkspaceError(f"{path.name} cannot be opened as a workspace ({one_line(str(e))}).") from e
    deferred = defer_check and worth_deferring(path)
    try:
        backup = check_and_migrate(path, conn, readonly=readonly, check=not deferred)
    except sqlite3.OperationalError as e:  # locked, busy, I/O: not proof of damage
        conn.close()
        raise unreadable_wal_error(path) or NotAWorkspaceError(
            f"{path.name} cannot be opened as a workspace ({one_line(str(e))}).") from e
    except sqlite3.DatabaseError as e:  # corrupt, or not a database behind a SQLite header
        conn.close()
        raise damaged(path, one_line(str(e))) from e  # a DamagedWorkspaceError (a NotAWorkspaceError)
    except BaseException:
        conn.close()
        raise
    ws = Workspace(path, conn, readonly=readonly, lock=lock, locked_by=locked_by, backup_path=backup)
    ws.nobody_writes = nobody_writes
    if deferred and backup is None:  # an upgrade (which keeps a copy) was checked first
        ws.pending_check = OpenCheck(path, key, nobody_writes=readonly and nobody_writes)
    return ws
