"""Stale edits of HR's training plans are refused and change nothing (both engines): hand
assignments of modules, a session's edit, enrolling people in a session someone has changed
since, and marking a session's attendees completed on their records as the seat list showed them."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.training import TrainingFormat
from tracker.store.errors import StaleRecordError, StoreValidationError

D = dt.date
STARTS = dt.datetime(2026, 4, 7, 9)


@pytest.fixture
def plan(org):
    """`org` with a classroom module and a session of it with two seats."""
    ws = org["ws"]
    module = ws.training.create_module(org["rollout"], code="T1", title="Basics", format=TrainingFormat.CLASSROOM,
                                       available_from=D(2026, 1, 1))
    session = ws.training.sessions.create(module_id=module, starts=STARTS, duration_minutes=120, capacity=2,
                                          place="Room 1")
    return {**org, "module": module, "session": session}


def _refused(ws, edit) -> StaleRecordError:
    before = ws.scalar("SELECT COUNT(*) FROM changes")
    with pytest.raises(StaleRecordError) as refused:
        edit()
    assert ws.scalar("SELECT COUNT(*) FROM changes") == before
    return refused.value


def _session_fields(plan, **changes):
    return {"module_id": plan["module"], "starts": STARTS, "duration_minutes": 120, "capacity": 2,
            "place": "Room 1", **changes}


def test_a_hand_assignment_on_old_versions_is_refused(plan):
    ws, training = plan["ws"], plan["ws"].training
    pairs = [(plan["module"], plan["ann"]), (plan["module"], plan["cy"])]
    read = training.record_versions(pairs)
    assert read == {pair: 0 for pair in pairs}
    training.mark_completed(plan["module"], [plan["cy"]], D(2026, 2, 1))  # someone else, meanwhile
    error = _refused(ws, lambda: training.assign(plan["module"], [plan["ann"], plan["cy"]], expected_versions=read))
    assert error.current is not None and error.current["status"] == "completed"
    assert ws.scalar("SELECT COUNT(*) FROM training_records WHERE assigned = 1") == 0
    # On the versions stored now it goes through; taking it back is checked the same way.
    training.assign_pairs(pairs, expected_versions=training.record_versions(pairs))
    read = training.record_versions(pairs)
    training.set_status(plan["module"], [plan["ann"]], "in_progress")
    _refused(ws, lambda: training.assign_pairs(pairs, assigned=False, expected_versions=read))
    assert ws.scalar("SELECT COUNT(*) FROM training_records WHERE assigned = 1") == 2


def test_a_session_edit_on_an_old_version_is_refused(plan):
    ws, sessions = plan["ws"], plan["ws"].training.sessions
    read = sessions.get(plan["session"])
    assert read is not None and read.version == 1
    sessions.update(plan["session"], **_session_fields(plan, place="Room 2"))
    error = _refused(ws, lambda: sessions.update(plan["session"], expected_version=read.version,
                                                 **_session_fields(plan, capacity=8)))
    assert error.current is not None and error.current["place"] == "Room 2"
    now = sessions.get(plan["session"])
    assert now is not None and (now.place, now.capacity, now.version) == ("Room 2", 2, 2)
    sessions.delete(plan["session"])
    error = _refused(ws, lambda: sessions.update(plan["session"], expected_version=2, **_session_fields(plan)))
    assert error.current is None and "training session was deleted" in str(error)
    with pytest.raises(StoreValidationError, match="no longer exists"):
        sessions.update(plan["session"], **_session_fields(plan))


def test_enrolling_in_a_session_changed_since_it_was_read_is_refused(plan):
    ws, sessions = plan["ws"], plan["ws"].training.sessions
    read = sessions.get(plan["session"])
    assert read is not None
    sessions.update(plan["session"], **_session_fields(plan, starts=STARTS + dt.timedelta(days=1)))  # moved
    error = _refused(ws, lambda: sessions.enrol(plan["session"], [plan["ann"]], expected_version=read.version))
    assert error.current is not None and error.current["starts_on"] == "2026-04-08"
    assert sessions.enrolments(plan["session"]) == []
    # On the session as it is now, the enrolment goes through; enrolling others does not move its version.
    sessions.enrol(plan["session"], [plan["ann"]], expected_version=read.version + 1)
    sessions.enrol(plan["session"], [plan["bob"]], expected_version=read.version + 1)
    assert [e.person_name for e in sessions.enrolments(plan["session"])] == ["Ann Claims", "Bob Billing"]
    # A session deleted since: the conflict's "deleted" refusal.
    sessions.delete(plan["session"])
    assert _refused(ws, lambda: sessions.enrol(plan["session"], [plan["cy"]], expected_version=2)).current is None


def test_marking_attendees_is_based_on_their_records_as_the_seat_list_showed_them(plan):
    ws, training = plan["ws"], plan["ws"].training
    training.sessions.enrol(plan["session"], [plan["ann"], plan["bob"]])
    training.set_status(plan["module"], [plan["bob"]], "in_progress")
    shown = training.sessions.enrolments(plan["session"])
    versions = {(plan["module"], e.person_id): e.record_version for e in shown}
    assert versions == {(plan["module"], plan["ann"]): 0, (plan["module"], plan["bob"]): 1}
    assert versions == training.record_versions(versions)  # the same figures as the people table's
    training.mark_completed(plan["module"], [plan["ann"]], D(2026, 4, 8))  # someone else, meanwhile
    assert [e.completed for e in training.sessions.enrolments(plan["session"])] == [True, False]
    _refused(ws, lambda: training.mark_pairs_completed(list(versions), D(2026, 4, 7), expected_versions=versions))
    assert ws.query("SELECT completed_on FROM training_records WHERE person_id = ?", (plan["bob"],)) == [
        {"completed_on": None}]
