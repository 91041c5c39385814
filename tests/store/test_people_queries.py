"""The people queries the window relies on at scale: the full list, a few by id, and which
people a recorded change wrote."""

from __future__ import annotations

import pytest

from tracker.store.schema import known_migration_names


def test_list_is_by_name_with_team_and_manager_names(org):
    ws = org["ws"]
    people = ws.people.list()
    assert [p.name for p in people] == ["Ada Boss", "Ann Claims", "Bob Billing", "Cy Claims"]
    cy = next(p for p in people if p.id == org["cy"])
    assert (cy.team_name, cy.manager_name) == ("Claims", "Ann Claims")
    ada = next(p for p in people if p.id == org["boss"])
    assert (ada.team_name, ada.manager_name) == ("Operations", "")
    assert people == [ws.people.get(p.id) for p in people]  # the same records as one by one
    ws.people.set_active([org["bob"]], False)
    assert [p.name for p in ws.people.list(active_only=True)] == ["Ada Boss", "Ann Claims", "Cy Claims"]


def test_get_many_with_and_without_reports(org):
    ws = org["ws"]
    assert {p.id for p in ws.people.get_many([org["ann"], 9999])} == {org["ann"]}
    with_reports = ws.people.get_many([org["ann"]], with_reports=True)
    assert {p.id for p in with_reports} == {org["ann"], org["cy"]}  # Cy reports to Ann
    assert ws.people.get_many([]) == []


def test_changed_by_names_the_people_a_change_wrote(org):
    ws = org["ws"]
    events = []
    ws.add_listener(events.append)
    ws.people.update(org["cy"], title="Handler")
    ws.people.set_active([org["ann"], org["bob"]], False)
    ws.teams.create("Audit")
    assert ws.people.changed_by(events[0].change_id) == {org["cy"]}
    assert ws.people.changed_by(events[1].change_id) == {org["ann"], org["bob"]}
    assert ws.people.changed_by(events[2].change_id) == set()  # teams only


@pytest.mark.sqlite_only("asks SQLite's query planner (EXPLAIN QUERY PLAN)")
def test_the_index_step_is_registered_and_used(org):
    assert "m004_window_indexes" in known_migration_names()
    plan = org["ws"].conn.execute(
        "EXPLAIN QUERY PLAN SELECT DISTINCT entity_id FROM audit WHERE change_id = ? AND entity = 'people'",
        (1,)).fetchall()
    assert "audit_change_entity" in str(plan)
