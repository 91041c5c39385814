"""Every report and export written is recorded in the history; the About sheets say what the
figures rest on; a read-only workspace still gets its file, with a note instead of a record."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tracker.cli import main
from tracker.store import Workspace
from tracker.store.export_log import export_of, exports, latest_imports
from tracker.ui.dialogs.history_format import HistoryFormatter


@pytest.fixture
def ws_path(tmp_path):
    path = tmp_path / "acme.tracker"
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,name,team\nE1,Ann Lee,Claims\nE2,Bob Roe,Claims\n", encoding="utf-8")
    assert main(["import", "roster", str(path), str(roster)]) == 0
    with Workspace.open(path) as ws:
        ws.rollouts.create(name="Assistant")
        ws.rollouts.create(name="Copilot")
    return path


def _about(path, sheet="About") -> dict:
    book = load_workbook(path, read_only=True)
    try:
        return {r[0]: r[1] for r in book[sheet].iter_rows(values_only=True) if r and r[0]}
    finally:
        book.close()


def test_each_command_line_export_is_recorded_with_what_went_out(ws_path, tmp_path, capsys):
    assert main(["report", str(ws_path), "-o", str(tmp_path / "status.xlsx"), "--rollout", "Copilot"]) == 0
    assert main(["report", str(ws_path), "-o", str(tmp_path / "plan.xlsx"), "--training-plan"]) == 0
    assert main(["export-data", str(ws_path), "-o", str(tmp_path / "all.xlsx"), "--pseudonymise"]) == 0
    assert "not recorded" not in capsys.readouterr().err
    with Workspace.open(ws_path, readonly=True) as ws:
        recorded = exports(ws)
        assert [(r.kind, r.file_name, r.pseudonymised, r.rollouts, r.made_with) for r in recorded] == [
            ("all_data", "all.xlsx", True, ("Assistant", "Copilot"), "command line"),
            ("training_plan", "plan.xlsx", False, ("Assistant", "Copilot"), "command line"),
            ("status_report", "status.xlsx", False, ("Copilot",), "command line"),
        ]
        assert all(r.user == ws.user and r.at for r in recorded)
        change = ws.audit.change(recorded[-1].change_id)
        assert change.label == "Exported the status report to status.xlsx (1 rollout)"
        assert ws.audit.entries(change.id) == []  # no record changed: nothing for undo
        fields = HistoryFormatter(ws).export_fields(recorded[0].change_id)
        assert [(f.field, f.after) for f in fields] == [
            ("Kind", "All data"), ("File", "all.xlsx"), ("Pseudonymised", "Yes"),
            ("Rollouts", "Assistant, Copilot"), ("Made with", "the command line")]
        assert HistoryFormatter(ws).export_fields(1) == []  # the roster import is no export


def test_undo_passes_over_an_export(ws_path, tmp_path):
    from tracker.reports.recorded_exports import STATUS_REPORT, write_report

    with Workspace.open(ws_path) as ws:
        events = []
        ws.add_listener(events.append)
        written = write_report(ws, STATUS_REPORT, tmp_path / "s.xlsx")
        assert written.note is None and events == []  # the undo stack hears nothing
        assert ws.audit.undo(export_of(ws, exports(ws)[0].change_id).change_id) is None
        assert ws.scalar("SELECT count(*) FROM people") == 2


def test_a_workspace_open_elsewhere_still_gets_its_report_with_a_note(ws_path, tmp_path, capsys):
    with Workspace.open(ws_path):  # another copy of the app holds the lock
        assert main(["report", str(ws_path), "-o", str(tmp_path / "status.xlsx")]) == 0
        assert main(["export-data", str(ws_path), "-o", str(tmp_path / "all.xlsx")]) == 0
    err = capsys.readouterr().err
    assert err.count("not recorded in the workspace's history") == 2 and "read-only" in err
    assert (tmp_path / "status.xlsx").exists() and (tmp_path / "all.xlsx").exists()
    with Workspace.open(ws_path, readonly=True) as ws:
        assert exports(ws) == []


def test_the_about_sheets_name_the_imports_the_figures_rest_on(ws_path, tmp_path):
    with Workspace.open(ws_path, readonly=True) as ws:
        imported = latest_imports(ws)
    assert imported["roster"] and imported["training"] is None and imported["usage"] is None
    assert imported["all_data"] is None
    assert main(["report", str(ws_path), "-o", str(tmp_path / "status.xlsx"), "--as-of", "2026-03-02"]) == 0
    assert main(["report", str(ws_path), "-o", str(tmp_path / "plan.xlsx"), "--training-plan"]) == 0
    about = _about(tmp_path / "status.xlsx")
    assert about["Workspace"] == "acme.tracker"
    assert about["Latest roster import"] == imported["roster"][:16].replace("T", " ")
    assert about["Latest LMS (training) import"] == "none in this workspace's history"
    assert about["Latest usage import"] == "none in this workspace's history"
    assert about["Latest import of all data"] == "none in this workspace's history"
    plan = _about(tmp_path / "plan.xlsx")
    assert plan["Latest roster import"] == about["Latest roster import"]


def test_an_undone_import_is_not_the_latest(ws_path, tmp_path):
    roster = tmp_path / "more.csv"
    roster.write_text("employee_id,name,team\nE3,Cy Poe,Claims\n", encoding="utf-8")
    with Workspace.open(ws_path) as ws:
        first = latest_imports(ws)["roster"]
        ws.conn.execute("UPDATE changes SET at = '2020-01-01T00:00:00' WHERE label LIKE 'Import roster%'")
        ws.conn.commit()
    assert main(["import", "roster", str(ws_path), str(roster), "--partial"]) == 0  # only Cy
    with Workspace.open(ws_path) as ws:
        second = ws.scalar("SELECT max(id) FROM changes")
        assert latest_imports(ws)["roster"] != "2020-01-01T00:00:00"
        ws.audit.undo(second)
        assert latest_imports(ws)["roster"] == "2020-01-01T00:00:00"
    assert first


def test_a_write_the_database_refuses_leaves_the_file_and_says_why(ws_path, tmp_path):
    from tracker.reports.recorded_exports import write_all_data

    with Workspace.open(ws_path) as ws:
        ws.conn.execute("PRAGMA query_only = ON")  # as a read-only file refuses every write
        written = write_all_data(ws, tmp_path / "all.xlsx")
        ws.conn.execute("PRAGMA query_only = OFF")
        assert written.path.exists()
        assert written.note.startswith("all.xlsx was written but is not recorded in the workspace's history: ")
        assert exports(ws) == [] and not ws.conn.in_transaction


@pytest.mark.slow  # a child process as another user, writing a whole report: 2 s
def test_a_read_only_workspace_file_gets_its_report_as_a_user_without_root_powers(ws_path, tmp_path):
    """Root ignores file modes, so the command runs as `nobody` (skipped where that is impossible)."""
    import os
    import shutil
    import subprocess
    import sys

    if shutil.which("setpriv") is None or os.geteuid() != 0:
        pytest.skip("needs setpriv and root to drop to an unprivileged user")
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="read-only-workspace-"))  # pytest's own folders are private
    path = folder / "acme.tracker"
    shutil.copy(ws_path, path)
    path.chmod(0o444)
    folder.chmod(0o777)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "MPLCONFIGDIR": str(folder), "HOME": str(folder)}
    done = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
         sys.executable, "-m", "tracker", "report", str(path), "-o", str(folder / "status.xlsx")],
        capture_output=True, text=True, env=env, timeout=300)
    try:
        assert done.returncode == 0, done.stderr
        assert (folder / "status.xlsx").exists()
        assert "status.xlsx was written but is not recorded in the workspace's history: " in done.stderr
        assert "read-only" in done.stderr and len(done.stderr.splitlines()) == 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
