"""The decision log of a rollout. A stage change is logged with the stage, in the same write
(tracker/services/rollout_lifecycle.promote, through `log_stage_change`)."""

from __future__ import annotations

import builtins
import datetime as dt
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, Unpack

from tracker.domain.decisions import Decision, check_decision
from tracker.domain.enums import Stage
from tracker.store.convert import to_day
from tracker.store.errors import StoreValidationError
from tracker.store.record_versions import missing_record

if TYPE_CHECKING:
    from tracker.store.audit import AuditedWriter
    from tracker.store.workspace import Workspace

_SELECT = ("SELECT id, rollout_id, decided_on, decision, decided_by, rationale, links, from_stage, to_stage, version "
           "FROM decisions")


def _decision(r: tuple[Any, ...]) -> Decision:
    return Decision(r[0], r[1], to_day(r[2]), r[3], r[4], r[5], r[6],
                    Stage(r[7]) if r[7] else None, Stage(r[8]) if r[8] else None, r[9])


class DecisionFields(TypedDict):
    """The fields add() takes (checked by _values)."""

    rollout_id: int
    decided_on: dt.date
    decision: str
    decided_by: str
    rationale: NotRequired[str]
    links: NotRequired[str]


class DecisionChanges(TypedDict, total=False):
    """The fields update() may change."""

    rollout_id: int
    decided_on: dt.date
    decision: str
    decided_by: str
    rationale: str
    links: str


class Decisions:
    def __init__(self, ws: Workspace):
        self.ws = ws

    def list(self, rollout_id: int) -> list[Decision]:
        rows = self.ws.conn.execute(_SELECT + " WHERE rollout_id = ? ORDER BY decided_on DESC, id DESC", (rollout_id,))
        return [_decision(r) for r in rows.fetchall()]

    def get(self, decision_id: int) -> Decision | None:
        row = self.ws.conn.execute(_SELECT + " WHERE id = ?", (decision_id,)).fetchone()
        return _decision(row) if row else None

    def _values(self, *, rollout_id: int, decided_on: dt.date, decision: str, decided_by: str, rationale: str = "",
                links: str = "") -> dict[str, Any]:
        problem = check_decision(decided_on=decided_on, decision=decision, decided_by=decided_by)
        if problem:
            raise StoreValidationError(problem)
        return {"rollout_id": rollout_id, "decided_on": decided_on.isoformat(), "decision": decision.strip(),
                "decided_by": decided_by.strip(), "rationale": (rationale or "").strip(), "links": (links or "").strip()}

    def add(self, **fields: Unpack[DecisionFields]) -> int:
        values = self._values(**fields)
        with self.ws.write(f"Log decision: {values['decision'][:60]}") as w:
            return w.insert("decisions", values)

    def log_stage_change(self, w: AuditedWriter, *, rollout_id: int, decided_on: dt.date, decision: str,
                         decided_by: str, rationale: str, links: str, from_stage: Stage, to_stage: Stage) -> int:
        """Inside the write that changes the stage: its entry, which names both stages (and so
        can never be deleted on its own, see delete())."""
        return w.insert("decisions", {
            "rollout_id": rollout_id, "decided_on": decided_on.isoformat(), "decision": decision,
            "decided_by": decided_by.strip(), "rationale": (rationale or "").strip(), "links": links,
            "from_stage": Stage(from_stage).value, "to_stage": Stage(to_stage).value,
        })

    def update(self, decision_id: int, *, expected_version: int | None = None, **fields: Unpack[DecisionChanges]) -> bool:
        current = self.get(decision_id)
        if current is None:  # deleted: after the editor read it, when it names a version
            raise missing_record(self.ws.conn, "decisions", decision_id, expected_version, dict(fields),
                                 "That decision no longer exists.")
        merged: DecisionFields = {
            "rollout_id": current.rollout_id, "decided_on": current.decided_on, "decision": current.decision,
            "decided_by": current.decided_by, "rationale": current.rationale, "links": current.links}
        merged.update(fields)
        values = self._values(**merged)
        with self.ws.write(f"Edit decision: {values['decision'][:60]}") as w:
            return w.update("decisions", decision_id, values, expected_version=expected_version)

    def delete(self, decision_ids: builtins.list[int]) -> None:
        """Only for entries made by mistake; a stage change's entry stays with the stage."""
        stage_changes = [d for d in (self.get(i) for i in decision_ids) if d and d.is_stage_change]
        if stage_changes:
            raise StoreValidationError("A stage change's decision cannot be deleted; log a new decision instead.")
        if decision_ids:
            with self.ws.write("Delete decision" if len(decision_ids) == 1 else f"Delete {len(decision_ids)} decisions") as w:
                for did in decision_ids:
                    w.delete("decisions", did)
