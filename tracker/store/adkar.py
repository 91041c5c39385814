"""ADKAR assessments: each team's five scores per rollout and date, with the history kept."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from tracker.domain.adkar_survey import DECIMALS, AdkarPlan, Scores
from tracker.domain.readiness import ADKAR, AdkarAssessment
from tracker.store.convert import to_day
from tracker.store.errors import StoreValidationError
from tracker.store.record_versions import missing_record

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

_COLUMNS = tuple(e.value for e in ADKAR)
_SELECT = f"""
    SELECT a.id, a.rollout_id, a.team_id, t.name, a.assessed_on, {', '.join('a.' + c for c in _COLUMNS)},
           a.respondents, a.version
    FROM adkar_assessments a JOIN teams t ON t.id = a.team_id
"""


def _assessment(r: tuple[Any, ...]) -> AdkarAssessment:
    return AdkarAssessment(r[0], r[1], r[2], r[3], to_day(r[4]), r[5], r[6], r[7], r[8], r[9], r[10], r[11])


class AssessmentFields(TypedDict):
    """The fields add() takes (checked by _values)."""

    rollout_id: int
    team_id: int
    assessed_on: dt.date
    scores: Sequence[float]
    respondents: int


class AssessmentChanges(TypedDict, total=False):
    """The fields update() may change."""

    rollout_id: int
    team_id: int
    assessed_on: dt.date
    scores: Sequence[float]
    respondents: int


class AdkarAssessments:
    """ADKAR assessments (DESIGN's word): each team's scores in a rollout on a date; `ws.readiness.adkar`."""

    def __init__(self, ws: Workspace):
        self.ws = ws

    def list(self, rollout_id: int, team_id: int | None = None) -> list[AdkarAssessment]:
        """The rollout's whole history, oldest first (optionally one team's)."""
        where, params = " WHERE a.rollout_id = ?", [rollout_id]
        if team_id is not None:
            where += " AND a.team_id = ?"
            params.append(team_id)
        rows = self.ws.conn.execute(_SELECT + where + " ORDER BY a.assessed_on, t.name COLLATE NOCASE", params)
        return [_assessment(r) for r in rows.fetchall()]

    def latest(self, rollout_id: int) -> builtins.list[AdkarAssessment]:
        """Each team's most recent assessment in the rollout, by team name."""
        rows = self.ws.conn.execute(
            _SELECT + """ WHERE a.rollout_id = ? AND a.assessed_on = (
                SELECT MAX(b.assessed_on) FROM adkar_assessments b
                WHERE b.rollout_id = a.rollout_id AND b.team_id = a.team_id)
            ORDER BY t.name COLLATE NOCASE""", (rollout_id,))
        return [_assessment(r) for r in rows.fetchall()]

    def get(self, assessment_id: int) -> AdkarAssessment | None:
        row = self.ws.conn.execute(_SELECT + " WHERE a.id = ?", (assessment_id,)).fetchone()
        return _assessment(row) if row else None

    def latest_by_rollout(self, rollout_ids: builtins.list[int] | None = None) -> dict[int, builtins.list[AdkarAssessment]]:
        """Each team's most recent assessment, for every rollout at once (one grouped query)."""
        where = "" if rollout_ids is None else \
            f" WHERE rollout_id IN ({', '.join(str(int(i)) for i in rollout_ids) or 'NULL'})"  # ints only
        rows = self.ws.conn.execute(
            _SELECT + f""" JOIN (SELECT rollout_id, team_id, MAX(assessed_on) AS latest FROM adkar_assessments{where}
                             GROUP BY rollout_id, team_id) m
                 ON m.rollout_id = a.rollout_id AND m.team_id = a.team_id AND m.latest = a.assessed_on
               ORDER BY a.rollout_id, t.name COLLATE NOCASE""")
        out: dict[int, list[AdkarAssessment]] = {}
        for r in rows.fetchall():
            out.setdefault(r[1], []).append(_assessment(r))
        return out

    def snapshot(self, rollout_id: int) -> dict[tuple[int, dt.date], tuple[int, Scores, int]]:
        """(team id, date) -> (id, scores, respondents): what a survey import compares with."""
        return {(a.team_id, a.assessed_on): (a.id, a.scores, a.respondents) for a in self.list(rollout_id)}

    # ---------------------------------------------------------------- writes
    def _values(self, assessment_id: int | None, *, rollout_id: int, team_id: int, assessed_on: dt.date,
                scores: Sequence[float], respondents: int, as_of: dt.date | None = None) -> tuple[dict[str, Any], str]:
        if len(scores) != len(ADKAR):
            raise StoreValidationError("An ADKAR assessment has five scores.")
        for element, score in zip(ADKAR, scores):
            if not 1 <= float(score) <= 5:
                raise StoreValidationError(f"{element.label} must be from 1 to 5 (it is {score:g}).")
        if not isinstance(respondents, int) or respondents < 1:
            raise StoreValidationError("Respondents must be a whole number of at least 1.")
        if assessed_on is None:
            raise StoreValidationError("An assessment needs a date.")
        if assessed_on > (as_of or dt.date.today()):
            raise StoreValidationError("An assessment cannot be dated in the future.")
        team = self.ws.scalar("SELECT name FROM teams WHERE id = ?", (team_id,))
        if team is None:
            raise StoreValidationError("That team no longer exists.")
        clash = self.ws.scalar(
            "SELECT id FROM adkar_assessments WHERE rollout_id = ? AND team_id = ? AND assessed_on = ?",
            (rollout_id, team_id, assessed_on.isoformat()))
        if clash is not None and clash != assessment_id:
            raise StoreValidationError(f"{team} already has an assessment on {assessed_on.isoformat()}; edit that one.")
        values = {"rollout_id": rollout_id, "team_id": team_id, "assessed_on": assessed_on.isoformat(),
                  "respondents": respondents}
        values.update({c: round(float(s), DECIMALS) for c, s in zip(_COLUMNS, scores)})
        return values, team

    def record(self, **fields: Unpack[AssessmentFields]) -> int:
        values, team = self._values(None, **fields)
        with self.ws.write(f"Record ADKAR assessment for {team}") as w:
            return w.insert("adkar_assessments", values)

    def update(self, assessment_id: int, *, expected_version: int | None = None, **fields: Unpack[AssessmentChanges]) -> bool:
        current = self.get(assessment_id)
        if current is None:  # deleted: after the editor read it, when it names a version
            raise missing_record(self.ws.conn, "adkar_assessments", assessment_id, expected_version, dict(fields),
                                 "That assessment no longer exists.")
        merged: AssessmentFields = {"rollout_id": current.rollout_id, "team_id": current.team_id,
                  "assessed_on": current.assessed_on, "scores": current.scores,
                  "respondents": current.respondents}
        merged.update(fields)
        values, team = self._values(assessment_id, **merged)
        with self.ws.write(f"Edit ADKAR assessment for {team}") as w:
            return w.update("adkar_assessments", assessment_id, values, expected_version=expected_version)

    def delete(self, assessment_ids: builtins.list[int]) -> None:
        if not assessment_ids:
            return
        label = "Delete ADKAR assessment" if len(assessment_ids) == 1 else f"Delete {len(assessment_ids)} ADKAR assessments"
        with self.ws.write(label) as w:
            for aid in assessment_ids:
                w.delete("adkar_assessments", aid)

    def apply_plan(self, rollout_id: int, plan: AdkarPlan, label: str) -> int | None:
        """Write a checked survey plan in one transaction; None when there is nothing to do."""
        if plan.errors:
            raise StoreValidationError("A survey with rejected rows is never applied.")
        if not plan.has_changes:
            return None
        with self.ws.write(label) as w:
            for a in plan.new:
                values = {"rollout_id": rollout_id, "team_id": a.team_id,
                          "assessed_on": a.assessed_on.isoformat(), "respondents": a.respondents}
                values.update(dict(zip(_COLUMNS, a.scores)))
                w.insert("adkar_assessments", values)
            for stored_id, a in plan.changed:
                values = {"respondents": a.respondents, **dict(zip(_COLUMNS, a.scores))}
                w.update("adkar_assessments", stored_id, values)
        return w.change_id
