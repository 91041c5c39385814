"""`tracker import usage` and `tracker import adoption`: exit statuses and output."""

from __future__ import annotations

import datetime as dt

from adoption_fixtures import small_org, write_csv

from tracker.cli import main
from tracker.store import Workspace


def _workspace(tmp_path):
    path = tmp_path / "w.tracker"
    with Workspace.open(path) as ws:
        small_org(ws)
    return path


def test_import_usage_applies_and_dry_run_changes_nothing(tmp_path, capsys):
    path = _workspace(tmp_path)
    f = write_csv(tmp_path / "u.csv", [("S0", "Copilot", "2026-01-05"), ("X9", "Copilot", "2026-01-05")])
    assert main(["import", "usage", str(path), str(f), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 new" in out and "not in the roster" in out and "Dry run" in out
    with Workspace.open(path, readonly=True) as ws:
        assert not ws.adoption.has_usage()
    assert main(["import", "usage", str(path), str(f)]) == 0
    assert "Applied." in capsys.readouterr().out
    assert main(["import", "usage", str(path), str(f)]) == 0
    assert "Nothing to change" in capsys.readouterr().out


def test_import_usage_rejections_and_usage_errors(tmp_path, capsys):
    path = _workspace(tmp_path)
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    bad = write_csv(tmp_path / "bad.csv", [("S0", "Nope", "2026-01-05"), ("S0", "Copilot", future)])
    assert main(["import", "usage", str(path), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "row 2:" in err and "row 3:" in err
    assert main(["import", "usage", str(path), str(tmp_path / "missing.csv")]) == 2
    f = write_csv(tmp_path / "u.csv", [("S0", "Copilot", "2026-01-05")])
    assert main(["import", "usage", str(tmp_path / "none.tracker"), str(f)]) == 3


def test_import_adoption(tmp_path, capsys):
    path = _workspace(tmp_path)
    header = ("rollout", "team", "period_end", "eligible", "active", "proficient")
    f = write_csv(tmp_path / "t.csv", [("Copilot", "Ops", "2026-01-31", "4", "2", "1")], header=header)
    assert main(["import", "adoption", str(path), str(f)]) == 0
    assert "1 new" in capsys.readouterr().out
    bad = write_csv(tmp_path / "b.csv", [("Copilot", "Ops", "2026-01-31", "4", "9", "")], header=header)
    assert main(["import", "adoption", str(path), str(bad)]) == 1
    assert "more than eligible" in capsys.readouterr().err
