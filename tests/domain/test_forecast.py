"""The adoption forecast: recovers known S-curves, gives one of three answers about the target,
chooses between the logistic and Bass by held-out accuracy, refuses thin or noisy histories.
(Its calibration over a grid of true curves: tests/domain/test_forecast_calibration.py.)"""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest

from tracker.domain.date_text import day_text
from tracker.domain.forecast import MIN_POINTS, Answer, fit_forecast

ORIGIN = dt.date(2026, 1, 4)


def curve(plateau, growth, midpoint_day, weeks, noise=0.0, seed=1):
    rng = random.Random(seed)
    return [(ORIGIN + dt.timedelta(days=7 * i),
             plateau / (1 + math.exp(-growth * (7 * i - midpoint_day))) + rng.gauss(0, noise))
            for i in range(weeks)]


@pytest.mark.parametrize("plateau, growth, midpoint", [(0.8, 0.06, 70), (0.45, 0.03, 120), (0.95, 0.1, 40)])
def test_recovers_known_parameters_from_a_clean_curve(plateau, growth, midpoint):
    f = fit_forecast(curve(plateau, growth, midpoint, 30), target=None)
    assert f.ok, f.reason
    assert f.plateau == pytest.approx(plateau, abs=0.005)
    assert f.growth == pytest.approx(growth, rel=0.02)
    assert abs((f.midpoint - ORIGIN).days - midpoint) <= 1


def test_recovers_parameters_within_tolerance_from_a_noisy_curve():
    f = fit_forecast(curve(0.7, 0.05, 90, 40, noise=0.02, seed=3), target=0.6)
    assert f.ok, f.reason
    assert f.plateau == pytest.approx(0.7, abs=0.03)
    assert f.growth == pytest.approx(0.05, rel=0.2)
    assert abs((f.midpoint - ORIGIN).days - 90) <= 7
    # The day the true curve reaches 0.6: 90 - ln(0.7/0.6 - 1)/0.05 = 125.8
    true_day = ORIGIN + dt.timedelta(days=round(90 - math.log(0.7 / 0.6 - 1) / 0.05))
    assert abs((f.target_date - true_day).days) <= 7
    assert f.target_date_early <= f.target_date <= f.target_date_late
    assert f.plateau_low <= f.plateau <= f.plateau_high
    assert f.model == "logistic"


def test_does_not_reach_the_target_when_the_whole_plateau_band_is_below_it():
    f = fit_forecast(curve(0.4, 0.05, 60, 30, noise=0.01, seed=2), target=0.6)
    assert f.ok and f.answer is Answer.DOES_NOT_REACH
    assert f.plateau == pytest.approx(0.4, abs=0.01)
    assert f.plateau_high < 0.6
    assert f.target_date is None and f.target_date_early is None and f.target_date_late is None
    assert f.sentence() == (f"does not reach the target: adoption levels off at {f.plateau * 100:.0f}% "
                            f"(80% band {f.plateau_low * 100:.0f}% to {f.plateau_high * 100:.0f}%), below the "
                            "60% target")


def test_reaches_the_target_on_a_date_inside_its_band():
    f = fit_forecast(curve(0.72, 0.04, 120, 26, noise=0.01, seed=4), target=0.65)
    assert f.ok and f.answer is Answer.REACHES
    assert f.target_date_early < f.target_date < f.target_date_late
    assert f.sentence() == (f"reaches the target on {day_text(f.target_date)} (80% band "
                            f"{day_text(f.target_date_early)} to {day_text(f.target_date_late)})")
    assert f.outcome.short() == day_text(f.target_date)


def test_a_young_curve_is_not_yet_predictable_rather_than_never_reaching():
    # The case of issue 21: plateau 72%, midpoint day 120, target 65%, 16 weekly points. The
    # old fit said "never reaches the target" of every such history.
    forecasts = [fit_forecast(curve(0.72, 0.04, 120, 16, noise=0.01, seed=seed), target=0.65)
                 for seed in range(1, 11)]
    assert all(f.ok for f in forecasts)
    assert not any(f.answer is Answer.DOES_NOT_REACH for f in forecasts)
    young = [f for f in forecasts if f.answer is Answer.NOT_YET and not f.outcome.turned]
    assert len(young) >= 7
    for f in young:
        assert f.target_date is None and f.plateau_high > 0.65 and f.outcome.weeks_needed >= 1
        assert f.sentence() == (f"not yet predictable: the curve has not turned (about {f.outcome.weeks_needed} "
                                "more weeks of data)")


def test_refuses_with_fewer_than_four_points():
    f = fit_forecast(curve(0.8, 0.06, 20, MIN_POINTS - 1), target=0.6)
    assert not f.ok
    assert f.reason == "not enough data: 3 points, 4 needed"
    assert f.plateau is None and f.curve([ORIGIN]) == [] and f.band([ORIGIN]) == ([], [])


