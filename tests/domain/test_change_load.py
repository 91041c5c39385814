"""Change load: when a rollout counts for a team, the weighted sums, saturation, the settings' checks."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.change_load import (
    DEFAULT_WEIGHTS,
    LoadRow,
    active_period,
    add_months,
    change_load,
    check_threshold,
    check_weights,
    month_range,
)
from tracker.domain.enums import Impact, Stage

D = dt.date
MONTHS = month_range(D(2026, 1, 15), 6)  # Jan .. Jun 2026


def _row(rollout_id, team_id, impact, *, start=None, go_live=None, target=None, stage=Stage.SCALING, team="T"):
    return LoadRow(rollout_id, f"R{rollout_id}", stage, start, go_live, target, team_id, f"{team}{team_id}",
                   Impact(impact))


def test_month_helpers():
    assert MONTHS[0] == D(2026, 1, 1) and MONTHS[-1] == D(2026, 6, 1) and len(MONTHS) == 6
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 3, 15), -3) == D(2025, 12, 15)


def test_active_period_falls_back_on_go_live():
    assert active_period(_row(1, 1, "high", start=D(2026, 1, 5), target=D(2026, 3, 1))) == (D(2026, 1, 5), D(2026, 3, 1))
    assert active_period(_row(1, 1, "high", go_live=D(2026, 4, 10))) == (D(2026, 1, 10), D(2026, 10, 10))
    assert active_period(_row(1, 1, "high")) is None
    assert active_period(_row(1, 1, "high", start=D(2026, 1, 1), stage=Stage.RETIRED)) is None


def test_load_sums_weights_of_rollouts_active_in_each_month():
    rows = [
        _row(1, 10, "high", start=D(2026, 1, 20), target=D(2026, 3, 2)),   # Jan..Mar
        _row(2, 10, "medium", start=D(2026, 3, 1), target=D(2026, 6, 30)),  # Mar..Jun
        _row(3, 10, "low", go_live=D(2026, 7, 1)),                         # Apr 2026 .. Jan 2027
        _row(4, 10, "none", start=D(2026, 1, 1), target=D(2026, 12, 1)),   # counts 0
    ]
    load = change_load(rows, MONTHS)
    (team,) = load.teams
    assert team.loads == (3, 3, 5, 3, 3, 3)
    assert team.peak == 5 and team.months_over == 0  # 5 is at the threshold, not above it
    assert load.rollouts[(10, D(2026, 3, 1))] == ("R1", "R2", "R4")


def test_cells_above_the_threshold_are_saturated_and_teams_worst_first():
    rows = [
        _row(1, 1, "high", start=D(2026, 1, 1), target=D(2026, 6, 1)),
        _row(2, 1, "high", start=D(2026, 2, 1), target=D(2026, 3, 1)),   # team 1: 6 in Feb, Mar
        _row(1, 2, "high", start=D(2026, 1, 1), target=D(2026, 6, 1)),
        _row(3, 2, "high", start=D(2026, 1, 1), target=D(2026, 6, 1)),
        _row(4, 2, "low", start=D(2026, 6, 1), target=D(2026, 6, 1)),     # team 2: 6 all along, 7 in Jun
        _row(1, 3, "low", start=D(2026, 1, 1), target=D(2026, 6, 1)),
    ]
    load = change_load(rows, MONTHS)
    assert [t.team_id for t in load.teams] == [2, 1, 3]
    assert [t.team_id for t in load.overloaded] == [2, 1]
    assert load.saturated == {(2, m) for m in MONTHS} | {(1, D(2026, 2, 1)), (1, D(2026, 3, 1))}
    assert load.teams[0].loads[-1] == 7 and load.teams[1].months_over == 2


def test_weights_and_threshold_change_the_result():
    rows = [_row(1, 1, "medium", start=D(2026, 1, 1), target=D(2026, 6, 1)),
            _row(2, 1, "medium", start=D(2026, 1, 1), target=D(2026, 6, 1))]
    assert change_load(rows, MONTHS).overloaded == ()
    heavy = {**DEFAULT_WEIGHTS, Impact.MEDIUM: 3}
    assert change_load(rows, MONTHS, weights=heavy).teams[0].loads[0] == 6
    assert len(change_load(rows, MONTHS, threshold=3).overloaded) == 1


def test_open_ended_and_undated_rollouts():
    rows = [_row(1, 1, "low", target=D(2026, 2, 1)),        # only an end: from the first month shown
            _row(2, 1, "low", start=D(2026, 5, 1)),         # only a start: to the last month shown
            _row(3, 1, "high"),                             # no dates: left out, listed
            _row(4, 1, "high", stage=Stage.RETIRED)]        # retired: left out, not listed
    load = change_load(rows, MONTHS)
    assert load.teams[0].loads == (1, 1, 0, 0, 1, 1)
    assert load.undated == ("R3",)


def test_no_rows_no_teams():
    load = change_load([], MONTHS)
    assert load.teams == () and load.overloaded == () and load.saturated == frozenset()


@pytest.mark.parametrize(("weights", "ok"), [
    ({"none": 0, "low": 1, "medium": 2, "high": 3}, True),
    ({Impact.NONE: 0, Impact.LOW: 2, Impact.MEDIUM: 4, Impact.HIGH: 8}, True),
    ({"none": 0, "low": 1, "medium": 2}, False),
    ({"none": 0, "low": 3, "medium": 2, "high": 4}, False),
    ({"none": 0, "low": 1, "medium": 2, "high": "3"}, False),
    ({"none": -1, "low": 1, "medium": 2, "high": 3}, False),
    ({"nil": 0, "low": 1, "medium": 2, "high": 3}, False),
])
def test_check_weights(weights, ok):
    assert (check_weights(weights) is None) is ok


@pytest.mark.parametrize(("value", "ok"), [(5, True), (0.5, True), (0, False), (-1, False), ("5", False), (True, False)])
def test_check_threshold(value, ok):
    assert (check_threshold(value) is None) is ok
