"""Adoption: who is eligible, who is active, and the three human factors of adoption.

An *eligible* person is an active member of a participating team who holds the rollout's
end-user role, or any active member of a participating team when the rollout names no end
users. An *active* person used the tool in the 28 days up to a week's end (ACTIVE_WINDOW_DAYS),
so one lunchtime try does not count for ever and a holiday week does not zero a team.

The three human factors (after Prosci's "speed of adoption, ultimate utilisation, proficiency"):
speed is the days from go-live until half of the target rate is reached; ultimate utilisation is
the plateau of the S-curve fitted to the history (tracker/domain/forecast.py); proficiency is
proficient / active where a team reports proficiency. All pure: the store materialises weekly
figures (tracker/store/adoption.py) and `build_summary` turns them into what pages, the health
rule and the report read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tracker.domain.forecast import Forecast, fit_forecast, refuse

ACTIVE_WINDOW_DAYS = 28
WEEK_END_WEEKDAY = 6  # periods are ISO weeks ending on Sunday

METRIC_DEFINITIONS: dict[str, str] = {
    "Eligible people": "Active members of the rollout's participating teams who hold its end-user "
                       "role, or all their active members when the rollout names no end users.",
    "Active people": f"Eligible people who used the tool in the {ACTIVE_WINDOW_DAYS} days up to the "
                     "end of the week.",
    "New adopters": "Eligible people whose first recorded use of the tool falls in the week.",
    "Adoption rate": "Active people divided by eligible people, week by week.",
    "Expected rate": "Where a straight path from 0 % at go-live to the target at the target date "
                     "stands today.",
    "Speed of adoption": "Days from go-live until half of the target adoption rate was first reached.",
    "Ultimate utilisation": "The level adoption is heading to: the median plateau of the S-curves that fit "
                            "the adoption history (shown only when at least four weeks fit well and the "
                            "curve is past its turn, where its plateau starts to show).",
    "Proficiency": "Proficient people divided by active people, where teams report proficiency.",
    "Forecast target date": "One of three answers. \"Reaches the target on\" a date, with an 80 % band of "
                            "dates (on histories drawn from known curves, the band holds the true date in "
                            "about 8 of 10 cases); \"does not reach the target\", only when even the top of "
                            "the plateau's band lies below it; or \"not yet predictable\" while the curve "
                            "has not turned, or only just (with about how many more weeks of data would "
                            "show its plateau), or its plateau may settle either side of the target. The "
                            "curve is a logistic S-curve or the Bass diffusion model, whichever predicted "
                            "the history's own last weeks better.",
}


@dataclass(frozen=True, slots=True)
class AdoptionPoint:
    """One period (the week ending `period_end`) for a team or a whole rollout."""

    period_end: dt.date
    eligible: int
    active: int
    proficient: int | None = None
    new_adopters: int | None = None
    # Rollout level: the active people of the teams that report proficiency (None: all of them).
    proficiency_active: int | None = None

    @property
    def rate(self) -> float | None:
        """active / eligible; None when nobody is eligible (no rate, rather than 0 %)."""
        return self.active / self.eligible if self.eligible > 0 else None

    @property
    def proficiency(self) -> float | None:
        base = self.active if self.proficiency_active is None else self.proficiency_active
        if self.proficient is None or base <= 0:
            return None
        return self.proficient / base


@dataclass(frozen=True, slots=True)
class AdoptionSummary:
    """What the health rule, the pages and the report need for one rollout (or one team)."""

    points: tuple[AdoptionPoint, ...]  # oldest first
    rate: float | None  # latest rate
    eligible: int
    active: int
    proficient: int | None
    target: float | None
    target_date: dt.date | None
    go_live: dt.date | None
    expected_rate: float | None  # the straight target path at as_of
    speed_days: int | None  # days from go-live until half the target was reached (None: not yet)
    ultimate_utilisation: float | None  # the forecast plateau, when the forecast is ok
    proficiency: float | None
    forecast: Forecast
    as_of: dt.date | None = None

    @property
    def has_data(self) -> bool:
        return any(p.eligible > 0 for p in self.points)

    @property
    def latest(self) -> AdoptionPoint | None:
        return self.points[-1] if self.points else None

    @property
    def gap(self) -> float | None:
        """Latest rate minus the expected rate (negative: behind the path)."""
        if self.rate is None or self.expected_rate is None:
            return None
        return self.rate - self.expected_rate


def week_end(day: dt.date) -> dt.date:
    """The Sunday ending the ISO week `day` falls in (the period a use is counted in)."""
    return day + dt.timedelta(days=(WEEK_END_WEEKDAY - day.weekday()) % 7)


def week_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every week end from the week holding `first` to the week holding `last`."""
    out: list[dt.date] = []
    current = week_end(first)
    stop = week_end(last)
    while current <= stop:
        out.append(current)
        current += dt.timedelta(days=7)
    return out


