"""Accounts in other systems: the Microsoft Entra ID user list, and files in the app's columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker.cli import main
from tracker.services.accounts_import import AccountSystemError, apply_accounts, preview_accounts
from tracker.services.roster_import import apply_roster, preview_roster
from tracker.store import Workspace

EXPORTS = Path(__file__).parent.parent / "data" / "exports"


@pytest.fixture
def roster(workspace):
    """The Workday report's people: Ada (1001), Bruno (1002), Chloé (1003), Eun-ji (1005)."""
    apply_roster(workspace, preview_roster(workspace, EXPORTS / "workday_worker_report.csv", today=dt.date(2026, 6, 1)))
    return {p.employee_id: p.id for p in workspace.people.list()}


def test_the_entra_user_list_adds_upns_to_people_matched_by_mail(workspace, roster):
    preview = preview_accounts(workspace, EXPORTS / "entra_users.csv")
    assert preview.ok, preview.report()
    assert preview.layout_title == "Microsoft Entra ID users (Download users)" and preview.system == "upn"
    # Ada by mail (other case); Bruno has no mail, his UPN is his email; Dev and the guest match no one.
    assert sorted(preview.links) == sorted([(roster["1001"], "aokafor@contoso.onmicrosoft.com"),
                                            (roster["1002"], "bruno.diaz@contoso.com")])
    assert [account for _row, account in preview.unmatched] == [
        "dpatel@contoso.onmicrosoft.com", "partner_fabrikam.com#EXT#@contoso.onmicrosoft.com"]
    report = preview.report()
    assert report.splitlines()[0] == "Recognised: Microsoft Entra ID users (Download users)"
    assert "2 new, 0 moved to another person, 0 unchanged, 2 matching no one" in report
    assert "  row 4: dpatel@contoso.onmicrosoft.com" in report
    assert apply_accounts(workspace, preview) == 2
    assert workspace.accounts.person_ids("upn") == {"aokafor@contoso.onmicrosoft.com": roster["1001"],
                                                    "bruno.diaz@contoso.com": roster["1002"]}
    again = preview_accounts(workspace, EXPORTS / "entra_users.csv")
    assert (again.unchanged, again.links) == (2, []) and apply_accounts(workspace, again) is None


def test_own_columns_need_a_system_and_match_by_employee_id_or_email(workspace, roster, tmp_path):
    path = tmp_path / "github.csv"
    path.write_text("employee_id,email,account\n1001,,ada-o\n,EUNJI.KIM@contoso.com,ejkim\n9999,,ghost\n",
                    encoding="utf-8")
    with pytest.raises(AccountSystemError, match="--system NAME"):
        preview_accounts(workspace, path)
    with pytest.raises(AccountSystemError):
        preview_accounts(workspace, path, system="Git Hub")
    preview = preview_accounts(workspace, path, system="GitHub")
    assert preview.system == "github" and preview.unmatched == [(4, "ghost")]
    apply_accounts(workspace, preview)
    assert workspace.accounts.person_ids("github") == {"ada-o": roster["1001"], "ejkim": roster["1005"]}
    moved = tmp_path / "moved.csv"
    moved.write_text("employee_id,account\n1002,ADA-O\n", encoding="utf-8")
    preview = preview_accounts(workspace, moved, system="github")
    assert (preview.added, preview.moved) == (0, 1)


def test_an_account_given_to_two_people_or_left_empty_is_a_row_error(workspace, roster, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("employee_id,account\n1001,x1\n1002,X1\n1003,\n", encoding="utf-8")
    preview = preview_accounts(workspace, path, system="github")
    assert [(e.row, e.reason) for e in preview.errors] == [
        (3, "account X1 is also on row 2, for another person"), (4, "no account")]
    with pytest.raises(ValueError):
        apply_accounts(workspace, preview)
    assert workspace.accounts.systems() == {}


def test_the_command_line_imports_entra_without_system_and_refuses_in_one_line(tmp_path, capsys):
    ws = tmp_path / "w.tracker"
    assert main(["import", "roster", str(ws), str(EXPORTS / "workday_worker_report.csv")]) == 0
    capsys.readouterr()
    assert main(["import", "accounts", str(ws), str(EXPORTS / "entra_users.csv")]) == 0
    assert "2 new" in capsys.readouterr().out
    with Workspace.open(ws, readonly=True) as opened:
        assert opened.accounts.systems() == {"upn": 2}
    plain = tmp_path / "plain.csv"
    plain.write_text("employee_id,account\n1001,ada-o\n", encoding="utf-8")
    assert main(["import", "accounts", str(ws), str(plain)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--system NAME" in err
    assert main(["import", "accounts", str(ws), str(plain), "--system", "github"]) == 0
    assert main(["import", "accounts", str(tmp_path / "none.tracker"), str(plain), "--system", "github"]) == 3
