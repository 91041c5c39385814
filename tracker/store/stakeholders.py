"""A rollout's stakeholder register: people and teams with influence, interest and support."""

from __future__ import annotations

import builtins
import datetime as dt
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, Unpack

from tracker.domain.readiness import Stakeholder, SupportLevel
from tracker.store.convert import from_date, to_date
from tracker.store.errors import StoreValidationError
from tracker.store.record_versions import missing_record

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

_SELECT = """
    SELECT s.id, s.rollout_id, s.person_id, s.team_id, COALESCE(p.name, t.name, ''), s.influence,
           s.interest, s.current_support, s.needed_support, s.owner_id, COALESCE(o.name, ''),
           s.last_contact, s.engagement_plan, s.notes, s.version
    FROM stakeholders s
    LEFT JOIN people p ON p.id = s.person_id
    LEFT JOIN teams t ON t.id = s.team_id
    LEFT JOIN people o ON o.id = s.owner_id
"""


def _stakeholder(r: tuple[Any, ...]) -> Stakeholder:
    return Stakeholder(
        id=r[0], rollout_id=r[1], person_id=r[2], team_id=r[3], name=r[4], influence=r[5],
        interest=r[6], current_support=SupportLevel(r[7]), needed_support=SupportLevel(r[8]),
        owner_id=r[9], owner_name=r[10], last_contact=to_date(r[11]), engagement_plan=r[12], notes=r[13],
        version=r[14],
    )


class StakeholderFields(TypedDict):
    """The fields add() takes (checked by _values)."""

    rollout_id: int
    influence: int
    interest: int
    current_support: SupportLevel
    needed_support: SupportLevel
    person_id: NotRequired[int | None]
    team_id: NotRequired[int | None]
    owner_id: NotRequired[int | None]
    last_contact: NotRequired[dt.date | None]
    engagement_plan: NotRequired[str]
    notes: NotRequired[str]


class StakeholderChanges(TypedDict, total=False):
    """The fields update() may change."""

    rollout_id: int
    influence: int
    interest: int
    current_support: SupportLevel
    needed_support: SupportLevel
    person_id: int | None
    team_id: int | None
    owner_id: int | None
    last_contact: dt.date | None
    engagement_plan: str
    notes: str


class Stakeholders:
    def __init__(self, ws: Workspace):
        self.ws = ws

    def list(self, rollout_id: int) -> list[Stakeholder]:
        rows = self.ws.conn.execute(_SELECT + " WHERE s.rollout_id = ? ORDER BY 5 COLLATE NOCASE", (rollout_id,))
        return [_stakeholder(r) for r in rows.fetchall()]

    def get(self, stakeholder_id: int) -> Stakeholder | None:
        row = self.ws.conn.execute(_SELECT + " WHERE s.id = ?", (stakeholder_id,)).fetchone()
        return _stakeholder(row) if row else None

    # ---------------------------------------------------------------- writes
    def _values(self, stakeholder_id: int | None, *, rollout_id: int, person_id: int | None = None,
                team_id: int | None = None, influence: int, interest: int,
                current_support: SupportLevel, needed_support: SupportLevel, owner_id: int | None = None,
                last_contact: dt.date | None = None, engagement_plan: str = "", notes: str = "",
                as_of: dt.date | None = None) -> tuple[dict[str, Any], str]:
        if (person_id is None) == (team_id is None):
            raise StoreValidationError("A stakeholder is either a person or a team: choose one.")
        for what, value in (("Influence", influence), ("Interest", interest)):
            if not isinstance(value, int) or not 1 <= value <= 5:
                raise StoreValidationError(f"{what} must be a whole number from 1 to 5.")
        if last_contact and last_contact > (as_of or dt.date.today()):
            raise StoreValidationError("The last contact cannot be in the future.")
        if person_id is not None:
            name = self.ws.scalar("SELECT name FROM people WHERE id = ?", (person_id,))
            clash = self.ws.scalar("SELECT id FROM stakeholders WHERE rollout_id = ? AND person_id = ?",
                                   (rollout_id, person_id))
        else:
            name = self.ws.scalar("SELECT name FROM teams WHERE id = ?", (team_id,))
            clash = self.ws.scalar("SELECT id FROM stakeholders WHERE rollout_id = ? AND team_id = ?",
                                   (rollout_id, team_id))
        if name is None:
            raise StoreValidationError("That person or team no longer exists.")
        if clash is not None and clash != stakeholder_id:
            raise StoreValidationError(f"{name} is already a stakeholder of this rollout.")
        if self.ws.scalar("SELECT id FROM rollouts WHERE id = ?", (rollout_id,)) is None:
            raise StoreValidationError("That rollout no longer exists.")
        values = {
            "rollout_id": rollout_id, "person_id": person_id, "team_id": team_id,
            "influence": influence, "interest": interest,
            "current_support": SupportLevel(current_support).value,
            "needed_support": SupportLevel(needed_support).value, "owner_id": owner_id,
            "last_contact": from_date(last_contact), "engagement_plan": (engagement_plan or "").strip(),
            "notes": (notes or "").strip(),
        }
        return values, name

    def add(self, **fields: Unpack[StakeholderFields]) -> int:
        values, name = self._values(None, **fields)
        with self.ws.write(f"Add stakeholder {name}") as w:
            return w.insert("stakeholders", values)

    def update(self, stakeholder_id: int, *, expected_version: int | None = None, **fields: Unpack[StakeholderChanges]) -> bool:
        current = self.get(stakeholder_id)
        if current is None:  # deleted: after the editor read it, when it names a version
            raise missing_record(self.ws.conn, "stakeholders", stakeholder_id, expected_version, dict(fields),
                                 "That stakeholder no longer exists.")
        merged: StakeholderFields = {
            "rollout_id": current.rollout_id, "person_id": current.person_id, "team_id": current.team_id,
            "influence": current.influence, "interest": current.interest,
            "current_support": current.current_support, "needed_support": current.needed_support,
            "owner_id": current.owner_id, "last_contact": current.last_contact,
            "engagement_plan": current.engagement_plan, "notes": current.notes,
        }
        merged.update(fields)
        values, name = self._values(stakeholder_id, **merged)
        with self.ws.write(f"Edit stakeholder {name}") as w:
            return w.update("stakeholders", stakeholder_id, values, expected_version=expected_version)

    def delete(self, stakeholder_ids: builtins.list[int]) -> None:
        if not stakeholder_ids:
            return
        first = self.get(stakeholder_ids[0])
        label = (f"Remove stakeholder {first.name}" if len(stakeholder_ids) == 1 and first
                 else f"Remove {len(stakeholder_ids)} stakeholders")
        with self.ws.write(label) as w:
            for sid in stakeholder_ids:
                w.delete("stakeholders", sid)
