"""Starting the application: what opens first, and what an unexpected error looks like."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from window_fixtures import messages, pages  # noqa: F401 - fixtures

import tracker.app as app_module
from tracker.resources import resource_path
from tracker.store import Workspace
from tracker.ui import settings
from tracker.ui.dialogs.start_dialog import StartChoice

pytestmark = pytest.mark.gui


@pytest.fixture
def launched(qtbot, pages):
    """Calls app.launch and closes what it opened."""
    windows = []

    def launch(path=None):
        window = app_module.launch(path)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield launch
    for window in windows:
        window.close()


class FakeStartDialog:
    """Stands in for the first-run dialog: records that it was shown and picks `choice`."""

    shown = 0
    choice: StartChoice | None = None

    def __init__(self, parent=None):
        pass

    def exec(self):
        FakeStartDialog.shown += 1
        return 1 if self.choice is not None else 0


@pytest.fixture
def start_dialog(monkeypatch):
    FakeStartDialog.shown, FakeStartDialog.choice = 0, None
    monkeypatch.setattr(app_module, "StartDialog", FakeStartDialog)
    return FakeStartDialog


def test_a_path_on_the_command_line_is_created_when_missing(launched, start_dialog, tmp_path):
    path = tmp_path / "new.tracker"
    window = launched(str(path))
    assert path.exists()
    assert window.context.workspace.path == path
    assert start_dialog.shown == 0


def test_the_last_workspace_opens_again(launched, start_dialog, tmp_path):
    path = tmp_path / "last.tracker"
    Workspace.open(path).close()
    settings.add_recent_file(path)
    window = launched()
    assert window.context.workspace.path == path
    assert start_dialog.shown == 0


def test_first_run_shows_the_start_dialog_and_acts_on_the_choice(launched, start_dialog, tmp_path, monkeypatch):
    settings.add_recent_file(tmp_path / "moved-away.tracker")  # no longer there: not reopened
    existing = tmp_path / "team.tracker"
    Workspace.open(existing).close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(existing), ""))
    start_dialog.choice = StartChoice.OPEN
    window = launched()
    assert start_dialog.shown == 1
    assert window.context.workspace.path == existing


def test_dismissing_the_start_dialog_leaves_the_start_panel(launched, start_dialog):
    window = launched()
    assert start_dialog.shown == 1
    assert window.context.workspace is None
    assert window.body.currentWidget() is window.start_panel


def test_a_bad_command_line_path_is_a_message(launched, start_dialog, messages, tmp_path):
    path = tmp_path / "photo.tracker"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    window = launched(str(path))
    assert "is not a Rollout Tracker workspace" in messages.texts()[0]
    assert window.context.workspace is None


def test_run_gui_names_the_application_and_installs_the_error_hook(qtbot, pages, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(app_module, "launch", lambda path: None)
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)
    assert app_module.run_gui(None) == 0
    app = QApplication.instance()
    assert (app.organizationName(), app.applicationName()) == ("RolloutTracker", "Rollout Tracker")
    assert not app.windowIcon().isNull()
    assert sys.excepthook is app_module._excepthook


def test_the_icon_is_shipped():
    assert resource_path("icon.svg").is_file()
    assert resource_path("icon.png").is_file()


def test_resource_path_prefers_the_pyinstaller_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("icon.svg") == tmp_path / "resources" / "icon.svg"


def test_unexpected_errors_show_a_dialog_with_details_and_are_logged(qtbot, monkeypatch, caplog):
    shown = []

    def exec_box(box):
        shown.append((box.windowTitle(), box.text(), box.detailedText()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    try:
        raise ValueError("rollout 7 has no stage")
    except ValueError as e:
        error, tb = e, e.__traceback__
    with caplog.at_level(logging.ERROR, logger="tracker"):
        app_module._excepthook(ValueError, error, tb)
    [(title, text, details)] = shown
    assert title == "Unexpected error"
    assert "rollout 7 has no stage" in text
    assert "Traceback" in details and "ValueError" in details
    assert "rollout 7 has no stage" in caplog.text


def test_an_error_while_showing_an_error_does_not_loop(qtbot, monkeypatch):
    calls = []

    def exec_box(box):
        calls.append(1)
        app_module._excepthook(RuntimeError, RuntimeError("again"), None)  # e.g. from a paint
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    app_module._excepthook(RuntimeError, RuntimeError("first"), None)
    assert calls == [1]
