"""The workspace as a roster plan compares it (tracker/store/roster.py roster_snapshot), on
both engines: missing team, manager and dates are "", active is true or false."""

from __future__ import annotations

from tracker.store.roster import roster_snapshot


def test_the_snapshot_has_every_field_and_no_null(workspace):
    team = workspace.teams.create("Claims")
    lead = workspace.people.create(employee_id="E1", name="Ann", team_id=team)
    report = workspace.people.create(employee_id="E2", name="Bo", email="bo@example.com", title="Clerk",
                                     team_id=team, manager_id=lead)
    with workspace.write("Leaves") as w:
        w.update("people", report, {"active": 0, "termination_date": "2025-03-31"})
    people, teams = roster_snapshot(workspace)
    assert people == {
        "E1": {"name": "Ann", "email": "", "title": "", "team": "Claims", "manager_id": "", "active": True,
               "hire_date": "", "termination_date": ""},
        "E2": {"name": "Bo", "email": "bo@example.com", "title": "Clerk", "team": "Claims", "manager_id": "E1",
               "active": False, "hire_date": "", "termination_date": "2025-03-31"},
    }
    assert [bool(p["active"]) for p in people.values()] == [True, False]
    assert teams == {"claims": ("Claims", None)}
