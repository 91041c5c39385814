"""The conflict dialog in HR's training plans: someone else changes what the Training page shows
(a session, a person's record) after it showed it; editing the session, enrolling people in it,
marking its attendees completed or assigning a module by hand then asks, based on the versions
the page showed (not read again when the dialog opens)."""

from __future__ import annotations

import datetime as dt

import pytest
from conflict_fixtures import answer, someone_else  # noqa: F401 - fixtures
from PySide6.QtWidgets import QInputDialog
from training_page_fixtures import TODAY, page  # noqa: F401 - a fixture

from tracker.domain.training import TrainingStatus
from tracker.ui.dialogs.enrol_dialog import EnrolDialog
from tracker.ui.dialogs.mark_completion_dialog import MarkCompletionDialog
from tracker.ui.dialogs.session_dialog import SessionDialog

pytestmark = pytest.mark.gui


def _sessions_tab(qtbot, widget, org, starts: dt.datetime, enrolled=()):
    """The sessions tab showing one session of AI-201 (five seats), selected; returns (panel, id)."""
    sessions = org["ws"].training.sessions
    session = sessions.create(module_id=org["module"], starts=starts, duration_minutes=120, capacity=5, place="Room 1")
    if enrolled:
        sessions.enrol(session, [org[p] for p in enrolled])
    panel = widget.sessions
    widget.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: [s.id for s in panel.sessions.source_model.rows()] == [session], timeout=5000)
    panel.sessions.select_where(lambda s: s.id == session)
    qtbot.waitUntil(lambda: len(panel.enrolments.source_model.rows()) == len(enrolled), timeout=5000)
    return panel, session


def _session_fields(org, **changes):
    return {"module_id": org["module"], "starts": dt.datetime.combine(TODAY + dt.timedelta(days=10), dt.time(9)),
            "duration_minutes": 120, "capacity": 5, "place": "Room 1", **changes}


@pytest.mark.parametrize("mine", [True, False])
def test_a_session_edited_since_the_table_showed_it_asks(qtbot, page, answer, monkeypatch, mine):
    widget, org = page
    panel, session = _sessions_tab(qtbot, widget, org, dt.datetime.combine(TODAY + dt.timedelta(days=10), dt.time(9)))
    someone_else(org["ws"], lambda o: o.training.sessions.update(session, **_session_fields(org, place="Room 9")))
    asked = answer(mine)

    def more_seats(dialog):
        dialog.capacity_spin.setValue(8)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SessionDialog, "exec", more_seats)
    panel.edit_button.click()
    assert len(asked) == 1 and asked[0].changed_by == "bea" and asked[0].current["place"] == "Room 9"
    stored = org["ws"].training.sessions.get(session)
    # Mine on top writes what my dialog shows: its place too (the dialog saves every field).
    assert stored is not None and (stored.capacity, stored.version) == ((8, 3) if mine else (5, 2))


@pytest.mark.parametrize("mine", [True, False])
def test_enrolling_in_a_session_moved_since_the_table_showed_it_asks(qtbot, page, answer, monkeypatch, mine):
    widget, org = page
    panel, session = _sessions_tab(qtbot, widget, org, dt.datetime.combine(TODAY + dt.timedelta(days=10), dt.time(9)))
    moved = dt.datetime.combine(TODAY + dt.timedelta(days=11), dt.time(14))
    someone_else(org["ws"], lambda o: o.training.sessions.update(session, **_session_fields(org, starts=moved)))
    asked = answer(mine)
    results = []

    def enrol_ann(dialog):
        assert dialog.select_people([org["ann"]])
        dialog.accept()
        results.append(dialog.result())
        return dialog.result()

    monkeypatch.setattr(EnrolDialog, "exec", enrol_ann)
    panel.enrol_button.click()
    assert len(asked) == 1 and asked[0].current["starts_on"] == moved.date().isoformat()
    enrolled = [e.person_id for e in org["ws"].training.sessions.enrolments(session)]
    assert enrolled == ([org["ann"]] if mine else [])
    assert results == [EnrolDialog.DialogCode.Accepted if mine else EnrolDialog.DialogCode.Rejected]


def test_marking_attendees_is_based_on_their_records_as_the_seat_list_showed_them(qtbot, page, answer,
                                                                                  monkeypatch):
    widget, org = page
    held = dt.datetime.combine(TODAY - dt.timedelta(days=2), dt.time(9))
    panel, session = _sessions_tab(qtbot, widget, org, held, enrolled=("ann", "cy"))
    # Someone else exempts Ann after the list showed her without a record.
    someone_else(org["ws"], lambda o: o.training.set_status(org["module"], [org["ann"]], TrainingStatus.EXEMPT,
                                                            "On leave"))
    asked = answer(False)
    seen = {}

    def confirm(dialog):
        seen.update(dialog.versions)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(MarkCompletionDialog, "exec", confirm)
    panel.complete_button.click()
    assert seen == {(org["module"], org["ann"]): 0, (org["module"], org["cy"]): 0}  # as shown, not read again
    assert len(asked) == 1 and asked[0].current["status"] == "exempt"
    assert org["ws"].query("SELECT person_id, status FROM training_records ORDER BY person_id") == [
        {"person_id": org["ann"], "status": "exempt"}]  # "Keep theirs": Cy is not marked either


def test_a_hand_assignment_over_someone_elses_change_asks(qtbot, page, answer, monkeypatch):
    widget, org = page
    ws, progress = org["ws"], widget.progress
    progress.team_table.select_where(lambda t: t.team_name == "Claims")
    qtbot.waitUntil(lambda: len(progress.people_table.source_model.rows()) == 2)
    progress.people_table.select_where(lambda r: r.person_name == "Cy Claims")  # no record yet
    someone_else(ws, lambda o: o.training.set_status(org["module"], [org["cy"]], TrainingStatus.IN_PROGRESS))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *_a: ("AI-201 – Hands-on", True)))
    asked = answer(True)
    progress.assign_button.click()
    assert len(asked) == 1 and asked[0].current["status"] == "in_progress"
    assert ws.query("SELECT status, assigned, version FROM training_records WHERE person_id = ?", (org["cy"],)) == [
        {"status": "in_progress", "assigned": 1, "version": 2}]  # mine on top of theirs
    # Taking it back, after someone else changed the record again: "Keep theirs" leaves it assigned.
    qtbot.waitUntil(lambda: any(r.assigned_by_hand for r in progress.people_table.source_model.rows()), timeout=5000)
    progress.people_table.select_where(lambda r: r.person_name == "Cy Claims")
    someone_else(ws, lambda o: o.training.set_status(org["module"], [org["cy"]], TrainingStatus.NOT_STARTED))
    asked = answer(False)
    progress.unassign_button.click()
    assert len(asked) == 1
    assert ws.query("SELECT status, assigned FROM training_records WHERE person_id = ?", (org["cy"],)) == [
        {"status": "not_started", "assigned": 1}]
