"""Status colours are never the only message: every coloured cell and chart cell says it in words.

Change managers include colour-blind people and people in high-contrast mode, where tints are
lost. Pinned here: the health cell's text is the health word under both colour sets; every
table cell the window colours (any model, any page of the sample workspace) has text; the
heatmaps write each cell's value, with "!" over the saturation threshold and "barrier" on the
ADKAR barrier point.
"""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListView
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.demo import write_demo_workspace
from tracker.domain.health import Health
from tracker.services.rollout_status import change_load, portfolio_status
from tracker.store import Workspace
from tracker.ui import theme
from tracker.ui.models import health_colours
from tracker.ui.models.portfolio_model import HEALTH_COLUMN, PortfolioModel
from tracker.ui.pages.rollout_area_tabs import AREA_TABS

pytestmark = pytest.mark.gui
COLOUR_ROLES = (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory):
    return write_demo_workspace(tmp_path_factory.mktemp("sample") / "sample.tracker")


@pytest.mark.parametrize("dark", [False, True])
def test_the_health_cell_says_the_word_in_either_colour_set(qtbot, sample_path, monkeypatch, dark):
    monkeypatch.setattr(theme, "is_dark", lambda palette=None: dark)
    with Workspace.open(sample_path, readonly=True) as ws:
        statuses = portfolio_status(ws)
    model = PortfolioModel()
    model.set_rows(statuses)
    seen = set()
    for row in range(model.rowCount(QModelIndex())):
        index = model.index(row, HEALTH_COLUMN)
        health = Health(model.record(row).health)
        assert model.data(index, Qt.ItemDataRole.BackgroundRole) == health_colours.background(health, dark)
        assert model.data(index, Qt.ItemDataRole.ForegroundRole) == health_colours.foreground(health, dark)
        assert model.data(index) == health.label
        seen.add(health)
    assert len(seen) > 1  # the sample has more than one colour to tell apart


def test_dark_and_light_health_sets_differ_and_keep_text_readable():
    for health in Health:
        for dark in (False, True):
            bg, fg = health_colours.background(health, dark), health_colours.foreground(health, dark)
            assert abs(bg.lightnessF() - fg.lightnessF()) > 0.45, (health, dark)
        assert health_colours.background(health, True).lightnessF() < 0.35  # no glare in a dark table


def _cells(view: QAbstractItemView, limit: int):
    model = view.model()
    columns = 1 if isinstance(view, QListView) else model.columnCount(QModelIndex())  # list models hide theirs
    for row in range(min(model.rowCount(QModelIndex()), limit)):
        for column in range(columns):
            yield row, column, model.index(row, column)


def _coloured_cells_without_text(view: QAbstractItemView, where: str) -> list[str]:
    model = view.model()
    found = []
    muted = theme.brush("muted")  # a finished or inactive row, greyed: its status column says so
    for row, column, index in _cells(view, 300):
        coloured = any(model.data(index, role) not in (None, muted) for role in COLOUR_ROLES)
        if coloured and not str(model.data(index) or "").strip():
            found.append(f"{where}: {view.accessibleName()!r} row {row} column {column} is colour only")
    return found


def test_every_coloured_cell_in_the_window_has_text(window, sample_path, tmp_path, qtbot):
    path = tmp_path / "copy.tracker"
    shutil.copy(sample_path, path)
    assert window.files.open_path(path)
    qtbot.waitUntil(lambda: window.dashboard_page.model.rowCount() > 0, timeout=20_000)
    found, coloured_views = [], 0

    def scan(where: str) -> None:
        nonlocal coloured_views
        QApplication.processEvents()
        for view in window.findChildren(QAbstractItemView):
            if view.isVisible():
                problems = _coloured_cells_without_text(view, where)
                found.extend(problems)
                model = view.model()
                coloured_views += any(model.data(index, role) is not None
                                      for _r, _c, index in _cells(view, 50) for role in COLOUR_ROLES)

    scan("dashboard")
    window.show_organisation_and_focus()
    scan("organisation")
    for rollout_id in window.navigator.rollout_ids()[:2]:
        window.navigator.choose_rollout(rollout_id)
        for area in AREA_TABS:
            window.rollout_page.areas.show(area.key)
            scan(f"rollout {rollout_id} {area.key}")
    assert coloured_views >= 3  # health, RACI, muted rows: the check looked at coloured cells
    assert not found, "\n".join(found[:20])


def test_the_heatmaps_write_every_cell(sample_path):
    from matplotlib.image import AxesImage

    from tracker.charts.change_load import build_change_load_figure
    from tracker.charts.readiness import build_adkar_heatmap_figure

    with Workspace.open(sample_path, readonly=True) as ws:
        load = change_load(ws)  # the dashboard's own figures
        rollout = ws.rollouts.list()[0]
        latest = ws.readiness.adkar.latest(rollout.id)
    figure = build_change_load_figure(load)
    ax = figure.axes[0]
    image = next(c for c in ax.get_children() if isinstance(c, AxesImage))
    values = image.get_array()
    texts = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    for (r, c), value in [((r, c), values[r][c]) for r in range(values.shape[0]) for c in range(values.shape[1])]:
        if value:
            assert texts[(r, c)].rstrip("!") == f"{value:g}"
            assert texts[(r, c)].endswith("!") == (value > load.threshold)

    assert latest, "the sample rollout has ADKAR assessments"
    heat = build_adkar_heatmap_figure(latest)
    words = [t.get_text() for t in heat.axes[0].texts]
    assert len(words) >= 5 * len(latest)  # a value in every cell
    assert any("barrier" in w for w in words) == any(a.barrier is not None for a in latest)
