"""The audit trail: every write records what changed, and undo is built on that record.

A *change* is one user action (an edit, an import, an undo) and groups the *audit* rows of the
records it touched, each with the whole row before and after. Undoing a change writes a new
change that puts every record back as it was; redoing is undoing that undo. The trail itself is
never rewritten, so the history of a record always shows what really happened.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from tracker.domain.models import AuditEntry, Change
from tracker.store.errors import StoreValidationError, WorkspaceError

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

# Tables (and their columns) that audited writes may touch; table and column names are never
# taken from user input, and this list keeps it so.
_INTERNAL = {"changes", "audit", "_sqlite_migrations", "settings"}


class UndoConflictError(WorkspaceError):
    """A record was changed again after the change being undone; undoing would lose that."""


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


class AuditedWriter:
    """Writes records inside `Workspace.write()` and records each change in the audit table."""

    def __init__(self, ws: "Workspace", label: str, *, reverts_id: int | None = None):
        self.ws = ws
        self.conn = ws.conn
        self.label = label
        self.reverts_id = reverts_id
        self.change_id: int | None = None
        self.tables: set[str] = set()
        self._columns: dict[str, list[str]] = {}

    # -------------------------------------------------------------- schema guard
    def columns(self, table: str) -> list[str]:
        if table not in self._columns:
            if table in _INTERNAL or not table.isidentifier():
                raise ValueError(f"{table!r} is not an audited table")
            cols = [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")]
            if not cols:
                raise ValueError(f"no table {table!r}")
            self._columns[table] = cols
        return self._columns[table]

    def _check_fields(self, table: str, fields) -> None:
        allowed = set(self.columns(table))
        bad = [f for f in fields if f not in allowed]
        if bad:
            raise ValueError(f"{table} has no column {bad[0]!r}")

    def _row(self, table: str, row_id: int) -> dict | None:
        cols = self.columns(table)
        row = self.conn.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE id = ?", (row_id,)).fetchone()
        return dict(zip(cols, row)) if row else None

    # -------------------------------------------------------------- recording
    def _record(self, table: str, row_id: int, action: str, before: dict | None, after: dict | None) -> None:
        if self.change_id is None:
            cur = self.conn.execute(
                "INSERT INTO changes (at, user, label, reverts_id) VALUES (?, ?, ?, ?)",
                (_now(), self.ws.user, self.label, self.reverts_id),
            )
            self.change_id = cur.lastrowid
        self.conn.execute(
            "INSERT INTO audit (change_id, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?)",
            (
                self.change_id,
                table,
                row_id,
                action,
                None if before is None else json.dumps(before, default=str),
                None if after is None else json.dumps(after, default=str),
            ),
        )
        self.tables.add(table)

    # -------------------------------------------------------------- writes
    def insert(self, table: str, values: dict[str, Any]) -> int:
        self._check_fields(table, values)
        names = list(values)
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        try:
            row_id = self.conn.execute(sql, [values[n] for n in names]).lastrowid
        except Exception as e:
            raise _explain(e, table) from e
        self._record(table, row_id, "insert", None, self._row(table, row_id))
        return row_id

    def update(self, table: str, row_id: int, changes: dict[str, Any]) -> bool:
        """Apply `changes`; returns False (and records nothing) when nothing actually changed."""
        self._check_fields(table, changes)
        before = self._row(table, row_id)
        if before is None:
            raise StoreValidationError(f"The {table[:-1] if table.endswith('s') else table} no longer exists.")
        real = {k: v for k, v in changes.items() if before.get(k) != v}
        if not real:
            return False
        sets = ", ".join(f"{k} = ?" for k in real)
        try:
            self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*real.values(), row_id])
        except Exception as e:
            raise _explain(e, table) from e
        self._record(table, row_id, "update", before, self._row(table, row_id))
        return True

    def delete(self, table: str, row_id: int) -> bool:
        before = self._row(table, row_id)
        if before is None:
            return False
        try:
            self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        except Exception as e:
            raise _explain(e, table) from e
        self._record(table, row_id, "delete", before, None)
        return True

    def restore(self, table: str, row: dict[str, Any]) -> None:
        """Put back a deleted row with its original id (used by undo)."""
        self.insert(table, row)


def _explain(error: Exception, table: str) -> Exception:
    """Turn SQLite's constraint messages into sentences for users."""
    import sqlite3

    if not isinstance(error, sqlite3.IntegrityError):
        return error
    text = str(error)
    if "UNIQUE" in text:
        columns = text.split(":", 1)[-1].split(",")
        if len(columns) > 1:
            return StoreValidationError("That record already exists.")
        column = columns[0].rsplit(".", 1)[-1]
        return StoreValidationError(f"Another record already has this {column.replace('_', ' ')}.")
    if "FOREIGN KEY" in text:
        return StoreValidationError("The record is still referred to elsewhere, or refers to one that does not exist.")
    if "CHECK" in text or "NOT NULL" in text:
        return StoreValidationError(f"A value is missing or out of range ({text}).")
    return StoreValidationError(text)


