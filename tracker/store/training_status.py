"""Training figures of every rollout at once, for the health rule and the portfolio dashboard.

The same derivation as every training roll-up (tracker/store/training_queries.py: who must take
a module is derived from team and role rules and hand assignments, never copied), run once
over all rollouts' modules instead of once per rollout: the branches there bind the rollout
as `:rollout`; here it is each module's own `mods.rollout_id`, so one query counts the whole
portfolio, grouped by module and team.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.domain.health import TrainingFacts
from tracker.store.convert import to_date
from tracker.store.training_queries import _BRANCHES, _RECORD_JOIN

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

# No as-of day in the counts: every assignment of a module shares its due date, so the overdue
# ones (training_queries.LATE: not started or in progress, past due) are exactly those neither
# completed nor exempt, when the module is past due. The counts then hold on any day.
_COUNTS = ("COUNT(*)", "COUNT(CASE WHEN t.status = 'completed' THEN 1 END)",
           "COUNT(CASE WHEN t.status = 'exempt' THEN 1 END)")

# module id -> (its rollout, its due date, {team id: (required, completed, exempt)})
ModuleCounts = dict[int, tuple[int, dt.date | None, dict[int | None, tuple[int, int, int]]]]


def _ints(ids: Iterable[int]) -> str:
    return ", ".join(str(int(i)) for i in ids) or "NULL"  # ints only: safe to inline


def status_sql(rollout_ids: Iterable[int] | None = None, module_ids: Iterable[int] | None = None) -> str:
    where = []
    if rollout_ids is not None:
        where.append(f"m.rollout_id IN ({_ints(rollout_ids)})")
    if module_ids is not None:
        where.append(f"m.id IN ({_ints(module_ids)})")
    with_sql = f"""WITH mods(id, rollout_id, due) AS MATERIALIZED (
            SELECT m.id, m.rollout_id, COALESCE(m.due_date, date(r.go_live_date, m.due_offset_days || ' days'))
            FROM training_modules m JOIN rollouts r ON r.id = m.rollout_id
            {'WHERE ' + ' AND '.join(where) if where else ''})"""
    select = ("SELECT mods.id AS k0, mods.rollout_id AS k1, mods.due AS k2, p.team_id AS k3, "
              + ", ".join(f"{c} AS c{i}" for i, c in enumerate(_COUNTS)))
    branches = " UNION ALL ".join(
        f"{select} " + b.replace(":rollout", "mods.rollout_id").format(joins=_RECORD_JOIN, where="p.active = 1")
        + " GROUP BY k0, k1, k2, k3" for b in _BRANCHES)
    return (f"{with_sql} SELECT k0, k1, k2, k3, SUM(c0), SUM(c1), SUM(c2) FROM ({branches}) "
            "GROUP BY k0, k1, k2, k3")


def module_counts(ws: "Workspace", rollout_ids: Iterable[int] | None = None,
                  module_ids: Iterable[int] | None = None) -> ModuleCounts:
    """Per module and team, the assignment counts (modules nobody must take are absent)."""
    out: ModuleCounts = {}
    for module_id, rollout_id, due, team_id, *counts in ws.conn.execute(status_sql(rollout_ids, module_ids)):
        out.setdefault(module_id, (rollout_id, to_date(due), {}))[2][team_id] = tuple(counts)
    return out


def facts_from(counts: ModuleCounts, as_of: dt.date) -> dict[int, TrainingFacts]:
    """Rollout id -> figures as of a day: sums over its modules; a team is overdue when it is
    late in any module."""
    totals: dict[int, list[int]] = {}
    late_teams: dict[int, set] = {}
    for rollout_id, due, teams in counts.values():
        t = totals.setdefault(rollout_id, [0, 0, 0, 0])
        past_due = due is not None and due < as_of
        for team_id, (required, completed, exempt) in teams.items():
            overdue = required - completed - exempt if past_due else 0
            t[0] += required
            t[1] += completed
            t[2] += exempt
            t[3] += overdue
            if overdue and team_id is not None:
                late_teams.setdefault(rollout_id, set()).add(team_id)
    return {rid: TrainingFacts(*t, teams_overdue=len(late_teams.get(rid, ()))) for rid, t in totals.items()}


def training_status(ws: "Workspace", as_of: dt.date, rollout_ids: list[int] | None = None) -> dict[int, TrainingFacts]:
    """rollout id -> its training figures as of a day (rollouts without training are absent)."""
    return facts_from(module_counts(ws, rollout_ids), as_of)


# ----------------------------------------------------------------------------- kept between calls
# Deriving a million assignments takes seconds in SQLite (each pair is an index probe into the
# records; measured 2.7 s for the whole benchmark portfolio), while the dashboard recomputes
# after every edit anywhere. So the counts are kept per workspace file (on any as-of day), module
# by module, with the audit trail as their version: every write of every connection and process
# adds a `changes` row, and the audit rows since the kept version say which modules a change can
# have moved. Only those are counted again (a completion: its module; a role given: the modules
# of that rollout requiring the role; a new go-live: that rollout's modules); a change that can
# move everyone (people joining, leaving or changing team; a big import) counts all again.
_FULL_RECOUNT_AFTER = 5_000  # audit rows: beyond this, reading them costs more than counting anew


class _Kept:
    def __init__(self, identity: tuple, version: int):
        self.identity, self.version = identity, version
        self.counts: ModuleCounts = {}
        self.counted: set[int] = set()  # rollouts whose modules have all been counted
        self.stale: set[int] = set()  # modules to count again


_kept: dict[str, _Kept] = {}
_lock = threading.Lock()


def _version(ws: "Workspace") -> tuple[tuple, int]:
    """(which file this is, the latest change id). A file replaced by another at the same path
    (a new sample workspace, a restored copy) has another first change or another inode."""
    first = ws.conn.execute("SELECT id, at FROM changes ORDER BY id LIMIT 1").fetchone()
    latest = ws.scalar("SELECT COALESCE(MAX(id), 0) FROM changes")
    try:
        inode = os.stat(ws.path).st_ino
    except OSError:
        inode = None
    return (inode, tuple(first) if first else None), latest


def _touched_modules(ws: "Workspace", since: int) -> set[int] | None:
    """Modules whose counts the changes after `since` can have moved; None: possibly all."""
    rows = ws.conn.execute(
        """SELECT entity, entity_id, json_extract(COALESCE(after, before), '$.rollout_id'),
                  json_extract(COALESCE(after, before), '$.module_id'),
                  json_extract(COALESCE(after, before), '$.role_id'),
                  json_extract(before, '$.team_id') IS NOT json_extract(after, '$.team_id')
                  OR json_extract(before, '$.active') IS NOT json_extract(after, '$.active'),
                  json_extract(before, '$.go_live_date') IS NOT json_extract(after, '$.go_live_date')
           FROM audit WHERE change_id > ? AND entity IN
               ('training_modules', 'person_roles', 'training_records', 'training_role_requirements',
                'training_team_requirements', 'rollouts', 'people')
           LIMIT ?""", (since, _FULL_RECOUNT_AFTER + 1)).fetchall()
    if len(rows) > _FULL_RECOUNT_AFTER:
        return None
    modules: set[int] = set()
    roles: set[tuple[int, int]] = set()
    go_lives: set[int] = set()
    for entity, entity_id, rollout_id, module_id, role_id, moved, new_go_live in rows:
        if entity == "people":
            if moved:  # joined, left, or changed team: required modules anywhere may change
                return None
        elif entity == "rollouts":
            if new_go_live:  # due dates relative to go-live move
                go_lives.add(entity_id)
        elif entity == "training_modules":
            modules.add(entity_id)
        elif entity == "person_roles":
            roles.add((rollout_id, role_id))
        elif module_id is not None:
            modules.add(module_id)
    for rollout_id, role_id in roles:
        modules |= {m for (m,) in ws.conn.execute(
            """SELECT rr.module_id FROM training_role_requirements rr JOIN training_modules m ON m.id = rr.module_id
               WHERE m.rollout_id = ? AND rr.role_id = ?""", (rollout_id, role_id))}
    if go_lives:
        modules |= {m for (m,) in ws.conn.execute(
            f"SELECT id FROM training_modules WHERE rollout_id IN ({_ints(go_lives)})")}
    return modules


def kept_training_status(ws: "Workspace", as_of: dt.date,
                         rollout_ids: list[int] | None = None) -> dict[int, TrainingFacts]:
    """As `training_status`, counting again only what changed since the last call (see above)."""
    key = str(ws.path)
    with _lock:
        identity, version = _version(ws)
        kept = _kept.get(key)
        if kept is None or kept.identity != identity or version < kept.version:
            kept = _Kept(identity, version)
        elif version != kept.version:
            touched = _touched_modules(ws, kept.version)
            if touched is None:
                kept = _Kept(identity, version)
            else:
                kept.stale |= touched
                kept.version = version
        _kept[key] = kept
        everyone = {rid for (rid,) in ws.conn.execute("SELECT id FROM rollouts")}
        wanted = everyone if rollout_ids is None else set(rollout_ids) & everyone
        if kept.stale:
            for module_id in kept.stale:
                kept.counts.pop(module_id, None)
            kept.counts.update(module_counts(ws, module_ids=sorted(kept.stale)))
            kept.stale = set()
        missing = wanted - kept.counted
        if missing:
            for module_id in [m for m, (rid, _due, _teams) in kept.counts.items() if rid in missing]:
                del kept.counts[module_id]
            kept.counts.update(module_counts(ws, None if missing == everyone else sorted(missing)))
            kept.counted |= missing
        facts = facts_from({m: c for m, c in kept.counts.items() if c[0] in wanted}, as_of)
    return {rid: facts[rid] for rid in sorted(wanted) if rid in facts}


def forget_kept(ws: "Workspace | None" = None) -> None:
    """Drop the kept figures (of one workspace, or all): tests and the benchmark start cold."""
    with _lock:
        if ws is None:
            _kept.clear()
        else:
            _kept.pop(str(ws.path), None)
