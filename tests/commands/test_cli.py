"""The command line: exit statuses, preview output, and no Qt imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tracker.cli import main
from tracker.store import Workspace

ROSTER = "employee_id,name,email,team,title,manager_id\nE1,Ann,ann@example.com,Claims,Lead,\nE2,Bo,,Claims,,E1\n"


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER)
    return path


def test_import_creates_the_workspace_and_applies(tmp_path, roster, capsys):
    ws_path = tmp_path / "new.tracker"
    assert main(["import", "roster", str(ws_path), str(roster)]) == 0
    out = capsys.readouterr().out
    assert "2 new, 0 changed, 0 deactivated" in out
    with Workspace.open(ws_path) as ws:
        assert ws.people.count() == 2


def test_dry_run_changes_nothing(tmp_path, roster, capsys):
    ws_path = tmp_path / "org.tracker"
    Workspace.open(ws_path).close()
    assert main(["import", "roster", str(ws_path), str(roster), "--dry-run"]) == 0
    assert "Dry run" in capsys.readouterr().out
    with Workspace.open(ws_path) as ws:
        assert ws.people.count() == 0


def test_dry_run_into_a_missing_workspace_creates_nothing(tmp_path, roster):
    ws_path = tmp_path / "none.tracker"
    assert main(["import", "roster", str(ws_path), str(roster), "--dry-run"]) == 0
    assert not ws_path.exists()


def test_rejected_file_exits_1_with_row_errors_on_stderr(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(ROSTER + "E1,Dup,,Claims,,\n")
    ws_path = tmp_path / "org.tracker"
    assert main(["import", "roster", str(ws_path), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "row 4: duplicate employee id E1 (also on row 2)" in err
    with Workspace.open(ws_path) as ws:
        assert ws.people.count() == 0


def test_usage_errors_exit_2(tmp_path, roster):
    with pytest.raises(SystemExit) as e:
        main(["import", "roster"])
    assert e.value.code == 2
    assert main(["import", "roster", str(tmp_path / "x.tracker"), str(tmp_path / "missing.csv")]) == 2


def test_locked_workspace_exits_3(tmp_path, roster, capsys):
    ws_path = tmp_path / "org.tracker"
    with Workspace.open(ws_path):
        assert main(["import", "roster", str(ws_path), str(roster)]) == 3
    assert "already open" in capsys.readouterr().err


def test_version_and_help_import_no_qt(tmp_path, roster):
    code = (
        "import sys; from tracker.cli import main\n"
        "for args in (['--version'], ['--help']):\n"
        "    try: main(args)\n"
        "    except SystemExit: pass\n"
        f"main(['import', 'roster', {str(tmp_path / 'w.tracker')!r}, {str(roster)!r}])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
        "assert 'matplotlib' not in sys.modules and 'openpyxl' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Rollout Tracker" in result.stdout
    assert "import roster" in result.stdout or "COMMAND" in result.stdout


def test_help_loads_no_workspace_code():
    """`tracker --help` builds every command's parser and nothing more: importing the store
    brings sqlite-utils and numpy (a quarter of a second); a module-level import in one
    command's file once made every `--help` 0.7 s instead of 0.1 s."""
    code = ("import sys; from tracker.cli import main\n"
            "try: main(['--help'])\n"
            "except SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if m == 'tracker.store' or m.split('.')[0] in "
            "('sqlite_utils', 'numpy', 'psycopg')))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_python_dash_m_tracker_version():
    result = subprocess.run([sys.executable, "-m", "tracker", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("Rollout Tracker ")


# ------------------------------------------------------------------ tracker import training
def _training_workspace(path):
    import datetime as dt

    with Workspace.open(path) as ws:
        team = ws.teams.create("Claims")
        ws.people.create(employee_id="E1", name="Ann", team_id=team)
        rollout = ws.rollouts.create(name="Triage")
        ws.training.create_module(rollout, code="AI-101", title="Basics", team_ids=[team],
                                  available_from=dt.date(2025, 1, 1))


def test_import_training_applies_and_exits_0(tmp_path, capsys):
    ws_path, lms = tmp_path / "org.tracker", tmp_path / "lms.csv"
    _training_workspace(ws_path)
    lms.write_text("employee_id,module,status,completed_on\nE1,AI-101,done,2025-06-01\n")
    assert main(["import", "training", str(ws_path), str(lms), "--rollout", "triage", "--dry-run"]) == 0
    with Workspace.open(ws_path) as ws:
        assert ws.scalar("SELECT COUNT(*) FROM training_records") == 0
    assert main(["import", "training", str(ws_path), str(lms), "--rollout", "Triage"]) == 0
    assert "1 new" in capsys.readouterr().out
    with Workspace.open(ws_path) as ws:
        assert ws.scalar("SELECT status FROM training_records") == "completed"


def test_import_training_exit_statuses(tmp_path, capsys):
    ws_path, lms = tmp_path / "org.tracker", tmp_path / "lms.csv"
    _training_workspace(ws_path)
    lms.write_text("employee_id,module,status,completed_on\nE9,AI-101,done,2025-06-01\n")
    assert main(["import", "training", str(ws_path), str(lms), "--rollout", "Triage"]) == 1
    assert "person not in the workspace: 'E9'" in capsys.readouterr().err
    assert main(["import", "training", str(ws_path), str(lms), "--rollout", "Nope"]) == 2
    assert "no rollout called 'Nope'" in capsys.readouterr().err
    assert main(["import", "training", str(ws_path), str(tmp_path / "missing.csv"), "--rollout", "Triage"]) == 2
    assert main(["import", "training", str(tmp_path / "none.tracker"), str(lms), "--rollout", "Triage"]) == 3
    assert not (tmp_path / "none.tracker").exists()