class AuditLog:
    """Reading the trail, and undoing a change."""

    def __init__(self, ws: "Workspace"):
        self.ws = ws

    def history(self, entity: str, entity_id: int) -> list[AuditEntry]:
        """Every recorded change to one record, newest first."""
        rows = self.ws.conn.execute(
            """SELECT a.id, a.change_id, c.at, c.user, c.label, a.entity, a.entity_id, a.action,
                      a.before, a.after
               FROM audit a JOIN changes c ON c.id = a.change_id
               WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.id DESC""",
            (entity, entity_id),
        ).fetchall()
        return [_entry(r) for r in rows]

    def change(self, change_id: int) -> Change | None:
        row = self.ws.conn.execute(
            "SELECT id, at, user, label, reverts_id FROM changes WHERE id = ?", (change_id,)
        ).fetchone()
        return Change(*row) if row else None

    def recent_changes(self, limit: int = 200) -> list[Change]:
        rows = self.ws.conn.execute(
            "SELECT id, at, user, label, reverts_id FROM changes ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [Change(*r) for r in rows]

    def entries(self, change_id: int) -> list[AuditEntry]:
        rows = self.ws.conn.execute(
            """SELECT a.id, a.change_id, c.at, c.user, c.label, a.entity, a.entity_id, a.action,
                      a.before, a.after
               FROM audit a JOIN changes c ON c.id = a.change_id
               WHERE a.change_id = ? ORDER BY a.id""",
            (change_id,),
        ).fetchall()
        return [_entry(r) for r in rows]

    def undo(self, change_id: int) -> int | None:
        """Reverse a change by writing a new one; returns its id (the handle to redo with).

        Raises UndoConflictError when a record has been changed since, rather than silently
        overwrite the later edit.
        """
        original = self.change(change_id)
        if original is None:
            raise WorkspaceError("That change is not in this workspace.")
        entries = self.entries(change_id)
        label = f"Undo: {original.label}" if original.reverts_id is None else _redo_label(original.label)
        with self.ws.write(label, reverts_id=change_id) as w:
            for entry in reversed(entries):
                current = w._row(entry.entity, entry.entity_id)
                if _strip(current) != _strip(entry.after):
                    raise UndoConflictError(
                        f"'{original.label}' cannot be undone: the {entry.entity.rstrip('s')} it "
                        "changed has been changed again since."
                    )
                if entry.action == "insert":
                    w.delete(entry.entity, entry.entity_id)
                elif entry.action == "delete":
                    w.restore(entry.entity, entry.before)
                else:
                    changes = {k: v for k, v in entry.before.items() if k != "id"}
                    w.update(entry.entity, entry.entity_id, changes)
        return w.change_id


def _redo_label(label: str) -> str:
    return label.removeprefix("Undo: ") if label.startswith("Undo: ") else f"Redo: {label}"


def _strip(row: dict | None) -> dict | None:
    """Rows compared through JSON, so values read back from the trail compare equal."""
    return None if row is None else json.loads(json.dumps(row, default=str))


def _entry(r) -> AuditEntry:
    return AuditEntry(
        id=r[0], change_id=r[1], at=r[2], user=r[3], label=r[4], entity=r[5], entity_id=r[6],
        action=r[7], before=json.loads(r[8]) if r[8] else None, after=json.loads(r[9]) if r[9] else None,
    )
