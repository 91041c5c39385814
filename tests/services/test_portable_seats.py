"""Seats in the portable workbook: seats, leave marks, reclaim decisions and seat rules go out and
come back (a decision history that repeats itself on one day too), a pseudonymised export
withholds the account seats' accounts and the decisions' names and reasons, and bad rows of the
seat sheets are named."""

from __future__ import annotations

import datetime as dt

from tracker.domain.portable_format import PSEUDONYM_TEXT
from tracker.domain.seat_records import Decision, Seat
from tracker.services.portable_export import collect, export_workbook
from tracker.services.portable_import import apply_portable, preview_portable
from tracker.store import Workspace

DAY = dt.date(2026, 6, 1)


def _seated(org):
    """Two imported seats (a person's, an account's), leave, rules and four decisions."""
    ws, rollout = org["ws"], org["rollout"]
    with ws.write("Seats") as w:
        ann_seat = w.insert("seats", {"rollout_id": rollout, "person_id": org["ann"], "assigned_on": "2026-01-05",
                                      "monthly_cost": 28.5, "currency": "GBP"})
        guest = w.insert("seats", {"rollout_id": rollout, "account": "guest.lee@partner.example",
                                   "monthly_cost": 28.5, "currency": "GBP"})
    ws.seats.set_settings(rollout, inactive_days=14, grace_days=7, tool="Copilot")
    ws.seats.add_leave(org["cy"], dt.date(2026, 5, 1))
    ws.seats.add_leave(org["bob"], dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    ann = Seat(ann_seat, org["ann"], dt.date(2026, 1, 5))
    ws.seats.decide(rollout, [ann], Decision.APPROVED, by="Ada Boss", on=DAY)
    ws.seats.decide(rollout, [ann], Decision.REJECTED, by="Ada Boss", reason="Ann Claims is back next week", on=DAY)
    ws.seats.decide(rollout, [ann], Decision.APPROVED, by="Ada Boss", on=DAY)  # the same as the first
    ws.seats.decide(rollout, [Seat(guest, None, None, account="guest.lee@partner.example")], Decision.APPROVED,
                    by="Ada Boss", on=DAY)
    # a seat known from usage only, stored by a decision on it
    ws.seats.decide(rollout, [Seat(None, org["bob"], dt.date(2026, 3, 1))], Decision.REJECTED, by="Ada Boss",
                    reason="on the pilot", on=DAY)
    return ws


def _imported(ws: Workspace, path) -> Workspace:
    """``ws`` after importing ``path`` (which must check out)."""
    preview = preview_portable(ws, path)
    assert preview.ok, preview.report()
    apply_portable(ws, preview)
    return ws


def _state(ws: Workspace):
    rollout = ws.scalar("SELECT id FROM rollouts")
    ids = {p.id: p.employee_id for p in ws.people.list()}
    seats = ws.query("""SELECT s.person_id, s.account, s.assigned_on, s.monthly_cost, s.currency, s.source
                        FROM seats s ORDER BY s.account, s.person_id""")
    for seat in seats:
        seat["person_id"] = ids.get(seat["person_id"])
    return {
        "seats": seats,
        "leave": sorted((ids[m.person_id], m.starts_on, m.ends_on) for m in ws.seats.leave()),
        "rules": ws.seats.settings(rollout),
        "decisions": [(d.decision, d.decided_by, d.decided_on, d.reason) for d in ws.seats.decisions(rollout)],
        "verdicts": sorted((line.seat.account, ids.get(line.seat.person_id), line.category.value, line.reclaimed)
                           for line in ws.seats.reclaim_list(rollout, DAY).lines),
    }


def test_seats_leave_decisions_and_rules_survive_the_round_trip(org, tmp_path):
    ws = _seated(org)
    out = tmp_path / "all.xlsx"
    export_workbook(ws, out)
    with Workspace.open(tmp_path / "copy.tracker") as copy:
        assert _state(_imported(copy, out)) == _state(ws)
        assert len(_state(copy)["decisions"]) == 5 and len(_state(copy)["leave"]) == 2
        again = preview_portable(copy, out)
        assert again.ok and not again.plan.has_changes, again.plan.summary()
        rows = {p.sheet.name: p.rows for p in collect(ws)}
        assert [r["number"] for r in rows["seat_decisions"]] == [1, 2, 3, 1, 1]
        assert rows["seats"][1]["account"] == "guest.lee@partner.example" and rows["seats"][1]["employee_id"] is None
        # a later decision in the source reaches the copy as that seat's next one, and counts there
        ann = next(line.seat for line in ws.seats.reclaim_list(org["rollout"], DAY).lines
                   if line.seat.person_id == org["ann"])
        ws.seats.decide(org["rollout"], [ann], Decision.REJECTED, by="Ada Boss", reason="kept after all", on=DAY)
        export_workbook(ws, out)
        later = preview_portable(copy, out)
        assert [(s, len(p.new), len(p.changed)) for s, p in later.plan.sheets.items() if p.new or p.changed] == [
            ("seat_decisions", 1, 0)]
        assert _state(_imported(copy, out)) == _state(ws)


def test_a_pseudonymised_export_withholds_accounts_names_and_reasons_and_still_imports(org, tmp_path):
    ws = _seated(org)
    sheets = {p.sheet.name: p.rows for p in collect(ws, pseudonymise=True)}
    text = repr(sheets)
    assert "guest.lee" not in text and "Ada Boss" not in text and "back next week" not in text
    assert "E002" not in repr(sheets["seats"]) + repr(sheets["seat_decisions"]) + repr(sheets["leave"])
    guest = next(r for r in sheets["seats"] if r["employee_id"] is None)
    assert guest["account"] == "(withheld 1)"
    decisions = sheets["seat_decisions"]
    assert [d["account"] for d in decisions if d["employee_id"] is None] == ["(withheld 1)"]
    assert {d["reason"] for d in decisions} == {"", PSEUDONYM_TEXT} and {d["decided_by"] for d in decisions} == {
        PSEUDONYM_TEXT}
    out = tmp_path / "shared.xlsx"
    export_workbook(ws, out, pseudonymise=True)
    with Workspace.open(tmp_path / "consultant.tracker") as copy:
        assert [v[2:] for v in _state(_imported(copy, out))["verdicts"]] == [v[2:] for v in _state(ws)["verdicts"]]


def _folder(tmp_path, files: dict[str, str]):
    folder = tmp_path / "hand"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_bad_seat_rows_are_named_and_nothing_changes(org, tmp_path):
    folder = _folder(tmp_path, {
        "seat_rules.csv": "rollout,inactive_days,grace_days\nClaims triage assistant,0,30\n",
        "seats.csv": "rollout,employee_id,account,monthly_cost,currency\n"
                     "Claims triage assistant,E002,,-1,gbp\nClaims triage assistant,E003,bob@x.org,5,GBP\n",
        "leave.csv": "employee_id,starts_on,ends_on\nE004,2026-05-01,2026-04-01\n",
        "seat_decisions.csv": "rollout,employee_id,number,decision,decided_by,decided_on,reason\n"
                              "Claims triage assistant,E009,1,approved,Ada,2026-06-01,\n"
                              "Claims triage assistant,E002,0,rejected,Ada,2026-06-01,\n",
    })
    preview = preview_portable(org["ws"], folder)
    errors = {str(e) for e in preview.plan.errors}
    assert errors >= {
        "seat_rules row 2, inactive_days: 0 is not from 1 to 365",
        "seats row 2, monthly_cost: is less than 0",
        "seats row 2, currency: 'gbp' is not a three-letter code such as EUR or USD",
        "seats row 3: give exactly one of employee_id or account",
        "leave row 2, ends_on: is before starts_on",
        "seat_decisions row 2, employee_id: 'E009' is not a known seat",
        "seat_decisions row 3, number: is less than 1",
        "seat_decisions row 3, reason: is required for a rejection",
    }, errors
    assert not preview.ok
    assert org["ws"].scalar("SELECT count(*) FROM seats") == 0


def test_a_hand_written_decision_history_is_stored_in_its_numbers_order(org, tmp_path):
    ws = org["ws"]
    folder = _folder(tmp_path, {
        "seats.csv": "rollout,employee_id\nClaims triage assistant,E002\n",
        "seat_decisions.csv": "rollout,employee_id,number,decision,decided_by,decided_on,reason\n"
                              "Claims triage assistant,E002,2,approved,Ada,2026-06-01,\n"
                              "Claims triage assistant,E002,1,rejected,Ada,2026-06-01,needed\n",
    })
    _imported(ws, folder)
    assert [d.decision for d in ws.seats.decisions(org["rollout"])] == [Decision.REJECTED, Decision.APPROVED]
    assert not preview_portable(ws, folder).plan.has_changes


def test_leave_overlapping_another_mark_of_the_person_is_refused(org, tmp_path):
    ws = org["ws"]
    ws.seats.add_leave(org["cy"], dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    folder = _folder(tmp_path, {"leave.csv": "employee_id,starts_on,ends_on\n"
                                             "E004,2026-05-20,2026-06-10\n"   # over the stored mark
                                             "E003,2026-01-01,\n"             # until further notice ...
                                             "E003,2026-03-01,2026-03-31\n"   # ... so this one is inside it
                                             "E002,2026-01-01,2026-01-31\nE002,2026-02-01,\n"})  # back to back: fine
    preview = preview_portable(ws, folder)
    assert {str(e) for e in preview.plan.errors} == {
        "leave row 2, starts_on: overlaps the person's leave from 2026-05-01 to 2026-05-31",
        "leave row 4, starts_on: overlaps the person's leave from 2026-01-01 until further notice"}
    assert len(ws.seats.leave()) == 1
