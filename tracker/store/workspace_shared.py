"""How a server's address becomes an open Workspace: a shared workspace on PostgreSQL.

`Workspace.open("postgresql://...")` comes here. The database is brought to this version's
schema (the same migration steps as a file, engine/postgres_schema.py; a server holding a newer
step is refused with NewerWorkspaceError), and the store then talks to it through PgConnection,
the sqlite3-shaped connection (engine/postgres_connection.py), so every area works unchanged.

What only a file has is not here: no lock file (the server lets many write), no copy before an
upgrade (the server's backups are IT's), no encryption (TLS and the server's own storage), no
sqlite-utils `ws.db`, no quick_check. Code that does such file work asks `ws.engine` first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import psycopg
from psycopg.conninfo import conninfo_to_dict

from tracker.store.connection import one_line
from tracker.store.engine.postgres_connection import PgConnection
from tracker.store.errors import WorkspaceError
from tracker.store.events import ChangeEvent
from tracker.store.workspace import Workspace

if TYPE_CHECKING:
    from tracker.store.engine.change_listener import ServerChangeListener


def open_shared(address: str, *, create: bool = True, readonly: bool = False) -> Workspace:
    """Connect to the shared workspace at `address` and upgrade its schema when it is older
    (an empty database becomes a new workspace when `create`, the only way a server's workspace
    is made). Read-only: the connection refuses writes too (the server says no, not only us)."""
    from tracker.store.engine import server_roles

    raw = _connect(address)
    note = ""
    try:
        if not readonly and _holds_workspace(raw) and server_roles.session_role(raw) == "viewer":
            readonly = True  # a viewer's window opens read-only, as the server would refuse anyway
        if readonly:
            _refuse_unless_workspace(raw, address)
            raw.execute("SET default_transaction_read_only = on")
        else:
            if not create:
                _refuse_unless_workspace(raw, address)
            if not _up_to_date(raw):  # (only the owner may change the schema: others skip this)
                _upgrade(raw, address)
            note = server_roles.ensure_roles(raw)  # the roles and their grants, by the owner
        session = server_roles.ServerSession(server_roles.session_role(raw), server_roles.current_user(raw),
                                             {raw.info.backend_pid}, note)
    except psycopg.Error as e:
        raw.close()
        raise WorkspaceError(f"The shared workspace {database_name(address)} cannot be opened "
                             f"({one_line(str(e))}).") from e
    except BaseException:
        raw.close()
        raise
    conn = PgConnection(raw, address=address)
    ws = Workspace(None, cast(sqlite3.Connection, conn), readonly=readonly, lock=None,
                   engine="postgresql", address=address)
    ws.user = session_user(raw)
    ws.server = session
    return ws


def session_user(raw: psycopg.Connection[Any]) -> str:
    """Who the server knows this connection as: the name the audit trail records (changes.user)
    and undo compares, since on a server the database user is the person, not the desktop's."""
    row = raw.execute("SELECT session_user").fetchone()
    return str(row[0]) if row else ""


def second_connection(ws: Workspace) -> Workspace:
    """Another connection to `ws`'s server for a worker thread (psycopg's connections, like
    SQLite's, are one thread's at a time); no listeners, as Workspace.for_thread says."""
    raw = _connect(ws.address or "")
    if ws.readonly:
        raw.execute("SET default_transaction_read_only = on")
    conn = PgConnection(raw, address=ws.address or "")
    clone = Workspace(None, cast(sqlite3.Connection, conn), readonly=ws.readonly, lock=None,
                      engine="postgresql", address=ws.address)
    clone.user = ws.user
    if ws.server is not None:  # the clone's writes are announced by this window too: ours
        ws.server.sessions.add(raw.info.backend_pid)
        clone.server = ws.server
    return clone


def start_listening(ws: Workspace, on_change: Callable[[ChangeEvent], None], *,
                    on_status: Callable[[str], None] | None = None,
                    retry_seconds: float = 2.0) -> ServerChangeListener:
    """Hear the changes others commit to shared workspace `ws` (engine/change_listener.py) on a
    connection of the listener's own; `on_change` and `on_status` are called from its thread."""
    from tracker.store.engine.change_listener import ServerChangeListener

    if ws.engine != "postgresql" or ws.server is None:
        raise WorkspaceError(f"{ws.name} is a file: only a shared workspace has others' changes to hear.")
    server = ws.server
    listener = ServerChangeListener(lambda: _connect(ws.address or ""), on_change,
                                    own_sessions=lambda: server.sessions, on_status=on_status,
                                    retry_seconds=retry_seconds, name=ws.name)
    listener.start()
    return listener


def database_name(address: str) -> str:
    """The database's name in `address` (what the window's title shows for a file's name)."""
    try:
        return str(conninfo_to_dict(address).get("dbname") or address)
    except psycopg.ProgrammingError:
        return address


def _connect(address: str) -> psycopg.Connection[Any]:
    """Through engine/server_connect.connect: the password from the address, this session, the
    keyring or libpq's own sources (credentials.py); a failure in one sentence naming what failed
    (ServerConnectionError, connection_errors.py)."""
    from tracker.store.engine.address import AddressError, parse_address
    from tracker.store.engine.server_connect import connect

    try:
        parsed = parse_address(address)
    except AddressError as e:
        raise WorkspaceError(str(e)) from e
    return connect(parsed, autocommit=True)


def _up_to_date(raw: psycopg.Connection[Any]) -> bool:
    """Whether the server holds exactly this version's schema steps (then there is nothing to
    run, and a user who may not change the schema, an editor, opens it as it is)."""
    from tracker.store.engine.postgres_schema import MIGRATIONS_TABLE
    from tracker.store.schema import STEPS

    if not _holds_workspace(raw):
        return False
    applied = {row[0] for row in raw.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}
    return applied == {step.__name__ for step in STEPS}


def _upgrade(raw: psycopg.Connection[Any], address: str) -> None:
    from tracker.store.engine.postgres_schema import create_or_upgrade

    exists = _holds_workspace(raw)
    try:
        create_or_upgrade(raw)
    except psycopg.errors.InsufficientPrivilege as e:
        if not exists:
            raise WorkspaceError(
                f"The database {database_name(address)} holds no workspace yet, and this user may not make "
                "one there: its owner (or a user who may create tables in it) opens it first.") from e
        raise WorkspaceError(
            f"The shared workspace {database_name(address)} needs an upgrade to this version of Rollout "
            "Tracker, which only its owner can make: ask them to open it once with this version.") from e


def _holds_workspace(raw: psycopg.Connection[Any]) -> bool:
    from tracker.store.engine.postgres_schema import MIGRATIONS_TABLE

    found = raw.execute("SELECT to_regclass(%s)", (MIGRATIONS_TABLE,)).fetchone()
    return found is not None and found[0] is not None


def _refuse_unless_workspace(raw: psycopg.Connection[Any], address: str) -> None:
    if not _holds_workspace(raw):
        raise WorkspaceError(f"There is no workspace in the database {database_name(address)}.")
