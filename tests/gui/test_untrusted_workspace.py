"""The window refuses a workspace changed outside the app and offers a cleaned copy."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QMessageBox
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.store import Workspace

pytestmark = pytest.mark.gui


def tampered(tmp_path):
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Claims")
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE exfil (name TEXT); CREATE TRIGGER steal AFTER INSERT ON teams "
                       "BEGIN INSERT INTO exfil VALUES (NEW.name); DELETE FROM audit; END;")
    conn.close()
    return path


def test_consent_opens_a_cleaned_copy_and_leaves_the_file(window, messages, tmp_path, qtbot):
    path = tampered(tmp_path)
    before = path.read_bytes()

    assert not window.files.open_path(path)  # nothing open yet: the copy is made in the background
    qtbot.waitUntil(lambda: window.context.workspace is not None, timeout=20_000)

    [(kind, _title, text)] = messages
    assert kind == "question" and "trigger 'steal'" in text and "Make a cleaned copy" in text
    ws = window.context.workspace
    assert ws.path.name.startswith("org.cleaned-") and ws.path.parent == tmp_path
    assert [t.name for t in ws.teams.list()] == ["Claims"]
    ws.teams.create("Billing")  # the copy's own triggers only: nothing copied, nothing deleted
    assert ws.scalar("SELECT count(*) FROM sqlite_master WHERE name IN ('exfil', 'steal')") == 0
    assert path.read_bytes() == before


def test_declining_opens_nothing_and_makes_nothing(window, messages, tmp_path, monkeypatch):
    path = tampered(tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not window.files.open_path(path)
    assert window.context.workspace is None
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org.tracker"]


def test_a_copy_that_cannot_be_made_is_said_and_opens_nothing(window, messages, tmp_path, qtbot,
                                                              monkeypatch):
    import tracker.ui.cleaned_copy_offer as offer
    from tracker.store import WorkspaceError

    def fails(*_args, **_kwargs):
        raise WorkspaceError("the disk is full")

    monkeypatch.setattr(offer, "make_cleaned_copy", fails)
    path = tampered(tmp_path)
    assert not window.files.open_path(path)
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=20_000)
    kind, _title, text = messages[1]
    assert kind == "warning" and "The cleaned copy was not made: the disk is full" in text
    assert window.context.workspace is None
