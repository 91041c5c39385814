"""A stale edit in a record dialog gets the conflict dialog: the other person's change, field by
field, with "Apply mine on top" (saved on their version) or "Keep theirs" (nothing of mine)."""

from __future__ import annotations

import pytest

from tracker.store import Workspace
from tracker.store.errors import StaleRecordError
from tracker.ui.context import AppContext
from tracker.ui.dialogs import conflict_dialog
from tracker.ui.dialogs.conflict_dialog import ConflictDialog
from tracker.ui.dialogs.person_dialog import PersonDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def context(org):
    ctx = AppContext()
    ctx.set_workspace(org["ws"])
    return ctx


def _someone_else_edits(ws: Workspace, person_id: int, **changes) -> None:
    """Another person's edit through a connection of their own, as on a shared workspace."""
    other = ws.for_thread()
    other.user = "bea"
    try:
        other.people.update(person_id, **changes)
    finally:
        other.close()


def _edit_cy_while_bea_renames_him(context, org, qtbot, monkeypatch, choice: bool):
    ws = org["ws"]
    dialog = PersonDialog(context, ws.teams.list(), ws.people.list(), person=ws.people.get(org["cy"]))
    qtbot.addWidget(dialog)
    _someone_else_edits(ws, org["cy"], name="Cyrus Claims", email="cy@example.com")
    asked: list[StaleRecordError] = []

    def ask(parent, error):
        asked.append(error)
        return choice

    monkeypatch.setattr(conflict_dialog, "ask_conflict", ask)
    dialog.title.setText("Senior adjuster")
    dialog.accept()
    return dialog, asked


def test_apply_mine_on_top_keeps_their_fields_and_saves_mine(context, org, qtbot, monkeypatch):
    dialog, asked = _edit_cy_while_bea_renames_him(context, org, qtbot, monkeypatch, choice=True)
    assert len(asked) == 1 and asked[0].changed_by == "bea"
    stored = org["ws"].people.get(org["cy"])
    assert (stored.name, stored.email, stored.title) == ("Cyrus Claims", "cy@example.com", "Senior adjuster")
    assert stored.version == 3
    assert dialog.result() == dialog.DialogCode.Accepted


def test_keep_theirs_saves_nothing_of_mine(context, org, qtbot, monkeypatch):
    dialog, asked = _edit_cy_while_bea_renames_him(context, org, qtbot, monkeypatch, choice=False)
    assert len(asked) == 1
    stored = org["ws"].people.get(org["cy"])
    assert (stored.name, stored.title) == ("Cyrus Claims", "")
    assert stored.version == 2
    assert dialog.result() == dialog.DialogCode.Rejected


def test_the_dialog_shows_theirs_and_mine_field_by_field(org, qtbot):
    ws = org["ws"]
    read = ws.people.get(org["cy"])
    _someone_else_edits(ws, org["cy"], name="Cyrus Claims")
    with pytest.raises(StaleRecordError) as refused:
        ws.people.update(org["cy"], expected_version=read.version, name="Cy C.", title="Adjuster")
    error = refused.value
    assert error.changed_by == "bea" and error.current_version == 2
    assert error.read is not None and error.read["name"] == "Cy Claims"
    dialog = ConflictDialog(error)
    qtbot.addWidget(dialog)
    assert "changed by bea" in dialog.message.text()
    assert dialog.rows() == [("Name", "Cyrus Claims", "Cy C."), ("Title", "(empty)", "Adjuster")]
    assert dialog.apply_mine is not None
    dialog.apply_mine.click()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_a_deleted_record_offers_only_keep_theirs(org, qtbot):
    ws = org["ws"]
    module = ws.training.create_module(org["rollout"], code="T1", title="Basics")
    with ws.write("Remove T1") as w:
        w.delete("training_modules", module)
    with pytest.raises(StaleRecordError) as refused, ws.write("Edit T1") as w:
        w.update("training_modules", module, {"title": "Basics 2"}, expected_version=1)
    dialog = ConflictDialog(refused.value)
    qtbot.addWidget(dialog)
    assert "deleted" in dialog.message.text()
    assert dialog.apply_mine is None


def test_theirs_and_mine_show_side_by_side_without_scrolling(org, qtbot):
    """The dialog is as wide as its table; a long text wraps instead of pushing "Yours" away."""
    ws = org["ws"]
    read = ws.rollouts.get(org["rollout"])
    long_theirs = "Answer first claims questions within a day, " * 6
    other = ws.for_thread()
    other.user = "bea"
    try:
        other.rollouts.update(org["rollout"], description=long_theirs)
    finally:
        other.close()
    with pytest.raises(StaleRecordError) as refused:
        ws.rollouts.update(org["rollout"], expected_version=read.version, description="Within the hour.")
    dialog = ConflictDialog(refused.value)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert [row[0] for row in dialog.rows()] == ["Description"]
    assert dialog.table.horizontalScrollBar().maximum() == 0  # every column in view
    assert dialog.table.rowHeight(0) > 2 * dialog.table.fontMetrics().height()  # theirs wrapped
