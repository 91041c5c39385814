"""Change load: how much change each team carries at once, month by month (saturation).

A team in three rollouts that all change its work heavily in the same quarter will absorb none
of them well, though each rollout on its own looks fine. The load of a team in a month is the
sum of the impact weights (by default none 0, low 1, medium 2, high 3; settable per workspace)
of the rollouts active for it in that month; a cell above the saturation threshold (default 5:
more than, say, one high and one medium change at once) is saturated.

A rollout is active for its teams from its start date (or, without one, three months before
go-live) to its target date (or, without one, six months after go-live), in every month that
period touches, unless it is retired. Without any of those dates it cannot be placed in time
and is left out (and listed in `undated`). With only an end (or only a start), it counts from
the first (or up to the last) month shown.

Pure: rows in, a matrix out; no Qt, no SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tracker.domain.enums import Impact, Stage

DEFAULT_WEIGHTS: dict[Impact, int] = {Impact.NONE: 0, Impact.LOW: 1, Impact.MEDIUM: 2, Impact.HIGH: 3}
DEFAULT_THRESHOLD = 5
LEAD_MONTHS = 3  # active from this long before go-live when there is no start date
TAIL_MONTHS = 6  # and until this long after go-live when there is no target date
MAX_WEIGHT = 100


@dataclass(frozen=True, slots=True)
class LoadRow:
    """One team taking part in one rollout, with what places the rollout in time."""

    rollout_id: int
    rollout_name: str
    stage: Stage
    start_date: dt.date | None
    go_live_date: dt.date | None
    target_date: dt.date | None
    team_id: int
    team_name: str
    impact: Impact


@dataclass(frozen=True, slots=True)
class TeamLoad:
    team_id: int
    team_name: str
    loads: tuple[int, ...]  # one per month shown
    peak: int
    months_over: int  # months above the threshold

    @property
    def saturated(self) -> bool:
        return self.months_over > 0


@dataclass(frozen=True)
class ChangeLoad:
    months: tuple[dt.date, ...]  # the first day of each month shown
    teams: tuple[TeamLoad, ...]  # every team with a rollout active in the months shown, worst first
    threshold: float
    weights: Mapping[Impact, int]
    rollouts: dict[tuple[int, dt.date], tuple[str, ...]]  # (team, month) -> active rollouts there
    undated: tuple[str, ...] = ()  # rollouts without dates, left out

    @property
    def saturated(self) -> frozenset[tuple[int, dt.date]]:
        """The (team id, month) cells above the threshold."""
        return frozenset((t.team_id, m) for t in self.teams for m, load in zip(self.months, t.loads)
                         if load > self.threshold)

    @property
    def overloaded(self) -> tuple[TeamLoad, ...]:
        """Teams above the threshold in any month shown, worst first (highest peak, most months)."""
        return tuple(t for t in self.teams if t.saturated)


# ----------------------------------------------------------------------------- months
def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), kept inside the month (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def month_range(first: dt.date, count: int) -> tuple[dt.date, ...]:
    start = month_start(first)
    return tuple(add_months(start, n) for n in range(count))


def active_period(row: LoadRow) -> tuple[dt.date | None, dt.date | None] | None:
    """(from, to) of the rule in the module docstring; None when the rollout cannot be placed
    (no dates, or retired). A None end means open on that side."""
    if Stage(row.stage) is Stage.RETIRED:
        return None
    begin = row.start_date or (add_months(row.go_live_date, -LEAD_MONTHS) if row.go_live_date else None)
    end = row.target_date or (add_months(row.go_live_date, TAIL_MONTHS) if row.go_live_date else None)
    if begin is None and end is None:
        return None
    return begin, end


# ----------------------------------------------------------------------------- the matrix
def check_weights(weights: Mapping[str, object]) -> str | None:
    """Why these impact weights cannot be used, or None."""
    parsed: dict[Impact, object] = {}
    try:
        for k, v in dict(weights).items():
            if not isinstance(k, str):
                raise TypeError(k)
            parsed[k if isinstance(k, Impact) else Impact.parse(k)] = v
    except (ValueError, TypeError, AttributeError):
        return "Impact weights are given for none, low, medium and high."
    if set(parsed) != set(Impact):
        return "Give a weight for each impact: none, low, medium and high."
    numbers: dict[Impact, float] = {}
    for impact, value in parsed.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_WEIGHT:
            return f"The weight of {impact.label.lower()} impact must be a number from 0 to {MAX_WEIGHT}."
        numbers[impact] = value
    order = [numbers[i] for i in (Impact.NONE, Impact.LOW, Impact.MEDIUM, Impact.HIGH)]
    if order != sorted(order):
        return "Weights must not decrease from none to low to medium to high."
    return None


def check_threshold(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 10 * MAX_WEIGHT:
        return f"The saturation threshold must be a number above 0 and at most {10 * MAX_WEIGHT}."
    return None


def change_load(rows: Iterable[LoadRow], months: Sequence[dt.date], *,
                weights: Mapping[Impact, int] | None = None, threshold: float = DEFAULT_THRESHOLD) -> ChangeLoad:
    """Teams x months: the sum of the impact weights of the rollouts active for each team then."""
    weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
    shown = tuple(sorted({month_start(m) for m in months}))
    loads: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    active: dict[tuple[int, dt.date], list[str]] = {}
    undated: set[str] = set()
    for row in rows:
        period = active_period(row)
        if period is None:
            if Stage(row.stage) is not Stage.RETIRED:
                undated.add(row.rollout_name)
            continue
        begin, end = period
        first = month_start(begin) if begin else None
        last = month_start(end) if end else None
        for n, month in enumerate(shown):
            if (first is None or month >= first) and (last is None or month <= last):
                team = loads.setdefault(row.team_id, [0] * len(shown))
                names[row.team_id] = row.team_name
                team[n] += weights.get(Impact(row.impact), 0)
                active.setdefault((row.team_id, month), []).append(row.rollout_name)
    teams = [TeamLoad(tid, names[tid], tuple(v), max(v, default=0), sum(x > threshold for x in v))
             for tid, v in loads.items()]
    teams.sort(key=lambda t: (-t.peak, -t.months_over, -sum(t.loads), t.team_name.casefold()))
    return ChangeLoad(shown, tuple(teams), threshold, weights,
                      {k: tuple(sorted(v, key=str.casefold)) for k, v in active.items()},
                      tuple(sorted(undated, key=str.casefold)))


# ----------------------------------------------------------------------------- the rule in words
def change_load_rule_text(weights: Mapping[Impact, int] | None = None, threshold: float = DEFAULT_THRESHOLD) -> str:
    """The heatmap's rule in sentences (README, Help, the report), from the weights in use."""
    w = dict(DEFAULT_WEIGHTS if weights is None else weights)
    listed = ", ".join(f"{i.label.lower()} {w[i]:g}" for i in (Impact.NONE, Impact.LOW, Impact.MEDIUM, Impact.HIGH))
    return "\n".join([
        f"A team's change load in a month is the sum of the impact weights ({listed}) of the rollouts "
        "active for it in that month; a month above the saturation threshold "
        f"({threshold:g}) is saturated, and the teams saturated in any month are listed worst first.",
        f"A rollout is active for its teams from its start date (or {LEAD_MONTHS} months before go-live) "
        f"to its target date (or {TAIL_MONTHS} months after go-live), in every month that period touches, "
        "unless it is retired; a rollout without any of these dates is left out and named.",
        "The weights and the threshold are workspace settings (impact_weights, saturation_threshold), set "
        "in Edit → Workspace settings… with the privacy rule's minimum group size.",
    ])


CHANGE_LOAD_RULE_TEXT: str = change_load_rule_text()
