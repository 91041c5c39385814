"""What the seats of a rollout say beyond the reclaim list: weekly cohorts, retention by month of
first use, time to first use per team, the training uplift, and one view across AI tools.

Each function reads the store once and hands the data to the pure rules
(tracker/domain/seat_cohorts.py, seat_uplift.py, seat_tools.py); the window, the status report
and the command line call these, so they all show the same figures through the same
small-group rule. Looking never writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tracker.domain.rollout_privacy import suppressed_text
from tracker.domain.seat_cohorts import (
    RetentionCohort,
    TeamFirstUse,
    WeekStates,
    retention_by_month,
    time_to_first_use,
    use_matrix,
    week_of,
    weekly_states,
)
from tracker.domain.seat_records import Decision, SeatSource
from tracker.domain.seat_tools import PersonTools, TeamTools, ToolSeats, person_tools, team_tools
from tracker.domain.seat_uplift import Uplift, training_uplift
from tracker.store.workspace import Workspace

COHORT_WEEKS = 26  # weeks of cohort states shown


@dataclass(frozen=True)
class SeatCohorts:
    """A rollout's cohorts on ``as_of``. ``hidden``: why nothing is shown (the rollout's seat
    holders are fewer than the minimum group size); then the lists are empty."""

    as_of: dt.date
    weeks: list[WeekStates] = field(default_factory=list)
    retention: list[RetentionCohort] = field(default_factory=list)
    first_use: list[TeamFirstUse] = field(default_factory=list)
    hidden: str = ""


def _last_complete_week(as_of: dt.date) -> int:
    """The last week that has ended by ``as_of`` (the week of a Sunday ``as_of`` counts)."""
    return week_of(as_of) if as_of.weekday() == 6 else week_of(as_of) - 1


def _seat_dates(ws: Workspace, rollout_id: int, as_of: dt.date
                ) -> tuple[dict[int, dt.date | None], dict[int, dt.date], dict[int, dt.date]]:
    """Person id -> the day their seat was given; -> the day its reclaim was approved; -> the
    day a seats file says it was given (seats known from usage only start at the first use)."""
    seats = [s for s in ws.seats.seats(rollout_id, as_of) if s.person_id is not None]
    given = {s.person_id: s.assigned_on for s in seats if s.person_id is not None}
    imported = {s.person_id: s.assigned_on for s in seats
                if s.person_id is not None and s.assigned_on is not None and s.source is SeatSource.IMPORT}
    person_of_seat = {s.seat_id: s.person_id for s in seats if s.seat_id is not None}
    reclaimed: dict[int, dt.date] = {}
    for d in ws.seats.decisions(rollout_id):  # oldest first: the latest decision wins
        person = person_of_seat.get(d.seat_id)
        if person is None:
            continue
        if d.decision is Decision.APPROVED and d.decided_on <= as_of:
            reclaimed[person] = d.decided_on
        else:
            reclaimed.pop(person, None)
    return given, reclaimed, imported


def seat_cohorts(ws: Workspace, rollout_id: int, as_of: dt.date | None = None, *,
                 weeks: int = COHORT_WEEKS) -> SeatCohorts:
    """Weekly states of the last ``weeks`` complete weeks, retention cohorts and time to first
    use per team, through the small-group rule."""
    day = as_of or dt.date.today()
    minimum = ws.settings.minimum_group_size
    given, reclaimed, imported = _seat_dates(ws, rollout_id, day)
    if len(given) < minimum:
        return SeatCohorts(day, hidden=suppressed_text(minimum))
    persons, days = ws.seats.usage_days(rollout_id)
    last = _last_complete_week(day)
    matrix = use_matrix(persons, days, given, last)
    states = weekly_states(matrix, given, reclaimed, last - weeks + 1, last)
    first_use = {int(p): dt.date.fromordinal(int(d)) for p, d in _firsts(persons, days)}
    holders = ws.seats.holders(given)
    teams = {p: (h.team_id, h.team) for p, h in holders.items()}
    return SeatCohorts(day, states, retention_by_month(persons, days, day, minimum),
                       time_to_first_use(teams, imported, first_use, ws.seats.first_completions(rollout_id), minimum))


def _firsts(persons: object, days: object) -> list[tuple[int, int]]:
    """(person, first day) from person-sorted usage arrays."""
    import numpy as np

    p = np.asarray(persons)
    d = np.asarray(days)
    if not len(p):
        return []
    starts = np.concatenate(([True], p[1:] != p[:-1]))
    return list(zip(p[starts].tolist(), d[starts].tolist()))


def seat_uplift(ws: Workspace, rollout_id: int, as_of: dt.date | None = None, *,
                module_id: int | None = None) -> Uplift:
    """The training uplift of the rollout's seat holders (tracker/domain/seat_uplift.py)."""
    day = as_of or dt.date.today()
    given, _reclaimed, _imported = _seat_dates(ws, rollout_id, day)
    persons, days = ws.seats.usage_days(rollout_id)
    last = _last_complete_week(day)
    matrix = use_matrix(persons, days, given, last)
    teams = {p: h.team_id for p, h in ws.seats.holders(given).items()}
    return training_uplift(matrix, ws.seats.first_completions(rollout_id, module_id), teams,
                           last_week=last, minimum=ws.settings.minimum_group_size)


def tool_seats(ws: Workspace, as_of: dt.date | None = None) -> list[ToolSeats]:
    """Every rollout's seat holders and users, named by tool (not yet merged)."""
    day = as_of or dt.date.today()
    out = []
    for rollout_id, tool in ws.seats.tools().items():
        listed = ws.seats.reclaim_list(rollout_id, day)
        held = [line for line in listed.lines if line.seat.person_id is not None and not line.reclaimed]
        holders = frozenset(line.seat.person_id for line in held if line.seat.person_id is not None)
        users = frozenset(line.seat.person_id for line in held if line.active and line.seat.person_id is not None)
        if holders:
            out.append(ToolSeats(tool, holders, users))
    return out


def tools_view(ws: Workspace, as_of: dt.date | None = None) -> tuple[list[TeamTools], dict[int, PersonTools]]:
    """One view across AI tools: per team (through the small-group rule) and per person."""
    tools = tool_seats(ws, as_of)
    people = {p for t in tools for p in t.holders}
    teams = {p: (h.team_id, h.team) for p, h in ws.seats.holders(people).items()}
    return team_tools(tools, teams, ws.settings.minimum_group_size), person_tools(tools)
