"""Usage log import: duplicates collapse, unknown people counted, every rejection, all or nothing,
the same file twice, undo. And the team figures import."""

from __future__ import annotations

import datetime as dt

import pytest
from adoption_fixtures import small_org, write_csv

from tracker.services.adoption_import import apply_team_figures, preview_team_figures
from tracker.services.usage_import import apply_usage, preview_usage

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def org(workspace):
    return small_org(workspace)


def test_duplicates_collapse_and_unknown_people_are_counted(workspace, org, tmp_path):
    rollout, teams, _ = org
    f = write_csv(tmp_path / "u.csv", [
        ("S0", "Copilot", "2026-01-05"), ("S0", "copilot", "2026-01-05T09:30:00"), ("S0", "Copilot", "05.01.2026"),
        ("S1", "Copilot", "2026-01-06"), ("X1", "Copilot", "2026-01-06"), ("X1", "Copilot", "2026-01-07"),
        ("X2", "Copilot", "2026-01-07")])
    p = preview_usage(workspace, f, today=TODAY)
    assert p.ok, p.report()
    assert (p.rows, p.uses, p.new, p.duplicates) == (7, 2, 2, 2)
    assert p.unknown_rows == 3 and p.unknown_ids == ["X1", "X2"]
    assert "3 rows name 2 employee ids that are not in the roster" in p.report()
    assert apply_usage(workspace, p) is not None
    (point,) = workspace.adoption.history(rollout, teams["Sales"])
    assert point.active == 2 and point.period_end == dt.date(2026, 1, 11)


@pytest.mark.parametrize("row, reason", [
    (("S0", "Nope", "2026-01-05"), "no rollout called 'Nope'"),
    (("S0", "", "2026-01-05"), "rollout is empty"),
    (("S0", "Copilot", "someday"), "used_on"),
    (("S0", "Copilot", "2027-01-05"), "in the future"),
    (("", "Copilot", "2026-01-05"), "employee id is empty"),
])
def test_every_rejection_names_its_row_and_nothing_is_imported(workspace, org, tmp_path, row, reason):
    f = write_csv(tmp_path / "u.csv", [("S0", "Copilot", "2026-01-05"), row])
    p = preview_usage(workspace, f, today=TODAY)
    assert not p.ok
    assert p.errors[0].row == 3 and reason in p.errors[0].reason
    with pytest.raises(ValueError):
        apply_usage(workspace, p)
    assert not workspace.adoption.has_usage()


def test_missing_columns_and_unreadable_files_are_rejected(workspace, org, tmp_path):
    f = write_csv(tmp_path / "u.csv", [("S0", "2026-01-05")], header=("employee_id", "used_on"))
    p = preview_usage(workspace, f, today=TODAY)
    assert not p.ok and "no column rollout" in p.report()
    assert not preview_usage(workspace, tmp_path / "missing.csv").ok


def test_synonym_columns_are_accepted(workspace, org, tmp_path):
    f = write_csv(tmp_path / "u.csv", [("S0", "Copilot", "2026-01-05")], header=("Employee", "Tool", "Date"))
    assert preview_usage(workspace, f, today=TODAY).uses == 1


def test_the_same_file_twice_changes_nothing_and_undo_removes_the_import(workspace, org, tmp_path):
    rollout, _, _ = org
    f = write_csv(tmp_path / "u.csv", [("S0", "Copilot", "2026-01-05"), ("S1", "Copilot", "2026-01-13")])
    change = apply_usage(workspace, preview_usage(workspace, f, today=TODAY))
    again = preview_usage(workspace, f, today=TODAY)
    assert again.ok and again.new == 0 and "0 new, 2 already recorded" in again.report()
    assert apply_usage(workspace, again) is None
    more = write_csv(tmp_path / "v.csv", [("S0", "Copilot", "2026-01-05"), ("S2", "Copilot", "2026-01-13")])
    p = preview_usage(workspace, more, today=TODAY)
    assert p.new == 1
    assert apply_usage(workspace, p) is not None
    assert workspace.adoption.history(rollout)[-1].active == 3
    workspace.audit.undo(workspace.audit.recent_changes()[0].id)
    assert workspace.adoption.history(rollout)[-1].active == 2
    workspace.audit.undo(change)
    assert workspace.adoption.history(rollout) == []


def test_team_figures_import(workspace, org, tmp_path):
    rollout, teams, _ = org
    header = ("rollout", "team", "period_end", "eligible", "active", "proficient")
    good = write_csv(tmp_path / "t.csv", [("Copilot", "Ops", "2026-01-31", "4", "2", "1"),
                                          ("Copilot", "Ops", "2026-02-28", "4", "3", "")], header=header)
    p = preview_team_figures(workspace, good, today=TODAY)
    assert p.ok and len(p.new) == 2, p.report()
    assert apply_team_figures(workspace, p) is not None
    again = preview_team_figures(workspace, good, today=TODAY)
    assert again.unchanged == 2 and apply_team_figures(workspace, again) is None
    assert [(p.active, p.proficient) for p in workspace.adoption.history(rollout, teams["Ops"])] == [(2, 1), (3, None)]


@pytest.mark.parametrize("row, reason", [
    (("Nope", "Ops", "2026-01-31", "4", "2", ""), "no rollout called"),
    (("Copilot", "Nope", "2026-01-31", "4", "2", ""), "no team called"),
    (("Copilot", "Ops", "2026-01-31", "4", "5", ""), "more than eligible"),
    (("Copilot", "Ops", "2026-01-31", "4", "2", "3"), "more than active"),
    (("Copilot", "Ops", "2026-01-31", "-4", "2", ""), "whole number"),
    (("Copilot", "Ops", "2026-01-31", "4.5", "2", ""), "whole number"),
    (("Copilot", "Ops", "soon", "4", "2", ""), "period_end"),
    (("Copilot", "Ops", "2026-01-10", "4", "2", ""), "already on row 2"),
])
def test_team_figures_rejections(workspace, org, tmp_path, row, reason):
    header = ("rollout", "team", "period_end", "eligible", "active", "proficient")
    f = write_csv(tmp_path / "t.csv", [("Copilot", "Ops", "2026-01-10", "4", "2", ""), row], header=header)
    p = preview_team_figures(workspace, f, today=TODAY)
    assert not p.ok and any(e.row == 3 and reason in e.reason for e in p.errors), p.report()
    assert workspace.adoption.team_figures(org[0]) == []
