"""Updating a rollout's weekly figures for one import's new events, without recounting its history.

A weekly usage report adds a week to a rollout that may already hold a year of events (twenty
million at 300,000 people). Recounting every week from every event (adoption_rollup.recompute)
makes each import slower than the last; this instead reads only what the new events can change:

- a person's new use in week N makes them active in weeks N to N+3, unless an earlier use of
  theirs already did: their recorded uses in weeks N-3 to N+3 are read (primary-key seeks by
  person and day range);
- a person becomes a new adopter in their first week: when a new use is earlier than every
  recorded one, the week of their first recorded use (one seek per person) loses them and the
  new one gains them;
- when the series grows past its last week L, the weeks L+1 to L+3 also count everyone whose
  last recorded use falls in the three weeks before (one backward seek per eligible person);
  weeks further on start from zero. Weeks before the series (an earlier first use, or go-live)
  start from zero too, and the lead-in before the first use follows the rollout's go-live as
  the recount does.

What is read grows with the file and the roster, never with the history. The result is the
recount's exactly (tests/services/test_usage_incremental_rollup.py compares them after every
file). It applies when the stored figures are current: a rollout marked stale (a roster change,
an undo), one without figures yet, or one with frozen weeks (a retention purge) is recounted.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.domain.adoption import ACTIVE_WINDOW_DAYS
from tracker.store import adoption_rollup as rollup

if TYPE_CHECKING:
    import numpy as np

_WEEK = 7
_SPAN = 7 * (ACTIVE_WINDOW_DAYS // 7 - 1)  # 21: a use in week N counts for weeks N..N+21 days
_CHUNK = 200_000
_LIVE = "{live}"  # the live-batch test of e.import_id (adoption_rollup.live_batch_test), per query
_PEOPLE = "(SELECT CAST(value AS INTEGER) AS person FROM json_each(:people)) AS k"

# Recorded uses of these people within a day range: a seek on the primary key (rollout, person,
# day) per person (CROSS JOIN keeps SQLite from scanning the rollout's events instead).
_USES_BETWEEN = f"""
    SELECT group_concat((e.person_id << 20) | e.day) FROM {_PEOPLE}
    CROSS JOIN usage_events e ON e.rollout_id = :rollout AND e.person_id = k.person AND e.day >= :low AND e.day <= :high
    WHERE {_LIVE}"""
# Each person's first recorded use (0: none).
_FIRST_USE = f"""
    SELECT group_concat((k.person << 20) | coalesce((SELECT e.day FROM usage_events e
        WHERE e.rollout_id = :rollout AND e.person_id = k.person AND {_LIVE} ORDER BY e.day LIMIT 1), 0))
    FROM {_PEOPLE}"""
# Each person's last recorded use on or before a day (0: none).
_LAST_USE = f"""
    SELECT group_concat((k.person << 20) | coalesce((SELECT e.day FROM usage_events e
        WHERE e.rollout_id = :rollout AND e.person_id = k.person AND e.day <= :high AND {_LIVE}
        ORDER BY e.day DESC LIMIT 1), 0))
    FROM {_PEOPLE}"""


@dataclass
class WeeklyChange:
    """What one import changes in a rollout's `adoption_weekly` rows (see `apply`)."""

    rollout_id: int
    first: int  # the series' first and last week end after the import
    last: int
    added: list[tuple[Any, ...]]  # rows of weeks the series did not have
    updated: list[tuple[int, int, int, int, int]]  # (active +, new adopters +, rollout, week end, team)


def _week(day: np.ndarray) -> np.ndarray:
    sunday: np.ndarray = day + 6 - ((day - 1) % 7)  # the Sunday ending the day's week (ordinal 1: a Monday)
    return sunday


def _ints(text: str | None) -> np.ndarray:
    import numpy as np

    return np.zeros(0, dtype=np.int64) if not text else np.fromstring(text, dtype=np.int64, sep=",")


