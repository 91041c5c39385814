"""Readiness gates: the checklist a rollout clears to move to its next stage, and the rule that
decides what a stage change needs.

A rollout crosses a gate when it moves from pilot to scaling or from scaling to production.
Each gate has items in four areas. Moving on with items still open is allowed (a leader may
accept the risk) but needs an explicit confirmation, and every stage change is a decision that
goes into the log: the rule here says which items stand in the way; the store does the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tracker.domain.enums import LabelledEnum, Stage


class GateTransition(LabelledEnum):
    PILOT_TO_SCALING = "pilot_to_scaling"
    SCALING_TO_PRODUCTION = "scaling_to_production"

    @property
    def from_stage(self) -> Stage:
        return Stage(self.value.split("_to_")[0])

    @property
    def to_stage(self) -> Stage:
        return Stage(self.value.split("_to_")[1])

    @property
    def label(self) -> str:
        return f"{self.from_stage.label} → {self.to_stage.label}"


class GateArea(LabelledEnum):
    PEOPLE = "people"
    DATA = "data"
    INFRASTRUCTURE = "infrastructure"
    GOVERNANCE = "governance"


class ItemStatus(LabelledEnum):
    OPEN = "open"
    DONE = "done"
    WAIVED = "waived"


_P2S, _S2P = GateTransition.PILOT_TO_SCALING, GateTransition.SCALING_TO_PRODUCTION
_PE, _DA, _IN, _GO = GateArea.PEOPLE, GateArea.DATA, GateArea.INFRASTRUCTURE, GateArea.GOVERNANCE

# The built-in template: what a new workspace starts from (each workspace edits its own copy).
BUILTIN_TEMPLATE: tuple[tuple[GateTransition, GateArea, str], ...] = (
    (_P2S, _PE, "Sponsor named"),
    (_P2S, _PE, "A champion in every highly affected team"),
    (_P2S, _PE, "Training plan agreed"),
    (_P2S, _DA, "Data sources audited for quality"),
    (_P2S, _DA, "An owner for every data source"),
    (_P2S, _IN, "Scalability tested"),
    (_P2S, _IN, "Rollback plan"),
    (_P2S, _GO, "Risk assessment on record"),
    (_P2S, _GO, "Decision log kept"),
    (_S2P, _PE, "Training completed in every highly affected team"),
    (_S2P, _PE, "Support route known to every user"),
    (_S2P, _DA, "Lineage recorded"),
    (_S2P, _DA, "Privacy and regulatory review done"),
    (_S2P, _IN, "Latency target met under production load"),
    (_S2P, _IN, "Uptime target and monitoring in place"),
    (_S2P, _IN, "Rollback plan tested"),
    (_S2P, _GO, "An accountable owner for every metric"),
    (_S2P, _GO, "Drift monitoring in place"),
    (_S2P, _GO, "Risk assessment updated for production"),
)


@dataclass(frozen=True, slots=True)
class TemplateItem:
    id: int
    transition: GateTransition
    area: GateArea
    text: str
    position: int = 0
    evidence_rule: str = ""  # a tracker.domain.gate_evidence.EvidenceRule value, "" for a manual item


@dataclass(frozen=True, slots=True)
class GateItem:
    id: int
    rollout_id: int
    transition: GateTransition
    area: GateArea
    text: str
    status: ItemStatus = ItemStatus.OPEN
    owner_id: int | None = None
    owner_name: str = ""
    evidence: str = ""
    due_date: dt.date | None = None
    waiver_reason: str = ""
    position: int = 0
    evidence_rule: str = ""  # the data that can answer it (gate_evidence.EvidenceRule value); "": manual
    version: int = 1  # the stored record's version: an edit names it (a stale one is refused)

    @property
    def is_open(self) -> bool:
        return self.status is ItemStatus.OPEN

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today


def check_gate_item(*, text: str, status: ItemStatus, waiver_reason: str) -> str | None:
    """The rules of one item, shared by the dialog (as you type) and the store."""
    if not (text or "").strip():
        return "An item needs a text saying what must be true."
    if ItemStatus(status) is ItemStatus.WAIVED and not (waiver_reason or "").strip():
        return "A waived item needs the reason it is waived."
    return None


# ---------------------------------------------------------------------------- the stage-change rule
_ORDER = {Stage.PILOT: 0, Stage.SCALING: 1, Stage.PRODUCTION: 2}


def gates_crossed(current: Stage, target: Stage) -> tuple[GateTransition, ...]:
    """The gates a move passes: forward moves pass every gate on the way (pilot to production
    passes both); going back or retiring passes none; a retired rollout revived starts over."""
    current, target = Stage(current), Stage(target)
    if target is Stage.RETIRED or current == target:
        return ()
    start = 0 if current is Stage.RETIRED else _ORDER[current]
    return tuple(t for t in GateTransition if start <= _ORDER[t.from_stage] and _ORDER[t.to_stage] <= _ORDER[target])


@dataclass(frozen=True)
class StageChange:
    current: Stage
    target: Stage
    gates: tuple[GateTransition, ...]
    open_items: tuple[GateItem, ...]
    problem: str | None = None  # set: the change cannot be made at all

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.open_items)

    def summary(self) -> str:
        if self.problem:
            return self.problem
        move = f"{self.current.label} → {self.target.label}"
        if not self.gates:
            return f"{move}: no readiness gate applies."
        if not self.open_items:
            return f"{move}: every gate item is done or waived."
        return f"{move}: {len(self.open_items)} gate item(s) still open."


def plan_stage_change(current: Stage, target: Stage, items: Iterable[GateItem]) -> StageChange:
    """What moving a rollout from `current` to `target` needs, given its gate items."""
    current, target = Stage(current), Stage(target)
    if current == target:
        return StageChange(current, target, (), (), f"The rollout is already at {target.label.lower()}.")
    gates = gates_crossed(current, target)
    open_items = tuple(sorted((i for i in items if i.transition in gates and i.is_open),
                              key=lambda i: (list(GateTransition).index(i.transition), list(GateArea).index(i.area),
                                             i.position, i.id)))
    return StageChange(current, target, gates, open_items)


def progress(items: Sequence[GateItem], transition: GateTransition) -> dict[GateArea, tuple[int, int]]:
    """(settled, total) per area for one gate; settled is done or waived."""
    out = {area: (0, 0) for area in GateArea}
    for i in items:
        if i.transition is transition:
            settled, total = out[i.area]
            out[i.area] = (settled + (not i.is_open), total + 1)
    return out
