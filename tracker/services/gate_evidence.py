"""Gathers a rollout's evidence for its gate items (tracker/domain/gate_evidence.py).

Training and resistance figures come from the rollout's status, the same as the dashboard and
the report show, so the small-group rule has already hidden what it hides: a hidden figure
never becomes an evidence sentence (nor a stored one, through "Mark done from evidence").
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tracker.domain.gate_evidence import Evidence, EvidenceFacts, EvidenceRule, KpiState, evaluate_all
from tracker.store import gate_evidence as queries

if TYPE_CHECKING:
    from tracker.services.rollout_status import RolloutStatus
    from tracker.store.events import ChangeEvent
    from tracker.store.workspace import Workspace


def evidence_facts(ws: Workspace, rollout_id: int, as_of: dt.date, status: RolloutStatus | None = None) -> EvidenceFacts:
    """`status`: the rollout's status as of `as_of` when the caller has it (the report), else computed."""
    from tracker.services.rollout_status import rollout_status

    if status is None:
        status = rollout_status(ws, rollout_id, as_of)
    rollout = status.rollout
    coverage = queries.champion_coverage(ws, rollout_id)
    decisions, latest = queries.decision_log(ws, rollout_id)
    return EvidenceFacts(
        as_of=as_of, sponsor_name=rollout.sponsor_name if rollout.sponsor_id is not None else "",
        sponsor_set_on=queries.sponsor_set_on(ws, rollout_id, rollout.sponsor_id),
        high_impact_teams=tuple(name for name, _covered in coverage),
        teams_with_champion=frozenset(name for name, covered in coverage if covered),
        training_percent=None if status.training_hidden else status.training_percent,
        training_hidden=status.training_hidden,
        severe_open_signals=status.high_severity_signals,
        kpis=tuple(KpiState(k.name, k.status.value) for k in ws.delivery.kpis.list(rollout_id)),
        decisions=decisions, latest_decision=latest,
    )


def rollout_evidence(ws: Workspace, rollout_id: int, as_of: dt.date,
                     status: RolloutStatus | None = None) -> dict[EvidenceRule, Evidence]:
    """Every rule's answer for the rollout (each item shows the one it is linked to)."""
    return evaluate_all(evidence_facts(ws, rollout_id, as_of, status))


# What the evidence reads beyond the rollout's status: the decision log and the champions.
_BEYOND_STATUS = frozenset({"decisions", "person_roles", "role_types", "participation", "people", "teams"})


def may_change_evidence(ws: Workspace, event: ChangeEvent) -> bool:
    """Whether a committed change (a ChangeEvent) can move any evidence: the page reads it again."""
    from tracker.services.rollout_status import may_change_status

    return bool(frozenset(event.tables) & _BEYOND_STATUS) or may_change_status(ws, event)
