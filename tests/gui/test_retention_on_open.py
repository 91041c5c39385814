"""The window applies the workspace's retention period each time it opens it for editing."""

from __future__ import annotations

import datetime as dt

import pytest
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.domain.readiness import SignalSource, SignalType
from tracker.store import Workspace
from tracker.store.retention import set_retention_months

pytestmark = pytest.mark.gui


def test_opening_purges_expired_names_and_says_so(window, messages, tmp_path, qtbot):
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as ws:
        team = ws.teams.create("Claims")
        ann = ws.people.create(employee_id="E1", name="Ann", team_id=team)
        rollout = ws.rollouts.create(name="Copilot")
        ws.readiness.signals.log(rollout_id=rollout, team_id=team, person_id=ann,
                                 observed_on=dt.date(2020, 5, 1), type=SignalType("job_security"),
                                 severity=3, source=SignalSource("one_to_one"),
                                 description="Ann-Worried")
        set_retention_months(ws, 6)
    shown = []
    window.files.status_message.connect(shown.append)
    assert window.files.open_path(path)
    # The purge follows the first paint, in the background (tracker/ui/open_jobs.py).
    qtbot.waitUntil(lambda: not window.files.open_jobs.running, timeout=10_000)
    ws = window.context.workspace
    assert ws.scalar("SELECT count(*) FROM resistance_signals WHERE person_id IS NULL") == 1
    assert any("Removed the names from 1 resistance signals" in s for s in shown)
