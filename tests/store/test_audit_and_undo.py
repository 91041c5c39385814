"""The audit trail records every write; undo and redo are built on it."""

from __future__ import annotations

import pytest

from tracker.domain.enums import Impact
from tracker.services.rollout_lifecycle import delete_rollout
from tracker.store.audit_log import UndoConflictError
from tracker.store.errors import StoreValidationError


def test_each_write_records_who_what_before_and_after(org):
    ws = org["ws"]
    ws.people.update(org["ann"], title="Claims handler")
    entry = ws.audit.history("people", org["ann"])[0]
    assert entry.action == "update"
    assert entry.user == ws.user
    assert entry.before["title"] == "" and entry.after["title"] == "Claims handler"
    assert entry.changed_fields() == ["title"]
    assert entry.label == "Edit Ann Claims"


def test_history_lists_every_change_of_a_record_newest_first(org):
    ws = org["ws"]
    ws.people.update(org["bob"], title="Clerk")
    ws.people.set_active([org["bob"]], False)
    actions = [(e.action, e.changed_fields()) for e in ws.audit.history("people", org["bob"])]
    assert actions[0] == ("update", ["active"])
    assert actions[1] == ("update", ["title"])
    assert actions[-1][0] == "insert"


def test_a_failed_write_records_nothing_and_changes_nothing(org):
    ws = org["ws"]
    changes_before = len(ws.audit.recent_changes())
    with pytest.raises(StoreValidationError):
        with ws.write("Half a change") as w:
            w.update("people", org["ann"], {"title": "Changed"})
            w.insert("teams", {"name": "Claims"})  # duplicate name: fails
    assert ws.people.get(org["ann"]).title == ""
    assert len(ws.audit.recent_changes()) == changes_before


def test_no_op_update_records_no_change(org):
    ws = org["ws"]
    before = len(ws.audit.recent_changes())
    assert ws.people.update(org["ann"], name="Ann Claims") is False
    assert len(ws.audit.recent_changes()) == before


def test_undo_and_redo_an_update(org):
    ws = org["ws"]
    ws.people.update(org["ann"], title="Lead")
    change = ws.audit.recent_changes()[0]
    undo_id = ws.audit.undo(change.id)
    assert ws.people.get(org["ann"]).title == ""
    ws.audit.undo(undo_id)  # redo
    assert ws.people.get(org["ann"]).title == "Lead"


def test_undo_an_insert_and_a_delete(org):
    ws = org["ws"]
    role = ws.roles.type_by_name("Champion")
    ws.roles.assign(org["rollout"], org["ann"], role.id)
    add = ws.audit.recent_changes()[0]
    assignment = ws.roles.assignments(org["rollout"])[0]
    ws.roles.unassign([assignment.id])
    remove = ws.audit.recent_changes()[0]
    ws.audit.undo(remove.id)
    assert [a.id for a in ws.roles.assignments(org["rollout"])] == [assignment.id]
    ws.audit.undo(add.id)
    assert ws.roles.assignments(org["rollout"]) == []


def test_undo_a_multi_record_change_restores_all_of_it(org):
    ws = org["ws"]
    ws.rollouts.set_impact(org["rollout"], org["claims"], Impact.HIGH)
    ws.roles.assign(org["rollout"], org["ann"], ws.roles.type_by_name("Sponsor").id)
    delete_rollout(ws, org["rollout"])
    assert ws.rollouts.get(org["rollout"]) is None
    ws.audit.undo(ws.audit.recent_changes()[0].id)
    assert ws.rollouts.get(org["rollout"]).name == "Claims triage assistant"
    assert [p.impact for p in ws.rollouts.participation(org["rollout"])] == [Impact.HIGH]
    assert len(ws.roles.assignments(org["rollout"])) == 1


def test_undo_refuses_to_overwrite_a_later_edit(org):
    ws = org["ws"]
    ws.people.update(org["ann"], title="Lead")
    first = ws.audit.recent_changes()[0]
    ws.people.update(org["ann"], title="Senior lead")
    with pytest.raises(UndoConflictError, match="changed again"):
        ws.audit.undo(first.id)
    assert ws.people.get(org["ann"]).title == "Senior lead"


def test_changes_are_announced_with_tables_and_change_id(org):
    ws = org["ws"]
    events = []
    ws.add_listener(events.append)
    ws.people.update(org["ann"], title="Lead")
    assert events[-1].tables == {"people"}
    assert events[-1].change_id == ws.audit.recent_changes()[0].id
    ws.audit.undo(events[-1].change_id)
    assert events[-1].reverts_id == events[-2].change_id
