"""The retention purge on the sample workspace: usage rows before the cutoff go, and every
adoption figure, health status, forecast and report figure reads the same before and after
(and after a later recompute of every rollout)."""

from __future__ import annotations

import pytest

from tracker.demo.readiness import DEMO_AS_OF
from tracker.reports.rollout_tables import adoption_rows
from tracker.services.rollout_status import portfolio_status
from tracker.store import Workspace
from tracker.store.retention import months_before, purge_expired, set_retention_months

MONTHS = 6


def adoption_picture(ws):
    rollouts = [r.id for r in ws.rollouts.list()]
    summaries = ws.adoption.summaries(DEMO_AS_OF)
    return {
        "weekly": ws.query("SELECT * FROM adoption_weekly ORDER BY rollout_id, week_end, team_id"),
        "summaries": summaries,
        "teams": {r: ws.adoption.team_summaries(r, DEMO_AS_OF) for r in rollouts},
        "report": {r: adoption_rows(s, DEMO_AS_OF) for r, s in summaries.items()},
        "status": [(s.rollout.id, s.health, s.reasons, s.adoption_rate, s.forecast_date, s.factors)
                   for s in portfolio_status(ws, DEMO_AS_OF)],
    }


def latest_teams_read_as_the_histories(ws) -> int:
    """The status's team figures (tracker/store/adoption_latest.py) are each team's latest week
    of its history, for any day; how many were compared."""
    import datetime as dt

    from tracker.domain.team_adoption import latest_adoption
    from tracker.store.adoption_latest import latest_team_adoption

    compared = 0
    for day in (DEMO_AS_OF, DEMO_AS_OF - dt.timedelta(days=250)):
        every = latest_team_adoption(ws, day)
        for r in ws.rollouts.list():
            expected = {t: latest_adoption(points, day) for t, points in ws.adoption.team_histories(r.id).items()
                        if any(p.period_end <= day for p in points)}
            assert every.get(r.id, {}) == expected
            compared += len(expected)
    return compared


@pytest.fixture
def sample(sample_copy, tmp_path):
    path = sample_copy(tmp_path / "sample.tracker", seed=1)
    ws = Workspace.open(path)
    yield ws
    ws.close()


def test_purging_the_sample_workspace_changes_no_figure(sample):
    ws = sample
    cutoff = months_before(DEMO_AS_OF, MONTHS).toordinal()
    old = ws.scalar("SELECT count(*) FROM usage_events WHERE day < ?", (cutoff,))
    assert old > 1000 and ws.scalar("SELECT count(*) FROM usage_events WHERE day >= ?", (cutoff,)) > 1000
    before = adoption_picture(ws)
    assert any(s.has_data for s in before["summaries"].values())
    set_retention_months(ws, MONTHS)

    result = purge_expired(ws, today=DEMO_AS_OF)

    assert result.usage_rows == old and result.frozen_weeks > 0
    assert ws.scalar("SELECT count(*) FROM usage_events WHERE day < ?", (cutoff,)) == 0
    assert adoption_picture(ws) == before
    assert latest_teams_read_as_the_histories(ws)  # frozen weeks: the rollouts grouped by team in full
    with ws.write("mark stale"):
        ws.conn.execute("INSERT OR IGNORE INTO adoption_stale (rollout_id) SELECT id FROM rollouts")
    assert adoption_picture(ws) == before
    assert f"Removed {old:,} usage rows" in result.summary()