def _per_people(conn: sqlite3.Connection, sql: str, people: np.ndarray, **params: int) -> np.ndarray:
    """`sql` run over the people in chunks (a JSON list each, :people); its keys joined."""
    import numpy as np

    sql = sql.format(live=rollup.live_batch_test(conn, "e.import_id"))
    parts = [_ints(conn.execute(sql, {"people": "[" + ",".join(map(str, people[i:i + _CHUNK].tolist())) + "]",
                                      **params}).fetchone()[0]) for i in range(0, len(people), _CHUNK)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def plan(conn: sqlite3.Connection, rollout_id: int, keys: np.ndarray, role: int) -> WeeklyChange | None:
    """The change the rollout's new events make (`keys`: person << 20 | day, distinct, not yet
    written), read before they are written; None when the rollout must be recounted instead."""
    import numpy as np

    if rollup.frozen_before(conn, rollout_id):
        return None
    if conn.execute("SELECT 1 FROM adoption_stale WHERE rollout_id = ?", (rollout_id,)).fetchone():
        return None
    span = conn.execute("SELECT min(week_end), max(week_end) FROM adoption_weekly WHERE rollout_id = ?",
                        (rollout_id,)).fetchone()
    first_use = conn.execute("SELECT min(week_end) FROM adoption_weekly WHERE rollout_id = ? AND new_adopters > 0",
                             (rollout_id,)).fetchone()[0]
    if span[0] is None or first_use is None:
        return None
    old_first, old_last = int(span[0]), int(span[1])
    eligible = rollup.eligible_people(conn, rollout_id, role)
    elig = np.asarray(eligible, dtype=np.int64).reshape(-1, 2)
    team_ids, team_index = np.unique(elig[:, 1], return_inverse=True)
    n_teams = len(team_ids)
    top = int(max(elig[:, 0].max(initial=0), (keys >> rollup.PERSON_SHIFT).max(initial=0)))
    team_of = np.full(top + 1, -1, dtype=np.int64)
    team_of[elig[:, 0]] = team_index
    keys = keys[team_of[keys >> rollup.PERSON_SHIFT] >= 0]  # uses of people not eligible count nowhere

    old = _recorded_near(conn, rollout_id, keys)
    keys = keys[~rollup.isin_sorted(keys, old)]  # already recorded: not new (old is sorted)
    person, week = keys >> rollup.PERSON_SHIFT, _week(keys & rollup.DAY_MASK)
    last = max(old_last, int(week.max(initial=0)))
    first_use = min(first_use, int(week.min(initial=first_use)))
    first = _series_start(conn, rollout_id, first_use)

    delta_active = _active_gains(person, week, old, last)
    gained, lost = _adopter_moves(conn, rollout_id, person, week, old)
    deltas: dict[tuple[int, int], list[int]] = {}
    for kind, pw in ((0, delta_active), (1, gained), (2, lost)):
        if not len(pw):
            continue
        codes, counts = np.unique(team_of[pw >> rollup.PERSON_SHIFT] << rollup.PERSON_SHIFT | (pw & rollup.DAY_MASK),
                                  return_counts=True)
        for code, count in zip(codes.tolist(), counts.tolist()):
            d = deltas.setdefault((code & rollup.DAY_MASK, code >> rollup.PERSON_SHIFT), [0, 0])
            d[0 if kind == 0 else 1] += count if kind < 2 else -count

    base = _carried_active(conn, rollout_id, elig[:, 0], team_of, n_teams, old_last, last)
    eligible_per_team = np.bincount(team_index, minlength=n_teams).tolist()
    added: list[tuple[Any, ...]] = []
    for w in range(first, last + 1, _WEEK):
        if old_first <= w <= old_last:
            continue
        carried = base.get(w)
        for t in range(n_teams):
            a, n = deltas.pop((w, t), (0, 0))
            a += int(carried[t]) if carried is not None else 0
            added.append((rollout_id, w, int(team_ids[t]), eligible_per_team[t], a, n))
    updated = [(a, n, rollout_id, w, int(team_ids[t])) for (w, t), (a, n) in sorted(deltas.items()) if a or n]
    return WeeklyChange(rollout_id, first, last, added, updated)


def apply(conn: sqlite3.Connection, change: WeeklyChange) -> None:
    """Write a planned change (inside the import's transaction) and clear the rollout's stale
    mark, which the import's own batch row set."""
    conn.execute("DELETE FROM adoption_weekly WHERE rollout_id = ? AND week_end < ?", (change.rollout_id, change.first))
    if change.updated:
        conn.executemany("UPDATE adoption_weekly SET active = active + ?, new_adopters = new_adopters + ? "
                         "WHERE rollout_id = ? AND week_end = ? AND team_id = ?", change.updated)
    if change.added:
        conn.executemany("INSERT INTO adoption_weekly (rollout_id, week_end, team_id, eligible, active, new_adopters) "
                         "VALUES (?, ?, ?, ?, ?, ?)", change.added)
    conn.execute("DELETE FROM adoption_stale WHERE rollout_id = ?", (change.rollout_id,))


def _series_start(conn: sqlite3.Connection, rollout_id: int, first_use: int) -> int:
    """The first week a recount shows: the first use's, or go-live's when earlier (at most a year)."""
    go_live = conn.execute("SELECT go_live_date FROM rollouts WHERE id = ?", (rollout_id,)).fetchone()
    if go_live and go_live[0]:
        g = dt.date.fromisoformat(go_live[0]).toordinal()
        g_week = g + 6 - ((g - 1) % 7)
        if g_week < first_use:
            return max(g_week, first_use - 7 * rollup.LEAD_IN_WEEKS)
    return first_use


def _recorded_near(conn: sqlite3.Connection, rollout_id: int, keys: np.ndarray) -> np.ndarray:
    """Recorded uses (person << 20 | day, sorted) of the people of `keys` from three weeks before
    their first new use's week to three weeks after their last one's: all that decides whether
    a new use makes them active in a week they were not."""
    import numpy as np

    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    person = keys >> rollup.PERSON_SHIFT
    week = _week(keys & rollup.DAY_MASK)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(person)) + 1))  # keys are sorted by person
    people = person[starts]
    lo = np.minimum.reduceat(week, starts) - _SPAN - 6
    hi = np.maximum.reduceat(week, starts) + _SPAN
    # One query per distinct window: a weekly report gives a handful of them.
    windows = lo << 32 | hi
    order = np.argsort(windows, kind="stable")
    bounds = np.concatenate(([0], np.flatnonzero(np.diff(windows[order])) + 1, [len(order)]))
    parts = []
    for b, e in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        group = people[order[b:e]]
        window = int(windows[order[b]])
        parts.append(_per_people(conn, _USES_BETWEEN, group, rollout=rollout_id,
                                 low=window >> 32, high=window & 0xFFFFFFFF))
    return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


