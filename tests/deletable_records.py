"""The records an edit dialog edits, each with how a test makes one, deletes it and edits it
through the store: shared by the store's and the window's tests of an edit of a record deleted
since it was read (tests/store/test_stale_deleted_records.py, tests/gui/test_conflict_deleted_records.py).

Imported by name (`from deletable_records import KINDS`), like the other helpers beside conftest.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tracker.domain.dependencies import DependencyKind
from tracker.domain.gates import GateArea, GateTransition
from tracker.domain.kpis import Direction
from tracker.domain.readiness import SignalSource, SignalType, SupportLevel

D = dt.date
AS_OF = D(2026, 3, 31)  # the day assessments and signals are checked against


@dataclass(frozen=True)
class Kind:
    table: str
    noun: str  # as a refusal names it
    make: Callable[[dict], int]  # on the `org` fixture; returns the record's id
    delete: Callable[[Any, int], object]  # (workspace, id)
    edit: Callable[[Any, int, int | None], object]  # (workspace, id, version read)


KINDS = {
    "module": Kind(
        "training_modules", "training module",
        lambda org: org["ws"].training.create_module(org["rollout"], code="T1", title="Basics"),
        lambda ws, i: ws.training.delete_module(i),
        lambda ws, i, v: ws.training.update_module(i, expected_version=v, code="T1", title="Mine")),
    "stakeholder": Kind(
        "stakeholders", "stakeholder",
        lambda org: org["ws"].readiness.stakeholders.add(
            rollout_id=org["rollout"], person_id=org["ann"], influence=4, interest=4,
            current_support=SupportLevel.NEUTRAL, needed_support=SupportLevel.CHAMPION),
        lambda ws, i: ws.readiness.stakeholders.delete([i]),
        lambda ws, i, v: ws.readiness.stakeholders.update(i, expected_version=v, notes="Mine")),
    "adkar": Kind(
        "adkar_assessments", "ADKAR assessment",
        lambda org: org["ws"].readiness.adkar.record(
            rollout_id=org["rollout"], team_id=org["claims"], assessed_on=D(2026, 3, 1),
            scores=(4, 4, 4, 4, 4), respondents=8, as_of=AS_OF),
        lambda ws, i: ws.readiness.adkar.delete([i]),
        lambda ws, i, v: ws.readiness.adkar.update(i, expected_version=v, respondents=9, as_of=AS_OF)),
    "decision": Kind(
        "decisions", "decision",
        lambda org: org["ws"].delivery.decisions.add(
            rollout_id=org["rollout"], decided_on=D(2026, 1, 5), decision="Use vendor model", decided_by="Ada"),
        lambda ws, i: ws.delivery.decisions.delete([i]),
        lambda ws, i, v: ws.delivery.decisions.update(i, expected_version=v, rationale="Mine")),
    "kpi": Kind(
        "kpis", "KPI",
        lambda org: org["ws"].delivery.kpis.add(
            rollout_id=org["rollout"], name="Accuracy", unit="%", target=90, direction=Direction.HIGHER_BETTER),
        lambda ws, i: ws.delivery.kpis.delete(i),
        lambda ws, i, v: ws.delivery.kpis.update(i, expected_version=v, tolerance=4)),
    "gate item": Kind(
        "gate_items", "gate item",
        lambda org: org["ws"].delivery.gates.add_item(
            rollout_id=org["rollout"], transition=GateTransition.PILOT_TO_SCALING, area=GateArea.PEOPLE,
            text="Champions named"),
        lambda ws, i: ws.delivery.gates.delete_items([i]),
        lambda ws, i, v: ws.delivery.gates.update_item(i, expected_version=v, evidence="Mine")),
    "signal": Kind(
        "resistance_signals", "resistance signal",
        lambda org: org["ws"].readiness.signals.log(
            rollout_id=org["rollout"], team_id=org["claims"], observed_on=D(2026, 3, 1),
            type=SignalType.JOB_SECURITY, severity=3, source=SignalSource.SURVEY),
        lambda ws, i: ws.readiness.signals.delete([i]),
        lambda ws, i, v: ws.readiness.signals.update(i, expected_version=v, mitigation="Mine")),
    "dependency": Kind(
        "dependencies", "dependency",
        lambda org: org["ws"].delivery.dependencies.add(
            rollout_id=org["rollout"], needer_team_id=org["claims"], provider_team_id=org["billing"],
            description="Claims history extract", kind=DependencyKind.DATA),
        lambda ws, i: ws.delivery.dependencies.delete([i]),
        lambda ws, i, v: ws.delivery.dependencies.update(i, expected_version=v, blocked_reason="Mine")),
}
