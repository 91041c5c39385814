"""Readiness store: validation, constraints, history, attention, settings, undo, rollout delete."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from tracker.domain.enums import Impact
from tracker.domain.readiness import SignalSource, SignalStatus, SignalType, SupportLevel
from tracker.services.rollout_lifecycle import delete_rollout
from tracker.store import StoreValidationError

D = dt.date
SCORES = (4, 4, 4, 4, 4)


@pytest.fixture
def r(org):
    return org["ws"].readiness


def test_stakeholder_is_a_person_or_a_team(org, r):
    base = dict(rollout_id=org["rollout"], influence=4, interest=5,
                current_support=SupportLevel.NEUTRAL, needed_support=SupportLevel.CHAMPION)
    with pytest.raises(StoreValidationError, match="either a person or a team"):
        r.stakeholders.add(**base)
    with pytest.raises(StoreValidationError, match="either a person or a team"):
        r.stakeholders.add(person_id=org["ann"], team_id=org["claims"], **base)
    sid = r.stakeholders.add(person_id=org["ann"], owner_id=org["boss"], last_contact=D(2026, 1, 5), **base)
    tid = r.stakeholders.add(team_id=org["claims"], **base)
    got = {s.id: s for s in r.stakeholders.list(org["rollout"])}
    assert got[sid].name == "Ann Claims" and got[sid].kind == "Person" and got[sid].owner_name == "Ada Boss"
    assert got[tid].name == "Claims" and got[tid].kind == "Team"
    with pytest.raises(StoreValidationError, match="already a stakeholder"):
        r.stakeholders.add(person_id=org["ann"], **base)
    with pytest.raises(StoreValidationError, match="1 to 5"):
        r.stakeholders.update(sid, influence=6)


def test_database_refuses_a_stakeholder_with_both(org):
    ws = org["ws"]
    with pytest.raises(sqlite3.IntegrityError):
        ws.conn.execute("""INSERT INTO stakeholders (rollout_id, person_id, team_id, influence, interest,
                           current_support, needed_support) VALUES (?, ?, ?, 3, 3, 'neutral', 'neutral')""",
                        (org["rollout"], org["ann"], org["claims"]))


def test_assessment_history_and_latest(org, r):
    ro, claims = org["rollout"], org["claims"]
    r.adkar.record(rollout_id=ro, team_id=claims, assessed_on=D(2026, 1, 31), scores=(2, 2, 2, 2, 2), respondents=8)
    r.adkar.record(rollout_id=ro, team_id=claims, assessed_on=D(2026, 2, 28), scores=(4.25, 3.5, 2.75, 2, 1), respondents=9)
    r.adkar.record(rollout_id=ro, team_id=org["billing"], assessed_on=D(2026, 1, 31), scores=SCORES, respondents=6)
    assert len(r.adkar.list(ro)) == 3
    latest = {a.team_name: a for a in r.adkar.latest(ro)}
    assert latest["Claims"].assessed_on == D(2026, 2, 28) and latest["Claims"].knowledge == 2.75
    assert latest["Claims"].barrier.value == "knowledge"
    with pytest.raises(StoreValidationError, match="already has an assessment"):
        r.adkar.record(rollout_id=ro, team_id=claims, assessed_on=D(2026, 2, 28), scores=SCORES, respondents=3)
    with pytest.raises(StoreValidationError, match="from 1 to 5"):
        r.adkar.record(rollout_id=ro, team_id=claims, assessed_on=D(2026, 3, 1), scores=(4, 4, 5.5, 4, 4), respondents=3)
    with pytest.raises(StoreValidationError, match="future"):
        r.adkar.record(rollout_id=ro, team_id=claims, assessed_on=D(2026, 3, 9), scores=SCORES, respondents=3,
                       as_of=D(2026, 3, 8))


def _signal(org, **over):
    fields = dict(rollout_id=org["rollout"], team_id=org["claims"], observed_on=D(2026, 2, 1),
                  type=SignalType.JOB_SECURITY, severity=4, source=SignalSource.ONE_TO_ONE,
                  description="Worried about headcount", person_id=org["cy"], owner_id=org["ann"])
    fields.update(over)
    return org["ws"].readiness.signals.log(**fields)


def test_signal_resolution_rules(org, r):
    sid = _signal(org)
    s = r.signals.get(sid)
    assert s.status is SignalStatus.OPEN and s.person_name == "Cy Claims" and s.days_open(D(2026, 2, 11)) == 10
    with pytest.raises(StoreValidationError, match="resolution date"):
        r.signals.update(sid, status=SignalStatus.RESOLVED)
    with pytest.raises(StoreValidationError, match="before it was observed"):
        r.signals.resolve([sid], D(2026, 1, 1))
    r.signals.resolve([sid], D(2026, 2, 20))
    s = r.signals.get(sid)
    assert s.status is SignalStatus.RESOLVED and s.days_open(D(2030, 1, 1)) == 19
    r.signals.update(sid, status=SignalStatus.OPEN)  # reopening clears the date
    assert r.signals.get(sid).resolved_on is None
    with pytest.raises(StoreValidationError, match="1 to 5"):
        _signal(org, severity=0)


def test_database_refuses_resolved_without_date(org):
    with pytest.raises(sqlite3.IntegrityError):
        org["ws"].conn.execute(
            """INSERT INTO resistance_signals (rollout_id, team_id, observed_on, type, severity, source, status)
               VALUES (?, ?, '2026-01-01', 'other', 3, 'survey', 'resolved')""", (org["rollout"], org["claims"]))


def test_attention_for_a_high_impact_team(org, r):
    ws = org["ws"]
    ws.rollouts.set_impact(org["rollout"], org["claims"], Impact.HIGH)
    ws.rollouts.set_impact(org["rollout"], org["billing"], Impact.LOW)
    assert r.attention(org["rollout"]) == []
    _signal(org, team_id=org["billing"], severity=5)  # low impact: not listed
    _signal(org, severity=5)
    items = r.attention(org["rollout"])
    assert [i.team_name for i in items] == ["Claims"] and "severity 4 or more" in items[0].reason


def test_minimum_group_size_setting(org, r):
    assert r.minimum_group_size == 5
    r.set_minimum_group_size(7)
    assert r.minimum_group_size == 7
    for bad in (2, 21, "5"):
        with pytest.raises(StoreValidationError):
            r.set_minimum_group_size(bad)
    assert r.minimum_group_size == 7


def test_every_write_is_undoable(org, r):
    ws = org["ws"]
    sid = _signal(org)
    change = ws.audit.recent_changes(1)[0]
    assert change.label == "Log job security signal in Claims"
    ws.audit.undo(change.id)
    assert r.signals.get(sid) is None


def test_deleting_a_rollout_takes_its_readiness_rows(org, r):
    ws = org["ws"]
    _signal(org)
    r.adkar.record(rollout_id=org["rollout"], team_id=org["claims"], assessed_on=D(2026, 1, 31), scores=SCORES, respondents=5)
    r.stakeholders.add(rollout_id=org["rollout"], team_id=org["claims"], influence=3, interest=3,
                       current_support=SupportLevel.NEUTRAL, needed_support=SupportLevel.NEUTRAL)
    delete_rollout(ws, org["rollout"])
    assert ws.scalar("SELECT COUNT(*) FROM resistance_signals") == 0
    assert ws.scalar("SELECT COUNT(*) FROM stakeholders") == 0
    ws.audit.undo(ws.audit.recent_changes(1)[0].id)
    assert ws.scalar("SELECT COUNT(*) FROM adkar_assessments") == 1
