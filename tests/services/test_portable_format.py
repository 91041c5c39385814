"""Imports of hand-made files in the portable format (the documented format: tests/scripts/test_format_docs.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tracker.services.portable_import import apply_portable, preview_portable

ROOT = Path(__file__).resolve().parents[2]


def _folder(tmp_path, files: dict[str, str]) -> Path:
    folder = tmp_path / "tracker"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


PEOPLE = "Employee ID,Name,Team,email\nE1,Ann Lee,Claims,ann@x.org\nE2,Bo Ray,Claims,\n"


def test_a_spreadsheet_tracker_with_only_some_sheets_imports_them(workspace, tmp_path):
    folder = _folder(tmp_path, {"teams.csv": "name\nClaims\n", "people.csv": PEOPLE,
                                "rollouts.csv": "name,stage,go_live_date\nTriage,Scaling,31/03/2026\n",
                                "training records.csv": "rollout,module,employee_id,status\n"})
    preview = preview_portable(workspace, folder)
    assert preview.ok, preview.report()
    apply_portable(workspace, preview)
    assert workspace.scalar("SELECT count(*) FROM people") == 2
    assert workspace.query("SELECT stage, go_live_date FROM rollouts") == [
        {"stage": "scaling", "go_live_date": "2026-03-31"}]
    # the same file again changes nothing
    assert not preview_portable(workspace, folder).plan.has_changes


def test_a_zip_of_csv_files_is_read_like_a_folder(workspace, tmp_path):
    archive = tmp_path / "tracker.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("export/teams.csv", "name\nClaims\n")
        z.writestr("export/people.csv", PEOPLE)
    preview = preview_portable(workspace, archive)
    assert preview.ok and preview.plan.sheets["people"].new


def test_bad_rows_are_reported_by_sheet_row_and_column_and_nothing_changes(workspace, tmp_path):
    folder = _folder(tmp_path, {
        "teams.csv": "name,colour\nClaims\nclaims\n",
        "people.csv": "employee_id,name,team,active\nE1,Ann,Billing,yes\nE2,,Claims,maybe\n",
        "rollouts.csv": "name,go_live_date,target_adoption\nTriage,31/02/2026,high\n",
        "kpis.csv": "rollout,kpi\nTriage,Accuracy\n",
        "notes.csv": "anything\nx\n",
    })
    preview = preview_portable(workspace, folder)
    assert not preview.ok
    problems = {(e.sheet, e.row, e.column) for e in preview.plan.errors}
    assert ("teams", 3, None) in problems                 # the same team twice (case is ignored)
    assert ("people", 2, "team") in problems              # no such team
    assert ("people", 3, "name") in problems              # required
    assert ("people", 3, "active") in problems            # not yes/no
    assert ("rollouts", 2, "go_live_date") in problems    # not a real date
    assert ("rollouts", 2, "target_adoption") in problems
    assert ("kpis", None, None) in problems                # required columns missing
    text = preview.report()
    assert "the sheet 'notes' is not part of the format" in text
    assert "the column 'colour' is not part of the format" in text
    assert "people row 2, team: 'Billing' is not a known team" in text
    import pytest

    from tracker.store.errors import StoreValidationError

    with pytest.raises(StoreValidationError):
        apply_portable(workspace, preview)
    assert workspace.scalar("SELECT count(*) FROM teams") == 0


def test_a_rule_the_database_enforces_rejects_the_whole_import(workspace, tmp_path):
    folder = _folder(tmp_path, {"teams.csv": "name\nClaims\n", "people.csv": PEOPLE,
                                "rollouts.csv": "name\nTriage\n",
                                "dependencies.csv": "rollout,needer,provider,description,status\n"
                                                    "Triage,Claims,Claims,Data feed,blocked\n"})
    preview = preview_portable(workspace, folder)
    assert preview.ok
    import pytest

    from tracker.store.errors import StoreValidationError

    with pytest.raises(StoreValidationError, match="dependencies row 2"):
        apply_portable(workspace, preview)
    assert workspace.scalar("SELECT count(*) FROM people") == 0


def test_the_commands_export_and_import(tmp_path, org, capsys):
    from tracker.cli import main

    org["ws"].close()
    out = tmp_path / "all.xlsx"
    assert main(["export-data", str(org["ws"].location), "-o", str(out)]) == 0
    assert main(["import-data", str(tmp_path / "copy.tracker"), str(out), "--dry-run"]) == 0
    assert "people: 4 new" in capsys.readouterr().out
    assert main(["import-data", str(tmp_path / "copy.tracker"), str(out)]) == 0
    assert main(["export-data", str(tmp_path / "copy.tracker"), "-o", str(tmp_path / "p.xlsx"),
                 "--pseudonymise"]) == 0


def test_into_a_populated_workspace_records_are_updated_by_natural_key(org, tmp_path):
    ws = org["ws"]
    folder = _folder(tmp_path, {
        "people.csv": "manager,name,employee_id\nE003,Ann Claims-Lee,e002\n,New Person,E900\n",
        "teams.csv": "name,lead\nclaims,E002\n"})
    preview = preview_portable(ws, folder)
    assert preview.ok, preview.report()
    assert (len(preview.plan.sheets["people"].new), len(preview.plan.sheets["people"].changed)) == (1, 1)
    assert preview.plan.sheets["teams"].changed and not preview.plan.sheets["teams"].new
    apply_portable(ws, preview)
    ann = ws.people.get(org["ann"])
    assert (ann.name, ann.manager_id, ann.team_id) == ("Ann Claims-Lee", org["bob"], org["claims"])
    assert ws.scalar("SELECT lead_id FROM teams WHERE id = ?", (org["claims"],)) == org["ann"]
    assert ws.scalar("SELECT count(*) FROM people") == 5
