"""Looking never writes: opening every page and every area tab of every sample rollout changes
no record of the workspace and adds no step to its history (caches aside)."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.demo import write_demo_workspace
from tracker.store import Workspace
from tracker.store.areas import AREAS

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def _records(path) -> dict[str, list[tuple]]:
    """Every record table the areas declare, with the history. Not the derived tables (counts
    and roll-ups the store recomputes on first read, then keeps): they hold no one's input."""
    tables = sorted({t for area in AREAS for t in area.tables if t not in area.derived})
    with sqlite3.connect(path) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def _visit(tabs: QTabWidget, qtbot) -> int:
    seen = 0
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        QApplication.processEvents()
        qtbot.wait(20)
        seen += 1
        for inner in tabs.widget(index).findChildren(QTabWidget):
            for sub in range(inner.count()):
                inner.setCurrentIndex(sub)
                QApplication.processEvents()
                seen += 1
    return seen


def test_opening_every_page_and_tab_of_the_sample_changes_nothing(window, tmp_path, qtbot, messages):
    path = write_demo_workspace(tmp_path / "sample.tracker")
    with Workspace.open(path) as ws:  # a rollout with nothing yet: no checklist, no teams
        ws.rollouts.create(name="Email drafting assistant")
    before = _records(path)
    assert window.files.open_path(path)
    qtbot.waitUntil(lambda: not window.dashboard_page.computing, timeout=30_000)
    window.show_organisation()
    seen = sum(_visit(tabs, qtbot) for tabs in window.organisation_page.findChildren(QTabWidget))
    for rollout in window.context.workspace.rollouts.list():
        window.context.rollout_selected.emit(rollout.id)
        QApplication.processEvents()
        seen += _visit(window.rollout_page.tabs, qtbot)
    window.show_dashboard()
    QApplication.processEvents()
    assert seen > 30
    assert not window.context.undo.can_undo()  # no step was recorded for undo either
    window.context.set_workspace(None)  # close, so the file holds everything
    assert _records(path) == before
