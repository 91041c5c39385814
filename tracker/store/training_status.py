"""Training figures of every rollout at once, for the health rule and the portfolio dashboard.

The same derivation as every training roll-up (tracker/store/training_queries.py: who must take
a module is derived from team and role rules and hand assignments, never copied), run once
over all rollouts' modules instead of once per rollout: the branches there bind the rollout
as `:rollout`; here it is each module's own `mods.rollout_id`, so one query counts the whole
portfolio, grouped by module and team.

Counting a million assignments takes seconds, so the counts are kept in the workspace
(`training_counts`, tracker/store/schema_training_counts.py), and its triggers mark the modules
that any write can have moved. `current_counts` counts only the marked ones again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from tracker.domain.health import TrainingFacts
from tracker.store.connection import BUSY_TIMEOUT_MS
from tracker.store.convert import to_date
from tracker.store.training_queries import _BRANCHES, _RECORD_JOIN

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

# No as-of day in the counts: every assignment of a module shares its due date, so the overdue
# ones (training_queries.LATE: not started or in progress, past due) are exactly those neither
# completed nor exempt, when the module is past due. The counts then hold on any day.
_COUNTS = ("COUNT(*)", "COUNT(CASE WHEN t.status = 'completed' THEN 1 END)",
           "COUNT(CASE WHEN t.status = 'exempt' THEN 1 END)",
           "COUNT(CASE WHEN t.status = 'in_progress' THEN 1 END)")

# module id -> (its rollout, its due date, {team id: (required, completed, exempt, in progress)})
ModuleCounts = dict[int, tuple[int, dt.date | None, dict[int | None, tuple[int, int, int, int]]]]

_DUE = "COALESCE(m.due_date, date(r.go_live_date, m.due_offset_days || ' days'))"
# Waiting for the write lock only to store counts already made: a reader never waits long on a
# writer (an import) for that; the marks stay and the next reader tries again.
_STORE_WAIT_MS = 250


def _ints(ids: Iterable[int]) -> str:
    return ", ".join(str(int(i)) for i in ids) or "NULL"  # ints only: safe to inline


def _module_filter(rollout_ids: Iterable[int] | None, module_ids: Iterable[int] | None) -> list[str]:
    where = []
    if rollout_ids is not None:
        where.append(f"m.rollout_id IN ({_ints(rollout_ids)})")
    if module_ids is not None:
        where.append(f"m.id IN ({_ints(module_ids)})")
    return where


def status_sql(rollout_ids: Iterable[int] | None = None, module_ids: Iterable[int] | None = None) -> str:
    """Rows (module, rollout, due, team, required, completed, exempt, in progress), counted."""
    where = _module_filter(rollout_ids, module_ids)
    with_sql = f"""WITH mods(id, rollout_id, due) AS MATERIALIZED (
            SELECT m.id, m.rollout_id, {_DUE}
            FROM training_modules m JOIN rollouts r ON r.id = m.rollout_id
            {'WHERE ' + ' AND '.join(where) if where else ''})"""
    select = ("SELECT mods.id AS k0, mods.rollout_id AS k1, mods.due AS k2, p.team_id AS k3, "
              + ", ".join(f"{c} AS c{i}" for i, c in enumerate(_COUNTS)))
    branches = " UNION ALL ".join(
        f"{select} " + b.replace(":rollout", "mods.rollout_id").format(joins=_RECORD_JOIN, where="p.active = 1")
        + " GROUP BY k0, k1, k2, k3" for b in _BRANCHES)
    sums = ", ".join(f"SUM(c{i}) AS c{i}" for i in range(len(_COUNTS)))
    return f"{with_sql} SELECT k0, k1, k2, k3, {sums} FROM ({branches}) AS branches GROUP BY k0, k1, k2, k3"


def _gather(rows: Iterable[tuple[Any, ...]]) -> ModuleCounts:
    out: ModuleCounts = {}
    for module_id, rollout_id, due, team_id, *counts in rows:
        module = out.get(module_id)
        if module is None:  # tens of thousands of rows, a few hundred modules: convert once each
            module = out[module_id] = (rollout_id, to_date(due), {})
        module[2][team_id] = tuple(counts)
    return out


def module_counts(ws: Workspace, rollout_ids: Iterable[int] | None = None,
                  module_ids: Iterable[int] | None = None) -> ModuleCounts:
    """Per module and team, the assignment counts, derived now (modules nobody must take are
    absent). The straightforward count: `current_counts` gives the same from what is kept."""
    return _gather(ws.conn.execute(status_sql(rollout_ids, module_ids)))


def facts_from(counts: ModuleCounts, as_of: dt.date) -> dict[int, TrainingFacts]:
    """Rollout id -> figures as of a day: sums over its modules; a team is overdue when it is
    late in any module."""
    totals: dict[int, list[int]] = {}
    late_teams: dict[int, set[int]] = {}
    for rollout_id, due, teams in counts.values():
        t = totals.setdefault(rollout_id, [0, 0, 0, 0])
        past_due = due is not None and due < as_of
        for team_id, (required, completed, exempt, *_rest) in teams.items():
            overdue = required - completed - exempt if past_due else 0
            t[0] += required
            t[1] += completed
            t[2] += exempt
            t[3] += overdue
            if overdue and team_id is not None:
                late_teams.setdefault(rollout_id, set()).add(team_id)
    return {rid: TrainingFacts(t[0], t[1], t[2], t[3], teams_overdue=len(late_teams.get(rid, ()))) for rid, t in totals.items()}


def training_status(ws: Workspace, as_of: dt.date, rollout_ids: list[int] | None = None) -> dict[int, TrainingFacts]:
    """rollout id -> its training figures as of a day, counted afresh (rollouts without training
    are absent)."""
    return facts_from(module_counts(ws, rollout_ids), as_of)


# ----------------------------------------------------------------------------- kept in the workspace
def count_into_table(conn: sqlite3.Connection) -> None:
    """Inside the caller's transaction: count every marked module into `training_counts` and
    clear the marks (the upgrade that creates the table, and `refresh_counts` under a lock)."""
    stale = [m for (m,) in conn.execute("SELECT module_id FROM training_counts_stale")]
    if not stale:
        return
    conn.execute(f"DELETE FROM training_counts WHERE module_id IN ({_ints(stale)})")
    conn.execute("INSERT INTO training_counts (module_id, team_id, required, completed, exempt, in_progress) "
                 f"SELECT k0, k3, c0, c1, c2, c3 FROM ({status_sql(module_ids=stale)}) AS counted")
    conn.execute("DELETE FROM training_counts_stale")


def refresh_counts(ws: Workspace) -> int:
    """Count the marked modules again and store them; returns how many were stored.

    Three short steps, so the count itself holds no lock: claim the marks (a token on each), count
    those modules (a read), then store the counts of the modules whose claim is still ours. A
    write in between clears the claim of a module it touches (the trigger), so that module keeps
    its mark and is counted again next time; a second reader claiming the same marks takes them
    over. Nothing is stored on a read-only view, inside the caller's transaction, or when a
    writer holds the lock; the readers then count the marked modules themselves.
    """
    conn = ws.conn
    if ws.readonly or conn.in_transaction:
        return 0
    check = getattr(ws, "pending_check", None)
    if check is not None and not check.passed:
        return 0  # no write before the deferred quick_check passed: the readers count for now
    if conn.execute("SELECT 1 FROM training_counts_stale LIMIT 1").fetchone() is None:
        return 0
    token = random.getrandbits(62) + 1
    try:
        _wait_for_locks(ws, _STORE_WAIT_MS)
        with _transaction(conn, "BEGIN IMMEDIATE"):
            conn.execute("UPDATE training_counts_stale SET claim = ?", (token,))
            claimed = [m for (m,) in conn.execute("SELECT module_id FROM training_counts_stale")]
        counted = module_counts(ws, module_ids=claimed)
        with _transaction(conn, "BEGIN IMMEDIATE"):
            ours = [m for (m,) in conn.execute("SELECT module_id FROM training_counts_stale WHERE claim = ?",
                                               (token,))]
            if ours:
                conn.execute(f"DELETE FROM training_counts WHERE module_id IN ({_ints(ours)})")
                conn.executemany(
                    "INSERT INTO training_counts (module_id, team_id, required, completed, exempt, in_progress) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [(m, team, *figures) for m in ours if m in counted
                     for team, figures in counted[m][2].items()])
                conn.execute(f"DELETE FROM training_counts_stale WHERE claim = ? AND module_id IN ({_ints(ours)})",
                             (token,))
        return len(ours)
    except sqlite3.OperationalError:  # locked by a writer, or a file that cannot be written
        return 0
    finally:
        _wait_for_locks(ws, BUSY_TIMEOUT_MS)


def _wait_for_locks(ws: Workspace, ms: int) -> None:
    """How long a statement waits for another writer's lock before failing (OperationalError):
    SQLite's busy timeout on a file, the lock timeout on a server."""
    if ws.engine == "sqlite":
        ws.conn.execute(f"PRAGMA busy_timeout = {ms}")
    else:
        ws.conn.execute(f"SET lock_timeout = {ms}")


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection, begin: str = "BEGIN") -> Iterator[None]:
    """BEGIN ... COMMIT, rolled back on any error; nothing when the caller's transaction is open
    (its snapshot is already one)."""
    if conn.in_transaction:
        yield
        return
    conn.execute(begin)
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if conn.in_transaction:
        conn.execute("COMMIT")


