"""A chart costs nothing until it is looked at, and never shows the previous figure once a new
one was asked for (the rollout changed while its tab was hidden)."""

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
    assert calls == ["second"] and not chart.pending
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
    assert chart.built_figure.texts[0].get_text() == "rollout B"


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


def _slow_builder(text: str, threads: list, seconds: float):
    """A figure whose drawing takes `seconds` and notes the thread it ran on."""
    import threading
    import time

    def build():
        figure = empty_figure(text)
        draw = figure.draw

        def slow_draw(renderer):
            threads.append(threading.get_ident())
            time.sleep(seconds)
            draw(renderer)

        figure.draw = slow_draw
        return figure
    return build


def test_drawing_ahead_runs_off_the_gui_thread_and_the_window_stays_live(tabs, qtbot):
    import threading
    import time

    from PySide6.QtCore import QTimer

    tabs, chart = _seen_then_hidden(tabs, qtbot)
    threads: list[int] = []
    chart.show_figure(_slow_builder("rollout B", threads, 0.4))
    beats = [time.perf_counter()]
    longest = [0.0]

    def beat():
        now = time.perf_counter()
        longest[0] = max(longest[0], now - beats[-1])
        beats.append(now)

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(beat)
    timer.start()
    qtbot.waitUntil(lambda: not chart.loading, timeout=5000)
    timer.stop()
    assert threads and threading.get_ident() not in threads  # drawn by a worker
    assert longest[0] < 0.2  # a 0.4 s draw froze nothing
    draws = []
    chart._canvas.draw = lambda: draws.append(1)
    tabs.setCurrentIndex(1)
    qtbot.waitUntil(chart._canvas.isVisible, timeout=3000)
    qtbot.wait(50)
    assert draws == [] and chart.built_figure.texts[0].get_text() == "rollout B"


def test_a_chart_shown_while_drawn_ahead_is_painted_when_the_draw_is_done(tabs, qtbot):
    tabs, chart = _seen_then_hidden(tabs, qtbot)
    threads: list[int] = []
    chart.show_figure(_slow_builder("rollout B", threads, 0.3))
    qtbot.waitUntil(lambda: bool(threads), timeout=3000)  # the background draw has begun
    tabs.setCurrentIndex(1)  # the user looks before it is done
    assert chart._canvas.drawing_in_background
    qtbot.waitUntil(lambda: not chart.loading, timeout=5000)
    assert not chart._canvas.drawing_in_background and len(threads) == 1  # drawn once, not again on show
    assert chart.built_figure.texts[0].get_text() == "rollout B"
