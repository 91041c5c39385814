"""Adoption metrics: rate, expected rate, speed, proficiency, combining teams, the summary."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from tracker.domain.adoption import (
    METRIC_DEFINITIONS,
    AdoptionPoint,
    build_summary,
    combine,
    expected_rate,
    proficiency,
    speed_days,
    week_end,
    week_ends,
)

D = dt.date


def test_rate_is_active_over_eligible_and_none_without_eligible_people():
    assert AdoptionPoint(D(2026, 3, 1), 200, 50).rate == 0.25
    assert AdoptionPoint(D(2026, 3, 1), 0, 0).rate is None


def test_week_end_is_the_sunday_of_the_iso_week():
    assert week_end(D(2026, 3, 2)) == D(2026, 3, 8)  # Monday
    assert week_end(D(2026, 3, 8)) == D(2026, 3, 8)  # Sunday
    assert week_ends(D(2026, 3, 4), D(2026, 3, 16)) == [D(2026, 3, 8), D(2026, 3, 15), D(2026, 3, 22)]


def test_expected_rate_is_a_straight_path_from_go_live_to_the_target():
    go, target_day = D(2026, 1, 1), D(2026, 1, 11)
    assert expected_rate(0.8, go, target_day, D(2025, 12, 1)) == 0.0
    assert expected_rate(0.8, go, target_day, D(2026, 1, 6)) == pytest.approx(0.4)
    assert expected_rate(0.8, go, target_day, D(2026, 3, 1)) == 0.8
    assert expected_rate(None, go, target_day, D(2026, 1, 6)) is None
    assert expected_rate(0.8, None, target_day, D(2026, 1, 6)) is None


def test_speed_is_days_from_go_live_to_half_the_target():
    go = D(2026, 1, 4)
    points = [AdoptionPoint(go + dt.timedelta(days=7 * i), 100, a) for i, a in enumerate((0, 10, 25, 39, 40, 60))]
    assert speed_days(points, 0.8, go) == 28  # 40 of 100 >= 0.4 first in week 4
    assert speed_days(points, 0.9, go) == 35  # 0.45 first reached by 60
    assert speed_days(points[:3], 0.8, go) is None  # not yet
    assert speed_days(points, None, go) is None
    early = [AdoptionPoint(go - dt.timedelta(days=7), 10, 9)]
    assert speed_days(early, 0.8, go) == 0


def test_proficiency_is_proficient_over_active_from_the_latest_point_that_knows():
    points = [AdoptionPoint(D(2026, 1, 4), 10, 8, 2), AdoptionPoint(D(2026, 1, 11), 10, 8, 4),
              AdoptionPoint(D(2026, 1, 18), 10, 9, None)]
    assert proficiency(points) == (4, 0.5)
    assert proficiency(points[2:]) == (None, None)


def test_combine_sums_teams_and_keeps_proficiency_to_teams_that_report_it():
    a = [AdoptionPoint(D(2026, 1, 4), 100, 50, None, 5)]
    b = [AdoptionPoint(D(2026, 1, 4), 20, 10, 5)]
    (p,) = combine([a, b])
    assert (p.eligible, p.active, p.proficient, p.new_adopters) == (120, 60, 5, 5)
    assert p.proficiency == 0.5  # 5 of b's 10 active, not of all 60


def test_summary_of_an_s_curve():
    go = D(2026, 1, 4)
    points = [AdoptionPoint(go + dt.timedelta(days=7 * i), 1000,
                            round(1000 * 0.75 / (1 + math.exp(-0.06 * (7 * i - 70)))), None) for i in range(30)]
    s = build_summary(points, target=0.6, target_date=D(2026, 6, 30), go_live=go, as_of=D(2026, 12, 31))
    assert s.has_data and s.points == tuple(points)
    assert s.rate == points[-1].rate and s.eligible == 1000
    assert s.forecast.ok and s.ultimate_utilisation == pytest.approx(0.75, abs=0.01)
    assert s.speed_days == 70  # 0.375 of 0.75 is the midpoint, day 70
    assert s.expected_rate == 0.6 and s.proficiency is None


def test_summary_ignores_points_after_as_of_and_empty_history_has_no_data():
    go = D(2026, 1, 4)
    points = [AdoptionPoint(go + dt.timedelta(days=7 * i), 10, i) for i in range(6)]
    s = build_summary(points, target=0.8, target_date=None, go_live=go, as_of=go + dt.timedelta(days=14))
    assert len(s.points) == 3 and s.rate == 0.2
    assert not s.forecast.ok and "3 points" in s.forecast.reason
    empty = build_summary([], target=0.8, target_date=None, go_live=go, as_of=go)
    assert not empty.has_data and empty.rate is None and empty.ultimate_utilisation is None


def test_every_metric_has_a_definition():
    for name in ("Eligible people", "Active people", "Adoption rate", "Speed of adoption",
                 "Ultimate utilisation", "Proficiency"):
        assert METRIC_DEFINITIONS[name].endswith(".")
