"""Roster import: every rejection, each encoding, idempotence, all-or-nothing."""

from __future__ import annotations

import pytest

from tracker.services.roster_import import apply_roster, preview_roster
from tracker.store.errors import StoreValidationError

HEADER = "employee_id,name,email,team,title,manager_id"
BASE = [
    HEADER,
    "E001,Ada Boss,ada@example.com,Operations,Director,",
    "E002,Ann Claims,,Claims,Handler,E001",
    "E003,Bob Billing,,Billing,Clerk,E001",
    "E004,Cy Claims,,Claims,Handler,E002",
]


def write(tmp_path, lines, name="roster.csv", encoding="utf-8", newline="\n"):
    path = tmp_path / name
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def people(ws):
    return {p.employee_id: p for p in ws.people.list()}


def test_import_into_empty_workspace_creates_people_teams_and_managers(workspace, tmp_path):
    preview = preview_roster(workspace, write(tmp_path, BASE))
    assert preview.ok, preview.report()
    assert (len(preview.plan.new), len(preview.plan.changed), len(preview.plan.deactivated)) == (4, 0, 0)
    assert {t for t, _ in preview.plan.new_teams} == {"Operations", "Claims", "Billing"}
    assert apply_roster(workspace, preview) is not None
    stored = people(workspace)
    assert stored["E004"].manager_name == "Ann Claims"
    assert stored["E002"].team_name == "Claims"


def test_reimporting_the_same_file_changes_nothing(workspace, tmp_path):
    path = write(tmp_path, BASE)
    apply_roster(workspace, preview_roster(workspace, path))
    changes = len(workspace.audit.recent_changes())
    again = preview_roster(workspace, path)
    assert not again.plan.has_changes and again.plan.unchanged == 4
    assert apply_roster(workspace, again) is None
    assert len(workspace.audit.recent_changes()) == changes


def test_changed_new_and_missing_people(workspace, tmp_path):
    apply_roster(workspace, preview_roster(workspace, write(tmp_path, BASE)))
    lines = [HEADER, BASE[1], "E002,Ann Claims,ann@example.com,Billing,Senior handler,E001", BASE[4],
             "E005,Dee New,,Claims,Handler,E002"]
    preview = preview_roster(workspace, write(tmp_path, lines, "v2.csv"))
    plan = preview.plan
    assert [p.employee_id for p in plan.new] == ["E005"]
    [change] = plan.changed
    assert set(change.fields) == {"email", "team", "title"}
    assert plan.deactivated == [("E003", "Bob Billing")]
    apply_roster(workspace, preview)
    stored = people(workspace)
    assert stored["E003"].active is False
    assert stored["E002"].team_name == "Billing"
    assert stored["E005"].manager_name == "Ann Claims"


def test_partial_roster_deactivates_no_one(workspace, tmp_path):
    apply_roster(workspace, preview_roster(workspace, write(tmp_path, BASE)))
    preview = preview_roster(workspace, write(tmp_path, [HEADER, BASE[1]], "part.csv"), partial=True)
    assert preview.plan.deactivated == []
    apply_roster(workspace, preview)
    assert all(p.active for p in workspace.people.list())


def test_reappearing_leaver_is_reactivated(workspace, tmp_path):
    apply_roster(workspace, preview_roster(workspace, write(tmp_path, BASE)))
    apply_roster(workspace, preview_roster(workspace, write(tmp_path, BASE[:3] + BASE[4:], "v2.csv")))
    assert people(workspace)["E003"].active is False
    preview = preview_roster(workspace, write(tmp_path, BASE, "v3.csv"))
    assert [c.reactivated for c in preview.plan.changed] == [True]
    apply_roster(workspace, preview)
    assert people(workspace)["E003"].active is True


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        ("E002,Someone Else,,Claims,,", "duplicate employee id E002 (also on row 3)"),
        ("E009,,,Claims,,", "empty name for employee E009"),
        ("E009,Nia,nia@@example,Claims,,", "malformed email 'nia@@example'"),
        ("E009,Nia,,Claims,,E777", "unknown manager E777"),
        ("E009,Nia,,Claims,,E009", "their own manager"),
        (",Nia,,Claims,,", "employee id is required"),
        ("E009,Nia,,,,", "no team for employee E009"),
        ("E009,Nia,,Claims", "has 4 fields"),
    ],
)
def test_each_rejection_names_the_row_and_reason_and_nothing_is_applied(workspace, tmp_path, bad_row, reason):
    path = write(tmp_path, BASE + [bad_row])
    preview = preview_roster(workspace, path)
    assert not preview.ok
    [error] = preview.plan.errors
    assert error.row == 6
    assert reason in error.reason
    with pytest.raises(StoreValidationError):
        apply_roster(workspace, preview)
    assert workspace.people.list() == [] and workspace.teams.list() == []


