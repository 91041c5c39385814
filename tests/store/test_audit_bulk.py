"""Bulk audited writes (insert_many, update_many): the same records, audit trail and undo as
one insert()/update() per row, and all or nothing."""

from __future__ import annotations

import pytest

from tracker.store.errors import StoreValidationError
from tracker.store.workspace import Workspace


def _trail(ws: Workspace, change_id: int) -> list[tuple]:
    return [(e.entity, e.entity_id, e.action, e.before, e.after) for e in ws.audit.entries(change_id)]


def _audit_text(ws: Workspace) -> list[tuple]:
    return ws.conn.execute("SELECT entity, entity_id, action, before, after FROM audit ORDER BY id").fetchall()


def _indexes(ws: Workspace) -> set[tuple[str, str]]:
    return set(ws.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))


def _people_rows(n: int, team_id: int) -> list[dict]:
    return [{"employee_id": f"E{i:05d}", "name": f"Person {i}", "email": "", "title": "Analyst",
             "team_id": team_id, "active": 1} for i in range(n)]


@pytest.fixture
def pair(tmp_path):
    """Two identical workspaces with one team: one written row by row, one in bulk."""
    spaces = [Workspace.open(tmp_path / f"{name}.tracker") for name in ("rows", "bulk")]
    for ws in spaces:
        ws.teams.create("Claims")
    yield spaces
    for ws in spaces:
        ws.close()


@pytest.mark.parametrize("n", [3, 1_500])  # 1,500: past the size where indexes are built once
def test_insert_many_writes_and_records_what_one_insert_per_row_does(pair, n):
    by_row, bulk = pair
    team = by_row.teams.by_name()["claims"]
    rows = _people_rows(n, team)
    with by_row.write("Add people") as w:
        row_ids = [w.insert("people", row) for row in rows]
    with bulk.write("Add people") as w:
        bulk_ids = w.insert_many("people", rows)
    assert bulk_ids == row_ids
    assert _trail(bulk, w.change_id) == _trail(by_row, w.change_id)
    assert _audit_text(bulk) == _audit_text(by_row)  # the stored JSON too, character for character
    assert bulk.conn.execute("SELECT * FROM people").fetchall() == by_row.conn.execute("SELECT * FROM people").fetchall()
    assert _indexes(bulk) == _indexes(by_row)
    assert bulk.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_insert_many_records_the_row_as_stored_not_as_given(workspace):
    """Defaults, the column's type (TEXT keeps '007' as text, an INTEGER column makes '5' a number)
    and NULLs are in the audit image as a read of the row gives them."""
    team = workspace.teams.create("Claims")
    with workspace.write("Add") as w:
        ids = w.insert_many("people", [{"employee_id": "007", "name": "Bond", "team_id": str(team), "hire_date": None},
                                       {"employee_id": "008", "name": "Zoë \"Q\"", "team_id": team, "hire_date": "2020-01-02"}])
    after = {e.entity_id: e.after for e in workspace.audit.entries(w.change_id)}
    stored = {row[0]: row for row in workspace.conn.execute("SELECT id, employee_id, team_id, email, active, name FROM people")}
    for row_id in ids:
        assert after[row_id] is not None
        assert (row_id, after[row_id]["employee_id"], after[row_id]["team_id"], after[row_id]["email"],
                after[row_id]["active"], after[row_id]["name"]) == tuple(stored[row_id])
    assert after[ids[0]]["team_id"] == team and after[ids[0]]["email"] == "" and after[ids[0]]["hire_date"] is None


def test_rows_may_name_ids_from_next_id_to_refer_to_each_other(workspace):
    team = workspace.teams.create("Claims")
    with workspace.write("Add a manager and a report") as w:
        first = w.next_id("people")
        rows = [dict(row, id=first + i) for i, row in enumerate(_people_rows(2, team))]
        rows[0]["manager_id"] = None
        rows[1]["manager_id"] = first
        assert w.insert_many("people", rows) == [first, first + 1]
    report = workspace.people.get(first + 1)
    assert report.manager_name == "Person 0"


def test_next_id_is_the_id_a_plain_insert_gets(workspace):
    team = workspace.teams.create("Claims")
    with workspace.write("Add") as w:
        w.insert_many("people", _people_rows(3, team))
        expected = w.next_id("people")
        assert w.insert("people", {"employee_id": "X1", "name": "Xi", "team_id": team}) == expected


@pytest.mark.sqlite_only("the indexes are SQLite's, dropped and rebuilt around a big batch (sqlite_master)")
def test_a_failing_bulk_insert_changes_nothing_and_keeps_the_indexes(workspace):
    team = workspace.teams.create("Claims")
    before = _indexes(workspace)
    changes = len(workspace.audit.recent_changes())
    rows = _people_rows(1_500, team)
    rows[-1]["employee_id"] = rows[0]["employee_id"]  # a duplicate: the unique index refuses it
    with pytest.raises(StoreValidationError):
        with workspace.write("Add people") as w:
            w.insert_many("people", rows)
    assert workspace.people.count(active_only=False) == 0
    assert len(workspace.audit.recent_changes()) == changes
    assert _indexes(workspace) == before


