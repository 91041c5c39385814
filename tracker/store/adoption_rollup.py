"""Materialising the weekly adoption figures of a rollout from its usage events.

Done after a change that makes a rollout stale (see schema_adoption) and by an import into a
rollout without current figures, so that reading figures never scans events: the summaries of
fifty rollouts read a few thousand rows of `adoption_weekly` instead of millions of events. An
import into a rollout with current figures updates only the weeks its new uses touch
(tracker/store/adoption_increment.py), to exactly what this count gives.

The counting is vectorised with numpy, because a rollout can hold millions of events:
1. the live events (batch not undone) are read as one integer each, person << 20 | day;
2. events of people who are not eligible now are dropped (eligibility is the current roster's:
   there is no roster history to ask who was eligible in March);
3. unique (person, week) pairs; a person is *active* at week end W when one of their use weeks
   is W or one of the three before it (the 28 days to W are exactly those four Monday-to-Sunday
   weeks); a person is a *new adopter* in the week of their first use;
4. per team and week: eligible, active, new adopters, for every participating team with eligible
   people and every week from the first use (or go-live, if earlier, up to a year) to the last.

After a retention purge (tracker/store/usage_retention.py) the weeks that counted purged events
are frozen team figures: a recompute starts at the rollout's first unfrozen week (so the series
stays contiguous with the frozen ones) and leaves the earlier rows alone, and it subtracts from
each later week's new adopters the people who had first used the tool before the cutoff
(`adoption_earlier_adopters`, team counts kept by the purge).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from tracker.domain.adoption import ACTIVE_WINDOW_DAYS

if TYPE_CHECKING:
    import numpy as np


PERSON_SHIFT = 20  # day ordinals stay below 2**20 until the year 2870
DAY_MASK = (1 << PERSON_SHIFT) - 1
_WINDOW_WEEKS = ACTIVE_WINDOW_DAYS // 7
LEAD_IN_WEEKS = 52  # weeks of zeros shown at most between go-live and the first recorded use

END_USER_ROLE = "End user"

# Active members of the participating teams; only the end users among them when the rollout
# names any. Answered from indexes: participation(rollout, team), people(team, active, ...),
# person_roles(rollout, role, person).
ELIGIBLE_SQL = """
    SELECT p.id, p.team_id FROM participation pa
    JOIN people p ON p.team_id = pa.team_id AND p.active = 1
    WHERE pa.rollout_id = :rollout
      AND (NOT EXISTS (SELECT 1 FROM person_roles pr
                       WHERE pr.rollout_id = :rollout AND pr.role_id = :role)
           OR EXISTS (SELECT 1 FROM person_roles pr
                      WHERE pr.rollout_id = :rollout AND pr.role_id = :role AND pr.person_id = p.id))
"""

# One comma-separated string instead of a row per event: numpy parses it in C, three times as
# fast as building millions of Python rows.
LIVE_EVENTS_SQL = """
    SELECT group_concat((person_id << 20) | day) FROM usage_events
    WHERE rollout_id = ? AND import_id IN (SELECT id FROM usage_imports)
