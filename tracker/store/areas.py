"""Each area of the workspace declared once: the tables it owns and which of them belong to a
rollout, so that whatever must cover every area reads this instead of a list kept by hand.

Rollout delete reads ``rollout_records``: every row of those tables that belongs to the rollout
(directly by ``rollout_id``, or through a parent such as a training module) is deleted with it,
children before parents, each delete audited so that one undo brings all of it back. A table
added to an area's ``rollout_records`` is covered without other edits; a test fails when a
table that refers to a rollout is in no area's list.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    """One area. ``rollout_records``: parents before children (delete runs the other way)."""

    name: str
    tables: tuple[str, ...]
    rollout_records: tuple[str, ...] = ()


AREAS: tuple[Area, ...] = (
    Area("organisation", ("teams", "people", "accounts")),
    Area("rollouts", ("rollouts", "role_types", "participation", "person_roles"),
         ("participation", "person_roles")),
    Area("readiness", ("stakeholders", "adkar_assessments", "resistance_signals"),
         ("stakeholders", "adkar_assessments", "resistance_signals")),
    Area("training", ("training_modules", "training_role_requirements", "training_team_requirements",
                      "training_records", "training_sessions", "training_enrolments"),
         ("training_modules", "training_role_requirements", "training_team_requirements",
          "training_records", "training_sessions", "training_enrolments")),
    Area("delivery", ("dependencies", "gate_items", "raci_responsibilities", "raci_assignments",
                      "decisions", "kpis", "kpi_readings"),
         ("dependencies", "gate_items", "raci_responsibilities", "raci_assignments", "decisions",
          "kpis", "kpi_readings")),
    # Usage events and the weekly roll-up hang off their import and are recomputed, not records.
    Area("adoption", ("adoption_figures",), ("adoption_figures",)),
    Area("imports", ("import_mappings",)),
)


def rollout_record_tables(areas: tuple[Area, ...] = AREAS) -> tuple[str, ...]:
    return tuple(table for area in areas for table in area.rollout_records)


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
                 areas: tuple[Area, ...] = AREAS) -> Iterator[tuple[str, int]]:
    """(table, id) of every record of the rollout, in delete order (children first)."""
    owned = rollout_record_tables(areas)
    for table in reversed(owned):
        for (row_id,) in conn.execute(rollout_row_query(conn, table, owned), (rollout_id,)).fetchall():
            yield table, row_id
