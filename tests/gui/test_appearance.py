"""View → Appearance: System, Light or Dark, applied to the open window at once and remembered."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.store import Workspace
from tracker.ui import settings, theme

pytestmark = pytest.mark.gui


@pytest.fixture
def restore_system(qapp):
    before = QPalette(qapp.palette())
    yield
    theme.set_appearance(theme.SYSTEM)
    qapp.setPalette(before)
    QApplication.processEvents()


def test_dark_then_light_then_system_live_and_remembered(window, tmp_path, qtbot, restore_system):
    path = tmp_path / "a.tracker"
    with Workspace.open(path) as ws:
        ws.rollouts.create(name="Claims triage assistant")
    assert window.files.open_path(path)
    system_dark = theme.is_dark()
    actions = window.menu.appearance_actions
    assert actions["system"].isChecked() and settings.appearance() == "system"

    actions["dark"].trigger()
    assert theme.is_dark() and settings.appearance() == "dark" and actions["dark"].isChecked()
    qtbot.waitUntil(lambda: theme.hex_colour("banner", dark=True) in window.banner.styleSheet(), timeout=2000)

    actions["light"].trigger()
    assert not theme.is_dark() and settings.appearance() == "light"
    qtbot.waitUntil(lambda: theme.hex_colour("banner", dark=False) in window.banner.styleSheet(), timeout=2000)

    actions["system"].trigger()
    assert theme.is_dark() == system_dark and settings.appearance() == "system"


def test_the_choice_comes_back_in_the_next_window(qtbot, pages, context, restore_system):
    from tracker.ui.main_window import MainWindow

    settings.set_appearance("dark")
    theme.set_appearance(settings.appearance())  # what app.create_application does at start
    win = MainWindow(context)
    qtbot.addWidget(win)
    assert win.menu.appearance_actions["dark"].isChecked()
    assert theme.is_dark()


def test_an_unknown_appearance_is_refused(qapp):
    with pytest.raises(ValueError, match="Unknown appearance 'sepia'"):
        theme.install(qapp).set_appearance("sepia")


def test_light_over_a_dark_palette_without_widgets():
    """A QGuiApplication has no style to take a light palette from: choosing light over a dark
    palette falls back to the platform's palette instead of failing (own process: one app each)."""
    code = ("from PySide6.QtGui import QGuiApplication\n"
            "from tracker.ui import theme\n"
            "app = QGuiApplication([])\n"
            "app.setPalette(theme.dark_palette())\n"
            "assert theme.is_dark()\n"
            "theme.set_appearance(theme.LIGHT)\n"
            "print(theme.is_dark())\n")
    done = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
                          cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
