"""Opening a workspace file, and the single door every write goes through."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path

from sqlite_utils import Database

from tracker.store import encryption, schema
from tracker.store.audit import AuditedWriter, AuditLog
from tracker.store.backup import copy_database, pre_migration_backup_path
from tracker.store.connection import connect, prepare_for_writing
from tracker.store.events import ChangeEvent
from tracker.store.errors import (
    NewerWorkspaceError,
    NotAWorkspaceError,
    ReadOnlyWorkspaceError,
    WorkspaceError,
    WorkspaceLockedError,
)
from tracker.store.integrity import OpenCheck, check_workspace, damaged, latest_good_backup, worth_deferring
from tracker.store.lock import WorkspaceLock, current_user, describe_holder

WORKSPACE_SUFFIX = ".tracker"
_SQLITE_MAGIC = b"SQLite format 3\x00"

ChangeListener = Callable[[ChangeEvent], None]


def _check_is_sqlite(path: Path) -> "encryption.WorkspaceKey | None":
    """Refuse what is not a workspace; the key (from the keyring) when the file is encrypted."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except OSError as e:
        raise WorkspaceError(f"{path.name} cannot be read: {e.strerror or e}.") from e
    if not head or head == _SQLITE_MAGIC:
        return None
    if encryption.looks_encrypted(path, head):
        return encryption.load_key(path)  # EncryptedWorkspaceError: no sqlcipher3, no key
    raise NotAWorkspaceError(f"{path.name} is not a Rollout Tracker workspace.")


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

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, readonly: bool = False,
             readonly_if_locked: bool = False, encrypted: bool = False,
             defer_check: bool = False) -> "Workspace":
        """Open (or create) a workspace.

        `defer_check` (the window): a big file that needs no upgrade opens without its
        quick_check; `pending_check` then holds the check for the caller to run off the GUI
        thread, and every write waits for its verdict (see integrity.OpenCheck).

        `encrypted` makes a workspace that is created now an encrypted one (the key goes to the
        keyring; EncryptionUnavailableError says why that is impossible here). An existing file
        is opened as it is, encrypted or not: its key is found by the id in its header.

        Raises NotAWorkspaceError (EncryptedWorkspaceError when an encrypted file's key cannot
        be had), NewerWorkspaceError, WorkspaceLockedError (unless `readonly_if_locked`, which
        gives a read-only view instead) or WorkspaceError.
        """
        path = Path(path).expanduser().absolute()
        exists = path.exists()
        key = None
        if exists:
            if path.is_dir():
                raise WorkspaceError(f"{path} is a folder, not a workspace file.")
            key = _check_is_sqlite(path)
            if encrypted and key is None and path.stat().st_size > 0:
                raise WorkspaceError(f"{path.name} already exists and is not encrypted; "
                                     "only a new workspace can be created encrypted.")
        elif not create:
            raise WorkspaceError(f"There is no workspace at {path}.")
        elif readonly:
            raise WorkspaceError(f"There is no workspace at {path} to open read-only.")
        elif not path.parent.is_dir():
            raise WorkspaceError(f"The folder {path.parent} does not exist.")

        lock: WorkspaceLock | None = None
        locked_by: dict | None = None
        if not readonly:
            lock = WorkspaceLock(path)
            try:
                lock.acquire()
            except WorkspaceLockedError as e:
                if not readonly_if_locked or not exists:
                    raise
                lock, readonly, locked_by = None, True, e.holder
            except OSError as e:
                raise WorkspaceError(f"{path.parent} is not writable: {e.strerror or e}.") from e
        new_key = None
        try:
            if encrypted and key is None:  # a new (or empty) file: encrypted from its first page
                key = new_key = encryption.create_key()
            return cls._open_locked(path, readonly=readonly, lock=lock, locked_by=locked_by, key=key,
                                    defer_check=defer_check)
        except BaseException:
            if new_key is not None:
                encryption.forget_key(new_key)
                if not exists:  # ours, and unreadable without the key just forgotten
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{path}{suffix}").unlink(missing_ok=True)
            if lock:
                lock.release()
            raise

    @classmethod
    def _open_locked(cls, path: Path, *, readonly: bool, lock: WorkspaceLock | None,
                     locked_by: dict | None, key: "encryption.WorkspaceKey | None" = None,
                     defer_check: bool = False) -> "Workspace":
        try:
            conn = connect(path, readonly=readonly, key=key)
        except encryption.EncryptedWorkspaceError as e:
            # The keyring's key still opens a copy of this file, so the key is right and the
            # file's first page is damaged: offer that copy, as for any damaged workspace.
            if latest_good_backup(path) is not None:
                raise damaged(path, "its first page cannot be decrypted") from e
            raise
        except sqlite3.DatabaseError as e:
            raise NotAWorkspaceError(f"{path.name} cannot be opened as a workspace ({e}).") from e
        deferred = defer_check and worth_deferring(path)
        try:
            backup = cls._check_and_migrate(path, conn, readonly=readonly, check=not deferred)
        except sqlite3.OperationalError as e:  # locked, busy, I/O: not proof of damage
            conn.close()
            raise NotAWorkspaceError(f"{path.name} cannot be opened as a workspace ({e}).") from e
        except sqlite3.DatabaseError as e:  # corrupt, or not a database behind a SQLite header
            conn.close()
            raise damaged(path, str(e)) from e  # a DamagedWorkspaceError (a NotAWorkspaceError)
        except BaseException:
            conn.close()
            raise
        ws = cls(path, conn, readonly=readonly, lock=lock, locked_by=locked_by, backup_path=backup)
        if deferred and backup is None:  # an upgrade (which keeps a copy) was checked first
            ws.pending_check = OpenCheck(path, key)
        return ws

    @staticmethod
    def _check_and_migrate(path: Path, conn: sqlite3.Connection, *, readonly: bool,
                           check: bool = True) -> Path | None:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app_id != schema.APPLICATION_ID and (app_id != 0 or tables):
            raise NotAWorkspaceError(f"{path.name} is a database, but not a Rollout Tracker workspace.")
        db = Database(conn, execute_plugins=False)
        if tables and (check or schema.migrations.pending(db)):
            check_workspace(path, conn)  # refuse a damaged file before anything writes to it
        applied = {m.name for m in schema.migrations.applied(db)}
        unknown = applied - schema.known_migration_names()
        if unknown:
            raise NewerWorkspaceError(
                f"{path.name} was written by a newer version of Rollout Tracker. "
                "Install the newer version to open it; this version will not change it."
            )
        if not readonly:
            prepare_for_writing(conn)
        pending = schema.migrations.pending(db)
        if not pending:
            return None
        if readonly:
            raise WorkspaceError(
                f"{path.name} needs upgrading to this version, which cannot be done read-only."
            )
        backup = None
        if tables:  # an existing workspace: keep a copy from before the upgrade
            backup = copy_database(conn, pre_migration_backup_path(path))
        schema.migrations.apply(db)
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise WorkspaceError(
                f"Upgrading {path.name} left {len(problems)} broken references; "
                f"the copy from before the upgrade is {backup}."
            )
        return backup

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

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def key(self) -> "encryption.WorkspaceKey | None":
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

    def for_thread(self) -> "Workspace":
        """A second connection to this workspace for a worker thread.

        SQLite connections belong to the thread that made them. The copy shares this process's
        lock (it owns none) and has no listeners: the worker returns its ChangeEvents and the
        GUI thread passes them to `notify()` so views and undo hear about them.
        """
        conn = connect(self.path, readonly=self.readonly, key=self.key)
        if not self.readonly:
            prepare_for_writing(conn)
        clone = Workspace(self.path, conn, readonly=self.readonly, lock=None, locked_by=self.locked_by)
        clone.pending_check = self.pending_check  # its writes wait for the same verdict
        clone.last_events = []
        clone.add_listener(clone.last_events.append)
        return clone

    def save_copy(self, destination: str | Path) -> Path:
        return copy_database(self.conn, Path(destination))

    # ------------------------------------------------------------------ areas
    @cached_property
    def teams(self):
        from tracker.store.teams import Teams

        return Teams(self)

    @cached_property
    def people(self):
        from tracker.store.people import People

        return People(self)

    @cached_property
    def rollouts(self):
        from tracker.store.rollouts import Rollouts

        return Rollouts(self)

    @cached_property
    def roles(self):
        from tracker.store.roles import Roles

        return Roles(self)

    # -- further areas: one cached_property each, importing its module lazily --

    @cached_property
    def adoption(self):
        from tracker.store.adoption import Adoption

        return Adoption(self)

    @cached_property
    def readiness(self):
        from tracker.store.readiness import Readiness

        return Readiness(self)

    @cached_property
    def training(self):
        from tracker.store.training import Training

        return Training(self)

    @cached_property
    def delivery(self):
        from tracker.store.delivery import Delivery

        return Delivery(self)

    @cached_property
    def accounts(self):
        from tracker.store.accounts import Accounts

        return Accounts(self)

    @cached_property
    def import_mappings(self):
        from tracker.store.import_mappings import ImportMappings

        return ImportMappings(self)

    @cached_property
    def settings(self):
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
