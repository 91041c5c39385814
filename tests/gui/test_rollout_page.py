"""The Rollout page, driven through its widgets and checked in the stored data.

Modal dialogs are not shown: their `exec` is replaced by a function that fills them in and
accepts them, so the page's own code path (open dialog, read result) still runs.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox

from tracker.domain.enums import Impact, Stage
from tracker.store import Workspace
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.add_teams_dialog import AddTeamsDialog
from tracker.ui.dialogs.assign_role_dialog import AssignRoleDialog
from tracker.ui.dialogs.new_rollout_dialog import NewRolloutDialog
from tracker.ui.pages.rollout_page import EMPTY_HINT, RolloutPage

pytestmark = pytest.mark.gui


@pytest.fixture
def ctx(org, qtbot):
    context = AppContext()
    context.set_workspace(org["ws"])  # the `workspace` fixture closes it (close() is idempotent)
    return context


@pytest.fixture
def page(ctx, qtbot):
    widget = RolloutPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()  # a hidden page defers its refreshes until it is shown, as in the window
    return widget


@pytest.fixture
def confirm(monkeypatch):
    """Replace the destructive-action question; `answer["value"]` is what the user clicks."""
    asked: list[str] = []
    answer = {"value": True}

    def ask(parent, title, text, action, detail=""):
        asked.append(f"{text} {detail}")
        return answer["value"]

    monkeypatch.setattr(confirm_action, "ask", ask)
    return asked, answer


def _run_dialog(monkeypatch, cls, fill):
    """Make `cls.exec` fill the dialog in and press OK, as a user would."""
    def fake_exec(self):
        fill(self)
        self.accept()
        return int(self.result() == QDialog.DialogCode.Accepted)
    monkeypatch.setattr(cls, "exec", fake_exec)


def _role_id(ws, name):
    return ws.roles.type_by_name(name).id


# ------------------------------------------------------------------ the flow
def test_create_add_team_assign_role_then_undo(org, ctx, page, qtbot, monkeypatch):
    ws = org["ws"]
    dialog = NewRolloutDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Fraud early warning")
    dialog.stage_combo.setCurrentIndex(dialog.stage_combo.findData(Stage.SCALING.value))
    dialog.target_spin.setValue(60)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    created = ws.rollouts.get(dialog.rollout_id)
    assert (created.name, created.stage, created.target_adoption) == ("Fraud early warning", Stage.SCALING, 0.6)

    ctx.rollout_selected.emit(dialog.rollout_id)
    assert page.rollout_id == dialog.rollout_id
    assert page.name_label.text() == "Fraud early warning"

    def add_claims(d: AddTeamsDialog):
        d.check_team(org["claims"])
        d.set_impact(Impact.HIGH)
    _run_dialog(monkeypatch, AddTeamsDialog, add_claims)
    page.teams_panel.add_button.click()
    [part] = ws.rollouts.participation(dialog.rollout_id)
    assert (part.team_id, part.impact) == (org["claims"], Impact.HIGH)
    assert page.teams_panel.row_count() == 1
    assert "1 high impact" in page.teams_panel.summary_label.text()

    def make_ann_champion(d: AssignRoleDialog):
        d.person_field.setText("Ann Claims (E002) – Claims")
        d.set_role(_role_id(ws, "Champion"))
    _run_dialog(monkeypatch, AssignRoleDialog, make_ann_champion)
    page.roles_panel.assign_button.click()
    [assignment] = ws.roles.assignments(dialog.rollout_id)
    assert (assignment.person_id, assignment.role_name) == (org["ann"], "Champion")
    assert page.roles_panel.row_count() == 1

    ctx.undo.undo()
    assert ws.roles.assignments(dialog.rollout_id) == []
    assert page.roles_panel.row_count() == 0  # the page heard the undo
    assert len(ws.rollouts.participation(dialog.rollout_id)) == 1  # only the last step undone


def test_new_rollout_dialog_refuses_duplicate_name(org, ctx, qtbot):
    dialog = NewRolloutDialog(ctx)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # no name yet
    dialog.name_edit.setText("claims TRIAGE assistant")
    assert not ok.isEnabled()
    assert "already a rollout" in dialog.error_label.text()
    dialog.accept()
    assert dialog.rollout_id is None and len(org["ws"].rollouts.list()) == 1


def test_empty_state_without_a_rollout(page):
    assert page.stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == EMPTY_HINT


# ------------------------------------------------------------------ details form
def test_go_live_before_start_disables_save_and_says_why(org, ctx, page):
    ctx.rollout_selected.emit(org["rollout"])
    form = page.details
    form.start_edit.set_date(dt.date(2025, 3, 1))
    form.go_live_edit.set_date(dt.date(2025, 2, 1))
    form.name_edit.setText("Claims triage assistant v2")  # an edit, to make the form dirty
    assert form.is_dirty()
    assert not form.save_button.isEnabled()
    assert form.dates_error.isVisibleTo(form)
    assert form.dates_error.text() == "Go-live cannot be before the start date."
    assert form.save() is False
    assert org["ws"].rollouts.get(org["rollout"]).name == "Claims triage assistant"


def test_stage_changes_through_the_gate_check_and_is_logged(org, ctx, page, monkeypatch):
    """The Details tab shows the stage; "Change stage…" is the promote dialog, never a plain edit."""
    from tracker.ui.dialogs.promote_dialog import PromoteDialog

    ws = org["ws"]
    ctx.rollout_selected.emit(org["rollout"])
    form = page.details
    assert "Pilot" in form.stage_label.text() and form.stage_button.isEnabled()
    assert "stage" not in form.values()
    form.description_edit.setPlainText("Typed but not saved")  # unsaved edits survive the move
    seen = []

    def fill(dialog):
        seen.append((dialog.target(), dialog.open_list.count()))
        dialog.decided_by_edit.setText("AI steering committee")
        dialog.confirm_check.setChecked(True)
    _run_dialog(monkeypatch, PromoteDialog, fill)
    dialog = form.change_stage()
    assert seen == [(Stage.SCALING, 9)] and dialog.decision_id is not None
    assert ws.rollouts.get(org["rollout"]).stage is Stage.SCALING
    [decision] = ws.delivery.decisions.list(org["rollout"])
    assert (decision.from_stage, decision.to_stage, decision.decided_by) == (
        Stage.PILOT, Stage.SCALING, "AI steering committee")
    assert "Scaling" in form.stage_label.text() and "Scaling" in page.meta_label.text()
    assert form.is_dirty() and form.description_edit.toPlainText() == "Typed but not saved"
    assert form.save()
    assert ws.rollouts.get(org["rollout"]).stage is Stage.SCALING


def test_cancelled_stage_change_changes_nothing(org, ctx, page, monkeypatch):
    from tracker.ui.dialogs.promote_dialog import PromoteDialog

    ctx.rollout_selected.emit(org["rollout"])
    monkeypatch.setattr(PromoteDialog, "exec", lambda self: self.reject() or 0)
    assert page.details.change_stage().decision_id is None
    assert org["ws"].rollouts.get(org["rollout"]).stage is Stage.PILOT
    assert org["ws"].delivery.decisions.list(org["rollout"]) == []


def test_duplicate_name_refused(org, ctx, page):
    ws = org["ws"]
    ws.rollouts.create(name="Contract summariser")
    ctx.rollout_selected.emit(org["rollout"])
    page.details.name_edit.setText("contract summariser")
    assert "already a rollout" in page.details.name_error.text()
    assert not page.details.save_button.isEnabled()
    assert page.details.save() is False
    assert ws.rollouts.get(org["rollout"]).name == "Claims triage assistant"


def test_save_persists_every_field(org, ctx, page, qtbot):
    ws = org["ws"]
    ctx.rollout_selected.emit(org["rollout"])
    form = page.details
    assert not form.save_button.isEnabled() and not form.revert_button.isEnabled()
    form.name_edit.setText("  Claims triage assistant (EU)  ")
    form.description_edit.setPlainText("Cut first-touch time from 2 days to 2 hours.")
    form.owner_field.setText("Ann Claims (E002)")
    form.sponsor_field.setText("E003")  # an employee id alone is enough
    form.start_edit.set_date(dt.date(2025, 1, 6))
    form.go_live_edit.set_date(dt.date(2025, 4, 1))
    form.target_date_edit.set_date(dt.date(2025, 9, 30))
    form.target_spin.setValue(75)
    assert form.save_button.isEnabled() and form.revert_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    saved = ws.rollouts.get(org["rollout"])
    assert saved.name == "Claims triage assistant (EU)"
    assert saved.description == "Cut first-touch time from 2 days to 2 hours."
    assert saved.stage is Stage.PILOT  # the stage moves only through "Change stage…"
    assert (saved.owner_id, saved.sponsor_id) == (org["ann"], org["bob"])
    assert (saved.start_date, saved.go_live_date, saved.target_date) == (
        dt.date(2025, 1, 6), dt.date(2025, 4, 1), dt.date(2025, 9, 30))
    assert saved.target_adoption == pytest.approx(0.75)
    assert not form.is_dirty() and not form.save_button.isEnabled()
    assert page.name_label.text() == "Claims triage assistant (EU)"
    # Dates are optional: clearing one stores None.
    form.target_date_edit._check.setChecked(False)
    assert form.save()
    assert ws.rollouts.get(org["rollout"]).target_date is None


def test_unknown_owner_is_refused_and_revert_restores(org, ctx, page):
    ctx.rollout_selected.emit(org["rollout"])
    form = page.details
    assert form.owner_field.text() == "Ada Boss (E001)"
    form.owner_field.setText("Nobody Known")
    assert "No one matches" in form.owner_error.text()
    assert not form.save_button.isEnabled()
    form.revert_button.click()
    assert form.owner_field.text() == "Ada Boss (E001)" and not form.is_dirty()


def test_store_refusal_is_shown_and_input_kept(org, ctx, page, monkeypatch):
    ws = org["ws"]
    ctx.rollout_selected.emit(org["rollout"])
    page.details.name_edit.setText("Renamed")
    from tracker.store.errors import StoreValidationError

    def refuse(*_a, **_k):
        raise StoreValidationError("Someone else took that name a moment ago.")
    monkeypatch.setattr(ws.rollouts, "update", refuse)
    assert page.details.save() is False
    assert page.details.store_error.text() == "Someone else took that name a moment ago."
    assert page.details.name_edit.text() == "Renamed" and page.details.is_dirty()


def test_switching_rollout_with_unsaved_edits_asks(org, ctx, page, monkeypatch, qtbot):
    ws = org["ws"]
    other = ws.rollouts.create(name="Contract summariser")
    ctx.rollout_selected.emit(org["rollout"])
    page.details.name_edit.setText("Edited name")
    answers = []

    def question(*_args, **_kwargs):
        return answers.pop(0)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))

    answers.append(QMessageBox.StandardButton.Cancel)
    ctx.rollout_selected.emit(other)
    assert page.rollout_id == org["rollout"]
    assert page.details.name_edit.text() == "Edited name"
    # The page asks the navigator to re-select the rollout it stayed on.
    with qtbot.waitSignal(ctx.rollout_selected, timeout=1000) as blocker:
        pass
    assert blocker.args == [org["rollout"]]

    answers.append(QMessageBox.StandardButton.Discard)
    ctx.rollout_selected.emit(other)
    assert page.rollout_id == other
    assert ws.rollouts.get(org["rollout"]).name == "Claims triage assistant"

    page.details.description_edit.setPlainText("Summarise supplier contracts.")
    answers.append(QMessageBox.StandardButton.Save)
    ctx.rollout_selected.emit(org["rollout"])
    assert page.rollout_id == org["rollout"]
    assert ws.rollouts.get(other).description == "Summarise supplier contracts."
    assert page.can_close()  # nothing unsaved now: no question


# ------------------------------------------------------------------ delete, read-only
def test_delete_rollout_names_what_goes_and_is_undoable(org, ctx, page, confirm):
    ws = org["ws"]
    rid = org["rollout"]
    ws.rollouts.set_impact(rid, org["claims"], Impact.HIGH)
    ws.roles.assign(rid, org["ann"], _role_id(ws, "Champion"))
    ws.roles.assign(rid, org["bob"], _role_id(ws, "End user"))
    ctx.rollout_selected.emit(rid)
    page.delete_button.click()
    asked, _ = confirm
    assert "Claims triage assistant" in asked[0]
    assert "1 participating team, 2 role assignments and everything else" in asked[0]
    assert ws.rollouts.get(rid) is None
    assert page.stack.currentWidget() is page.empty_label
    ctx.undo.undo()
    assert ws.rollouts.get(rid) is not None
    assert len(ws.roles.assignments(rid)) == 2 and len(ws.rollouts.participation(rid)) == 1


def test_read_only_disables_editing(org, qtbot):
    org["ws"].rollouts.set_impact(org["rollout"], org["claims"], Impact.HIGH)
    path = org["ws"].path
    readonly = Workspace.open(path, readonly=True)
    context = AppContext()
    context.set_workspace(readonly)
    page = RolloutPage(context)
    qtbot.addWidget(page)
    page.show()  # a hidden page loads the rollout when shown
    try:
        context.rollout_selected.emit(org["rollout"])
        assert page.stack.currentIndex() == 1
        form = page.details
        assert form.name_edit.isReadOnly() and not form.stage_button.isEnabled()
        assert form.change_stage() is None
        assert form.owner_field.isReadOnly()
        form.name_edit.setText("Changed")  # programmatic: still must not be saveable
        assert not form.save_button.isEnabled() and form.save() is False
        assert not page.delete_button.isEnabled()
        assert not page.teams_panel.add_button.isEnabled()
        assert not page.roles_panel.assign_button.isEnabled()
        assert not page.roles_panel.manage_button.isEnabled()
        page.teams_panel.table.selectAll()
        assert not page.teams_panel.remove_button.isEnabled()
    finally:
        context.set_workspace(None)  # closes the read-only copy (not the fixture's)


# ------------------------------------------------------------------ keyboard, refresh
def test_ctrl_s_saves_and_del_removes(org, ctx, page, confirm):
    """The offscreen platform has no active window, so key presses never reach QShortcutMap;
    check the bindings, then fire them as Qt would."""
    ws = org["ws"]
    rid = org["rollout"]
    ws.rollouts.set_impact(rid, org["claims"], Impact.HIGH)
    ctx.rollout_selected.emit(rid)
    save_key = page.details._save_key
    assert save_key.key().matches(QKeySequence("Ctrl+S")) == QKeySequence.SequenceMatch.ExactMatch
    assert save_key.context() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    page.details.name_edit.setText("Saved by keyboard")
    save_key.activated.emit()
    assert ws.rollouts.get(rid).name == "Saved by keyboard"

    remove = page.teams_panel.remove_action
    assert remove.shortcut() == QKeySequence(Qt.Key.Key_Delete)
    assert remove in page.teams_panel.table.actions()
    page.teams_panel.table.selectRow(0)
    remove.trigger()
    assert ws.rollouts.participation(rid) == []
    assert page.roles_panel.remove_action.shortcut() == QKeySequence(Qt.Key.Key_Delete)


def test_undo_of_a_details_edit_shows_in_the_form(org, ctx, page):
    ws = org["ws"]
    ctx.rollout_selected.emit(org["rollout"])
    page.details.target_spin.setValue(40)
    assert page.details.save()
    assert ws.rollouts.get(org["rollout"]).target_adoption == pytest.approx(0.4)
    ctx.undo.undo()
    assert ws.rollouts.get(org["rollout"]).target_adoption is None
    assert page.details.target_spin.value() == 0 and not page.details.is_dirty()
    assert page.details.target_spin.text() == "Not set"


def test_a_hidden_page_catches_up_with_changes_when_shown(page, org):
    ws = org["ws"]
    page.context.rollout_selected.emit(org["rollout"])
    page.hide()
    ws.rollouts.set_impact(org["rollout"], org["claims"], Impact.HIGH)
    assert page.teams_panel.row_count() == 0  # nothing done while nobody could see it
    page.show()
    assert page.teams_panel.row_count() == 1
