"""Reading the audit trail, and undo built on it (the writing side is audit.py).

Undoing a change writes a new change that puts every record back as it was; redoing is undoing
that undo. An undo that would overwrite a later edit of the same record is refused
(UndoConflictError), naming who changed it since.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tracker.domain.models import AuditEntry, Change
from tracker.store.errors import StoreValidationError, WorkspaceError
from tracker.store.record_versions import record_noun

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

Row = dict[str, Any]  # a row by column name, as stored


class UndoConflictError(WorkspaceError):
    """A record was changed again after the change being undone; undoing would lose that."""


class AuditLog:
    """Reading the trail, and undoing a change."""

    def __init__(self, ws: Workspace):
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

    def _since(self, entry: AuditEntry, change_id: int) -> str:
        """" by NAME at TIME": who changed the record last after `change_id`, for the refusal."""
        row = self.ws.conn.execute(
            """SELECT c.user, c.at FROM audit a JOIN changes c ON c.id = a.change_id
               WHERE a.entity = ? AND a.entity_id = ? AND a.change_id > ? ORDER BY a.id DESC LIMIT 1""",
            (entry.entity, entry.entity_id, change_id)).fetchone()
        if row is None:
            return ""
        who = "you" if row[0] == self.ws.user else row[0]
        return f" by {who} at {str(row[1]).replace('T', ' ')}"

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
                if not _same(current, entry.after):
                    raise UndoConflictError(
                        f"'{original.label}' cannot be undone: the {record_noun(entry.entity)} it "
                        f"changed has been changed again since{self._since(entry, change_id)}."
                    )
                if entry.action == "insert":
                    w.delete(entry.entity, entry.entity_id)
                elif entry.before is None:  # audit rows of deletes and updates keep the row before
                    raise StoreValidationError("The history of this change is incomplete; it cannot be undone.")
                elif entry.action == "delete":
                    w.restore(entry.entity, entry.before)
                else:
                    # The version is not put back: the undo is one more change of the record.
                    changes = {k: v for k, v in entry.before.items() if k not in ("id", "version")}
                    w.update(entry.entity, entry.entity_id, changes)
        return w.change_id


def _redo_label(label: str) -> str:
    return label.removeprefix("Undo: ") if label.startswith("Undo: ") else f"Redo: {label}"


def _same(current: Row | None, recorded: Row | None) -> bool:
    """Whether a record still holds what the trail recorded, compared through JSON (so values
    read back from the trail compare equal) and on the recorded columns only (an image written
    before a column was added does not name it). The version is left out: undo and redo move it
    on while putting back the same content, and what they must not overwrite is content."""
    if current is None or recorded is None:
        return current is None and recorded is None
    now = json.loads(json.dumps(current, default=str))
    return all(now.get(k) == v for k, v in recorded.items() if k != "version")


def _entry(r: tuple[Any, ...]) -> AuditEntry:
    return AuditEntry(
        id=r[0], change_id=r[1], at=r[2], user=r[3], label=r[4], entity=r[5], entity_id=r[6],
        action=r[7], before=json.loads(r[8]) if r[8] else None, after=json.loads(r[9]) if r[9] else None,
    )
