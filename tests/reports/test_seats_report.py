"""Seats in the status workbook (Summary columns, Seats sheet, small groups) and the reclaim list."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tracker.cli import main
from tracker.domain.export_log import COMMAND_LINE
from tracker.domain.seat_records import Decision
from tracker.reports.status_workbook import write_status_report
from tracker.store import Workspace
from tracker.store.export_log import exports

TODAY = dt.date(2026, 6, 1)


def _seated(org, people):
    ws, rollout = org["ws"], org["rollout"]
    ids = [ws.people.create(employee_id=f"S{n}", name=f"Seat {n}", team_id=org["claims"]) for n in range(people)]
    with ws.write("seats") as w:
        for pid in ids:
            w.insert("seats", {"rollout_id": rollout, "person_id": pid, "assigned_on": "2026-01-05",
                               "monthly_cost": 30.0, "currency": "EUR"})
    keys = [(rollout << 44) | (pid << 20) | dt.date(2026, 5, 25).toordinal() for pid in ids[:2]]
    ws.adoption.import_usage(keys, source="t", rows=2, unknown_people=0)
    return ids


def _summary(path):
    sheet = load_workbook(path)["Summary"]
    headers = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    return {h: row[i] for i, h in enumerate(headers) if h in ("Seats", "Inactive seats", "Recoverable / month")}


def test_summary_seat_columns_and_seats_sheet(org, tmp_path):
    _seated(org, 6)
    out = write_status_report(org["ws"], tmp_path / "r.xlsx", as_of=TODAY)
    assert _summary(out) == {"Seats": 6, "Inactive seats": 4, "Recoverable / month": "120.00 EUR"}
    sheet = load_workbook(out)["Seats"]
    assert [c.value for c in sheet[2]][:9] == ["Claims triage assistant", "Claims triage assistant", "Claims",
                                               6, 2, 4, 4, 0, "120.00 EUR"]
    texts = [c.value for c in sheet["A"] if c.value]
    assert any("observational: not proof of cause" in t for t in texts)


def test_seat_figures_of_a_small_group_are_hidden(org, tmp_path):
    _seated(org, 4)
    out = write_status_report(org["ws"], tmp_path / "r.xlsx", as_of=TODAY)
    assert _summary(out) == {"Seats": "hidden", "Inactive seats": "hidden", "Recoverable / month": "hidden"}
    sheet = load_workbook(out)["Seats"]
    assert sheet["A2"].value != "Claims triage assistant"  # no row for the rollout
    assert "Seat 0" not in "".join(str(c.value) for row in sheet.iter_rows() for c in row)


def test_the_reclaim_list_command_writes_what_the_admin_needs(org, tmp_path, capsys):
    ids = _seated(org, 6)
    ws = org["ws"]
    listed = ws.seats.reclaim_list(org["rollout"], TODAY)
    chosen = [line.seat for line in listed.lines if line.seat.person_id == ids[5]]
    ws.seats.decide(org["rollout"], chosen, Decision.APPROVED, by="Ada Boss", on=TODAY)
    ws.close()
    out = tmp_path / "reclaim.xlsx"
    assert main(["report", str(ws.location), "--reclaim", "--rollout", "Claims triage assistant", "-o", str(out),
                 "--as-of", TODAY.isoformat()]) == 0
    assert "3 recommended of 5 held seats, 1 approved; recoverable per month: 90.00 EUR" in capsys.readouterr().out
    book = load_workbook(out)
    assert book.sheetnames == ["To reclaim", "Awaiting decision", "All seats"]
    row = [c.value for c in book["To reclaim"][2]]
    assert row[:4] == ["S5", "Seat 5", "Claims", "Reclaim (inactive)"] and row[10:12] == ["Approved", "Ada Boss"]
    assert book["Awaiting decision"].max_row >= 4
    with Workspace.open(ws.location, readonly=True) as again:  # recorded in the history, as every report is
        assert [(r.kind, r.file_name, r.rollouts, r.made_with) for r in exports(again)] == [
            ("reclaim_list", "reclaim.xlsx", ("Claims triage assistant",), COMMAND_LINE)]
        assert again.audit.recent_changes(1)[0].label == (
            "Exported the seat reclaim list to reclaim.xlsx (1 rollout)")
    assert main(["report", str(ws.location), "--reclaim", "--rollout", "Nope", "-o", str(out)]) == 2
    assert main(["report", str(ws.location), "--reclaim", "-o", str(out)]) == 2
    assert "--reclaim lists the seats of one rollout" in capsys.readouterr().err


def test_the_reclaim_list_says_when_the_usage_data_is_too_old_to_judge_on(org, tmp_path):
    from tracker.reports.reclaim_workbook import write_reclaim_workbook

    _seated(org, 6)  # the last use recorded: 25 May 2026
    ws = org["ws"]

    def notes(day):
        listed = ws.seats.reclaim_list(org["rollout"], day)
        out = write_reclaim_workbook(listed, tmp_path / f"{day}.xlsx", rollout="Claims triage assistant", tool="T")
        return [c.value for c in load_workbook(out)["To reclaim"]["A"] if c.value and "usage" in str(c.value)]

    assert notes(TODAY) == []  # a week old: fine
    assert notes(dt.date(2026, 6, 20)) == [
        "Usage data ends 25 May 2026 (26 days old): a seat can look inactive only because no newer usage report "
        "was imported; check before taking it back."]
