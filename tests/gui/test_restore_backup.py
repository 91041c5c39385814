"""Daily backups from the window and File → Restore from backup…."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.store import Workspace
from tracker.store.backup import list_backups, make_daily_backup
from tracker.ui.dialogs.restore_dialog import RestoreDialog

pytestmark = pytest.mark.gui


def make_workspace(path: Path, *teams: str) -> Path:
    with Workspace.open(path) as ws:
        for name in teams:
            ws.teams.create(name)
    return path


def opened(window, qtbot, path: Path) -> None:
    """Open `path` and wait for the jobs that follow the first paint (open_jobs.py)."""
    assert window.files.open_path(path)
    qtbot.waitUntil(lambda: not window.files.open_jobs.running, timeout=10_000)


def test_opening_a_changed_workspace_backs_it_up_once(window, qtbot, tmp_path):
    path = make_workspace(tmp_path / "acme.tracker", "Finance")
    opened(window, qtbot, path)
    [backup] = list_backups(path)
    assert backup.path.parent == tmp_path / "acme backups"
    window.context.workspace.teams.create("Sales")
    window.close()  # closing on the same day: still the one copy
    assert len(list_backups(path)) == 1


def test_closing_the_window_backs_up_changes_made_since_yesterday_s_copy(window, qtbot, tmp_path):
    path = make_workspace(tmp_path / "acme.tracker", "Finance")
    with Workspace.open(path) as ws:
        yesterday = make_daily_backup(ws, dt.datetime.now() - dt.timedelta(days=1))
    opened(window, qtbot, path)
    assert list_backups(path)[0].path == yesterday  # unchanged since: no second copy on opening
    window.context.workspace.teams.create("Sales")
    window.close()
    newest = list_backups(path)[0]
    assert newest.path != yesterday and newest.made.date() == dt.date.today()
    with Workspace.open(newest.path, readonly=True) as copy:
        assert {t.name for t in copy.teams.list()} == {"Finance", "Sales"}


def test_dialog_lists_date_and_size_and_asks_before_restoring(qtbot, tmp_path, monkeypatch):
    path = make_workspace(tmp_path / "acme.tracker", "Finance")
    with Workspace.open(path) as ws:
        make_daily_backup(ws, dt.datetime(2026, 3, 1, 17, 5))
    backups = list_backups(path)
    dialog = RestoreDialog("acme.tracker", backups)
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 0).text() == "1 Mar 2026 17:05"
    assert dialog.table.item(0, 1).text().endswith("KB")
    answers = []
    monkeypatch.setattr(dialog, "confirm", lambda backup: answers.append(backup) or False)
    dialog.restore_button.click()
    assert answers == backups and dialog.result() != QDialog.DialogCode.Accepted
    dialog.table.clearSelection()
    assert not dialog.restore_button.isEnabled()


def test_restore_brings_the_copy_back_and_keeps_the_current_file(window, messages, tmp_path, monkeypatch):
    path = make_workspace(tmp_path / "acme.tracker", "Finance")
    with Workspace.open(path) as ws:
        make_daily_backup(ws, dt.datetime.now() - dt.timedelta(days=3))
    assert window.files.open_path(path)
    window.context.workspace.teams.create("Sales")
    monkeypatch.setattr(RestoreDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    old_copy = list_backups(path)[-1]
    monkeypatch.setattr(RestoreDialog, "selected", lambda self: old_copy)
    assert window.files.restore_from_backup()
    ws = window.context.workspace
    assert ws.path == path and not ws.readonly
    assert {t.name for t in ws.teams.list()} == {"Finance"}
    [aside] = tmp_path.glob("acme.before-restore-*.tracker")
    with Workspace.open(aside, readonly=True) as kept:
        assert {t.name for t in kept.teams.list()} == {"Finance", "Sales"}


def test_restore_without_backups_says_so(window, messages, tmp_path):
    path = tmp_path / "empty.tracker"
    Workspace.open(path).close()
    assert window.files.open_path(path)
    assert not window.files.restore_from_backup()
    assert "no backups" in messages.texts()[-1]
