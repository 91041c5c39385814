"""The workspace's answers to the gate items it can answer (tracker/domain/gate_evidence.py):
when the sponsor was set, which highly affected teams have a champion, the decision log.

Only the queries live here; the figures that the small-group rule may hide (training,
resistance) come from the rollout's status (tracker/services/gate_evidence.py).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tracker.store.convert import to_date

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

# A champion counts for a highly affected team when they are in it or in a team under it.
_CHAMPIONS = """
    WITH RECURSIVE high(team_id, name) AS (
        SELECT p.team_id, t.name FROM participation p JOIN teams t ON t.id = p.team_id
        WHERE p.rollout_id = :rollout AND p.impact = 'high'),
    under(root, team_id) AS (
        SELECT team_id, team_id FROM high
        UNION SELECT u.root, t.id FROM under u JOIN teams t ON t.parent_id = u.team_id),
    champions(team_id) AS (
        SELECT pe.team_id FROM person_roles pr
        JOIN role_types rt ON rt.id = pr.role_id JOIN people pe ON pe.id = pr.person_id
        WHERE pr.rollout_id = :rollout AND rt.name = 'Champion' COLLATE NOCASE AND pe.active = 1)
    SELECT h.name, EXISTS (SELECT 1 FROM under u JOIN champions c ON c.team_id = u.team_id WHERE u.root = h.team_id)
    FROM high h ORDER BY h.name COLLATE NOCASE
"""


def sponsor_set_on(ws: Workspace, rollout_id: int, sponsor_id: int | None) -> dt.date | None:
    """The day the rollout's current sponsor was set, from its history (None: not recorded,
    e.g. a workspace written by another tool)."""
    if sponsor_id is None:
        return None
    for entry in ws.audit.history("rollouts", rollout_id):  # newest first
        after, before = entry.after or {}, entry.before or {}
        if after.get("sponsor_id") == sponsor_id and before.get("sponsor_id") != sponsor_id:
            return dt.date.fromisoformat(entry.at[:10])
    return None


def champion_coverage(ws: Workspace, rollout_id: int) -> list[tuple[str, bool]]:
    """(team name, has a champion) for each highly affected team of the rollout, by name."""
    return [(name, bool(covered)) for name, covered in ws.conn.execute(_CHAMPIONS, {"rollout": rollout_id})]


def decision_log(ws: Workspace, rollout_id: int) -> tuple[int, dt.date | None]:
    """(decisions logged, the latest one's day)."""
    count, latest = ws.conn.execute("SELECT COUNT(*), MAX(decided_on) FROM decisions WHERE rollout_id = ?",
                                    (rollout_id,)).fetchone()
    return count, to_date(latest)
