"""`tracker import seats`: matching holders, row-named errors, one change, the same file twice."""

from __future__ import annotations

import datetime as dt

from tracker.cli import main
from tracker.services.seat_import import apply_seats, preview_seats

TODAY = dt.date(2026, 6, 1)


def _file(tmp_path, text, name="seats.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_seats_are_matched_by_employee_id_email_or_account_and_unknown_accounts_kept(org, tmp_path):
    ws = org["ws"]
    with ws.write("link") as w:
        w.insert("accounts", {"person_id": org["cy"], "system": "github", "account": "cy-gh"})
    path = _file(tmp_path, "employee_id,email,account,assigned_on,cost_per_seat,currency\n"
                           "E002,,,2026-01-05,30,eur\n,ADA@example.com,,2026-01-05,\"1,030.50\",EUR\n"
                           ",,CY-GH,,30,EUR\n,,guest@partner.com,2026-02-01,30,EUR\n")
    preview = preview_seats(ws, path, org["rollout"], today=TODAY)
    assert preview.ok, preview.report()
    assert "4 new seats, 0 changed, 0 unchanged" in preview.report()
    assert "  row 5: guest@partner.com" in preview.report()
    changes = ws.scalar("SELECT COUNT(*) FROM changes")
    change = apply_seats(ws, preview)
    assert change is not None and ws.scalar("SELECT COUNT(*) FROM changes") == changes + 1  # one change
    rows = ws.query("SELECT person_id, account, assigned_on, monthly_cost, currency FROM seats ORDER BY id")
    assert rows == [
        {"person_id": org["ann"], "account": "", "assigned_on": "2026-01-05", "monthly_cost": 30.0, "currency": "EUR"},
        {"person_id": org["boss"], "account": "", "assigned_on": "2026-01-05", "monthly_cost": 1030.5,
         "currency": "EUR"},
        {"person_id": org["cy"], "account": "", "assigned_on": None, "monthly_cost": 30.0, "currency": "EUR"},
        {"person_id": None, "account": "guest@partner.com", "assigned_on": "2026-02-01", "monthly_cost": 30.0,
         "currency": "EUR"}]
    again = preview_seats(ws, path, org["rollout"], today=TODAY)
    assert again.plan.unchanged == 4 and apply_seats(ws, again) is None


def test_errors_name_the_row_and_nothing_is_written(org, tmp_path):
    ws = org["ws"]
    path = _file(tmp_path, "employee_id,account,assigned_on,cost_per_seat,currency\n"
                           "E002,,2026-01-05,30,EUR\nE999,,,,\n,,,30,EUR\nE003,,2027-01-01,,\n"
                           "E004,,,thirty,\nE001,,,-5,\nE002,,2026-01-06,30,EUR\nE004,,,30,euro\n")
    preview = preview_seats(ws, path, org["rollout"], today=TODAY)
    assert not preview.ok
    assert [str(e) for e in preview.errors] == [
        "row 3: employee id E999 is not in the workspace",
        "row 4: no employee id, email or account says whose seat this is",
        "row 5: assigned_on 2027-01-01 is in the future",
        "row 6: cost_per_seat: 'thirty' is not an amount (write it as 30 or 1,234.50, without a currency sign)",
        "row 7: cost_per_seat: -5 is not a cost per seat (0 or more)",
        "row 8: the same seat is on row 2 with another date or cost",
        "row 9: currency 'EURO' is not a three-letter code such as EUR or USD",
    ]
    assert "nothing will be changed" in preview.report()
    assert ws.scalar("SELECT COUNT(*) FROM seats") == 0


def test_the_command_imports_and_refuses_in_one_line(org, tmp_path, capsys):
    ws = org["ws"]
    ws.close()
    good = _file(tmp_path, "employee_id,assigned_on\nE002,2026-01-05\n")
    assert main(["import", "seats", str(ws.location), str(good), "--rollout", "Claims triage assistant"]) == 0
    assert "1 new seats" in capsys.readouterr().out
    assert main(["import", "seats", str(ws.location), str(good), "--rollout", "Nope"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == ("tracker: there is no rollout called 'Nope' (rollouts: Claims triage assistant)")
    bad = _file(tmp_path, "employee_id,assigned_on\nE002,31/02/2026\n", "bad.csv")
    assert main(["import", "seats", str(ws.location), str(bad), "--rollout", "Claims triage assistant"]) == 1
    assert "row 2: assigned_on" in capsys.readouterr().err
