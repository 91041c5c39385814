"""Opening a workspace file, and the single door every write goes through."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlite_utils import Database

from tracker.store import encryption
from tracker.store.audit import AuditedWriter
from tracker.store.audit_log import AuditLog
from tracker.store.backup import copy_database
from tracker.store.connection import connect, prepare_for_writing
from tracker.store.errors import (
    ReadOnlyWorkspaceError,
    WorkspaceError,
)
from tracker.store.events import ChangeEvent
from tracker.store.integrity import OpenCheck
from tracker.store.lock import LockHolder, WorkspaceLock, current_user, describe_holder

if TYPE_CHECKING:  # the areas' modules import this one; each is imported when first used
    from tracker.store.accounts import Accounts
    from tracker.store.adoption import Adoption
    from tracker.store.delivery import Delivery
    from tracker.store.engine.server_roles import ServerSession
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
SqlParams = tuple[Any, ...] | list[Any] | dict[str, Any]  # what sqlite3 binds to `?` or `:name`


Engine = Literal["sqlite", "postgresql"]
SHARED_PREFIXES = ("postgresql://", "postgres://")


class Workspace:
    """One organisation's workspace, open for writing or read-only: a file (SQLite, `engine`
    "sqlite") or a database on a server shared by a team (`engine` "postgresql", see
    workspace_shared.py; `conn` is then a PgConnection, the same API).

    Use `Workspace.open(path or address)`; close it with `close()` or a `with` block.
    """

    def __init__(self, path: Path | None, conn: sqlite3.Connection, *, readonly: bool,
                 lock: WorkspaceLock | None, locked_by: LockHolder | None = None,
                 backup_path: Path | None = None, engine: Engine = "sqlite", address: str | None = None):
        self._path = path
        self.conn = conn
        self.engine: Engine = engine
        self.address = address  # a shared workspace's address (with no password in it)
        self.readonly = readonly
        self.locked_by = locked_by  # who holds the write lock, when we fell back to read-only
        self.backup_path = backup_path  # the copy made before this open's migration, if any
        self.user = current_user()
        self._lock = lock
        self._listeners: list[ChangeListener] = []
        self.audit = AuditLog(self)
        self.pending_check: OpenCheck | None = None  # set by open(defer_check=True)
        self.nobody_writes = False  # read-only, and no one can write it meanwhile (see connect)
        self.server: ServerSession | None = None  # a shared workspace's role and sessions (workspace_shared)
        # A clone for a worker thread (for_thread) collects its change events here for the GUI
        # thread to announce; a workspace's own are announced to its listeners.
        self.last_events: list[ChangeEvent] = []

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, readonly: bool = False,
             readonly_if_locked: bool = False, encrypted: bool = False,
             passphrase: str | None = None, defer_check: bool = False) -> Workspace:
        """Open (or create) a workspace: see tracker.store.workspace_open.open_workspace, and
        tracker.store.workspace_shared.open_shared for a server's address."""
        if cls.is_shared_address(path):
            from tracker.store.workspace_shared import open_shared

            return open_shared(str(path), create=create, readonly=readonly)
        from tracker.store.workspace_open import open_workspace

        return open_workspace(path, create=create, readonly=readonly, readonly_if_locked=readonly_if_locked,
                              encrypted=encrypted, passphrase=passphrase, defer_check=defer_check)

    @classmethod
    def open_to_read(cls, path: str | Path, *, upgrade: bool = False,
                     defer_check: bool = False) -> Workspace:
        """Open an existing workspace for a job that only reads it: see
        tracker.store.workspace_open.open_to_read."""
        if cls.is_shared_address(path):
            from tracker.store.workspace_shared import open_shared

            return open_shared(str(path), create=False, readonly=not upgrade)
        from tracker.store.workspace_open import open_to_read

        return open_to_read(path, upgrade=upgrade, defer_check=defer_check)

    @classmethod
    def is_shared_address(cls, path: str | Path) -> bool:
        """Whether `path` names a shared workspace on a server rather than a file."""
        return isinstance(path, str) and path.startswith(SHARED_PREFIXES)

    # ------------------------------------------------------------------ the file
    @property
    def path(self) -> Path:
        """The workspace file. A shared workspace has none: asking is a mistake of the caller
        (file-only work checks `engine` first), refused with a sentence."""
        if self._path is None:
            raise WorkspaceError(f"The shared workspace {self.name} is a database on a server, not a file.")
        return self._path

    @cached_property
    def db(self) -> Database:
        """sqlite-utils over the file's connection (SQLite only: migrations' bookkeeping)."""
        if self.engine != "sqlite":
            raise WorkspaceError("A shared workspace has no SQLite database.")
        return Database(self.conn, execute_plugins=False)

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            # Not before the deferred check passed: a file not known to be sound gets no write.
            if self.engine == "sqlite" and not self.readonly \
                    and (self.pending_check is None or self.pending_check.passed):
                # Fold the WAL back so the .tracker file alone is complete when copied.
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if self.server is not None:
            self.server.forget(self.conn)
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

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def title(self) -> str:
        """What reports and messages call the workspace: the file's name ("claims.tracker"), or
        the shared workspace's database and server ("rollouts on db.example.com")."""
        if self._path is None:
            from tracker.store.engine.address import parse_address

            return parse_address(self.address or "").title()
        return self._path.name

    @property
    def location(self) -> Path | str:
        """What `Workspace.open` takes to open this workspace again: its file or its address."""
        return self._path if self._path is not None else self.address or ""

    @property
    def name(self) -> str:
        if self._path is None:
            from tracker.store.workspace_shared import database_name

            return database_name(self.address or "")
        return self._path.stem

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
    def add_listener(self, listener: ChangeListener, *, first: bool = False) -> None:
        """Call `listener(event)` after each committed change (see ChangeEvent). `first`: before
        the listeners added so far, for a cache that must drop what a change made stale before
        the views that read it reload."""
        if first:
            self._listeners.insert(0, listener)
        else:
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
            if self.engine == "postgresql" and writer.change_id is not None:  # others hear it on commit
                self.conn.execute("SELECT pg_notify('tracker_changes', ?)", (str(writer.change_id),))
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
        if self.engine == "postgresql":
            from tracker.store.workspace_shared import second_connection

            clone = second_connection(self)
            clone.add_listener(clone.last_events.append)
            return clone
        conn = connect(self.path, readonly=self.readonly, key=self.key,
                       nobody_writes=self.readonly and self.nobody_writes)
        if not self.readonly:
            prepare_for_writing(conn)
        clone = Workspace(self.path, conn, readonly=self.readonly, lock=None, locked_by=self.locked_by)
        clone.nobody_writes = self.nobody_writes
        clone.pending_check = self.pending_check  # its writes wait for the same verdict
        clone.add_listener(clone.last_events.append)
        return clone

    def save_copy(self, destination: str | Path) -> Path:
        if self.engine != "sqlite":
            raise WorkspaceError("A shared workspace is copied to a file with 'tracker pull', not saved as one.")
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
    def query(self, sql: str, params: SqlParams = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def table_names(self) -> set[str]:
        """The names of the workspace's tables (system tables included: areas.SYSTEM_TABLES)."""
        if self.engine == "postgresql":
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        else:
            sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        return {name for (name,) in self.conn.execute(sql)}

    def scalar(self, sql: str, params: SqlParams = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None
