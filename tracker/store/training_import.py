"""The workspace side of an LMS import: the snapshot a plan compares against, and applying it.

The snapshot holds the rollout's modules and their stored records (a few columns each), and
people keyed by employee id, email and (when the layout names an account system) account, so
the pure planner (tracker/domain/training_import.py) can check every row without touching the
database again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from tracker.domain.training import Progress, TrainingStatus
from tracker.domain.training_import import EXEMPT_REASON, ModuleInfo, People, TrainingImportPlan
from tracker.store.convert import to_date, to_day
from tracker.store.errors import StoreValidationError

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace


class TrainingSnapshot(TypedDict):
    """What the pure import planner compares a file with (plan_training_import's arguments)."""

    people: People
    modules: list[ModuleInfo]
    records: dict[tuple[int, int], Progress]  # (module id, person id) -> as stored


def training_snapshot(ws: Workspace, rollout_id: int, *, account_system: str | None = None) -> TrainingSnapshot:
    """Modules, stored records and people of the workspace; ``account_system``: also the
    people's accounts in that system (a layout whose user ids are logins there)."""
    conn = ws.conn
    by_id: dict[str, int] = {}
    by_email: dict[str, int] = {}
    for pid, eid, email in conn.execute("SELECT id, employee_id, email FROM people"):
        by_id[eid] = pid
        if email:
            by_email.setdefault(email.lower(), pid)
    modules = [ModuleInfo(r[0], r[1], r[2], to_day(r[3])) for r in conn.execute(
        "SELECT id, code, title, available_from FROM training_modules WHERE rollout_id = ? ORDER BY code",
        (rollout_id,))]
    records = {
        (r[0], r[1]): Progress(TrainingStatus(r[2]), to_date(r[3]), r[4])
        for r in conn.execute(
            """SELECT t.module_id, t.person_id, t.status, t.completed_on, t.score FROM training_records t
               JOIN training_modules m ON m.id = t.module_id WHERE m.rollout_id = ?""", (rollout_id,))
    }
    by_account = ws.accounts.person_ids(account_system) if account_system else {}
    return {"people": People(by_id, by_email, by_account), "modules": modules, "records": records}


def _values(after: Progress) -> dict[str, object]:
    return {
        "status": after.status.value,
        "completed_on": after.completed_on.isoformat() if after.completed_on else None,
        "score": after.score,
        "exempt_reason": EXEMPT_REASON if after.status is TrainingStatus.EXEMPT else "",
    }


def apply_training_plan(ws: Workspace, plan: TrainingImportPlan, label: str) -> int | None:
    """Write the plan in one transaction; returns the change id (None: nothing to change)."""
    if plan.errors:
        raise StoreValidationError("An import with errors is never applied.")
    if not plan.has_changes:
        return None
    conn = ws.conn
    with ws.write(label) as w:
        for r in plan.new:
            w.insert("training_records", {"module_id": r.module_id, "person_id": r.person_id, **_values(r.after)})
        for r in plan.changed:
            record_id = conn.execute("SELECT id FROM training_records WHERE module_id = ? AND person_id = ?",
                                     (r.module_id, r.person_id)).fetchone()[0]
            values = _values(r.after)
            if r.after.status is TrainingStatus.EXEMPT:
                values.pop("exempt_reason")  # keep the reason someone typed
                current = conn.execute("SELECT exempt_reason FROM training_records WHERE id = ?",
                                       (record_id,)).fetchone()[0]
                values["exempt_reason"] = current or EXEMPT_REASON
            w.update("training_records", record_id, values)
    return w.change_id