def add_team_progress(into: dict[int | None, list[int]], team_id: int | None, counts: tuple[int, int, int, int],
                      past_due: bool) -> None:
    """Add one module's (required, completed, exempt, in progress) for a team to `into[team_id]`,
    as TeamProgress's fields (required, completed, in progress, overdue, exempt, late in
    progress): once a module is past its due date, what is neither completed nor exempt is
    overdue. The one place this rule is written, for the training page and the report alike."""
    required, completed, exempt, in_progress = counts
    t = into.setdefault(team_id, [0, 0, 0, 0, 0, 0])
    t[0] += required
    t[1] += completed
    t[2] += in_progress
    t[3] += required - completed - exempt if past_due else 0
    t[4] += exempt
    t[5] += in_progress if past_due else 0


def current_counts(ws: Workspace, rollout_ids: Iterable[int] | None = None,
                   module_ids: Iterable[int] | None = None) -> ModuleCounts:
    """As `module_counts`, from the kept counts: the marked modules are counted again first (and
    stored, see `refresh_counts`); all of it read in one snapshot, so it is always what a fresh
    count would give at that moment."""
    rollout_ids = None if rollout_ids is None else list(rollout_ids)
    module_ids = None if module_ids is None else list(module_ids)
    refresh_counts(ws)
    conn = ws.conn
    where = " AND ".join(["true", *_module_filter(rollout_ids, module_ids)])
    with _transaction(conn):
        stale = [m for (m,) in conn.execute(
            f"""SELECT s.module_id FROM training_counts_stale s JOIN training_modules m ON m.id = s.module_id
                WHERE {where}""")]
        out = _gather(conn.execute(
            f"""SELECT c.module_id, m.rollout_id, {_DUE}, c.team_id, c.required, c.completed, c.exempt, c.in_progress
                FROM training_modules m JOIN rollouts r ON r.id = m.rollout_id
                JOIN training_counts c ON c.module_id = m.id
                WHERE {where} AND m.id NOT IN (SELECT module_id FROM training_counts_stale)"""))
        if stale:
            out.update(module_counts(ws, module_ids=stale))
    return out


def kept_training_status(ws: Workspace, as_of: dt.date,
                         rollout_ids: list[int] | None = None) -> dict[int, TrainingFacts]:
    """As `training_status`, from the kept counts (`current_counts`)."""
    facts = facts_from(current_counts(ws, rollout_ids), as_of)
    return {rid: facts[rid] for rid in sorted(facts)}


def forget_kept(ws: Workspace | None = None) -> None:
    """Start from nothing kept: every module of `ws` is marked, so the next read counts them all
    (tests of the counting). Without a workspace there is nothing to drop: the counts live in
    each workspace file, not in this process."""
    if ws is None:
        return
    with _transaction(ws.conn, "BEGIN IMMEDIATE"):
        ws.conn.execute("INSERT INTO training_counts_stale (module_id) SELECT id FROM training_modules WHERE true "
                        "ON CONFLICT (module_id) DO UPDATE SET claim = NULL")