def test_refuses_noise():
    rng = random.Random(5)
    points = [(ORIGIN + dt.timedelta(days=7 * i), 0.3 + rng.uniform(-0.15, 0.15)) for i in range(20)]
    f = fit_forecast(points, target=0.6)
    assert not f.ok
    assert f.reason.startswith("poor fit")


def test_a_plateau_either_side_of_the_target_is_not_yet_predictable():
    f = fit_forecast(curve(0.62, 0.05, 60, 20, noise=0.03, seed=2), target=0.6)
    assert f.ok and f.answer is Answer.NOT_YET and f.outcome.turned
    assert f.plateau_low < 0.6 < f.plateau_high
    assert f.sentence() == (f"not yet predictable: adoption may level off either side of the 60% target (80% "
                            f"band of the plateau {f.plateau_low * 100:.0f}% to {f.plateau_high * 100:.0f}%; more "
                            "weeks of data will tell)")


def test_refuses_a_history_with_no_use_or_no_movement():
    assert fit_forecast([(ORIGIN + dt.timedelta(days=7 * i), 0.0) for i in range(8)], target=0.5).reason \
        == "not enough data: nobody has used it yet"
    assert fit_forecast([(ORIGIN + dt.timedelta(days=7 * i), 0.5) for i in range(8)], target=0.5).reason \
        .startswith("poor fit: adoption has stayed at about 50%")


def test_curve_and_band_follow_the_fit_and_are_repeatable():
    points = curve(0.7, 0.05, 90, 40, noise=0.02, seed=3)
    f = fit_forecast(points, target=0.6)
    dates = [d for d, _ in points]
    fitted = f.curve(dates)
    low, high = f.band(dates)
    assert len(fitted) == len(low) == len(high) == len(dates)
    assert all(lo - 1e-9 <= c <= hi + 1e-9 for lo, c, hi in zip(low, fitted, high))
    assert max(abs(c - y) for c, (_, y) in zip(fitted, points)) < 0.08
    assert fit_forecast(points, target=0.6).band(dates) == (low, high)  # fixed seed


def bass_curve(plateau, p, q, weeks, noise=0.0, seed=1):
    """A Bass diffusion history launched on ORIGIN (rate 0 on the first point)."""
    rng = random.Random(seed)
    out = []
    for i in range(weeks):
        t = 7 * i
        e = math.exp(-(p + q) * t)
        out.append((ORIGIN + dt.timedelta(days=t), plateau * (1 - e) / (1 + q / p * e) + rng.gauss(0, noise)))
    return out


def test_bass_is_chosen_when_it_predicts_the_last_points_better_and_says_so():
    # Strong innovation (p/q = 0.5): a lopsided start the logistic cannot follow.
    f = fit_forecast(bass_curve(0.8, 0.005, 0.01, 30, noise=0.003), target=0.7)
    assert f.ok and f.model == "bass" and f.model_label == "Bass diffusion"
    errors = dict(f.held_out)
    assert errors["bass"] < 0.8 * errors["logistic"]
    assert f.innovation > 0 and f.imitation > 0
    truth = bass_curve(0.8, 0.005, 0.01, 60)
    fitted = f.curve([d for d, _ in truth])
    assert max(abs(c - y) for c, (_, y) in zip(fitted, truth)) < 0.05  # 30 weeks fitted, 30 more forecast


def test_the_logistic_is_kept_for_a_logistic_history_and_without_a_fair_contest():
    assert fit_forecast(curve(0.8, 0.06, 70, 30, noise=0.005), target=0.7).model == "logistic"
    short = fit_forecast(bass_curve(0.8, 0.005, 0.01, 8, noise=0.003), target=0.7)
    assert short.model == "logistic" and short.held_out == ()


def test_a_fit_is_fast_enough_for_hundreds_of_teams():
    import time

    histories = [curve(0.72, 0.04, 120, weeks, noise=0.01, seed=weeks) for weeks in range(10, 40)]
    fit_forecast(histories[0], target=0.65)
    start = time.perf_counter()
    for h in histories:
        fit_forecast(h, target=0.65)
    per_fit = (time.perf_counter() - start) / len(histories)
    assert per_fit < 0.1, f"{per_fit * 1000:.0f} ms per fit"


def test_ultimate_utilisation_is_not_shown_before_the_curve_shows_its_plateau():
    from tracker.domain.adoption import AdoptionPoint, build_summary

    def summary(weeks):
        points = [AdoptionPoint(d, 1000, round(1000 * max(r, 0.0))) for d, r in curve(0.72, 0.04, 120, weeks)]
        return build_summary(points, target=0.65, target_date=None, go_live=ORIGIN, as_of=points[-1].period_end)

    young, grown = summary(14), summary(30)
    assert young.forecast.ok and young.forecast.answer is Answer.NOT_YET and young.ultimate_utilisation is None
    assert grown.ultimate_utilisation == pytest.approx(0.72, abs=0.01)
