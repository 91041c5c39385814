"""Every record has a version, so that an edit based on what someone read before another
person's edit is refused instead of silently overwriting it (issue 17, "many writers").

`version` starts at 1 and the audited writer (tracker/store/audit.py) adds one on every update,
in the same UPDATE statement; an edit names the version it read (`expected_version`) and is
refused with StaleRecordError when the record has moved on. Undo's restore keeps the version
the row had.

The record tables are those of the areas that the writer updates by id: not the derived ones
(recomputed, never edited), not the history's (the trail is never rewritten), and not the
bookkeeping tables without an id (settings, usage events and their retention marks). The list
is written out here because a released step never changes; a test checks it still covers every
such table the areas declare, so a later table adds `version` in its own step.
"""

from __future__ import annotations

from sqlite_utils import Database

RECORD_TABLES: tuple[str, ...] = (
    "teams", "people", "accounts",
    "rollouts", "role_types", "participation", "person_roles",
    "training_modules", "training_role_requirements", "training_team_requirements",
    "training_records", "training_sessions", "training_enrolments",
    "stakeholders", "adkar_assessments", "resistance_signals",
    "dependencies", "gate_template", "gate_items", "raci_responsibilities", "raci_assignments",
    "decisions", "kpis", "kpi_readings",
    "adoption_figures", "usage_imports",
    "import_mappings",
    "seat_settings", "seats", "seat_leave", "seat_decisions",
)


def m013_record_versions(db: Database) -> None:
    # On SQLite and on PostgreSQL 11+ a column with a constant default is added without
    # rewriting the table, so this is quick on a million training records too.
    for table in RECORD_TABLES:
        db.execute(f"ALTER TABLE {table} ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
