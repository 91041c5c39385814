"""A chart costs nothing until it is looked at, never shows the previous figure once a new
one was asked for (the rollout changed while its tab was hidden), and is built and drawn off
the GUI thread whether it is on screen or drawn ahead (issue 16)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTabWidget, QWidget

from tracker.charts import empty_figure
from tracker.ui.widgets.chart_canvas import ChartCanvas

pytestmark = pytest.mark.gui


@pytest.fixture
def tabs(qtbot):
    """A chart on the second tab of a shown window, the first tab in front."""
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    chart = ChartCanvas(name="lazy")
    tabs.addTab(QWidget(), "Front")
    tabs.addTab(chart, "Chart")
    tabs.resize(600, 400)
    tabs.show()
    qtbot.waitExposed(tabs)
    return tabs, chart


def _builder(calls: list, text: str):
    def build():
        calls.append(text)
        return empty_figure(text)
    return build


def _seen_then_hidden(tabs, qtbot):
    """The chart shown once with rollout A's figure, then its tab hidden again."""
    tabs, chart = tabs
    tabs.setCurrentIndex(1)
    chart.show_figure(_builder([], "rollout A"))
    qtbot.waitUntil(lambda: chart.built_figure is not None, timeout=3000)
    tabs.setCurrentIndex(0)
    return tabs, chart


def test_a_hidden_chart_is_built_when_its_tab_is_shown(tabs, qtbot):
    tabs, chart = tabs
    calls: list[str] = []
    chart.show_figure(_builder(calls, "first"))
    chart.show_figure(_builder(calls, "second"))  # the rollout changed again meanwhile
    assert calls == [] and chart.pending and chart.built_figure is None
    tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not chart.pending, timeout=5000)
    assert calls == ["second"] and not chart.loading
    assert chart.built_figure.texts[0].get_text() == "second"


def test_asking_for_the_figure_builds_a_waiting_one(tabs):
    _tabs, chart = tabs
    calls: list[str] = []
    chart.show_figure(_builder(calls, "wanted"))
    assert chart.figure.texts[0].get_text() == "wanted" and calls == ["wanted"]


def test_a_new_figure_for_a_hidden_chart_drops_the_old_one_at_once(tabs, qtbot):
    tabs, chart = _seen_then_hidden(tabs, qtbot)
    chart.show_figure(_builder([], "rollout B"))
    assert chart.built_figure is None  # rollout A's chart can no longer be painted
    tabs.setCurrentIndex(1)
    assert chart.figure.texts[0].get_text() == "rollout B"  # what is drawn meanwhile is waited for


def test_a_visible_chart_asked_twice_in_a_row_builds_once(tabs, qtbot):
    tabs, chart = tabs
    tabs.setCurrentIndex(1)
    calls: list[str] = []
    chart.show_figure(_builder(calls, "one"))
    chart.show_figure(_builder(calls, "two"))
    qtbot.waitUntil(lambda: not chart.pending, timeout=3000)
    assert calls == ["two"]


def test_a_chart_seen_before_is_drawn_ahead_while_hidden_and_shown_without_drawing_again(tabs, qtbot):
    tabs, chart = _seen_then_hidden(tabs, qtbot)
    size = chart.size()
    chart.show_figure(_builder([], "rollout B"))  # another rollout chosen while the tab is hidden
    assert chart.loading
    qtbot.waitUntil(lambda: not chart.loading, timeout=5000)
    canvas = chart._canvas
    assert chart.built_figure.texts[0].get_text() == "rollout B" and not canvas.isVisible()
    assert (canvas.renderer.width, canvas.renderer.height) == (size.width() * canvas.device_pixel_ratio,
                                                              size.height() * canvas.device_pixel_ratio)
    draws = []
    canvas.draw = lambda: draws.append(1)
    tabs.setCurrentIndex(1)
    qtbot.waitUntil(canvas.isVisible, timeout=3000)
    qtbot.wait(50)
    assert draws == []  # the picture drawn ahead is the one shown


def test_a_chart_drawn_ahead_is_built_and_drawn_off_the_gui_thread(tabs, qtbot):
    """Issue 16: drawing ahead never pauses the window for a draw (the GUI thread only takes
    the drawn picture)."""
    import threading

    from tracker.charts import fitting

    tabs, chart = tabs
    tabs.setCurrentIndex(1)
    chart.show_figure(_builder([], "rollout A"))
    qtbot.waitUntil(lambda: chart.built_figure is not None, timeout=3000)
    tabs.setCurrentIndex(0)
    threads: dict[str, str] = {}

    def build():
        threads["build"] = threading.current_thread().name
        figure = empty_figure("rollout B")
        figure.before_layout.append(lambda *_: threads.setdefault("draw", threading.current_thread().name))
        return figure

    assert isinstance(empty_figure("probe"), fitting.ChartFigure)
    chart.show_figure(build)
    qtbot.waitUntil(lambda: not chart.loading, timeout=5000)
    gui = threading.main_thread().name
    assert threads and threads["build"] != gui and threads["draw"] != gui
    assert chart.built_figure.texts[0].get_text() == "rollout B"


