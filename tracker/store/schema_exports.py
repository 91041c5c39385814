"""What left the app: one row per report or export written, beside its entry in the history.

An export changes no record, so it has no audit rows and undo passes over it; its `changes` row
gives who and when (and shows it in Edit → History), this table what went out: the kind, the
file's name, whether it was pseudonymised, the rollouts in it and where it was made.
"""

from __future__ import annotations

from sqlite_utils import Database

from tracker.store.schema_sql import run_statements


def m009_export_log(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE exports (
            id INTEGER PRIMARY KEY,
            change_id INTEGER NOT NULL UNIQUE REFERENCES changes(id),
            kind TEXT NOT NULL
                CHECK (kind IN ('status_report', 'training_plan', 'all_data', 'chart_image',
                               'workspace_copy')),
            file_name TEXT NOT NULL,
            pseudonymised INTEGER NOT NULL DEFAULT 0 CHECK (pseudonymised IN (0, 1)),
            rollouts TEXT NOT NULL DEFAULT '[]',
            made_with TEXT NOT NULL CHECK (made_with IN ('window', 'command line'))
        )
        """,
    )


def m012_reclaim_list_exports(db: Database) -> None:
    """The reclaim list is recorded in the history like the other exports: its own kind.

    SQLite cannot change a CHECK in place, so the export log is copied into a table with the
    wider one (nothing refers to it, so the copy needs no foreign-key dance)."""
    run_statements(
        db,
        """
        CREATE TABLE exports_wider (
            id INTEGER PRIMARY KEY,
            change_id INTEGER NOT NULL UNIQUE REFERENCES changes(id),
            kind TEXT NOT NULL
                CHECK (kind IN ('status_report', 'training_plan', 'all_data', 'chart_image',
                               'workspace_copy', 'reclaim_list')),
            file_name TEXT NOT NULL,
            pseudonymised INTEGER NOT NULL DEFAULT 0 CHECK (pseudonymised IN (0, 1)),
            rollouts TEXT NOT NULL DEFAULT '[]',
            made_with TEXT NOT NULL CHECK (made_with IN ('window', 'command line'))
        );
        INSERT INTO exports_wider SELECT id, change_id, kind, file_name, pseudonymised, rollouts, made_with
            FROM exports;
        DROP TABLE exports;
        ALTER TABLE exports_wider RENAME TO exports
        """,
    )
