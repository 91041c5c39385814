"""Cohorts of seat holders: what each licensed person did each week, retention by the month of
first use, and how long people take from their seat (or their training) to first use.

Weeks run Monday to Sunday, as the adoption figures' do; a person *uses* the tool in a week when
a usage report shows a day of use in it. Each week every person holding a seat is in exactly one
state, the first that applies:

- **reclaimed**: their seat's reclaim was approved that week (after it they hold no seat, unless
  they use the tool again: a use proves a seat);
- **new**: first use ever;
- **retained**: used this week and the week before;
- **reactivated**: used this week, not the week before, but some time earlier;
- **lapsed**: did not use it this week, but has used it before;
- **not yet used**: holds a seat and has never used it.

A seat is held from the week it was given (or of the first use, if earlier). Figures about
groups go through the small-group rule (tracker/domain/privacy.py): a retention cohort or a
team smaller than the minimum is hidden, and so is the next-smallest when the total would give
it away. Pure; numpy for the person-by-week counting (100,000 people by two years of weeks).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.domain.privacy import DEFAULT_MINIMUM, suppress

if TYPE_CHECKING:
    import numpy as np

STATES = ("new", "retained", "reactivated", "lapsed", "reclaimed", "not_yet_used")
STATE_LABELS = {"new": "New", "retained": "Retained", "reactivated": "Reactivated", "lapsed": "Lapsed",
                "reclaimed": "Reclaimed", "not_yet_used": "Not yet used"}


def week_of(day: dt.date) -> int:
    """The week number of a day: weeks start on Monday (ordinal 1, 1 January of year 1, is one)."""
    return (day.toordinal() - 1) // 7


def week_end_of(week: int) -> dt.date:
    """The Sunday that ends week ``week``."""
    return dt.date.fromordinal(week * 7 + 7)


@dataclass(frozen=True, slots=True)
class WeekStates:
    """How many seat holders were in each state in the week ending ``week_end``."""

    week_end: dt.date
    new: int
    retained: int
    reactivated: int
    lapsed: int
    reclaimed: int
    not_yet_used: int

    @property
    def holders(self) -> int:
        return self.new + self.retained + self.reactivated + self.lapsed + self.reclaimed + self.not_yet_used

    def count(self, state: str) -> int:
        return int(getattr(self, state))


@dataclass(frozen=True)
class UseMatrix:
    """Who used the tool in which week: ``used[i, j]`` for person ``people[i]`` and week
    ``first_week + j``. Build it once with `use_matrix` and pass it to the functions below."""

    people: np.ndarray  # person ids, sorted
    first_week: int
    used: np.ndarray  # bool, people x weeks

    def row(self, person_id: int) -> int:
        import numpy as np

        i = int(np.searchsorted(self.people, person_id))
        return i if i < len(self.people) and self.people[i] == person_id else -1


def use_matrix(persons: np.ndarray, days: np.ndarray, holders: Mapping[int, dt.date | None], last_week: int) -> UseMatrix:
    """The person-by-week matrix of use, from the usage days (person ids and day ordinals, as
    tracker/store/seats.py `usage_days` gives them) and the seat holders (person id -> the day
    their seat was given; people with usage hold one anyway). Weeks after ``last_week`` are
    left out."""
    import numpy as np

    persons = np.asarray(persons, dtype=np.int64)
    weeks = (np.asarray(days, dtype=np.int64) - 1) // 7
    keep = weeks <= last_week
    persons, weeks = persons[keep], weeks[keep]
    people = np.union1d(np.unique(persons), np.fromiter(holders, dtype=np.int64, count=len(holders)))
    starts = [week_of(d) for d in holders.values() if d is not None]
    first = min([int(weeks.min())] if len(weeks) else [], default=min(starts, default=last_week))
    first = min([first, *starts])
    used = np.zeros((len(people), max(last_week - first + 1, 0)), dtype=bool)
    if len(weeks):
        used[np.searchsorted(people, persons), weeks - first] = True
    return UseMatrix(people, first, used)


def weekly_states(matrix: UseMatrix, seat_given: Mapping[int, dt.date | None],
                  reclaimed_on: Mapping[int, dt.date], first_week: int, last_week: int) -> list[WeekStates]:
    """Each week from ``first_week`` to ``last_week``: how many seat holders were in each state.

    ``seat_given``: person id -> the day their seat was given (None: not known; then from their
    first use). ``reclaimed_on``: person id -> the day their seat's reclaim was approved.
    """
    import numpy as np

    used = matrix.used
    n, weeks = used.shape
    big = np.iinfo(np.int64).max
    first_use = np.where(used.any(axis=1), used.argmax(axis=1), big)
    given = np.full(n, big, dtype=np.int64)
    reclaim = np.full(n, -1, dtype=np.int64)
    for person, day in seat_given.items():
        i = matrix.row(person)
        if i >= 0 and day is not None:
            given[i] = week_of(day) - matrix.first_week
    for person, day in reclaimed_on.items():
        i = matrix.row(person)
        if i >= 0:
            reclaim[i] = week_of(day) - matrix.first_week
    start = np.minimum(given, first_use)
    # held until the reclaim week; again from a later use
    used_after_reclaim = np.zeros(n, dtype=bool)
    out: list[WeekStates] = []
    ever = np.zeros(n, dtype=bool)
    prev = np.zeros(n, dtype=bool)
    for j in range(weeks):
        now = used[:, j]
        used_after_reclaim |= now & (reclaim >= 0) & (j > reclaim)
        held = (start <= j) & ((reclaim < 0) | (j <= reclaim) | used_after_reclaim)
        reclaimed = held & (reclaim == j)
        new = held & ~reclaimed & now & ~ever
        retained = held & ~reclaimed & now & prev
        reactivated = held & ~reclaimed & now & ~prev & ever
        lapsed = held & ~reclaimed & ~now & ever
        never = held & ~reclaimed & ~now & ~ever
        week = matrix.first_week + j
        if first_week <= week <= last_week:
            out.append(WeekStates(week_end_of(week), int(new.sum()), int(retained.sum()), int(reactivated.sum()),
                                  int(lapsed.sum()), int(reclaimed.sum()), int(never.sum())))
        ever |= now
        prev = now
    return out


@dataclass(frozen=True, slots=True)
class RetentionCohort:
    """People whose first use fell in ``month``; ``rates[k]``: the share of them using the tool in
    the k-th month after (0: the month itself). ``hidden``: the small-group rule's reason."""

    month: dt.date
    size: int
    rates: tuple[float, ...]
    hidden: str = ""


