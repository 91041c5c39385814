"""Erasing a person on request: their name, email and the notes about them go; their records stay.

The person keeps their record (and so their training, roles, usage and every figure counted
from them) under a stable pseudonym (tracker.domain.portable_format.pseudonym). What is removed:
name, email, job title, employee id, their accounts in other systems (a UPN or login names them
as surely as their email), the notes of stakeholder entries and resistance signals about them,
and their name, email or accounts wherever they were typed into other text. The erasure is one
audited change ("Erase personal data of Person 0042") like any other write.

The audit trail would otherwise keep the name for ever in the before/after copies of old
changes (and in labels such as "Mark Ann's AI-101 completed"), so the erasure also rewrites
those copies, in the same transaction: the one place where the trail is edited, because the
right to erasure outranks a perfect history. With `secure_delete` on (tracker/store/connection.py)
the replaced bytes do not linger in free pages; `checkpoint()` folds the WAL into the file so
that the old pages leave the WAL too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tracker.domain.portable_format import PSEUDONYM_TEXT, pseudonym
from tracker.store.errors import StoreValidationError

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

# (table, person column, free-text columns about that person)
_NOTES = (
    ("stakeholders", "person_id", ("notes", "engagement_plan")),
    ("resistance_signals", "person_id", ("description", "mitigation")),
)
_SKIP_TABLES = {"changes", "audit", "settings", "usage_events", "adoption_weekly", "adoption_stale"}


def erase_person(ws: "Workspace", person_id: int) -> int:
    """Erase one person's personal data; returns the change id. Raises StoreValidationError."""
    person = ws.query("SELECT id, employee_id, name, email FROM people WHERE id = ?", (person_id,))
    if not person:
        raise StoreValidationError("That person no longer exists.")
    p = person[0]
    new_id, new_name = pseudonym(person_id)
    accounts = ws.conn.execute("SELECT id, account FROM accounts WHERE person_id = ?", (person_id,)).fetchall()
    secrets = [s for s in (p["name"], p["email"], *(a for _id, a in accounts)) if s and len(s.strip()) >= 3]
    with ws.write(f"Erase personal data of {new_name}") as w:
        w.update("people", person_id, {"name": new_name, "email": "", "title": "", "employee_id": new_id})
        for account_id, _account in accounts:
            w.delete("accounts", account_id)
        for table, column, notes in _NOTES:
            for (row_id,) in ws.conn.execute(f"SELECT id FROM {table} WHERE {column} = ?", (person_id,)).fetchall():
                w.update(table, row_id, {n: "" for n in notes})
        for (row_id,) in ws.conn.execute(
                "SELECT id FROM training_records WHERE person_id = ? AND exempt_reason <> ''", (person_id,)).fetchall():
            w.update("training_records", row_id, {"exempt_reason": PSEUDONYM_TEXT})
        _scrub_text(w, ws, secrets, new_name)
        _scrub_trail(ws, secrets, new_name, (p["employee_id"], new_id))
    return w.change_id


def _text_columns(ws: "Workspace") -> dict[str, list[str]]:
    tables = [r[0] for r in ws.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\'")]
    out = {}
    for table in tables:
        if table in _SKIP_TABLES:
            continue
        info = ws.conn.execute(f"PRAGMA table_info({table})").fetchall()
        if not any(c[1] == "id" for c in info):
            continue
        columns = [c[1] for c in info if (c[2] or "").upper() == "TEXT"]
        if columns:
            out[table] = columns
    return out


def _scrub_text(w, ws: "Workspace", secrets: list[str], new_name: str) -> None:
    """The person's name or email typed into any other text (a decision's 'decided by', a
    rollout's description) is replaced by the pseudonym, through the audited writer."""
    for table, columns in _text_columns(ws).items():
        for column in columns:
            for secret in secrets:
                rows = ws.conn.execute(
                    f"SELECT id, {column} FROM {table} WHERE instr(lower({column}), lower(?)) > 0", (secret,)).fetchall()
                for row_id, text in rows:
                    w.update(table, row_id, {column: _replace(text, secret, new_name)})


def _replace(text: str, secret: str, stand_in: str) -> str:
    import re

    return re.sub(re.escape(secret), stand_in, text, flags=re.IGNORECASE)


def _scrub_trail(ws: "Workspace", secrets: list[str], new_name: str, employee_id: tuple[str, str]) -> None:
    """Rewrite the trail's copies: name and email wherever they occur, the employee id only as a
    whole JSON value (a short id like E001 must not change E0012 elsewhere)."""
    conn = ws.conn
    swaps = [(json.dumps(s)[1:-1], json.dumps(new_name)[1:-1]) for s in secrets]
    swaps.append((json.dumps(employee_id[0]), json.dumps(employee_id[1])))
    for old, new in swaps:
        for column in ("before", "after"):
            rows = conn.execute(f"SELECT id, {column} FROM audit WHERE instr(lower({column}), lower(?)) > 0",
                                (old,)).fetchall()
            for row_id, text in rows:
                conn.execute(f"UPDATE audit SET {column} = ? WHERE id = ?", (_replace(text, old, new), row_id))
    for secret in secrets:
        for row_id, label in conn.execute("SELECT id, label FROM changes WHERE instr(lower(label), lower(?)) > 0",
                                          (secret,)).fetchall():
            conn.execute("UPDATE changes SET label = ? WHERE id = ?", (_replace(label, secret, new_name), row_id))


def checkpoint(ws: "Workspace") -> None:
    """Fold the WAL into the file and empty it, so erased values leave the WAL as well."""
    ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
