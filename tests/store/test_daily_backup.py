"""Automatic daily backups: when they are made, where, how many are kept, and restoring one."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.store import Workspace, WorkspaceError, WorkspaceLockedError
from tracker.store.backup import backup_folders, list_backups, make_daily_backup, restore_backup

DAY = dt.datetime(2026, 3, 2, 9, 30)


def team_names(path) -> set[str]:
    with Workspace.open(path, create=False) as ws:
        return {t.name for t in ws.teams.list()}


def test_first_backup_goes_beside_the_workspace_and_is_complete(tmp_path):
    with Workspace.open(tmp_path / "Org.tracker") as ws:
        assert make_daily_backup(ws, DAY) is None  # nothing recorded yet: nothing to lose
        ws.teams.create("Finance")
        copy = make_daily_backup(ws, DAY)
    assert copy == tmp_path / "Org backups" / "Org 2026-03-02 093000.tracker"
    assert team_names(copy) == {"Finance"}
    [backup] = list_backups(tmp_path / "Org.tracker")
    assert (backup.path, backup.made, backup.size) == (copy, DAY, copy.stat().st_size)


def test_at_most_once_a_day_and_only_when_changed(tmp_path):
    with Workspace.open(tmp_path / "Org.tracker") as ws:
        ws.teams.create("Finance")
        assert make_daily_backup(ws, DAY) is not None
        ws.teams.create("Sales")
        assert make_daily_backup(ws, DAY + dt.timedelta(hours=8)) is None  # same day
        assert make_daily_backup(ws, DAY + dt.timedelta(days=1)) is not None  # changed, next day
        assert make_daily_backup(ws, DAY + dt.timedelta(days=2)) is None  # unchanged since
    assert len(list_backups(tmp_path / "Org.tracker")) == 2


def test_only_the_last_n_are_kept(tmp_path):
    with Workspace.open(tmp_path / "Org.tracker") as ws:
        for day in range(6):
            ws.teams.create(f"Team {day}")
            make_daily_backup(ws, DAY + dt.timedelta(days=day), keep=3)
    kept = list_backups(tmp_path / "Org.tracker")
    assert [b.made.day for b in kept] == [7, 6, 5]
    assert team_names(kept[0].path) == {f"Team {d}" for d in range(6)}


def test_read_only_view_makes_no_backup(tmp_path):
    path = tmp_path / "Org.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Finance")
    with Workspace.open(path, readonly=True) as ws:
        assert make_daily_backup(ws, DAY) is None


def test_unwritable_folder_falls_back_to_the_user_data_folder(tmp_path, monkeypatch):
    path = tmp_path / "Org.tracker"
    beside, fallback = backup_folders(path)
    beside.write_text("a file where the folder would go")  # mkdir fails as it would read-only
    with Workspace.open(path) as ws:
        ws.teams.create("Finance")
        copy = make_daily_backup(ws, DAY)
    assert copy.parent == fallback and str(fallback).startswith(str(tmp_path.parent))
    assert [b.path for b in list_backups(path)] == [copy]


def test_restore_keeps_the_current_file_aside(tmp_path):
    (tmp_path / "Q3 #2? 100%").mkdir()  # characters a file URI must encode
    path = tmp_path / "Q3 #2? 100%" / "Org.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Finance")
        copy = make_daily_backup(ws, DAY)
        ws.teams.create("Sales")
    aside = restore_backup(copy, path, now=DAY)
    assert aside.name == "Org.before-restore-20260302-093000.tracker"
    assert team_names(path) == {"Finance"}
    assert team_names(aside) == {"Finance", "Sales"}
    assert copy.exists()  # the backup itself stays available


def test_restore_is_refused_while_the_workspace_is_open(tmp_path):
    path = tmp_path / "Org.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Finance")
        copy = make_daily_backup(ws, DAY)
        with pytest.raises(WorkspaceLockedError):
            restore_backup(copy, path)
    assert team_names(path) == {"Finance"}


def test_damaged_backup_is_refused_and_the_workspace_untouched(tmp_path):
    path = tmp_path / "Org.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Finance")
    bad = tmp_path / "Org 2026-03-02 093000.tracker"
    bad.write_bytes(b"not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(WorkspaceError):
        restore_backup(bad, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["Org.tracker", bad.name])
