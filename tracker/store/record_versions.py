"""Versions of records: refusing an edit based on an old version, and saying who moved it on.

Every record table has a `version` (schema_versions.py) that the audited writer adds one to on
each update. An edit that names the version it read is refused when the record has moved on,
with a StaleRecordError built here from the audit trail: who changed the record last and when,
and the row as the editor read it (the trail's image of that version), so the window can show
the other person's change beside the refused one.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from tracker.store.errors import StaleRecordError, StoreValidationError

Row = dict[str, Any]

#: How many of a record's newest audit rows are searched for the version the editor read: an
#: edit dialog left open across more changes than this shows no "as you read it" column.
_TRAIL_DEPTH = 50


def version_of(row: Row) -> int:
    return int(row.get("version", 1))


#: Records whose table's name does not say what a user calls them.
_NOUNS = {"people": "person", "raci_assignments": "RACI cell", "seat_decisions": "reclaim decision",
          "kpis": "KPI", "kpi_readings": "KPI reading", "adkar_assessments": "ADKAR assessment"}


def record_noun(table: str) -> str:
    """"person" for people, "rollout" for rollouts: a table's record in a sentence."""
    if table in _NOUNS:
        return _NOUNS[table]
    if table.endswith("ies"):  # dependencies
        name = table[:-3] + "y"
    else:
        name = table[:-1] if table.endswith("s") else table
    return name.replace("_", " ")


def stale_record(conn: sqlite3.Connection, table: str, row_id: int, expected_version: int,
                 current: Row | None, attempted: Row) -> StaleRecordError:
    """The refusal of an edit based on `expected_version` of a record that is now `current`."""
    rows = conn.execute(
        """SELECT c.user, c.at, a.before FROM audit a JOIN changes c ON c.id = a.change_id
           WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.id DESC LIMIT ?""",
        (table, row_id, _TRAIL_DEPTH)).fetchall()
    changed_by, changed_at = (rows[0][0], rows[0][1]) if rows else ("", "")
    read: Row | None = None
    for _user, _at, before in rows:
        image = json.loads(before) if before else None
        if image is not None and version_of(image) == expected_version:
            read = image
            break
    noun = record_noun(table)
    who = f" by {changed_by} at {changed_at.replace('T', ' ')}" if changed_by else ""
    if current is None:
        message = f"This {noun} was deleted{who} after you opened it; your change was not saved."
    else:
        message = f"This {noun} was changed{who} after you opened it; your change was not saved."
    return StaleRecordError(message, table=table, row_id=row_id, expected_version=expected_version,
                            current=current, attempted=attempted, read=read,
                            changed_by=changed_by, changed_at=changed_at)


def missing_record(conn: sqlite3.Connection, table: str, row_id: int, expected_version: int | None,
                   attempted: Row, message: str) -> StoreValidationError | StaleRecordError:
    """The refusal of an edit of a record that is no longer stored. An editor that read a
    version of it (`expected_version`) saw it exist, so someone deleted it since: that is a
    stale edit like any other, refused with who deleted it and when (the conflict dialog then
    offers only to keep theirs). Without a version read, `message` (a plain "no longer exists")."""
    if expected_version is None:
        return StoreValidationError(message)
    return stale_record(conn, table, row_id, expected_version, None, attempted)
