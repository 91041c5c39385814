"""HR systems' roster exports imported as they are: Workday, SAP SuccessFactors, BambooHR.

The files under tests/data/exports/ were written from each system's documented header row,
with what real files carry: a BOM, CRLF, semicolons, extra columns, US dates, trailing spaces,
a second row of labels (SuccessFactors), "NO_MANAGER" and "0000-00-00" for "none".
"""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from pathlib import Path

import pytest

from tracker.services.layout_choice import LayoutChoiceError
from tracker.services.roster_import import apply_roster, preview_roster

EXPORTS = Path(__file__).parent.parent / "data" / "exports"
TODAY = dt.date(2026, 6, 1)


def stored(ws) -> dict[str, dict]:
    rows = ws.query("""SELECT p.employee_id, p.name, p.email, p.title, t.name AS team, m.employee_id AS manager,
                              p.active, p.hire_date, p.termination_date
                       FROM people p JOIN teams t ON t.id = p.team_id LEFT JOIN people m ON m.id = p.manager_id""")
    return {r["employee_id"]: r for r in rows}


def imported(ws, name, **kw):
    preview = preview_roster(ws, EXPORTS / name, today=TODAY, **kw)
    assert preview.ok, preview.report()
    apply_roster(ws, preview)
    return preview


def test_workday_worker_report_imports_exactly(workspace):
    preview = imported(workspace, "workday_worker_report.csv")
    assert preview.report().splitlines()[0] == "Recognised: Workday worker report"
    assert "ignored columns: Cost_Center_Code, Location" in preview.plan.warnings
    people = stored(workspace)
    # 1004 was terminated before the workspace knew them: not added; 1005 leaves in December.
    assert set(people) == {"1001", "1002", "1003", "1005"}
    assert preview.plan.leavers_not_added == 1
    bruno = people["1002"]
    assert (bruno["name"], bruno["email"], bruno["title"], bruno["team"], bruno["manager"]) == (
        "Bruno Díaz", "bruno.diaz@contoso.com", "Claims Handler", "Claims Intake", "1001")
    assert bruno["hire_date"] == "2019-11-02" and bruno["termination_date"] is None
    assert people["1003"]["active"] == 1  # on leave is not a leaver
    assert (people["1005"]["active"], people["1005"]["termination_date"]) == (1, "2026-12-31")
    teams = {t.name: t for t in workspace.teams.list()}
    assert teams["Claims Intake"].parent_id == teams["Operations"].id  # Division is the parent team


def test_workday_leavers_in_a_partial_report_are_deactivated_and_a_rehire_comes_back(workspace, tmp_path):
    imported(workspace, "workday_worker_report.csv")
    header = "Employee_ID,First_Name,Last_Name,Department,Business_Title,Worker_Status,Hire_Date,Termination_Date"
    part = tmp_path / "leavers.csv"
    part.write_text(f"{header}\n1002,Bruno,Díaz,Claims Intake,Claims Handler,Terminated,11/02/2019,05/29/2026\n"
                    "1003,Chloé,Martin,Claims Intake,Claims Handler,Active,01/20/2021,\n", encoding="utf-8")
    preview = preview_roster(workspace, part, partial=True, today=TODAY)
    assert preview.plan.deactivated == [("1002", "Bruno Díaz")] and preview.plan.left_in_file == {"1002": 2}
    apply_roster(workspace, preview)
    people = stored(workspace)
    assert people["1002"]["active"] == 0 and people["1002"]["termination_date"] == "2026-05-29"
    assert people["1001"]["active"] == 1  # partial: not named, kept
    # Rehired: a hire date after the old termination date, no status column.
    again = tmp_path / "rehire.csv"
    again.write_text("Employee_ID,Preferred_Name,Department,Business_Title,Hire_Date,Termination_Date\n"
                     "1002,Bruno Díaz,Claims Intake,Claims Handler,05/30/2026,05/29/2026\n", encoding="utf-8")
    preview = preview_roster(workspace, again, partial=True, today=TODAY)
    [change] = preview.plan.changed
    assert change.reactivated and change.fields["hire_date"] == ("2019-11-02", "2026-05-30")


def test_successfactors_user_data_file_skips_its_label_row(workspace):
    preview = imported(workspace, "successfactors_user_data.csv")
    assert preview.layout_title == "SAP SuccessFactors user data file"
    assert "row 2 holds the columns' labels: skipped" in preview.plan.warnings
    people = stored(workspace)
    assert set(people) == {"sf100", "sf101", "sf103"}  # sf102 is inactive and was never here
    assert people["sf100"]["manager"] is None  # NO_MANAGER
    assert people["sf101"]["name"] == "Bruno Díaz" and people["sf101"]["manager"] == "sf100"
    assert people["sf103"]["hire_date"] == "2018-07-06" and people["sf103"]["title"] == "Billing Clerk"


