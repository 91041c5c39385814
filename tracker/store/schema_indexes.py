"""Indexes for the window at enterprise scale (100,000 people), added after the first release.

`audit_change_entity` answers "which people did this change write" (People.changed_by) from the
index alone: with only `audit_entity` and `audit_change` SQLite picked the entity index and
read every audit row about people (70 ms on a big workspace, for each edit the window shows).
"""

from __future__ import annotations

from sqlite_utils import Database

from tracker.store.schema_sql import run_statements


def m004_window_indexes(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE INDEX audit_change_entity ON audit(change_id, entity, entity_id)
        """,
    )
