"""The health rule: each factor's thresholds at and either side of the boundary, missing data,
the overall combination, and the rule's text following the thresholds."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tracker.domain import health_factors as f
from tracker.domain.date_text import day_text
from tracker.domain.enums import Stage
from tracker.domain.forecast import Answer, Outcome
from tracker.domain.health import (
    DEFAULT,
    HEALTH_RULE_TEXT,
    AdkarFacts,
    AdoptionFacts,
    DependencyFacts,
    Factor,
    GateFacts,
    Health,
    KpiFacts,
    ResistanceFacts,
    RolloutFacts,
    Thresholds,
    TrainingFacts,
    assess_health,
    health_rule_text,
    overall,
    reasons,
)

AS_OF = dt.date(2026, 6, 1)
G, A, R, N = Health.GREEN, Health.AMBER, Health.RED, Health.NO_DATA
LIVE = dict(as_of=AS_OF, stage=Stage.SCALING, go_live_date=dt.date(2026, 1, 1))


def _live(**areas) -> RolloutFacts:
    return RolloutFacts(**LIVE, **areas)


# ----------------------------------------------------------------------------- adoption
def _adoption(**kw) -> Factor:
    base = dict(rate=0.40, target_rate=0.80, target_date=dt.date(2026, 12, 31), planned_rate=0.40)
    return f.adoption(_live(adoption=AdoptionFacts(**{**base, **kw})), DEFAULT)


@pytest.mark.parametrize(("planned", "expected"), [
    (0.44, G), (0.45, A), (0.46, A), (0.54, A), (0.55, R), (0.56, R),
])
def test_adoption_gap_behind_the_path(planned, expected):
    assert _adoption(planned_rate=planned).health is expected


TARGET_DATE = dt.date(2026, 12, 31)


def _reaches(late_days: int, band_days: int = 20) -> Outcome:
    """A forecast reaching 80% `late_days` after the target date, its band `band_days` either side."""
    day = TARGET_DATE + dt.timedelta(days=late_days)
    return Outcome(Answer.REACHES, 0.8, date=day, early=day - dt.timedelta(days=band_days),
                   late=day + dt.timedelta(days=band_days), plateau=0.9, plateau_low=0.85, plateau_high=0.95)


@pytest.mark.parametrize(("late_days", "expected"), [(-1, G), (0, G), (1, A), (90, A), (110, A), (111, R)])
def test_adoption_forecast_lateness_is_red_only_when_the_whole_band_is_late(late_days, expected):
    # The band starts 20 days before the forecast date: red only once that earliest date is
    # more than 90 days after the target date.
    outcome = _reaches(late_days)
    factor = _adoption(forecast=outcome)
    assert factor.health is expected
    assert f"the forecast reaches the target on {day_text(outcome.date)}" in factor.reason
    assert f"(80% band {day_text(outcome.early)} to {day_text(outcome.late)})" in factor.reason
    if expected is R:
        assert "even the band's earliest date is 91 days after the target date" in factor.reason


def test_a_band_that_starts_after_the_target_date_is_amber_even_with_the_date_on_time():
    outcome = dataclasses.replace(_reaches(0), early=TARGET_DATE + dt.timedelta(days=5))
    assert _adoption(forecast=outcome).health is A


def test_adoption_forecast_that_does_not_reach_the_target_is_red_and_says_so():
    outcome = Outcome(Answer.DOES_NOT_REACH, 0.8, plateau=0.52, plateau_low=0.49, plateau_high=0.55)
    factor = _adoption(forecast=outcome)
    assert factor.health is R
    assert factor.reason.endswith("; the forecast does not reach the target: adoption levels off at 52% "
                                  "(80% band 49% to 55%), below the 80% target.")


def test_a_forecast_not_yet_predictable_leaves_the_colour_to_the_path_and_says_what_would_help():
    young = Outcome(Answer.NOT_YET, 0.8, early=TARGET_DATE - dt.timedelta(days=60), plateau=0.7,
                    plateau_low=0.4, plateau_high=0.98, turned=False, weeks_needed=4)
    factor = _adoption(forecast=young)
    assert factor.health is G
    assert factor.reason.endswith("; the forecast is not yet predictable: the curve has not turned "
                                  "(about 4 more weeks of data).")
    assert _adoption(forecast=young, planned_rate=0.55).health is R  # the gap still counts
    just_turned = dataclasses.replace(young, turned=True, weeks_needed=1)
    assert _adoption(forecast=just_turned).reason.endswith(
        "; the forecast is not yet predictable: the curve has only just turned (about 1 more week of data).")
    either_side = dataclasses.replace(young, turned=True, weeks_needed=None)
    assert "may level off either side of the 80% target" in _adoption(forecast=either_side).reason


def test_a_forecast_not_yet_predictable_is_red_when_even_its_earliest_date_is_far_too_late():
    late = Outcome(Answer.NOT_YET, 0.8, early=TARGET_DATE + dt.timedelta(days=91), plateau=0.7,
                   plateau_low=0.4, plateau_high=0.98, turned=False, weeks_needed=6)
    assert _adoption(forecast=late).health is R
    assert _adoption(forecast=dataclasses.replace(late, early=TARGET_DATE + dt.timedelta(days=1))).health is A


def test_adoption_at_the_target_is_green_whatever_the_path():
    never = Outcome(Answer.DOES_NOT_REACH, 0.8, plateau=0.7, plateau_low=0.65, plateau_high=0.75)
    assert _adoption(rate=0.80, planned_rate=0.80).health is G
    assert _adoption(rate=0.79, planned_rate=0.80, forecast=never).health is R


def test_adoption_reason_gives_the_figures():
    factor = _adoption(rate=0.41, planned_rate=0.55, forecast_reason="not enough data: 3 points, 4 needed")
    assert factor.reason == ("Adoption: 41% active against 55% planned by now (target 80% by 31 Dec 2026), "
                             "no forecast (not enough data: 3 points, 4 needed).")


def test_adoption_without_usage_or_target_is_no_data():
    assert _adoption(rate=None).health is N
    no_target = _adoption(target_rate=None)
    assert no_target.health is N and "no target" in no_target.reason


def test_adoption_before_go_live_says_it_is_not_live():
    facts = RolloutFacts(as_of=AS_OF, stage=Stage.PILOT, go_live_date=dt.date(2026, 9, 1))
    factor = f.adoption(facts, DEFAULT)
    assert factor.health is N and "not live yet (go-live 1 Sep 2026)" in factor.reason


# ----------------------------------------------------------------------------- training
@pytest.mark.parametrize(("overdue", "expected"), [
    (0, G), (1, G), (2, A), (3, A), (9, A), (10, R), (11, R),
])
def test_training_overdue_share(overdue, expected):
    # 105 required, 5 exempt: overdue counts against the 100 that are not exempt.
    factor = f.training(TrainingFacts(required=105, completed=50, exempt=5, overdue=overdue,
                                      teams_overdue=min(overdue, 3)), DEFAULT)
    assert factor.health is expected


def test_training_reason_reads_like_the_issue():
    factor = f.training(TrainingFacts(required=1000, completed=410, overdue=150, teams_overdue=3), DEFAULT)
    assert factor.reason == "Training: 41% complete, 3 teams overdue (150 assignments, 15% of those required)."
    assert f.training(TrainingFacts(required=10, completed=10), DEFAULT).reason == "Training: 100% complete, none overdue."


def test_training_percent_is_rounded_down():
    assert "99% complete" in f.training(TrainingFacts(required=1000, completed=996), DEFAULT).reason


def test_training_without_requirements_is_no_data():
    assert f.training(TrainingFacts(), DEFAULT).health is N
    assert f.training(TrainingFacts(required=4, exempt=4), DEFAULT).health is G


# ----------------------------------------------------------------------------- ADKAR
@pytest.mark.parametrize(("barriers", "expected"), [
    ((), G), (("Desire",), A), (("Desire", "Awareness", "Knowledge"), A),
    (("Desire",) * 4, R), (("Desire",) * 5, R),
])
def test_adkar_barriers_in_highly_affected_teams(barriers, expected):
    # 8 assessed: 3 stuck is below half (amber), 4 is half (red).
    factor = f.adkar(AdkarFacts(teams=12, high_impact_teams=10, assessed=8, barriers=barriers), DEFAULT)
    assert factor.health is expected
    assert "2 not assessed" in factor.reason


def test_adkar_reason_lists_the_barriers_in_adkar_order():
    factor = f.adkar(AdkarFacts(teams=5, high_impact_teams=5, assessed=5,
                                barriers=("Knowledge", "Awareness", "Knowledge")), DEFAULT)
    assert factor.reason == "ADKAR: 3 of 5 assessed highly affected teams at a barrier (Awareness 1, Knowledge 2)."


def test_adkar_missing_data():
    assert f.adkar(AdkarFacts(), DEFAULT).health is N
    assert f.adkar(AdkarFacts(teams=3, high_impact_teams=0), DEFAULT).health is G
    unassessed = f.adkar(AdkarFacts(teams=3, high_impact_teams=2, assessed=0), DEFAULT)
    assert unassessed.health is N and "none of the 2" in unassessed.reason


# ----------------------------------------------------------------------------- resistance
@pytest.mark.parametrize(("by_severity", "expected"), [
    ((5, 5, 5, 0, 0), G), ((0, 0, 0, 1, 0), A), ((0, 0, 0, 0, 1), A), ((0, 0, 0, 1, 1), A),
    ((0, 0, 0, 2, 1), R), ((0, 0, 0, 0, 4), R),
])
def test_resistance_high_severity_unresolved(by_severity, expected):
    assert f.resistance(ResistanceFacts(recorded=30, open_by_severity=by_severity), DEFAULT).health is expected


def test_resistance_severity_threshold_is_a_setting():
    facts = ResistanceFacts(recorded=3, open_by_severity=(0, 0, 3, 0, 0))
    assert f.resistance(facts, DEFAULT).health is G
    factor = f.resistance(facts, Thresholds(resistance_severity=3))
    assert factor.health is R and "3 unresolved signals of severity 3 or more" in factor.reason


def test_resistance_never_recorded_is_no_data():
    assert f.resistance(ResistanceFacts(), DEFAULT).health is N


# ----------------------------------------------------------------------------- dependencies
GO_LIVE = dt.date(2026, 9, 1)


@pytest.mark.parametrize(("late", "critical", "expected"), [
    (0, 0, G), (1, 0, A), (4, 0, A), (5, 0, R), (1, 1, R),
])
def test_dependencies_blocked_or_overdue(late, critical, expected):
    facts = DependencyFacts(total=20, unfinished=10, blocked=late, overdue=0, late=late, critical_late=critical,
                            ready_on=GO_LIVE)
    assert f.dependencies(facts, GO_LIVE, DEFAULT).health is expected


def test_dependencies_finishing_after_go_live_or_in_a_cycle():
    on_time = DependencyFacts(total=3, unfinished=2, ready_on=GO_LIVE)
    assert f.dependencies(on_time, GO_LIVE, DEFAULT).health is G
    late = dataclasses.replace(on_time, ready_on=GO_LIVE + dt.timedelta(days=1))
    factor = f.dependencies(late, GO_LIVE, DEFAULT)
    assert factor.health is A and "after go-live on 1 Sep 2026" in factor.reason
    assert f.dependencies(dataclasses.replace(on_time, cycle=True), GO_LIVE, DEFAULT).health is R


def test_dependencies_missing_or_all_done():
    assert f.dependencies(DependencyFacts(), GO_LIVE, DEFAULT).health is N
    assert f.dependencies(DependencyFacts(total=4), GO_LIVE, DEFAULT).health is G


# ----------------------------------------------------------------------------- gates
@pytest.mark.parametrize(("open_items", "overdue", "expected"), [(0, 0, G), (1, 0, A), (5, 0, A), (5, 1, R)])
def test_gates_open_and_overdue_items(open_items, overdue, expected):
    factor = f.gates(GateFacts("Pilot → Scaling", items=9, open=open_items, overdue=overdue), DEFAULT)
    assert factor.health is expected
    assert "Pilot → Scaling" in factor.reason


def test_gates_missing_checklist_and_no_gate_ahead():
    assert f.gates(GateFacts("Pilot → Scaling", items=0), DEFAULT).health is N
    assert f.gates(GateFacts(None), DEFAULT).health is G


# ----------------------------------------------------------------------------- KPIs
@pytest.mark.parametrize(("red", "amber", "expected"), [(0, 0, G), (0, 1, A), (0, 3, A), (1, 0, R), (1, 2, R)])
def test_kpis_off_target(red, amber, expected):
    assert f.kpis(KpiFacts(total=4, measured=4, red=red, amber=amber), DEFAULT).health is expected


def test_kpis_thresholds_are_settings():
    facts = KpiFacts(total=4, measured=4, amber=1)
    assert f.kpis(facts, Thresholds(kpi_amber_count=2), None).health is G


def test_kpis_without_readings_are_no_data():
    assert f.kpis(KpiFacts(), DEFAULT).health is N
    factor = f.kpis(KpiFacts(total=3), DEFAULT)
    assert factor.health is N and "no readings yet for the 3 KPIs" in factor.reason


# ----------------------------------------------------------------------------- overall
def _all_green(**changes) -> RolloutFacts:
    areas = dict(
        adoption=AdoptionFacts(rate=0.85, target_rate=0.8, target_date=dt.date(2026, 12, 31), planned_rate=0.5),
        training=TrainingFacts(required=100, completed=95),
        adkar=AdkarFacts(teams=4, high_impact_teams=2, assessed=2),
        resistance=ResistanceFacts(recorded=2),
        dependencies=DependencyFacts(total=3),
        gates=GateFacts("Scaling → Production", items=4),
        kpis=KpiFacts(total=2, measured=2),
    )
    areas.update(changes)
    return _live(**areas)


def test_every_factor_green_is_green_with_no_reasons():
    health, factors = assess_health(_all_green())
    assert health is G and [x.key for x in factors] == [
        "adoption", "training", "adkar", "resistance", "dependencies", "gates", "kpis"]
    assert reasons(factors) == ()
    assert all(x.reason.startswith(x.name + ": ") and x.reason.endswith(".") for x in factors)


def test_one_red_makes_it_red_and_one_amber_amber():
    health, factors = assess_health(_all_green(kpis=KpiFacts(total=2, measured=2, red=1),
                                               gates=GateFacts("Scaling → Production", items=4, open=1)))
    assert health is R
    assert reasons(factors) == ("KPIs: 1 red and 0 amber of 2 measured KPIs.",
                                "Gates: 1 of 4 items open for Scaling → Production.")
    assert assess_health(_all_green(gates=GateFacts("Scaling → Production", items=4, open=1)))[0] is A


def test_a_factor_without_data_never_leaves_it_green():
    health, factors = assess_health(_all_green(resistance=ResistanceFacts()))
    assert health is A
    assert reasons(factors) == ("Resistance: no signals recorded yet.",)


def test_before_go_live_missing_adoption_and_kpis_do_not_hold_a_pilot_at_amber():
    pilot = dataclasses.replace(_all_green(adoption=AdoptionFacts(), kpis=KpiFacts()), stage=Stage.PILOT,
                                go_live_date=dt.date(2026, 9, 1))
    health, factors = assess_health(pilot)
    assert health is G
    assert [x.health for x in factors if x.key in ("adoption", "kpis")] == [N, N]
    # ... but missing training data still does, and after go-live so do adoption and KPIs.
    assert assess_health(dataclasses.replace(pilot, training=TrainingFacts()))[0] is A
    assert assess_health(dataclasses.replace(pilot, as_of=dt.date(2026, 9, 1)))[0] is A
    assert assess_health(dataclasses.replace(pilot, stage=Stage.SCALING))[0] is A


def test_no_data_anywhere_is_no_data():
    assert overall((Factor("a", "A", N, "A: none."), Factor("b", "B", N, "B: none."))) is N
    assert overall(()) is N


def test_reasons_worst_first():
    factors = (Factor("a", "A", N, "n"), Factor("b", "B", A, "a"), Factor("c", "C", G, "g"), Factor("d", "D", R, "r"))
    assert reasons(factors) == ("r", "a", "n")


# ----------------------------------------------------------------------------- thresholds and text
def test_thresholds_refuse_contradictions():
    with pytest.raises(ValueError, match="training_amber_overdue"):
        Thresholds(training_amber_overdue=0.2, training_red_overdue=0.1)
    with pytest.raises(ValueError, match="resistance_severity"):
        Thresholds(resistance_severity=6)
    with pytest.raises(ValueError, match="gate_amber_open"):
        Thresholds(gate_amber_open=0)


def test_rule_text_follows_the_thresholds():
    assert "Amber from 2%, red from 10%" in HEALTH_RULE_TEXT
    assert "severity 4 or more" in HEALTH_RULE_TEXT
    text = health_rule_text(Thresholds(training_amber_overdue=0.05, training_red_overdue=0.25, resistance_severity=3))
    assert "Amber from 5%, red from 25%" in text and "severity 3 or more" in text
    assert "No data" in text and "Before go-live" in text


def test_finishing_after_go_live_matters_only_before_go_live():
    late = DependencyFacts(total=3, unfinished=2, ready_on=GO_LIVE + dt.timedelta(days=30))
    assert f.dependencies(late, GO_LIVE, DEFAULT, GO_LIVE).health is A
    assert f.dependencies(late, GO_LIVE, DEFAULT, GO_LIVE + dt.timedelta(days=1)).health is G


def test_readme_documents_the_rule_as_generated():
    from pathlib import Path

    from tracker.domain.change_load import CHANGE_LOAD_RULE_TEXT

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Rollout health", 1)[1].split("\n## ", 1)[0]
    for line in (HEALTH_RULE_TEXT + "\n" + CHANGE_LOAD_RULE_TEXT).split("\n"):
        assert line in section, f"README's 'Rollout health' section lacks: {line[:60]}..."


def test_percent_never_rounds_something_down_to_nothing_or_up_to_everything():
    from tracker.domain.health_factors import percent

    assert percent(0) == "0%"
    assert percent(0.004) == "under 1%"
    assert percent(0.01) == "1%"
    assert percent(0.996) == "99%"
    assert percent(1) == "100%"
