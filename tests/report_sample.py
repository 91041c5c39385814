"""The sample workspace as the report tests use it: the seeded sample with weekly adoption figures
added where it has no usage, at a status date inside its history. Imported by name
(`from report_sample import AS_OF`); the `sample_path` fixture is in tests/reports/conftest.py."""

from __future__ import annotations

import datetime as dt

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


def write_report_sample(sample_copy, path):
    """The report sample at `path`, from a copy of the session's sample workspace."""
    path = sample_copy(path)
    with Workspace.open(path) as ws:
        add_weekly_adoption(ws, WITH_USAGE, dt.date(2025, 10, 5), AS_OF)
    return path
