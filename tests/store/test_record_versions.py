"""Every record has a version the writer moves on; an edit based on an old one is refused with
who changed the record and when, and nothing of it is written (both engines)."""

from __future__ import annotations

import pytest

from tracker.store.areas import AREAS
from tracker.store.audit_log import UndoConflictError
from tracker.store.errors import StaleRecordError, StoreValidationError
from tracker.store.schema_versions import RECORD_TABLES


def _columns(ws, table):
    return [r[1] for r in ws.conn.execute(f"PRAGMA table_info({table})")]


def test_every_record_table_the_areas_declare_has_a_version(workspace):
    expected = set()
    for area in AREAS:
        if area.name == "history":
            continue
        for table in area.tables:
            if table not in area.derived and "id" in _columns(workspace, table):
                expected.add(table)
    assert expected == set(RECORD_TABLES)
    for table in RECORD_TABLES:
        assert "version" in _columns(workspace, table), table
    for table in ("changes", "audit", "training_counts", "settings"):
        assert "version" not in _columns(workspace, table), table


def _version(ws, table, row_id):
    return ws.scalar(f"SELECT version FROM {table} WHERE id = ?", (row_id,))


def test_updates_move_the_version_on_and_restore_keeps_it(org):
    ws = org["ws"]
    assert _version(ws, "people", org["cy"]) == 1
    ws.people.update(org["cy"], title="Adjuster")
    assert ws.people.get(org["cy"]).version == 2
    ws.people.update(org["cy"], title="Adjuster")  # nothing changes: no new version
    assert _version(ws, "people", org["cy"]) == 2
    with ws.write("Retitle") as w:
        w.update_many("people", [(org["cy"], {"title": "Lead"}), (org["ann"], {"title": "Lead"})])
    assert (_version(ws, "people", org["cy"]), _version(ws, "people", org["ann"])) == (3, 2)
    module = ws.training.create_module(org["rollout"], code="T1", title="Basics")
    ws.training.update_module(module, code="T1", title="Basics 2")
    with ws.write("Remove T1") as w:
        w.delete("training_modules", module, expected_version=2)
    undo = ws.audit.undo(w.change_id)
    assert undo is not None and _version(ws, "training_modules", module) == 2
    with pytest.raises(ValueError, match="version"), ws.write("x") as w:
        w.update("people", org["cy"], {"version": 9})


def test_an_edit_of_an_old_version_is_refused_naming_who_and_when(org):
    ws = org["ws"]
    read = ws.rollouts.get(org["rollout"])
    ws.user = "bea"
    ws.rollouts.update(org["rollout"], description="Bea's words")
    ws.user = "al"
    before = ws.scalar("SELECT COUNT(*) FROM changes")
    with pytest.raises(StaleRecordError) as refused:
        ws.rollouts.update(org["rollout"], expected_version=read.version, description="Al's words")
    error = refused.value
    assert error.changed_by == "bea" and error.changed_at
    assert "changed by bea at" in str(error) and "not saved" in str(error)
    assert error.current is not None and error.current["description"] == "Bea's words"
    assert error.read is not None and error.read["description"] == ""
    assert error.attempted["description"] == "Al's words"
    assert ws.rollouts.get(org["rollout"]).description == "Bea's words"
    assert ws.scalar("SELECT COUNT(*) FROM changes") == before  # nothing recorded either
    # Based on the version now stored, the same edit goes through.
    assert ws.rollouts.update(org["rollout"], expected_version=error.current_version, description="Al's words")
    assert ws.rollouts.get(org["rollout"]).version == 3


def test_a_stale_delete_is_refused_and_a_deleted_record_says_so(org):
    ws = org["ws"]
    module = ws.training.create_module(org["rollout"], code="T1", title="Basics")
    ws.training.update_module(module, code="T1", title="Basics 2")
    with pytest.raises(StaleRecordError), ws.write("Remove") as w:
        w.delete("training_modules", module, expected_version=1)
    assert _version(ws, "training_modules", module) == 2
    with ws.write("Remove") as w:
        w.delete("training_modules", module)
    with pytest.raises(StaleRecordError, match="deleted") as refused, ws.write("Edit") as w:
        w.update("training_modules", module, {"title": "x"}, expected_version=2)
    assert refused.value.current is None and refused.value.current_version is None
    with pytest.raises(StoreValidationError, match="training module no longer exists"), ws.write("Edit") as w:
        w.update("training_modules", module, {"title": "x"})


def test_undo_refuses_over_someone_elses_later_edit_naming_them(org):
    ws = org["ws"]
    ws.user = "al"
    ws.teams.update(org["claims"], name="Claims A", parent_id=org["root"], lead_id=None)
    mine = ws.audit.recent_changes(1)[0].id
    ws.user = "bea"
    ws.teams.update(org["claims"], name="Claims B", parent_id=org["root"], lead_id=None)
    ws.user = "al"
    with pytest.raises(UndoConflictError, match="changed again since by bea at "):
        ws.audit.undo(mine)


def test_the_trail_names_the_database_user_on_a_server(workspace, engine):
    workspace.teams.create("Claims")
    user = workspace.audit.recent_changes(1)[0].user
    if engine == "postgresql":
        assert user == workspace.scalar("SELECT session_user")
    assert user == workspace.user
