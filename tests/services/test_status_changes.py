"""Which edits can move a rollout's status (`may_change_status`), so the dashboard recomputes only
for those: the tables it calls unread are never read by `portfolio_status`, and the person
columns it calls details never change a status."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tracker.services.rollout_status import PERSON_DETAILS, UNREAD_TABLES, may_change_status, portfolio_status
from tracker.store import Workspace
from tracker.store.events import ChangeEvent

AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def sample_path(sample_copy, tmp_path_factory):
    return sample_copy(tmp_path_factory.mktemp("changes") / "s.tracker")


@pytest.fixture
def ws(sample_path, tmp_path):
    source = Workspace.open(sample_path, readonly=True)
    try:
        path = source.save_copy(tmp_path / "s.tracker")
    finally:
        source.close()
    workspace = Workspace.open(path)
    events: list[ChangeEvent] = []
    workspace.add_listener(events.append)
    workspace.events = events
    yield workspace
    workspace.close()


def test_portfolio_status_reads_none_of_the_unread_tables(ws):
    tables = {r[0] for r in ws.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert UNREAD_TABLES <= tables  # names of real tables, not typos that would hide a read
    statements: list[str] = []
    ws.conn.set_trace_callback(statements.append)
    try:
        portfolio_status(ws, AS_OF)
    finally:
        ws.conn.set_trace_callback(None)
    read = {t for t in UNREAD_TABLES for s in statements if re.search(rf"\b{t}\b", s)}
    assert read == set()
    assert any(re.search(r"\bpeople\b", s) for s in statements)  # the trace did see the queries


def test_a_persons_details_move_no_status_but_name_team_and_leaving_do(ws):
    person = next(p for p in ws.people.list(active_only=True) if p.team_id is not None)
    before = portfolio_status(ws, AS_OF)
    for field, value in (("title", "Chief Prompt Officer"), ("email", "new@example.com")):
        ws.people.update(person.id, **{field: value})
        assert not may_change_status(ws, ws.events[-1]), field
    assert portfolio_status(ws, AS_OF) == before
    ws.audit.undo(ws.events[-1].change_id)  # undoing a detail is a detail too
    assert not may_change_status(ws, ws.events[-1])
    other_team = next(t.id for t in ws.teams.list() if t.id != person.team_id)
    ws.people.update(person.id, team_id=other_team)
    assert may_change_status(ws, ws.events[-1])
    ws.people.update(person.id, name="Renamed Person")  # owners' and sponsors' names are shown
    assert may_change_status(ws, ws.events[-1])
    ws.people.set_active([person.id], False)
    assert may_change_status(ws, ws.events[-1])
    ws.people.create(employee_id="NEW-1", name="New Joiner", team_id=other_team)
    assert may_change_status(ws, ws.events[-1])
    assert {"title", "email"} <= PERSON_DETAILS and "name" not in PERSON_DETAILS


def test_other_areas_and_unknown_changes_count_as_moving(ws):
    rollout = ws.rollouts.list()[0]
    ws.rollouts.update(rollout.id, description="New words")
    assert may_change_status(ws, ws.events[-1])
    signal = next(x for r in ws.rollouts.list() for x in ws.readiness.signals.list(r.id, unresolved_only=True))
    ws.readiness.signals.resolve([signal.id], AS_OF, as_of=AS_OF)
    assert may_change_status(ws, ws.events[-1])
    assert may_change_status(ws, ChangeEvent(frozenset({"people"}), None, "Written outside the trail"))
    assert may_change_status(ws, ChangeEvent(frozenset({"settings"}), None, "Thresholds"))
    assert not may_change_status(ws, ChangeEvent(frozenset({"stakeholders", "training_sessions"}), 1, "x"))


def test_area_pages_skip_only_title_and_email_edits(ws):
    from tracker.services.rollout_status import people_fields_changed, shows_nothing_of

    person = next(p for p in ws.people.list(active_only=True) if p.team_id is not None)
    other_team = next(t.id for t in ws.teams.list() if t.id != person.team_id)
    ws.people.update(person.id, title="Chief Prompt Officer")
    assert people_fields_changed(ws, ws.events[-1]) == {"title"}
    assert shows_nothing_of(ws, ws.events[-1])
    for field, value in (("name", "Renamed Person"), ("team_id", other_team), ("manager_id", None),
                         ("employee_id", "E-RENAMED")):
        ws.people.update(person.id, **{field: value})
        assert not shows_nothing_of(ws, ws.events[-1]), field
    ws.people.create(employee_id="E-NEW-1", name="New Person")
    assert people_fields_changed(ws, ws.events[-1]) is None  # a new person: every page refreshes
    assert not shows_nothing_of(None, ws.events[-1])
