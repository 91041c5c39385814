"""KPI readings import: rejections by row, all or nothing, idempotence, and the command line."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.cli import main
from tracker.services.kpi_import import apply_kpis, preview_kpis
from tracker.store import Workspace

TODAY = dt.date(2026, 3, 15)


@pytest.fixture
def kpis(org):
    ws = org["ws"]
    accuracy = ws.delivery.kpis.add(rollout_id=org["rollout"], name="Accuracy", unit="%", target=90,
                                    direction="higher_better", tolerance=3)
    latency = ws.delivery.kpis.add(rollout_id=org["rollout"], name="p95 latency", unit="ms", target=800,
                                   direction="lower_better", tolerance=200)
    return {**org, "accuracy": accuracy, "latency": latency}


def write(tmp_path, *lines, name="kpis.csv"):
    path = tmp_path / name
    path.write_text("\n".join(["kpi,measured_on,value", *lines]) + "\n", encoding="utf-8")
    return path


def values(ws, kpi_id):
    return [(r.measured_on.isoformat(), r.value) for r in ws.delivery.kpis.readings(kpi_id)]


def test_import_applies_and_the_same_file_twice_changes_nothing(tmp_path, kpis):
    ws = kpis["ws"]
    path = write(tmp_path, "Accuracy,2026-01-31,86.5", "accuracy,2026-02-28,89", "P95 Latency,28/02/2026,950")
    preview = preview_kpis(ws, path, kpis["rollout"], today=TODAY)
    assert preview.ok and "3 new readings" in preview.report()
    assert apply_kpis(ws, preview) is not None
    assert values(ws, kpis["accuracy"]) == [("2026-01-31", 86.5), ("2026-02-28", 89.0)]
    assert values(ws, kpis["latency"]) == [("2026-02-28", 950.0)]
    again = preview_kpis(ws, path, kpis["rollout"], today=TODAY)
    assert again.plan.unchanged == 3 and not again.plan.has_changes and apply_kpis(ws, again) is None


def test_one_bad_row_rejects_the_whole_file(tmp_path, kpis):
    ws = kpis["ws"]
    path = write(tmp_path, "Accuracy,2026-01-31,86.5", "Uptime,2026-01-31,99.9", "Accuracy,2026-02-30,80")
    preview = preview_kpis(ws, path, kpis["rollout"], today=TODAY)
    assert not preview.ok
    report = preview.report()
    assert "row 3: there is no KPI called 'Uptime'" in report and "row 4:" in report
    with pytest.raises(Exception, match="never applied"):
        apply_kpis(ws, preview)
    assert values(ws, kpis["accuracy"]) == []


def test_a_changed_value_replaces_the_reading(tmp_path, kpis):
    ws = kpis["ws"]
    ws.delivery.kpis.record(kpis["accuracy"], dt.date(2026, 1, 31), 80.0, today=TODAY)
    preview = preview_kpis(ws, write(tmp_path, "Accuracy,2026-01-31,81"), kpis["rollout"], today=TODAY)
    assert len(preview.plan.changed) == 1
    apply_kpis(ws, preview)
    assert values(ws, kpis["accuracy"]) == [("2026-01-31", 81.0)]


def test_a_rollout_without_kpis_says_so(tmp_path, org):
    preview = preview_kpis(org["ws"], write(tmp_path, "Accuracy,2026-01-31,1"), org["rollout"], today=TODAY)
    assert not preview.ok and "no KPIs yet" in preview.report()


def test_command_line_dry_run_then_apply(tmp_path, kpis, capsys):
    ws_path = kpis["ws"].location
    kpis["ws"].close()  # the command opens the workspace itself
    path = write(tmp_path, "Accuracy,2026-01-31,86.5")
    assert main(["import", "kpis", str(ws_path), str(path), "--rollout", "claims triage assistant", "--dry-run"]) == 0
    assert "Dry run" in capsys.readouterr().out
    assert main(["import", "kpis", str(ws_path), str(path), "--rollout", "Nope"]) == 2
    assert "no rollout called 'Nope'" in capsys.readouterr().err
    assert main(["import", "kpis", str(ws_path), str(write(tmp_path, "Uptime,2026-01-31,1", name="bad.csv")),
                 "--rollout", "Claims triage assistant"]) == 1
    assert "row 2" in capsys.readouterr().err
    assert main(["import", "kpis", str(ws_path), str(path), "--rollout", "Claims triage assistant"]) == 0
    with Workspace.open(ws_path, readonly=True) as ws:
        assert values(ws, kpis["accuracy"]) == [("2026-01-31", 86.5)]
