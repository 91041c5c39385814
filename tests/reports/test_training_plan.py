"""HR's training plan workbook, read back and compared with the store's own figures."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from report_sample import AS_OF

from tracker.reports import ReportCancelled, write_training_plan
from tracker.store import Workspace
from tracker.store.training_queries import Scope


@pytest.fixture(scope="module")
def plan(sample_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("plan") / "plan.xlsx"
    with Workspace.open(sample_path, readonly=True) as ws:
        write_training_plan(ws, out, as_of=AS_OF)
    return load_workbook(out)


def _rows(sheet):
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2) if row[0].value]


def test_sheets_and_headers(plan):
    assert plan.sheetnames == ["Sessions by month", "Outstanding by team", "People", "About"]
    assert [c.value for c in plan["Sessions by month"][1]] == [
        "Rollout", "Module", "Module title", "Format", "Month", "Seats needed", "Seats scheduled",
        "Seats taken", "Sessions planned", "Gap (seats)", "Sessions to add"]


def test_month_plan_matches_the_store(plan, sample_path):
    rows = _rows(plan["Sessions by month"])
    with Workspace.open(sample_path, readonly=True) as ws:
        expected = []
        for r in ws.rollouts.list():
            for m in ws.training.sessions.month_plan(Scope(r.id, as_of=AS_OF)):
                expected.append((r.name, m.code, m.month, m.needed, m.scheduled, m.shortfall, m.add_sessions))
            sessions = ws.training.sessions.list(r.id)
    got = [(x["Rollout"], x["Module"], x["Month"].date(), x["Seats needed"], x["Seats scheduled"],
            x["Gap (seats)"], x["Sessions to add"]) for x in rows]
    assert got == expected and expected
    assert any(x["Seats needed"] > 0 for x in rows)
    assert all(isinstance(x["Seats needed"], int) for x in rows)
    assert plan["Sessions by month"]["E2"].number_format == "mmm yyyy"
    assert sessions is not None


def test_sessions_planned_counts_the_sessions_held_in_the_month(plan, sample_path):
    rows = _rows(plan["Sessions by month"])
    with Workspace.open(sample_path, readonly=True) as ws:
        counts: dict = {}
        for r in ws.rollouts.list():
            for s in ws.training.sessions.list(r.id):
                if s.starts.date() >= AS_OF:
                    key = (s.module_code, s.starts.date().replace(day=1))
                    counts[key] = counts.get(key, 0) + 1
    got = {(x["Module"], x["Month"].date()): x["Sessions planned"] for x in rows if x["Sessions planned"]}
    assert got == counts


def test_outstanding_by_team_matches_team_progress(plan, sample_path):
    rows = _rows(plan["Outstanding by team"])
    with Workspace.open(sample_path, readonly=True) as ws:
        r = ws.rollouts.list()[0]
        module = ws.training.modules(r.id)[0]
        progress = ws.training.team_progress(Scope(r.id, module_id=module.id, as_of=AS_OF))
    expected = {t.team_name: (t.required - t.completed - t.exempt, t.overdue) for t in progress
                if t.required - t.completed - t.exempt > 0}
    got = {x["Team"]: (x["Outstanding"], x["Overdue"]) for x in rows
           if x["Rollout"] == r.name and x["Module"] == module.code}
    assert got == expected and expected


def test_people_lists_everyone_outstanding_with_names(plan, sample_path):
    rows = _rows(plan["People"])
    with Workspace.open(sample_path, readonly=True) as ws:
        expected = 0
        overdue = 0
        for r in ws.rollouts.list():
            for p in ws.training.people_modules(Scope(r.id, as_of=AS_OF)):
                if p.status.value in ("not_started", "in_progress"):
                    expected += 1
                    overdue += p.overdue
    assert len(rows) == expected > 0
    assert sum(x["Overdue"] == "Yes" for x in rows) == overdue > 0
    assert all(x["Name"] and x["Employee ID"] for x in rows)
    flags = [x["Overdue"] for x in rows]
    assert flags == sorted(flags, key=lambda f: f != "Yes"), "overdue first"
    assert isinstance(rows[0]["Due"], dt.datetime)


def test_one_rollout_only(sample_path, tmp_path):
    with Workspace.open(sample_path, readonly=True) as ws:
        r = ws.rollouts.list()[1]
        write_training_plan(ws, tmp_path / "one.xlsx", rollout_ids=[r.id], as_of=AS_OF)
    rows = _rows(load_workbook(tmp_path / "one.xlsx")["People"])
    assert rows and {x["Rollout"] for x in rows} == {r.name}


def test_cancel_leaves_no_file(sample_path, tmp_path):
    with Workspace.open(sample_path, readonly=True) as ws, pytest.raises(ReportCancelled):
        write_training_plan(ws, tmp_path / "c.xlsx", as_of=AS_OF, cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []
