"""The slow counts of the area tabs, as worker jobs, and counting them ahead (issue 19).

The Adoption tab's summaries (a forecast fitted per team: seconds for a big rollout), the
Training tab's progress (roll-ups and burn-up over a million assignments, and their two
figures) and the Seats tab's overview (every seat judged: 0.75-1 s for a rollout of 9,000
seats) run in the worker pool. When a rollout is chosen the rollout page counts them ahead
(tracker/ui/counted_ahead.py), so that its tab only takes the answer when it is clicked. Each
count names the areas it reads (the page's own `AREAS`): a change to one of them drops it.

Light on purpose: the rollout page imports it on every rollout switch, before either tab's page
(and matplotlib) is loaded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tracker.store import Workspace
from tracker.store.training_queries import Scope
from tracker.ui.counted_ahead import counted_ahead

#: What the Adoption page shows and its summaries read: the rollout's target and dates, the
#: usage and hand figures, who is eligible (the organisation), and the settings every page shows.
ADOPTION_AREAS = frozenset({"rollouts", "settings", "adoption", "organisation"})
#: What the Training page shows: modules and records, and who must take what (roles, teams).
TRAINING_AREAS = frozenset({"rollouts", "settings", "training", "organisation"})
#: What the Seats tab shows: seats, and what the rules read besides (roster, training, usage).
SEAT_AREAS = frozenset({"seats", "organisation", "training", "adoption", "rollouts", "settings"})
#: What the Resistance page shows (its `AREAS`): the signals are in the readiness area.
RESISTANCE_AREAS = frozenset({"rollouts", "settings", "readiness", "organisation"})
#: What the Dependencies page shows (its `AREAS`).
DEPENDENCY_AREAS = frozenset({"rollouts", "settings", "delivery", "organisation"})
#: The Seats tab opens on its reclaim list: none of the parts read only for another sub-tab.
NO_SEAT_PARTS = (("cohorts", False), ("uplift", False), ("tools", False))


def adoption_summaries(ws: Workspace, rollout_id: int, as_of: dt.date, *, progress, cancelled) -> tuple:
    """Worker job: the rollout's summary, each team's (with their forecasts) and the team names."""
    names = {p.team_id: (p.team_name, p.impact) for p in ws.rollouts.participation(rollout_id)}
    return ws.adoption.summary(rollout_id, as_of), ws.adoption.team_summaries(rollout_id, as_of), names


def adoption_key(rollout_id: int, as_of: dt.date) -> tuple:
    return ("adoption.summaries", rollout_id, as_of)


def training_progress(ws: Workspace, scope: Scope, *, progress, cancelled) -> dict[str, Any]:
    """Worker job: the roll-ups and both figures (matplotlib without pyplot is thread-safe)."""
    from tracker.charts.training import build_burn_up_figure, build_completion_by_team_figure

    progress(10, "Counting assignments per team")
    teams = ws.training.team_progress(scope)
    progress(55, "Counting completions over time")
    burn = ws.training.burn_up(scope)
    return {"scope": scope, "teams": teams, "burn": burn,
            "team_figure": build_completion_by_team_figure(teams, width=5.2, height=3.6),
            "burn_figure": build_burn_up_figure(burn, width=5.2, height=3.2)}


def training_key(scope: Scope) -> tuple:
    return ("training.progress", scope)


def count_adoption_ahead(ws: Workspace, rollout_id: int) -> None:
    """The Adoption tab's summaries of `rollout_id` as of today, counted now for a later click."""
    as_of = dt.date.today()
    counted_ahead(ws).ahead(ws, adoption_key(rollout_id, as_of), ADOPTION_AREAS, adoption_summaries,
                            rollout_id, as_of)


def count_training_ahead(ws: Workspace, rollout_id: int) -> None:
    """The Training tab's progress of `rollout_id` with no filter (how the tab opens on a
    rollout), counted now for a later click."""
    scope = Scope(rollout_id)
    counted_ahead(ws).ahead(ws, training_key(scope), TRAINING_AREAS, training_progress, scope)


def seats_overview(ws: Workspace, rollout_id: int, as_of: dt.date, module_id: int | None,
                   parts: tuple[tuple[str, bool], ...], *, progress, cancelled):
    """Worker job: the Seats tab's overview (tracker/services/seat_overview.py) with `parts`."""
    from tracker.services.seat_overview import seats_overview as read

    return read(ws, rollout_id, as_of, module_id=module_id, **dict(parts))


def seats_key(rollout_id: int, as_of: dt.date, module_id: int | None, parts: tuple[tuple[str, bool], ...]) -> tuple:
    return ("seats.overview", rollout_id, as_of, module_id, parts)


def count_seats_ahead(ws: Workspace, rollout_id: int) -> None:
    """The Seats tab's overview of `rollout_id` as the tab opens on it (today, the reclaim list,
    no module chosen), read now for a later click."""
    as_of = dt.date.today()
    counted_ahead(ws).ahead(ws, seats_key(rollout_id, as_of, None, NO_SEAT_PARTS), SEAT_AREAS, seats_overview,
                            rollout_id, as_of, None, NO_SEAT_PARTS)


def rollout_signals(ws: Workspace, rollout_id: int, *, progress, cancelled) -> list:
    """Worker job: the rollout's resistance signals (2,500 rows of a big rollout: 50 ms)."""
    return ws.readiness.signals.list(rollout_id)


def signals_key(rollout_id: int) -> tuple:
    return ("resistance.signals", rollout_id)


def rollout_dependencies(ws: Workspace, rollout_id: int, *, progress, cancelled) -> list:
    """Worker job: the rollout's dependencies (600 of a big rollout: 10-50 ms)."""
    return ws.delivery.dependencies.list(rollout_id)


def dependencies_key(rollout_id: int) -> tuple:
    return ("dependencies.list", rollout_id)


def count_signals_ahead(ws: Workspace, rollout_id: int) -> None:
    """Read a built Resistance page's signals in the worker pool, so that the page, filled
    ahead, does not read them on the GUI thread."""
    counted_ahead(ws).ahead(ws, signals_key(rollout_id), RESISTANCE_AREAS, rollout_signals, rollout_id)


def count_dependencies_ahead(ws: Workspace, rollout_id: int) -> None:
    """As count_signals_ahead, for a built Dependencies page."""
    counted_ahead(ws).ahead(ws, dependencies_key(rollout_id), DEPENDENCY_AREAS, rollout_dependencies, rollout_id)
