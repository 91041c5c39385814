"""Cohorts against a hand count; retention and time to first use through the small-group rule;
the training uplift, suppressed under the minimum group; the view across tools."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from tracker.domain.seat_cohorts import (
    retention_by_month,
    time_to_first_use,
    use_matrix,
    week_of,
    weekly_states,
)
from tracker.domain.seat_tools import ToolSeats, person_tools, team_tools
from tracker.domain.seat_uplift import CAVEAT, training_uplift

MON = dt.date(2026, 1, 5)  # a Monday: week W0
W = week_of(MON)


def _day(week, weekday=0):
    return MON + dt.timedelta(days=7 * week + weekday)


def _arrays(uses):
    pairs = sorted((p, d.toordinal()) for p, days in uses.items() for d in days)
    return np.array([p for p, _ in pairs], dtype=np.int64), np.array([d for _, d in pairs], dtype=np.int64)


def test_weekly_states_match_a_hand_count():
    uses = {1: [_day(0), _day(1, 3), _day(3)], 3: [_day(1)], 4: [_day(0, 6)]}
    given = {1: _day(0), 2: _day(0), 4: _day(0)}
    persons, days = _arrays(uses)
    matrix = use_matrix(persons, days, given, W + 3)
    states = weekly_states(matrix, given, {4: _day(2, 2)}, W, W + 3)
    got = [(s.week_end, s.new, s.retained, s.reactivated, s.lapsed, s.reclaimed, s.not_yet_used) for s in states]
    assert got == [
        (dt.date(2026, 1, 11), 2, 0, 0, 0, 0, 1),  # 1 and 4 new; 2 holds a seat, never used; 3 no seat yet
        (dt.date(2026, 1, 18), 1, 1, 0, 1, 0, 1),  # 3 new, 1 retained, 4 lapsed
        (dt.date(2026, 1, 25), 0, 0, 0, 2, 1, 1),  # 1 and 3 lapsed, 4 reclaimed
        (dt.date(2026, 2, 1), 0, 0, 1, 1, 0, 1),  # 1 reactivated, 3 lapsed, 4 gone
    ]
    assert [s.holders for s in states] == [3, 4, 4, 3]


def test_a_reclaimed_person_who_uses_the_tool_again_holds_a_seat_again():
    uses = {1: [_day(0), _day(3)]}
    persons, days = _arrays(uses)
    matrix = use_matrix(persons, days, {1: _day(0)}, W + 3)
    states = weekly_states(matrix, {1: _day(0)}, {1: _day(1)}, W, W + 3)
    assert [(s.reclaimed, s.lapsed, s.reactivated, s.holders) for s in states] == [
        (0, 0, 0, 1), (1, 0, 0, 1), (0, 0, 0, 0), (0, 0, 1, 1)]


def test_retention_by_month_of_first_use_and_small_cohorts_hidden_with_the_next_smallest():
    jan = {p: [dt.date(2026, 1, 10), dt.date(2026, 2, 3)] if p < 3 else [dt.date(2026, 1, 12)] for p in range(4)}
    feb = {p: [dt.date(2026, 2, 10)] for p in range(10, 13)}
    mar = {20: [dt.date(2026, 3, 1)]}
    persons, days = _arrays({**jan, **feb, **mar})
    cohorts = retention_by_month(persons, days, dt.date(2026, 3, 31), minimum=3)
    assert [(c.month, c.size) for c in cohorts] == [(dt.date(2026, 1, 1), 4), (dt.date(2026, 2, 1), 3),
                                                    (dt.date(2026, 3, 1), 1)]
    assert cohorts[0].rates == (1.0, 0.75, 0.0) and not cohorts[0].hidden
    assert cohorts[2].hidden.startswith("fewer than") and cohorts[2].rates == ()
    assert cohorts[1].hidden and cohorts[1].rates == ()  # else March = total - January - February
    assert retention_by_month(persons, days, dt.date(2026, 3, 31), minimum=1)[1].rates == (1.0, 0.0)


def test_time_to_first_use_per_team():
    holders = {p: (1, "Claims") for p in range(5)} | {9: (2, "Tiny")}
    seat = {0: dt.date(2026, 1, 1), 1: dt.date(2026, 1, 1), 2: dt.date(2026, 1, 1)}
    first = {0: dt.date(2026, 1, 3), 1: dt.date(2026, 1, 11), 3: dt.date(2026, 1, 20), 4: dt.date(2026, 1, 1)}
    trained = {3: dt.date(2026, 1, 10), 4: dt.date(2026, 1, 5)}
    rows = time_to_first_use(holders, seat, first, trained, minimum=1)
    claims = rows[0]
    assert (claims.team, claims.seat_days, claims.seat_people) == ("Claims", 6, 2)
    assert (claims.training_days, claims.training_people, claims.used_before_training) == (10, 1, 1)
    hidden = time_to_first_use(holders, seat, first, trained, minimum=5)
    assert [r.hidden != "" for r in hidden] == [True, True]  # Tiny is 1; Claims = total - Tiny


def _uplift_fixture(trained_people):
    """Team 1: trained people use 1 of 4 weeks before (week 4) training and every week after;
    six untrained colleagues use 1 of 4 before and 2 of 4 after."""
    uses, trained = {}, {}
    for p in range(trained_people):
        uses[p] = [_day(0)] + [_day(w) for w in range(5, 9 if p else 8)]  # person 0: 3 of 4 after
        trained[p] = _day(4, 2)
    for p in range(100, 106):
        uses[p] = [_day(1), _day(5), _day(7)]
    persons, days = _arrays(uses)
    matrix = use_matrix(persons, days, {p: _day(0) for p in uses}, W + 9)
    return matrix, trained, {p: 1 for p in uses}


def test_training_uplift_is_a_difference_in_differences_with_an_interval_and_the_caveat():
    matrix, trained, teams = _uplift_fixture(6)
    up = training_uplift(matrix, trained, teams, last_week=W + 9, minimum=5)
    assert (up.trained, up.compared) == (6, 6)
    assert up.compared_before == pytest.approx(0.25) and up.compared_after == pytest.approx(0.5)
    assert up.estimate == pytest.approx((5 * 0.5 + 0.25) / 6)  # (after - before) - (0.5 - 0.25)
    assert up.low < up.estimate < up.high
    assert CAVEAT in up.sentence() and "observational: not proof of cause" == CAVEAT


def test_training_uplift_is_suppressed_under_the_minimum_group():
    matrix, trained, teams = _uplift_fixture(4)
    up = training_uplift(matrix, trained, teams, last_week=W + 9, minimum=5)
    assert up.suppressed == "suppressed: fewer than 5 people" and up.estimate is None and up.trained is None
    assert up.sentence() == "Training uplift suppressed: fewer than 5 people (observational: not proof of cause)."
    # windows not ended yet: nobody counts
    assert training_uplift(*_uplift_fixture(6), last_week=W + 7, minimum=5).suppressed


def test_one_view_across_tools():
    copilot = ToolSeats("Copilot", frozenset(range(10)), frozenset({0, 1}))
    chatgpt = ToolSeats("ChatGPT Enterprise", frozenset(range(3, 10)), frozenset(range(3, 10)))
    again = ToolSeats("copilot", frozenset({20}), frozenset())
    people = person_tools([copilot, chatgpt, again])
    assert people[5].held == ("ChatGPT Enterprise", "Copilot") and people[5].used == ("ChatGPT Enterprise",)
    assert people[20].held == ("Copilot",)
    other = ToolSeats("Copilot", frozenset(range(30, 36)), frozenset(range(30, 36)))
    teams = {p: (1, "Claims") for p in range(10)} | {20: (2, "Solo")} | {p: (3, "Other") for p in range(30, 36)}
    rows = team_tools([copilot, chatgpt, again, other], teams, minimum=5)
    claims = next(r for r in rows if r.team == "Claims")
    assert claims.tools == {"ChatGPT Enterprise": (7, 7), "Copilot": (10, 2)} and claims.several == 7
    assert claims.crowding == ("ChatGPT Enterprise crowds out Copilot: 7 of 7 people with seats in both use only "
                               "ChatGPT Enterprise",)
    # Solo is too small, and Other (the next smallest) hides with it: else Solo = total - the rest
    assert [r.team for r in rows if r.hidden] == ["Other", "Solo"]