def test_missing_required_column(workspace, tmp_path):
    preview = preview_roster(workspace, write(tmp_path, ["employee_id,name,email", "E1,A,"]))
    assert not preview.ok
    assert "missing required column 'team'" in str(preview.plan.errors[0])


def test_unreadable_file(workspace, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(b"\x00\x01\x02 not text \xff\xfe\x00" * 50)
    preview = preview_roster(workspace, path)
    assert not preview.ok and preview.plan.errors[0].row is None


def test_manager_loop_is_refused(workspace, tmp_path):
    lines = [HEADER, "E1,A,,T,,E2", "E2,B,,T,,E1"]
    preview = preview_roster(workspace, write(tmp_path, lines))
    assert {e.row for e in preview.plan.errors} == {2, 3}
    assert "loops back" in preview.plan.errors[0].reason


def test_headers_match_case_and_space_insensitively(workspace, tmp_path):
    lines = ["Employee ID, Name ,EMAIL,Team,Title,Manager Id", "E1,Ann,,Claims,,"]
    preview = preview_roster(workspace, write(tmp_path, lines))
    assert preview.ok, preview.report()


def test_manager_may_be_already_in_the_workspace(workspace, tmp_path):
    apply_roster(workspace, preview_roster(workspace, write(tmp_path, BASE)))
    preview = preview_roster(workspace, write(tmp_path, [HEADER, "E010,Eve,,Claims,,E001"], "p.csv"), partial=True)
    assert preview.ok
    apply_roster(workspace, preview)
    assert people(workspace)["E010"].manager_name == "Ada Boss"


def test_parent_team_builds_the_hierarchy(workspace, tmp_path):
    lines = [HEADER + ",parent_team", "E1,Ann,,Motor Claims,,,Claims", "E2,Bo,,Claims,,,Operations"]
    preview = preview_roster(workspace, write(tmp_path, lines))
    assert preview.ok, preview.report()
    assert [t for t, _ in preview.plan.new_teams] == ["Operations", "Claims", "Motor Claims"]
    apply_roster(workspace, preview)
    teams = {t.name: t for t in workspace.teams.list()}
    assert teams["Motor Claims"].parent_id == teams["Claims"].id
    assert teams["Claims"].parent_id == teams["Operations"].id


NAMES = [HEADER, "E1,José Müller,,Équipe Nord,Ingénieur,", "E2,Zoë Ærø,,Équipe Nord,€ desk,E1"]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "newline"),
    [("utf-8", ",", "\n"), ("utf-8-sig", ",", "\r\n"), ("cp1252", ",", "\r\n"), ("utf-16", "\t", "\r\n")],
)
def test_each_encoding_imports_the_same_people(workspace, tmp_path, encoding, delimiter, newline):
    lines = [line.replace(",", delimiter) for line in NAMES]
    preview = preview_roster(workspace, write(tmp_path, lines, encoding=encoding, newline=newline))
    assert preview.ok, preview.report()
    apply_roster(workspace, preview)
    stored = people(workspace)
    assert stored["E1"].name == "José Müller"
    assert stored["E2"].title == "€ desk"
    assert stored["E1"].team_name == "Équipe Nord"


def test_xlsx_roster_with_numeric_ids(workspace, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["employee_id", "name", "email", "team", "title", "manager_id"])
    ws.append([1001, "Ann", "ann@example.com", "Claims", "Handler", None])
    ws.append([1002, "Bo", None, "Claims", None, 1001])
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    preview = preview_roster(workspace, path)
    assert preview.ok, preview.report()
    apply_roster(workspace, preview)
    assert people(workspace)["1002"].manager_name == "Ann"


def test_import_is_one_undoable_change(workspace, tmp_path):
    change = apply_roster(workspace, preview_roster(workspace, write(tmp_path, BASE)))
    workspace.audit.undo(change)
    assert workspace.people.list() == [] and workspace.teams.list() == []