def retention_by_month(persons: np.ndarray, days: np.ndarray, as_of: dt.date,
                       minimum: int = DEFAULT_MINIMUM) -> list[RetentionCohort]:
    """Retention cohorts by the calendar month of first use, up to the month of ``as_of``."""
    import numpy as np

    persons = np.asarray(persons, dtype=np.int64)
    days = np.asarray(days, dtype=np.int64)
    keep = days <= as_of.toordinal()
    persons, days = persons[keep], days[keep]
    if not len(persons):
        return []
    months = np.fromiter(((d.year * 12 + d.month - 1) for d in map(dt.date.fromordinal, days.tolist())),
                         dtype=np.int64, count=len(days))
    order = np.lexsort((months, persons))
    persons, months = persons[order], months[order]
    starts = np.concatenate(([True], persons[1:] != persons[:-1]))
    cohort_of = np.maximum.accumulate(np.where(starts, np.arange(len(persons)), 0))
    cohort = months[cohort_of]
    last = as_of.year * 12 + as_of.month - 1
    pairs = np.unique(np.stack((cohort, months - cohort, persons)), axis=1)
    sizes: dict[int, int] = {int(m): int(c) for m, c in zip(*np.unique(cohort[starts], return_counts=True))}
    hidden = suppress(sizes, minimum, total=sum(sizes.values())).hidden
    keys, counts = np.unique(pairs[:2], axis=1, return_counts=True)  # people per (cohort, month after)
    active = {(m, k): c for (m, k), c in zip(keys.T.tolist(), counts.tolist())}
    out = []
    for m, size in sorted(sizes.items()):
        month = dt.date(m // 12, m % 12 + 1, 1)
        if m in hidden:
            out.append(RetentionCohort(month, size, (), hidden[m]))
            continue
        out.append(RetentionCohort(month, size, tuple(active.get((m, k), 0) / size for k in range(last - m + 1))))
    return out


@dataclass(frozen=True, slots=True)
class TeamFirstUse:
    """Per team: median days from seat to first use, and from training completion to first use.

    ``seat_people`` / ``training_people``: how many people each median is over (people with a
    known seat date who used the tool; trained people who used it after training).
    ``used_before_training``: trained people whose first use came before their training.
    ``hidden``: the small-group rule's reason (then no figure is given)."""

    team_id: int | None
    team: str
    people: int
    seat_days: float | None
    seat_people: int
    training_days: float | None
    training_people: int
    used_before_training: int
    hidden: str = ""


def time_to_first_use(holders: Mapping[int, tuple[int | None, str]], seat_given: Mapping[int, dt.date | None],
                      first_use: Mapping[int, dt.date], trained_on: Mapping[int, dt.date],
                      minimum: int = DEFAULT_MINIMUM) -> list[TeamFirstUse]:
    """Per team of seat holders (``holders``: person id -> (team id, team name)), the medians."""
    teams: dict[int | None, list[int]] = {}
    names: dict[int | None, str] = {}
    for person, (team_id, name) in holders.items():
        teams.setdefault(team_id, []).append(person)
        names[team_id] = name or "(no team)"
    counts = {team: len(people) for team, people in teams.items()}
    hidden = suppress(counts, minimum, total=sum(counts.values())).hidden
    out = []
    for team, people in sorted(teams.items(), key=lambda kv: names[kv[0]].casefold()):
        if team in hidden:
            out.append(TeamFirstUse(team, names[team], len(people), None, 0, None, 0, 0, hidden[team]))
            continue
        seat_days = [(first_use[p] - d).days for p in people
                     if (d := seat_given.get(p)) is not None and p in first_use and first_use[p] >= d]
        after = [(first_use[p] - trained_on[p]).days for p in people
                 if p in trained_on and p in first_use and first_use[p] >= trained_on[p]]
        before = sum(1 for p in people if p in trained_on and p in first_use and first_use[p] < trained_on[p])
        out.append(TeamFirstUse(team, names[team], len(people),
                                statistics.median(seat_days) if seat_days else None, len(seat_days),
                                statistics.median(after) if after else None, len(after), before))
    return out
