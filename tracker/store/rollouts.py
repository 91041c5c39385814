"""Rollouts and the teams that take part in them."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, Unpack

from tracker.domain.enums import Impact, Stage
from tracker.domain.models import Participation, Rollout
from tracker.domain.validation import check_required, check_rollout_dates
from tracker.store.areas import rollout_rows
from tracker.store.convert import from_date, to_date
from tracker.store.errors import StoreValidationError

if TYPE_CHECKING:
    from tracker.store.audit import AuditedWriter
    from tracker.store.workspace import Workspace

_SELECT = """
    SELECT r.id, r.name, r.description, r.stage, r.owner_id, r.sponsor_id, r.start_date,
           r.go_live_date, r.target_adoption, r.target_date, COALESCE(o.name, ''), COALESCE(s.name, ''),
           r.version
    FROM rollouts r LEFT JOIN people o ON o.id = r.owner_id LEFT JOIN people s ON s.id = r.sponsor_id
"""

STAGE_CHANGE_REFUSED = ("Change the stage with Promote…, which checks the readiness gate and records "
                        "the decision.")


def _rollout(r: tuple[Any, ...]) -> Rollout:
    return Rollout(
        id=r[0], name=r[1], description=r[2], stage=Stage(r[3]), owner_id=r[4], sponsor_id=r[5],
        start_date=to_date(r[6]), go_live_date=to_date(r[7]), target_adoption=r[8],
        target_date=to_date(r[9]), owner_name=r[10], sponsor_name=r[11], version=r[12],
    )


class RolloutFields(TypedDict):
    """The fields add() takes (checked by _values)."""

    name: str
    description: NotRequired[str]
    stage: NotRequired[Stage]
    owner_id: NotRequired[int | None]
    sponsor_id: NotRequired[int | None]
    start_date: NotRequired[dt.date | None]
    go_live_date: NotRequired[dt.date | None]
    target_adoption: NotRequired[float | None]
    target_date: NotRequired[dt.date | None]


class RolloutChanges(TypedDict, total=False):
    """The fields update() may change."""

    name: str
    description: str
    stage: Stage
    owner_id: int | None
    sponsor_id: int | None
    start_date: dt.date | None
    go_live_date: dt.date | None
    target_adoption: float | None
    target_date: dt.date | None


class Rollouts:
    def __init__(self, ws: Workspace):
        self.ws = ws

    def list(self) -> list[Rollout]:
        return [_rollout(r) for r in self.ws.conn.execute(_SELECT + " ORDER BY r.name COLLATE NOCASE")]

    def get(self, rollout_id: int) -> Rollout | None:
        row = self.ws.conn.execute(_SELECT + " WHERE r.id = ?", (rollout_id,)).fetchone()
        return _rollout(row) if row else None

    def by_name(self, name: str) -> Rollout | None:
        row = self.ws.conn.execute(_SELECT + " WHERE r.name = ? COLLATE NOCASE", (name.strip(),)).fetchone()
        return _rollout(row) if row else None

    # ---------------------------------------------------------------- writes
    def _values(self, rollout_id: int | None, *, name: str, description: str = "", stage: Stage = Stage.PILOT,
                owner_id: int | None = None, sponsor_id: int | None = None, start_date: dt.date | None = None,
                go_live_date: dt.date | None = None, target_adoption: float | None = None,
                target_date: dt.date | None = None) -> dict[str, Any]:
        name = (name or "").strip()
        problem = check_required(name, "A rollout name") or check_rollout_dates(start_date, go_live_date, target_date)
        if problem:
            raise StoreValidationError(problem)
        if target_adoption is not None and not 0 < target_adoption <= 1:
            raise StoreValidationError("Target adoption must be between 1 and 100 percent.")
        clash = self.ws.scalar("SELECT id FROM rollouts WHERE name = ? COLLATE NOCASE", (name,))
        if clash is not None and clash != rollout_id:
            raise StoreValidationError(f"There is already a rollout called '{name}'.")
        return {
            "name": name, "description": (description or "").strip(), "stage": Stage(stage).value,
            "owner_id": owner_id, "sponsor_id": sponsor_id, "start_date": from_date(start_date),
            "go_live_date": from_date(go_live_date), "target_adoption": target_adoption,
            "target_date": from_date(target_date),
        }

    def create(self, **fields: Unpack[RolloutFields]) -> int:
        """Add a rollout (a new one with its gate checklist: tracker/services/rollout_lifecycle.py)."""
        values = self._values(None, **fields)
        with self.ws.write(f"Add rollout {values['name']}") as w:
            return w.insert("rollouts", values)

    def insert(self, w: AuditedWriter, **fields: Unpack[RolloutFields]) -> int:
        """Add a rollout inside a write the caller holds, checked as create() checks it."""
        return w.insert("rollouts", self._values(None, **fields))

    def update(self, rollout_id: int, *, expected_version: int | None = None, **fields: Unpack[RolloutChanges]) -> bool:
        """Edit a rollout's own fields. Not its stage: a stage change is a decision, so it goes
        through tracker/services/rollout_lifecycle.promote, which checks the gate and logs it
        (passing the current stage again is harmless, so a form can hand back every field)."""
        current = self.get(rollout_id)
        if current is None:
            raise StoreValidationError("That rollout no longer exists.")
        if "stage" in fields and Stage(fields["stage"]) is not current.stage:
            raise StoreValidationError(STAGE_CHANGE_REFUSED)
        merged: RolloutFields = {
            "name": current.name, "description": current.description, "stage": current.stage,
            "owner_id": current.owner_id, "sponsor_id": current.sponsor_id, "start_date": current.start_date,
            "go_live_date": current.go_live_date, "target_adoption": current.target_adoption,
            "target_date": current.target_date,
        }
        merged.update(fields)
        values = self._values(rollout_id, **merged)
        with self.ws.write(f"Edit rollout {values['name']}") as w:
            return w.update("rollouts", rollout_id, values, expected_version=expected_version)

    def set_stage(self, w: AuditedWriter, rollout_id: int, stage: Stage) -> bool:
        """Inside a write the caller holds: the stage alone (a promotion, which logs the decision
        in the same write: tracker/services/rollout_lifecycle.promote)."""
        return w.update("rollouts", rollout_id, {"stage": Stage(stage).value})

    def records_of(self, rollout_id: int) -> Iterator[tuple[str, int]]:
        """(table, id) of every area's records of the rollout (tracker/store/areas.py), children
        first: the order in which deleting them breaks no reference. Read table by table as
        consumed, so a delete may run between the tables."""
        return rollout_rows(self.ws.conn, rollout_id)

    # ---------------------------------------------------------------- participation
    def participation(self, rollout_id: int) -> builtins.list[Participation]:
        rows = self.ws.conn.execute(
            """SELECT pa.id, pa.rollout_id, pa.team_id, t.name, pa.impact,
                      (SELECT COUNT(*) FROM people p WHERE p.team_id = t.id AND p.active = 1)
               FROM participation pa JOIN teams t ON t.id = pa.team_id
               WHERE pa.rollout_id = ? ORDER BY t.name COLLATE NOCASE""",
            (rollout_id,),
        ).fetchall()
        return [Participation(r[0], r[1], r[2], r[3], Impact(r[4]), r[5]) for r in rows]

    def set_impact(self, rollout_id: int, team_id: int, impact: Impact) -> int:
        """Add a team to the rollout, or change its impact; returns the participation id."""
        impact = Impact(impact)
        team = self.ws.scalar("SELECT name FROM teams WHERE id = ?", (team_id,))
        if team is None:
            raise StoreValidationError("That team no longer exists.")
        existing: int | None = self.ws.scalar(
            "SELECT id FROM participation WHERE rollout_id = ? AND team_id = ?", (rollout_id, team_id)
        )
        if existing is None:
            with self.ws.write(f"Add {team} to rollout ({impact.label.lower()} impact)") as w:
                return w.insert("participation", {"rollout_id": rollout_id, "team_id": team_id, "impact": impact.value})
        with self.ws.write(f"Set {team} impact to {impact.label.lower()}") as w:
            w.update("participation", existing, {"impact": impact.value})
        return existing

    def remove_team(self, participation_id: int) -> None:
        team = self.ws.scalar(
            "SELECT t.name FROM participation pa JOIN teams t ON t.id = pa.team_id WHERE pa.id = ?",
            (participation_id,),
        )
        if team is None:
            return
        with self.ws.write(f"Remove {team} from rollout") as w:
            w.delete("participation", participation_id)
