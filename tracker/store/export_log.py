"""Recording what left the app, and reading back when the data it was made from came in.

An export is recorded as a `changes` row (who, when, a one-line label: it shows in Edit →
History like any change) with an `exports` row beside it (what went out), in one transaction.
It has no audit rows, so undo has nothing to reverse, and no ChangeEvent is announced: it changes
nothing a page shows, and the undo stack only hears announced changes.

The file is already written when this runs, and recording must never undo that: a workspace
open read-only (a read-only file or folder, another copy holding the lock) or any database
error leaves the export as it is and comes back as a note for the user instead.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain.export_log import (
    COMMAND_LINE,
    IMPORT_LABELS,
    KIND_NAMES,
    ExportRecord,
    export_label,
)
from tracker.store.errors import WorkspaceError

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

NOT_RECORDED = "{file} was written but is not recorded in the workspace's history: {why}."


def record_export(ws: Workspace, kind: str, path: str | Path, *, rollouts: list[str],
                  pseudonymised: bool = False, made_with: str = COMMAND_LINE) -> str | None:
    """Record an export just written to `path`; None when recorded, else the note why not."""
    if kind not in KIND_NAMES:
        raise ValueError(f"unknown export kind {kind!r}")
    file_name = Path(path).name
    if ws.readonly:
        why = (f"it is open read-only (in use by {ws.describe_lock_holder()})" if ws.locked_by
               else "it is open read-only")
        return NOT_RECORDED.format(file=file_name, why=why)
    label = export_label(kind, file_name, rollouts=rollouts, pseudonymised=pseudonymised)
    try:
        with ws.write(label):  # the transaction; no audited record, so nothing to undo
            change_id = ws.conn.execute(
                "INSERT INTO changes (at, user, label) VALUES (?, ?, ?)",
                (dt.datetime.now().isoformat(timespec="seconds"), ws.user, label)).lastrowid
            ws.conn.execute(
                "INSERT INTO exports (change_id, kind, file_name, pseudonymised, rollouts, made_with) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (change_id, kind, file_name, int(pseudonymised), json.dumps(list(rollouts), ensure_ascii=False),
                 made_with))
    except (sqlite3.Error, WorkspaceError) as e:
        why = "the workspace file is read-only" if "readonly" in str(e) else str(e).rstrip(".")
        return NOT_RECORDED.format(file=file_name, why=why)
    return None


_SELECT = """SELECT c.id, c.at, c.user, e.kind, e.file_name, e.pseudonymised, e.rollouts, e.made_with
             FROM exports e JOIN changes c ON c.id = e.change_id"""


def _record(row: tuple[Any, ...]) -> ExportRecord:
    return ExportRecord(row[0], row[1], row[2], row[3], row[4], bool(row[5]), tuple(json.loads(row[6])), row[7])


def exports(ws: Workspace, limit: int = 500) -> list[ExportRecord]:
    """The exports recorded, newest first."""
    return [_record(r) for r in ws.conn.execute(f"{_SELECT} ORDER BY c.id DESC LIMIT ?", (limit,))]


def export_of(ws: Workspace, change_id: int) -> ExportRecord | None:
    row = ws.conn.execute(f"{_SELECT} WHERE c.id = ?", (change_id,)).fetchone()
    return _record(row) if row else None


def latest_imports(ws: Workspace) -> dict[str, str | None]:
    """When the latest roster, training and usage imports were made (that were not undone)."""
    out = {}
    for key, prefix in IMPORT_LABELS.items():
        out[key] = ws.scalar(
            """SELECT at FROM changes c
               WHERE (label = ? OR substr(label, 1, ?) = ?)
                 AND NOT EXISTS (SELECT 1 FROM changes u WHERE u.reverts_id = c.id)
               ORDER BY id DESC LIMIT 1""",
            (prefix, len(prefix) + 1, prefix + " "))
    return out
