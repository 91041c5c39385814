"""The dashboard: opens first, shows every rollout with the health the domain rule gives it and
the reasons, follows changes, and opens a rollout on double-click."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.demo import write_demo_workspace
from tracker.domain.health import Health
from tracker.services.rollout_status import portfolio_status
from tracker.ui.models import health_colours
from tracker.ui.models.portfolio_model import HEALTH_COLUMN, REASONS_COLUMN, short_reason
from tracker.ui.pages.dashboard_page import DashboardPage

pytestmark = pytest.mark.gui
AS_OF = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory):
    return write_demo_workspace(tmp_path_factory.mktemp("sample") / "sample.tracker")


@pytest.fixture
def opened(window, sample_path, tmp_path, monkeypatch, qtbot):
    import shutil

    path = tmp_path / "copy.tracker"
    shutil.copy(sample_path, path)
    monkeypatch.setattr(DashboardPage, "today", staticmethod(lambda: AS_OF))
    assert window.files.open_path(path)
    page = window.dashboard_page
    qtbot.waitUntil(lambda: not page.out_of_date and not page.computing and page.model.rowCount() > 0, timeout=10_000)
    return window


def test_the_dashboard_opens_first_with_every_rollout(opened):
    page = opened.dashboard_page
    assert opened.current_page() is page
    names = {s.rollout.name for s in page.model.rows()}
    assert names == {r.name for r in opened.context.workspace.rollouts.list()}
    assert len(names) == 5


def test_status_shown_equals_the_domain_rule_for_each_rollout(opened):
    page = opened.dashboard_page
    expected = {s.rollout.id: s for s in portfolio_status(opened.context.workspace, AS_OF)}
    model = page.model
    for row in range(model.rowCount()):
        status = model.record(row)
        want = expected[status.rollout.id]
        health_cell = model.index(row, HEALTH_COLUMN)
        assert model.data(health_cell) == want.health.label
        assert model.data(health_cell, 8) == health_colours.background(Health(want.health))  # BackgroundRole
        reasons = model.data(model.index(row, REASONS_COLUMN))
        full = model.data(model.index(row, REASONS_COLUMN), Qt.ItemDataRole.ToolTipRole)
        for reason in want.reasons:  # the headline in the cell, the sentence in its tooltip
            assert short_reason(reason) in reasons.split("\n")
            assert reason in full
    assert any(s.reasons for s in expected.values())  # the sample has reds or ambers to explain


def test_selecting_a_rollout_lists_its_factors(opened):
    page = opened.dashboard_page
    page.table.selectRow(0)
    status = page.table.current_record()
    assert [b.text() for b in page.factors.badges] == [f.health.label for f in status.factors]
    assert [r.text() for r in page.factors.reasons] == [f.reason for f in status.factors]


def test_double_click_opens_the_rollout(opened, qtbot):
    page = opened.dashboard_page
    page.table.selectRow(1)
    status = page.table.current_record()
    page.table.record_activated.emit(status)
    assert opened.current_page() is opened.rollout_page
    assert opened.rollout_page.rollout_id == status.rollout.id


def test_a_change_elsewhere_shows_on_the_dashboard(opened, qtbot):
    page = opened.dashboard_page
    ws = opened.context.workspace
    target = page.model.record(0).rollout
    ws.rollouts.update(target.id, name="Renamed rollout")
    qtbot.waitUntil(lambda: any(s.rollout.name == "Renamed rollout" for s in page.model.rows()), timeout=3000)


def test_change_load_names_overloaded_teams(opened, qtbot):
    panel = opened.dashboard_page.change_load
    qtbot.waitUntil(lambda: panel.load is not None, timeout=5000)
    load = panel.load
    if load.overloaded:
        assert load.overloaded[0].team_name in panel.summary.text()
    else:
        assert "No team is above" in panel.summary.text()
    assert panel.canvas.figure is not None


def test_the_worst_rollouts_come_first(opened):
    ranks = [s.health.rank for s in opened.dashboard_page.model.rows()]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) > 1  # the sample has more than one colour


def test_an_edit_that_does_not_move_the_change_load_does_not_redraw_it(opened, qtbot):
    page = opened.dashboard_page
    panel = page.change_load
    qtbot.waitUntil(lambda: panel.load is not None, timeout=5000)
    drawn = panel.redraws
    ws = opened.context.workspace
    ws.rollouts.update(page.model.record(0).rollout.id, description="A new objective")
    qtbot.waitUntil(lambda: not page.computing and not page.out_of_date, timeout=5000)
    panel.draw()
    assert panel.redraws == drawn
    team = next(iter(ws.rollouts.participation(page.model.record(0).rollout.id)))
    ws.rollouts.set_impact(team.rollout_id, team.team_id, "none" if team.impact.value != "none" else "high")
    panel.draw()
    assert panel.redraws == drawn + 1


def test_a_title_edit_leaves_the_figures_and_a_team_move_recomputes_them(opened, qtbot):
    page = opened.dashboard_page
    ws = opened.context.workspace
    person = next(p for p in ws.people.list(active_only=True) if p.team_id is not None)
    shown = page.statuses
    ws.people.update(person.id, title="Head of Everything")
    assert not page.out_of_date and not page.computing
    assert page.statuses is shown  # nothing recomputed: a title moves no figure
    other = next(t.id for t in ws.teams.list() if t.id != person.team_id)
    ws.people.update(person.id, team_id=other)
    assert page.out_of_date or page.computing
    qtbot.waitUntil(lambda: not page.computing and not page.out_of_date, timeout=10_000)
    assert page.statuses is not shown


def test_reasons_and_adoption_are_readable_at_the_default_window_size(opened, qtbot):
    from tracker.ui.models.portfolio_model import ADOPTION_COLUMN, adoption_text
    from tracker.ui.widgets.sparkline_delegate import MIN_LINE_WIDTH_PX, TEXT_GAP_PX

    opened.resize(1200, 760)  # the window's size on first start
    qtbot.wait(50)
    page = opened.dashboard_page
    table, model = page.table, page.model
    metrics = table.fontMetrics()
    adoption_width = table.columnWidth(ADOPTION_COLUMN)
    reasons_width = table.columnWidth(REASONS_COLUMN)
    assert reasons_width >= 180  # the column that stretches keeps room to read
    for row in range(model.rowCount()):
        status = model.record(row)
        # Adoption: the whole "80% of 70%" beside at least the shortest trend line.
        text = adoption_text(status)
        assert metrics.horizontalAdvance(text) + TEXT_GAP_PX + MIN_LINE_WIDTH_PX + 8 <= adoption_width, text
        assert text in model.data(model.index(row, ADOPTION_COLUMN), Qt.ItemDataRole.ToolTipRole)
        # Reasons: the row is as tall as its wrapped lines, so no line is cut off.
        cell = model.data(model.index(row, REASONS_COLUMN))
        lines = sum(max(1, -(-metrics.horizontalAdvance(line) // (reasons_width - 8))) for line in cell.split("\n"))
        assert table.rowHeight(row) >= lines * metrics.lineSpacing(), cell


def test_the_adoption_text_is_never_cut_for_the_trend_line():
    from tracker.ui.widgets.sparkline_delegate import LINE_WIDTH_PX, MIN_LINE_WIDTH_PX, TEXT_GAP_PX, trend_width

    assert trend_width(300, 70) == LINE_WIDTH_PX  # room for both
    assert trend_width(140, 70) == 140 - 70 - TEXT_GAP_PX  # the words first, the line gets the rest
    assert trend_width(60, 70) == MIN_LINE_WIDTH_PX  # a line too short to read is not drawn shorter
