"""A table added to an area's declaration (tracker/store/areas.py) is covered by rollout delete,
the change events' area names, the portable export and import, and person erasure, without an
edit anywhere else: each of them reads the declaration when it runs."""

from __future__ import annotations

import pytest
from step_tables import add_tables

from tracker.domain.portable_format import Column, Ref, Sheet
from tracker.services.portable_export import collect, export_workbook
from tracker.services.portable_import import apply_portable, preview_portable
from tracker.services.rollout_lifecycle import delete_rollout
from tracker.store import Workspace, areas
from tracker.store.areas import AREAS, Area, PersonNotes
from tracker.store.erasure import erase_person
from tracker.store.events import ChangeEvent

NOTES = Sheet("pilot_notes", "pilot_notes", "Notes taken during a pilot.", (
    Column("rollout", required=True, key=True),
    Column("text", required=True, key=True, field="text"),
    Column("about", doc="employee id of the person it is about"),
    Column("private", field="private", default="", personal=True),
), refs=(Ref("rollout_id", "rollout", ("rollout",)), Ref("person_id", "person", ("about",))))

NOTES_AREA = Area("notes", ("pilot_notes", "pilot_note_tags"), ("pilot_notes", "pilot_note_tags"),
                  sheets=(NOTES,), person_notes=(PersonNotes("pilot_notes", cleared=("private",)),))


def _add_tables(ws: Workspace) -> None:
    add_tables(ws, "CREATE TABLE pilot_notes (id INTEGER PRIMARY KEY, "
                   "rollout_id INTEGER NOT NULL REFERENCES rollouts(id), text TEXT NOT NULL, "
                   "person_id INTEGER REFERENCES people(id), private TEXT NOT NULL DEFAULT '')",
               "CREATE TABLE pilot_note_tags (id INTEGER PRIMARY KEY, "
               "note_id INTEGER NOT NULL REFERENCES pilot_notes(id), tag TEXT NOT NULL)")


@pytest.fixture
def with_notes(org, monkeypatch):
    """The org workspace with the notes area declared and one note (with a tag) about Ann."""
    monkeypatch.setattr(areas, "AREAS", AREAS + (NOTES_AREA,))
    ws = org["ws"]
    _add_tables(ws)
    events: list[ChangeEvent] = []
    ws.add_listener(events.append)
    with ws.write("Add note") as w:
        note = w.insert("pilot_notes", {"rollout_id": org["rollout"], "text": "Ann Claims asked for a demo",
                                        "person_id": org["ann"], "private": "prefers mornings"})
        w.insert("pilot_note_tags", {"note_id": note, "tag": "people"})
    return {**org, "note": note, "events": events}


def test_a_change_to_the_new_tables_names_the_new_area(with_notes):
    assert with_notes["events"][-1].areas == {"notes"}


def test_rollout_delete_takes_the_new_tables_and_undo_brings_them_back(with_notes):
    ws = with_notes["ws"]
    delete_rollout(ws, with_notes["rollout"])
    assert ws.scalar("SELECT COUNT(*) FROM pilot_notes") == 0
    assert ws.scalar("SELECT COUNT(*) FROM pilot_note_tags") == 0
    ws.audit.undo(ws.audit.recent_changes(1)[0].id)
    assert ws.scalar("SELECT text FROM pilot_notes") == "Ann Claims asked for a demo"
    assert ws.scalar("SELECT tag FROM pilot_note_tags") == "people"


def test_the_export_writes_the_new_sheet_and_the_import_reads_it_back(with_notes, tmp_path):
    ws = with_notes["ws"]
    exported = {part.sheet.name: part.rows for part in collect(ws)}
    assert exported["pilot_notes"] == [{"rollout": "Claims triage assistant", "text": "Ann Claims asked for a demo",
                                        "about": "E002", "private": "prefers mornings"}]
    workbook = export_workbook(ws, tmp_path / "all.xlsx")
    with Workspace.open(tmp_path / "copy.tracker") as copy:
        _add_tables(copy)
        preview = preview_portable(copy, workbook)
        assert preview.ok, preview.report()
        apply_portable(copy, preview)
        assert copy.query("SELECT text, private FROM pilot_notes") == [
            {"text": "Ann Claims asked for a demo", "private": "prefers mornings"}]
        assert copy.scalar("SELECT employee_id FROM people WHERE id = "
                           "(SELECT person_id FROM pilot_notes)") == "E002"


def test_erasure_empties_the_declared_notes_and_scrubs_the_new_table(with_notes):
    ws = with_notes["ws"]
    erase_person(ws, with_notes["ann"])
    row = ws.query("SELECT text, private FROM pilot_notes")[0]
    assert row["private"] == ""
    assert "Ann" not in row["text"] and row["text"].endswith("asked for a demo")
