"""A team's latest adoption figures as of a day: what the report's team rows show, and the group
size the small-group rule weighs them by (tracker/domain/rollout_privacy.py), taken from the
same weekly points so the decision and the figures it protects can never disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.domain.adoption import AdoptionPoint


@dataclass(frozen=True)
class TeamAdoption:
    """A team's latest adoption figures as of a day (the fields of AdoptionSummary the team
    rows show, computed the same way)."""

    eligible: int
    active: int
    rate: float | None
    has_data: bool  # some week up to the day had eligible people


def latest_adoption(points: list[AdoptionPoint], as_of: dt.date) -> TeamAdoption:
    upto = [p for p in points if p.period_end <= as_of]
    if not upto:
        return TeamAdoption(0, 0, None, False)
    latest = max(upto, key=lambda p: p.period_end)
    return TeamAdoption(latest.eligible, latest.active, latest.rate, any(p.eligible > 0 for p in upto))
