"""Who may do what in a shared workspace, enforced by the server: viewer, editor, admin.

Each is a PostgreSQL group role (NOLOGIN) that people's login roles are members of:

- ``tracker_viewer`` reads everything (SELECT on every table);
- ``tracker_editor`` also writes the records (INSERT, UPDATE, DELETE) but not the roster
  (people, teams, accounts), the settings, nor the schema's bookkeeping;
- ``tracker_admin`` may do everything to the workspace's tables.

The workspace's owner (who created it, or upgraded it) makes the roles when they are missing (it
needs CREATEROLE; without it `ensure_roles` says how an administrator makes them) and grants the
privileges on the tables as each upgrade adds them. `grant_role` / `revoke_roles` are `tracker
grant` and `tracker revoke`. The app asks the server what this session may do (`session_role`,
from the privileges themselves, so an owner or superuser counts as admin) and shapes the window
by it; the server refuses the rest anyway, and such a refusal reaches the user as one sentence
(`PermissionRefusedError`).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Literal

import psycopg
from psycopg import sql

from tracker.store.errors import WorkspaceError

Role = Literal["viewer", "editor", "admin"]
ROLES: dict[Role, str] = {"viewer": "tracker_viewer", "editor": "tracker_editor", "admin": "tracker_admin"}
#: What only an admin writes: the roster, the settings, the schema's bookkeeping.
ADMIN_TABLES = ("people", "teams", "accounts", "settings", "tracker_migrations")


class PermissionRefusedError(WorkspaceError, sqlite3.OperationalError):
    """The server refused a write this user's role does not allow (insufficient_privilege).

    Both a WorkspaceError (the window and the command line show its sentence) and sqlite3's
    OperationalError (what the connection raises for a failed statement, as SQLite would)."""


@dataclass
class ServerSession:
    """This workspace's standing on its server: the role it may act as, the backend pids of its
    connections (the change listener ignores their notifications: ours were announced already),
    and a note for the user from opening (roles that could not be made)."""

    role: Role
    user: str
    sessions: set[int] = field(default_factory=set)
    note: str = ""

    def forget(self, conn: object) -> None:
        """`conn` closes: its backend pid may later be someone else's session (the server reuses
        them), whose changes must then be heard."""
        raw = getattr(conn, "raw", None)
        if raw is not None and not raw.closed:
            self.sessions.discard(raw.info.backend_pid)

    @property
    def may_edit_records(self) -> bool:
        return self.role in ("editor", "admin")

    @property
    def may_edit_roster(self) -> bool:
        """The roster (people, teams, accounts) and the workspace's settings: admins only."""
        return self.role == "admin"


def refused(error: psycopg.Error) -> PermissionRefusedError:
    """The sentence for the server's "permission denied for table X"."""
    text = error.diag.message_primary or str(error)
    found = re.search(r"permission denied for (?:table|relation|sequence) (\w+)", text)
    what = found.group(1).replace("_", " ") if found else "this part of the workspace"
    if found and found.group(1) in ("people", "teams", "accounts", "settings"):
        need = "the admin role"
    else:
        need = "the editor or admin role"
    return PermissionRefusedError(
        f"The server refused the change: your role on this shared workspace may not change the {what} "
        f"(ask its administrator for {need}).")


# ------------------------------------------------------------------ what this session may do
def session_role(conn: psycopg.Connection[Any]) -> Role:
    """admin when this session may write the roster, editor when it may write records, else
    viewer: asked of the privileges themselves (membership, ownership or superuser)."""
    row = conn.execute(
        """SELECT has_table_privilege('people', 'INSERT, UPDATE, DELETE')
                  AND has_table_privilege('settings', 'INSERT, UPDATE, DELETE'),
                  has_table_privilege('rollouts', 'INSERT, UPDATE, DELETE')
                  AND has_table_privilege('changes', 'INSERT')""").fetchone()
    if row is not None and row[0]:
        return "admin"
    if row is not None and row[1]:
        return "editor"
    return "viewer"


def current_user(conn: psycopg.Connection[Any]) -> str:
    row = conn.execute("SELECT current_user").fetchone()
    return str(row[0]) if row else ""


# ------------------------------------------------------------------ making roles and privileges
def _missing_roles(conn: psycopg.Connection[Any]) -> list[str]:
    present = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)",
                                          (list(ROLES.values()),))}
    return [name for name in ROLES.values() if name not in present]


def how_to_create_roles(missing: list[str]) -> str:
    statements = " ".join(f"CREATE ROLE {name} NOLOGIN;" for name in missing)
    return (f"The roles {', '.join(missing)} do not exist and this user may not create them: an "
            f"administrator of the server runs {statements} (or opens the workspace once as a user "
            "with CREATEROLE).")


