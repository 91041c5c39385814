"""Readiness gates: the template, item rules and the stage-change rule."""

from __future__ import annotations

import pytest

from tracker.domain.enums import Stage
from tracker.domain.gates import (
    BUILTIN_TEMPLATE,
    GateArea,
    GateItem,
    GateTransition,
    ItemStatus,
    check_gate_item,
    gates_crossed,
    plan_stage_change,
    progress,
)

P2S, S2P = GateTransition.PILOT_TO_SCALING, GateTransition.SCALING_TO_PRODUCTION


def item(id, transition=P2S, area=GateArea.PEOPLE, status=ItemStatus.OPEN) -> GateItem:
    return GateItem(id, 1, transition, area, f"item {id}", status)


def test_template_covers_both_gates_in_all_four_areas():
    pairs = {(t, a) for t, a, _text in BUILTIN_TEMPLATE}
    assert pairs == {(t, a) for t in GateTransition for a in GateArea}
    texts = [text for _t, _a, text in BUILTIN_TEMPLATE]
    assert "Sponsor named" in texts and "Rollback plan" in texts and "Drift monitoring in place" in texts


def test_transition_labels_and_stages():
    assert P2S.from_stage is Stage.PILOT and P2S.to_stage is Stage.SCALING
    assert S2P.label == "Scaling → Production"


def test_waived_needs_a_reason():
    assert "reason" in check_gate_item(text="x", status=ItemStatus.WAIVED, waiver_reason="  ")
    assert check_gate_item(text="x", status=ItemStatus.WAIVED, waiver_reason="Not applicable: no PII") is None
    assert check_gate_item(text=" ", status=ItemStatus.OPEN, waiver_reason="") is not None


@pytest.mark.parametrize(("current", "target", "expected"), [
    (Stage.PILOT, Stage.SCALING, (P2S,)),
    (Stage.SCALING, Stage.PRODUCTION, (S2P,)),
    (Stage.PILOT, Stage.PRODUCTION, (P2S, S2P)),
    (Stage.PRODUCTION, Stage.SCALING, ()),
    (Stage.SCALING, Stage.RETIRED, ()),
    (Stage.RETIRED, Stage.SCALING, (P2S,)),
])
def test_gates_crossed(current, target, expected):
    assert gates_crossed(current, target) == expected


def test_stage_change_lists_only_open_items_of_the_gates_crossed():
    items = [item(1), item(2, status=ItemStatus.DONE), item(3, status=ItemStatus.WAIVED),
             item(4, S2P), item(5, area=GateArea.DATA)]
    change = plan_stage_change(Stage.PILOT, Stage.SCALING, items)
    assert [i.id for i in change.open_items] == [1, 5] and change.needs_confirmation
    assert "2 gate item(s) still open" in change.summary()
    assert [i.id for i in plan_stage_change(Stage.PILOT, Stage.PRODUCTION, items).open_items] == [1, 5, 4]


def test_stage_change_without_open_items_needs_no_confirmation():
    change = plan_stage_change(Stage.SCALING, Stage.PRODUCTION, [item(1), item(2, S2P, status=ItemStatus.DONE)])
    assert not change.needs_confirmation and change.problem is None


def test_going_back_or_retiring_passes_no_gate_and_same_stage_is_refused():
    assert not plan_stage_change(Stage.PRODUCTION, Stage.RETIRED, [item(1, S2P)]).needs_confirmation
    assert plan_stage_change(Stage.PILOT, Stage.PILOT, []).problem


def test_progress_per_area():
    items = [item(1), item(2, status=ItemStatus.DONE), item(3, area=GateArea.DATA, status=ItemStatus.WAIVED),
             item(4, S2P)]
    result = progress(items, P2S)
    assert result[GateArea.PEOPLE] == (1, 2) and result[GateArea.DATA] == (1, 1)
    assert result[GateArea.GOVERNANCE] == (0, 0)