def _active_gains(person: np.ndarray, week: np.ndarray, old: np.ndarray, last: int) -> np.ndarray:
    """(person << 20 | week end) for every week a new use makes its person active in and no
    recorded use did."""
    import numpy as np

    if not len(person):
        return np.zeros(0, dtype=np.int64)
    new_pw = rollup.unique(person << rollup.PERSON_SHIFT | week)
    gains = rollup.unique(np.concatenate([new_pw + k for k in range(0, _SPAN + 1, _WEEK)]))
    gains = gains[(gains & rollup.DAY_MASK) <= last]
    old_pw = rollup.unique((old >> rollup.PERSON_SHIFT) << rollup.PERSON_SHIFT | _week(old & rollup.DAY_MASK))
    had = np.concatenate([old_pw + k for k in range(0, _SPAN + 1, _WEEK)])
    kept: np.ndarray = gains[~rollup.isin_sorted(gains, np.sort(had))]
    return kept


def _adopter_moves(conn: sqlite3.Connection, rollout_id: int, person: np.ndarray, week: np.ndarray,
                   old: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(person << 20 | week end) of the weeks that gain a new adopter, and of those that lose one
    (a person whose first use moves earlier)."""
    import numpy as np

    empty = np.zeros(0, dtype=np.int64)
    if not len(person):
        return empty, empty
    starts = np.concatenate(([0], np.flatnonzero(np.diff(person)) + 1))
    people, first_new = person[starts], np.minimum.reduceat(week, starts)
    # A recorded use in a week before the first new one: that person's first week stays.
    old_people, old_week = old >> rollup.PERSON_SHIFT, _week(old & rollup.DAY_MASK)  # old is sorted
    earliest = np.full(len(people), 1 << 40, dtype=np.int64)
    if len(old):
        o_starts = np.concatenate(([0], np.flatnonzero(np.diff(old_people)) + 1))
        earliest = _value_of(people, old_people[o_starts], np.minimum.reduceat(old_week, o_starts), 1 << 40)
    seen_before = earliest < first_new
    people, first_new = people[~seen_before], first_new[~seen_before]
    if not len(people):
        return empty, empty
    found = np.sort(_per_people(conn, _FIRST_USE, people, rollout=rollout_id))
    old_first = _value_of(people, found >> rollup.PERSON_SHIFT, found & rollup.DAY_MASK, 0)
    had = old_first > 0
    old_first_week = np.where(had, _week(old_first), 0)
    moves = ~had | (old_first_week > first_new)
    gained = people[moves] << rollup.PERSON_SHIFT | first_new[moves]
    lose = moves & had
    lost = people[lose] << rollup.PERSON_SHIFT | old_first_week[lose]
    return gained, lost


def _value_of(people: np.ndarray, known: np.ndarray, values: np.ndarray, default: int) -> np.ndarray:
    """Per person of `people`, the value of the same person in `known` (sorted, distinct, with
    `values` beside it), or `default`: a dictionary look-up done by binary search in numpy."""
    import numpy as np

    if not len(known):
        return np.full(len(people), default, dtype=np.int64)
    at = np.minimum(np.searchsorted(known, people), len(known) - 1)
    return np.where(known[at] == people, values[at], default).astype(np.int64)


def _carried_active(conn: sqlite3.Connection, rollout_id: int, people: np.ndarray, team_of: np.ndarray,
                    n_teams: int, old_last: int, last: int) -> dict[int, np.ndarray]:
    """week end -> active people per team from recorded uses, for the weeks past the series' old
    end that recorded uses still reach (up to three)."""
    import numpy as np

    if last <= old_last or not len(people):
        return {}
    found = _per_people(conn, _LAST_USE, np.sort(people), rollout=rollout_id, high=old_last)
    day = found & rollup.DAY_MASK
    found, day = found[day > 0], day[day > 0]
    last_week = _week(day)
    team = team_of[found >> rollup.PERSON_SHIFT]
    out = {}
    for w in range(old_last + _WEEK, min(old_last + _SPAN, last) + 1, _WEEK):
        reach = last_week >= w - _SPAN
        out[w] = np.bincount(team[reach], minlength=n_teams)
    return out
