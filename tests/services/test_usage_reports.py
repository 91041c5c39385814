"""AI-tool usage reports (snapshots) imported as they are exported: Microsoft 365 Copilot usage
user detail (Graph v1 and v2, admin centre), the GitHub Copilot activity report and the ChatGPT
Enterprise user engagement export. Fixtures in tests/data/exports/ are written from the
documented header rows, with the mess real files have (BOM, CRLF, semicolons, extra columns,
other order, US dates, ISO with time and Z, trailing spaces, blank or "None" for no activity)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker.domain.layouts.usage import CONCEALED
from tracker.services.usage_import import apply_usage, preview_usage

EXPORTS = Path(__file__).resolve().parent.parent / "data" / "exports"
TODAY = dt.date(2026, 6, 1)
D = dt.date


@pytest.fixture
def people(workspace):
    """Three people in one team, in three rollouts; Cy's UPN differs from his work email, the
    GitHub logins and Bob's ChatGPT email are known accounts."""
    ws = workspace
    team = ws.teams.create("Sales")
    ann = ws.people.create(employee_id="E1", name="Ann Lee", email="ann.lee@example.com", team_id=team)
    bob = ws.people.create(employee_id="E2", name="Bob Kay", email="bob.kay@example.com", team_id=team)
    cy = ws.people.create(employee_id="E3", name="Cy Fox", email="cy@example.com", team_id=team)
    for name in ("M365 Copilot", "GitHub Copilot", "ChatGPT"):
        rollout = ws.rollouts.create(name=name)
        from tracker.domain.enums import Impact

        ws.rollouts.set_impact(rollout, team, Impact.HIGH)
    ws.accounts.link("upn", [(cy, "cy.fox@example.com")], "UPNs")
    ws.accounts.link("github", [(ann, "AnnLee"), (bob, "bobkay"), (cy, "cyfox")], "GitHub logins")
    ws.accounts.link("chatgpt", [(bob, "bob@personal.example")], "ChatGPT emails")
    return {"ann": ann, "bob": bob, "cy": cy}


def _stored(ws, rollout_name: str) -> set[tuple[int, dt.date]]:
    """(person id, day) of every use stored for a rollout."""
    rollout = next(r.id for r in ws.rollouts.list() if r.name == rollout_name)
    return {((int(k) >> 20) & 0xFFFFFF, dt.date.fromordinal(int(k) & 0xFFFFF))
            for k in ws.adoption.recorded_keys([rollout]).tolist()}


def _import(ws, name: str, rollout: str, **kw):
    preview = preview_usage(ws, EXPORTS / name, rollout=rollout, today=TODAY, **kw)
    assert preview.ok, preview.report()
    apply_usage(ws, preview)
    return preview


def test_graph_v1_each_last_activity_date_is_one_use_and_blank_is_none(workspace, people):
    p = _import(workspace, "m365_copilot_graph_v1.csv", "M365 Copilot")
    assert p.report().splitlines()[0] == "Recognised: Microsoft 365 Copilot usage user detail (Graph report, v1)"
    assert (p.rows, p.uses, p.no_activity, p.unknown_rows) == (4, 4, 1, 1)
    assert p.unknown_ids == ["temp.contractor@example.com"]
    assert "accounts that match nobody" in p.report() and "temp.contractor@example.com" in p.report()
    assert "every use is for M365 Copilot" in p.report()
    ann, bob = people["ann"], people["bob"]
    # Ann: last active 6 March (Copilot Chat), Teams on the 2nd; Bob (upper-case UPN = his email):
    # the 4th, and Word on the 3rd. Cy matched by his UPN account but shows no activity.
    assert _stored(workspace, "M365 Copilot") == {(ann, D(2026, 3, 2)), (ann, D(2026, 3, 6)),
                                                 (bob, D(2026, 3, 3)), (bob, D(2026, 3, 4))}


def test_graph_v2_and_the_admin_centre_export_with_us_dates(workspace, people):
    v2 = _import(workspace, "m365_copilot_graph_v2.csv", "M365 Copilot")
    assert v2.layout_title == "Microsoft 365 Copilot usage user detail (Graph report, v2)"
    admin = _import(workspace, "m365_copilot_admin_export.csv", "M365 Copilot")
    assert admin.layout_title == ("Microsoft 365 Copilot usage user detail (admin center export, "
                                  "with prompt counts)")
    assert admin.new == 2  # Bob's days were in the v2 report already
    ann, bob = people["ann"], people["bob"]
    assert _stored(workspace, "M365 Copilot") == {
        (ann, D(2026, 3, 11)), (ann, D(2026, 3, 13)),  # v2: Microsoft 365 Copilot app, Copilot Chat (work)
        (ann, D(2026, 3, 16)), (ann, D(2026, 3, 20)),  # admin: Teams 03/16/2026, overall "03/20/2026 "
        (bob, D(2026, 3, 3)), (bob, D(2026, 3, 4))}


def test_snapshots_in_any_order_or_twice_store_the_same_days(workspace, people, tmp_path):
    from tracker.store import Workspace

    files = ["m365_copilot_graph_v1.csv", "m365_copilot_graph_v2.csv", "m365_copilot_admin_export.csv"]
    for name in files:
        _import(workspace, name, "M365 Copilot")
    forward = _stored(workspace, "M365 Copilot")
    again = preview_usage(workspace, EXPORTS / files[0], rollout="M365 Copilot", today=TODAY)
    assert again.ok and again.new == 0 and apply_usage(workspace, again) is None
    other = Workspace.open(tmp_path / "other.tracker")
    try:
        team = other.teams.create("Sales")
        for eid, name, email in (("E1", "Ann Lee", "ann.lee@example.com"), ("E2", "Bob Kay", "bob.kay@example.com"),
                                 ("E3", "Cy Fox", "cy@example.com")):
            other.people.create(employee_id=eid, name=name, email=email, team_id=team)
        other.rollouts.create(name="M365 Copilot")
        for name in reversed(files + files[:1]):
            _import(other, name, "M365 Copilot")
        assert _stored(other, "M365 Copilot") == forward
    finally:
        other.close()


