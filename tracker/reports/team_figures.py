"""The per-team figures of the status workbook, gathered for all its rollouts at once.

A big workspace has 2,000 teams in 50 rollouts with several modules each. Asking the store for
them the way a page does (a full adoption summary per team, training progress per rollout and
again per module) made the report spend most of its time fitting forecasts nobody reads and
repeating the same training read 450 times. Here:

- adoption: each team's latest figures as of the report's day, from its weekly history
  (`Adoption.team_histories`), the same fields `AdoptionSummary` gives for them, no forecast;
- training: one read of the kept per-module counts for every rollout of the report
  (tracker/store/training_status.py `current_counts`), summed per team and per module and team
  with the same rule as `Training.team_progress` (late = unfinished, module past due).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.domain.team_adoption import TeamAdoption, latest_adoption
from tracker.domain.training_models import TeamProgress

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

__all__ = ["TeamAdoption", "TrainingFigures", "latest_adoption", "team_adoption", "training_figures"]

NO_TEAM = "(no team)"  # what Training.team_progress calls assignments of people without a team


def team_adoption(ws: Workspace, rollout_id: int, as_of: dt.date) -> dict[int, TeamAdoption]:
    """team id -> its latest figures, for each team with figures in the rollout."""
    return {team_id: latest_adoption(points, as_of)
            for team_id, points in ws.adoption.team_histories(rollout_id).items()}


@dataclass
class TrainingFigures:
    """The report's training progress: per rollout and team, and per module and team."""

    by_rollout: dict[int, dict[int | None, TeamProgress]]
    by_module: dict[int, list[TeamProgress]]  # teams by name

    def rollout(self, rollout_id: int) -> dict[int | None, TeamProgress]:
        return self.by_rollout.get(rollout_id, {})

    def module(self, module_id: int) -> list[TeamProgress]:
        return self.by_module.get(module_id, [])


def training_figures(ws: Workspace, rollout_ids: list[int], as_of: dt.date,
                     team_names: dict[int, str]) -> TrainingFigures:
    """Every team's progress in `rollout_ids` as of `as_of`, from one read of the kept counts."""
    from tracker.store.training_status import add_team_progress, current_counts

    per_rollout: dict[int, dict[int | None, list[int]]] = {}
    per_module: dict[int, dict[int | None, list[int]]] = {}
    for module_id, (rollout_id, due, by_team) in current_counts(ws, rollout_ids).items():
        past_due = due is not None and due < as_of
        rollout_teams = per_rollout.setdefault(rollout_id, {})
        module_teams = per_module.setdefault(module_id, {})
        for team_id, team_counts in by_team.items():
            add_team_progress(rollout_teams, team_id, team_counts, past_due)
            add_team_progress(module_teams, team_id, team_counts, past_due)

    def progress(teams: dict[int | None, list[int]]) -> list[TeamProgress]:
        # In team id order (no team first), as Training.team_progress lists them: the sort by
        # name below then keeps same-named teams in the order the application shows them.
        return [TeamProgress(tid, team_names.get(tid, NO_TEAM) if tid is not None else NO_TEAM, *teams[tid])
                for tid in sorted(teams, key=lambda t: (t is not None, t or 0))]

    return TrainingFigures(
        by_rollout={rid: {t.team_id: t for t in progress(teams)} for rid, teams in per_rollout.items()},
        by_module={mid: sorted(progress(teams), key=lambda t: t.team_name.casefold())
                   for mid, teams in per_module.items()},
    )
