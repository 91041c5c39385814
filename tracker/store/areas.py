"""Each area of the workspace declared once, so that whatever must cover every area reads this
instead of a list kept by hand:

- ``tables``: the tables it owns. A change event names the areas of the tables it touched
  (``areas_of``), and views follow area names.
- ``rollout_records``: those whose rows belong to a rollout. Rollout delete takes every such row
  (directly by ``rollout_id``, or through a parent such as a training module), children before
  parents, each delete audited so that one undo brings all of it back.
- ``migrations``: the schema steps the area added; ``MIGRATION_ORDER`` is the one order they run in.
- ``sheets``: its sheets of the portable workbook (export, import, the format's documentation).
- ``person_notes`` and ``unscanned``: what erasing a person empties in the area, and which of
  its tables the search for the person's typed name skips.

A table, step, sheet or note added to an area is covered without other edits; tests fail when a
table of the workspace, or one that refers to a rollout, is in no area. Everything here is read
through the functions below, which read ``AREAS`` when called (so a test can extend it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlite_utils import Database

from tracker.domain.portable_format import Sheet
from tracker.domain.portable_sheets import (
    ADOPTION_SHEETS,
    DELIVERY_SHEETS,
    ORGANISATION_SHEETS,
    READINESS_SHEETS,
    ROLLOUT_SHEETS,
    SEATS_SHEETS,
    SETTINGS_SHEETS,
    TRAINING_SHEETS,
)
from tracker.store import (
    schema_adoption,
    schema_delivery,
    schema_exports,
    schema_gate_evidence,
    schema_imports,
    schema_indexes,
    schema_organisation,
    schema_readiness,
    schema_retention,
    schema_seats,
    schema_training,
    schema_training_counts,
    schema_versions,
)

#: One schema step: a function of the open database, named ``m<NNN>_<what>`` (its name is what a
#: file records in ``_sqlite_migrations``, so it never changes once released).
MigrationStep = Callable[[Database], None]


@dataclass(frozen=True)
class PersonNotes:
    """Free text in ``table`` about the person its ``person_column`` names. Erasing that person
    empties ``cleared`` and writes "(withheld)" over what ``withheld`` holds (columns a rule
    requires to be filled, such as an exemption's reason). With ``through`` = (table, column),
    ``person_column`` names a row of that table, whose ``column`` names the person (a reclaim
    decision's seat, held by the person)."""

    table: str
    cleared: tuple[str, ...] = ()
    withheld: tuple[str, ...] = ()
    person_column: str = "person_id"
    through: tuple[str, str] | None = None


@dataclass(frozen=True)
class Area:
    """One area. ``rollout_records``: parents before children (delete runs the other way).

    ``derived``: tables of ``tables`` recomputed from the others (counts, roll-ups, stale
    markers): never exported or compared as records, rebuilt rather than restored, never
    searched by erasure. ``migrations``: the schema steps this area added (each also in
    MIGRATION_ORDER). ``sheets``: its sheets of the portable workbook, in the order they are
    written and imported. ``person_notes``: what erasure empties about the erased person.
    ``unscanned``: tables whose text erasure's search for the person's name skips (besides the
    derived ones)."""

    name: str
    tables: tuple[str, ...]
    rollout_records: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()
    migrations: tuple[MigrationStep, ...] = ()
    sheets: tuple[Sheet, ...] = ()
    person_notes: tuple[PersonNotes, ...] = ()
    unscanned: tuple[str, ...] = ()


AREAS: tuple[Area, ...] = (
    # The first step made the tables of the first four areas below and of history and settings.
    Area("organisation", ("teams", "people", "accounts"),
         migrations=(schema_organisation.m001_organisation,), sheets=ORGANISATION_SHEETS),
    Area("rollouts", ("rollouts", "role_types", "participation", "person_roles"),
         ("participation", "person_roles"), sheets=ROLLOUT_SHEETS),
    Area("training", ("training_modules", "training_role_requirements", "training_team_requirements",
                      "training_records", "training_sessions", "training_enrolments",
                      "training_counts", "training_counts_stale"),
         ("training_modules", "training_role_requirements", "training_team_requirements",
          "training_records", "training_sessions", "training_enrolments"),
         derived=("training_counts", "training_counts_stale"),
         migrations=(schema_training.m003_training, schema_training_counts.m007_training_summary),
         sheets=TRAINING_SHEETS,
         person_notes=(PersonNotes("training_records", withheld=("exempt_reason",)),)),
    Area("readiness", ("stakeholders", "adkar_assessments", "resistance_signals"),
         ("stakeholders", "adkar_assessments", "resistance_signals"),
         migrations=(schema_readiness.m002_readiness,), sheets=READINESS_SHEETS,
         person_notes=(PersonNotes("stakeholders", cleared=("notes", "engagement_plan")),
                       PersonNotes("resistance_signals", cleared=("description", "mitigation")))),
    Area("delivery", ("dependencies", "gate_template", "gate_items", "raci_responsibilities",
                      "raci_assignments", "decisions", "kpis", "kpi_readings"),
         ("dependencies", "gate_items", "raci_responsibilities", "raci_assignments", "decisions",
          "kpis", "kpi_readings"),
         migrations=(schema_delivery.m003_delivery, schema_gate_evidence.m010_gate_evidence),
         sheets=DELIVERY_SHEETS),
    # Usage events and the weekly roll-up hang off their import and are recomputed, not records.
    Area("adoption", ("adoption_figures", "usage_imports", "usage_events", "usage_purged_imports",
                      "adoption_weekly", "adoption_earlier_adopters", "adoption_frozen",
                      "adoption_stale"),
         ("adoption_figures",),
         derived=("adoption_weekly", "adoption_earlier_adopters", "adoption_stale"),
         migrations=(schema_adoption.m005_adoption, schema_retention.m006_usage_retention),
         sheets=ADOPTION_SHEETS),
    Area("imports", ("import_mappings",), migrations=(schema_imports.m008_imports,)),
    Area("settings", ("settings",), sheets=SETTINGS_SHEETS),
    # The trail's copies and labels are rewritten by erasure's own pass over them.
    Area("history", ("changes", "audit", "exports"),
         migrations=(schema_indexes.m004_window_indexes, schema_exports.m009_export_log,
                     schema_exports.m012_reclaim_list_exports, schema_versions.m013_record_versions),
         unscanned=("changes", "audit")),
    # Leave marks hold for every tool, so they are the person's, not a rollout's.
    Area("seats", ("seat_settings", "seats", "seat_leave", "seat_decisions"),
         ("seat_settings", "seats", "seat_decisions"),
         migrations=(schema_seats.m011_seats,), sheets=SEATS_SHEETS,
         person_notes=(PersonNotes("seat_decisions", withheld=("reason",), person_column="seat_id",
                                   through=("seats", "person_id")),)),
)

#: Every schema step by name, in the order it runs on a file: the order the steps were released.
#: A new step goes at the end (and into its area's ``migrations``); never reorder or rename one,
#: since a file records the names it ran and the position decides when a step runs on an older
#: file. (Two steps share the number m003: both were released so, and files record them so.)
MIGRATION_ORDER: tuple[str, ...] = (
    "m001_organisation",
    "m002_readiness",
    "m003_training",
    "m003_delivery",
    "m004_window_indexes",
    "m005_adoption",
    "m006_usage_retention",
    "m007_training_summary",
    "m008_imports",
    "m009_export_log",
    "m010_gate_evidence",
    "m011_seats",
    "m012_reclaim_list_exports",
    "m013_record_versions",
)

#: Tables SQLite and sqlite-utils keep for themselves, and a server's record of its schema
#: steps (engine/postgres_schema.py): in no area.
SYSTEM_TABLES = frozenset({"_sqlite_migrations", "sqlite_sequence", "tracker_migrations"})


def _declared(areas: tuple[Area, ...] | None) -> tuple[Area, ...]:
    return AREAS if areas is None else areas


def area_of_table(table: str, areas: tuple[Area, ...] | None = None) -> str:
    """The name of the area that owns ``table``; KeyError for a table no area declares."""
    for area in _declared(areas):
        if table in area.tables:
            return area.name
    raise KeyError(table)


def areas_of(tables: frozenset[str] | set[str], areas: tuple[Area, ...] | None = None) -> frozenset[str]:
    """The areas a change to ``tables`` touches, so views follow area names, not table names.

    A table no area declares is skipped here (a test fails on it instead: every table of a new
    workspace must be declared)."""
    return frozenset(area.name for area in _declared(areas) if not tables.isdisjoint(area.tables))


def export_sheets(areas: tuple[Area, ...] | None = None) -> tuple[Sheet, ...]:
    """The portable workbook's sheets: each area's, in the areas' order."""
    return tuple(sheet for area in _declared(areas) for sheet in area.sheets)


def person_notes(areas: tuple[Area, ...] | None = None) -> tuple[PersonNotes, ...]:
    return tuple(note for area in _declared(areas) for note in area.person_notes)


def name_scanned_tables(areas: tuple[Area, ...] | None = None) -> tuple[str, ...]:
    """The tables erasure searches for a person's typed name: all but derived and unscanned."""
    return tuple(table for area in _declared(areas) for table in area.tables
                 if table not in area.derived and table not in area.unscanned)


def migration_steps(areas: tuple[Area, ...] | None = None,
                    order: tuple[str, ...] = MIGRATION_ORDER) -> tuple[MigrationStep, ...]:
    """The areas' schema steps in ``order``. ValueError when an area declares a step the order
    does not name, the order names one no area declares, or a name comes twice."""
    declared: dict[str, MigrationStep] = {}
    for area in _declared(areas):
        for step in area.migrations:
            if step.__name__ in declared:
                raise ValueError(f"the schema step {step.__name__} is declared twice")
            declared[step.__name__] = step
    if len(set(order)) != len(order):
        raise ValueError("MIGRATION_ORDER names a schema step twice")
    unordered = sorted(set(declared) - set(order))
    if unordered:
        raise ValueError(f"the schema step {', '.join(unordered)} is not in MIGRATION_ORDER")
    undeclared = sorted(set(order) - set(declared))
    if undeclared:
        raise ValueError(f"MIGRATION_ORDER names {', '.join(undeclared)}, which no area declares")
    return tuple(declared[name] for name in order)


def rollout_record_tables(areas: tuple[Area, ...] | None = None) -> tuple[str, ...]:
    return tuple(table for area in _declared(areas) for table in area.rollout_records)


def _parents(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, str]]:
    """(column, parent table, parent column) of each single-column foreign key of ``table``."""
    return [(fk[3], fk[2], fk[4]) for fk in conn.execute(f"PRAGMA foreign_key_list({table})")]


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def rollout_row_query(conn: sqlite3.Connection, table: str, owned: tuple[str, ...]) -> str:
    """SQL selecting the ids of ``table``'s rows that belong to the rollout bound as ``?``.

    Directly by ``rollout_id``, else through the foreign key to another table of ``owned``
    (a session's module, an enrolment's session). Raises ValueError when there is no way.
    """
    if "rollout_id" in _columns(conn, table):
        return f"SELECT id FROM {table} WHERE rollout_id = ?"
    for column, parent, parent_column in _parents(conn, table):
        if parent in owned and parent != table and parent_column == "id":
            return f"SELECT id FROM {table} WHERE {column} IN ({rollout_row_query(conn, parent, owned)})"
    raise ValueError(f"{table} has no rollout_id and no foreign key to a rollout's records")


def rollout_rows(conn: sqlite3.Connection, rollout_id: int,
                 areas: tuple[Area, ...] | None = None) -> Iterator[tuple[str, int]]:
    """(table, id) of every record of the rollout, in delete order (children first)."""
    owned = rollout_record_tables(areas)
    for table in reversed(owned):
        for (row_id,) in conn.execute(rollout_row_query(conn, table, owned), (rollout_id,)).fetchall():
            yield table, row_id
