"""A rollout's life: created with its gate checklist, promoted from stage to stage, deleted.

Each is a use case that writes to more than one area (the rollout, its gate items, its decision
log, every area's records of it) and so lives here rather than in one area's store class. Each
runs as one `Workspace.write`, the store's parts called inside it: the change is all or
nothing, and one undo takes all of it back.
"""

from __future__ import annotations

import datetime as dt
from typing import Unpack

from tracker.domain.enums import Stage
from tracker.domain.gates import StageChange
from tracker.store.errors import StoreValidationError
from tracker.store.rollouts import RolloutFields
from tracker.store.workspace import Workspace


class OpenGateItemsError(StoreValidationError):
    """A stage change was asked for while gate items are open, without confirming it."""

    def __init__(self, change: StageChange):
        super().__init__(f"{change.summary()} Confirm to move on regardless; the decision is logged.")
        self.change = change


def create_rollout(ws: Workspace, **fields: Unpack[RolloutFields]) -> int:
    """A user's new rollout, with its readiness gate checklist from the template in the same
    step: the checklist exists from the start (opening a page never creates it), and one undo
    takes both. Returns the rollout's id."""
    name = (fields.get("name") or "").strip()
    with ws.write(f"Add rollout {name}") as w:
        rollout_id = ws.rollouts.insert(w, **fields)
        ws.delivery.gates.insert_from_template(w, rollout_id)
        return rollout_id


def promote(ws: Workspace, rollout_id: int, to_stage: Stage, *, confirmed_open_items: bool, decided_by: str,
            rationale: str = "", decided_on: dt.date | None = None) -> int:
    """Move a rollout to another stage and log the decision in one write; returns the decision's id.

    The one way a rollout changes stage with its gates respected. Raises OpenGateItemsError
    while gate items of the gates crossed are open, unless `confirmed_open_items`; the log entry
    then names the items that were still open. A rollout without a checklist gets the
    template's, the checklist the decision was taken against, in the same write.
    """
    to_stage = Stage(to_stage)
    if not (decided_by or "").strip():
        raise StoreValidationError("Say who decided the stage change.")
    gates = ws.delivery.gates
    change = gates.stage_change(rollout_id, to_stage)
    if change.problem:
        raise StoreValidationError(change.problem)
    if change.needs_confirmation and not confirmed_open_items:
        raise OpenGateItemsError(change)
    rollout = ws.rollouts.get(rollout_id)
    if rollout is None:  # stage_change found it; gone since, from another connection
        raise StoreValidationError("That rollout no longer exists.")
    links = "; ".join(f"open: {i.area.label} – {i.text}" for i in change.open_items)
    opened = f" with {len(change.open_items)} gate item(s) open" if change.open_items else ""
    with ws.write(f"Move {rollout.name} to {to_stage.label.lower()}") as w:
        if not gates.has_checklist(rollout_id):
            gates.insert_from_template(w, rollout_id)
        ws.rollouts.set_stage(w, rollout_id, to_stage)
        return ws.delivery.decisions.log_stage_change(
            w, rollout_id=rollout_id, decided_on=decided_on or dt.date.today(),
            decision=f"Move from {change.current.label.lower()} to {to_stage.label.lower()}{opened}",
            decided_by=decided_by, rationale=rationale, links=links,
            from_stage=change.current, to_stage=to_stage)


def delete_rollout(ws: Workspace, rollout_id: int) -> None:
    """Delete a rollout and every area's records of it (tracker/store/areas.py), children
    first, in one write, so that one undo brings all of it back. A rollout already gone is no
    error: there is nothing left to delete."""
    rollout = ws.rollouts.get(rollout_id)
    if rollout is None:
        return
    with ws.write(f"Delete rollout {rollout.name}") as w:
        for table, row_id in ws.rollouts.records_of(rollout_id):
            w.delete(table, row_id)
        w.delete("rollouts", rollout_id)
