"""The history dialog reads the audit trail back in words: when, who, what, before → after."""

from __future__ import annotations

import pytest

from tracker.ui.context import AppContext
from tracker.ui.dialogs import history_dialog
from tracker.ui.dialogs.history_dialog import HistoryDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def ctx(org):
    context = AppContext()
    context.set_workspace(org["ws"])
    return context


def rows(view) -> list[tuple]:
    model = view.filter_model
    return [tuple(model.index(r, c).data() for c in range(model.columnCount())) for r in range(model.rowCount())]


def test_recent_changes_newest_first_with_what_they_changed(ctx, org, qtbot):
    ws = org["ws"]
    ws.people.update(org["ann"], title="Claims lead", team_id=org["billing"])
    dialog = HistoryDialog(ctx)
    qtbot.addWidget(dialog)
    changes = rows(dialog.changes)
    assert changes[0][1:] == (ws.user, "Edit Ann Claims")
    assert changes[-1][2] == "Add team Operations"
    assert len(changes) == 9  # 3 teams, 4 people, 1 rollout, the edit
    assert dialog.changes.current_record().label == "Edit Ann Claims"  # the newest is selected
    assert rows(dialog.fields) == [
        ("Person Ann Claims", "Title", "", "Claims lead"),
        ("Person Ann Claims", "Team", "Claims", "Billing"),
    ]


def test_one_records_history_names_related_records(ctx, org, qtbot):
    ws = org["ws"]
    ws.people.update(org["cy"], manager_id=org["boss"])
    ws.people.set_active([org["cy"]], False)
    dialog = HistoryDialog(ctx, entity="people", entity_id=org["cy"], title="History of Cy")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "History of Cy"
    assert [r[2:] for r in rows(dialog.changes)] == [
        ("Deactivate Cy Claims", "Changed"), ("Edit Cy Claims", "Changed"), ("Add Cy Claims", "Added"),
    ]
    assert rows(dialog.fields) == [("Active", "Yes", "No")]
    dialog.changes.selectRow(1)
    assert rows(dialog.fields) == [("Manager", "Ann Claims", "Ada Boss")]
    dialog.changes.selectRow(2)
    assert ("Employee id", "", "E004") in rows(dialog.fields)
    assert ("Team", "", "Claims") in rows(dialog.fields)


def test_role_assignments_are_described(ctx, org, qtbot):
    ws = org["ws"]
    ws.roles.assign(org["rollout"], org["ann"], ws.roles.type_by_name("Champion").id)
    dialog = HistoryDialog(ctx)
    qtbot.addWidget(dialog)
    records = {r[0] for r in rows(dialog.fields)}
    assert records == {"Role held: Ann Claims as Champion"}


def test_the_dialog_follows_new_changes_and_undo(ctx, org, qtbot):
    dialog = HistoryDialog(ctx, entity="teams", entity_id=org["claims"])
    qtbot.addWidget(dialog)
    assert len(rows(dialog.changes)) == 1
    org["ws"].teams.update(org["claims"], name="Claims handling", parent_id=org["root"], lead_id=None)
    assert rows(dialog.changes)[0][2] == "Edit team Claims handling"
    ctx.undo.undo()
    assert rows(dialog.changes)[0][2] == "Undo: Edit team Claims handling"
    assert rows(dialog.fields) == [("Name", "Claims handling", "Claims")]
    org["ws"].people.update(org["bob"], title="Analyst")  # another record: not listed
    assert len(rows(dialog.changes)) == 3
    dialog.changes.selectRow(2)  # reading an older entry: new changes do not move the selection
    org["ws"].teams.update(org["claims"], name="Claims desk", parent_id=org["root"], lead_id=None)
    assert dialog.changes.current_record().label == "Add team Claims"


def test_big_changes_show_the_first_records_and_say_so(ctx, org, qtbot, monkeypatch):
    monkeypatch.setattr(history_dialog, "DETAIL_RECORDS", 2)
    ws = org["ws"]
    ws.people.set_active([org["ann"], org["bob"], org["cy"]], False)
    dialog = HistoryDialog(ctx)
    qtbot.addWidget(dialog)
    assert len(rows(dialog.fields)) == 2
    assert dialog.details_note.text() == "Showing the first 2 of the 3 records this change touched."


def test_empty_and_closed_workspaces(org, qtbot):
    context = AppContext()
    dialog = HistoryDialog(context)
    qtbot.addWidget(dialog)
    assert rows(dialog.changes) == []
    assert dialog.summary.text() == "No workspace is open."


def test_an_export_shows_what_went_out(ctx, org, qtbot, tmp_path):
    from tracker.domain.export_log import WINDOW
    from tracker.store.export_log import record_export

    ws = org["ws"]
    assert record_export(ws, "all_data", tmp_path / "shared.xlsx", rollouts=["Claims triage assistant"],
                         pseudonymised=True, made_with=WINDOW) is None
    dialog = HistoryDialog(ctx)
    qtbot.addWidget(dialog)
    assert rows(dialog.changes)[0][1:] == (
        ws.user, "Exported all data to shared.xlsx (1 rollout, pseudonymised)")
    assert rows(dialog.fields) == [
        ("Export", "Kind", "", "All data"), ("Export", "File", "", "shared.xlsx"),
        ("Export", "Pseudonymised", "", "Yes"), ("Export", "Rollouts", "", "Claims triage assistant"),
        ("Export", "Made with", "", "the window"),
    ]
    assert not ctx.undo.can_undo()  # not an edit: nothing to undo