def test_a_report_with_concealed_names_is_refused_with_how_to_show_them(workspace, people):
    p = preview_usage(workspace, EXPORTS / "m365_copilot_concealed.csv", rollout="M365 Copilot", today=TODAY)
    assert not p.ok
    text = p.report()
    assert text.startswith("Recognised: Microsoft 365 Copilot usage user detail (Graph report, v1)")
    assert CONCEALED in text and "Display concealed user, group, and site names in all reports" in text
    with pytest.raises(ValueError):
        apply_usage(workspace, p)


def test_github_copilot_report_matches_logins_and_none_is_no_activity(workspace, people):
    p = _import(workspace, "github_copilot_activity.csv", "GitHub Copilot")
    assert p.layout_title == "GitHub Copilot activity report"
    assert (p.uses, p.no_activity, p.unknown_ids) == (1, 2, ["octo-visitor"])
    assert p.snapshot_days == [D(2026, 3, 15)]
    assert _stored(workspace, "GitHub Copilot") == {(people["ann"], D(2026, 3, 13))}  # 17:45:12Z on the 13th


def test_chatgpt_export_matches_chatgpt_accounts_then_work_email(workspace, people):
    p = _import(workspace, "chatgpt_enterprise_users.csv", "ChatGPT")
    assert p.layout_title == "ChatGPT Enterprise user engagement report"
    # Ann by work email (first and last day active in the week), Bob by his ChatGPT account;
    # Cy's ChatGPT email is neither his work email nor a known account: listed, not counted.
    assert p.unknown_ids == ["cy.fox@example.com"] and "cy.fox@example.com" in p.report()
    assert _stored(workspace, "ChatGPT") == {(people["ann"], D(2026, 3, 9)), (people["ann"], D(2026, 3, 12)),
                                            (people["bob"], D(2026, 3, 11))}


def test_a_report_without_a_rollout_needs_one_and_an_unknown_one_is_named(workspace, people):
    p = preview_usage(workspace, EXPORTS / "github_copilot_activity.csv", today=TODAY)
    assert not p.ok and "no rollout column" in p.report() and "--rollout" in p.report()
    p = preview_usage(workspace, EXPORTS / "github_copilot_activity.csv", rollout="Gemini", today=TODAY)
    assert not p.ok and "no rollout called 'Gemini'" in p.report()


def test_a_future_last_activity_date_is_a_row_error(workspace, people):
    p = preview_usage(workspace, EXPORTS / "github_copilot_activity.csv", rollout="GitHub Copilot",
                      today=D(2026, 3, 12))
    assert not p.ok
    assert p.errors[0].row == 2 and "2026-03-13 is in the future" in p.errors[0].reason


def test_the_apps_own_log_without_a_rollout_column_takes_the_chosen_rollout(workspace, people, tmp_path):
    f = tmp_path / "log.csv"
    f.write_text("employee_id,used_on\nE1,2026-03-02\nE2,2026-03-03T10:00:00\n", encoding="utf-8")
    p = preview_usage(workspace, f, today=TODAY)
    assert not p.ok and "no column rollout (or choose the rollout: --rollout NAME)" in p.report()
    p = preview_usage(workspace, f, rollout="ChatGPT", today=TODAY)
    assert p.ok and p.layout_title is None and p.uses == 2, p.report()


def test_map_options_read_any_file(workspace, people, tmp_path):
    f = tmp_path / "custom.csv"
    f.write_text("Who,Last seen,Tool\nann.lee@example.com,2026-03-02,ChatGPT\n", encoding="utf-8")
    p = preview_usage(workspace, f, overrides={"email": "Who", "used_on": "Last seen", "rollout": "Tool"},
                      today=TODAY)
    assert p.ok and p.uses == 1, p.report()
    p = preview_usage(workspace, f, overrides={"email": "Who"}, today=TODAY)
    assert not p.ok and "no column for Used on / last active on" in p.report()


def test_a_report_saved_as_a_workbook_imports_the_same_days(workspace, people, tmp_path):
    import csv

    from openpyxl import Workbook

    book = Workbook()
    with open(EXPORTS / "m365_copilot_graph_v1.csv", encoding="utf-8-sig", newline="") as f:
        for n, row in enumerate(csv.reader(f)):  # Excel turns the ISO dates into date cells
            book.active.append(row if n == 0 else [dt.datetime.fromisoformat(c) if c[:2] == "20" else c for c in row])
    book.save(tmp_path / "copilot.xlsx")
    p = preview_usage(workspace, tmp_path / "copilot.xlsx", rollout="M365 Copilot", today=TODAY)
    assert p.ok and p.layout_title.endswith("(Graph report, v1)"), p.report()
    apply_usage(workspace, p)
    ann, bob = people["ann"], people["bob"]
    assert _stored(workspace, "M365 Copilot") == {(ann, D(2026, 3, 2)), (ann, D(2026, 3, 6)),
                                                 (bob, D(2026, 3, 3)), (bob, D(2026, 3, 4))}
