"""The readiness rules: barrier point, suggested action, quadrant, flagging, attention, survey means."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.adkar_survey import average_responses, plan_adkar
from tracker.domain.enums import Impact
from tracker.domain.readiness import (
    AdkarAssessment,
    AdkarElement,
    Quadrant,
    ResistanceSignal,
    SignalSource,
    SignalStatus,
    SignalType,
    Stakeholder,
    SupportLevel,
    barrier_point,
    is_flagged,
    needs_attention,
    quadrant,
    suggested_action,
)

D = dt.date
A, DS, K, AB, R = AdkarElement


@pytest.mark.parametrize("scores, expected", [
    ((4, 4, 4, 4, 4), None),                 # all above 3: no barrier
    ((3.01, 5, 4.5, 3.5, 4), None),          # just above the threshold, decimals
    ((3, 4, 4, 4, 4), A),                    # exactly 3 is a barrier
    ((4, 2.99, 1, 1, 1), DS),                # the first one, not the lowest
    ((4, 4, 3.0, 3.0, 3.0), K),              # ties: the earliest element wins
    ((1, 1, 1, 1, 1), A),
    ((5, 5, 5, 5, 2.5), R),
    ((4.2, 3.6, 3.4, 2.8, 3.9), AB),         # survey averages
])
def test_barrier_point(scores, expected):
    assert barrier_point(scores) is expected


def test_barrier_needs_five_scores():
    with pytest.raises(ValueError):
        barrier_point((4, 4, 4, 4))


def test_each_barrier_has_its_own_suggested_action():
    actions = {e: suggested_action(e) for e in AdkarElement}
    assert "training" in actions[K].lower()
    assert "why" in actions[A].lower()
    assert "coaching" in actions[AB].lower()
    assert "recognition" in actions[R].lower()
    assert "what's in it for them" in actions[DS].lower()
    assert len(set(actions.values())) == 5
    assert suggested_action(None) == ""


@pytest.mark.parametrize("influence, interest, expected", [
    (5, 5, Quadrant.MANAGE_CLOSELY), (3, 3, Quadrant.MANAGE_CLOSELY),  # 3 counts as high
    (3, 2, Quadrant.KEEP_SATISFIED), (5, 1, Quadrant.KEEP_SATISFIED),
    (2, 3, Quadrant.KEEP_INFORMED), (1, 5, Quadrant.KEEP_INFORMED),
    (2, 2, Quadrant.MONITOR), (1, 1, Quadrant.MONITOR),
])
def test_quadrant_boundary_three_is_high(influence, interest, expected):
    assert quadrant(influence, interest) is expected


def _stakeholder(current, needed, last_contact):
    return Stakeholder(1, 1, 1, None, "Ann", 4, 4, current, needed, last_contact=last_contact)


AS_OF = D(2026, 3, 31)


@pytest.mark.parametrize("current, needed, last, flagged", [
    (SupportLevel.NEUTRAL, SupportLevel.SUPPORTIVE, None, True),               # never contacted
    (SupportLevel.NEUTRAL, SupportLevel.SUPPORTIVE, D(2026, 2, 28), True),     # 31 days ago
    (SupportLevel.NEUTRAL, SupportLevel.SUPPORTIVE, D(2026, 3, 1), False),     # exactly 30 days ago
    (SupportLevel.NEUTRAL, SupportLevel.SUPPORTIVE, D(2026, 3, 30), False),
    (SupportLevel.CHAMPION, SupportLevel.SUPPORTIVE, None, False),             # above what is needed
    (SupportLevel.SUPPORTIVE, SupportLevel.SUPPORTIVE, None, False),           # at what is needed
    (SupportLevel.ACTIVE_RESISTOR, SupportLevel.NEUTRAL, D(2025, 1, 1), True),
])
def test_flagged_stakeholder(current, needed, last, flagged):
    assert is_flagged(_stakeholder(current, needed, last), AS_OF) is flagged


def test_flagging_uses_the_given_date_not_today():
    s = _stakeholder(SupportLevel.NEUTRAL, SupportLevel.CHAMPION, D(2020, 1, 10))
    assert not is_flagged(s, D(2020, 1, 20))
    assert is_flagged(s, D(2020, 3, 1))


# ------------------------------------------------------------------ attention

def _assessment(team_id, scores, day=dt.date(2026, 3, 1)):
    return AdkarAssessment(team_id, 1, team_id, f"T{team_id}", day, *scores, 12)


def _signal(team_id, severity, status=SignalStatus.OPEN, kind=SignalType.JOB_SECURITY):
    return ResistanceSignal(team_id * 100 + severity, 1, team_id, f"T{team_id}", D(2026, 3, 1), kind, severity,
                            SignalSource.SURVEY, status, resolved_on=D(2026, 3, 5) if status is SignalStatus.RESOLVED else None)


def test_attention_needs_high_impact_and_a_reason():
    teams = [(1, "Claims", Impact.HIGH), (2, "Billing", Impact.MEDIUM), (3, "Motor", Impact.HIGH),
             (4, "Quiet", Impact.HIGH)]
    items = needs_attention(
        teams,
        [_assessment(1, (4, 4, 4, 4, 4)), _assessment(2, (2, 2, 2, 2, 2)), _assessment(3, (4, 4, 2.6, 3, 4)),
         _assessment(4, (4, 4, 4, 4, 4))],
        [_signal(1, 4), _signal(1, 5, kind=SignalType.CHANGE_FATIGUE), _signal(2, 5), _signal(4, 3),
         _signal(4, 5, SignalStatus.RESOLVED)],
    )
    assert [i.team_name for i in items] == ["Claims", "Motor"]  # Billing: not high; Quiet: nothing serious
    claims, motor = items
    assert "2 unresolved resistance signals of severity 4 or more" in claims.reason
    assert "change fatigue" in claims.reason and "job security" in claims.reason
    assert "ADKAR barrier at Knowledge (2.6" in motor.reason and "training" in motor.reason


def test_mitigating_signals_still_count_and_both_reasons_are_given():
    items = needs_attention([(1, "Claims", Impact.HIGH)], [_assessment(1, (2, 4, 4, 4, 4))],
                            [_signal(1, 4, SignalStatus.MITIGATING)])
    assert len(items) == 1 and len(items[0].reasons) == 2
    assert "Awareness" in items[0].reason


def test_no_attention_without_assessment_or_signals():
    assert needs_attention([(1, "Claims", Impact.HIGH)], [], []) == []


# ------------------------------------------------------------------ survey averaging

def test_average_responses_per_team_and_date():
    day1, day2 = D(2026, 1, 31), D(2026, 2, 28)
    means = average_responses([
        ("Claims", day1, (4, 4, 3, 2, 1)), ("Claims", day1, (5, 3, 3, 3, 2)), ("Claims", day1, (3, 2, 4, 3, 2)),
        ("Claims", day2, (5, 5, 5, 5, 5)), ("Billing", day1, (1, 2, 3, 4, 5)),
    ])
    assert means[("Claims", day1)] == ((4.0, 3.0, 3.33, 2.67, 1.67), 3)
    assert means[("Claims", day2)] == ((5.0, 5.0, 5.0, 5.0, 5.0), 1)
    assert means[("Billing", day1)] == ((1.0, 2.0, 3.0, 4.0, 5.0), 1)


def test_plan_reports_every_bad_row_and_compares_with_stored():
    teams = {"claims": (1, "Claims"), "billing": (2, "Billing")}
    headers = ["team", "assessed_on", "awareness", "desire", "knowledge", "ability", "reinforcement", "respondents"]
    rows = [
        (2, dict(zip(headers, ["Claims", "2026-01-31", "4", "4", "3.5", "3", "2", "9"]))),
        (3, dict(zip(headers, ["Billing", "2026-01-31", "4", "4", "4", "4", "4", "6"]))),
    ]
    stored = {(2, D(2026, 1, 31)): (7, (4.0, 4.0, 4.0, 4.0, 4.0), 6)}
    plan = plan_adkar(headers, rows, teams=teams, stored=stored)
    assert plan.ok and not plan.per_respondent
    assert [a.team_name for a in plan.new] == ["Claims"] and plan.unchanged == 1
