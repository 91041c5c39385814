"""Desktop polish: light and dark follow the palette live, charts go dark in the window but leave
light, the icon is sharp at any scaling, and the frequent actions have shortcuts that do not clash."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.store import Workspace
from tracker.ui import theme
from tracker.ui.models import health_colours

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def dark(qapp):
    """The whole application in the dark palette, as after the system switched; light again after."""
    before = QPalette(qapp.palette())
    qapp.setPalette(theme.dark_palette())
    QApplication.processEvents()  # the watcher's coalescing timer
    yield qapp
    qapp.setPalette(before)
    QApplication.processEvents()


def test_dark_is_read_from_the_palette(qapp, dark):
    assert theme.is_dark()
    assert theme.colour("error") != theme.colour("error", dark=False)
    assert theme.error_style() == f"color: {theme.hex_colour('error', dark=True)};"
    assert health_colours.background(health_colours.Health.RED) == health_colours.background(
        health_colours.Health.RED, dark=True)


def test_light_palette_is_not_dark(qapp):
    assert not theme.is_dark(QPalette(Qt.GlobalColor.white))  # a light window: background lighter than text
    assert theme.is_dark(theme.dark_palette())


def test_a_live_change_recolours_the_banner_and_the_navigator(window, tmp_path, qtbot):
    path = tmp_path / "a.tracker"
    with Workspace.open(path) as ws:
        ws.rollouts.create(name="Claims triage assistant")
    assert window.files.open_path(path)
    light_banner = window.banner.styleSheet()
    light_muted = window.navigator._muted
    qapp = QApplication.instance()
    before = QPalette(qapp.palette())
    qapp.setPalette(theme.dark_palette())
    try:
        qtbot.waitUntil(lambda: window.banner.styleSheet() != light_banner, timeout=2000)
        assert theme.hex_colour("banner", dark=True) in window.banner.styleSheet()
        assert window.navigator._muted != light_muted
    finally:
        qapp.setPalette(before)
    qtbot.waitUntil(lambda: window.banner.styleSheet() == light_banner, timeout=2000)


def test_a_chart_is_dark_in_a_dark_window_and_saved_light(dark, qtbot, tmp_path):
    from matplotlib.colors import to_hex

    from tracker.charts import new_figure
    from tracker.ui.widgets.chart_canvas import ChartCanvas

    figure = new_figure(4, 3)
    ax = figure.add_subplot()
    ax.plot([1, 2, 3], [2, 1, 3], color="#424242")
    ax.set_title("Readings")
    canvas = ChartCanvas(name="kpi")
    qtbot.addWidget(canvas)
    canvas.set_figure(figure)
    window_colour = canvas.palette().color(QPalette.ColorRole.Window).name()
    assert to_hex(figure.get_facecolor()) == window_colour
    assert to_hex(ax.title.get_color()) != "#000000"
    saved_faces = []
    original_savefig = figure.savefig

    def savefig(target, **kwargs):
        saved_faces.append((to_hex(figure.get_facecolor()), to_hex(ax.lines[0].get_color())))
        original_savefig(target, **kwargs)

    figure.savefig = savefig
    assert canvas.save("png", str(tmp_path / "chart.png")) is not None
    assert saved_faces == [("#ffffff", "#424242")]  # the paper version went to the file
    assert to_hex(figure.get_facecolor()) == window_colour  # and the window is dark again
    assert canvas._canvas.accessibleName() == "Readings chart"
    assert canvas._canvas.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_window_scheme_round_trip_restores_every_colour():
    from matplotlib.colors import to_hex

    from tracker.charts import new_figure
    from tracker.charts.window_scheme import apply_window_scheme

    figure = new_figure(4, 3)
    ax = figure.add_subplot()
    ax.axhspan(1, 2, color="#f5f5f5")
    ax.plot([0, 1], [0, 1], color="#C62828")  # a status colour: left alone
    ax.set_xlabel("Month")
    ax.legend(["Red line"])
    before = [to_hex(c) for c in (figure.get_facecolor(), ax.get_facecolor(), ax.patches[0].get_facecolor(),
                                  ax.xaxis.label.get_color(), ax.lines[0].get_color())]
    apply_window_scheme(figure, dark=True)
    dark_colours = [to_hex(c) for c in (figure.get_facecolor(), ax.get_facecolor(), ax.patches[0].get_facecolor(),
                                        ax.xaxis.label.get_color(), ax.lines[0].get_color())]
    assert dark_colours[0] != before[0] and dark_colours[2] != before[2] and dark_colours[3] != before[3]
    assert dark_colours[4] == "#c62828"
    apply_window_scheme(figure, dark=False)
    after = [to_hex(c) for c in (figure.get_facecolor(), ax.get_facecolor(), ax.patches[0].get_facecolor(),
                                 ax.xaxis.label.get_color(), ax.lines[0].get_color())]
    assert after == before


def test_the_icon_is_sharp_at_high_scaling(qapp):
    from tracker.app import app_icon

    icon = app_icon()
    for ratio in (1.25, 1.5, 2.0):
        pixmap = icon.pixmap(QSize(32, 32), ratio)
        assert pixmap.width() >= round(32 * ratio)  # drawn for the screen's pixels, not scaled up


def test_nothing_turns_high_dpi_scaling_off():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tracker").rglob("*.py"))
    for switch in ("AA_DisableHighDpiScaling", "QT_ENABLE_HIGHDPI_SCALING", "QT_SCALE_FACTOR", "setDevicePixelRatio"):
        assert switch not in sources


def test_frequent_actions_have_shortcuts_that_do_not_clash(window):
    menu = window.menu
    frequent = [menu.new, menu.open, menu.save_copy, menu.new_rollout, menu.import_roster, menu.export_status,
                menu.export_training, menu.quit, menu.undo, menu.redo, menu.history, menu.go_dashboard,
                menu.go_organisation, menu.go_rollouts, menu.next_area, menu.previous_area, menu.definitions]
    for action in frequent:
        assert not action.shortcut().isEmpty(), action.text()
    window_wide = [a for a in window.findChildren(QAction)
                   if a.shortcutContext() in (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)]
    keys = [k.toString() for a in window_wide for k in a.shortcuts() if not k.isEmpty()]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    assert QKeySequence("Ctrl+PgDown").toString() in keys


def test_next_area_moves_between_a_rollouts_tabs(window, tmp_path):
    path = tmp_path / "a.tracker"
    with Workspace.open(path) as ws:
        rollout = ws.rollouts.create(name="Claims triage assistant")
    assert window.files.open_path(path)
    window.navigator.choose_rollout(rollout)
    tabs = window.rollout_page.tabs
    start = tabs.currentIndex()
    window.menu.next_area.trigger()
    assert tabs.currentIndex() == (start + 1) % tabs.count()
    window.menu.previous_area.trigger()
    window.menu.previous_area.trigger()
    assert tabs.currentIndex() == (start - 1) % tabs.count()
