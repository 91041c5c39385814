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
