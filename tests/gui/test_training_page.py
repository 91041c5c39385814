"""The Training page: marking completions and enrolling people, checked in the stored data."""

from __future__ import annotations

import datetime as dt

import pytest
from conflict_fixtures import answer, someone_else  # noqa: F401 - a fixture
from PySide6.QtCore import QDate, QDateTime, QTime
from training_page_fixtures import TODAY, page  # noqa: F401 - a fixture

from tracker.domain.training import TrainingStatus
from tracker.store.training_queries import Scope
from tracker.ui.context import AppContext
from tracker.ui.dialogs.enrol_dialog import EnrolDialog
from tracker.ui.dialogs.mark_completion_dialog import MarkCompletionDialog

pytestmark = pytest.mark.gui


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


def test_import_dialog_names_the_recognised_lms_export(qtbot, page, tmp_path):
    from tracker.ui.dialogs.training_import_dialog import TrainingImportDialog

    widget, org = page
    lms = tmp_path / "transcript.csv"
    lms.write_text("User - User ID,Training - Training Title,Transcript - Transcript Status\r\n"
                   "E002,AI-201,In Progress\r\nE002,Excel,Completed\r\n", encoding="utf-8-sig")
    dialog = TrainingImportDialog(widget.context, org["rollout"], widget)
    qtbot.addWidget(dialog)
    assert "Cornerstone transcript report" in dialog.kind.hint
    dialog.load(lms)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    text = dialog.report_view.toPlainText()
    assert text.splitlines()[0] == "Recognised: Cornerstone transcript report"
    assert "1 new, 0 changed" in text and "'Excel' (1 row)" in text
    assert dialog.apply_button.isEnabled()
    mapped = dialog.kind.preview(org["ws"], lms, progress=lambda *_: None, cancelled=lambda: False,
                                 overrides={"module": "Training - Training Title"})
    assert mapped.ok and mapped.layout_title == "Cornerstone transcript report"  # "Match columns…" choices


def test_a_module_is_assigned_by_hand_and_taken_off_again(qtbot, page, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    widget, org = page
    ws, progress = org["ws"], widget.progress
    extra = ws.training.create_module(org["rollout"], code="AI-301", title="Prompting", format="e_learning",
                                      available_from=TODAY - dt.timedelta(days=30))
    qtbot.waitUntil(lambda: not progress.loading and progress.module_combo.count() == 3, timeout=5000)
    progress.team_table.select_where(lambda t: t.team_name == "Claims")
    qtbot.waitUntil(lambda: len(progress.people_table.source_model.rows()) == 2)
    assert not progress.assign_button.isEnabled()
    progress.people_table.select_where(lambda r: r.person_name == "Cy Claims")
    assert progress.assign_button.isEnabled() and not progress.unassign_button.isEnabled()
    offered = {}

    def pick(_parent, _title, label, items, current, editable):
        offered.update(label=label, items=list(items))
        return "AI-301 – Prompting", True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(pick))
    progress.assign_button.click()
    assert offered["items"] == ["AI-201 – Hands-on", "AI-301 – Prompting"] and "Cy Claims" in offered["label"]
    assert ws.query("SELECT module_id, assigned FROM training_records WHERE person_id = ?", (org["cy"],)) == [
        {"module_id": extra, "assigned": 1}]
    qtbot.waitUntil(lambda: not progress.loading and claims_row(widget).required == 3, timeout=5000)
    qtbot.waitUntil(lambda: any(r.assigned_by_hand for r in progress.people_table.source_model.rows()))

    progress.people_table.select_where(lambda r: r.person_name == "Cy Claims" and r.module_code == "AI-301")
    assert progress.unassign_button.isEnabled()
    progress.unassign_button.click()
    assert ws.scalar("SELECT assigned FROM training_records WHERE person_id = ?", (org["cy"],)) == 0
    qtbot.waitUntil(lambda: not progress.loading and claims_row(widget).required == 2, timeout=5000)
    ws.audit.undo(ws.audit.recent_changes(1)[0].id)  # one step brings the hand assignment back
    assert ws.scalar("SELECT assigned FROM training_records WHERE person_id = ?", (org["cy"],)) == 1


