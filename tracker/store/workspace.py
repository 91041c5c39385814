"""Opening a workspace file, and the single door every write goes through."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from tracker.store import encryption
from tracker.store.audit import AuditedWriter, AuditLog
from tracker.store.backup import copy_database
from tracker.store.connection import connect, one_line, prepare_for_writing
from tracker.store.errors import (
    NeedsUpgradeError,
    NotAWorkspaceError,
    ReadOnlyFileError,
    ReadOnlyWorkspaceError,
    WorkspaceError,
    WorkspaceLockedError,
)
from tracker.store.events import ChangeEvent
from tracker.store.file_access import remove_new_workspace, unreadable_wal_error, unwritable_reason
from tracker.store.integrity import OpenCheck, damaged, latest_good_backup, worth_deferring
from tracker.store.lock import WorkspaceLock, current_user, describe_holder
from tracker.store.opening import check_and_migrate, check_existing, create_file

if TYPE_CHECKING:  # the areas' modules import this one; each is imported when first used
    from tracker.store.accounts import Accounts
    from tracker.store.adoption import Adoption
    from tracker.store.delivery import Delivery
    from tracker.store.import_mappings import ImportMappings
    from tracker.store.people import People
    from tracker.store.readiness import Readiness
    from tracker.store.roles import Roles
    from tracker.store.rollouts import Rollouts
    from tracker.store.seats import Seats
    from tracker.store.settings import Settings
    from tracker.store.teams import Teams
    from tracker.store.training import Training

WORKSPACE_SUFFIX = ".tracker"

ChangeListener = Callable[[ChangeEvent], None]


class Workspace:
    """One organisation's workspace file, open for writing or read-only.

    Use `Workspace.open(path)`; close it with `close()` or a `with` block.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool,
                 lock: WorkspaceLock | None, locked_by: dict | None = None,
                 backup_path: Path | None = None):
        self.path = path
        self.conn = conn
        self.db = Database(conn, execute_plugins=False)
        self.readonly = readonly
        self.locked_by = locked_by  # who holds the write lock, when we fell back to read-only
        self.backup_path = backup_path  # the copy made before this open's migration, if any
        self.user = current_user()
        self._lock = lock
        self._listeners: list[ChangeListener] = []
        self.audit = AuditLog(self)
        self.pending_check: OpenCheck | None = None  # set by open(defer_check=True)
        self.nobody_writes = False  # read-only, and no one can write it meanwhile (see connect)

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, readonly: bool = False,
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
                return cls._open_reading(path, key, defer_check=defer_check, take_lock=False)
            reason = unwritable_reason(path)
            if reason is not None:
                if readonly_if_locked:
                    return cls._open_reading(path, key, defer_check=defer_check)
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
            return cls._open_reading(path, key, defer_check=defer_check)
        except OSError as e:
            if readonly_if_locked and exists:  # a read-only folder: a read-only view
                return cls._open_reading(path, key, defer_check=defer_check)
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
            return cls._open_locked(path, readonly=False, lock=lock, locked_by=None, key=key,
                                    defer_check=defer_check)
        except BaseException:
            if new_key is not None:
                encryption.forget_key(new_key)
            if created:  # ours, empty (and unreadable without a key just forgotten)
                remove_new_workspace(path)
            lock.release()
            raise

    @classmethod
    def open_to_read(cls, path: str | Path, *, upgrade: bool = False,
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
            return cls._open_reading(path, key, defer_check=defer_check)
        except NeedsUpgradeError:
            if not upgrade or unwritable_reason(path) is not None:
                raise
        cls.open(path, create=False).close()  # the upgrade; a lock held elsewhere says who
        return cls._open_reading(path, key, defer_check=defer_check)

    @classmethod
    def _open_reading(cls, path: Path, key: encryption.WorkspaceKey | None, *,
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
            return cls._open_locked(path, readonly=True, lock=lock, locked_by=locked_by, key=key,
                                    defer_check=defer_check, nobody_writes=nobody_writes)
        except BaseException:
            if lock:
                lock.release()
            raise

    @classmethod
    def _open_locked(cls, path: Path, *, readonly: bool, lock: WorkspaceLock | None,
                     locked_by: dict | None, key: encryption.WorkspaceKey | None = None,
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
        ws = cls(path, conn, readonly=readonly, lock=lock, locked_by=locked_by, backup_path=backup)
        ws.nobody_writes = nobody_writes
        if deferred and backup is None:  # an upgrade (which keeps a copy) was checked first
            ws.pending_check = OpenCheck(path, key, nobody_writes=readonly and nobody_writes)
        return ws

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            # Not before the deferred check passed: a file not known to be sound gets no write.
            if not self.readonly and (self.pending_check is None or self.pending_check.passed):
                # Fold the WAL back so the .tracker file alone is complete when copied.
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def close_keeping_lock(self) -> WorkspaceLock:
        """Close the file but keep its write lock, returned for the caller to release: for a
        job that replaces the closed file while nobody may open it (rekeying.change_key)."""
        lock, self._lock = self._lock, None
        self.close()
        if lock is None:
            raise WorkspaceError(f"{self.path.name} was not open for writing.")
        return lock

    def release_lock(self) -> None:
        """Let go of the write lock a read-only view took (see `_open_reading`), so that this
        process can open the same file for writing and replace the view with it. Meant for
        just that moment: a view left open without the lock may meet a writer."""
        if self.readonly and self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def key(self) -> encryption.WorkspaceKey | None:
        """The key of an encrypted workspace (None for a plain one)."""
        return getattr(self.conn, "workspace_key", None)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def describe_lock_holder(self) -> str:
        return describe_holder(self.locked_by or {})

    # ------------------------------------------------------------------ writing
    def add_listener(self, listener: ChangeListener) -> None:
        """Call `listener(event)` after each committed change (see ChangeEvent)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: ChangeListener) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    def notify(self, event: ChangeEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    @contextlib.contextmanager
    def write(self, label: str, *, reverts_id: int | None = None) -> Iterator[AuditedWriter]:
        """One transaction that also records who changed what; all of it or none of it."""
        if self.readonly:
            who = f" It is open for writing by {self.describe_lock_holder()}." if self.locked_by else ""
            raise ReadOnlyWorkspaceError(f"This workspace is open read-only.{who}")
        if self.pending_check is not None:
            self.pending_check.wait_until_passed()  # raises when the deferred check failed
        writer = AuditedWriter(self, label, reverts_id=reverts_id)
        # IMMEDIATE takes the write lock now, so a worker thread's connection waits its turn
        # (busy_timeout) instead of failing half-way through.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield writer
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if writer.tables:
            self.notify(ChangeEvent(frozenset(writer.tables), writer.change_id, label, reverts_id))

    def for_thread(self) -> Workspace:
        """A second connection to this workspace for a worker thread.

        SQLite connections belong to the thread that made them. The copy shares this process's
        lock (it owns none) and has no listeners: the worker returns its ChangeEvents and the
        GUI thread passes them to `notify()` so views and undo hear about them.
        """
        conn = connect(self.path, readonly=self.readonly, key=self.key,
                       nobody_writes=self.readonly and self.nobody_writes)
        if not self.readonly:
            prepare_for_writing(conn)
        clone = Workspace(self.path, conn, readonly=self.readonly, lock=None, locked_by=self.locked_by)
        clone.nobody_writes = self.nobody_writes
        clone.pending_check = self.pending_check  # its writes wait for the same verdict
        clone.last_events = []
        clone.add_listener(clone.last_events.append)
        return clone

    def save_copy(self, destination: str | Path) -> Path:
        return copy_database(self.conn, Path(destination))

    # ------------------------------------------------------------------ areas
    @cached_property
    def teams(self) -> Teams:
        from tracker.store.teams import Teams

        return Teams(self)

    @cached_property
    def people(self) -> People:
        from tracker.store.people import People

        return People(self)

    @cached_property
    def rollouts(self) -> Rollouts:
        from tracker.store.rollouts import Rollouts

        return Rollouts(self)

    @cached_property
    def roles(self) -> Roles:
        from tracker.store.roles import Roles

        return Roles(self)

    # -- further areas: one cached_property each, importing its module lazily --

    @cached_property
    def adoption(self) -> Adoption:
        from tracker.store.adoption import Adoption

        return Adoption(self)

    @cached_property
    def readiness(self) -> Readiness:
        from tracker.store.readiness import Readiness

        return Readiness(self)

    @cached_property
    def training(self) -> Training:
        from tracker.store.training import Training

        return Training(self)

    @cached_property
    def delivery(self) -> Delivery:
        from tracker.store.delivery import Delivery

        return Delivery(self)

    @cached_property
    def accounts(self) -> Accounts:
        from tracker.store.accounts import Accounts

        return Accounts(self)

    @cached_property
    def import_mappings(self) -> ImportMappings:
        from tracker.store.import_mappings import ImportMappings

        return ImportMappings(self)

    @cached_property
    def seats(self) -> Seats:
        from tracker.store.seats import Seats

        return Seats(self)

    @cached_property
    def settings(self) -> Settings:
        from tracker.store.settings import Settings

        return Settings(self)

    # ------------------------------------------------------------------ reading helpers
    def query(self, sql: str, params: tuple | list | dict = ()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: tuple | list | dict = ()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None
