"""The Training page: marking completions and enrolling people, checked in the stored data."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate

from tracker.store.training_queries import Scope
from tracker.ui.context import AppContext
from tracker.ui.dialogs.enrol_dialog import EnrolDialog
from tracker.ui.dialogs.mark_completion_dialog import MarkCompletionDialog
from tracker.ui.pages.training_page import TrainingPage

pytestmark = pytest.mark.gui

TODAY = dt.date.today()


@pytest.fixture
def page(qtbot, org):
    ws = org["ws"]
    end_user = ws.roles.type_by_name("End user").id
    for person in ("ann", "bob", "cy"):
        ws.roles.assign(org["rollout"], org[person], end_user)
    org["module"] = ws.training.create_module(
        org["rollout"], code="AI-201", title="Hands-on", format="workshop", due_date=TODAY + dt.timedelta(days=60),
        available_from=TODAY - dt.timedelta(days=365), role_ids=[end_user])
    context = AppContext()
    context.workspace = ws  # the fixture closes it; set_workspace would close it twice
    ws.add_listener(context._on_store_change)
    widget = TrainingPage(context)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    widget.show_rollout(org["rollout"])
    qtbot.waitUntil(lambda: not widget.progress.loading, timeout=5000)
    yield widget, org
    ws.remove_listener(context._on_store_change)


def claims_row(widget):
    return next(t for t in widget.progress.team_table.source_model.rows() if t.team_name == "Claims")


def test_page_shows_team_progress_from_the_store(page):
    widget, _org = page
    assert claims_row(widget).required == 2  # Ann and Cy
    assert widget.progress.team_chart.figure is not None and widget.progress.burn_chart.figure is not None
    assert widget.tabs.tabText(2) == "Modules (1)"


def test_marking_a_completion_is_stored_and_shown(qtbot, page, monkeypatch):
    widget, org = page
    progress = widget.progress
    progress.team_table.select_where(lambda t: t.team_name == "Claims")
    qtbot.waitUntil(lambda: len(progress.people_table.source_model.rows()) == 2)
    progress.people_table.select_where(lambda r: r.person_name == "Cy Claims")
    assert progress.mark_button.isEnabled()
    day = TODAY - dt.timedelta(days=3)

    def fill_in(dialog):
        dialog.date_edit.setDate(QDate(day.year, day.month, day.day))
        dialog.score_check.setChecked(True)
        dialog.score_spin.setValue(91)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(MarkCompletionDialog, "exec", fill_in)
    progress.mark_button.click()
    ws = org["ws"]
    assert ws.query("SELECT status, completed_on, score FROM training_records WHERE person_id = ?", (org["cy"],)) == [
        {"status": "completed", "completed_on": day.isoformat(), "score": 91.0}]
    qtbot.waitUntil(lambda: not progress.loading and claims_row(widget).completed == 1, timeout=5000)
    assert "1 completed" in progress.summary_label.text()


def test_enrolling_a_person_is_stored_and_a_clash_is_refused(qtbot, page, monkeypatch):
    widget, org = page
    ws = org["ws"]
    start = dt.datetime.combine(TODAY + dt.timedelta(days=10), dt.time(9))
    sessions = ws.training.sessions
    first = sessions.create(module_id=org["module"], starts=start, duration_minutes=180, capacity=5, place="Room 1")
    second = sessions.create(module_id=org["module"], starts=start + dt.timedelta(hours=1), duration_minutes=60,
                             capacity=5, place="Room 2")
    qtbot.waitUntil(lambda: len(widget.sessions.sessions.source_model.rows()) == 2, timeout=5000)
    widget.tabs.setCurrentIndex(1)
    panel = widget.sessions
    shown = {}

    def enrol_bob(dialog):
        assert dialog.select_people([org["bob"]])
        dialog.accept()
        shown["error"] = dialog.error_label.text() if not dialog.error_label.isHidden() else ""
        return dialog.result()

    monkeypatch.setattr(EnrolDialog, "exec", enrol_bob)
    panel.sessions.select_where(lambda s: s.id == first)
    panel.enrol_button.click()
    assert [e.person_id for e in sessions.enrolments(first)] == [org["bob"]]
    qtbot.waitUntil(lambda: [e.person_name for e in panel.enrolments.source_model.rows()] == ["Bob Billing"])

    def enrol_bob_again(dialog):  # Bob already has a seat in this module: not offered; add him by name
        dialog.other_field.setText("Bob Billing (E003)")
        dialog._add_other()
        dialog.accept()
        shown["error"] = dialog.error_label.text()
        return dialog.result()

    monkeypatch.setattr(EnrolDialog, "exec", enrol_bob_again)
    panel.sessions.select_where(lambda s: s.id == second)
    panel.enrol_button.click()
    assert "already booked at that time" in shown["error"]
    assert sessions.enrolments(second) == []
    needs = {n.team_name: n for n in sessions.seat_needs(Scope(org["rollout"]))}
    assert needs["Billing"].seats == 0 and needs["Claims"].seats == 2


def test_import_dialog_previews_in_the_background_then_applies(qtbot, page, tmp_path):
    from tracker.ui.dialogs.training_import_dialog import TrainingImportDialog

    widget, org = page
    yesterday = TODAY - dt.timedelta(days=1)
    lms = tmp_path / "lms.csv"
    lms.write_text(f"employee_id,module,status,completed_on\nE002,AI-201,Done,{yesterday.isoformat()}\n")
    dialog = TrainingImportDialog(widget.context, org["rollout"], widget)
    qtbot.addWidget(dialog)
    dialog.load(lms)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    assert "1 new, 0 changed" in dialog.report_view.toPlainText()
    assert org["ws"].scalar("SELECT COUNT(*) FROM training_records") == 0  # a preview writes nothing
    assert dialog.apply_button.isEnabled()
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.change_id is not None, timeout=5000)
    assert org["ws"].query("SELECT person_id, status FROM training_records") == [
        {"person_id": org["ann"], "status": "completed"}]
    qtbot.waitUntil(lambda: not widget.progress.loading and claims_row(widget).completed == 1, timeout=5000)