def test_everyone_who_attended_a_session_is_marked_completed_on_its_day(qtbot, page, monkeypatch):
    widget, org = page
    ws, sessions = org["ws"], org["ws"].training.sessions
    held = dt.datetime.combine(TODAY - dt.timedelta(days=2), dt.time(9))
    session = sessions.create(module_id=org["module"], starts=held, duration_minutes=120, capacity=5, place="Room 1")
    sessions.enrol(session, [org["ann"], org["bob"], org["cy"]])
    ws.training.mark_completed(org["module"], [org["bob"]], TODAY - dt.timedelta(days=20))
    upcoming = sessions.create(module_id=org["module"], starts=held + dt.timedelta(days=9), duration_minutes=60,
                               capacity=5, place="Room 2")
    panel = widget.sessions
    widget.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: len(panel.sessions.source_model.rows()) == 2, timeout=5000)
    panel.sessions.select_where(lambda s: s.id == upcoming)
    assert not panel.complete_button.isEnabled() and "not taken place" in panel.complete_button.toolTip()
    panel.sessions.select_where(lambda s: s.id == session)
    assert panel.complete_button.isEnabled()
    shown = {}

    def confirm(dialog):
        shown.update(pairs=dialog.pairs, day=dialog.completed_on())
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(MarkCompletionDialog, "exec", confirm)
    panel.complete_button.click()
    assert shown["day"] == held.date()
    assert sorted(p for _m, p in shown["pairs"]) == sorted([org["ann"], org["cy"]])  # Bob had completed it
    rows = ws.query("SELECT person_id, completed_on FROM training_records WHERE status = 'completed' "
                    "ORDER BY person_id")
    assert {r["person_id"]: r["completed_on"] for r in rows} == {
        org["ann"]: held.date().isoformat(), org["cy"]: held.date().isoformat(),
        org["bob"]: (TODAY - dt.timedelta(days=20)).isoformat()}  # Bob keeps his own date
    qtbot.waitUntil(lambda: all(e.completed for e in panel.enrolments.source_model.rows()), timeout=5000)
    assert not panel.complete_button.isEnabled()


def test_removing_a_seat_asks_first(qtbot, page, monkeypatch):
    from tracker.ui.dialogs import confirm_action

    widget, org = page
    sessions = org["ws"].training.sessions
    session = sessions.create(module_id=org["module"], starts=dt.datetime.combine(TODAY + dt.timedelta(days=5),
                                                                                 dt.time(9)),
                              duration_minutes=60, capacity=5, place="Room 1")
    sessions.enrol(session, [org["ann"], org["bob"]])
    panel = widget.sessions
    qtbot.waitUntil(lambda: len(panel.sessions.source_model.rows()) == 1, timeout=5000)
    panel.sessions.select_where(lambda s: s.id == session)
    assert not panel.unenrol_button.isEnabled()  # no seat chosen yet
    panel.enrolments.select_where(lambda e: e.person_name == "Bob Billing")
    questions = []
    monkeypatch.setattr(confirm_action, "ask", lambda _p, _title, text, *_a, **_k: questions.append(text) or False)
    panel.unenrol_button.click()
    assert questions == [f"Remove Bob Billing's seat in {sessions.get(session).describe()}?"]
    assert len(sessions.enrolments(session)) == 2
    monkeypatch.setattr(confirm_action, "ask", lambda *_a, **_k: True)
    panel.unenrol_button.click()
    assert [e.person_name for e in sessions.enrolments(session)] == ["Ann Claims"]


def test_moving_a_session_onto_another_of_its_peoples_sessions_is_refused_in_the_dialog(qtbot, page):
    from tracker.ui.dialogs.session_dialog import SessionDialog

    widget, org = page
    sessions = org["ws"].training.sessions
    day = dt.datetime.combine(TODAY + dt.timedelta(days=5), dt.time(9))
    first = sessions.create(module_id=org["module"], starts=day, duration_minutes=120, capacity=5, place="Room 1")
    second = sessions.create(module_id=org["module"], starts=day + dt.timedelta(days=1), duration_minutes=120,
                             capacity=5, place="Room 2")
    sessions.enrol(first, [org["ann"]])
    with org["ws"].write("Second seat") as w:  # e.g. a refresher: the store's enrol refuses a module twice
        w.insert("training_enrolments", {"session_id": second, "person_id": org["ann"]})
    modules = [m for m in org["ws"].training.modules(org["rollout"])]
    dialog = SessionDialog(widget.context, modules, sessions.get(second), parent=widget)
    qtbot.addWidget(dialog)
    dialog.start_edit.setDateTime(QDateTime(QDate(day.year, day.month, day.day), QTime(10, 0)))
    dialog.accept()
    assert "Ann Claims" in dialog.error_label.text() and "booked twice" in dialog.error_label.text()
    assert sessions.get(second).starts == day + dt.timedelta(days=1)


def test_manager_filter_fetches_people_only_when_used(qtbot, page, monkeypatch):
    widget, org = page
    ws = org["ws"]
    fetched = []
    real_list = ws.people.list
    monkeypatch.setattr(ws.people, "list", lambda **kw: fetched.append(kw) or real_list(**kw))
    widget.progress.set_rollout(org["rollout"])  # a rollout switch: no people fetched for the filter
    qtbot.waitUntil(lambda: not widget.progress.loading, timeout=5000)
    assert fetched == []
    widget.progress.manager_field.setText("Ann Claims")  # Cy reports to Ann
    widget.progress.manager_field.editingFinished.emit()
    qtbot.waitUntil(lambda: not widget.progress.loading, timeout=5000)
    assert len(fetched) == 1
    assert widget.progress.scope().manager_id == org["ann"]
    assert claims_row(widget).required == 1  # only Cy