def expected_rate(target: float | None, go_live: dt.date | None, target_date: dt.date | None,
                  as_of: dt.date) -> float | None:
    """The straight path: 0 at go-live rising to `target` at `target_date`, flat after it."""
    if target is None or go_live is None or target_date is None:
        return None
    if as_of <= go_live:
        return 0.0
    if target_date <= go_live or as_of >= target_date:
        return target
    return target * (as_of - go_live).days / (target_date - go_live).days


def speed_days(points: Sequence[AdoptionPoint], target: float | None,
               go_live: dt.date | None) -> int | None:
    """Days from go-live until the first week whose rate reached half the target (None: not yet).

    A week before go-live counts as day 0: a pilot that got there early is not faster than
    'at once'.
    """
    if target is None or go_live is None:
        return None
    half = target / 2
    for p in points:
        r = p.rate
        if r is not None and r >= half - 1e-12:
            return max((p.period_end - go_live).days, 0)
    return None


def proficiency(points: Sequence[AdoptionPoint]) -> tuple[int | None, float | None]:
    """(proficient, proficient / active) from the latest point that reports proficiency."""
    for p in reversed(points):
        if p.proficient is not None:
            return p.proficient, p.proficiency
    return None, None


def combine(points_by_team: Iterable[Sequence[AdoptionPoint]]) -> list[AdoptionPoint]:
    """Rollout-level points: the teams' figures summed per period_end.

    Proficient is summed over the teams that report it and is None where none do, so teams without
    figures do not read as "0 proficient".
    """
    # period_end -> (eligible, active, proficient, new adopters, active where proficient is known)
    totals: dict[dt.date, tuple[int, int, int | None, int | None, int | None]] = {}
    for series in points_by_team:
        for p in series:
            e, a, pr, na, pa = totals.get(p.period_end, (0, 0, None, None, None))
            e, a = e + p.eligible, a + p.active
            if p.proficient is not None:
                pr, pa = (pr or 0) + p.proficient, (pa or 0) + p.active
            if p.new_adopters is not None:
                na = (na or 0) + p.new_adopters
            totals[p.period_end] = (e, a, pr, na, pa)
    return [AdoptionPoint(d, e, a, pr, na, pa) for d, (e, a, pr, na, pa) in sorted(totals.items())]


def build_summary(points: Sequence[AdoptionPoint], *, target: float | None,
                  target_date: dt.date | None, go_live: dt.date | None,
                  as_of: dt.date, fit: Callable[..., Forecast] = fit_forecast) -> AdoptionSummary:
    """The summary as of a day: points after `as_of` are ignored (a report can look back).

    `fit` is the forecast function (the store passes a memoised fit_forecast)."""
    upto = tuple(sorted((p for p in points if p.period_end <= as_of), key=lambda p: p.period_end))
    latest = upto[-1] if upto else None
    rated = [(p.period_end, p.rate) for p in upto if p.rate is not None]
    forecast = fit(rated, target=target) if rated else refuse(
        "not enough data: 0 points, 4 needed")
    prof_count, prof = proficiency(upto)
    return AdoptionSummary(
        points=upto,
        rate=latest.rate if latest else None,
        eligible=latest.eligible if latest else 0,
        active=latest.active if latest else 0,
        proficient=prof_count,
        target=target, target_date=target_date, go_live=go_live,
        expected_rate=expected_rate(target, go_live, target_date, as_of),
        speed_days=speed_days(upto, target, go_live),
        ultimate_utilisation=_ultimate_utilisation(forecast),
        proficiency=prof,
        forecast=forecast,
        as_of=as_of,
    )


def _ultimate_utilisation(forecast: Forecast) -> float | None:
    """The forecast's plateau, except while the curve has not shown it yet (a forecast "not yet
    predictable" before its turn): the plateau is then the prior's guess, not the history's."""
    if not forecast.ok or (forecast.outcome is not None and forecast.outcome.weeks_needed is not None):
        return None
    return forecast.plateau
