"""Deleting a rollout takes every area's records of it, and one undo brings all of them back;
the areas' declaration (tracker/store/areas.py) is what decides, not a list in Rollouts."""

from __future__ import annotations

from collections import Counter

import pytest
from step_tables import add_tables

from tracker.services.rollout_lifecycle import delete_rollout
from tracker.store import Workspace
from tracker.store.areas import (
    AREAS,
    SYSTEM_TABLES,
    Area,
    area_of_table,
    areas_of,
    rollout_record_tables,
    rollout_row_query,
    rollout_rows,
)
from tracker.store.events import ChangeEvent


def _records(ws) -> dict[str, Counter[tuple]]:
    """Every audited record table's rows (each row with how often it occurs), to compare before
    and after."""
    tables = [a_table for area in AREAS if area.name != "history"
              for a_table in area.tables if a_table not in area.derived]
    return {t: Counter(map(tuple, ws.conn.execute(f"SELECT * FROM {t}"))) for t in sorted(set(tables))}


@pytest.fixture(scope="module")
def sample_file(sample_copy, tmp_path_factory):
    return sample_copy(tmp_path_factory.mktemp("sample") / "s.tracker")


def test_every_sample_rollout_deletes_completely_and_one_undo_restores_it(sample_file, tmp_path):
    ws = Workspace.open(sample_file, create=False)
    copy = ws.save_copy(tmp_path / "copy.tracker")
    ws.close()
    ws = Workspace.open(copy, create=False)
    try:
        rollouts = ws.rollouts.list()
        assert len(rollouts) == 5
        kinds_seen: set[str] = set()
        before = _records(ws)  # the same before each rollout's delete: the undo before it restored it
        for rollout in rollouts:
            owned = {table for table, _id in rollout_rows(ws.conn, rollout.id)}
            kinds_seen |= owned
            delete_rollout(ws, rollout.id)
            assert ws.rollouts.get(rollout.id) is None
            assert list(rollout_rows(ws.conn, rollout.id)) == []
            ws.audit.undo(ws.audit.recent_changes(1)[0].id)
            assert _records(ws) == before, rollout.name
        # The sample holds records of every area that belongs to a rollout.
        assert {"training_records", "training_enrolments", "gate_items", "kpi_readings", "person_roles",
                "resistance_signals", "adkar_assessments", "dependencies"} <= kinds_seen
    finally:
        ws.close()


def test_every_table_that_refers_to_a_rollout_is_declared_by_an_area(workspace):
    """A new table whose rows belong to a rollout must be added to an area, or delete breaks."""
    conn = workspace.conn
    declared = set(rollout_record_tables())
    tables = sorted(workspace.table_names())
    referring = set()
    changed = True
    while changed:
        changed = False
        for table in tables:
            if table in referring:
                continue
            parents = {fk[2] for fk in conn.execute(f"PRAGMA foreign_key_list({table})")}
            if "rollouts" in parents or parents & referring:
                referring.add(table)
                changed = True
    assert referring == declared
    for area in AREAS:  # parents listed before their children: delete runs in reverse
        for i, table in enumerate(area.rollout_records):
            later = set(area.rollout_records[i + 1:])
            parents = {fk[2] for fk in conn.execute(f"PRAGMA foreign_key_list({table})")}
            assert not parents & later, f"{table} is listed before its parent in {area.name}"


def test_a_table_added_to_an_area_is_found_through_its_parent_children_first(org):
    """(Delete, export, erasure and change events of such a table: test_area_extension.py.)"""
    ws = org["ws"]
    add_tables(ws, "CREATE TABLE pilot_notes (id INTEGER PRIMARY KEY, "
                   "rollout_id INTEGER NOT NULL REFERENCES rollouts(id), text TEXT)",
               "CREATE TABLE pilot_note_tags (id INTEGER PRIMARY KEY, "
               "note_id INTEGER NOT NULL REFERENCES pilot_notes(id), tag TEXT)")
    with ws.write("Add note") as w:
        note = w.insert("pilot_notes", {"rollout_id": org["rollout"], "text": "kick-off"})
        w.insert("pilot_note_tags", {"note_id": note, "tag": "people"})
    areas = AREAS + (Area("notes", ("pilot_notes", "pilot_note_tags"), ("pilot_notes", "pilot_note_tags")),)
    assert "note_id IN (SELECT id FROM pilot_notes WHERE rollout_id = ?)" in rollout_row_query(
        ws.conn, "pilot_note_tags", rollout_record_tables(areas))
    rows = list(rollout_rows(ws.conn, org["rollout"], areas))
    assert rows[:2] == [("pilot_note_tags", 1), ("pilot_notes", note)]  # children first
    assert ("pilot_notes", note) not in rollout_rows(ws.conn, org["rollout"])  # not declared


def test_every_table_of_a_new_workspace_belongs_to_exactly_one_area(workspace):
    """Views follow area names (ChangeEvent.areas): a table in no area would refresh nothing."""
    tables = workspace.table_names()
    declared = [table for area in AREAS for table in area.tables]
    assert len(declared) == len(set(declared)), "a table is declared by two areas"
    assert tables - SYSTEM_TABLES == set(declared)


def test_a_change_event_names_the_areas_of_its_tables():
    event = ChangeEvent(frozenset({"training_records", "people", "settings"}), 1, "Import")
    assert event.areas == {"training", "organisation", "settings"}
    assert area_of_table("kpi_readings") == "delivery"
    assert areas_of({"no_such_table"}) == frozenset()
