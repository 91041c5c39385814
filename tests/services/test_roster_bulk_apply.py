"""Applying a roster in bulk: the same people, teams, ids and audit trail as writing each record
on its own (the way the import wrote them before), and manager checks on deep hierarchies."""

from __future__ import annotations

from tracker.domain.roster import plan_roster
from tracker.services.roster_import import apply_roster, preview_roster
from tracker.store.roster import _managers_first
from tracker.store.workspace import Workspace

HEADER = "employee_id,name,email,team,title,manager_id,parent_team"


def _org(n: int, *, week: int = 0) -> list[str]:
    """n people in 30 teams under 3 divisions; managers often further down the file."""
    lines = [HEADER]
    for i in range(n):
        manager = "" if i % 50 == 0 else f"E{(i // 50) * 50 + (49 if i % 50 < 25 else 0):05d}"
        if manager == f"E{i:05d}":
            manager = ""
        team_no, title = i % 30, "Analyst"
        if week and i % 97 == 0:
            title = "Senior analyst"
        if week and i % 89 == 0:
            team_no = (i + 7) % 30  # moved to another team
        division = 9 if week and team_no == 29 else team_no % 3  # week 1: Team 29 moves
        lines.append(f"E{i:05d},Person {i},p{i}@example.com,Team {team_no},{title},{manager},Division {division}")
    if week:
        del lines[1 + 123]  # a leaver
        lines.append("J00001,New Joiner,,Team 31,Analyst,E00100,Division 9")
    return lines


def _write(tmp_path, lines, name):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _apply_row_by_row(ws: Workspace, plan, label: str) -> int | None:
    """The import's apply as it was before the bulk writes, one insert()/update() per record."""
    with ws.write(label) as w:
        team_ids = {name.lower(): tid for tid, name in ws.conn.execute("SELECT id, name FROM teams")}
        for name, parent in plan.new_teams:
            team_ids[name.lower()] = w.insert("teams", {"name": name, "parent_id": team_ids[parent.lower()] if parent else None})
        for name, _old, new_parent in plan.moved_teams:
            w.update("teams", team_ids[name.lower()], {"parent_id": team_ids[new_parent.lower()]})
        person_ids = {eid: pid for pid, eid in ws.conn.execute("SELECT id, employee_id FROM people")}
        for p in _managers_first(plan.new):
            person_ids[p.employee_id] = w.insert("people", {
                "employee_id": p.employee_id, "name": p.name, "email": p.email or "", "title": p.title or "",
                "team_id": team_ids[p.team.lower()], "active": 1,
                "manager_id": person_ids[p.manager_id] if p.manager_id else None,
            })
        for change in plan.changed:
            values = {}
            for field, (_old, new) in change.fields.items():
                if field == "team":
                    values["team_id"] = team_ids[new.lower()]
                elif field == "manager_id":
                    values["manager_id"] = person_ids[new] if new else None
                else:
                    values[field] = new
            if change.reactivated:
                values["active"] = 1
            w.update("people", person_ids[change.person.employee_id], values)
        for eid, _name in plan.deactivated:
            w.update("people", person_ids[eid], {"active": 0})
    return w.change_id


def _state(ws: Workspace, change_id: int):
    trail = [(e.entity, e.entity_id, e.action, e.before, e.after) for e in ws.audit.entries(change_id)]
    tables = {t: ws.conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("people", "teams")}
    return trail, tables


def test_bulk_apply_matches_writing_each_record(tmp_path):
    first = _write(tmp_path, _org(1_500), "week0.csv")  # big enough for indexes built once
    second = _write(tmp_path, _org(1_500, week=1), "week1.csv")
    spaces = [Workspace.open(tmp_path / f"{name}.tracker") for name in ("rows", "bulk")]
    try:
        results = []
        for ws, bulk in zip(spaces, (False, True)):
            # A leaver from an earlier week comes back: reactivated by the second import.
            ws.people.create(employee_id="E00123", name="Person 123", team_id=ws.teams.create("Team 0"))
            ws.people.set_active([ws.people.by_employee_id("E00123").id], False)
            changes, plans = [], []
            for path in (first, second):
                preview = preview_roster(ws, path)
                assert preview.ok, preview.report(max_errors=5)
                plans.append(preview.plan)
                changes.append(apply_roster(ws, preview) if bulk
                               else _apply_row_by_row(ws, preview.plan, f"Import roster {path.name}"))
            assert [c.person.employee_id for c in plans[0].changed if c.reactivated] == ["E00123"]
            week1 = plans[1]
            assert week1.new and week1.changed and week1.deactivated and week1.new_teams and week1.moved_teams
            assert {"title", "team"} <= {f for c in week1.changed for f in c.fields}
            results.append([_state(ws, c) for c in changes])
        assert results[0] == results[1]
        bulk_ws = spaces[1]
        assert bulk_ws.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert bulk_ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        for ws in spaces:
            ws.close()


def test_bulk_import_is_undone_as_one_change(workspace, tmp_path):
    preview = preview_roster(workspace, _write(tmp_path, _org(1_200), "roster.csv"))
    change = apply_roster(workspace, preview)
    assert workspace.people.count() == 1_200
    workspace.audit.undo(change)
    assert workspace.people.count(active_only=False) == 0
    assert workspace.teams.list() == []


def _plan(rows):
    return plan_roster(["employee_id", "name", "team", "manager_id"],
                       ((n + 2, dict(zip(("employee_id", "name", "team", "manager_id"), r))) for n, r in enumerate(rows)),
                       existing_people={}, existing_teams={}, partial=False)


def test_a_chain_leading_into_a_manager_loop_flags_only_the_loop():
    plan = _plan([("A", "Ann", "T", "B"), ("B", "Bo", "T", "C"), ("C", "Cy", "T", "B"), ("D", "Di", "T", "A")])
    assert [(e.row, e.reason) for e in plan.errors] == [
        (3, "manager chain of employee B loops back to them (B → C → B)"),
        (4, "manager chain of employee C loops back to them (B → C → B)"),
    ]


def test_a_deep_management_chain_is_accepted():
    depth = 5_000  # each person managed by the next one down the file
    plan = _plan([(f"E{i}", f"P{i}", "T", f"E{i + 1}" if i + 1 < depth else "") for i in range(depth)])
    assert plan.ok and len(plan.new) == depth


def test_new_managers_are_written_before_their_reports():
    in_order = _plan([("A", "Ann", "T", ""), ("B", "Bo", "T", "A"), ("C", "Cy", "T", "B")])
    assert [p.employee_id for p in _managers_first(in_order.new)] == ["A", "B", "C"]
    upside_down = _plan([("C", "Cy", "T", "B"), ("D", "Di", "T", ""), ("B", "Bo", "T", "A"), ("A", "Ann", "T", "")])
    assert [p.employee_id for p in _managers_first(upside_down.new)] == ["A", "B", "C", "D"]
