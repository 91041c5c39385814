"""`tracker retention`: sets the period, purges, and the window applies it on open."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.cli import main
from tracker.domain.readiness import SignalSource, SignalType
from tracker.store import Workspace
from tracker.store.retention import retention_months


@pytest.fixture
def ws_path(tmp_path):
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as ws:
        team = ws.teams.create("Claims")
        ann = ws.people.create(employee_id="E1", name="Ann", team_id=team)
        rollout = ws.rollouts.create(name="Copilot")
        ws.readiness.signals.log(rollout_id=rollout, team_id=team, person_id=ann,
                                 observed_on=dt.date(2024, 5, 1), type=SignalType("job_security"),
                                 severity=3, source=SignalSource("one_to_one"),
                                 description="Ann-Worried", as_of=dt.date(2026, 3, 1))
    return path


def test_months_sets_the_period_and_purges(ws_path, capsys):
    assert main(["retention", str(ws_path), "--months", "12", "--today", "2026-03-01"]) == 0
    assert "Removed the names from 1 resistance signals observed before 2025-03-01" in \
        capsys.readouterr().out
    with Workspace.open(ws_path) as ws:
        assert retention_months(ws) == 12
        assert ws.scalar("SELECT count(*) FROM resistance_signals WHERE person_id IS NULL") == 1
    assert b"Ann-Worried" not in ws_path.read_bytes()


def test_keep_all_turns_it_off_and_bad_input_is_a_usage_error(ws_path, capsys, tmp_path):
    assert main(["retention", str(ws_path), "--keep-all"]) == 0
    assert "kept until deleted" in capsys.readouterr().out
    assert main(["retention", str(ws_path), "--months", "0"]) == 2
    assert main(["retention", str(tmp_path / "missing.tracker")]) == 3
    with Workspace.open(ws_path) as ws:
        assert ws.scalar("SELECT count(*) FROM resistance_signals WHERE person_id IS NULL") == 0


def test_the_output_names_the_usage_rows_and_frozen_weeks(tmp_path, capsys):
    path = tmp_path / "usage.tracker"
    with Workspace.open(path) as ws:
        team = ws.teams.create("Claims")
        people = [ws.people.create(employee_id=f"E{i}", name=f"P {i}", team_id=team) for i in range(3)]
        rollout = ws.rollouts.create(name="Copilot")
        ws.rollouts.set_impact(rollout, team, "high")
        start = dt.date(2024, 1, 1).toordinal()
        keys = [(rollout << 44) | (p << 20) | (start + d) for p in people for d in range(0, 700, 5)]
        ws.adoption.import_usage(keys, source="log.csv", rows=len(keys), unknown_people=0)
        old = sum(1 for k in keys if k & ((1 << 20) - 1) < dt.date(2025, 3, 1).toordinal())
        weekly = ws.query("SELECT * FROM adoption_weekly ORDER BY 1, 2, 3")
    assert main(["retention", str(path), "--months", "12", "--today", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    assert f"Removed {old:,} usage rows (person and day) from before 2025-03-01; the " in out
    assert "rollout weeks they counted in are kept as team figures." in out
    with Workspace.open(path) as ws:
        assert ws.query("SELECT * FROM adoption_weekly ORDER BY 1, 2, 3") == weekly
        assert ws.scalar("SELECT count(*) FROM usage_events WHERE day < ?",
                         (dt.date(2025, 3, 1).toordinal(),)) == 0