def _thread_recording_builder(threads: dict, text: str):
    import threading

    def build():
        threads["build"] = threading.current_thread().name
        figure = empty_figure(text)
        figure.before_layout.append(lambda *_: threads.setdefault("draw", threading.current_thread().name))
        return figure
    return build


def test_a_chart_on_screen_is_built_and_drawn_off_the_gui_thread_saying_it_is_drawing(tabs, qtbot):
    """Issue 16: a tab's first build never waits for its chart; until the picture comes, the
    chart says so instead of staying blank."""
    import threading

    tabs, chart = tabs
    tabs.setCurrentIndex(1)
    threads: dict[str, str] = {}
    go = threading.Event()
    build = _thread_recording_builder(threads, "on screen")
    chart.show_figure(lambda: go.wait(5) and build())  # held in the drawing thread until told
    qtbot.waitUntil(lambda: chart._drawing_note.isVisible(), timeout=3000)
    assert chart.loading and chart.built_figure is None
    go.set()
    qtbot.waitUntil(lambda: not chart.loading, timeout=5000)
    gui = threading.main_thread().name
    assert threads["build"] != gui and threads["draw"] != gui
    assert chart.built_figure.texts[0].get_text() == "on screen" and not chart._drawing_note.isVisible()
    canvas = chart._canvas
    draws = []
    canvas.draw = lambda: draws.append(1)
    canvas.repaint()
    assert canvas.isVisible() and draws == []  # the drawn picture is shown as it came
    assert (canvas.renderer.width, canvas.renderer.height) == (chart.width() * canvas.device_pixel_ratio,
                                                              chart.height() * canvas.device_pixel_ratio)


def test_a_chart_on_screen_keeps_its_picture_until_the_next_one_is_drawn(tabs, qtbot):
    tabs, chart = tabs
    tabs.setCurrentIndex(1)
    chart.show_figure(_builder([], "first"))
    qtbot.waitUntil(lambda: not chart.loading, timeout=5000)
    chart.show_figure(_builder([], "second"))  # another row picked: no blank, no "Drawing…" flash
    assert chart.built_figure.texts[0].get_text() == "first" and not chart._drawing_note.isVisible()
    qtbot.waitUntil(lambda: not chart.loading, timeout=5000)
    assert chart.built_figure.texts[0].get_text() == "second"


def test_a_figure_handed_over_built_is_drawn_off_the_gui_thread(tabs, qtbot):
    """set_figure (a worker built the figure) draws in the drawing thread too."""
    import threading

    tabs, chart = tabs
    tabs.setCurrentIndex(1)
    threads: dict[str, str] = {}
    figure = _thread_recording_builder(threads, "from a worker")()
    chart.set_figure(figure)
    qtbot.waitUntil(lambda: not chart.loading, timeout=5000)
    assert chart.built_figure is figure and threads["draw"] != threading.main_thread().name


def test_a_chart_whose_size_changed_while_it_was_drawn_is_drawn_again_at_the_new_size(tabs, qtbot):
    """...in the drawing thread too: the GUI thread never draws it (a layout settling)."""
    import threading

    tabs, chart = tabs
    tabs.setCurrentIndex(1)
    go = threading.Event()
    drawn_in: list[str] = []

    def build():
        go.wait(5)
        figure = empty_figure("resized")
        figure.before_layout.append(lambda *_: drawn_in.append(threading.current_thread().name))
        return figure

    chart.show_figure(build)  # held in the drawing thread until told
    qtbot.waitUntil(lambda: chart._drawing is not None, timeout=3000)
    tabs.resize(500, 300)  # the layout settles while the first draw is under way
    go.set()
    qtbot.waitUntil(lambda: not chart.loading, timeout=5000)
    canvas = chart._canvas
    canvas.repaint()
    assert (canvas.renderer.width, canvas.renderer.height) == (chart.width() * canvas.device_pixel_ratio,
                                                              chart.height() * canvas.device_pixel_ratio)
    assert len(drawn_in) == 2 and threading.main_thread().name not in drawn_in