def test_bamboohr_report_with_semicolons_and_empty_dates(workspace):
    preview = imported(workspace, "bamboohr_report.csv")
    assert preview.layout_title == "BambooHR employee report"
    people = stored(workspace)
    assert set(people) == {"B-01", "B-02", "B-04"}
    assert people["B-01"]["termination_date"] is None and people["B-01"]["hire_date"] == "2015-03-15"
    assert people["B-02"]["manager"] == "B-01" and people["B-02"]["team"] == "Claims Intake"


@pytest.mark.parametrize("name", ["workday_worker_report.csv", "successfactors_user_data.csv", "bamboohr_report.csv"])
def test_a_reimport_and_an_nfd_copy_change_nothing(workspace, tmp_path, name):
    imported(workspace, name)
    changes = len(workspace.audit.recent_changes())
    again = preview_roster(workspace, EXPORTS / name, today=TODAY)
    assert again.ok and not again.plan.has_changes, again.report()
    nfd = tmp_path / name
    nfd.write_bytes(unicodedata.normalize("NFD", (EXPORTS / name).read_bytes().decode("utf-8")).encode("utf-8"))
    assert "Díaz".encode() not in nfd.read_bytes()  # the copy really is decomposed
    preview = preview_roster(workspace, nfd, today=TODAY)
    assert preview.ok and not preview.plan.has_changes, preview.report()
    assert apply_roster(workspace, preview) is None
    assert len(workspace.audit.recent_changes()) == changes
    assert len({t.name for t in workspace.teams.list()}) == len(workspace.teams.list())


def test_a_file_missing_a_required_field_names_it_and_the_columns_it_has(workspace, tmp_path):
    path = tmp_path / "wd.csv"
    path.write_text("Employee_ID,Preferred_Name,Business_Title\n1,Ann,Clerk\n", encoding="utf-8")
    preview = preview_roster(workspace, path)
    assert not preview.ok and preview.missing == [("team",)]
    assert ("no column for Team (the file's columns: Employee_ID, Preferred_Name, Business_Title)"
            in preview.missing_text())
    fixed = preview_roster(workspace, path, overrides={"team": "Business_Title"})
    assert fixed.ok and fixed.plan.new[0].team == "Clerk"
    with pytest.raises(LayoutChoiceError):
        preview_roster(workspace, path, preset="bamboohr_directory")


def test_an_unknown_status_word_is_a_row_error(workspace, tmp_path):
    path = tmp_path / "wd.csv"
    path.write_text("Employee_ID,Preferred_Name,Department,Business_Title,Worker_Status\n"
                    "1,Ann,Claims,Clerk,Active\n2,Bo,Claims,Clerk,Seconded\n", encoding="utf-8")
    preview = preview_roster(workspace, path)
    [error] = preview.plan.errors
    assert error.row == 3 and "status 'Seconded' of employee 2" in error.reason


def test_an_account_column_links_accounts_in_the_same_change(workspace, tmp_path):
    path = tmp_path / "wd.csv"
    path.write_text("Employee_ID,Preferred_Name,Department,Business_Title,User_Principal_Name\n"
                    "1,Ann,Claims,Clerk,Ann@Contoso.com\n2,Bo,Claims,Clerk,\n", encoding="utf-8")
    preview = preview_roster(workspace, path)
    assert preview.plan.accounts == [("1", "Ann@Contoso.com")]
    change = apply_roster(workspace, preview)
    ann = workspace.people.by_employee_id("1")
    assert workspace.accounts.person_ids("upn") == {"ann@contoso.com": ann.id}
    assert not preview_roster(workspace, path).plan.has_changes
    workspace.audit.undo(change)
    assert workspace.accounts.person_ids("upn") == {} and workspace.people.count() == 0


def test_the_apps_own_columns_take_status_and_dates_and_an_nfd_copy_changes_nothing(workspace, tmp_path):
    lines = ["employee_id,name,team,parent_team,status,hire_date,termination_date",
             "E1,Zoë Brandt,Équipe Nord,Région,active,2024-05-06,",
             "E2,Åsa Berg,Équipe Nord,Région,active,2023-01-02,",
             "E3,Old Timer,Équipe Nord,Région,leaver,2001-01-01,2020-01-01"]
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    preview = preview_roster(workspace, path, today=TODAY)
    assert preview.layout_title is None and preview.plan.leavers_not_added == 1
    apply_roster(workspace, preview)
    assert stored(workspace)["E1"]["hire_date"] == "2024-05-06"
    nfd = tmp_path / "nfd.csv"
    nfd.write_text(unicodedata.normalize("NFD", "\n".join(lines) + "\n"), encoding="utf-8")
    again = preview_roster(workspace, nfd, today=TODAY)
    assert again.ok and not again.plan.has_changes, again.report()
    lines[2] = "E2,Åsa Berg,Équipe Nord,Région,leaver,2023-01-02,"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    left = preview_roster(workspace, path, today=TODAY)
    assert left.plan.deactivated == [("E2", "Åsa Berg")]


