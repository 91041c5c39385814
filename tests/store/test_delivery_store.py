"""Delivery area in the workspace: dependencies, gates, RACI, decisions, KPIs (promotion:
tests/services/test_rollout_lifecycle.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from tracker.domain.dependencies import DependencyStatus
from tracker.domain.enums import Stage
from tracker.domain.gates import GateTransition, ItemStatus
from tracker.domain.raci import ProblemKind, RaciRole
from tracker.services.rollout_lifecycle import delete_rollout, promote
from tracker.store.errors import StoreValidationError


@pytest.fixture
def delivery(org):
    return org["ws"].delivery


def _dep(org, **kw):
    fields = dict(rollout_id=org["rollout"], needer_team_id=org["claims"], provider_team_id=org["billing"],
                  description="Claims history extract", due_date=dt.date(2026, 4, 1))
    fields.update(kw)
    return org["ws"].delivery.dependencies.add(**fields)


# ---------------------------------------------------------------------------- dependencies
def test_add_edit_and_finish_a_dependency(org, delivery):
    did = _dep(org, owner_id=org["bob"])
    [d] = delivery.dependencies.list(org["rollout"])
    assert (d.needer_name, d.provider_name, d.owner_name, d.status) == ("Claims", "Billing", "Bob Billing",
                                                                       DependencyStatus.OPEN)
    delivery.dependencies.update(did, status=DependencyStatus.BLOCKED, blocked_reason="Waiting for budget")
    assert delivery.dependencies.get(did).blocked_reason == "Waiting for budget"
    delivery.dependencies.update(did, status=DependencyStatus.DONE)
    done = delivery.dependencies.get(did)
    assert done.status is DependencyStatus.DONE and done.blocked_reason == ""
    assert org["ws"].audit.recent_changes(1)[0].label == "Finish dependency: Claims on Billing"


@pytest.mark.parametrize(("fields", "message"), [
    ({"provider_team_id": None}, "provides"),
    ({"status": DependencyStatus.BLOCKED}, "reason"),
    ({"description": "  "}, "description"),
])
def test_bad_dependencies_are_refused(org, delivery, fields, message):
    with pytest.raises(StoreValidationError, match=message):
        _dep(org, **fields)
    assert delivery.dependencies.list(org["rollout"]) == []


def test_self_dependency_refused_by_the_schema_too(org):
    with pytest.raises(sqlite3.IntegrityError):
        org["ws"].conn.execute("INSERT INTO dependencies (rollout_id, needer_team_id, provider_team_id, description) "
                               "VALUES (?, ?, ?, 'x')", (org["rollout"], org["claims"], org["claims"]))


# ---------------------------------------------------------------------------- gates and promotion
def test_checklist_comes_from_the_editable_template(org, delivery):
    extra = delivery.gates.add_template_item(GateTransition.PILOT_TO_SCALING, "people", "Works council informed")
    assert delivery.gates.ensure_gate_items(org["rollout"]) == 20
    assert delivery.gates.ensure_gate_items(org["rollout"]) == 0  # idempotent
    texts = [i.text for i in delivery.gates.items(org["rollout"], GateTransition.PILOT_TO_SCALING)]
    assert "Works council informed" in texts and texts[0] == "Sponsor named"
    delivery.gates.delete_template_items([extra])
    assert "Works council informed" not in [t.text for t in delivery.gates.template()]


def test_waiving_needs_a_reason(org, delivery):
    delivery.gates.ensure_gate_items(org["rollout"])
    first = delivery.gates.items(org["rollout"])[0]
    with pytest.raises(StoreValidationError, match="reason"):
        delivery.gates.update_item(first.id, status=ItemStatus.WAIVED)
    delivery.gates.update_item(first.id, status=ItemStatus.WAIVED, waiver_reason="Sponsor is the CEO's office")
    assert delivery.gates.get(first.id).status is ItemStatus.WAIVED


def test_stage_change_decisions_cannot_be_deleted(org, delivery):
    did = promote(org["ws"], org["rollout"], Stage.RETIRED, confirmed_open_items=False, decided_by="Board")
    with pytest.raises(StoreValidationError, match="cannot be deleted"):
        delivery.decisions.delete([did])
    other = delivery.decisions.add(rollout_id=org["rollout"], decided_on=dt.date(2026, 1, 5),
                                   decision="Use vendor model", decided_by="Ada Boss", links="gate: risk assessment")
    delivery.decisions.delete([other])
    assert [d.id for d in delivery.decisions.list(org["rollout"])] == [did]


# ---------------------------------------------------------------------------- RACI
def test_raci_cells_and_problems(org, delivery):
    ws, rollout = org["ws"], org["rollout"]
    row = delivery.raci.add_responsibility(rollout, "Model performance")
    delivery.raci.set_role(row, RaciRole.ACCOUNTABLE, person_id=org["ann"])
    delivery.raci.set_role(row, RaciRole.RESPONSIBLE, team_id=org["billing"])
    assert delivery.raci.problems(rollout) == []
    ws.people.set_active([org["ann"]], False)
    assert [p.kind for p in delivery.raci.problems(rollout)] == [ProblemKind.INACTIVE_ACCOUNTABLE]
    delivery.raci.set_role(row, None, person_id=org["ann"])
    assert [p.kind for p in delivery.raci.problems(rollout)] == [ProblemKind.NO_ACCOUNTABLE]
    assert [h.name for h in delivery.raci.holders(rollout)] == ["Billing"]
    delivery.raci.delete_responsibility(row)
    assert delivery.raci.cells(rollout) == [] and delivery.raci.responsibilities(rollout) == []


def test_default_responsibilities_added_once(org, delivery):
    assert delivery.raci.add_default_responsibilities(org["rollout"]) == 6
    assert delivery.raci.add_default_responsibilities(org["rollout"]) == 0


# ---------------------------------------------------------------------------- KPIs
def test_kpi_readings_latest_and_replace_same_day(org, delivery):
    kid = delivery.kpis.add(rollout_id=org["rollout"], name="Accuracy", unit="%", target=90,
                            direction="higher_better", tolerance=2)
    delivery.kpis.record(kid, dt.date(2026, 1, 31), 85.0)
    delivery.kpis.record(kid, dt.date(2026, 2, 28), 89.0)
    delivery.kpis.record(kid, dt.date(2026, 2, 28), 91.0)
    kpi = delivery.kpis.get(kid)
    assert (kpi.latest_value, kpi.latest_on, kpi.readings, kpi.status.value) == (91.0, dt.date(2026, 2, 28), 2, "green")
    with pytest.raises(StoreValidationError, match="already has a KPI"):
        delivery.kpis.add(rollout_id=org["rollout"], name="accuracy", target=1, direction="lower_better")
    delivery.kpis.delete(kid)
    assert delivery.kpis.list(org["rollout"]) == [] and org["ws"].scalar("SELECT COUNT(*) FROM kpi_readings") == 0


def test_deleting_a_rollout_takes_its_delivery_rows_and_undo_brings_them_back(org, delivery):
    ws, rollout = org["ws"], org["rollout"]
    _dep(org)
    kid = delivery.kpis.add(rollout_id=rollout, name="Uptime", unit="%", target=99.5, direction="higher_better")
    delivery.kpis.record(kid, dt.date(2026, 1, 31), 99.9)
    row = delivery.raci.add_responsibility(rollout, "Ops")
    delivery.raci.set_role(row, "R", team_id=org["billing"])
    promote(ws, rollout, Stage.SCALING, confirmed_open_items=True, decided_by="Board")
    delete_rollout(ws, rollout)
    tables = ("dependencies", "kpis", "kpi_readings", "raci_responsibilities", "raci_assignments", "gate_items", "decisions")
    assert all(ws.scalar(f"SELECT COUNT(*) FROM {t}") == 0 for t in tables)
    ws.audit.undo(ws.audit.recent_changes(1)[0].id)
    assert all(ws.scalar(f"SELECT COUNT(*) FROM {t}") > 0 for t in tables)
