"""Retention of usage rows: person-and-day events before the cutoff go, team figures stay.

A usage event says that this person used this tool on this day. With a retention period
(tracker/store/retention.py) the events before the cutoff are deleted, live or undone alike,
and what they were counted in is kept as team figures only (schema_retention describes the
tables):

- Active people at a week end count uses in the 28 days up to it, so every week whose 28 days
  reach before the cutoff needs purged events: those weeks (and all earlier ones) become frozen
  `adoption_weekly` rows that no recompute (roster change, new import, undo) touches again.
  The rollout's first unfrozen week is the first Sunday at least 27 days after the cutoff, or
  the week after its last week of figures when that comes sooner, so the series stays
  contiguous. Eligible people in the frozen weeks stay as they were at the purge: the roster
  of that time, which is what those weeks showed.
- A new adopter is someone whose first use ever falls in the week, and for the weeks after the
  frozen ones that depends on purged events too (did this person use it before the cutoff?).
  Keeping the answer per person would keep exactly the person-level usage the period forbids,
  so the purge keeps, per later week and team, how many people the remaining events would show
  as new although they had used the tool before (`adoption_earlier_adopters`); a recompute
  subtracts it. The figures are exactly those of before the purge, and stay so as more usage
  comes in. What a count cannot follow is one of those people changing team, leaving, or
  getting an earlier day of use imported later: then that week's new adopters can be off by
  that person (never below 0). That is the price of not knowing who they were.
- The batches whose events fed frozen weeks (or were purged) can no longer be undone or redone:
  triggers refuse with a message (`usage_purged_imports`). A later import does not record uses
  from before the latest cutoff (they would be person-level rows past the period).

Runs inside the purge's transaction (Workspace.write in retention.purge_expired).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.store import adoption_rollup as rollup

if TYPE_CHECKING:
    import datetime as dt

    from tracker.store.workspace import Workspace


@dataclass(frozen=True)
class UsagePurge:
    events: int = 0  # person-and-day usage rows deleted
    frozen_weeks: int = 0  # rollout weeks newly kept as frozen team figures
    locked_imports: int = 0  # usage batches that can no longer be undone or redone


def sunday_on_or_after(day: int) -> int:
    """The week end (Sunday) of the ISO week holding day ordinal `day` (ordinal 1 is a Monday)."""
    return day + 6 - ((day - 1) % 7)


def kept_from(conn: sqlite3.Connection) -> int:
    """The day ordinal from which usage is recorded: uses before the latest cutoff a purge
    applied are not (0: no purge yet)."""
    return int(conn.execute("SELECT coalesce(max(purged_before), 0) FROM adoption_frozen").fetchone()[0])


def purge_usage(ws: Workspace, cutoff: dt.date) -> UsagePurge:
    """Delete usage events before `cutoff`, freezing the weeks that counted them."""
    conn = ws.conn
    day = cutoff.toordinal()
    rollouts = [r for (r,) in conn.execute(
        "SELECT DISTINCT rollout_id FROM usage_events WHERE day < ?", (day,))]
    if not rollouts:
        return UsagePurge()
    ws.adoption.refresh()  # the figures to keep are the current ones (inside this transaction)
    role = rollup.end_user_role_id(conn)
    events = frozen_weeks = 0
    locked: set[int] = set()
    for rollout_id in rollouts:
        old_start = rollup.frozen_before(conn, rollout_id)
        last = conn.execute("SELECT max(week_end) FROM adoption_weekly WHERE rollout_id = ?",
                            (rollout_id,)).fetchone()[0]
        start = old_start if last is None else max(old_start, min(sunday_on_or_after(day + 27), last + 7))
        frozen_weeks += conn.execute(
            "SELECT count(DISTINCT week_end) FROM adoption_weekly WHERE rollout_id = ? AND week_end >= ? "
            "AND week_end < ?", (rollout_id, old_start, start)).fetchone()[0]
        locked.update(i for (i,) in conn.execute(
            "SELECT DISTINCT import_id FROM usage_events WHERE rollout_id = ? AND day < ?",
            (rollout_id, max(day, start))))
        events += conn.execute("DELETE FROM usage_events WHERE rollout_id = ? AND day < ?",
                               (rollout_id, day)).rowcount
        conn.execute(
            """INSERT INTO adoption_frozen (rollout_id, purged_before, frozen_before) VALUES (?, ?, ?)
               ON CONFLICT (rollout_id) DO UPDATE SET purged_before = max(adoption_frozen.purged_before, excluded.purged_before),
                                                      frozen_before = excluded.frozen_before""",
            (rollout_id, day, start))
        _keep_earlier_adopters(conn, rollout_id, role, start)
    conn.executemany("INSERT OR IGNORE INTO usage_purged_imports (import_id) VALUES (?)",
                     [(i,) for i in sorted(locked)])
    return UsagePurge(events, frozen_weeks, len(locked))


def _keep_earlier_adopters(conn: sqlite3.Connection, rollout_id: int, role: int, start: int) -> None:
    """Per later week and team: new adopters by the remaining events minus those shown now.

    The difference is exactly the people whose first use went with the purge; eligible and
    active people of those weeks need no correction (their 28 days lie after the cutoff).
    """
    conn.execute("DELETE FROM adoption_earlier_adopters WHERE rollout_id = ?", (rollout_id,))
    if not start:
        return
    shown = {(w, t): n for w, t, n in conn.execute(
        "SELECT week_end, team_id, new_adopters FROM adoption_weekly WHERE rollout_id = ? AND week_end >= ?",
        (rollout_id, start))}
    if not shown:
        return
    remaining = rollup.weekly_rows(conn, rollout_id, rollup.live_events(conn, rollout_id), role, start=start)
    conn.executemany(
        "INSERT INTO adoption_earlier_adopters (rollout_id, week_end, team_id, people) VALUES (?, ?, ?, ?)",
        [(rollout_id, w, t, n - shown[(w, t)]) for _, w, t, _, _, n in remaining
         if (w, t) in shown and n != shown[(w, t)]])
