"""KPI status rule and the readings import planner."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.kpi_import import plan_kpi_import
from tracker.domain.kpis import Direction, Kpi, Rag, check_kpi, check_reading, kpi_status

HI, LO = Direction.HIGHER_BETTER, Direction.LOWER_BETTER
TODAY = dt.date(2026, 3, 31)


@pytest.mark.parametrize(("direction", "value", "expected"), [
    (HI, 95, Rag.GREEN), (HI, 90, Rag.GREEN), (HI, 88, Rag.AMBER), (HI, 87, Rag.AMBER), (HI, 86.9, Rag.RED),
    (LO, 90, Rag.GREEN), (LO, 80, Rag.GREEN), (LO, 93, Rag.AMBER), (LO, 93.5, Rag.RED), (HI, None, Rag.NO_DATA),
])
def test_status_rule(direction, value, expected):
    assert kpi_status(90, direction, 3, value) is expected


def test_zero_tolerance_has_no_amber():
    assert kpi_status(99.9, HI, 0, 99.8) is Rag.RED


def test_kpi_status_uses_latest_value_and_band():
    kpi = Kpi(1, 1, "p95 latency", "ms", 800, LO, 200, latest_value=900)
    assert kpi.status is Rag.AMBER and kpi.band() == (1000, 800)


def test_checks():
    assert check_kpi(name="Accuracy", target=90, tolerance=2) is None
    assert check_kpi(name="", target=90, tolerance=2)
    assert "tolerance" in check_kpi(name="x", target=90, tolerance=-1)
    assert "future" in check_reading(1.0, TODAY + dt.timedelta(days=1), TODAY)


def _plan(rows, readings=None, headers=("kpi", "measured_on", "value")):
    return plan_kpi_import(list(headers), enumerate(rows, start=2), kpis={"accuracy": 1, "p95 latency": 2},
                           readings=readings or {}, today=TODAY)


def test_import_plans_new_changed_and_unchanged():
    plan = _plan([{"kpi": "Accuracy", "measured_on": "2026-03-01", "value": "91.5"},
                  {"kpi": "P95  latency", "measured_on": "02/03/2026", "value": 640},
                  {"kpi": "accuracy", "measured_on": dt.datetime(2026, 2, 1), "value": "90,2"}],
                 readings={(2, dt.date(2026, 3, 2)): 700.0, (1, dt.date(2026, 2, 1)): 90.2})
    assert plan.ok and [r.value for r in plan.new] == [91.5]
    assert [(r.kpi_id, r.value, r.before) for r in plan.changed] == [(2, 640.0, 700.0)]
    assert plan.unchanged == 1


def test_import_rejects_each_bad_row_with_its_reason():
    plan = _plan([{"kpi": "Uptime", "measured_on": "2026-03-01", "value": "1"},
                  {"kpi": "Accuracy", "measured_on": "yesterday", "value": "1"},
                  {"kpi": "Accuracy", "measured_on": "2026-04-30", "value": "1"},
                  {"kpi": "Accuracy", "measured_on": "2026-03-01", "value": "n/a"},
                  {"kpi": "Accuracy", "measured_on": "2026-03-02", "value": "1"},
                  {"kpi": "Accuracy", "measured_on": "2026-03-02", "value": "2"}])
    assert not plan.ok
    reasons = {e.row: e.reason for e in plan.errors}
    assert "no KPI called 'Uptime'" in reasons[2] and "not a date" in reasons[3]
    assert "future" in reasons[4] and "not a number" in reasons[5] and "also on row 6" in reasons[7]


def test_import_needs_the_three_columns():
    plan = _plan([], headers=("kpi", "value"))
    assert not plan.ok and "measured_on" in plan.errors[0].reason
