"""Fixtures for the main-window tests: a window, recorded message boxes, stand-in pages if needed.

Not a conftest.py: other test modules in this folder bring their own `context` fixtures, so
these are imported by name where they are wanted (`from window_fixtures import ...`).
"""

from __future__ import annotations

import importlib
import sys
import types

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from tracker.ui.context import AppContext


class Messages(list):
    """(kind, title, text) of every QMessageBox the code under test tried to show."""

    def texts(self) -> list[str]:
        return [text for _kind, _title, text in self]


@pytest.fixture
def messages(monkeypatch) -> Messages:
    shown = Messages()

    def recorder(kind, answer=QMessageBox.StandardButton.Ok):
        def show(_parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return answer
        return show

    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    monkeypatch.setattr(QMessageBox, "question", recorder("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "about", lambda _p, title, text: shown.append(("about", title, text)))

    def exec_box(box):  # boxes built by hand (with details)
        shown.append(("box", box.windowTitle(), box.text()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    return shown


def _stand_in_page(name: str) -> type:
    class Page(QLabel):
        def __init__(self, context, parent=None):
            super().__init__(name, parent)
            self.context = context
            self.shown_rollout = None
            if name == "RolloutPage":
                context.rollout_selected.connect(self.show_rollout)

        def refresh(self) -> None:
            pass

        def show_rollout(self, rollout_id):
            self.shown_rollout = rollout_id

        def rollout_id(self):
            return self.shown_rollout

    Page.__name__ = name
    return Page


@pytest.fixture
def pages(monkeypatch):
    """The real pages when they import; otherwise minimal stand-ins, so the window is testable."""
    for module_name, class_name in (("tracker.ui.pages.dashboard_page", "DashboardPage"),
                                    ("tracker.ui.pages.organisation_page", "OrganisationPage"),
                                    ("tracker.ui.pages.rollout_page", "RolloutPage")):
        try:
            importlib.import_module(module_name)
        except ImportError:
            stand_in = types.ModuleType(module_name)
            setattr(stand_in, class_name, _stand_in_page(class_name))
            monkeypatch.setitem(sys.modules, module_name, stand_in)


@pytest.fixture
def context():
    ctx = AppContext()
    yield ctx
    ctx.set_workspace(None)


@pytest.fixture
def window(qtbot, pages, context):
    from tracker.ui.main_window import MainWindow

    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
