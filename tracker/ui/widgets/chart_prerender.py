"""Drawing charts of hidden tabs ahead, off the GUI thread, so switching to a tab only shows them.

A matplotlib figure takes a few hundred milliseconds to draw, and a tab switch should show its
data within 0.3 s. When another rollout is chosen, the charts on tabs the user is not looking
at get new figures; a chart that has been on screen before knows the size it will have, so its
figure is built and drawn into an Agg buffer then, by one background thread, one chart at a
time; the GUI thread only receives the drawn buffer, so it never pauses for a chart drawn
ahead (issue 16: no pause over 50 ms). A page's builder therefore must not touch widgets (it
reads the data it captured; the dependency page keeps its selection in a plain list for it).
Shown later at that size, the canvas copies the buffer instead of drawing again. A chart never
shown yet waits until it is shown: drawing at a guessed size would be wasted.

Only the background thread touches a figure while it draws: the chart holder keeps it
unattached (no Qt canvas) until the drawn buffer arrives, and drops the result if the chart
was asked for another figure, or was shown and built its own, meanwhile.

`canvas_class()` is the FigureCanvasQTAgg that skips the redraw a resize asks for when its
buffer already has the new size (the resize of the first show, at the size it was drawn for).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from functools import lru_cache
from weakref import WeakSet

from PySide6.QtCore import QObject, QTimer, Signal

# Drawing ahead starts this long after the request: the switch that asked for it usually draws
# the visible chart first, and matplotlib lets one figure draw at a time (Figure._render_lock,
# it guards shared font caches), so a visible chart would otherwise wait for a hidden one.
IDLE_MS = 150
_queue: deque = deque()
_queued: WeakSet = WeakSet()
_running = False


@lru_cache(maxsize=1)
def canvas_class():
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from PySide6.QtWidgets import QWidget

    class PrerenderedCanvas(FigureCanvasQTAgg):
        def resizeEvent(self, event):
            renderer = getattr(self, "renderer", None)
            ratio = self.device_pixel_ratio
            size = (int(event.size().width() * ratio), int(event.size().height() * ratio))
            if renderer is not None and (int(renderer.width), int(renderer.height)) == size:
                QWidget.resizeEvent(self, event)  # drawn at this size already: nothing to redo
                return
            super().resizeEvent(event)

    return PrerenderedCanvas


class _Delivery(QObject):
    """Carries a drawn figure from the drawing thread to the GUI thread (a queued signal)."""

    drawn = Signal(object)


_delivery: _Delivery | None = None


def draw_in_background(make: Callable[[], object], width: int, height: int, ratio: float,
                       done: Callable[[object, object], None]) -> None:
    """Build the figure `make()` returns and draw it for a canvas of `width` x `height` logical
    pixels at device pixel ratio `ratio`, in the drawing thread; then `done(figure, renderer)` runs on
    the GUI thread (the renderer
    holds the drawn buffer; both are None if building or drawing failed: the chart is then
    built when shown, where a failure is reported as usual)."""
    global _delivery
    if _delivery is None:
        _delivery = _Delivery()
        _delivery.drawn.connect(lambda result: result[0](*result[1:]))

    _jobs().put((make, width, height, ratio, done))


@lru_cache(maxsize=1)
def _jobs():
    """The drawing thread's queue; one thread for the whole session, so its font cache
    (matplotlib keeps one per thread) stays warm from one chart to the next."""
    import queue

    jobs: queue.Queue = queue.Queue()
    threading.Thread(target=_draw_forever, args=(jobs,), name="chart-draw-ahead", daemon=True).start()
    return jobs


def _draw_forever(jobs) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    while True:
        make, width, height, ratio, done = jobs.get()
        figure = renderer = None
        try:
            figure = make()
            # As the Qt canvas will show it: dpi scaled by the ratio, the same size in inches.
            figure.set_dpi(figure.dpi * ratio)
            figure.set_size_inches(width * ratio / figure.dpi, height * ratio / figure.dpi, forward=False)
            canvas = FigureCanvasAgg(figure)
            canvas.draw()
            renderer = canvas.renderer
        except Exception:
            figure = renderer = None
        try:
            _delivery.drawn.emit((done, figure, renderer))
        except RuntimeError:  # the application is closing and took the receiver with it
            return


def enqueue(chart) -> None:
    """Prepare `chart` (a ChartCanvas with a figure waiting) when the event loop is idle."""
    global _running
    if chart in _queued:
        return
    _queued.add(chart)
    _queue.append(chart)
    if not _running:
        _running = True
        QTimer.singleShot(IDLE_MS, _next)


def pending(chart) -> bool:
    return chart in _queued or chart in _drawing


_drawing: WeakSet = WeakSet()  # charts whose figure the drawing thread has


def drawing_started(chart) -> None:
    _drawing.add(chart)


def drawing_finished(chart) -> None:
    """The chart got its drawn figure (or dropped it): the next chart may be drawn."""
    global _running
    _drawing.discard(chart)
    if _queue:
        QTimer.singleShot(0, _next)
    else:
        _running = False


def _next() -> None:
    """Start drawing the next queued chart; the drawing thread's delivery calls back here."""
    global _running
    while _queue:
        chart = _queue.popleft()
        if chart not in _queued:
            continue
        _queued.discard(chart)
        try:
            if chart.prerender():  # drawing in the background: it calls drawing_finished
                return
        except RuntimeError:  # the widget was deleted meanwhile
            pass
    _running = False
