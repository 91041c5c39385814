"""The SQL that derives who must take which module, shared by every training roll-up.

A person must take a module when their team is required for it, when one of their roles in
the rollout is, or when it was assigned to them by hand. The SQL is three branches, one per
reason, made *disjoint* (the role branch skips pairs the team branch already gave, and keeps
only the first of several qualifying roles; the hand branch skips both), so they combine with
UNION ALL. A plain UNION would deduplicate a million pairs in a temporary b-tree: measured
1.4 s of a 4.4 s roll-up over 1,000,000 assignments in one rollout, against 2.2 s this way.

Each branch binds `p` (people), `mods` (the rollout's modules with their effective due date,
fixed or computed from go-live in SQL) and `t` (the person's training record, LEFT joined, NULL
meaning "not started"). Roll-ups aggregate inside each branch and add the branches up, so
SQLite counts the assignments; Python never sees them one by one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Status and lateness of one assignment, for the CASE expressions of the roll-ups.
STATUS = "COALESCE(t.status, 'not_started')"
LATE = f"({STATUS} IN ('not_started', 'in_progress') AND mods.due < :as_of)"

_TEAM_REQUIRED = """EXISTS (SELECT 1 FROM training_team_requirements tq
                    WHERE tq.module_id = mods.id AND tq.team_id = p.team_id)"""
_ROLE_REQUIRED = """EXISTS (SELECT 1 FROM person_roles pq
                    JOIN training_role_requirements rq ON rq.role_id = pq.role_id AND rq.module_id = mods.id
                    WHERE pq.rollout_id = :rollout AND pq.person_id = p.id{extra})"""

# Why a person must take a module, one FROM clause per reason (`_BRANCHES` adds what makes them
# disjoint; `any_pairs`, asking only whether a pair is required, needs none of it).
_REASONS = (
    # required for the person's team
    """FROM mods CROSS JOIN training_team_requirements tr ON tr.module_id = mods.id
       CROSS JOIN people p ON p.team_id = tr.team_id
       {joins} WHERE {where}""",
    # required for a role they hold
    # CROSS JOIN fixes the join order: left to itself, the planner sometimes starts from
    # `people` and builds an automatic index over all of them on every query (0.5 s measured).
    """FROM mods CROSS JOIN training_role_requirements rr ON rr.module_id = mods.id
       CROSS JOIN person_roles pr ON pr.rollout_id = :rollout AND pr.role_id = rr.role_id
       CROSS JOIN people p ON p.id = pr.person_id
       {joins} WHERE {where}""",
    # assigned by hand
    """FROM mods JOIN training_records a INDEXED BY training_records_assigned
           ON a.module_id = mods.id AND a.assigned = 1
       JOIN people p ON p.id = a.person_id
       {joins} WHERE {where}""",
)
_DISJOINT = (
    "",
    # not already required for their team; only the first qualifying role
    f" AND NOT {_TEAM_REQUIRED} AND NOT {_ROLE_REQUIRED.format(extra=' AND pq.role_id < pr.role_id')}",
    # required for no other reason
    f" AND NOT {_TEAM_REQUIRED} AND NOT {_ROLE_REQUIRED.format(extra='')}",
)
_BRANCHES = tuple(reason + disjoint.replace("{", "{{").replace("}", "}}")
                  for reason, disjoint in zip(_REASONS, _DISJOINT, strict=True))

_RECORD_JOIN = "LEFT JOIN training_records t ON t.module_id = mods.id AND t.person_id = p.id"


@dataclass(frozen=True)
class Scope:
    """The filters of the Training page; None means "all"."""

    rollout_id: int
    module_id: int | None = None
    team_ids: frozenset[int] | None = None  # a team and its sub-teams
    manager_id: int | None = None  # people reporting directly to this person
    as_of: dt.date | None = None  # "today" for overdue; tests and reports fix it

    def today(self) -> dt.date:
        return self.as_of or dt.date.today()


def _parts(scope: Scope, session_modules_only: bool) -> tuple[str, str, dict[str, object]]:
    params: dict[str, object] = {"rollout": scope.rollout_id, "as_of": scope.today().isoformat()}
    module_filter = ""
    if scope.module_id is not None:
        module_filter += " AND m.id = :module"
        params["module"] = scope.module_id
    if session_modules_only:
        module_filter += " AND m.format <> 'e_learning'"
    with_sql = f"""WITH mods(id, due, format) AS MATERIALIZED (
            SELECT m.id, COALESCE(m.due_date, date(r.go_live_date, m.due_offset_days || ' days')), m.format
            FROM training_modules m JOIN rollouts r ON r.id = m.rollout_id
            WHERE m.rollout_id = :rollout{module_filter})"""
    where = "p.active = 1"
    if scope.team_ids is not None:
        ids = sorted(int(i) for i in scope.team_ids)  # ints only: safe to inline
        where += f" AND p.team_id IN ({', '.join(map(str, ids)) or 'NULL'})"
    if scope.manager_id is not None:
        where += " AND p.manager_id = :manager"
        params["manager"] = scope.manager_id
    return with_sql, where, params


def any_pairs(scope: Scope, columns: str, *, joins: str = "", where: str = "") -> tuple[str, dict[str, object]]:
    """SQL listing the assignments as a set, `columns` over p, mods, t: each distinct row once,
    for questions of membership (which modules a person has still to take). The branches need
    not be disjoint here, so the subqueries that make them so are left out (half the time of
    `pairs` for the seat holders of a rollout of 16,000 people in roles)."""
    with_sql, people_where, params = _parts(scope, False)
    if where:
        people_where += f" AND {where}"
    branches = " UNION ".join(
        f"SELECT {columns} " + b.format(joins=f"{_RECORD_JOIN} {joins}", where=people_where) for b in _REASONS)
    return f"{with_sql} {branches}", params


def rollup(scope: Scope, keys: dict[str, str], counts: dict[str, str], *, joins: str = "",
           where: str = "", order: str = "", session_modules_only: bool = False,
           prefix: str = "") -> tuple[str, dict[str, object]]:
    """SQL counting assignments grouped by `keys` (name -> expression); `counts` are name ->
    condition (counted where true). `prefix` adds further CTEs after `mods` (", name AS (...)")."""
    with_sql, people_where, params = _parts(scope, session_modules_only)
    if where:
        people_where += f" AND {where}"
    # Positional aliases (k0, c0, ...): a branch has columns such as tr.team_id that would make
    # a name like "team_id" ambiguous in its GROUP BY.
    k = [f"k{i}" for i in range(len(keys))]
    c = [f"c{i}" for i in range(len(counts))]
    select = ", ".join([*(f"{expr} AS {a}" for expr, a in zip(keys.values(), k)),
                        *(f"COUNT(CASE WHEN {cond} THEN 1 END) AS {a}" for cond, a in zip(counts.values(), c))])
    branches = " UNION ALL ".join(
        f"SELECT {select} " + b.format(joins=f"{_RECORD_JOIN} {joins}", where=people_where)
        + f" GROUP BY {', '.join(k)}" for b in _BRANCHES)
    sums = ", ".join([*k, *(f"SUM({a})" for a in c)])
    sql = f"{with_sql}{prefix} SELECT {sums} FROM ({branches}) GROUP BY {', '.join(k)}"
    if order:
        order = ", ".join(k[list(keys).index(o)] if o in keys else o for o in order.split(", "))
    return sql + (f" ORDER BY {order}" if order else ""), params


def pairs(scope: Scope, columns: str, *, joins: str = "", where: str = "", order: str = "",
          limit: int | None = None) -> tuple[str, dict[str, object]]:
    """SQL listing the assignments themselves (the drill-down), `columns` over p, mods, t."""
    with_sql, people_where, params = _parts(scope, False)
    if where:
        people_where += f" AND {where}"
    branches = " UNION ALL ".join(
        f"SELECT {columns} " + b.format(joins=f"{_RECORD_JOIN} {joins}", where=people_where) for b in _BRANCHES)
    sql = f"{with_sql} SELECT * FROM ({branches})"
    if order:
        sql += f" ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return sql, params
