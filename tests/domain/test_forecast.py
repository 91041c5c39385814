"""The S-curve forecast: recovers known logistic parameters, refuses thin or noisy histories."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest

from tracker.domain.forecast import MIN_POINTS, fit_logistic

ORIGIN = dt.date(2026, 1, 4)


def curve(plateau, growth, midpoint_day, weeks, noise=0.0, seed=1):
    rng = random.Random(seed)
    return [(ORIGIN + dt.timedelta(days=7 * i),
             plateau / (1 + math.exp(-growth * (7 * i - midpoint_day))) + rng.gauss(0, noise))
            for i in range(weeks)]


@pytest.mark.parametrize("plateau, growth, midpoint", [(0.8, 0.06, 70), (0.45, 0.03, 120), (0.95, 0.1, 40)])
def test_recovers_known_parameters_from_a_clean_curve(plateau, growth, midpoint):
    f = fit_logistic(curve(plateau, growth, midpoint, 30), target=None)
    assert f.ok, f.reason
    assert f.plateau == pytest.approx(plateau, abs=0.005)
    assert f.growth == pytest.approx(growth, rel=0.02)
    assert abs((f.midpoint - ORIGIN).days - midpoint) <= 1


def test_recovers_parameters_within_tolerance_from_a_noisy_curve():
    f = fit_logistic(curve(0.7, 0.05, 90, 40, noise=0.02, seed=3), target=0.6)
    assert f.ok, f.reason
    assert f.plateau == pytest.approx(0.7, abs=0.03)
    assert f.growth == pytest.approx(0.05, rel=0.2)
    assert abs((f.midpoint - ORIGIN).days - 90) <= 7
    # The day the true curve reaches 0.6: 90 - ln(0.7/0.6 - 1)/0.05 = 125.8
    true_day = ORIGIN + dt.timedelta(days=round(90 - math.log(0.7 / 0.6 - 1) / 0.05))
    assert abs((f.target_date - true_day).days) <= 7
    assert f.target_date_early <= f.target_date <= f.target_date_late
    assert f.plateau_low <= f.plateau <= f.plateau_high


def test_no_target_date_when_the_plateau_is_below_the_target():
    f = fit_logistic(curve(0.4, 0.05, 60, 30), target=0.6)
    assert f.ok
    assert f.plateau == pytest.approx(0.4, abs=0.01)
    assert f.target_date is None and f.target_date_early is None and f.target_date_late is None


def test_refuses_with_fewer_than_four_points():
    f = fit_logistic(curve(0.8, 0.06, 20, MIN_POINTS - 1), target=0.6)
    assert not f.ok
    assert f.reason == "not enough data: 3 points, 4 needed"
    assert f.plateau is None and f.curve([ORIGIN]) == [] and f.band([ORIGIN]) == ([], [])


def test_refuses_noise():
    rng = random.Random(5)
    points = [(ORIGIN + dt.timedelta(days=7 * i), 0.3 + rng.uniform(-0.15, 0.15)) for i in range(20)]
    f = fit_logistic(points, target=0.6)
    assert not f.ok
    assert f.reason.startswith("poor fit")


def test_refuses_when_only_the_early_rise_is_seen():
    f = fit_logistic(curve(0.9, 0.03, 120, 10, noise=0.003), target=0.6)
    assert not f.ok
    assert "plateau" in f.reason


def test_refuses_a_history_with_no_use_or_no_movement():
    assert fit_logistic([(ORIGIN + dt.timedelta(days=7 * i), 0.0) for i in range(8)], target=0.5).reason \
        == "not enough data: nobody has used it yet"
    assert fit_logistic([(ORIGIN + dt.timedelta(days=7 * i), 0.5) for i in range(8)], target=0.5).reason \
        .startswith("poor fit: adoption has stayed at about 50%")


def test_curve_and_band_follow_the_fit_and_are_repeatable():
    points = curve(0.7, 0.05, 90, 40, noise=0.02, seed=3)
    f = fit_logistic(points, target=0.6)
    dates = [d for d, _ in points]
    fitted = f.curve(dates)
    low, high = f.band(dates)
    assert len(fitted) == len(low) == len(high) == len(dates)
    assert all(lo - 1e-9 <= c <= hi + 1e-9 for lo, c, hi in zip(low, fitted, high))
    assert max(abs(c - y) for c, (_, y) in zip(fitted, points)) < 0.08
    assert fit_logistic(points, target=0.6).band(dates) == (low, high)  # fixed seed
