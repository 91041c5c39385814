"""Teams, people, rollouts, participation and roles: the rules the store enforces."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.enums import Impact, Stage
from tracker.services.rollout_lifecycle import promote
from tracker.store.errors import StoreValidationError


def test_team_names_are_unique_regardless_of_case(org):
    with pytest.raises(StoreValidationError, match="already a team called 'claims'"):
        org["ws"].teams.create("claims")


def test_a_team_cannot_move_under_its_own_subteam(org):
    ws = org["ws"]
    with pytest.raises(StoreValidationError, match="under itself"):
        ws.teams.update(org["root"], name="Operations", parent_id=org["claims"], lead_id=None)


def test_headcount_counts_active_people_and_subtree(org):
    ws = org["ws"]
    ws.people.set_active([org["cy"]], False)
    claims = ws.teams.get(org["claims"])
    assert claims.headcount == 1
    assert ws.teams.subtree_ids(org["root"]) == {org["root"], org["claims"], org["billing"]}


def test_non_empty_team_cannot_be_deleted(org):
    with pytest.raises(StoreValidationError, match="still has 2 people"):
        org["ws"].teams.delete(org["claims"])


def test_people_rules(org):
    ws = org["ws"]
    with pytest.raises(StoreValidationError, match="already used"):
        ws.people.create(employee_id="E002", name="Other")
    with pytest.raises(StoreValidationError, match="not a valid email"):
        ws.people.create(employee_id="E900", name="X", email="x@")
    with pytest.raises(StoreValidationError, match="required"):
        ws.people.create(employee_id="E901", name="  ")
    with pytest.raises(StoreValidationError, match="own manager"):
        ws.people.update(org["ann"], manager_id=org["ann"])
    with pytest.raises(StoreValidationError, match="reports"):
        ws.people.update(org["ann"], manager_id=org["cy"])  # Cy reports to Ann


def test_deactivated_people_keep_their_history(org):
    ws = org["ws"]
    assert ws.people.set_active([org["bob"]], False) == 1
    bob = ws.people.get(org["bob"])
    assert bob is not None and bob.active is False
    assert ws.people.count() == 3 and ws.people.count(active_only=False) == 4


def test_rollout_fields_round_trip(org):
    ws = org["ws"]
    ws.rollouts.update(
        org["rollout"], stage=Stage.PILOT, start_date=dt.date(2026, 1, 5),  # the same stage: allowed
        go_live_date=dt.date(2026, 3, 1), target_adoption=0.8, target_date=dt.date(2026, 9, 30),
        sponsor_id=org["boss"],
    )
    r = ws.rollouts.get(org["rollout"])
    assert (r.stage, r.go_live_date, r.target_adoption, r.sponsor_name) == (
        Stage.PILOT, dt.date(2026, 3, 1), 0.8, "Ada Boss")


def test_stage_changes_only_through_promote(org):
    """An edit cannot move the stage past the gate: nothing is written, no decision is skipped."""
    ws = org["ws"]
    changes_before = ws.scalar("SELECT COUNT(*) FROM changes")
    with pytest.raises(StoreValidationError, match="Change the stage with Promote"):
        ws.rollouts.update(org["rollout"], stage=Stage.PRODUCTION, target_adoption=0.5)
    r = ws.rollouts.get(org["rollout"])
    assert (r.stage, r.target_adoption) == (Stage.PILOT, None)
    assert ws.scalar("SELECT COUNT(*) FROM changes") == changes_before
    # A new rollout may start at any stage; the promote path moves it and logs the decision.
    started = ws.rollouts.create(name="Contract summariser", stage=Stage.SCALING)
    assert ws.rollouts.get(started).stage is Stage.SCALING
    promote(ws, org["rollout"], Stage.SCALING, confirmed_open_items=True, decided_by="Board")
    assert ws.rollouts.get(org["rollout"]).stage is Stage.SCALING
    assert [d.to_stage for d in ws.delivery.decisions.list(org["rollout"])] == [Stage.SCALING]


def test_rollout_rules(org):
    ws = org["ws"]
    with pytest.raises(StoreValidationError, match="already a rollout"):
        ws.rollouts.create(name="claims TRIAGE assistant")
    with pytest.raises(StoreValidationError, match="Go-live cannot be before"):
        ws.rollouts.create(name="X", start_date=dt.date(2026, 5, 1), go_live_date=dt.date(2026, 4, 1))
    with pytest.raises(StoreValidationError, match="between 1 and 100"):
        ws.rollouts.create(name="Y", target_adoption=1.5)


def test_participation_add_change_remove(org):
    ws = org["ws"]
    pid = ws.rollouts.set_impact(org["rollout"], org["claims"], Impact.LOW)
    assert ws.rollouts.set_impact(org["rollout"], org["claims"], Impact.HIGH) == pid
    [p] = ws.rollouts.participation(org["rollout"])
    assert (p.team_name, p.impact, p.headcount) == ("Claims", Impact.HIGH, 2)
    ws.rollouts.remove_team(pid)
    assert ws.rollouts.participation(org["rollout"]) == []


def test_roles_cannot_be_held_twice_and_role_types_in_use_stay(org):
    ws = org["ws"]
    champion = ws.roles.type_by_name("champion")
    ws.roles.assign(org["rollout"], org["ann"], champion.id)
    with pytest.raises(StoreValidationError, match="already champion"):
        ws.roles.assign(org["rollout"], org["ann"], champion.id)
    with pytest.raises(StoreValidationError, match="held by 1"):
        ws.roles.remove_type(champion.id)
    new = ws.roles.add_type("Prompt engineer")
    ws.roles.rename_type(new, "Prompt designer")
    assert ws.roles.type_by_name("prompt designer").id == new
