"""The planner's two ways of reading rows: a file whose every row is acceptable is read without
a check per row (tracker/domain/roster.py `_clean`); one defect anywhere sends every row through
the row-by-row reader, so each defect is still reported on its row with its reason."""

from __future__ import annotations

import datetime as dt

import pytest

import tracker.domain.roster as roster
from tracker.domain.roster import plan_roster

HEADERS = ["employee_id", "name", "email", "team", "parent_team", "manager_id", "status", "title",
           "termination_date"]
GOOD = [
    ("E1", "Ann Ó", "ann@example.com", "Claims", "Ops", "", "active", "Lead", ""),
    ("E2", " Bo ", "", "claims", "", "E1", "", "Analyst", "2020-01-31"),
    ("E3", "Cy", "cy@example.com", "Billing", "Ops", "E1", "Leaver", "Clerk", ""),
    ("E4", "Di", "di@example.com", "Billing", "", "E9", "", "Clerk", "2999-01-01"),
]
STORED = {"E9": {"name": "Eve", "email": "", "title": "Head", "team": "Ops", "manager_id": "", "active": True,
                 "hire_date": "", "termination_date": ""},
          "E3": {"name": "Cy", "email": "cy@example.com", "title": "Clerk", "team": "Billing", "manager_id": "E1",
                 "active": True, "hire_date": "", "termination_date": ""}}


def _plan(rows, headers=HEADERS):
    return plan_roster(headers, [(n + 2, dict(zip(headers, row))) for n, row in enumerate(rows)],
                       existing_people=STORED, existing_teams={"ops": ("Ops", None)}, partial=False,
                       today=dt.date(2026, 1, 1))


def test_a_clean_file_plans_as_the_row_by_row_reader_does(monkeypatch):
    assert roster._clean(roster._cells([(n, dict(zip(HEADERS, r))) for n, r in enumerate(GOOD)], set(HEADERS)))
    fast = _plan(GOOD)
    monkeypatch.setattr(roster, "_clean", lambda columns: False)
    slow = _plan(GOOD)
    assert fast == slow
    assert fast.ok and [p.employee_id for p in fast.new] == ["E1", "E4"]  # E2 left before ever being added
    assert fast.leavers_not_added == 1 and [p.name for p in fast.new] == ["Ann Ó", "Di"]
    assert fast.deactivated == [("E3", "Cy"), ("E9", "Eve")]


@pytest.mark.parametrize(("column", "value", "reason"), [
    (0, "E 5", "must not contain spaces"),
    (0, "E" * 65, "longer than 64 characters"),
    (0, "E1", "duplicate employee id E1 (also on row 2)"),
    (0, "", "employee id is required"),
    (1, "", "empty name for employee E5"),
    (2, "e5@example", "malformed email 'e5@example'"),
    (3, "", "no team for employee E5"),
    (4, "OPS", "team 'Ops' cannot be its own parent team"),
    (5, "E5", "employee E5 is given as their own manager"),
    (6, "retired", "status 'retired' of employee E5"),
])
def test_one_defect_is_reported_on_its_row(column, value, reason):
    row = ["E5", "Flo", "flo@example.com", "Ops", "", "", "", "Clerk", ""]
    row[column] = value
    plan = _plan(GOOD + [tuple(row)])
    assert [(e.row, reason in e.reason) for e in plan.errors] == [(6, True)]


def test_files_without_the_optional_columns_are_clean_too():
    headers = ["employee_id", "name", "team"]
    rows = [("E1", "Ann", "Claims"), ("E2", "Bo", "Claims")]
    assert roster._clean(roster._cells([(n, dict(zip(headers, r))) for n, r in enumerate(rows)], set(headers)))
    plan = _plan(rows, headers)
    assert plan.ok and [p.email for p in plan.new] == [None, None]


def test_the_quick_equality_with_the_stored_person_changes_no_plan(monkeypatch):
    headers = ["employee_id", "name", "team", "title", "manager_id"]
    stored = {
        "E1": {"name": "Zoe\u0308", "email": "", "title": "Lead", "team": "CLAIMS", "manager_id": "", "active": True},
        "E2": {"name": "Bo", "email": "", "title": "Clerk", "team": "Claims", "manager_id": "E1", "active": False},
        "E3": {"name": "Cy", "email": "", "title": "Clerk", "team": "Claims", "manager_id": "E1", "active": True},
        "E4": {"name": "Di", "title": "Clerk", "team": "Claims", "manager_id": "E1", "active": True},  # no email key
    }
    rows = [("E1", "Zoë", "Claims", "Lead", ""), ("E2", "Bo", "Claims", "Clerk", "E1"),
            ("E3", "Cy", "Claims", "Analyst", "E1"), ("E4", "Di", "Claims", "Clerk", "E1")]

    def plan():
        return plan_roster(headers, [(n + 2, dict(zip(headers, r))) for n, r in enumerate(rows)],
                           existing_people=stored, existing_teams={"claims": ("CLAIMS", None)}, partial=False)

    quick = plan()
    monkeypatch.setattr(roster, "_same_as_stored", lambda people: lambda person, stored: False)
    assert quick == plan()
    assert quick.unchanged == 2  # E1: the same name in another Unicode form, the team in other case; E4
    assert [(c.person.employee_id, c.fields, c.reactivated) for c in quick.changed] == [
        ("E2", {}, True), ("E3", {"title": ("Clerk", "Analyst")}, False)]