@pytest.mark.sqlite_only("the indexes are SQLite's, dropped and rebuilt around a big batch (sqlite_master)")
def test_a_caller_going_on_after_a_failed_batch_commits_with_every_index(workspace):
    team = workspace.teams.create("Claims")
    before = _indexes(workspace)
    rows = _people_rows(1_500, team)
    rows[-1]["employee_id"] = rows[0]["employee_id"]
    with workspace.write("Add what can be added") as w:
        with pytest.raises(StoreValidationError):
            w.insert_many("people", rows)
        w.insert("people", {"employee_id": "X1", "name": "Xi", "team_id": team})
    assert _indexes(workspace) == before


def test_insert_many_refuses_rows_with_different_columns(workspace):
    with pytest.raises(ValueError):
        with workspace.write("Add") as w:
            w.insert_many("teams", [{"name": "A"}, {"name": "B", "parent_id": None}])


def test_update_many_writes_and_records_what_one_update_per_row_does(pair):
    by_row, bulk = pair
    team = by_row.teams.by_name()["claims"]
    for ws in pair:
        with ws.write("Add people") as w:
            w.insert_many("people", _people_rows(5, team))
    updates = [(1, {"title": "Lead"}), (2, {"title": "Analyst"}),  # 2: no real change
               (3, {"active": 0}), (4, {"title": "Clerk", "manager_id": 1}), (5, {"title": "Lead"})]
    with by_row.write("Edit") as w:
        changed = sum(w.update("people", pid, values) for pid, values in updates)
    with bulk.write("Edit") as w:
        assert w.update_many("people", updates) == changed == 4
    assert _trail(bulk, w.change_id) == _trail(by_row, w.change_id)
    assert bulk.conn.execute("SELECT * FROM people").fetchall() == by_row.conn.execute("SELECT * FROM people").fetchall()


def test_update_many_of_a_missing_row_or_the_same_row_twice_is_refused(workspace):
    team = workspace.teams.create("Claims")
    with workspace.write("Add") as w:
        w.insert_many("people", _people_rows(2, team))
    with pytest.raises(StoreValidationError):
        with workspace.write("Edit") as w:
            w.update_many("people", [(1, {"title": "Lead"}), (99, {"title": "Lead"})])
    assert workspace.people.get(1).title == "Analyst"
    with pytest.raises(ValueError):
        with workspace.write("Edit") as w:
            w.update_many("people", [(1, {"title": "Lead"}), (1, {"title": "Clerk"})])


def test_a_bulk_change_is_undone_and_redone_as_one(workspace):
    team = workspace.teams.create("Claims")
    with workspace.write("Add people") as w:
        w.insert_many("people", _people_rows(1_200, team))
    added = w.change_id
    with workspace.write("Retitle") as w:
        w.update_many("people", [(pid, {"title": "Lead"}) for pid in range(1, 11)])
    undo = workspace.audit.undo(w.change_id)
    assert {p.title for p in workspace.people.list()} == {"Analyst"}
    redo = workspace.audit.undo(undo)
    assert sum(p.title == "Lead" for p in workspace.people.list()) == 10
    workspace.audit.undo(redo)
    assert {p.title for p in workspace.people.list()} == {"Analyst"}
    workspace.audit.undo(added)
    assert workspace.people.count(active_only=False) == 0


@pytest.mark.parametrize("n", [3, 1_500])
def test_insert_rows_writes_and_records_what_insert_many_does(pair, n):
    by_dict, by_tuple = pair
    team = by_dict.teams.by_name()["claims"]
    rows = _people_rows(n, team)
    with by_dict.write("Add people") as w:
        dict_ids = w.insert_many("people", rows)
    with by_tuple.write("Add people") as w:
        first = w.next_id("people")
        tuple_ids = w.insert_rows("people", ["id", *rows[0]], [(first + i, *row.values()) for i, row in enumerate(rows)])
    assert tuple_ids == dict_ids
    assert _audit_text(by_tuple) == _audit_text(by_dict)
    assert by_tuple.conn.execute("SELECT * FROM people").fetchall() == by_dict.conn.execute("SELECT * FROM people").fetchall()
    assert _indexes(by_tuple) == _indexes(by_dict)


def test_insert_rows_refuses_a_row_of_the_wrong_width(workspace):
    team = workspace.teams.create("Claims")
    with pytest.raises(ValueError, match="2 values in every row"), workspace.write("Add") as w:
        w.insert_rows("people", ["employee_id", "name"], [("E1", "Ann"), ("E2",)])
    with workspace.write("Add") as w:
        assert w.insert_rows("people", ["employee_id", "name", "team_id"], []) == []
    assert workspace.conn.execute("SELECT COUNT(*) FROM people").fetchone()[0] == 0 and team