def ensure_roles(conn: psycopg.Connection[Any]) -> str:
    """Make the missing group roles and grant the workspace's privileges to them; returns "" or,
    when this user may not make roles, what an administrator runs. Only the tables' owner can
    grant on them: for anyone else this changes nothing."""
    missing = _missing_roles(conn)
    if missing:
        row = conn.execute("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        if not (row and row[0]):
            return how_to_create_roles(missing)
        with conn.transaction():
            for name in missing:
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
    if _owns_workspace(conn) and _privileges_missing(conn):
        grant_privileges(conn)
    return ""


def _owns_workspace(conn: psycopg.Connection[Any]) -> bool:
    row = conn.execute("""SELECT pg_has_role(c.relowner, 'USAGE') FROM pg_class c
                          WHERE c.oid = to_regclass('tracker_migrations')""").fetchone()
    return bool(row and row[0])


def _privileges_missing(conn: psycopg.Connection[Any]) -> bool:
    """Whether a table lacks the privileges its roles get (one added by an upgrade, say)."""
    row = conn.execute(
        """SELECT count(*) FROM pg_class c
           WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
             AND (NOT has_table_privilege(%(viewer)s, c.oid, 'SELECT')
                  OR NOT has_table_privilege(%(admin)s, c.oid, 'INSERT')
                  OR (NOT (c.relname = ANY(%(admin_tables)s)) AND NOT has_table_privilege(%(editor)s, c.oid, 'INSERT')))""",
        {"admin_tables": list(ADMIN_TABLES), **{str(role): name for role, name in ROLES.items()}}).fetchone()
    return bool(row and row[0])


def grant_privileges(conn: psycopg.Connection[Any]) -> None:
    """The privileges of the three roles on every table and sequence of the workspace's schema,
    in one transaction."""
    viewer, editor, admin = (sql.Identifier(ROLES[r]) for r in ("viewer", "editor", "admin"))
    tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
    records = [t for t in tables if t not in ADMIN_TABLES]
    with conn.transaction():
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}, {}, {}").format(
            sql.Identifier(_schema(conn)), viewer, editor, admin))
        conn.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}, {}").format(
            sql.Identifier(_schema(conn)), viewer, editor))
        if records:
            conn.execute(sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(
                sql.SQL(", ").join(sql.Identifier(t) for t in records), editor))
        conn.execute(sql.SQL("GRANT ALL ON ALL TABLES IN SCHEMA {} TO {}").format(sql.Identifier(_schema(conn)), admin))
        # Identity columns draw from sequences; undo and bulk inserts move them (setval).
        conn.execute(sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {} TO {}, {}").format(
            sql.Identifier(_schema(conn)), editor, admin))


def _schema(conn: psycopg.Connection[Any]) -> str:
    row = conn.execute("SELECT current_schema()").fetchone()
    return str(row[0]) if row else "public"


# ------------------------------------------------------------------ tracker grant / revoke
def grant_role(conn: psycopg.Connection[Any], user: str, role: str) -> str:
    """Make ``user`` a member of ``role``'s group role only (the other two revoked); returns the
    sentence to print. Raises WorkspaceError naming what went wrong."""
    if role not in ROLES:
        raise WorkspaceError(f"{role!r} is not a role: choose viewer, editor or admin.")
    missing = _missing_roles(conn)
    if missing:
        note = ensure_roles(conn)
        if note:
            raise WorkspaceError(note)
    elif _owns_workspace(conn) and _privileges_missing(conn):
        grant_privileges(conn)
    try:
        with conn.transaction():
            _check_user(conn, user)
            for other in ROLES.values():
                if other != ROLES[role]:
                    _revoke(conn, other, user)
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(ROLES[role]),
                                                          sql.Identifier(user)))
    except psycopg.errors.InsufficientPrivilege as e:
        raise WorkspaceError(f"You may not grant roles on this server ({e.diag.message_primary}): ask a user "
                             "with CREATEROLE (or the roles' admin option) to run it.") from e
    return f"{user} is now {'a' if role == 'viewer' else 'an'} {role} of this shared workspace."


def revoke_roles(conn: psycopg.Connection[Any], user: str) -> str:
    """Take every workspace role from ``user`` (they can no longer read the workspace through one)."""
    try:
        with conn.transaction():
            _check_user(conn, user)
            held = [name for name in ROLES.values()
                    if conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (user, name)).fetchone() == (True,)]
            for name in held:
                _revoke(conn, name, user)
    except psycopg.errors.InsufficientPrivilege as e:
        raise WorkspaceError(f"You may not revoke roles on this server ({e.diag.message_primary}): ask a user "
                             "with CREATEROLE (or the roles' admin option) to run it.") from e
    if not held:
        return f"{user} held no role of this shared workspace."
    return f"{user} no longer holds {', '.join(held)}."


def _check_user(conn: psycopg.Connection[Any], user: str) -> None:
    if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,)).fetchone() is None:
        raise WorkspaceError(f"The server has no user {user!r}: its administrator creates the login first "
                             f"(CREATE ROLE \"{user}\" LOGIN PASSWORD '…').")


def _revoke(conn: psycopg.Connection[Any], role: str, user: str) -> None:
    if _missing_roles(conn) and role in _missing_roles(conn):
        return
    conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(role), sql.Identifier(user)))
