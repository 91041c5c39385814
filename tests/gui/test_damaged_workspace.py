"""The window refuses a damaged workspace and offers to restore its newest good backup."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.store import Workspace
from tracker.store.backup import make_daily_backup

pytestmark = pytest.mark.gui
PAGE = 4096


def damaged_workspace_with_backup(tmp_path, backup=True):
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as ws:
        team = ws.teams.create("Claims")
        with ws.conn:
            ws.conn.executemany("INSERT INTO people (employee_id, name, team_id) VALUES (?, ?, ?)",
                                [(f"E{i:05}", f"Person number {i}", team) for i in range(1500)])
        ws.rollouts.create(name="Claims triage assistant")
        if backup:
            make_daily_backup(ws, now=dt.datetime(2026, 3, 2, 9, 0))
    pages = path.stat().st_size // PAGE
    with open(path, "r+b") as f:
        f.seek(PAGE * (pages // 2))
        f.write(b"\x5a" * PAGE)
    return path


def test_confirmed_restore_opens_the_backup_and_keeps_the_damaged_file(window, messages, tmp_path):
    path = damaged_workspace_with_backup(tmp_path)
    damaged = path.read_bytes()

    assert window.files.open_path(path)

    [(kind, title, text)] = messages
    assert kind == "question" and "damaged" in text and "Restore from the latest backup" in text
    ws = window.context.workspace
    assert ws is not None and ws.path == path
    assert ws.scalar("SELECT count(*) FROM people") == 1500
    [aside] = tmp_path.glob("org.damaged-*.tracker")
    assert aside.read_bytes() == damaged


def test_declining_the_restore_opens_nothing_and_changes_nothing(window, messages, tmp_path,
                                                                 monkeypatch):
    path = damaged_workspace_with_backup(tmp_path)
    damaged = path.read_bytes()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    assert not window.files.open_path(path)
    assert window.context.workspace is None
    assert path.read_bytes() == damaged and not list(tmp_path.glob("org.damaged-*"))


def test_without_a_backup_it_is_a_warning(window, messages, tmp_path):
    path = damaged_workspace_with_backup(tmp_path, backup=False)
    assert not window.files.open_path(path)
    [(kind, _title, text)] = messages
    assert kind == "warning" and "No good copy" in text
