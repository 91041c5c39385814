"""The planner's whole-column shortcuts give the plan its per-row loops give: managers' chains
checked by pointer doubling (tracker/domain/roster_structure.py `_every_chain_ends`), each
team's parent taken from its first row (tracker/domain/roster_cells.py `_one_parent_per_team`), and
a layout's text column normalised in one pass (tracker/domain/layouts/base.py)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

import tracker.domain.roster as roster
import tracker.domain.roster_structure as structure
from tracker.domain.layouts.base import _convert_column
from tracker.domain.roster import plan_roster

HEADERS = ["employee_id", "name", "team", "parent_team", "manager_id"]


def _plan(rows, stored=None):
    return plan_roster(HEADERS, [(n + 2, dict(zip(HEADERS, row))) for n, row in enumerate(rows)],
                       existing_people=stored or {}, existing_teams={"ops": ("Ops", None)}, partial=False,
                       today=dt.date(2026, 1, 1))


def _stored(manager_id: str) -> dict[str, object]:
    return {"name": "S", "email": "", "title": "", "team": "Ops", "manager_id": manager_id, "active": True,
            "hire_date": "", "termination_date": ""}


@pytest.mark.parametrize(("manager_of", "ends"), [
    ({}, True),
    ({"A": "", "B": "A", "C": "B"}, True),
    ({"B": "X"}, True),  # a manager nobody knows ends the chain (reported elsewhere)
    ({f"P{i}": f"P{i - 1}" if i else "" for i in range(5000)}, True),  # one chain 5,000 deep
    ({"A": "A"}, False),
    ({"A": "B", "B": "C", "C": "A", "D": "A"}, False),
    ({**{f"P{i}": f"P{i - 1}" if i else "P4999" for i in range(5000)}}, False),  # one loop of 5,000
])
def test_every_chain_ends_finds_each_loop(manager_of, ends):
    assert structure._every_chain_ends(manager_of) is ends


@pytest.mark.parametrize(("rows", "stored"), [
    ([("E1", "A", "Ops", "", ""), ("E2", "B", "Ops", "", "E1"), ("E3", "C", "Ops", "", "E2")], None),
    ([("E1", "A", "Ops", "", "E3"), ("E2", "B", "Ops", "", "E1"), ("E3", "C", "Ops", "", "E2")], None),
    ([("E1", "A", "Ops", "", "E9"), ("E2", "B", "Ops", "", "E1")], None),  # unknown manager
    ([("E1", "A", "Ops", "", "S1")], {"S1": _stored("S2"), "S2": _stored("S1")}),  # a stored loop
])
def test_managers_checked_whole_as_person_by_person(monkeypatch, rows, stored):
    fast = _plan(rows, stored)
    monkeypatch.setattr(structure, "_every_chain_ends", lambda manager_of: False)
    assert fast == _plan(rows, stored)


def test_a_loop_is_still_reported_on_each_row_in_it():
    plan = _plan([("E1", "A", "Ops", "", "E2"), ("E2", "B", "Ops", "", "E1"), ("E3", "C", "Ops", "", "E1")])
    assert [(e.row, "loops back" in e.reason) for e in plan.errors] == [(2, True), (3, True)]


@pytest.mark.parametrize("rows", [
    [("E1", "A", "Claims", "Ops", ""), ("E2", "B", "claims", "OPS", ""), ("E3", "C", "Billing", "", ""),
     ("E4", "D", "Audit", "Claims", ""), ("E5", "E", "billing", "", "")],  # each team one parent
    [("E1", "A", "Claims", "", ""), ("E2", "B", "claims", "Ops", "")],  # a parent on a later row
    [("E1", "A", "Claims", "Ops", ""), ("E2", "B", "Claims", "Billing", "")],  # two parents: refused
])
def test_teams_read_whole_as_row_by_row(monkeypatch, rows):
    fast = _plan(rows)
    monkeypatch.setattr(roster, "_one_parent_per_team", lambda columns: False)
    slow = _plan(rows)
    assert fast == slow
    if fast.ok:
        assert fast.new_teams[0][0].lower() == "claims"  # (as named on the row that decides)


def test_a_text_column_is_normalised_whole():
    decomposed = unicodedata.normalize("NFD", "Zoë ")
    assert _convert_column("name", ["Ann ", decomposed], {}, {}, {}) == (["Ann", "Zoë"], [])
    assert _convert_column("name", [" Ann", "Bo"], {}, {}, {}) == (["Ann", "Bo"], [])


def test_a_file_without_leavers_becomes_people_as_row_by_row(monkeypatch):
    headers = ["employee_id", "name", "email", "team", "title", "manager_id", "hire_date", "status", "account"]
    rows = [("E1", "Ann", "ann@example.com", "Ops", "Lead", "", "2020-01-02", "active", "ann"),
            ("E2", "Bo", "", "ops", "", "E1", "", "", ""),
            ("E3", "Cy", "cy@example.com", "Billing", "Clerk", "E1", "2021-03-04", "Active", "CY")]

    def plan():
        return plan_roster(headers, [(n + 2, dict(zip(headers, row))) for n, row in enumerate(rows)],
                           existing_people={}, existing_teams={}, partial=False, today=dt.date(2026, 1, 1),
                           account_system="github", existing_accounts={})

    fast = plan()
    monkeypatch.setattr(roster, "_clean", lambda columns: False)  # every row through _read_person
    assert fast == plan()
    assert [(p.employee_id, p.account, p.leaver) for p in fast.new] == [("E1", "ann", False), ("E2", None, False),
                                                                       ("E3", "CY", False)]


def test_leavers_in_a_clean_file_planned_as_row_by_row(monkeypatch):
    headers = ["employee_id", "name", "team", "manager_id", "status", "termination_date"]
    rows = [("E1", "Ann", "Ops", "", "leaver", ""),  # never in the workspace: not added
            ("E2", "Bo", "Ops", "E1", "", ""),  # their manager left: imported without one
            ("E3", "Cy", "Ops", "", "", "2025-06-30"),  # stored, termination passed: deactivated
            ("E4", "Di", "Ops", "E3", "active", "2025-06-30")]  # active says so

    def plan():
        return plan_roster(headers, [(n + 2, dict(zip(headers, row))) for n, row in enumerate(rows)],
                           existing_people={"E3": _stored("")}, existing_teams={"ops": ("Ops", None)},
                           partial=False, today=dt.date(2026, 1, 1))

    fast = plan()
    monkeypatch.setattr(roster, "_clean", lambda columns: False)
    assert fast == plan()
    assert fast.leavers_not_added == 1 and [p.employee_id for p in fast.new] == ["E2", "E4"]
    assert fast.new[0].manager_id == "" and fast.deactivated == [("E3", "Cy")]
