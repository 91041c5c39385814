"""Every control of the Seats tab's inner tabs and of the dashboard's seats view has a name a
screen reader says and is reached by Tab (the checks of test_accessibility.py, which sees only
the first inner tab of a page)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from test_accessibility import problems
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.ui.widgets import accessible_names

pytestmark = pytest.mark.gui


def test_the_seats_tab_and_the_dashboards_seats_are_named_and_reachable(window, qtbot, tmp_path, sample_copy):
    accessible_names.install(QApplication.instance())
    assert window.files.open_path(sample_copy(tmp_path / "sample.tracker"))
    window.resize(1280, 720)
    window.navigator.choose_rollout(window.navigator.rollout_ids()[0])
    page = window.rollout_page.areas.show("seats")
    qtbot.waitUntil(lambda: not page.computing, timeout=20_000)
    assert page.body.currentIndex() == 2  # the sample's usage gives its rollouts seats
    found = []
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        found += problems(window, f"Seats › {page.tabs.tabText(index)}")
    dashboard = window.dashboard_page
    window.show_dashboard()
    dashboard.side_tabs.setCurrentWidget(dashboard.seats)
    qtbot.waitUntil(lambda: dashboard.seats.portfolio is not None and not dashboard.seats.computing, timeout=20_000)
    found += problems(window, "Dashboard › Seats")
    assert not found, "\n".join(found)
