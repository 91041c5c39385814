"""`tracker import roster` with real exports: recognised layouts, --map, --preset, and the guard
against a full roster that would deactivate more than a fifth of the active people."""

from __future__ import annotations

from pathlib import Path

from tracker.cli import main
from tracker.store import Workspace

EXPORTS = Path(__file__).parent.parent / "data" / "exports"


def _people(path):
    with Workspace.open(path, readonly=True) as ws:
        return {p.employee_id: p.active for p in ws.people.list()}


def test_a_workday_report_imports_with_no_flags(tmp_path, capsys):
    ws = tmp_path / "w.tracker"
    assert main(["import", "roster", str(ws), str(EXPORTS / "workday_worker_report.csv")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Recognised: Workday worker report"
    assert "1002" in _people(ws)


def test_a_mass_deactivation_is_refused_in_one_line_unless_allowed(tmp_path, capsys):
    ws = tmp_path / "w.tracker"
    full = tmp_path / "full.csv"
    full.write_text("employee_id,name,team\n" + "".join(f"E{i},P{i},T\n" for i in range(10)), encoding="utf-8")
    assert main(["import", "roster", str(ws), str(full)]) == 0
    part = tmp_path / "part.csv"
    part.write_text("employee_id,name,team\nE0,P0,T\nE1,P1,T\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "roster", str(ws), str(part)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "would deactivate 8 of 10 active people (80%" in err and "--allow-mass-deactivation" in err
    assert all(_people(ws).values())
    assert main(["import", "roster", str(ws), str(part), "--partial"]) == 0
    assert all(_people(ws).values())
    assert main(["import", "roster", str(ws), str(part), "--allow-mass-deactivation"]) == 0
    assert sum(_people(ws).values()) == 2


def test_map_and_preset_problems_are_one_line(tmp_path, capsys):
    ws = tmp_path / "w.tracker"
    odd = tmp_path / "odd.csv"
    odd.write_text("Id,Full name,Unit\n1,Ann,Claims\n", encoding="utf-8")
    assert main(["import", "roster", str(ws), str(odd), "--map", "team"]) == 1
    assert "FIELD=COLUMN" in capsys.readouterr().err
    assert main(["import", "roster", str(ws), str(odd), "--preset", "workday_worker"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not fit this file" in err
    assert main(["import", "roster", str(ws), str(odd), "--map", "employee_id=Id", "--map", "name=Full name"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no column for Team" in err and "--map FIELD=COLUMN" in err
    assert main(["import", "roster", str(ws), str(odd), "--map", "employee_id=Id", "--map", "name=Full name",
                 "--map", "team=Unit"]) == 0
    assert _people(ws) == {"1": True}