def test_match_columns_maps_an_unknown_lms_export_saves_it_and_reads_the_file_again(qtbot, org, tmp_path, monkeypatch):
    """A file no layout knows: Match columns… picks its columns, saves the mapping, and the
    preview is read again with them; the next file with that header gets the mapping itself."""
    from tracker.services.training_import import preview_training
    from tracker.ui.dialogs import mapping_flow
    from tracker.ui.dialogs.training_import_dialog import TrainingImportDialog

    ws = org["ws"]
    ws.training.create_module(org["rollout"], code="AI-101", title="Prompting basics",
                              available_from=dt.date(2026, 1, 1))
    path = tmp_path / "lernplattform.csv"
    path.write_text("Mitarbeiter;Kurs;Zustand;Abschluss\nE002;AI-101;completed;2026-02-03\n", encoding="utf-8")
    context = AppContext()
    context.set_workspace(ws)
    dialog = TrainingImportDialog(context, org["rollout"])
    qtbot.addWidget(dialog)
    assert dialog.map_button.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.load(path).done, timeout=20_000):
        pass
    assert not dialog.preview.ok

    def answer(self):  # the user picks the columns and saves the mapping
        for field, column in (("employee_id", "Mitarbeiter"), ("module", "Kurs"), ("status", "Zustand"),
                              ("completed_on", "Abschluss")):
            self.combos[field].setCurrentIndex(self.combos[field].findText(column))
        self.name_edit.setText("Lernplattform")
        return self.DialogCode.Accepted

    monkeypatch.setattr(mapping_flow.ColumnMappingDialog, "exec", answer)
    with qtbot.waitSignal(dialog.match_columns().done, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    assert dialog.preview.ok, dialog.preview.report()
    assert dialog.apply_button.isEnabled()
    assert [m.title for m in ws.import_mappings.list()] == ["Lernplattform"]
    again = preview_training(ws, path, org["rollout"])  # no overrides: the saved mapping is found
    assert again.ok and again.layout_title == "Lernplattform"


def test_the_seats_needed_are_counted_off_the_gui_thread_and_shown(qtbot, page, monkeypatch):
    """Issue 16: at 100,000 people the count took the Training tab's first build 1.5 s."""
    import threading

    from tracker.store.training_sessions import TrainingSessions

    widget, org = page
    counted_in: list[str] = []
    original = TrainingSessions.seat_needs

    def seat_needs(self, scope):
        counted_in.append(threading.current_thread().name)
        return original(self, scope)

    monkeypatch.setattr(TrainingSessions, "seat_needs", seat_needs)
    org["ws"].training.sessions.create(module_id=org["module"], starts=dt.datetime.combine(
        TODAY + dt.timedelta(days=10), dt.time(9)), duration_minutes=60, capacity=5, place="Room 1")
    panel = widget.sessions
    qtbot.waitUntil(lambda: bool(counted_in) and not panel.loading, timeout=5000)
    assert threading.main_thread().name not in counted_in
    assert {n.team_name for n in panel.seat_needs.source_model.rows()} >= {"Claims"}


@pytest.mark.parametrize("mine", [True, False])
def test_a_status_someone_else_changed_since_the_table_showed_it_asks_first(qtbot, page, answer, mine):
    widget, org = page
    ws, progress = org["ws"], widget.progress
    progress.team_table.select_where(lambda t: t.team_name == "Claims")
    qtbot.waitUntil(lambda: len(progress.people_table.source_model.rows()) == 2)
    progress.people_table.select_where(lambda r: r.person_name == "Cy Claims")  # no record yet
    someone_else(ws, lambda o: o.training.mark_completed(org["module"], [org["cy"]], TODAY))
    asked = answer(mine)
    progress.in_progress_button.click()
    assert len(asked) == 1 and asked[0].changed_by == "bea" and asked[0].current["status"] == "completed"
    stored = ws.query("SELECT status, version FROM training_records WHERE person_id = ?", (org["cy"],))
    assert stored == [{"status": "in_progress", "version": 2} if mine else {"status": "completed", "version": 1}]


def test_a_completion_marked_over_someone_elses_exemption_asks_first(qtbot, page, answer, monkeypatch):
    widget, org = page
    ws, progress = org["ws"], widget.progress
    progress.team_table.select_where(lambda t: t.team_name == "Claims")
    qtbot.waitUntil(lambda: len(progress.people_table.source_model.rows()) == 2)
    progress.people_table.select_where(lambda r: True)  # Ann and Cy
    someone_else(ws, lambda o: o.training.set_status(org["module"], [org["ann"]], TrainingStatus.EXEMPT, "On leave"))
    asked = answer(False)
    monkeypatch.setattr(MarkCompletionDialog, "exec", lambda dialog: dialog.accept() or dialog.result())
    progress.mark_button.click()
    assert len(asked) == 1  # "Keep theirs": neither Ann's exemption nor Cy's (unchanged) record is written
    assert ws.query("SELECT person_id, status FROM training_records ORDER BY person_id") == [
        {"person_id": org["ann"], "status": "exempt"}]
