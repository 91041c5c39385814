"""The decision log: what was decided, when, by whom and why, so that "who said we go to
production?" has an answer. Stage changes write to it (tracker.store.gates.promote)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.domain.enums import Stage


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    rollout_id: int
    decided_on: dt.date
    decision: str
    decided_by: str  # a person, a board or a committee, as written
    rationale: str = ""
    links: str = ""  # free text: gate items, dependencies, tickets, documents
    from_stage: Stage | None = None  # set for stage changes
    to_stage: Stage | None = None
    version: int = 1  # the stored record's version: an edit names it (a stale one is refused)

    @property
    def is_stage_change(self) -> bool:
        return self.to_stage is not None


def check_decision(*, decided_on: dt.date | None, decision: str, decided_by: str) -> str | None:
    if decided_on is None:
        return "A decision needs the date it was taken."
    if not (decision or "").strip():
        return "Say what was decided."
    if not (decided_by or "").strip():
        return "Say who decided (a person, a board or a committee)."
    return None
