"""Each team's latest adoption figures as of a day, for many rollouts at once.

The small-group rule weighs every team of every rollout by its latest eligible people
(tracker/domain/rollout_privacy.py), and the dashboard recomputes every rollout's status after
each edit. Reading every team's whole weekly history for that (`Adoption.team_histories`) costs
a Python object per team and week, and grouping the weekly table by team costs a sort of all
of it; neither fits the dashboard's budget at 80,000 weekly rows. What the figures are is
exactly `latest_adoption` of the team's history: hand-entered figures replace the log's for
their team, and a team without any week up to the day is absent (it has nothing to show).

How it is read cheaply: the weekly rollup (tracker/store/adoption_rollup.py) writes a row for
every eligible team in every week of a rollout's range, so a rollout's teams' latest week up to
the day is the rollout's latest week, found along the primary key (rollout, week, team). Only
a retention purge breaks that (its frozen weeks keep the teams of their time): the rollouts
with frozen weeks are grouped by team in full. Hand figures are few and grouped in full.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.domain.team_adoption import TeamAdoption

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

_LATEST_WEEK = """
WITH last(rollout_id, week_end) AS (
    SELECT rollout_id, MAX(week_end) FROM adoption_weekly WHERE week_end <= :day {where} GROUP BY rollout_id)
SELECT w.rollout_id, w.team_id, w.eligible, w.active
FROM last JOIN adoption_weekly w ON w.rollout_id = last.rollout_id AND w.week_end = last.week_end
"""
# Each team's latest period, then that period's row (unique per rollout, team and period), in
# standard SQL for both engines (SQLite alone would take bare columns beside one max()).
_BY_TEAM = """
WITH last(rollout_id, team_id, has_data, period) AS (
    SELECT rollout_id, team_id, SUM(CASE WHEN eligible > 0 THEN 1 ELSE 0 END), MAX({period})
    FROM {table} WHERE {period} <= :day {where} GROUP BY rollout_id, team_id)
SELECT t.rollout_id, t.team_id, t.eligible, t.active, last.has_data, last.period
FROM last JOIN {table} t ON t.rollout_id = last.rollout_id AND t.team_id = last.team_id AND t.{period} = last.period
"""


def _ids(rollout_ids: Iterable[int]) -> str:
    return ", ".join(str(int(i)) for i in rollout_ids) or "NULL"  # ints only: safe to inline


def latest_team_adoption(ws: Workspace, as_of: dt.date,
                         rollout_ids: Iterable[int] | None = None) -> dict[int, dict[int, TeamAdoption]]:
    """rollout id -> team id -> its latest figures up to `as_of` (weekly figures brought up to
    date first, as every adoption read does)."""
    ws.adoption.refresh()
    conn = ws.conn
    where = "" if rollout_ids is None else f"AND rollout_id IN ({_ids(rollout_ids)})"
    day = as_of.toordinal()
    logged: dict[tuple[int, int], tuple[int, int, bool]] = {}
    for rollout_id, team_id, eligible, active in conn.execute(_LATEST_WEEK.format(where=where), {"day": day}):
        has_data = eligible > 0 or conn.execute(
            "SELECT 1 FROM adoption_weekly WHERE rollout_id = ? AND team_id = ? AND week_end <= ? AND eligible > 0 "
            "LIMIT 1", (rollout_id, team_id, day)).fetchone() is not None
        logged[(rollout_id, team_id)] = (eligible, active, has_data)
    frozen = [r for (r,) in conn.execute(f"SELECT rollout_id FROM adoption_frozen WHERE frozen_before > 0 {where}")]
    if frozen:
        for key in [k for k in logged if k[0] in set(frozen)]:
            del logged[key]
        sql = _BY_TEAM.format(table="adoption_weekly", period="week_end", where=f"AND rollout_id IN ({_ids(frozen)})")
        for rollout_id, team_id, eligible, active, has_data, _week in conn.execute(sql, {"day": day}):
            logged[(rollout_id, team_id)] = (eligible, active, bool(has_data))
    hand_teams = set(conn.execute(f"SELECT DISTINCT rollout_id, team_id FROM adoption_figures WHERE true {where}"))
    figures = {key: value for key, value in logged.items() if key not in hand_teams}
    sql = _BY_TEAM.format(table="adoption_figures", period="period_end", where=where)
    for rollout_id, team_id, eligible, active, has_data, _period in conn.execute(sql, {"day": as_of.isoformat()}):
        figures[(rollout_id, team_id)] = (eligible, active, bool(has_data))
    out: dict[int, dict[int, TeamAdoption]] = {}
    for (rollout_id, team_id), (eligible, active, has_data) in sorted(figures.items()):
        out.setdefault(rollout_id, {})[team_id] = TeamAdoption(
            eligible, active, active / eligible if eligible > 0 else None, has_data)
    return out
