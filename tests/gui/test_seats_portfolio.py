"""From the dashboard to a rollout's Seats tab: the seats portfolio per rollout and per AI tool,
and File → Import seats… for the rollout in view."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog
from test_seats_page import AS_OF, seat_people
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def pinned_day(monkeypatch):
    from tracker.ui.pages.dashboard_page import DashboardPage
    from tracker.ui.pages.rollout_area_page import RolloutAreaPage

    for page in (DashboardPage, RolloutAreaPage):
        monkeypatch.setattr(page, "today", staticmethod(lambda: AS_OF))


@pytest.fixture
def seated(org, window, qtbot):
    """The org with six seats of its rollout at 30 EUR (four inactive), open in the window."""
    seat_people(org)
    ws = org["ws"]
    other = ws.rollouts.create(name="Underwriting copilot")
    ws.seats.set_settings(other, inactive_days=30, grace_days=30, tool="Claims triage assistant")
    path = ws.path
    ws.close()
    assert window.files.open_path(path)
    window.show_dashboard()
    dashboard = window.dashboard_page
    dashboard.side_tabs.setCurrentWidget(dashboard.seats)
    qtbot.waitUntil(lambda: dashboard.seats.portfolio is not None and not dashboard.seats.computing, timeout=10_000)
    return window, other


def test_the_portfolio_counts_each_rollout_and_tool_and_opens_the_seats_tab(seated, qtbot):
    window, other = seated
    panel = window.dashboard_page.seats
    rows = {f.name: f for f in panel.model.shown()}
    claims = rows["Claims triage assistant"]
    assert (claims.seats, claims.inactive, claims.awaiting, claims.recoverable_text) == (6, 4, 4, "120.00 EUR")
    assert rows["Underwriting copilot"].seats == 0
    assert "120.00 EUR" in panel.summary.text() and "4 seats awaiting a decision" in panel.summary.text()
    panel.view_combo.setCurrentIndex(1)  # by AI tool: both rollouts name the same tool
    (tool,) = panel.model.shown()
    assert tool.rollouts == ("Claims triage assistant", "Underwriting copilot") and tool.seats == 6

    panel.view_combo.setCurrentIndex(0)
    panel.table.select_where(lambda f: f.name == "Claims triage assistant")
    assert panel.open_button.isEnabled()
    panel.open_button.click()
    page = window.rollout_page
    assert window.current_page() is page and page.rollout_id == window.context.workspace.rollouts.list()[0].id
    seats = page.areas.pages["seats"]
    assert page.tabs.currentIndex() == page.areas.index_of("seats")
    qtbot.waitUntil(lambda: seats.overview is not None and not seats.computing, timeout=10_000)
    assert seats.seats_value.text() == "6"


def test_a_small_rollout_is_hidden_on_the_dashboard_as_in_the_report(org, window, qtbot):
    ws = org["ws"]
    seat_people(org, 3)
    path = ws.path
    ws.close()
    assert window.files.open_path(path)
    dashboard = window.dashboard_page
    dashboard.side_tabs.setCurrentWidget(dashboard.seats)
    qtbot.waitUntil(lambda: dashboard.seats.portfolio is not None and not dashboard.seats.computing, timeout=10_000)
    (row,) = dashboard.seats.model.shown()
    assert row.hidden and row.seats is None and row.recoverable_text == "hidden"
    assert "1 rollout(s) hidden" in dashboard.seats.summary.text()


def test_file_import_seats_asks_for_the_rollout_and_opens_its_import(seated, monkeypatch, qtbot):
    window, other = seated
    opened = []
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("Underwriting copilot", True)))
    monkeypatch.setattr(QDialog, "exec", lambda dialog: opened.append(dialog.windowTitle()) or 0)
    assert window.menu.import_seats.isEnabled()
    window.menu.import_seats.trigger()
    assert opened == ["Import seats – Underwriting copilot"]
    assert window.rollout_page.rollout_id == other
    assert window.rollout_page.tabs.currentIndex() == window.rollout_page.areas.index_of("seats")
