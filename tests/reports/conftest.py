"""The sample workspace, built once per test module (it takes a few seconds)."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.services.demo import write_demo_workspace
from tracker.store import Workspace

AS_OF = dt.date(2026, 11, 30)  # inside the sample's history, so every area has figures
WITH_USAGE = "Claims triage assistant"


def add_weekly_adoption(ws, rollout_name: str, first: dt.date, last: dt.date) -> None:
    """Hand-entered weekly figures for every team of a rollout, rising towards 80 %, when the
    sample holds no usage for it, so the report always has adoption to show."""
    from tracker.domain.adoption import week_ends

    rollout = ws.rollouts.by_name(rollout_name)
    if ws.adoption.summary(rollout.id, last).has_data:
        return  # the sample has usage of its own
    figures = []
    weeks = week_ends(first, last)
    for p in ws.rollouts.participation(rollout.id):
        eligible = max(p.headcount, 1)
        for n, end in enumerate(weeks):
            active = min(eligible, round(eligible * 0.8 * (n + 1) / len(weeks)))
            figures.append(ws.adoption.figure_values(rollout.id, p.team_id, end, eligible, active))
    ws.adoption.apply_team_figures(figures, f"Add adoption of {rollout_name}")


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory):
    path = write_demo_workspace(tmp_path_factory.mktemp("sample") / "s.tracker")
    with Workspace.open(path) as ws:
        add_weekly_adoption(ws, WITH_USAGE, dt.date(2025, 10, 5), AS_OF)
    return path
