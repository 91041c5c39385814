"""`tracker import usage … --rollout NAME` with the usage reports AI tools export; refusals are
one line on stderr and exit status 1 with the workspace unchanged."""

from __future__ import annotations

from pathlib import Path

from tracker.cli import main
from tracker.store import Workspace

EXPORTS = Path(__file__).resolve().parent.parent / "data" / "exports"
GRAPH = str(EXPORTS / "m365_copilot_graph_v1.csv")


def _workspace(tmp_path) -> Path:
    path = tmp_path / "w.tracker"
    with Workspace.open(path) as ws:
        team = ws.teams.create("Sales")
        ws.people.create(employee_id="E1", name="Ann Lee", email="ann.lee@example.com", team_id=team)
        ws.rollouts.create(name="Microsoft 365 Copilot")
    return path


def test_a_report_imports_with_rollout_and_again_changes_nothing(tmp_path, capsys):
    path = _workspace(tmp_path)
    assert main(["import", "usage", str(path), GRAPH, "--rollout", "microsoft 365 copilot"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Recognised: Microsoft 365 Copilot usage user detail (Graph report, v1)\n")
    assert "2 new" in out and "Applied." in out and "temp.contractor@example.com" in out
    assert main(["import", "usage", str(path), GRAPH, "--rollout", "Microsoft 365 Copilot"]) == 0
    assert "Nothing to change" in capsys.readouterr().out


def test_refusals_exit_1_and_change_nothing(tmp_path, capsys):
    path = _workspace(tmp_path)
    concealed = str(EXPORTS / "m365_copilot_concealed.csv")
    assert main(["import", "usage", str(path), concealed, "--rollout", "Microsoft 365 Copilot"]) == 1
    assert "Display concealed user, group, and site names in all reports" in capsys.readouterr().err
    assert main(["import", "usage", str(path), GRAPH]) == 1
    assert "no rollout column" in capsys.readouterr().err
    assert main(["import", "usage", str(path), GRAPH, "--rollout", "X", "--map", "used_on"]) == 1
    assert "write FIELD=COLUMN" in capsys.readouterr().err
    assert main(["import", "usage", str(path), GRAPH, "--rollout", "X", "--preset", "workday_worker"]) == 1
    assert "not a usage import" in capsys.readouterr().err
    with Workspace.open(path, readonly=True) as ws:
        assert not ws.adoption.has_usage()


def test_a_preset_names_the_layout_and_map_overrides_a_column(tmp_path, capsys):
    path = _workspace(tmp_path)
    args = ["import", "usage", str(path), GRAPH, "--rollout", "Microsoft 365 Copilot", "--dry-run"]
    assert main(args + ["--preset", "m365_copilot_graph_v1", "--map", "email=User Principal Name"]) == 0
    assert "2 new" in capsys.readouterr().out
    assert main(args + ["--preset", "github_copilot_activity"]) == 1
    assert "does not fit this file" in capsys.readouterr().err
