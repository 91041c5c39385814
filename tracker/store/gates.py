"""Readiness gate items per rollout, the workspace's editable template, and what a stage change
needs (`stage_change`). The promotion itself, which writes the stage and the decision in one
audited write, is a use case: tracker/services/rollout_lifecycle.promote.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, Unpack

from tracker.domain.enums import Stage
from tracker.domain.gate_evidence import EvidenceRule, rule_of
from tracker.domain.gates import (
    GateArea,
    GateItem,
    GateTransition,
    ItemStatus,
    StageChange,
    TemplateItem,
    check_gate_item,
    plan_stage_change,
)
from tracker.store.convert import from_date, to_date
from tracker.store.errors import StoreValidationError
from tracker.store.record_versions import missing_record

if TYPE_CHECKING:
    from tracker.store.audit import AuditedWriter
    from tracker.store.workspace import Workspace

_SELECT = """
    SELECT g.id, g.rollout_id, g.transition, g.area, g.text, g.status, g.owner_id, COALESCE(p.name, ''),
           g.evidence, g.due_date, g.waiver_reason, g.position, g.evidence_rule, g.version
    FROM gate_items g LEFT JOIN people p ON p.id = g.owner_id
"""
_ORDER = (" ORDER BY g.transition = 'scaling_to_production', CASE g.area WHEN 'people' THEN 0 WHEN 'data' THEN 1 "
          "WHEN 'infrastructure' THEN 2 ELSE 3 END, g.position, g.id")


def _item(r: tuple[Any, ...]) -> GateItem:
    return GateItem(
        id=r[0], rollout_id=r[1], transition=GateTransition(r[2]), area=GateArea(r[3]), text=r[4],
        status=ItemStatus(r[5]), owner_id=r[6], owner_name=r[7], evidence=r[8], due_date=to_date(r[9]),
        waiver_reason=r[10], position=r[11], evidence_rule=r[12], version=r[13],
    )


def _rule(key: str | None) -> str:
    """A stored evidence key: empty (manual) or one of the rules this version knows."""
    key = (key or "").strip()
    if key and rule_of(key) is None:
        raise StoreValidationError(f"'{key}' is not an evidence rule; use one of: "
                                   + ", ".join(r.value for r in EvidenceRule) + " (or leave it empty).")
    return key


class GateItemFields(TypedDict):
    """The fields add_item() takes (checked by _values)."""

    rollout_id: int
    transition: GateTransition
    area: GateArea
    text: str
    status: NotRequired[ItemStatus]
    owner_id: NotRequired[int | None]
    evidence: NotRequired[str]
    due_date: NotRequired[dt.date | None]
    waiver_reason: NotRequired[str]
    position: NotRequired[int | None]
    evidence_rule: NotRequired[str]


class GateItemChanges(TypedDict, total=False):
    """The fields update_item() may change (a form hands back the rollout too)."""

    rollout_id: int
    transition: GateTransition
    area: GateArea
    text: str
    status: ItemStatus
    owner_id: int | None
    evidence: str
    due_date: dt.date | None
    waiver_reason: str
    position: int | None
    evidence_rule: str


class Gates:
    def __init__(self, ws: Workspace):
        self.ws = ws

    # ---------------------------------------------------------------- items
    def items(self, rollout_id: int, transition: GateTransition | None = None) -> list[GateItem]:
        where = " WHERE g.rollout_id = ?"
        params: list[object] = [rollout_id]
        if transition is not None:
            where += " AND g.transition = ?"
            params.append(GateTransition(transition).value)
        return [_item(r) for r in self.ws.conn.execute(_SELECT + where + _ORDER, params).fetchall()]

    def get(self, item_id: int) -> GateItem | None:
        row = self.ws.conn.execute(_SELECT + " WHERE g.id = ?", (item_id,)).fetchone()
        return _item(row) if row else None

    def counts(self, as_of: dt.date, rollout_ids: list[int] | None = None
               ) -> dict[tuple[int, GateTransition], tuple[int, int, int]]:
        """(rollout id, gate) -> (items, open, open and past due on `as_of`), for every rollout at once."""
        where = "" if rollout_ids is None else \
            f" WHERE rollout_id IN ({', '.join(str(int(i)) for i in rollout_ids) or 'NULL'})"  # ints only
        rows = self.ws.conn.execute(
            "SELECT rollout_id, transition, COUNT(*), COUNT(CASE WHEN status = 'open' THEN 1 END), "
            "COUNT(CASE WHEN status = 'open' AND due_date < ? THEN 1 END) "
            f"FROM gate_items{where} GROUP BY rollout_id, transition", (as_of.isoformat(),))
        return {(r[0], GateTransition(r[1])): (r[2], r[3], r[4]) for r in rows.fetchall()}

    def _values(self, *, rollout_id: int, transition: GateTransition, area: GateArea, text: str,
                status: ItemStatus = ItemStatus.OPEN, owner_id: int | None = None, evidence: str = "",
                due_date: dt.date | None = None, waiver_reason: str = "", position: int | None = None,
                evidence_rule: str = "") -> dict[str, Any]:
        status = ItemStatus(status)
        if status is not ItemStatus.WAIVED:
            waiver_reason = ""
        problem = check_gate_item(text=text, status=status, waiver_reason=waiver_reason)
        if problem:
            raise StoreValidationError(problem)
        values: dict[str, Any] = {
            "rollout_id": rollout_id, "transition": GateTransition(transition).value, "area": GateArea(area).value,
            "text": text.strip(), "status": status.value, "owner_id": owner_id, "evidence": (evidence or "").strip(),
            "due_date": from_date(due_date), "waiver_reason": (waiver_reason or "").strip(),
            "evidence_rule": _rule(evidence_rule),
        }
        if position is not None:
            values["position"] = position
        return values

    def add_item(self, **fields: Unpack[GateItemFields]) -> int:
        fields.setdefault("position", (self.ws.scalar("SELECT MAX(position) FROM gate_items WHERE rollout_id = ?",
                                                      (fields["rollout_id"],)) or 0) + 1)
        values = self._values(**fields)
        with self.ws.write(f"Add gate item: {values['text']}") as w:
            return w.insert("gate_items", values)

    def update_item(self, item_id: int, *, expected_version: int | None = None, **fields: Unpack[GateItemChanges]) -> bool:
        current = self.get(item_id)
        if current is None:  # deleted: after the editor read it, when it names a version
            raise missing_record(self.ws.conn, "gate_items", item_id, expected_version, dict(fields),
                                 "That gate item no longer exists.")
        merged: GateItemFields = {
            "rollout_id": current.rollout_id, "transition": current.transition, "area": current.area,
            "text": current.text, "status": current.status, "owner_id": current.owner_id,
            "evidence": current.evidence, "due_date": current.due_date, "waiver_reason": current.waiver_reason,
            "evidence_rule": current.evidence_rule,
        }
        merged.update(fields)
        values = self._values(**merged)
        verb = {"done": "Tick", "waived": "Waive"}.get(values["status"], "Edit") \
            if values["status"] != current.status.value else "Edit"
        with self.ws.write(f"{verb} gate item: {values['text']}") as w:
            return w.update("gate_items", item_id, values, expected_version=expected_version)

    def delete_items(self, item_ids: list[int]) -> None:
        if not item_ids:
            return
        with self.ws.write("Delete gate item" if len(item_ids) == 1 else f"Delete {len(item_ids)} gate items") as w:
            for iid in item_ids:
                w.delete("gate_items", iid)

    # ---------------------------------------------------------------- template
    def template(self) -> list[TemplateItem]:
        rows = self.ws.conn.execute(
            "SELECT id, transition, area, text, position, evidence_rule FROM gate_template ORDER BY transition = "
            "'scaling_to_production', position, id").fetchall()
        return [TemplateItem(r[0], GateTransition(r[1]), GateArea(r[2]), r[3], r[4], r[5]) for r in rows]

    def add_template_item(self, transition: GateTransition, area: GateArea, text: str, evidence_rule: str = "") -> int:
        if not (text or "").strip():
            raise StoreValidationError("A template item needs a text.")
        position = (self.ws.scalar("SELECT MAX(position) FROM gate_template") or 0) + 1
        with self.ws.write(f"Add template item: {text.strip()}") as w:
            return w.insert("gate_template", {"transition": GateTransition(transition).value,
                                              "area": GateArea(area).value, "text": text.strip(), "position": position,
                                              "evidence_rule": _rule(evidence_rule)})

    def set_template_evidence_rule(self, item_id: int, evidence_rule: str) -> None:
        """Link a template item to an evidence rule ("" makes it manual); checklists made from
        now on take the link, existing ones keep theirs."""
        key = _rule(evidence_rule)
        row = self.ws.conn.execute("SELECT text FROM gate_template WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise StoreValidationError("That template item no longer exists.")
        with self.ws.write(f"Link template item to evidence: {row[0]}") as w:
            w.update("gate_template", item_id, {"evidence_rule": key})

    def delete_template_items(self, item_ids: list[int]) -> None:
        if item_ids:
            with self.ws.write("Remove template item" if len(item_ids) == 1 else f"Remove {len(item_ids)} template items") as w:
                for iid in item_ids:
                    w.delete("gate_template", iid)

    # ---------------------------------------------------------------- checklists from the template
    def insert_from_template(self, w: AuditedWriter, rollout_id: int) -> int:
        have = {(t, a, text.casefold()) for t, a, text in self.ws.conn.execute(
            "SELECT transition, area, text FROM gate_items WHERE rollout_id = ?", (rollout_id,))}
        added = 0
        for item in self.template():
            if (item.transition.value, item.area.value, item.text.casefold()) in have:
                continue
            w.insert("gate_items", {"rollout_id": rollout_id, "transition": item.transition.value,
                                    "area": item.area.value, "text": item.text, "position": item.position,
                                    "evidence_rule": item.evidence_rule})
            added += 1
        return added

    def has_checklist(self, rollout_id: int) -> bool:
        return bool(self.ws.scalar("SELECT 1 FROM gate_items WHERE rollout_id = ? LIMIT 1", (rollout_id,)))

    def ensure_gate_items(self, rollout_id: int) -> int:
        """Add the template's items the rollout does not have yet (by text); returns how many.

        Idempotent: the gates page offers it for a rollout without a checklist (opening the page
        never writes), and a user can call it again after the template grew.
        """
        name = self.ws.scalar("SELECT name FROM rollouts WHERE id = ?", (rollout_id,))
        if name is None:
            raise StoreValidationError("That rollout no longer exists.")
        with self.ws.write(f"Add readiness gate checklist to {name}") as w:
            return self.insert_from_template(w, rollout_id)

    # ---------------------------------------------------------------- stage changes
    def stage_change(self, rollout_id: int, to_stage: Stage) -> StageChange:
        """What moving to `to_stage` needs (a rollout without a checklist has the template's items open)."""
        stage = self.ws.scalar("SELECT stage FROM rollouts WHERE id = ?", (rollout_id,))
        if stage is None:
            raise StoreValidationError("That rollout no longer exists.")
        items = self.items(rollout_id)
        if not items:
            items = [GateItem(-t.id, rollout_id, t.transition, t.area, t.text, position=t.position,
                              evidence_rule=t.evidence_rule)
                     for t in self.template()]
        return plan_stage_change(Stage(stage), Stage(to_stage), items)
