"""A rollout's life as use cases (tracker/services/rollout_lifecycle.py): each writes to several
areas in one audited write, undone in one step."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.enums import Stage
from tracker.domain.gates import GateTransition, ItemStatus
from tracker.services.rollout_lifecycle import OpenGateItemsError, create_rollout, promote
from tracker.store.errors import StoreValidationError


@pytest.fixture
def delivery(org):
    return org["ws"].delivery


def test_a_new_rollout_comes_with_its_checklist_in_one_undo_step(org, delivery):
    ws = org["ws"]
    rollout = create_rollout(ws, name=" Email drafting ", stage=Stage.PILOT)
    assert ws.rollouts.get(rollout).name == "Email drafting"
    assert len(delivery.gates.items(rollout)) == len(delivery.gates.template()) > 0
    change = ws.audit.recent_changes(1)[0]
    assert change.label == "Add rollout Email drafting"
    assert {e.entity for e in ws.audit.entries(change.id)} == {"rollouts", "gate_items"}
    ws.audit.undo(change.id)
    assert ws.rollouts.get(rollout) is None and delivery.gates.items(rollout) == []


def test_a_new_rollout_that_breaks_a_rule_writes_nothing(org, delivery):
    ws = org["ws"]
    before = len(ws.audit.recent_changes())
    with pytest.raises(StoreValidationError, match="already a rollout"):
        create_rollout(ws, name=ws.rollouts.get(org["rollout"]).name.upper())
    assert len(ws.audit.recent_changes()) == before
    assert ws.scalar("SELECT COUNT(*) FROM gate_items") == 0


def test_promotion_with_open_items_is_refused_then_confirmed_in_one_write(org, delivery):
    ws, rollout = org["ws"], org["rollout"]
    with pytest.raises(OpenGateItemsError) as refused:
        promote(ws, rollout, Stage.SCALING, confirmed_open_items=False, decided_by="Steering committee")
    assert len(refused.value.change.open_items) == 9
    assert ws.rollouts.get(rollout).stage is Stage.PILOT and delivery.decisions.list(rollout) == []
    changes_before = len(ws.audit.recent_changes())
    decision_id = promote(ws, rollout, Stage.SCALING, confirmed_open_items=True, decided_by="Steering committee",
                         rationale="Pilot results strong", decided_on=dt.date(2026, 3, 2))
    assert ws.rollouts.get(rollout).stage is Stage.SCALING
    [decision] = delivery.decisions.list(rollout)
    assert decision.id == decision_id and decision.to_stage is Stage.SCALING and decision.from_stage is Stage.PILOT
    assert "9 gate item(s) open" in decision.decision and "Sponsor named" in decision.links
    assert decision.decided_by == "Steering committee" and decision.rationale == "Pilot results strong"
    change = ws.audit.recent_changes(1)[0]
    assert len(ws.audit.recent_changes()) == changes_before + 1  # one audited write
    assert {e.entity for e in ws.audit.entries(change.id)} == {"rollouts", "decisions", "gate_items"}
    ws.audit.undo(change.id)  # and one undo step takes all of it back
    assert ws.rollouts.get(rollout).stage is Stage.PILOT and delivery.decisions.list(rollout) == []


def test_promotion_with_every_item_settled_needs_no_confirmation(org, delivery):
    ws, rollout = org["ws"], org["rollout"]
    delivery.gates.ensure_gate_items(rollout)
    for i in delivery.gates.items(rollout, GateTransition.PILOT_TO_SCALING):
        delivery.gates.update_item(i.id, status=ItemStatus.DONE, evidence="https://wiki/x")
    promote(ws, rollout, Stage.SCALING, confirmed_open_items=False, decided_by="Ada Boss")
    assert org["ws"].rollouts.get(rollout).stage is Stage.SCALING
    assert "open" not in delivery.decisions.list(rollout)[0].decision


def test_promotion_needs_who_decided_and_a_real_change(org, delivery):
    with pytest.raises(StoreValidationError, match="who decided"):
        promote(org["ws"], org["rollout"], Stage.SCALING, confirmed_open_items=True, decided_by=" ")
    with pytest.raises(StoreValidationError, match="already"):
        promote(org["ws"], org["rollout"], Stage.PILOT, confirmed_open_items=True, decided_by="x")