def test_a_team_stored_in_nfd_before_normalising_is_still_the_same_team(workspace, tmp_path):
    with workspace.write("A team saved by an older version") as w:
        w.insert("teams", {"name": unicodedata.normalize("NFD", "Équipe Nord")})
    path = tmp_path / "roster.csv"
    path.write_text("employee_id,name,team\nE1,Ann,Équipe Nord\n", encoding="utf-8")
    preview = preview_roster(workspace, path)
    assert preview.plan.new_teams == []
    apply_roster(workspace, preview)
    assert len(workspace.teams.list()) == 1


def test_a_full_roster_deactivating_more_than_a_fifth_is_flagged_and_as_partial_keeps_them(workspace, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("employee_id,name,team\n" + "".join(f"E{i},P{i},T\n" for i in range(10)), encoding="utf-8")
    apply_roster(workspace, preview_roster(workspace, path))
    path.write_text("employee_id,name,team,status\n" + "".join(f"E{i},P{i},T,active\n" for i in range(7))
                    + "E7,P7,T,leaver\n", encoding="utf-8")
    plan = preview_roster(workspace, path).plan
    assert len(plan.deactivated) == 3 and plan.mass_deactivation  # 30% of 10
    assert "deactivate 3 of 10 active people (30%, more than 20%)" in plan.mass_deactivation_text()
    partial = plan.as_partial()
    assert partial.deactivated == [("E7", "P7")] and not partial.mass_deactivation
    shutil.copy(path, tmp_path / "copy.csv")
    path.write_text("employee_id,name,team\n" + "".join(f"E{i},P{i},T\n" for i in range(8)), encoding="utf-8")
    assert not preview_roster(workspace, path).plan.mass_deactivation  # 2 of 10 is not more than 20%


def test_teams_and_people_typed_in_the_window_are_stored_in_nfc(workspace):
    team = workspace.teams.create(unicodedata.normalize("NFD", "Équipe Sud"))
    person = workspace.people.create(employee_id="E9", name=unicodedata.normalize("NFD", "Zoë"), team_id=team)
    assert workspace.teams.get(team).name == "Équipe Sud" and workspace.people.get(person).name == "Zoë"
    with pytest.raises(Exception, match="already a team"):
        workspace.teams.create("Équipe Sud")


def test_an_empty_preferred_name_falls_back_to_first_and_last_name(workspace, tmp_path):
    path = tmp_path / "wd.csv"
    path.write_text("Employee_ID,Preferred_Name,First_Name,Last_Name,Department,Business_Title\n"
                    "1,Sam Lee,Samantha,Lee,Claims,Clerk\n2,,Bo,Berg,Claims,Clerk\n", encoding="utf-8")
    preview = preview_roster(workspace, path)
    assert [p.name for p in preview.plan.new] == ["Sam Lee", "Bo Berg"]
    assert preview.plan.warnings == []  # first and last name are not "ignored columns"


def test_a_workday_report_saved_as_xlsx_with_date_cells_and_numeric_ids(workspace, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.append(["Employee_ID", "Preferred_Name", "Supervisory_Organization", "Business_Title", "Manager_ID",
                  "Hire_Date", "Worker_Status", "Termination_Date"])
    sheet.append([1001, "Ada Okafor", "Claims", "VP", None, dt.datetime(2015, 3, 15), "Active", None])
    sheet.append([1002, unicodedata.normalize("NFD", "Bruno Díaz"), "Claims", "Handler", 1001, "11/02/2019",
                  "Active", dt.datetime(2026, 12, 31)])
    sheet.append([1003, "Dev Patel", "Claims", "Handler", 1001, dt.datetime(2018, 7, 6), "Terminated",
                  dt.datetime(2025, 4, 30)])
    path = tmp_path / "workday.xlsx"
    wb.save(path)
    preview = preview_roster(workspace, path, today=TODAY)
    assert preview.ok, preview.report()
    apply_roster(workspace, preview)
    people = stored(workspace)
    assert set(people) == {"1001", "1002"}
    assert people["1002"]["name"] == "Bruno Díaz" and people["1002"]["manager"] == "1001"
    assert (people["1001"]["hire_date"], people["1002"]["hire_date"]) == ("2015-03-15", "2019-11-02")
    assert people["1002"]["termination_date"] == "2026-12-31"
