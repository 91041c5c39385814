"""Two people saving at once on what they both read, where the second's save is a new row with no
version of its own to check (a seat's next reclaim decision, an empty RACI cell, a day's first
KPI reading, a training record not stored yet, the last seat of a session): exactly one is
saved, the other is refused (both engines; on PostgreSQL, at READ COMMITTED, the store locks the
record the new row belongs to before it checks).

Each test reads as the window would, then runs the two saves on connections of their own in two
threads, interleaved: the first pauses inside its write, after its check and before it writes;
the second starts meanwhile, on the same reading, and must wait for the first's commit instead
of passing its check against a state the first is about to change.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

from tracker.domain.kpis import Direction
from tracker.domain.raci import RaciRole
from tracker.domain.seat_records import Decision
from tracker.domain.training import TrainingFormat, TrainingStatus
from tracker.store import Workspace
from tracker.store.audit import AuditedWriter
from tracker.store.errors import StaleRecordError, StoreValidationError

D = dt.date
Edit = Callable[[Workspace], object]


def _race(ws: Workspace, monkeypatch, first: Edit, second: Edit) -> dict[str, Any]:
    """Run `first` and `second` as "al" and "bea" on connections of their own, the first paused
    inside its write until the second has had 0.5 s to get past its own check; returns each
    one's result or the exception it raised, and whether the second was still waiting then."""
    paused, release = threading.Event(), threading.Event()
    first_user = "al"

    def pausing(method):
        def wrapper(self: AuditedWriter, table: str, *args, **kwargs):
            if self.ws.user == first_user and not release.is_set():
                paused.set()  # checked already, written nothing yet
                release.wait(10)
            return method(self, table, *args, **kwargs)
        return wrapper

    for name in ("insert", "update", "delete"):
        monkeypatch.setattr(AuditedWriter, name, pausing(getattr(AuditedWriter, name)))
    outcomes: dict[str, Any] = {}

    def run(user: str, edit: Edit) -> None:
        own = ws.for_thread()  # a connection made in this thread (SQLite's belong to theirs)
        own.user = user
        try:
            outcomes[user] = edit(own)
        except Exception as e:  # the outcome under test
            outcomes[user] = e
        finally:
            own.close()

    one = threading.Thread(target=run, args=(first_user, first))
    two = threading.Thread(target=run, args=("bea", second))
    one.start()
    assert paused.wait(10), "the first save never reached its write"
    two.start()
    two.join(0.5)
    outcomes["second waited"] = two.is_alive()
    release.set()
    one.join(20)
    two.join(20)
    assert not one.is_alive() and not two.is_alive()
    return outcomes


def _one_refused(outcomes: dict[str, Any], refusal: type[Exception] = StaleRecordError) -> Any:
    assert not isinstance(outcomes["al"], Exception), outcomes["al"]
    assert isinstance(outcomes["bea"], refusal), outcomes["bea"]
    assert outcomes["second waited"]
    return outcomes["bea"]


def test_two_reclaim_decisions_on_a_seat_at_once(org, monkeypatch):
    ws, rollout = org["ws"], org["rollout"]
    ws.adoption.import_usage([(rollout << 44) | (org["ann"] << 20) | D(2026, 3, 2).toordinal()],
                             source="test", rows=1, unknown_people=0)
    [seat] = ws.seats.seats(rollout, D(2026, 6, 1))  # known from usage alone: stored once decided on
    read = ws.seats.latest_decisions(rollout, [seat])

    def deciding(decision: Decision, by: str) -> Edit:
        return lambda own: own.seats.decide(rollout, [seat], decision, by=by, reason="Kept", on=D(2026, 6, 1),
                                            expected_decisions=read)

    error = _one_refused(_race(ws, monkeypatch, deciding(Decision.APPROVED, "Al"), deciding(Decision.REJECTED, "Bea")))
    assert error.changed_by == "al" and error.current is not None and error.current["decided_by"] == "Al"
    assert [d.decision for d in ws.seats.decisions(rollout)] == [Decision.APPROVED]
    # A seat already stored, decided on once: the next decision races the same way.
    read = ws.seats.latest_decisions(rollout, ws.seats.seats(rollout, D(2026, 6, 1)))
    [seat] = ws.seats.seats(rollout, D(2026, 6, 1))
    _one_refused(_race(ws, monkeypatch, deciding(Decision.REJECTED, "Al"), deciding(Decision.APPROVED, "Bea")))
    assert [d.decision for d in ws.seats.decisions(rollout)] == [Decision.APPROVED, Decision.REJECTED]


def test_two_people_setting_an_empty_raci_cell_at_once(org, monkeypatch):
    ws = org["ws"]
    row = ws.delivery.raci.add_responsibility(org["rollout"], "Model performance")

    def setting(role: RaciRole) -> Edit:
        return lambda own: own.delivery.raci.set_role(row, role, person_id=org["ann"], expected_version=0)

    error = _one_refused(_race(ws, monkeypatch, setting(RaciRole.ACCOUNTABLE), setting(RaciRole.CONSULTED)))
    assert error.current is not None and error.current["role"] == "A"
    assert [c.role for c in ws.delivery.raci.cells(org["rollout"])] == [RaciRole.ACCOUNTABLE]


def test_two_first_kpi_readings_of_a_day_at_once(org, monkeypatch):
    ws = org["ws"]
    kpis = ws.delivery.kpis
    kid = kpis.add(rollout_id=org["rollout"], name="Uptime", unit="%", target=99, direction=Direction.HIGHER_BETTER)
    day = D(2026, 1, 31)
    version = kpis.reading_versions(kid).get(day, 0)  # none that day: 0

    def recording(value: float) -> Edit:
        return lambda own: own.delivery.kpis.record(kid, day, value, today=D(2026, 2, 1), expected_version=version)

    error = _one_refused(_race(ws, monkeypatch, recording(99.5), recording(97.0)))
    assert error.current is not None and error.current["value"] == 99.5
    assert [r.value for r in kpis.readings(kid)] == [99.5]


def test_two_markings_of_a_training_record_not_stored_yet(org, monkeypatch):
    ws = org["ws"]
    module = ws.training.create_module(org["rollout"], code="T1", title="Basics", available_from=D(2026, 1, 1))
    read = ws.training.record_versions([(module, org["cy"])])
    assert read == {(module, org["cy"]): 0}

    def marking(status: TrainingStatus) -> Edit:
        return lambda own: own.training.set_status(module, [org["cy"]], status, expected_versions=read)

    _one_refused(_race(ws, monkeypatch, marking(TrainingStatus.IN_PROGRESS), marking(TrainingStatus.NOT_STARTED)))
    assert ws.query("SELECT status FROM training_records") == [{"status": "in_progress"}]


def test_two_enrolments_in_the_last_seat_of_a_session_at_once(org, monkeypatch):
    ws = org["ws"]
    module = ws.training.create_module(org["rollout"], code="T1", title="Basics", format=TrainingFormat.CLASSROOM)
    session = ws.training.sessions.create(module_id=module, starts=dt.datetime(2026, 4, 7, 9), duration_minutes=60,
                                          capacity=1, place="Room 1")
    read = ws.training.sessions.get(session)
    assert read is not None and read.free == 1

    def enrolling(person: str) -> Edit:
        return lambda own: own.training.sessions.enrol(session, [org[person]], expected_version=read.version)

    error = _one_refused(_race(ws, monkeypatch, enrolling("ann"), enrolling("bob")), StoreValidationError)
    assert "no seats" in str(error)
    assert [e.person_name for e in ws.training.sessions.enrolments(session)] == ["Ann Claims"]