"""


def live_batch_test(conn: sqlite3.Connection, column: str) -> str:
    """The SQL condition that `column` (an event's import_id) names a live batch.

    `IN (SELECT id FROM usage_imports)` costs a seek per event tested (a third of an import's
    look-up of 400,000 keys). When the live batch ids are one unbroken run, which they are until
    a batch other than the latest is undone, the same set is the range from the first to the
    last, and two integer comparisons test it exactly.
    """
    low, high, count = conn.execute("SELECT min(id), max(id), count(*) FROM usage_imports").fetchone()
    if count and int(high) - int(low) + 1 == int(count):
        return f"{column} BETWEEN {int(low)} AND {int(high)}"  # ints only: safe to inline
    return f"{column} IN (SELECT id FROM usage_imports)"


def end_user_role_id(conn: sqlite3.Connection) -> int:
    """The id of the end-user role type; -1 (matches nobody) when the workspace has none."""
    row = conn.execute("SELECT id FROM role_types WHERE name = ? COLLATE NOCASE", (END_USER_ROLE,)).fetchone()
    return row[0] if row else -1


def eligible_people(conn: sqlite3.Connection, rollout_id: int, role_id: int | None = None) -> list[tuple[int, int]]:
    """(person id, team id) of everyone eligible for the rollout now."""
    role = end_user_role_id(conn) if role_id is None else role_id
    return conn.execute(ELIGIBLE_SQL, {"rollout": rollout_id, "role": role}).fetchall()


def unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an int64 array. np.unique hashes on recent numpy, which is
    thirty times slower than sorting for millions of keys."""
    import numpy as np

    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def isin_sorted(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Which of `values` are in `ordered` (sorted int64), as a bool array: np.isin, by binary
    search instead of the hashing np.isin does on recent numpy (seventy times slower for 400,000
    keys against 1.5 million)."""
    import numpy as np

    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    found: np.ndarray = ordered[at] == values
    return found


def live_events(conn: sqlite3.Connection, rollout_id: int) -> np.ndarray:
    """The rollout's events whose batch is still in effect, as person << 20 | day (numpy)."""
    import numpy as np

    text = conn.execute(LIVE_EVENTS_SQL, (rollout_id,)).fetchone()[0]
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


def frozen_before(conn: sqlite3.Connection, rollout_id: int) -> int:
    """The week-end ordinal before which the rollout's weekly figures are frozen (0: none are)."""
    row = conn.execute("SELECT frozen_before FROM adoption_frozen WHERE rollout_id = ?", (rollout_id,)).fetchone()
    return row[0] if row else 0


def earlier_adopters(conn: sqlite3.Connection, rollout_id: int) -> dict[tuple[int, int], int]:
    """(week end, team id) -> people shown as new that week who first used before a purge."""
    return {(w, t): n for w, t, n in conn.execute(
        "SELECT week_end, team_id, people FROM adoption_earlier_adopters WHERE rollout_id = ?", (rollout_id,))}


def recompute(conn: sqlite3.Connection, rollout_ids: Iterable[int], role_id: int | None = None, *,
              known_events: dict[int, np.ndarray] | None = None) -> None:
    """Replace the weekly figures of these rollouts and clear their stale marks.

    Runs inside the caller's transaction (the import's, or the refresh's). `known_events`:
    rollout id -> its live events when the caller already holds them (an import into a rollout
    that had none), which saves reading them back. Frozen weeks (a retention purge's) stay.
    """
    role = end_user_role_id(conn) if role_id is None else role_id
    for rollout_id in sorted(set(rollout_ids)):
        start = frozen_before(conn, rollout_id)
        conn.execute("DELETE FROM adoption_weekly WHERE rollout_id = ? AND week_end >= ?", (rollout_id, start))
        conn.execute("DELETE FROM adoption_stale WHERE rollout_id = ?", (rollout_id,))
        events = (known_events or {}).get(rollout_id)
        if events is None:
            events = live_events(conn, rollout_id)
        rows = weekly_rows(conn, rollout_id, events, role, start=start,
                           earlier=earlier_adopters(conn, rollout_id) if start else None)
        if rows:
            conn.executemany(
                "INSERT INTO adoption_weekly (rollout_id, week_end, team_id, eligible, active, new_adopters) "
                "VALUES (?, ?, ?, ?, ?, ?)", rows)


def weekly_rows(conn: sqlite3.Connection, rollout_id: int, keys: np.ndarray, role: int, *, start: int = 0,
                earlier: dict[tuple[int, int], int] | None = None) -> list[tuple[Any, ...]]:
    """The rollout's weekly rows (rollout, week end, team, eligible, active, new adopters) from
    its live events, for the weeks ending on or after `start` (0: all of them; otherwise the
    series begins exactly at `start`). `earlier` is subtracted from the new adopters."""
    import numpy as np

    rows = _weekly_rows(conn, np, rollout_id, role, keys, start)
    if not start:
        return rows
    earlier = earlier or {}
    return [(r, w, t, e, a, max(n - earlier.get((w, t), 0), 0)) for r, w, t, e, a, n in rows if w >= start]


def _weekly_rows(conn: sqlite3.Connection, np: ModuleType, rollout_id: int, role: int, keys: np.ndarray,
                 start: int = 0) -> list[tuple[Any, ...]]:
    eligible = eligible_people(conn, rollout_id, role)
    if not eligible or not len(keys):
        return []
    elig = np.asarray(eligible, dtype=np.int64)
    team_ids, team_index = np.unique(elig[:, 1], return_inverse=True)
    n_teams = len(team_ids)
    team_of = np.full(int(max(elig[:, 0].max(), (keys >> PERSON_SHIFT).max())) + 1, -1, dtype=np.int64)
    team_of[elig[:, 0]] = team_index
    person = keys >> PERSON_SHIFT
    team = team_of[person]
    keep = team >= 0
    person, day, team = person[keep], keys[keep] & DAY_MASK, team[keep]
    eligible_per_team = np.bincount(team_index, minlength=n_teams)
    if not len(person):
        return []
    week = day + 6 - ((day - 1) % 7)  # the Sunday ending the day's week (ordinal 1 is a Monday)
    first, last = int(week.min()), int(week.max())
    go_live = conn.execute("SELECT go_live_date FROM rollouts WHERE id = ?", (rollout_id,)).fetchone()
    if go_live and go_live[0]:
        g = dt.date.fromisoformat(go_live[0]).toordinal()
        g_week = g + 6 - ((g - 1) % 7)
        if g_week < first:
            first = max(g_week, first - 7 * LEAD_IN_WEEKS)
    if start:  # frozen weeks before `start`: the caller keeps only what follows, without a gap
        first = min(first, start)
        if last < start:
            return []
    n_weeks = (last - first) // 7 + 1
    widx = (week - first) // 7
    pw = unique(person * n_weeks + widx)  # sorted: by person, then week
    p_of, w_of = pw // n_weeks, pw % n_weeks
    firsts = np.concatenate(([0], np.flatnonzero(np.diff(p_of)) + 1))
    new = np.bincount(team_of[p_of[firsts]] * n_weeks + w_of[firsts], minlength=n_teams * n_weeks)
    spread_p = np.concatenate([p_of] * _WINDOW_WEEKS)
    spread_w = np.concatenate([w_of + k for k in range(_WINDOW_WEEKS)])
    inside = spread_w < n_weeks
    active_pw = unique(spread_p[inside] * n_weeks + spread_w[inside])
    a_p, a_w = active_pw // n_weeks, active_pw % n_weeks
    active = np.bincount(team_of[a_p] * n_weeks + a_w, minlength=n_teams * n_weeks)
    rows = []
    for t in range(n_teams):
        e = int(eligible_per_team[t])
        tid = int(team_ids[t])
        base = t * n_weeks
        for w in range(n_weeks):
            rows.append((rollout_id, first + 7 * w, tid, e, int(active[base + w]), int(new[base + w])))
    return rows
